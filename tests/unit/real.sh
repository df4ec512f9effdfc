#!/bin/bash
# khodump on the real captures from VMs (tests/fixtures/7.2, later 6.12).
# Expected values come from the capture's own dmesg and from fdtget/dtc on
# the raw bytes, never from our decoders.  Env: TOP, KHODUMP, WORK.
set -u
. "$TOP/tests/unit/lib.sh"
K=$KHODUMP
W=$WORK/real
J="python3 $TOP/tests/unit/jcheck.py"
mkdir -p "$W"
run() { "$K" "$@" >"$W/out" 2>"$W/err"; RC=$?; }
lines() { wc -l <"$1" | tr -d ' '; }
# le64 FDT NODE PROP: the property's 8 bytes (fdtget) as a little-endian number
le64() {
	local b v=0 i
	read -ra b < <(fdtget -t bx "$1" "$2" "$3") || return 1
	[ ${#b[@]} = 8 ] || [ ${#b[@]} = 4 ] || return 1
	for ((i = ${#b[@]} - 1; i >= 0; i--)); do v=$((v * 256 + 16#${b[i]})); done
	echo "$v"
}

# region LABEL DMESG: "start size" from the guest module's own log line
region() {
	grep -h -o "label=$1 start=0x[0-9a-f]* size=0x[0-9a-f]*" "$2" | head -1 |
		sed -E 's/.*start=(0x[0-9a-f]+) size=(0x[0-9a-f]+)/\1 \2/'
}
# exec_from DMESG: "release count" from the new kernel's KHO log line
exec_from() {
	grep -h -o 'KHO: exec from: [^ ]* (count [0-9]*)' "$1" | sed -E 's/.*from: ([^ ]+) \(count ([0-9]+)\)/\1 \2/'
}
# dts_roundtrip TAG BASE FILE...: khodump --dts | dtc gives back the same tree
dts_roundtrip() {
	local tag=$1 base=$2 f
	shift 2
	for f in "$@"; do
		if "$K" --dts "$f" >"$W/rt.dts" 2>/dev/null && dtc -q -I dts -O dtb -o "$W/rt.dtb" "$W/rt.dts" &&
		   cmp -s <(dtc -q -I dtb -O dts "$f") <(dtc -q -I dtb -O dts "$W/rt.dtb"); then
			pass "$tag dts round trip ${f#"$base"/}"
		else
			fail "$tag dts round trip ${f#"$base"/}" "dtc output differs"
		fi
	done
}

F=$TOP/tests/fixtures/7.2
if [ ! -d "$F" ]; then
	skip real-7.2 "no captures under tests/fixtures/7.2 yet"
else
	read -r rstart rsize < <(region khotest "$F/cold/dmesg.txt")
	read -r rel cnt < <(exec_from "$F/kexec1/dmesg.txt")
	map=$(le64 "$F/kexec1/in/fdt" / preserved-memory-map)
	[ -n "$rstart" ] && [ -n "$rel" ] && [ -n "$map" ] && pass "7.2: oracle values found" ||
		fail "7.2: oracle values" "start=$rstart rel=$rel map=$map"

	run -j "$F/cold/out"
	[ $RC = 0 ] && $J "$W/out" \
		'j["root"]["compatible"] == "kho-v4" and j["root"]["abi_version"] == 4' \
		"j['root']['preserved_memory_map'] == $map" \
		'j["root"]["fdt"]["truncated"] and j["root"]["fdt"]["totalsize"] == 353 and j["root"]["fdt"]["bytes_available"] == 233' \
		"sub('memblock')['blob']['regions'][0]['name'] == 'khotest'" \
		"sub('memblock')['blob']['regions'][0]['start'] == $rstart" \
		"sub('memblock')['blob']['regions'][0]['size'] == $rsize" \
		"[b for b in j['unreferenced_blobs'] if b['name'] == 'kexec-metadata'][0]['previous_release'] == '$rel'" \
		"[b for b in j['unreferenced_blobs'] if b['name'] == 'kexec-metadata'][0]['kexec_count'] == $cnt" \
		'sub("kho_test")["blob"]["magic"] == 0x4b484f21' \
		'len(j["scratch"]) == 3 and j["scratch"][0]["addr"] == 0x37800000 and j["scratch"][0]["size"] == 100 << 20' \
		>"$W/why" && pass "7.2 cold/out (truncated) decodes" || fail "7.2 cold/out" "rc=$RC $(cat "$W/why")"
	grep -q 'truncated' "$W/err" && [ "$(wc -l <"$W/err")" = 1 ] && pass "7.2 cold/out truncation warned" ||
		fail "7.2 truncation warning" "$(cat "$W/err")"

	run -j "$F/kexec1/in"
	[ $RC = 0 ] && $J "$W/out" \
		"j['root']['preserved_memory_map'] == $map and not j['root']['fdt']['truncated']" \
		"sub('kexec-metadata')['blob']['previous_release'] == '$rel'" \
		"sub('kexec-metadata')['blob']['kexec_count'] == $cnt" \
		"sub('kexec-metadata')['address'] == $(le64 "$F/kexec1/in/fdt" /kexec-metadata preserved-data)" \
		"sub('memblock')['blob']['regions'][0]['start'] == $rstart" \
		"sub('memblock')['blob_size'] == $(stat -c %s "$F/kexec1/in/sub_fdts/memblock")" \
		"sub('kho_test')['blob']['nr_folios'] == $(le64 "$F/kexec1/in/sub_fdts/kho_test" /data nr_folios 2>/dev/null || echo 23)" \
		'j["scratch"] is None' \
		>"$W/why" && pass "7.2 kexec1/in decodes" || fail "7.2 kexec1/in" "rc=$RC $(cat "$W/why")"

	run -j "$F/kexec1/out"
	[ $RC = 0 ] && $J "$W/out" 'j["root"] is None and j["input"]["has_fdt"] is False' \
		"[b for b in j['unreferenced_blobs'] if b['name'] == 'kexec-metadata'][0]['kexec_count'] == $((cnt + 1))" \
		>"$W/why" && pass "7.2 kexec1/out (no fdt) decodes" || fail "7.2 kexec1/out" "rc=$RC $(cat "$W/why")"

	run --check "$F/kexec1/in"; [ $RC = 0 ] && pass "7.2 check kexec1/in" || fail "7.2 check in" "$(cat "$W/out")"
	run --check "$F/kexec1/out"; [ $RC = 0 ] && pass "7.2 check kexec1/out" || fail "7.2 check out" "$(cat "$W/out")"
	run --check -j "$F/cold/out"
	[ $RC = 1 ] && $J "$W/out" 'j["problems"] == 1' \
		'"truncated" in [d for d in j["diagnostics"] if d["severity"] == "problem"][0]["message"]' \
		>"$W/why" && pass "7.2 check cold/out: only the truncation" || fail "7.2 check cold" "rc=$RC $(cat "$W/why")"
	run --diff "$F/cold/out" "$F/kexec1/in"
	[ $RC = 0 ] && pass "7.2 diff cold/out -> kexec1/in: nothing lost" || fail "7.2 diff" "rc=$RC $(cat "$W/out")"
	run --diff -j "$F/cold/out" "$F/kexec1/out"	# the next handover: count 1 -> 2
	[ $RC = 1 ] && $J "$W/out" \
		'sorted((c["type"], c["name"]) for c in j["changes"]) == [("subtree-changed", "kexec-metadata"), ("subtree-missing", "kho_test")]' \
		"[c for c in j['changes'] if c['name'] == 'kexec-metadata'][0]['detail'] == 'kexec-metadata: $rel count $cnt -> $rel count $((cnt + 1))'" >/dev/null &&
		pass "7.2 diff cold/out -> kexec1/out: metadata changed" || fail "7.2 diff out/out" "rc=$RC"

	# the default text output shows the same decoded values, oracle-checked
	rend=$(printf '0x%x' $((rstart + rsize)))
	rsz="$((rsize >> 20)) MiB"; [ $((rsize & 0xfffff)) = 0 ] || rsz=
	stot=0; while read -r l; do stot=$((stot + l)); done <"$F/cold/out/scratch_len"
	run "$F/kexec1/in"
	[ $RC = 0 ] && [ ! -s "$W/err" ] && [ -n "$rsz" ] &&
		[ "$(head -1 "$W/out")" = "$F/kexec1/in: directory, kho-v4 (KHO ABI 4), root FDT $(stat -c %s "$F/kexec1/in/fdt") B, 3 sub-blobs" ] &&
		grep -Eq "^  preserved-memory-map +$(printf '0x%x' "$map") " "$W/out" &&
		grep -Eq "^  memblock +$(printf '0x%x' "$(le64 "$F/kexec1/in/fdt" /memblock preserved-data)") +$(stat -c %s "$F/kexec1/in/sub_fdts/memblock") B  memblock-v1 FDT, 1 reserve_mem region$" "$W/out" &&
		grep -Eq "^      khotest +$(printf '0x%x' "$rstart")\.\.$rend +$rsz$" "$W/out" &&
		grep -q "^      version 1, previous release $rel, kexec count $cnt$" "$W/out" &&
		grep -Eq '^      magic 0x4b484f21 \(ok\), nr_folios [0-9]+, csum 0x' "$W/out" &&
		[ "$(tail -1 "$W/out")" = "scratch: none in this capture (no scratch_phys/scratch_len)" ] \
		&& pass "7.2 text kexec1/in: decoded values" || fail "7.2 text kexec1/in" "rc=$RC $(cat "$W/out")"
	run "$F/cold/out"
	[ $RC = 0 ] && [ ! -s "$W/err" ] &&
		head -1 "$W/out" | grep -q ": directory, kho-v4 (KHO ABI 4), root FDT $(stat -c %s "$F/cold/out/fdt") of 353 B: TRUNCATED, 3 sub-blobs$" &&
		grep -Eq "^      khotest +$(printf '0x%x' "$rstart")\.\.$rend +$rsz$" "$W/out" &&
		grep -Eq '^  \(name lost\) +- +- +node cut off by the truncation$' "$W/out" &&
		grep -q '^sub_fdts not named in the truncated root FDT:$' "$W/out" &&
		grep -q "^      version 1, previous release $rel, kexec count $cnt$" "$W/out" &&
		grep -Eq '^  \[0\] lowmem +0x37800000\.\.0x3dc00000 +100 MiB$' "$W/out" &&
		grep -Eq '^  \[1\] global +0x3f400000\.\.0x3f400000 +0 B  empty$' "$W/out" &&
		grep -Eq '^  \[2\] node 0 +0x32000000\.\.0x37800000 +88 MiB$' "$W/out" &&
		grep -Eq "^ +total +$((stot >> 20)) MiB$" "$W/out" &&
		[ "$(grep -c '^warning: ' "$W/out")" = 1 ] && tail -1 "$W/out" | grep -q '^warning: fdt is truncated' \
		&& pass "7.2 text cold/out: regions, lost node, scratch roles and total ($((stot >> 20)) MiB)" ||
		fail "7.2 text cold/out" "rc=$RC $(cat "$W/out")"
	run "$F/kexec1/out"
	[ $RC = 0 ] && grep -q '^sub_fdts (no root FDT names them):$' "$W/out" &&
		grep -q "^      version 1, previous release $rel, kexec count $((cnt + 1))$" "$W/out" \
		&& pass "7.2 text kexec1/out (no fdt)" || fail "7.2 text kexec1/out" "rc=$RC"
	run --check "$F/cold/out"
	[ $RC = 1 ] && [ "$(grep -c '^problem: ' "$W/out")" = 1 ] && grep -q '^problem: root FDT: truncated' "$W/out" &&
		[ "$(tail -1 "$W/out")" = "check: FAILED (1 problem, 1 warning)" ] \
		&& pass "7.2 check text cold/out: one problem, verdict last" || fail "7.2 check text" "$(cat "$W/out")"
	run --diff "$F/cold/out" "$F/kexec1/out"
	[ $RC = 1 ] && [ "$(lines "$W/out")" = 5 ] &&
		grep -Eq '^- subtree +kho_test +missing$' "$W/out" &&
		grep -Eq "^~ subtree +kexec-metadata +changed  kexec-metadata: $rel count $cnt -> $rel count $((cnt + 1))$" "$W/out" &&
		[ "$(tail -1 "$W/out")" = "diff: 2 differences" ] \
		&& pass "7.2 diff text cold/out -> kexec1/out" || fail "7.2 diff text" "rc=$RC $(cat "$W/out")"

	# dts round trip on every FDT of the capture
	dts_roundtrip 7.2 "$F" "$F"/kexec1/in/fdt "$F"/*/*/sub_fdts/memblock "$F"/*/*/sub_fdts/kho_test
	# the truncated root: the decoded part survives, and matches the full blob
	"$K" --dts "$F/cold/out/fdt" >"$W/rt.dts" 2>/dev/null && dtc -q -I dts -O dtb -o "$W/rt.dtb" "$W/rt.dts" &&
	cmp -s <(fdtget -t bx "$W/rt.dtb" /memblock preserved-data) \
	       <(fdtget -t bx "$F/kexec1/in/fdt" /memblock preserved-data) &&
	cmp -s <(fdtget -t bx "$W/rt.dtb" / preserved-memory-map) \
	       <(fdtget -t bx "$F/kexec1/in/fdt" / preserved-memory-map) &&
		pass "7.2 dts round trip cold/out/fdt (truncated part)" || fail "7.2 dts truncated" "differs"
fi
F=$TOP/tests/fixtures/6.12
if [ -d "$F" ]; then
	for d in "$F"/*/*/; do
		[ -e "$d/fdt" ] || [ -d "$d/sub_fdts" ] || continue
		run "$d"; [ $RC = 0 ] && pass "6.12 decodes ${d#"$TOP"/}" || fail "6.12 ${d#"$TOP"/}" "rc=$RC $(cat "$W/err")"
	done
	# Oracle values: the guest module's fill line and each new kernel's
	# "exec from" line (tests/fixtures/README.md, 6.12 round trip).
	read -r rstart rsize < <(region vmmem "$F/hop0-612/dmesg.txt")
	read -r rel1 cnt1 < <(exec_from "$F/hop1-72/dmesg.txt")
	read -r rel2 cnt2 < <(exec_from "$F/hop2-612/dmesg.txt")
	map=$(le64 "$F/hop0-612/out/fdt" / preserved-memory-map)
	[ -n "$rstart" ] && [ -n "$rel1" ] && [ -n "$rel2" ] && [ -n "$map" ] && pass "6.12: oracle values found" ||
		fail "6.12: oracle values" "start=$rstart rel1=$rel1 rel2=$rel2 map=$map"

	# our 6.12's kho/out/fdt is complete (7.2.13's is not) and passes --check
	run -j "$F/hop0-612/out"
	[ $RC = 0 ] && $J "$W/out" \
		'j["root"]["compatible"] == "kho-v4" and not j["root"]["fdt"]["truncated"]' \
		"j['root']['preserved_memory_map'] == $map" \
		"sub('memblock')['blob']['regions'][0]['name'] == 'vmmem'" \
		"sub('memblock')['blob']['regions'][0]['start'] == $rstart" \
		"sub('memblock')['blob']['regions'][0]['size'] == $rsize" \
		"sub('kexec-metadata')['blob']['previous_release'] == '$rel1'" \
		"sub('kexec-metadata')['blob']['kexec_count'] == $cnt1" \
		"sub('kexec-metadata')['address'] == $(le64 "$F/hop0-612/out/fdt" /kexec-metadata preserved-data)" \
		'sub("kho_test")["blob"]["magic"] == 0x4b484f21' \
		>"$W/why" && pass "6.12 hop0 out decodes (oracle-checked)" || fail "6.12 hop0 out" "rc=$RC $(cat "$W/why")"
	for d in hop0-612/out hop1-72/in hop2-612/in hop2-612/out; do
		run --check "$F/$d"
		[ $RC = 0 ] && pass "6.12 --check $d" || fail "6.12 --check $d" "rc=$RC $(tail -3 "$W/out")"
	done
	# what 6.12 handed over is what 7.2 received
	run --diff "$F/hop0-612/out" "$F/hop1-72/in"
	[ $RC = 0 ] && [ "$(tail -1 "$W/out")" = "diff: 0 differences" ] && pass "6.12 -> 7.2: out == in" ||
		fail "6.12 -> 7.2 diff" "rc=$RC $(cat "$W/out")"
	# and 7.2 handed back what 6.12 decodes: release and count from 6.12's own log
	run -j "$F/hop2-612/in"
	[ $RC = 0 ] && $J "$W/out" \
		"sub('kexec-metadata')['blob']['previous_release'] == '$rel2'" \
		"sub('kexec-metadata')['blob']['kexec_count'] == $cnt2" \
		"sub('memblock')['blob']['regions'][0]['start'] == $rstart" \
		>"$W/why" && pass "6.12 hop2 in (from 7.2) decodes (oracle-checked)" || fail "6.12 hop2 in" "rc=$RC $(cat "$W/why")"
	dts_roundtrip 6.12 "$F" "$F"/hop0-612/out/fdt "$F"/hop2-612/in/fdt "$F"/*/*/sub_fdts/memblock
else
	skip real-6.12 "no captures under tests/fixtures/6.12 yet (our 6.12 port does not exist yet)"
fi
summary real
[ $T_FAIL = 0 ]
