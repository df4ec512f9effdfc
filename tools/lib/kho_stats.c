// SPDX-License-Identifier: GPL-2.0
/* kho_stats.c - typed KHO statistics, timing and scratch usage (kho_stats.h). */
#include "kho_stats.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#define OUT	(1u << KHO_SIDE_OUT)
#define IN	(1u << KHO_SIDE_IN)

static const struct {
	const char *name;
	unsigned int sides;
} stat_keys[KHO_STAT_COUNT] = {
	[KHO_STAT_PRESERVED_BYTES] = { "preserved_bytes", OUT },
	[KHO_STAT_PRESERVED_PAGES] = { "preserved_pages", OUT },
	[KHO_STAT_PRESERVED_BLOCKS] = { "preserved_blocks", OUT },
	[KHO_STAT_TREE_PAGES] = { "tree_pages", OUT },
	[KHO_STAT_SUBTREES] = { "subtrees", OUT | IN },
	[KHO_STAT_FINALIZED] = { "finalized", OUT },
	[KHO_STAT_SEALED] = { "sealed", OUT },
	[KHO_STAT_PRESERVE_CALLS] = { "preserve_calls", OUT },
	[KHO_STAT_PRESERVE_FAILURES] = { "preserve_failures", OUT },
	[KHO_STAT_UNPRESERVE_CALLS] = { "unpreserve_calls", OUT },
	[KHO_STAT_UNPRESERVE_FAILURES] = { "unpreserve_failures", OUT },
	[KHO_STAT_BLOCKS] = { "blocks", IN },
	[KHO_STAT_BYTES] = { "bytes", IN },
	[KHO_STAT_RESTORED_BYTES] = { "restored_bytes", IN },
	[KHO_STAT_CLAIMED_BYTES] = { "claimed_bytes", IN },
	[KHO_STAT_UNCLAIMED_BYTES] = { "unclaimed_bytes", IN },
	[KHO_STAT_SUBTREES_RETRIEVED] = { "subtrees_retrieved", IN },
	[KHO_STAT_SUBTREES_NOT_RETRIEVED] = { "subtrees_not_retrieved", IN },
};

/* Phases of timing format 1, in the kernel's order. */
static const char *const known_phases[] = {
	"kexec_load", "kernel_kexec", "handover_sealed", "devices_shutdown", "machine_kexec",
	"setup_arch", "handover_validated", "memory_reserved", "mm_init", "kho_init",
	"reserve_mem_revived", "selftest_restored", "first_exec",
};

const char *kho_side_name(enum kho_side s)
{
	return s == KHO_SIDE_OUT ? "out" : s == KHO_SIDE_IN ? "in" : NULL;
}

const char *kho_stat_name(enum kho_stat k)
{
	return k < KHO_STAT_COUNT ? stat_keys[k].name : NULL;
}

bool kho_stat_on(enum kho_stat k, enum kho_side side)
{
	return k < KHO_STAT_COUNT && side != KHO_SIDE_UNKNOWN &&
	       (stat_keys[k].sides & (1u << side));
}

/* ---- typing one entry ------------------------------------------------- */

/* @e's number into @u (a count or size: >= 0) or else @s (signed); a
 * warning when it is not one. */
static void take_num(const struct kho_kvs *kv, struct kho_kv *e, struct kho_num *u,
		     struct kho_snum *s, struct kho_diags *d)
{
	char b[80];
	bool ok = u ? (u->ok = kho_kv_u64(e, &u->v)) : (s->ok = kho_kv_i64(e, &s->v));

	e->used = true;
	if (!ok)
		kho_diag(d, KHO_WARN, "%s line %u: %s: expected a %s, got \"%s\"", kv->name,
			 e->line, e->key, u ? "number >= 0" : "signed 64-bit number",
			 kho_kv_str(e, b, sizeof(b)));
}

static void take_u64(const struct kho_kvs *kv, struct kho_kv *e, struct kho_num *out,
		     struct kho_diags *d)
{
	take_num(kv, e, out, NULL, d);
}

static void take_i64(const struct kho_kvs *kv, struct kho_kv *e, struct kho_snum *out,
		     struct kho_diags *d)
{
	take_num(kv, e, NULL, out, d);
}

