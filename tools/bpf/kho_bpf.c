// SPDX-License-Identifier: GPL-2.0
/* kho_bpf.c - load and attach kho.bpf.c, read its maps (libbpf). */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "kho_bpf.h"
#include "../lib/kho_event.h"
#include "../lib/kho_util.h"
#include "kho.skel.h"

#define MAX_LINKS	64

struct kho_bpf {
	struct kho_skel *skel;
	struct ring_buffer *rb;
	struct bpf_link *links[MAX_LINKS];
	unsigned int nlinks;
	struct kho_bpf_choice hook[KHO_EV_TYPE_MAX];
	struct kho_bpf_choice fn[KHO_FN_MAX];
	bool kernel_kexec_fentry, kernel_kexec_kprobe;
	kho_bpf_event_fn cb;
	void *cb_ctx;
	int ncpus;
};

static const char *const fn_names[KHO_FN_MAX] = {
	[KHO_FN_PRESERVE_FOLIO] = "kho_preserve_folio",
	[KHO_FN_UNPRESERVE_FOLIO] = "kho_unpreserve_folio",
	[KHO_FN_PRESERVE_PAGES] = "kho_preserve_pages",
	[KHO_FN_UNPRESERVE_PAGES] = "kho_unpreserve_pages",
	[KHO_FN_PRESERVE_VMALLOC] = "kho_preserve_vmalloc",
	[KHO_FN_UNPRESERVE_VMALLOC] = "kho_unpreserve_vmalloc",
	[KHO_FN_ALLOC_PRESERVE] = "kho_alloc_preserve",
	[KHO_FN_UNPRESERVE_FREE] = "kho_unpreserve_free",
	[KHO_FN_RESTORE_FOLIO] = "kho_restore_folio",
	[KHO_FN_RESTORE_PAGES] = "kho_restore_pages",
	[KHO_FN_RESTORE_VMALLOC] = "kho_restore_vmalloc",
	[KHO_FN_RESTORE_FREE] = "kho_restore_free",
	[KHO_FN_ADD_SUBTREE] = "kho_add_subtree",
	[KHO_FN_REMOVE_SUBTREE] = "kho_remove_subtree",
	[KHO_FN_FILL_KIMAGE] = "kho_fill_kimage",
};

/* The hook each function's events belong to. */
static const unsigned int fn_hook[KHO_FN_MAX] = {
	[KHO_FN_PRESERVE_FOLIO] = KHO_EV_PRESERVE,
	[KHO_FN_UNPRESERVE_FOLIO] = KHO_EV_UNPRESERVE,
	[KHO_FN_PRESERVE_PAGES] = KHO_EV_PRESERVE,
	[KHO_FN_UNPRESERVE_PAGES] = KHO_EV_UNPRESERVE,
	[KHO_FN_PRESERVE_VMALLOC] = KHO_EV_PRESERVE,
	[KHO_FN_UNPRESERVE_VMALLOC] = KHO_EV_UNPRESERVE,
	[KHO_FN_ALLOC_PRESERVE] = KHO_EV_PRESERVE,
	[KHO_FN_UNPRESERVE_FREE] = KHO_EV_UNPRESERVE,
	[KHO_FN_RESTORE_FOLIO] = KHO_EV_RESTORE,
	[KHO_FN_RESTORE_PAGES] = KHO_EV_RESTORE,
	[KHO_FN_RESTORE_VMALLOC] = KHO_EV_RESTORE,
	[KHO_FN_RESTORE_FREE] = KHO_EV_RESTORE,
	[KHO_FN_ADD_SUBTREE] = KHO_EV_SUBTREE_ADD,
	[KHO_FN_REMOVE_SUBTREE] = KHO_EV_SUBTREE_REMOVE,
	[KHO_FN_FILL_KIMAGE] = KHO_EV_KEXEC_LOAD,
};

/* Latency is measured on these even where tracepoints send the events. */
static bool fn_latency(unsigned int fn)
{
	return fn <= KHO_FN_RESTORE_FREE;
}

const char *kho_bpf_fn_name(unsigned int fn)
{
	return fn < KHO_FN_MAX ? fn_names[fn] : "?";
}

const struct kho_bpf_choice *kho_bpf_hook(const struct kho_bpf *b,
					  unsigned int type)
{
	return type < KHO_EV_TYPE_MAX ? &b->hook[type] : NULL;
}

