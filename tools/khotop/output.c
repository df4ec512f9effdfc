// SPDX-License-Identifier: GPL-2.0
/* output.c - khotop's batch outputs: text (-b), JSON (-j), Prometheus. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "khotop.h"

static const char *const fam_ev[] = { "preserve", "unpreserve", "restore" };
static const unsigned int fam_type[] = { KHO_EV_PRESERVE, KHO_EV_UNPRESERVE,
					 KHO_EV_RESTORE };

/* ---- text ---------------------------------------------------------------- */

void khotop_print_text(FILE *f, const struct khotop_model *m)
{
	const struct khotop_snap *s = &m->cur;
	char a[32], b[32], c[32], d[32];

	fprintf(f, "khotop %lu: %s, %s", m->iteration, s->release,
		!s->kho ? "no KHO in debugfs" : s->kho_boot ? "KHO boot" : "cold boot");
	if (s->has_prev)
		fprintf(f, " from %s (kexec %u)", s->prev_release, s->kexec_count);
	if (s->finalized >= 0)
		fprintf(f, ", finalized %d", s->finalized);
	if (s->sealed >= 0)
		fprintf(f, ", sealed %d", s->sealed);
	fputc('\n', f);
	for (unsigned int i = 0; i < s->nareas; i++) {
		const struct khotop_area *x = &s->areas[i];

		fprintf(f, "scratch %u %-7s node %-2d 0x%" PRIx64 " %s", x->idx,
			x->role[0] ? x->role : "-", x->node, x->addr,
			kho_fmt_size(x->size, a, sizeof(a)));
		if (x->has_use)
			fprintf(f, " in_use %s (%.1f%%) boot_used %s\n",
				kho_fmt_size(x->in_use, b, sizeof(b)),
				x->size ? 100.0 * (double)x->in_use / (double)x->size : 0,
				kho_fmt_size(x->boot_used, c, sizeof(c)));
		else
			fprintf(f, " use unknown (no kho/scratch)\n");
	}
	if (s->has_out_stats)
		fprintf(f, "preserved %s in %" PRIu64 " blocks, %+.0f B/s; calls %" PRIu64
			"/%" PRIu64 " failed %" PRIu64 "/%" PRIu64 "\n",
			kho_fmt_size(s->preserved_bytes, a, sizeof(a)), s->preserved_blocks,
			m->preserved_rate, s->calls[0], s->calls[1], s->failures[0],
			s->failures[1]);
	else
		fprintf(f, "preserved: unknown (no kho/out/stats)\n");
	for (int o = 0; o < KHOTOP_ORDERS; o++)
		if (s->order_blocks[o])
			fprintf(f, "  order %2d: %" PRIu64 " blocks, %s\n", o, s->order_blocks[o],
				kho_fmt_size(s->order_bytes[o], a, sizeof(a)));
	for (unsigned int i = 0; i < s->nsubs; i++)
		fprintf(f, "subtree %s %s\n", s->subs[i].name,
			s->subs[i].has_size ? kho_fmt_size(s->subs[i].size, a, sizeof(a)) : "-");
	if (s->bpf) {
		fprintf(f, "events (%s):", kho_ev_method_name(s->method));
		for (int i = 0; i < 3; i++)
			fprintf(f, " %s %.1f/s (%.1f failed/s)", fam_ev[i],
				m->ev_rate[fam_type[i]], m->fail_rate[fam_type[i]]);
		fputc('\n', f);
		for (unsigned int i = 0; i < s->nowners; i++)
			fprintf(f, "owner %s %s %" PRIu64 " blocks %+.0f B/s\n", s->owners[i].name,
				kho_fmt_size(s->owners[i].bytes, a, sizeof(a)), s->owners[i].blocks,
				s->owners[i].rate);
	} else {
		fprintf(f, "events: none (%s)\n", s->bpf_why);
	}
	if (s->has_in_stats)
		fprintf(f, "incoming %s: restored %s, claimed %s, unclaimed %s\n",
			kho_fmt_size(s->in_bytes, a, sizeof(a)),
			kho_fmt_size(s->restored, b, sizeof(b)),
			kho_fmt_size(s->claimed, c, sizeof(c)),
			kho_fmt_size(s->unclaimed, d, sizeof(d)));
	if (s->has_blackout) {
		fprintf(f, "blackout %.3f ms, kexec to user space %.3f ms\n",
			(double)s->blackout_ns / 1e6, (double)s->kexec_to_user_ns / 1e6);
		for (unsigned int i = 0; i < s->nphases; i++)
			fprintf(f, "  phase %-20s %+14.3f ms\n", s->phases[i].name,
				(double)s->phases[i].ns / 1e6);
	}
	if (s->warnings)
		fprintf(f, "warnings %u: %s\n", s->warnings, s->first_warning);
	fflush(f);
}

