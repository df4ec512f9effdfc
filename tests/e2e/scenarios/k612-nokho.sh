# k612-nokho: KHO switched off, at run time and at build time.
# 6.12 with kho=off has no KHO state and kexecs (kexec_file_load, like
# kexec -s) into a 6.12 built with CONFIG_KEXEC_HANDOVER=n, which kexecs
# back into 6.12: every boot is a plain kexec, no handover anywhere.
E2E_DESC="6.12 kho=off -> 6.12 (KEXEC_HANDOVER=n) -> 6.12: plain kexec_file works"
E2E_KERNELS="6.12 6.12-nokho"
E2E_MEM=1G
E2E_CMDLINE="kho=off reserve_mem=4M:4096:khotest"
E2E_TIMEOUT=300

SEED=0x0ff612

no_handover() {
	[ -e /sys/kernel/debug/kho/out ] && fail "kho/out exists with KHO off"
	expect_no_dmesg 'KHO: found kexec handover data'
	expect_no_dmesg 'Revived memory reservation'
	expect_no_dmesg 'KHO: invalid handover'
}

stage_1() {
	no_handover
	expect_no_dmesg 'KHO: scratch area'
	mem_fill khotest "$SEED"
	kexec_next 6.12-nokho
}

stage_2() {
	no_handover
	[ -e /sys/kernel/debug/kho ] && fail "kho debugfs in a KEXEC_HANDOVER=n kernel"
	# A plain kexec does not keep the reserve_mem region.
	mem_fill khotest "$SEED"
	kexec_next 6.12
}

stage_3() {
	expect_release 6.12
	no_handover
	pass
}
