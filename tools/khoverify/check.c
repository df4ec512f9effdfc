// SPDX-License-Identifier: GPL-2.0
/*
 * check.c - the checks of khoverify, after the kexec, against a save.
 *
 *   handover  the new kernel took the handover: kho/in decodes, and its log
 *             has none of the refusals ("disabling KHO revival", ...)
 *   release   kexec-metadata: previous release = the saved kernel's, kexec
 *             count = saved + 1
 *   contents  kho/in equals the saved kho/out (khodump's diff)
 *   claimed   kho/in/stats: unclaimed_bytes 0 (6.12 series only)
 *   leaks     the saved khosnoop log's held ranges minus the restores seen
 *             (boot-time kho_restore events, --new logs), per owner
 *   blackout  kho/in/timing: machine_kexec -> first exec (and kernel_kexec
 *             -> first exec) against --budget / --user-budget
 *   scratch   kho/scratch: no area fuller than --scratch-max at its peak
 *
 * Nothing here prints; results and details go into struct kv_report.
 */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/klog.h>
#include <unistd.h>

#include "khoverify.h"

static const char *const check_names[KV_CHK_COUNT] = {
	[KV_CHK_HANDOVER] = "handover", [KV_CHK_RELEASE] = "release",
	[KV_CHK_CONTENTS] = "contents", [KV_CHK_CLAIMED] = "claimed",
	[KV_CHK_LEAKS] = "leaks", [KV_CHK_BLACKOUT] = "blackout",
	[KV_CHK_SCRATCH] = "scratch",
};

const char *kv_check_name(enum kv_check c)
{
	return c < KV_CHK_COUNT ? check_names[c] : "?";
}

const char *kv_result_name(enum kv_result r)
{
	return r == KV_PASS ? "PASS" : r == KV_FAIL ? "FAIL" : "SKIP";
}

