/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The pagepool authors
 */
#ifndef PAGEPOOL_HELPERS_H
#define PAGEPOOL_HELPERS_H

/**
 * @file
 * pagepool fast path: inline alloc and put.
 *
 * Rules (doc/design.md has the why):
 * - Only the owner lcore touches the alloc cache and the fragment
 *   allocator. Ownership is one 64-bit word compared with the caller's lcore
 *   id; any mismatch takes the out-of-line path, which also hands ownership
 *   over when another lcore asked for it in pagepool_poll().
 * - A put never loses a page: cache, else return ring, else backing store.
 * - A page whose refcount is 1 is recycled without an atomic instruction.
 */

#include <string.h>

#include <rte_atomic.h>
#include <rte_branch_prediction.h>
#include <rte_lcore.h>

#include "pagepool_types.h"

#ifdef __cplusplus
extern "C" {
#endif

/** @internal own_word value meaning "lcore owns the pool, nobody asks". */
static inline uint64_t
__pagepool_own_word(uint32_t owner, uint32_t req)
{
	return (uint64_t)owner | ((uint64_t)req << 32);
}

#ifdef PAGEPOOL_STATS
/** @internal Add n to a counter of the caller's slot. */
#define __PAGEPOOL_STAT_ADD(pp, field, n) do {                             \
	unsigned int __lc = rte_lcore_id();                                \
	if (likely(__lc < RTE_MAX_LCORE))                                  \
		(pp)->stats[__lc].field += (n);                            \
	else                                                               \
		__atomic_fetch_add(&(pp)->stats[RTE_MAX_LCORE].field, (n), \
				   __ATOMIC_RELAXED);                      \
} while (0)
/** @internal Same, for a caller known to be the owner (a valid lcore). */
#define __PAGEPOOL_STAT_OWNER_ADD(pp, field, n) \
	((pp)->stats[rte_lcore_id()].field += (n))
/** @internal The owner's two fast-path counters, in its own cache line. */
#define __PAGEPOOL_STAT_FAST_ADD(pp, field, n) ((pp)->owner_##field += (n))
#else
#define __PAGEPOOL_STAT_FAST_ADD(pp, field, n) do { } while (0)
#define __PAGEPOOL_STAT_ADD(pp, field, n) do { } while (0)
#define __PAGEPOOL_STAT_OWNER_ADD(pp, field, n) do { } while (0)
#endif

#ifdef PAGEPOOL_DEBUG
/** @internal Remember who took or returned a page last (leak reports). */
#define __PAGEPOOL_DBG(pg, field) ((pg)->field = (uint16_t)rte_lcore_id())
#else
#define __PAGEPOOL_DBG(pg, field) do { } while (0)
#endif

#ifdef PAGEPOOL_TEST_HOOKS
/**
 * @internal Only in tests compiled with -DPAGEPOOL_TEST_HOOKS (the hooked
 * test copy of the library defines the pointer): called at named points of
 * the inline fast path, so that a test can park a thread there and force an
 * interleaving.
 */
extern void (*__pagepool_test_hook)(int point, struct pagepool_page *pg);
#define __PAGEPOOL_TEST_HOOK(point, pg) do {                 \
	if (__pagepool_test_hook != NULL)                    \
		__pagepool_test_hook((point), (pg));         \
} while (0)
#else
#define __PAGEPOOL_TEST_HOOK(point, pg) do { } while (0)
#endif
/** @internal Hook point: a put read refcount 1 and has not stored 0 yet. */
#define __PAGEPOOL_HOOK_UNREF_LAST 1
/** @internal Hook point: the owner's put found the page out, has not marked it home. */
#define __PAGEPOOL_HOOK_OWNER_CHECKED 2
/** @internal Hook point: a fragment put is about to clear its live bit. */
#define __PAGEPOOL_HOOK_FRAG_CLAIM 3

/**
 * True if the calling lcore owns the pool and may use its lockless cache.
 * One load and one compare: the owner field and the handoff request share
 * a word, so a pending request also sends the owner down the slow path.
 */
static inline int
pagepool_is_owner(const struct pagepool *pp)
{
	uint64_t w = __atomic_load_n(&pp->own_word, __ATOMIC_RELAXED);

	return w == __pagepool_own_word(rte_lcore_id(), PAGEPOOL_OWNER_NONE);
}

