# k612-bpf: khosnoop (BPF) on our 6.12, 6.12 -> 6.12.
#   stage 1: khosnoop attaches tp_btf to every hook; khotest_bpf preserves
#     known folios (orders 0, 2, 3), a 5-page range, a kho_alloc_preserve
#     blob, and preserves + unpreserves one more folio; the test hook runs
#     all its steps. Every one of them appears exactly once with its pfn,
#     order, page count and caller; the event counts equal the counters of
#     kho/out/stats; a kexec_file_load is seen. The log is kept in /state.
#     --verify refuses a log of the same boot.
#   stage 2 (KHO boot): khosnoop records khotest_bpf restoring everything;
#     every restore appears with the pfns of stage 1; --verify with the new
#     log reports 0 bytes leaked (exit 0). Its negative twins: without the
#     restore evidence it reports the module's blocks as leaked (exit 1); a
#     truncated or corrupted log is refused with one line (exit 2).
E2E_DESC="6.12: khosnoop tp_btf stream = module preserves/restores and kho/out/stats; --verify 0 leaked"
E2E_KERNELS="6.12"
E2E_MEM=1G
E2E_CMDLINE="kho=on"
E2E_TIMEOUT=600

D=/sys/kernel/debug/kho

# module_events WORD OUT EVENT: every "khotest_bpf: WORD kind=.. pfn=.. order=..
# pages=.." line of dmesg must be exactly one EVENT in OUT, from khotest_bpf.
module_events() {
	word=$1
	dmesg | grep "khotest_bpf: $word kind=" >/tmp/mod.$word
	[ -s /tmp/mod.$word ] || fail "no 'khotest_bpf: $word' lines in dmesg"
	n=0
	while read -r line; do
		set -- $(echo "$line" | sed -E 's/.*pfn=0x([0-9a-f]+) order=(-?[0-9]+) pages=([0-9]+).*/\1 \2 \3/')
		pfn=$((0x$1)) order=$2 pages=$3
		m=$(grep "\"event\":\"$EVENT\"" "$OUT" | grep -c "\"pfn\":$pfn,")
		[ "$m" = 1 ] || fail "$m $EVENT events for pfn $pfn ($line)"
		ev=$(grep "\"event\":\"$EVENT\"" "$OUT" | grep "\"pfn\":$pfn,")
		[ "$(jfield "$ev" order)" = "$order" ] && [ "$(jfield "$ev" pages)" = "$pages" ] &&
			[ "$(jfield "$ev" ret)" = 0 ] || fail "$EVENT of pfn $pfn: $ev, module: $line"
		case "$(jfield "$ev" owner)" in
		*"[khotest_bpf]") ;;
		*) fail "$EVENT of pfn $pfn: owner is not khotest_bpf: $ev" ;;
		esac
		n=$((n + 1))
	done </tmp/mod.$word
	log "$n module '$word' blocks = $EVENT events (pfn, order, pages, owner)"
}

