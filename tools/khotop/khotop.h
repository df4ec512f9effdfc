/* SPDX-License-Identifier: GPL-2.0 */
/*
 * khotop.h - khotop's model: one snapshot of a kernel's KHO state (debugfs,
 * plus BPF aggregates when available) and the rates between snapshots.
 * The model knows nothing of terminals: model.c fills it, output.c prints
 * it for scripts (-b, -j, --prometheus), tui.c draws it with ncurses.
 */
#ifndef KHOTOP_H
#define KHOTOP_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "../../include/kho_event.h"
#include "../lib/kho_event.h"
#include "../lib/kho_util.h"

#define KHOTOP_VERSION		"0.1.0"
#define KHOTOP_MAX_AREAS	64
#define KHOTOP_MAX_SUBS		128
#define KHOTOP_MAX_OWNERS	256
#define KHOTOP_MAX_PHASES	32
#define KHOTOP_ORDERS		31

/* A value the kernel may not offer: known, or why not. */
struct khotop_area {
	unsigned int idx;
	char role[16], origin[16];
	int node;
	uint64_t addr, size;
	bool has_use;			/* kho/scratch (6.12 series) */
	uint64_t boot_used, in_use, free;
};

struct khotop_sub {
	char name[64];
	uint64_t addr, size;
	bool has_size;
};

struct khotop_owner {
	char name[KHO_OWNER_LEN];
	uint64_t bytes, blocks;
	double rate;			/* bytes/s preserved (+) or released (-) */
};

struct khotop_phase {
	char name[40];
	int64_t ns;			/* relative to kernel_kexec */
};

struct khotop_snap {
	uint64_t t_ns;			/* CLOCK_MONOTONIC of the sample */
	/* header */
	char release[65];
	bool kho;			/* kho/ exists in debugfs */
	bool kho_boot;			/* kho/in has a handover */
	bool has_prev;
	char prev_release[66];
	uint32_t kexec_count;
	int finalized;			/* -1: unknown */
	int sealed;
	/* scratch */
	struct khotop_area areas[KHOTOP_MAX_AREAS];
	unsigned int nareas;
	bool has_scratch_use;
	/* outgoing */
	bool has_out_stats;
	uint64_t preserved_bytes, preserved_blocks, tree_pages;
	uint64_t order_bytes[KHOTOP_ORDERS], order_blocks[KHOTOP_ORDERS];
	uint64_t calls[2], failures[2];	/* preserve, unpreserve */
	struct khotop_sub subs[KHOTOP_MAX_SUBS];
	unsigned int nsubs;
	/* incoming */
	bool has_in_stats;
	uint64_t in_bytes, restored, claimed, unclaimed;
	bool has_timing;
	struct khotop_phase phases[KHOTOP_MAX_PHASES];
	unsigned int nphases;
	int64_t blackout_ns, kexec_to_user_ns;
	bool has_blackout;
	/* BPF */
	bool bpf;
	char bpf_why[160];		/* when !bpf: why the events panel is empty */
	unsigned int method;		/* of the preserve hook */
	uint64_t ev_count[KHO_EV_TYPE_MAX], ev_failed[KHO_EV_TYPE_MAX];
	uint64_t ev_bytes[KHO_EV_TYPE_MAX];
	struct khotop_owner owners[KHOTOP_MAX_OWNERS];	/* held now */
	unsigned int nowners;
	/* problems reading the files (untrusted input) */
	unsigned int warnings;
	char first_warning[200];
};

enum khotop_sort { KHOTOP_SORT_BYTES = 0, KHOTOP_SORT_RATE, KHOTOP_SORT_NAME,
		   KHOTOP_SORT_MAX };

struct khotop_model {
	struct khotop_snap cur, prev;
	bool have_prev;
	double dt;			/* seconds between prev and cur */
	double ev_rate[KHO_EV_TYPE_MAX], fail_rate[KHO_EV_TYPE_MAX];
	double preserved_rate;		/* bytes/s */
	enum khotop_sort sort;
	unsigned long iteration;
};

/*
 * Read the KHO state under @debugfs (the mount point: @debugfs/kho/...)
 * into @s (BPF fields untouched).  Every file is untrusted: a malformed or
 * missing one leaves its fields unknown and counts a warning.  Returns 0,
 * or -1 when out of memory.
 */
int khotop_read_debugfs(const char *debugfs, struct khotop_snap *s);

/* Adds a sample: rates from the previous one, owners sorted. */
void khotop_model_push(struct khotop_model *m, const struct khotop_snap *s);
void khotop_model_sort(struct khotop_model *m, enum khotop_sort sort);
const char *khotop_sort_name(enum khotop_sort s);

/* The duration of the phase between @a and @b, or false. */
bool khotop_phase_ns(const struct khotop_snap *s, const char *name, int64_t *ns);

/* Batch outputs. */
void khotop_print_text(FILE *f, const struct khotop_model *m);
void khotop_print_json(FILE *f, const struct khotop_model *m);
/* node_exporter textfile, written to @path.tmp and renamed: 0 or -1 (errno). */
int khotop_write_prometheus(const char *path, const struct khotop_model *m);

#endif
