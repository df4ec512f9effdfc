// SPDX-License-Identifier: GPL-2.0
/* kho_capture.c - load, decode, check and diff KHO captures. */
#include "kho_capture.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* "a/b" into @buf; false when it does not fit. */
static bool join(char *buf, size_t n, const char *a, const char *b)
{
	int r = snprintf(buf, n, "%s/%s", a, b);

	return r >= 0 && (size_t)r < n;
}

static const char *const layouts[][2] = {
	{ "kho/out", "kho/in" },
	{ "liveupdate/kho_out", "liveupdate/kho_in" },
	{ "liveupdate/out", "liveupdate/in" },
};

bool kho_capture_default(const char *debugfs, bool in, char *buf, size_t n)
{
	struct stat st;

	for (size_t i = 0; i < KHO_ARRAY_SIZE(layouts); i++) {
		if (join(buf, n, debugfs, layouts[i][in]) && !stat(buf, &st) &&
		    S_ISDIR(st.st_mode))
			return true;
	}
	join(buf, n, debugfs, layouts[0][in]);
	return false;
}

/* @path without trailing slashes into @p (of 4096 bytes); its length. */
static size_t trim(char *p, const char *path)
{
	size_t l;

	snprintf(p, 4096, "%s", path);
	l = strlen(p);
	while (l > 1 && p[l - 1] == '/')
		p[--l] = 0;
	return l;
}

static const char *layout_of(const char *path, enum kho_side *side)
{
	char p[4096];
	size_t l = trim(p, path);
	const char *base = strrchr(p, '/') ? strrchr(p, '/') + 1 : p;

	for (size_t i = 0; i < KHO_ARRAY_SIZE(layouts); i++)
		for (int j = 0; j < 2; j++) {
			size_t s = strlen(layouts[i][j]);

			if (l >= s && !strcmp(p + l - s, layouts[i][j]) &&
			    (l == s || p[l - s - 1] == '/')) {
				*side = j ? KHO_SIDE_IN : KHO_SIDE_OUT;
				return layouts[i][j];
			}
		}
	if (!strcmp(base, "out") || !strcmp(base, "kho_out"))
		*side = KHO_SIDE_OUT;
	else if (!strcmp(base, "in") || !strcmp(base, "kho_in"))
		*side = KHO_SIDE_IN;
	return "directory";
}

static int parse_lines(const char *txt, uint64_t *v, size_t max, size_t *n)
{
	const char *p = txt;

	*n = 0;
	while (*p) {
		char line[64];
		size_t l = strcspn(p, "\n");

		if (l >= sizeof(line) || *n >= max)
			return -1;
		memcpy(line, p, l);
		line[l] = 0;
		if (strncmp(line, "0x", 2) || !kho_parse_u64(line, &v[*n]))
			return -1;
		(*n)++;
		p += l;
		if (*p == '\n')
			p++;
	}
	return 0;
}

int kho_parse_scratch(const char *phys, const char *len,
		      struct kho_scratch_ser **out, size_t *n, char *err,
		      size_t errlen)
{
	uint64_t *a = calloc(KHO_MAX_SCRATCH, sizeof(*a));
	uint64_t *s = calloc(KHO_MAX_SCRATCH, sizeof(*s));
	size_t na, ns;
	int ret = -1;

	*out = NULL;
	*n = 0;
	if (!a || !s) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	if (parse_lines(phys, a, KHO_MAX_SCRATCH, &na) ||
	    parse_lines(len, s, KHO_MAX_SCRATCH, &ns)) {
		snprintf(err, errlen, "scratch_phys/scratch_len: expected one 0x... number per line");
		goto out;
	}
	if (na != ns) {
		snprintf(err, errlen, "scratch_phys has %zu lines, scratch_len %zu", na, ns);
		goto out;
	}
	*out = calloc(na ? na : 1, sizeof(**out));
	if (!*out) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < na; i++) {
		(*out)[i].addr = a[i];
		(*out)[i].size = s[i];
	}
	*n = na;
	ret = 0;
out:
	free(a);
	free(s);
	return ret;
}

