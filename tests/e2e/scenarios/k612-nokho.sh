# k612-nokho: KHO switched off, at run time and at build time.
# 6.12 with kho=off has no KHO state and kexecs (kexec_file_load, like
# kexec -s) into a 6.12 built with CONFIG_KEXEC_HANDOVER=n, which kexecs
# back into 6.12: every boot is a plain kexec, no handover anywhere.
# Both builds are release 6.12.117, so uname proves nothing: every stage
# proves which build runs by its GNU build ID (the runner reads each build's
# from its vmlinux) and by the KHO code in kallsyms, and stage 1's identity
# kept in /state must come back in stage 3 and differ in stage 2.
E2E_DESC="6.12 kho=off -> 6.12 (KEXEC_HANDOVER=n) -> 6.12: plain kexec_file works"
E2E_KERNELS="6.12 6.12-nokho"
E2E_MEM=1G
E2E_CMDLINE="kho=off reserve_mem=4M:4096:khotest"
E2E_TIMEOUT=300

SEED=0x0ff612

no_handover() {
	[ -e /sys/kernel/debug/kho/out ] && fail "kho/out exists with KHO off"
	expect_no_dmesg 'KHO: found kexec handover data'
	expect_no_dmesg 'Revived memory reservation'
	expect_no_dmesg 'KHO: invalid handover'
}

# identity KVER OTHER: this is KVER's build and not OTHER's (the negative
# twin: the same check must refuse the other flavor), and kallsyms is
# readable (a symbol both builds have); logs the build ID and /proc/version
identity() {
	expect_build "$1"
	is_build "$2" && fail "is_build cannot tell $1 from $2 (build ID $(kernel_build_id))"
	ksym __x64_sys_kexec_file_load || fail "kallsyms lacks __x64_sys_kexec_file_load: cannot judge symbols"
	log "stage $KHO_STAGE runs $1: build ID $(kernel_build_id), $(cat /proc/version)"
}
# kho_code yes|no: CONFIG_KEXEC_HANDOVER's code is (not) in the kernel
kho_code() {
	for s in kho_preserve_folio kho_restore_folio kho_populate; do
		if ksym "$s"; then
			[ "$1" = yes ] || fail "kallsyms has $s in a KEXEC_HANDOVER=n build"
		else
			[ "$1" = no ] || fail "kallsyms lacks $s in the KHO build"
		fi
	done
}

stage_1() {
	identity 6.12 6.12-nokho
	kho_code yes
	kernel_build_id >/state/build-id.1
	no_handover
	expect_no_dmesg 'KHO: scratch area'
	mem_fill khotest "$SEED"
	kexec_next 6.12-nokho
}

stage_2() {
	identity 6.12-nokho 6.12
	kho_code no
	kernel_build_id >/state/build-id.2
	[ "$(cat /state/build-id.2)" != "$(cat /state/build-id.1)" ] ||
		fail "stage 2 runs stage 1's build ($(cat /state/build-id.1))"
	no_handover
	[ -e /sys/kernel/debug/kho ] && fail "kho debugfs in a KEXEC_HANDOVER=n kernel"
	# A plain kexec does not keep the reserve_mem region.
	mem_fill khotest "$SEED"
	kexec_next 6.12
}

stage_3() {
	expect_release 6.12
	identity 6.12 6.12-nokho
	kho_code yes
	[ "$(kernel_build_id)" = "$(cat /state/build-id.1)" ] ||
		fail "stage 3 runs build $(kernel_build_id), stage 1 ran $(cat /state/build-id.1)"
	no_handover
	pass
}
