#!/bin/bash
# `make bench`: one command, ratios from one run.  Env: TOP, WORK, KHODUMP, MKDUMP.
set -eu
rm -rf "$WORK" && mkdir -p "$WORK"
"$MKDUMP" "$WORK/capture" 64
python3 "$TOP/bench/bench.py" "$KHODUMP" "$WORK/capture"
