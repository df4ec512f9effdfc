// SPDX-License-Identifier: GPL-2.0
/* Unit tests: decoding and checking every blob kind, captures and diffs. */
#include <libfdt.h>
#include <stdlib.h>

#include "../../include/kho_abi.h"
#include "../../tools/lib/kho_capture.h"
#include "../lib/kho_synth.h"
#include "unit.h"

static uint8_t blob[16384];
static struct kho_diags diags;

static void decode(struct kho_blob *b, const char *name, size_t len, enum kho_endian e)
{
	memset(&diags, 0, sizeof(diags));
	kho_blob_decode(b, name, blob, len, e, &diags);
}

/* problems found by kho_blob_check; @want must appear in one of them */
static unsigned int problems(const struct kho_blob *b, const char *want, bool *found)
{
	memset(&diags, 0, sizeof(diags));
	kho_blob_check(b, &diags);
	*found = !want;
	for (unsigned int i = 0; i < diags.n; i++)
		if (want && strstr(diags.d[i].msg, want))
			*found = true;
	return kho_diag_count(&diags, KHO_PROBLEM);
}

static const struct kho_synth_sub subs[] = {
	{ .name = "memblock", .addr = 0x6000, .size = 0x120 },
	{ .name = "kexec-metadata", .addr = 0x7000, .size = 73 },
};

TEST(decode_versions)
{
	static const char *const compat[] = { NULL, "kho-v1", "kho-v2", "kho-v3", "kho-v4" };

	for (int v = 1; v <= 4; v++) {
		struct kho_blob b;
		bool found;

		kho_synth_root(blob, sizeof(blob), v, compat[v], 0x10000000, subs, 2, KHO_LITTLE);
		decode(&b, NULL, fdt_totalsize(blob), KHO_LITTLE);
		CHECK(b.kind == KHO_KIND_ROOT);
		CHECK_U64(b.u.root.abi, v);
		CHECK_U64(b.u.root.nsubs, 2);
		CHECK_STR(b.u.root.subs[0].addr_prop, v == 1 ? "fdt" : "preserved-data");
		CHECK(b.u.root.subs[0].addr.ok && b.u.root.subs[0].addr.val == 0x6000);
		CHECK(b.u.root.subs[1].size.present == (v >= 3));
		CHECK(b.u.root.map.ok && b.u.root.map.val == 0x10000000);
		CHECK_U64(problems(&b, NULL, &found), 0);
		kho_blob_free(&b);
	}
}

TEST(decode_unknown_version_and_compat_list)
{
	struct kho_blob b;
	bool found;
	int err;

	kho_synth_root(blob, sizeof(blob), 4, "kho-v9", 0x10000000, subs, 2, KHO_LITTLE);
	decode(&b, NULL, fdt_totalsize(blob), KHO_LITTLE);
	CHECK(b.kind == KHO_KIND_ROOT && b.u.root.abi == 9 && b.u.root.nsubs == 2);
	CHECK_U64(problems(&b, "unknown compatible \"kho-v9\"", &found), 1);
	CHECK(found);
	kho_blob_free(&b);
	/* a list: the kho-vN entry wins (7.2 uses fdt_node_check_compatible) */
	err = fdt_create(blob, sizeof(blob));
	err |= fdt_finish_reservemap(blob);
	err |= fdt_begin_node(blob, "");
	err |= fdt_property(blob, "compatible", "acme,x\0kho-v4", 14);
	err |= fdt_end_node(blob);
	err |= fdt_finish(blob);
	CHECK(!err);
	decode(&b, NULL, fdt_totalsize(blob), KHO_LITTLE);
	CHECK(b.kind == KHO_KIND_ROOT && b.u.root.abi == 4);
	CHECK(!b.u.root.map.present);
	CHECK(problems(&b, "missing property preserved-memory-map", &found) == 1 && found);
	kho_blob_free(&b);
}

