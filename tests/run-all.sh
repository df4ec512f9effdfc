#!/bin/bash
# kho-suite test runner behind `make test`: every suite, then one total.
#
#   unit        user-space unit tests (gcc)
#   unit-san    the same tests built with ASan+UBSan
#   fuzz-smoke  every fuzz target over its seed corpus plus a short run
#   e2e         every VM end-to-end scenario (real kernels in QEMU); their
#               kernels are built in the background while the others run
#
# Each suite prints its own "<suite>: N passed, N failed[, N skipped]" line;
# a suite that stops without one counts as one failure.  The last line is
# the sum: "N passed, N failed, N skipped".  Exit 0 only when nothing failed.
# Logs: build/test/<suite>.log.
set -u -o pipefail
TOP=$(cd "$(dirname "$0")/.." && pwd)
LOGS=$TOP/build/test
mkdir -p "$LOGS"
cd "$TOP" || exit 1

total_p=0 total_f=0 total_s=0
run_suite() { # run_suite NAME COMMAND...
	local name=$1 line p f s status
	shift
	echo "== $name: $*"
	"$@" 2>&1 | tee "$LOGS/$name.log"
	status=${PIPESTATUS[0]}
	line=$(grep -E '^([A-Za-z0-9_-]+: )?[0-9]+ passed, [0-9]+ failed(, [0-9]+ skipped)?$' "$LOGS/$name.log" | tail -n1)
	if [ -z "$line" ]; then
		echo "$name: stopped (status $status) without a result line: counted as 1 failure"
		total_f=$((total_f + 1))
		return
	fi
	p=$(echo "$line" | sed -E 's/.*\b([0-9]+) passed.*/\1/')
	f=$(echo "$line" | sed -E 's/.*\b([0-9]+) failed.*/\1/')
	s=0
	case "$line" in *skipped) s=$(echo "$line" | sed -E 's/.*\b([0-9]+) skipped$/\1/') ;; esac
	if [ "$status" != 0 ] && [ "$f" = 0 ]; then
		echo "$name: exit status $status with no failed test: counted as 1 failure"
		f=1
	fi
	total_p=$((total_p + p)) total_f=$((total_f + f)) total_s=$((total_s + s))
}

start=$(date +%s)
# The kernels the scenarios boot build meanwhile, niced: the unit suites
# keep about one core busy, a kernel build leaves one idle while it links,
# and neither waits for the other.  When they all built, make e2e uses them
# as they are (E2E_REBUILD=0) instead of running kbuild over each again;
# when one did not, make e2e builds again and reports it per scenario.
# (in a session of its own, so that a run that stops early kills the whole
# build and not only make)
setsid -w nice -n 10 make -s e2e-kernels >"$LOGS/e2e-kernels.log" 2>&1 &
kpid=$!
trap 'kill -- -"$kpid" 2>/dev/null' EXIT
run_suite unit make -s unit
run_suite unit-san make -s unit SANITIZE=1
run_suite fuzz-smoke make -s fuzz-smoke
echo "== e2e-kernels: make -s e2e-kernels (started with unit)"
wait "$kpid"
kstatus=$?
trap - EXIT
cat "$LOGS/e2e-kernels.log"
rebuild=0
if [ "$kstatus" != 0 ]; then
	echo "e2e-kernels: exit status $kstatus: make e2e builds again"
	rebuild=1
fi
run_suite e2e env E2E_REBUILD=$rebuild make -s e2e
echo "test: finished in $(( $(date +%s) - start )) s"
echo "$total_p passed, $total_f failed, $total_s skipped"
[ "$total_f" = 0 ]
