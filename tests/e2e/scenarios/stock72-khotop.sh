# stock72-khotop: khotop on stock 7.2, which has no kho/scratch, stats or
# timing files and no kho:* tracepoints, 7.2 -> 7.2.
#   stage 1 (cold): `khotop -b -j -n 2` while luo_memfd preserves a memfd
#     through LUO: scratch areas from scratch_phys/scratch_len (usage null),
#     subtrees from the FDT, preserved/incoming/blackout null, events by
#     fentry with the memfd's preserves counted; -b and the exit status
#     show no crash.
#   stage 2 (KHO boot): previous release and kexec count from the
#     kexec-metadata subtree, blackout still null (7.2 does not stamp).
E2E_DESC="stock 7.2: khotop debugfs-only fields filled, unavailable ones null, fentry events, no crash"
E2E_KERNELS="7.2"
E2E_MEM=1G
E2E_CMDLINE="kho=on liveupdate=on"
E2E_TIMEOUT=420

stage_1() {
	khotop -b -j -n 3 -d 1 >/tmp/top1.json 2>/tmp/top.err &
	top=$!
	i=0	# its first sample: BPF is attached
	until [ -s /tmp/top1.json ]; do
		kill -0 $top 2>/dev/null || fail "khotop exited: $(cat /tmp/top.err)"
		i=$((i + 1)); [ $i -lt 600 ] || fail "khotop printed nothing in 60 s"
		sleep 0.1
	done
	luo_memfd preserve vm0 7 131072 0x1234 >/tmp/luo.out 2>&1 &
	wait $top || fail "khotop -b -j: exit $?, $(cat /tmp/top.err)"
	grep -q 'luo_memfd: preserved' /tmp/luo.out || fail "luo_memfd: $(cat /tmp/luo.out)"
	khotop -b -n 1 >/tmp/screen1.txt 2>&1 || fail "khotop -b: $(cat /tmp/screen1.txt)"
	cp /sys/kernel/debug/kho/out/scratch_len /tmp/scratch_len
	export_file top1.json /tmp/top1.json
	export_file scratch_len /tmp/scratch_len
	export_file screen1.txt /tmp/screen1.txt
	kexec_next 7.2
}

stage_2() {
	expect_dmesg 'KHO: found kexec handover data'
	khotop -b -j -n 1 >/tmp/top2.json 2>/tmp/top.err || fail "khotop -b -j: $(cat /tmp/top.err)"
	export_file top2.json /tmp/top2.json
	pass
}

host_check() {
	python3 - "$(dirname "$1")/files" <<'PY'
import json, sys
d = sys.argv[1]
def die(msg):
    print(msg)
    sys.exit(1)
top = [json.loads(l) for l in open(f"{d}/top1.json")]
t = top[-1]
sizes = [int(x, 16) for x in open(f"{d}/scratch_len").read().split()]
if [a["size"] for a in t["scratch"]["areas"]] != sizes:
    die(f"scratch sizes {[a['size'] for a in t['scratch']['areas']]} vs scratch_len {sizes}")
if t["scratch"]["usage_available"] or any(a["in_use"] is not None for a in t["scratch"]["areas"]):
    die("stock 7.2 has no scratch usage, khotop shows one")
for k in ("preserved", "incoming", "blackout"):
    if t[k] is not None:
        die(f"{k} is not null on stock 7.2: {t[k]}")
if not any(s["name"] == "kexec-metadata" for s in t["subtrees"]):
    die(f"subtrees: {t['subtrees']}")
ev = t["events"]
if not ev or ev["method"] != "fentry":
    die(f"events: {ev} ({t.get('events_why')})")
if ev["preserve"]["count"] < 32:
    die(f"{ev['preserve']['count']} preserve events for a 128 KiB memfd")
t2 = json.loads(open(f"{d}/top2.json").read())
if not t2["kho_boot"] or not str(t2["previous_release"]).startswith("7.2") or t2["kexec_count"] != 1:
    die(f"stage 2: {t2['kho_boot']} {t2['previous_release']} {t2['kexec_count']}")
if t2["blackout"] is not None or t2["incoming"] is not None:
    die("stock 7.2 claims a blackout or incoming stats")
PY
}
