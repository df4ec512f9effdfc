# kho-trace-bench (make bench): cost of the kho:* tracepoints on the KHO API,
# measured in one VM run with khobench.ko, alternating the kernels
# 6.12 -> 6.12-notrace -> 6.12 -> 6.12-notrace by KHO kexec:
#   - in every boot, after a warm-up run, ROUNDS rounds of PP
#     preserve+unpreserve pairs; on 6.12 with the kho events off and on,
#     interleaved, the order flipping every round;
#   - every boot but the first restores, in chunks, the folios the previous
#     one preserved (off and on interleaved on 6.12);
#   - 6.12-notrace (CONFIG_TRACEPOINTS=n) is the "compiled out" column.
# Every measurement is one "KHOBENCH <what> <mode> n=<ops> ns=<total>" line;
# bench/kho_trace.py takes the median per operation and mode.
E2E_DESC="bench: KHO preserve/unpreserve/restore with tracepoints off, on and compiled out"
E2E_KERNELS="6.12 6.12-notrace"
E2E_MEM=1G
E2E_CMDLINE="kho=on"
E2E_TIMEOUT=900
# a measurement: no other guest beside it
E2E_ALONE=1

ROUNDS=16
PP=5000
NR=8192
CHUNK=512
EV=/sys/kernel/tracing/events/kho/enable

events() { # events 0|1
	[ "$KHO_KVER" = 6.12-notrace ] && return 0
	echo "$1" >$EV || fail "cannot set $EV to $1"
	echo >/sys/kernel/tracing/trace
}

run() { # run MODE OP ARGS...: one khobench load, one KHOBENCH line
	mode=$1 what=$2
	shift 2
	insmod /kernels/$KHO_KVER/khobench.ko op=$what "$@" 2>/tmp/err ||
		fail "khobench op=$what $*: $(cat /tmp/err); $(dmesg | grep khobench | tail -n1)"
	line=$(dmesg | grep 'khobench: op=' | tail -n1)
	rmmod khobench
	case "$line" in *result=ok*) ;; *) fail "khobench: $line" ;; esac
	n=$(echo "$line" | sed -E 's/.* n=([0-9]+) .*/\1/')
	ns=$(echo "$line" | sed -E 's/.* ns=([0-9]+) .*/\1/')
	echo "KHOBENCH $what $mode n=$n ns=$ns"
}

pp_rounds() { # interleaved; the order flips every round to cancel drift
	events 0
	run warmup pp iters=$PP
	r=0
	while [ $r -lt $ROUNDS ]; do
		if [ "$KHO_KVER" = 6.12-notrace ]; then
			run compiled-out pp iters=$PP
		elif [ $((r % 2)) = 0 ]; then
			events 0; run off pp iters=$PP
			events 1; run on pp iters=$PP
		else
			events 1; run on pp iters=$PP
			events 0; run off pp iters=$PP
		fi
		r=$((r + 1))
	done
	events 0
}

restore_chunks() {
	first=0 c=0
	while [ $((first + CHUNK)) -le $NR ]; do
		if [ "$KHO_KVER" = 6.12-notrace ]; then
			mode=compiled-out
		elif [ $((c % 2)) = 0 ]; then
			mode=off; events 0
		else
			mode=on; events 1
		fi
		run $mode restore first=$first count=$CHUNK
		first=$((first + CHUNK)) c=$((c + 1))
	done
	events 0
}

stage_1() {
	[ -w $EV ] || fail "no $EV: kho events missing"
	pp_rounds
	run prep prep nr=$NR
	kexec_next 6.12-notrace
}

stage_2() {
	expect_dmesg 'KHO: found kexec handover data'
	[ -e $EV ] && fail "6.12-notrace has kho trace events"
	restore_chunks
	pp_rounds
	run prep prep nr=$NR
	kexec_next 6.12
}

stage_3() {
	expect_dmesg 'KHO: found kexec handover data'
	restore_chunks
	pp_rounds
	run prep prep nr=$NR
	kexec_next 6.12-notrace
}

stage_4() {
	expect_dmesg 'KHO: found kexec handover data'
	restore_chunks
	pp_rounds
	pass
}
