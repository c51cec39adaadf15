/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The pagepool authors
 */
/*
 * Suite "owner": binding a pool to the first lcore that polls it, handing
 * it over when another lcore polls (at once if the old owner is an idle
 * worker, else when the old owner next enters the pool), owner reset, and
 * that the alloc cache moves with the ownership without losing a page.
 */
#include <rte_cycles.h>
#include <rte_lcore.h>

#include "test_common.h"

struct ctl {
	struct pagepool *pp;
	int step;              /* main -> worker, atomic */
	int ack;               /* worker -> main, atomic */
	int is_owner;          /* pagepool_is_owner() seen on the worker */
	int ret;
};

static int
w_poll(void *arg)
{
	struct ctl *c = arg;

	pagepool_poll(c->pp);
	c->is_owner = pagepool_is_owner(c->pp);
	return TEST_SUCCESS;
}

static int
w_is_owner(void *arg)
{
	struct ctl *c = arg;

	c->is_owner = pagepool_is_owner(c->pp);
	return TEST_SUCCESS;
}

/* Wait (bounded) until the worker acknowledges step s. */
static int
wait_ack(struct ctl *c, int s)
{
	uint64_t end = rte_get_timer_cycles() + 5 * rte_get_timer_hz();

	while (__atomic_load_n(&c->ack, __ATOMIC_ACQUIRE) != s) {
		if (rte_get_timer_cycles() > end) {
			printf("    worker did not reach step %d (at %d)\n", s,
			       __atomic_load_n(&c->ack, __ATOMIC_ACQUIRE));
			return TEST_FAILED;
		}
		rte_pause();
	}
	return TEST_SUCCESS;
}

static void
wait_step(struct ctl *c, int s)
{
	while (__atomic_load_n(&c->step, __ATOMIC_ACQUIRE) < s)
		rte_pause();
}

static int
test_owner_none(void)
{
	struct ctl c = { 0 };
	struct pagepool_page *pg;
	struct pagepool_info in;

	c.pp = test_pool_create("own_none", 32, 4096, PAGEPOOL_OWNER_NONE, 0, 0);
	TEST_ASSERT_NOT_NULL(c.pp, "create");
	in = test_info(c.pp);
	TEST_ASSERT_EQUAL(in.owner, PAGEPOOL_OWNER_NONE, "owner of a new pool");
	TEST_ASSERT(!pagepool_is_owner(c.pp), "main owns a pool nobody polled");
	TEST_CHECK(test_on_worker(w_is_owner, &c));
	TEST_ASSERT(!c.is_owner, "worker owns a pool nobody polled");
	/* alloc and put work without an owner */
	TEST_ASSERT_NOT_NULL(pg = pagepool_alloc(c.pp), "alloc without an owner");
	pagepool_put_page(pg);
	TEST_ASSERT_EQUAL(pagepool_in_flight(c.pp), 0, "in_flight");
	TEST_ASSERT_EQUAL(test_info(c.pp).owner, PAGEPOOL_OWNER_NONE,
			  "alloc or put bound an owner without a poll");
	TEST_ASSERT_EQUAL(pagepool_destroy(c.pp), 0, "destroy");
	return TEST_SUCCESS;
}

/* The first lcore to poll owns the pool; others do not. */
static int
test_poll_binds(void)
{
	struct ctl c = { 0 };

	c.pp = test_pool_create("own_bind", 32, 4096, PAGEPOOL_OWNER_NONE, 0, 0);
	TEST_ASSERT_NOT_NULL(c.pp, "create");
	pagepool_poll(c.pp);
	TEST_ASSERT(pagepool_is_owner(c.pp), "main polled but does not own");
	TEST_ASSERT_EQUAL(test_info(c.pp).owner, rte_lcore_id(), "info.owner");
	TEST_CHECK(test_on_worker(w_is_owner, &c));
	TEST_ASSERT(!c.is_owner, "worker owns a pool main polled");
	pagepool_poll(c.pp);
	TEST_ASSERT(pagepool_is_owner(c.pp), "a second poll lost ownership");
	TEST_CHECK(test_pool_check_all(c.pp, 0));
	TEST_ASSERT_EQUAL(pagepool_destroy(c.pp), 0, "destroy");

	/* the worker binds a fresh pool */
	c.pp = test_pool_create("own_bind2", 32, 4096, PAGEPOOL_OWNER_NONE, 0, 0);
	TEST_ASSERT_NOT_NULL(c.pp, "create");
	TEST_CHECK(test_on_worker(w_poll, &c));
	TEST_ASSERT(c.is_owner, "worker polled but does not own");
	TEST_ASSERT_EQUAL(test_info(c.pp).owner, test_worker_lcore(), "info.owner");
	TEST_ASSERT(!pagepool_is_owner(c.pp), "main owns a pool the worker polled");
	TEST_ASSERT_EQUAL(pagepool_destroy(c.pp), 0, "destroy");
	return TEST_SUCCESS;
}

