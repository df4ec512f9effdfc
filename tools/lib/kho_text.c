// SPDX-License-Identifier: GPL-2.0
/* kho_text.c - human rendering of decoded KHO state (see kho_text.h). */
#include "kho_text.h"

#include <inttypes.h>
#include <string.h>

const char *kho_fmt_range(uint64_t start, uint64_t size, char *buf, size_t n)
{
	snprintf(buf, n, "0x%" PRIx64 "..0x%" PRIx64, start, start + size);
	return buf;
}

const char *kho_scratch_role(size_t i, char *buf, size_t n)
{
	if (i == 0)
		snprintf(buf, n, "lowmem");
	else if (i == 1)
		snprintf(buf, n, "global");
	else
		snprintf(buf, n, "node %zu", i - 2);
	return buf;
}

/* Width of the widest start..end of @n ranges (at least the usual 23). */
static int range_width(const struct kho_range *r, size_t n)
{
	char buf[48];
	int w = 23;

	for (size_t i = 0; i < n; i++) {
		int l = (int)strlen(kho_fmt_range(r[i].start, r[i].size, buf, sizeof(buf)));

		w = l > w ? l : w;
	}
	return w;
}

static const char *esc(char *buf, size_t n, const char *s)
{
	return kho_escape(buf, n, s, n);
}

static const char *plural(uint64_t n)
{
	return n == 1 ? "" : "s";
}

const char *kho_blob_summary(const struct kho_blob *b, char *buf, size_t n)
{
	char e[80], trunc[64] = "";

	if (b->fdt.buf && b->fdt.truncated)
		snprintf(trunc, sizeof(trunc), ", truncated: %zu of %zu B",
			 b->fdt.avail, b->fdt.size);
	switch (b->kind) {
	case KHO_KIND_ROOT: {
		const struct kho_root *r = &b->u.root;

		snprintf(buf, n, "KHO root FDT %s, %d subtree%s%s",
			 r->compat_ok ? esc(e, sizeof(e), r->compat) : "(no compatible)",
			 r->nsubs + r->subs_dropped, plural((uint64_t)(r->nsubs + r->subs_dropped)),
			 trunc);
		break;
	}
	case KHO_KIND_MEMBLOCK: {
		int nr = b->u.mb.n + b->u.mb.dropped;

		snprintf(buf, n, "%s FDT, %d reserve_mem region%s%s",
			 esc(e, sizeof(e), b->u.mb.compat), nr, plural((uint64_t)nr), trunc);
		break;
	}
	case KHO_KIND_KHO_TEST:
		snprintf(buf, n, "%s FDT (KHO self test)%s",
			 esc(e, sizeof(e), b->u.test.compat), trunc);
		break;
	case KHO_KIND_METADATA:
		if (b->u.md.has_version)
			snprintf(buf, n, "kexec-metadata v%u struct", b->u.md.version);
		else
			snprintf(buf, n, "kexec-metadata struct, too short");
		break;
	case KHO_KIND_LUO:
		snprintf(buf, n, "LUO header %s%s", esc(e, sizeof(e), b->u.luo.compat),
			 b->u.luo.complete ? "" : ", too short");
		break;
	case KHO_KIND_FDT: {
		const char *c = kho_fdt_str(&b->fdt, 0, "compatible");

		snprintf(buf, n, "FDT of unknown kind%s%s%s%s", c ? ", compatible \"" : "",
			 c ? esc(e, sizeof(e), c) : "", c ? "\"" : "", trunc);
		break;
	}
	case KHO_KIND_BAD_FDT:
		snprintf(buf, n, "malformed FDT: %s", b->err);
		break;
	default:
		snprintf(buf, n, "unknown format, raw bytes");
	}
	return buf;
}

static void vmalloc_line(FILE *f, const char *indent, const char *key,
			 const struct kho_vmalloc_ser *v)
{
	fprintf(f, "%s%s: kho_vmalloc %" PRIu32 " page%s at 0x%" PRIx64
		", order %u, flags 0x%x\n", indent, key, v->total_pages,
		plural(v->total_pages), v->first_phys, v->order, v->flags);
}

