/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kho_ksym.h - kernel symbols from /proc/kallsyms (text symbols, modules
 * included): address to "func+0x1c/0x80 [module]", name to address range.
 */
#ifndef KHO_KSYM_H
#define KHO_KSYM_H

#include <stddef.h>
#include <stdint.h>

struct kho_ksym {
	uint64_t addr;
	uint64_t size;		/* up to the next symbol */
	const char *name;
	const char *mod;	/* NULL for vmlinux */
};

struct kho_ksyms {
	struct kho_ksym *v;
	size_t n;
	char *strings;
};

/*
 * Parse kallsyms text.  Returns 0, or -1 with errno (ENOMEM; ENOENT when
 * every address is 0, i.e. kptr_restrict hides them).
 */
int kho_ksyms_parse(struct kho_ksyms *k, const char *txt, size_t len);
int kho_ksyms_load(struct kho_ksyms *k, const char *path);
void kho_ksyms_free(struct kho_ksyms *k);
const struct kho_ksym *kho_ksym_find(const struct kho_ksyms *k, uint64_t addr);
const struct kho_ksym *kho_ksym_by_name(const struct kho_ksyms *k,
					const char *name);
/* "func+0x1c/0x80 [mod]" or "0x..." when unknown. */
const char *kho_ksym_fmt(const struct kho_ksyms *k, uint64_t addr, char *buf,
			 size_t n);

/* The owner of a caller: "func [mod]", "func", "0x..." or "(unknown)". */
const char *kho_ksym_owner(const struct kho_ksyms *k, uint64_t addr, char *buf,
			   size_t n);

/*
 * The KHO client of an event caught by fentry on stock 7.2: the first
 * return address on @stack that is neither BPF, tracing glue nor KHO's own
 * API.  0 when there is none.
 */
uint64_t kho_ksym_client(const struct kho_ksyms *k,
			 const unsigned long long *stack, size_t n);

#endif
