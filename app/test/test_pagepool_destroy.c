/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The pagepool authors
 */
/*
 * Suite "destroy": a pool destroyed with pages in flight stops handing out
 * pages, stays findable, warns periodically that its shutdown is stalled
 * (naming itself), and frees itself once the last page comes back, from
 * whichever thread puts it.
 */
#define _GNU_SOURCE /* fopencookie(), memmem() */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <rte_cycles.h>
#include <rte_lcore.h>
#include <rte_log.h>
#include <rte_memzone.h>

#include "test_common.h"

/* The library frees a drained pool from an EAL alarm every ~100 ms. */
#define FREE_WAIT_MS 5000

/* Poll pagepool_lookup(name) until it fails; return ms waited, or -1. */
static long
wait_freed(const char *name)
{
	uint64_t start = rte_get_timer_cycles(), hz = rte_get_timer_hz();

	while (pagepool_lookup(name) != NULL) {
		if (rte_get_timer_cycles() - start > FREE_WAIT_MS * hz / 1000)
			return -1;
		usleep(1000);
	}
	return (long)((rte_get_timer_cycles() - start) * 1000 / hz);
}

static int
test_destroy_idle(void)
{
	struct pagepool *pp;
	struct pagepool_page *pg;

	pp = test_pool_create("d_idle", 32, 4096, rte_lcore_id(), 0, 0);
	TEST_ASSERT_NOT_NULL(pp, "create");
	TEST_ASSERT_NOT_NULL(pg = pagepool_alloc(pp), "alloc");
	pagepool_put_page(pg);
	TEST_ASSERT_EQUAL(pagepool_destroy(pp), 0, "destroy of a pool with nothing out");
	rte_errno = 0;
	TEST_ASSERT_NULL(pagepool_lookup("d_idle"), "lookup after destroy");
	TEST_ASSERT_EQUAL(rte_errno, ENOENT, "rte_errno");
	pp = test_pool_create("d_idle", 32, 4096, rte_lcore_id(), 0, 0);
	TEST_ASSERT_NOT_NULL(pp, "name free again at once");
	TEST_ASSERT_EQUAL(pagepool_destroy(pp), 0, "destroy");
	return TEST_SUCCESS;
}

struct put_job {
	struct pagepool_page **pages;
	unsigned int n;
};

static int
job_put(void *arg)
{
	struct put_job *j = arg;
	unsigned int i;

	for (i = 0; i < j->n; i++)
		pagepool_put_page(j->pages[i]);
	return TEST_SUCCESS;
}

static int
job_poll(void *arg)
{
	struct pagepool *pp = arg;

	pagepool_poll(pp);
	return pagepool_is_owner(pp);
}

/*
 * Destroy with 10 pages out: no more allocations (ENOENT), lookup still
 * finds it, a "stalled" warning naming it every 200 ms; then the pages come
 * back from the main lcore, the worker and a pthread, and it goes away.
 */
