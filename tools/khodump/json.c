// SPDX-License-Identifier: GPL-2.0
/*
 * json.c - khodump's JSON documents (-j).  The schema is documented in
 * khodump.1 and relied on by scripts and tests: keys and their meaning only
 * ever get added to while "schema" stays 1.
 */
#include <string.h>

#include "khodump.h"

static void emit_input(struct kout *o, const char *key, const struct kho_capture *c)
{
	kout_obj(o, key);
	kout_str(o, "path", c->path);
	kout_str(o, "kind", c->is_dir ? "directory" : "blob");
	kout_str(o, "layout", c->layout);
	if (c->is_dir) {
		kout_bool(o, "has_fdt", c->fdt != NULL);
		kout_u64(o, "sub_blobs", c->nsubs);
		if (c->extra[0])
			kout_str(o, "other_files", c->extra);
	}
	kout_close(o);
}

static void emit_scratch(struct kout *o, const struct kho_capture *c)
{
	uint64_t total = 0;

	if (!c->has_scratch) {
		kout_null(o, "scratch");
		return;
	}
	kout_arr(o, "scratch");
	for (size_t i = 0; i < c->nscratch; i++) {
		kout_obj(o, NULL);
		kout_u64(o, "addr", c->scratch[i].addr);
		kout_u64(o, "size", c->scratch[i].size);
		kout_u64(o, "end", c->scratch[i].addr + c->scratch[i].size);
		kout_close(o);
		total += c->scratch[i].size;
	}
	kout_close(o);
	kout_u64(o, "scratch_total", total);
}

/* ---- statistics files (6.12 series) ------------------------------------- */

static void emit_num(struct kout *o, const char *key, const struct kho_num *v)
{
	if (v->ok)
		kout_u64(o, key, v->v);
	else
		kout_null(o, key);
}

static void emit_snum(struct kout *o, const char *key, const struct kho_snum *v)
{
	if (v->ok)
		kout_i64(o, key, v->v);
	else
		kout_null(o, key);
}

static void emit_word(struct kout *o, const char *key, const char *w)
{
	if (w)
		kout_str(o, key, w);
	else
		kout_null(o, key);
}

/* "other": the keys no interpretation used, with their values as found. */
static void emit_other(struct kout *o, const struct kho_kvs *kv)
{
	kout_obj(o, "other");
	for (size_t i = 0; i < kv->n; i++) {
		const struct kho_kv *e = &kv->v[i];
		int64_t sv;

		if (e->used)
			continue;
		if (e->type == KHO_KV_WORD)
			kout_str(o, e->key, e->word);
		else if (e->neg && kho_kv_i64(e, &sv))
			kout_i64(o, e->key, sv);
		else
			kout_u64(o, e->key, e->mag);
	}
	kout_close(o);
}

static void emit_stats(struct kout *o, const struct kho_stats *s)
{
	if (!s->present) {
		kout_null(o, "stats");
		return;
	}
	kout_obj(o, "stats");
	emit_word(o, "side", kho_side_name(s->side));
	for (int k = 0; k < KHO_STAT_COUNT; k++)
		if (kho_stat_on(k, s->side))
			emit_num(o, kho_stat_name(k), &s->v[k]);
	kout_arr(o, "orders");
	for (unsigned int i = 0; i < KHO_STATS_ORDERS; i++) {
		if (!s->order_blocks[i].ok && !s->order_bytes[i].ok)
			continue;
		kout_obj(o, NULL);
		kout_u64(o, "order", i);
		emit_num(o, "blocks", &s->order_blocks[i]);
		emit_num(o, "bytes", &s->order_bytes[i]);
		kout_close(o);
	}
	kout_close(o);
	emit_other(o, &s->kv);
	kout_close(o);
}

