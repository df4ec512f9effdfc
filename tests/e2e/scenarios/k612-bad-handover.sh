# k612-bad-handover: corrupted incoming handovers must not hurt 6.12.
# Each stage makes the next kexec_file_load hand over a deliberately broken
# copy of the KHO state (CONFIG_KEXEC_HANDOVER_TEST_HOOKS: kho/out/inject) and
# kexecs; the next kernel must log one clear error, ignore the handover,
# boot as after a cold boot (fresh scratch, no revival) and reach user
# space ("scratch-hole" adds a 16 GiB scratch area where there is no RAM:
# the decompressor must place the kernel in the RAM of the real areas, not
# there, or nothing boots at all). Damage to one client only (a blob outside the preserved memory
# map or in scratch, preserved blocks in scratch, even under the new
# kernel's image, a reserve_mem region pointing into scratch) must cost
# only that client: the rest of the handover is accepted. The last stage
# hands over a good state again and checks it works, with a block above
# MAX_PAGE_ORDER that kho_restore_folio() must refuse and
# kho_restore_pages() must take.
E2E_DESC="6.12: thirteen kinds of corrupted handover rejected, four bad clients skipped, no folio above MAX_PAGE_ORDER"
E2E_KERNELS="6.12"
# also run on the 6.12-kasan build (KASAN, DEBUG_VM, DEBUG_PAGEALLOC): NAME@kasan
E2E_VARIANTS="kasan"
E2E_MEM=1G
E2E_CMDLINE="kho=on reserve_mem=4M:4096:khotest"
E2E_TIMEOUT=900

SEED=0xbad612

# injection|error the next kernel must log (reject: "invalid handover (<error> at")
# An error starting with "skip:" is a client-level problem: the handover is
# accepted and the kernel must log the rest of the line. After
# memblock-in-scratch the region is new and in scratch, so it cannot be
# handed over: a rejected (cold) case must follow before the good handover.
CASES="fdt-magic|bad FDT header
fdt-size|invalid FDT address or size
compatible|FDT not compatible with kho-v4
no-memory-map|missing or invalid preserved-memory-map
memory-map-not-ram|memory map page outside usable RAM
blob-size|subtree with missing or invalid blob-size
scratch-size|inconsistent scratch array size
scratch-align|misaligned scratch area
radix-not-ram|memory map page outside usable RAM
radix-cycle|cycle in memory map
blob-not-preserved|skip:KHO: skipping subtree 'kexec-metadata': blob not in preserved memory map
block-in-scratch|skip:KHO: skipped [0-9]+ preserved blocks outside usable RAM or in scratch \\(first at 0x[0-9a-f]+\\)
blob-in-scratch|skip:KHO: skipping subtree 'kexec-metadata': blob missing or outside usable RAM
memblock-in-scratch|skip:reserve_mem: KHO region 'khotest' at 0x[0-9a-f]+ is in scratch memory
fdt-in-scratch|FDT outside usable RAM or in scratch
fdt-not-preserved|FDT not in preserved memory map
scratch-hole|scratch area outside usable RAM"
NCASES=17

case_line() { echo "$CASES" | sed -n "${1}p"; }

inject_and_kexec() { # inject_and_kexec INDEX
	c=$(case_line "$1")
	echo "${c%%|*}" >/sys/kernel/debug/kho/out/inject || fail "cannot inject ${c%%|*}"
	log "handing over with '${c%%|*}'"
	kexec_next 6.12
}

