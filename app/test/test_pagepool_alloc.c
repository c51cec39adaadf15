/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The pagepool authors
 */
/*
 * Suite "alloc": single and bulk alloc and put on the owner, on a worker
 * lcore and on a non-EAL thread; exhaustion; in_flight at every step; the
 * counters of each recycle tier; mixed-pool bulk puts; page references.
 */
#include <stdlib.h>

#include <rte_lcore.h>

#include "test_common.h"

#ifdef PAGEPOOL_STATS
#define STATS_ON 1
#else
#define STATS_ON 0
#endif

/* Skip a case that is only about counters when they are compiled out. */
#define NEED_STATS() do {                                                   \
	if (!STATS_ON)                                                      \
		TEST_SKIP("counters compiled out (-Dstats=false)");         \
} while (0)

/* Counter check that only applies when counters are compiled in. */
#define TEST_ASSERT_STAT(a, b, fmt, ...) do {                               \
	if (STATS_ON)                                                       \
		TEST_ASSERT_EQUAL(a, b, fmt, ##__VA_ARGS__);                \
} while (0)

static const uint32_t page_sizes[] = { 2048, 4096, 16384, 65536 };

/* A job run on the worker lcore or on a pthread. */
struct job {
	struct pagepool *pp;
	struct pagepool_page **pages;
	unsigned int n;
	unsigned int got;
	int bulk;
};

static int
job_alloc(void *arg)
{
	struct job *j = arg;
	unsigned int i;

	j->got = 0;
	if (j->bulk) {
		j->got = pagepool_alloc_bulk(j->pp, j->pages, j->n);
		return TEST_SUCCESS;
	}
	for (i = 0; i < j->n; i++) {
		j->pages[i] = pagepool_alloc(j->pp);
		if (j->pages[i] == NULL)
			break;
		j->got++;
	}
	return TEST_SUCCESS;
}

static int
job_put(void *arg)
{
	struct job *j = arg;
	unsigned int i;

	if (j->bulk) {
		pagepool_put_bulk(j->pages, j->n);
		return TEST_SUCCESS;
	}
	for (i = 0; i < j->n; i++)
		pagepool_put_page(j->pages[i]);
	return TEST_SUCCESS;
}

static int
job_is_owner(void *arg)
{
	struct job *j = arg;

	return pagepool_is_owner(j->pp);
}

static int
check_distinct(struct pagepool_page **pages, unsigned int n, uint32_t nb)
{
	uint8_t *seen = calloc(nb, 1);
	unsigned int i;

	TEST_ASSERT(seen != NULL, "calloc");
	for (i = 0; i < n; i++) {
		if (pages[i] == NULL || pages[i]->index >= nb ||
		    seen[pages[i]->index]++ ||
		    pagepool_page_refcnt(pages[i]) != 1) {
			free(seen);
			TEST_ASSERT(0, "page %u of %u: NULL, bad index, duplicate or refcnt != 1",
				    i, n);
		}
	}
	free(seen);
	return TEST_SUCCESS;
}

static int
test_alloc_single_owner(void)
{
	unsigned int i;

	for (i = 0; i < RTE_DIM(page_sizes); i++) {
		struct pagepool *pp;
		struct pagepool_page *pg;
		struct pagepool_info in;

		pp = test_pool_create("single", 64, page_sizes[i],
				      rte_lcore_id(), 0, 0);
		TEST_ASSERT_NOT_NULL(pp, "create, page size %u", page_sizes[i]);
		TEST_ASSERT(pagepool_is_owner(pp), "main lcore owns its pool");
		pg = pagepool_alloc(pp);
		TEST_ASSERT_NOT_NULL(pg, "alloc, page size %u", page_sizes[i]);
		TEST_ASSERT(pg->pool == pp, "page of another pool");
		TEST_ASSERT_EQUAL(pagepool_page_refcnt(pg), 1, "refcnt after alloc");
		TEST_ASSERT_EQUAL(pagepool_in_flight(pp), 1, "in_flight after alloc");
		memset(pg->addr, 0x5a, page_sizes[i]);
		pagepool_put_page(pg);
		TEST_ASSERT_EQUAL(pagepool_page_refcnt(pg), 0, "refcnt after put");
		TEST_ASSERT_EQUAL(pagepool_in_flight(pp), 0, "in_flight after put");
		in = test_info(pp);
		TEST_ASSERT_STAT(in.stats.recycle_cached, 1,
				 "owner put with room in the cache");
		TEST_ASSERT_STAT(in.stats.recycle_ring + in.stats.recycle_released,
				 0, "owner put went past the cache");
		TEST_ASSERT_STAT(in.stats.alloc_empty, 0, "alloc_empty");
		TEST_ASSERT(!STATS_ON ||
			    in.stats.alloc_fast + in.stats.alloc_slow >= 1,
			    "an allocation was not counted");
		/* the hottest page comes back first */
		TEST_ASSERT(pagepool_alloc(pp) == pg, "LIFO cache: same page again");
		TEST_ASSERT_EQUAL(pagepool_in_flight(pp), 1, "in_flight");
		pagepool_put_page(pg);
		TEST_CHECK(test_pool_check_sum(pp));
		TEST_ASSERT_EQUAL(pagepool_destroy(pp), 0, "destroy");
	}
	return TEST_SUCCESS;
}

