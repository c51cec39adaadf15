/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The pagepool authors
 */
/*
 * Suite "races": lifetime races, each forced rather than hoped for. This
 * binary links a copy of the library built with -DPAGEPOOL_TEST_HOOKS,
 * whose PP_TEST_HOOK points (pagepool_priv.h) call hook() below: a thread
 * armed with a plan parks at the points it names, in order, while the test
 * lets the other side (destroy, the release alarm, a lookup) run, then
 * releases it. A thread that touches a freed pool after its release
 * crashes (SIGSEGV on the unmapped pool, or an ASan report), failing the
 * binary.
 *
 * PAGEPOOL_RACES_CASE=<substring> runs only the cases whose name has it,
 * or only the rows of test_put_vs_free whose description has it (to see
 * each row fail on a tree without the fix, as the first crash ends the run).
 */
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#include <rte_cycles.h>
#include <rte_lcore.h>
#include <rte_mbuf.h>

#include <pagepool_mbuf.h>

#include "pagepool_priv.h"
#include "test_common.h"

/* Bound on every wait, so that a broken case fails instead of hanging. */
#define WAIT_MS 10000
#define PARKS_MAX 4

/* ---- the hook ---- */

static __thread enum pp_test_point tl_plan[PARKS_MAX];
static __thread unsigned int tl_nplan;
static __thread int tl_freer;      /* this thread frees pools: report its waits */

static unsigned int parked;        /* parks so far (a case has one parker) */
static unsigned int released;      /* parks the test has let go */
static unsigned int freed;         /* pools unmapped so far */
static const void *last_freed;     /* the last one (its address, never read) */
static unsigned int freer_waits;   /* the freer found the list lock taken */

static void
hook(enum pp_test_point point, const void *pp)
{
	unsigned int k;

	switch (point) {
	case PP_TEST_FREED:
		__atomic_store_n(&last_freed, pp, __ATOMIC_RELAXED);
		__atomic_add_fetch(&freed, 1, __ATOMIC_RELEASE);
		return;
	case PP_TEST_LIST_WAIT:
		if (tl_freer)
			__atomic_add_fetch(&freer_waits, 1, __ATOMIC_RELEASE);
		return;
	default:
		break;
	}
	if (tl_nplan == 0 || tl_plan[0] != point)
		return;
	memmove(&tl_plan[0], &tl_plan[1], (PARKS_MAX - 1) * sizeof(tl_plan[0]));
	tl_nplan--;
	k = __atomic_add_fetch(&parked, 1, __ATOMIC_ACQ_REL);
	while (__atomic_load_n(&released, __ATOMIC_ACQUIRE) < k)
		usleep(50);
}

static void
arm(const enum pp_test_point *plan, unsigned int n)
{
	memcpy(tl_plan, plan, n * sizeof(plan[0]));
	tl_nplan = n;
}

static void
reset_counts(void)
{
	__atomic_store_n(&parked, 0, __ATOMIC_RELAXED);
	__atomic_store_n(&released, 0, __ATOMIC_RELAXED);
	__atomic_store_n(&freed, 0, __ATOMIC_RELAXED);
	__atomic_store_n(&freer_waits, 0, __ATOMIC_RELAXED);
	__atomic_store_n(&last_freed, NULL, __ATOMIC_RELAXED);
}

/* Wait until *a >= want or (b != NULL) *b >= 1; -1 after WAIT_MS. */
static int
wait_for(const unsigned int *a, unsigned int want, const unsigned int *b,
	 const char *what)
{
	uint64_t end = rte_get_timer_cycles() +
		       (uint64_t)WAIT_MS * rte_get_timer_hz() / 1000;

	while (__atomic_load_n(a, __ATOMIC_ACQUIRE) < want &&
	       (b == NULL || __atomic_load_n(b, __ATOMIC_ACQUIRE) == 0)) {
		if (rte_get_timer_cycles() > end) {
			printf("    FAIL: no %s within %d ms\n", what, WAIT_MS);
			return -1;
		}
		usleep(100);
	}
	return 0;
}