static void memblock_text(FILE *f, const struct kho_memblock *m, const char *indent)
{
	int w = 4, wr = 23;
	char name[80], range[48], sz[32], c[80];

	for (int i = 0; i < m->n; i++) {
		int l = (int)strlen(esc(name, sizeof(name), m->r[i].name));
		struct kho_range rg = { m->r[i].start.val, m->r[i].size.val };

		if (l > w)
			w = l;
		if (m->r[i].start.ok && m->r[i].size.ok && range_width(&rg, 1) > wr)
			wr = range_width(&rg, 1);
	}
	for (int i = 0; i < m->n; i++) {
		const struct kho_region *r = &m->r[i];

		fprintf(f, "%s%-*s  ", indent, w,
			r->name_ok ? esc(name, sizeof(name), r->name) : "(name lost)");
		if (r->start.ok && r->size.ok)
			fprintf(f, "%-*s %*s", wr, kho_fmt_range(r->start.val, r->size.val, range,
								  sizeof(range)),
				KHO_TEXT_SIZE_W, kho_fmt_size(r->size.val, sz, sizeof(sz)));
		else if (r->start.ok)
			fprintf(f, "start 0x%" PRIx64 ", size unreadable", r->start.val);
		else
			fprintf(f, "start/size unreadable");
		if (strcmp(r->compat, KHO_RESERVE_MEM_COMPAT))
			fprintf(f, "  compatible \"%s\"", esc(c, sizeof(c), r->compat));
		fputc('\n', f);
	}
	if (m->dropped)
		fprintf(f, "%s... %d more region%s not decoded\n", indent, m->dropped,
			plural((uint64_t)m->dropped));
}

static void test_text(FILE *f, const struct kho_test *t, const char *indent)
{
	fprintf(f, "%s", indent);
	if (t->has_magic)
		fprintf(f, "magic 0x%08" PRIx32 " (%s)", t->magic,
			t->magic == KHO_TEST_MAGIC ? "ok" : "expected 0x4b484f21");
	else
		fprintf(f, "magic missing");
	if (!t->has_data) {
		fprintf(f, ", no /data node\n");
		return;
	}
	if (t->has_nr_folios)
		fprintf(f, ", nr_folios %" PRIu32, t->nr_folios);
	if (t->has_csum)
		fprintf(f, ", csum 0x%08" PRIx32, t->csum);
	fputc('\n', f);
	if (t->has_folios)
		vmalloc_line(f, indent, "folios_info", &t->folios);
}

static void metadata_text(FILE *f, const struct kho_metadata *m, const char *indent)
{
	char rel[80];

	fprintf(f, "%s", indent);
	if (m->has_version)
		fprintf(f, "version %" PRIu32, m->version);
	else
		fprintf(f, "version unreadable");
	fprintf(f, ", previous release %s", m->release[0] ?
		esc(rel, sizeof(rel), m->release) : "(empty)");
	if (m->complete)
		fprintf(f, ", kexec count %" PRIu32 "\n", m->kexec_count);
	else
		fprintf(f, ", kexec count unreadable (%zu B)\n", m->len);
}

static void luo_text(FILE *f, const struct kho_luo *l, const char *indent)
{
	if (!l->complete) {
		fprintf(f, "%s%zu B, header needs %zu\n", indent, l->len,
			sizeof(struct kho_luo_ser));
		return;
	}
	fprintf(f, "%sliveupdate_num %" PRIu64 ", sessions at 0x%" PRIx64
		", FLBs at 0x%" PRIx64 " (follow them with --memmap)\n", indent,
		l->liveupdate_num, l->sessions_pa, l->flbs_pa);
}

