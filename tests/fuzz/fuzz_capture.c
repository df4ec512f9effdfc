// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: capture directories (kho_capture_load) and everything
 * the tools do with them: decode, khodump's dump/check/diff in text and
 * JSON, khotop's debugfs reader and outputs.
 *
 * The input is a small container of files, each record
 *     u8 name length (0 ends the list), name, u16 LE data length, data
 * (a length past the end takes what is left).  Names are relative to a
 * fresh debugfs-like directory D/kho: "out/fdt", "out/sub_fdts/LUO",
 * "in/stats", "scratch" (kho/scratch), "x" (a blob or a third directory);
 * a name ending in '/' is an empty directory.  Names with other characters
 * than [A-Za-z0-9._-/], empty, "." or ".." components are skipped.
 * tests/fuzz/mkseeds.py packs real fixture directories this way.
 *
 * Then kho/out, kho/in and kho/x are loaded (what fails to load is fine: a
 * one-line reason), dumped and checked; out and in are diffed both ways,
 * x against out; khotop reads D.  Asserted: a failed load gives a reason
 * and leaves nothing allocated, the capture's limits, every difference
 * counted is listed.
 *
 * fuzz-max-len: 65536
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../tools/khodump/khodump.h"
#include "../../tools/khotop/khotop.h"
#include "fuzz_tmp.h"

#define NAME_MAX_LEN	96
#define MAX_DEPTH	4

/* khodump.c's, which the target does not link (it has main) */
const struct kho_root *input_root(const struct input *in)
{
	return in->dec.has_root && in->dec.root.kind == KHO_KIND_ROOT ? &in->dec.root.u.root
								       : NULL;
}

/* A container name that may become a path below D/kho. */
static bool name_ok(const char *n, size_t l)
{
	size_t depth = 0, comp = 0;

	for (size_t i = 0; i <= l; i++) {
		if (i == l || n[i] == '/') {
			if ((!comp && (i < l || !i)) || (comp == 1 && n[i - 1] == '.') ||
			    (comp == 2 && n[i - 1] == '.' && n[i - 2] == '.') ||
			    (comp && ++depth > MAX_DEPTH))
				return false;
			comp = 0;
			continue;
		}
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-",
			    n[i]) || !n[i])
			return false;
		comp++;
	}
	return true;
}

/* mkdir -p of @p's directories after @from (and of @p itself when it ends
 * in '/'). */
static void make_parents(char *p, size_t from)
{
	for (char *s = strchr(p + from, '/'); s; s = strchr(s + 1, '/')) {
		*s = 0;
		mkdir(p, 0700);
		*s = '/';
	}
}

static void unpack(const char *kho, const uint8_t *data, size_t size)
{
	size_t off = 0;

	while (off < size && data[off]) {
		size_t nl = data[off++], dl;
		char name[NAME_MAX_LEN + 1], path[512];
		int fd;

		if (nl > size - off)
			return;
		memcpy(name, data + off, nl < NAME_MAX_LEN ? nl : NAME_MAX_LEN);
		name[nl < NAME_MAX_LEN ? nl : NAME_MAX_LEN] = 0;
		off += nl;
		dl = size - off >= 2 ? (size_t)data[off] | (size_t)data[off + 1] << 8 : 0;
		off += size - off >= 2 ? 2 : size - off;
		if (dl > size - off)
			dl = size - off;
		if (nl <= NAME_MAX_LEN && name_ok(name, nl)) {
			snprintf(path, sizeof(path), "%s/%s", kho, name);
			make_parents(path, strlen(kho) + 1);
			if (name[nl - 1] != '/') {
				fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
				if (fd >= 0) {
					if (dl && write(fd, data + off, dl) != (ssize_t)dl)
						abort();
					close(fd);
				}
			}
		}
		off += dl;
	}
}

static struct input *load(const char *path, enum kho_endian e)
{
	struct input *in = calloc(1, sizeof(*in));
	char err[512] = "";

