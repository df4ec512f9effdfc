#!/bin/bash
# CLI tests of khoverify on a real save and a real KHO boot of k612-verify
# (tests/fixtures/6.12/khoverify: the save v1 of 6.12 stage 1, the new
# kernel's kho/in, kho/scratch and dmesg, the khosnoop logs), and every
# check's negative twin on doctored copies.  Env: TOP, KHOVERIFY, WORK.
set -u
. "$TOP/tests/unit/lib.sh"
K=$KHOVERIFY
FX=$TOP/tests/fixtures/6.12/khoverify
W=$WORK/cli-khoverify
J="python3 $TOP/tests/unit/jcheck.py"
rm -rf "$W" && mkdir -p "$W"

run() { "$K" "$@" >"$W/out" 2>"$W/err"; RC=$?; }
lines() { wc -l <"$1" | tr -d ' '; }
# after DIR: a copy of the new kernel's debugfs to doctor
after() { rm -rf "$1" && cp -r "$FX/after" "$1"; }
# The save as the guest left it, but the live log's path (/state/old.log in
# the VM) is where the fixture keeps that log.  Its own khosnoop.log is the
# snapshot --save took while khosnoop was still catching up: no events.
cp -r "$FX/v1" "$W/v1"
sed -i "s|^snoop_log /state/old.log\$|snoop_log $FX/old.log|" "$W/v1/khoverify-save"
# save DIR: a copy of that save to doctor
save() { rm -rf "$1" && cp -r "$W/v1" "$1"; }
has() { grep -q -- "$1" "$W/out"; }
A=(--debugfs "$FX/after" --dmesg "$FX/after/dmesg.txt" --trace none)
# runa DIR ARGS...: khoverify on the doctored debugfs copy DIR, the real dmesg
runa() { local d=$1; shift; run --debugfs "$d" --dmesg "$FX/after/dmesg.txt" --trace none "$@"; }

run --help; [ $RC = 0 ] && grep -q -- '--budget DURATION' "$W/out" && grep -q '^Exit status' "$W/out" &&
	pass "khoverify help" || fail "khoverify help" "rc=$RC"
