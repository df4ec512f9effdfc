#!/bin/bash
# `make install` and `make uninstall` into a scratch DESTDIR: every tool in
# $(TOOLS) is the SANITIZE=0 build and runs from there, every tools/*/*.[1-8]
# lands in its section and renders; uninstall leaves no file; a DESTDIR that
# is a regular file fails the install.
# Env: TOP, BUILD, SANITIZE, WORK.
set -u
. "$TOP/tests/unit/lib.sh"
W=$WORK/cli-install
D=$W/root
rm -rf "$W" && mkdir -p "$W"

# a user's make, not `make unit`'s: no inherited MAKEFLAGS (jobserver,
# SANITIZE=1) or install variables; the runner's BUILD; quiet
mk() {
	env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u DESTDIR -u PREFIX -u BINDIR -u MANDIR \
		make -s --no-print-directory -C "$TOP" BUILD="$BUILD" "$@" >"$W/out" 2>"$W/err"
	RC=$?
	return $RC
}

# the binaries make installs: $(TOOLS) of the SANITIZE=0 build
# shellcheck disable=SC2016
mk --eval 'print-tools: ; @echo $(TOOLS)' print-tools SANITIZE=0
tools=$(cat "$W/out")
names=$(for t in $tools; do echo "${t##*/}"; done | xargs)
bad=$(for t in $tools; do [ "${t%/*}" = "$BUILD/bin" ] || echo "$t"; done)
[ $RC = 0 ] && [ -n "$tools" ] && [ -z "$bad" ] \
	&& pass "install: \$(TOOLS) are in $BUILD/bin: $names" \
	|| fail "install: \$(TOOLS)" "rc=$RC tools='$tools' not in $BUILD/bin: $bad"

# `make unit SANITIZE=1` does not build build/bin: never compile it from here
if [ "${SANITIZE:-0}" = 1 ] && ! mk -q tools SANITIZE=0; then
	skip "make install" "$BUILD/bin is not up to date (make tools; make unit tests install)"
	summary cli-install
	exit 0
fi

mk install DESTDIR="$D" PREFIX=/usr SANITIZE=0
[ $RC = 0 ] && [ ! -s "$W/out" ] && [ ! -s "$W/err" ] && pass "make -s install: exit 0, quiet" \
	|| fail "make install" "rc=$RC $(head -c 300 "$W/err")"
want=0
for t in $tools; do
	n=${t##*/} b=$D/usr/bin/$n
	want=$((want + 1))
	[ -f "$b" ] && [ -x "$b" ] && [ "$(stat -c %a "$b")" = 755 ] && cmp -s "$b" "$t" \
		&& pass "install: /usr/bin/$n, 0755, the SANITIZE=0 build" || fail "install: $n" "$(ls -l "$b" 2>&1)"
	"$b" --version >"$W/out" 2>"$W/err"; RC=$?
	[ $RC = 0 ] && grep -q "^$n [0-9]" "$W/out" && pass "installed $n --version" \
		|| fail "installed $n --version" "rc=$RC $(head -c 200 "$W/out" "$W/err")"
	"$b" --help >"$W/out" 2>"$W/err"; RC=$?
	[ $RC = 0 ] && grep -q "$n" "$W/out" && pass "installed $n --help" || fail "installed $n --help" "rc=$RC"
	check "install: $n has a man page" compgen -G "$TOP/tools/*/$n.[1-8]"
done
for m in "$TOP"/tools/*/*.[1-8]; do
	n=${m##*/} s=${m##*.} i=$D/usr/share/man/man$s/$n
	want=$((want + 1))
	[ -f "$i" ] && [ "$(stat -c %a "$i")" = 644 ] && cmp -s "$i" "$m" \
		&& pass "install: man$s/$n, 0644" || fail "install: man$s/$n" "$(ls -l "$i" 2>&1)"
	read -r th name sec _ < <(grep -m1 '^\.TH ' "$i" 2>/dev/null)
	[ "$th" = .TH ] && [ "${name,,}" = "${n%.*}" ] && [ "$sec" = "$s" ] \
		&& pass "man$s/$n: .TH names ${n%.*} in section $s" || fail "man$s/$n: .TH" "'$th $name $sec'"
	if command -v groff >/dev/null; then
		groff -man -Tutf8 -ww -z "$i" >"$W/out" 2>"$W/err"; RC=$?
		[ $RC = 0 ] && [ ! -s "$W/err" ] && pass "man$s/$n: groff -ww, no warning" \
			|| fail "man$s/$n: groff" "rc=$RC $(head -c 300 "$W/err")"
	else
		skip "man$s/$n: groff -ww" "groff not installed"
	fi
done
got=$(find "$D" ! -type d | wc -l)
[ "$got" = "$want" ] && pass "install: exactly $want files" || fail "install: file count" "$got, want $want: $(find "$D" ! -type d)"

# uninstall removes them all; again, with them gone, is no error and keeps
# what it did not install
mk uninstall DESTDIR="$D" PREFIX=/usr SANITIZE=0
left=$(find "$D" ! -type d)
[ $RC = 0 ] && [ -z "$left" ] && pass "make uninstall leaves no file" || fail "make uninstall" "rc=$RC left: $left"
: >"$D/usr/bin/other"
mk uninstall DESTDIR="$D" PREFIX=/usr SANITIZE=0
[ $RC = 0 ] && [ "$(find "$D" ! -type d)" = "$D/usr/bin/other" ] \
	&& pass "make uninstall again: exit 0, other files kept" || fail "make uninstall again" "rc=$RC"

# SANITIZE=1 still installs the SANITIZE=0 build; PREFIX defaults to /usr/local
mk install DESTDIR="$W/san" SANITIZE=1
diff=$(for t in $tools; do cmp -s "$t" "$W/san/usr/local/bin/${t##*/}" || echo "${t##*/}"; done)
[ $RC = 0 ] && [ -z "$diff" ] && pass "make install SANITIZE=1: the SANITIZE=0 build, in /usr/local" \
	|| fail "make install SANITIZE=1" "rc=$RC differ: $diff $(head -c 300 "$W/err")"

# twin: a DESTDIR that is a regular file
: >"$W/file"
mk install DESTDIR="$W/file" PREFIX=/usr SANITIZE=0
[ $RC != 0 ] && grep -q 'Not a directory' "$W/err" && [ -f "$W/file" ] && [ ! -s "$W/file" ] \
	&& pass "make install into a DESTDIR that is a file: fails" || fail "install into a file" "rc=$RC"

summary cli-install
