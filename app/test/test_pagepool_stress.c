/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The pagepool authors
 */
/*
 * Two-lcore stress test: at least 10 million page round trips with remote
 * puts, and no page ever handed out twice.
 *
 * The main lcore allocates (single, bulk, fragments), claims the bytes it
 * got in a per-page bitmap of 64-byte slots (a slot already claimed means
 * the pool handed it out twice), writes a token (sequence number, lcore,
 * page index) at both ends of each region and passes it to the worker
 * through an SPSC ring. The worker checks the token is intact (nobody else
 * wrote the region), overwrites it with its own, releases the slots and
 * puts the page back: one by one, by address, in bulk, or after taking a
 * second reference. Ownership moves to the worker and back, and then
 * ping-pongs, under traffic. At the end every page is accounted for.
 *
 * PAGEPOOL_STRESS_PAGES sets the number of whole-page round trips
 * (default 10,000,000).
 */
#include <inttypes.h>
#include <sched.h>
#include <stdarg.h>
#include <stdlib.h>

#include <rte_cycles.h>
#include <rte_lcore.h>
#include <rte_pause.h>
#include <rte_ring.h>
#include <rte_ring_elem.h>

#include "test_common.h"

#define NB_PAGES 4096
#define PAGE_SIZE 2048
#define SLOT 64                       /* PAGEPOOL_FRAG_ALIGN on x86 */
#define SLOTS_PER_PAGE (PAGE_SIZE / SLOT)
#define CACHE_SIZE 256
#define RING_SIZE 512
#define BATCH 32
#define XFER_RING 16384
#define TAIL_MAGIC UINT64_C(0x5a5aa5a5c3c33c3c)
#define STALL_S 10

/* One region handed to the worker. */
struct xfer {
	uint64_t seq;
	uint8_t *addr;
	uint32_t len;
	uint32_t frag;
};

struct token {
	uint64_t seq;
	uint32_t lcore;
	uint32_t index;
};

enum phase {
	PH_MAIN_OWNS,      /* main owns, worker only puts */
	PH_TO_WORKER,      /* worker polls: ownership moves to the worker */
	PH_BACK_TO_MAIN,   /* main polls: it moves back */
	PH_PING_PONG,      /* both poll */
	PH_MAIN_FINAL,     /* main polls */
	PH_DONE,
};

static const char *const phase_name[] = {
	"main owns", "handoff to worker", "handoff back to main",
	"ping-pong", "main owns (final)", "done",
};

static struct {
	struct pagepool *pp;
	struct rte_ring *xr;
	uint32_t slots[NB_PAGES];     /* atomic: 64-byte slots held */
	int phase;                    /* atomic */
	int failed;                   /* atomic */
	char why[512];
	uint64_t worker_regions;      /* atomic: regions put by the worker */
	uint64_t worker_owned_batches;
	uint64_t worker_polls;
	unsigned int main_lcore, worker_lcore;
} g;

