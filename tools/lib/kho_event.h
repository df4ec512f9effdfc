/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kho_event.h - KHO events from the BPF programs (include/kho_event.h) in
 * user space: checking a record, naming its fields, and the khosnoop log
 * format (one "key=value ..." line per event).  No libbpf here: khosnoop,
 * khotop and the tests share it, khodump links the library without it.
 */
#ifndef KHO_LIB_EVENT_H
#define KHO_LIB_EVENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../../include/kho_event.h"

/* Owner (symbolized caller) as kept in a log: "func+0x1c/0x80 [module]". */
#define KHO_OWNER_LEN	128

/* An event plus the owner user space resolved for it. */
struct kho_ev_rec {
	struct kho_event ev;
	char owner[KHO_OWNER_LEN];
};

const char *kho_ev_type_name(unsigned int type);	/* "preserve", "?" */
int kho_ev_type_parse(const char *s);			/* -1 when unknown */
const char *kho_ev_kind_name(unsigned int kind);
int kho_ev_kind_parse(const char *s);
const char *kho_ev_method_name(unsigned int method);	/* "tp_btf", ... */
int kho_ev_method_parse(const char *s);

/*
 * Check one record from the kernel (@len bytes at @data) and copy it to
 * @out with its strings NUL-terminated.  Returns 0, or -1 with a one-line
 * reason in @err: wrong size or ABI, unknown type/kind/method, order or
 * page count out of range, inconsistent order and page count.
 */
int kho_event_check(const void *data, size_t len, struct kho_event *out,
		    char *err, size_t errlen);

/* Bytes an event preserves, unpreserves, restores (0 when not known). */
uint64_t kho_ev_bytes(const struct kho_event *e);

/*
 * One log line (no newline) for @r into @buf.  Returns the length, or -1
 * when @n is too small.
 */
int kho_evlog_format(const struct kho_ev_rec *r, char *buf, size_t n);

/*
 * Parse one log line (without its newline) into @r.  Every key of
 * kho_evlog_format() must be present once, with a valid value; the record
 * must then pass kho_event_check().  Returns 0, or -1 with a reason.
 */
int kho_evlog_parse_line(const char *line, struct kho_ev_rec *r, char *err,
			 size_t errlen);

/* Escape for the log: bytes outside '!'..'~' and '\\' become \xNN. */
void kho_evlog_escape(char *dst, size_t n, const char *src);
/* Undo kho_evlog_escape; false on a bad escape or overflow. */
bool kho_evlog_unescape(char *dst, size_t n, const char *src);

#endif
