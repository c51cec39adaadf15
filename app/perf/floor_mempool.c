/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The pagepool authors
 */
/*
 * Mempool ops "perf_lifo": the cheapest mempool driver there can be, for
 * app/perf/mempool_bench.py --floor. Not pagepool, and not for use.
 *
 * Issue 10 asks the mempool driver "pagepool" for 1.2 x ring_mp_mc's rate
 * in testpmd io, ring_mp_mc running with its per-lcore cache. Ours runs
 * without one (a mempool cache takes a double free in silence, and its
 * pages are invisible to in-flight accounting: doc/mempool.md), so every
 * mbuf free is a call into the ops. This driver is that shape with no
 * work at all: a stack of pointers, no check, no ownership, no lock, no
 * statistics. Whatever rate it reaches with the cache off bounds what any
 * driver that sees every free can reach.
 *
 * It assumes one lcore at a time uses a pool, as testpmd does with one
 * forwarding lcore per process (the main lcore fills and drains the RX
 * rings only while forwarding is stopped). mempool_bench.py runs it with
 * --mbcache=0, so that DPDK calls it on every get and put.
 */
#include <errno.h>
#include <string.h>

#include <rte_common.h>
#include <rte_malloc.h>
#include <rte_mempool.h>

#include "floor_mempool.h"

static int
lifo_alloc(struct rte_mempool *mp)
{
	struct perf_lifo *s;

	s = rte_zmalloc_socket("perf_lifo",
			       sizeof(*s) + (size_t)mp->size * sizeof(void *),
			       RTE_CACHE_LINE_SIZE, mp->socket_id);
	if (s == NULL)
		return -ENOMEM;
	s->size = mp->size;
	mp->pool_data = s;
	return 0;
}

static void
lifo_free(struct rte_mempool *mp)
{
	rte_free(mp->pool_data);
}

static int
lifo_enqueue(struct rte_mempool *mp, void * const *objs, unsigned int n)
{
	struct perf_lifo *s = mp->pool_data;

	if (unlikely(n > s->size - s->len))
		return -ENOBUFS;
	if (likely(n == 1)) {
		s->objs[s->len++] = objs[0];
		return 0;
	}
	memcpy(&s->objs[s->len], objs, n * sizeof(*objs));
	s->len += n;
	return 0;
}

static int
lifo_dequeue(struct rte_mempool *mp, void **objs, unsigned int n)
{
	struct perf_lifo *s = mp->pool_data;

	if (unlikely(n > s->len))
		return -ENOBUFS;
	s->len -= n;
	memcpy(objs, &s->objs[s->len], n * sizeof(*objs));
	return 0;
}

static unsigned int
lifo_get_count(const struct rte_mempool *mp)
{
	const struct perf_lifo *s = mp->pool_data;

	return s->len;
}

static const struct rte_mempool_ops lifo_ops = {
	.name = PERF_LIFO_OPS_NAME,
	.alloc = lifo_alloc,
	.free = lifo_free,
	.enqueue = lifo_enqueue,
	.dequeue = lifo_dequeue,
	.get_count = lifo_get_count,
};

RTE_MEMPOOL_REGISTER_OPS(lifo_ops);