static void
fail(const char *fmt, ...)
{
	va_list ap;
	int expected = 0;

	if (!__atomic_compare_exchange_n(&g.failed, &expected, 1, 0,
					 __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
		return;
	va_start(ap, fmt);
	vsnprintf(g.why, sizeof(g.why), fmt, ap);
	va_end(ap);
}

static inline int
failed(void)
{
	return __atomic_load_n(&g.failed, __ATOMIC_RELAXED);
}

static inline uint32_t
slot_mask(uint32_t off, uint32_t len)
{
	uint32_t first = off / SLOT, n = (len + SLOT - 1) / SLOT;

	return n >= 32 ? UINT32_MAX : ((UINT32_C(1) << n) - 1) << first;
}

/* ---------------------------------------------------------------------
 * Worker: check, overwrite, release, put.
 */

static int
worker_check(const struct xfer *x, struct pagepool_page **pgp)
{
	struct pagepool_page *pg = pagepool_page_from_addr(x->addr);
	struct token *t = (struct token *)x->addr;
	uint64_t *tail = (uint64_t *)(x->addr + x->len - sizeof(uint64_t));
	uint32_t off, mask, old;

	if (pg == NULL || pg->pool != g.pp) {
		fail("worker: page_from_addr(%p) = %p", (void *)x->addr, (void *)pg);
		return -1;
	}
	off = (uint32_t)(x->addr - (uint8_t *)pg->addr);
	if (t->seq != x->seq || t->lcore != g.main_lcore || t->index != pg->index ||
	    *tail != (x->seq ^ TAIL_MAGIC)) {
		fail("worker: token of page %u offset %u len %u overwritten: seq %" PRIu64
		     " (sent %" PRIu64 ") lcore %u index %u tail %#" PRIx64
		     " (a page or fragment handed out twice?)",
		     pg->index, off, x->len, t->seq, x->seq, t->lcore, t->index, *tail);
		return -1;
	}
	if (pagepool_page_refcnt(pg) == 0) {
		fail("worker: page %u in hand with refcnt 0", pg->index);
		return -1;
	}
	/* our token, then give the bytes back before the page goes home */
	t->seq = ~x->seq;
	t->lcore = g.worker_lcore;
	*tail = ~x->seq ^ TAIL_MAGIC;
	mask = slot_mask(off, x->len);
	old = __atomic_fetch_and(&g.slots[pg->index], ~mask, __ATOMIC_RELEASE);
	if ((old & mask) != mask) {
		fail("worker: slots %#x of page %u were not held (held %#x)",
		     mask, pg->index, old);
		return -1;
	}
	*pgp = pg;
	return 0;
}

static int
worker_main(void *arg)
{
	struct xfer x[BATCH];
	struct pagepool_page *pg[BATCH];
	uint64_t batches = 0, last = rte_get_timer_cycles();
	const uint64_t stall = STALL_S * rte_get_timer_hz();
	unsigned int n, i;

	RTE_SET_USED(arg);
	for (;;) {
		int ph = __atomic_load_n(&g.phase, __ATOMIC_ACQUIRE);

		if (failed())
			break;
		if (ph == PH_TO_WORKER || ph == PH_PING_PONG) {
			pagepool_poll(g.pp);
			g.worker_polls++;
		}
		n = rte_ring_sc_dequeue_burst_elem(g.xr, x, sizeof(x[0]), BATCH, NULL);
		if (n == 0) {
			if (ph == PH_DONE && rte_ring_empty(g.xr))
				break;
			if (rte_get_timer_cycles() - last > stall) {
				fail("worker: nothing to do for %d s", STALL_S);
				break;
			}
			/* the box has 2 cores: don't starve the producer */
			sched_yield();
			continue;
		}
		last = rte_get_timer_cycles();
		for (i = 0; i < n; i++)
			if (worker_check(&x[i], &pg[i]) != 0)
				return TEST_FAILED;
		if (pagepool_is_owner(g.pp))
			g.worker_owned_batches++;
		switch (batches++ % 4) {
		case 0:
			for (i = 0; i < n; i++)
				pagepool_put_page(pg[i]);
			break;
		case 1:
			for (i = 0; i < n; i++)
				if (pagepool_put(x[i].addr + x[i].len / 2) != 0) {
					fail("worker: pagepool_put(addr) failed");
					return TEST_FAILED;
				}
			break;
		case 2:
			pagepool_put_bulk(pg, n);
			break;
		default:
			/* a second user of every fourth buffer, dropped first */
			for (i = 0; i < n; i += 4)
				pagepool_page_get(pg[i]);
			for (i = 0; i < n; i += 4)
				pagepool_put_page(pg[i]);
			pagepool_put_bulk(pg, n);
		}
		__atomic_fetch_add(&g.worker_regions, n, __ATOMIC_RELAXED);
	}
	return failed() ? TEST_FAILED : TEST_SUCCESS;
}

/* ---------------------------------------------------------------------
 * Main lcore: allocate, claim, sign, hand over.
 */

static uint64_t seq;

static int
claim(struct pagepool_page *pg, uint32_t off, uint32_t len, struct xfer *x)
{
	uint32_t mask = slot_mask(off, len), old;
	struct token *t;

	if (pg->pool != g.pp || pg->index >= NB_PAGES ||
	    pg->magic != PAGEPOOL_PAGE_MAGIC) {
		fail("main: alloc returned a bad descriptor %p", (void *)pg);
		return -1;
	}
	if (off % SLOT != 0 || off + len > PAGE_SIZE) {
		fail("main: fragment [%u, +%u) misplaced", off, len);
		return -1;
	}
	old = __atomic_fetch_or(&g.slots[pg->index], mask, __ATOMIC_ACQUIRE);
	if (old & mask) {
		fail("main: page %u slots %#x handed out while held (held %#x): a page handed out twice",
		     pg->index, mask, old);
		return -1;
	}
	x->seq = ++seq;
	x->addr = (uint8_t *)pg->addr + off;
	x->len = len;
	t = (struct token *)x->addr;
	t->seq = x->seq;
	t->lcore = g.main_lcore;
	t->index = pg->index;
	*(uint64_t *)(x->addr + len - sizeof(uint64_t)) = x->seq ^ TAIL_MAGIC;
	return 0;
}

static const uint32_t frag_sizes[] = { 64, 192, 512, 1024, 2048 };

struct counts {
	uint64_t pages, frags, empty, owner_changes, main_owned_batches;
};

static int
produce(uint64_t iter, struct counts *c)
{
	struct pagepool_page *pg[BATCH];
	struct xfer x[BATCH];
	unsigned int n = 0, i, mode = iter % 16;
	uint64_t start;

	if (mode < 6) {
		for (i = 0; i < BATCH; i++) {
			pg[n] = pagepool_alloc(g.pp);
			if (pg[n] == NULL)
				break;
			if (claim(pg[n], 0, PAGE_SIZE, &x[n]) != 0)
				return -1;
			n++;
		}
		c->pages += n;
	} else if (mode < 14) {
		n = pagepool_alloc_bulk(g.pp, pg, BATCH);
		for (i = 0; i < n; i++)
			if (claim(pg[i], 0, PAGE_SIZE, &x[i]) != 0)
				return -1;
		c->pages += n;
	} else {
		uint32_t sz = frag_sizes[(iter / 16) % RTE_DIM(frag_sizes)];

		for (i = 0; i < BATCH; i++) {
			uint32_t off;

			pg[n] = pagepool_alloc_frag(g.pp, &off, sz);
			if (pg[n] == NULL)
				break;
			if (claim(pg[n], off, sz, &x[n]) != 0)
				return -1;
			n++;
		}
		c->frags += n;
	}
	if (n < BATCH)
		c->empty++;
	if (n == 0) {
		/* everything is out: let the worker bring some back */
		sched_yield();
		return 0;
	}
	start = rte_get_timer_cycles();
	while (rte_ring_sp_enqueue_bulk_elem(g.xr, x, sizeof(x[0]), n, NULL) == 0) {
		if (failed())
			return -1;
		if (rte_get_timer_cycles() - start > STALL_S * rte_get_timer_hz()) {
			fail("main: transfer ring full for %d s", STALL_S);
			return -1;
		}
		sched_yield();
	}
	return (int)n;
}

static void
set_phase(int ph)
{
	__atomic_store_n(&g.phase, ph, __ATOMIC_RELEASE);
	printf("  phase: %s\n", phase_name[ph]);
	fflush(stdout);
}

static int
run(uint64_t target)
{
	struct counts c = { 0 };
	struct pagepool_info in;
	uint64_t iter = 0, t0, t1, hz = rte_get_timer_hz(), last_progress;
	uint64_t last_pages = 0;
	int was_owner, ph = PH_MAIN_OWNS, ret, n;
	uint32_t i;

	set_phase(PH_MAIN_OWNS);
	if (test_launch_worker(worker_main, NULL) != 0) {
		printf("cannot launch the worker\n");
		return TEST_FAILED;
	}
	t0 = rte_get_timer_cycles();
	last_progress = t0;
	was_owner = pagepool_is_owner(g.pp);
	while (c.pages < target && !failed()) {
		/* phases by progress: 40% / 15% / 15% / 15% / 15% */
		int want = c.pages < target * 40 / 100 ? PH_MAIN_OWNS :
			   c.pages < target * 55 / 100 ? PH_TO_WORKER :
			   c.pages < target * 70 / 100 ? PH_BACK_TO_MAIN :
			   c.pages < target * 85 / 100 ? PH_PING_PONG : PH_MAIN_FINAL;
		int own;

		if (want != ph) {
			ph = want;
			set_phase(ph);
		}
		if (ph == PH_BACK_TO_MAIN || ph == PH_PING_PONG || ph == PH_MAIN_FINAL)
			pagepool_poll(g.pp);
		own = pagepool_is_owner(g.pp);
		if (own != was_owner) {
			c.owner_changes++;
			was_owner = own;
		}
		if (own)
			c.main_owned_batches++;
		n = produce(iter++, &c);
		if (n < 0)
			break;
		if (c.pages != last_pages) {
			last_pages = c.pages;
			last_progress = rte_get_timer_cycles();
		} else if (rte_get_timer_cycles() - last_progress > STALL_S * hz) {
			in = test_info(g.pp);
			fail("main: no page allocated for %d s (in_flight %u cached %u ring %u backing %u owner %u)",
			     STALL_S, in.in_flight, in.cached, in.ring, in.backing, in.owner);
			break;
		}
	}
	set_phase(PH_DONE);
	ret = test_wait_worker();
	t1 = rte_get_timer_cycles();
	if (failed()) {
		printf("FAIL: %s\n", g.why);
		pagepool_dump(stdout, g.pp);
		return TEST_FAILED;
	}
	if (ret != TEST_SUCCESS) {
		printf("FAIL: worker returned %d\n", ret);
		return TEST_FAILED;
	}

	{
		double s = (double)(t1 - t0) / hz;
		uint64_t total = c.pages + c.frags;

		printf("round trips: %" PRIu64 " pages + %" PRIu64 " fragments in %.2f s: %.2f M round trips/s (%.1f ns each)\n",
		       c.pages, c.frags, s, total / s / 1e6, s * 1e9 / total);
		printf("allocation batches short of %u: %" PRIu64 "; main owned %" PRIu64
		       " of %" PRIu64 " batches, ownership changes seen by main: %" PRIu64
		       "; worker owned %" PRIu64 " batches\n",
		       BATCH, c.empty, c.main_owned_batches, iter, c.owner_changes,
		       g.worker_owned_batches);
		if (__atomic_load_n(&g.worker_regions, __ATOMIC_RELAXED) != total) {
			printf("FAIL: worker put %" PRIu64 " regions, main sent %" PRIu64 "\n",
			       g.worker_regions, total);
			return TEST_FAILED;
		}
	}
	pagepool_dump(stdout, g.pp);

	/* account for every page */
	in = test_info(g.pp);
	TEST_ASSERT_EQUAL(in.bad_put, 0, "bad_put");
	TEST_ASSERT(c.owner_changes >= 2, "ownership never moved (%" PRIu64 " changes)",
		    c.owner_changes);
	TEST_ASSERT(g.worker_owned_batches > 0, "the worker never owned the pool");
	for (i = 0; i < NB_PAGES; i++)
		TEST_ASSERT_EQUAL(__atomic_load_n(&g.slots[i], __ATOMIC_ACQUIRE), 0,
				  "page %u still held by the test at the end", i);
	pagepool_poll(g.pp); /* the worker is idle: main takes the pool at once */
	TEST_ASSERT(pagepool_is_owner(g.pp), "main does not own the pool at the end");
	in = test_info(g.pp);
	TEST_ASSERT_EQUAL(in.in_flight, 0, "pages in flight at the end");
	TEST_CHECK(test_pool_check_sum(g.pp));
	TEST_CHECK(test_pool_check_all(g.pp, 0));
	ret = pagepool_destroy(g.pp);
	TEST_ASSERT_EQUAL(ret, 0, "destroy at the end: pages still out");
	g.pp = NULL;
	return TEST_SUCCESS;
}

/* ---------------------------------------------------------------------
 * Fragments put twice at once: each round the main lcore (the owner)
 * carves fragments a and b of one page and keeps b; the worker puts a and
 * main puts a again at the same moment, by pagepool_put_frag() or by an
 * address inside a, alternating. Exactly one of the two puts may count,
 * whichever comes second: bad_put grows by one per round, b keeps its
 * bytes and its page its reference, and every page comes home once.
 */
#define FR_SIZE 512u

static struct {
	struct pagepool *pp;
	struct pagepool_page *pg;
	uint32_t off;
	uint32_t go;	/* atomic: round the putters may start */
	uint32_t done;	/* atomic: round the worker finished */
} fr;

static void
fr_put(uint32_t k)
{
	if (k & 1)
		pagepool_put_frag(fr.pg, fr.off);
	else
		(void)pagepool_put(RTE_PTR_ADD(fr.pg->addr, fr.off + FR_SIZE / 2));
}

static int
fr_worker(void *arg)
{
	uint32_t k, rounds = (uint32_t)(uintptr_t)arg;

	for (k = 1; k <= rounds; k++) {
		uint32_t go;

		while ((go = __atomic_load_n(&fr.go, __ATOMIC_ACQUIRE)) < k)
			rte_pause();
		if (go == UINT32_MAX)
			break;
		fr_put(k);
		__atomic_store_n(&fr.done, k, __ATOMIC_RELEASE);
	}
	return TEST_SUCCESS;
}

static int
frag_double_put_race(uint32_t rounds)
{
	struct pagepool_page *b;
	uint32_t k, ob, i;
	int ret = TEST_SUCCESS;

	printf("stress: %u rounds of a fragment put at once by two lcores while another fragment of its page is held\n",
	       rounds);
	fr.pp = test_pool_create("fragrace", 64, 4096, rte_lcore_id(), 0, 0);
	TEST_ASSERT_NOT_NULL(fr.pp, "create");
	__atomic_store_n(&fr.go, 0, __ATOMIC_RELAXED);
	__atomic_store_n(&fr.done, 0, __ATOMIC_RELAXED);
	TEST_ASSERT_EQUAL(test_launch_worker(fr_worker, (void *)(uintptr_t)rounds),
			  0, "launch");
	for (k = 1; k <= rounds && ret == TEST_SUCCESS; k++) {
		struct pagepool_info in;
		uint8_t *pb;

		fr.pg = pagepool_alloc_frag(fr.pp, &fr.off, FR_SIZE);
		b = pagepool_alloc_frag(fr.pp, &ob, FR_SIZE);
		if (fr.pg == NULL || b == NULL) {
			printf("FAIL: round %u: alloc_frag failed\n", k);
			ret = TEST_FAILED;
			break;
		}
		pb = RTE_PTR_ADD(b->addr, ob);
		memset(pb, (int)(k & 0xff), FR_SIZE);
		__atomic_store_n(&fr.go, k, __ATOMIC_RELEASE);
		fr_put(k);
		while (__atomic_load_n(&fr.done, __ATOMIC_ACQUIRE) != k)
			rte_pause();
		in = test_info(fr.pp);
		if (in.bad_put != k || pagepool_page_refcnt(b) == 0) {
			printf("FAIL: round %u: bad_put %" PRIu64 " (expected %u), b's page refcnt %u\n",
			       k, in.bad_put, k, pagepool_page_refcnt(b));
			ret = TEST_FAILED;
		}
		/* carving goes on around b: nothing may land on it */
		if (ret == TEST_SUCCESS && k % 8 == 0) {
			struct pagepool_page *f;
			uint32_t of;

			f = pagepool_alloc_frag(fr.pp, &of, FR_SIZE);
			if (f == NULL || (f == b && of == ob)) {
				printf("FAIL: round %u: carved over the held fragment\n", k);
				ret = TEST_FAILED;
			} else {
				memset(RTE_PTR_ADD(f->addr, of), 0, FR_SIZE);
				pagepool_put_frag(f, of);
			}
		}
		for (i = 0; i < FR_SIZE && ret == TEST_SUCCESS; i++)
			if (pb[i] != (k & 0xff)) {
				printf("FAIL: round %u: the held fragment b overwritten at byte %u\n",
				       k, i);
				ret = TEST_FAILED;
			}
		pagepool_put_frag(b, ob);
	}
	if (k <= rounds)
		__atomic_store_n(&fr.go, UINT32_MAX, __ATOMIC_RELEASE);
	TEST_ASSERT_EQUAL(test_wait_worker(), TEST_SUCCESS, "worker");
	TEST_ASSERT_EQUAL(ret, TEST_SUCCESS, "rounds");
	TEST_ASSERT_EQUAL(test_info(fr.pp).bad_put, rounds, "bad_put");
	TEST_CHECK(test_pool_check_sum(fr.pp));
	TEST_CHECK(test_pool_check_all(fr.pp, 0));
	TEST_ASSERT_EQUAL(pagepool_destroy(fr.pp), 0, "destroy");
	return TEST_SUCCESS;
}

int
main(int argc, char **argv)
{
	const char *env = getenv("PAGEPOOL_STRESS_PAGES");
	uint64_t target = env != NULL ? strtoull(env, NULL, 0) : 10000000;
	int ret;

	RTE_SET_USED(argc);
	RTE_SET_USED(argv);
	if (test_eal_init("stress", NULL) != 0)
		return TEST_EXIT_FAIL;
	g.main_lcore = rte_lcore_id();
	g.worker_lcore = test_worker_lcore();
	g.pp = test_pool_create("stress", NB_PAGES, PAGE_SIZE, g.main_lcore,
				CACHE_SIZE, RING_SIZE);
	g.xr = rte_ring_create_elem("stress_xfer", sizeof(struct xfer), XFER_RING,
				    SOCKET_ID_ANY, RING_F_SP_ENQ | RING_F_SC_DEQ);
	if (g.pp == NULL || g.xr == NULL) {
		printf("FAIL: cannot create the pool or the ring: %s\n",
		       rte_strerror(rte_errno));
		test_eal_cleanup();
		return TEST_EXIT_FAIL;
	}
	printf("stress: %" PRIu64 " page round trips, %u pages of %u B, cache %u, return ring %u, lcores %u (owner) and %u\n",
	       target, NB_PAGES, PAGE_SIZE, CACHE_SIZE, RING_SIZE, g.main_lcore,
	       g.worker_lcore);
	ret = run(target);
	if (ret == TEST_SUCCESS) {
		/* then double puts raced between two putters, many rounds */
		printf("stress: concurrent double puts\n");
		ret = test_double_put_race(env != NULL ? 2000 : 20000);
		printf("stress: concurrent double puts %s\n",
		       ret == TEST_SUCCESS ? "passed" : "FAILED");
	}
	if (ret == TEST_SUCCESS) {
		ret = frag_double_put_race(env != NULL ? 2000 : 20000);
		printf("stress: concurrent fragment double puts %s\n",
		       ret == TEST_SUCCESS ? "passed" : "FAILED");
	}
	rte_ring_free(g.xr);
	test_eal_cleanup();
	printf("%s\n", ret == TEST_SUCCESS ? "1 passed, 0 failed" : "0 passed, 1 failed");
	return ret == TEST_SUCCESS ? TEST_EXIT_PASS : TEST_EXIT_FAIL;
}
