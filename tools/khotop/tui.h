/* SPDX-License-Identifier: GPL-2.0 */
/* tui.h - khotop's ncurses view (tui.c). */
#ifndef KHOTOP_TUI_H
#define KHOTOP_TUI_H

#include <stdbool.h>
#include <stddef.h>

#include "khotop.h"

int khotop_tui_begin(char *err, size_t n);
void khotop_tui_end(void);
void khotop_tui_draw(const struct khotop_model *m);
/* A key, KHOTOP_NO_KEY on timeout; KEY_RESIZE when the terminal changed size. */
#define KHOTOP_NO_KEY	(-1)	/* curses' ERR */
int khotop_tui_getch(int timeout_ms);
/* Runs the key's action; false once the user quit. */
bool khotop_tui_key(struct khotop_model *m, int ch);
bool khotop_tui_paused(void);
bool khotop_tui_quit(void);

#endif
