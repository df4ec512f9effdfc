// SPDX-License-Identifier: GPL-2.0
/* kho_mem.c - read physical memory out of ELF64 core files (see kho_mem.h). */
#include "kho_mem.h"
#include "kho_util.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int pread_full(int fd, void *buf, size_t len, uint64_t off)
{
	uint8_t *p = buf;

	while (len) {
		ssize_t r = pread(fd, p, len, (off_t)off);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		p += r;
		len -= (size_t)r;
		off += (uint64_t)r;
	}
	return 0;
}

static int cmp_seg(const void *a, const void *b)
{
	const struct kho_mem_seg *x = a, *y = b;

	return x->paddr < y->paddr ? -1 : x->paddr > y->paddr;
}

int kho_mem_open(struct kho_mem *m, const char *path, char *err, size_t errlen)
{
	Elf64_Ehdr eh;
	struct stat st;
	Elf64_Phdr *ph = NULL;

	memset(m, 0, sizeof(*m));
	m->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (m->fd < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (!fstat(m->fd, &st) && S_ISREG(st.st_mode) && st.st_size > 0 &&
	    strncmp(path, "/proc/", 6))
		m->file_size = (uint64_t)st.st_size;
	if (pread_full(m->fd, &eh, sizeof(eh), 0) ||
	    memcmp(eh.e_ident, ELFMAG, SELFMAG)) {
		snprintf(err, errlen, "%s: not an ELF file", path);
		goto fail;
	}
	if (eh.e_ident[EI_CLASS] != ELFCLASS64 || eh.e_ident[EI_DATA] != ELFDATA2LSB ||
	    eh.e_type != ET_CORE) {
		snprintf(err, errlen, "%s: not a little-endian ELF64 core file", path);
		goto fail;
	}
	if (eh.e_phentsize != sizeof(Elf64_Phdr) || eh.e_phnum == 0 ||
	    eh.e_phnum == PN_XNUM ||
	    (m->file_size && (eh.e_phoff > m->file_size ||
			      (uint64_t)eh.e_phnum * sizeof(Elf64_Phdr) >
			      m->file_size - eh.e_phoff))) {
		snprintf(err, errlen, "%s: bad ELF program header table", path);
		goto fail;
	}
	ph = calloc(eh.e_phnum, sizeof(*ph));
	m->segs = calloc(eh.e_phnum, sizeof(*m->segs));
	if (!ph || !m->segs) {
		snprintf(err, errlen, "out of memory");
		goto fail;
	}
	if (pread_full(m->fd, ph, eh.e_phnum * sizeof(*ph), eh.e_phoff)) {
		snprintf(err, errlen, "%s: short read of program headers", path);
		goto fail;
	}
	for (unsigned int i = 0; i < eh.e_phnum; i++) {
		if (ph[i].p_type != PT_LOAD || !ph[i].p_filesz || ph[i].p_paddr == UINT64_MAX)
			continue;
		if (ph[i].p_paddr + ph[i].p_filesz < ph[i].p_paddr ||
		    ph[i].p_offset + ph[i].p_filesz < ph[i].p_offset ||
		    (m->file_size && ph[i].p_offset + ph[i].p_filesz > m->file_size)) {
			snprintf(err, errlen, "%s: PT_LOAD %u lies outside the file", path, i);
			goto fail;
		}
		m->segs[m->nsegs].paddr = ph[i].p_paddr;
		m->segs[m->nsegs].filesz = ph[i].p_filesz;
		m->segs[m->nsegs].offset = ph[i].p_offset;
		m->nsegs++;
	}
	free(ph);
	if (!m->nsegs) {
		snprintf(err, errlen, "%s: no PT_LOAD segment with a physical address", path);
		kho_mem_close(m);
		return -1;
	}
	qsort(m->segs, m->nsegs, sizeof(*m->segs), cmp_seg);
	for (size_t i = 0, best = 0; i < m->nsegs; i++) {
		const struct kho_mem_seg *b = &m->segs[best], *s = &m->segs[i];

		if (s->paddr + s->filesz > b->paddr + b->filesz)
			best = i;
		m->segs[i].reach = best;
	}
	return 0;
fail:
	free(ph);
	kho_mem_close(m);
	return -1;
}

void kho_mem_close(struct kho_mem *m)
{
	if (m->fd >= 0)
		close(m->fd);
	free(m->segs);
	memset(m, 0, sizeof(*m));
	m->fd = -1;
}

/* Whether @s holds all of [phys, phys+len). */
static bool holds(const struct kho_mem_seg *s, uint64_t phys, size_t len)
{
	return phys >= s->paddr && phys - s->paddr < s->filesz &&
	       len <= s->filesz - (phys - s->paddr);
}

int kho_mem_read(void *ctx, uint64_t phys, void *buf, size_t len)
{
	const struct kho_mem *m = ctx;
	const struct kho_mem_seg *s;
	size_t lo = 0, hi = m->nsegs;

	/* lo: the segments starting at or below phys are segs[0..lo) */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (m->segs[mid].paddr <= phys)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!lo)
		return -1;
	/* of those, the one ending last holds the range if any does */
	s = &m->segs[m->segs[lo - 1].reach];
	if (!holds(s, phys, len))
		return -1;
	if (!pread_full(m->fd, buf, len, s->offset + (phys - s->paddr)))
		return 0;
	/* its bytes are not there (a core of unknown size): any other one's */
	for (size_t i = lo; i-- > 0;)
		if (&m->segs[i] != s && holds(&m->segs[i], phys, len) &&
		    !pread_full(m->fd, buf, len, m->segs[i].offset + (phys - m->segs[i].paddr)))
			return 0;
	return -1;
}
