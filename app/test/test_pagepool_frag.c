/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The pagepool authors
 */
/*
 * Suite "fragments": pagepool_alloc_frag for each page size and a table of
 * fragment sizes; alignment, no overlap, dense carving; the page recycles
 * when its last fragment is put, wherever that happens; bad sizes.
 */
#include <stdlib.h>

#include <rte_lcore.h>

#include "test_common.h"

static const uint32_t page_sizes[] = { 2048, 4096, 16384, 65536 };
static const uint32_t frag_sizes[] = { 1, 63, 64, 65, 100, 128, 256, 1000,
				       1024, 1500, 2048, 3000, 4096, 9000,
				       16384, 32768, 65536 };

/* Fragments are carved in slots: 64 B, or a 64th of a page above 4 KiB. */
static uint32_t
frag_slot(uint32_t ps)
{
	return RTE_MAX(ps / 64, (uint32_t)PAGEPOOL_FRAG_ALIGN);
}

struct frag {
	struct pagepool_page *pg;
	uint32_t off;
	uint32_t len;
};

static int
frag_cmp(const void *a, const void *b)
{
	const struct frag *x = a, *y = b;

	if (x->pg != y->pg)
		return (uintptr_t)x->pg < (uintptr_t)y->pg ? -1 : 1;
	return x->off < y->off ? -1 : x->off > y->off;
}

/*
 * Carve n fragments of size sz from pages of ps bytes: each aligned,
 * inside its page, not overlapping another, filled with its own pattern,
 * packed densely (round 0; later rounds may first finish the page left
 * from the round before); then put them back in shuffled order.
 */
static int
carve_round(struct pagepool *pp, uint32_t ps, uint32_t sz, struct frag *f,
	    uint32_t n, unsigned int round, uint64_t *seed)
{
	const uint32_t per_page = ps / RTE_ALIGN_CEIL(sz, frag_slot(ps));
	const uint32_t dense = (n + per_page - 1) / per_page;
	uint32_t i, pages_used = 0;

	for (i = 0; i < n; i++) {
		f[i].pg = pagepool_alloc_frag(pp, &f[i].off, sz);
		TEST_ASSERT_NOT_NULL(f[i].pg, "round %u: frag %u of %u B in %u B pages",
				     round, i, sz, ps);
		f[i].len = sz;
		TEST_ASSERT(f[i].pg->pool == pp, "fragment of another pool");
		TEST_ASSERT(f[i].off % PAGEPOOL_FRAG_ALIGN == 0,
			    "offset %u of a %u B fragment not aligned to %u",
			    f[i].off, sz, PAGEPOOL_FRAG_ALIGN);
		TEST_ASSERT(f[i].off + sz <= ps,
			    "fragment [%u, +%u) runs past a %u B page", f[i].off, sz, ps);
		TEST_ASSERT(pagepool_page_refcnt(f[i].pg) >= 1,
			    "fragment's page has refcnt 0");
		memset(RTE_PTR_ADD(f[i].pg->addr, f[i].off), (int)(i & 0xff), sz);
		TEST_ASSERT(pagepool_page_from_addr(RTE_PTR_ADD(f[i].pg->addr,
				f[i].off + sz - 1)) == f[i].pg,
			    "page_from_addr of a fragment's last byte");
	}
	/* every pattern intact: nobody else wrote our bytes */
	for (i = 0; i < n; i++) {
		const uint8_t *p = RTE_PTR_ADD(f[i].pg->addr, f[i].off);
		uint32_t k;

		for (k = 0; k < sz; k++)
			TEST_ASSERT(p[k] == (i & 0xff),
				    "round %u: fragment %u (%u B at %u) overwritten at byte %u",
				    round, i, sz, f[i].off, k);
	}
	qsort(f, n, sizeof(*f), frag_cmp);
	for (i = 0; i < n; i++) {
		if (i == 0 || f[i].pg != f[i - 1].pg)
			pages_used++;
		else
			TEST_ASSERT(f[i - 1].off + sz <= f[i].off,
				    "round %u: fragments [%u,+%u) and [%u,+%u) overlap",
				    round, f[i - 1].off, sz, f[i].off, sz);
	}
	TEST_ASSERT(pages_used == dense || (round > 0 && pages_used == dense + 1),
		    "round %u: %u pages used for %u fragments of %u B (%u per %u B page)",
		    round, pages_used, n, sz, per_page, ps);
	/* put them back in shuffled order */
	for (i = n; i > 1; i--) {
		uint32_t j = (uint32_t)((*seed = *seed * 6364136223846793005ull +
					 1442695040888963407ull) >> 33) % i;
		struct frag t = f[i - 1];

		f[i - 1] = f[j];
		f[j] = t;
	}
	for (i = 0; i < n; i++)
		pagepool_put_frag(f[i].pg, f[i].off);
	return TEST_SUCCESS;
}

