/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The pagepool authors
 */
#ifndef PAGEPOOL_TYPES_H
#define PAGEPOOL_TYPES_H

/**
 * @file
 * pagepool: structures, flags and out-of-line functions.
 *
 * A pagepool is a fixed set of equally sized pages carved from EAL hugepage
 * memory. Each page has a descriptor, struct pagepool_page, kept outside the
 * page in memory the device is never given. Pages recycle through three
 * tiers: the owner lcore's lockless alloc cache, a multi-producer return
 * ring drained by the owner, and a backing store that can hold every page.
 * The fast path lives in pagepool_helpers.h; doc/design.md explains why.
 */

#include <stdint.h>
#include <stdio.h>

#include <rte_common.h>
#include <rte_mbuf_core.h>
#include <rte_memory.h>
#include <rte_spinlock.h>

#include "pagepool_config.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Longest pool name, terminating NUL included. */
#define PAGEPOOL_NAMESIZE 32
/** Smallest page size. */
#define PAGEPOOL_PAGE_SIZE_MIN 2048u
/** Largest page size. */
#define PAGEPOOL_PAGE_SIZE_MAX 65536u
/** Page size used when params.page_size is 0. */
#define PAGEPOOL_PAGE_SIZE_DEFAULT 4096u
/** Largest owner alloc cache. */
#define PAGEPOOL_CACHE_MAX 512u
/** Alloc cache size used when params.cache_size is 0. */
#define PAGEPOOL_CACHE_DEFAULT 256u
/** Return ring size used when params.ring_size is 0 (capped at nb_pages). */
#define PAGEPOOL_RING_DEFAULT 1024u
/** Fragments are aligned to, and at least, one cache line. */
#define PAGEPOOL_FRAG_ALIGN RTE_CACHE_LINE_SIZE
/**
 * Reference bias a fragment page carries while it is being carved: one more
 * than the most fragments a page can hold, so that a fragment's holder never
 * sees a count of 1 (the no-atomic case) before the carving ends.
 */
#define PAGEPOOL_FRAG_BIAS (PAGEPOOL_PAGE_SIZE_MAX / PAGEPOOL_FRAG_ALIGN + 1)
/** Owner value of a pool that no lcore owns yet (binds on first poll). */
#define PAGEPOOL_OWNER_NONE (UINT32_MAX - 1)
/** Value of struct pagepool_page.magic for every valid page descriptor. */
#define PAGEPOOL_PAGE_MAGIC 0x50504731u /* "PPG1" */

/** struct pagepool_page.frag: a fragment page whose puts name their fragment. */
#define PAGEPOOL_FRAG_NAMED 1
/** struct pagepool_page.frag: a fragment page with a reference of no fragment. */
#define PAGEPOOL_FRAG_ANON 2

/**
 * Give every page a pinned mbuf header (pagepool_pktmbuf_alloc(),
 * pagepool_mbuf_pool()): 192 bytes of bookkeeping per page and an
 * rte_mempool per pool. doc/design.md, "Pinned page mbufs", says why it is
 * opt-in.
 */
#define PAGEPOOL_F_PINNED_MBUF 0x1u
/** Flags accepted in pagepool_params.flags. */
#define PAGEPOOL_F_MASK PAGEPOOL_F_PINNED_MBUF

struct pagepool;
struct pagepool_chunk;
struct rte_mempool;

/**
 * Which fragments of a fragment page are out, one bit per slot of
 * 1 << pool->frag_shift bytes (a page has 64 slots at most), kept beside
 * the descriptors in memory the device never sees (doc/design.md,
 * "Catching double puts").
 */
struct pagepool_frag_state {
	/** Fragments handed out and not put yet. Set by the carver, cleared
	 *  by the fragment's put, both atomically: clearing a clear bit is a
	 *  second put. */
	uint64_t live;
	/** Slots where a fragment of the current carving starts; written by
	 *  the carver only, read to map an address inside a fragment to it. */
	uint64_t start;
};

/**
 * Per-page descriptor: one cache line, stored outside the page.
 *
 * The page reference count is shinfo.refcnt, so that an rte_mbuf attached
 * to the page as an external buffer shares it: rte_pktmbuf_free() drops one
 * page reference and calls back into the pool on the last one.
 * A refcnt of 0 means nobody holds the page; `home` says whether the pool
 * has taken it back (see doc/design.md, "Catching double puts").
 */
