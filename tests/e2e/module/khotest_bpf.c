// SPDX-License-Identifier: GPL-2.0
/*
 * khotest_bpf - a KHO client with known preserves and restores, for
 * kho-suite's BPF scenarios (k612-bpf, k612-leak).
 *
 *   insmod khotest_bpf.ko op=preserve [leak_pages=N]
 *   insmod khotest_bpf.ko op=restore
 *
 * op=preserve preserves folios of orders 0, 2 and 3, a range of 5 pages,
 * and a folio it unpreserves again; it publishes the list of what it keeps
 * in subtree "khotest-bpf" (a kho_alloc_preserve() blob).  leak_pages=N
 * also preserves a range of N pages that is not in the list, so the next
 * kernel never restores it.  op=restore (next kernel) restores and checks
 * everything in the list, then frees it.  One line per block:
 *
 *   khotest_bpf: preserved kind=<folio|pages> pfn=0x<p> order=<o> pages=<n>
 *   khotest_bpf: unpreserved kind=folio pfn=0x<p> order=<o> pages=<n>
 *   khotest_bpf: leaked kind=pages pfn=0x<p> order=-1 pages=<n>
 *   khotest_bpf: restored kind=<k> pfn=0x<p> order=<o> pages=<n> result=ok
 *   khotest_bpf: <op> result=ok|<why>
 *
 * The work is done outside __init code, so the callers BPF sees keep their
 * symbols after the module is loaded.  The module holds no state: it may
 * be unloaded at any time (preserved memory stays preserved).
 */
#include <linux/err.h>
#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/kexec_handover.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/string.h>
#include <linux/version.h>

static char *op = "preserve";
module_param(op, charp, 0444);
static unsigned int leak_pages;
module_param(leak_pages, uint, 0444);

#define KHOTEST_BPF_MAGIC	0x6b686f627066ULL	/* "khobpf" */
#define KHOTEST_BPF_NAME	"khotest-bpf"
#define KHOTEST_BPF_MAX		8

struct khotest_bpf_entry {
	u64 phys;
	u64 nr_pages;
	s32 order;	/* -1: a range of pages */
	u32 pad;
};

struct khotest_bpf_blob {
	u64 magic;
	u64 n;
	struct khotest_bpf_entry e[KHOTEST_BPF_MAX];
};

static u64 word(u64 phys)
{
	return KHOTEST_BPF_MAGIC ^ phys;
}

static void fill(struct page *page, unsigned long nr)
{
	unsigned long i;

	for (i = 0; i < nr; i++)
		*(u64 *)page_address(page + i) = word(page_to_phys(page + i));
}

static bool check(struct page *page, unsigned long nr)
{
	unsigned long i;

	for (i = 0; i < nr; i++)
		if (*(u64 *)page_address(page + i) != word(page_to_phys(page + i)))
			return false;
	return true;
}

static noinline int khotest_bpf_preserve_folio(struct khotest_bpf_blob *b,
					       unsigned int order)
{
	struct folio *folio = folio_alloc(GFP_KERNEL, order);
	int err;

	if (!folio)
		return -ENOMEM;
	fill(&folio->page, 1UL << order);
	err = kho_preserve_folio(folio);
	if (err) {
		folio_put(folio);
		return err;
	}
	b->e[b->n].phys = PFN_PHYS(folio_pfn(folio));
	b->e[b->n].nr_pages = 1UL << order;
	b->e[b->n].order = order;
	b->n++;
	pr_info("khotest_bpf: preserved kind=folio pfn=0x%lx order=%u pages=%lu\n",
		folio_pfn(folio), order, 1UL << order);
	return 0;
}

/* @nr pages from a non-compound allocation, kept whole; @list: in the blob */
static noinline int khotest_bpf_preserve_range(struct khotest_bpf_blob *b,
					       unsigned long nr, bool list)
{
	unsigned int order = get_order(nr << PAGE_SHIFT);
	struct page *page = alloc_pages(GFP_KERNEL, order);
	unsigned long i;
	int err;

	if (!page)
		return -ENOMEM;
	split_page(page, order);
	for (i = nr; i < (1UL << order); i++)
		__free_page(page + i);
	fill(page, nr);
	err = kho_preserve_pages(page, nr);
	if (err) {
		for (i = 0; i < nr; i++)
			__free_page(page + i);
		return err;
	}
	if (list) {
		b->e[b->n].phys = page_to_phys(page);
		b->e[b->n].nr_pages = nr;
		b->e[b->n].order = -1;
		b->n++;
	}
	pr_info("khotest_bpf: %s kind=pages pfn=0x%lx order=-1 pages=%lu\n",
		list ? "preserved" : "leaked", page_to_pfn(page), nr);
	return 0;
}

