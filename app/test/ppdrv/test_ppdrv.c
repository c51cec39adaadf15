/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The pagepool authors
 */

/*
 * Suite "ppdrv": the pagepool driver layer (drivers/net/common) on its
 * own, as a second driver would use it: devargs, an RX queue's pool from
 * setup to release, the xstats tables over a stand-in port, the bounded
 * register wait. No NIC, no port: a struct rte_eth_dev on the stack holds
 * the queues the xstats walk.
 */

#include <stdlib.h>
#include <string.h>

#include <ethdev_driver.h>
#include <rte_lcore.h>
#include <rte_ether.h>
#include <rte_ip.h>
#include <rte_mbuf.h>
#include <rte_tcp.h>

#include "ppdrv.h"
#include "test_common.h"

#define NB_DESC 64

static struct rte_mempool *hdr_mp;

static int
suite_setup(void)
{
	hdr_mp = rte_pktmbuf_pool_create("ppdrv_hdr", 255, 32, 0, 0,
					 SOCKET_ID_ANY);
	TEST_ASSERT_NOT_NULL(hdr_mp, "header mbuf pool");
	return TEST_SUCCESS;
}

static void
suite_teardown(void)
{
	rte_mempool_free(hdr_mp);
}

/* ---- devargs ---- */

static int
test_devargs(void)
{
	static const struct {
		const char *args;
		int ret;
		uint32_t pool_bufs, rx_frags;	/* when accepted */
	} t[] = {
		{ NULL, 0, 7, 0 },
		{ "", 0, 7, 0 },
		{ "pool_bufs=512", 0, 512, 0 },
		{ "pool_bufs=0x200,rx_frags=1", 0, 512, 1 },
		{ "rx_frags=0", 0, 7, 0 },
		{ "pool_bufs=16777216", 0, 16777216, 0 },
		{ "pool_bufs=0512", 0, 512, 0 },	/* decimal, not octal */
		{ "pool_bufs=16777217", -EINVAL, 0, 0 },
		{ "pool_bufs=4294967297", -EINVAL, 0, 0 },
		{ "pool_bufs=-1", -EINVAL, 0, 0 },
		{ "pool_bufs= 5", -EINVAL, 0, 0 },
		{ "pool_bufs=", -EINVAL, 0, 0 },
		{ "pool_bufs=0x", -EINVAL, 0, 0 },
		{ "pool_bufs", -EINVAL, 0, 0 },
		{ "rx_frags=2", -EINVAL, 0, 0 },
		{ "pool_bufs=5,rx_frags=7", -EINVAL, 0, 0 },	/* all or nothing */
		{ "rx_buffers=1", -EINVAL, 0, 0 },
	};
	unsigned int i;

	for (i = 0; i < RTE_DIM(t); i++) {
		struct ppdrv_devargs da = { .pool_bufs = 7, .rx_frags = 0 };
		int ret = ppdrv_devargs_parse(&da, t[i].args);

		TEST_ASSERT_EQUAL(ret, t[i].ret, "\"%s\"", t[i].args);
		if (ret != 0) {
			TEST_ASSERT(da.pool_bufs == 7 && da.rx_frags == 0,
				    "\"%s\" refused but changed the values",
				    t[i].args);
			continue;
		}
		TEST_ASSERT_EQUAL(da.pool_bufs, t[i].pool_bufs, "\"%s\"", t[i].args);
		TEST_ASSERT_EQUAL(da.rx_frags, t[i].rx_frags, "\"%s\"", t[i].args);
	}
	return TEST_SUCCESS;
}

/* ---- RX queue pool ---- */

struct fill_ctx {
	struct pagepool_page *pg[NB_DESC];
	uint32_t off[NB_DESC];
	unsigned int calls;
};

static void
fill_arm(void *arg, uint16_t idx, struct pagepool_page *pg, uint32_t off)
{
	struct fill_ctx *c = arg;

	c->pg[idx] = pg;
	c->off[idx] = off;
	c->calls++;
}

