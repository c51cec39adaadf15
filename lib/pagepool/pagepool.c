/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The pagepool authors
 */

/*
 * Pool creation and destruction, the address directory, and the slow
 * halves of alloc and put. The fast path is inline in pagepool_helpers.h.
 */

#include <errno.h>
#include <inttypes.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/queue.h>

#include <numa.h>

#include <rte_alarm.h>
#include <rte_cycles.h>
#include <rte_errno.h>
#include <rte_launch.h>
#include <rte_malloc.h>
#include <rte_memzone.h>
#include <rte_prefetch.h>
#include <rte_ring.h>
#include <rte_spinlock.h>

#include "pagepool_priv.h"

RTE_LOG_REGISTER(pagepool_logtype, pagepool, INFO);

/* Page memory is reserved in 2 MiB aligned units: the directory's grain. */
#define PP_REGION_SHIFT 21
#define PP_REGION_SIZE (UINT64_C(1) << PP_REGION_SHIFT)
/* A two-level table over the 47-bit user address space, 2 MiB per slot. */
#define PP_VA_BITS 47
#define PP_L2_BITS 13
#define PP_L1_BITS (PP_VA_BITS - PP_REGION_SHIFT - PP_L2_BITS)
/* How often a destroyed pool with pages out looks for them. */
#define PP_RELEASE_PERIOD_US 100000

struct pp_entry {
	TAILQ_ENTRY(pp_entry) next;
	struct pagepool *pp;
};
TAILQ_HEAD(pp_list, pp_entry);

static struct pp_list pp_pools = TAILQ_HEAD_INITIALIZER(pp_pools);
static rte_spinlock_t pp_lock = RTE_SPINLOCK_INITIALIZER;
static void **pp_va_dir[1u << PP_L1_BITS];   /* -> struct pagepool */
static void **pp_iova_dir[1u << PP_L1_BITS]; /* -> struct pagepool_chunk */
static uint32_t pp_next_id;
static uint64_t pp_foreign;
static uint32_t pp_stall_warn_ms = 60000;

/* One 2 MiB unit of a pool's pages: IOVA-contiguous inside. */
struct pagepool_chunk {
	struct pagepool *pp;
	uint32_t first;             /* index of its first page */
	rte_iova_t iova;            /* IOVA of its first byte */
};

/* ---------------------------------------------------------------------
 * Directories: an address, or an IOVA, to its pool in two loads. One slot
 * per 2 MiB; pools reserve whole 2 MiB units, so a slot has one owner.
 */

/* Set a slot to val, or with val NULL clear it if it holds old. */
static int
pp_dir_set(void **dir[], uint64_t key, void *val, void *old)
{
	uint64_t r = key >> PP_REGION_SHIFT;
	uint32_t i1 = (uint32_t)(r >> PP_L2_BITS);
	uint32_t i2 = (uint32_t)(r & ((1u << PP_L2_BITS) - 1));
	void **l2;

	if ((key >> PP_VA_BITS) != 0)
		return -ERANGE;
	l2 = dir[i1];
	if (l2 == NULL) {
		if (val == NULL)
			return 0;
		l2 = calloc(1u << PP_L2_BITS, sizeof(*l2));
		if (l2 == NULL)
			return -ENOMEM;
		__atomic_store_n(&dir[i1], l2, __ATOMIC_RELEASE);
	}
	if (val != NULL && l2[i2] != NULL)
		return -EEXIST;
	if (val == NULL && l2[i2] != old)
		return 0;
	__atomic_store_n(&l2[i2], val, __ATOMIC_RELEASE);
	return 0;
}

static inline void *
pp_dir_get(void **dir[], uint64_t key)
{
	void **l2;

	if ((key >> PP_VA_BITS) != 0)
		return NULL;
	l2 = __atomic_load_n(&dir[key >> (PP_REGION_SHIFT + PP_L2_BITS)],
			     __ATOMIC_ACQUIRE);
	if (l2 == NULL)
		return NULL;
	return __atomic_load_n(&l2[(key >> PP_REGION_SHIFT) & ((1u << PP_L2_BITS) - 1)],
			       __ATOMIC_ACQUIRE);
}

/* Enter (or with clear, remove) a pool in both directories. */
static int
pp_dir_register(struct pagepool *pp, int clear)
{
	uint32_t c;
	int ret = 0;

	for (c = 0; c < pp->nb_chunks && ret == 0; c++) {
		struct pagepool_chunk *ch = &pp->chunks[c];

		ret = pp_dir_set(pp_va_dir, (uintptr_t)pp->base + c * PP_REGION_SIZE,
				 clear ? NULL : pp, pp);
		if (ret == 0 && pp->has_iova)
			ret = pp_dir_set(pp_iova_dir, ch->iova, clear ? NULL : ch, ch);
	}
	return ret;
}

struct pagepool_page *
pagepool_page_from_iova(const struct pagepool *pp, rte_iova_t iova)
{
	const struct pagepool_chunk *ch = pp_dir_get(pp_iova_dir, iova);
	uint32_t idx;

	if (ch == NULL || ch->pp != pp)
		return NULL;
	idx = ch->first + (uint32_t)((iova - ch->iova) >> pp->page_shift);
	return idx < pp->nb_pages ? &pp->pages[idx] : NULL;
}

struct pagepool_page *
pagepool_page_from_addr(const void *addr)
{
	uintptr_t va = (uintptr_t)addr;
	struct pagepool *pp = pp_dir_get(pp_va_dir, va);
	uint64_t off;

	if (pp == NULL)
		return NULL;
	off = va - (uintptr_t)pp->base;
	if (off >= ((uint64_t)pp->nb_pages << pp->page_shift))
		return NULL;
	return &pp->pages[off >> pp->page_shift];
}

