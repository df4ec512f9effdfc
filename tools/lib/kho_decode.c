// SPDX-License-Identifier: GPL-2.0
/* kho_decode.c - decode, print and check the KHO root FDT and sub-blobs. */
#include "kho_decode.h"

#include <libfdt.h>
#include <string.h>

const char *kho_kind_name(enum kho_kind k)
{
	switch (k) {
	case KHO_KIND_FDT: return "fdt";
	case KHO_KIND_ROOT: return "kho-root";
	case KHO_KIND_MEMBLOCK: return "memblock";
	case KHO_KIND_KHO_TEST: return "kho-test";
	case KHO_KIND_METADATA: return "kexec-metadata";
	case KHO_KIND_LUO: return "luo";
	case KHO_KIND_BAD_FDT: return "malformed-fdt";
	default: return "raw";
	}
}

int kho_abi_version(const char *compat)
{
	size_t n = strlen(KHO_COMPAT_PREFIX);
	int v = 0;

	if (!compat || strncmp(compat, KHO_COMPAT_PREFIX, n) || !compat[n])
		return 0;
	for (const char *p = compat + n; *p; p++) {
		if (*p < '0' || *p > '9' || v > 100000)
			return 0;
		v = v * 10 + (*p - '0');
	}
	return v;
}

static void copy_str(char *dst, size_t n, const char *src)
{
	if (!src) {
		dst[0] = 0;
		return;
	}
	snprintf(dst, n, "%s", src);
}

/* Copies a node name; false when the name is lost to truncation. */
static bool node_name(const struct kho_fdt *f, int node, char *dst, size_t n)
{
	const char *s = kho_fdt_name(f, node);

	copy_str(dst, n, s);
	return s != NULL;
}

static int count_props(const struct kho_fdt *f, int node)
{
	int n = 0;

	for (int off = fdt_first_property_offset(f->buf, node); off >= 0;
	     off = fdt_next_property_offset(f->buf, off))
		n++;
	return n;
}

static int count_children(const struct kho_fdt *f, int node)
{
	int n = 0;

	for (int c = kho_fdt_first_child(f, node); c >= 0; c = kho_fdt_next_child(f, c))
		n++;
	return n;
}

/* Root compatible: the first "kho-vN" of the list, else the first string. */
static void root_compat(const struct kho_fdt *f, struct kho_root *r)
{
	struct kho_prop p;

	if (!kho_fdt_find(f, 0, "compatible", &p) || !p.val_ok ||
	    !kho_is_stringlist(p.val, p.len))
		return;
	r->compat_ok = true;
	copy_str(r->compat, sizeof(r->compat), (const char *)p.val);
	for (int off = 0; off < p.len; off += (int)strlen((const char *)p.val + off) + 1) {
		const char *s = (const char *)p.val + off;

		if (kho_abi_version(s)) {
			copy_str(r->compat, sizeof(r->compat), s);
			break;
		}
	}
	r->abi = kho_abi_version(r->compat);
}

static void decode_root(struct kho_blob *b)
{
	const struct kho_fdt *f = &b->fdt;
	struct kho_root *r = &b->u.root;

	root_compat(f, r);
	kho_fdt_u64(f, 0, KHO_PROP_MEMORY_MAP, b->endian, &r->map);
	for (int c = kho_fdt_first_child(f, 0); c >= 0; c = kho_fdt_next_child(f, c)) {
		struct kho_sub *s;
		struct kho_prop p;

		if (r->nsubs >= KHO_MAX_SUBS) {
			r->subs_dropped++;
			continue;
		}
		s = &r->subs[r->nsubs++];
		s->name_ok = node_name(f, c, s->name, sizeof(s->name));
		if (r->abi == 1 || (r->abi != 2 && r->abi != 3 && r->abi != 4 &&
		    !kho_fdt_find(f, c, KHO_PROP_PRESERVED_DATA, &p) &&
		    kho_fdt_find(f, c, KHO_PROP_SUB_FDT_V1, &p)))
			s->addr_prop = KHO_PROP_SUB_FDT_V1;
		else
			s->addr_prop = KHO_PROP_PRESERVED_DATA;
		kho_fdt_u64(f, c, s->addr_prop, b->endian, &s->addr);
		kho_fdt_u64(f, c, KHO_PROP_BLOB_SIZE, b->endian, &s->size);
		s->nprops = count_props(f, c);
		s->nchildren = count_children(f, c);
	}
}

