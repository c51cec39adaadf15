/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The pagepool authors
 */
/*
 * Suite "mbuf": pages and fragments as mbuf external buffers. The mbuf
 * layer and the pool share one reference count, so rte_pktmbuf_free() on
 * any lcore, of clones and chains too, returns each page exactly once.
 */
#include <rte_cycles.h>
#include <rte_lcore.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>

#include "test_common.h"

#define HDR_MBUFS 511

#ifdef PAGEPOOL_STATS
#define STATS_ON_ONE 1
#else
#define STATS_ON_ONE 0
#endif

static struct rte_mempool *hdr_mp;   /* header mbufs: data room 0 */
static struct rte_mempool *data_mp;  /* ordinary mbufs with data */

static const uint32_t page_sizes[] = { 2048, 4096, 16384, 65536 };

static int
suite_setup(void)
{
	hdr_mp = rte_pktmbuf_pool_create("pp_hdr", HDR_MBUFS, 32, 0, 0,
					 SOCKET_ID_ANY);
	data_mp = rte_pktmbuf_pool_create("pp_data", 255, 32, 0,
					  RTE_MBUF_DEFAULT_BUF_SIZE, SOCKET_ID_ANY);
	TEST_ASSERT_NOT_NULL(hdr_mp, "header mbuf pool");
	TEST_ASSERT_NOT_NULL(data_mp, "data mbuf pool");
	return TEST_SUCCESS;
}

static void
suite_teardown(void)
{
	rte_mempool_free(hdr_mp);
	rte_mempool_free(data_mp);
}

/* Header mbufs all back in their pool. */
static int
check_hdr_all_back(void)
{
	TEST_ASSERT_EQUAL(rte_mempool_avail_count(hdr_mp), HDR_MBUFS,
			  "header mbufs not all back in their mempool");
	return TEST_SUCCESS;
}

static uint64_t
recycled(const struct pagepool *pp)
{
	struct pagepool_info in = test_info(pp);

	return in.stats.recycle_cached + in.stats.recycle_ring +
	       in.stats.recycle_released;
}

static int
check_mbuf_alloc(uint32_t ps)
{
	struct pagepool *pp;
	struct rte_mbuf *m;
	struct pagepool_page *pg;
	uint8_t *data;
	unsigned int i;

	pp = test_pool_create("mb_alloc", 16, ps, rte_lcore_id(), 0, 0);
	TEST_ASSERT_NOT_NULL(pp, "create, page size %u", ps);
	m = pagepool_mbuf_alloc(pp, hdr_mp);
	TEST_ASSERT_NOT_NULL(m, "pagepool_mbuf_alloc, page size %u", ps);
	pg = pagepool_mbuf_page(m);
	TEST_ASSERT_NOT_NULL(pg, "pagepool_mbuf_page");
	TEST_ASSERT(pg->pool == pp, "page of another pool");
	TEST_ASSERT(RTE_MBUF_HAS_EXTBUF(m), "no external buffer");
	TEST_ASSERT(m->shinfo == &pg->shinfo, "shinfo is not the page descriptor's");
	TEST_ASSERT(m->buf_addr == pg->addr, "buf_addr %p, page %p", m->buf_addr, pg->addr);
	TEST_ASSERT_EQUAL(rte_mbuf_iova_get(m), pg->iova, "buf_iova");
	TEST_ASSERT_EQUAL(m->buf_len, RTE_MIN(ps, (uint32_t)UINT16_MAX), "buf_len");
	TEST_ASSERT_EQUAL(m->data_off, RTE_PKTMBUF_HEADROOM, "data_off = headroom");
	TEST_ASSERT_EQUAL(m->data_len, 0, "data_len");
	TEST_ASSERT_EQUAL(m->pkt_len, 0, "pkt_len");
	TEST_ASSERT_EQUAL(rte_mbuf_refcnt_read(m), 1, "mbuf refcnt");
	TEST_ASSERT_EQUAL(pagepool_page_refcnt(pg), 1, "page refcnt");
	TEST_ASSERT_EQUAL(pagepool_in_flight(pp), 1, "in_flight");
	TEST_ASSERT_EQUAL(rte_mbuf_check(m, 1, NULL) == 0, 1, "rte_mbuf_check");
	TEST_ASSERT(rte_pktmbuf_mtod(m, uint8_t *) ==
		    (uint8_t *)pg->addr + RTE_PKTMBUF_HEADROOM, "mtod");
	/* write a packet and read it back through the page */
	data = (uint8_t *)rte_pktmbuf_append(m, 1000);
	TEST_ASSERT_NOT_NULL(data, "append 1000");
	for (i = 0; i < 1000; i++)
		data[i] = (uint8_t)i;
	TEST_ASSERT_EQUAL(((uint8_t *)pg->addr)[RTE_PKTMBUF_HEADROOM + 999],
			  999 & 0xff, "data in the page");
	TEST_ASSERT(rte_pktmbuf_tailroom(m) == RTE_MIN(ps, (uint32_t)UINT16_MAX) -
		    RTE_PKTMBUF_HEADROOM - 1000, "tailroom");
	pagepool_stats_reset(pp);
	rte_pktmbuf_free(m);
	TEST_ASSERT_EQUAL(pagepool_in_flight(pp), 0, "in_flight after rte_pktmbuf_free");
	TEST_ASSERT_EQUAL(pagepool_page_refcnt(pg), 0, "page refcnt after free");
#ifdef PAGEPOOL_STATS
	TEST_ASSERT_EQUAL(test_info(pp).stats.recycle_cached, 1,
			  "freed on the owner: into its cache");
#endif
	TEST_CHECK(check_hdr_all_back());
	TEST_ASSERT_EQUAL(test_info(pp).bad_put, 0, "bad_put");
	TEST_CHECK(test_pool_check_all(pp, 0));
	TEST_ASSERT_EQUAL(pagepool_destroy(pp), 0, "destroy");
	return TEST_SUCCESS;
}

