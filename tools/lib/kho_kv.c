// SPDX-License-Identifier: GPL-2.0
/* kho_kv.c - strict "key value" line parser (see kho_kv.h). */
#include "kho_kv.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

static bool key_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

/* A number: "-?[0-9]+" or "0x[0-9a-fA-F]+"; false with @why on junk. */
static bool parse_num(const char *s, size_t l, struct kho_kv *e, const char **why)
{
	size_t i = 0;

	e->type = KHO_KV_NUM;
	if (l > 2 && s[0] == '0' && s[1] == 'x') {
		e->hex = true;
		for (i = 2; i < l; i++) {
			int d = kho_hex_digit(s[i]);

			if (d < 0) {
				*why = "bad number";
				return false;
			}
			if (e->mag > UINT64_MAX >> 4) {
				*why = "number out of range";
				return false;
			}
			e->mag = e->mag << 4 | (uint64_t)d;
		}
		return true;
	}
	if (s[0] == '-')
		i = 1;
	if (i == l) {
		*why = "bad number";
		return false;
	}
	for (; i < l; i++) {
		unsigned int d = (unsigned int)(s[i] - '0');

		if (s[i] < '0' || s[i] > '9') {
			*why = "bad number";
			return false;
		}
		if (e->mag > (UINT64_MAX - d) / 10) {
			*why = "number out of range";
			return false;
		}
		e->mag = e->mag * 10 + d;
	}
	e->neg = s[0] == '-' && e->mag;
	if (e->neg && e->mag > (uint64_t)INT64_MAX + 1) {
		*why = "number out of range";
		return false;
	}
	return true;
}

/* One line without its newline; false with @why when malformed. */
static bool parse_line(const char *s, size_t l, struct kho_kv *e, const char **why)
{
	const char *sp = memchr(s, ' ', l);
	size_t kl, vl;
	const char *v;

	memset(e, 0, sizeof(*e));
	if (!l) {
		*why = "empty line";
		return false;
	}
	if (!sp) {
		*why = "no space between key and value";
		return false;
	}
	kl = (size_t)(sp - s);
	v = sp + 1;
	vl = l - kl - 1;
	if (!kl || kl > KHO_KV_KEY_MAX) {
		*why = kl ? "key too long" : "empty key";
		return false;
	}
	for (size_t i = 0; i < kl; i++)
		if (!key_char(s[i])) {
			*why = "bad key (expected [a-z0-9_]+)";
			return false;
		}
	memcpy(e->key, s, kl);
	if (!vl) {
		*why = "empty value";
		return false;
	}
	if (v[0] == '-' || (v[0] >= '0' && v[0] <= '9'))
		return parse_num(v, vl, e, why);
	e->type = KHO_KV_WORD;
	if (vl > KHO_KV_WORD_MAX) {
		*why = "value too long";
		return false;
	}
	for (size_t i = 0; i < vl; i++)
		if (!key_char(v[i])) {
			*why = "bad value (expected a number or [a-z0-9_]+)";
			return false;
		}
	memcpy(e->word, v, vl);
	return true;
}

/* A skipped line: warned about up to KHO_KV_MAX_WARN times per file. */
static void skip(struct kho_kvs *kv, struct kho_diags *d, unsigned int line,
		 const char *why, const char *s, size_t l)
{
	char esc[4 * 40 + 1];

	if (++kv->skipped > KHO_KV_MAX_WARN)
		return;
	kho_escape_bytes(esc, sizeof(esc), s, l < 40 ? l : 40);
	kho_diag(d, KHO_WARN, "%s line %u: %s: \"%s%s\", line ignored", kv->name, line, why,
		 esc, l > 40 ? "..." : "");
}

static int cmp_key(const void *a, const void *b)
{
	const struct kho_kv *x = *(const struct kho_kv *const *)a;
	const struct kho_kv *y = *(const struct kho_kv *const *)b;
	int c = strcmp(x->key, y->key);

	return c ? c : (x->line > y->line) - (x->line < y->line);
}

/* (Re)builds the sorted index; -1 when out of memory. */
static int index_keys(struct kho_kvs *kv)
{
	free(kv->sorted);
	kv->sorted = malloc((kv->n ? kv->n : 1) * sizeof(*kv->sorted));
	if (!kv->sorted)
		return -1;
	for (size_t i = 0; i < kv->n; i++)
		kv->sorted[i] = &kv->v[i];
	qsort(kv->sorted, kv->n, sizeof(*kv->sorted), cmp_key);
	return 0;
}

