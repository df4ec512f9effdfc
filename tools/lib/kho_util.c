// SPDX-License-Identifier: GPL-2.0
/* kho_util.c - byte order, safe file reading, sizes, hexdump, diagnostics. */
#include <getopt.h>

#include "kho_util.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

uint64_t kho_get_u64(const void *p, enum kho_endian e)
{
	const uint8_t *b = p;
	uint64_t v = 0;

	for (int i = 0; i < 8; i++)
		v |= (uint64_t)b[e == KHO_LITTLE ? i : 7 - i] << (8 * i);
	return v;
}

uint32_t kho_get_u32(const void *p, enum kho_endian e)
{
	const uint8_t *b = p;
	uint32_t v = 0;

	for (int i = 0; i < 4; i++)
		v |= (uint32_t)b[e == KHO_LITTLE ? i : 3 - i] << (8 * i);
	return v;
}

uint16_t kho_get_u16(const void *p, enum kho_endian e)
{
	const uint8_t *b = p;

	return e == KHO_LITTLE ? (uint16_t)(b[0] | b[1] << 8)
			       : (uint16_t)(b[1] | b[0] << 8);
}

void kho_put_u64(void *p, uint64_t v, enum kho_endian e)
{
	uint8_t *b = p;

	for (int i = 0; i < 8; i++)
		b[e == KHO_LITTLE ? i : 7 - i] = (uint8_t)(v >> (8 * i));
}

void kho_put_u32(void *p, uint32_t v, enum kho_endian e)
{
	uint8_t *b = p;

	for (int i = 0; i < 4; i++)
		b[e == KHO_LITTLE ? i : 3 - i] = (uint8_t)(v >> (8 * i));
}

enum kho_endian kho_host_endian(void)
{
	const uint16_t one = 1;

	return *(const uint8_t *)&one ? KHO_LITTLE : KHO_BIG;
}

int kho_read_file(const char *path, size_t max, uint8_t **bufp, size_t *lenp,
		  char *err, size_t errlen)
{
	struct stat st;
	uint8_t *buf = NULL;
	size_t len = 0, cap = 0;
	int fd, e;

	*bufp = NULL;
	*lenp = 0;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		e = errno;
		snprintf(err, errlen, "%s: %s", path, strerror(e));
		errno = e;
		return -1;
	}
	if (fstat(fd, &st) < 0 || S_ISDIR(st.st_mode) ||
	    !(S_ISREG(st.st_mode) || S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode))) {
		snprintf(err, errlen, "%s: not a regular file", path);
		e = EINVAL;
		goto fail;
	}
	if (S_ISREG(st.st_mode) && (uint64_t)st.st_size > max) {
		snprintf(err, errlen, "%s: file too large (%lld bytes, limit %zu)",
			 path, (long long)st.st_size, max);
		e = EFBIG;
		goto fail;
	}
	for (;;) {
		ssize_t r;

		if (len == cap) {
			size_t ncap = cap ? cap * 2 : 8192;
			uint8_t *n;

			if (ncap > max + 1)
				ncap = max + 1;
			if (ncap <= len) {
				snprintf(err, errlen, "%s: file too large (limit %zu bytes)",
					 path, max);
				e = EFBIG;
				goto fail;
			}
			n = realloc(buf, ncap + 1);
			if (!n) {
				snprintf(err, errlen, "%s: out of memory", path);
				e = ENOMEM;
				goto fail;
			}
			buf = n;
			cap = ncap;
		}
		r = read(fd, buf + len, cap - len);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			e = errno;
			snprintf(err, errlen, "%s: %s", path, strerror(e));
			goto fail;
		}
		if (r == 0)
			break;
		len += (size_t)r;
	}
	if (len > max) {
		snprintf(err, errlen, "%s: file too large (limit %zu bytes)", path, max);
		e = EFBIG;
		goto fail;
	}
	if (!buf) {
		buf = malloc(1);
		if (!buf) {
			snprintf(err, errlen, "%s: out of memory", path);
			e = ENOMEM;
			goto fail;
		}
	}
	buf[len] = 0;
	close(fd);
	*bufp = buf;
	*lenp = len;
	return 0;
