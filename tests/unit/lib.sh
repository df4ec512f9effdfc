# tests/unit/lib.sh - tiny shell test helpers: PASS/FAIL/SKIP lines.
# shellcheck shell=bash
T_PASS=0 T_FAIL=0 T_SKIP=0
pass() { echo "PASS $1"; T_PASS=$((T_PASS + 1)); }
fail() { echo "FAIL $1: $2"; T_FAIL=$((T_FAIL + 1)); }
skip() { echo "SKIP $1: $2"; T_SKIP=$((T_SKIP + 1)); }
# check NAME CMD...: passes when CMD succeeds
check() { local n=$1; shift; if "$@" >/dev/null 2>&1; then pass "$n"; else fail "$n" "$*"; fi; }
# error2 NAME WANT: the suite's last run() (status $RC, $W/out, $W/err)
# exited 2 with nothing on stdout and exactly the one line WANT on stderr:
# the cause, not just any message
error2() {
	[ "$RC" = 2 ] && [ ! -s "$W/out" ] && [ "$(wc -l <"$W/err")" = 1 ] && [ "$(cat "$W/err")" = "$2" ] \
		&& pass "$1" || fail "$1" "rc=$RC stdout $(wc -c <"$W/out") B, stderr: $(head -c 300 "$W/err")"
}
# summary NAME: the suite's last line; its status is the suite's exit status
summary() { echo "$1: $T_PASS passed, $T_FAIL failed, $T_SKIP skipped"; [ "$T_FAIL" = 0 ]; }
