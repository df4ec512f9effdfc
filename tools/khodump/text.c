// SPDX-License-Identifier: GPL-2.0
/*
 * text.c - khodump's default, operator-facing output: one header line saying
 * what was read, the root node and one aligned line per subtree with its
 * decoded contents indented below, the scratch areas, the statistics files
 * (scratch usage, stats, timing) when the capture has them, and the
 * diagnostics as "warning: ..." / "problem: ..." lines.  Decoded values come from libkho
 * (kho_text.h); this file only lays them out.  The JSON rendering is json.c.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/kho_text.h"
#include "khodump.h"

#define DETAIL_INDENT	"      "	/* decoded contents under a subtree line */

static const char *esc(char *buf, size_t n, const char *s)
{
	return kho_escape(buf, n, s, KHO_NAME_MAX);
}

static const char *plural(uint64_t n)
{
	return n == 1 ? "" : "s";
}

/* "PATH: LAYOUT, what the root file is[, N sub-blobs][, big-endian]" */
static void header(FILE *f, const struct input *in, const struct opts *op)
{
	const struct kho_capture *c = &in->cap;
	const struct kho_decoded *k = &in->dec;
	const struct kho_root *r = input_root(in);
	char p[256], what[256], sz[32], e[80];

	fprintf(f, "%s: %s", kho_escape(p, sizeof(p), c->path, sizeof(c->path)),
		strcmp(c->layout, "blob") ? c->layout : "file");
	if (r) {
		if (!r->compat_ok)
			fprintf(f, ", no compatible");
		else if (r->abi >= KHO_ABI_VERSION_MIN && r->abi <= KHO_ABI_VERSION_MAX)
			fprintf(f, ", %s (KHO ABI %d)", esc(e, sizeof(e), r->compat), r->abi);
		else
			fprintf(f, ", %s (unknown KHO ABI)", esc(e, sizeof(e), r->compat));
		if (k->root.fdt.truncated)
			fprintf(f, ", root FDT %zu of %zu B: TRUNCATED", k->root.fdt.avail,
				k->root.fdt.size);
		else
			fprintf(f, ", root FDT %s", kho_fmt_size(k->root.fdt.size, sz, sizeof(sz)));
	} else if (k->has_root) {
		fprintf(f, ", %s, %s", kho_blob_summary(&k->root, what, sizeof(what)),
			kho_fmt_size(k->root.len, sz, sizeof(sz)));
	} else {
		fprintf(f, ", no root FDT (no fdt file)");
	}
	if (c->is_dir)
		fprintf(f, ", %zu sub-blob%s", c->nsubs, plural(c->nsubs));
	if (op->endian == KHO_BIG)
		fprintf(f, ", big-endian");
	fputc('\n', f);
}

static void diagnostics(FILE *f, const struct kho_diags *d)
{
	for (unsigned int i = 0; i < d->n; i++)
		if (d->d[i].sev != KHO_INFO)	/* info is shown in place (empty scratch) */
			fprintf(f, "%s: %s\n", kho_sev_name(d->d[i].sev), d->d[i].msg);
	if (d->dropped)
		fprintf(f, "problem: %u more diagnostics dropped\n", d->dropped);
}

static void scratch(FILE *f, const struct input *in)
{
	const struct kho_capture *c = &in->cap;

	if (!c->is_dir)
		return;
	if (!c->has_scratch) {
		fprintf(f, "scratch: none in this capture (no scratch_phys/scratch_len)\n");
		return;
	}
	fprintf(f, "scratch: %zu area%s\n", c->nscratch, plural(c->nscratch));
	if (c->nscratch)
		kho_scratch_text(f, c->scratch, c->nscratch, "  ");
}

/* ---- statistics files (6.12 series): stats, timing, kho/scratch ---------- */

/* "34", or "?" when the file lacks the value or it is malformed. */
static const char *num(char *buf, size_t n, const struct kho_num *v)
{
	if (v->ok)
		snprintf(buf, n, "%" PRIu64, v->v);
	else
		snprintf(buf, n, "?");
	return buf;
}

