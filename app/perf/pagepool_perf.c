/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The pagepool authors
 */

/*
 * pagepool-perf: every recycle tier of the page pool timed beside its DPDK
 * counterpart, in one run, on the same lcores.
 *
 *   owner_single  pagepool_alloc + recycle_direct      vs rte_mempool_get + put
 *                 (both puts name the pool)
 *   owner_put_page pagepool_alloc + pagepool_put_page vs the same mempool pair
 *                 (our put finds the pool from the page)
 *   owner_bulk32  alloc_bulk(32) + put_bulk(32)       vs get_bulk + put_bulk
 *   remote_ring   owner allocs, a second lcore puts   vs the same on a mempool
 *   frag_2k       pagepool_alloc_frag(2048) + put     (no DPDK counterpart)
 *   mbuf          pagepool_pktmbuf_alloc (the page's   vs rte_pktmbuf_alloc/free
 *                 pinned header), rte_pktmbuf_free
 *   mbuf_ppfree   the same, freed by pagepool_mbuf_free vs the same DPDK pair
 *                 (the short path PMDs' TX completion takes)
 *   mbuf_rtealloc rte_pktmbuf_alloc(pagepool_mbuf_pool) vs the same DPDK pair
 *                 + rte_pktmbuf_free (what a DPDK PMD given the pool does)
 *   mbuf_attach   header mbuf from a mempool + page    vs the same DPDK pair
 *                 attached (pagepool_mbuf_alloc), rte_pktmbuf_free
 *   remote_mbuf   pinned page mbufs made on the owner, vs rte_pktmbuf_alloc,
 *                 freed on a second lcore by           rte_pktmbuf_free_bulk
 *                 pagepool_mbuf_free_bulk
 *   remote_mbuf_rtefree the same, freed by rte_pktmbuf_free_bulk
 *   remote_mbuf_attach  remote_mbuf with attached pages (pagepool_mbuf_alloc)
 *   floor_mbuf    not pagepool: the cheapest page mbuf  vs the same DPDK pair
 *                 issue 10 allows (see run_floor_mbuf)
 *   mempool_ops   the mempool driver "pagepool" as a    vs the same on a
 *                 PMD uses it: rte_pktmbuf_alloc_bulk   ring_mp_mc pktmbuf pool
 *                 (32), then rte_pktmbuf_free of each   with its cache (512)
 *
 * Each row runs ours and DPDK's alternately, --reps times, and reports the
 * median ns per page and the spread (min..max) of each side.
 */

#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_launch.h>
#include <rte_lcore.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>
#include <rte_mbuf_pool_ops.h>
#include <rte_mempool.h>
#include <rte_ring.h>

#include <pagepool.h>
#include <pagepool_mempool.h>

#include "floor_mempool.h"

#define NB_OBJS 8192u       /* pages in the pool, objects in the mempool */
#define MP_CACHE 512u       /* rte_mempool per-lcore cache */
#define BULK 32u
#define MAX_REPS 99

struct side {
	double ns[MAX_REPS];
	unsigned int n;
};

struct row {
	const char *name;
	struct side ours, dpdk;
	int has_dpdk;
};

static unsigned int reps = 7;
static uint64_t iters = 4000000;     /* alloc+put pairs per rep and side */
static int json;
static int dump;                     /* print the pool's counters at the end */
static const char *only;             /* comma list of rows to run, or all */

static int
wanted(const char *name)
{
	const char *p = only;
	size_t n = strlen(name);

	if (p == NULL)
		return 1;
	while ((p = strstr(p, name)) != NULL) {
		if ((p == only || p[-1] == ',') && (p[n] == ',' || p[n] == '\0'))
			return 1;
		p += n;
	}
	return 0;
}

static struct pagepool *pp;          /* owner: main lcore */
static struct rte_mempool *mp;       /* same object count, cache 512 */
static struct rte_mempool *pkt_mp;   /* rte_pktmbuf pool, 2 KiB data room */
static struct rte_mempool *hdr_mp;   /* header mbufs for the page bridge */
static struct rte_ring *xfer;        /* owner -> remote lcore, SPSC */

static inline double
ns_per(uint64_t cycles, uint64_t n)
{
	return (double)cycles * 1e9 / (double)rte_get_tsc_hz() / (double)n;
}

/* ---- (a) owner alloc + put ---------------------------------------- */

