// SPDX-License-Identifier: GPL-2.0
/*
 * luo_memfd - preserve a memfd across kexec with the Live Update Orchestrator
 * (/dev/liveupdate, Linux 7.2 LUO) and check it in the next kernel.
 *
 *   luo_memfd preserve SESSION TOKEN SIZE SEED
 *   luo_memfd restore  SESSION TOKEN SIZE SEED
 *
 * SESSION is a session name of 1..63 bytes; TOKEN, SIZE and SEED are
 * unsigned numbers (decimal, 0x hex or 0 octal; SIZE may end in K, M or G,
 * binary units).  Numbers are printed back in decimal.
 *
 * preserve: open /dev/liveupdate, create session SESSION, create a memfd of
 *   SIZE bytes, fill it with the pattern below, preserve it in the session
 *   under TOKEN, print
 *       luo_memfd: preserved session=S token=T size=N
 *   and then block in pause() for ever.  The session fd must stay open until
 *   the kexec: closing it (i.e. this process exiting or being killed) makes
 *   the kernel unpreserve everything in the session (luo_session_release()).
 *   Run it in the background and wait for the line before kexecing:
 *       luo_memfd preserve s1 1 1M 0x1234 >/tmp/luo.out 2>&1 &
 *       until grep -q 'luo_memfd: preserved' /tmp/luo.out; do sleep 0.1; done
 *   Nothing else is needed from user space before the kexec: there is no
 *   prepare/freeze ioctl in the 7.2 uAPI.  The kernel freezes and serializes
 *   all sessions itself in reboot(LINUX_REBOOT_CMD_KEXEC) -> kernel_kexec()
 *   -> liveupdate_reboot(); if that fails, reboot() fails and nothing is lost.
 *   The image must be loaded with kexec_file_load (KHO needs it) and both
 *   kernels booted with "kho=on liveupdate=on".
 *   While this process runs it also holds /dev/liveupdate, which is
 *   single-open: other openers get EBUSY.
 *
 * restore: (in the next kernel) open /dev/liveupdate, retrieve session
 *   SESSION, retrieve the file for TOKEN, check its size and every byte
 *   against the pattern, call LIVEUPDATE_SESSION_FINISH, print
 *       luo_memfd: restored session=S token=T size=N result=ok
 *   or result=<why>.
 *
 * Pattern (the same words as tests/e2e/module/khotest_mem.c): 64-bit word i
 * of the file (bytes 8i..8i+7, little endian) is
 *       z = SEED + (i + 1) * 0x9e3779b97f4a7c15
 *       z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
 *       z = (z ^ (z >> 27)) * 0x94d049bb133111eb
 *       word = z ^ (z >> 31)                        (splitmix64)
 * A trailing partial word holds the first SIZE % 8 bytes of its word.
 *
 * Exit status: 0 ok, 1 contents or size mismatch (restore), 2 usage error or
 * a failed system call (one line on stderr, with strerror).
 *
 * Build: gcc -std=c11 -Wall -Wextra -Werror -D_GNU_SOURCE -static
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

/*
 * --- /dev/liveupdate uAPI --------------------------------------------------
 * Copied as facts from Linux 7.2 include/uapi/linux/liveupdate.h (the host's
 * /usr/include has no linux/liveupdate.h).  Own names (LU_*, struct lu_*) so
 * this still builds if a future libc header does provide the originals.
 *   LIVEUPDATE_IOCTL_TYPE 0xBA                          liveupdate.h:44
 *   LIVEUPDATE_SESSION_NAME_LENGTH 64 (incl. the NUL)   liveupdate.h:47
 *   /dev/liveupdate commands 0x00, 0x01                 liveupdate.h:50-54
 *   session fd commands 0x40..0x43                      liveupdate.h:57-63
 *   every ioctl is _IO(0xBA, nr) and takes a struct whose first u32 is its
 *   size; bytes the kernel does not know must be zero   liveupdate.h:17-24
 */
#define LU_IOCTL_TYPE		0xBA
#define LU_SESSION_NAME_LENGTH	64

/* liveupdate.h:78-85, on /dev/liveupdate */
struct lu_create_session {
	uint32_t size;
	int32_t fd;				/* out: the session fd */
	uint8_t name[LU_SESSION_NAME_LENGTH];
};
#define LU_IOCTL_CREATE_SESSION		_IO(LU_IOCTL_TYPE, 0x00)

/* liveupdate.h:113-120, on /dev/liveupdate, in the next kernel */
struct lu_retrieve_session {
	uint32_t size;
	int32_t fd;				/* out: the session fd */
	uint8_t name[LU_SESSION_NAME_LENGTH];
};
#define LU_IOCTL_RETRIEVE_SESSION	_IO(LU_IOCTL_TYPE, 0x01)

