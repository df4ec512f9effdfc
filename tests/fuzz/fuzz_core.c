// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: khodump --memmap --core's ELF reader (kho_mem) on an
 * untrusted ELF64 core (a vmcore, /proc/kcore).  The input is written to a
 * file and opened twice: by its own name (size known, every segment must lie
 * in the file) and as /proc/self/fd/N (size unknown, as for /proc/kcore).
 *
 * kho_mem_read's promise is checked against an oracle that reads the
 * program headers itself: a range inside one PT_LOAD segment (with a
 * physical address) whose bytes are in the file reads those bytes; a range
 * no segment holds fails.  Then, as khodump does, the radix tree is walked
 * from the lowest segment's physical address and LUO from e_entry (unused
 * in core files, so mutations pick it), and both are rendered.
 *
 * fuzz-max-len: 131072 (the seed cores are up to 104 KiB)
 */
#include <elf.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../tools/lib/kho_mem.h"
#include "fuzz_tmp.h"
#include "fuzz_walk.h"

#define PROBE_SEGS	32	/* segments whose edges are probed */
#define PROBE_MAX	8192	/* longest probe read */

static FILE *sink;

/* The input's PT_LOAD headers as the oracle sees them (or 0 of them). */
static size_t oracle_phdrs(const uint8_t *data, size_t size, Elf64_Phdr **out)
{
	Elf64_Ehdr eh;
	size_t n = 0;

	*out = NULL;
	if (size < sizeof(eh))
		return 0;
	memcpy(&eh, data, sizeof(eh));
	if (eh.e_phoff > size || (size - eh.e_phoff) / sizeof(Elf64_Phdr) < eh.e_phnum ||
	    !eh.e_phnum)
		return 0;
	*out = calloc(eh.e_phnum, sizeof(**out));
	if (!*out)
		abort();
	for (size_t i = 0; i < eh.e_phnum; i++) {
		Elf64_Phdr ph;

		memcpy(&ph, data + eh.e_phoff + i * sizeof(ph), sizeof(ph));
		if (ph.p_type == PT_LOAD && ph.p_filesz && ph.p_paddr != UINT64_MAX)
			(*out)[n++] = ph;
	}
	return n;
}

/*
 * Whether [phys, phys + len) lies in one segment whose bytes are all in the
 * input; then @want is one such segment's bytes (a match with any counts).
 */
static int covered(const Elf64_Phdr *ph, size_t n, const uint8_t *data, size_t size,
		   uint64_t phys, size_t len, const uint8_t *got)
{
	int in_seg = 0;

	for (size_t i = 0; i < n; i++) {
		uint64_t d = phys - ph[i].p_paddr;

		if (phys < ph[i].p_paddr || d >= ph[i].p_filesz || len > ph[i].p_filesz - d ||
		    ph[i].p_offset > size || d + len > size - ph[i].p_offset)
			continue;
		in_seg = 1;
		if (!got || !memcmp(got, data + ph[i].p_offset + d, len))
			return 2;
	}
	return in_seg;
}

static void probe(struct kho_mem *m, const Elf64_Phdr *ph, size_t n, const uint8_t *data,
		  size_t size, uint64_t phys, size_t len)
{
	static uint8_t buf[PROBE_MAX];
	int want, r;

	if (len > PROBE_MAX)
		len = PROBE_MAX;
	want = covered(ph, n, data, size, phys, len, NULL);
	r = kho_mem_read(m, phys, buf, len);
	if (want && r) {
		fprintf(stderr, "kho_mem_read(0x%llx, %zu) failed inside a segment\n",
			(unsigned long long)phys, len);
		abort();
	}
	if (!want && !r && len) {
		fprintf(stderr, "kho_mem_read(0x%llx, %zu) read outside every segment\n",
			(unsigned long long)phys, len);
		abort();
	}
	if (!r && len && covered(ph, n, data, size, phys, len, buf) != 2) {
		fprintf(stderr, "kho_mem_read(0x%llx, %zu): bytes of no segment\n",
			(unsigned long long)phys, len);
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char path[300], procpath[64];
	static int fd = -1;
	Elf64_Phdr *ph;
	size_t n;
	char err[512];

	if (fd < 0) {
		sink = fopen("/dev/null", "w");
		snprintf(path, sizeof(path), "%s/core", fuzz_tmp());
		fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
		if (fd < 0 || !sink)
			abort();
		snprintf(procpath, sizeof(procpath), "/proc/self/fd/%d", fd);
	}
	if (ftruncate(fd, 0) || (size && pwrite(fd, data, size, 0) != (ssize_t)size))
		abort();
	n = oracle_phdrs(data, size, &ph);
	for (int pass = 0; pass < 2; pass++) {
		static const struct kho_radix_limits lim = { 2048, 1024 };
		struct kho_scratch_ser scratch;
		struct kho_mem m;
		uint64_t entry = 0;

		if (kho_mem_open(&m, pass ? procpath : path, err, sizeof(err))) {
			if (m.fd != -1 || m.segs || m.nsegs)
				abort();	/* a failed open leaves nothing open */
			continue;
		}
		if (!m.nsegs || m.nsegs != n)
			abort();
		for (size_t i = 1; i < m.nsegs; i++)
			if (m.segs[i - 1].paddr > m.segs[i].paddr)
				abort();	/* sorted by paddr */
		for (size_t i = 0; i < n && i < PROBE_SEGS; i++) {
			uint64_t a = ph[i].p_paddr, l = ph[i].p_filesz;

			probe(&m, ph, n, data, size, a, l);
			probe(&m, ph, n, data, size, a, 1);
			probe(&m, ph, n, data, size, a - 1, 2);
			probe(&m, ph, n, data, size, a + l - 1, 1);
			probe(&m, ph, n, data, size, a + l - 1, 2);
			probe(&m, ph, n, data, size, a + l, 1);
			probe(&m, ph, n, data, size, a + l / 2, KHO_PAGE_SIZE);
		}
		if (size >= sizeof(Elf64_Ehdr))
			memcpy(&entry, data + offsetof(Elf64_Ehdr, e_entry), sizeof(entry));
		scratch.addr = m.segs[0].paddr;
		scratch.size = 0x400000;
		fuzz_memmap(m.segs[0].paddr, kho_mem_read, &m, KHO_LITTLE, &lim, &scratch, sink);
		if (entry)
			fuzz_luo(entry, kho_mem_read, &m, sink);
		kho_mem_close(&m);
	}
	free(ph);
	return 0;
}
