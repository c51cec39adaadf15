/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The pagepool authors
 */
/*
 * Suite "bad input": double puts are counted in bad_put and corrupt
 * nothing; puts of addresses that belong to no pool return -EINVAL and are
 * counted in pagepool_foreign_puts(); a full return ring never loses a page.
 */
#include <stdlib.h>
#include <string.h>
#include <sched.h>
#include <pthread.h>

#include <rte_lcore.h>
#include <rte_pause.h>
#include <rte_malloc.h>
#include <rte_ring.h>

#include "test_common.h"

struct job {
	struct pagepool_page **pages;
	unsigned int n;
	int how;       /* 0: put_page, 1: put(addr), 2: put_bulk */
	int ret;
};

static int
job_put(void *arg)
{
	struct job *j = arg;
	unsigned int i;

	j->ret = 0;
	if (j->how == 2) {
		pagepool_put_bulk(j->pages, j->n);
		return TEST_SUCCESS;
	}
	for (i = 0; i < j->n; i++) {
		if (j->how == 1) {
			int r = pagepool_put(j->pages[i]->addr);

			if (r != 0)
				j->ret = r;
		} else {
			pagepool_put_page(j->pages[i]);
		}
	}
	return TEST_SUCCESS;
}

static void *
job_put_thread(void *arg)
{
	job_put(arg);
	return NULL;
}

/* Put pages with job j on the main lcore (0), the worker (1) or a pthread. */
static int
run_put(struct job *j, int where)
{
	if (where == 0)
		return job_put(j);
	if (where == 1)
		return test_on_worker(job_put, j);
	return test_on_pthread(job_put, j);
}

static const char *const where_name[] = { "main (owner)", "worker", "pthread" };
static const char *const how_name[] = { "put_page", "put(addr)", "put_bulk" };

/*
 * A double put of one page, from each kind of thread and by each put
 * function: bad_put counts it, the page stays free, and every page of the
 * pool still comes out exactly once.
 */
static int
test_double_put(void)
{
	int where, how;

	for (where = 0; where < 3; where++) {
		for (how = 0; how < 3; how++) {
			struct pagepool_page *pg;
			struct pagepool *pp;
			struct pagepool_info in;
			struct job j = { &pg, 1, how, 0 };

			printf("    double %s from %s\n", how_name[how],
			       where_name[where]);
			pp = test_pool_create("dbl", 64, 2048, rte_lcore_id(),
					      16, 0);
			TEST_ASSERT_NOT_NULL(pp, "create");
			TEST_ASSERT_NOT_NULL(pg = pagepool_alloc(pp), "alloc");
			TEST_CHECK(run_put(&j, where));
			TEST_ASSERT_EQUAL(j.ret, 0, "first put");
			TEST_ASSERT_EQUAL(pagepool_in_flight(pp), 0, "in_flight");
			TEST_ASSERT_EQUAL(test_info(pp).bad_put, 0, "bad_put after one put");
			TEST_CHECK(run_put(&j, where));
			if (how == 1)
				TEST_ASSERT_EQUAL(j.ret, -EINVAL,
						  "pagepool_put of a free page");
			in = test_info(pp);
			TEST_ASSERT_EQUAL(in.bad_put, 1, "bad_put after a double %s from %s",
					  how_name[how], where_name[where]);
			TEST_ASSERT_EQUAL(pagepool_page_refcnt(pg), 0, "refcnt of the free page");
			TEST_ASSERT_EQUAL(in.in_flight, 0, "in_flight");
			TEST_CHECK(test_pool_check_sum(pp));
			/* a third time, after the page moved on */
			TEST_CHECK(test_pool_check_all(pp, 0));
			TEST_CHECK(run_put(&j, where));
			TEST_ASSERT_EQUAL(test_info(pp).bad_put, 2, "bad_put after a third put");
			TEST_CHECK(test_pool_check_all(pp, 0));
			TEST_CHECK(test_pool_check_all(pp, 0));
			TEST_ASSERT_EQUAL(pagepool_destroy(pp), 0, "destroy");
		}
	}
	return TEST_SUCCESS;
}

/* Double puts of pages sitting in each tier: cache, ring, backing store. */
static int
test_double_put_each_tier(void)
{
	struct pagepool_page *pages[64];
	struct pagepool *pp;
	struct pagepool_info in;
	struct job j;
	unsigned int i;

	pp = test_pool_create("tiers", 64, 2048, rte_lcore_id(), 16, 8);
	TEST_ASSERT_NOT_NULL(pp, "create");
	for (i = 0; i < 64; i++)
		TEST_ASSERT_NOT_NULL(pages[i] = pagepool_alloc(pp), "alloc");
	/* 16 into the cache (owner), 8 into the ring, 40 into the backing */
	for (i = 0; i < 64; i++)
		pagepool_put_page(pages[i]);
	in = test_info(pp);
	TEST_ASSERT(in.cached == 16 && in.ring == 8 && in.backing == 40,
		    "tiers cached %u ring %u backing %u, expected 16 8 40",
		    in.cached, in.ring, in.backing);
	/* put every page again, from every kind of thread, every way */
	j = (struct job){ pages, 64, 0, 0 };
	TEST_CHECK(run_put(&j, 0));
	j.how = 1;
	TEST_CHECK(run_put(&j, 1));
	TEST_ASSERT_EQUAL(j.ret, -EINVAL, "put(addr) of free pages");
	j.how = 2;
	TEST_CHECK(run_put(&j, 2));
	in = test_info(pp);
	TEST_ASSERT_EQUAL(in.bad_put, 3 * 64, "bad_put");
	TEST_ASSERT(in.cached == 16 && in.ring == 8 && in.backing == 40,
		    "bad puts moved pages: cached %u ring %u backing %u",
		    in.cached, in.ring, in.backing);
	TEST_CHECK(test_pool_check_all(pp, 0));
	TEST_ASSERT_EQUAL(pagepool_destroy(pp), 0, "destroy");
	return TEST_SUCCESS;
}

