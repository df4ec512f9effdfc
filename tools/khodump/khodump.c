// SPDX-License-Identifier: GPL-2.0
/*
 * khodump - decode, check and diff Kexec HandOver (KHO) state.
 *
 * Exit codes: 0 ok, 1 problems found (--check, --diff), 2 unreadable or
 * malformed input, 64 usage error.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/kho_mem.h"
#include "dts.h"
#include "khodump.h"

enum { EXIT_OK = 0, EXIT_PROBLEMS = 1, EXIT_BAD_INPUT = 2, EXIT_USAGE = 64 };

static const char *prog = "khodump";

static void usage(FILE *f)
{
	fprintf(f,
"Usage: %s [OPTIONS] [PATH]\n"
"       %s --diff [OPTIONS] OLD NEW\n"
"\n"
"Decode Kexec HandOver (KHO) state: the root FDT (kho-v1..kho-v4), every\n"
"known sub-blob (memblock/reserve_mem, kexec-metadata, LUO, kho_test) and\n"
"the scratch areas.  PATH is a blob file or a debugfs-like directory with\n"
"fdt, sub_fdts/, scratch_phys, scratch_len (default: %s/kho/out, or\n"
"%s/liveupdate/kho_out when that layout is the one present).\n"
"Optional statistics files of the 6.12 series are read and checked too:\n"
"stats, timing (in the directory) and kho/scratch (next to out/ and in/).\n"
"\n"
"Modes:\n"
"      (default)          readable annotated tree\n"
"  -j, --json             one JSON document (schema in khodump(1))\n"
"      --dts              device-tree source that dtc compiles back to the\n"
"                         same nodes, names and bytes (decoded values as comments)\n"
"  -c, --check            check ABI invariants; exit 1 if any problem\n"
"      --diff             compare OLD (e.g. kho/out before kexec) with NEW\n"
"                         (kho/in after it); exit 1 if they differ\n"
"  -m, --memmap           walk the preserved-memory radix tree (kho-v2+) in a\n"
"                         memory image and summarise it\n"
"\n"
"Options:\n"
"  -i, --in               default to the incoming side (kho/in)\n"
"  -e, --endian E         byte order of the producing CPU: little (default) or big\n"
"  -C, --core FILE        memory image for --memmap: /proc/kcore (default) or a\n"
"                         QEMU dump-guest-memory ELF dump\n"
"  -r, --map-root PHYS    radix tree root (default: preserved-memory-map)\n"
"      --max-nodes N      --memmap: stop after N tree pages (default 1048576)\n"
"      --max-ranges N     --memmap: list at most N ranges (default 64)\n"
"  -x, --hexdump N        bytes of hexdump for unknown blobs (default 256)\n"
"      --debugfs DIR      where debugfs is mounted (default /sys/kernel/debug)\n"
"  -h, --help             this help\n"
"  -V, --version          version\n"
"\n"
"Exit status: 0 ok, 1 problems found by --check/--diff, 2 unreadable or\n"
"malformed input, 64 usage error.\n"
"\n"
"Examples:\n"
"  %s                                    # the live outgoing handover\n"
"  %s --in -j | jq .subtrees             # incoming handover as JSON\n"
"  %s /sys/kernel/debug/kho/out/sub_fdts/memblock\n"
"  %s --dts out/fdt > kho.dts && dtc -I dts -O dtb kho.dts > kho.dtb\n"
"  %s --check capture/out\n"
"  %s --diff before/out after/in\n"
"  %s --memmap --core vmcore.elf capture/out\n",
		prog, prog, KHO_DEBUGFS, KHO_DEBUGFS,
		prog, prog, prog, prog, prog, prog, prog);
}

static int usage_error(const char *msg, const char *arg)
{
	fprintf(stderr, "%s: %s%s%s\n", prog, msg, arg ? ": " : "", arg ? arg : "");
	fprintf(stderr, "Try '%s --help' for more information.\n", prog);
	return EXIT_USAGE;
}

static int bad_input(const char *err)
{
	fprintf(stderr, "%s: %s\n", prog, err);
	return EXIT_BAD_INPUT;
}

/* ---- loading -------------------------------------------------------- */

/* Loads and decodes @path; NULL after printing the one-line error. */
static struct input *open_input(const char *path, const struct opts *o)
{
	struct input *in = calloc(1, sizeof(*in));
	char err[512];