static void decode_memblock(struct kho_blob *b)
{
	const struct kho_fdt *f = &b->fdt;
	struct kho_memblock *m = &b->u.mb;

	copy_str(m->compat, sizeof(m->compat), kho_fdt_str(f, 0, "compatible"));
	for (int c = kho_fdt_first_child(f, 0); c >= 0; c = kho_fdt_next_child(f, c)) {
		struct kho_region *r;

		if (m->n >= KHO_MAX_REGIONS) {
			m->dropped++;
			continue;
		}
		r = &m->r[m->n++];
		r->name_ok = node_name(f, c, r->name, sizeof(r->name));
		copy_str(r->compat, sizeof(r->compat), kho_fdt_str(f, c, "compatible"));
		kho_fdt_u64(f, c, KHO_RESERVE_MEM_PROP_START, b->endian, &r->start);
		kho_fdt_u64(f, c, KHO_RESERVE_MEM_PROP_SIZE, b->endian, &r->size);
	}
}

static bool fdt_u32(const struct kho_fdt *f, int node, const char *name,
		    enum kho_endian e, uint32_t *v)
{
	struct kho_prop p;

	if (!kho_fdt_find(f, node, name, &p) || p.len != 4 || !p.val_ok)
		return false;
	*v = kho_get_u32(p.val, e);
	return true;
}

static void decode_kho_test(struct kho_blob *b)
{
	const struct kho_fdt *f = &b->fdt;
	struct kho_test *t = &b->u.test;
	struct kho_prop p;
	int data;

	copy_str(t->compat, sizeof(t->compat), kho_fdt_str(f, 0, "compatible"));
	t->has_magic = fdt_u32(f, 0, "magic", b->endian, &t->magic);
	data = fdt_subnode_offset(f->buf, 0, "data");
	if (data < 0)
		return;
	t->has_data = true;
	t->has_nr_folios = fdt_u32(f, data, "nr_folios", b->endian, &t->nr_folios);
	t->has_csum = fdt_u32(f, data, "csum", b->endian, &t->csum);
	if (kho_fdt_find(f, data, "folios_info", &p) && p.val_ok &&
	    p.len == (int)sizeof(struct kho_vmalloc_ser)) {
		t->has_folios = true;
		t->folios.first_phys = kho_get_u64(p.val, b->endian);
		t->folios.total_pages = kho_get_u32(p.val + 8, b->endian);
		t->folios.flags = kho_get_u16(p.val + 12, b->endian);
		t->folios.order = kho_get_u16(p.val + 14, b->endian);
	}
}

static void decode_metadata(struct kho_blob *b)
{
	struct kho_metadata *m = &b->u.md;
	const size_t rel = offsetof(struct kho_kexec_metadata_ser, previous_release);
	const size_t cnt = offsetof(struct kho_kexec_metadata_ser, kexec_count);

	m->len = b->len;
	if (b->len >= 4) {
		m->has_version = true;
		m->version = kho_get_u32(b->data, b->endian);
	}
	if (b->len > rel) {
		size_t avail = b->len - rel < KHO_UTS_LEN + 1 ? b->len - rel : KHO_UTS_LEN + 1;
		size_t l = kho_strnlen((const char *)b->data + rel, avail);

		memcpy(m->release, b->data + rel, l);
		m->release[l] = 0;
		m->release_terminated = l < avail;
	}
	if (b->len >= sizeof(struct kho_kexec_metadata_ser)) {
		m->complete = true;
		m->kexec_count = kho_get_u32(b->data + cnt, b->endian);
	}
}

