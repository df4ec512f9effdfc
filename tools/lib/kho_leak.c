// SPDX-License-Identifier: GPL-2.0
/* kho_leak.c - held at kexec minus restored after it. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kho_leak.h"
#include "kho_util.h"

void kho_ranges_free(struct kho_ranges *r)
{
	free(r->v);
	memset(r, 0, sizeof(*r));
}

const char *kho_range_fmt(const struct kho_range *r, char *buf, size_t n)
{
	char sz[32];

	snprintf(buf, n, "pfn 0x%" PRIx64 "-0x%" PRIx64 " (%s) owner %s", r->pfn,
		 r->pfn + r->n - 1, kho_fmt_size(r->n * 4096, sz, sizeof(sz)), r->owner);
	return buf;
}

int kho_ranges_add(struct kho_ranges *r, uint64_t pfn, uint64_t n,
		   uint64_t desc, const char *owner)
{
	struct kho_range *x;

	if (pfn + n < pfn) {
		errno = EOVERFLOW;
		return -1;
	}
	if (r->n == r->cap) {
		size_t ncap = r->cap ? r->cap * 2 : 64;
		struct kho_range *v = realloc(r->v, ncap * sizeof(*v));

		if (!v) {
			errno = ENOMEM;
			return -1;
		}
		r->v = v;
		r->cap = ncap;
	}
	x = &r->v[r->n++];
	memset(x, 0, sizeof(*x));
	x->pfn = pfn;
	x->n = n;
	x->desc = desc;
	if (owner)
		snprintf(x->owner, sizeof(x->owner), "%s", owner);
	return 0;
}

int kho_ranges_sub(struct kho_ranges *r, uint64_t pfn, uint64_t n)
{
	uint64_t end = pfn + n;

	if (end < pfn) {
		errno = EOVERFLOW;
		return -1;
	}
	for (size_t i = 0; i < r->n; i++) {
		struct kho_range *x = &r->v[i];
		uint64_t xe = x->pfn + x->n;

		if (x->desc || end <= x->pfn || pfn >= xe)
			continue;
		if (pfn <= x->pfn && end >= xe) {	/* all of it */
			r->v[i] = r->v[--r->n];
			i--;
		} else if (pfn <= x->pfn) {		/* its head */
			x->n = xe - end;
			x->pfn = end;
		} else if (end >= xe) {			/* its tail */
			x->n = pfn - x->pfn;
		} else {				/* its middle: split */
			char owner[KHO_OWNER_LEN];

			memcpy(owner, x->owner, sizeof(owner));
			x->n = pfn - x->pfn;
			if (kho_ranges_add(r, end, xe - end, 0, owner))
				return -1;
		}
	}
	return 0;
}

static const char *owner_of(const struct kho_ev_rec *r)
{
	return r->owner[0] ? r->owner : "(unknown)";
}

int kho_leak_held(const struct kho_evlog *log, struct kho_ranges *held,
		  struct kho_ranges *unknown)
{
	for (size_t i = 0; i < log->n; i++) {
		const struct kho_ev_rec *r = &log->recs[i];
		const struct kho_event *e = &r->ev;
		bool unk = e->flags & KHO_EVF_PHYS_UNKNOWN;

		if (e->ret || (e->type != KHO_EV_PRESERVE &&
			       e->type != KHO_EV_UNPRESERVE))
			continue;
		if (e->type == KHO_EV_PRESERVE) {
			if (unk ? kho_ranges_add(unknown, 0, e->nr_pages, e->virt,
						 owner_of(r))
				: kho_ranges_add(held, e->pfn, e->nr_pages, 0,
						 owner_of(r)))
				return -1;
			continue;
		}
		if (unk) {
			for (size_t j = 0; j < unknown->n; j++) {
				if (unknown->v[j].desc == e->virt) {
					unknown->v[j] = unknown->v[--unknown->n];
					break;
				}
			}
			continue;
		}
		/* an unpreserve whose size is not known removes what starts there */
		if (!e->nr_pages) {
			for (size_t j = 0; j < held->n; j++) {
				if (held->v[j].pfn == e->pfn && !held->v[j].desc) {
					held->v[j] = held->v[--held->n];
					break;
				}
			}
			continue;
		}
		if (kho_ranges_sub(held, e->pfn, e->nr_pages))
			return -1;
	}
	return 0;
}

int kho_leak_restored_log(const struct kho_evlog *log,
			  struct kho_ranges *restored)
{
	for (size_t i = 0; i < log->n; i++) {
		const struct kho_event *e = &log->recs[i].ev;

		if (e->type != KHO_EV_RESTORE || e->ret ||
		    (e->flags & KHO_EVF_PHYS_UNKNOWN))
			continue;
		/* nr_pages 0: the block that starts there, whatever its size
		 * (kho_restore_free() on stock 7.2); see kho_leak_compute() */
		if (kho_ranges_add(restored, e->pfn, e->nr_pages, 0, NULL))
			return -1;
	}
	return 0;
}

