#!/bin/bash
# kho-suite VM end-to-end runner.
#
#   tests/e2e/run.sh [SCENARIO...]     run the named scenarios (default: all)
#   tests/e2e/run.sh --list            list scenarios
#   tests/e2e/run.sh --kernels [SCENARIO...]
#                                      only build the kernels and test modules
#                                      the scenarios boot (make test builds them
#                                      while the unit suites run); exit 1 when
#                                      one did not build
#   E2E_REBUILD=0 tests/e2e/run.sh ... use the kernels already in build/kernel/
#   E2E_KCACHE=0 tests/e2e/run.sh ...  do not take kernels from, or store them
#                                      in, the kernel cache (E2E_KCACHE_DIR,
#                                      default ~/.cache/kho-suite/kernels)
#   E2E_SCENARIO_DIR=DIR tests/e2e/run.sh ...   scenarios from DIR
#                                      (no series/config check, no build)
#   E2E_JOBS=N tests/e2e/run.sh ...    N guests at once (default 2; 1: one
#                                      after the other, output as it comes)
#   tests/e2e/run.sh --shell KERNEL [CMDLINE...]
#                                      boot KERNEL (e.g. 7.2, 6.12-arm64) into an
#                                      interactive guest shell on this terminal
#
# A scenario is tests/e2e/scenarios/<name>.sh: host-side variables plus guest
# stage functions (see tests/e2e/README.md).  For each scenario this script
# builds the kernels it names (scripts/build-kernel.sh), the khotest_mem
# module for each of them, a busybox initramfs holding everything, then boots
# QEMU (TCG) and reads the verdict the guest prints on the serial console.
# NAME@FLAVOR runs NAME with its 6.12 kernels replaced by the 6.12-FLAVOR
# build (a scenario lists its flavors in E2E_VARIANTS="...").
# E2E_ARCH=arm64 in a scenario runs it on arm64: every kernel K it names is
# the cross-compiled K-arm64 build (still called K in the guest), the guest
# user space is arm64 (Debian's static busybox, cross-compiled tools) and
# QEMU is qemu-system-aarch64 -M virt -cpu max with its PL011 console.
# It prints exactly one line per scenario, `PASS <name>` or
# `FAIL <name>: <reason>`, then `e2e: N passed, N failed`.  Exit status: 0
# when all passed, 1 otherwise, 64 on usage errors.  Serial logs are kept
# in build/e2e/<name>/serial.log.
set -u -o pipefail
TOP=$(cd "$(dirname "$0")/../.." && pwd)
E2E_DIR=$TOP/tests/e2e
# E2E_SCENARIO_DIR: scenarios from another directory (`make bench` has its own)
SCEN_DIR=${E2E_SCENARIO_DIR:-$E2E_DIR/scenarios}
OUT=$TOP/build/e2e
mkdir -p "$OUT"

die() { echo "e2e: $*" >&2; exit 64; }
E2E_ARCH=x86_64

# Every scenario, then NAME@FLAVOR for each flavor in its E2E_VARIANTS: the
# same scenario with every 6.12 kernel replaced by the 6.12-FLAVOR build
# (under the name 6.12 in the guest, so the stages need no change).
all_scenarios() {
	local f v
	for f in "$SCEN_DIR"/*.sh; do
		[ -f "$f" ] && basename "$f" .sh
	done
	for f in "$SCEN_DIR"/*.sh; do
		[ -f "$f" ] || continue
		for v in $(sed -n 's/^E2E_VARIANTS="\(.*\)".*/\1/p' "$f"); do
			echo "$(basename "$f" .sh)@$v"
		done
	done
}

