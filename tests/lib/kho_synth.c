// SPDX-License-Identifier: GPL-2.0
/* kho_synth.c - build KHO blobs and trees (see kho_synth.h). */
#include "kho_synth.h"
#include "../../include/kho_abi.h"

#include <elf.h>
#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int prop_u64(void *fdt, const char *name, uint64_t v, enum kho_endian e)
{
	uint8_t b[8];

	kho_put_u64(b, v, e);
	return fdt_property(fdt, name, b, sizeof(b));
}

static int prop_u32(void *fdt, const char *name, uint32_t v, enum kho_endian e)
{
	uint8_t b[4];

	kho_put_u32(b, v, e);
	return fdt_property(fdt, name, b, sizeof(b));
}

int kho_synth_root(void *buf, int bufsize, int abi, const char *compat,
		   uint64_t map, const struct kho_synth_sub *subs, int n,
		   enum kho_endian e)
{
	const char *addr = abi == 1 ? KHO_PROP_SUB_FDT_V1 : KHO_PROP_PRESERVED_DATA;
	int err = fdt_create(buf, bufsize);

	err |= fdt_finish_reservemap(buf);
	err |= fdt_begin_node(buf, "");
	err |= fdt_property_string(buf, "compatible", compat);
	err |= prop_u64(buf, KHO_PROP_MEMORY_MAP, map, e);
	for (int i = 0; i < n; i++) {
		err |= fdt_begin_node(buf, subs[i].name);
		if (!subs[i].no_addr)
			err |= prop_u64(buf, addr, subs[i].addr, e);
		if (abi >= 3 && !subs[i].no_size)
			err |= prop_u64(buf, KHO_PROP_BLOB_SIZE, subs[i].size, e);
		err |= fdt_end_node(buf);
	}
	err |= fdt_end_node(buf);
	err |= fdt_finish(buf);
	return err ? -1 : 0;
}

int kho_synth_add_subtree(void *buf, int bufsize, const char *name, uint64_t addr,
			  uint64_t size, enum kho_endian e)
{
	uint8_t a[8], s[8];
	int node, err = fdt_open_into(buf, buf, bufsize);

	if (err)
		return -1;
	node = fdt_add_subnode(buf, 0, name);
	if (node < 0)
		return -1;
	kho_put_u64(a, addr, e);
	kho_put_u64(s, size, e);
	err = fdt_setprop(buf, node, KHO_PROP_PRESERVED_DATA, a, sizeof(a));
	err |= fdt_setprop(buf, node, KHO_PROP_BLOB_SIZE, s, sizeof(s));
	err |= fdt_pack(buf);
	return err ? -1 : 0;
}

int kho_synth_memblock(void *buf, int bufsize, const struct kho_synth_region *r,
		       int n, enum kho_endian e)
{
	int err = fdt_create(buf, bufsize);

	err |= fdt_finish_reservemap(buf);
	err |= fdt_begin_node(buf, "");
	err |= fdt_property_string(buf, "compatible", KHO_MEMBLOCK_COMPAT);
	for (int i = 0; i < n; i++) {
		err |= fdt_begin_node(buf, r[i].name);
		err |= fdt_property_string(buf, "compatible", KHO_RESERVE_MEM_COMPAT);
		err |= prop_u64(buf, KHO_RESERVE_MEM_PROP_START, r[i].start, e);
		err |= prop_u64(buf, KHO_RESERVE_MEM_PROP_SIZE, r[i].size, e);
		err |= fdt_end_node(buf);
	}
	err |= fdt_end_node(buf);
	err |= fdt_finish(buf);
	return err ? -1 : 0;
}

