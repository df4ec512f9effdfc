# a612-to-72: arm64, 6.12 (kho-suite series) -> stock 7.2 -> 6.12.
# Stock 7.2 on arm64 must accept our handover from /chosen: its own
# test_kho verifies the folios and vmalloc'd array our test_kho preserved,
# it revives our reserve_mem region at the same physical address with the
# pattern intact and its kexec-metadata reader names our release. Then 7.2
# hands the region back to 6.12 through its own /chosen properties (7.2's
# test_kho does not preserve its data again after a restore).
E2E_DESC="arm64 6.12 -> stock 7.2 -> 6.12: 7.2's test_kho, reserve_mem revival both ways, /chosen"
E2E_ARCH=arm64
E2E_KERNELS="6.12 7.2"
E2E_MEM=1G
E2E_CMDLINE="kho=on reserve_mem=4M:4096:khotest"
E2E_TIMEOUT=360

SEED=0xa612072

stage_1() {
	expect_release 6.12
	[ -r /sys/kernel/debug/kho/out/fdt ] || fail "no kho/out/fdt: KHO is not enabled"
	expect_dmesg 'test_kho: preserved [0-9]+ folios'
	mem_fill khotest "$SEED"
	kexec_next 7.2
}

stage_2() {
	expect_release 7.2
	[ -f /proc/device-tree/chosen/linux,kho-fdt ] || fail "7.2 got no /chosen/linux,kho-fdt from 6.12"
	[ -f /proc/device-tree/chosen/linux,kho-scratch ] || fail "7.2 got no /chosen/linux,kho-scratch from 6.12"
	expect_no_dmesg 'disabling KHO revival'
	expect_revived '6\.12\.[0-9]+' 1 "$SEED"
	kexec_next 6.12
}

stage_3() {
	expect_release 6.12
	expect_build 6.12
	# 7.2's test_kho restores but does not preserve again: the region only
	expect_region_revived '7\.2[^ ]*' 2 "$SEED"
	pass
}