/**
 * Bind the calling lcore as the pool's owner: the one call a driver makes
 * for ownership, at the top of every RX burst (two compares once bound).
 *
 * If another lcore owns the pool, a handoff is requested. It completes
 * when the old owner next enters that pool's slow path or calls
 * pagepool_poll() on any pool (it polls its other queues: it gives the pool
 * up between two bursts), or at once if the old owner provably is not
 * inside the pool: a worker lcore back in the WAIT state, or an lcore
 * asleep in the kernel (testpmd's main lcore in its prompt after it drained
 * the queues at start). Until then this lcore uses the (correct, slower)
 * shared path. doc/design.md, "What owner means", has the argument.
 */
static inline void
pagepool_poll(struct pagepool *pp)
{
	unsigned int me = rte_lcore_id();

	if (unlikely(!pagepool_is_owner(pp)))
		__pagepool_bind(pp);
	/*
	 * Remote puts that found the return ring full wait in its overflow
	 * for the owner, who drains it when its cache runs dry; an owner that
	 * only puts would strand them there, and starve the lcores that
	 * allocate from the backing store: take them home between bursts.
	 */
	else if (unlikely(__atomic_load_n(&pp->ovf_len, __ATOMIC_RELAXED) != 0))
		__pagepool_drain_overflow(pp);
	if (likely(me < RTE_MAX_LCORE) &&
	    unlikely(__atomic_load_n(&__pagepool_lcore_req[me].asked,
				     __ATOMIC_RELAXED) !=
		     __pagepool_lcore_req[me].seen))
		__pagepool_yield_asked();
}

/** Virtual address of a page. */
static inline void *
pagepool_page_addr(const struct pagepool_page *pg)
{
	return pg->addr;
}

/** IOVA (DMA address) of a page. */
static inline rte_iova_t
pagepool_page_iova(const struct pagepool_page *pg)
{
	return pg->iova;
}

/** Bytes per page of a pool. */
static inline uint32_t
pagepool_page_size(const struct pagepool *pp)
{
	return UINT32_C(1) << pp->page_shift;
}

/** Current reference count of a page (0 = free, in the pool). */
static inline uint16_t
pagepool_page_refcnt(const struct pagepool_page *pg)
{
	return __atomic_load_n(&pg->shinfo.refcnt, __ATOMIC_RELAXED);
}

/**
 * Allocate one page with a reference count of 1.
 *
 * The owner takes the hottest page off its cache with no atomic; when the
 * cache is empty it refills in bulk from the return ring, then from the
 * backing store. Other lcores are served from the backing store.
 *
 * @return the page, or NULL with rte_errno = ENOBUFS (pool exhausted) or
 *   ENOENT (pool being destroyed).
 */
static inline struct pagepool_page *
pagepool_alloc(struct pagepool *pp)
{
	struct pagepool_page *pg;

	if (likely(pagepool_is_owner(pp)) && likely(pp->cache_len != 0)) {
		pg = pp->cache[--pp->cache_len];
		pg->shinfo.refcnt = 1;
		/* one 16-bit store: out, and not a fragment page */
		pg->home = 0;
		pg->frag = 0;
		__PAGEPOOL_DBG(pg, alloc_lcore);
		__PAGEPOOL_STAT_FAST_ADD(pp, alloc_fast, 1);
		return pg;
	}
	return __pagepool_alloc_slow(pp);
}

/**
 * Allocate up to n pages, each with a reference count of 1.
 * @return the number allocated, fewer than n only when the pool runs dry.
 */
static inline unsigned int
pagepool_alloc_bulk(struct pagepool *pp, struct pagepool_page **pages,
		    unsigned int n)
{
	unsigned int i, len;

	if (likely(pagepool_is_owner(pp)) && likely(pp->cache_len >= n)) {
		len = pp->cache_len - n;
		/* copy the pointers as a block, then touch each descriptor */
		memcpy(pages, &pp->cache[len], n * sizeof(*pages));
		for (i = 0; i < n; i++) {
			pages[i]->shinfo.refcnt = 1;
			pages[i]->home = 0;
			pages[i]->frag = 0;
			__PAGEPOOL_DBG(pages[i], alloc_lcore);
		}
		pp->cache_len = len;
		__PAGEPOOL_STAT_FAST_ADD(pp, alloc_fast, n);
		return n;
	}
	return __pagepool_alloc_bulk_slow(pp, pages, n);
}

