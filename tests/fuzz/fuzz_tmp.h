/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fuzz_tmp.h - a private scratch directory for fuzz targets that must hand
 * the library real files (an ELF core, a capture directory).  It lives in
 * /dev/shm when there is one (no disk writes per execution), else $TMPDIR
 * or /tmp, and is removed when the fuzzer exits normally.
 */
#ifndef FUZZ_TMP_H
#define FUZZ_TMP_H

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static char fuzz_tmp_dir[256];

static int fuzz_tmp_rm(const char *p, const struct stat *st, int flag, struct FTW *f)
{
	(void)st;
	(void)flag;
	if (f->level > 0)
		remove(p);
	return 0;
}

/* Removes everything below @dir, @dir itself stays. */
static void fuzz_tmp_empty(const char *dir)
{
	nftw(dir, fuzz_tmp_rm, 16, FTW_DEPTH | FTW_PHYS);
}

static void fuzz_tmp_cleanup(void)
{
	fuzz_tmp_empty(fuzz_tmp_dir);
	rmdir(fuzz_tmp_dir);
}

/* The directory (created on the first call); aborts when it cannot be. */
static const char *fuzz_tmp(void)
{
	const char *base = getenv("TMPDIR");

	if (fuzz_tmp_dir[0])
		return fuzz_tmp_dir;
	if (!access("/dev/shm", W_OK))
		base = "/dev/shm";
	else if (!base || !*base)
		base = "/tmp";
	snprintf(fuzz_tmp_dir, sizeof(fuzz_tmp_dir), "%s/kho-fuzz.XXXXXX", base);
	if (!mkdtemp(fuzz_tmp_dir)) {
		perror(fuzz_tmp_dir);
		abort();
	}
	atexit(fuzz_tmp_cleanup);
	return fuzz_tmp_dir;
}

#endif
