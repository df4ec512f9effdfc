// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests: kho_stats (kho/{out,in}/stats, timing, kho/scratch) and how a
 * capture finds them.  The texts are those of the real 6.12 capture in
 * tests/fixtures/6.12/stats-hop1; every check that passes on them has a twin
 * that breaks one number and must fail.
 */
#include <stdlib.h>

#include "../../tools/lib/kho_capture.h"
#include "unit.h"
#include "unit_diag.h"

static const char in_stats[] =
	"blocks 34\nbytes 12611584\n"
	"order_0_blocks 7\norder_0_bytes 28672\norder_1_blocks 4\norder_1_bytes 32768\n"
	"order_2_blocks 2\norder_2_bytes 32768\norder_3_blocks 2\norder_3_bytes 65536\n"
	"order_4_blocks 2\norder_4_bytes 131072\norder_5_blocks 4\norder_5_bytes 524288\n"
	"order_6_blocks 1\norder_6_bytes 262144\norder_7_blocks 8\norder_7_bytes 4194304\n"
	"order_8_blocks 3\norder_8_bytes 3145728\norder_10_blocks 1\norder_10_bytes 4194304\n"
	"restored_bytes 8413184\nclaimed_bytes 4198400\nunclaimed_bytes 0\n"
	"subtrees 3\nsubtrees_retrieved 3\nsubtrees_not_retrieved 0\n";

static const char out_stats[] =
	"preserved_bytes 12611584\npreserved_pages 3079\npreserved_blocks 34\n"
	"order_0_blocks 7\norder_0_bytes 28672\norder_1_blocks 4\norder_1_bytes 32768\n"
	"order_2_blocks 2\norder_2_bytes 32768\norder_3_blocks 2\norder_3_bytes 65536\n"
	"order_4_blocks 2\norder_4_bytes 131072\norder_5_blocks 4\norder_5_bytes 524288\n"
	"order_6_blocks 1\norder_6_bytes 262144\norder_7_blocks 8\norder_7_bytes 4194304\n"
	"order_8_blocks 3\norder_8_bytes 3145728\norder_10_blocks 1\norder_10_bytes 4194304\n"
	"tree_pages 44\nsubtrees 3\nfinalized 0\nsealed 0\npreserve_calls 34\n"
	"preserve_failures 0\nunpreserve_calls 0\nunpreserve_failures 0\n";

static const char in_timing[] =
	"format 1\nclock tsc\nclock_khz 2596153\nprevious_stamps 1\n"
	"kexec_load -65899961\nkernel_kexec 0\nhandover_sealed 5004064\n"
	"devices_shutdown 18345013\nmachine_kexec 21999370\nsetup_arch 1301769312\n"
	"handover_validated 1357208161\nmemory_reserved 1405953465\nmm_init 1416115020\n"
	"kho_init 2474887273\nreserve_mem_revived 1393552276\nselftest_restored 3268218698\n"
	"first_exec 3447450533\nblackout_ns 3425451162\nkexec_to_user_ns 3447450533\n";

static const char scratch[] =
	"areas 3\n"
	"area0_role lowmem\narea0_node 0\narea0_addr 0x37c00000\narea0_size 104857600\n"
	"area0_origin inherited\narea0_boot_used 27935492\narea0_in_use 25468928\n"
	"area0_free 79388672\n"
	"area1_role global\narea1_node 0\narea1_addr 0x37800000\narea1_size 4194304\n"
	"area1_origin inherited\narea1_boot_used 0\narea1_in_use 0\narea1_free 4194304\n"
	"area2_role node\narea2_node 0\narea2_addr 0x12000000\narea2_size 322961408\n"
	"area2_origin inherited\narea2_boot_used 18923520\narea2_in_use 18923520\n"
	"area2_free 304037888\n"
	"total_size 432013312\ntotal_boot_used 46859012\ntotal_in_use 44392448\n"
	"total_free 387620864\n";

