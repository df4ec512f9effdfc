#!/bin/bash
# bpf/vmlinux.h: the C types of our guest kernel (6.12 + kho-suite), from
# its BTF, for the CO-RE programs in bpf/ (as bcc's libbpf-tools commit
# theirs).  The programs relocate against the running kernel's BTF, so one
# header serves both our 6.12 and stock 7.2.
#
#   scripts/gen-vmlinux-h.sh           regenerate bpf/vmlinux.h
#   scripts/gen-vmlinux-h.sh --check   exit 1 when bpf/vmlinux.h is not the
#                                      header of build/kernel/6.12/vmlinux
#
# VMLINUX=FILE: another kernel's vmlinux, or its raw BTF (the e2e runner
# keeps 6.12's in build/e2e/kernels/6.12/vmlinux.btf).
#
# The check compares the lines as a multiset: pahole may emit the types in
# another order from one build to the next (parallel BTF encoding), which
# changes nothing a BPF program sees.  Exit: 0 ok/current, 1 stale,
# 2 no kernel built yet or bpftool failed.
set -u -o pipefail
TOP=$(cd "$(dirname "$0")/.." && pwd)
VMLINUX=${VMLINUX:-$TOP/build/kernel/6.12/vmlinux}
OUT=${VMLINUX_H:-$TOP/bpf/vmlinux.h}

[ -f "$VMLINUX" ] || { echo "gen-vmlinux-h: no $VMLINUX (build the 6.12 kernel first)" >&2; exit 2; }
tmp=$(mktemp)
trap 'rm -f "$tmp" "$tmp.a" "$tmp.b"' EXIT
bpftool btf dump file "$VMLINUX" format c >"$tmp" || { echo "gen-vmlinux-h: bpftool failed on $VMLINUX" >&2; exit 2; }
[ -s "$tmp" ] || { echo "gen-vmlinux-h: empty BTF dump of $VMLINUX" >&2; exit 2; }
if [ "${1:-}" = --check ]; then
	sort "$tmp" >"$tmp.a"
	sort "$OUT" >"$tmp.b"
	if ! cmp -s "$tmp.a" "$tmp.b"; then
		echo "gen-vmlinux-h: bpf/vmlinux.h is stale: $(diff "$tmp.a" "$tmp.b" | grep -c '^[<>]') lines differ from $VMLINUX; run scripts/gen-vmlinux-h.sh" >&2
		exit 1
	fi
	echo "gen-vmlinux-h: bpf/vmlinux.h is current"
	exit 0
fi
cp "$tmp" "$OUT"
echo "gen-vmlinux-h: wrote bpf/vmlinux.h ($(wc -l <"$OUT") lines)"
