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

suite() { "$@" 2>&1 | tee -a "$LOG" | grep -E '^(FAIL|SKIP)' ; true; }

# 1. the committed synthetic fixtures are exactly what mkfixtures writes
if "$MKFIX" "$WORK/fixtures" >/dev/null 2>&1 &&
   diff -r "$WORK/fixtures" "$TOP/tests/fixtures/synthetic" 2>&1 |
	grep -v -E '^Only in .*/tests/fixtures/synthetic: (README.md|mkfixtures.c|dts)$' >"$WORK/fx.diff";
   [ ! -s "$WORK/fx.diff" ]; then
	echo "PASS fixtures: committed synthetic fixtures are reproducible" >>"$LOG"
else
	echo "FAIL fixtures: regenerated synthetic fixtures differ: $(head -c 300 "$WORK/fx.diff")" | tee -a "$LOG"
fi
# 2. C unit tests
FIXTURES=$TOP/tests/fixtures/synthetic WORK=$WORK suite "$UNIT_BIN"
# 3. CLI tests
TOP=$TOP KHODUMP=$KHODUMP WORK=$WORK suite bash "$TOP/tests/unit/cli.sh"
TOP=$TOP KHOSNOOP=$KHOSNOOP WORK=$WORK suite bash "$TOP/tests/unit/cli_khosnoop.sh"
TOP=$TOP KHOTOP=$KHOTOP WORK=$WORK suite bash "$TOP/tests/unit/cli_khotop.sh"
TOP=$TOP KHOVERIFY=$KHOVERIFY WORK=$WORK suite bash "$TOP/tests/unit/cli_khoverify.sh"
TOP=$TOP BUILD=${BUILD:-$TOP/build} SANITIZE=${SANITIZE:-0} WORK=$WORK suite bash "$TOP/tests/unit/cli_install.sh"
# 4. real fixtures captured from VMs
TOP=$TOP KHODUMP=$KHODUMP WORK=$WORK suite bash "$TOP/tests/unit/real.sh"

p=$(grep -c '^PASS' "$LOG"); f=$(grep -c '^FAIL' "$LOG"); s=$(grep -c '^SKIP' "$LOG")
# a suite that died without its summary line counts as a failure
for n in c-unit cli cli-khosnoop cli-khotop cli-khoverify cli-install real; do
	grep -q "^$n: [0-9]* passed" "$LOG" || { echo "FAIL $n: no summary line (crashed?)"; f=$((f + 1)); }
done
[ "$f" = 0 ] && rm -rf "$WORK" || echo "unit: logs and scratch files kept in $WORK"
echo "unit: $p passed, $f failed, $s skipped"
[ "$f" = 0 ]
