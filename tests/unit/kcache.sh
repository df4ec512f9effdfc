#!/bin/bash
# The e2e kernel cache (tests/e2e/kcache.sh) on a scratch copy of the files
# its key reads: the key is stable, every input changes it (a cache that
# missed one would boot a stale kernel), switches turn it off, entries come
# back byte for byte, incomplete entries miss, old entries are evicted per
# build only.  Env: TOP, WORK.
set -u
. "$TOP/tests/unit/lib.sh"
W=$WORK/kcache
rm -rf "$W" && mkdir -p "$W"
SRC_TOP=$TOP

# a checkout holding only what the key reads, and an unpacked "source"
T=$W/top
mkdir -p "$T/scripts" "$T/tests/e2e" "$T/kernel-patches" "$T/build/src/linux-6.12"
cp "$SRC_TOP/scripts/kernel-source.sh" "$SRC_TOP/scripts/build-kernel.sh" "$T/scripts/"
cp -r "$SRC_TOP/scripts/kconfig" "$T/scripts/"
cp -r "$SRC_TOP/kernel-patches/6.12" "$T/kernel-patches/"
cp -r "$SRC_TOP/tests/e2e/module" "$T/tests/e2e/"
(cd "$T/build/src/linux-6.12" && git init -q && git -c user.name=t -c user.email=t@t commit -q --allow-empty -m base &&
	git tag base && echo "6.12.117-1~deb12u1" >.kho-debian-version) || fail "kcache: setup" "git"

TOP=$T KART=$W/kart
export E2E_KCACHE_DIR=$W/cache
unset E2E_KCACHE KHO_KERNEL_TREE
# shellcheck source=tests/e2e/kcache.sh
. "$SRC_TOP/tests/e2e/kcache.sh"
mkdir -p "$KART"

key0=$(kcache_key 6.12); rc=$?
[ $rc = 0 ] && [[ "$key0" =~ ^[0-9a-f]{20}$ ]] && [ "$(kcache_key 6.12)" = "$key0" ] \
	&& pass "kcache: a 20-hex-digit key, the same twice" || fail "kcache: key" "rc=$rc '$key0'"
[ "$(kcache_key 6.12-kasan)" != "$key0" ] && [ "$(kcache_key 6.12-arm64)" != "$key0" ] \
	&& pass "kcache: each build has its own key" || fail "kcache: builds" "6.12-kasan or 6.12-arm64 has 6.12's key"

# changes FILE: appending to FILE changes the key, restoring it restores the key
changes() {
	local f=$T/$1 k
	cp "$f" "$W/saved"
	echo "# changed" >>"$f"
	k=$(kcache_key 6.12)
	cp "$W/saved" "$f"
	[ -n "$k" ] && [ "$k" != "$key0" ] && [ "$(kcache_key 6.12)" = "$key0" ]
}
patch=$(sed -n '/^[^#]/{p;q}' "$T/kernel-patches/6.12/series")
for f in kernel-patches/6.12/series "kernel-patches/6.12/$patch" scripts/kconfig/common.config \
	 scripts/kconfig/6.12.config scripts/build-kernel.sh scripts/kernel-source.sh \
	 tests/e2e/module/Kbuild tests/e2e/module/khotest_mem.c build/src/linux-6.12/.kho-debian-version; do
	changes "$f" && pass "kcache: key depends on $f" || fail "kcache: key ignores $f" "key unchanged"
done
collect_kernel() { :; }
[ "$(kcache_key 6.12)" != "$key0" ] && pass "kcache: key depends on what an entry holds (collect_kernel)" ||
	fail "kcache: collect_kernel" "key unchanged"
unset -f collect_kernel
touch "$T/tests/e2e/module/new.c"
[ "$(kcache_key 6.12)" != "$key0" ] && pass "kcache: key depends on a new module source" ||
	fail "kcache: new file" "key unchanged"
rm -f "$T/tests/e2e/module/new.c"
[ "$(kcache_key 6.12)" = "$key0" ] || fail "kcache: key after removing the new file" "differs"
# a tool the key names that is missing: no key, so a build, never a guess
# (a PATH with every tool the key runs but gcc; with gcc too it gives key0)
mkdir -p "$W/path"
for c in sh cat dirname git sed head sha256sum cut find sort xargs ld pahole gcc; do
	ln -sf "$(command -v "$c")" "$W/path/$c"
