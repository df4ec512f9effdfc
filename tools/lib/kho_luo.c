// SPDX-License-Identifier: GPL-2.0
/* kho_luo.c - LUO sessions, files and memfd state (see kho_luo.h). */
#include "kho_luo.h"

#include <stdlib.h>
#include <string.h>

typedef void (*entry_fn)(void *ctx, const uint8_t *entry);

/*
 * Calls @fn for every entry of a KHO block chain.  Returns the number of
 * entries seen; problems (unreadable block, bad count, cycle, too many
 * blocks) are reported with @what.
 */
static uint64_t walk_chain(uint64_t head, size_t entry_size, kho_read_fn rd, void *ctx,
			   enum kho_endian e, entry_fn fn, void *fctx, const char *what,
			   struct kho_diags *d)
{
	const uint64_t per_block = (KHO_BLOCK_SIZE - sizeof(struct kho_block_header_ser)) /
				   entry_size;
	uint64_t saved = head, seen = 0, power = 1, lam = 0;
	uint8_t *blk = malloc(KHO_BLOCK_SIZE);

	if (!blk)
		return 0;
	for (unsigned int n = 0; head; n++) {
		uint64_t count, next;

		if (n >= KHO_MAX_BLOCKS) {
			kho_diag(d, KHO_PROBLEM, "%s: more than %d blocks", what, KHO_MAX_BLOCKS);
			break;
		}
		if (rd(ctx, head, blk, KHO_BLOCK_SIZE)) {
			kho_diag(d, KHO_PROBLEM, "%s: block 0x%llx is not in the memory image",
				 what, (unsigned long long)head);
			break;
		}
		next = kho_get_u64(blk, e);
		count = kho_get_u64(blk + 8, e);
		if (count < 1 || count > per_block) {
			kho_diag(d, KHO_PROBLEM, "%s: block 0x%llx has count %llu (1..%llu)",
				 what, (unsigned long long)head, (unsigned long long)count,
				 (unsigned long long)per_block);
			break;
		}
		for (uint64_t i = 0; i < count; i++)
			fn(fctx, blk + sizeof(struct kho_block_header_ser) + i * entry_size);
		seen += count;
		if (next == saved) {
			kho_diag(d, KHO_PROBLEM, "%s: block chain loops", what);
			break;
		}
		if (++lam == power) {	/* Brent: move the checkpoint */
			saved = next;
			power *= 2;
			lam = 0;
		}
		head = next;
	}
	free(blk);
	return seen;
}

struct wctx {
	struct kho_luo_state *s;
	enum kho_endian e;
	unsigned int session;
};

static void copy_name(char *dst, const uint8_t *src, size_t n)
{
	size_t l = kho_strnlen((const char *)src, n);

	memcpy(dst, src, l);
	dst[l] = 0;
}

/* Appends a zeroed element to *@arr (@n elements of @size); NULL at the limit. */
static void *grow(void *arr, size_t *n, size_t size, bool *truncated)
{
	void **a = arr;
	uint8_t *p;

	if (*n >= KHO_LUO_MAX_FILES || !(p = realloc(*a, (*n + 1) * size))) {
		*truncated = true;
		return NULL;
	}
	*a = p;
	memset(p + *n * size, 0, size);
	return p + (*n)++ * size;
}

static void add_session(void *p, const uint8_t *ent)
{
	struct wctx *w = p;
	struct kho_luo_session *x = grow(&w->s->sessions, &w->s->nsessions, sizeof(*x),
					 &w->s->truncated);

	if (!x)
		return;
	copy_name(x->name, ent, KHO_LUO_SESSION_NAME_LEN);
	x->files_pa = kho_get_u64(ent + KHO_LUO_SESSION_NAME_LEN, w->e);
	x->count = kho_get_u64(ent + KHO_LUO_SESSION_NAME_LEN + 8, w->e);
}

static void add_file(void *p, const uint8_t *ent)
{
	struct wctx *w = p;
	struct kho_luo_file *f = grow(&w->s->files, &w->s->nfiles, sizeof(*f),
				      &w->s->truncated);

	if (!f)
		return;
	f->session = w->session;
	copy_name(f->compat, ent, KHO_LUO_HNDL_COMPAT_LEN);
	f->data = kho_get_u64(ent + KHO_LUO_HNDL_COMPAT_LEN, w->e);
	f->token = kho_get_u64(ent + KHO_LUO_HNDL_COMPAT_LEN + 8, w->e);
	f->is_memfd = !strcmp(f->compat, KHO_MEMFD_COMPAT);
}

