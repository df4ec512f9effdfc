# kho-suite e2e: the kernel cache, sourced by run.sh and tests/unit/kcache.sh.
# Needs TOP (the checkout) and KART (the directory of the builds' artifacts,
# one subdirectory per build, as collect_kernel in run.sh makes them).
# shellcheck shell=bash

# The kernel cache: the artifacts of each build, under a key of everything
# the build reads: the Debian source version, the series and config
# fragments, the build scripts, the test modules' sources, the
# toolchain's versions and what an entry holds (run.sh's collect_kernel).
# A checkout that changes none of them boots the very kernels the last one
# built (CI: a clean clone per run) instead of running kbuild over the
# whole tree again. E2E_KCACHE=0 or KHO_KERNEL_TREE=as-is
# (whatever is checked out) skips it; E2E_KCACHE_DIR moves it.
KCACHE=${E2E_KCACHE_DIR:-${XDG_CACHE_HOME:-${HOME:-}/.cache}/kho-suite/kernels}
# no HOME and no directory named: no cache (not one in /.cache)
[ -n "${E2E_KCACHE_DIR:-}${XDG_CACHE_HOME:-}${HOME:-}" ] || E2E_KCACHE=0
KCACHE_KEEP=3	# entries kept per build
kcache_key() { # kcache_key K: the key on stdout; non-zero: no cache for K
	local k=$1 kver=${1%%-*} ver cc=gcc ld=ld inputs
	[ "${E2E_KCACHE:-1}" != 0 ] && [ "${KHO_KERNEL_TREE:-series}" = series ] || return 1
	ver=$("$TOP/scripts/kernel-source.sh" --version "$kver" "$TOP/build/src/linux-$kver" 2>/dev/null) &&
		[ -n "$ver" ] || return 1
	case "$k" in *-arm64) cc=aarch64-linux-gnu-gcc ld=aarch64-linux-gnu-ld ;; esac
	inputs=$(
		set -o pipefail
		echo "build $k source $ver" &&
			{ declare -f collect_kernel || true; } &&
			$cc --version | sed -n 1p && $ld --version | sed -n 1p && pahole --version &&
			cd "$TOP" && find "kernel-patches/$kver" scripts/kconfig scripts/build-kernel.sh \
				scripts/kernel-source.sh tests/e2e/module -type f -print0 |
			LC_ALL=C sort -z | xargs -0 sha256sum
	) || return 1
	printf '%s\n' "$inputs" | sha256sum | cut -c1-20
}
kcache_get() { # kcache_get K KEY: K's artifacts from the cache
	local k=$1 tmp=$KART/.$1.tmp
	[ -f "$KCACHE/$k@$2/build-id" ] || return 1
	rm -rf "$tmp" && cp -r "$KCACHE/$k@$2" "$tmp" && touch "$KCACHE/$k@$2" &&
		rm -rf "${KART:?}/$k" && mv "$tmp" "$KART/$k"
}
kcache_put() { # kcache_put K KEY: store K's artifacts; keep the newest entries
	local k=$1 tmp old
	mkdir -p "$KCACHE" && tmp=$(mktemp -d "$KCACHE/.put.XXXXXX") || return 1
	if cp -r "$KART/$k/." "$tmp/" && rm -rf "${KCACHE:?}/$k@$2" && mv "$tmp" "$KCACHE/$k@$2"; then
		for old in $(ls -dt "$KCACHE/$k"@* | tail -n +$((KCACHE_KEEP + 1))); do
			rm -rf "$old"
		done
	else
		rm -rf "$tmp"
		return 1
	fi
}