/* A bulk put that holds the same page twice, and free pages among live ones. */
static int
test_double_put_in_bulk(void)
{
	struct pagepool_page *pages[32], *batch[40];
	struct pagepool *pp;
	int where;

	for (where = 0; where < 3; where++) {
		struct job j = { batch, 40, 2, 0 };
		unsigned int i;

		printf("    put_bulk from %s\n", where_name[where]);
		pp = test_pool_create("dblbulk", 64, 2048, rte_lcore_id(), 0, 0);
		TEST_ASSERT_NOT_NULL(pp, "create");
		TEST_ASSERT_EQUAL(pagepool_alloc_bulk(pp, pages, 32), 32, "alloc_bulk");
		/* pages 0..3 already free; 4..35 live; 4..7 listed twice */
		for (i = 0; i < 4; i++)
			pagepool_put_page(pages[i]);
		for (i = 0; i < 4; i++)
			batch[i] = pages[i];
		for (i = 4; i < 32; i++)
			batch[i] = pages[i];
		for (i = 32; i < 36; i++)
			batch[i] = pages[i - 28];
		for (i = 36; i < 40; i++)
			batch[i] = pages[i - 36];
		TEST_CHECK(run_put(&j, where));
		TEST_ASSERT_EQUAL(test_info(pp).bad_put, 12,
				  "bad_put: 4 free pages twice and 4 pages listed twice");
		TEST_ASSERT_EQUAL(pagepool_in_flight(pp), 0, "in_flight");
		TEST_CHECK(test_pool_check_sum(pp));
		TEST_CHECK(test_pool_check_all(pp, 0));
		TEST_ASSERT_EQUAL(pagepool_destroy(pp), 0, "destroy");
	}
	return TEST_SUCCESS;
}

/*
 * {p, p, q, r}: the same page twice inside one group of four of the
 * owner's bulk put (each group's refcounts are read before it stores), and
 * at every other pair of positions: one bad_put, every page home once.
 */
static int
test_double_put_in_group(void)
{
	struct pagepool_page *pages[7], *batch[8];
	struct pagepool *pp;
	unsigned int a, b, i, k;

	pp = test_pool_create("dblgrp", 64, 2048, rte_lcore_id(), 0, 0);
	TEST_ASSERT_NOT_NULL(pp, "create");
	for (a = 0; a < 8; a++) {
		for (b = a + 1; b < 8; b++) {
			uint64_t bad = test_info(pp).bad_put;

			TEST_ASSERT_EQUAL(pagepool_alloc_bulk(pp, pages, 7), 7,
					  "alloc_bulk");
			/* seven pages in order, the one at a repeated at b */
			for (i = 0, k = 0; i < 8; i++)
				batch[i] = i == b ? batch[a] : pages[k++];
			pagepool_put_bulk(batch, 8);
			TEST_ASSERT_EQUAL(test_info(pp).bad_put, bad + 1,
					  "page at %u repeated at %u: bad_put", a, b);
			TEST_ASSERT_EQUAL(pagepool_in_flight(pp), 0,
					  "page at %u repeated at %u: in flight", a, b);
			TEST_CHECK(test_pool_check_all(pp, 0));
		}
	}
	TEST_CHECK(test_pool_check_sum(pp));
	TEST_ASSERT_EQUAL(pagepool_destroy(pp), 0, "destroy");
	return TEST_SUCCESS;
}

/*
 * The same double put with its interleaving forced: the test hook parks
 * the first putter after it read refcount 1, the second putter completes,
 * then the first one stores 0 and goes on. Without an arbiter both puts
 * succeeded and the page came out twice.
 */
static struct {
	struct pagepool_page *pg;
	int parked;           /* the first putter is held in the hook */
	int release;          /* let it go on */
	pthread_t thread;     /* which thread to park */
} park;

static void
park_hook(int point, struct pagepool_page *pg)
{
	if (point != __PAGEPOOL_HOOK_UNREF_LAST || pg != park.pg ||
	    !pthread_equal(pthread_self(), park.thread))
		return;
	__atomic_store_n(&park.parked, 1, __ATOMIC_RELEASE);
	while (!__atomic_load_n(&park.release, __ATOMIC_ACQUIRE))
		sched_yield();
}

static int
park_put(void *arg)
{
	RTE_SET_USED(arg);
	park.thread = pthread_self();
	pagepool_put_page(park.pg);
	return TEST_SUCCESS;
}

static void *
park_put_thread(void *arg)
{
	park_put(arg);
	return NULL;
}