static int cmp_files(const void *a, const void *b)
{
	return strcmp(((const struct kho_capfile *)a)->name,
		      ((const struct kho_capfile *)b)->name);
}

static int load_subs(struct kho_capture *c, const char *dir, char *err, size_t errlen)
{
	DIR *d = opendir(dir);
	struct dirent *de;

	if (!d) {
		if (errno == ENOENT)
			return 0;
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		return -1;
	}
	c->has_sub_dir = true;
	c->subs = calloc(KHO_MAX_FILES, sizeof(*c->subs));
	if (!c->subs) {
		closedir(d);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	while ((de = readdir(d))) {
		char p[8192];
		struct kho_capfile *f;

		if (de->d_name[0] == '.')
			continue;
		if (c->nsubs >= KHO_MAX_FILES) {
			snprintf(err, errlen, "%s: more than %d files", dir, KHO_MAX_FILES);
			closedir(d);
			return -1;
		}
		f = &c->subs[c->nsubs];
		snprintf(f->name, sizeof(f->name), "%s", de->d_name);
		if (!join(p, sizeof(p), dir, de->d_name)) {
			snprintf(err, errlen, "%s: path too long", dir);
			closedir(d);
			return -1;
		}
		if (kho_read_file(p, KHO_FILE_MAX, &f->data, &f->len, err, errlen)) {
			closedir(d);
			return -1;
		}
		c->nsubs++;
	}
	closedir(d);
	qsort(c->subs, c->nsubs, sizeof(*c->subs), cmp_files);
	return 0;
}

static int read_opt(const char *dir, const char *name, uint8_t **buf, size_t *len,
		    char *err, size_t errlen)
{
	char p[8192];
	struct stat st;

	if (!join(p, sizeof(p), dir, name)) {
		snprintf(err, errlen, "%s: path too long", dir);
		return -1;
	}
	if (lstat(p, &st) && errno == ENOENT)
		return 1;
	return kho_read_file(p, KHO_FILE_MAX, buf, len, err, errlen);
}

/*
 * An optional statistics file @name of @dir into @t.  Absent is fine (a
 * directory of that name counts as absent with @no_dirs), and so is
 * unreadable (too large, no permission): the reason is kept in t->err for a
 * warning.  Only running out of memory is an error (-1).
 */
static int read_text(const char *dir, const char *name, const char *shown, bool no_dirs,
		     struct kho_textfile *t, char *err, size_t errlen)
{
	char p[8192], e[sizeof(p) + 200];
	struct stat st;
	uint8_t *buf;
	size_t pl;

	t->name = shown;
	if (!join(p, sizeof(p), dir, name) || (lstat(p, &st) && errno == ENOENT) ||
	    (no_dirs && !stat(p, &st) && S_ISDIR(st.st_mode)))
		return 0;
	t->present = true;
	if (!kho_read_file(p, KHO_KV_FILE_MAX, &buf, &t->len, e, sizeof(e))) {
		t->data = (char *)buf;
		return 0;
	}
	if (errno == ENOMEM) {
		snprintf(err, errlen, "%s: out of memory", shown);
		return -1;
	}
	pl = strlen(p);	/* the reason, without the path in front of it */
	snprintf(t->err, sizeof(t->err), "%.150s",
		 !strncmp(e, p, pl) && !strncmp(e + pl, ": ", 2) ? e + pl + 2 : e);
	return 0;
}

/* stats and timing in the directory; the kho/scratch file in it or, for a
 * directory named out or in (kho/out, kho/in), next to it. */
static int read_stats_files(struct kho_capture *c, char *err, size_t errlen)
{
	char p[4096], *slash;
	const char *base;

	if (read_text(c->path, "stats", "stats", false, &c->stats, err, errlen) ||
	    read_text(c->path, "timing", "timing", false, &c->timing, err, errlen) ||
	    read_text(c->path, "scratch", "scratch", true, &c->scratch_use, err, errlen))
		return -1;
	if (c->scratch_use.present)
		return 0;
	trim(p, c->path);
	slash = strrchr(p, '/');
	base = slash ? slash + 1 : p;
	if (strcmp(base, "out") && strcmp(base, "in"))
		return 0;
	if (!slash)
		snprintf(p, sizeof(p), ".");
	else if (slash == p)
		p[1] = 0;	/* "/out": the parent is "/" */
	else
		*slash = 0;
	return read_text(p, "scratch", "../scratch", true, &c->scratch_use, err, errlen);
}

static void note_extras(struct kho_capture *c)
{
	static const char *const known[] = { "fdt", "sub_fdts", "scratch_phys", "scratch_len",
					     "stats", "timing", "scratch" };
	DIR *d = opendir(c->path);
	struct dirent *de;

	if (!d)
		return;
	while ((de = readdir(d))) {
		bool k = de->d_name[0] == '.';

		for (size_t i = 0; i < KHO_ARRAY_SIZE(known) && !k; i++)
			k = !strcmp(de->d_name, known[i]);
		if (!k && strlen(c->extra) + strlen(de->d_name) + 2 < sizeof(c->extra)) {
			if (c->extra[0])
				strcat(c->extra, " ");
			strcat(c->extra, de->d_name);
		}
	}
	closedir(d);
}

int kho_capture_load(struct kho_capture *c, const char *path, char *err,
		     size_t errlen)
{
	struct stat st;
	uint8_t *sp = NULL, *sl = NULL;
	size_t spl, sll;
	char sub[8192];
	int r1, r2;

	memset(c, 0, sizeof(*c));
	snprintf(c->path, sizeof(c->path), "%s", path);
	if (stat(path, &st)) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		c->layout = "blob";
		if (kho_read_file(path, KHO_FILE_MAX, &c->fdt, &c->fdt_len, err, errlen))
			return -1;
		return 0;
	}
	c->is_dir = true;
	c->layout = layout_of(path, &c->side);
	r1 = read_opt(path, "fdt", &c->fdt, &c->fdt_len, err, errlen);
	if (r1 < 0)
		goto fail;
	if (!join(sub, sizeof(sub), path, "sub_fdts")) {
		snprintf(err, errlen, "path too long");
		goto fail;
	}
	if (load_subs(c, sub, err, errlen))
		goto fail;
	r1 = read_opt(path, "scratch_phys", &sp, &spl, err, errlen);
	r2 = r1 < 0 ? 1 : read_opt(path, "scratch_len", &sl, &sll, err, errlen);
	if (r1 < 0 || r2 < 0)
		goto fail;
	if (!r1 && !r2) {
		if (kho_parse_scratch((char *)sp, (char *)sl, &c->scratch, &c->nscratch,
				      err, errlen))
			goto fail;
		c->has_scratch = true;
	} else if (r1 != r2) {
		snprintf(err, errlen, "%s: scratch_phys and scratch_len must come together", path);
		goto fail;
	}
	free(sp);
	free(sl);
	sp = sl = NULL;
	if (!c->fdt && !c->has_sub_dir && !c->has_scratch) {
		snprintf(err, errlen, "%s: not a KHO directory (no fdt, sub_fdts or scratch_phys)",
			 path);
		goto fail;
	}
	if (read_stats_files(c, err, errlen))
		goto fail;
	note_extras(c);
	return 0;
fail:
	free(sp);
	free(sl);
	kho_capture_free(c);
	return -1;
}