/* Let the parker go through park number k. */
static void
release_to(unsigned int k)
{
	__atomic_store_n(&released, k, __ATOMIC_RELEASE);
}

/* On a failed wait: let every parker run to the end. */
static void
release_all(void)
{
	release_to(1000);
}

/* ---- threads: the worker lcore, or a non-EAL pthread ---- */

struct thr {
	int on_pthread;
	pthread_t th;
	int (*fn)(void *);
	void *arg;
	int ret;
};

static void *
thr_tramp(void *p)
{
	struct thr *t = p;

	t->ret = t->fn(t->arg);
	return NULL;
}

static int
thr_start(struct thr *t, int on_pthread, int (*fn)(void *), void *arg)
{
	t->on_pthread = on_pthread;
	t->fn = fn;
	t->arg = arg;
	t->ret = TEST_FAILED;
	if (on_pthread)
		return pthread_create(&t->th, NULL, thr_tramp, t) == 0 ? 0 : -1;
	return test_launch_worker(fn, arg);
}

static int
thr_join(struct thr *t)
{
	if (t->on_pthread) {
		pthread_join(t->th, NULL);
		return t->ret;
	}
	return test_wait_worker();
}

/* ---- 1. A put against the destroy or the release alarm that frees ---- */

static struct rte_mempool *hdr_mp;
static const char *only;	/* $PAGEPOOL_RACES_CASE */

enum put_how {
	PUT_PAGE,       /* pagepool_put_page() */
	PUT_BULK,       /* pagepool_put_bulk() of three pages */
	PUT_ADDR,       /* pagepool_put() of an address inside the page */
	PUT_MBUF_DPDK,  /* rte_pktmbuf_free(): DPDK calls the pool's free_cb */
	PUT_MBUF_PP,    /* pagepool_mbuf_free() */
	PUT_FRAG,       /* the last fragment of a page that was carved */
};

enum put_freer {
	/* The put parks after its ring enqueue; destroy finds every page home. */
	FREE_BY_DESTROY,
	/*
	 * The put sees the pool alive and parks; destroy runs (a page is out,
	 * so it arms the alarm); the put enqueues into the ring and parks
	 * again while the alarm drains the ring and frees the pool.
	 */
	FREE_BY_ALARM,
	/* Destroy first; the put takes the destroying branch (backing store). */
	FREE_LATE,
};

struct put_row {
	const char *what;
	enum put_how how;
	int on_pthread;
	enum put_freer freer;
};

static const struct put_row put_rows[] = {
	{ "put_page, worker, destroy", PUT_PAGE, 0, FREE_BY_DESTROY },
	{ "put_page, pthread, destroy", PUT_PAGE, 1, FREE_BY_DESTROY },
	{ "put_bulk, worker, destroy", PUT_BULK, 0, FREE_BY_DESTROY },
	{ "put(addr), pthread, destroy", PUT_ADDR, 1, FREE_BY_DESTROY },
	{ "rte_pktmbuf_free, worker, destroy", PUT_MBUF_DPDK, 0, FREE_BY_DESTROY },
	{ "pagepool_mbuf_free, pthread, destroy", PUT_MBUF_PP, 1, FREE_BY_DESTROY },
	{ "last fragment, worker, destroy", PUT_FRAG, 0, FREE_BY_DESTROY },
	{ "put_page, worker, alarm", PUT_PAGE, 0, FREE_BY_ALARM },
	{ "put_page, pthread, alarm", PUT_PAGE, 1, FREE_BY_ALARM },
	{ "put_bulk, pthread, alarm", PUT_BULK, 1, FREE_BY_ALARM },
	{ "rte_pktmbuf_free, pthread, alarm", PUT_MBUF_DPDK, 1, FREE_BY_ALARM },
	{ "last fragment, pthread, alarm", PUT_FRAG, 1, FREE_BY_ALARM },
	{ "put_page, worker, after destroy", PUT_PAGE, 0, FREE_LATE },
	{ "put_bulk, pthread, after destroy", PUT_BULK, 1, FREE_LATE },
};

struct put_job {
	enum put_how how;
	struct pagepool_page *pages[3];
	unsigned int n;
	struct rte_mbuf *m;
	enum pp_test_point plan[PARKS_MAX];
	unsigned int nplan;
};