static int
test_destroy_in_flight(void)
{
	struct pagepool_page *pages[10], *bulk[4], *pg;
	struct pagepool *pp, *pp2;
	struct pagepool_info in;
	struct put_job j;
	FILE *log = tmpfile();
	uint32_t off;
	long ms;
	int ret, warns, names;

	TEST_ASSERT(log != NULL, "tmpfile");
	pagepool_set_stall_warn_ms(200);
	pp = test_pool_create("d_waiting", 64, 4096, rte_lcore_id(), 16, 0);
	TEST_ASSERT_NOT_NULL(pp, "create");
	TEST_ASSERT_EQUAL(pagepool_alloc_bulk(pp, pages, 10), 10, "alloc_bulk");
	pg = pagepool_alloc(pp);
	pagepool_put_page(pg);   /* one page in the cache */
	rte_openlog_stream(log);
	ret = pagepool_destroy(pp);
	if (ret != 10) {
		rte_openlog_stream(NULL);
		TEST_ASSERT_EQUAL(ret, 10, "destroy with 10 pages in flight");
	}
	TEST_ASSERT(pagepool_lookup("d_waiting") == pp, "lookup while pages are out");
	in = test_info(pp);
	TEST_ASSERT(in.destroying, "info.destroying");
	TEST_ASSERT_EQUAL(in.in_flight, 10, "in_flight after destroy");
	/* by name, as a report at exit reads it */
	memset(&in, 0, sizeof(in));
	TEST_ASSERT_EQUAL(pagepool_info_lookup("d_waiting", &in), 0, "info_lookup");
	TEST_ASSERT(in.destroying && in.in_flight == 10 && in.nb_pages == 64,
		    "info_lookup: destroying %d, in_flight %u, nb_pages %u",
		    in.destroying, in.in_flight, in.nb_pages);
	TEST_ASSERT_EQUAL(pagepool_info_lookup(NULL, &in), -EINVAL, "info_lookup(NULL)");
	TEST_ASSERT_EQUAL(pagepool_info_lookup("d_waiting", NULL), -EINVAL,
			  "info_lookup(name, NULL)");
	TEST_ASSERT_EQUAL(pagepool_info_lookup("d_never", &in), -ENOENT,
			  "info_lookup of an unknown name");
	TEST_ASSERT_EQUAL(pagepool_in_flight(pp), 10, "pagepool_in_flight after destroy");

	/* nothing more comes out, whoever asks */
	rte_errno = 0;
	TEST_ASSERT_NULL(pagepool_alloc(pp), "alloc after destroy");
	TEST_ASSERT_EQUAL(rte_errno, ENOENT, "rte_errno of alloc after destroy");
	rte_errno = 0;
	TEST_ASSERT_EQUAL(pagepool_alloc_bulk(pp, bulk, 4), 0, "alloc_bulk after destroy");
	TEST_ASSERT_EQUAL(rte_errno, ENOENT, "rte_errno of alloc_bulk after destroy");
	rte_errno = 0;
	TEST_ASSERT_NULL(pagepool_alloc_frag(pp, &off, 256), "alloc_frag after destroy");
	TEST_ASSERT_EQUAL(rte_errno, ENOENT, "rte_errno of alloc_frag after destroy");
	pagepool_poll(pp);
	TEST_ASSERT(!pagepool_is_owner(pp), "main owns a destroyed pool after a poll");
	TEST_ASSERT_EQUAL(test_on_worker(job_poll, pp), 0,
			  "the worker owns a destroyed pool after a poll");
	TEST_ASSERT_NULL(pagepool_alloc(pp), "alloc after destroy and poll");

	/* the name stays taken until the pool is gone */
	rte_errno = 0;
	pp2 = test_pool_create("d_waiting", 8, 4096, rte_lcore_id(), 0, 0);
	if (pp2 != NULL)
		pagepool_destroy(pp2);
	TEST_ASSERT_NULL(pp2, "a pool created under the name of a stalled one");
	TEST_ASSERT_EQUAL(rte_errno, EEXIST, "rte_errno");

	/* stalled for ~0.7 s: the 200 ms warning fires a few times */
	usleep(700 * 1000);
	warns = test_file_contains(log, "stalled");
	names = test_file_contains(log, "d_waiting");
	printf("    %d 'stalled' warnings in 0.7 s\n", warns);
	if (warns < 2 || names < 2) {
		rte_openlog_stream(NULL);
		TEST_ASSERT(0, "expected >= 2 'stalled' warnings naming d_waiting in 0.7 s; saw %d and %d",
			    warns, names);
	}
#ifdef PAGEPOOL_DEBUG
	/* pool_debug builds say who holds the pages: all taken on main */
	{
		char who[32];

		snprintf(who, sizeof(who), "lcore %u", rte_lcore_id());
		if (test_file_contains(log, who) < 1) {
			rte_openlog_stream(NULL);
			TEST_ASSERT(0, "stall report does not name %s, the holder", who);
		}
	}
#endif
	TEST_ASSERT(pagepool_lookup("d_waiting") == pp, "lookup while pages are out");

	/* put them back from everywhere */
	j = (struct put_job){ pages, 4 };
	TEST_CHECK(job_put(&j));
	TEST_ASSERT_EQUAL(pagepool_in_flight(pp), 6, "in_flight");
	j = (struct put_job){ pages + 4, 3 };
	TEST_CHECK(test_on_worker(job_put, &j));
	TEST_ASSERT_EQUAL(pagepool_in_flight(pp), 3, "in_flight");
	usleep(300 * 1000);
	TEST_ASSERT(pagepool_lookup("d_waiting") == pp,
		    "pool freed with 3 pages still out");
	j = (struct put_job){ pages + 7, 3 };
	TEST_CHECK(test_on_pthread(job_put, &j));
	/* pp may be gone from here on */
	ms = wait_freed("d_waiting");
	rte_openlog_stream(NULL);
	TEST_ASSERT(ms >= 0, "pool not freed %d ms after its last page came back",
		    FREE_WAIT_MS);
	printf("    freed %ld ms after the last put\n", ms);
	fclose(log);
	TEST_ASSERT_EQUAL(pagepool_info_lookup("d_waiting", &in), -ENOENT,
			  "info_lookup of a freed pool");
	pp = test_pool_create("d_waiting", 8, 4096, rte_lcore_id(), 0, 0);
	TEST_ASSERT_NOT_NULL(pp, "name free after the pool was freed");
	TEST_ASSERT_EQUAL(pagepool_destroy(pp), 0, "destroy");
	return TEST_SUCCESS;
}

