// SPDX-License-Identifier: GPL-2.0
/*
 * khotest_mem - fill or verify a reserve_mem= region for kho-suite's e2e tests.
 *
 *   insmod khotest_mem.ko label=khotest op=fill seed=0x1234
 *   insmod khotest_mem.ko label=khotest op=verify seed=0x1234 expect_start=0x...
 *
 * The region is found by its reserve_mem= label.  "fill" writes a pattern
 * derived from (seed, word index); "verify" checks every word and, when
 * expect_start is given, that the region sits at that physical address.
 * Each load prints exactly one result line:
 *
 *   khotest_mem: <op> label=<l> start=0x<s> size=0x<n> result=ok
 *   khotest_mem: <op> label=<l> start=0x<s> size=0x<n> result=<why>
 *
 * and returns 0 on success, -ENOENT / -EFAULT / -EIO on failure.  The
 * module only prints from init; unload it before the next use.
 */
#include <linux/io.h>
#include <linux/memblock.h>
#include <linux/module.h>
#include <linux/string.h>

static char *label = "khotest";
module_param(label, charp, 0444);
static char *op = "verify";
module_param(op, charp, 0444);
static unsigned long seed = 0x6b686f;
module_param(seed, ulong, 0444);
static unsigned long expect_start;
module_param(expect_start, ulong, 0444);

static u64 pattern(u64 i)
{
	/* splitmix64 of (seed, index): distinct, position dependent */
	u64 z = seed + (i + 1) * 0x9e3779b97f4a7c15ULL;

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static int __init khotest_mem_init(void)
{
	phys_addr_t start = 0, size = 0;
	u64 i, nwords, bad = 0, first_bad = 0;
	bool fill = !strcmp(op, "fill");
	u64 *p;

	if (!fill && strcmp(op, "verify")) {
		pr_info("khotest_mem: %s label=%s result=bad-op\n", op, label);
		return -EINVAL;
	}
	if (!reserve_mem_find_by_name(label, &start, &size)) {
		pr_info("khotest_mem: %s label=%s result=no-region\n", op, label);
		return -ENOENT;
	}
	if (expect_start && start != expect_start) {
		pr_info("khotest_mem: %s label=%s start=%pa size=%pa result=moved-from-0x%lx\n",
			op, label, &start, &size, expect_start);
		return -EFAULT;
	}
	p = memremap(start, size, MEMREMAP_WB);
	if (!p) {
		pr_info("khotest_mem: %s label=%s start=%pa size=%pa result=memremap-failed\n",
			op, label, &start, &size);
		return -ENOMEM;
	}
	nwords = size / sizeof(u64);
	for (i = 0; i < nwords; i++) {
		if (fill) {
			p[i] = pattern(i);
		} else if (p[i] != pattern(i)) {
			if (!bad++)
				first_bad = i * sizeof(u64);
		}
	}
	memunmap(p);
	if (bad) {
		pr_info("khotest_mem: %s label=%s start=%pa size=%pa result=%llu-bad-words-first-at-0x%llx\n",
			op, label, &start, &size, bad, first_bad);
		return -EIO;
	}
	pr_info("khotest_mem: %s label=%s start=%pa size=%pa result=ok\n",
		op, label, &start, &size);
	return 0;
}

static void __exit khotest_mem_exit(void)
{
}

module_init(khotest_mem_init);
module_exit(khotest_mem_exit);
MODULE_DESCRIPTION("kho-suite e2e helper: fill/verify a reserve_mem region");
MODULE_LICENSE("GPL");