static int
p_poll(void *arg)
{
	struct ctl *c = arg;

	pagepool_poll(c->pp);
	c->is_owner = pagepool_is_owner(c->pp);
	return TEST_SUCCESS;
}

/* A non-EAL thread has no lcore id: it can poll, it never owns. */
static int
test_poll_pthread(void)
{
	struct ctl c = { 0 };

	c.pp = test_pool_create("own_pth", 32, 4096, PAGEPOOL_OWNER_NONE, 0, 0);
	TEST_ASSERT_NOT_NULL(c.pp, "create");
	TEST_CHECK(test_on_pthread(p_poll, &c));
	TEST_ASSERT(!c.is_owner, "a non-EAL thread owns the pool");
	TEST_ASSERT_EQUAL(test_info(c.pp).owner, PAGEPOOL_OWNER_NONE,
			  "a non-EAL thread's poll bound an owner");
	pagepool_poll(c.pp);
	TEST_ASSERT(pagepool_is_owner(c.pp), "main could not bind after the pthread");
	TEST_CHECK(test_on_pthread(p_poll, &c));
	TEST_ASSERT(!c.is_owner, "a non-EAL thread owns the pool");
	TEST_ASSERT(pagepool_is_owner(c.pp), "a non-EAL thread's poll took main's pool");
	TEST_ASSERT_EQUAL(pagepool_destroy(c.pp), 0, "destroy");
	return TEST_SUCCESS;
}

/* Created with an owner: that lcore owns it before any poll. */
static int
test_owner_at_create(void)
{
	struct ctl c = { 0 };

	c.pp = test_pool_create("own_create", 32, 4096, test_worker_lcore(), 0, 0);
	TEST_ASSERT_NOT_NULL(c.pp, "create");
	TEST_ASSERT(!pagepool_is_owner(c.pp), "main owns the worker's pool");
	TEST_CHECK(test_on_worker(w_is_owner, &c));
	TEST_ASSERT(c.is_owner, "the worker does not own its pool");
	TEST_ASSERT_EQUAL(pagepool_destroy(c.pp), 0, "destroy");
	return TEST_SUCCESS;
}

/*
 * The worker owns the pool and its launched function has returned (WAIT):
 * main's poll takes the pool over at once.
 */
static int
test_takeover_idle_worker(void)
{
	struct ctl c = { 0 };

	c.pp = test_pool_create("own_idle", 64, 4096, PAGEPOOL_OWNER_NONE, 0, 0);
	TEST_ASSERT_NOT_NULL(c.pp, "create");
	TEST_CHECK(test_on_worker(w_poll, &c));
	TEST_ASSERT(c.is_owner, "worker did not bind");
	TEST_ASSERT_EQUAL(rte_eal_get_lcore_state(test_worker_lcore()), WAIT,
			  "worker state after its function returned");
	pagepool_poll(c.pp);
	TEST_ASSERT(pagepool_is_owner(c.pp),
		    "main's poll did not take over from an idle worker");
	TEST_ASSERT_EQUAL(test_info(c.pp).owner, rte_lcore_id(), "info.owner");
	TEST_CHECK(test_on_worker(w_is_owner, &c));
	TEST_ASSERT(!c.is_owner, "the worker still owns the pool");
	TEST_CHECK(test_pool_check_all(c.pp, 0));
	TEST_ASSERT_EQUAL(pagepool_destroy(c.pp), 0, "destroy");
	return TEST_SUCCESS;
}

/*
 * The worker owns the pool and is running: main's poll only requests it.
 * Main keeps working on the shared path; the worker's next pool operation
 * gives the pool up, and main's next poll binds it.
 */