static int
check_frags(uint32_t ps, uint32_t sz)
{
	const uint32_t per_page = ps / RTE_ALIGN_CEIL(sz, frag_slot(ps));
	const uint32_t n = per_page * 3 + 1;
	struct frag *f = calloc(n, sizeof(*f));
	struct pagepool *pp;
	uint64_t seed = ps * 31 + sz;
	uint32_t in_flight;
	unsigned int round;
	int ret = TEST_SUCCESS;

	TEST_ASSERT(f != NULL, "calloc");
	pp = test_pool_create("frag", 64, ps, rte_lcore_id(), 0, 0);
	TEST_ASSERT_NOT_NULL(pp, "create");
	/* again and again: pages whose fragments all came back are reused */
	for (round = 0; round < 3 && ret == TEST_SUCCESS; round++)
		ret = carve_round(pp, ps, sz, f, n, round, &seed);
	free(f);
	TEST_ASSERT_EQUAL(ret, TEST_SUCCESS, "carving %u B fragments of %u B pages", sz, ps);
	in_flight = pagepool_in_flight(pp);
	TEST_ASSERT(in_flight <= 1,
		    "in_flight %u after every fragment was put (at most the page being carved)",
		    in_flight);
	TEST_ASSERT_EQUAL(test_info(pp).bad_put, 0, "bad_put");
	TEST_CHECK(test_pool_check_sum(pp));
	TEST_CHECK(test_pool_check_all(pp, 0));
	ret = pagepool_destroy(pp);
	TEST_ASSERT_EQUAL(ret, 0,
			  "destroy after all fragments were put (in_flight was %u)",
			  in_flight);
	return TEST_SUCCESS;
}

static int
test_frag_sizes(void)
{
	unsigned int i, j;

	for (i = 0; i < RTE_DIM(page_sizes); i++)
		for (j = 0; j < RTE_DIM(frag_sizes); j++)
			if (frag_sizes[j] <= page_sizes[i])
				TEST_CHECK(check_frags(page_sizes[i], frag_sizes[j]));
	return TEST_SUCCESS;
}

/* The page goes back to the pool when its last fragment is put. */
static int
test_frag_recycle_last(void)
{
	struct pagepool_page *a[4], *b;
	struct pagepool_info in;
	struct pagepool *pp;
	uint32_t off[4], boff, i;

	pp = test_pool_create("fraglast", 16, 4096, rte_lcore_id(), 0, 0);
	TEST_ASSERT_NOT_NULL(pp, "create");
	for (i = 0; i < 4; i++) {
		a[i] = pagepool_alloc_frag(pp, &off[i], 1024);
		TEST_ASSERT_NOT_NULL(a[i], "frag %u", i);
		TEST_ASSERT(a[i] == a[0], "4 fragments of 1K share a 4K page");
		TEST_ASSERT_EQUAL(off[i], i * 1024, "offset of fragment %u", i);
	}
	TEST_ASSERT_EQUAL(pagepool_in_flight(pp), 1, "in_flight: one page carved");
	b = pagepool_alloc_frag(pp, &boff, 1024);
	TEST_ASSERT_NOT_NULL(b, "fifth fragment");
	TEST_ASSERT(b != a[0], "fifth 1K fragment on the same 4K page");
	TEST_ASSERT_EQUAL(boff, 0, "first fragment of a new page");
	TEST_ASSERT_EQUAL(pagepool_in_flight(pp), 2, "in_flight: two pages");
	pagepool_stats_reset(pp);
	for (i = 0; i < 3; i++) {
		pagepool_put_page(a[i]);
		TEST_ASSERT_EQUAL(pagepool_in_flight(pp), 2,
				  "page recycled with %u of 4 fragments still out", 3 - i);
		TEST_ASSERT(pagepool_page_refcnt(a[0]) != 0,
			    "refcnt 0 with fragments out");
	}
	TEST_ASSERT_EQUAL(pagepool_put(RTE_PTR_ADD(a[3]->addr, off[3] + 5)), 0,
			  "put(addr) of the last fragment");
	TEST_ASSERT_EQUAL(pagepool_in_flight(pp), 1, "page back after its last fragment");
	TEST_ASSERT_EQUAL(pagepool_page_refcnt(a[0]), 0, "refcnt of the recycled page");
	in = test_info(pp);
#ifdef PAGEPOOL_STATS
	TEST_ASSERT_EQUAL(in.stats.recycle_cached + in.stats.recycle_ring +
			  in.stats.recycle_released, 1, "page recycled once");
#endif
	TEST_ASSERT_EQUAL(in.bad_put, 0, "bad_put");
	pagepool_put_page(b);
	TEST_ASSERT(pagepool_in_flight(pp) <= 1, "in_flight");
	TEST_ASSERT_EQUAL(pagepool_destroy(pp), 0, "destroy");
	return TEST_SUCCESS;
}