static int
check_rxq(uint32_t frags, uint32_t pool_bufs)
{
	struct ppdrv_devargs da = { .pool_bufs = pool_bufs, .rx_frags = frags };
	struct ppdrv_rxq_conf c = {
		.drv = "tst", .gen = 7, .port_id = 0, .queue_id = 1,
		.nb_desc = NB_DESC, .buf_size = 2048, .socket_id = SOCKET_ID_ANY,
		.hdr_mp = hdr_mp, .devargs = &da,
	};
	struct ppdrv_rxq r;
	struct fill_ctx fc;
	struct pagepool_info in;
	uint32_t per_page, want_bufs, i, j;
	struct rte_mbuf *m;

	memset(&fc, 0, sizeof(fc));
	TEST_ASSERT_EQUAL(ppdrv_rxq_setup(&r, &c), 0, "setup (frags %u)", frags);
	TEST_ASSERT(pagepool_lookup("tst0_rxq1_7") == r.pool, "pool name");
	TEST_ASSERT_EQUAL(r.frags, frags, "buffer mode");
	if (frags) {
		TEST_ASSERT_EQUAL(pagepool_page_size(r.pool), 16384, "frag page size");
		TEST_ASSERT_EQUAL(r.frag_size, RTE_ALIGN_CEIL(r.headroom + 2048u,
				  PAGEPOOL_FRAG_ALIGN), "fragment size");
	} else {
		TEST_ASSERT_EQUAL(pagepool_page_size(r.pool), 4096, "page size");
		TEST_ASSERT_EQUAL(r.frag_size, 4096, "a buffer is a page");
	}
	per_page = pagepool_page_size(r.pool) / r.frag_size;
	want_bufs = pool_bufs != 0 ? pool_bufs : 4 * NB_DESC;
	if (want_bufs < NB_DESC + per_page)
		want_bufs = NB_DESC + per_page;
	TEST_ASSERT_EQUAL(r.pool_bufs, want_bufs, "buffers (pool_bufs %u)", pool_bufs);
	in = test_info(r.pool);
	TEST_ASSERT_EQUAL(in.nb_pages, (want_bufs + per_page - 1) / per_page,
			  "pages for %u buffers", want_bufs);
	TEST_ASSERT_EQUAL(in.owner, PAGEPOOL_OWNER_NONE, "no owner before fill");

	TEST_ASSERT_EQUAL(ppdrv_rxq_fill(&r, NB_DESC, fill_arm, &fc), 0, "fill");
	TEST_ASSERT_EQUAL(fc.calls, NB_DESC, "every descriptor armed");
	TEST_ASSERT_EQUAL(test_info(r.pool).owner, PAGEPOOL_OWNER_NONE,
			  "the polling lcore binds, not the filling one");
	for (i = 0; i < NB_DESC; i++) {
		TEST_ASSERT(fc.off[i] + r.frag_size <= pagepool_page_size(r.pool),
			    "buffer %u inside its page", i);
		TEST_ASSERT_EQUAL(ppdrv_rx_buf_iova(&r, fc.pg[i], fc.off[i]),
				  fc.pg[i]->iova + fc.off[i] + r.headroom, "iova");
		for (j = 0; j < i; j++)
			TEST_ASSERT(fc.pg[i] != fc.pg[j] || fc.off[i] != fc.off[j],
				    "buffers %u and %u are the same", j, i);
	}
	/* carved as the owner: fragments share pages */
	TEST_ASSERT(pagepool_in_flight(r.pool) <=
		    (NB_DESC + per_page - 1) / per_page + 1,
		    "in flight %u after filling %u", pagepool_in_flight(r.pool),
		    NB_DESC);

	/* the fast path: poll, header from the stash, zero-copy attach */
	ppdrv_rxq_poll(&r);
	TEST_ASSERT(pagepool_is_owner(r.pool), "poll binds the caller");
	m = ppdrv_rx_hdr_alloc(&r);
	TEST_ASSERT_NOT_NULL(m, "header mbuf");
	TEST_ASSERT_EQUAL(r.nb_stash, PPDRV_HDR_STASH - 1, "stash refilled in bulk");
	ppdrv_rx_attach(&r, m, fc.pg[0], fc.off[0], 60);
	TEST_ASSERT(rte_pktmbuf_mtod(m, uint8_t *) ==
		    (uint8_t *)fc.pg[0]->addr + fc.off[0] + r.headroom, "data at headroom");
	TEST_ASSERT_EQUAL(m->pkt_len, 60, "length");
	rte_pktmbuf_free(m);	/* the buffer's page reference goes with it */

	/* the mbuf of a received buffer: the page's pinned header, or attached */
	TEST_ASSERT_EQUAL(r.pinned, !frags, "whole pages have pinned headers");
	TEST_ASSERT(ppdrv_rxq_mbuf_pool(&r) ==
		    (frags ? hdr_mp : pagepool_mbuf_pool(r.pool)),
		    "rx_queue_info's mempool");
	m = ppdrv_rx_mbuf(&r, fc.pg[1], fc.off[1], 1000);
	TEST_ASSERT_NOT_NULL(m, "ppdrv_rx_mbuf");
	TEST_ASSERT(m->pool == ppdrv_rxq_mbuf_pool(&r), "the mbuf's pool");
	TEST_ASSERT(pagepool_mbuf_page(m) == fc.pg[1], "the buffer's page");
	TEST_ASSERT(rte_pktmbuf_mtod(m, uint8_t *) ==
		    (uint8_t *)fc.pg[1]->addr + fc.off[1] + r.headroom, "data at headroom");
	TEST_ASSERT_EQUAL(m->data_len, 1000, "data_len");
	TEST_ASSERT_EQUAL(m->pkt_len, 1000, "pkt_len");
	TEST_ASSERT_EQUAL(m->nb_segs, 1, "nb_segs");
	TEST_ASSERT_EQUAL(m->ol_flags, RTE_MBUF_F_EXTERNAL, "ol_flags");
	TEST_ASSERT_EQUAL(m->buf_len, r.frag_size, "buf_len");
	TEST_ASSERT_EQUAL(rte_mbuf_check(m, 1, NULL), 0, "rte_mbuf_check");
	if (!frags)
		TEST_ASSERT_EQUAL(r.nb_stash, PPDRV_HDR_STASH - 1,
				  "no header taken from the stash");
	rte_pktmbuf_free(m);
	for (i = 2; i < NB_DESC; i++)
		pagepool_put_page(fc.pg[i]);

	ppdrv_rxq_stop(&r);
	TEST_ASSERT_EQUAL(r.nb_stash, 0, "stash given back");
	TEST_ASSERT_EQUAL(test_info(r.pool).owner, PAGEPOOL_OWNER_NONE,
			  "stop resets the owner");
	TEST_ASSERT_EQUAL(rte_mempool_avail_count(hdr_mp), 255, "headers home");
	ppdrv_rxq_release(&r);
	TEST_ASSERT_NULL(r.pool, "released");
	TEST_ASSERT_NULL(pagepool_lookup("tst0_rxq1_7"), "freed at once: none out");
	return TEST_SUCCESS;
}

