// SPDX-License-Identifier: GPL-2.0
/*
 * khosnoop - trace KHO preserve, unpreserve, restore and handover events
 * live, record them across a kexec, and find what was never restored.
 *
 *   khosnoop [-j] [-o FILE] [-e EVENTS] [--order N] [--caller SYM]
 *   khosnoop --summary [-d SECS] [-n COUNT]
 *   khosnoop --verify OLD_LOG [--new LOG]... [--trace FILE]
 *
 * See khosnoop.8 for everything.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "../bpf/kho_bpf.h"
#include "../lib/kho_event.h"
#include "../lib/kho_evlog.h"
#include "../lib/kho_ksym.h"
#include "../lib/kho_kv.h"
#include "../lib/kho_leak.h"
#include "../lib/kho_util.h"

#define KHOSNOOP_VERSION	"0.1.0"

/* Exit codes (khosnoop.8). */
#define EXIT_OK		0
#define EXIT_LEAK	1	/* --verify: something was never restored */
#define EXIT_INPUT	2	/* unreadable or malformed input */
#define EXIT_RUNTIME	3	/* BPF cannot be loaded or attached, I/O error */
#define EXIT_USAGE	64

static const char *prog = "khosnoop";
static volatile sig_atomic_t stop_sig;

static void on_signal(int sig)
{
	stop_sig = sig;
}

static void usage(FILE *f)
{
	fprintf(f,
"Usage: khosnoop [OPTION]...             trace KHO events live\n"
"       khosnoop --verify OLD_LOG [--new LOG]... [--trace FILE]\n"
"\n"
"Prints every Kexec HandOver preserve, unpreserve, restore, subtree and\n"
"handover event, one line each, from BPF programs attached to the kho:*\n"
"tracepoints, or to the exported KHO functions (fentry, else kprobes).\n"
"\n"
"  -j, --json             one JSON object per line\n"
"  -o, --output FILE      also record the events to FILE (a khosnoop log,\n"
"                         flushed per event; keep it across kexec)\n"
"  -q, --quiet            no event lines on standard output\n"
"  -s, --summary          print the in-kernel aggregates at the end (and\n"
"                         every interval with -d): counts and bytes by\n"
"                         event, order and caller, latency histograms,\n"
"                         what is preserved right now by owner\n"
"  -d, --delay SECS       interval (default 1; with -n, run n intervals)\n"
"  -n, --iterations N     stop after N intervals\n"
"  -e, --event LIST       only these events (comma separated): preserve,\n"
"                         unpreserve, restore, subtree_add, subtree_remove,\n"
"                         finalize, kexec_load, handover_start\n"
"      --order N          only events of order N (-1: ranges)\n"
"      --caller SYM       only events whose caller is in function SYM\n"
"  -m, --method M         best attach method allowed: tp_btf (default),\n"
"                         fentry or kprobe\n"
"      --verify OLD_LOG   in the kernel after a kexec: what OLD_LOG's\n"
"                         clients held at kexec and what was never restored\n"
"      --new LOG          a khosnoop log of this kernel (run-time restores)\n"
"      --trace FILE       ftrace text with kho_restore events (default\n"
"                         /sys/kernel/tracing/trace; 'none' to skip)\n"
"  -v, --verbose          libbpf's messages and every attach decision\n"
"  -h, --help             this help\n"
"  -V, --version          version\n"
"\n"
"Exit status: 0 ok; 1 --verify found leaked memory; 2 malformed input;\n"
"3 BPF or I/O failure; 64 usage error.\n");
}

#define usage_error(fmt, arg) kho_usage_error(prog, fmt, arg)

struct opts {
	bool json, quiet, summary, verbose;
	const char *output;
	double delay;
	bool delay_set;
	long iterations;
	uint32_t type_mask;
	int order;
	const char *caller;
	unsigned int max_method;
	const char *verify;
	const char *news[16];
	unsigned int nnews;
	const char *trace;
};

/* ---- live tracing ------------------------------------------------------ */

struct live {
	struct opts *o;
	struct kho_ksyms ksyms;
	bool have_ksyms;
	FILE *log;
	uint64_t events, bad, log_errors;
	uint64_t boot_ns_base;	/* CLOCK_MONOTONIC at start */
	uint64_t ksyms_loaded_ns;	/* modules come and go: reload on a miss */
	struct { uint64_t addr, ns; } miss[32];	/* not in kallsyms lately */
	unsigned int nmiss;
	char last_err[160];
};