static void emit_timing(struct kout *o, const struct kho_timing *t)
{
	if (!t->present) {
		kout_null(o, "timing");
		return;
	}
	kout_obj(o, "timing");
	emit_num(o, "format", &t->format);
	emit_word(o, "clock", t->clock);
	emit_num(o, "clock_khz", &t->clock_khz);
	if (t->previous_stamps >= 0)
		kout_u64(o, "previous_stamps", (uint64_t)t->previous_stamps);
	else
		kout_null(o, "previous_stamps");
	kout_arr(o, "phases");
	for (size_t i = 0; i < t->nphases; i++) {
		kout_obj(o, NULL);
		kout_str(o, "name", t->phases[i].name);
		kout_i64(o, "ns", t->phases[i].ns);
		kout_bool(o, "known", t->phases[i].known);
		kout_close(o);
	}
	kout_close(o);
	emit_snum(o, "blackout_ns", &t->blackout_ns);
	emit_snum(o, "kexec_to_user_ns", &t->kexec_to_user_ns);
	kout_close(o);
}

static void emit_scratch_use(struct kout *o, const struct kho_scratch_use *u)
{
	if (!u->present) {
		kout_null(o, "scratch_usage");
		return;
	}
	kout_obj(o, "scratch_usage");
	kout_str(o, "file", u->kv.name);
	emit_num(o, "area_count", &u->areas);
	kout_arr(o, "areas");
	for (size_t i = 0; i < u->n; i++) {
		const struct kho_scratch_area_use *a = &u->a[i];

		if (!a->seen)
			continue;
		kout_obj(o, NULL);
		kout_u64(o, "index", i);
		emit_word(o, "role", a->role);
		emit_snum(o, "node", &a->node);
		emit_num(o, "addr", &a->addr);
		emit_num(o, "size", &a->size);
		emit_word(o, "origin", a->origin);
		emit_num(o, "boot_used", &a->boot_used);
		emit_num(o, "in_use", &a->in_use);
		emit_num(o, "free", &a->free);
		kout_close(o);
	}
	kout_close(o);
	emit_num(o, "total_size", &u->total_size);
	emit_num(o, "total_boot_used", &u->total_boot_used);
	emit_num(o, "total_in_use", &u->total_in_use);
	emit_num(o, "total_free", &u->total_free);
	emit_other(o, &u->kv);
	kout_close(o);
}

static void emit_blob_obj(struct kout *o, const char *key, const struct kho_blob *b,
			  const struct opts *op)
{
	kout_obj(o, key);
	kho_blob_emit(o, b, op->hexmax);
	kout_close(o);
}

static bool is_referenced(const struct kho_root *r, const char *name)
{
	for (int i = 0; r && i < r->nsubs; i++)
		if (r->subs[i].name_ok && !strcmp(r->subs[i].name, name))
			return true;
	return false;
}

static void emit_decoded(struct kout *o, const struct input *in, const struct opts *op)
{
	const struct kho_decoded *k = &in->dec;
	const struct kho_root *r = input_root(in);
	bool any = false;

	if (k->has_root)
		emit_blob_obj(o, "root", &k->root, op);
	else
		kout_null(o, "root");
	if (r) {
		kout_arr(o, "subtrees");
		for (int i = 0; i < r->nsubs; i++) {
			const struct kho_sub *s = &r->subs[i];
			const struct kho_blob *b = s->name_ok ? kho_decoded_sub(k, s->name) : NULL;
			char file[KHO_NAME_MAX + 16];

			kout_obj(o, NULL);
			if (s->name_ok)
				kout_str(o, "name", s->name);
			else
				kout_null(o, "name");	/* lost to truncation */
			kout_str(o, "address_property", s->addr_prop);
			if (s->addr.ok)
				kout_u64(o, "address", s->addr.val);
			else
				kout_null(o, "address");
			if (s->size.ok)
				kout_u64(o, "blob_size", s->size.val);
			else
				kout_null(o, "blob_size");
			if (b) {
				snprintf(file, sizeof(file), "sub_fdts/%s", s->name);
				kout_str(o, "blob_file", file);
				emit_blob_obj(o, "blob", b, op);
			} else {
				kout_null(o, "blob_file");
			}
			kout_close(o);
		}
		kout_close(o);
	}
	for (size_t i = 0; i < k->nsubs; i++)
		any |= !is_referenced(r, k->subs[i].name);
	if (any || (!r && k->nsubs)) {
		kout_arr(o, "unreferenced_blobs");
		for (size_t i = 0; i < k->nsubs; i++) {
			if (is_referenced(r, k->subs[i].name))
				continue;
			kout_obj(o, NULL);
			kout_str(o, "name", k->subs[i].name);
			kho_blob_emit(o, &k->subs[i], op->hexmax);
			kout_close(o);
		}
		kout_close(o);
	}
	if (in->cap.is_dir) {
		emit_scratch(o, &in->cap);
		emit_scratch_use(o, &k->scratch_use);
		emit_stats(o, &k->stats);
		emit_timing(o, &k->timing);
	}
}