const struct kho_bpf_choice *kho_bpf_fn(const struct kho_bpf *b, unsigned int fn)
{
	return fn < KHO_FN_MAX ? &b->fn[fn] : NULL;
}

unsigned int kho_bpf_attached(const struct kho_bpf *b)
{
	return b->nlinks;
}

/* libbpf's messages go to the caller's log (or nowhere). */
static void (*g_log)(void *, const char *);
static void *g_log_ctx;

static int libbpf_print(enum libbpf_print_level level, const char *fmt,
			va_list ap)
{
	char line[512];

	if (!g_log || level == LIBBPF_DEBUG)
		return 0;
	vsnprintf(line, sizeof(line), fmt, ap);
	line[strcspn(line, "\n")] = '\0';
	g_log(g_log_ctx, line);
	return 0;
}

/* ---- run-time probing ----------------------------------------------- */

struct probe {
	struct btf *btf;
	char *filter;		/* available_filter_functions */
	char *kallsyms;
};

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	size_t len = 0, cap = 0;

	if (!f)
		return NULL;
	for (;;) {
		size_t r;

		if (cap - len < 65536) {
			char *nb = realloc(buf, cap + (1u << 20));

			if (!nb) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = nb;
			cap += 1u << 20;
		}
		r = fread(buf + len, 1, cap - len - 1, f);
		len += r;
		if (!r)
			break;
	}
	fclose(f);
	buf[len] = '\0';
	return buf;
}

/* Is @name a whole line (or "name [mod]" line) of @list? */
static bool listed(const char *list, const char *name)
{
	size_t l = strlen(name);

	for (const char *p = list; p && (p = strstr(p, name)); p += l) {
		bool start = p == list || p[-1] == '\n' || p[-1] == ' ';
		char end = p[l];

		if (start && (end == '\n' || end == ' ' || end == '\0' || end == '\t'))
			return true;
	}
	return false;
}

static bool has_tp(const struct probe *p, const char *tp)
{
	char name[64];

	if (!p->btf)
		return false;
	snprintf(name, sizeof(name), "btf_trace_kho_%s", tp);
	return btf__find_by_name_kind(p->btf, name, BTF_KIND_TYPEDEF) >= 0;
}

/* fentry: a BTF function with an ftrace call site, and a loadable program. */
static bool can_fentry(const struct probe *p, const char *fn, char *why,
		       size_t n)
{
	LIBBPF_OPTS(bpf_prog_load_opts, o);
	struct bpf_insn insns[] = {
		{ .code = 0xb7, .dst_reg = 0, .imm = 0 },	/* r0 = 0 */
		{ .code = 0x95 },				/* exit */
	};
	int id, fd;

	if (!p->btf) {
		snprintf(why, n, "no vmlinux BTF");
		return false;
	}
	id = btf__find_by_name_kind(p->btf, fn, BTF_KIND_FUNC);
	if (id < 0) {
		snprintf(why, n, "%s not in BTF", fn);
		return false;
	}
	if (!p->filter || !listed(p->filter, fn)) {
		snprintf(why, n, "%s not in available_filter_functions", fn);
		return false;
	}
	o.expected_attach_type = BPF_TRACE_FENTRY;
	o.attach_btf_id = (unsigned int)id;
	fd = bpf_prog_load(BPF_PROG_TYPE_TRACING, NULL, "GPL", insns, 2, &o);
	if (fd < 0) {
		snprintf(why, n, "fentry program on %s does not load (%s)", fn,
			 strerror(errno));
		return false;
	}
	close(fd);
	return true;
}

static bool can_kprobe(const struct probe *p, const char *fn, char *why,
		       size_t n)
{
	char pat[160];

	if (!p->kallsyms) {
		snprintf(why, n, "no /proc/kallsyms");
		return false;
	}
	/* "addr T name" */
	snprintf(pat, sizeof(pat), " %s", fn);
	for (const char *q = p->kallsyms; (q = strstr(q, pat)); q++) {
		char end = q[strlen(pat)];

		if ((end == '\n' || end == '\t' || end == ' ' || end == '\0') &&
		    q >= p->kallsyms + 2 && (q[-1] == 't' || q[-1] == 'T'))
			return true;
	}
	snprintf(why, n, "%s not in kallsyms", fn);
	return false;
}

/* ---- open ------------------------------------------------------------ */

