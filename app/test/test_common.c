/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The pagepool authors
 */
#include <dirent.h>
#include <inttypes.h>
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <unistd.h>

#include <rte_eal.h>
#include <rte_launch.h>
#include <rte_lcore.h>
#include <rte_pause.h>

#include "test_common.h"

/*
 * Hugepages free below which the tests fall back to --no-huge: a test
 * process needs a few tens of MiB (pools, mbufs, EAL heap).
 */
#define TEST_HUGEPAGES_MIN 64

static char file_prefix[64];
static char runtime_dir[PATH_MAX];
static int use_huge;
static int shareable;
static unsigned int worker_lcore = RTE_MAX_LCORE;

static long
meminfo_value(const char *key)
{
	char line[256];
	size_t klen = strlen(key);
	long v = -1;
	FILE *f = fopen("/proc/meminfo", "r");

	if (f == NULL)
		return -1;
	while (fgets(line, sizeof(line), f) != NULL) {
		if (strncmp(line, key, klen) == 0 && line[klen] == ':') {
			v = strtol(line + klen + 1, NULL, 10);
			break;
		}
	}
	fclose(f);
	return v;
}

static int
hugetlbfs_mounted(void)
{
	char line[512];
	int found = 0;
	FILE *f = fopen("/proc/mounts", "r");

	if (f == NULL)
		return 0;
	while (fgets(line, sizeof(line), f) != NULL) {
		char dev[128], dir[256], type[64];

		if (sscanf(line, "%127s %255s %63s", dev, dir, type) == 3 &&
		    strcmp(type, "hugetlbfs") == 0) {
			found = 1;
			break;
		}
	}
	fclose(f);
	return found;
}

/*
 * Hugepages are used when hugetlbfs is mounted and enough are free.
 * PAGEPOOL_TEST_NO_HUGE=1 forces the fallback (to test it on a box that
 * has hugepages).
 */
static int
detect_hugepages(void)
{
	const char *force = getenv("PAGEPOOL_TEST_NO_HUGE");

	if (force != NULL && strcmp(force, "0") != 0 && force[0] != '\0')
		return 0;
	return hugetlbfs_mounted() &&
	       meminfo_value("HugePages_Free") >= TEST_HUGEPAGES_MIN;
}

int
test_eal_init(const char *name, const char *const *extra)
{
	static char env_args[512];
	char prefix_arg[96];
	char *env, *tok, *save = NULL;
	const char *argv[32];
	int argc = 0, ret;
	unsigned int i;

	snprintf(file_prefix, sizeof(file_prefix), "pp_%s_%d", name,
		 (int)getpid());
	snprintf(prefix_arg, sizeof(prefix_arg), "--file-prefix=%s",
		 file_prefix);
	use_huge = detect_hugepages();

	argv[argc++] = name;
	argv[argc++] = "--no-pci";
	argv[argc++] = "-l";
	argv[argc++] = "0,1";
	argv[argc++] = prefix_arg;
	argv[argc++] = "--log-level=lib.eal:error";
	if (use_huge) {
		/* hugepage files go away with the process, even on a crash */
		if (!shareable)
			argv[argc++] = "--huge-unlink";
#if defined(__SANITIZE_ADDRESS__)
		/*
		 * A secondary maps the primary's memory at the primary's
		 * addresses. EAL's default hint (4 GiB) lies in ASan's shadow
		 * gap, so the primary's memory would land wherever mmap puts
		 * it, among the libraries; the secondary, laid out afresh by
		 * ASLR, then finds that range taken about one run in 30
		 * ("Cannot get a virtual area"). 32 TiB is in ASan's high
		 * application range, where neither process maps anything.
		 */
		else
			argv[argc++] = "--base-virtaddr=0x200000000000";
#endif
	} else {
		argv[argc++] = "--no-huge";
		argv[argc++] = "-m";
		argv[argc++] = "512";
	}
	for (i = 0; extra != NULL && extra[i] != NULL && argc < 31; i++)
		argv[argc++] = extra[i];
	/* PAGEPOOL_TEST_EAL_ARGS: more EAL options, e.g. --iova-mode=pa */
	env = getenv("PAGEPOOL_TEST_EAL_ARGS");
	if (env != NULL) {
		snprintf(env_args, sizeof(env_args), "%s", env);
		for (tok = strtok_r(env_args, " \t", &save);
		     tok != NULL && argc < 31;
		     tok = strtok_r(NULL, " \t", &save))
			argv[argc++] = tok;
	}
	argv[argc] = NULL;

	printf("EAL:");
	for (i = 0; i < (unsigned int)argc; i++)
		printf(" %s", argv[i]);
	printf("\n%s\n", use_huge ? "memory: hugepages" :
	       "memory: --no-huge fallback (checks that need a real IOVA skip)");
	fflush(stdout);

	ret = rte_eal_init(argc, (char **)(uintptr_t)argv);
	if (ret < 0) {
		printf("rte_eal_init failed: %s\n", rte_strerror(rte_errno));
		return -1;
	}
	snprintf(runtime_dir, sizeof(runtime_dir), "%s",
		 rte_eal_get_runtime_dir());
	worker_lcore = rte_get_next_lcore(rte_get_main_lcore(), 1, 0);
	if (worker_lcore >= RTE_MAX_LCORE) {
		printf("no worker lcore: the tests need -l 0,1\n");
		rte_eal_cleanup();
		return -1;
	}
	return 0;
}

