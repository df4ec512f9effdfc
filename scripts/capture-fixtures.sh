#!/bin/bash
# Capture real KHO debugfs trees (kho/out before a kexec, kho/in + kho/out
# after it) from VMs into build/fixtures/<scenario>/.
#
#   scripts/capture-fixtures.sh [SCENARIO...]   default: every *-capture scenario
#
# Each capture scenario exports, per stage, the debugfs files byte for byte
# (md5-checked over the serial console) plus that boot's dmesg, and records
# the kernel's Debian package version in build-info.txt.  To refresh the
# committed fixtures, copy what you need from build/fixtures/ to
# tests/fixtures/ and update tests/fixtures/README.md.
set -eu -o pipefail
TOP=$(cd "$(dirname "$0")/.." && pwd)
cd "$TOP"
if [ $# -eq 0 ]; then
	set -- $(tests/e2e/run.sh --list | grep -- '-capture$')
fi
tests/e2e/run.sh "$@"
for s in "$@"; do
	dest=build/fixtures/$s
	rm -rf "$dest"
	mkdir -p "$dest"
	cp -r "build/e2e/$s/files/." "$dest/"
	for k in $(. "tests/e2e/scenarios/$s.sh" && echo "$E2E_KERNELS"); do
		echo "== $k"
		cat "build/e2e/kernels/$k/kho-build-info"
	done >"$dest/build-info.txt"
	echo "fixtures: $dest"
	(cd "$dest" && find . -type f | sort | sed 's|^\./|  |')
done
