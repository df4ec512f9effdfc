# demo-roundtrip: the kho-suite story, 6.12 LTS -> stock 7.2 -> 6.12 LTS.
# An operator upgrades a 6.12 host to 7.2 with a KHO kexec and rolls back to
# 6.12 the same way, while a reserve_mem region (standing in for VM memory)
# stays in place.  At every hop the region must be at the same physical
# address with every word intact, the new kernel must name the one it came
# from with the right kexec count, and the KHO self tests must verify what
# they were handed.  kho/out and kho/in are sent to the host at every hop
# (build/e2e/demo-roundtrip/files/) for `make demo` to show.
E2E_DESC="6.12 -> 7.2 -> 6.12 round trip with captures at every hop"
E2E_KERNELS="6.12 7.2"
E2E_MEM=1G
E2E_CMDLINE="kho=on reserve_mem=8M:2M:vmmem"
E2E_TIMEOUT=400

SEED=0xd3e0

capture() { # capture NAME: kho/out (and kho/in on a KHO boot) + dmesg
	export_tree "$1/out" /sys/kernel/debug/kho/out
	[ -d /sys/kernel/debug/kho/in ] && export_tree "$1/in" /sys/kernel/debug/kho/in
	dmesg >/tmp/dmesg.txt
	export_file "$1/dmesg.txt" /tmp/dmesg.txt
}

# came_from RELEASE-ERE COUNT: the checks every KHO-booted kernel must pass
came_from() {
	expect_dmesg 'KHO: found kexec handover data'
	expect_no_dmesg 'disabling KHO revival'
	expect_dmesg "KHO: exec from: $1 \\(count $2\\)"
	expect_dmesg "Revived memory reservation 'vmmem' from KHO"
	mem_verify vmmem "$SEED" "$(cat /state/vmmem.start)"
	expect_no_dmesg 'KHO restore failed'
	# what arrived is a well-formed kho-v4 handover naming the region
	khodump --in --check >/tmp/check.txt 2>&1 || fail "khodump --in --check: $(tail -n1 /tmp/check.txt)"
	khodump --in -j >/tmp/in.json 2>/dev/null || fail "khodump --in -j failed"
	grep -q "\"start\": $(( $(cat /state/vmmem.start) ))," /tmp/in.json ||
		fail "kho/in memblock does not name the region at $(cat /state/vmmem.start)"
}

stage_1() { # cold boot of our 6.12
	expect_release 6.12
	mem_fill vmmem "$SEED"
	capture hop0-612
	kexec_next 7.2
}

stage_2() { # stock 7.2, booted from 6.12
	expect_release 7.2
	came_from '6\.12\.[0-9]+' 1
	expect_dmesg 'test_kho: KHO restore succeeded'
	capture hop1-72
	kexec_next 6.12
}

# 7.2's test_kho does not hand its data on again after restoring it, so hop
# 2 carries the region, memblock and kexec-metadata only.
stage_3() { # back on 6.12, booted from 7.2
	expect_release 6.12
	came_from '7\.2\.[0-9]+' 2
	capture hop2-612
	pass
}
