/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The pagepool authors
 */

/*
 * Pinned page mbufs: one mbuf header per page, attached to its page for
 * good, and the rte_mempool whose objects they are.
 *
 * The mempool has no per-lcore cache and its own ops ("pagepool_pinned"):
 * dequeue allocates pages and hands out their headers, enqueue puts each
 * header's page. The pool's private flags carry
 * RTE_PKTMBUF_POOL_F_PINNED_EXT_BUF, so DPDK's rte_pktmbuf_free() of a
 * header neither detaches it nor calls the page's free_cb: with one page
 * reference left it goes to rte_mempool_put(), that is, to our enqueue;
 * with more (a clone, pagepool_page_get()) DPDK drops one and keeps the
 * header, and the page comes home with its last reference, through
 * shinfo->free_cb or a page put. Either way the header holds nothing once
 * its page is home: a header's state is its page's, nothing to lose.
 * doc/design.md, "Pinned page mbufs", has the rest.
 */

#include <errno.h>
#include <string.h>

#include <rte_errno.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>

#include "pagepool_priv.h"

#define PP_HDR_OPS_NAME "pagepool_pinned"

/* The mempool's object header must fit in the line before each mbuf. */
_Static_assert(sizeof(struct rte_mempool_objhdr) <= __PAGEPOOL_HDR_OFF,
	       "mempool object header does not fit before the mbuf");
_Static_assert(__PAGEPOOL_HDR_OFF + sizeof(struct rte_mbuf) <=
	       __PAGEPOOL_HDR_STRIDE, "pinned header stride too small");

static int
pp_hdr_alloc(struct rte_mempool *mp)
{
	/* rte_mempool_set_ops_byname() passed the pool as pool_config */
	mp->pool_data = mp->pool_config;
	return 0;
}

/* Headers available: those of the pages at home. */
static unsigned int
pp_hdr_count(const struct rte_mempool *mp)
{
	const struct pagepool *pp = mp->pool_data;

	return pp->nb_pages - pagepool_in_flight(pp);
}

/*
 * An object that is no live header of this pool: an idle one (freed
 * twice), or garbage. Counted, the page left alone.
 */
static __rte_noinline void
pp_hdr_bad(struct pagepool *pp, const struct rte_mbuf *m)
{
	uintptr_t off = (uintptr_t)m - (uintptr_t)pp->hdr_base;

	if (__atomic_fetch_add(&pp->bad_put, 1, __ATOMIC_RELAXED) == 0)
		PP_LOG(ERR, "%s: free of pinned mbuf header %p (page %ld) that holds no page (double free?); counted in bad_put, page left alone",
		       pp->name, (const void *)m,
		       off % __PAGEPOOL_HDR_STRIDE == 0 &&
		       off / __PAGEPOOL_HDR_STRIDE < pp->nb_pages ?
		       (long)(off / __PAGEPOOL_HDR_STRIDE) : -1L);
}

/*
 * Which page a live header holds: the one its shared info names, provided
 * that page's header is m. An idle header names pp->hdr_idle, which is no
 * page's, so the same test catches it (and anything else that is not a
 * live header of this pool).
 */
static inline int
pp_hdr_live(const struct pagepool *pp, const struct rte_mbuf *m,
	    struct pagepool_page **pg)
{
	*pg = container_of(m->shinfo, struct pagepool_page, shinfo);
	return __pagepool_page_hdr(pp, *pg) == m;
}

/* More than one header: their pages go home in one sorted bulk put. */
static __rte_noinline void
pp_hdr_enqueue_bulk(struct pagepool *pp, void * const *objs, unsigned int n)
{
	struct pagepool_page *pages[64];
	struct pagepool_page *pg;
	unsigned int i, k = 0;

	for (i = 0; i < n; i++) {
		struct rte_mbuf *m = objs[i];

		if (unlikely(!pp_hdr_live(pp, m, &pg))) {
			pp_hdr_bad(pp, m);
			continue;
		}
		m->shinfo = &pp->hdr_idle;
		pages[k++] = pg;
		if (k == RTE_DIM(pages) && i + 1 < n) {
			pagepool_put_bulk(pages, k);
			k = 0;
		}
	}
	/* a remote lcore's pages go in one ring enqueue, not one per page */
	pagepool_put_bulk(pages, k);
}

