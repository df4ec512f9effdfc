// SPDX-License-Identifier: GPL-2.0
/*
 * kho.bpf.c - kho-suite's BPF programs: every KHO preserve, unpreserve,
 * restore, subtree and handover event, caught by the best method the
 * running kernel offers, sent to user space as a stream (ring buffer) and
 * aggregated in the kernel (counts and bytes by event, order and caller;
 * latency histograms; what is preserved right now, by owner).
 *
 * One handler per event, written once (static __always_inline), attached by
 * program twins; user space (tools/bpf/kho_bpf.c) picks one twin per hook
 * at run time and turns the others off with bpf_program__set_autoload():
 *
 *   tp_btf/kho_*      our kho:* tracepoints (6.12 + kho-suite): exact pfn,
 *                     order and caller for every folio, range and vmalloc
 *                     block, refused calls included
 *   fentry/fexit      stock 7.2's exported functions (kho_preserve_folio,
 *                     ...): the caller comes from the stack
 *   kprobe/kretprobe  the same functions where fentry cannot attach: the
 *                     caller is the return address on the stack at entry
 *
 * The entry/exit pairs also give the latency histograms, on both kernels.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include "kho_event.h"

char LICENSE[] SEC("license") = "GPL";

/* ---- knobs, set by user space before load -------------------------- */
const volatile bool stream = true;	/* send events to the ring buffer */
const volatile __u32 type_mask = ~0u;	/* stream only these (1 << type) */
const volatile int want_order = -2;	/* stream only this order (-2: any) */
const volatile __u64 caller_lo;		/* stream only callers in [lo, hi) */
const volatile __u64 caller_hi;

/* ---- maps ----------------------------------------------------------- */
struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 22);	/* user space may resize */
} events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(max_entries, KHO_AGG_MAX);
	__type(key, struct kho_agg_key);
	__type(value, struct kho_agg_val);
} agg SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, KHO_LAT_MAX);
	__type(key, __u32);
	__type(value, struct kho_hist);
} lat SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, KHO_HELD_MAX);
	__type(key, struct kho_held_key);
	__type(value, struct kho_held_val);
} held SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, KHO_CNT_MAX);
	__type(key, __u32);
	__type(value, __u64);
} counters SEC(".maps");

/* An API call in flight, per thread and function: entry time and args. */
struct call {
	__u64 ts;
	__u64 a0;
	__u64 a1;
	__u64 caller;
	__u64 inner_seen;	/* a nested folio call sent the event */
	__u64 stack[KHO_EV_STACK];
};

/*
 * The calls in flight of one thread, one slot per function, in task local
 * storage: found through the task itself, with no hashing and no bucket
 * lock (a hash keyed by thread cost two updates per call).
 */
struct task_calls {
	struct call c[KHO_FN_MAX];
	__u32 live;		/* bit fn: c[fn] is a call in flight */
	__u32 pad;
};

struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct task_calls);
} calls SEC(".maps");

/* Scratch space for one event per CPU (too big for the BPF stack). */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct kho_event);
} scratch SEC(".maps");

/*
 * fn_events[fn] (enum kho_fn): the exit twin of fn sends events (no
 * tracepoint covers fn); otherwise it only measures latency.
 */
const volatile bool fn_events[KHO_FN_MAX];

static __always_inline void count(__u32 idx)
{
	__u64 *v = bpf_map_lookup_elem(&counters, &idx);

	if (v)
		(*v)++;
}

static __always_inline __u32 log2_u64(__u64 v)
{
	__u32 r = 0;

	/* bounded loop-free log2 for the verifier */
	if (v >> 32) { v >>= 32; r += 32; }
	if (v >> 16) { v >>= 16; r += 16; }
	if (v >> 8) { v >>= 8; r += 8; }
	if (v >> 4) { v >>= 4; r += 4; }
	if (v >> 2) { v >>= 2; r += 2; }
	if (v >> 1)
		r += 1;
	return r;
}