static const unsigned int bulk_sizes[] = { 1, 2, 32, 64, 255, 256, 257, 300,
					   1024 };

/* Bulk alloc and put on the owner: pool of 1024, cache 256. */
static int
test_alloc_bulk_owner(void)
{
	struct pagepool_page **pages = calloc(1024, sizeof(*pages));
	struct pagepool *pp;
	unsigned int i;

	TEST_ASSERT(pages != NULL, "calloc");
	pp = test_pool_create("bulk", 1024, 2048, rte_lcore_id(), 256, 0);
	TEST_ASSERT_NOT_NULL(pp, "create");
	for (i = 0; i < RTE_DIM(bulk_sizes); i++) {
		unsigned int n = bulk_sizes[i], got, room;
		struct pagepool_info in;

		pagepool_stats_reset(pp);
		got = pagepool_alloc_bulk(pp, pages, n);
		TEST_ASSERT_EQUAL(got, n, "alloc_bulk(%u)", n);
		TEST_CHECK(check_distinct(pages, n, 1024));
		TEST_ASSERT_EQUAL(pagepool_in_flight(pp), n, "in_flight after alloc_bulk(%u)", n);
		TEST_CHECK(test_pool_check_sum(pp));
		in = test_info(pp);
		room = 256 - in.cached;
		pagepool_put_bulk(pages, n);
		TEST_ASSERT_EQUAL(pagepool_in_flight(pp), 0, "in_flight after put_bulk(%u)", n);
		in = test_info(pp);
		TEST_ASSERT_STAT(in.stats.recycle_cached + in.stats.recycle_ring +
				 in.stats.recycle_released, n,
				 "every put of %u counted once in a tier", n);
		TEST_ASSERT_STAT(in.stats.recycle_cached, RTE_MIN(n, room),
				 "cache (room for %u) takes what fits of %u", room, n);
		TEST_ASSERT_STAT(in.stats.alloc_empty, 0, "alloc_empty");
		TEST_ASSERT(!STATS_ON ||
			    in.stats.alloc_fast + in.stats.alloc_slow >= n,
			    "allocations not counted: fast %" PRIu64 " slow %" PRIu64,
			    in.stats.alloc_fast, in.stats.alloc_slow);
		TEST_CHECK(test_pool_check_sum(pp));
	}
	/* bulk of 0 */
	TEST_ASSERT_EQUAL(pagepool_alloc_bulk(pp, pages, 0), 0, "alloc_bulk(0)");
	pagepool_put_bulk(pages, 0);
	TEST_ASSERT_EQUAL(pagepool_in_flight(pp), 0, "in_flight");
	TEST_CHECK(test_pool_check_all(pp, 0));
	TEST_ASSERT_EQUAL(pagepool_destroy(pp), 0, "destroy");
	free(pages);
	return TEST_SUCCESS;
}

/* Bulk sizes from the worker lcore and a pthread: both non-owners. */
static int
check_bulk_nonowner(int pthread)
{
	struct pagepool_page **pages = calloc(1024, sizeof(*pages));
	struct pagepool *pp;
	unsigned int i;

	TEST_ASSERT(pages != NULL, "calloc");
	pp = test_pool_create("bulk_remote", 1024, 2048, rte_lcore_id(), 256,
			      2048);
	TEST_ASSERT_NOT_NULL(pp, "create");
	for (i = 0; i < RTE_DIM(bulk_sizes); i++) {
		struct job j = { pp, pages, bulk_sizes[i], 0, 1 };
		struct pagepool_info in;
		unsigned int n = bulk_sizes[i];

		pagepool_stats_reset(pp);
		TEST_CHECK(pthread ? test_on_pthread(job_alloc, &j) :
			   test_on_worker(job_alloc, &j));
		TEST_ASSERT_EQUAL(j.got, n, "non-owner alloc_bulk(%u)", n);
		TEST_CHECK(check_distinct(pages, n, 1024));
		TEST_ASSERT_EQUAL(pagepool_in_flight(pp), n, "in_flight");
		in = test_info(pp);
		TEST_ASSERT_STAT(in.stats.alloc_slow, n,
				 "non-owner allocations come from the backing store");
		TEST_ASSERT_STAT(in.stats.alloc_fast, 0,
				 "a non-owner used the alloc cache");
		TEST_CHECK(pthread ? test_on_pthread(job_put, &j) :
			   test_on_worker(job_put, &j));
		TEST_ASSERT_EQUAL(pagepool_in_flight(pp), 0, "in_flight after put_bulk");
		in = test_info(pp);
		TEST_ASSERT_STAT(in.stats.recycle_cached, 0,
				 "a non-owner put into the cache");
		TEST_ASSERT_STAT(in.stats.recycle_ring + in.stats.recycle_released,
				 n, "remote puts counted once");
		/* drain the ring through the owner so the next round starts full */
		TEST_CHECK(test_pool_check_all(pp, 0));
		/* start the next size with every page in the backing store */
		TEST_ASSERT_EQUAL(pagepool_destroy(pp), 0, "destroy");
		pp = test_pool_create("bulk_remote", 1024, 2048, rte_lcore_id(),
				      256, 2048);
		TEST_ASSERT_NOT_NULL(pp, "create");
	}
	TEST_ASSERT_EQUAL(pagepool_destroy(pp), 0, "destroy");
	free(pages);
	return TEST_SUCCESS;
}