/* The word of @e, one of @allowed (NULL-terminated) or a warning. */
static const char *take_word(const struct kho_kvs *kv, struct kho_kv *e,
			     const char *const *allowed, struct kho_diags *d)
{
	char b[80];

	e->used = true;
	if (e->type != KHO_KV_WORD) {
		kho_diag(d, KHO_WARN, "%s line %u: %s: expected a word, got \"%s\"", kv->name,
			 e->line, e->key, kho_kv_str(e, b, sizeof(b)));
		return NULL;
	}
	for (size_t i = 0; allowed[i]; i++)
		if (!strcmp(e->word, allowed[i]))
			return e->word;
	kho_diag(d, KHO_WARN, "%s line %u: %s: unknown value \"%s\"", kv->name, e->line, e->key,
		 e->word);
	return e->word;		/* shown as found */
}

/* "area12" / "order_3": a decimal index after @prefix, without leading
 * zeros, below @max, followed by '_'; the rest of the key in @rest. */
static bool indexed_key(const char *key, const char *prefix, size_t max, size_t *idx,
			const char **rest)
{
	size_t pl = strlen(prefix), i = 0;
	const char *p = key + pl;

	if (strncmp(key, prefix, pl) || *p < '0' || *p > '9' || (*p == '0' && p[1] != '_'))
		return false;
	for (; *p >= '0' && *p <= '9'; p++) {
		i = i * 10 + (size_t)(*p - '0');
		if (i >= max)
			return false;
	}
	if (*p != '_')
		return false;
	*idx = i;
	*rest = p + 1;
	return true;
}

/* Appends ", @name" (or "@name") to @buf when it fits. */
static void list_add(char *buf, size_t n, const char *name)
{
	size_t l = strlen(buf);

	if (l + strlen(name) + 3 < n)
		snprintf(buf + l, n - l, "%s%s", l ? ", " : "", name);
}

/* ---- stats -------------------------------------------------------------- */

static enum kho_side stats_side(const struct kho_kvs *kv, enum kho_side hint,
				struct kho_diags *d)
{
	bool out = kho_kv_get(kv, "preserved_bytes"), in = kho_kv_get(kv, "bytes");
	enum kho_side keys = out ? KHO_SIDE_OUT : in ? KHO_SIDE_IN : KHO_SIDE_UNKNOWN;

	if (out && in)
		kho_diag(d, KHO_WARN, "%s: has both preserved_bytes (kho/out) and bytes (kho/in); "
			 "read as kho/out stats", kv->name);
	if (keys && hint && keys != hint)
		kho_diag(d, KHO_WARN, "%s: kho/%s keys in a kho/%s capture", kv->name,
			 kho_side_name(keys), kho_side_name(hint));
	if (!keys && !hint)
		kho_diag(d, KHO_WARN, "%s: neither preserved_bytes nor bytes: not read as kho/out "
			 "or kho/in stats", kv->name);
	return keys ? keys : hint;
}

int kho_stats_parse(struct kho_stats *s, const char *name, const char *txt, size_t len,
		    enum kho_side side, struct kho_diags *d)
{
	char missing[160] = "";

	memset(s, 0, sizeof(*s));
	if (kho_kv_parse(&s->kv, name, txt, len, d))
		return -1;
	s->present = true;
	s->side = stats_side(&s->kv, side, d);
	if (!s->side)
		return 0;
	for (size_t i = 0; i < s->kv.n; i++) {
		struct kho_kv *e = &s->kv.v[i];
		const char *rest;
		size_t o;

		for (int k = 0; k < KHO_STAT_COUNT; k++)
			if (kho_stat_on(k, s->side) && !strcmp(e->key, stat_keys[k].name))
				take_u64(&s->kv, e, &s->v[k], d);
		if (e->used || strncmp(e->key, "order_", 6))
			continue;
		if (!indexed_key(e->key, "order_", KHO_STATS_ORDERS, &o, &rest))
			rest = "";
		if (!strcmp(rest, "blocks"))
			take_u64(&s->kv, e, &s->order_blocks[o], d);
		else if (!strcmp(rest, "bytes"))
			take_u64(&s->kv, e, &s->order_bytes[o], d);
		else
			kho_diag(d, KHO_WARN, "%s line %u: %s: not order_<0..%d>_blocks or _bytes",
				 name, e->line, e->key, KHO_STATS_ORDERS - 1);
	}
	for (int k = 0; k < KHO_STAT_COUNT; k++)
		if (kho_stat_on(k, s->side) && !kho_kv_get(&s->kv, stat_keys[k].name))
			list_add(missing, sizeof(missing), stat_keys[k].name);
	if (missing[0])
		kho_diag(d, KHO_WARN, "%s: no usable line for %s", name, missing);
	return 0;
}

