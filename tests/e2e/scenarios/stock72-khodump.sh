# stock72-khodump: khodump on a live stock 7.2 handover, inside the VM.
# Before the kexec, --memmap walks the live kho-v4 radix tree through
# /proc/kcore: the reserve_mem region and every sub-blob the root FDT points
# to must be preserved memory, none of it in scratch.  After the kexec,
# --in --check passes and the decoded kexec-metadata says where we came from.
E2E_DESC="khodump --memmap/--check/-j against a live 7.2 handover"
E2E_KERNELS="7.2"
E2E_MEM=1G
E2E_CMDLINE="kho=on reserve_mem=4M:4096:khotest"
E2E_TIMEOUT=240

# covered RANGES-JSON ADDR SIZE: some memmap range holds [ADDR, ADDR+SIZE)
covered() {
	awk -v a="$2" -v s="$3" '
		/"ranges": \[/ { in_r = 1 }
		in_r && /"start":/ { gsub(/[^0-9]/, "", $2); st = $2 + 0 }
		in_r && /"end":/ { gsub(/[^0-9]/, "", $2); if (st <= a && a + s <= $2 + 0) ok = 1 }
		END { exit !ok }' "$1"
}

stage_1() {
	mem_fill khotest 0xd0d0
	khodump --memmap -j >/tmp/memmap.json 2>/tmp/memmap.err || fail "khodump --memmap: $(cat /tmp/memmap.err)"
	grep -q '"scratch_overlap_bytes": 0,' /tmp/memmap.json || fail "preserved memory overlaps scratch"
	grep -q '"bad_keys": 0,' /tmp/memmap.json || fail "memmap reports bad keys"
	covered /tmp/memmap.json $((MEM_START)) $((MEM_SIZE)) ||
		fail "reserve_mem region $MEM_START+$MEM_SIZE is not in the preserved memory map"
	khodump -j >/tmp/out.json 2>/dev/null || fail "khodump -j of kho/out failed"
	n=0
	for a in $(grep '"address": [0-9]' /tmp/out.json | tr -dc '0-9\n'); do
		covered /tmp/memmap.json "$a" 1 || fail "sub-blob at $a is not preserved"
		n=$((n + 1))
	done
	[ "$n" -ge 2 ] || fail "khodump -j found only $n sub-blob addresses"
	log "memmap covers the reserve_mem region and $n sub-blobs"
	# 7.2.13 freezes kho/out/fdt's size early: --check must say so
	khodump --check >/tmp/check.txt 2>&1 && fail "--check accepted 7.2.13's truncated kho/out/fdt"
	grep -q truncated /tmp/check.txt || fail "--check did not report the truncation"
	mkdir -p /state/out
	cp -r /sys/kernel/debug/kho/out/. /state/out/
	kexec_next 7.2
}

stage_2() {
	khodump --in --check >/tmp/check.txt 2>&1 || fail "khodump --in --check: $(tail -n1 /tmp/check.txt)"
	khodump --in -j >/tmp/in.json 2>/dev/null || fail "khodump --in -j failed"
	grep -q '"previous_release": "7.2.13"' /tmp/in.json || fail "kexec-metadata release not decoded"
	grep -q '"kexec_count": 1,\{0,1\}$' /tmp/in.json || fail "kexec-metadata count is not 1"
	start=$(( $(cat /state/khotest.start) ))
	grep -q "\"start\": $start," /tmp/in.json || fail "kho/in memblock does not show the region at $start"
	mem_verify khotest 0xd0d0 "$(cat /state/khotest.start)"
	pass
}
