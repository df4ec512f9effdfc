// SPDX-License-Identifier: GPL-2.0
/* model.c - khotop's model: debugfs snapshot, rates, sorting (no terminal). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>

#include "khotop.h"
#include "../lib/kho_capture.h"

static void warn(struct khotop_snap *s, const char *what, const char *why)
{
	if (!s->warnings++)
		snprintf(s->first_warning, sizeof(s->first_warning), "%.40s: %.150s", what, why);
}

static bool is_dir(const char *p)
{
	struct stat st;

	return !stat(p, &st) && S_ISDIR(st.st_mode);
}

static uint64_t num(const struct kho_num *n, bool *all)
{
	if (!n->ok)
		*all = false;
	return n->ok ? n->v : 0;
}

/* kho/out/finalize: "0" or "1"; anything else is unknown. */
static int read_flag(const char *path)
{
	uint8_t *buf;
	size_t len;
	char err[160];
	int v = -1;

	if (kho_read_file(path, 64, &buf, &len, err, sizeof(err)))
		return -1;
	if ((len == 1 || (len == 2 && buf[1] == '\n')) && (buf[0] == '0' || buf[0] == '1'))
		v = buf[0] - '0';
	free(buf);
	return v;
}

static void take_diags(struct khotop_snap *s, const char *side,
		       const struct kho_diags *d)
{
	for (unsigned int i = 0; i < d->n; i++)
		if (d->d[i].sev >= KHO_WARN)
			warn(s, side, d->d[i].msg);
}

static int read_out(const char *dir, struct khotop_snap *s)
{
	struct kho_capture c;
	struct kho_decoded k;
	char err[200];
	bool all = true;

	if (kho_capture_load(&c, dir, err, sizeof(err))) {
		if (errno == ENOMEM)
			return -1;
		warn(s, "kho/out", err);
		return 0;
	}
	/* scratch areas: where they are (every kernel), how full (6.12 series) */
	for (size_t i = 0; i < c.nscratch && s->nareas < KHOTOP_MAX_AREAS; i++) {
		struct khotop_area *a = &s->areas[s->nareas++];

		memset(a, 0, sizeof(*a));
		a->idx = (unsigned int)i;
		a->addr = c.scratch[i].addr;
		a->size = c.scratch[i].size;
		a->node = -1;
	}
	if (kho_decode_capture(&k, &c, KHO_LITTLE, err, sizeof(err))) {
		if (errno == ENOMEM) {
			kho_capture_free(&c);
			return -1;
		}
		warn(s, "kho/out", err);
		kho_capture_free(&c);
		return 0;
	}
	take_diags(s, "kho/out", &k.diags);
	if (k.has_root) {
		const struct kho_root *r = &k.root.u.root;

		for (int i = 0; i < r->nsubs && s->nsubs < KHOTOP_MAX_SUBS; i++) {
			struct khotop_sub *x;

			if (!r->subs[i].name[0])	/* cut off (7.2 truncates the debugfs blob) */
				continue;
			x = &s->subs[s->nsubs++];
			snprintf(x->name, sizeof(x->name), "%s", r->subs[i].name);
			x->addr = r->subs[i].addr.ok ? r->subs[i].addr.val : 0;
			x->has_size = r->subs[i].size.ok;
			x->size = x->has_size ? r->subs[i].size.val : 0;
		}
	}
	/* sub_fdts/<name> files the (possibly truncated) root does not name */
	for (size_t i = 0; i < c.nsubs && s->nsubs < KHOTOP_MAX_SUBS; i++) {
		unsigned int j;

		for (j = 0; j < s->nsubs && strcmp(s->subs[j].name, c.subs[i].name); j++)
			;
		if (j < s->nsubs)
			continue;
		memset(&s->subs[s->nsubs], 0, sizeof(s->subs[0]));
		snprintf(s->subs[s->nsubs].name, sizeof(s->subs[0].name), "%.63s", c.subs[i].name);
		s->subs[s->nsubs].size = c.subs[i].len;
		s->subs[s->nsubs++].has_size = true;
	}
	if (k.stats.present) {
		const struct kho_stats *st = &k.stats;

		s->has_out_stats = true;
		s->preserved_bytes = num(&st->v[KHO_STAT_PRESERVED_BYTES], &all);
		s->preserved_blocks = num(&st->v[KHO_STAT_PRESERVED_BLOCKS], &all);
		s->tree_pages = num(&st->v[KHO_STAT_TREE_PAGES], &all);
		s->calls[0] = num(&st->v[KHO_STAT_PRESERVE_CALLS], &all);
		s->failures[0] = num(&st->v[KHO_STAT_PRESERVE_FAILURES], &all);
		s->calls[1] = num(&st->v[KHO_STAT_UNPRESERVE_CALLS], &all);
		s->failures[1] = num(&st->v[KHO_STAT_UNPRESERVE_FAILURES], &all);
		if (st->v[KHO_STAT_SEALED].ok)
			s->sealed = (int)st->v[KHO_STAT_SEALED].v;
		for (int o = 0; o < KHOTOP_ORDERS; o++) {
			s->order_bytes[o] = st->order_bytes[o].ok ? st->order_bytes[o].v : 0;
			s->order_blocks[o] = st->order_blocks[o].ok ? st->order_blocks[o].v : 0;
		}
		if (!all)
			warn(s, "kho/out/stats", "keys missing or of the wrong type");
	}
	if (k.scratch_use.present) {
		const struct kho_scratch_use *u = &k.scratch_use;

		s->has_scratch_use = true;
		for (size_t i = 0; i < u->n; i++) {
			const struct kho_scratch_area_use *x = &u->a[i];
			struct khotop_area *a = NULL;

			if (!x->seen || !x->addr.ok || !x->size.ok)
				continue;
			/* the area of scratch_phys at that address, else a new one */
			for (unsigned int j = 0; j < s->nareas; j++)
				if (s->areas[j].addr == x->addr.v)
					a = &s->areas[j];
			if (!a) {
				if (s->nareas >= KHOTOP_MAX_AREAS)
					continue;
				a = &s->areas[s->nareas++];
				memset(a, 0, sizeof(*a));
				a->addr = x->addr.v;
				a->node = -1;
			}
			a->idx = (unsigned int)i;
			a->size = x->size.v;
			snprintf(a->role, sizeof(a->role), "%s", x->role ? x->role : "");
			snprintf(a->origin, sizeof(a->origin), "%s", x->origin ? x->origin : "");
			a->node = x->node.ok ? (int)x->node.v : -1;
			a->has_use = x->boot_used.ok && x->in_use.ok && x->free.ok;
			a->boot_used = x->boot_used.ok ? x->boot_used.v : 0;
			a->in_use = x->in_use.ok ? x->in_use.v : 0;
			a->free = x->free.ok ? x->free.v : 0;
		}
	}
	kho_decoded_free(&k);
	kho_capture_free(&c);
	return 0;
}

