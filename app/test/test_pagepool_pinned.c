/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The pagepool authors
 */
/*
 * Suite "pinned": page mbufs with pinned headers (PAGEPOOL_F_PINNED_MBUF).
 * One header per page, attached for good; the headers are the objects of
 * the pool's mempool, whose put sends the page home. Every free path,
 * DPDK's and ours, on the owner, a second lcore and a non-EAL thread, with
 * chains, clones and double frees, must bring each page home exactly once.
 */
#include <pthread.h>

#include <rte_cycles.h>
#include <rte_lcore.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>

#include "test_common.h"

#define NB 64

static struct rte_mempool *clone_mp;  /* ordinary mbufs: clones, chains */

static int
suite_setup(void)
{
	clone_mp = rte_pktmbuf_pool_create("pin_clone", 255, 0, 0,
					   RTE_MBUF_DEFAULT_BUF_SIZE, SOCKET_ID_ANY);
	TEST_ASSERT_NOT_NULL(clone_mp, "clone mbuf pool");
	return TEST_SUCCESS;
}

static void
suite_teardown(void)
{
	rte_mempool_free(clone_mp);
}

static struct pagepool *
pinned_create(const char *name, uint32_t nb, uint32_t ps, uint32_t headroom)
{
	struct pagepool_params p;

	pagepool_params_init(&p);
	p.name = name;
	p.nb_pages = nb;
	p.page_size = ps;
	p.owner_lcore = rte_lcore_id();
	p.headroom = headroom;
	p.flags = PAGEPOOL_F_PINNED_MBUF;
	return pagepool_create(&p);
}

/* The page a live pinned mbuf holds, checked to be pp's. */
static struct pagepool_page *
page_of(struct pagepool *pp, struct rte_mbuf *m)
{
	struct pagepool_page *pg = pagepool_mbuf_page(m);

	return pg != NULL && pg->pool == pp ? pg : NULL;
}

/* Nothing out, nothing bad, every page there once, mempool agrees. */
static int
check_all_home(struct pagepool *pp, uint64_t bad)
{
	struct rte_mempool *mp = pagepool_mbuf_pool(pp);

	TEST_ASSERT_EQUAL(pagepool_in_flight(pp), 0, "in_flight");
	TEST_ASSERT_EQUAL(test_info(pp).bad_put, bad, "bad_put");
	TEST_ASSERT_EQUAL(rte_mempool_avail_count(mp), test_info(pp).nb_pages,
			  "mempool avail");
	TEST_ASSERT_EQUAL(rte_mempool_in_use_count(mp), 0, "mempool in use");
	TEST_CHECK(test_pool_check_all(pp, 0));
	TEST_CHECK(test_pool_check_sum(pp));
	return TEST_SUCCESS;
}

/* ---- creation ---- */

static int
test_pinned_create(void)
{
	struct pagepool *plain, *pp;
	struct rte_mempool *mp;
	struct rte_pktmbuf_pool_private *priv;
	static const uint32_t sizes[] = { 2048, 4096, 65536 };
	unsigned int i;

	plain = test_pool_create("pin_plain", 16, 4096, rte_lcore_id(), 0, 0);
	TEST_ASSERT_NOT_NULL(plain, "create without the flag");
	rte_errno = 0;
	TEST_ASSERT_NULL(pagepool_pktmbuf_alloc(plain), "pinned alloc without the flag");
	TEST_ASSERT_EQUAL(rte_errno, EINVAL, "rte_errno");
	rte_errno = 0;
	TEST_ASSERT_NULL(pagepool_mbuf_pool(plain), "mbuf pool without the flag");
	TEST_ASSERT_EQUAL(rte_errno, EINVAL, "rte_errno");
	TEST_ASSERT_EQUAL(pagepool_in_flight(plain), 0, "nothing taken");
	TEST_ASSERT_EQUAL(pagepool_destroy(plain), 0, "destroy");
	rte_errno = 0;
	TEST_ASSERT_NULL(pagepool_pktmbuf_alloc(NULL), "NULL pool");
	TEST_ASSERT_EQUAL(rte_errno, EINVAL, "rte_errno");
	TEST_ASSERT_NULL(pagepool_mbuf_pool(NULL), "NULL pool");

	for (i = 0; i < RTE_DIM(sizes); i++) {
		char name[RTE_MEMPOOL_NAMESIZE];

		pp = pinned_create("pin_create", 40, sizes[i], RTE_PKTMBUF_HEADROOM);
		TEST_ASSERT_NOT_NULL(pp, "create, page size %u", sizes[i]);
		mp = pagepool_mbuf_pool(pp);
		TEST_ASSERT_NOT_NULL(mp, "mbuf pool");
		TEST_ASSERT_EQUAL(mp->size, 40, "one header per page");
		TEST_ASSERT_EQUAL(mp->cache_size, 0, "no mempool cache");
		TEST_ASSERT_EQUAL(rte_pktmbuf_data_room_size(mp),
				  RTE_MIN(sizes[i], (uint32_t)UINT16_MAX), "data room");
		TEST_ASSERT_EQUAL(rte_pktmbuf_priv_size(mp), 0, "priv size");
		priv = rte_mempool_get_priv(mp);
		TEST_ASSERT_EQUAL(priv->flags, RTE_PKTMBUF_POOL_F_PINNED_EXT_BUF,
				  "pinned flag");
		TEST_ASSERT_EQUAL(rte_mempool_avail_count(mp), 40, "all available");
		TEST_ASSERT(rte_mempool_lookup(mp->name) == mp, "lookup %s", mp->name);
		snprintf(name, sizeof(name), "%s", mp->name);
		TEST_CHECK(check_all_home(pp, 0));
		TEST_ASSERT_EQUAL(pagepool_destroy(pp), 0, "destroy");
		TEST_ASSERT_NULL(rte_mempool_lookup(name), "mempool %s gone with the pool",
				 name);
	}
	return TEST_SUCCESS;
}

