/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The pagepool authors
 */

/*
 * Mempool driver "pagepool": every object of the mempool is the start of
 * one pagepool page, so that any PMD that takes an rte_mempool receives into
 * pagepool pages and every rte_pktmbuf_free() is a pagepool put.
 *
 *   page i:  | color | objhdr | struct rte_mbuf | priv | headroom | data |
 *            ^ base + i * page size
 *                             ^ object = page + color(i) + mp->header_size
 *
 * color(i) is 0 to colors - 1 cache lines, as many colors as the page's
 * spare room allows (at most 64), spread by a hash of i: pages are a power
 * of two apart,
 * so without it every mbuf header would sit at the same offset in its page
 * and map to the same L1 set (8 ways), which made testpmd on net_null 3x
 * slower (9.6 against 29 Mpps for ring_mp_mc). DPDK's mempool spreads its
 * objects for the same reason (RTE_MEMPOOL_F_NO_SPREAD).
 *
 * The mempool library still reserves memory for its objects
 * (rte_mempool_populate_default()); calc_mem_size() asks for one cache line
 * and populate() places the objects in the pagepool's pages instead.
 * Pages are virtually contiguous and their descriptors an array (checked at
 * populate), so a put finds an object's descriptor by arithmetic.
 *
 * A page's reference count is 1 while its object is out of the mempool and
 * 0 while it is in, so pagepool_in_flight() counts what the application and
 * the PMDs hold, and a second put of the same object (a double
 * rte_pktmbuf_free()) is the pagepool's bad_put: counted, harmless.
 *
 * The mempool's own per-lcore cache is switched off (ppmp_cache_off() sets
 * mp->cache_size to 0, whatever the application asked for): the pagepool's
 * owner cache is that cache, and a second cache in front of it would hide
 * double frees (the same mbuf twice in a mempool cache is handed out twice
 * before the pagepool sees it) and in-flight pages. It costs speed where
 * a PMD frees mbufs one by one (each free is then a call into the ops):
 * doc/mempool.md has the measurements, and the ops "pagepool_mpcache" keep
 * the cache for whoever prefers that trade.
 *
 * Ownership: the owner is the lcore that may use the lockless cache. A
 * worker lcore that allocates (an RX queue's poller) binds the pool when it
 * has no owner or its owner is idle; a running owner keeps it (no
 * ping-pong between two forwarding lcores that share a pool), and the main
 * lcore, which runs the control path while the workers forward, binds only
 * when it is the only lcore. Everyone else takes the pagepool's shared path.
 */

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <rte_common.h>
#include <rte_errno.h>
#include <rte_launch.h>
#include <rte_lcore.h>
#include <rte_log.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>
#include <rte_telemetry.h>

#include "pagepool_mempool.h"

