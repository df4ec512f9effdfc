# k612-scratch: scratch areas on our 6.12.
# Cold boot with kho_scratch=L,G,N: exactly those sizes (one node), released
# to the page allocator as CMA pageblocks; a KHO boot ignores kho_scratch=
# with a notice, inherits the areas unchanged and runs from inside them
# (decompressor KASLR restricted to scratch); a cold boot (reached by a
# plain kexec from a kho=off kernel) with kho_scratch=N% scales them, each
# area on the memory reserved in its range, without the scratch itself;
# after another cold boot with 256 MiB soft-reserved by the firmware
# (memmap=...%...+0xefffffff), the same sizes: firmware reservations are
# not what the next kernel allocates.
# (300% of a 1 GiB guest does not fit: the kernel then disables KHO.)
# Not run @kasan: a KHO boot makes its early allocations in scratch only, and
# KASAN's shadow of a 1 GiB guest (128 MiB) does not fit the 88 MiB given
# here ("kasan_populate_shadow: Failed to allocate page", before the console).
E2E_DESC="kho_scratch= both forms, CMA release, inheritance on a KHO boot, sizing without firmware reservations"
E2E_KERNELS="6.12"
E2E_MEM=1G
# (the per-node area holds the next kernel's initramfs, about 17 MiB here)
E2E_CMDLINE="kho=on kho_scratch=16M,8M,64M reserve_mem=4M:4096:khotest"
E2E_TIMEOUT=420

SEED=0x5c7a

# cma_bytes: bytes in pageblocks of migratetype CMA, all zones (/proc/pagetypeinfo)
cma_bytes() {
	awk '/^Pages per block:/ { ppb = $4 }
	     /^Number of blocks type/ { for (i = 1; i <= NF; i++) if ($i == "CMA") col = i; next }
	     col && /^Node .*zone/ { n += $col }
	     END { print n * ppb * 4096 }' /proc/pagetypeinfo
}


scratch_total() { s=0; for l in $(cat /sys/kernel/debug/kho/out/scratch_len); do s=$((s + l)); done; echo $s; }

# expect_cma_total BYTES: /proc/meminfo accounts exactly BYTES as CMA
expect_cma_total() {
	t=$(awk '/^CmaTotal:/ { print $2 * 1024 }' /proc/meminfo)
	[ "$t" = "$1" ] || fail "CmaTotal is $((t >> 10)) kB, want $(($1 >> 10)) kB (the scratch areas)"
}

stage_1() {
	expect_dmesg 'KHO: scratch areas: lowmem: 16MiB global: 8MiB pernode: 64MiB'
	lens=$(cat /sys/kernel/debug/kho/out/scratch_len | tr '\n' ' ')
	[ "$lens" = "0x1000000 0x800000 0x4000000 " ] || fail "scratch_len is '$lens', want 16M 8M 64M"
	for a in $(cat /sys/kernel/debug/kho/out/scratch_phys); do
		[ $((a % 0x400000)) = 0 ] || fail "scratch area $a is not 4 MiB aligned"
	done
	# every pageblock of the 88 MiB of scratch is CMA now
	cma=$(cma_bytes)
	[ "$cma" = "$(scratch_total)" ] ||
		fail "$((cma >> 20)) MiB of CMA pageblocks for $(($(scratch_total) >> 20)) MiB of scratch"
	log "$((cma >> 20)) MiB of scratch released as CMA pageblocks"
	expect_cma_total "$(scratch_total)"
	save_scratch
	# negative control for stage 2: a cold-booted kernel is not in scratch
	r=$(grep -m1 "Kernel code" /proc/iomem | tr -d ' ' | cut -d: -f1)
	in_scratch "0x${r%-*}" "0x${r#*-}" && fail "cold boot: kernel code $r inside the new scratch areas"
	mem_fill khotest "$SEED"
	# next boot: a KHO boot that must ignore this, and has no outgoing KHO
	kexec_next 6.12 "kho_scratch=50% kho=off"
}

