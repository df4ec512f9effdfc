// SPDX-License-Identifier: GPL-2.0
/* kho_radix.c - preserved-memory radix tree walk and summary (kho_radix.h). */
#include "kho_radix.h"
#include "kho_decode.h"

#include <stdlib.h>
#include <string.h>

#define PHYS_LIMIT	(UINT64_C(1) << 52)	/* x86-64 architectural maximum */
#define NO_RANGE	SIZE_MAX

struct walk {
	kho_read_fn rd;
	void *ctx;
	enum kho_endian e;
	struct kho_radix_limits lim;
	struct kho_memmap *m;
	uint8_t page[KHO_TREE_MAX_DEPTH][KHO_PAGE_SIZE];
};

/* Inserts @phys into the visited set; false if it was already there. */
static bool seen_add(struct kho_memmap *m, uint64_t phys)
{
	size_t i;

	if (2 * (m->seen_n + 1) > m->seen_cap) {
		size_t ncap = m->seen_cap ? 2 * m->seen_cap : 1024;
		uint64_t *n = calloc(ncap, sizeof(*n));

		if (!n)
			return true;	/* cannot track: walk on, limits still apply */
		for (size_t j = 0; j < m->seen_cap; j++) {
			uint64_t v = m->seen[j];

			if (!v)
				continue;
			for (i = (size_t)(v >> 12) * 0x9e3779b97f4a7c15ull % ncap; n[i];
			     i = (i + 1) % ncap)
				;
			n[i] = v;
		}
		free(m->seen);
		m->seen = n;
		m->seen_cap = ncap;
	}
	for (i = (size_t)((phys >> 12) * 0x9e3779b97f4a7c15ull % m->seen_cap);
	     m->seen[i]; i = (i + 1) % m->seen_cap)
		if (m->seen[i] == phys)
			return false;
	m->seen[i] = phys;
	m->seen_n++;
	return true;
}

static void add_range(struct kho_memmap *m, const struct kho_radix_limits *lim,
		      unsigned int order, uint64_t pa, uint64_t size)
{
	size_t l = m->last[order];

	if (l != NO_RANGE && m->ranges[l].start + m->ranges[l].size == pa) {
		m->ranges[l].size += size;
		return;
	}
	if (m->nranges == m->cap) {
		size_t ncap = m->cap ? 2 * m->cap : 256;
		struct kho_range *n;

		if (ncap > lim->max_ranges)
			ncap = lim->max_ranges;
		if (ncap <= m->nranges) {
			m->ranges_truncated = true;
			return;
		}
		n = realloc(m->ranges, ncap * sizeof(*n));
		if (!n) {
			m->ranges_truncated = true;
			return;
		}
		m->ranges = n;
		m->cap = ncap;
	}
	m->ranges[m->nranges].start = pa;
	m->ranges[m->nranges].size = size;
	m->last[order] = m->nranges++;
}

/* @n consecutive blocks of @order starting at key @key. */
static void add_blocks(struct walk *w, uint64_t key, uint64_t n)
{
	struct kho_memmap *m = w->m;
	uint64_t pa;
	int order = kho_radix_decode_key(key, &pa);
	unsigned int shift;

	if (order < 0 || order + KHO_PAGE_SHIFT >= 63) {
		m->bad_keys += n;
		return;
	}
	shift = (unsigned int)order + KHO_PAGE_SHIFT;
	if (pa >= PHYS_LIMIT || (n << shift) > PHYS_LIMIT - pa) {
		m->bad_keys += n;
		return;
	}
	m->blocks[order] += n;
	m->total_bytes += n << shift;
	add_range(m, &w->lim, (unsigned int)order, pa, n << shift);
}

