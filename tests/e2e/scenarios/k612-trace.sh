# k612-trace: the kho:* tracepoints on 6.12 (trace_event=kho:* on the
# command line), 6.12 -> 6.12 -> 6.12.
#   stage 1 (cold): the boot-time kho_scratch_area events, replayed once
#     tracing is up, carry the addresses and sizes of dmesg and kho/scratch
#     and the time of dmesg; no kho_mem_deserialize or kho_handover_end on a
#     cold boot; runtime events while test_kho and the test hooks preserve,
#     add, remove and unpreserve; a preserve refused after finalize shows
#     ret=-16; the event counts equal the counters of kho/out/stats.
#   stage 2 (KHO boot): kho_scratch_area (inherited), kho_mem_deserialize
#     (pages = dmesg, bytes and blocks = kho/in/stats) and kho_handover_end
#     (release and count of dmesg, result 0); the bytes of the kho_restore
#     events equal restored_bytes of kho/in/stats. With tp_printk the old
#     kernel's kho_kexec_load and kho_handover_start reach the console, and
#     the host checks them against kho/out/stats read just before.
#   stage 3: the previous kernel handed over a corrupted FDT (test hook):
#     kho_handover_end says result=-22 and there is no kho_mem_deserialize.
E2E_DESC="6.12: kho:* boot-time events = dmesg/debugfs, runtime events = kho/out/stats counters, refused handover traced"
E2E_KERNELS="6.12"
E2E_MEM=1G
E2E_CMDLINE="kho=on reserve_mem=4M:4096:khotest trace_event=kho:*"
E2E_TIMEOUT=420

D=/sys/kernel/debug/kho
T=/sys/kernel/tracing/trace

field() { # field LINE NAME -> value of NAME= in a trace line
	echo "$1" | tr ' ' '\n' | sed -n "s/^$2=//p" | head -n1
}

events() { grep -a " $1: " $T; }
count() { events "$1" | wc -l; }

check_scratch_events() { # check_scratch_events ORIGIN
	n=$(kv $D/scratch areas)
	[ "$(count kho_scratch_area)" = "$n" ] ||
		fail "$(count kho_scratch_area) kho_scratch_area events for $n scratch areas"
	events kho_scratch_area >/tmp/areas
	i=0
	while read -r line; do
		[ "$(field "$line" idx)" = $i ] || fail "kho_scratch_area events out of order: $line"
		[ "$(field "$line" origin)" = "$1" ] || fail "kho_scratch_area $i: origin is not $1: $line"
		[ $(($(field "$line" addr))) = $(($(kv $D/scratch area${i}_addr))) ] ||
			fail "kho_scratch_area $i: addr differs from kho/scratch: $line"
		[ "$(field "$line" size)" = "$(kv $D/scratch area${i}_size)" ] ||
			fail "kho_scratch_area $i: size differs from kho/scratch: $line"
		[ "$(field "$line" node)" = "$(kv $D/scratch area${i}_node)" ] ||
			fail "kho_scratch_area $i: node differs from kho/scratch: $line"
		i=$((i + 1))
	done </tmp/areas
	log "kho_scratch_area ($1): $n events = kho/scratch"
}