static int
test_rxq_pool(void)
{
	TEST_CHECK(check_rxq(0, 0));
	TEST_CHECK(check_rxq(1, 0));
	TEST_CHECK(check_rxq(0, 10));	/* below the ring: raised to fill it */
	TEST_CHECK(check_rxq(1, 1000));
	return TEST_SUCCESS;
}

static int
test_rxq_bad(void)
{
	struct ppdrv_rxq_conf c = {
		.drv = "tst", .port_id = 0, .queue_id = 0, .nb_desc = NB_DESC,
		.buf_size = 8192, .socket_id = SOCKET_ID_ANY, .hdr_mp = hdr_mp,
	};
	struct ppdrv_rxq r;

	TEST_ASSERT_EQUAL(ppdrv_rxq_setup(&r, &c), -EINVAL,
			  "an 8 KiB buffer in a 4 KiB page");
	TEST_ASSERT_NULL(r.pool, "nothing held");
	c.buf_size = 2048;
	TEST_ASSERT_EQUAL(ppdrv_rxq_setup(&r, &c), 0, "setup");
	TEST_ASSERT_EQUAL(ppdrv_rxq_setup(&(struct ppdrv_rxq){ 0 }, &c), -EEXIST,
			  "a second pool of the same name");
	ppdrv_rxq_release(&r);
	TEST_ASSERT_NULL(ppdrv_rxq_pool_of(RTE_MAX_ETHPORTS, 0, 0), "no port");
	TEST_ASSERT_EQUAL(rte_errno, EINVAL, "rte_errno");
	return TEST_SUCCESS;
}

/* ---- xstats ---- */

struct fake_hw { uint64_t crc; uint32_t small; };
struct fake_rxq { uint64_t errors; struct ppdrv_rxq pp; uint32_t drops; };
struct fake_txq { uint32_t pad; uint64_t dropped; };

static const struct ppdrv_xstat hw_tab[] = {
	PPDRV_XSTAT("rx_crc", struct fake_hw, crc),
	PPDRV_XSTAT("rx_small", struct fake_hw, small),
};
static const struct ppdrv_xstat rxq_tab[] = {
	PPDRV_XSTAT("errors", struct fake_rxq, errors),
	PPDRV_XSTAT("drops", struct fake_rxq, drops),
};
static const struct ppdrv_xstat txq_tab[] = {
	PPDRV_XSTAT("dropped", struct fake_txq, dropped),
};
static const struct ppdrv_xstats_layout layout = {
	.dev = hw_tab, .nb_dev = RTE_DIM(hw_tab),
	.rxq = rxq_tab, .nb_rxq = RTE_DIM(rxq_tab),
	.txq = txq_tab, .nb_txq = RTE_DIM(txq_tab),
	.rxq_pp_off = offsetof(struct fake_rxq, pp),
};

/* The names, in order, that a port with these queues must show. */
static const char *const want_names[] = {
	"rx_crc", "rx_small",
	"rxq0_errors", "rxq0_drops",
	"rxq0_pool_alloc_fast", "rxq0_pool_alloc_slow", "rxq0_pool_alloc_refill",
	"rxq0_pool_alloc_empty", "rxq0_pool_recycle_cached",
	"rxq0_pool_recycle_ring", "rxq0_pool_recycle_ring_full",
	"rxq0_pool_recycle_released", "rxq0_pool_pages", "rxq0_pool_in_flight",
	"rxq0_pool_cached", "rxq0_pool_ring", "rxq0_pool_backing",
	"rxq0_pool_bad_put", "rxq0_pool_home_excess",
	"rxq1_errors", "rxq1_drops",
	"rxq1_pool_alloc_fast", "rxq1_pool_alloc_slow", "rxq1_pool_alloc_refill",
	"rxq1_pool_alloc_empty", "rxq1_pool_recycle_cached",
	"rxq1_pool_recycle_ring", "rxq1_pool_recycle_ring_full",
	"rxq1_pool_recycle_released", "rxq1_pool_pages", "rxq1_pool_in_flight",
	"rxq1_pool_cached", "rxq1_pool_ring", "rxq1_pool_backing",
	"rxq1_pool_bad_put", "rxq1_pool_home_excess",
	"txq0_dropped",
};

