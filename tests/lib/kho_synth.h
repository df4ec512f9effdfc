/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kho_synth.h - the producer side of the KHO ABI, for tests, fuzz seeds,
 * benchmarks and synthetic fixtures: root/memblock/kho-test FDTs through
 * libfdt's sequential-write API (as the kernel builds them), the packed
 * kexec-metadata and LUO structs, a radix tree in a fake physical memory,
 * and an ELF core (QEMU dump-guest-memory style) holding that memory.
 */
#ifndef KHO_SYNTH_H
#define KHO_SYNTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../../tools/lib/kho_util.h"

struct kho_synth_sub {
	const char *name;
	uint64_t addr;
	uint64_t size;
	bool no_addr, no_size;	/* leave the property out */
};

/* kho-vN root FDT (N picks "fdt" vs "preserved-data" and blob-size). */
int kho_synth_root(void *buf, int bufsize, int abi, const char *compat,
		   uint64_t map, const struct kho_synth_sub *subs, int n,
		   enum kho_endian e);

/*
 * Adds a kho-v3/v4 subtree the way kho_add_subtree() does: fdt_open_into,
 * fdt_add_subnode (new node goes first), preserved-data + blob-size,
 * fdt_pack.  0 or -1.
 */
int kho_synth_add_subtree(void *buf, int bufsize, const char *name, uint64_t addr,
			  uint64_t size, enum kho_endian e);

struct kho_synth_region {
	const char *name;
	uint64_t start, size;
};
int kho_synth_memblock(void *buf, int bufsize, const struct kho_synth_region *r,
		       int n, enum kho_endian e);
int kho_synth_kho_test(void *buf, int bufsize, uint32_t nr_folios, uint32_t csum,
		       uint64_t folios_phys, uint32_t total_pages, enum kho_endian e);
/* 73 bytes */
void kho_synth_metadata(uint8_t *buf, uint32_t version, const char *release,
			uint32_t count, enum kho_endian e);
/* 32 bytes */
void kho_synth_luo(uint8_t *buf, const char *compat, uint64_t num, uint64_t sessions,
		   uint64_t flbs, enum kho_endian e);

/* A contiguous fake physical memory of 4 KiB pages for tree pages. */
struct kho_synth_mem {
	uint8_t *base;
	uint64_t phys;		/* physical address of base */
	size_t pages, used;
	uint64_t root;
	enum kho_endian e;
};
int kho_synth_mem_init(struct kho_synth_mem *m, uint64_t phys, size_t pages,
		       enum kho_endian e);
void kho_synth_mem_free(struct kho_synth_mem *m);
/* Marks a preserved block in the tree (allocates tree pages); 0 or -1. */
int kho_synth_preserve(struct kho_synth_mem *m, uint64_t pa, unsigned int order);
/* Marks [pa, pa + npages*4K) as order-0 pages, whole leaves at once. */
int kho_synth_preserve_range0(struct kho_synth_mem *m, uint64_t pa, uint64_t npages);
/* A fresh zeroed page of the fake memory: its physical address, or 0. */
uint64_t kho_synth_alloc(struct kho_synth_mem *m, uint8_t **page);
/* LUO state in the fake memory: one session @name holding a memfd-v2 file
 * (size @memfd_size, token 1) and an "other-v1" file (token 2); returns
 * the physical address of the session block, or 0. */
uint64_t kho_synth_luo_session(struct kho_synth_mem *m, const char *name,
			       uint64_t memfd_size);
/* Reader for kho_radix_walk over the fake memory. */
int kho_synth_read(void *ctx, uint64_t phys, void *buf, size_t len);
/* Writes the used pages as an ELF64 core with one PT_LOAD (p_paddr set). */
int kho_synth_write_elf(const struct kho_synth_mem *m, const char *path);

#endif
