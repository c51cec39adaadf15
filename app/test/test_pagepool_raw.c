/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The pagepool authors
 */
/*
 * Suite "raw": the raw page path registry (libpagepool_eth). A stand-in
 * PMD registers raw bursts and its queues for a net_null port; the inline
 * dispatch must reach them with the queue registered, and ports without a
 * raw path, or queues withdrawn, must say so.
 */
#include <rte_ethdev.h>
#include <rte_lcore.h>
#include <rte_mbuf.h>

#include <pagepool_raw.h>

#include "test_common.h"

static uint16_t port = RTE_MAX_ETHPORTS;
static struct rte_mempool *mp;
static struct pagepool *pool;

/* the fake PMD's queues, and what it saw */
static int fake_rxq0, fake_txq0;
static void *rx_q_seen, *tx_q_seen;
static unsigned int rx_calls, tx_calls;

static uint16_t
fake_rx(void *rxq, struct pagepool_buf *bufs, uint16_t nb)
{
	uint16_t i;

	rx_q_seen = rxq;
	rx_calls++;
	for (i = 0; i < nb; i++) {
		struct pagepool_buf *b = &bufs[i];

		b->page = pagepool_alloc_frag(pool, &b->offset, 1024);
		if (b->page == NULL)
			break;
		b->size = 1024;
		b->data_off = 64;
		b->len = 60;
		b->port = port;
		b->queue = 0;
		b->vlan_tci = 0;
		b->flags = PAGEPOOL_BUF_F_L3_CSUM_GOOD;
		memset(pagepool_buf_data(b), 0x42, b->len);
	}
	return i;
}

/* Sends (puts) the first half, leaves the rest to the caller. */
static uint16_t
fake_tx(void *txq, struct pagepool_buf *bufs, uint16_t nb)
{
	uint16_t i, n = (uint16_t)((nb + 1) / 2);

	tx_q_seen = txq;
	tx_calls++;
	for (i = 0; i < n; i++)
		pagepool_put_page(bufs[i].page);
	return n;
}

static struct pagepool *
fake_rxq_pool(uint16_t port_id, uint16_t queue_id)
{
	return port_id == port && queue_id == 0 ? pool : NULL;
}

static const struct pagepool_raw_ops fake_ops = {
	.rx_burst = fake_rx,
	.tx_burst = fake_tx,
	.rxq_pool = fake_rxq_pool,
};

static int
suite_setup(void)
{
	struct rte_eth_conf conf;
	uint16_t p;

	RTE_ETH_FOREACH_DEV(p) {
		port = p;
		break;
	}
	TEST_ASSERT(port < RTE_MAX_ETHPORTS, "no net_null port");
	mp = rte_pktmbuf_pool_create("raw_mp", 511, 32, 0,
				     RTE_MBUF_DEFAULT_BUF_SIZE, SOCKET_ID_ANY);
	TEST_ASSERT_NOT_NULL(mp, "mbuf pool");
	memset(&conf, 0, sizeof(conf));
	TEST_ASSERT_EQUAL(rte_eth_dev_configure(port, 1, 1, &conf), 0, "configure");
	TEST_ASSERT_EQUAL(rte_eth_rx_queue_setup(port, 0, 64, SOCKET_ID_ANY, NULL, mp),
			  0, "rx queue");
	TEST_ASSERT_EQUAL(rte_eth_tx_queue_setup(port, 0, 64, SOCKET_ID_ANY, NULL),
			  0, "tx queue");
	pool = test_pool_create("raw_pool", 64, 4096, rte_lcore_id(), 0, 0);
	TEST_ASSERT_NOT_NULL(pool, "create");
	return TEST_SUCCESS;
}

static void
suite_teardown(void)
{
	pagepool_raw_register(port, NULL);
	rte_eth_dev_stop(port);
	rte_eth_dev_close(port);
	pagepool_destroy(pool);
	rte_mempool_free(mp);
}

