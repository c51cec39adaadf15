/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The pagepool authors
 */
/*
 * Suite "owner": binding a pool to the first lcore that polls it, handing
 * it over when another lcore polls (at once if the old owner is an idle
 * worker, else when the old owner next enters the pool), owner reset, and
 * that the alloc cache moves with the ownership without losing a page.
 */
#include <unistd.h>

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

/* Main polls pp until it owns it or `ms` pass; 1 if it owns it. */
static int
poll_until_owner(struct pagepool *pp, unsigned int ms)
{
	uint64_t end = rte_get_timer_cycles() + ms * rte_get_timer_hz() / 1000;

	do {
		pagepool_poll(pp);
		if (pagepool_is_owner(pp))
			return 1;
		rte_delay_us_block(50);
	} while (rte_get_timer_cycles() < end);
	return 0;
}

/*
 * The owner binds, holds a page, then sleeps in the kernel (as testpmd's
 * main lcore does in its prompt after draining the queues at start): the
 * new poller takes the pool at once; when the old owner wakes, its put
 * takes the shared path.
 */
static int
w_sleeping_owner(void *arg)
{
	struct ctl *c = arg;
	struct pagepool_page *pg;

	pagepool_poll(c->pp);
	c->is_owner = pagepool_is_owner(c->pp);
	pg = pagepool_alloc(c->pp);
	__atomic_store_n(&c->ack, 1, __ATOMIC_RELEASE);
	while (__atomic_load_n(&c->step, __ATOMIC_ACQUIRE) < 1)
		usleep(1000);           /* asleep in nanosleep: state S */
	c->ret = pagepool_is_owner(c->pp) || pg == NULL ? TEST_FAILED : TEST_SUCCESS;
	if (pg != NULL)
		pagepool_put_page(pg);
	__atomic_store_n(&c->ack, 2, __ATOMIC_RELEASE);
	return TEST_SUCCESS;
}

static int
test_takeover_sleeping_owner(void)
{
	struct ctl c = { 0 };

	c.pp = test_pool_create("own_sleep", 64, 4096, PAGEPOOL_OWNER_NONE, 16, 0);
	TEST_ASSERT_NOT_NULL(c.pp, "create");
	TEST_ASSERT_EQUAL(test_launch_worker(w_sleeping_owner, &c), 0, "launch");
	TEST_CHECK(wait_ack(&c, 1));
	TEST_ASSERT(c.is_owner, "the worker did not bind");
	TEST_ASSERT(poll_until_owner(c.pp, 2000),
		    "main did not take the pool from a sleeping owner (owner %u)",
		    test_info(c.pp).owner);
	__atomic_store_n(&c.step, 1, __ATOMIC_RELEASE);
	TEST_CHECK(wait_ack(&c, 2));
	TEST_CHECK(test_wait_worker());
	TEST_ASSERT_EQUAL(c.ret, TEST_SUCCESS,
			  "the woken old owner still saw itself as owner");
	TEST_ASSERT(pagepool_is_owner(c.pp), "main lost the pool");
	TEST_CHECK(test_pool_check_all(c.pp, 0));
	TEST_CHECK(test_pool_check_sum(c.pp));
	TEST_ASSERT_EQUAL(pagepool_destroy(c.pp), 0, "destroy");
	return TEST_SUCCESS;
}

/*
 * The owner no longer polls this pool but polls another one (testpmd moved
 * the queue to another lcore and gave this one a different queue): it
 * gives the pool up between two of its bursts, without ever entering it.
 */
struct two_pools {
	struct ctl c;
	struct pagepool *other;
};

static int
w_polls_other(void *arg)
{
	struct two_pools *t = arg;

	pagepool_poll(t->c.pp);
	t->c.is_owner = pagepool_is_owner(t->c.pp);
	__atomic_store_n(&t->c.ack, 1, __ATOMIC_RELEASE);
	while (__atomic_load_n(&t->c.step, __ATOMIC_ACQUIRE) < 1) {
		pagepool_poll(t->other);       /* its RX burst on another queue */
		rte_pause();
	}
	t->c.ret = pagepool_is_owner(t->c.pp) ? TEST_FAILED : TEST_SUCCESS;
	return TEST_SUCCESS;
}