/* Size 0 and sizes above a page: NULL with EINVAL, nothing taken. */
static int
test_frag_bad_size(void)
{
	static const uint32_t bad[] = { 0, 4097, 8192, 65536, 65537,
					UINT32_MAX - 64, UINT32_MAX - 62,
					UINT32_MAX };
	struct pagepool_page *pg, *keep;
	struct pagepool *pp;
	uint32_t off = 12345, koff;
	unsigned int i, pass;

	pp = test_pool_create("fragbad", 16, 4096, rte_lcore_id(), 0, 0);
	TEST_ASSERT_NOT_NULL(pp, "create");
	/* pass 0: no page being carved; pass 1: one is */
	for (pass = 0; pass < 2; pass++) {
		keep = NULL;
		if (pass == 1)
			TEST_ASSERT_NOT_NULL(keep = pagepool_alloc_frag(pp, &koff, 64),
					     "frag");
		for (i = 0; i < RTE_DIM(bad); i++) {
			uint32_t before = pagepool_in_flight(pp);

			rte_errno = 0;
			pg = pagepool_alloc_frag(pp, &off, bad[i]);
			if (pg != NULL)
				pagepool_put_page(pg);
			TEST_ASSERT_NULL(pg, "alloc_frag(%u) returned a page (offset %u)%s",
					 bad[i], off, pass ? ", page being carved" : "");
			TEST_ASSERT_EQUAL(rte_errno, EINVAL, "rte_errno of alloc_frag(%u)",
					  bad[i]);
			TEST_ASSERT_EQUAL(pagepool_in_flight(pp), before,
					  "alloc_frag(%u) took a page", bad[i]);
		}
		if (keep != NULL)
			pagepool_put_page(keep);
	}
	/* a whole page is a valid fragment */
	TEST_ASSERT_NOT_NULL(pg = pagepool_alloc_frag(pp, &off, 4096), "frag of 4096");
	TEST_ASSERT_EQUAL(off, 0, "offset of a page-sized fragment");
	pagepool_put_page(pg);
	TEST_ASSERT(pagepool_in_flight(pp) <= 1, "in_flight");
	TEST_ASSERT_EQUAL(pagepool_destroy(pp), 0, "destroy");
	return TEST_SUCCESS;
}

struct fjob {
	struct pagepool *pp;
	struct pagepool_page *pg[8];
	uint32_t off[8];
	unsigned int n;
	uint32_t size;
	int by_addr;
};

static int
fjob_alloc(void *arg)
{
	struct fjob *j = arg;
	unsigned int i;

	for (i = 0; i < j->n; i++) {
		j->pg[i] = pagepool_alloc_frag(j->pp, &j->off[i], j->size);
		if (j->pg[i] == NULL)
			return TEST_FAILED;
	}
	return TEST_SUCCESS;
}