/* scratch_phys / scratch_len of the same capture's out/ */
static const struct kho_scratch_ser ser[] = {
	{ 0x37c00000, 0x6400000 }, { 0x37800000, 0x400000 }, { 0x12000000, 0x13400000 },
};

static struct kho_diags diags;	/* parsing warnings */
static struct kho_diags found;	/* check results */


/* A check found a problem saying @want; parsing warned @want. */
static bool problem(const char *want)
{
	return diag_has(&found, KHO_PROBLEM, want);
}

static bool warned(const char *want)
{
	return diag_has(&diags, KHO_WARN, want);
}

/* @txt with the first @from replaced by @to (static buffer). */
static const char *edit(const char *txt, const char *from, const char *to)
{
	static char buf[4096];
	const char *p = strstr(txt, from);

	if (!p)
		return "(edit: not found)";
	snprintf(buf, sizeof(buf), "%.*s%s%s", (int)(p - txt), txt, to, p + strlen(from));
	return buf;
}

/* Parses stats @txt and checks it; the number of problems found. */
static unsigned int stats_problems(struct kho_stats *s, const char *txt, enum kho_side side)
{
	memset(&diags, 0, sizeof(diags));
	memset(&found, 0, sizeof(found));
	if (kho_stats_parse(s, "stats", txt, strlen(txt), side, &diags))
		return 999;
	kho_stats_check(s, KHO_PROBLEM, &found);
	return kho_diag_count(&found, KHO_PROBLEM);
}

static unsigned int timing_problems(struct kho_timing *t, const char *txt)
{
	memset(&diags, 0, sizeof(diags));
	memset(&found, 0, sizeof(found));
	if (kho_timing_parse(t, "timing", txt, strlen(txt), KHO_SIDE_IN, &diags))
		return 999;
	kho_timing_check(t, KHO_PROBLEM, &found);
	return kho_diag_count(&found, KHO_PROBLEM);
}

static unsigned int scratch_problems(struct kho_scratch_use *u, const char *txt,
				     const struct kho_scratch_ser *s, size_t ns)
{
	memset(&diags, 0, sizeof(diags));
	memset(&found, 0, sizeof(found));
	if (kho_scratch_use_parse(u, "../scratch", txt, strlen(txt), &diags))
		return 999;
	kho_scratch_use_check(u, s, ns, s != NULL, KHO_PROBLEM, &found);
	return kho_diag_count(&found, KHO_PROBLEM);
}

/* ---- stats ---------------------------------------------------------------- */

TEST(stats_in_real_values_add_up)
{
	struct kho_stats s;

	CHECK_U64(stats_problems(&s, in_stats, KHO_SIDE_UNKNOWN), 0);
	CHECK_U64(diags.n, 0);
	CHECK(s.present && s.side == KHO_SIDE_IN);
	CHECK(s.v[KHO_STAT_BYTES].ok && s.v[KHO_STAT_BYTES].v == 12611584);
	CHECK(s.v[KHO_STAT_UNCLAIMED_BYTES].ok && s.v[KHO_STAT_UNCLAIMED_BYTES].v == 0);
	CHECK(s.order_blocks[10].ok && s.order_blocks[10].v == 1 && !s.order_blocks[9].ok);
	CHECK(!s.v[KHO_STAT_PRESERVED_BYTES].ok);	/* an out key */
	kho_stats_free(&s);
}

TEST(stats_in_unbalanced)
{
	struct kho_stats s;
	const char *txt;

	/* 4096 bytes more unclaimed than came in */
	CHECK_U64(stats_problems(&s, edit(in_stats, "unclaimed_bytes 0", "unclaimed_bytes 4096"),
				 KHO_SIDE_IN), 1);
	CHECK(problem("stats: restored_bytes 8413184 + claimed_bytes 4198400 + "
		  "unclaimed_bytes 4096 is not bytes 12611584"));
	kho_stats_free(&s);
	CHECK_U64(stats_problems(&s, edit(in_stats, "subtrees_retrieved 3", "subtrees_retrieved 2"),
				 KHO_SIDE_IN), 1);
	CHECK(problem("subtrees_retrieved 2 + subtrees_not_retrieved 0 is not "
		  "subtrees 3"));
	kho_stats_free(&s);
	/* the same check at warning severity, as a dump reports it */
	memset(&found, 0, sizeof(found));
	txt = edit(in_stats, "claimed_bytes 4198400", "claimed_bytes 0");
	CHECK(kho_stats_parse(&s, "stats", txt, strlen(txt), KHO_SIDE_IN, &diags) == 0);
	kho_stats_check(&s, KHO_WARN, &found);
	CHECK(kho_diag_count(&found, KHO_WARN) == 1 && kho_diag_count(&found, KHO_PROBLEM) == 0);
	kho_stats_free(&s);
}