void kho_stats_free(struct kho_stats *s)
{
	kho_kv_free(&s->kv);
	memset(s, 0, sizeof(*s));
}

/* @a + @b into @sum; false on overflow. */
static bool add(uint64_t *sum, uint64_t b)
{
	return !__builtin_add_overflow(*sum, b, sum);
}

void kho_stats_check(const struct kho_stats *s, enum kho_sev sev, struct kho_diags *d)
{
	const bool out = s->side == KHO_SIDE_OUT;
	const struct kho_num *v = s->v;
	const struct kho_num *bytes = &v[out ? KHO_STAT_PRESERVED_BYTES : KHO_STAT_BYTES];
	const struct kho_num *blocks = &v[out ? KHO_STAT_PRESERVED_BLOCKS : KHO_STAT_BLOCKS];
	const char *n = s->kv.name;
	uint64_t sbytes = 0, sblocks = 0, spages = 0, t;
	bool ok_bytes = true, ok_blocks = true;

	if (!s->present || !s->side)
		return;
	for (unsigned int o = 0; o < KHO_STATS_ORDERS; o++) {
		const struct kho_num *bl = &s->order_blocks[o], *by = &s->order_bytes[o];

		if (bl->ok != by->ok && (bl->ok || by->ok))
			kho_diag(d, sev, "%s: order_%u_%s without order_%u_%s", n, o,
				 bl->ok ? "blocks" : "bytes", o, bl->ok ? "bytes" : "blocks");
		if (bl->ok && by->ok &&
		    (bl->v > UINT64_MAX >> (o + KHO_PAGE_SHIFT) ||
		     bl->v << (o + KHO_PAGE_SHIFT) != by->v))
			kho_diag(d, sev, "%s: order_%u_bytes %" PRIu64 " is not order_%u_blocks %"
				 PRIu64 " x %llu B", n, o, by->v, o, bl->v,
				 1ull << (o + KHO_PAGE_SHIFT));
		ok_bytes &= !by->ok || add(&sbytes, by->v);
		ok_blocks &= !bl->ok || add(&sblocks, bl->v);
		ok_blocks &= !bl->ok || (bl->v <= UINT64_MAX >> o && add(&spages, bl->v << o));
	}
	if (bytes->ok && (!ok_bytes || sbytes != bytes->v))
		kho_diag(d, sev, "%s: order_*_bytes add up to %s%" PRIu64 ", %s is %" PRIu64, n,
			 ok_bytes ? "" : "more than ", sbytes, stat_keys[bytes - v].name, bytes->v);
	if (blocks->ok && (!ok_blocks || sblocks != blocks->v))
		kho_diag(d, sev, "%s: order_*_blocks add up to %s%" PRIu64 ", %s is %" PRIu64, n,
			 ok_blocks ? "" : "more than ", sblocks, stat_keys[blocks - v].name,
			 blocks->v);
	if (out) {
		const struct kho_num *pages = &v[KHO_STAT_PRESERVED_PAGES];

		if (pages->ok && ok_blocks && spages != pages->v)
			kho_diag(d, sev, "%s: the order_*_blocks are %" PRIu64 " pages, "
				 "preserved_pages is %" PRIu64, n, spages, pages->v);
		if (pages->ok && bytes->ok && (pages->v > UINT64_MAX >> KHO_PAGE_SHIFT ||
					       pages->v << KHO_PAGE_SHIFT != bytes->v))
			kho_diag(d, sev, "%s: preserved_pages %" PRIu64 " x %u B is not "
				 "preserved_bytes %" PRIu64, n, pages->v, KHO_PAGE_SIZE, bytes->v);
		for (int k = KHO_STAT_FINALIZED; k <= KHO_STAT_SEALED; k++)
			if (v[k].ok && v[k].v > 1)
				kho_diag(d, sev, "%s: %s is %" PRIu64 ", expected 0 or 1", n,
					 stat_keys[k].name, v[k].v);
		for (int k = KHO_STAT_PRESERVE_CALLS; k <= KHO_STAT_UNPRESERVE_CALLS; k += 2)
			if (v[k].ok && v[k + 1].ok && v[k + 1].v > v[k].v)
				kho_diag(d, sev, "%s: %s %" PRIu64 " > %s %" PRIu64, n,
					 stat_keys[k + 1].name, v[k + 1].v, stat_keys[k].name,
					 v[k].v);
		return;
	}
	t = v[KHO_STAT_RESTORED_BYTES].v;
	if (v[KHO_STAT_RESTORED_BYTES].ok && v[KHO_STAT_CLAIMED_BYTES].ok &&
	    v[KHO_STAT_UNCLAIMED_BYTES].ok && bytes->ok &&
	    (!add(&t, v[KHO_STAT_CLAIMED_BYTES].v) || !add(&t, v[KHO_STAT_UNCLAIMED_BYTES].v) ||
	     t != bytes->v))
		kho_diag(d, sev, "%s: restored_bytes %" PRIu64 " + claimed_bytes %" PRIu64
			 " + unclaimed_bytes %" PRIu64 " is not bytes %" PRIu64, n,
			 v[KHO_STAT_RESTORED_BYTES].v, v[KHO_STAT_CLAIMED_BYTES].v,
			 v[KHO_STAT_UNCLAIMED_BYTES].v, bytes->v);
	t = v[KHO_STAT_SUBTREES_RETRIEVED].v;
	if (v[KHO_STAT_SUBTREES_RETRIEVED].ok && v[KHO_STAT_SUBTREES_NOT_RETRIEVED].ok &&
	    v[KHO_STAT_SUBTREES].ok &&
	    (!add(&t, v[KHO_STAT_SUBTREES_NOT_RETRIEVED].v) || t != v[KHO_STAT_SUBTREES].v))
		kho_diag(d, sev, "%s: subtrees_retrieved %" PRIu64 " + subtrees_not_retrieved %"
			 PRIu64 " is not subtrees %" PRIu64, n, v[KHO_STAT_SUBTREES_RETRIEVED].v,
			 v[KHO_STAT_SUBTREES_NOT_RETRIEVED].v, v[KHO_STAT_SUBTREES].v);
}