static int
fjob_put(void *arg)
{
	struct fjob *j = arg;
	unsigned int i;

	for (i = 0; i < j->n; i++) {
		if (j->by_addr) {
			if (pagepool_put(RTE_PTR_ADD(j->pg[i]->addr, j->off[i])) != 0)
				return TEST_FAILED;
		} else {
			pagepool_put_page(j->pg[i]);
		}
	}
	return TEST_SUCCESS;
}

/* A non-owner asking for a fragment gets a whole page of its own. */
static int
check_frag_nonowner(int pthread)
{
	struct fjob j = { .n = 4, .size = 512 };
	unsigned int i, k;

	j.pp = test_pool_create("fragremote", 16, 4096, rte_lcore_id(), 0, 0);
	TEST_ASSERT_NOT_NULL(j.pp, "create");
	TEST_CHECK(pthread ? test_on_pthread(fjob_alloc, &j) :
		   test_on_worker(fjob_alloc, &j));
	for (i = 0; i < j.n; i++) {
		TEST_ASSERT(j.off[i] % PAGEPOOL_FRAG_ALIGN == 0 &&
			    j.off[i] + j.size <= 4096, "fragment offset %u", j.off[i]);
		for (k = 0; k < i; k++)
			TEST_ASSERT(j.pg[k] != j.pg[i] ||
				    j.off[k] + j.size <= j.off[i] ||
				    j.off[i] + j.size <= j.off[k],
				    "non-owner fragments overlap");
	}
	TEST_ASSERT_EQUAL(pagepool_in_flight(j.pp), 4,
			  "in_flight after 4 non-owner fragments (a page each)");
	TEST_CHECK(pthread ? test_on_pthread(fjob_put, &j) :
		   test_on_worker(fjob_put, &j));
	TEST_ASSERT_EQUAL(pagepool_in_flight(j.pp), 0, "in_flight after the puts");
	TEST_ASSERT_EQUAL(test_info(j.pp).bad_put, 0, "bad_put");
	TEST_CHECK(test_pool_check_all(j.pp, 0));
	TEST_ASSERT_EQUAL(pagepool_destroy(j.pp), 0, "destroy");
	return TEST_SUCCESS;
}

static int
test_frag_nonowner_worker(void)
{
	return check_frag_nonowner(0);
}

static int
test_frag_nonowner_pthread(void)
{
	return check_frag_nonowner(1);
}

/* The owner carves; another lcore or thread puts the fragments. */
static int
check_frag_remote_put(int pthread, int by_addr)
{
	struct fjob j = { .n = 8, .size = 1024, .by_addr = by_addr };
	struct pagepool_info in;
	struct pagepool_page *c;
	uint32_t o;

	j.pp = test_pool_create("fragput", 16, 4096, rte_lcore_id(), 0, 0);
	TEST_ASSERT_NOT_NULL(j.pp, "create");
	TEST_CHECK(fjob_alloc(&j));   /* pages A and B, 4 fragments each */
	TEST_ASSERT(j.pg[0] == j.pg[3] && j.pg[4] == j.pg[7] && j.pg[0] != j.pg[4],
		    "8 fragments of 1K in two 4K pages");
	/* a page-sized fragment ends the carving of B: a third page, C */
	TEST_ASSERT_NOT_NULL(c = pagepool_alloc_frag(j.pp, &o, 4096), "third page");
	TEST_CHECK(pthread ? test_on_pthread(fjob_put, &j) :
		   test_on_worker(fjob_put, &j));
	in = test_info(j.pp);
	TEST_ASSERT_EQUAL(in.in_flight, 1,
			  "A and B back after their last fragments were put remotely");
	TEST_ASSERT_EQUAL(in.ring, 2, "remote last puts land in the ring");
	pagepool_put_page(c);
	TEST_ASSERT_EQUAL(test_info(j.pp).bad_put, 0, "bad_put");
	TEST_ASSERT(pagepool_in_flight(j.pp) <= 1, "in_flight");
	TEST_ASSERT_EQUAL(pagepool_destroy(j.pp), 0, "destroy");
	return TEST_SUCCESS;
}

static int
test_frag_remote_put(void)
{
	int pthread, by_addr;

	for (pthread = 0; pthread < 2; pthread++)
		for (by_addr = 0; by_addr < 2; by_addr++) {
			printf("    fragments put on %s with %s\n",
			       pthread ? "a pthread" : "the worker",
			       by_addr ? "pagepool_put(addr)" : "pagepool_put_page");
			TEST_CHECK(check_frag_remote_put(pthread, by_addr));
		}
	return TEST_SUCCESS;
}

