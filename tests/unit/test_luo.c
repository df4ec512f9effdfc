// SPDX-License-Identifier: GPL-2.0
/* Unit tests: LUO session/file block chains and memfd state via memory. */
#include <stdlib.h>

#include "../../tools/lib/kho_luo.h"
#include "../lib/kho_synth.h"
#include "unit.h"
#include "unit_diag.h"

static struct kho_diags diags;

static bool has(const char *want)
{
	return diag_has(&diags, DIAG_ANY, want);
}

TEST(luo_walk_session_files_memfd)
{
	struct kho_synth_mem m;
	struct kho_luo l = { .complete = true, .compat = KHO_LUO_COMPAT };
	struct kho_luo_state s;

	kho_synth_mem_init(&m, 0x10000000, 8, KHO_BIG);
	l.sessions_pa = kho_synth_luo_session(&m, "vm1", 0x200000);
	CHECK(l.sessions_pa);
	memset(&diags, 0, sizeof(diags));
	kho_luo_walk(&l, kho_synth_read, &m, KHO_BIG, &s, &diags);
	CHECK_U64(diags.n, 0);
	CHECK_U64(s.nsessions, 1);
	CHECK_STR(s.sessions[0].name, "vm1");
	CHECK_U64(s.nfiles, 2);
	CHECK(s.files[0].is_memfd && s.files[0].memfd_ok && !s.files[1].is_memfd);
	CHECK_U64(s.files[0].memfd.size, 0x200000);
	CHECK_U64(s.files[0].memfd.seals, 0xf);
	CHECK_U64(s.files[1].token, 2);
	CHECK_STR(s.files[1].compat, "other-v1");
	kho_luo_state_free(&s);
	kho_synth_mem_free(&m);
}

TEST(luo_walk_bad_chains)
{
	struct kho_synth_mem m;
	struct kho_luo l = { .complete = true, .compat = KHO_LUO_COMPAT };
	struct kho_luo_state s;
	uint8_t *sess;

	kho_synth_mem_init(&m, 0x10000000, 8, KHO_LITTLE);
	l.sessions_pa = kho_synth_luo_session(&m, "vm1", 0x1000);
	sess = m.base + (l.sessions_pa - m.phys);
	kho_put_u64(sess, l.sessions_pa, KHO_LITTLE);	/* next -> itself */
	memset(&diags, 0, sizeof(diags));
	kho_luo_walk(&l, kho_synth_read, &m, KHO_LITTLE, &s, &diags);
	CHECK(has("block chain loops"));
	kho_luo_state_free(&s);
	kho_put_u64(sess, 0, KHO_LITTLE);
	kho_put_u64(sess + 8, 52, KHO_LITTLE);		/* 51 sessions fit a block */
	memset(&diags, 0, sizeof(diags));
	kho_luo_walk(&l, kho_synth_read, &m, KHO_LITTLE, &s, &diags);
	CHECK(has("count 52 (1..51)") && s.nsessions == 0);
	kho_luo_state_free(&s);
	kho_put_u64(sess + 8, 1, KHO_LITTLE);
	kho_put_u64(sess + 16 + 64 + 8, 3, KHO_LITTLE);	/* says 3 files, has 2 */
	memset(&diags, 0, sizeof(diags));
	kho_luo_walk(&l, kho_synth_read, &m, KHO_LITTLE, &s, &diags);
	CHECK(has("2 found, 3 recorded"));
	kho_luo_state_free(&s);
	l.sessions_pa = 0xdead000;
	memset(&diags, 0, sizeof(diags));
	kho_luo_walk(&l, kho_synth_read, &m, KHO_LITTLE, &s, &diags);
	CHECK(has("not in the memory image"));
	kho_luo_state_free(&s);
	kho_synth_mem_free(&m);
}