static void decode_luo(struct kho_blob *b)
{
	struct kho_luo *l = &b->u.luo;

	l->len = b->len;
	memcpy(l->compat, b->data, b->len < KHO_LUO_COMPAT_LEN ? b->len : KHO_LUO_COMPAT_LEN);
	l->compat[KHO_LUO_COMPAT_LEN] = 0;
	if (b->len >= sizeof(struct kho_luo_ser)) {
		l->complete = true;
		l->liveupdate_num = kho_get_u64(b->data + 8, b->endian);
		l->sessions_pa = kho_get_u64(b->data + 16, b->endian);
		l->flbs_pa = kho_get_u64(b->data + 24, b->endian);
	}
}

static enum kho_kind fdt_kind(const struct kho_fdt *f, const char *name,
			      struct kho_diags *d)
{
	const char *compat = kho_fdt_str(f, 0, "compatible");
	struct kho_root r = { 0 };
	struct kho_prop p;

	root_compat(f, &r);
	if (r.abi || (compat && !strncmp(compat, KHO_COMPAT_PREFIX, strlen(KHO_COMPAT_PREFIX))) ||
	    kho_fdt_find(f, 0, KHO_PROP_MEMORY_MAP, &p))
		return KHO_KIND_ROOT;
	if (compat && !strcmp(compat, KHO_MEMBLOCK_COMPAT))
		return KHO_KIND_MEMBLOCK;
	if (compat && !strcmp(compat, KHO_TEST_COMPAT))
		return KHO_KIND_KHO_TEST;
	if (name && (!strcmp(name, KHO_MEMBLOCK_NODE) || !strcmp(name, KHO_TEST_NODE))) {
		char esc[80];

		kho_diag(d, KHO_PROBLEM, "%s: unexpected compatible \"%s\", decoded generically",
			 name, compat ? kho_escape(esc, sizeof(esc), compat, 64) : "(none)");
	}
	return KHO_KIND_FDT;
}

void kho_blob_decode(struct kho_blob *b, const char *name, const uint8_t *data,
		     size_t len, enum kho_endian e, struct kho_diags *d)
{
	memset(b, 0, sizeof(*b));
	b->name = name;
	b->data = data;
	b->len = len;
	b->endian = e;
	if (kho_fdt_has_magic(data, len)) {
		if (kho_fdt_open(&b->fdt, data, len, b->err, sizeof(b->err))) {
			b->kind = KHO_KIND_BAD_FDT;
			return;
		}
		b->kind = fdt_kind(&b->fdt, name, d);
		if (b->kind == KHO_KIND_ROOT)
			decode_root(b);
		else if (b->kind == KHO_KIND_MEMBLOCK)
			decode_memblock(b);
		else if (b->kind == KHO_KIND_KHO_TEST)
			decode_kho_test(b);
		return;
	}
	if ((name && !strcmp(name, KHO_METADATA_NODE)) ||
	    (!name && len == sizeof(struct kho_kexec_metadata_ser) &&
	     kho_get_u32(data, e) == KHO_METADATA_VERSION)) {
		b->kind = KHO_KIND_METADATA;
		decode_metadata(b);
	} else if ((name && !strcmp(name, KHO_LUO_NODE)) ||
		   (!name && len >= sizeof(struct kho_luo_ser) &&
		    !memcmp(data, "luo-v", 5))) {
		b->kind = KHO_KIND_LUO;
		decode_luo(b);
	} else {
		b->kind = KHO_KIND_RAW;
	}
}

void kho_blob_free(struct kho_blob *b)
{
	kho_fdt_close(&b->fdt);
}

/* ---- output --------------------------------------------------------- */

static void emit_u64prop(struct kout *o, const char *key,
			 const struct kho_u64prop *p)
{
	if (p->ok)
		kout_u64(o, key, p->val);
	else
		kout_null(o, key);
}

static void emit_fdt_header(struct kout *o, const struct kho_blob *b)
{
	const struct kho_fdt *f = &b->fdt;

	kout_obj(o, "fdt");
	kout_u64(o, "totalsize", f->size);
	kout_u64(o, "bytes_available", f->avail);
	kout_bool(o, "truncated", f->truncated);
	kout_u64(o, "version", f->version);
	kout_u64(o, "last_comp_version", f->last_comp_version);
	kout_u64(o, "nodes", (uint64_t)f->nodes);
	if (f->trailing)
		kout_u64(o, "trailing_bytes", f->trailing);
	kout_close(o);
}