/* Whole-page allocs between fragment allocs leave the carving alone. */
static int
test_frag_mixed_with_pages(void)
{
	struct pagepool_page *f1, *f2, *p1, *f3;
	struct pagepool *pp;
	uint32_t o1, o2, o3;

	pp = test_pool_create("fragmix", 16, 4096, rte_lcore_id(), 0, 0);
	TEST_ASSERT_NOT_NULL(pp, "create");
	TEST_ASSERT_NOT_NULL(f1 = pagepool_alloc_frag(pp, &o1, 256), "frag");
	TEST_ASSERT_NOT_NULL(p1 = pagepool_alloc(pp), "page");
	TEST_ASSERT(p1 != f1, "a whole page was the page being carved");
	TEST_ASSERT_NOT_NULL(f2 = pagepool_alloc_frag(pp, &o2, 256), "frag");
	TEST_ASSERT(f2 == f1 && o2 == o1 + 256, "carving went on in the same page");
	pagepool_put_page(p1);
	TEST_ASSERT_NOT_NULL(f3 = pagepool_alloc_frag(pp, &o3, 256), "frag");
	TEST_ASSERT(f3 == f1 && o3 == o2 + 256, "carving went on after a page put");
	pagepool_page_get(f1); /* a second user of the first fragment */
	pagepool_put_page(f1);
	pagepool_put_page(f1);
	pagepool_put_page(f2);
	pagepool_put_page(f3);
	TEST_ASSERT_EQUAL(test_info(pp).bad_put, 0, "bad_put");
	TEST_ASSERT(pagepool_in_flight(pp) <= 1, "in_flight");
	TEST_ASSERT_EQUAL(pagepool_destroy(pp), 0, "destroy");
	return TEST_SUCCESS;
}

/*
 * Puts that name their fragment never raise a false alarm, whatever else
 * the page's references do: a second user (pagepool_page_get()) whose put
 * is by address too, and anonymous puts (pagepool_put_page(), bulk) mixed
 * with named ones. Each way: bad_put 0 and the page home once, with its
 * last reference. (The fragment mask made a second user's named put look
 * like a second put until pagepool_page_get() turned the page's puts
 * anonymous.)
 */
static int
test_frag_named_no_false_alarm(void)
{
	struct pagepool_page *a, *b, *c, *d, *bulk[2];
	uint32_t oa, ob, oc, od;
	struct pagepool *pp;
	int finished;

	pp = test_pool_create("fragok", 16, 4096, rte_lcore_id(), 0, 0);
	TEST_ASSERT_NOT_NULL(pp, "create");
	for (finished = 0; finished < 2; finished++) {
		TEST_ASSERT_NOT_NULL(a = pagepool_alloc_frag(pp, &oa, 512), "a");
		TEST_ASSERT_NOT_NULL(b = pagepool_alloc_frag(pp, &ob, 512), "b");
		TEST_ASSERT_NOT_NULL(c = pagepool_alloc_frag(pp, &oc, 512), "c");
		TEST_ASSERT_NOT_NULL(d = pagepool_alloc_frag(pp, &od, 512), "d");
		TEST_ASSERT(a == b && b == c && c == d, "four fragments of one page");
		if (finished) {
			struct pagepool_page *e;
			uint32_t oe;

			TEST_ASSERT_NOT_NULL(e = pagepool_alloc_frag(pp, &oe, 4096), "e");
			pagepool_put_frag(e, oe);
		}
		/* a's second user, both put by address */
		pagepool_page_get(a);
		TEST_ASSERT_EQUAL(pagepool_put(RTE_PTR_ADD(a->addr, oa + 10)), 0,
				  "a, first user");
		TEST_ASSERT_EQUAL(pagepool_put(RTE_PTR_ADD(a->addr, oa + 20)), 0,
				  "a, second user");
		/* b anonymous, c by name, d in a bulk */
		pagepool_put_page(b);
		pagepool_put_frag(c, oc);
		TEST_ASSERT_EQUAL(test_info(pp).bad_put, 0, "bad_put");
		TEST_ASSERT(pagepool_page_refcnt(d) != 0, "d's page free while d is held");
		bulk[0] = d;
		pagepool_put_bulk(bulk, 1);
		TEST_ASSERT_EQUAL(test_info(pp).bad_put, 0, "bad_put (%s)",
				  finished ? "page finished" : "page being carved");
		TEST_CHECK(test_pool_check_sum(pp));
		TEST_CHECK(test_pool_check_all(pp, 0));
	}
	/* carved again: a page's fragments are told apart again */
	TEST_ASSERT_NOT_NULL(a = pagepool_alloc_frag(pp, &oa, 512), "a");
	TEST_ASSERT_NOT_NULL(b = pagepool_alloc_frag(pp, &ob, 512), "b");
	pagepool_put_frag(a, oa);
	pagepool_put_frag(a, oa);
	TEST_ASSERT_EQUAL(test_info(pp).bad_put, 1, "a put twice after a fresh carving");
	TEST_ASSERT(pagepool_page_refcnt(b) != 0, "b's page free while b is held");
	pagepool_put_frag(b, ob);
	TEST_CHECK(test_pool_check_all(pp, 0));
	TEST_ASSERT_EQUAL(pagepool_destroy(pp), 0, "destroy");
	return TEST_SUCCESS;
}