struct pagepool_page {
	struct pagepool *pool;  /**< Owning pool. */
	void *addr;             /**< Virtual address of the page. */
	rte_iova_t iova;        /**< IOVA (DMA address) of the page. */
	uint32_t index;         /**< Index of the page in its pool. */
	uint32_t magic;         /**< PAGEPOOL_PAGE_MAGIC. */
	uint16_t alloc_lcore;   /**< Last alloc lcore (pool_debug builds). */
	uint16_t put_lcore;     /**< Last put lcore (pool_debug builds). */
	/**
	 * 1 while the page is in its pool's cache or backing store, 0 while it
	 * is out or on its way back through the return ring or its overflow.
	 * Written only by
	 * the pool's arbiter (its owner, or a holder of arb_lock while it has
	 * none), so that two puts of one page are told apart by one thread.
	 */
	uint8_t home;
	/**
	 * PAGEPOOL_FRAG_NAMED while the page is carved into fragments (handed
	 * out by pagepool_alloc_frag()) and pool->frag_state[index] says which
	 * are out; PAGEPOOL_FRAG_ANON once pagepool_page_get() added a
	 * reference of no fragment (puts are then counted, not told apart);
	 * 0 for a whole page: every whole-page allocation clears it, in the
	 * same store as home.
	 */
	uint8_t frag;
	uint8_t reserved[2];
	/** mbuf shared info; refcnt is the page reference count. */
	struct rte_mbuf_ext_shared_info shinfo;
} __rte_cache_aligned;

/**
 * Per-lcore counters, one cache line each: only the lcore that owns the
 * slot writes it (non-EAL threads share one slot, updated atomically).
 */
struct pagepool_stats {
	/** Pages allocated from the owner's cache as it was, or as refilled from the ring. */
	uint64_t alloc_fast;
	/** Pages allocated from the backing store (directly, or via a cache refill). */
	uint64_t alloc_slow;
	uint64_t alloc_refill;      /**< Pages moved from the return ring to the cache. */
	uint64_t alloc_empty;       /**< Allocations that failed: pool exhausted. */
	uint64_t recycle_cached;    /**< Puts into the owner's alloc cache. */
	uint64_t recycle_ring;      /**< Puts into the return ring. */
	uint64_t recycle_ring_full; /**< Puts that found the return ring full. */
	uint64_t recycle_released;  /**< Pages put into the backing store. */
} __rte_cache_aligned;

/** Sum of the per-lcore counters and the pool's state, as reported. */
struct pagepool_info {
	struct pagepool_stats stats; /**< Counters summed over all lcores. */
	uint32_t nb_pages;           /**< Pages in the pool. */
	uint32_t page_size;          /**< Bytes per page. */
	/** Pages held outside the pool (a lower bound while home_excess is
	 *  not 0). */
	uint32_t in_flight;
	uint32_t cached;             /**< Pages in the alloc cache. */
	uint32_t ring;               /**< Pages in the return ring and its overflow. */
	uint32_t backing;            /**< Pages in the backing store. */
	uint32_t owner;              /**< Owner lcore or PAGEPOOL_OWNER_NONE. */
	uint64_t bad_put;            /**< Puts of a page whose refcount was 0. */
	int destroying;              /**< pagepool_destroy() was called. */
	/**
	 * Entries in the pool's tiers beyond nb_pages: pages put twice whose
	 * second entry waits in the return ring or its overflow for the
	 * arbiter, which drops it and counts it in bad_put when it drains
	 * them. Normally 0; logged when seen.
	 */
	uint32_t home_excess;
};

/** Pool creation parameters: fill with pagepool_params_init() first. */
struct pagepool_params {
	const char *name;      /**< Unique name, shorter than PAGEPOOL_NAMESIZE. */
	uint32_t nb_pages;     /**< Number of pages (>= 1). */
	uint32_t page_size;    /**< Power of two, 2 KiB..64 KiB; 0 = 4 KiB. */
	int socket_id;         /**< NUMA socket or SOCKET_ID_ANY. */
	/**
	 * The lcore allowed to recycle without atomics, an enabled lcore of
	 * this process (rte_lcore_is_enabled()), or PAGEPOOL_OWNER_NONE to
	 * bind the first lcore that calls pagepool_poll() (an RX queue's
	 * polling lcore is often known only when forwarding starts).
	 */
	uint32_t owner_lcore;
	uint32_t cache_size;   /**< Owner alloc cache, <= PAGEPOOL_CACHE_MAX; 0 = default. */
	uint32_t ring_size;    /**< Return ring capacity; 0 = default. */
	uint32_t headroom;     /**< Bytes before packet data in a page (mbuf data_off). */
	uint32_t flags;        /**< PAGEPOOL_F_* flags. */
};