/*
 * A caller not in our copy of kallsyms: a module loaded after we started.
 * Reload on the first miss of an address; an address still missing after
 * the reload (a freed module, not a symbol at all) is remembered for a few
 * seconds so it does not cost a reload per event.  When more distinct
 * addresses miss than we remember, reloads fall back to once a second.
 */
#define KSYM_MISS_TTL_NS 5000000000ULL

static void ksyms_refresh(struct live *l, uint64_t addr)
{
	const unsigned int cap = sizeof(l->miss) / sizeof(l->miss[0]);
	struct kho_ksyms k;
	uint64_t now = kho_mono_ns();
	unsigned int i, j;

	if (l->have_ksyms && kho_ksym_find(&l->ksyms, addr))
		return;
	for (i = j = 0; i < l->nmiss; i++) {	/* expire, then look up */
		if (now - l->miss[i].ns >= KSYM_MISS_TTL_NS)
			continue;
		l->miss[j++] = l->miss[i];
	}
	l->nmiss = j;
	for (i = 0; i < l->nmiss; i++)
		if (l->miss[i].addr == addr)
			return;
	if (l->nmiss == cap && now - l->ksyms_loaded_ns < 1000000000ULL)
		return;
	l->ksyms_loaded_ns = now;
	if (kho_ksyms_load(&k, "/proc/kallsyms"))
		return;
	if (l->have_ksyms)
		kho_ksyms_free(&l->ksyms);
	l->ksyms = k;
	l->have_ksyms = true;
	if (kho_ksym_find(&l->ksyms, addr))
		return;
	if (l->nmiss == cap)
		l->nmiss--;		/* the oldest goes */
	memmove(&l->miss[1], &l->miss[0], l->nmiss * sizeof(l->miss[0]));
	l->miss[0].addr = addr;
	l->miss[0].ns = now;
	l->nmiss++;
}

/* "func [mod]" of a caller: the owner of what it preserved. */
static void owner_of(struct live *l, const struct kho_event *e, char *buf,
		     size_t n)
{
	uint64_t a = e->caller;
	const struct kho_ksym *s;

	if (a)
		ksyms_refresh(l, a);
	else	/* the client is somewhere on the stack: a module's too */
		for (size_t i = 0; i < KHO_EV_STACK && e->stack[i]; i++)
			ksyms_refresh(l, e->stack[i]);

	if (!a && l->have_ksyms)
		a = kho_ksym_client(&l->ksyms, e->stack, KHO_EV_STACK);
	s = a && l->have_ksyms ? kho_ksym_find(&l->ksyms, a) : NULL;
	if (s && s->mod)
		snprintf(buf, n, "%s [%s]", s->name, s->mod);
	else if (s)
		snprintf(buf, n, "%s", s->name);
	else if (a)
		snprintf(buf, n, "0x%" PRIx64, a);
	else
		snprintf(buf, n, "(unknown)");
}

static void print_text(const struct kho_ev_rec *r, double t)
{
	const struct kho_event *e = &r->ev;
	char comm[KHO_EV_COMM_LEN * 4 + 1];

	kho_escape(comm, sizeof(comm), e->comm, sizeof(e->comm));
	printf("%-12.6f %-3u %-7u %-15s %-14s ", t, e->cpu, e->pid, comm,
	       kho_ev_type_name(e->type));
	switch (e->type) {
	case KHO_EV_PRESERVE:
	case KHO_EV_UNPRESERVE:
	case KHO_EV_RESTORE:
		if (e->flags & KHO_EVF_PHYS_UNKNOWN)
			printf("desc=0x%-10llx", e->virt);
		else
			printf("pfn=0x%-11llx", e->pfn);
		printf(" order=%-3d pages=%-6llu %-7s ret=%-4d %s", e->order,
		       e->nr_pages, kho_ev_kind_name(e->kind), e->ret, r->owner);
		break;
	case KHO_EV_SUBTREE_ADD:
	case KHO_EV_SUBTREE_REMOVE: {
		char name[KHO_EV_NAME_LEN * 4 + 1];

		kho_escape(name, sizeof(name), e->name, sizeof(e->name));
		printf("name=%s phys=0x%llx size=%llu ret=%d %s", name[0] ? name : "-",
		       e->arg0, e->arg1, e->ret, r->owner);
		break;
	}
	case KHO_EV_FINALIZE:
		printf("finalize=%llu ret=%d", e->arg0, e->ret);
		break;
	case KHO_EV_KEXEC_LOAD:
		printf("fdt=0x%llx scratch=0x%llx scratch_size=%llu segments=%llu ret=%d",
		       e->arg0, e->arg1, e->arg2, e->nr_pages, e->ret);
		break;
	case KHO_EV_HANDOVER_START:
		printf("preserved_bytes=%llu blocks=%llu subtrees=%llu tree_pages=%llu",
		       e->arg0, e->arg1, e->arg2, e->nr_pages);
		break;
	}
	if (e->latency_ns)
		printf(" lat=%lluns", e->latency_ns);
	putchar('\n');
}