static int
putter(void *arg)
{
	struct put_job *j = arg;
	unsigned int i;

	arm(j->plan, j->nplan);
	switch (j->how) {
	case PUT_PAGE:
	case PUT_FRAG:
		pagepool_put_page(j->pages[0]);
		break;
	case PUT_BULK:
		pagepool_put_bulk(j->pages, j->n);
		break;
	case PUT_ADDR:
		for (i = 0; i < j->n; i++)
			pagepool_put(RTE_PTR_ADD(j->pages[i]->addr, 100));
		break;
	case PUT_MBUF_DPDK:
		rte_pktmbuf_free(j->m);
		break;
	case PUT_MBUF_PP:
		pagepool_mbuf_free(j->m);
		break;
	}
	i = tl_nplan;
	tl_nplan = 0;
	return i == 0 ? TEST_SUCCESS : TEST_FAILED; /* every park was reached */
}

/* Owner (the main lcore) side: take what the putter will give back. */
static int
put_prepare(struct pagepool *pp, struct put_job *j)
{
	struct pagepool_page *b;
	uint32_t off;

	switch (j->how) {
	case PUT_PAGE:
	case PUT_ADDR:
		j->n = 1;
		TEST_ASSERT_NOT_NULL(j->pages[0] = pagepool_alloc(pp), "alloc");
		break;
	case PUT_BULK:
		j->n = 3;
		TEST_ASSERT_EQUAL(pagepool_alloc_bulk(pp, j->pages, 3), 3,
				  "alloc_bulk");
		break;
	case PUT_MBUF_DPDK:
	case PUT_MBUF_PP:
		TEST_ASSERT_NOT_NULL(j->m = pagepool_mbuf_alloc(pp, hdr_mp),
				     "mbuf_alloc");
		break;
	case PUT_FRAG:
		/*
		 * Fragment a of page A; a full-page fragment ends A's carving
		 * (A keeps a's one reference) and carves page B, whose only
		 * fragment is put at once. The putter's put of a is A's last.
		 */
		j->pages[0] = pagepool_alloc_frag(pp, &off, 256);
		TEST_ASSERT_NOT_NULL(j->pages[0], "frag a");
		b = pagepool_alloc_frag(pp, &off, pagepool_page_size(pp));
		TEST_ASSERT_NOT_NULL(b, "frag b");
		TEST_ASSERT(b != j->pages[0], "b is carved from another page");
		TEST_ASSERT_EQUAL(pagepool_page_refcnt(j->pages[0]), 1,
				  "a holds page A's last reference");
		pagepool_put_page(b);
		break;
	}
	return TEST_SUCCESS;
}

