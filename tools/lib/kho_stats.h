/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kho_stats.h - typed reading of the KHO statistics files of the 6.12
 * series (Documentation/admin-guide/mm/kho.rst, "Statistics" and "Timing"):
 *
 *   kho/out/stats, kho/in/stats  preserved / incoming memory per block order
 *                                and what became of it
 *   kho/out/timing, kho/in/timing  handover phases in ns
 *   kho/scratch                  scratch areas and how full they are
 *
 * All are optional (stock kernels have none).  Lines are parsed by kho_kv;
 * here keys get their types (a value of the wrong type is a warning) and
 * the numbers are cross-checked (sums, balances, totals).
 */
#ifndef KHO_STATS_H
#define KHO_STATS_H

#include "../../include/kho_abi.h"
#include "kho_kv.h"

#define KHO_STATS_ORDERS	31	/* order_<o>_... keys: o in 0..30 */
#define KHO_TIMING_FORMAT	1	/* the "format" this version reads */
#define KHO_TIMING_SLACK_NS	1000	/* totals vs phase differences: the
					 * kernel rounds every value to ns */
#define KHO_SCRATCH_USE_MAX	1024	/* areas read from kho/scratch */

/* Which side of a handover a capture (or a stats file) is. */
enum kho_side { KHO_SIDE_UNKNOWN = 0, KHO_SIDE_OUT, KHO_SIDE_IN };

/* "out", "in", or NULL. */
const char *kho_side_name(enum kho_side s);

/* A number from a statistics file: ok when present and of the right type. */
struct kho_num {
	bool ok;
	uint64_t v;
};

struct kho_snum {
	bool ok;
	int64_t v;
};

/* ---- kho/out/stats and kho/in/stats --------------------------------- */

enum kho_stat {
	/* kho/out/stats */
	KHO_STAT_PRESERVED_BYTES, KHO_STAT_PRESERVED_PAGES, KHO_STAT_PRESERVED_BLOCKS,
	KHO_STAT_TREE_PAGES,
	KHO_STAT_SUBTREES,		/* both sides */
	KHO_STAT_FINALIZED, KHO_STAT_SEALED,
	KHO_STAT_PRESERVE_CALLS, KHO_STAT_PRESERVE_FAILURES,
	KHO_STAT_UNPRESERVE_CALLS, KHO_STAT_UNPRESERVE_FAILURES,
	/* kho/in/stats */
	KHO_STAT_BLOCKS, KHO_STAT_BYTES,
	KHO_STAT_RESTORED_BYTES, KHO_STAT_CLAIMED_BYTES, KHO_STAT_UNCLAIMED_BYTES,
	KHO_STAT_SUBTREES_RETRIEVED, KHO_STAT_SUBTREES_NOT_RETRIEVED,
	KHO_STAT_COUNT
};

/* The key of @k ("preserved_bytes"); whether @side's file has it. */
const char *kho_stat_name(enum kho_stat k);
bool kho_stat_on(enum kho_stat k, enum kho_side side);

struct kho_stats {
	bool present;			/* the file was read */
	enum kho_side side;		/* by its keys, else the capture's */
	struct kho_num v[KHO_STAT_COUNT];	/* by enum kho_stat */
	struct kho_num order_blocks[KHO_STATS_ORDERS];
	struct kho_num order_bytes[KHO_STATS_ORDERS];
	struct kho_kvs kv;		/* entries with !used are keys unknown here */
};

/* ---- kho/out/timing and kho/in/timing ------------------------------- */

struct kho_phase {
	const char *name;		/* a key of the timing's kv */
	int64_t ns;
	bool known;			/* a phase of format 1 */
};

struct kho_timing {
	bool present;
	struct kho_num format, clock_khz;
	const char *clock;		/* "tsc" (x86), "cntvct" (arm64), "none", ...;
				 * NULL when absent */
	int previous_stamps;		/* 0 or 1; -1 when absent */
	struct kho_phase *phases;	/* file order, unknown names included */
	size_t nphases;
	struct kho_snum blackout_ns, kexec_to_user_ns;
	struct kho_kvs kv;
};

/* The phase called @name, or NULL. */
const struct kho_phase *kho_timing_phase(const struct kho_timing *t, const char *name);

/* ---- kho/scratch ------------------------------------------------------ */

struct kho_scratch_area_use {
	bool seen;			/* the file has area<i>_ lines */
	const char *role, *origin;	/* words of the file; NULL when absent */
	struct kho_snum node;
	struct kho_num addr, size, boot_used, in_use, free;
};

struct kho_scratch_use {
	bool present;
	struct kho_num areas;
	struct kho_scratch_area_use *a;	/* max(areas, highest area index + 1) */
	size_t n;
	size_t seen;			/* highest area index + 1 with lines */
	struct kho_num total_size, total_boot_used, total_in_use, total_free;
	struct kho_kvs kv;
};

/*
 * Parse one file's @len bytes (kho_kv's rules) and type its keys.  @name
 * prefixes the warnings that go to @d: malformed lines, values of the wrong
 * type, missing keys, an unknown timing format.  @side is the capture's
 * (stats: used when the keys do not tell).  Returns 0, or -1 when out of
 * memory.  Free with the matching _free either way.
 */
int kho_stats_parse(struct kho_stats *s, const char *name, const char *txt, size_t len,
		    enum kho_side side, struct kho_diags *d);
int kho_timing_parse(struct kho_timing *t, const char *name, const char *txt, size_t len,
		     enum kho_side side, struct kho_diags *d);
int kho_scratch_use_parse(struct kho_scratch_use *u, const char *name, const char *txt,
			  size_t len, struct kho_diags *d);
void kho_stats_free(struct kho_stats *s);
void kho_timing_free(struct kho_timing *t);
void kho_scratch_use_free(struct kho_scratch_use *u);

/*
 * Cross-checks; every mismatch is one line in @d with severity @sev
 * (KHO_WARN when dumping, KHO_PROBLEM for --check).
 *   stats:   order_<o>_bytes == order_<o>_blocks pages of 2^o, their sums ==
 *            (preserved_)bytes and (preserved_)blocks, pages; flags 0/1;
 *            failures <= calls; in: restored + claimed + unclaimed == bytes,
 *            retrieved + not_retrieved == subtrees
 *   timing:  blackout_ns == first_exec - machine_kexec, kexec_to_user_ns ==
 *            first_exec - kernel_kexec (within KHO_TIMING_SLACK_NS), both only
 *            with previous_stamps 1, kernel_kexec 0 then
 *   scratch: per area in_use + free == size, boot_used <= size, role in the
 *            kernel's order; totals == sums; areas == the areas listed; and,
 *            with @has_s, addr/size == the capture's scratch_phys/scratch_len
 */
void kho_stats_check(const struct kho_stats *s, enum kho_sev sev, struct kho_diags *d);
void kho_timing_check(const struct kho_timing *t, enum kho_sev sev, struct kho_diags *d);
void kho_scratch_use_check(const struct kho_scratch_use *u, const struct kho_scratch_ser *s,
			   size_t ns, bool has_s, enum kho_sev sev, struct kho_diags *d);

#endif
