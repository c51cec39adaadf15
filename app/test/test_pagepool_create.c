/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The pagepool authors
 */
/*
 * Suite "create": parameters, creation and lookup, the page layout (size,
 * alignment, hugepage boundaries, IOVA) and address/IOVA to descriptor
 * lookups.
 */
#include <stdlib.h>

#include <rte_lcore.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>
#include <rte_memory.h>

#include "test_common.h"

#define HUGE_2M (UINT64_C(2) << 20)

static const uint32_t page_sizes[] = { 2048, 4096, 16384, 65536 };

static int
test_params_defaults(void)
{
	struct pagepool_params p;

	memset(&p, 0xa5, sizeof(p));
	pagepool_params_init(&p);
	TEST_ASSERT(p.page_size == 0 || p.page_size == PAGEPOOL_PAGE_SIZE_DEFAULT,
		    "default page_size %u, expected 0 or 4096", p.page_size);
	TEST_ASSERT_EQUAL(p.socket_id, SOCKET_ID_ANY, "default socket");
	TEST_ASSERT_EQUAL(p.owner_lcore, PAGEPOOL_OWNER_NONE, "default owner");
	TEST_ASSERT(p.cache_size == 0 || p.cache_size == PAGEPOOL_CACHE_DEFAULT,
		    "default cache_size %u", p.cache_size);
	TEST_ASSERT(p.ring_size == 0 || p.ring_size == PAGEPOOL_RING_DEFAULT,
		    "default ring_size %u", p.ring_size);
	TEST_ASSERT_EQUAL(p.headroom, RTE_PKTMBUF_HEADROOM, "default headroom");
	TEST_ASSERT_EQUAL(p.flags, 0, "default flags");
	return TEST_SUCCESS;
}

static int
test_create_defaults(void)
{
	struct pagepool_params p;
	struct pagepool_info info;
	struct pagepool *pp;

	pagepool_params_init(&p);
	p.name = "defaults";
	p.nb_pages = 64;
	pp = pagepool_create(&p);
	TEST_ASSERT_NOT_NULL(pp, "create with default params");
	info = test_info(pp);
	TEST_ASSERT_EQUAL(info.page_size, PAGEPOOL_PAGE_SIZE_DEFAULT, "page_size");
	TEST_ASSERT_EQUAL(pagepool_page_size(pp), PAGEPOOL_PAGE_SIZE_DEFAULT,
			  "pagepool_page_size()");
	TEST_ASSERT_EQUAL(info.nb_pages, 64, "nb_pages");
	TEST_ASSERT_EQUAL(info.owner, PAGEPOOL_OWNER_NONE, "owner");
	TEST_ASSERT_EQUAL(info.in_flight, 0, "in_flight of a new pool");
	TEST_ASSERT_EQUAL(info.destroying, 0, "destroying");
	TEST_ASSERT_EQUAL(info.bad_put, 0, "bad_put");
	TEST_CHECK(test_pool_check_sum(pp));
	/* nobody owns it: every page must still be reachable */
	TEST_CHECK(test_pool_check_all(pp, 0));
	TEST_ASSERT_EQUAL(pagepool_destroy(pp), 0, "destroy of an idle pool");
	return TEST_SUCCESS;
}

/* One invalid parameter per row: create must fail with rte_errno EINVAL. */
struct bad_param {
	const char *what;
	void (*set)(struct pagepool_params *p);
};

static char long_name[PAGEPOOL_NAMESIZE + 1];

static void set_name_null(struct pagepool_params *p) { p->name = NULL; }
static void set_name_empty(struct pagepool_params *p) { p->name = ""; }
static void set_name_long(struct pagepool_params *p) { p->name = long_name; }
static void set_nb_zero(struct pagepool_params *p) { p->nb_pages = 0; }
static void set_ps_3000(struct pagepool_params *p) { p->page_size = 3000; }
static void set_ps_4097(struct pagepool_params *p) { p->page_size = 4097; }
static void set_ps_1k(struct pagepool_params *p) { p->page_size = 1024; }
static void set_ps_64(struct pagepool_params *p) { p->page_size = 64; }
static void set_ps_128k(struct pagepool_params *p) { p->page_size = 131072; }
static void set_ps_2m(struct pagepool_params *p) { p->page_size = 1u << 21; }
static void set_cache_max1(struct pagepool_params *p)
{
	p->cache_size = PAGEPOOL_CACHE_MAX + 1;
}
static void set_cache_huge(struct pagepool_params *p) { p->cache_size = UINT32_MAX; }
static void set_owner_max(struct pagepool_params *p) { p->owner_lcore = RTE_MAX_LCORE; }
static void set_owner_u32(struct pagepool_params *p) { p->owner_lcore = UINT32_MAX; }
static void set_owner_any(struct pagepool_params *p) { p->owner_lcore = LCORE_ID_ANY; }