static void print_json(const struct kho_ev_rec *r)
{
	const struct kho_event *e = &r->ev;

	printf("{\"ts_ns\":%llu,\"cpu\":%u,\"pid\":%u,\"comm\":", e->ts_ns, e->cpu,
	       e->pid);
	kho_json_str(stdout, e->comm);
	printf(",\"event\":\"%s\",\"method\":\"%s\",\"kind\":\"%s\","
	       "\"pfn\":%llu,\"order\":%d,\"pages\":%llu,\"bytes\":%" PRIu64
	       ",\"ret\":%d,\"caller\":%llu,\"owner\":",
	       kho_ev_type_name(e->type), kho_ev_method_name(e->method),
	       kho_ev_kind_name(e->kind), e->pfn, e->order, e->nr_pages,
	       kho_ev_bytes(e), e->ret, e->caller);
	kho_json_str(stdout, r->owner);
	printf(",\"phys_known\":%s,\"virt\":%llu,\"latency_ns\":%llu,\"name\":",
	       e->flags & KHO_EVF_PHYS_UNKNOWN ? "false" : "true", e->virt,
	       e->latency_ns);
	kho_json_str(stdout, e->name);
	printf(",\"a0\":%llu,\"a1\":%llu,\"a2\":%llu}\n", e->arg0, e->arg1,
	       e->arg2);
}

static int on_event(void *ctx, const void *data, size_t len)
{
	struct live *l = ctx;
	struct kho_ev_rec r;

	memset(&r, 0, sizeof(r));
	if (kho_event_check(data, len, &r.ev, l->last_err, sizeof(l->last_err))) {
		l->bad++;
		return 0;
	}
	owner_of(l, &r.ev, r.owner, sizeof(r.owner));
	if (!r.ev.caller && l->have_ksyms)
		r.ev.caller = kho_ksym_client(&l->ksyms, r.ev.stack, KHO_EV_STACK);
	l->events++;
	if (l->log && kho_evlog_write_event(l->log, &r))
		l->log_errors++;
	/* the handover is sealed: the log must be on disk before the kexec */
	if (l->log && (r.ev.type == KHO_EV_HANDOVER_START ||
		       r.ev.type == KHO_EV_KEXEC_LOAD))
		fsync(fileno(l->log));
	if (l->o->quiet)
		return 0;
	if (l->o->json)
		print_json(&r);
	else
		print_text(&r, (double)(r.ev.ts_ns - l->boot_ns_base) / 1e9);
	fflush(stdout);
	return 0;
}

/* kho/out/stats when recording began, for the log header. */
static unsigned int out_stats(struct kho_evlog_stat *st, unsigned int max)
{
	static const char *const keys[] = {
		"preserved_bytes", "preserved_blocks", "preserve_calls",
		"preserve_failures", "unpreserve_calls", "unpreserve_failures",
		"subtrees",
	};
	uint8_t *buf;
	size_t len;
	char err[200];
	struct kho_kvs kv;
	struct kho_diags *d;
	unsigned int n = 0;

	if (kho_read_file("/sys/kernel/debug/kho/out/stats", KHO_KV_FILE_MAX,
			  &buf, &len, err, sizeof(err)))
		return 0;
	d = calloc(1, sizeof(*d));
	if (!d || kho_kv_parse(&kv, "stats", (const char *)buf, len, d)) {
		free(d);
		free(buf);
		return 0;
	}
	for (size_t i = 0; i < KHO_ARRAY_SIZE(keys) && n < max; i++) {
		const struct kho_kv *e = kho_kv_get(&kv, keys[i]);
		uint64_t v;

		if (e && kho_kv_u64(e, &v)) {
			snprintf(st[n].key, sizeof(st[n].key), "%s", keys[i]);
			st[n++].val = v;
		}
	}
	kho_kv_free(&kv);
	free(d);
	free(buf);
	return n;
}