	if (!in) {
		bad_input("out of memory");
		return NULL;
	}
	if (kho_capture_load(&in->cap, path, err, sizeof(err))) {
		free(in);
		bad_input(err);
		return NULL;
	}
	if (kho_decode_capture(&in->dec, &in->cap, o->endian, err, sizeof(err))) {
		kho_decoded_free(&in->dec);
		kho_capture_free(&in->cap);
		free(in);
		bad_input(err);
		return NULL;
	}
	return in;
}

static void close_input(struct input *in)
{
	if (!in)
		return;
	kho_decoded_free(&in->dec);
	kho_capture_free(&in->cap);
	free(in);
}

const struct kho_root *input_root(const struct input *in)
{
	return in->dec.has_root && in->dec.root.kind == KHO_KIND_ROOT ? &in->dec.root.u.root
								       : NULL;
}

/* JSON goes to scripts: its warnings and problems are repeated on stderr.
 * The text output shows them as its last lines. */
static void warn_stderr(const struct kho_diags *d)
{
	for (unsigned int i = 0; i < d->n; i++)
		if (d->d[i].sev != KHO_INFO)
			fprintf(stderr, "%s: %s: %s\n", prog, kho_sev_name(d->d[i].sev),
				d->d[i].msg);
}

/* Warnings that the default dump should surface (truncation, unknown ABI,
 * statistics that do not add up). */
static void dump_warnings(const struct input *in, struct kho_diags *d)
{
	const struct kho_decoded *k = &in->dec;
	const struct kho_blob *blobs[KHO_MAX_FILES + 1];
	size_t n = 0;

	*d = k->diags;
	if (k->has_root)
		blobs[n++] = &k->root;
	for (size_t i = 0; i < k->nsubs && n < KHO_ARRAY_SIZE(blobs); i++)
		blobs[n++] = &k->subs[i];
	for (size_t i = 0; i < n; i++) {
		const struct kho_blob *b = blobs[i];
		const char *what = b == &k->root ? (in->cap.is_dir ? "fdt" : in->cap.path) : b->name;
		char esc[128];

		kho_escape(esc, sizeof(esc), what, 120);
		if (b->fdt.truncated)
			kho_diag(d, KHO_WARN, "%s is truncated: header totalsize %zu, file has %zu bytes; "
				 "decoding what is present%s", esc, b->fdt.size, b->fdt.avail,
				 b->fdt.can_infer ? " (lost property names inferred from KHO's "
				 "standard string table)" : "");
		if (b->kind == KHO_KIND_ROOT && (b->u.root.abi < KHO_ABI_VERSION_MIN ||
						 b->u.root.abi > KHO_ABI_VERSION_MAX))
			kho_diag(d, KHO_WARN, "%s: unknown KHO ABI \"%s\", decoded generically",
				 esc, b->u.root.compat_ok ? b->u.root.compat : "(no compatible)");
		if (b->kind == KHO_KIND_BAD_FDT)
			kho_diag(d, KHO_WARN, "%s: %s", esc, b->err);
	}
	/* numbers of stats, timing and kho/scratch that do not add up */
	kho_check_stats(k, &in->cap, KHO_WARN, d);
}

/* ---- modes ---------------------------------------------------------- */

static int do_dump(const char *path, const struct opts *op)
{
	struct input *in = open_input(path, op);

	if (!in)
		return EXIT_BAD_INPUT;
	dump_warnings(in, &in->diags);
	if (op->json) {
		json_dump(in, op);
		warn_stderr(&in->diags);
	} else {
		text_dump(in, op);
	}
	close_input(in);
	return EXIT_OK;
}

static int do_dts(const char *path, const struct opts *op)
{
	struct input *in = open_input(path, op);
	char err[512], *buf = NULL;
	size_t len = 0;
	FILE *m;
	int ret = EXIT_OK;

	if (!in)
		return EXIT_BAD_INPUT;
	/* built in memory first: no partial dts on error */
	m = open_memstream(&buf, &len);
	if (!in->dec.has_root) {
		snprintf(err, sizeof(err), "%.400s: no fdt to write as dts", path);
		ret = bad_input(err);
	} else if (!m) {
		ret = bad_input("out of memory");
	} else if (khodump_dts(m, &in->dec.root, in->cap.path, &in->diags, err, sizeof(err))) {
		char msg[1024];	/* the one error line names the input, like every other */

		snprintf(msg, sizeof(msg), "%.400s: %s", path, err);
		ret = bad_input(msg);
	} else {
		fflush(m);
		fwrite(buf, 1, len, stdout);
		warn_stderr(&in->diags);
	}
	if (m)
		fclose(m);
	free(buf);
	close_input(in);
	return ret;
}

