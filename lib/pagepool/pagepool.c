/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The pagepool authors
 */

/*
 * Pool creation and destruction, the address directory, and the slow
 * halves of alloc and put. The fast path is inline in pagepool_helpers.h.
 */

#include <errno.h>
#include <unistd.h>
#include <fcntl.h>
#include <inttypes.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/queue.h>

#include <numa.h>

#include <rte_alarm.h>
#include <rte_cycles.h>
#include <rte_eal.h>
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

#ifdef PAGEPOOL_TEST_HOOKS
void (*pp_test_hook)(enum pp_test_point point, const void *pp);
/* the fast path's hook (pagepool_helpers.h), for the tests' inline copies */
void (*__pagepool_test_hook)(int point, struct pagepool_page *pg);
#endif

/*
 * pp_lock guards the pool list and the directories' writers. A test build
 * reports a wait for it, so that a test can tell a blocked thread from one
 * that ran through.
 */
static void
pp_list_lock(void)
{
#ifdef PAGEPOOL_TEST_HOOKS
	if (rte_spinlock_trylock(&pp_lock))
		return;
	PP_TEST_HOOK(PP_TEST_LIST_WAIT, NULL);
#endif
	rte_spinlock_lock(&pp_lock);
}

static void
pp_list_unlock(void)
{
	rte_spinlock_unlock(&pp_lock);
}

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
	/* A disabled lcore never runs: nobody could ever own the pool. */
	if (p->owner_lcore != PAGEPOOL_OWNER_NONE &&
	    !rte_lcore_is_enabled(p->owner_lcore)) {
		PP_LOG(ERR, "create %s: owner_lcore %u is not an enabled lcore of this process (-l/--lcores); use PAGEPOOL_OWNER_NONE to bind on the first pagepool_poll()",
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
 * The length a pool's bookkeeping is mapped with: from 1 MiB up, whole
 * 2 MiB units (huge-page backed where THP allows); small pools keep 4 KiB
 * pages, so a test's hundred tiny pools do not cost 2 MiB each.
 */
static size_t
pp_bookkeeping_len(size_t len)
{
	return len < PP_REGION_SIZE / 2 ? len :
	       RTE_ALIGN_CEIL(len, (size_t)PP_REGION_SIZE);
}

/*
 * Everything the pool keeps for itself (the pool, counters, descriptors,
 * rings) lives in one anonymous mapping that is never DMA-mapped: a device
 * can write pages, never their descriptors.
 */
static void *
pp_bookkeeping_alloc(size_t len, int socket_id)
{
	size_t map_len = pp_bookkeeping_len(len);
	uint8_t *p, *a;

	if (map_len == len) {
		p = mmap(NULL, len, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED)
			return NULL;
		a = p;
	} else {
		/*
		 * A transparent huge page needs a 2 MiB-aligned 2 MiB range:
		 * map 2 MiB more, keep the aligned part. Then the descriptors
		 * and pinned headers the data path walks cost one TLB entry
		 * per 2 MiB instead of 512.
		 */
		p = mmap(NULL, map_len + PP_REGION_SIZE, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED)
			return NULL;
		a = RTE_PTR_ALIGN_CEIL(p, PP_REGION_SIZE);
		if (a > p)
			munmap(p, a - p);
		munmap(a + map_len, p + PP_REGION_SIZE - a);
	}
	(void)madvise(a, map_len, MADV_HUGEPAGE);
	if (socket_id != SOCKET_ID_ANY && numa_available() >= 0)
		numa_tonode_memory(a, map_len, socket_id);
	return a;
}

static void
pp_bookkeeping_free(void *p, size_t len)
{
	munmap(p, pp_bookkeeping_len(len));
}

/*
 * Out of the directories first (the EAL may hand the page memory to a new
 * pool once it is freed), then the memory back to the EAL, and off the list
 * last: whoever sees pagepool_lookup() fail (a caller waiting for the name,
 * then calling rte_eal_cleanup()) knows the EAL is done with this pool. The
 * pool's own bookkeeping is private memory, unmapped after.
 */
static void
pp_free_now(struct pagepool *pp)
{
	struct pp_entry *e;
	size_t len = pp->pages_len;

	pp_list_lock();
	pp_dir_register(pp, 1);
	pp_list_unlock();
	pp_pinned_free(pp);
	rte_memzone_free(pp->mz);
	PP_LOG(DEBUG, "%s: freed", pp->name);
	pp_list_lock();
	TAILQ_FOREACH(e, &pp_pools, next)
		if (e->pp == pp)
			break;
	if (e != NULL)
		TAILQ_REMOVE(&pp_pools, e, next);
	pp_list_unlock();
	free(e);
	pp_bookkeeping_free(pp, len);
	PP_TEST_HOOK(PP_TEST_FREED, pp);
}

/* Find a pool by name, pp_lock held. */
static struct pagepool *
pp_lookup_locked(const char *name)
{
	struct pp_entry *e;

	TAILQ_FOREACH(e, &pp_pools, next) {
		PP_TEST_HOOK(PP_TEST_LIST_WALK, NULL);
		if (strncmp(e->pp->name, name, PAGEPOOL_NAMESIZE) == 0)
			return e->pp;
	}
	return NULL;
}

struct pagepool *
pagepool_create(const struct pagepool_params *params)
{
	struct pagepool_params p;
	struct pagepool *pp = NULL;
	const struct rte_memzone *mz = NULL;
	struct pp_entry *e = NULL;
	size_t off_stats, off_pages, off_chunks, off_ring, off_back, len;
	size_t off_ovf, off_mark, off_frag, off_hdr;
	size_t ring_mem, back_mem;
	uint32_t nb_chunks, per_chunk;
	char mzname[RTE_MEMZONE_NAMESIZE];
	uint32_t i, id, shift;
	int ret;

	/* what every alloc and put reads is one cache line */
	RTE_BUILD_BUG_ON(offsetof(struct pagepool, cache_len) !=
			 RTE_CACHE_LINE_SIZE);

	if (rte_eal_process_type() != RTE_PROC_PRIMARY) {
		PP_LOG(ERR, "create: refused in a secondary process: pools live in the primary process's private memory");
		rte_errno = E_RTE_SECONDARY;
		return NULL;
	}
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

	/* Early, to spare the memory; checked again when the pool goes in. */
	pp_list_lock();
	ret = pp_lookup_locked(p.name) != NULL;
	pp_list_unlock();
	if (ret) {
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
	off_ovf = off_back + RTE_ALIGN_CEIL(back_mem, RTE_CACHE_LINE_SIZE);
	off_mark = off_ovf + RTE_ALIGN_CEIL((size_t)p.nb_pages * sizeof(void *),
					    RTE_CACHE_LINE_SIZE);
	off_frag = off_mark + RTE_ALIGN_CEIL(p.nb_pages, RTE_CACHE_LINE_SIZE);
	off_hdr = off_frag + RTE_ALIGN_CEIL((size_t)p.nb_pages *
					    sizeof(struct pagepool_frag_state),
					    RTE_CACHE_LINE_SIZE);
	len = off_hdr;
	if (p.flags & PAGEPOOL_F_PINNED_MBUF)
		len += pp_pinned_mem_size(p.nb_pages);

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
		pp_bookkeeping_free(pp, len);
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
	pp->ovf = RTE_PTR_ADD(pp, off_ovf);
	pp->ovf_mark = RTE_PTR_ADD(pp, off_mark);
	/* fragment slots: 64 per page at most, never under a cache line */
	pp->frag_state = RTE_PTR_ADD(pp, off_frag);
	pp->frag_shift = RTE_MAX(shift, 12u) - 6;
	rte_spinlock_init(&pp->ovf_lock);
	pp->page_size = p.page_size;
	pp->socket_id = p.socket_id;
	pp->ring_size = p.ring_size;
	pp->mz = mz;
	pp->pages_len = len;
	rte_spinlock_init(&pp->arb_lock);
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
		pg->home = 1;
	}
	/* Highest index last in, so the first pages handed out are the lowest. */
	for (i = p.nb_pages; i > 0; i--) {
		void *obj = &pp->pages[i - 1];

		rte_ring_enqueue_elem(pp->backing, &obj, sizeof(void *));
	}
	if (p.flags & PAGEPOOL_F_PINNED_MBUF) {
		ret = pp_pinned_create(pp, RTE_PTR_ADD(pp, off_hdr), id);
		if (ret != 0)
			goto fail;
	}

	e = calloc(1, sizeof(*e));
	if (e == NULL) {
		ret = -ENOMEM;
		goto fail;
	}
	e->pp = pp;
	pp_list_lock();
	if (pp_lookup_locked(p.name) != NULL) {
		pp_list_unlock();
		PP_LOG(ERR, "create %s: name in use", p.name);
		ret = -EEXIST;
		goto fail;
	}
	ret = pp_dir_register(pp, 0);
	if (ret != 0) {
		pp_dir_register(pp, 1);
		pp_list_unlock();
		PP_LOG(ERR, "create %s: address directory: %s", p.name,
		       rte_strerror(-ret));
		goto fail;
	}
	TAILQ_INSERT_TAIL(&pp_pools, e, next);
	pp_list_unlock();

	PP_LOG(DEBUG, "%s: %u pages of %u B at %p iova 0x%" PRIx64 ", cache %u, ring %u, owner %u",
	       pp->name, pp->nb_pages, p.page_size, pp->base, pp->pages[0].iova,
	       pp->cache_size, pp->ring_size, p.owner_lcore);
	return pp;

fail:
	free(e);
	pp_pinned_free(pp);
	rte_memzone_free(mz);
	pp_bookkeeping_free(pp, len);
	rte_errno = -ret;
	return NULL;
}

/*
 * Under the lock: the release alarm may free a destroyed pool, entry and
 * all, at any moment (pp_free_now() unlinks it under the same lock).
 */
struct pagepool *
pagepool_lookup(const char *name)
{
	struct pagepool *pp;

	if (name == NULL) {
		rte_errno = EINVAL;
		return NULL;
	}
	if (rte_eal_process_type() != RTE_PROC_PRIMARY) {
		rte_errno = E_RTE_SECONDARY;
		return NULL;
	}
	pp_list_lock();
	pp = pp_lookup_locked(name);
	pp_list_unlock();
	if (pp == NULL)
		rte_errno = ENOENT;
	return pp;
}

int
pagepool_info_lookup(const char *name, struct pagepool_info *info)
{
	struct pagepool *pp;
	int ret;

	if (name == NULL || info == NULL)
		return -EINVAL;
	if (rte_eal_process_type() != RTE_PROC_PRIMARY)
		return -E_RTE_SECONDARY;
	/* the release alarm frees a pool only after unlinking it under this
	 * lock, so what the list holds stays mapped until we let go */
	pp_list_lock();
	pp = pp_lookup_locked(name);
	ret = pp != NULL ? pagepool_info_get(pp, info) : -ENOENT;
	pp_list_unlock();
	return ret;
}

void
pp_foreach(void (*fn)(struct pagepool *pp, void *arg), void *arg)
{
	struct pp_entry *e;

	pp_list_lock();
	TAILQ_FOREACH(e, &pp_pools, next)
		fn(e->pp, arg);
	pp_list_unlock();
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

/* ---------------------------------------------------------------------
 * The arbiter: who decides that a page is home.
 *
 * A put of a page with one reference is a plain store, so two lcores that
 * both think they hold the last reference both succeed there. They are
 * told apart when the page comes home: only the pool's arbiter sets
 * pg->home, one page at a time, and a page that is already home, or that
 * somebody holds again, is the second put. The arbiter is the owner (it
 * checks pages drained from the return ring), or, while the pool has no
 * owner, whoever holds arb_lock; binding an owner takes arb_lock too, so
 * the two are never at work at once. doc/design.md has the full argument.
 */

/*
 * Count a bad put without logging it: the owner calls this in the middle
 * of its cache work, where it must not block in a write(2) (a requester
 * takes the pool from a sleeping owner, see pp_lcore_asleep()).
 * pp_bad_log_flush() logs it once that work is done.
 */
static void
pp_bad_quiet(struct pagepool_page *pg)
{
	struct pagepool *pp = pg->pool;

	if (__atomic_fetch_add(&pp->bad_put, 1, __ATOMIC_RELAXED) == 0)
		__atomic_store_n(&pp->bad_log, pg->index + 1, __ATOMIC_RELAXED);
}

static void
pp_bad_log_flush(struct pagepool *pp)
{
	uint32_t idx;

	if (likely(__atomic_load_n(&pp->bad_log, __ATOMIC_RELAXED) == 0))
		return;
	idx = __atomic_exchange_n(&pp->bad_log, 0, __ATOMIC_RELAXED);
	if (idx != 0)
		PP_LOG(ERR, "%s: page %u put again while already free or held again (double free?); counted in bad_put, page left alone",
		       pp->name, idx - 1);
}

/* Arbiter's check of one returning page: 1 if it goes home now. */
static inline int
pp_take_home(struct pagepool_page *pg)
{
	if (unlikely(__atomic_load_n(&pg->home, __ATOMIC_RELAXED) != 0 ||
		     pagepool_page_refcnt(pg) != 0)) {
		pp_bad_quiet(pg);
		return 0;
	}
	__atomic_store_n(&pg->home, 1, __ATOMIC_RELAXED);
	return 1;
}

/* Keep the pages of pages[0..n) that go home; return how many. */
static unsigned int
pp_take_home_n(struct pagepool_page **pages, unsigned int n)
{
	unsigned int i, k = 0;

	for (i = 0; i < n; i++)
		if (pp_take_home(pages[i]))
			pages[k++] = pages[i];
	return k;
}

/*
 * Become the arbiter of a pool that has no owner: 1 with arb_lock held,
 * 0 (lock not held) if an lcore owns the pool.
 */
static int
pp_arb_lock(struct pagepool *pp)
{
	rte_spinlock_lock(&pp->arb_lock);
	if (pp_owner_of(__atomic_load_n(&pp->own_word, __ATOMIC_ACQUIRE)) ==
	    PAGEPOOL_OWNER_NONE)
		return 1;
	rte_spinlock_unlock(&pp->arb_lock);
	return 0;
}

/*
 * Put checked pages into the backing store. It has room for every page,
 * so this fails only if a page got home twice (the one race the arbiter
 * cannot see, doc/design.md): say so loudly rather than drop silently.
 */
static void
pp_to_backing(struct pagepool *pp, void *const *objs, unsigned int n)
{
	if (unlikely(n != 0 &&
		     rte_ring_mp_enqueue_bulk(pp->backing, objs, n, NULL) == 0)) {
		__atomic_fetch_add(&pp->bad_put, n, __ATOMIC_RELAXED);
		PP_LOG(ERR, "%s: backing store full: a page came home twice; %u pages counted in bad_put",
		       pp->name, n);
	}
}

/*
 * Pages in a ring, for deciding that every page is home and the pool can
 * be freed. rte_ring_count() reads the tails with plain loads: nothing
 * orders the putters' last writes to their pages and to the ring before
 * the free that follows (x86 happens to; C11 and ThreadSanitizer do not).
 * Acquire loads of the tails pair with the release of the putters'
 * enqueues (the ring's C11 model; the generic one fences likewise).
 */
static uint32_t
pp_ring_count_acquire(const struct rte_ring *r)
{
	uint32_t prod = __atomic_load_n(&r->prod.tail, __ATOMIC_ACQUIRE);
	uint32_t cons = __atomic_load_n(&r->cons.tail, __ATOMIC_ACQUIRE);
	uint32_t count = (prod - cons) & r->mask;

	return count > r->capacity ? r->capacity : count;
}

/* ---------------------------------------------------------------------
 * The overflow: where a remote put goes when the return ring is full.
 *
 * Before, such a put decided itself that its pages were home (a CAS on
 * pg->home) and put them into the backing store: two remote putters were
 * kept apart, but not a remote putter and the owner, whose store is plain
 * (the one double put that got through). Now it never decides: its pages
 * wait here, under ovf_lock, for the arbiter, like those in the ring. The
 * array has a slot per page. A putter that finds it full drops the
 * entries that cannot be a pending return (the page is home, or held
 * again: refcount not 0) and all but one entry of any page, each a second
 * put, counted; that leaves at most one entry per page, so there is room
 * for its own unless its own page is already there (a second put too).
 */

/* ovf_lock held: drop the entries that are second puts, whatever comes. */
static void
pp_ovf_compact(struct pagepool *pp)
{
	uint32_t j, k = 0;

	for (j = 0; j < pp->ovf_len; j++) {
		struct pagepool_page *pg = pp->ovf[j];

		if (__atomic_load_n(&pg->home, __ATOMIC_RELAXED) != 0 ||
		    pagepool_page_refcnt(pg) != 0 || pp->ovf_mark[pg->index]) {
			pp_bad_quiet(pg);
			continue;
		}
		pp->ovf_mark[pg->index] = 1;
		pp->ovf[k++] = pg;
	}
	for (j = 0; j < k; j++)
		pp->ovf_mark[pp->ovf[j]->index] = 0;
	__atomic_store_n(&pp->ovf_len, k, __ATOMIC_RELAXED);
}

/* A non-arbiter's pages that the return ring refused. */
static void
pp_ovf_put(struct pagepool *pp, struct pagepool_page **pages, unsigned int n)
{
	unsigned int j;

	rte_spinlock_lock(&pp->ovf_lock);
	for (j = 0; j < n; j++) {
		if (pp->ovf_len == pp->nb_pages)
			pp_ovf_compact(pp);
		if (pp->ovf_len == pp->nb_pages) {
			/* one entry per page, this page's among them */
			pp_bad_quiet(pages[j]);
			continue;
		}
		pp->ovf[pp->ovf_len] = pages[j];
		__atomic_store_n(&pp->ovf_len, pp->ovf_len + 1, __ATOMIC_RELAXED);
	}
	/* a destroyed pool's freer takes ovf_lock to drain it */
	rte_spinlock_unlock(&pp->ovf_lock);
}

/* Arbiter: take up to n pages home from the overflow, into out[]. */
static unsigned int
pp_ovf_take(struct pagepool *pp, struct pagepool_page **out, unsigned int n)
{
	unsigned int k = 0;

	if (likely(__atomic_load_n(&pp->ovf_len, __ATOMIC_RELAXED) == 0))
		return 0;
	rte_spinlock_lock(&pp->ovf_lock);
	while (k < n && pp->ovf_len != 0) {
		struct pagepool_page *pg = pp->ovf[pp->ovf_len - 1];

		__atomic_store_n(&pp->ovf_len, pp->ovf_len - 1, __ATOMIC_RELAXED);
		if (pp_take_home(pg))
			out[k++] = pg;
	}
	rte_spinlock_unlock(&pp->ovf_lock);
	return k;
}

/*
 * Arbiter of an unowned pool (arb_lock held): move the return ring and its
 * overflow into the backing store, checking each page. Returns the pages
 * moved.
 */
static unsigned int
pp_ring_to_backing(struct pagepool *pp)
{
	void *objs[64];
	unsigned int n, total = 0;

	while ((n = rte_ring_mc_dequeue_burst(pp->ring, objs, RTE_DIM(objs),
					      NULL)) != 0) {
		n = pp_take_home_n((struct pagepool_page **)objs, n);
		pp_to_backing(pp, objs, n);
		total += n;
	}
	while ((n = pp_ovf_take(pp, (struct pagepool_page **)objs,
				RTE_DIM(objs))) != 0 ||
	       __atomic_load_n(&pp->ovf_len, __ATOMIC_RELAXED) != 0) {
		pp_to_backing(pp, objs, n);
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
 * the pool is the enqueue (ring or backing store) of its last page (see
 * pp_recycle_n()), so once the store holds every page nobody is inside the
 * pool and it can be freed.
 */
static void
pp_release_alarm(void *arg)
{
	struct pagepool *pp = arg;
	uint32_t out;
	uint64_t now, hz = rte_get_tsc_hz();
	/* pairs with the release in pagepool_destroy() */
	uint64_t destroy_tsc = __atomic_load_n(&pp->destroy_tsc, __ATOMIC_ACQUIRE);

	/* The pool has no owner now: arb_lock makes us its arbiter. */
	rte_spinlock_lock(&pp->arb_lock);
	pp_ring_to_backing(pp);
	out = pp->nb_pages - pp_ring_count_acquire(pp->backing);
	pp_bad_log_flush(pp);
	rte_spinlock_unlock(&pp->arb_lock);
	if (out == 0) {
		PP_LOG(INFO, "%s: all pages back, pool freed after %.1f s",
		       pp->name,
		       (double)(rte_get_tsc_cycles() - destroy_tsc) / hz);
		pp_free_now(pp);
		return;
	}
	now = rte_get_tsc_cycles();
	if (now - pp->warn_tsc >= (uint64_t)pp_stall_warn_ms * hz / 1000) {
		pp->warn_tsc = now;
		PP_LOG(WARNING, "%s: stalled pool shutdown: %u pages in flight for %.1f s",
		       pp->name, out, (double)(now - destroy_tsc) / hz);
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
		pp_to_backing(pp, (void **)pp->cache, pp->cache_len);
		pp->cache_len = 0;
	}
	rte_spinlock_lock(&pp->arb_lock);
	pp_ring_to_backing(pp);
	out = pp->nb_pages - pp_ring_count_acquire(pp->backing);
	pp_bad_log_flush(pp);
	rte_spinlock_unlock(&pp->arb_lock);
	if (out == 0) {
		pp_free_now(pp);
		return 0;
	}
	pp->warn_tsc = rte_get_tsc_cycles();
	/*
	 * Hand the pool to the alarm thread. The EAL's alarm list already
	 * orders everything above before the callback runs, but inside
	 * librte_eal, which ThreadSanitizer does not instrument: this release
	 * and the acquire in pp_release_alarm() make the same edge visible.
	 */
	__atomic_store_n(&pp->destroy_tsc, pp->warn_tsc, __ATOMIC_RELEASE);
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

struct __pagepool_lcore_req __pagepool_lcore_req[RTE_MAX_LCORE];
/* Kernel thread id of each lcore that ever bound a pool (0: unknown). */
static int pp_lcore_tid[RTE_MAX_LCORE];
/* How often a requester may look at a sleeping owner, in microseconds. */
#define PP_PROBE_PERIOD_US 1000

/*
 * True if lcore's thread is asleep in the kernel (state S: a blocking
 * system call). The fast path makes no system call, and the slow path logs
 * only after it is done with the cache (pp_bad_log_flush()), so a sleeping
 * owner is between two pool operations; the request, posted before we
 * look, sends its next one down the slow path, where it sees it lost the
 * pool. A running or preempted thread (state R) may be inside: we wait.
 */
static int
pp_lcore_asleep(uint32_t lcore)
{
	char path[64], buf[512];
	const char *p;
	ssize_t n;
	int fd, tid;

	if (lcore >= RTE_MAX_LCORE)
		return 0;
	tid = __atomic_load_n(&pp_lcore_tid[lcore], __ATOMIC_RELAXED);
	if (tid <= 0)
		return 0;
	snprintf(path, sizeof(path), "/proc/self/task/%d/stat", tid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	p = strrchr(buf, ')');	/* the thread's name may hold anything */
	return p != NULL && p[1] == ' ' && p[2] == 'S';
}

/* Ask lcore `owner` for the pool: it gives it up between two bursts. */
static void
pp_ask(uint32_t owner)
{
	if (owner < RTE_MAX_LCORE)
		__atomic_fetch_add(&__pagepool_lcore_req[owner].asked, 1,
				   __ATOMIC_RELEASE);
}

void
__pagepool_yield_asked(void)
{
	uint32_t me = rte_lcore_id();
	struct pp_entry *e;

	if (me >= RTE_MAX_LCORE)
		return;
	/* seen first: a request posted during the walk is served next time */
	__pagepool_lcore_req[me].seen =
		__atomic_load_n(&__pagepool_lcore_req[me].asked, __ATOMIC_ACQUIRE);
	rte_spinlock_lock(&pp_lock);
	TAILQ_FOREACH(e, &pp_pools, next)
		pp_owner_yield(e->pp);
	rte_spinlock_unlock(&pp_lock);
}

/* Take the pool from `owner` if it provably is not inside it. */
static void
pp_take_from_idle(struct pagepool *pp, uint64_t w, uint32_t owner, uint32_t me)
{
	uint64_t now, next;
	const char *why;

	if (pp_lcore_idle(owner)) {
		why = "idle worker";
	} else {
		/* a system call per look: at most one per period and pool */
		now = rte_get_tsc_cycles();
		next = __atomic_load_n(&pp->probe_tsc, __ATOMIC_RELAXED);
		if (now < next)
			return;
		__atomic_store_n(&pp->probe_tsc,
				 now + rte_get_tsc_hz() / (1000000 / PP_PROBE_PERIOD_US),
				 __ATOMIC_RELAXED);
		if (!pp_lcore_asleep(owner))
			return;
		why = "sleeping lcore";
	}
	if (__atomic_compare_exchange_n(&pp->own_word, &w,
			__pagepool_own_word(me, PAGEPOOL_OWNER_NONE),
			0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
		PP_LOG(DEBUG, "%s: taken over from %s %u by %u", pp->name, why,
		       owner, me);
}

void
__pagepool_bind(struct pagepool *pp)
{
	uint32_t me = rte_lcore_id();
	uint64_t w;
	unsigned int tries;

	if (me >= RTE_MAX_LCORE || pp->destroying)
		return;
	if (unlikely(pp_lcore_tid[me] == 0))
		__atomic_store_n(&pp_lcore_tid[me], rte_sys_gettid(),
				 __ATOMIC_RELAXED);
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
			int bound;

			/* Not while an arbiter of the unowned pool is at work. */
			rte_spinlock_lock(&pp->arb_lock);
			bound = __atomic_compare_exchange_n(&pp->own_word, &w,
					__pagepool_own_word(me, PAGEPOOL_OWNER_NONE),
					0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
			rte_spinlock_unlock(&pp->arb_lock);
			if (bound) {
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
			pp_ask(owner);
		}
		/* Requested: take over now if the old owner is not inside. */
		pp_take_from_idle(pp, w, owner, me);
		return;
	}
}

/*
 * Owner, from pagepool_poll(): take the overflow home, into the cache while
 * it has room, the rest into the backing store where non-owners find it.
 */
void
__pagepool_drain_overflow(struct pagepool *pp)
{
	struct pagepool_page *pages[64];
	unsigned int n, c;

	if (pp->destroying || !pagepool_is_owner(pp))
		return;
	while ((n = pp_ovf_take(pp, pages, RTE_DIM(pages))) != 0) {
		c = RTE_MIN(n, pp->cache_size - pp->cache_len);
		memcpy(&pp->cache[pp->cache_len], pages, c * sizeof(pages[0]));
		pp->cache_len += c;
		__PAGEPOOL_STAT_OWNER_ADD(pp, alloc_refill, c);
		pp_to_backing(pp, (void **)pages + c, n - c);
	}
	pp_bad_log_flush(pp);
}

uint32_t
pagepool_owner(const struct pagepool *pp)
{
	if (pp == NULL)
		return PAGEPOOL_OWNER_NONE;
	return pp_owner_of(__atomic_load_n(&pp->own_word, __ATOMIC_ACQUIRE));
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

	struct pagepool_page **top = pp->cache + pp->cache_len;

	/* Pages from the ring were last written on another lcore; the owner,
	 * as arbiter, checks each one before it joins the cache. */
	while ((n = rte_ring_mc_dequeue_burst(pp->ring, (void **)top, want,
					      NULL)) != 0) {
		unsigned int i;

		for (i = 0; i < n; i++)
			rte_prefetch0(top[i]);
		n = pp_take_home_n(top, n);
		if (n == 0)
			continue;	/* all were second puts: look again */
		__PAGEPOOL_STAT_OWNER_ADD(pp, alloc_refill, n);
		*slow = 0;
		break;
	}
	if (n == 0) {
		n = pp_ovf_take(pp, top, want);
		if (n != 0) {
			__PAGEPOOL_STAT_OWNER_ADD(pp, alloc_refill, n);
			*slow = 0;
		}
	}
	if (n == 0) {
		n = rte_ring_mc_dequeue_burst(pp->backing,
					      (void **)pp->cache + pp->cache_len,
					      want, NULL);
		*slow = 1;
	}
	pp->cache_len += n;
	return n;
}

/*
 * A non-owner's allocation, from the backing store, where every page is
 * home: the CAS takes each one out, so two lcores can never both take a
 * page that sits in the store twice. An unowned pool's return ring has
 * nobody else to drain it: when the store runs short we drain it, as its
 * arbiter, and look again.
 */
static unsigned int
pp_alloc_remote(struct pagepool *pp, struct pagepool_page **pages,
		unsigned int n)
{
	unsigned int got = 0, tries;

	for (tries = 0; tries < 2 && got < n; tries++) {
		unsigned int k, i, base = got;

		k = rte_ring_mc_dequeue_burst(pp->backing, (void **)pages + base,
					      n - base, NULL);
		for (i = 0; i < k; i++) {
			struct pagepool_page *pg = pages[base + i];
			uint8_t in = 1;

			if (__atomic_compare_exchange_n(&pg->home, &in, 0, 0,
							__ATOMIC_ACQ_REL,
							__ATOMIC_RELAXED))
				pages[got++] = pg;
			else
				__pagepool_bad_put(pg);
		}
		if (got == n || !pp_arb_lock(pp))
			break;
		pp_ring_to_backing(pp);
		pp_bad_log_flush(pp);
		rte_spinlock_unlock(&pp->arb_lock);
	}
	return got;
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
	} else if (pp_alloc_remote(pp, &pg, 1) == 1) {
		__PAGEPOOL_STAT_ADD(pp, alloc_slow, 1);
	} else {
		goto empty;
	}
	pg->shinfo.refcnt = 1;
	__atomic_store_n(&pg->home, 0, __ATOMIC_RELAXED);
	pg->frag = 0;
	__PAGEPOOL_DBG(pg, alloc_lcore);
	pp_bad_log_flush(pp);
	return pg;
empty:
	__PAGEPOOL_STAT_ADD(pp, alloc_empty, 1);
	pp_bad_log_flush(pp);
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
		got = pp_alloc_remote(pp, pages, n);
		__PAGEPOOL_STAT_ADD(pp, alloc_slow, got);
	}
	for (i = 0; i < got; i++) {
		pages[i]->shinfo.refcnt = 1;
		__atomic_store_n(&pages[i]->home, 0, __ATOMIC_RELAXED);
		pages[i]->frag = 0;
		__PAGEPOOL_DBG(pages[i], alloc_lcore);
	}
	if (got < n) {
		__PAGEPOOL_STAT_ADD(pp, alloc_empty, 1);
		rte_errno = ENOBUFS;
	}
	pp_bad_log_flush(pp);
	return got;
}

/*
 * Recycle n pages whose last reference is gone, all of pool pp: the
 * owner's cache while it has room, then the return ring, then the backing
 * store, which has room for every page, so nothing is ever dropped.
 *
 * The pages in hand are all that keeps a destroyed pool alive: once the
 * last of them is in the ring, pagepool_destroy() or the release alarm may
 * drain it and free pp before the enqueue even returns. So each counter is
 * bumped before the enqueue it counts, and an enqueue that may put our
 * last page in reach of the freer is our last touch of pp. Into the
 * backing store, the last touch is the release of arb_lock, which the
 * freer takes before it decides.
 */
static void
pp_recycle_n(struct pagepool *pp, struct pagepool_page **pages, unsigned int n)
{
	unsigned int done, i;

	if (likely(!pp->destroying)) {
		PP_TEST_HOOK(PP_TEST_PUT_CHECKED, pp);
		pp_owner_yield(pp);
		if (pagepool_is_owner(pp)) {
			/* The owner is the arbiter: it checks what it caches. */
			for (i = 0, done = 0;
			     i < n && pp->cache_len < pp->cache_size; i++)
				if (pp_take_home(pages[i])) {
					pp->cache[pp->cache_len++] = pages[i];
					done++;
				}
			__PAGEPOOL_STAT_OWNER_ADD(pp, recycle_cached, done);
			pp_bad_log_flush(pp);	/* done with the cache */
			if (i == n)
				return;
			pages += i;
			n -= i;
		}
		/* The return ring: its pages are checked when drained. */
		__PAGEPOOL_STAT_ADD(pp, recycle_ring, n);
		done = rte_ring_mp_enqueue_burst(pp->ring, (void **)pages, n,
						 NULL);
		PP_TEST_HOOK(PP_TEST_PUT_ENQUEUED, pp);
		if (likely(done == n))
			return;
		/* Ring full: the pages it refused keep pp alive. */
		__PAGEPOOL_STAT_ADD(pp, recycle_ring, -(uint64_t)(n - done));
		__PAGEPOOL_STAT_ADD(pp, recycle_ring_full, n - done);
		pages += done;
		n -= done;
		PP_TEST_HOOK(PP_TEST_RING_FULL, pp);
		if (pagepool_is_owner(pp)) {
			/* the owner is the arbiter: straight home */
			n = pp_take_home_n(pages, n);
			__PAGEPOOL_STAT_OWNER_ADD(pp, recycle_released, n);
			pp_to_backing(pp, (void **)pages, n);
			pp_bad_log_flush(pp);
			return;
		}
		if (!pp_arb_lock(pp)) {
			/* owned by another lcore: it arbitrates, from the overflow */
			pp_ovf_put(pp, pages, n);
			PP_TEST_HOOK(PP_TEST_PUT_ENQUEUED, pp);
			return;
		}
		goto locked;
	}
	/* Straight into the backing store, which only takes checked pages. */
	if (pp_arb_lock(pp)) {
locked:
		n = pp_take_home_n(pages, n);
		__PAGEPOOL_STAT_ADD(pp, recycle_released, n);
		pp_to_backing(pp, (void **)pages, n);
		pp_bad_log_flush(pp);
		/* a destroyed pool's freer takes arb_lock before it frees */
		rte_spinlock_unlock(&pp->arb_lock);
		PP_TEST_HOOK(PP_TEST_PUT_ENQUEUED, pp);
		return;
	}
	/* destroyed, yet owned: cannot be (destroy clears the owner) */
	pp_ovf_put(pp, pages, n);
	PP_TEST_HOOK(PP_TEST_PUT_ENQUEUED, pp);
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
				/*
				 * Table full: flush it and start again. A pool
				 * whose group was just flushed may be gone:
				 * only a pool we hold pages of may be touched.
				 */
				for (j = 0; j < npools; j++)
					if (cnt[j] != 0)
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

/*
 * A fragment put whose live bit was clear: its fragment was put already
 * (or the offset names no fragment). The page's count is left alone, so
 * the other fragments' holders keep their references.
 */
void
__pagepool_frag_bad_put(struct pagepool_page *pg, uint32_t offset)
{
	struct pagepool *pp = pg->pool;

	if (__atomic_fetch_add(&pp->bad_put, 1, __ATOMIC_RELAXED) == 0)
		PP_LOG(ERR, "%s: fragment at offset %u of page %u put again (double free?); counted in bad_put, page left alone",
		       pp->name, offset, pg->index);
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
	if (__atomic_load_n(&pg->frag, __ATOMIC_RELAXED) == PAGEPOOL_FRAG_NAMED) {
		/* the fragment holding addr: the last start at or below it */
		const struct pagepool_frag_state *st = &pg->pool->frag_state[pg->index];
		uint32_t shift = pg->pool->frag_shift;
		uint32_t s = (uint32_t)RTE_PTR_DIFF(addr, pg->addr) >> shift;
		uint64_t below = __atomic_load_n(&st->start, __ATOMIC_RELAXED) &
				 ((UINT64_C(2) << s) - 1);

		if (below == 0) {
			__pagepool_frag_bad_put(pg, s << shift);
			return -EINVAL;
		}
		if (!__pagepool_frag_claim(pg, (rte_fls_u64(below) - 1) << shift))
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

	uint16_t r = pagepool_page_refcnt(pg);

	pp->frag_page = NULL;
	/*
	 * Fewer references left than fragments out means a fragment was put
	 * once too often: count it and take the page back rather than wrap
	 * the count (a wrapped page would never come home).
	 */
	while (r >= unused) {
		if (__atomic_compare_exchange_n(&pg->shinfo.refcnt, &r,
						r - unused, 0, __ATOMIC_ACQ_REL,
						__ATOMIC_RELAXED)) {
			if (r == unused)
				pp_recycle_n(pp, &pg, 1);
			return;
		}
	}
	while (!__atomic_compare_exchange_n(&pg->shinfo.refcnt, &r, 0, 0,
					    __ATOMIC_ACQ_REL, __ATOMIC_RELAXED))
		;
	while (r++ < unused)
		pp_bad_quiet(pg);
	pp_recycle_n(pp, &pg, 1);
}

/*
 * A fresh carving of pg (nobody holds any of its fragments): one fragment
 * out, at offset 0. Plain stores would do for a page just allocated; the
 * atomic ones keep a late second put of an old fragment (which may clear
 * a bit at any moment) well defined when the page is carved again in place.
 */
static struct pagepool_frag_state *
pp_frag_begin(struct pagepool *pp, struct pagepool_page *pg)
{
	struct pagepool_frag_state *st = &pp->frag_state[pg->index];

	__atomic_store_n(&pg->frag, PAGEPOOL_FRAG_NAMED, __ATOMIC_RELAXED);
	__atomic_store_n(&st->live, 1, __ATOMIC_RELAXED);
	__atomic_store_n(&st->start, 1, __ATOMIC_RELAXED);
	return st;
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
	sz = RTE_ALIGN_CEIL(size, UINT32_C(1) << pp->frag_shift);
	*offset = 0;
	pp_owner_yield(pp);
	if (!pagepool_is_owner(pp)) {
		/* Not the owner: the carving state is not ours; a whole page,
		 * one fragment, so that pagepool_put_frag() names it too. */
		pg = __pagepool_alloc_slow(pp);
		if (pg != NULL)
			pp_frag_begin(pp, pg);
		return pg;
	}
	pg = pp->frag_page;
	if (pg != NULL &&
	    pagepool_page_refcnt(pg) == PAGEPOOL_FRAG_BIAS - pp->frag_users) {
		/* Every fragment is back: carve the same page again. */
		__atomic_store_n(&pg->shinfo.refcnt, PAGEPOOL_FRAG_BIAS,
				 __ATOMIC_RELAXED);
		pp->frag_cur = pp_frag_begin(pp, pg);
		pp->frag_offset = sz;
		pp->frag_users = 1;
		return pg;
	}
	if (pg != NULL)
		pp_frag_finish(pp);
	pg = pagepool_alloc(pp);
	if (pg == NULL)
		return NULL;
	if (unlikely(!pagepool_is_owner(pp))) {
		/* finishing the page let a requester in: not ours to carve */
		pp_frag_begin(pp, pg);
		return pg;
	}
	pg->shinfo.refcnt = PAGEPOOL_FRAG_BIAS;
	pp->frag_cur = pp_frag_begin(pp, pg);
	pp->frag_page = pg;
	pp->frag_offset = sz;
	pp->frag_users = 1;
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

/* Entries in the pool's tiers (a page put twice may be in the ring twice). */
static uint32_t
pp_home_entries(const struct pagepool *pp)
{
	const struct pagepool_page *fp = pp->frag_page;
	uint32_t home;

	home = __atomic_load_n(&pp->cache_len, __ATOMIC_RELAXED) +
	       rte_ring_count(pp->ring) + rte_ring_count(pp->backing) +
	       __atomic_load_n(&pp->ovf_len, __ATOMIC_RELAXED);
	/* The page being carved is the pool's own once its fragments are back. */
	if (fp != NULL &&
	    pagepool_page_refcnt(fp) == PAGEPOOL_FRAG_BIAS - pp->frag_users)
		home++;
	return home;
}

/*
 * More entries than pages: a page put twice at once on two lcores waits in
 * the return ring (or its overflow) twice until the arbiter drains it and
 * counts the second. Clamping that to "0 in flight" would hide it; say it.
 */
static uint32_t
pp_home_excess(const struct pagepool *pp, uint32_t home)
{
	uint32_t excess = home > pp->nb_pages ? home - pp->nb_pages : 0;
	/* the flag is the only thing a reader writes: it lives in the pool */
	uint32_t *logged = (uint32_t *)(uintptr_t)&pp->excess_logged;

	if (unlikely(excess != 0) &&
	    __atomic_exchange_n(logged, 1, __ATOMIC_RELAXED) == 0)
		PP_LOG(WARNING, "%s: tiers hold %u entries for %u pages: %u page(s) put twice wait in the return ring for the owner's check (then counted in bad_put); in_flight is a lower bound meanwhile",
		       pp->name, home, pp->nb_pages, excess);
	return excess;
}

uint32_t
pagepool_in_flight(const struct pagepool *pp)
{
	uint32_t home;

	if (pp == NULL)
		return 0;
	home = pp_home_entries(pp);
	if (unlikely(pp_home_excess(pp, home) != 0))
		return 0;
	return pp->nb_pages - home;
}

int
pagepool_info_get(const struct pagepool *pp, struct pagepool_info *info)
{
	unsigned int i;
	uint32_t home;

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
	info->ring = rte_ring_count(pp->ring) +
		     __atomic_load_n(&pp->ovf_len, __ATOMIC_RELAXED);
	info->backing = rte_ring_count(pp->backing);
	/* in_flight and home_excess from one look at the tiers */
	home = pp_home_entries(pp);
	info->home_excess = pp_home_excess(pp, home);
	info->in_flight = info->home_excess != 0 ? 0 : pp->nb_pages - home;
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
	fprintf(f, "  in flight %u, cached %u, ring %u, backing %u, bad_put %" PRIu64 ", home_excess %u\n",
		in.in_flight, in.cached, in.ring, in.backing, in.bad_put,
		in.home_excess);
	fprintf(f, "  alloc fast %" PRIu64 " slow %" PRIu64 " refill %" PRIu64 " empty %" PRIu64 "\n",
		in.stats.alloc_fast, in.stats.alloc_slow, in.stats.alloc_refill,
		in.stats.alloc_empty);
	fprintf(f, "  recycle cached %" PRIu64 " ring %" PRIu64 " ring_full %" PRIu64 " released %" PRIu64 "\n",
		in.stats.recycle_cached, in.stats.recycle_ring,
		in.stats.recycle_ring_full, in.stats.recycle_released);
}