/**
 * The pool. Public only so that the fast path can be inline; its fields are
 * not an API. Fields are laid out by temperature: what the owner touches on
 * every alloc and put first, the alloc cache next, then the cold part.
 */
struct pagepool {
	/* read-mostly: every alloc and put reads it, almost nothing writes it */
	/** Owner lcore in the low 32 bits, pending owner request in the high. */
	uint64_t own_word;
	uint16_t page_shift;        /**< log2(page size). */
	uint16_t frag_shift;        /**< log2 of a fragment slot: max(6, page_shift - 6). */
	uint32_t headroom;          /**< Default mbuf data offset. */
	uint32_t nb_pages;          /**< Pages in the pool. */
	uint32_t flags;             /**< PAGEPOOL_F_* */
	uint8_t *base;              /**< Virtual address of page 0. */
	struct pagepool_page *pages; /**< Descriptors, nb_pages of them. */
	struct pagepool_stats *stats; /**< RTE_MAX_LCORE + 1 slots. */
	/** Pinned mbuf header of page 0 (PAGEPOOL_F_PINNED_MBUF), or NULL;
	 *  page i's is __PAGEPOOL_HDR_STRIDE * i bytes further. */
	uint8_t *hdr_base;
	/* fragment identity (doc/design.md, "Catching double puts") */
	struct pagepool_frag_state *frag_state; /**< One per page. */

	/* written by the owner only: its own cache line, away from own_word */
	uint32_t cache_len __rte_cache_aligned; /**< Pages in cache[]. */
	uint32_t cache_size;        /**< Capacity of cache[] in use. */
	struct pagepool_page *frag_page; /**< Page being carved. */
	uint32_t frag_offset;       /**< Next free byte in frag_page. */
	uint32_t frag_users;        /**< Fragments handed out of frag_page. */
	/** frag_state of frag_page: the carve sets its bits without
	 *  touching the page's descriptor line. */
	struct pagepool_frag_state *frag_cur;
	/** Owner's fast-path counters, here rather than in stats[lcore] so
	 *  that the fast path does not look its lcore up; info sums them in. */
	uint64_t owner_alloc_fast;
	uint64_t owner_recycle_cached;

	/* owner's lockless alloc cache: a LIFO stack, hottest page on top */
	struct pagepool_page *cache[PAGEPOOL_CACHE_MAX] __rte_cache_aligned;

	/* recycle tiers 2 and 3, written by any lcore */
	struct rte_ring *ring __rte_cache_aligned;  /**< MP/MC return ring. */
	struct rte_ring *backing;   /**< MP/MC store with room for every page. */

	/**
	 * Overflow of the return ring, for remote puts that find it full:
	 * page pointers like the ring's, at most nb_pages, under ovf_lock;
	 * the arbiter checks and drains it after the ring. ovf_len is read
	 * without the lock to see whether to look.
	 */
	struct pagepool_page **ovf __rte_cache_aligned;
	uint8_t *ovf_mark;          /**< One byte per page: repeats when compacting. */
	uint32_t ovf_len;           /**< Entries in ovf[]. */
	rte_spinlock_t ovf_lock;    /**< Guards ovf[] and ovf_mark[]. */

	/* control: never on the fast path */
	uint64_t bad_put __rte_cache_aligned; /**< Atomic: puts of free pages. */
	/**
	 * Arbiter of an unowned pool: held while a non-owner takes pages into
	 * the backing store, and while an lcore binds as the owner.
	 */
	rte_spinlock_t arb_lock;
	volatile int destroying;    /**< pagepool_destroy() was called. */
	uint32_t page_size;         /**< Bytes per page. */
	int socket_id;              /**< NUMA socket of the pages. */
	uint32_t ring_size;         /**< Return ring capacity. */
	const struct rte_memzone *mz; /**< Memory of the pages. */
	struct pagepool_chunk *chunks; /**< One per 2 MiB of pages (IOVA lookup). */
	uint32_t nb_chunks;         /**< Entries in chunks[]. */
	int has_iova;               /**< Pages have IOVAs (not --no-huge in PA mode). */
	size_t pages_len;           /**< Bytes mapped for pages[]. */
	uint64_t destroy_tsc;       /**< When pagepool_destroy() was called. */
	uint64_t probe_tsc;         /**< Next time a requester may probe the owner. */
	uint32_t bad_log;           /**< A bad put waits to be logged. */
	uint32_t excess_logged;     /**< Tiers held more than nb_pages: logged. */
	uint64_t warn_tsc;          /**< When the last stall warning was logged. */
	/** The pinned headers' mempool (PAGEPOOL_F_PINNED_MBUF), or NULL. */
	struct rte_mempool *hdr_mp;
	/**
	 * Shared info of a pinned header that holds no page: its refcnt stays
	 * 1, so a second rte_pktmbuf_free() of the header reaches the
	 * mempool's enqueue, which counts it, instead of wrapping the page's
	 * refcount.
	 */
	struct rte_mbuf_ext_shared_info hdr_idle;
	char name[PAGEPOOL_NAMESIZE]; /**< Unique name. */
};