static int
test_xstats(void)
{
	struct ppdrv_rxq_conf c = {
		.drv = "xst", .port_id = 3, .queue_id = 0, .nb_desc = NB_DESC,
		.buf_size = 2048, .socket_id = SOCKET_ID_ANY, .hdr_mp = hdr_mp,
	};
	const unsigned int n = RTE_DIM(want_names);
	struct rte_eth_xstat_name names[RTE_DIM(want_names)];
	struct rte_eth_xstat xs[RTE_DIM(want_names)];
	struct fake_hw hw = { .crc = UINT64_C(1) << 40, .small = 17 };
	struct fake_rxq rq = { .errors = 5, .drops = 6 };
	struct fake_txq tq = { .pad = 99, .dropped = 8 };
	void *rxqs[2] = { &rq, NULL }, *txqs[1] = { &tq };
	struct rte_eth_dev_data data;
	struct rte_eth_dev dev;
	struct pagepool_page *pg[3];
	struct pagepool_info in;
	unsigned int i;

	memset(&data, 0, sizeof(data));
	memset(&dev, 0, sizeof(dev));
	dev.data = &data;
	data.nb_rx_queues = 2;	/* queue 1 not set up: zeros */
	data.nb_tx_queues = 1;
	data.rx_queues = rxqs;
	data.tx_queues = txqs;
	TEST_ASSERT_EQUAL(ppdrv_rxq_setup(&rq.pp, &c), 0, "rxq pool");
	ppdrv_rxq_poll(&rq.pp);
	for (i = 0; i < RTE_DIM(pg); i++)
		pg[i] = pagepool_alloc(rq.pp.pool);
	pagepool_put_page(pg[2]);

	TEST_ASSERT_EQUAL(ppdrv_xstats_get_names(&dev, &layout, NULL, 0), n, "count");
	TEST_ASSERT_EQUAL(ppdrv_xstats_get(&dev, &layout, &hw, NULL, 0), n, "count");
	TEST_ASSERT_EQUAL(ppdrv_xstats_get(&dev, &layout, &hw, xs, n - 1), n,
			  "too small an array: the count, nothing written");
	TEST_ASSERT_EQUAL(ppdrv_xstats_get_names(&dev, &layout, names, n), n, "names");
	for (i = 0; i < n; i++)
		TEST_ASSERT(strcmp(names[i].name, want_names[i]) == 0,
			    "xstat %u is %s, want %s", i, names[i].name,
			    want_names[i]);
	TEST_ASSERT_EQUAL(ppdrv_xstats_get(&dev, &layout, &hw, xs, n), n, "values");
	in = test_info(rq.pp.pool);
	for (i = 0; i < n; i++)
		TEST_ASSERT_EQUAL(xs[i].id, i, "id of %s", want_names[i]);
	TEST_ASSERT_EQUAL(xs[0].value, UINT64_C(1) << 40, "64-bit device counter");
	TEST_ASSERT_EQUAL(xs[1].value, 17, "32-bit device counter");
	TEST_ASSERT_EQUAL(xs[2].value, 5, "rxq0_errors");
	TEST_ASSERT_EQUAL(xs[3].value, 6, "rxq0_drops (32 bits)");
	TEST_ASSERT_EQUAL(xs[4].value, in.stats.alloc_fast, "rxq0_pool_alloc_fast");
	TEST_ASSERT_EQUAL(xs[5].value, in.stats.alloc_slow, "rxq0_pool_alloc_slow");
	TEST_ASSERT_EQUAL(xs[8].value, in.stats.recycle_cached,
			  "rxq0_pool_recycle_cached");
	TEST_ASSERT_EQUAL(xs[12].value, in.nb_pages, "rxq0_pool_pages");
	TEST_ASSERT_EQUAL(xs[13].value, 2, "rxq0_pool_in_flight");
	TEST_ASSERT_EQUAL(xs[15].value, in.ring, "rxq0_pool_ring");
	TEST_ASSERT_EQUAL(xs[16].value, in.backing, "rxq0_pool_backing");
	TEST_ASSERT_EQUAL(xs[17].value, 0, "rxq0_pool_bad_put");
	TEST_ASSERT_EQUAL(xs[18].value, 0, "rxq0_pool_home_excess");
	for (i = 19; i < 36; i++)
		TEST_ASSERT_EQUAL(xs[i].value, 0, "%s of a queue not set up",
				  want_names[i]);
	TEST_ASSERT_EQUAL(xs[36].value, 8, "txq0_dropped");
#ifdef PAGEPOOL_STATS
	TEST_ASSERT(xs[4].value + xs[5].value >= 3, "three allocations counted");
	ppdrv_xstats_reset_pools(&dev, &layout);
	ppdrv_xstats_get(&dev, &layout, &hw, xs, n);
	TEST_ASSERT_EQUAL(xs[4].value + xs[5].value, 0, "pool counters reset");
#endif
	ppdrv_xstats_reset_pools(&dev, &layout);
	pagepool_put_page(pg[0]);
	pagepool_put_page(pg[1]);
	ppdrv_rxq_release(&rq.pp);
	return TEST_SUCCESS;
}

