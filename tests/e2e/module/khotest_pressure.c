// SPDX-License-Identifier: GPL-2.0
/*
 * khotest_pressure - a large KHO client whose data must survive memory
 * pressure in the next kernel (k612-pressure).
 *
 *   insmod khotest_pressure.ko op=preserve mb=256 seed=S
 *   insmod khotest_pressure.ko op=restore seed=S          (next kernel)
 *   insmod khotest_pressure.ko op=verify-raw seed=S list=FILE
 *
 * op=preserve allocates folios of orders 0, 1, 2, 3, 4, 9 and MAX_PAGE_ORDER
 * in turn until mb MiB are held, fills every 64-bit word of every page with
 * a value derived from the seed and the word's physical address (a
 * xorshift of both: any moved, zeroed or overwritten word is caught), and
 * preserves each folio; the list goes to subtree "khotest-pressure" (a
 * kho_alloc_preserve() blob) and, one "khotest_pressure: folio phys=0x<p>
 * order=<o>" line each, to the kernel log.  The folios stay with the
 * module's memory: it never frees them in this kernel.
 *
 * op=restore takes every folio of the list over with kho_restore_folio(),
 * checks every word and frees it.  op=verify-raw checks the words of a list
 * read from FILE ("phys order" per line) through the direct map without
 * KHO: for a kernel that did not take the handover, to show that the check
 * detects what memory pressure did to unprotected pages.  Last line:
 *
 *   khotest_pressure: <op> folios=<n> bytes=<b> bad_pages=<p> result=ok|<err>
 *
 * restore reports result=ok only with bad_pages=0; verify-raw always
 * reports what it found (result=ok: the list could be read).
 */
#include <linux/err.h>
#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/kernel_read_file.h>
#include <linux/kexec_handover.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/vmalloc.h>

static char *op = "preserve";
module_param(op, charp, 0444);
static unsigned int mb = 256;
module_param(mb, uint, 0444);
static ulong seed = 1;
module_param(seed, ulong, 0444);
static char *list = "";
module_param(list, charp, 0444);

#define KP_MAGIC	0x6b68707265737375ULL	/* "khpressu" */
#define KP_NAME		"khotest-pressure"
#define KP_MAX		4096

struct kp_entry {
	u64 phys;
	u64 order;
};

struct kp_blob {
	u64 magic;
	u64 seed;
	u64 n;
	struct kp_entry e[KP_MAX];
};

static const unsigned int kp_orders[] = { 0, 1, 2, 3, 4, 9, MAX_PAGE_ORDER };

static u64 kp_word(u64 phys)
{
	u64 x = phys ^ (seed * 0x9e3779b97f4a7c15ULL) ^ KP_MAGIC;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return x;
}

static void kp_fill(phys_addr_t phys, unsigned long nr)
{
	unsigned long p, i;

	for (p = 0; p < nr; p++) {
		u64 *w = phys_to_virt(phys + p * PAGE_SIZE);

		for (i = 0; i < PAGE_SIZE / sizeof(u64); i++)
			w[i] = kp_word(phys + p * PAGE_SIZE + i * sizeof(u64));
		cond_resched();
	}
}

/* does the page at physical address phys, mapped at w, have a wrong word? */
static bool kp_page_bad(const u64 *w, phys_addr_t phys)
{
	unsigned long i;

	for (i = 0; i < PAGE_SIZE / sizeof(u64); i++)
		if (w[i] != kp_word(phys + i * sizeof(u64)))
			return true;
	return false;
}

/* pages of [phys, phys + nr pages) with at least one wrong word */
static unsigned long kp_bad_pages(phys_addr_t phys, unsigned long nr)
{
	unsigned long p, bad = 0;

	for (p = 0; p < nr; p++) {
		bad += kp_page_bad(phys_to_virt(phys + p * PAGE_SIZE),
				   phys + p * PAGE_SIZE);
		cond_resched();
	}
	return bad;
}

/*
 * The same check on pages this module does not own (verify-raw: the new
 * kernel did not revive them and may have given them to anybody). Each
 * page is read through a mapping of its own: DEBUG_PAGEALLOC takes free
 * pages out of the direct map, and KASAN would report a read of them
 * there as a use after free, which is what this check expects to find.
 */
static long kp_bad_pages_raw(phys_addr_t phys, unsigned long nr)
{
	unsigned long p, bad = 0;

	for (p = 0; p < nr; p++) {
		struct page *pg = pfn_to_page(PHYS_PFN(phys) + p);
		const u64 *w = vmap(&pg, 1, VM_MAP, PAGE_KERNEL_RO);

		if (!w)
			return -ENOMEM;
		bad += kp_page_bad(w, phys + p * PAGE_SIZE);
		vunmap(w);
		cond_resched();
	}
	return bad;
}