static int
test_mbuf_alloc(void)
{
	unsigned int i;

	for (i = 0; i < RTE_DIM(page_sizes); i++)
		TEST_CHECK(check_mbuf_alloc(page_sizes[i]));
	return TEST_SUCCESS;
}

static int
job_free(void *arg)
{
	struct rte_mbuf **m = arg;

	while (*m != NULL)
		rte_pktmbuf_free(*m++);
	return TEST_SUCCESS;
}

/* Freed on the worker lcore or a pthread: the page goes home via the ring. */
static int
check_free_remote(int pthread)
{
	struct rte_mbuf *m[9];
	struct pagepool *pp;
	unsigned int i;

	pp = test_pool_create("mb_remote", 16, 4096, rte_lcore_id(), 0, 0);
	TEST_ASSERT_NOT_NULL(pp, "create");
	for (i = 0; i < 8; i++) {
		m[i] = i & 1 ? pagepool_mbuf_alloc_frag(pp, hdr_mp, 512) :
		       pagepool_mbuf_alloc(pp, hdr_mp);
		TEST_ASSERT_NOT_NULL(m[i], "mbuf %u", i);
		TEST_ASSERT_NOT_NULL(rte_pktmbuf_append(m[i], 64), "append");
	}
	m[8] = NULL;
	pagepool_stats_reset(pp);
	TEST_CHECK(pthread ? test_on_pthread(job_free, m) :
		   test_on_worker(job_free, m));
	TEST_ASSERT(pagepool_in_flight(pp) <= 1,
		    "in_flight %u after remote frees (at most the page being carved)",
		    pagepool_in_flight(pp));
#ifdef PAGEPOOL_STATS
	TEST_ASSERT(test_info(pp).stats.recycle_ring >= 4,
		    "remote frees did not go through the return ring");
	TEST_ASSERT_EQUAL(test_info(pp).stats.recycle_cached, 0, "recycle_cached");
#endif
	TEST_ASSERT_EQUAL(test_info(pp).bad_put, 0, "bad_put");
	TEST_CHECK(check_hdr_all_back());
	TEST_ASSERT_EQUAL(pagepool_destroy(pp), 0, "destroy");
	return TEST_SUCCESS;
}

static int
test_mbuf_free_worker(void)
{
	return check_free_remote(0);
}

static int
test_mbuf_free_pthread(void)
{
	return check_free_remote(1);
}

/* Fragment mbufs: placement, data_off, a shared page freed on its last. */
static int
test_mbuf_alloc_frag(void)
{
	static const uint32_t sizes[] = { 64, 100, 128, 1500, 2048 };
	struct pagepool *pp;
	unsigned int i;

	pp = test_pool_create("mb_frag", 16, 4096, rte_lcore_id(), 0, 0);
	TEST_ASSERT_NOT_NULL(pp, "create");
	for (i = 0; i < RTE_DIM(sizes); i++) {
		struct rte_mbuf *a, *b;
		struct pagepool_page *pa, *pb;
		uint32_t sz = sizes[i];
		uint32_t before = pagepool_in_flight(pp);
		uint64_t rec;

		a = pagepool_mbuf_alloc_frag(pp, hdr_mp, sz);
		b = pagepool_mbuf_alloc_frag(pp, hdr_mp, sz);
		TEST_ASSERT(a != NULL && b != NULL, "two fragment mbufs of %u", sz);
		pa = pagepool_mbuf_page(a);
		pb = pagepool_mbuf_page(b);
		TEST_ASSERT(pa != NULL && pb != NULL, "pagepool_mbuf_page of a fragment");
		TEST_ASSERT(RTE_PTR_DIFF(a->buf_addr, pa->addr) % PAGEPOOL_FRAG_ALIGN == 0,
			    "fragment offset not aligned");
		TEST_ASSERT(a->buf_len >= sz, "buf_len %u < %u", a->buf_len, sz);
		TEST_ASSERT(RTE_PTR_DIFF(a->buf_addr, pa->addr) + a->buf_len <= 4096,
			    "fragment buffer runs past its page");
		TEST_ASSERT_EQUAL(rte_mbuf_iova_get(a),
				  pa->iova + RTE_PTR_DIFF(a->buf_addr, pa->addr),
				  "fragment buf_iova");
		TEST_ASSERT_EQUAL(a->data_off,
				  RTE_PKTMBUF_HEADROOM < a->buf_len ? RTE_PKTMBUF_HEADROOM : 0,
				  "data_off of a %u B fragment (buf_len %u)", sz, a->buf_len);
		if (pa == pb)
			TEST_ASSERT(RTE_PTR_DIFF(b->buf_addr, a->buf_addr) >= a->buf_len ||
				    RTE_PTR_DIFF(a->buf_addr, b->buf_addr) >= b->buf_len,
				    "fragment buffers overlap");
		memset(rte_pktmbuf_mtod(a, void *), 0xaa,
		       rte_pktmbuf_tailroom(a));
		memset(rte_pktmbuf_mtod(b, void *), 0xbb,
		       rte_pktmbuf_tailroom(b));
		TEST_ASSERT_EQUAL(*rte_pktmbuf_mtod(a, uint8_t *), 0xaa,
				  "fragment a overwritten by b");
		rec = recycled(pp);
		rte_pktmbuf_free(a);
		if (pa == pb)
			TEST_ASSERT_EQUAL(recycled(pp), rec,
					  "page recycled with a fragment still attached");
		rte_pktmbuf_free(b);
		TEST_ASSERT(pagepool_in_flight(pp) <= before + 1, "in_flight");
	}
	TEST_ASSERT_EQUAL(test_info(pp).bad_put, 0, "bad_put");
	TEST_CHECK(check_hdr_all_back());
	TEST_ASSERT_EQUAL(pagepool_destroy(pp), 0, "destroy");
	return TEST_SUCCESS;
}

