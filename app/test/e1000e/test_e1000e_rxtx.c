/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The pagepool authors
 */

/*
 * net_pp_e1000e data path against a fake 82574L, on the host (--no-pci):
 * the test plays the NIC, writing frames into the buffers the driver armed
 * and write-back descriptors with the bits under test, and reading the TX
 * descriptors the driver wrote. BAR0 is plain memory. What QEMU's model
 * cannot produce is covered here: descriptor errors, an empty pool.
 */

#include <dlfcn.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <ethdev_driver.h>
#include <rte_ip.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>
#include <rte_tcp.h>

#include "e1000e.h"
#include "test_common.h"

#define NB_DESC 64

static struct rte_eth_dev *dev;
static struct rte_mempool *hdr_mp;	/* RX header mbufs */
static struct rte_mempool *pkt_mp;	/* ordinary mbufs for TX */

/*
 * What this process cannot be made to be: a secondary process, or an EAL
 * whose memory has no IOVA (DPDK 22.11 picks IOVA-as-VA when asked for PA
 * without hugepages). The driver asks through public calls, so the test
 * stands in for them: an executable's definition takes precedence over the
 * shared library's for every caller, the driver included. While a flag is
 * off, the real function answers.
 */
static int fake_secondary;
static int fake_no_iova;

enum rte_proc_type_t
rte_eal_process_type(void)
{
	static enum rte_proc_type_t (*real)(void);

	if (fake_secondary)
		return RTE_PROC_SECONDARY;
	if (real == NULL)
		real = (enum rte_proc_type_t (*)(void))dlsym(RTLD_NEXT,
					"rte_eal_process_type");
	return real != NULL ? real() : RTE_PROC_PRIMARY;
}

int
pagepool_has_iova(const struct pagepool *pp)
{
	static int (*real)(const struct pagepool *);

	if (fake_no_iova)
		return 0;
	if (real == NULL)
		real = (int (*)(const struct pagepool *))dlsym(RTLD_NEXT,
					"pagepool_has_iova");
	return real != NULL && real(pp);
}

/*
 * A NIC still receiving while the driver waits for it to go quiet: the
 * driver's waits sleep through rte_delay_us_sleep(), and while
 * fake_rx_busy is non-zero each such sleep "receives" one frame into RX
 * queue 0 (RDH moves) and uses up one of fake_rx_busy. This forces the
 * interleaving a real NIC would produce by timing.
 */
static struct e1000e_adapter *ad;
static unsigned int fake_rx_busy;

void
rte_delay_us_sleep(unsigned int us)
{
	static void (*real)(unsigned int);
	volatile uint32_t *rdh;

	if (fake_rx_busy != 0) {
		rdh = (volatile uint32_t *)(ad->hw + E1000E_RDH(0));
		*rdh = (*rdh + 1) % 64;
		fake_rx_busy--;
		return;
	}
	if (real == NULL)
		real = (void (*)(unsigned int))dlsym(RTLD_NEXT,
						     "rte_delay_us_sleep");
	if (real != NULL)
		real(us);
}

/* ---- the fake NIC ---- */

/* Buffer the driver armed at idx, checked against the descriptor. */
static uint8_t *
nic_buf(struct e1000e_rx_queue *q, uint16_t idx)
{
	struct e1000e_rx_buf *b = &q->bufs[idx];

	if (q->ring[idx].read.buffer_addr !=
	    b->page->iova + b->offset + q->pp.headroom)
		return NULL;
	return (uint8_t *)b->page->addr + b->offset + q->pp.headroom;
}

/* "Receive" len bytes (pattern seed) into descriptors from idx on. */
static int
nic_rx(struct e1000e_rx_queue *q, uint16_t idx, uint32_t len, uint8_t seed,
       uint32_t extra_status)
{
	uint32_t done = 0, i;

	while (done < len) {
		uint32_t n = RTE_MIN(len - done, (uint32_t)E1000E_RX_BUF_SIZE);
		uint8_t *p = nic_buf(q, idx);
		volatile union e1000e_rx_desc *d = &q->ring[idx];
		uint32_t se = E1000E_RXD_STAT_DD;

		TEST_ASSERT_NOT_NULL(p, "descriptor %u does not match its shadow", idx);
		for (i = 0; i < n; i++)
			p[i] = (uint8_t)(seed + done + i);
		done += n;
		if (done == len)
			se |= E1000E_RXD_STAT_EOP | extra_status;
		d->wb.mrq = 0;
		d->wb.rss = 0;
		d->wb.length = (uint16_t)n;
		d->wb.vlan = (extra_status & E1000E_RXD_STAT_VP) ? 42 : 0;
		rte_wmb();
		d->wb.status_error = se;
		idx = (idx + 1) % q->nb_desc;
	}
	return TEST_SUCCESS;
}

/* A write-back with no data: what a faulty device may write. */
static void
nic_desc(struct e1000e_rx_queue *q, uint16_t idx, uint16_t len, uint32_t se)
{
	volatile union e1000e_rx_desc *d = &q->ring[idx % q->nb_desc];

	d->wb.mrq = 0;
	d->wb.rss = 0;
	d->wb.length = len;
	d->wb.vlan = 0;
	rte_wmb();
	d->wb.status_error = E1000E_RXD_STAT_DD | se;
}

static int
check_data(const struct rte_mbuf *m, uint32_t len, uint8_t seed)
{
	uint32_t off = 0, i;

	for (; m != NULL; m = m->next) {
		const uint8_t *p = rte_pktmbuf_mtod(m, const uint8_t *);

		for (i = 0; i < m->data_len; i++, off++)
			TEST_ASSERT_EQUAL(p[i], (uint8_t)(seed + off),
					  "byte %u", off);
	}
	TEST_ASSERT_EQUAL(off, len, "bytes in the chain");
	return TEST_SUCCESS;
}

static uint32_t
reg(uint32_t off)
{
	return *(volatile uint32_t *)(ad->hw + off);
}

/* ---- queue set-up ---- */

static struct e1000e_rx_queue *
rxq_new(uint64_t offloads, uint32_t pool_bufs)
{
	struct rte_eth_rxconf conf = { .offloads = offloads };

	ad->devargs.pool_bufs = pool_bufs;
	if (e1000e_rx_queue_setup(dev, 0, NB_DESC, SOCKET_ID_ANY, &conf,
				  hdr_mp) != 0)
		return NULL;
	if (e1000e_rx_queue_hw_start(dev, dev->data->rx_queues[0]) != 0)
		return NULL;
	return dev->data->rx_queues[0];
}

static struct e1000e_tx_queue *
txq_new(void)
{
	struct rte_eth_txconf conf = { .tx_rs_thresh = 1, .tx_free_thresh = 32 };

	if (e1000e_tx_queue_setup(dev, 0, NB_DESC, SOCKET_ID_ANY, &conf) != 0)
		return NULL;
	e1000e_tx_queue_hw_start(dev, dev->data->tx_queues[0]);
	return dev->data->tx_queues[0];
}

