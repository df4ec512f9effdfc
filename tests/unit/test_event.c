// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests: KHO BPF records (kho_event), khosnoop's log (kho_evlog), the
 * leak computation (kho_leak) and kallsyms lookups (kho_ksym).  Every rule
 * has a passing case and a broken twin that is refused.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "../../tools/lib/kho_evlog.h"
#include "../../tools/lib/kho_ksym.h"
#include "../../tools/lib/kho_leak.h"
#include "unit.h"

static struct kho_event ev(unsigned int type, unsigned long long pfn, int order,
			   unsigned long long pages)
{
	struct kho_event e;

	memset(&e, 0, sizeof(e));
	e.abi = KHO_EV_ABI;
	e.type = type;
	e.method = KHO_METHOD_TP_BTF;
	e.pfn = pfn;
	e.order = order;
	e.nr_pages = pages;
	e.ts_ns = 1000;
	strcpy(e.comm, "insmod");
	return e;
}

TEST(event_check_accepts_and_refuses)
{
	struct kho_event e = ev(KHO_EV_PRESERVE, 0x1000, 2, 4), out;
	char err[160];

	CHECK(kho_event_check(&e, sizeof(e), &out, err, sizeof(err)) == 0);
	CHECK_U64(out.pfn, 0x1000);
	CHECK(kho_event_check(&e, sizeof(e) - 1, &out, err, sizeof(err)) == -1);
	CHECK(strstr(err, "expected") != NULL);
	e.abi = 99;
	CHECK(kho_event_check(&e, sizeof(e), &out, err, sizeof(err)) == -1);
	e = ev(0, 1, 0, 1);
	CHECK(kho_event_check(&e, sizeof(e), &out, err, sizeof(err)) == -1);
	e = ev(KHO_EV_TYPE_MAX, 1, 0, 1);
	CHECK(kho_event_check(&e, sizeof(e), &out, err, sizeof(err)) == -1);
	e = ev(KHO_EV_PRESERVE, 1, 31, 1);
	CHECK(kho_event_check(&e, sizeof(e), &out, err, sizeof(err)) == -1);
	e = ev(KHO_EV_PRESERVE, 1, 2, 3);	/* order 2 is 4 pages */
	CHECK(kho_event_check(&e, sizeof(e), &out, err, sizeof(err)) == -1);
	CHECK(strstr(err, "order 2 with 3 pages") != NULL);
	e = ev(KHO_EV_PRESERVE, 1ULL << 40, 0, 1);
	CHECK(kho_event_check(&e, sizeof(e), &out, err, sizeof(err)) == -1);
	e = ev(KHO_EV_PRESERVE, 5, -1, 5);
	e.method = KHO_METHOD_NONE;
	CHECK(kho_event_check(&e, sizeof(e), &out, err, sizeof(err)) == -1);
	/* strings from the kernel are terminated, whatever they hold */
	e = ev(KHO_EV_SUBTREE_ADD, 0, -1, 0);
	memset(e.comm, 'A', sizeof(e.comm));
	memset(e.name, 'B', sizeof(e.name));
	CHECK(kho_event_check(&e, sizeof(e), &out, err, sizeof(err)) == 0);
	CHECK_U64(strlen(out.comm), KHO_EV_COMM_LEN - 1);
	CHECK_U64(strlen(out.name), KHO_EV_NAME_LEN - 1);
}

TEST(evlog_escape_roundtrip)
{
	const char *in[] = { "", "-", "a b", "x\\y", "tab\there", "khotest [mod]", "--" };
	char esc[256], back[64];

	for (size_t i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
		kho_evlog_escape(esc, sizeof(esc), in[i]);
		CHECK(strchr(esc, ' ') == NULL);
		CHECK(esc[0] != '\0');
		CHECK(kho_evlog_unescape(back, sizeof(back), esc));
		CHECK_STR(back, in[i]);
	}
	CHECK(!kho_evlog_unescape(back, sizeof(back), "a\\x0"));	/* short */
	CHECK(!kho_evlog_unescape(back, sizeof(back), "a\\x00"));	/* NUL */
	CHECK(!kho_evlog_unescape(back, sizeof(back), "a b"));	/* raw space */
	CHECK(!kho_evlog_unescape(back, 3, "abcd"));		/* overflow */
}