/* ---- TX prepare ---- */

/* An Ethernet + IPv4 + TCP frame with l2/l3 lengths set; NULL if no mbuf. */
static struct rte_mbuf *
tcp4_frame(struct rte_mempool *mp)
{
	struct rte_mbuf *m = rte_pktmbuf_alloc(mp);
	struct rte_ether_hdr *eh;
	struct rte_ipv4_hdr *ip;
	struct rte_tcp_hdr *th;
	char *p;

	if (m == NULL)
		return NULL;
	p = rte_pktmbuf_append(m, sizeof(*eh) + sizeof(*ip) + sizeof(*th) + 10);
	if (p == NULL) {
		rte_pktmbuf_free(m);
		return NULL;
	}
	memset(p, 0, rte_pktmbuf_data_len(m));
	eh = (struct rte_ether_hdr *)p;
	ip = (struct rte_ipv4_hdr *)(eh + 1);
	th = (struct rte_tcp_hdr *)(ip + 1);
	eh->ether_type = rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV4);
	ip->version_ihl = RTE_IPV4_VHL_DEF;
	ip->time_to_live = 64;
	ip->next_proto_id = IPPROTO_TCP;
	ip->total_length = rte_cpu_to_be_16(sizeof(*ip) + sizeof(*th) + 10);
	ip->src_addr = rte_cpu_to_be_32(RTE_IPV4(10, 0, 0, 1));
	ip->dst_addr = rte_cpu_to_be_32(RTE_IPV4(10, 0, 0, 2));
	th->cksum = rte_cpu_to_be_16(0xdead);
	m->l2_len = sizeof(*eh);
	m->l3_len = sizeof(*ip);
	m->l4_len = sizeof(*th);
	return m;
}

static int
test_tx_prepare(void)
{
	const uint64_t mask = RTE_MBUF_F_TX_L4_MASK | RTE_MBUF_F_TX_IPV4 |
			      RTE_MBUF_F_TX_IPV6;
	const uint32_t strict = PPDRV_TXP_L4_NEEDS_L3 | PPDRV_TXP_NO_SCTP;
	struct rte_mbuf *m[3] = { NULL, NULL, NULL };
	struct rte_mempool *mp;
	struct rte_ipv4_hdr *ip;
	struct rte_tcp_hdr *th;
	unsigned int i;
	int ret = TEST_FAILED;

	/* hdr_mp's mbufs have no data room: frames need their own */
	mp = rte_pktmbuf_pool_create("ppdrv_txp", 7, 0, 0,
				     RTE_MBUF_DEFAULT_BUF_SIZE, SOCKET_ID_ANY);
	TEST_ASSERT_NOT_NULL(mp, "frame mbuf pool");
	for (i = 0; i < RTE_DIM(m); i++) {
		m[i] = tcp4_frame(mp);
		if (m[i] == NULL) {
			printf("no frame mbuf\n");
			goto out;
		}
	}

	/* segment count: max_segs itself passes, one more is refused */
	m[0]->nb_segs = 4;
	if (ppdrv_tx_prepare_one(m[0], 4, mask, strict) != 0) {
		printf("4 segments with 4 allowed refused\n");
		goto out;
	}
	m[0]->nb_segs = 5;
	if (ppdrv_tx_prepare_one(m[0], 4, mask, strict) != -EINVAL) {
		printf("5 segments with 4 allowed not refused\n");
		goto out;
	}
	m[0]->nb_segs = 1;

	/* an offload flag outside the driver's mask */
	m[0]->ol_flags = RTE_MBUF_F_TX_VLAN;
	if (ppdrv_tx_prepare_one(m[0], 4, mask, strict) != -ENOTSUP ||
	    ppdrv_tx_prepare_one(m[0], 4, mask | RTE_MBUF_F_TX_VLAN, strict) != 0) {
		printf("TX_VLAN outside the mask not refused, or refused inside\n");
		goto out;
	}
	/* flags outside RTE_MBUF_F_TX_OFFLOAD_MASK are not offloads */
	m[0]->ol_flags = RTE_MBUF_F_EXTERNAL | RTE_MBUF_F_INDIRECT;
	if (ppdrv_tx_prepare_one(m[0], 4, 0, strict) != 0) {
		printf("a non-offload flag refused\n");
		goto out;
	}

	/* SCTP: refused only with PPDRV_TXP_NO_SCTP */
	m[0]->ol_flags = RTE_MBUF_F_TX_SCTP_CKSUM | RTE_MBUF_F_TX_IPV4;
	if (ppdrv_tx_prepare_one(m[0], 4, mask, strict) != -ENOTSUP ||
	    ppdrv_tx_prepare_one(m[0], 4, mask, PPDRV_TXP_L4_NEEDS_L3) != 0) {
		printf("SCTP checksum: wrong verdicts\n");
		goto out;
	}

	/* L4 checksum without the L3 type: refused only with the flag, and
	 * the frame is left alone */
	m[0]->ol_flags = RTE_MBUF_F_TX_TCP_CKSUM;
	th = rte_pktmbuf_mtod_offset(m[0], struct rte_tcp_hdr *,
				     m[0]->l2_len + m[0]->l3_len);
	if (ppdrv_tx_prepare_one(m[0], 4, mask, strict) != -EINVAL ||
	    th->cksum != rte_cpu_to_be_16(0xdead)) {
		printf("TCP checksum without IPV4/IPV6 not refused, or written\n");
		goto out;
	}

	/* a good one: the pseudo-header sum lands in the TCP header */
	m[0]->ol_flags = RTE_MBUF_F_TX_TCP_CKSUM | RTE_MBUF_F_TX_IPV4;
	ip = rte_pktmbuf_mtod_offset(m[0], struct rte_ipv4_hdr *, m[0]->l2_len);
	if (ppdrv_tx_prepare_one(m[0], 4, mask, strict) != 0 ||
	    th->cksum != rte_ipv4_phdr_cksum(ip, m[0]->ol_flags) ||
	    th->cksum == rte_cpu_to_be_16(0xdead)) {
		printf("TCP/IPv4 pseudo-header sum not written\n");
		goto out;
	}

	/* the burst stops at the first refused mbuf, rte_errno its errno */
	m[1]->ol_flags = RTE_MBUF_F_TX_UDP_CKSUM | RTE_MBUF_F_TX_IPV4;
	m[2]->ol_flags = RTE_MBUF_F_TX_UDP_CKSUM; /* no L3 type */
	rte_errno = 0;
	if (ppdrv_tx_prepare(m, 3, 4, mask, strict) != 2 || rte_errno != EINVAL) {
		printf("burst: want 2 prepared and EINVAL, got rte_errno %d\n",
		       rte_errno);
		goto out;
	}
	m[2]->ol_flags = 0;
	if (ppdrv_tx_prepare(m, 3, 4, mask, strict) != 3) {
		printf("burst of three good mbufs not all prepared\n");
		goto out;
	}
	ret = TEST_SUCCESS;
out:
	for (i = 0; i < RTE_DIM(m); i++) {
		if (m[i] != NULL)
			m[i]->nb_segs = 1;	/* one mbuf each, whatever was set */
		rte_pktmbuf_free(m[i]);
	}
	rte_mempool_free(mp);
	return ret;
}

