# verdict-warn-arm64 (harness-verdicts): verdict-warn on arm64, the same verdict
# rules for arm64's log format.
. "${SCEN_DIR:-/e2e/scenarios}/verdict-warn.sh"
E2E_DESC="arm64: $E2E_DESC"
E2E_ARCH=arm64