static void emit_root(struct kout *o, const struct kho_blob *b)
{
	const struct kho_root *r = &b->u.root;

	if (r->compat_ok)
		kout_str(o, "compatible", r->compat);
	else
		kout_null(o, "compatible");
	if (r->abi)
		kout_u64(o, "abi_version", (uint64_t)r->abi);
	else
		kout_null(o, "abi_version");
	kout_bool(o, "abi_known", r->abi >= KHO_ABI_VERSION_MIN && r->abi <= KHO_ABI_VERSION_MAX);
	emit_u64prop(o, "preserved_memory_map", &r->map);
}

static void emit_memblock(struct kout *o, const struct kho_memblock *m)
{
	kout_str(o, "compatible", m->compat);
	kout_arr(o, "regions");
	for (int i = 0; i < m->n; i++) {
		const struct kho_region *r = &m->r[i];

		kout_obj(o, NULL);
		kout_str(o, "name", r->name_ok ? r->name : "");
		kout_str(o, "compatible", r->compat);
		emit_u64prop(o, "start", &r->start);
		emit_u64prop(o, "size", &r->size);
		if (r->start.ok && r->size.ok)
			kout_u64(o, "end", r->start.val + r->size.val);
		kout_close(o);
	}
	kout_close(o);
}

static void emit_test(struct kout *o, const struct kho_test *t)
{
	kout_str(o, "compatible", t->compat);
	if (t->has_magic)
		kout_u64(o, "magic", t->magic);
	else
		kout_null(o, "magic");
	if (t->has_nr_folios)
		kout_u64(o, "nr_folios", t->nr_folios);
	if (t->has_csum)
		kout_u64(o, "csum", t->csum);
	if (t->has_folios)
		kho_vmalloc_emit(o, "folios_info", &t->folios);
}

void kho_vmalloc_emit(struct kout *o, const char *key, const struct kho_vmalloc_ser *v)
{
	kout_obj(o, key);
	kout_u64(o, "first_phys", v->first_phys);
	kout_u64(o, "total_pages", v->total_pages);
	kout_u64(o, "flags", v->flags);
	kout_u64(o, "order", v->order);
	kout_close(o);
}

static void emit_metadata(struct kout *o, const struct kho_metadata *m)
{
	if (m->has_version)
		kout_u64(o, "version", m->version);
	else
		kout_null(o, "version");
	kout_str(o, "previous_release", m->release);
	if (m->complete)
		kout_u64(o, "kexec_count", m->kexec_count);
	else
		kout_null(o, "kexec_count");
}

static void emit_luo(struct kout *o, const struct kho_luo *l)
{
	kout_str(o, "compatible", l->compat);
	if (!l->complete)
		return;
	kout_u64(o, "liveupdate_num", l->liveupdate_num);
	kout_u64(o, "sessions_pa", l->sessions_pa);
	kout_u64(o, "flbs_pa", l->flbs_pa);
}

void kho_blob_emit(struct kout *o, const struct kho_blob *b, size_t hexmax)
{
	kout_str(o, "kind", kho_kind_name(b->kind));
	kout_u64(o, "size", b->len);
	switch (b->kind) {
	case KHO_KIND_ROOT:
		emit_fdt_header(o, b);
		emit_root(o, b);
		break;
	case KHO_KIND_MEMBLOCK:
		emit_fdt_header(o, b);
		emit_memblock(o, &b->u.mb);
		break;
	case KHO_KIND_KHO_TEST:
		emit_fdt_header(o, b);
		emit_test(o, &b->u.test);
		break;
	case KHO_KIND_FDT:
		emit_fdt_header(o, b);
		kout_str(o, "compatible", kho_fdt_str(&b->fdt, 0, "compatible") ?: "");
		break;
	case KHO_KIND_METADATA:
		emit_metadata(o, &b->u.md);
		break;
	case KHO_KIND_LUO:
		emit_luo(o, &b->u.luo);
		break;
	case KHO_KIND_BAD_FDT:
		kout_str(o, "error", b->err);
		kout_bytes(o, "bytes", b->data, b->len, hexmax);
		break;
	default:
		kout_bytes(o, "bytes", b->data, b->len, hexmax);
	}
}