done
k=$(PATH=$W/path kcache_key 6.12 2>/dev/null)
rm "$W/path/gcc"
if [ "$k" != "$key0" ]; then fail "kcache: the tools' PATH" "gives '$k', not $key0"
elif PATH=$W/path kcache_key 6.12 >/dev/null 2>&1; then fail "kcache: no compiler" "a key anyway"
else pass "kcache: no key without the compiler"; fi
E2E_KCACHE=0 kcache_key 6.12 >/dev/null && fail "kcache: E2E_KCACHE=0" "a key anyway" ||
	pass "kcache: E2E_KCACHE=0 turns it off"
if (unset E2E_KCACHE_DIR XDG_CACHE_HOME HOME; . "$SRC_TOP/tests/e2e/kcache.sh"; kcache_key 6.12 >/dev/null); then
	fail "kcache: no HOME" "a key anyway"
else pass "kcache: off without HOME or a cache directory"; fi
KHO_KERNEL_TREE=as-is kcache_key 6.12 >/dev/null && fail "kcache: as-is" "a key anyway" ||
	pass "kcache: KHO_KERNEL_TREE=as-is turns it off"

# put, get: byte for byte; a miss leaves the artifacts alone
mkdir -p "$KART/6.12"
head -c 65536 /dev/urandom >"$KART/6.12/bzImage"
echo 0123abcd >"$KART/6.12/build-id"
head -c 4096 /dev/urandom >"$KART/6.12/khotest_mem.ko"
cp -r "$KART/6.12" "$W/orig"
kcache_put 6.12 "$key0" && rm -rf "$KART/6.12" && kcache_get 6.12 "$key0" && diff -r "$W/orig" "$KART/6.12" >/dev/null \
	&& pass "kcache: an entry comes back byte for byte" || fail "kcache: put/get" "$(diff -r "$W/orig" "$KART/6.12" 2>&1 | head -2)"
echo changed >"$KART/6.12/build-id"
kcache_get 6.12 ffffffffffffffffffff && fail "kcache: unknown key" "a hit" ||
	{ [ "$(cat "$KART/6.12/build-id")" = changed ] && pass "kcache: an unknown key misses, artifacts untouched" ||
		fail "kcache: miss" "artifacts changed"; }
mkdir -p "$KCACHE/6.12@eeeeeeeeeeeeeeeeeeee"
cp "$W/orig/bzImage" "$KCACHE/6.12@eeeeeeeeeeeeeeeeeeee/"
kcache_get 6.12 eeeeeeeeeeeeeeeeeeee && fail "kcache: incomplete entry" "a hit" ||
	pass "kcache: an entry without build-id (interrupted put) misses"
rm -rf "$KCACHE/6.12@eeeeeeeeeeeeeeeeeeee"

# eviction: the newest KCACHE_KEEP entries of a build stay, other builds' stay
cp -r "$W/orig" "$KART/6.12-kasan"
kcache_put 6.12-kasan aaaaaaaaaaaaaaaaaaaa || fail "kcache: put 6.12-kasan" "failed"
touch -d 2025-12-31 "$KCACHE/6.12@$key0"
for i in 1 2 3 4 5; do
	kcache_put 6.12 "0000000000000000000$i" || fail "kcache: put $i" "failed"
	touch -d "2026-01-0$i" "$KCACHE/6.12@0000000000000000000$i"
done
have=$(cd "$KCACHE" && ls -d 6.12@* 6.12-kasan@* | LC_ALL=C sort | tr '\n' ' ')
[ "$have" = "6.12-kasan@aaaaaaaaaaaaaaaaaaaa 6.12@00000000000000000003 6.12@00000000000000000004 6.12@00000000000000000005 " ] &&
	[ ! -e "$KCACHE/6.12@$key0" ] \
	&& pass "kcache: the newest $KCACHE_KEEP entries of a build kept, others' untouched" || fail "kcache: eviction" "have: $have"
[ -z "$(find "$KCACHE" -maxdepth 1 -name '.put.*')" ] && pass "kcache: no temporary left" ||
	fail "kcache: temporaries" "$(ls -a "$KCACHE")"

summary kcache