/* The last page of a destroyed pool comes back by the last fragment. */
static int
test_destroy_with_frags(void)
{
	struct pagepool_page *f[3];
	struct pagepool *pp;
	uint32_t off, i;
	long ms;

	pp = test_pool_create("d_frags", 16, 4096, rte_lcore_id(), 0, 0);
	TEST_ASSERT_NOT_NULL(pp, "create");
	for (i = 0; i < 3; i++)
		TEST_ASSERT_NOT_NULL(f[i] = pagepool_alloc_frag(pp, &off, 512), "frag");
	TEST_ASSERT_EQUAL(pagepool_destroy(pp), 1,
			  "destroy with 3 fragments of one page out");
	pagepool_put_page(f[0]);
	pagepool_put_page(f[1]);
	usleep(300 * 1000);
	TEST_ASSERT(pagepool_lookup("d_frags") == pp,
		    "pool freed with a fragment still out");
	TEST_ASSERT_EQUAL(pagepool_in_flight(pp), 1, "in_flight");
	pagepool_put_page(f[2]);
	ms = wait_freed("d_frags");
	TEST_ASSERT(ms >= 0, "pool not freed after its last fragment came back");
	return TEST_SUCCESS;
}

/* Pages put back into a destroyed pool from the ring-filling side. */
static int
test_destroy_remote_puts(void)
{
	struct pagepool_page *pages[200];
	struct pagepool *pp;
	struct put_job j = { pages, 200 };
	long ms;
	int i;

	pp = test_pool_create("d_remote", 256, 2048, rte_lcore_id(), 32, 8);
	TEST_ASSERT_NOT_NULL(pp, "create");
	for (i = 0; i < 200; i++)
		TEST_ASSERT_NOT_NULL(pages[i] = pagepool_alloc(pp), "alloc");
	/* some in the ring already, as when traffic stops */
	j.n = 5;
	TEST_CHECK(test_on_worker(job_put, &j));
	TEST_ASSERT_EQUAL(pagepool_destroy(pp), 195, "destroy");
	j = (struct put_job){ pages + 5, 195 };
	TEST_CHECK(test_on_worker(job_put, &j));
	ms = wait_freed("d_remote");
	TEST_ASSERT(ms >= 0, "pool not freed after remote puts");
	return TEST_SUCCESS;
}

/*
 * A log stream whose writer parks the logging thread on a given line until
 * the test lets it go (at most PARK_MAX_MS): a way to stop the release
 * alarm at a known point of pp_free_now() without a hook in the library.
 * rte_vlog() writes each message with one fflush(), so a line arrives
 * whole.
 */
#define PARK_MAX_MS 5000

struct park {
	const char *needle;
	int parked;     /* atomic: the logging thread waits */
	int go;         /* atomic: the test lets it go */
};

