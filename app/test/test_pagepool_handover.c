/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The pagepool authors
 */
/*
 * Handover stress: two lcores forward pages to each other as testpmd's io
 * mode does across two ports, and the RX queues (pools) move between them
 * under traffic, the way testpmd moves queues when forwarding is
 * reconfigured, except that nothing stops: the lcore that polled a pool
 * keeps transmitting (putting) that pool's pages while the other one
 * starts polling it.
 *
 * Each lcore, every burst: polls its current RX pool (pagepool_poll() is
 * the only ownership call), allocates a burst from it, marks each page
 * held (an atomic exchange on a per-page flag: a page already held was
 * handed out twice), writes a token into it and sends it to the other
 * lcore through an SPSC ring; drops every 8th page itself (an owner put);
 * and "completes TX" of what the other lcore sent: checks the token,
 * clears the flag and puts the pages in bulk, into whichever pool they
 * belong to. Every PHASE_ITERS bursts of the main lcore the two lcores
 * swap pools. At the end nothing is in flight and no put was bad.
 *
 * Drivers used to take the pool from its last poller at once
 * (pagepool_owner_takeover(), since removed); that pattern added to burst()
 * made this test hand out pages still held within seconds on the old tree.
 *
 * PAGEPOOL_HANDOVER_SWAPS sets the number of swaps (default 4000).
 */
#include <inttypes.h>
#include <stdlib.h>

#include <rte_cycles.h>
#include <rte_lcore.h>
#include <rte_pause.h>
#include <rte_ring.h>

#include "test_common.h"

#define NB_PAGES 512
#define PAGE_SIZE 2048
#define CACHE_SIZE 64
#define BURST 16
#define XFER_RING 256
#define PHASE_ITERS 500

struct side {
	struct rte_ring *tx;          /* to the other lcore */
	struct rte_ring *rx;          /* from the other lcore */
	uint64_t sent, dropped, completed, seq;
	int ret;
};

static struct {
	struct pagepool *pool[2];
	uint8_t held[2][NB_PAGES];
	struct side side[2];
	uint32_t phase;               /* written by main, read by both */
	int stop;
	int failed;
} g;

static int
fail(const char *what, const struct pagepool_page *pg)
{
	if (__atomic_exchange_n(&g.failed, 1, __ATOMIC_ACQ_REL) == 0)
		printf("    FAIL on lcore %u: %s (page %u of %s)\n", rte_lcore_id(),
		       what, pg->index, pagepool_name(pg->pool));
	return TEST_FAILED;
}

static int
pool_idx(const struct pagepool_page *pg)
{
	return pg->pool == g.pool[0] ? 0 : 1;
}

/* Take a page from the pool into our hands. */
static int
hold(struct pagepool_page *pg, unsigned int me, uint64_t seq)
{
	uint64_t *tok = pagepool_page_addr(pg);

	if (__atomic_exchange_n(&g.held[pool_idx(pg)][pg->index], 1,
				__ATOMIC_ACQ_REL) != 0)
		return fail("page handed out while still held", pg);
	tok[0] = seq;
	tok[1] = me;
	tok[2] = pg->index;
	return TEST_SUCCESS;
}

/* Let a page go; it must still hold the token its allocator wrote. */
static int
release(struct pagepool_page *pg, unsigned int from, uint64_t seq_max)
{
	const uint64_t *tok = pagepool_page_addr(pg);

	if (tok[1] != from || tok[2] != pg->index || tok[0] > seq_max)
		return fail("token overwritten while the page was held", pg);
	if (__atomic_exchange_n(&g.held[pool_idx(pg)][pg->index], 0,
				__ATOMIC_ACQ_REL) != 1)
		return fail("page released that was not held", pg);
	return TEST_SUCCESS;
}

/* One burst of lcore side `me`: RX, drop some, TX, TX completion. */
static int
burst(unsigned int me)
{
	unsigned int other = !me;
	struct side *s = &g.side[me];
	struct pagepool_page *pages[BURST], *tx[BURST], *done[BURST];
	uint32_t ph = __atomic_load_n(&g.phase, __ATOMIC_ACQUIRE);
	struct pagepool *rx = g.pool[(ph + me) & 1];
	unsigned int n, i, nt = 0, nd;

	/* RX: the driver's burst */
	pagepool_poll(rx);
	n = pagepool_alloc_bulk(rx, pages, BURST);
	for (i = 0; i < n; i++) {
		if (hold(pages[i], me, ++s->seq) != TEST_SUCCESS)
			return TEST_FAILED;
		if (s->seq % 8 == 0) {      /* dropped here: an owner put */
			release(pages[i], me, s->seq);
			pagepool_put_page(pages[i]);
			s->dropped++;
		} else {
			tx[nt++] = pages[i];
		}
	}
	/* TX to the other lcore; what does not fit is dropped */
	i = rte_ring_sp_enqueue_burst(s->tx, (void **)tx, nt, NULL);
	s->sent += i;
	for (; i < nt; i++) {
		release(tx[i], me, s->seq);
		pagepool_put_page(tx[i]);
		s->dropped++;
	}
	/* TX completion of what the other lcore sent us, in any pool */
	nd = rte_ring_sc_dequeue_burst(s->rx, (void **)done, BURST, NULL);
	for (i = 0; i < nd; i++)
		if (release(done[i], other, UINT64_MAX) != TEST_SUCCESS)
			return TEST_FAILED;
	pagepool_put_bulk(done, nd);
	s->completed += nd;
	return TEST_SUCCESS;
}

