# tests/unit/lib.sh - tiny shell test helpers: PASS/FAIL/SKIP lines.
# shellcheck shell=bash
T_PASS=0 T_FAIL=0 T_SKIP=0
pass() { echo "PASS $1"; T_PASS=$((T_PASS + 1)); }
fail() { echo "FAIL $1: $2"; T_FAIL=$((T_FAIL + 1)); }
skip() { echo "SKIP $1: $2"; T_SKIP=$((T_SKIP + 1)); }
# check NAME CMD...: passes when CMD succeeds
check() { local n=$1; shift; if "$@" >/dev/null 2>&1; then pass "$n"; else fail "$n" "$*"; fi; }
# summary NAME: the suite's last line; its status is the suite's exit status
summary() { echo "$1: $T_PASS passed, $T_FAIL failed, $T_SKIP skipped"; [ "$T_FAIL" = 0 ]; }