/* pagepool_mbuf_attach at an offset; data_off rule; the 16-bit clamp. */
static int
test_mbuf_attach(void)
{
	struct pagepool *pp, *big;
	struct pagepool_page *pg;
	struct rte_mbuf *m;

	pp = test_pool_create("mb_attach", 8, 4096, rte_lcore_id(), 0, 0);
	TEST_ASSERT_NOT_NULL(pp, "create");
	TEST_ASSERT_NOT_NULL(pg = pagepool_alloc(pp), "alloc");
	TEST_ASSERT_NOT_NULL(m = rte_pktmbuf_alloc(hdr_mp), "header mbuf");
	pagepool_mbuf_attach(m, pg, 256, 1024);
	TEST_ASSERT(m->buf_addr == RTE_PTR_ADD(pg->addr, 256), "buf_addr");
	TEST_ASSERT_EQUAL(rte_mbuf_iova_get(m), pg->iova + 256, "buf_iova");
	TEST_ASSERT_EQUAL(m->buf_len, 1024, "buf_len");
	TEST_ASSERT_EQUAL(m->data_off, RTE_PKTMBUF_HEADROOM, "data_off");
	TEST_ASSERT(pagepool_mbuf_page(m) == pg, "pagepool_mbuf_page");
	rte_pktmbuf_free(m);
	TEST_ASSERT_EQUAL(pagepool_in_flight(pp), 0, "in_flight");

	/* a buffer no bigger than the headroom gets data_off 0 */
	TEST_ASSERT_NOT_NULL(pg = pagepool_alloc(pp), "alloc");
	TEST_ASSERT_NOT_NULL(m = rte_pktmbuf_alloc(hdr_mp), "header mbuf");
	pagepool_mbuf_attach(m, pg, 0, RTE_PKTMBUF_HEADROOM);
	TEST_ASSERT_EQUAL(m->data_off, 0, "data_off when headroom >= len");
	rte_pktmbuf_free(m);
	TEST_ASSERT_EQUAL(pagepool_in_flight(pp), 0, "in_flight");
	TEST_ASSERT_EQUAL(pagepool_destroy(pp), 0, "destroy");

	/* 64 KiB pages: buf_len clamps to UINT16_MAX */
	big = test_pool_create("mb_big", 4, 65536, rte_lcore_id(), 0, 0);
	TEST_ASSERT_NOT_NULL(big, "create");
	TEST_ASSERT_NOT_NULL(pg = pagepool_alloc(big), "alloc");
	TEST_ASSERT_NOT_NULL(m = rte_pktmbuf_alloc(hdr_mp), "header mbuf");
	pagepool_mbuf_attach(m, pg, 0, 65536);
	TEST_ASSERT_EQUAL(m->buf_len, UINT16_MAX, "buf_len of a 64K page");
	rte_pktmbuf_free(m);
	TEST_ASSERT_EQUAL(pagepool_in_flight(big), 0, "in_flight");
	TEST_ASSERT_EQUAL(pagepool_destroy(big), 0, "destroy");
	TEST_CHECK(check_hdr_all_back());
	return TEST_SUCCESS;
}

static void
ext_free_cb(void *addr, void *opaque)
{
	RTE_SET_USED(addr);
	RTE_SET_USED(opaque);
}

/* pagepool_mbuf_page of mbufs that are not ours: NULL. */
static int
test_mbuf_page_foreign(void)
{
	static uint8_t ext_buf[2048 + 64];
	struct rte_mbuf_ext_shared_info *shinfo;
	struct rte_mbuf *m;
	uint16_t len = sizeof(ext_buf);

	TEST_ASSERT_NOT_NULL(m = rte_pktmbuf_alloc(data_mp), "mbuf");
	TEST_ASSERT_NULL(pagepool_mbuf_page(m), "a direct mbuf");
	rte_pktmbuf_free(m);

	TEST_ASSERT_NOT_NULL(m = rte_pktmbuf_alloc(hdr_mp), "mbuf");
	shinfo = rte_pktmbuf_ext_shinfo_init_helper(ext_buf, &len, ext_free_cb, NULL);
	TEST_ASSERT_NOT_NULL(shinfo, "shinfo");
	rte_pktmbuf_attach_extbuf(m, ext_buf, rte_mem_virt2iova(ext_buf), len, shinfo);
	TEST_ASSERT_NULL(pagepool_mbuf_page(m), "an mbuf with someone else's external buffer");
	rte_pktmbuf_free(m);
	TEST_CHECK(check_hdr_all_back());
	return TEST_SUCCESS;
}