static void emit_diags(struct kout *o, const char *key, const struct kho_diags *d)
{
	kout_arr(o, key);
	for (unsigned int i = 0; i < d->n; i++) {
		kout_obj(o, NULL);
		kout_str(o, "severity", kho_sev_name(d->d[i].sev));
		kout_str(o, "message", d->d[i].msg);
		kout_close(o);
	}
	kout_close(o);
}

static void begin_doc(struct kout *o, const struct opts *op)
{
	kout_init(o, stdout);
	kout_begin(o);
	kout_str(o, "khodump_version", KHODUMP_VERSION);
	kout_u64(o, "schema", JSON_SCHEMA);
	kout_str(o, "endian", op->endian == KHO_LITTLE ? "little" : "big");
}

static void end_check(struct kout *o, const struct kho_diags *d)
{
	unsigned int p = kho_diag_count(d, KHO_PROBLEM);

	kout_u64(o, "problems", p);
	kout_u64(o, "warnings", kho_diag_count(d, KHO_WARN));
	kout_bool(o, "ok", p == 0);
}

void json_dump(const struct input *in, const struct opts *op)
{
	struct kout o;

	begin_doc(&o, op);
	emit_input(&o, "input", &in->cap);
	emit_decoded(&o, in, op);
	emit_diags(&o, "diagnostics", &in->diags);
	kout_end(&o);
}

void json_check(const struct input *in, const struct opts *op)
{
	struct kout o;

	begin_doc(&o, op);
	emit_input(&o, "input", &in->cap);
	emit_diags(&o, "diagnostics", &in->diags);
	end_check(&o, &in->diags);
	kout_end(&o);
}

void json_diff(const struct input *a, const struct input *b,
	       const struct kho_changes *c, const struct opts *op)
{
	struct kout o;

	begin_doc(&o, op);
	emit_input(&o, "old", &a->cap);
	emit_input(&o, "new", &b->cap);
	kho_changes_emit(&o, c);
	kout_u64(&o, "differences", c->count);
	kout_end(&o);
}

void json_memmap(const struct input *in, const struct memmap_result *r,
		 const struct opts *op)
{
	struct kout o;

	begin_doc(&o, op);
	emit_input(&o, "input", &in->cap);
	kout_str(&o, "core", op->core);
	kout_obj(&o, "memmap");
	kho_memmap_emit(&o, r->mm, in->cap.scratch, in->cap.nscratch, op->max_ranges);
	kout_close(&o);
	if (r->luo) {
		kout_obj(&o, "luo");
		kho_luo_state_emit(&o, r->luo);
		kout_close(&o);
	} else {
		kout_null(&o, "luo");
	}
	emit_scratch(&o, &in->cap);
	emit_diags(&o, "diagnostics", &in->diags);
	if (op->check)
		end_check(&o, &in->diags);
	kout_end(&o);
}
