// SPDX-License-Identifier: GPL-2.0
/* Unit tests: kho_fdt validation, truncation salvage, name inference. */
#include <libfdt.h>
#include <stdlib.h>

#include "../../include/kho_abi.h"
#include "../../tools/lib/kho_decode.h"
#include "../lib/kho_synth.h"
#include "unit.h"

static uint8_t blob[8192];

/* A 7.2-style root: created, metadata added (size frozen here), then more. */
static size_t build_72(void)
{
	size_t first;

	kho_synth_root(blob, 4096, 4, KHO_COMPAT_V4, 0x10000000, NULL, 0, KHO_LITTLE);
	kho_synth_add_subtree(blob, 4096, "kexec-metadata", 0x5000, 73, KHO_LITTLE);
	first = fdt_totalsize(blob);
	kho_synth_add_subtree(blob, 4096, "memblock", 0x6000, 300, KHO_LITTLE);
	return first;
}

TEST(fdt_open_valid)
{
	struct kho_fdt f;
	char err[160];

	build_72();
	CHECK(kho_fdt_open(&f, blob, fdt_totalsize(blob), err, sizeof(err)) == 0);
	CHECK(!f.truncated && !f.struct_cut && f.nodes == 3 && f.max_depth == 1);
	CHECK_U64(f.version, 17);
	CHECK_STR(kho_fdt_str(&f, 0, "compatible"), "kho-v4");
	kho_fdt_close(&f);
	/* trailing bytes are reported, not fatal */
	CHECK(kho_fdt_open(&f, blob, fdt_totalsize(blob) + 16, err, sizeof(err)) == 0);
	CHECK_U64(f.trailing, 16);
	kho_fdt_close(&f);
}

TEST(fdt_every_truncation)
{
	size_t total = (build_72(), fdt_totalsize(blob));

	for (size_t len = 0; len < total; len++) {
		struct kho_blob b;
		struct kho_diags d = { 0 };

		kho_blob_decode(&b, NULL, blob, len, KHO_LITTLE, &d);
		if (len < 4) {
			CHECK(b.kind == KHO_KIND_RAW);
		} else if (len <= fdt_off_dt_struct(blob)) {
			CHECK(b.kind == KHO_KIND_BAD_FDT);
		} else {
			CHECK(b.kind != KHO_KIND_BAD_FDT);
			CHECK(b.fdt.truncated && b.fdt.avail == len);
		}
		kho_blob_free(&b);
	}
}

TEST(fdt_truncated_like_72)
{
	size_t first = build_72();
	struct kho_blob b;
	struct kho_diags d = { 0 };
	const struct kho_root *r = &b.u.root;

	kho_blob_decode(&b, NULL, blob, first, KHO_LITTLE, &d);
	CHECK(b.kind == KHO_KIND_ROOT);
	CHECK(b.fdt.truncated && b.fdt.can_infer && b.fdt.struct_cut);
	CHECK_STR(r->compat, "kho-v4");
	CHECK(r->map.ok);
	CHECK_U64(r->map.val, 0x10000000);
	/* memblock was added last, so it comes first and survives */
	CHECK(r->nsubs >= 1);
	CHECK_STR(r->subs[0].name, "memblock");
	CHECK(r->subs[0].addr.ok && r->subs[0].addr.val == 0x6000);
	CHECK(r->subs[0].size.ok && r->subs[0].size.val == 300);
	kho_blob_free(&b);
}

TEST(fdt_inference_refused_when_table_differs)
{
	size_t first = build_72();
	struct kho_fdt f;
	char err[160];
	uint32_t so = fdt_off_dt_strings(blob);

	/* keep the strings block's first byte: 'p' of preserved-memory-map */
	(void)first;
	CHECK(kho_fdt_open(&f, blob, so + 1, err, sizeof(err)) == 0);
	CHECK(f.can_infer);
	kho_fdt_close(&f);
	blob[so] = 'X';
	CHECK(kho_fdt_open(&f, blob, so + 1, err, sizeof(err)) == 0);
	CHECK(!f.can_infer);
	CHECK(kho_fdt_str(&f, 0, "compatible") == NULL);
	kho_fdt_close(&f);
}

TEST(fdt_malformed)
{
	struct kho_fdt f;
	char err[160];
	uint8_t b2[8192];
	size_t n = (build_72(), fdt_totalsize(blob));

	memcpy(b2, blob, n);
	b2[3] = 0;
	CHECK(kho_fdt_open(&f, b2, n, err, sizeof(err)) == -1 && strstr(err, "magic"));
	memcpy(b2, blob, n);
	b2[fdt_off_dt_struct(blob) + 11] = 7;	/* bogus token */
	CHECK(kho_fdt_open(&f, b2, n, err, sizeof(err)) == -1);
	CHECK(kho_fdt_open(&f, blob, 39, err, sizeof(err)) == -1 && strstr(err, "header"));
}

TEST(fdt_stringlist)
{
	CHECK(kho_is_stringlist((const uint8_t *)"kho-v4", 7));
	CHECK(kho_is_stringlist((const uint8_t *)"a\0b", 4));
	CHECK(!kho_is_stringlist((const uint8_t *)"a\0\0b", 5));
	CHECK(!kho_is_stringlist((const uint8_t *)"abc", 3));
	CHECK(!kho_is_stringlist((const uint8_t *)"a\x01", 3));
	CHECK(!kho_is_stringlist((const uint8_t *)"", 0));
}