static void read_memfd(struct kho_luo_file *f, kho_read_fn rd, void *ctx, enum kho_endian e)
{
	uint8_t b[sizeof(struct kho_memfd_luo_ser)];

	if (!f->data || rd(ctx, f->data, b, sizeof(b)))
		return;
	f->memfd_ok = true;
	f->memfd.pos = kho_get_u64(b, e);
	f->memfd.size = kho_get_u64(b + 8, e);
	f->memfd.seals = kho_get_u32(b + 16, e);
	f->memfd.flags = kho_get_u32(b + 20, e);
	f->memfd.nr_folios = kho_get_u64(b + 24, e);
	f->memfd.folios.first_phys = kho_get_u64(b + 32, e);
	f->memfd.folios.total_pages = kho_get_u32(b + 40, e);
	f->memfd.folios.flags = kho_get_u16(b + 44, e);
	f->memfd.folios.order = kho_get_u16(b + 46, e);
}

void kho_luo_walk(const struct kho_luo *l, kho_read_fn rd, void *ctx,
		  enum kho_endian e, struct kho_luo_state *s, struct kho_diags *d)
{
	struct wctx w = { s, e, 0 };

	memset(s, 0, sizeof(*s));
	if (!l->complete || strcmp(l->compat, KHO_LUO_COMPAT))
		return;
	walk_chain(l->sessions_pa, sizeof(struct kho_luo_session_ser), rd, ctx, e,
		   add_session, &w, "LUO sessions", d);
	for (size_t i = 0; i < s->nsessions; i++) {
		size_t before = s->nfiles;
		char what[96], esc[80];
		uint64_t n;

		snprintf(what, sizeof(what), "LUO session \"%s\" files",
			 kho_escape(esc, sizeof(esc), s->sessions[i].name, 64));
		w.session = (unsigned int)i;
		n = walk_chain(s->sessions[i].files_pa, sizeof(struct kho_luo_file_ser), rd, ctx,
			       e, add_file, &w, what, d);
		if (n != s->sessions[i].count)
			kho_diag(d, KHO_PROBLEM, "%s: %llu found, %llu recorded", what,
				 (unsigned long long)n, (unsigned long long)s->sessions[i].count);
		for (size_t j = before; j < s->nfiles; j++)
			if (s->files[j].is_memfd)
				read_memfd(&s->files[j], rd, ctx, e);
	}
	if (s->truncated)
		kho_diag(d, KHO_WARN, "LUO: more than %d sessions or files, list cut",
			 KHO_LUO_MAX_FILES);
}

void kho_luo_state_free(struct kho_luo_state *s)
{
	free(s->sessions);
	free(s->files);
	memset(s, 0, sizeof(*s));
}

void kho_luo_state_emit(struct kout *o, const struct kho_luo_state *s)
{
	kout_arr(o, "sessions");
	for (size_t i = 0; i < s->nsessions; i++) {
		kout_obj(o, NULL);
		kout_str(o, "name", s->sessions[i].name);
		kout_u64(o, "file_count", s->sessions[i].count);
		kout_arr(o, "files");
		for (size_t j = 0; j < s->nfiles; j++) {
			const struct kho_luo_file *f = &s->files[j];

			if (f->session != i)
				continue;
			kout_obj(o, NULL);
			kout_str(o, "compatible", f->compat);
			kout_u64(o, "token", f->token);
			kout_u64(o, "data", f->data);
			if (f->memfd_ok) {
				kout_obj(o, "memfd");
				kout_u64(o, "size", f->memfd.size);
				kout_u64(o, "pos", f->memfd.pos);
				kout_u64(o, "seals", f->memfd.seals);
				kout_u64(o, "flags", f->memfd.flags);
				kout_u64(o, "nr_folios", f->memfd.nr_folios);
				struct kho_vmalloc_ser v = f->memfd.folios;	/* unpacked copy */

				kho_vmalloc_emit(o, "folios", &v);
				kout_close(o);
			}
			kout_close(o);
		}
		kout_close(o);
		kout_close(o);
	}
	kout_close(o);
}
