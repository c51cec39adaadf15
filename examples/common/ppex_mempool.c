/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The pagepool authors
 */

/*
 * The examples' mbuf pools on pagepool pages: one mbuf (header and data
 * room) per page, from the mempool driver "pagepool"
 * (drivers/mempool/pagepool, linked), so that any PMD that takes an
 * rte_mempool (net_null, net_ring, net_tap, net_pcap, DPDK's own NIC
 * drivers) receives into pagepool pages and every rte_pktmbuf_free() is a
 * pagepool put. The data room fills the page, so that --page-size is the
 * page size of the pool.
 */

#include <stdio.h>

#include <rte_errno.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>

#include <pagepool_mempool.h>

#include "ppex.h"

uint16_t
ppex_page_data_room(uint32_t page_size)
{
	return pagepool_mempool_data_room(page_size, 0);
}

struct rte_mempool *
ppex_mbuf_pool_create(const char *name, uint32_t nb_pages, uint32_t page_size,
		      int socket_id)
{
	uint16_t room = ppex_page_data_room(page_size);

	if (room == 0) {
		fprintf(stderr, "%s: a %u B page cannot hold an mbuf\n", name,
			page_size);
		rte_errno = EINVAL;
		return NULL;
	}
	/* No cache: the driver would switch it off anyway (doc/mempool.md). */
	return rte_pktmbuf_pool_create_by_ops(name, nb_pages, 0, 0, room,
					      socket_id,
					      PAGEPOOL_MEMPOOL_OPS_NAME);
}

struct pagepool *
ppex_mbuf_pool_pagepool(const struct rte_mempool *mp)
{
	return pagepool_mempool_pagepool(mp);
}

int
ppex_mbuf_pool_free(struct rte_mempool *mp)
{
	struct pagepool *pp = ppex_mbuf_pool_pagepool(mp);
	uint32_t left;

	/* An mbuf still out would be freed into a freed mempool: keep both. */
	left = pagepool_in_flight(pp);
	if (left != 0)
		return (int)left;
	/* The driver destroys the pagepool with the mempool. */
	rte_mempool_free(mp);
	return 0;
}