static int
test_raw_register_bad(void)
{
	struct pagepool_raw_ops no_rx = fake_ops, no_tx = fake_ops;

	no_rx.rx_burst = NULL;
	no_tx.tx_burst = NULL;
	TEST_ASSERT_EQUAL(pagepool_raw_register(RTE_MAX_ETHPORTS, &fake_ops), -EINVAL,
			  "register on port RTE_MAX_ETHPORTS");
	TEST_ASSERT_EQUAL(pagepool_raw_register(UINT16_MAX, NULL), -EINVAL,
			  "unregister port UINT16_MAX");
	TEST_ASSERT_EQUAL(pagepool_raw_register(port, &no_rx), -EINVAL,
			  "ops without rx_burst");
	TEST_ASSERT_EQUAL(pagepool_raw_register(port, &no_tx), -EINVAL,
			  "ops without tx_burst");
	TEST_ASSERT_EQUAL(pagepool_raw_rxq_set(port, 0, &fake_rxq0), -EINVAL,
			  "a queue on a port without a raw path");
	TEST_ASSERT_EQUAL(pagepool_raw_rxq_set(RTE_MAX_ETHPORTS, 0, NULL), -EINVAL,
			  "rxq_set on port RTE_MAX_ETHPORTS");
	TEST_ASSERT_EQUAL(pagepool_raw_txq_set(port, RTE_MAX_QUEUES_PER_PORT, NULL),
			  -EINVAL, "txq_set on queue RTE_MAX_QUEUES_PER_PORT");
	TEST_ASSERT_EQUAL(pagepool_raw_supported(port), -ENOTSUP,
			  "a rejected registration took effect");
	return TEST_SUCCESS;
}

static int
test_raw_unsupported(void)
{
	struct pagepool_buf b[4];

	TEST_ASSERT_EQUAL(pagepool_raw_supported(port), -ENOTSUP,
			  "net_null port without a raw path");
	TEST_ASSERT_EQUAL(pagepool_raw_supported(RTE_MAX_ETHPORTS - 1), -EINVAL,
			  "a port that does not exist");
	rte_errno = 0;
	TEST_ASSERT_NULL(pagepool_raw_rxq_pool(port, 0), "rxq_pool of a plain port");
	TEST_ASSERT_EQUAL(rte_errno, ENOTSUP, "rte_errno");
	rte_errno = 0;
	TEST_ASSERT_NULL(pagepool_raw_rxq_pool(RTE_MAX_ETHPORTS - 1, 0),
			 "rxq_pool of no port");
	TEST_ASSERT_EQUAL(rte_errno, EINVAL, "rte_errno");
	TEST_ASSERT_EQUAL(pagepool_rx_burst_raw(port, 0, b, 4), 0,
			  "raw rx on a port without a raw path");
	TEST_ASSERT_EQUAL(pagepool_tx_burst_raw(port, 0, b, 4), 0,
			  "raw tx on a port without a raw path");
	return TEST_SUCCESS;
}