static int read_in(const char *dir, struct khotop_snap *s)
{
	struct kho_capture c;
	struct kho_decoded k;
	char err[200];
	bool all = true;

	if (kho_capture_load(&c, dir, err, sizeof(err)))
		return errno == ENOMEM ? -1 : 0;	/* a cold boot has none */
	if (!c.fdt) {
		kho_capture_free(&c);
		return 0;
	}
	s->kho_boot = true;
	if (kho_decode_capture(&k, &c, KHO_LITTLE, err, sizeof(err))) {
		if (errno == ENOMEM) {
			kho_capture_free(&c);
			return -1;
		}
		warn(s, "kho/in", err);
		kho_capture_free(&c);
		return 0;
	}
	take_diags(s, "kho/in", &k.diags);
	{
		const struct kho_blob *b = kho_decoded_metadata(&k);

		if (b) {
			s->has_prev = true;
			snprintf(s->prev_release, sizeof(s->prev_release), "%s",
				 b->u.md.release);
			s->kexec_count = b->u.md.kexec_count;
		}
	}
	if (k.stats.present) {
		const struct kho_stats *st = &k.stats;

		s->has_in_stats = true;
		s->in_bytes = num(&st->v[KHO_STAT_BYTES], &all);
		s->restored = num(&st->v[KHO_STAT_RESTORED_BYTES], &all);
		s->claimed = num(&st->v[KHO_STAT_CLAIMED_BYTES], &all);
		s->unclaimed = num(&st->v[KHO_STAT_UNCLAIMED_BYTES], &all);
		if (!all)
			warn(s, "kho/in/stats", "keys missing or of the wrong type");
	}
	if (k.timing.present) {
		const struct kho_timing *t = &k.timing;

		s->has_timing = true;
		for (size_t i = 0; i < t->nphases && s->nphases < KHOTOP_MAX_PHASES; i++) {
			struct khotop_phase *p = &s->phases[s->nphases++];

			snprintf(p->name, sizeof(p->name), "%s", t->phases[i].name);
			p->ns = t->phases[i].ns;
		}
		if (t->previous_stamps == 1 && t->blackout_ns.ok &&
		    t->kexec_to_user_ns.ok) {
			s->has_blackout = true;
			s->blackout_ns = t->blackout_ns.v;
			s->kexec_to_user_ns = t->kexec_to_user_ns.v;
		}
	}
	kho_decoded_free(&k);
	kho_capture_free(&c);
	return 0;
}

