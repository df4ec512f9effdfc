#!/bin/bash
# CLI tests of khodump against the synthetic fixtures (and dtc as an
# independent oracle).  Env: TOP, KHODUMP, WORK.
set -u
. "$TOP/tests/unit/lib.sh"
K=$KHODUMP
FX=$TOP/tests/fixtures/synthetic
W=$WORK/cli
J="python3 $TOP/tests/unit/jcheck.py"
rm -rf "$W" && mkdir -p "$W"

# run ARGS...: stdout -> $W/out, stderr -> $W/err, status -> $RC
run() { "$K" "$@" >"$W/out" 2>"$W/err"; RC=$?; }
lines() { wc -l <"$1" | tr -d ' '; }

# --- help, version, usage errors (64) ---------------------------------
run --help; [ $RC = 0 ] && grep -q '^Examples:' "$W/out" && grep -q -- '--memmap' "$W/out" \
	&& pass help || fail help "rc=$RC"
run --version; [ $RC = 0 ] && grep -q '^khodump [0-9]' "$W/out" && pass version || fail version "rc=$RC"
# usage errors: exit 64, nothing on stdout, the cause, then the hint
for t in "--endian middle x|--endian must be little or big: middle" "--diff onlyone|--diff needs OLD and NEW" \
	 "a b|too many arguments: b" "--dts --json x|--dts and --json exclude each other" \
	 "--dts --memmap x|--dts, --diff and --memmap exclude each other" \
	 "--check --diff a b|--check goes alone or with --memmap" "--max-nodes 0 x|bad --max-nodes: 0" \
	 "--map-root zz x|bad --map-root: zz"; do
	args=${t%%|*} want=${t#*|}
	# shellcheck disable=SC2086
	run $args
	[ $RC = 64 ] && [ ! -s "$W/out" ] && [ "$(lines "$W/err")" = 2 ] &&
		[ "$(head -1 "$W/err")" = "khodump: $want" ] &&
		[ "$(tail -1 "$W/err")" = "Try 'khodump --help' for more information." ] \
		&& pass "usage: $args" || fail "usage: $args" "rc=$RC $(cat "$W/err")"
done
# a bad option: exactly one error line naming it, then the --help hint
# (getopt's own message is off); -d is --delay suite-wide, never --diff
for t in "--bogus|unknown option --bogus" "-z x|unknown option -z" "-jz x|unknown option -z" \
	 "-d a b|unknown option -d" "--endian|option --endian needs an argument" \
	 "-e|option -e needs an argument" "--json=1 x|option --json takes no argument" \
	 "--max x|ambiguous option --max" "--json --bogus=3 x|unknown option --bogus"; do
	args=${t%%|*} want=${t#*|}
	# shellcheck disable=SC2086
	run $args
	[ $RC = 64 ] && [ ! -s "$W/out" ] && [ "$(lines "$W/err")" = 2 ] &&
		[ "$(head -1 "$W/err")" = "khodump: $want" ] &&
		[ "$(tail -1 "$W/err")" = "Try 'khodump --help' for more information." ] \
		&& pass "bad option: $args" || fail "bad option: $args" "rc=$RC $(cat "$W/err")"
done
run --help
! grep -q -- '-d,' "$W/out" && grep -q -- '^      --diff ' "$W/out" && pass "--diff is long-only in --help" \
	|| fail "--diff in --help" "$(grep -- diff "$W/out")"

# --- malformed input: exit 2, nothing on stdout, one line on stderr ----
# malformed_why NAME: the cause khodump must give for malformed/NAME
malformed_why() {
	case $1 in
	bad-magic.bin|random.bin) echo "not a KHO blob (no FDT magic; not kexec-metadata or LUO)" ;;
	bad-nameoff.bin) echo "malformed FDT: FDT_ERR_BADOFFSET" ;;
	bad-token.bin|no-end-token.bin) echo "malformed FDT: FDT_ERR_BADSTRUCTURE" ;;
	bad-version.bin|random-after-magic.bin) echo "bad FDT header: FDT_ERR_BADVERSION" ;;
	cut-before-struct.bin) echo "FDT truncated before its structure block (60 of 237 bytes)" ;;
	deep-nesting.bin) echo "FDT nests deeper than 16 levels" ;;
	dir-bad-fdt|dir-memblock-fdt) echo "fdt: not a KHO root FDT" ;;
	dir-bad-scratch) echo "scratch_phys/scratch_len: expected one 0x... number per line" ;;
	dir-scratch-mismatch) echo "scratch_phys has 2 lines, scratch_len 1" ;;
	empty.bin) echo "empty file" ;;
	header-cut.bin) echo "FDT truncated inside its header (20 of 40 bytes)" ;;
	magic-only.bin) echo "FDT truncated inside its header (4 of 40 bytes)" ;;
	misaligned-struct.bin) echo "FDT blocks misaligned (struct at 65, memory map at 48)" ;;
	strings-outside.bin|struct-outside.bin) echo "bad FDT header: FDT_ERR_TRUNCATED" ;;
	totalsize-huge.bin) echo "FDT totalsize 2147483647 out of range" ;;
	totalsize-tiny.bin) echo "FDT totalsize 16 out of range" ;;
	*) return 1 ;;
	esac
}
for f in "$FX"/malformed/*; do
	n=$(basename "$f")
	if ! why=$(malformed_why "$n"); then
		fail "malformed $n" "no expected cause in cli.sh for this fixture"
		continue
	fi
	case $n in
	dir-bad-fdt|dir-memblock-fdt) want="khodump: $f/$why" ;;	# names the directory's fdt
	dir-*) want="khodump: $why" ;;
	*) want="khodump: $f: $why" ;;
	esac
	for mode in "" "--json" "--dts" "--check"; do
		# shellcheck disable=SC2086
		run $mode "$f"
		error2 "malformed $n ${mode:-text}" "$want"
	done
done
run "$W/nonexistent"; error2 "missing path" "khodump: $W/nonexistent: No such file or directory"
mkdir -p "$W/emptydir"; run "$W/emptydir"
error2 "empty dir" "khodump: $W/emptydir: not a KHO directory (no fdt, sub_fdts or scratch_phys)"

# --- decoding the kho-v4 fixtures ---------------------------------------
run -j "$FX/kho-v4-out"
[ $RC = 0 ] && $J "$W/out" \
	'j["schema"] == 1 and j["input"]["kind"] == "directory"' \
	'j["root"]["compatible"] == "kho-v4" and j["root"]["abi_version"] == 4' \
	'j["root"]["preserved_memory_map"] == 0x10000000' \
	'[s["name"] for s in j["subtrees"]] == ["LUO", "memblock", "kho_test", "kexec-metadata"]' \
	'sub("kexec-metadata")["blob"]["previous_release"] == "7.2.13-amd64"' \
	'sub("kexec-metadata")["blob"]["kexec_count"] == 3' \
	'sub("kexec-metadata")["address"] == 0xbf0d000 and sub("kexec-metadata")["blob_size"] == 73' \
	'sub("memblock")["blob"]["regions"][0] == {"name": "oops", "compatible": "reserve-mem-v1", "start": 0x3dc00000, "size": 0x4000000, "end": 0x41c00000}' \
	'sub("LUO")["blob"]["compatible"] == "luo-v5" and sub("LUO")["blob"]["liveupdate_num"] == 2' \
	'sub("kho_test")["blob"]["magic"] == 0x4b484f21 and sub("kho_test")["blob"]["nr_folios"] == 5' \
	'j["scratch"] == [{"addr": 0x4000000, "size": 0x4000000, "end": 0x8000000}, {"addr": 0x100000000, "size": 0x10000000, "end": 0x110000000}]' \
	'j["scratch_total"] == 0x14000000 and j["diagnostics"] == []' \
	>"$W/why" && pass "json kho-v4-out" || fail "json kho-v4-out" "rc=$RC $(cat "$W/why")"
# the default text tree: header, root, one aligned line per subtree with its
# decoded contents below, scratch with roles and total; nothing on stderr
run "$FX/kho-v4-out"
cat >"$W/want" <<EOF
$FX/kho-v4-out: directory, kho-v4 (KHO ABI 4), root FDT 405 B, 4 sub-blobs
/  kho-v4
  preserved-memory-map  0x10000000             preserved-memory radix tree (walk it with --memmap)
  LUO                   0xbf0f000        32 B  LUO header luo-v5
      liveupdate_num 2, sessions at 0xbf20000, FLBs at 0xbf21000 (follow them with --memmap)
  memblock              0xbf0e000       294 B  memblock-v1 FDT, 2 reserve_mem regions
      oops   0x3dc00000..0x41c00000      64 MiB
      trace  0x50000000..0x50200000       2 MiB
  kho_test              0xbf10000       240 B  kho-test-v1 FDT (KHO self test)
      magic 0x4b484f21 (ok), nr_folios 5, csum 0xdeadbeef
      folios_info: kho_vmalloc 20 pages at 0xbf30000, order 0, flags 0x1
  kexec-metadata        0xbf0d000        73 B  kexec-metadata v1 struct
      version 1, previous release 7.2.13-amd64, kexec count 3
scratch: 2 areas
  [0] lowmem   0x4000000..0x8000000         64 MiB
  [1] global   0x100000000..0x110000000    256 MiB
      total                                320 MiB
EOF
[ $RC = 0 ] && [ ! -s "$W/err" ] && diff -u "$W/want" "$W/out" >"$W/why" \
	&& pass "text kho-v4-out (whole tree)" || fail "text kho-v4-out" "rc=$RC $(head -c 600 "$W/why")"
run "$FX/kho-v4-truncated"
[ $RC = 0 ] && [ ! -s "$W/err" ] && head -1 "$W/out" | grep -q 'root FDT 233 of 405 B: TRUNCATED' &&
	grep -q '^sub_fdts not named in the truncated root FDT:$' "$W/out" &&
	[ "$(grep -c '^warning: ' "$W/out")" = 1 ] && tail -1 "$W/out" | grep -q '^warning: fdt is truncated' \
	&& pass "text truncated: header, unnamed blobs, one warning line" || fail "text truncated" "rc=$RC"
run -e big "$FX/kho-v4-big-endian"
[ $RC = 0 ] && head -1 "$W/out" | grep -q ', big-endian$' &&
	grep -Eq '^      oops +0x3dc00000\.\.0x41c00000 +64 MiB$' "$W/out" \
	&& pass "text big-endian" || fail "text big-endian" "rc=$RC"
run "$FX/kho-v9/fdt"
[ $RC = 0 ] && head -1 "$W/out" | grep -q ': file, kho-v9 (unknown KHO ABI), root FDT 293 B$' &&
	grep -q '^warning: .*unknown KHO ABI "kho-v9"' "$W/out" && [ ! -s "$W/err" ] \
	&& pass "text unknown version" || fail "text unknown version" "rc=$RC"
run -j -e big "$FX/kho-v4-big-endian"
[ $RC = 0 ] && $J "$W/out" 'j["endian"] == "big" and j["root"]["preserved_memory_map"] == 0x10000000' \
	'sub("memblock")["blob"]["regions"][0]["start"] == 0x3dc00000' \
	'sub("kexec-metadata")["blob"]["kexec_count"] == 3' >"$W/why" \
	&& pass "endian big" || fail "endian big" "rc=$RC $(cat "$W/why")"
run --check "$FX/kho-v4-big-endian"
[ $RC = 1 ] && grep -qx 'problem: kexec-metadata: version 16777216, expected 1' "$W/out" &&
	grep -qx 'problem: subtree "memblock": blob-size 2738470048417972224 but the blob has 294 bytes' "$W/out" &&
	[ "$(tail -1 "$W/out")" = "check: FAILED (6 problems, 0 warnings)" ] \
	&& pass "endian mismatch is caught by --check (byte-swapped version and sizes)" \
	|| fail "endian mismatch" "rc=$RC $(grep -E '^(problem|check)' "$W/out")"
for v in 1 2 3; do
	run -j "$FX/kho-v$v"
	prop=preserved-data; [ $v = 1 ] && prop=fdt
	[ $RC = 0 ] && $J "$W/out" "j[\"root\"][\"abi_version\"] == $v" \
		"j[\"subtrees\"][0][\"address_property\"] == \"$prop\"" \
		'j["subtrees"][0]["address"] == 0xbf0e000' \
		"(j[\"subtrees\"][1][\"blob_size\"] == 0x200) == ($v >= 3)" >"$W/why" \
		&& pass "json kho-v$v" || fail "json kho-v$v" "rc=$RC $(cat "$W/why")"
done
run -j "$FX/kho-v9/fdt"
[ $RC = 0 ] && grep -q 'unknown KHO ABI "kho-v9"' "$W/err" && $J "$W/out" \
	'j["root"]["abi_known"] is False and len(j["subtrees"]) == 2' >"$W/why" \
	&& pass "unknown version warns" || fail "unknown version warns" "rc=$RC $(cat "$W/why")"
run -j "$FX/kho-v4-truncated"
[ $RC = 0 ] && [ "$(lines "$W/err")" = 1 ] && grep -q 'truncated' "$W/err" && $J "$W/out" \
	'j["root"]["fdt"]["truncated"] is True and j["root"]["fdt"]["totalsize"] > j["root"]["fdt"]["bytes_available"]' \
	'j["root"]["preserved_memory_map"] == 0x10000000' \
	'sub("memblock")["address"] == 0xbf0e000' \
	'sub("memblock")["blob"]["regions"][1]["name"] == "trace"' >"$W/why" \
	&& pass "truncated root decodes what is there" || fail "truncated root" "rc=$RC $(cat "$W/why")"
run "$FX/kho-v4-out/sub_fdts/kexec-metadata"
[ $RC = 0 ] && head -1 "$W/out" | grep -q ': file, kexec-metadata v1 struct, 73 B$' &&
	grep -q '^  version 1, previous release 7.2.13-amd64, kexec count 3$' "$W/out" \
	&& pass "single blob by name" || fail "single blob by name" "rc=$RC"
run -j "$FX/kho-v4-out/sub_fdts/memblock"
[ $RC = 0 ] && $J "$W/out" 'j["root"]["kind"] == "memblock"' >/dev/null && pass "single memblock blob" \
	|| fail "single memblock blob" "rc=$RC"
cp -r "$FX/kho-v4-out" "$W/raw" && head -c 100 /dev/urandom >"$W/raw/sub_fdts/ftrace"
run "$W/raw"
[ $RC = 0 ] && grep -Eq '^  ftrace +- +100 B  unknown format, raw bytes$' "$W/out" &&
	grep -q '^      00000000  ' "$W/out" && grep -q '^      00000060  ' "$W/out" \
	&& pass "unknown blob: size + hexdump" || fail "unknown blob hexdump" "rc=$RC"

# --- dtc as an independent producer -------------------------------------
dtc -q -I dts -O dtb -o "$W/dtc.dtb" "$FX/dts/kho-v4-dtc.dts" && run -j "$W/dtc.dtb"
[ "${RC:-1}" = 0 ] && $J "$W/out" 'j["root"]["preserved_memory_map"] == 0x103ff000' \
	'sub("memblock")["address"] == 0xbf0e000 and sub("memblock")["blob_size"] == 294' \
	'sub("kexec-metadata")["address"] == 0xbf0d000 and sub("kexec-metadata")["blob_size"] == 73' \
	>"$W/why" && pass "dtc-built root" || fail "dtc-built root" "$(cat "$W/why")"
dtc -q -I dts -O dtb -o "$W/mb.dtb" "$FX/dts/memblock-dtc.dts" && run -j "$W/mb.dtb"
[ $RC = 0 ] && $J "$W/out" 'j["root"]["regions"][0]["start"] == 0x3dc00000' \
	'j["root"]["regions"][0]["size"] == 0x4000000' >"$W/why" \
	&& pass "dtc-built memblock (issue's <0xc03d 0x00>)" || fail "dtc-built memblock" "$(cat "$W/why")"

# --- dts round trip: dtc's own decompile of both blobs must match -------
rt=0
for f in "$FX"/kho-v*/fdt "$FX"/kho-v4-out/sub_fdts/memblock "$FX"/kho-v4-out/sub_fdts/kho_test \
	 "$FX"/memmap/fdt "$W/dtc.dtb" "$W/mb.dtb"; do
	case $f in *truncated*) continue ;; esac
	n=${f#"$FX"/}
	if "$K" --dts "$f" >"$W/rt.dts" 2>"$W/err" && dtc -q -I dts -O dtb -o "$W/rt.dtb" "$W/rt.dts" &&
	   dtc -q -I dtb -O dts "$f" >"$W/a.dts" && dtc -q -I dtb -O dts "$W/rt.dtb" >"$W/b.dts" &&
	   cmp -s "$W/a.dts" "$W/b.dts"; then
		pass "dts round trip $n"; rt=$((rt + 1))
	else
		fail "dts round trip $n" "$(head -c 300 "$W/err")"
	fi
done
# truncated: what was decoded survives the round trip
"$K" --dts "$FX/kho-v4-truncated" >"$W/rt.dts" 2>/dev/null && dtc -q -I dts -O dtb -o "$W/rt.dtb" "$W/rt.dts" &&
	"$K" -j "$FX/kho-v4-truncated" 2>/dev/null >"$W/a.json" && "$K" -j "$W/rt.dtb" >"$W/b.json" &&
	python3 - "$W/a.json" "$W/b.json" <<'PY' && pass "dts round trip truncated" || fail "dts round trip truncated" "values differ"
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:])
key = lambda j: (j["root"]["compatible"], j["root"]["preserved_memory_map"],
                 [(s["name"], s["address"], s["blob_size"]) for s in j["subtrees"]])
