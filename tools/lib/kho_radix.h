/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kho_radix.h - walk the KHO preserved-memory radix tree (kho-v2..v4) through
 * a physical-memory reader, with node limits and revisit (cycle) detection,
 * and summarise it: blocks per order, bytes, contiguous ranges, overlaps.
 */
#ifndef KHO_RADIX_H
#define KHO_RADIX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../../include/kho_abi.h"
#include "kho_out.h"
#include "kho_util.h"

/* Reads @len bytes of physical memory at @phys; 0 or -1. */
typedef int (*kho_read_fn)(void *ctx, uint64_t phys, void *buf, size_t len);

struct kho_range {
	uint64_t start, size;
};

struct kho_radix_limits {
	uint64_t max_nodes;	/* table + leaf pages visited, default 1<<20 */
	size_t max_ranges;	/* recorded contiguous ranges, default 1<<20 */
};

struct kho_memmap {
	uint64_t root;
	uint64_t blocks[KHO_ORDER_0_LOG2 + 1];	/* preserved blocks per order */
	uint64_t total_bytes;
	uint64_t tables, leaves;		/* pages visited */
	uint64_t unreadable, revisits, bad_keys;
	bool node_limit_hit, ranges_truncated;
	struct kho_range *ranges;		/* sorted, merged */
	size_t nranges, cap;
	uint64_t overlap_bytes;			/* memory preserved more than once */
	/* internal: merge state per order */
	size_t last[KHO_ORDER_0_LOG2 + 1];
	uint64_t *seen;				/* visited node set */
	size_t seen_cap, seen_n;
};

/* 0, or -1 with @err when the root page cannot be read at all. */
int kho_radix_walk(uint64_t root, kho_read_fn rd, void *ctx, enum kho_endian e,
		   const struct kho_radix_limits *lim, struct kho_memmap *m,
		   char *err, size_t errlen);
void kho_memmap_free(struct kho_memmap *m);

/* Bytes of [start, start+size) ranges that intersect scratch areas. */
uint64_t kho_memmap_scratch_overlap(const struct kho_memmap *m,
				    const struct kho_scratch_ser *s, size_t n);

/* Structured summary; at most @max_ranges ranges listed. */
void kho_memmap_emit(struct kout *o, const struct kho_memmap *m,
		     const struct kho_scratch_ser *s, size_t ns, size_t max_ranges);
/* Anomalies as problems. */
void kho_memmap_check(const struct kho_memmap *m, const struct kho_scratch_ser *s,
		      size_t ns, struct kho_diags *d);

#endif
