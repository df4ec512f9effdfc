#!/bin/sh
# Fetch Debian's linux-source-<KVER> package and unpack it as a git tree.
#
#   scripts/kernel-source.sh KVER DESTDIR
#   scripts/kernel-source.sh --version KVER DESTDIR
#                       print the package version DESTDIR holds, or the one
#                       it would be unpacked from (the key of a kernel
#                       build cache), and fetch or unpack nothing
#
# 6.12 comes from the machine's default sources (bookworm-security).
# 7.2 comes from Debian sid, added in its own sources file with an apt pin
# of 100 (below the default 500), so nothing else is ever upgraded from it;
# only the linux-source-7.2 .deb is downloaded (apt-get download: no
# dependencies are installed from sid).
#
# DESTDIR becomes a git tree whose first commit "base" is the pristine
# Debian source; DESTDIR/.kho-debian-version records the package version.
set -eu
VERSION_ONLY=0
[ "${1:-}" != --version ] || { VERSION_ONLY=1; shift; }
KVER=$1
DEST=$2
PKG=linux-source-$KVER
DL=$(dirname "$DEST")/dl

if [ -f "$DEST/.kho-debian-version" ] && git -C "$DEST" rev-parse -q --verify base >/dev/null; then
	[ "$VERSION_ONLY" = 0 ] || cat "$DEST/.kho-debian-version"
	exit 0
fi
mkdir -p "$DL"

SID_LIST=/etc/apt/sources.list.d/kho-suite-sid.sources
SID_PIN=/etc/apt/preferences.d/kho-suite-sid
add_sid() {
	[ -f "$SID_LIST" ] && [ -f "$SID_PIN" ] && return 0
	[ "$(id -u)" = 0 ] || { echo "kernel-source: need root to add sid for $PKG" >&2; exit 1; }
	cat >"$SID_LIST" <<'SRC'
# kho-suite: only for linux-source-7.2 (see /etc/apt/preferences.d/kho-suite-sid)
Types: deb
URIs: http://deb.debian.org/debian
Suites: sid
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
	cat >"$SID_PIN" <<'PIN'
# kho-suite: never upgrade anything from sid; packages are only taken
# from it when asked for explicitly (apt-get download linux-source-7.2).
Package: *
Pin: release n=sid
Pin-Priority: 100
PIN
	apt-get update -qq
}

case "$KVER" in
6.12) ;;
*) add_sid ;;
esac

ver=$(apt-cache policy "$PKG" 2>/dev/null | awk '/Candidate:/ {print $2}')
if [ -z "$ver" ] || [ "$ver" = "(none)" ]; then
	apt-get update -qq
	ver=$(apt-cache policy "$PKG" 2>/dev/null | awk '/Candidate:/ {print $2}')
fi
# With the sid pin at 100 the candidate is still the sid version when no
# other suite carries the package; take the highest version apt knows.
if [ -z "$ver" ] || [ "$ver" = "(none)" ]; then
	ver=$(apt-cache madison "$PKG" | awk '{print $3}' | sort -V | tail -n1)
fi
[ -n "$ver" ] || { echo "kernel-source: no $PKG in any apt source" >&2; exit 1; }
[ "$VERSION_ONLY" = 0 ] || { echo "$ver"; exit 0; }

deb=$(ls "$DL/${PKG}_${ver}_"*.deb 2>/dev/null | head -n1 || true)
if [ -z "$deb" ]; then
	echo "kernel-source: downloading $PKG $ver"
	(cd "$DL" && apt-get download -qq "$PKG=$ver")
	deb=$(ls "$DL/${PKG}_"*"_"*.deb | grep -F "_$(echo "$ver" | sed 's/:/%3a/')_" | head -n1 || true)
	[ -n "$deb" ] || deb=$(ls -t "$DL/${PKG}_"*.deb | head -n1)
fi

tmp=$DEST.tmp
rm -rf "$tmp" "$DEST"
mkdir -p "$tmp"
echo "kernel-source: unpacking $(basename "$deb")"
dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$tmp" --wildcards './usr/src/*.tar.*'
tarball=$(ls "$tmp"/usr/src/linux-source-*.tar.*)
mkdir -p "$DEST"
tar -x -C "$DEST" --strip-components=1 -f "$tarball"
rm -rf "$tmp"
cd "$DEST"
git init -q
git config user.email kho-suite@localhost
git config user.name kho-suite
git config core.autocrlf false
echo "$ver" >.kho-debian-version
printf '.kho-debian-version\n' >>.git/info/exclude
# Debian's .gitignore ignores every top-level entry ("/*"): force.
git add -A -f . >/dev/null
git commit -q -m "base: Debian $PKG $ver"
git tag -f base >/dev/null
echo "kernel-source: $DEST is $PKG $ver (tag base)"