/* liveupdate.h:148-155, on an outgoing session fd */
struct lu_preserve_fd {
	uint32_t size;
	int32_t fd;				/* in: the fd to preserve */
	_Alignas(8) uint64_t token;		/* __aligned_u64 */
};
#define LU_SESSION_PRESERVE_FD		_IO(LU_IOCTL_TYPE, 0x40)

/* liveupdate.h:178-185, on a retrieved session fd */
struct lu_retrieve_fd {
	uint32_t size;
	int32_t fd;				/* out: the restored file */
	_Alignas(8) uint64_t token;		/* __aligned_u64 */
};
#define LU_SESSION_RETRIEVE_FD		_IO(LU_IOCTL_TYPE, 0x41)

/* liveupdate.h:211-217, on a retrieved session fd */
struct lu_finish {
	uint32_t size;
	uint32_t reserved;			/* must be 0 */
};
#define LU_SESSION_FINISH		_IO(LU_IOCTL_TYPE, 0x42)

_Static_assert(sizeof(struct lu_create_session) == 72, "create_session layout");
_Static_assert(sizeof(struct lu_retrieve_session) == 72, "retrieve_session layout");
_Static_assert(sizeof(struct lu_preserve_fd) == 16, "preserve_fd layout");
_Static_assert(sizeof(struct lu_retrieve_fd) == 16, "retrieve_fd layout");
_Static_assert(sizeof(struct lu_finish) == 8, "finish layout");
/* --- end of uAPI copy ---------------------------------------------------- */

#define LU_DEV		"/dev/liveupdate"
#define CHUNK		(64 * 1024)	/* I/O buffer, a multiple of 8 */

enum { EXIT_OK = 0, EXIT_MISMATCH = 1, EXIT_ERR = 2 };

static const char *g_mode = "?";
static const char *g_session = "?";
static uint64_t g_token;
static unsigned char g_buf[CHUNK];
static unsigned char g_want[CHUNK];

static int usage(void)
{
	fprintf(stderr,
		"usage: luo_memfd preserve SESSION TOKEN SIZE SEED\n"
		"       luo_memfd restore  SESSION TOKEN SIZE SEED\n");
	return EXIT_ERR;
}

/* One error line: "luo_memfd: MODE session=S token=T: WHAT: strerror". */
static int sys_fail(int err, const char *fmt, ...)
{
	char what[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	fprintf(stderr, "luo_memfd: %s session=%s token=%" PRIu64 ": %s: %s\n",
		g_mode, g_session, g_token, what, strerror(err));
	return EXIT_ERR;
}

static int parse_u64(const char *s, uint64_t *out, int allow_suffix)
{
	unsigned long long v;
	char *end;
	int shift = 0;

	if (!*s || *s == '-' || *s == '+')
		return -1;
	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || end == s)
		return -1;
	if (allow_suffix && *end) {
		switch (*end) {
		case 'k': case 'K': shift = 10; break;
		case 'm': case 'M': shift = 20; break;
		case 'g': case 'G': shift = 30; break;
		default: return -1;
		}
		end++;
		if (v > (UINT64_MAX >> shift))
			return -1;
		v <<= shift;
	}
	if (*end)
		return -1;
	*out = v;
	return 0;
}

