# a612-timing: k612-timing on arm64 (6.12 -> 6.12 -> 6.12 -> stock 7.2 ->
# 6.12): the phases in order with the generic timer's system counter
# ("clock cntvct"), the blackout within 25 % + 100 ms of what the host saw
# on the serial console, stock 7.2 clean with the stamps in the root FDT,
# no blackout claimed after 7.2. The stages are k612-timing's.
. "${SCEN_DIR:-/e2e/scenarios}/k612-timing.sh"
E2E_DESC="arm64: $E2E_DESC"
E2E_ARCH=arm64
KHO_CLOCK=cntvct