/**
 * Fill params with defaults: 4 KiB pages, any socket, no owner until the
 * first pagepool_poll(), default cache and ring sizes, RTE_PKTMBUF_HEADROOM.
 * The caller still sets name and nb_pages.
 */
void pagepool_params_init(struct pagepool_params *params);

/**
 * Create a pool.
 *
 * Pages come from one EAL memzone aligned to 2 MiB (virtually contiguous;
 * IOVA-contiguous within each 2 MiB chunk), so every page has a valid IOVA
 * when the EAL has one (hugepages, or IOVA-as-VA) and none straddles a
 * hugepage.
 * Descriptors are kept in separate memory that is never DMA-mapped.
 * Primary process only: the pool and its descriptors live in the
 * primary's private memory, which a secondary process cannot reach.
 *
 * @return
 *   The pool, or NULL with rte_errno set: EINVAL (a parameter is invalid,
 *   the log names it; owner_lcore must be an enabled lcore or
 *   PAGEPOOL_OWNER_NONE), EEXIST (name in use, possibly by a destroyed pool
 *   still waiting for its pages), ENOMEM (no memory), E_RTE_SECONDARY
 *   (called in a secondary process).
 */
struct pagepool *pagepool_create(const struct pagepool_params *params);

/**
 * Destroy a pool. Call it from the control path once no lcore runs the
 * pool's fast path (its RX queue is stopped). The pool stops handing out
 * pages at once; it is freed when the last page in flight comes back, and
 * meanwhile logs a "stalled pool shutdown" warning periodically.
 *
 * After this call the caller must not touch pp again, even when it
 * returned a count: the last page may come back at any moment, and the
 * EAL alarm thread then frees the pool. Only a holder of one of its pages
 * may still use it (a page in hand keeps its pool mapped), and only until
 * it puts that page.
 *
 * @return
 *   0 if the pool was freed now, or the number of pages still in flight
 *   (the pool is freed later; pagepool_lookup() finds it until then).
 */
int pagepool_destroy(struct pagepool *pp);

/**
 * Find a pool by name. Takes the pool list lock, so it is safe against a
 * destroyed pool being freed meanwhile.
 *
 * The pointer is valid when returned, but this call does not pin the pool:
 * a pool that pagepool_destroy() has been called on may be freed at any
 * moment after (its last page returning, on any thread). Dereference it
 * only if you know the pool is not being destroyed (you created it and
 * have not destroyed it, as a driver knows of its queue's pool) or you
 * hold one of its pages. To learn whether a name is in use, compare with
 * NULL and do not dereference.
 *
 * @return
 *   The pool, or NULL with rte_errno = ENOENT (no pool of that name),
 *   EINVAL (name is NULL) or E_RTE_SECONDARY (a secondary process has no
 *   pools).
 */
struct pagepool *pagepool_lookup(const char *name);

/** Name of a pool (what pagepool_lookup() takes); "" for NULL. */
const char *pagepool_name(const struct pagepool *pp);

/**
 * Page descriptor of any address inside any pool's page, found by
 * arithmetic (a two-level table over 2 MiB regions), or NULL if the address
 * belongs to no pool.
 */
struct pagepool_page *pagepool_page_from_addr(const void *addr);

/**
 * Drop one reference to the page holding addr (any address inside a page or
 * fragment of any pool), from any lcore. On a fragment page this puts the
 * fragment holding addr, as pagepool_put_frag() does: a second put of it is
 * refused even while other fragments of the page are held.
 * @return 0, or -EINVAL if addr belongs to no pool (counted in
 *   pagepool_foreign_puts() and logged once), its page is already free, or
 *   its fragment was put already (both counted in the pool's bad_put);
 *   nothing is corrupted either way.
 */
int pagepool_put(const void *addr);

/**
 * Descriptor of the page of pool pp holding a given IOVA, found by
 * arithmetic (a two-level table over 2 MiB of IOVA space, one pool chunk per
 * slot), or NULL if the IOVA is not in one of pp's pages.
 */