TEST(stats_out_real_values_add_up)
{
	struct kho_stats s;

	CHECK_U64(stats_problems(&s, out_stats, KHO_SIDE_OUT), 0);
	CHECK_U64(diags.n, 0);
	CHECK(s.side == KHO_SIDE_OUT && s.v[KHO_STAT_TREE_PAGES].v == 44);
	CHECK(s.v[KHO_STAT_PRESERVED_PAGES].ok && s.v[KHO_STAT_PRESERVED_PAGES].v == 3079);
	kho_stats_free(&s);
}

TEST(stats_order_sums_fail_on_broken_data)
{
	struct kho_stats s;

	/* one order's bytes wrong: that order and the sum disagree */
	CHECK_U64(stats_problems(&s, edit(out_stats, "order_10_bytes 4194304",
					  "order_10_bytes 4194305"), KHO_SIDE_OUT), 2);
	CHECK(problem("order_10_bytes 4194305 is not order_10_blocks 1 x "
		  "4194304 B"));
	CHECK(problem("order_*_bytes add up to 12611585, preserved_bytes is "
		  "12611584"));
	kho_stats_free(&s);
	/* a block more: blocks, pages and that order disagree */
	CHECK_U64(stats_problems(&s, edit(out_stats, "order_0_blocks 7", "order_0_blocks 8"),
				 KHO_SIDE_OUT), 3);
	CHECK(problem("order_*_blocks add up to 35, preserved_blocks is 34"));
	CHECK(problem("the order_*_blocks are 3080 pages, preserved_pages is 3079"));
	kho_stats_free(&s);
	/* an order line lost: its partner is alone, the sums are short */
	CHECK(stats_problems(&s, edit(out_stats, "order_3_bytes 65536\n", ""), KHO_SIDE_OUT) >= 2);
	CHECK(problem("order_3_blocks without order_3_bytes"));
	kho_stats_free(&s);
	/* the in side, the same sums */
	CHECK_U64(stats_problems(&s, edit(in_stats, "blocks 34", "blocks 33"), KHO_SIDE_IN), 1);
	CHECK(problem("order_*_blocks add up to 34, blocks is 33"));
	kho_stats_free(&s);
	/* pages vs bytes */
	CHECK_U64(stats_problems(&s, edit(out_stats, "pages 3079", "pages 3078"), KHO_SIDE_OUT), 2);
	CHECK(problem("preserved_pages 3078 x 4096 B is not preserved_bytes"));
	kho_stats_free(&s);
}

TEST(stats_flags_and_failures)
{
	struct kho_stats s;

	CHECK_U64(stats_problems(&s, edit(out_stats, "sealed 0", "sealed 2"), KHO_SIDE_OUT), 1);
	CHECK(problem("stats: sealed is 2, expected 0 or 1"));
	kho_stats_free(&s);
	CHECK_U64(stats_problems(&s, edit(out_stats, "preserve_failures 0", "preserve_failures 35"),
				 KHO_SIDE_OUT), 1);
	CHECK(problem("preserve_failures 35 > preserve_calls 34"));
	kho_stats_free(&s);
	/* twin: finalized 1 is fine */
	CHECK_U64(stats_problems(&s, edit(out_stats, "finalized 0", "finalized 1"), KHO_SIDE_OUT),
		  0);
	kho_stats_free(&s);
}

