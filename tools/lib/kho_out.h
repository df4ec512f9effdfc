/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kho_out.h - one structured-output API, two renderings:
 *   JSON: a single document, numbers as numbers, strings escaped;
 *   text: an indented "key: value" tree with annotations (hex addresses,
 *         human sizes), arrays as "- " items.
 * Decoders emit once; the caller picks the rendering.
 */
#ifndef KHO_OUT_H
#define KHO_OUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

enum kout_fmt {
	KOUT_DEC,	/* 4096 */
	KOUT_HEX,	/* 0x1000 (address, magic) */
	KOUT_SIZE,	/* 4096 (4 KiB) in text; a plain number in JSON */
	KOUT_HEXSIZE,	/* 0x400000 (4 MiB) in text; a plain number in JSON */
};

#define KOUT_MAX_DEPTH	32

struct kout {
	FILE *f;
	bool json;
	int depth;
	bool first[KOUT_MAX_DEPTH];	/* no member printed yet at this level */
	bool array[KOUT_MAX_DEPTH];	/* level is an array */
	bool item_open;			/* text: a "- " is pending for the next key */
	bool keyed;			/* text: "key:" printed, value follows */
};

void kout_init(struct kout *o, FILE *f, bool json);
void kout_begin(struct kout *o);	/* the document's top-level object */
void kout_end(struct kout *o);
void kout_obj(struct kout *o, const char *key);	/* key is NULL in arrays */
void kout_arr(struct kout *o, const char *key);
void kout_close(struct kout *o);		/* ends the innermost obj/arr */
void kout_u64(struct kout *o, const char *key, uint64_t v, enum kout_fmt fmt);
void kout_i64(struct kout *o, const char *key, int64_t v);
void kout_str(struct kout *o, const char *key, const char *s);
/* Untrusted bytes, at most @len, stopping at the first NUL. */
void kout_strn(struct kout *o, const char *key, const char *s, size_t len);
void kout_bool(struct kout *o, const char *key, bool v);
void kout_null(struct kout *o, const char *key);
/* Hex string of raw bytes ("0a1b..."); in text, a hexdump when long. */
void kout_bytes(struct kout *o, const char *key, const void *p, size_t len,
		size_t max);

/* JSON string escaping of untrusted bytes into @f (with the quotes). */
void kout_json_string(FILE *f, const char *s, size_t len);

#endif