static int
test_raw_dispatch(void)
{
	struct pagepool_buf b[8];
	uint16_t n, sent, i;

	TEST_ASSERT_EQUAL(pagepool_raw_register(port, &fake_ops), 0, "register");
	TEST_ASSERT_EQUAL(pagepool_raw_supported(port), 0, "supported after register");
	TEST_ASSERT(pagepool_raw_rxq_pool(port, 0) == pool, "rxq_pool");

	rx_calls = tx_calls = 0;
	TEST_ASSERT_EQUAL(rte_eth_dev_start(port), 0, "start");
	/* registered, no queue published yet: nothing dispatched */
	TEST_ASSERT_EQUAL(pagepool_rx_burst_raw(port, 0, b, 8), 0, "raw rx, no queue");
	TEST_ASSERT_EQUAL(pagepool_tx_burst_raw(port, 0, b, 8), 0, "raw tx, no queue");
	TEST_ASSERT_EQUAL(rx_calls + tx_calls, 0, "PMD called without a queue");
	TEST_ASSERT_EQUAL(pagepool_raw_rxq_set(port, 0, &fake_rxq0), 0, "rxq_set");
	TEST_ASSERT_EQUAL(pagepool_raw_txq_set(port, 0, &fake_txq0), 0, "txq_set");
	TEST_ASSERT_EQUAL(pagepool_rx_burst_raw(port, 1, b, 8), 0, "raw rx, queue 1");
	n = pagepool_rx_burst_raw(port, 0, b, 8);
	TEST_ASSERT_EQUAL(n, 8, "raw rx");
	TEST_ASSERT_EQUAL(rx_calls, 1, "PMD rx calls");
	TEST_ASSERT(rx_q_seen == &fake_rxq0,
		    "PMD got queue %p, not the rx queue 0 registered", rx_q_seen);
	for (i = 0; i < n; i++) {
		const uint8_t *d = pagepool_buf_data(&b[i]);

		TEST_ASSERT(d == (uint8_t *)b[i].page->addr + b[i].offset + 64,
			    "pagepool_buf_data");
		TEST_ASSERT_EQUAL(pagepool_buf_iova(&b[i]),
				  b[i].page->iova + b[i].offset + 64, "pagepool_buf_iova");
		TEST_ASSERT_EQUAL(d[0], 0x42, "frame data");
	}
	TEST_ASSERT(pagepool_in_flight(pool) >= 2, "8 frames of 1K in 4K pages");
	sent = pagepool_tx_burst_raw(port, 0, b, n);
	TEST_ASSERT_EQUAL(sent, 4, "raw tx accepted half");
	TEST_ASSERT(tx_q_seen == &fake_txq0,
		    "PMD got queue %p, not the tx queue 0 registered", tx_q_seen);
	/* the unsent ones are still ours */
	for (i = sent; i < n; i++)
		pagepool_put_page(b[i].page);
	TEST_ASSERT(pagepool_in_flight(pool) <= 1, "in_flight %u after rx, tx and puts",
		    pagepool_in_flight(pool));
	TEST_ASSERT_EQUAL(test_info(pool).bad_put, 0, "bad_put");

	/* withdrawn queue: no dispatch, the port still has a raw path */
	TEST_ASSERT_EQUAL(pagepool_raw_rxq_set(port, 0, NULL), 0, "rxq withdrawn");
	rx_calls = 0;
	TEST_ASSERT_EQUAL(pagepool_rx_burst_raw(port, 0, b, 8), 0, "raw rx, withdrawn");
	TEST_ASSERT_EQUAL(rx_calls, 0, "PMD called on a withdrawn queue");
	TEST_ASSERT_EQUAL(pagepool_raw_supported(port), 0, "still supported");
	TEST_ASSERT_EQUAL(pagepool_raw_rxq_set(port, 0, &fake_rxq0), 0, "rxq again");

	/* unregister: back to ENOTSUP, no dispatch, queues forgotten */
	TEST_ASSERT_EQUAL(pagepool_raw_register(port, NULL), 0, "unregister");
	TEST_ASSERT_EQUAL(pagepool_raw_supported(port), -ENOTSUP, "after unregister");
	rx_calls = 0;
	TEST_ASSERT_EQUAL(pagepool_rx_burst_raw(port, 0, b, 8), 0, "raw rx after unregister");
	TEST_ASSERT_EQUAL(rx_calls, 0, "PMD called after unregister");
	TEST_ASSERT_EQUAL(pagepool_raw_register(port, &fake_ops), 0, "register again");
	TEST_ASSERT_EQUAL(pagepool_rx_burst_raw(port, 0, b, 8), 0,
			  "a queue survived unregistering");
	TEST_ASSERT_EQUAL(pagepool_raw_register(port, NULL), 0, "unregister");
	return TEST_SUCCESS;
}

static const struct test_case cases[] = {
	TEST_CASE(test_raw_register_bad),
	TEST_CASE(test_raw_unsupported),
	TEST_CASE(test_raw_dispatch),
};

int
main(int argc, char **argv)
{
	static const char *const extra[] = { "--vdev=net_null0", NULL };
	struct test_suite s = { "pagepool raw path", suite_setup, suite_teardown,
				cases, RTE_DIM(cases) };

	RTE_SET_USED(argc);
	RTE_SET_USED(argv);
	return test_main("raw", extra, &s);
}
