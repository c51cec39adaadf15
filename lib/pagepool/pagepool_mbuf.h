/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The pagepool authors
 */
#ifndef PAGEPOOL_MBUF_H
#define PAGEPOOL_MBUF_H

/**
 * @file
 * The mbuf bridge: a page or fragment as an rte_mbuf's external buffer.
 *
 * The mbuf's shared info is the page descriptor's shinfo, so the mbuf
 * layer and the pool count the same references: rte_pktmbuf_free() on any
 * lcore drops one, and the last one returns the page to its owning pool
 * through __pagepool_mbuf_free_cb(). Nothing is written into the packet
 * buffer. Any mbuf pool can supply the header mbufs; one with a data room
 * of 0 wastes no memory.
 *
 * A pool created with PAGEPOOL_F_PINNED_MBUF also has one mbuf header per
 * page, attached to its page for good (DPDK's pinned external buffers):
 * pagepool_pktmbuf_alloc() is then one allocation, and the headers are the
 * objects of an rte_mempool (pagepool_mbuf_pool()) whose put sends the
 * page home, so a plain rte_pktmbuf_free() anywhere does.
 */

#include <rte_errno.h>
#include <rte_mbuf.h>
#include <rte_prefetch.h>

#include "pagepool_helpers.h"

#ifdef __cplusplus
extern "C" {
#endif

/** @internal rte_mbuf_ext_shared_info.free_cb of every pagepool page. */
void __pagepool_mbuf_free_cb(void *addr, void *opaque);

/**
 * Attach bytes [offset, offset + len) of a page as m's external buffer.
 * The mbuf takes over one page reference held by the caller (the one
 * pagepool_alloc() or pagepool_alloc_frag() returned). data_off is set to
 * the pool's headroom when it fits in len, else 0; data_len and pkt_len
 * are 0. len is clamped to UINT16_MAX (mbuf buf_len is 16 bits).
 *
 * @param m
 *   A direct mbuf with refcnt 1 and no data, e.g. from rte_pktmbuf_alloc().
 */
static inline void
pagepool_mbuf_attach(struct rte_mbuf *m, struct pagepool_page *pg,
		     uint32_t offset, uint32_t len)
{
	uint32_t hr = pg->pool->headroom;

	if (len > UINT16_MAX)
		len = UINT16_MAX;
	rte_pktmbuf_attach_extbuf(m, RTE_PTR_ADD(pg->addr, offset),
				  pg->iova + offset, (uint16_t)len, &pg->shinfo);
	m->data_off = (uint16_t)(hr < len ? hr : 0);
}

/**
 * @internal Bytes from one page's pinned header to the next: the mempool's
 * object header line, then the mbuf's two lines.
 */
#define __PAGEPOOL_HDR_STRIDE 192u
/** @internal Offset of page 0's header in the header memory. */
#define __PAGEPOOL_HDR_OFF 64u

/**
 * @internal Pinned header of page pg of pool pp (which has
 * PAGEPOOL_F_PINNED_MBUF): arithmetic, header i belongs to page i.
 */
static inline struct rte_mbuf *
__pagepool_page_hdr(const struct pagepool *pp, const struct pagepool_page *pg)
{
	return (struct rte_mbuf *)(pp->hdr_base +
		(uintptr_t)(pg - pp->pages) * __PAGEPOOL_HDR_STRIDE);
}

/**
 * @internal Hand out page pg's pinned header, holding the caller's page
 * reference, reset as rte_pktmbuf_alloc() leaves an mbuf (data_off is the
 * pool's headroom). buf_addr, buf_iova, buf_len, pool and priv_size never
 * change: they were set when the pool was created.
 */
static inline struct rte_mbuf *
__pagepool_pinned_hand_out(struct pagepool *pp, struct pagepool_page *pg)
{
	struct rte_mbuf *m = __pagepool_page_hdr(pp, pg);
	uint64_t rearm;

	/* rearm_data as the little-endian word it is on every DPDK target */
	RTE_BUILD_BUG_ON(RTE_BYTE_ORDER != RTE_LITTLE_ENDIAN);
	RTE_BUILD_BUG_ON(offsetof(struct rte_mbuf, data_off) !=
			 offsetof(struct rte_mbuf, rearm_data) ||
			 offsetof(struct rte_mbuf, refcnt) !=
			 offsetof(struct rte_mbuf, rearm_data) + 2 ||
			 offsetof(struct rte_mbuf, nb_segs) !=
			 offsetof(struct rte_mbuf, rearm_data) + 4 ||
			 offsetof(struct rte_mbuf, port) !=
			 offsetof(struct rte_mbuf, rearm_data) + 6 ||
			 offsetof(struct rte_mbuf, ol_flags) !=
			 offsetof(struct rte_mbuf, rearm_data) + 8);
	/*
	 * data_off, refcnt 1, nb_segs 1 and port in one 8-byte store,
	 * ol_flags in another, as DPDK's PMDs rearm an mbuf. Field by field,
	 * the compiler merged the narrow stores into two 8-byte stores that
	 * straddle ol_flags, and the free's 8-byte load of ol_flags could be
	 * forwarded from neither: a stall on every page mbuf's free (mbuf row
	 * of pagepool-perf 1.41-1.48 -> 0.96-1.00 x DPDK's pair, fast mode).
	 */
	rearm = (uint64_t)(uint16_t)pp->headroom | UINT64_C(1) << 16 |
		UINT64_C(1) << 32 | (uint64_t)RTE_MBUF_PORT_INVALID << 48;
	memcpy(RTE_PTR_ADD(m, offsetof(struct rte_mbuf, rearm_data)), &rearm,
	       sizeof(rearm));
	m->ol_flags = RTE_MBUF_F_EXTERNAL;
	m->packet_type = 0;
	m->pkt_len = 0;
	m->data_len = 0;
	m->vlan_tci = 0;
	m->vlan_tci_outer = 0;
	m->next = NULL;
	m->tx_offload = 0;
	m->shinfo = &pg->shinfo;
	return m;
}

/**
 * @internal True if m is the pinned header of page pg, the page its shared
 * info names.
 */
static inline int
__pagepool_mbuf_is_pinned(const struct rte_mbuf *m,
			  const struct pagepool_page *pg)
{
	const struct pagepool *pp = pg->pool;

	return pp->hdr_base != NULL && m == __pagepool_page_hdr(pp, pg);
}

/**
 * @internal Pinned header m gives up its reference to its page pg. The
 * header is marked idle first: once the page is home, whoever allocates it
 * next may hand the header out again. A second free of an idle header
 * reaches the mempool's enqueue, which counts it in bad_put.
 */
static inline void
__pagepool_pinned_release(struct rte_mbuf *m, struct pagepool_page *pg)
{
	struct pagepool *pp = pg->pool;

	m->shinfo = &pp->hdr_idle;
	/* pagepool_recycle_direct() without its pool check: pp is pg's */
	if (__pagepool_recycle_ok(pp, pg)) {
		__pagepool_recycle_cache(pp, pg);
		return;
	}
	pagepool_put_page(pg);
}

/**
 * Allocate a page as an mbuf with its pinned header: one allocation, no
 * attach. The mbuf is as rte_pktmbuf_alloc() leaves one (refcnt 1, one
 * segment, no data, port invalid, ol_flags RTE_MBUF_F_EXTERNAL), its buffer
 * the whole page (buf_len clamped to UINT16_MAX), data_off the pool's
 * headroom, m->pool pagepool_mbuf_pool(pp). Free it with rte_pktmbuf_free()
 * or any pagepool_mbuf_free*() call, on any lcore.
 *
 * @return the mbuf, or NULL with rte_errno = EINVAL (pp NULL or created
 *   without PAGEPOOL_F_PINNED_MBUF), ENOBUFS (pool exhausted) or ENOENT
 *   (pool destroyed).
 */
static inline struct rte_mbuf *
pagepool_pktmbuf_alloc(struct pagepool *pp)
{
	struct pagepool_page *pg;

	if (unlikely(pp == NULL || pp->hdr_base == NULL)) {
		rte_errno = EINVAL;
		return NULL;
	}
	pg = pagepool_alloc(pp);
	if (unlikely(pg == NULL))
		return NULL;
	return __pagepool_pinned_hand_out(pp, pg);
}

/**
 * The mbuf of a whole page the caller holds (one reference, from
 * pagepool_alloc() of pp): its pinned header, reset as by
 * pagepool_pktmbuf_alloc(), takes over that reference. For a driver that
 * gives the device pages and makes mbufs only of those that come back
 * filled. Not for fragments, nor for a page with other references.
 *
 * @param pp
 *   The page's pool, created with PAGEPOOL_F_PINNED_MBUF.
 */
static inline struct rte_mbuf *
pagepool_page_pktmbuf(struct pagepool *pp, struct pagepool_page *pg)
{
	return __pagepool_pinned_hand_out(pp, pg);
}

/**
 * Allocate up to n page mbufs with their pinned headers, as
 * pagepool_pktmbuf_alloc() does, in one bulk page allocation.
 * @return the number allocated, fewer than n only when the pool runs dry
 *   (rte_errno = ENOBUFS), 0 with rte_errno = EINVAL as
 *   pagepool_pktmbuf_alloc().
 */
static inline unsigned int
pagepool_pktmbuf_alloc_bulk(struct pagepool *pp, struct rte_mbuf **mbufs,
			    unsigned int n)
{
	struct pagepool_page **pages = (struct pagepool_page **)mbufs;
	unsigned int i, got;

	if (unlikely(pp == NULL || pp->hdr_base == NULL)) {
		rte_errno = EINVAL;
		return 0;
	}
	/* the page pointers land in mbufs[] and are replaced in place */
	got = pagepool_alloc_bulk(pp, pages, n);
	for (i = 0; i < got; i++)
		mbufs[i] = __pagepool_pinned_hand_out(pp, pages[i]);
	return got;
}

/**
 * The rte_mempool whose objects are pp's pinned headers: rte_pktmbuf_alloc()
 * on it allocates a page mbuf (data_off then RTE_PKTMBUF_HEADROOM, as DPDK
 * resets it), rte_pktmbuf_free() of one sends the page home, and a PMD can
 * be given it as an RX queue's mempool. Its data room is the page size
 * (clamped to UINT16_MAX), its private flags RTE_PKTMBUF_POOL_F_PINNED_EXT_BUF,
 * it has no per-lcore cache (the pool's owner cache is the cache), and it
 * goes away with the pool: do not use it after pagepool_destroy().
 *
 * @return the mempool, or NULL with rte_errno = EINVAL (pp NULL or created
 *   without PAGEPOOL_F_PINNED_MBUF).
 */
struct rte_mempool *pagepool_mbuf_pool(const struct pagepool *pp);

/**
 * Page descriptor behind an mbuf's buffer, or NULL if the mbuf's buffer is
 * not a pagepool page.
 */
static inline struct pagepool_page *
pagepool_mbuf_page(const struct rte_mbuf *m)
{
	if (!RTE_MBUF_HAS_EXTBUF(m) ||
	    m->shinfo->free_cb != __pagepool_mbuf_free_cb)
		return NULL;
	return (struct pagepool_page *)m->shinfo->fcb_opaque;
}

/**
 * @internal True if segment m is a pagepool page held by m alone: its
 * header has one reference and the buffer is a pagepool page (the
 * shared info's free_cb is ours), attached directly, not through a clone.
 */
static inline int
__pagepool_mbuf_is_page_seg(const struct rte_mbuf *m)
{
	return (m->ol_flags & (RTE_MBUF_F_EXTERNAL | RTE_MBUF_F_INDIRECT)) ==
		RTE_MBUF_F_EXTERNAL &&
	       rte_mbuf_refcnt_read(m) == 1 &&
	       m->shinfo->free_cb == __pagepool_mbuf_free_cb;
}

/**
 * @internal Take the page off a segment that __pagepool_mbuf_is_page_seg()
 * accepted and give the header back its own data room, exactly as
 * rte_pktmbuf_detach() would. The caller owns the page reference that the
 * mbuf held, and a header ready for rte_mempool_put().
 */
static inline struct pagepool_page *
__pagepool_mbuf_unhook(struct rte_mbuf *m)
{
	struct rte_mempool *mp = m->pool;
	struct pagepool_page *pg = (struct pagepool_page *)m->shinfo->fcb_opaque;
	uint32_t hdr_len = (uint32_t)sizeof(struct rte_mbuf) +
			   rte_pktmbuf_priv_size(mp);
	uint16_t room = rte_pktmbuf_data_room_size(mp);

	m->priv_size = (uint16_t)(hdr_len - sizeof(struct rte_mbuf));
	m->buf_addr = RTE_PTR_ADD(m, hdr_len);
	rte_mbuf_iova_set(m, rte_mempool_virt2iova(m) + hdr_len);
	m->buf_len = room;
	m->data_off = RTE_MIN(RTE_PKTMBUF_HEADROOM, room);
	m->data_len = 0;
	m->ol_flags = 0;
	if (m->next != NULL)
		m->next = NULL;
	if (m->nb_segs != 1)
		m->nb_segs = 1;
	return pg;
}

/**
 * Return header mbufs to their mempools in bulk, one put per run of
 * headers from the same pool. Each must be ready for rte_mempool_put()
 * (what pagepool_mbuf_prefree_seg() and rte_pktmbuf_prefree_seg() return).
 */
static inline void
pagepool_mbuf_put_headers(struct rte_mbuf **m, unsigned int n)
{
	unsigned int i, start = 0;

	for (i = 1; i <= n; i++) {
		if (i == n || m[i]->pool != m[start]->pool) {
			rte_mempool_put_bulk(m[start]->pool, (void **)&m[start],
					     i - start);
			start = i;
		}
	}
}

/**
 * rte_pktmbuf_prefree_seg() for a PMD's TX completion, with a short path
 * for a segment whose buffer is a pagepool page.
 *
 * DPDK frees an external buffer through shinfo->free_cb, an indirect call,
 * after checking the header's mempool for pinned buffers. For a pagepool
 * page the callback is known, so the page reference is dropped inline (the
 * owner's cache, else its return ring; a double free is counted, as on
 * every put) and the header is given back its own data room exactly as
 * rte_pktmbuf_detach() would. Any other segment (a direct mbuf, a foreign
 * external buffer, a header with more than one reference) takes DPDK's
 * own rte_pktmbuf_prefree_seg(). A page's pinned header
 * (pagepool_pktmbuf_alloc()) drops its page reference directly: it goes to
 * no mempool, so NULL is returned.
 *
 * @return m, ready for rte_mempool_put() to m->pool, or NULL when there is
 *   no header to put (other references to it remain, or it is pinned).
 */
static inline struct rte_mbuf *
pagepool_mbuf_prefree_seg(struct rte_mbuf *m)
{
	struct pagepool_page *pg;

	if (unlikely(!__pagepool_mbuf_is_page_seg(m)))
		return rte_pktmbuf_prefree_seg(m);
	pg = (struct pagepool_page *)m->shinfo->fcb_opaque;
	if (__pagepool_mbuf_is_pinned(m, pg)) {
		__pagepool_pinned_release(m, pg);
		return NULL;
	}
	pagepool_put_page(__pagepool_mbuf_unhook(m));
	return m;
}

/**
 * rte_pktmbuf_free() with pagepool_mbuf_prefree_seg(): frees a chain whose
 * segments may be pagepool pages (short path) or anything else (DPDK's
 * path). Equivalent to rte_pktmbuf_free(); cheaper when the buffers are
 * pages, because DPDK's external-buffer free is not taken. NULL is a no-op.
 */
static inline void
pagepool_mbuf_free(struct rte_mbuf *m)
{
	while (m != NULL) {
		struct rte_mbuf *next = m->next;

		m = pagepool_mbuf_prefree_seg(m);
		if (likely(m != NULL))
			rte_mbuf_raw_free(m);
		m = next;
	}
}

/** @internal Packets whose lines pagepool_mbuf_free_bulk() prefetches at once. */
#define PAGEPOOL_MBUF_PREFETCH 32

/** Pages and headers a struct pagepool_free_batch gathers before a flush. */
#define PAGEPOOL_MBUF_FREE_BATCH 64

/**
 * Segments and pages on their way home, gathered so that they go back in
 * bulk: pages through pagepool_put_bulk() (sorted by pool, one return-ring
 * enqueue per pool instead of one per page), headers through
 * pagepool_mbuf_put_headers(). A PMD's TX completion fills one on its stack
 * with pagepool_free_batch_seg() and pagepool_free_batch_page(), then calls
 * pagepool_free_batch_flush(). Filled and flushed by one thread.
 */
struct pagepool_free_batch {
	unsigned int nb_pages;	/**< Entries used in pages[]. */
	unsigned int nb_hdrs;	/**< Entries used in hdrs[]. */
	struct pagepool_page *pages[PAGEPOOL_MBUF_FREE_BATCH]; /**< Page references. */
	struct rte_mbuf *hdrs[PAGEPOOL_MBUF_FREE_BATCH]; /**< Headers for their mempools. */
};

/** Make a batch empty (before the first add). */
static inline void
pagepool_free_batch_init(struct pagepool_free_batch *b)
{
	b->nb_pages = 0;
	b->nb_hdrs = 0;
}

/** Give back everything gathered so far; the batch is empty afterwards. */
static inline void
pagepool_free_batch_flush(struct pagepool_free_batch *b)
{
	pagepool_put_bulk(b->pages, b->nb_pages);
	pagepool_mbuf_put_headers(b->hdrs, b->nb_hdrs);
	b->nb_pages = 0;
	b->nb_hdrs = 0;
}

/**
 * Add one page reference (a raw-path buffer the device is done with).
 * Flushes the pages when the batch is full.
 */
static inline void
pagepool_free_batch_page(struct pagepool_free_batch *b,
			 struct pagepool_page *pg)
{
	b->pages[b->nb_pages++] = pg;
	if (unlikely(b->nb_pages == PAGEPOOL_MBUF_FREE_BATCH)) {
		pagepool_put_bulk(b->pages, b->nb_pages);
		b->nb_pages = 0;
	}
}

/**
 * Add one mbuf segment, as rte_pktmbuf_free_seg() would free it: m->next
 * is not followed (a TX ring holds each segment in its own slot). A
 * pagepool page held by m alone is unhooked without DPDK's indirect
 * free_cb: its reference joins the pages, the header the headers (a pinned
 * header stays with its page: only the page reference is gathered). Any
 * other segment takes rte_pktmbuf_prefree_seg(), and its header joins the
 * headers if that was the last reference.
 */
static inline void
pagepool_free_batch_seg(struct pagepool_free_batch *b, struct rte_mbuf *m)
{
	if (likely(__pagepool_mbuf_is_page_seg(m))) {
		struct pagepool_page *pg =
			(struct pagepool_page *)m->shinfo->fcb_opaque;

		if (__pagepool_mbuf_is_pinned(m, pg)) {
			/* idle now; the page goes home at the flush */
			m->shinfo = &pg->pool->hdr_idle;
			pagepool_free_batch_page(b, pg);
			return;
		}
		pagepool_free_batch_page(b, __pagepool_mbuf_unhook(m));
	} else {
		m = rte_pktmbuf_prefree_seg(m);
	}
	if (m == NULL)
		return;
	b->hdrs[b->nb_hdrs++] = m;
	if (unlikely(b->nb_hdrs == PAGEPOOL_MBUF_FREE_BATCH)) {
		pagepool_mbuf_put_headers(b->hdrs, b->nb_hdrs);
		b->nb_hdrs = 0;
	}
}

/**
 * rte_pktmbuf_free_bulk() for packets whose segments may be pagepool pages.
 * The pages go home through pagepool_put_bulk(), sorted by pool, with one
 * return-ring enqueue per pool and batch instead of one per page; that is
 * what makes it worth calling on an lcore that does not own the pools (a
 * pipeline's last stage, a TX queue polled by another lcore). Headers go
 * back in bulk per mempool; other segments take DPDK's path. NULL entries
 * are skipped.
 */
static inline void
pagepool_mbuf_free_bulk(struct rte_mbuf **mbufs, unsigned int n)
{
	struct pagepool_free_batch b;
	unsigned int i, k, end;

	pagepool_free_batch_init(&b);
	for (k = 0; k < n; k = end) {
		end = RTE_MIN(n, k + PAGEPOOL_MBUF_PREFETCH);
		/*
		 * On an lcore that does not own the pages every header line
		 * and page descriptor here is a miss, and a page is known
		 * only once its header's second line (shinfo) is in: start
		 * the header misses of a window, then its page misses, then
		 * free (the first segments; a chain's others are not known).
		 */
		for (i = k; i < end; i++) {
			if (mbufs[i] != NULL) {
				rte_prefetch0(mbufs[i]);
				rte_prefetch0(RTE_PTR_ADD(mbufs[i],
							  RTE_CACHE_LINE_SIZE));
			}
		}
		for (i = k; i < end; i++)
			if (mbufs[i] != NULL)
				rte_prefetch0(mbufs[i]->shinfo);
		for (i = k; i < end; i++) {
			struct rte_mbuf *m = mbufs[i];

			while (m != NULL) {
				struct rte_mbuf *next = m->next;

				pagepool_free_batch_seg(&b, m);
				m = next;
			}
		}
	}
	pagepool_free_batch_flush(&b);
}

/** @internal A header mbuf for page pg (one reference, the caller's). */
static inline struct rte_mbuf *
__pagepool_mbuf_wrap(struct rte_mempool *hdr_mp, struct pagepool_page *pg,
		     uint32_t offset, uint32_t len)
{
	struct rte_mbuf *m;

	if (unlikely(pg == NULL))
		return NULL;
	m = rte_pktmbuf_alloc(hdr_mp);
	if (unlikely(m == NULL)) {
		pagepool_put_frag(pg, offset);	/* a whole page or a fragment */
		rte_errno = ENOBUFS;
		return NULL;
	}
	pagepool_mbuf_attach(m, pg, offset, len);
	return m;
}

/**
 * Allocate a page and a header mbuf from hdr_mp and attach the page.
 * Inline: a caller allocating per packet pays no call and no re-check.
 * @return the mbuf, or NULL with rte_errno = EINVAL (a NULL argument),
 *   ENOBUFS (either pool empty; nothing is held on failure) or ENOENT.
 */
static inline struct rte_mbuf *
pagepool_mbuf_alloc(struct pagepool *pp, struct rte_mempool *hdr_mp)
{
	if (unlikely(pp == NULL || hdr_mp == NULL)) {
		rte_errno = EINVAL;
		return NULL;
	}
	return __pagepool_mbuf_wrap(hdr_mp, pagepool_alloc(pp), 0,
				    UINT32_C(1) << pp->page_shift);
}

/**
 * Allocate a fragment of size bytes and a header mbuf, and attach them.
 * @return the mbuf, or NULL with rte_errno set as pagepool_alloc_frag(),
 *   or EINVAL for a NULL argument.
 */
static inline struct rte_mbuf *
pagepool_mbuf_alloc_frag(struct pagepool *pp, struct rte_mempool *hdr_mp,
			 uint32_t size)
{
	struct pagepool_page *pg;
	uint32_t off = 0;

	if (unlikely(pp == NULL || hdr_mp == NULL)) {
		rte_errno = EINVAL;
		return NULL;
	}
	pg = pagepool_alloc_frag(pp, &off, size);
	return __pagepool_mbuf_wrap(hdr_mp, pg, off,
				    RTE_ALIGN_CEIL(size, PAGEPOOL_FRAG_ALIGN));
}

#ifdef __cplusplus
}
#endif

#endif /* PAGEPOOL_MBUF_H */