static __always_inline void lat_add(__u32 family, __u64 ns)
{
	struct kho_hist *h = bpf_map_lookup_elem(&lat, &family);
	__u32 slot = log2_u64(ns);

	if (!h)
		return;
	if (slot >= KHO_LAT_SLOTS)
		slot = KHO_LAT_SLOTS - 1;
	h->slots[slot]++;
}

static __always_inline __u64 ev_bytes(const struct kho_event *e)
{
	if (e->type == KHO_EV_SUBTREE_ADD || e->type == KHO_EV_SUBTREE_REMOVE)
		return e->arg1;
	return e->nr_pages * 4096;
}

static __always_inline void aggregate(const struct kho_event *e)
{
	struct kho_agg_key k = {
		.caller = e->caller, .type = e->type, .order = e->order,
	};
	struct kho_agg_val *v, zero = {};

	v = bpf_map_lookup_elem(&agg, &k);
	if (!v) {
		if (bpf_map_update_elem(&agg, &k, &zero, BPF_NOEXIST) &&
		    !bpf_map_lookup_elem(&agg, &k)) {
			count(KHO_CNT_AGG_FULL);
			return;
		}
		v = bpf_map_lookup_elem(&agg, &k);
		if (!v)
			return;
	}
	v->count++;
	if (e->ret)
		v->failed++;
	else
		v->bytes += ev_bytes(e);
}

/* Keep the "preserved right now" view exact. */
static __always_inline void track_held(const struct kho_event *e)
{
	struct kho_held_key k = {};
	struct kho_held_val v = {};

	if (e->ret)
		return;
	if (e->flags & KHO_EVF_PHYS_UNKNOWN) {
		k.id = e->virt;
		k.is_desc = 1;
	} else {
		k.id = e->pfn;
	}
	if (e->type == KHO_EV_PRESERVE) {
		v.nr_pages = e->nr_pages;
		v.caller = e->caller;
		v.ts_ns = e->ts_ns;
		v.order = e->order;
		v.kind = e->kind;
		if (bpf_map_update_elem(&held, &k, &v, BPF_ANY))
			count(KHO_CNT_HELD_FULL);
	} else if (e->type == KHO_EV_UNPRESERVE) {
		if (bpf_map_delete_elem(&held, &k))
			count(KHO_CNT_HELD_MISS);
	}
}

static __always_inline bool wanted(const struct kho_event *e)
{
	if (!stream)
		return false;
	if (!(type_mask & (1u << e->type)))
		return false;
	if (want_order != -2 && e->order != want_order)
		return false;
	if (caller_hi && (e->caller < caller_lo || e->caller >= caller_hi))
		return false;
	return true;
}

/* A new event at time now (0: read the clock). */
static __always_inline struct kho_event *ev_new(__u32 type, __u32 method,
						__u64 now)
{
	__u32 zero = 0;
	struct kho_event *e = bpf_map_lookup_elem(&scratch, &zero);

	if (!e)
		return NULL;
	if (stream) {
		__builtin_memset(e, 0, sizeof(*e));
		e->abi = KHO_EV_ABI;
		e->cpu = bpf_get_smp_processor_id();
		e->pid = bpf_get_current_pid_tgid() >> 32;
		bpf_get_current_comm(e->comm, sizeof(e->comm));
	} else {
		/*
		 * Nothing is sent: only what aggregate() and track_held()
		 * read, and the handlers may leave unset, is cleared.
		 */
		e->pfn = 0;
		e->nr_pages = 0;
		e->caller = 0;
		e->virt = 0;
		e->arg1 = 0;
		e->order = 0;
		e->ret = 0;
		e->kind = 0;
		e->flags = 0;
	}
	e->type = type;
	e->method = method;
	e->ts_ns = now ? now : bpf_ktime_get_ns();
	return e;
}

/* The one place every event goes through. */
static __always_inline int ev_done(struct kho_event *e)
{
	aggregate(e);
	if (e->type == KHO_EV_PRESERVE || e->type == KHO_EV_UNPRESERVE)
		track_held(e);
	if (!wanted(e))
		return 0;
	if (bpf_ringbuf_output(&events, e, sizeof(*e), 0))
		count(KHO_CNT_RB_DROPS);
	return 0;
}

