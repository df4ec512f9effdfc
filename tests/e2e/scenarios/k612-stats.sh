# k612-stats: kho/scratch, kho/out/stats and kho/in/stats agree with what
# they describe, over 6.12 -> 6.12 -> 6.12.
#   - scratch: the areas' sizes add up to total_size, which is CmaTotal of
#     /proc/meminfo; in_use + free = size per area; origin cold on the cold
#     boot (boot_used 0), inherited after a KHO boot (boot_used > 0, at
#     most the size);
#   - out/stats: preserved bytes equal the blocks of kho/out/memory_map and
#     the total of `khodump --memmap` in the same VM; a preserve grows them
#     by exactly one page; the next kernel reserves exactly what was
#     preserved (in/stats bytes = out/stats preserved_bytes at the kexec);
#   - in/stats: unclaimed = exactly the page a test hook preserved and
#     nothing restores (stage 2), and 0 when every client restored (stage 3);
#     restored + claimed + unclaimed = bytes.
E2E_DESC="6.12: scratch vs CmaTotal, preserved bytes vs memory_map and khodump, unclaimed = a leaked page, then 0"
E2E_KERNELS="6.12"
E2E_MEM=1G
E2E_CMDLINE="kho=on reserve_mem=4M:4096:khotest"
E2E_TIMEOUT=360

SEED=0x57a75612
D=/sys/kernel/debug/kho

check_scratch() { # check_scratch ORIGIN
	# one read of the file: in_use and free change with every allocation,
	# so values from separate reads need not add up (each awk forks)
	[ -r $D/scratch ] || fail "no $D/scratch"
	f=/tmp/scratch.snap
	cat $D/scratch >$f || fail "cannot read $D/scratch"
	n=$(kv $f areas)
	[ "$n" -ge 3 ] || fail "kho/scratch: $n areas (lowmem, global and one per node expected)"
	sum=0 boot=0 i=0
	while [ $i -lt "$n" ]; do
		size=$(kv $f area${i}_size) used=$(kv $f area${i}_in_use) free=$(kv $f area${i}_free)
		b=$(kv $f area${i}_boot_used) origin=$(kv $f area${i}_origin)
		[ "$origin" = "$1" ] || fail "kho/scratch area $i: origin $origin, expected $1"
		[ $((used + free)) = "$size" ] || fail "kho/scratch area $i: in_use $used + free $free != size $size"
		[ "$b" -le "$size" ] || fail "kho/scratch area $i: boot_used $b > size $size"
		[ "$(kv $f area${i}_addr)" = "$(sed -n "$((i + 1))p" $D/out/scratch_phys)" ] ||
			fail "kho/scratch area $i: address differs from out/scratch_phys"
		sum=$((sum + size)) boot=$((boot + b)) i=$((i + 1))
	done
	[ "$(kv $f area0_role)" = lowmem ] || fail "kho/scratch: area 0 is not lowmem"
	[ "$(kv $f area1_role)" = global ] || fail "kho/scratch: area 1 is not global"
	[ "$sum" = "$(kv $f total_size)" ] || fail "kho/scratch: areas add up to $sum, total_size $(kv $f total_size)"
	[ "$boot" = "$(kv $f total_boot_used)" ] || fail "kho/scratch: boot_used adds up to $boot, total says otherwise"
	cma=$(awk '$1 == "CmaTotal:" { print $2 }' /proc/meminfo)
	[ "$((sum / 1024))" = "$cma" ] || fail "scratch total $sum bytes, but CmaTotal is $cma kB"
	if [ "$1" = cold ]; then
		[ "$boot" = 0 ] || fail "cold boot: scratch boot_used $boot, expected 0"
	else
		[ "$boot" -gt 0 ] || fail "KHO boot: scratch boot_used is 0 (this kernel booted in scratch)"
	fi
	log "scratch ($1): $n areas, $sum bytes = CmaTotal $cma kB, boot_used $boot, in use $(kv $f total_in_use)"
}