void kho_capture_free(struct kho_capture *c)
{
	free(c->fdt);
	for (size_t i = 0; i < c->nsubs; i++)
		free(c->subs[i].data);
	free(c->subs);
	free(c->scratch);
	free(c->stats.data);
	free(c->timing.data);
	free(c->scratch_use.data);
	c->fdt = NULL;
	c->subs = NULL;
	c->scratch = NULL;
	c->nsubs = 0;
	memset(&c->stats, 0, sizeof(c->stats));
	memset(&c->timing, 0, sizeof(c->timing));
	memset(&c->scratch_use, 0, sizeof(c->scratch_use));
}

/* A readable statistics file (else a warning when it exists). */
static bool readable(const struct kho_textfile *t, struct kho_diags *d)
{
	if (t->present && !t->data)
		kho_diag(d, KHO_WARN, "%s: %s; not read", t->name, t->err);
	return t->data != NULL;
}

/* The statistics files, typed; -1 when out of memory. */
static int decode_stats(struct kho_decoded *k, const struct kho_capture *c)
{
	const struct kho_textfile *s = &c->stats, *t = &c->timing, *u = &c->scratch_use;
	struct kho_diags *d = &k->diags;

	if (readable(s, d) && kho_stats_parse(&k->stats, s->name, s->data, s->len, c->side, d))
		return -1;
	if (readable(t, d) && kho_timing_parse(&k->timing, t->name, t->data, t->len, c->side, d))
		return -1;
	if (readable(u, d) && kho_scratch_use_parse(&k->scratch_use, u->name, u->data, u->len, d))
		return -1;
	return 0;
}

