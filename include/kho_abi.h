/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kho_abi.h - Kexec HandOver (KHO) wire ABI, as seen from user space and BPF.
 *
 * Written for kho-suite from the documented format (kho-abi-7.2-map.md, §1).
 * C11, no kernel headers: only <stdint.h>.  Every multi-byte number in these
 * structures is in the byte order of the producing CPU ("native endian",
 * little-endian on x86); none of the FDT properties below use FDT big-endian
 * cells.  Structures marked KHO_PACKED are __packed in the kernel.
 *
 * ABI history of the root FDT compatible:
 *   kho-v1  child node property "fdt" (u64 phys of a sub-FDT, size taken from
 *           the sub-FDT header); memory map is a chunk list (not a radix tree)
 *   kho-v2  child property "preserved-data" (u64 phys); radix-tree memory map
 *   kho-v3  kho-v2 + child property "blob-size" (u64)
 *   kho-v4  kho-v3 + KHO serialization blocks (used by LUO); 7.2.13
 */
#ifndef KHO_ABI_H
#define KHO_ABI_H

#include <stdint.h>

#if defined(__GNUC__) || defined(__clang__)
#define KHO_PACKED __attribute__((packed))
#else
#error "kho_abi.h needs a compiler with __attribute__((packed))"
#endif

/* ---- root FDT ------------------------------------------------------- */
#define KHO_COMPAT_PREFIX		"kho-v"
#define KHO_COMPAT_V1			"kho-v1"
#define KHO_COMPAT_V2			"kho-v2"
#define KHO_COMPAT_V3			"kho-v3"
#define KHO_COMPAT_V4			"kho-v4"
#define KHO_ABI_VERSION_MIN		1
#define KHO_ABI_VERSION_MAX		4
#define KHO_PROP_MEMORY_MAP		"preserved-memory-map"
#define KHO_PROP_SUB_FDT_V1		"fdt"		/* kho-v1 */
#define KHO_PROP_PRESERVED_DATA		"preserved-data"/* kho-v2+ */
#define KHO_PROP_BLOB_SIZE		"blob-size"	/* kho-v3+ */
#define KHO_ROOT_FDT_MAX		4096u		/* one page */
#define KHO_FDT_MAGIC			0xd00dfeedu

/* ---- x86 transport -------------------------------------------------- */
#define KHO_SETUP_DATA_TYPE		10		/* SETUP_KEXEC_KHO */
struct kho_setup_data {
	uint64_t fdt_addr;
	uint64_t fdt_size;
	uint64_t scratch_addr;
	uint64_t scratch_size;
} KHO_PACKED;
_Static_assert(sizeof(struct kho_setup_data) == 32, "kho_data is 32 bytes");

/* ---- scratch array -------------------------------------------------- */
struct kho_scratch_ser {
	uint64_t addr;
	uint64_t size;
};
_Static_assert(sizeof(struct kho_scratch_ser) == 16, "kho_scratch is 16 bytes");
#define KHO_SCRATCH_ALIGN		(4ull << 20)	/* 4 MiB */

/* ---- preserved-memory map: radix tree (kho-v2..v4, 4 KiB pages) ------ */
#define KHO_PAGE_SHIFT			12
#define KHO_PAGE_SIZE			(1u << KHO_PAGE_SHIFT)
#define KHO_ORDER_0_LOG2		(64 - KHO_PAGE_SHIFT)		/* 52 */
#define KHO_TABLE_SIZE_LOG2		9				/* 512 */
#define KHO_BITMAP_SIZE_LOG2		(KHO_PAGE_SHIFT + 3)		/* 15 */
#define KHO_TREE_MAX_DEPTH		6				/* levels 5..0 */
#define KHO_TABLE_ENTRIES		(1u << KHO_TABLE_SIZE_LOG2)
#define KHO_BITMAP_BITS			(1u << KHO_BITMAP_SIZE_LOG2)
#define KHO_MAX_ORDER			(KHO_ORDER_0_LOG2 - 1)

/* key = (1 << (52 - order)) | (pa >> (12 + order)) */
static inline uint64_t kho_radix_encode_key(uint64_t pa, unsigned int order)
{
	return (UINT64_C(1) << (KHO_ORDER_0_LOG2 - order)) |
	       (pa >> (KHO_PAGE_SHIFT + order));
}

/* Returns the order, or -1 for key 0 / keys with bits above bit 52. */
static inline int kho_radix_decode_key(uint64_t key, uint64_t *pa)
{
	int fls, order;

	if (!key)
		return -1;
	fls = 64 - __builtin_clzll(key);
	order = KHO_ORDER_0_LOG2 - fls + 1;
	if (order < 0)
		return -1;
	*pa = (order + KHO_PAGE_SHIFT >= 64) ? 0 : key << (KHO_PAGE_SHIFT + order);
	return order;
}

/* Level 1..5 table index; level 0 is the bitmap index (key & 0x7fff). */
static inline unsigned int kho_radix_index(uint64_t key, unsigned int level)
{
	if (level == 0)
		return (unsigned int)(key & (KHO_BITMAP_BITS - 1));
	return (unsigned int)((key >> (KHO_BITMAP_SIZE_LOG2 +
			       KHO_TABLE_SIZE_LOG2 * (level - 1))) &
			      (KHO_TABLE_ENTRIES - 1));
}