/* A log of @n events in a memory buffer (caller frees). */
static char *make_log(const struct kho_ev_rec *r, size_t n, const char *end,
		      size_t *len)
{
	unsigned int method[KHO_EV_TYPE_MAX] = { 0 };
	struct kho_evlog_stat st[] = { { "preserved_bytes", 4096 } };
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);

	if (!f)
		return NULL;
	method[KHO_EV_PRESERVE] = KHO_METHOD_TP_BTF;
	kho_evlog_write_header(f, "6.12.117 test", "boot-1", 5, method, st, 1);
	for (size_t i = 0; i < n; i++)
		kho_evlog_write_event(f, &r[i]);
	if (end)
		fputs(end, f);
	fclose(f);
	return buf;
}

static struct kho_ev_rec rec(unsigned int type, unsigned long long pfn, int order,
			     unsigned long long pages, const char *owner)
{
	struct kho_ev_rec r;

	memset(&r, 0, sizeof(r));
	r.ev = ev(type, pfn, order, pages);
	snprintf(r.owner, sizeof(r.owner), "%s", owner);
	return r;
}

TEST(evlog_roundtrip)
{
	struct kho_ev_rec r[3];
	struct kho_evlog log;
	char err[200], *buf;
	size_t len;
	uint64_t v;

	r[0] = rec(KHO_EV_PRESERVE, 0x100, 0, 1, "khotest_bpf_preserve_folio [khotest_bpf]");
	r[1] = rec(KHO_EV_SUBTREE_ADD, 0, -1, 0, "x");
	strcpy(r[1].ev.name, "khotest bpf");
	r[1].ev.arg0 = 0x1234000;
	r[1].ev.arg1 = 208;
	r[2] = rec(KHO_EV_UNPRESERVE, 0x100, 0, 1, "");
	r[2].ev.ret = -16;
	buf = make_log(r, 3, "# end reason=signal events=3 drops=0\n", &len);
	CHECK(buf != NULL);
	CHECK(kho_evlog_parse(&log, buf, len, err, sizeof(err)) == 0);
	CHECK_STR(log.release, "6.12.117 test");
	CHECK_STR(log.boot_id, "boot-1");
	CHECK_U64(log.start_ns, 5);
	CHECK_U64(log.method[KHO_EV_PRESERVE], KHO_METHOD_TP_BTF);
	CHECK(kho_evlog_stat(&log, "preserved_bytes", &v) && v == 4096);
	CHECK_U64(log.n, 3);
	CHECK_STR(log.recs[0].owner, "khotest_bpf_preserve_folio [khotest_bpf]");
	CHECK_STR(log.recs[1].ev.name, "khotest bpf");
	CHECK_U64(log.recs[1].ev.arg1, 208);
	CHECK_U64(log.recs[2].ev.ret, (uint64_t)-16);
	CHECK_STR(log.recs[2].owner, "");
	CHECK_STR(log.end_reason, "signal");
	kho_evlog_free(&log);
	free(buf);
}

/* @mutate applied to a good log must be refused with @want in the reason. */
static bool refused(const char *good, size_t len, const char *from, const char *to,
		    const char *want)
{
	char *bad = malloc(len + strlen(to) + 1), err[200];
	const char *p = strstr(good, from);
	struct kho_evlog log;
	size_t n;
	int r;

	if (!bad || !p) {
		free(bad);
		return false;
	}
	n = (size_t)(p - good);
	memcpy(bad, good, n);
	strcpy(bad + n, to);
	strcat(bad, p + strlen(from));
	r = kho_evlog_parse(&log, bad, strlen(bad), err, sizeof(err));
	kho_evlog_free(&log);
	free(bad);
	if (r != -1 || !strstr(err, want)) {
		fprintf(stderr, "  mutation %s -> %s: r=%d err=%s\n", from, to, r, err);
		return false;
	}
	return true;
}