sys.exit(0 if key(a) == key(b) else 1)
PY
grep -q '// u64 little-endian: 0x3dc00000' <("$K" --dts "$FX/kho-v4-out/sub_fdts/memblock") \
	&& pass "dts comments decode" || fail "dts comments decode" "no decoded comment"

# --- --check --------------------------------------------------------------
for d in kho-v1 kho-v2 kho-v3 kho-v4-out kho-v4-in memmap; do
	run --check "$FX/$d"; [ $RC = 0 ] && pass "check ok $d" || fail "check ok $d" "rc=$RC $(cat "$W/out")"
done
chk() { # chk DIR MESSAGE
	run --check -j "$FX/problems/$1"
	[ $RC = 1 ] && grep -q -- "$2" "$W/out" && $J "$W/out" 'j["ok"] is False' >/dev/null \
		&& pass "check problem $1" || fail "check problem $1" "rc=$RC"
}
chk v4-no-blob-size 'missing property blob-size'
chk zero-address 'preserved-data is 0'
chk zero-map 'preserved-memory-map is 0'
chk scratch-misaligned 'not 4 MiB aligned'
chk reserve-mem-in-scratch 'overlaps a scratch area'
chk blob-size-mismatch 'blob-size 80 but the blob has 73 bytes'
run --check "$FX/kho-v4-out"
[ $RC = 0 ] && [ "$(lines "$W/out")" = 2 ] && [ "$(tail -1 "$W/out")" = "check: ok (0 problems, 0 warnings)" ] \
	&& pass "check text: header + verdict" || fail "check text" "$(cat "$W/out")"