int kho_decode_capture(struct kho_decoded *k, const struct kho_capture *c,
		       enum kho_endian e, char *err, size_t errlen)
{
	int saved;

	memset(k, 0, sizeof(*k));
	if (c->fdt) {
		/* a blob file is decoded as whatever it is (its file name helps
		 * recognise kexec-metadata and LUO); a directory's fdt is the root */
		const char *base = strrchr(c->path, '/');

		kho_blob_decode(&k->root, c->is_dir ? NULL : base ? base + 1 : c->path,
				c->fdt, c->fdt_len, e, &k->diags);
		k->has_root = true;
		if (k->root.kind == KHO_KIND_BAD_FDT) {
			snprintf(err, errlen, "%s%s: %s", c->path, c->is_dir ? "/fdt" : "",
				 k->root.err);
			goto fail;
		}
		if (!c->is_dir && k->root.kind == KHO_KIND_RAW) {
			snprintf(err, errlen, "%s: %s", c->path, c->fdt_len ? "not a KHO blob "
				 "(no FDT magic; not kexec-metadata or LUO)" : "empty file");
			goto fail;
		}
		if (c->is_dir && k->root.kind != KHO_KIND_ROOT) {
			snprintf(err, errlen, "%s/fdt: not a KHO root FDT", c->path);
			goto fail;
		}
	}
	if (c->nsubs) {
		k->subs = calloc(c->nsubs, sizeof(*k->subs));
		if (!k->subs)
			goto oom;
	}
	for (size_t i = 0; i < c->nsubs; i++)
		kho_blob_decode(&k->subs[i], c->subs[i].name, c->subs[i].data,
				c->subs[i].len, e, &k->diags);
	k->nsubs = c->nsubs;
	if (decode_stats(k, c))
		goto oom;
	return 0;
oom:
	snprintf(err, errlen, "out of memory");
	errno = ENOMEM;
fail:
	/* nothing is left to free; errno (ENOMEM or not) survives */
	saved = errno;
	kho_decoded_free(k);
	errno = saved;
	return -1;
}

void kho_decoded_free(struct kho_decoded *k)
{
	kho_blob_free(&k->root);
	for (size_t i = 0; i < k->nsubs; i++)
		kho_blob_free(&k->subs[i]);
	free(k->subs);
	kho_stats_free(&k->stats);
	kho_timing_free(&k->timing);
	kho_scratch_use_free(&k->scratch_use);
	memset(k, 0, sizeof(*k));
}

const struct kho_blob *kho_decoded_sub(const struct kho_decoded *k, const char *name)
{
	for (size_t i = 0; i < k->nsubs; i++)
		if (!strcmp(k->subs[i].name, name))
			return &k->subs[i];
	return NULL;
}

const struct kho_blob *kho_decoded_metadata(const struct kho_decoded *k)
{
	for (size_t i = 0; i < k->nsubs; i++)
		if (k->subs[i].kind == KHO_KIND_METADATA && k->subs[i].u.md.complete &&
		    k->subs[i].u.md.release_terminated)
			return &k->subs[i];
	return NULL;
}