void
test_eal_cleanup(void)
{
	DIR *d;
	struct dirent *e;

	rte_eal_mp_wait_lcore();
	rte_eal_cleanup();
	/* The run-time directory is named after our unique prefix. */
	if (runtime_dir[0] == '\0')
		return;
	d = opendir(runtime_dir);
	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		char path[PATH_MAX + 256];

		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", runtime_dir, e->d_name);
		unlink(path);
	}
	closedir(d);
	rmdir(runtime_dir);
}

void
test_eal_shareable(void)
{
	shareable = 1;
}

int
test_have_hugepages(void)
{
	return use_huge;
}

const char *
test_file_prefix(void)
{
	return file_prefix;
}

void
test_run_suite(const struct test_suite *s, struct test_tally *t)
{
	unsigned int i;

	printf(" + ------------------------------------------------------- +\n");
	printf(" + Test Suite : %s\n", s->name);
	fflush(stdout);
	if (s->setup != NULL && s->setup() != TEST_SUCCESS) {
		printf(" + suite setup failed: %u cases not run\n", s->nb_cases);
		t->failed += s->nb_cases;
		return;
	}
	for (i = 0; i < s->nb_cases; i++) {
		int r;

		rte_errno = 0;
		r = s->cases[i].fn();
		if (r == TEST_SUCCESS)
			t->passed++;
		else if (r == TEST_SKIPPED)
			t->skipped++;
		else
			t->failed++;
		printf(" + TestCase [%2u] : %s %s\n", i, s->cases[i].name,
		       r == TEST_SUCCESS ? "succeeded" :
		       r == TEST_SKIPPED ? "skipped" : "failed");
		fflush(stdout);
	}
	if (s->teardown != NULL)
		s->teardown();
}

int
test_tally_exit(const struct test_tally *t)
{
	printf(" + ------------------------------------------------------- +\n");
	printf("%u passed, %u failed, %u skipped\n", t->passed, t->failed,
	       t->skipped);
	fflush(stdout);
	if (t->failed != 0)
		return TEST_EXIT_FAIL;
	if (t->passed == 0)
		return TEST_EXIT_SKIP;
	return TEST_EXIT_PASS;
}

unsigned int
test_worker_lcore(void)
{
	return worker_lcore;
}

/*
 * The worker's function runs through this trampoline so that the wait also
 * synchronises through a flag of our own. rte_eal_wait_lcore() already
 * orders everything the worker did before the caller goes on (the lcore's
 * state is stored with release and loaded with acquire), but that happens
 * inside librte_eal, which is not built with ThreadSanitizer: TSan cannot
 * see it and would report every read of the worker's results, and every
 * later touch of memory the worker used, as a race. The flag repeats the
 * same release/acquire pair in code TSan instruments; it changes no
 * ordering the EAL does not already give. (The launch needs no help: TSan
 * sees it, as no report of the worker reading what main wrote before the
 * launch shows; 22.11's EAL hands the command over through a pipe.)
 */
