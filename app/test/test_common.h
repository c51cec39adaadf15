/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The pagepool authors
 */
#ifndef PAGEPOOL_TEST_COMMON_H
#define PAGEPOOL_TEST_COMMON_H

/*
 * A small stand-in for DPDK's app/test framework (its headers are not
 * installed): named cases, asserts that say what failed, EAL set-up with a
 * --no-huge fallback, and helpers to run code on the worker lcore or on a
 * non-EAL thread. Each test binary returns 0, 1 (a case failed) or 77
 * (everything skipped), which meson reads as pass, fail and skip.
 */

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <rte_errno.h>

#define TEST_SUCCESS 0
#define TEST_FAILED (-1)
#define TEST_SKIPPED 77

/* Exit codes of a test binary. */
#define TEST_EXIT_PASS 0
#define TEST_EXIT_FAIL 1
#define TEST_EXIT_SKIP 77

#define TEST_ASSERT(cond, fmt, ...) do {                                    \
	if (!(cond)) {                                                      \
		printf("    FAIL %s:%d: %s: " fmt "\n", __FILE__, __LINE__,    \
		       #cond, ##__VA_ARGS__);                               \
		return TEST_FAILED;                                         \
	}                                                                   \
} while (0)

#define TEST_ASSERT_EQUAL(a, b, fmt, ...) do {                              \
	unsigned long long __a = (unsigned long long)(a);                   \
	unsigned long long __b = (unsigned long long)(b);                   \
	if (__a != __b) {                                                   \
		printf("    FAIL %s:%d: %s == %s: expected %llu, seen %llu: " \
		       fmt "\n", __FILE__, __LINE__, #a, #b, __b, __a,      \
		       ##__VA_ARGS__);                                      \
		return TEST_FAILED;                                         \
	}                                                                   \
} while (0)

#define TEST_ASSERT_NULL(p, fmt, ...) \
	TEST_ASSERT((p) == NULL, fmt, ##__VA_ARGS__)
#define TEST_ASSERT_NOT_NULL(p, fmt, ...) \
	TEST_ASSERT((p) != NULL, fmt " (rte_errno %d: %s)", ##__VA_ARGS__, \
		    rte_errno, rte_strerror(rte_errno))

/* Run an expression that returns a TEST_* code; pass a failure upwards. */
#define TEST_CHECK(expr) do {                                               \
	int __r = (expr);                                                   \
	if (__r != TEST_SUCCESS)                                            \
		return __r;                                                 \
} while (0)

#define TEST_SKIP(fmt, ...) do {                                            \
	printf("    SKIP: " fmt "\n", ##__VA_ARGS__);                       \
	return TEST_SKIPPED;                                                \
} while (0)

/* Print a note in a case's output (not a failure). */
#define TEST_NOTE(fmt, ...) printf("    note: " fmt "\n", ##__VA_ARGS__)

struct test_case {
	const char *name;
	int (*fn)(void);
};

#define TEST_CASE(f) { #f, f }

struct test_suite {
	const char *name;
	int (*setup)(void);     /* may be NULL */
	void (*teardown)(void); /* may be NULL */
	const struct test_case *cases;
	unsigned int nb_cases;
};

/* Tally of a whole binary, over all its suites. */
struct test_tally {
	unsigned int passed, failed, skipped;
};

/*
 * Initialise the EAL for a test: --no-pci -l 0,1 --file-prefix=<name>_<pid>
 * --log-level=lib.eal:error, with hugepages when the host has them, else
 * --no-huge -m 512. extra (NULL-terminated, may be NULL) is appended, then
 * the words of $PAGEPOOL_TEST_EAL_ARGS. PAGEPOOL_TEST_NO_HUGE=1 forces the
 * fallback. Returns 0, or -1 after printing why.
 */
int test_eal_init(const char *name, const char *const *extra);

/*
 * Call before test_eal_init() (or test_main()) to let a secondary process
 * attach: with hugepages their files are then kept (no --huge-unlink) until
 * rte_eal_cleanup() removes them. A --no-huge primary cannot have
 * secondaries at all (its memory is private).
 */
void test_eal_shareable(void);

/* rte_eal_cleanup() and removal of the run-time directory. */
void test_eal_cleanup(void);

/* True when the EAL runs on hugepages (false: --no-huge fallback). */
int test_have_hugepages(void);

/* The --file-prefix in use. */
const char *test_file_prefix(void);

/* Run the suite's cases, print one line each, add to the tally. */
void test_run_suite(const struct test_suite *s, struct test_tally *t);

/* Print the closing line and return the binary's exit code. */
int test_tally_exit(const struct test_tally *t);

/*
 * The whole main() of a one-suite test binary: start the EAL (tag names
 * its file prefix; extra adds EAL arguments, may be NULL), run the suite,
 * clean up, and return the exit code meson reads.
 */
int test_main(const char *tag, const char *const *extra,
	      const struct test_suite *s);

/* The worker lcore used by the tests (the first one after main). */
unsigned int test_worker_lcore(void);

/*
 * Run fn(arg) on the worker lcore and wait for it; return its result.
 * Returns TEST_FAILED if it could not be launched.
 */
int test_on_worker(int (*fn)(void *), void *arg);

/* Start fn(arg) on the worker lcore without waiting (0 or -errno). */
int test_launch_worker(int (*fn)(void *), void *arg);

/* Wait for a test_launch_worker() function; return its result. */
int test_wait_worker(void);

/*
 * Round after round, two threads put the same page at once (the owner and
 * the worker lcore, then the worker and a non-EAL thread); checks that
 * exactly one put per round is counted bad and that every page comes out
 * once. The caller's lcore must be the main lcore.
 */
int test_double_put_race(uint32_t rounds);

/* Run fn(arg) on a new non-EAL pthread and wait; return its result. */
int test_on_pthread(int (*fn)(void *), void *arg);

/* Count occurrences of needle in a file's contents (rewinds f). */
int test_file_contains(FILE *f, const char *needle);

/* Fisher-Yates shuffle of n pointers with a fixed-seed generator. */
void test_shuffle(void **v, unsigned int n, uint64_t *seed);

#endif /* PAGEPOOL_TEST_COMMON_H */

/* ---- pool helpers shared by the suites ---- */
#include <pagepool.h>

/*
 * Create a pool named name: nb pages of page_size bytes (0: default),
 * the given owner, cache and ring sizes (0: defaults), default headroom.
 */
struct pagepool *test_pool_create(const char *name, uint32_t nb,
		uint32_t page_size, uint32_t owner, uint32_t cache_size,
		uint32_t ring_size);

/* pagepool_info_get() that cannot fail silently (zeroed on error). */
struct pagepool_info test_info(const struct pagepool *pp);

/*
 * Check the pool holds every one of its pages exactly once: allocate until
 * ENOBUFS on the calling lcore (the owner reaches all three tiers), check
 * each page is valid and seen once and that the count is nb_pages - held
 * (less the page being carved into fragments, if any), then put them all
 * back. held: pages the caller still has out.
 */
int test_pool_check_all(struct pagepool *pp, uint32_t held);

/*
 * Assert that a pool's tiers add up: in_flight + cached + ring + backing is
 * nb_pages, or one less while a page is being carved into fragments.
 */
int test_pool_check_sum(const struct pagepool *pp);
