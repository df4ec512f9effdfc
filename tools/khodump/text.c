// SPDX-License-Identifier: GPL-2.0
/*
 * text.c - khodump's default, operator-facing output: one header line saying
 * what was read, the root node and one aligned line per subtree with its
 * decoded contents indented below, the scratch areas, and the diagnostics as
 * "warning: ..." / "problem: ..." lines.  Decoded values come from libkho
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
