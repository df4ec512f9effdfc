/* SPDX-License-Identifier: GPL-2.0 */
/*
 * khodump.h - what khodump's modes share: options, a loaded input, and the
 * two renderings of each mode's result, kept apart: json.c (the documented
 * JSON schema) and text.c (the operator-facing tree).
 */
#ifndef KHODUMP_H
#define KHODUMP_H

#include "../lib/kho_capture.h"
#include "../lib/kho_luo.h"
#include "../lib/kho_radix.h"

#define KHODUMP_VERSION	"0.1.0"
#define JSON_SCHEMA	1

enum mode { MODE_DUMP, MODE_DTS, MODE_CHECK, MODE_DIFF, MODE_MEMMAP };

struct opts {
	enum mode mode;
	bool json, in, check;
	enum kho_endian endian;
	const char *debugfs, *core;
	uint64_t map_root;
	bool have_map_root;
	size_t hexmax, max_ranges;
	uint64_t max_nodes;
};

struct input {
	struct kho_capture cap;
	struct kho_decoded dec;
	struct kho_diags diags;		/* what the mode reports */
};

/* The root FDT's decoded root, or NULL (no fdt, or not a KHO root). */
const struct kho_root *input_root(const struct input *in);

/* --memmap results. */
struct memmap_result {
	const struct kho_memmap *mm;
	const struct kho_luo_state *luo;	/* NULL: no LUO blob */
};

/* json.c: one JSON document per mode (schema in khodump.1). */
void json_dump(const struct input *in, const struct opts *op);
void json_check(const struct input *in, const struct opts *op);
void json_diff(const struct input *a, const struct input *b,
	       const struct kho_changes *c, const struct opts *op);
void json_memmap(const struct input *in, const struct memmap_result *r,
		 const struct opts *op);

/* text.c: the human rendering of the same results. */
void text_dump(const struct input *in, const struct opts *op);
void text_check(const struct input *in, const struct opts *op);
void text_diff(const struct input *a, const struct input *b,
	       const struct kho_changes *c, const struct opts *op);
void text_memmap(const struct input *in, const struct memmap_result *r,
		 const struct opts *op);

#endif
