/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kho_mem.h - physical memory from an ELF core: /proc/kcore on a live
 * system (PT_LOAD p_paddr = physical address of RAM segments, -1 otherwise)
 * or a QEMU dump-guest-memory ELF dump (p_paddr = guest physical).
 */
#ifndef KHO_MEM_H
#define KHO_MEM_H

#include <stddef.h>
#include <stdint.h>

#define KHO_ELF_MAX_PHDRS	65535

struct kho_mem_seg {
	uint64_t paddr, filesz, offset;
	size_t reach;		/* of segs[0..this]: the one ending last */
};

struct kho_mem {
	int fd;
	struct kho_mem_seg *segs;	/* sorted by paddr */
	size_t nsegs;
	uint64_t file_size;		/* 0 when unknown (procfs) */
};

int kho_mem_open(struct kho_mem *m, const char *path, char *err, size_t errlen);
void kho_mem_close(struct kho_mem *m);
/*
 * 0, or -1 when [phys, phys+len) is not entirely backed by one segment
 * whose bytes can be read.  Overlapping segments (kcore's kernel text over
 * RAM) are fine, however many.
 */
int kho_mem_read(void *m, uint64_t phys, void *buf, size_t len);

#endif
