#!/usr/bin/env python3
"""kho-suite benchmark: khodump vs dtc on the same blobs, and --memmap over a
synthetic 64 GiB tree.  All numbers come from this one run.
usage: bench.py KHODUMP DIR"""
import json
import statistics
import subprocess
import sys
import time

khodump, d = sys.argv[1:3]
N = 300


def timed(cmds, n=N):
    """Median wall time of one run of each command; runs interleaved so that
    load from other processes hits every command alike."""
    times = [[] for _ in cmds]
    for _ in range(n):
        for i, cmd in enumerate(cmds):
            t = time.perf_counter()
            subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                           check=True)
            times[i].append(time.perf_counter() - t)
    return [statistics.median(t) for t in times]


print(f"bench: median of {N} interleaved runs per command (process start included)")
rows = []
for blob in (f"{d}/fdt", f"{d}/sub_fdts/memblock"):
    t_dtc, t_txt, t_json = timed([["dtc", "-q", "-I", "dtb", "-O", "dts", blob],
                                  [khodump, blob], [khodump, "-j", blob]])
    name = blob[len(d) + 1:]
    rows.append((name, t_dtc, t_txt, t_json))
    print(f"  {name:22s} dtc {1e3 * t_dtc:6.3f} ms  khodump text {1e3 * t_txt:6.3f} ms"
          f" (ratio {t_txt / t_dtc:.2f})  json {1e3 * t_json:6.3f} ms (ratio {t_json / t_dtc:.2f})")

# GNU time measures this one process: elapsed seconds and max RSS in KiB
t = time.perf_counter()
r = subprocess.run(["/usr/bin/time", "-f", "TIME %M", khodump, "--memmap", "-j",
                    "--core", f"{d}/dump.elf", d], capture_output=True, check=True, text=True)
el = time.perf_counter() - t
rss_kib = int([ln for ln in r.stderr.splitlines() if ln.startswith("TIME ")][-1].split()[1])
mm = json.loads(r.stdout)["memmap"]
ok_total = mm["total_bytes"] == 64 << 30 and mm["range_count"] == 1
print(f"  --memmap 64 GiB order-0 : {el:.3f} s, max RSS {rss_kib / 1024:.1f} MiB"
      f" (targets < 0.5 s, < 64 MiB); {mm['leaf_pages']} leaves,"
      f" total {mm['total_bytes'] >> 30} GiB in {mm['range_count']} range"
      f"{'' if ok_total else '  WRONG RESULT'}")
worst = max(max(r[2], r[3]) / r[1] for r in rows)
print(f"bench: khodump/dtc worst ratio {worst:.2f} (target <= 1.00); memmap {el:.3f} s, "
      f"{rss_kib / 1024:.1f} MiB")
sys.exit(0 if ok_total else 1)