/* ---------------------------------------------------------------------
 * Create and destroy.
 */

void
pagepool_params_init(struct pagepool_params *params)
{
	memset(params, 0, sizeof(*params));
	params->page_size = PAGEPOOL_PAGE_SIZE_DEFAULT;
	params->socket_id = SOCKET_ID_ANY;
	params->owner_lcore = PAGEPOOL_OWNER_NONE;
	params->cache_size = PAGEPOOL_CACHE_DEFAULT;
	params->ring_size = 0;
	params->headroom = RTE_PKTMBUF_HEADROOM;
}

static int
pp_check_params(const struct pagepool_params *p)
{
	size_t nlen;

	if (p == NULL) {
		PP_LOG(ERR, "create: params is NULL");
		return -EINVAL;
	}
	nlen = p->name == NULL ? 0 : strnlen(p->name, PAGEPOOL_NAMESIZE);
	if (nlen == 0 || nlen >= PAGEPOOL_NAMESIZE) {
		PP_LOG(ERR, "create: name must be 1..%u characters",
		       PAGEPOOL_NAMESIZE - 1);
		return -EINVAL;
	}
	if (p->nb_pages == 0 || p->nb_pages > (UINT32_C(1) << 24)) {
		PP_LOG(ERR, "create %s: nb_pages %u not in 1..%u", p->name,
		       p->nb_pages, UINT32_C(1) << 24);
		return -EINVAL;
	}
	if (p->page_size != 0 && (!rte_is_power_of_2(p->page_size) ||
	    p->page_size < PAGEPOOL_PAGE_SIZE_MIN ||
	    p->page_size > PAGEPOOL_PAGE_SIZE_MAX)) {
		PP_LOG(ERR, "create %s: page_size %u is not a power of two in %u..%u",
		       p->name, p->page_size, PAGEPOOL_PAGE_SIZE_MIN,
		       PAGEPOOL_PAGE_SIZE_MAX);
		return -EINVAL;
	}
	if (p->cache_size > PAGEPOOL_CACHE_MAX) {
		PP_LOG(ERR, "create %s: cache_size %u > %u", p->name,
		       p->cache_size, PAGEPOOL_CACHE_MAX);
		return -EINVAL;
	}
	if (p->ring_size > (UINT32_C(1) << 24)) {
		PP_LOG(ERR, "create %s: ring_size %u > %u", p->name,
		       p->ring_size, UINT32_C(1) << 24);
		return -EINVAL;
	}
	if (p->owner_lcore != PAGEPOOL_OWNER_NONE &&
	    p->owner_lcore >= RTE_MAX_LCORE) {
		PP_LOG(ERR, "create %s: owner_lcore %u is not an lcore id",
		       p->name, p->owner_lcore);
		return -EINVAL;
	}
	if (p->socket_id != SOCKET_ID_ANY &&
	    (p->socket_id < 0 || p->socket_id >= RTE_MAX_NUMA_NODES)) {
		PP_LOG(ERR, "create %s: socket_id %d invalid", p->name,
		       p->socket_id);
		return -EINVAL;
	}
	if (p->headroom >= (p->page_size ? p->page_size : PAGEPOOL_PAGE_SIZE_DEFAULT) ||
	    p->headroom > UINT16_MAX) {
		PP_LOG(ERR, "create %s: headroom %u does not fit a page",
		       p->name, p->headroom);
		return -EINVAL;
	}
	if (p->flags & ~PAGEPOOL_F_MASK) {
		PP_LOG(ERR, "create %s: unknown flags 0x%x", p->name,
		       p->flags & ~PAGEPOOL_F_MASK);
		return -EINVAL;
	}
	return 0;
}

/*
 * Everything the pool keeps for itself (the pool, counters, descriptors,
 * rings) lives in one anonymous mapping that is never DMA-mapped: a device
 * can write pages, never their descriptors.
 */
static void *
pp_bookkeeping_alloc(size_t len, int socket_id)
{
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return NULL;
	(void)madvise(p, len, MADV_HUGEPAGE);
	if (socket_id != SOCKET_ID_ANY && numa_available() >= 0)
		numa_tonode_memory(p, len, socket_id);
	return p;
}

static void
pp_free_now(struct pagepool *pp)
{
	struct pp_entry *e;
	size_t len = pp->pages_len;

	rte_spinlock_lock(&pp_lock);
	TAILQ_FOREACH(e, &pp_pools, next)
		if (e->pp == pp)
			break;
	if (e != NULL)
		TAILQ_REMOVE(&pp_pools, e, next);
	pp_dir_register(pp, 1);
	rte_spinlock_unlock(&pp_lock);
	free(e);
	PP_LOG(DEBUG, "%s: freed", pp->name);
	rte_memzone_free(pp->mz);
	munmap(pp, len);
}

