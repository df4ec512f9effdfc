// SPDX-License-Identifier: GPL-2.0
/* Unit tests: kho_text, the human rendering of decoded KHO state. */
#include <stdlib.h>

#include "../../tools/lib/kho_text.h"
#include "unit.h"

static int load(struct kho_capture *c, struct kho_decoded *k, const char *rel)
{
	char p[1024], err[256];

	snprintf(p, sizeof(p), "%s/%s", unit_fixtures(), rel);
	if (kho_capture_load(c, p, err, sizeof(err)))
		return -1;
	return kho_decode_capture(k, c, KHO_LITTLE, err, sizeof(err));
}

/* The summary and kho_blob_text of sub-blob @name match @sum and @text. */
static bool blob_is(const struct kho_decoded *k, const char *name, const char *sum,
		    const char *text)
{
	const struct kho_blob *b = kho_decoded_sub(k, name);
	char got[256], *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	bool ok;

	if (!b || !f)
		return false;
	kho_blob_text(f, b, "  ", 32);
	fclose(f);
	ok = !strcmp(kho_blob_summary(b, got, sizeof(got)), sum) && !strcmp(buf, text);
	if (!ok)
		fprintf(stderr, "  %s: got \"%s\" / \"%s\"\n", name, got, buf);
	free(buf);
	return ok;
}

TEST(text_ranges_and_roles)
{
	char b[64];

	CHECK_STR(kho_fmt_range(0x3de00000, 4 << 20, b, sizeof(b)), "0x3de00000..0x3e200000");
	CHECK_STR(kho_scratch_role(0, b, sizeof(b)), "lowmem");
	CHECK_STR(kho_scratch_role(1, b, sizeof(b)), "global");
	CHECK_STR(kho_scratch_role(2, b, sizeof(b)), "node 0");
	CHECK_STR(kho_scratch_role(5, b, sizeof(b)), "node 3");
}

TEST(text_blobs)
{
	struct kho_capture c;
	struct kho_decoded k;
	char sum[256];

	CHECK(load(&c, &k, "kho-v4-out") == 0);
	CHECK(blob_is(&k, "memblock", "memblock-v1 FDT, 2 reserve_mem regions",
		      "  oops   0x3dc00000..0x41c00000      64 MiB\n"
		      "  trace  0x50000000..0x50200000       2 MiB\n"));
	CHECK(blob_is(&k, "kexec-metadata", "kexec-metadata v1 struct",
		      "  version 1, previous release 7.2.13-amd64, kexec count 3\n"));
	CHECK(blob_is(&k, "kho_test", "kho-test-v1 FDT (KHO self test)",
		      "  magic 0x4b484f21 (ok), nr_folios 5, csum 0xdeadbeef\n"
		      "  folios_info: kho_vmalloc 20 pages at 0xbf30000, order 0, flags 0x1\n"));
	CHECK(blob_is(&k, "LUO", "LUO header luo-v5",
		      "  liveupdate_num 2, sessions at 0xbf20000, FLBs at 0xbf21000 "
		      "(follow them with --memmap)\n"));
	kho_blob_summary(&k.root, sum, sizeof(sum));
	CHECK_STR(sum, "KHO root FDT kho-v4, 4 subtrees");
	kho_decoded_free(&k);
	kho_capture_free(&c);
}

TEST(text_escapes_untrusted_strings)
{
	struct kho_kexec_metadata_ser m = { .version = 1, .kexec_count = 2 };
	struct kho_blob b;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	memcpy(m.previous_release, "7.2\x1b[2J", 8);
	kho_blob_decode(&b, "kexec-metadata", (const uint8_t *)&m, sizeof(m), kho_host_endian(),
			NULL);
	kho_blob_text(f, &b, "", 16);
	fclose(f);
	CHECK_STR(buf, "version 1, previous release 7.2\\x1b[2J, kexec count 2\n");
	free(buf);
	kho_blob_free(&b);
}

TEST(text_raw_hexdump)
{
	static const uint8_t raw[20] = "0123456789abcdefXYZ";
	struct kho_blob b;
	char sum[128], *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	kho_blob_decode(&b, "ftrace", raw, sizeof(raw), KHO_LITTLE, NULL);
	CHECK_STR(kho_blob_summary(&b, sum, sizeof(sum)), "unknown format, raw bytes");
	kho_blob_text(f, &b, "> ", 16);
	fclose(f);
	CHECK(buf && !strncmp(buf, "> 00000000  30 31 32", 20));
	CHECK(strstr(buf, "> ... 4 more bytes\n"));
	free(buf);
	kho_blob_free(&b);
}

TEST(text_changes)
{
	struct kho_capture ca, cb;
	struct kho_decoded ka, kb;
	struct kho_changes ch;
	struct kho_change_text t;

	CHECK(load(&ca, &ka, "kho-v4-out") == 0 && load(&cb, &kb, "kho-v4-in") == 0);
	CHECK_U64(kho_diff_collect(&ka, &kb, &ch), 2);
	CHECK_U64(ch.n, 2);
	kho_change_text(&ch.v[0], &t);
	CHECK(t.marker == '~' && !strcmp(t.object, "reserve_mem") && !strcmp(t.name, "trace"));
	CHECK_STR(t.verb, "moved");
	CHECK_STR(t.detail, "0x50000000 -> 0x58000000");
	kho_change_text(&ch.v[1], &t);
	CHECK_STR(t.verb, "resized");
	CHECK_STR(t.detail, "2 MiB -> 4 MiB");
	kho_changes_free(&ch);
	CHECK_U64(kho_diff_collect(&kb, &ka, &ch), 2);
	kho_changes_free(&ch);
	CHECK_U64(kho_diff_collect(&ka, &ka, &ch), 0);
	kho_changes_free(&ch);
	kho_decoded_free(&ka);
	kho_decoded_free(&kb);
	kho_capture_free(&ca);
	kho_capture_free(&cb);
}
