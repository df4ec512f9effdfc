// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests: kho_kv, the strict "key value" parser.  Every rule has a
 * passing case and a twin where the same input, broken, is refused with a
 * warning (never a crash, never a silently wrong value).
 */
#include <stdlib.h>

#include "../../tools/lib/kho_kv.h"
#include "unit.h"
#include "unit_diag.h"

static struct kho_diags diags;
static struct kho_kvs kv;

/* Parses NUL-terminated @txt into kv with fresh diagnostics. */
static int parse(const char *txt)
{
	memset(&diags, 0, sizeof(diags));
	kho_kv_free(&kv);
	return kho_kv_parse(&kv, "stats", txt, strlen(txt), &diags);
}

/* Some diagnostic contains @want. */
static bool said(const char *want)
{
	return diag_has(&diags, DIAG_ANY, want);
}

TEST(kv_values_in_order)
{
	uint64_t u;
	int64_t i;
	char b[32];

	CHECK(parse("preserved_bytes 12611584\nkexec_load -65899961\narea0_addr 0x37c00000\n"
		    "clock tsc\norder_10_blocks 1\n") == 0);
	CHECK_U64(diags.n, 0);
	CHECK_U64(kv.n, 5);
	CHECK_STR(kv.v[0].key, "preserved_bytes");
	CHECK_STR(kv.v[3].key, "clock");
	CHECK_STR(kv.v[4].key, "order_10_blocks");
	CHECK(kv.v[2].line == 3 && kv.v[2].hex && kv.v[3].type == KHO_KV_WORD);
	CHECK(kho_kv_u64(kho_kv_get(&kv, "preserved_bytes"), &u) && u == 12611584);
	CHECK(kho_kv_i64(kho_kv_get(&kv, "kexec_load"), &i) && i == -65899961);
	CHECK(!kho_kv_u64(kho_kv_get(&kv, "kexec_load"), &u));	/* negative */
	CHECK(kho_kv_u64(kho_kv_get(&kv, "area0_addr"), &u) && u == 0x37c00000);
	CHECK(!kho_kv_u64(kho_kv_get(&kv, "clock"), &u));
	CHECK(!kho_kv_i64(kho_kv_get(&kv, "clock"), &i));
	CHECK_STR(kho_kv_get(&kv, "clock")->word, "tsc");
	CHECK(kho_kv_get(&kv, "order_1_blocks") == NULL && kho_kv_get(&kv, "") == NULL);
	CHECK_STR(kho_kv_str(kho_kv_get(&kv, "area0_addr"), b, sizeof(b)), "0x37c00000");
	CHECK_STR(kho_kv_str(kho_kv_get(&kv, "kexec_load"), b, sizeof(b)), "-65899961");
	CHECK_STR(kho_kv_str(kho_kv_get(&kv, "clock"), b, sizeof(b)), "tsc");
	CHECK(parse("") == 0 && kv.n == 0 && diags.n == 0);
	kho_kv_free(&kv);
}