struct pagepool *
pagepool_create(const struct pagepool_params *params)
{
	struct pagepool_params p;
	struct pagepool *pp = NULL;
	const struct rte_memzone *mz = NULL;
	struct pp_entry *e = NULL;
	size_t off_stats, off_pages, off_chunks, off_ring, off_back, len;
	size_t ring_mem, back_mem;
	uint32_t nb_chunks, per_chunk;
	char mzname[RTE_MEMZONE_NAMESIZE];
	uint32_t i, id, shift;
	int ret;

	ret = pp_check_params(params);
	if (ret < 0) {
		rte_errno = -ret;
		return NULL;
	}
	p = *params;
	if (p.page_size == 0)
		p.page_size = PAGEPOOL_PAGE_SIZE_DEFAULT;
	if (p.cache_size == 0)
		p.cache_size = PAGEPOOL_CACHE_DEFAULT;
	if (p.cache_size > p.nb_pages)
		p.cache_size = p.nb_pages;
	if (p.ring_size == 0)
		p.ring_size = RTE_MIN(PAGEPOOL_RING_DEFAULT, p.nb_pages);
	shift = rte_bsf32(p.page_size);

	if (pagepool_lookup(p.name) != NULL) {
		PP_LOG(ERR, "create %s: name in use", p.name);
		rte_errno = EEXIST;
		return NULL;
	}

	ring_mem = rte_ring_get_memsize_elem(sizeof(void *),
					     rte_align32pow2(p.ring_size + 1));
	back_mem = rte_ring_get_memsize_elem(sizeof(void *),
					     rte_align32pow2(p.nb_pages + 1));
	off_stats = RTE_ALIGN_CEIL(sizeof(*pp), RTE_CACHE_LINE_SIZE);
	off_pages = off_stats + (RTE_MAX_LCORE + 1) * sizeof(struct pagepool_stats);
	per_chunk = (uint32_t)(PP_REGION_SIZE >> shift);
	nb_chunks = (p.nb_pages + per_chunk - 1) / per_chunk;
	off_chunks = off_pages + (size_t)p.nb_pages * sizeof(struct pagepool_page);
	off_ring = off_chunks + RTE_ALIGN_CEIL(nb_chunks * sizeof(struct pagepool_chunk),
					      RTE_CACHE_LINE_SIZE);
	off_back = off_ring + RTE_ALIGN_CEIL(ring_mem, RTE_CACHE_LINE_SIZE);
	len = off_back + RTE_ALIGN_CEIL(back_mem, RTE_CACHE_LINE_SIZE);

	pp = pp_bookkeeping_alloc(len, p.socket_id);
	if (pp == NULL) {
		PP_LOG(ERR, "create %s: no memory for %zu bytes of descriptors",
		       p.name, len);
		rte_errno = ENOMEM;
		return NULL;
	}
	id = __atomic_fetch_add(&pp_next_id, 1, __ATOMIC_RELAXED);

	/* Pages: one zone of whole 2 MiB units, 2 MiB aligned. */
	snprintf(mzname, sizeof(mzname), "pagepool_%u", id);
	mz = rte_memzone_reserve_aligned(mzname,
			(uint64_t)nb_chunks * PP_REGION_SIZE, p.socket_id, 0,
			PP_REGION_SIZE);
	if (mz == NULL) {
		PP_LOG(ERR, "create %s: cannot reserve %" PRIu64 " bytes of EAL memory on socket %d: %s",
		       p.name, (uint64_t)p.nb_pages << shift, p.socket_id,
		       rte_strerror(rte_errno));
		munmap(pp, len);
		rte_errno = ENOMEM;
		return NULL;
	}

	pp->own_word = __pagepool_own_word(p.owner_lcore, PAGEPOOL_OWNER_NONE);
	pp->cache_size = p.cache_size;
	pp->page_shift = shift;
	pp->headroom = p.headroom;
	pp->nb_pages = p.nb_pages;
	pp->flags = p.flags;
	pp->base = mz->addr;
	pp->chunks = RTE_PTR_ADD(pp, off_chunks);
	pp->nb_chunks = nb_chunks;
	pp->pages = RTE_PTR_ADD(pp, off_pages);
	pp->stats = RTE_PTR_ADD(pp, off_stats);
	pp->page_size = p.page_size;
	pp->socket_id = p.socket_id;
	pp->ring_size = p.ring_size;
	pp->mz = mz;
	pp->pages_len = len;
	strlcpy(pp->name, p.name, sizeof(pp->name));

	pp->ring = RTE_PTR_ADD(pp, off_ring);
	pp->backing = RTE_PTR_ADD(pp, off_back);
	snprintf(mzname, sizeof(mzname), "pagepool_r%u", id);
	ret = rte_ring_init(pp->ring, mzname, p.ring_size,
			    RING_F_EXACT_SZ);
	if (ret == 0) {
		snprintf(mzname, sizeof(mzname), "pagepool_b%u", id);
		ret = rte_ring_init(pp->backing, mzname, p.nb_pages,
				    RING_F_EXACT_SZ);
	}
	if (ret != 0) {
		PP_LOG(ERR, "create %s: ring init failed: %s", p.name,
		       rte_strerror(-ret));
		goto fail;
	}

	/*
	 * IOVAs: each 2 MiB chunk must be IOVA-contiguous (true of hugepages
	 * and of IOVA-as-VA); --no-huge in PA mode has no IOVAs at all.
	 */
	pp->has_iova = rte_mem_virt2iova(pp->base) != RTE_BAD_IOVA;
	for (i = 0; i < nb_chunks; i++) {
		struct pagepool_chunk *ch = &pp->chunks[i];
		void *va = pp->base + i * PP_REGION_SIZE;

		ch->pp = pp;
		ch->first = i * per_chunk;
		ch->iova = pp->has_iova ? rte_mem_virt2iova(va) : RTE_BAD_IOVA;
		if (pp->has_iova && (ch->iova == RTE_BAD_IOVA ||
		    (ch->iova & (PP_REGION_SIZE - 1)) != 0 ||
		    rte_mem_virt2iova(RTE_PTR_ADD(va, PP_REGION_SIZE - 1)) !=
		    ch->iova + PP_REGION_SIZE - 1)) {
			PP_LOG(ERR, "create %s: memory at %p is not IOVA-contiguous over 2 MiB (use hugepages or --iova-mode=va)",
			       p.name, va);
			ret = -ENOMEM;
			goto fail;
		}
	}
	for (i = 0; i < p.nb_pages; i++) {
		struct pagepool_page *pg = &pp->pages[i];
		const struct pagepool_chunk *ch = &pp->chunks[i / per_chunk];

		pg->pool = pp;
		pg->addr = pp->base + ((size_t)i << shift);
		pg->iova = pp->has_iova ?
			ch->iova + ((uint64_t)(i % per_chunk) << shift) :
			RTE_BAD_IOVA;
		pg->index = i;
		pg->magic = PAGEPOOL_PAGE_MAGIC;
		pg->alloc_lcore = UINT16_MAX;
		pg->put_lcore = UINT16_MAX;
		pg->shinfo.free_cb = __pagepool_mbuf_free_cb;
		pg->shinfo.fcb_opaque = pg;
		pg->shinfo.refcnt = 0;
	}
	/* Highest index last in, so the first pages handed out are the lowest. */
	for (i = p.nb_pages; i > 0; i--) {
		void *obj = &pp->pages[i - 1];

		rte_ring_enqueue_elem(pp->backing, &obj, sizeof(void *));
	}

	e = calloc(1, sizeof(*e));
	if (e == NULL) {
		ret = -ENOMEM;
		goto fail;
	}
	e->pp = pp;
	rte_spinlock_lock(&pp_lock);
	if (pagepool_lookup(p.name) != NULL) {
		rte_spinlock_unlock(&pp_lock);
		PP_LOG(ERR, "create %s: name in use", p.name);
		ret = -EEXIST;
		goto fail;
	}
	ret = pp_dir_register(pp, 0);
	if (ret != 0) {
		pp_dir_register(pp, 1);
		rte_spinlock_unlock(&pp_lock);
		PP_LOG(ERR, "create %s: address directory: %s", p.name,
		       rte_strerror(-ret));
		goto fail;
	}
	TAILQ_INSERT_TAIL(&pp_pools, e, next);
	rte_spinlock_unlock(&pp_lock);

	PP_LOG(DEBUG, "%s: %u pages of %u B at %p iova 0x%" PRIx64 ", cache %u, ring %u, owner %u",
	       pp->name, pp->nb_pages, p.page_size, pp->base, pp->pages[0].iova,
	       pp->cache_size, pp->ring_size, p.owner_lcore);
	return pp;

fail:
	free(e);
	rte_memzone_free(mz);
	munmap(pp, len);
	rte_errno = -ret;
	return NULL;
}

