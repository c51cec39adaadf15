/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The pagepool authors
 */
/*
 * Suite "mempool pagepool": the mempool ops of librte_mempool_pagepool.so
 * (linked, so its constructor registers them) through DPDK's own mbuf
 * calls: every mbuf in a page of its own, data rooms that do not overlap,
 * the mempool cache switched off without losing the mbuf pool's private
 * area, in-flight accounting, double frees and foreign objects counted and
 * harmless, the allocating worker lcore bound as owner, and the state
 * logged at rte_mempool_free().
 */
#include <stdlib.h>

#include <rte_lcore.h>
#include <rte_log.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>

#include <pagepool_mempool.h>

#include "test_common.h"

#define NB_MBUFS 512u

static struct rte_mempool *
mk_pool(const char *name, unsigned int n, unsigned int cache,
	uint16_t priv, uint16_t room)
{
	return rte_pktmbuf_pool_create_by_ops(name, n, cache, priv, room,
					      (int)rte_socket_id(),
					      PAGEPOOL_MEMPOOL_OPS_NAME);
}

static struct pagepool_info
mp_info(const struct rte_mempool *mp)
{
	return test_info(pagepool_mempool_pagepool(mp));
}

/* One mbuf per page, data rooms in their page, all writable at once. */
static int
test_layout(void)
{
	struct rte_mempool *mp = mk_pool("mpt_layout", NB_MBUFS, 250, 0,
					 RTE_MBUF_DEFAULT_BUF_SIZE);
	struct rte_mbuf **m = calloc(NB_MBUFS, sizeof(*m));
	struct pagepool *pp;
	struct pagepool_info in;
	unsigned int i, j;

	TEST_ASSERT_NOT_NULL(mp, "pool on ops %s", PAGEPOOL_MEMPOOL_OPS_NAME);
	TEST_ASSERT_NOT_NULL(m, "calloc");
	pp = pagepool_mempool_pagepool(mp);
	TEST_ASSERT_NOT_NULL(pp, "no pagepool behind the mempool");
	TEST_ASSERT(strcmp(pagepool_name(pp), "mpt_layout") == 0,
		    "pagepool named %s", pagepool_name(pp));
	TEST_ASSERT_EQUAL(mp->cache_size, 0, "the mempool cache is off");
	/* the private area moved with the cache: what pool_init wrote */
	TEST_ASSERT_EQUAL(rte_pktmbuf_data_room_size(mp), RTE_MBUF_DEFAULT_BUF_SIZE,
			  "data room");
	TEST_ASSERT_EQUAL(rte_pktmbuf_priv_size(mp), 0, "priv size");
	in = test_info(pp);
	TEST_ASSERT_EQUAL(in.nb_pages, NB_MBUFS, "pages");
	TEST_ASSERT_EQUAL(in.page_size, 4096, "a 2176 B data room takes a 4 KiB page");
	TEST_ASSERT_EQUAL(in.in_flight, 0, "in flight after create");
	TEST_ASSERT_EQUAL(rte_mempool_avail_count(mp), NB_MBUFS, "avail");

	TEST_ASSERT_EQUAL(rte_pktmbuf_alloc_bulk(mp, m, NB_MBUFS), 0, "alloc all");
	TEST_ASSERT_NULL(rte_pktmbuf_alloc(mp), "one more than the pool holds");
	TEST_ASSERT_EQUAL(mp_info(mp).in_flight, NB_MBUFS, "in flight");
	TEST_ASSERT_EQUAL(rte_mempool_avail_count(mp), 0, "avail when all out");
	for (i = 0; i < NB_MBUFS; i++) {
		struct pagepool_page *pg = pagepool_page_from_addr(m[i]);
		uint8_t *end = (uint8_t *)m[i]->buf_addr + m[i]->buf_len - 1;

		TEST_ASSERT_NOT_NULL(pg, "mbuf %u is in no pagepool page", i);
		TEST_ASSERT(pg->pool == pp, "mbuf %u in another pool", i);
		TEST_ASSERT(pagepool_page_from_addr(end) == pg,
			    "mbuf %u's data room leaves its page", i);
		TEST_ASSERT_EQUAL(pagepool_page_refcnt(pg), 1, "mbuf %u's page", i);
		TEST_ASSERT_EQUAL(m[i]->buf_len, RTE_MBUF_DEFAULT_BUF_SIZE, "buf_len");
		if (pagepool_page_iova(pg) != RTE_BAD_IOVA)
			TEST_ASSERT_EQUAL(m[i]->buf_iova, pagepool_page_iova(pg) +
					  RTE_PTR_DIFF(m[i]->buf_addr, pg->addr),
					  "mbuf %u's IOVA", i);
		memset(m[i]->buf_addr, (int)(i & 0xff), m[i]->buf_len);
	}
	for (i = 0; i < NB_MBUFS; i++) {
		const uint8_t *b = m[i]->buf_addr;

		for (j = 0; j < m[i]->buf_len; j += 61)
			TEST_ASSERT_EQUAL(b[j], i & 0xff, "mbuf %u byte %u overwritten", i, j);
		TEST_ASSERT(m[i]->pool == mp, "mbuf header %u overwritten", i);
	}
	rte_pktmbuf_free_bulk(m, NB_MBUFS);
	in = mp_info(mp);
	TEST_ASSERT_EQUAL(in.in_flight, 0, "in flight after free");
	TEST_ASSERT_EQUAL(in.bad_put, 0, "bad puts");
	TEST_ASSERT_EQUAL(rte_mempool_avail_count(mp), NB_MBUFS, "avail after free");
	rte_mempool_free(mp);
	TEST_ASSERT_NULL(pagepool_lookup("mpt_layout"), "pagepool outlived its mempool");
	free(m);
	return TEST_SUCCESS;
}