static const struct kho_sub *root_sub(const struct kho_decoded *k, const char *name)
{
	if (!k->has_root || k->root.kind != KHO_KIND_ROOT)
		return NULL;
	for (int i = 0; i < k->root.u.root.nsubs; i++)
		if (k->root.u.root.subs[i].name_ok && !strcmp(k->root.u.root.subs[i].name, name))
			return &k->root.u.root.subs[i];
	return NULL;
}

static void check_sub_vs_blob(const struct kho_sub *s, const struct kho_blob *b,
			      struct kho_diags *d)
{
	char n[80];

	kho_escape(n, sizeof(n), s->name, sizeof(s->name));
	if (s->size.ok && s->size.val != b->len)
		kho_diag(d, KHO_PROBLEM, "subtree \"%s\": blob-size %llu but the blob has %zu bytes",
			 n, (unsigned long long)s->size.val, b->len);
	if (b->fdt.buf && s->size.ok && s->size.val < b->fdt.size)
		kho_diag(d, KHO_PROBLEM, "subtree \"%s\": blob-size %llu is smaller than the FDT (%zu)",
			 n, (unsigned long long)s->size.val, b->fdt.size);
}

void kho_check_capture(const struct kho_decoded *k, const struct kho_capture *c,
		       struct kho_diags *d)
{
	const struct kho_root *r = k->has_root && k->root.kind == KHO_KIND_ROOT ?
				   &k->root.u.root : NULL;
	char n[80];

	if (k->has_root)
		kho_blob_check(&k->root, d);
	else if (c->is_dir)
		kho_diag(d, KHO_WARN, "%s: no fdt file (7.2.13 creates out/fdt only on cold boots)",
			 c->path);
	for (size_t i = 0; i < k->nsubs; i++) {
		const struct kho_blob *b = &k->subs[i];
		const struct kho_sub *s = root_sub(k, b->name);

		kho_blob_check(b, d);
		kho_escape(n, sizeof(n), b->name, KHO_NAME_MAX);
		if (s)
			check_sub_vs_blob(s, b, d);
		else if (r && !k->root.fdt.struct_cut)
			kho_diag(d, KHO_PROBLEM, "sub_fdts/%s has no subtree node in the root FDT", n);
	}
	if (c->has_scratch) {
		kho_scratch_check(c->scratch, c->nscratch, d);
		for (size_t i = 0; i < k->nsubs; i++) {
			const struct kho_memblock *m = &k->subs[i].u.mb;

			if (k->subs[i].kind != KHO_KIND_MEMBLOCK)
				continue;
			for (int j = 0; j < m->n; j++)
				if (m->r[j].start.ok && m->r[j].size.ok &&
				    kho_in_scratch(c->scratch, c->nscratch, m->r[j].start.val,
						   m->r[j].size.val))
					kho_diag(d, KHO_PROBLEM, "reserve_mem \"%s\" overlaps a scratch area",
						 kho_escape(n, sizeof(n), m->r[j].name, KHO_NAME_MAX));
		}
		for (int i = 0; r && i < r->nsubs; i++)
			if (r->subs[i].addr.ok && kho_in_scratch(c->scratch, c->nscratch,
								 r->subs[i].addr.val, 1))
				kho_diag(d, KHO_PROBLEM, "subtree \"%s\": blob lies in a scratch area",
					 kho_escape(n, sizeof(n), r->subs[i].name, KHO_NAME_MAX));
	}
	kho_check_stats(k, c, KHO_PROBLEM, d);
}

void kho_check_stats(const struct kho_decoded *k, const struct kho_capture *c,
		     enum kho_sev sev, struct kho_diags *d)
{
	kho_stats_check(&k->stats, sev, d);
	kho_timing_check(&k->timing, sev, d);
	kho_scratch_use_check(&k->scratch_use, c->scratch, c->nscratch, c->has_scratch, sev, d);
}

/* ---- diff ----------------------------------------------------------- */

struct diff_sub {
	const char *name;
	const struct kho_sub *node;	/* may be NULL */
	const struct kho_blob *blob;	/* may be NULL */
};

