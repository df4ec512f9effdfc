// SPDX-License-Identifier: GPL-2.0
/* kho_out.c - text/JSON structured output (see kho_out.h). */
#include "kho_out.h"
#include "kho_util.h"

#include <inttypes.h>
#include <string.h>

void kout_init(struct kout *o, FILE *f, bool json)
{
	memset(o, 0, sizeof(*o));
	o->f = f;
	o->json = json;
}

void kout_json_string(FILE *f, const char *s, size_t len)
{
	fputc('"', f);
	for (size_t i = 0; i < len && s[i]; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", f);
		else if (c == '\t')
			fputs("\\t", f);
		else if (c < 0x20 || c >= 0x7f)
			fprintf(f, "\\u%04x", c);	/* bytes, not UTF-8: keep ASCII */
		else
			fputc(c, f);
	}
	fputc('"', f);
}

static void indent(struct kout *o, int extra)
{
	for (int i = 0; i < o->depth + extra; i++)
		fputs("  ", o->f);
}

/* Prints whatever precedes a member: separators, indentation, key. */
static void member(struct kout *o, const char *key)
{
	int d = o->depth;

	if (o->json) {
		if (!o->first[d])
			fputc(',', o->f);
		fputc('\n', o->f);
		indent(o, 0);
		if (key && !o->array[d]) {
			kout_json_string(o->f, key, strlen(key));
			fputs(": ", o->f);
		}
	} else {
		if (o->array[d] && !o->item_open) {
			indent(o, -1);
			fputs("- ", o->f);
		} else if (o->item_open) {
			o->item_open = false;	/* first key of an item: after "- " */
		} else {
			indent(o, -1);
		}
		if (key && !o->array[d])
			fprintf(o->f, "%s:", key);
		o->keyed = key && !o->array[d];
	}
	o->first[d] = false;
}

/* Text mode: the space between "key:" and a scalar value. */
static void sp(struct kout *o)
{
	if (!o->json && o->keyed)
		fputc(' ', o->f);
	o->keyed = false;
}

static void push(struct kout *o, bool array)
{
	if (o->depth + 1 >= KOUT_MAX_DEPTH)
		return;		/* callers never nest this deep */
	o->depth++;
	o->first[o->depth] = true;
	o->array[o->depth] = array;
}

void kout_begin(struct kout *o)
{
	if (o->json)
		fputc('{', o->f);
	push(o, false);
}

void kout_end(struct kout *o)
{
	while (o->depth > 1)
		kout_close(o);
	o->depth = 0;
	if (o->json)
		fputs("\n}\n", o->f);
	fflush(o->f);
}

static void open_container(struct kout *o, const char *key, bool array)
{
	bool in_array = o->array[o->depth];

	member(o, key);
	if (o->json) {
		fputc(array ? '[' : '{', o->f);
	} else if (in_array && !array) {
		o->item_open = true;	/* "- " already printed; keys follow inline */
	} else {
		fputc('\n', o->f);
	}
	push(o, array);
}

void kout_obj(struct kout *o, const char *key)
{
	open_container(o, key, false);
}

void kout_arr(struct kout *o, const char *key)
{
	open_container(o, key, true);
}

void kout_close(struct kout *o)
{
	bool empty = o->first[o->depth], array = o->array[o->depth];

	if (o->depth <= 1)
		return;
	o->depth--;
	if (o->json) {
		if (!empty) {
			fputc('\n', o->f);
			indent(o, 0);
		}
		fputc(array ? ']' : '}', o->f);
	} else if (empty) {
		indent(o, 0);
		fputs(array ? "(none)\n" : "{}\n", o->f);
		o->item_open = false;
	}
}

void kout_u64(struct kout *o, const char *key, uint64_t v, enum kout_fmt fmt)
{
	char sz[32];

	member(o, key);
	sp(o);
	if (o->json) {
		fprintf(o->f, "%" PRIu64, v);
		return;
	}
	switch (fmt) {
	case KOUT_HEX:
		fprintf(o->f, "0x%" PRIx64 "\n", v);
		break;
	case KOUT_SIZE:
		fprintf(o->f, "%" PRIu64 " (%s)\n", v, kho_fmt_size(v, sz, sizeof(sz)));
		break;
	case KOUT_HEXSIZE:
		fprintf(o->f, "0x%" PRIx64 " (%s)\n", v, kho_fmt_size(v, sz, sizeof(sz)));
		break;
	default:
		fprintf(o->f, "%" PRIu64 "\n", v);
	}
}

void kout_i64(struct kout *o, const char *key, int64_t v)
{
	member(o, key);
	sp(o);
	fprintf(o->f, o->json ? "%" PRId64 : "%" PRId64 "\n", v);
}

void kout_strn(struct kout *o, const char *key, const char *s, size_t len)
{
	member(o, key);
	sp(o);
	kout_json_string(o->f, s, len);
	if (!o->json)
		fputc('\n', o->f);
}

void kout_str(struct kout *o, const char *key, const char *s)
{
	kout_strn(o, key, s, strlen(s));
}

void kout_bool(struct kout *o, const char *key, bool v)
{
	member(o, key);
	sp(o);
	fprintf(o->f, o->json ? "%s" : "%s\n", v ? "true" : "false");
}

void kout_null(struct kout *o, const char *key)
{
	member(o, key);
	sp(o);
	fputs(o->json ? "null" : "(none)\n", o->f);
}

void kout_bytes(struct kout *o, const char *key, const void *p, size_t len,
		size_t max)
{
	const uint8_t *b = p;
	size_t show = len < max ? len : max;

	member(o, key);
	if (o->json || len <= 16)
		sp(o);
	else
		o->keyed = false;
	if (o->json) {
		fputc('"', o->f);
		for (size_t i = 0; i < show; i++)
			fprintf(o->f, "%02x", b[i]);
		fputc('"', o->f);
		return;
	}
	if (len <= 16) {
		for (size_t i = 0; i < len; i++)
			fprintf(o->f, "%s%02x", i ? " " : "", b[i]);
		fputc('\n', o->f);
		return;
	}
	fputc('\n', o->f);
	{
		char ind[2 * KOUT_MAX_DEPTH + 1];
		int n = 2 * o->depth;

		memset(ind, ' ', (size_t)n);
		ind[n] = 0;
		kho_hexdump(o->f, b, len, max, ind);
	}
}
