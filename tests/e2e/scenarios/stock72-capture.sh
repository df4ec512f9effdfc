# stock72-capture: capture the KHO debugfs trees of stock 7.2, before
# (kho/out on the cold boot) and after (kho/in + kho/out) a KHO kexec, and
# send them to the host (build/e2e/stock72-capture/files/).  Used by
# scripts/capture-fixtures.sh to make tests/fixtures/7.2/; as a test it
# checks that every file 7.2 documents is there and is not empty.
E2E_DESC="stock 7.2: capture kho/out and kho/in across one KHO kexec"
E2E_KERNELS="7.2"
E2E_MEM=1G
E2E_CMDLINE="kho=on reserve_mem=4M:4096:khotest"
E2E_TIMEOUT=240


stage_1() {
	d=/sys/kernel/debug/kho/out
	for f in fdt scratch_phys scratch_len sub_fdts/kexec-metadata sub_fdts/memblock sub_fdts/kho_test; do
		readable_nonempty "$d/$f" || fail "cold boot: $d/$f missing or empty"
	done
	mem_fill khotest 0xf1c5
	export_tree cold/out "$d"
	dmesg >/tmp/dmesg.txt
	export_file cold/dmesg.txt /tmp/dmesg.txt
	kexec_next 7.2
}

stage_2() {
	d=/sys/kernel/debug/kho
	for f in in/fdt in/sub_fdts/kexec-metadata in/sub_fdts/memblock in/sub_fdts/kho_test; do
		readable_nonempty "$d/$f" || fail "KHO boot: $d/$f missing or empty"
	done
	mem_verify khotest 0xf1c5 "$(cat /state/khotest.start)"
	export_tree kexec1/in "$d/in"
	export_tree kexec1/out "$d/out"
	dmesg >/tmp/dmesg.txt
	export_file kexec1/dmesg.txt /tmp/dmesg.txt
	pass
}
