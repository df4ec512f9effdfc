# a72-to-612: k72-to-612 on arm64, stock 7.2 -> 6.12 (kho-suite series).
# Our kernel must accept the handover stock 7.2 passes in /chosen: our
# test_kho verifies the folios 7.2's test_kho preserved, we revive 7.2's
# reserve_mem region at the same physical address with the pattern intact,
# name 7.2 as the previous kernel, and khodump (cross-compiled) reads 7.2's
# handover as a whole. The stages are k72-to-612's.
. "${SCEN_DIR:-/e2e/scenarios}/k72-to-612.sh"
E2E_DESC="arm64: $E2E_DESC"
E2E_ARCH=arm64