TEST(decode_root_problems)
{
	struct kho_synth_sub bad[] = {
		{ .name = "a", .addr = 0x6000, .size = 8, .no_size = true },
		{ .name = "b", .addr = 0, .size = 8 },
		{ .name = "c", .addr = 0x6004, .size = 0 },
		{ .name = "a", .addr = 0x8000, .size = 8 },
	};
	struct kho_blob b;
	bool found;

	kho_synth_root(blob, sizeof(blob), 3, "kho-v3", 0x10000010, bad, 4, KHO_LITTLE);
	decode(&b, NULL, fdt_totalsize(blob), KHO_LITTLE);
	CHECK(b.kind == KHO_KIND_ROOT);
	CHECK(problems(&b, "missing property blob-size", &found) == 6 && found);
	CHECK(problems(&b, "preserved-data is 0", &found) && found);
	CHECK(problems(&b, "not 8-byte aligned", &found) && found);
	CHECK(problems(&b, "blob-size is 0", &found) && found);
	CHECK(problems(&b, "duplicate subtree name \"a\"", &found) && found);
	CHECK(problems(&b, "not page aligned", &found) && found);
	kho_blob_free(&b);
	/* kho-v2 has no blob-size: its absence is fine there */
	kho_synth_root(blob, sizeof(blob), 2, "kho-v2", 0x10000000, bad, 1, KHO_LITTLE);
	decode(&b, NULL, fdt_totalsize(blob), KHO_LITTLE);
	CHECK_U64(problems(&b, NULL, &found), 0);
	kho_blob_free(&b);
}

TEST(decode_memblock)
{
	static const struct kho_synth_region r[] = {
		{ "oops", 0x3dc00000, 0x4000000 },
		{ "trace", 0x3dc01000, 0x1000 },		/* overlaps oops */
		{ "a-very-long-label", 0x100000000ull, 0x1800 },	/* >15 chars, odd size */
	};
	struct kho_blob b;
	bool found;

	kho_synth_memblock(blob, sizeof(blob), r, 1, KHO_LITTLE);
	decode(&b, "memblock", fdt_totalsize(blob), KHO_LITTLE);
	CHECK(b.kind == KHO_KIND_MEMBLOCK && b.u.mb.n == 1);
	CHECK_STR(b.u.mb.r[0].name, "oops");
	CHECK_STR(b.u.mb.r[0].compat, "reserve-mem-v1");
	CHECK_U64(b.u.mb.r[0].start.val, 0x3dc00000);
	CHECK_U64(b.u.mb.r[0].size.val, 0x4000000);
	CHECK_U64(problems(&b, NULL, &found), 0);
	kho_blob_free(&b);
	/* the same bytes read as big-endian give the dtc-style swapped value */
	decode(&b, "memblock", fdt_totalsize(blob), KHO_BIG);
	CHECK_U64(b.u.mb.r[0].start.val, 0x0000c03d00000000ull);
	kho_blob_free(&b);
	kho_synth_memblock(blob, sizeof(blob), r, 3, KHO_LITTLE);
	decode(&b, "memblock", fdt_totalsize(blob), KHO_LITTLE);
	CHECK(problems(&b, "overlaps reserve_mem \"oops\"", &found) == 3 && found);
	CHECK(problems(&b, "longer than 15", &found) && found);
	CHECK(problems(&b, "not a multiple of 4 KiB", &found) && found);
	kho_blob_free(&b);
}

