# a612-bad-handover: k612-bad-handover on arm64. The same seventeen
# corrupted handovers, through the device-tree transport: the thirteen
# rejected ones must be refused with one line by kho_populate() (called
# from the early device-tree scan) and kho_in_revalidate() (from
# arm64_memblock_init()), the four damaged clients must cost only that
# client, and kho_restore_folio() must refuse an order-11 block. The
# stages are k612-bad-handover's.
. "${SCEN_DIR:-/e2e/scenarios}/k612-bad-handover.sh"
E2E_DESC="arm64: $E2E_DESC"
E2E_ARCH=arm64