static int
test_alloc_bulk_worker(void)
{
	return check_bulk_nonowner(0);
}

static int
test_alloc_bulk_pthread(void)
{
	return check_bulk_nonowner(1);
}

/* Single alloc and put from a worker lcore and from a non-EAL thread. */
static int
check_single_nonowner(int pthread)
{
	struct pagepool_page *pages[16];
	struct pagepool *pp;
	struct job j;
	struct pagepool_info in;

	pp = test_pool_create("single_remote", 64, 4096, rte_lcore_id(), 0, 0);
	TEST_ASSERT_NOT_NULL(pp, "create");
	j = (struct job){ pp, pages, 16, 0, 0 };
	TEST_ASSERT_EQUAL(pthread ? test_on_pthread(job_is_owner, &j) :
			  test_on_worker(job_is_owner, &j), 0,
			  "a non-owner thinks it owns the pool");
	TEST_CHECK(pthread ? test_on_pthread(job_alloc, &j) :
		   test_on_worker(job_alloc, &j));
	TEST_ASSERT_EQUAL(j.got, 16, "non-owner allocs");
	TEST_CHECK(check_distinct(pages, 16, 64));
	TEST_ASSERT_EQUAL(pagepool_in_flight(pp), 16, "in_flight");
	in = test_info(pp);
	TEST_ASSERT_STAT(in.stats.alloc_slow, 16, "alloc_slow of non-owner allocs");
	TEST_ASSERT_STAT(in.stats.alloc_fast, 0, "alloc_fast of non-owner allocs");
	TEST_CHECK(pthread ? test_on_pthread(job_put, &j) :
		   test_on_worker(job_put, &j));
	TEST_ASSERT_EQUAL(pagepool_in_flight(pp), 0, "in_flight after remote puts");
	in = test_info(pp);
	TEST_ASSERT_EQUAL(in.ring, 16, "remote puts land in the return ring");
	TEST_ASSERT_STAT(in.stats.recycle_ring, 16, "recycle_ring");
	TEST_ASSERT_STAT(in.stats.recycle_cached, 0, "recycle_cached");
	TEST_ASSERT_STAT(in.stats.recycle_released, 0, "recycle_released");
	TEST_CHECK(test_pool_check_sum(pp));
	TEST_CHECK(test_pool_check_all(pp, 0));
	TEST_ASSERT_EQUAL(pagepool_destroy(pp), 0, "destroy");
	return TEST_SUCCESS;
}

static int
test_alloc_single_worker(void)
{
	return check_single_nonowner(0);
}

static int
test_alloc_single_pthread(void)
{
	return check_single_nonowner(1);
}

/* Owner: allocate everything, then ENOBUFS; put back; works again. */
static int
test_exhaustion_owner(void)
{
	const uint32_t nb = 128;
	struct pagepool_page *pages[128], *extra[32];
	struct pagepool_info in;
	struct pagepool *pp;
	uint32_t i;

	pp = test_pool_create("exhaust", nb, 4096, rte_lcore_id(), 32, 16);
	TEST_ASSERT_NOT_NULL(pp, "create");
	for (i = 0; i < nb; i++) {
		pages[i] = pagepool_alloc(pp);
		TEST_ASSERT_NOT_NULL(pages[i], "alloc %u of %u", i, nb);
		TEST_ASSERT_EQUAL(pagepool_in_flight(pp), i + 1, "in_flight at step %u", i);
	}
	TEST_CHECK(check_distinct(pages, nb, nb));
	pagepool_stats_reset(pp);
	rte_errno = 0;
	TEST_ASSERT_NULL(pagepool_alloc(pp), "alloc of an exhausted pool");
	TEST_ASSERT_EQUAL(rte_errno, ENOBUFS, "rte_errno of an exhausted pool");
	in = test_info(pp);
	TEST_ASSERT_STAT(in.stats.alloc_empty, 1, "alloc_empty after one failure");
	rte_errno = 0;
	TEST_ASSERT_EQUAL(pagepool_alloc_bulk(pp, extra, 4), 0,
			  "alloc_bulk of an exhausted pool");
	TEST_ASSERT_EQUAL(rte_errno, ENOBUFS, "rte_errno of an empty bulk");
	in = test_info(pp);
	TEST_ASSERT(!STATS_ON || in.stats.alloc_empty >= 2,
		    "alloc_empty %" PRIu64 " after a failed bulk", in.stats.alloc_empty);
	TEST_ASSERT_EQUAL(in.in_flight, nb, "in_flight of an exhausted pool");
	TEST_ASSERT_EQUAL(in.cached + in.ring + in.backing, 0, "pages left in the tiers");

	/* ten back: a bulk of 32 gets exactly those ten */
	for (i = 0; i < 10; i++)
		pagepool_put_page(pages[nb - 1 - i]);
	TEST_ASSERT_EQUAL(pagepool_in_flight(pp), nb - 10, "in_flight");
	TEST_ASSERT_EQUAL(pagepool_alloc_bulk(pp, extra, 32), 10,
			  "alloc_bulk(32) with 10 pages left");
	TEST_ASSERT_EQUAL(pagepool_in_flight(pp), nb, "in_flight");
	for (i = 0; i < 10; i++)
		pages[nb - 1 - i] = extra[i];
	TEST_CHECK(check_distinct(pages, nb, nb));

	/* all back, one at a time */
	for (i = 0; i < nb; i++) {
		pagepool_put_page(pages[i]);
		TEST_ASSERT_EQUAL(pagepool_in_flight(pp), nb - 1 - i,
				  "in_flight after put %u", i);
	}
	TEST_CHECK(test_pool_check_sum(pp));
	TEST_ASSERT_NOT_NULL(pages[0] = pagepool_alloc(pp), "alloc after refill");
	pagepool_put_page(pages[0]);
	TEST_CHECK(test_pool_check_all(pp, 0));
	TEST_CHECK(test_pool_check_all(pp, 0));
	TEST_ASSERT_EQUAL(pagepool_destroy(pp), 0, "destroy");
	return TEST_SUCCESS;
}

