# verdict-timeout (harness-verdicts): a guest that never gives a verdict
# must come out "FAIL timeout".
E2E_DESC="harness self-test: no verdict before the timeout"
E2E_KERNELS="6.12"
E2E_TIMEOUT=20

stage_1() {
	sleep 1000
	pass
}
