// SPDX-License-Identifier: GPL-2.0
/* dts.c - khodump --dts (see dts.h). */
#include "dts.h"

#include <inttypes.h>
#include <libfdt.h>
#include <string.h>

struct dts {
	FILE *f;
	const struct kho_blob *b;
	struct kho_diags *d;
	char *err;
	size_t errlen;
};

static bool name_chars_ok(const char *s, const char *extra)
{
	if (!*s)
		return false;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || strchr(",._+-", c) || strchr(extra, c)))
			return false;
	}
	return true;
}

/* KHO's native-endian u64 properties, by blob kind. */
static bool is_native_u64(const struct kho_blob *b, const char *name)
{
	switch (b->kind) {
	case KHO_KIND_ROOT:
		return !strcmp(name, KHO_PROP_MEMORY_MAP) ||
		       !strcmp(name, KHO_PROP_PRESERVED_DATA) ||
		       !strcmp(name, KHO_PROP_BLOB_SIZE) ||
		       !strcmp(name, KHO_PROP_SUB_FDT_V1);
	case KHO_KIND_MEMBLOCK:
		return !strcmp(name, KHO_RESERVE_MEM_PROP_START) ||
		       !strcmp(name, KHO_RESERVE_MEM_PROP_SIZE);
	default:
		return false;
	}
}

static bool is_native_u32(const struct kho_blob *b, const char *name)
{
	return b->kind == KHO_KIND_KHO_TEST &&
	       (!strcmp(name, "magic") || !strcmp(name, "nr_folios") || !strcmp(name, "csum"));
}

static void indent(FILE *f, int depth)
{
	for (int i = 0; i < depth; i++)
		fputc('\t', f);
}

static void put_string(FILE *f, const uint8_t *v, int len)
{
	for (int off = 0; off < len; ) {
		const char *s = (const char *)v + off;

		fprintf(f, "%s\"", off ? ", " : "");
		for (; *s; s++) {
			if (*s == '"' || *s == '\\')
				fputc('\\', f);
			fputc(*s, f);
		}
		fputc('"', f);
		off += (int)strlen((const char *)v + off) + 1;
	}
}

static void put_prop(struct dts *t, int depth, const struct kho_prop *p)
{
	FILE *f = t->f;
	char sz[32];

	indent(f, depth);
	if (p->len == 0) {
		fprintf(f, "%s;\n", p->name);
		return;
	}
	fprintf(f, "%s = ", p->name);
	if (p->len == 8 && is_native_u64(t->b, p->name)) {
		uint64_t v = kho_get_u64(p->val, t->b->endian);

		fputc('[', f);
		for (int i = 0; i < 8; i++)
			fprintf(f, "%s%02x", i ? " " : "", p->val[i]);
		fprintf(f, "];\t// u64 %s-endian: 0x%" PRIx64,
			t->b->endian == KHO_LITTLE ? "little" : "big", v);
		if (!strcmp(p->name, KHO_PROP_BLOB_SIZE) ||
		    !strcmp(p->name, KHO_RESERVE_MEM_PROP_SIZE))
			fprintf(f, " (%s)", kho_fmt_size(v, sz, sizeof(sz)));
		else if (!strcmp(p->name, KHO_PROP_MEMORY_MAP))
			fputs(" (radix tree root)", f);
		fputc('\n', f);
		return;
	}
	if (kho_is_stringlist(p->val, p->len)) {
		put_string(f, p->val, p->len);
		fputs(";\n", f);
		return;
	}
	if (p->len % 4 == 0) {
		fputc('<', f);
		for (int i = 0; i < p->len; i += 4)
			fprintf(f, "%s0x%08" PRIx32, i ? " " : "",
				kho_get_u32(p->val + i, KHO_BIG));
		fputs(">;", f);
		if (p->len == 4 && is_native_u32(t->b, p->name))
			fprintf(f, "\t// u32 %s-endian: 0x%" PRIx32,
				t->b->endian == KHO_LITTLE ? "little" : "big",
				kho_get_u32(p->val, t->b->endian));
		fputc('\n', f);
		return;
	}
	fputc('[', f);
	for (int i = 0; i < p->len; i++)
		fprintf(f, "%s%02x", i ? " " : "", p->val[i]);
	fputs("];\n", f);
}