static noinline int khotest_bpf_unpreserve_one(void)
{
	struct folio *folio = folio_alloc(GFP_KERNEL, 1);
	int err;

	if (!folio)
		return -ENOMEM;
	err = kho_preserve_folio(folio);
	if (!err) {
		pr_info("khotest_bpf: preserved kind=folio pfn=0x%lx order=1 pages=2\n",
			folio_pfn(folio));
#if LINUX_VERSION_CODE >= KERNEL_VERSION(7, 0, 0)
		kho_unpreserve_folio(folio);	/* void in mainline */
#else
		err = kho_unpreserve_folio(folio);
#endif
		if (!err)
			pr_info("khotest_bpf: unpreserved kind=folio pfn=0x%lx order=1 pages=2\n",
				folio_pfn(folio));
	}
	if (!err)
		folio_put(folio);
	return err;
}

static noinline int khotest_bpf_preserve(void)
{
	struct khotest_bpf_blob *b;
	int err;

	b = kho_alloc_preserve(sizeof(*b));
	if (IS_ERR(b))
		return PTR_ERR(b);
	b->magic = KHOTEST_BPF_MAGIC;
	pr_info("khotest_bpf: preserved kind=alloc pfn=0x%lx order=0 pages=1\n",
		(unsigned long)PHYS_PFN(virt_to_phys(b)));
	err = khotest_bpf_preserve_folio(b, 0);
	if (!err)
		err = khotest_bpf_preserve_folio(b, 2);
	if (!err)
		err = khotest_bpf_preserve_folio(b, 3);
	if (!err)
		err = khotest_bpf_preserve_range(b, 5, true);
	if (!err)
		err = khotest_bpf_unpreserve_one();
	if (!err && leak_pages)
		err = khotest_bpf_preserve_range(b, leak_pages, false);
	if (!err)
		err = kho_add_subtree(KHOTEST_BPF_NAME, b, sizeof(*b));
	/* on failure the preserved blocks stay: a test module, not a client */
	return err;
}

static noinline int khotest_bpf_restore(void)
{
	struct khotest_bpf_blob *b;
	phys_addr_t phys;
	size_t size;
	u64 i;
	int err;

	err = kho_retrieve_subtree(KHOTEST_BPF_NAME, &phys, &size);
	if (err)
		return err;
	if (size != sizeof(*b))
		return -EINVAL;
	b = phys_to_virt(phys);
	if (b->magic != KHOTEST_BPF_MAGIC || b->n > KHOTEST_BPF_MAX)
		return -EINVAL;
	for (i = 0; i < b->n; i++) {
		struct khotest_bpf_entry *e = &b->e[i];
		unsigned long j;
		struct page *page;
		bool ok;

		if (e->order >= 0) {
			struct folio *folio = kho_restore_folio(e->phys);

			if (!folio || folio_order(folio) != e->order)
				return -EIO;
			ok = check(&folio->page, e->nr_pages);
			folio_put(folio);
		} else {
			page = kho_restore_pages(e->phys, e->nr_pages);
			if (!page)
				return -EIO;
			ok = check(page, e->nr_pages);
			for (j = 0; j < e->nr_pages; j++)
				__free_page(page + j);
		}
		pr_info("khotest_bpf: restored kind=%s pfn=0x%llx order=%d pages=%llu result=%s\n",
			e->order >= 0 ? "folio" : "pages", e->phys >> PAGE_SHIFT,
			e->order, e->nr_pages, ok ? "ok" : "bad-data");
		if (!ok)
			return -EIO;
	}
	pr_info("khotest_bpf: restored kind=alloc pfn=0x%llx order=0 pages=1 result=ok\n",
		(u64)phys >> PAGE_SHIFT);
	kho_restore_free(b);
	return 0;
}

static int __init khotest_bpf_init(void)
{
	int err;

	if (!strcmp(op, "preserve"))
		err = khotest_bpf_preserve();
	else if (!strcmp(op, "restore"))
		err = khotest_bpf_restore();
	else
		err = -EINVAL;
	if (err)
		pr_info("khotest_bpf: %s result=%d\n", op, err);
	else
		pr_info("khotest_bpf: %s result=ok\n", op);
	return err;
}

static void __exit khotest_bpf_exit(void)
{
}

module_init(khotest_bpf_init);
module_exit(khotest_bpf_exit);
MODULE_DESCRIPTION("kho-suite e2e helper: a KHO client with known preserves and restores");
MODULE_LICENSE("GPL");