static int
put_vs_free(const struct put_row *r)
{
	static const enum pp_test_point plan_destroy[] = { PP_TEST_PUT_ENQUEUED };
	static const enum pp_test_point plan_alarm[] = {
		PP_TEST_PUT_CHECKED, PP_TEST_PUT_ENQUEUED };
	struct put_job j;
	struct pagepool *pp;
	struct thr t;
	int ret, out;

	printf("    %s\n", r->what);
	fflush(stdout);
	memset(&j, 0, sizeof(j));
	j.how = r->how;
	if (r->freer == FREE_BY_ALARM) {
		memcpy(j.plan, plan_alarm, sizeof(plan_alarm));
		j.nplan = RTE_DIM(plan_alarm);
	} else {
		memcpy(j.plan, plan_destroy, sizeof(plan_destroy));
		j.nplan = RTE_DIM(plan_destroy);
	}
	reset_counts();
	/* owned by the main lcore: the putter's pages go to the return ring */
	pp = test_pool_create("r_put", 8, 4096, rte_lcore_id(), 0, 0);
	TEST_ASSERT_NOT_NULL(pp, "create");
	ret = put_prepare(pp, &j);
	if (ret != TEST_SUCCESS)
		return ret;
	if (r->freer == FREE_LATE) {
		out = pagepool_destroy(pp);
		TEST_ASSERT(out > 0, "destroy with pages out returned %d", out);
	}
	TEST_ASSERT_EQUAL(thr_start(&t, r->on_pthread, putter, &j), 0,
			  "start the putter");

	if (wait_for(&parked, 1, NULL, "first park of the putter") != 0)
		goto fail;
	switch (r->freer) {
	case FREE_BY_DESTROY:
		/* the pages are in the ring: destroy finds them all, frees */
		out = pagepool_destroy(pp);
		if (out != 0) {
			printf("    FAIL: destroy returned %d, expected 0 (all home)\n",
			       out);
			goto fail;
		}
		break;
	case FREE_BY_ALARM:
		/* the putter holds its pages: destroy leaves the pool to the alarm */
		out = pagepool_destroy(pp);
		if (out <= 0) {
			printf("    FAIL: destroy returned %d, expected pages out\n",
			       out);
			goto fail;
		}
		release_to(1);
		if (wait_for(&parked, 2, NULL, "second park of the putter") != 0)
			goto fail;
		/* FALLTHROUGH */
	case FREE_LATE:
		if (wait_for(&freed, 1, NULL, "free by the release alarm") != 0)
			goto fail;
		break;
	}
	if (__atomic_load_n(&freed, __ATOMIC_ACQUIRE) != 1 ||
	    __atomic_load_n(&last_freed, __ATOMIC_RELAXED) != pp) {
		printf("    FAIL: the pool was not freed while the putter was parked\n");
		goto fail;
	}
	/* the pool is unmapped: the putter must not touch it from here */
	release_all();
	TEST_ASSERT_EQUAL(thr_join(&t), TEST_SUCCESS,
			  "the putter did not reach every park");
	rte_errno = 0;
	TEST_ASSERT_NULL(pagepool_lookup("r_put"), "lookup after the free");
	TEST_ASSERT_EQUAL(rte_errno, ENOENT, "rte_errno of lookup");
	return TEST_SUCCESS;
fail:
	release_all();
	thr_join(&t);
	return TEST_FAILED;
}

static int
put_row_selected(const struct put_row *r)
{
	return only == NULL || strstr("test_put_vs_free", only) != NULL ||
	       strstr(r->what, only) != NULL;
}

static int
test_put_vs_free(void)
{
	unsigned int i;

	for (i = 0; i < RTE_DIM(put_rows); i++)
		if (put_row_selected(&put_rows[i]))
			TEST_CHECK(put_vs_free(&put_rows[i]));
	return TEST_SUCCESS;
}

/*
 * The ring-full path: a put of 6 pages into a ring of 2 enqueues 2, then
 * sends 4 to the ring's overflow (owned pool: the owner arbitrates them).
 * Counters first (nothing destroyed), then with destroy and the alarm
 * running between the two enqueues: the 4 pages still in hand keep the
 * pool alive until the second one (then into the backing store: a
 * destroyed pool has no owner, the putter is its arbiter).
 */
struct bulk_job {
	struct pagepool_page *pages[6];
	int park;
};

static int
bulk_putter(void *arg)
{
	static const enum pp_test_point plan[] = {
		PP_TEST_PUT_ENQUEUED, PP_TEST_PUT_ENQUEUED };
	struct bulk_job *j = arg;
	unsigned int left;

	if (j->park)
		arm(plan, RTE_DIM(plan));
	pagepool_put_bulk(j->pages, RTE_DIM(j->pages));
	left = tl_nplan;
	tl_nplan = 0;
	return left == 0 ? TEST_SUCCESS : TEST_FAILED;
}

