// SPDX-License-Identifier: GPL-2.0
/*
 * khotop - a live view of Kexec HandOver: scratch usage, preserved memory
 * and its owners, KHO events, and after a KHO boot the blackout.
 *
 *   khotop [-d SECS] [-n COUNT] [--no-bpf] [--debugfs DIR]
 *   khotop -b|-j [--prometheus FILE] ...
 *
 * Sampling (debugfs: model.c; BPF: the shared loader) is separate from the
 * outputs (output.c) and the terminal UI (tui.c).  See khotop.1.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../bpf/kho_bpf.h"
#include "../lib/kho_ksym.h"
#include "khotop.h"
#include "tui.h"

#define EXIT_OK		0
#define EXIT_RUNTIME	3
#define EXIT_USAGE	64

static const char *prog = "khotop";
static volatile sig_atomic_t stop_sig;

static void on_signal(int sig)
{
	stop_sig = sig;
}

static void usage(FILE *f)
{
	fprintf(f,
"Usage: khotop [OPTION]...\n"
"\n"
"A live view of Kexec HandOver (KHO): scratch areas and how full they are,\n"
"memory preserved for the next kernel by order and owner, KHO events per\n"
"second (BPF), subtrees, and after a KHO boot what came back and how long\n"
"the blackout was, phase by phase.\n"
"\n"
"  -d, --delay SECS       refresh interval (default 1, 0.1 to 3600)\n"
"  -n, --iterations N     stop after N refreshes\n"
"  -b, --batch            no terminal UI: one text block per interval\n"
"  -j, --json             no terminal UI: one JSON object per interval\n"
"                         (also with -b)\n"
"      --prometheus FILE  also write FILE (node_exporter textfile format)\n"
"                         each interval, atomically\n"
"      --debugfs DIR      debugfs mount point (default /sys/kernel/debug):\n"
"                         DIR/kho/out, DIR/kho/in, DIR/kho/scratch\n"
"      --no-bpf           no BPF: debugfs only (no events panel)\n"
"  -m, --method M         best BPF attach method: tp_btf, fentry, kprobe\n"
"  -h, --help             this help\n"
"  -V, --version          version\n"
"\n"
"Keys: q quit, h/? help, p pause, s sort owners, Tab next panel, Up/Down\n"
"scroll.  NO_COLOR turns colours off.\n"
"Exit status: 0 ok; 3 terminal or I/O failure; 64 usage error.\n");
}

#define usage_error(fmt, arg) kho_usage_error(prog, fmt, arg)

struct opts {
	double delay;
	long iterations;
	bool batch, json, no_bpf, debugfs_given;
	const char *prometheus, *debugfs;
	unsigned int max_method;
};

struct sampler {
	struct kho_bpf *bpf;
	struct kho_ksyms ksyms;
	bool have_ksyms;
	char bpf_why[160];
	unsigned int method;
};

static void bpf_open(struct sampler *sm, const struct opts *o)
{
	struct kho_bpf_opts bo = { .stream = false, .order = -2,
				   .max_method = o->max_method };
	char err[256];

	if (o->no_bpf) {
		snprintf(sm->bpf_why, sizeof(sm->bpf_why), "--no-bpf");
		return;
	}
	if (kho_bpf_open(&sm->bpf, &bo, err, sizeof(err))) {
		snprintf(sm->bpf_why, sizeof(sm->bpf_why), "BPF: %.150s", err);
		sm->bpf = NULL;
		return;
	}
	sm->method = kho_bpf_hook(sm->bpf, KHO_EV_PRESERVE)->method;
	if (!sm->method) {
		snprintf(sm->bpf_why, sizeof(sm->bpf_why), "this kernel has no KHO to trace");
		kho_bpf_close(sm->bpf);
		sm->bpf = NULL;
		return;
	}
	sm->have_ksyms = !kho_ksyms_load(&sm->ksyms, "/proc/kallsyms");
}

/* The BPF part of a snapshot: event totals and what is held, by owner. */
static int bpf_sample(struct sampler *sm, struct khotop_snap *s)
{
	struct kho_bpf_agg *rows = NULL;
	struct kho_bpf_held *held = NULL;
	size_t n = 0, nh = 0;
	bool miss = false;
	int r;

	s->bpf = false;
	s->nowners = 0;
	memset(s->ev_count, 0, sizeof(s->ev_count));
	memset(s->ev_failed, 0, sizeof(s->ev_failed));
	memset(s->ev_bytes, 0, sizeof(s->ev_bytes));
	snprintf(s->bpf_why, sizeof(s->bpf_why), "%s", sm->bpf_why);
	if (!sm->bpf)
		return 0;
	r = kho_bpf_read_agg(sm->bpf, &rows, &n);
	if (!r)
		r = kho_bpf_read_held(sm->bpf, &held, &nh);
	if (r) {
		free(rows);
		if (r == -ENOMEM)
			return -1;
		snprintf(s->bpf_why, sizeof(s->bpf_why), "BPF maps: %s", strerror(-r));
		return 0;
	}
	s->bpf = true;
	s->method = sm->method;
	for (size_t i = 0; i < n; i++) {
		unsigned int t = rows[i].key.type;

		if (t >= KHO_EV_TYPE_MAX)
			continue;	/* untrusted: skip what we cannot name */
		s->ev_count[t] += rows[i].val.count;
		s->ev_failed[t] += rows[i].val.failed;
		s->ev_bytes[t] += rows[i].val.bytes;
	}
	/* a module loaded since the last sample: its symbols now */
	for (size_t i = 0; i < nh && sm->have_ksyms && !miss; i++)
		if (held[i].val.caller &&
		    !kho_ksym_find(&sm->ksyms, held[i].val.caller))
			miss = true;
	if (miss) {
		struct kho_ksyms k;

		if (!kho_ksyms_load(&k, "/proc/kallsyms")) {
			kho_ksyms_free(&sm->ksyms);
			sm->ksyms = k;
		}
	}
	for (size_t i = 0; i < nh; i++) {
		char name[KHO_OWNER_LEN];
		unsigned int j;
		uint64_t a = held[i].val.caller;

		kho_ksym_owner(sm->have_ksyms ? &sm->ksyms : NULL, a, name, sizeof(name));
		for (j = 0; j < s->nowners && strcmp(s->owners[j].name, name); j++)
			;
		if (j == s->nowners) {
			if (s->nowners >= KHOTOP_MAX_OWNERS)
				continue;
			memset(&s->owners[j], 0, sizeof(s->owners[j]));
			snprintf(s->owners[j].name, sizeof(s->owners[j].name), "%s", name);
			s->nowners++;
		}
		s->owners[j].bytes += held[i].val.nr_pages * 4096;
		s->owners[j].blocks++;
	}
	free(rows);
	free(held);
	return 0;
}