/* A private area and a data room that fill a 2 KiB page exactly. */
static int
test_priv_and_page_fit(void)
{
	uint16_t room = pagepool_mempool_data_room(2048, 64);
	struct rte_mempool *mp;
	struct rte_mbuf *m;
	struct pagepool_page *pg;

	TEST_ASSERT_EQUAL(pagepool_mempool_data_room(2048, 0), 2048 - 64 - 128,
			  "objhdr and mbuf take 192 B");
	TEST_ASSERT_EQUAL(room, 2048 - 64 - 128 - 64, "room with 64 B priv");
	TEST_ASSERT_EQUAL(pagepool_mempool_data_room(1024, 0), 0, "page too small");
	TEST_ASSERT_EQUAL(pagepool_mempool_data_room(3000, 0), 0, "not a power of two");
	mp = mk_pool("mpt_fit", 64, 0, 64, room);
	TEST_ASSERT_NOT_NULL(mp, "pool");
	TEST_ASSERT_EQUAL(mp_info(mp).page_size, 2048, "page size");
	TEST_ASSERT_EQUAL(rte_pktmbuf_priv_size(mp), 64, "priv size");
	TEST_ASSERT_EQUAL(rte_pktmbuf_data_room_size(mp), room, "data room");
	m = rte_pktmbuf_alloc(mp);
	TEST_ASSERT_NOT_NULL(m, "alloc");
	pg = pagepool_page_from_addr(m);
	TEST_ASSERT(m->buf_addr == RTE_PTR_ADD(m, sizeof(*m) + 64), "buf_addr");
	TEST_ASSERT(RTE_PTR_ADD(m->buf_addr, m->buf_len) ==
		    RTE_PTR_ADD(pg->addr, 2048), "the data room ends the page");
	rte_pktmbuf_free(m);
	rte_mempool_free(mp);

	/* an object larger than the largest page */
	TEST_ASSERT_NULL(mk_pool("mpt_huge", 8, 0, 0, UINT16_MAX),
			 "a 64 KiB data room cannot fit a 64 KiB page");
	return TEST_SUCCESS;
}

