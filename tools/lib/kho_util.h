/* SPDX-License-Identifier: GPL-2.0 */
/* kho_util.h - small helpers shared by the kho-suite tools (libkho). */
#ifndef KHO_UTIL_H
#define KHO_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Byte order of the CPU that produced a blob. */
enum kho_endian { KHO_LITTLE = 0, KHO_BIG = 1 };

uint64_t kho_get_u64(const void *p, enum kho_endian e);
uint32_t kho_get_u32(const void *p, enum kho_endian e);
uint16_t kho_get_u16(const void *p, enum kho_endian e);
void kho_put_u64(void *p, uint64_t v, enum kho_endian e);
void kho_put_u32(void *p, uint32_t v, enum kho_endian e);
enum kho_endian kho_host_endian(void);

/* Largest file any tool reads into memory. */
#define KHO_FILE_MAX	(64u << 20)

/*
 * Read a whole file (regular, debugfs or procfs) into a fresh buffer of at
 * most @max bytes.  Returns 0, or -1 with a one-line reason in @err.  The
 * buffer has one extra NUL byte after @*len so text files can be parsed.
 * On failure errno says why: ENOMEM (out of memory), EFBIG (over @max),
 * EINVAL (not a regular file), or the error of open/read.
 */
int kho_read_file(const char *path, size_t max, uint8_t **buf, size_t *len,
		  char *err, size_t errlen);

/* "64 MiB", "1.50 GiB", "73 B": exact when the size is a whole unit. */
const char *kho_fmt_size(uint64_t bytes, char *buf, size_t n);

/* Classic hex+ASCII dump, at most @max bytes, each line prefixed by @indent. */
void kho_hexdump(FILE *f, const void *data, size_t len, size_t max,
		 const char *indent);

/* Copy a possibly unterminated, untrusted string, printable bytes only. */
size_t kho_strnlen(const char *s, size_t max);

/*
 * The option getopt_long() just rejected (with opterr = 0 and ':' first in
 * the short options), as one line: "unknown option --x", "option -e needs
 * an argument", "ambiguous option --max", "option --json takes no
 * argument".  @c is what getopt_long() returned ('?' or ':').
 */
struct option;
void kho_bad_option(int c, char **argv, const struct option *lo, char *msg,
		    size_t n);

/* ---- shared by the command-line tools ------------------------------- */

/* "PROG: <fmt with arg>" and the --help hint on stderr; returns 64. */
int kho_usage_error(const char *prog, const char *fmt, const char *arg);
/* Strict decimal long in [lo, hi]. */
bool kho_parse_long(const char *s, long lo, long hi, long *v);
/* "1ns", "250ms", "2s", "1.5s", "20us": a duration in ns, exactly; false on
 * junk, a missing unit, precision finer than 1 ns or overflow. */
bool kho_parse_duration(const char *s, uint64_t *ns);
/* The first line of a small file (/proc/...) without its newline; "" when
 * unreadable. */
void kho_read_line(const char *path, char *buf, size_t n);
/* CLOCK_MONOTONIC in ns. */
uint64_t kho_mono_ns(void);
/* @s as a JSON string (quotes, escapes; bytes >= 0x7f as \u00XX). */
void kho_json_str(FILE *f, const char *s);

/* Value of a hex digit, or -1. */
int kho_hex_digit(char c);

/* Format a one-line reason into @err (when non-NULL) and return -1. */
int kho_errf(char *err, size_t n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Strict "0x..." / decimal number parser; false on junk or overflow. */
bool kho_parse_u64(const char *s, uint64_t *v);

/* ---- diagnostics: warnings and ABI problems, with a fixed cap --------- */
enum kho_sev { KHO_INFO = 0, KHO_WARN = 1, KHO_PROBLEM = 2 };

#define KHO_DIAG_MAX	256
#define KHO_DIAG_LEN	200

struct kho_diag {
	enum kho_sev sev;
	char msg[KHO_DIAG_LEN];
};

struct kho_diags {
	struct kho_diag d[KHO_DIAG_MAX];
	unsigned int n;
	unsigned int dropped;
};

void kho_diag(struct kho_diags *d, enum kho_sev sev, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
unsigned int kho_diag_count(const struct kho_diags *d, enum kho_sev sev);
const char *kho_sev_name(enum kho_sev sev);

#define KHO_ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* Printable copy of untrusted bytes: non-printables become \xNN.  Stops at
 * the first NUL (a string); kho_escape_bytes shows NULs as \x00. */
const char *kho_escape(char *dst, size_t dstlen, const char *src, size_t srclen);
const char *kho_escape_bytes(char *dst, size_t dstlen, const char *src, size_t srclen);

#endif
