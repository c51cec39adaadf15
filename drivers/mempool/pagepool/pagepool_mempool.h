/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The pagepool authors
 */
#ifndef PAGEPOOL_MEMPOOL_H
#define PAGEPOOL_MEMPOOL_H

/**
 * @file
 * Mempool driver "pagepool" (librte_mempool_pagepool.so): rte_mempool ops
 * whose objects are pagepool pages, one object per page, so that any PMD
 * that takes an rte_mempool receives into pagepool pages:
 *
 *   dpdk-testpmd -d librte_mempool_pagepool.so --mbuf-pool-ops-name pagepool
 *
 * An application that links the library may also name the ops itself
 * (rte_pktmbuf_pool_create_by_ops(..., PAGEPOOL_MEMPOOL_OPS_NAME)) and use
 * the calls below. doc/mempool.md explains the choices.
 */

#include <stdint.h>

#include <rte_mempool.h>

#include <pagepool.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Name of the mempool ops (--mbuf-pool-ops-name). */
#define PAGEPOOL_MEMPOOL_OPS_NAME "pagepool"

/**
 * The same ops with the mempool's per-lcore cache left in front: about as
 * fast as ring_mp_mc on one lcore, but a double free that the cache
 * absorbs is not detected. For comparison; doc/mempool.md.
 */
#define PAGEPOOL_MEMPOOL_MPCACHE_OPS_NAME "pagepool_mpcache"

/**
 * Data room of an mbuf pool whose mbufs (priv_size bytes of private area
 * each) exactly fill pages of page_size bytes, or 0 if such a page cannot
 * hold one: the data_room_size to give rte_pktmbuf_pool_create_by_ops().
 */
uint16_t pagepool_mempool_data_room(uint32_t page_size, uint16_t priv_size);

/**
 * The pagepool behind a mempool of these ops (same name as the mempool),
 * or NULL for any other mempool.
 */
struct pagepool *pagepool_mempool_pagepool(const struct rte_mempool *mp);

/**
 * Objects put into the mempool that were not one of its pages' objects
 * (a pointer outside the pool, or not at an object's start): counted and
 * left alone. Puts of objects already in the pool (double frees) are the
 * pagepool's bad_put (pagepool_info_get()).
 */
uint64_t pagepool_mempool_bad_objs(const struct rte_mempool *mp);

#ifdef __cplusplus
}
#endif

#endif /* PAGEPOOL_MEMPOOL_H */