/* ---- the mbuf as handed out, field by field ---- */

static int
check_fresh(struct pagepool *pp, struct rte_mbuf *m, uint32_t ps,
	    uint16_t headroom)
{
	struct pagepool_page *pg = page_of(pp, m);

	TEST_ASSERT_NOT_NULL(pg, "pagepool_mbuf_page");
	TEST_ASSERT(m->pool == pagepool_mbuf_pool(pp), "pool");
	TEST_ASSERT(m->shinfo == &pg->shinfo, "shinfo is the page's");
	TEST_ASSERT(m->buf_addr == pg->addr, "buf_addr");
	TEST_ASSERT_EQUAL(rte_mbuf_iova_get(m), pg->iova, "buf_iova");
	TEST_ASSERT_EQUAL(m->buf_len, RTE_MIN(ps, (uint32_t)UINT16_MAX), "buf_len");
	TEST_ASSERT_EQUAL(m->data_off, headroom, "data_off");
	TEST_ASSERT_EQUAL(rte_mbuf_refcnt_read(m), 1, "refcnt");
	TEST_ASSERT_EQUAL(m->nb_segs, 1, "nb_segs");
	TEST_ASSERT_NULL(m->next, "next");
	TEST_ASSERT_EQUAL(m->port, RTE_MBUF_PORT_INVALID, "port");
	TEST_ASSERT_EQUAL(m->ol_flags, RTE_MBUF_F_EXTERNAL, "ol_flags");
	TEST_ASSERT_EQUAL(m->packet_type, 0, "packet_type");
	TEST_ASSERT_EQUAL(m->data_len, 0, "data_len");
	TEST_ASSERT_EQUAL(m->pkt_len, 0, "pkt_len");
	TEST_ASSERT_EQUAL(m->vlan_tci, 0, "vlan_tci");
	TEST_ASSERT_EQUAL(m->vlan_tci_outer, 0, "vlan_tci_outer");
	TEST_ASSERT_EQUAL(m->tx_offload, 0, "tx_offload");
	TEST_ASSERT_EQUAL(m->priv_size, 0, "priv_size");
	TEST_ASSERT(RTE_MBUF_HAS_PINNED_EXTBUF(m), "pinned external buffer");
	TEST_ASSERT_EQUAL(pagepool_page_refcnt(pg), 1, "page refcnt");
	TEST_ASSERT_EQUAL(rte_mbuf_check(m, 1, NULL), 0, "rte_mbuf_check");
	TEST_ASSERT(rte_pktmbuf_mtod(m, uint8_t *) == (uint8_t *)pg->addr + headroom,
		    "mtod");
	return TEST_SUCCESS;
}

/* What an application may leave in an mbuf that a reset must clear. */
static void
dirty(struct rte_mbuf *m)
{
	rte_pktmbuf_append(m, 100);
	m->port = 3;
	m->vlan_tci = 0x123;
	m->vlan_tci_outer = 0x456;
	m->packet_type = RTE_PTYPE_L2_ETHER | RTE_PTYPE_L3_IPV4;
	m->ol_flags |= RTE_MBUF_F_RX_VLAN | RTE_MBUF_F_RX_IP_CKSUM_GOOD;
	m->l2_len = 14;
	m->l3_len = 20;
	m->data_off = 7;
}