/* ---- checks --------------------------------------------------------- */

static const char *esc(char *buf, size_t n, const char *s)
{
	return kho_escape(buf, n, s, KHO_NAME_MAX);
}

static void check_u64(struct kho_diags *d, const char *what, const char *prop,
		      const struct kho_u64prop *p, bool required)
{
	if (!p->present) {
		if (required)
			kho_diag(d, KHO_PROBLEM, "%s: missing property %s", what, prop);
	} else if (p->len != 8) {
		kho_diag(d, KHO_PROBLEM, "%s: property %s is %d bytes, expected 8",
			 what, prop, p->len);
	} else if (!p->ok) {
		kho_diag(d, KHO_PROBLEM, "%s: property %s lies beyond the end of the file",
			 what, prop);
	}
}

static void check_root(const struct kho_blob *b, struct kho_diags *d)
{
	const struct kho_root *r = &b->u.root;
	char n1[80], n2[80];

	if (!r->compat_ok)
		kho_diag(d, KHO_PROBLEM, "root: missing or malformed compatible");
	else if (r->abi < KHO_ABI_VERSION_MIN || r->abi > KHO_ABI_VERSION_MAX)
		kho_diag(d, KHO_PROBLEM, "root: unknown compatible \"%s\"",
			 esc(n1, sizeof(n1), r->compat));
	if (b->fdt.size > KHO_ROOT_FDT_MAX)
		kho_diag(d, KHO_PROBLEM, "root: FDT totalsize %zu exceeds one page (%u)",
			 b->fdt.size, KHO_ROOT_FDT_MAX);
	check_u64(d, "root", KHO_PROP_MEMORY_MAP, &r->map, true);
	if (r->map.ok && !r->map.val)
		kho_diag(d, KHO_PROBLEM, "root: preserved-memory-map is 0 (handover disabled)");
	else if (r->map.ok && r->abi >= 2 && (r->map.val & (KHO_PAGE_SIZE - 1)))
		kho_diag(d, KHO_PROBLEM, "root: preserved-memory-map 0x%llx is not page aligned",
			 (unsigned long long)r->map.val);
	if (r->subs_dropped)
		kho_diag(d, KHO_PROBLEM, "root: more than %d subtrees, %d not decoded",
			 KHO_MAX_SUBS, r->subs_dropped);
	for (int i = 0; i < r->nsubs; i++) {
		const struct kho_sub *s = &r->subs[i];
		char what[96];

		snprintf(what, sizeof(what), "subtree \"%s\"", esc(n1, sizeof(n1), s->name));
		if (!s->name_ok) {	/* a consequence of truncation, reported once above */
			kho_diag(d, b->fdt.truncated ? KHO_WARN : KHO_PROBLEM,
				 "subtree %d: name lies beyond the end of the file", i);
			continue;
		}
		check_u64(d, what, s->addr_prop, &s->addr, true);
		check_u64(d, what, KHO_PROP_BLOB_SIZE, &s->size, r->abi >= 3);
		if (s->addr.ok && !s->addr.val)
			kho_diag(d, KHO_PROBLEM, "%s: %s is 0", what, s->addr_prop);
		else if (s->addr.ok && (s->addr.val & 7))
			kho_diag(d, KHO_PROBLEM, "%s: %s 0x%llx is not 8-byte aligned", what,
				 s->addr_prop, (unsigned long long)s->addr.val);
		if (s->size.ok && !s->size.val)
			kho_diag(d, KHO_PROBLEM, "%s: blob-size is 0", what);
		if (r->abi == 1 && s->size.present)
			kho_diag(d, KHO_WARN, "%s: blob-size is not part of kho-v1", what);
		if (s->nchildren)
			kho_diag(d, KHO_PROBLEM, "%s: has %d nested node(s), none expected",
				 what, s->nchildren);
		for (int j = 0; j < i; j++)
			if (r->subs[j].name_ok && !strcmp(r->subs[j].name, s->name))
				kho_diag(d, KHO_PROBLEM, "duplicate subtree name \"%s\"",
					 esc(n2, sizeof(n2), s->name));
	}
}

