/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kho_event.h - the records kho-suite's BPF programs send to user space,
 * and the keys and values of their maps.
 *
 * Shared by bpf/kho.bpf.c (clang -target bpf, with vmlinux.h) and the tools
 * (tools/lib/kho_event.c decodes and checks them).  No includes and only
 * plain C types, so it compiles unchanged on both sides; the layout is
 * fixed (no implicit padding) and checked with static asserts.
 *
 * Every record from the kernel is untrusted input: user space checks the
 * size, the type, the ranges and the strings before using a record (see
 * kho_event_check()).
 */
#ifndef KHO_EVENT_H
#define KHO_EVENT_H

#define KHO_EV_ABI		1	/* bump when a layout below changes */

/* Kinds of record, one per logical hook. */
enum kho_ev_type {
	KHO_EV_PRESERVE = 1,	/* folio, range of pages, vmalloc area block */
	KHO_EV_UNPRESERVE,
	KHO_EV_RESTORE,
	KHO_EV_SUBTREE_ADD,
	KHO_EV_SUBTREE_REMOVE,
	KHO_EV_FINALIZE,	/* 6.12 + kho-suite only (debugfs finalize) */
	KHO_EV_KEXEC_LOAD,	/* kexec_file_load() with a KHO handover */
	KHO_EV_HANDOVER_START,	/* the handover is sealed (kernel_kexec) */
	KHO_EV_TYPE_MAX,	/* one past the last */
};

/* kho_event.kind for KHO_EV_PRESERVE, _UNPRESERVE and _RESTORE. */
enum kho_ev_kind {
	KHO_KIND_FOLIO = 0,
	KHO_KIND_PAGES = 1,
	KHO_KIND_VMALLOC = 2,
	KHO_KIND_ALLOC = 3,	/* kho_alloc_preserve / _unpreserve_free / restore_free */
	KHO_KIND_MAX,
};

/* How an event was caught (kho_event.method, per hook in the log header). */
enum kho_ev_method {
	KHO_METHOD_NONE = 0,
	KHO_METHOD_TP_BTF = 1,	/* our kho:* tracepoints (6.12 + kho-suite) */
	KHO_METHOD_FENTRY = 2,	/* fentry/fexit on the exported functions */
	KHO_METHOD_KPROBE = 3,	/* kprobe/kretprobe on the same functions */
	KHO_METHOD_MAX,
};

/* Exported KHO functions the entry/exit twins attach to (index of a call). */
enum kho_fn {
	KHO_FN_PRESERVE_FOLIO, KHO_FN_UNPRESERVE_FOLIO, KHO_FN_PRESERVE_PAGES,
	KHO_FN_UNPRESERVE_PAGES, KHO_FN_PRESERVE_VMALLOC,
	KHO_FN_UNPRESERVE_VMALLOC, KHO_FN_ALLOC_PRESERVE,
	KHO_FN_UNPRESERVE_FREE, KHO_FN_RESTORE_FOLIO, KHO_FN_RESTORE_PAGES,
	KHO_FN_RESTORE_VMALLOC, KHO_FN_RESTORE_FREE, KHO_FN_ADD_SUBTREE,
	KHO_FN_REMOVE_SUBTREE, KHO_FN_FILL_KIMAGE, KHO_FN_MAX,
};

/* kho_event.flags */
#define KHO_EVF_PHYS_UNKNOWN	0x1	/* pfn not known (vmalloc on stock 7.2) */
#define KHO_EVF_VIRT		0x2	/* virt holds a kernel virtual address */

#define KHO_EV_COMM_LEN		16
#define KHO_EV_NAME_LEN		32
#define KHO_EV_STACK		8	/* return addresses kept per event */
#define KHO_MAX_ORDER_EV	30	/* largest order a record may carry */