static void set_autoload_all(struct kho_skel *s, bool on)
{
	struct bpf_program *prog;

	bpf_object__for_each_program(prog, s->obj)
		bpf_program__set_autoload(prog, on);
}

static int enable(struct kho_skel *s, const char *prefix, const char *fn,
		  char *err, size_t errlen)
{
	char name[96];
	struct bpf_program *prog;

	snprintf(name, sizeof(name), "%s%s", prefix, fn);
	prog = bpf_object__find_program_by_name(s->obj, name);
	if (!prog)
		return kho_errf(err, errlen, "BPF program %s missing from the object", name);
	bpf_program__set_autoload(prog, true);
	return 0;
}

/*
 * Choose, enable and load.  @no_fentry: the retry after fentry programs
 * failed to load.
 */
static int choose_and_load(struct kho_bpf *b, const struct kho_bpf_opts *o,
			   const struct probe *p, bool no_fentry, char *err,
			   size_t errlen)
{
	unsigned int maxm = o->max_method ? o->max_method : KHO_METHOD_TP_BTF;
	struct kho_skel *s;
	bool tp[KHO_EV_TYPE_MAX] = { false };
	int r;

	s = kho_skel__open();
	if (!s)
		return kho_errf(err, errlen, "cannot open the BPF object: %s", strerror(errno));
	b->skel = s;
	set_autoload_all(s, false);

	s->rodata->stream = o->stream;
	s->rodata->type_mask = o->type_mask ? o->type_mask : ~0u;
	s->rodata->want_order = o->order;
	s->rodata->caller_lo = o->caller_lo;
	s->rodata->caller_hi = o->caller_hi;
	if (bpf_map__set_max_entries(s->maps.events, o->ringbuf_bytes ?
				     (unsigned int)o->ringbuf_bytes : 1u << 22))
		return kho_errf(err, errlen, "bad ring buffer size %zu", o->ringbuf_bytes);

	memset(b->hook, 0, sizeof(b->hook));
	memset(b->fn, 0, sizeof(b->fn));
	for (unsigned int t = 1; t < KHO_EV_TYPE_MAX; t++) {
		if (maxm <= KHO_METHOD_TP_BTF && has_tp(p, kho_ev_type_name(t))) {
			char prog[48];

			tp[t] = true;
			b->hook[t].method = KHO_METHOD_TP_BTF;
			snprintf(prog, sizeof(prog), "tp_%s", kho_ev_type_name(t));
			if (enable(s, "", prog, err, errlen))
				return -1;
		} else {
			snprintf(b->hook[t].why, sizeof(b->hook[t].why),
				 maxm > KHO_METHOD_TP_BTF ? "tp_btf not allowed" :
				 "no kho_%s tracepoint", kho_ev_type_name(t));
		}
	}
	for (unsigned int f = 0; f < KHO_FN_MAX; f++) {
		struct kho_bpf_choice *c = &b->fn[f];
		unsigned int h = fn_hook[f];
		bool events = !tp[h];

		if (!events && !fn_latency(f)) {
			snprintf(c->why, sizeof(c->why), "not needed: tp_btf");
			continue;
		}
		/*
		 * Where a tracepoint sends the events, only the entry twin runs
		 * (latency up to the tracepoint): an exit twin (fexit,
		 * kretprobe) would change the return address the function
		 * reports as its caller.
		 */
		if (!no_fentry && maxm <= KHO_METHOD_FENTRY &&
		    can_fentry(p, fn_names[f], c->why, sizeof(c->why))) {
			c->method = KHO_METHOD_FENTRY;
			if (enable(s, "fentry_", fn_names[f], err, errlen) ||
			    (events && enable(s, "fexit_", fn_names[f], err, errlen)))
				return -1;
		} else if (can_kprobe(p, fn_names[f], c->why, sizeof(c->why))) {
			c->method = KHO_METHOD_KPROBE;
			if (enable(s, "kprobe_", fn_names[f], err, errlen) ||
			    (events && enable(s, "kretprobe_", fn_names[f], err, errlen)))
				return -1;
		}
		s->rodata->fn_events[f] = events && c->method;
		/* a hook caught by functions reports the best method used */
		if (events && c->method &&
		    (!b->hook[h].method || c->method < b->hook[h].method))
			b->hook[h].method = c->method;
	}
	/* the handover is sealed in kernel_kexec() */
	if (!tp[KHO_EV_HANDOVER_START]) {
		struct kho_bpf_choice *c = &b->hook[KHO_EV_HANDOVER_START];

		if (!no_fentry && maxm <= KHO_METHOD_FENTRY &&
		    can_fentry(p, "kernel_kexec", c->why, sizeof(c->why))) {
			c->method = KHO_METHOD_FENTRY;
			if (enable(s, "", "fentry_kernel_kexec", err, errlen))
				return -1;
		} else if (can_kprobe(p, "kernel_kexec", c->why, sizeof(c->why))) {
			c->method = KHO_METHOD_KPROBE;
			if (enable(s, "", "kprobe_kernel_kexec", err, errlen))
				return -1;
		}
	}
	for (unsigned int t = 1; t < KHO_EV_TYPE_MAX; t++)
		if (b->hook[t].method)
			b->hook[t].why[0] = '\0';

	r = kho_skel__load(s);
	if (r)
		return kho_errf(err, errlen, "cannot load the BPF programs: %s",
			    strerror(-r));
	return 0;
}

