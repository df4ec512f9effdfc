// SPDX-License-Identifier: GPL-2.0
/* Unit tests: radix key encoding (worked examples of the ABI map) and walks. */
#include <stdlib.h>

#include "../../include/kho_abi.h"
#include "../../tools/lib/kho_radix.h"
#include "../lib/kho_synth.h"
#include "unit.h"

/* kho-abi-7.2-map.md §1.3 worked examples: pa, order, key, L5..L1, bit */
static const struct { uint64_t pa; unsigned int order; uint64_t key; unsigned int idx[6]; } ex[] = {
	{ 0x1000, 0, 0x10000000000001ull, { 1, 0, 0, 0, 0, 2 } },
	{ 0x100000000ull, 0, 0x10000000100000ull, { 0, 32, 0, 0, 0, 2 } },
	{ 0x2000, 1, 0x8000000000001ull, { 1, 0, 0, 0, 0, 1 } },
	{ 0x200000, 9, 0x80000000001ull, { 1, 0, 0, 0, 2, 0 } },
	{ 0x40000000, 18, 0x400000001ull, { 1, 0, 0, 2, 0, 0 } },
};

TEST(radix_worked_examples)
{
	for (size_t i = 0; i < sizeof(ex) / sizeof(ex[0]); i++) {
		uint64_t pa = 0;

		CHECK_U64(kho_radix_encode_key(ex[i].pa, ex[i].order), ex[i].key);
		CHECK_U64(kho_radix_decode_key(ex[i].key, &pa), ex[i].order);
		CHECK_U64(pa, ex[i].pa);
		for (unsigned int l = 0; l < 6; l++)
			CHECK_U64(kho_radix_index(ex[i].key, l), ex[i].idx[l]);
	}
	CHECK(kho_radix_decode_key(0, &(uint64_t){ 0 }) == -1);
	/* order 0 keys sit under root[2], order 1 under root[1], >= 2 under root[0] */
	CHECK_U64(kho_radix_index(kho_radix_encode_key(0x7ffff000ull, 0), 5), 2);
	CHECK_U64(kho_radix_index(kho_radix_encode_key(0x7fffe000ull, 1), 5), 1);
	CHECK_U64(kho_radix_index(kho_radix_encode_key(0x7fffc000ull, 2), 5), 0);
}

TEST(radix_roundtrip_many)
{
	uint32_t x = 1;

	for (int i = 0; i < 20000; i++) {
		unsigned int order;
		uint64_t pa, back;

		x = x * 1103515245u + 12345u;
		order = x % 30;
		x = x * 1103515245u + 12345u;
		pa = ((uint64_t)x << 20 ^ x) & ((1ull << 46) - 1);

		pa &= ~((1ull << (12 + order)) - 1);
		CHECK((unsigned int)kho_radix_decode_key(kho_radix_encode_key(pa, order), &back) == order);
		CHECK_U64(back, pa);
	}
}

static int walk(struct kho_synth_mem *m, enum kho_endian e, struct kho_memmap *mm,
		uint64_t max_nodes, size_t max_ranges)
{
	struct kho_radix_limits lim = { max_nodes, max_ranges };
	char err[128];

	return kho_radix_walk(m->root, kho_synth_read, m, e, &lim, mm, err, sizeof(err));
}

static void build_known(struct kho_synth_mem *m, enum kho_endian e)
{
	kho_synth_mem_init(m, 0x10000000, 64, e);
	kho_synth_preserve(m, 0x1000, 0);
	kho_synth_preserve(m, 0x2000, 1);		/* touches 0x1000: one range */
	kho_synth_preserve(m, 0x200000, 9);
	kho_synth_preserve(m, 0x40000000, 18);
	kho_synth_preserve_range0(m, 0x100000000ull - 0x1000 * 100, 100);
	kho_synth_preserve_range0(m, 0x200000000ull, 32768 + 70);	/* full leaf + 70 */
}

static void check_known(const struct kho_memmap *mm)
{
	static const struct kho_range want[] = {
		{ 0x1000, 0x3000 },
		{ 0x200000, 0x200000 },
		{ 0x40000000, 0x40000000 },
		{ 0x100000000ull - 0x64000, 0x64000 },
		{ 0x200000000ull, (32768ull + 70) << 12 },
	};

	CHECK_U64(mm->blocks[0], 1 + 100 + 32768 + 70);
	CHECK_U64(mm->blocks[1], 1);
	CHECK_U64(mm->blocks[9], 1);
	CHECK_U64(mm->blocks[18], 1);
	CHECK_U64(mm->total_bytes, (1 + 100 + 32768 + 70) * 4096ull + 8192 + (2ull << 20) + (1ull << 30));
	CHECK_U64(mm->nranges, 5);
	for (size_t i = 0; i < 5; i++) {
		CHECK_U64(mm->ranges[i].start, want[i].start);
		CHECK_U64(mm->ranges[i].size, want[i].size);
	}
	CHECK(!mm->unreadable && !mm->revisits && !mm->bad_keys && !mm->overlap_bytes);
}

