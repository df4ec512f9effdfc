// SPDX-License-Identifier: GPL-2.0
/* kho_evlog.c - khosnoop's event log: writer and strict reader. */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "kho_evlog.h"
#include "kho_util.h"

static bool put(FILE *f, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static bool put(FILE *f, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vfprintf(f, fmt, ap);
	va_end(ap);
	return r >= 0;
}

int kho_evlog_write_header(FILE *f, const char *release, const char *boot_id,
			   uint64_t start_ns, const unsigned int *method,
			   const struct kho_evlog_stat *stats, unsigned int nstats)
{
	char rel[sizeof(((struct kho_evlog *)0)->release) * 4];
	char bid[sizeof(((struct kho_evlog *)0)->boot_id) * 4];
	bool ok;

	kho_evlog_escape(rel, sizeof(rel), release);
	kho_evlog_escape(bid, sizeof(bid), boot_id);
	ok = put(f, "%s %d\n# release %s\n# boot_id %s\n# clock monotonic\n"
		 "# start_ns %" PRIu64 "\n", KHO_EVLOG_MAGIC, KHO_EVLOG_VERSION,
		 rel, bid, start_ns);
	for (unsigned int t = 1; ok && t < KHO_EV_TYPE_MAX; t++)
		ok = put(f, "# method %s %s\n", kho_ev_type_name(t),
			 kho_ev_method_name(method[t]));
	for (unsigned int i = 0; ok && i < nstats; i++)
		ok = put(f, "# stats %s %" PRIu64 "\n", stats[i].key, stats[i].val);
	if (!ok || fflush(f))
		return -1;
	return 0;
}

int kho_evlog_write_event(FILE *f, const struct kho_ev_rec *r)
{
	char line[2048];

	if (kho_evlog_format(r, line, sizeof(line)) < 0) {
		errno = EOVERFLOW;
		return -1;
	}
	if (!put(f, "%s\n", line) || fflush(f))
		return -1;
	return 0;
}

int kho_evlog_write_end(FILE *f, const char *reason, uint64_t events,
			uint64_t drops)
{
	if (!put(f, "# end reason=%s events=%" PRIu64 " drops=%" PRIu64 "\n",
		 reason, events, drops) || fflush(f))
		return -1;
	return 0;
}

static int fail(char *err, size_t n, size_t line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static int fail(char *err, size_t n, size_t line, const char *fmt, ...)
{
	va_list ap;
	int o = 0;

	if (!err || !n)
		return -1;
	if (line)
		o = snprintf(err, n, "line %zu: ", line);
	if (o < 0 || (size_t)o >= n)
		o = 0;
	va_start(ap, fmt);
	vsnprintf(err + o, n - (size_t)o, fmt, ap);
	va_end(ap);
	return -1;
}

void kho_evlog_free(struct kho_evlog *log)
{
	free(log->recs);
	log->recs = NULL;
	log->n = 0;
}

bool kho_evlog_stat(const struct kho_evlog *log, const char *key, uint64_t *val)
{
	for (unsigned int i = 0; i < log->nstats; i++) {
		if (!strcmp(log->stats[i].key, key)) {
			*val = log->stats[i].val;
			return true;
		}
	}
	return false;
}

static bool valid_key(const char *s)
{
	size_t l = strlen(s);

	return l && l < sizeof(((struct kho_evlog_stat *)0)->key) &&
	       strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789_") == l;
}

/* "# word rest": the rest after the word, or NULL. */
static const char *hdr(const char *line, const char *word)
{
	size_t l = strlen(word);

	if (strncmp(line, "# ", 2) || strncmp(line + 2, word, l) ||
	    line[2 + l] != ' ')
		return NULL;
	return line + 3 + l;
}

static int header_line(struct kho_evlog *log, const char *s, size_t ln,
		       char *err, size_t errlen)
{
	const char *v;
	char a[64], b[64];
	uint64_t u;

	if ((v = hdr(s, "release"))) {
		if (!kho_evlog_unescape(log->release, sizeof(log->release), v))
			return fail(err, errlen, ln, "bad release");
	} else if ((v = hdr(s, "boot_id"))) {
		if (!kho_evlog_unescape(log->boot_id, sizeof(log->boot_id), v))
			return fail(err, errlen, ln, "bad boot_id");
	} else if ((v = hdr(s, "clock"))) {
		if (strcmp(v, "monotonic"))
			return fail(err, errlen, ln, "unknown clock '%.20s'", v);
		strcpy(log->clock, "monotonic");
	} else if ((v = hdr(s, "start_ns"))) {
		if (!kho_parse_u64(v, &log->start_ns))
			return fail(err, errlen, ln, "bad start_ns");
	} else if ((v = hdr(s, "method"))) {
		int t, m;

		if (sscanf(v, "%63s %63s", a, b) != 2)
			return fail(err, errlen, ln, "bad method line");
		t = kho_ev_type_parse(a);
		m = kho_ev_method_parse(b);
		if (t <= 0 || m < 0)
			return fail(err, errlen, ln, "unknown hook or method");
		log->method[t] = (unsigned int)m;
	} else if ((v = hdr(s, "stats"))) {
		const char *sp = strchr(v, ' ');

		if (!sp || (size_t)(sp - v) >= sizeof(a))
			return fail(err, errlen, ln, "bad stats line");
		memcpy(a, v, (size_t)(sp - v));
		a[sp - v] = '\0';
		if (!valid_key(a) || !kho_parse_u64(sp + 1, &u))
			return fail(err, errlen, ln, "bad stats line");
		if (log->nstats >= KHO_EVLOG_MAX_STATS)
			return fail(err, errlen, ln, "too many stats lines");
		for (unsigned int i = 0; i < log->nstats; i++)
			if (!strcmp(log->stats[i].key, a))
				return fail(err, errlen, ln, "stat '%s' twice", a);
		strcpy(log->stats[log->nstats].key, a);
		log->stats[log->nstats++].val = u;
	} else {
		return fail(err, errlen, ln, "unknown header line");
	}
	return 0;
}

static int end_line(struct kho_evlog *log, const char *v, size_t ln, char *err,
		    size_t errlen)
{
	char reason[32];
	uint64_t ev, dr;
	char ebuf[32], dbuf[32];
	int used = 0;

	if (sscanf(v, "reason=%31[a-z_-] events=%31[0-9] drops=%31[0-9]%n",
		   reason, ebuf, dbuf, &used) != 3 || v[used] != '\0')
		return fail(err, errlen, ln, "bad end line");
	if (!kho_parse_u64(ebuf, &ev) || !kho_parse_u64(dbuf, &dr))
		return fail(err, errlen, ln, "bad end line");
	if (ev != log->n)
		return fail(err, errlen, ln, "end line says %" PRIu64
			    " events, the log has %zu", ev, log->n);
	strcpy(log->end_reason, reason);
	log->end_events = ev;
	log->end_drops = dr;
	return 0;
}

int kho_evlog_parse(struct kho_evlog *log, const char *txt, size_t len,
		    char *err, size_t errlen)
{
	size_t ln = 0, cap = 0, off = 0;
	bool ended = false, magic = false;
	char lbuf[4096];

	memset(log, 0, sizeof(*log));
	if (!len)
		return fail(err, errlen, 0, "empty log");
	if (txt[len - 1] != '\n')
		return fail(err, errlen, 0, "truncated log: the last line has no newline");
	while (off < len) {
		const char *nl = memchr(txt + off, '\n', len - off);
		size_t l = (size_t)(nl - (txt + off));

		ln++;
		if (l >= sizeof(lbuf))
			return fail(err, errlen, ln, "line too long");
		if (memchr(txt + off, '\0', l))
			return fail(err, errlen, ln, "NUL byte");
		memcpy(lbuf, txt + off, l);
		lbuf[l] = '\0';
		off += l + 1;
		if (ended)
			return fail(err, errlen, ln, "data after the end line");
		if (!magic) {
			char want[32];

			snprintf(want, sizeof(want), "%s %d", KHO_EVLOG_MAGIC,
				 KHO_EVLOG_VERSION);
			if (strcmp(lbuf, want))
				return fail(err, errlen, ln, "not a khosnoop log (expected '%s')",
					    want);
			magic = true;
			continue;
		}
		if (lbuf[0] == '#') {
			const char *v = hdr(lbuf, "end");

			if (v) {
				if (end_line(log, v, ln, err, errlen))
					return -1;
				ended = true;
			} else if (log->n) {
				return fail(err, errlen, ln, "header line after events");
			} else if (header_line(log, lbuf, ln, err, errlen)) {
				return -1;
			}
			continue;
		}
		if (!log->clock[0])
			return fail(err, errlen, ln, "event before the header's clock line");
		if (log->n >= KHO_EVLOG_MAX_EVENTS)
			return fail(err, errlen, ln, "more than %u events", KHO_EVLOG_MAX_EVENTS);
		if (log->n == cap) {
			size_t ncap = cap ? cap * 2 : 256;
			struct kho_ev_rec *r = realloc(log->recs, ncap * sizeof(*r));

			if (!r) {
				errno = ENOMEM;
				return fail(err, errlen, ln, "out of memory");
			}
			log->recs = r;
			cap = ncap;
		}
		{
			char e2[160];

			if (kho_evlog_parse_line(lbuf, &log->recs[log->n], e2, sizeof(e2)))
				return fail(err, errlen, ln, "%s", e2);
		}
		log->n++;
	}
	if (!ended)
		return fail(err, errlen, 0, "truncated log: no '# end' line (was the recorder stopped?)");
	return 0;
}