static void set(struct kv_report *r, enum kv_check c, enum kv_result res,
		const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void set(struct kv_report *r, enum kv_check c, enum kv_result res,
		const char *fmt, ...)
{
	va_list ap;

	r->c[c].res = res;
	va_start(ap, fmt);
	vsnprintf(r->c[c].detail, sizeof(r->c[c].detail), fmt, ap);
	va_end(ap);
}

static void fmt_ns(int64_t ns, char *buf, size_t n)
{
	if (ns < 0)
		snprintf(buf, n, "-%" PRId64 " ns", -ns);
	else if (ns < 10000)
		snprintf(buf, n, "%" PRId64 " ns", ns);
	else if (ns < 10000000)
		snprintf(buf, n, "%.1f us", (double)ns / 1e3);
	else if (ns < 10000000000LL)
		snprintf(buf, n, "%.1f ms", (double)ns / 1e6);
	else
		snprintf(buf, n, "%.2f s", (double)ns / 1e9);
}

/* The kernel's refusals of a handover (6.12 series and mainline wording). */
static const char *const refusals[] = {
	"disabling KHO revival", "ignoring the handover", "disabling kexec handover",
	"preserved blocks outside usable RAM", "skipping subtree",
};

/* The first refusal in the kernel log (or @file): 1 found, 0 none, -1 unreadable. */
static int scan_log(const char *file, char *line, size_t n)
{
	char *buf = NULL;
	size_t len = 0;
	int found = 0;

	line[0] = '\0';
	if (file) {
		uint8_t *b;
		char e[200];

		if (kho_read_file(file, 64u << 20, &b, &len, e, sizeof(e)))
			return -1;
		buf = (char *)b;
	} else {
		int sz = klogctl(10 /* SYSLOG_ACTION_SIZE_BUFFER */, NULL, 0);
		int got;

		if (sz <= 0)
			return -1;
		buf = malloc((size_t)sz);
		if (!buf)
			return -1;
		got = klogctl(3 /* SYSLOG_ACTION_READ_ALL */, buf, sz);
		if (got < 0) {
			free(buf);
			return -1;
		}
		len = (size_t)got;
	}
	for (size_t off = 0; off < len && !found;) {
		const char *s = buf + off, *nl = memchr(s, '\n', len - off);
		size_t l = nl ? (size_t)(nl - s) : len - off;

		for (size_t i = 0; i < KHO_ARRAY_SIZE(refusals) && !found; i++) {
			size_t rl = strlen(refusals[i]);

			for (size_t j = 0; j + rl <= l; j++) {
				if (!memcmp(s + j, refusals[i], rl)) {
					size_t k = 0;

					/* no "<3>" level, no "[    0.000000] " stamp */
					if (l && s[0] == '<')
						while (k < l && s[k++] != '>')
							;
					if (k < l && s[k] == '[')
						while (k < l && s[k++] != ']')
							;
					while (k < l && s[k] == ' ')
						k++;
					kho_escape(line, n, s + k, l - k < n ? l - k : n - 1);
					found = 1;
					break;
				}
			}
		}
		off += l + 1;
	}
	free(buf);
	return found;
}

/*
 * A blob whose bytes differ but still decode to the same thing is not a
 * structural change: kho/in shows the live blob (stock 7.2 does), and a
 * client that restored and freed it lets the page be reused.  Everything
 * else (names, addresses, sizes, regions, decoded contents) must match.
 */
static bool bytes_only(const struct kho_change *c)
{
	return !strcmp(c->type, "subtree-changed") && c->has_detail &&
	       !strcmp(c->detail, "blob contents differ");
}

static void check_contents(struct kv_report *r, const struct kho_decoded *saved,
			   const struct kho_decoded *in)
{
	unsigned int n = kho_diff_collect(saved, in, &r->changes), soft = 0;
	const struct kho_change *c = NULL, *s = NULL;
	char sz[32];

	if (r->changes.count > r->changes.n) {
		set(r, KV_CHK_CONTENTS, KV_FAIL, "out of memory comparing the handover");
		return;
	}
	for (size_t i = 0; i < r->changes.n; i++) {
		if (bytes_only(&r->changes.v[i])) {
			soft++;
			s = s ? s : &r->changes.v[i];
		} else if (!c) {
			c = &r->changes.v[i];
		}
	}
	if (c) {
		n -= soft;
		set(r, KV_CHK_CONTENTS, KV_FAIL, "%u difference%s from the saved kho/out, first: %s %s%s%s",
		    n, n == 1 ? "" : "s", c->type, c->name, c->has_detail ? ": " : "",
		    c->has_detail ? c->detail : "");
		return;
	}
	if (soft) {
		set(r, KV_CHK_CONTENTS, KV_PASS, "kho/in has the saved %zu subtrees at the same addresses and sizes; %u blob%s now read%s different (%s%s): restored and reused by %s client?",
		    in->nsubs, soft, soft == 1 ? "" : "s", soft == 1 ? "s" : "", s->name,
		    soft > 1 ? ", ..." : "", soft == 1 ? "its" : "their");
		return;
	}
	set(r, KV_CHK_CONTENTS, KV_PASS, "kho/in equals the saved kho/out: %zu subtrees, root FDT %s",
	    in->nsubs, kho_fmt_size(in->root.len, sz, sizeof(sz)));
}

static void check_claimed(struct kv_report *r, const struct kho_decoded *in)
{
	const struct kho_stats *s = &in->stats;
	char a[32], b[32], c[32], d[32];

	if (!s->present) {
		set(r, KV_CHK_CLAIMED, KV_SKIP, "this kernel has no kho/in/stats (not the 6.12 series)");
		return;
	}
	if (!s->v[KHO_STAT_BYTES].ok || !s->v[KHO_STAT_RESTORED_BYTES].ok ||
	    !s->v[KHO_STAT_CLAIMED_BYTES].ok || !s->v[KHO_STAT_UNCLAIMED_BYTES].ok) {
		set(r, KV_CHK_CLAIMED, KV_FAIL, "kho/in/stats lacks bytes, restored_bytes, claimed_bytes or unclaimed_bytes");
		return;
	}
	r->has_stats = true;
	r->in_bytes = s->v[KHO_STAT_BYTES].v;
	r->restored = s->v[KHO_STAT_RESTORED_BYTES].v;
	r->claimed = s->v[KHO_STAT_CLAIMED_BYTES].v;
	r->unclaimed = s->v[KHO_STAT_UNCLAIMED_BYTES].v;
	kho_fmt_size(r->in_bytes, a, sizeof(a));
	kho_fmt_size(r->restored, b, sizeof(b));
	kho_fmt_size(r->claimed, c, sizeof(c));
	kho_fmt_size(r->unclaimed, d, sizeof(d));
	if (r->restored + r->claimed + r->unclaimed != r->in_bytes) {
		set(r, KV_CHK_CLAIMED, KV_FAIL, "kho/in/stats does not add up: restored %s + claimed %s + unclaimed %s != %s",
		    b, c, d, a);
		return;
	}
	if (r->unclaimed) {
		set(r, KV_CHK_CLAIMED, KV_FAIL, "%s of %s preserved never taken by a client (restored %s, claimed %s; %" PRIu64 " subtrees never looked up)",
		    d, a, b, c, s->v[KHO_STAT_SUBTREES_NOT_RETRIEVED].ok ?
		    s->v[KHO_STAT_SUBTREES_NOT_RETRIEVED].v : 0);
		return;
	}
	set(r, KV_CHK_CLAIMED, KV_PASS, "all %s came back: restored %s, claimed in place %s, unclaimed 0",
	    a, b, c);
}

static int check_leaks(const struct kv_opts *o, struct kv_report *r, const char *boot_id)
{
	char old[PATH_MAX], err[512];
	struct kho_leak_input in = {
		.news = o->news, .nnews = o->nnews,
		.trace = o->trace ? o->trace : "/sys/kernel/tracing/trace",
		.trace_optional = !o->trace, .boot_id = boot_id,
	};
	const char *which;
	int e;

	if (o->trace && !strcmp(o->trace, "none"))
		in.trace = NULL;
	/*
	 * The live log, complete once its recorder stopped before the kexec;
	 * else (gone, or cut by the kexec) the snapshot in the save.
	 */
	snprintf(old, sizeof(old), "%s/%s", o->dir, KHOVERIFY_LOG);
	e = KHO_LEAK_EINPUT;
	which = "log";
	kho_errf(err, sizeof(err), "%s: gone, and no copy in the save", r->meta.snoop_log);
	if (r->meta.snoop_log[0] && access(r->meta.snoop_log, F_OK) == 0) {
		in.old = r->meta.snoop_log;
		e = kho_leak_verify(&in, &r->leak, err, sizeof(err));
		if (e)
			kho_leak_report_free(&r->leak);
	}
	if (e == KHO_LEAK_EINPUT && r->meta.has_copy) {
		char err2[512];

		in.old = old;
		which = "the copy saved";
		e = kho_leak_verify(&in, &r->leak, err2, sizeof(err2));
		if (e)
			kho_leak_report_free(&r->leak);
		memcpy(err, err2, sizeof(err));
	} else if (!r->meta.snoop_log[0] && !r->meta.has_copy) {
		set(r, KV_CHK_LEAKS, KV_SKIP, "no khosnoop log in the save (run khosnoop -o LOG before --save)");
		return 0;
	}
	if (e == KHO_LEAK_ENOMEM)
		return -1;
	if (e) {
		set(r, KV_CHK_LEAKS, KV_FAIL, "cannot check (%s): %s", which, err);
		return 0;
	}
	r->has_leak = true;
	if (!r->leak.leak.held_bytes && !r->leak.unknown.n) {
		set(r, KV_CHK_LEAKS, KV_SKIP, "the khosnoop log (%s) holds nothing preserved: started after the clients preserved?",
		    which);
		return 0;
	}
	if (r->leak.leak.leaked_bytes) {
		char b[KHO_OWNER_LEN + 80], tot[32];

		set(r, KV_CHK_LEAKS, KV_FAIL, "%s leaked in %zu range%s, first: %s",
		    kho_fmt_size(r->leak.leak.leaked_bytes, tot, sizeof(tot)),
		    r->leak.leak.leaked.n, r->leak.leak.leaked.n == 1 ? "" : "s",
		    kho_range_fmt(&r->leak.leak.leaked.v[0], b, sizeof(b)));
		return 0;
	}
	{
		char h[32];

		set(r, KV_CHK_LEAKS, KV_PASS, "%s held by %zu owner%s at the kexec, all restored (%u boot-time restores, %u run-time logs)%s",
		    kho_fmt_size(r->leak.leak.held_bytes, h, sizeof(h)), r->leak.leak.nowners,
		    r->leak.leak.nowners == 1 ? "" : "s", r->leak.trace_restores, o->nnews,
		    r->leak.unknown.n ? "; vmalloc areas of unknown address not checked" : "");
	}
	return 0;
}

static int check_blackout(const struct kv_opts *o, struct kv_report *r,
			  const struct kho_decoded *in)
{
	const struct kho_timing *t = &in->timing;
	struct kho_diags d = { 0 };
	char b[32], u[32], lim[32];

	if (!t->present) {
		set(r, KV_CHK_BLACKOUT, KV_SKIP, "this kernel has no kho/in/timing (not the 6.12 series)");
		return 0;
	}
	if (t->nphases) {
		r->phases = calloc(t->nphases, sizeof(*r->phases));
		if (!r->phases)
			return -1;
		for (size_t i = 0; i < t->nphases; i++) {
			snprintf(r->phases[i].name, sizeof(r->phases[i].name), "%s",
				 t->phases[i].name);
			r->phases[i].ns = t->phases[i].ns;
		}
		r->nphases = t->nphases;
		/* a timeline: in time order, the file's order among equals */
		for (size_t i = 1; i < r->nphases; i++)
			for (size_t j = i; j && r->phases[j - 1].ns > r->phases[j].ns; j--) {
				struct kv_phase x = r->phases[j];

				r->phases[j] = r->phases[j - 1];
				r->phases[j - 1] = x;
			}
	}
	r->has_timing = true;
	if (t->previous_stamps != 1) {
		set(r, KV_CHK_BLACKOUT, KV_SKIP, "the old kernel handed over no timing stamps (stock kernel)");
		return 0;
	}
	kho_timing_check(t, KHO_PROBLEM, &d);
	if (!t->blackout_ns.ok || !t->kexec_to_user_ns.ok) {
		set(r, KV_CHK_BLACKOUT, KV_FAIL, "kho/in/timing lacks blackout_ns or kexec_to_user_ns");
		return 0;
	}
	if (kho_diag_count(&d, KHO_PROBLEM)) {
		set(r, KV_CHK_BLACKOUT, KV_FAIL, "kho/in/timing inconsistent: %s", d.d[0].msg);
		return 0;
	}
	r->has_blackout = true;
	r->blackout_ns = t->blackout_ns.v;
	r->kexec_to_user_ns = t->kexec_to_user_ns.v;
	fmt_ns(r->blackout_ns, b, sizeof(b));
	fmt_ns(r->kexec_to_user_ns, u, sizeof(u));
	if (r->blackout_ns < 0 || r->kexec_to_user_ns < r->blackout_ns) {
		set(r, KV_CHK_BLACKOUT, KV_FAIL, "blackout %s, kexec to user space %s: not a forward clock", b, u);
		return 0;
	}
	if (o->has_budget && (uint64_t)r->blackout_ns > o->budget_ns) {
		fmt_ns((int64_t)o->budget_ns, lim, sizeof(lim));
		set(r, KV_CHK_BLACKOUT, KV_FAIL, "blackout %s over the budget of %s (kexec to user space %s)",
		    b, lim, u);
		return 0;
	}
	if (o->has_user_budget && (uint64_t)r->kexec_to_user_ns > o->user_budget_ns) {
		fmt_ns((int64_t)o->user_budget_ns, lim, sizeof(lim));
		set(r, KV_CHK_BLACKOUT, KV_FAIL, "kexec to user space %s over the budget of %s (blackout %s)",
		    u, lim, b);
		return 0;
	}
	if (o->has_budget) {
		fmt_ns((int64_t)o->budget_ns, lim, sizeof(lim));
		set(r, KV_CHK_BLACKOUT, KV_PASS, "blackout %s within %s (kexec to user space %s)", b, lim, u);
	} else {
		set(r, KV_CHK_BLACKOUT, KV_PASS, "blackout %s, kexec to user space %s (no --budget)", b, u);
	}
	return 0;
}

static int check_scratch(const struct kv_opts *o, struct kv_report *r,
			 const struct kho_decoded *in, bool have_in)
{
	const struct kho_scratch_use *s = have_in ? &in->scratch_use : NULL;
	char path[PATH_MAX];
	struct kho_scratch_use own = { 0 };
	struct kho_diags d = { 0 };
	double worst = -1;
	size_t wi = 0;

	/* kho/scratch comes with kho/in on a KHO boot; read it alone otherwise */
	if (!s || !s->present) {
		uint8_t *buf;
		size_t len;
		char e[200];

		snprintf(path, sizeof(path), "%s/kho/scratch", o->debugfs);
		if (kho_read_file(path, 1u << 20, &buf, &len, e, sizeof(e))) {
			if (errno == ENOMEM)
				return -1;
			set(r, KV_CHK_SCRATCH, KV_SKIP, "this kernel has no kho/scratch (not the 6.12 series)");
			return 0;
		}
		if (kho_scratch_use_parse(&own, "scratch", (const char *)buf, len, &d)) {
			free(buf);
			kho_scratch_use_free(&own);
			return -1;
		}
		free(buf);
		s = &own;
	}
	if (s->n) {
		r->areas = calloc(s->n, sizeof(*r->areas));
		if (!r->areas) {
			kho_scratch_use_free(&own);
			return -1;
		}
	}
	for (size_t i = 0; i < s->n; i++) {
		const struct kho_scratch_area_use *a = &s->a[i];
		struct kv_area *x;

		if (!a->seen || !a->size.ok || !a->size.v)
			continue;
		x = &r->areas[r->nareas++];
		x->idx = (unsigned int)i;
		x->addr = a->addr.ok ? a->addr.v : 0;
		x->size = a->size.v;
		x->peak = a->boot_used.ok ? a->boot_used.v : 0;
		if (a->in_use.ok && a->in_use.v > x->peak)
			x->peak = a->in_use.v;
		x->pct = 100.0 * (double)x->peak / (double)x->size;
		snprintf(x->role, sizeof(x->role), "%s", a->role ? a->role : "?");
		if (x->pct > worst) {
			worst = x->pct;
			wi = r->nareas - 1;
		}
	}
	kho_scratch_use_free(&own);
	if (!r->nareas) {
		set(r, KV_CHK_SCRATCH, KV_FAIL, "kho/scratch lists no area with a size");
		return 0;
	}
	{
		const struct kv_area *w = &r->areas[wi];
		char sz[32], pk[32];

		kho_fmt_size(w->size, sz, sizeof(sz));
		kho_fmt_size(w->peak, pk, sizeof(pk));
		set(r, KV_CHK_SCRATCH, worst > o->scratch_max ? KV_FAIL : KV_PASS,
		    "fullest area %u (%s, %s at 0x%" PRIx64 ") peaked at %s, %.1f%% %s %.0f%% (%zu areas)",
		    w->idx, w->role, sz, w->addr, pk, w->pct,
		    worst > o->scratch_max ? "above" : "within", o->scratch_max, r->nareas);
	}
	return 0;
}

/* @subs_only: a capture without a root FDT will do (stock 7.2's kho/out) */
static int load_dec(const char *dir, bool subs_only, struct kho_capture *c,
		    struct kho_decoded *k, char *err, size_t errlen)
{
	char e[256];

	if (kho_capture_load(c, dir, e, sizeof(e)))
		return kho_errf(err, errlen, "%s", e), errno == ENOMEM ? -2 : -1;
	if (!c->fdt && !(subs_only && c->nsubs)) {
		kho_capture_free(c);
		return kho_errf(err, errlen, "%s: no root FDT", dir), -1;
	}
	if (kho_decode_capture(k, c, KHO_LITTLE, e, sizeof(e))) {
		int r = errno == ENOMEM ? -2 : -1;

		kho_capture_free(c);
		return kho_errf(err, errlen, "%s: %s", dir, e), r;
	}
	return 0;
}

int kv_verify(const struct kv_opts *o, struct kv_report *r, char *err, size_t errlen)
{
	struct kho_capture sc, ic;
	struct kho_decoded sd, id;
	char path[PATH_MAX], in[PATH_MAX], bid[64] = "", e[512], line[200];
	uint8_t *buf;
	size_t len;
	bool have_in = false;
	int ret = KV_EXIT_INPUT, l;

	memset(r, 0, sizeof(*r));
	for (int i = 0; i < KV_CHK_COUNT; i++)
		set(r, (enum kv_check)i, KV_SKIP, "not run");
	snprintf(path, sizeof(path), "%s/%s", o->dir, KHOVERIFY_META);
	if (kho_read_file(path, 1u << 16, &buf, &len, e, sizeof(e)))
		return kho_errf(err, errlen, "%s", e),
		       errno == ENOMEM ? KV_EXIT_RUNTIME : KV_EXIT_INPUT;
	l = kv_meta_parse(&r->meta, (const char *)buf, len, e, sizeof(e));
	free(buf);
	if (l)
		return kho_errf(err, errlen, "%s: %s", path, e), KV_EXIT_INPUT;
	kho_read_line("/proc/sys/kernel/random/boot_id", bid, sizeof(bid));
	if (bid[0] && !strcmp(bid, r->meta.boot_id))
		return kho_errf(err, errlen, "%s: saved in this boot; run khoverify %s after the kexec",
				o->dir, o->dir), KV_EXIT_INPUT;
	snprintf(path, sizeof(path), "%s/out", o->dir);
	l = load_dec(path, true, &sc, &sd, err, errlen);
	if (l)
		return l == -2 ? KV_EXIT_RUNTIME : KV_EXIT_INPUT;

	/* handover */
	if (!kho_capture_default(o->debugfs, true, in, sizeof(in))) {
		set(r, KV_CHK_HANDOVER, KV_FAIL, "%s: none (a cold boot, KHO off, or the handover refused)", in);
	} else {
		l = load_dec(in, false, &ic, &id, e, sizeof(e));
		if (l == -2)
			goto nomem;
		if (l)
			set(r, KV_CHK_HANDOVER, KV_FAIL, "%s", e);
		else
			have_in = true;
	}
	l = scan_log(o->dmesg, line, sizeof(line));
	if (l > 0) {
		snprintf(r->dmesg_line, sizeof(r->dmesg_line), "%s", line);
		set(r, KV_CHK_HANDOVER, KV_FAIL, "kernel log: %s", line);
	} else if (have_in) {
		set(r, KV_CHK_HANDOVER, KV_PASS, "%s: %s, %zu subtrees%s", in, ic.layout ? ic.layout : "?",
		    id.nsubs, l < 0 ? "; kernel log not readable" : "; kernel log clean");
	}

	/* release and kexec count */
	if (!have_in) {
		set(r, KV_CHK_RELEASE, KV_SKIP, "no handover");
	} else {
		const struct kho_blob *md = kho_decoded_metadata(&id);

		if (!md) {
			set(r, KV_CHK_RELEASE, KV_FAIL, "kho/in has no kexec-metadata subtree");
		} else {
			r->has_md = true;
			snprintf(r->prev_release, sizeof(r->prev_release), "%s", md->u.md.release);
			r->kexec_count = md->u.md.kexec_count;
			if (strcmp(r->prev_release, r->meta.release))
				set(r, KV_CHK_RELEASE, KV_FAIL, "previous release %s, saved from %s",
				    r->prev_release, r->meta.release);
			else if (r->kexec_count != r->meta.kexec_count + 1)
				set(r, KV_CHK_RELEASE, KV_FAIL, "kexec count %" PRIu64 ", expected %" PRIu64
				    " (a kexec since the save, or a different handover)",
				    r->kexec_count, r->meta.kexec_count + 1);
			else
				set(r, KV_CHK_RELEASE, KV_PASS, "from %s, kexec %" PRIu64,
				    r->prev_release, r->kexec_count);
		}
	}

	if (have_in) {
		check_contents(r, &sd, &id);
		if (r->changes.count > r->changes.n)
			goto nomem;
		check_claimed(r, &id);
	} else {
		set(r, KV_CHK_CONTENTS, KV_SKIP, "no handover");
		set(r, KV_CHK_CLAIMED, KV_SKIP, "no handover");
	}
	if (check_leaks(o, r, bid))
		goto nomem;
	if (have_in) {
		if (check_blackout(o, r, &id))
			goto nomem;
	} else {
		set(r, KV_CHK_BLACKOUT, KV_SKIP, "no handover");
	}
	if (check_scratch(o, r, &id, have_in))
		goto nomem;
	ret = KV_EXIT_OK;
	goto out;
nomem:
	kho_errf(err, errlen, "out of memory");
	ret = KV_EXIT_RUNTIME;
out:
	if (have_in) {
		kho_decoded_free(&id);
		kho_capture_free(&ic);
	}
	kho_decoded_free(&sd);
	kho_capture_free(&sc);
	return ret;
}

void kv_report_free(struct kv_report *r)
{
	kho_changes_free(&r->changes);
	free(r->phases);
	free(r->areas);
	if (r->has_leak)
		kho_leak_report_free(&r->leak);
	memset(r, 0, sizeof(*r));
}
