# k612-numa-split: preserved memory is split at NUMA node boundaries, as
# mainline splits it, and blocks split that way are restored.
# Two adjacent nodes, 1026 MiB + 1022 MiB: node 1 starts at 0x40200000, so
# the naturally aligned 4 MiB range [0x40000000, 0x40400000) is a single
# order-10 block unless it is split at the boundary. The test hook
# (kho/out/test_preserve, CONFIG_KEXEC_HANDOVER_TEST_HOOKS) preserves that
# range; the memory map must hold two order-9 blocks, one per node. After
# a KHO kexec the next 6.12 restores the range block by block (its orders
# are smaller than the range allows) and frees it.
E2E_DESC="2 adjacent NUMA nodes: a range across the boundary is preserved as one block per node and restored"
E2E_KERNELS="6.12"
E2E_MEM=2048M
E2E_NUMA="1026M 1022M"
# explicit scratch areas: big enough for the next kernel and initramfs,
# the per-node ones small, to stay clear of the node boundary
E2E_CMDLINE="kho=on kho_scratch=64M,64M,8M"
E2E_TIMEOUT=300

K=/sys/kernel/debug/kho/out

stage_1() {
	numa_split_preserve
	kexec_next 6.12
}

stage_2() {
	expect_dmesg 'KHO: found kexec handover data'
	expect_no_dmesg 'KHO: invalid handover'
	expect_dmesg 'KHO restore succeeded'
	echo numa-split-restore >$K/test_preserve 2>/tmp/err ||
		fail "numa-split-restore failed: $(cat /tmp/err)"
	expect_dmesg 'KHO: test: restored and freed 0x0*40000000 \+ 1024 pages'
	# a second restore must fail: the blocks were taken over
	if echo numa-split-restore >$K/test_preserve 2>/dev/null; then
		fail "the range was restored twice"
	fi
	pass
}
