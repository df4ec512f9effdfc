// SPDX-License-Identifier: GPL-2.0
/*
 * tui.c - khotop's ncurses view of the model.  Drawing only reads the
 * model; keys go through one table.  The terminal is restored on every
 * exit path: normal return, error, and SIGINT/SIGTERM/SIGHUP (the handlers
 * only set a flag; the loop then leaves through khotop_tui_end()).
 */
#include <curses.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "khotop.h"
#include "tui.h"

enum { C_OK = 1, C_WARN, C_HOT, C_TITLE, C_FOCUS };
enum panel { P_SCRATCH, P_OWNERS, P_SUBTREES, P_PHASES, P_MAX };

static const char *const panel_names[P_MAX] = { "scratch", "owners", "subtrees",
						 "blackout" };

struct tui {
	bool on, color, help, paused, quit;
	enum panel focus;
	int scroll[P_MAX];
};

static struct tui T;

static void end_once(void)
{
	if (T.on) {
		endwin();
		T.on = false;
	}
}

int khotop_tui_begin(char *err, size_t n)
{
	memset(&T, 0, sizeof(T));
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		snprintf(err, n, "not a terminal: use -b or -j");
		return -1;
	}
	if (!newterm(NULL, stdout, stdin)) {
		snprintf(err, n, "cannot start the terminal UI (TERM=%s); try -b",
			 getenv("TERM") ? getenv("TERM") : "");
		return -1;
	}
	T.on = true;
	atexit(end_once);
	cbreak();
	noecho();
	keypad(stdscr, TRUE);
	curs_set(0);
	T.color = has_colors() && !getenv("NO_COLOR");
	if (T.color) {
		start_color();
		use_default_colors();
		init_pair(C_OK, COLOR_GREEN, -1);
		init_pair(C_WARN, COLOR_YELLOW, -1);
		init_pair(C_HOT, COLOR_RED, -1);
		init_pair(C_TITLE, COLOR_CYAN, -1);
		init_pair(C_FOCUS, COLOR_BLACK, COLOR_CYAN);
	}
	return 0;
}

void khotop_tui_end(void)
{
	end_once();
}

bool khotop_tui_paused(void)
{
	return T.paused;
}

/* ---- keys ------------------------------------------------------------------ */

static void k_quit(struct khotop_model *m) { (void)m; T.quit = true; }
static void k_help(struct khotop_model *m) { (void)m; T.help = !T.help; }
static void k_pause(struct khotop_model *m) { (void)m; T.paused = !T.paused; }
static void k_sort(struct khotop_model *m)
{
	khotop_model_sort(m, (m->sort + 1) % KHOTOP_SORT_MAX);
}
static void k_tab(struct khotop_model *m) { (void)m; T.focus = (T.focus + 1) % P_MAX; }
static void k_btab(struct khotop_model *m)
{
	(void)m;
	T.focus = (T.focus + P_MAX - 1) % P_MAX;
}
static void k_down(struct khotop_model *m) { (void)m; T.scroll[T.focus]++; }
static void k_up(struct khotop_model *m)
{
	(void)m;
	if (T.scroll[T.focus] > 0)
		T.scroll[T.focus]--;
}

static const struct key {
	int key;
	const char *name, *help;
	void (*fn)(struct khotop_model *m);
} keys[] = {
	{ 'q', "q", "quit", k_quit },
	{ 'h', "h ?", "this help", k_help },
	{ '?', NULL, NULL, k_help },
	{ 'p', "p", "pause / resume sampling", k_pause },
	{ 's', "s", "sort owners: bytes, rate, name", k_sort },
	{ '\t', "Tab", "next panel (S-Tab: previous)", k_tab },
	{ KEY_BTAB, NULL, NULL, k_btab },
	{ KEY_DOWN, "Down j", "scroll the panel", k_down },
	{ 'j', NULL, NULL, k_down },
	{ KEY_UP, "Up k", "scroll back", k_up },
	{ 'k', NULL, NULL, k_up },
};

bool khotop_tui_key(struct khotop_model *m, int ch)
{
	if (ch == KEY_RESIZE)
		return !T.quit;
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (keys[i].key == ch)
			keys[i].fn(m);
	return !T.quit;
}

bool khotop_tui_quit(void)
{
	return T.quit;
}

/* ---- drawing -------------------------------------------------------------- */

static int attr(int pair)
{
	return T.color ? COLOR_PAIR(pair) : (pair == C_HOT ? A_BOLD : A_NORMAL);
}

static void title(int y, enum panel p, const char *text)
{
	int a = T.focus == p ? (T.color ? COLOR_PAIR(C_FOCUS) : A_REVERSE) :
			       (attr(C_TITLE) | A_BOLD);

	attron(a);
	mvprintw(y, 0, "%-*.*s", COLS, COLS, text);
	attroff(a);
}

