#!/bin/bash
# make demo: a KHO live update told end to end, from one real VM run.
#
# Act 1: a host running Linux 6.12 LTS with the kho-suite series is
# live-updated to stock Linux 7.2 with a KHO kexec, then rolled back to 6.12
# the same way.  An 8 MiB reserve_mem region and a client module
# (khotest_bpf: folios, a page range and a subtree of its own) stand in for
# the memory of running VMs.  Before each update: khotop -b, khosnoop
# recording, khoverify --save.  After it: the client restores, khoverify
# gives the verdict.  The operator's three questions:
#   what is handed over   khotop, khodump of kho/out
#   did it all come back  khoverify (contents, claimed, leaks), the pattern
#                         check of the region, khodump --diff
#   how long the blackout khoverify's phases from kho/in/timing (6.12 -> 6.12)
# Act 2: a 6.12 -> 6.12 update where the client leaks a range: khoverify
# names it and exits 1.
# Everything shown comes from the run: tests/e2e/scenarios/demo-roundtrip.sh.
set -eu -o pipefail
TOP=$(cd "$(dirname "$0")/.." && pwd)
cd "$TOP"
S=demo-roundtrip
D=build/e2e/$S
F=$D/files
KHODUMP=build/bin/khodump

bold() { if [ -t 1 ]; then printf '\033[1m%s\033[0m\n' "$*"; else printf '%s\n' "$*"; fi; }
say() { echo; bold "== $*"; }
sub() { echo; bold "-- $*"; }
# indent: four spaces, long lines folded at word boundaries to fit 80 columns
indent() { fold -s -w 76 | sed 's/^/    /'; }
klog() { grep -a -E "$2" "$1" | sed -E 's/^\[ *[0-9.]+\] //' | indent; }
info() { sed -n "s/^$2=//p" "build/e2e/kernels/$1/kho-build-info"; }
# show FILE: a file the run exported; a missing one is an error, not a blank
show() { [ -r "$F/$1" ] || { echo "demo: the run did not export $1" >&2; exit 1; }; indent <"$F/$1"; }

# dump show DIR | dump diff OLD NEW: khodump's view; exit 1 of --diff means
# "differences" (shown), anything else but 0 is an error
dump() {
	local rc=0 out=$D/demo.khodump
	if [ "$1" = diff ]; then
		"$KHODUMP" --diff "$2" "$3" >"$out" || rc=$?
		[ $rc -le 1 ] || { echo "demo: khodump --diff failed ($rc)" >&2; exit 1; }
		indent <"$out"
	else
		"$KHODUMP" "$2" >"$out" || { echo "demo: khodump $2 failed" >&2; exit 1; }
		# the raw bytes of blobs of unknown format are noise here
		grep -v -E '^ +[0-9a-f]{8}  [0-9a-f]{2} ' "$out" | indent
	fi
}

# the khotop -b sample with the most preserve events per second
khotop_busiest() {
	awk '/^khotop [0-9]+:/ { n++ } { s[n] = s[n] $0 "\n" }
	     /^events/ { if (match($0, /preserve [0-9.]+\/s/)) {
			r = substr($0, RSTART + 9, RLENGTH - 11) + 0
			if (!best || r > max) { best = n; max = r } } }
	     END { printf "%s", s[best ? best : n] }' "$F/$1"
}

bold "kho-suite demo: live updates of a Linux 6.12 LTS host with Kexec HandOver"
echo "(first run builds both guest kernels from Debian's sources: ~25 min on 2"
echo " cores; later runs ~2 min.  All timings below are QEMU TCG, an emulated"
echo " CPU: real hardware is one to two orders of magnitude faster.)"
make -s tools >/dev/null
if ! make -s e2e SCENARIOS="$S"; then
	echo "demo: the VM run failed; serial log: $D/serial.log" >&2
	exit 1
fi

say "The machine"
printf '    6.12: %s, %s kho-suite patches\n' "$(info 6.12 debian_package)" "$(info 6.12 patches)"
printf '    7.2:  %s, stock\n' "$(info 7.2 debian_package)"
echo "    QEMU TCG, $(. tests/e2e/scenarios/$S.sh; echo "$E2E_MEM") of memory, 2 CPUs, command line:"
echo "    $(. tests/e2e/scenarios/$S.sh; echo "$E2E_CMDLINE")"
echo "    VM memory stand-in (reserve_mem), pattern-filled:"
grep -a 'KHOE2E-LOG: khotest_mem: fill' "$D/serial.log" | sed 's/^KHOE2E-LOG: khotest_mem: fill //' | indent
echo "    KHO client: khotest_bpf.ko preserves folios, a page range and a"
echo "    subtree of its own, and restores them after the kexec"

say "Act 1: upgrade 6.12 LTS -> stock 7.2, then roll back to 6.12"
sub "Before the upgrade: what is handed over (khotop -b, busiest sample)"
khotop_busiest up/khotop.txt | indent
sub "khosnoop records every preserve; khoverify --save snapshots the handover"
show up/save.txt
sub "khodump of the old kernel's kho/out, just before the kexec"
dump show "$F/hop0-612/out"
sub "After the upgrade, on 7.2: the kernel's log"
klog "$F/hop1-72/dmesg.txt" 'KHO: found kexec handover|KHO: exec from|Revived memory reservation|test_kho: KHO restore'
echo "    pattern check of the VM memory stand-in:"
grep -a "KHOE2E-LOG: khotest_mem: verify" "$D/serial.log" | sed -n 1p |
	sed 's/^KHOE2E-LOG: khotest_mem: verify //' | indent
sub "khoverify on 7.2, after the client restored"
echo "    (stock 7.2 has no stats, timing or scratch usage: SKIP, with the reason)"
show up/verdict.txt
sub "The rollback, 7.2 -> 6.12: khodump --diff of 7.2's kho/out and 6.12's kho/in"
dump diff "$F/hop1-72/out" "$F/hop2-612/in"
sub "khoverify on 6.12 (7.2 sent no timing stamps: no blackout to check)"
show back/verdict.txt

say "Act 2: a 6.12 -> 6.12 update in which the client leaks 8 pages"
sub "khoverify -v --budget 60s on the new kernel: phases, owners, exit 1"
show leak/verdict.txt

say "Result"
grep -a 'KHOE2E-RESULT' "$D/serial.log" | sed 's/^KHOE2E-RESULT: /    scenario verdict: /'
echo "    serial log: $D/serial.log"
echo "    captures and tool outputs: $F/"
