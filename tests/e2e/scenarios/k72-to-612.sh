# k72-to-612: stock 7.2 -> 6.12 (kho-suite series) KHO kexec.
# Our kernel must accept stock 7.2's kho-v4 handover: our test_kho verifies
# the folios 7.2's test_kho preserved, we revive 7.2's reserve_mem region at
# the same physical address with the pattern intact, and we name 7.2 as the
# previous kernel; khodump reads 7.2's handover as a whole. a72-to-612 is
# this scenario on arm64.
E2E_DESC="stock 7.2 -> 6.12: 7.2's test_kho data and reserve_mem verified by 6.12"
E2E_KERNELS="7.2 6.12"
E2E_MEM=1G
E2E_CMDLINE="kho=on reserve_mem=4M:4096:khotest"
E2E_TIMEOUT=300

SEED=0x72061200

stage_1() {
	expect_release 7.2
	[ -r /sys/kernel/debug/kho/out/fdt ] || fail "no kho/out/fdt: KHO is not enabled"
	mem_fill khotest "$SEED"
	kexec_next 6.12
}

stage_2() {
	expect_release 6.12
	expect_revived '7\.2[^ ]*' 1 "$SEED"
	expect_build 6.12
	readable_nonempty /sys/kernel/debug/kho/in/sub_fdts/kho_test || fail "no kho/in/sub_fdts/kho_test"
	khodump --in --check >/tmp/check.out 2>&1 || fail "khodump --in --check on 7.2's handover: $(tail -n1 /tmp/check.out)"
	log "khodump --in --check: $(tail -n1 /tmp/check.out)"
	pass
}