static int
test_pinned_fields(void)
{
	static const uint32_t sizes[] = { 2048, 4096, 16384, 65536 };
	struct rte_mbuf dpdk, ours;
	struct pagepool *pp;
	struct rte_mbuf *m, *m2;
	unsigned int i;

	for (i = 0; i < RTE_DIM(sizes); i++) {
		pp = pinned_create("pin_fields", 16, sizes[i], 256);
		TEST_ASSERT_NOT_NULL(pp, "create");
		m = pagepool_pktmbuf_alloc(pp);
		TEST_ASSERT_NOT_NULL(m, "pinned alloc, page size %u", sizes[i]);
		TEST_CHECK(check_fresh(pp, m, sizes[i], 256));
		TEST_ASSERT_EQUAL(pagepool_in_flight(pp), 1, "in_flight");
		TEST_ASSERT_EQUAL(rte_mempool_in_use_count(m->pool), 1, "in use");
		dirty(m);
		rte_pktmbuf_free(m);
		TEST_ASSERT_EQUAL(pagepool_in_flight(pp), 0, "in_flight after free");
		/* DPDK's allocator over the same header: its own headroom */
		m2 = rte_pktmbuf_alloc(pagepool_mbuf_pool(pp));
		TEST_ASSERT_NOT_NULL(m2, "rte_pktmbuf_alloc");
		TEST_ASSERT(m2 == m, "LIFO: the same page and header");
		TEST_CHECK(check_fresh(pp, m2, sizes[i], RTE_PKTMBUF_HEADROOM));
		rte_pktmbuf_free(m2);
		TEST_CHECK(check_all_home(pp, 0));
		TEST_ASSERT_EQUAL(pagepool_destroy(pp), 0, "destroy");
	}

	/*
	 * Byte for byte against DPDK: with the pool's headroom equal to
	 * RTE_PKTMBUF_HEADROOM, pagepool_pktmbuf_alloc() must leave the
	 * header exactly as rte_pktmbuf_alloc() does, after the same use.
	 */
	pp = pinned_create("pin_bytes", 16, 4096, RTE_PKTMBUF_HEADROOM);
	TEST_ASSERT_NOT_NULL(pp, "create");
	m = rte_pktmbuf_alloc(pagepool_mbuf_pool(pp));
	TEST_ASSERT_NOT_NULL(m, "rte_pktmbuf_alloc");
	dirty(m);
	rte_pktmbuf_free(m);
	m = rte_pktmbuf_alloc(pagepool_mbuf_pool(pp));
	TEST_ASSERT_NOT_NULL(m, "rte_pktmbuf_alloc");
	memcpy(&dpdk, m, sizeof(dpdk));
	dirty(m);
	rte_pktmbuf_free(m);
	m2 = pagepool_pktmbuf_alloc(pp);
	TEST_ASSERT(m2 == m, "the same header");
	memcpy(&ours, m2, sizeof(ours));
	TEST_ASSERT_EQUAL(ours.data_off, dpdk.data_off, "data_off");
	TEST_ASSERT_EQUAL(ours.refcnt, dpdk.refcnt, "refcnt");
	TEST_ASSERT_EQUAL(ours.nb_segs, dpdk.nb_segs, "nb_segs");
	TEST_ASSERT_EQUAL(ours.port, dpdk.port, "port");
	TEST_ASSERT_EQUAL(ours.ol_flags, dpdk.ol_flags, "ol_flags");
	TEST_ASSERT_EQUAL(ours.packet_type, dpdk.packet_type, "packet_type");
	TEST_ASSERT_EQUAL(ours.pkt_len, dpdk.pkt_len, "pkt_len");
	TEST_ASSERT_EQUAL(ours.data_len, dpdk.data_len, "data_len");
	TEST_ASSERT_EQUAL(ours.vlan_tci, dpdk.vlan_tci, "vlan_tci");
	TEST_ASSERT_EQUAL(ours.vlan_tci_outer, dpdk.vlan_tci_outer, "vlan_tci_outer");
	TEST_ASSERT_EQUAL(ours.tx_offload, dpdk.tx_offload, "tx_offload");
	TEST_ASSERT(ours.next == dpdk.next, "next");
	TEST_ASSERT(ours.shinfo == dpdk.shinfo, "shinfo");
	TEST_ASSERT(ours.buf_addr == dpdk.buf_addr, "buf_addr");
	TEST_ASSERT_EQUAL(ours.buf_iova, dpdk.buf_iova, "buf_iova");
	TEST_ASSERT_EQUAL(ours.buf_len, dpdk.buf_len, "buf_len");
	TEST_ASSERT(ours.pool == dpdk.pool, "pool");
	TEST_ASSERT_EQUAL(ours.priv_size, dpdk.priv_size, "priv_size");
	TEST_ASSERT_EQUAL(memcmp(&ours, &dpdk, sizeof(ours)), 0,
			  "some other byte of the header differs");
	pagepool_mbuf_free(m2);
	TEST_CHECK(check_all_home(pp, 0));
	TEST_ASSERT_EQUAL(pagepool_destroy(pp), 0, "destroy");
	return TEST_SUCCESS;
}