TEST(evlog_refuses_broken_logs)
{
	struct kho_ev_rec r[1] = { rec(KHO_EV_PRESERVE, 0x100, 0, 1, "o") };
	const char *end = "# end reason=signal events=1 drops=0\n";
	char *buf;
	size_t len;
	struct kho_evlog log;
	char err[200];

	buf = make_log(r, 1, end, &len);
	CHECK(buf != NULL);
	CHECK(kho_evlog_parse(&log, buf, len, err, sizeof(err)) == 0);
	kho_evlog_free(&log);
	/* truncated: no newline at the end, or no end line */
	CHECK(kho_evlog_parse(&log, buf, len - 1, err, sizeof(err)) == -1);
	CHECK(strstr(err, "truncated") != NULL);
	kho_evlog_free(&log);
	CHECK(kho_evlog_parse(&log, buf, len - strlen(end), err, sizeof(err)) == -1);
	CHECK(strstr(err, "no '# end' line") != NULL);
	kho_evlog_free(&log);
	CHECK(kho_evlog_parse(&log, buf, 0, err, sizeof(err)) == -1);
	kho_evlog_free(&log);
	CHECK(refused(buf, len, "# khosnoop-log 1", "# khosnoop-log 2", "not a khosnoop log"));
	CHECK(refused(buf, len, "events=1", "events=2", "the log has 1"));
	CHECK(refused(buf, len, "ev=preserve", "ev=preserved", "bad value for 'ev'"));
	CHECK(refused(buf, len, " order=0", " order=0 order=0", "key 'order' twice"));
	CHECK(refused(buf, len, " order=0", "", "missing key 'order'"));
	CHECK(refused(buf, len, " order=0", " order=9", "order 9 with 1 pages"));
	CHECK(refused(buf, len, " order=0", " order=0 bogus=1", "unknown key"));
	CHECK(refused(buf, len, " pfn=0x100", " pfn=0xzz", "bad value for 'pfn'"));
	CHECK(refused(buf, len, " comm=insmod", " comm=a\\x0", "bad value for 'comm'"));
	CHECK(refused(buf, len, " ret=0", " ret=99999999999", "bad value for 'ret'"));
	CHECK(refused(buf, len, "# clock monotonic", "# clock realtime", "unknown clock"));
	CHECK(refused(buf, len, "# clock monotonic\n", "", "before the header's clock"));
	CHECK(refused(buf, len, "# end", "# release x\n# end", "header line after events"));
	CHECK(refused(buf, len, "drops=0\n", "drops=0\nev=x\n", "data after the end line"));
	CHECK(refused(buf, len, "ev=preserve", "ev=pre\x01serve", "bad value"));
	CHECK(refused(buf, len, "# stats preserved_bytes 4096",
		      "# stats preserved_bytes 4096\n# stats preserved_bytes 1", "twice"));
	free(buf);
}

TEST(leak_held_and_restored)
{
	struct kho_ev_rec r[6];
	struct kho_evlog log = { 0 };
	struct kho_ranges held = { 0 }, unk = { 0 }, rest = { 0 };
	struct kho_leak lk;

	r[0] = rec(KHO_EV_PRESERVE, 0x100, 2, 4, "a");		/* 0x100-0x103 */
	r[1] = rec(KHO_EV_PRESERVE, 0x200, -1, 10, "b");	/* 0x200-0x209 */
	r[2] = rec(KHO_EV_UNPRESERVE, 0x204, -1, 2, "b");	/* splits b */
	r[3] = rec(KHO_EV_PRESERVE, 0x300, 0, 1, "c");
	r[3].ev.ret = -16;					/* refused: not held */
	r[4] = rec(KHO_EV_PRESERVE, 0, -1, 3, "v");
	r[4].ev.flags = KHO_EVF_PHYS_UNKNOWN | KHO_EVF_VIRT;
	r[4].ev.virt = 0xffff0000;
	r[5] = rec(KHO_EV_PRESERVE, 0x400, 0, 1, "d");
	log.recs = r;
	log.n = 6;
	CHECK(kho_leak_held(&log, &held, &unk) == 0);
	CHECK_U64(held.n, 4);	/* a, b head, b tail, d */
	CHECK_U64(unk.n, 1);
	/* restored: all of a, b's head, half of b's tail; not d */
	CHECK(kho_ranges_add(&rest, 0x100, 4, 0, NULL) == 0);
	CHECK(kho_ranges_add(&rest, 0x200, 4, 0, NULL) == 0);
	CHECK(kho_ranges_add(&rest, 0x206, 2, 0, NULL) == 0);
	CHECK(kho_ranges_add(&rest, 0x201, 1, 0, NULL) == 0);	/* overlaps: merged */
	CHECK(kho_leak_compute(&held, &rest, &lk) == 0);
	CHECK_U64(lk.held_bytes, (4 + 8 + 1) * 4096);
	CHECK_U64(lk.restored_bytes, (4 + 4 + 2) * 4096);
	CHECK_U64(lk.leaked_bytes, 3 * 4096);
	CHECK_U64(lk.leaked.n, 2);
	for (size_t i = 0; i < lk.nowners; i++) {
		if (!strcmp(lk.owners[i].owner, "b"))
			CHECK_U64(lk.owners[i].leaked, 2 * 4096);	/* 0x208-0x209 */
		if (!strcmp(lk.owners[i].owner, "d"))
			CHECK_U64(lk.owners[i].leaked, 4096);
		if (!strcmp(lk.owners[i].owner, "a"))
			CHECK_U64(lk.owners[i].leaked, 0);
	}
	kho_leak_free(&lk);
	/* a restore of unknown size takes the held block that starts there */
	CHECK(kho_ranges_add(&rest, 0x400, 0, 0, NULL) == 0);
	CHECK(kho_leak_compute(&held, &rest, &lk) == 0);
	CHECK_U64(lk.leaked_bytes, 2 * 4096);
	kho_leak_free(&lk);
	rest.n--;
	/* everything restored: nothing leaked */
	CHECK(kho_ranges_add(&rest, 0x208, 2, 0, NULL) == 0);
	CHECK(kho_ranges_add(&rest, 0x400, 1, 0, NULL) == 0);
	CHECK(kho_leak_compute(&held, &rest, &lk) == 0);
	CHECK_U64(lk.leaked_bytes, 0);
	CHECK_U64(lk.leaked.n, 0);
	kho_leak_free(&lk);
	kho_ranges_free(&held);
	kho_ranges_free(&unk);
	kho_ranges_free(&rest);
	/* a range that wraps is refused */
	CHECK(kho_ranges_add(&rest, UINT64_MAX - 1, 4, 0, NULL) == -1 && errno == EOVERFLOW);
}

