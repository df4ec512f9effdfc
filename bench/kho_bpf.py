#!/usr/bin/env python3
"""kho-suite benchmark: cost of khosnoop's BPF programs on the KHO API, from the
serial log of the kho-bpf-bench VM run (bench/scenarios/kho-bpf-bench.sh).
Every number comes from that one run: "KHOBENCH pp <mode> n=<ops> ns=<total>"
lines; per mode the median of the samples' ns per preserve+unpreserve pair.
usage: kho_bpf.py SERIAL_LOG"""
import re
import statistics

import serial_main

LINE = re.compile(r"^KHOBENCH pp (none|agg|stream) n=(\d+) ns=(\d+)\s*$")
CPU = re.compile(r"^KHOBENCH cpu (idle|khotop) busy=(\d+) total=(\d+) self=(\d+) hz=(\d+) secs=(\d+)\s*$")
TARGET_KHOTOP = 0.01    # of one CPU
MODES = ("none", "agg", "stream")
TARGET_AGG, TARGET_STREAM = 1.10, 1.50


def main(path):
    tot, cpu = {}, {}
    with open(path, "rb") as f:
        for raw in f:
            line = raw.decode("utf-8", "replace").replace("\r", "")
            m = LINE.match(line)
            if m and int(m.group(2)):
                tot.setdefault(m.group(1), []).append(int(m.group(3)) / int(m.group(2)))
            c = CPU.match(line)
            if c:
                busy, total, self_, hz, secs = (int(c.group(i)) for i in range(2, 7))
                cpu.setdefault(c.group(1), []).append((busy, total, self_ / (hz * secs)))
    missing = [mode for mode in MODES if len(tot.get(mode, [])) < 2]
    if missing:
        print(f"kho-bpf bench: fewer than 2 samples for {', '.join(missing)} in {path}")
        return 1
    per = {mode: statistics.median(tot[mode]) for mode in MODES}
    print("kho-bpf bench: median ns per kho_preserve_folio + kho_unpreserve_folio pair inside")
    print("  the guest (QEMU TCG), one VM run on 6.12, modes interleaved and rotating:")
    print("  none = no BPF, agg = khosnoop -q (aggregation only), stream = khosnoop -j")
    for mode in MODES:
        q = statistics.quantiles(tot[mode], n=4)
        print(f"    {mode:7s} {per[mode]:8.1f} ns   {len(tot[mode]):3d} samples,"
              f" quartiles {q[0]:8.1f} .. {q[2]:8.1f}")
    agg = per["agg"] / per["none"]
    stream = per["stream"] / per["none"]
    print(f"  agg/none {agg:.3f} (target <= {TARGET_AGG}), stream/none {stream:.3f}"
          f" (target <= {TARGET_STREAM})")
    print(f"  targets: aggregation {'met' if agg <= TARGET_AGG else 'MISSED'},"
          f" stream {'met' if stream <= TARGET_STREAM else 'MISSED'}")
    if len(cpu.get("idle", [])) < 1 or len(cpu.get("khotop", [])) < 1:
        print("khotop cpu: no samples")
        return 1
    def busy(mode):
        return sum(b for b, _, _ in cpu[mode]) / max(1, sum(t for _, t, _ in cpu[mode]))
    ncpu_busy = {mode: busy(mode) for mode in ("idle", "khotop")}
    own = statistics.median(s for _, _, s in cpu["khotop"])
    print(f"khotop cpu: guest busy {100 * ncpu_busy['idle']:.2f} % idle vs"
          f" {100 * ncpu_busy['khotop']:.2f} % with `khotop -b -j -d 1` (BPF aggregation on),"
          f" ratio {ncpu_busy['khotop'] / max(ncpu_busy['idle'], 1e-9):.2f};"
          f" khotop itself {100 * own:.2f} % of one CPU (target < {100 * TARGET_KHOTOP:.0f} %):"
          f" {'met' if own < TARGET_KHOTOP else 'MISSED'}")
    return 0


if __name__ == "__main__":
    serial_main.run(main, "kho-bpf bench", __doc__)