static double
run_owner_single_ours(void)
{
	uint64_t t0 = rte_rdtsc_precise(), i;

	for (i = 0; i < iters; i++) {
		struct pagepool_page *pg = pagepool_alloc(pp);

		if (unlikely(pg == NULL))
			rte_exit(EXIT_FAILURE, "pagepool_alloc failed\n");
		pagepool_recycle_direct(pp, pg);
	}
	return ns_per(rte_rdtsc_precise() - t0, iters);
}

/* The same with the put that has to find the pool from the page. */
static double
run_owner_put_page_ours(void)
{
	uint64_t t0 = rte_rdtsc_precise(), i;

	for (i = 0; i < iters; i++) {
		struct pagepool_page *pg = pagepool_alloc(pp);

		if (unlikely(pg == NULL))
			rte_exit(EXIT_FAILURE, "pagepool_alloc failed\n");
		pagepool_put_page(pg);
	}
	return ns_per(rte_rdtsc_precise() - t0, iters);
}

static double
run_owner_single_dpdk(void)
{
	uint64_t t0 = rte_rdtsc_precise(), i;
	void *obj;

	for (i = 0; i < iters; i++) {
		if (unlikely(rte_mempool_get(mp, &obj) != 0))
			rte_exit(EXIT_FAILURE, "rte_mempool_get failed\n");
		rte_mempool_put(mp, obj);
	}
	return ns_per(rte_rdtsc_precise() - t0, iters);
}

static double
run_owner_bulk_ours(void)
{
	struct pagepool_page *pages[BULK];
	uint64_t n = iters / BULK, t0 = rte_rdtsc_precise(), i;

	for (i = 0; i < n; i++) {
		if (unlikely(pagepool_alloc_bulk(pp, pages, BULK) != BULK))
			rte_exit(EXIT_FAILURE, "pagepool_alloc_bulk failed\n");
		pagepool_put_bulk(pages, BULK);
	}
	return ns_per(rte_rdtsc_precise() - t0, n * BULK);
}

static double
run_owner_bulk_dpdk(void)
{
	void *objs[BULK];
	uint64_t n = iters / BULK, t0 = rte_rdtsc_precise(), i;

	for (i = 0; i < n; i++) {
		if (unlikely(rte_mempool_get_bulk(mp, objs, BULK) != 0))
			rte_exit(EXIT_FAILURE, "rte_mempool_get_bulk failed\n");
		rte_mempool_put_bulk(mp, objs, BULK);
	}
	return ns_per(rte_rdtsc_precise() - t0, n * BULK);
}

/* ---- (b) remote put through the return ring ----------------------- */

static volatile int remote_mode;     /* 0 stop, 1 pagepool, 2 mempool */
static volatile uint64_t remote_done;

/* The second lcore: takes what the owner hands over and puts it back. */
static int
remote_worker(void *arg)
{
	void *objs[BULK];

	RTE_SET_USED(arg);
	for (;;) {
		unsigned int n;

		n = rte_ring_sc_dequeue_burst(xfer, objs, BULK, NULL);
		if (n == 0) {
			if (remote_mode == 0)
				break;
			rte_pause();
			continue;
		}
		/* read after the dequeue: the owner sets the mode before it
		 * enqueues, so the objects are of the mode seen here */
		if (remote_mode == 1)
			pagepool_put_bulk((struct pagepool_page **)objs, n);
		else if (remote_mode == 2)
			rte_mempool_put_bulk(mp, objs, n);
		else if (remote_mode == 3 || remote_mode == 6)	/* page mbufs */
			pagepool_mbuf_free_bulk((struct rte_mbuf **)objs, n);
		else if (remote_mode == 4)	/* plain mbufs */
			rte_pktmbuf_free_bulk((struct rte_mbuf **)objs, n);
		else	/* 5: page mbufs through DPDK's free */
			rte_pktmbuf_free_bulk((struct rte_mbuf **)objs, n);
		remote_done += n;
	}
	return 0;
}

/*
 * BULK mbufs one by one: pinned page mbufs (modes 3, 5), plain ones (4),
 * pages attached to header mbufs (6).
 */
static unsigned int
alloc_mbufs(int mode, struct rte_mbuf **m)
{
	unsigned int n;

	for (n = 0; n < BULK; n++) {
		m[n] = mode == 4 ? rte_pktmbuf_alloc(pkt_mp) :
		       mode == 6 ? pagepool_mbuf_alloc(pp, hdr_mp) :
				   pagepool_pktmbuf_alloc(pp);
		if (m[n] == NULL)
			break;
	}
	return n;
}