/*
 * pagepool_lookup() takes no lock so that create can call it under pp_lock;
 * the list only changes under pp_lock and lookups race only with teardown
 * of a pool the caller must not be using anyway.
 */
struct pagepool *
pagepool_lookup(const char *name)
{
	struct pp_entry *e;

	if (name == NULL) {
		rte_errno = EINVAL;
		return NULL;
	}
	TAILQ_FOREACH(e, &pp_pools, next)
		if (strncmp(e->pp->name, name, PAGEPOOL_NAMESIZE) == 0)
			return e->pp;
	rte_errno = ENOENT;
	return NULL;
}

void
pp_foreach(void (*fn)(struct pagepool *pp, void *arg), void *arg)
{
	struct pp_entry *e;

	rte_spinlock_lock(&pp_lock);
	TAILQ_FOREACH(e, &pp_pools, next)
		fn(e->pp, arg);
	rte_spinlock_unlock(&pp_lock);
}

const char *
pagepool_name(const struct pagepool *pp)
{
	return pp != NULL ? pp->name : "";
}

void
pagepool_set_stall_warn_ms(uint32_t ms)
{
	pp_stall_warn_ms = ms == 0 ? 1 : ms;
}

/* Move up to n pages from the return ring to the backing store. */
static unsigned int
pp_ring_to_backing(struct pagepool *pp)
{
	void *objs[64];
	unsigned int n, total = 0;

	while ((n = rte_ring_mc_dequeue_burst(pp->ring, objs, RTE_DIM(objs),
					      NULL)) != 0) {
		rte_ring_mp_enqueue_bulk(pp->backing, objs, n, NULL);
		total += n;
	}
	return total;
}

static void
pp_leak_report(const struct pagepool *pp)
{
#ifdef PAGEPOOL_DEBUG
	uint32_t by_alloc[RTE_MAX_LCORE + 1] = {0};
	uint32_t i;

	for (i = 0; i < pp->nb_pages; i++) {
		const struct pagepool_page *pg = &pp->pages[i];

		if (pagepool_page_refcnt(pg) != 0)
			by_alloc[RTE_MIN(pg->alloc_lcore, RTE_MAX_LCORE)]++;
	}
	for (i = 0; i <= RTE_MAX_LCORE; i++)
		if (by_alloc[i] != 0)
			PP_LOG(WARNING, "%s: %u pages last allocated on lcore %d",
			       pp->name, by_alloc[i],
			       i == RTE_MAX_LCORE ? -1 : (int)i);
	for (i = 0; i < pp->nb_pages; i++) {
		const struct pagepool_page *pg = &pp->pages[i];

		if (pagepool_page_refcnt(pg) != 0) {
			PP_LOG(WARNING, "%s: e.g. page %u refcnt %u alloc lcore %d put lcore %d",
			       pp->name, i, pagepool_page_refcnt(pg),
			       pg->alloc_lcore == UINT16_MAX ? -1 : pg->alloc_lcore,
			       pg->put_lcore == UINT16_MAX ? -1 : pg->put_lcore);
			break;
		}
	}
#else
	RTE_SET_USED(pp);
#endif
}

