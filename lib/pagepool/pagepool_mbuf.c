/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The pagepool authors
 */
#include <rte_errno.h>

#include "pagepool_priv.h"

/*
 * The mbuf layer calls this when the last mbuf attached to a page is freed,
 * on whichever lcore freed it; DPDK has set the page's refcount to 0. A
 * page keeps a count of 1 while home (its state word says home): put it
 * back before the page goes home.
 */
void
__pagepool_mbuf_free_cb(void *addr, void *opaque)
{
	struct pagepool_page *pg = opaque;

	RTE_SET_USED(addr);
	__atomic_store_n(&pg->shinfo.refcnt, 1, __ATOMIC_RELAXED);
	__PAGEPOOL_DBG(pg, put_lcore);
	__pagepool_recycle(pg->pool, pg);
}