static int
suite_setup(void)
{
	dev = rte_eth_dev_allocate("e1000e_fake");
	if (dev == NULL)
		return -1;
	dev->data->dev_private = rte_zmalloc(NULL, sizeof(*ad), 0);
	dev->data->rx_queues = rte_zmalloc(NULL, sizeof(void *), 0);
	dev->data->tx_queues = rte_zmalloc(NULL, sizeof(void *), 0);
	dev->data->nb_rx_queues = 1;
	dev->data->nb_tx_queues = 1;
	ad = dev->data->dev_private;
	if (ad == NULL)
		return -1;
	ad->hw = rte_zmalloc(NULL, 128 * 1024, 4096); /* BAR0 */
	/* jumbo frames: the chain cases receive frames over 2 KiB */
	dev->data->mtu = 9000;
	hdr_mp = rte_pktmbuf_pool_create("e1k_hdr", 1023, 32, 0, 0,
					 SOCKET_ID_ANY);
	pkt_mp = rte_pktmbuf_pool_create("e1k_pkt", 255, 32, 0,
					 RTE_MBUF_DEFAULT_BUF_SIZE, SOCKET_ID_ANY);
	return ad->hw != NULL && hdr_mp != NULL && pkt_mp != NULL ? 0 : -1;
}

static void
suite_teardown(void)
{
	e1000e_rx_queue_release(dev, 0);
	e1000e_tx_queue_release(dev, 0);
	rte_free((void *)(uintptr_t)ad->hw);
	rte_eth_dev_release_port(dev);
	rte_mempool_free(hdr_mp);
	rte_mempool_free(pkt_mp);
}

/* ---- cases ---- */

/* A frame is the driver's page, attached with no copy; the ring stays full. */
static int
test_rx_zero_copy(void)
{
	struct e1000e_rx_queue *q = rxq_new(0, 0);
	struct rte_mbuf *m[4];
	struct pagepool_page *pg;
	uint32_t in_flight;

	TEST_ASSERT_NOT_NULL(q, "rx queue");
	TEST_ASSERT_EQUAL(reg(E1000E_RDT(0)), NB_DESC - 1, "RDT after start");
	in_flight = pagepool_in_flight(q->pp.pool);
	TEST_ASSERT_EQUAL(in_flight, NB_DESC, "a page behind every descriptor");
	pg = q->bufs[0].page;
	TEST_CHECK(nic_rx(q, 0, 60, 7, 0));
	TEST_ASSERT_EQUAL(e1000e_recv_pkts(q, m, 4), 1, "frames");
	TEST_ASSERT_EQUAL(m[0]->pkt_len, 60, "length");
	TEST_ASSERT(rte_pktmbuf_mtod(m[0], uint8_t *) ==
		    (uint8_t *)pg->addr + q->pp.headroom, "data is in the page");
	TEST_ASSERT(RTE_MBUF_HAS_EXTBUF(m[0]), "external buffer");
	TEST_ASSERT(pagepool_mbuf_page(m[0]) == pg, "the mbuf's page");
	TEST_ASSERT(q->bufs[0].page != pg, "descriptor 0 re-armed with a new page");
	TEST_ASSERT_EQUAL(q->ring[0].read.reserved, 0, "DD cleared");
	TEST_CHECK(check_data(m[0], 60, 7));
	TEST_ASSERT_EQUAL(pagepool_in_flight(q->pp.pool), in_flight + 1, "in flight");
	rte_pktmbuf_free(m[0]);
	TEST_ASSERT_EQUAL(pagepool_in_flight(q->pp.pool), in_flight, "page home");
	TEST_ASSERT_EQUAL(q->packets, 1, "rx counter");
	return TEST_SUCCESS;
}

/* A frame over three buffers arrives as one chain, across two bursts too. */
static int
test_rx_chain(void)
{
	struct e1000e_rx_queue *q = rxq_new(0, 0);
	struct rte_mbuf *m[4];
	volatile union e1000e_rx_desc *d2;
	uint32_t se;

	TEST_ASSERT_NOT_NULL(q, "rx queue");
	TEST_CHECK(nic_rx(q, 0, 5000, 3, 0));
	/* hide the last descriptor: the first burst ends mid-frame */
	d2 = &q->ring[2];
	se = d2->wb.status_error;
	d2->wb.status_error = 0;
	TEST_ASSERT_EQUAL(e1000e_recv_pkts(q, m, 4), 0, "no frame before EOP");
	TEST_ASSERT(q->pkt_first != NULL, "chain kept across bursts");
	d2->wb.status_error = se;
	TEST_ASSERT_EQUAL(e1000e_recv_pkts(q, m, 4), 1, "frames");
	TEST_ASSERT_EQUAL(m[0]->nb_segs, 3, "segments");
	TEST_ASSERT_EQUAL(m[0]->pkt_len, 5000, "length");
	TEST_CHECK(check_data(m[0], 5000, 3));
	rte_pktmbuf_free(m[0]);
	TEST_ASSERT_EQUAL(pagepool_in_flight(q->pp.pool), NB_DESC, "pages home");
	return TEST_SUCCESS;
}

/* CRC/length/RX errors drop the frame, count it, and its pages go home. */
static int
test_rx_desc_error(void)
{
	static const uint32_t errs[] = {
		E1000E_RXD_ERR_CE, E1000E_RXD_ERR_SE, E1000E_RXD_ERR_SEQ,
		E1000E_RXD_ERR_CXE, E1000E_RXD_ERR_RXE,
	};
	struct e1000e_rx_queue *q = rxq_new(0, 0);
	struct pagepool_info before, after;
	struct rte_mbuf *m[4];
	uint16_t idx = 0;
	unsigned int i;

	TEST_ASSERT_NOT_NULL(q, "rx queue");
	pagepool_info_get(q->pp.pool, &before);
	for (i = 0; i < RTE_DIM(errs); i++) {
		uint32_t len = i == 0 ? 3000 : 100; /* the first spans 2 buffers */

		TEST_CHECK(nic_rx(q, idx, len, 1, errs[i]));
		idx = (idx + (len + E1000E_RX_BUF_SIZE - 1) / E1000E_RX_BUF_SIZE) %
		      NB_DESC;
		TEST_ASSERT_EQUAL(e1000e_recv_pkts(q, m, 4), 0, "error %#x dropped",
				  errs[i]);
	}
	TEST_CHECK(nic_rx(q, idx, 64, 9, 0));
	TEST_ASSERT_EQUAL(e1000e_recv_pkts(q, m, 4), 1, "good frame after them");
	TEST_CHECK(check_data(m[0], 64, 9));
	rte_pktmbuf_free(m[0]);
	pagepool_info_get(q->pp.pool, &after);
	TEST_ASSERT_EQUAL(q->desc_errors, RTE_DIM(errs), "desc_errors");
	TEST_ASSERT_EQUAL(after.in_flight, NB_DESC, "no page lost");
	TEST_ASSERT_EQUAL(after.stats.recycle_cached + after.stats.recycle_ring -
			  before.stats.recycle_cached - before.stats.recycle_ring,
			  RTE_DIM(errs) + 1 + 1, "pages recycled");
	return TEST_SUCCESS;
}

