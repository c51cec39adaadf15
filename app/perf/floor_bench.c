/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The pagepool authors
 */
/*
 * pagepool-floor: how cheap can a checked bulk put be?
 *
 * Issue 10 asks owner_bulk32 (alloc 32 + put 32 on the owner) for at most
 * 1.5 x DPDK's mempool cache, with a double-put check on every put. This
 * program does not measure pagepool; it measures models of the owner cache,
 * each a stack of page pointers like pagepool's, side by side with the real
 * rte_mempool_get_bulk/put_bulk on a 512-object cache:
 *
 *   none     pointers only, no state at all (what the mempool cache does)
 *   desc     pagepool's scheme: alloc stores refcnt 1 and "out" in each
 *            page's descriptor, put checks pool, refcnt and order in
 *            groups of four and stores them back
 *   bitmap   one "home" bit per page in a dense bitmap: alloc clears it,
 *            put tests and sets it (the lead)
 *   byte     one state byte per page in a dense array
 *   slot     alloc touches nothing; a page is home if the cache slot it
 *            was last put in still holds it (put: one load of the slot
 *            index, one of the cache entry, one store)
 *
 * Each checked model first proves it catches {p, p} in one bulk and a put
 * of a page already home. Ratios are model / DPDK, medians of alternated
 * reps. A model's ratio is a floor for any pagepool built on it: the
 * library adds ownership, stats and the slow paths on top.
 *
 *   build/app/pagepool-floor -l 1 --no-pci [-- BULKS_PER_REP]
 *
 * Timings on the shared 2-core host move by 2x between runs; instruction
 * counts do not: under valgrind --tool=callgrind with 10000 bulks per rep
 * (2.56 M pairs per model), instructions per alloc+put pair were: dpdk
 * 5.75, none 2.28, byte 21.6, desc 24.2, slot 24.5, bitmap 37.6 (the
 * library's own owner_bulk32, app/perf/callgrind.py: 26.7). The bitmap is
 * the dearest: the cache's pages cluster in a few words, so its
 * read-modify-writes depend on each other through memory.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_common.h>
#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_lcore.h>
#include <rte_malloc.h>
#include <rte_mempool.h>

#define NB_PAGES 8192u
#define CACHE 512u
#define BULK 32u
#define REPS 7
static uint64_t iters = 4000000u / BULK;	/* bulks per rep (-- ITERS) */

struct page {			/* a 64 B descriptor, like pagepool_page */
	void *pool;
	uint16_t refcnt;
	uint16_t home;
	uint32_t index;
	uint8_t pad[48];
} __rte_cache_aligned;

static struct page *pages;
static struct page *cache[CACHE];
static unsigned int cache_len;
static uint64_t *bitmap;
static uint8_t *state;
static uint32_t *slot;
static uint64_t bad;
static void *const POOL = &cache;
static struct rte_mempool *mp;

/* Fill the cache with pages 0..CACHE-1 at home, in each model's terms. */
static void
reset(void)
{
	unsigned int i;

	memset(bitmap, 0, NB_PAGES / 8);
	memset(state, 0, NB_PAGES);
	for (i = 0; i < NB_PAGES; i++) {
		pages[i].pool = POOL;
		pages[i].refcnt = 0;
		pages[i].home = 1;
		pages[i].index = i;
		slot[i] = UINT32_MAX;
	}
	for (i = 0; i < CACHE; i++) {
		cache[i] = &pages[i];
		bitmap[i >> 6] |= UINT64_C(1) << (i & 63);
		state[i] = 1;
		slot[i] = i;
	}
	cache_len = CACHE;
	bad = 0;
}

static inline void
take(struct page **p)
{
	cache_len -= BULK;
	memcpy(p, &cache[cache_len], BULK * sizeof(*p));
}

static inline void
give(struct page **p, unsigned int n)
{
	memcpy(&cache[cache_len], p, n * sizeof(*p));
	cache_len += n;
}

/* ---- none ---- */
static inline void
none_alloc(struct page **p)
{
	take(p);
}

static inline void
none_put(struct page **p)
{
	give(p, BULK);
}

/* ---- desc: pagepool's own scheme ---- */
static inline void
desc_alloc(struct page **p)
{
	unsigned int i;

	take(p);
	for (i = 0; i < BULK; i++) {
		p[i]->refcnt = 1;
		p[i]->home = 0;
	}
}

