// SPDX-License-Identifier: GPL-2.0
/* kho_ksym.c - /proc/kallsyms lookups. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kho_ksym.h"
#include "kho_util.h"

static int cmp_addr(const void *a, const void *b)
{
	const struct kho_ksym *x = a, *y = b;

	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

void kho_ksyms_free(struct kho_ksyms *k)
{
	free(k->v);
	free(k->strings);
	memset(k, 0, sizeof(*k));
}

int kho_ksyms_parse(struct kho_ksyms *k, const char *txt, size_t len)
{
	size_t lines = 0, cap, n = 0, off = 0, so = 0;
	bool nonzero = false;

	memset(k, 0, sizeof(*k));
	for (size_t i = 0; i < len; i++)
		lines += txt[i] == '\n';
	cap = lines + 1;
	k->v = calloc(cap, sizeof(*k->v));
	k->strings = malloc(len + 1);
	if (!k->v || !k->strings) {
		kho_ksyms_free(k);
		errno = ENOMEM;
		return -1;
	}
	while (off < len) {
		const char *s = txt + off, *nl = memchr(s, '\n', len - off);
		size_t l = nl ? (size_t)(nl - s) : len - off;
		char line[512], type, name[256], mod[128];
		unsigned long long addr;
		int f;

		off += l + 1;
		if (l >= sizeof(line))
			continue;
		memcpy(line, s, l);
		line[l] = '\0';
		mod[0] = '\0';
		f = sscanf(line, "%llx %c %255s [%127[^]]]", &addr, &type, name, mod);
		if (f < 3 || (type != 't' && type != 'T'))
			continue;
		if (addr)
			nonzero = true;
		k->v[n].addr = addr;
		k->v[n].name = k->strings + so;
		strcpy(k->strings + so, name);
		so += strlen(name) + 1;
		if (f == 4) {
			if (so + strlen(mod) + 1 > len + 1)
				continue;
			k->v[n].mod = k->strings + so;
			strcpy(k->strings + so, mod);
			so += strlen(mod) + 1;
		}
		n++;
	}
	if (!nonzero) {
		kho_ksyms_free(k);
		errno = ENOENT;
		return -1;
	}
	qsort(k->v, n, sizeof(*k->v), cmp_addr);
	/* up to the next symbol, at most 1 MiB (the gap after vmlinux's text) */
	for (size_t i = 0; i < n; i++) {
		uint64_t gap = i + 1 < n ? k->v[i + 1].addr - k->v[i].addr : 4096;

		k->v[i].size = gap < (1u << 20) ? gap : (1u << 20);
	}
	k->n = n;
	return 0;
}

int kho_ksyms_load(struct kho_ksyms *k, const char *path)
{
	uint8_t *buf;
	size_t len;
	char err[200];
	int r, e;

	if (kho_read_file(path, 256u << 20, &buf, &len, err, sizeof(err)))
		return -1;
	r = kho_ksyms_parse(k, (const char *)buf, len);
	e = errno;
	free(buf);
	errno = e;
	return r;
}

const struct kho_ksym *kho_ksym_find(const struct kho_ksyms *k, uint64_t addr)
{
	size_t lo = 0, hi = k->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (k->v[mid].addr <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!lo)
		return NULL;
	if (addr - k->v[lo - 1].addr >= k->v[lo - 1].size)
		return NULL;
	return &k->v[lo - 1];
}

const struct kho_ksym *kho_ksym_by_name(const struct kho_ksyms *k,
					const char *name)
{
	for (size_t i = 0; i < k->n; i++)
		if (!strcmp(k->v[i].name, name))
			return &k->v[i];
	return NULL;
}

const char *kho_ksym_fmt(const struct kho_ksyms *k, uint64_t addr, char *buf,
			 size_t n)
{
	const struct kho_ksym *s = addr ? kho_ksym_find(k, addr) : NULL;

	if (!s)
		snprintf(buf, n, "0x%" PRIx64, addr);
	else if (s->mod)
		snprintf(buf, n, "%s+0x%" PRIx64 "/0x%" PRIx64 " [%s]", s->name,
			 addr - s->addr, s->size, s->mod);
	else
		snprintf(buf, n, "%s+0x%" PRIx64 "/0x%" PRIx64, s->name,
			 addr - s->addr, s->size);
	return buf;
}

const char *kho_ksym_owner(const struct kho_ksyms *k, uint64_t addr, char *buf,
			   size_t n)
{
	const struct kho_ksym *s = addr && k ? kho_ksym_find(k, addr) : NULL;

	if (s && s->mod)
		snprintf(buf, n, "%s [%s]", s->name, s->mod);
	else if (s)
		snprintf(buf, n, "%s", s->name);
	else if (addr)
		snprintf(buf, n, "0x%" PRIx64, addr);
	else
		snprintf(buf, n, "(unknown)");
	return buf;
}

static bool glue(const struct kho_ksym *s)
{
	static const char *const prefix[] = {
		"bpf_", "__bpf", "kho_preserve_", "kho_unpreserve_",
		"kho_restore_", "kho_alloc_preserve", "kho_add_subtree",
		"kho_remove_subtree", "kho_radix_", "kho_fill_kimage",
		"ftrace_", "arch_ftrace", "perf_", "kprobe", "trampoline",
		"__x64_sys_bpf", "__sys_bpf", "__kho_", "kho_vmalloc_",
	};

	if (s->mod && !strcmp(s->mod, "bpf"))
		return true;
	for (size_t i = 0; i < KHO_ARRAY_SIZE(prefix); i++)
		if (!strncmp(s->name, prefix[i], strlen(prefix[i])))
			return true;
	return false;
}

uint64_t kho_ksym_client(const struct kho_ksyms *k,
			 const unsigned long long *stack, size_t n)
{
	for (size_t i = 0; i < n && stack[i]; i++) {
		const struct kho_ksym *s = kho_ksym_find(k, stack[i]);

		if (!s || glue(s))
			continue;
		return stack[i];
	}
	return 0;
}