run --check "$FX/kho-v4-truncated"
[ $RC = 1 ] && grep -q '^problem: root FDT: truncated' "$W/out" &&
	tail -1 "$W/out" | grep -q '^check: FAILED (' && pass "check flags truncation" \
	|| fail "check truncation" "rc=$RC"
run --check "$FX/kho-v9"
[ $RC = 1 ] && grep -q 'unknown compatible' "$W/out" && pass "check unknown version" || fail "check unknown" "rc=$RC"

# --- --diff ---------------------------------------------------------------
run --diff "$FX/kho-v4-out" "$FX/kho-v4-out"
[ $RC = 0 ] && [ "$(tail -1 "$W/out")" = "diff: 0 differences" ] && [ "$(lines "$W/out")" = 3 ] \
	&& pass "diff same" || fail "diff same" "rc=$RC"
run --diff "$FX/kho-v4-out" "$FX/kho-v4-in"
cat >"$W/want" <<EOF
--- $FX/kho-v4-out: directory, kho-v4 (KHO ABI 4), root FDT 405 B, 4 sub-blobs
+++ $FX/kho-v4-in: directory, kho-v4 (KHO ABI 4), root FDT 405 B, 4 sub-blobs
~ reserve_mem trace  moved    0x50000000 -> 0x58000000
~ reserve_mem trace  resized  2 MiB -> 4 MiB
diff: 2 differences
EOF
[ $RC = 1 ] && diff -u "$W/want" "$W/out" >"$W/why" && pass "diff text: only changes, markers, count" \
	|| fail "diff text" "rc=$RC $(cat "$W/why")"