/* " kho_restore: phys=0x1234 order=0 kind=folio ok=1" */
int kho_leak_restored_trace(const char *txt, size_t len,
			    struct kho_ranges *restored, unsigned int *nevents,
			    size_t *bad_line)
{
	static const char tag[] = " kho_restore: ";
	size_t off = 0, ln = 0;

	*nevents = 0;
	while (off < len) {
		const char *s = txt + off, *nl = memchr(s, '\n', len - off);
		size_t l = nl ? (size_t)(nl - s) : len - off;
		char line[512], kind[16];
		const char *p;
		unsigned long long phys;
		int order, ok, used = 0;

		off += l + (nl ? 1 : 0);
		ln++;
		if (l >= sizeof(line))
			continue;	/* not ours: ours are short */
		memcpy(line, s, l);
		line[l] = '\0';
		p = strstr(line, tag);
		if (!p || line[0] == '#')
			continue;
		p += sizeof(tag) - 1;
		if (sscanf(p, "phys=0x%llx order=%d kind=%15s ok=%d%n", &phys,
			   &order, kind, &ok, &used) != 4 ||
		    (p[used] != '\0' && p[used] != '\r') || order < -1 ||
		    order > KHO_MAX_ORDER_EV || (ok != 0 && ok != 1) ||
		    kho_ev_kind_parse(kind) < 0 || (phys & 4095)) {
			*bad_line = ln;
			errno = EINVAL;
			return -1;
		}
		(*nevents)++;
		if (!ok || order < 0)
			continue;
		if (kho_ranges_add(restored, phys >> 12, 1ULL << order, 0, NULL))
			return -1;
	}
	return 0;
}

static int cmp_pfn(const void *a, const void *b)
{
	const struct kho_range *x = a, *y = b;

	return x->pfn < y->pfn ? -1 : x->pfn > y->pfn;
}

void kho_leak_free(struct kho_leak *l)
{
	kho_ranges_free(&l->leaked);
	free(l->owners);
	memset(l, 0, sizeof(*l));
}

static struct kho_owner_sum *owner_sum(struct kho_leak *l, const char *owner,
				       size_t *cap)
{
	for (size_t i = 0; i < l->nowners; i++)
		if (!strcmp(l->owners[i].owner, owner))
			return &l->owners[i];
	if (l->nowners == *cap) {
		size_t ncap = *cap ? *cap * 2 : 16;
		struct kho_owner_sum *o = realloc(l->owners, ncap * sizeof(*o));

		if (!o)
			return NULL;
		l->owners = o;
		*cap = ncap;
	}
	memset(&l->owners[l->nowners], 0, sizeof(l->owners[0]));
	snprintf(l->owners[l->nowners].owner, KHO_OWNER_LEN, "%s", owner);
	return &l->owners[l->nowners++];
}

int kho_leak_compute(const struct kho_ranges *held,
		     const struct kho_ranges *restored, struct kho_leak *out)
{
	struct kho_range *m = NULL;
	size_t nm = 0, cap = 0;

	memset(out, 0, sizeof(*out));
	/* restored: sorted, merged, disjoint */
	if (restored->n) {
		m = malloc(restored->n * sizeof(*m));
		if (!m) {
			errno = ENOMEM;
			return -1;
		}
		memcpy(m, restored->v, restored->n * sizeof(*m));
		/* a restore of unknown size takes the held block starting there */
		for (size_t i = 0; i < restored->n; i++) {
			if (m[i].n)
				continue;
			for (size_t j = 0; j < held->n; j++) {
				if (held->v[j].pfn == m[i].pfn) {
					m[i].n = held->v[j].n;
					break;
				}
			}
		}
		qsort(m, restored->n, sizeof(*m), cmp_pfn);
		for (size_t i = 0; i < restored->n; i++) {
			if (nm && m[i].pfn <= m[nm - 1].pfn + m[nm - 1].n) {
				uint64_t e = m[i].pfn + m[i].n;

				if (e > m[nm - 1].pfn + m[nm - 1].n)
					m[nm - 1].n = e - m[nm - 1].pfn;
			} else {
				m[nm++] = m[i];
			}
		}
	}
	for (size_t i = 0; i < held->n; i++) {
		const struct kho_range *h = &held->v[i];
		uint64_t pos = h->pfn, end = h->pfn + h->n, got = 0;
		struct kho_owner_sum *o = owner_sum(out, h->owner, &cap);
		size_t lo = 0, hi = nm;

		if (!o)
			goto oom;
		/* first merged range that ends after pos */
		while (lo < hi) {
			size_t mid = (lo + hi) / 2;

			if (m[mid].pfn + m[mid].n <= pos)
				lo = mid + 1;
			else
				hi = mid;
		}
		for (size_t j = lo; j < nm && pos < end; j++) {
			uint64_t rs = m[j].pfn, re = m[j].pfn + m[j].n;

			if (rs >= end)
				break;
			if (rs > pos) {
				if (kho_ranges_add(&out->leaked, pos, rs - pos, 0, h->owner))
					goto oom;
				pos = rs;
			}
			if (re > pos) {
				uint64_t c = (re < end ? re : end) - pos;

				got += c;
				pos += c;
			}
		}
		if (pos < end && kho_ranges_add(&out->leaked, pos, end - pos, 0, h->owner))
			goto oom;
		o->held += h->n * 4096;
		o->restored += got * 4096;
		out->held_bytes += h->n * 4096;
		out->restored_bytes += got * 4096;
	}
	for (size_t i = 0; i < out->leaked.n; i++) {
		struct kho_owner_sum *o = owner_sum(out, out->leaked.v[i].owner, &cap);

		if (!o)
			goto oom;
		o->leaked += out->leaked.v[i].n * 4096;
		o->leaked_ranges++;
		out->leaked_bytes += out->leaked.v[i].n * 4096;
	}
	free(m);
	return 0;
oom:
	free(m);
	kho_leak_free(out);
	errno = ENOMEM;
	return -1;
}