TEST(radix_walk_known_set)
{
	struct kho_synth_mem m;
	struct kho_memmap mm;

	build_known(&m, KHO_LITTLE);
	CHECK(walk(&m, KHO_LITTLE, &mm, 0, 0) == 0);
	check_known(&mm);
	CHECK(mm.leaves >= 4 && mm.tables >= 5);
	kho_memmap_free(&mm);
	kho_synth_mem_free(&m);
}

TEST(radix_walk_big_endian)
{
	struct kho_synth_mem m;
	struct kho_memmap mm;

	build_known(&m, KHO_BIG);
	CHECK(walk(&m, KHO_BIG, &mm, 0, 0) == 0);
	check_known(&mm);
	kho_memmap_free(&mm);
	/* read with the wrong byte order, the pointers lead nowhere */
	CHECK(walk(&m, KHO_LITTLE, &mm, 0, 0) == 0);
	CHECK(mm.unreadable > 0 && mm.total_bytes == 0);
	kho_memmap_free(&mm);
	kho_synth_mem_free(&m);
}

TEST(radix_walk_cycle_and_shared)
{
	struct kho_synth_mem m;
	struct kho_memmap mm;

	kho_synth_mem_init(&m, 0x10000000, 16, KHO_LITTLE);
	kho_synth_preserve(&m, 0x1000, 0);
	/* root[7] -> root: a cycle; root[2]'s L4 table gets a second parent */
	kho_put_u64(m.base + 8 * 7, m.root, KHO_LITTLE);
	kho_put_u64(m.base + 8 * 8, kho_get_u64(m.base + 8 * 2, KHO_LITTLE), KHO_LITTLE);
	CHECK(walk(&m, KHO_LITTLE, &mm, 0, 0) == 0);
	CHECK_U64(mm.revisits, 2);
	CHECK_U64(mm.blocks[0], 1);
	kho_memmap_free(&mm);
	kho_synth_mem_free(&m);
}

TEST(radix_walk_unreadable_and_limits)
{
	struct kho_synth_mem m;
	struct kho_memmap mm;
	char err[128];

	kho_synth_mem_init(&m, 0x10000000, 16, KHO_LITTLE);
	kho_synth_preserve(&m, 0x1000, 0);
	kho_put_u64(m.base + 8 * 100, 0xdead000, KHO_LITTLE);	/* outside the image */
	CHECK(walk(&m, KHO_LITTLE, &mm, 0, 0) == 0);
	CHECK_U64(mm.unreadable, 1);
	CHECK_U64(mm.blocks[0], 1);
	kho_memmap_free(&mm);
	CHECK(walk(&m, KHO_LITTLE, &mm, 3, 0) == 0);
	CHECK(mm.node_limit_hit && mm.blocks[0] == 0);
	kho_memmap_free(&mm);
	CHECK(kho_radix_walk(0x5000, kho_synth_read, &m, KHO_LITTLE, NULL, &mm, err,
			     sizeof(err)) == -1);
	CHECK(strstr(err, "not in the memory image"));
	kho_synth_mem_free(&m);
}

TEST(radix_walk_overlap_badkey_ranges)
{
	struct kho_synth_mem m;
	struct kho_memmap mm;
	struct kho_scratch_ser s = { 0x200000, 0x400000 };
	struct kho_diags *d = calloc(1, sizeof(*d));

	kho_synth_mem_init(&m, 0x10000000, 32, KHO_LITTLE);
	kho_synth_preserve(&m, 0x2000, 1);
	kho_synth_preserve(&m, 0x3000, 0);		/* inside the order-1 block */
	for (int i = 0; i < 6; i++)
		kho_synth_preserve(&m, 0x200000 + 0x10000 * i, 0);
	CHECK(walk(&m, KHO_LITTLE, &mm, 0, 4) == 0);
	CHECK_U64(mm.overlap_bytes, 4096);
	CHECK(mm.ranges_truncated);
	kho_memmap_free(&mm);
	CHECK(walk(&m, KHO_LITTLE, &mm, 0, 0) == 0);
	CHECK_U64(kho_memmap_scratch_overlap(&mm, &s, 1), 6 * 4096);
	kho_memmap_check(&mm, &s, 1, d);
	CHECK_U64(kho_diag_count(d, KHO_PROBLEM), 2);	/* overlap + scratch */
	kho_memmap_free(&mm);
	kho_synth_mem_free(&m);
	/* all-zero path: key 5 would be an order-50 block far beyond 2^52 */
	kho_synth_mem_init(&m, 0x10000000, 16, KHO_LITTLE);
	for (int l = 0; l < 5; l++)	/* chain of index-0 tables down to a leaf */
		kho_put_u64(m.base + 4096 * l, m.phys + 4096 * (l + 1), KHO_LITTLE);
	m.used = 6;
	m.base[4096 * 5] = 0x20;	/* bit 5: key 5 */
	CHECK(walk(&m, KHO_LITTLE, &mm, 0, 0) == 0);
	CHECK_U64(mm.bad_keys, 1);
	CHECK_U64(mm.total_bytes, 0);
	kho_memmap_free(&mm);
	kho_synth_mem_free(&m);
	free(d);
}