void kho_blob_text(FILE *f, const struct kho_blob *b, const char *indent, size_t hexmax)
{
	switch (b->kind) {
	case KHO_KIND_ROOT:
		break;
	case KHO_KIND_MEMBLOCK:
		memblock_text(f, &b->u.mb, indent);
		break;
	case KHO_KIND_KHO_TEST:
		test_text(f, &b->u.test, indent);
		break;
	case KHO_KIND_METADATA:
		metadata_text(f, &b->u.md, indent);
		break;
	case KHO_KIND_LUO:
		luo_text(f, &b->u.luo, indent);
		break;
	case KHO_KIND_FDT:
		fprintf(f, "%s%d node%s\n", indent, b->fdt.nodes, plural((uint64_t)b->fdt.nodes));
		break;
	default:	/* raw or malformed: the size is on the caller's line */
		kho_hexdump(f, b->data, b->len, hexmax, indent);
	}
}

void kho_scratch_text(FILE *f, const struct kho_scratch_ser *s, size_t n,
		      const char *indent)
{
	char idx[32], role[32], range[48], sz[32];
	uint64_t total = 0;
	int wi = snprintf(idx, sizeof(idx), "[%zu]", n ? n - 1 : 0), wr = 23;

	for (size_t i = 0; i < n; i++) {
		struct kho_range rg = { s[i].addr, s[i].size };

		wr = range_width(&rg, 1) > wr ? range_width(&rg, 1) : wr;
	}
	for (size_t i = 0; i < n; i++) {
		snprintf(idx, sizeof(idx), "[%zu]", i);
		fprintf(f, "%s%-*s %-8s %-*s %*s%s\n", indent, wi, idx,
			kho_scratch_role(i, role, sizeof(role)), wr,
			kho_fmt_range(s[i].addr, s[i].size, range, sizeof(range)),
			KHO_TEXT_SIZE_W, kho_fmt_size(s[i].size, sz, sizeof(sz)),
			s[i].size ? "" : "  empty");
		total += s[i].size;
	}
	fprintf(f, "%s%-*s %-8s %-*s %*s\n", indent, wi, "", "total", wr, "", KHO_TEXT_SIZE_W,
		kho_fmt_size(total, sz, sizeof(sz)));
}

void kho_memmap_text(FILE *f, const struct kho_memmap *m,
		     const struct kho_scratch_ser *s, size_t ns, size_t max_ranges)
{
	char sz[32], range[48];
	uint64_t so = ns ? kho_memmap_scratch_overlap(m, s, ns) : 0;
	int wr;

	fprintf(f, "preserved memory: radix tree root 0x%" PRIx64 ", %" PRIu64
		" table page%s, %" PRIu64 " leaf page%s\n", m->root, m->tables,
		plural(m->tables), m->leaves, plural(m->leaves));
	fprintf(f, "  %5s %12s %*s\n", "order", "blocks", KHO_TEXT_SIZE_W, "bytes");
	for (unsigned int i = 0; i < KHO_ARRAY_SIZE(m->blocks); i++) {
		if (!m->blocks[i])
			continue;
		fprintf(f, "  %5u %12" PRIu64 " %*s\n", i, m->blocks[i], KHO_TEXT_SIZE_W,
			kho_fmt_size(m->blocks[i] << (i + KHO_PAGE_SHIFT), sz, sizeof(sz)));
	}
	fprintf(f, "  %5s %12s %*s in %zu range%s\n", "total", "", KHO_TEXT_SIZE_W,
		kho_fmt_size(m->total_bytes, sz, sizeof(sz)), m->nranges,
		plural(m->nranges));
	wr = range_width(m->ranges, m->nranges < max_ranges ? m->nranges : max_ranges);
	if (m->nranges)
		fprintf(f, "ranges:\n");
	for (size_t i = 0; i < m->nranges && i < max_ranges; i++)
		fprintf(f, "  %-*s %*s%s\n", wr,
			kho_fmt_range(m->ranges[i].start, m->ranges[i].size, range, sizeof(range)),
			KHO_TEXT_SIZE_W, kho_fmt_size(m->ranges[i].size, sz, sizeof(sz)),
			ns && kho_in_scratch(s, ns, m->ranges[i].start, m->ranges[i].size) ?
			"  in scratch" : "");
	if (m->nranges > max_ranges)
		fprintf(f, "  ... %zu more (--max-ranges)\n", m->nranges - max_ranges);
	if (m->ranges_truncated)
		fprintf(f, "  ... range list cut at its limit\n");
	if (m->overlap_bytes)
		fprintf(f, "preserved more than once: %s\n",
			kho_fmt_size(m->overlap_bytes, sz, sizeof(sz)));
	if (so)
		fprintf(f, "preserved inside scratch: %s\n", kho_fmt_size(so, sz, sizeof(sz)));
	if (m->unreadable || m->revisits || m->bad_keys || m->node_limit_hit)
		fprintf(f, "walk: %" PRIu64 " unreadable page%s, %" PRIu64 " revisited, %" PRIu64
			" bad key%s%s\n", m->unreadable, plural(m->unreadable), m->revisits,
			m->bad_keys, plural(m->bad_keys),
			m->node_limit_hit ? ", node limit reached" : "");
}

