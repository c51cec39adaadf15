/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The pagepool authors
 */
#include <rte_errno.h>

#include "pagepool_priv.h"

/*
 * The mbuf layer calls this when the last mbuf attached to a page is freed,
 * on whichever lcore freed it; the page's refcount is already 0.
 */
void
__pagepool_mbuf_free_cb(void *addr, void *opaque)
{
	struct pagepool_page *pg = opaque;

	RTE_SET_USED(addr);
	__PAGEPOOL_DBG(pg, put_lcore);
	__pagepool_recycle(pg->pool, pg);
}