/* "12611584 B (12.03 MiB)", "512 B", or "?". */
static const char *bytes(char *buf, size_t n, const struct kho_num *v)
{
	char h[32];

	if (!v->ok)
		snprintf(buf, n, "?");
	else if (v->v < 1024)
		snprintf(buf, n, "%" PRIu64 " B", v->v);
	else
		snprintf(buf, n, "%" PRIu64 " B (%s)", v->v, kho_fmt_size(v->v, h, sizeof(h)));
	return buf;
}

/* A kho_fmt_size, or "?". */
static const char *hsize(char *buf, size_t n, const struct kho_num *v)
{
	return v->ok ? kho_fmt_size(v->v, buf, n) : strcpy(buf, "?");
}

/* "finalized", "not finalized", "finalized 2" or "finalized ?". */
static const char *flag(char *buf, size_t n, const char *name, const struct kho_num *v)
{
	if (v->ok && v->v <= 1)
		snprintf(buf, n, "%s%s", v->v ? "" : "not ", name);
	else
		snprintf(buf, n, "%s %s", name, v->ok ? "" : "?");
	if (v->ok && v->v > 1)
		snprintf(buf + strlen(buf), n - strlen(buf), "%" PRIu64, v->v);
	return buf;
}

/* "(kho/in)" after a section name, or nothing when the side is unknown. */
static const char *side(char *buf, size_t n, enum kho_side s)
{
	if (s)
		snprintf(buf, n, " (%s)", kho_side_name(s));
	else
		buf[0] = 0;
	return buf;
}

/* The entries of @kv that no interpretation used (keys newer than khodump). */
static void other_keys(FILE *f, const struct kho_kvs *kv)
{
	char v[80];
	size_t shown = 0, n = 0;

	for (size_t i = 0; i < kv->n; i++)
		n += !kv->v[i].used;
	if (!n)
		return;
	fprintf(f, "  other keys:");
	for (size_t i = 0; i < kv->n && shown < 16; i++)
		if (!kv->v[i].used)
			fprintf(f, "%s %s %s", shown++ ? "," : "", kv->v[i].key,
				kho_kv_str(&kv->v[i], v, sizeof(v)));
	if (n > shown)
		fprintf(f, ", ... %zu more", n - shown);
	fputc('\n', f);
}

static void stats_orders(FILE *f, const struct kho_stats *s)
{
	char b[32], h[32];
	bool any = false;

	for (unsigned int o = 0; o < KHO_STATS_ORDERS; o++)
		any |= s->order_blocks[o].ok || s->order_bytes[o].ok;
	if (!any)
		return;
	fprintf(f, "  %5s %12s %*s\n", "order", "blocks", KHO_TEXT_SIZE_W, "bytes");
	for (unsigned int o = 0; o < KHO_STATS_ORDERS; o++)
		if (s->order_blocks[o].ok || s->order_bytes[o].ok)
			fprintf(f, "  %5u %12s %*s\n", o, num(b, sizeof(b), &s->order_blocks[o]),
				KHO_TEXT_SIZE_W, hsize(h, sizeof(h), &s->order_bytes[o]));
}