int kho_bpf_open(struct kho_bpf **out, const struct kho_bpf_opts *o,
		 char *err, size_t errlen)
{
	struct kho_bpf *b = calloc(1, sizeof(*b));
	struct probe p = { 0 };
	char path[256];
	const char *tfs = o->tracefs ? o->tracefs : "/sys/kernel/tracing";
	struct bpf_program *prog;
	int r;

	*out = NULL;
	if (!b)
		return kho_errf(err, errlen, "out of memory");
	g_log = o->log;
	g_log_ctx = o->log_ctx;
	libbpf_set_print(libbpf_print);
	libbpf_set_strict_mode(LIBBPF_STRICT_ALL);

	p.btf = btf__load_vmlinux_btf();
	if (!p.btf)
		p.btf = NULL;
	snprintf(path, sizeof(path), "%s/available_filter_functions", tfs);
	p.filter = slurp(path);
	p.kallsyms = slurp("/proc/kallsyms");

	r = choose_and_load(b, o, &p, false, err, errlen);
	if (r) {
		bool fentry = false;

		for (unsigned int f = 0; f < KHO_FN_MAX; f++)
			fentry |= b->fn[f].method == KHO_METHOD_FENTRY;
		fentry |= b->hook[KHO_EV_HANDOVER_START].method == KHO_METHOD_FENTRY;
		kho_skel__destroy(b->skel);
		b->skel = NULL;
		if (fentry) /* never fail only because a better method is missing */
			r = choose_and_load(b, o, &p, true, err, errlen);
	}
	btf__free(p.btf);
	free(p.filter);
	free(p.kallsyms);
	if (r) {
		kho_bpf_close(b);
		return -1;
	}

	bpf_object__for_each_program(prog, b->skel->obj) {
		struct bpf_link *l;

		if (!bpf_program__autoload(prog))
			continue;
		if (b->nlinks >= MAX_LINKS) {
			kho_bpf_close(b);
			return kho_errf(err, errlen, "too many BPF programs");
		}
		l = bpf_program__attach(prog);
		if (!l) {
			r = -errno;
			kho_bpf_close(b);
			return kho_errf(err, errlen, "cannot attach %s: %s",
				    bpf_program__name(prog), strerror(-r));
		}
		b->links[b->nlinks++] = l;
	}
	b->ncpus = libbpf_num_possible_cpus();
	if (b->ncpus <= 0) {
		kho_bpf_close(b);
		return kho_errf(err, errlen, "cannot count the CPUs");
	}
	*out = b;
	return 0;
}

void kho_bpf_close(struct kho_bpf *b)
{
	if (!b)
		return;
	ring_buffer__free(b->rb);
	for (unsigned int i = 0; i < b->nlinks; i++)
		bpf_link__destroy(b->links[i]);
	kho_skel__destroy(b->skel);
	free(b);
}

/* ---- reading ---------------------------------------------------------- */

static int rb_cb(void *ctx, void *data, size_t len)
{
	struct kho_bpf *b = ctx;

	return b->cb(b->cb_ctx, data, len);
}

int kho_bpf_poll(struct kho_bpf *b, int timeout_ms, kho_bpf_event_fn cb,
		 void *ctx)
{
	b->cb = cb;
	b->cb_ctx = ctx;
	if (!b->rb) {
		b->rb = ring_buffer__new(bpf_map__fd(b->skel->maps.events), rb_cb,
					 b, NULL);
		if (!b->rb)
			return -errno;
	}
	return ring_buffer__poll(b->rb, timeout_ms);
}