/* ---- every free path ---- */

enum free_path {
	FP_RTE_FREE, FP_RTE_FREE_SEG, FP_RTE_FREE_BULK, FP_PP_FREE,
	FP_PP_FREE_BULK, FP_BATCH_SEG, FP_NB
};
static const char *const fp_names[FP_NB] = {
	"rte_pktmbuf_free", "rte_pktmbuf_free_seg", "rte_pktmbuf_free_bulk",
	"pagepool_mbuf_free", "pagepool_mbuf_free_bulk", "pagepool_free_batch_seg",
};

/* Free n single-segment mbufs (chains for the paths that follow next). */
static void
free_by(enum free_path fp, struct rte_mbuf **m, unsigned int n)
{
	struct pagepool_free_batch b;
	unsigned int i;

	switch (fp) {
	case FP_RTE_FREE:
		for (i = 0; i < n; i++)
			rte_pktmbuf_free(m[i]);
		break;
	case FP_RTE_FREE_SEG:
		for (i = 0; i < n; i++)
			rte_pktmbuf_free_seg(m[i]);
		break;
	case FP_RTE_FREE_BULK:
		rte_pktmbuf_free_bulk(m, n);
		break;
	case FP_PP_FREE:
		for (i = 0; i < n; i++)
			pagepool_mbuf_free(m[i]);
		break;
	case FP_PP_FREE_BULK:
		pagepool_mbuf_free_bulk(m, n);
		break;
	default:
		pagepool_free_batch_init(&b);
		for (i = 0; i < n; i++)
			pagepool_free_batch_seg(&b, m[i]);
		pagepool_free_batch_flush(&b);
		break;
	}
}

struct free_job {
	enum free_path fp;
	struct rte_mbuf **m;
	unsigned int n;
};

static int
job_free(void *arg)
{
	struct free_job *j = arg;

	free_by(j->fp, j->m, j->n);
	return TEST_SUCCESS;
}

/* where: 0 the owner, 1 the worker lcore, 2 a non-EAL thread */
static int
check_free_path(enum free_path fp, int where)
{
	struct rte_mbuf *m[NB];
	struct free_job j = { fp, m, NB };
	struct pagepool *pp;
	unsigned int i, got;

	pp = pinned_create("pin_free", NB * 2, 4096, RTE_PKTMBUF_HEADROOM);
	TEST_ASSERT_NOT_NULL(pp, "create");
	/* half one by one, half in bulk */
	for (i = 0; i < NB / 2; i++) {
		m[i] = pagepool_pktmbuf_alloc(pp);
		TEST_ASSERT_NOT_NULL(m[i], "alloc %u", i);
	}
	got = pagepool_pktmbuf_alloc_bulk(pp, m + NB / 2, NB / 2);
	TEST_ASSERT_EQUAL(got, NB / 2, "bulk alloc");
	for (i = 0; i < NB; i++) {
		TEST_CHECK(check_fresh(pp, m[i], 4096, RTE_PKTMBUF_HEADROOM));
		memset(rte_pktmbuf_append(m[i], 60), (int)i, 60);
	}
	TEST_ASSERT_EQUAL(pagepool_in_flight(pp), NB, "in_flight");
	pagepool_stats_reset(pp);
	if (where == 0)
		free_by(fp, m, NB);
	else if (where == 1)
		TEST_CHECK(test_on_worker(job_free, &j));
	else
		TEST_CHECK(test_on_pthread(job_free, &j));
	if (where == 0) {
		TEST_ASSERT_EQUAL(pagepool_in_flight(pp), 0, "in_flight after %s",
				  fp_names[fp]);
#ifdef PAGEPOOL_STATS
		TEST_ASSERT_EQUAL(test_info(pp).stats.recycle_cached, NB,
				  "the owner's frees go to its cache");
#endif
	} else {
#ifdef PAGEPOOL_STATS
		TEST_ASSERT_EQUAL(test_info(pp).stats.recycle_ring, NB,
				  "remote frees go through the return ring");
#endif
	}
	for (i = 0; i < NB; i++)
		TEST_ASSERT_NULL(pagepool_mbuf_page(m[i]),
				 "header %u still names a page after %s", i,
				 fp_names[fp]);
	TEST_CHECK(check_all_home(pp, 0));
	TEST_ASSERT_EQUAL(pagepool_destroy(pp), 0, "destroy");
	return TEST_SUCCESS;
}