static int
worker_main(void *arg)
{
	RTE_SET_USED(arg);
	while (!__atomic_load_n(&g.stop, __ATOMIC_ACQUIRE))
		if (burst(1) != TEST_SUCCESS)
			return TEST_FAILED;
	return TEST_SUCCESS;
}

/* After both lcores stopped: complete what is still in the rings. */
static void
drain(unsigned int me)
{
	struct pagepool_page *done[BURST];
	unsigned int nd, i;

	while ((nd = rte_ring_sc_dequeue_burst(g.side[me].rx, (void **)done,
					       BURST, NULL)) != 0) {
		for (i = 0; i < nd; i++)
			release(done[i], !me, UINT64_MAX);
		pagepool_put_bulk(done, nd);
	}
}

int
main(int argc, char **argv)
{
	const char *env = getenv("PAGEPOOL_HANDOVER_SWAPS");
	uint32_t swaps = env != NULL ? (uint32_t)strtoul(env, NULL, 0) : 4000;
	unsigned int worker, p;
	int ret = TEST_SUCCESS;
	uint64_t t0;
	uint32_t ph;

	RTE_SET_USED(argc);
	RTE_SET_USED(argv);
	if (test_eal_init("handover", NULL) != 0)
		return TEST_EXIT_FAIL;
	worker = test_worker_lcore();
	g.pool[0] = test_pool_create("ho_p", NB_PAGES, PAGE_SIZE,
				     PAGEPOOL_OWNER_NONE, CACHE_SIZE, 0);
	g.pool[1] = test_pool_create("ho_q", NB_PAGES, PAGE_SIZE,
				     PAGEPOOL_OWNER_NONE, CACHE_SIZE, 0);
	g.side[0].tx = rte_ring_create("ho_01", XFER_RING, SOCKET_ID_ANY,
				       RING_F_SP_ENQ | RING_F_SC_DEQ);
	g.side[1].tx = rte_ring_create("ho_10", XFER_RING, SOCKET_ID_ANY,
				       RING_F_SP_ENQ | RING_F_SC_DEQ);
	if (g.pool[0] == NULL || g.pool[1] == NULL || g.side[0].tx == NULL ||
	    g.side[1].tx == NULL) {
		printf("FAIL: set-up: %s\n", rte_strerror(rte_errno));
		test_eal_cleanup();
		return TEST_EXIT_FAIL;
	}
	g.side[0].rx = g.side[1].tx;
	g.side[1].rx = g.side[0].tx;
	printf("handover: %u swaps of two pools between lcores %u and %u, %u bursts each\n",
	       swaps, rte_lcore_id(), worker, PHASE_ITERS);

	t0 = rte_get_timer_cycles();
	if (test_launch_worker(worker_main, NULL) != 0) {
		test_eal_cleanup();
		return TEST_EXIT_FAIL;
	}
	/* main forwards as side 0 and moves the queues every PHASE_ITERS bursts */
	for (ph = 0; ph < swaps && ret == TEST_SUCCESS; ph++) {
		unsigned int b;

		for (b = 0; b < PHASE_ITERS && ret == TEST_SUCCESS; b++)
			ret = burst(0);
		__atomic_store_n(&g.phase, ph + 1, __ATOMIC_RELEASE);
	}
	__atomic_store_n(&g.stop, 1, __ATOMIC_RELEASE);
	if (test_wait_worker() != TEST_SUCCESS)
		ret = TEST_FAILED;
	printf("handover: %u swaps in %.1f s; lcore 0 sent %" PRIu64 " dropped %" PRIu64 " completed %" PRIu64 ", lcore 1 sent %" PRIu64 " dropped %" PRIu64 " completed %" PRIu64 "\n",
	       ph, (double)(rte_get_timer_cycles() - t0) / rte_get_timer_hz(),
	       g.side[0].sent, g.side[0].dropped, g.side[0].completed,
	       g.side[1].sent, g.side[1].dropped, g.side[1].completed);
	drain(0);
	drain(1);
	for (p = 0; p < 2; p++) {
		struct pagepool_info in = test_info(g.pool[p]);

		printf("handover: %s: in_flight %u bad_put %" PRIu64 " recycle cached %" PRIu64 " ring %" PRIu64 "\n",
		       pagepool_name(g.pool[p]), in.in_flight, in.bad_put,
		       in.stats.recycle_cached, in.stats.recycle_ring);
		if (in.in_flight != 0 || in.bad_put != 0)
			ret = TEST_FAILED;
		pagepool_poll(g.pool[p]);
		if (test_pool_check_all(g.pool[p], 0) != TEST_SUCCESS)
			ret = TEST_FAILED;
		if (pagepool_destroy(g.pool[p]) != 0)
			ret = TEST_FAILED;
	}
	if (g.failed)
		ret = TEST_FAILED;
	rte_ring_free(g.side[0].tx);
	rte_ring_free(g.side[1].tx);
	test_eal_cleanup();
	printf("%s\n", ret == TEST_SUCCESS ? "1 passed, 0 failed" : "0 passed, 1 failed");
	return ret == TEST_SUCCESS ? TEST_EXIT_PASS : TEST_EXIT_FAIL;
}
