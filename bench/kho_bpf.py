#!/usr/bin/env python3
"""kho-suite benchmark: cost of khosnoop's BPF programs on the KHO API, from the
serial log of the kho-bpf-bench VM run (bench/scenarios/kho-bpf-bench.sh).
Every number comes from that one run: "KHOBENCH pp <mode> n=<ops> ns=<total>"
lines; per mode the median of the samples' ns per preserve+unpreserve pair.
usage: kho_bpf.py SERIAL_LOG"""
import re
import statistics
import sys

LINE = re.compile(r"^KHOBENCH pp (none|agg|stream) n=(\d+) ns=(\d+)\s*$")
MODES = ("none", "agg", "stream")
TARGET_AGG, TARGET_STREAM = 1.10, 1.50


def main(path):
    tot = {}
    with open(path, "rb") as f:
        for raw in f:
            m = LINE.match(raw.decode("utf-8", "replace").replace("\r", ""))
            if m and int(m.group(2)):
                tot.setdefault(m.group(1), []).append(int(m.group(3)) / int(m.group(2)))
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
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