/*
 * Modes: 1 pages (pagepool_alloc_bulk, put_bulk on the remote lcore),
 * 2 mempool objects (get_bulk, put_bulk), 3 pinned page mbufs
 * (pagepool_pktmbuf_alloc, pagepool_mbuf_free_bulk remotely), 4 plain mbufs
 * (rte_pktmbuf_alloc, rte_pktmbuf_free_bulk), 5 pinned page mbufs freed by
 * rte_pktmbuf_free_bulk, 6 attached page mbufs (pagepool_mbuf_alloc) freed
 * by pagepool_mbuf_free_bulk: 1 vs 2 is the pool against the mempool as
 * such, 3, 5 and 6 vs 4 what an application moving packets between lcores
 * sees.
 */
static double
run_remote(int mode)
{
	void *objs[BULK];
	uint64_t sent = 0, t0;

	remote_done = 0;
	t0 = rte_rdtsc_precise();
	while (sent < iters) {
		unsigned int got, put;

		if (mode == 1)
			got = pagepool_alloc_bulk(pp, (struct pagepool_page **)objs, BULK);
		else if (mode == 2)
			got = rte_mempool_get_bulk(mp, objs, BULK) == 0 ? BULK : 0;
		else
			got = alloc_mbufs(mode, (struct rte_mbuf **)objs);
		if (got == 0) {		/* everything is in transit */
			rte_pause();
			continue;
		}
		put = rte_ring_sp_enqueue_burst(xfer, objs, got, NULL);
		if (put < got) {	/* transfer ring full: hand back */
			if (mode == 1)
				pagepool_put_bulk((struct pagepool_page **)objs + put,
						  got - put);
			else if (mode == 2)
				rte_mempool_put_bulk(mp, objs + put, got - put);
			else
				rte_pktmbuf_free_bulk((struct rte_mbuf **)objs + put,
						      got - put);
		}
		sent += put;
	}
	while (remote_done < sent)
		rte_pause();
	return ns_per(rte_rdtsc_precise() - t0, sent);
}


/* One worker run for both sides of a row: it follows remote_mode. */
static void
measure_remote(struct row *r, int ours, int dpdk, unsigned int worker)
{
	unsigned int i;

	remote_mode = ours;
	rte_eal_remote_launch(remote_worker, NULL, worker);
	run_remote(ours);		/* warm-up, each side */
	remote_mode = dpdk;
	run_remote(dpdk);
	for (i = 0; i < reps; i++) {
		remote_mode = ours;
		r->ours.ns[r->ours.n++] = run_remote(ours);
		remote_mode = dpdk;
		r->dpdk.ns[r->dpdk.n++] = run_remote(dpdk);
	}
	r->has_dpdk = 1;
	remote_mode = 0;
	rte_eal_wait_lcore(worker);
}

/* ---- (c) fragments ------------------------------------------------- */

static double
run_frag_ours(void)
{
	uint64_t t0 = rte_rdtsc_precise(), i;
	uint32_t off;

	for (i = 0; i < iters; i++) {
		struct pagepool_page *pg = pagepool_alloc_frag(pp, &off, 2048);

		if (unlikely(pg == NULL)) {
			pagepool_dump(stderr, pp);
			rte_exit(EXIT_FAILURE, "pagepool_alloc_frag failed: %s\n",
				 rte_strerror(rte_errno));
		}
		pagepool_put_page(pg);
	}
	return ns_per(rte_rdtsc_precise() - t0, iters);
}

/* ---- (d) page as mbuf ---------------------------------------------- */

/*
 * Each loop is flattened: with several callers GCC stops inlining
 * rte_pktmbuf_free(), and a call in the middle of the DPDK side made it 28
 * instructions per pair dearer than an application's inlined loop (77 ->
 * 105). Both sides get the same treatment.
 */
#define __rte_flatten __attribute__((flatten))

/* The page's pinned header: one allocation, DPDK's free. */
static __rte_flatten double
run_mbuf_ours(void)
{
	uint64_t t0 = rte_rdtsc_precise(), i;

	for (i = 0; i < iters; i++) {
		struct rte_mbuf *m = pagepool_pktmbuf_alloc(pp);

		if (unlikely(m == NULL))
			rte_exit(EXIT_FAILURE, "pagepool_pktmbuf_alloc failed\n");
		rte_pktmbuf_free(m);
	}
	return ns_per(rte_rdtsc_precise() - t0, iters);
}

