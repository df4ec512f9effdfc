#!/bin/bash
# CLI tests of khosnoop that need no BPF: options, --verify on real logs
# captured in k612-leak (tests/fixtures/6.12/khosnoop), malformed input.
# Env: TOP, KHOSNOOP, WORK.
set -u
. "$TOP/tests/unit/lib.sh"
S=$KHOSNOOP
FX=$TOP/tests/fixtures/6.12/khosnoop
W=$WORK/cli-khosnoop
J="python3 $TOP/tests/unit/jcheck.py"
rm -rf "$W" && mkdir -p "$W"

run() { "$S" "$@" >"$W/out" 2>"$W/err"; RC=$?; }
lines() { wc -l <"$1" | tr -d ' '; }

run --help; [ $RC = 0 ] && grep -q -- '--verify OLD_LOG' "$W/out" && pass "khosnoop help" || fail "khosnoop help" "rc=$RC"
run --version; [ $RC = 0 ] && grep -q '^khosnoop [0-9]' "$W/out" && pass "khosnoop version" || fail "khosnoop version" "rc=$RC"
for t in "--bogus|unknown option --bogus" "-d|option -d needs an argument" \
	 "-d 0|bad --delay '0' (seconds, 0.01 to 86400)" "-n 0|bad --iterations '0'" \
	 "-e preserve,bogus|unknown event 'bogus'" "--order 31|bad --order '31' (-1 to 30)" \
	 "-m fexit|unknown --method 'fexit' (tp_btf, fentry, kprobe)" \
	 "--new x|--new needs --verify" "--verify x -o y|--verify takes only --new, --trace and -j" \
	 "extra|unexpected argument 'extra'" "--json=1|option --json takes no argument"; do
	args=${t%%|*} want=${t#*|}
	# shellcheck disable=SC2086
	run $args
	[ $RC = 64 ] && [ ! -s "$W/out" ] && [ "$(lines "$W/err")" = 2 ] &&
		[ "$(head -1 "$W/err")" = "khosnoop: $want" ] &&
		[ "$(tail -1 "$W/err")" = "Try 'khosnoop --help' for more information." ] \
		&& pass "khosnoop usage: $args" || fail "khosnoop usage: $args" "rc=$RC $(cat "$W/err")"
done

# --verify on the real logs: the 8 pages k612-leak leaked on purpose
run --verify "$FX/old.log" --new "$FX/new.log" --trace none
leak=$(grep -c '^leaked: pfn 0x[0-9a-f]*-0x[0-9a-f]* (32 KiB) owner khotest_bpf_preserve_range \[khotest_bpf\]$' "$W/out")
[ $RC = 1 ] && [ "$leak" = 1 ] && grep -q '^LEAK: 32768 bytes leaked in 1 ranges$' "$W/out" \
	&& pass "verify: the leaked range, its size and owner" || fail "verify: leak" "rc=$RC $(cat "$W/out" "$W/err")"
run -j --verify "$FX/old.log" --new "$FX/new.log" --trace none
[ $RC = 1 ] && $J "$W/out" 'j["leaked_bytes"] == 32768' 'j["held_bytes"] == 110592' \
	'len(j["leaked"]) == 1' 'j["leaked"][0]["pages"] == 8' \
	'j["leaked"][0]["owner"] == "khotest_bpf_preserve_range [khotest_bpf]"' \
	'sum(o["leaked_bytes"] for o in j["owners"]) == 32768' \
	&& pass "verify -j" || fail "verify -j" "rc=$RC"
# twin: the same logs plus a restore of that range exit 0
run --verify "$FX/old.log" --new "$FX/new.log" --trace none
pfn=$(sed -n 's/^leaked: pfn \(0x[0-9a-f]*\)-.*/\1/p' "$W/out")
printf '# tracer: nop\n  insmod-1 [000] ..... 1.0: kho_restore: phys=0x%x order=3 kind=pages ok=1\n' \
	$((pfn * 4096)) >"$W/trace"
run --verify "$FX/old.log" --new "$FX/new.log" --trace "$W/trace"
[ $RC = 0 ] && grep -q '^OK: 0 bytes leaked in 0 ranges$' "$W/out" && grep -q '^restores seen: 1 boot-time' "$W/out" \
	&& pass "verify: restored through the trace buffer, nothing leaked" || fail "verify: trace twin" "rc=$RC $(cat "$W/out")"
# a failed restore is no restore
sed 's/ok=1/ok=0/' "$W/trace" >"$W/trace0"
run --verify "$FX/old.log" --new "$FX/new.log" --trace "$W/trace0"
[ $RC = 1 ] && grep -q '^LEAK: 32768 bytes leaked in 1 ranges$' "$W/out" && grep -q '^leaked: pfn .* owner khotest_bpf_preserve_range ' "$W/out" \
	&& pass "verify: a failed restore does not count" || fail "verify: failed restore" "rc=$RC $(cat "$W/out")"
# without the new kernel's log, all of it leaked
run --verify "$FX/old.log" --trace none
[ $RC = 1 ] && grep -q '^LEAK: 110592 bytes' "$W/out" && pass "verify: no restore evidence" || fail "verify: no evidence" "rc=$RC $(tail -1 "$W/out")"

# malformed input: exit 2, one line on stderr, nothing on stdout
head -c -1 "$FX/old.log" >"$W/nonl.log"
grep -v '^# end' "$FX/old.log" >"$W/noend.log"
sed '21s/order=[-0-9]*/order=77/' "$FX/old.log" >"$W/order.log"
sed 's/^ev=preserve /ev=preserve ev=preserve /' "$FX/old.log" >"$W/dup.log"
: >"$W/empty.log"
# 3000 fixed random bytes and a newline: the first line has a NUL
python3 -c 'import random, sys; r = random.Random(5); sys.stdout.buffer.write(bytes(r.randrange(256) for _ in range(3000)) + b"\n")' >"$W/random.log"
printf '# tracer\n  a-1 [000] 1.0: kho_restore: phys=0x1001 order=0 kind=folio ok=1\n' >"$W/badtrace"
for t in "nonl.log|truncated log: the last line has no newline" \
	 "noend.log|truncated log: no '# end' line (was the recorder stopped?)" \
	 "order.log|line 21: order 77 out of range" "dup.log|line 21: key 'ev' twice" "empty.log|empty log" \
	 "random.log|line 1: NUL byte" "nosuch.log|No such file or directory" ".|not a regular file"; do
	f=${t%%|*} want=${t#*|}
	run --verify "$W/$f" --trace none
	error2 "verify refuses $f" "khosnoop: $W/$f: $want"
done
run --verify "$FX/old.log" --new "$W/noend.log" --trace none
error2 "verify refuses a broken --new log" "khosnoop: $W/noend.log: truncated log: no '# end' line (was the recorder stopped?)"
run --verify "$FX/old.log" --new "$FX/old.log" --trace none
error2 "verify refuses a --new log of the old boot" "khosnoop: $FX/old.log: recorded in the same boot as $FX/old.log"
run --verify "$FX/old.log" --trace "$W/badtrace"
error2 "verify refuses a malformed trace" "khosnoop: $W/badtrace: line 2: malformed kho_restore event"
run --verify "$FX/old.log" --trace "$W/nosuch"
error2 "verify: a named trace file must exist" "khosnoop: $W/nosuch: No such file or directory"

# live tracing on a kernel without KHO (this host, usually): exit 3, one line
if [ "$(id -u)" != 0 ]; then
	skip "live on a kernel without KHO" "needs root to load BPF"
elif grep -q ' kho_preserve_folio$' /proc/kallsyms; then
	skip "live on a kernel without KHO" "this host kernel has KHO"
else
	run -q -n 1 -d 0.1
	[ $RC = 3 ] && [ "$(lines "$W/err")" = 1 ] && [ ! -s "$W/out" ] &&
		grep -Eq 'this kernel has no KHO to trace|cannot load the BPF programs' "$W/err" \
		&& pass "live on a kernel without KHO: exit 3" || fail "live without KHO" "rc=$RC $(cat "$W/err")"
fi

summary cli-khosnoop