/**
 * @internal Put a page whose last reference was just dropped back into its
 * pool: the owner's cache if the caller owns the pool and it has room,
 * otherwise the return ring, otherwise the backing store. The owner is the
 * pool's arbiter: a page it already holds at home is a double put.
 */
static inline void
__pagepool_recycle(struct pagepool *pp, struct pagepool_page *pg)
{
	if (likely(pagepool_is_owner(pp)) &&
	    likely(pp->cache_len < pp->cache_size)) {
		if (unlikely(pg->home != 0)) {
			__pagepool_bad_put(pg);
			return;
		}
		__PAGEPOOL_TEST_HOOK(__PAGEPOOL_HOOK_OWNER_CHECKED, pg);
		pg->home = 1;
		pp->cache[pp->cache_len++] = pg;
		__PAGEPOOL_STAT_FAST_ADD(pp, recycle_cached, 1);
		return;
	}
	__pagepool_recycle_slow(pp, pg);
}

/**
 * @internal Drop one reference; return 1 if it was the last one.
 * A sole holder (refcnt 1) needs no atomic: nobody else may see the page.
 * Two lcores that both think they are that holder both get 1 here; the
 * pool's arbiter tells them apart when the page comes home (doc/design.md).
 * A shared page is decremented with a CAS that never goes below 0, so an
 * extra put is counted instead of wrapping the count to 65535.
 */
static inline int
__pagepool_unref(struct pagepool_page *pg)
{
	uint16_t r = __atomic_load_n(&pg->shinfo.refcnt, __ATOMIC_RELAXED);

	__PAGEPOOL_DBG(pg, put_lcore);
	if (likely(r == 1)) {
		__PAGEPOOL_TEST_HOOK(__PAGEPOOL_HOOK_UNREF_LAST, pg);
		__atomic_store_n(&pg->shinfo.refcnt, 0, __ATOMIC_RELAXED);
		return 1;
	}
	while (likely(r != 0)) {
		if (__atomic_compare_exchange_n(&pg->shinfo.refcnt, &r, r - 1, 0,
						__ATOMIC_ACQ_REL, __ATOMIC_RELAXED))
			return r == 1;
	}
	__pagepool_bad_put(pg);
	return 0;
}

/**
 * Drop one reference to a page, from any lcore or thread.
 * The last reference recycles the page into the pool that owns it.
 * A put of a page that is already free is counted (bad_put), logged and
 * otherwise ignored: the pool is not corrupted.
 *
 * On a page carved into fragments this drops a reference without saying
 * which fragment's: the page's count stays right, but a fragment put twice
 * while another fragment of the page is held is not caught. Put fragments
 * with pagepool_put_frag() or pagepool_put(); keep this call for whole
 * pages and for references taken with pagepool_page_get().
 */
static inline void
pagepool_put_page(struct pagepool_page *pg)
{
	if (__pagepool_unref(pg))
		__pagepool_recycle(pg->pool, pg);
}

/**
 * @internal Claim the fragment at offset of fragment page pg for its put:
 * clear its bit in the page's live mask. Returns 1 if it was set (the
 * caller drops the fragment's page reference), 0 if it was clear: the
 * fragment was put already (or never handed out), counted in bad_put.
 */
static inline int
__pagepool_frag_claim(struct pagepool_page *pg, uint32_t offset)
{
	const struct pagepool *pp = pg->pool;
	uint64_t bit = UINT64_C(1) << ((offset >> pp->frag_shift) & 63);

	__PAGEPOOL_TEST_HOOK(__PAGEPOOL_HOOK_FRAG_CLAIM, pg);
	if (likely(__atomic_fetch_and(&pp->frag_state[pg->index].live, ~bit,
				      __ATOMIC_RELAXED) & bit))
		return 1;
	__pagepool_frag_bad_put(pg, offset);
	return 0;
}