static void kp_result(u64 n, u64 bytes, unsigned long bad, int err)
{
	if (err)
		pr_info("khotest_pressure: %s folios=%llu bytes=%llu bad_pages=%lu result=%d\n",
			op, n, bytes, bad, err);
	else
		pr_info("khotest_pressure: %s folios=%llu bytes=%llu bad_pages=%lu result=ok\n",
			op, n, bytes, bad);
}

static int kp_preserve(void)
{
	u64 want = (u64)mb << 20, bytes = 0;
	struct kp_blob *b;
	int err = 0;

	b = kho_alloc_preserve(sizeof(*b));
	if (IS_ERR(b))
		return PTR_ERR(b);
	b->magic = KP_MAGIC;
	b->seed = seed;
	while (bytes < want && b->n < KP_MAX) {
		unsigned int order = kp_orders[b->n % ARRAY_SIZE(kp_orders)];
		struct folio *folio = folio_alloc(GFP_KERNEL | __GFP_NOWARN, order);
		phys_addr_t phys;

		if (!folio) {
			err = -ENOMEM;
			break;
		}
		phys = PFN_PHYS(folio_pfn(folio));
		kp_fill(phys, 1UL << order);
		err = kho_preserve_folio(folio);
		if (err) {
			folio_put(folio);
			break;
		}
		b->e[b->n].phys = phys;
		b->e[b->n].order = order;
		b->n++;
		bytes += PAGE_SIZE << order;
		pr_info("khotest_pressure: folio phys=%pa order=%u\n", &phys, order);
	}
	if (!err && bytes < want)
		err = -E2BIG;
	if (!err)
		err = kho_add_subtree(KP_NAME, b, sizeof(*b));
	/* on failure the preserved folios stay: a test module, not a client */
	kp_result(b->n, bytes, 0, err);
	return err;
}

static int kp_restore(void)
{
	unsigned long bad = 0;
	u64 i, bytes = 0;
	struct kp_blob *b;
	phys_addr_t phys;
	size_t size;
	int err;

	err = kho_retrieve_subtree(KP_NAME, &phys, &size);
	if (err)
		goto out_noblob;
	b = phys_to_virt(phys);
	if (size != sizeof(*b) || b->magic != KP_MAGIC || b->n > KP_MAX ||
	    b->seed != seed) {
		err = -EINVAL;
		goto out_noblob;
	}
	for (i = 0; i < b->n; i++) {
		struct folio *folio = kho_restore_folio(b->e[i].phys);

		if (!folio || folio_order(folio) != b->e[i].order) {
			pr_info("khotest_pressure: cannot restore phys=0x%llx order=%llu\n",
				b->e[i].phys, b->e[i].order);
			err = -EIO;
			break;
		}
		bad += kp_bad_pages(b->e[i].phys, 1UL << b->e[i].order);
		bytes += folio_size(folio);
		folio_put(folio);
	}
	if (!err && bad)
		err = -EIO;
	kp_result(i, bytes, bad, err);
	kho_restore_free(b);
	return err;

out_noblob:
	kp_result(0, 0, 0, err);
	return err;
}

static int kp_verify_raw(void)
{
	unsigned long bad = 0;
	u64 n = 0, bytes = 0;
	void *buf = NULL;
	char *s, *line;
	ssize_t len;
	int err = 0;

	len = kernel_read_file_from_path(list, 0, &buf, SZ_1M, NULL,
					 READING_UNKNOWN);
	if (len < 0) {
		kp_result(0, 0, 0, len);
		return len;
	}
	/* the file's bytes (vmalloc'ed) as a string of our own */
	s = kmemdup_nul(buf, len, GFP_KERNEL);
	vfree(buf);
	if (!s) {
		kp_result(0, 0, 0, -ENOMEM);
		return -ENOMEM;
	}
	buf = s;
	while ((line = strsep(&s, "\n")) != NULL) {
		unsigned long long phys;
		unsigned int order;
		long r;

		if (!*line)
			continue;
		if (sscanf(line, "%llx %u", &phys, &order) != 2 ||
		    order > MAX_PAGE_ORDER || !PAGE_ALIGNED(phys) ||
		    !pfn_valid(PHYS_PFN(phys)) ||
		    !pfn_valid(PHYS_PFN(phys) + (1UL << order) - 1)) {
			err = -EINVAL;
			break;
		}
		r = kp_bad_pages_raw(phys, 1UL << order);
		if (r < 0) {
			err = r;
			break;
		}
		bad += r;
		bytes += PAGE_SIZE << order;
		n++;
	}
	kfree(buf);
	kp_result(n, bytes, bad, err);
	return err;
}

static int __init kp_init(void)
{
	if (!strcmp(op, "preserve"))
		return kp_preserve();
	if (!strcmp(op, "restore"))
		return kp_restore();
	if (!strcmp(op, "verify-raw"))
		return kp_verify_raw();
	return -EINVAL;
}

static void __exit kp_exit(void)
{
}

module_init(kp_init);
module_exit(kp_exit);
MODULE_DESCRIPTION("kho-suite e2e helper: a large KHO client checked under memory pressure");
MODULE_LICENSE("GPL");
