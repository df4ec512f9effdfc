/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kho_luo.h - follow a luo-v5 header through physical memory: session block
 * chain, each session's file block chain, and memfd-v2 file state.  Block
 * chains are bounded (KHO_MAX_BLOCKS) and cycle-checked (Brent); counts are
 * checked as 7.2 does (1 <= count <= entries per block).
 */
#ifndef KHO_LUO_H
#define KHO_LUO_H

#include "kho_decode.h"
#include "kho_radix.h"

#define KHO_LUO_MAX_FILES	4096

struct kho_luo_file {
	unsigned int session;
	char compat[KHO_LUO_HNDL_COMPAT_LEN + 1];
	uint64_t data, token;
	bool is_memfd, memfd_ok;
	struct kho_memfd_luo_ser memfd;	/* host order */
};

struct kho_luo_session {
	char name[KHO_LUO_SESSION_NAME_LEN + 1];
	uint64_t files_pa, count;
};

struct kho_luo_state {
	struct kho_luo_session *sessions;
	size_t nsessions;
	struct kho_luo_file *files;
	size_t nfiles;
	bool truncated;		/* a limit cut the walk short */
};

/* Walks what @l points to; problems go to @d. */
void kho_luo_walk(const struct kho_luo *l, kho_read_fn rd, void *ctx,
		  enum kho_endian e, struct kho_luo_state *s, struct kho_diags *d);
void kho_luo_state_free(struct kho_luo_state *s);
void kho_luo_state_emit(struct kout *o, const struct kho_luo_state *s);

#endif
