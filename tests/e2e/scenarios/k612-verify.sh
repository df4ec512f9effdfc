# k612-verify: khoverify's verdicts across real 6.12 -> 6.12 live updates.
#   stage 1 (cold): khotest_bpf preserves its blocks under khosnoop;
#     khoverify --save /state/v1 finds the running khosnoop's log; kexec.
#   stage 2 (KHO boot): khotest_bpf restores (recorded): every check PASS,
#     exit 0, text and JSON (parsed on the host); --budget 1ns: exit 1 naming
#     the blackout; a corrupted save directory (metadata, out/fdt): exit 2
#     with one line; a save of this boot: exit 2.  The leak act: khotest_bpf
#     preserves with leak_pages=8, khoverify --save /state/v2; kexec.
#   stage 3 (KHO boot): after the restores, exit 1: "leaks" names the 8
#     pages (pfn, 32 KiB, khotest_bpf_preserve_range), "claimed" the 32 KiB
#     nobody took; the rest PASS.  Then the refused-handover twin: --save
#     /state/v3, kexec with a corrupted root FDT (test hook kho/out/inject).
#   stage 4 (handover refused, a cold boot): exit 1, "handover" FAIL naming
#     the kernel's refusal, contents SKIP.
E2E_DESC="6.12: khoverify PASS after a clean update, names a leak and a blown budget (exit 1), refuses a corrupted save (exit 2), fails on a refused handover"
E2E_KERNELS="6.12"
E2E_MEM=1G
E2E_CMDLINE="kho=on"
E2E_TIMEOUT=900

M=/kernels/6.12/khotest_bpf.ko

# verify OUT ARGS...: khoverify ARGS >OUT, its exit status in RC
verify() {
	_o=$1
	shift
	khoverify "$@" >"$_o" 2>/tmp/kv.err
	RC=$?
	cat "$_o"
}

line_is() { # line_is FILE RESULT CHECK: FILE has "RESULT CHECK: ..."
	grep -q "^$2 $3: " "$1" || fail "khoverify: no '$2 $3' line: $(grep " $3: " "$1")"
}

save() { # save DIR: khoverify --save with the running khosnoop's log
	khoverify --save "$1" >/tmp/save.out 2>/tmp/save.err ||
		fail "khoverify --save $1: exit $?: $(cat /tmp/save.err)"
	cat /tmp/save.out
	grep -q "khosnoop log $2\$" /tmp/save.out || fail "--save did not find the khosnoop log $2: $(cat /tmp/save.out)"
}

stage_1() {
	snoop_start /state/old.log /tmp/old.json
	insmod $M op=preserve || fail "khotest_bpf op=preserve failed"
	save /state/v1 /state/old.log
	snoop_stop
	kexec_next 6.12
}

restore_recorded() { # restore_recorded LOG
	snoop_start "$1" /tmp/new.json
	insmod $M op=restore || fail "khotest_bpf op=restore failed"
	snoop_stop
	rmmod khotest_bpf || fail "cannot unload khotest_bpf"
}

stage_2() {
	restore_recorded /state/new.log
	verify /tmp/v.out -v --budget 120s /state/v1 --new /state/new.log
	[ "$RC" = 0 ] || fail "khoverify after a clean update: exit $RC ($(cat /tmp/kv.err))"
	for c in handover release contents claimed leaks blackout scratch; do
		line_is /tmp/v.out PASS $c
	done
	grep -q '^PASS release: from 6.12[^ ]*, kexec 1$' /tmp/v.out || fail "release: not kexec 1 from 6.12"
	grep -q '^khoverify: PASS: 7 passed, 0 failed, 0 skipped$' /tmp/v.out || fail "summary line"
	grep -q '^  machine_kexec ' /tmp/v.out && grep -q '^  first_exec ' /tmp/v.out || fail "-v lists no blackout phases"
	log "clean update: $(grep -c '^PASS' /tmp/v.out) checks PASS"
	verify /tmp/v.json -j --budget 120s /state/v1 --new /state/new.log
	[ "$RC" = 0 ] || fail "khoverify -j: exit $RC"
	export_file clean.json /tmp/v.json
	# real inputs for the host-side CLI tests (tests/fixtures/6.12/khoverify)
	export_tree v1 /state/v1
	export_tree after/kho/in /sys/kernel/debug/kho/in
	export_file after/kho/scratch /sys/kernel/debug/kho/scratch
	dmesg >/tmp/dmesg.txt
	export_file after/dmesg.txt /tmp/dmesg.txt
	export_file old.log /state/old.log
	export_file new.log /state/new.log
	# the negative twins: a blown budget, corrupted saves, a save of this boot
	verify /tmp/b.out --budget 1ns /state/v1 --new /state/new.log
	[ "$RC" = 1 ] || fail "--budget 1ns: exit $RC, expected 1"
	grep -Eq '^FAIL blackout: blackout [0-9.]+ (ms|s) over the budget of 1 ns' /tmp/b.out || fail "--budget 1ns does not name the blackout"
	[ "$(grep -c '^FAIL' /tmp/b.out)" = 1 ] || fail "--budget 1ns: other checks failed too"
	cp -r /state/v1 /tmp/bad1
	head -c 40 /state/v1/khoverify-save >/tmp/bad1/khoverify-save
	verify /tmp/c.out /tmp/bad1
	[ "$RC" = 2 ] && [ ! -s /tmp/c.out ] && [ "$(wc -l </tmp/kv.err)" = 1 ] ||
		fail "truncated save metadata: exit $RC, $(wc -l </tmp/kv.err) lines: $(cat /tmp/kv.err /tmp/c.out)"
	log "truncated metadata: $(cat /tmp/kv.err)"
	cp -r /state/v1 /tmp/bad2
	printf 'garbage, not a device tree blob' >/tmp/bad2/out/fdt
	verify /tmp/c.out /tmp/bad2
	[ "$RC" = 2 ] && [ ! -s /tmp/c.out ] && [ "$(wc -l </tmp/kv.err)" = 1 ] ||
		fail "corrupted out/fdt: exit $RC: $(cat /tmp/kv.err /tmp/c.out)"
	log "corrupted fdt: $(cat /tmp/kv.err)"
	khoverify --save /tmp/now --no-log >/dev/null || fail "khoverify --save /tmp/now failed"
	verify /tmp/c.out /tmp/now
	[ "$RC" = 2 ] && grep -q 'saved in this boot' /tmp/kv.err || fail "a save of this boot: exit $RC: $(cat /tmp/kv.err)"

	# the leak act
	snoop_start /state/old2.log /tmp/old2.json
	insmod $M op=preserve leak_pages=8 || fail "khotest_bpf op=preserve leak_pages=8 failed"
	leak=$(dmesg | sed -n -E 's/.*khotest_bpf: leaked kind=pages pfn=0x([0-9a-f]+) order=-1 pages=8.*/\1/p' | tail -n 1)
	[ -n "$leak" ] || fail "khotest_bpf did not report its leaked range"
	echo "$leak" >/state/leak.pfn
	save /state/v2 /state/old2.log
	snoop_stop
	kexec_next 6.12
}

