/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The pagepool authors
 */
/*
 * Suite "secondary": pools live in the primary process's private memory,
 * so a secondary process must be refused, not handed a pool it cannot
 * reach. The test (a primary with a pool of its own) starts itself again
 * as a secondary of the same --file-prefix; the child checks that
 * pagepool_create() and pagepool_lookup() fail with E_RTE_SECONDARY and
 * that the log says why, and exits 0 or 1.
 *
 * A secondary attaches to the primary's hugepage files, so this needs
 * hugepages and a primary that keeps its files (test_eal_shareable()); in
 * the --no-huge fallback there is no way to start a secondary: skipped.
 */
#include <limits.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <rte_eal.h>
#include <rte_lcore.h>
#include <rte_log.h>

#include "test_common.h"

#define CHILD_FLAG "--secondary-child"

static int
child_checks(void)
{
	struct pagepool_params p;
	FILE *log = tmpfile();
	int n;

	TEST_ASSERT(log != NULL, "tmpfile");
	TEST_ASSERT_EQUAL(rte_eal_process_type(), RTE_PROC_SECONDARY,
			  "the child runs as a secondary");
	pagepool_params_init(&p);
	p.name = "sec_pool";
	p.nb_pages = 8;
	rte_openlog_stream(log);
	rte_errno = 0;
	if (pagepool_create(&p) != NULL) {
		rte_openlog_stream(NULL);
		TEST_ASSERT(0, "a secondary created a pool");
	}
	rte_openlog_stream(NULL);
	TEST_ASSERT_EQUAL(rte_errno, E_RTE_SECONDARY, "rte_errno of create");
	n = test_file_contains(log, "secondary process");
	fclose(log);
	TEST_ASSERT(n == 1, "the log explains the refusal once (seen %d)", n);
	rte_errno = 0;
	TEST_ASSERT_NULL(pagepool_lookup("sec_primary"),
			 "a secondary finds the primary's pool");
	TEST_ASSERT_EQUAL(rte_errno, E_RTE_SECONDARY, "rte_errno of lookup");
	return TEST_SUCCESS;
}

/* The child: a secondary of the parent's file prefix. */
static int
child_main(const char *prefix)
{
	char prefix_arg[96];
	const char *argv[] = { "test_pagepool_secondary", "--no-pci", "-l", "0,1",
			       "--proc-type=secondary", prefix_arg,
			       "--log-level=lib.eal:error", NULL };
	int ret;

	snprintf(prefix_arg, sizeof(prefix_arg), "--file-prefix=%s", prefix);
	if (rte_eal_init(RTE_DIM(argv) - 1, (char **)(uintptr_t)argv) < 0) {
		printf("    child: rte_eal_init as a secondary failed: %s\n",
		       rte_strerror(rte_errno));
		return TEST_EXIT_FAIL;
	}
	ret = child_checks();
	rte_eal_cleanup();
	printf("    child: %s\n", ret == TEST_SUCCESS ? "refused as expected" :
	       "FAILED");
	fflush(stdout);
	return ret == TEST_SUCCESS ? TEST_EXIT_PASS : TEST_EXIT_FAIL;
}

static int
test_create_in_secondary(void)
{
	struct pagepool *pp;
	char self[PATH_MAX];
	ssize_t len;
	pid_t pid;
	int st = 0;

	if (!test_have_hugepages())
		TEST_SKIP("a secondary process needs the primary on hugepages (the --no-huge fallback keeps its memory private)");
	len = readlink("/proc/self/exe", self, sizeof(self) - 1);
	TEST_ASSERT(len > 0, "readlink /proc/self/exe");
	self[len] = '\0';
	/* the primary's own pool, which the secondary must not reach */
	pp = test_pool_create("sec_primary", 8, 0, PAGEPOOL_OWNER_NONE, 0, 0);
	TEST_ASSERT_NOT_NULL(pp, "create in the primary");
	TEST_ASSERT_EQUAL(rte_eal_process_type(), RTE_PROC_PRIMARY, "primary");
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		execl(self, self, CHILD_FLAG, test_file_prefix(), (char *)NULL);
		_exit(127);
	}
	if (pid < 0) {
		pagepool_destroy(pp);
		TEST_ASSERT(0, "fork failed");
	}
	if (waitpid(pid, &st, 0) != pid)
		st = -1;
	TEST_ASSERT_EQUAL(pagepool_destroy(pp), 0, "destroy in the primary");
	TEST_ASSERT(WIFEXITED(st), "child did not exit (status %#x)", st);
	TEST_ASSERT_EQUAL(WEXITSTATUS(st), TEST_EXIT_PASS,
			  "child's checks (see its output above)");
	return TEST_SUCCESS;
}

static const struct test_case cases[] = {
	TEST_CASE(test_create_in_secondary),
};

int
main(int argc, char **argv)
{
	struct test_suite s = { "pagepool secondary", NULL, NULL,
				cases, RTE_DIM(cases) };

	if (argc == 3 && strcmp(argv[1], CHILD_FLAG) == 0)
		return child_main(argv[2]);
	test_eal_shareable();
	return test_main("secondary", NULL, &s);
}
