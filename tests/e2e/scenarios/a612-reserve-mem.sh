# a612-reserve-mem: arm64, 6.12 (kho-suite series) -> 6.12 KHO kexec.
# The device-tree transport: the handover travels in /chosen/linux,kho-fdt
# and /chosen/linux,kho-scratch. A reserve_mem region filled with a known
# pattern must come back at the same physical address with every word
# intact, and the series' KHO self test (lib/test_kho.c) must verify its
# folios and vmalloc'd array. Then:
# - a kernel without kho=on still takes the handover over (and hands the
#   region on, intact, because the kernel before it preserved it again);
# - that kernel hands nothing over, and the next one must not find the
#   properties of the previous handover, copied from the device tree it
#   booted with (stale properties are removed from every kexec's /chosen);
# - the image, initrd and scratch array were placed in scratch (and a
#   cold-booted kernel is not);
# - mem= below a scratch area: the handover is checked again against the
#   final memory in arm64_memblock_init() and refused with one line.
E2E_DESC="arm64 6.12 -> 6.12: /chosen transport, reserve_mem pattern at the same address, test_kho, stale /chosen, mem="
E2E_ARCH=arm64
E2E_KERNELS="6.12"
E2E_MEM=1G
E2E_CMDLINE="kho=on reserve_mem=4M:4096:khotest"
E2E_TIMEOUT=420

SEED=0xa612

# chosen_range NAME: "ADDR SIZE" of /chosen/NAME (two cells each in QEMU
# virt's device tree, big-endian), or nothing when it is absent
chosen_range() {
	f=/proc/device-tree/chosen/$1
	[ -f "$f" ] || return 0
	[ "$(wc -c <"$f")" = 16 ] || fail "/chosen/$1 is $(wc -c <"$f") bytes, not 16"
	set -- $(od -An -v -tx1 "$f" | tr -d ' \n' | sed 's/\(.\{16\}\)/\1 /')
	echo "0x$1 0x$2"
}

stage_1() {
	expect_release 6.12
	[ -r /sys/kernel/debug/kho/out/fdt ] || fail "no /sys/kernel/debug/kho/out/fdt: KHO is not enabled"
	expect_no_dmesg 'KHO: found kexec handover data'
	[ -z "$(chosen_range linux,kho-fdt)" ] || fail "cold boot with /chosen/linux,kho-fdt"
	expect_dmesg 'KHO: scratch area 0:'
	log "scratch: $(dmesg | grep 'KHO: scratch area' | sed 's/^\[[^]]*\] //' | tr '\n' ';')"
	save_scratch
	# negative control for stage 2: a cold-booted kernel is not in scratch
	in_scratch $(iomem_range "Kernel code") && fail "cold boot: kernel code inside the new scratch areas"
	mem_fill khotest "$SEED"
	expect_out_map_covers "$MEM_START" "$MEM_SIZE"
	log "reserve_mem region $MEM_START+$MEM_SIZE is in kho/out/memory_map"
	kexec_next 6.12
}

stage_2() {
	expect_dmesg 'KHO: found kexec handover data'
	expect_no_dmesg 'KHO: invalid handover'
	fdt=$(chosen_range linux,kho-fdt) scratch=$(chosen_range linux,kho-scratch)
	[ -n "$fdt" ] || fail "no /chosen/linux,kho-fdt after a KHO kexec"
	[ -n "$scratch" ] || fail "no /chosen/linux,kho-scratch after a KHO kexec"
	log "/chosen: linux,kho-fdt $fdt, linux,kho-scratch $scratch"
	# kexec_file_load placed every segment in scratch: the image, the
	# initrd (/chosen/linux,initrd-start) and the scratch array itself
	for what in "Kernel code" "Kernel data"; do
		in_scratch $(iomem_range "$what") || fail "$what at $(iomem_range "$what") is outside the scratch areas"
	done
	set -- $scratch
	in_scratch "$1" $(($1 + $2 - 1)) || fail "the scratch array at $1 is outside the scratch areas"
	initrd=0x$(od -An -v -tx1 /proc/device-tree/chosen/linux,initrd-start | tr -d ' \n')
	in_scratch "$initrd" "$initrd" || fail "the initrd at $initrd is outside the scratch areas"
	log "image ($(iomem_range "Kernel code")), initrd ($initrd) and scratch array in scratch"
	echo "$fdt" >/state/chosen.fdt
	expect_dmesg "Revived memory reservation 'khotest' from KHO"
	expect_dmesg 'KHO: exec from: 6\.12\.[0-9]+ \(count 1\)'
	mem_verify khotest "$SEED" "$(cat /state/khotest.start)"
	expect_dmesg 'KHO restore succeeded'
	expect_no_dmesg 'KHO restore failed'
	readable_nonempty /sys/kernel/debug/kho/in/fdt || fail "no kho/in/fdt"
	# the next kernel runs without kho=on: it takes the handover over
	# but hands nothing over itself
	KEXEC_DROP='kho=on' kexec_next 6.12
}

stage_3() {
	expect_dmesg 'KHO: found kexec handover data'
	expect_dmesg 'KHO: exec from: 6\.12\.[0-9]+ \(count 2\)'
	expect_dmesg "Revived memory reservation 'khotest' from KHO"
	mem_verify khotest "$SEED" "$(cat /state/khotest.start)"
	[ "$(chosen_range linux,kho-fdt)" != "$(cat /state/chosen.fdt)" ] ||
		fail "/chosen/linux,kho-fdt did not change across a second KHO kexec"
	[ ! -e /sys/kernel/debug/kho/out/fdt ] || fail "KHO is enabled without kho=on"
	kexec_next 6.12
}

stage_4() {
	# the device tree this kernel got was copied from stage 3's, which had
	# linux,kho-fdt and linux,kho-scratch: they must be gone
	[ -z "$(chosen_range linux,kho-fdt)" ] || fail "stale /chosen/linux,kho-fdt $(chosen_range linux,kho-fdt) after a kexec without KHO"
	[ -z "$(chosen_range linux,kho-scratch)" ] || fail "stale /chosen/linux,kho-scratch after a kexec without KHO"
	expect_no_dmesg 'KHO: found kexec handover data|KHO: invalid handover'
	expect_no_dmesg 'Revived memory reservation'
	log "no handover and no linux,kho-* in /chosen after a kexec without KHO"
	kexec_next 6.12 kho=on
}

stage_5() {
	# a cold KHO boot again (the scratch areas are this kernel's own)
	expect_no_dmesg 'KHO: found kexec handover data'
	mem_fill khotest "$SEED"
	top=$(dmesg | sed -n 's/.*KHO: scratch area [0-9]*: \(0x[0-9a-f]*\) + .*/\1/p' | sort | tail -n1)
	[ -n "$top" ] || fail "no 'KHO: scratch area N: ADDR+SIZE' line"
	# mem= ends RAM 2 MiB into the highest scratch area (RAM starts at 1 GiB)
	limit=$(((top - 0x40000000 + 0x200000) / 0x100000))
	echo "$top" >/state/scratch.top
	kexec_next 6.12 "mem=${limit}M"
}

stage_6() {
	expect_dmesg "KHO: invalid handover \(scratch area outside usable RAM at $(cat /state/scratch.top)"
	expect_no_dmesg 'KHO: found kexec handover data'
	expect_no_dmesg 'Revived memory reservation'
	log "mem= cut a scratch area: $(dmesg | grep 'KHO: invalid handover' | sed 's/^\[[^]]*\] //')"
	pass
}
