# k612-revalidate: a command line that would wipe preserved memory.
# memtest= writes test patterns over all free memory early in setup_arch,
# before the memory the previous kernel preserved is reserved: on a KHO
# boot it destroyed the memory map and every client's data.  The cold boot
# runs the test (the twin: memtest works in this build); the KHO boot
# refuses it with one line and revives the data intact, twice.
E2E_DESC="6.12: memtest= runs on a cold boot, is refused on KHO boots"
E2E_KERNELS="6.12"
E2E_MEM=1G
E2E_CMDLINE="kho=on memtest=1 reserve_mem=4M:4096:khotest"
E2E_TIMEOUT=420
# also run on the 6.12-kasan build (KASAN, DEBUG_VM, DEBUG_PAGEALLOC): NAME@kasan
E2E_VARIANTS="kasan"

SEED=0x3e3a7e57

stage_1() {
	expect_dmesg 'early_memtest: # of tests: 1'
	expect_no_dmesg 'early_memtest: not run'
	log "cold boot: $(dmesg | grep -m1 'early_memtest:' | sed 's/^\[[^]]*\] //')"
	mem_fill khotest "$SEED"
	kexec_next 6.12
}

kho_boot_ok() {
	expect_dmesg 'KHO: found kexec handover data'
	expect_dmesg 'early_memtest: not run, the kexec handover needs the memory intact'
	expect_no_dmesg 'early_memtest: # of tests'
	expect_no_dmesg 'KHO: (invalid handover|cannot reserve preserved memory)'
	expect_dmesg "Revived memory reservation 'khotest' from KHO"
	mem_verify khotest "$SEED" "$(cat /state/khotest.start)"
	expect_dmesg 'KHO restore succeeded'
	log "KHO boot: $(dmesg | grep -m1 'early_memtest:' | sed 's/^\[[^]]*\] //')"
}

stage_2() {
	kho_boot_ok
	mem_fill khotest "$SEED"
	kexec_next 6.12
}

stage_3() {
	kho_boot_ok
	pass
}
