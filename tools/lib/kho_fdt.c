// SPDX-License-Identifier: GPL-2.0
/* kho_fdt.c - untrusted FDT handling on top of libfdt (see kho_fdt.h). */
#include "kho_fdt.h"

#include <libfdt.h>
#include <stdlib.h>
#include <string.h>

bool kho_fdt_has_magic(const void *data, size_t len)
{
	const uint8_t *b = data;

	return len >= 4 && b[0] == 0xd0 && b[1] == 0x0d && b[2] == 0xfe && b[3] == 0xed;
}

static uint32_t be32(const uint8_t *b)
{
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

/*
 * The root FDT's strings block as the kernel builds it (kho-v2+): the
 * sequential-write API stores "compatible" then "preserved-memory-map"
 * backwards from the end (so the map comes first after fdt_finish), then
 * kho_add_subtree() appends "preserved-data" and "blob-size".
 */
static const char *const kho_strings[] = {
	"preserved-memory-map", "compatible", "preserved-data", "blob-size",
};

static const char *infer_name(uint32_t nameoff)
{
	uint32_t off = 0;

	for (size_t i = 0; i < KHO_ARRAY_SIZE(kho_strings); i++) {
		if (nameoff == off)
			return kho_strings[i];
		off += (uint32_t)strlen(kho_strings[i]) + 1;
	}
	return NULL;
}

/* Inference is allowed only if every present byte of the table agrees. */
static bool table_consistent(const struct kho_fdt *f)
{
	size_t base = fdt_off_dt_strings(f->buf), off = 0;

	for (size_t i = 0; i < KHO_ARRAY_SIZE(kho_strings); i++) {
		size_t l = strlen(kho_strings[i]) + 1;

		for (size_t j = 0; j < l; j++)
			if (base + off + j < f->avail &&
			    f->buf[base + off + j] != (uint8_t)kho_strings[i][j])
				return false;
		off += l;
	}
	return base + off <= f->size;
}

/* Walks every node without recursion; fills depth and node counts. */
static int prescan(struct kho_fdt *f, char *err, size_t errlen)
{
	int depth = 0, off = 0;

	f->max_depth = 0;
	f->nodes = 1;		/* the root */
	for (;;) {
		off = fdt_next_node(f->buf, off, &depth);
		if (off < 0)
			break;
		if (depth < 0)
			break;
		f->nodes++;
		if (depth > f->max_depth)
			f->max_depth = depth;
		if (depth > KHO_FDT_MAX_DEPTH) {
			snprintf(err, errlen, "FDT nests deeper than %d levels",
				 KHO_FDT_MAX_DEPTH);
			return -1;
		}
		if ((size_t)off >= f->avail && f->truncated) {
			f->struct_cut = true;
			break;
		}
	}
	if (off < 0 && off != -FDT_ERR_NOTFOUND) {
		if (f->truncated) {
			f->struct_cut = true;
			return 0;
		}
		snprintf(err, errlen, "FDT structure: %s", fdt_strerror(off));
		return -1;
	}
	return 0;
}

int kho_fdt_open(struct kho_fdt *f, const void *data, size_t len,
		 char *err, size_t errlen)
{
	const uint8_t *b = data;
	uint32_t total;
	int r;

	memset(f, 0, sizeof(*f));
	if (len < 4 || !kho_fdt_has_magic(data, len)) {
		snprintf(err, errlen, "not an FDT (bad magic)");
		return -1;
	}
	if (len < KHO_FDT_HEADER_SIZE) {
		snprintf(err, errlen, "FDT truncated inside its header (%zu of %d bytes)",
			 len, KHO_FDT_HEADER_SIZE);
		return -1;
	}
	total = be32(b + 4);
	if (total < KHO_FDT_HEADER_SIZE || total > KHO_FDT_MAX_SIZE) {
		snprintf(err, errlen, "FDT totalsize %u out of range", total);
		return -1;
	}
	f->buf = calloc(1, total);
	if (!f->buf) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	f->size = total;
	f->avail = len < total ? len : total;
	f->trailing = len > total ? len - total : 0;
	f->truncated = len < total;
	memcpy(f->buf, b, f->avail);
	r = fdt_check_header(f->buf);
	if (r) {
		snprintf(err, errlen, "bad FDT header: %s", fdt_strerror(r));
		goto fail;
	}
	if ((fdt_off_dt_struct(f->buf) & 3) || (fdt_off_mem_rsvmap(f->buf) & 7)) {
		snprintf(err, errlen, "FDT blocks misaligned (struct at %u, memory map at %u)",
			 fdt_off_dt_struct(f->buf), fdt_off_mem_rsvmap(f->buf));
		goto fail;
	}
	if (fdt_version(f->buf) < 16) {
		snprintf(err, errlen, "FDT version %u not supported (need >= 16)",
			 fdt_version(f->buf));
		goto fail;
	}
	f->version = fdt_version(f->buf);
	f->last_comp_version = fdt_last_comp_version(f->buf);
	f->boot_cpuid = fdt_boot_cpuid_phys(f->buf);
	if (!f->truncated) {
		r = fdt_check_full(f->buf, f->size);
		if (r) {
			snprintf(err, errlen, "malformed FDT: %s", fdt_strerror(r));
			goto fail;
		}
	} else if (fdt_off_dt_struct(f->buf) >= f->avail) {
		snprintf(err, errlen,
			 "FDT truncated before its structure block (%zu of %u bytes)",
			 f->avail, total);
		goto fail;
	} else {
		f->struct_cut = (size_t)fdt_off_dt_struct(f->buf) +
				fdt_size_dt_struct(f->buf) > f->avail;
		f->can_infer = table_consistent(f);
	}
	if (prescan(f, err, errlen))
		goto fail;
	return 0;
fail:
	kho_fdt_close(f);
	return -1;
}

void kho_fdt_close(struct kho_fdt *f)
{
	free(f->buf);
	memset(f, 0, sizeof(*f));
}

static bool in_avail(const struct kho_fdt *f, const void *p, size_t len)
{
	size_t off;

	if ((const uint8_t *)p < f->buf)
		return false;
	off = (size_t)((const uint8_t *)p - f->buf);
	return off <= f->avail && len <= f->avail - off;
}

const char *kho_fdt_name(const struct kho_fdt *f, int node)
{
	int len;
	const char *n = fdt_get_name(f->buf, node, &len);

	if (!n || len < 0 || !in_avail(f, n, (size_t)len + 1))
		return NULL;
	return n;
}

int kho_fdt_prop(const struct kho_fdt *f, int off, struct kho_prop *p)
{
	const char *name = NULL;
	int len = 0;
	const void *v = fdt_getprop_by_offset(f->buf, off, &name, &len);

	memset(p, 0, sizeof(*p));
	if (!v || len < 0)
		return -1;
	p->val = v;
	p->len = len;
	p->val_ok = in_avail(f, v, (size_t)len);
	p->name = name ? name : "";
	p->name_ok = name && in_avail(f, name,
			kho_strnlen(name, f->size - (size_t)((const uint8_t *)name - f->buf)) + 1);
	if (!p->name_ok && f->can_infer) {
		/* no struct access: the property may sit at any byte offset */
		const uint8_t *fp = (const uint8_t *)fdt_get_property_by_offset(f->buf, off, NULL);
		const char *n = fp && in_avail(f, fp, 12) ? infer_name(be32(fp + 8)) : NULL;

		/* and the value must fit: a string list or a u64 */
		if (n && (!strcmp(n, "compatible") ? kho_is_stringlist(p->val, p->len)
						    : p->len == 8)) {
			p->name = n;
			p->name_ok = p->name_inferred = true;
		}
	}
	return 0;
}

bool kho_fdt_find(const struct kho_fdt *f, int node, const char *name,
		  struct kho_prop *p)
{
	int off;

	for (off = fdt_first_property_offset(f->buf, node); off >= 0;
	     off = fdt_next_property_offset(f->buf, off)) {
		if (kho_fdt_prop(f, off, p))
			break;
		if (p->name_ok && !strcmp(p->name, name))
			return true;
	}
	memset(p, 0, sizeof(*p));
	return false;
}

void kho_fdt_u64(const struct kho_fdt *f, int node, const char *name,
		 enum kho_endian e, struct kho_u64prop *out)
{
	struct kho_prop p;

	memset(out, 0, sizeof(*out));
	if (!kho_fdt_find(f, node, name, &p))
		return;
	out->present = true;
	out->len = p.len;
	if (p.len == 8 && p.val_ok) {
		out->ok = true;
		out->val = kho_get_u64(p.val, e);
	}
}

bool kho_is_stringlist(const uint8_t *v, int len)
{
	int start = 0;

	if (len <= 0 || v[len - 1])
		return false;
	for (int i = 0; i < len; i++) {
		if (!v[i]) {
			if (i == start)
				return false;	/* empty string */
			start = i + 1;
		} else if (v[i] < 0x20 || v[i] >= 0x7f) {
			return false;
		}
	}
	return true;
}

const char *kho_fdt_str(const struct kho_fdt *f, int node, const char *name)
{
	struct kho_prop p;

	if (!kho_fdt_find(f, node, name, &p) || !p.val_ok || p.len <= 0 ||
	    kho_strnlen((const char *)p.val, (size_t)p.len) >= (size_t)p.len)
		return NULL;
	return (const char *)p.val;
}

int kho_fdt_first_child(const struct kho_fdt *f, int node)
{
	return fdt_first_subnode(f->buf, node);
}

int kho_fdt_next_child(const struct kho_fdt *f, int node)
{
	return fdt_next_subnode(f->buf, node);
}