stage_3() {
	restore_recorded /state/new2.log
	leak=$(cat /state/leak.pfn)
	verify /tmp/v.out -v /state/v2 --new /state/new2.log
	[ "$RC" = 1 ] || fail "khoverify with a leaked range: exit $RC, expected 1 ($(cat /tmp/kv.err))"
	grep -Eq "^FAIL leaks: 32 KiB leaked in 1 range, first: pfn 0x$leak-0x[0-9a-f]+ \\(32 KiB\\) owner khotest_bpf_preserve_range \\[khotest_bpf\\]\$" /tmp/v.out ||
		fail "leaks does not name pfn 0x$leak, 32 KiB, khotest_bpf_preserve_range"
	grep -q '^FAIL claimed: 32 KiB of ' /tmp/v.out || fail "claimed does not report 32 KiB unclaimed"
	for c in handover release contents blackout scratch; do
		line_is /tmp/v.out PASS $c
	done
	grep -q '^PASS release: from 6.12[^ ]*, kexec 2$' /tmp/v.out || fail "release: not kexec 2"
	verify /tmp/v.json -j /state/v2 --new /state/new2.log
	[ "$RC" = 1 ] || fail "khoverify -j with a leak: exit $RC"
	export_file leak.json /tmp/v.json
	log "leak named: $(grep '^FAIL leaks' /tmp/v.out)"
	# the refused handover: kho=off would not do (the incoming side is
	# always accepted), a corrupted root FDT is refused
	khoverify --save /state/v3 --no-log >/dev/null || fail "khoverify --save /state/v3 failed"
	echo fdt-magic >/sys/kernel/debug/kho/out/inject || fail "cannot inject fdt-magic"
	kexec_next 6.12
}

stage_4() {
	verify /tmp/v.out /state/v3
	[ "$RC" = 1 ] || fail "khoverify after a boot without KHO: exit $RC, expected 1 ($(cat /tmp/kv.err))"
	grep -q '^FAIL handover: kernel log: .*invalid handover (bad FDT header at .*disabling KHO revival' /tmp/v.out ||
		fail "handover does not name the refusal: $(grep ' handover: ' /tmp/v.out)"
	line_is /tmp/v.out SKIP contents
	line_is /tmp/v.out SKIP release
	log "refused handover: $(grep '^FAIL handover' /tmp/v.out)"
	pass
}

host_check() { # the JSON documents, parsed for real
	local d
	d=$(dirname "$1")/files
	python3 - "$d/clean.json" "$d/leak.json" <<'PY'
import json, sys
clean = json.load(open(sys.argv[1]))
leak = json.load(open(sys.argv[2]))
def res(doc):
    return {c["check"]: c["result"] for c in doc["checks"]}
want = ["handover", "release", "contents", "claimed", "leaks", "blackout", "scratch"]
assert [c["check"] for c in clean["checks"]] == want, clean["checks"]
assert set(res(clean).values()) == {"PASS"}, res(clean)
assert clean["verdict"] == "PASS" and clean["failed"] == 0 and clean["passed"] == 7
assert clean["kexec_count"] == 1 and clean["leaked_bytes"] == 0 and clean["leaked"] == []
assert 0 < clean["blackout_ns"] <= clean["kexec_to_user_ns"] <= 120e9, clean["blackout_ns"]
assert clean["unclaimed_bytes"] == 0 and clean["in_bytes"] > 0
names = [p["phase"] for p in clean["phases"]]
assert "machine_kexec" in names and "first_exec" in names, names
assert all(0 <= a["peak_pct"] <= 90 for a in clean["scratch"]), clean["scratch"]
r = res(leak)
assert r["leaks"] == "FAIL" and r["claimed"] == "FAIL" and leak["verdict"] == "FAIL", r
assert leak["leaked_bytes"] == 32768 and len(leak["leaked"]) == 1, leak["leaked"]
assert leak["leaked"][0]["owner"] == "khotest_bpf_preserve_range [khotest_bpf]"
assert leak["unclaimed_bytes"] == 32768, leak["unclaimed_bytes"]
PY
}