static void walk_leaf(struct walk *w, const uint8_t *leaf, uint64_t prefix)
{
	uint64_t base = prefix << KHO_BITMAP_SIZE_LOG2;
	bool same_order = prefix != 0;	/* the order bit lies in the prefix */

	for (unsigned int wi = 0; wi < KHO_BITMAP_BITS / 64; wi++) {
		uint64_t word = kho_get_u64(leaf + 8 * wi, w->e);
		unsigned int bit = 0;

		while (word) {
			unsigned int t = (unsigned int)__builtin_ctzll(word), run;

			word >>= t;
			bit += t;
			run = ~word ? (unsigned int)__builtin_ctzll(~word) : 64 - bit;
			if (same_order) {
				add_blocks(w, base + 64 * wi + bit, run);
			} else {
				for (unsigned int i = 0; i < run; i++)
					add_blocks(w, base + 64 * wi + bit + i, 1);
			}
			bit += run;
			word = run >= 64 ? 0 : word >> run;
		}
	}
}

static void walk_node(struct walk *w, unsigned int level, uint64_t phys, uint64_t prefix)
{
	struct kho_memmap *m = w->m;
	uint8_t *page = w->page[level];

	if (m->tables + m->leaves >= w->lim.max_nodes) {
		m->node_limit_hit = true;
		return;
	}
	if (!seen_add(m, phys)) {
		m->revisits++;
		return;
	}
	if (w->rd(w->ctx, phys, page, KHO_PAGE_SIZE)) {
		m->unreadable++;
		return;
	}
	if (level == 0) {
		m->leaves++;
		walk_leaf(w, page, prefix);
		return;
	}
	m->tables++;
	for (unsigned int i = 0; i < KHO_TABLE_ENTRIES; i++) {
		uint64_t next = kho_get_u64(page + 8 * i, w->e);

		if (next)
			walk_node(w, level - 1, next,
				  (prefix << KHO_TABLE_SIZE_LOG2) | i);
	}
}