/* ---- handlers: one per event ---------------------------------------- */

static __always_inline int
handle_preserve(__u32 type, __u32 method, __u64 pfn, int order, __u64 nr_pages,
		int ret, __u64 caller, __u32 kind, __u64 virt, __u32 flags,
		const struct call *c, __u64 now)
{
	struct kho_event *e = ev_new(type, method, now);

	if (!e)
		return 0;
	e->pfn = pfn;
	e->order = order;
	e->nr_pages = nr_pages;
	e->ret = ret;
	e->caller = caller;
	e->kind = kind;
	e->virt = virt;
	e->flags = flags;
	if (c) {
		e->latency_ns = e->ts_ns - c->ts;
		if (!caller)
			__builtin_memcpy(e->stack, c->stack, sizeof(e->stack));
	}
	return ev_done(e);
}

static __always_inline int
handle_restore(__u32 method, __u64 phys, int order, __u64 nr_pages, int ret,
	       __u32 kind, __u64 virt, __u32 flags, const struct call *c,
	       __u64 latency, __u64 now)
{
	struct kho_event *e = ev_new(KHO_EV_RESTORE, method, now);

	if (!e)
		return 0;
	e->pfn = phys >> 12;
	e->order = order;
	e->nr_pages = nr_pages;
	e->ret = ret;
	e->kind = kind;
	e->virt = virt;
	e->flags = flags;
	e->latency_ns = latency;
	if (c) {
		e->latency_ns = e->ts_ns - c->ts;
		e->caller = c->caller;
		if (!c->caller)
			__builtin_memcpy(e->stack, c->stack, sizeof(e->stack));
	}
	return ev_done(e);
}

static __always_inline int
handle_subtree(__u32 type, __u32 method, const char *name, __u64 phys,
	       __u64 size, int ret, const struct call *c)
{
	struct kho_event *e = ev_new(type, method, 0);

	if (!e)
		return 0;
	if (name)
		bpf_probe_read_kernel_str(e->name, sizeof(e->name), name);
	e->arg0 = phys;
	e->arg1 = size;
	e->ret = ret;
	e->order = -1;
	if (c) {
		e->latency_ns = e->ts_ns - c->ts;
		e->caller = c->caller;
		if (!c->caller)
			__builtin_memcpy(e->stack, c->stack, sizeof(e->stack));
	}
	return ev_done(e);
}

static __always_inline int
handle_misc(__u32 type, __u32 method, __u64 a0, __u64 a1, __u64 a2, __u64 n,
	    int ret)
{
	struct kho_event *e = ev_new(type, method, 0);

	if (!e)
		return 0;
	e->arg0 = a0;
	e->arg1 = a1;
	e->arg2 = a2;
	e->nr_pages = n;
	e->ret = ret;
	e->order = -1;
	return ev_done(e);
}

/* ---- stock 7.2: the exported functions ------------------------------ */

/* vmemmap and the direct map: variables with KASLR, constants without. */
extern const void vmemmap_base __ksym __weak;
extern const void page_offset_base __ksym __weak;

static __always_inline __u64 kvar(const void *sym, __u64 dflt)
{
	__u64 v = 0;

	if (!sym || bpf_probe_read_kernel(&v, sizeof(v), sym) || !v)
		return dflt;
	return v;
}

static __always_inline __u64 page_pfn(const void *page)
{
	__u64 base = kvar(&vmemmap_base, 0xffffea0000000000ULL);
	__u64 sz = bpf_core_type_size(struct page);

	if (!page || !sz || (__u64)page < base)
		return 0;
	return ((__u64)page - base) / sz;
}

static __always_inline __u64 virt_pfn(const void *virt)
{
	__u64 base = kvar(&page_offset_base, 0xffff888000000000ULL);

	if ((__u64)virt < base)
		return 0;
	return ((__u64)virt - base) >> 12;
}

static __always_inline int folio_order_of(const struct folio *folio)
{
	unsigned long flags = 0, f1;

	if (bpf_probe_read_kernel(&flags, sizeof(flags), folio))
		return 0;
	if (!(flags & (1UL << bpf_core_enum_value(enum pageflags, PG_head))))
		return 0;
	f1 = BPF_CORE_READ(folio, _flags_1);
	return f1 & 0xff;
}