/* Checksum, packet type and VLAN results become mbuf flags. */
static int
test_rx_flags(void)
{
	struct e1000e_rx_queue *q = rxq_new(RTE_ETH_RX_OFFLOAD_IPV4_CKSUM |
					    RTE_ETH_RX_OFFLOAD_TCP_CKSUM, 0);
	struct rte_mbuf *m[4];

	TEST_ASSERT_NOT_NULL(q, "rx queue");
	TEST_CHECK(nic_rx(q, 0, 80, 0, E1000E_RXD_STAT_IPCS |
			  E1000E_RXD_STAT_TCPCS | E1000E_RXD_ERR_TCPE |
			  E1000E_RXD_STAT_VP |
			  E1000E_RXD_PKTTYPE_IP4_L4 << E1000E_RXD_PKTTYPE_SHIFT));
	TEST_ASSERT_EQUAL(e1000e_recv_pkts(q, m, 4), 1, "frames");
	TEST_ASSERT((m[0]->ol_flags & RTE_MBUF_F_RX_IP_CKSUM_MASK) ==
		    RTE_MBUF_F_RX_IP_CKSUM_GOOD, "IP checksum good");
	TEST_ASSERT((m[0]->ol_flags & RTE_MBUF_F_RX_L4_CKSUM_MASK) ==
		    RTE_MBUF_F_RX_L4_CKSUM_BAD, "L4 checksum bad");
	TEST_ASSERT(m[0]->ol_flags & RTE_MBUF_F_RX_VLAN_STRIPPED, "VLAN flag");
	TEST_ASSERT_EQUAL(m[0]->vlan_tci, 42, "VLAN tag");
	TEST_ASSERT_EQUAL(m[0]->packet_type, RTE_PTYPE_L2_ETHER |
			  RTE_PTYPE_L3_IPV4_EXT_UNKNOWN | RTE_PTYPE_L4_TCP,
			  "packet type");
	rte_pktmbuf_free(m[0]);
	return TEST_SUCCESS;
}

/*
 * Empty pool: frames are still delivered, their descriptors wait empty
 * (counted in nombuf once each) and are re-armed, oldest first, when pages
 * come back, even by a burst that receives nothing. Dropping the frames
 * instead would starve a forwarding loop whose pages wait in a TX ring.
 */
static int
test_rx_nombuf(void)
{
	struct e1000e_rx_queue *q = rxq_new(0, NB_DESC + 1);
	struct pagepool_page *held[NB_DESC * 2];
	struct rte_mbuf *m[4], *got[2];
	unsigned int n = 0, i;

	TEST_ASSERT_NOT_NULL(q, "rx queue");
	pagepool_poll(q->pp.pool); /* the test lcore polls the queue */
	while (n < RTE_DIM(held) && (held[n] = pagepool_alloc(q->pp.pool)) != NULL)
		n++;
	TEST_ASSERT(n < RTE_DIM(held), "pool ran dry (%u pages taken)", n);
	for (i = 0; i < 2; i++) {
		TEST_CHECK(nic_rx(q, i, 60, 3 + i, 0));
		TEST_ASSERT_EQUAL(e1000e_recv_pkts(q, m, 4), 1, "frame %u delivered", i);
		TEST_CHECK(check_data(m[0], 60, 3 + i));
		got[i] = m[0];
		TEST_ASSERT_EQUAL(q->nombuf, i + 1, "nombuf after frame %u", i);
		TEST_ASSERT(q->bufs[i].page == NULL, "descriptor %u waits empty", i);
	}
	TEST_ASSERT_EQUAL(e1000e_recv_pkts(q, m, 4), 0, "nothing more");
	TEST_ASSERT_EQUAL(q->nombuf, 2, "idle polls do not count");
	TEST_ASSERT_EQUAL(reg(E1000E_RDT(0)), NB_DESC - 1,
			  "RDT not moved over empty descriptors");

	/* the two pages come home: an empty burst re-arms both, rings RDT */
	rte_pktmbuf_free(got[0]);
	rte_pktmbuf_free(got[1]);
	TEST_ASSERT_EQUAL(e1000e_recv_pkts(q, m, 4), 0, "nothing received");
	TEST_ASSERT(q->bufs[0].page != NULL && q->bufs[1].page != NULL, "re-armed");
	TEST_ASSERT_EQUAL(q->ring[0].read.reserved, 0, "descriptor 0 given back");
	TEST_ASSERT_EQUAL(reg(E1000E_RDT(0)), 1, "RDT behind the last re-armed");
	TEST_ASSERT_EQUAL(q->nombuf, 2, "nombuf");

	for (i = 0; i < n; i++)
		pagepool_put_page(held[i]);
	TEST_CHECK(nic_rx(q, 2, 60, 5, 0));
	TEST_ASSERT_EQUAL(e1000e_recv_pkts(q, m, 4), 1, "received once pages came back");
	TEST_CHECK(check_data(m[0], 60, 5));
	TEST_ASSERT(q->bufs[2].page != NULL, "re-armed at once");
	rte_pktmbuf_free(m[0]);
	TEST_ASSERT_NOT_NULL(nic_buf(q, 0), "descriptor 0 holds its shadow's buffer");
	return TEST_SUCCESS;
}

/* TX: a chained mbuf from an ordinary pool, freed when the NIC reports DD. */
static int
test_tx_chain(void)
{
	struct e1000e_tx_queue *q = txq_new();
	struct rte_mbuf *m, *seg, *pkts[1];
	unsigned int i, avail;
	uint16_t tdt;

	TEST_ASSERT_NOT_NULL(q, "tx queue");
	avail = rte_mempool_avail_count(pkt_mp);
	m = rte_pktmbuf_alloc(pkt_mp);
	TEST_ASSERT_NOT_NULL(m, "mbuf");
	rte_pktmbuf_append(m, 100);
	for (i = 0; i < 2; i++) {
		seg = rte_pktmbuf_alloc(pkt_mp);
		TEST_ASSERT_NOT_NULL(seg, "segment");
		rte_pktmbuf_append(seg, 200 + i);
		TEST_ASSERT_EQUAL(rte_pktmbuf_chain(m, seg), 0, "chain");
	}
	pkts[0] = m;
	TEST_ASSERT_EQUAL(e1000e_xmit_pkts(q, pkts, 1), 1, "accepted");
	tdt = (uint16_t)reg(E1000E_TDT(0));
	TEST_ASSERT_EQUAL(tdt, 3, "TDT");
	for (seg = m, i = 0; i < 3; i++, seg = seg->next) {
		uint32_t lower = q->ring[i].lower;

		TEST_ASSERT_EQUAL(q->ring[i].buffer_addr, rte_mbuf_data_iova(seg),
				  "address %u", i);
		TEST_ASSERT_EQUAL(lower & 0xFFFFF, seg->data_len, "length %u", i);
		TEST_ASSERT(lower & E1000E_TXD_CMD_IFCS, "IFCS %u", i);
		TEST_ASSERT(!!(lower & E1000E_TXD_CMD_EOP) == (i == 2), "EOP %u", i);
	}
	TEST_ASSERT(q->ring[2].lower & E1000E_TXD_CMD_RS, "RS on the last");
	/* nothing freed before DD */
	pkts[0] = NULL;
	e1000e_xmit_pkts(q, pkts, 0);
	TEST_ASSERT_EQUAL(rte_mempool_avail_count(pkt_mp), avail - 3, "held");
	q->ring[2].upper |= E1000E_TXD_STAT_DD;
	q->nb_free = 0; /* force the reclaim on the next burst */
	e1000e_xmit_pkts(q, pkts, 0);
	q->nb_free = NB_DESC - 1;
	TEST_ASSERT_EQUAL(rte_mempool_avail_count(pkt_mp), avail, "freed on DD");
	return TEST_SUCCESS;
}