/* A non-owner drains the backing store: it gets every page, then ENOBUFS. */
static int
job_exhaust(void *arg)
{
	struct job *j = arg;
	struct pagepool_page *pg;

	job_alloc(j);
	rte_errno = 0;
	pg = pagepool_alloc(j->pp);
	if (pg != NULL) {
		pagepool_put_page(pg);
		return TEST_FAILED;
	}
	return rte_errno == ENOBUFS ? TEST_SUCCESS : TEST_FAILED;
}

static int
check_exhaustion_nonowner(int pthread)
{
	const uint32_t nb = 100;
	struct pagepool_page *pages[101];
	struct pagepool *pp;
	struct pagepool_info in;
	struct job j;

	pp = test_pool_create("exhaust_r", nb, 2048, rte_lcore_id(), 16, 0);
	TEST_ASSERT_NOT_NULL(pp, "create");
	j = (struct job){ pp, pages, nb, 0, 0 };
	TEST_ASSERT_EQUAL(pthread ? test_on_pthread(job_exhaust, &j) :
			  test_on_worker(job_exhaust, &j), TEST_SUCCESS,
			  "alloc of an exhausted pool by a non-owner: not NULL+ENOBUFS");
	TEST_ASSERT_EQUAL(j.got, nb, "a non-owner reaches every page of an untouched pool");
	TEST_CHECK(check_distinct(pages, nb, nb));
	in = test_info(pp);
	TEST_ASSERT_EQUAL(in.in_flight, nb, "in_flight");
	TEST_ASSERT_STAT(in.stats.alloc_empty, 1, "alloc_empty");
	TEST_ASSERT_STAT(in.stats.alloc_slow, nb, "alloc_slow");
	TEST_CHECK(pthread ? test_on_pthread(job_put, &j) :
		   test_on_worker(job_put, &j));
	TEST_ASSERT_EQUAL(pagepool_in_flight(pp), 0, "in_flight after puts");
	TEST_CHECK(test_pool_check_sum(pp));
	TEST_CHECK(test_pool_check_all(pp, 0));
	TEST_ASSERT_EQUAL(pagepool_destroy(pp), 0, "destroy");
	return TEST_SUCCESS;
}

static int
test_exhaustion_worker(void)
{
	return check_exhaustion_nonowner(0);
}

static int
test_exhaustion_pthread(void)
{
	return check_exhaustion_nonowner(1);
}

/*
 * The return ring and the owner's refill: remote puts land in the ring
 * (recycle_ring); the owner, its cache empty, drains the ring
 * (alloc_refill counts the pages moved).
 */