static int sample(struct sampler *sm, const struct opts *o, struct khotop_snap *s)
{
	s->t_ns = kho_mono_ns();
	if (khotop_read_debugfs(o->debugfs, s))
		return -1;
	if (o->debugfs_given)	/* a capture, not this kernel */
		snprintf(s->release, sizeof(s->release), "capture %.56s", o->debugfs);
	return bpf_sample(sm, s);
}

int main(int argc, char **argv)
{
	enum { O_PROM = 256, O_DEBUGFS, O_NOBPF };
	static const struct option lo[] = {
		{ "delay", required_argument, NULL, 'd' },
		{ "iterations", required_argument, NULL, 'n' },
		{ "batch", no_argument, NULL, 'b' },
		{ "json", no_argument, NULL, 'j' },
		{ "prometheus", required_argument, NULL, O_PROM },
		{ "debugfs", required_argument, NULL, O_DEBUGFS },
		{ "no-bpf", no_argument, NULL, O_NOBPF },
		{ "method", required_argument, NULL, 'm' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct opts o = { .delay = 1.0, .debugfs = "/sys/kernel/debug" };
	struct sampler sm = { 0 };
	struct khotop_model *m;
	struct khotop_snap *snap;
	struct sigaction sa = { .sa_handler = on_signal };
	int c, ret = EXIT_OK;
	bool tui;
	char err[256];

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":d:n:bjm:hV", lo, NULL)) != -1) {
		long v;
		char *end;

		switch (c) {
		case 'd':
			errno = 0;
			o.delay = strtod(optarg, &end);
			if (errno || end == optarg || *end || !(o.delay >= 0.1) ||
			    o.delay > 3600)
				return usage_error("bad --delay '%s' (seconds, 0.1 to 3600)", optarg);
			break;
		case 'n':
			if (!kho_parse_long(optarg, 1, 1000000000, &v))
				return usage_error("bad --iterations '%s'", optarg);
			o.iterations = v;
			break;
		case 'b': o.batch = true; break;
		case 'j': o.json = true; break;
		case O_PROM: o.prometheus = optarg; break;
		case O_DEBUGFS: o.debugfs = optarg; o.debugfs_given = true; break;
		case O_NOBPF: o.no_bpf = true; break;
		case 'm': {
			int mm = kho_ev_method_parse(optarg);

			if (mm <= 0)
				return usage_error("unknown --method '%s' (tp_btf, fentry, kprobe)",
						   optarg);
			o.max_method = (unsigned int)mm;
			break;
		}
		case 'h': usage(stdout); return EXIT_OK;
		case 'V': printf("khotop %s\n", KHOTOP_VERSION); return EXIT_OK;
		default: {
			char msg[128];

			kho_bad_option(c, argv, lo, msg, sizeof(msg));
			return usage_error("%s", msg);
		}
		}
	}
	if (optind < argc)
		return usage_error("unexpected argument '%s'", argv[optind]);
	/* -j is a batch format (-b -j: JSON; -b alone: text) */
	if (o.json)
		o.batch = false;
	tui = !o.batch && !o.json;

	m = calloc(1, sizeof(*m));
	snap = calloc(1, sizeof(*snap));
	if (!m || !snap) {
		fprintf(stderr, "%s: out of memory\n", prog);
		free(m);
		free(snap);
		return EXIT_RUNTIME;
	}
	bpf_open(&sm, &o);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	if (tui && khotop_tui_begin(err, sizeof(err))) {
		fprintf(stderr, "%s: %s\n", prog, err);
		ret = EXIT_RUNTIME;
		goto out;
	}
	for (long it = 0; !stop_sig;) {
		uint64_t next;

		if (!(tui && khotop_tui_paused())) {
			if (sample(&sm, &o, snap)) {
				if (tui)
					khotop_tui_end();
				fprintf(stderr, "%s: out of memory\n", prog);
				ret = EXIT_RUNTIME;
				break;
			}
			khotop_model_push(m, snap);
			it++;
			if (o.prometheus && khotop_write_prometheus(o.prometheus, m)) {
				if (tui)
					khotop_tui_end();
				fprintf(stderr, "%s: %s: %s\n", prog, o.prometheus, strerror(errno));
				ret = EXIT_RUNTIME;
				break;
			}
			if (o.json)
				khotop_print_json(stdout, m);
			else if (o.batch)
				khotop_print_text(stdout, m);
			if (!tui && ferror(stdout)) {
				ret = EXIT_RUNTIME;
				break;
			}
		}
		if (tui)
			khotop_tui_draw(m);
		if (o.iterations && it >= o.iterations)
			break;
		next = kho_mono_ns() + (uint64_t)(o.delay * 1e9);
		while (!stop_sig) {
			uint64_t now = kho_mono_ns();

			if (now >= next)
				break;
			if (tui) {
				int ch = khotop_tui_getch((int)((next - now) / 1000000) + 1);

				if (ch == KHOTOP_NO_KEY)
					continue;
				if (!khotop_tui_key(m, ch))
					break;
				khotop_tui_draw(m);
			} else {
				struct timespec ts = { 0, 0 };
				uint64_t d = next - now;

				ts.tv_sec = (time_t)(d / 1000000000ULL);
				ts.tv_nsec = (long)(d % 1000000000ULL);
				nanosleep(&ts, NULL);
			}
		}
		if (tui && khotop_tui_quit())
			break;
	}
	if (tui)
		khotop_tui_end();
out:
	kho_bpf_close(sm.bpf);
	if (sm.have_ksyms)
		kho_ksyms_free(&sm.ksyms);
	free(m);
	free(snap);
	return ret;
}