/* A valid lcore id that is not enabled in this process (-l 0,1). */
static uint32_t
disabled_lcore(void)
{
	uint32_t i;

	for (i = 0; i < RTE_MAX_LCORE && rte_lcore_is_enabled(i); i++)
		;
	return i;
}

static void set_owner_disabled(struct pagepool_params *p) { p->owner_lcore = disabled_lcore(); }
/* the lowest bit no PAGEPOOL_F_* flag uses */
static void set_flags_1(struct pagepool_params *p) { p->flags = (PAGEPOOL_F_MASK + 1) & ~PAGEPOOL_F_MASK; }
static void set_flags_top(struct pagepool_params *p) { p->flags = 1u << 31; }

static const struct bad_param bad_params[] = {
	{ "name NULL", set_name_null },
	{ "name empty", set_name_empty },
	{ "name of PAGEPOOL_NAMESIZE chars", set_name_long },
	{ "nb_pages 0", set_nb_zero },
	{ "page_size 3000 (not a power of two)", set_ps_3000 },
	{ "page_size 4097 (not a power of two)", set_ps_4097 },
	{ "page_size 1024 (< 2K)", set_ps_1k },
	{ "page_size 64 (< 2K)", set_ps_64 },
	{ "page_size 128K (> 64K)", set_ps_128k },
	{ "page_size 2M (> 64K)", set_ps_2m },
	{ "cache_size PAGEPOOL_CACHE_MAX + 1", set_cache_max1 },
	{ "cache_size UINT32_MAX", set_cache_huge },
	{ "owner_lcore RTE_MAX_LCORE", set_owner_max },
	{ "owner_lcore UINT32_MAX", set_owner_u32 },
	{ "owner_lcore LCORE_ID_ANY", set_owner_any },
	{ "owner_lcore of a disabled lcore", set_owner_disabled },
	{ "lowest unknown flags bit", set_flags_1 },
	{ "flags bit 31 (unknown)", set_flags_top },
};

static int
test_create_invalid(void)
{
	struct pagepool_params p;
	struct pagepool *pp;
	unsigned int i;

	memset(long_name, 'x', PAGEPOOL_NAMESIZE);
	long_name[PAGEPOOL_NAMESIZE] = '\0';

	rte_errno = 0;
	pp = pagepool_create(NULL);
	TEST_ASSERT_NULL(pp, "create(NULL) returned a pool");
	TEST_ASSERT_EQUAL(rte_errno, EINVAL, "rte_errno of create(NULL)");

	for (i = 0; i < RTE_DIM(bad_params); i++) {
		pagepool_params_init(&p);
		p.name = "bad";
		p.nb_pages = 64;
		bad_params[i].set(&p);
		rte_errno = 0;
		pp = pagepool_create(&p);
		if (pp != NULL) {
			pagepool_destroy(pp);
			TEST_ASSERT(0, "params with %s: pool created",
				    bad_params[i].what);
		}
		TEST_ASSERT_EQUAL(rte_errno, EINVAL, "rte_errno for %s",
				  bad_params[i].what);
		TEST_ASSERT_NULL(pagepool_lookup("bad"),
				 "failed create (%s) left a pool named 'bad'",
				 bad_params[i].what);
	}
	return TEST_SUCCESS;
}