static int
w_busy_owner(void *arg)
{
	struct ctl *c = arg;
	struct pagepool_page *pg;

	pagepool_poll(c->pp);
	c->is_owner = pagepool_is_owner(c->pp);
	__atomic_store_n(&c->ack, 1, __ATOMIC_RELEASE);
	wait_step(c, 2);        /* main has requested the pool */
	c->is_owner = pagepool_is_owner(c->pp);
	pg = pagepool_alloc(c->pp);   /* enters the pool: hands it over */
	if (pg == NULL)
		c->ret = TEST_FAILED;
	else
		pagepool_put_page(pg);
	__atomic_store_n(&c->ack, 2, __ATOMIC_RELEASE);
	wait_step(c, 3);
	__atomic_store_n(&c->ack, 3, __ATOMIC_RELEASE);
	return TEST_SUCCESS;
}

static int
test_handoff_busy_worker(void)
{
	struct ctl c = { 0 };
	struct pagepool_page *pages[8];
	struct pagepool_info in;
	unsigned int i;
	int ret = TEST_FAILED;

	c.pp = test_pool_create("own_busy", 64, 4096, PAGEPOOL_OWNER_NONE, 16, 0);
	TEST_ASSERT_NOT_NULL(c.pp, "create");
	TEST_ASSERT_EQUAL(test_launch_worker(w_busy_owner, &c), 0, "launch");
	if (wait_ack(&c, 1) != TEST_SUCCESS)
		goto out;
	if (!c.is_owner) {
		printf("    FAIL: worker did not bind\n");
		goto out;
	}
	pagepool_poll(c.pp);
	if (pagepool_is_owner(c.pp)) {
		printf("    FAIL: main took the pool from a running worker\n");
		goto out;
	}
	in = test_info(c.pp);
	if (in.owner != test_worker_lcore()) {
		printf("    FAIL: owner %u after main's request, expected the worker %u\n",
		       in.owner, test_worker_lcore());
		goto out;
	}
	/* meanwhile main still allocates and puts, on the shared path */
	for (i = 0; i < 8; i++) {
		pages[i] = pagepool_alloc(c.pp);
		if (pages[i] == NULL) {
			printf("    FAIL: alloc %u while the handoff is pending\n", i);
			goto out;
		}
	}
	for (i = 0; i < 8; i++)
		pagepool_put_page(pages[i]);
	__atomic_store_n(&c.step, 2, __ATOMIC_RELEASE);
	if (wait_ack(&c, 2) != TEST_SUCCESS)
		goto out;
	if (c.ret != TEST_SUCCESS) {
		printf("    FAIL: worker alloc failed\n");
		goto out;
	}
	if (c.is_owner) {
		printf("    FAIL: worker's is_owner true with a request pending\n");
		goto out;
	}
	in = test_info(c.pp);
	if (in.owner == test_worker_lcore()) {
		printf("    FAIL: worker still owns the pool after entering it with a request pending\n");
		goto out;
	}
	pagepool_poll(c.pp);
	if (!pagepool_is_owner(c.pp)) {
		printf("    FAIL: main does not own the pool the worker gave up (owner %u)\n",
		       test_info(c.pp).owner);
		goto out;
	}
	ret = TEST_SUCCESS;
out:
	__atomic_store_n(&c.step, 3, __ATOMIC_RELEASE);
	test_wait_worker();
	TEST_ASSERT_EQUAL(ret, TEST_SUCCESS, "handoff");
	TEST_ASSERT_EQUAL(pagepool_in_flight(c.pp), 0, "in_flight");
	TEST_CHECK(test_pool_check_all(c.pp, 0));
	TEST_ASSERT_EQUAL(pagepool_destroy(c.pp), 0, "destroy");
	return TEST_SUCCESS;
}

/*
 * Main owns the pool. The worker's poll requests it; the main lcore is not
 * an idle worker, so it keeps the pool until it next allocates or puts.
 */