static void print_hist(const char *title, const struct kho_hist *h)
{
	int lo = KHO_LAT_SLOTS, hi = -1;
	uint64_t max = 0;

	for (int i = 0; i < KHO_LAT_SLOTS; i++) {
		if (!h->slots[i])
			continue;
		if (i < lo)
			lo = i;
		hi = i;
		if (h->slots[i] > max)
			max = h->slots[i];
	}
	printf("\n%s latency:\n", title);
	if (hi < 0) {
		printf("  (no calls)\n");
		return;
	}
	printf("  %-24s : %-10s distribution\n", "nsecs", "count");
	for (int i = lo; i <= hi; i++) {
		unsigned long long a = i ? 1ULL << i : 0, b = (1ULL << (i + 1)) - 1;
		int stars = (int)(h->slots[i] * 40 / max);

		printf("  %10llu -> %-10llu : %-10llu |%-40.*s|\n", a, b,
		       h->slots[i], stars, "****************************************");
	}
}

static int cmp_agg(const void *a, const void *b)
{
	const struct kho_bpf_agg *x = a, *y = b;

	if (x->key.type != y->key.type)
		return x->key.type < y->key.type ? -1 : 1;
	if (x->val.bytes != y->val.bytes)
		return x->val.bytes > y->val.bytes ? -1 : 1;
	return x->key.order - y->key.order;
}

struct owner_row {
	char owner[KHO_OWNER_LEN];
	uint64_t blocks, bytes;
};

static int summary(struct live *l, struct kho_bpf *b)
{
	static const char *const fam[KHO_LAT_MAX] = { "preserve", "unpreserve",
						       "restore" };
	struct kho_bpf_agg *rows = NULL;
	struct kho_bpf_held *held = NULL;
	struct owner_row *own = NULL;
	size_t n = 0, nh = 0, no = 0;
	uint64_t cnt[KHO_CNT_MAX];
	struct kho_hist h[KHO_LAT_MAX];
	int r;

	r = kho_bpf_read_agg(b, &rows, &n);
	if (!r)
		r = kho_bpf_read_held(b, &held, &nh);
	for (unsigned int i = 0; !r && i < KHO_LAT_MAX; i++)
		r = kho_bpf_read_hist(b, i, &h[i]);
	for (unsigned int i = 0; !r && i < KHO_CNT_MAX; i++)
		r = kho_bpf_read_counter(b, i, &cnt[i]);
	if (!r && nh) {
		own = calloc(nh, sizeof(*own));
		if (!own)
			r = -ENOMEM;
	}
	if (r) {
		free(rows);
		free(held);
		fprintf(stderr, "%s: cannot read the BPF maps: %s\n", prog, strerror(-r));
		return -1;
	}
	qsort(rows, n, sizeof(*rows), cmp_agg);
	for (size_t i = 0; i < nh; i++) {
		struct kho_event e = { .caller = held[i].val.caller };
		char o[KHO_OWNER_LEN];
		size_t j;

		owner_of(l, &e, o, sizeof(o));
		for (j = 0; j < no && strcmp(own[j].owner, o); j++)
			;
		if (j == no)
			snprintf(own[no++].owner, KHO_OWNER_LEN, "%s", o);
		own[j].blocks++;
		own[j].bytes += held[i].val.nr_pages * 4096;
	}
	if (l->o->json) {
		printf("{\"summary\":{\"aggregates\":[");
		for (size_t i = 0; i < n; i++) {
			struct kho_event e = { .caller = rows[i].key.caller };
			char o[KHO_OWNER_LEN];

			owner_of(l, &e, o, sizeof(o));
			printf("%s{\"event\":\"%s\",\"order\":%d,\"caller\":%llu,\"owner\":",
			       i ? "," : "", kho_ev_type_name(rows[i].key.type),
			       rows[i].key.order, rows[i].key.caller);
			kho_json_str(stdout, o);
			printf(",\"count\":%llu,\"bytes\":%llu,\"failed\":%llu}",
			       rows[i].val.count, rows[i].val.bytes, rows[i].val.failed);
		}
		printf("],\"latency_log2_ns\":{");
		for (unsigned int f = 0; f < KHO_LAT_MAX; f++) {
			printf("%s\"%s\":[", f ? "," : "", fam[f]);
			for (int s = 0; s < KHO_LAT_SLOTS; s++)
				printf("%s%llu", s ? "," : "", h[f].slots[s]);
			printf("]");
		}
		printf("},\"held\":[");
		for (size_t i = 0; i < no; i++) {
			printf("%s{\"owner\":", i ? "," : "");
			kho_json_str(stdout, own[i].owner);
			printf(",\"blocks\":%" PRIu64 ",\"bytes\":%" PRIu64 "}",
			       own[i].blocks, own[i].bytes);
		}
		printf("],\"ringbuf_drops\":%" PRIu64 ",\"held_full\":%" PRIu64
		       ",\"held_miss\":%" PRIu64 ",\"agg_full\":%" PRIu64
		       ",\"events\":%" PRIu64 ",\"bad_records\":%" PRIu64 "}}\n",
		       cnt[KHO_CNT_RB_DROPS], cnt[KHO_CNT_HELD_FULL],
		       cnt[KHO_CNT_HELD_MISS], cnt[KHO_CNT_AGG_FULL], l->events, l->bad);
	} else {
		printf("\n%-15s %-5s %-40s %8s %12s %6s\n", "EVENT", "ORDER", "CALLER",
		       "COUNT", "BYTES", "FAILED");
		for (size_t i = 0; i < n; i++) {
			struct kho_event e = { .caller = rows[i].key.caller };
			char o[KHO_OWNER_LEN];

			owner_of(l, &e, o, sizeof(o));
			printf("%-15s %-5d %-40s %8llu %12llu %6llu\n",
			       kho_ev_type_name(rows[i].key.type), rows[i].key.order, o,
			       rows[i].val.count, rows[i].val.bytes, rows[i].val.failed);
		}
		for (unsigned int f = 0; f < KHO_LAT_MAX; f++)
			print_hist(fam[f], &h[f]);
		printf("\nPreserved now (seen by this run):\n  %-40s %8s %12s\n",
		       "OWNER", "BLOCKS", "BYTES");
		for (size_t i = 0; i < no; i++)
			printf("  %-40s %8" PRIu64 " %12" PRIu64 "\n", own[i].owner,
			       own[i].blocks, own[i].bytes);
		printf("\nevents %" PRIu64 ", bad records %" PRIu64 ", ring buffer drops %"
		       PRIu64 ", held map full %" PRIu64 ", unpreserves of unseen %"
		       PRIu64 "\n", l->events, l->bad, cnt[KHO_CNT_RB_DROPS],
		       cnt[KHO_CNT_HELD_FULL], cnt[KHO_CNT_HELD_MISS]);
	}
	fflush(stdout);
	free(rows);
	free(held);
	free(own);
	return 0;
}

