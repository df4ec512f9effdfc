/* SPDX-License-Identifier: GPL-2.0 */
/* unit.h - a minimal test harness for libkho's unit tests. */
#ifndef KHO_UNIT_H
#define KHO_UNIT_H

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

typedef void (*unit_fn)(void);
void unit_register(const char *name, unit_fn fn);
void unit_fail(const char *file, int line, const char *what);
void unit_skip(const char *why);
/* $FIXTURES (tests/fixtures/synthetic) and $WORK (scratch dir) */
const char *unit_fixtures(void);
const char *unit_work(void);

#define TEST(name)							\
	static void name(void);						\
	__attribute__((constructor)) static void reg_##name(void)	\
	{ unit_register(#name, name); }					\
	static void name(void)

#define CHECK(c) do { if (!(c)) { unit_fail(__FILE__, __LINE__, #c); return; } } while (0)
#define CHECK_U64(a, b) do {						\
	uint64_t a_ = (uint64_t)(a), b_ = (uint64_t)(b);		\
	if (a_ != b_) {							\
		char m_[256];						\
		snprintf(m_, sizeof(m_), "%s == %s (0x%" PRIx64 " != 0x%" PRIx64 ")", \
			 #a, #b, a_, b_);				\
		unit_fail(__FILE__, __LINE__, m_);			\
		return;							\
	} } while (0)
#define CHECK_STR(a, b) do {						\
	const char *a_ = (a), *b_ = (b);				\
	if (!a_ || strcmp(a_, b_)) {					\
		char m_[512];						\
		snprintf(m_, sizeof(m_), "%s == \"%s\" (got \"%.200s\")", #a, b_, \
			 a_ ? a_ : "(null)");				\
		unit_fail(__FILE__, __LINE__, m_);			\
		return;							\
	} } while (0)

#endif