static int
test_stats_ring_refill(void)
{
	const uint32_t nb = 256;
	struct pagepool_page *pages[256];
	struct pagepool_info in, in2;
	struct pagepool *pp;
	struct job j;
	uint32_t i, moved;

	NEED_STATS();
	pp = test_pool_create("refill", nb, 2048, rte_lcore_id(), 64, 256);
	TEST_ASSERT_NOT_NULL(pp, "create");
	for (i = 0; i < nb; i++)
		TEST_ASSERT_NOT_NULL(pages[i] = pagepool_alloc(pp), "alloc %u", i);
	in = test_info(pp);
	TEST_ASSERT_EQUAL(in.stats.alloc_refill, 0, "refill from an empty ring");
	TEST_ASSERT(in.stats.alloc_slow > 0, "owner drew pages from the backing store, alloc_slow 0");
	TEST_ASSERT(in.stats.alloc_fast + in.stats.alloc_slow >= nb,
		    "allocations not counted");
	pagepool_stats_reset(pp);

	/* 100 remote puts: all into the ring */
	j = (struct job){ pp, pages, 100, 0, 0 };
	TEST_CHECK(test_on_worker(job_put, &j));
	in = test_info(pp);
	TEST_ASSERT_EQUAL(in.ring, 100, "pages in the return ring");
	TEST_ASSERT_EQUAL(in.stats.recycle_ring, 100, "recycle_ring");
	TEST_ASSERT_EQUAL(in.stats.recycle_cached, 0, "recycle_cached");
	TEST_ASSERT_EQUAL(in.stats.recycle_ring_full, 0, "recycle_ring_full");
	TEST_ASSERT_EQUAL(in.stats.recycle_released, 0, "recycle_released");
	TEST_ASSERT_EQUAL(in.in_flight, nb - 100, "in_flight");

	/* the owner's cache is empty: its next alloc refills from the ring */
	TEST_ASSERT_EQUAL(in.cached, 0, "owner cache of an exhausted pool");
	TEST_ASSERT_NOT_NULL(pages[0] = pagepool_alloc(pp), "alloc after remote puts");
	in2 = test_info(pp);
	moved = in.ring - in2.ring;
	TEST_ASSERT(moved >= 1, "the owner's refill did not drain the ring");
	TEST_ASSERT_EQUAL(in2.stats.alloc_refill, moved,
			  "alloc_refill counts the pages moved from the ring");
	TEST_ASSERT_EQUAL(in2.cached, moved - 1, "cache after the refill");
	TEST_ASSERT_EQUAL(in2.in_flight, nb - 99, "in_flight");
	TEST_ASSERT_EQUAL(in2.stats.alloc_slow, 0, "nothing came from the backing store");

	/* take the other 99 back: everything through the ring */
	for (i = 1; i < 100; i++)
		TEST_ASSERT_NOT_NULL(pages[i] = pagepool_alloc(pp), "alloc %u", i);
	in2 = test_info(pp);
	TEST_ASSERT_EQUAL(in2.stats.alloc_refill, 100, "alloc_refill after draining the ring");
	TEST_ASSERT_EQUAL(in2.ring, 0, "ring drained");
	TEST_ASSERT_EQUAL(in2.in_flight, nb, "in_flight");
	TEST_CHECK(check_distinct(pages, nb, nb));

	/* owner puts all: 64 into the cache, the rest into the ring */
	pagepool_stats_reset(pp);
	for (i = 0; i < nb; i++)
		pagepool_put_page(pages[i]);
	in = test_info(pp);
	TEST_ASSERT_EQUAL(in.stats.recycle_cached, 64, "owner puts fill the cache (64)");
	TEST_ASSERT_EQUAL(in.stats.recycle_ring, nb - 64, "the rest go to the ring");
	TEST_ASSERT_EQUAL(in.stats.recycle_released, 0, "recycle_released");
	TEST_ASSERT_EQUAL(in.cached, 64, "cached");
	TEST_ASSERT_EQUAL(in.ring, nb - 64, "ring");
	TEST_CHECK(test_pool_check_sum(pp));
	TEST_CHECK(test_pool_check_all(pp, 0));
	TEST_ASSERT_EQUAL(pagepool_destroy(pp), 0, "destroy");
	return TEST_SUCCESS;
}

/*
 * A small return ring: remote puts that find it full go to its overflow
 * (recycle_ring_full), where they wait for the owner like the ring's; the
 * owner's own puts that find it full go to the backing store
 * (recycle_released); no page is lost.
 */
static int
check_ring_full(int bulk)
{
	const uint32_t nb = 128, ring = 16;
	struct pagepool_page *pages[128];
	struct pagepool_info in;
	struct pagepool *pp;
	struct job j;
	uint32_t i;

	pp = test_pool_create("ringfull", nb, 2048, rte_lcore_id(), 32, ring);
	TEST_ASSERT_NOT_NULL(pp, "create");
	for (i = 0; i < nb; i++)
		TEST_ASSERT_NOT_NULL(pages[i] = pagepool_alloc(pp), "alloc %u", i);
	pagepool_stats_reset(pp);
	j = (struct job){ pp, pages, nb, 0, bulk };
	TEST_CHECK(test_on_worker(job_put, &j));
	in = test_info(pp);
	TEST_ASSERT_EQUAL(in.in_flight, 0, "in_flight after remote puts");
	/* info.ring counts the ring and its overflow */
	TEST_ASSERT_EQUAL(in.ring, nb, "ring and overflow hold every page");
	TEST_ASSERT_EQUAL(in.backing, 0, "backing: a remote put decides nothing");
	TEST_ASSERT_STAT(in.stats.recycle_ring, ring, "recycle_ring");
	TEST_ASSERT_STAT(in.stats.recycle_released, 0, "recycle_released");
	TEST_ASSERT_STAT(in.stats.recycle_ring_full, nb - ring,
			 "one ring_full per page that found the ring full");
	TEST_ASSERT_STAT(in.stats.recycle_cached, 0, "recycle_cached");
	TEST_CHECK(test_pool_check_all(pp, 0));

	/* the owner overflows its cache, then the ring, too */
	for (i = 0; i < nb; i++)
		TEST_ASSERT_NOT_NULL(pages[i] = pagepool_alloc(pp), "alloc %u", i);
	pagepool_stats_reset(pp);
	TEST_CHECK(job_put(&j));
	in = test_info(pp);
	TEST_ASSERT_EQUAL(in.in_flight, 0, "in_flight after owner puts");
	TEST_ASSERT_EQUAL(in.cached, 32, "cache full");
	TEST_ASSERT_STAT(in.stats.recycle_cached, 32, "recycle_cached");
	TEST_ASSERT_STAT(in.stats.recycle_ring, in.ring, "recycle_ring");
	TEST_ASSERT_STAT(in.stats.recycle_released, nb - 32 - in.ring,
			 "recycle_released");
	TEST_ASSERT(!STATS_ON || in.stats.recycle_ring_full >= 1,
		    "recycle_ring_full not counted");
	TEST_CHECK(test_pool_check_sum(pp));
	TEST_CHECK(test_pool_check_all(pp, 0));
	TEST_ASSERT_EQUAL(pagepool_destroy(pp), 0, "destroy");
	return TEST_SUCCESS;
}