static ssize_t
park_write(void *cookie, const char *buf, size_t len)
{
	struct park *p = cookie;
	uint64_t end = rte_get_timer_cycles() +
		       PARK_MAX_MS * rte_get_timer_hz() / 1000;

	fwrite(buf, 1, len, stdout);
	if (memmem(buf, len, p->needle, strlen(p->needle)) == NULL)
		return (ssize_t)len;
	__atomic_store_n(&p->parked, 1, __ATOMIC_RELEASE);
	while (!__atomic_load_n(&p->go, __ATOMIC_ACQUIRE) &&
	       rte_get_timer_cycles() < end)
		usleep(1000);
	return (ssize_t)len;
}

/*
 * Once pagepool_lookup() no longer finds a destroyed pool, its page memory
 * must be back with the EAL: whoever waits for the name to go (wait_freed()
 * here, an application about to call rte_eal_cleanup()) must not run on
 * while the release alarm is still inside rte_memzone_free() and rte_log().
 * The alarm is parked at the pool's "freed" debug line to look.
 */
static int
test_destroy_gone_means_freed(void)
{
	struct park park = { "d_gone: freed", 0, 0 };
	cookie_io_functions_t io = { NULL, park_write, NULL, NULL };
	char mzname[RTE_MEMZONE_NAMESIZE];
	struct pagepool_page *pg;
	struct pagepool *pp;
	uint64_t end;
	int parked, listed, mz_there;
	FILE *log;
	long ms;

	pp = test_pool_create("d_gone", 16, 4096, rte_lcore_id(), 0, 0);
	TEST_ASSERT_NOT_NULL(pp, "create");
	snprintf(mzname, sizeof(mzname), "%s", pp->mz->name);
	TEST_ASSERT_NOT_NULL(pg = pagepool_alloc(pp), "alloc");
	log = fopencookie(&park, "w", io);
	TEST_ASSERT(log != NULL, "fopencookie");
	rte_openlog_stream(log);
	rte_log_set_level_pattern("pagepool", RTE_LOG_DEBUG);
	TEST_ASSERT_EQUAL(pagepool_destroy(pp), 1, "destroy with a page out");
	pagepool_put_page(pg);	/* the alarm frees the pool from now on */
	end = rte_get_timer_cycles() + PARK_MAX_MS * rte_get_timer_hz() / 1000;
	while (!(parked = __atomic_load_n(&park.parked, __ATOMIC_ACQUIRE)) &&
	       rte_get_timer_cycles() < end)
		usleep(1000);
	/* the alarm thread is held inside pp_free_now(): look */
	listed = pagepool_lookup("d_gone") != NULL;
	mz_there = rte_memzone_lookup(mzname) != NULL;
	__atomic_store_n(&park.go, 1, __ATOMIC_RELEASE);
	ms = wait_freed("d_gone");
	rte_log_set_level_pattern("pagepool", RTE_LOG_INFO);
	rte_openlog_stream(NULL);
	fclose(log);
	TEST_ASSERT(parked, "the release alarm never logged \"%s\"", park.needle);
	TEST_ASSERT(listed || !mz_there,
		    "pagepool_lookup() lost the pool while its memzone %s was still reserved",
		    mzname);
	TEST_ASSERT(ms >= 0, "pool not freed");
	TEST_ASSERT_NULL(rte_memzone_lookup(mzname), "memzone %s left behind", mzname);
	return TEST_SUCCESS;
}

static const struct test_case cases[] = {
	TEST_CASE(test_destroy_idle),
	TEST_CASE(test_destroy_in_flight),
	TEST_CASE(test_destroy_with_frags),
	TEST_CASE(test_destroy_remote_puts),
	TEST_CASE(test_destroy_gone_means_freed),
};

int
main(int argc, char **argv)
{
	struct test_suite s = { "pagepool destroy", NULL, NULL,
				cases, RTE_DIM(cases) };

	RTE_SET_USED(argc);
	RTE_SET_USED(argv);
	return test_main("destroy", NULL, &s);
}
