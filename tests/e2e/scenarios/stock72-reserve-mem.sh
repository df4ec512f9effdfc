# stock72-reserve-mem: stock 7.2 -> stock 7.2 KHO kexec.
# A reserve_mem region filled with a known pattern before the kexec must
# come back at the same physical address with every word intact, and 7.2's
# own KHO self test (lib/test_kho.c) must report "KHO restore succeeded".
E2E_DESC="stock 7.2 -> 7.2: reserve_mem pattern at the same address, test_kho"
E2E_KERNELS="7.2"
E2E_MEM=1G
E2E_CMDLINE="kho=on reserve_mem=4M:4096:khotest"
E2E_TIMEOUT=240

SEED=0x5eed72

stage_1() {
	[ -r /sys/kernel/debug/kho/out/fdt ] || fail "no /sys/kernel/debug/kho/out/fdt: KHO is not enabled"
	dmesg_has 'KHO: found kexec handover data' && fail "cold boot claims to be a KHO boot"
	mem_fill khotest "$SEED"
	kexec_next 7.2
}

stage_2() {
	expect_dmesg 'KHO: found kexec handover data'
	expect_dmesg "Revived memory reservation 'khotest' from KHO"
	expect_dmesg 'KHO: exec from: 7\.2[^ ]* \(count 1\)'
	mem_verify khotest "$SEED" "$(cat /state/khotest.start)"
	expect_dmesg 'KHO restore succeeded'
	expect_no_dmesg 'KHO restore failed'
	pass
}