TEST(kv_number_limits)
{
	static const struct {
		const char *line;
		bool ok, u_ok, i_ok;
		uint64_t u;
		int64_t i;
	} t[] = {
		{ "k 0", true, true, true, 0, 0 },
		{ "k -0", true, true, true, 0, 0 },
		{ "k 007", true, true, true, 7, 7 },
		{ "k 9223372036854775807", true, true, true, INT64_MAX, INT64_MAX },
		{ "k 9223372036854775808", true, true, false, 1ull << 63, 0 },
		{ "k 18446744073709551615", true, true, false, UINT64_MAX, 0 },
		{ "k -9223372036854775808", true, false, true, 0, INT64_MIN },
		{ "k 0xffffffffffffffff", true, true, false, UINT64_MAX, 0 },
		{ "k 0x00000000000000000001", true, true, true, 1, 1 },
		{ "k 0xABCdef", true, true, true, 0xabcdef, 0xabcdef },
		/* twins: one digit too many, or junk */
		{ "k 18446744073709551616", false, false, false, 0, 0 },
		{ "k -9223372036854775809", false, false, false, 0, 0 },
		{ "k 0x10000000000000000", false, false, false, 0, 0 },
		{ "k 0x", false, false, false, 0, 0 },
		{ "k -", false, false, false, 0, 0 },
		{ "k -0x1", false, false, false, 0, 0 },
		{ "k 12x4", false, false, false, 0, 0 },
		{ "k 1e6", false, false, false, 0, 0 },
		{ "k 0xfg", false, false, false, 0, 0 },
		{ "k +1", false, false, false, 0, 0 },
		{ "k 5abc", false, false, false, 0, 0 },
	};

	for (size_t n = 0; n < KHO_ARRAY_SIZE(t); n++) {
		char line[64];
		uint64_t u = 0;
		int64_t i = 0;

		snprintf(line, sizeof(line), "%s\n", t[n].line);
		CHECK(parse(line) == 0);
		if (!t[n].ok) {
			if (kv.n != 0 || diags.n != 1 || !said("number"))
				fprintf(stderr, "  accepted: %s\n", t[n].line);
			CHECK(kv.n == 0 && diags.n == 1 && said("stats line 1: "));
			CHECK(said("number"));
			continue;
		}
		CHECK(kv.n == 1 && diags.n == 0);
		CHECK(kho_kv_u64(&kv.v[0], &u) == t[n].u_ok && (!t[n].u_ok || u == t[n].u));
		CHECK(kho_kv_i64(&kv.v[0], &i) == t[n].i_ok && (!t[n].i_ok || i == t[n].i));
	}
	kho_kv_free(&kv);
}

TEST(kv_malformed_lines_are_skipped_with_a_warning)
{
	static const struct {
		const char *line, *why;
	} t[] = {
		{ "Preserved_bytes 1", "bad key" },
		{ "a-b 1", "bad key" },
		{ "k\x01 1", "bad key" },
		{ "k  1", "bad value" },		/* two spaces */
		{ "k 1 ", "bad number" },		/* trailing space */
		{ "k 1\r", "bad number" },		/* CRLF */
		{ "k Tsc", "bad value" },
		{ "k ts-c", "bad value" },
		{ "k", "no space" },
		{ "", "empty line" },
		{ " 1", "empty key" },
		{ "k ", "empty value" },
		{ "kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk 1",
		  "key too long" },
		{ "k wwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwww",
		  "value too long" },
	};
	char txt[256];

	for (size_t n = 0; n < KHO_ARRAY_SIZE(t); n++) {
		/* the bad line between two good ones: only it is lost */
		snprintf(txt, sizeof(txt), "before 1\n%s\nafter 2\n", t[n].line);
		CHECK(parse(txt) == 0);
		if (kv.n != 2 || diags.n != 1 || !said(t[n].why))
			fprintf(stderr, "  line \"%s\": %u diags, first \"%s\"\n", t[n].line,
				diags.n, diags.n ? diags.d[0].msg : "");
		CHECK_U64(kv.n, 2);
		CHECK(kho_kv_get(&kv, "before") && kho_kv_get(&kv, "after"));
		CHECK_U64(diags.n, 1);
		CHECK(diags.d[0].sev == KHO_WARN && said("stats line 2: ") && said(t[n].why));
		CHECK(said("line ignored"));
	}
	/* twin: the longest key and word are fine */
	CHECK(parse("kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk "
		    "wwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwww\n") == 0);
	CHECK(kv.n == 1 && diags.n == 0);
	/* untrusted bytes are escaped in the message */
	CHECK(parse("k\x1b[31m 1\n") == 0 && said("k\\x1b[31m"));
	kho_kv_free(&kv);
}

TEST(kv_nul_byte_is_malformed_not_the_end)
{
	static const char txt[] = "a 1\nb 2\0junk\nc 3\n";

	memset(&diags, 0, sizeof(diags));
	CHECK(kho_kv_parse(&kv, "timing", txt, sizeof(txt) - 1, &diags) == 0);
	CHECK_U64(kv.n, 2);
	CHECK(kho_kv_get(&kv, "a") && kho_kv_get(&kv, "c") && !kho_kv_get(&kv, "b"));
	CHECK(diags.n == 1 && said("timing line 2: bad number: \"b 2\\x00junk\""));
	kho_kv_free(&kv);
}

