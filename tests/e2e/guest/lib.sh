# kho-suite e2e guest library, sourced by /init and by scenario stages.
# Everything printed with the "KHOE2E" prefix is read by tests/e2e/run.sh.

cmdline_arg() { # cmdline_arg NAME -> value of NAME= on /proc/cmdline
	for w in $(cat /proc/cmdline); do
		case "$w" in "$1"=*) echo "${w#*=}"; return 0 ;; esac
	done
	return 1
}

log() { echo "KHOE2E-LOG: $*"; }

finish() {
	sync
	reboot -f
	sleep 5
	echo "KHOE2E-RESULT: FAIL reboot -f did not stop the VM"
	while :; do sleep 60; done
}

# The verdict line must not be cut by a kernel message printed at the same
# time (the runner reads it whole): silence the console first.
# A warning printed while a scenario had the console silenced (dmesg -n 1)
# never reached the serial log: before every verdict and every kexec, the
# kernel's own log is scanned and its trouble lines are copied to the
# console, where the runner's KERNEL_TROUBLE check sees them.
KTROUBLE='(WARNING: CPU: |BUG: |Oops: |general protection fault|UBSAN: |KASAN: |kernel BUG at|Call Trace:|Call trace:)'
klog_trouble() {
	dmesg | grep -E "$KTROUBLE" | head -n 5 | sed 's/^/KHOE2E-KLOG: /'
}
pass() { dmesg -n 1; klog_trouble; echo "KHOE2E-RESULT: PASS"; finish; }
fail() {
	dmesg -n 1
	echo "KHOE2E-RESULT: FAIL $*"
	dmesg | tail -n 30 | sed 's/^/KHOE2E-DMESG: /'
	finish
}

# expect_release PREFIX: the running kernel's release starts with PREFIX
expect_release() {
	case "$(uname -r)" in "$1"*) ;; *) fail "expected $1, running $(uname -r)" ;; esac
}

# kernel_build_id: the GNU build ID (hex) of the running kernel, parsed from
# its ELF notes (/sys/kernel/notes: namesz, descsz, type, name, desc, each
# padded to 4 bytes); nothing when there is none.
kernel_build_id() {
	od -An -v -tx1 /sys/kernel/notes 2>/dev/null | awk '
		function h(x) { return (index("0123456789abcdef", substr(x, 1, 1)) - 1) * 16 + index("0123456789abcdef", substr(x, 2, 1)) - 1 }
		function u32(o) { return h(b[o]) + 256 * (h(b[o + 1]) + 256 * (h(b[o + 2]) + 256 * h(b[o + 3]))) }
		{ for (i = 1; i <= NF; i++) b[n++] = $i }
		END {
			for (o = 0; o + 12 <= n; o += 12 + 4 * int((ns + 3) / 4) + 4 * int((ds + 3) / 4)) {
				ns = u32(o); ds = u32(o + 4)
				if (u32(o + 8) != 3 || ns != 4 || b[o + 12] b[o + 13] b[o + 14] b[o + 15] != "474e5500")
					continue
				id = ""
				for (i = o + 16; i < o + 16 + ds; i++) id = id b[i]
				print id
				exit
			}
		}'
}
# is_build KVER: the running kernel is the very build /kernels/KVER came
# from (its build ID, which the runner read from that build's vmlinux)
is_build() {
	_want=$(cat "/kernels/$1/build-id" 2>/dev/null)
	[ -n "$_want" ] && [ "$(kernel_build_id)" = "$_want" ]
}
expect_build() {
	is_build "$1" || fail "running build ID '$(kernel_build_id)' is not /kernels/$1's '$(cat "/kernels/$1/build-id" 2>/dev/null)'"
}
# ksym NAME: the running kernel has a text or data symbol NAME (kallsyms)
ksym() { grep -q " [TtDdBbRr] $1\$" /proc/kallsyms; }

