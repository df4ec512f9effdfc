#!/bin/bash
# make demo: a KHO live update told end to end, from real VMs.
#
# A host running Linux 6.12 LTS with the kho-suite series is live-updated to
# stock Linux 7.2 with a KHO kexec, then rolled back to 6.12 the same way.
# An 8 MiB reserve_mem region stands in for VM memory that must stay in
# place.  For every hop the demo answers the operator's three questions:
#   what is handed over   khodump of the old kernel's kho/out (read in the VM)
#   did it all come back  the new kernel's own log, the pattern check, and
#                         khodump --diff of kho/out (before) vs kho/in (after)
#   how long the blackout host wall clock on the serial console
# Everything shown comes from the run: scenario tests/e2e/scenarios/demo-roundtrip.sh.
set -eu -o pipefail
TOP=$(cd "$(dirname "$0")/.." && pwd)
cd "$TOP"
S=demo-roundtrip
D=build/e2e/$S
F=$D/files
KHODUMP=build/bin/khodump

bold() { if [ -t 1 ]; then printf '\033[1m%s\033[0m\n' "$*"; else printf '%s\n' "$*"; fi; }
say() { echo; bold "== $*"; }
indent() { sed 's/^/    /'; }
klog() { grep -a -E "$2" "$1" | sed -E 's/^\[ *[0-9.]+\] //' | indent; }
info() { sed -n "s/^$2=//p" "build/kernel/$1/kho-build-info"; }

bold "kho-suite demo: live update of a Linux 6.12 LTS host to 7.2 and back with KHO"
echo "(first run builds both guest kernels from Debian's sources: ~15 min on 2 cores; later runs ~1 min)"
make -s tools >/dev/null
if ! make -s e2e SCENARIOS="$S"; then
	echo "demo: the VM run failed; serial log: $D/serial.log" >&2
	exit 1
fi

say "Kernels"
printf '    6.12: %s, %s kho-suite patches (kernel-patches/6.12)\n' "$(info 6.12 debian_package)" "$(info 6.12 patches)"
printf '    7.2:  %s, stock\n' "$(info 7.2 debian_package)"
echo "    QEMU TCG, 1 GiB, 2 CPUs, command line: $(. tests/e2e/scenarios/$S.sh; echo "$E2E_CMDLINE")"
grep -a 'KHOE2E-LOG: khotest_mem: fill' "$D/serial.log" | sed 's/^KHOE2E-LOG: khotest_mem: fill/    VM memory stand-in filled with a pattern:/'

# Blackout of hop N (1-based): kexec -> first kernel line, -> user space.
blackout() {
	awk -F'\t' -v want="$1" '
		/KHOE2E-LOG: kexec into/ { hop++; if (hop == want) k = $1; next }
		k && !first && /Linux version/ { first = $1 }
		k && first && /KHOE2E-BOOT:/ { user = $1; exit }
		END {
			if (!user) { print "    (no timing found)"; exit }
			printf "    kexec -> first line of the new kernel:  %.2f s\n", first - k
			printf "    kexec -> new kernel running user space: %.2f s\n", user - k
		}' "$D/serial.timed"
}

hop() { # hop N FROM-DIR TO-DIR TITLE
	local n=$1 from=$2 to=$3
	say "Hop $n: $4"
	bold "  What is handed over (khodump of the old kernel's kho/out, just before kexec)"
	"$KHODUMP" "$F/$from/out" | indent || true
	[ -e "$F/$from/out/fdt" ] ||
		echo "    (stock 7.2.13 creates kho/out/fdt on cold boots only; its sub-blobs are shown)"
	bold "  Did it all come back? (the new kernel's log)"
	klog "$F/$to/dmesg.txt" 'KHO: found kexec handover|KHO: exec from|Revived memory reservation|test_kho: KHO restore|KHO: reserved'
	grep -a "KHOE2E-LOG: khotest_mem: verify" "$D/serial.log" | sed -n "${n}p" |
		sed 's/^KHOE2E-LOG: khotest_mem: verify/    pattern check:/'
	bold "  khodump --diff: old kho/out vs new kho/in"
	"$KHODUMP" --diff "$F/$from/out" "$F/$to/in" | indent || true
	bold "  Blackout (host wall clock; TCG emulates the CPU, hardware is far faster)"
	blackout "$n"
}

hop 1 hop0-612 hop1-72 "6.12 LTS -> stock 7.2 (upgrade)"
hop 2 hop1-72 hop2-612 "stock 7.2 -> 6.12 LTS (rollback)"

say "Result"
grep -a 'KHOE2E-RESULT' "$D/serial.log" | sed 's/^KHOE2E-RESULT: /    scenario verdict: /'
echo "    serial log: $D/serial.log; captures: $F/"
