#!/bin/bash
# Fuzzing driver.  run.sh smoke|full SECONDS TARGET...
#   smoke: every committed seed once, then SECONDS of fuzzing per target;
#          last line "fuzz-smoke: N passed, N failed"
#   full:  SECONDS of fuzzing per target (new inputs kept in build/fuzz)
# Env: TOP, FUZZ_DIR.  The committed corpus is never modified.
set -u
mode=$1 secs=$2
shift 2
pass=0 fail=0
for t in "$@"; do
	bin=$FUZZ_DIR/$t
	seeds=$TOP/tests/fuzz/corpus/${t#fuzz_}
	work=$FUZZ_DIR/corpus-$t
	mkdir -p "$work"
	if [ "$mode" = smoke ]; then
		if "$bin" -runs=0 "$seeds" >"$FUZZ_DIR/$t.seeds.log" 2>&1; then
			echo "PASS $t: $(ls "$seeds" | wc -l) seeds"; pass=$((pass + 1))
		else
			echo "FAIL $t: seed corpus (see $FUZZ_DIR/$t.seeds.log)"; fail=$((fail + 1))
			tail -20 "$FUZZ_DIR/$t.seeds.log"
		fi
	fi
	if "$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=1024 -max_len=16384 \
		-artifact_prefix="$FUZZ_DIR/$t-" "$work" "$seeds" >"$FUZZ_DIR/$t.log" 2>&1; then
		echo "PASS $t: ${secs}s of fuzzing, $(grep -o 'Done [0-9]* runs' "$FUZZ_DIR/$t.log" |
			grep -o '[0-9]*' || echo '?') runs"
		pass=$((pass + 1))
	else
		echo "FAIL $t: crash after fuzzing (artifacts: $FUZZ_DIR/$t-*)"; fail=$((fail + 1))
		grep -A15 -E 'ERROR|runtime error' "$FUZZ_DIR/$t.log" | head -30
	fi
done
echo "fuzz-$mode: $pass passed, $fail failed" | sed 's/fuzz-full/fuzz/'
[ $fail = 0 ]
