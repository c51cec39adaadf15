/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The pagepool authors
 */
/*
 * Suite "telemetry": /pagepool/list and /pagepool/stats,<name> answered on
 * the EAL's telemetry socket, as dpdk-telemetry.py would ask them.
 */
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include <rte_eal.h>
#include <rte_lcore.h>

#include "test_common.h"

#define REPLY_MAX 65536

static int sock = -1;
static char reply[REPLY_MAX];

static int
tel_connect(void)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	struct timeval tv = { .tv_sec = 5 };
	ssize_t n;

	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s/dpdk_telemetry.v2",
		 rte_eal_get_runtime_dir());
	sock = socket(AF_UNIX, SOCK_SEQPACKET, 0);
	TEST_ASSERT(sock >= 0, "socket");
	setsockopt(sock, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	if (connect(sock, (struct sockaddr *)&sun, sizeof(sun)) != 0) {
		printf("    connect %s: %s\n", sun.sun_path, strerror(errno));
		close(sock);
		sock = -1;
		return TEST_FAILED;
	}
	/* the server speaks first: version, pid, max output length */
	n = recv(sock, reply, sizeof(reply) - 1, 0);
	TEST_ASSERT(n > 0, "no greeting on the telemetry socket");
	reply[n] = '\0';
	TEST_ASSERT(strstr(reply, "\"version\"") != NULL, "greeting: %s", reply);
	return TEST_SUCCESS;
}

static void
tel_close(void)
{
	if (sock >= 0)
		close(sock);
	sock = -1;
}

/* Send a command; leave the JSON reply in reply[]. */
static int
tel_cmd(const char *cmd)
{
	ssize_t n;

	TEST_ASSERT(send(sock, cmd, strlen(cmd), 0) == (ssize_t)strlen(cmd),
		    "send %s", cmd);
	n = recv(sock, reply, sizeof(reply) - 1, 0);
	TEST_ASSERT(n > 0, "no reply to %s", cmd);
	reply[n] = '\0';
	return TEST_SUCCESS;
}

/* Value of "key": <number> in reply[]; -1 if absent. */
static int64_t
json_num(const char *key)
{
	char pat[64];
	const char *p;

	snprintf(pat, sizeof(pat), "\"%s\"", key);
	p = strstr(reply, pat);
	if (p == NULL)
		return -1;
	p += strlen(pat);
	while (*p == ' ' || *p == ':')
		p++;
	if (*p == '-' || (*p >= '0' && *p <= '9'))
		return strtoll(p, NULL, 10);
	return -1;
}

static int
suite_setup(void)
{
	return tel_connect();
}

static void
suite_teardown(void)
{
	tel_close();
}

static int
test_tel_commands_registered(void)
{
	TEST_CHECK(tel_cmd("/"));
	TEST_ASSERT(strstr(reply, "\"/pagepool/list\"") != NULL,
		    "/pagepool/list not registered: %s", reply);
	TEST_ASSERT(strstr(reply, "\"/pagepool/stats\"") != NULL,
		    "/pagepool/stats not registered: %s", reply);
	TEST_CHECK(tel_cmd("/help,/pagepool/stats"));
	TEST_ASSERT(strstr(reply, "/pagepool/stats") != NULL, "help: %s", reply);
	return TEST_SUCCESS;
}

static int
test_tel_list(void)
{
	struct pagepool *a, *b;

	TEST_CHECK(tel_cmd("/pagepool/list"));
	printf("    empty: %s\n", reply);
	TEST_ASSERT(strstr(reply, "\"/pagepool/list\"") != NULL, "reply: %s", reply);
	TEST_ASSERT(strstr(reply, "tel_") == NULL, "a pool listed before any exists");
	a = test_pool_create("tel_alpha", 16, 4096, rte_lcore_id(), 0, 0);
	b = test_pool_create("tel_beta", 16, 2048, PAGEPOOL_OWNER_NONE, 0, 0);
	TEST_ASSERT(a != NULL && b != NULL, "create");
	TEST_CHECK(tel_cmd("/pagepool/list"));
	printf("    two pools: %s\n", reply);
	TEST_ASSERT(strstr(reply, "\"tel_alpha\"") != NULL, "tel_alpha not listed: %s", reply);
	TEST_ASSERT(strstr(reply, "\"tel_beta\"") != NULL, "tel_beta not listed: %s", reply);
	TEST_ASSERT_EQUAL(pagepool_destroy(b), 0, "destroy");
	TEST_CHECK(tel_cmd("/pagepool/list"));
	TEST_ASSERT(strstr(reply, "\"tel_alpha\"") != NULL, "tel_alpha not listed: %s", reply);
	TEST_ASSERT(strstr(reply, "tel_beta") == NULL, "destroyed pool listed: %s", reply);
	TEST_ASSERT_EQUAL(pagepool_destroy(a), 0, "destroy");
	return TEST_SUCCESS;
}