/* The same pair freed through pagepool_mbuf_free(): no mempool call. */
static __rte_flatten double
run_mbuf_ppfree_ours(void)
{
	uint64_t t0 = rte_rdtsc_precise(), i;

	for (i = 0; i < iters; i++) {
		struct rte_mbuf *m = pagepool_pktmbuf_alloc(pp);

		if (unlikely(m == NULL))
			rte_exit(EXIT_FAILURE, "pagepool_pktmbuf_alloc failed\n");
		pagepool_mbuf_free(m);
	}
	return ns_per(rte_rdtsc_precise() - t0, iters);
}

/* DPDK's own pair on the pool's header mempool, as a DPDK PMD would use it. */
static __rte_flatten double
run_mbuf_rtealloc_ours(void)
{
	struct rte_mempool *pmp = pagepool_mbuf_pool(pp);
	uint64_t t0 = rte_rdtsc_precise(), i;

	for (i = 0; i < iters; i++) {
		struct rte_mbuf *m = rte_pktmbuf_alloc(pmp);

		if (unlikely(m == NULL))
			rte_exit(EXIT_FAILURE, "rte_pktmbuf_alloc(pagepool_mbuf_pool) failed\n");
		rte_pktmbuf_free(m);
	}
	return ns_per(rte_rdtsc_precise() - t0, iters);
}

/* Before pinned headers: a header mbuf from a mempool, the page attached. */
static __rte_flatten double
run_mbuf_attach_ours(void)
{
	uint64_t t0 = rte_rdtsc_precise(), i;

	for (i = 0; i < iters; i++) {
		struct rte_mbuf *m = pagepool_mbuf_alloc(pp, hdr_mp);

		if (unlikely(m == NULL))
			rte_exit(EXIT_FAILURE, "pagepool_mbuf_alloc failed\n");
		rte_pktmbuf_free(m);
	}
	return ns_per(rte_rdtsc_precise() - t0, iters);
}

static __rte_flatten double
run_mbuf_dpdk(void)
{
	uint64_t t0 = rte_rdtsc_precise(), i;

	for (i = 0; i < iters; i++) {
		struct rte_mbuf *m = rte_pktmbuf_alloc(pkt_mp);

		if (unlikely(m == NULL))
			rte_exit(EXIT_FAILURE, "rte_pktmbuf_alloc failed\n");
		rte_pktmbuf_free(m);
	}
	return ns_per(rte_rdtsc_precise() - t0, iters);
}

/* ---- (e) floor: the cheapest page mbuf under issue 10's rules ------- */

/*
 * Not pagepool. Issue 10 wants a page mbuf (its header outside the page,
 * where the device cannot write: DPDK's pinned external buffer) that
 * rte_pktmbuf_free() sends home, with every free seen by the pool, so no
 * mempool cache in front (a cache takes a double free without a word).
 * floor_mbuf is that shape with nothing else: DPDK's own
 * rte_pktmbuf_pool_create_extbuf() pool with cache 0 on ops "perf_lifo"
 * (floor_mempool.c), a stack of pointers that checks nothing, and an alloc that pops inline
 * and resets, as pagepool_pktmbuf_alloc() does. What it costs beyond
 * run_mbuf_dpdk is DPDK's own: the pinned-buffer free path and the
 * indirect ops call of a cacheless put. No check can cost less than 0.
 */
static struct rte_mempool *floor_mp;
static void *floor_mem;

/* DPDK's pinned-buffer pool on perf_lifo, 2 KiB buffers, no cache. */
static struct rte_mempool *
floor_pool_create(void)
{
	struct rte_pktmbuf_extmem ext;
	struct rte_mempool *m;

	floor_mem = rte_malloc("perf_floor", (size_t)NB_OBJS * 2048, 4096);
	if (floor_mem == NULL)
		return NULL;
	ext.buf_ptr = floor_mem;
	ext.buf_iova = rte_malloc_virt2iova(floor_mem);
	ext.buf_len = (size_t)NB_OBJS * 2048;
	ext.elt_size = 2048;
	/* the only way to name the ops of an extbuf pool: the user's
	 * default, put back right after */
	if (rte_mbuf_set_user_mempool_ops(PERF_LIFO_OPS_NAME) != 0)
		return NULL;
	m = rte_pktmbuf_pool_create_extbuf("perf_floor", NB_OBJS, 0, 0, 2048,
					   SOCKET_ID_ANY, &ext, 1);
	rte_mbuf_set_user_mempool_ops(RTE_MBUF_DEFAULT_MEMPOOL_OPS);
	return m;
}

