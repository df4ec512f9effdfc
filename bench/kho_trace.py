#!/usr/bin/env python3
"""kho-suite benchmark: cost of the kho:* tracepoints on the KHO API, from the
serial log of the kho-trace-bench VM run (bench/scenarios/kho-trace-bench.sh).
Every number comes from that one run: "KHOBENCH <op> <mode> n=<ops> ns=<total>"
lines, summed per operation and mode.
usage: kho_trace.py SERIAL_LOG"""
import re
import sys

LINE = re.compile(r"^KHOBENCH (pp|restore) (off|on|compiled-out) n=(\d+) ns=(\d+)\s*$")
MODES = ("compiled-out", "off", "on")
TARGET_OFF, TARGET_ON = 1.01, 1.10


def main(path):
    tot = {}
    with open(path, "rb") as f:
        for raw in f:
            m = LINE.match(raw.decode("utf-8", "replace").replace("\r", ""))
            if not m:
                continue
            op, mode, n, ns = m.group(1), m.group(2), int(m.group(3)), int(m.group(4))
            t = tot.setdefault((op, mode), [0, 0])
            t[0] += n
            t[1] += ns
    missing = [f"{op} {mode}" for op in ("pp", "restore") for mode in MODES
               if (op, mode) not in tot or not tot[(op, mode)][0]]
    if missing:
        print(f"kho-trace bench: no measurement for {', '.join(missing)} in {path}")
        return 1
    per = {k: v[1] / v[0] for k, v in tot.items()}
    print("kho-trace bench: ns per operation inside the guest (QEMU TCG), one VM run,")
    print("  6.12 with the kho events off and on (interleaved), 6.12-notrace (compiled out)")
    for op, what in (("pp", "preserve + unpreserve"), ("restore", "restore")):
        row = "  ".join(f"{mode} {per[(op, mode)]:8.1f}" for mode in MODES)
        print(f"  {what:22s} {row}   (n = {tot[(op, 'off')][0]} per mode)")
    cyc = {mode: per[("pp", mode)] + per[("restore", mode)] for mode in MODES}
    off = cyc["off"] / cyc["compiled-out"]
    on = cyc["on"] / cyc["off"]
    print(f"  preserve+unpreserve+restore: off/compiled-out {off:.3f} (target <= {TARGET_OFF}),"
          f" on/off {on:.3f} (target <= {TARGET_ON})")
    for op in ("pp", "restore"):
        print(f"    {op:8s} off/compiled-out {per[(op, 'off')] / per[(op, 'compiled-out')]:.3f}"
              f"  on/off {per[(op, 'on')] / per[(op, 'off')]:.3f}")
    print(f"  targets: off {'met' if off <= TARGET_OFF else 'MISSED'},"
          f" on {'met' if on <= TARGET_ON else 'MISSED'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