static void bar(int y, int x, int w, double frac)
{
	int full, pair;

	if (w < 3)
		return;
	if (frac < 0)
		frac = 0;
	if (frac > 1)
		frac = 1;
	full = (int)(frac * (w - 2) + 0.5);
	pair = frac >= 0.9 ? C_HOT : frac >= 0.75 ? C_WARN : C_OK;
	mvaddch(y, x, '[');
	attron(attr(pair));
	for (int i = 0; i < w - 2; i++)
		mvaddch(y, x + 1 + i, i < full ? '|' : ' ');
	attroff(attr(pair));
	mvaddch(y, x + w - 1, ']');
}

static void draw_help(void)
{
	int y = 2;

	erase();
	attron(A_BOLD);
	mvprintw(0, 0, "khotop %s - keys", KHOTOP_VERSION);
	attroff(A_BOLD);
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]) && y < LINES - 1; i++)
		if (keys[i].name)
			mvprintw(y++, 2, "%-8s %s", keys[i].name, keys[i].help);
	mvprintw(y + 1, 2, "Any listed key works here; h or ? closes the help.");
	refresh();
}

/* Rows @first.. of a list of @n, in @rows lines from @y; the visible start. */
static int clamp_scroll(enum panel p, int n, int rows)
{
	int max = n > rows ? n - rows : 0;

	if (T.scroll[p] > max)
		T.scroll[p] = max;
	return T.scroll[p];
}

