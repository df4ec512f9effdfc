/* SPDX-License-Identifier: GPL-2.0 */
/* unit_diag.h - unit test helper: what libkho's diagnostics said. */
#ifndef KHO_UNIT_DIAG_H
#define KHO_UNIT_DIAG_H

#include <string.h>

#include "../../tools/lib/kho_util.h"

#define DIAG_ANY	(-1)	/* any severity */

/* Whether a diagnostic of severity @sev (or DIAG_ANY) in @d contains @want. */
static inline bool diag_has(const struct kho_diags *d, int sev, const char *want)
{
	for (unsigned int i = 0; i < d->n; i++)
		if ((sev == DIAG_ANY || (int)d->d[i].sev == sev) && strstr(d->d[i].msg, want))
			return true;
	return false;
}

#endif