# Host-side settings of a scenario (the file's variables; its guest stage
# functions are defined but not run here).
load_scenario() {
	E2E_KERNELS="" E2E_MEM=1G E2E_SMP=2 E2E_CMDLINE="" E2E_TIMEOUT=180 E2E_QEMU_EXTRA="" E2E_DESC=""
	E2E_NUMA="" E2E_ARCH=x86_64 E2E_KASAN_MEM="" E2E_ALONE=0
	E2E_ALLOW_KERNEL_WARNINGS=0
	# A scenario may define host_check SERIAL_LOG: run on the host after
	# the guest passed, it prints a reason and returns non-zero to fail.
	unset -f host_check
	# A scenario may define host_prepare DIR: run on the host before QEMU
	# starts (DIR is the scenario's output directory), it prints extra QEMU
	# arguments on stdout; a reason on stderr and non-zero fail the scenario.
	unset -f host_prepare
	# shellcheck disable=SC1090
	. "$SCEN_DIR/$1.sh"
	# a scenario's guest functions are defined here too: one named like a
	# function of this runner would silently replace it
	local f
	for f in "${!RUNNER_SUMS[@]}"; do
		[ "$(declare -f "$f" | md5sum)" = "${RUNNER_SUMS[$f]}" ] ||
			die "scenario $1 redefines the runner's function $f()"
	done
	[ -n "$E2E_KERNELS" ] || return 1
	case "$E2E_ARCH" in x86_64|arm64) ;; *) die "scenario $1: unknown E2E_ARCH $E2E_ARCH" ;; esac
	[ -z "$E2E_NUMA" ] || numa_args
}

# E2E_NUMA="SIZE SIZE ...": one NUMA node per size, each with one CPU in a
# socket of its own (CPUs of one socket share an LLC, and an LLC spanning
# two nodes makes every kernel warn in topology_sane()).
numa_args() {
	local i=0 size
	for size in $E2E_NUMA; do
		E2E_QEMU_EXTRA="$E2E_QEMU_EXTRA -object memory-backend-ram,id=m$i,size=$size"
		E2E_QEMU_EXTRA="$E2E_QEMU_EXTRA -numa node,nodeid=$i,cpus=$i,memdev=m$i"
		i=$((i + 1))
	done
	E2E_SMP=$i,sockets=$i
}

# tree_image K: the boot image in kbuild's tree of build K (K-arm64 builds
# are arm64); kernel_image K: the one the guests boot, in build K's
# artifacts: $KART/K holds the image, kho-build-info, build-id (vmlinux's
# GNU build ID), the test modules and the raw BTF (vmlinux.btf, when the
# build has BTF), from the tree or from the cache
KART=$OUT/kernels
tree_image() {
	case "$1" in
	*-arm64) echo "$TOP/build/kernel/$1/arch/arm64/boot/Image" ;;
	*) echo "$TOP/build/kernel/$1/arch/x86/boot/bzImage" ;;
	esac
}
kernel_image() { echo "$KART/$1/$(basename "$(tree_image "$1")")"; }
MODULES="khotest_mem khobench khotest_bpf khotest_fault khotest_pressure"

# collect_kernel K: build K's artifacts from its tree and built modules
collect_kernel() {
	local k=$1 tmp=$KART/.$1.tmp m
	rm -rf "$tmp" && mkdir -p "$tmp" &&
		cp "$(tree_image "$k")" "$TOP/build/kernel/$k/kho-build-info" "$tmp/" || return 1
	for m in $MODULES; do cp "$OUT/module/$k/$m.ko" "$tmp/" || return 1; done
	readelf -n "$TOP/build/kernel/$k/vmlinux" | sed -n 's/^ *Build ID: //p' >"$tmp/build-id" &&
		[ -s "$tmp/build-id" ] || { echo "e2e: $k: vmlinux has no build ID" >&2; return 1; }
	# its BTF, raw (k612-bpf checks bpf/vmlinux.h against 6.12's); none
	# in the builds without BTF (6.12-kasan, arm64)
	if readelf -S -W "$TOP/build/kernel/$k/vmlinux" | grep -q ' \.BTF '; then
		objcopy -O binary --only-section=.BTF "$TOP/build/kernel/$k/vmlinux" "$tmp/vmlinux.btf" &&
			[ -s "$tmp/vmlinux.btf" ] || { echo "e2e: $k: cannot extract the BTF of vmlinux" >&2; return 1; }
	fi
	rm -rf "${KART:?}/$k" && mv "$tmp" "$KART/$k"
}

