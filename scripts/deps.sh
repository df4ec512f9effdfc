#!/bin/sh
# Install everything kho-suite needs on Debian 12 (run as root). Idempotent:
# a second run installs nothing and exits quickly.
#
#   scripts/deps.sh            user-space + kernel build + VM test packages
#   scripts/deps.sh --check    exit 0 when everything is present, 1 otherwise
set -eu

PKGS="build-essential bc bison flex libssl-dev libelf-dev dwarves ccache cpio
 kmod rsync xz-utils zstd git python3 perl
 clang llvm lld libbpf-dev bpftool libfdt-dev device-tree-compiler
 libncurses-dev pkg-config qemu-system-x86 busybox-static kexec-tools tmux
 libclang-rt-14-dev linux-source-6.12 time man-db
 gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu libc6-dev-arm64-cross
 qemu-system-arm libfdt-dev:arm64"

# The arm64 guests: Debian's static busybox for arm64, unpacked (not
# installed: it would replace the amd64 one) into build/arm64/.
TOP=$(cd "$(dirname "$0")/.." && pwd)
ARM64_BUSYBOX=$TOP/build/arm64/busybox

missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' ||
		missing="$missing $p"
done

[ -x "$ARM64_BUSYBOX" ] || missing="$missing busybox-static:arm64"

if [ "${1:-}" = "--check" ]; then
	[ -z "$missing" ] && exit 0
	echo "missing packages:$missing" >&2
	exit 1
fi

if [ -n "$missing" ]; then
	if [ "$(id -u)" != 0 ]; then
		echo "deps: need root to install:$missing" >&2
		exit 1
	fi
	echo "deps: installing$missing"
	export DEBIAN_FRONTEND=noninteractive
	# libfdt-dev:arm64 and busybox-static:arm64 need the arm64 package lists
	dpkg --print-foreign-architectures | grep -qx arm64 || dpkg --add-architecture arm64
	apt-get update -qq
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $(echo "$missing" | sed 's/ busybox-static:arm64//') >/dev/null
	if [ ! -x "$ARM64_BUSYBOX" ]; then
		dl=$(mktemp -d)
		chmod 755 "$dl"	# apt-get download runs as _apt
		(cd "$dl" && apt-get download -qq busybox-static:arm64) &&
			dpkg-deb -x "$dl"/busybox-static_*_arm64.deb "$dl/root" &&
			mkdir -p "$(dirname "$ARM64_BUSYBOX")" &&
			cp "$dl/root/bin/busybox" "$ARM64_BUSYBOX" || {
			rm -rf "$dl"
			echo "deps: cannot fetch busybox-static:arm64" >&2
			exit 1
		}
		rm -rf "$dl"
	fi
fi