/* This thread's calls in flight (created at the first call). */
static __always_inline struct task_calls *task_calls(bool create)
{
	return bpf_task_storage_get(&calls, bpf_get_current_task_btf(), 0,
				    create ? BPF_LOCAL_STORAGE_GET_F_CREATE : 0);
}

/* The call to fn in flight on this thread, or NULL. */
static __always_inline struct call *call_get(struct task_calls *t, __u32 fn)
{
	if (fn >= KHO_FN_MAX || !(t->live & (1u << fn)))
		return NULL;
	return &t->c[fn];
}

static __always_inline int enter(void *ctx, __u32 fn, __u64 a0, __u64 a1,
				 __u64 caller)
{
	struct task_calls *t = task_calls(true);
	struct call *c;

	if (!t || fn >= KHO_FN_MAX)
		return 0;
	c = &t->c[fn];
	c->ts = bpf_ktime_get_ns();
	c->a0 = a0;
	c->a1 = a1;
	c->caller = caller;
	c->inner_seen = 0;
	/* the stack only where this call sends the event (it is not cheap) */
	if (!caller && fn_events[fn])
		bpf_get_stack(ctx, c->stack, sizeof(c->stack), 0);
	else
		__builtin_memset(c->stack, 0, sizeof(c->stack));
	t->live |= 1u << fn;
	return 0;
}

static __always_inline int family_of(__u32 fn)
{
	switch (fn) {
	case KHO_FN_PRESERVE_FOLIO: case KHO_FN_PRESERVE_PAGES:
	case KHO_FN_PRESERVE_VMALLOC: case KHO_FN_ALLOC_PRESERVE:
		return KHO_LAT_PRESERVE;
	case KHO_FN_UNPRESERVE_FOLIO: case KHO_FN_UNPRESERVE_PAGES:
	case KHO_FN_UNPRESERVE_VMALLOC: case KHO_FN_UNPRESERVE_FREE:
		return KHO_LAT_UNPRESERVE;
	case KHO_FN_RESTORE_FOLIO: case KHO_FN_RESTORE_PAGES:
	case KHO_FN_RESTORE_VMALLOC: case KHO_FN_RESTORE_FREE:
		return KHO_LAT_RESTORE;
	}
	return -1;
}

/*
 * kho_alloc_preserve(), kho_unpreserve_free() and kho_restore_free() call
 * the folio functions; when those are seen (not inlined), the inner call
 * sends the event with the outer call's caller, and the outer sends none.
 */
static __always_inline struct call *outer_call(struct task_calls *t, __u32 fn)
{
	__u32 outer;

	switch (fn) {
	case KHO_FN_PRESERVE_FOLIO: outer = KHO_FN_ALLOC_PRESERVE; break;
	case KHO_FN_UNPRESERVE_FOLIO: outer = KHO_FN_UNPRESERVE_FREE; break;
	case KHO_FN_RESTORE_FOLIO: outer = KHO_FN_RESTORE_FREE; break;
	default: return NULL;
	}
	return call_get(t, outer);
}

/*
 * The exit of an exported function: the latency, and (stock 7.2: no
 * tracepoints) the event, from the arguments saved at entry.
 */