int khotop_read_debugfs(const char *debugfs, struct khotop_snap *s)
{
	char path[4096];
	struct utsname u;

	/* keep the BPF part, reset the rest */
	s->kho = s->kho_boot = s->has_prev = false;
	s->prev_release[0] = '\0';
	s->kexec_count = 0;
	s->finalized = s->sealed = -1;
	s->nareas = s->nsubs = s->nphases = 0;
	s->has_scratch_use = s->has_out_stats = s->has_in_stats = false;
	s->has_timing = s->has_blackout = false;
	s->warnings = 0;
	s->first_warning[0] = '\0';
	s->preserved_bytes = s->preserved_blocks = s->tree_pages = 0;
	memset(s->order_bytes, 0, sizeof(s->order_bytes));
	memset(s->order_blocks, 0, sizeof(s->order_blocks));
	memset(s->calls, 0, sizeof(s->calls));
	memset(s->failures, 0, sizeof(s->failures));
	s->in_bytes = s->restored = s->claimed = s->unclaimed = 0;
	if (!uname(&u))
		snprintf(s->release, sizeof(s->release), "%s", u.release);

	snprintf(path, sizeof(path), "%s/kho", debugfs);
	if (!is_dir(path))
		return 0;
	s->kho = true;
	snprintf(path, sizeof(path), "%s/kho/out/finalize", debugfs);
	s->finalized = read_flag(path);
	snprintf(path, sizeof(path), "%s/kho/out", debugfs);
	if (read_out(path, s))
		return -1;
	snprintf(path, sizeof(path), "%s/kho/in", debugfs);
	if (is_dir(path) && read_in(path, s))
		return -1;
	return 0;
}

bool khotop_phase_ns(const struct khotop_snap *s, const char *name, int64_t *ns)
{
	for (unsigned int i = 0; i < s->nphases; i++) {
		if (!strcmp(s->phases[i].name, name)) {
			*ns = s->phases[i].ns;
			return true;
		}
	}
	return false;
}

const char *khotop_sort_name(enum khotop_sort s)
{
	static const char *const n[KHOTOP_SORT_MAX] = { "bytes", "rate", "name" };

	return s < KHOTOP_SORT_MAX ? n[s] : "?";
}

static enum khotop_sort g_sort;

static int cmp_owner(const void *a, const void *b)
{
	const struct khotop_owner *x = a, *y = b;

	switch (g_sort) {
	case KHOTOP_SORT_RATE:
		if (x->rate != y->rate)
			return x->rate < y->rate ? 1 : -1;
		break;
	case KHOTOP_SORT_NAME:
		return strcmp(x->name, y->name);
	default:
		break;
	}
	if (x->bytes != y->bytes)
		return x->bytes < y->bytes ? 1 : -1;
	return strcmp(x->name, y->name);
}

void khotop_model_sort(struct khotop_model *m, enum khotop_sort sort)
{
	m->sort = sort < KHOTOP_SORT_MAX ? sort : KHOTOP_SORT_BYTES;
	g_sort = m->sort;
	qsort(m->cur.owners, m->cur.nowners, sizeof(m->cur.owners[0]), cmp_owner);
}

/* Per-second difference of a counter; 0 when it went backwards (reset). */
static double rate(uint64_t now, uint64_t before, double dt)
{
	return now >= before && dt > 0 ? (double)(now - before) / dt : 0;
}

void khotop_model_push(struct khotop_model *m, const struct khotop_snap *s)
{
	if (m->iteration)
		m->prev = m->cur;
	m->have_prev = m->iteration > 0;
	m->cur = *s;
	m->iteration++;
	m->dt = m->have_prev && s->t_ns > m->prev.t_ns ?
		(double)(s->t_ns - m->prev.t_ns) / 1e9 : 0;
	for (int t = 0; t < KHO_EV_TYPE_MAX; t++) {
		m->ev_rate[t] = m->have_prev ?
			rate(s->ev_count[t], m->prev.ev_count[t], m->dt) : 0;
		m->fail_rate[t] = m->have_prev ?
			rate(s->ev_failed[t], m->prev.ev_failed[t], m->dt) : 0;
	}
	m->preserved_rate = 0;
	if (m->have_prev && m->dt > 0)
		m->preserved_rate = ((double)s->preserved_bytes -
				     (double)m->prev.preserved_bytes) / m->dt;
	for (unsigned int i = 0; i < m->cur.nowners; i++) {
		struct khotop_owner *o = &m->cur.owners[i];

		o->rate = 0;
		if (!m->have_prev || m->dt <= 0)
			continue;
		o->rate = (double)o->bytes / m->dt;	/* new owner: all of it */
		for (unsigned int j = 0; j < m->prev.nowners; j++) {
			if (!strcmp(m->prev.owners[j].name, o->name)) {
				o->rate = ((double)o->bytes -
					   (double)m->prev.owners[j].bytes) / m->dt;
				break;
			}
		}
	}
	khotop_model_sort(m, m->sort);
}