/* A clone shares the page; two frees return it once, in either order. */
static int
test_mbuf_clone(void)
{
	struct pagepool *pp;
	struct rte_mbuf *m, *c;
	struct pagepool_page *pg;
	int order;

	pp = test_pool_create("mb_clone", 8, 4096, rte_lcore_id(), 0, 0);
	TEST_ASSERT_NOT_NULL(pp, "create");
	for (order = 0; order < 3; order++) {
		struct rte_mbuf *v[2] = { NULL, NULL };
		uint64_t rec;

		TEST_ASSERT_NOT_NULL(m = pagepool_mbuf_alloc(pp, hdr_mp), "mbuf");
		TEST_ASSERT_NOT_NULL(rte_pktmbuf_append(m, 200), "append");
		pg = pagepool_mbuf_page(m);
		TEST_ASSERT_NOT_NULL(c = rte_pktmbuf_clone(m, hdr_mp), "clone");
		TEST_ASSERT(pagepool_mbuf_page(c) == pg, "the clone's page");
		TEST_ASSERT(c->buf_addr == m->buf_addr, "the clone's buffer");
		TEST_ASSERT_EQUAL(pagepool_page_refcnt(pg), 2, "page refcnt with a clone");
		TEST_ASSERT_EQUAL(c->pkt_len, 200, "clone pkt_len");
		rec = recycled(pp);
		rte_pktmbuf_free(order == 1 ? c : m);
		TEST_ASSERT_EQUAL(pagepool_page_refcnt(pg), 1, "page refcnt after one free");
		TEST_ASSERT_EQUAL(pagepool_in_flight(pp), 1,
				  "page returned with a clone still out");
		TEST_ASSERT_EQUAL(recycled(pp), rec, "recycled too early");
		if (order == 2) {
			v[0] = c;
			TEST_CHECK(test_on_worker(job_free, v));
		} else {
			rte_pktmbuf_free(order == 1 ? m : c);
		}
		TEST_ASSERT_EQUAL(pagepool_in_flight(pp), 0, "page not back after both frees");
		TEST_ASSERT_EQUAL(recycled(pp) - rec, STATS_ON_ONE, "page recycled once");
		TEST_ASSERT_EQUAL(test_info(pp).bad_put, 0, "bad_put");
	}
	TEST_CHECK(check_hdr_all_back());
	TEST_CHECK(test_pool_check_all(pp, 0));
	TEST_ASSERT_EQUAL(pagepool_destroy(pp), 0, "destroy");
	return TEST_SUCCESS;
}

/* A chain of page, fragment and ordinary mbufs, freed at once. */
static int
test_mbuf_chain(void)
{
	struct pagepool *pp, *pp2;
	struct rte_mbuf *m1, *m2, *m3, *m4, *v[2] = { NULL, NULL };
	int where;

	pp = test_pool_create("mb_chain", 16, 4096, rte_lcore_id(), 0, 0);
	pp2 = test_pool_create("mb_chain2", 16, 2048, test_worker_lcore(), 0, 0);
	TEST_ASSERT(pp != NULL && pp2 != NULL, "create");
	/* 0: rte_pktmbuf_free here, 1: on the worker, 2: pagepool_mbuf_free */
	for (where = 0; where < 3; where++) {
		TEST_ASSERT_NOT_NULL(m1 = pagepool_mbuf_alloc(pp, hdr_mp), "m1");
		TEST_ASSERT_NOT_NULL(m2 = pagepool_mbuf_alloc_frag(pp, hdr_mp, 1024), "m2");
		TEST_ASSERT_NOT_NULL(m3 = rte_pktmbuf_alloc(data_mp), "m3");
		TEST_ASSERT_NOT_NULL(m4 = pagepool_mbuf_alloc(pp2, hdr_mp), "m4");
		TEST_ASSERT_NOT_NULL(rte_pktmbuf_append(m1, 100), "append");
		TEST_ASSERT_NOT_NULL(rte_pktmbuf_append(m2, 100), "append");
		TEST_ASSERT_NOT_NULL(rte_pktmbuf_append(m3, 100), "append");
		TEST_ASSERT_NOT_NULL(rte_pktmbuf_append(m4, 100), "append");
		TEST_ASSERT_EQUAL(rte_pktmbuf_chain(m1, m2), 0, "chain");
		TEST_ASSERT_EQUAL(rte_pktmbuf_chain(m1, m3), 0, "chain");
		TEST_ASSERT_EQUAL(rte_pktmbuf_chain(m1, m4), 0, "chain");
		TEST_ASSERT_EQUAL(m1->pkt_len, 400, "pkt_len");
		TEST_ASSERT_EQUAL(m1->nb_segs, 4, "nb_segs");
		if (where == 0) {
			rte_pktmbuf_free(m1);
		} else if (where == 1) {
			v[0] = m1;
			TEST_CHECK(test_on_worker(job_free, v));
		} else {
			pagepool_mbuf_free(m1);
			pagepool_mbuf_free(NULL);
		}
		TEST_ASSERT(pagepool_in_flight(pp) <= 1, "in_flight of pool 1: %u",
			    pagepool_in_flight(pp));
		TEST_ASSERT_EQUAL(pagepool_in_flight(pp2), 0, "in_flight of pool 2");
		TEST_ASSERT_EQUAL(rte_mempool_avail_count(data_mp), 255,
				  "ordinary mbuf not freed");
	}
	TEST_ASSERT_EQUAL(test_info(pp).bad_put + test_info(pp2).bad_put, 0, "bad_put");
	TEST_CHECK(check_hdr_all_back());
	TEST_ASSERT_EQUAL(pagepool_destroy(pp), 0, "destroy");
	TEST_ASSERT_EQUAL(pagepool_destroy(pp2), 0, "destroy");
	return TEST_SUCCESS;
}