/* ---- vmalloc preservation ------------------------------------------- */
#define KHO_VMALLOC_SIZE		511
#define KHO_VMALLOC_FLAG_ALLOC		0x1
#define KHO_VMALLOC_FLAG_HUGE_VMAP	0x2
struct kho_vmalloc_ser {
	uint64_t first_phys;
	uint32_t total_pages;
	uint16_t flags;
	uint16_t order;
};
_Static_assert(sizeof(struct kho_vmalloc_ser) == 16, "kho_vmalloc is 16 bytes");

/* ---- memblock / reserve_mem sub-FDT --------------------------------- */
#define KHO_MEMBLOCK_NODE		"memblock"
#define KHO_MEMBLOCK_COMPAT		"memblock-v1"
#define KHO_RESERVE_MEM_COMPAT		"reserve-mem-v1"
#define KHO_RESERVE_MEM_PROP_START	"start"
#define KHO_RESERVE_MEM_PROP_SIZE	"size"
#define KHO_RESERVE_MEM_MAX_ENTRIES	8

/* ---- kexec-metadata ------------------------------------------------- */
#define KHO_METADATA_NODE		"kexec-metadata"
#define KHO_METADATA_VERSION		1
#define KHO_UTS_LEN			64
struct kho_kexec_metadata_ser {
	uint32_t version;
	char previous_release[KHO_UTS_LEN + 1];
	uint32_t kexec_count;
} KHO_PACKED;
_Static_assert(sizeof(struct kho_kexec_metadata_ser) == 73, "metadata is 73 bytes");

/* ---- kho-test (lib/test_kho.c) -------------------------------------- */
#define KHO_TEST_NODE			"kho_test"
#define KHO_TEST_COMPAT			"kho-test-v1"
#define KHO_TEST_MAGIC			0x4b484f21u	/* "KHO!" */

/* ---- KHO serialization blocks (kho-v4) ------------------------------ */
#define KHO_BLOCK_SIZE			KHO_PAGE_SIZE
#define KHO_MAX_BLOCKS			10000
struct kho_block_header_ser {
	uint64_t next;
	uint64_t count;
} KHO_PACKED;
_Static_assert(sizeof(struct kho_block_header_ser) == 16, "block header is 16 bytes");

/* ---- LUO (luo-v5) --------------------------------------------------- */
#define KHO_LUO_NODE			"LUO"
#define KHO_LUO_COMPAT			"luo-v5"
#define KHO_LUO_COMPAT_LEN		8
#define KHO_LUO_SESSION_NAME_LEN	64
#define KHO_LUO_HNDL_COMPAT_LEN		48
#define KHO_LUO_FLB_COMPAT_LEN		48
struct kho_luo_ser {
	char compatible[KHO_LUO_COMPAT_LEN];
	uint64_t liveupdate_num;
	uint64_t sessions_pa;
	uint64_t flbs_pa;
} KHO_PACKED;
_Static_assert(sizeof(struct kho_luo_ser) == 32, "luo_ser is 32 bytes");

struct kho_luo_session_ser {
	char name[KHO_LUO_SESSION_NAME_LEN];
	uint64_t files;
	uint64_t count;
} KHO_PACKED;
_Static_assert(sizeof(struct kho_luo_session_ser) == 80, "luo_session_ser is 80 bytes");

struct kho_luo_file_ser {
	char compatible[KHO_LUO_HNDL_COMPAT_LEN];
	uint64_t data;
	uint64_t token;
} KHO_PACKED;
_Static_assert(sizeof(struct kho_luo_file_ser) == 64, "luo_file_ser is 64 bytes");

struct kho_luo_flb_header_ser {
	uint64_t pgcnt;
	uint64_t count;
} KHO_PACKED;

struct kho_luo_flb_ser {
	char name[KHO_LUO_FLB_COMPAT_LEN];
	uint64_t data;
	uint64_t count;
} KHO_PACKED;
_Static_assert(sizeof(struct kho_luo_flb_ser) == 64, "luo_flb_ser is 64 bytes");

/* ---- memfd (memfd-v2, a LUO file handler) ---------------------------- */
#define KHO_MEMFD_COMPAT		"memfd-v2"
#define KHO_MEMFD_FOLIO_DIRTY		0x1
#define KHO_MEMFD_FOLIO_UPTODATE	0x2
struct kho_memfd_luo_ser {
	uint64_t pos;
	uint64_t size;
	uint32_t seals;
	uint32_t flags;
	uint64_t nr_folios;
	struct kho_vmalloc_ser folios;
} KHO_PACKED;
_Static_assert(sizeof(struct kho_memfd_luo_ser) == 48, "memfd_luo_ser is 48 bytes");

/* pfn:52 | flags:12 in one u64, then the page index */
struct kho_memfd_folio_ser {
	uint64_t pfn_flags;
	uint64_t index;
} KHO_PACKED;
_Static_assert(sizeof(struct kho_memfd_folio_ser) == 16, "memfd folio is 16 bytes");
#define KHO_MEMFD_FOLIO_PFN(v)		((v) & ((UINT64_C(1) << 52) - 1))
#define KHO_MEMFD_FOLIO_FLAGS(v)	((v) >> 52)

#endif /* KHO_ABI_H */