static void libbpf_log(void *ctx, const char *line)
{
	(void)ctx;
	fprintf(stderr, "%s: libbpf: %s\n", prog, line);
}

static int run_live(struct opts *o)
{
	struct kho_bpf_opts bo = {
		.stream = true, .max_method = o->max_method, .type_mask = o->type_mask,
		.order = o->order,
	};
	struct live l = { .o = o };
	struct kho_bpf *b = NULL;
	unsigned int method[KHO_EV_TYPE_MAX] = { 0 };
	char err[256];
	int ret = EXIT_OK;
	uint64_t end_ns = 0, next_ns;
	long iter = 0;
	struct sigaction sa = { .sa_handler = on_signal };

	if (kho_ksyms_load(&l.ksyms, "/proc/kallsyms") == 0) {
		l.have_ksyms = true;
		l.ksyms_loaded_ns = kho_mono_ns();
	}
	if (o->caller) {
		const struct kho_ksym *s = l.have_ksyms ?
			kho_ksym_by_name(&l.ksyms, o->caller) : NULL;

		if (!s) {
			fprintf(stderr, "%s: --caller %s: no such kernel function\n",
				prog, o->caller);
			ret = EXIT_USAGE;
			goto out;
		}
		bo.caller_lo = s->addr;
		bo.caller_hi = s->addr + s->size;
	}
	if (o->verbose)
		bo.log = libbpf_log;
	if (o->quiet && !o->output && !o->summary)
		bo.stream = false;
	if (kho_bpf_open(&b, &bo, err, sizeof(err))) {
		fprintf(stderr, "%s: %s\n", prog, err);
		ret = EXIT_RUNTIME;
		goto out;
	}
	if (!kho_bpf_hook(b, KHO_EV_PRESERVE)->method) {
		fprintf(stderr, "%s: this kernel has no KHO to trace (%s; %s)\n", prog,
			kho_bpf_hook(b, KHO_EV_PRESERVE)->why,
			kho_bpf_fn(b, KHO_FN_PRESERVE_FOLIO)->why);
		ret = EXIT_RUNTIME;
		goto out;
	}
	/* report the choice per hook */
	fprintf(stderr, "%s: attached %u programs:", prog, kho_bpf_attached(b));
	for (unsigned int t = 1; t < KHO_EV_TYPE_MAX; t++) {
		const struct kho_bpf_choice *c = kho_bpf_hook(b, t);

		method[t] = c->method;
		fprintf(stderr, " %s=%s", kho_ev_type_name(t),
			kho_ev_method_name(c->method));
	}
	fputc('\n', stderr);
	if (o->verbose) {
		for (unsigned int t = 1; t < KHO_EV_TYPE_MAX; t++) {
			const struct kho_bpf_choice *c = kho_bpf_hook(b, t);

			if (c->why[0])
				fprintf(stderr, "%s: hook %s: %s\n", prog,
					kho_ev_type_name(t), c->why);
		}
		for (unsigned int f = 0; f < KHO_FN_MAX; f++) {
			const struct kho_bpf_choice *c = kho_bpf_fn(b, f);

			fprintf(stderr, "%s: function %s: %s%s%s\n", prog,
				kho_bpf_fn_name(f), kho_ev_method_name(c->method),
				c->why[0] ? ": " : "", c->why);
		}
	}
	l.boot_ns_base = kho_mono_ns();
	if (o->output) {
		struct kho_evlog_stat st[16];
		unsigned int nst = out_stats(st, 16);
		struct utsname u;
		char bid[64];

		l.log = fopen(o->output, "w");
		if (!l.log) {
			fprintf(stderr, "%s: %s: %s\n", prog, o->output, strerror(errno));
			ret = EXIT_RUNTIME;
			goto out;
		}
		uname(&u);
		kho_read_line("/proc/sys/kernel/random/boot_id", bid, sizeof(bid));
		if (kho_evlog_write_header(l.log, u.release, bid, l.boot_ns_base,
					   method, st, nst)) {
			fprintf(stderr, "%s: %s: %s\n", prog, o->output, strerror(errno));
			ret = EXIT_RUNTIME;
			goto out;
		}
		fsync(fileno(l.log));
	}
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	if (!o->quiet && !o->json)
		printf("%-12s %-3s %-7s %-15s %-14s %s\n", "TIME(s)", "CPU", "PID",
		       "COMM", "EVENT", "DETAILS");
	fflush(stdout);
	/* ready: the tests wait for this line */
	fprintf(stderr, "%s: tracing, Ctrl-C to stop\n", prog);
	if (o->iterations > 0)
		end_ns = l.boot_ns_base +
			 (uint64_t)(o->delay * 1e9 * (double)o->iterations);
	next_ns = l.boot_ns_base + (uint64_t)(o->delay * 1e9);
	while (!stop_sig) {
		int r = kho_bpf_poll(b, 100, on_event, &l);
		uint64_t now = kho_mono_ns();

		if (r < 0 && r != -EINTR) {
			fprintf(stderr, "%s: ring buffer: %s\n", prog, strerror(-r));
			ret = EXIT_RUNTIME;
			break;
		}
		if (now >= next_ns) {
			iter++;
			next_ns += (uint64_t)(o->delay * 1e9);
			if (o->summary && o->delay_set && summary(&l, b))
				ret = EXIT_RUNTIME;
		}
		if (end_ns && now >= end_ns)
			break;
	}
	/* drain what is left */
	while (kho_bpf_poll(b, 0, on_event, &l) > 0)
		;
	if (o->summary && !(o->delay_set && iter && !stop_sig && end_ns) &&
	    summary(&l, b))
		ret = EXIT_RUNTIME;
	if (l.bad)
		fprintf(stderr, "%s: %" PRIu64 " malformed records dropped (last: %s)\n",
			prog, l.bad, l.last_err);
	if (l.log) {
		uint64_t drops = 0;

		kho_bpf_read_counter(b, KHO_CNT_RB_DROPS, &drops);
		if (kho_evlog_write_end(l.log, stop_sig ? "signal" : "done", l.events,
					drops) || l.log_errors) {
			fprintf(stderr, "%s: %s: write failed\n", prog, o->output);
			ret = EXIT_RUNTIME;
		}
		fsync(fileno(l.log));
		if (fclose(l.log)) {
			fprintf(stderr, "%s: %s: %s\n", prog, o->output, strerror(errno));
			ret = EXIT_RUNTIME;
		}
		l.log = NULL;
	}
out:
	if (l.log)
		fclose(l.log);
	kho_bpf_close(b);
	if (l.have_ksyms)
		kho_ksyms_free(&l.ksyms);
	return ret;
}

