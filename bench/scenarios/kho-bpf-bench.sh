# kho-bpf-bench (make bench): cost of khosnoop's BPF programs on the KHO API,
# measured in one VM run on 6.12 with khobench.ko: ROUNDS rounds of PP
# preserve+unpreserve pairs (kho_preserve_folio + kho_unpreserve_folio)
#   none    no BPF attached
#   agg     khosnoop -q: aggregation, latency and held map only (no stream)
#   stream  khosnoop -j >/dev/null: every event through the ring buffer too
# interleaved, the order rotating every round.  One "KHOBENCH pp <mode>
# n=<ops> ns=<total>" line per measurement; bench/kho_bpf.py takes medians.
# Then khotop's cost: CPU time of the whole guest over WINDOW seconds idle,
# and with `khotop -b -j -d 1` (BPF aggregation on) running, alternating,
# plus khotop's own CPU time: "KHOBENCH cpu <idle|khotop> busy=<ticks>
# total=<ticks> self=<ticks> hz=<ticks/s> secs=<s>".
E2E_DESC="bench: KHO preserve/unpreserve with no BPF, BPF aggregation only, full BPF stream"
E2E_KERNELS="6.12"
E2E_MEM=1G
E2E_CMDLINE="kho=on"
E2E_TIMEOUT=1200
# a measurement: no other guest beside it
E2E_ALONE=1

ROUNDS=12
PP=5000

pp() { # pp MODE: one khobench load, one KHOBENCH line
	insmod /kernels/6.12/khobench.ko op=pp iters=$PP 2>/tmp/err ||
		fail "khobench op=pp: $(cat /tmp/err); $(dmesg | grep khobench | tail -n1)"
	line=$(dmesg | grep 'khobench: op=' | tail -n1)
	rmmod khobench
	case "$line" in *result=ok*) ;; *) fail "khobench: $line" ;; esac
	n=$(echo "$line" | sed -E 's/.* n=([0-9]+) .*/\1/')
	ns=$(echo "$line" | sed -E 's/.* ns=([0-9]+) .*/\1/')
	echo "KHOBENCH pp $1 n=$n ns=$ns"
}

with_snoop() { # with_snoop MODE ARGS...: pp under a khosnoop
	mode=$1
	shift
	# the stream goes to a file, not /dev/null via the caller: our own
	# KHOBENCH lines and any failure must still reach the console
	# the previous run's "tracing" line must not be mistaken for this one's
	# (the child truncates bs.err only after the fork): SIGINT would then
	# come before khosnoop catches it, and ignored in a background job
	rm -f /tmp/bs.err
	khosnoop "$@" >/tmp/bs.out 2>/tmp/bs.err &
	bs=$!
	i=0
	until grep -q 'tracing, Ctrl-C to stop' /tmp/bs.err 2>/dev/null; do
		kill -0 $bs 2>/dev/null || fail "khosnoop $*: $(cat /tmp/bs.err)"
		i=$((i + 1)); [ $i -lt 1200 ] || fail "khosnoop $* did not start"
		sleep 0.1
	done
	pp "$mode"
	stop_pid $bs "khosnoop $*"
	wait $bs || fail "khosnoop $* exited with $?: $(cat /tmp/bs.err)"
	if [ "$mode" = stream ]; then
		got=$(grep -c '"event":"preserve"' /tmp/bs.out)
		[ "$got" -ge "$PP" ] ||
			fail "khosnoop -j streamed $got preserve events, expected $PP"
	fi
}

one() { # one MODE
	case $1 in
	none) pp none ;;
	agg) with_snoop agg -q ;;
	stream) with_snoop stream -j ;;
	esac
}

WINDOW=10
kt=""
CPU_ROUNDS=3

cpu_ticks() { # cpu_ticks -> "busy total" of /proc/stat's cpu line
	read -r _ u n sy id io irq sirq st _ </proc/stat
	echo "$((u + n + sy + irq + sirq + st)) $((u + n + sy + irq + sirq + st + id + io))"
}

cpu_window() { # cpu_window MODE
	self=0
	if [ "$1" = khotop ]; then
		khotop -b -j -d 1 >/dev/null 2>/tmp/kt.err &
		kt=$!
		sleep 3	# BPF loaded and attached: measure the steady state
	fi
	set -- "$1" $(cpu_ticks)
	s0=$(awk '{print $14 + $15}' /proc/${kt:-self}/stat 2>/dev/null || echo 0)
	sleep $WINDOW
	set -- "$1" "$2" "$3" $(cpu_ticks)
	if [ "$1" = khotop ]; then
		self=$(($(awk '{print $14 + $15}' /proc/$kt/stat) - s0))
		stop_pid $kt khotop
		wait $kt || fail "khotop exited with $?: $(cat /tmp/kt.err)"
		grep -q . /tmp/kt.err && fail "khotop: $(cat /tmp/kt.err)"
		kt=""
	fi
	echo "KHOBENCH cpu $1 busy=$(($4 - $2)) total=$(($5 - $3)) self=$self hz=100 secs=$WINDOW"
}

stage_1() {
	r=0
	while [ $r -lt $CPU_ROUNDS ]; do
		cpu_window idle
		cpu_window khotop
		r=$((r + 1))
	done
	pp warmup
	r=0
	while [ $r -lt $ROUNDS ]; do
		case $((r % 3)) in
		0) one none; one agg; one stream ;;
		1) one agg; one stream; one none ;;
		2) one stream; one none; one agg ;;
		esac
		r=$((r + 1))
	done
	pass
}
