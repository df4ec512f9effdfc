// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: one untrusted blob through everything khodump does with
 * it - decode as root / each known sub-blob name, both byte orders, checks,
 * JSON and human (kho_text) output, and the dts writer.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../tools/khodump/dts.h"
#include "../../tools/lib/kho_text.h"

static FILE *sink;

static void one(const uint8_t *data, size_t size, const char *name, enum kho_endian e)
{
	static struct kho_diags d;
	struct kho_blob b;
	struct kout o;
	char err[256];

	d.n = d.dropped = 0;
	kho_blob_decode(&b, name, data, size, e, &d);
	kho_blob_check(&b, &d);
	kout_init(&o, sink);
	kout_begin(&o);
	kho_blob_emit(&o, &b, 64);
	kout_end(&o);
	fprintf(sink, "%s\n", kho_blob_summary(&b, err, sizeof(err)));
	kho_blob_text(sink, &b, "  ", 64);
	if (b.fdt.buf)
		khodump_dts(sink, &b, "fuzz", &d, err, sizeof(err));
	kho_blob_free(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = { NULL, "memblock", "kexec-metadata", "LUO", "kho_test" };
	struct kho_scratch_ser *s;
	size_t n;
	char err[128], *txt;

	if (!sink)
		sink = fopen("/dev/null", "w");
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		one(data, size, names[i], i & 1 ? KHO_BIG : KHO_LITTLE);
	/* the same bytes as scratch_phys/scratch_len text */
	txt = malloc(size + 1);
	if (txt) {
		memcpy(txt, data, size);
		txt[size] = 0;
		if (!kho_parse_scratch(txt, txt, &s, &n, err, sizeof(err))) {
			static struct kho_diags d;

			d.n = 0;
			kho_scratch_check(s, n, &d);
			free(s);
		}
		free(txt);
	}
	return 0;
}