	if (!in)
		abort();
	if (kho_capture_load(&in->cap, path, err, sizeof(err))) {
		/* one line of reason, nothing left allocated */
		if (!err[0] || strchr(err, '\n') || in->cap.fdt || in->cap.subs ||
		    in->cap.scratch || in->cap.stats.data || in->cap.timing.data ||
		    in->cap.scratch_use.data)
			abort();
		free(in);
		return NULL;
	}
	if (in->cap.nsubs > KHO_MAX_FILES || in->cap.nscratch > KHO_MAX_SCRATCH ||
	    (!in->cap.has_scratch && (in->cap.scratch || in->cap.nscratch)))
		abort();
	for (size_t i = 1; i < in->cap.nsubs; i++)
		if (strcmp(in->cap.subs[i - 1].name, in->cap.subs[i].name) >= 0)
			abort();	/* sorted, unique */
	if (kho_decode_capture(&in->dec, &in->cap, e, err, sizeof(err))) {
		if (!err[0] || strchr(err, '\n'))
			abort();
		kho_decoded_free(&in->dec);
		kho_capture_free(&in->cap);
		free(in);
		return NULL;
	}
	return in;
}

static void unload(struct input *in)
{
	if (!in)
		return;
	kho_decoded_free(&in->dec);
	kho_capture_free(&in->cap);
	free(in);
}

/* khodump's default dump, then --check, each as text and JSON */
static void dump_and_check(struct input *in, struct opts *op)
{
	in->diags = in->dec.diags;
	kho_check_stats(&in->dec, &in->cap, KHO_WARN, &in->diags);
	text_dump(in, op);
	json_dump(in, op);
	in->diags = in->dec.diags;
	kho_check_capture(&in->dec, &in->cap, &in->diags);
	op->check = true;
	text_check(in, op);
	json_check(in, op);
	op->check = false;
}

static void diff(const struct input *a, const struct input *b, const struct opts *op)
{
	struct kho_changes c;
	unsigned int n;

	if (!a || !b)
		return;
	n = kho_diff_collect(&a->dec, &b->dec, &c);
	if (n != c.count || c.n != c.count)
		abort();	/* nothing failed to allocate here */
	text_diff(a, b, &c, op);
	json_diff(a, b, &c, op);
	kho_changes_free(&c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct khotop_model model;
	static struct khotop_snap snap;
	static FILE *sink;
	const char *tmp = fuzz_tmp();
	char kho[300], p[320];
	struct opts op = { .hexmax = 64, .max_ranges = 16, .max_nodes = 1024,
			   .core = "/proc/kcore" };
	struct input *out, *in, *x;

	if (!sink) {
		sink = fopen("/dev/null", "w");
		if (!sink || !freopen("/dev/null", "w", stdout))
			abort();
	}
	memset(&model, 0, sizeof(model));
	memset(&snap, 0, sizeof(snap));
	fuzz_tmp_empty(tmp);
	snprintf(kho, sizeof(kho), "%s/kho", tmp);
	if (mkdir(kho, 0700))
		abort();
	unpack(kho, data, size);

	snprintf(p, sizeof(p), "%s/out", kho);
	out = load(p, KHO_LITTLE);
	snprintf(p, sizeof(p), "%s/in", kho);
	in = load(p, KHO_LITTLE);
	snprintf(p, sizeof(p), "%s/x", kho);
	x = load(p, size & 1 ? KHO_BIG : KHO_LITTLE);
	if (out)
		dump_and_check(out, &op);
	if (in)
		dump_and_check(in, &op);
	if (x)
		dump_and_check(x, &op);
	diff(out, in, &op);
	diff(in, out, &op);
	diff(x, out, &op);
	unload(out);
	unload(in);
	unload(x);

	/* khotop: D is its debugfs */
	if (khotop_read_debugfs(tmp, &snap) && errno != ENOMEM)
		abort();
	khotop_model_push(&model, &snap);
	khotop_print_text(sink, &model);
	khotop_print_json(sink, &model);
	return 0;
}