static int
test_double_put_forced(void)
{
	/* parked putter, second putter, owner: 0 main, 1 worker, 2 pthread */
	static const int order[][3] = { {1, 0, 0}, {1, 0, 1}, {1, 2, 0}, {2, 1, 0} };
	unsigned int o;

	__pagepool_test_hook = park_hook;
	for (o = 0; o < RTE_DIM(order); o++) {
		int first = order[o][0], second = order[o][1];
		struct pagepool *pp;
		struct job j;
		pthread_t th;

		unsigned int owner = order[o][2] == 0 ? rte_lcore_id() :
				     test_worker_lcore();

		printf("    %s parked after reading refcount 1, %s puts, pool owned by lcore %u\n",
		       first == 1 ? "worker" : "pthread", where_name[second], owner);
		pp = test_pool_create("forced", 64, 2048, owner, 16, 0);
		TEST_ASSERT_NOT_NULL(pp, "create");
		memset(&park, 0, sizeof(park));
		TEST_ASSERT_NOT_NULL(park.pg = pagepool_alloc(pp), "alloc");
		j = (struct job){ &park.pg, 1, 0, 0 };
		/* the first putter, on its own thread unless it is main */
		if (first == 1)
			TEST_ASSERT_EQUAL(test_launch_worker(park_put, NULL), 0, "launch");
		else
			TEST_ASSERT_EQUAL(pthread_create(&th, NULL, park_put_thread, NULL), 0,
					  "pthread_create");
		while (!__atomic_load_n(&park.parked, __ATOMIC_ACQUIRE))
			sched_yield();
		TEST_CHECK(run_put(&j, second));
		__atomic_store_n(&park.release, 1, __ATOMIC_RELEASE);
		if (first == 1)
			TEST_CHECK(test_wait_worker());
		else
			pthread_join(th, NULL);
		/* main takes the pool from the idle worker if it owned it */
		pagepool_poll(pp);
		TEST_ASSERT_EQUAL(test_info(pp).owner, rte_lcore_id(), "owner");
		/* the owner drains and checks; one put counted, no page twice */
		TEST_CHECK(test_pool_check_all(pp, 0));
		TEST_ASSERT_EQUAL(test_info(pp).bad_put, 1, "bad_put (%s parked, %s put)",
				  where_name[first], where_name[second]);
		TEST_CHECK(test_pool_check_sum(pp));
		TEST_CHECK(test_pool_check_all(pp, 0));
		TEST_ASSERT_EQUAL(pagepool_destroy(pp), 0, "destroy");
	}
	__pagepool_test_hook = NULL;
	return TEST_SUCCESS;
}

/*
 * pagepool_in_flight() with a page in the return ring twice: two remote
 * putters of one page (the worker parked after reading refcount 1, a
 * non-EAL thread) both enqueue it; until the owner drains the ring the
 * tiers hold one entry more than the pool has pages. That used to read as
 * "0 in flight" and nothing else; now the excess is reported
 * (home_excess), logged once, and gone once the owner drained it and
 * counted the second put.
 */
static int
test_in_flight_excess(void)
{
	struct pagepool_info in;
	struct pagepool *pp;
	struct job j;
	pthread_t th;
	FILE *log;
	int n;

	log = tmpfile();
	TEST_ASSERT(log != NULL, "tmpfile");
	pp = test_pool_create("excess", 64, 2048, rte_lcore_id(), 16, 0);
	TEST_ASSERT_NOT_NULL(pp, "create");
	memset(&park, 0, sizeof(park));
	TEST_ASSERT_NOT_NULL(park.pg = pagepool_alloc(pp), "alloc");
	TEST_ASSERT_EQUAL(pagepool_in_flight(pp), 1, "in_flight with one page out");
	__pagepool_test_hook = park_hook;
	TEST_ASSERT_EQUAL(test_launch_worker(park_put, NULL), 0, "launch");
	while (!__atomic_load_n(&park.parked, __ATOMIC_ACQUIRE))
		sched_yield();
	j = (struct job){ &park.pg, 1, 0, 0 };
	TEST_ASSERT_EQUAL(pthread_create(&th, NULL, job_put_thread, &j), 0,
			  "pthread_create");
	pthread_join(th, NULL);
	__atomic_store_n(&park.release, 1, __ATOMIC_RELEASE);
	TEST_CHECK(test_wait_worker());
	__pagepool_test_hook = NULL;
	/* both remote puts went into the ring; the owner has not drained it */
	rte_openlog_stream(log);
	in = test_info(pp);
	rte_openlog_stream(NULL);
	TEST_ASSERT_EQUAL(in.ring, 2, "the page twice in the return ring");
	TEST_ASSERT_EQUAL(in.cached + in.ring + in.backing, 65, "tier entries");
	TEST_ASSERT_EQUAL(in.home_excess, 1, "home_excess");
	TEST_ASSERT_EQUAL(in.in_flight, 0, "in_flight");
	TEST_ASSERT_EQUAL(in.bad_put, 0, "bad_put before the owner's check");
	n = test_file_contains(log, "put twice wait in the return ring");
	fclose(log);
	TEST_ASSERT_EQUAL(n, 1, "the excess logged");
	/* the owner drains, counts the second put; nothing in excess */
	TEST_CHECK(test_pool_check_all(pp, 0));
	in = test_info(pp);
	TEST_ASSERT_EQUAL(in.bad_put, 1, "bad_put after the owner's check");
	TEST_ASSERT_EQUAL(in.home_excess, 0, "home_excess after the drain");
	TEST_CHECK(test_pool_check_sum(pp));
	TEST_ASSERT_EQUAL(pagepool_destroy(pp), 0, "destroy");
	return TEST_SUCCESS;
}

/*
 * The race the full-ring path used to lose: a remote putter (a pthread)
 * and the owner (the worker lcore) put the same page, both having read
 * refcount 1, while the return ring is full. The remote putter is parked
 * right after its read, the owner right after it found the page out and
 * before it marks it home; then the remote put runs to its end, then the
 * owner's. Before, the remote put found the ring full and took the page
 * home itself with a CAS that the owner's plain store did not see: the page
 * went into the backing store and the owner's cache both, bad_put 0. Now
 * the remote put leaves an entry in the ring's overflow, and the owner,
 * draining it, finds the page's state moved on: one bad_put, each page out
 * once.
 */
static struct {
	struct pagepool_page *pg;
	int point[2];		/* where each of the two putters parks */
	pthread_t thread[2];
	int armed[2];		/* thread[] is set */
	int parked[2];
	int release[2];
} rf;