static void check_memblock(const struct kho_blob *b, struct kho_diags *d)
{
	const struct kho_memblock *m = &b->u.mb;
	char n1[80], n2[80];

	if (strcmp(m->compat, KHO_MEMBLOCK_COMPAT))
		kho_diag(d, KHO_PROBLEM, "memblock: compatible is not %s", KHO_MEMBLOCK_COMPAT);
	if (m->n > KHO_RESERVE_MEM_MAX_ENTRIES)
		kho_diag(d, KHO_PROBLEM, "memblock: %d regions, at most %d expected",
			 m->n + m->dropped, KHO_RESERVE_MEM_MAX_ENTRIES);
	for (int i = 0; i < m->n; i++) {
		const struct kho_region *r = &m->r[i];
		char what[112];

		snprintf(what, sizeof(what), "reserve_mem \"%s\"", esc(n1, sizeof(n1), r->name));
		if (!r->name_ok) {
			kho_diag(d, KHO_PROBLEM, "reserve_mem %d: name lies beyond the end of the file", i);
			continue;
		}
		if (strlen(r->name) >= 16)
			kho_diag(d, KHO_PROBLEM, "%s: name longer than 15 characters", what);
		if (strcmp(r->compat, KHO_RESERVE_MEM_COMPAT))
			kho_diag(d, KHO_PROBLEM, "%s: compatible is not %s", what,
				 KHO_RESERVE_MEM_COMPAT);
		check_u64(d, what, "start", &r->start, true);
		check_u64(d, what, "size", &r->size, true);
		if (r->size.ok && !r->size.val)
			kho_diag(d, KHO_PROBLEM, "%s: size is 0", what);
		if (r->start.ok && (r->start.val & (KHO_PAGE_SIZE - 1)))
			kho_diag(d, KHO_PROBLEM, "%s: start 0x%llx is not page aligned", what,
				 (unsigned long long)r->start.val);
		if (r->size.ok && (r->size.val & (KHO_PAGE_SIZE - 1)))
			kho_diag(d, KHO_PROBLEM, "%s: size 0x%llx is not a multiple of 4 KiB",
				 what, (unsigned long long)r->size.val);
		if (r->start.ok && r->size.ok && r->start.val + r->size.val < r->start.val)
			kho_diag(d, KHO_PROBLEM, "%s: start + size overflows", what);
		for (int j = 0; j < i; j++) {
			const struct kho_region *q = &m->r[j];

			if (q->name_ok && !strcmp(q->name, r->name))
				kho_diag(d, KHO_PROBLEM, "duplicate reserve_mem name \"%s\"",
					 esc(n2, sizeof(n2), r->name));
			if (q->start.ok && q->size.ok && r->start.ok && r->size.ok &&
			    r->start.val < q->start.val + q->size.val &&
			    q->start.val < r->start.val + r->size.val)
				kho_diag(d, KHO_PROBLEM, "%s overlaps reserve_mem \"%s\"", what,
					 esc(n2, sizeof(n2), q->name));
		}
	}
}

static void check_metadata(const struct kho_blob *b, struct kho_diags *d)
{
	const struct kho_metadata *m = &b->u.md;

	if (!m->has_version)
		kho_diag(d, KHO_PROBLEM, "kexec-metadata: %zu bytes, too short for a version", m->len);
	else if (m->version != KHO_METADATA_VERSION)
		kho_diag(d, KHO_PROBLEM, "kexec-metadata: version %u, expected %d",
			 m->version, KHO_METADATA_VERSION);
	if (!m->complete)
		kho_diag(d, KHO_PROBLEM, "kexec-metadata: %zu bytes, expected %zu", m->len,
			 sizeof(struct kho_kexec_metadata_ser));
	else if (m->len > sizeof(struct kho_kexec_metadata_ser))
		kho_diag(d, KHO_WARN, "kexec-metadata: %zu bytes, %zu expected", m->len,
			 sizeof(struct kho_kexec_metadata_ser));
	if (m->has_version && !m->release_terminated && m->len > 4)
		kho_diag(d, KHO_PROBLEM, "kexec-metadata: previous_release is not NUL-terminated");
}

