/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kho_fdt.h - untrusted FDT blobs on top of libfdt.
 *
 * kho_fdt_open() validates a blob with fdt_check_header() + fdt_check_full()
 * and a depth pre-scan.  A blob whose header totalsize exceeds the bytes
 * available (7.2.13's debugfs out/fdt) is "truncated": it is zero-padded to
 * totalsize so libfdt's bounds-checked accessors stay inside the buffer, and
 * every name/value is then checked against the bytes really present.
 *
 * 7.2.13 grows the root FDT after debugfs froze its size, so the strings
 * block (at the end) is usually what is lost.  The kernel adds the root's
 * property names in a fixed order, so a lost name whose string offset
 * matches that table, with every string still present agreeing with it and
 * a value of the right shape, is "inferred" (kho_prop.name_inferred)
 * rather than dropped.
 */
#ifndef KHO_FDT_H
#define KHO_FDT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kho_util.h"

#define KHO_FDT_MAX_SIZE	(16u << 20)
#define KHO_FDT_MAX_DEPTH	16
#define KHO_FDT_HEADER_SIZE	40

struct kho_fdt {
	uint8_t *buf;		/* owned, @size bytes (zero-padded if truncated) */
	size_t size;		/* header totalsize */
	size_t avail;		/* bytes present in the input */
	size_t trailing;	/* input bytes after totalsize */
	bool truncated;
	bool struct_cut;	/* truncated: the structure block ends early */
	bool can_infer;		/* truncated: lost names may be inferred (below) */
	int max_depth;
	int nodes;
	uint32_t version, last_comp_version, boot_cpuid;
};

struct kho_prop {
	const char *name;	/* NUL-terminated inside the buffer */
	bool name_ok;		/* false: name lies beyond the available bytes */
	bool name_inferred;	/* name_ok only through KHO's standard string table */
	const uint8_t *val;
	int len;
	bool val_ok;		/* false: value lies beyond the available bytes */
};

/* A u64 property as KHO writes it: 8 raw bytes in producer byte order. */
struct kho_u64prop {
	bool present;
	bool ok;		/* present, 8 bytes, bytes available */
	int len;
	uint64_t val;
};

bool kho_fdt_has_magic(const void *data, size_t len);
/* 0, or -1 with a one-line reason in @err (malformed, not truncated). */
int kho_fdt_open(struct kho_fdt *f, const void *data, size_t len,
		 char *err, size_t errlen);
void kho_fdt_close(struct kho_fdt *f);

/* Node name, or NULL when it lies beyond the available bytes. */
const char *kho_fdt_name(const struct kho_fdt *f, int node);
/* Property at @off (from fdt_first/next_property_offset). */
int kho_fdt_prop(const struct kho_fdt *f, int off, struct kho_prop *p);
/* Looks a property up by name, scanning (names may be lost when cut). */
bool kho_fdt_find(const struct kho_fdt *f, int node, const char *name,
		  struct kho_prop *p);
void kho_fdt_u64(const struct kho_fdt *f, int node, const char *name,
		 enum kho_endian e, struct kho_u64prop *out);
/* First string of a string property; NULL unless properly terminated. */
const char *kho_fdt_str(const struct kho_fdt *f, int node, const char *name);
/* True if the bytes are a list of one or more printable NUL-terminated strings. */
bool kho_is_stringlist(const uint8_t *v, int len);

/* Child iteration (bounded, error-tolerant): returns <0 at the end. */
int kho_fdt_first_child(const struct kho_fdt *f, int node);
int kho_fdt_next_child(const struct kho_fdt *f, int node);

#endif
