# k612-khotop: khotop in batch JSON mode on our 6.12 (BPF tp_btf), 6.12 -> 6.12.
#   stage 1 (cold): `khotop -b -j -n 4` while the test hook preserves and
#     unpreserves in a loop: the preserve and unpreserve rates are nonzero;
#     once the loop stopped, one more sample's scratch areas, preserved
#     bytes and blocks equal kho/scratch and kho/out/stats read right after
#     (host check). A 80x24 text screen (-b) is kept for the notes.
#   stage 2 (KHO boot): `khotop -b -j -n 2`: previous release and kexec
#     count, incoming bytes = kho/in/stats, and the blackout phases =
#     kho/in/timing (host check).
E2E_DESC="6.12: khotop -b -j scratch = kho/scratch, preserved = kho/out/stats, event rates while the hooks preserve, blackout = kho/in/timing"
E2E_KERNELS="6.12"
E2E_MEM=1G
E2E_CMDLINE="kho=on"
E2E_TIMEOUT=420

D=/sys/kernel/debug/kho

# wait_lines FILE N PID: until FILE has N lines (PID must stay alive)
wait_lines() {
	i=0
	until [ "$(wc -l <"$1")" -ge "$2" ]; do
		kill -0 "$3" 2>/dev/null || fail "khotop ended before printing $2 lines: $(cat /tmp/top.err)"
		i=$((i + 1)); [ $i -lt 600 ] || fail "khotop printed no line $2 in 60 s"
		sleep 0.1
	done
}

stage_1() {
	# The loop runs only while khotop is attached, not while it attaches
	# or detaches: under TCG a vCPU can still run a function's old code
	# after another vCPU patched a BPF trampoline call into it and hit a
	# stale int3 ("Oops: int3" at kho_preserve_folio+0x1), a QEMU artifact.
	khotop -b -j -n 4 -d 1 >/tmp/top1.json 2>/tmp/top.err &
	kt=$!
	wait_lines /tmp/top1.json 1 $kt
	( while [ ! -e /tmp/stop ]; do echo 1 >$D/out/test_preserve || exit 1; done ) &
	loop=$!
	wait_lines /tmp/top1.json 3 $kt
	touch /tmp/stop
	wait $loop || fail "the test_preserve loop failed"
	wait $kt
	rc=$?
	[ "$rc" = 0 ] || fail "khotop -b -j: exit $rc, $(cat /tmp/top.err)"
	[ "$(wc -l </tmp/top1.json)" = 4 ] || fail "khotop -n 4 printed $(wc -l </tmp/top1.json) lines"
	# the loop has stopped: one more sample, then the files it must equal
	khotop -b -j -n 1 >/tmp/top1b.json 2>/tmp/top.err || fail "khotop -n 1: $(cat /tmp/top.err)"
	cp $D/scratch /tmp/scratch1
	cp $D/out/stats /tmp/stats1
	export_file top1.json /tmp/top1.json
	export_file top1b.json /tmp/top1b.json
	export_file scratch1 /tmp/scratch1
	export_file stats1 /tmp/stats1
	khotop -b -n 1 >/tmp/screen1.txt 2>&1 || fail "khotop -b failed: $(cat /tmp/screen1.txt)"
	export_file screen1.txt /tmp/screen1.txt
	kexec_next 6.12
}

stage_2() {
	expect_dmesg 'KHO: found kexec handover data'
	khotop -b -j -n 2 -d 0.5 >/tmp/top2.json 2>/tmp/top.err || fail "khotop -b -j: $(cat /tmp/top.err)"
	export_file top2.json /tmp/top2.json
	export_file timing2 $D/in/timing
	export_file instats2 $D/in/stats
	khotop -b -n 1 >/tmp/screen2.txt 2>&1 || fail "khotop -b failed"
	export_file screen2.txt /tmp/screen2.txt
	pass
}

host_check() {
	python3 - "$(dirname "$1")/files" <<'PY'
import json, sys
d = sys.argv[1]
def kv(name):
    out = {}
    for line in open(f"{d}/{name}"):
        k, v = line.split()
        out[k] = v
    return out
def die(msg):
    print(msg)
    sys.exit(1)
top = [json.loads(l) for l in open(f"{d}/top1.json")]
busy = top[2]   # the third sample: the whole interval with the loop running
last = json.loads(open(f"{d}/top1b.json").read())
sc, st = kv("scratch1"), kv("stats1")
areas = last["scratch"]["areas"]
if len(areas) != int(sc["areas"]):
    die(f"khotop shows {len(areas)} scratch areas, kho/scratch {sc['areas']}")
for i, a in enumerate(areas):
    if a["size"] != int(sc[f"area{i}_size"]) or a["addr"] != int(sc[f"area{i}_addr"], 16):
        die(f"scratch area {i}: khotop {a}, kho/scratch size {sc[f'area{i}_size']}")
    if a["boot_used"] != int(sc[f"area{i}_boot_used"]):
        die(f"scratch area {i}: boot_used differs")
if last["preserved"]["bytes"] != int(st["preserved_bytes"]) or last["preserved"]["blocks"] != int(st["preserved_blocks"]):
    die(f"preserved: khotop {last['preserved']['bytes']}/{last['preserved']['blocks']}, stats {st['preserved_bytes']}/{st['preserved_blocks']}")
ev = busy["events"]
if not ev or ev["method"] != "tp_btf":
    die(f"events: {ev} ({last.get('events_why')})")
if not (ev["preserve"]["per_s"] > 0 and ev["unpreserve"]["per_s"] > 0):
    die(f"event rates while the hook preserves: {ev['preserve']['per_s']}, {ev['unpreserve']['per_s']}")
if last["kho_boot"] or last["blackout"] is not None:
    die("a cold boot shown as a KHO boot")
t2 = [json.loads(l) for l in open(f"{d}/top2.json")][-1]
tm, ins = kv("timing2"), kv("instats2")
if not t2["kho_boot"] or t2["previous_release"] is None or t2["kexec_count"] != 1:
    die(f"stage 2 header: kho_boot {t2['kho_boot']}, previous {t2['previous_release']}, count {t2['kexec_count']}")
if t2["incoming"]["bytes"] != int(ins["bytes"]) or t2["incoming"]["unclaimed"] != int(ins["unclaimed_bytes"]):
    die(f"incoming: {t2['incoming']} vs kho/in/stats")
b = t2["blackout"]
if b["blackout_ns"] != int(tm["blackout_ns"]) or b["kexec_to_user_ns"] != int(tm["kexec_to_user_ns"]):
    die(f"blackout {b['blackout_ns']} vs kho/in/timing {tm['blackout_ns']}")
for p in b["phases"]:
    if str(p["ns"]) != tm[p["name"]]:
        die(f"phase {p['name']}: {p['ns']} vs {tm[p['name']]}")
names = [p["name"] for p in b["phases"]]
for want in ("kexec_load", "kernel_kexec", "machine_kexec", "setup_arch", "first_exec"):
    if want not in names:
        die(f"phase {want} missing from khotop")
PY
}