/* The limits themselves are valid. */
static int
test_create_limits(void)
{
	char name[PAGEPOOL_NAMESIZE];
	struct pagepool_params p;
	struct pagepool *pp;

	memset(name, 'n', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	pagepool_params_init(&p);
	p.name = name; /* PAGEPOOL_NAMESIZE - 1 characters */
	p.nb_pages = 1;
	p.page_size = PAGEPOOL_PAGE_SIZE_MIN;
	p.cache_size = 1;
	p.owner_lcore = rte_lcore_id();
	pp = pagepool_create(&p);
	TEST_ASSERT_NOT_NULL(pp, "31-char name, 1 page of 2K, cache 1");
	TEST_ASSERT(pagepool_lookup(name) == pp, "lookup of a 31-char name");
	TEST_ASSERT(strcmp(pagepool_name(pp), name) == 0, "pagepool_name");
	TEST_ASSERT(strcmp(pagepool_name(NULL), "") == 0, "pagepool_name(NULL)");
	TEST_CHECK(test_pool_check_all(pp, 0));
	TEST_ASSERT_EQUAL(pagepool_destroy(pp), 0, "destroy");

	pagepool_params_init(&p);
	p.name = "limits2";
	p.nb_pages = PAGEPOOL_CACHE_MAX * 2;
	p.page_size = PAGEPOOL_PAGE_SIZE_MIN;
	p.cache_size = PAGEPOOL_CACHE_MAX;
	p.owner_lcore = rte_lcore_id();
	pp = pagepool_create(&p);
	TEST_ASSERT_NOT_NULL(pp, "cache_size PAGEPOOL_CACHE_MAX");
	TEST_CHECK(test_pool_check_all(pp, 0));
	TEST_ASSERT_EQUAL(pagepool_destroy(pp), 0, "destroy");

	pagepool_params_init(&p);
	p.name = "limits3";
	p.nb_pages = 4;
	p.page_size = PAGEPOOL_PAGE_SIZE_MAX;
	p.owner_lcore = test_worker_lcore();
	pp = pagepool_create(&p);
	TEST_ASSERT_NOT_NULL(pp, "64K pages, owner the worker lcore");
	TEST_ASSERT_EQUAL(test_info(pp).owner, test_worker_lcore(), "owner");
	TEST_ASSERT_EQUAL(pagepool_destroy(pp), 0, "destroy");
	return TEST_SUCCESS;
}

/*
 * owner_lcore must be an lcore that runs in this process, or none: a pool
 * owned by a disabled lcore could never be owned by anyone. Every enabled
 * lcore is accepted; a disabled one is refused with a log naming it.
 */
static int
test_create_owner_enabled(void)
{
	struct pagepool_params p;
	struct pagepool *pp;
	char needle[64];
	uint32_t off = disabled_lcore(), lc;
	FILE *log = tmpfile();
	int n;

	TEST_ASSERT(log != NULL, "tmpfile");
	TEST_ASSERT(off < RTE_MAX_LCORE, "a disabled lcore id exists");
	RTE_LCORE_FOREACH(lc) {
		pp = test_pool_create("owner_on", 8, 0, lc, 0, 0);
		TEST_ASSERT_NOT_NULL(pp, "owner: enabled lcore %u", lc);
		TEST_ASSERT_EQUAL(test_info(pp).owner, lc, "owner");
		TEST_ASSERT_EQUAL(pagepool_destroy(pp), 0, "destroy");
	}
	pp = test_pool_create("owner_on", 8, 0, PAGEPOOL_OWNER_NONE, 0, 0);
	TEST_ASSERT_NOT_NULL(pp, "owner: PAGEPOOL_OWNER_NONE");
	TEST_ASSERT_EQUAL(pagepool_destroy(pp), 0, "destroy");

	pagepool_params_init(&p);
	p.name = "owner_off";
	p.nb_pages = 8;
	p.owner_lcore = off;
	rte_openlog_stream(log);
	rte_errno = 0;
	pp = pagepool_create(&p);
	rte_openlog_stream(NULL);
	if (pp != NULL) {
		pagepool_destroy(pp);
		fclose(log);
		TEST_ASSERT(0, "owner: disabled lcore %u accepted", off);
	}
	TEST_ASSERT_EQUAL(rte_errno, EINVAL, "rte_errno, disabled lcore %u", off);
	snprintf(needle, sizeof(needle), "owner_lcore %u is not an enabled lcore",
		 off);
	n = test_file_contains(log, needle);
	fclose(log);
	TEST_ASSERT(n == 1, "log line \"%s\" seen %d times", needle, n);
	TEST_ASSERT_NULL(pagepool_lookup("owner_off"), "no pool left behind");
	return TEST_SUCCESS;
}

/*
 * The contract does not say whether a cache larger than the pool is an
 * error; either EINVAL or a pool that works (every page reachable) is fine.
 */
static int
test_create_cache_gt_pages(void)
{
	struct pagepool *pp;

	pp = test_pool_create("smallpool", 8, 0, rte_lcore_id(), 64, 0);
	if (pp == NULL) {
		TEST_ASSERT_EQUAL(rte_errno, EINVAL, "rte_errno");
		TEST_NOTE("cache_size > nb_pages is rejected with EINVAL");
		return TEST_SUCCESS;
	}
	TEST_NOTE("cache_size > nb_pages is accepted");
	TEST_CHECK(test_pool_check_all(pp, 0));
	TEST_CHECK(test_pool_check_all(pp, 0));
	TEST_CHECK(test_pool_check_sum(pp));
	TEST_ASSERT_EQUAL(pagepool_destroy(pp), 0, "destroy");
	return TEST_SUCCESS;
}

static int
test_create_duplicate(void)
{
	struct pagepool *a, *b;

	a = test_pool_create("dup", 16, 0, PAGEPOOL_OWNER_NONE, 0, 0);
	TEST_ASSERT_NOT_NULL(a, "first pool");
	rte_errno = 0;
	b = test_pool_create("dup", 16, 0, PAGEPOOL_OWNER_NONE, 0, 0);
	if (b != NULL) {
		pagepool_destroy(b);
		pagepool_destroy(a);
		TEST_ASSERT(0, "a second pool named 'dup' was created");
	}
	TEST_ASSERT_EQUAL(rte_errno, EEXIST, "rte_errno of a duplicate name");
	TEST_ASSERT(pagepool_lookup("dup") == a, "lookup finds the first pool");
	TEST_CHECK(test_pool_check_all(a, 0));
	TEST_ASSERT_EQUAL(pagepool_destroy(a), 0, "destroy");
	b = test_pool_create("dup", 16, 0, PAGEPOOL_OWNER_NONE, 0, 0);
	TEST_ASSERT_NOT_NULL(b, "name reusable after destroy");
	TEST_ASSERT_EQUAL(pagepool_destroy(b), 0, "destroy");
	return TEST_SUCCESS;
}

static int
test_lookup(void)
{
	struct pagepool *a, *b;

	a = test_pool_create("lk_a", 8, 0, PAGEPOOL_OWNER_NONE, 0, 0);
	TEST_ASSERT_NOT_NULL(a, "pool a");
	b = test_pool_create("lk_b", 8, 2048, PAGEPOOL_OWNER_NONE, 0, 0);
	TEST_ASSERT_NOT_NULL(b, "pool b");
	TEST_ASSERT(a != b, "two pools, one pointer");
	TEST_ASSERT(pagepool_lookup("lk_a") == a, "lookup lk_a");
	TEST_ASSERT(pagepool_lookup("lk_b") == b, "lookup lk_b");
	rte_errno = 0;
	TEST_ASSERT_NULL(pagepool_lookup("lk_c"), "lookup of an unknown name");
	TEST_ASSERT_EQUAL(rte_errno, ENOENT, "rte_errno of a failed lookup");
	rte_errno = 0;
	TEST_ASSERT_NULL(pagepool_lookup("lk_"), "lookup of a prefix");
	TEST_ASSERT_NULL(pagepool_lookup("lk_a_"), "lookup of a longer name");
	TEST_ASSERT_EQUAL(pagepool_destroy(a), 0, "destroy a");
	rte_errno = 0;
	TEST_ASSERT_NULL(pagepool_lookup("lk_a"), "lookup after destroy");
	TEST_ASSERT_EQUAL(rte_errno, ENOENT, "rte_errno after destroy");
	TEST_ASSERT(pagepool_lookup("lk_b") == b, "lk_b survives lk_a");
	TEST_ASSERT_EQUAL(pagepool_destroy(b), 0, "destroy b");
	return TEST_SUCCESS;
}

static int
page_cmp(const void *a, const void *b)
{
	const struct pagepool_page *x = *(const struct pagepool_page *const *)a;
	const struct pagepool_page *y = *(const struct pagepool_page *const *)b;

	return (uintptr_t)x->addr < (uintptr_t)y->addr ? -1 :
	       (uintptr_t)x->addr > (uintptr_t)y->addr;
}

/* Allocate every page of pp into pages[] (nb of them) on the owner. */
static int
alloc_all(struct pagepool *pp, struct pagepool_page **pages, uint32_t nb)
{
	uint32_t i;

	for (i = 0; i < nb; i++) {
		pages[i] = pagepool_alloc(pp);
		TEST_ASSERT_NOT_NULL(pages[i], "alloc %u of %u", i, nb);
	}
	return TEST_SUCCESS;
}

static void
put_all(struct pagepool_page **pages, uint32_t nb)
{
	uint32_t i;

	for (i = 0; i < nb; i++)
		pagepool_put_page(pages[i]);
}

/*
 * Layout of every page, for each page size: aligned to its size, distinct,
 * packed in one range, no page across a 2 MiB boundary; descriptors valid
 * and outside the pages.
 */
static int
check_layout(uint32_t ps, uint32_t nb)
{
	struct pagepool_page **pages = calloc(nb, sizeof(*pages));
	struct pagepool *pp;
	uintptr_t lo, hi;
	uint32_t i;
	int ret;

	TEST_ASSERT_NOT_NULL(pages, "calloc");
	pp = test_pool_create("layout", nb, ps, rte_lcore_id(), 0, 0);
	if (pp == NULL) {
		free(pages);
		TEST_ASSERT_NOT_NULL(pp, "create %u pages of %u", nb, ps);
	}
	ret = alloc_all(pp, pages, nb);
	if (ret != TEST_SUCCESS)
		goto out;
	ret = TEST_FAILED;
	qsort(pages, nb, sizeof(*pages), page_cmp);
	lo = (uintptr_t)pages[0]->addr;
	hi = (uintptr_t)pages[nb - 1]->addr + ps;
	if (hi - lo != (uintptr_t)nb * ps) {
		printf("    FAIL: %u pages of %u span %#lx bytes, expected %#lx (one range)\n",
		       nb, ps, (unsigned long)(hi - lo),
		       (unsigned long)nb * ps);
		goto put;
	}
	for (i = 0; i < nb; i++) {
		const struct pagepool_page *pg = pages[i];
		uintptr_t a = (uintptr_t)pg->addr;

		if (a % ps != 0 || (a & ~(HUGE_2M - 1)) !=
		    ((a + ps - 1) & ~(HUGE_2M - 1))) {
			printf("    FAIL: page %p of %u misaligned or across 2 MiB\n",
			       pg->addr, ps);
			goto put;
		}
		if (i > 0 && a != (uintptr_t)pages[i - 1]->addr + ps) {
			printf("    FAIL: pages %p and %p: overlap or gap (size %u)\n",
			       pages[i - 1]->addr, pg->addr, ps);
			goto put;
		}
		if (pg->pool != pp || pg->magic != PAGEPOOL_PAGE_MAGIC ||
		    pg->index >= nb || pagepool_page_refcnt(pg) != 1) {
			printf("    FAIL: descriptor of %p: pool %p magic %#x index %u refcnt %u\n",
			       pg->addr, (void *)pg->pool, pg->magic, pg->index,
			       pagepool_page_refcnt(pg));
			goto put;
		}
		if (pagepool_page_addr(pg) != pg->addr) {
			printf("    FAIL: pagepool_page_addr()\n");
			goto put;
		}
		if ((uintptr_t)pg >= lo && (uintptr_t)pg < hi) {
			printf("    FAIL: descriptor %p lies inside the pages\n",
			       (const void *)pg);
			goto put;
		}
		if ((uintptr_t)pg % RTE_CACHE_LINE_SIZE != 0) {
			printf("    FAIL: descriptor %p not cache-line aligned\n",
			       (const void *)pg);
			goto put;
		}
	}
	/* index order follows address order */
	for (i = 1; i < nb; i++) {
		if (pages[i]->index == pages[0]->index) {
			printf("    FAIL: two pages with index %u\n",
			       pages[i]->index);
			goto put;
		}
	}
	TEST_ASSERT_EQUAL(pagepool_in_flight(pp), nb, "in_flight");
	ret = TEST_SUCCESS;
put:
	put_all(pages, nb);
	if (ret == TEST_SUCCESS && pagepool_in_flight(pp) != 0) {
		printf("    FAIL: in_flight %u after putting all back\n",
		       pagepool_in_flight(pp));
		ret = TEST_FAILED;
	}
out:
	if (pagepool_destroy(pp) != 0 && ret == TEST_SUCCESS) {
		printf("    FAIL: destroy reported pages in flight\n");
		ret = TEST_FAILED;
	}
	free(pages);
	return ret;
}

static int
test_page_layout(void)
{
	unsigned int i;

	for (i = 0; i < RTE_DIM(page_sizes); i++) {
		/* about 1 MiB, and a 4 MiB pool that crosses hugepages */
		uint32_t nb = (1u << 20) / page_sizes[i];

		printf("    page size %u: %u pages\n", page_sizes[i], nb);
		TEST_CHECK(check_layout(page_sizes[i], nb));
		printf("    page size %u: %u pages\n", page_sizes[i], nb * 4);
		TEST_CHECK(check_layout(page_sizes[i], nb * 4));
	}
	return TEST_SUCCESS;
}

static int
test_descriptor_size(void)
{
	TEST_ASSERT_EQUAL(sizeof(struct pagepool_page), RTE_CACHE_LINE_SIZE,
			  "a page descriptor is one cache line");
	return TEST_SUCCESS;
}

/* Every page's IOVA is what the EAL says the page's address maps to. */
static int
check_iova(uint32_t ps, uint32_t nb)
{
	struct pagepool_page **pages = calloc(nb, sizeof(*pages));
	struct pagepool *pp;
	uint32_t i;
	int ret = TEST_FAILED;

	TEST_ASSERT_NOT_NULL(pages, "calloc");
	pp = test_pool_create("iova", nb, ps, rte_lcore_id(), 0, 0);
	if (pp == NULL) {
		free(pages);
		TEST_ASSERT_NOT_NULL(pp, "create %u pages of %u", nb, ps);
	}
	if (alloc_all(pp, pages, nb) != TEST_SUCCESS)
		goto out;
	if (rte_mem_virt2iova(pages[0]->addr) == RTE_BAD_IOVA) {
		int has = pagepool_has_iova(pp);

		put_all(pages, nb);
		pagepool_destroy(pp);
		free(pages);
		TEST_ASSERT_EQUAL(has, 0, "pagepool_has_iova: no IOVA here");
		TEST_SKIP("IOVA checks need a real IOVA (EAL gives RTE_BAD_IOVA here)");
	}
	if (!pagepool_has_iova(pp) || pagepool_has_iova(NULL)) {
		printf("    FAIL: pagepool_has_iova: %d for the pool, %d for NULL\n",
		       pagepool_has_iova(pp), pagepool_has_iova(NULL));
		goto put;
	}
	for (i = 0; i < nb; i++) {
		const struct pagepool_page *pg = pages[i];
		rte_iova_t want = rte_mem_virt2iova(pg->addr);
		rte_iova_t last = rte_mem_virt2iova(RTE_PTR_ADD(pg->addr, ps - 1));

		if (pg->iova != want || pagepool_page_iova(pg) != want) {
			printf("    FAIL: page %u (%p, size %u): iova %#" PRIx64 ", rte_mem_virt2iova %#" PRIx64 "\n",
			       pg->index, pg->addr, ps, pg->iova, want);
			goto put;
		}
		if (last != want + ps - 1) {
			printf("    FAIL: page %u (%p, size %u) not IOVA-contiguous: last byte at %#" PRIx64 "\n",
			       pg->index, pg->addr, ps, last);
			goto put;
		}
	}
	ret = TEST_SUCCESS;
put:
	put_all(pages, nb);
out:
	pagepool_destroy(pp);
	free(pages);
	return ret;
}

static int
test_page_iova(void)
{
	unsigned int i;

	printf("    IOVA mode %s\n", rte_eal_iova_mode() == RTE_IOVA_PA ? "PA" :
	       rte_eal_iova_mode() == RTE_IOVA_VA ? "VA" : "DC");
	for (i = 0; i < RTE_DIM(page_sizes); i++) {
		uint32_t nb = (4u << 20) / page_sizes[i];

		TEST_CHECK(check_iova(page_sizes[i], nb));
	}
	return TEST_SUCCESS;
}

static int
check_from_addr(uint32_t ps)
{
	const uint32_t nb = 64;
	struct pagepool_page *pages[64];
	struct pagepool *pp;
	uint32_t i;
	int ret = TEST_FAILED;

	pp = test_pool_create("fromaddr", nb, ps, rte_lcore_id(), 0, 0);
	TEST_ASSERT_NOT_NULL(pp, "create 64 pages of %u", ps);
	if (alloc_all(pp, pages, nb) != TEST_SUCCESS)
		goto out;
	for (i = 0; i < nb; i++) {
		const uint8_t *a = pages[i]->addr;
		const uint32_t off[] = { 0, 1, PAGEPOOL_FRAG_ALIGN, ps / 2,
					 ps - 1 };
		unsigned int j;

		for (j = 0; j < RTE_DIM(off); j++) {
			struct pagepool_page *pg =
				pagepool_page_from_addr(a + off[j]);

			if (pg != pages[i]) {
				printf("    FAIL: page_from_addr(%p + %u) = %p, expected %p (size %u)\n",
				       (const void *)a, off[j], (void *)pg,
				       (void *)pages[i], ps);
				goto put;
			}
		}
	}
	/* free pages are still pages of the pool */
	put_all(pages, nb);
	for (i = 0; i < nb; i++) {
		if (pagepool_page_from_addr(pages[i]->addr) != pages[i]) {
			printf("    FAIL: page_from_addr of a free page\n");
			goto out;
		}
	}
	ret = TEST_SUCCESS;
	goto out;
put:
	put_all(pages, nb);
out:
	pagepool_destroy(pp);
	return ret;
}

static int
test_page_from_addr(void)
{
	unsigned int i;

	for (i = 0; i < RTE_DIM(page_sizes); i++)
		TEST_CHECK(check_from_addr(page_sizes[i]));
	return TEST_SUCCESS;
}

/* Addresses outside every pool map to no descriptor. */
static int
test_page_from_addr_foreign(void)
{
	struct pagepool_page *pg, *first = NULL, *last = NULL;
	struct pagepool *pp, *pp2;
	int stack_var = 0;
	void *heap = malloc(4096);
	void *rheap = rte_malloc("pp_test", 4096, 4096);
	void *rheap_big = rte_malloc("pp_test", 1 << 20, 1 << 21);
	uintptr_t lo = UINTPTR_MAX, hi = 0;
	uint32_t i, nb = 32, ps = 4096;
	struct pagepool_page *pages[32];

	TEST_ASSERT(heap != NULL && rheap != NULL && rheap_big != NULL,
		    "malloc / rte_malloc");
	pp = test_pool_create("foreign", nb, ps, rte_lcore_id(), 0, 0);
	TEST_ASSERT_NOT_NULL(pp, "create");
	/* a second pool, to make sure its pages don't answer for the first */
	pp2 = test_pool_create("foreign2", nb, ps, rte_lcore_id(), 0, 0);
	TEST_ASSERT_NOT_NULL(pp2, "create");

	TEST_ASSERT_NULL(pagepool_page_from_addr(&stack_var), "stack address");
	TEST_ASSERT_NULL(pagepool_page_from_addr(heap), "malloc address");
	TEST_ASSERT_NULL(pagepool_page_from_addr(rheap), "rte_malloc address");
	TEST_ASSERT_NULL(pagepool_page_from_addr(rheap_big),
			 "2 MiB-aligned rte_malloc address");
	TEST_ASSERT_NULL(pagepool_page_from_addr(
			 RTE_PTR_ADD(rheap_big, (1 << 20) - 1)),
			 "end of a rte_malloc block");
	TEST_ASSERT_NULL(pagepool_page_from_addr(NULL), "NULL");
	TEST_ASSERT_NULL(pagepool_page_from_addr((void *)(uintptr_t)-1),
			 "the top address");
	TEST_ASSERT_NULL(pagepool_page_from_addr((const void *)pp),
			 "the pool structure");
	TEST_ASSERT_NULL(pagepool_page_from_addr((const void *)test_pool_create),
			 "a code address");

	/* just before the first page and just after the last one */
	for (i = 0; i < nb; i++) {
		pages[i] = pagepool_alloc(pp);
		TEST_ASSERT_NOT_NULL(pages[i], "alloc");
		if ((uintptr_t)pages[i]->addr < lo) {
			lo = (uintptr_t)pages[i]->addr;
			first = pages[i];
		}
		if ((uintptr_t)pages[i]->addr + ps > hi) {
			hi = (uintptr_t)pages[i]->addr + ps;
			last = pages[i];
		}
	}
	TEST_ASSERT(pagepool_page_from_addr((void *)lo) == first, "first page");
	TEST_ASSERT(pagepool_page_from_addr((void *)(hi - 1)) == last,
		    "last byte of the last page");
	pg = pagepool_page_from_addr((void *)(lo - 1));
	TEST_ASSERT(pg == NULL || pg->pool == pp2,
		    "byte before the first page maps to %p of pool %p", (void *)pg,
		    pg != NULL ? (void *)pg->pool : NULL);
	pg = pagepool_page_from_addr((void *)hi);
	TEST_ASSERT(pg == NULL || pg->pool == pp2,
		    "byte after the last page maps to %p of pool %p", (void *)pg,
		    pg != NULL ? (void *)pg->pool : NULL);
	/* and a second pool's pages map to its own descriptors */
	pg = pagepool_alloc(pp2);
	TEST_ASSERT_NOT_NULL(pg, "alloc pool 2");
	TEST_ASSERT(pagepool_page_from_addr(pg->addr) == pg,
		    "page of the second pool");
	pagepool_put_page(pg);
	put_all(pages, nb);

	TEST_ASSERT_EQUAL(pagepool_destroy(pp), 0, "destroy");
	TEST_ASSERT_EQUAL(pagepool_destroy(pp2), 0, "destroy");
	/* a destroyed pool's pages belong to no pool any more */
	TEST_ASSERT_NULL(pagepool_page_from_addr((void *)lo),
			 "page of a destroyed pool");
	free(heap);
	rte_free(rheap);
	rte_free(rheap_big);
	return TEST_SUCCESS;
}

static int
check_from_iova(uint32_t ps)
{
	const uint32_t nb = 64;
	struct pagepool_page *pages[64], *opg;
	struct pagepool *pp, *other;
	rte_iova_t lo = RTE_BAD_IOVA, hi = 0;
	uint32_t i;
	int ret = TEST_FAILED;

	pp = test_pool_create("fromiova", nb, ps, rte_lcore_id(), 0, 0);
	TEST_ASSERT_NOT_NULL(pp, "create 64 pages of %u", ps);
	if (alloc_all(pp, pages, nb) != TEST_SUCCESS)
		goto out;
	if (pages[0]->iova == RTE_BAD_IOVA) {
		put_all(pages, nb);
		pagepool_destroy(pp);
		TEST_SKIP("pagepool_page_from_iova needs a real IOVA (pages have RTE_BAD_IOVA)");
	}
	for (i = 0; i < nb; i++) {
		rte_iova_t io = pages[i]->iova;
		const uint32_t off[] = { 0, 1, ps / 2, ps - 1 };
		unsigned int j;

		if (io < lo)
			lo = io;
		if (io + ps > hi)
			hi = io + ps;
		for (j = 0; j < RTE_DIM(off); j++) {
			if (pagepool_page_from_iova(pp, io + off[j]) != pages[i]) {
				printf("    FAIL: page_from_iova(%#" PRIx64 " + %u) wrong (size %u)\n",
				       io, off[j], ps);
				goto put;
			}
		}
	}
	/* another pool's IOVA is not this pool's */
	other = test_pool_create("fromiova2", 4, ps, rte_lcore_id(), 0, 0);
	if (other == NULL) {
		printf("    FAIL: create a second pool\n");
		goto put;
	}
	opg = pagepool_alloc(other);
	if (opg == NULL || pagepool_page_from_iova(other, opg->iova) != opg ||
	    pagepool_page_from_iova(pp, opg->iova) != NULL ||
	    pagepool_page_from_iova(other, pages[0]->iova) != NULL) {
		printf("    FAIL: page_from_iova answers for another pool's IOVA\n");
		if (opg != NULL)
			pagepool_put_page(opg);
		pagepool_destroy(other);
		goto put;
	}
	pagepool_put_page(opg);
	pagepool_destroy(other);
	if (pagepool_page_from_iova(pp, lo - 1) != NULL ||
	    pagepool_page_from_iova(pp, hi) != NULL ||
	    pagepool_page_from_iova(pp, hi + ps) != NULL ||
	    pagepool_page_from_iova(pp, 0) != NULL ||
	    pagepool_page_from_iova(pp, RTE_BAD_IOVA) != NULL) {
		printf("    FAIL: page_from_iova of an IOVA outside the pool [%#" PRIx64 ", %#" PRIx64 ") is not NULL\n",
		       lo, hi);
		goto put;
	}
	ret = TEST_SUCCESS;
put:
	put_all(pages, nb);
out:
	pagepool_destroy(pp);
	return ret;
}

static int
test_page_from_iova(void)
{
	unsigned int i;

	for (i = 0; i < RTE_DIM(page_sizes); i++)
		TEST_CHECK(check_from_iova(page_sizes[i]));
	return TEST_SUCCESS;
}

static int
test_info_bad_args(void)
{
	struct pagepool_info info;
	struct pagepool *pp;

	TEST_ASSERT_EQUAL(pagepool_info_get(NULL, &info), -EINVAL,
			  "info_get(NULL pool)");
	pp = test_pool_create("info", 8, 0, PAGEPOOL_OWNER_NONE, 0, 0);
	TEST_ASSERT_NOT_NULL(pp, "create");
	TEST_ASSERT_EQUAL(pagepool_info_get(pp, NULL), -EINVAL,
			  "info_get(NULL info)");
	TEST_ASSERT_EQUAL(pagepool_info_get(pp, &info), 0, "info_get");
	TEST_ASSERT_EQUAL(pagepool_destroy(pp), 0, "destroy");
	return TEST_SUCCESS;
}

static int
test_dump(void)
{
	struct pagepool *pp;
	FILE *f = tmpfile();
	int n;

	TEST_ASSERT(f != NULL, "tmpfile");
	pp = test_pool_create("dumped_pool", 8, 0, rte_lcore_id(), 0, 0);
	TEST_ASSERT_NOT_NULL(pp, "create");
	pagepool_dump(f, pp);
	n = test_file_contains(f, "dumped_pool");
	fclose(f);
	TEST_ASSERT(n > 0, "pagepool_dump output does not name the pool");
	TEST_ASSERT_EQUAL(pagepool_destroy(pp), 0, "destroy");
	return TEST_SUCCESS;
}

static const struct test_case cases[] = {
	TEST_CASE(test_params_defaults),
	TEST_CASE(test_create_defaults),
	TEST_CASE(test_create_invalid),
	TEST_CASE(test_create_limits),
	TEST_CASE(test_create_owner_enabled),
	TEST_CASE(test_create_cache_gt_pages),
	TEST_CASE(test_create_duplicate),
	TEST_CASE(test_lookup),
	TEST_CASE(test_descriptor_size),
	TEST_CASE(test_page_layout),
	TEST_CASE(test_page_iova),
	TEST_CASE(test_page_from_addr),
	TEST_CASE(test_page_from_addr_foreign),
	TEST_CASE(test_page_from_iova),
	TEST_CASE(test_info_bad_args),
	TEST_CASE(test_dump),
};

int
main(int argc, char **argv)
{
	struct test_suite s = { "pagepool create", NULL, NULL,
				cases, RTE_DIM(cases) };

	RTE_SET_USED(argc);
	RTE_SET_USED(argv);
	return test_main("create", NULL, &s);
}
