# k612-scratch-memmap: inherited scratch areas against mem= and memmap=.
# The areas a handover names must be usable RAM in the memory layout the
# new kernel ends up with, after mem= and memmap= have cut it.  Before that
# was checked, `mem=400M` below the areas (here 16 MiB below the lowest one,
# at most 400M) hung the next kernel right after
# "kexec_core: Starting new kernel" (its early allocations came from scratch
# it never mapped), and `memmap=4M!X` inside an area handed the same pages
# to the pmem driver and to the page allocator.  Now each such handover is
# refused with one line and the kernel boots as after a cold boot; a plain
# handover afterwards still works.
# Not run @kasan: after the refusal the cold boot sizes 100 % scratch from
# what it reserved, KASAN's shadow included, and that no longer fits in
# mem=352M ("KHO: failed to reserve scratch areas", KHO off by design).
E2E_DESC="6.12: a handover whose scratch mem=/memmap= cut is refused, not fatal"
E2E_KERNELS="6.12"
E2E_MEM=1G
E2E_CMDLINE="kho=on reserve_mem=4M:4096:khotest"
E2E_TIMEOUT=420

SEED=0x3e3a9

# lowest_scratch: the lowest scratch area's address in kho/out
lowest_scratch() {
	low=
	for a in $(cat /sys/kernel/debug/kho/out/scratch_phys); do
		[ -z "$low" ] || [ $((a)) -lt $((low)) ] && low=$a
	done
	echo $((low))
}

# ram_overlaps ADDR SIZE: some "System RAM" range of /proc/iomem overlaps
# [ADDR, ADDR + SIZE)
ram_overlaps() {
	for r in $(grep ': System RAM$' /proc/iomem | sed 's/^ *//; s/ .*//'); do
		s=$((0x${r%-*})) e=$((0x${r#*-}))
		[ "$s" -lt $(($1 + $2)) ] && [ $(($1)) -le "$e" ] && return 0
	done
	return 1
}

# refused: this boot rejected the handover because of its scratch areas
# and came up as after a cold boot
refused() {
	expect_dmesg 'KHO: invalid handover \(scratch area outside usable RAM at 0x[0-9a-f]+'
	[ "$(dmesg | grep -c 'KHO: invalid handover')" = 1 ] || fail "more than one KHO error line"
	expect_no_dmesg 'KHO: found kexec handover data'
	expect_no_dmesg 'Revived memory reservation'
	expect_dmesg 'KHO: scratch area 0:'
	[ -e /sys/kernel/debug/kho/in ] && fail "kho/in exists after a refused handover"
	log "refused: $(dmesg | grep 'KHO: invalid handover' | sed 's/^\[[^]]*\] //')"
}

stage_1() {
	# mem= 16 MiB below the lowest scratch area (400M if that is higher)
	low=$(lowest_scratch)
	m=$(((low >> 20) - 16))
	[ "$m" -le 400 ] || m=400
	[ "$m" -ge 256 ] ||
		fail "lowest scratch area at $(printf %#x "$low"): no mem= of 256 MiB or more below it"
	echo "$m" >/state/mem
	log "scratch from $(printf %#x "$low"); next kernel: mem=${m}M"
	mem_fill khotest "$SEED"
	kexec_next 6.12 "mem=${m}M"
}

stage_2() {
	refused
	m=$(cat /state/mem)
	t=$(awk '/^MemTotal:/ { print $2 }' /proc/meminfo)
	[ "$t" -lt $((m << 10)) ] || fail "MemTotal $t kB: mem=${m}M not applied"
	log "MemTotal $t kB"
	# memmap=4M!X makes [X, X+4M) persistent memory (e820 type 12):
	# put it in the middle of a scratch area of this (cold) boot.
	a=$(head -n1 /sys/kernel/debug/kho/out/scratch_phys)
	l=$(head -n1 /sys/kernel/debug/kho/out/scratch_len)
	[ $((l)) -ge $((8 << 20)) ] || fail "scratch area 0 is only $l bytes"
	x=$(printf %#x $((a + (l / 2 & ~0x3fffff))))
	echo "$x" >/state/pmem
	mem_fill khotest "$SEED"
	KEXEC_DROP='mem=*' kexec_next 6.12 "memmap=4M!$x"
}

stage_3() {
	refused
	x=$(cat /state/pmem)
	grep -qi "^ *0*${x#0x}-.*: Persistent Memory" /proc/iomem ||
		fail "no persistent memory at $x in /proc/iomem: memmap= not applied"
	log "persistent memory: $(grep -i 'Persistent Memory' /proc/iomem | head -n1 | sed 's/^ *//')"
	# ... and none of it System RAM (the page allocator's).
	ram_overlaps "$x" $((4 << 20)) && fail "persistent memory at $x overlaps System RAM"
	mem_fill khotest "$SEED"
	KEXEC_DROP='memmap=*' kexec_next 6.12
}

stage_4() {
	expect_dmesg 'KHO: found kexec handover data'
	expect_no_dmesg 'KHO: invalid handover'
	expect_dmesg "Revived memory reservation 'khotest' from KHO"
	mem_verify khotest "$SEED" "$(cat /state/khotest.start)"
	pass
}