static void check_luo(const struct kho_blob *b, struct kho_diags *d)
{
	const struct kho_luo *l = &b->u.luo;
	char c[40];

	if (!l->complete)
		kho_diag(d, KHO_PROBLEM, "LUO: %zu bytes, at least %zu expected", l->len,
			 sizeof(struct kho_luo_ser));
	if (strcmp(l->compat, KHO_LUO_COMPAT))
		kho_diag(d, KHO_PROBLEM, "LUO: compatible \"%s\", expected %s (7.2 panics)",
			 kho_escape(c, sizeof(c), l->compat, KHO_LUO_COMPAT_LEN), KHO_LUO_COMPAT);
}

static void check_test(const struct kho_blob *b, struct kho_diags *d)
{
	const struct kho_test *t = &b->u.test;

	if (!t->has_magic || t->magic != KHO_TEST_MAGIC)
		kho_diag(d, KHO_PROBLEM, "kho_test: magic missing or not 0x%x", KHO_TEST_MAGIC);
	if (!t->has_data || !t->has_nr_folios || !t->has_csum || !t->has_folios)
		kho_diag(d, KHO_PROBLEM, "kho_test: /data node or its properties missing");
}

void kho_blob_check(const struct kho_blob *b, struct kho_diags *d)
{
	const char *what = b->name ? b->name : b->kind == KHO_KIND_ROOT ? "root FDT" : "blob";
	char n[80];

	if (b->kind == KHO_KIND_BAD_FDT) {
		kho_diag(d, KHO_PROBLEM, "%s: %s", esc(n, sizeof(n), what), b->err);
		return;
	}
	if (b->fdt.buf && b->fdt.truncated)
		kho_diag(d, KHO_PROBLEM, "%s: truncated: header totalsize %zu, file has %zu bytes",
			 esc(n, sizeof(n), what), b->fdt.size, b->fdt.avail);
	if (b->fdt.buf && b->fdt.trailing)
		kho_diag(d, KHO_WARN, "%s: %zu bytes after the FDT's totalsize",
			 esc(n, sizeof(n), what), b->fdt.trailing);
	switch (b->kind) {
	case KHO_KIND_ROOT: check_root(b, d); break;
	case KHO_KIND_MEMBLOCK: check_memblock(b, d); break;
	case KHO_KIND_METADATA: check_metadata(b, d); break;
	case KHO_KIND_LUO: check_luo(b, d); break;
	case KHO_KIND_KHO_TEST: check_test(b, d); break;
	default: break;
	}
}

bool kho_in_scratch(const struct kho_scratch_ser *s, size_t n, uint64_t a,
		    uint64_t len)
{
	for (size_t i = 0; i < n; i++)
		if (a < s[i].addr + s[i].size && s[i].addr < a + len)
			return true;
	return false;
}

void kho_scratch_check(const struct kho_scratch_ser *s, size_t n,
		       struct kho_diags *d)
{
	if (!n)
		kho_diag(d, KHO_PROBLEM, "scratch: no scratch areas");
	for (size_t i = 0; i < n; i++) {
		if (!s[i].size)	/* 7.2 keeps an empty global area when it gets no memory */
			kho_diag(d, KHO_INFO, "scratch[%zu] is empty", i);
		if ((s[i].addr | s[i].size) & (KHO_SCRATCH_ALIGN - 1))
			kho_diag(d, KHO_PROBLEM,
				 "scratch[%zu]: 0x%llx+0x%llx is not 4 MiB aligned", i,
				 (unsigned long long)s[i].addr, (unsigned long long)s[i].size);
		if (s[i].addr + s[i].size < s[i].addr)
			kho_diag(d, KHO_PROBLEM, "scratch[%zu]: addr + size overflows", i);
		for (size_t j = 0; j < i; j++)
			if (s[i].addr < s[j].addr + s[j].size && s[j].addr < s[i].addr + s[i].size)
				kho_diag(d, KHO_PROBLEM, "scratch[%zu] overlaps scratch[%zu]", i, j);
	}
}