int kho_synth_kho_test(void *buf, int bufsize, uint32_t nr_folios, uint32_t csum,
		       uint64_t folios_phys, uint32_t total_pages, enum kho_endian e)
{
	uint8_t vm[16];
	int err = fdt_create(buf, bufsize);

	kho_put_u64(vm, folios_phys, e);
	kho_put_u32(vm + 8, total_pages, e);
	vm[12] = e == KHO_LITTLE ? KHO_VMALLOC_FLAG_ALLOC : 0;
	vm[13] = e == KHO_LITTLE ? 0 : KHO_VMALLOC_FLAG_ALLOC;
	vm[14] = vm[15] = 0;
	err |= fdt_finish_reservemap(buf);
	err |= fdt_begin_node(buf, "");
	/* the kernel writes sizeof(char[]) bytes: the same as a string */
	err |= fdt_property(buf, "compatible", KHO_TEST_COMPAT, sizeof(KHO_TEST_COMPAT));
	err |= prop_u32(buf, "magic", KHO_TEST_MAGIC, e);
	err |= fdt_begin_node(buf, "data");
	err |= prop_u32(buf, "nr_folios", nr_folios, e);
	err |= fdt_property(buf, "folios_info", vm, sizeof(vm));
	err |= prop_u32(buf, "csum", csum, e);
	err |= fdt_end_node(buf);
	err |= fdt_end_node(buf);
	err |= fdt_finish(buf);
	return err ? -1 : 0;
}

void kho_synth_metadata(uint8_t *buf, uint32_t version, const char *release,
			uint32_t count, enum kho_endian e)
{
	memset(buf, 0, sizeof(struct kho_kexec_metadata_ser));
	kho_put_u32(buf, version, e);
	strncpy((char *)buf + 4, release, KHO_UTS_LEN);
	kho_put_u32(buf + 69, count, e);
}

void kho_synth_luo(uint8_t *buf, const char *compat, uint64_t num, uint64_t sessions,
		   uint64_t flbs, enum kho_endian e)
{
	memset(buf, 0, sizeof(struct kho_luo_ser));
	strncpy((char *)buf, compat, KHO_LUO_COMPAT_LEN);
	kho_put_u64(buf + 8, num, e);
	kho_put_u64(buf + 16, sessions, e);
	kho_put_u64(buf + 24, flbs, e);
}

int kho_synth_mem_init(struct kho_synth_mem *m, uint64_t phys, size_t pages,
		       enum kho_endian e)
{
	memset(m, 0, sizeof(*m));
	m->base = calloc(pages, KHO_PAGE_SIZE);
	if (!m->base)
		return -1;
	m->phys = phys;
	m->pages = pages;
	m->e = e;
	m->used = 1;		/* page 0 is the root */
	m->root = phys;
	return 0;
}

void kho_synth_mem_free(struct kho_synth_mem *m)
{
	free(m->base);
	m->base = NULL;
}

static uint8_t *page_at(struct kho_synth_mem *m, uint64_t phys)
{
	return m->base + (phys - m->phys);
}

/* The leaf page for @key, allocating tables on the way; NULL when full. */
static uint8_t *leaf_for(struct kho_synth_mem *m, uint64_t key)
{
	uint64_t node = m->root;

	for (unsigned int level = KHO_TREE_MAX_DEPTH - 1; level > 0; level--) {
		uint8_t *slot = page_at(m, node) + 8 * kho_radix_index(key, level);
		uint64_t next = kho_get_u64(slot, m->e);

		if (!next) {
			if (m->used >= m->pages)
				return NULL;
			next = m->phys + (uint64_t)m->used++ * KHO_PAGE_SIZE;
			kho_put_u64(slot, next, m->e);
		}
		node = next;
	}
	return page_at(m, node);
}

static void set_bit(uint8_t *leaf, unsigned int bit, enum kho_endian e)
{
	/* unsigned long bitmap: bit i of word i/64 in the producer's byte order */
	unsigned int byte = (bit / 64) * 8 + (e == KHO_LITTLE ? (bit % 64) / 8 : 7 - (bit % 64) / 8);

	leaf[byte] |= (uint8_t)(1u << (bit % 8));
}

int kho_synth_preserve(struct kho_synth_mem *m, uint64_t pa, unsigned int order)
{
	uint64_t key = kho_radix_encode_key(pa, order);
	uint8_t *leaf = leaf_for(m, key);

	if (!leaf)
		return -1;
	set_bit(leaf, kho_radix_index(key, 0), m->e);
	return 0;
}

int kho_synth_preserve_range0(struct kho_synth_mem *m, uint64_t pa, uint64_t npages)
{
	while (npages) {
		uint64_t key = kho_radix_encode_key(pa, 0);
		unsigned int bit = kho_radix_index(key, 0);
		uint8_t *leaf = leaf_for(m, key);

		if (!leaf)
			return -1;
		if (bit == 0 && npages >= KHO_BITMAP_BITS) {
			memset(leaf, 0xff, KHO_PAGE_SIZE);
			pa += (uint64_t)KHO_BITMAP_BITS * KHO_PAGE_SIZE;
			npages -= KHO_BITMAP_BITS;
			continue;
		}
		set_bit(leaf, bit, m->e);
		pa += KHO_PAGE_SIZE;
		npages--;
	}
	return 0;
}

