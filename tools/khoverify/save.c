// SPDX-License-Identifier: GPL-2.0
/*
 * save.c - khoverify --save: what the old kernel hands over, kept in a
 * directory that survives the kexec.
 *
 *   DIR/khoverify-save   "# khoverify-save 1", then "key value" lines:
 *                        release, boot_id, kexec_count, saved_ns, debugfs,
 *                        snoop_log (the live khosnoop log, optional),
 *                        snoop_copy (1 when DIR/khosnoop.log exists)
 *   DIR/out/             kho/out as it was: fdt, sub_fdts/, scratch_phys,
 *                        scratch_len, stats, timing (the phases so far)
 *   DIR/scratch          kho/scratch, when the kernel has it
 *   DIR/khosnoop.log     a copy of the live log at --save time
 *
 * The save is written to DIR.tmp.<pid> and renamed into place, so a save
 * directory is always complete; an existing save is replaced, any other
 * non-empty DIR is refused.
 */
#include <dirent.h>
#include <stdint.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "khoverify.h"

#define COPY_MAX	(64u << 20)	/* a debugfs file larger than this is not KHO's */

static int write_file(const char *path, const void *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	const char *p = data;

	if (fd < 0)
		return -1;
	while (len) {
		ssize_t w = write(fd, p, len);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			int e = w < 0 ? errno : EIO;

			close(fd);
			errno = e;
			return -1;
		}
		p += w;
		len -= (size_t)w;
	}
	if (fsync(fd) || close(fd))
		return -1;
	return 0;
}

static int copy_file(const char *src, const char *dst, char *err, size_t errlen)
{
	uint8_t *buf;
	size_t len;
	char e[256];

	if (kho_read_file(src, COPY_MAX, &buf, &len, e, sizeof(e))) {
		if (errno == ENOMEM)
			return kho_errf(err, errlen, "out of memory"), KV_EXIT_RUNTIME;
		return kho_errf(err, errlen, "%s", e), KV_EXIT_INPUT;
	}
	if (write_file(dst, buf, len)) {
		kho_errf(err, errlen, "%s: %s", dst, strerror(errno));
		free(buf);
		return KV_EXIT_RUNTIME;
	}
	free(buf);
	return KV_EXIT_OK;
}

/*
 * The khosnoop log as it is now.  A recorder still running has written no
 * "# end" line yet: the copy gets one, "reason=snapshot" with the events
 * written so far (a line being written is cut), so that it reads as a
 * complete log of everything up to the save.  The copy must parse.
 */
static int copy_log(const char *src, const char *dst, char *err, size_t errlen)
{
	struct kho_evlog log;
	uint8_t *buf;
	char *txt = NULL, e[256];
	size_t len, events = 0;
	int r = KV_EXIT_OK;

	if (kho_read_file(src, 1u << 30, &buf, &len, e, sizeof(e))) {
		if (errno == ENOMEM)
			return kho_errf(err, errlen, "out of memory"), KV_EXIT_RUNTIME;
		return kho_errf(err, errlen, "%s", e), KV_EXIT_INPUT;
	}
	while (len && buf[len - 1] != '\n')
		len--;
	for (size_t off = 0; off < len;) {
		const uint8_t *nl = memchr(buf + off, '\n', len - off);
		size_t l = (size_t)(nl - (buf + off));

		if (l >= 5 && !memcmp(buf + off, "# end", 5)) {
			events = SIZE_MAX;	/* complete already */
			break;
		}
		if (l >= 3 && !memcmp(buf + off, "ev=", 3))
			events++;
		off += l + 1;
	}
	if (events != SIZE_MAX) {
		char end[96];
		int n = snprintf(end, sizeof(end), "# end reason=snapshot events=%zu drops=0\n",
				 events);

		txt = malloc(len + (size_t)n + 1);
		if (!txt) {
			free(buf);
			return kho_errf(err, errlen, "out of memory"), KV_EXIT_RUNTIME;
		}
		memcpy(txt, buf, len);
		memcpy(txt + len, end, (size_t)n + 1);
		len += (size_t)n;
	}
	if (kho_evlog_parse(&log, txt ? txt : (const char *)buf, len, e, sizeof(e))) {
		r = errno == ENOMEM ? KV_EXIT_RUNTIME : KV_EXIT_INPUT;
		kho_errf(err, errlen, "%s: %s", src, e);
	}
	kho_evlog_free(&log);
	if (!r && write_file(dst, txt ? txt : (const char *)buf, len)) {
		kho_errf(err, errlen, "%s: %s", dst, strerror(errno));
		r = KV_EXIT_RUNTIME;
	}
	free(txt);
	free(buf);
	return r;
}

