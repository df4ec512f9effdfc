// SPDX-License-Identifier: GPL-2.0
/* Unit tests: kho_out text and JSON rendering. */
#include <stdlib.h>

#include "../../tools/lib/kho_out.h"
#include "unit.h"

static void doc(struct kout *o)
{
	kout_begin(o);
	kout_str(o, "name", "kexec-\"meta\"\n\x01");
	kout_u64(o, "addr", 0x3dc00000, KOUT_HEX);
	kout_u64(o, "size", 0x4000000, KOUT_HEXSIZE);
	kout_obj(o, "blob");
	kout_bool(o, "ok", true);
	kout_null(o, "none");
	kout_close(o);
	kout_arr(o, "list");
	kout_obj(o, NULL);
	kout_u64(o, "a", 1, KOUT_DEC);
	kout_u64(o, "b", 73, KOUT_SIZE);
	kout_close(o);
	kout_u64(o, NULL, 7, KOUT_DEC);
	kout_close(o);
	kout_arr(o, "empty");
	kout_close(o);
	kout_bytes(o, "raw", "\x01\x02\xff", 3, 16);
	kout_end(o);
}

static char *render(bool json)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct kout o;

	kout_init(&o, f, json);
	doc(&o);
	fclose(f);
	return buf;
}

TEST(out_json)
{
	char *s = render(true);

	CHECK_STR(s, "{\n"
		  "  \"name\": \"kexec-\\\"meta\\\"\\n\\u0001\",\n"
		  "  \"addr\": 1035993088,\n"
		  "  \"size\": 67108864,\n"
		  "  \"blob\": {\n"
		  "    \"ok\": true,\n"
		  "    \"none\": null\n"
		  "  },\n"
		  "  \"list\": [\n"
		  "    {\n"
		  "      \"a\": 1,\n"
		  "      \"b\": 73\n"
		  "    },\n"
		  "    7\n"
		  "  ],\n"
		  "  \"empty\": [],\n"
		  "  \"raw\": \"0102ff\"\n"
		  "}\n");
	free(s);
}

TEST(out_text)
{
	char *s = render(false);

	CHECK_STR(s, "name: \"kexec-\\\"meta\\\"\\n\\u0001\"\n"
		  "addr: 0x3dc00000\n"
		  "size: 0x4000000 (64 MiB)\n"
		  "blob:\n"
		  "  ok: true\n"
		  "  none: (none)\n"
		  "list:\n"
		  "  - a: 1\n"
		  "    b: 73 (73 B)\n"
		  "  - 7\n"
		  "empty:\n"
		  "  (none)\n"
		  "raw: 01 02 ff\n");
	free(s);
}