run --diff -j "$FX/kho-v4-out" "$FX/kho-v4-in"
[ $RC = 1 ] && $J "$W/out" 'j["differences"] == 2' \
	'{c["type"] for c in j["changes"]} == {"reserve-mem-moved", "reserve-mem-resized"}' \
	'all(c["name"] == "trace" for c in j["changes"])' \
	'[c for c in j["changes"] if c["type"] == "reserve-mem-moved"][0]["new_start"] == 0x58000000' \
	>"$W/why" && pass "diff out vs in" || fail "diff out vs in" "rc=$RC $(cat "$W/why")"
run --diff "$FX/kho-v4-out" "$FX/malformed/bad-token.bin"
error2 "diff malformed" "khodump: $FX/malformed/bad-token.bin: malformed FDT: FDT_ERR_BADSTRUCTURE"

# --- --memmap ---------------------------------------------------------------
run --memmap -j --core "$FX/memmap/dump.elf" "$FX/memmap"
[ $RC = 0 ] && $J "$W/out" \
	'{o["order"]: o["blocks"] for o in j["memmap"]["orders"]} == {0: 1002, 1: 1, 9: 1, 18: 1}' \
	'j["memmap"]["total_bytes"] == 1002 * 4096 + 8192 + (2 << 20) + (1 << 30)' \
	'[(r["start"], r["size"]) for r in j["memmap"]["ranges"]] == [(0x1000, 0x3000), (0x200000, 0x200000), (0x8001000, 0x1000), (0x40000000, 0x40000000), (0x100000000 - 1000 * 4096, 1000 * 4096)]' \
	'j["memmap"]["scratch_overlap_bytes"] == 4096 and j["memmap"]["ranges"][2]["in_scratch"]' \
	'j["memmap"]["revisited_pages"] == 0 and j["memmap"]["unreadable_pages"] == 0' \
	>"$W/why" && pass "memmap known set" || fail "memmap known set" "rc=$RC $(cat "$W/why")"
