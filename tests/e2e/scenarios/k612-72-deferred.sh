# k612-72-deferred: 6.12 -> stock 7.2 with DEFERRED_STRUCT_PAGE_INIT (the
# distribution default, and our 7.2 build's: scripts/kconfig/7.2.config) ->
# 6.12, on two adjacent NUMA nodes.
# 7.2 initialises the struct pages of every preserved block early, with the
# node of the block's head page, while the rest of each node is initialised
# later by kthreads. The 6.12 cold boot preserves, besides test_kho and a
# reserve_mem region, a range across the node boundary (kho/out/test_preserve
# numa-split-preserve), which 6.12 must hand over as one block per node.
# 7.2 must really defer, accept the handover, verify 6.12's test_kho data
# and revive the region; 6.12 then takes the handover back from 7.2.
E2E_DESC="6.12 -> 7.2 with deferred struct page init -> 6.12, two adjacent NUMA nodes"
E2E_KERNELS="6.12 7.2"
E2E_MEM=2048M
E2E_NUMA="1026M 1022M"
E2E_CMDLINE="kho=on kho_scratch=64M,64M,8M reserve_mem=8M:2M:khotest"
E2E_TIMEOUT=300

SEED=0xdef72612

stage_1() {
	numa_split_preserve
	expect_dmesg 'test_kho: preserved [0-9]+ folios'
	mem_fill khotest "$SEED"
	kexec_next 7.2
}

stage_2() {
	expect_release 7.2
	# deferred init really happened, on both nodes
	expect_dmesg 'node 0 deferred pages initialised in'
	expect_dmesg 'node 1 deferred pages initialised in'
	expect_revived '6\.12\.[0-9]+' 1 "$SEED"
	kexec_next 6.12
}

stage_3() {
	expect_release 6.12
	expect_region_revived '7\.2\.[0-9]+' 2 "$SEED"
	pass
}
