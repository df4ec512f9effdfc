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
 qemu-system-arm"

# The arm64 guests: Debian's static busybox and libfdt.a for arm64 are
# unpacked (not installed: the arm64 packages would replace the amd64 ones,
# neither is co-installable) into build/arm64/root.
TOP=$(cd "$(dirname "$0")/.." && pwd)
ARM64_ROOT=$TOP/build/arm64/root
ARM64_DEBS="busybox-static libfdt-dev"
ARM64_FILES="bin/busybox usr/lib/aarch64-linux-gnu/libfdt.a usr/include/libfdt.h"

missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' ||
		missing="$missing $p"
done

arm64_ready() {
	for f in $ARM64_FILES; do [ -e "$ARM64_ROOT/$f" ] || return 1; done
}
arm64_ready || missing="$missing arm64-debs($ARM64_DEBS)"

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
	# the arm64 .debs need the arm64 package lists
	dpkg --print-foreign-architectures | grep -qx arm64 || dpkg --add-architecture arm64
	apt-get update -qq
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $(echo "$missing" | sed 's/ arm64-debs([^)]*)//') >/dev/null
	if ! arm64_ready; then
		dl=$(mktemp -d)
		ok=1
		for d in $ARM64_DEBS; do
			(cd "$dl" && apt-get download -qq -o APT::Sandbox::User=root "$d:arm64") &&
				dpkg-deb -x "$dl/${d}_"*_arm64.deb "$dl/root" || ok=0
		done
		rm -rf "$ARM64_ROOT"
		mkdir -p "$(dirname "$ARM64_ROOT")"
		[ $ok = 1 ] && mv "$dl/root" "$ARM64_ROOT" && arm64_ready || {
			rm -rf "$dl"
			echo "deps: cannot unpack $ARM64_DEBS for arm64 into $ARM64_ROOT" >&2
			exit 1
		}
		rm -rf "$dl"
	fi
fi
