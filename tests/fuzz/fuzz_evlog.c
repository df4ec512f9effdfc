// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: everything khosnoop reads that it did not make itself.
 * The input is up to four parts separated by form feeds ('\f'): a khosnoop
 * log, ftrace text with kho_restore events, kallsyms text, and raw bytes
 * taken as a BPF record.  Promises asserted: a parsed log replays into
 * ranges that do not wrap and whose leak report adds up; every record the
 * checker accepts survives the log format unchanged.
 */
#include <stdlib.h>
#include <string.h>

#include "../../tools/lib/kho_evlog.h"
#include "../../tools/lib/kho_ksym.h"
#include "../../tools/lib/kho_leak.h"

static void leak_invariants(const struct kho_ranges *held,
			    const struct kho_ranges *rest)
{
	struct kho_leak lk;
	uint64_t sum = 0;

	if (kho_leak_compute(held, rest, &lk))
		return;		/* out of memory */
	if (lk.leaked_bytes + lk.restored_bytes != lk.held_bytes)
		abort();
	for (size_t i = 0; i < lk.nowners; i++) {
		if (lk.owners[i].leaked + lk.owners[i].restored != lk.owners[i].held)
			abort();
		sum += lk.owners[i].leaked;
	}
	if (sum != lk.leaked_bytes)
		abort();
	kho_leak_free(&lk);
}

static void record_roundtrip(const uint8_t *data, size_t size)
{
	struct kho_ev_rec r, back;
	char line[2048], err[200];

	memset(&r, 0, sizeof(r));
	if (size < sizeof(r.ev))
		return;
	if (kho_event_check(data, sizeof(r.ev), &r.ev, err, sizeof(err)))
		return;
	memset(r.ev.stack, 0, sizeof(r.ev.stack));	/* not in the log */
	if (kho_evlog_format(&r, line, sizeof(line)) < 0)
		abort();
	if (kho_evlog_parse_line(line, &back, err, sizeof(err)))
		abort();
	if (memcmp(&back.ev, &r.ev, sizeof(r.ev)) || strcmp(back.owner, r.owner))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *part[4] = { NULL, NULL, NULL, NULL };
	size_t len[4] = { 0, 0, 0, 0 }, np = 0, start = 0;
	const char *txt = size ? (const char *)data : "";
	struct kho_evlog log;
	char err[256];

	for (size_t i = 0; i <= size && np < 4; i++)
		if (i == size || data[i] == '\f') {
			part[np] = txt + start;
			len[np++] = i - start;
			start = i + 1;
		}
	if (!kho_evlog_parse(&log, part[0], len[0], err, sizeof(err))) {
		struct kho_ranges held = { 0 }, unk = { 0 }, rest = { 0 };

		if (log.n > KHO_EVLOG_MAX_EVENTS || log.end_events != log.n)
			abort();
		if (!kho_leak_held(&log, &held, &unk) &&
		    !kho_leak_restored_log(&log, &rest)) {
			for (size_t i = 0; i < held.n; i++)
				if (held.v[i].pfn + held.v[i].n < held.v[i].pfn)
					abort();
			if (np > 1) {
				unsigned int n;
				size_t bad;

				kho_leak_restored_trace(part[1], len[1], &rest, &n, &bad);
			}
			leak_invariants(&held, &rest);
		}
		kho_ranges_free(&held);
		kho_ranges_free(&unk);
		kho_ranges_free(&rest);
	} else if (!err[0]) {
		abort();	/* a refusal always says why */
	}
	kho_evlog_free(&log);
	if (np > 2) {
		struct kho_ksyms k;

		if (!kho_ksyms_parse(&k, part[2], len[2])) {
			char buf[256];
			unsigned long long st[2] = { 0xffffffff81000000ULL, 1 };

			for (size_t i = 0; i < k.n; i++) {
				const struct kho_ksym *s = kho_ksym_find(&k, k.v[i].addr);

				if (!s || s->addr != k.v[i].addr)
					abort();
				kho_ksym_fmt(&k, k.v[i].addr + 1, buf, sizeof(buf));
			}
			kho_ksym_client(&k, st, 2);
			kho_ksyms_free(&k);
		}
	}
	if (np > 3)
		record_roundtrip((const uint8_t *)part[3], len[3]);
	return 0;
}