/* A second rte_pktmbuf_free() of the same mbuf is counted and harmless. */
static int
test_double_free(void)
{
	struct rte_mempool *mp = mk_pool("mpt_dfree", 64, 32, 0,
					 RTE_MBUF_DEFAULT_BUF_SIZE);
	struct rte_mbuf *a, *b, *all[64];
	struct pagepool_info in;
	unsigned int i, j;

	TEST_ASSERT_NOT_NULL(mp, "pool");
	a = rte_pktmbuf_alloc(mp);
	b = rte_pktmbuf_alloc(mp);
	TEST_ASSERT(a != NULL && b != NULL, "alloc");
	rte_pktmbuf_free(a);
	rte_pktmbuf_free(a);
	in = mp_info(mp);
	TEST_ASSERT_EQUAL(in.bad_put, 1, "double free counted");
	TEST_ASSERT_EQUAL(in.in_flight, 1, "only b is out");
	/* in a bulk free too: b, then b again */
	all[0] = b;
	all[1] = b;
	rte_pktmbuf_free_bulk(all, 2);
	in = mp_info(mp);
	TEST_ASSERT_EQUAL(in.bad_put, 2, "double free in one bulk counted");
	TEST_ASSERT_EQUAL(in.in_flight, 0, "all back");
	TEST_ASSERT_EQUAL(rte_mempool_avail_count(mp), 64, "avail");
	/* harmless: the pool still hands out 64 distinct mbufs, no more */
	TEST_ASSERT_EQUAL(rte_pktmbuf_alloc_bulk(mp, all, 64), 0, "alloc all");
	TEST_ASSERT_NULL(rte_pktmbuf_alloc(mp), "a 65th mbuf");
	for (i = 0; i < 64; i++)
		for (j = i + 1; j < 64; j++)
			TEST_ASSERT(all[i] != all[j], "mbuf handed out twice (%u, %u)", i, j);
	rte_pktmbuf_free_bulk(all, 64);
	TEST_ASSERT_EQUAL(mp_info(mp).in_flight, 0, "in flight");
	rte_mempool_free(mp);
	return TEST_SUCCESS;
}

/* A put of something that is not one of the pool's objects. */
static int
test_foreign_object(void)
{
	struct rte_mempool *mp = mk_pool("mpt_foreign", 16, 0, 0,
					 RTE_MBUF_DEFAULT_BUF_SIZE);
	static uint8_t outside[256];
	struct rte_mbuf *m;

	TEST_ASSERT_NOT_NULL(mp, "pool");
	m = rte_pktmbuf_alloc(mp);
	TEST_ASSERT_NOT_NULL(m, "alloc");
	rte_mempool_put(mp, RTE_PTR_ADD(m, RTE_CACHE_LINE_SIZE));
	rte_mempool_put(mp, outside);
	TEST_ASSERT_EQUAL(pagepool_mempool_bad_objs(mp), 2, "bad objects");
	TEST_ASSERT_EQUAL(mp_info(mp).in_flight, 1, "m still out");
	TEST_ASSERT_EQUAL(mp_info(mp).bad_put, 0, "no page put");
	rte_pktmbuf_free(m);
	TEST_ASSERT_EQUAL(mp_info(mp).in_flight, 0, "in flight");
	rte_mempool_free(mp);
	return TEST_SUCCESS;
}

struct worker_job {
	struct rte_mempool *mp;
	struct rte_mbuf *m[32];
	int ret;
};

static int
worker_alloc(void *arg)
{
	struct worker_job *j = arg;

	j->ret = rte_pktmbuf_alloc_bulk(j->mp, j->m, 32);
	return TEST_SUCCESS;
}

static int
worker_free(void *arg)
{
	struct worker_job *j = arg;
	unsigned int i;

	for (i = 0; i < 32; i++)
		rte_pktmbuf_free(j->m[i]);
	return TEST_SUCCESS;
}

