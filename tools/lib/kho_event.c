// SPDX-License-Identifier: GPL-2.0
/* kho_event.c - checking, naming and the log format of KHO BPF events. */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kho_event.h"
#include "kho_util.h"

static const char *const type_names[KHO_EV_TYPE_MAX] = {
	[KHO_EV_PRESERVE] = "preserve",
	[KHO_EV_UNPRESERVE] = "unpreserve",
	[KHO_EV_RESTORE] = "restore",
	[KHO_EV_SUBTREE_ADD] = "subtree_add",
	[KHO_EV_SUBTREE_REMOVE] = "subtree_remove",
	[KHO_EV_FINALIZE] = "finalize",
	[KHO_EV_KEXEC_LOAD] = "kexec_load",
	[KHO_EV_HANDOVER_START] = "handover_start",
};

static const char *const kind_names[KHO_KIND_MAX] = {
	[KHO_KIND_FOLIO] = "folio",
	[KHO_KIND_PAGES] = "pages",
	[KHO_KIND_VMALLOC] = "vmalloc",
	[KHO_KIND_ALLOC] = "alloc",
};

static const char *const method_names[KHO_METHOD_MAX] = {
	[KHO_METHOD_NONE] = "none",
	[KHO_METHOD_TP_BTF] = "tp_btf",
	[KHO_METHOD_FENTRY] = "fentry",
	[KHO_METHOD_KPROBE] = "kprobe",
};

static int lookup(const char *const *names, unsigned int n, const char *s)
{
	for (unsigned int i = 0; i < n; i++)
		if (names[i] && !strcmp(names[i], s))
			return (int)i;
	return -1;
}

const char *kho_ev_type_name(unsigned int t)
{
	return t < KHO_EV_TYPE_MAX && type_names[t] ? type_names[t] : "?";
}

int kho_ev_type_parse(const char *s)
{
	return lookup(type_names, KHO_EV_TYPE_MAX, s);
}

const char *kho_ev_kind_name(unsigned int k)
{
	return k < KHO_KIND_MAX ? kind_names[k] : "?";
}

int kho_ev_kind_parse(const char *s)
{
	return lookup(kind_names, KHO_KIND_MAX, s);
}

const char *kho_ev_method_name(unsigned int m)
{
	return m < KHO_METHOD_MAX ? method_names[m] : "?";
}

int kho_ev_method_parse(const char *s)
{
	return lookup(method_names, KHO_METHOD_MAX, s);
}

/* Largest pfn of a 52-bit physical address space. */
#define KHO_PFN_LIMIT	(1ULL << 40)

int kho_event_check(const void *data, size_t len, struct kho_event *out,
		    char *err, size_t errlen)
{
	struct kho_event e;

	if (!data || len != sizeof(e))
		return kho_errf(err, errlen, "record of %zu bytes, expected %zu", len,
			    sizeof(e));
	memcpy(&e, data, sizeof(e));
	if (e.abi != KHO_EV_ABI)
		return kho_errf(err, errlen, "record ABI %u, expected %u", e.abi,
			    KHO_EV_ABI);
	if (e.type == 0 || e.type >= KHO_EV_TYPE_MAX)
		return kho_errf(err, errlen, "unknown event type %u", e.type);
	if (e.method >= KHO_METHOD_MAX || e.method == KHO_METHOD_NONE)
		return kho_errf(err, errlen, "unknown attach method %u", e.method);
	if (e.kind >= KHO_KIND_MAX)
		return kho_errf(err, errlen, "unknown kind %u", e.kind);
	if (e.order < -1 || e.order > KHO_MAX_ORDER_EV)
		return kho_errf(err, errlen, "order %d out of range", e.order);
	if (e.flags & ~(unsigned int)(KHO_EVF_PHYS_UNKNOWN | KHO_EVF_VIRT))
		return kho_errf(err, errlen, "unknown flags 0x%x", e.flags);
	if (e.pfn >= KHO_PFN_LIMIT)
		return kho_errf(err, errlen, "pfn 0x%llx out of range", e.pfn);
	if (e.nr_pages > KHO_PFN_LIMIT)
		return kho_errf(err, errlen, "%llu pages out of range", e.nr_pages);
	if ((e.type == KHO_EV_PRESERVE || e.type == KHO_EV_UNPRESERVE ||
	     e.type == KHO_EV_RESTORE) && e.order >= 0 && e.nr_pages &&
	    e.nr_pages != 1ULL << e.order)
		return kho_errf(err, errlen, "order %d with %llu pages", e.order,
			    e.nr_pages);
	if ((e.flags & KHO_EVF_PHYS_UNKNOWN) && e.pfn)
		return kho_errf(err, errlen, "pfn 0x%llx with an unknown address",
			    e.pfn);
	e.comm[sizeof(e.comm) - 1] = '\0';
	e.name[sizeof(e.name) - 1] = '\0';
	e.pad = 0;
	*out = e;
	return 0;
}