static void stats(FILE *f, const struct kho_stats *s)
{
	const struct kho_num *v = s->v;
	char sd[16], a[64], b[64], c[64], e[64];

	if (!s->present)
		return;
	fprintf(f, "stats%s: ", side(sd, sizeof(sd), s->side));
	if (s->side == KHO_SIDE_OUT) {
		fprintf(f, "%s blocks, %s preserved, %s pages\n",
			num(a, sizeof(a), &v[KHO_STAT_PRESERVED_BLOCKS]),
			bytes(b, sizeof(b), &v[KHO_STAT_PRESERVED_BYTES]),
			num(c, sizeof(c), &v[KHO_STAT_PRESERVED_PAGES]));
		fprintf(f, "  radix tree %s pages, %s subtrees, %s, %s\n",
			num(a, sizeof(a), &v[KHO_STAT_TREE_PAGES]),
			num(b, sizeof(b), &v[KHO_STAT_SUBTREES]),
			flag(c, sizeof(c), "finalized", &v[KHO_STAT_FINALIZED]),
			flag(e, sizeof(e), "sealed", &v[KHO_STAT_SEALED]));
		fprintf(f, "  preserve calls %s (%s failed), unpreserve calls %s (%s failed)\n",
			num(a, sizeof(a), &v[KHO_STAT_PRESERVE_CALLS]),
			num(b, sizeof(b), &v[KHO_STAT_PRESERVE_FAILURES]),
			num(c, sizeof(c), &v[KHO_STAT_UNPRESERVE_CALLS]),
			num(e, sizeof(e), &v[KHO_STAT_UNPRESERVE_FAILURES]));
	} else if (s->side == KHO_SIDE_IN) {
		fprintf(f, "%s blocks, %s came in\n", num(a, sizeof(a), &v[KHO_STAT_BLOCKS]),
			bytes(b, sizeof(b), &v[KHO_STAT_BYTES]));
		fprintf(f, "  restored %s, claimed %s, unclaimed %s\n",
			bytes(a, sizeof(a), &v[KHO_STAT_RESTORED_BYTES]),
			bytes(b, sizeof(b), &v[KHO_STAT_CLAIMED_BYTES]),
			bytes(c, sizeof(c), &v[KHO_STAT_UNCLAIMED_BYTES]));
		fprintf(f, "  subtrees %s: %s retrieved, %s not retrieved\n",
			num(a, sizeof(a), &v[KHO_STAT_SUBTREES]),
			num(b, sizeof(b), &v[KHO_STAT_SUBTREES_RETRIEVED]),
			num(c, sizeof(c), &v[KHO_STAT_SUBTREES_NOT_RETRIEVED]));
	} else {
		fprintf(f, "%zu key%s, not kho/out or kho/in statistics\n", s->kv.n,
			plural(s->kv.n));
	}
	stats_orders(f, s);
	other_keys(f, &s->kv);
}

/* "+22.0 ms" (@sign) or "3425.5 ms": ns rounded to a tenth of a ms. */
static const char *ms(char *buf, size_t n, int64_t ns, bool sign)
{
	uint64_t a = ns < 0 ? -(uint64_t)ns : (uint64_t)ns;
	uint64_t t = a / 100000 + (a % 100000 >= 50000);

	snprintf(buf, n, "%s%" PRIu64 ".%" PRIu64 " ms", ns < 0 ? "-" : sign ? "+" : "",
		 t / 10, t % 10);
	return buf;
}

static void timing(FILE *f, const struct kho_timing *t, enum kho_side s)
{
	char sd[16], a[32], b[48];
	int w = 0;

	if (!t->present)
		return;
	fprintf(f, "timing%s: clock %s %s kHz", side(sd, sizeof(sd), s), t->clock ? t->clock : "?",
		num(a, sizeof(a), &t->clock_khz));
	if (t->format.ok && t->format.v != KHO_TIMING_FORMAT)
		fprintf(f, ", format %" PRIu64 " (unknown)", t->format.v);
	if (!t->nphases)
		fprintf(f, ", no phase stamped yet\n");
	else if (t->previous_stamps == 1)
		fprintf(f, ", from kernel_kexec in the previous kernel\n");
	else if (t->previous_stamps == 0)
		fprintf(f, ", from setup_arch (no stamps from the previous kernel)\n");
	else
		fprintf(f, ", since the clock started\n");
	for (size_t i = 0; i < t->nphases; i++)
		w = (int)strlen(t->phases[i].name) > w ? (int)strlen(t->phases[i].name) : w;
	for (size_t i = 0; i < t->nphases; i++)
		fprintf(f, "  %-*s %12s%s\n", w, t->phases[i].name,
			ms(b, sizeof(b), t->phases[i].ns, true),
			t->phases[i].known ? "" : "  (phase unknown to khodump)");
	if (t->blackout_ns.ok)
		fprintf(f, "  blackout %s (machine_kexec -> first_exec)\n",
			ms(b, sizeof(b), t->blackout_ns.v, false));
	if (t->kexec_to_user_ns.ok)
		fprintf(f, "  kexec to user space %s (kernel_kexec -> first_exec)\n",
			ms(b, sizeof(b), t->kexec_to_user_ns.v, false));
}

