// SPDX-License-Identifier: GPL-2.0
/* Unit tests: physical memory from ELF cores. */
#include <elf.h>
#include <stdlib.h>

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
