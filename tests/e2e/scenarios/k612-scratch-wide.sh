# k612-scratch-wide: a handover with more scratch areas than memblock holds
# before it may grow its arrays.  The test hook "scratch-wide" hands over
# every other 4 MiB piece of a large scratch instead of the areas (the last
# area, 60 MiB, stays whole: the kexec of the KASAN build needs about 52 MiB
# there, which leaves no 16 MiB anywhere; 66 MiB before that build lost
# tracing, BPF and sockets, when this area was 72 MiB): over 130 valid
# areas, none adjacent.  Registering them one by one before memblock
# could resize panicked the next kernel ("cannot resize memory array");
# now they are accepted, handed on unchanged and accepted again.
# Also run on the 6.12-kasan build: there KASAN asks for a 16 MiB stack
# depot hash table, which 4 MiB pieces cannot hold; memblock gave 4 MiB
# and stackdepot initialized 16 MiB of list heads over its neighbours
# (the inode hash table: "rcu: INFO: rcu_sched self-detected stall" in
# find_inode_fast at the first mount; or the initrd: "Initramfs unpacking
# failed: invalid magic") until series 0039.
E2E_DESC="6.12: 130+ scratch areas accepted and handed on (no memblock panic)"
E2E_KERNELS="6.12"
E2E_VARIANTS="kasan"
# 3 GiB: under physical KASLR a 2 GiB guest sometimes has no free 1 GiB
# below the kernel or above it ("KHO: failed to reserve scratch areas",
# seen in CI on the non-KASAN build as well)
E2E_MEM=3G
E2E_CMDLINE="kho=on kho_scratch=1024M,64M,60M reserve_mem=4M:4096:khotest"
E2E_TIMEOUT=120

SEED=0x51de

areas() { wc -l </sys/kernel/debug/kho/out/scratch_phys; }

# wide_ok: this boot accepted a handover of $1 scratch areas and runs on them
wide_ok() {
	expect_dmesg "KHO: found kexec handover data \\($1 scratch areas"
	expect_no_dmesg 'KHO: invalid handover'
	expect_no_dmesg 'memblock: .*(cannot|Failed to) (resize|double)'
	[ "$(areas)" = "$1" ] || fail "kho/out hands on $(areas) scratch areas, want the $1 inherited"
	expect_dmesg "Revived memory reservation 'khotest' from KHO"
	mem_verify khotest "$SEED" "$(cat /state/khotest.start)"
	log "$1 scratch areas inherited, $(kv /sys/kernel/debug/kho/scratch total_size 2>/dev/null || echo ?) bytes"
}

stage_1() {
	# the hook keeps the first 4 MiB of every 8 MiB of each area but the
	# last, which stays whole (the next kernel's kexec needs the room)
	expect_no_dmesg 'KHO: failed to reserve scratch'
	[ -r /sys/kernel/debug/kho/out/scratch_len ] || fail "KHO has no scratch areas to hand over"
	n=1
	for l in $(sed '$d' /sys/kernel/debug/kho/out/scratch_len); do n=$((n + l / (8 << 20))); done
	[ "$n" -ge 130 ] || fail "only $n pieces of scratch: kho_scratch= too small"
	echo "$n" >/state/n
	echo scratch-wide >/sys/kernel/debug/kho/out/inject || fail "cannot inject scratch-wide"
	mem_fill khotest "$SEED"
	kexec_next 6.12
}

stage_2() {
	wide_ok "$(cat /state/n)"
	mem_fill khotest "$SEED"
	kexec_next 6.12
}

stage_3() {
	wide_ok "$(cat /state/n)"
	pass
}

# On KASAN builds at least one boot must have had to shrink the stack depot
# table (fewer than 2^20 entries), or the run did not exercise series 0039.
host_check() {
	grep -q 'KernelAddressSanitizer initialized' "$1" || return 0
	grep -Eq 'stackdepot hash table entries: [0-9]+ \(order: ([0-9]|1[01]),' "$1" ||
		{ echo "no boot had to shrink the stack depot hash table"; return 1; }
}