static int
test_pinned_free_paths(void)
{
	int fp, where;

	for (where = 0; where < 3; where++)
		for (fp = 0; fp < FP_NB; fp++) {
			int r = check_free_path((enum free_path)fp, where);

			if (r != TEST_SUCCESS) {
				printf("    (free path %s, %s)\n", fp_names[fp],
				       where == 0 ? "owner" :
				       where == 1 ? "worker lcore" : "non-EAL thread");
				return r;
			}
		}
	return TEST_SUCCESS;
}

/* ---- DPDK's allocator on the pool's mempool ---- */

static int
test_pinned_rte_alloc(void)
{
	struct pagepool *pp;
	struct rte_mempool *mp;
	struct rte_mbuf *m[NB];
	void *objs[4];
	unsigned int i;

	pp = pinned_create("pin_rte", NB, 4096, 64);
	TEST_ASSERT_NOT_NULL(pp, "create");
	mp = pagepool_mbuf_pool(pp);
	for (i = 0; i < NB / 2; i++) {
		m[i] = rte_pktmbuf_alloc(mp);
		TEST_ASSERT_NOT_NULL(m[i], "rte_pktmbuf_alloc %u", i);
		TEST_CHECK(check_fresh(pp, m[i], 4096, RTE_PKTMBUF_HEADROOM));
	}
	TEST_ASSERT_EQUAL(rte_pktmbuf_alloc_bulk(mp, m + NB / 2, NB / 2), 0,
			  "rte_pktmbuf_alloc_bulk");
	for (i = NB / 2; i < NB; i++)
		TEST_CHECK(check_fresh(pp, m[i], 4096, RTE_PKTMBUF_HEADROOM));
	TEST_ASSERT_EQUAL(pagepool_in_flight(pp), NB, "in_flight");
	TEST_ASSERT_EQUAL(rte_mempool_in_use_count(mp), NB, "mempool in use");
	TEST_ASSERT_EQUAL(rte_mempool_avail_count(mp), 0, "mempool avail");
	for (i = 0; i < NB; i++)
		for (unsigned int k = i + 1; k < NB; k++)
			TEST_ASSERT(m[i] != m[k] && m[i]->buf_addr != m[k]->buf_addr,
				    "mbufs %u and %u share a header or page", i, k);
	rte_pktmbuf_free_bulk(m, NB);
	TEST_CHECK(check_all_home(pp, 0));

	/* the raw mempool calls too */
	TEST_ASSERT_EQUAL(rte_mempool_get_bulk(mp, objs, 4), 0, "get_bulk");
	TEST_ASSERT_EQUAL(pagepool_in_flight(pp), 4, "in_flight");
	rte_mempool_put_bulk(mp, objs, 4);
	TEST_CHECK(check_all_home(pp, 0));
	TEST_ASSERT_EQUAL(pagepool_destroy(pp), 0, "destroy");
	return TEST_SUCCESS;
}

/* ---- chains ---- */

static int
test_pinned_chain(void)
{
	struct pagepool *pp;
	struct rte_mbuf *h, *s;
	unsigned int round, i;

	pp = pinned_create("pin_chain", 16, 2048, RTE_PKTMBUF_HEADROOM);
	TEST_ASSERT_NOT_NULL(pp, "create");
	for (round = 0; round < 3; round++) {
		h = pagepool_pktmbuf_alloc(pp);
		TEST_ASSERT_NOT_NULL(h, "head");
		rte_pktmbuf_append(h, 1000);
		for (i = 0; i < 3; i++) {
			s = pagepool_pktmbuf_alloc(pp);
			TEST_ASSERT_NOT_NULL(s, "segment");
			rte_pktmbuf_append(s, 500);
			TEST_ASSERT_EQUAL(rte_pktmbuf_chain(h, s), 0, "chain");
		}
		/* and an ordinary mbuf in the middle of it all */
		s = rte_pktmbuf_alloc(clone_mp);
		TEST_ASSERT_NOT_NULL(s, "plain segment");
		rte_pktmbuf_append(s, 10);
		TEST_ASSERT_EQUAL(rte_pktmbuf_chain(h, s), 0, "chain");
		TEST_ASSERT_EQUAL(h->nb_segs, 5, "nb_segs");
		TEST_ASSERT_EQUAL(h->pkt_len, 2510, "pkt_len");
		TEST_ASSERT_EQUAL(rte_mbuf_check(h, 1, NULL), 0, "rte_mbuf_check");
		TEST_ASSERT_EQUAL(pagepool_in_flight(pp), 4, "in_flight");
		if (round == 0)
			rte_pktmbuf_free(h);
		else if (round == 1)
			pagepool_mbuf_free(h);
		else
			pagepool_mbuf_free_bulk(&h, 1);
		TEST_ASSERT_EQUAL(pagepool_in_flight(pp), 0, "in_flight after round %u",
				  round);
		TEST_ASSERT_EQUAL(rte_mempool_avail_count(clone_mp), 255,
				  "plain segment back in its pool");
	}
	TEST_CHECK(check_all_home(pp, 0));
	TEST_ASSERT_EQUAL(pagepool_destroy(pp), 0, "destroy");
	return TEST_SUCCESS;
}

