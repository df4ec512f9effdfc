# k612-reserve-mem: 6.12 (kho-suite series) -> 6.12 KHO kexec.
# A reserve_mem region filled with a known pattern before the kexec must
# come back at the same physical address with every word intact, and the
# series' KHO test module (lib/test_kho.c, kho-test-v1) must verify its
# random-order folios and vmalloc'd array. Before the kexec the region
# must be in kho/out/memory_map (the consumer only revives covered regions).
# A third boot with memmap= over the region checks that the handover is
# validated again against the final memory (the region is skipped, the
# rest of the handover is kept).
E2E_DESC="6.12 -> 6.12: reserve_mem pattern at the same address, test_kho"
E2E_KERNELS="6.12"
E2E_MEM=1G
E2E_CMDLINE="kho=on reserve_mem=4M:4096:khotest"
E2E_TIMEOUT=300
# also run on the 6.12-kasan build (KASAN, DEBUG_VM, DEBUG_PAGEALLOC): NAME@kasan
E2E_VARIANTS="kasan"

SEED=0x5eed612

stage_1() {
	[ -r /sys/kernel/debug/kho/out/fdt ] || fail "no /sys/kernel/debug/kho/out/fdt: KHO is not enabled"
	dmesg_has 'KHO: found kexec handover data' && fail "cold boot claims to be a KHO boot"
	expect_dmesg 'KHO: scratch area 0:'
	mem_fill khotest "$SEED"
	# The producer must put the region in the preserved memory map itself:
	# the 6.12 consumer only revives regions the map covers.
	expect_out_map_covers "$MEM_START" "$MEM_SIZE"
	log "reserve_mem region $MEM_START+$MEM_SIZE is in kho/out/memory_map"
	kexec_next 6.12
}

stage_2() {
	expect_dmesg 'KHO: found kexec handover data'
	expect_dmesg 'KHO: reserved [0-9]+ preserved pages'
	expect_dmesg "Revived memory reservation 'khotest' from KHO"
	expect_dmesg 'KHO: exec from: 6\.12\.[0-9]+ \(count 1\)'
	expect_no_dmesg 'KHO: invalid handover'
	mem_verify khotest "$SEED" "$(cat /state/khotest.start)"
	expect_dmesg 'KHO restore succeeded'
	expect_no_dmesg 'KHO restore failed'
	readable_nonempty /sys/kernel/debug/kho/in/fdt || fail "no kho/in/fdt"
	# memmap= takes the region away only after kho_populate() has checked
	# the handover against the firmware map: the next kernel must check it
	# again against its final memory and skip what is no longer RAM.
	start=$(cat /state/khotest.start)
	echo "$start" >/state/khotest.gone
	kexec_next 6.12 "memmap=$((MEM_SIZE))\$$start"
}

stage_3() {
	expect_dmesg 'KHO: found kexec handover data'
	expect_no_dmesg 'KHO: invalid handover|cannot reserve preserved memory'
	expect_dmesg 'KHO: skipped [0-9]+ preserved blocks outside usable RAM or in scratch'
	expect_dmesg "reserve_mem: KHO region 'khotest' at $(cat /state/khotest.gone) is not memory"
	expect_no_dmesg 'Revived memory reservation'
	expect_dmesg 'KHO restore succeeded'
	log "memmap= over the region: $(dmesg | grep 'KHO: skipped' | sed 's/^\[[^]]*\] //')"
	pass
}