static __rte_flatten double
run_floor_mbuf(void)
{
	uint64_t t0 = rte_rdtsc_precise(), i;

	for (i = 0; i < iters; i++) {
		struct rte_mbuf *m = perf_lifo_pop(floor_mp);

		if (unlikely(m == NULL))
			rte_exit(EXIT_FAILURE, "floor pool empty\n");
		rte_pktmbuf_reset(m);
		rte_pktmbuf_free(m);
	}
	return ns_per(rte_rdtsc_precise() - t0, iters);
}

/* ---- (f) the mempool driver, as a PMD uses it ----------------------- */

/*
 * net_null's pattern, and most PMDs': an RX burst allocates in bulk, TX
 * completion frees one mbuf at a time. Ours is the mempool driver
 * "pagepool" (drivers/mempool/pagepool), which runs without a mempool
 * cache, so each free is a call into its ops; DPDK's is ring_mp_mc behind
 * its cache. Only the pool's work is timed: what testpmd io on net_null
 * adds to both is left out (app/perf/mempool_bench.py has the whole).
 */
static struct rte_mempool *ops_mp;  /* ops "pagepool", 8192 mbufs */

static __rte_flatten double
run_mempool_ops(struct rte_mempool *pool)
{
	struct rte_mbuf *m[BULK];
	uint64_t n = iters / BULK, t0 = rte_rdtsc_precise(), i;
	unsigned int k;

	for (i = 0; i < n; i++) {
		if (unlikely(rte_pktmbuf_alloc_bulk(pool, m, BULK) != 0))
			rte_exit(EXIT_FAILURE, "rte_pktmbuf_alloc_bulk(%s) failed\n",
				 pool->name);
		/* the frames are used: the loop cannot fold away */
		__asm__ volatile("" : : "r"(m) : "memory");
		for (k = 0; k < BULK; k++)
			rte_pktmbuf_free(m[k]);
	}
	return ns_per(rte_rdtsc_precise() - t0, n * BULK);
}

static double
run_mempool_ops_ours(void)
{
	return run_mempool_ops(ops_mp);
}

static double
run_mempool_ops_dpdk(void)
{
	return run_mempool_ops(pkt_mp);
}

/* ---- reporting ------------------------------------------------------ */

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double
median(struct side *s)
{
	qsort(s->ns, s->n, sizeof(s->ns[0]), cmp_double);
	return s->n % 2 ? s->ns[s->n / 2] :
	       (s->ns[s->n / 2 - 1] + s->ns[s->n / 2]) / 2;
}

static void
measure(struct row *r, double (*ours)(void), double (*dpdk)(void))
{
	unsigned int i;

	/* one warm-up each, then alternate so noise hits both sides alike */
	ours();
	if (dpdk != NULL)
		dpdk();
	for (i = 0; i < reps; i++) {
		r->ours.ns[r->ours.n++] = ours();
		if (dpdk != NULL)
			r->dpdk.ns[r->dpdk.n++] = dpdk();
	}
	r->has_dpdk = dpdk != NULL;
	if (dump)
		fprintf(stderr, "after %s: %u pages in flight\n", r->name,
			pagepool_in_flight(pp));
}