TEST(stats_corrupted_number_is_a_warning_not_a_value)
{
	struct kho_stats s;

	/* a digit turned into a letter: the line is refused, bytes unknown */
	stats_problems(&s, edit(in_stats, "bytes 12611584", "bytes 1261l584"), KHO_SIDE_IN);
	CHECK(warned("stats line 2: bad number: \"bytes 1261l584\", line ignored"));
	CHECK(warned("stats: no usable line for bytes"));
	CHECK(!s.v[KHO_STAT_BYTES].ok);
	kho_stats_free(&s);
	/* a word or a negative number where a count belongs */
	stats_problems(&s, edit(in_stats, "blocks 34", "blocks many"), KHO_SIDE_IN);
	CHECK(warned("stats line 1: blocks: expected a number >= 0, got \"many\""));
	CHECK(!s.v[KHO_STAT_BLOCKS].ok);
	kho_stats_free(&s);
	stats_problems(&s, edit(in_stats, "claimed_bytes 4198400", "claimed_bytes -4198400"),
		       KHO_SIDE_IN);
	CHECK(warned("claimed_bytes: expected a number >= 0, got \"-4198400\""));
	kho_stats_free(&s);
	/* duplicate key: the first value counts, and it is said */
	CHECK_U64(stats_problems(&s, edit(in_stats, "subtrees 3\n", "subtrees 3\nsubtrees 4\n"),
				 KHO_SIDE_IN), 0);
	CHECK(warned("duplicate key \"subtrees\""));
	CHECK(s.v[KHO_STAT_SUBTREES].v == 3);
	kho_stats_free(&s);
	/* order keys out of range or oddly written */
	stats_problems(&s, edit(in_stats, "order_10_", "order_31_"), KHO_SIDE_IN);
	CHECK(warned("order_31_blocks: not order_<0..30>_blocks or _bytes"));
	kho_stats_free(&s);
	stats_problems(&s, edit(in_stats, "order_3_blocks", "order_03_blocks"), KHO_SIDE_IN);
	CHECK(warned("order_03_blocks: not order_"));
	kho_stats_free(&s);
	/* twin: the clean file says nothing */
	CHECK_U64(stats_problems(&s, in_stats, KHO_SIDE_IN), 0);
	CHECK_U64(diags.n, 0);
	kho_stats_free(&s);
}

TEST(stats_side_by_keys_else_capture)
{
	struct kho_stats s;

	/* keys win over the capture's side, with a warning */
	stats_problems(&s, in_stats, KHO_SIDE_OUT);
	CHECK(s.side == KHO_SIDE_IN && warned("kho/in keys in a kho/out capture"));
	kho_stats_free(&s);
	/* no telling keys: the capture decides; missing keys are listed */
	stats_problems(&s, "subtrees 3\n", KHO_SIDE_IN);
	CHECK(s.side == KHO_SIDE_IN && warned("no usable line for blocks, bytes"));
	kho_stats_free(&s);
	/* neither: not interpreted, every key kept as unknown */
	stats_problems(&s, "subtrees 3\nfoo 1\n", KHO_SIDE_UNKNOWN);
	CHECK(s.side == KHO_SIDE_UNKNOWN);
	CHECK(warned("neither preserved_bytes nor bytes"));
	CHECK(s.kv.n == 2 && !s.kv.v[0].used && !s.kv.v[1].used);
	kho_stats_free(&s);
	/* newer keys are kept, unused, without a warning */
	CHECK_U64(stats_problems(&s, edit(in_stats, "subtrees 3\n", "subtrees 3\nleaked_bytes 0\n"),
				 KHO_SIDE_IN), 0);
	CHECK(diags.n == 0 && kho_kv_get(&s.kv, "leaked_bytes") &&
	      !kho_kv_get(&s.kv, "leaked_bytes")->used);
	kho_stats_free(&s);
}

/* ---- timing ----------------------------------------------------------------- */

