// SPDX-License-Identifier: GPL-2.0
/* kho_out.c - the JSON writer (see kho_out.h). */
#include "kho_out.h"

#include <inttypes.h>
#include <string.h>

void kout_init(struct kout *o, FILE *f)
{
	memset(o, 0, sizeof(*o));
	o->f = f;
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

static void indent(struct kout *o)
{
	for (int i = 0; i < o->depth; i++)
		fputs("  ", o->f);
}

/* Prints whatever precedes a member: separator, indentation, key. */
static void member(struct kout *o, const char *key)
{
	int d = o->depth;

	if (!o->first[d])
		fputc(',', o->f);
	fputc('\n', o->f);
	indent(o);
	if (key && !o->array[d]) {
		kout_json_string(o->f, key, strlen(key));
		fputs(": ", o->f);
	}
	o->first[d] = false;
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
	fputc('{', o->f);
	push(o, false);
}

void kout_end(struct kout *o)
{
	while (o->depth > 1)
		kout_close(o);
	o->depth = 0;
	fputs("\n}\n", o->f);
	fflush(o->f);
}

static void open_container(struct kout *o, const char *key, bool array)
{
	member(o, key);
	fputc(array ? '[' : '{', o->f);
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
	if (!empty) {
		fputc('\n', o->f);
		indent(o);
	}
	fputc(array ? ']' : '}', o->f);
}

void kout_u64(struct kout *o, const char *key, uint64_t v)
{
	member(o, key);
	fprintf(o->f, "%" PRIu64, v);
}

void kout_i64(struct kout *o, const char *key, int64_t v)
{
	member(o, key);
	fprintf(o->f, "%" PRId64, v);
}

void kout_strn(struct kout *o, const char *key, const char *s, size_t len)
{
	member(o, key);
	kout_json_string(o->f, s, len);
}

void kout_str(struct kout *o, const char *key, const char *s)
{
	kout_strn(o, key, s, strlen(s));
}

void kout_bool(struct kout *o, const char *key, bool v)
{
	member(o, key);
	fputs(v ? "true" : "false", o->f);
}

void kout_null(struct kout *o, const char *key)
{
	member(o, key);
	fputs("null", o->f);
}

void kout_bytes(struct kout *o, const char *key, const void *p, size_t len,
		size_t max)
{
	const uint8_t *b = p;
	size_t show = len < max ? len : max;

	member(o, key);
	fputc('"', o->f);
	for (size_t i = 0; i < show; i++)
		fprintf(o->f, "%02x", b[i]);
	fputc('"', o->f);
}