/* Checksum offload: one context descriptor, reused while the layout holds. */
/*
 * TX gives buffers back as soon as the oldest RS group is done, with the
 * ring nearly empty: the pages in it are some RX pool's, and that pool
 * should not wait for the ring to run low.
 */
static int
test_tx_reclaim_early(void)
{
	struct e1000e_tx_queue *q = txq_new();
	struct rte_mbuf *pkts[1];
	unsigned int avail;

	TEST_ASSERT_NOT_NULL(q, "tx queue");
	avail = rte_mempool_avail_count(pkt_mp);
	TEST_ASSERT_NOT_NULL(pkts[0] = rte_pktmbuf_alloc(pkt_mp), "mbuf");
	rte_pktmbuf_append(pkts[0], 60);
	TEST_ASSERT_EQUAL(e1000e_xmit_pkts(q, pkts, 1), 1, "first packet");
	TEST_ASSERT(q->nb_free >= q->free_thresh, "the ring is not low");
	q->ring[0].upper |= E1000E_TXD_STAT_DD;
	TEST_ASSERT_NOT_NULL(pkts[0] = rte_pktmbuf_alloc(pkt_mp), "mbuf");
	rte_pktmbuf_append(pkts[0], 60);
	TEST_ASSERT_EQUAL(e1000e_xmit_pkts(q, pkts, 1), 1, "second packet");
	TEST_ASSERT_EQUAL(rte_mempool_avail_count(pkt_mp), avail - 1,
			  "the first packet freed by the next burst");
	q->ring[1].upper |= E1000E_TXD_STAT_DD;
	e1000e_xmit_pkts(q, pkts, 0);
	TEST_ASSERT_EQUAL(rte_mempool_avail_count(pkt_mp), avail, "both freed");
	return TEST_SUCCESS;
}

static int
test_tx_csum_context(void)
{
	struct e1000e_tx_queue *q = txq_new();
	struct rte_mbuf *pkts[2];
	struct e1000e_tx_ctx_desc c;
	unsigned int i;

	TEST_ASSERT_NOT_NULL(q, "tx queue");
	for (i = 0; i < 2; i++) {
		struct rte_mbuf *m = rte_pktmbuf_alloc(pkt_mp);
		struct rte_ipv4_hdr *ip;

		TEST_ASSERT_NOT_NULL(m, "mbuf");
		memset(rte_pktmbuf_append(m, 64), 0, 64);
		ip = rte_pktmbuf_mtod_offset(m, struct rte_ipv4_hdr *, 14);
		ip->version_ihl = 0x45;
		ip->total_length = rte_cpu_to_be_16(50);
		ip->next_proto_id = IPPROTO_TCP;
		m->l2_len = 14;
		m->l3_len = 20;
		m->ol_flags = RTE_MBUF_F_TX_IPV4 | RTE_MBUF_F_TX_IP_CKSUM |
			      RTE_MBUF_F_TX_TCP_CKSUM;
		pkts[i] = m;
	}
	TEST_ASSERT_EQUAL(e1000e_prep_pkts(q, pkts, 2), 2, "prepared");
	TEST_ASSERT_EQUAL(e1000e_xmit_pkts(q, pkts, 2), 2, "accepted");
	TEST_ASSERT_EQUAL(reg(E1000E_TDT(0)), 3, "context + 2 data descriptors");
	memcpy(&c, (const void *)(uintptr_t)&q->ring[0], sizeof(c));
	TEST_ASSERT_EQUAL(c.ip_setup, 14 | 24 << 8 | 33 << 16, "IPCSS/IPCSO/IPCSE");
	TEST_ASSERT_EQUAL(c.tu_setup, 34 | 50 << 8, "TUCSS/TUCSO/TUCSE");
	TEST_ASSERT(c.cmd_and_length & E1000E_TXC_TUCMD_TCP, "TCP");
	TEST_ASSERT(c.cmd_and_length & E1000E_TXC_TUCMD_IP, "IPv4");
	for (i = 1; i < 3; i++)
		TEST_ASSERT_EQUAL(q->ring[i].upper & 0xFF00,
				  E1000E_TXD_POPTS_IXSM | E1000E_TXD_POPTS_TXSM,
				  "POPTS %u", i);
	e1000e_tx_queue_reclaim(q);
	return TEST_SUCCESS;
}

/* Raw path: a page in, the same page out, home again on completion. */
static int
test_raw(void)
{
	struct e1000e_rx_queue *rq = rxq_new(0, 0);
	struct e1000e_tx_queue *tq = txq_new();
	struct pagepool_buf b[4];

	TEST_ASSERT_NOT_NULL(rq, "rx queue");
	TEST_ASSERT_NOT_NULL(tq, "tx queue");
	TEST_CHECK(nic_rx(rq, 0, 70, 2, 0));
	TEST_CHECK(nic_rx(rq, 1, 3000, 2, 0)); /* over one buffer: dropped */
	TEST_ASSERT_EQUAL(e1000e_recv_raw(rq, b, 4), 1, "raw frames");
	TEST_ASSERT_EQUAL(rq->raw_too_long, 1, "too long counted");
	TEST_ASSERT_EQUAL(b[0].len, 70, "length");
	TEST_ASSERT(((uint8_t *)pagepool_buf_data(&b[0]))[5] == 7, "data");
	TEST_ASSERT_EQUAL(pagepool_in_flight(rq->pp.pool), NB_DESC + 1, "held by app");
	TEST_ASSERT_EQUAL(e1000e_xmit_raw(tq, b, 1), 1, "sent");
	TEST_ASSERT_EQUAL(tq->ring[0].buffer_addr, pagepool_buf_iova(&b[0]), "iova");
	TEST_ASSERT_EQUAL(pagepool_in_flight(rq->pp.pool), NB_DESC + 1, "on the TX ring");
	tq->ring[0].upper |= E1000E_TXD_STAT_DD;
	tq->nb_free = 0;
	e1000e_xmit_raw(tq, b, 0);
	tq->nb_free = NB_DESC - 1;
	TEST_ASSERT_EQUAL(pagepool_in_flight(rq->pp.pool), NB_DESC, "home after DD");
	return TEST_SUCCESS;
}

/*
 * A write-back length over the buffer (RCTL.BSIZE, 2 KiB) is a device
 * fault: taken as is, the mbuf or raw buffer would describe the next
 * fragment or page. The frame is dropped and counted in bad_length, every
 * page of it goes home, and the next good frame is received. Whole pages
 * and rx_frags fragments, mbuf and raw paths.
 */
