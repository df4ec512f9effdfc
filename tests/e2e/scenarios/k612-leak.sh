# k612-leak: khosnoop --verify finds memory preserved and never restored,
# 6.12 -> 6.12 -> 6.12.
#   stage 1: khotest_bpf preserves its blocks and, with leak_pages=8, a
#     range of 8 pages that is in no list: the next kernel will never
#     restore it. khosnoop records all of it to /state/old.log.
#   stage 2 (KHO boot): khotest_bpf restores its list (khosnoop records);
#     --verify exits 1 and names the 8 pages (32768 bytes), their pfn and
#     their owner, khotest_bpf_preserve_range; --summary -j of the run
#     agrees. The twin without the leak: khotest_bpf preserves again with
#     leak_pages=0, recorded to /state/old2.log; kexec.
#   stage 3 (KHO boot): everything restored: --verify exits 0.
E2E_DESC="6.12: --verify names a range preserved and never restored (exit 1), and exits 0 without it"
E2E_KERNELS="6.12"
E2E_MEM=1G
E2E_CMDLINE="kho=on"
E2E_TIMEOUT=600

M=/kernels/6.12/khotest_bpf.ko

stage_1() {
	snoop_start /state/old.log /tmp/old.json
	insmod $M op=preserve leak_pages=8 || fail "khotest_bpf op=preserve leak_pages=8 failed"
	snoop_stop
	leak=$(dmesg | sed -n -E 's/.*khotest_bpf: leaked kind=pages pfn=0x([0-9a-f]+) order=-1 pages=8.*/\1/p')
	[ -n "$leak" ] || fail "khotest_bpf did not report its leaked range"
	echo "$leak" >/state/leak.pfn
	log "leaked range at pfn 0x$leak"
	kexec_next 6.12
}

restore_recorded() { # restore_recorded LOG: khotest_bpf op=restore under khosnoop
	snoop_start "$1" /tmp/new.json
	insmod $M op=restore || fail "khotest_bpf op=restore failed"
	snoop_stop
	rmmod khotest_bpf || fail "cannot unload khotest_bpf"
}

stage_2() {
	expect_dmesg 'KHO: found kexec handover data'
	restore_recorded /state/new.log
	leak=$(cat /state/leak.pfn)
	khosnoop --verify /state/old.log --new /state/new.log >/tmp/v.out 2>/tmp/v.err
	rc=$?
	cat /tmp/v.out
	[ "$rc" = 1 ] || fail "--verify with a leaked range: exit $rc, expected 1 ($(cat /tmp/v.err))"
	grep -q '^LEAK: 32768 bytes leaked in 1 ranges' /tmp/v.out || fail "--verify does not report 32768 bytes in 1 range"
	grep -Eq "^leaked: pfn 0x$leak-0x[0-9a-f]+ \\(32 KiB\\) owner khotest_bpf_preserve_range \\[khotest_bpf\\]" /tmp/v.out ||
		fail "--verify does not name pfn 0x$leak, 32 KiB, khotest_bpf_preserve_range"
	khosnoop --verify /state/old.log --new /state/new.log -j >/tmp/v.json 2>/tmp/v.err
	[ $? = 1 ] || fail "--verify -j: wrong exit status"
	grep -q "\"held_bytes\":110592,\"restored_bytes\":77824,\"leaked_bytes\":32768," /tmp/v.json || fail "--verify -j: leaked_bytes is not 32768: $(cat /tmp/v.json)"
	grep -q "\"leaked\":\\[{\"pfn\":$((0x$leak)),\"pages\":8,\"bytes\":32768,\"owner\":\"khotest_bpf_preserve_range \\[khotest_bpf\\]\"}\\]" /tmp/v.json ||
		fail "--verify -j: leaked range differs: $(cat /tmp/v.json)"
	log "leak found: $(grep '^leaked:' /tmp/v.out)"
	# real logs for the host-side tests (tests/fixtures/6.12/khosnoop)
	export_file old.log /state/old.log
	export_file new.log /state/new.log

	# in-kernel aggregation: the twin without a leak, summarised by BPF
	snoop_start /state/old2.log /tmp/old2.json --summary
	insmod $M op=preserve || fail "khotest_bpf op=preserve failed"
	snoop_stop
	sum=$(grep '"summary"' /tmp/old2.json)
	[ -n "$sum" ] || fail "no --summary output"
	echo "$sum" | grep -q '"event":"preserve","order":3,"caller":[0-9]*,"owner":"khotest_bpf_preserve_folio \[khotest_bpf\]","count":1,"bytes":32768,"failed":0' ||
		fail "summary lacks the order-3 preserve of khotest_bpf: $sum"
	echo "$sum" | grep -q '"event":"preserve","order":-1,"caller":[0-9]*,"owner":"khotest_bpf_preserve_range \[khotest_bpf\]","count":1,"bytes":20480' ||
		fail "summary lacks the 5-page range of khotest_bpf: $sum"
	# held now: 4 blocks of preserve_folio (0, 2, 3 and nothing unpreserved)
	echo "$sum" | grep -q '{"owner":"khotest_bpf_preserve_folio \[khotest_bpf\]","blocks":3,"bytes":53248}' ||
		fail "summary: held view of khotest_bpf_preserve_folio is not 3 blocks, 53248 bytes: $sum"
	echo "$sum" | grep -q '"ringbuf_drops":0' || fail "ring buffer drops: $sum"
	log "summary agrees: $(echo "$sum" | cut -c1-200)"
	kexec_next 6.12
}

stage_3() {
	expect_dmesg 'KHO: found kexec handover data'
	restore_recorded /state/new2.log
	khosnoop --verify /state/old2.log --new /state/new2.log >/tmp/v.out 2>/tmp/v.err
	rc=$?
	cat /tmp/v.out
	[ "$rc" = 0 ] || fail "--verify without a leak: exit $rc, expected 0 ($(cat /tmp/v.err))"
	grep -q '^OK: 0 bytes leaked' /tmp/v.out || fail "--verify without a leak does not say 0 bytes"
	pass
}