/* Bulk free of many page mbufs from two pools, on the owner and the worker. */
static int
test_mbuf_free_bulk(void)
{
	struct rte_mbuf *m[65];
	struct pagepool *pp, *pp2;
	unsigned int i, where;

	pp = test_pool_create("mb_bulk", 64, 2048, rte_lcore_id(), 0, 0);
	pp2 = test_pool_create("mb_bulk2", 64, 4096, PAGEPOOL_OWNER_NONE, 0, 0);
	TEST_ASSERT(pp != NULL && pp2 != NULL, "create");
	for (where = 0; where < 2; where++) {
		for (i = 0; i < 64; i++)
			TEST_ASSERT_NOT_NULL(m[i] = pagepool_mbuf_alloc(i & 1 ? pp2 : pp, hdr_mp),
					     "mbuf %u", i);
		m[64] = NULL;
		if (where == 0)
			rte_pktmbuf_free_bulk(m, 64);
		else
			TEST_CHECK(test_on_worker(job_free, m));
		TEST_ASSERT_EQUAL(pagepool_in_flight(pp), 0, "in_flight");
		TEST_ASSERT_EQUAL(pagepool_in_flight(pp2), 0, "in_flight");
		pagepool_poll(pp2); /* let main reach pp2's ring next round */
	}
	TEST_CHECK(check_hdr_all_back());
	TEST_ASSERT_EQUAL(pagepool_destroy(pp), 0, "destroy");
	TEST_ASSERT_EQUAL(pagepool_destroy(pp2), 0, "destroy");
	return TEST_SUCCESS;
}

/* Failures hold nothing: empty header pool, exhausted or destroyed pool. */
static int
test_mbuf_alloc_fail(void)
{
	struct rte_mempool *tiny;
	struct rte_mbuf *m, *m2;
	struct pagepool *pp;
	unsigned int avail;
	uint64_t end;

	tiny = rte_pktmbuf_pool_create("pp_tiny", 1, 0, 0, 0, SOCKET_ID_ANY);
	TEST_ASSERT_NOT_NULL(tiny, "one-mbuf pool");
	pp = test_pool_create("mb_fail", 2, 4096, rte_lcore_id(), 0, 0);
	TEST_ASSERT_NOT_NULL(pp, "create");

	/* header pool empty: the page taken for it goes back */
	TEST_ASSERT_NOT_NULL(m = pagepool_mbuf_alloc(pp, tiny), "first mbuf");
	rte_errno = 0;
	TEST_ASSERT_NULL(pagepool_mbuf_alloc(pp, tiny), "mbuf from an empty header pool");
	TEST_ASSERT_EQUAL(rte_errno, ENOBUFS, "rte_errno");
	TEST_ASSERT_EQUAL(pagepool_in_flight(pp), 1, "a page held by a failed mbuf alloc");
	rte_errno = 0;
	TEST_ASSERT_NULL(pagepool_mbuf_alloc_frag(pp, tiny, 256),
			 "fragment mbuf from an empty header pool");
	TEST_ASSERT_EQUAL(rte_errno, ENOBUFS, "rte_errno");
	TEST_ASSERT(pagepool_in_flight(pp) <= 2, "in_flight");
	rte_pktmbuf_free(m);
	TEST_ASSERT(pagepool_in_flight(pp) <= 1, "in_flight");

	/* page pool exhausted: the header mbuf goes back */
	m = pagepool_mbuf_alloc(pp, hdr_mp);
	m2 = pagepool_mbuf_alloc_frag(pp, hdr_mp, 256);
	TEST_ASSERT(m != NULL && m2 != NULL, "a page and a fragment mbuf from two pages");
	avail = rte_mempool_avail_count(hdr_mp);
	rte_errno = 0;
	TEST_ASSERT_NULL(pagepool_mbuf_alloc(pp, hdr_mp), "mbuf from an exhausted pool");
	TEST_ASSERT_EQUAL(rte_errno, ENOBUFS, "rte_errno");
	TEST_ASSERT_EQUAL(rte_mempool_avail_count(hdr_mp), avail,
			  "a header mbuf held by a failed alloc");
	/* bad fragment size */
	rte_errno = 0;
	TEST_ASSERT_NULL(pagepool_mbuf_alloc_frag(pp, hdr_mp, 0), "fragment mbuf of 0 bytes");
	TEST_ASSERT_EQUAL(rte_errno, EINVAL, "rte_errno");
	TEST_ASSERT_EQUAL(rte_mempool_avail_count(hdr_mp), avail, "header mbuf held");
	rte_pktmbuf_free(m);

	/* destroyed pool: ENOENT; the last mbuf's free lets it go */
	TEST_ASSERT_EQUAL(pagepool_destroy(pp), 1, "destroy with one fragment mbuf out");
	rte_errno = 0;
	TEST_ASSERT_NULL(pagepool_mbuf_alloc(pp, hdr_mp), "mbuf from a destroyed pool");
	TEST_ASSERT_EQUAL(rte_errno, ENOENT, "rte_errno");
	TEST_ASSERT_EQUAL(rte_mempool_avail_count(hdr_mp), avail + 1, "header mbuf held");
	rte_pktmbuf_free(m2);
	end = rte_get_timer_cycles() + 5 * rte_get_timer_hz();
	while (pagepool_lookup("mb_fail") != NULL && rte_get_timer_cycles() < end)
		rte_delay_ms(1);
	TEST_ASSERT_NULL(pagepool_lookup("mb_fail"),
			 "pool not freed 5 s after its last mbuf was freed");
	rte_mempool_free(tiny);
	TEST_CHECK(check_hdr_all_back());
	return TEST_SUCCESS;
}