/*
 * rte_mempool_put() of headers (rte_pktmbuf_free() comes here): each
 * header's page goes home, the header stays with it, idle. The pages in
 * hand keep pp alive; nothing touches pp after the last put.
 */
static int
pp_hdr_enqueue(struct rte_mempool *mp, void * const *objs, unsigned int n)
{
	struct pagepool *pp = mp->pool_data;
	struct rte_mbuf *m = objs[0];
	struct pagepool_page *pg;

	if (unlikely(n != 1)) {
		if (n != 0)
			pp_hdr_enqueue_bulk(pp, objs, n);
		return 0;
	}
	if (unlikely(!pp_hdr_live(pp, m, &pg))) {
		pp_hdr_bad(pp, m);
		return 0;
	}
	/* pp_hdr_live() found pg in pp's descriptors: no pool check */
	__pagepool_pinned_release(m, pg);
	return 0;
}

/* More than one header: pages in one bulk, all of them or none. */
static __rte_noinline int
pp_hdr_dequeue_bulk(struct pagepool *pp, void **objs, unsigned int n)
{
	struct pagepool_page **pages = (struct pagepool_page **)objs;
	unsigned int i, got;

	got = pagepool_alloc_bulk(pp, pages, n);
	if (unlikely(got < n)) {
		pagepool_put_bulk(pages, got);
		return -ENOBUFS;
	}
	for (i = 0; i < n; i++)
		objs[i] = __pagepool_pinned_hand_out(pp, pages[i]);
	return 0;
}

/*
 * rte_mempool_get() of headers (rte_pktmbuf_alloc() comes here): all n or
 * nothing, as a mempool dequeue must be.
 */
static int
pp_hdr_dequeue(struct rte_mempool *mp, void **objs, unsigned int n)
{
	struct pagepool *pp = mp->pool_data;
	struct pagepool_page *pg;

	/* rte_mempool_free() dequeues every object before it lets go */
	if (unlikely(pp->destroying))
		return -ENOENT;
	if (unlikely(n != 1))
		return pp_hdr_dequeue_bulk(pp, objs, n);
	pg = pagepool_alloc(pp);
	if (unlikely(pg == NULL))
		return -ENOBUFS;
	objs[0] = __pagepool_pinned_hand_out(pp, pg);
	return 0;
}

/*
 * Lay the headers out ourselves, header i at a fixed place for page i, and
 * enqueue none of them: a header is free exactly when its page is home, so
 * there is nothing to hand the pool here (the default populate would
 * enqueue each object, which would put pages nobody took).
 */
static int
pp_hdr_populate(struct rte_mempool *mp, unsigned int max_objs, void *vaddr,
		rte_iova_t iova, size_t len,
		rte_mempool_populate_obj_cb_t *obj_cb, void *obj_cb_arg)
{
	unsigned int i;

	RTE_SET_USED(iova);
	for (i = 0; i < max_objs &&
	     (size_t)(i + 1) * __PAGEPOOL_HDR_STRIDE <= len; i++)
		obj_cb(mp, obj_cb_arg,
		       RTE_PTR_ADD(vaddr, (size_t)i * __PAGEPOOL_HDR_STRIDE +
				   __PAGEPOOL_HDR_OFF), RTE_BAD_IOVA);
	return (int)i;
}

static const struct rte_mempool_ops pp_hdr_ops = {
	.name = PP_HDR_OPS_NAME,
	.alloc = pp_hdr_alloc,
	.enqueue = pp_hdr_enqueue,
	.dequeue = pp_hdr_dequeue,
	.get_count = pp_hdr_count,
	.populate = pp_hdr_populate,
};

RTE_MEMPOOL_REGISTER_OPS(pp_hdr_ops);

/*
 * The idle shared info's free_cb. DPDK calls a free_cb only when a count
 * drops to 0, and the idle count stays 1 unless an idle header is cloned
 * and freed more often than it was cloned: put the count back, count it.
 */
static void
pp_hdr_idle_cb(void *addr, void *opaque)
{
	struct pagepool *pp = opaque;

	RTE_SET_USED(addr);
	__atomic_store_n(&pp->hdr_idle.refcnt, 1, __ATOMIC_RELAXED);
	__atomic_fetch_add(&pp->bad_put, 1, __ATOMIC_RELAXED);
}

size_t
pp_pinned_mem_size(uint32_t nb_pages)
{
	return (size_t)nb_pages * __PAGEPOOL_HDR_STRIDE;
}