TEST(kv_overlong_line)
{
	char txt[300];

	/* "k 000...07", exactly KHO_KV_LINE_MAX bytes (leading zeros are fine) */
	memset(txt, 0, sizeof(txt));
	memcpy(txt, "k ", 2);
	memset(txt + 2, '0', KHO_KV_LINE_MAX - 3);
	txt[KHO_KV_LINE_MAX - 1] = '7';
	txt[KHO_KV_LINE_MAX] = '\n';
	CHECK(parse(txt) == 0);
	CHECK(kv.n == 1 && diags.n == 0 && kv.v[0].mag == 7);
	/* twin: one byte more */
	memset(txt + 2, '0', KHO_KV_LINE_MAX - 2);
	txt[KHO_KV_LINE_MAX] = '7';
	txt[KHO_KV_LINE_MAX + 1] = '\n';
	CHECK(parse(txt) == 0);
	CHECK(kv.n == 0 && diags.n == 1 && said("line longer than 128 bytes"));
	kho_kv_free(&kv);
}

TEST(kv_duplicate_key_keeps_the_first)
{
	uint64_t v;

	CHECK(parse("bytes 100\nblocks 1\nbytes 200\nbytes 300\n") == 0);
	CHECK_U64(kv.n, 2);
	CHECK(kho_kv_u64(kho_kv_get(&kv, "bytes"), &v) && v == 100);
	CHECK_STR(kv.v[1].key, "blocks");
	CHECK_U64(diags.n, 2);
	CHECK(said("stats line 3: duplicate key \"bytes\" (first on line 1)"));
	CHECK(said("stats line 4: duplicate key \"bytes\" (first on line 1)"));
	CHECK_U64(kv.skipped, 2);
	/* twin: the same keys once each */
	CHECK(parse("bytes 100\nblocks 1\n") == 0 && kv.n == 2 && diags.n == 0 && !kv.skipped);
	kho_kv_free(&kv);
}

TEST(kv_missing_trailing_newline)
{
	uint64_t v;

	/* the last line is kept, and the cut is said */
	CHECK(parse("a 1\nb 22") == 0);
	CHECK(kv.n == 2 && kho_kv_u64(kho_kv_get(&kv, "b"), &v) && v == 22);
	CHECK(diags.n == 1 && said("stats line 2: no newline at the end of the file"));
	/* twin: with it, nothing to say */
	CHECK(parse("a 1\nb 22\n") == 0 && kv.n == 2 && diags.n == 0);
	kho_kv_free(&kv);
}

TEST(kv_warnings_are_capped_per_file)
{
	char *txt = malloc(100 * 8 + 1), *p = txt;

	CHECK(txt);
	for (int i = 0; i < 100; i++)
		p += sprintf(p, "BAD %02d\n", i);
	CHECK(parse(txt) == 0);
	free(txt);
	CHECK_U64(kv.n, 0);
	CHECK_U64(kv.skipped, 100);
	CHECK_U64(diags.n, KHO_KV_MAX_WARN + 1);
	CHECK(said("stats: 92 more malformed or duplicate lines ignored"));
	kho_kv_free(&kv);
}

TEST(kv_many_entries_and_lookups)
{
	size_t sz = (KHO_KV_MAX_ENTRIES + 10) * 24;
	char *txt = malloc(sz), *p = txt, key[32];
	uint64_t v;

	CHECK(txt);
	for (int i = 0; i < KHO_KV_MAX_ENTRIES + 10; i++)
		p += sprintf(p, "area%d_size %d\n", i, 2 * i);
	CHECK(parse(txt) == 0);
	free(txt);
	CHECK_U64(kv.n, KHO_KV_MAX_ENTRIES);
	CHECK(diags.n == 1 && said("more than 16384 entries, the rest is ignored"));
	for (int i = 0; i < KHO_KV_MAX_ENTRIES; i += 997) {
		snprintf(key, sizeof(key), "area%d_size", i);
		CHECK(kho_kv_u64(kho_kv_get(&kv, key), &v) && v == 2ull * i);
	}
	CHECK(!kho_kv_get(&kv, "area16384_size"));	/* beyond the cap */
	kho_kv_free(&kv);
}
