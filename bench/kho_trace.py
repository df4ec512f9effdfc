#!/usr/bin/env python3
"""kho-suite benchmark: cost of the kho:* tracepoints on the KHO API, from the
serial log of the kho-trace-bench VM run (bench/scenarios/kho-trace-bench.sh).
Every number comes from that one run: "KHOBENCH <op> <mode> n=<ops> ns=<total>"
lines; per operation and mode the median of the samples' ns per operation
(TCG timing is noisy: the spread is printed too).
usage: kho_trace.py SERIAL_LOG"""
import re
import statistics

import serial_main

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
            if n:
                tot.setdefault((op, mode), []).append(ns / n)
    missing = [f"{op} {mode}" for op in ("pp", "restore") for mode in MODES
               if len(tot.get((op, mode), [])) < 2]
    if missing:
        print(f"kho-trace bench: fewer than 2 samples for {', '.join(missing)} in {path}")
        return 1
    per = {k: statistics.median(v) for k, v in tot.items()}
    print("kho-trace bench: median ns per operation inside the guest (QEMU TCG), one VM run,")
    print("  6.12 with the kho events off and on (interleaved), 6.12-notrace (compiled out),")
    print("  kernels alternating 6.12 -> notrace -> 6.12 -> notrace by KHO kexec")
    for op, what in (("pp", "preserve + unpreserve"), ("restore", "restore")):
        row = "  ".join(f"{mode} {per[(op, mode)]:7.1f}" for mode in MODES)
        print(f"  {what:22s} {row}")
        for mode in MODES:
            q = statistics.quantiles(tot[(op, mode)], n=4)
            print(f"      {mode:12s} {len(tot[(op, mode)]):3d} samples, quartiles"
                  f" {q[0]:7.1f} .. {q[2]:7.1f}")
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
    serial_main.run(main, "kho-trace bench", __doc__)
