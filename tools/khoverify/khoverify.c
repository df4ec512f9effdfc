// SPDX-License-Identifier: GPL-2.0
/*
 * khoverify - did a live update keep its promises?  One verdict after a
 * kexec with Kexec HandOver, with an exit code a fleet tool can act on.
 *
 *   khoverify --save DIR [--log LOG|--no-log]     before the kexec
 *   khoverify [--budget D] [--scratch-max PCT] [--new LOG]... [-j] DIR
 *                                                 after it
 *
 * save.c snapshots, check.c checks, this file prints.  See khoverify.8.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "khoverify.h"

static const char *prog = "khoverify";

static void usage(FILE *f)
{
	fprintf(f,
"Usage: khoverify --save DIR [OPTION]...     before the kexec\n"
"       khoverify [OPTION]... DIR            after it\n"
"\n"
"Checks that a kexec with Kexec HandOver (KHO) kept its promises: the new\n"
"kernel took the handover, got exactly what was saved, every preserved byte\n"
"was taken back, the blackout stayed within budget and scratch had room.\n"
"One line per check: PASS|FAIL|SKIP <check>: <detail>.\n"
"\n"
"  -s, --save DIR         snapshot kho/out, the timing so far, kho/scratch\n"
"                         and the running khosnoop's log into DIR\n"
"      --log LOG          with --save: this khosnoop log (default: the -o of\n"
"                         a running khosnoop)\n"
"      --no-log           with --save: no khosnoop log\n"
"      --budget DURATION  blackout limit (machine_kexec to the first exec in\n"
"                         user space): 1ns, 20us, 250ms, 2s, 1.5s\n"
"      --user-budget DURATION  limit from kernel_kexec to the first exec\n"
"      --scratch-max PCT  fullest scratch area at its peak (default 90)\n"
"      --new LOG          a khosnoop log of this kernel: its restores count\n"
"                         (repeatable)\n"
"      --trace FILE|none  boot-time kho_restore events (default\n"
"                         /sys/kernel/tracing/trace when readable)\n"
"      --dmesg FILE       the kernel log from FILE, not the kernel\n"
"      --debugfs DIR      debugfs mount point (default /sys/kernel/debug)\n"
"  -j, --json             one JSON object\n"
"  -v, --verbose          details: blackout phases, differences, leaks, areas\n"
"  -h, --help             this help\n"
"  -V, --version          version\n"
"\n"
"Exit status: 0 every check passed or was skipped; 1 a check failed;\n"
"2 bad input or usage (save directory, options); 3 runtime error.\n");
}

static int usage_error(const char *fmt, const char *arg)
{
	kho_usage_error(prog, fmt, arg);
	return KV_EXIT_INPUT;
}

static void json_check(const struct kv_report *r, int i, bool first)
{
	printf("%s{\"check\":\"%s\",\"result\":\"%s\",\"detail\":", first ? "" : ",",
	       kv_check_name((enum kv_check)i), kv_result_name(r->c[i].res));
	kho_json_str(stdout, r->c[i].detail);
	printf("}");
}

static void print_json(const struct kv_opts *o, const struct kv_report *r,
		       const unsigned int *count)
{
	printf("{\"version\":\"%s\",\"save\":", KHOVERIFY_VERSION);
	kho_json_str(stdout, o->dir);
	printf(",\"saved_release\":");
	kho_json_str(stdout, r->meta.release);
	printf(",\"saved_kexec_count\":%" PRIu64 ",\"verdict\":\"%s\",\"passed\":%u,"
	       "\"failed\":%u,\"skipped\":%u,\"checks\":[",
	       r->meta.kexec_count, count[KV_FAIL] ? "FAIL" : "PASS", count[KV_PASS],
	       count[KV_FAIL], count[KV_SKIP]);
	for (int i = 0; i < KV_CHK_COUNT; i++)
		json_check(r, i, !i);
	printf("],\"previous_release\":");
	if (r->has_md)
		kho_json_str(stdout, r->prev_release);
	else
		printf("null");
	if (r->has_md)
		printf(",\"kexec_count\":%" PRIu64, r->kexec_count);
	else
		printf(",\"kexec_count\":null");
	if (r->has_blackout)
		printf(",\"blackout_ns\":%" PRId64 ",\"kexec_to_user_ns\":%" PRId64,
		       r->blackout_ns, r->kexec_to_user_ns);
	else
		printf(",\"blackout_ns\":null,\"kexec_to_user_ns\":null");
	printf(",\"budget_ns\":");
	if (o->has_budget)
		printf("%" PRIu64, o->budget_ns);
	else
		printf("null");
	printf(",\"phases\":[");
	for (size_t i = 0; i < r->nphases; i++) {
		printf("%s{\"phase\":", i ? "," : "");
		kho_json_str(stdout, r->phases[i].name);
		printf(",\"ns\":%" PRId64 "}", r->phases[i].ns);
	}
	printf("]");
	if (r->has_stats)
		printf(",\"in_bytes\":%" PRIu64 ",\"restored_bytes\":%" PRIu64
		       ",\"claimed_bytes\":%" PRIu64 ",\"unclaimed_bytes\":%" PRIu64,
		       r->in_bytes, r->restored, r->claimed, r->unclaimed);
	printf(",\"changes\":[");
	for (size_t i = 0; i < r->changes.n; i++) {
		const struct kho_change *c = &r->changes.v[i];

		printf("%s{\"type\":", i ? "," : "");
		kho_json_str(stdout, c->type);
		printf(",\"name\":");
		kho_json_str(stdout, c->name);
		printf(",\"detail\":");
		kho_json_str(stdout, c->has_detail ? c->detail : "");
		printf("}");
	}
	printf("],\"leaked_bytes\":");
	if (r->has_leak)
		printf("%" PRIu64, r->leak.leak.leaked_bytes);
	else
		printf("null");
	printf(",\"leaked\":[");
	for (size_t i = 0; r->has_leak && i < r->leak.leak.leaked.n; i++) {
		const struct kho_range *x = &r->leak.leak.leaked.v[i];

		printf("%s{\"pfn\":%" PRIu64 ",\"pages\":%" PRIu64 ",\"bytes\":%" PRIu64
		       ",\"owner\":", i ? "," : "", x->pfn, x->n, x->n * 4096);
		kho_json_str(stdout, x->owner);
		printf("}");
	}
	printf("],\"scratch\":[");
	for (size_t i = 0; i < r->nareas; i++) {
		const struct kv_area *a = &r->areas[i];

		printf("%s{\"area\":%u,\"role\":", i ? "," : "", a->idx);
		kho_json_str(stdout, a->role);
		printf(",\"addr\":%" PRIu64 ",\"size\":%" PRIu64 ",\"peak\":%" PRIu64
		       ",\"peak_pct\":%.2f}", a->addr, a->size, a->peak, a->pct);
	}
	printf("]}\n");
}

static void print_text(const struct kv_opts *o, const struct kv_report *r,
		       const unsigned int *count)
{
	for (int i = 0; i < KV_CHK_COUNT; i++)
		printf("%s %s: %s\n", kv_result_name(r->c[i].res),
		       kv_check_name((enum kv_check)i), r->c[i].detail);
	if (o->verbose) {
		if (r->nphases) {
			printf("\nhandover phases (from kernel_kexec entry in the old kernel):\n");
			for (size_t i = 0; i < r->nphases; i++)
				printf("  %-22s %+14.3f ms\n", r->phases[i].name,
				       (double)r->phases[i].ns / 1e6);
		}
		for (size_t i = 0; i < r->changes.n; i++)
			printf("%s %s %s%s%s\n", i ? "          " : "\ndifferences:",
			       r->changes.v[i].type, r->changes.v[i].name,
			       r->changes.v[i].has_detail ? ": " : "",
			       r->changes.v[i].has_detail ? r->changes.v[i].detail : "");
		if (r->has_leak) {
			const struct kho_leak *lk = &r->leak.leak;

			if (lk->nowners)
				printf("\n%-40s %11s %11s %11s\n", "OWNER", "HELD", "RESTORED", "LEAKED");
			for (size_t i = 0; i < lk->nowners; i++)
				printf("%-40.40s %11" PRIu64 " %11" PRIu64 " %11" PRIu64 "\n",
				       lk->owners[i].owner, lk->owners[i].held,
				       lk->owners[i].restored, lk->owners[i].leaked);
			for (size_t i = 0; i < lk->leaked.n; i++) {
				char b[KHO_OWNER_LEN + 80];

				printf("leaked: %s\n", kho_range_fmt(&lk->leaked.v[i], b, sizeof(b)));
			}
		}
		if (r->nareas)
			printf("\n%-4s %-8s %-18s %10s %10s %6s\n", "AREA", "ROLE", "ADDR", "SIZE",
			       "PEAK", "PEAK%");
		for (size_t i = 0; i < r->nareas; i++) {
			char s[32], p[32];

			printf("%-4u %-8s 0x%016" PRIx64 " %10s %10s %5.1f%%\n", r->areas[i].idx,
			       r->areas[i].role, r->areas[i].addr,
			       kho_fmt_size(r->areas[i].size, s, sizeof(s)),
			       kho_fmt_size(r->areas[i].peak, p, sizeof(p)), r->areas[i].pct);
		}
		printf("\n");
	}
	printf("khoverify: %s: %u passed, %u failed, %u skipped\n",
	       count[KV_FAIL] ? "FAIL" : "PASS", count[KV_PASS], count[KV_FAIL],
	       count[KV_SKIP]);
}

enum { O_LOG = 256, O_NO_LOG, O_BUDGET, O_USER_BUDGET, O_SCRATCH_MAX, O_NEW,
       O_TRACE, O_DMESG, O_DEBUGFS };

int main(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "save", required_argument, NULL, 's' },
		{ "log", required_argument, NULL, O_LOG },
		{ "no-log", no_argument, NULL, O_NO_LOG },
		{ "budget", required_argument, NULL, O_BUDGET },
		{ "user-budget", required_argument, NULL, O_USER_BUDGET },
		{ "scratch-max", required_argument, NULL, O_SCRATCH_MAX },
		{ "new", required_argument, NULL, O_NEW },
		{ "trace", required_argument, NULL, O_TRACE },
		{ "dmesg", required_argument, NULL, O_DMESG },
		{ "debugfs", required_argument, NULL, O_DEBUGFS },
		{ "json", no_argument, NULL, 'j' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ 0 }
	};
	struct kv_opts o = { .debugfs = KHO_DEBUGFS, .scratch_max = 90 };
	struct kv_report r;
	unsigned int count[3] = { 0 };
	char err[640], msg[160];
	int c, ret;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":s:jvhV", lo, NULL)) != -1) {
		switch (c) {
		case 's': o.save = true; o.dir = optarg; break;
		case O_LOG: o.log = optarg; break;
		case O_NO_LOG: o.no_log = true; break;
		case O_BUDGET:
			if (!kho_parse_duration(optarg, &o.budget_ns))
				return usage_error("--budget %s: a duration like 250ms, 2s or 1.5s", optarg);
			o.has_budget = true;
			break;
		case O_USER_BUDGET:
			if (!kho_parse_duration(optarg, &o.user_budget_ns))
				return usage_error("--user-budget %s: a duration like 250ms, 2s or 1.5s", optarg);
			o.has_user_budget = true;
			break;
		case O_SCRATCH_MAX: {
			char *end;

			errno = 0;
			o.scratch_max = strtod(optarg, &end);
			if (errno || end == optarg || *end || !(o.scratch_max >= 0) ||
			    o.scratch_max > 100)
				return usage_error("--scratch-max %s: a percentage from 0 to 100", optarg);
			break;
		}
		case O_NEW:
			if (o.nnews == KHOVERIFY_MAX_NEW)
				return usage_error("%s: too many --new logs", "--new");
			o.news[o.nnews++] = optarg;
			break;
		case O_TRACE: o.trace = optarg; break;
		case O_DMESG: o.dmesg = optarg; break;
		case O_DEBUGFS: o.debugfs = optarg; break;
		case 'j': o.json = true; break;
		case 'v': o.verbose = true; break;
		case 'h': usage(stdout); return KV_EXIT_OK;
		case 'V': printf("khoverify %s\n", KHOVERIFY_VERSION); return KV_EXIT_OK;
		default:
			kho_bad_option(c, argv, lo, msg, sizeof(msg));
			return usage_error("%s", msg);
		}
	}
	if (o.save) {
		struct kv_meta m;
		char note[512];

		if (optind != argc)
			return usage_error("--save takes no other argument (%s)", argv[optind]);
		if (o.has_budget || o.has_user_budget || o.nnews || o.trace || o.dmesg || o.verbose)
			return usage_error("%s: an option of the check after the kexec", "--save");
		if (o.log && o.no_log)
			return usage_error("%s", "--log and --no-log");
		ret = kv_save(&o, &m, note, sizeof(note), err, sizeof(err));
		if (ret) {
			fprintf(stderr, "%s: %s\n", prog, err);
			return ret;
		}
		if (o.json) {
			printf("{\"version\":\"%s\",\"saved\":", KHOVERIFY_VERSION);
			kho_json_str(stdout, o.dir);
			printf(",\"release\":");
			kho_json_str(stdout, m.release);
			printf(",\"kexec_count\":%" PRIu64 ",\"snoop_log\":", m.kexec_count);
			if (m.snoop_log[0])
				kho_json_str(stdout, m.snoop_log);
			else
				printf("null");
			printf(",\"note\":");
			kho_json_str(stdout, note);
			printf("}\n");
		} else {
			printf("saved %s: %s, kexec count %" PRIu64 ", khosnoop log %s\n", o.dir,
			       m.release, m.kexec_count, m.snoop_log[0] ? m.snoop_log : "none");
			if (note[0])
				printf("note: %s\n", note);
		}
		return KV_EXIT_OK;
	}
	if (o.log || o.no_log)
		return usage_error("%s: only with --save", o.log ? "--log" : "--no-log");
	if (optind != argc - 1)
		return usage_error("%s", optind == argc ? "a save directory (khoverify --save DIR before the kexec)" :
				   "one save directory");
	o.dir = argv[optind];
	ret = kv_verify(&o, &r, err, sizeof(err));
	if (ret) {
		fprintf(stderr, "%s: %s\n", prog, err);
		kv_report_free(&r);
		return ret;
	}
	for (int i = 0; i < KV_CHK_COUNT; i++)
		count[r.c[i].res]++;
	if (o.json)
		print_json(&o, &r, count);
	else
		print_text(&o, &r, count);
	kv_report_free(&r);
	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, "%s: stdout: %s\n", prog, strerror(errno));
		return KV_EXIT_RUNTIME;
	}
	return count[KV_FAIL] ? KV_EXIT_FAIL : KV_EXIT_OK;
}