# dmesg_has PATTERN: the kernel log of this boot matches the ERE PATTERN
dmesg_has() { dmesg | grep -Eq -- "$1"; }
expect_dmesg() { dmesg_has "$1" || fail "kernel log lacks /$1/"; }
# A negative check means something only while the log still holds this
# boot's first lines (the ring buffer can wrap): require them.
expect_no_dmesg() {
	dmesg | head -n 3 | grep -q 'Linux version' ||
		fail "kernel log no longer starts at boot: cannot check the absence of /$1/"
	! dmesg_has "$1" || fail "kernel log has /$1/: $(dmesg | grep -E -- "$1" | head -n1)"
}

# mem_check OP LABEL SEED [EXPECT_START]: run khotest_mem once (fill or
# verify a reserve_mem region).  Sets MEM_RESULT to the module's verdict
# ("ok", "moved-from-...", "N-bad-words-first-at-...", "no-region") and, when
# the region was found, MEM_START and MEM_SIZE.  Returns 0 only on "ok".
mem_check() {
	ko=/kernels/$KHO_KVER/khotest_mem.ko
	[ -f "$ko" ] || fail "no $ko"
	rc=0
	insmod "$ko" op="$1" label="$2" seed="$3" expect_start="${4:-0}" 2>/dev/null || rc=1
	[ $rc = 0 ] && rmmod khotest_mem 2>/dev/null
	line=$(dmesg | grep 'khotest_mem: [a-z]* label=' | tail -n1)
	line=${line#*khotest_mem: }
	log "khotest_mem: $line"
	MEM_RESULT=${line##*result=}
	MEM_START="" MEM_SIZE=""
	case "$line" in *start=*)
		MEM_START=${line#*start=}; MEM_START=${MEM_START%% *}
		MEM_SIZE=${line#*size=}; MEM_SIZE=${MEM_SIZE%% *} ;;
	esac
	return $rc
}
# mem_op: mem_check, failing the scenario unless the verdict is "ok".
mem_op() { mem_check "$@" || fail "khotest_mem $1 $2: $MEM_RESULT"; }
# mem_fill also records the start in /state/<label>.start for later stages.
mem_fill() { mem_op fill "$@"; echo "$MEM_START" >"/state/$1.start"; }
mem_verify() { mem_op verify "$@"; }

# expect_region_revived PREV COUNT SEED: this boot took over the handover of
# a kernel whose release matches the ERE PREV (its COUNTth kexec in a row)
# and revived the reserve_mem region 'khotest' at the address the first
# boot recorded with SEED's pattern intact.
expect_region_revived() {
	expect_dmesg 'KHO: found kexec handover data'
	expect_no_dmesg 'KHO: invalid handover'
	expect_dmesg "KHO: exec from: $1 \\(count $2\\)"
	expect_dmesg "Revived memory reservation 'khotest' from KHO"
	mem_verify khotest "$3" "$(cat /state/khotest.start)"
}
# expect_revived PREV COUNT SEED: expect_region_revived, and test_kho
# verified the data the previous kernel's test_kho preserved.
expect_revived() {
	expect_region_revived "$@"
	expect_dmesg 'KHO restore succeeded'
	expect_no_dmesg 'KHO restore failed'
}

# save_scratch: keep this boot's outgoing scratch areas in /state (for
# in_scratch in the next kernel)
save_scratch() {
	cp /sys/kernel/debug/kho/out/scratch_phys /state/scratch_phys &&
		cp /sys/kernel/debug/kho/out/scratch_len /state/scratch_len ||
		fail "cannot save kho/out/scratch_phys and scratch_len"
}
# in_scratch START END: [START, END] lies inside one scratch area saved by
# save_scratch
in_scratch() {
	set -- $(($1)) $(($2)) $(paste /state/scratch_phys /state/scratch_len | tr '\t\n' '  ')
	s=$1 e=$2
	shift 2
	while [ $# -ge 2 ]; do
		[ "$s" -ge $(($1)) ] && [ "$e" -lt $(($1 + $2)) ] && return 0
		shift 2
	done
	return 1
}
# iomem_range NAME: "0xSTART 0xEND" of the first /proc/iomem line NAME
iomem_range() {
	r=$(grep -m1 "$1" /proc/iomem | tr -d ' ' | cut -d: -f1)
	[ -n "$r" ] || fail "no '$1' in /proc/iomem"
	echo "0x${r%-*} 0x${r#*-}"
}

# expect_out_map_covers START SIZE: every byte of [START, START+SIZE) is in a
# block of kho/out/memory_map ("PHYS ORDER" lines)
expect_out_map_covers() {
	covered=0 start=$(($1)) end=$(($1 + $2))
	while read -r phys order; do
		s=$((phys)) e=$((phys + (4096 << order)))
		lo=$((s > start ? s : start)) hi=$((e < end ? e : end))
		[ "$hi" -gt "$lo" ] && covered=$((covered + hi - lo))
	done </sys/kernel/debug/kho/out/memory_map
	[ "$covered" = "$(($2))" ] ||
		fail "region $1: only $covered of $(($2)) bytes in kho/out/memory_map"
}

# numa_split_preserve: with E2E_NUMA="1026M 1022M" node 1 starts at
# 0x40200000. Preserve the naturally aligned 4 MiB range around it
# (kho/out/test_preserve numa-split-preserve) and check that the memory map
# holds it as one order-9 block per node, not as one order-10 block.
numa_split_preserve() {
	k=/sys/kernel/debug/kho/out
	expect_dmesg 'Initmem setup node 1 \[mem 0x0*40200000-'
	echo numa-split-preserve >$k/test_preserve 2>/tmp/err ||
		fail "numa-split-preserve failed: $(cat /tmp/err)"
	expect_dmesg 'KHO: test: preserved 0x0*40000000 \+ 1024 pages across the start of node 1'
	grep -qx '0x40000000 9' $k/memory_map || fail "memory map lacks 0x40000000 9 (node 0 half)"
	grep -qx '0x40200000 9' $k/memory_map || fail "memory map lacks 0x40200000 9 (node 1 half)"
	grep -qx '0x40000000 10' $k/memory_map && fail "memory map has one order-10 block across the node boundary"
	log "split at the node boundary: $(grep -E '^0x40[02]00000 ' $k/memory_map | tr '\n' ' ')"
}

# readable_nonempty FILE: FILE can be read and yields at least one byte
# (debugfs blobs report size 0 in stat, so test -s does not work on them).
# kv FILE KEY: the value of the single "KEY value" line of a kho/ stats,
# timing or scratch file; fails the scenario when there is not exactly one.
kv() {
	v=$(awk -v k="$2" '$1 == k { print $2; n++ } END { exit n != 1 }' "$1") ||
		fail "$1: no single '$2' line"
	echo "$v"
}

readable_nonempty() { [ "$(head -c 1 "$1" 2>/dev/null | wc -c)" = 1 ]; }

# export_file NAME FILE: send FILE to the host over the serial console; the
# runner writes it to build/e2e/<scenario>/files/NAME (md5-checked).
export_file() {
	[ -r "$2" ] || fail "export_file: cannot read $2"
	dmesg -n 1
	cat "$2" >/tmp/export.bin 2>/dev/null || fail "export_file: cannot read $2"
	echo "KHOE2E-FILE-BEGIN: $1 $(md5sum </tmp/export.bin | cut -d' ' -f1)"
	base64 </tmp/export.bin | sed 's/^/KHOE2E-FILE: /'
	echo "KHOE2E-FILE-END: $1"
	rm -f /tmp/export.bin
	dmesg -n 7
}

# export_tree PREFIX DIR: export_file every readable regular file below DIR
# (write-only debugfs controls are skipped with a log line).
export_tree() {
	(cd "$2" && find . -type f) | sed 's|^\./||' | sort | while read -r f; do
		if ! cat "$2/$f" >/dev/null 2>&1; then
			log "export_tree: skipping $2/$f (not readable)"
			continue
		fi
		export_file "$1/$f" "$2/$f"
	done
}

# snoop_start LOG OUT [ARGS...]: khosnoop in the background, recording to
# LOG (a khosnoop log; under /state it survives a kexec), JSON lines to OUT;
# returns once its programs are attached. SNOOP_ATTACH: its attach line.
snoop_start() {
	_log=$1 _out=$2
	shift 2
	rm -f /tmp/snoop.err
	khosnoop -v -j -o "$_log" "$@" >"$_out" 2>/tmp/snoop.err &
	SNOOP_PID=$!
	_i=0
	until grep -q 'tracing, Ctrl-C to stop' /tmp/snoop.err 2>/dev/null; do
		kill -0 "$SNOOP_PID" 2>/dev/null ||
			fail "khosnoop exited before tracing: $(tail -n 3 /tmp/snoop.err | tr '\n' ' ')"
		_i=$((_i + 1))
		[ $_i -lt 1200 ] || fail "khosnoop did not start in 120 s"
		sleep 0.1
	done
	SNOOP_ATTACH=$(grep 'attached' /tmp/snoop.err)
	log "$SNOOP_ATTACH"
	log "khosnoop functions: $(sed -n 's/^khosnoop: function \([a-z_]*\): \([a-z_]*\).*/\1=\2/p' /tmp/snoop.err | tr '\n' ' ')"
}

# stop_pid PID WHAT: SIGINT, and PID must exit within 60 s; else its state
# and kernel stack go to the console and the scenario fails (never a hang).
stop_pid() {
	kill -INT "$1" || fail "$2 is gone"
	_i=0
	while kill -0 "$1" 2>/dev/null && [ "$(cut -d' ' -f3 "/proc/$1/stat" 2>/dev/null)" != Z ]; do
		_i=$((_i + 1))
		if [ $_i -ge 600 ]; then
			log "$2 (pid $1) ignores SIGINT for 60 s: $(grep -E '^(State|SigCgt|SigIgn|SigBlk)' "/proc/$1/status" | tr '\n' ' ')"
			for _t in /proc/"$1"/task/*; do
				log "task ${_t##*/}: wchan $(cat "$_t/wchan" 2>/dev/null) stack: $(tr '\n' ' ' <"$_t/stack" 2>/dev/null)"
			done
			kill -KILL "$1"
			fail "$2 did not exit on SIGINT within 60 s"
		fi
		sleep 0.1
	done
}

# snoop_stop: SIGINT, then its exit status must be 0 (the log is complete).
snoop_stop() {
	sleep 1
	stop_pid "$SNOOP_PID" khosnoop
	wait "$SNOOP_PID"
	_rc=$?
	[ "$_rc" = 0 ] || fail "khosnoop exited with $_rc: $(tail -n 3 /tmp/snoop.err | tr '\n' ' ')"
}

# json_flat FILE: a small but complete JSON parser (the guest has no
# python): one line per scalar, "PATH<TAB>VALUE", where PATH is the chain of
# keys and indexes from the top (.memmap.ranges[0].start) and VALUE the JSON
# literal as written (strings keep their quotes and escapes).  Each range
# object's fields share one PATH prefix, so a reader can never pair one
# object's start with another's end.  Malformed JSON (a missing comma or
# colon, an unclosed object, trailing text): a message on stderr, exit 2.
# Keys are assumed free of '.', '[' and ']' (true of every kho-suite tool).
JSON_FLAT_AWK='
function die(m) { printf "json_flat: line %d: %s\n", NR, m > "/dev/stderr"; bad = 1; exit 2 }
function path(   p, k) {
	p = ""
	for (k = 1; k <= d; k++) p = p (typ[k] == "o" ? "." key[k] : "[" idx[k] "]")
	return p
}
function scalar(v) {
	if (st != "V" && st != "V]") die("unexpected value " v)
	print path() "\t" v
	st = d ? "," : "E"
}
function endc(t) {
	if (d == 0 || typ[d] != t || (st != "," && st != (t == "o" ? "K}" : "V]"))) die("unexpected close")
	d--
	st = d ? "," : "E"
}
BEGIN { st = "V"; d = 0 }
{
	s = $0
	while (s != "") {
		c = substr(s, 1, 1)
		if (c == " " || c == "\t" || c == "\r") { s = substr(s, 2); continue }
		if (c == "{" || c == "[") {
			if (st != "V" && st != "V]") die("unexpected " c)
			d++; typ[d] = c == "{" ? "o" : "a"; key[d] = ""; idx[d] = 0
			st = c == "{" ? "K}" : "V]"
			s = substr(s, 2); continue
		}
		if (c == "}" || c == "]") { endc(c == "}" ? "o" : "a"); s = substr(s, 2); continue }
		if (c == ",") {
			if (st != ",") die("unexpected ,")
			if (typ[d] == "a") { idx[d]++; st = "V" } else st = "K"
			s = substr(s, 2); continue
		}
		if (c == ":") { if (st != ":") die("unexpected :"); st = "V"; s = substr(s, 2); continue }
		if (c == "\"") {
			if (!match(s, /^"([^"\\]|\\.)*"/)) die("unterminated string")
			t = substr(s, 1, RLENGTH); s = substr(s, RLENGTH + 1)
			if (st == "K" || st == "K}") { key[d] = substr(t, 2, length(t) - 2); st = ":" }
			else scalar(t)
			continue
		}
		if (match(s, /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?/) || match(s, /^(true|false|null)/)) {
			t = substr(s, 1, RLENGTH); s = substr(s, RLENGTH + 1)
			if (s != "" && substr(s, 1, 1) !~ /^[], \t\r}]$/) die("bad token")
			scalar(t); continue
		}
		die("bad character " c)
	}
}
END {
	if (bad) exit 2
	if (st != "E") { printf "json_flat: incomplete document\n" > "/dev/stderr"; exit 2 }
}'
json_flat() { awk "$JSON_FLAT_AWK" "$1"; }

# covered JSON ADDR SIZE: one range object of a khodump --memmap -j document
# holds [ADDR, ADDR+SIZE), by its own start and end; a document that cannot
# be read fails the scenario, not just the check.
covered() {
	memmap_ranges "$1" >/tmp/ranges.txt || fail "cannot read .memmap.ranges of $1"
	awk -v a="$2" -v s="$3" '$1 <= a && a + s <= $2 { ok = 1 } END { exit !ok }' /tmp/ranges.txt
}
# not_covered JSON ADDR SIZE WHAT: a negative twin, covered must say no
not_covered() {
	if covered "$1" "$2" "$3"; then fail "covered() accepts $2+$3: $4"; fi
}

# live_memmap: khodump --memmap -j of the live outgoing handover into
# /tmp/memmap.json (flattened: /tmp/memmap.flat, ranges "START END" a line:
# /tmp/all.txt), checked: nothing preserved in scratch, no bad keys, the
# whole range list, as many range objects as range_count; NR = their number
live_memmap() {
	khodump --memmap --max-ranges 100000 -j >/tmp/memmap.json 2>/tmp/memmap.err ||
		fail "khodump --memmap: $(cat /tmp/memmap.err)"
	json_flat /tmp/memmap.json >/tmp/memmap.flat || fail "khodump --memmap -j is not valid JSON"
	_mv() { awk -F '\t' -v p="$1" '$1 == p { print $2 }' /tmp/memmap.flat; }
	[ "$(_mv .memmap.scratch_overlap_bytes)" = 0 ] || fail "preserved memory overlaps scratch"
	[ "$(_mv .memmap.bad_keys)" = 0 ] || fail "memmap reports bad keys"
	[ "$(_mv .memmap.ranges_truncated)" = false ] || fail "memmap range list truncated"
	memmap_ranges /tmp/memmap.json >/tmp/all.txt || fail "cannot read .memmap.ranges"
	NR=$(wc -l </tmp/all.txt)
	[ "$NR" -ge 1 ] && [ "$NR" = "$(_mv .memmap.range_count)" ] ||
		fail "$NR range objects, range_count $(_mv .memmap.range_count)"
}

# memmap_ranges JSON: "START END" of every object of .memmap.ranges in a
# khodump --memmap -j document, one a line, in order; exit 2 when the
# document is malformed or an object lacks a numeric start or end.
memmap_ranges() {
	{ json_flat "$1" || echo json_flat-failed; } | awk -F '\t' '
		$0 == "json_flat-failed" { bad = 1 }
		$1 ~ /^\.memmap\.ranges\[[0-9]+]\.(start|end)$/ {
			i = $1; sub(/^\.memmap\.ranges\[/, "", i); sub(/].*/, "", i)
			k = $1; sub(/.*\./, "", k)
			if ($2 !~ /^[0-9]+$/ || (i SUBSEP k) in v) bad = 1
			v[i, k] = $2
			if (i + 1 > n) n = i + 1
		}
		END {
			for (i = 0; i < n; i++)
				if (!((i SUBSEP "start") in v) || !((i SUBSEP "end") in v)) bad = 1
			if (bad) exit 2
			for (i = 0; i < n; i++) print v[i, "start"], v[i, "end"]
		}'
}

# jfield LINE KEY: the value of "KEY": in one JSON line of khosnoop (numbers
# and strings without escapes).
jfield() {
	echo "$1" | sed -n -E "s/.*\"$2\":(\"([^\"]*)\"|(-?[0-9]+)).*/\2\3/p"
}

# kimage K: the boot image of /kernels/K (bzImage; arm64: Image)
kimage() {
	if [ -f "/kernels/$1/bzImage" ]; then
		echo "/kernels/$1/bzImage"
	elif [ -f "/kernels/$1/Image" ]; then
		echo "/kernels/$1/Image"
	else
		fail "no kernel /kernels/$1/bzImage or Image"
	fi
}

# kexec_next KVER [EXTRA]: load /kernels/KVER/bzImage (arm64: Image) with the KHO-capable
# file loader, carrying this rootfs (and /state) as the initramfs, and boot
# it as stage N+1.  The new command line is this one with the khoe2e.*
# words replaced, plus EXTRA; words matching the glob in $KEXEC_DROP (if
# set) are left out.
kexec_next() {
	next=$1; shift
	img=$(kimage "$next")
	dmesg >/state/dmesg.stage$KHO_STAGE
	cmd=""
	for w in $(cat /proc/cmdline); do
		case "$w" in khoe2e.stage=*|khoe2e.kver=*) continue ;; esac
		# KEXEC_DROP: a glob of words of this boot's command line to leave out
		# shellcheck disable=SC2254
		[ -n "${KEXEC_DROP:-}" ] && case "$w" in $KEXEC_DROP) continue ;; esac
		cmd="$cmd $w"
	done
	cmd="${cmd# } khoe2e.stage=$((KHO_STAGE + 1)) khoe2e.kver=$next $*"
	(cd / && find . -xdev ! -path './tmp/*' | cpio -o -H newc 2>/dev/null) >/tmp/initrd.cpio ||
		fail "cannot repack the rootfs"
	klog_trouble
	kload load "$img" /tmp/initrd.cpio "$cmd" || fail "kexec_file_load of $img failed: $(dmesg | tail -n1)"
	rm -f /tmp/initrd.cpio
	log "kexec into $next stage $((KHO_STAGE + 1)): $cmd"
	kload exec
	fail "kexec did not happen"
}