TEST(timing_real_values)
{
	struct kho_timing t;
	const struct kho_phase *p;

	CHECK_U64(timing_problems(&t, in_timing), 0);
	CHECK_U64(diags.n, 0);
	CHECK(t.format.ok && t.format.v == 1 && t.clock && !strcmp(t.clock, "tsc"));
	CHECK(t.clock_khz.v == 2596153 && t.previous_stamps == 1);
	CHECK_U64(t.nphases, 13);
	CHECK_STR(t.phases[0].name, "kexec_load");
	CHECK(t.phases[0].ns == -65899961 && t.phases[0].known);
	CHECK_STR(t.phases[10].name, "reserve_mem_revived");	/* file order, not sorted */
	p = kho_timing_phase(&t, "first_exec");
	CHECK(p && p->ns == 3447450533);
	/* the kernel rounds each value: blackout is first_exec - machine_kexec - 1 */
	CHECK(t.blackout_ns.ok && t.blackout_ns.v == 3425451162);
	CHECK(t.kexec_to_user_ns.ok && t.kexec_to_user_ns.v == 3447450533);
	kho_timing_free(&t);
}

TEST(timing_totals_fail_on_broken_data)
{
	struct kho_timing t;

	CHECK_U64(timing_problems(&t, edit(in_timing, "blackout_ns 3425451162",
					   "blackout_ns 3425461162")), 1);
	CHECK(problem("timing: blackout_ns 3425461162 but first_exec - "
		  "machine_kexec is 3425451163"));
	kho_timing_free(&t);
	CHECK_U64(timing_problems(&t, edit(in_timing, "kexec_to_user_ns 3447450533",
					   "kexec_to_user_ns 447450533")), 1);
	CHECK(problem("kexec_to_user_ns 447450533 but first_exec - kernel_kexec"));
	kho_timing_free(&t);
	/* 5 ns off is within the slack of kexec_to_user_ns, not for the base */
	CHECK_U64(timing_problems(&t, edit(in_timing, "kernel_kexec 0", "kernel_kexec 5")), 1);
	CHECK(problem("kernel_kexec is 5, expected 0"));
	kho_timing_free(&t);
	/* totals without the previous kernel's stamps, or without the phases */
	CHECK(timing_problems(&t, edit(in_timing, "previous_stamps 1", "previous_stamps 0")) == 2);
	CHECK(problem("blackout_ns without the previous kernel's stamps"));
	kho_timing_free(&t);
	CHECK_U64(timing_problems(&t, edit(in_timing, "machine_kexec 21999370\n", "")), 1);
	CHECK(problem("blackout_ns but no machine_kexec phase"));
	kho_timing_free(&t);
	/* twin: within the kernel's rounding */
	CHECK_U64(timing_problems(&t, edit(in_timing, "blackout_ns 3425451162",
					   "blackout_ns 3425451163")), 0);
	kho_timing_free(&t);
}

TEST(timing_forward_compatible)
{
	struct kho_timing t;
	const struct kho_phase *p;
	const char *txt;

	/* a phase of a later kernel is kept and shown, without a warning */
	CHECK_U64(timing_problems(&t, edit(in_timing, "first_exec", "luo_restored 3300000000\n"
					   "first_exec")), 0);
	CHECK_U64(diags.n, 0);
	p = kho_timing_phase(&t, "luo_restored");
	CHECK(p && !p->known && p->ns == 3300000000);
	CHECK_U64(t.nphases, 14);
	kho_timing_free(&t);
	/* a format of a later kernel is read, with a warning */
	timing_problems(&t, edit(in_timing, "format 1", "format 2"));
	CHECK(warned("timing: unknown format 2 (khodump reads 1)"));
	CHECK_U64(t.nphases, 13);
	kho_timing_free(&t);
	/* malformed phase values and header lines */
	timing_problems(&t, edit(in_timing, "mm_init 1416115020", "mm_init soon"));
	CHECK(warned("mm_init: expected a signed 64-bit number, got \"soon\""));
	CHECK(!kho_timing_phase(&t, "mm_init") && t.nphases == 12);
	kho_timing_free(&t);
	timing_problems(&t, edit(in_timing, "clock tsc", "clock hpet"));
	CHECK(warned("clock: unknown value \"hpet\""));
	kho_timing_free(&t);
	/* arm64's counter is a known clock: no warning, the same phases */
	CHECK_U64(timing_problems(&t, edit(in_timing, "clock tsc", "clock cntvct")), 0);
	CHECK(diags.n == 0 && t.clock && !strcmp(t.clock, "cntvct") && t.nphases == 13);
	kho_timing_free(&t);
	timing_problems(&t, edit(in_timing, "previous_stamps 1", "previous_stamps 7"));
	CHECK(warned("previous_stamps is 7, expected 0 or 1") &&
	      t.previous_stamps == -1);
	kho_timing_free(&t);
	timing_problems(&t, "kexec_load 5\n");
	CHECK(warned("timing: no usable line for format, clock, clock_khz"));
	kho_timing_free(&t);
	/* kho/out: the header only is fine */
	memset(&diags, 0, sizeof(diags));
	txt = "format 1\nclock tsc\nclock_khz 2596133\n";
	CHECK(kho_timing_parse(&t, "timing", txt, strlen(txt), KHO_SIDE_OUT, &diags) == 0);
	CHECK(diags.n == 0 && t.nphases == 0 && t.previous_stamps == -1);
	kho_timing_free(&t);
}