TEST(decode_metadata_luo_test)
{
	struct kho_blob b;
	bool found;

	kho_synth_metadata(blob, 1, "7.2.13-amd64", 4, KHO_LITTLE);
	decode(&b, NULL, 73, KHO_LITTLE);	/* recognised by size + version */
	CHECK(b.kind == KHO_KIND_METADATA && b.u.md.complete);
	CHECK_STR(b.u.md.release, "7.2.13-amd64");
	CHECK_U64(b.u.md.kexec_count, 4);
	CHECK_U64(problems(&b, NULL, &found), 0);
	kho_blob_free(&b);
	kho_synth_metadata(blob, 1, "6.12.117", 2, KHO_BIG);
	decode(&b, "kexec-metadata", 73, KHO_BIG);
	CHECK(b.u.md.version == 1 && b.u.md.kexec_count == 2);
	kho_blob_free(&b);
	decode(&b, "kexec-metadata", 10, KHO_BIG);
	CHECK(b.kind == KHO_KIND_METADATA && !b.u.md.complete);
	CHECK(problems(&b, "10 bytes, expected 73", &found) && found);
	kho_blob_free(&b);
	memset(blob + 4, 'x', 65);	/* release without its NUL */
	decode(&b, "kexec-metadata", 73, KHO_BIG);
	CHECK(problems(&b, "not NUL-terminated", &found) && found);
	kho_blob_free(&b);

	kho_synth_luo(blob, "luo-v5", 7, 0x1000, 0x2000, KHO_LITTLE);
	decode(&b, NULL, 32, KHO_LITTLE);
	CHECK(b.kind == KHO_KIND_LUO && b.u.luo.complete);
	CHECK_STR(b.u.luo.compat, "luo-v5");
	CHECK(b.u.luo.liveupdate_num == 7 && b.u.luo.sessions_pa == 0x1000 &&
	      b.u.luo.flbs_pa == 0x2000);
	CHECK_U64(problems(&b, NULL, &found), 0);
	kho_blob_free(&b);
	kho_synth_luo(blob, "luo-v4", 7, 0x1000, 0x2000, KHO_LITTLE);
	decode(&b, "LUO", 24, KHO_LITTLE);
	CHECK(problems(&b, "7.2 panics", &found) == 2 && found);
	kho_blob_free(&b);

	kho_synth_kho_test(blob, sizeof(blob), 5, 0xabcd, 0x9000, 20, KHO_LITTLE);
	decode(&b, "kho_test", fdt_totalsize(blob), KHO_LITTLE);
	CHECK(b.kind == KHO_KIND_KHO_TEST && b.u.test.magic == KHO_TEST_MAGIC);
	CHECK(b.u.test.nr_folios == 5 && b.u.test.csum == 0xabcd);
	CHECK(b.u.test.folios.first_phys == 0x9000 && b.u.test.folios.total_pages == 20 &&
	      b.u.test.folios.flags == KHO_VMALLOC_FLAG_ALLOC);
	CHECK_U64(problems(&b, NULL, &found), 0);
	kho_blob_free(&b);

	memset(blob, 0xaa, 40);
	decode(&b, "ftrace", 40, KHO_LITTLE);
	CHECK(b.kind == KHO_KIND_RAW);
	kho_blob_free(&b);
}

TEST(decode_scratch_checks)
{
	struct kho_scratch_ser s[] = {
		{ 0x4000000, 0x4000000 }, { 0x6000000, 0x4000000 }, { 0x11001000, 0x400000 },
		{ 0x10000000, 0 },
	};

	memset(&diags, 0, sizeof(diags));
	kho_scratch_check(s, 1, &diags);
	CHECK_U64(diags.n, 0);
	kho_scratch_check(s, 4, &diags);
	CHECK_U64(kho_diag_count(&diags, KHO_PROBLEM), 2);	/* overlap, align */
	CHECK_U64(kho_diag_count(&diags, KHO_INFO), 1);		/* empty area: fine */
	CHECK(kho_in_scratch(s, 1, 0x7fff000, 0x1000) && !kho_in_scratch(s, 1, 0x8000000, 1));
}

static int load(struct kho_capture *c, struct kho_decoded *k, const char *rel,
		enum kho_endian e)
{
	char p[1024], err[256];

