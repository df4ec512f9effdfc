// SPDX-License-Identifier: GPL-2.0
/*
 * khobench - time the KHO preservation API from inside the kernel, for
 * kho-suite's `make bench` (tracepoints off, on and compiled out).
 *
 *   insmod khobench.ko op=pp iters=N
 *       N x (kho_preserve_folio + kho_unpreserve_folio) of one order-0 folio
 *   insmod khobench.ko op=prep nr=N
 *       preserve N order-0 folios and publish their addresses in a "khobench"
 *       subtree (the folios stay allocated: they are for the next kernel)
 *   insmod khobench.ko op=restore first=A count=B
 *       after a KHO kexec: kho_restore_folio() entries [A, A + B) of the
 *       "khobench" subtree, then free them
 *
 * Each load prints one line and returns 0, or a negative errno:
 *
 *   khobench: op=<op> n=<operations> ns=<total nanoseconds> result=ok
 *   khobench: op=<op> result=<why>
 *
 * The module does its work in init; unload it before the next use.
 */
#include <linux/err.h>
#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/kexec_handover.h>
#include <linux/ktime.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/string.h>
#include <linux/version.h>

static char *op = "pp";
module_param(op, charp, 0444);
static unsigned long iters = 10000;
module_param(iters, ulong, 0444);
static unsigned long nr = 1024;
module_param(nr, ulong, 0444);
static unsigned long first;
module_param(first, ulong, 0444);
static unsigned long count;
module_param(count, ulong, 0444);

#define KHOBENCH_NAME	"khobench"
#define KHOBENCH_MAX	(PAGE_SIZE / sizeof(u64) * 64)	/* 256 KiB of addresses */

/* Mainline's kho_unpreserve_folio() returns nothing; ours can refuse. */
static int unpreserve(struct folio *folio)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(7, 0, 0)
	kho_unpreserve_folio(folio);
	return 0;
#else
	return kho_unpreserve_folio(folio);
#endif
}

static int report(const char *why, int err)
{
	pr_info("khobench: op=%s result=%s (%d)\n", op, why, err);
	return err;
}

static int bench_pp(void)
{
	struct folio *folio = folio_alloc(GFP_KERNEL, 0);
	unsigned long i;
	u64 t0, t1;
	int err = 0;

	if (!folio)
		return report("no-memory", -ENOMEM);
	t0 = ktime_get_ns();
	for (i = 0; i < iters && !err; i++) {
		err = kho_preserve_folio(folio);
		if (!err)
			err = unpreserve(folio);
	}
	t1 = ktime_get_ns();
	folio_put(folio);
	if (err)
		return report("kho-error", err);
	pr_info("khobench: op=pp n=%lu ns=%llu result=ok\n", iters, t1 - t0);
	return 0;
}

static int bench_prep(void)
{
	unsigned long i;
	u64 *list;
	int err;

	if (!nr || nr > KHOBENCH_MAX)
		return report("bad-nr", -EINVAL);
	list = kho_alloc_preserve(nr * sizeof(*list));
	if (IS_ERR(list))
		return report("alloc-preserve", PTR_ERR(list));
	for (i = 0; i < nr; i++) {
		struct folio *folio = folio_alloc(GFP_KERNEL, 0);

		if (!folio)
			return report("no-memory", -ENOMEM);
		err = kho_preserve_folio(folio);
		if (err)
			return report("preserve", err);
		list[i] = PFN_PHYS(folio_pfn(folio));
	}
	err = kho_add_subtree(KHOBENCH_NAME, list, nr * sizeof(*list));
	if (err)
		return report("add-subtree", err);
	pr_info("khobench: op=prep n=%lu ns=0 result=ok\n", nr);
	return 0;
}

static int bench_restore(void)
{
	struct folio **folios;
	phys_addr_t phys;
	unsigned long i;
	size_t size;
	u64 t0, t1;
	u64 *list;
	int err;

	err = kho_retrieve_subtree(KHOBENCH_NAME, &phys, &size);
	if (err)
		return report("no-subtree", err);
	if (!count || first + count < first || first + count > size / sizeof(*list))
		return report("bad-range", -EINVAL);
	list = phys_to_virt(phys);
	folios = kvmalloc_array(count, sizeof(*folios), GFP_KERNEL);
	if (!folios)
		return report("no-memory", -ENOMEM);
	t0 = ktime_get_ns();
	for (i = 0; i < count; i++) {
		folios[i] = kho_restore_folio(list[first + i]);
		if (!folios[i])
			break;
	}
	t1 = ktime_get_ns();
	err = i == count ? 0 : -EINVAL;
	while (i--)
		folio_put(folios[i]);
	kvfree(folios);
	if (err)
		return report("restore", err);
	pr_info("khobench: op=restore n=%lu ns=%llu result=ok\n", count, t1 - t0);
	return 0;
}

static int __init khobench_init(void)
{
	if (!kho_is_enabled())
		return report("kho-disabled", -EOPNOTSUPP);
	if (!strcmp(op, "pp"))
		return bench_pp();
	if (!strcmp(op, "prep"))
		return bench_prep();
	if (!strcmp(op, "restore"))
		return bench_restore();
	return report("bad-op", -EINVAL);
}

static void __exit khobench_exit(void)
{
}

module_init(khobench_init);
module_exit(khobench_exit);
MODULE_DESCRIPTION("kho-suite bench helper: time KHO preserve, unpreserve and restore");
MODULE_LICENSE("GPL");
