#!/bin/bash
# CLI and terminal tests of khotop on fixture trees (no BPF: --no-bpf, and
# --debugfs pointing at captures).  The TUI runs in tmux: panels at 80x24
# and 200x50, keys, resize, and the terminal restored after q and SIGTERM.
# Env: TOP, KHOTOP, WORK.
set -u
. "$TOP/tests/unit/lib.sh"
K=$KHOTOP
F612=$TOP/tests/fixtures/6.12/debugfs-hop1
F72=$TOP/tests/fixtures/7.2/debugfs-kexec1
W=$WORK/cli-khotop
J="python3 $TOP/tests/unit/jcheck.py"
rm -rf "$W" && mkdir -p "$W"

run() { "$K" "$@" >"$W/out" 2>"$W/err"; RC=$?; }
lines() { wc -l <"$1" | tr -d ' '; }

run --help; [ $RC = 0 ] && grep -q -- '--prometheus FILE' "$W/out" && pass "khotop help" || fail "khotop help" "rc=$RC"
run --version; [ $RC = 0 ] && grep -q '^khotop [0-9]' "$W/out" && pass "khotop version" || fail "khotop version" "rc=$RC"
for t in "--bogus|unknown option --bogus" "-d 0|bad --delay '0' (seconds, 0.1 to 3600)" \
	 "-n x|bad --iterations 'x'" \
	 "-m x|unknown --method 'x' (tp_btf, fentry, kprobe)" "--debugfs|option --debugfs needs an argument" \
	 "extra|unexpected argument 'extra'"; do
	args=${t%%|*} want=${t#*|}
	# shellcheck disable=SC2086
	run $args
	[ $RC = 64 ] && [ ! -s "$W/out" ] && [ "$(lines "$W/err")" = 2 ] &&
		[ "$(head -1 "$W/err")" = "khotop: $want" ] &&
		[ "$(tail -1 "$W/err")" = "Try 'khotop --help' for more information." ] \
		&& pass "khotop usage: $args" || fail "khotop usage: $args" "rc=$RC $(cat "$W/err")"
done

# -j on the 6.12 KHO boot: every number = the fixture's files
run -b -j -n 2 -d 0.1 --no-bpf --debugfs "$F612"
tail -n 1 "$W/out" >"$W/j612"
[ $RC = 0 ] && [ "$(lines "$W/out")" = 2 ] && $J "$W/j612" \
	'j["iteration"] == 2' 'j["kho_boot"] and j["previous_release"] == "6.12.117"' \
	'[a["size"] for a in j["scratch"]["areas"]] == [104857600, 4194304, 322961408]' \
	'j["scratch"]["areas"][0]["in_use"] == 25468928' \
	'j["preserved"]["bytes"] == 12611584 and j["preserved"]["blocks"] == 34' \
	'sum(o["bytes"] for o in j["preserved"]["by_order"]) == 12611584' \
	'j["incoming"]["restored"] + j["incoming"]["claimed"] + j["incoming"]["unclaimed"] == j["incoming"]["bytes"]' \
	'j["blackout"]["blackout_ns"] == 3425451162' \
	'[p["name"] for p in j["blackout"]["phases"]][-1] == "first_exec"' \
	'j["events"] is None and j["events_why"] == "--no-bpf"' 'j["warnings"] == 0' \
	&& pass "khotop -j: 6.12 fixture" || fail "khotop -j 6.12" "rc=$RC $(cat "$W/err")"
# stock 7.2: debugfs-only fields filled, the rest null
run -j -n 1 --no-bpf --debugfs "$F72"
[ $RC = 0 ] && $J "$W/out" 'j["previous_release"] == "7.2.13"' \
	'len(j["scratch"]["areas"]) == 3 and j["scratch"]["usage_available"] is False' \
	'j["scratch"]["areas"][0]["in_use"] is None' 'j["preserved"] is None' \
	'j["incoming"] is None and j["blackout"] is None' \
	&& pass "khotop -j: stock 7.2 fixture, unavailable fields null" || fail "khotop -j 7.2" "rc=$RC"
# -b: one block per interval
run -b -n 2 -d 0.1 --no-bpf --debugfs "$F612"
[ $RC = 0 ] && [ "$(grep -c '^khotop [0-9]*: ' "$W/out")" = 2 ] && grep -q '^blackout 3425.451 ms' "$W/out" \
	&& pass "khotop -b" || fail "khotop -b" "rc=$RC"
# --prometheus: every sample line is "name{labels} value" or "name value"
run -b -n 1 --no-bpf --debugfs "$F612" --prometheus "$W/kho.prom"
bad=$(grep -v '^#' "$W/kho.prom" | grep -cvE '^[a-z_]+(\{([a-z_]+="([^"\\]|\\.)*",?)+\})? [-0-9.e+]+$')
[ $RC = 0 ] && [ "$bad" = 0 ] && grep -q '^kho_preserved_bytes 12611584$' "$W/kho.prom" &&
	grep -q '^kho_blackout_seconds 3.425451162$' "$W/kho.prom" && [ ! -e "$W/kho.prom.tmp" ] \
	&& pass "khotop --prometheus" || fail "khotop --prometheus" "rc=$RC bad=$bad"
run -b -n 1 --no-bpf --debugfs "$F612" --prometheus "$W/no/such/dir/x.prom"
[ $RC = 3 ] && [ "$(cat "$W/err")" = "khotop: $W/no/such/dir/x.prom: No such file or directory" ] \
	&& pass "khotop --prometheus: unwritable, exit 3 naming the file" || fail "prom unwritable" "rc=$RC $(cat "$W/err")"
# malformed files: a warning, never a crash or a made-up number
mkdir -p "$W/bad/kho/out" "$W/bad/kho/in"
printf 'preserved_bytes lots\n\001\002\n' >"$W/bad/kho/out/stats"
printf '0x1000\n' >"$W/bad/kho/out/scratch_phys"
printf 'zz\n' >"$W/bad/kho/out/scratch_len"
head -c 100 /dev/urandom >"$W/bad/kho/in/fdt"
run -j -n 1 --no-bpf --debugfs "$W/bad"
[ $RC = 0 ] && $J "$W/out" 'j["warnings"] >= 1' 'j["first_warning"]' \
	&& pass "khotop: malformed files are warnings" || fail "khotop malformed" "rc=$RC $(cat "$W/err")"

# ---- the terminal UI in tmux ------------------------------------------------
# Every step waits for what it expects (polling the pane, 30 s at most) rather
# than sleeping a fixed time: the sanitizer build under a parallel kernel build
# can take seconds to draw its first frame.
if ! command -v tmux >/dev/null; then
	skip "khotop tui" "tmux not installed"
else
	# A private tmux server (own socket, no user config) with a keeper session,
	# so it never exits between steps: killing the last session makes the
	# server exit, and a new-session racing that exit gets "server exited
	# unexpectedly".
	tmux() { command tmux -L "khotop-test-$$" -f /dev/null "$@"; }
	tmux_done() { tmux kill-server 2>/dev/null; rm -f "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/khotop-test-$$"; }
	S=khotop
	tmux new-session -d -s keeper "sleep 600" || fail "khotop tui: tmux server" "cannot start one"
	trap tmux_done EXIT
	screen() { tmux capture-pane -p -t "$S"; }
	# until CMD...: poll CMD every 0.1 s for up to 30 s
	until_ok() {
		local i
		for ((i = 0; i < 300; i++)); do
			"$@" && return 0
			sleep 0.1
		done
		return 1
	}
	shows() { screen | grep -qF -- "$1"; }
	showsnot() { ! screen | grep -qF -- "$1"; }
	tui() { # tui COLS ROWS: start khotop in a fresh tmux session, wait for its first frame
		tmux kill-session -t "$S" 2>/dev/null
		tmux new-session -d -s "$S" -x "$1" -y "$2" \
			"TERM=xterm-256color $K --no-bpf -d 0.2 --debugfs $F612; echo KHOTOP-EXIT=\$?; sleep 60" ||
			return 1
		until_ok shows "Last handover"
	}
	for size in "80 24" "200 50"; do
		# shellcheck disable=SC2086
		tui $size
		screen >"$W/screen"
		ok=1
		for p in "Scratch areas" "Preserved memory and events" "Subtrees" "Last handover" \
			 "blackout 3425.5 ms" "events: none (--no-bpf)"; do
			grep -qF "$p" "$W/screen" || { ok=0; fail "khotop tui ${size/ /x}: panel '$p'" "$(head -5 "$W/screen")"; }
		done
		[ $ok = 1 ] && pass "khotop tui ${size/ /x}: every panel"
		[ "$size" = "80 24" ] && cp "$W/screen" "$W/screen-80x24"
	done
	# keys: help, sort, tab, pause; then q restores the terminal, exit 0
	tmux send-keys -t "$S" h
	until_ok shows 'khotop 0.1.0 - keys' && pass "khotop tui: h shows help" || fail "khotop tui: help" "$(screen | head -3)"
	tmux send-keys -t "$S" h s Tab p
	until_ok shows 'sort rate  panel owners  [PAUSED]' && pass "khotop tui: s, Tab, p" || fail "khotop tui: keys" "$(screen | head -2)"
	# 60x15 hides the handover details, 120x40 shows all of its phases
	tmux resize-window -t "$S" -x 60 -y 15 &&
		until_ok showsnot 'incoming 12.03 MiB' && shows 'Scratch areas' &&
		tmux resize-window -t "$S" -x 120 -y 40 && until_ok shows 'm first_exec' \
		&& pass "khotop tui: resize redraws" || fail "khotop tui: resize" "$(screen | head -3)"
	tmux send-keys -t "$S" q
	until_ok shows 'KHOTOP-EXIT=' && screen >"$W/after" &&
		grep -q 'KHOTOP-EXIT=0' "$W/after" && ! grep -q 'Scratch areas' "$W/after" \
		&& pass "khotop tui: q restores the terminal" || fail "khotop tui: q" "$(head -5 "$W/after")"
	# SIGTERM: the terminal is restored too (khotop is the pane shell's only child)
	tui 80 24
	pid=$(pgrep -P "$(tmux list-panes -t "$S" -F '#{pane_pid}')" -x khotop)
	[ -n "$pid" ] && kill -TERM "$pid" && until_ok shows 'KHOTOP-EXIT=' && screen >"$W/after" &&
		grep -q 'KHOTOP-EXIT=0' "$W/after" && ! grep -q 'Scratch areas' "$W/after" \
		&& pass "khotop tui: SIGTERM restores the terminal" || fail "khotop tui: SIGTERM" "pid=$pid $(screen | head -5)"
	tmux_done
	trap - EXIT
	# not a terminal: a clear error
	timeout 10 "$K" --no-bpf --debugfs "$F612" </dev/null >"$W/out" 2>"$W/err"
	RC=$?
	[ $RC = 3 ] && [ ! -s "$W/out" ] && [ "$(cat "$W/err")" = "khotop: not a terminal: use -b or -j" ] \
		&& pass "khotop tui without a terminal: exit 3" || fail "khotop tui without a terminal" "rc=$RC $(cat "$W/err")"
fi

summary cli-khotop
