// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: untrusted "key value" statistics files.  The input is
 * up to three parts separated by form feeds ('\f'): stats, timing and
 * kho/scratch.  Each goes through kho_kv and its typed reader, then every
 * cross-check.  kho_kv's promises are asserted: entries in file order with
 * valid keys, one per key, every lookup finding its own entry.
 */
#include <stdlib.h>
#include <string.h>

#include "../../tools/lib/kho_stats.h"

static void kv_invariants(const struct kho_kvs *kv)
{
	for (size_t i = 0; i < kv->n; i++) {
		const struct kho_kv *e = &kv->v[i];
		size_t l = strlen(e->key);

		if (!l || l > KHO_KV_KEY_MAX ||
		    strspn(e->key, "abcdefghijklmnopqrstuvwxyz0123456789_") != l)
			abort();
		if (kho_kv_get(kv, e->key) != e)	/* unique keys, index consistent */
			abort();
		if (i && e->line <= kv->v[i - 1].line)	/* file order */
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct kho_scratch_ser ser[] = { { 0x37c00000, 0x6400000 },
						      { 0x37800000, 0x400000 } };
	static struct kho_diags d;
	const char *part[3] = { NULL, NULL, NULL };
	size_t len[3] = { 0, 0, 0 }, np = 0, start = 0;
	const char *txt = size ? (const char *)data : "";
	struct kho_kvs kv;

	for (size_t i = 0; i <= size && np < 3; i++)
		if (i == size || data[i] == '\f') {
			part[np] = txt + start;
			len[np++] = i - start;
			start = i + 1;
		}
	d.n = d.dropped = 0;
	if (!kho_kv_parse(&kv, "fuzz", txt, size, &d))
		kv_invariants(&kv);
	kho_kv_free(&kv);
	for (int side = KHO_SIDE_UNKNOWN; side <= KHO_SIDE_IN; side++) {
		struct kho_stats s;
		struct kho_timing t;

		d.n = d.dropped = 0;
		if (!kho_stats_parse(&s, "stats", part[0], len[0], side, &d)) {
			kv_invariants(&s.kv);
			kho_stats_check(&s, KHO_PROBLEM, &d);
		}
		kho_stats_free(&s);
		if (np > 1 && !kho_timing_parse(&t, "timing", part[1], len[1], side, &d)) {
			for (size_t i = 0; i < t.nphases; i++)
				if (kho_timing_phase(&t, t.phases[i].name) != &t.phases[i])
					abort();
			kho_timing_check(&t, KHO_WARN, &d);
		}
		if (np > 1)
			kho_timing_free(&t);
	}
	if (np > 2) {
		struct kho_scratch_use u;

		d.n = d.dropped = 0;
		if (!kho_scratch_use_parse(&u, "../scratch", part[2], len[2], &d)) {
			if (u.n > KHO_SCRATCH_USE_MAX || u.seen > u.n)
				abort();
			kho_scratch_use_check(&u, ser, 2, true, KHO_PROBLEM, &d);
			kho_scratch_use_check(&u, NULL, 0, false, KHO_WARN, &d);
		}
		kho_scratch_use_free(&u);
	}
	return 0;
}