static void
rf_hook(int point, struct pagepool_page *pg)
{
	unsigned int w;

	for (w = 0; w < 2; w++) {
		if (!__atomic_load_n(&rf.armed[w], __ATOMIC_ACQUIRE) ||
		    !pthread_equal(pthread_self(), rf.thread[w]) ||
		    point != rf.point[w] || pg != rf.pg ||
		    __atomic_load_n(&rf.parked[w], __ATOMIC_RELAXED))
			continue;
		__atomic_store_n(&rf.parked[w], 1, __ATOMIC_RELEASE);
		while (!__atomic_load_n(&rf.release[w], __ATOMIC_ACQUIRE))
			sched_yield();
	}
}

static int
rf_put(void *arg)
{
	unsigned int w = (unsigned int)(uintptr_t)arg;

	rf.thread[w] = pthread_self();
	__atomic_store_n(&rf.armed[w], 1, __ATOMIC_RELEASE);
	pagepool_put_page(rf.pg);
	return TEST_SUCCESS;
}

static void *
rf_put_thread(void *arg)
{
	rf_put(arg);
	return NULL;
}

static void
rf_wait(unsigned int w)
{
	while (!__atomic_load_n(&rf.parked[w], __ATOMIC_ACQUIRE))
		sched_yield();
}

static int
test_ring_full_vs_owner_forced(void)
{
	struct pagepool_page *q;
	struct pagepool *pp;
	struct pagepool_info in;
	pthread_t th;

	pp = test_pool_create("rfrace", 64, 2048, test_worker_lcore(), 16, 1);
	TEST_ASSERT_NOT_NULL(pp, "create, owned by the worker, ring of 1");
	memset(&rf, 0, sizeof(rf));
	/* main is not the owner: both pages come from the backing store */
	TEST_ASSERT_NOT_NULL(q = pagepool_alloc(pp), "alloc q");
	TEST_ASSERT_NOT_NULL(rf.pg = pagepool_alloc(pp), "alloc p");
	pagepool_put_page(q);	/* a remote put: the ring is full now */
	TEST_ASSERT_EQUAL(test_info(pp).ring, 1, "q in the ring");
	rf.point[0] = __PAGEPOOL_HOOK_UNREF_LAST;	/* remote: read refcount 1 */
	rf.point[1] = __PAGEPOOL_HOOK_OWNER_CHECKED;	/* owner: saw the page out */
	__pagepool_test_hook = rf_hook;
	TEST_ASSERT_EQUAL(pthread_create(&th, NULL, rf_put_thread, (void *)0), 0,
			  "pthread_create");
	rf_wait(0);
	TEST_ASSERT_EQUAL(test_launch_worker(rf_put, (void *)1), 0, "launch");
	rf_wait(1);
	/* the remote put runs to its end against the full ring ... */
	__atomic_store_n(&rf.release[0], 1, __ATOMIC_RELEASE);
	pthread_join(th, NULL);
	/* ... then the owner's */
	__atomic_store_n(&rf.release[1], 1, __ATOMIC_RELEASE);
	TEST_CHECK(test_wait_worker());
	__pagepool_test_hook = NULL;
	/* main takes the pool from the idle worker, drains and checks */
	pagepool_poll(pp);
	TEST_ASSERT_EQUAL(test_info(pp).owner, rte_lcore_id(), "owner");
	TEST_CHECK(test_pool_check_all(pp, 0));
	in = test_info(pp);
	TEST_ASSERT_EQUAL(in.bad_put, 1, "bad_put: the remote and the owner put p once each");
	TEST_CHECK(test_pool_check_sum(pp));
	TEST_CHECK(test_pool_check_all(pp, 0));
	TEST_ASSERT_EQUAL(pagepool_destroy(pp), 0, "destroy");
	return TEST_SUCCESS;
}

static int
test_concurrent_double_put_short(void)
{
	return test_double_put_race(5000);
}

/*
 * A fragment put once too often, after all its page's fragments are back:
 * counted, and the page still comes home (the count used to wrap to 65535
 * and the page never returned, so a destroyed pool was never freed).
 */
static int
test_frag_extra_put(void)
{
	struct pagepool_page *a, *b, *c;
	struct pagepool *pp;
	uint32_t oa, ob, oc;

	pp = test_pool_create("fragx", 16, 4096, rte_lcore_id(), 0, 0);
	TEST_ASSERT_NOT_NULL(pp, "create");
	TEST_ASSERT_NOT_NULL(a = pagepool_alloc_frag(pp, &oa, 256), "frag a");
	TEST_ASSERT_NOT_NULL(b = pagepool_alloc_frag(pp, &ob, 256), "frag b");
	TEST_ASSERT(a == b && oa != ob, "two fragments of one page");
	pagepool_put_page(a);
	pagepool_put_page(b);
	pagepool_put_page(a);	/* one too many */
	/* the re-carve check sees one put too many: the page is finished,
	 * the extra put counted, the page recycled (and may come right back) */
	TEST_ASSERT_NOT_NULL(c = pagepool_alloc_frag(pp, &oc, 4096), "whole-page frag");
	TEST_ASSERT_EQUAL(test_info(pp).bad_put, 1, "bad_put");
	pagepool_put_page(c);
	TEST_ASSERT_NOT_NULL(c = pagepool_alloc_frag(pp, &oc, 4096), "frag");
	pagepool_put_page(c);
	TEST_CHECK(test_pool_check_all(pp, 0));
	TEST_ASSERT_EQUAL(pagepool_destroy(pp), 0, "destroy frees the pool now");
	return TEST_SUCCESS;
}

