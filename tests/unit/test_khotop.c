// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests: khotop's model (tools/khotop/model.c, output.c) without a
 * terminal, on the fixture trees: a 6.12 KHO boot with the series' stats,
 * timing and kho/scratch; stock 7.2 captures (debugfs only, no stats);
 * malformed files.  Rates and sorting on synthetic samples.
 */
#include <stdlib.h>
#include <sys/stat.h>

#include "../../tools/khotop/khotop.h"
#include "unit.h"

static char fx[512];

static const char *fixture(const char *rel)
{
	const char *syn = unit_fixtures();	/* .../tests/fixtures/synthetic */

	snprintf(fx, sizeof(fx), "%s/../%s", syn, rel);
	return fx;
}

static struct khotop_snap snap;

TEST(khotop_612_kho_boot)
{
	int64_t ns;

	memset(&snap, 0, sizeof(snap));
	CHECK(khotop_read_debugfs(fixture("6.12/debugfs-hop1"), &snap) == 0);
	CHECK(snap.kho && snap.kho_boot && snap.has_prev);
	CHECK_STR(snap.prev_release, "6.12.117");
	CHECK_U64(snap.kexec_count, 1);
	CHECK_U64(snap.warnings, 0);
	/* scratch = kho/scratch of the fixture */
	CHECK(snap.has_scratch_use);
	CHECK_U64(snap.nareas, 3);
	CHECK_STR(snap.areas[0].role, "lowmem");
	CHECK_U64(snap.areas[0].addr, 0x37c00000);
	CHECK_U64(snap.areas[0].size, 104857600);
	CHECK_U64(snap.areas[0].in_use, 25468928);
	CHECK_U64(snap.areas[0].boot_used, 27935492);
	CHECK_U64(snap.areas[2].size, 322961408);
	/* preserved = kho/out/stats */
	CHECK(snap.has_out_stats);
	CHECK_U64(snap.preserved_bytes, 12611584);
	CHECK_U64(snap.preserved_blocks, 34);
	CHECK_U64(snap.order_blocks[7], 8);
	CHECK_U64(snap.nsubs, 3);
	/* what came back, and the blackout */
	CHECK(snap.has_in_stats);
	CHECK_U64(snap.unclaimed, 0);
	CHECK(snap.has_blackout);
	CHECK_U64(snap.blackout_ns, 3425451162);
	CHECK(khotop_phase_ns(&snap, "first_exec", &ns) && ns == 3447450533);
	CHECK(!khotop_phase_ns(&snap, "nope", &ns));
	CHECK_U64(snap.finalized, 0);
}

TEST(khotop_72_debugfs_only)
{
	memset(&snap, 0, sizeof(snap));
	CHECK(khotop_read_debugfs(fixture("7.2/debugfs-kexec1"), &snap) == 0);
	CHECK(snap.kho && snap.kho_boot && snap.has_prev);
	CHECK_STR(snap.prev_release, "7.2.13");
	CHECK(!snap.has_scratch_use && !snap.has_out_stats && !snap.has_in_stats);
	CHECK(!snap.has_timing && !snap.has_blackout);
	CHECK_U64(snap.nareas, 3);	/* from scratch_phys/scratch_len */
	CHECK(!snap.areas[0].has_use);
	memset(&snap, 0, sizeof(snap));
	CHECK(khotop_read_debugfs(fixture("7.2/debugfs-cold"), &snap) == 0);
	CHECK(snap.kho && !snap.kho_boot && !snap.has_prev);
	/* the root FDT of 7.2's debugfs is cut off: sub_fdts fills the gap */
	CHECK_U64(snap.nsubs, 3);
	CHECK_STR(snap.subs[2].name, "kexec-metadata");
	CHECK_U64(snap.subs[2].size, 73);
	/* no kho/ at all: nothing claimed */
	memset(&snap, 0, sizeof(snap));
	CHECK(khotop_read_debugfs(fixture("7.2"), &snap) == 0);
	CHECK(!snap.kho && snap.nareas == 0);
}

