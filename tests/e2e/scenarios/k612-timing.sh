# k612-timing: kho/in/timing after KHO kexecs, 6.12 -> 6.12 -> 6.12 -> stock
# 7.2 -> 6.12.
#   - on a 6.12 -> 6.12 boot every phase is there, in order (kexec_load
#     negative, kernel_kexec 0, then sealed, devices down, machine_kexec,
#     setup_arch, validated, reserved, mm_init, kho_init, first_exec; the
#     reserve_mem revival and the self test in between), blackout_ns > 0
#     and = first_exec - machine_kexec; the TSC kept counting across the
#     kexec (setup_arch after machine_kexec) and the blackout agrees with
#     what the host saw on the serial console (from the old kernel's
#     "Starting new kernel" to the new user space's first line) within
#     25 % + 100 ms;
#   - kho/out/timing shows kexec_load once an image is loaded;
#   - stock 7.2 boots clean with the kho-timing property in the root FDT
#     (takes the handover, its test_kho verifies ours, no KHO warning);
#   - 6.12 after 7.2 (no stamps handed over): previous_stamps 0, phases
#     relative to setup_arch, no blackout line.
E2E_DESC="6.12: kho/in/timing phases in order, blackout = host-measured; stock 7.2 ignores the stamps"
E2E_KERNELS="6.12 7.2"
E2E_MEM=1G
E2E_CMDLINE="kho=on reserve_mem=4M:4096:khotest"
E2E_TIMEOUT=600
# the blackout is checked against the host's clock: no other guest beside it
E2E_ALONE=1

SEED=0x71e612
D=/sys/kernel/debug/kho

check_clock() { # check_clock FILE
	[ "$(kv "$1" format)" = 1 ] || fail "$1: format is not 1"
	[ "$(kv "$1" clock)" = "${KHO_CLOCK:-tsc}" ] || fail "$1: clock is not ${KHO_CLOCK:-tsc}"
	[ "$(kv "$1" clock_khz)" -gt 0 ] || fail "$1: clock_khz is 0"
}

in_order() { # in_order FILE PHASE...: each phase later than the one before
	of=$1 prev="" pv=""
	shift
	for p in "$@"; do
		v=$(kv "$of" "$p")
		if [ -n "$prev" ] && [ "$v" -le "$pv" ]; then
			fail "$of: $p ($v ns) not after $prev ($pv ns)"
		fi
		prev=$p pv=$v
	done
}

check_kexec_timing() {
	f=$D/in/timing
	[ -r $f ] || fail "no $f"
	check_clock $f
	[ "$(kv $f previous_stamps)" = 1 ] || fail "previous_stamps is not 1 after a 6.12 kexec"
	[ "$(kv $f kernel_kexec)" = 0 ] || fail "kernel_kexec is not 0"
	[ "$(kv $f kexec_load)" -lt 0 ] || fail "kexec_load is not before kernel_kexec"
	order="kexec_load kernel_kexec handover_sealed devices_shutdown machine_kexec setup_arch"
	order="$order handover_validated memory_reserved mm_init kho_init first_exec"
	in_order $f $order
	for p in reserve_mem_revived selftest_restored; do
		v=$(kv $f $p)
		[ "$v" -gt "$(kv $f setup_arch)" ] && [ "$v" -lt "$(kv $f first_exec)" ] ||
			fail "$p ($v ns) not between setup_arch and first_exec"
	done
	b=$(kv $f blackout_ns) k=$(kv $f kexec_to_user_ns)
	[ "$b" -gt 0 ] || fail "blackout_ns $b"
	d=$((b - $(kv $f first_exec) + $(kv $f machine_kexec)))
	# Each line is rounded down to a nanosecond on its own.
	[ "$d" -ge -1 ] && [ "$d" -le 1 ] || fail "blackout_ns $b is not first_exec - machine_kexec"
	[ "$k" = "$(kv $f first_exec)" ] || fail "kexec_to_user_ns is not first_exec"
	log "timing stage=$KHO_STAGE blackout_ns=$b kexec_to_user_ns=$k"
	log "$(tr '\n' ' ' <$f)"
}