static int
test_handoff_from_main(void)
{
	struct ctl c = { 0 };
	struct pagepool_page *pg;
	struct pagepool_info in;

	c.pp = test_pool_create("own_main", 64, 4096, PAGEPOOL_OWNER_NONE, 0, 0);
	TEST_ASSERT_NOT_NULL(c.pp, "create");
	pagepool_poll(c.pp);
	TEST_ASSERT(pagepool_is_owner(c.pp), "main did not bind");
	TEST_CHECK(test_on_worker(w_poll, &c));
	TEST_ASSERT(!c.is_owner, "the worker took the pool from the main lcore at once");
	in = test_info(c.pp);
	TEST_ASSERT_EQUAL(in.owner, rte_lcore_id(),
			  "owner after the worker's request");
	TEST_ASSERT(!pagepool_is_owner(c.pp),
		    "main's is_owner true with a request pending (it must take the slow path)");
	/* main enters the pool: it hands over */
	TEST_ASSERT_NOT_NULL(pg = pagepool_alloc(c.pp), "alloc");
	pagepool_put_page(pg);
	TEST_ASSERT(!pagepool_is_owner(c.pp), "main kept the pool");
	TEST_ASSERT(test_info(c.pp).owner != rte_lcore_id(),
		    "main is still the owner after entering the pool");
	TEST_CHECK(test_on_worker(w_poll, &c));
	TEST_ASSERT(c.is_owner, "worker does not own the pool main gave up (owner %u)",
		    test_info(c.pp).owner);
	TEST_ASSERT_EQUAL(test_info(c.pp).owner, test_worker_lcore(), "info.owner");
	TEST_ASSERT_EQUAL(pagepool_in_flight(c.pp), 0, "in_flight");
	TEST_ASSERT_EQUAL(pagepool_destroy(c.pp), 0, "destroy");
	return TEST_SUCCESS;
}

static int
w_takeover_main(void *arg)
{
	struct ctl *c = arg;

	c->step = pagepool_owner_takeover(c->pp, rte_get_main_lcore());
	c->is_owner = pagepool_is_owner(c->pp);
	return TEST_SUCCESS;
}

static int
w_takeover_wrong(void *arg)
{
	struct ctl *c = arg;

	/* the pool is the worker's own now: "taking" it from main is a no-op */
	c->step = pagepool_owner_takeover(c->pp, rte_get_main_lcore());
	c->is_owner = pagepool_is_owner(c->pp);
	return TEST_SUCCESS;
}

/*
 * A new RX poller takes the pool from a previous poller that will not come
 * back (testpmd's main lcore after draining the queues): at once, and only
 * from the lcore it names.
 */
static int
test_takeover_from_named(void)
{
	struct ctl c = { 0 };

	c.pp = test_pool_create("own_take", 64, 4096, PAGEPOOL_OWNER_NONE, 0, 0);
	TEST_ASSERT_NOT_NULL(c.pp, "create");
	pagepool_poll(c.pp);
	TEST_ASSERT(pagepool_is_owner(c.pp), "main did not bind");
	/* naming the wrong previous owner changes nothing */
	TEST_ASSERT_EQUAL(pagepool_owner_takeover(c.pp, test_worker_lcore()),
			  0, "main's takeover of its own pool");
	TEST_CHECK(test_on_worker(w_takeover_main, &c));
	TEST_ASSERT_EQUAL(c.step, 0, "worker's takeover from main");
	TEST_ASSERT(c.is_owner, "worker is not the owner after the takeover");
	TEST_ASSERT(!pagepool_is_owner(c.pp), "main still sees itself as owner");
	TEST_ASSERT_EQUAL(pagepool_owner_takeover(c.pp, 7), -EBUSY,
			  "takeover naming an lcore that does not own the pool");
	TEST_ASSERT_EQUAL(test_info(c.pp).owner, test_worker_lcore(),
			  "owner after a refused takeover");
	TEST_CHECK(test_on_worker(w_takeover_wrong, &c));
	TEST_ASSERT_EQUAL(c.step, 0, "worker's takeover of the pool it owns");
	TEST_ASSERT(c.is_owner, "worker lost the pool");
	TEST_ASSERT_EQUAL(pagepool_in_flight(c.pp), 0, "in_flight");
	TEST_ASSERT_EQUAL(pagepool_destroy(c.pp), 0, "destroy");
	return TEST_SUCCESS;
}

static int
w_check_all(void *arg)
{
	struct ctl *c = arg;

	pagepool_poll(c->pp);
	if (!pagepool_is_owner(c->pp))
		return TEST_FAILED;
	return test_pool_check_all(c->pp, 0);
}