/* ---- JSON ------------------------------------------------------------------ */

static void jtri(FILE *f, int v)
{
	if (v < 0)
		fputs("null", f);
	else
		fputs(v ? "true" : "false", f);
}

void khotop_print_json(FILE *f, const struct khotop_model *m)
{
	const struct khotop_snap *s = &m->cur;

	fprintf(f, "{\"iteration\":%lu,\"time_ns\":%" PRIu64 ",\"interval_s\":%.3f,\"release\":",
		m->iteration, s->t_ns, m->dt);
	kho_json_str(f, s->release);
	fprintf(f, ",\"kho\":%s,\"kho_boot\":%s,\"previous_release\":",
		s->kho ? "true" : "false", s->kho_boot ? "true" : "false");
	if (s->has_prev) {
		kho_json_str(f, s->prev_release);
		fprintf(f, ",\"kexec_count\":%u", s->kexec_count);
	} else {
		fputs("null,\"kexec_count\":null", f);
	}
	fputs(",\"finalized\":", f);
	jtri(f, s->finalized);
	fputs(",\"sealed\":", f);
	jtri(f, s->sealed);
	fprintf(f, ",\"scratch\":{\"usage_available\":%s,\"areas\":[",
		s->has_scratch_use ? "true" : "false");
	for (unsigned int i = 0; i < s->nareas; i++) {
		const struct khotop_area *x = &s->areas[i];

		fprintf(f, "%s{\"idx\":%u,\"role\":", i ? "," : "", x->idx);
		kho_json_str(f, x->role);
		fprintf(f, ",\"node\":%d,\"addr\":%" PRIu64 ",\"size\":%" PRIu64, x->node,
			x->addr, x->size);
		if (x->has_use)
			fprintf(f, ",\"in_use\":%" PRIu64 ",\"boot_used\":%" PRIu64
				",\"free\":%" PRIu64 "}", x->in_use, x->boot_used, x->free);
		else
			fputs(",\"in_use\":null,\"boot_used\":null,\"free\":null}", f);
	}
	fputs("]},\"preserved\":", f);
	if (s->has_out_stats) {
		fprintf(f, "{\"bytes\":%" PRIu64 ",\"blocks\":%" PRIu64 ",\"tree_pages\":%" PRIu64
			",\"rate_bytes_per_s\":%.1f,\"preserve_calls\":%" PRIu64
			",\"preserve_failures\":%" PRIu64 ",\"unpreserve_calls\":%" PRIu64
			",\"unpreserve_failures\":%" PRIu64 ",\"by_order\":[",
			s->preserved_bytes, s->preserved_blocks, s->tree_pages,
			m->preserved_rate, s->calls[0], s->failures[0], s->calls[1],
			s->failures[1]);
		for (int o = 0, n = 0; o < KHOTOP_ORDERS; o++)
			if (s->order_blocks[o])
				fprintf(f, "%s{\"order\":%d,\"blocks\":%" PRIu64 ",\"bytes\":%" PRIu64 "}",
					n++ ? "," : "", o, s->order_blocks[o], s->order_bytes[o]);
		fputs("]}", f);
	} else {
		fputs("null", f);
	}
	fputs(",\"subtrees\":[", f);
	for (unsigned int i = 0; i < s->nsubs; i++) {
		fprintf(f, "%s{\"name\":", i ? "," : "");
		kho_json_str(f, s->subs[i].name);
		fprintf(f, ",\"addr\":%" PRIu64 ",\"size\":", s->subs[i].addr);
		if (s->subs[i].has_size)
			fprintf(f, "%" PRIu64 "}", s->subs[i].size);
		else
			fputs("null}", f);
	}
	fputs("],\"events\":", f);
	if (s->bpf) {
		fputs("{\"method\":", f);
		kho_json_str(f, kho_ev_method_name(s->method));
		for (int i = 0; i < 3; i++)
			fprintf(f, ",\"%s\":{\"per_s\":%.2f,\"failed_per_s\":%.2f,\"count\":%" PRIu64
				",\"failed\":%" PRIu64 ",\"bytes\":%" PRIu64 "}", fam_ev[i],
				m->ev_rate[fam_type[i]], m->fail_rate[fam_type[i]],
				s->ev_count[fam_type[i]], s->ev_failed[fam_type[i]],
				s->ev_bytes[fam_type[i]]);
		fputs(",\"owners\":[", f);
		for (unsigned int i = 0; i < s->nowners; i++) {
			fprintf(f, "%s{\"owner\":", i ? "," : "");
			kho_json_str(f, s->owners[i].name);
			fprintf(f, ",\"bytes\":%" PRIu64 ",\"blocks\":%" PRIu64
				",\"rate_bytes_per_s\":%.1f}", s->owners[i].bytes,
				s->owners[i].blocks, s->owners[i].rate);
		}
		fputs("]}", f);
	} else {
		fputs("null,\"events_why\":", f);
		kho_json_str(f, s->bpf_why);
	}
	fputs(",\"incoming\":", f);
	if (s->has_in_stats)
		fprintf(f, "{\"bytes\":%" PRIu64 ",\"restored\":%" PRIu64 ",\"claimed\":%"
			PRIu64 ",\"unclaimed\":%" PRIu64 "}", s->in_bytes, s->restored,
			s->claimed, s->unclaimed);
	else
		fputs("null", f);
	fputs(",\"blackout\":", f);
	if (s->has_timing) {
		fputs("{\"blackout_ns\":", f);
		if (s->has_blackout)
			fprintf(f, "%" PRId64 ",\"kexec_to_user_ns\":%" PRId64, s->blackout_ns,
				s->kexec_to_user_ns);
		else
			fputs("null,\"kexec_to_user_ns\":null", f);
		fputs(",\"phases\":[", f);
		for (unsigned int i = 0; i < s->nphases; i++) {
			fprintf(f, "%s{\"name\":", i ? "," : "");
			kho_json_str(f, s->phases[i].name);
			fprintf(f, ",\"ns\":%" PRId64 "}", s->phases[i].ns);
		}
		fputs("]}", f);
	} else {
		fputs("null", f);
	}
	fprintf(f, ",\"warnings\":%u,\"first_warning\":", s->warnings);
	if (s->warnings)
		kho_json_str(f, s->first_warning);
	else
		fputs("null", f);
	fputs("}\n", f);
	fflush(f);
}

