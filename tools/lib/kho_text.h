/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kho_text.h - human (operator-facing) rendering of libkho's decoded structs:
 * one-line summaries and indented detail lines, with hex addresses, start..end
 * ranges (end exclusive) and KiB/MiB/GiB sizes.  Every untrusted string is
 * escaped.  The machine-readable rendering is separate: kho_out.h (JSON) and
 * the *_emit functions next to each struct.
 */
#ifndef KHO_TEXT_H
#define KHO_TEXT_H

#include <stdio.h>

#include "kho_capture.h"
#include "kho_luo.h"
#include "kho_radix.h"

/* Widths that keep "0x...start..0x...end" and sizes in line. */
#define KHO_TEXT_SIZE_W	10	/* "1023.99 KiB" fits in practice */

/* "0x3de00000..0x3e200000": @start..@start+@size, end exclusive. */
const char *kho_fmt_range(uint64_t start, uint64_t size, char *buf, size_t n);

/* Role of scratch area @i in the cold-boot order: lowmem, global, node N. */
const char *kho_scratch_role(size_t i, char *buf, size_t n);

/* What a decoded blob is, on one line: "memblock-v1 FDT, 1 reserve_mem region". */
const char *kho_blob_summary(const struct kho_blob *b, char *buf, size_t n);

/*
 * The blob's decoded contents, one item per line, each line prefixed by
 * @indent: reserve_mem regions, kho_test values, kexec-metadata fields, the
 * LUO header; size + hexdump (at most @hexmax bytes) for unknown bytes.
 * The root FDT prints nothing here (its subtrees are the caller's layout).
 */
void kho_blob_text(FILE *f, const struct kho_blob *b, const char *indent, size_t hexmax);

/* Scratch areas: index, role, range, size, then the total. */
void kho_scratch_text(FILE *f, const struct kho_scratch_ser *s, size_t n,
		      const char *indent);

/* --memmap summary: blocks per order, total, ranges (at most @max_ranges). */
void kho_memmap_text(FILE *f, const struct kho_memmap *m,
		     const struct kho_scratch_ser *s, size_t ns, size_t max_ranges);

/* LUO sessions and their files (memfd details when decoded). */
void kho_luo_state_text(FILE *f, const struct kho_luo_state *s, const char *indent);

/* One difference as columns: '+' added, '-' missing, '~' changed. */
struct kho_change_text {
	char marker;
	const char *object;	/* "subtree", "reserve_mem", "root" */
	char name[80];		/* escaped */
	const char *verb;	/* "added", "missing", "moved", "resized", "changed" */
	char detail[256];	/* "0x50000000 -> 0x58000000", "2 MiB -> 4 MiB", ... */
};
void kho_change_text(const struct kho_change *c, struct kho_change_text *t);

#endif