struct pagepool_page *pagepool_page_from_iova(const struct pagepool *pp,
					      rte_iova_t iova);

/**
 * Whether the pool's pages have IOVAs a device can be given. They have none
 * when the EAL gives memory no IOVA (RTE_BAD_IOVA, e.g. without hugepages
 * in IOVA-as-PA mode); a driver must then refuse the pool instead of
 * programming RTE_BAD_IOVA + offset into its descriptors.
 *
 * @return 1 if every page has a valid IOVA (pg->iova), 0 if none has or
 *   pp is NULL.
 */
int pagepool_has_iova(const struct pagepool *pp);

/**
 * Number of pages outside the pool (allocated and not yet put back), from
 * the pages in its tiers. A page put twice at once on two lcores can sit
 * in the return ring twice until the owner drains it: the tiers then hold
 * more entries than the pool has pages. That excess is not hidden: it is
 * logged (once per pool) and reported in pagepool_info.home_excess, and
 * the count returned here is then a lower bound (0 if the tiers hold
 * nb_pages entries or more).
 */
uint32_t pagepool_in_flight(const struct pagepool *pp);

/** Fill info with the pool's summed counters and state. @return 0 or -EINVAL. */
int pagepool_info_get(const struct pagepool *pp, struct pagepool_info *info);

/**
 * pagepool_info_get() of the pool named name, under the pool list lock: the
 * one way to read a pool found by name that may be destroyed and freed
 * meanwhile (a report at exit, after the ports that used it are closed),
 * where pagepool_lookup() + pagepool_info_get() could read freed memory.
 *
 * @return 0, -ENOENT (no pool of that name: never created, or destroyed
 *   and freed), -EINVAL (name or info NULL) or -E_RTE_SECONDARY.
 */
int pagepool_info_lookup(const char *name, struct pagepool_info *info);

/** Zero the pool's counters (not bad_put). */
void pagepool_stats_reset(struct pagepool *pp);

/** Global count of puts of addresses that belong to no pool. */
uint64_t pagepool_foreign_puts(void);

/**
 * Forget the owner: the next lcore that calls pagepool_poll() becomes it.
 * Control path only, with no lcore running the pool's fast path (drivers
 * call it on queue start and stop).
 */
void pagepool_owner_reset(struct pagepool *pp);

/**
 * The pool's owner lcore, or PAGEPOOL_OWNER_NONE (also for NULL). A
 * snapshot: a caller deciding whether to pagepool_poll() (a mempool driver
 * that must not take a pool from a running owner) may act on a stale value;
 * pagepool_poll() itself stays correct.
 */
uint32_t pagepool_owner(const struct pagepool *pp);

/**
 * Set the period of the "stalled pool shutdown" warning, in milliseconds,
 * for pools destroyed from now on (default 60000).
 */
void pagepool_set_stall_warn_ms(uint32_t ms);

/** Print the pool's state and counters. */
void pagepool_dump(FILE *f, const struct pagepool *pp);

/* Out-of-line halves of the fast path in pagepool_helpers.h. */
/** @internal */
struct pagepool_page *__pagepool_alloc_slow(struct pagepool *pp);
/** @internal */
unsigned int __pagepool_alloc_bulk_slow(struct pagepool *pp,
		struct pagepool_page **pages, unsigned int n);
/** @internal */
void __pagepool_recycle_slow(struct pagepool *pp, struct pagepool_page *pg);
/** @internal */
void __pagepool_put_bulk_slow(struct pagepool_page **pages, unsigned int n);
/** @internal */
void __pagepool_bad_put(struct pagepool_page *pg);
/** @internal */
void __pagepool_frag_bad_put(struct pagepool_page *pg, uint32_t offset);
/** @internal */
void __pagepool_bind(struct pagepool *pp);
/** @internal */
void __pagepool_drain_overflow(struct pagepool *pp);
/** @internal */
void __pagepool_yield_asked(void);

/**
 * @internal One per lcore: `asked` is bumped by an lcore that wants a pool
 * this lcore owns; the owner compares it with `seen` in pagepool_poll().
 */
struct __pagepool_lcore_req {
	uint32_t asked;
	uint32_t seen;
} __rte_cache_aligned;
/** @internal */
extern struct __pagepool_lcore_req __pagepool_lcore_req[RTE_MAX_LCORE];
/** @internal */
struct pagepool_page *__pagepool_alloc_frag_slow(struct pagepool *pp,
		uint32_t *offset, uint32_t size);

#ifdef __cplusplus
}
#endif

#endif /* PAGEPOOL_TYPES_H */