static void
report(struct row *rows, unsigned int nrows)
{
	unsigned int i;
	int first = 1;

	if (json) {
		printf("{\"tsc_hz\": %" PRIu64 ", \"iters\": %" PRIu64 ", \"reps\": %u, \"rows\": [",
		       rte_get_tsc_hz(), iters, reps);
		for (i = 0; i < nrows; i++) {
			struct row *r = &rows[i];
			double o;

			if (r->ours.n == 0)
				continue;
			o = median(&r->ours);
			printf("%s\n  {\"name\": \"%s\", \"ours_ns\": %.3f, \"ours_min\": %.3f, \"ours_max\": %.3f, ",
			       first ? "" : ",", r->name, o, r->ours.ns[0],
			       r->ours.ns[r->ours.n - 1]);
			if (r->has_dpdk) {
				double d = median(&r->dpdk);

				printf("\"dpdk_ns\": %.3f, \"dpdk_min\": %.3f, \"dpdk_max\": %.3f, \"ratio\": %.3f}",
				       d, r->dpdk.ns[0], r->dpdk.ns[r->dpdk.n - 1], o / d);
			} else {
				printf("\"dpdk_ns\": null, \"ratio\": null}");
			}
			first = 0;
		}
		printf("\n]}\n");
		return;
	}
	printf("\n%-20s %10s %17s %10s %17s %7s %12s\n", "row", "ours ns",
	       "ours min..max", "dpdk ns", "dpdk min..max", "ratio",
	       "ours Mpages/s");
	for (i = 0; i < nrows; i++) {
		struct row *r = &rows[i];
		double o;
		char so[32], sd[32] = "-", dn[16] = "-", rt[16] = "-";

		if (r->ours.n == 0)
			continue;
		o = median(&r->ours);
		snprintf(so, sizeof(so), "%.2f..%.2f", r->ours.ns[0],
			 r->ours.ns[r->ours.n - 1]);
		if (r->has_dpdk) {
			double d = median(&r->dpdk);

			snprintf(sd, sizeof(sd), "%.2f..%.2f", r->dpdk.ns[0],
				 r->dpdk.ns[r->dpdk.n - 1]);
			snprintf(dn, sizeof(dn), "%.2f", d);
			snprintf(rt, sizeof(rt), "%.3f", o / d);
		}
		printf("%-20s %10.2f %17s %10s %17s %7s %12.1f\n", r->name, o,
		       so, dn, sd, rt, 1e3 / o);
	}
	printf("\nns per page (alloc+put pair); median of %u reps of %" PRIu64
	       " pages each, sides alternated; ratio = ours/dpdk\n", reps, iters);
}

