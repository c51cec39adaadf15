/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The pagepool authors
 */
#ifndef PERF_FLOOR_MEMPOOL_H
#define PERF_FLOOR_MEMPOOL_H

/*
 * Mempool ops "perf_lifo" (floor_mempool.c): a stack of pointers that
 * checks nothing, the floor of a mempool driver that sees every get and
 * put. pagepool-perf compiles it in for its floor_mbuf row;
 * librte_mempool_perf_lifo.so is the same for dpdk-testpmd -d.
 */
#include <rte_branch_prediction.h>
#include <rte_mempool.h>

#define PERF_LIFO_OPS_NAME "perf_lifo"

/* mp->pool_data of a perf_lifo mempool */
struct perf_lifo {
	unsigned int len;
	unsigned int size;
	void *objs[];
};

/* Take the object on top, or NULL: what an inline allocation does. */
static inline void *
perf_lifo_pop(struct rte_mempool *mp)
{
	struct perf_lifo *s = mp->pool_data;

	return likely(s->len != 0) ? s->objs[--s->len] : NULL;
}

#endif /* PERF_FLOOR_MEMPOOL_H */
