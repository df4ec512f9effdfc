# harness-verdicts: the runner's verdicts can fail.  On the host, after a
# trivial guest passes, host_check runs three scenarios of
# tests/e2e/verdicts (a guest that never answers, a kernel panic, a WARNING
# printed while the console was silenced, and the last two again on arm64)
# and each must come out FAIL with its reason, the runner exiting non-zero.
E2E_DESC="harness self-test: a timeout, a panic and a silenced WARNING each FAIL (panic and WARNING on x86_64 and arm64)"
E2E_KERNELS="6.12"
E2E_TIMEOUT=60
# runs this script again, which rebuilds the guest tools the others copy
E2E_ALONE=1

stage_1() {
	pass
}

host_check() {
	local out rc
	out=$(E2E_SCENARIO_DIR="$TOP/tests/e2e/verdicts" E2E_REBUILD=0 \
		"$TOP/tests/e2e/run.sh" verdict-timeout verdict-panic verdict-warn \
		verdict-panic-arm64 verdict-warn-arm64 2>&1)
	rc=$?
	[ "$rc" = 1 ] || { echo "nested runner exited $rc: $(echo "$out" | tail -n 3 | tr '\n' ' ')"; return 1; }
	echo "$out" | grep -q '^FAIL verdict-timeout: timeout after 20s' ||
		{ echo "timeout not a FAIL: $(echo "$out" | grep verdict-timeout)"; return 1; }
	echo "$out" | grep -q '^FAIL verdict-panic: kernel panic: .*khotest_fault: a panic on purpose' ||
		{ echo "panic not a FAIL: $(echo "$out" | grep verdict-panic)"; return 1; }
	echo "$out" | grep -q '^FAIL verdict-warn: kernel trouble: .*WARNING: CPU: ' ||
		{ echo "silenced WARNING not a FAIL: $(echo "$out" | grep verdict-warn)"; return 1; }
	echo "$out" | grep -q '^FAIL verdict-panic-arm64: kernel panic: .*khotest_fault: a panic on purpose' ||
		{ echo "arm64 panic not a FAIL: $(echo "$out" | grep verdict-panic-arm64)"; return 1; }
	echo "$out" | grep -q '^FAIL verdict-warn-arm64: kernel trouble: .*WARNING: CPU: ' ||
		{ echo "arm64 silenced WARNING not a FAIL: $(echo "$out" | grep verdict-warn-arm64)"; return 1; }
	echo "$out" | grep -q '^e2e: 0 passed, 5 failed$' || { echo "nested summary: $(echo "$out" | tail -n 1)"; return 1; }
}
