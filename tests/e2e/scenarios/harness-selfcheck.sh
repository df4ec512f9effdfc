# harness-selfcheck: the checks the other scenarios rely on can fail.
# khotest_mem must report a changed pattern and a moved region, and a kexec
# without KHO (kho=off on the old kernel) must show none of the KHO boot
# markers the positive scenarios expect.
E2E_DESC="negative controls: wrong seed, wrong address, kexec without KHO"
E2E_KERNELS="7.2"
E2E_MEM=1G
E2E_CMDLINE="kho=off reserve_mem=4M:4096:khotest"
E2E_TIMEOUT=240

stage_1() {
	mem_fill khotest 0x1111
	start=$MEM_START
	mem_check verify khotest 0x1111 "$start" || fail "verify of a fresh fill failed: $MEM_RESULT"
	mem_check verify khotest 0x2222 "$start" && fail "verify with the wrong seed passed"
	case "$MEM_RESULT" in 524288-bad-words-first-at-0x0) ;; *) fail "wrong-seed verdict: $MEM_RESULT" ;; esac
	mem_check verify khotest 0x1111 $((start + 4096)) && fail "verify at the wrong address passed"
	case "$MEM_RESULT" in moved-from-*) ;; *) fail "wrong-address verdict: $MEM_RESULT" ;; esac
	[ -e /sys/kernel/debug/kho/out/fdt ] && fail "kho=off still created kho/out"
	kexec_next 7.2
}

stage_2() {
	expect_no_dmesg 'KHO: found kexec handover data'
	expect_no_dmesg 'Revived memory reservation'
	expect_no_dmesg 'KHO: exec from'
	[ -e /sys/kernel/debug/kho/in ] && fail "plain kexec created kho/in"
	pass
}