/* ---- clones and extra page references ---- */

static void
free_one(int how, struct rte_mbuf *m)
{
	if (how == 0)
		rte_pktmbuf_free(m);
	else
		pagepool_mbuf_free(m);
}

static int
test_pinned_clone(void)
{
	struct pagepool *pp;
	struct rte_mbuf *m, *c;
	struct pagepool_page *pg;
	int order, how_m, how_c;

	pp = pinned_create("pin_clone", 16, 4096, RTE_PKTMBUF_HEADROOM);
	TEST_ASSERT_NOT_NULL(pp, "create");
	for (order = 0; order < 2; order++)
		for (how_m = 0; how_m < 2; how_m++)
			for (how_c = 0; how_c < 2; how_c++) {
				m = pagepool_pktmbuf_alloc(pp);
				TEST_ASSERT_NOT_NULL(m, "alloc");
				pg = page_of(pp, m);
				memset(rte_pktmbuf_append(m, 64), 0xab, 64);
				c = rte_pktmbuf_clone(m, clone_mp);
				TEST_ASSERT_NOT_NULL(c, "clone");
				TEST_ASSERT(c->buf_addr == m->buf_addr, "clone shares the page");
				TEST_ASSERT_EQUAL(pagepool_page_refcnt(pg), 2, "page refcnt");
				TEST_ASSERT_EQUAL(rte_pktmbuf_mtod(c, uint8_t *)[63], 0xab,
						  "data through the clone");
				if (order == 0) {
					free_one(how_m, m);
					TEST_ASSERT_EQUAL(pagepool_in_flight(pp), 1,
							  "the clone keeps the page");
					TEST_ASSERT_EQUAL(pagepool_page_refcnt(pg), 1,
							  "page refcnt");
					free_one(how_c, c);
				} else {
					free_one(how_c, c);
					TEST_ASSERT_EQUAL(pagepool_in_flight(pp), 1,
							  "the header keeps the page");
					TEST_ASSERT(pagepool_mbuf_page(m) == pg,
						    "header still live");
					free_one(how_m, m);
				}
				TEST_ASSERT_EQUAL(pagepool_in_flight(pp), 0,
						  "order %d, frees %d/%d", order,
						  how_m, how_c);
				TEST_ASSERT_EQUAL(pagepool_page_refcnt(pg), 0,
						  "page refcnt at home");
				TEST_ASSERT_EQUAL(rte_mempool_avail_count(clone_mp), 255,
						  "clone back in its pool");
				TEST_ASSERT_EQUAL(test_info(pp).bad_put, 0, "bad_put");
			}

	/* an extra page reference, dropped before or after the header */
	for (order = 0; order < 2; order++)
		for (how_m = 0; how_m < 2; how_m++) {
			m = pagepool_pktmbuf_alloc(pp);
			TEST_ASSERT_NOT_NULL(m, "alloc");
			pg = page_of(pp, m);
			pagepool_page_get(pg);
			if (order == 0) {
				free_one(how_m, m);
				TEST_ASSERT_EQUAL(pagepool_in_flight(pp), 1, "page held");
				pagepool_put_page(pg);
			} else {
				pagepool_put_page(pg);
				TEST_ASSERT_EQUAL(pagepool_in_flight(pp), 1, "page held");
				free_one(how_m, m);
			}
			TEST_ASSERT_EQUAL(pagepool_in_flight(pp), 0, "in_flight");
			TEST_ASSERT_EQUAL(pagepool_page_refcnt(pg), 0, "refcnt");
		}
	/* every header usable again: all pages out at once, all distinct */
	TEST_CHECK(check_all_home(pp, 0));
	TEST_ASSERT_EQUAL(pagepool_destroy(pp), 0, "destroy");
	return TEST_SUCCESS;
}

