# demo-roundtrip: the kho-suite story (make demo), from one VM run.
# Act 1: an operator upgrades a 6.12 LTS host to stock 7.2 with a KHO kexec
# and rolls back to 6.12 the same way, while a reserve_mem region and a
# client module's preserved memory (khotest_bpf, standing in for a VMM's
# guest memory) stay in place.  Before each update: khotop -b (scratch,
# preserved memory, event rates), khosnoop recording, khoverify --save.
# After it: the client restores, khoverify gives the verdict (exit 0).  At
# every hop the region must be at the same physical address with every word
# intact, the new kernel must name the one it came from with the right
# kexec count, and the KHO self tests must verify what they were handed.
# Act 2: a 6.12 -> 6.12 update in which the client leaks 8 pages:
# khoverify shows the blackout phases, names the range and exits 1.
# kho/out, kho/in and every tool's output go to the host (files/) for
# scripts/demo.sh to show.
E2E_DESC="make demo: 6.12 -> 7.2 -> 6.12 with khotop, khosnoop, khoverify; then a 6.12 -> 6.12 update that leaks"
E2E_KERNELS="6.12 7.2"
E2E_MEM=2G
E2E_CMDLINE="kho=on reserve_mem=8M:2M:vmmem"
E2E_TIMEOUT=900

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

# prepare NAME KVER [LEAK]: the client preserves under khosnoop and khotop,
# then khoverify --save /state/NAME; files NAME/khotop.txt, NAME/save.txt
prepare() {
	snoop_start "/state/$1.old.log" /tmp/snoop.json
	khotop -b -d 1 -n 3 >/tmp/khotop.txt 2>/tmp/khotop.err &
	kt=$!
	sleep 1
	insmod "/kernels/$2/khotest_bpf.ko" op=preserve ${3:+leak_pages=$3} ||
		fail "khotest_bpf op=preserve failed"
	wait $kt || fail "khotop -b exited with $?: $(cat /tmp/khotop.err)"
	grep -q '^scratch' /tmp/khotop.txt || fail "khotop -b shows no scratch: $(head -n 5 /tmp/khotop.txt)"
	export_file "$1/khotop.txt" /tmp/khotop.txt
	khoverify --save "/state/$1" >/tmp/save.txt 2>&1 || fail "khoverify --save: $(cat /tmp/save.txt)"
	grep -q "khosnoop log /state/$1.old.log\$" /tmp/save.txt || fail "--save missed the log: $(cat /tmp/save.txt)"
	export_file "$1/save.txt" /tmp/save.txt
	snoop_stop
}

# after_update NAME KVER WANT [ARGS]: the client restores under khosnoop, then
# khoverify -v ARGS /state/NAME must exit WANT; file NAME/verdict.txt
after_update() {
	snoop_start "/state/$1.new.log" /tmp/snoop.json
	insmod "/kernels/$2/khotest_bpf.ko" op=restore || fail "khotest_bpf op=restore failed"
	snoop_stop
	rmmod khotest_bpf || fail "cannot unload khotest_bpf"
	name=$1 want=$3
	shift 3
	khoverify -v "$@" "/state/$name" --new "/state/$name.new.log" >/tmp/verdict.txt 2>&1
	rc=$?
	echo "khoverify exit status: $rc" >>/tmp/verdict.txt
	cat /tmp/verdict.txt
	[ "$rc" = "$want" ] || fail "khoverify /state/$name: exit $rc, expected $want"
	export_file "$name/verdict.txt" /tmp/verdict.txt
}

stage_1() { # cold boot of our 6.12
	expect_release 6.12
	mem_fill vmmem "$SEED"
	prepare up 6.12
	capture hop0-612
	kexec_next 7.2
}

stage_2() { # stock 7.2, booted from 6.12
	expect_release 7.2
	came_from '6\.12\.[0-9]+' 1
	expect_dmesg 'test_kho: KHO restore succeeded'
	after_update up 7.2 0
	grep -q '^PASS contents: ' /tmp/verdict.txt && grep -q '^PASS leaks: ' /tmp/verdict.txt ||
		fail "7.2: contents or leaks did not pass"
	grep -q '^SKIP blackout: this kernel has no kho/in/timing' /tmp/verdict.txt || fail "7.2: blackout not skipped"
	prepare back 7.2
	capture hop1-72
	kexec_next 6.12
}

# 7.2's test_kho does not hand its data on again after restoring it, so hop
# 2 carries the region, memblock, kexec-metadata and the client only.
stage_3() { # back on 6.12, booted from 7.2
	expect_release 6.12
	came_from '7\.2\.[0-9]+' 2
	capture hop2-612
	after_update back 6.12 0
	grep -q '^SKIP blackout: the old kernel handed over no timing stamps' /tmp/verdict.txt ||
		fail "6.12 from 7.2: blackout not skipped for want of stamps"
	grep -q '^PASS claimed: ' /tmp/verdict.txt || fail "6.12 from 7.2: claimed did not pass"
	# act 2: the same client, one range it will never restore
	prepare leak 6.12 8
	kexec_next 6.12
}

stage_4() { # 6.12 from 6.12: blackout phases, and a leak
	expect_release 6.12
	came_from '6\.12\.[0-9]+' 3
	after_update leak 6.12 1 --budget 60s
	grep -Eq '^FAIL leaks: 32 KiB leaked in 1 range, first: pfn 0x[0-9a-f]+-0x[0-9a-f]+ \(32 KiB\) owner khotest_bpf_preserve_range' /tmp/verdict.txt ||
		fail "the leak is not named"
	grep -q '^PASS blackout: blackout .* within 60.00 s' /tmp/verdict.txt || fail "blackout not within budget"
	grep -q '^  machine_kexec ' /tmp/verdict.txt || fail "no blackout phases"
	pass
}