/*
 * One event.  Fields that do not apply to a type are zero.
 *   PRESERVE/UNPRESERVE: pfn, order (-1: a range or vmalloc block of
 *                        nr_pages), nr_pages, ret, caller, kind
 *   RESTORE:             pfn (phys >> 12), order (-1 unknown), nr_pages,
 *                        ret (0 ok, negative failed), kind
 *   SUBTREE_ADD/REMOVE:  name, arg0 = blob phys, arg1 = size, ret
 *   FINALIZE:            arg0 = 1 finalize / 0 abort, ret
 *   KEXEC_LOAD:          arg0 = root FDT phys, arg1 = scratch segment,
 *                        arg2 = its size, nr_pages = segment count
 *   HANDOVER_START:      arg0 = preserved bytes, arg1 = preserved blocks,
 *                        arg2 = subtrees, nr_pages = tree pages (0 when the
 *                        kernel does not say, stock 7.2)
 */
struct kho_event {
	unsigned long long ts_ns;	/* bpf_ktime_get_ns(): CLOCK_MONOTONIC */
	unsigned long long pfn;
	unsigned long long nr_pages;
	unsigned long long caller;	/* the KHO client, 0 when unknown */
	unsigned long long virt;	/* with KHO_EVF_VIRT */
	unsigned long long arg0;
	unsigned long long arg1;
	unsigned long long arg2;
	unsigned long long latency_ns;	/* entry to exit, 0 when not measured */
	unsigned long long stack[KHO_EV_STACK];	/* when caller is 0 */
	unsigned int abi;		/* KHO_EV_ABI */
	unsigned int type;		/* enum kho_ev_type */
	unsigned int cpu;
	unsigned int pid;		/* thread group id */
	int order;
	int ret;
	unsigned int kind;		/* enum kho_ev_kind */
	unsigned int method;		/* enum kho_ev_method */
	unsigned int flags;		/* KHO_EVF_* */
	unsigned int pad;
	char comm[KHO_EV_COMM_LEN];
	char name[KHO_EV_NAME_LEN];
};

/* Aggregation: per-CPU counts and bytes by event, order and caller. */
struct kho_agg_key {
	unsigned long long caller;
	unsigned int type;
	int order;
};

struct kho_agg_val {
	unsigned long long count;
	unsigned long long bytes;
	unsigned long long failed;
	unsigned long long pad;
};

/* Latency histograms: log2 of nanoseconds, one per call family. */
enum kho_lat_family {
	KHO_LAT_PRESERVE = 0,
	KHO_LAT_UNPRESERVE,
	KHO_LAT_RESTORE,
	KHO_LAT_MAX,
};
#define KHO_LAT_SLOTS		40	/* 2^39 ns ~ 9 minutes */

struct kho_hist {
	unsigned long long slots[KHO_LAT_SLOTS];
};

/*
 * What is preserved right now, keyed by first pfn (or, for vmalloc areas
 * on stock 7.2, by the address of the struct kho_vmalloc descriptor).
 */
struct kho_held_key {
	unsigned long long id;
	unsigned int is_desc;	/* 1: id is a descriptor address */
	unsigned int pad;
};

struct kho_held_val {
	unsigned long long nr_pages;
	unsigned long long caller;
	unsigned long long ts_ns;
	int order;
	unsigned int kind;
};

/* Counters of the BPF side itself (an array map, index = enum). */
enum kho_bpf_counter {
	KHO_CNT_RB_DROPS = 0,	/* ring buffer full */
	KHO_CNT_HELD_FULL,	/* held map full: held view is incomplete */
	KHO_CNT_HELD_MISS,	/* unpreserve of something never seen */
	KHO_CNT_AGG_FULL,	/* aggregation map full */
	KHO_CNT_MAX,
};

#define KHO_HELD_MAX		65536
#define KHO_AGG_MAX		4096

#if defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L
_Static_assert(sizeof(struct kho_event) == 9 * 8 + KHO_EV_STACK * 8 + 10 * 4 +
	       KHO_EV_COMM_LEN + KHO_EV_NAME_LEN, "kho_event has padding");
_Static_assert(sizeof(struct kho_agg_key) == 16, "kho_agg_key has padding");
_Static_assert(sizeof(struct kho_held_key) == 16, "kho_held_key has padding");
_Static_assert(sizeof(struct kho_held_val) == 32, "kho_held_val has padding");
#endif

#endif /* KHO_EVENT_H */