/* The fields a direct mbuf of pool mp has once it is back: compare two. */
static int
check_like_dpdk(const struct rte_mbuf *a, const struct rte_mbuf *b)
{
	TEST_ASSERT(RTE_MBUF_DIRECT(a) && RTE_MBUF_DIRECT(b), "direct mbufs");
	TEST_ASSERT_EQUAL(RTE_PTR_DIFF(a->buf_addr, a), RTE_PTR_DIFF(b->buf_addr, b),
			  "buf_addr offset");
	TEST_ASSERT_EQUAL(rte_mbuf_iova_get(a) - rte_mempool_virt2iova(a),
			  rte_mbuf_iova_get(b) - rte_mempool_virt2iova(b), "buf_iova offset");
	TEST_ASSERT_EQUAL(a->buf_len, b->buf_len, "buf_len");
	TEST_ASSERT_EQUAL(a->data_off, b->data_off, "data_off");
	TEST_ASSERT_EQUAL(a->data_len, b->data_len, "data_len");
	TEST_ASSERT_EQUAL(a->priv_size, b->priv_size, "priv_size");
	TEST_ASSERT_EQUAL(a->ol_flags, b->ol_flags, "ol_flags");
	TEST_ASSERT_EQUAL(a->nb_segs, 1, "nb_segs");
	TEST_ASSERT(a->next == NULL, "next");
	TEST_ASSERT_EQUAL(rte_mbuf_refcnt_read(a), 1, "refcnt");
	return TEST_SUCCESS;
}

/*
 * pagepool_mbuf_prefree_seg(), a PMD's TX-completion free: a page mbuf is
 * left exactly as DPDK's rte_pktmbuf_prefree_seg() leaves it, the page
 * goes home once, and anything that is not a page mbuf takes DPDK's path.
 */
static int
test_mbuf_prefree_seg(void)
{
	struct rte_mbuf *m, *d, *f1, *f2, *c;
	struct pagepool_page *pg;
	struct pagepool *pp;
	uint64_t bad;

	pp = test_pool_create("mb_prefree", 8, 4096, rte_lcore_id(), 0, 0);
	TEST_ASSERT_NOT_NULL(pp, "create");

	/* a whole page, on a header that has a data room of its own */
	TEST_ASSERT_NOT_NULL(m = pagepool_mbuf_alloc(pp, data_mp), "page mbuf");
	TEST_ASSERT_NOT_NULL(d = pagepool_mbuf_alloc(pp, data_mp), "page mbuf");
	TEST_ASSERT_NOT_NULL(rte_pktmbuf_append(m, 100), "append");
	TEST_ASSERT_NOT_NULL(rte_pktmbuf_append(d, 100), "append");
	m->ol_flags |= RTE_MBUF_F_RX_IP_CKSUM_GOOD;
	TEST_ASSERT(pagepool_mbuf_prefree_seg(m) == m, "header ready to put");
	TEST_ASSERT(rte_pktmbuf_prefree_seg(d) == d, "DPDK's prefree");
	TEST_CHECK(check_like_dpdk(m, d));
	TEST_ASSERT_EQUAL(pagepool_in_flight(pp), 0, "both pages home");
	rte_mempool_put(m->pool, m);
	rte_mempool_put(d->pool, d);

	/* two fragments of one page: the page goes home with the second */
	TEST_ASSERT_NOT_NULL(f1 = pagepool_mbuf_alloc_frag(pp, hdr_mp, 1024), "frag");
	TEST_ASSERT_NOT_NULL(f2 = pagepool_mbuf_alloc_frag(pp, hdr_mp, 1024), "frag");
	TEST_ASSERT(pagepool_mbuf_page(f1) == pagepool_mbuf_page(f2), "one page");
	TEST_ASSERT(pagepool_mbuf_prefree_seg(f1) == f1, "first fragment");
	TEST_ASSERT_EQUAL(pagepool_in_flight(pp), 1, "page out with a fragment out");
	TEST_ASSERT(pagepool_mbuf_prefree_seg(f2) == f2, "second fragment");
	rte_mempool_put(f1->pool, f1);
	rte_mempool_put(f2->pool, f2);

	/* a clone: the original and the clone each drop one page reference */
	TEST_ASSERT_NOT_NULL(m = pagepool_mbuf_alloc(pp, hdr_mp), "page mbuf");
	TEST_ASSERT_NOT_NULL(c = rte_pktmbuf_clone(m, hdr_mp), "clone");
	pg = pagepool_mbuf_page(m);
	TEST_ASSERT(pagepool_mbuf_prefree_seg(m) == m, "original");
	TEST_ASSERT_EQUAL(pagepool_page_refcnt(pg), 1, "the clone's reference");
	TEST_ASSERT(pagepool_mbuf_prefree_seg(c) == c, "clone");
	TEST_ASSERT_EQUAL(pagepool_in_flight(pp), 0, "page home after both");
	rte_mempool_put(m->pool, m);
	rte_mempool_put(c->pool, c);

	/* a header with two references: DPDK's path, nothing freed yet */
	TEST_ASSERT_NOT_NULL(m = pagepool_mbuf_alloc(pp, hdr_mp), "page mbuf");
	rte_mbuf_refcnt_update(m, 1);
	TEST_ASSERT_NULL(pagepool_mbuf_prefree_seg(m), "header still referenced");
	TEST_ASSERT_EQUAL(pagepool_in_flight(pp), 1, "page still out");
	TEST_ASSERT(pagepool_mbuf_prefree_seg(m) == m, "last header reference");
	TEST_ASSERT_EQUAL(pagepool_in_flight(pp), 0, "page home");
	rte_mempool_put(m->pool, m);

	/* an ordinary mbuf: DPDK's path */
	TEST_ASSERT_NOT_NULL(m = rte_pktmbuf_alloc(data_mp), "mbuf");
	TEST_ASSERT(pagepool_mbuf_prefree_seg(m) == m, "direct mbuf");
	rte_mempool_put(m->pool, m);

	/* the page was already put behind the mbuf's back: counted, not
	 * recycled a second time */
	TEST_ASSERT_NOT_NULL(m = pagepool_mbuf_alloc(pp, hdr_mp), "page mbuf");
	pg = pagepool_mbuf_page(m);
	bad = test_info(pp).bad_put;
	pagepool_put_page(pg);
	TEST_ASSERT(pagepool_mbuf_prefree_seg(m) == m, "header back");
	TEST_ASSERT_EQUAL(test_info(pp).bad_put, bad + 1, "double free counted");
	rte_mempool_put(m->pool, m);

	TEST_CHECK(check_hdr_all_back());
	TEST_ASSERT_EQUAL(rte_mempool_avail_count(data_mp), 255, "data mbufs back");
	TEST_CHECK(test_pool_check_all(pp, 0));
	TEST_ASSERT_EQUAL(pagepool_destroy(pp), 0, "destroy");
	return TEST_SUCCESS;
}