/* ---- timing ------------------------------------------------------------- */

int kho_timing_parse(struct kho_timing *t, const char *name, const char *txt, size_t len,
		     enum kho_side side, struct kho_diags *d)
{
	static const char *const clocks[] = { "tsc", "cntvct", "none", NULL };
	struct kho_num prev = { 0 };
	char missing[80] = "";

	memset(t, 0, sizeof(*t));
	t->previous_stamps = -1;
	if (kho_kv_parse(&t->kv, name, txt, len, d))
		return -1;
	t->present = true;
	t->phases = calloc(t->kv.n ? t->kv.n : 1, sizeof(*t->phases));
	if (!t->phases) {
		kho_timing_free(t);
		return -1;
	}
	for (size_t i = 0; i < t->kv.n; i++) {
		struct kho_kv *e = &t->kv.v[i];
		struct kho_snum ns;

		if (!strcmp(e->key, "format")) {
			take_u64(&t->kv, e, &t->format, d);
		} else if (!strcmp(e->key, "clock")) {
			t->clock = take_word(&t->kv, e, clocks, d);
		} else if (!strcmp(e->key, "clock_khz")) {
			take_u64(&t->kv, e, &t->clock_khz, d);
		} else if (!strcmp(e->key, "previous_stamps")) {
			take_u64(&t->kv, e, &prev, d);
			if (prev.ok && prev.v <= 1)
				t->previous_stamps = (int)prev.v;
			else if (prev.ok)
				kho_diag(d, KHO_WARN, "%s line %u: previous_stamps is %" PRIu64
					 ", expected 0 or 1", name, e->line, prev.v);
			if (side == KHO_SIDE_OUT)
				kho_diag(d, KHO_WARN, "%s line %u: previous_stamps in a kho/out "
					 "capture (only kho/in has it)", name, e->line);
		} else if (!strcmp(e->key, "blackout_ns")) {
			take_i64(&t->kv, e, &t->blackout_ns, d);
		} else if (!strcmp(e->key, "kexec_to_user_ns")) {
			take_i64(&t->kv, e, &t->kexec_to_user_ns, d);
		} else {
			/* any other key is a phase, known to us or not */
			take_i64(&t->kv, e, &ns, d);
			if (!ns.ok)
				continue;
			t->phases[t->nphases].name = e->key;
			t->phases[t->nphases].ns = ns.v;
			for (size_t k = 0; k < KHO_ARRAY_SIZE(known_phases); k++)
				t->phases[t->nphases].known |= !strcmp(e->key, known_phases[k]);
			t->nphases++;
		}
	}
	if (!kho_kv_get(&t->kv, "format"))
		list_add(missing, sizeof(missing), "format");
	if (!kho_kv_get(&t->kv, "clock"))
		list_add(missing, sizeof(missing), "clock");
	if (!kho_kv_get(&t->kv, "clock_khz"))
		list_add(missing, sizeof(missing), "clock_khz");
	if (missing[0])
		kho_diag(d, KHO_WARN, "%s: no usable line for %s", name, missing);
	if (t->format.ok && t->format.v != KHO_TIMING_FORMAT)
		kho_diag(d, KHO_WARN, "%s: unknown format %" PRIu64 " (khodump reads %d): phases "
			 "shown as found", name, t->format.v, KHO_TIMING_FORMAT);
	return 0;
}

