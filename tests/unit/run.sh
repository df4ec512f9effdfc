#!/bin/bash
# `make unit`: fixture reproducibility, C unit tests, CLI tests, real-fixture
# tests.  Every test prints PASS/FAIL/SKIP; the last line is the total.
# Env: TOP, WORK, KHODUMP, KHOSNOOP, KHOTOP, KHOVERIFY, UNIT_BIN, MKFIX; BUILD and
# SANITIZE (exported by the top-level Makefile) for the install test.
set -u
# sanitizer reports must not look like khodump's own exit codes (1, 2)
export ASAN_OPTIONS=${ASAN_OPTIONS:-exitcode=99:detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-exitcode=99:print_stacktrace=1}
# a private directory per run: concurrent `make unit` runs must not collide
BASE=$WORK
mkdir -p "$BASE"
WORK=$(mktemp -d "$BASE/run.XXXXXX")
LOG=$WORK/unit.log
: >"$LOG"

# suite NAME CMD...: run one suite, its lines into the log, FAIL and SKIP
# lines shown.  Its exit status counts: a suite exits 1 when it printed a
# FAIL; any other non-zero status (LeakSanitizer's 99 after the last PASS, a
# crash, a shell error) is a failure of its own.
# UNIT_SUITES: only these suites (and no self-check); default all
suite() {
	local name=$1 rc
	shift
	case " ${UNIT_SUITES:-$name} " in *" $name "*) ;; *) return 0 ;; esac
	"$@" >"$WORK/suite.out" 2>&1
	rc=$?
	cat "$WORK/suite.out" >>"$LOG"
	grep -E '^(FAIL|SKIP)' "$WORK/suite.out"
	if [ $rc != 0 ] && { [ $rc != 1 ] || ! grep -q '^FAIL' "$WORK/suite.out"; }; then
		echo "FAIL $name: exited with status $rc: $(grep -v -E '^(PASS|SKIP)' "$WORK/suite.out" | tail -n 3 | tr '\n' ' ')" |
			tee -a "$LOG"
	fi
}

# 1. the committed synthetic fixtures are exactly what mkfixtures writes
if [ -n "${UNIT_SUITES:-}" ] && [ "${UNIT_SUITES#*fixtures}" = "$UNIT_SUITES" ]; then
	:
elif ! "$MKFIX" "$WORK/fixtures" >"$WORK/mkfix.out" 2>&1; then
	echo "FAIL fixtures: mkfixtures failed: $(tail -n 2 "$WORK/mkfix.out" | tr '\n' ' ')" | tee -a "$LOG"
else
	diff -r "$WORK/fixtures" "$TOP/tests/fixtures/synthetic" 2>&1 |
		grep -v -E '^Only in .*/tests/fixtures/synthetic: (README.md|mkfixtures.c|dts)$' >"$WORK/fx.diff"
	if [ -s "$WORK/fx.diff" ]; then
		echo "FAIL fixtures: regenerated synthetic fixtures differ: $(head -c 300 "$WORK/fx.diff")" | tee -a "$LOG"
	else
		echo "PASS fixtures: committed synthetic fixtures are reproducible" >>"$LOG"
	fi
fi
# 2. C unit tests
FIXTURES=$TOP/tests/fixtures/synthetic WORK=$WORK suite c-unit "$UNIT_BIN"
# 3. CLI tests
TOP=$TOP KHODUMP=$KHODUMP WORK=$WORK suite cli bash "$TOP/tests/unit/cli.sh"
TOP=$TOP KHOSNOOP=$KHOSNOOP WORK=$WORK suite cli-khosnoop bash "$TOP/tests/unit/cli_khosnoop.sh"
TOP=$TOP KHOTOP=$KHOTOP WORK=$WORK suite cli-khotop bash "$TOP/tests/unit/cli_khotop.sh"
TOP=$TOP KHOVERIFY=$KHOVERIFY WORK=$WORK suite cli-khoverify bash "$TOP/tests/unit/cli_khoverify.sh"
TOP=$TOP WORK=$WORK suite kcache bash "$TOP/tests/unit/kcache.sh"
TOP=$TOP BIN=$(dirname "$KHODUMP") WORK=$WORK suite cli-docs bash "$TOP/tests/unit/cli_docs.sh"
TOP=$TOP BUILD=${BUILD:-$TOP/build} SANITIZE=${SANITIZE:-0} WORK=$WORK suite cli-install bash "$TOP/tests/unit/cli_install.sh"
# 4. real fixtures captured from VMs
TOP=$TOP KHODUMP=$KHODUMP WORK=$WORK suite real bash "$TOP/tests/unit/real.sh"

# 5. this runner's own checks can fail: a generator that fails and a suite
# that passes every test but exits 99 (LeakSanitizer) must each be a FAIL
if [ -z "${UNIT_SUITES:-}" ]; then
	printf '#!/bin/sh\necho "PASS stub"\necho "c-unit: 1 passed, 0 failed, 0 skipped"\nexit 99\n' >"$WORK/stub99"
	chmod +x "$WORK/stub99"
	UNIT_SUITES="fixtures c-unit" MKFIX=false UNIT_BIN=$WORK/stub99 WORK=$WORK/selfcheck \
		"$0" >"$WORK/selfcheck.out" 2>&1
	rc=$?
	if [ $rc = 1 ] && grep -q '^FAIL fixtures: mkfixtures failed' "$WORK/selfcheck.out" &&
	   grep -q '^FAIL c-unit: exited with status 99' "$WORK/selfcheck.out" &&
	   grep -q '^unit: 1 passed, 2 failed, 0 skipped$' "$WORK/selfcheck.out"; then
		echo "PASS runner: a failing generator and a suite exiting 99 after its last PASS both fail" >>"$LOG"
	else
		echo "FAIL runner: self-check (status $rc): $(tail -n 4 "$WORK/selfcheck.out" | tr '\n' ' ')" | tee -a "$LOG"
	fi
fi

p=$(grep -c '^PASS' "$LOG"); f=$(grep -c '^FAIL' "$LOG"); s=$(grep -c '^SKIP' "$LOG")
# a suite that died without its summary line counts as a failure
for n in ${UNIT_SUITES:-c-unit cli cli-khosnoop cli-khotop cli-khoverify cli-docs cli-install real}; do
	[ "$n" = fixtures ] && continue
	grep -q "^$n: [0-9]* passed" "$LOG" || { echo "FAIL $n: no summary line (crashed?)"; f=$((f + 1)); }
done
[ "$f" = 0 ] && rm -rf "$WORK" || echo "unit: logs and scratch files kept in $WORK"
echo "unit: $p passed, $f failed, $s skipped"
[ "$f" = 0 ]