/* ---- double free ---- */

static int
test_pinned_double_free(void)
{
	struct pagepool *pp;
	struct rte_mbuf *m, *again[NB];
	struct pagepool_page *pg, *raw;
	uint64_t bad = 0;
	int fp;

	pp = pinned_create("pin_dbl", NB, 4096, RTE_PKTMBUF_HEADROOM);
	TEST_ASSERT_NOT_NULL(pp, "create");
	for (fp = 0; fp < FP_NB; fp++) {
		/* freed once the ordinary way, then again by path fp */
		m = pagepool_pktmbuf_alloc(pp);
		TEST_ASSERT_NOT_NULL(m, "alloc");
		pg = page_of(pp, m);
		rte_pktmbuf_free(m);
		TEST_ASSERT_EQUAL(pagepool_page_refcnt(pg), 0, "home");
		free_by((enum free_path)fp, &m, 1);
		bad++;
		TEST_ASSERT_EQUAL(test_info(pp).bad_put, bad,
				  "second free by %s not counted", fp_names[fp]);
		TEST_ASSERT_EQUAL(pagepool_page_refcnt(pg), 0,
				  "page refcount touched by %s", fp_names[fp]);
		TEST_ASSERT_EQUAL(pagepool_in_flight(pp), 0, "in_flight");

		/* the page handed out again as a raw page: still caught */
		m = pagepool_pktmbuf_alloc(pp);
		TEST_ASSERT_NOT_NULL(m, "alloc");
		pg = page_of(pp, m);
		free_by((enum free_path)fp, &m, 1);
		raw = pagepool_alloc(pp);
		TEST_ASSERT(raw == pg, "LIFO: the same page");
		free_by((enum free_path)fp, &m, 1);
		bad++;
		TEST_ASSERT_EQUAL(test_info(pp).bad_put, bad,
				  "free of an idle header by %s not counted", fp_names[fp]);
		TEST_ASSERT_EQUAL(pagepool_page_refcnt(raw), 1,
				  "the raw holder's reference was dropped");
		TEST_ASSERT_EQUAL(pagepool_in_flight(pp), 1, "in_flight");
		pagepool_put_page(raw);
	}
	/* a second free on another lcore, of many at once */
	TEST_ASSERT_EQUAL(pagepool_pktmbuf_alloc_bulk(pp, again, NB), NB, "bulk");
	rte_pktmbuf_free_bulk(again, NB);
	{
		struct free_job j = { FP_RTE_FREE_BULK, again, NB };

		TEST_CHECK(test_on_worker(job_free, &j));
		bad += NB;
		j.fp = FP_PP_FREE_BULK;
		TEST_CHECK(test_on_pthread(job_free, &j));
		bad += NB;
	}
	/* no page handed out twice, none lost */
	TEST_CHECK(check_all_home(pp, bad));
	TEST_ASSERT_EQUAL(pagepool_destroy(pp), 0, "destroy");
	return TEST_SUCCESS;
}

/* ---- exhaustion ---- */