static int cmp_range(const void *a, const void *b)
{
	const struct kho_range *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

static void merge_ranges(struct kho_memmap *m)
{
	size_t o = 0;

	if (!m->nranges)
		return;
	qsort(m->ranges, m->nranges, sizeof(*m->ranges), cmp_range);
	for (size_t i = 1; i < m->nranges; i++) {
		struct kho_range *cur = &m->ranges[o];
		uint64_t end = cur->start + cur->size;
		uint64_t rend = m->ranges[i].start + m->ranges[i].size;

		if (m->ranges[i].start <= end) {
			if (m->ranges[i].start < end)
				m->overlap_bytes += (rend < end ? rend : end) - m->ranges[i].start;
			if (rend > end)
				cur->size = rend - cur->start;
		} else {
			m->ranges[++o] = m->ranges[i];
		}
	}
	m->nranges = o + 1;
}

int kho_radix_walk(uint64_t root, kho_read_fn rd, void *ctx, enum kho_endian e,
		   const struct kho_radix_limits *lim, struct kho_memmap *m,
		   char *err, size_t errlen)
{
	struct walk *w;

	memset(m, 0, sizeof(*m));
	m->root = root;
	for (size_t i = 0; i < KHO_ARRAY_SIZE(m->last); i++)
		m->last[i] = NO_RANGE;
	w = calloc(1, sizeof(*w));
	if (!w) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	w->rd = rd;
	w->ctx = ctx;
	w->e = e;
	w->m = m;
	w->lim.max_nodes = lim && lim->max_nodes ? lim->max_nodes : 1u << 20;
	w->lim.max_ranges = lim && lim->max_ranges ? lim->max_ranges : 1u << 20;
	if (!root || rd(ctx, root, w->page[0], KHO_PAGE_SIZE)) {
		snprintf(err, errlen, "radix tree root 0x%llx is not in the memory image",
			 (unsigned long long)root);
		free(w);
		return -1;
	}
	walk_node(w, KHO_TREE_MAX_DEPTH - 1, root, 0);
	free(w);
	free(m->seen);
	m->seen = NULL;
	merge_ranges(m);
	return 0;
}

void kho_memmap_free(struct kho_memmap *m)
{
	free(m->ranges);
	free(m->seen);
	m->ranges = NULL;
	m->seen = NULL;
}

static uint64_t overlap(uint64_t a, uint64_t as, uint64_t b, uint64_t bs)
{
	uint64_t lo = a > b ? a : b, hi = a + as < b + bs ? a + as : b + bs;

	return hi > lo ? hi - lo : 0;
}

uint64_t kho_memmap_scratch_overlap(const struct kho_memmap *m,
				    const struct kho_scratch_ser *s, size_t n)
{
	uint64_t total = 0;

	for (size_t i = 0; i < m->nranges; i++)
		for (size_t j = 0; j < n; j++)
			total += overlap(m->ranges[i].start, m->ranges[i].size,
					 s[j].addr, s[j].size);
	return total;
}

void kho_memmap_emit(struct kout *o, const struct kho_memmap *m,
		     const struct kho_scratch_ser *s, size_t ns, size_t max_ranges)
{
	kout_u64(o, "root", m->root);
	kout_u64(o, "table_pages", m->tables);
	kout_u64(o, "leaf_pages", m->leaves);
	kout_arr(o, "orders");
	for (unsigned int i = 0; i < KHO_ARRAY_SIZE(m->blocks); i++) {
		if (!m->blocks[i])
			continue;
		kout_obj(o, NULL);
		kout_u64(o, "order", i);
		kout_u64(o, "blocks", m->blocks[i]);
		kout_u64(o, "bytes", m->blocks[i] << (i + KHO_PAGE_SHIFT));
		kout_close(o);
	}
	kout_close(o);
	kout_u64(o, "total_bytes", m->total_bytes);
	kout_u64(o, "range_count", m->nranges);
	kout_bool(o, "ranges_truncated", m->ranges_truncated);
	kout_arr(o, "ranges");
	for (size_t i = 0; i < m->nranges && i < max_ranges; i++) {
		kout_obj(o, NULL);
		kout_u64(o, "start", m->ranges[i].start);
		kout_u64(o, "size", m->ranges[i].size);
		kout_u64(o, "end", m->ranges[i].start + m->ranges[i].size);
		if (ns)
			kout_bool(o, "in_scratch", kho_in_scratch(s, ns, m->ranges[i].start,
								  m->ranges[i].size));
		kout_close(o);
	}
	kout_close(o);
	kout_u64(o, "overlap_bytes", m->overlap_bytes);
	if (ns)
		kout_u64(o, "scratch_overlap_bytes", kho_memmap_scratch_overlap(m, s, ns));
	else
		kout_null(o, "scratch_overlap_bytes");
	kout_u64(o, "unreadable_pages", m->unreadable);
	kout_u64(o, "revisited_pages", m->revisits);
	kout_u64(o, "bad_keys", m->bad_keys);
	kout_bool(o, "node_limit_hit", m->node_limit_hit);
}

void kho_memmap_check(const struct kho_memmap *m, const struct kho_scratch_ser *s,
		      size_t ns, struct kho_diags *d)
{
	uint64_t so = ns ? kho_memmap_scratch_overlap(m, s, ns) : 0;

	if (m->unreadable)
		kho_diag(d, KHO_PROBLEM, "memmap: %llu tree page(s) not in the memory image",
			 (unsigned long long)m->unreadable);
	if (m->revisits)
		kho_diag(d, KHO_PROBLEM, "memmap: %llu tree page(s) referenced more than once (cycle or shared node)",
			 (unsigned long long)m->revisits);
	if (m->bad_keys)
		kho_diag(d, KHO_PROBLEM, "memmap: %llu key(s) decode beyond the physical address space",
			 (unsigned long long)m->bad_keys);
	if (m->node_limit_hit)
		kho_diag(d, KHO_PROBLEM, "memmap: node limit reached, walk incomplete");
	if (m->ranges_truncated)
		kho_diag(d, KHO_WARN, "memmap: range limit reached, range list incomplete");
	if (m->overlap_bytes)
		kho_diag(d, KHO_PROBLEM, "memmap: %llu bytes preserved more than once",
			 (unsigned long long)m->overlap_bytes);
	if (so)
		kho_diag(d, KHO_PROBLEM, "memmap: %llu preserved bytes lie in scratch areas",
			 (unsigned long long)so);
}