static int
test_ring_full_single(void)
{
	return check_ring_full(0);
}

static int
test_ring_full_bulk(void)
{
	return check_ring_full(1);
}

/*
 * pagepool_put_bulk of a shuffled batch from many pools: every page goes
 * home. Pools 0 and 1 are the main lcore's, pool 2 the worker's, the rest
 * nobody's.
 */
#define MIX_POOLS 11
#define MIX_PER_POOL 40

static int
check_put_bulk_mixed(unsigned int npools, int where)
{
	struct pagepool *pools[MIX_POOLS];
	struct pagepool_page *pages[MIX_POOLS * MIX_PER_POOL];
	struct pagepool_info in;
	uint64_t seed = 0x9e3779b97f4a7c15ull + npools + where;
	unsigned int p, i, n = 0;
	struct job j;

	for (p = 0; p < npools; p++) {
		char name[32];
		uint32_t owner = p < 2 ? rte_lcore_id() :
				 p == 2 ? test_worker_lcore() : PAGEPOOL_OWNER_NONE;

		snprintf(name, sizeof(name), "mix%u", p);
		pools[p] = test_pool_create(name, 64, page_sizes[p % 4], owner,
					    0, 0);
		TEST_ASSERT_NOT_NULL(pools[p], "create %s", name);
		for (i = 0; i < MIX_PER_POOL; i++) {
			pages[n] = pagepool_alloc(pools[p]);
			TEST_ASSERT_NOT_NULL(pages[n], "alloc from %s", name);
			n++;
		}
		pagepool_stats_reset(pools[p]);
	}
	test_shuffle((void **)pages, n, &seed);
	j = (struct job){ NULL, pages, n, 0, 1 };
	if (where == 0)
		TEST_CHECK(job_put(&j));
	else if (where == 1)
		TEST_CHECK(test_on_worker(job_put, &j));
	else
		TEST_CHECK(test_on_pthread(job_put, &j));
	for (p = 0; p < npools; p++) {
		in = test_info(pools[p]);
		TEST_ASSERT_EQUAL(in.in_flight, 0, "pool %u in flight after a mixed put_bulk", p);
		TEST_ASSERT_STAT(in.stats.recycle_cached + in.stats.recycle_ring +
				 in.stats.recycle_released, MIX_PER_POOL,
				 "pool %u: puts counted", p);
		if (where == 0 && p < 2)
			TEST_ASSERT_STAT(in.stats.recycle_cached, MIX_PER_POOL,
					 "owner's pool %u: pages into its cache", p);
		if (where == 1 && p == 2)
			TEST_ASSERT_STAT(in.stats.recycle_cached, MIX_PER_POOL,
					 "worker's pool: pages into its cache");
		if ((where != 0 && p < 2) || (where != 1 && p == 2))
			TEST_ASSERT_STAT(in.stats.recycle_cached, 0,
					 "pool %u: a non-owner filled the cache", p);
		TEST_CHECK(test_pool_check_sum(pools[p]));
	}
	for (p = 0; p < npools; p++) {
		/*
		 * Count every page from the main lcore, owner of pools 0 and 1;
		 * it binds the ownerless ones first, or their ring is out of
		 * its reach. Pool 2 is the worker's: destroy accounts for it.
		 */
		if (p > 2)
			pagepool_poll(pools[p]);
		if (p != 2)
			TEST_CHECK(test_pool_check_all(pools[p], 0));
		pagepool_owner_reset(pools[p]);
		TEST_ASSERT_EQUAL(pagepool_destroy(pools[p]), 0, "destroy %u", p);
	}
	return TEST_SUCCESS;
}

static int
test_put_bulk_mixed(void)
{
	static const unsigned int npools[] = { 3, MIX_POOLS };
	unsigned int i, where;

	for (i = 0; i < RTE_DIM(npools); i++)
		for (where = 0; where < 3; where++) {
			printf("    %u pools, put from %s\n", npools[i],
			       where == 0 ? "main (owner)" :
			       where == 1 ? "worker lcore" : "pthread");
			TEST_CHECK(check_put_bulk_mixed(npools[i], where));
		}
	return TEST_SUCCESS;
}

/* A bulk put where some pages have a second reference. */
static int
test_put_bulk_shared_refs(void)
{
	struct pagepool_page *pages[32];
	struct pagepool *pp;
	unsigned int i;

	pp = test_pool_create("bulkref", 64, 2048, rte_lcore_id(), 0, 0);
	TEST_ASSERT_NOT_NULL(pp, "create");
	TEST_ASSERT_EQUAL(pagepool_alloc_bulk(pp, pages, 32), 32, "alloc_bulk");
	for (i = 0; i < 32; i += 3)
		pagepool_page_get(pages[i]);
	pagepool_put_bulk(pages, 32);
	TEST_ASSERT_EQUAL(pagepool_in_flight(pp), 11,
			  "pages with a second reference stay out");
	for (i = 0; i < 32; i++) {
		uint16_t want = i % 3 == 0 ? 1 : 0;

		TEST_ASSERT_EQUAL(pagepool_page_refcnt(pages[i]), want,
				  "refcnt of page %u after put_bulk", i);
	}
	for (i = 0; i < 32; i += 3)
		pagepool_put_page(pages[i]);
	TEST_ASSERT_EQUAL(pagepool_in_flight(pp), 0, "in_flight");
	TEST_ASSERT_EQUAL(test_info(pp).bad_put, 0, "bad_put");
	TEST_CHECK(test_pool_check_all(pp, 0));
	TEST_ASSERT_EQUAL(pagepool_destroy(pp), 0, "destroy");
	return TEST_SUCCESS;
}