void kho_luo_state_text(FILE *f, const struct kho_luo_state *s, const char *indent)
{
	char name[80], c[80], sz[32];

	for (size_t i = 0; i < s->nsessions; i++) {
		fprintf(f, "%ssession \"%s\": %" PRIu64 " file%s\n", indent,
			esc(name, sizeof(name), s->sessions[i].name), s->sessions[i].count,
			plural(s->sessions[i].count));
		for (size_t j = 0; j < s->nfiles; j++) {
			const struct kho_luo_file *fl = &s->files[j];

			if (fl->session != i)
				continue;
			fprintf(f, "%s  %-12s token 0x%" PRIx64 "  data 0x%" PRIx64, indent,
				esc(c, sizeof(c), fl->compat), fl->token, fl->data);
			if (fl->memfd_ok) {
				struct kho_vmalloc_ser v = fl->memfd.folios;	/* unpacked copy */

				fprintf(f, "  memfd %s, pos %" PRIu64 ", seals 0x%" PRIx32
					", flags 0x%" PRIx32 ", nr_folios %" PRIu64 "\n",
					kho_fmt_size(fl->memfd.size, sz, sizeof(sz)),
					(uint64_t)fl->memfd.pos, (uint32_t)fl->memfd.seals,
					(uint32_t)fl->memfd.flags, (uint64_t)fl->memfd.nr_folios);
				fprintf(f, "%s  %-12s ", indent, "");
				vmalloc_line(f, "", "folios", &v);
			} else {
				fputc('\n', f);
			}
		}
	}
	if (s->truncated)
		fprintf(f, "%s... list cut at %d entries\n", indent, KHO_LUO_MAX_FILES);
}

void kho_change_text(const struct kho_change *c, struct kho_change_text *t)
{
	const char *ty = c->type;
	char a[80], b[32];

	memset(t, 0, sizeof(*t));
	esc(t->name, sizeof(t->name), c->name);
	t->object = !strncmp(ty, "reserve-mem-", 12) ? "reserve_mem" :
		    !strncmp(ty, "subtree-", 8) ? "subtree" : "root";
	t->marker = strstr(ty, "-missing") ? '-' : strstr(ty, "-added") ? '+' : '~';
	t->verb = strrchr(ty, '-') ? strrchr(ty, '-') + 1 : ty;
	if (!strcmp(ty, "compatible-changed")) {
		t->verb = "changed";
		snprintf(t->detail, sizeof(t->detail), "compatible now \"%s\"",
			 esc(a, sizeof(a), c->detail));
	} else if (!strcmp(ty, "memory-map-moved")) {
		t->verb = "moved";
		snprintf(t->detail, sizeof(t->detail), "preserved-memory-map 0x%" PRIx64
			 " -> 0x%" PRIx64, c->old_val, c->new_val);
	} else if (c->field && c->is_size) {
		snprintf(t->detail, sizeof(t->detail), "%s -> %s",
			 kho_fmt_size(c->old_val, a, sizeof(a)),
			 kho_fmt_size(c->new_val, b, sizeof(b)));
	} else if (c->field) {
		snprintf(t->detail, sizeof(t->detail), "0x%" PRIx64 " -> 0x%" PRIx64,
			 c->old_val, c->new_val);
	} else if (c->has_detail) {
		kho_escape(t->detail, sizeof(t->detail), c->detail, sizeof(c->detail));
	}
}
