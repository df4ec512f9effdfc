#!/bin/bash
# khodump on the real captures from VMs (tests/fixtures/7.2, later 6.12).
# Expected values come from the capture's own dmesg and from fdtget/dtc on
# the raw bytes, never from our decoders, and never from a default: an
# oracle that finds nothing is a FAIL.  Env: TOP, KHODUMP, WORK;
# REAL_72, REAL_612 (other capture directories, for the twin at the end).
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
# oracles TAG VAR...: every VAR got a value from the capture; else one FAIL
# naming the empty ones (the checks using them fail on their own as well)
oracles() {
	local tag=$1 v missing=""
	shift
	for v in "$@"; do [ -n "${!v}" ] || missing="$missing $v"; done
	[ -z "$missing" ] && pass "$tag: oracle values found" ||
		fail "$tag: oracle values" "none in the capture for:$missing"
}
# be32 FILE OFFSET: the big-endian u32 at OFFSET (an FDT header field)
be32() { od -An -tu1 -j "$2" -N 4 "$1" | awk 'NF == 4 { print (($1 * 256 + $2) * 256 + $3) * 256 + $4 }'; }
# nth N FILE: line N of FILE (scratch_phys, scratch_len)
nth() { sed -n "$1p" "$2"; }
# scratch_re DIR I ROLE: the ERE of scratch area I's text line, its address
# and size from DIR's scratch_phys and scratch_len; nothing when absent
scratch_re() {
	local a l
	a=$(nth $(($2 + 1)) "$1/scratch_phys") l=$(nth $(($2 + 1)) "$1/scratch_len")
	[ -n "$a" ] && [ -n "$l" ] || return 1
	if [ $((l)) = 0 ]; then
		printf '^  \\[%d\\] %s +0x%x\\.\\.0x%x +0 B  empty$' "$2" "$3" $((a)) $((a))
	elif [ $((l & 0xfffff)) = 0 ]; then
		printf '^  \\[%d\\] %s +0x%x\\.\\.0x%x +%d MiB$' "$2" "$3" $((a)) $((a + l)) $((l >> 20))
	fi
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

F=${REAL_72:-$TOP/tests/fixtures/7.2}
if [ ! -d "$F" ]; then
	skip real-7.2 "no captures under tests/fixtures/7.2 yet"
else
	read -r rstart rsize < <(region khotest "$F/cold/dmesg.txt")
	read -r rel cnt < <(exec_from "$F/kexec1/dmesg.txt")
	map=$(le64 "$F/kexec1/in/fdt" / preserved-memory-map)
	nfolios=$(le64 "$F/kexec1/in/sub_fdts/kho_test" /data nr_folios)
	kmaddr=$(le64 "$F/kexec1/in/fdt" /kexec-metadata preserved-data)
	mbaddr=$(le64 "$F/kexec1/in/fdt" /memblock preserved-data)
	ftotal=$(be32 "$F/cold/out/fdt" 4)	# the header's totalsize
	fhave=$(stat -c %s "$F/cold/out/fdt")
	nscratch=$(grep -c . "$F/cold/out/scratch_phys")
	s0addr=$(nth 1 "$F/cold/out/scratch_phys") s0size=$(nth 1 "$F/cold/out/scratch_len")
	sre0=$(scratch_re "$F/cold/out" 0 lowmem) sre1=$(scratch_re "$F/cold/out" 1 global)
	sre2=$(scratch_re "$F/cold/out" 2 'node 0')
	oracles 7.2 rstart rsize rel cnt map nfolios kmaddr mbaddr ftotal fhave s0addr s0size sre0 sre1 sre2

	run -j "$F/cold/out"
	[ $RC = 0 ] && $J "$W/out" \
		'j["root"]["compatible"] == "kho-v4" and j["root"]["abi_version"] == 4' \
		"j['root']['preserved_memory_map'] == $map" \
		"j['root']['fdt']['truncated'] and j['root']['fdt']['totalsize'] == $ftotal and j['root']['fdt']['bytes_available'] == $fhave and $fhave < $ftotal" \
		"sub('memblock')['blob']['regions'][0]['name'] == 'khotest'" \
		"sub('memblock')['blob']['regions'][0]['start'] == $rstart" \
		"sub('memblock')['blob']['regions'][0]['size'] == $rsize" \
		"[b for b in j['unreferenced_blobs'] if b['name'] == 'kexec-metadata'][0]['previous_release'] == '$rel'" \
		"[b for b in j['unreferenced_blobs'] if b['name'] == 'kexec-metadata'][0]['kexec_count'] == $cnt" \
		'sub("kho_test")["blob"]["magic"] == 0x4b484f21' \
		"len(j['scratch']) == $nscratch and j['scratch'][0]['addr'] == $s0addr and j['scratch'][0]['size'] == $s0size" \
		>"$W/why" && pass "7.2 cold/out (truncated) decodes" || fail "7.2 cold/out" "rc=$RC $(cat "$W/why")"
	grep -q 'truncated' "$W/err" && [ "$(wc -l <"$W/err")" = 1 ] && pass "7.2 cold/out truncation warned" ||
		fail "7.2 truncation warning" "$(cat "$W/err")"

	run -j "$F/kexec1/in"
	[ $RC = 0 ] && $J "$W/out" \
		"j['root']['preserved_memory_map'] == $map and not j['root']['fdt']['truncated']" \
		"sub('kexec-metadata')['blob']['previous_release'] == '$rel'" \
		"sub('kexec-metadata')['blob']['kexec_count'] == $cnt" \
		"sub('kexec-metadata')['address'] == $kmaddr" \
		"sub('memblock')['blob']['regions'][0]['start'] == $rstart" \
		"sub('memblock')['blob_size'] == $(stat -c %s "$F/kexec1/in/sub_fdts/memblock")" \
		"sub('kho_test')['blob']['nr_folios'] == $nfolios" \
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
		grep -Eq "^  memblock +$(printf '0x%x' "$mbaddr") +$(stat -c %s "$F/kexec1/in/sub_fdts/memblock") B  memblock-v1 FDT, 1 reserve_mem region$" "$W/out" &&
		grep -Eq "^      khotest +$(printf '0x%x' "$rstart")\.\.$rend +$rsz$" "$W/out" &&
		grep -q "^      version 1, previous release $rel, kexec count $cnt$" "$W/out" &&
		grep -Eq '^      magic 0x4b484f21 \(ok\), nr_folios [0-9]+, csum 0x' "$W/out" &&
		[ "$(tail -1 "$W/out")" = "scratch: none in this capture (no scratch_phys/scratch_len)" ] \
		&& pass "7.2 text kexec1/in: decoded values" || fail "7.2 text kexec1/in" "rc=$RC $(cat "$W/out")"
	run "$F/cold/out"
	[ $RC = 0 ] && [ ! -s "$W/err" ] &&
		head -1 "$W/out" | grep -q ": directory, kho-v4 (KHO ABI 4), root FDT $fhave of $ftotal B: TRUNCATED, 3 sub-blobs$" &&
		grep -Eq "^      khotest +$(printf '0x%x' "$rstart")\.\.$rend +$rsz$" "$W/out" &&
		grep -Eq '^  \(name lost\) +- +- +node cut off by the truncation$' "$W/out" &&
		grep -q '^sub_fdts not named in the truncated root FDT:$' "$W/out" &&
		grep -q "^      version 1, previous release $rel, kexec count $cnt$" "$W/out" &&
		[ -n "$sre0" ] && [ -n "$sre1" ] && [ -n "$sre2" ] &&
		grep -Eq "$sre0" "$W/out" && grep -Eq "$sre1" "$W/out" && grep -Eq "$sre2" "$W/out" &&
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
F=${REAL_612:-$TOP/tests/fixtures/6.12}
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
	kmaddr=$(le64 "$F/hop0-612/out/fdt" /kexec-metadata preserved-data)
	oracles 6.12 rstart rsize rel1 cnt1 rel2 cnt2 map kmaddr

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
		"sub('kexec-metadata')['address'] == $kmaddr" \
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

	# --- stats-hop1: kho/{in,out}/stats, timing and kho/scratch of a 6.12 ->
	# 6.12 KHO boot.  Oracle: the files themselves, read with awk.
	S=$F/stats-hop1
	kv() { awk -v k="$2" '$1 == k { print $2 }' "$1"; }
	# phase lines of a timing file: every key but the header and totals
	phases() { awk '$1 !~ /^(format|clock|clock_khz|previous_stamps|blackout_ns|kexec_to_user_ns)$/ { print $1 }' "$1"; }
	[ "$(kv "$S/in/stats" bytes)" = 12611584 ] && [ "$(kv "$S/in/stats" unclaimed_bytes)" = 0 ] &&
		[ "$(kv "$S/in/timing" blackout_ns)" = 3425451162 ] && [ "$(kv "$S/scratch" total_size)" = 432013312 ] &&
		pass "6.12 stats-hop1: oracle values in the files" || fail "6.12 stats-hop1 oracle" "files changed?"
	sum_orders() { awk -v s="_$2\$" '$1 ~ /^order_[0-9]+_/ && $1 ~ s { t += $2 } END { print t + 0 }' "$1"; }
	run -j "$S/in"
	[ $RC = 0 ] && [ ! -s "$W/err" ] && $J "$W/out" \
		'j["stats"]["side"] == "in" and j["stats"]["bytes"] == 12611584 and j["stats"]["unclaimed_bytes"] == 0' \
		"j['stats']['blocks'] == $(kv "$S/in/stats" blocks)" \
		"j['stats']['restored_bytes'] == $(kv "$S/in/stats" restored_bytes) and j['stats']['claimed_bytes'] == $(kv "$S/in/stats" claimed_bytes)" \
		"sum(o['bytes'] for o in j['stats']['orders']) == $(sum_orders "$S/in/stats" bytes)" \
		"sum(o['blocks'] for o in j['stats']['orders']) == $(sum_orders "$S/in/stats" blocks)" \
		"[o['order'] for o in j['stats']['orders']] == [0, 1, 2, 3, 4, 5, 6, 7, 8, 10]" \
		'j["stats"]["subtrees"] == 3 and j["stats"]["subtrees_retrieved"] == 3 and j["stats"]["other"] == {}' \
		'j["timing"]["format"] == 1 and j["timing"]["clock"] == "tsc" and j["timing"]["previous_stamps"] == 1' \
		"j['timing']['clock_khz'] == $(kv "$S/in/timing" clock_khz)" \
		"[p['name'] for p in j['timing']['phases']] == '$(phases "$S/in/timing" | tr '\n' ' ')'.split()" \
		"[p['ns'] for p in j['timing']['phases']] == [$(phases "$S/in/timing" | while read -r p; do printf '%s,' "$(kv "$S/in/timing" "$p")"; done)]" \
		'all(p["known"] for p in j["timing"]["phases"])' \
		'j["timing"]["blackout_ns"] == 3425451162' \
		"j['timing']['kexec_to_user_ns'] == $(kv "$S/in/timing" kexec_to_user_ns)" \
		'j["scratch_usage"]["file"] == "../scratch" and j["scratch_usage"]["total_size"] == 432013312' \
		"[(a['index'], a['role'], a['addr'], a['size']) for a in j['scratch_usage']['areas']] == [$(for i in 0 1 2; do printf "(%d, '%s', %d, %d)," $i "$(kv "$S/scratch" area${i}_role)" "$(kv "$S/scratch" area${i}_addr)" "$(kv "$S/scratch" area${i}_size)"; done)]" \
		"j['scratch_usage']['total_boot_used'] == $(kv "$S/scratch" total_boot_used) and j['scratch_usage']['total_in_use'] == $(kv "$S/scratch" total_in_use)" \
		'j["scratch"] is None and j["diagnostics"] == []' \
		>"$W/why" && pass "6.12 stats-hop1 in: stats, timing, scratch usage in JSON" ||
		fail "6.12 stats-hop1 in json" "rc=$RC $(cat "$W/why" "$W/err")"
	# out/: its scratch_phys/scratch_len are the same areas as ../scratch
	phys=$(tr '\n' ',' <"$S/out/scratch_phys") len=$(tr '\n' ',' <"$S/out/scratch_len")
	run -j "$S/out"
	[ $RC = 0 ] && [ ! -s "$W/err" ] && $J "$W/out" \
		'j["stats"]["side"] == "out" and j["stats"]["preserved_bytes"] == 12611584' \
		"j['stats']['preserved_pages'] == $(kv "$S/out/stats" preserved_pages) and j['stats']['tree_pages'] == $(kv "$S/out/stats" tree_pages)" \
		'j["stats"]["finalized"] == 0 and j["stats"]["sealed"] == 0 and j["stats"]["preserve_calls"] == 34' \
		"j['timing']['phases'] == [] and j['timing']['clock_khz'] == $(kv "$S/out/timing" clock_khz) and j['timing']['previous_stamps'] is None" \
		'j["timing"]["blackout_ns"] is None' \
		"[a['addr'] for a in j['scratch_usage']['areas']] == [$phys]" \
		"[a['size'] for a in j['scratch_usage']['areas']] == [$len]" \
		"[s['addr'] for s in j['scratch']] == [$phys]" \
		'"stats" not in j["input"].get("other_files", "") and j["diagnostics"] == []' \
		>"$W/why" && pass "6.12 stats-hop1 out: stats, timing header, scratch usage == scratch_phys/len" ||
		fail "6.12 stats-hop1 out json" "rc=$RC $(cat "$W/why" "$W/err")"
	run "$S/in"
	[ $RC = 0 ] && [ ! -s "$W/err" ] && ! grep -q '^warning: ' "$W/out" &&
		grep -qx 'stats (in): 34 blocks, 12611584 B (12.03 MiB) came in' "$W/out" &&
		grep -qx '  restored 8413184 B (8.02 MiB), claimed 4198400 B (4.00 MiB), unclaimed 0 B' "$W/out" &&
		grep -qx '  subtrees 3: 3 retrieved, 0 not retrieved' "$W/out" &&
		grep -Eq '^ +10 +1 +4 MiB$' "$W/out" &&
		grep -qx "timing (in): clock tsc $(kv "$S/in/timing" clock_khz) kHz, from kernel_kexec in the previous kernel" "$W/out" &&
		grep -Eqx '  machine_kexec +\+22\.0 ms' "$W/out" && grep -Eqx '  kexec_load +-65\.9 ms' "$W/out" &&
		grep -qx '  blackout 3425.5 ms (machine_kexec -> first_exec)' "$W/out" &&
		grep -qx '  kexec to user space 3447.5 ms (kernel_kexec -> first_exec)' "$W/out" &&
		[ "$(sed -n '/^timing (in)/,/^  blackout/p' "$W/out" | sed '1d;$d' | awk '{ print $1 }')" = "$(phases "$S/in/timing")" ] &&
		grep -q '^scratch usage (../scratch): 3 areas' "$W/out" &&
		grep -Eqx '  \[0\] +lowmem +0 +0x37c00000\.\.0x3e000000 +100 MiB +inherited +26\.64 MiB +26\.6% +24\.29 MiB +24\.3% +75\.71 MiB' "$W/out" &&
		grep -Eqx "  +total +$((432013312 >> 20)) MiB +44\.69 MiB +10\.8% +42\.34 MiB +10\.3% +369\.66 MiB" "$W/out" \
		&& pass "6.12 stats-hop1 in: text sections, phases in file order, blackout" ||
		fail "6.12 stats-hop1 in text" "rc=$RC $(sed -n '/^scratch usage/,$p' "$W/out")"
	run "$S/out"
	[ $RC = 0 ] && grep -qx 'stats (out): 34 blocks, 12611584 B (12.03 MiB) preserved, 3079 pages' "$W/out" &&
		grep -qx '  radix tree 44 pages, 3 subtrees, not finalized, not sealed' "$W/out" &&
		grep -qx '  preserve calls 34 (0 failed), unpreserve calls 0 (0 failed)' "$W/out" &&
		grep -qx "timing (out): clock tsc $(kv "$S/out/timing" clock_khz) kHz, no phase stamped yet" "$W/out" &&
		! grep -q '^warning: ' "$W/out" && pass "6.12 stats-hop1 out: text" || fail "6.12 stats-hop1 out text" "rc=$RC"
	for d in in out; do
		run --check "$S/$d"
		[ $RC = 0 ] && [ "$(tail -1 "$W/out")" = "check: ok (0 problems, 0 warnings)" ] &&
			pass "6.12 --check stats-hop1/$d" || fail "6.12 --check stats-hop1/$d" "rc=$RC $(cat "$W/out")"
	done
	# twins: the same capture, one number or line broken at a time
	B=$W/broken
	broken() { # broken FILE SED-EXPR: a fresh copy with FILE (relative) edited
		rm -rf "$B" && cp -r "$S" "$B" && sed -i "$2" "$B/$1"
	}
	# check_twin NAME DIR MESSAGE: a dump warns, --check fails, JSON lists it
	check_twin() {
		local ok=1
		run "$B/$2"; [ $RC = 0 ] && grep -qF -- "warning: $3" "$W/out" || ok=0
		run --check "$B/$2"; [ $RC = 1 ] && grep -qF -- "problem: $3" "$W/out" || ok=0
		run -j "$B/$2"; [ $RC = 0 ] && grep -qF -- "khodump: warning: $3" "$W/err" || ok=0
		[ $ok = 1 ] && pass "6.12 stats twin: $1" || fail "6.12 stats twin: $1" "rc=$RC $(grep -E '^(warning|problem)' "$W/out")"
	}
	broken in/stats 's/^unclaimed_bytes 0$/unclaimed_bytes 4096/'
	check_twin "restored + claimed + unclaimed != bytes" in \
		'stats: restored_bytes 8413184 + claimed_bytes 4198400 + unclaimed_bytes 4096 is not bytes 12611584'
	broken out/stats 's/^order_7_bytes 4194304$/order_7_bytes 4194305/'
	check_twin "order bytes != preserved_bytes" out 'stats: order_*_bytes add up to 12611585, preserved_bytes is 12611584'
	broken scratch 's/^area2_free 304037888$/area2_free 304037887/'
	check_twin "in_use + free != size" in '../scratch: area2: in_use 18923520 + free 304037887 is not size 322961408'
	broken in/timing 's/^blackout_ns .*/blackout_ns 3000000000/'
	check_twin "blackout != first_exec - machine_kexec" in 'timing: blackout_ns 3000000000 but first_exec - machine_kexec is 3425451163'
	broken out/scratch_phys 's/^0x37800000$/0x37400000/'
	check_twin "scratch usage != scratch_phys" out '../scratch: area1 is 0x37800000 size 4194304, scratch_phys/scratch_len say 0x37400000 size 4194304'
	# warn_twin NAME DIR MESSAGE: malformed input is one warning line; the
	# value is not used (JSON null) and the run still succeeds
	warn_twin() {
		run "$B/$2"
		[ $RC = 0 ] && grep -qF -- "warning: $3" "$W/out" && shift 3 &&
			"$K" -j "$B/${2:-in}" >"$W/j" 2>/dev/null && { [ $# = 0 ] || $J "$W/j" "$@" >/dev/null; } \
			&& return 0
		return 1
	}
	broken in/stats 's/^bytes 12611584$/bytes 12611x584/'
	warn_twin x in 'stats line 2: bad number: "bytes 12611x584", line ignored' 'j["stats"]["bytes"] is None' &&
		grep -qF 'warning: stats: no usable line for bytes' "$W/out" && grep -qx 'stats (in): 34 blocks, ? came in' "$W/out" \
		&& pass "6.12 stats twin: corrupted number" || fail "6.12 stats twin: corrupted number" "$(cat "$W/out")"
	broken in/stats 's/^claimed_bytes .*/&\nclaimed_bytes 1/'
	warn_twin x in 'stats line 25: duplicate key "claimed_bytes" (first on line 24), line ignored' \
		'j["stats"]["claimed_bytes"] == 4198400' && pass "6.12 stats twin: duplicate key" ||
		fail "6.12 stats twin: duplicate key" "$(cat "$W/out")"
	broken in/timing "s/^mm_init .*/&\n$(printf 'x%.0s' {1..200}) 1/"
	warn_twin x in 'timing line 14: line longer than 128 bytes' && pass "6.12 stats twin: overlong line" ||
		fail "6.12 stats twin: overlong line" "$(cat "$W/out")"
	broken scratch 's/^area0_role lowmem$/area0_role Lowmem/'
	warn_twin x in '../scratch line 2: bad value (expected a number or [a-z0-9_]+): "area0_role Lowmem"' \
		'j["scratch_usage"]["areas"][0]["role"] is None' && pass "6.12 stats twin: bad word" ||
		fail "6.12 stats twin: bad word" "$(cat "$W/out")"
	broken in/stats 's/^subtrees_not_retrieved 0$/subtrees_not_retrieved 0/' && truncate -s -1 "$B/in/stats"
	warn_twin x in 'stats line 28: no newline at the end of the file (cut short?)' \
		'j["stats"]["subtrees_not_retrieved"] == 0' && pass "6.12 stats twin: missing trailing newline" ||
		fail "6.12 stats twin: missing trailing newline" "$(cat "$W/out")"
	broken in/timing 's/^format 1$/format 2/'
	warn_twin x in 'timing: unknown format 2 (khodump reads 1): phases shown as found' 'len(j["timing"]["phases"]) == 13' &&
		pass "6.12 stats twin: unknown timing format" || fail "6.12 stats twin: unknown format" "$(cat "$W/out")"
	broken in/stats 's/^x//' && head -c 2000000 /dev/zero | tr '\0' '\n' >>"$B/in/stats"
	warn_twin x in "stats: file too large ($(($(stat -c %s "$S/in/stats") + 2000000)) bytes, limit 1048576); not read" 'j["stats"] is None' && pass "6.12 stats twin: huge file" ||
		fail "6.12 stats twin: huge file" "$(cat "$W/out")"
	# an unknown phase is kept and shown, with no warning
	broken in/timing 's/^first_exec /luo_restored 3300000000\n&/'
	run "$B/in"
	[ $RC = 0 ] && ! grep -q '^warning' "$W/out" && grep -Eqx '  luo_restored +\+3300\.0 ms  \(phase unknown to khodump\)' "$W/out" \
		&& pass "6.12 stats: unknown phase shown" || fail "6.12 stats: unknown phase" "$(cat "$W/out")"
	# random mutations of the three files: never a crash, exit 0 (1 with --check)
	python3 - "$S" "$W/smut" <<'PY'
import os, random, shutil, sys
src, out = sys.argv[1:]
rnd = random.Random(7)
files = ["in/stats", "in/timing", "scratch"]
for i in range(40):
    d = os.path.join(out, f"m{i:02d}")
    shutil.rmtree(d, ignore_errors=True)
    shutil.copytree(src, d)
    f = os.path.join(d, rnd.choice(files))
    b = bytearray(open(f, "rb").read())
    for _ in range(rnd.randint(1, 4)):
        op = rnd.random()
        if op < 0.5:
            b[rnd.randrange(len(b))] = rnd.choice(b"0123456789 -_\nxX\0\xff")
        elif op < 0.7:
            del b[rnd.randrange(len(b)):]
        elif op < 0.85:
            p = rnd.randrange(len(b)); b[p:p] = b[p:p + rnd.randint(1, 60)]
        else:
            b += b"%s %d\n" % (rnd.choice([b"areas", b"total_size", b"blackout_ns", b"order_5_bytes", b"area7_size"]), rnd.randrange(-5, 1 << 62))
    open(f, "wb").write(b)
PY
	bad=0
	for d in "$W"/smut/*/in; do
		for mode in "" "-j" "--check"; do
			# shellcheck disable=SC2086
			timeout 10 "$K" $mode "$d" >"$W/out" 2>"$W/err"; rc=$?
			if [ $rc -gt 1 ] || { [ -z "$mode" ] && [ $rc != 0 ]; } || grep -qv '^khodump: \(warning\|problem\): ' "$W/err"; then
				bad=$((bad + 1)); echo "  stats mutation $d ${mode:-text}: rc=$rc $(head -3 "$W/err")" >&2
			fi
		done
	done
	[ $bad = 0 ] && pass "6.12 stats: 40 mutated captures x 3 modes, clean" || fail "6.12 stats mutations" "$bad bad runs"
else
	skip real-6.12 "no captures under tests/fixtures/6.12 yet (our 6.12 port does not exist yet)"
fi
# twin: a capture whose oracle is gone (the kho_test blob without nr_folios,
# the new kernel's log without its "exec from" line) FAILs, never falls
# back to a value of its own
if [ -z "${REAL_72:-}" ] && [ -d "$TOP/tests/fixtures/7.2" ]; then
	T=$W/no-oracle
	rm -rf "$T" && cp -r "$TOP/tests/fixtures/7.2" "$T" &&
		fdtput -d "$T/kexec1/in/sub_fdts/kho_test" /data nr_folios &&
		sed -i '/KHO: exec from: /d' "$T/kexec1/dmesg.txt"
	REAL_72=$T REAL_612=$T/none WORK=$W/twin bash "$0" >"$W/twin.out" 2>&1
	rc=$?
	[ $rc = 1 ] && grep -qx 'FAIL 7.2: oracle values: none in the capture for: rel cnt nfolios' "$W/twin.out" &&
		grep -q '^FAIL 7.2 kexec1/in: ' "$W/twin.out" && ! grep -q '^PASS 7.2: oracle' "$W/twin.out" \
		&& pass "twin: missing oracle values fail, no fallback" ||
		fail "twin: missing oracle values" "rc=$rc $(grep -E '^(FAIL|real:)' "$W/twin.out" | head -n 4 | tr '\n' ' ')"
fi
summary real
[ $T_FAIL = 0 ]
