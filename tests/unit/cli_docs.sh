#!/bin/bash
# Every tool's --help and man page name the same options: each option of
# --help is documented in the man page, and each option the man page names
# is one of the tool's (or, listed here, another program's it refers to).
# Env: TOP, BIN (the directory with the tools).
set -u
. "$TOP/tests/unit/lib.sh"
W=$WORK/cli-docs
rm -rf "$W" && mkdir -p "$W"

# options of other programs a man page mentions (khodump --diff, kexec's)
declare -A FOREIGN=(
	[khodump]="--delay"
	[khoverify]="--diff --reuse-cmdline"
)
opts() { grep -oE -- '--[a-z][a-z-]*[a-z]' | sort -u; }

if ! command -v groff >/dev/null; then
	skip "docs" "groff is not installed"
	summary cli-docs
	exit
fi
for t in khodump khosnoop khotop khoverify; do
	man=$(ls "$TOP"/tools/"$t"/"$t".[1-8] 2>/dev/null | head -n 1)
	[ -n "$man" ] || { fail "$t: man page" "no tools/$t/$t.[1-8]"; continue; }
	if ! "$BIN/$t" --help >"$W/$t.help" 2>&1; then
		fail "$t --help" "exit status $?"
		continue
	fi
	opts <"$W/$t.help" >"$W/$t.h"
	MANWIDTH=200 groff -man -Tascii -P-cbou "$man" 2>/dev/null | opts >"$W/$t.m"
	for f in ${FOREIGN[$t]:-}; do echo "$f"; done | sort -u >"$W/$t.f"
	undocumented=$(comm -23 "$W/$t.h" "$W/$t.m" | tr '\n' ' ')
	unknown=$(comm -23 "$W/$t.m" "$W/$t.h" | comm -23 - "$W/$t.f" | tr '\n' ' ')
	[ "$(wc -l <"$W/$t.h")" -ge 3 ] && [ -z "$undocumented" ] &&
		pass "$t: every --help option is in $(basename "$man")" ||
		fail "$t: options of --help missing from $(basename "$man")" "$undocumented"
	[ -z "$unknown" ] && pass "$t: $(basename "$man") names no option the tool lacks" ||
		fail "$t: $(basename "$man") names options --help does not" "$unknown"
done
# the check can fail: a man page without one of the options
sed 's/\\-\\-budget/\\-\\-budgte/g' "$TOP/tools/khoverify/khoverify.8" >"$W/bad.8"
MANWIDTH=200 groff -man -Tascii -P-cbou "$W/bad.8" 2>/dev/null | opts >"$W/bad.m"
[ -n "$(comm -23 "$W/khoverify.h" "$W/bad.m")" ] && pass "docs: a man page missing --budget is caught" ||
	fail "docs: negative twin" "a man page without --budget was accepted"
summary cli-docs
