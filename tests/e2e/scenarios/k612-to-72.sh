# k612-to-72: 6.12 (kho-suite series) -> stock 7.2 KHO kexec.
# Stock 7.2 must accept our kho-v4 handover: its own test_kho verifies the
# folios our test_kho preserved, it revives our reserve_mem region at the
# same physical address with the pattern intact, and its kexec-metadata
# reader names our release.
E2E_DESC="6.12 -> stock 7.2: 7.2's test_kho, reserve_mem revival, exec from 6.12"
E2E_KERNELS="6.12 7.2"
E2E_MEM=1G
E2E_CMDLINE="kho=on reserve_mem=4M:4096:khotest"
E2E_TIMEOUT=300

SEED=0x612072

stage_1() {
	[ -r /sys/kernel/debug/kho/out/fdt ] || fail "no kho/out/fdt: KHO is not enabled"
	expect_dmesg 'test_kho: preserved [0-9]+ folios'
	mem_fill khotest "$SEED"
	kexec_next 7.2
}

stage_2() {
	expect_release 7.2
	expect_no_dmesg 'disabling KHO revival'
	expect_revived '6\.12\.[0-9]+' 1 "$SEED"
	pass
}
