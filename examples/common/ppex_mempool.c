/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The pagepool authors
 */

/*
 * An mbuf pool whose objects are pagepool pages: one mbuf (header and data
 * room) per page. Any PMD that takes an rte_mempool in rx_queue_setup (net_null,
 * net_ring, net_tap, net_pcap, DPDK's own NIC drivers) then receives into
 * pagepool pages, and every rte_pktmbuf_free() is a pagepool put: on the
 * pool's owner lcore into its lockless alloc cache, from any other lcore into
 * its return ring. The mempool has no per-lcore cache of its own; the
 * pagepool's alloc cache is that cache.
 *
 *   page i:  | objhdr | struct rte_mbuf | headroom | data ...          |
 *            ^ base + i * page size
 *                     ^ obj = page addr + header_size
 *
 * Pages are virtually contiguous and their descriptors are an array, so a
 * put finds an object's descriptor by arithmetic (checked at creation).
 *
 * A page's reference count is 1 while its mbuf is out of the mempool and 0
 * while it is in the pagepool, so pagepool_in_flight() counts the mbufs the
 * application and the PMDs hold.
 */

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rte_errno.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>

#include <pagepool.h>

#include "ppex.h"

#define PPEX_OPS_NAME "ppex_pagepool"
#define PPEX_PUT_CHUNK 64

/*
 * mp->pool_config, then mp->pool_data: filled before the mempool exists,
 * owned by the mempool from its first populate (ops alloc) on.
 */
struct ppex_mp {
	struct pagepool *pp;
	uint32_t obj_off;		/* object offset within its page */
	uint32_t page_shift;		/* log2(page size) */
	uintptr_t base;			/* address of page 0 */
	struct pagepool_page *desc0;	/* descriptor of page 0 */
};

static inline struct pagepool_page *
ppex_mp_page(const struct ppex_mp *m, const void *obj)
{
	return m->desc0 + (((uintptr_t)obj - m->base) >> m->page_shift);
}

static int
ppex_mp_alloc(struct rte_mempool *mp)
{
	struct ppex_mp *m = mp->pool_config;

	if (m == NULL)
		return -EINVAL;
	/* populate() places each object right after its header, and pages
	 * are cache-line aligned: the offset is the same in every page. */
	m->obj_off = mp->header_size;
	mp->pool_data = m;
	return 0;
}

static void
ppex_mp_free(struct rte_mempool *mp)
{
	rte_free(mp->pool_data);
	mp->pool_data = NULL;
}

static int
ppex_mp_enqueue(struct rte_mempool *mp, void * const *objs, unsigned int n)
{
	const struct ppex_mp *m = mp->pool_data;
	struct pagepool_page *pages[PPEX_PUT_CHUNK];
	unsigned int i, k;

	while (n != 0) {
		k = RTE_MIN(n, (unsigned int)PPEX_PUT_CHUNK);
		for (i = 0; i < k; i++)
			pages[i] = ppex_mp_page(m, objs[i]);
		pagepool_put_bulk(pages, k);
		objs += k;
		n -= k;
	}
	return 0;
}

static int
ppex_mp_dequeue(struct rte_mempool *mp, void **objs, unsigned int n)
{
	const struct ppex_mp *m = mp->pool_data;
	struct pagepool_page **pages = (struct pagepool_page **)objs;
	unsigned int i, got;

	/* A mempool get is all or nothing. */
	got = pagepool_alloc_bulk(m->pp, pages, n);
	if (unlikely(got < n)) {
		pagepool_put_bulk(pages, got);
		return -ENOBUFS;
	}
	for (i = 0; i < n; i++)
		objs[i] = RTE_PTR_ADD(pages[i]->addr, m->obj_off);
	return 0;
}

static unsigned int
ppex_mp_get_count(const struct rte_mempool *mp)
{
	const struct ppex_mp *m = mp->pool_data;

	return mp->size - pagepool_in_flight(m->pp);
}

static const struct rte_mempool_ops ppex_mp_ops = {
	.name = PPEX_OPS_NAME,
	.alloc = ppex_mp_alloc,
	.free = ppex_mp_free,
	.enqueue = ppex_mp_enqueue,
	.dequeue = ppex_mp_dequeue,
	.get_count = ppex_mp_get_count,
};

RTE_MEMPOOL_REGISTER_OPS(ppex_mp_ops);

uint16_t
ppex_page_data_room(uint32_t page_size)
{
	struct rte_mempool_objsz sz;
	uint32_t room;

	/* Object header and mbuf header take the start of the page. */
	rte_mempool_calc_obj_size(sizeof(struct rte_mbuf), RTE_MEMPOOL_F_NO_SPREAD,
				  &sz);
	if (page_size < sz.total_size + RTE_PKTMBUF_HEADROOM)
		return 0;
	room = page_size - sz.total_size;
	return room > UINT16_MAX ? UINT16_MAX : (uint16_t)room;
}

/*
 * Check that page i is at base + i * page size with descriptor desc0 + i,
 * which ppex_mp_page() relies on; record base and desc0.
 */
