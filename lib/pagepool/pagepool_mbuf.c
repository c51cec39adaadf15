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

static struct rte_mbuf *
pp_mbuf_wrap(struct rte_mempool *hdr_mp, struct pagepool_page *pg,
	     uint32_t offset, uint32_t len)
{
	struct rte_mbuf *m;

	if (pg == NULL)
		return NULL;
	m = rte_pktmbuf_alloc(hdr_mp);
	if (m == NULL) {
		pagepool_put_page(pg);
		rte_errno = ENOBUFS;
		return NULL;
	}
	pagepool_mbuf_attach(m, pg, offset, len);
	return m;
}

struct rte_mbuf *
pagepool_mbuf_alloc(struct pagepool *pp, struct rte_mempool *hdr_mp)
{
	if (pp == NULL || hdr_mp == NULL) {
		rte_errno = EINVAL;
		return NULL;
	}
	return pp_mbuf_wrap(hdr_mp, pagepool_alloc(pp), 0, pp->page_size);
}

struct rte_mbuf *
pagepool_mbuf_alloc_frag(struct pagepool *pp, struct rte_mempool *hdr_mp,
			 uint32_t size)
{
	struct pagepool_page *pg;
	uint32_t off = 0;

	if (pp == NULL || hdr_mp == NULL) {
		rte_errno = EINVAL;
		return NULL;
	}
	pg = pagepool_alloc_frag(pp, &off, size);
	return pp_mbuf_wrap(hdr_mp, pg, off,
			    RTE_ALIGN_CEIL(size, PAGEPOOL_FRAG_ALIGN));
}