static struct {
	int (*fn)(void *);
	void *arg;
	int ret;
	int done;	/* atomic: 1 once fn has returned, ret set */
} worker_call;

static int
worker_tramp(void *unused)
{
	int ret;

	RTE_SET_USED(unused);
	ret = worker_call.fn(worker_call.arg);
	worker_call.ret = ret;
	/* our last touch of worker_call: the next launch rewrites it */
	__atomic_store_n(&worker_call.done, 1, __ATOMIC_RELEASE);
	return ret;
}

int
test_launch_worker(int (*fn)(void *), void *arg)
{
	/* The worker is idle (WAIT): nobody reads worker_call now. */
	worker_call.fn = fn;
	worker_call.arg = arg;
	worker_call.ret = TEST_FAILED;
	__atomic_store_n(&worker_call.done, 0, __ATOMIC_RELEASE);
	return rte_eal_remote_launch(worker_tramp, NULL, worker_lcore);
}

int
test_wait_worker(void)
{
	int ret = rte_eal_wait_lcore(worker_lcore);

	/* Set before the EAL saw the function return: see worker_call. */
	if (__atomic_load_n(&worker_call.done, __ATOMIC_ACQUIRE) != 1) {
		printf("    worker lcore %u finished without its result\n",
		       worker_lcore);
		return TEST_FAILED;
	}
	return ret;
}

int
test_on_worker(int (*fn)(void *), void *arg)
{
	if (test_launch_worker(fn, arg) != 0) {
		printf("    cannot launch on lcore %u\n", worker_lcore);
		return TEST_FAILED;
	}
	return test_wait_worker();
}

struct pthread_call {
	int (*fn)(void *);
	void *arg;
	int ret;
};

static void *
pthread_tramp(void *p)
{
	struct pthread_call *c = p;

	c->ret = c->fn(c->arg);
	return NULL;
}

int
test_on_pthread(int (*fn)(void *), void *arg)
{
	struct pthread_call c = { fn, arg, TEST_FAILED };
	pthread_t th;

	if (pthread_create(&th, NULL, pthread_tramp, &c) != 0) {
		printf("    pthread_create failed\n");
		return TEST_FAILED;
	}
	pthread_join(th, NULL);
	return c.ret;
}

int
test_file_contains(FILE *f, const char *needle)
{
	char *buf;
	long len;
	int n = 0;
	const char *p;

	fflush(f);
	if (fseek(f, 0, SEEK_END) != 0)
		return -1;
	len = ftell(f);
	if (len < 0)
		return -1;
	buf = malloc(len + 1);
	if (buf == NULL)
		return -1;
	rewind(f);
	len = (long)fread(buf, 1, len, f);
	buf[len] = '\0';
	for (p = buf; (p = strstr(p, needle)) != NULL; p += strlen(needle))
		n++;
	free(buf);
	fseek(f, 0, SEEK_END);
	return n;
}

static uint64_t
xorshift64(uint64_t *s)
{
	uint64_t x = *s;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	*s = x;
	return x;
}

void
test_shuffle(void **v, unsigned int n, uint64_t *seed)
{
	unsigned int i;

	for (i = n; i > 1; i--) {
		unsigned int j = (unsigned int)(xorshift64(seed) % i);
		void *tmp = v[i - 1];

		v[i - 1] = v[j];
		v[j] = tmp;
	}
}

struct pagepool *
test_pool_create(const char *name, uint32_t nb, uint32_t page_size,
		 uint32_t owner, uint32_t cache_size, uint32_t ring_size)
{
	struct pagepool_params p;

	pagepool_params_init(&p);
	p.name = name;
	p.nb_pages = nb;
	if (page_size != 0)
		p.page_size = page_size;
	p.owner_lcore = owner;
	if (cache_size != 0)
		p.cache_size = cache_size;
	if (ring_size != 0)
		p.ring_size = ring_size;
	return pagepool_create(&p);
}