void khotop_tui_draw(const struct khotop_model *m)
{
	const struct khotop_snap *s = &m->cur;
	char a[32], b[32], c[32], line[512];
	int y = 0, rows, first, w = COLS;

	if (T.help) {
		draw_help();
		return;
	}
	erase();
	/* header */
	attron(A_BOLD);
	mvprintw(y, 0, "khotop  %.40s  %s", s->release,
		 !s->kho ? "no KHO" : s->kho_boot ? "KHO boot" : "cold boot");
	attroff(A_BOLD);
	if (s->has_prev)
		printw(" from %.40s, kexec #%u", s->prev_release, s->kexec_count);
	y++;
	snprintf(line, sizeof(line), "finalized %s  sealed %s  events %s  sort %s  panel %s%s",
		 s->finalized < 0 ? "?" : s->finalized ? "yes" : "no",
		 s->sealed < 0 ? "?" : s->sealed ? "yes" : "no",
		 s->bpf ? kho_ev_method_name(s->method) : "off",
		 khotop_sort_name(m->sort), panel_names[T.focus],
		 T.paused ? "  [PAUSED]" : "");
	mvprintw(y++, 0, "%.*s", w, line);

	/* scratch */
	title(y++, P_SCRATCH, " Scratch areas");
	rows = s->nareas < 4 ? (int)s->nareas : 4;
	first = clamp_scroll(P_SCRATCH, (int)s->nareas, rows);
	for (int i = first; i < first + rows; i++, y++) {
		const struct khotop_area *x = &s->areas[i];

		mvprintw(y, 0, "%2u %-7.7s n%-2d %9s", x->idx, x->role[0] ? x->role : "-",
			 x->node, kho_fmt_size(x->size, a, sizeof(a)));
		if (x->has_use && x->size) {
			mvprintw(y, 25, "use %9s hw %9s", kho_fmt_size(x->in_use, b, sizeof(b)),
				 kho_fmt_size(x->boot_used, c, sizeof(c)));
			bar(y, 54, w - 54, (double)x->in_use / (double)x->size);
		} else {
			mvprintw(y, 25, "use unknown (no kho/scratch on this kernel)");
		}
	}
	if (!s->nareas)
		mvprintw(y++, 0, " none");

	/* preserved + events */
	title(y++, P_OWNERS, " Preserved memory and events");
	if (s->has_out_stats)
		mvprintw(y++, 0, "preserved %s in %" PRIu64 " blocks (%+.0f B/s)  tree %" PRIu64
			 " pages  calls %" PRIu64 "/%" PRIu64 "  failed %" PRIu64 "/%" PRIu64,
			 kho_fmt_size(s->preserved_bytes, a, sizeof(a)), s->preserved_blocks,
			 m->preserved_rate, s->tree_pages, s->calls[0], s->calls[1],
			 s->failures[0], s->failures[1]);
	else
		mvprintw(y++, 0, "preserved: unknown (no kho/out/stats on this kernel)");
	line[0] = '\0';
	for (int o = 0; o < KHOTOP_ORDERS; o++) {
		size_t l = strlen(line);

		if (s->order_blocks[o] && l < sizeof(line) - 40)
			snprintf(line + l, sizeof(line) - l, " o%d:%" PRIu64, o, s->order_blocks[o]);
	}
	if (line[0])
		mvprintw(y++, 0, "blocks by order:%.*s", w - 17, line);
	if (s->bpf) {
		mvprintw(y++, 0, "events/s: preserve %.1f  unpreserve %.1f  restore %.1f  failed %.1f",
			 m->ev_rate[KHO_EV_PRESERVE], m->ev_rate[KHO_EV_UNPRESERVE],
			 m->ev_rate[KHO_EV_RESTORE],
			 m->fail_rate[KHO_EV_PRESERVE] + m->fail_rate[KHO_EV_UNPRESERVE] +
			 m->fail_rate[KHO_EV_RESTORE]);
		rows = LINES - y - 9;
		if (rows < 1)
			rows = 1;
		if (rows > (int)s->nowners)
			rows = (int)s->nowners;
		first = clamp_scroll(P_OWNERS, (int)s->nowners, rows);
		for (int i = first; i < first + rows; i++, y++)
			mvprintw(y, 0, "  %-*.*s %10s %6" PRIu64 " blk %+10.0f B/s",
				 w - 40 > 10 ? w - 40 : 10, w - 40 > 10 ? w - 40 : 10,
				 s->owners[i].name, kho_fmt_size(s->owners[i].bytes, a, sizeof(a)),
				 s->owners[i].blocks, s->owners[i].rate);
	} else {
		mvprintw(y++, 0, "events: none (%.*s)", w - 16, s->bpf_why);
	}

	/* subtrees */
	title(y++, P_SUBTREES, " Subtrees");
	rows = s->nsubs < 3 ? (int)s->nsubs : 3;
	first = clamp_scroll(P_SUBTREES, (int)s->nsubs, rows);
	line[0] = '\0';
	for (int i = first; i < first + rows; i++, y++)
		mvprintw(y, 0, "  %-30.30s %10s @0x%" PRIx64, s->subs[i].name,
			 s->subs[i].has_size ? kho_fmt_size(s->subs[i].size, a, sizeof(a)) : "-",
			 s->subs[i].addr);
	if (!s->nsubs)
		mvprintw(y++, 0, "  none");

	/* after a KHO boot: what came back, and the blackout */
	title(y++, P_PHASES, " Last handover");
	if (s->has_in_stats && y < LINES)
		mvprintw(y++, 0, "incoming %s: restored %s, claimed %s, unclaimed %s",
			 kho_fmt_size(s->in_bytes, a, sizeof(a)),
			 kho_fmt_size(s->restored, b, sizeof(b)),
			 kho_fmt_size(s->claimed, c, sizeof(c)),
			 kho_fmt_size(s->unclaimed, line, sizeof(line)));
	if (s->has_blackout && y < LINES) {
		int64_t end = s->kexec_to_user_ns > 0 ? s->kexec_to_user_ns : 1;
		int bw = w - 2;

		mvprintw(y++, 0, "blackout %.1f ms, kexec to user space %.1f ms",
			 (double)s->blackout_ns / 1e6, (double)s->kexec_to_user_ns / 1e6);
		/* the timeline: one letter per phase at its time */
		if (y < LINES && bw > 10) {
			mvaddch(y, 0, '|');
			for (int i = 1; i < bw; i++)
				mvaddch(y, i, '-');
			for (unsigned int i = 0; i < s->nphases; i++) {
				int64_t ns = s->phases[i].ns;
				int x;

				if (ns < 0 || ns > end)
					continue;
				x = (int)((double)ns / (double)end * (bw - 1));
				attron(attr(C_WARN));
				mvaddch(y, x, 'a' + (char)(i % 26));
				attroff(attr(C_WARN));
			}
			y++;
		}
		rows = LINES - y;
		first = clamp_scroll(P_PHASES, (int)s->nphases, rows > 0 ? rows : 0);
		for (int i = first; i < (int)s->nphases && y < LINES; i++, y++)
			mvprintw(y, 0, " %c %-20s %+12.3f ms", 'a' + (char)(i % 26),
				 s->phases[i].name, (double)s->phases[i].ns / 1e6);
	} else if (y < LINES) {
		mvprintw(y++, 0, "%s", !s->kho_boot ? "no handover: this was a cold boot" :
			 s->has_timing ? "the previous kernel did not stamp its phases" :
			 "no kho/in/timing on this kernel");
	}
	if (s->warnings && LINES > 1) {
		attron(attr(C_HOT));
		mvprintw(LINES - 1, 0, "%u warnings: %.*s", s->warnings, w - 16, s->first_warning);
		attroff(attr(C_HOT));
	}
	refresh();
}

int khotop_tui_getch(int timeout_ms)
{
	timeout(timeout_ms);
	return getch();
}