/* Regular files of @src (and of its directories, @depth levels down). */
static int copy_dir(const char *src, const char *dst, int depth, char *err,
		    size_t errlen)
{
	DIR *d = opendir(src);
	struct dirent *de;
	int r = KV_EXIT_OK;

	if (!d)
		return kho_errf(err, errlen, "%s: %s", src, strerror(errno)), KV_EXIT_INPUT;
	if (mkdir(dst, 0755) && errno != EEXIST) {
		kho_errf(err, errlen, "%s: %s", dst, strerror(errno));
		closedir(d);
		return KV_EXIT_RUNTIME;
	}
	while (!r && (de = readdir(d))) {
		char s[PATH_MAX], t[PATH_MAX];
		struct stat st;

		if (de->d_name[0] == '.')
			continue;
		if ((size_t)snprintf(s, sizeof(s), "%s/%s", src, de->d_name) >= sizeof(s) ||
		    (size_t)snprintf(t, sizeof(t), "%s/%s", dst, de->d_name) >= sizeof(t)) {
			r = KV_EXIT_INPUT;
			kho_errf(err, errlen, "%s/%s: path too long", src, de->d_name);
			break;
		}
		if (lstat(s, &st))
			continue;	/* went away: debugfs changes under us */
		if (S_ISDIR(st.st_mode) && depth > 0)
			r = copy_dir(s, t, depth - 1, err, errlen);
		else if (S_ISREG(st.st_mode) && (st.st_mode & 0444) && access(s, R_OK) == 0)
			r = copy_file(s, t, err, errlen);
		/* write-only controls (finalize on some kernels) are not state */
	}
	closedir(d);
	return r;
}

static int rm_one(const char *p, const struct stat *st, int flag, struct FTW *f)
{
	(void)st;
	(void)flag;
	(void)f;
	return remove(p);
}