/* Drops every later entry with an earlier entry's key, with a warning. */
static int drop_duplicates(struct kho_kvs *kv, struct kho_diags *d)
{
	const struct kho_kv *first;
	bool any = false;
	size_t o = 0;

	if (index_keys(kv))
		return -1;
	first = kv->n ? kv->sorted[0] : NULL;
	for (size_t i = 1; i < kv->n; i++) {
		struct kho_kv *e = (struct kho_kv *)kv->sorted[i];

		if (strcmp(e->key, first->key)) {	/* a new key: the first of its run */
			first = e;
			continue;
		}
		if (++kv->skipped <= KHO_KV_MAX_WARN)
			kho_diag(d, KHO_WARN, "%s line %u: duplicate key \"%s\" (first on line "
				 "%u), line ignored", kv->name, e->line, e->key, first->line);
		e->line = 0;	/* dropped below */
		any = true;
	}
	if (!any)
		return 0;
	for (size_t i = 0; i < kv->n; i++)
		if (kv->v[i].line)
			kv->v[o++] = kv->v[i];
	kv->n = o;
	return index_keys(kv);
}

int kho_kv_parse(struct kho_kvs *kv, const char *name, const char *txt, size_t len,
		 struct kho_diags *d)
{
	const char *p = txt, *end = txt + len;
	unsigned int line = 0;
	size_t cap = 0;

	memset(kv, 0, sizeof(*kv));
	snprintf(kv->name, sizeof(kv->name), "%s", name);
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t l = nl ? (size_t)(nl - p) : (size_t)(end - p);
		struct kho_kv e;
		const char *why;

		line++;
		if (!nl)
			kho_diag(d, KHO_WARN, "%s line %u: no newline at the end of the file "
				 "(cut short?)", kv->name, line);
		if (kv->n >= KHO_KV_MAX_ENTRIES) {
			kho_diag(d, KHO_WARN, "%s: more than %d entries, the rest is ignored",
				 kv->name, KHO_KV_MAX_ENTRIES);
			break;
		}
		if (l > KHO_KV_LINE_MAX)
			skip(kv, d, line, "line longer than 128 bytes", p, l);
		else if (!parse_line(p, l, &e, &why))
			skip(kv, d, line, why, p, l);
		else {
			if (kv->n == cap) {
				size_t ncap = cap ? 2 * cap : 32;
				struct kho_kv *v = realloc(kv->v, ncap * sizeof(*v));

				if (!v)
					goto oom;
				kv->v = v;
				cap = ncap;
			}
			e.line = line;
			kv->v[kv->n++] = e;
		}
		p += l + (nl != NULL);
	}
	if (drop_duplicates(kv, d))
		goto oom;
	if (kv->skipped > KHO_KV_MAX_WARN)
		kho_diag(d, KHO_WARN, "%s: %u more malformed or duplicate lines ignored",
			 kv->name, kv->skipped - KHO_KV_MAX_WARN);
	return 0;
oom:
	kho_kv_free(kv);
	return -1;
}

void kho_kv_free(struct kho_kvs *kv)
{
	free(kv->v);
	free(kv->sorted);
	kv->v = NULL;
	kv->sorted = NULL;
	kv->n = 0;
}

const struct kho_kv *kho_kv_get(const struct kho_kvs *kv, const char *key)
{
	size_t lo = 0, hi = kv->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(kv->sorted[mid]->key, key);

		if (!c)
			return kv->sorted[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

bool kho_kv_u64(const struct kho_kv *e, uint64_t *v)
{
	if (!e || e->type != KHO_KV_NUM || e->neg)
		return false;
	*v = e->mag;
	return true;
}

bool kho_kv_i64(const struct kho_kv *e, int64_t *v)
{
	if (!e || e->type != KHO_KV_NUM)
		return false;
	if (e->neg) {
		/* mag <= 2^63 (checked when parsed) */
		*v = e->mag == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)e->mag;
		return true;
	}
	if (e->mag > INT64_MAX)
		return false;
	*v = (int64_t)e->mag;
	return true;
}

const char *kho_kv_str(const struct kho_kv *e, char *buf, size_t n)
{
	if (e->type == KHO_KV_WORD)
		snprintf(buf, n, "%s", e->word);
	else if (e->hex)
		snprintf(buf, n, "0x%" PRIx64, e->mag);
	else
		snprintf(buf, n, "%s%" PRIu64, e->neg ? "-" : "", e->mag);
	return buf;
}
