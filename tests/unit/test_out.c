// SPDX-License-Identifier: GPL-2.0
/* Unit tests: kho_out, the JSON writer. */
#include <stdlib.h>

#include "../../tools/lib/kho_out.h"
#include "unit.h"

static void doc(struct kout *o)
{
	kout_begin(o);
	kout_str(o, "name", "kexec-\"meta\"\n\x01");
	kout_u64(o, "addr", 0x3dc00000);
	kout_u64(o, "size", 0x4000000);
	kout_obj(o, "blob");
	kout_bool(o, "ok", true);
	kout_null(o, "none");
	kout_close(o);
	kout_arr(o, "list");
	kout_obj(o, NULL);
	kout_u64(o, "a", 1);
	kout_u64(o, "b", 73);
	kout_close(o);
	kout_u64(o, NULL, 7);
	kout_close(o);
	kout_arr(o, "empty");
	kout_close(o);
	kout_bytes(o, "raw", "\x01\x02\xff", 3, 16);
	kout_end(o);
}

static char *render(void)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct kout o;

	kout_init(&o, f);
	doc(&o);
	fclose(f);
	return buf;
}

TEST(out_json)
{
	char *s = render();

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
