/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fuzz_walk.h - what khodump --memmap does with memory, for the targets
 * whose input is memory (fuzz_radix: the bytes themselves, fuzz_core: an
 * ELF core): the radix tree walked, checked and rendered; LUO's session
 * and file blocks walked and rendered.  Output goes to @sink.
 */
#ifndef FUZZ_WALK_H
#define FUZZ_WALK_H

#include <stdio.h>

#include "../../tools/lib/kho_text.h"

static void fuzz_memmap(uint64_t root, kho_read_fn rd, void *ctx, enum kho_endian e,
			const struct kho_radix_limits *lim, const struct kho_scratch_ser *s,
			FILE *sink)
{
	static struct kho_diags d;
	struct kho_memmap mm;
	struct kout o;
	char err[256];

	if (kho_radix_walk(root, rd, ctx, e, lim, &mm, err, sizeof(err)))
		return;
	d.n = d.dropped = 0;
	kho_memmap_check(&mm, s, 1, &d);
	kout_init(&o, sink);
	kout_begin(&o);
	kho_memmap_emit(&o, &mm, s, 1, 16);
	kout_end(&o);
	kho_memmap_text(sink, &mm, s, 1, 16);
	kho_memmap_free(&mm);
}

static void fuzz_luo(uint64_t sessions_pa, kho_read_fn rd, void *ctx, FILE *sink)
{
	struct kho_luo l = { .complete = true, .compat = "luo-v5", .sessions_pa = sessions_pa };
	static struct kho_diags d;
	struct kho_luo_state ls;
	struct kout o;

	d.n = d.dropped = 0;
	kho_luo_walk(&l, rd, ctx, KHO_LITTLE, &ls, &d);
	kout_init(&o, sink);
	kout_begin(&o);
	kho_luo_state_emit(&o, &ls);
	kout_end(&o);
	kho_luo_state_text(sink, &ls, "  ");
	kho_luo_state_free(&ls);
}

#endif