load_and_check_out() { # the outgoing stamps so far
	check_clock $D/out/timing
	awk '$1 == "kexec_load"' $D/out/timing | grep -q . && fail "out/timing has kexec_load before any load"
}

stage_1() {
	load_and_check_out
	mem_fill khotest "$SEED"
	# An image loaded, not executed: kexec_load appears in out/timing.
	kload load "$(kimage 6.12)" "$(kimage 6.12)" "khoe2e.dummy=1" >/dev/null 2>&1 ||
		fail "kexec_file_load failed"
	[ "$(kv $D/out/timing kexec_load)" -gt 0 ] || fail "out/timing: no kexec_load after a load"
	log "out/timing after a load: $(tr '\n' ' ' <$D/out/timing)"
	kexec_next 6.12
}

stage_2() {
	expect_dmesg 'KHO: found kexec handover data'
	mem_verify khotest "$SEED" "$(cat /state/khotest.start)"
	check_kexec_timing
	# kho/ of a KHO boot with statistics and timing (`make fixtures` keeps it)
	export_tree hop1-612/in $D/in
	export_tree hop1-612/out $D/out
	export_file hop1-612/scratch $D/scratch
	kexec_next 6.12
}

stage_3() {
	expect_dmesg 'KHO: found kexec handover data'
	check_kexec_timing
	kexec_next 7.2
}

stage_4() {
	expect_release 7.2
	expect_dmesg 'KHO: found kexec handover data'
	expect_no_dmesg 'disabling KHO revival|KHO:.*(malformed|unknown|invalid)'
	expect_dmesg 'KHO restore succeeded'
	mem_verify khotest "$SEED" "$(cat /state/khotest.start)"
	kexec_next 6.12
}

stage_5() {
	expect_dmesg 'KHO: exec from: 7\.2'
	f=$D/in/timing
	check_clock $f
	[ "$(kv $f previous_stamps)" = 0 ] || fail "previous_stamps is not 0 after stock 7.2"
	[ "$(kv $f setup_arch)" = 0 ] || fail "without stamps the phases are not relative to setup_arch"
	in_order $f setup_arch handover_validated memory_reserved mm_init kho_init first_exec
	grep -q '^blackout_ns' $f && fail "blackout_ns without the previous kernel's stamps"
	grep -q '^machine_kexec' $f && fail "machine_kexec without the previous kernel's stamps"
	log "after 7.2: $(tr '\n' ' ' <$f)"
	pass
}

# The host's view of each 6.12 -> 6.12 blackout: from the old kernel's
# "Starting new kernel" to the first line of the new user space. The host
# also sees the serial console's lag (0.58 s more than the guest measured
# once on a busy arm64 TCG run): within half of it plus 0.2 s, which a
# clock off by a factor of two or a unit still fails.
host_check() {
	local timed=${1%/*}/serial.timed stage g h
	for stage in 2 3; do
		g=$(tr -d '\r' <"$1" | sed -n "s/.*timing stage=$stage blackout_ns=\([0-9]*\).*/\1/p")
		[ -n "$g" ] || { echo "stage $stage logged no blackout"; return 1; }
		h=$(tr -d '\r' <"$timed" | awk -F '\t' -v s="stage=$stage " '
			/kexec_core: Starting new kernel/ { t0 = $1 }
			index($2, "KHOE2E-BOOT: ") && index($2, s) { printf "%.0f", ($1 - t0) * 1e9; exit }')
		[ -n "$h" ] && [ "$h" -gt 0 ] || { echo "stage $stage: no host-side blackout"; return 1; }
		awk -v g="$g" -v h="$h" 'BEGIN { d = g - h; if (d < 0) d = -d; exit !(d <= h / 2 + 2e8) }' ||
			{ echo "stage $stage: blackout $g ns in the guest, $h ns seen by the host"; return 1; }
		echo "stage $stage: blackout $g ns (guest) vs $h ns (host)" >>"${1%/*}/blackout.txt"
	done
}
