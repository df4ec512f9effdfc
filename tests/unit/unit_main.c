// SPDX-License-Identifier: GPL-2.0
/* unit_main.c - runs every registered test; prints PASS/FAIL/SKIP lines. */
#include "unit.h"

#include <stdlib.h>

#define MAX_TESTS 256

static struct { const char *name; unit_fn fn; } tests[MAX_TESTS];
static int ntests, failed_now, skipped_now;
static char why[512];

void unit_register(const char *name, unit_fn fn)
{
	if (ntests < MAX_TESTS) {
		tests[ntests].name = name;
		tests[ntests].fn = fn;
		ntests++;
	}
}

void unit_fail(const char *file, int line, const char *what)
{
	if (!failed_now)
		snprintf(why, sizeof(why), "%s:%d: %s", file, line, what);
	failed_now = 1;
}

void unit_skip(const char *reason)
{
	snprintf(why, sizeof(why), "%s", reason);
	skipped_now = 1;
}

const char *unit_fixtures(void)
{
	const char *f = getenv("FIXTURES");

	return f ? f : "tests/fixtures/synthetic";
}

const char *unit_work(void)
{
	const char *w = getenv("WORK");

	return w ? w : "/tmp";
}

int main(int argc, char **argv)
{
	int pass = 0, fail = 0, skip = 0;

	for (int i = 0; i < ntests; i++) {
		if (argc > 1 && !strstr(tests[i].name, argv[1]))
			continue;
		failed_now = skipped_now = 0;
		tests[i].fn();
		if (failed_now) {
			printf("FAIL %s: %s\n", tests[i].name, why);
			fail++;
		} else if (skipped_now) {
			printf("SKIP %s: %s\n", tests[i].name, why);
			skip++;
		} else {
			printf("PASS %s\n", tests[i].name);
			pass++;
		}
	}
	if (ntests >= MAX_TESTS)
		printf("FAIL registry: more than %d tests\n", MAX_TESTS), fail++;
	printf("c-unit: %d passed, %d failed, %d skipped\n", pass, fail, skip);
	return fail ? 1 : 0;
}