static void put(const char *dir, const char *name, const char *text)
{
	char p[1024];
	FILE *f;

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	f = fopen(p, "w");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

TEST(khotop_malformed_files)
{
	char d[400], o[600], i[600];

	snprintf(d, sizeof(d), "%.300s/khotop-bad", unit_work());
	snprintf(o, sizeof(o), "%s/kho/out", d);
	snprintf(i, sizeof(i), "%s/kho/in", d);
	mkdir(d, 0755);
	snprintf(fx, sizeof(fx), "%s/kho", d);
	mkdir(fx, 0755);
	mkdir(o, 0755);
	mkdir(i, 0755);
	put(o, "scratch_phys", "0x1000\nzz\n");
	put(o, "scratch_len", "0x1000\n");
	put(o, "stats", "preserved_bytes lots\npreserved_blocks -3\n\x01\x02\n");
	put(o, "finalize", "2\n");
	put(d, "kho/scratch", "areas 99999999999999999999\narea0_size 0x10\n");
	put(i, "fdt", "\xd0\x0d\xfe\xed garbage");
	memset(&snap, 0, sizeof(snap));
	CHECK(khotop_read_debugfs(d, &snap) == 0);
	CHECK(snap.kho);
	CHECK(snap.warnings > 0);
	CHECK(snap.first_warning[0] != '\0');
	CHECK(snap.finalized == -1);	/* "2" is not a flag */
	CHECK_U64(snap.preserved_bytes, 0);	/* never a made-up number */
}

TEST(khotop_rates_and_sort)
{
	static struct khotop_model m;
	struct khotop_snap s;

	memset(&m, 0, sizeof(m));
	memset(&s, 0, sizeof(s));
	s.t_ns = 1000000000ULL;
	s.bpf = true;
	s.ev_count[KHO_EV_PRESERVE] = 10;
	s.preserved_bytes = 4096;
	s.nowners = 2;
	strcpy(s.owners[0].name, "b");
	s.owners[0].bytes = 8192;
	strcpy(s.owners[1].name, "a");
	s.owners[1].bytes = 4096;
	khotop_model_push(&m, &s);
	CHECK(!m.have_prev);
	CHECK(m.ev_rate[KHO_EV_PRESERVE] == 0);
	s.t_ns += 2000000000ULL;			/* 2 s later */
	s.ev_count[KHO_EV_PRESERVE] = 30;
	s.ev_failed[KHO_EV_PRESERVE] = 4;
	s.preserved_bytes = 4096 + 8192;
	s.owners[1].bytes = 4096 * 9;			/* a: +32 KiB in 2 s */
	khotop_model_push(&m, &s);
	CHECK(m.have_prev);
	CHECK(m.ev_rate[KHO_EV_PRESERVE] == 10.0);
	CHECK(m.fail_rate[KHO_EV_PRESERVE] == 2.0);
	CHECK(m.preserved_rate == 4096.0);
	CHECK_STR(m.cur.owners[0].name, "a");		/* by bytes */
	CHECK(m.cur.owners[0].rate == 16384.0);
	khotop_model_sort(&m, KHOTOP_SORT_NAME);
	CHECK_STR(m.cur.owners[0].name, "a");
	khotop_model_sort(&m, KHOTOP_SORT_RATE);
	CHECK_STR(m.cur.owners[1].name, "b");
	/* a counter that went backwards (BPF reloaded) is no negative rate */
	s.t_ns += 1000000000ULL;
	s.ev_count[KHO_EV_PRESERVE] = 1;
	khotop_model_push(&m, &s);
	CHECK(m.ev_rate[KHO_EV_PRESERVE] == 0);
}

TEST(khotop_prometheus_atomic)
{
	static struct khotop_model m;
	char p[600], line[512];
	FILE *f;
	int n = 0, bad = 0;

	memset(&m, 0, sizeof(m));
	CHECK(khotop_read_debugfs(fixture("6.12/debugfs-hop1"), &m.cur) == 0);
	strcpy(m.cur.areas[0].role, "lo\"w\\mem");	/* untrusted label text */
	snprintf(p, sizeof(p), "%s/kho.prom", unit_work());
	CHECK(khotop_write_prometheus(p, &m) == 0);
	f = fopen(p, "r");
	CHECK(f != NULL);
	while (fgets(line, sizeof(line), f)) {
		n++;
		if (line[0] == '#')
			continue;
		/* name{labels} value: no raw quote inside a label value */
		if (!strchr(line, ' ') || strstr(line, "\"w\\mem"))
			bad++;
	}
	fclose(f);
	CHECK(n > 20);
	CHECK_U64(bad, 0);
	snprintf(p, sizeof(p), "%s/no/such/dir/kho.prom", unit_work());
	CHECK(khotop_write_prometheus(p, &m) == -1);
}