static void check_all(struct input *in)
{
	in->diags = in->dec.diags;
	kho_check_capture(&in->dec, &in->cap, &in->diags);
}

static int do_check(const char *path, const struct opts *op)
{
	struct input *in = open_input(path, op);
	int ret;

	if (!in)
		return EXIT_BAD_INPUT;
	check_all(in);
	if (op->json)
		json_check(in, op);
	else
		text_check(in, op);
	ret = kho_diag_count(&in->diags, KHO_PROBLEM) ? EXIT_PROBLEMS : EXIT_OK;
	close_input(in);
	return ret;
}

static int do_diff(const char *a, const char *b, const struct opts *op)
{
	struct input *ia = open_input(a, op), *ib = ia ? open_input(b, op) : NULL;
	struct kho_changes c;
	unsigned int n;

	if (!ia || !ib) {
		close_input(ia);
		return EXIT_BAD_INPUT;
	}
	n = kho_diff_collect(&ia->dec, &ib->dec, &c);
	if (op->json)
		json_diff(ia, ib, &c, op);
	else
		text_diff(ia, ib, &c, op);
	kho_changes_free(&c);
	close_input(ia);
	close_input(ib);
	return n ? EXIT_PROBLEMS : EXIT_OK;
}

/* The radix tree root: --map-root, else the root FDT's preserved-memory-map. */
static int map_root(const struct input *in, const char *path, const struct opts *op,
		    uint64_t *root, char *err, size_t errlen)
{
	const struct kho_root *r = input_root(in);

	if (op->have_map_root) {
		*root = op->map_root;
		return 0;
	}
	if (!r || !r->map.ok) {
		snprintf(err, errlen, "%.400s: no usable preserved-memory-map; give --map-root", path);
		return -1;
	}
	if (r->abi == 1) {
		snprintf(err, errlen, "%.400s: kho-v1 memory maps are chunk lists, not a radix "
			 "tree; --memmap needs kho-v2 or later", path);
		return -1;
	}
	*root = r->map.val;
	return 0;
}

static int do_memmap(const char *path, const struct opts *op)
{
	struct input *in = open_input(path, op);
	struct kho_radix_limits lim = { op->max_nodes, 0 };
	struct kho_luo_state ls = { 0 };
	const struct kho_blob *luo;
	struct kho_memmap mm;
	struct memmap_result res = { &mm, NULL };
	struct kho_mem mem;
	uint64_t root;
	char err[512];
	int ret = EXIT_OK;

	if (!in)
		return EXIT_BAD_INPUT;
	if (map_root(in, path, op, &root, err, sizeof(err)) ||
	    kho_mem_open(&mem, op->core, err, sizeof(err))) {
		close_input(in);
		return bad_input(err);
	}
	ret = kho_radix_walk(root, kho_mem_read, &mem, op->endian, &lim, &mm, err, sizeof(err));
	if (ret) {
		kho_mem_close(&mem);
		close_input(in);
		return bad_input(err);
	}
	if (op->check)
		check_all(in);
	kho_memmap_check(&mm, in->cap.scratch, in->cap.nscratch, &in->diags);
	/* LUO sessions, files and memfds are only reachable through memory */
	luo = kho_decoded_sub(&in->dec, KHO_LUO_NODE);
	if (luo && luo->kind == KHO_KIND_LUO)
		kho_luo_walk(&luo->u.luo, kho_mem_read, &mem, op->endian, &ls, &in->diags);
	kho_mem_close(&mem);
	if (luo && luo->kind == KHO_KIND_LUO)
		res.luo = &ls;
	if (op->json) {
		json_memmap(in, &res, op);
		if (!op->check)
			warn_stderr(&in->diags);
	} else {
		text_memmap(in, &res, op);
	}
	if (op->check && kho_diag_count(&in->diags, KHO_PROBLEM))
		ret = EXIT_PROBLEMS;
	kho_memmap_free(&mm);
	kho_luo_state_free(&ls);
	close_input(in);
	return ret;
}

/* ---- main ----------------------------------------------------------- */

enum { OPT_DTS = 256, OPT_DIFF, OPT_MAX_NODES, OPT_MAX_RANGES, OPT_DEBUGFS };

/* The option getopt_long just rejected (opterr is 0), in one line. */
static int bad_option(int c, char **argv, const struct option *lo)
{
	char msg[128];

	kho_bad_option(c, argv, lo, msg, sizeof(msg));
	return usage_error(msg, NULL);
}