/*
 * The worker lcore that allocates becomes the owner and recycles into its
 * cache; the main lcore (control path) never takes the pool, and its frees
 * go to the return ring.
 */
static int
test_owner(void)
{
	struct worker_job j = { .mp = mk_pool("mpt_owner", 256, 128, 0,
					      RTE_MBUF_DEFAULT_BUF_SIZE) };
	struct pagepool *pp;
	struct pagepool_info in0, in1;
	struct rte_mbuf *m;
	unsigned int w = test_worker_lcore();

	TEST_ASSERT_NOT_NULL(j.mp, "pool");
	pp = pagepool_mempool_pagepool(j.mp);
	m = rte_pktmbuf_alloc(j.mp);
	TEST_ASSERT_NOT_NULL(m, "alloc on main");
	TEST_ASSERT_EQUAL(pagepool_owner(pp), PAGEPOOL_OWNER_NONE,
			  "the main lcore took the pool");
	rte_pktmbuf_free(m);

	TEST_CHECK(test_on_worker(worker_alloc, &j));
	TEST_ASSERT_EQUAL(j.ret, 0, "alloc on the worker");
	TEST_ASSERT_EQUAL(pagepool_owner(pp), w, "the allocating worker owns the pool");
	in0 = test_info(pp);
	TEST_CHECK(test_on_worker(worker_free, &j));
	in1 = test_info(pp);
#ifdef PAGEPOOL_STATS
	TEST_ASSERT_EQUAL(in1.stats.recycle_cached - in0.stats.recycle_cached, 32,
			  "the owner's frees go to its cache");
#endif
	TEST_ASSERT_EQUAL(in1.in_flight, 0, "in flight");

	TEST_CHECK(test_on_worker(worker_alloc, &j));
	in0 = test_info(pp);
	rte_pktmbuf_free_bulk(j.m, 32);
	in1 = test_info(pp);
#ifdef PAGEPOOL_STATS
	TEST_ASSERT_EQUAL(in1.stats.recycle_cached - in0.stats.recycle_cached, 0,
			  "main lcore's frees in the owner's cache");
	TEST_ASSERT_EQUAL(in1.stats.recycle_ring - in0.stats.recycle_ring, 32,
			  "main lcore's frees go to the return ring");
#endif
	TEST_ASSERT_EQUAL(in1.in_flight, 0, "in flight");
	TEST_ASSERT_EQUAL(in1.bad_put, 0, "bad puts");
	rte_mempool_free(j.mp);
	return TEST_SUCCESS;
}

/* rte_mempool_free() logs the pool's state; an mbuf still out shows. */
static int
test_free_report(void)
{
	struct rte_mempool *mp = mk_pool("mpt_report", 32, 0, 0,
					 RTE_MBUF_DEFAULT_BUF_SIZE);
	FILE *log = tmpfile();
	FILE *old = rte_log_get_stream();
	struct rte_mbuf *m, *d;
	struct pagepool *pp;
	int seen, ret = TEST_SUCCESS;

	TEST_ASSERT_NOT_NULL(mp, "pool");
	TEST_ASSERT_NOT_NULL(log, "tmpfile");
	pp = pagepool_mempool_pagepool(mp);
	m = rte_pktmbuf_alloc(mp);
	d = rte_pktmbuf_alloc(mp);
	TEST_ASSERT(m != NULL && d != NULL, "alloc");
	rte_pktmbuf_free(d);
	rte_pktmbuf_free(d);
	rte_openlog_stream(log);
	rte_mempool_free(mp);
	rte_openlog_stream(old);
	fflush(log);
	seen = test_file_contains(log,
		"mpt_report: freed: 32 pages of 4096 B, 1 in flight, 1 bad puts (double frees)");
	fclose(log);
	if (seen != 1) {
		printf("    FAIL: the free report was seen %d times\n", seen);
		ret = TEST_FAILED;
	}
	/* The page still out keeps its pagepool alive until it comes back. */
	TEST_ASSERT(pagepool_lookup("mpt_report") == pp, "pagepool freed under m");
	TEST_ASSERT_EQUAL(pagepool_put(m), 0, "m's page goes home");
	return ret;
}