/* ---- --verify ---------------------------------------------------------- */

static int run_verify(struct opts *o)
{
	struct kho_leak_report rep;
	struct kho_leak_input in = {
		.old = o->verify,
		.news = (const char *const *)o->news,
		.nnews = o->nnews,
		.trace = o->trace ? o->trace : "/sys/kernel/tracing/trace",
		.trace_optional = !o->trace,	/* named explicitly: must be readable */
	};
	const struct kho_evlog *old;
	const struct kho_leak *lk;
	char bid[64], err[512];
	int ret, r;

	if (o->trace && !strcmp(o->trace, "none"))
		in.trace = NULL;
	kho_read_line("/proc/sys/kernel/random/boot_id", bid, sizeof(bid));
	in.boot_id = bid;
	r = kho_leak_verify(&in, &rep, err, sizeof(err));
	if (r) {
		fprintf(stderr, "%s: %s\n", prog, err);
		kho_leak_report_free(&rep);
		return r == KHO_LEAK_ENOMEM ? EXIT_RUNTIME : EXIT_INPUT;
	}
	old = &rep.old;
	lk = &rep.leak;

	if (o->json) {
		printf("{\"old_log\":");
		kho_json_str(stdout, o->verify);
		printf(",\"old_release\":");
		kho_json_str(stdout, old->release);
		printf(",\"trace_restores\":%u,\"held_bytes\":%" PRIu64
		       ",\"restored_bytes\":%" PRIu64 ",\"leaked_bytes\":%" PRIu64
		       ",\"unverifiable_bytes\":%" PRIu64 ",\"owners\":[",
		       rep.trace_restores, lk->held_bytes, lk->restored_bytes, lk->leaked_bytes,
		       rep.unknown_bytes);
		for (size_t i = 0; i < lk->nowners; i++) {
			printf("%s{\"owner\":", i ? "," : "");
			kho_json_str(stdout, lk->owners[i].owner);
			printf(",\"held_bytes\":%" PRIu64 ",\"restored_bytes\":%" PRIu64
			       ",\"leaked_bytes\":%" PRIu64 "}", lk->owners[i].held,
			       lk->owners[i].restored, lk->owners[i].leaked);
		}
		printf("],\"leaked\":[");
		for (size_t i = 0; i < lk->leaked.n; i++) {
			printf("%s{\"pfn\":%" PRIu64 ",\"pages\":%" PRIu64 ",\"bytes\":%"
			       PRIu64 ",\"owner\":", i ? "," : "", lk->leaked.v[i].pfn,
			       lk->leaked.v[i].n, lk->leaked.v[i].n * 4096);
			kho_json_str(stdout, lk->leaked.v[i].owner);
			printf("}");
		}
		printf("]}\n");
	} else {
		printf("old kernel: %s (log %s, %zu events, ended: %s)\n", old->release,
		       o->verify, old->n, old->end_reason);
		uint64_t pb, pn;

		printf("restores seen: %u boot-time kho_restore events%s, %u run-time logs\n",
		       rep.trace_restores, rep.trace_read ? "" : " (no trace buffer read)", o->nnews);
		if (kho_evlog_stat(old, "preserved_bytes", &pb) &&
		    kho_evlog_stat(old, "preserved_blocks", &pn))
			printf("preserved before the log began (not attributed): %" PRIu64
			       " bytes in %" PRIu64 " blocks\n", pb, pn);
		printf("\n%-40s %12s %12s %12s\n", "OWNER", "HELD", "RESTORED", "LEAKED");
		for (size_t i = 0; i < lk->nowners; i++)
			printf("%-40s %12" PRIu64 " %12" PRIu64 " %12" PRIu64 "\n",
			       lk->owners[i].owner, lk->owners[i].held,
			       lk->owners[i].restored, lk->owners[i].leaked);
		printf("%-40s %12" PRIu64 " %12" PRIu64 " %12" PRIu64 "\n", "total",
		       lk->held_bytes, lk->restored_bytes, lk->leaked_bytes);
		for (size_t i = 0; i < lk->leaked.n; i++) {
			char b[KHO_OWNER_LEN + 80];

			printf("leaked: %s\n", kho_range_fmt(&lk->leaked.v[i], b, sizeof(b)));
		}
		if (rep.unknown.n)
			printf("unverifiable: %zu vmalloc areas, %" PRIu64
			       " bytes (address not known on this kernel)\n", rep.unknown.n,
			       rep.unknown_bytes);
		printf("%s: %" PRIu64 " bytes leaked in %zu ranges\n",
		       lk->leaked_bytes ? "LEAK" : "OK", lk->leaked_bytes, lk->leaked.n);
	}
	ret = lk->leaked_bytes ? EXIT_LEAK : EXIT_OK;
	kho_leak_report_free(&rep);
	return ret;
}