static int
rx_bad_length_case(uint32_t frags, int raw)
{
	struct e1000e_rx_queue *q;
	struct pagepool_buf b[8];
	struct rte_mbuf *m[8];
	char name[PAGEPOOL_NAMESIZE];
	uint32_t ring_pages;
	uint16_t n, good;

	ad->devargs.rx_frags = frags;
	q = rxq_new(0, 0);
	ad->devargs.rx_frags = 0;
	TEST_ASSERT_NOT_NULL(q, "rx queue");
	TEST_ASSERT_EQUAL(q->pp.frags, frags, "buffer mode");
	pagepool_poll(q->pp.pool);
	ring_pages = pagepool_in_flight(q->pp.pool); /* fragments share pages */
	/* 0: one buffer claiming one byte more than it has */
	TEST_CHECK(nic_rx(q, 0, 60, 1, 0));
	q->ring[0].wb.length = E1000E_RX_BUF_SIZE + 1;
	/* 1: one buffer claiming the most a length field can say */
	TEST_CHECK(nic_rx(q, 1, 60, 1, 0));
	q->ring[1].wb.length = UINT16_MAX;
	good = 2;
	if (!raw) {
		/* 2-3: a chain whose first buffer lies */
		TEST_CHECK(nic_rx(q, 2, 3000, 1, 0));
		q->ring[2].wb.length = 4096;
		/* 4-5: a chain whose last buffer lies */
		TEST_CHECK(nic_rx(q, 4, 3000, 1, 0));
		q->ring[5].wb.length = 9000;
		good = 6;
	}
	TEST_CHECK(nic_rx(q, good, 64, 9, 0));
	if (raw) {
		n = e1000e_recv_raw(q, b, RTE_DIM(b));
		TEST_ASSERT_EQUAL(n, 1, "raw frames (frags %u)", frags);
		TEST_ASSERT_EQUAL(b[0].len, 64, "the good frame");
		TEST_ASSERT(((uint8_t *)pagepool_buf_data(&b[0]))[5] == 14, "data");
		pagepool_put_page(b[0].page);
	} else {
		n = e1000e_recv_pkts(q, m, RTE_DIM(m));
		TEST_ASSERT_EQUAL(n, 1, "frames (frags %u)", frags);
		TEST_CHECK(check_data(m[0], 64, 9));
		rte_pktmbuf_free(m[0]);
	}
	TEST_ASSERT_EQUAL(q->bad_length, raw ? 2 : 4, "bad_length (frags %u)",
			  frags);
	TEST_ASSERT_EQUAL(q->desc_errors + q->raw_too_long, 0, "no other error");
	TEST_ASSERT(q->pkt_first == NULL && !q->drop, "no frame pending");
	TEST_ASSERT(pagepool_in_flight(q->pp.pool) <= ring_pages + 1,
		    "every page home or on the ring (frags %u): %u, ring %u",
		    frags, pagepool_in_flight(q->pp.pool), ring_pages);
	/* nothing lost: releasing the queue frees the pool at once */
	snprintf(name, sizeof(name), "e1000e%u_rxq0_%u", q->port_id,
		 ad->pool_gen - 1);
	e1000e_rx_queue_release(dev, 0);
	TEST_ASSERT_NULL(pagepool_lookup(name), "pool %s freed: every page home",
			 name);
	return TEST_SUCCESS;
}

static int
test_rx_bad_length(void)
{
	uint32_t frags;
	int raw;

	for (frags = 0; frags <= 1; frags++)
		for (raw = 0; raw <= 1; raw++)
			TEST_CHECK(rx_bad_length_case(frags, raw));
	return TEST_SUCCESS;
}

/*
 * A device that never sets EOP must not make one chain absorb the pool:
 * a chain is capped at the buffers a frame of the port's MTU can fill,
 * counted once in too_many_segs, and its buffers go home; the ring stays
 * armed and the next good frame is received. The pool is small (the ring
 * plus 8 buffers), so an uncapped chain runs it dry within a ring-full.
 */
static int
test_rx_chain_cap(void)
{
	struct e1000e_rx_queue *q = rxq_new(0, NB_DESC + 8);
	struct rte_mbuf *m[8];
	unsigned int round, i;
	uint16_t idx;

	TEST_ASSERT_NOT_NULL(q, "rx queue");
	TEST_ASSERT_EQUAL(q->max_segs, 5, "MTU 9000: five 2 KiB buffers");
	pagepool_poll(q->pp.pool);
	for (round = 0; round < 3 * NB_DESC / 16; round++) {
		unsigned int fed = 0;

		for (i = 0; i < 16; i++) {
			idx = (q->next + i) % NB_DESC;
			if (q->bufs[idx].page == NULL)
				break; /* not given to the NIC */
			nic_desc(q, idx, E1000E_RX_BUF_SIZE, 0); /* no EOP */
			fed++;
		}
		TEST_ASSERT(fed != 0, "round %u: RX stalled, no armed descriptor"
			    " (pages on the chain: %u)", round,
			    q->pkt_first != NULL ? q->pkt_first->nb_segs : 0);
		TEST_ASSERT_EQUAL(e1000e_recv_pkts(q, m, RTE_DIM(m)), 0,
				  "round %u: no frame without EOP", round);
		TEST_ASSERT(q->pkt_first == NULL ||
			    q->pkt_first->nb_segs <= q->max_segs,
			    "round %u: chain of %u buffers, cap %u", round,
			    q->pkt_first->nb_segs, q->max_segs);
		TEST_ASSERT_EQUAL(q->nb_empty, 0, "round %u: ring fully armed",
				  round);
	}
	TEST_ASSERT_EQUAL(q->too_many_segs, 1, "one frame over the cap");
	/* EOP ends the bad frame; the next one is received */
	nic_desc(q, q->next, 100, E1000E_RXD_STAT_EOP);
	TEST_CHECK(nic_rx(q, (q->next + 1) % NB_DESC, 64, 4, 0));
	TEST_ASSERT_EQUAL(e1000e_recv_pkts(q, m, RTE_DIM(m)), 1, "good frame");
	TEST_CHECK(check_data(m[0], 64, 4));
	rte_pktmbuf_free(m[0]);
	TEST_ASSERT_EQUAL(q->too_many_segs, 1, "counted once");
	TEST_ASSERT_EQUAL(pagepool_in_flight(q->pp.pool), NB_DESC, "no page lost");

	/* a frame of exactly max_segs buffers is still received */
	idx = q->next;
	TEST_CHECK(nic_rx(q, idx, 5 * E1000E_RX_BUF_SIZE, 6, 0));
	TEST_ASSERT_EQUAL(e1000e_recv_pkts(q, m, RTE_DIM(m)), 1, "5-buffer frame");
	TEST_ASSERT_EQUAL(m[0]->nb_segs, 5, "segments");
	TEST_CHECK(check_data(m[0], 5 * E1000E_RX_BUF_SIZE, 6));
	rte_pktmbuf_free(m[0]);
	TEST_ASSERT_EQUAL(q->too_many_segs, 1, "not counted");
	return TEST_SUCCESS;
}