/* ---- basic stats ---- */

struct sq_rx {
	uint32_t pad;
	uint64_t bytes, packets, e1, nombuf, e2;
};
struct sq_tx {
	uint64_t packets, drop, bytes;
};

static const uint32_t sq_rx_err[] = {
	offsetof(struct sq_rx, e1), offsetof(struct sq_rx, e2),
};
static const uint32_t sq_tx_err[] = { offsetof(struct sq_tx, drop) };
static const struct ppdrv_qstats_layout sq_layout = {
	.rx_packets = offsetof(struct sq_rx, packets),
	.rx_bytes = offsetof(struct sq_rx, bytes),
	.rx_nombuf = offsetof(struct sq_rx, nombuf),
	.rx_errors = sq_rx_err,
	.nb_rx_errors = RTE_DIM(sq_rx_err),
	.tx_packets = offsetof(struct sq_tx, packets),
	.tx_bytes = offsetof(struct sq_tx, bytes),
	.tx_errors = sq_tx_err,
	.nb_tx_errors = RTE_DIM(sq_tx_err),
};

/* Sets up a stand-in port over rxq/txq. */
static void
sq_port(struct rte_eth_dev *dev, struct rte_eth_dev_data *data,
	void **rxqs, uint16_t nb_rx, void **txqs, uint16_t nb_tx)
{
	memset(data, 0, sizeof(*data));
	memset(dev, 0, sizeof(*dev));
	dev->data = data;
	data->rx_queues = rxqs;
	data->nb_rx_queues = nb_rx;
	data->tx_queues = txqs;
	data->nb_tx_queues = nb_tx;
}