uint64_t kho_ev_bytes(const struct kho_event *e)
{
	switch (e->type) {
	case KHO_EV_PRESERVE:
	case KHO_EV_UNPRESERVE:
	case KHO_EV_RESTORE:
		return e->nr_pages * 4096ULL;
	case KHO_EV_SUBTREE_ADD:
	case KHO_EV_SUBTREE_REMOVE:
		return e->arg1;
	default:
		return 0;
	}
}

void kho_evlog_escape(char *dst, size_t n, const char *src)
{
	size_t o = 0;

	if (!n)
		return;
	if (!*src && n > 1) {	/* empty strings are written as "-" */
		dst[0] = '-';
		dst[1] = '\0';
		return;
	}
	for (; *src; src++) {
		unsigned char c = (unsigned char)*src;
		bool plain = c > ' ' && c <= '~' && c != '\\' &&
			     !(c == '-' && o == 0 && !src[1]);

		if (plain) {
			if (o + 1 >= n)
				break;
			dst[o++] = (char)c;
		} else {
			if (o + 4 >= n)
				break;
			snprintf(dst + o, n - o, "\\x%02x", c);
			o += 4;
		}
	}
	dst[o] = '\0';
}

bool kho_evlog_unescape(char *dst, size_t n, const char *src)
{
	size_t o = 0;

	if (!n)
		return false;
	if (!strcmp(src, "-")) {
		dst[0] = '\0';
		return true;
	}
	for (; *src; src++) {
		char c = *src;

		if (c == '\\') {
			int h, l;

			if (src[1] != 'x' || (h = kho_hex_digit(src[2])) < 0 ||
			    (l = kho_hex_digit(src[3])) < 0 || !(h | l))
				return false;
			c = (char)(h << 4 | l);
			src += 3;
		} else if ((unsigned char)c <= ' ' || (unsigned char)c > '~') {
			return false;
		}
		if (o + 1 >= n)
			return false;
		dst[o++] = c;
	}
	dst[o] = '\0';
	return true;
}

int kho_evlog_format(const struct kho_ev_rec *r, char *buf, size_t n)
{
	const struct kho_event *e = &r->ev;
	char comm[KHO_EV_COMM_LEN * 4 + 1], name[KHO_EV_NAME_LEN * 4 + 1];
	char owner[KHO_OWNER_LEN * 4 + 1];
	int l;

	kho_evlog_escape(comm, sizeof(comm), e->comm);
	kho_evlog_escape(name, sizeof(name), e->name);
	kho_evlog_escape(owner, sizeof(owner), r->owner);
	l = snprintf(buf, n,
		     "ev=%s ts=%llu cpu=%u pid=%u comm=%s method=%s kind=%s "
		     "pfn=0x%llx order=%d pages=%llu ret=%d caller=0x%llx "
		     "owner=%s lat=%llu virt=0x%llx flags=%u a0=0x%llx a1=0x%llx "
		     "a2=0x%llx name=%s",
		     kho_ev_type_name(e->type), e->ts_ns, e->cpu, e->pid, comm,
		     kho_ev_method_name(e->method), kho_ev_kind_name(e->kind),
		     e->pfn, e->order, e->nr_pages, e->ret, e->caller, owner,
		     e->latency_ns, e->virt, e->flags, e->arg0, e->arg1,
		     e->arg2, name);
	if (l < 0 || (size_t)l >= n)
		return -1;
	return l;
}

enum {
	K_EV, K_TS, K_CPU, K_PID, K_COMM, K_METHOD, K_KIND, K_PFN, K_ORDER,
	K_PAGES, K_RET, K_CALLER, K_OWNER, K_LAT, K_VIRT, K_FLAGS, K_A0, K_A1,
	K_A2, K_NAME, K_MAX,
};

static const char *const keys[K_MAX] = {
	"ev", "ts", "cpu", "pid", "comm", "method", "kind", "pfn", "order",
	"pages", "ret", "caller", "owner", "lat", "virt", "flags", "a0", "a1",
	"a2", "name",
};

static bool parse_i64(const char *s, int64_t *v)
{
	uint64_t u;

	if (*s == '-') {
		if (!kho_parse_u64(s + 1, &u) || u > (uint64_t)INT64_MAX)
			return false;
		*v = -(int64_t)u;
		return true;
	}
	if (!kho_parse_u64(s, &u) || u > (uint64_t)INT64_MAX)
		return false;
	*v = (int64_t)u;
	return true;
}

