# k612-soak: 20 KHO kexecs in a row on 6.12, every 5th hop into stock 7.2
# and back.  The reserve_mem region is filled once, on the cold boot, and
# only verified afterwards: the same bytes must survive all 20 hops.  Per
# hop the guest prints MemTotal, the incoming preserved bytes and (6.12)
# the unclaimed bytes; memory the kernels keep for themselves must not grow
# hop over hop (a leak of one preserved page per hop shows), and no kernel
# may WARN.  The twin: after hop 20, 7.2 leaks 64 preserved pages on purpose
# (khotest_bpf leak_pages=64) and the growth check of hop 21 must fail.
E2E_DESC="6.12: 20 KHO hops (every 5th via 7.2), same data, no growth, no WARN"
E2E_KERNELS="6.12 7.2"
E2E_MEM=1G
E2E_CMDLINE="kho=on reserve_mem=4M:4096:khotest"
E2E_TIMEOUT=900

SEED=0x50a4
HOPS=20
# MemTotal may differ by a few page-table pages between boots (KASLR):
# anything more on the same kernel is memory kept hop over hop
SLACK_KB=16

next_kernel() { # next_kernel HOP: the kernel hop HOP boots
	if [ $(($1 % 5)) = 0 ]; then echo 7.2; else echo 6.12; fi
}

# growth HOP KERNEL MEMTOTAL INBYTES: empty if this kernel keeps no more
# memory than on its first hop, else why
growth() {
	ref=$(awk -v k="$2" '$2 == k { print $3; exit }' /state/soak)
	if [ "$3" -lt $((ref - SLACK_KB)) ]; then
		echo "hop $1: MemTotal $3 kB, $((ref - $3)) kB below the first $2 hop ($ref kB): memory kept hop over hop"
	elif [ "$2" = 6.12 ]; then
		refb=$(awk '$2 == "6.12" { print $4; exit }' /state/soak)
		[ "$4" -le $((refb + 4096 * 4)) ] ||
			echo "hop $1: $4 bytes handed over, the first 6.12 hop had $refb: preserved memory grows"
	fi
}

# hop_check: this boot took the handover and the data is the cold boot's;
# sets MT, INB and UNC for this hop
hop_check() {
	hop=$((KHO_STAGE - 1))
	k=$(next_kernel $hop)
	expect_release "$k"
	expect_dmesg 'KHO: found kexec handover data'
	expect_no_dmesg 'KHO: invalid handover|disabling KHO revival'
	expect_dmesg "Revived memory reservation 'khotest' from KHO"
	mem_verify khotest "$SEED" "$(cat /state/khotest.start)"
	MT=$(awk '/^MemTotal:/ { print $2 }' /proc/meminfo)
	if [ "$k" = 6.12 ]; then
		INB=$(kv /sys/kernel/debug/kho/in/stats bytes)
		UNC=$(kv /sys/kernel/debug/kho/in/stats unclaimed_bytes)
	else
		INB=0 UNC=-
	fi
	log "hop $hop $k MemTotal ${MT} kB in_bytes $INB unclaimed $UNC"
}

stage_1() {
	mem_fill khotest "$SEED"
	: >/state/soak
	kexec_next "$(next_kernel 1)"
}

stage_default() {
	hop_check
	[ "$UNC" = 0 ] || [ "$UNC" = - ] || fail "hop $hop: $UNC bytes preserved and never claimed"
	echo "$hop $k $MT $INB" >>/state/soak
	why=$(growth "$hop" "$k" "$MT" "$INB")
	[ -z "$why" ] || fail "$why"
	if [ "$hop" -lt "$HOPS" ]; then
		kexec_next "$(next_kernel $((hop + 1)))"
	fi
	log "$(awk '{ printf "%s:%s:%s ", $1, $2, $3 }' /state/soak)"
	# the twin: leak 64 preserved pages, the next hop must show it
	insmod /kernels/7.2/khotest_bpf.ko op=preserve leak_pages=64 2>/tmp/err ||
		fail "khotest_bpf leak_pages=64: $(cat /tmp/err)"
	kexec_next 6.12
}

stage_22() {
	hop_check
	why=$(growth 21 6.12 "$MT" "$INB")
	[ -n "$why" ] || fail "64 pages leaked on purpose, yet the growth check passed (MemTotal $MT kB)"
	[ "$UNC" -gt 0 ] || fail "64 pages leaked on purpose, yet unclaimed_bytes is $UNC"
	log "twin: $why; unclaimed $UNC bytes"
	pass
}
