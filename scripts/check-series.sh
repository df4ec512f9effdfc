#!/bin/sh
# Check a kernel patch series patch by patch.
#
#   scripts/check-series.sh [--no-build] [--from N] [KVER]   (KVER defaults to 6.12)
#
# In build/src/linux-<KVER> (which must be clean), applies
# kernel-patches/<KVER>/series to tag "base" one patch at a time on branch
# "check-series"; after every patch it runs scripts/checkpatch.pl --strict
# --no-tree on the patch and (unless --no-build) builds the tree with
# scripts/build-kernel.sh (flock'ed, into build/kernel/<KVER>), and with
# every scripts/kconfig/<KVER>-<flavor>.config flavor (e.g. KHO=n) and for
# arm64 (cross-compiled: drivers/of and arch/arm64 are only built there); a
# failed build or any compiler warning fails the patch. The previously
# checked-out branch is restored at the end.
# --from N builds only from the N-th patch on (every patch is still applied
# and checkpatch'ed): for a series whose first patches were checked before.
# CHECK_FLAVORS="default arm64 ..." builds only those flavors.
# Prints one line per patch and a summary; exits non-zero on any failure.
set -u
BUILD=1 FROM=1
[ "${1:-}" = --no-build ] && { BUILD=0; shift; }
if [ "${1:-}" = --from ]; then
	FROM=${2:?--from needs a patch number}
	shift 2
fi
KVER=${1:-6.12}
TOP=$(cd "$(dirname "$0")/.." && pwd)
SRC=$TOP/build/src/linux-$KVER
PATCHES=$TOP/kernel-patches/$KVER
LOG=$TOP/build/check-series-$KVER
mkdir -p "$LOG"

die() { echo "check-series: $*" >&2; exit 1; }
[ -f "$PATCHES/series" ] || die "no $PATCHES/series"
[ -z "$(git -C "$SRC" status --porcelain --untracked-files=no)" ] ||
	die "$SRC has uncommitted changes"
prev=$(git -C "$SRC" symbolic-ref -q --short HEAD || git -C "$SRC" rev-parse HEAD)
restore() { git -C "$SRC" checkout -q "$prev"; }
trap restore EXIT

# flavors: the <KVER>-<flavor>.config fragments and arm64, built at every
# patch after the default build
flavors() {
	for f in "$TOP"/scripts/kconfig/"$KVER"-*.config; do
		[ -e "$f" ] || continue
		f=${f##*/$KVER-}
		echo "${f%.config}"
	done
	[ ! -f "$TOP/scripts/kconfig/arm64.config" ] || echo arm64
}

git -C "$SRC" checkout -q -B check-series base || die "cannot check out base"
fails=0 n=0 cp_err=0 cp_warn=0 cp_chk=0
for p in $(grep -v -e '^[[:space:]]*#' -e '^[[:space:]]*$' "$PATCHES/series"); do
	n=$((n + 1))
	status=ok
	if ! git -C "$SRC" am -q --keep-cr "$PATCHES/$p" >"$LOG/$p.am" 2>&1; then
		git -C "$SRC" am --abort >/dev/null 2>&1
		echo "FAIL $p: does not apply (see $LOG/$p.am)"
		fails=$((fails + 1))
		break
	fi
	(cd "$SRC" && perl scripts/checkpatch.pl --strict --no-tree --terse \
		--show-types "$PATCHES/$p") >"$LOG/$p.checkpatch" 2>&1
	e=$(grep -c ': ERROR:' "$LOG/$p.checkpatch")
	w=$(grep -c ': WARNING:' "$LOG/$p.checkpatch")
	c=$(grep -c ': CHECK:' "$LOG/$p.checkpatch")
	cp_err=$((cp_err + e)) cp_warn=$((cp_warn + w)) cp_chk=$((cp_chk + c))
	[ "$e" = 0 ] || status="checkpatch errors"
	if [ $BUILD = 1 ] && [ "$n" -ge "$FROM" ]; then
		for flavor in ${CHECK_FLAVORS:-default $(flavors)}; do
			out=$LOG/$p.build
			[ $flavor = default ] || out=$LOG/$p.$flavor.build
			if ! KHO_KERNEL_TREE=as-is "$TOP/scripts/build-kernel.sh" "$KVER" \
				$([ $flavor = default ] || echo "$flavor") >"$out" 2>&1; then
				status="build ($flavor) failed (see ${out#$TOP/})"
			elif grep -q 'warning:' "$out"; then
				status="build ($flavor) has compiler warnings (see ${out#$TOP/})"
			fi
		done
	fi
	[ "$status" = ok ] || fails=$((fails + 1))
	printf '%-4s %s  [checkpatch: %s errors, %s warnings, %s checks]\n' \
		"$([ "$status" = ok ] && echo ok || echo FAIL)" "$p" "$e" "$w" "$c"
	[ "$status" = ok ] || echo "     $status"
done

echo "check-series: $n patch(es), $fails failure(s); checkpatch --strict: $cp_err errors, $cp_warn warnings, $cp_chk checks (logs in ${LOG#$TOP/})"
[ $fails = 0 ]