RTE_LOG_REGISTER(ppmp_logtype, mempool.pagepool, INFO);
#define PPMP_LOG(level, fmt, ...) \
	rte_log(RTE_LOG_ ## level, ppmp_logtype, "mempool_pagepool: " fmt "\n", \
		##__VA_ARGS__)

/* Objects converted to pages per pagepool_put_bulk() call. */
#define PPMP_PUT_CHUNK 64

/* mp->pool_data: created by the alloc op, freed by the free op. */
struct ppmp {
	/* read on every enqueue and dequeue */
	struct pagepool *pp;
	uintptr_t base;			/* address of page 0 */
	struct pagepool_page *desc0;	/* descriptor of page 0 */
	uint32_t page_shift;		/* log2(page size) */
	uint32_t obj_off;		/* object offset within a page of color 0 */
	uint32_t colors;		/* object offsets, one cache line apart */
	uint32_t nb_pages;
	volatile int closing;		/* rte_mempool_free() began */

	/* control path */
	uint64_t bad_objs __rte_cache_aligned; /* atomic: not our objects */
	uint32_t cache_asked;		/* mempool cache the app asked for */
	uint32_t page_size;
};

static int ppmp_alloc(struct rte_mempool *mp);
static int ppmp_alloc_mpcache(struct rte_mempool *mp);

static struct ppmp *
ppmp_of(const struct rte_mempool *mp)
{
	rte_mempool_alloc_t alloc;

	if (mp == NULL || mp->ops_index < 0)
		return NULL;
	alloc = rte_mempool_get_ops(mp->ops_index)->alloc;
	if (alloc != ppmp_alloc && alloc != ppmp_alloc_mpcache)
		return NULL;
	return mp->pool_data;
}

/* ------------------------------------------------------------------
 * Fast path.
 */

/* Offset of page idx's object within its page: a color from a
 * multiplicative hash of the index, so that consecutive pages, and pages
 * whose low index bits agree (the same L2 sets), seldom share one. */
static inline uint32_t
ppmp_obj_off(const struct ppmp *m, uint32_t idx)
{
	uint32_t h = (idx * UINT32_C(2654435761)) >> 24;

	return m->obj_off + (((h * m->colors) >> 8) << RTE_CACHE_LINE_SIZE_LOG2);
}

/*
 * A worker lcore that is not running a launched function is not inside the
 * pool (the pagepool's own rule for an idle owner, doc/design.md).
 */
static int
ppmp_lcore_idle(unsigned int lcore)
{
	return lcore < RTE_MAX_LCORE && lcore != rte_get_main_lcore() &&
	       rte_eal_lcore_role(lcore) == ROLE_RTE &&
	       rte_eal_get_lcore_state(lcore) == WAIT;
}

/* The caller does not own the pool: should it? (see the top comment) */
static __rte_noinline void
ppmp_bind(struct ppmp *m)
{
	unsigned int me = rte_lcore_id();
	uint32_t owner;

	if (me >= RTE_MAX_LCORE)
		return;
	if (me == rte_get_main_lcore() && rte_lcore_count() > 1)
		return;
	owner = pagepool_owner(m->pp);
	if (owner == me || owner == PAGEPOOL_OWNER_NONE ||
	    ppmp_lcore_idle(owner))
		pagepool_poll(m->pp);
}

static __rte_noinline void
ppmp_bad_obj(const struct rte_mempool *mp, struct ppmp *m, const void *obj)
{
	if (__atomic_fetch_add(&m->bad_objs, 1, __ATOMIC_RELAXED) == 0)
		PPMP_LOG(ERR, "%s: put of %p, which is not one of its objects; counted, ignored",
			 mp->name, obj);
}

/* Page of object obj, or NULL (counted) if obj is not one of ours. */
static inline struct pagepool_page *
ppmp_page(const struct rte_mempool *mp, struct ppmp *m, const void *obj)
{
	uintptr_t off = (uintptr_t)obj - m->base;
	uint32_t idx = (uint32_t)(off >> m->page_shift);

	/* an object of ours is where populate put it in one of our pages
	 * (an address below base wraps to a huge offset) */
	if (unlikely((off >> m->page_shift) >= m->nb_pages ||
		     (off & ((UINT32_C(1) << m->page_shift) - 1)) !=
		     ppmp_obj_off(m, idx))) {
		ppmp_bad_obj(mp, m, obj);
		return NULL;
	}
	return m->desc0 + idx;
}

/* Out of line: its page array would make every single put build a
 * half-kilobyte stack frame. */
static __rte_noinline void
ppmp_enqueue_bulk(struct rte_mempool *mp, struct ppmp *m, void * const *objs,
		  unsigned int n)
{
	struct pagepool_page *pages[PPMP_PUT_CHUNK];
	struct pagepool_page *pg;
	unsigned int i, k, good;

	while (n != 0) {
		k = RTE_MIN(n, (unsigned int)PPMP_PUT_CHUNK);
		good = 0;
		for (i = 0; i < k; i++) {
			pg = ppmp_page(mp, m, objs[i]);
			if (likely(pg != NULL))
				pages[good++] = pg;
		}
		pagepool_put_bulk(pages, good);
		objs += k;
		n -= k;
	}
}

static int
ppmp_enqueue(struct rte_mempool *mp, void * const *objs, unsigned int n)
{
	struct ppmp *m = mp->pool_data;
	struct pagepool_page *pg;

	/* With no mempool cache, rte_pktmbuf_free() puts one object at a
	 * time (net_null's TX, most PMDs' TX completion): the page is known
	 * to be ours, which spares put_bulk()'s pool lookup and copy. */
	if (likely(n == 1)) {
		pg = ppmp_page(mp, m, objs[0]);
		if (likely(pg != NULL))
			pagepool_recycle_direct(m->pp, pg);
		return 0;
	}
	ppmp_enqueue_bulk(mp, m, objs, n);
	return 0;
}

static int
ppmp_dequeue(struct rte_mempool *mp, void **objs, unsigned int n)
{
	struct ppmp *m = mp->pool_data;
	struct pagepool_page **pages = (struct pagepool_page **)objs;
	unsigned int i, got;

	if (unlikely(!pagepool_is_owner(m->pp)))
		ppmp_bind(m);
	/* rte_mempool_free() empties the pool object by object before the
	 * free op: leave the pages where they are, so that the free op sees
	 * which ones really are still out. */
	if (unlikely(m->closing))
		return -ENOBUFS;
	/* A mempool get is all or nothing. */
	got = pagepool_alloc_bulk(m->pp, pages, n);
	if (unlikely(got < n)) {
		pagepool_put_bulk(pages, got);
		return -ENOBUFS;
	}
	for (i = 0; i < n; i++)
		objs[i] = RTE_PTR_ADD(pages[i]->addr,
				      ppmp_obj_off(m, pages[i]->index));
	return 0;
}

static unsigned int
ppmp_get_count(const struct rte_mempool *mp)
{
	const struct ppmp *m = mp->pool_data;
	uint32_t out = pagepool_in_flight(m->pp);

	return out >= mp->size ? 0 : mp->size - out;
}

/* ------------------------------------------------------------------
 * Create and free.
 */

/* Bytes of a page an object needs: header, element, debug cookie. The
 * trailer's padding (cache alignment, channel spreading) is not needed in
 * a page of its own. */
static size_t
ppmp_obj_need(uint32_t header_size, uint32_t elt_size)
{
	size_t need = (size_t)header_size + elt_size;

#ifdef RTE_LIBRTE_MEMPOOL_DEBUG
	need += sizeof(struct rte_mempool_objtlr);
#endif
	return need;
}

static void ppmp_event(enum rte_mempool_event event, struct rte_mempool *mp,
		       void *arg);

static int
ppmp_event_register_once(void)
{
	static int registered;
	int ret;

	if (__atomic_load_n(&registered, __ATOMIC_ACQUIRE))
		return 0;
	ret = rte_mempool_event_callback_register(ppmp_event, NULL);
	if (ret != 0 && rte_errno != EEXIST)
		return -rte_errno;
	__atomic_store_n(&registered, 1, __ATOMIC_RELEASE);
	return 0;
}

/*
 * Nothing may sit between the application and the pagepool (see the top
 * comment): switch the mempool's per-lcore cache off. The mempool's private
 * area (the mbuf pool's data room and private size, already written by
 * rte_pktmbuf_pool_init()) follows the cache array only while cache_size is
 * not 0 (rte_mempool_get_priv()), so it moves down with it, into the unused
 * array, within the mempool's own memzone.
 */
static void
ppmp_cache_off(struct rte_mempool *mp)
{
	void *priv = rte_mempool_get_priv(mp);

	if (mp->cache_size == 0)
		return;
	mp->cache_size = 0;
	memmove(rte_mempool_get_priv(mp), priv, mp->private_data_size);
}

static int
ppmp_alloc_common(struct rte_mempool *mp, int keep_cache)
{
	struct pagepool_params p;
	struct ppmp *m;
	size_t need = ppmp_obj_need(mp->header_size, mp->elt_size);
	uint32_t page_size, colors;
	int ret;

	if (need > PAGEPOOL_PAGE_SIZE_MAX) {
		PPMP_LOG(ERR, "%s: an object of %zu B does not fit a %u B page",
			 mp->name, need, PAGEPOOL_PAGE_SIZE_MAX);
		return -EINVAL;
	}
	page_size = RTE_MAX(rte_align32pow2((uint32_t)need),
			    PAGEPOOL_PAGE_SIZE_MIN);
	ret = ppmp_event_register_once();
	if (ret != 0) {
		PPMP_LOG(ERR, "%s: cannot register the mempool event callback: %s",
			 mp->name, rte_strerror(-ret));
		return ret;
	}
	m = rte_zmalloc_socket("mempool_pagepool", sizeof(*m), 0,
			       mp->socket_id);
	if (m == NULL)
		return -ENOMEM;
	pagepool_params_init(&p);
	p.name = mp->name;	/* telemetry finds it under the mempool's name */
	p.nb_pages = mp->size;
	p.page_size = page_size;
	p.socket_id = mp->socket_id;
	m->pp = pagepool_create(&p);
	if (m->pp == NULL) {
		ret = -rte_errno;
		PPMP_LOG(ERR, "%s: cannot create a pagepool of %u pages of %u B: %s",
			 mp->name, mp->size, page_size, rte_strerror(rte_errno));
		rte_free(m);
		return ret;
	}
	m->page_size = page_size;
	m->page_shift = rte_bsf32(page_size);
	m->nb_pages = mp->size;
	m->obj_off = mp->header_size;
	colors = (uint32_t)((page_size - need) / RTE_CACHE_LINE_SIZE) + 1;
	m->colors = RTE_MIN(colors, 64u);
	m->cache_asked = mp->cache_size;
	if (!keep_cache)
		ppmp_cache_off(mp);
	mp->pool_data = m;
	return 0;
}

static int
ppmp_alloc(struct rte_mempool *mp)
{
	return ppmp_alloc_common(mp, 0);
}

static int
ppmp_alloc_mpcache(struct rte_mempool *mp)
{
	return ppmp_alloc_common(mp, 1);
}

/*
 * RTE_MEMPOOL_EVENT_DESTROY comes first in rte_mempool_free(), before the
 * mempool empties itself object by object: the pagepool's state is still
 * the application's. Log it, and make the dequeues that follow fail.
 */
static void
ppmp_event(enum rte_mempool_event event, struct rte_mempool *mp, void *arg)
{
	struct ppmp *m = ppmp_of(mp);
	struct pagepool_info in;

	unsigned int lcore;

	RTE_SET_USED(arg);
	if (event != RTE_MEMPOOL_EVENT_DESTROY || m == NULL)
		return;
	/* "pagepool_mpcache": what the lcores' caches hold is not in flight;
	 * no lcore runs on a mempool being freed. */
	if (mp->cache_size != 0)
		for (lcore = 0; lcore < RTE_MAX_LCORE; lcore++)
			rte_mempool_cache_flush(&mp->local_cache[lcore], mp);
	m->closing = 1;
	if (pagepool_info_get(m->pp, &in) != 0)
		return;
	PPMP_LOG(INFO, "%s: freed: %u pages of %u B, %u in flight, %" PRIu64
		 " bad puts (double frees), %" PRIu64 " bad objects; alloc fast %"
		 PRIu64 " slow %" PRIu64 ", recycle cached %" PRIu64 " ring %"
		 PRIu64 " released %" PRIu64 ", mempool cache %u (asked %u)",
		 mp->name, in.nb_pages, in.page_size, in.in_flight, in.bad_put,
		 __atomic_load_n(&m->bad_objs, __ATOMIC_RELAXED),
		 in.stats.alloc_fast, in.stats.alloc_slow,
		 in.stats.recycle_cached, in.stats.recycle_ring,
		 in.stats.recycle_released, mp->cache_size, m->cache_asked);
}

static void
ppmp_free(struct rte_mempool *mp)
{
	struct ppmp *m = mp->pool_data;
	int left;

	if (m == NULL)
		return;
	/* Pages still out keep the pagepool (their memory) alive until they
	 * come back; their mbufs point at a freed mempool, which is the
	 * application's bug, and the pagepool logs the stall. */
	left = pagepool_destroy(m->pp);
	if (left > 0)
		PPMP_LOG(WARNING, "%s: %d pages still in flight at free", mp->name,
			 left);
	rte_free(m);
	mp->pool_data = NULL;
}

/*
 * The objects live in the pagepool's pages, not in memory the mempool
 * reserves: ask for one cache line, which populate() leaves unused (a size
 * of 0 would make rte_memzone_reserve() take the largest free zone).
 */
static ssize_t
ppmp_calc_mem_size(const struct rte_mempool *mp, uint32_t obj_num,
		   uint32_t pg_shift, size_t *min_chunk_size, size_t *align)
{
	RTE_SET_USED(mp);
	RTE_SET_USED(obj_num);
	RTE_SET_USED(pg_shift);
	*min_chunk_size = RTE_CACHE_LINE_SIZE;
	*align = RTE_CACHE_LINE_SIZE;
	return RTE_CACHE_LINE_SIZE;
}

/* Check that page i is at base + i * page size with descriptor desc0 + i,
 * which the enqueue arithmetic relies on; record base and desc0. */
static int
ppmp_layout(struct rte_mempool *mp, struct ppmp *m,
	    struct pagepool_page **held, uint32_t n)
{
	uintptr_t base = UINTPTR_MAX;
	uint32_t i;

	for (i = 0; i < n; i++)
		base = RTE_MIN(base, (uintptr_t)pagepool_page_addr(held[i]));
	m->base = base;
	m->desc0 = pagepool_page_from_addr((void *)base);
	for (i = 0; i < n; i++) {
		uintptr_t off = (uintptr_t)pagepool_page_addr(held[i]) - base;

		if (m->desc0 == NULL || (off & (m->page_size - 1)) != 0 ||
		    (off >> m->page_shift) >= n ||
		    m->desc0 + (off >> m->page_shift) != held[i]) {
			PPMP_LOG(ERR, "%s: the pagepool's pages are not an array",
				 mp->name);
			return -ENOTSUP;
		}
	}
	return 0;
}

static int
ppmp_populate(struct rte_mempool *mp, unsigned int max_objs, void *vaddr,
	      rte_iova_t iova, size_t len, rte_mempool_populate_obj_cb_t *obj_cb,
	      void *obj_cb_arg)
{
	struct ppmp *m = mp->pool_data;
	struct pagepool_page **held;
	uint32_t i, n = m->nb_pages;
	int ret;

	RTE_SET_USED(vaddr);
	RTE_SET_USED(iova);
	RTE_SET_USED(len);
	/* All pages are placed on the first call. */
	if (max_objs < n)
		return -ENOSPC;
	held = calloc(n, sizeof(*held));
	if (held == NULL)
		return -ENOMEM;
	/* Placing an object puts its page: take every page out first so that
	 * each put is a real one. */
	if (pagepool_alloc_bulk(m->pp, held, n) != n) {
		ret = -ENOBUFS;
		goto out;
	}
	ret = ppmp_layout(mp, m, held, n);
	if (ret != 0)
		goto out;
	for (i = 0; i < n; i++) {
		uint32_t off = ppmp_obj_off(m, held[i]->index);
		void *obj = RTE_PTR_ADD(pagepool_page_addr(held[i]), off);
		rte_iova_t pa = pagepool_page_iova(held[i]);

		obj_cb(mp, obj_cb_arg, obj,
		       pa == RTE_BAD_IOVA ? RTE_BAD_IOVA : pa + off);
		held[i] = NULL;
		rte_mempool_ops_enqueue_bulk(mp, &obj, 1);
	}
	/* Counters start now: populating is not traffic. */
	pagepool_stats_reset(m->pp);
	ret = (int)n;
out:
	for (i = 0; i < n; i++)
		if (held[i] != NULL)
			pagepool_put_page(held[i]);
	free(held);
	return ret;
}

static const struct rte_mempool_ops ppmp_ops = {
	.name = PAGEPOOL_MEMPOOL_OPS_NAME,
	.alloc = ppmp_alloc,
	.free = ppmp_free,
	.enqueue = ppmp_enqueue,
	.dequeue = ppmp_dequeue,
	.get_count = ppmp_get_count,
	.calc_mem_size = ppmp_calc_mem_size,
	.populate = ppmp_populate,
};

RTE_MEMPOOL_REGISTER_OPS(ppmp_ops);

/*
 * The same ops with the mempool's per-lcore cache left in front, for a
 * measured comparison (doc/mempool.md): as fast as ring_mp_mc on one lcore,
 * but a double free into a cache goes unseen and the same mbuf may be
 * handed out twice.
 */
static const struct rte_mempool_ops ppmp_mpcache_ops = {
	.name = PAGEPOOL_MEMPOOL_MPCACHE_OPS_NAME,
	.alloc = ppmp_alloc_mpcache,
	.free = ppmp_free,
	.enqueue = ppmp_enqueue,
	.dequeue = ppmp_dequeue,
	.get_count = ppmp_get_count,
	.calc_mem_size = ppmp_calc_mem_size,
	.populate = ppmp_populate,
};

RTE_MEMPOOL_REGISTER_OPS(ppmp_mpcache_ops);

/* ------------------------------------------------------------------
 * Public calls.
 */

uint16_t
pagepool_mempool_data_room(uint32_t page_size, uint16_t priv_size)
{
	struct rte_mempool_objsz sz;
	size_t need;

	if (!rte_is_power_of_2(page_size) || page_size < PAGEPOOL_PAGE_SIZE_MIN ||
	    page_size > PAGEPOOL_PAGE_SIZE_MAX)
		return 0;
	rte_mempool_calc_obj_size(0, 0, &sz);
	need = ppmp_obj_need(sz.header_size, sizeof(struct rte_mbuf) +
			     RTE_ALIGN_CEIL(priv_size, RTE_MBUF_PRIV_ALIGN));
	if (page_size < need + RTE_PKTMBUF_HEADROOM)
		return 0;
	return (uint16_t)RTE_MIN(page_size - need, (size_t)UINT16_MAX);
}

struct pagepool *
pagepool_mempool_pagepool(const struct rte_mempool *mp)
{
	const struct ppmp *m = ppmp_of(mp);

	return m == NULL ? NULL : m->pp;
}

uint64_t
pagepool_mempool_bad_objs(const struct rte_mempool *mp)
{
	const struct ppmp *m = ppmp_of(mp);

	return m == NULL ? 0 : __atomic_load_n(&m->bad_objs, __ATOMIC_RELAXED);
}

/* ------------------------------------------------------------------
 * Telemetry: /mempool_pagepool/list and /mempool_pagepool/info,<mempool>.
 * Mempools are visited under the mempool list's lock (rte_mempool_walk()),
 * so one cannot be freed meanwhile.
 */

static void
ppmp_tel_add_name(struct rte_mempool *mp, void *arg)
{
	if (ppmp_of(mp) != NULL)
		rte_tel_data_add_array_string(arg, mp->name);
}

static int
ppmp_tel_list(const char *cmd, const char *params, struct rte_tel_data *d)
{
	RTE_SET_USED(cmd);
	RTE_SET_USED(params);
	rte_tel_data_start_array(d, RTE_TEL_STRING_VAL);
	rte_mempool_walk(ppmp_tel_add_name, d);
	return 0;
}

struct ppmp_tel_info {
	const char *name;
	struct rte_tel_data *d;
	int found;
};

static void
ppmp_tel_fill(struct rte_mempool *mp, void *arg)
{
	struct ppmp_tel_info *t = arg;
	const struct ppmp *m = ppmp_of(mp);
	struct rte_tel_data *d = t->d;
	struct pagepool_info in;

	if (t->found || m == NULL || strcmp(mp->name, t->name) != 0 ||
	    pagepool_info_get(m->pp, &in) != 0)
		return;
	t->found = 1;
	rte_tel_data_start_dict(d);
	rte_tel_data_add_dict_string(d, "mempool", mp->name);
	rte_tel_data_add_dict_string(d, "pagepool", pagepool_name(m->pp));
	rte_tel_data_add_dict_u64(d, "size", mp->size);
	rte_tel_data_add_dict_u64(d, "elt_size", mp->elt_size);
	rte_tel_data_add_dict_u64(d, "page_size", in.page_size);
	rte_tel_data_add_dict_u64(d, "colors", m->colors);
	rte_tel_data_add_dict_u64(d, "mempool_cache_size", mp->cache_size);
	rte_tel_data_add_dict_u64(d, "mempool_cache_asked", m->cache_asked);
	rte_tel_data_add_dict_int(d, "owner", in.owner == PAGEPOOL_OWNER_NONE ?
				  -1 : (int)in.owner);
	rte_tel_data_add_dict_u64(d, "in_flight", in.in_flight);
	rte_tel_data_add_dict_u64(d, "bad_put", in.bad_put);
	rte_tel_data_add_dict_u64(d, "bad_objs",
				  __atomic_load_n(&m->bad_objs, __ATOMIC_RELAXED));
	rte_tel_data_add_dict_u64(d, "alloc_fast", in.stats.alloc_fast);
	rte_tel_data_add_dict_u64(d, "alloc_slow", in.stats.alloc_slow);
	rte_tel_data_add_dict_u64(d, "alloc_empty", in.stats.alloc_empty);
	rte_tel_data_add_dict_u64(d, "recycle_cached", in.stats.recycle_cached);
	rte_tel_data_add_dict_u64(d, "recycle_ring", in.stats.recycle_ring);
	rte_tel_data_add_dict_u64(d, "recycle_released", in.stats.recycle_released);
}

static int
ppmp_tel_info(const char *cmd, const char *params, struct rte_tel_data *d)
{
	struct ppmp_tel_info t = { .name = params, .d = d };

	RTE_SET_USED(cmd);
	if (params == NULL || params[0] == '\0')
		return -EINVAL;
	rte_mempool_walk(ppmp_tel_fill, &t);
	return t.found ? 0 : -EINVAL;
}

RTE_INIT(ppmp_telemetry_init)
{
	rte_telemetry_register_cmd("/mempool_pagepool/list", ppmp_tel_list,
		"Returns the mempools on pagepool pages. Takes no parameters");
	rte_telemetry_register_cmd("/mempool_pagepool/info", ppmp_tel_info,
		"Returns a pagepool mempool's state and counters. Parameters: mempool name");
}
