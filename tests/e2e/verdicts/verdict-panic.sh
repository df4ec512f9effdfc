# verdict-panic (harness-verdicts): a kernel panic must come out "FAIL
# kernel panic", even though the guest would have passed.
E2E_DESC="harness self-test: a panic"
E2E_KERNELS="6.12"
E2E_TIMEOUT=60

stage_1() {
	insmod /kernels/6.12/khotest_fault.ko op=panic
	pass
}