static int
test_pinned_exhaustion(void)
{
	struct pagepool *pp;
	struct rte_mempool *mp;
	struct rte_mbuf *m[8], *more[4];
	void *obj;
	unsigned int i;

	pp = pinned_create("pin_empty", 8, 4096, RTE_PKTMBUF_HEADROOM);
	TEST_ASSERT_NOT_NULL(pp, "create");
	mp = pagepool_mbuf_pool(pp);
	for (i = 0; i < 8; i++) {
		m[i] = pagepool_pktmbuf_alloc(pp);
		TEST_ASSERT_NOT_NULL(m[i], "alloc %u", i);
	}
	rte_errno = 0;
	TEST_ASSERT_NULL(pagepool_pktmbuf_alloc(pp), "alloc from an empty pool");
	TEST_ASSERT_EQUAL(rte_errno, ENOBUFS, "rte_errno");
	TEST_ASSERT_NULL(rte_pktmbuf_alloc(mp), "rte_pktmbuf_alloc, empty");
	TEST_ASSERT(rte_mempool_get(mp, &obj) < 0, "rte_mempool_get, empty");
	rte_errno = 0;
	TEST_ASSERT_EQUAL(pagepool_pktmbuf_alloc_bulk(pp, more, 4), 0, "bulk, empty");
	TEST_ASSERT_EQUAL(rte_errno, ENOBUFS, "rte_errno");
	TEST_ASSERT_EQUAL(pagepool_in_flight(pp), 8, "nothing more held");
	/* three back: a bulk of four gets three, DPDK's bulk gets nothing */
	rte_pktmbuf_free_bulk(m, 3);
	TEST_ASSERT(rte_pktmbuf_alloc_bulk(mp, more, 4) < 0, "DPDK bulk: all or nothing");
	TEST_ASSERT_EQUAL(pagepool_in_flight(pp), 5, "nothing held by the failed bulk");
	TEST_ASSERT_EQUAL(pagepool_pktmbuf_alloc_bulk(pp, more, 4), 3, "short bulk");
	TEST_ASSERT_EQUAL(pagepool_in_flight(pp), 8, "in_flight");
#ifdef PAGEPOOL_STATS
	TEST_ASSERT(test_info(pp).stats.alloc_empty >= 4, "alloc_empty counted");
#endif
	rte_pktmbuf_free_bulk(more, 3);
	pagepool_mbuf_free_bulk(m + 3, 5);
	TEST_CHECK(check_all_home(pp, 0));
	TEST_ASSERT_EQUAL(pagepool_destroy(pp), 0, "destroy");
	return TEST_SUCCESS;
}

/* ---- destroy ---- */

static int
test_pinned_destroy(void)
{
	struct pagepool *pp;
	struct rte_mbuf *m[4];
	char name[RTE_MEMPOOL_NAMESIZE];
	uint64_t t0;
	int i;

	/* nothing in flight: pool and mempool go at once */
	pp = pinned_create("pin_dtor", 16, 4096, RTE_PKTMBUF_HEADROOM);
	TEST_ASSERT_NOT_NULL(pp, "create");
	for (i = 0; i < 4; i++)
		m[i] = pagepool_pktmbuf_alloc(pp);
	rte_pktmbuf_free_bulk(m, 4);
	snprintf(name, sizeof(name), "%s", pagepool_mbuf_pool(pp)->name);
	TEST_ASSERT_EQUAL(pagepool_destroy(pp), 0, "destroy with 0 in flight");
	TEST_ASSERT_NULL(pagepool_lookup("pin_dtor"), "pool gone");
	TEST_ASSERT_NULL(rte_mempool_lookup(name), "mempool gone");

	/* two out: the pool waits for them, then goes, mempool and all */
	pp = pinned_create("pin_dtor2", 16, 4096, RTE_PKTMBUF_HEADROOM);
	TEST_ASSERT_NOT_NULL(pp, "create");
	m[0] = pagepool_pktmbuf_alloc(pp);
	m[1] = rte_pktmbuf_alloc(pagepool_mbuf_pool(pp));
	TEST_ASSERT(m[0] != NULL && m[1] != NULL, "alloc");
	snprintf(name, sizeof(name), "%s", pagepool_mbuf_pool(pp)->name);
	TEST_ASSERT_EQUAL(pagepool_destroy(pp), 2, "destroy with 2 in flight");
	TEST_ASSERT_NOT_NULL(rte_mempool_lookup(name), "mempool kept meanwhile");
	rte_pktmbuf_free(m[0]);
	pagepool_mbuf_free(m[1]);
	t0 = rte_get_timer_cycles();
	while (pagepool_lookup("pin_dtor2") != NULL &&
	       rte_get_timer_cycles() - t0 < 10 * rte_get_timer_hz())
		rte_delay_ms(10);
	TEST_ASSERT_NULL(pagepool_lookup("pin_dtor2"), "pool freed after its pages");
	TEST_ASSERT_NULL(rte_mempool_lookup(name), "mempool freed with it");
	return TEST_SUCCESS;
}

static const struct test_case cases[] = {
	TEST_CASE(test_pinned_create),
	TEST_CASE(test_pinned_fields),
	TEST_CASE(test_pinned_free_paths),
	TEST_CASE(test_pinned_rte_alloc),
	TEST_CASE(test_pinned_chain),
	TEST_CASE(test_pinned_clone),
	TEST_CASE(test_pinned_double_free),
	TEST_CASE(test_pinned_exhaustion),
	TEST_CASE(test_pinned_destroy),
};

int
main(int argc, char **argv)
{
	struct test_suite s = { "pagepool pinned page mbufs", suite_setup,
				suite_teardown, cases, RTE_DIM(cases) };

	RTE_SET_USED(argc);
	RTE_SET_USED(argv);
	return test_main("pinned", NULL, &s);
}