/* ---- kho/scratch ---------------------------------------------------------------- */

TEST(scratch_real_values_add_up)
{
	struct kho_scratch_use u;

	CHECK_U64(scratch_problems(&u, scratch, ser, 3), 0);
	CHECK_U64(diags.n, 0);
	CHECK(u.areas.ok && u.areas.v == 3 && u.n == 3 && u.seen == 3);
	CHECK(u.total_size.ok && u.total_size.v == 432013312);
	CHECK_STR(u.a[0].role, "lowmem");
	CHECK_STR(u.a[2].origin, "inherited");
	CHECK(u.a[2].addr.v == 0x12000000 && u.a[0].boot_used.v == 27935492);
	kho_scratch_use_free(&u);
}

TEST(scratch_checks_fail_on_broken_data)
{
	struct kho_scratch_use u;

	CHECK_U64(scratch_problems(&u, edit(scratch, "area1_free 4194304", "area1_free 4194305"),
				   NULL, 0), 2);
	CHECK(problem("../scratch: area1: in_use 0 + free 4194305 is not size "
		  "4194304"));
	CHECK(problem("total_free 387620864 but the areas add up to 387620865"));
	kho_scratch_use_free(&u);
	CHECK_U64(scratch_problems(&u, edit(scratch, "boot_used 0\n", "boot_used 4194305\n"),
				   NULL, 0), 2);
	CHECK(problem("area1: boot_used 4194305 > size 4194304"));
	kho_scratch_use_free(&u);
	CHECK_U64(scratch_problems(&u, edit(scratch, "size 432013312", "size 432013313"),
				   NULL, 0), 1);
	CHECK(problem("total_size 432013313 but the areas add up to 432013312"));
	kho_scratch_use_free(&u);
	CHECK_U64(scratch_problems(&u, edit(scratch, "areas 3", "areas 4"), NULL, 0), 2);
	CHECK(problem("areas is 4 but it lists 3 areas"));
	CHECK(problem("no lines for area3"));
	kho_scratch_use_free(&u);
	CHECK_U64(scratch_problems(&u, edit(scratch, "areas 3", "areas 2"), NULL, 0), 1);
	CHECK(problem("areas is 2 but it lists 3 areas"));
	kho_scratch_use_free(&u);
	CHECK_U64(scratch_problems(&u, edit(scratch, "area0_role lowmem", "area0_role node"),
				   NULL, 0), 1);
	CHECK(problem("area0_role is node, expected lowmem"));
	kho_scratch_use_free(&u);
}