static int
ppex_mp_layout(struct rte_mempool *mp, struct pagepool_page **held, uint32_t n)
{
	struct ppex_mp *m = mp->pool_config;
	uintptr_t base = UINTPTR_MAX;
	uint32_t i;

	for (i = 0; i < n; i++)
		base = RTE_MIN(base, (uintptr_t)held[i]->addr);
	m->base = base;
	m->desc0 = pagepool_page_from_addr((void *)base);
	for (i = 0; i < n; i++) {
		uintptr_t a = (uintptr_t)held[i]->addr;

		if (m->desc0 == NULL || ppex_mp_page(m, (void *)a) != held[i] ||
		    ((a - base) & (pagepool_page_size(m->pp) - 1)) != 0) {
			fprintf(stderr, "%s: pagepool layout is not an array of pages\n",
				mp->name);
			rte_errno = ENOTSUP;
			return -ENOTSUP;
		}
	}
	return 0;
}

struct rte_mempool *
ppex_mbuf_pool_create(const char *name, uint32_t nb_pages, uint32_t page_size,
		      int socket_id)
{
	struct pagepool_params pp_params;
	struct rte_pktmbuf_pool_private priv = { 0 };
	struct pagepool_page **held = NULL;
	struct rte_mempool *mp = NULL;
	struct ppex_mp *m = NULL;
	struct pagepool *pp;
	uint16_t room = ppex_page_data_room(page_size);
	uint32_t i;
	int ret;

	if (room == 0) {
		fprintf(stderr, "%s: a %u B page cannot hold an mbuf\n", name,
			page_size);
		rte_errno = EINVAL;
		return NULL;
	}
	pagepool_params_init(&pp_params);
	pp_params.name = name;
	pp_params.nb_pages = nb_pages;
	pp_params.page_size = page_size;
	pp_params.socket_id = socket_id;
	pp = pagepool_create(&pp_params);
	if (pp == NULL)
		return NULL;

	mp = rte_mempool_create_empty(name, nb_pages,
			sizeof(struct rte_mbuf) + room, 0, sizeof(priv),
			socket_id, RTE_MEMPOOL_F_NO_SPREAD);
	if (mp == NULL)
		goto fail;
	m = rte_zmalloc_socket("ppex_mp", sizeof(*m), 0, socket_id);
	if (m == NULL) {
		rte_errno = ENOMEM;
		goto fail;
	}
	m->pp = pp;
	m->page_shift = rte_log2_u32(page_size);
	ret = rte_mempool_set_ops_byname(mp, PPEX_OPS_NAME, m);
	if (ret != 0) {
		rte_errno = -ret;
		goto fail;
	}
	priv.mbuf_data_room_size = room;
	rte_pktmbuf_pool_init(mp, &priv);

	/*
	 * Populating enqueues every new object, i.e. puts its page: take
	 * every page out of the pool first so that each put is a real one.
	 */
	held = calloc(nb_pages, sizeof(*held));
	if (held == NULL) {
		rte_errno = ENOMEM;
		goto fail;
	}
	for (i = 0; i < nb_pages; i++) {
		held[i] = pagepool_alloc(pp);
		if (held[i] == NULL)
			goto fail;
	}
	if (ppex_mp_layout(mp, held, nb_pages) != 0)
		goto fail;
	for (i = 0; i < nb_pages; i++) {
		ret = rte_mempool_populate_iova(mp, held[i]->addr,
				pagepool_page_iova(held[i]), page_size, NULL, NULL);
		if (ret != 1) {
			fprintf(stderr, "%s: cannot place an mbuf in page %u: %s\n",
				name, i, rte_strerror(ret < 0 ? -ret : EINVAL));
			rte_errno = ret < 0 ? -ret : EINVAL;
			goto fail;
		}
		held[i] = NULL;	/* the mempool put it back */
	}
	free(held);
	rte_mempool_obj_iter(mp, rte_pktmbuf_init, NULL);
	/* Counters start now: populating is not traffic. */
	pagepool_stats_reset(pp);
	return mp;

fail:
	ret = rte_errno;
	if (held != NULL) {
		for (i = 0; i < nb_pages; i++)
			if (held[i] != NULL)
				pagepool_put_page(held[i]);
		free(held);
	}
	/* Once populating began, the mempool owns m and frees it. */
	if (mp == NULL || mp->pool_data == NULL)
		rte_free(m);
	rte_mempool_free(mp);
	pagepool_destroy(pp);
	rte_errno = ret;
	return NULL;
}

struct pagepool *
ppex_mbuf_pool_pagepool(const struct rte_mempool *mp)
{
	const struct ppex_mp *m;

	if (mp == NULL || strcmp(rte_mempool_get_ops(mp->ops_index)->name,
				 PPEX_OPS_NAME) != 0)
		return NULL;
	m = mp->pool_data;
	return m->pp;
}

int
ppex_mbuf_pool_free(struct rte_mempool *mp)
{
	struct pagepool *pp = ppex_mbuf_pool_pagepool(mp);
	uint32_t left;

	if (pp == NULL) {
		rte_mempool_free(mp);
		return 0;
	}
	/* An mbuf still out would be freed into a freed mempool: keep both. */
	left = pagepool_in_flight(pp);
	if (left != 0)
		return (int)left;
	rte_mempool_free(mp);
	return pagepool_destroy(pp);
}