struct pagepool_info
test_info(const struct pagepool *pp)
{
	struct pagepool_info info;

	memset(&info, 0, sizeof(info));
	if (pagepool_info_get(pp, &info) != 0)
		printf("    pagepool_info_get failed\n");
	return info;
}

/*
 * The page the owner is carving into fragments is in no tier, and once its
 * fragments are all back it is not in flight either. The pool structure is
 * public only for the fast path; peeking at frag_page is a test's licence.
 */
static uint32_t
pool_carving(const struct pagepool *pp)
{
	return pp->frag_page != NULL;
}

int
test_pool_check_sum(const struct pagepool *pp)
{
	struct pagepool_info info = test_info(pp);
	uint32_t sum = info.in_flight + info.cached + info.ring + info.backing;

	TEST_ASSERT(sum == info.nb_pages ||
		    (sum + 1 == info.nb_pages && pool_carving(pp)),
		    "in_flight %u + cached %u + ring %u + backing %u != nb_pages %u (page being carved: %u)",
		    info.in_flight, info.cached, info.ring, info.backing,
		    info.nb_pages, pool_carving(pp));
	TEST_ASSERT_EQUAL(pagepool_in_flight(pp), info.in_flight,
			  "pagepool_in_flight() disagrees with info");
	return TEST_SUCCESS;
}

int
test_pool_check_all(struct pagepool *pp, uint32_t held)
{
	struct pagepool_info info = test_info(pp);
	uint32_t nb = info.nb_pages, n = 0, i;
	struct pagepool_page **pages = calloc(nb + 1, sizeof(*pages));
	uint8_t *seen = calloc(nb, 1);
	int ret = TEST_FAILED;

	if (pages == NULL || seen == NULL)
		goto out;
	while (n <= nb) {
		struct pagepool_page *pg = pagepool_alloc(pp);

		if (pg == NULL)
			break;
		pages[n++] = pg;
		if (pg->pool != pp || pg->magic != PAGEPOOL_PAGE_MAGIC ||
		    pg->index >= nb) {
			printf("    FAIL: alloc returned a bad page %p (pool %p magic %#x index %u)\n",
			       (void *)pg, (void *)pg->pool, pg->magic, pg->index);
			goto put;
		}
		if (seen[pg->index]++) {
			printf("    FAIL: page %u handed out twice\n", pg->index);
			goto put;
		}
		if (pagepool_page_refcnt(pg) != 1) {
			printf("    FAIL: page %u allocated with refcnt %u\n",
			       pg->index, pagepool_page_refcnt(pg));
			goto put;
		}
	}
	/* the page being carved is not for pagepool_alloc() */
	if (n != nb - held - pool_carving(pp)) {
		printf("    FAIL: %u pages allocatable, expected %u (nb_pages %u, %u held by the test, %u being carved)\n",
		       n, nb - held - pool_carving(pp), nb, held, pool_carving(pp));
		goto put;
	}
	if (rte_errno != ENOBUFS) {
		printf("    FAIL: alloc of an exhausted pool: rte_errno %d, expected ENOBUFS\n",
		       rte_errno);
		goto put;
	}
	ret = TEST_SUCCESS;
put:
	for (i = 0; i < n; i++)
		pagepool_put_page(pages[i]);
	if (ret == TEST_SUCCESS && pagepool_in_flight(pp) != held) {
		printf("    FAIL: in_flight %u after putting all back, expected %u\n",
		       pagepool_in_flight(pp), held);
		ret = TEST_FAILED;
	}
out:
	free(pages);
	free(seen);
	return ret;
}

int
test_main(const char *tag, const char *const *extra, const struct test_suite *s)
{
	struct test_tally t = { 0, 0, 0 };

	if (test_eal_init(tag, extra) != 0)
		return TEST_EXIT_FAIL;
	test_run_suite(s, &t);
	test_eal_cleanup();
	return test_tally_exit(&t);
}

/*
 * Two lcores put the same page at the same moment, round after round: the
 * owner and a remote lcore, then two remote threads. Each round both may
 * read a refcount of 1; exactly one put may win. At the end every page
 * comes out once and bad_put counts one put per round.
 */
