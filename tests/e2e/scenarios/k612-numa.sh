# k612-numa: KHO on a two-node NUMA guest with memory above 4 GiB,
# 6.12 -> 6.12 -> stock 7.2 -> 6.12.
# 6 GiB in two 3 GiB nodes (QEMU's pc machine puts 3 GiB below 4 GiB, the
# rest above it, so node 1 lies wholly above 4 GiB).  The cold boot must
# allocate four scratch areas (lowmem below 4 GiB, global, one per node,
# each per-node area inside its node); the reserve_mem region, allocated
# top-down, must land above 4 GiB in node 1, outside scratch.  At every KHO
# hop, by 6.12 and by stock 7.2 alike, the region is verified at the same
# address, the NUMA layout and the scratch areas handed on are those of the
# cold boot, and each node's CMA pageblocks are exactly its scratch.
E2E_DESC="2 NUMA nodes, 6 GiB: per-node scratch, a region above 4 GiB, 6.12 <-> 7.2"
E2E_KERNELS="6.12 7.2"
E2E_MEM=6G
E2E_NUMA="3G 3G"
E2E_CMDLINE="kho=on reserve_mem=64M:2M:khotest"
E2E_TIMEOUT=400

SEED=0x4e0a612
G4=0x100000000

# node_range N: NODE_START and NODE_END (inclusive) of NUMA node N, from
# this boot's "Initmem setup node N [mem START-END]" line
node_range() {
	n=$1
	set -- $(dmesg | sed -n "s/.*Initmem setup node $n \[mem \(0x[0-9a-f]*\)-\(0x[0-9a-f]*\)\].*/\1 \2/p")
	[ $# = 2 ] || fail "want one 'Initmem setup node $n' line, have $(($# / 2))"
	NODE_START=$1 NODE_END=$2
}

# node_of ADDR LEN: the node whose range holds all of [ADDR, ADDR+LEN), or -1
node_of() {
	for n in 0 1; do
		node_range $n
		[ $(($1)) -ge $((NODE_START)) ] && [ $(($1 + $2 - 1)) -le $((NODE_END)) ] && { echo $n; return; }
	done
	echo -1
}

# scratch_now: "ADDR LEN" lines of the scratch areas this kernel hands on
scratch_now() {
	paste -d' ' /sys/kernel/debug/kho/out/scratch_phys /sys/kernel/debug/kho/out/scratch_len
}

# cma_node N: bytes in CMA pageblocks of node N (/proc/pagetypeinfo: a
# free-list table, then a pageblock table, per node)
cma_node() {
	awk -v node="$1," '/^Pages per block:/ { ppb = $4 }
	     /^Free pages count/ { col = 0 }
	     /^Number of blocks type/ { for (i = 1; i <= NF; i++) if ($i == "CMA") col = i; next }
	     col && $1 == "Node" && $2 == node { n += $col }
	     END { print n * ppb * 4096 }' /proc/pagetypeinfo
}

# same_scratch: the scratch areas handed on are those of the cold boot
same_scratch() {
	scratch_now >/tmp/scratch
	cmp -s /state/scratch /tmp/scratch ||
		fail "scratch areas changed: cold boot '$(tr '\n' ' ' </state/scratch)', now '$(tr '\n' ' ' </tmp/scratch)'"
}

# same_nodes: this kernel sees the NUMA layout of the cold boot
same_nodes() {
	for n in 0 1; do
		node_range $n
		[ "$NODE_START-$NODE_END" = "$(sed -n "$((n + 1))p" /state/nodes)" ] ||
			fail "node $n is $NODE_START-$NODE_END, was $(sed -n "$((n + 1))p" /state/nodes) on the cold boot"
	done
}

# cma_is_scratch: each node's CMA pageblocks are exactly the scratch areas
# in that node (on a cold boot and on a KHO boot alike)
cma_is_scratch() {
	for n in 0 1; do
		cma=$(cma_node $n) want=$(cat /state/scratch.node$n)
		[ "$cma" = "$want" ] ||
			fail "node $n has $((cma >> 20)) MiB of CMA pageblocks for $((want >> 20)) MiB of scratch"
		log "node $n: $((cma >> 20)) MiB of CMA pageblocks, all its scratch"
	done
}

# came_from RELEASE-ERE COUNT: what every KHO boot of this scenario must show
came_from() {
	expect_dmesg 'KHO: found kexec handover data'
	expect_no_dmesg 'disabling KHO revival'
	expect_dmesg "KHO: exec from: $1 \\(count $2\\)"
	expect_dmesg "Revived memory reservation 'khotest' from KHO"
	expect_no_dmesg 'KHO restore failed'
	mem_verify khotest "$SEED" "$(cat /state/khotest.start)"
	same_nodes
	same_scratch
}

stage_1() { # cold boot of our 6.12
	expect_release 6.12
	expect_no_dmesg 'KHO: found kexec handover data'
	expect_dmesg 'test_kho: preserved [0-9]+ folios'
	[ "$(dmesg | grep -c 'Initmem setup node ')" = 2 ] || fail "want 2 NUMA nodes: $(dmesg | grep 'Initmem setup node ' | tr '\n' ' ')"
	: >/state/nodes
	for n in 0 1; do
		node_range $n
		echo "$NODE_START-$NODE_END" >>/state/nodes
	done
	node_range 0
	[ $((NODE_END)) -lt $((G4)) ] || fail "node 0 ($NODE_START-$NODE_END) reaches above 4 GiB"
	node_range 1
	[ $((NODE_START)) -ge $((G4)) ] || fail "node 1 ($NODE_START-$NODE_END) starts below 4 GiB"
	log "nodes: $(tr '\n' ' ' </state/nodes)"

	# four scratch areas: lowmem, global, node 0, node 1
	dmesg | sed -n 's/.*KHO: scratch area [0-9]*: \(0x[0-9a-f]*\) + \(0x[0-9a-f]*\)$/\1 \2/p' >/tmp/scratch.dmesg
	[ "$(wc -l </tmp/scratch.dmesg)" = 4 ] || fail "want 4 scratch areas, have: $(tr '\n' ' ' </tmp/scratch.dmesg)"
	scratch_now >/state/scratch
	i=0 node0=0 node1=0
	while read -r a l; do
		set -- $(sed -n "$((i + 1))p" /tmp/scratch.dmesg)
		[ $(($1)) = $((a)) ] && [ $(($2)) = $((l)) ] || fail "scratch area $i is $a + $l in debugfs, $1 + $2 in the log"
		[ $((a % 0x400000)) = 0 ] && [ $((l % 0x400000)) = 0 ] && [ $((l)) -gt 0 ] ||
			fail "scratch area $i ($a + $l) is not 4 MiB aligned and sized"
		nd=$(node_of "$a" "$l")
		[ "$nd" != -1 ] || fail "scratch area $i ($a + $l) is not inside one node"
		case $i in
		0) [ $((a + l)) -le $((G4)) ] || fail "lowmem scratch area $a + $l is not below 4 GiB" ;;
		2 | 3) [ "$nd" = $((i - 2)) ] || fail "scratch area $i ($a + $l) is for node $((i - 2)) but lies in node $nd" ;;
		esac
		eval "node$nd=\$((node$nd + l))"
		i=$((i + 1))
	done </state/scratch
	echo "$node0" >/state/scratch.node0
	echo "$node1" >/state/scratch.node1
	log "scratch: $(tr '\n' ' ' </state/scratch)"
	cma_is_scratch

	mem_fill khotest "$SEED"
	node_range 1
	[ $((MEM_START)) -ge $((G4)) ] || fail "region at $MEM_START is below 4 GiB"
	[ "$(node_of "$MEM_START" "$MEM_SIZE")" = 1 ] || fail "region $MEM_START + $MEM_SIZE is not inside node 1 ($NODE_START-$NODE_END)"
	while read -r a l; do
		[ $((MEM_START + MEM_SIZE)) -le $((a)) ] || [ $((MEM_START)) -ge $((a + l)) ] ||
			fail "region $MEM_START + $MEM_SIZE overlaps scratch area $a + $l"
	done </state/scratch
	log "region $MEM_START + $MEM_SIZE in node 1"
	kexec_next 6.12
}

stage_2() { # 6.12, booted from 6.12
	expect_release 6.12
	expect_dmesg 'KHO: found kexec handover data \(4 scratch areas'
	came_from '6\.12\.[0-9]+' 1
	expect_dmesg 'test_kho: KHO restore succeeded'
	cma_is_scratch
	kexec_next 7.2
}

stage_3() { # stock 7.2, booted from 6.12
	expect_release 7.2
	came_from '6\.12\.[0-9]+' 2
	expect_dmesg 'test_kho: KHO restore succeeded'
	cma_is_scratch
	kexec_next 6.12
}

# 7.2's test_kho does not hand its data on again (see demo-roundtrip).
stage_4() { # back on 6.12, booted from 7.2
	expect_release 6.12
	expect_dmesg 'KHO: found kexec handover data \(4 scratch areas'
	came_from '7\.2\.[0-9]+' 3
	cma_is_scratch
	pass
}
