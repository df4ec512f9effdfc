# k612-chain: four consecutive KHO kexecs on 6.12 (kho-suite series).
# The same reserve_mem pattern and the same test_kho folios (handed on at
# every kexec) must be verified at every hop, and the kexec count in the
# kexec-metadata subtree must grow by one per hop.
E2E_DESC="6.12 -> 6.12 x4: reserve_mem and test_kho data verified at every hop"
E2E_KERNELS="6.12"
E2E_MEM=1G
E2E_CMDLINE="kho=on reserve_mem=4M:4096:khotest"
E2E_TIMEOUT=600
# also run on the 6.12-kasan build (KASAN, DEBUG_VM, DEBUG_PAGEALLOC): NAME@kasan
E2E_VARIANTS="kasan"

SEED=0xc4a1d612
HOPS=4

stage_1() {
	dmesg_has 'KHO: found kexec handover data' && fail "cold boot claims to be a KHO boot"
	expect_dmesg 'test_kho: preserved [0-9]+ folios'
	mem_fill khotest "$SEED"
	cat /sys/kernel/debug/kho/out/scratch_phys >/state/scratch_phys
	kexec_next 6.12
}

hop() {
	n=$((KHO_STAGE - 1))
	expect_dmesg 'KHO: found kexec handover data'
	expect_no_dmesg 'KHO: invalid handover'
	expect_dmesg "KHO: exec from: 6\\.12\\.[0-9]+ \\(count $n\\)"
	expect_dmesg "Revived memory reservation 'khotest' from KHO"
	expect_dmesg 'KHO restore succeeded'
	expect_no_dmesg 'KHO restore failed'
	mem_verify khotest "$SEED" "$(cat /state/khotest.start)"
	# Scratch areas are inherited unchanged.
	cmp -s /state/scratch_phys /sys/kernel/debug/kho/out/scratch_phys ||
		fail "scratch areas changed at hop $n"
	log "hop $n verified"
	if [ "$n" -lt "$HOPS" ]; then
		kexec_next 6.12
	fi
	pass
}

# On the host: every one of the four kexecs sealed the handover in the old
# kernel (the reboot notifier) before the next kernel's first line.
host_check() {
	n=$(awk '/KHO: handover sealed for kexec/ { s++; next }
		 /Linux version/ { if (boots++ && s != boots - 1) bad = 1 }
		 END { print bad ? "out-of-order" : s }' "$1")
	[ "$n" = 4 ] || { echo "expected 4 'KHO: handover sealed for kexec' lines, each before the next boot, got $n"; return 1; }
}

stage_2() { hop; }
stage_3() { hop; }
stage_4() { hop; }
stage_5() { hop; }
