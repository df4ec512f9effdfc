// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the input is physical memory (pages at 0x100000, the
 * first one the radix tree root) walked as a KHO preserved-memory map.
 * Exercises pointer chasing, cycles, limits, range merging, overlaps.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_walk.h"

#define BASE 0x100000ull

struct img {
	const uint8_t *data;
	size_t size;
};

static int rd(void *ctx, uint64_t phys, void *buf, size_t len)
{
	const struct img *m = ctx;

	if (phys < BASE || phys - BASE > m->size || len > m->size - (phys - BASE))
		return -1;
	memcpy(buf, m->data + (phys - BASE), len);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *sink;
	struct img m = { data, size };
	struct kho_radix_limits lim = { 4096, 4096 };
	struct kho_scratch_ser s = { 0x0, 0x400000 };

	if (!sink)
		sink = fopen("/dev/null", "w");
	fuzz_memmap(BASE, rd, &m, KHO_LITTLE, &lim, &s, sink);
	fuzz_memmap(BASE, rd, &m, KHO_BIG, &lim, &s, sink);
	/* the same memory as LUO session/file block chains */
	fuzz_luo(BASE, rd, &m, sink);
	return 0;
}