static size_t collect(const struct kho_decoded *k, struct diff_sub *out, size_t max)
{
	size_t n = 0;

	if (k->has_root && k->root.kind == KHO_KIND_ROOT)
		for (int i = 0; i < k->root.u.root.nsubs && n < max; i++) {
			const struct kho_sub *s = &k->root.u.root.subs[i];

			if (!s->name_ok)
				continue;
			out[n].name = s->name;
			out[n].node = s;
			out[n].blob = kho_decoded_sub(k, s->name);
			n++;
		}
	for (size_t i = 0; i < k->nsubs && n < max; i++) {
		if (root_sub(k, k->subs[i].name))
			continue;
		out[n].name = k->subs[i].name;
		out[n].node = NULL;
		out[n].blob = &k->subs[i];
		n++;
	}
	return n;
}

static const struct diff_sub *find_ds(const struct diff_sub *v, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(v[i].name, name))
			return &v[i];
	return NULL;
}

/* Appends a change; false (and nothing recorded) when out of memory. */
static struct kho_change *add_change(struct kho_changes *c, const char *type,
				     const char *name)
{
	struct kho_change *ch;

	c->count++;
	if (c->n == c->cap) {
		size_t ncap = c->cap ? 2 * c->cap : 16;
		struct kho_change *v = realloc(c->v, ncap * sizeof(*v));

		if (!v)
			return NULL;	/* counted, not listed */
		c->v = v;
		c->cap = ncap;
	}
	ch = &c->v[c->n++];
	memset(ch, 0, sizeof(*ch));
	ch->type = type;
	snprintf(ch->name, sizeof(ch->name), "%s", name);
	return ch;
}

static void change(struct kho_changes *c, const char *type, const char *name,
		   const char *detail)
{
	struct kho_change *ch = add_change(c, type, name);

	if (ch && detail) {
		ch->has_detail = true;
		snprintf(ch->detail, sizeof(ch->detail), "%s", detail);
	}
}

static void change_u64(struct kho_changes *c, const char *type, const char *name,
		       const char *field, bool is_size, uint64_t a, uint64_t b)
{
	struct kho_change *ch = add_change(c, type, name);

	if (!ch)
		return;
	ch->field = field;
	ch->is_size = is_size;
	ch->old_val = a;
	ch->new_val = b;
}

static const struct kho_region *find_region(const struct kho_memblock *m, const char *name)
{
	for (int i = 0; i < m->n; i++)
		if (m->r[i].name_ok && !strcmp(m->r[i].name, name))
			return &m->r[i];
	return NULL;
}

static void diff_memblock(struct kho_changes *c, const struct kho_memblock *a,
			  const struct kho_memblock *b)
{
	for (int i = 0; i < a->n; i++) {
		const struct kho_region *ra = &a->r[i];
		const struct kho_region *rb = find_region(b, ra->name);

		if (!ra->name_ok)
			continue;
		if (!rb) {
			change(c, "reserve-mem-missing", ra->name, NULL);
			continue;
		}
		if (ra->start.ok && rb->start.ok && ra->start.val != rb->start.val)
			change_u64(c, "reserve-mem-moved", ra->name, "start", false,
				   ra->start.val, rb->start.val);
		if (ra->size.ok && rb->size.ok && ra->size.val != rb->size.val)
			change_u64(c, "reserve-mem-resized", ra->name, "size", true,
				   ra->size.val, rb->size.val);
	}
	for (int i = 0; i < b->n; i++)
		if (b->r[i].name_ok && !find_region(a, b->r[i].name))
			change(c, "reserve-mem-added", b->r[i].name, NULL);
}

