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
 libclang-rt-14-dev linux-source-6.12 time man-db"

missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' ||
		missing="$missing $p"
done

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
	apt-get update -qq
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