static inline void
desc_put(struct page **p)
{
	unsigned int i;

	for (i = 0; i < BULK; i += 4) {
		struct page *a = p[i], *b = p[i + 1], *c = p[i + 2], *d = p[i + 3];
		uintptr_t x;

		x = ((uintptr_t)a->pool ^ (uintptr_t)POOL) |
		    ((uintptr_t)b->pool ^ (uintptr_t)POOL) |
		    ((uintptr_t)c->pool ^ (uintptr_t)POOL) |
		    ((uintptr_t)d->pool ^ (uintptr_t)POOL) |
		    (uintptr_t)((a->refcnt ^ 1) | (b->refcnt ^ 1) |
				(c->refcnt ^ 1) | (d->refcnt ^ 1)) |
		    (uintptr_t)((a == b) | (a == c) | (a == d) | (b == c) |
				(b == d) | (c == d));
		if (unlikely(x != 0)) {
			bad++;
			return;
		}
		a->refcnt = 0;
		b->refcnt = 0;
		c->refcnt = 0;
		d->refcnt = 0;
		a->home = 1;
		b->home = 1;
		c->home = 1;
		d->home = 1;
	}
	give(p, BULK);
}

/* ---- bitmap ---- */
static inline uint32_t
idx(const struct page *pg)
{
	return (uint32_t)(pg - pages);
}

static inline void
bitmap_alloc(struct page **p)
{
	unsigned int i;

	take(p);
	for (i = 0; i < BULK; i++) {
		uint32_t k = idx(p[i]);

		bitmap[k >> 6] &= ~(UINT64_C(1) << (k & 63));
	}
}

static inline void
bitmap_put(struct page **p)
{
	uint64_t x = 0;
	unsigned int i;

	for (i = 0; i < BULK; i++) {
		uint32_t k = idx(p[i]);
		uint64_t b = UINT64_C(1) << (k & 63);

		/* out of range or already home (a repeat in this bulk too) */
		x |= (k >= NB_PAGES) | (bitmap[k >> 6 & (NB_PAGES / 64 - 1)] & b);
		bitmap[k >> 6 & (NB_PAGES / 64 - 1)] |= b;
	}
	if (unlikely(x != 0)) {
		bad++;
		return;
	}
	give(p, BULK);
}

/* ---- byte ---- */
static inline void
byte_alloc(struct page **p)
{
	unsigned int i;

	take(p);
	for (i = 0; i < BULK; i++)
		state[idx(p[i])] = 0;
}

static inline void
byte_put(struct page **p)
{
	unsigned int i, x = 0;

	for (i = 0; i < BULK; i++) {
		uint32_t k = idx(p[i]) & (NB_PAGES - 1);

		x |= state[k];
		state[k] = 1;
	}
	if (unlikely(x != 0)) {
		bad++;
		return;
	}
	give(p, BULK);
}

/* ---- slot ---- */
static inline void
slot_alloc(struct page **p)
{
	take(p);
}

static inline void
slot_put(struct page **p)
{
	unsigned int i, len = cache_len, x = 0;

	for (i = 0; i < BULK; i++) {
		uint32_t k = idx(p[i]) & (NB_PAGES - 1);
		uint32_t s = slot[k];

		/* home if its last slot is below the top and still holds it */
		x |= (s < len + i) & (cache[s & (CACHE - 1)] == p[i]);
		cache[len + i] = p[i];
		slot[k] = len + i;
	}
	if (unlikely(x != 0)) {
		bad++;
		return;
	}
	cache_len = len + BULK;
}

enum model { M_NONE, M_DESC, M_BITMAP, M_BYTE, M_SLOT, M_DPDK, NB_MODELS };
static const char *const names[] = { "none", "desc", "bitmap", "byte", "slot",
				     "dpdk" };
/* One loop per model, each its own function (callgrind shows them apart). */
#define LOOP(name, alloc, put)                                           \
static __rte_noinline void                                               \
loop_##name(void)                                                        \
{                                                                        \
	struct page *p[BULK];                                            \
	uint64_t i;                                                      \
									 \
	for (i = 0; i < iters; i++) {                                    \
		alloc(p);                                                \
		/* the pages are used: no model's round trip folds away */ \
		__asm__ volatile("" : : "r"(p) : "memory");              \
		put(p);                                                  \
	}                                                                \
}
LOOP(none, none_alloc, none_put)
LOOP(desc, desc_alloc, desc_put)
LOOP(bitmap, bitmap_alloc, bitmap_put)
LOOP(byte, byte_alloc, byte_put)
LOOP(slot, slot_alloc, slot_put)