check_skipped() { # check_skipped INDEX: one client skipped, handover accepted
	c=$(case_line "$1")
	msg=${c#*|skip:}
	expect_dmesg 'KHO: found kexec handover data'
	expect_no_dmesg 'KHO: invalid handover'
	expect_dmesg "$msg"
	expect_no_dmesg 'Kernel panic|BUG:|WARNING:'
	case ${c%%|*} in
	blob-not-preserved|blob-in-scratch)
		# Only the skipped client is lost.
		expect_no_dmesg 'KHO: exec from:'
		[ -e /sys/kernel/debug/kho/in/sub_fdts/kexec-metadata ] &&
			fail "skipped subtree exposed in kho/in/sub_fdts"
		expect_dmesg "Revived memory reservation 'khotest' from KHO"
		expect_dmesg 'KHO restore succeeded'
		;;
	memblock-in-scratch)
		expect_no_dmesg 'Revived memory reservation'
		expect_dmesg 'KHO: exec from: 6\.12'
		expect_dmesg 'KHO restore succeeded'
		;;
	block-in-scratch)
		# All of scratch was handed over as preserved 4 MiB blocks,
		# including where this kernel runs now: every block is skipped,
		# none rejects the handover, every client is intact.
		n=$(dmesg | sed -n 's/.*KHO: skipped \([0-9]*\) preserved blocks .*/\1/p')
		first=$(dmesg | sed -n 's/.*KHO: skipped .*(first at \(0x[0-9a-f]*\)).*/\1/p')
		total=0 low=
		for l in $(cat /sys/kernel/debug/kho/out/scratch_len); do total=$((total + l)); done
		for a in $(cat /sys/kernel/debug/kho/out/scratch_phys); do
			[ -z "$low" ] || [ $((a)) -lt $((low)) ] && low=$a
		done
		[ "$n" = $((total >> 22)) ] || fail "skipped $n blocks, want $((total >> 22)) (all of scratch)"
		[ "$((first))" = "$((low))" ] || fail "first skipped block $first is not the lowest scratch address $low"
		r=$(grep -m1 "Kernel code" /proc/iomem | tr -d ' ' | cut -d: -f1)
		log "kernel code at $r, inside the skipped blocks"
		expect_dmesg 'KHO: exec from: 6\.12'
		expect_dmesg "Revived memory reservation 'khotest' from KHO"
		expect_dmesg 'KHO restore succeeded'
		;;
	esac
	log "skipped '${c%%|*}': $(dmesg | grep -E -- "$msg" | head -n1 | sed 's/^\[[^]]*\] //')"
}

check_rejected() { # check_rejected INDEX
	c=$(case_line "$1")
	case ${c#*|} in skip:*) check_skipped "$1"; return ;; esac
	expect_dmesg "KHO: invalid handover \\(${c#*|} at "
	[ "$(dmesg | grep -c 'KHO: invalid handover')" = 1 ] || fail "more than one KHO error line"
	expect_no_dmesg 'KHO: found kexec handover data'
	expect_no_dmesg 'Revived memory reservation'
	expect_no_dmesg 'KHO restore (succeeded|failed)'
	expect_no_dmesg 'Kernel panic|BUG:|WARNING:'
	# Cold boot again: fresh scratch, fresh outgoing state.
	expect_dmesg 'KHO: scratch area 0:'
	readable_nonempty /sys/kernel/debug/kho/out/fdt || fail "no kho/out/fdt after rejected handover"
	[ -e /sys/kernel/debug/kho/in ] && fail "kho/in exists after rejected handover"
	log "rejected '${c%%|*}': $(dmesg | grep 'KHO: invalid handover' | sed 's/^\[[^]]*\] //')"
}

stage_1() {
	[ -w /sys/kernel/debug/kho/out/inject ] || fail "no kho/out/inject (CONFIG_KEXEC_HANDOVER_TEST_HOOKS)"
	inject_and_kexec 1
}

stage_default() {
	i=$((KHO_STAGE - 1))
	check_rejected "$i"
	if [ "$i" -lt "$NCASES" ]; then
		inject_and_kexec $((i + 1))
	fi
	# A good handover still works after all that.
	mem_fill khotest "$SEED"
	echo big-preserve >/sys/kernel/debug/kho/out/test_preserve 2>/tmp/err ||
		fail "big-preserve failed: $(cat /tmp/err)"
	big=$(dmesg | sed -n 's/.*KHO: test: preserved \(0x[0-9a-f]*\) as one block of order \([0-9]*\)$/\1 \2/p' | tail -n1)
	[ -n "$big" ] || fail "no 'preserved ... as one block' line"
	set -- $big
	grep -qx "$(printf %#x $(($1))) $2" /sys/kernel/debug/kho/out/memory_map ||
		fail "memory map lacks the order-$2 block at $1"
	echo "$1" >/state/big
	log "preserved $1 as one block of order $2"
	echo none >/sys/kernel/debug/kho/out/inject
	kexec_next 6.12
}

stage_19() {
	expect_dmesg 'KHO: found kexec handover data'
	expect_no_dmesg 'KHO: invalid handover'
	expect_dmesg "Revived memory reservation 'khotest' from KHO"
	mem_verify khotest "$SEED" "$(cat /state/khotest.start)"
	expect_dmesg 'KHO restore succeeded'
	big=$(cat /state/big)
	echo "big-restore $big" >/sys/kernel/debug/kho/out/test_preserve 2>/tmp/err ||
		fail "big-restore $big: $(cat /tmp/err): $(dmesg | grep 'KHO: test:' | tail -n1)"
	expect_dmesg "KHO: restore of $big: preserved as order [0-9]+, larger than [0-9]+"
	expect_dmesg "KHO: test: order [0-9]+ block at $big refused as a folio, restored as pages"
	log "$(dmesg | grep "refused as a folio" | sed 's/^\[[^]]*\] //')"
	pass
}