/*
 * A fragment put twice while another fragment of its page is held: the
 * second put is counted and ignored, the holder of the other fragment keeps
 * a valid fragment (nothing carved over it, its page not handed out), and
 * the page comes home exactly once, when that fragment is put. Before the
 * fragments of a page were told apart, the second put dropped the other
 * fragment's reference: carved again over it while the page was being
 * carved, handed out again once it was finished.
 *
 * Each way a fragment can be named: pagepool_put() of its start, of an
 * address inside it (a raw buffer's packet data), pagepool_put_frag();
 * from the owner, the worker lcore and a non-EAL thread; while the page is
 * being carved and after.
 */
#define FX_SIZE 512u

struct fx_job {
	struct pagepool_page *pg;
	uint32_t off;
	int how;	/* 0: put(start), 1: put(inside), 2: put_frag */
	int ret;
};

static int
fx_put(void *arg)
{
	struct fx_job *j = arg;

	j->ret = 0;
	switch (j->how) {
	case 0:
		j->ret = pagepool_put(RTE_PTR_ADD(j->pg->addr, j->off));
		break;
	case 1:
		j->ret = pagepool_put(RTE_PTR_ADD(j->pg->addr, j->off + FX_SIZE - 100));
		break;
	default:
		pagepool_put_frag(j->pg, j->off);
	}
	return TEST_SUCCESS;
}

static int
fx_run(struct fx_job *j, int where)
{
	if (where == 0)
		return fx_put(j);
	if (where == 1)
		return test_on_worker(fx_put, j);
	return test_on_pthread(fx_put, j);
}

static const char *const fx_how[] = { "put(start)", "put(inside)", "put_frag" };

/* The bytes of fragment [off, off + FX_SIZE) of pg are all v. */
static int
fx_intact(const struct pagepool_page *pg, uint32_t off, uint8_t v)
{
	const uint8_t *p = RTE_PTR_ADD(pg->addr, off);
	uint32_t i;

	for (i = 0; i < FX_SIZE; i++)
		if (p[i] != v)
			return 0;
	return 1;
}

/*
 * Carve and put two pages' worth of fragments while b is held: none may
 * land on b, and b's page is finished on the way (the carver moves on).
 */
static int
fx_carve_past(struct pagepool *pp, const struct pagepool_page *b, uint32_t ob)
{
	struct pagepool_page *f;
	uint32_t of;
	unsigned int k;

	for (k = 0; k < 2 * 4096 / FX_SIZE; k++) {
		TEST_ASSERT_NOT_NULL(f = pagepool_alloc_frag(pp, &of, FX_SIZE),
				     "frag %u", k);
		TEST_ASSERT(f != b || of + FX_SIZE <= ob || of >= ob + FX_SIZE,
			    "fragment [%u, %u) carved over the held fragment b at %u",
			    of, of + FX_SIZE, ob);
		memset(RTE_PTR_ADD(f->addr, of), 0x11, FX_SIZE);
		pagepool_put_frag(f, of);
	}
	return TEST_SUCCESS;
}

static int
test_frag_double_put_held(void)
{
	int where, how, finished;

	for (finished = 0; finished < 2; finished++)
	for (where = 0; where < 3; where++)
	for (how = 0; how < 3; how++) {
		struct pagepool_page *a, *b, *c;
		uint32_t oa, ob, oc;
		struct pagepool *pp;
		struct fx_job j;

		printf("    fragment %s twice from %s, %s\n", fx_how[how],
		       where_name[where],
		       finished ? "page finished" : "page being carved");
		pp = test_pool_create("fragdbl", 16, 4096, rte_lcore_id(), 0, 0);
		TEST_ASSERT_NOT_NULL(pp, "create");
		TEST_ASSERT_NOT_NULL(a = pagepool_alloc_frag(pp, &oa, FX_SIZE), "frag a");
		TEST_ASSERT_NOT_NULL(b = pagepool_alloc_frag(pp, &ob, FX_SIZE), "frag b");
		TEST_ASSERT(a == b && oa != ob, "two fragments of one page");
		memset(RTE_PTR_ADD(b->addr, ob), 0xbb, FX_SIZE);
		if (finished) {
			/* a whole-page fragment ends a's page's carving */
			TEST_ASSERT_NOT_NULL(c = pagepool_alloc_frag(pp, &oc, 4096), "frag c");
			TEST_ASSERT(c != a, "c on its own page");
			pagepool_put_frag(c, oc);
		}
		j = (struct fx_job){ a, oa, how, 0 };
		TEST_CHECK(fx_run(&j, where));
		TEST_ASSERT_EQUAL(j.ret, 0, "first put of a");
		TEST_ASSERT_EQUAL(test_info(pp).bad_put, 0, "bad_put after one put");
		TEST_CHECK(fx_run(&j, where));
		if (how != 2)
			TEST_ASSERT_EQUAL(j.ret, -EINVAL, "second pagepool_put of a");
		TEST_ASSERT_EQUAL(test_info(pp).bad_put, 1, "bad_put after a's second put");
		TEST_ASSERT(pagepool_page_refcnt(b) != 0, "b's page free while b is held");
		/* b's page is not carved over b, nor handed out again */
		if (!finished)
			TEST_CHECK(fx_carve_past(pp, b, ob));
		TEST_CHECK(test_pool_check_all(pp, 1));
		TEST_ASSERT(fx_intact(b, ob, 0xbb), "fragment b overwritten");
		TEST_ASSERT_EQUAL(test_info(pp).bad_put, 1, "bad_put");
		/* b's put brings the page home, once */
		pagepool_put_frag(b, ob);
		TEST_ASSERT_EQUAL(test_info(pp).bad_put, 1, "bad_put after b's put");
		TEST_CHECK(test_pool_check_sum(pp));
		TEST_CHECK(test_pool_check_all(pp, 0));
		TEST_ASSERT_EQUAL(pagepool_destroy(pp), 0, "destroy frees the pool now");
	}
	return TEST_SUCCESS;
}

