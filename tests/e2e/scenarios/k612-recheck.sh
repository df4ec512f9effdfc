# k612-recheck: coverage is established again when the preserved memory is
# reserved.  A handover is validated in setup_arch() and reserved later
# (mm_core_init); if the memory layout changes in between, a block accepted
# at validation is skipped by the reserve walk and its pages would go to the
# page allocator while a client still reads them.  The test hook
# kho_test_unmap= makes that change: the page of the self test's subtree
# blob, then of the root FDT, leaves memory between the two.  The kernel
# drops that subtree (the other data revives intact), then the whole
# handover; the twin before, the same kind of handover without the hook,
# revives the subtree.
E2E_DESC="6.12: a subtree, then the root FDT, no longer covered at reserve time are dropped"
E2E_KERNELS="6.12"
E2E_MEM=1G
E2E_VARIANTS="kasan"
E2E_CMDLINE="kho=on reserve_mem=4M:4096:khotest"
E2E_TIMEOUT=420

SEED=0x7ec4ec

stage_1() {
	expect_dmesg 'test_kho: preserved [0-9]+ folios for the next kernel'
	mem_fill khotest "$SEED"
	kexec_next 6.12
}

# the twin: the same kind of handover without the hook revives the subtree
stage_2() {
	expect_dmesg 'KHO: found kexec handover data'
	expect_no_dmesg 'taken out of memory'
	expect_no_dmesg 'KHO: skipping subtree'
	expect_dmesg 'test_kho: KHO restore succeeded'
	mem_verify khotest "$SEED" "$(cat /state/khotest.start)"
	log "twin: without the hook the kho_test subtree is revived"
	mem_fill khotest "$SEED"
	kexec_next 6.12 "kho_test_unmap=kho_test"
}

stage_3() {
	expect_dmesg 'KHO: found kexec handover data'
	expect_dmesg 'KHO: test: page 0x[0-9a-f]+ \(kho_test\) taken out of memory before the reserve walk'
	expect_dmesg "KHO: skipping subtree 'kho_test': blob no longer in reserved memory"
	expect_dmesg 'test_kho: cannot retrieve kho_test subtree: -22'
	expect_no_dmesg 'KHO restore succeeded'
	expect_no_dmesg 'KHO: cannot reserve preserved memory'
	# the rest of the handover is taken over: the reserve_mem data is intact
	expect_dmesg "Revived memory reservation 'khotest' from KHO"
	mem_verify khotest "$SEED" "$(cat /state/khotest.start)"
	# the dropped subtree's folios stay reserved and unclaimed: nobody
	# restored them, and they never reached the page allocator
	u=$(kv /sys/kernel/debug/kho/in/stats unclaimed_bytes)
	[ "$u" -gt 0 ] || fail "unclaimed_bytes $u after the kho_test subtree was dropped"
	log "subtree dropped: $(dmesg | grep -m1 'taken out of memory' | sed 's/^\[[^]]*\] //'); unclaimed $u bytes"
	KEXEC_DROP='kho_test_unmap=*' kexec_next 6.12 "kho_test_unmap=fdt"
}

stage_4() {
	expect_dmesg 'KHO: found kexec handover data'
	expect_dmesg 'KHO: test: page 0x[0-9a-f]+ \(fdt\) taken out of memory before the reserve walk'
	expect_dmesg 'KHO: cannot reserve preserved memory \(FDT no longer in reserved memory at 0x[0-9a-f]+, err -22\); ignoring the handover'
	expect_no_dmesg 'KHO restore succeeded'
	[ -e /sys/kernel/debug/kho/in/fdt ] && fail "kho/in/fdt still offered after the handover was dropped"
	log "root FDT dropped: $(dmesg | grep -m1 'cannot reserve preserved memory' | sed 's/^\[[^]]*\] //')"
	pass
}
