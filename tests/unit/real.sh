#!/bin/bash
# Tests against real fixtures captured from VMs (tests/fixtures/7.2, 6.12).
# Skipped, with the reason, until the captures exist.
set -u
. "$TOP/tests/unit/lib.sh"
found=0
for d in "$TOP"/tests/fixtures/7.2 "$TOP"/tests/fixtures/6.12; do
	[ -d "$d" ] && found=1
done
if [ $found = 0 ]; then
	skip real-fixtures "no captures under tests/fixtures/7.2 or 6.12 yet"
fi
summary real
[ $T_FAIL = 0 ]