static bool parse_size(const char *s, size_t *v, size_t max)
{
	uint64_t x;

	if (!kho_parse_u64(s, &x) || x > max)
		return false;
	*v = (size_t)x;
	return true;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "dts", no_argument, NULL, OPT_DTS },
		{ "check", no_argument, NULL, 'c' },
		{ "diff", no_argument, NULL, OPT_DIFF },	/* -d is --delay suite-wide */
		{ "memmap", no_argument, NULL, 'm' },
		{ "in", no_argument, NULL, 'i' },
		{ "endian", required_argument, NULL, 'e' },
		{ "core", required_argument, NULL, 'C' },
		{ "map-root", required_argument, NULL, 'r' },
		{ "max-nodes", required_argument, NULL, OPT_MAX_NODES },
		{ "max-ranges", required_argument, NULL, OPT_MAX_RANGES },
		{ "hexdump", required_argument, NULL, 'x' },
		{ "debugfs", required_argument, NULL, OPT_DEBUGFS },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct opts op = {
		.mode = MODE_DUMP, .endian = KHO_LITTLE, .debugfs = KHO_DEBUGFS,
		.core = "/proc/kcore", .hexmax = 256, .max_ranges = 64,
		.max_nodes = 1u << 20,
	};
	int nmodes = 0, c;
	char defpath[4096];
	const char *path;
	size_t v;

	opterr = 0;	/* one error line of our own, naming the option */
	while ((c = getopt_long(argc, argv, ":jcmie:C:r:x:hV", longopts, NULL)) != -1) {
		switch (c) {
		case 'j': op.json = true; break;
		case OPT_DTS: op.mode = MODE_DTS; nmodes++; break;
		case 'c': op.check = true; break;
		case OPT_DIFF: op.mode = MODE_DIFF; nmodes++; break;
		case 'm': op.mode = MODE_MEMMAP; nmodes++; break;
		case 'i': op.in = true; break;
		case 'e':
			if (!strcmp(optarg, "little") || !strcmp(optarg, "le"))
				op.endian = KHO_LITTLE;
			else if (!strcmp(optarg, "big") || !strcmp(optarg, "be"))
				op.endian = KHO_BIG;
			else
				return usage_error("--endian must be little or big", optarg);
			break;
		case 'C': op.core = optarg; break;
		case 'r':
			if (!kho_parse_u64(optarg, &op.map_root))
				return usage_error("bad --map-root", optarg);
			op.have_map_root = true;
			break;
		case OPT_MAX_NODES:
			if (!parse_size(optarg, &v, SIZE_MAX) || !v)
				return usage_error("bad --max-nodes", optarg);
			op.max_nodes = v;
			break;
		case OPT_MAX_RANGES:
			if (!parse_size(optarg, &op.max_ranges, SIZE_MAX))
				return usage_error("bad --max-ranges", optarg);
			break;
		case 'x':
			if (!parse_size(optarg, &op.hexmax, KHO_FILE_MAX))
				return usage_error("bad --hexdump", optarg);
			break;
		case OPT_DEBUGFS: op.debugfs = optarg; break;
		case 'h': usage(stdout); return EXIT_OK;
		case 'V': printf("%s %s (kho-suite; KHO ABI kho-v1..kho-v4)\n", prog,
				 KHODUMP_VERSION); return EXIT_OK;
		default: return bad_option(c, argv, longopts);
		}
	}
	if (nmodes > 1)
		return usage_error("--dts, --diff and --memmap exclude each other", NULL);
	if (op.mode == MODE_DTS && op.json)
		return usage_error("--dts and --json exclude each other", NULL);
	if (op.check && (op.mode == MODE_DTS || op.mode == MODE_DIFF))
		return usage_error("--check goes alone or with --memmap", NULL);
	if (op.mode == MODE_DIFF) {
		if (argc - optind != 2)
			return usage_error("--diff needs OLD and NEW", NULL);
		return do_diff(argv[optind], argv[optind + 1], &op);
	}
	if (argc - optind > 1)
		return usage_error("too many arguments", argv[optind + 1]);
	if (optind < argc) {
		path = argv[optind];
	} else {
		kho_capture_default(op.debugfs, op.in, defpath, sizeof(defpath));
		path = defpath;
	}
	if (op.mode == MODE_DTS)
		return do_dts(path, &op);
	if (op.mode == MODE_MEMMAP)
		return do_memmap(path, &op);
	if (op.check)
		return do_check(path, &op);
	return do_dump(path, &op);
}
