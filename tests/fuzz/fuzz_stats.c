// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the 6.12 series' text files as one capture would have
 * them.  The input is up to five parts separated by form feeds ('\f'):
 *     kho/scratch \f scratch_phys \f scratch_len \f stats \f timing
 * Each is parsed (kho_scratch_use_parse, kho_parse_scratch, kho_stats_parse,
 * kho_timing_parse), cross-checked (kho_check_stats, as khodump --check
 * does) and rendered by khodump's text and JSON dumps.
 *
 * Asserted, because these are what counts mismatches are about: the area
 * table holds every listed area and "areas" (up to the cap); nothing past
 * the last listed area is marked seen; an "areas" that is not the number of
 * areas listed, and scratch_phys/scratch_len with another number of areas
 * than kho/scratch, are each reported; scratch_phys and scratch_len of
 * different lengths are refused with a reason.
 *
 * fuzz-max-len: 16384
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../tools/khodump/khodump.h"

#define NPARTS	5

/* khodump.c's, which the target does not link (it has main) */
const struct kho_root *input_root(const struct input *in)
{
	return in->dec.has_root && in->dec.root.kind == KHO_KIND_ROOT ? &in->dec.root.u.root
								       : NULL;
}

/* Whether a diagnostic of @d contains @what. */
static bool said(const struct kho_diags *d, const char *what)
{
	for (unsigned int i = 0; i < d->n; i++)
		if (strstr(d->d[i].msg, what))
			return true;
	return false;
}

static void scratch_use_invariants(const struct kho_scratch_use *u)
{
	size_t want = u->areas.ok ? (u->areas.v < KHO_SCRATCH_USE_MAX ? (size_t)u->areas.v :
				     KHO_SCRATCH_USE_MAX) : 0;

	if (u->n > KHO_SCRATCH_USE_MAX || u->seen > u->n || u->n < want || (u->n && !u->a))
		abort();
	if (u->seen && !u->a[u->seen - 1].seen)
		abort();
	for (size_t i = u->seen; i < u->n; i++)
		if (u->a[i].seen)
			abort();
}

/* The checks khodump --check runs on a capture with these files. */
static void check(struct input *in)
{
	const struct kho_scratch_use *u = &in->dec.scratch_use;
	struct kho_diags *d = &in->diags;

	d->n = d->dropped = 0;
	kho_check_stats(&in->dec, &in->cap, KHO_PROBLEM, d);
	if (!u->present || d->dropped)
		return;
	if (u->areas.ok && u->areas.v != u->seen && !said(d, "but it lists"))
		abort();
	if (in->cap.has_scratch && in->cap.nscratch != u->n &&
	    !said(d, "scratch_phys/scratch_len list"))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool quiet;
	struct opts op = { .hexmax = 64, .max_ranges = 16, .max_nodes = 1024,
			   .core = "/proc/kcore" };
	char *part[NPARTS] = { NULL }, err[256] = "";
	size_t len[NPARTS] = { 0 }, np = 0, start = 0;
	struct input *in;

	if (!quiet && !freopen("/dev/null", "w", stdout))
		abort();
	quiet = true;
	for (size_t i = 0; i <= size && np < NPARTS; i++)
		if (i == size || data[i] == '\f') {
			/* NUL-terminated copies, as kho_read_file gives them */
			part[np] = malloc(i - start + 1);
			if (!part[np])
				abort();
			memcpy(part[np], data + start, i - start);
			part[np][i - start] = 0;
			len[np++] = i - start;
			start = i + 1;
		}
	in = calloc(1, sizeof(*in));
	if (!in)
		abort();
	snprintf(in->cap.path, sizeof(in->cap.path), "fuzz/kho/%s", size & 1 ? "in" : "out");
	in->cap.layout = size & 1 ? "kho/in" : "kho/out";
	in->cap.is_dir = true;
	in->cap.side = size & 1 ? KHO_SIDE_IN : KHO_SIDE_OUT;

	if (np > 2) {
		int r = kho_parse_scratch(part[1], part[2], &in->cap.scratch, &in->cap.nscratch,
					  err, sizeof(err));

		if (r && (!err[0] || in->cap.scratch || in->cap.nscratch))
			abort();
		if (!r && in->cap.nscratch > KHO_MAX_SCRATCH)
			abort();
		/* one number per line, a last line without '\n' too */
		if (!r && *part[1] && *part[2] && !strchr(part[1], '\n') && !strchr(part[2], '\n') &&
		    in->cap.nscratch != 1)
			abort();
		in->cap.has_scratch = !r;
	}
	if (kho_scratch_use_parse(&in->dec.scratch_use, "../scratch", part[0], len[0],
				  &in->dec.diags))
		goto out;
	scratch_use_invariants(&in->dec.scratch_use);
	if (np > 3 && kho_stats_parse(&in->dec.stats, "stats", part[3], len[3], in->cap.side,
				      &in->dec.diags))
		goto out;
	if (np > 4 && kho_timing_parse(&in->dec.timing, "timing", part[4], len[4], in->cap.side,
				       &in->dec.diags))
		goto out;
	check(in);
	in->diags = in->dec.diags;
	kho_check_stats(&in->dec, &in->cap, KHO_WARN, &in->diags);
	text_dump(in, &op);
	json_dump(in, &op);
out:
	kho_decoded_free(&in->dec);
	kho_capture_free(&in->cap);
	free(in);
	for (size_t i = 0; i < np; i++)
		free(part[i]);
	return 0;
}