stage_1() {
	[ -r $T ] || fail "no $T"
	[ -d /sys/kernel/tracing/events/kho ] || fail "no kho trace events"
	check_scratch_events cold
	# Addresses, sizes and time equal the kernel log of the cold boot.
	i=0
	while read -r line; do
		d=$(dmesg | grep "KHO: scratch area $i: " | head -n1)
		[ -n "$d" ] || fail "no 'scratch area $i' in dmesg"
		set -- $(echo "$d" | sed -E 's/.*area [0-9]+: (0x[0-9a-f]+) \+ (0x[0-9a-f]+)/\1 \2/')
		[ $(($(field "$line" addr))) = $(($1)) ] && [ "$(field "$line" size)" = $(($2)) ] ||
			fail "kho_scratch_area $i: $line, dmesg: $d"
		ts=$(echo "$d" | sed -E 's/^\[ *([0-9]+)\.([0-9]{6})\].*/\1\2/')
		ns=$(field "$line" boot_ns)
		us=$((ns / 1000)) ts=$((10#$ts))
		[ $((us - ts)) -ge 0 ] && [ $((us - ts)) -lt 100000 ] ||
			fail "kho_scratch_area $i: boot_ns $ns is not the time of dmesg's line ($ts us)"
		i=$((i + 1))
	done </tmp/areas
	[ "$(count kho_mem_deserialize)" = 0 ] || fail "kho_mem_deserialize on a cold boot"
	[ "$(count kho_handover_end)" = 0 ] || fail "kho_handover_end on a cold boot"
	events kho_preserve | grep -q 'caller=kho_test' || fail "no kho_preserve event from test_kho"

	# Runtime events: all steps of the test hook on a page of its own...
	echo 1 >$D/out/test_preserve || fail "test_preserve failed"
	events kho_subtree_add | grep -q 'name=kho-debug-test-all .*ret=0' || fail "no kho_subtree_add for kho-debug-test-all"
	events kho_subtree_remove | grep -q 'name=kho-debug-test-all .*ret=0' || fail "no kho_subtree_remove for kho-debug-test-all"
	# ...and a preserve refused after finalize.
	echo 1 >$D/out/finalize || fail "cannot finalize"
	if echo preserve >$D/out/test_preserve 2>/dev/null; then
		fail "preserve accepted after finalize"
	fi
	echo 0 >$D/out/finalize || fail "cannot unfreeze"
	events kho_finalize | grep -q 'finalize=1 ret=0' || fail "no kho_finalize finalize=1 event"
	events kho_finalize | grep -q 'finalize=0 ret=0' || fail "no kho_finalize finalize=0 event"
	events kho_preserve | grep -q 'ret=-16 ' || fail "the refused preserve has no kho_preserve event with ret=-16"
	events kho_preserve | grep -Eq 'caller=(test_preserve_write|kho_test_step)' || fail "kho_preserve does not name the test hook as caller"

	# Every event is counted, and every counted call has an event.
	s=$D/out/stats
	for ev in preserve unpreserve; do
		n=$(count kho_$ev) nf=$(events kho_$ev | grep -c 'ret=-')
		[ "$n" = "$(kv $s ${ev}_calls)" ] || fail "$n kho_$ev events, ${ev}_calls $(kv $s ${ev}_calls)"
		[ "$nf" = "$(kv $s ${ev}_failures)" ] || fail "$nf failed kho_$ev events, ${ev}_failures $(kv $s ${ev}_failures)"
		log "kho_$ev: $n events ($nf refused) = kho/out/stats"
	done
	[ "$(kv $s preserve_failures)" -ge 1 ] || fail "no preserve failure counted"
	grep -q 'trace_event=kho:\*' /proc/cmdline || fail "cmdline lost trace_event"
	kexec_next 6.12 "tp_printk trace_event=kho:kho_scratch_area,kho:kho_mem_deserialize,kho:kho_handover_end,kho:kho_handover_start,kho:kho_kexec_load,kho:kho_restore"
}

stage_2() {
	expect_dmesg 'KHO: found kexec handover data'
	check_scratch_events inherited
	[ "$(count kho_mem_deserialize)" = 1 ] || fail "$(count kho_mem_deserialize) kho_mem_deserialize events"
	line=$(events kho_mem_deserialize)
	pages=$(dmesg | sed -n -E 's/.*KHO: reserved ([0-9]+) preserved pages.*/\1/p')
	[ "$(field "$line" pages)" = "$pages" ] || fail "kho_mem_deserialize pages differ from dmesg ($pages): $line"
	[ "$(field "$line" bytes)" = "$(kv $D/in/stats bytes)" ] || fail "kho_mem_deserialize bytes differ from in/stats: $line"
	[ "$(field "$line" err)" = 0 ] || fail "kho_mem_deserialize reports an error: $line"
	blocks=0
	for b in $(field "$line" blocks | tr -d '{}' | tr ',' ' '); do blocks=$((blocks + b)); done
	[ "$blocks" = "$(kv $D/in/stats blocks)" ] || fail "kho_mem_deserialize blocks add up to $blocks, in/stats says $(kv $D/in/stats blocks)"
	[ "$(count kho_handover_end)" = 1 ] || fail "$(count kho_handover_end) kho_handover_end events"
	line=$(events kho_handover_end)
	set -- $(dmesg | sed -n -E 's/.*KHO: exec from: ([^ ]+) \(count ([0-9]+)\).*/\1 \2/p')
	[ "$(field "$line" previous_release)" = "$1" ] && [ "$(field "$line" kexec_count)" = "$2" ] &&
		[ "$(field "$line" result)" = 0 ] || fail "kho_handover_end differs from dmesg ($1, count $2): $line"
	r=0
	for o in $(events kho_restore | grep 'ok=1' | sed -E 's/.* order=([0-9]+) .*/\1/'); do
		r=$((r + (4096 << o)))
	done
	[ "$r" = "$(kv $D/in/stats restored_bytes)" ] ||
		fail "kho_restore events add up to $r bytes, in/stats restored_bytes $(kv $D/in/stats restored_bytes)"
	log "boot-time events = dmesg and in/stats; kho_restore: $r bytes = restored_bytes"

	# A handover the next kernel must refuse; the host compares the old
	# kernel's kho_handover_start (tp_printk) with kho/out/stats.
	s=$D/out/stats
	echo "$(kv $s preserved_bytes) $(kv $s preserved_blocks) $(kv $s subtrees) $(kv $s tree_pages)" >/state/stats
	log "handover_start expected: $(cat /state/stats)"
	echo compatible >$D/out/inject || fail "cannot inject a corruption"
	kexec_next 6.12
}

stage_3() {
	expect_dmesg 'KHO: invalid handover \(FDT not compatible'
	line=$(events kho_handover_end)
	[ -n "$line" ] || fail "no kho_handover_end event for a refused handover"
	[ "$(field "$line" result)" = -22 ] || fail "refused handover: kho_handover_end result is not -22: $line"
	[ "$(count kho_mem_deserialize)" = 0 ] || fail "kho_mem_deserialize after a refused handover"
	log "refused handover: $line"
	pass
}

host_check() {
	local log=$1 want got
	want=$(tr -d '\r' <"$log" | sed -n 's/.*handover_start expected: //p' | head -n1)
	[ -n "$want" ] || { echo "no expected handover_start values in the log"; return 1; }
	set -- $(tr -d '\r' <"$log" | grep -a 'kho_handover_start: ' | tail -n1 |
		sed -E 's/.*preserved_bytes=([0-9]+) preserved_blocks=([0-9]+) subtrees=([0-9]+) tree_pages=([0-9]+).*/\1 \2 \3 \4/')
	got="$*"
	[ "$got" = "$want" ] || { echo "kho_handover_start on the console: '$got', kho/out/stats before: '$want'"; return 1; }
	tr -d '\r' <"$log" | grep -aq 'kho_kexec_load: fdt=0x[0-9a-f]* scratch=0x[0-9a-f]* scratch_size=[1-9][0-9]* nr_segments=[1-9]' ||
		{ echo "no kho_kexec_load event on the console"; return 1; }
}