/* "26.6%" of @part in @whole, or "-". */
static const char *pct(char *buf, size_t n, const struct kho_num *part,
		       const struct kho_num *whole)
{
	if (part->ok && whole->ok && whole->v)
		snprintf(buf, n, "%.1f%%", 100.0 * (double)part->v / (double)whole->v);
	else
		snprintf(buf, n, "-");
	return buf;
}

static void usage_row(FILE *f, int wr, const char *idx, const char *role, const char *node,
		      const char *range, const char *origin, const struct kho_num *size,
		      const struct kho_num *boot, const struct kho_num *use,
		      const struct kho_num *fr)
{
	char s[32], b[32], bp[16], u[32], up[16], fb[32];

	fprintf(f, "  %-5s %-6s %4s  %-*s %*s  %-9s  %*s %6s  %*s %6s  %*s\n", idx, role, node,
		wr, range, KHO_TEXT_SIZE_W, hsize(s, sizeof(s), size), origin, KHO_TEXT_SIZE_W,
		hsize(b, sizeof(b), boot), pct(bp, sizeof(bp), boot, size), KHO_TEXT_SIZE_W,
		hsize(u, sizeof(u), use), pct(up, sizeof(up), use, size), KHO_TEXT_SIZE_W,
		hsize(fb, sizeof(fb), fr));
}

static void scratch_usage(FILE *f, const struct kho_scratch_use *u)
{
	char idx[32], node[32], range[48], e[80];
	int wr = 23;

	if (!u->present)
		return;
	for (size_t i = 0; i < u->n; i++) {
		int l;

		if (!u->a[i].addr.ok || !u->a[i].size.ok)
			continue;
		kho_fmt_range(u->a[i].addr.v, u->a[i].size.v, range, sizeof(range));
		l = (int)strlen(range);
		wr = l > wr ? l : wr;
	}
	fprintf(f, "scratch usage (%s): %s area%s; boot used = early-boot high-water mark, "
		"in use = now\n", esc(e, sizeof(e), u->kv.name), num(idx, sizeof(idx), &u->areas),
		u->areas.ok && u->areas.v == 1 ? "" : "s");
	fprintf(f, "  %-5s %-6s %4s  %-*s %*s  %-9s  %*s %6s  %*s %6s  %*s\n", "area", "role",
		"node", wr, "range", KHO_TEXT_SIZE_W, "size", "origin", KHO_TEXT_SIZE_W,
		"boot used", "", KHO_TEXT_SIZE_W, "in use", "", KHO_TEXT_SIZE_W, "free");
	for (size_t i = 0; i < u->n; i++) {
		const struct kho_scratch_area_use *a = &u->a[i];

		if (!a->seen)
			continue;
		snprintf(idx, sizeof(idx), "[%zu]", i);
		if (a->node.ok)
			snprintf(node, sizeof(node), "%" PRId64, a->node.v);
		else
			snprintf(node, sizeof(node), "?");
		if (a->addr.ok && a->size.ok)
			kho_fmt_range(a->addr.v, a->size.v, range, sizeof(range));
		else if (a->addr.ok)
			snprintf(range, sizeof(range), "0x%" PRIx64 "..?", a->addr.v);
		else
			snprintf(range, sizeof(range), "?");
		usage_row(f, wr, idx, a->role ? a->role : "?", node, range,
			  a->origin ? a->origin : "?", &a->size, &a->boot_used, &a->in_use,
			  &a->free);
	}
	usage_row(f, wr, "", "total", "", "", "", &u->total_size, &u->total_boot_used,
		  &u->total_in_use, &u->total_free);
	other_keys(f, &u->kv);
}

/* ---- the tree ------------------------------------------------------------ */

struct cols {
	int name, addr;
};

static void row(FILE *f, const struct cols *w, const char *name, const char *addr,
		const char *size, const char *what)
{
	fprintf(f, "  %-*s  %-*s %*s  %s\n", w->name, name, w->addr, addr, KHO_TEXT_SIZE_W,
		size, what);
}