static int
test_stats_sum(void)
{
	/* three queues each way, the middle TX one not set up */
	struct sq_rx rq[3] = {
		{ 0, 1000, 10, 1, 7, 2 },
		{ 0, 2000, 20, 3, 0, 0 },
		{ 0, UINT64_C(1) << 40, 30, 0, 1, 5 },
	};
	struct sq_tx tq[3] = { { 4, 1, 400 }, { 99, 99, 99 }, { 6, 2, 600 } };
	void *rxqs[3] = { &rq[0], &rq[1], &rq[2] };
	void *txqs[3] = { &tq[0], NULL, &tq[2] };
	enum { NQ = RTE_ETHDEV_QUEUE_STAT_CNTRS + 2 };
	struct sq_rx many_rq[NQ];
	void *many_rxqs[NQ];
	struct {
		struct rte_eth_stats st;
		uint64_t guard;		/* what an overrun of q_errors hits */
	} g;
	struct rte_eth_dev_data data;
	struct rte_eth_dev dev;
	struct rte_eth_stats st;
	unsigned int i;

	sq_port(&dev, &data, rxqs, 3, txqs, 3);
	memset(&st, 0, sizeof(st));
	st.ierrors = 100;	/* the driver's own: added to, not replaced */
	ppdrv_stats_sum(&dev, &sq_layout, &st);
	TEST_ASSERT_EQUAL(st.ipackets, 60, "ipackets");
	TEST_ASSERT_EQUAL(st.ibytes, 3000 + (UINT64_C(1) << 40), "ibytes");
	TEST_ASSERT_EQUAL(st.ierrors, 100 + 3 + 3 + 5, "ierrors: both counters");
	TEST_ASSERT_EQUAL(st.rx_nombuf, 8, "rx_nombuf");
	TEST_ASSERT_EQUAL(st.opackets, 10, "opackets, queue 1 skipped");
	TEST_ASSERT_EQUAL(st.obytes, 1000, "obytes");
	TEST_ASSERT_EQUAL(st.oerrors, 3, "oerrors");
	TEST_ASSERT_EQUAL(st.q_ipackets[0], 10, "q_ipackets[0]");
	TEST_ASSERT_EQUAL(st.q_ipackets[2], 30, "q_ipackets[2]");
	TEST_ASSERT_EQUAL(st.q_ibytes[1], 2000, "q_ibytes[1]");
	TEST_ASSERT_EQUAL(st.q_ibytes[2], UINT64_C(1) << 40, "q_ibytes[2]");
	TEST_ASSERT_EQUAL(st.q_errors[0], 3, "q_errors[0]");
	TEST_ASSERT_EQUAL(st.q_errors[1], 3, "q_errors[1]");
	TEST_ASSERT_EQUAL(st.q_errors[2], 5, "q_errors[2]");
	TEST_ASSERT_EQUAL(st.q_opackets[0], 4, "q_opackets[0]");
	TEST_ASSERT_EQUAL(st.q_opackets[1], 0, "q_opackets[1]: not set up");
	TEST_ASSERT_EQUAL(st.q_obytes[2], 600, "q_obytes[2]");
	TEST_ASSERT_EQUAL(st.q_ipackets[3], 0, "q_ipackets[3]: no queue");

	/* more queues than q_* entries: totals count all, q_* stop */
	for (i = 0; i < NQ; i++) {
		memset(&many_rq[i], 0, sizeof(many_rq[i]));
		many_rq[i].packets = i + 1;
		many_rq[i].bytes = 100 * (i + 1);
		many_rq[i].e2 = 1;
		many_rxqs[i] = &many_rq[i];
	}
	sq_port(&dev, &data, many_rxqs, NQ, NULL, 0);
	memset(&g, 0, sizeof(g));
	ppdrv_stats_sum(&dev, &sq_layout, &g.st);
	TEST_ASSERT_EQUAL(g.st.ipackets, NQ * (NQ + 1) / 2, "ipackets over all");
	TEST_ASSERT_EQUAL(g.st.ibytes, 100 * NQ * (NQ + 1) / 2, "ibytes over all");
	TEST_ASSERT_EQUAL(g.st.ierrors, NQ, "ierrors over all");
	for (i = 0; i < RTE_ETHDEV_QUEUE_STAT_CNTRS; i++) {
		TEST_ASSERT_EQUAL(g.st.q_ipackets[i], i + 1, "q_ipackets[%u]", i);
		TEST_ASSERT_EQUAL(g.st.q_ibytes[i], 100 * (i + 1), "q_ibytes[%u]", i);
		TEST_ASSERT_EQUAL(g.st.q_errors[i], 1, "q_errors[%u]", i);
		/* q_opackets follows q_ipackets, q_obytes q_ibytes: an
		 * overrun of the RX arrays lands there */
		TEST_ASSERT_EQUAL(g.st.q_opackets[i], 0, "q_opackets[%u]", i);
		TEST_ASSERT_EQUAL(g.st.q_obytes[i], 0, "q_obytes[%u]", i);
	}
	TEST_ASSERT_EQUAL(g.guard, 0, "written past q_errors");
	return TEST_SUCCESS;
}

/* ---- register wait ---- */

static int
fake_gone(const volatile void *base)
{
	return ((const volatile uint32_t *)base)[0] == UINT32_MAX;
}