/* ---- options ------------------------------------------------------------ */

int main(int argc, char **argv)
{
	enum { O_ORDER = 256, O_CALLER, O_VERIFY, O_NEW, O_TRACE };
	static const struct option lo[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "output", required_argument, NULL, 'o' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "summary", no_argument, NULL, 's' },
		{ "delay", required_argument, NULL, 'd' },
		{ "iterations", required_argument, NULL, 'n' },
		{ "event", required_argument, NULL, 'e' },
		{ "order", required_argument, NULL, O_ORDER },
		{ "caller", required_argument, NULL, O_CALLER },
		{ "method", required_argument, NULL, 'm' },
		{ "verify", required_argument, NULL, O_VERIFY },
		{ "new", required_argument, NULL, O_NEW },
		{ "trace", required_argument, NULL, O_TRACE },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct opts o = { .delay = 1.0, .order = -2 };
	int c;

	opterr = 0;	/* one error line of our own, naming the option */
	while ((c = getopt_long(argc, argv, ":jo:qsd:n:e:m:vhV", lo, NULL)) != -1) {
		long v;
		char *end;

		switch (c) {
		case 'j': o.json = true; break;
		case 'o': o.output = optarg; break;
		case 'q': o.quiet = true; break;
		case 's': o.summary = true; break;
		case 'd':
			errno = 0;
			o.delay = strtod(optarg, &end);
			if (errno || end == optarg || *end || !(o.delay >= 0.01) ||
			    o.delay > 86400)
				return usage_error("bad --delay '%s' (seconds, 0.01 to 86400)",
						   optarg);
			o.delay_set = true;
			break;
		case 'n':
			if (!kho_parse_long(optarg, 1, 1000000000, &v))
				return usage_error("bad --iterations '%s'", optarg);
			o.iterations = v;
			break;
		case 'e': {
			char buf[256], *save = NULL, *tok;

			if (strlen(optarg) >= sizeof(buf))
				return usage_error("--event list too long: %s", optarg);
			strcpy(buf, optarg);
			for (tok = strtok_r(buf, ",", &save); tok;
			     tok = strtok_r(NULL, ",", &save)) {
				int t = kho_ev_type_parse(tok);

				if (t <= 0)
					return usage_error("unknown event '%s'", tok);
				o.type_mask |= 1u << t;
			}
			if (!o.type_mask)
				return usage_error("empty --event list '%s'", optarg);
			break;
		}
		case O_ORDER:
			if (!kho_parse_long(optarg, -1, KHO_MAX_ORDER_EV, &v))
				return usage_error("bad --order '%s' (-1 to 30)", optarg);
			o.order = (int)v;
			break;
		case O_CALLER: o.caller = optarg; break;
		case 'm': {
			int m = kho_ev_method_parse(optarg);

			if (m <= 0)
				return usage_error("unknown --method '%s' (tp_btf, fentry, kprobe)",
						   optarg);
			o.max_method = (unsigned int)m;
			break;
		}
		case O_VERIFY: o.verify = optarg; break;
		case O_NEW:
			if (o.nnews >= KHO_ARRAY_SIZE(o.news))
				return usage_error("too many --new logs (at most 16): %s", optarg);
			o.news[o.nnews++] = optarg;
			break;
		case O_TRACE: o.trace = optarg; break;
		case 'v': o.verbose = true; break;
		case 'h': usage(stdout); return EXIT_OK;
		case 'V': printf("khosnoop %s\n", KHOSNOOP_VERSION); return EXIT_OK;
		default: {
			char msg[128];

			kho_bad_option(c, argv, lo, msg, sizeof(msg));
			return usage_error("%s", msg);
		}
		}
	}
	if (optind < argc)
		return usage_error("unexpected argument '%s'", argv[optind]);
	if ((o.nnews || o.trace) && !o.verify)
		return usage_error("%s needs --verify", o.nnews ? "--new" : "--trace");
	if (o.verify) {
		if (o.output || o.summary || o.iterations || o.type_mask ||
		    o.caller || o.order != -2 || o.max_method)
			return usage_error("%s", "--verify takes only --new, --trace and -j");
		return run_verify(&o);
	}
	return run_live(&o);
}