uint64_t kho_synth_alloc(struct kho_synth_mem *m, uint8_t **page)
{
	if (m->used >= m->pages)
		return 0;
	*page = m->base + m->used * KHO_PAGE_SIZE;
	return m->phys + (uint64_t)m->used++ * KHO_PAGE_SIZE;
}

uint64_t kho_synth_luo_session(struct kho_synth_mem *m, const char *name,
			       uint64_t memfd_size)
{
	uint8_t *sess, *files, *mfd;
	uint64_t sp = kho_synth_alloc(m, &sess), fp = kho_synth_alloc(m, &files);
	uint64_t mp = kho_synth_alloc(m, &mfd);
	enum kho_endian e = m->e;

	if (!sp || !fp || !mp)
		return 0;
	kho_put_u64(sess + 8, 1, e);				/* next 0, count 1 */
	strncpy((char *)sess + 16, name, KHO_LUO_SESSION_NAME_LEN - 1);
	kho_put_u64(sess + 16 + KHO_LUO_SESSION_NAME_LEN, fp, e);
	kho_put_u64(sess + 16 + KHO_LUO_SESSION_NAME_LEN + 8, 2, e);
	kho_put_u64(files + 8, 2, e);
	strcpy((char *)files + 16, KHO_MEMFD_COMPAT);
	kho_put_u64(files + 16 + 48, mp, e);
	kho_put_u64(files + 16 + 56, 1, e);
	strcpy((char *)files + 16 + 64, "other-v1");
	kho_put_u64(files + 16 + 64 + 48, 0x1234, e);
	kho_put_u64(files + 16 + 64 + 56, 2, e);
	kho_put_u64(mfd + 8, memfd_size, e);			/* pos 0, size */
	kho_put_u32(mfd + 16, 0xf, e);				/* seals */
	kho_put_u64(mfd + 24, memfd_size / KHO_PAGE_SIZE, e);	/* nr_folios */
	return sp;
}

int kho_synth_read(void *ctx, uint64_t phys, void *buf, size_t len)
{
	const struct kho_synth_mem *m = ctx;
	uint64_t size = (uint64_t)m->used * KHO_PAGE_SIZE;

	if (phys < m->phys || phys - m->phys > size || len > size - (phys - m->phys))
		return -1;
	memcpy(buf, m->base + (phys - m->phys), len);
	return 0;
}

int kho_synth_write_elf(const struct kho_synth_mem *m, const char *path)
{
	Elf64_Ehdr eh = { 0 };
	Elf64_Phdr ph = { 0 };
	FILE *f = fopen(path, "wb");
	size_t size = m->used * KHO_PAGE_SIZE;
	int ok;

	if (!f)
		return -1;
	memcpy(eh.e_ident, ELFMAG, SELFMAG);
	eh.e_ident[EI_CLASS] = ELFCLASS64;
	eh.e_ident[EI_DATA] = ELFDATA2LSB;
	eh.e_ident[EI_VERSION] = EV_CURRENT;
	eh.e_type = ET_CORE;
	eh.e_machine = EM_X86_64;
	eh.e_version = EV_CURRENT;
	eh.e_phoff = sizeof(eh);
	eh.e_ehsize = sizeof(eh);
	eh.e_phentsize = sizeof(ph);
	eh.e_phnum = 1;
	ph.p_type = PT_LOAD;
	ph.p_offset = KHO_PAGE_SIZE;
	ph.p_paddr = m->phys;
	ph.p_filesz = ph.p_memsz = size;
	ph.p_align = KHO_PAGE_SIZE;
	ok = fwrite(&eh, sizeof(eh), 1, f) == 1 && fwrite(&ph, sizeof(ph), 1, f) == 1 &&
	     !fseek(f, KHO_PAGE_SIZE, SEEK_SET) && fwrite(m->base, 1, size, f) == size;
	return (fclose(f) == 0 && ok) ? 0 : -1;
}
