// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: khoverify's save metadata (DIR/khoverify-save), read
 * back after a kexec from a directory anyone could have written.  Either a
 * one-line error, or a metadata whose strings are terminated, printable,
 * space-free and within their fields, as kv_meta_parse promises.
 */
#include <stdlib.h>
#include <string.h>

#include "../../tools/khoverify/khoverify.h"

static void printable(const char *s, size_t max)
{
	size_t l = strnlen(s, max);

	if (l == max)
		abort();
	for (size_t i = 0; i < l; i++)
		if (s[i] < 0x21 || s[i] > 0x7e)
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kv_meta m;
	char err[256];

	if (kv_meta_parse(&m, (const char *)data, size, err, sizeof(err))) {
		if (!err[0] || strchr(err, '\n'))
			abort();
		return 0;
	}
	if (!m.release[0] || !m.boot_id[0])
		abort();
	printable(m.release, sizeof(m.release));
	printable(m.boot_id, sizeof(m.boot_id));
	if (m.debugfs[0])
		printable(m.debugfs, sizeof(m.debugfs));
	if (m.snoop_log[0])
		printable(m.snoop_log, sizeof(m.snoop_log));
	return 0;
}