static __rte_noinline void
loop_dpdk(void)
{
	void *objs[BULK];
	uint64_t i;

	for (i = 0; i < iters; i++) {
		if (rte_mempool_get_bulk(mp, objs, BULK) != 0)
			rte_exit(EXIT_FAILURE, "mempool empty\n");
		rte_mempool_put_bulk(mp, objs, BULK);
	}
}

static void (*const loops[])(void) = { loop_none, loop_desc, loop_bitmap,
				       loop_byte, loop_slot, loop_dpdk };

static double
run(enum model m)
{
	uint64_t t0;

	reset();
	t0 = rte_rdtsc_precise();
	loops[m]();
	t0 = rte_rdtsc_precise() - t0;
	if (bad != 0)
		rte_exit(EXIT_FAILURE, "%s: %" PRIu64 " false double puts\n",
			 names[m], bad);
	return (double)t0 * 1e9 / rte_get_tsc_hz() / ((double)iters * BULK);
}

/* A checked model must refuse {p, p} in one bulk and a put of a home page. */
static void
self_test(enum model m)
{
	struct page *p[BULK];
	unsigned int i, len;

	for (i = 0; i < 2; i++) {
		reset();
		switch (m) {
		case M_DESC: desc_alloc(p); break;
		case M_BITMAP: bitmap_alloc(p); break;
		case M_BYTE: byte_alloc(p); break;
		default: slot_alloc(p); break;
		}
		if (i == 0)
			p[7] = p[3];		/* the same page twice */
		else
			p[7] = cache[0];	/* a page that is home */
		len = cache_len;
		switch (m) {
		case M_DESC: desc_put(p); break;
		case M_BITMAP: bitmap_put(p); break;
		case M_BYTE: byte_put(p); break;
		default: slot_put(p); break;
		}
		if (bad != 1 || cache_len != len)
			rte_exit(EXIT_FAILURE, "%s misses a double put (case %u)\n",
				 names[m], i);
	}
}

static int
cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

int
main(int argc, char **argv)
{
	double ns[NB_MODELS][REPS], med[NB_MODELS];
	int r, m;

	r = rte_eal_init(argc, argv);
	if (r < 0)
		rte_exit(EXIT_FAILURE, "EAL: %s\n", rte_strerror(rte_errno));
	if (argc - r > 1)	/* after --: bulks per rep (callgrind wants few) */
		iters = strtoull(argv[r + 1], NULL, 0);
	mp = rte_mempool_create("floor", NB_PAGES, 64, CACHE, 0, NULL, NULL,
				NULL, NULL, SOCKET_ID_ANY, 0);
	pages = rte_zmalloc(NULL, NB_PAGES * sizeof(*pages), RTE_CACHE_LINE_SIZE);
	bitmap = calloc(NB_PAGES / 64, sizeof(*bitmap));
	state = calloc(NB_PAGES, 1);
	slot = calloc(NB_PAGES, sizeof(*slot));
	if (mp == NULL || pages == NULL || bitmap == NULL || state == NULL ||
	    slot == NULL)
		rte_exit(EXIT_FAILURE, "no memory\n");
	for (m = M_DESC; m <= M_SLOT; m++)
		self_test(m);
	for (m = 0; m < NB_MODELS; m++)	/* warm-up */
		run(m);
	for (r = 0; r < REPS; r++)
		for (m = 0; m < NB_MODELS; m++)
			ns[m][r] = run(m);
	printf("model    ns/pair  min..max      ratio to dpdk (bulk %u, cache %u, %u pages)\n",
	       BULK, CACHE, NB_PAGES);
	for (m = 0; m < NB_MODELS; m++) {
		qsort(ns[m], REPS, sizeof(double), cmp);
		med[m] = ns[m][REPS / 2];
	}
	for (m = 0; m < NB_MODELS; m++)
		printf("%-8s %7.3f  %5.3f..%5.3f %6.2f\n", names[m], med[m],
		       ns[m][0], ns[m][REPS - 1], med[m] / med[M_DPDK]);
	rte_mempool_free(mp);
	rte_free(pages);
	rte_eal_cleanup();
	return 0;
}