	snprintf(p, sizeof(p), "%s/%s", unit_fixtures(), rel);
	if (kho_capture_load(c, p, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		return -1;
	}
	return kho_decode_capture(k, c, e, err, sizeof(err));
}

TEST(capture_fixture_out)
{
	struct kho_capture c;
	struct kho_decoded k;
	const struct kho_blob *mb, *md;

	CHECK(load(&c, &k, "kho-v4-out", KHO_LITTLE) == 0);
	CHECK(c.is_dir && c.has_scratch && c.nscratch == 2 && c.nsubs == 4);
	CHECK_U64(c.scratch[1].addr, 0x100000000ull);
	CHECK(k.has_root && k.root.u.root.nsubs == 4);
	mb = kho_decoded_sub(&k, "memblock");
	md = kho_decoded_sub(&k, "kexec-metadata");
	CHECK(mb && mb->kind == KHO_KIND_MEMBLOCK && mb->u.mb.n == 2);
	CHECK(md && md->kind == KHO_KIND_METADATA && md->u.md.kexec_count == 3);
	memset(&diags, 0, sizeof(diags));
	kho_check_capture(&k, &c, &diags);
	CHECK_U64(diags.n, 0);
	kho_decoded_free(&k);
	kho_capture_free(&c);
}

/* Found by fuzz_capture: a capture whose fdt fails to decode left its root
 * blob allocated, and khotop and khoverify, which free only on success,
 * leaked it. */
TEST(capture_decode_failure_holds_nothing)
{
	static const char *const bad[] = { "malformed/dir-bad-fdt", "malformed/dir-memblock-fdt" };

	for (size_t i = 0; i < KHO_ARRAY_SIZE(bad); i++) {
		struct kho_capture c;
		struct kho_decoded k;

		CHECK(load(&c, &k, bad[i], KHO_LITTLE) == -1);
		CHECK(c.fdt && !k.has_root && !k.root.fdt.buf && !k.subs && !k.nsubs);
		kho_capture_free(&c);
	}
}

static unsigned int diff(const char *a, const char *b, char **out)
{
	struct kho_capture ca, cb;
	struct kho_decoded ka, kb;
	size_t len;
	FILE *f = open_memstream(out, &len);
	struct kout o;
	unsigned int n;

	if (load(&ca, &ka, a, KHO_LITTLE) || load(&cb, &kb, b, KHO_LITTLE))
		return 999;
	kout_init(&o, f);
	kout_begin(&o);
	n = kho_diff(&o, &ka, &kb);
	kout_end(&o);
	fclose(f);
	kho_decoded_free(&ka);
	kho_decoded_free(&kb);
	kho_capture_free(&ca);
	kho_capture_free(&cb);
	return n;
}

TEST(capture_diff)
{
	char *out;

	CHECK_U64(diff("kho-v4-out", "kho-v4-out", &out), 0);
	free(out);
	CHECK_U64(diff("kho-v4-out", "kho-v4-in", &out), 2);
	CHECK(strstr(out, "\"reserve-mem-moved\"") && strstr(out, "\"reserve-mem-resized\""));
	CHECK(strstr(out, "\"old_start\": 1342177280") && strstr(out, "\"new_start\": 1476395008"));
	CHECK(!strstr(out, "\"oops\""));
	free(out);
	/* compat, 3 missing, memblock's blob-size 294 -> 0x120, ftrace added */
	CHECK_U64(diff("kho-v4-out", "kho-v3", &out), 6);
	CHECK(strstr(out, "\"compatible-changed\"") && strstr(out, "\"subtree-missing\"") &&
	      strstr(out, "\"subtree-added\"") && strstr(out, "\"subtree-resized\""));
	free(out);
}

TEST(capture_default_layouts)
{
	char dbg[512], p[1024], cmd[1200];

	snprintf(dbg, sizeof(dbg), "%s/fake-debugfs", unit_work());
	snprintf(cmd, sizeof(cmd), "rm -rf %s && mkdir -p %s/liveupdate/kho_in", dbg, dbg);
	CHECK(system(cmd) == 0);
	CHECK(!kho_capture_default(dbg, false, p, sizeof(p)));
	CHECK(strstr(p, "/kho/out"));
	CHECK(kho_capture_default(dbg, true, p, sizeof(p)));
	CHECK(strstr(p, "/liveupdate/kho_in"));
	snprintf(cmd, sizeof(cmd), "mkdir -p %s/kho/in", dbg);
	CHECK(system(cmd) == 0);
	CHECK(kho_capture_default(dbg, true, p, sizeof(p)) && strstr(p, "/kho/in"));
}

TEST(capture_parse_scratch)
{
	struct kho_scratch_ser *s;
	size_t n;
	char err[128];

	CHECK(kho_parse_scratch("0x1000000\n0x40000000\n", "0x400000\n0x800000\n", &s, &n,
				err, sizeof(err)) == 0);
	CHECK(n == 2 && s[1].addr == 0x40000000 && s[1].size == 0x800000);
	free(s);
	CHECK(kho_parse_scratch("", "", &s, &n, err, sizeof(err)) == 0 && n == 0);
	free(s);
	CHECK(kho_parse_scratch("0x1\n", "", &s, &n, err, sizeof(err)) == -1);
	CHECK(kho_parse_scratch("16\n", "0x1\n", &s, &n, err, sizeof(err)) == -1);
	CHECK(kho_parse_scratch("0x1 \n", "0x1\n", &s, &n, err, sizeof(err)) == -1);
}