stage_1() {
	s0_p=$(kv $D/out/stats preserve_calls) s0_u=$(kv $D/out/stats unpreserve_calls)
	snoop_start /state/old.log /tmp/old.json
	for h in preserve unpreserve restore subtree_add subtree_remove finalize kexec_load handover_start; do
		echo "$SNOOP_ATTACH" | grep -q " $h=tp_btf" || fail "hook $h is not tp_btf: $SNOOP_ATTACH"
	done
	# two filtered instances beside it (filters act in the kernel)
	khosnoop -j -e preserve --order 2 >/tmp/f1.json 2>/tmp/f1.err &
	F1=$!
	khosnoop -j -e unpreserve --caller test_preserve_write >/tmp/f2.json 2>/tmp/f2.err &
	F2=$!
	i=0
	until grep -q 'tracing' /tmp/f1.err && grep -q 'tracing' /tmp/f2.err; do
		kill -0 $F1 && kill -0 $F2 || fail "filtered khosnoop exited: $(cat /tmp/f1.err /tmp/f2.err)"
		i=$((i + 1)); [ $i -lt 1200 ] || fail "filtered khosnoop did not start"
		sleep 0.1
	done
	insmod /kernels/6.12/khotest_bpf.ko op=preserve || fail "khotest_bpf op=preserve failed"
	echo 1 >$D/out/test_preserve || fail "test_preserve failed"
	kload load /kernels/6.12/bzImage - "console=ttyS0" || fail "kexec_file_load failed"
	kload unload || fail "kexec unload failed"
	snoop_stop
	stop_pid $F1 "khosnoop -e preserve --order 2"
	stop_pid $F2 "khosnoop --caller"
	wait $F1 || fail "khosnoop -e preserve --order 2 exited with $?"
	wait $F2 || fail "khosnoop --caller exited with $?"
	[ "$(wc -l </tmp/f1.json)" = 1 ] && grep -q '"event":"preserve".*"order":2,.*"owner":"khotest_bpf_preserve_folio \[khotest_bpf\]"' /tmp/f1.json ||
		fail "-e preserve --order 2: $(cat /tmp/f1.json) KALLSYMS: $(grep khotest_bpf /proc/kallsyms | head -n 5 | tr "\n" " ")"
	[ "$(wc -l </tmp/f2.json)" = 1 ] && grep -q '"event":"unpreserve".*"owner":"test_preserve_write"' /tmp/f2.json ||
		fail "-e unpreserve --caller test_preserve_write: $(cat /tmp/f2.json)"
	log "filters: --order 2 and --caller test_preserve_write each let exactly their event through"
	OUT=/tmp/old.json EVENT=preserve module_events preserved
	OUT=/tmp/old.json EVENT=unpreserve module_events unpreserved
	# entry (fentry) to tracepoint: the preserves of the module are timed
	[ "$(grep '"event":"preserve"' /tmp/old.json | grep '"owner":"khotest_bpf' | grep -c '"latency_ns":0,')" = 0 ] ||
		fail "module preserves without a latency"
	grep '"event":"subtree_add"' /tmp/old.json | grep -q '"name":"khotest-bpf"' ||
		fail "no subtree_add of khotest-bpf"
	grep '"event":"preserve"' /tmp/old.json | grep -Eq '"owner":"(test_preserve_write|kho_test_step)' ||
		fail "no preserve event from the test hook"
	grep '"event":"kexec_load"' /tmp/old.json | grep -q '"a0":[1-9]' ||
		fail "no kexec_load event with a root FDT address"
	# every call counted by the kernel is one event, and back
	np=$(grep -c '"event":"preserve"' /tmp/old.json)
	nu=$(grep -c '"event":"unpreserve"' /tmp/old.json)
	dp=$(($(kv $D/out/stats preserve_calls) - s0_p))
	du=$(($(kv $D/out/stats unpreserve_calls) - s0_u))
	[ "$np" = "$dp" ] || fail "$np preserve events, kho/out/stats counted $dp calls"
	[ "$nu" = "$du" ] || fail "$nu unpreserve events, kho/out/stats counted $du calls"
	log "events = kho/out/stats: $np preserves, $nu unpreserves"
	tail -n 1 /state/old.log | grep -q '^# end reason=signal ' || fail "the log has no end line"
	# a log of this boot is not a log of the previous kernel
	khosnoop --verify /state/old.log >/tmp/v.out 2>/tmp/v.err
	rc=$?
	[ "$rc" = 2 ] && grep -q 'recorded in this boot' /tmp/v.err ||
		fail "--verify of this boot's log: exit $rc, $(cat /tmp/v.err)"
	kexec_next 6.12 "trace_event=kho:kho_restore"
}

stage_2() {
	expect_dmesg 'KHO: found kexec handover data'
	snoop_start /state/new.log /tmp/new.json
	insmod /kernels/6.12/khotest_bpf.ko op=restore || fail "khotest_bpf op=restore failed"
	snoop_stop
	dmesg | grep -q 'khotest_bpf: restore result=ok' || fail "khotest_bpf restore did not succeed"
	# every restored block: restore events covering exactly its pages
	dmesg | grep 'khotest_bpf: restored kind=' >/tmp/mod.restored
	[ "$(wc -l </tmp/mod.restored)" = 5 ] || fail "$(wc -l </tmp/mod.restored) restored blocks, expected 5"
	while read -r line; do
		set -- $(echo "$line" | sed -E 's/.*pfn=0x([0-9a-f]+) order=(-?[0-9]+) pages=([0-9]+).*/\1 \2 \3/')
		pfn=$((0x$1)) pages=$3 got=0
		grep '"event":"restore"' /tmp/new.json >/tmp/rest.json
		while read -r ev; do
			p=$(jfield "$ev" pfn)
			if [ "$p" -ge "$pfn" ] && [ "$p" -lt $((pfn + pages)) ]; then
				[ "$(jfield "$ev" ret)" = 0 ] || fail "failed restore in $line: $ev"
				got=$((got + $(jfield "$ev" pages)))
			fi
		done </tmp/rest.json
		[ "$got" = "$pages" ] || fail "restore events cover $got pages of $line"
		# and it is a block stage 1 preserved
		grep -q "pfn=0x$1 " /state/dmesg.stage1 || fail "restored pfn 0x$1 was not preserved in stage 1"
	done </tmp/mod.restored
	log "5 restored blocks = restore events, pfns of stage 1"

	khosnoop --verify /state/old.log --new /state/new.log >/tmp/v.out 2>/tmp/v.err
	rc=$?
	cat /tmp/v.out
	[ "$rc" = 0 ] || fail "--verify after a clean handover: exit $rc, $(tail -n 2 /tmp/v.out) $(cat /tmp/v.err)"
	grep -q '^OK: 0 bytes leaked' /tmp/v.out || fail "--verify does not say 0 bytes leaked"
	# negative twin: without the evidence of the restores, all of it leaked
	khosnoop --verify /state/old.log --trace none >/tmp/v2.out 2>/tmp/v2.err
	rc=$?
	[ "$rc" = 1 ] || fail "--verify without restores: exit $rc, expected 1"
	grep -q '^LEAK: ' /tmp/v2.out || fail "--verify without restores does not report a leak"
	grep -q 'khotest_bpf_preserve_folio \[khotest_bpf\]' /tmp/v2.out ||
		fail "--verify without restores does not name khotest_bpf_preserve_folio"
	# corrupt input: one line on stderr, exit 2
	head -c -3 /state/old.log >/tmp/trunc.log
	khosnoop --verify /tmp/trunc.log >/tmp/v3.out 2>/tmp/v3.err
	rc=$?
	[ "$rc" = 2 ] && [ "$(wc -l </tmp/v3.err)" = 1 ] && [ ! -s /tmp/v3.out ] ||
		fail "truncated log: exit $rc, stderr $(cat /tmp/v3.err)"
	sed 's/ev=preserve /ev=preserved /' /state/old.log >/tmp/bad.log
	khosnoop --verify /tmp/bad.log >/tmp/v4.out 2>/tmp/v4.err
	rc=$?
	[ "$rc" = 2 ] && [ "$(wc -l </tmp/v4.err)" = 1 ] ||
		fail "corrupted log: exit $rc, stderr $(cat /tmp/v4.err)"
	log "truncated: $(cat /tmp/v3.err); corrupted: $(cat /tmp/v4.err)"
	pass
}

# The committed bpf/vmlinux.h is the header of this 6.12 kernel; and the
# check is not blind: a header with one field renamed is stale.
host_check() {
	local bad rc
	# the BTF of the 6.12 build this run booted (its artifacts: from the
	# tree or from the kernel cache)
	VMLINUX=$KART/6.12/vmlinux.btf "$TOP/scripts/gen-vmlinux-h.sh" --check 2>&1 >/dev/null || return 1
	bad=$(mktemp)
	sed 's/\bvmemmap_base\b/vmemmap_b4se/; s/\bret_addr;/ret_4ddr;/' "$TOP/bpf/vmlinux.h" >"$bad"
	VMLINUX=$KART/6.12/vmlinux.btf VMLINUX_H=$bad "$TOP/scripts/gen-vmlinux-h.sh" --check >/dev/null 2>&1
	rc=$?
	rm -f "$bad"
	[ "$rc" = 1 ] || { echo "gen-vmlinux-h.sh --check passed a changed header (exit $rc)"; return 1; }
}
