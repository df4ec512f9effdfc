# verdict-warn (harness-verdicts): a WARNING the console never showed (it
# was silenced, as scenarios do around their verdict lines) must still come
# out "FAIL kernel trouble": lib.sh copies it from dmesg before the verdict.
E2E_DESC="harness self-test: a warning while the console is silenced"
E2E_KERNELS="6.12"
E2E_TIMEOUT=60

stage_1() {
	dmesg -n 1
	insmod /kernels/6.12/khotest_fault.ko op=warn 2>/dev/null
	[ $? != 0 ] || fail "khotest_fault op=warn loaded"
	dmesg | grep -q 'khotest_fault: a warning on purpose' || fail "no warning in dmesg"
	pass
}