/**
 * Drop the reference of one fragment, named by the page and the offset
 * pagepool_alloc_frag() returned, from any lcore or thread. The page
 * recycles when its last reference is dropped. Unlike pagepool_put_page(),
 * this tells the fragments of a page apart: a second put of the same
 * fragment is counted (bad_put) and ignored, even while other fragments of
 * the page are held. On a whole page (pagepool_alloc()) it is
 * pagepool_put_page().
 *
 * References added with pagepool_page_get() belong to no fragment: drop
 * them with pagepool_put_page(). Once a page has one, its fragments' puts
 * are counted without being told apart until it is carved again.
 *
 * @param offset
 *   The fragment's offset, exactly as pagepool_alloc_frag() returned it
 *   (pagepool_put() takes any address inside a fragment).
 */
static inline void
pagepool_put_frag(struct pagepool_page *pg, uint32_t offset)
{
	if (unlikely(__atomic_load_n(&pg->frag, __ATOMIC_RELAXED) ==
		     PAGEPOOL_FRAG_NAMED) && !__pagepool_frag_claim(pg, offset))
		return;
	pagepool_put_page(pg);
}

/**
 * @internal Whether the caller, holding pg (of pp) once, may put it
 * straight into pp's alloc cache: it is pp's owner and the cache has room.
 * Anything else goes through pagepool_put_page().
 */
static __rte_always_inline int
__pagepool_recycle_ok(const struct pagepool *pp, const struct pagepool_page *pg)
{
	return likely(pg->shinfo.refcnt == 1) && likely(pagepool_is_owner(pp)) &&
	       likely(pp->cache_len < pp->cache_size);
}

/** @internal The put __pagepool_recycle_ok() allowed. */
static __rte_always_inline void
__pagepool_recycle_cache(struct pagepool *pp, struct pagepool_page *pg)
{
	pg->shinfo.refcnt = 0;
	pg->home = 1;
	__PAGEPOOL_DBG(pg, put_lcore);
	pp->cache[pp->cache_len++] = pg;
	__PAGEPOOL_STAT_FAST_ADD(pp, recycle_cached, 1);
}

/**
 * Put a page the caller knows to come from pool pp, typically on the
 * owner's own RX path (a dropped frame, an XDP-like DROP verdict), like the
 * kernel's page_pool_recycle_direct(). Knowing the pool spares a dependent
 * load on the owner's fast path; anything unusual (another pool, other
 * references, not the owner, cache full) falls back to pagepool_put_page().
 */
static inline void
pagepool_recycle_direct(struct pagepool *pp, struct pagepool_page *pg)
{
	if (likely(pg->pool == pp) && __pagepool_recycle_ok(pp, pg)) {
		__pagepool_recycle_cache(pp, pg);
		return;
	}
	pagepool_put_page(pg);
}

/**
 * Take one more reference to a page (for a second user of its data); drop
 * it with pagepool_put_page(). On a fragment page the reference belongs to
 * no fragment, so from now until the page is carved again its fragments'
 * puts are counted without being told apart (as pagepool_put_page() does):
 * a second user's put by name would otherwise look like a second put.
 */
static inline void
pagepool_page_get(struct pagepool_page *pg)
{
	if (unlikely(__atomic_load_n(&pg->frag, __ATOMIC_RELAXED) ==
		     PAGEPOOL_FRAG_NAMED))
		__atomic_store_n(&pg->frag, PAGEPOOL_FRAG_ANON, __ATOMIC_RELAXED);
	__atomic_fetch_add(&pg->shinfo.refcnt, 1, __ATOMIC_RELAXED);
}

/**
 * Drop one reference to each of n pages. The pages may belong to any
 * pools: a batch is sorted by owning pool, each pool's pages recycled in
 * bulk (TX completion of frames received on many ports).
 */