/*
 * The same with the two puts of a racing: the first putter (worker or
 * non-EAL thread) is parked where it is about to claim its fragment, the
 * second put of a runs to its end, then the first one goes on. One of them
 * is counted, b stays held, the page comes home once, when b is put.
 */
static struct {
	struct pagepool_page *pg;
	pthread_t thread;
	int armed;
	int parked;
	int release;
	int done;
	struct fx_job job;
} fxp;

static void
fxp_hook(int point, struct pagepool_page *pg)
{
	if (point != __PAGEPOOL_HOOK_FRAG_CLAIM || pg != fxp.pg ||
	    !__atomic_load_n(&fxp.armed, __ATOMIC_ACQUIRE) ||
	    !pthread_equal(pthread_self(), fxp.thread) ||
	    __atomic_load_n(&fxp.parked, __ATOMIC_RELAXED))
		return;
	__atomic_store_n(&fxp.parked, 1, __ATOMIC_RELEASE);
	while (!__atomic_load_n(&fxp.release, __ATOMIC_ACQUIRE))
		sched_yield();
}

static int
fxp_put(void *arg)
{
	RTE_SET_USED(arg);
	fxp.thread = pthread_self();
	__atomic_store_n(&fxp.armed, 1, __ATOMIC_RELEASE);
	fx_put(&fxp.job);
	__atomic_store_n(&fxp.done, 1, __ATOMIC_RELEASE);
	return TEST_SUCCESS;
}

static void *
fxp_put_thread(void *arg)
{
	fxp_put(arg);
	return NULL;
}

static int
test_frag_double_put_forced(void)
{
	int first, how, finished;

	__pagepool_test_hook = fxp_hook;
	for (finished = 0; finished < 2; finished++)
	for (first = 1; first < 3; first++)
	for (how = 0; how < 3; how++) {
		struct pagepool_page *a, *b, *c;
		uint32_t oa, ob, oc;
		struct pagepool *pp;
		struct fx_job j;
		pthread_t th;

		printf("    %s parked before claiming a (%s), main puts a again, %s\n",
		       where_name[first], fx_how[how],
		       finished ? "page finished" : "page being carved");
		pp = test_pool_create("fragrace", 16, 4096, rte_lcore_id(), 0, 0);
		TEST_ASSERT_NOT_NULL(pp, "create");
		TEST_ASSERT_NOT_NULL(a = pagepool_alloc_frag(pp, &oa, FX_SIZE), "frag a");
		TEST_ASSERT_NOT_NULL(b = pagepool_alloc_frag(pp, &ob, FX_SIZE), "frag b");
		TEST_ASSERT(a == b, "two fragments of one page");
		if (finished) {
			TEST_ASSERT_NOT_NULL(c = pagepool_alloc_frag(pp, &oc, 4096), "frag c");
			pagepool_put_frag(c, oc);
		}
		memset(&fxp, 0, sizeof(fxp));
		fxp.pg = a;
		fxp.job = (struct fx_job){ a, oa, how, 0 };
		if (first == 1)
			TEST_ASSERT_EQUAL(test_launch_worker(fxp_put, NULL), 0, "launch");
		else
			TEST_ASSERT_EQUAL(pthread_create(&th, NULL, fxp_put_thread, NULL), 0,
					  "pthread_create");
		/* (a library without the hook point just lets the put finish) */
		while (!__atomic_load_n(&fxp.parked, __ATOMIC_ACQUIRE) &&
		       !__atomic_load_n(&fxp.done, __ATOMIC_ACQUIRE))
			sched_yield();
		j = (struct fx_job){ a, oa, how, 0 };
		TEST_CHECK(fx_put(&j));
		__atomic_store_n(&fxp.release, 1, __ATOMIC_RELEASE);
		if (first == 1)
			TEST_CHECK(test_wait_worker());
		else
			pthread_join(th, NULL);
		TEST_ASSERT(__atomic_load_n(&fxp.parked, __ATOMIC_ACQUIRE),
			    "the first putter was never parked before its claim");
		TEST_ASSERT_EQUAL(test_info(pp).bad_put, 1, "bad_put: a put twice");
		if (how != 2)
			TEST_ASSERT_EQUAL(j.ret | fxp.job.ret, -EINVAL,
					  "one pagepool_put of a failed");
		TEST_ASSERT(pagepool_page_refcnt(b) != 0, "b's page free while b is held");
		if (!finished)
			TEST_CHECK(fx_carve_past(pp, b, ob));
		TEST_CHECK(test_pool_check_all(pp, 1));
		pagepool_put_frag(b, ob);
		TEST_ASSERT_EQUAL(test_info(pp).bad_put, 1, "bad_put after b's put");
		TEST_CHECK(test_pool_check_sum(pp));
		TEST_CHECK(test_pool_check_all(pp, 0));
		TEST_ASSERT_EQUAL(pagepool_destroy(pp), 0, "destroy frees the pool now");
	}
	__pagepool_test_hook = NULL;
	return TEST_SUCCESS;
}

/*
 * Fragments of every pool geometry: each page size's fragments are at
 * least a slot apart, every one can be put once by name and only once, and
 * a page of 64 one-slot fragments comes home with its last.
 */