static int
job_get_put(void *arg)
{
	struct job *j = arg;

	pagepool_page_get(j->pages[0]);
	pagepool_put_page(j->pages[0]);
	pagepool_put_page(j->pages[0]);
	return TEST_SUCCESS;
}

/* pagepool_page_get, then two puts: the page goes back on the second. */
static int
test_refcount(void)
{
	struct pagepool_page *pg;
	struct pagepool *pp;
	struct pagepool_info in;
	struct job j;

	pp = test_pool_create("refcnt", 16, 4096, rte_lcore_id(), 0, 0);
	TEST_ASSERT_NOT_NULL(pp, "create");
	TEST_ASSERT_NOT_NULL(pg = pagepool_alloc(pp), "alloc");
	pagepool_stats_reset(pp);
	pagepool_page_get(pg);
	TEST_ASSERT_EQUAL(pagepool_page_refcnt(pg), 2, "refcnt after get");
	pagepool_put_page(pg);
	TEST_ASSERT_EQUAL(pagepool_page_refcnt(pg), 1, "refcnt after one put");
	TEST_ASSERT_EQUAL(pagepool_in_flight(pp), 1, "page back after one put of two");
	in = test_info(pp);
	TEST_ASSERT_STAT(in.stats.recycle_cached + in.stats.recycle_ring +
			 in.stats.recycle_released, 0, "recycled too early");
	pagepool_put_page(pg);
	TEST_ASSERT_EQUAL(pagepool_page_refcnt(pg), 0, "refcnt after two puts");
	TEST_ASSERT_EQUAL(pagepool_in_flight(pp), 0, "in_flight");
	in = test_info(pp);
	TEST_ASSERT_STAT(in.stats.recycle_cached, 1, "recycled once");
	TEST_ASSERT_EQUAL(in.bad_put, 0, "bad_put");

	/* the same with many references, some dropped by pagepool_put(addr) */
	TEST_ASSERT_NOT_NULL(pg = pagepool_alloc(pp), "alloc");
	pagepool_page_get(pg);
	pagepool_page_get(pg);
	pagepool_page_get(pg);
	TEST_ASSERT_EQUAL(pagepool_page_refcnt(pg), 4, "refcnt");
	TEST_ASSERT_EQUAL(pagepool_put(RTE_PTR_ADD(pg->addr, 100)), 0, "put(addr)");
	TEST_ASSERT_EQUAL(pagepool_put(RTE_PTR_ADD(pg->addr, 4095)), 0, "put(addr)");
	pagepool_put_page(pg);
	TEST_ASSERT_EQUAL(pagepool_in_flight(pp), 1, "in_flight with one ref left");
	TEST_ASSERT_EQUAL(pagepool_put(pg->addr), 0, "last put(addr)");
	TEST_ASSERT_EQUAL(pagepool_in_flight(pp), 0, "in_flight");

	/* second reference taken and both dropped on the worker */
	TEST_ASSERT_NOT_NULL(pg = pagepool_alloc(pp), "alloc");
	pagepool_stats_reset(pp);
	j = (struct job){ pp, &pg, 1, 0, 0 };
	TEST_CHECK(test_on_worker(job_get_put, &j));
	TEST_ASSERT_EQUAL(pagepool_in_flight(pp), 0, "in_flight");
	in = test_info(pp);
	TEST_ASSERT_STAT(in.stats.recycle_ring, 1, "remote last put into the ring");
	TEST_ASSERT_EQUAL(in.bad_put, 0, "bad_put");
	TEST_CHECK(test_pool_check_all(pp, 0));
	TEST_ASSERT_EQUAL(pagepool_destroy(pp), 0, "destroy");
	return TEST_SUCCESS;
}

/*
 * alloc_fast and alloc_slow count allocations ("Allocations served by the
 * alloc cache / by the backing store"): each successful allocation once,
 * whatever the owner's refill moved behind the scenes.
 */
