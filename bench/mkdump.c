// SPDX-License-Identifier: GPL-2.0
/*
 * bench-mkdump DIR [GIB] - a KHO capture for benchmarks: DIR/fdt (kho-v4
 * root, 56 subtrees: a near-full 4 KiB root FDT), DIR/sub_fdts/memblock (8
 * regions), DIR/scratch_*, and DIR/dump.elf, a QEMU-style ELF whose radix
 * tree marks GIB GiB (default 64) of order-0 pages from 4 GiB up.
 */
#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../include/kho_abi.h"
#include "../tests/lib/kho_synth.h"

static uint8_t fdt[4096], mb[4096];

static int put(const char *dir, const char *name, const void *p, size_t n)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (!f || fwrite(p, 1, n, f) != n)
		return -1;
	return fclose(f);
}

int main(int argc, char **argv)
{
	struct kho_synth_region r[8];
	struct kho_synth_mem m;
	char names[8][16], sub[4096], path[4096];
	uint64_t gib = argc > 2 ? strtoull(argv[2], NULL, 0) : 64;
	uint64_t pages = gib << 18;
	int err = 0;

	if (argc < 2)
		return fprintf(stderr, "usage: bench-mkdump DIR [GIB]\n"), 64;
	mkdir(argv[1], 0755);
	snprintf(sub, sizeof(sub), "%s/sub_fdts", argv[1]);
	mkdir(sub, 0755);
	/* tree pages: root..L1 chains plus one leaf per 128 MiB */
	if (kho_synth_mem_init(&m, 0x10000000, (size_t)(pages / 32768) + 64, KHO_LITTLE))
		return 1;
	err |= kho_synth_preserve_range0(&m, 0x100000000ull, pages);
	err |= kho_synth_root(fdt, sizeof(fdt), 4, KHO_COMPAT_V4, m.root, NULL, 0, KHO_LITTLE);
	for (int i = 0; i < 56 && !err; i++) {
		char n[32];

		snprintf(n, sizeof(n), "client-%02d", i);
		err |= kho_synth_add_subtree(fdt, sizeof(fdt), n, 0xbf00000ull + 0x1000 * i,
					     64 + i, KHO_LITTLE);
	}
	for (int i = 0; i < 8; i++) {
		snprintf(names[i], sizeof(names[i]), "region%d", i);
		r[i].name = names[i];
		r[i].start = 0x3dc00000ull + 0x400000ull * i;
		r[i].size = 0x200000;
	}
	err |= kho_synth_memblock(mb, sizeof(mb), r, 8, KHO_LITTLE);
	err |= put(argv[1], "fdt", fdt, fdt_totalsize(fdt));
	err |= put(sub, "memblock", mb, fdt_totalsize(mb));
	err |= put(argv[1], "scratch_phys", "0x4000000\n", 10);
	err |= put(argv[1], "scratch_len", "0x4000000\n", 10);
	snprintf(path, sizeof(path), "%s/dump.elf", argv[1]);
	err |= kho_synth_write_elf(&m, path);
	kho_synth_mem_free(&m);
	if (err)
		fprintf(stderr, "bench-mkdump: failed\n");
	return err ? 1 : 0;
}