static __always_inline int leave(__u32 fn, __u64 retval, __u32 method)
{
	struct task_calls *t = task_calls(false);
	int fam = family_of(fn), ret = (int)retval;
	struct call *c, *o;
	__u64 pfn, now;

	if (!t)
		return 0;
	c = call_get(t, fn);
	if (!c)
		return 0;
	now = bpf_ktime_get_ns();
	if (fam >= 0)
		lat_add(fam, now - c->ts);
	if (fn >= KHO_FN_MAX || !fn_events[fn])
		goto out;

	o = outer_call(t, fn);
	if (o) {
		o->inner_seen = 1;
		c->caller = o->caller;
		__builtin_memcpy(c->stack, o->stack, sizeof(c->stack));
	}
	switch (fn) {
	case KHO_FN_PRESERVE_FOLIO:
	case KHO_FN_UNPRESERVE_FOLIO: {
		const struct folio *f = (const void *)c->a0;
		int order = folio_order_of(f);

		handle_preserve(fn == KHO_FN_PRESERVE_FOLIO ? KHO_EV_PRESERVE :
				KHO_EV_UNPRESERVE, method, page_pfn(f), order,
				1ULL << (order & 31),
				fn == KHO_FN_PRESERVE_FOLIO ? ret : 0,
				c->caller, o ? KHO_KIND_ALLOC : KHO_KIND_FOLIO,
				0, 0, c, now);
		break;
	}
	case KHO_FN_PRESERVE_PAGES:
	case KHO_FN_UNPRESERVE_PAGES:
		handle_preserve(fn == KHO_FN_PRESERVE_PAGES ? KHO_EV_PRESERVE :
				KHO_EV_UNPRESERVE, method, page_pfn((void *)c->a0),
				-1, c->a1, fn == KHO_FN_PRESERVE_PAGES ? ret : 0,
				c->caller, KHO_KIND_PAGES, 0, 0, c, now);
		break;
	case KHO_FN_PRESERVE_VMALLOC:
	case KHO_FN_UNPRESERVE_VMALLOC: {
		/* a0 = area (preserve only), a1 = descriptor */
		const struct kho_vmalloc *d = (const void *)c->a1;
		__u64 pages = BPF_CORE_READ(d, total_pages);

		handle_preserve(fn == KHO_FN_PRESERVE_VMALLOC ? KHO_EV_PRESERVE :
				KHO_EV_UNPRESERVE, method, 0, -1, pages,
				fn == KHO_FN_PRESERVE_VMALLOC ? ret : 0, c->caller,
				KHO_KIND_VMALLOC, c->a1,
				KHO_EVF_PHYS_UNKNOWN | KHO_EVF_VIRT, c, now);
		break;
	}
	case KHO_FN_ALLOC_PRESERVE: {
		/* returns the memory or an ERR_PTR */
		if (c->inner_seen)
			break;
		bool err = retval >= (__u64)-4095;
		__u64 pages = (c->a0 + 4095) >> 12;
		int order = log2_u64(pages);

		if (pages > (1ULL << order))
			order++;
		handle_preserve(KHO_EV_PRESERVE, method,
				err ? 0 : virt_pfn((void *)retval), order,
				1ULL << (order & 31), err ? (int)retval : 0,
				c->caller, KHO_KIND_ALLOC, err ? 0 : retval,
				KHO_EVF_VIRT, c, now);
		break;
	}
	case KHO_FN_UNPRESERVE_FREE:
		/* unless kho_unpreserve_folio() was seen, send it here */
		if (c->inner_seen)
			break;
		handle_preserve(KHO_EV_UNPRESERVE, method, virt_pfn((void *)c->a0),
				-1, 0, 0, c->caller, KHO_KIND_ALLOC, c->a0,
				KHO_EVF_VIRT, c, now);
		break;
	case KHO_FN_RESTORE_FOLIO:
	case KHO_FN_RESTORE_PAGES:
		pfn = c->a0;
		if (fn == KHO_FN_RESTORE_FOLIO) {
			int order = retval ? folio_order_of((void *)retval) : -1;

			handle_restore(method, pfn, order,
				       order >= 0 ? 1ULL << (order & 31) : 0,
				       retval ? 0 : -22,
				       o ? KHO_KIND_ALLOC : KHO_KIND_FOLIO, 0, 0, c, 0, now);
		} else {
			handle_restore(method, pfn, -1, c->a1, retval ? 0 : -22,
				       KHO_KIND_PAGES, 0, 0, c, 0, now);
		}
		break;
	case KHO_FN_RESTORE_VMALLOC: {
		const struct kho_vmalloc *d = (const void *)c->a0;
		__u64 pages = BPF_CORE_READ(d, total_pages);

		handle_restore(method, 0, -1, pages, retval ? 0 : -22,
			       KHO_KIND_VMALLOC, c->a0,
			       KHO_EVF_PHYS_UNKNOWN | KHO_EVF_VIRT, c, 0, now);
		break;
	}
	case KHO_FN_RESTORE_FREE:
		if (c->inner_seen)
			break;
		handle_restore(method, virt_pfn((void *)c->a0) << 12, -1, 0, 0,
			       KHO_KIND_ALLOC, c->a0, KHO_EVF_VIRT, c, 0, now);
		break;
	case KHO_FN_ADD_SUBTREE:
	case KHO_FN_REMOVE_SUBTREE: {
		/* add: a0 = name, a1 = blob; remove: a1 = blob */
		__u64 phys = virt_pfn((void *)c->a1) << 12;

		handle_subtree(fn == KHO_FN_ADD_SUBTREE ? KHO_EV_SUBTREE_ADD :
			       KHO_EV_SUBTREE_REMOVE, method,
			       fn == KHO_FN_ADD_SUBTREE ? (const char *)c->a0 : NULL,
			       phys, 0, fn == KHO_FN_ADD_SUBTREE ? ret : 0, c);
		break;
	}
	case KHO_FN_FILL_KIMAGE:
		handle_misc(KHO_EV_KEXEC_LOAD, method, 0, 0, 0, 0, ret);
		break;
	}
out:
	t->live &= ~(1u << fn);
	return 0;
}