# the kernel cache (KCACHE, kcache_key, kcache_get, kcache_put)
. "$E2E_DIR/kcache.sh"

declare -A KBUILT=()
build_kernel() { # build_kernel K (K = KVER or KVER-FLAVOR); output in $OUT/log
	local k=$1 kver flavor
	[ -n "${KBUILT[$k]:-}" ] && return "${KBUILT[$k]}"
	kver=${k%%-*}; flavor=""
	[ "$kver" = "$k" ] || flavor=${k#*-}
	mkdir -p "$KART"
	if [ "${E2E_REBUILD:-1}" = 0 ] && [ -f "$(tree_image "$k")" ]; then
		echo "e2e: using the existing kernel $k (E2E_REBUILD=0)" >&2
		build_module "$k" >>"$OUT/kernel-$k.log" 2>&1 && collect_kernel "$k" >>"$OUT/kernel-$k.log" 2>&1 &&
			KBUILT[$k]=0 || KBUILT[$k]=1
		return "${KBUILT[$k]}"
	fi
	local key=""
	if key=$(kcache_key "$k") && kcache_get "$k" "$key"; then
		echo "e2e: kernel $k from the cache ($KCACHE/$k@$key)" >&2
		KBUILT[$k]=0
		return 0
	fi
	echo "e2e: building kernel $k" >&2
	if "$TOP/scripts/build-kernel.sh" "$kver" $flavor >"$OUT/kernel-$k.log" 2>&1 &&
		build_module "$k" >>"$OUT/kernel-$k.log" 2>&1 && collect_kernel "$k" >>"$OUT/kernel-$k.log" 2>&1; then
		KBUILT[$k]=0
		if [ -n "$key" ] && ! kcache_put "$k" "$key"; then
			echo "e2e: note: could not store kernel $k in the cache $KCACHE" >&2
		fi
	else
		KBUILT[$k]=1
		tail -n 20 "$OUT/kernel-$k.log" >&2
	fi
	return "${KBUILT[$k]}"
}

build_module() {
	local k=$1 mdir=$OUT/module/$1
	mkdir -p "$mdir"
	cp "$E2E_DIR"/module/Kbuild "$E2E_DIR"/module/*.c "$mdir"/
	"$TOP/scripts/build-kernel.sh" --module "$k" "$mdir"
}

# build_guest_tools [arm64]: the guests' own static helpers, in $OUT/bin
# ($OUT/bin-arm64, cross-compiled)
build_guest_tools() {
	local cc=gcc dir=$OUT/bin
	[ "${1:-}" != arm64 ] || { cc=aarch64-linux-gnu-gcc dir=$OUT/bin-arm64; }
	mkdir -p "$dir"
	$cc -static -std=c11 -O2 -Wall -Wextra -Werror -o "$dir/kload" "$E2E_DIR/guest/kload.c" &&
		$cc -static -std=c11 -O2 -Wall -Wextra -Werror -D_GNU_SOURCE \
			-o "$dir/luo_memfd" "$E2E_DIR/guest/luo_memfd.c" &&
		$cc -static -std=c11 -O2 -Wall -Wextra -Werror -D_GNU_SOURCE \
			-o "$dir/memhog" "$E2E_DIR/guest/memhog.c"
}
ARM64_TOOLS=""

# make_initrd NAME K[=BUILD]... -> $OUT/NAME/initrd.cpio: kernel BUILD
# (default K) as /kernels/K
make_initrd() {
	local name=$1 root=$OUT/$1/rootfs k spec m
	local busybox=/bin/busybox bin=$OUT/bin static=$TOP/build/bin/static
	shift
	if [ "$E2E_ARCH" = arm64 ]; then	# scripts/deps.sh, make tools-arm64
		busybox=$TOP/build/arm64/root/bin/busybox bin=$OUT/bin-arm64 static=$TOP/build/bin/static-arm64
	fi
	rm -rf "$root"
	mkdir -p "$root"/{bin,sbin,e2e/bin,e2e/scenarios,kernels,state,proc,sys,dev,tmp}
	cp "$busybox" "$root/bin/busybox"
	cp "$E2E_DIR/guest/init" "$root/init"
	cp "$E2E_DIR/guest/lib.sh" "$root/e2e/lib.sh"
	cp "$SCEN_DIR"/*.sh "$root/e2e/scenarios/"
	cp "$bin/kload" "$bin/luo_memfd" "$bin/memhog" "$root/e2e/bin/"
	if [ -d "$static" ]; then	# make e2e builds them
		cp "$static"/* "$root/e2e/bin/"
	fi
	for spec in "$@"; do
		k=${spec%%=*} src=${spec#*=}
		mkdir -p "$root/kernels/$k"
		# the image, the test modules, kho-build-info and the build's
		# identity for the guest's is_build (two flavors of one release
		# differ only in it): vmlinux's GNU build ID
		cp "$(kernel_image "$src")" "$KART/$src/kho-build-info" "$KART/$src/build-id" \
			"$root/kernels/$k/" || return 1
		for m in $MODULES; do cp "$KART/$src/$m.ko" "$root/kernels/$k/" || return 1; done
	done
	(cd "$root" && find . | cpio -o -H newc --quiet) >"$OUT/$name/initrd.cpio"
}


# Kernel log lines that fail a scenario even when the guest said PASS.
KERNEL_TROUBLE='(WARNING: CPU: |BUG: |Oops: |general protection fault|UBSAN: |KASAN: |kernel BUG at|Call Trace:|Call trace:)'

verdict() { # verdict LOG STATUS TIMEOUT -> "PASS" or "FAIL reason"
	local log=$1 status=$2 timeout=$3 res
	res=$(grep -a 'KHOE2E-RESULT: ' "$log" | tail -n1 | tr -d '\r')
	case "$res" in
	*"KHOE2E-RESULT: PASS")
		# A kernel that warned or oopsed on the way did not pass.
		bad=$(grep -a -m1 -E "$KERNEL_TROUBLE" "$log" | tr -d '\r' | sed 's/^\[[^]]*\] //' | cut -c1-160)
		if [ -n "$bad" ] && [ "${E2E_ALLOW_KERNEL_WARNINGS:-0}" != 1 ]; then
			echo "FAIL kernel trouble: $bad"
		else
			echo PASS
		fi
		return ;;
	*"KHOE2E-RESULT: FAIL "*) echo "FAIL ${res#*KHOE2E-RESULT: FAIL }"; return ;;
	esac
	if grep -aq 'Kernel panic' "$log"; then
		echo "FAIL kernel panic: $(grep -a 'Kernel panic' "$log" | head -n1 | tr -d '\r' | sed 's/^\[[^]]*\] //')"
	elif [ "$status" = 124 ]; then
		echo "FAIL timeout after ${timeout}s; last console line: $(grep -a . "$log" | tail -n1 | tr -d '\r' | cut -c1-160)"
	else
		echo "FAIL VM exited (status $status) without a verdict; last console line: $(grep -a . "$log" | tail -n1 | tr -d '\r' | cut -c1-160)"
	fi
}

# timestamp_lines LOG TIMED: copy stdin to LOG, and to TIMED with the host's
# wall-clock time (seconds.microseconds) and a tab before every line: the
# outside view of a handover (kexec -> first line of the new kernel).
timestamp_lines() {
	local line
	exec 3>"$1" 4>"$2"
	while IFS= read -r line || [ -n "$line" ]; do
		printf '%s\n' "$line" >&3
		printf '%s\t%s\n' "$EPOCHREALTIME" "$line" >&4
	done
	exec 3>&- 4>&-
}

# extract_files LOG DIR: files the guest sent with export_file.
extract_files() {
	local log=$1 dir=$2 name sum b64 got
	grep -aq 'KHOE2E-FILE-BEGIN: ' "$log" || return 0
	b64=$(mktemp)
	tr -d '\r' <"$log" | grep -a -E '^KHOE2E-FILE(-BEGIN|-END)?: ' | while read -r tag rest; do
		case "$tag" in
		KHOE2E-FILE-BEGIN:) set -- $rest; name=$1 sum=$2; : >"$b64" ;;
		KHOE2E-FILE:) echo "$rest" >>"$b64" ;;
		KHOE2E-FILE-END:)
			case "$name" in /*|*..*) echo "e2e: refusing file name $name" >&2; continue ;; esac
			mkdir -p "$dir/$(dirname "$name")"
			base64 -d <"$b64" >"$dir/$name" || echo "e2e: $name: bad base64" >&2
			got=$(md5sum <"$dir/$name" | cut -d' ' -f1)
			[ "$got" = "$sum" ] || { echo "e2e: $name: md5 mismatch, dropped" >&2; rm -f "$dir/$name"; }
			;;
		esac
	done
	rm -f "$b64"
}

# kernels_of NAME: one K=BUILD per kernel K scenario NAME boots, once its
# settings are loaded (load_scenario): BUILD is the build in build/kernel/
# the guest gets as K (NAME@FLAVOR boots 6.12-FLAVOR as 6.12, an arm64
# scenario the -arm64 builds)
kernels_of() {
	local variant="" k src
	[ "${1%%@*}" = "$1" ] || variant=${1#*@}
	for k in $E2E_KERNELS; do
		src=$k
		[ -n "$variant" ] && [ "$k" = 6.12 ] && src=6.12-$variant
		[ "$E2E_ARCH" = arm64 ] && src=$src-arm64
		echo "$k=$src"
	done
}

run_scenario() {
	local name=$1 k dir=$OUT/$1 status boot res base=${1%%@*} variant= src specs=
	[ "$base" = "$name" ] || variant=${name#*@}
	load_scenario "$base" || { echo "FAIL $name: scenario file sets no E2E_KERNELS"; return 1; }
	if [ "$E2E_ARCH" = arm64 ] && [ -z "$ARM64_TOOLS" ]; then
		ARM64_TOOLS=1
		build_guest_tools arm64 || { echo "FAIL $name: cannot build the arm64 guest tools"; return 1; }
	fi
	for k in $(kernels_of "$name"); do
		src=${k#*=}
		build_kernel "$src" || { echo "FAIL $name: kernel $src did not build (build/e2e/kernel-$src.log)"; return 1; }
		specs="$specs $k"
	done
	# a sanitizer flavor is several times slower under TCG; KASAN's shadow
	# (1/8 of RAM) is a memblock allocation, which the default scratch size
	# (200% of them) cannot hold in these guests: size it at 100% (first on
	# the command line, so a scenario's own kho_scratch= still wins); a
	# scenario whose fixed kho_scratch= sizes leave too little room next to
	# the shadow names a bigger guest for it (E2E_KASAN_MEM)
	if [ -n "$variant" ]; then
		E2E_TIMEOUT=$((E2E_TIMEOUT * 3))
		if [ "$variant" = kasan ]; then
			E2E_CMDLINE="kho_scratch=100% $E2E_CMDLINE"
			E2E_MEM=${E2E_KASAN_MEM:-$E2E_MEM}
		fi
	fi
	rm -rf "$dir"
	mkdir -p "$dir"
	# shellcheck disable=SC2086
	make_initrd "$name" $specs || { echo "FAIL $name: cannot build the initramfs"; return 1; }
	if declare -F host_prepare >/dev/null; then
		local why
		why=$(host_prepare "$dir" 2>&1 >"$dir/host-prepare.extra") ||
			{ echo "FAIL $name: host prepare: $why"; return 1; }
		E2E_QEMU_EXTRA="$E2E_QEMU_EXTRA $(cat "$dir/host-prepare.extra")"
	fi
	specs=${specs# }
	boot=${specs%% *}
	local console=ttyS0 qemu="qemu-system-x86_64 -M pc -cpu max"
	if [ "$E2E_ARCH" = arm64 ]; then
		# pauth-impdef: QEMU's cheap pointer-authentication algorithm
		# (still -cpu max); the architected one is slow under TCG
		console=ttyAMA0 qemu="qemu-system-aarch64 -M virt -cpu max,pauth-impdef=on"
	fi
	local cmdline="console=$console panic=-1 oops=panic loglevel=7 $E2E_CMDLINE khoe2e.scenario=$base khoe2e.stage=1 khoe2e.kver=${boot%%=*}"
	# shellcheck disable=SC2086
	timeout --foreground -k 5 "$E2E_TIMEOUT" $qemu -accel tcg \
		-smp "$E2E_SMP" -m "$E2E_MEM" -display none -no-reboot -monitor none \
		-serial stdio \
		-kernel "$(kernel_image "${boot#*=}")" -initrd "$dir/initrd.cpio" \
		-append "$cmdline" $E2E_QEMU_EXTRA </dev/null 2>"$dir/qemu.log" |
		timestamp_lines "$dir/serial.log" "$dir/serial.timed"
	status=${PIPESTATUS[0]}
	rm -f "$dir/initrd.cpio"
	extract_files "$dir/serial.log" "$dir/files"
	res=$(verdict "$dir/serial.log" "$status" "$E2E_TIMEOUT")
	if [ "$res" = PASS ] && declare -F host_check >/dev/null; then
		local why
		why=$(host_check "$dir/serial.log") || res="FAIL host check: $why"
	fi
	if [ "$res" = PASS ]; then
		echo "PASS $name"
		return 0
	fi
	echo "FAIL $name: ${res#FAIL }"
	return 1
}

run_shell() {
	local k=$1 cmdline console=ttyS0 qemu="qemu-system-x86_64 -M pc -cpu max"
	shift
	case "$k" in
	*-arm64) E2E_ARCH=arm64 console=ttyAMA0
		qemu="qemu-system-aarch64 -M virt -cpu max,pauth-impdef=on" ;;
	esac
	build_kernel "$k" || die "kernel $k did not build"
	build_guest_tools $E2E_ARCH
	mkdir -p "$OUT/shell"
	make_initrd shell "${k%-arm64}=$k"
	cmdline="console=$console panic=-1 khoe2e.shell=1 khoe2e.kver=${k%-arm64} $*"
	exec $qemu -accel tcg -smp 2 -m 1G -nographic -no-reboot \
		-kernel "$(kernel_image "$k")" -initrd "$OUT/shell/initrd.cpio" \
		-append "$cmdline"
}


# runner_prepare NAME: build what scenario NAME boots; "alone" or "shared" on stdout
# (a build failure is reported by run_scenario, which finds it recorded)
runner_prepare() {
	local name=$1 src
	load_scenario "${name%%@*}" || { echo shared; return 0; }
	if [ "$E2E_ARCH" = arm64 ] && [ -z "$ARM64_TOOLS" ]; then
		ARM64_TOOLS=1
		build_guest_tools arm64 >&2 || ARM64_TOOLS=""
	fi
	for src in $(kernels_of "$name"); do
		build_kernel "${src#*=}" >&2 || true
	done
	if [ "${E2E_ALONE:-0}" = 1 ]; then echo alone; else echo shared; fi
}

runner_count() { # runner_count STATUS: one more passed or failed
	if [ "$1" = 0 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
}

runner_reap() { # wait for one scenario run, print its lines, count it
	local pid rc
	wait -n -p pid "${!RUNNING[@]}"
	rc=$?
	cat "$RES/${RUNNING[$pid]}.out"
	unset "RUNNING[$pid]"
	runner_count $rc
}

declare -A RUNNER_SUMS
for f in $(declare -F | awk '{print $3}'); do
	RUNNER_SUMS[$f]=$(declare -f "$f" | md5sum)
done

KERNELS_ONLY=0
case "${1:-}" in
--list) all_scenarios; exit 0 ;;
--kernels) KERNELS_ONLY=1; shift ;;
--shell) [ $# -ge 2 ] || die "usage: run.sh --shell KERNEL [CMDLINE...]"; shift; run_shell "$@" ;;
-h|--help) awk 'NR == 1 { next } !/^#/ { exit } { sub(/^# ?/, ""); print }' "$0"; exit 0 ;;
-*) die "unknown option $1 (try --help)" ;;
esac

if [ $# -gt 0 ]; then
	scenarios="$*"
	for s in $scenarios; do
		[ -f "$SCEN_DIR/${s%%@*}.sh" ] || die "no scenario '$s' (have: $(all_scenarios | tr '\n' ' '))"
	done
else
	scenarios=$(all_scenarios)
fi

if [ "$KERNELS_ONLY" = 1 ]; then
	nk=0 bad=""
	for s in $scenarios; do
		load_scenario "${s%%@*}" || continue
		for k in $(kernels_of "$s"); do
			k=${k#*=}
			[ -z "${KBUILT[$k]:-}" ] || continue
			nk=$((nk + 1))
			build_kernel "$k" || bad="$bad $k"
		done
	done
	[ -z "$bad" ] || { echo "e2e: $nk kernels, these did not build:$bad (build/e2e/kernel-<name>.log)"; exit 1; }
	echo "e2e: $nk kernels and their test modules built"
	exit 0
fi
build_guest_tools || die "cannot build the guest tools"

# E2E_JOBS scenarios run at once (default 2: a TCG guest keeps about one
# core busy). Every kernel, module and guest tool is built first, one at a
# time, so the guests never share a build in progress; a scenario with
# E2E_ALONE=1 (a host-timed check, or a nested run of this script) runs
# after the others, with nothing beside it.
JOBS=${E2E_JOBS:-2}
[[ "$JOBS" =~ ^[1-9][0-9]?$ ]] || die "E2E_JOBS must be a number from 1 to 99, not '$JOBS'"

passed=0 failed=0
if [ "$JOBS" = 1 ]; then
	for s in $scenarios; do
		run_scenario "$s"
		runner_count $?
	done
else
	shared="" alone=""
	for s in $scenarios; do
		# not in a command substitution: KBUILT and ARM64_TOOLS must
		# stay set in this shell for the scenario runs to find
		runner_prepare "$s" >"$OUT/.prepare"
		if [ "$(cat "$OUT/.prepare")" = alone ]; then alone="$alone $s"; else shared="$shared $s"; fi
	done
	# the sanitizer runs (three times as long) first: the last guests to
	# start are short, so neither core idles long at the end
	shared="$(for s in $shared; do case $s in *@*) echo "$s" ;; esac; done)
$(for s in $shared; do case $s in *@*) ;; *) echo "$s" ;; esac; done)"
	RES=$OUT/.running
	rm -rf "$RES" "$OUT/.prepare"
	mkdir -p "$RES"
	declare -A RUNNING=()
	# a run interrupted or failing leaves no guest behind
	trap 'kill "${!RUNNING[@]}" 2>/dev/null' EXIT
	for s in $shared; do
		while [ "${#RUNNING[@]}" -ge "$JOBS" ]; do runner_reap; done
		run_scenario "$s" >"$RES/$s.out" 2>&1 &
		RUNNING[$!]=$s
	done
	while [ "${#RUNNING[@]}" -gt 0 ]; do runner_reap; done
	for s in $alone; do
		run_scenario "$s"
		runner_count $?
	done
	rm -rf "$RES"
fi
echo "e2e: $passed passed, $failed failed"
[ "$failed" = 0 ]