static int
test_ring_full(void)
{
	struct pagepool_info in;
	struct bulk_job j;
	struct pagepool *pp;
	struct thr t;
	int out;

	reset_counts();
	memset(&j, 0, sizeof(j));
	pp = test_pool_create("r_full", 8, 4096, rte_lcore_id(), 0, 2);
	TEST_ASSERT_NOT_NULL(pp, "create with a ring of 2");
	TEST_ASSERT_EQUAL(pagepool_alloc_bulk(pp, j.pages, 6), 6, "alloc_bulk");
	pagepool_stats_reset(pp);
	TEST_ASSERT_EQUAL(test_on_worker(bulk_putter, &j), TEST_SUCCESS, "put");
	in = test_info(pp);
#ifdef PAGEPOOL_STATS
	TEST_ASSERT_EQUAL(in.stats.recycle_ring, 2, "recycle_ring");
	TEST_ASSERT_EQUAL(in.stats.recycle_ring_full, 4, "recycle_ring_full");
	TEST_ASSERT_EQUAL(in.stats.recycle_released, 0, "recycle_released");
#endif
	TEST_ASSERT_EQUAL(in.ring, 6, "pages in the ring (2) and its overflow (4)");
	TEST_ASSERT_EQUAL(in.in_flight, 0, "in flight");
	TEST_CHECK(test_pool_check_sum(pp));

	TEST_ASSERT_EQUAL(pagepool_alloc_bulk(pp, j.pages, 6), 6, "alloc_bulk");
	j.park = 1;
	TEST_ASSERT_EQUAL(thr_start(&t, 0, bulk_putter, &j), 0, "start");
	if (wait_for(&parked, 1, NULL, "park after the ring enqueue") != 0)
		goto fail;
	out = pagepool_destroy(pp);
	if (out != 4) {
		printf("    FAIL: destroy returned %d, expected 4 (still in the putter's hand)\n",
		       out);
		goto fail;
	}
	if (__atomic_load_n(&freed, __ATOMIC_ACQUIRE) != 0) {
		printf("    FAIL: pool freed while a put held 4 of its pages\n");
		goto fail;
	}
	release_to(1);
	if (wait_for(&parked, 2, NULL, "park after the backing enqueue") != 0 ||
	    wait_for(&freed, 1, NULL, "free by the release alarm") != 0)
		goto fail;
	release_all();
	TEST_ASSERT_EQUAL(thr_join(&t), TEST_SUCCESS, "putter parks");
	TEST_ASSERT_NULL(pagepool_lookup("r_full"), "lookup after the free");
	return TEST_SUCCESS;
fail:
	release_all();
	thr_join(&t);
	return TEST_FAILED;
}

/*
 * pagepool_put_bulk() of pages of nine pools sorts them into a table of
 * eight. Pool A's 64 pages fill its group, which is recycled at once; the
 * putter parks there while destroy frees A. The ninth pool then flushes the
 * table, where A's group is empty: A must not be touched again.
 */
#define FLUSH_A_PAGES 64
#define FLUSH_OTHERS 8

struct flush_job {
	struct pagepool_page *pages[FLUSH_A_PAGES + FLUSH_OTHERS];
};

static int
flush_putter(void *arg)
{
	static const enum pp_test_point plan[] = { PP_TEST_PUT_ENQUEUED };
	struct flush_job *j = arg;
	unsigned int left;

	arm(plan, RTE_DIM(plan));
	pagepool_put_bulk(j->pages, RTE_DIM(j->pages));
	left = tl_nplan;
	tl_nplan = 0;
	return left == 0 ? TEST_SUCCESS : TEST_FAILED;
}