int kho_bpf_read_agg(struct kho_bpf *b, struct kho_bpf_agg **rows, size_t *n)
{
	int fd = bpf_map__fd(b->skel->maps.agg);
	struct kho_agg_key key, next, *prev = NULL;
	struct kho_agg_val *vals = calloc((size_t)b->ncpus, sizeof(*vals));
	struct kho_bpf_agg *out = NULL;
	size_t cnt = 0, cap = 0;

	*rows = NULL;
	*n = 0;
	if (!vals)
		return -ENOMEM;
	while (!bpf_map_get_next_key(fd, prev, &next)) {
		struct kho_bpf_agg *row;

		key = next;
		prev = &key;
		if (bpf_map_lookup_elem(fd, &key, vals))
			continue;	/* deleted meanwhile */
		if (cnt == cap) {
			size_t ncap = cap ? cap * 2 : 64;
			struct kho_bpf_agg *no = realloc(out, ncap * sizeof(*no));

			if (!no) {
				free(out);
				free(vals);
				return -ENOMEM;
			}
			out = no;
			cap = ncap;
		}
		row = &out[cnt++];
		memset(row, 0, sizeof(*row));
		row->key = key;
		for (int c = 0; c < b->ncpus; c++) {
			row->val.count += vals[c].count;
			row->val.bytes += vals[c].bytes;
			row->val.failed += vals[c].failed;
		}
	}
	free(vals);
	*rows = out;
	*n = cnt;
	return 0;
}

/* The per-CPU values of @key in a per-CPU array (malloc()ed), or NULL. */
static void *percpu_lookup(struct kho_bpf *b, const struct bpf_map *map,
			   __u32 key, size_t size, int *err)
{
	void *vals = calloc((size_t)b->ncpus, size);

	if (!vals) {
		*err = -ENOMEM;
		return NULL;
	}
	if (bpf_map_lookup_elem(bpf_map__fd(map), &key, vals)) {
		*err = -errno;
		free(vals);
		return NULL;
	}
	return vals;
}

int kho_bpf_read_hist(struct kho_bpf *b, unsigned int family,
		      struct kho_hist *out)
{
	struct kho_hist *vals;
	int err = 0;

	memset(out, 0, sizeof(*out));
	if (family >= KHO_LAT_MAX)
		return -EINVAL;
	vals = percpu_lookup(b, b->skel->maps.lat, family, sizeof(*vals), &err);
	if (!vals)
		return err;
	for (int c = 0; c < b->ncpus; c++)
		for (int s = 0; s < KHO_LAT_SLOTS; s++)
			out->slots[s] += vals[c].slots[s];
	free(vals);
	return 0;
}

int kho_bpf_read_held(struct kho_bpf *b, struct kho_bpf_held **rows, size_t *n)
{
	int fd = bpf_map__fd(b->skel->maps.held);
	struct kho_held_key key, next, *prev = NULL;
	struct kho_bpf_held *out = NULL;
	size_t cnt = 0, cap = 0;

	*rows = NULL;
	*n = 0;
	while (!bpf_map_get_next_key(fd, prev, &next)) {
		struct kho_held_val v;

		key = next;
		prev = &key;
		if (bpf_map_lookup_elem(fd, &key, &v))
			continue;
		if (cnt == cap) {
			size_t ncap = cap ? cap * 2 : 256;
			struct kho_bpf_held *no = realloc(out, ncap * sizeof(*no));

			if (!no) {
				free(out);
				return -ENOMEM;
			}
			out = no;
			cap = ncap;
		}
		out[cnt].key = key;
		out[cnt].val = v;
		cnt++;
	}
	*rows = out;
	*n = cnt;
	return 0;
}

int kho_bpf_read_counter(struct kho_bpf *b, unsigned int idx, uint64_t *val)
{
	__u64 *vals;
	int err = 0;

	*val = 0;
	if (idx >= KHO_CNT_MAX)
		return -EINVAL;
	vals = percpu_lookup(b, b->skel->maps.counters, idx, sizeof(*vals), &err);
	if (!vals)
		return err;
	for (int c = 0; c < b->ncpus; c++)
		*val += vals[c];
	free(vals);
	return 0;
}
