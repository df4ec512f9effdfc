# k612-prod: the production configuration of our 6.12 (KHO and its debugfs
# on; KEXEC_HANDOVER_DEBUG, the test hooks and the self test off) through
# 6.12 -> 6.12 -> stock 7.2 -> 6.12.  At every hop the reserve_mem region
# comes back at the same address with its data intact, the kexec metadata
# names the kernel we came from, nothing is left unclaimed, and no test
# code is in the kernel.
E2E_DESC="6.12 production config: 6.12 -> 6.12 -> 7.2 -> 6.12, data intact"
E2E_KERNELS="6.12-prod 7.2"
E2E_MEM=1G
E2E_CMDLINE="kho=on reserve_mem=4M:4096:khotest"
E2E_TIMEOUT=420

SEED=0x9a0d612

# prod_build: this is the production build, not the test one
prod_build() {
	expect_release 6.12
	k=/sys/kernel/debug/kho
	[ -r $k/out/fdt ] || fail "no kho/out/fdt: KHO not enabled"
	[ -e $k/out/inject ] && fail "kho/out/inject exists: test hooks built in"
	[ -e $k/out/test_preserve ] && fail "kho/out/test_preserve exists: test hooks built in"
	# the self test, the test hooks and the debug checks, by a function
	# of each (all three are in the test build's System.map)
	dbg=$(grep -E ' (kho_test_init|kho_debug_corrupt|kho_out_check_block)$' /proc/kallsyms | head -n1)
	[ -z "$dbg" ] || fail "test or debug code in the kernel: $dbg"
	expect_no_dmesg 'test_kho:'
}

# revived FROM: the handover from FROM was accepted and every byte is back
revived() {
	expect_dmesg 'KHO: found kexec handover data'
	expect_no_dmesg 'KHO: invalid handover|disabling KHO revival'
	expect_dmesg "KHO: exec from: $1"
	expect_dmesg "Revived memory reservation 'khotest' from KHO"
	mem_verify khotest "$SEED" "$(cat /state/khotest.start)"
	log "hop $KHO_STAGE: $(dmesg | grep -m1 'KHO: exec from:' | sed 's/^\[[^]]*\] //')"
}

stage_1() {
	prod_build
	mem_fill khotest "$SEED"
	kexec_next 6.12-prod
}

stage_2() {
	prod_build
	revived '6\.12\.[0-9]+ \(count 1\)'
	[ "$(kv /sys/kernel/debug/kho/in/stats unclaimed_bytes)" = 0 ] ||
		fail "unclaimed bytes after every client restored: $(cat /sys/kernel/debug/kho/in/stats)"
	mem_fill khotest "$SEED"
	kexec_next 7.2
}

stage_3() {
	expect_release 7.2
	revived '6\.12\.[0-9]+ \(count 2\)'
	mem_fill khotest "$SEED"
	kexec_next 6.12-prod
}

stage_4() {
	prod_build
	revived '7\.2\.[0-9]+ \(count 3\)'
	pass
}