/* Fragments when the pool runs dry: ENOBUFS, and nothing leaks. */
static int
test_frag_exhaustion(void)
{
	struct pagepool_page *f[8], *pg;
	struct pagepool *pp;
	uint32_t off, i;

	pp = test_pool_create("fragdry", 2, 4096, rte_lcore_id(), 0, 0);
	TEST_ASSERT_NOT_NULL(pp, "create");
	for (i = 0; i < 8; i++)
		TEST_ASSERT_NOT_NULL(f[i] = pagepool_alloc_frag(pp, &off, 1024),
				     "frag %u of 8 (two pages)", i);
	rte_errno = 0;
	pg = pagepool_alloc_frag(pp, &off, 1024);
	TEST_ASSERT_NULL(pg, "a ninth 1K fragment from two 4K pages");
	TEST_ASSERT_EQUAL(rte_errno, ENOBUFS, "rte_errno");
	TEST_ASSERT_NULL(pagepool_alloc(pp), "a page from an exhausted pool");
	for (i = 0; i < 8; i++)
		pagepool_put_page(f[i]);
	TEST_ASSERT_EQUAL(pagepool_in_flight(pp), 0,
			  "every page back once all fragments are put");
	TEST_CHECK(test_pool_check_all(pp, 0));
	/* page-sized fragments: two, then the pool is dry */
	TEST_ASSERT_NOT_NULL(pg = pagepool_alloc_frag(pp, &off, 4096), "frag 4096");
	TEST_ASSERT_NOT_NULL(f[0] = pagepool_alloc_frag(pp, &off, 4096), "frag 4096");
	TEST_ASSERT_NULL(pagepool_alloc_frag(pp, &off, 4096), "third page of 2");
	pagepool_put_page(pg);
	pagepool_put_page(f[0]);
	TEST_ASSERT(pagepool_in_flight(pp) <= 1, "in_flight");
	TEST_ASSERT_EQUAL(test_info(pp).bad_put, 0, "bad_put");
	TEST_ASSERT_EQUAL(pagepool_destroy(pp), 0, "destroy");
	return TEST_SUCCESS;
}

static const struct test_case cases[] = {
	TEST_CASE(test_frag_sizes),
	TEST_CASE(test_frag_recycle_last),
	TEST_CASE(test_frag_bad_size),
	TEST_CASE(test_frag_nonowner_worker),
	TEST_CASE(test_frag_nonowner_pthread),
	TEST_CASE(test_frag_remote_put),
	TEST_CASE(test_frag_mixed_with_pages),
	TEST_CASE(test_frag_named_no_false_alarm),
	TEST_CASE(test_frag_exhaustion),
};

int
main(int argc, char **argv)
{
	struct test_suite s = { "pagepool fragments", NULL, NULL,
				cases, RTE_DIM(cases) };

	RTE_SET_USED(argc);
	RTE_SET_USED(argv);
	return test_main("frag", NULL, &s);
}
