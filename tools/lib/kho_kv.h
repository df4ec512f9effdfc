/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kho_kv.h - a strict parser of "key value" text files (debugfs statistics
 * such as kho/out/stats).  One entry per line, "KEY VALUE\n" with exactly
 * one space:
 *
 *   KEY   [a-z0-9_]+, at most KHO_KV_KEY_MAX bytes
 *   VALUE a signed decimal (-?[0-9]+, from INT64_MIN to UINT64_MAX),
 *         0x-hex (0x[0-9a-fA-F]+, at most 64 bits), or a word [a-z0-9_]+
 *         that does not start with a digit (a value starting with a digit or
 *         '-' must be a number)
 *
 * The input is untrusted: a malformed line (bad key or value, overlong,
 * empty, NUL bytes, CR) and every later line with an already seen key are
 * skipped with a one-line warning; a missing newline after the last line is
 * a warning too (the line itself is kept).  Only running out of memory is
 * an error.  Meaning is given to the keys elsewhere (kho_stats.h).
 */
#ifndef KHO_KV_H
#define KHO_KV_H

#include "kho_util.h"

#define KHO_KV_KEY_MAX		63	/* bytes of a key */
#define KHO_KV_WORD_MAX		63	/* bytes of a word value */
#define KHO_KV_LINE_MAX		128	/* bytes of a line, without its newline */
#define KHO_KV_MAX_ENTRIES	16384	/* further lines are ignored, with a warning */
#define KHO_KV_FILE_MAX		(1u << 20)	/* larger files are not read */
#define KHO_KV_MAX_WARN		8	/* warnings per file; the rest are counted */

enum kho_kv_type { KHO_KV_NUM = 0, KHO_KV_WORD = 1 };

struct kho_kv {
	char key[KHO_KV_KEY_MAX + 1];
	enum kho_kv_type type;
	bool neg;			/* NUM: the value is -mag */
	bool hex;			/* NUM: written as 0x... */
	uint64_t mag;			/* NUM: magnitude */
	char word[KHO_KV_WORD_MAX + 1];	/* WORD */
	unsigned int line;		/* 1-based line of the file */
	bool used;			/* set by an interpreter that understood it */
};

struct kho_kvs {
	char name[32];			/* file name in diagnostics: "stats" */
	struct kho_kv *v;		/* file order, without skipped lines */
	size_t n;
	const struct kho_kv **sorted;	/* by key, for kho_kv_get */
	unsigned int skipped;		/* malformed and duplicate lines */
};

/*
 * Parses @len bytes of @txt (NUL bytes included are malformed, not an end).
 * Warnings go to @d, prefixed with @name.  Returns 0, or -1 when out of
 * memory (@kv is then empty).  Free with kho_kv_free either way.
 */
int kho_kv_parse(struct kho_kvs *kv, const char *name, const char *txt, size_t len,
		 struct kho_diags *d);
void kho_kv_free(struct kho_kvs *kv);

/* The entry called @key, or NULL. */
const struct kho_kv *kho_kv_get(const struct kho_kvs *kv, const char *key);

/* The value as u64: false for words and negative numbers. */
bool kho_kv_u64(const struct kho_kv *e, uint64_t *v);
/* The value as i64: false for words and numbers outside int64_t. */
bool kho_kv_i64(const struct kho_kv *e, int64_t *v);
/* The value as the file wrote it (normalised): "-12", "0x1f", "lowmem". */
const char *kho_kv_str(const struct kho_kv *e, char *buf, size_t n);

#endif
