# k612-finalize: kho/out/finalize freezes the outgoing KHO state.
# While finalized, every change is refused (kho/out/test_preserve,
# CONFIG_KEXEC_HANDOVER_TEST_HOOKS, one step per write): preserve and add fail
# with EBUSY, and a remove or unpreserve of a subtree and page added before
# finalize is refused too, which kho/out/fdt, kho/out/sub_fdts and
# kho/out/memory_map prove by content; "echo 2" is rejected; "echo 0"
# unfreezes and the same steps work again; a kexec after finalize hands
# over everything.
E2E_DESC="6.12: finalize freezes (EBUSY, out/fdt and memory map unchanged), unfreeze, kexec after finalize"
E2E_KERNELS="6.12"
E2E_MEM=1G
E2E_CMDLINE="kho=on reserve_mem=4M:4096:khotest"
E2E_TIMEOUT=300
# also run on the 6.12-kasan build (KASAN, DEBUG_VM, DEBUG_PAGEALLOC): NAME@kasan
E2E_VARIANTS="kasan"

SEED=0xf1a1612
K=/sys/kernel/debug/kho/out

step() { # step OP: one kho/out/test_preserve step, must succeed
	echo "$1" >$K/test_preserve 2>/tmp/err || fail "test_preserve $1 failed: $(cat /tmp/err)"
}

refused() { # refused OP: the step must fail with EBUSY
	if echo "$1" >$K/test_preserve 2>/tmp/err; then
		fail "test_preserve $1 succeeded while finalized"
	fi
	grep -qi 'busy' /tmp/err || fail "test_preserve $1 while finalized: expected EBUSY, got: $(cat /tmp/err)"
	log "finalized: $1 -> $(cat /tmp/err)"
}

unchanged() { # unchanged WHAT: out/fdt, memory map and sub_fdts as before
	cmp -s /tmp/fdt.before $K/fdt || fail "out/fdt changed by $1 while finalized"
	cmp -s /tmp/map.before $K/memory_map || fail "memory map changed by $1 while finalized"
	[ -e $K/sub_fdts/kho-debug-test ] || fail "subtree gone after $1 while finalized"
}

stage_1() {
	[ "$(cat $K/finalize)" = 0 ] || fail "finalized at boot"
	echo 1 >$K/test_preserve 2>/tmp/err || fail "preserve before finalize failed: $(cat /tmp/err)"
	mem_fill khotest "$SEED"

	# A page and a subtree published before finalize.
	cat $K/memory_map >/tmp/map.empty
	step preserve
	cmp -s /tmp/map.empty $K/memory_map && fail "preserve did not change the memory map"
	cat $K/fdt >/tmp/fdt.empty
	step add
	[ -e $K/sub_fdts/kho-debug-test ] || fail "no out/sub_fdts/kho-debug-test after add"
	cmp -s /tmp/fdt.empty $K/fdt && fail "add did not change out/fdt"
	grep -aq kho-debug-test $K/fdt || fail "out/fdt lacks kho-debug-test after add"

	echo 1 >$K/finalize || fail "cannot finalize"
	[ "$(cat $K/finalize)" = 1 ] || fail "finalize does not read back 1"
	if echo 2 >$K/finalize 2>/tmp/err; then
		fail "finalize accepted 2"
	fi
	grep -qi 'invalid' /tmp/err || fail "echo 2 >finalize: expected EINVAL, got: $(cat /tmp/err)"
	[ "$(cat $K/finalize)" = 1 ] || fail "echo 2 changed finalize"
	cat $K/fdt >/tmp/fdt.before
	cat $K/memory_map >/tmp/map.before
	if echo 1 >$K/test_preserve 2>/tmp/err; then
		fail "preserve succeeded while finalized"
	fi
	grep -qi 'busy' /tmp/err || fail "preserve while finalized: expected EBUSY, got: $(cat /tmp/err)"
	unchanged "preserve+add"
	refused remove
	unchanged remove
	refused unpreserve
	unchanged unpreserve
	grep -aq kho-debug-test $K/fdt || fail "out/fdt lost kho-debug-test while finalized"

	echo 0 >$K/finalize || fail "cannot unfreeze"
	[ "$(cat $K/finalize)" = 0 ] || fail "unfreeze does not read back 0"
	step remove
	[ -e $K/sub_fdts/kho-debug-test ] && fail "subtree still there after remove"
	cmp -s /tmp/fdt.empty $K/fdt || fail "out/fdt after remove differs from before add"
	step unpreserve
	cmp -s /tmp/map.empty $K/memory_map || fail "memory map after unpreserve differs from before preserve"
	echo 1 >$K/test_preserve 2>/tmp/err || fail "preserve after unfreeze failed: $(cat /tmp/err)"
	cmp -s /tmp/fdt.empty $K/fdt || fail "out/fdt changed by preserve+unpreserve"

	# CONFIG_KEXEC_HANDOVER_DEBUG: a subtree whose blob is not preserved
	# is a client bug; kexec_file_load must refuse it and name the subtree.
	step add-unpreserved
	if kload load /kernels/6.12/bzImage - "console=ttyS0" 2>/tmp/err; then
		fail "kexec_file_load accepted a subtree whose blob is not preserved"
	fi
	expect_dmesg 'KHO: handover check: kho-debug-unpreserved at 0x[0-9a-f]+ is not in the preserved memory map'
	log "debug check: $(dmesg | grep 'handover check' | tail -n1 | sed 's/^\[[^]]*\] //')"
	step remove-unpreserved

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
