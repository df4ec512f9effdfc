/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kho_bpf.h - the one libbpf loader of kho-suite (khosnoop, khotop).
 *
 * Opens the kho.bpf.c skeleton, decides per hook how to attach (tp_btf on a
 * kernel with the kho:* tracepoints, else fentry/fexit on the exported
 * functions, else kprobes), loads, attaches, and reads the results: the
 * event stream (ring buffer), the aggregates, the latency histograms and
 * what is preserved right now.  Never prints: errors come back as a
 * one-line reason.
 */
#ifndef KHO_BPF_H
#define KHO_BPF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../../include/kho_event.h"

struct kho_bpf;

struct kho_bpf_opts {
	bool stream;			/* ring buffer on */
	unsigned int max_method;	/* best method allowed: KHO_METHOD_* (0: any) */
	uint32_t type_mask;		/* stream filter: 1 << type (0: all) */
	int order;			/* stream filter: order, -2 any */
	uint64_t caller_lo, caller_hi;	/* stream filter: caller range */
	size_t ringbuf_bytes;		/* 0: default (4 MiB) */
	const char *tracefs;		/* NULL: /sys/kernel/tracing */
	void (*log)(void *ctx, const char *line);	/* libbpf's messages */
	void *log_ctx;
};

/* Per hook and per function: what was chosen, and why when nothing was. */
struct kho_bpf_choice {
	unsigned int method;		/* KHO_METHOD_* (NONE: not attached) */
	char why[96];
};

int kho_bpf_open(struct kho_bpf **out, const struct kho_bpf_opts *opts,
		 char *err, size_t errlen);
void kho_bpf_close(struct kho_bpf *b);

/* The method of a hook (enum kho_ev_type). */
const struct kho_bpf_choice *kho_bpf_hook(const struct kho_bpf *b,
					  unsigned int type);
/* The method of an exported function (enum kho_fn) and its name. */
const struct kho_bpf_choice *kho_bpf_fn(const struct kho_bpf *b,
					unsigned int fn);
const char *kho_bpf_fn_name(unsigned int fn);
/* The number of programs attached. */
unsigned int kho_bpf_attached(const struct kho_bpf *b);

/*
 * Wait up to @timeout_ms for events and hand each raw record to @cb (its
 * return value: 0 to go on, non-zero to stop).  Returns the number of
 * records, or -errno (-EINTR when a signal came).
 */
typedef int (*kho_bpf_event_fn)(void *ctx, const void *data, size_t len);
int kho_bpf_poll(struct kho_bpf *b, int timeout_ms, kho_bpf_event_fn cb,
		 void *ctx);

/* Aggregates summed over CPUs; the rows are malloc()ed (free them). */
struct kho_bpf_agg {
	struct kho_agg_key key;
	struct kho_agg_val val;
};
int kho_bpf_read_agg(struct kho_bpf *b, struct kho_bpf_agg **rows, size_t *n);
int kho_bpf_read_hist(struct kho_bpf *b, unsigned int family,
		      struct kho_hist *out);
struct kho_bpf_held {
	struct kho_held_key key;
	struct kho_held_val val;
};
int kho_bpf_read_held(struct kho_bpf *b, struct kho_bpf_held **rows,
		      size_t *n);
int kho_bpf_read_counter(struct kho_bpf *b, unsigned int idx, uint64_t *val);

#endif