static int
test_stats_alloc_counts(void)
{
	struct pagepool_page *pages[64];
	struct pagepool_info in;
	struct pagepool *pp;
	unsigned int i;

	NEED_STATS();
	pp = test_pool_create("allocnt", 256, 2048, rte_lcore_id(), 64, 0);
	TEST_ASSERT_NOT_NULL(pp, "create");
	for (i = 0; i < 5; i++)
		TEST_ASSERT_NOT_NULL(pages[i] = pagepool_alloc(pp), "alloc");
	in = test_info(pp);
	printf("    5 owner allocs from a fresh pool: alloc_fast %" PRIu64 " alloc_slow %" PRIu64 "\n",
	       in.stats.alloc_fast, in.stats.alloc_slow);
	TEST_ASSERT_EQUAL(in.stats.alloc_fast + in.stats.alloc_slow, 5,
			  "alloc_fast + alloc_slow after 5 allocations");
	TEST_ASSERT_EQUAL(pagepool_alloc_bulk(pp, pages + 5, 59), 59, "alloc_bulk");
	in = test_info(pp);
	printf("    + a bulk of 59: alloc_fast %" PRIu64 " alloc_slow %" PRIu64 "\n",
	       in.stats.alloc_fast, in.stats.alloc_slow);
	TEST_ASSERT_EQUAL(in.stats.alloc_fast + in.stats.alloc_slow, 64,
			  "alloc_fast + alloc_slow after 64 allocations");
	for (i = 0; i < 64; i++)
		pagepool_put_page(pages[i]);
	TEST_ASSERT_EQUAL(pagepool_destroy(pp), 0, "destroy");
	return TEST_SUCCESS;
}

/*
 * A pool nobody owns strands no page in its return ring: with every page
 * put back by non-owners (so some sit in the ring, the rest in the backing
 * store), a non-owner can allocate all of them again, single and bulk.
 */
static int
test_unowned_ring_reachable(void)
{
	struct pagepool_page *pages[128];
	struct pagepool_info in;
	struct pagepool *pp;
	unsigned int i, got;

	pp = test_pool_create("unowned", 128, 4096, PAGEPOOL_OWNER_NONE, 32, 64);
	TEST_ASSERT_NOT_NULL(pp, "create");
	for (i = 0; i < 128; i++)
		TEST_ASSERT_NOT_NULL(pages[i] = pagepool_alloc(pp), "alloc %u", i);
	for (i = 0; i < 128; i++)
		pagepool_put_page(pages[i]);
	in = test_info(pp);
	TEST_ASSERT(in.ring > 0, "some pages should wait in the ring (ring %u)", in.ring);
	for (i = 0; i < 100; i++)
		TEST_ASSERT_NOT_NULL(pages[i] = pagepool_alloc(pp),
				     "alloc %u of 128 with %u in the ring", i, in.ring);
	got = pagepool_alloc_bulk(pp, pages + 100, 28);
	TEST_ASSERT_EQUAL(got, 28, "bulk alloc of the last 28 pages");
	TEST_ASSERT_EQUAL(pagepool_in_flight(pp), 128, "in flight");
	pagepool_put_bulk(pages, 128);
	TEST_ASSERT_EQUAL(pagepool_destroy(pp), 0, "destroy");
	return TEST_SUCCESS;
}

/* pagepool_stats_reset zeroes the counters, not bad_put. */
static int
test_stats_reset(void)
{
	struct pagepool_page *pg;
	struct pagepool *pp;
	struct pagepool_info in;

	NEED_STATS();
	pp = test_pool_create("reset", 16, 4096, rte_lcore_id(), 0, 0);
	TEST_ASSERT_NOT_NULL(pp, "create");
	TEST_ASSERT_NOT_NULL(pg = pagepool_alloc(pp), "alloc");
	pagepool_put_page(pg);
	pagepool_put_page(pg); /* a double put: bad_put 1 */
	in = test_info(pp);
	TEST_ASSERT(in.stats.alloc_fast + in.stats.alloc_slow != 0, "alloc counted");
	TEST_ASSERT_EQUAL(in.bad_put, 1, "bad_put");
	pagepool_stats_reset(pp);
	in = test_info(pp);
	TEST_ASSERT_EQUAL(in.stats.alloc_fast + in.stats.alloc_slow +
			  in.stats.alloc_refill + in.stats.alloc_empty +
			  in.stats.recycle_cached + in.stats.recycle_ring +
			  in.stats.recycle_ring_full + in.stats.recycle_released,
			  0, "counters after reset");
	TEST_ASSERT_EQUAL(in.bad_put, 1, "bad_put survives a reset");
	TEST_ASSERT_EQUAL(pagepool_destroy(pp), 0, "destroy");
	return TEST_SUCCESS;
}

static const struct test_case cases[] = {
	TEST_CASE(test_alloc_single_owner),
	TEST_CASE(test_alloc_single_worker),
	TEST_CASE(test_alloc_single_pthread),
	TEST_CASE(test_alloc_bulk_owner),
	TEST_CASE(test_alloc_bulk_worker),
	TEST_CASE(test_alloc_bulk_pthread),
	TEST_CASE(test_exhaustion_owner),
	TEST_CASE(test_exhaustion_worker),
	TEST_CASE(test_exhaustion_pthread),
	TEST_CASE(test_stats_ring_refill),
	TEST_CASE(test_ring_full_single),
	TEST_CASE(test_ring_full_bulk),
	TEST_CASE(test_put_bulk_mixed),
	TEST_CASE(test_put_bulk_shared_refs),
	TEST_CASE(test_refcount),
	TEST_CASE(test_stats_alloc_counts),
	TEST_CASE(test_stats_reset),
	TEST_CASE(test_unowned_ring_reachable),
};

int
main(int argc, char **argv)
{
	struct test_suite s = { "pagepool alloc/put", NULL, NULL,
				cases, RTE_DIM(cases) };

	RTE_SET_USED(argc);
	RTE_SET_USED(argv);
	return test_main("alloc", NULL, &s);
}