run --version; [ $RC = 0 ] && grep -q '^khoverify [0-9]' "$W/out" && pass "khoverify version" || fail "khoverify version" "rc=$RC"
for t in "--bogus|unknown option --bogus" "--budget 2|--budget 2: a duration like 250ms, 2s or 1.5s" \
	 "--budget 1.5ns|--budget 1.5ns: a duration like 250ms, 2s or 1.5s" \
	 "--scratch-max 101|--scratch-max 101: a percentage from 0 to 100" \
	 "--scratch-max x|--scratch-max x: a percentage from 0 to 100" \
	 "|a save directory (khoverify --save DIR before the kexec)" "a b|one save directory" \
	 "--save x --budget 1s|--save: an option of the check after the kexec" \
	 "--log x y|--log: only with --save" "--save x --log a --no-log|--log and --no-log" \
	 "--save x y|--save takes no other argument (y)" "--debugfs|option --debugfs needs an argument"; do
	args=${t%%|*} want=${t#*|}
	# shellcheck disable=SC2086
	run $args
	[ $RC = 2 ] && [ ! -s "$W/out" ] && [ "$(lines "$W/err")" = 2 ] && [ "$(head -1 "$W/err")" = "khoverify: $want" ] &&
		[ "$(tail -1 "$W/err")" = "Try 'khoverify --help' for more information." ] \
		&& pass "khoverify usage: ${args:-(none)}" || fail "khoverify usage: ${args:-(none)}" "rc=$RC $(cat "$W/err")"
done

# --- the clean update, as k612-verify saw it ------------------------------
run "${A[@]}" --new "$FX/new.log" --budget 120s -v "$W/v1"
n=0
for c in handover release contents claimed leaks blackout scratch; do
	grep -q "^PASS $c: " "$W/out" && n=$((n + 1))
done
[ $RC = 0 ] && [ $n = 7 ] && has '^khoverify: PASS: 7 passed, 0 failed, 0 skipped$' &&
	has '^PASS release: from 6.12.117, kexec 1$' && has '^PASS contents: kho/in equals the saved kho/out' &&
	has '^PASS leaks: .* all restored' && has '^PASS blackout: blackout .* within 120.00 s' &&
	has '^  machine_kexec ' && [ ! -s "$W/err" ] \
	&& pass "clean update: 7 PASS, exit 0" || fail "clean update" "rc=$RC $(cat "$W/out" "$W/err")"
run "${A[@]}" --new "$FX/new.log" -j "$W/v1"
[ $RC = 0 ] && $J "$W/out" 'j["verdict"] == "PASS" and j["passed"] == 7' \
	'[c["check"] for c in j["checks"]] == ["handover","release","contents","claimed","leaks","blackout","scratch"]' \
	'j["kexec_count"] == 1 and j["previous_release"] == "6.12.117" and j["saved_kexec_count"] == 0' \
	'0 < j["blackout_ns"] < j["kexec_to_user_ns"] and j["budget_ns"] is None' \
	'j["unclaimed_bytes"] == 0 and j["restored_bytes"] + j["claimed_bytes"] == j["in_bytes"]' \
	'j["leaked_bytes"] == 0 and j["leaked"] == [] and j["changes"] == []' \
	'len(j["scratch"]) >= 1 and all(0 <= a["peak_pct"] <= 100 for a in j["scratch"])' \
	>"$W/why" && pass "clean update -j" || fail "clean update -j" "rc=$RC $(cat "$W/why")"

# --- each check fails when its promise is broken ---------------------------
cp "$FX/after/dmesg.txt" "$W/dmesg"
echo "[    0.000000] KHO: invalid handover (root FDT at 0x1000, err -22); disabling KHO revival, booting as after a cold boot" >>"$W/dmesg"
run --debugfs "$FX/after" --dmesg "$W/dmesg" --trace none --new "$FX/new.log" "$W/v1"
[ $RC = 1 ] && has '^FAIL handover: kernel log: .*disabling KHO revival' && [ "$(grep -c '^FAIL' "$W/out")" = 1 ] \
	&& pass "handover: a refusal in the kernel log fails" || fail "handover refusal" "rc=$RC $(cat "$W/out")"
mkdir -p "$W/cold"
run --debugfs "$W/cold" --dmesg "$FX/after/dmesg.txt" --trace none "$W/v1"
[ $RC = 1 ] && has '^FAIL handover: .*none (a cold boot' && has '^SKIP contents: no handover' &&
	has '^SKIP release: no handover' && has '^SKIP scratch: ' \
	&& pass "handover: no kho/in fails, the rest skip" || fail "handover cold" "rc=$RC $(cat "$W/out")"
save "$W/s1"
sed -i 's/^kexec_count 0$/kexec_count 4/' "$W/s1/khoverify-save"
run "${A[@]}" --new "$FX/new.log" "$W/s1"
[ $RC = 1 ] && has '^FAIL release: kexec count 1, expected 5' && pass "release: another kexec since the save fails" ||
	fail "release count" "rc=$RC $(cat "$W/out")"
sed -i 's/^kexec_count 4$/kexec_count 0/; s/^release .*/release 6.12.999/' "$W/s1/khoverify-save"
run "${A[@]}" --new "$FX/new.log" "$W/s1"
[ $RC = 1 ] && has '^FAIL release: previous release 6.12.117, saved from 6.12.999' && pass "release: another kernel fails" ||
	fail "release name" "rc=$RC $(cat "$W/out")"
save "$W/s2"
# the saved kexec-metadata blob says kexec count 2 (offset 69: the u32 count)
printf '\002' | dd of="$W/s2/out/sub_fdts/kexec-metadata" bs=1 seek=69 conv=notrunc status=none
run "${A[@]}" --new "$FX/new.log" "$W/s2"
[ $RC = 1 ] && has '^FAIL contents: 1 difference from the saved kho/out, first: subtree-changed kexec-metadata: kexec-metadata: 6.12.117 count 2 -> 6.12.117 count 1$' &&
	[ "$(grep -c '^FAIL' "$W/out")" = 1 ] && pass "contents: a subtree that changed fails" ||
	fail "contents" "rc=$RC $(cat "$W/out")"
# a raw blob read back different, structure intact (a client freed it and
# the page was reused: stock 7.2 shows the live blob): PASS, named
save "$W/s5"
printf 'X' | dd of="$W/s5/out/sub_fdts/khotest-bpf" bs=1 seek=0 conv=notrunc status=none
run "${A[@]}" --new "$FX/new.log" "$W/s5"
[ $RC = 0 ] && has '^PASS contents: kho/in has the saved 3 subtrees at the same addresses and sizes; 1 blob now reads different (khotest-bpf)' \
	&& pass "contents: reused blob bytes alone pass, named" || fail "contents soft" "rc=$RC $(cat "$W/out")"
after "$W/a1"
sed -i -E 's/^restored_bytes ([0-9]+)$/echo restored_bytes $((\1 - 4096))/e; s/^unclaimed_bytes 0$/unclaimed_bytes 4096/' "$W/a1/kho/in/stats"
runa "$W/a1" --new "$FX/new.log" "$W/v1"
[ $RC = 1 ] && has '^FAIL claimed: 4 KiB of .* never taken by a client' && pass "claimed: 4 KiB unclaimed fails" ||
	fail "claimed" "rc=$RC $(cat "$W/out")"
sed -i 's/^unclaimed_bytes 4096$/unclaimed_bytes 0/' "$W/a1/kho/in/stats"
runa "$W/a1" --new "$FX/new.log" "$W/v1"
[ $RC = 1 ] && has '^FAIL claimed: kho/in/stats does not add up' && pass "claimed: stats that do not add up fail" ||
	fail "claimed sum" "rc=$RC $(cat "$W/out")"
run "${A[@]}" "$W/v1"
[ $RC = 1 ] && has '^FAIL leaks: [0-9.]* [KM]iB leaked in [0-9]* ranges, first: pfn 0x[0-9a-f]*-0x[0-9a-f]* (.*) owner khotest_bpf_preserve' \
	&& pass "leaks: restores not seen (no --new) name the ranges" || fail "leaks" "rc=$RC $(cat "$W/out")"
run "${A[@]}" --new "$FX/old.log" "$W/v1"
[ $RC = 1 ] && has "^FAIL leaks: cannot check (the copy saved): .*recorded in the same boot as" \
	&& pass "leaks: a --new log of the old boot is refused" || fail "leaks same boot" "rc=$RC $(cat "$W/out")"
save "$W/s3"
sed -i "s|^snoop_log .*|snoop_log $W/gone.log|" "$W/s3/khoverify-save"
run "${A[@]}" --new "$FX/new.log" "$W/s3"
[ $RC = 0 ] && has '^SKIP leaks: the khosnoop log (the copy saved) holds nothing preserved' \
	&& pass "leaks: live log gone, the empty snapshot is SKIP, not PASS" || fail "leaks copy empty" "rc=$RC $(cat "$W/out")"
cp "$FX/old.log" "$W/s3/khosnoop.log"
run "${A[@]}" --new "$FX/new.log" "$W/s3"
[ $RC = 0 ] && has '^PASS leaks: 76 KiB held by 3 owners at the kexec, all restored' \
	&& pass "leaks: live log gone, a complete copy is used" || fail "leaks copy" "rc=$RC $(cat "$W/out")"
head -n 8 "$FX/old.log" >"$W/s3/khosnoop.log"
run "${A[@]}" --new "$FX/new.log" "$W/s3"
[ $RC = 1 ] && has "^FAIL leaks: cannot check (the copy saved): .*truncated log" \
	&& pass "leaks: a truncated copy cannot be checked: FAIL" || fail "leaks truncated" "rc=$RC $(cat "$W/out")"
run "${A[@]}" --new "$FX/new.log" --budget 1ns "$W/v1"
[ $RC = 1 ] && has '^FAIL blackout: blackout [0-9.]* \(ms\|s\) over the budget of 1 ns' && [ "$(grep -c '^FAIL' "$W/out")" = 1 ] \
	&& pass "blackout: --budget 1ns fails" || fail "budget" "rc=$RC $(cat "$W/out")"
run "${A[@]}" --new "$FX/new.log" --budget 1000s --user-budget 1ns "$W/v1"
[ $RC = 1 ] && has '^FAIL blackout: kexec to user space .* over the budget of 1 ns' \
	&& pass "blackout: --user-budget 1ns fails" || fail "user budget" "rc=$RC $(cat "$W/out")"
after "$W/a2"
sed -i 's/^previous_stamps 1$/previous_stamps 0/' "$W/a2/kho/in/timing"
sed -i '/^\(blackout_ns\|kexec_to_user_ns\|kexec_load\|kernel_kexec\|handover_sealed\|devices_shutdown\|machine_kexec\) /d' "$W/a2/kho/in/timing"
runa "$W/a2" --new "$FX/new.log" --budget 1ns "$W/v1"
[ $RC = 0 ] && has '^SKIP blackout: the old kernel handed over no timing stamps' \
	&& pass "blackout: no stamps from the old kernel is SKIP, not PASS" || fail "no stamps" "rc=$RC $(cat "$W/out")"
after "$W/a3"
sed -i -E 's/^blackout_ns ([0-9]+)$/blackout_ns 5/' "$W/a3/kho/in/timing"
runa "$W/a3" --new "$FX/new.log" "$W/v1"
[ $RC = 1 ] && has '^FAIL blackout: kho/in/timing inconsistent' && pass "blackout: an inconsistent timing file fails" ||
	fail "timing inconsistent" "rc=$RC $(cat "$W/out")"
run "${A[@]}" --new "$FX/new.log" --scratch-max 0 "$W/v1"
[ $RC = 1 ] && has '^FAIL scratch: fullest area [0-9]* (.*) peaked at .*, [0-9.]*% above 0%' \
	&& pass "scratch: --scratch-max 0 fails" || fail "scratch" "rc=$RC $(cat "$W/out")"
# a stock kernel's view: no stats, timing or scratch: SKIP with reasons
after "$W/a4"
rm -f "$W/a4/kho/in/stats" "$W/a4/kho/in/timing" "$W/a4/kho/scratch"
runa "$W/a4" --new "$FX/new.log" "$W/v1"
[ $RC = 0 ] && has '^SKIP claimed: this kernel has no kho/in/stats' && has '^SKIP blackout: this kernel has no kho/in/timing' &&
	has '^SKIP scratch: this kernel has no kho/scratch' && has '^khoverify: PASS: 4 passed, 0 failed, 3 skipped$' \
	&& pass "stock kernel: SKIP with the reason" || fail "stock skips" "rc=$RC $(cat "$W/out")"

# --- a bad save directory: exit 2, one line, no verdict ----------------------
bad() { # bad NAME WANT: khoverify on $W/b must exit 2 with "khoverify: WANT" alone
	run "${A[@]}" "$W/b"
	error2 "bad save: $1" "khoverify: $2"
}
M=$W/b/khoverify-save
save "$W/b"; head -c 30 "$FX/v1/khoverify-save" >"$M"; bad "truncated metadata" "$M: line 2: no newline (truncated)"
save "$W/b"; sed -i 's/^release .*/release 6.12 x/' "$M"; bad "unprintable value" "$M: line 2: unprintable value"
save "$W/b"; echo "colour blue" >>"$M"; bad "unknown key" "$M: line $(wc -l <"$M"): bad \"colour\""
save "$W/b"; sed -i '/^boot_id /d' "$M"; bad "boot_id missing" "$M: boot_id missing"
save "$W/b"; sed -i '1s/.*/# khoverify-save 9/' "$M"; bad "other version" "$M: not a khoverify save (no \"# khoverify-save 1\" line)"
save "$W/b"; rm -f "$M"; bad "no metadata" "$M: No such file or directory"
save "$W/b"; printf 'garbage, not a device tree blob' >"$W/b/out/fdt"; bad "garbage root FDT" "$W/b/out: $W/b/out/fdt: not a KHO root FDT"
save "$W/b"; rm -rf "$W/b/out"; bad "no out directory" "$W/b/out: No such file or directory"
rm -rf "$W/b"; bad "no such directory" "$M: No such file or directory"

# --- --save ---------------------------------------------------------------
mkdir -p "$W/fake/kho"
cp -r "$FX/v1/out" "$W/fake/kho/out"
head -n 5 "$FX/old.log" >"$W/running.log"
sed -n '/^ev=/p' "$FX/old.log" | head -n 3 >>"$W/running.log"
printf 'ev=preserve ts=12' >>"$W/running.log"	# a line being written
run --save "$W/s" --debugfs "$W/fake" --log "$W/running.log"
[ $RC = 0 ] && has "^saved $W/s: .*, khosnoop log $W/running.log\$" && [ -f "$W/s/out/fdt" ] &&
	[ "$(tail -n 1 "$W/s/khosnoop.log")" = "# end reason=snapshot events=3 drops=0" ] &&
	cmp -s "$W/s/out/fdt" "$FX/v1/out/fdt" \
	&& pass "--save: kho/out copied, a running log snapshotted with its end" || fail "--save" "rc=$RC $(cat "$W/out" "$W/err")"
run "$W/s"
error2 "a save of this boot is refused" "khoverify: $W/s: saved in this boot; run khoverify $W/s after the kexec"
run --save "$W/s" --debugfs "$W/fake" --no-log -j
[ $RC = 0 ] && $J "$W/out" 'j["snoop_log"] is None' >"$W/why" && [ ! -e "$W/s/khosnoop.log" ] && ! ls -d "$W"/s.* >/dev/null 2>&1 \
	&& pass "--save replaces a previous save, -j, no temporaries left" || fail "--save replace" "rc=$RC $(cat "$W/why" "$W/err")"
mkdir -p "$W/busy" && touch "$W/busy/precious"
run --save "$W/busy" --debugfs "$W/fake" --no-log
[ -f "$W/busy/precious" ] && error2 x "khoverify: $W/busy: not empty and not a khoverify save" >/dev/null \
	&& pass "--save refuses a directory that is not a save" || fail "--save busy" "rc=$RC $(cat "$W/err")"
run --save "$W/n1" --debugfs "$W/cold" --no-log
[ ! -e "$W/n1" ] && error2 x "khoverify: $W/cold/kho/out: no such directory (a kernel without KHO, or debugfs not mounted)" >/dev/null \
	&& pass "--save without KHO: exit 2" || fail "--save no kho" "rc=$RC $(cat "$W/err")"
run --save "$W/n2" --debugfs "$W/fake" --log "$W/nope.log"
[ ! -e "$W/n2" ] && error2 x "khoverify: $W/nope.log: No such file or directory" >/dev/null \
	&& pass "--save --log of a missing file: exit 2, nothing written" || fail "--save missing log" "rc=$RC $(cat "$W/err")"
echo "not a log" >"$W/junk.log"
run --save "$W/n3" --debugfs "$W/fake" --log "$W/junk.log"
[ ! -e "$W/n3" ] && error2 x "khoverify: $W/junk.log: line 1: not a khosnoop log (expected '# khosnoop-log 1')" >/dev/null \
	&& pass "--save --log of a malformed log: exit 2" || fail "--save junk log" "rc=$RC $(cat "$W/err")"

summary cli-khoverify
