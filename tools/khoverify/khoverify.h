/* SPDX-License-Identifier: GPL-2.0 */
/*
 * khoverify.h - one verdict after a live update.
 *
 * Before the kexec, save.c snapshots what is handed over (kho/out, its
 * timing so far, kho/scratch, the running khosnoop's log) into a save
 * directory.  After it, check.c compares the new kernel's view (kho/in,
 * kho/in/stats, kho/in/timing, kho/scratch, the kernel log) with the save
 * and fills a report of checks; khoverify.c prints it.  Neither save.c nor
 * check.c prints.
 */
#ifndef KHOVERIFY_H
#define KHOVERIFY_H

#include <stdbool.h>
#include <stdint.h>

#include "../lib/kho_capture.h"
#include "../lib/kho_leak.h"

#define KHOVERIFY_VERSION	"0.1.0"
#define KHOVERIFY_SAVE_MAGIC	"# khoverify-save 1"
#define KHOVERIFY_META		"khoverify-save"
#define KHOVERIFY_LOG		"khosnoop.log"
#define KHOVERIFY_MAX_NEW	16

/* Exit codes (khoverify.8). */
#define KV_EXIT_OK	0	/* every check passed or was skipped */
#define KV_EXIT_FAIL	1	/* a check failed */
#define KV_EXIT_INPUT	2	/* bad input or usage: save directory, options */
#define KV_EXIT_RUNTIME	3	/* out of memory, cannot write the save */

struct kv_opts {
	const char *dir;		/* the save directory */
	bool save;
	const char *debugfs;		/* default /sys/kernel/debug */
	const char *log;		/* --log: the khosnoop log to save */
	bool no_log;
	const char *dmesg;		/* --dmesg FILE instead of the kernel log */
	const char *trace;		/* --trace FILE|none */
	const char *news[KHOVERIFY_MAX_NEW];	/* --new LOG */
	unsigned int nnews;
	bool has_budget, has_user_budget;
	uint64_t budget_ns, user_budget_ns;
	double scratch_max;		/* percent */
	bool json, verbose;
};

/* The save directory's khoverify-save file. */
struct kv_meta {
	char release[65];
	char boot_id[40];
	uint64_t kexec_count;		/* of the kernel that saved */
	uint64_t saved_ns;		/* CLOCK_REALTIME */
	char debugfs[256];
	char snoop_log[1024];		/* the live log's path, "" when none */
	bool has_copy;			/* khosnoop.log in the save */
};

/* ---- save.c ---------------------------------------------------------- */

/*
 * Snapshot into o->dir.  KV_EXIT_OK, or an exit code with a one-line
 * reason in @err.  @note gets what was left out ("no khosnoop running").
 */
int kv_save(const struct kv_opts *o, struct kv_meta *m, char *note, size_t notelen,
	    char *err, size_t errlen);

/* Read and check DIR/khoverify-save: 0, or -1 with the line at fault. */
int kv_meta_parse(struct kv_meta *m, const char *txt, size_t len, char *err,
		  size_t errlen);

/* ---- check.c --------------------------------------------------------- */

enum kv_result { KV_PASS, KV_FAIL, KV_SKIP };

enum kv_check {
	KV_CHK_HANDOVER, KV_CHK_RELEASE, KV_CHK_CONTENTS, KV_CHK_CLAIMED,
	KV_CHK_LEAKS, KV_CHK_BLACKOUT, KV_CHK_SCRATCH, KV_CHK_COUNT
};

struct kv_item {
	enum kv_result res;
	char detail[480];
};

struct kv_area {
	unsigned int idx;
	uint64_t addr, size, peak;	/* peak = max(boot_used, in_use) */
	double pct;
	char role[16];
};

struct kv_report {
	struct kv_meta meta;
	struct kv_item c[KV_CHK_COUNT];
	/* details for -v and -j */
	char prev_release[72];
	uint64_t kexec_count;
	bool has_md;
	struct kho_changes changes;
	bool has_timing;
	struct kv_phase {
		char name[40];
		int64_t ns;
	} *phases;
	size_t nphases;
	int64_t blackout_ns, kexec_to_user_ns;
	bool has_blackout;
	struct kv_area *areas;
	size_t nareas;
	bool has_leak;
	struct kho_leak_report leak;
	uint64_t in_bytes, restored, claimed, unclaimed;
	bool has_stats;
	char dmesg_line[200];		/* the first kernel line at fault */
};

const char *kv_check_name(enum kv_check c);
const char *kv_result_name(enum kv_result r);

/*
 * Run every check.  KV_EXIT_OK (the report is filled; check results
 * decide the exit), or KV_EXIT_INPUT / KV_EXIT_RUNTIME with @err.
 */
int kv_verify(const struct kv_opts *o, struct kv_report *r, char *err, size_t errlen);
void kv_report_free(struct kv_report *r);

#endif