/*
 * Pages without IOVAs (memory the EAL gives RTE_BAD_IOVA) would put
 * RTE_BAD_IOVA + offset in the descriptors: queue setup refuses, frees the
 * pool, and leaves no queue behind.
 */
static int
test_no_iova(void)
{
	struct rte_eth_rxconf conf = { 0 };
	char name[PAGEPOOL_NAMESIZE];
	int ret;

	TEST_ASSERT(rxq_new(0, 0) != NULL, "a pool with IOVAs is accepted");
	TEST_ASSERT_EQUAL(pagepool_has_iova(((struct e1000e_rx_queue *)
			  dev->data->rx_queues[0])->pp.pool), 1, "has IOVAs");
	fake_no_iova = 1;
	ret = e1000e_rx_queue_setup(dev, 0, NB_DESC, SOCKET_ID_ANY, &conf,
				    hdr_mp);
	fake_no_iova = 0;
	TEST_ASSERT_EQUAL(ret, -ENOTSUP, "setup refused");
	TEST_ASSERT_NULL(dev->data->rx_queues[0], "no queue left");
	snprintf(name, sizeof(name), "e1000e%u_rxq0_%u", dev->data->port_id,
		 ad->pool_gen - 1);
	TEST_ASSERT_NULL(pagepool_lookup(name), "pool %s freed", name);
	return TEST_SUCCESS;
}

/*
 * A secondary process sees the queues' pointers but not the primary's
 * private memory behind them: configure and queue setup refuse there, and
 * touch nothing (the primary's queues stay as they are).
 */
static int
test_secondary(void)
{
	struct rte_eth_rxconf rxconf = { 0 };
	struct rte_eth_txconf txconf = { 0 };
	struct e1000e_rx_queue *rq = rxq_new(0, 0);
	struct e1000e_tx_queue *tq = txq_new();
	int cfg, rx, tx;

	TEST_ASSERT_NOT_NULL(rq, "rx queue");
	TEST_ASSERT_NOT_NULL(tq, "tx queue");
	fake_secondary = 1;
	cfg = e1000e_eth_ops.dev_configure(dev);
	rx = e1000e_rx_queue_setup(dev, 0, NB_DESC, SOCKET_ID_ANY, &rxconf,
				   hdr_mp);
	tx = e1000e_tx_queue_setup(dev, 0, NB_DESC, SOCKET_ID_ANY, &txconf);
	fake_secondary = 0;
	TEST_ASSERT_EQUAL(cfg, -ENOTSUP, "dev_configure refused");
	TEST_ASSERT_EQUAL(rx, -ENOTSUP, "rx_queue_setup refused");
	TEST_ASSERT_EQUAL(tx, -ENOTSUP, "tx_queue_setup refused");
	TEST_ASSERT(dev->data->rx_queues[0] == rq, "rx queue untouched");
	TEST_ASSERT(dev->data->tx_queues[0] == tq, "tx queue untouched");
	TEST_ASSERT_EQUAL(pagepool_in_flight(rq->pp.pool), NB_DESC, "ring intact");
	return TEST_SUCCESS;
}

/* Is addr in EAL memory, i.e. memory VFIO maps for the device? */
static int
dma_visible(const volatile void *addr)
{
	return rte_mem_virt2memseg_list((const void *)(uintptr_t)addr) != NULL;
}

/*
 * What tells the driver which page a descriptor holds, or what a TX slot
 * frees, is out of the device's reach: the queues, the RX shadow ring and
 * the TX software ring are in memory VFIO does not map, as are the pool's
 * page descriptors. The descriptor rings are, as they must be.
 */
static int
test_private_memory(void)
{
	struct e1000e_rx_queue *rq = rxq_new(0, 0);
	struct e1000e_tx_queue *tq = txq_new();

	TEST_ASSERT_NOT_NULL(rq, "rx queue");
	TEST_ASSERT_NOT_NULL(tq, "tx queue");
	TEST_ASSERT(dma_visible(rq->ring) && dma_visible(tq->ring),
		    "descriptor rings in EAL memory");
	TEST_ASSERT(!dma_visible(rq), "rx queue out of DMA memory");
	TEST_ASSERT(!dma_visible(rq->bufs), "RX shadow ring out of DMA memory");
	TEST_ASSERT(!dma_visible(rq->bufs[0].page), "page descriptors too");
	TEST_ASSERT(!dma_visible(tq), "tx queue out of DMA memory");
	TEST_ASSERT(!dma_visible(tq->sw), "TX software ring out of DMA memory");
	TEST_ASSERT(!dma_visible(tq->rs_fifo), "TX RS fifo out of DMA memory");
	return TEST_SUCCESS;
}

/*
 * Surprise removal: every register reads all-ones, and the last DMA the
 * device did may be write-backs of all-ones. The port reports link down
 * (STATUS all-ones has LU set), counters do not jump by 2^32 per read,
 * start fails with -ENODEV, queue stop returns in bounded time, and every
 * page and mbuf comes back: the ring's pages to the pool, the TX ring's
 * mbufs to their mempool, the frame the application holds when it frees it.
 */
static int
test_device_gone(void)
{
	struct e1000e_rx_queue *rq = rxq_new(0, 0);
	struct e1000e_tx_queue *tq = txq_new();
	struct rte_mbuf *m[8], *held;
	struct rte_eth_stats st;
	unsigned int avail, i;
	uint64_t ierrors;

	TEST_ASSERT_NOT_NULL(rq, "rx queue");
	TEST_ASSERT_NOT_NULL(tq, "tx queue");
	pagepool_poll(rq->pp.pool);
	avail = rte_mempool_avail_count(pkt_mp);
	TEST_CHECK(nic_rx(rq, 0, 60, 1, 0));
	TEST_ASSERT_EQUAL(e1000e_recv_pkts(rq, m, 1), 1, "a frame before");
	held = m[0];
	for (i = 0; i < 4; i++) {
		m[i] = rte_pktmbuf_alloc(pkt_mp);
		TEST_ASSERT_NOT_NULL(m[i], "tx mbuf");
		rte_pktmbuf_append(m[i], 60);
	}
	TEST_ASSERT_EQUAL(e1000e_xmit_pkts(tq, m, 4), 4, "4 frames on the TX ring");
	memset(&st, 0, sizeof(st));
	TEST_ASSERT_EQUAL(e1000e_eth_ops.stats_get(dev, &st), 0, "stats");
	ierrors = st.ierrors;
	*(volatile uint32_t *)(ad->hw + E1000E_STATUS) = E1000E_STATUS_LU |
		E1000E_STATUS_FD | 2u << E1000E_STATUS_SPEED_SHIFT;
	e1000e_eth_ops.link_update(dev, 0);
	TEST_ASSERT_EQUAL(dev->data->dev_link.link_status, RTE_ETH_LINK_UP,
			  "link up before");

	memset((void *)(uintptr_t)ad->hw, 0xff, 128 * 1024);
	for (i = 0; i < 8; i++)
		memset((void *)(uintptr_t)&rq->ring[(rq->next + i) % NB_DESC],
		       0xff, sizeof(rq->ring[0]));
	TEST_ASSERT_EQUAL(e1000e_recv_pkts(rq, m, RTE_DIM(m)), 0,
			  "no frame from all-ones write-backs");
	TEST_ASSERT_EQUAL(rq->bad_length, 8, "all counted as bad length");
	TEST_ASSERT_EQUAL(e1000e_eth_ops.link_update(dev, 1), 0,
			  "link update: changed");
	TEST_ASSERT_EQUAL(dev->data->dev_link.link_status, RTE_ETH_LINK_DOWN,
			  "link down");
	memset(&st, 0, sizeof(st));
	TEST_ASSERT_EQUAL(e1000e_eth_ops.stats_get(dev, &st), 0, "stats");
	TEST_ASSERT_EQUAL(st.ierrors - ierrors, 8, "ierrors: the 8 frames only");
	TEST_ASSERT_EQUAL(st.imissed, 0, "imissed untouched");
	TEST_ASSERT_EQUAL(e1000e_eth_ops.dev_start(dev), -ENODEV, "start refused");
	TEST_ASSERT_EQUAL(e1000e_eth_ops.rx_queue_stop(dev, 0), 0, "rx stop");
	TEST_ASSERT_EQUAL(e1000e_eth_ops.tx_queue_stop(dev, 0), 0, "tx stop");
	TEST_ASSERT_EQUAL(pagepool_in_flight(rq->pp.pool), 1,
			  "the ring's pages home, the held frame out");
	TEST_ASSERT_EQUAL(rte_mempool_avail_count(pkt_mp), avail,
			  "TX mbufs back in their mempool");
	rte_pktmbuf_free(held);
	TEST_ASSERT_EQUAL(pagepool_in_flight(rq->pp.pool), 0, "every page home");
	memset((void *)(uintptr_t)ad->hw, 0, 128 * 1024); /* plugged back */
	return TEST_SUCCESS;
}