run --memmap -j --core "$FX/memmap/dump.elf" "$FX/memmap"
[ $RC = 0 ] && $J "$W/out" 'j["luo"]["sessions"][0]["name"] == "vm1"' \
	'[f["compatible"] for f in j["luo"]["sessions"][0]["files"]] == ["memfd-v2", "other-v1"]' \
	'j["luo"]["sessions"][0]["files"][0]["memfd"]["size"] == 0x200000' \
	'j["luo"]["sessions"][0]["files"][1]["token"] == 2' >"$W/why" \
	&& pass "memmap LUO sessions/memfd" || fail "memmap LUO" "rc=$RC $(cat "$W/why")"
run --memmap --check --core "$FX/memmap/dump.elf" "$FX/memmap"
[ $RC = 1 ] && grep -q 'lie in scratch areas' "$W/out" && pass "memmap check scratch overlap" \
	|| fail "memmap check" "rc=$RC"
run --memmap --core "$FX/memmap/dump.elf" "$FX/memmap"
[ $RC = 0 ] && grep -Eq '^ +18 +1 +1 GiB$' "$W/out" && grep -Eq '^ +0 +1002 +3\.91 MiB$' "$W/out" &&
	grep -Eq '^  total +1\.01 GiB in 5 ranges$' "$W/out" &&
	grep -Eq '^  0x8001000\.\.0x8002000 +4 KiB  in scratch$' "$W/out" &&
	grep -q '^  session "vm1": 2 files$' "$W/out" && grep -Eq '^    memfd-v2 +token 0x1 .*memfd 2 MiB' "$W/out" &&
	grep -q '^problem: memmap: 4096 preserved bytes lie in scratch areas$' "$W/out" && [ ! -s "$W/err" ] \
	&& pass "memmap text" || fail "memmap text" "rc=$RC"