struct race {
	struct pagepool_page *pg;
	uint32_t rounds;
	uint32_t go;          /* round the putters may start */
	uint32_t done[2];     /* last round each putter finished */
};

static void
race_put(struct race *r, unsigned int side, uint32_t k)
{
	uint32_t go, spins = 0;

	/* a non-EAL thread shares a core with an lcore: yield now and then */
	while ((go = __atomic_load_n(&r->go, __ATOMIC_ACQUIRE)) != k) {
		if (go == UINT32_MAX)
			return;		/* the main lcore gave up */
		if (++spins % 256 == 0)
			sched_yield();
		rte_pause();
	}
	pagepool_put_page(r->pg);
	__atomic_store_n(&r->done[side], k, __ATOMIC_RELEASE);
}

/* All the rounds of one putter; side 0 may run on a pthread, side 1 on the worker. */
static void
race_rounds(struct race *r, unsigned int side)
{
	uint32_t k;

	for (k = 1; k <= r->rounds; k++)
		race_put(r, side, k);
}

static void *
race_thread(void *arg)
{
	race_rounds(arg, 0);
	return NULL;
}

static int
race_worker(void *arg)
{
	race_rounds(arg, 1);
	return TEST_SUCCESS;
}

int
test_double_put_race(uint32_t rounds)
{
	static const char *const mode[] = { "owner and remote lcore",
					    "remote lcore and non-EAL thread" };
	unsigned int m;

	for (m = 0; m < RTE_DIM(mode); m++) {
		struct race r = { .rounds = rounds };
		struct pagepool *pp;
		pthread_t th;
		uint32_t k;
		int ret;

		printf("    %u rounds, %s\n", rounds, mode[m]);
		/*
		 * Every lost race leaves a second entry in the return ring
		 * until the owner drains it, which it does only when its cache
		 * runs dry. A ring that fills up sends the remote putter down
		 * the full-ring path, the one case the arbiter does not cover
		 * (doc/design.md, "Catching double puts"): size the ring for
		 * every round so that this test measures the arbiter.
		 */
		pp = test_pool_create("dblrace", 256, 2048, rte_lcore_id(), 64,
				      rounds + 256);
		TEST_ASSERT_NOT_NULL(pp, "create");
		TEST_ASSERT_EQUAL(test_launch_worker(race_worker, &r), 0, "launch");
		if (m == 1 && pthread_create(&th, NULL, race_thread, &r) != 0)
			TEST_ASSERT(0, "pthread_create");
		for (k = 1; k <= rounds; k++) {
			r.pg = pagepool_alloc(pp);
			if (r.pg == NULL)
				break;
			__atomic_store_n(&r.go, k, __ATOMIC_RELEASE);
			if (m == 0)
				race_put(&r, 0, k);
			while (__atomic_load_n(&r.done[0], __ATOMIC_ACQUIRE) != k ||
			       __atomic_load_n(&r.done[1], __ATOMIC_ACQUIRE) != k)
				sched_yield();
		}
		if (k <= rounds) {	/* release the putters, then fail */
			struct pagepool_info in = test_info(pp);

			printf("    round %u: alloc failed: in_flight %u cached %u ring %u backing %u bad_put %" PRIu64 "\n",
			       k, in.in_flight, in.cached, in.ring, in.backing, in.bad_put);
			__atomic_store_n(&r.go, UINT32_MAX, __ATOMIC_RELEASE);
		}
		ret = test_wait_worker();
		if (m == 1)
			pthread_join(th, NULL);
		TEST_ASSERT_EQUAL(ret, TEST_SUCCESS, "putters");
		TEST_ASSERT(k > rounds, "alloc failed in round %u: a page was lost", k);
		/* the owner drains the return ring, checking every page */
		TEST_CHECK(test_pool_check_all(pp, 0));
		TEST_ASSERT_EQUAL(test_info(pp).bad_put, rounds,
				  "bad_put after %u double puts (%s)", rounds, mode[m]);
		TEST_CHECK(test_pool_check_sum(pp));
		TEST_CHECK(test_pool_check_all(pp, 0));
		TEST_ASSERT_EQUAL(pagepool_destroy(pp), 0, "destroy");
	}
	return TEST_SUCCESS;
}