static int rm_tree(const char *path)
{
	return nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* The kexec count of this kernel: its kho/in kexec-metadata, 0 after a cold boot. */
static uint64_t this_kexec_count(const char *debugfs)
{
	struct kho_capture c;
	struct kho_decoded k;
	char in[PATH_MAX], err[200];
	uint64_t n = 0;

	if (!kho_capture_default(debugfs, true, in, sizeof(in)))
		return 0;
	if (kho_capture_load(&c, in, err, sizeof(err)))
		return 0;
	if (c.fdt && !kho_decode_capture(&k, &c, KHO_LITTLE, err, sizeof(err))) {
		const struct kho_blob *md = kho_decoded_metadata(&k);

		if (md)
			n = md->u.md.kexec_count;
		kho_decoded_free(&k);
	}
	kho_capture_free(&c);
	return n;
}

/* The -o / --output of a running khosnoop, absolute; "" when none. */
static void find_snoop_log(char *out, size_t n, char *note, size_t notelen)
{
	DIR *d = opendir("/proc");
	struct dirent *de;
	bool running = false;

	out[0] = '\0';
	if (!d)
		return;
	while (!out[0] && (de = readdir(d))) {
		char p[300], comm[32], cmd[8192], cwd[PATH_MAX];
		const char *arg = NULL;
		size_t len;
		FILE *f;
		ssize_t cl;

		if (de->d_name[0] < '1' || de->d_name[0] > '9')
			continue;
		snprintf(p, sizeof(p), "/proc/%s/comm", de->d_name);
		kho_read_line(p, comm, sizeof(comm));
		if (strcmp(comm, "khosnoop"))
			continue;
		running = true;
		snprintf(p, sizeof(p), "/proc/%s/cmdline", de->d_name);
		f = fopen(p, "r");
		if (!f)
			continue;
		len = fread(cmd, 1, sizeof(cmd) - 1, f);
		fclose(f);
		cmd[len] = '\0';
		for (size_t i = 0; i < len; i += strlen(cmd + i) + 1) {
			const char *a = cmd + i;

			if ((!strcmp(a, "-o") || !strcmp(a, "--output")) &&
			    i + strlen(a) + 1 < len)
				arg = a + strlen(a) + 1;
			else if (!strncmp(a, "--output=", 9))
				arg = a + 9;
			else if (!strncmp(a, "-o", 2) && a[2])
				arg = a + 2;
		}
		if (!arg || !arg[0])
			continue;
		if (arg[0] == '/') {
			snprintf(out, n, "%s", arg);
			continue;
		}
		snprintf(p, sizeof(p), "/proc/%s/cwd", de->d_name);
		cl = readlink(p, cwd, sizeof(cwd) - 1);
		if (cl <= 0)
			continue;
		cwd[cl] = '\0';
		if ((size_t)snprintf(out, n, "%s/%s", cwd, arg) >= n)
			out[0] = '\0';
	}
	closedir(d);
	if (!out[0])
		snprintf(note, notelen, running ? "khosnoop runs without -o: no log saved" :
			 "no khosnoop running: no log saved");
}

int kv_meta_parse(struct kv_meta *m, const char *txt, size_t len, char *err,
		  size_t errlen)
{
	size_t off = 0, line = 0;
	bool have[4] = { false };
	const size_t mlen = strlen(KHOVERIFY_SAVE_MAGIC);

	memset(m, 0, sizeof(*m));
	if (len < mlen + 1 || memcmp(txt, KHOVERIFY_SAVE_MAGIC "\n", mlen + 1))
		return kho_errf(err, errlen, "not a khoverify save (no \"%s\" line)",
				KHOVERIFY_SAVE_MAGIC), -1;
	off = mlen + 1;
	line = 1;
	while (off < len) {
		const char *s = txt + off, *nl = memchr(s, '\n', len - off), *sp;
		size_t l;
		char key[32], val[1024];

		line++;
		if (!nl)
			return kho_errf(err, errlen, "line %zu: no newline (truncated)", line), -1;
		l = (size_t)(nl - s);
		off += l + 1;
		if (memchr(s, '\0', l))
			return kho_errf(err, errlen, "line %zu: a NUL byte", line), -1;
		sp = memchr(s, ' ', l);
		if (!sp || sp == s || (size_t)(sp - s) >= sizeof(key) ||
		    l - (size_t)(sp - s) - 1 >= sizeof(val) || l - (size_t)(sp - s) - 1 == 0)
			return kho_errf(err, errlen, "line %zu: not \"key value\"", line), -1;
		memcpy(key, s, (size_t)(sp - s));
		key[sp - s] = '\0';
		memcpy(val, sp + 1, l - (size_t)(sp - s) - 1);
		val[l - (size_t)(sp - s) - 1] = '\0';
		for (const char *c = val; *c; c++)
			if (*c < 0x21 || *c > 0x7e)
				return kho_errf(err, errlen, "line %zu: unprintable value", line), -1;
		if (!strcmp(key, "release") && strlen(val) < sizeof(m->release)) {
			snprintf(m->release, sizeof(m->release), "%s", val);
			have[0] = true;
		} else if (!strcmp(key, "boot_id") && strlen(val) < sizeof(m->boot_id)) {
			snprintf(m->boot_id, sizeof(m->boot_id), "%s", val);
			have[1] = true;
		} else if (!strcmp(key, "kexec_count") && kho_parse_u64(val, &m->kexec_count)) {
			have[2] = true;
		} else if (!strcmp(key, "saved_ns") && kho_parse_u64(val, &m->saved_ns)) {
			have[3] = true;
		} else if (!strcmp(key, "debugfs") && strlen(val) < sizeof(m->debugfs)) {
			snprintf(m->debugfs, sizeof(m->debugfs), "%s", val);
		} else if (!strcmp(key, "snoop_log") && strlen(val) < sizeof(m->snoop_log)) {
			snprintf(m->snoop_log, sizeof(m->snoop_log), "%s", val);
		} else if (!strcmp(key, "snoop_copy") && (!strcmp(val, "0") || !strcmp(val, "1"))) {
			m->has_copy = val[0] == '1';
		} else {
			return kho_errf(err, errlen, "line %zu: bad \"%s\"", line, key), -1;
		}
	}
	if (!have[0] || !have[1] || !have[2] || !have[3])
		return kho_errf(err, errlen, "%s missing", !have[0] ? "release" :
				!have[1] ? "boot_id" : !have[2] ? "kexec_count" : "saved_ns"), -1;
	return 0;
}

static int write_meta(const char *dir, const struct kv_meta *m, char *err,
		      size_t errlen)
{
	char path[PATH_MAX], buf[2048];
	int n;

	n = snprintf(buf, sizeof(buf),
		     KHOVERIFY_SAVE_MAGIC "\nrelease %s\nboot_id %s\nkexec_count %" PRIu64
		     "\nsaved_ns %" PRIu64 "\ndebugfs %s\n%s%s%ssnoop_copy %d\n",
		     m->release, m->boot_id, m->kexec_count, m->saved_ns, m->debugfs,
		     m->snoop_log[0] ? "snoop_log " : "", m->snoop_log,
		     m->snoop_log[0] ? "\n" : "", m->has_copy);
	if (n < 0 || (size_t)n >= sizeof(buf))
		return kho_errf(err, errlen, "save metadata too long"), KV_EXIT_INPUT;
	snprintf(path, sizeof(path), "%s/%s", dir, KHOVERIFY_META);
	if (write_file(path, buf, (size_t)n))
		return kho_errf(err, errlen, "%s: %s", path, strerror(errno)), KV_EXIT_RUNTIME;
	return KV_EXIT_OK;
}

/* A value we write into the metadata: printable, no spaces. */
static bool meta_safe(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < 0x21 || *s > 0x7e)
			return false;
	return true;
}

