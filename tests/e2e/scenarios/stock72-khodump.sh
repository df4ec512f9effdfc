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

# covered / not_covered JSON ADDR SIZE: lib.sh
# jv PATH: the value at PATH of the flattened memmap document
jv() { awk -F '\t' -v p="$1" '$1 == p { print $2 }' /tmp/memmap.flat; }

stage_1() {
	mem_fill khotest 0xd0d0
	live_memmap
	nr=$NR
	covered /tmp/memmap.json $((MEM_START)) $((MEM_SIZE)) ||
		fail "reserve_mem region $MEM_START+$MEM_SIZE is not in the preserved memory map"
	# negative twins: the bytes just outside every range (ranges are
	# merged, so their neighbours are not preserved), the range that holds
	# the region one byte longer, a span from the first range's start to
	# the last one's end (one object's start with another's end) and the
	# first scratch byte are not covered
	while read -r rs re; do
		not_covered /tmp/memmap.json "$re" 1 "the first byte after range $rs..$re"
		not_covered /tmp/memmap.json $((rs - 1)) 1 "the last byte before range $rs..$re"
	done </tmp/all.txt
	r=$(awk -v a=$((MEM_START)) '$1 <= a && a < $2' /tmp/all.txt)
	rs=${r% *} re=${r#* }
	not_covered /tmp/memmap.json "$rs" $((re - rs + 1)) "one byte more than range $rs..$re"
	if [ "$nr" -ge 2 ]; then
		fs=$(head -n 1 /tmp/all.txt | cut -d' ' -f1)
		le=$(tail -n 1 /tmp/all.txt | cut -d' ' -f2)
		not_covered /tmp/memmap.json "$fs" $((le - fs)) "a span from the first range's start to the last one's end"
	fi
	sa=$(jv '.scratch[0].addr')
	[ -n "$sa" ] || fail "no scratch area in the memmap document"
	not_covered /tmp/memmap.json "$sa" 1 "the first byte of scratch area 0"
	log "memmap: $nr ranges, the region in $rs..$re; bytes outside it, a cross-range span and scratch not covered"
	khodump -j >/tmp/out.json 2>/dev/null || fail "khodump -j of kho/out failed"
	json_flat /tmp/out.json >/tmp/out.flat || fail "khodump -j is not valid JSON"
	# every sub-blob the (truncated) root names: address and blob_size of
	# the same subtree object, the whole blob preserved
	awk -F '\t' '$1 ~ /^\.subtrees\[[0-9]+]\.(address|blob_size)$/ && $2 ~ /^[0-9]+$/ {
			i = $1; sub(/^\.subtrees\[/, "", i); sub(/].*/, "", i)
			if ($1 ~ /address$/) a[i] = $2; else z[i] = $2
		}
		END { for (i in a) print a[i], (i in z ? z[i] : 1) }' /tmp/out.flat >/tmp/blobs.txt
	n=0
	while read -r a z; do
		covered /tmp/memmap.json "$a" "$z" || fail "sub-blob at $a+$z is not preserved"
		n=$((n + 1))
	done </tmp/blobs.txt
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
	json_flat /tmp/in.json >/tmp/in.flat || fail "khodump --in -j is not valid JSON"
	# sv KEY: the values of .subtrees[*].blob.KEY
	sv() { awk -F '\t' -v k="$1" '$1 ~ /^\.subtrees\[[0-9]+]\.blob\./ && substr($1, index($1, ".blob.") + 6) == k { print $2 }' /tmp/in.flat; }
	[ "$(sv previous_release)" = '"7.2.13"' ] || fail "kexec-metadata release not decoded: $(sv previous_release)"
	[ "$(sv kexec_count)" = 1 ] || fail "kexec-metadata count is not 1: $(sv kexec_count)"
	start=$(( $(cat /state/khotest.start) ))
	[ "$(sv 'regions[0].start')" = "$start" ] || fail "kho/in memblock does not show the region at $start: $(sv 'regions[0].start')"
	mem_verify khotest 0xd0d0 "$(cat /state/khotest.start)"
	pass
}