static void
usage(const char *prog)
{
	printf("usage: %s EAL-args -- [--json] [--iters N] [--reps N] [--only ROW,..] [--dump]\n"
	       "  e.g. -l 0,1 --no-pci; the remote_ring row needs 2 lcores.\n"
	       "  devtools/perf.sh picks the EAL args for this machine.\n", prog);
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "iters", required_argument, NULL, 'i' },
		{ "reps", required_argument, NULL, 'r' },
		{ "dump", no_argument, NULL, 'd' },
		{ "only", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct pagepool_params p;
	struct row rows[14] = {
		{ .name = "owner_single" }, { .name = "owner_bulk32" },
		{ .name = "remote_ring" }, { .name = "frag_2k" },
		{ .name = "mbuf" }, { .name = "owner_put_page" },
		{ .name = "mbuf_ppfree" }, { .name = "remote_mbuf" },
		{ .name = "remote_mbuf_rtefree" }, { .name = "mbuf_rtealloc" },
		{ .name = "mbuf_attach" }, { .name = "remote_mbuf_attach" },
		{ .name = "floor_mbuf" }, { .name = "mempool_ops" },
	};
	unsigned int worker;
	int ret, opt;

	ret = rte_eal_init(argc, argv);
	if (ret < 0)
		rte_exit(EXIT_FAILURE, "EAL init failed: %s\n",
			 rte_strerror(rte_errno));
	argc -= ret;
	argv += ret;
	while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (opt) {
		case 'j': json = 1; break;
		case 'i': iters = strtoull(optarg, NULL, 0); break;
		case 'r': reps = (unsigned int)atoi(optarg); break;
		case 'd': dump = 1; break;
		case 'o': only = optarg; break;
		default: usage(argv[0]); return opt == 'h' ? 0 : 2;
		}
	}
	if (reps == 0 || reps > MAX_REPS || iters < BULK)
		rte_exit(EXIT_FAILURE, "--reps 1..%d, --iters >= %u\n",
			 MAX_REPS, BULK);
	worker = rte_get_next_lcore(-1, 1, 0);
	if (worker >= RTE_MAX_LCORE)
		rte_exit(EXIT_FAILURE, "need 2 lcores (-l 0,1)\n");

	pagepool_params_init(&p);
	p.name = "perf";
	p.nb_pages = NB_OBJS;
	p.cache_size = MP_CACHE;
	p.ring_size = 2048;
	p.owner_lcore = rte_lcore_id();
	p.flags = PAGEPOOL_F_PINNED_MBUF;
	pp = pagepool_create(&p);
	mp = rte_mempool_create("perf_mp", NB_OBJS, 64, MP_CACHE, 0, NULL,
				NULL, NULL, NULL, SOCKET_ID_ANY, 0);
	pkt_mp = rte_pktmbuf_pool_create("perf_pkt", NB_OBJS, MP_CACHE, 0,
					 RTE_MBUF_DEFAULT_BUF_SIZE, SOCKET_ID_ANY);
	hdr_mp = rte_pktmbuf_pool_create("perf_hdr", NB_OBJS, MP_CACHE, 0, 0,
					 SOCKET_ID_ANY);
	xfer = rte_ring_create("perf_xfer", 1024, SOCKET_ID_ANY,
			       RING_F_SP_ENQ | RING_F_SC_DEQ);
	ops_mp = rte_pktmbuf_pool_create_by_ops("perf_ops", NB_OBJS, MP_CACHE,
			0, pagepool_mempool_data_room(2048, 0), SOCKET_ID_ANY,
			PAGEPOOL_MEMPOOL_OPS_NAME);
	/* the main lcore times both sides: make it the pool's owner, as
	 * the forwarding lcore of testpmd becomes on its first RX burst */
	if (ops_mp != NULL)
		pagepool_poll(pagepool_mempool_pagepool(ops_mp));
	floor_mp = floor_pool_create();	/* last: it sets the default ops */
	if (pp == NULL || mp == NULL || pkt_mp == NULL || hdr_mp == NULL ||
	    xfer == NULL || floor_mp == NULL || ops_mp == NULL)
		rte_exit(EXIT_FAILURE, "setup failed: %s\n",
			 rte_strerror(rte_errno));

	if (!json)
		printf("pagepool-perf: %u objects, mempool cache %u, %u reps x %" PRIu64
		       " pages, owner lcore %u, remote lcore %u, stats %s\n",
		       NB_OBJS, MP_CACHE, reps, iters, rte_lcore_id(), worker,
#ifdef PAGEPOOL_STATS
		       "on"
#else
		       "off"
#endif
		       );

	if (wanted(rows[0].name))
		measure(&rows[0], run_owner_single_ours, run_owner_single_dpdk);
	if (wanted(rows[1].name))
		measure(&rows[1], run_owner_bulk_ours, run_owner_bulk_dpdk);
	if (wanted(rows[2].name))
		measure_remote(&rows[2], 1, 2, worker);
	if (wanted(rows[3].name))
		measure(&rows[3], run_frag_ours, NULL);
	if (wanted(rows[4].name))
		measure(&rows[4], run_mbuf_ours, run_mbuf_dpdk);
	if (wanted(rows[5].name))
		measure(&rows[5], run_owner_put_page_ours, run_owner_single_dpdk);
	if (wanted(rows[6].name))
		measure(&rows[6], run_mbuf_ppfree_ours, run_mbuf_dpdk);
	if (wanted(rows[7].name))
		measure_remote(&rows[7], 3, 4, worker);
	if (wanted(rows[8].name))
		measure_remote(&rows[8], 5, 4, worker);
	if (wanted(rows[9].name))
		measure(&rows[9], run_mbuf_rtealloc_ours, run_mbuf_dpdk);
	if (wanted(rows[10].name))
		measure(&rows[10], run_mbuf_attach_ours, run_mbuf_dpdk);
	if (wanted(rows[11].name))
		measure_remote(&rows[11], 6, 4, worker);
	if (wanted(rows[12].name))
		measure(&rows[12], run_floor_mbuf, run_mbuf_dpdk);
	if (wanted(rows[13].name))
		measure(&rows[13], run_mempool_ops_ours, run_mempool_ops_dpdk);

	report(rows, RTE_DIM(rows));
	if (dump)
		pagepool_dump(stderr, pp);

	if (pagepool_in_flight(pp) != 0) {
		fprintf(stderr, "BUG: %u pages in flight at the end\n",
			pagepool_in_flight(pp));
		return 1;
	}
	pagepool_destroy(pp);
	rte_ring_free(xfer);
	if (rte_mempool_avail_count(floor_mp) != NB_OBJS) {
		fprintf(stderr, "BUG: floor pool holds %u of %u mbufs\n",
			rte_mempool_avail_count(floor_mp), NB_OBJS);
		return 1;
	}
	rte_mempool_free(floor_mp);
	rte_mempool_free(ops_mp);
	rte_free(floor_mem);
	rte_mempool_free(hdr_mp);
	rte_mempool_free(pkt_mp);
	rte_mempool_free(mp);
	rte_eal_cleanup();
	return 0;
}