fail:
	free(buf);
	close(fd);
	errno = e;
	return -1;
}

const char *kho_fmt_size(uint64_t bytes, char *buf, size_t n)
{
	static const char *const unit[] = { "B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB" };
	unsigned int u = 0;

	while (u + 1 < KHO_ARRAY_SIZE(unit) && bytes >= (UINT64_C(1) << (10 * (u + 1))))
		u++;
	if (u == 0 || (bytes & ((UINT64_C(1) << (10 * u)) - 1)) == 0)
		snprintf(buf, n, "%llu %s",
			 (unsigned long long)(bytes >> (10 * u)), unit[u]);
	else
		snprintf(buf, n, "%.2f %s",
			 (double)bytes / (double)(UINT64_C(1) << (10 * u)), unit[u]);
	return buf;
}

void kho_hexdump(FILE *f, const void *data, size_t len, size_t max,
		 const char *indent)
{
	const uint8_t *p = data;
	size_t show = len < max ? len : max;

	for (size_t off = 0; off < show; off += 16) {
		fprintf(f, "%s%08zx ", indent, off);
		for (size_t i = 0; i < 16; i++) {
			if (off + i < show)
				fprintf(f, " %02x", p[off + i]);
			else
				fputs("   ", f);
		}
		fputs("  |", f);
		for (size_t i = 0; i < 16 && off + i < show; i++)
			fputc(isprint(p[off + i]) ? p[off + i] : '.', f);
		fputs("|\n", f);
	}
	if (show < len)
		fprintf(f, "%s... %zu more bytes\n", indent, len - show);
}

size_t kho_strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

bool kho_parse_u64(const char *s, uint64_t *v)
{
	char *end;

	if (!s || !*s || *s == '-' || *s == '+' || isspace((unsigned char)*s))
		return false;
	errno = 0;
	*v = strtoull(s, &end, 0);
	return errno == 0 && *end == 0;
}

void kho_diag(struct kho_diags *d, enum kho_sev sev, const char *fmt, ...)
{
	va_list ap;

	if (!d)
		return;
	if (d->n >= KHO_DIAG_MAX) {
		d->dropped++;
		return;
	}
	d->d[d->n].sev = sev;
	va_start(ap, fmt);
	vsnprintf(d->d[d->n].msg, KHO_DIAG_LEN, fmt, ap);
	va_end(ap);
	d->n++;
}

unsigned int kho_diag_count(const struct kho_diags *d, enum kho_sev sev)
{
	unsigned int c = 0;

	for (unsigned int i = 0; i < d->n; i++)
		c += d->d[i].sev == sev;
	return c + (sev == KHO_PROBLEM ? d->dropped : 0);
}

const char *kho_sev_name(enum kho_sev sev)
{
	return sev == KHO_PROBLEM ? "problem" : sev == KHO_WARN ? "warning" : "info";
}

const char *kho_escape(char *dst, size_t dstlen, const char *src, size_t srclen)
{
	return kho_escape_bytes(dst, dstlen, src, kho_strnlen(src, srclen));
}

const char *kho_escape_bytes(char *dst, size_t dstlen, const char *src, size_t srclen)
{
	size_t o = 0;

	if (!dstlen)
		return dst;
	for (size_t i = 0; i < srclen; i++) {
		unsigned char c = (unsigned char)src[i];
		char tmp[5];
		size_t l;

		if (c >= 0x20 && c < 0x7f && c != '\\') {
			tmp[0] = (char)c;
			l = 1;
		} else {
			snprintf(tmp, sizeof(tmp), "\\x%02x", c);
			l = 4;
		}
		if (o + l + 1 > dstlen)
			break;
		memcpy(dst + o, tmp, l);
		o += l;
	}
	dst[o] = 0;
	return dst;
}

int kho_hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int kho_errf(char *err, size_t n, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (err && n)
		vsnprintf(err, n, fmt, ap);
	va_end(ap);
	return -1;
}