static bool is_referenced(const struct kho_root *r, const char *name)
{
	for (int i = 0; r && i < r->nsubs; i++)
		if (r->subs[i].name_ok && !strcmp(r->subs[i].name, name))
			return true;
	return false;
}

static void sub_addr(const struct kho_sub *s, char *buf, size_t n)
{
	if (s->addr.ok)
		snprintf(buf, n, "0x%" PRIx64, s->addr.val);
	else
		snprintf(buf, n, "%s", s->addr.present ? "(bad)" : "-");
}

static struct cols widths(const struct input *in)
{
	const struct kho_root *r = input_root(in);
	struct cols w = { (int)strlen(KHO_PROP_MEMORY_MAP), 10 };
	char buf[KHO_NAME_MAX * 4];

	for (int i = 0; r && i < r->nsubs; i++) {
		int l = (int)strlen(esc(buf, sizeof(buf), r->subs[i].name));

		w.name = l > w.name ? l : w.name;
		sub_addr(&r->subs[i], buf, sizeof(buf));
		l = (int)strlen(buf);
		w.addr = l > w.addr ? l : w.addr;
	}
	for (size_t i = 0; i < in->dec.nsubs; i++) {
		int l = (int)strlen(esc(buf, sizeof(buf), in->dec.subs[i].name));

		w.name = l > w.name ? l : w.name;
	}
	if (w.name > 40)
		w.name = 40;
	return w;
}

static void subtree(FILE *f, const struct input *in, const struct kho_sub *s,
		    const struct cols *w, const struct opts *op)
{
	const struct kho_blob *b = s->name_ok ? kho_decoded_sub(&in->dec, s->name) : NULL;
	char name[KHO_NAME_MAX * 4], addr[32], sz[48], what[320];

	sub_addr(s, addr, sizeof(addr));
	if (s->size.ok)
		kho_fmt_size(s->size.val, sz, sizeof(sz));
	else if (b)
		kho_fmt_size(b->len, sz, sizeof(sz));	/* kho-v1/v2: no blob-size */
	else
		snprintf(sz, sizeof(sz), "-");
	if (!s->name_ok)
		snprintf(what, sizeof(what), "node cut off by the truncation");
	else if (b) {
		kho_blob_summary(b, what, sizeof(what));
		if (s->size.ok && s->size.val != b->len)
			snprintf(what + strlen(what), sizeof(what) - strlen(what),
				 " (file has %zu B)", b->len);
	} else if (in->cap.is_dir)
		snprintf(what, sizeof(what), "no sub_fdts/%s in this capture",
			 esc(name, sizeof(name), s->name));
	else
		snprintf(what, sizeof(what), "blob not in this file");
	row(f, w, s->name_ok ? esc(name, sizeof(name), s->name) : "(name lost)", addr, sz, what);
	if (b)
		kho_blob_text(f, b, DETAIL_INDENT, op->hexmax);
}

static void unreferenced(FILE *f, const struct input *in, const struct cols *w,
			 const struct opts *op)
{
	const struct kho_decoded *k = &in->dec;
	const struct kho_root *r = input_root(in);
	char name[KHO_NAME_MAX * 4], sz[32], what[320];
	bool any = false;

	for (size_t i = 0; i < k->nsubs; i++)
		any |= !is_referenced(r, k->subs[i].name);
	if (!any)
		return;
	if (!r)
		fprintf(f, "sub_fdts (no root FDT names them):\n");
	else if (k->root.fdt.struct_cut)
		fprintf(f, "sub_fdts not named in the truncated root FDT:\n");
	else
		fprintf(f, "sub_fdts with no node in the root FDT:\n");
	for (size_t i = 0; i < k->nsubs; i++) {
		const struct kho_blob *b = &k->subs[i];

		if (is_referenced(r, b->name))
			continue;
		row(f, w, esc(name, sizeof(name), b->name), "-",
		    kho_fmt_size(b->len, sz, sizeof(sz)), kho_blob_summary(b, what, sizeof(what)));
		kho_blob_text(f, b, DETAIL_INDENT, op->hexmax);
	}
}