void kho_timing_free(struct kho_timing *t)
{
	kho_kv_free(&t->kv);
	free(t->phases);
	memset(t, 0, sizeof(*t));
	t->previous_stamps = -1;
}

const struct kho_phase *kho_timing_phase(const struct kho_timing *t, const char *name)
{
	for (size_t i = 0; i < t->nphases; i++)
		if (!strcmp(t->phases[i].name, name))
			return &t->phases[i];
	return NULL;
}

/* @total (key @what) == phase @to - phase @from within the slack. */
static void check_span(const struct kho_timing *t, const char *what, int64_t total,
		       const char *from, const char *to, enum kho_sev sev, struct kho_diags *d)
{
	const struct kho_phase *pf = kho_timing_phase(t, from), *pt = kho_timing_phase(t, to);
	const char *n = t->kv.name;
	int64_t span, diff;

	if (t->previous_stamps != 1)
		kho_diag(d, sev, "%s: %s without the previous kernel's stamps (previous_stamps 1)",
			 n, what);
	if (total < 0)
		kho_diag(d, sev, "%s: %s is negative (%" PRId64 ")", n, what, total);
	if (!pf || !pt) {
		kho_diag(d, sev, "%s: %s but no %s phase", n, what, pf ? to : from);
		return;
	}
	if (__builtin_sub_overflow(pt->ns, pf->ns, &span))
		kho_diag(d, sev, "%s: %s %" PRId64 " but %s - %s is out of range", n, what, total,
			 to, from);
	else if (__builtin_sub_overflow(total, span, &diff) || diff > KHO_TIMING_SLACK_NS ||
		 diff < -KHO_TIMING_SLACK_NS)
		kho_diag(d, sev, "%s: %s %" PRId64 " but %s - %s is %" PRId64, n, what, total,
			 to, from, span);
}

void kho_timing_check(const struct kho_timing *t, enum kho_sev sev, struct kho_diags *d)
{
	const struct kho_phase *kk;

	if (!t->present)
		return;
	kk = kho_timing_phase(t, "kernel_kexec");
	if (t->previous_stamps == 1 && kk && kk->ns)
		kho_diag(d, sev, "%s: kernel_kexec is %" PRId64 ", expected 0 (the phases are "
			 "relative to it)", t->kv.name, kk->ns);
	if (t->blackout_ns.ok)
		check_span(t, "blackout_ns", t->blackout_ns.v, "machine_kexec", "first_exec",
			   sev, d);
	if (t->kexec_to_user_ns.ok)
		check_span(t, "kexec_to_user_ns", t->kexec_to_user_ns.v, "kernel_kexec",
			   "first_exec", sev, d);
}

/* ---- kho/scratch ---------------------------------------------------------- */

static const char *const roles[] = { "lowmem", "global", "node", NULL };
static const char *const origins[] = { "cold", "inherited", NULL };

#define NO_TOTAL	SIZE_MAX

/* The numeric fields of an area: area<i>_<name>, and total_<name>. */
static const struct {
	const char *name;
	size_t off;		/* in struct kho_scratch_area_use */
	size_t total;		/* in struct kho_scratch_use, or NO_TOTAL */
} area_nums[] = {
	{ "addr", offsetof(struct kho_scratch_area_use, addr), NO_TOTAL },
	{ "size", offsetof(struct kho_scratch_area_use, size),
	  offsetof(struct kho_scratch_use, total_size) },
	{ "boot_used", offsetof(struct kho_scratch_area_use, boot_used),
	  offsetof(struct kho_scratch_use, total_boot_used) },
	{ "in_use", offsetof(struct kho_scratch_area_use, in_use),
	  offsetof(struct kho_scratch_use, total_in_use) },
	{ "free", offsetof(struct kho_scratch_area_use, free),
	  offsetof(struct kho_scratch_use, total_free) },
};

