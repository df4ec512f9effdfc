#!/bin/bash
# `make bench`: one command, ratios from one run.  Env: TOP, WORK, KHODUMP, MKDUMP.
#   1. khodump vs dtc, --memmap over a synthetic 64 GiB tree (bench.py)
#   2. the kho:* tracepoints: KHO API cost with them off, on and compiled out,
#      in one VM run (bench/scenarios/kho-trace-bench.sh, kho_trace.py);
#      builds 6.12 and 6.12-notrace.  KHO_BENCH_VM=0 skips it.
#   3. khosnoop's BPF programs: the same API with no BPF, aggregation only
#      and the full event stream, in one VM run (kho-bpf-bench.sh,
#      kho_bpf.py).
set -eu
rm -rf "$WORK" && mkdir -p "$WORK"
"$MKDUMP" "$WORK/capture" 64
python3 "$TOP/bench/bench.py" "$KHODUMP" "$WORK/capture"
[ "${KHO_BENCH_VM:-1}" = 0 ] && { echo "bench: VM benchmark skipped (KHO_BENCH_VM=0)"; exit 0; }
make -s -C "$TOP" tools STATIC=1 SANITIZE=0
E2E_SCENARIO_DIR=$TOP/bench/scenarios "$TOP/tests/e2e/run.sh" kho-trace-bench kho-bpf-bench
python3 "$TOP/bench/kho_trace.py" "$TOP/build/e2e/kho-trace-bench/serial.log"
python3 "$TOP/bench/kho_bpf.py" "$TOP/build/e2e/kho-bpf-bench/serial.log"