/* The worker frees a NULL-terminated array with pagepool_mbuf_free_bulk. */
static int
job_free_bulk(void *arg)
{
	struct rte_mbuf **m = arg;
	unsigned int n = 0;

	while (m[n] != NULL)
		n++;
	pagepool_mbuf_free_bulk(m, n);
	return TEST_SUCCESS;
}

/*
 * pagepool_mbuf_free_bulk: 100 packets (more than one batch of 64 pages and
 * headers) mixing whole pages of two pools, fragments, two-segment chains,
 * clones, ordinary mbufs and NULLs, freed on the owner and on the worker
 * (then the pages go home through the return ring): every page home once,
 * every header back in its mempool.
 */
static int
test_mbuf_free_bulk_fast(void)
{
	struct rte_mbuf *m[101];
	struct pagepool *pp, *pp2;
	unsigned int i, where;

	pp = test_pool_create("mb_fbulk", 128, 4096, rte_lcore_id(), 0, 0);
	pp2 = test_pool_create("mb_fbulk2", 128, 2048, rte_lcore_id(), 0, 0);
	TEST_ASSERT(pp != NULL && pp2 != NULL, "create");
	for (where = 0; where < 2; where++) {
		for (i = 0; i < 100; i++) {
			switch (i % 6) {
			case 0:
				m[i] = pagepool_mbuf_alloc(pp, hdr_mp);
				break;
			case 1:
				m[i] = pagepool_mbuf_alloc(pp2, hdr_mp);
				break;
			case 2:
				m[i] = pagepool_mbuf_alloc_frag(pp, hdr_mp, 1024);
				break;
			case 3:
				m[i] = rte_pktmbuf_alloc(data_mp);
				break;
			case 4:	/* a page chained to a fragment */
				m[i] = pagepool_mbuf_alloc(pp2, hdr_mp);
				TEST_ASSERT_NOT_NULL(m[i], "mbuf %u", i);
				TEST_ASSERT_EQUAL(rte_pktmbuf_chain(m[i],
					pagepool_mbuf_alloc_frag(pp, hdr_mp, 512)), 0, "chain");
				break;
			default: /* a clone of the previous page mbuf */
				m[i] = rte_pktmbuf_clone(m[i - 5], hdr_mp);
				break;
			}
			TEST_ASSERT_NOT_NULL(m[i], "mbuf %u", i);
		}
		rte_pktmbuf_free(m[7]);
		m[7] = NULL;	/* a hole: skipped */
		m[100] = NULL;
		if (where == 0) {
			pagepool_mbuf_free_bulk(m, 100);
		} else {
			/* the NULL at 7 would end the worker's list: move it */
			m[7] = m[99];
			m[99] = NULL;
			TEST_CHECK(test_on_worker(job_free_bulk, m));
		}
		pagepool_poll(pp);
		pagepool_poll(pp2);
		TEST_ASSERT(pagepool_in_flight(pp) <= 1, "pool 1 in flight %u (a fragment "
			    "page may stay carved)", pagepool_in_flight(pp));
		TEST_ASSERT_EQUAL(pagepool_in_flight(pp2), 0, "pool 2 in flight");
		TEST_ASSERT_EQUAL(rte_mempool_avail_count(data_mp), 255, "data mbufs back");
		TEST_CHECK(check_hdr_all_back());
	}
	TEST_ASSERT_EQUAL(test_info(pp).bad_put + test_info(pp2).bad_put, 0, "bad_put");
	TEST_ASSERT_EQUAL(pagepool_destroy(pp), 0, "destroy");
	TEST_ASSERT_EQUAL(pagepool_destroy(pp2), 0, "destroy");
	return TEST_SUCCESS;
}

/*
 * pagepool_free_batch as a TX completion uses it: a ring of 150 slots, each
 * one segment of a chain (freed segment by segment, m->next not followed)
 * or a raw-path page reference, mixing two pools, fragments, ordinary
 * mbufs and clones; more than one batch of pages and of headers. Every page
 * home once, every header back, nothing freed twice.
 */