static int
test_yield_on_other_poll(void)
{
	struct two_pools t = { { 0 }, NULL };

	t.c.pp = test_pool_create("own_a", 64, 4096, PAGEPOOL_OWNER_NONE, 16, 0);
	t.other = test_pool_create("own_b", 64, 4096, PAGEPOOL_OWNER_NONE, 16, 0);
	TEST_ASSERT(t.c.pp != NULL && t.other != NULL, "create");
	TEST_ASSERT_EQUAL(test_launch_worker(w_polls_other, &t), 0, "launch");
	TEST_CHECK(wait_ack(&t.c, 1));
	TEST_ASSERT(t.c.is_owner, "the worker did not bind");
	TEST_ASSERT(poll_until_owner(t.c.pp, 2000),
		    "the worker polling another pool did not give this one up (owner %u)",
		    test_info(t.c.pp).owner);
	__atomic_store_n(&t.c.step, 1, __ATOMIC_RELEASE);
	TEST_CHECK(test_wait_worker());
	TEST_ASSERT_EQUAL(t.c.ret, TEST_SUCCESS, "the worker still owns the pool");
	TEST_CHECK(test_pool_check_all(t.c.pp, 0));
	TEST_ASSERT_EQUAL(pagepool_destroy(t.c.pp), 0, "destroy a");
	TEST_ASSERT_EQUAL(pagepool_destroy(t.other), 0, "destroy b");
	return TEST_SUCCESS;
}

/*
 * An owner that runs but neither polls nor enters the pool (it may be in
 * the middle of a put for all we know) keeps it: the new poller waits on
 * the shared path, which still works, and binds once the old owner enters.
 */
static int
w_running_owner(void *arg)
{
	struct ctl *c = arg;
	struct pagepool_page *pg;

	pagepool_poll(c->pp);
	c->is_owner = pagepool_is_owner(c->pp);
	pg = pagepool_alloc(c->pp);
	__atomic_store_n(&c->ack, 1, __ATOMIC_RELEASE);
	while (__atomic_load_n(&c->step, __ATOMIC_ACQUIRE) < 1)
		rte_pause();            /* running, state R */
	if (pg != NULL)
		pagepool_put_page(pg);  /* sees the request: gives the pool up */
	__atomic_store_n(&c->ack, 2, __ATOMIC_RELEASE);
	return TEST_SUCCESS;
}

static int
test_running_owner_keeps(void)
{
	struct ctl c = { 0 };
	struct pagepool_page *pg;

	c.pp = test_pool_create("own_run", 64, 4096, PAGEPOOL_OWNER_NONE, 16, 0);
	TEST_ASSERT_NOT_NULL(c.pp, "create");
	TEST_ASSERT_EQUAL(test_launch_worker(w_running_owner, &c), 0, "launch");
	TEST_CHECK(wait_ack(&c, 1));
	TEST_ASSERT(!poll_until_owner(c.pp, 50),
		    "main took the pool from an owner that may be inside it");
	TEST_ASSERT_EQUAL(test_info(c.pp).owner, test_worker_lcore(), "owner");
	/* the shared path serves main meanwhile */
	TEST_ASSERT_NOT_NULL(pg = pagepool_alloc(c.pp), "shared-path alloc");
	pagepool_put_page(pg);
	__atomic_store_n(&c.step, 1, __ATOMIC_RELEASE);
	TEST_CHECK(wait_ack(&c, 2));
	TEST_CHECK(test_wait_worker());
	TEST_ASSERT(poll_until_owner(c.pp, 2000), "main did not bind after the handover");
	TEST_CHECK(test_pool_check_all(c.pp, 0));
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
	TEST_CASE(test_takeover_sleeping_owner),
	TEST_CASE(test_yield_on_other_poll),
	TEST_CASE(test_running_owner_keeps),
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