/* ---- Prometheus textfile -------------------------------------------------- */

static void plabel(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '\\' || *s == '"')
			fprintf(f, "\\%c", *s);
		else if (*s == '\n')
			fputs("\\n", f);
		else
			fputc(*s, f);
	}
	fputc('"', f);
}

static void metric(FILE *f, const char *name, const char *help, const char *type)
{
	fprintf(f, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

static void prom(FILE *f, const struct khotop_model *m)
{
	const struct khotop_snap *s = &m->cur;

	metric(f, "kho_info", "KHO state of this kernel (labels); value 1", "gauge");
	fputs("kho_info{release=", f);
	plabel(f, s->release);
	fputs(",previous_release=", f);
	plabel(f, s->has_prev ? s->prev_release : "");
	fprintf(f, "} 1\n");
	metric(f, "kho_enabled", "1 when debugfs has kho/", "gauge");
	fprintf(f, "kho_enabled %d\n", s->kho);
	metric(f, "kho_boot", "1 when this kernel was booted by a KHO kexec", "gauge");
	fprintf(f, "kho_boot %d\n", s->kho_boot);
	if (s->has_prev) {
		metric(f, "kho_kexec_count", "KHO kexecs since the last cold boot", "gauge");
		fprintf(f, "kho_kexec_count %u\n", s->kexec_count);
	}
	if (s->nareas) {
		metric(f, "kho_scratch_size_bytes", "size of a scratch area", "gauge");
		for (unsigned int i = 0; i < s->nareas; i++) {
			fprintf(f, "kho_scratch_size_bytes{area=\"%u\",role=", s->areas[i].idx);
			plabel(f, s->areas[i].role);
			fprintf(f, ",node=\"%d\"} %" PRIu64 "\n", s->areas[i].node,
				s->areas[i].size);
		}
	}
	if (s->has_scratch_use) {
		metric(f, "kho_scratch_in_use_bytes", "bytes of a scratch area in use now", "gauge");
		for (unsigned int i = 0; i < s->nareas; i++)
			if (s->areas[i].has_use)
				fprintf(f, "kho_scratch_in_use_bytes{area=\"%u\"} %" PRIu64 "\n",
					s->areas[i].idx, s->areas[i].in_use);
		metric(f, "kho_scratch_boot_used_bytes",
		       "early-boot high-water mark of a scratch area", "gauge");
		for (unsigned int i = 0; i < s->nareas; i++)
			if (s->areas[i].has_use)
				fprintf(f, "kho_scratch_boot_used_bytes{area=\"%u\"} %" PRIu64 "\n",
					s->areas[i].idx, s->areas[i].boot_used);
	}
	if (s->has_out_stats) {
		metric(f, "kho_preserved_bytes", "memory preserved for the next kernel", "gauge");
		fprintf(f, "kho_preserved_bytes %" PRIu64 "\n", s->preserved_bytes);
		metric(f, "kho_preserved_blocks", "preserved blocks", "gauge");
		fprintf(f, "kho_preserved_blocks %" PRIu64 "\n", s->preserved_blocks);
		metric(f, "kho_preserve_calls_total", "preserve and unpreserve calls", "counter");
		fprintf(f, "kho_preserve_calls_total{op=\"preserve\"} %" PRIu64 "\n", s->calls[0]);
		fprintf(f, "kho_preserve_calls_total{op=\"unpreserve\"} %" PRIu64 "\n", s->calls[1]);
		metric(f, "kho_preserve_failures_total", "refused calls", "counter");
		fprintf(f, "kho_preserve_failures_total{op=\"preserve\"} %" PRIu64 "\n", s->failures[0]);
		fprintf(f, "kho_preserve_failures_total{op=\"unpreserve\"} %" PRIu64 "\n", s->failures[1]);
	}
	if (s->bpf) {
		metric(f, "kho_events_total", "KHO events seen by BPF since khotop started", "counter");
		for (int i = 0; i < 3; i++)
			fprintf(f, "kho_events_total{event=\"%s\"} %" PRIu64 "\n", fam_ev[i],
				s->ev_count[fam_type[i]]);
		metric(f, "kho_owner_preserved_bytes", "preserved now, by owner (seen by BPF)", "gauge");
		for (unsigned int i = 0; i < s->nowners; i++) {
			fputs("kho_owner_preserved_bytes{owner=", f);
			plabel(f, s->owners[i].name);
			fprintf(f, "} %" PRIu64 "\n", s->owners[i].bytes);
		}
	}
	if (s->has_in_stats) {
		metric(f, "kho_incoming_bytes", "memory handed over to this kernel, by fate", "gauge");
		fprintf(f, "kho_incoming_bytes{state=\"restored\"} %" PRIu64 "\n", s->restored);
		fprintf(f, "kho_incoming_bytes{state=\"claimed\"} %" PRIu64 "\n", s->claimed);
		fprintf(f, "kho_incoming_bytes{state=\"unclaimed\"} %" PRIu64 "\n", s->unclaimed);
	}
	if (s->has_blackout) {
		metric(f, "kho_blackout_seconds", "machine_kexec to the first exec", "gauge");
		fprintf(f, "kho_blackout_seconds %.9f\n", (double)s->blackout_ns / 1e9);
		metric(f, "kho_kexec_to_user_seconds", "kernel_kexec to the first exec", "gauge");
		fprintf(f, "kho_kexec_to_user_seconds %.9f\n", (double)s->kexec_to_user_ns / 1e9);
	}
	if (s->has_timing) {
		metric(f, "kho_phase_seconds", "handover phases relative to kernel_kexec", "gauge");
		for (unsigned int i = 0; i < s->nphases; i++) {
			fputs("kho_phase_seconds{phase=", f);
			plabel(f, s->phases[i].name);
			fprintf(f, "} %.9f\n", (double)s->phases[i].ns / 1e9);
		}
	}
	metric(f, "kho_read_warnings", "malformed or missing KHO files at the last read", "gauge");
	fprintf(f, "kho_read_warnings %u\n", s->warnings);
}

int khotop_write_prometheus(const char *path, const struct khotop_model *m)
{
	char tmp[4096];
	FILE *f;
	int e;

	if (snprintf(tmp, sizeof(tmp), "%s.tmp", path) >= (int)sizeof(tmp)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	f = fopen(tmp, "w");
	if (!f)
		return -1;
	prom(f, m);
	if (fflush(f) || ferror(f) || fsync(fileno(f))) {
		e = errno;
		fclose(f);
		unlink(tmp);
		errno = e;
		return -1;
	}
	if (fclose(f) || rename(tmp, path)) {
		e = errno;
		unlink(tmp);
		errno = e;
		return -1;
	}
	return 0;
}
