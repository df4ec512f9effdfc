// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the input is physical memory (pages at 0x100000, the
 * first one the radix tree root) walked as a KHO preserved-memory map.
 * Exercises pointer chasing, cycles, limits, range merging, overlaps.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../tools/lib/kho_text.h"

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
	struct kho_memmap mm;
	static struct kho_diags d;
	struct kout o;
	char err[128];

	if (!sink)
		sink = fopen("/dev/null", "w");
	for (int e = 0; e < 2; e++) {
		if (kho_radix_walk(BASE, rd, &m, e ? KHO_BIG : KHO_LITTLE, &lim, &mm, err,
				   sizeof(err)))
			continue;
		d.n = 0;
		kho_memmap_check(&mm, &s, 1, &d);
		kout_init(&o, sink);
		kout_begin(&o);
		kho_memmap_emit(&o, &mm, &s, 1, 16);
		kout_end(&o);
		kho_memmap_text(sink, &mm, &s, 1, 16);
		kho_memmap_free(&mm);
	}
	/* the same memory as LUO session/file block chains */
	{
		struct kho_luo l = { .complete = true, .compat = "luo-v5", .sessions_pa = BASE };
		struct kho_luo_state ls;

		d.n = 0;
		kho_luo_walk(&l, rd, &m, KHO_LITTLE, &ls, &d);
		kout_init(&o, sink);
		kout_begin(&o);
		kho_luo_state_emit(&o, &ls);
		kout_end(&o);
		kho_luo_state_text(sink, &ls, "  ");
		kho_luo_state_free(&ls);
	}
	return 0;
}