int
pp_pinned_create(struct pagepool *pp, void *mem, uint32_t id)
{
	struct rte_pktmbuf_pool_private priv;
	char name[RTE_MEMPOOL_NAMESIZE];
	struct rte_mempool *mp;
	uint16_t room = (uint16_t)RTE_MIN(pp->page_size, (uint32_t)UINT16_MAX);
	uint32_t i;
	int ret;

	snprintf(name, sizeof(name), "pagepool_h%u", id);
	mp = rte_mempool_create_empty(name, pp->nb_pages, sizeof(struct rte_mbuf),
				      0, sizeof(priv), pp->socket_id,
				      RTE_MEMPOOL_F_NO_IOVA_CONTIG |
				      RTE_MEMPOOL_F_NO_SPREAD);
	if (mp == NULL) {
		PP_LOG(ERR, "create %s: pinned headers: mempool: %s", pp->name,
		       rte_strerror(rte_errno));
		return -rte_errno;
	}
	ret = rte_mempool_set_ops_byname(mp, PP_HDR_OPS_NAME, pp);
	/* a second copy of this library in the process registered first */
	if (ret == 0 && rte_mempool_get_ops(mp->ops_index)->enqueue !=
			pp_hdr_enqueue)
		ret = -EEXIST;
	if (ret != 0) {
		PP_LOG(ERR, "create %s: pinned headers: mempool ops %s: %s",
		       pp->name, PP_HDR_OPS_NAME, rte_strerror(-ret));
		rte_mempool_free(mp);
		return ret;
	}
	memset(&priv, 0, sizeof(priv));
	priv.mbuf_data_room_size = room;
	priv.mbuf_priv_size = 0;
	priv.flags = RTE_PKTMBUF_POOL_F_PINNED_EXT_BUF;
	rte_pktmbuf_pool_init(mp, &priv);

	pp->hdr_idle.free_cb = pp_hdr_idle_cb;
	pp->hdr_idle.fcb_opaque = pp;
	pp->hdr_idle.refcnt = 1;
	pp->hdr_base = RTE_PTR_ADD(mem, __PAGEPOOL_HDR_OFF);
	pp->hdr_mp = mp;
	ret = rte_mempool_populate_iova(mp, mem, RTE_BAD_IOVA,
					pp_pinned_mem_size(pp->nb_pages),
					NULL, NULL);
	if (ret != (int)pp->nb_pages) {
		PP_LOG(ERR, "create %s: pinned headers: populate: %d of %u",
		       pp->name, ret, pp->nb_pages);
		pp_pinned_free(pp);
		return ret < 0 ? ret : -ENOMEM;
	}
	for (i = 0; i < pp->nb_pages; i++) {
		struct pagepool_page *pg = &pp->pages[i];
		struct rte_mbuf *m = __pagepool_page_hdr(pp, pg);

		memset(m, 0, sizeof(*m));
		m->pool = mp;
		m->priv_size = 0;
		m->buf_addr = pg->addr;
		rte_mbuf_iova_set(m, pg->iova);
		m->buf_len = room;
		m->data_off = (uint16_t)RTE_MIN(pp->headroom, (uint32_t)room);
		rte_mbuf_refcnt_set(m, 1);
		m->nb_segs = 1;
		m->port = RTE_MBUF_PORT_INVALID;
		m->ol_flags = RTE_MBUF_F_EXTERNAL;
		m->shinfo = &pp->hdr_idle;
	}
	return 0;
}

/*
 * Every page is home (or the pool was never handed out): no header is in
 * use. rte_mempool_free() dequeues each object first; with destroying set
 * our dequeue refuses, and the headers' memory is the pool's own.
 */
void
pp_pinned_free(struct pagepool *pp)
{
	if (pp->hdr_mp == NULL)
		return;
	__atomic_store_n(&pp->destroying, 1, __ATOMIC_RELEASE);
	rte_mempool_free(pp->hdr_mp);
	pp->hdr_mp = NULL;
	pp->hdr_base = NULL;
}

struct rte_mempool *
pagepool_mbuf_pool(const struct pagepool *pp)
{
	if (pp == NULL || pp->hdr_mp == NULL) {
		rte_errno = EINVAL;
		return NULL;
	}
	return pp->hdr_mp;
}