TEST(scratch_against_scratch_phys_len)
{
	struct kho_scratch_use u;
	struct kho_scratch_ser moved[3];

	memcpy(moved, ser, sizeof(moved));
	moved[1].addr = 0x38000000;
	CHECK_U64(scratch_problems(&u, scratch, moved, 3), 1);
	CHECK(problem("area1 is 0x37800000 size 4194304, scratch_phys/scratch_len "
		  "say 0x38000000 size 4194304"));
	kho_scratch_use_free(&u);
	CHECK_U64(scratch_problems(&u, scratch, ser, 2), 1);
	CHECK(problem("3 areas, scratch_phys/scratch_len list 2"));
	kho_scratch_use_free(&u);
	/* twin: the capture's own scratch_phys/scratch_len agree */
	CHECK_U64(scratch_problems(&u, scratch, ser, 3), 0);
	kho_scratch_use_free(&u);
}

TEST(scratch_malformed_values)
{
	struct kho_scratch_use u;

	scratch_problems(&u, edit(scratch, "area2_origin inherited", "area2_origin borrowed"),
			 NULL, 0);
	CHECK(warned("area2_origin: unknown value \"borrowed\""));
	CHECK_STR(u.a[2].origin, "borrowed");	/* shown as found */
	kho_scratch_use_free(&u);
	scratch_problems(&u, edit(scratch, "area0_node 0", "area0_node -1"), NULL, 0);
	CHECK(diags.n == 0 && u.a[0].node.ok && u.a[0].node.v == -1);	/* NUMA_NO_NODE */
	kho_scratch_use_free(&u);
	scratch_problems(&u, edit(scratch, "area0_in_use 25468928\n", ""), NULL, 0);
	CHECK(warned("../scratch: area0 has no usable line for in_use"));
	kho_scratch_use_free(&u);
	scratch_problems(&u, edit(scratch, "area0_size 104857600", "area0_size 100M"), NULL, 0);
	CHECK(warned("bad number: \"area0_size 100M\""));
	CHECK(!u.a[0].size.ok);
	kho_scratch_use_free(&u);
	/* a huge area count is capped, not allocated */
	scratch_problems(&u, edit(scratch, "areas 3", "areas 18446744073709551615"), NULL, 0);
	CHECK(warned("only the first 1024 are read") && u.n == 1024);
	kho_scratch_use_free(&u);
	scratch_problems(&u, "area99999999999999999999_size 1\n", NULL, 0);
	CHECK(u.n == 0 && u.kv.n == 1 && !u.kv.v[0].used);
	kho_scratch_use_free(&u);
}

/* ---- captures ---------------------------------------------------------------------- */

/* A capture under tests/fixtures (FIXTURES is its synthetic/ directory). */
static int load(struct kho_capture *c, struct kho_decoded *k, const char *dir)
{
	char p[1024], err[256];

	snprintf(p, sizeof(p), "%s", dir);
	if (kho_capture_load(c, p, err, sizeof(err))) {
		fprintf(stderr, "  %s\n", err);
		return -1;
	}
	return kho_decode_capture(k, c, KHO_LITTLE, err, sizeof(err));
}

static const char *fixture(const char *rel)
{
	static char p[1024];

	snprintf(p, sizeof(p), "%s/../6.12/stats-hop1/%s", unit_fixtures(), rel);
	return p;
}

TEST(capture_finds_stats_timing_and_parent_scratch)
{
	struct kho_capture c;
	struct kho_decoded k;

	CHECK(load(&c, &k, fixture("in")) == 0);
	CHECK(c.side == KHO_SIDE_IN && c.stats.present && c.timing.present);
	CHECK_STR(c.scratch_use.name, "../scratch");
	CHECK(k.stats.present && k.stats.side == KHO_SIDE_IN);
	CHECK(k.stats.v[KHO_STAT_BYTES].v == 12611584);
	CHECK(k.timing.present && k.timing.blackout_ns.v == 3425451162);
	CHECK(k.scratch_use.present && k.scratch_use.total_size.v == 432013312);
	CHECK(!strstr(c.extra, "stats") && !strstr(c.extra, "timing"));
	memset(&found, 0, sizeof(found));
	kho_check_capture(&k, &c, &found);
	CHECK_U64(found.n, 0);
	kho_decoded_free(&k);
	kho_capture_free(&c);
	/* out/: the scratch usage agrees with its scratch_phys/scratch_len */
	CHECK(load(&c, &k, fixture("out")) == 0);
	CHECK(c.side == KHO_SIDE_OUT && c.has_scratch && k.stats.side == KHO_SIDE_OUT);
	CHECK(k.timing.present && k.timing.nphases == 0 && k.scratch_use.present);
	memset(&found, 0, sizeof(found));
	kho_check_capture(&k, &c, &found);
	CHECK_U64(found.n, 0);
	kho_decoded_free(&k);
	kho_capture_free(&c);
}

