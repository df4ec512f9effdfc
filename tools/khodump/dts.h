/* SPDX-License-Identifier: GPL-2.0 */
/* dts.h - khodump --dts: exact-bytes device-tree source with decoded comments. */
#ifndef KHODUMP_DTS_H
#define KHODUMP_DTS_H

#include <stdio.h>

#include "../lib/kho_decode.h"

/*
 * Writes @b (an FDT kind) as dts that dtc compiles back to the same nodes,
 * property names and value bytes.  Returns 0, or -1 with @err when the blob
 * cannot be represented (e.g. a name dtc cannot parse); warnings (things
 * that will not round-trip, such as lost names in a truncated blob) go to
 * @d.
 */
int khodump_dts(FILE *f, const struct kho_blob *b, const char *source,
		struct kho_diags *d, char *err, size_t errlen);

#endif