static inline void
pagepool_put_bulk(struct pagepool_page **pages, unsigned int n)
{
	struct pagepool *pp;
	unsigned int i, len;

	if (unlikely(n == 0))
		return;
	pp = pages[0]->pool;
	if (likely(pagepool_is_owner(pp)) &&
	    likely(pp->cache_len + n <= pp->cache_size)) {
		len = pp->cache_len;
		/* four at a time: one branch for the checks of four pages */
		for (i = 0; i + 4 <= n; i += 4) {
			struct pagepool_page *p0 = pages[i], *p1 = pages[i + 1];
			struct pagepool_page *p2 = pages[i + 2], *p3 = pages[i + 3];
			uintptr_t bad;

			/*
			 * Each page must be ours with one reference, and the
			 * four must differ: {p, p, q, r} reads refcnt 1 twice
			 * before either store. A page repeated across groups
			 * reads the 0 its first store left.
			 */
			bad = ((uintptr_t)p0->pool ^ (uintptr_t)pp) |
			      ((uintptr_t)p1->pool ^ (uintptr_t)pp) |
			      ((uintptr_t)p2->pool ^ (uintptr_t)pp) |
			      ((uintptr_t)p3->pool ^ (uintptr_t)pp) |
			      (uintptr_t)((p0->shinfo.refcnt ^ 1) | (p1->shinfo.refcnt ^ 1) |
					  (p2->shinfo.refcnt ^ 1) | (p3->shinfo.refcnt ^ 1)) |
			      (uintptr_t)((p0 == p1) | (p0 == p2) | (p0 == p3) |
					  (p1 == p2) | (p1 == p3) | (p2 == p3));
			if (unlikely(bad != 0))
				break;
			p0->shinfo.refcnt = 0;
			p1->shinfo.refcnt = 0;
			p2->shinfo.refcnt = 0;
			p3->shinfo.refcnt = 0;
			p0->home = 1;
			p1->home = 1;
			p2->home = 1;
			p3->home = 1;
			__PAGEPOOL_DBG(p0, put_lcore);
			__PAGEPOOL_DBG(p1, put_lcore);
			__PAGEPOOL_DBG(p2, put_lcore);
			__PAGEPOOL_DBG(p3, put_lcore);
		}
		for (; i < n; i++) {
			struct pagepool_page *pg = pages[i];

			if (unlikely(pg->pool != pp || pg->shinfo.refcnt != 1))
				break;
			pg->shinfo.refcnt = 0;
			pg->home = 1;
			__PAGEPOOL_DBG(pg, put_lcore);
		}
		memcpy(&pp->cache[len], pages, i * sizeof(*pages));
		pp->cache_len = len + i;
		__PAGEPOOL_STAT_FAST_ADD(pp, recycle_cached, i);
		if (likely(i == n))
			return;
		pages += i;
		n -= i;
	}
	__pagepool_put_bulk_slow(pages, n);
}

/**
 * Allocate a fragment of size bytes carved from a shared page, like the
 * kernel's page_pool_alloc_frag(). The size is rounded up to a fragment
 * slot: PAGEPOOL_FRAG_ALIGN (64 B) for pages up to 4 KiB, page_size / 64
 * for larger ones (a page has at most 64 fragments, one bit each in its
 * live mask). Each fragment holds one page reference: put it with
 * pagepool_put_frag(pg, offset) (or pagepool_put() of an address inside
 * it) and the page recycles when its last fragment is put; a fragment put
 * twice is counted and ignored.
 *
 * The owner carves with one atomic OR (the fragment's live bit); other
 * lcores get a whole page, which is put the same way.
 *
 * @param offset
 *   Set to the fragment's byte offset within the page.
 * @return the page, or NULL with rte_errno = EINVAL (size 0 or larger than
 *   a page), ENOBUFS or ENOENT.
 */
static inline struct pagepool_page *
pagepool_alloc_frag(struct pagepool *pp, uint32_t *offset, uint32_t size)
{
	uint32_t psz = UINT32_C(1) << pp->page_shift;
	/* size - 1 < psz rejects 0 and oversized requests before rounding */
	uint32_t sz = size - 1u < psz ?
		      RTE_ALIGN_CEIL(size, UINT32_C(1) << pp->frag_shift) :
		      UINT32_MAX;

	if (likely(pagepool_is_owner(pp)) && likely(pp->frag_page != NULL) &&
	    likely(sz <= psz - pp->frag_offset)) {
		struct pagepool_frag_state *st = pp->frag_cur;
		uint32_t off = pp->frag_offset;
		uint64_t bit = UINT64_C(1) << (off >> pp->frag_shift);

		/* atomic: putters of this page's other fragments clear bits */
		__atomic_fetch_or(&st->live, bit, __ATOMIC_RELAXED);
		/* only the carver writes start */
		__atomic_store_n(&st->start, st->start | bit, __ATOMIC_RELAXED);
		*offset = off;
		pp->frag_offset = off + sz;
		pp->frag_users++;
		return pp->frag_page;
	}
	return __pagepool_alloc_frag_slow(pp, offset, size);
}

#ifdef __cplusplus
}
#endif

#endif /* PAGEPOOL_HELPERS_H */
