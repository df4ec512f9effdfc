#!/bin/bash
# make demo: a KHO live update end to end in a VM, told step by step.
#
# Stock Linux 7.2 (Debian linux-source-7.2) cold-boots in QEMU with KHO on
# and a reserve_mem region, fills the region with a pattern, and hands over
# to a new kernel with kexec_file_load.  The story answers the three
# questions: what is being handed over (khodump of kho/out, captured in the
# VM), did it all come back (the new kernel's own log, the pattern, khodump
# --diff of out-before vs in-after), and how long was the blackout (host
# wall clock on the serial console).
set -eu -o pipefail
TOP=$(cd "$(dirname "$0")/.." && pwd)
cd "$TOP"
S=stock72-capture
D=build/e2e/$S
F=$D/files

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
indent() { sed 's/^/    /'; }
klog() { grep -a -E "$2" "$1" | sed -E 's/^\[ *[0-9.]+\] //' | indent; }

say "kho-suite demo: a KHO live update of stock Linux 7.2, in QEMU (TCG)"
echo "building the tools and the guest kernel (first run: ~10 min; later runs: seconds)"
make -s tools >/dev/null
if ! tests/e2e/run.sh "$S"; then
	echo "demo: the VM run failed; serial log: $D/serial.log" >&2
	exit 1
fi
KHODUMP=build/bin/khodump

say "1. Cold boot"
grep -h debian_package build/kernel/7.2/kho-build-info | indent
klog "$F/cold/dmesg.txt" '^\[ *0\.0+\] Command line:'
grep -a 'KHOE2E-LOG: khotest_mem: fill' "$D/serial.log" | sed 's/^KHOE2E-LOG: /filled reserve_mem region: /' | indent

say "2. What is being handed over (kho/out, read in the VM before the kexec)"
"$KHODUMP" "$F/cold/out" | indent || true
echo "    (7.2.13 freezes the size of kho/out/fdt at fs_initcall, so the memblock"
echo "     subtree added later is cut off here: khodump reports the truncation)"

say "3. kexec_file_load + kexec"
grep -a 'KHOE2E-LOG: kexec into' "$D/serial.log" | sed 's/^KHOE2E-LOG: //' | indent

say "4. Did it all come back? (the new kernel)"
klog "$F/kexec1/dmesg.txt" 'KHO: found kexec handover|Revived memory reservation|exec from|test_kho'
grep -a 'KHOE2E-LOG: khotest_mem: verify' "$D/serial.log" | sed 's/^KHOE2E-LOG: /verified: /' | indent
echo "    khodump of kho/in:"
"$KHODUMP" "$F/kexec1/in" | indent | indent || true
echo "    khodump --diff kho/out (before) kho/in (after):"
"$KHODUMP" --diff "$F/cold/out" "$F/kexec1/in" | indent | indent || true

say "5. How long was the blackout? (host wall clock on the serial console)"
awk -F'\t' '
	/KHOE2E-LOG: kexec into/ { k = $1; prev = $1; next }
	k && !first && /Linux version/ { first = $1 }
	k && !last_old && !first { prev = $1 }
	k && /KHOE2E-BOOT: .*stage=2/ { user = $1; exit }
	END {
		if (!k || !first || !user) { print "    (no kexec in this log)"; exit }
		printf "    kexec -> first line of the new kernel:   %.3f s\n", first - k
		printf "    kexec -> new kernel running user space:  %.3f s\n", user - k
		print  "    (QEMU TCG emulates the CPU; on hardware both are far shorter)"
	}' "$D/serial.timed"
say "done: full serial log in $D/serial.log"