/*
 * Pages in main's cache move with the pool: after the handoff the worker
 * reaches every page (cache, ring and backing store), and back again.
 */
static int
test_handoff_keeps_pages(void)
{
	struct ctl c = { 0 };
	struct pagepool_page *pages[128];
	struct pagepool_info in;
	unsigned int i;

	c.pp = test_pool_create("own_pages", 128, 2048, PAGEPOOL_OWNER_NONE, 32, 16);
	TEST_ASSERT_NOT_NULL(c.pp, "create");
	pagepool_poll(c.pp);
	for (i = 0; i < 128; i++)
		TEST_ASSERT_NOT_NULL(pages[i] = pagepool_alloc(c.pp), "alloc %u", i);
	for (i = 0; i < 128; i++)
		pagepool_put_page(pages[i]);
	in = test_info(c.pp);
	TEST_ASSERT(in.cached == 32 && in.ring == 16, "tiers cached %u ring %u",
		    in.cached, in.ring);
	/* handoff to the worker: request, then main enters the pool */
	TEST_CHECK(test_on_worker(w_poll, &c));
	TEST_ASSERT_NOT_NULL(pages[0] = pagepool_alloc(c.pp), "alloc");
	pagepool_put_page(pages[0]);
	TEST_ASSERT_EQUAL(test_on_worker(w_check_all, &c), TEST_SUCCESS,
			  "the worker, now owner, reaches every page");
	/* and back: the worker is idle, main's poll takes over at once */
	pagepool_poll(c.pp);
	TEST_ASSERT(pagepool_is_owner(c.pp), "main did not take the pool back");
	TEST_CHECK(test_pool_check_all(c.pp, 0));
	TEST_CHECK(test_pool_check_sum(c.pp));
	TEST_ASSERT_EQUAL(pagepool_destroy(c.pp), 0, "destroy");
	return TEST_SUCCESS;
}

static int
test_owner_reset(void)
{
	struct ctl c = { 0 };

	c.pp = test_pool_create("own_reset", 64, 4096, rte_lcore_id(), 0, 0);
	TEST_ASSERT_NOT_NULL(c.pp, "create");
	TEST_ASSERT(pagepool_is_owner(c.pp), "main owns its pool");
	TEST_CHECK(test_pool_check_all(c.pp, 0)); /* leaves pages in the cache */
	pagepool_owner_reset(c.pp);
	TEST_ASSERT(!pagepool_is_owner(c.pp), "main owns after a reset");
	TEST_ASSERT_EQUAL(test_info(c.pp).owner, PAGEPOOL_OWNER_NONE,
			  "owner after a reset");
	TEST_ASSERT_EQUAL(test_on_worker(w_check_all, &c), TEST_SUCCESS,
			  "the worker binds after a reset and reaches every page");
	TEST_ASSERT_EQUAL(test_info(c.pp).owner, test_worker_lcore(), "owner");
	pagepool_owner_reset(c.pp);
	TEST_ASSERT_EQUAL(test_info(c.pp).owner, PAGEPOOL_OWNER_NONE, "owner");
	pagepool_poll(c.pp);
	TEST_ASSERT(pagepool_is_owner(c.pp), "main binds after a reset");
	TEST_CHECK(test_pool_check_all(c.pp, 0));
	TEST_ASSERT_EQUAL(pagepool_destroy(c.pp), 0, "destroy");
	return TEST_SUCCESS;
}

static const struct test_case cases[] = {
	TEST_CASE(test_owner_none),
	TEST_CASE(test_poll_binds),
	TEST_CASE(test_poll_pthread),
	TEST_CASE(test_owner_at_create),
	TEST_CASE(test_takeover_idle_worker),
	TEST_CASE(test_handoff_busy_worker),
	TEST_CASE(test_handoff_from_main),
	TEST_CASE(test_handoff_keeps_pages),
	TEST_CASE(test_owner_reset),
	TEST_CASE(test_takeover_from_named),
};

int
main(int argc, char **argv)
{
	struct test_suite s = { "pagepool owner", NULL, NULL,
				cases, RTE_DIM(cases) };

	RTE_SET_USED(argc);
	RTE_SET_USED(argv);
	return test_main("owner", NULL, &s);
}