static int
test_bulk_flush_after_free(void)
{
	static struct flush_job j;
	struct pagepool *a, *others[FLUSH_OTHERS] = { NULL };
	char name[PAGEPOOL_NAMESIZE];
	unsigned int i;
	struct thr t;
	int ret = TEST_FAILED;

	reset_counts();
	a = test_pool_create("r_flush_a", FLUSH_A_PAGES, 4096, rte_lcore_id(), 0, 0);
	TEST_ASSERT_NOT_NULL(a, "create pool a");
	TEST_ASSERT_EQUAL(pagepool_alloc_bulk(a, j.pages, FLUSH_A_PAGES),
			  FLUSH_A_PAGES, "alloc all of a");
	for (i = 0; i < FLUSH_OTHERS; i++) {
		snprintf(name, sizeof(name), "r_flush_%u", i);
		others[i] = test_pool_create(name, 1, 4096, rte_lcore_id(), 0, 0);
		TEST_ASSERT_NOT_NULL(others[i], "create %s", name);
		j.pages[FLUSH_A_PAGES + i] = pagepool_alloc(others[i]);
		TEST_ASSERT_NOT_NULL(j.pages[FLUSH_A_PAGES + i], "alloc from %s",
				     name);
	}
	TEST_ASSERT_EQUAL(thr_start(&t, 0, flush_putter, &j), 0, "start");
	if (wait_for(&parked, 1, NULL, "park after a's group went home") != 0)
		goto out;
	if (pagepool_destroy(a) != 0 ||
	    __atomic_load_n(&freed, __ATOMIC_ACQUIRE) != 1) {
		printf("    FAIL: a not freed at once with all its pages home\n");
		goto out;
	}
	release_all();
	if (thr_join(&t) != TEST_SUCCESS) {
		printf("    FAIL: the putter did not park\n");
		goto out_joined;
	}
	ret = TEST_SUCCESS;
	for (i = 0; i < FLUSH_OTHERS; i++) {
		if (pagepool_in_flight(others[i]) != 0) {
			printf("    FAIL: pool %u: page not back\n", i);
			ret = TEST_FAILED;
		}
	}
	goto out_joined;
out:
	release_all();
	thr_join(&t);
out_joined:
	for (i = 0; i < FLUSH_OTHERS; i++)
		if (pagepool_destroy(others[i]) != 0) {
			printf("    FAIL: pool %u: destroy with pages out\n", i);
			ret = TEST_FAILED;
		}
	return ret;
}

/* ---- 2. Pool list walks against the free of a pool ---- */

enum walk_how {
	WALK_LOOKUP,         /* pagepool_lookup() of an absent name */
	WALK_CREATE,         /* pagepool_create() of a new name */
	WALK_INFO,           /* pagepool_info_lookup() of the victim itself */
};

struct walk_job {
	enum walk_how how;
	struct pagepool *found;
	int err;
	struct pagepool_info info;
};

static int
walker(void *arg)
{
	static const enum pp_test_point plan[] = { PP_TEST_LIST_WALK };
	struct walk_job *j = arg;
	unsigned int left;

	arm(plan, RTE_DIM(plan));
	rte_errno = 0;
	if (j->how == WALK_INFO) {
		/* the victim is found while parked on it and read before
		 * the free can take the list lock */
		j->err = pagepool_info_lookup("r_victim", &j->info);
	} else {
		j->found = j->how == WALK_CREATE ?
			test_pool_create("r_new", 8, 4096, PAGEPOOL_OWNER_NONE, 0, 0) :
			pagepool_lookup("r_absent");
		j->err = rte_errno;
	}
	left = tl_nplan;
	tl_nplan = 0;
	return left == 0 ? TEST_SUCCESS : TEST_FAILED;
}

static int
freer(void *arg)
{
	tl_freer = 1;
	return pagepool_destroy(arg);
}

/*
 * The walker parks at the list entry of pool "r_victim" (the only pool);
 * another thread destroys the victim, which frees it at once (no pages
 * out). That free must wait for the walk: the test waits until it either
 * completes (the bug: the walker then reads a freed entry and pool) or
 * reports that it waits for the list lock, then releases the walker.
 */
