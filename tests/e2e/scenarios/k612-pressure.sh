# k612-pressure: the core promise under memory pressure.  The old kernel
# preserves 256 MiB of folios of mixed orders (khotest_pressure.ko), every
# word of them derived from a seed and its physical address.  The new
# kernel first drives all its free memory into use (memhog writes until
# MemAvailable is nearly gone) and only then restores the folios and checks
# every word: none may be damaged.  The twin: the same preserve, but the
# handover is refused by the next kernel (test hook fdt-magic), so nothing
# is protected: after the same pressure the same check through the direct
# map must find damaged pages, or it could not have found any in the first
# run either.
E2E_DESC="6.12: 256 MiB preserved survives memory pressure; unprotected it does not"
E2E_KERNELS="6.12"
E2E_MEM=1G
E2E_VARIANTS="kasan"
# @kasan: KASAN's shadow and 100 % scratch leave too little room next to
# 256 MiB preserved in 1 GiB
E2E_KASAN_MEM=2G
E2E_CMDLINE="kho=on"
E2E_TIMEOUT=600

SEED=0x9e55

ko=/kernels/6.12/khotest_pressure.ko

# kp OP [ARGS]: one khotest_pressure run; RESULT holds its last line
kp() {
	op=$1
	shift
	insmod $ko op="$op" seed=$SEED "$@" 2>/tmp/kp.err
	rc=$?
	RESULT=$(dmesg | grep "khotest_pressure: $op folios=" | tail -n1 | sed 's/^\[[^]]*\] //')
	[ -n "$RESULT" ] || fail "khotest_pressure op=$op printed no result (insmod: $(cat /tmp/kp.err))"
	log "$RESULT"
	return $rc
}

# preserve: 256 MiB of mixed orders, the list kept in /state
preserve() {
	kp preserve mb=256 || fail "preserve: $RESULT"
	dmesg | sed -n 's/.*khotest_pressure: folio phys=\(0x[0-9a-f]*\) order=\([0-9]*\)$/\1 \2/p' >/state/pressure.list
	orders=$(cut -d' ' -f2 /state/pressure.list | sort -u | wc -l)
	n=$(wc -l </state/pressure.list)
	[ "$orders" -ge 5 ] || fail "only $orders distinct orders preserved"
	case "$RESULT" in *" folios=$n bytes="*) ;; *) fail "list has $n folios, module says: $RESULT" ;; esac
	rmmod khotest_pressure 2>/dev/null
}

pressure() {
	memhog >/tmp/hog.out 2>/tmp/hog.err || fail "memhog: $(cat /tmp/hog.err)"
	log "$(cat /tmp/hog.out)"
}

stage_1() {
	preserve
	kexec_next 6.12
}

stage_2() {
	expect_dmesg 'KHO: found kexec handover data'
	expect_no_dmesg 'KHO: invalid handover'
	pressure
	kp restore || fail "restore after memory pressure: $RESULT"
	case "$RESULT" in *" bad_pages=0 result=ok") ;; *) fail "restore: $RESULT" ;; esac
	rmmod khotest_pressure 2>/dev/null
	# the twin: the same again, with the handover refused next
	preserve
	echo fdt-magic >/sys/kernel/debug/kho/out/inject || fail "cannot inject fdt-magic"
	kexec_next 6.12
}

stage_3() {
	expect_dmesg 'KHO: invalid handover \(bad FDT header'
	pressure
	kp restore && fail "restore succeeded without a handover: $RESULT"
	kp verify-raw list=/state/pressure.list || fail "verify-raw: $RESULT"
	bad=$(echo "$RESULT" | sed -n 's/.* bad_pages=\([0-9]*\) .*/\1/p')
	[ -n "$bad" ] && [ "$bad" -gt 0 ] ||
		fail "no damage found in unprotected memory after pressure: the check cannot fail ($RESULT)"
	log "unprotected: $bad damaged pages found"
	pass
}