/* The struct kho_num at @off in @base. */
static struct kho_num *num_at(void *base, size_t off)
{
	return (struct kho_num *)((char *)base + off);
}

static const struct kho_num *cnum_at(const void *base, size_t off)
{
	return (const struct kho_num *)((const char *)base + off);
}

/* Highest area index + 1 that the file has lines for (at most the cap). */
static size_t areas_listed(const struct kho_kvs *kv)
{
	size_t top = 0, i;
	const char *rest;

	for (size_t k = 0; k < kv->n; k++)
		if (indexed_key(kv->v[k].key, "area", KHO_SCRATCH_USE_MAX, &i, &rest) && i >= top)
			top = i + 1;
	return top;
}

static void take_area(const struct kho_kvs *kv, struct kho_kv *e, struct kho_scratch_area_use *a,
		      const char *field, struct kho_diags *d)
{
	if (!strcmp(field, "role"))
		a->role = take_word(kv, e, roles, d);
	else if (!strcmp(field, "origin"))
		a->origin = take_word(kv, e, origins, d);
	else if (!strcmp(field, "node"))
		take_i64(kv, e, &a->node, d);
	for (size_t i = 0; i < KHO_ARRAY_SIZE(area_nums) && !e->used; i++)
		if (!strcmp(field, area_nums[i].name))
			take_u64(kv, e, num_at(a, area_nums[i].off), d);
	a->seen = true;		/* an unknown field too: it is shown as found */
}

/* One warning listing the fields area @i lacks. */
static void area_missing(const struct kho_scratch_use *u, size_t i, struct kho_diags *d)
{
	static const char *const fields[] = { "role", "node", "addr", "size", "origin",
					      "boot_used", "in_use", "free" };
	char missing[120] = "", key[48];

	for (size_t f = 0; f < KHO_ARRAY_SIZE(fields); f++) {
		snprintf(key, sizeof(key), "area%zu_%s", i, fields[f]);
		if (!kho_kv_get(&u->kv, key))
			list_add(missing, sizeof(missing), fields[f]);
	}
	if (missing[0])
		kho_diag(d, KHO_WARN, "%s: area%zu has no usable line for %s", u->kv.name, i,
			 missing);
}

int kho_scratch_use_parse(struct kho_scratch_use *u, const char *name, const char *txt,
			  size_t len, struct kho_diags *d)
{
	char missing[120] = "", key[48];
	const struct kho_kv *areas;

	memset(u, 0, sizeof(*u));
	if (kho_kv_parse(&u->kv, name, txt, len, d))
		return -1;
	u->present = true;
	areas = kho_kv_get(&u->kv, "areas");
	if (areas)
		take_u64(&u->kv, (struct kho_kv *)areas, &u->areas, d);
	else
		list_add(missing, sizeof(missing), "areas");
	if (u->areas.ok && u->areas.v > KHO_SCRATCH_USE_MAX)
		kho_diag(d, KHO_WARN, "%s: areas is %" PRIu64 ", only the first %d are read",
			 name, u->areas.v, KHO_SCRATCH_USE_MAX);
	u->n = areas_listed(&u->kv);
	if (u->areas.ok && u->areas.v > u->n)
		u->n = u->areas.v < KHO_SCRATCH_USE_MAX ? (size_t)u->areas.v : KHO_SCRATCH_USE_MAX;
	u->a = calloc(u->n ? u->n : 1, sizeof(*u->a));
	if (!u->a) {
		kho_scratch_use_free(u);
		return -1;
	}
	for (size_t k = 0; k < u->kv.n; k++) {
		struct kho_kv *e = &u->kv.v[k];
		const char *field;
		size_t i;

		for (size_t t = 0; t < KHO_ARRAY_SIZE(area_nums); t++)
			if (area_nums[t].total != NO_TOTAL && !strncmp(e->key, "total_", 6) &&
			    !strcmp(e->key + 6, area_nums[t].name))
				take_u64(&u->kv, e, num_at(u, area_nums[t].total), d);
		if (indexed_key(e->key, "area", KHO_SCRATCH_USE_MAX, &i, &field))
			take_area(&u->kv, e, &u->a[i], field, d);
	}
	for (size_t i = 0; i < u->n; i++) {
		if (u->a[i].seen) {
			u->seen = i + 1;
			area_missing(u, i, d);
		}
	}
	for (size_t t = 0; t < KHO_ARRAY_SIZE(area_nums); t++) {
		snprintf(key, sizeof(key), "total_%s", area_nums[t].name);
		if (area_nums[t].total != NO_TOTAL && !kho_kv_get(&u->kv, key))
			list_add(missing, sizeof(missing), key);
	}
	if (missing[0])
		kho_diag(d, KHO_WARN, "%s: no usable line for %s", name, missing);
	return 0;
}