TEST(capture_without_stats_files)
{
	struct kho_capture c;
	struct kho_decoded k;
	char p[1024];

	snprintf(p, sizeof(p), "%s/kho-v4-out", unit_fixtures());
	CHECK(load(&c, &k, p) == 0);
	CHECK(!c.stats.present && !c.timing.present && !c.scratch_use.present);
	CHECK(!k.stats.present && !k.timing.present && !k.scratch_use.present);
	memset(&found, 0, sizeof(found));
	kho_check_capture(&k, &c, &found);
	CHECK_U64(found.n, 0);
	kho_decoded_free(&k);
	kho_capture_free(&c);
}

/* A copy of the fixture in WORK with in/stats replaced by @stats (NULL:
 * kept) and in/timing by @size bytes of 'x' lines (0: kept). */
static const char *broken_copy(const char *stats, size_t size)
{
	static char dir[1024];
	char cmd[3200], p[sizeof(dir)];
	FILE *f;

	snprintf(dir, sizeof(dir), "%.900s/stats-copy", unit_work());
	snprintf(cmd, sizeof(cmd), "rm -rf '%s' && cp -r '%s' '%s'", dir, fixture("."), dir);
	if (system(cmd))
		return NULL;
	if (stats) {
		snprintf(p, sizeof(p), "%.1000s/in/stats", dir);
		f = fopen(p, "w");
		if (!f)
			return NULL;
		fputs(stats, f);
		fclose(f);
	}
	if (size) {
		snprintf(p, sizeof(p), "%.1000s/in/timing", dir);
		f = fopen(p, "w");
		if (!f)
			return NULL;
		for (size_t i = 0; i < size; i += 16)
			fputs("xxxxxxxxxxxxxxx\n", f);
		fclose(f);
	}
	strcat(dir, "/in");
	return dir;
}

TEST(capture_broken_stats_is_a_check_problem)
{
	struct kho_capture c;
	struct kho_decoded k;
	const char *dir = broken_copy(edit(in_stats, "restored_bytes 8413184",
					   "restored_bytes 8413185"), 0);

	CHECK(dir && load(&c, &k, dir) == 0);
	memset(&found, 0, sizeof(found));
	kho_check_capture(&k, &c, &found);
	CHECK_U64(kho_diag_count(&found, KHO_PROBLEM), 1);
	CHECK(problem("restored_bytes 8413185 + claimed_bytes"));
	/* a dump reports the same as a warning */
	memset(&found, 0, sizeof(found));
	kho_check_stats(&k, &c, KHO_WARN, &found);
	CHECK(kho_diag_count(&found, KHO_WARN) == 1 && kho_diag_count(&found, KHO_PROBLEM) == 0);
	kho_decoded_free(&k);
	kho_capture_free(&c);
}

TEST(capture_huge_stats_file_is_a_warning)
{
	struct kho_capture c;
	struct kho_decoded k;
	const char *dir = broken_copy(NULL, KHO_KV_FILE_MAX + 4096);

	CHECK(dir && load(&c, &k, dir) == 0);	/* still decodes */
	CHECK(c.timing.present && !c.timing.data && !k.timing.present);
	CHECK(diag_has(&k.diags, KHO_WARN, "timing: file too large"));
	CHECK(diag_has(&k.diags, KHO_WARN, "not read"));
	CHECK(k.stats.present);		/* the other files are read */
	kho_decoded_free(&k);
	kho_capture_free(&c);
}