/*
 * A long option when the element just consumed is "--name[=value]" naming
 * it, else the short option in optopt.
 */
void kho_bad_option(int c, char **argv, const struct option *lo, char *msg,
		    size_t n)
{
	const char *arg = optind > 0 ? argv[optind - 1] : "";
	const struct option *hit = NULL;
	char name[64];
	size_t len;
	int matches = 0;

	if (!strncmp(arg, "--", 2) && arg[2]) {
		len = strcspn(arg + 2, "=");
		for (const struct option *o = lo; o->name; o++) {
			if (strncmp(o->name, arg + 2, len))
				continue;
			if (strlen(o->name) == len) {	/* exact */
				hit = o;
				matches = 1;
				break;
			}
			hit = o;
			matches++;
		}
		if (matches != 1)
			hit = NULL;
		if (!optopt || (hit && hit->val == optopt)) {
			snprintf(name, sizeof(name), "--%.*s", (int)(len < 40 ? len : 40), arg + 2);
			if (c == ':')
				snprintf(msg, n, "option %s needs an argument", name);
			else if (matches > 1)
				snprintf(msg, n, "ambiguous option %s", name);
			else if (hit && arg[2 + len] == '=')
				snprintf(msg, n, "option %s takes no argument", name);
			else
				snprintf(msg, n, "unknown option %s", name);
			return;
		}
	}
	if (optopt > ' ' && optopt < 127)
		snprintf(name, sizeof(name), "-%c", optopt);
	else
		snprintf(name, sizeof(name), "(unprintable)");
	snprintf(msg, n, c == ':' ? "option %s needs an argument" : "unknown option %s", name);
}

int kho_usage_error(const char *prog, const char *fmt, const char *arg)
{
	fprintf(stderr, "%s: ", prog);
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\nTry '%s --help' for more information.\n", prog);
	return 64;
}

bool kho_parse_long(const char *s, long lo, long hi, long *v)
{
	char *end;
	long x;

	errno = 0;
	x = strtol(s, &end, 10);
	if (errno || end == s || *end || x < lo || x > hi)
		return false;
	*v = x;
	return true;
}

bool kho_parse_duration(const char *s, uint64_t *ns)
{
	static const struct { const char *unit; uint64_t ns; unsigned int digits; } u[] = {
		{ "ns", 1, 0 }, { "us", 1000, 3 }, { "ms", 1000000, 6 },
		{ "s", 1000000000, 9 },
	};
	uint64_t whole = 0, frac = 0;
	unsigned int nfrac = 0;
	const char *p = s;

	if (*p < '0' || *p > '9')
		return false;
	for (; *p >= '0' && *p <= '9'; p++) {
		if (whole > (UINT64_MAX - 9) / 10)
			return false;
		whole = whole * 10 + (uint64_t)(*p - '0');
	}
	if (*p == '.') {
		p++;
		if (*p < '0' || *p > '9')
			return false;
		for (; *p >= '0' && *p <= '9'; p++, nfrac++) {
			if (nfrac >= 9)
				return false;
			frac = frac * 10 + (uint64_t)(*p - '0');
		}
	}
	for (size_t i = 0; i < KHO_ARRAY_SIZE(u); i++) {
		if (strcmp(p, u[i].unit))
			continue;
		if (nfrac > u[i].digits)
			return false;	/* finer than a nanosecond */
		for (unsigned int j = nfrac; j < u[i].digits; j++)
			frac *= 10;
		if (whole > (UINT64_MAX - frac) / u[i].ns)
			return false;
		*ns = whole * u[i].ns + frac;
		return true;
	}
	return false;
}

void kho_read_line(const char *path, char *buf, size_t n)
{
	FILE *f = fopen(path, "r");

	buf[0] = '\0';
	if (!f)
		return;
	if (!fgets(buf, (int)n, f))
		buf[0] = '\0';
	fclose(f);
	buf[strcspn(buf, "\n")] = '\0';
}

uint64_t kho_mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

void kho_json_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20 || c >= 0x7f)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}