void kho_scratch_use_free(struct kho_scratch_use *u)
{
	kho_kv_free(&u->kv);
	free(u->a);
	memset(u, 0, sizeof(*u));
}

/* Σ of one numeric field over the areas; false when one is missing or
 * the sum overflows. */
static bool area_sum(const struct kho_scratch_use *u, size_t off, uint64_t *sum)
{
	*sum = 0;
	for (size_t i = 0; i < u->n; i++) {
		const struct kho_num *f = cnum_at(&u->a[i], off);

		if (!f->ok || !add(sum, f->v))
			return false;
	}
	return true;
}

static void check_area(const struct kho_scratch_use *u, size_t i, enum kho_sev sev,
		       struct kho_diags *d)
{
	const struct kho_scratch_area_use *a = &u->a[i];
	const char *want = i == 0 ? "lowmem" : i == 1 ? "global" : "node";
	const char *n = u->kv.name;
	uint64_t t = a->in_use.v;

	if (!a->seen) {
		kho_diag(d, sev, "%s: no lines for area%zu", n, i);
		return;
	}
	if (a->size.ok && a->in_use.ok && a->free.ok &&
	    (!add(&t, a->free.v) || t != a->size.v))
		kho_diag(d, sev, "%s: area%zu: in_use %" PRIu64 " + free %" PRIu64
			 " is not size %" PRIu64, n, i, a->in_use.v, a->free.v, a->size.v);
	if (a->size.ok && a->boot_used.ok && a->boot_used.v > a->size.v)
		kho_diag(d, sev, "%s: area%zu: boot_used %" PRIu64 " > size %" PRIu64, n, i,
			 a->boot_used.v, a->size.v);
	if (a->role && strcmp(a->role, want))
		kho_diag(d, sev, "%s: area%zu_role is %s, expected %s (lowmem, global, then one "
			 "per node)", n, i, a->role, want);
}

void kho_scratch_use_check(const struct kho_scratch_use *u, const struct kho_scratch_ser *s,
			   size_t ns, bool has_s, enum kho_sev sev, struct kho_diags *d)
{
	const char *n = u->kv.name;
	uint64_t sum;

	if (!u->present)
		return;
	if (u->areas.ok && u->areas.v != u->seen)
		kho_diag(d, sev, "%s: areas is %" PRIu64 " but it lists %zu area%s", n, u->areas.v,
			 u->seen, u->seen == 1 ? "" : "s");
	for (size_t i = 0; i < u->n; i++)
		check_area(u, i, sev, d);
	for (size_t k = 0; k < KHO_ARRAY_SIZE(area_nums); k++) {
		const struct kho_num *t = area_nums[k].total == NO_TOTAL ? NULL :
					  cnum_at(u, area_nums[k].total);

		if (t && t->ok && area_sum(u, area_nums[k].off, &sum) && sum != t->v)
			kho_diag(d, sev, "%s: total_%s %" PRIu64 " but the areas add up to %"
				 PRIu64, n, area_nums[k].name, t->v, sum);
	}
	if (!has_s)
		return;
	if (ns != u->n)
		kho_diag(d, sev, "%s: %zu area%s, scratch_phys/scratch_len list %zu", n, u->n,
			 u->n == 1 ? "" : "s", ns);
	for (size_t i = 0; i < u->n && i < ns; i++) {
		const struct kho_scratch_area_use *a = &u->a[i];

		if ((a->addr.ok && a->addr.v != s[i].addr) ||
		    (a->size.ok && a->size.v != s[i].size))
			kho_diag(d, sev, "%s: area%zu is 0x%" PRIx64 " size %" PRIu64
				 ", scratch_phys/scratch_len say 0x%" PRIx64 " size %" PRIu64, n, i,
				 a->addr.v, a->size.v, s[i].addr, s[i].size);
	}
}