static int load_log(const char *path, struct kho_evlog *log, char *err,
		    size_t errlen)
{
	uint8_t *buf;
	size_t len;
	char e[256];
	int r;

	memset(log, 0, sizeof(*log));
	if (kho_read_file(path, 1u << 30, &buf, &len, e, sizeof(e))) {
		kho_errf(err, errlen, "%s", e);
		return errno == ENOMEM ? KHO_LEAK_ENOMEM : KHO_LEAK_EINPUT;
	}
	r = kho_evlog_parse(log, (const char *)buf, len, e, sizeof(e));
	free(buf);
	if (r) {
		int nomem = errno == ENOMEM;

		kho_evlog_free(log);
		if (nomem)
			return KHO_LEAK_ENOMEM;
		kho_errf(err, errlen, "%s: %s", path, e);
		return KHO_LEAK_EINPUT;
	}
	return KHO_LEAK_OK;
}

static int nomem(char *err, size_t errlen)
{
	kho_errf(err, errlen, "out of memory");
	return KHO_LEAK_ENOMEM;
}

int kho_leak_verify(const struct kho_leak_input *in, struct kho_leak_report *r,
		    char *err, size_t errlen)
{
	struct kho_ranges held = { 0 }, restored = { 0 };
	int ret;

	memset(r, 0, sizeof(*r));
	ret = load_log(in->old, &r->old, err, errlen);
	if (ret)
		return ret == KHO_LEAK_ENOMEM ? nomem(err, errlen) : ret;
	ret = KHO_LEAK_EINPUT;
	if (in->boot_id && in->boot_id[0] && !strcmp(in->boot_id, r->old.boot_id)) {
		kho_errf(err, errlen, "%s: recorded in this boot, not before a kexec",
			 in->old);
		goto out;
	}
	if (kho_leak_held(&r->old, &held, &r->unknown)) {
		ret = nomem(err, errlen);
		goto out;
	}
	for (size_t i = 0; i < in->nnews; i++) {
		struct kho_evlog nw;
		int e = load_log(in->news[i], &nw, err, errlen);

		if (e) {
			ret = e == KHO_LEAK_ENOMEM ? nomem(err, errlen) : e;
			goto out;
		}
		if (!strcmp(nw.boot_id, r->old.boot_id)) {
			kho_errf(err, errlen, "%s: recorded in the same boot as %s",
				 in->news[i], in->old);
			kho_evlog_free(&nw);
			goto out;
		}
		e = kho_leak_restored_log(&nw, &restored);
		kho_evlog_free(&nw);
		if (e) {
			ret = nomem(err, errlen);
			goto out;
		}
	}
	if (in->trace) {
		uint8_t *buf;
		size_t len, bad = 0;
		char e[256];

		if (kho_read_file(in->trace, 1u << 30, &buf, &len, e, sizeof(e))) {
			if (errno == ENOMEM) {
				ret = nomem(err, errlen);
				goto out;
			}
			if (!in->trace_optional) {
				kho_errf(err, errlen, "%s", e);
				goto out;
			}
		} else {
			int t = kho_leak_restored_trace((const char *)buf, len, &restored,
							&r->trace_restores, &bad);

			free(buf);
			if (t && errno == ENOMEM) {
				ret = nomem(err, errlen);
				goto out;
			}
			if (t) {
				kho_errf(err, errlen, "%s: line %zu: malformed kho_restore event",
					 in->trace, bad);
				goto out;
			}
			r->trace_read = true;
		}
	}
	if (kho_leak_compute(&held, &restored, &r->leak)) {
		ret = nomem(err, errlen);
		goto out;
	}
	for (size_t i = 0; i < r->unknown.n; i++)
		r->unknown_bytes += r->unknown.v[i].n * 4096;
	ret = KHO_LEAK_OK;
out:
	kho_ranges_free(&held);
	kho_ranges_free(&restored);
	return ret;
}

void kho_leak_report_free(struct kho_leak_report *r)
{
	kho_evlog_free(&r->old);
	kho_ranges_free(&r->unknown);
	kho_leak_free(&r->leak);
}