static void diff_one(struct kho_changes *c, const struct diff_sub *a,
		     const struct diff_sub *b)
{
	if (a->node && b->node) {
		if (a->node->addr.ok && b->node->addr.ok && a->node->addr.val != b->node->addr.val)
			change_u64(c, "subtree-moved", a->name, "preserved_data", false,
				   a->node->addr.val, b->node->addr.val);
		if (a->node->size.ok && b->node->size.ok && a->node->size.val != b->node->size.val)
			change_u64(c, "subtree-resized", a->name, "blob_size", true,
				   a->node->size.val, b->node->size.val);
	}
	if (!a->blob || !b->blob)
		return;
	if (a->blob->kind == KHO_KIND_MEMBLOCK && b->blob->kind == KHO_KIND_MEMBLOCK) {
		diff_memblock(c, &a->blob->u.mb, &b->blob->u.mb);
		return;
	}
	if (a->blob->len != b->blob->len || memcmp(a->blob->data, b->blob->data, a->blob->len)) {
		const struct kho_metadata *ma = &a->blob->u.md, *mb = &b->blob->u.md;
		char detail[200];

		if (a->blob->kind == KHO_KIND_METADATA && b->blob->kind == KHO_KIND_METADATA &&
		    ma->complete && mb->complete)
			snprintf(detail, sizeof(detail), "kexec-metadata: %.66s count %u -> %.66s count %u",
				 ma->release, ma->kexec_count, mb->release, mb->kexec_count);
		else
			snprintf(detail, sizeof(detail), "blob contents differ");
		change(c, "subtree-changed", a->name, detail);
	}
}

unsigned int kho_diff_collect(const struct kho_decoded *a, const struct kho_decoded *b,
			      struct kho_changes *c)
{
	struct diff_sub *va = calloc(2 * KHO_MAX_FILES, sizeof(*va));
	struct diff_sub *vb = calloc(2 * KHO_MAX_FILES, sizeof(*vb));
	size_t na, nb;

	memset(c, 0, sizeof(*c));
	if (!va || !vb)
		goto out;
	na = collect(a, va, 2 * KHO_MAX_FILES);
	nb = collect(b, vb, 2 * KHO_MAX_FILES);
	if (a->has_root && b->has_root && a->root.kind == KHO_KIND_ROOT &&
	    b->root.kind == KHO_KIND_ROOT) {
		const struct kho_root *ra = &a->root.u.root, *rb = &b->root.u.root;

		if (strcmp(ra->compat, rb->compat))
			change(c, "compatible-changed", "/", rb->compat);
		if (ra->map.ok && rb->map.ok && ra->map.val != rb->map.val)
			change_u64(c, "memory-map-moved", "/", "preserved_memory_map", false,
				   ra->map.val, rb->map.val);
	}
	for (size_t i = 0; i < na; i++) {
		const struct diff_sub *m = find_ds(vb, nb, va[i].name);

		if (!m)
			change(c, "subtree-missing", va[i].name, NULL);
		else
			diff_one(c, &va[i], m);
	}
	for (size_t i = 0; i < nb; i++)
		if (!find_ds(va, na, vb[i].name))
			change(c, "subtree-added", vb[i].name,
			       a->has_root && a->root.fdt.struct_cut ?
			       "old root FDT is truncated" : NULL);
out:
	free(va);
	free(vb);
	return c->count;
}

void kho_changes_emit(struct kout *o, const struct kho_changes *c)
{
	char key[64];

	kout_arr(o, "changes");
	for (size_t i = 0; i < c->n; i++) {
		const struct kho_change *ch = &c->v[i];

		kout_obj(o, NULL);
		kout_str(o, "type", ch->type);
		kout_str(o, "name", ch->name);
		if (ch->field) {
			snprintf(key, sizeof(key), "old_%s", ch->field);
			kout_u64(o, key, ch->old_val);
			snprintf(key, sizeof(key), "new_%s", ch->field);
			kout_u64(o, key, ch->new_val);
		} else if (ch->has_detail) {
			kout_str(o, "detail", ch->detail);
		}
		kout_close(o);
	}
	kout_close(o);
}

void kho_changes_free(struct kho_changes *c)
{
	free(c->v);
	memset(c, 0, sizeof(*c));
}

unsigned int kho_diff(struct kout *o, const struct kho_decoded *a,
		      const struct kho_decoded *b)
{
	struct kho_changes c;
	unsigned int n = kho_diff_collect(a, b, &c);

	kho_changes_emit(o, &c);
	kho_changes_free(&c);
	return n;
}