stage_2() {
	expect_dmesg 'KHO: found kexec handover data'
	expect_dmesg 'KHO: kho_scratch= ignored: using the scratch areas handed over'
	mem_verify khotest "$SEED" "$(cat /state/khotest.start)"
	# the decompressor placed this kernel (KASLR on) inside the scratch areas
	for what in "Kernel code" "Kernel data" "Kernel bss"; do
		r=$(grep -m1 "$what" /proc/iomem | tr -d ' ' | cut -d: -f1)
		[ -n "$r" ] || fail "no '$what' in /proc/iomem"
		in_scratch "0x${r%-*}" "0x${r#*-}" || fail "$what at $r is outside the inherited scratch areas"
	done
	log "kernel image inside scratch: $(grep -m1 'Kernel code' /proc/iomem | tr -s ' ')"
	cma=$(cma_bytes)
	[ "$cma" -gt 0 ] || fail "no CMA pageblocks after a KHO boot: scratch not marked CMA"
	[ "$cma" -le $((88 << 20)) ] || fail "$((cma >> 20)) MiB of CMA pageblocks: more than the 88 MiB of scratch"
	log "KHO boot: $((cma >> 20)) MiB of CMA pageblocks in the inherited scratch"
	expect_cma_total $((88 << 20))
	[ -e /sys/kernel/debug/kho/out/fdt ] && fail "kho=off still created kho/out"
	# kho=off here: this kexec carries no handover, the next boot is cold
	kexec_next 6.12 "kho=on kho_scratch=100%"
}

stage_3() {
	expect_no_dmesg 'KHO: found kexec handover data'
	expect_dmesg 'KHO: scratch scale is 100%'
	expect_no_dmesg 'failed to reserve scratch'
	readable_nonempty /sys/kernel/debug/kho/out/scratch_len || fail "no kho/out/scratch_len after a cold boot"
	lens=$(cat /sys/kernel/debug/kho/out/scratch_len | tr '\n' ' ')
	set -- $lens
	[ $# = 3 ] || fail "want 3 scratch areas (lowmem, global, node 0), have: $lens"
	[ "$lens" != "0x1000000 0x800000 0x4000000 " ] || fail "kho_scratch=100% gave the old explicit sizes"
	for l in $lens; do
		[ $((l)) -gt 0 ] && [ $((l % 0x400000)) = 0 ] || fail "scratch size $l is not a positive multiple of 4 MiB"
	done
	# sizing counts what the next kernel allocates early, not the scratch
	# just allocated: one node, all below 4 GiB, so the node area is sized
	# from the same reserved memory as the lowmem area (within the 4 MiB
	# rounding).  Counting the lowmem and global areas made it 2x + 4 MiB.
	[ $(($3)) -le $(($1 + 0x400000)) ] ||
		fail "node area $3 sized on the scratch before it (lowmem $1, global $2)"
	log "100% scratch: $lens"
	echo "$1" >/state/lowmem100
	# back to a cold boot: a KHO boot with kho=off, then a plain kexec
	kexec_next 6.12 "kho=off"
}

stage_4() {
	expect_dmesg 'KHO: found kexec handover data'
	# 256 MiB of firmware "specific purpose" memory (EFI soft reserved, as
	# CXL or HBM ranges are): reserved in memblock, never allocated by the
	# kernel, so it must not size the scratch areas
	kexec_next 6.12 "kho=on memmap=256M%0x10000000-1+0xefffffff"
}

stage_5() {
	expect_no_dmesg 'KHO: found kexec handover data'
	expect_no_dmesg 'failed to reserve scratch'
	# the condition under test holds: the range is soft reserved, not RAM
	grep -q '^ *10000000-1fffffff : Soft Reserved' /proc/iomem ||
		fail "memmap= did not soft-reserve 0x10000000-0x1fffffff: $(grep -i 'soft' /proc/iomem)"
	readable_nonempty /sys/kernel/debug/kho/out/scratch_len || fail "no kho/out/scratch_len after a cold boot"
	set -- $(cat /sys/kernel/debug/kho/out/scratch_len)
	before=$(cat /state/lowmem100)
	# the same 100% as stage 3 (less memory map for the 256 MiB not RAM);
	# counting the firmware reservation adds 256 MiB to the lowmem area
	[ $(($1)) -le $((before + 0x400000)) ] ||
		fail "lowmem scratch $1 with 256 MiB soft reserved, $before without: firmware reservations counted"
	log "100% scratch with 256 MiB soft reserved: lowmem $1 (without: $before)"
	pass
}