/*
 * A destroyed pool with pages out polls for them from the EAL alarm
 * thread, like the kernel's page_pool_release_retry(): pages put after the
 * destroy go straight to the backing store; stragglers that were already
 * on their way into the return ring are drained here. A put's last touch of
 * the pool is its enqueue into the backing store, so once the store holds
 * every page nobody is inside the pool and it can be freed.
 */
static void
pp_release_alarm(void *arg)
{
	struct pagepool *pp = arg;
	uint32_t out;
	uint64_t now, hz = rte_get_tsc_hz();

	pp_ring_to_backing(pp);
	out = pp->nb_pages - rte_ring_count(pp->backing);
	if (out == 0) {
		PP_LOG(INFO, "%s: all pages back, pool freed after %.1f s",
		       pp->name,
		       (double)(rte_get_tsc_cycles() - pp->destroy_tsc) / hz);
		pp_free_now(pp);
		return;
	}
	now = rte_get_tsc_cycles();
	if (now - pp->warn_tsc >= (uint64_t)pp_stall_warn_ms * hz / 1000) {
		pp->warn_tsc = now;
		PP_LOG(WARNING, "%s: stalled pool shutdown: %u pages in flight for %.1f s",
		       pp->name, out, (double)(now - pp->destroy_tsc) / hz);
		pp_leak_report(pp);
	}
	if (rte_eal_alarm_set(PP_RELEASE_PERIOD_US, pp_release_alarm, pp) != 0)
		PP_LOG(ERR, "%s: cannot re-arm the release alarm; %u pages in flight stay out",
		       pp->name, out);
}

static void pp_frag_finish(struct pagepool *pp);

int
pagepool_destroy(struct pagepool *pp)
{
	uint32_t out;

	if (pp == NULL)
		return 0;
	if (__atomic_exchange_n(&pp->destroying, 1, __ATOMIC_ACQ_REL) != 0) {
		PP_LOG(ERR, "%s: destroyed twice", pp->name);
		return -EALREADY;
	}
	__atomic_store_n(&pp->own_word,
			 __pagepool_own_word(PAGEPOOL_OWNER_NONE, PAGEPOOL_OWNER_NONE),
			 __ATOMIC_RELEASE);
	if (pp->frag_page != NULL)
		pp_frag_finish(pp);
	if (pp->cache_len != 0) {
		rte_ring_mp_enqueue_bulk(pp->backing, (void **)pp->cache,
					 pp->cache_len, NULL);
		pp->cache_len = 0;
	}
	pp_ring_to_backing(pp);
	out = pp->nb_pages - rte_ring_count(pp->backing);
	if (out == 0) {
		pp_free_now(pp);
		return 0;
	}
	pp->destroy_tsc = rte_get_tsc_cycles();
	pp->warn_tsc = pp->destroy_tsc;
	PP_LOG(INFO, "%s: destroyed with %u pages in flight; freed when they return",
	       pp->name, out);
	if (rte_eal_alarm_set(PP_RELEASE_PERIOD_US, pp_release_alarm, pp) != 0)
		PP_LOG(ERR, "%s: cannot arm the release alarm; the pool will not be freed",
		       pp->name);
	return (int)out;
}

/* ---------------------------------------------------------------------
 * Ownership: who may use the lockless cache.
 *
 * own_word = owner | request << 32. The owner's fast path compares the whole
 * word with (me, none), so a pending request sends it here, where it gives
 * the pool up. Only the owner, or a worker lcore's known idleness, ever
 * clears an owner: two lcores never take the lockless path of one pool.
 */

