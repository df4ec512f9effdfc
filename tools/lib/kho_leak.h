/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kho_leak.h - what was preserved across a kexec and never restored.
 *
 * The old kernel's log (kho_evlog) says what each client preserved and
 * still held when the log ended; the new kernel says what was restored
 * (boot-time kho_restore events in the ftrace buffer, run-time events from
 * a khosnoop log of the new kernel).  Held minus restored is leaked: memory
 * the new kernel keeps reserved for nobody.
 */
#ifndef KHO_LEAK_H
#define KHO_LEAK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kho_evlog.h"

struct kho_range {
	uint64_t pfn;
	uint64_t n;		/* pages */
	uint64_t desc;		/* vmalloc descriptor when the pfn is unknown */
	char owner[KHO_OWNER_LEN];
};

struct kho_ranges {
	struct kho_range *v;
	size_t n, cap;
};

void kho_ranges_free(struct kho_ranges *r);
/* "pfn 0x3018-0x301f (32 KiB) owner f [mod]": @buf. */
const char *kho_range_fmt(const struct kho_range *r, char *buf, size_t n);
/* Append; -1 with errno ENOMEM or EOVERFLOW (pfn + n wraps). */
int kho_ranges_add(struct kho_ranges *r, uint64_t pfn, uint64_t n,
		   uint64_t desc, const char *owner);
/* Remove [pfn, pfn + n) from every range with a known address (splits). */
int kho_ranges_sub(struct kho_ranges *r, uint64_t pfn, uint64_t n);

/*
 * Replay a log's preserves and unpreserves: what its clients held at the
 * end, in @held (known addresses) and @unknown (stock 7.2 vmalloc areas,
 * by descriptor).  Returns 0 or -1 (errno ENOMEM).
 */
int kho_leak_held(const struct kho_evlog *log, struct kho_ranges *held,
		  struct kho_ranges *unknown);

/*
 * Successful restores of a log of the new kernel, appended to @restored.
 * A restore of unknown size (n = 0) stands for the held block that starts
 * at its pfn.
 */
int kho_leak_restored_log(const struct kho_evlog *log,
			  struct kho_ranges *restored);

/*
 * Successful kho_restore events in ftrace text (/sys/kernel/tracing/trace),
 * appended to @restored; @nevents counts them.  Lines that are not
 * kho_restore events are skipped; a malformed kho_restore line is an
 * error (-1, errno EINVAL, its line number in @bad_line).
 */
int kho_leak_restored_trace(const char *txt, size_t len,
			    struct kho_ranges *restored, unsigned int *nevents,
			    size_t *bad_line);

struct kho_owner_sum {
	char owner[KHO_OWNER_LEN];
	uint64_t held;		/* bytes */
	uint64_t restored;
	uint64_t leaked;
	unsigned int leaked_ranges;
};

struct kho_leak {
	struct kho_ranges leaked;	/* held and not restored, by owner */
	struct kho_owner_sum *owners;
	size_t nowners;
	uint64_t held_bytes, restored_bytes, leaked_bytes;
};

/* held - restored.  Returns 0 or -1 (errno ENOMEM). */
int kho_leak_compute(const struct kho_ranges *held,
		     const struct kho_ranges *restored, struct kho_leak *out);
void kho_leak_free(struct kho_leak *l);

/*
 * The whole check across one kexec, from files: the old kernel's khosnoop
 * log (@old), the new kernel's logs (@news) and its ftrace buffer (@trace;
 * NULL: none).  @boot_id is this boot's (empty: not checked): a log of this
 * boot as @old, or a new log of the old boot, is bad input.
 */
struct kho_leak_input {
	const char *old;
	const char *const *news;
	size_t nnews;
	const char *trace;
	bool trace_optional;	/* an unreadable @trace is "not read" */
	const char *boot_id;
};

struct kho_leak_report {
	struct kho_evlog old;		/* the parsed old log */
	struct kho_ranges unknown;	/* held, address unknown here */
	uint64_t unknown_bytes;
	unsigned int trace_restores;	/* kho_restore events in @trace */
	bool trace_read;
	struct kho_leak leak;
};

enum kho_leak_err {
	KHO_LEAK_OK = 0,
	KHO_LEAK_EINPUT = -1,		/* unreadable or malformed input, in @err */
	KHO_LEAK_ENOMEM = -2,
};

/* KHO_LEAK_OK, or an error with a one-line reason in @err. */
int kho_leak_verify(const struct kho_leak_input *in, struct kho_leak_report *r,
		    char *err, size_t errlen);
void kho_leak_report_free(struct kho_leak_report *r);

#endif