static int
walk_vs_free(enum walk_how how)
{
	struct walk_job j = { .how = how };
	struct thr tw, tf;
	struct pagepool *victim;
	int ret = TEST_FAILED, fret;

	reset_counts();
	victim = test_pool_create("r_victim", 8, 4096, PAGEPOOL_OWNER_NONE, 0, 0);
	TEST_ASSERT_NOT_NULL(victim, "create the victim");
	TEST_ASSERT_EQUAL(thr_start(&tw, 0, walker, &j), 0, "start the walker");
	if (wait_for(&parked, 1, NULL, "walker park") != 0) {
		release_all();
		thr_join(&tw);
		pagepool_destroy(victim);
		return TEST_FAILED;
	}
	if (thr_start(&tf, 1, freer, victim) != 0) {
		release_all();
		thr_join(&tw);
		pagepool_destroy(victim);
		return TEST_FAILED;
	}
	if (wait_for(&freed, 1, &freer_waits, "free or wait for the list lock") == 0) {
		if (__atomic_load_n(&freed, __ATOMIC_ACQUIRE) != 0)
			printf("    note: the victim was freed under a parked walker\n");
		ret = TEST_SUCCESS;
	}
	release_all();
	if (thr_join(&tw) != TEST_SUCCESS) {
		printf("    FAIL: the walker did not park\n");
		ret = TEST_FAILED;
	}
	fret = thr_join(&tf);
	if (fret != 0) {
		printf("    FAIL: destroy of the victim returned %d\n", fret);
		ret = TEST_FAILED;
	}
	TEST_ASSERT(ret == TEST_SUCCESS, "see above");
	TEST_ASSERT_EQUAL(__atomic_load_n(&freed, __ATOMIC_ACQUIRE), 1,
			  "the victim is freed once the walk is over");
	TEST_ASSERT_EQUAL(__atomic_load_n(&freer_waits, __ATOMIC_ACQUIRE), 1,
			  "the free waited for the walk");
	if (how == WALK_CREATE) {
		TEST_ASSERT_NOT_NULL(j.found, "create r_new");
		TEST_ASSERT(pagepool_lookup("r_new") == j.found, "lookup r_new");
		TEST_ASSERT_EQUAL(pagepool_destroy(j.found), 0, "destroy r_new");
	} else if (how == WALK_INFO) {
		TEST_ASSERT_EQUAL(j.err, 0, "info of the victim, read under the lock");
		TEST_ASSERT_EQUAL(j.info.nb_pages, 8, "the victim's nb_pages");
		TEST_ASSERT_EQUAL(j.info.in_flight, 0, "the victim's in_flight");
		TEST_ASSERT_EQUAL(pagepool_info_lookup("r_victim", &j.info), -ENOENT,
				  "info of the freed victim");
	} else {
		TEST_ASSERT_NULL(j.found, "lookup of an absent name");
		TEST_ASSERT_EQUAL(j.err, ENOENT, "rte_errno of the lookup");
	}
	TEST_ASSERT_NULL(pagepool_lookup("r_victim"), "victim gone");
	return TEST_SUCCESS;
}

static int
test_lookup_vs_free(void)
{
	return walk_vs_free(WALK_LOOKUP);
}

static int
test_create_vs_free(void)
{
	return walk_vs_free(WALK_CREATE);
}

/* What examples/common/ppex.c does at exit: read a pool by name that the
 * release alarm may free at that moment. */
static int
test_info_vs_free(void)
{
	return walk_vs_free(WALK_INFO);
}

/* ---- suite ---- */

static int
setup(void)
{
	pp_test_hook = hook;
	hdr_mp = rte_pktmbuf_pool_create("r_hdr", 63, 0, 0, 0, SOCKET_ID_ANY);
	TEST_ASSERT_NOT_NULL(hdr_mp, "header mbuf pool");
	return TEST_SUCCESS;
}

static void
teardown(void)
{
	pp_test_hook = NULL;
	rte_mempool_free(hdr_mp);
}

static const struct test_case all_cases[] = {
	TEST_CASE(test_put_vs_free),
	TEST_CASE(test_ring_full),
	TEST_CASE(test_bulk_flush_after_free),
	TEST_CASE(test_lookup_vs_free),
	TEST_CASE(test_info_vs_free),
	TEST_CASE(test_create_vs_free),
};

int
main(int argc, char **argv)
{
	static struct test_case cases[RTE_DIM(all_cases)];
	struct test_suite s = { "pagepool races", setup, teardown, cases, 0 };
	unsigned int i, r;
	int rows = 0;

	RTE_SET_USED(argc);
	RTE_SET_USED(argv);
	only = getenv("PAGEPOOL_RACES_CASE");
	for (r = 0; r < RTE_DIM(put_rows); r++)
		rows |= put_row_selected(&put_rows[r]);
	for (i = 0; i < RTE_DIM(all_cases); i++)
		if (only == NULL || strstr(all_cases[i].name, only) != NULL ||
		    (all_cases[i].fn == test_put_vs_free && rows))
			cases[s.nb_cases++] = all_cases[i];
	return test_main("races", NULL, &s);
}