static int
test_frag_slots(void)
{
	static const uint32_t psz[] = { 2048, 4096, 16384, 65536 };
	unsigned int i, k;

	for (i = 0; i < RTE_DIM(psz); i++) {
		struct pagepool_page *pg[65];
		uint32_t off[65], slot = RTE_MAX(psz[i] / 64, 64u), n;
		struct pagepool *pp;

		pp = test_pool_create("fragslot", 8, psz[i], rte_lcore_id(), 0, 0);
		TEST_ASSERT_NOT_NULL(pp, "create, %u B pages", psz[i]);
		n = psz[i] / slot;
		for (k = 0; k < n; k++) {
			TEST_ASSERT_NOT_NULL(pg[k] = pagepool_alloc_frag(pp, &off[k], 1),
					     "%u B pages: fragment %u", psz[i], k);
			TEST_ASSERT(pg[k] == pg[0] && off[k] == k * slot,
				    "%u B pages: fragment %u at %u, expected %u on the first page",
				    psz[i], k, off[k], k * slot);
		}
		/* the page is full: the next fragment takes a new one */
		TEST_ASSERT_NOT_NULL(pg[n] = pagepool_alloc_frag(pp, &off[n], 1), "one more");
		TEST_ASSERT(pg[n] != pg[0], "%u B pages: %u fragments on one page",
			    psz[i], n + 1);
		for (k = 0; k < n; k++) {
			pagepool_put_frag(pg[k], off[k]);
			pagepool_put_frag(pg[k], off[k]);
			TEST_ASSERT_EQUAL(test_info(pp).bad_put, k + 1,
					  "%u B pages: fragment %u put twice", psz[i], k);
		}
		pagepool_put_frag(pg[n], off[n]);
		TEST_CHECK(test_pool_check_all(pp, 0));
		TEST_ASSERT_EQUAL(test_info(pp).bad_put, n, "bad_put");
		TEST_ASSERT_EQUAL(pagepool_destroy(pp), 0, "destroy");
	}
	return TEST_SUCCESS;
}

/*
 * The owner's bulk put checks pages four at a time: a free page at any
 * position of a batch (first, inside a group of four, in the tail) is
 * caught, and every live page around it still goes home exactly once.
 */
static int
test_bulk_bad_at_each_position(void)
{
	struct pagepool_page *pages[11];
	struct pagepool *pp;
	unsigned int pos, n;

	pp = test_pool_create("bulkpos", 64, 2048, rte_lcore_id(), 0, 0);
	TEST_ASSERT_NOT_NULL(pp, "create");
	for (n = 1; n <= RTE_DIM(pages); n++) {
		for (pos = 0; pos < n; pos++) {
			uint64_t bad = test_info(pp).bad_put;

			TEST_ASSERT_EQUAL(pagepool_alloc_bulk(pp, pages, n), n, "alloc_bulk");
			pagepool_put_page(pages[pos]);
			pagepool_put_bulk(pages, n);
			TEST_ASSERT_EQUAL(test_info(pp).bad_put, bad + 1,
					  "batch of %u, free page at %u: bad_put", n, pos);
			TEST_ASSERT_EQUAL(pagepool_in_flight(pp), 0,
					  "batch of %u, free page at %u: in flight", n, pos);
		}
	}
	TEST_CHECK(test_pool_check_sum(pp));
	TEST_CHECK(test_pool_check_all(pp, 0));
	TEST_ASSERT_EQUAL(pagepool_destroy(pp), 0, "destroy");
	return TEST_SUCCESS;
}

static int
job_foreign(void *arg)
{
	const void *addr = arg;

	return pagepool_put(addr) == -EINVAL ? TEST_SUCCESS : TEST_FAILED;
}

/* pagepool_put of addresses of no pool: -EINVAL, counted, nothing changes. */
static int
test_foreign_put(void)
{
	struct pagepool *pp;
	struct pagepool_page *pg;
	struct pagepool_info in;
	int stack_var = 0;
	void *heap = malloc(4096);
	void *rheap = rte_malloc("pp_test", 8192, 4096);
	const void *addrs[6];
	void *page_addr;
	uint64_t before;
	unsigned int i;

	TEST_ASSERT(heap != NULL && rheap != NULL, "malloc");
	/* 3 pages: the rest of the pool's 2 MiB unit is not a page */
	pp = test_pool_create("foreign", 3, 4096, rte_lcore_id(), 0, 0);
	TEST_ASSERT_NOT_NULL(pp, "create");
	TEST_ASSERT_NOT_NULL(pg = pagepool_alloc(pp), "alloc");
	addrs[0] = &stack_var;
	addrs[1] = heap;
	addrs[2] = rheap;
	addrs[3] = NULL;
	addrs[4] = RTE_PTR_ADD(pp, 0);
	addrs[5] = RTE_PTR_ADD(RTE_PTR_ALIGN_FLOOR(pg->addr, 1 << 21), 3 * 4096);
	before = pagepool_foreign_puts();
	for (i = 0; i < RTE_DIM(addrs); i++) {
		TEST_ASSERT_EQUAL(pagepool_put(addrs[i]), -EINVAL,
				  "pagepool_put of foreign address %u (%p)", i, addrs[i]);
		TEST_ASSERT_EQUAL(pagepool_foreign_puts(), before + i + 1,
				  "pagepool_foreign_puts after address %u", i);
	}
	/* from the worker and a pthread too */
	TEST_ASSERT_EQUAL(test_on_worker(job_foreign, heap), TEST_SUCCESS,
			  "foreign put on the worker");
	TEST_ASSERT_EQUAL(test_on_pthread(job_foreign, rheap), TEST_SUCCESS,
			  "foreign put on a pthread");
	TEST_ASSERT_EQUAL(pagepool_foreign_puts(), before + RTE_DIM(addrs) + 2,
			  "pagepool_foreign_puts");
	in = test_info(pp);
	TEST_ASSERT_EQUAL(in.bad_put, 0, "a foreign put counted as a bad put");
	TEST_ASSERT_EQUAL(in.in_flight, 1, "in_flight");
	TEST_ASSERT_EQUAL(pagepool_page_refcnt(pg), 1, "our page untouched");
	/* a real page still works */
	TEST_ASSERT_EQUAL(pagepool_put(pg->addr), 0, "put of a pool page");
	TEST_ASSERT_EQUAL(pagepool_foreign_puts(), before + RTE_DIM(addrs) + 2,
			  "a good put counted as foreign");
	TEST_CHECK(test_pool_check_all(pp, 0));
	page_addr = pg->addr; /* the descriptor goes with the pool */
	TEST_ASSERT_EQUAL(pagepool_destroy(pp), 0, "destroy");
	/* and a destroyed pool's pages are foreign now */
	TEST_ASSERT_EQUAL(pagepool_put(page_addr), -EINVAL,
			  "put into a destroyed (freed) pool");
	free(heap);
	rte_free(rheap);
	return TEST_SUCCESS;
}