static bool parse_ull(const char *s, unsigned long long *v)
{
	uint64_t u;

	if (!kho_parse_u64(s, &u))
		return false;
	*v = u;
	return true;
}

static bool parse_u32(const char *s, unsigned int *v)
{
	uint64_t u;

	if (!kho_parse_u64(s, &u) || u > UINT32_MAX)
		return false;
	*v = (unsigned int)u;
	return true;
}

static bool parse_int(const char *s, int *v)
{
	int64_t i;

	if (!parse_i64(s, &i) || i < INT32_MIN || i > INT32_MAX)
		return false;
	*v = (int)i;
	return true;
}

int kho_evlog_parse_line(const char *line, struct kho_ev_rec *r, char *err,
			 size_t errlen)
{
	char tok[1024];
	bool seen[K_MAX] = { false };
	struct kho_ev_rec rec;
	const char *p = line;
	char cerr[160];

	memset(&rec, 0, sizeof(rec));
	while (*p) {
		size_t l = strcspn(p, " ");
		char *eq, *val;
		int k, t;
		bool ok = true;

		if (!l)
			return kho_errf(err, errlen, "empty field");
		if (l >= sizeof(tok))
			return kho_errf(err, errlen, "field too long");
		memcpy(tok, p, l);
		tok[l] = '\0';
		p += l;
		if (*p == ' ') {
			p++;
			if (!*p)
				return kho_errf(err, errlen, "trailing space");
		}
		eq = strchr(tok, '=');
		if (!eq)
			return kho_errf(err, errlen, "field '%.40s' without '='", tok);
		*eq = '\0';
		val = eq + 1;
		k = lookup(keys, K_MAX, tok);
		if (k < 0)
			return kho_errf(err, errlen, "unknown key '%.40s'", tok);
		if (seen[k])
			return kho_errf(err, errlen, "key '%s' twice", keys[k]);
		seen[k] = true;
		if (!*val)
			return kho_errf(err, errlen, "key '%s' without a value", keys[k]);
		switch (k) {
		case K_EV:
			t = kho_ev_type_parse(val);
			ok = t > 0;
			rec.ev.type = (unsigned int)t;
			break;
		case K_METHOD:
			t = kho_ev_method_parse(val);
			ok = t > 0;
			rec.ev.method = (unsigned int)t;
			break;
		case K_KIND:
			t = kho_ev_kind_parse(val);
			ok = t >= 0;
			rec.ev.kind = (unsigned int)t;
			break;
		case K_TS: ok = parse_ull(val, &rec.ev.ts_ns); break;
		case K_CPU: ok = parse_u32(val, &rec.ev.cpu); break;
		case K_PID: ok = parse_u32(val, &rec.ev.pid); break;
		case K_COMM:
			ok = kho_evlog_unescape(rec.ev.comm, sizeof(rec.ev.comm), val);
			break;
		case K_NAME:
			ok = kho_evlog_unescape(rec.ev.name, sizeof(rec.ev.name), val);
			break;
		case K_OWNER:
			ok = kho_evlog_unescape(rec.owner, sizeof(rec.owner), val);
			break;
		case K_PFN: ok = parse_ull(val, &rec.ev.pfn); break;
		case K_ORDER: ok = parse_int(val, &rec.ev.order); break;
		case K_PAGES: ok = parse_ull(val, &rec.ev.nr_pages); break;
		case K_RET: ok = parse_int(val, &rec.ev.ret); break;
		case K_CALLER: ok = parse_ull(val, &rec.ev.caller); break;
		case K_LAT: ok = parse_ull(val, &rec.ev.latency_ns); break;
		case K_VIRT: ok = parse_ull(val, &rec.ev.virt); break;
		case K_FLAGS: ok = parse_u32(val, &rec.ev.flags); break;
		case K_A0: ok = parse_ull(val, &rec.ev.arg0); break;
		case K_A1: ok = parse_ull(val, &rec.ev.arg1); break;
		case K_A2: ok = parse_ull(val, &rec.ev.arg2); break;
		}
		if (!ok)
			return kho_errf(err, errlen, "bad value for '%s'", keys[k]);
	}
	for (int k = 0; k < K_MAX; k++)
		if (!seen[k])
			return kho_errf(err, errlen, "missing key '%s'", keys[k]);
	rec.ev.abi = KHO_EV_ABI;
	if (kho_event_check(&rec.ev, sizeof(rec.ev), &rec.ev, cerr, sizeof(cerr)))
		return kho_errf(err, errlen, "%s", cerr);
	*r = rec;
	return 0;
}