/*
 * "pagepool_mpcache" keeps the mempool cache: what it holds is out of the
 * pagepool while the pool lives, and back at rte_mempool_free().
 */
static int
test_mpcache_ops(void)
{
	struct rte_mempool *mp = rte_pktmbuf_pool_create_by_ops("mpt_mpcache",
			256, 32, 0, RTE_MBUF_DEFAULT_BUF_SIZE,
			(int)rte_socket_id(), PAGEPOOL_MEMPOOL_MPCACHE_OPS_NAME);
	struct rte_mbuf *m[8];
	FILE *log = tmpfile();
	FILE *old = rte_log_get_stream();
	int seen;

	TEST_ASSERT_NOT_NULL(mp, "pool on ops %s", PAGEPOOL_MEMPOOL_MPCACHE_OPS_NAME);
	TEST_ASSERT_NOT_NULL(log, "tmpfile");
	TEST_ASSERT_EQUAL(mp->cache_size, 32, "the mempool cache is kept");
	TEST_ASSERT_EQUAL(rte_pktmbuf_data_room_size(mp), RTE_MBUF_DEFAULT_BUF_SIZE,
			  "data room");
	TEST_ASSERT(pagepool_mempool_pagepool(mp) != NULL, "pagepool");
	TEST_ASSERT_EQUAL(rte_pktmbuf_alloc_bulk(mp, m, 8), 0, "alloc");
	rte_pktmbuf_free_bulk(m, 8);
	TEST_ASSERT(mp_info(mp).in_flight > 0, "the cache holds pages: %u",
		    mp_info(mp).in_flight);
	TEST_ASSERT_EQUAL(rte_mempool_avail_count(mp), 256, "avail counts the cache");
	/* what the default ops prevent: a double free into the cache is not
	 * seen, and the next two allocations return the same mbuf */
	m[0] = rte_pktmbuf_alloc(mp);
	TEST_ASSERT_NOT_NULL(m[0], "alloc");
	rte_pktmbuf_free(m[0]);
	rte_pktmbuf_free(m[0]);
	m[1] = rte_pktmbuf_alloc(mp);
	m[2] = rte_pktmbuf_alloc(mp);
	TEST_ASSERT(m[1] == m[0] && m[2] == m[0],
		    "expected the cache to hand out the double-freed mbuf twice");
	TEST_ASSERT_EQUAL(mp_info(mp).bad_put, 0, "the pagepool saw the double free");
	rte_pktmbuf_free(m[1]);
	rte_openlog_stream(log);
	rte_mempool_free(mp);
	rte_openlog_stream(old);
	fflush(log);
	seen = test_file_contains(log, "mpt_mpcache: freed: 256 pages of 4096 B, 0 in flight");
	fclose(log);
	TEST_ASSERT_EQUAL(seen, 1, "free report with the cache flushed");
	TEST_ASSERT_NULL(pagepool_lookup("mpt_mpcache"), "pagepool left behind");
	return TEST_SUCCESS;
}

static const struct test_case cases[] = {
	TEST_CASE(test_layout),
	TEST_CASE(test_priv_and_page_fit),
	TEST_CASE(test_double_free),
	TEST_CASE(test_foreign_object),
	TEST_CASE(test_owner),
	TEST_CASE(test_free_report),
	TEST_CASE(test_mpcache_ops),
};

int
main(int argc, char **argv)
{
	struct test_suite s = { "mempool pagepool", NULL, NULL,
				cases, RTE_DIM(cases) };

	RTE_SET_USED(argc);
	RTE_SET_USED(argv);
	return test_main("mempool", NULL, &s);
}