/* If the caller owns pp and someone asked for it, give it up. */
static inline void
pp_owner_yield(struct pagepool *pp)
{
	uint64_t w = __atomic_load_n(&pp->own_word, __ATOMIC_ACQUIRE);

	if (pp_owner_of(w) == rte_lcore_id() &&
	    pp_req_of(w) != PAGEPOOL_OWNER_NONE)
		__atomic_compare_exchange_n(&pp->own_word, &w,
				__pagepool_own_word(PAGEPOOL_OWNER_NONE, pp_req_of(w)),
				0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
}

/*
 * A worker lcore that is not running a launched function cannot be inside
 * the pool: the launch that would start it publishes RUNNING before it runs,
 * and our request is already visible then (see doc/design.md).
 */
static int
pp_lcore_idle(uint32_t lcore)
{
	return lcore < RTE_MAX_LCORE && lcore != rte_get_main_lcore() &&
	       rte_eal_lcore_role(lcore) == ROLE_RTE &&
	       rte_eal_get_lcore_state(lcore) == WAIT;
}

void
__pagepool_bind(struct pagepool *pp)
{
	uint32_t me = rte_lcore_id();
	uint64_t w;
	unsigned int tries;

	if (me >= RTE_MAX_LCORE || pp->destroying)
		return;
	for (tries = 0; tries < 16; tries++) {
		uint32_t owner, req;

		w = __atomic_load_n(&pp->own_word, __ATOMIC_ACQUIRE);
		owner = pp_owner_of(w);
		req = pp_req_of(w);
		if (owner == me) {
			/* Another lcore asked while we still poll: keep it. */
			if (req == PAGEPOOL_OWNER_NONE ||
			    __atomic_compare_exchange_n(&pp->own_word, &w,
					__pagepool_own_word(me, PAGEPOOL_OWNER_NONE),
					0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
				return;
			continue;
		}
		if (owner == PAGEPOOL_OWNER_NONE) {
			if (__atomic_compare_exchange_n(&pp->own_word, &w,
					__pagepool_own_word(me, PAGEPOOL_OWNER_NONE),
					0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
				PP_LOG(DEBUG, "%s: bound to lcore %u", pp->name, me);
				return;
			}
			continue;
		}
		if (req != me) {
			if (!__atomic_compare_exchange_n(&pp->own_word, &w,
					__pagepool_own_word(owner, me),
					0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
				continue;
			w = __pagepool_own_word(owner, me);
		}
		/* Requested; take over at once if the old owner is idle. */
		if (pp_lcore_idle(owner) &&
		    __atomic_compare_exchange_n(&pp->own_word, &w,
				__pagepool_own_word(me, PAGEPOOL_OWNER_NONE),
				0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
			PP_LOG(DEBUG, "%s: taken over from idle lcore %u by %u",
			       pp->name, owner, me);
		}
		return;
	}
}

int
pagepool_owner_takeover(struct pagepool *pp, uint32_t from)
{
	uint32_t me = rte_lcore_id();
	uint64_t w;

	if (pp == NULL || me >= RTE_MAX_LCORE)
		return -EINVAL;
	if (pp->destroying)
		return -ENOENT;
	w = __atomic_load_n(&pp->own_word, __ATOMIC_ACQUIRE);
	while (pp_owner_of(w) == from && from != me) {
		if (__atomic_compare_exchange_n(&pp->own_word, &w,
				__pagepool_own_word(me, PAGEPOOL_OWNER_NONE),
				0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
			PP_LOG(DEBUG, "%s: lcore %u took over from lcore %u",
			       pp->name, me, from);
			return 0;
		}
	}
	return pp_owner_of(w) == me ? 0 : -EBUSY;
}

void
pagepool_owner_reset(struct pagepool *pp)
{
	if (pp == NULL)
		return;
	__atomic_store_n(&pp->own_word,
			 __pagepool_own_word(PAGEPOOL_OWNER_NONE, PAGEPOOL_OWNER_NONE),
			 __ATOMIC_RELEASE);
}

/* ---------------------------------------------------------------------
 * Slow paths.
 */

/*
 * Owner: refill the empty cache, return ring first, then backing store.
 * Sets *slow when the pages came from the backing store, so that the
 * allocations they serve count as alloc_slow rather than alloc_fast.
 */
static unsigned int
pp_refill(struct pagepool *pp, int *slow)
{
	unsigned int want = RTE_MAX(pp->cache_size / 2, 1u);
	unsigned int n;

	n = rte_ring_mc_dequeue_burst(pp->ring, (void **)pp->cache + pp->cache_len,
				      want, NULL);
	if (n != 0) {
		unsigned int i;

		/* Pages from the ring were last written on another lcore. */
		for (i = 0; i < n; i++)
			rte_prefetch0(pp->cache[pp->cache_len + i]);
		__PAGEPOOL_STAT_OWNER_ADD(pp, alloc_refill, n);
		*slow = 0;
	} else {
		n = rte_ring_mc_dequeue_burst(pp->backing,
					      (void **)pp->cache + pp->cache_len,
					      want, NULL);
		*slow = 1;
	}
	pp->cache_len += n;
	return n;
}

struct pagepool_page *
__pagepool_alloc_slow(struct pagepool *pp)
{
	struct pagepool_page *pg;

	if (unlikely(pp->destroying)) {
		rte_errno = ENOENT;
		return NULL;
	}
	pp_owner_yield(pp);
	if (pagepool_is_owner(pp)) {
		int slow = 0;

		if (pp->cache_len == 0 && pp_refill(pp, &slow) == 0)
			goto empty;
		pg = pp->cache[--pp->cache_len];
		if (slow)
			__PAGEPOOL_STAT_OWNER_ADD(pp, alloc_slow, 1);
		else
			__PAGEPOOL_STAT_OWNER_ADD(pp, alloc_fast, 1);
	} else if (rte_ring_mc_dequeue(pp->backing, (void **)&pg) == 0 ||
		   rte_ring_mc_dequeue(pp->ring, (void **)&pg) == 0) {
		__PAGEPOOL_STAT_ADD(pp, alloc_slow, 1);
	} else {
		goto empty;
	}
	pg->shinfo.refcnt = 1;
	__PAGEPOOL_DBG(pg, alloc_lcore);
	return pg;
empty:
	__PAGEPOOL_STAT_ADD(pp, alloc_empty, 1);
	rte_errno = ENOBUFS;
	return NULL;
}

unsigned int
__pagepool_alloc_bulk_slow(struct pagepool *pp, struct pagepool_page **pages,
			   unsigned int n)
{
	unsigned int got = 0, i;

	if (unlikely(pp->destroying)) {
		rte_errno = ENOENT;
		return 0;
	}
	pp_owner_yield(pp);
	if (pagepool_is_owner(pp)) {
		unsigned int slow_pages = 0;
		int slow = 0;

		while (got < n) {
			unsigned int take;

			if (pp->cache_len == 0 && pp_refill(pp, &slow) == 0)
				break;
			take = RTE_MIN(n - got, pp->cache_len);
			pp->cache_len -= take;
			memcpy(&pages[got], &pp->cache[pp->cache_len],
			       take * sizeof(pages[0]));
			got += take;
			if (slow)
				slow_pages += take;
		}
		__PAGEPOOL_STAT_OWNER_ADD(pp, alloc_fast, got - slow_pages);
		__PAGEPOOL_STAT_OWNER_ADD(pp, alloc_slow, slow_pages);
	} else {
		got = rte_ring_mc_dequeue_burst(pp->backing, (void **)pages, n,
						NULL);
		if (got < n)	/* an unowned pool's ring has no one else to drain it */
			got += rte_ring_mc_dequeue_burst(pp->ring,
					(void **)pages + got, n - got, NULL);
		__PAGEPOOL_STAT_ADD(pp, alloc_slow, got);
	}
	for (i = 0; i < got; i++) {
		pages[i]->shinfo.refcnt = 1;
		__PAGEPOOL_DBG(pages[i], alloc_lcore);
	}
	if (got < n) {
		__PAGEPOOL_STAT_ADD(pp, alloc_empty, 1);
		rte_errno = ENOBUFS;
	}
	return got;
}

/*
 * Recycle n pages whose last reference is gone, all of pool pp: the
 * owner's cache while it has room, then the return ring, then the backing
 * store, which has room for every page, so nothing is ever dropped.
 */
static void
pp_recycle_n(struct pagepool *pp, struct pagepool_page **pages, unsigned int n)
{
	unsigned int done = 0;

	if (unlikely(pp->destroying)) {
		__PAGEPOOL_STAT_ADD(pp, recycle_released, n);
		rte_ring_mp_enqueue_bulk(pp->backing, (void **)pages, n, NULL);
		return;		/* the enqueue was our last touch of pp */
	}
	pp_owner_yield(pp);
	if (pagepool_is_owner(pp)) {
		done = RTE_MIN(n, pp->cache_size - pp->cache_len);
		memcpy(&pp->cache[pp->cache_len], pages, done * sizeof(pages[0]));
		pp->cache_len += done;
		__PAGEPOOL_STAT_OWNER_ADD(pp, recycle_cached, done);
		if (done == n)
			return;
	}
	n -= done;
	pages += done;
	done = rte_ring_mp_enqueue_burst(pp->ring, (void **)pages, n, NULL);
	__PAGEPOOL_STAT_ADD(pp, recycle_ring, done);
	if (done == n)
		return;
	__PAGEPOOL_STAT_ADD(pp, recycle_ring_full, n - done);
	__PAGEPOOL_STAT_ADD(pp, recycle_released, n - done);
	rte_ring_mp_enqueue_bulk(pp->backing, (void **)pages + done, n - done,
				 NULL);
}

void
__pagepool_recycle_slow(struct pagepool *pp, struct pagepool_page *pg)
{
	pp_recycle_n(pp, &pg, 1);
}

/* Batches sort into this many pools at a time; more pools take turns. */
#define PP_BULK_POOLS 8
#define PP_BULK_CHUNK 64

void
__pagepool_put_bulk_slow(struct pagepool_page **pages, unsigned int n)
{
	struct pagepool *pools[PP_BULK_POOLS];
	struct pagepool_page *grp[PP_BULK_POOLS][PP_BULK_CHUNK];
	unsigned int cnt[PP_BULK_POOLS];
	unsigned int npools = 0, i, j;

	/* Remote puts miss on every descriptor: start all the misses at once. */
	for (i = 0; i < n; i++)
		rte_prefetch0(pages[i]);
	for (i = 0; i < n; i++) {
		struct pagepool_page *pg = pages[i];
		struct pagepool *pp = pg->pool;

		if (!__pagepool_unref(pg))
			continue;
		for (j = 0; j < npools && pools[j] != pp; j++)
			;
		if (j == npools) {
			if (npools == PP_BULK_POOLS) {
				/* Table full: flush it and start again. */
				for (j = 0; j < npools; j++)
					pp_recycle_n(pools[j], grp[j], cnt[j]);
				npools = 0;
				j = 0;
			}
			pools[j] = pp;
			cnt[j] = 0;
			npools++;
		}
		grp[j][cnt[j]++] = pg;
		if (cnt[j] == PP_BULK_CHUNK) {
			pp_recycle_n(pp, grp[j], cnt[j]);
			cnt[j] = 0;
		}
	}
	for (j = 0; j < npools; j++)
		if (cnt[j] != 0)
			pp_recycle_n(pools[j], grp[j], cnt[j]);
}

void
__pagepool_bad_put(struct pagepool_page *pg)
{
	struct pagepool *pp = pg->pool;

	if (__atomic_fetch_add(&pp->bad_put, 1, __ATOMIC_RELAXED) == 0)
		PP_LOG(ERR, "%s: put of page %u whose refcount is already 0 (double free?); counted in bad_put, page left alone",
		       pp->name, pg->index);
}

int
pagepool_put(const void *addr)
{
	struct pagepool_page *pg = pagepool_page_from_addr(addr);

	if (pg == NULL) {
		if (__atomic_fetch_add(&pp_foreign, 1, __ATOMIC_RELAXED) == 0)
			PP_LOG(ERR, "put of %p, which belongs to no pool; counted, ignored",
			       addr);
		return -EINVAL;
	}
	if (pagepool_page_refcnt(pg) == 0) {
		__pagepool_bad_put(pg);
		return -EINVAL;
	}
	pagepool_put_page(pg);
	return 0;
}

uint64_t
pagepool_foreign_puts(void)
{
	return __atomic_load_n(&pp_foreign, __ATOMIC_RELAXED);
}

/* ---------------------------------------------------------------------
 * Fragments: carve the owner's current page, a reference per fragment.
 */

/* Stop carving the current page: give back the bias it did not use. */
static void
pp_frag_finish(struct pagepool *pp)
{
	struct pagepool_page *pg = pp->frag_page;
	uint16_t unused = (uint16_t)(PAGEPOOL_FRAG_BIAS - pp->frag_users);

	pp->frag_page = NULL;
	if (__atomic_sub_fetch(&pg->shinfo.refcnt, unused, __ATOMIC_ACQ_REL) == 0)
		pp_recycle_n(pp, &pg, 1);
}

struct pagepool_page *
__pagepool_alloc_frag_slow(struct pagepool *pp, uint32_t *offset, uint32_t size)
{
	struct pagepool_page *pg;
	uint32_t sz;

	if (size == 0 || size > pp->page_size) {
		rte_errno = EINVAL;
		return NULL;
	}
	sz = RTE_ALIGN_CEIL(size, PAGEPOOL_FRAG_ALIGN);
	pp_owner_yield(pp);
	if (!pagepool_is_owner(pp)) {
		/* Not the owner: the carving state is not ours; a whole page. */
		pg = __pagepool_alloc_slow(pp);
		if (pg != NULL)
			*offset = 0;
		return pg;
	}
	pg = pp->frag_page;
	if (pg != NULL &&
	    pagepool_page_refcnt(pg) == PAGEPOOL_FRAG_BIAS - pp->frag_users) {
		/* Every fragment is back: carve the same page again. */
		__atomic_store_n(&pg->shinfo.refcnt, PAGEPOOL_FRAG_BIAS,
				 __ATOMIC_RELAXED);
		pp->frag_offset = sz;
		pp->frag_users = 1;
		*offset = 0;
		return pg;
	}
	if (pg != NULL)
		pp_frag_finish(pp);
	pg = pagepool_alloc(pp);
	if (pg == NULL)
		return NULL;
	pg->shinfo.refcnt = PAGEPOOL_FRAG_BIAS;
	pp->frag_page = pg;
	pp->frag_offset = sz;
	pp->frag_users = 1;
	*offset = 0;
	return pg;
}

/* ---------------------------------------------------------------------
 * Reporting.
 */

int
pagepool_has_iova(const struct pagepool *pp)
{
	return pp != NULL && pp->has_iova;
}

uint32_t
pagepool_in_flight(const struct pagepool *pp)
{
	const struct pagepool_page *fp;
	uint32_t home;

	if (pp == NULL)
		return 0;
	fp = pp->frag_page;
	home = __atomic_load_n(&pp->cache_len, __ATOMIC_RELAXED) +
	       rte_ring_count(pp->ring) + rte_ring_count(pp->backing);
	/* The page being carved is the pool's own once its fragments are back. */
	if (fp != NULL &&
	    pagepool_page_refcnt(fp) == PAGEPOOL_FRAG_BIAS - pp->frag_users)
		home++;
	return home >= pp->nb_pages ? 0 : pp->nb_pages - home;
}

int
pagepool_info_get(const struct pagepool *pp, struct pagepool_info *info)
{
	unsigned int i;

	if (pp == NULL || info == NULL)
		return -EINVAL;
	memset(info, 0, sizeof(*info));
	for (i = 0; i <= RTE_MAX_LCORE; i++) {
		const struct pagepool_stats *s = &pp->stats[i];

		info->stats.alloc_fast += s->alloc_fast;
		info->stats.alloc_slow += s->alloc_slow;
		info->stats.alloc_refill += s->alloc_refill;
		info->stats.alloc_empty += s->alloc_empty;
		info->stats.recycle_cached += s->recycle_cached;
		info->stats.recycle_ring += s->recycle_ring;
		info->stats.recycle_ring_full += s->recycle_ring_full;
		info->stats.recycle_released += s->recycle_released;
	}
	info->stats.alloc_fast += __atomic_load_n(&pp->owner_alloc_fast, __ATOMIC_RELAXED);
	info->stats.recycle_cached +=
		__atomic_load_n(&pp->owner_recycle_cached, __ATOMIC_RELAXED);
	info->nb_pages = pp->nb_pages;
	info->page_size = pp->page_size;
	info->cached = __atomic_load_n(&pp->cache_len, __ATOMIC_RELAXED);
	info->ring = rte_ring_count(pp->ring);
	info->backing = rte_ring_count(pp->backing);
	info->in_flight = pagepool_in_flight(pp);
	info->owner = pp_owner_of(__atomic_load_n(&pp->own_word, __ATOMIC_RELAXED));
	info->bad_put = __atomic_load_n(&pp->bad_put, __ATOMIC_RELAXED);
	info->destroying = pp->destroying;
	return 0;
}

void
pagepool_stats_reset(struct pagepool *pp)
{
	if (pp != NULL) {
		memset(pp->stats, 0, (RTE_MAX_LCORE + 1) * sizeof(*pp->stats));
		pp->owner_alloc_fast = 0;
		pp->owner_recycle_cached = 0;
	}
}

void
pagepool_dump(FILE *f, const struct pagepool *pp)
{
	struct pagepool_info in;

	if (pagepool_info_get(pp, &in) != 0)
		return;
	fprintf(f, "pagepool %s: %u pages x %u B, owner %d%s\n", pp->name,
		in.nb_pages, in.page_size,
		in.owner == PAGEPOOL_OWNER_NONE ? -1 : (int)in.owner,
		in.destroying ? " (destroying)" : "");
	fprintf(f, "  in flight %u, cached %u, ring %u, backing %u, bad_put %" PRIu64 "\n",
		in.in_flight, in.cached, in.ring, in.backing, in.bad_put);
	fprintf(f, "  alloc fast %" PRIu64 " slow %" PRIu64 " refill %" PRIu64 " empty %" PRIu64 "\n",
		in.stats.alloc_fast, in.stats.alloc_slow, in.stats.alloc_refill,
		in.stats.alloc_empty);
	fprintf(f, "  recycle cached %" PRIu64 " ring %" PRIu64 " ring_full %" PRIu64 " released %" PRIu64 "\n",
		in.stats.recycle_cached, in.stats.recycle_ring,
		in.stats.recycle_ring_full, in.stats.recycle_released);
}