void text_dump(const struct input *in, const struct opts *op)
{
	const struct kho_decoded *k = &in->dec;
	const struct kho_root *r = input_root(in);
	struct cols w = widths(in);
	char addr[32], e[80];

	header(stdout, in, op);
	if (r) {
		printf("/  %s\n", r->compat_ok ? esc(e, sizeof(e), r->compat) : "(no compatible)");
		if (r->map.ok)
			snprintf(addr, sizeof(addr), "0x%" PRIx64, r->map.val);
		else
			snprintf(addr, sizeof(addr), "%s", r->map.present ? "(bad)" : "-");
		row(stdout, &w, KHO_PROP_MEMORY_MAP, addr, "",
		    r->abi == 1 ? "preserved-memory chunk list" :
		    "preserved-memory radix tree (walk it with --memmap)");
		for (int i = 0; i < r->nsubs; i++)
			subtree(stdout, in, &r->subs[i], &w, op);
		if (r->subs_dropped)
			printf("  ... %d more subtree%s not decoded\n", r->subs_dropped,
			       plural((uint64_t)r->subs_dropped));
	} else if (k->has_root) {
		kho_blob_text(stdout, &k->root, "  ", op->hexmax);	/* one sub-blob file */
	}
	unreferenced(stdout, in, &w, op);
	scratch(stdout, in);
	scratch_usage(stdout, &k->scratch_use);
	stats(stdout, &k->stats);
	timing(stdout, &k->timing, in->cap.side);
	diagnostics(stdout, &in->diags);
	fflush(stdout);
}

/* ---- --check, --diff, --memmap ------------------------------------------ */

static void verdict(const struct kho_diags *d)
{
	unsigned int p = kho_diag_count(d, KHO_PROBLEM), w = kho_diag_count(d, KHO_WARN);

	printf("check: %s (%u problem%s, %u warning%s)\n", p ? "FAILED" : "ok",
	       p, plural(p), w, plural(w));
}

void text_check(const struct input *in, const struct opts *op)
{
	header(stdout, in, op);
	diagnostics(stdout, &in->diags);
	verdict(&in->diags);
	fflush(stdout);
}

void text_diff(const struct input *a, const struct input *b,
	       const struct kho_changes *c, const struct opts *op)
{
	struct kho_change_text *t = calloc(c->n ? c->n : 1, sizeof(*t));
	int wo = 4, wn = 4, wv = 4;

	printf("--- ");
	header(stdout, a, op);
	printf("+++ ");
	header(stdout, b, op);
	for (size_t i = 0; t && i < c->n; i++) {
		int l;

		kho_change_text(&c->v[i], &t[i]);
		l = (int)strlen(t[i].object);
		wo = l > wo ? l : wo;
		l = (int)strlen(t[i].name);
		wn = l > wn ? l : wn;
		l = (int)strlen(t[i].verb);
		wv = l > wv ? l : wv;
	}
	for (size_t i = 0; t && i < c->n; i++)
		if (t[i].detail[0])
			printf("%c %-*s %-*s  %-*s  %s\n", t[i].marker, wo, t[i].object, wn,
			       t[i].name, wv, t[i].verb, t[i].detail);
		else
			printf("%c %-*s %-*s  %s\n", t[i].marker, wo, t[i].object, wn, t[i].name,
			       t[i].verb);
	printf("diff: %u difference%s\n", c->count, plural(c->count));
	free(t);
	fflush(stdout);
}

void text_memmap(const struct input *in, const struct memmap_result *r,
		 const struct opts *op)
{
	char p[256];

	header(stdout, in, op);
	printf("memory image: %s\n", kho_escape(p, sizeof(p), op->core, strlen(op->core)));
	kho_memmap_text(stdout, r->mm, in->cap.scratch, in->cap.nscratch, op->max_ranges);
	if (r->luo) {
		printf("LUO: %zu session%s, %zu file%s\n", r->luo->nsessions,
		       plural(r->luo->nsessions), r->luo->nfiles, plural(r->luo->nfiles));
		kho_luo_state_text(stdout, r->luo, "  ");
	}
	scratch(stdout, in);
	diagnostics(stdout, &in->diags);
	if (op->check)
		verdict(&in->diags);
	fflush(stdout);
}