static int put_node(struct dts *t, int node, int depth)
{
	const struct kho_fdt *fdt = &t->b->fdt;
	const char *name = depth ? kho_fdt_name(fdt, node) : "/";
	char esc[96];
	int off;

	if (!name) {
		kho_diag(t->d, KHO_WARN, "dts: a node name lies beyond the end of the file; "
			 "stopping there");
		indent(t->f, depth);
		fputs("// node name lost (file truncated)\n", t->f);
		return 0;
	}
	if (depth && !name_chars_ok(name, "@")) {
		snprintf(t->err, t->errlen, "node name \"%s\" cannot be written as dts",
			 kho_escape(esc, sizeof(esc), name, 64));
		return -1;
	}
	indent(t->f, depth);
	fprintf(t->f, "%s {\n", name);
	for (off = fdt_first_property_offset(fdt->buf, node); off >= 0;
	     off = fdt_next_property_offset(fdt->buf, off)) {
		struct kho_prop p;

		if (kho_fdt_prop(fdt, off, &p))
			break;
		if (!p.name_ok || !p.val_ok) {
			kho_diag(t->d, KHO_WARN, "dts: property %s lies beyond the end of the file",
				 p.name_ok ? kho_escape(esc, sizeof(esc), p.name, 64) : "(name lost)");
			indent(t->f, depth + 1);
			fprintf(t->f, "// property %s: lost (file truncated)\n",
				p.name_ok ? kho_escape(esc, sizeof(esc), p.name, 64) : "(name lost)");
			continue;
		}
		if (!name_chars_ok(p.name, "#?*")) {
			snprintf(t->err, t->errlen, "property name \"%s\" cannot be written as dts",
				 kho_escape(esc, sizeof(esc), p.name, 64));
			return -1;
		}
		if (p.name_inferred) {
			indent(t->f, depth + 1);
			fputs("// name inferred from KHO's string table (strings block lost)\n", t->f);
		}
		put_prop(t, depth + 1, &p);
	}
	for (int c = kho_fdt_first_child(fdt, node); c >= 0; c = kho_fdt_next_child(fdt, c))
		if (put_node(t, c, depth + 1))
			return -1;
	if (!depth && fdt->struct_cut)
		fprintf(t->f, "\t// TRUNCATED: whatever follows byte %zu of the structure is lost\n",
			fdt->avail);
	indent(t->f, depth);
	fputs("};\n", t->f);
	return 0;
}

int khodump_dts(FILE *f, const struct kho_blob *b, const char *source,
		struct kho_diags *d, char *err, size_t errlen)
{
	struct dts t = { f, b, d, err, errlen };
	const struct kho_fdt *fdt = &b->fdt;
	char esc[600];
	int n;

	if (!fdt->buf) {
		snprintf(err, errlen, "--dts needs an FDT; this blob is %s", kho_kind_name(b->kind));
		return -1;
	}
	fputs("/dts-v1/;\n", f);
	fprintf(f, "// khodump --dts of %s: %s, FDT version %u, totalsize %zu\n",
		kho_escape(esc, sizeof(esc), source, 512), kho_kind_name(b->kind),
		fdt->version, fdt->size);
	fputs("// KHO numbers are native-endian: byte strings below keep them exact\n", f);
	if (fdt->truncated)
		fprintf(f, "// TRUNCATED: only %zu of %zu bytes present; lost parts are comments\n",
			fdt->avail, fdt->size);
	n = fdt_num_mem_rsv(fdt->buf);
	for (int i = 0; i < n; i++) {
		uint64_t a, s;

		if (fdt_get_mem_rsv(fdt->buf, i, &a, &s))
			break;
		fprintf(f, "/memreserve/ 0x%" PRIx64 " 0x%" PRIx64 ";\n", a, s);
	}
	fputc('\n', f);
	return put_node(&t, 0, 0);
}
