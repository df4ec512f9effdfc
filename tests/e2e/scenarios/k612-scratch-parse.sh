# k612-scratch-parse: kho_scratch= values that cannot be used.  Each stage
# boots as after a cold boot (the previous kernel's handover is refused on
# purpose with the test hook fdt-magic, so kho_scratch= applies) with one
# value: two or four sizes, all 0, 0%, %, a size or percentage that does
# not fit, garbage.  Each is ignored with one line naming the value and the
# reason, the default sizing (200%) stays and KHO works; sizes that are not
# multiples of 4 MiB are rounded up with a notice; a size that cannot be
# allocated disables KHO with one line.  Never a panic, never the generic
# "Malformed early option".
E2E_DESC="6.12: kho_scratch= garbage ignored with one clear line, never a panic"
E2E_KERNELS="6.12"
E2E_MEM=1G
E2E_CMDLINE="kho=on"
E2E_TIMEOUT=600

# value|expected reason ("ok:<ERE>" a notice instead, "fail:<ERE>" KHO off)
CASES="16M,8M|expected three sizes lowmem,global,pernode
16M,8M,64M,4M|more than three sizes
0,0,0|all three sizes are 0
0%|0% would allocate no scratch
%|expected N% or three sizes lowmem,global,pernode
99999999999999999999G,8M,8M|a size above 1T
2T,8M,8M|a size above 1T
abc|expected N% or three sizes lowmem,global,pernode
4294967296%|percentage above 1000%
16M,8M,64M;|trailing characters
30M,6M,62M|ok:KHO: scratch sizes are rounded up to multiples of 4 MiB
1T,8M,8M|fail:KHO: failed to reserve scratch areas, disabling kexec handover"
NCASES=12

case_line() { echo "$CASES" | sed -n "${1}p"; }

next_case() { # next_case INDEX: boot with that value, the handover refused
	c=$(case_line "$1")
	if [ -e /sys/kernel/debug/kho/out/fdt ]; then
		echo fdt-magic >/sys/kernel/debug/kho/out/inject || fail "cannot inject fdt-magic"
	fi
	KEXEC_DROP='kho_scratch=*' kexec_next 6.12 "kho_scratch=${c%%|*}"
}

check_case() { # check_case INDEX
	c=$(case_line "$1")
	v=${c%%|*} want=${c#*|}
	[ "$(cmdline_arg kho_scratch)" = "$v" ] || fail "booted with kho_scratch=$(cmdline_arg kho_scratch), not $v"
	expect_no_dmesg 'Malformed early option|Kernel panic|BUG:|WARNING:'
	expect_no_dmesg 'KHO: found kexec handover data'
	case $want in
	ok:*)
		expect_dmesg "${want#ok:}"
		expect_no_dmesg 'ignoring kho_scratch='
		lens=$(cat /sys/kernel/debug/kho/out/scratch_len | tr '\n' ' ')
		[ "$lens" = "0x2000000 0x800000 0x4000000 " ] ||
			fail "scratch_len '$lens' for $v, want 32M 8M 64M"
		log "kho_scratch=$v: $lens"
		;;
	fail:*)
		expect_dmesg "${want#fail:}"
		expect_no_dmesg 'ignoring kho_scratch='
		[ -e /sys/kernel/debug/kho/out/fdt ] && fail "kho/out/fdt exists with KHO disabled"
		log "kho_scratch=$v: $(dmesg | grep -m1 'failed to reserve scratch' | sed 's/^\[[^]]*\] //')"
		;;
	*)
		# ERE-quote the value for the match
		q=$(printf '%s' "$v" | sed 's/[][\.*^$+?(){}|]/\\&/g')
		expect_dmesg "KHO: ignoring kho_scratch=$q: $want\$"
		[ "$(dmesg | grep -c 'KHO: ignoring kho_scratch=')" = 1 ] || fail "not exactly one error line"
		expect_dmesg 'KHO: scratch area 0:'
		[ -e /sys/kernel/debug/kho/out/fdt ] || fail "KHO off after an ignored kho_scratch="
		log "$(dmesg | grep 'KHO: ignoring kho_scratch=' | sed 's/^\[[^]]*\] //')"
		;;
	esac
}

stage_1() {
	expect_dmesg 'KHO: scratch area 0:'
	next_case 1
}

stage_default() {
	i=$((KHO_STAGE - 1))
	check_case "$i"
	[ "$i" -lt "$NCASES" ] && next_case $((i + 1))
	pass
}