static int
test_free_batch_ring(void)
{
	struct rte_mbuf *slot_m[150];
	struct pagepool_page *slot_p[150];
	struct pagepool_free_batch fb;
	struct rte_mbuf *chain = NULL;
	struct pagepool *pp, *pp2;
	unsigned int i, n = 0, kind = 0;
	uint32_t off;

	pp = test_pool_create("mb_fbatch", 128, 4096, rte_lcore_id(), 0, 0);
	pp2 = test_pool_create("mb_fbatch2", 128, 2048, rte_lcore_id(), 0, 0);
	TEST_ASSERT(pp != NULL && pp2 != NULL, "create");
	memset(slot_p, 0, sizeof(slot_p));
	while (n < 145) {
		struct rte_mbuf *m, *seg;

		switch (kind++ % 5) {
		case 0:	/* a three-segment chain: page, fragment, page */
			m = pagepool_mbuf_alloc(pp, hdr_mp);
			TEST_ASSERT_NOT_NULL(m, "mbuf");
			TEST_ASSERT_EQUAL(rte_pktmbuf_chain(m,
				pagepool_mbuf_alloc_frag(pp, hdr_mp, 512)), 0, "chain");
			TEST_ASSERT_EQUAL(rte_pktmbuf_chain(m,
				pagepool_mbuf_alloc(pp2, hdr_mp)), 0, "chain");
			chain = m;
			break;
		case 1:	/* an ordinary mbuf */
			m = rte_pktmbuf_alloc(data_mp);
			break;
		case 2:	/* a clone of that chain: its pages have two holders */
			m = rte_pktmbuf_clone(chain, hdr_mp);
			break;
		default:	/* a raw-path page */
			m = NULL;
			slot_p[n] = pagepool_alloc_frag(pp2, &off, 1024);
			TEST_ASSERT_NOT_NULL(slot_p[n], "page");
			slot_m[n++] = NULL;
			continue;
		}
		TEST_ASSERT_NOT_NULL(m, "mbuf %u", n);
		for (seg = m; seg != NULL; seg = seg->next)
			slot_m[n++] = seg;
	}
	pagepool_free_batch_init(&fb);
	for (i = 0; i < n; i++) {
		if (slot_m[i] != NULL)
			pagepool_free_batch_seg(&fb, slot_m[i]);
		else
			pagepool_free_batch_page(&fb, slot_p[i]);
	}
	pagepool_free_batch_flush(&fb);
	TEST_ASSERT_EQUAL(fb.nb_pages + fb.nb_hdrs, 0, "empty after a flush");
	pagepool_poll(pp);
	pagepool_poll(pp2);
	TEST_ASSERT(pagepool_in_flight(pp) <= 1, "pool 1 in flight %u (a fragment "
		    "page may stay carved)", pagepool_in_flight(pp));
	TEST_ASSERT(pagepool_in_flight(pp2) <= 1, "pool 2 in flight %u",
		    pagepool_in_flight(pp2));
	TEST_ASSERT_EQUAL(rte_mempool_avail_count(data_mp), 255, "data mbufs back");
	TEST_CHECK(check_hdr_all_back());
	TEST_ASSERT_EQUAL(test_info(pp).bad_put + test_info(pp2).bad_put, 0, "bad_put");
	TEST_ASSERT(pagepool_destroy(pp) >= 0, "destroy");
	TEST_ASSERT(pagepool_destroy(pp2) >= 0, "destroy");
	return TEST_SUCCESS;
}

/*
 * Fragment mbufs and their clones, freed by DPDK and by pagepool's own
 * frees, beside fragments of the same page put by name: DPDK drops the
 * page's shared count without naming a fragment, so these puts stay
 * anonymous; none of it may look like a second put, and the page comes
 * home once, with the last reference.
 */
static int
test_mbuf_frag_clone_named(void)
{
	struct rte_mbuf *f1, *f2, *c1;
	struct pagepool_page *pg, *x;
	struct pagepool *pp;
	uint32_t ox;

	pp = test_pool_create("mb_fclone", 16, 4096, rte_lcore_id(), 0, 0);
	TEST_ASSERT_NOT_NULL(pp, "create");
	TEST_ASSERT_NOT_NULL(f1 = pagepool_mbuf_alloc_frag(pp, hdr_mp, 512), "frag mbuf");
	TEST_ASSERT_NOT_NULL(f2 = pagepool_mbuf_alloc_frag(pp, hdr_mp, 512), "frag mbuf");
	TEST_ASSERT_NOT_NULL(x = pagepool_alloc_frag(pp, &ox, 512), "raw fragment");
	pg = pagepool_mbuf_page(f1);
	TEST_ASSERT(pg == pagepool_mbuf_page(f2) && pg == x, "three fragments of one page");
	TEST_ASSERT_NOT_NULL(c1 = rte_pktmbuf_clone(f1, hdr_mp), "clone");
	pagepool_mbuf_free(c1);		/* the clone, pagepool's free */
	rte_pktmbuf_free(f1);		/* the original, DPDK's */
	pagepool_mbuf_free(f2);
	TEST_ASSERT_EQUAL(test_info(pp).bad_put, 0, "bad_put");
	TEST_ASSERT(pagepool_page_refcnt(x) != 0, "page free while x is held");
	pagepool_put_frag(x, ox);
	TEST_ASSERT_EQUAL(test_info(pp).bad_put, 0, "bad_put");
	TEST_ASSERT(pagepool_in_flight(pp) <= 1, "in_flight %u (at most the page being carved)",
		    pagepool_in_flight(pp));
	TEST_CHECK(test_pool_check_all(pp, 0));
	TEST_ASSERT_EQUAL(pagepool_destroy(pp), 0, "destroy");
	return TEST_SUCCESS;
}

static const struct test_case cases[] = {
	TEST_CASE(test_mbuf_alloc),
	TEST_CASE(test_mbuf_free_worker),
	TEST_CASE(test_mbuf_free_pthread),
	TEST_CASE(test_mbuf_alloc_frag),
	TEST_CASE(test_mbuf_attach),
	TEST_CASE(test_mbuf_page_foreign),
	TEST_CASE(test_mbuf_clone),
	TEST_CASE(test_mbuf_frag_clone_named),
	TEST_CASE(test_mbuf_chain),
	TEST_CASE(test_mbuf_free_bulk),
	TEST_CASE(test_mbuf_alloc_fail),
	TEST_CASE(test_mbuf_prefree_seg),
	TEST_CASE(test_mbuf_free_bulk_fast),
	TEST_CASE(test_free_batch_ring),
};

int
main(int argc, char **argv)
{
	struct test_suite s = { "pagepool mbuf bridge", suite_setup, suite_teardown,
				cases, RTE_DIM(cases) };

	RTE_SET_USED(argc);
	RTE_SET_USED(argv);
	return test_main("mbuf", NULL, &s);
}
