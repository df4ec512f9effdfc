/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kho_capture.h - a KHO handover as user space sees it: one blob file, or a
 * debugfs-like directory (kho/out, kho/in, or the liveupdate/ layout mainline
 * used briefly) with fdt, sub_fdts/<name>, scratch_phys and scratch_len,
 * and, from the 6.12 series, the optional statistics files stats, timing and
 * kho/scratch (kho_stats.h).  Also: decoding every piece, cross-file ABI
 * checks and out-vs-in diffs.
 */
#ifndef KHO_CAPTURE_H
#define KHO_CAPTURE_H

#include "kho_decode.h"
#include "kho_stats.h"

#define KHO_MAX_FILES		256
#define KHO_MAX_SCRATCH		1024
#define KHO_DEBUGFS		"/sys/kernel/debug"

struct kho_capfile {
	char name[KHO_NAME_MAX];
	uint8_t *data;
	size_t len;
};

/* An optional text file of a capture directory (stats, timing, scratch). */
struct kho_textfile {
	const char *name;	/* as diagnostics name it: "stats", "../scratch" */
	bool present;		/* the file exists */
	char *data;		/* NUL-terminated; NULL when absent or unreadable */
	size_t len;
	char err[160];		/* present but unreadable: why (too large, ...) */
};

struct kho_capture {
	char path[4096];
	const char *layout;	/* "blob", "kho/out", "kho/in", "liveupdate/kho_out", ... */
	bool is_dir;
	uint8_t *fdt;		/* root FDT file (NULL if the directory has none) */
	size_t fdt_len;
	struct kho_capfile *subs;
	size_t nsubs;
	bool has_sub_dir;
	struct kho_scratch_ser *scratch;
	size_t nscratch;
	bool has_scratch;
	char extra[512];	/* other files present, space separated */
	enum kho_side side;	/* kho/out or kho/in, by layout or directory name */
	struct kho_textfile stats, timing;	/* <dir>/stats, <dir>/timing */
	struct kho_textfile scratch_use;	/* <dir>/scratch, else <dir>/../scratch
						 * when <dir> is named out or in */
};

/*
 * 0, or -1 with a one-line reason (unreadable / not a KHO capture, out of
 * memory).  An unreadable statistics file is not an error: its reason is in
 * its kho_textfile and becomes a warning of kho_decode_capture.
 */
int kho_capture_load(struct kho_capture *c, const char *path, char *err,
		     size_t errlen);
void kho_capture_free(struct kho_capture *c);

/*
 * The first existing debugfs directory of the outgoing (@in false) or
 * incoming side, in order: kho/{out,in}, liveupdate/kho_{out,in},
 * liveupdate/{out,in}.  Writes it to @buf, or the first candidate if none
 * exists, and returns whether one exists.
 */
bool kho_capture_default(const char *debugfs, bool in, char *buf, size_t n);

/* Parses scratch_phys/scratch_len text ("0x%llx\n" lines). */
int kho_parse_scratch(const char *phys, const char *len,
		      struct kho_scratch_ser **out, size_t *n, char *err,
		      size_t errlen);

struct kho_decoded {
	bool has_root;
	struct kho_blob root;
	struct kho_blob *subs;		/* one per capture file */
	size_t nsubs;
	struct kho_stats stats;		/* .present: the capture has the file */
	struct kho_timing timing;
	struct kho_scratch_use scratch_use;
	struct kho_diags diags;		/* decoding warnings */
};

/*
 * Returns 0, or -1 (with @err) when the root blob cannot be decoded at all
 * or memory runs out (errno ENOMEM).  Malformed statistics files are
 * warnings in k->diags.  On -1 @k holds nothing (kho_decoded_free is not
 * needed, and harmless).
 */
int kho_decode_capture(struct kho_decoded *k, const struct kho_capture *c,
		       enum kho_endian e, char *err, size_t errlen);
void kho_decoded_free(struct kho_decoded *k);

/* The complete kexec-metadata blob (release terminated), or NULL. */
const struct kho_blob *kho_decoded_metadata(const struct kho_decoded *k);

/* The sub-blob file for a root subtree name, or NULL. */
const struct kho_blob *kho_decoded_sub(const struct kho_decoded *k,
				       const char *name);

/* All ABI invariants of a capture; problems go to @d. */
void kho_check_capture(const struct kho_decoded *k, const struct kho_capture *c,
		       struct kho_diags *d);

/*
 * Consistency of the statistics files (kho_stats.h checks, the scratch
 * usage against scratch_phys/scratch_len): every mismatch goes to @d as @sev
 * (KHO_WARN for a dump; kho_check_capture uses KHO_PROBLEM).
 */
void kho_check_stats(const struct kho_decoded *k, const struct kho_capture *c,
		     enum kho_sev sev, struct kho_diags *d);

/* One difference between two captures (OLD -> NEW). */
struct kho_change {
	const char *type;	/* subtree-missing, subtree-added, subtree-moved,
				 * subtree-resized, subtree-changed, reserve-mem-missing,
				 * reserve-mem-added, reserve-mem-moved,
				 * reserve-mem-resized, compatible-changed,
				 * memory-map-moved */
	char name[KHO_NAME_MAX];	/* subtree / region name, "/" for the root */
	bool has_detail;
	char detail[200];
	const char *field;		/* non-NULL: old_val/new_val are this field */
	bool is_size;			/* field is a size (else an address) */
	uint64_t old_val, new_val;
};

struct kho_changes {
	struct kho_change *v;
	size_t n, cap;
	unsigned int count;		/* differences; > n only when out of memory */
};

/* Compares two decoded captures; returns the number of differences. */
unsigned int kho_diff_collect(const struct kho_decoded *a, const struct kho_decoded *b,
			      struct kho_changes *c);
void kho_changes_free(struct kho_changes *c);
/* The "changes" array of the JSON document. */
void kho_changes_emit(struct kout *o, const struct kho_changes *c);
/* kho_diff_collect + kho_changes_emit; returns the number of differences. */
unsigned int kho_diff(struct kout *o, const struct kho_decoded *a,
		      const struct kho_decoded *b);

#endif