/*
 * A device that is there but stops working: it writes back nothing and
 * never moves TDH. Bursts return nothing, stopping the queues waits a
 * bounded time (TX: for TDH to reach TDT) and then takes every buffer back.
 */
static int
test_device_stalled(void)
{
	struct e1000e_rx_queue *rq = rxq_new(0, 0);
	struct e1000e_tx_queue *tq = txq_new();
	struct rte_mbuf *m[4];
	unsigned int avail, i;

	TEST_ASSERT_NOT_NULL(rq, "rx queue");
	TEST_ASSERT_NOT_NULL(tq, "tx queue");
	avail = rte_mempool_avail_count(pkt_mp);
	for (i = 0; i < 4; i++) {
		m[i] = rte_pktmbuf_alloc(pkt_mp);
		TEST_ASSERT_NOT_NULL(m[i], "tx mbuf");
		rte_pktmbuf_append(m[i], 60);
	}
	TEST_ASSERT_EQUAL(e1000e_xmit_pkts(tq, m, 4), 4, "queued");
	TEST_ASSERT_EQUAL(e1000e_recv_pkts(rq, m, 4), 0, "nothing received");
	TEST_ASSERT_EQUAL(reg(E1000E_TDH(0)), 0, "TDH never moves");
	TEST_ASSERT_EQUAL(e1000e_eth_ops.tx_queue_stop(dev, 0), 0, "tx stop");
	TEST_ASSERT_EQUAL(e1000e_eth_ops.rx_queue_stop(dev, 0), 0, "rx stop");
	TEST_ASSERT_EQUAL(rte_mempool_avail_count(pkt_mp), avail, "mbufs back");
	TEST_ASSERT_EQUAL(pagepool_in_flight(rq->pp.pool), 0, "pages home");
	return TEST_SUCCESS;
}

static void
set_reg(uint32_t off, uint32_t v)
{
	*(volatile uint32_t *)(ad->hw + off) = v;
}

/*
 * Queue stop and start on a running port. The ring registers are written
 * with receive off (RCTL.EN clear), never under a running receiver:
 * hw_start refuses (-EBUSY) with RCTL.EN on, and the rx_queue_start op
 * pauses receive around it. Stop flushes the NIC's pending write-backs
 * (RDTR.FPD) before taking the ring's pages back, and both leave RCTL as
 * they found it.
 */
static int
test_rx_queue_restart(void)
{
	struct e1000e_rx_queue *q = rxq_new(0, 0);
	const uint32_t rctl = E1000E_RCTL_EN | E1000E_RCTL_BAM;

	TEST_ASSERT_NOT_NULL(q, "rx queue");
	set_reg(E1000E_RCTL, rctl); /* the port is receiving */
	set_reg(E1000E_RDBAL(0), 0xdead0000);
	TEST_ASSERT_EQUAL(e1000e_rx_queue_hw_start(dev, q), -EBUSY,
			  "hw_start refuses with receive on");
	TEST_ASSERT_EQUAL(reg(E1000E_RDBAL(0)), 0xdead0000,
			  "ring registers untouched");
	TEST_ASSERT_EQUAL(pagepool_in_flight(q->pp.pool), NB_DESC,
			  "the ring as it was");

	TEST_ASSERT_EQUAL(e1000e_eth_ops.rx_queue_stop(dev, 0), 0, "stop");
	TEST_ASSERT(reg(E1000E_RDTR) & E1000E_RDTR_FPD, "write-backs flushed");
	TEST_ASSERT_EQUAL(reg(E1000E_RCTL), rctl, "RCTL restored after stop");
	TEST_ASSERT_EQUAL(reg(E1000E_RDH(0)), 0, "RDH");
	TEST_ASSERT_EQUAL(reg(E1000E_RDT(0)), 0, "RDT: the NIC owns nothing");
	TEST_ASSERT_EQUAL(pagepool_in_flight(q->pp.pool), 0, "pages home");
	TEST_ASSERT(!q->started, "stopped");

	TEST_ASSERT_EQUAL(e1000e_eth_ops.rx_queue_start(dev, 0), 0, "start");
	TEST_ASSERT_EQUAL(reg(E1000E_RCTL), rctl, "RCTL restored after start");
	TEST_ASSERT_EQUAL(reg(E1000E_RDBAL(0)), (uint32_t)q->ring_iova, "RDBAL");
	TEST_ASSERT_EQUAL(reg(E1000E_RDT(0)), NB_DESC - 1, "RDT");
	TEST_ASSERT_EQUAL(pagepool_in_flight(q->pp.pool), NB_DESC, "ring refilled");
	TEST_ASSERT(q->started, "started");
	set_reg(E1000E_RCTL, 0);
	set_reg(E1000E_RDTR, 0);
	return TEST_SUCCESS;
}

/*
 * Stop while the NIC is still receiving (RDH keeps moving with receive
 * off): the driver must not take the ring's pages back under the NIC's
 * feet. It waits, bounded, then returns -ETIMEDOUT with the queue, its
 * pages and RCTL as they were; once the NIC goes quiet, stop succeeds.
 */
