#!/bin/bash
# Fuzzing driver.  run.sh smoke|full SECONDS TARGET...
#   smoke: every committed seed once, then SECONDS of fuzzing per target;
#          last line "fuzz-smoke: N passed, N failed"
#   full:  SECONDS of fuzzing per target (new inputs kept in build/fuzz),
#          one target after the other; last line "fuzz: N passed, N failed"
# A target's longest input is its source's "fuzz-max-len: N" (else 16384).
# Each PASS line says how many inputs ran, the edges covered and the corpus
# size (libFuzzer's last DONE line); the full log is build/fuzz/TARGET.log.
# Env: TOP, FUZZ_DIR.  The committed corpus is never modified.
set -u
mode=$1 secs=$2
shift 2
case $secs in
''|*[!0-9]*|0) echo "run.sh: SECONDS must be a whole number above 0, not '$secs'" >&2; exit 2 ;;
esac
pass=0 fail=0
# the seeds made from tests/fixtures still are what the fixtures give
if [ "$mode" = smoke ]; then
	if out=$("$TOP/tests/fuzz/mkseeds.py" --check 2>&1); then
		echo "PASS mkseeds: tests/fuzz/corpus/{core,capture,stats} match tests/fixtures"
		pass=$((pass + 1))
	else
		echo "FAIL mkseeds: $out"; fail=$((fail + 1))
	fi
fi
for t in "$@"; do
	bin=$FUZZ_DIR/$t
	seeds=$TOP/tests/fuzz/corpus/${t#fuzz_}
	work=$FUZZ_DIR/corpus-$t
	maxlen=$(sed -n 's/.*fuzz-max-len: \([0-9]*\).*/\1/p' "$TOP/tests/fuzz/$t.c" | head -n 1)
	mkdir -p "$work"
	if [ "$mode" = smoke ]; then
		if "$bin" -runs=0 "$seeds" >"$FUZZ_DIR/$t.seeds.log" 2>&1; then
			echo "PASS $t: $(ls "$seeds" | wc -l) seeds"; pass=$((pass + 1))
		else
			echo "FAIL $t: seed corpus (see $FUZZ_DIR/$t.seeds.log)"; fail=$((fail + 1))
			tail -20 "$FUZZ_DIR/$t.seeds.log"
		fi
	fi
	if "$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=1024 -max_len="${maxlen:-16384}" \
		-artifact_prefix="$FUZZ_DIR/$t-" "$work" "$seeds" >"$FUZZ_DIR/$t.log" 2>&1; then
		done_line=$(grep -E '^#[0-9]+[[:space:]]+DONE' "$FUZZ_DIR/$t.log" | tail -n 1)
		echo "PASS $t: ${secs}s of fuzzing, $(grep -o 'Done [0-9]* runs' "$FUZZ_DIR/$t.log" |
			grep -o '[0-9]*' || echo '?') runs$(sed -E -n \
			's/.* cov: ([0-9]+) .* corp: ([0-9]+)\/.*/, cov \1, corpus \2/p' <<<"$done_line")"
		pass=$((pass + 1))
	else
		echo "FAIL $t: crash after fuzzing (artifacts: $FUZZ_DIR/$t-*)"; fail=$((fail + 1))
		grep -A15 -E 'ERROR|runtime error' "$FUZZ_DIR/$t.log" | head -30
	fi
done
echo "fuzz-$mode: $pass passed, $fail failed" | sed 's/fuzz-full/fuzz/'
[ $fail = 0 ]
