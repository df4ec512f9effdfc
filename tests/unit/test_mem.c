// SPDX-License-Identifier: GPL-2.0
/* Unit tests: physical memory from ELF cores. */
#include <elf.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "../../tools/lib/kho_mem.h"
#include "../lib/kho_synth.h"
#include "unit.h"

TEST(mem_elf_roundtrip)
{
	struct kho_synth_mem m;
	struct kho_mem mem;
	char p[512], err[256];
	uint8_t page[4096];

	snprintf(p, sizeof(p), "%s/mem.elf", unit_work());
	kho_synth_mem_init(&m, 0x10000000, 8, KHO_LITTLE);
	kho_synth_preserve(&m, 0x1000, 0);
	CHECK(kho_synth_write_elf(&m, p) == 0);
	CHECK(kho_mem_open(&mem, p, err, sizeof(err)) == 0);
	CHECK(kho_mem_read(&mem, 0x10000000, page, 4096) == 0);
	CHECK(!memcmp(page, m.base, 4096));
	CHECK(kho_mem_read(&mem, 0x10000000 + 4096 * m.used - 8, page, 8) == 0);
	CHECK(kho_mem_read(&mem, 0x10000000 + 4096 * m.used - 8, page, 16) == -1);
	CHECK(kho_mem_read(&mem, 0xfff000, page, 16) == -1);
	kho_mem_close(&mem);
	kho_synth_mem_free(&m);
}

static int open_patched(size_t off, const void *v, size_t len, char *err)
{
	struct kho_synth_mem m;
	struct kho_mem mem;
	char p[512];
	FILE *f;
	int r;

	snprintf(p, sizeof(p), "%s/bad.elf", unit_work());
	kho_synth_mem_init(&m, 0x10000000, 4, KHO_LITTLE);
	kho_synth_write_elf(&m, p);
	kho_synth_mem_free(&m);
	f = fopen(p, "r+b");
	fseek(f, (long)off, SEEK_SET);
	fwrite(v, 1, len, f);
	fclose(f);
	r = kho_mem_open(&mem, p, err, 256);
	if (!r)
		kho_mem_close(&mem);
	return r;
}

TEST(mem_elf_malformed)
{
	char err[256];
	uint64_t big = 1ull << 40;
	uint16_t n = 60000;
	uint8_t c32 = ELFCLASS32;
	uint32_t note = PT_NOTE;

	CHECK(open_patched(0, "XELF", 4, err) == -1 && strstr(err, "not an ELF"));
	CHECK(open_patched(EI_CLASS, &c32, 1, err) == -1 && strstr(err, "ELF64"));
	CHECK(open_patched(offsetof(Elf64_Ehdr, e_phnum), &n, 2, err) == -1 &&
	      strstr(err, "program header"));
	CHECK(open_patched(sizeof(Elf64_Ehdr) + offsetof(Elf64_Phdr, p_filesz), &big, 8, err) == -1 &&
	      strstr(err, "outside the file"));
	CHECK(open_patched(sizeof(Elf64_Ehdr), &note, 4, err) == -1 && strstr(err, "no PT_LOAD"));
	CHECK(open_patched(0, "\x7f" "ELF", 4, err) == 0);	/* the unpatched file is fine */
}

/*
 * An ELF64 core of @n PT_LOAD segments @seg = { paddr, size, file offset }
 * over @datalen bytes at 0x1000, byte i of which is (i * 7) & 0xff; its
 * descriptor, open (for /proc/self/fd paths).
 */
static int write_core(const char *p, const uint64_t (*seg)[3], unsigned int n, size_t datalen)
{
	Elf64_Ehdr eh = { .e_type = ET_CORE, .e_machine = EM_X86_64, .e_version = EV_CURRENT,
			  .e_phoff = sizeof(eh), .e_ehsize = sizeof(eh),
			  .e_phentsize = sizeof(Elf64_Phdr), .e_phnum = (uint16_t)n };
	uint8_t *f = calloc(1, 0x1000 + datalen);
	int fd;

	if (!f || sizeof(eh) + n * sizeof(Elf64_Phdr) > 0x1000)
		abort();
	memcpy(eh.e_ident, ELFMAG, SELFMAG);
	eh.e_ident[EI_CLASS] = ELFCLASS64;
	eh.e_ident[EI_DATA] = ELFDATA2LSB;
	eh.e_ident[EI_VERSION] = EV_CURRENT;
	memcpy(f, &eh, sizeof(eh));
	for (unsigned int i = 0; i < n; i++) {
		Elf64_Phdr ph = { .p_type = PT_LOAD, .p_paddr = seg[i][0], .p_filesz = seg[i][1],
				  .p_memsz = seg[i][1], .p_offset = seg[i][2] };

		memcpy(f + sizeof(eh) + i * sizeof(ph), &ph, sizeof(ph));
	}
	for (size_t i = 0; i < datalen; i++)
		f[0x1000 + i] = (uint8_t)(i * 7);
	fd = open(p, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0 || write(fd, f, 0x1000 + datalen) != (ssize_t)(0x1000 + datalen))
		abort();
	free(f);
	return fd;
}

