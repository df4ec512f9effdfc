# k612-finalize: kho/out/finalize freezes the outgoing KHO state.
# While finalized, preserving memory and adding subtrees fail with EBUSY
# (kho/out/test_preserve, CONFIG_KEXEC_HANDOVER_DEBUG) and kho/out/fdt does
# not change; "echo 0" unfreezes; a kexec after finalize hands over
# everything.
E2E_DESC="6.12: finalize freezes (EBUSY, out/fdt unchanged), unfreeze, kexec after finalize"
E2E_KERNELS="6.12"
E2E_MEM=1G
E2E_CMDLINE="kho=on reserve_mem=4M:4096:khotest"
E2E_TIMEOUT=300

SEED=0xf1a1612
K=/sys/kernel/debug/kho/out

stage_1() {
	[ "$(cat $K/finalize)" = 0 ] || fail "finalized at boot"
	echo 1 >$K/test_preserve 2>/tmp/err || fail "preserve before finalize failed: $(cat /tmp/err)"
	mem_fill khotest "$SEED"
	echo "$MEM_START" >/state/khotest.start

	echo 1 >$K/finalize || fail "cannot finalize"
	[ "$(cat $K/finalize)" = 1 ] || fail "finalize does not read back 1"
	cat $K/fdt >/tmp/fdt.before
	cat $K/memory_map >/tmp/map.before
	if echo 1 >$K/test_preserve 2>/tmp/err; then
		fail "preserve succeeded while finalized"
	fi
	grep -qi 'busy' /tmp/err || fail "preserve while finalized: expected EBUSY, got: $(cat /tmp/err)"
	cmp -s /tmp/fdt.before $K/fdt || fail "out/fdt changed while finalized"
	cmp -s /tmp/map.before $K/memory_map || fail "memory map changed while finalized"
	log "finalized: preserve -> $(cat /tmp/err)"

	echo 0 >$K/finalize || fail "cannot unfreeze"
	echo 1 >$K/test_preserve 2>/tmp/err || fail "preserve after unfreeze failed: $(cat /tmp/err)"
	cmp -s /tmp/fdt.before $K/fdt || fail "out/fdt changed by preserve+unpreserve"

	echo 1 >$K/finalize || fail "cannot finalize again"
	kexec_next 6.12
}

stage_2() {
	expect_dmesg 'KHO: found kexec handover data'
	expect_no_dmesg 'KHO: invalid handover'
	expect_dmesg "Revived memory reservation 'khotest' from KHO"
	mem_verify khotest "$SEED" "$(cat /state/khotest.start)"
	expect_dmesg 'KHO restore succeeded'
	[ "$(cat $K/finalize)" = 0 ] || fail "new kernel starts finalized"
	pass
}