static int
test_wait_reg(void)
{
	volatile uint32_t regs[4] = { 0, 0x5, 0, 0 };

	TEST_ASSERT_EQUAL(ppdrv_wait_reg32(regs, 4, 0x4, 0x4, 1000, NULL), 0,
			  "bit already set");
	TEST_ASSERT_EQUAL(ppdrv_wait_reg32(regs, 4, 0x2, 0x2, 500, NULL),
			  -ETIMEDOUT, "bit never set");
	TEST_ASSERT_EQUAL(ppdrv_wait_reg32(regs, 4, 0x4, 0, 500, fake_gone),
			  -ETIMEDOUT, "bit never clears, device present");
	regs[0] = UINT32_MAX;
	regs[1] = UINT32_MAX;
	TEST_ASSERT_EQUAL(ppdrv_wait_reg32(regs, 4, 0x2, 0, 1000000, fake_gone),
			  -ENODEV, "a device that reads all-ones: at once");
	TEST_ASSERT_EQUAL(ppdrv_wait_reg32(regs, 4, 0x2, 0, 500, NULL),
			  -ETIMEDOUT, "all-ones without a gone() check");
	return TEST_SUCCESS;
}

/* ---- RSS redirection table ---- */

static int
test_reta(void)
{
	struct rte_eth_rss_reta_entry64 conf[2];
	uint16_t reta[128], want[128], i;

	for (i = 0; i < 128; i++)
		reta[i] = want[i] = i % 2;
	/* entries 3 and 70 to queue 3 of 4 */
	memset(conf, 0, sizeof(conf));
	conf[0].mask = RTE_BIT64(3);
	conf[0].reta[3] = 3;
	conf[1].mask = RTE_BIT64(70 - 64);
	conf[1].reta[70 - 64] = 3;
	conf[1].reta[0] = 99;	/* not selected: ignored */
	TEST_ASSERT_EQUAL(ppdrv_reta_update(reta, 128, conf, 128, 4), 0,
			  "update two entries");
	want[3] = want[70] = 3;
	TEST_ASSERT(memcmp(reta, want, sizeof(reta)) == 0,
		    "only the selected entries changed");

	/* one bad entry among good ones: nothing changes */
	memset(conf, 0, sizeof(conf));
	conf[0].mask = RTE_BIT64(0) | RTE_BIT64(1);
	conf[0].reta[0] = 2;
	conf[0].reta[1] = 2;
	conf[1].mask = RTE_BIT64(63);
	conf[1].reta[63] = 4;	/* queue 4 of 4 does not exist */
	TEST_ASSERT_EQUAL(ppdrv_reta_update(reta, 128, conf, 128, 4), -EINVAL,
			  "an entry beyond the queues");
	TEST_ASSERT(memcmp(reta, want, sizeof(reta)) == 0,
		    "a refused update changes no entry");
	TEST_ASSERT_EQUAL(ppdrv_reta_update(reta, 128, conf, 64, 8), -EINVAL,
			  "a size that is not the table's");
	TEST_ASSERT_EQUAL(ppdrv_reta_update(reta, 128, NULL, 128, 8), -EINVAL,
			  "no conf");
	/* no queue configured yet counts as one: only queue 0 is valid */
	memset(conf, 0, sizeof(conf));
	conf[0].mask = RTE_BIT64(5);
	conf[0].reta[5] = 1;
	TEST_ASSERT_EQUAL(ppdrv_reta_update(reta, 128, conf, 128, 0), -EINVAL,
			  "queue 1 with no RX queue");
	conf[0].reta[5] = 0;
	TEST_ASSERT_EQUAL(ppdrv_reta_update(reta, 128, conf, 128, 0), 0,
			  "queue 0 with no RX queue");
	want[5] = 0;

	/* query: the selected entries only, the others left as they were */
	memset(conf, 0xEE, sizeof(conf));
	conf[0].mask = RTE_BIT64(3) | RTE_BIT64(5);
	conf[1].mask = RTE_BIT64(70 - 64);
	TEST_ASSERT_EQUAL(ppdrv_reta_query(reta, 128, conf, 128), 0, "query");
	TEST_ASSERT_EQUAL(conf[0].reta[3], 3, "entry 3");
	TEST_ASSERT_EQUAL(conf[0].reta[5], 0, "entry 5");
	TEST_ASSERT_EQUAL(conf[1].reta[70 - 64], 3, "entry 70");
	TEST_ASSERT_EQUAL(conf[0].reta[4], 0xEEEE, "entry 4 not selected: untouched");
	TEST_ASSERT_EQUAL(ppdrv_reta_query(reta, 128, conf, 256), -EINVAL,
			  "query with a size that is not the table's");
	return TEST_SUCCESS;
}

static const struct test_case cases[] = {
	TEST_CASE(test_devargs),
	TEST_CASE(test_rxq_pool),
	TEST_CASE(test_rxq_bad),
	TEST_CASE(test_xstats),
	TEST_CASE(test_wait_reg),
	TEST_CASE(test_tx_prepare),
	TEST_CASE(test_stats_sum),
	TEST_CASE(test_reta),
};

int
main(void)
{
	static const char *const extra[] = { "--iova-mode=va", NULL };
	struct test_suite s = { "pagepool driver layer", suite_setup,
				suite_teardown, cases, RTE_DIM(cases) };

	return test_main("ppdrv", extra, &s);
}