static uint64_t pattern_word(uint64_t seed, uint64_t i)
{
	uint64_t z = seed + (i + 1) * 0x9e3779b97f4a7c15ULL;

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* The pattern bytes [off, off + len) of the file; off must be 8-aligned. */
static void pattern_fill(unsigned char *p, uint64_t seed, uint64_t off, size_t len)
{
	uint64_t wi = off / 8;

	for (size_t k = 0; k < len; k += 8, wi++) {
		uint64_t w = pattern_word(seed, wi);

		for (size_t b = 0; b < 8 && k + b < len; b++)
			p[k + b] = (unsigned char)(w >> (8 * b));
	}
}

static int write_full(int fd, const unsigned char *p, size_t len, uint64_t off)
{
	while (len) {
		ssize_t n = pwrite(fd, p, len, (off_t)off);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (n == 0) {
			errno = EIO;
			return -1;
		}
		p += n;
		len -= (size_t)n;
		off += (uint64_t)n;
	}
	return 0;
}

/* Returns bytes read (< len only at end of file), or -1. */
static ssize_t read_full(int fd, unsigned char *p, size_t len, uint64_t off)
{
	size_t got = 0;

	while (got < len) {
		ssize_t n = pread(fd, p + got, len - got, (off_t)(off + got));

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (n == 0)
			break;
		got += (size_t)n;
	}
	return (ssize_t)got;
}

static const char *open_hint(int err)
{
	if (err == ENOENT || err == ENODEV || err == ENXIO)
		return " (needs CONFIG_LIVEUPDATE=y and boot with kho=on liveupdate=on)";
	if (err == EBUSY)
		return " (single open: another process holds it)";
	if (err == EIO)
		return " (LUO failed to deserialize the incoming sessions, see dmesg)";
	return "";
}

static int open_luo(int *fd)
{
	*fd = open(LU_DEV, O_RDWR | O_CLOEXEC);
	if (*fd < 0) {
		int err = errno;

		return sys_fail(err, "open(%s)%s", LU_DEV, open_hint(err));
	}
	return 0;
}

static int do_preserve(const char *name, uint64_t size, uint64_t seed)
{
	struct lu_create_session cs;
	struct lu_preserve_fd pf;
	int luo_fd, mfd;

	if (open_luo(&luo_fd))
		return EXIT_ERR;

	memset(&cs, 0, sizeof(cs));
	cs.size = sizeof(cs);
	memcpy(cs.name, name, strlen(name));	/* length checked in main() */
	if (ioctl(luo_fd, LU_IOCTL_CREATE_SESSION, &cs) < 0)
		return sys_fail(errno, "ioctl(LIVEUPDATE_IOCTL_CREATE_SESSION)%s",
				errno == EEXIST ? " (session name in use)" : "");
	if (cs.fd < 0)
		return sys_fail(EBADF, "ioctl(LIVEUPDATE_IOCTL_CREATE_SESSION) returned fd %d",
				(int)cs.fd);

	/*
	 * A plain shmem memfd: MFD_HUGETLB files are refused by the memfd LUO
	 * handler, seals would be preserved but are not needed here.
	 */
	mfd = memfd_create("luo_memfd", MFD_CLOEXEC);
	if (mfd < 0)
		return sys_fail(errno, "memfd_create");
	if (size > (uint64_t)INT64_MAX)
		return sys_fail(EFBIG, "size %" PRIu64, size);
	if (ftruncate(mfd, (off_t)size) < 0)
		return sys_fail(errno, "ftruncate(memfd, %" PRIu64 ")", size);
	for (uint64_t off = 0; off < size; off += CHUNK) {
		size_t len = size - off < CHUNK ? (size_t)(size - off) : CHUNK;

		pattern_fill(g_buf, seed, off, len);
		if (write_full(mfd, g_buf, len, off) < 0)
			return sys_fail(errno, "pwrite(memfd, offset 0x%" PRIx64 ")", off);
	}

	memset(&pf, 0, sizeof(pf));
	pf.size = sizeof(pf);
	pf.fd = mfd;
	pf.token = g_token;
	if (ioctl(cs.fd, LU_SESSION_PRESERVE_FD, &pf) < 0)
		return sys_fail(errno, "ioctl(LIVEUPDATE_SESSION_PRESERVE_FD)%s",
				errno == ENOENT ? " (no LUO handler for memfd: CONFIG_LIVEUPDATE_MEMFD?)" :
				errno == EEXIST ? " (token in use)" : "");

	/*
	 * LUO now holds its own reference on the memfd (fget() in
	 * luo_preserve_file()); mfd, cs.fd and luo_fd are simply kept open.
	 * Only cs.fd matters: closing it unpreserves the session.
	 */
	if (printf("luo_memfd: preserved session=%s token=%" PRIu64 " size=%" PRIu64 "\n",
		   name, g_token, size) < 0 || fflush(stdout) == EOF)
		return sys_fail(errno ? errno : EIO, "writing to stdout");

	for (;;)
		pause();	/* until kexec (or a signal ends us: unpreserve) */
}

static int do_restore(const char *name, uint64_t size, uint64_t seed)
{
	struct lu_retrieve_session rs;
	struct lu_retrieve_fd rf;
	struct lu_finish fin;
	char result[128] = "ok";
	struct stat st;
	int luo_fd, mfd;
	uint64_t bad = 0, first_bad = 0;

	if (open_luo(&luo_fd))
		return EXIT_ERR;

	memset(&rs, 0, sizeof(rs));
	rs.size = sizeof(rs);
	memcpy(rs.name, name, strlen(name));	/* length checked in main() */
	if (ioctl(luo_fd, LU_IOCTL_RETRIEVE_SESSION, &rs) < 0)
		return sys_fail(errno, "ioctl(LIVEUPDATE_IOCTL_RETRIEVE_SESSION)%s",
				errno == ENOENT ? " (no such incoming session)" :
				errno == EINVAL ? " (already retrieved)" : "");
	if (rs.fd < 0)
		return sys_fail(EBADF, "ioctl(LIVEUPDATE_IOCTL_RETRIEVE_SESSION) returned fd %d",
				(int)rs.fd);

	memset(&rf, 0, sizeof(rf));
	rf.size = sizeof(rf);
	rf.token = g_token;
	if (ioctl(rs.fd, LU_SESSION_RETRIEVE_FD, &rf) < 0)
		return sys_fail(errno, "ioctl(LIVEUPDATE_SESSION_RETRIEVE_FD)%s",
				errno == ENOENT ? " (no such token in the session)" : "");
	mfd = rf.fd;
	if (mfd < 0)
		return sys_fail(EBADF, "ioctl(LIVEUPDATE_SESSION_RETRIEVE_FD) returned fd %d", mfd);

	if (fstat(mfd, &st) < 0)
		return sys_fail(errno, "fstat(restored memfd)");
	if (st.st_size < 0 || (uint64_t)st.st_size != size) {
		snprintf(result, sizeof(result), "size-%jd-expected-%" PRIu64,
			 (intmax_t)st.st_size, size);
	} else {
		for (uint64_t off = 0; off < size; off += CHUNK) {
			size_t len = size - off < CHUNK ? (size_t)(size - off) : CHUNK;
			ssize_t got = read_full(mfd, g_buf, len, off);

			if (got < 0)
				return sys_fail(errno, "pread(restored memfd, offset 0x%" PRIx64 ")", off);
			if ((size_t)got < len) {
				snprintf(result, sizeof(result), "short-read-at-0x%" PRIx64,
					 off + (uint64_t)got);
				break;
			}
			pattern_fill(g_want, seed, off, len);
			if (!memcmp(g_buf, g_want, len))
				continue;
			for (size_t k = 0; k < len; k += 8) {
				size_t n = len - k < 8 ? len - k : 8;

				if (memcmp(g_buf + k, g_want + k, n) && !bad++)
					first_bad = off + k;
			}
		}
		if (bad && !strcmp(result, "ok"))
			snprintf(result, sizeof(result), "%" PRIu64 "-bad-words-first-at-0x%" PRIx64,
				 bad, first_bad);
	}

	/*
	 * All (the one) files of the session are retrieved: finish it, which
	 * hands ownership of the preserved memory over to the memfd.  Done on
	 * a mismatch too, so the session does not stay half-owned by LUO.
	 */
	memset(&fin, 0, sizeof(fin));
	fin.size = sizeof(fin);
	if (ioctl(rs.fd, LU_SESSION_FINISH, &fin) < 0)
		return sys_fail(errno, "ioctl(LIVEUPDATE_SESSION_FINISH) (contents: %s)", result);

	if (close(mfd) < 0)
		return sys_fail(errno, "close(restored memfd)");
	if (close(rs.fd) < 0)
		return sys_fail(errno, "close(session)");
	if (close(luo_fd) < 0)
		return sys_fail(errno, "close(%s)", LU_DEV);

	if (printf("luo_memfd: restored session=%s token=%" PRIu64 " size=%" PRIu64 " result=%s\n",
		   name, g_token, size, result) < 0 || fflush(stdout) == EOF)
		return sys_fail(errno ? errno : EIO, "writing to stdout");
	return strcmp(result, "ok") ? EXIT_MISMATCH : EXIT_OK;
}

int main(int argc, char **argv)
{
	uint64_t size, seed;
	size_t nlen;
	int preserve;

	if (argc != 6)
		return usage();
	if (!strcmp(argv[1], "preserve"))
		preserve = 1;
	else if (!strcmp(argv[1], "restore"))
		preserve = 0;
	else
		return usage();
	g_mode = argv[1];
	g_session = argv[2];

	nlen = strlen(argv[2]);
	if (nlen == 0 || nlen >= LU_SESSION_NAME_LENGTH) {
		fprintf(stderr, "luo_memfd: SESSION must be 1..%d bytes\n",
			LU_SESSION_NAME_LENGTH - 1);
		return usage();
	}
	if (parse_u64(argv[3], &g_token, 0)) {
		fprintf(stderr, "luo_memfd: bad TOKEN '%s'\n", argv[3]);
		return usage();
	}
	if (parse_u64(argv[4], &size, 1)) {
		fprintf(stderr, "luo_memfd: bad SIZE '%s'\n", argv[4]);
		return usage();
	}
	if (parse_u64(argv[5], &seed, 0)) {
		fprintf(stderr, "luo_memfd: bad SEED '%s'\n", argv[5]);
		return usage();
	}
	if (setvbuf(stdout, NULL, _IOLBF, 0))
		return sys_fail(errno ? errno : EIO, "setvbuf(stdout)");

	return preserve ? do_preserve(argv[2], size, seed) : do_restore(argv[2], size, seed);
}