check_out_stats() {
	f=$D/out/stats
	map=0 blocks=0
	while read -r phys order; do
		map=$((map + (4096 << order))) blocks=$((blocks + 1))
	done <$D/out/memory_map
	[ "$(kv $f preserved_bytes)" = "$map" ] ||
		fail "out/stats preserved_bytes $(kv $f preserved_bytes), memory_map adds up to $map"
	[ "$(kv $f preserved_blocks)" = "$blocks" ] ||
		fail "out/stats preserved_blocks $(kv $f preserved_blocks), memory_map has $blocks"
	# The same total from khodump walking the live tree through /proc/kcore.
	khodump --memmap -j >/tmp/memmap.json 2>/tmp/err || fail "khodump --memmap: $(cat /tmp/err)"
	kd=$(grep -o '"total_bytes": *[0-9]*' /tmp/memmap.json | head -n1 | grep -o '[0-9]*$')
	[ "$kd" = "$map" ] || fail "khodump --memmap total_bytes $kd, out/stats $map"
	[ "$(kv $f subtrees)" = "$(ls $D/out/sub_fdts | wc -l)" ] ||
		fail "out/stats subtrees $(kv $f subtrees), out/sub_fdts has $(ls $D/out/sub_fdts | wc -l)"
	log "out/stats: $map bytes in $blocks blocks = memory_map = khodump --memmap"
}

check_in_stats() { # check_in_stats UNCLAIMED
	f=$D/in/stats
	[ -r $f ] || fail "no $f"
	bytes=$(kv $f bytes) r=$(kv $f restored_bytes) c=$(kv $f claimed_bytes) u=$(kv $f unclaimed_bytes)
	[ "$bytes" = "$(cat /state/preserved_bytes)" ] ||
		fail "in/stats bytes $bytes, but the old kernel preserved $(cat /state/preserved_bytes)"
	[ $((r + c + u)) = "$bytes" ] || fail "in/stats: restored $r + claimed $c + unclaimed $u != bytes $bytes"
	[ "$c" -ge $((4 << 20)) ] || fail "in/stats: claimed $c bytes, the 4 MiB reserve_mem region is not counted"
	[ "$u" = "$1" ] || fail "in/stats: unclaimed_bytes $u, expected $1"
	[ "$(kv $f subtrees_not_retrieved)" = 0 ] || fail "in/stats: a subtree was not retrieved"
	log "in/stats: $bytes bytes back, restored $r, claimed in place $c, unclaimed $u"
}

stage_1() {
	check_scratch cold
	check_out_stats
	before=$(kv $D/out/stats preserved_bytes)
	b0=$(kv $D/out/stats preserved_blocks)
	# A page preserved and never restored by anybody: the leak stage 2 must see.
	echo preserve >$D/out/test_preserve || fail "test_preserve preserve failed"
	[ "$(kv $D/out/stats preserved_bytes)" = $((before + 4096)) ] ||
		fail "a one-page preserve moved preserved_bytes from $before to $(kv $D/out/stats preserved_bytes)"
	[ "$(kv $D/out/stats preserved_blocks)" = $((b0 + 1)) ] || fail "a one-page preserve did not add one block"
	check_out_stats
	mem_fill khotest "$SEED"
	kv $D/out/stats preserved_bytes >/state/preserved_bytes
	kexec_next 6.12
}

stage_2() {
	expect_dmesg 'KHO: found kexec handover data'
	mem_verify khotest "$SEED" "$(cat /state/khotest.start)"
	expect_dmesg 'KHO restore succeeded'
	check_scratch inherited
	check_in_stats 4096
	check_out_stats
	kv $D/out/stats preserved_bytes >/state/preserved_bytes
	kexec_next 6.12
}

stage_3() {
	expect_dmesg 'KHO: found kexec handover data'
	expect_dmesg 'KHO restore succeeded'
	check_scratch inherited
	check_in_stats 0
	pass
}