extern const void arch_rethook_trampoline __ksym __weak;

/*
 * The caller of a function, at a kprobe on its first instruction: the
 * return address on the stack.  A kretprobe on the same function (ours,
 * or another tool's) may have run first and put its trampoline there; the
 * real address is then in the task's newest rethook node, as the kernel's
 * unwinder finds it.
 */
static __always_inline __u64 kprobe_caller(struct pt_regs *regs)
{
	struct task_struct *t;
	struct llist_node *first;
	struct rethook_node *rh;
	__u64 caller = 0;

	bpf_probe_read_kernel(&caller, sizeof(caller), (void *)PT_REGS_SP(regs));
	if (!&arch_rethook_trampoline ||
	    caller != (__u64)&arch_rethook_trampoline)
		return caller;
	t = bpf_get_current_task_btf();
	first = BPF_CORE_READ(t, rethooks.first);
	if (!first)
		return caller;
	rh = (void *)first - bpf_core_field_offset(struct rethook_node, llist);
	return BPF_CORE_READ(rh, ret_addr);
}

/* Exit twins of one function: fexit and kretprobe. */
#define KHO_EXIT_TWINS(func, fn)					\
SEC("fexit/" #func)							\
int BPF_PROG(fexit_##func)						\
{									\
	__u64 r = 0;							\
	bpf_get_func_ret(ctx, &r);					\
	return leave(fn, r, KHO_METHOD_FENTRY);				\
}									\
SEC("kretprobe/" #func)							\
int BPF_KRETPROBE(kretprobe_##func, __u64 r)				\
{									\
	return leave(fn, r, KHO_METHOD_KPROBE);				\
}

/*
 * Entry twins (fentry, kprobe) keep the first two arguments in a0 and a1
 * (fentry may only read the arguments a function has).  KHO_TWINS_DESC1:
 * one-argument functions taking a struct kho_vmalloc descriptor, kept in
 * a1 as kho_preserve_vmalloc() has it.
 */
#define KHO_TWINS2(func, fn)						\
SEC("fentry/" #func)							\
int BPF_PROG(fentry_##func, __u64 a0, __u64 a1)				\
{									\
	return enter(ctx, fn, a0, a1, 0);				\
}									\
SEC("kprobe/" #func)							\
int BPF_KPROBE(kprobe_##func, __u64 a0, __u64 a1)			\
{									\
	return enter(ctx, fn, a0, a1, kprobe_caller(ctx));		\
}									\
KHO_EXIT_TWINS(func, fn)

#define KHO_TWINS1_AS(func, fn, x0, x1)					\
SEC("fentry/" #func)							\
int BPF_PROG(fentry_##func, __u64 a0)					\
{									\
	return enter(ctx, fn, x0, x1, 0);				\
}									\
SEC("kprobe/" #func)							\
int BPF_KPROBE(kprobe_##func, __u64 a0)					\
{									\
	return enter(ctx, fn, x0, x1, kprobe_caller(ctx));		\
}									\
KHO_EXIT_TWINS(func, fn)

#define KHO_TWINS1(func, fn)		KHO_TWINS1_AS(func, fn, a0, 0)
#define KHO_TWINS_DESC1(func, fn)	KHO_TWINS1_AS(func, fn, a0, a0)

KHO_TWINS1(kho_preserve_folio, KHO_FN_PRESERVE_FOLIO)
KHO_TWINS1(kho_unpreserve_folio, KHO_FN_UNPRESERVE_FOLIO)
KHO_TWINS2(kho_preserve_pages, KHO_FN_PRESERVE_PAGES)
KHO_TWINS2(kho_unpreserve_pages, KHO_FN_UNPRESERVE_PAGES)
KHO_TWINS1(kho_alloc_preserve, KHO_FN_ALLOC_PRESERVE)
KHO_TWINS1(kho_unpreserve_free, KHO_FN_UNPRESERVE_FREE)
KHO_TWINS1(kho_restore_folio, KHO_FN_RESTORE_FOLIO)
KHO_TWINS2(kho_restore_pages, KHO_FN_RESTORE_PAGES)
KHO_TWINS1(kho_restore_free, KHO_FN_RESTORE_FREE)
KHO_TWINS2(kho_add_subtree, KHO_FN_ADD_SUBTREE)
KHO_TWINS1(kho_remove_subtree, KHO_FN_REMOVE_SUBTREE)
KHO_TWINS1(kho_fill_kimage, KHO_FN_FILL_KIMAGE)

KHO_TWINS2(kho_preserve_vmalloc, KHO_FN_PRESERVE_VMALLOC)
KHO_TWINS_DESC1(kho_unpreserve_vmalloc, KHO_FN_UNPRESERVE_VMALLOC)
KHO_TWINS_DESC1(kho_restore_vmalloc, KHO_FN_RESTORE_VMALLOC)

/* The handover is sealed: stock 7.2 has no tracepoint, catch kernel_kexec. */
SEC("fentry/kernel_kexec")
int BPF_PROG(fentry_kernel_kexec)
{
	return handle_misc(KHO_EV_HANDOVER_START, KHO_METHOD_FENTRY, 0, 0, 0, 0,
			   0);
}

SEC("kprobe/kernel_kexec")
int BPF_KPROBE(kprobe_kernel_kexec)
{
	return handle_misc(KHO_EV_HANDOVER_START, KHO_METHOD_KPROBE, 0, 0, 0, 0,
			   0);
}

/* ---- tp_btf: our kho:* tracepoints ----------------------------------- */

/*
 * Latency where the tracepoints send the events: from the entry of the
 * exported function (fentry or kprobe: neither changes the return address
 * the function records as its caller, unlike fexit and kretprobe) to the
 * tracepoint, which fires once the work is done.
 */
static __always_inline __u64 tp_latency(__u32 family, __u64 now)
{
	struct task_calls *t = task_calls(false);
	__u32 fns[4];
	int i;

	if (!t)
		return 0;
	switch (family) {
	case KHO_LAT_PRESERVE:
		fns[0] = KHO_FN_PRESERVE_FOLIO; fns[1] = KHO_FN_PRESERVE_PAGES;
		fns[2] = KHO_FN_PRESERVE_VMALLOC; fns[3] = KHO_FN_ALLOC_PRESERVE;
		break;
	case KHO_LAT_UNPRESERVE:
		fns[0] = KHO_FN_UNPRESERVE_FOLIO; fns[1] = KHO_FN_UNPRESERVE_PAGES;
		fns[2] = KHO_FN_UNPRESERVE_VMALLOC; fns[3] = KHO_FN_UNPRESERVE_FREE;
		break;
	default:
		fns[0] = KHO_FN_RESTORE_FOLIO; fns[1] = KHO_FN_RESTORE_PAGES;
		fns[2] = KHO_FN_RESTORE_VMALLOC; fns[3] = KHO_FN_RESTORE_FREE;
		break;
	}
	for (i = 0; i < 4; i++) {
		struct call *c = call_get(t, fns[i]);
		__u64 d;

		if (!c)
			continue;
		d = now - c->ts;
		lat_add(family, d);
		/* a restore of pages fires once per block: keep the entry */
		if (family != KHO_LAT_RESTORE)
			t->live &= ~(1u << fns[i]);
		return d;
	}
	return 0;
}

SEC("tp_btf/kho_preserve")
int BPF_PROG(tp_preserve, unsigned long pfn, int order, unsigned long nr_pages,
	     int ret, unsigned long caller)
{
	__u64 now = bpf_ktime_get_ns(), d = tp_latency(KHO_LAT_PRESERVE, now);
	struct call c = { .ts = now - d };

	return handle_preserve(KHO_EV_PRESERVE, KHO_METHOD_TP_BTF, pfn, order,
			       nr_pages, ret, caller,
			       order < 0 ? KHO_KIND_PAGES : KHO_KIND_FOLIO, 0, 0,
			       d ? &c : NULL, now);
}

SEC("tp_btf/kho_unpreserve")
int BPF_PROG(tp_unpreserve, unsigned long pfn, int order,
	     unsigned long nr_pages, int ret, unsigned long caller)
{
	__u64 now = bpf_ktime_get_ns(), d = tp_latency(KHO_LAT_UNPRESERVE, now);
	struct call c = { .ts = now - d };

	return handle_preserve(KHO_EV_UNPRESERVE, KHO_METHOD_TP_BTF, pfn, order,
			       nr_pages, ret, caller,
			       order < 0 ? KHO_KIND_PAGES : KHO_KIND_FOLIO, 0, 0,
			       d ? &c : NULL, now);
}

SEC("tp_btf/kho_restore")
int BPF_PROG(tp_restore, phys_addr_t phys, int order, int kind, bool ok)
{
	__u64 pages = order >= 0 && order <= KHO_MAX_ORDER_EV ? 1ULL << order : 0;
	__u64 now = bpf_ktime_get_ns(), d = tp_latency(KHO_LAT_RESTORE, now);

	return handle_restore(KHO_METHOD_TP_BTF, phys, order, pages,
			      ok ? 0 : -22, kind, 0, 0, NULL, d, now);
}

SEC("tp_btf/kho_subtree_add")
int BPF_PROG(tp_subtree_add, const char *name, u64 phys, u64 size, int ret)
{
	return handle_subtree(KHO_EV_SUBTREE_ADD, KHO_METHOD_TP_BTF, name, phys,
			      size, ret, NULL);
}

SEC("tp_btf/kho_subtree_remove")
int BPF_PROG(tp_subtree_remove, const char *name, u64 phys, u64 size, int ret)
{
	return handle_subtree(KHO_EV_SUBTREE_REMOVE, KHO_METHOD_TP_BTF, name,
			      phys, size, ret, NULL);
}

SEC("tp_btf/kho_finalize")
int BPF_PROG(tp_finalize, bool finalize, int ret)
{
	return handle_misc(KHO_EV_FINALIZE, KHO_METHOD_TP_BTF, finalize, 0, 0, 0,
			   ret);
}

SEC("tp_btf/kho_kexec_load")
int BPF_PROG(tp_kexec_load, u64 fdt, u64 scratch, u64 scratch_size,
	     unsigned long nr_segments)
{
	return handle_misc(KHO_EV_KEXEC_LOAD, KHO_METHOD_TP_BTF, fdt, scratch,
			   scratch_size, nr_segments, 0);
}

SEC("tp_btf/kho_handover_start")
int BPF_PROG(tp_handover_start, u64 bytes, u64 blocks, unsigned int subtrees,
	     unsigned long tree_pages)
{
	return handle_misc(KHO_EV_HANDOVER_START, KHO_METHOD_TP_BTF, bytes,
			   blocks, subtrees, tree_pages, 0);
}