/*
 * A one-slot return ring under traffic: the owner allocates and hands
 * pages to the worker, which puts them back (single, by address, bulk);
 * nearly every put finds the ring full. Nothing is lost.
 */
#define RF_PAGES 256
#define RF_ROUNDS 20000

struct rf_ctx {
	struct pagepool *pp;
	struct rte_ring *to_worker;
	int done;	/* atomic: main has sent everything */
};

static int
rf_worker(void *arg)
{
	struct rf_ctx *c = arg;
	struct pagepool_page *pg[32];
	unsigned int n, k = 0;

	for (;;) {
		n = rte_ring_dequeue_burst(c->to_worker, (void **)pg, 32, NULL);
		if (n == 0) {
			if (__atomic_load_n(&c->done, __ATOMIC_ACQUIRE) &&
			    rte_ring_empty(c->to_worker))
				break;
			rte_pause();
			continue;
		}
		switch (k++ % 3) {
		case 0:
			while (n > 0)
				pagepool_put_page(pg[--n]);
			break;
		case 1:
			while (n > 0)
				if (pagepool_put(pg[--n]->addr) != 0)
					return TEST_FAILED;
			break;
		default:
			pagepool_put_bulk(pg, n);
		}
	}
	return TEST_SUCCESS;
}

static int
test_full_ring_no_loss(void)
{
	struct rf_ctx c = { 0 };
	struct pagepool_page *pg[32];
	struct pagepool_info in;
	unsigned int round, n;
	int ret;

	c.pp = test_pool_create("rfull", RF_PAGES, 2048, rte_lcore_id(), 16, 1);
	TEST_ASSERT_NOT_NULL(c.pp, "create with ring_size 1");
	c.to_worker = rte_ring_create("rf_to_worker", 512, SOCKET_ID_ANY,
				      RING_F_SP_ENQ | RING_F_SC_DEQ);
	TEST_ASSERT_NOT_NULL(c.to_worker, "ring");
	TEST_ASSERT_EQUAL(test_launch_worker(rf_worker, &c), 0, "launch");
	for (round = 0; round < RF_ROUNDS; round++) {
		n = round & 1 ? pagepool_alloc_bulk(c.pp, pg, 32) :
		    (pg[0] = pagepool_alloc(c.pp)) != NULL;
		if (n == 0) {
			rte_pause();
			continue;
		}
		while (rte_ring_enqueue_bulk(c.to_worker, (void **)pg, n, NULL) == 0)
			rte_pause();
	}
	__atomic_store_n(&c.done, 1, __ATOMIC_RELEASE);
	ret = test_wait_worker();
	rte_ring_free(c.to_worker);
	TEST_ASSERT_EQUAL(ret, TEST_SUCCESS, "worker");
	in = test_info(c.pp);
	printf("    ring %u backing %u cached %u; ring_full %" PRIu64 " released %" PRIu64 "\n",
	       in.ring, in.backing, in.cached, in.stats.recycle_ring_full,
	       in.stats.recycle_released);
	TEST_ASSERT_EQUAL(in.in_flight, 0, "in_flight at the end");
	TEST_ASSERT_EQUAL(in.bad_put, 0, "bad_put");
#ifdef PAGEPOOL_STATS
	TEST_ASSERT(in.stats.recycle_ring_full > 0, "the ring was never full");
#endif
	TEST_CHECK(test_pool_check_sum(c.pp));
	TEST_CHECK(test_pool_check_all(c.pp, 0));
	TEST_ASSERT_EQUAL(pagepool_destroy(c.pp), 0, "destroy");
	return TEST_SUCCESS;
}

static const struct test_case cases[] = {
	TEST_CASE(test_double_put),
	TEST_CASE(test_double_put_each_tier),
	TEST_CASE(test_double_put_in_bulk),
	TEST_CASE(test_bulk_bad_at_each_position),
	TEST_CASE(test_double_put_in_group),
	TEST_CASE(test_double_put_forced),
	TEST_CASE(test_ring_full_vs_owner_forced),
	TEST_CASE(test_in_flight_excess),
	TEST_CASE(test_concurrent_double_put_short),
	TEST_CASE(test_frag_extra_put),
	TEST_CASE(test_frag_double_put_held),
	TEST_CASE(test_frag_double_put_forced),
	TEST_CASE(test_frag_slots),
	TEST_CASE(test_foreign_put),
	TEST_CASE(test_full_ring_no_loss),
};

int
main(int argc, char **argv)
{
	struct test_suite s = { "pagepool bad input", NULL, NULL,
				cases, RTE_DIM(cases) };

	RTE_SET_USED(argc);
	RTE_SET_USED(argv);
	return test_main("badput", NULL, &s);
}
