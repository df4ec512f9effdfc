// SPDX-License-Identifier: GPL-2.0
/*
 * memhog - drive the guest into memory pressure: map and write anonymous
 * memory in 4 MiB chunks until MemAvailable falls below LOW_KB (default
 * 24576) or mmap fails, then release it all.  Every page is written with a
 * non-zero pattern, so any page it gets that someone else still needed is
 * visibly damaged.  Prints "memhog: wrote <MiB> MiB, MemAvailable <kB> kB"
 * and exits 0, or 1 with a one-line reason (it wrote less than 64 MiB, or
 * /proc/meminfo is unreadable).
 *
 *   memhog [LOW_KB]
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define CHUNK (4UL << 20)

static long mem_available_kb(void)
{
	char line[128];
	long kb = -1;
	FILE *f = fopen("/proc/meminfo", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "MemAvailable: %ld kB", &kb) == 1)
			break;
	fclose(f);
	return kb;
}

int main(int argc, char **argv)
{
	long low = argc > 1 ? strtol(argv[1], NULL, 10) : 24576, avail;
	unsigned long chunks = 0, i;

	if (low <= 0) {
		fprintf(stderr, "memhog: bad LOW_KB '%s'\n", argv[1]);
		return 1;
	}
	for (;;) {
		unsigned char *p;

		avail = mem_available_kb();
		if (avail < 0) {
			fprintf(stderr, "memhog: cannot read MemAvailable from /proc/meminfo\n");
			return 1;
		}
		if (avail < low)
			break;
		p = mmap(NULL, CHUNK, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED)
			break;
		for (i = 0; i < CHUNK; i += 4096)
			memset(p + i, 0xa5 ^ (int)(i >> 12), 4096);
		chunks++;
	}
	printf("memhog: wrote %lu MiB, MemAvailable %ld kB\n", chunks * (CHUNK >> 20), avail);
	if (chunks * (CHUNK >> 20) < 64) {
		fprintf(stderr, "memhog: only %lu MiB written\n", chunks * (CHUNK >> 20));
		return 1;
	}
	return 0;
}