static const char *const counters[] = {
	"alloc_fast", "alloc_slow", "alloc_refill", "alloc_empty",
	"recycle_cached", "recycle_ring", "recycle_ring_full",
	"recycle_released", "in_flight",
};

static int
test_tel_stats(void)
{
	struct pagepool_page *pages[5];
	struct pagepool_info in;
	struct pagepool *pp;
	unsigned int i;

	pp = test_pool_create("tel_stats", 32, 4096, rte_lcore_id(), 0, 0);
	TEST_ASSERT_NOT_NULL(pp, "create");
	TEST_ASSERT_EQUAL(pagepool_alloc_bulk(pp, pages, 5), 5, "alloc_bulk");
	pagepool_put_page(pages[4]);
	pagepool_put_page(pages[4]); /* bad_put 1 */
	TEST_CHECK(tel_cmd("/pagepool/stats,tel_stats"));
	printf("    %s\n", reply);
	TEST_ASSERT(strstr(reply, "\"/pagepool/stats\"") != NULL, "reply: %s", reply);
	TEST_ASSERT(strstr(reply, "tel_stats") != NULL, "pool name not in the reply");
	for (i = 0; i < RTE_DIM(counters); i++)
		TEST_ASSERT(json_num(counters[i]) >= 0, "counter %s missing: %s",
			    counters[i], reply);
	in = test_info(pp);
	TEST_ASSERT_EQUAL(json_num("in_flight"), 4, "in_flight in telemetry");
	TEST_ASSERT_EQUAL(json_num("nb_pages"), 32, "nb_pages");
	TEST_ASSERT_EQUAL(json_num("page_size"), 4096, "page_size");
	TEST_ASSERT_EQUAL(json_num("bad_put"), 1, "bad_put");
	TEST_ASSERT_EQUAL(json_num("alloc_fast"), in.stats.alloc_fast, "alloc_fast");
	TEST_ASSERT_EQUAL(json_num("alloc_slow"), in.stats.alloc_slow, "alloc_slow");
	TEST_ASSERT_EQUAL(json_num("recycle_cached"), in.stats.recycle_cached,
			  "recycle_cached");
	for (i = 0; i < 4; i++)
		pagepool_put_page(pages[i]);
	TEST_CHECK(tel_cmd("/pagepool/stats,tel_stats"));
	TEST_ASSERT_EQUAL(json_num("in_flight"), 0, "in_flight after the puts");
	TEST_ASSERT_EQUAL(pagepool_destroy(pp), 0, "destroy");
	return TEST_SUCCESS;
}

static int
test_tel_stats_bad_name(void)
{
	static const char *const cmds[] = {
		"/pagepool/stats",
		"/pagepool/stats,",
		"/pagepool/stats,no_such_pool",
		"/pagepool/stats,tel_x_and_more",
	};
	struct pagepool *pp;
	unsigned int i;

	pp = test_pool_create("tel_x", 8, 4096, rte_lcore_id(), 0, 0);
	TEST_ASSERT_NOT_NULL(pp, "create");
	for (i = 0; i < RTE_DIM(cmds); i++) {
		TEST_CHECK(tel_cmd(cmds[i]));
		TEST_ASSERT(json_num("alloc_fast") < 0,
			    "'%s' answered with a pool's stats: %s", cmds[i], reply);
	}
	/* the socket still works */
	TEST_CHECK(tel_cmd("/pagepool/stats,tel_x"));
	TEST_ASSERT(json_num("nb_pages") == 8, "stats after bad requests: %s", reply);
	TEST_ASSERT_EQUAL(pagepool_destroy(pp), 0, "destroy");
	return TEST_SUCCESS;
}

static const struct test_case cases[] = {
	TEST_CASE(test_tel_commands_registered),
	TEST_CASE(test_tel_list),
	TEST_CASE(test_tel_stats),
	TEST_CASE(test_tel_stats_bad_name),
};

int
main(int argc, char **argv)
{
	struct test_suite s = { "pagepool telemetry", suite_setup, suite_teardown,
				cases, RTE_DIM(cases) };

	RTE_SET_USED(argc);
	RTE_SET_USED(argv);
	return test_main("telemetry", NULL, &s);
}
