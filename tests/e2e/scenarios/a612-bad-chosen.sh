# a612-bad-chosen: arm64, a malformed handover in /chosen on a cold boot.
# QEMU boots 6.12 with its own virt device tree plus two properties a
# buggy or hostile previous stage could leave behind: linux,kho-fdt of 8
# bytes (one address cell pair short: the root has #address-cells =
# #size-cells = 2) and a well-formed linux,kho-scratch pointing at an array
# of garbage. The kernel must refuse the handover with one line naming the
# property, boot as after a cold boot (its own scratch, KHO usable), and
# its first KHO kexec must replace both properties by well-formed ones:
# the next kernel revives the region (the positive twin in the same run).
E2E_DESC="arm64: malformed /chosen/linux,kho-fdt from the boot loader: one line, cold boot, the next kexec hands over"
E2E_ARCH=arm64
E2E_KERNELS="6.12"
E2E_MEM=1G
E2E_CMDLINE="kho=on reserve_mem=4M:4096:khotest"
E2E_TIMEOUT=300

SEED=0xbadc0de

# QEMU's own device tree for this machine (dumpdtb), with the two
# properties added by dtc's fdtput
host_prepare() {
	dtb=$1/virt-bad-chosen.dtb
	qemu-system-aarch64 -M virt,dumpdtb="$dtb" -cpu max -smp "$E2E_SMP" -m "$E2E_MEM" \
		-display none >/dev/null 2>&1 || { echo "qemu dumpdtb failed" >&2; return 1; }
	fdtput -t x "$dtb" /chosen linux,kho-fdt 0 0x48000000 &&
		fdtput -t x "$dtb" /chosen linux,kho-scratch 0 0x48001000 0 0x20 ||
		{ echo "fdtput failed" >&2; return 1; }
	[ "$(fdtget -t x "$dtb" /chosen linux,kho-fdt)" = "0 48000000" ] ||
		{ echo "fdtget does not read back linux,kho-fdt" >&2; return 1; }
	echo "-dtb $dtb"
}

stage_1() {
	expect_release 6.12
	expect_dmesg 'KHO: invalid handover \(/chosen/linux,kho-fdt is 8 bytes, not 16\); booting as after a cold boot'
	[ "$(dmesg | grep -c 'KHO: invalid handover')" = 1 ] || fail "more than one 'invalid handover' line"
	expect_no_dmesg 'KHO: found kexec handover data'
	expect_no_dmesg 'Revived memory reservation'
	expect_dmesg 'KHO: scratch area 0:'
	[ "$(wc -c </proc/device-tree/chosen/linux,kho-fdt)" = 8 ] ||
		fail "the boot loader's 8-byte linux,kho-fdt is not in /proc/device-tree"
	[ -r /sys/kernel/debug/kho/out/fdt ] || fail "KHO is not usable after the refused handover"
	mem_fill khotest "$SEED"
	kexec_next 6.12
}

stage_2() {
	[ "$(wc -c </proc/device-tree/chosen/linux,kho-fdt)" = 16 ] ||
		fail "linux,kho-fdt is not a 16-byte range after our kexec"
	[ "$(wc -c </proc/device-tree/chosen/linux,kho-scratch)" = 16 ] ||
		fail "linux,kho-scratch is not a 16-byte range after our kexec"
	expect_revived '6\.12\.[0-9]+' 1 "$SEED"
	pass
}