e2e_main() {
	mkdir -p /state
	KHO_SCENARIO=$(cmdline_arg khoe2e.scenario) || KHO_SCENARIO=""
	KHO_STAGE=$(cmdline_arg khoe2e.stage) || KHO_STAGE=1
	KHO_KVER=$(cmdline_arg khoe2e.kver) || KHO_KVER=unknown
	export KHO_SCENARIO KHO_STAGE KHO_KVER
	echo "KHOE2E-BOOT: scenario=$KHO_SCENARIO stage=$KHO_STAGE kver=$KHO_KVER release=$(uname -r)"
	if cmdline_arg khoe2e.shell >/dev/null || [ -z "$KHO_SCENARIO" ]; then
		echo "kho-suite e2e guest: shell (reboot -f to quit)"
		setsid cttyhack sh
		finish
	fi
	f=/e2e/scenarios/$KHO_SCENARIO.sh
	[ -f "$f" ] || fail "no scenario file $f"
	. "$f"
	# stage_<N>, else the scenario's stage_default (for the stages of a loop)
	st=stage_$KHO_STAGE
	type "$st" >/dev/null 2>&1 || st=stage_default
	type "$st" >/dev/null 2>&1 || fail "scenario $KHO_SCENARIO has no stage_$KHO_STAGE"
	"$st"
	fail "$st returned without pass/fail/kexec (stage $KHO_STAGE)"
}
