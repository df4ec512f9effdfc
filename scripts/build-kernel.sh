#!/bin/sh
# Build a kho-suite guest kernel from Debian's sources.
#
#   scripts/build-kernel.sh KVER [FLAVOR]
#   scripts/build-kernel.sh --module KVER[-FLAVOR] DIR   (external module)
#
#   KVER    6.12 or 7.2 (any linux-source-<KVER> Debian ships)
#   FLAVOR  optional extra fragment scripts/kconfig/<KVER>-<FLAVOR>.config;
#           FLAVOR "arm64" cross-compiles for arm64 (aarch64-linux-gnu-gcc)
#           from arm64.config + <KVER>.config instead of common.config +
#           <KVER>.config (no BTF, BPF or ftrace: the arm64 guests do not
#           trace) and builds Image instead of bzImage; a fragment with
#           the line "# build-kernel: seed from base" is built from a copy
#           of build/kernel/<KVER> when it has none yet (see below)
#
# Source:  build/src/linux-<KVER>   git tree, tag "base" = pristine Debian source,
#                                   branch "series" = base + kernel-patches/<KVER>/series
# Objects: build/kernel/<KVER>[-<FLAVOR>]  (O= build dir; bzImage or Image,
#                                           vmlinux, modules)
#
# Environment:
#   KHO_KERNEL_TREE=as-is  build whatever is checked out in build/src/linux-<KVER>
#                          (for kernel development) instead of base + series
#   JOBS=N                 parallel jobs (default: nproc)
#
# Kernel builds take both cores: they are serialised with flock on
# /tmp/kho-kbuild.lock so two never run at once.
set -eu
MDIR=""
if [ "${1:-}" = --module ]; then
	# --module NAME DIR: build the external module in DIR against the
	# built kernel build/kernel/NAME with the very make variables the
	# kernel was built with; with others (plain gcc as HOSTCC, ARCH=x86)
	# kbuild would rebuild its host tools and objtool, which makes every
	# object out of date for the next kernel build
	[ $# = 3 ] || { echo "usage: build-kernel.sh --module KVER[-FLAVOR] DIR" >&2; exit 2; }
	MDIR=$(cd "$3" && pwd)
	KVER=${2%%-*}
	FLAVOR=""
	[ "$KVER" = "$2" ] || FLAVOR=${2#*-}
else
	KVER=${1:?usage: build-kernel.sh KVER [FLAVOR]}
	FLAVOR=${2:-}
fi
TOP=$(cd "$(dirname "$0")/.." && pwd)
SRC=$TOP/build/src/linux-$KVER
NAME=$KVER${FLAVOR:+-$FLAVOR}
OBJ=$TOP/build/kernel/$NAME
PATCHES=$TOP/kernel-patches/$KVER
KCONF=$TOP/scripts/kconfig
JOBS=${JOBS:-$(nproc)}

die() { echo "build-kernel: $*" >&2; exit 1; }

if [ -z "$MDIR" ]; then
	"$TOP/scripts/deps.sh"
	"$TOP/scripts/kernel-source.sh" "$KVER" "$SRC"
fi

series_ids() {
	[ -f "$PATCHES/series" ] || return 0
	grep -v -e '^[[:space:]]*#' -e '^[[:space:]]*$' "$PATCHES/series"
}

apply_series() {
	want=$( (cat "$PATCHES/series" 2>/dev/null; for p in $(series_ids); do cat "$PATCHES/$p"; done) |
		sha1sum | cut -c1-16)
	cd "$SRC"
	have=$(cat .git/kho-series 2>/dev/null || true)
	branch=$(git symbolic-ref -q --short HEAD || true)
	dirty=$(git status --porcelain --untracked-files=no | head -n1)
	if [ "$branch" = series ] && [ "$have" = "$want" ] && [ -z "$dirty" ]; then
		return 0
	fi
	[ -z "$dirty" ] || die "$SRC has uncommitted changes; commit them on a branch of your own, or build them with KHO_KERNEL_TREE=as-is"
	git checkout -q -B series base
	n=0
	for p in $(series_ids); do
		[ -f "$PATCHES/$p" ] || die "kernel-patches/$KVER/series lists $p, which does not exist"
		if ! git am -q --keep-cr "$PATCHES/$p" >/dev/null 2>&1; then
			git am --abort >/dev/null 2>&1 || true
			git checkout -q -B series base
			die "kernel-patches/$KVER/$p does not apply to Debian linux-source-$KVER $(cat .kho-debian-version)"
		fi
		n=$((n + 1))
	done
	echo "$want" >.git/kho-series
	echo "build-kernel: applied $n patch(es) from kernel-patches/$KVER/series"
}

if [ -z "$MDIR" ] && [ "${KHO_KERNEL_TREE:-series}" != as-is ]; then
	apply_series
fi

if [ "$FLAVOR" = arm64 ]; then
	KARCH=arm64 TARGET=Image
	CROSS="CROSS_COMPILE=aarch64-linux-gnu- CC=ccache\\ aarch64-linux-gnu-gcc"
	frags="$KCONF/arm64.config $KCONF/$KVER.config"
else
	KARCH=x86_64 TARGET=bzImage CROSS="CC=ccache\\ gcc"
	frags="$KCONF/common.config $KCONF/$KVER.config"
	[ -z "$FLAVOR" ] || frags="$frags $KCONF/$KVER-$FLAVOR.config"
fi
for f in $frags; do [ -f "$f" ] || die "missing config fragment $f"; done

# A flavor whose fragment carries the line "# build-kernel: seed from base"
# changes Kconfig symbols only, never compiler flags (nokho, prod, notrace):
# it is built on top of the base build (build/kernel/<KVER>, built first if
# missing). Its first build starts from a copy of the base's objects, so
# kbuild recompiles only the objects that depend on a changed symbol (fixdep
# records each object's CONFIG_ dependencies, syncconfig touches the changed
# ones) instead of running every file through the compiler or ccache again.
# For that the base and its seeded flavors run one objtool, the base's: every
# object depends on the objtool binary, and a copy's own objtool is rebuilt
# (its build records absolute paths), which would date every object.
seeded=""
if [ "$KARCH" = x86_64 ] && { [ -z "$FLAVOR" ] ||
	grep -qx '# build-kernel: seed from base' "$KCONF/$KVER-$FLAVOR.config"; }; then
	seeded=$TOP/build/kernel/$KVER
fi
if [ -z "$MDIR" ] && [ -n "$FLAVOR" ] && [ -n "$seeded" ]; then
	[ -f "$seeded/vmlinux" ] || "$0" "$KVER" || die "cannot build $KVER, which $NAME is built on"
	if [ ! -e "$OBJ/.config" ]; then
		rm -rf "$OBJ"
		flock /tmp/kho-kbuild.lock cp -a "$seeded" "$OBJ"
		rm -f "$OBJ/kho-build-info"
		echo "build-kernel: $NAME starts from a copy of $KVER's objects"
	fi
fi

# ccache: hash paths relative to the checkout, so another clone (CI) hits
# the cache; the compile directory in DWARF is irrelevant to us (BTF only).
export CCACHE_BASEDIR=$TOP CCACHE_NOHASHDIR=1
MAKE="make -s -C $SRC O=$OBJ ARCH=$KARCH $CROSS HOSTCC=ccache\ gcc KBUILD_BUILD_USER=kho KBUILD_BUILD_HOST=kho-suite KBUILD_BUILD_TIMESTAMP=2026-01-01 LOCALVERSION="
[ -z "$seeded" ] || MAKE="$MAKE objtool=$seeded/tools/objtool/objtool"
if [ -n "$MDIR" ]; then
	[ -f "$OBJ/.config" ] || die "no kernel built in $OBJ"
	eval "$MAKE M=$MDIR modules"
	exit 0
fi
mkdir -p "$OBJ"
# Reconfigure when the fragments or any Kconfig file of the tree changed
# (a patch that adds a symbol must see it configured as the fragments ask).
cfghash=$( (cat $frags; git -C "$SRC" ls-files -s -- '*Kconfig*'; git -C "$SRC" diff -- '*Kconfig*') |
	sha1sum | cut -c1-16)
if [ "$(cat "$OBJ/.kho-config-hash" 2>/dev/null)" != "$cfghash" ] || [ ! -f "$OBJ/.config" ]; then
	echo "build-kernel: configuring $NAME (tinyconfig + $(echo "$frags" | sed "s|$KCONF/||g"))"
	eval "$MAKE tinyconfig" >/dev/null
	(cd "$OBJ" && KCONFIG_CONFIG=.config "$SRC/scripts/kconfig/merge_config.sh" -m -O "$OBJ" .config $frags >/dev/null)
	eval "$MAKE olddefconfig" >/dev/null
	# Report fragment options the tree does not have or refused (the
	# last fragment that sets an option wins, as in merge_config.sh).
	for f in $frags; do
		later=$(echo "$frags" | sed "s|.*$f||")
		grep -E '^CONFIG_[A-Z0-9_]+=' "$f" | while IFS= read -r line; do
			sym=${line%%=*}; val=${line#*=}
			# shellcheck disable=SC2086
			[ -z "$later" ] || ! grep -qE "^$sym=" $later /dev/null || continue
			if [ "$val" = n ]; then
				! grep -q "^$sym=" "$OBJ/.config" || echo "build-kernel: note: $sym is set although $(basename "$f") says n"
			elif ! grep -qxF "$line" "$OBJ/.config"; then
				echo "build-kernel: note: $line from $(basename "$f") is not in the final config"
			fi
		done
	done
	echo "$cfghash" >"$OBJ/.kho-config-hash"
fi

echo "build-kernel: building $NAME with $JOBS jobs"
start=$(date +%s)
flock /tmp/kho-kbuild.lock sh -c "$MAKE -j$JOBS $TARGET modules" || die "kernel build of $NAME failed"
echo "build-kernel: $NAME built in $(( $(date +%s) - start )) s"
{
	echo "debian_package=linux-source-$KVER $(cat "$SRC/.kho-debian-version")"
	echo "kernelrelease=$(cat "$OBJ/include/config/kernel.release")"
	echo "tree=${KHO_KERNEL_TREE:-series} $(git -C "$SRC" rev-parse --short HEAD)"
	echo "patches=$(series_ids | wc -l)"
	echo "flavor=${FLAVOR:-default}"
} >"$OBJ/kho-build-info"
cat "$OBJ/kho-build-info"
