/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kho_evlog.h - khosnoop's event log: a text file that survives a kexec.
 *
 *   # khosnoop-log 1
 *   # release 6.12.58
 *   # boot_id 0e5c...
 *   # clock monotonic
 *   # start_ns 12345678
 *   # method preserve tp_btf          one per hook
 *   # stats preserved_bytes 16384     kho/out/stats when recording began
 *   ev=preserve ts=... (kho_evlog_format)   one per event
 *   # end reason=signal events=42 drops=0
 *
 * The writer flushes every line; a log without its "# end" line (the
 * recorder was killed, the disk filled up) is refused as truncated.
 */
#ifndef KHO_EVLOG_H
#define KHO_EVLOG_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "kho_event.h"

#define KHO_EVLOG_VERSION	1
#define KHO_EVLOG_MAGIC		"# khosnoop-log"
#define KHO_EVLOG_MAX_EVENTS	(1u << 22)
#define KHO_EVLOG_MAX_STATS	64

struct kho_evlog_stat {
	char key[40];
	uint64_t val;
};

struct kho_evlog {
	char release[65];
	char boot_id[40];
	char clock[16];
	uint64_t start_ns;
	unsigned int method[KHO_EV_TYPE_MAX];	/* enum kho_ev_method */
	struct kho_evlog_stat stats[KHO_EVLOG_MAX_STATS];
	unsigned int nstats;
	struct kho_ev_rec *recs;
	size_t n;
	char end_reason[32];
	uint64_t end_events;
	uint64_t end_drops;
};

/* Header lines; @stats (may be NULL) are kho/out/stats when recording began. */
int kho_evlog_write_header(FILE *f, const char *release, const char *boot_id,
			   uint64_t start_ns, const unsigned int *method,
			   const struct kho_evlog_stat *stats, unsigned int nstats);
int kho_evlog_write_event(FILE *f, const struct kho_ev_rec *r);
int kho_evlog_write_end(FILE *f, const char *reason, uint64_t events,
			uint64_t drops);

/*
 * Parse a whole log.  Returns 0, or -1 with a one-line reason naming the
 * line in @err (errno ENOMEM when out of memory).  Free with
 * kho_evlog_free() in both cases.
 */
int kho_evlog_parse(struct kho_evlog *log, const char *txt, size_t len,
		    char *err, size_t errlen);
void kho_evlog_free(struct kho_evlog *log);

/* A stat of the header, or false. */
bool kho_evlog_stat(const struct kho_evlog *log, const char *key,
		    uint64_t *val);

#endif
