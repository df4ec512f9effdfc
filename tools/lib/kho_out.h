/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kho_out.h - the JSON writer: a single document, numbers as numbers
 * (addresses and sizes are u64), strings escaped, two-space indentation.
 * Decoders emit their structs through it; human (text) rendering is
 * separate, in kho_text.h.
 */
#ifndef KHO_OUT_H
#define KHO_OUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define KOUT_MAX_DEPTH	32

struct kout {
	FILE *f;
	int depth;
	bool first[KOUT_MAX_DEPTH];	/* no member printed yet at this level */
	bool array[KOUT_MAX_DEPTH];	/* level is an array */
};

void kout_init(struct kout *o, FILE *f);
void kout_begin(struct kout *o);	/* the document's top-level object */
void kout_end(struct kout *o);
void kout_obj(struct kout *o, const char *key);	/* key is NULL in arrays */
void kout_arr(struct kout *o, const char *key);
void kout_close(struct kout *o);		/* ends the innermost obj/arr */
void kout_u64(struct kout *o, const char *key, uint64_t v);
void kout_i64(struct kout *o, const char *key, int64_t v);
void kout_str(struct kout *o, const char *key, const char *s);
/* Untrusted bytes, at most @len, stopping at the first NUL. */
void kout_strn(struct kout *o, const char *key, const char *s, size_t len);
void kout_bool(struct kout *o, const char *key, bool v);
void kout_null(struct kout *o, const char *key);
/* Hex string of raw bytes ("0a1b..."), at most @max bytes. */
void kout_bytes(struct kout *o, const char *key, const void *p, size_t len,
		size_t max);

/* JSON string escaping of untrusted bytes into @f (with the quotes). */
void kout_json_string(FILE *f, const char *s, size_t len);

#endif
