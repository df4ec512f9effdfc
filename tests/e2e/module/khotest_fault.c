// SPDX-License-Identifier: GPL-2.0
/*
 * khotest_fault - kernel trouble on purpose, for the harness self-test
 * (harness-verdicts): the runner must turn each into a FAIL.
 *
 *   insmod khotest_fault.ko op=warn    a WARNING with a call trace; the
 *                                      load then fails with -EAGAIN
 *   insmod khotest_fault.ko op=panic   a panic
 */
#include <linux/bug.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/panic.h>
#include <linux/string.h>

static char *op = "warn";
module_param(op, charp, 0444);
MODULE_PARM_DESC(op, "warn or panic");

static int __init khotest_fault_init(void)
{
	if (!strcmp(op, "panic"))
		panic("khotest_fault: a panic on purpose");
	WARN(1, "khotest_fault: a warning on purpose\n");
	return -EAGAIN;
}
module_init(khotest_fault_init);

MODULE_DESCRIPTION("kho-suite e2e helper: a warning or a panic on purpose");
MODULE_LICENSE("GPL");
