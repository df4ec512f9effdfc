/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kho_decode.h - decoding of the KHO root FDT and every known sub-blob into
 * plain structs, plus their structured output (kho_out) and ABI checks.
 */
#ifndef KHO_DECODE_H
#define KHO_DECODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../../include/kho_abi.h"
#include "kho_fdt.h"
#include "kho_out.h"
#include "kho_util.h"

enum kho_kind {
	KHO_KIND_RAW = 0,	/* unknown bytes: size + hexdump */
	KHO_KIND_FDT,		/* an FDT of no known kind */
	KHO_KIND_ROOT,		/* KHO root FDT (kho-vN) */
	KHO_KIND_MEMBLOCK,	/* memblock-v1 */
	KHO_KIND_KHO_TEST,	/* kho-test-v1 */
	KHO_KIND_METADATA,	/* kexec-metadata v1 (packed struct) */
	KHO_KIND_LUO,		/* luo-v5 header (packed struct) */
	KHO_KIND_BAD_FDT,	/* looked like an FDT but is malformed */
};
const char *kho_kind_name(enum kho_kind k);

#define KHO_NAME_MAX	256
#define KHO_MAX_SUBS	128
#define KHO_MAX_REGIONS	32

struct kho_sub {
	char name[KHO_NAME_MAX];	/* raw node name ("" if lost) */
	bool name_ok;
	const char *addr_prop;		/* "fdt" or "preserved-data" */
	struct kho_u64prop addr;
	struct kho_u64prop size;	/* blob-size */
	int nprops;			/* all properties */
	int nchildren;			/* nested nodes (none expected) */
};

struct kho_root {
	char compat[64];		/* first compatible string, "" if none */
	bool compat_ok;
	int abi;			/* 1..4, or 0 for unknown */
	struct kho_u64prop map;		/* preserved-memory-map */
	struct kho_sub subs[KHO_MAX_SUBS];
	int nsubs;
	int subs_dropped;
};

struct kho_region {
	char name[KHO_NAME_MAX];
	bool name_ok;
	char compat[64];
	struct kho_u64prop start, size;
};

struct kho_memblock {
	char compat[64];
	struct kho_region r[KHO_MAX_REGIONS];
	int n;
	int dropped;
};

struct kho_metadata {
	size_t len;
	bool has_version, complete;
	uint32_t version;
	char release[KHO_UTS_LEN + 2];
	bool release_terminated;
	uint32_t kexec_count;
};

struct kho_luo {
	size_t len;
	bool complete;
	char compat[KHO_LUO_COMPAT_LEN + 1];
	uint64_t liveupdate_num, sessions_pa, flbs_pa;
};

struct kho_test {
	char compat[64];
	bool has_magic, has_data;
	uint32_t magic;
	struct kho_u64prop nr_folios_raw;	/* u32 in practice */
	bool has_nr_folios, has_csum, has_folios;
	uint32_t nr_folios, csum;
	struct kho_vmalloc_ser folios;
};

/* One decoded blob: the root FDT or any sub-blob. */
struct kho_blob {
	const char *name;		/* sub-blob name (file / node), may be NULL */
	const uint8_t *data;
	size_t len;
	enum kho_kind kind;
	enum kho_endian endian;
	struct kho_fdt fdt;		/* for FDT kinds */
	char err[160];			/* KHO_KIND_BAD_FDT reason */
	union {
		struct kho_root root;
		struct kho_memblock mb;
		struct kho_metadata md;
		struct kho_luo luo;
		struct kho_test test;
	} u;
};

/*
 * Decodes @data; @name (node / file name) helps identify non-FDT blobs.
 * Never fails for non-FDT data (it becomes RAW); an FDT that does not
 * validate becomes KHO_KIND_BAD_FDT with the reason in b->err.
 * Warnings about the content go to @d.
 */
void kho_blob_decode(struct kho_blob *b, const char *name, const uint8_t *data,
		     size_t len, enum kho_endian e, struct kho_diags *d);
void kho_blob_free(struct kho_blob *b);

/* Version of a "kho-vN" string, 0 when it is not one. */
int kho_abi_version(const char *compat);

/* Structured output of a decoded blob (kind-specific fields). */
void kho_blob_emit(struct kout *o, const struct kho_blob *b, size_t hexmax);

/* A kho_vmalloc descriptor as an object called @key. */
void kho_vmalloc_emit(struct kout *o, const char *key, const struct kho_vmalloc_ser *v);

/* ABI invariants of one blob; problems go to @d. */
void kho_blob_check(const struct kho_blob *b, struct kho_diags *d);

/* Scratch area sanity (alignment, overlap). */
void kho_scratch_check(const struct kho_scratch_ser *s, size_t n,
		       struct kho_diags *d);

/* True if [a, a+len) intersects any scratch area. */
bool kho_in_scratch(const struct kho_scratch_ser *s, size_t n, uint64_t a,
		    uint64_t len);

#endif