static int
test_rx_stop_busy(void)
{
	struct e1000e_rx_queue *q = rxq_new(0, 0);
	const uint32_t rctl = E1000E_RCTL_EN | E1000E_RCTL_BAM;
	int ret;

	TEST_ASSERT_NOT_NULL(q, "rx queue");
	set_reg(E1000E_RCTL, rctl);
	fake_rx_busy = 1000; /* never quiet within the driver's bound */
	ret = e1000e_eth_ops.rx_queue_stop(dev, 0);
	TEST_ASSERT(fake_rx_busy != 0, "the driver's wait is bounded");
	fake_rx_busy = 0;
	TEST_ASSERT_EQUAL(ret, -ETIMEDOUT, "stop refused while RDH moves");
	TEST_ASSERT(q->started, "queue still started");
	TEST_ASSERT_EQUAL(pagepool_in_flight(q->pp.pool), NB_DESC,
			  "no page taken back");
	TEST_ASSERT_NOT_NULL(q->bufs[0].page, "ring intact");
	TEST_ASSERT_EQUAL(reg(E1000E_RDT(0)), NB_DESC - 1, "RDT untouched");
	TEST_ASSERT_EQUAL(reg(E1000E_RCTL), rctl, "receive back on");

	fake_rx_busy = 3; /* the frame in progress lands, then quiet */
	ret = e1000e_eth_ops.rx_queue_stop(dev, 0);
	TEST_ASSERT_EQUAL(fake_rx_busy, 0, "waited through the busy windows");
	fake_rx_busy = 0;
	TEST_ASSERT_EQUAL(ret, 0, "stop once quiet");
	TEST_ASSERT_EQUAL(pagepool_in_flight(q->pp.pool), 0, "pages home");
	set_reg(E1000E_RCTL, 0);
	set_reg(E1000E_RDTR, 0);
	set_reg(E1000E_RDH(0), 0);
	return TEST_SUCCESS;
}

/* Release: the ring's pages go back and the pool is freed. */
static int
test_release(void)
{
	struct e1000e_rx_queue *q = rxq_new(0, 0);
	char name[PAGEPOOL_NAMESIZE];

	TEST_ASSERT_NOT_NULL(q, "rx queue");
	snprintf(name, sizeof(name), "e1000e%u_rxq0_%u", q->port_id,
		 ad->pool_gen - 1);
	TEST_ASSERT_NOT_NULL(pagepool_lookup(name), "pool %s", name);
	e1000e_rx_queue_release(dev, 0);
	TEST_ASSERT_NULL(pagepool_lookup(name), "pool freed at once: none in flight");
	return TEST_SUCCESS;
}

/*
 * Devargs: what the parser accepts and refuses. A refused string leaves
 * the adapter as it was. The refusals marked (fuzz) are what fuzz_devargs
 * found: a key without a value crashed the probe (the handler got NULL),
 * a refused value came back as -1, out-of-range values were taken
 * (rx_frags=256 is 0 in the queue's uint8_t), and a half-good string
 * changed the adapter.
 */
static int
test_devargs(void)
{
	static const struct {
		const char *args;
		int ret;
		uint32_t pool_bufs, rx_frags;	/* if accepted */
	} t[] = {
		{ "", 0, 7, 9 },
		{ "pool_bufs=4096", 0, 4096, 9 },
		{ "rx_frags=1", 0, 7, 1 },
		{ "pool_bufs=560,rx_frags=0", 0, 560, 0 },
		{ "pool_bufs=0x200", 0, 512, 9 },
		{ "pool_bufs=0512", 0, 512, 9 },	/* decimal, not octal */
		{ "pool_bufs=1,pool_bufs=2", 0, 2, 9 },
		{ "pool_bufs=16777216", 0, 1u << 24, 9 },
		{ "pool_bufs", -EINVAL, 0, 0 },		/* (fuzz) */
		{ "rx_frags", -EINVAL, 0, 0 },		/* (fuzz) */
		{ "pool_bufs=", -EINVAL, 0, 0 },
		{ "pool_bufs=x1", -EINVAL, 0, 0 },	/* (fuzz) */
		{ "pool_bufs=-1", -EINVAL, 0, 0 },
		{ "pool_bufs=-18446744073709551615", -EINVAL, 0, 0 }, /* was 1 */
		{ "pool_bufs= 5", -EINVAL, 0, 0 },
		{ "pool_bufs=0x", -EINVAL, 0, 0 },
		{ "pool_bufs=16777217", -EINVAL, 0, 0 },
		{ "pool_bufs=4294967295", -EINVAL, 0, 0 },
		{ "rx_frags=2", -EINVAL, 0, 0 },
		{ "rx_frags=256", -EINVAL, 0, 0 },	/* (fuzz) */
		{ "pool_bufs=5,rx_frags=7", -EINVAL, 0, 0 }, /* (fuzz) */
		{ "pool_buf=1", -EINVAL, 0, 0 },
		{ "pool_bufs=[1,2]", -EINVAL, 0, 0 },	/* (fuzz) */
	};
	unsigned int i;

	for (i = 0; i < RTE_DIM(t); i++) {
		struct e1000e_adapter a = { .devargs = { .pool_bufs = 7, .rx_frags = 9 } };
		int ret = e1000e_devargs_parse(&a, t[i].args);

		TEST_ASSERT_EQUAL(ret, t[i].ret, "\"%s\"", t[i].args);
		if (ret != 0) {
			TEST_ASSERT(a.devargs.pool_bufs == 7 && a.devargs.rx_frags == 9,
				    "\"%s\" refused but the adapter changed",
				    t[i].args);
			continue;
		}
		TEST_ASSERT_EQUAL(a.devargs.pool_bufs, t[i].pool_bufs, "\"%s\": pool_bufs",
				  t[i].args);
		TEST_ASSERT_EQUAL(a.devargs.rx_frags, t[i].rx_frags, "\"%s\": rx_frags",
				  t[i].args);
	}
	return TEST_SUCCESS;
}

static const struct test_case cases[] = {
	TEST_CASE(test_rx_zero_copy),
	TEST_CASE(test_rx_chain),
	TEST_CASE(test_rx_desc_error),
	TEST_CASE(test_rx_flags),
	TEST_CASE(test_rx_nombuf),
	TEST_CASE(test_tx_chain),
	TEST_CASE(test_tx_reclaim_early),
	TEST_CASE(test_tx_csum_context),
	TEST_CASE(test_raw),
	TEST_CASE(test_rx_bad_length),
	TEST_CASE(test_rx_chain_cap),
	TEST_CASE(test_no_iova),
	TEST_CASE(test_secondary),
	TEST_CASE(test_private_memory),
	TEST_CASE(test_device_gone),
	TEST_CASE(test_device_stalled),
	TEST_CASE(test_rx_queue_restart),
	TEST_CASE(test_rx_stop_busy),
	TEST_CASE(test_release),
	TEST_CASE(test_devargs),
};

int
main(void)
{
	static const char *const extra[] = { "--iova-mode=va", NULL };
	const struct test_suite suite = {
		.name = "e1000e_rxtx",
		.setup = suite_setup,
		.teardown = suite_teardown,
		.cases = cases,
		.nb_cases = RTE_DIM(cases),
	};
	struct test_tally t = { 0 };
	int ret;

	if (test_eal_init("e1000e", extra) != 0)
		return TEST_EXIT_SKIP;
	test_run_suite(&suite, &t);
	ret = test_tally_exit(&t);
	test_eal_cleanup();
	return ret;
}
