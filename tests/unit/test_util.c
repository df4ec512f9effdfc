// SPDX-License-Identifier: GPL-2.0
/* Unit tests: kho_util (byte order, sizes, parsing, files, diagnostics). */
#include <stdlib.h>

#include "../../tools/lib/kho_util.h"
#include "unit.h"

TEST(util_byte_order)
{
	const uint8_t b[8] = { 0x00, 0x00, 0xc0, 0x3d, 0x00, 0x00, 0x00, 0x00 };
	uint8_t o[8];

	CHECK_U64(kho_get_u64(b, KHO_LITTLE), 0x3dc00000);
	CHECK_U64(kho_get_u64(b, KHO_BIG), 0x0000c03d00000000ull);
	CHECK_U64(kho_get_u32(b + 2, KHO_LITTLE), 0x3dc0);
	CHECK_U64(kho_get_u16(b + 2, KHO_BIG), 0xc03d);
	kho_put_u64(o, 0x0102030405060708ull, KHO_BIG);
	CHECK(o[0] == 1 && o[7] == 8);
	kho_put_u64(o, 0x0102030405060708ull, KHO_LITTLE);
	CHECK(o[0] == 8 && o[7] == 1);
	kho_put_u32(o, 0xa1b2c3d4, KHO_BIG);
	CHECK_U64(kho_get_u32(o, KHO_BIG), 0xa1b2c3d4);
	CHECK(kho_host_endian() == KHO_LITTLE);	/* x86: tests below assume it */
}

TEST(util_fmt_size)
{
	char b[32];

	CHECK_STR(kho_fmt_size(0, b, sizeof(b)), "0 B");
	CHECK_STR(kho_fmt_size(73, b, sizeof(b)), "73 B");
	CHECK_STR(kho_fmt_size(1023, b, sizeof(b)), "1023 B");
	CHECK_STR(kho_fmt_size(4096, b, sizeof(b)), "4 KiB");
	CHECK_STR(kho_fmt_size(0x4000000, b, sizeof(b)), "64 MiB");
	CHECK_STR(kho_fmt_size(3ull << 29, b, sizeof(b)), "1.50 GiB");
	CHECK_STR(kho_fmt_size(64ull << 30, b, sizeof(b)), "64 GiB");
	CHECK_STR(kho_fmt_size(5000, b, sizeof(b)), "4.88 KiB");
	CHECK_STR(kho_fmt_size(UINT64_MAX, b, sizeof(b)), "16.00 EiB");
}

TEST(util_parse_u64)
{
	uint64_t v;

	CHECK(kho_parse_u64("0x3dc00000", &v) && v == 0x3dc00000);
	CHECK(kho_parse_u64("4096", &v) && v == 4096);
	CHECK(kho_parse_u64("0xffffffffffffffff", &v) && v == UINT64_MAX);
	CHECK(!kho_parse_u64("0x1ffffffffffffffff", &v));
	CHECK(!kho_parse_u64("-1", &v));
	CHECK(!kho_parse_u64("", &v));
	CHECK(!kho_parse_u64(" 1", &v));
	CHECK(!kho_parse_u64("12abc", &v));
	CHECK(!kho_parse_u64("0x10\n", &v));
}

TEST(util_parse_duration)
{
	uint64_t v;

	CHECK(kho_parse_duration("1ns", &v) && v == 1);
	CHECK(kho_parse_duration("250ms", &v) && v == 250000000);
	CHECK(kho_parse_duration("2s", &v) && v == 2000000000);
	CHECK(kho_parse_duration("1.5s", &v) && v == 1500000000);
	CHECK(kho_parse_duration("0.000000001s", &v) && v == 1);
	CHECK(kho_parse_duration("20us", &v) && v == 20000);
	CHECK(kho_parse_duration("1.25ms", &v) && v == 1250000);
	CHECK(kho_parse_duration("18446744073s", &v) && v == 18446744073000000000ULL);
	CHECK(!kho_parse_duration("18446744074s", &v));
	CHECK(!kho_parse_duration("1.5ns", &v));
	CHECK(!kho_parse_duration("0.0000000001s", &v));
	CHECK(!kho_parse_duration("2", &v));
	CHECK(!kho_parse_duration("", &v));
	CHECK(!kho_parse_duration("s", &v));
	CHECK(!kho_parse_duration(".5s", &v));
	CHECK(!kho_parse_duration("1.s", &v));
	CHECK(!kho_parse_duration("-1s", &v));
	CHECK(!kho_parse_duration("1 s", &v));
	CHECK(!kho_parse_duration("1sec", &v));
	CHECK(!kho_parse_duration("99999999999999999999ns", &v));
}

TEST(util_escape)
{
	char b[64];

	CHECK_STR(kho_escape(b, sizeof(b), "a\x01\\z\x7f", 10), "a\\x01\\x5cz\\x7f");
	CHECK_STR(kho_escape(b, sizeof(b), "abcdef", 3), "abc");
	CHECK_STR(kho_escape(b, 5, "\x01\x02", 2), "\\x01");	/* never overflows */
}

TEST(util_read_file)
{
	char p[512], err[256];
	uint8_t *buf;
	size_t len;
	FILE *f;

	snprintf(p, sizeof(p), "%s/util-read.bin", unit_work());
	f = fopen(p, "wb");
	CHECK(f);
	fwrite("0123456789", 1, 10, f);
	fclose(f);
	CHECK(kho_read_file(p, 10, &buf, &len, err, sizeof(err)) == 0);
	CHECK(len == 10 && !memcmp(buf, "0123456789", 10) && buf[10] == 0);
	free(buf);
	CHECK(kho_read_file(p, 9, &buf, &len, err, sizeof(err)) == -1);
	CHECK(strstr(err, "too large"));
	CHECK(kho_read_file(unit_work(), 100, &buf, &len, err, sizeof(err)) == -1);
	CHECK(strstr(err, "not a regular file"));
	snprintf(p, sizeof(p), "%s/does-not-exist", unit_work());
	CHECK(kho_read_file(p, 100, &buf, &len, err, sizeof(err)) == -1);
	CHECK(strstr(err, "No such file"));
	CHECK(kho_read_file("/proc/self/stat", 4096, &buf, &len, err, sizeof(err)) == 0);
	CHECK(len > 0);	/* procfs files report size 0: read until EOF */
	free(buf);
}

TEST(util_diag_cap)
{
	struct kho_diags *d = calloc(1, sizeof(*d));

	CHECK(d);
	for (int i = 0; i < KHO_DIAG_MAX + 10; i++)
		kho_diag(d, i % 2 ? KHO_WARN : KHO_PROBLEM, "n=%d", i);
	CHECK_U64(d->n, KHO_DIAG_MAX);
	CHECK_U64(d->dropped, 10);
	CHECK_U64(kho_diag_count(d, KHO_PROBLEM), KHO_DIAG_MAX / 2 + 10);
	CHECK_STR(d->d[3].msg, "n=3");
	free(d);
}