TEST(leak_trace_parser)
{
	const char *good =
		"# tracer: nop\n"
		"  swapper/0-1 [000] .....  0.5: kho_restore: phys=0x1000 order=2 kind=folio ok=1\n"
		"  swapper/0-1 [000] .....  0.6: kho_restore: phys=0x9000 order=0 kind=pages ok=0\n"
		"  swapper/0-1 [000] .....  0.7: kho_preserve: pfn=0x1 order=0\n";
	struct kho_ranges rest = { 0 };
	unsigned int n;
	size_t bad = 0;

	CHECK(kho_leak_restored_trace(good, strlen(good), &rest, &n, &bad) == 0);
	CHECK_U64(n, 2);
	CHECK_U64(rest.n, 1);	/* the failed one is not a restore */
	CHECK_U64(rest.v[0].pfn, 1);
	CHECK_U64(rest.v[0].n, 4);
	kho_ranges_free(&rest);
	const char *broken = "x\n  a-1 [000] 0.5: kho_restore: phys=0x1001 order=2 kind=folio ok=1\n";
	CHECK(kho_leak_restored_trace(broken, strlen(broken), &rest, &n, &bad) == -1);
	CHECK_U64(bad, 2);
	const char *kind = "  a-1 [000] 0.5: kho_restore: phys=0x1000 order=2 kind=slab ok=1\n";
	CHECK(kho_leak_restored_trace(kind, strlen(kind), &rest, &n, &bad) == -1);
	kho_ranges_free(&rest);
}

TEST(ksym_lookup_and_client)
{
	const char *txt =
		"ffffffff81000000 T _text\n"
		"ffffffff81001000 T kho_preserve_folio\n"
		"ffffffff81001100 t helper\n"
		"ffffffff81002000 D some_data\n"
		"ffffffffc0000000 t khotest_fn\t[khotest_bpf]\n"
		"ffffffffc0000100 t bpf_prog_abc\t[bpf]\n";
	struct kho_ksyms k;
	char buf[128];
	unsigned long long stack[4] = { 0xffffffffc0000110ULL, 0xffffffff81001010ULL,
					0xffffffffc0000020ULL, 0 };

	CHECK(kho_ksyms_parse(&k, txt, strlen(txt)) == 0);
	CHECK_U64(k.n, 5);	/* data symbols are not text */
	CHECK_STR(kho_ksym_fmt(&k, 0xffffffff81001104ULL, buf, sizeof(buf)),
		  "helper+0x4/0x100000");
	CHECK_STR(kho_ksym_fmt(&k, 0xffffffffc0000010ULL, buf, sizeof(buf)),
		  "khotest_fn+0x10/0x100 [khotest_bpf]");
	CHECK_STR(kho_ksym_fmt(&k, 0x10, buf, sizeof(buf)), "0x10");
	CHECK(kho_ksym_by_name(&k, "kho_preserve_folio") != NULL);
	CHECK(kho_ksym_by_name(&k, "nope") == NULL);
	/* BPF and KHO's own functions are skipped: the client is khotest_fn */
	CHECK_U64(kho_ksym_client(&k, stack, 4), 0xffffffffc0000020ULL);
	stack[2] = 0;
	CHECK_U64(kho_ksym_client(&k, stack, 4), 0);
	kho_ksyms_free(&k);
	/* kptr_restrict: every address 0 */
	const char *hidden = "0000000000000000 T _text\n0000000000000000 T x\n";
	CHECK(kho_ksyms_parse(&k, hidden, strlen(hidden)) == -1 && errno == ENOENT);
}