/* DIR may be absent, empty, or a previous save; nothing else is overwritten. */
static int check_target(const char *dir, bool *replace, char *err, size_t errlen)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	bool empty = true;
	char meta[PATH_MAX];

	*replace = false;
	if (!d) {
		if (errno == ENOENT)
			return KV_EXIT_OK;
		return kho_errf(err, errlen, "%s: %s", dir, strerror(errno)), KV_EXIT_INPUT;
	}
	while ((de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			empty = false;
	closedir(d);
	snprintf(meta, sizeof(meta), "%s/%s", dir, KHOVERIFY_META);
	if (!empty && access(meta, F_OK))
		return kho_errf(err, errlen, "%s: not empty and not a khoverify save", dir),
		       KV_EXIT_INPUT;
	*replace = true;
	return KV_EXIT_OK;
}

int kv_save(const struct kv_opts *o, struct kv_meta *m, char *note, size_t notelen,
	    char *err, size_t errlen)
{
	char out[PATH_MAX], tmp[PATH_MAX / 2], old[PATH_MAX / 2], p[PATH_MAX], e[256];
	struct kho_capture c;
	struct kho_decoded k;
	struct utsname u;
	struct timespec ts;
	bool replace;
	int r;

	note[0] = '\0';
	memset(m, 0, sizeof(*m));
	r = check_target(o->dir, &replace, err, errlen);
	if (r)
		return r;
	if (!kho_capture_default(o->debugfs, false, out, sizeof(out)))
		return kho_errf(err, errlen, "%s: no such directory (a kernel without KHO, or debugfs not mounted)",
				out), KV_EXIT_INPUT;
	/* what we save must be a handover we can read back */
	if (kho_capture_load(&c, out, e, sizeof(e)))
		return kho_errf(err, errlen, "%s", e),
		       errno == ENOMEM ? KV_EXIT_RUNTIME : KV_EXIT_INPUT;
	/* stock 7.2 shows no root FDT in kho/out: its subtrees then */
	if (!c.fdt && !c.nsubs) {
		kho_capture_free(&c);
		return kho_errf(err, errlen, "%s: no root FDT and no subtrees", out),
		       KV_EXIT_INPUT;
	}
	if (kho_decode_capture(&k, &c, KHO_LITTLE, e, sizeof(e))) {
		r = errno == ENOMEM ? KV_EXIT_RUNTIME : KV_EXIT_INPUT;
		kho_capture_free(&c);
		return kho_errf(err, errlen, "%s: %s", out, e), r;
	}
	kho_decoded_free(&k);
	kho_capture_free(&c);

	uname(&u);
	snprintf(m->release, sizeof(m->release), "%s", u.release);
	kho_read_line("/proc/sys/kernel/random/boot_id", m->boot_id, sizeof(m->boot_id));
	if (!meta_safe(m->release) || !meta_safe(m->boot_id))
		return kho_errf(err, errlen, "cannot read this kernel's release and boot_id"),
		       KV_EXIT_RUNTIME;
	m->kexec_count = this_kexec_count(o->debugfs);
	clock_gettime(CLOCK_REALTIME, &ts);
	m->saved_ns = (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
	snprintf(m->debugfs, sizeof(m->debugfs), "%s", o->debugfs);
	if (!meta_safe(m->debugfs))
		return kho_errf(err, errlen, "--debugfs: a path without spaces, please"),
		       KV_EXIT_INPUT;
	if (o->log)
		snprintf(m->snoop_log, sizeof(m->snoop_log), "%s", o->log);
	else if (!o->no_log)
		find_snoop_log(m->snoop_log, sizeof(m->snoop_log), note, notelen);
	if (m->snoop_log[0] && !meta_safe(m->snoop_log))
		return kho_errf(err, errlen, "%s: a log path without spaces, please", m->snoop_log),
		       KV_EXIT_INPUT;

	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", o->dir, (long)getpid()) >= sizeof(tmp) ||
	    (size_t)snprintf(old, sizeof(old), "%s.old.%ld", o->dir, (long)getpid()) >= sizeof(old))
		return kho_errf(err, errlen, "%s: path too long", o->dir), KV_EXIT_INPUT;
	if (mkdir(tmp, 0755))
		return kho_errf(err, errlen, "%s: %s", tmp, strerror(errno)), KV_EXIT_RUNTIME;
	snprintf(p, sizeof(p), "%s/out", tmp);
	r = copy_dir(out, p, 1, err, errlen);
	if (!r) {
		char sc[PATH_MAX];

		snprintf(sc, sizeof(sc), "%s/kho/scratch", o->debugfs);
		snprintf(p, sizeof(p), "%s/scratch", tmp);
		if (access(sc, R_OK) == 0)
			r = copy_file(sc, p, err, errlen);
	}
	if (!r && m->snoop_log[0]) {
		snprintf(p, sizeof(p), "%s/%s", tmp, KHOVERIFY_LOG);
		r = copy_log(m->snoop_log, p, err, errlen);
		if (r && o->log)
			goto fail;	/* named explicitly: must be there */
		if (r)
			snprintf(note, notelen, "%s", err);
		m->has_copy = !r;
		r = KV_EXIT_OK;
	}
	if (!r)
		r = write_meta(tmp, m, err, errlen);
	if (r)
		goto fail;
	if (replace && rename(o->dir, old)) {
		kho_errf(err, errlen, "%s: %s", o->dir, strerror(errno));
		r = KV_EXIT_RUNTIME;
		goto fail;
	}
	if (rename(tmp, o->dir)) {
		kho_errf(err, errlen, "%s: %s", o->dir, strerror(errno));
		if (replace)
			rename(old, o->dir);
		r = KV_EXIT_RUNTIME;
		goto fail;
	}
	if (replace)
		rm_tree(old);
	return KV_EXIT_OK;
fail:
	rm_tree(tmp);
	return r;
}
