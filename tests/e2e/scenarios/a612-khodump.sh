# a612-khodump: khodump, cross-compiled for arm64, in an arm64 6.12 guest.
# Before the kexec, --memmap walks the live preserved-memory radix tree
# through /proc/kcore: the reserve_mem region is preserved, scratch and the
# bytes around the region's range are not, nothing preserved overlaps
# scratch. After the kexec, --in --check passes, --diff finds the handover
# unchanged, the kexec metadata names the previous kernel, and --check
# fails on a copy of kho/in whose root FDT is corrupted (the negative twin).
E2E_DESC="arm64: khodump --memmap, --check, --diff, -j against a live 6.12 handover"
E2E_ARCH=arm64
E2E_KERNELS="6.12"
E2E_MEM=1G
E2E_CMDLINE="kho=on reserve_mem=4M:4096:khotest"
E2E_TIMEOUT=300

SEED=0xa612d0

# covered / not_covered JSON ADDR SIZE: lib.sh
jv() { awk -F '\t' -v p="$1" '$1 == p { print $2 }' "$2"; }

stage_1() {
	expect_release 6.12
	[ "$(uname -m)" = aarch64 ] || fail "not an arm64 guest: $(uname -m)"
	mem_fill khotest "$SEED"
	live_memmap
	nr=$NR
	covered /tmp/memmap.json $((MEM_START)) $((MEM_SIZE)) ||
		fail "reserve_mem region $MEM_START+$MEM_SIZE is not in the preserved memory map"
	r=$(awk -v a=$((MEM_START)) '$1 <= a && a < $2' /tmp/all.txt)
	rs=${r% *} re=${r#* }
	not_covered /tmp/memmap.json "$re" 1 "the first byte after range $rs..$re"
	not_covered /tmp/memmap.json $((rs - 1)) 1 "the last byte before range $rs..$re"
	sa=$(jv '.scratch[0].addr' /tmp/memmap.flat)
	[ -n "$sa" ] || fail "no scratch area in the memmap document"
	not_covered /tmp/memmap.json "$sa" 1 "the first byte of scratch area 0"
	log "memmap: $nr ranges, the region in $rs..$re; the bytes around it and scratch are not covered"
	khodump --check >/tmp/check.txt 2>&1 || fail "khodump --check of kho/out: $(tail -n1 /tmp/check.txt)"
	mkdir -p /state/out
	cp -r /sys/kernel/debug/kho/out/. /state/out/
	kexec_next 6.12
}

stage_2() {
	expect_dmesg 'KHO: found kexec handover data'
	khodump --in --check >/tmp/check.txt 2>&1 || fail "khodump --in --check: $(tail -n1 /tmp/check.txt)"
	log "khodump --in --check: $(tail -n1 /tmp/check.txt)"
	khodump --in -j >/tmp/in.json 2>/dev/null || fail "khodump --in -j failed"
	json_flat /tmp/in.json >/tmp/in.flat || fail "khodump --in -j is not valid JSON"
	sv() { awk -F '\t' -v k="$1" '$1 ~ /^\.subtrees\[[0-9]+]\.blob\./ && substr($1, index($1, ".blob.") + 6) == k { print $2 }' /tmp/in.flat; }
	case "$(sv previous_release)" in '"6.12.'*'"') ;; *) fail "kexec-metadata release not decoded: $(sv previous_release)" ;; esac
	[ "$(sv kexec_count)" = 1 ] || fail "kexec-metadata count is not 1: $(sv kexec_count)"
	[ "$(sv 'regions[0].start')" = "$(( $(cat /state/khotest.start) ))" ] ||
		fail "kho/in memblock does not show the region at $(cat /state/khotest.start): $(sv 'regions[0].start')"
	khodump --diff /state/out /sys/kernel/debug/kho/in >/tmp/diff.txt 2>&1 ||
		fail "khodump --diff kho/out (before) kho/in (after): $(tail -n1 /tmp/diff.txt)"
	mem_verify khotest "$SEED" "$(cat /state/khotest.start)"
	# the negative twin: the same handover with its root FDT's magic broken
	mkdir -p /tmp/bad
	cp -r /sys/kernel/debug/kho/in/. /tmp/bad/
	printf '\377' | dd of=/tmp/bad/fdt bs=1 seek=0 conv=notrunc 2>/dev/null
	rc=0
	khodump --check /tmp/bad >/tmp/bad.txt 2>&1 || rc=$?
	[ "$rc" = 2 ] || fail "khodump --check of a corrupted root FDT exited $rc, not 2: $(tail -n1 /tmp/bad.txt)"
	log "corrupted root FDT: exit $rc, $(tail -n1 /tmp/bad.txt)"
	pass
}