run --memmap --check --core "$FX/memmap/dump.elf" "$FX/memmap"
[ $RC = 1 ] && [ "$(tail -1 "$W/out")" = "check: FAILED (1 problem, 0 warnings)" ] \
	&& pass "memmap --check text ends with the verdict" || fail "memmap --check text" "rc=$RC"
for t in "--core $FX/memmap/fdt $FX/memmap|$FX/memmap/fdt: not an ELF file" \
	 "--core $FX/memmap/dump.elf --map-root 0x5000 $FX/memmap|radix tree root 0x5000 is not in the memory image" \
	 "--core $FX/memmap/dump.elf $FX/kho-v1|$FX/kho-v1: kho-v1 memory maps are chunk lists, not a radix tree; --memmap needs kho-v2 or later" \
	 "--core $W/nonexistent $FX/memmap|$W/nonexistent: No such file or directory"; do
	bad=${t%%|*}
	# shellcheck disable=SC2086
	run --memmap $bad
	n=${bad//"$FX"\//} n=${n//"$W"\//}
	error2 "memmap bad: $n" "khodump: ${t#*|}"
done

# --- the e2e guest's JSON reader (tests/e2e/guest/lib.sh) -------------------
# The guest has no python: json_flat (an awk JSON parser) and memmap_ranges
# read khodump -j there (stock72-khodump).  Python's json is the oracle; the
# guest's awk is busybox's, so both it and this host's awk are tested.
GL=$TOP/tests/e2e/guest/lib.sh
mkdir -p "$W/bb"
if command -v busybox >/dev/null; then
	ln -sf "$(command -v busybox)" "$W/bb/awk"
	awks="busybox host"
else
	skip "guest JSON reader under busybox awk" "busybox not installed (the guest's awk)"
	awks=host
fi
# gsh AWK CMD...: run lib.sh's CMD with that awk first in PATH
gsh() {
	local p=$PATH
	[ "$1" = busybox ] && p=$W/bb:$PATH
	shift
	PATH=$p bash -c '. "$0"; "$@"' "$GL" "$@"
}
run --memmap -j --core "$FX/memmap/dump.elf" "$FX/memmap"; cp "$W/out" "$W/mm.json"
run -j "$FX/kho-v4-out"; cp "$W/out" "$W/v4.json"
python3 - "$W/mm.json" "$W/v4.json" <<'PY'
import json, sys
def flat(p, v):
    if isinstance(v, dict):
        for k, x in v.items():
            yield from flat(f"{p}.{k}", x)
    elif isinstance(v, list):
        for i, x in enumerate(v):
            yield from flat(f"{p}[{i}]", x)
    else:
        yield f"{p}\t{json.dumps(v)}"
for f in sys.argv[1:]:
    open(f + ".want", "w").write("".join(l + "\n" for l in flat("", json.load(open(f)))))
PY
printf '4096 16384\n2097152 4194304\n134221824 134225920\n1073741824 2147483648\n4290871296 4294967296\n' >"$W/mm.ranges"
# twins: a range object without its end (valid JSON), a document cut short,
# and start/end keys outside .memmap.ranges (scratch), which must not count
sed '0,/"end": 4194304,/{/"end": 4194304,/d}' "$W/mm.json" >"$W/noend.json"
# (cut after a whole line: the byte count of the document depends on the
# checkout's path, a byte cut could end inside a string)
head -n 30 "$W/mm.json" >"$W/cut.json"
sed 's/"addr": 134217728,/"start": 0, "addr": 134217728,/' "$W/mm.json" >"$W/scr.json"
for a in $awks; do
	ok=1
	for f in mm v4; do
		gsh $a json_flat "$W/$f.json" >"$W/$f.got" 2>"$W/err" && cmp -s "$W/$f.got" "$W/$f.json.want" || ok=0
	done
	[ $ok = 1 ] && pass "guest json_flat ($a awk) = python's json on khodump -j and --memmap -j" ||
		fail "guest json_flat ($a awk)" "$(diff "$W/mm.got" "$W/mm.json.want" | head -n 4) $(cat "$W/err")"
	gsh $a memmap_ranges "$W/mm.json" >"$W/got" 2>&1 && cmp -s "$W/got" "$W/mm.ranges" &&
		gsh $a memmap_ranges "$W/scr.json" >"$W/got" 2>&1 && cmp -s "$W/got" "$W/mm.ranges" \
		&& pass "guest memmap_ranges ($a awk): the 5 ranges, scratch not among them" ||
		fail "guest memmap_ranges ($a awk)" "$(head -c 300 "$W/got")"
	gsh $a memmap_ranges "$W/noend.json" >"$W/got" 2>&1; rc1=$?
	gsh $a memmap_ranges "$W/cut.json" >"$W/got2" 2>&1; rc2=$?
	[ $rc1 = 2 ] && [ ! -s "$W/got" ] && [ $rc2 = 2 ] && [ "$(cat "$W/got2")" = "json_flat: incomplete document" ] \
		&& pass "guest memmap_ranges ($a awk): a range without its end, a cut document: exit 2" ||
		fail "guest memmap_ranges twins ($a awk)" "rc=$rc1/$rc2 $(head -c 200 "$W/got") $(head -c 200 "$W/got2")"
	bad=""
	for t in '{"a": 1 "b": 2}|unexpected value "b"' '{"a" 1}|unexpected value 1' '{"a": 1}}|unexpected close' \
		 '{"a": [1, 2}|unexpected close' '{"a": 1,}|unexpected close' '{"a": 12x}|bad token' \
		 '{"a": "x}|unterminated string' '{"a": 1} x|bad character x' '{"a":1}{"b":2}|unexpected {'; do
		printf '%s\n' "${t%|*}" >"$W/bad.json"
		gsh $a json_flat "$W/bad.json" >/dev/null 2>"$W/err"; rc=$?
		[ $rc = 2 ] && [ "$(cat "$W/err")" = "json_flat: line 1: ${t##*|}" ] || bad="$bad [${t%|*}: rc=$rc $(cat "$W/err")]"
	done
	[ -z "$bad" ] && pass "guest json_flat ($a awk): 9 malformed documents, exit 2 with the cause" ||
		fail "guest json_flat malformed ($a awk)" "$bad"
done

# --- default paths and debugfs layouts ---------------------------------------
D=$W/debugfs
mkdir -p "$D/kho" && cp -r "$FX/kho-v4-out" "$D/kho/out" && cp -r "$FX/kho-v4-in" "$D/kho/in"
run -j --debugfs "$D"
[ $RC = 0 ] && $J "$W/out" 'j["input"]["layout"] == "kho/out" and j["scratch"] is not None' >/dev/null \
	&& pass "default kho/out" || fail "default kho/out" "rc=$RC"
run -j --in --debugfs "$D"
[ $RC = 0 ] && $J "$W/out" 'j["input"]["layout"] == "kho/in"' >/dev/null && pass "default --in" \
	|| fail "default --in" "rc=$RC"
rm -rf "$D/kho" && mkdir -p "$D/liveupdate" && cp -r "$FX/kho-v4-out" "$D/liveupdate/kho_out"
run --debugfs "$D"
[ $RC = 0 ] && head -1 "$W/out" | grep -q "^$D/liveupdate/kho_out: liveupdate/kho_out, kho-v4" \
	&& pass "default liveupdate/kho_out" \
	|| fail "default liveupdate layout" "rc=$RC"
run --in --debugfs "$D"
error2 "default --in missing" "khodump: $D/kho/in: No such file or directory"

# --- statistics files (6.12 series): optional, absent is null ---------------
run -j "$FX/kho-v4-out"
[ $RC = 0 ] && $J "$W/out" 'j["stats"] is None and j["timing"] is None and j["scratch_usage"] is None' \
	>"$W/why" && pass "stats absent: JSON null" || fail "stats absent json" "rc=$RC $(cat "$W/why")"
run "$FX/kho-v4-out"
[ $RC = 0 ] && ! grep -Eq '^(stats|timing|scratch usage)' "$W/out" && pass "stats absent: no text sections" \
	|| fail "stats absent text" "rc=$RC"
run -j "$FX/kho-v4-out/fdt"
[ $RC = 0 ] && $J "$W/out" '"stats" not in j and "timing" not in j and "scratch_usage" not in j' \
	>/dev/null && pass "stats: a blob file has no stats keys" || fail "stats blob keys" "rc=$RC"
# a scratch directory next to out/ is not kho/scratch; a scratch file is
mkdir -p "$W/st/scratch" && cp -r "$FX/kho-v4-out" "$W/st/out"
run -j "$W/st/out"
[ $RC = 0 ] && [ ! -s "$W/err" ] && $J "$W/out" 'j["scratch_usage"] is None' >/dev/null \
	&& pass "stats: a scratch/ directory is ignored" || fail "stats scratch dir" "rc=$RC $(cat "$W/err")"
rmdir "$W/st/scratch" && printf 'areas 1\narea0_role lowmem\narea0_node -1\narea0_addr 0x4000000\narea0_size 67108864\narea0_origin cold\narea0_boot_used 0\narea0_in_use 1048576\narea0_free 66060288\ntotal_size 67108864\ntotal_boot_used 0\ntotal_in_use 1048576\ntotal_free 66060288\n' >"$W/st/scratch"
run -j "$W/st/out"
[ $RC = 0 ] && $J "$W/out" 'j["scratch_usage"]["areas"][0]["node"] == -1' \
	'j["scratch_usage"]["areas"][0]["origin"] == "cold"' >/dev/null &&
	grep -q 'warning: ../scratch: 1 area, scratch_phys/scratch_len list 2' "$W/err" \
	&& pass "stats: ../scratch vs scratch_phys (1 area vs 2)" || fail "stats scratch file" "rc=$RC $(cat "$W/err")"
run --check "$W/st/out"
[ $RC = 1 ] && grep -q '^problem: ../scratch: 1 area, scratch_phys/scratch_len list 2$' "$W/out" \
	&& pass "stats: --check fails on it" || fail "stats scratch --check" "rc=$RC"
run --help
grep -q 'stats, timing' "$W/out" && pass "--help mentions the statistics files" || fail "--help stats" ""

# --- mutations: never crash, hang or print garbage -------------------------
python3 - "$FX" "$W/mut" <<'PY'
import os, random, sys
fx, out = sys.argv[1:]
os.makedirs(out, exist_ok=True)
rnd = random.Random(4)
seeds = [os.path.join(fx, p) for p in ("kho-v4-out/fdt", "kho-v4-out/sub_fdts/memblock",
         "kho-v4-out/sub_fdts/kho_test", "kho-v1/fdt", "kho-v4-truncated/fdt")]
for i in range(150):
    b = bytearray(open(rnd.choice(seeds), "rb").read())
    for _ in range(rnd.randint(1, 6)):
        op = rnd.random()
        if op < 0.6 and b:
            b[rnd.randrange(len(b))] = rnd.randrange(256)
        elif op < 0.8:
            del b[rnd.randrange(len(b) + 1):]
        else:
            p = rnd.randrange(max(1, len(b) // 4)) * 4
            b[p:p + 4] = rnd.randrange(1 << 32).to_bytes(4, "big")
    open(os.path.join(out, f"m{i:03d}"), "wb").write(b)
PY
bad=0
for f in "$W"/mut/*; do
	for mode in "" "--dts" "--check -j"; do
		# shellcheck disable=SC2086
		timeout 10 "$K" $mode "$f" >"$W/out" 2>"$W/err"; rc=$?
		# exit 2: one line on stderr naming the file and a cause, stdout empty
		if [ $rc -gt 2 ] || { [ $rc = 2 ] && { [ -s "$W/out" ] || [ "$(lines "$W/err")" != 1 ] ||
		   ! grep -q "^khodump: $f: [^ ]" "$W/err"; }; }; then
			bad=$((bad + 1)); echo "  mutation $(basename "$f") ${mode:-text}: rc=$rc" >&2
		fi
	done
done
[ $bad = 0 ] && pass "150 mutated blobs x 3 modes: exit 0/1/2, clean errors" || fail "mutations" "$bad bad runs"

# --- the man page: renders without warnings, documents every long option -----
if command -v man >/dev/null; then
	M=$TOP/tools/khodump/khodump.1
	w=$(LC_ALL=C MANWIDTH=80 man --warnings -l "$M" 2>&1 >/dev/null)
	[ -z "$w" ] && pass "man page renders cleanly" || fail "man page" "$w"
	missing=""
	for o in $("$K" --help | grep -o -- '--[a-z][a-z-]*' | sort -u); do
		grep -qF -- "\\fB\\-\\-${o#--}" "$M" || missing="$missing $o"
	done
	[ -z "$missing" ] && pass "man page documents every --help option" || fail "man options" "$missing"
else
	skip "man page" "man(1) not installed"
fi

summary cli
[ $T_FAIL = 0 ]