/* Whether @len bytes at @phys read as the data at file offset @off. */
static bool reads_as(struct kho_mem *m, uint64_t phys, size_t len, uint64_t off)
{
	uint8_t b[4096];

	if (len > sizeof(b) || kho_mem_read(m, phys, b, len))
		return false;
	for (size_t i = 0; i < len; i++)
		if (b[i] != (uint8_t)((off - 0x1000 + i) * 7))
			return false;
	return true;
}

/* Found reading kho_mem_read for fuzz_core's finding below: past 16
 * segments starting below an address, the one holding it was not looked
 * at. */
TEST(mem_elf_many_overlaps)
{
	uint64_t seg[21][3] = { { 0x100000, 0x20000, 0x1000 } };
	static uint8_t buf[0x1000];
	struct kho_mem m;
	char p[512], err[256];
	int fd;

	for (unsigned int i = 1; i < 21; i++) {	/* 0x100 bytes at each page */
		seg[i][0] = 0x100000 + i * 0x1000;
		seg[i][1] = 0x100;
		seg[i][2] = 0x1000 + i * 0x1000;
	}
	snprintf(p, sizeof(p), "%s/overlaps.elf", unit_work());
	fd = write_core(p, seg, 21, 0x20000);
	close(fd);
	CHECK(kho_mem_open(&m, p, err, sizeof(err)) == 0);
	CHECK(m.nsegs == 21);
	CHECK(reads_as(&m, 0x11f800, 0x800, 0x1000 + 0x1f800));
	CHECK(reads_as(&m, 0x114080, 0x10, 0x1000 + 0x14080));	/* a small one too */
	CHECK(reads_as(&m, 0x100000, 4096, 0x1000));
	CHECK(kho_mem_read(&m, 0x11f800, buf, 0x801) == -1);	/* past the big one */
	CHECK(kho_mem_read(&m, 0xfffff, buf, 1) == -1);
	kho_mem_close(&m);
}

/* Found by fuzz_core: in a core of unknown size (/proc), a segment whose
 * bytes are past the end hid an earlier one holding the same range. */
TEST(mem_elf_unreadable_overlap)
{
	/* [0x200000, +0x2000) in the file; [0x201000, +0x1000) past its end */
	static const uint64_t seg[2][3] = { { 0x200000, 0x2000, 0x1000 },
					    { 0x201000, 0x1000, 0x100000 } };
	static uint8_t buf[0x1000];
	struct kho_mem m;
	char p[512], proc[64], err[256];
	int fd;

	snprintf(p, sizeof(p), "%s/unreadable.elf", unit_work());
	fd = write_core(p, seg, 2, 0x2000);
	CHECK(kho_mem_open(&m, p, err, sizeof(err)) == -1 && strstr(err, "outside the file"));
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	CHECK(kho_mem_open(&m, proc, err, sizeof(err)) == 0);
	close(fd);
	CHECK(m.file_size == 0);
	CHECK(reads_as(&m, 0x201ff0, 0x10, 0x1000 + 0x1ff0));
	CHECK(reads_as(&m, 0x200000, 0x1000, 0x1000));
	CHECK(reads_as(&m, 0x201000, 0x1000, 0x1000 + 0x1000));
	CHECK(kho_mem_read(&m, 0x201ff0, buf, 0x11) == -1);
	kho_mem_close(&m);
}

/* On a live system: the banner of /proc/version is in "Kernel rodata". */
TEST(mem_live_kcore)
{
	struct kho_mem mem;
	char err[256], line[256], banner[64] = "";
	unsigned long long lo = 0, hi = 0;
	static uint8_t buf[1 << 16];
	FILE *f;
	bool found = false;

	if (kho_mem_open(&mem, "/proc/kcore", err, sizeof(err))) {
		unit_skip("/proc/kcore not readable here (needs root and CONFIG_PROC_KCORE)");
		return;
	}
	f = fopen("/proc/iomem", "r");
	while (f && fgets(line, sizeof(line), f))
		if (strstr(line, "Kernel rodata"))
			sscanf(line, " %llx-%llx", &lo, &hi);
	if (f)
		fclose(f);
	f = fopen("/proc/version", "r");
	if (f) {
		if (!fgets(banner, 40, f))
			banner[0] = 0;
		fclose(f);
	}
	if (!lo || !banner[0]) {
		kho_mem_close(&mem);
		unit_skip("no Kernel rodata range in /proc/iomem (not root?)");
		return;
	}
	for (uint64_t p = lo; p < hi && !found; p += sizeof(buf) - 64) {
		size_t n = hi - p < sizeof(buf) ? hi - p : sizeof(buf);

		if (kho_mem_read(&mem, p, buf, n))
			break;
		found = memmem(buf, n, banner, strlen(banner)) != NULL;
	}
	kho_mem_close(&mem);
	CHECK(found);
}
