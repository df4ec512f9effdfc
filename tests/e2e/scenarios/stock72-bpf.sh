# stock72-bpf: khosnoop on stock 7.2 (no kho:* tracepoints) watching the
# real KHO client, the Live Update Orchestrator, 7.2 -> 7.2.
#   stage 1: khosnoop picks fentry/fexit on the exported functions, and a
#     second khosnoop forced to kprobes runs beside it; luo_memfd creates a
#     session on /dev/liveupdate and preserves a 256 KiB memfd (the way a
#     VMM keeps guest memory), then holds the session through the kexec.
#     Both see one folio preserve per page of the memfd, the same pfns.
#   stage 2 (KHO boot): khosnoop records luo_memfd retrieving the memfd and
#     checking every byte; the restores it sees are the pfns preserved in
#     stage 1. --verify attributes them: the owner of the memfd folios has
#     nothing leaked.
E2E_DESC="stock 7.2: khosnoop fentry (and forced kprobe) sees LUO memfd preserves, restores after kexec, pfns matching"
E2E_KERNELS="7.2"
E2E_MEM=1G
E2E_CMDLINE="kho=on liveupdate=on"
E2E_TIMEOUT=600

SIZE=262144
SEED=0x6b686f

# folio_pfns JSON EVENT: sorted pfns of successful folio EVENTs
folio_pfns() {
	grep "\"event\":\"$2\"" "$1" | grep '"kind":"folio"' | grep '"ret":0,' |
		sed -E 's/.*"pfn":([0-9]+),.*/\1/' | sort -n
}

stage_1() {
	[ -c /dev/liveupdate ] || fail "no /dev/liveupdate (CONFIG_LIVEUPDATE, liveupdate=on)"
	snoop_start /state/old.log /tmp/old.json
	for h in preserve unpreserve restore subtree_add subtree_remove kexec_load handover_start; do
		echo "$SNOOP_ATTACH" | grep -q " $h=fentry" || fail "hook $h is not fentry: $SNOOP_ATTACH"
	done
	echo "$SNOOP_ATTACH" | grep -q ' finalize=none' || fail "stock 7.2 has no finalize hook: $SNOOP_ATTACH"
	khosnoop -m kprobe -j >/tmp/kp.json 2>/tmp/kp.err &
	KP=$!
	i=0
	until grep -q 'tracing, Ctrl-C to stop' /tmp/kp.err; do
		kill -0 $KP 2>/dev/null || fail "khosnoop -m kprobe exited: $(cat /tmp/kp.err)"
		i=$((i + 1)); [ $i -lt 1200 ] || fail "khosnoop -m kprobe did not start"
		sleep 0.1
	done
	grep attached /tmp/kp.err | grep -q ' preserve=kprobe .* restore=kprobe ' ||
		fail "forced kprobe: $(grep attached /tmp/kp.err)"
	log "forced: $(grep attached /tmp/kp.err)"

	luo_memfd preserve vm0 7 $SIZE $SEED >/tmp/luo.out 2>&1 &
	i=0
	until grep -q 'luo_memfd: preserved' /tmp/luo.out; do
		i=$((i + 1)); [ $i -lt 600 ] || fail "luo_memfd did not preserve: $(cat /tmp/luo.out)"
		sleep 0.1
	done
	snoop_stop
	stop_pid $KP "khosnoop -m kprobe"; wait $KP || fail "khosnoop -m kprobe exited with $?"

	folio_pfns /tmp/old.json preserve >/state/pfns
	folio_pfns /tmp/kp.json preserve >/tmp/kp.pfns
	n=$(wc -l </state/pfns)
	[ "$n" -ge $((SIZE / 4096)) ] || fail "$n folio preserves for a $SIZE-byte memfd"
	cmp -s /state/pfns /tmp/kp.pfns || fail "fentry and kprobe saw different pfns ($n vs $(wc -l </tmp/kp.pfns))"
	# the caller: fentry from the stack, kprobe from the return address
	owner=$(grep '"event":"preserve"' /tmp/kp.json | grep '"kind":"folio"' | head -n1 | sed -E 's/.*"owner":"([^"]*)".*/\1/')
	case "$owner" in memfd_luo*) ;; *) fail "kprobe: folio preserves owned by '$owner', not memfd_luo*" ;; esac
	log "fentry = kprobe: $n folio preserves of the memfd, owner $owner; fentry owner: $(grep '"event":"preserve"' /tmp/old.json | grep '"kind":"folio"' | head -n1 | sed -E 's/.*"owner":"([^"]*)".*/\1/')"
	kexec_next 7.2
}

stage_2() {
	expect_dmesg 'KHO: found kexec handover data'
	snoop_start /state/new.log /tmp/new.json
	luo_memfd restore vm0 7 $SIZE $SEED >/tmp/luo.out 2>&1
	rc=$?
	snoop_stop
	cat /tmp/luo.out
	[ "$rc" = 0 ] && grep -q 'result=ok' /tmp/luo.out || fail "luo_memfd restore: exit $rc, $(cat /tmp/luo.out)"
	folio_pfns /tmp/new.json restore >/tmp/restored
	[ -s /tmp/restored ] || fail "no folio restore events"
	missing=0
	while read -r p; do
		grep -qx "$p" /tmp/restored || missing=$((missing + 1))
	done </state/pfns
	[ "$missing" = 0 ] || fail "$missing of $(wc -l </state/pfns) preserved pfns were not seen restored"
	log "every one of $(wc -l </state/pfns) preserved pfns restored ($(wc -l </tmp/restored) folio restores)"
	khosnoop --verify /state/old.log --new /state/new.log -j >/tmp/v.json 2>/tmp/v.err
	rc=$?
	[ "$rc" = 0 ] || [ "$rc" = 1 ] || fail "--verify: exit $rc, $(cat /tmp/v.err)"
	khosnoop --verify /state/old.log --new /state/new.log >/tmp/v.out 2>&1
	cat /tmp/v.out
	# the memfd's folios: held, all restored
	line=$(grep '^memfd_luo' /tmp/v.out | head -n1)
	[ -n "$line" ] || fail "--verify names no memfd_luo owner"
	set -- $line
	[ "$2" -ge "$SIZE" ] && [ "$3" = "$2" ] && [ "$4" = 0 ] ||
		fail "--verify: memfd owner held $2, restored $3, leaked $4"
	log "--verify: $line"
	pass
}
