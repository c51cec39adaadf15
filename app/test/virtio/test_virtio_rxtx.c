/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The pagepool authors
 */

/*
 * net_pp_virtio data path (virtio_rxtx.c) against the fake virtio-net
 * device in memory (fake_vdev.h), on the host (--no-pci, no VM, no root).
 * The test plays the device: frames into the RX buffers the driver posted,
 * TX chains read back into bytes, and every lie issue 9 lists (a length
 * beyond the buffer, num_buffers 0 or beyond, a header longer than the
 * buffer, an id out of range or twice, a device that stops). Every case
 * ends with the queues stopped and the pool's in_flight at 0.
 *
 * Every case runs twice: split rings, then packed rings.
 */

#include <stdlib.h>
#include <string.h>

#include <ethdev_driver.h>
#include <rte_ip.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>
#include <rte_tcp.h>
#include <rte_udp.h>

#include <pagepool_mbuf.h>

#include "fake_vdev.h"
#include "virtio_rxtx.h"
#include "test_common.h"

#define NB_DESC		256
#define BURST		32
#define F(b)		PP_VIRTIO_BIT(PP_VIRTIO_NET_F_ ## b)

static struct fake_vdev fd;
static struct rte_eth_dev *dev;
static struct rte_mempool *hdr_mp;	/* RX header mbufs */
static struct rte_mempool *pkt_mp;	/* ordinary mbufs for TX */
static int packed;			/* this run's ring layout */
static uint32_t pool_bufs;		/* devarg for the next port_up, 0 default */

/* the port under test */
static struct pp_virtio_rxq *rxq;
static struct pp_virtio_txq *txq;
static struct fake_vq *frx, *ftx;

/* ------------------------------------------------------------ helpers */

static uint16_t
div_ceil_test(uint32_t a, uint32_t b)
{
	return (uint16_t)((a + b - 1) / b);
}

static uint8_t
pat(uint32_t i, uint8_t seed)
{
	return (uint8_t)(seed + i * 7 + (i >> 8));
}

static void
frame_fill(uint8_t *p, uint32_t len, uint8_t seed)
{
	uint32_t i;

	for (i = 0; i < len; i++)
		p[i] = pat(i, seed);
}

/* An mbuf chain holds exactly the pattern frame (len bytes, seed). */
static int
mbuf_check(const struct rte_mbuf *m, uint32_t len, uint8_t seed)
{
	uint32_t off = 0, i;
	const struct rte_mbuf *s;

	TEST_ASSERT_EQUAL(m->pkt_len, len, "pkt_len");
	for (s = m; s != NULL; s = s->next) {
		const uint8_t *p = rte_pktmbuf_mtod(s, const uint8_t *);

		for (i = 0; i < s->data_len; i++, off++)
			TEST_ASSERT_EQUAL(p[i], pat(off, seed),
					  "byte %u of a %u-byte frame", off, len);
	}
	TEST_ASSERT_EQUAL(off, len, "bytes in the chain");
	return TEST_SUCCESS;
}

/* A TX mbuf of len bytes (pattern seed), in segments of at most seg. */
static struct rte_mbuf *
tx_mbuf(uint32_t len, uint8_t seed, uint32_t seg)
{
	struct rte_mbuf *head = NULL, *m;
	uint32_t off = 0;

	do {
		uint32_t n = RTE_MIN(len - off, seg);
		uint8_t *p;

		m = rte_pktmbuf_alloc(pkt_mp);
		if (m == NULL)
			goto fail;
		p = (uint8_t *)rte_pktmbuf_append(m, (uint16_t)n);
		if (p == NULL) {
			rte_pktmbuf_free(m);
			goto fail;
		}
		for (uint32_t i = 0; i < n; i++)
			p[i] = pat(off + i, seed);
		off += n;
		if (head == NULL)
			head = m;
		else if (rte_pktmbuf_chain(head, m) != 0) {
			rte_pktmbuf_free(m);
			goto fail;
		}
	} while (off < len);
	return head;
fail:
	rte_pktmbuf_free(head);
	return NULL;
}

/* The device transmits one chain: byte-exact, header zeros unless h. */
static int
dev_tx_check(uint32_t len, uint8_t seed, struct pp_virtio_net_hdr *h)
{
	static uint8_t buf[16384];
	struct pp_virtio_net_hdr hdr, zero = { 0 };
	uint32_t got = 0, i;

	TEST_ASSERT_EQUAL(fake_net_tx(ftx, &hdr, buf, sizeof(buf), &got), 1,
			  "the device finds a TX chain");
	TEST_ASSERT_EQUAL(got, len, "frame length on the wire");
	for (i = 0; i < len; i++)
		TEST_ASSERT_EQUAL(buf[i], pat(i, seed), "TX byte %u of %u", i,
				  len);
	if (h != NULL)
		*h = hdr;
	else
		TEST_ASSERT(memcmp(&hdr, &zero, sizeof(hdr)) == 0,
			    "header all zeros");
	return TEST_SUCCESS;
}

/*
 * Bring the port up as the device layer would: features (VERSION_1 and
 * the ring layout of this run added), MTU, rx_frags; both queues set up,
 * started before DRIVER_OK, kicked after.
 */
static int
port_up(uint64_t feat, uint16_t mtu, uint32_t rx_frags, uint16_t nb_desc)
{
	struct ppdrv_devargs da = { .rx_frags = rx_frags,
				    .pool_bufs = pool_bufs };
	struct rte_eth_rxconf rc = { 0 };
	struct rte_eth_txconf tc = { 0 };
	int ret;

	/* whatever a failed case left: its queues go first */
	pp_virtio_rx_queue_release(dev, 0);
	pp_virtio_tx_queue_release(dev, 0);
	fake_vdev_init(&fd);
	feat |= PP_VIRTIO_BIT(PP_VIRTIO_F_VERSION_1);
	if (packed)
		feat |= PP_VIRTIO_BIT(PP_VIRTIO_F_RING_PACKED);
	fd.offered |= feat;
	fd.hw.features = feat;
	fd.hw.eth_dev = dev;
	*(struct pp_virtio_hw **)dev->data->dev_private = &fd.hw;
	dev->data->mtu = mtu;

	ret = pp_virtio_rx_queue_setup(dev, 0, nb_desc, SOCKET_ID_ANY, &rc,
				       hdr_mp, &da);
	TEST_ASSERT_EQUAL(ret, 0, "rx_queue_setup");
	ret = pp_virtio_tx_queue_setup(dev, 0, nb_desc, SOCKET_ID_ANY, &tc);
	TEST_ASSERT_EQUAL(ret, 0, "tx_queue_setup");
	ret = pp_virtio_queues_start(dev);
	TEST_ASSERT_EQUAL(ret, 0, "queues_start");
	fd.status |= PP_VIRTIO_S_DRIVER_OK;
	pp_virtio_queues_kick(dev);
	rxq = dev->data->rx_queues[0];
	txq = dev->data->tx_queues[0];
	frx = fake_vdev_vq(&fd, PP_VIRTIO_RXQ_IDX(0));
	ftx = fake_vdev_vq(&fd, PP_VIRTIO_TXQ_IDX(0));
	TEST_ASSERT(frx != NULL && ftx != NULL, "the device runs both queues");
	/* pages: whole ones, or (rx_frags) the 16 KiB pages carved */
	TEST_ASSERT_EQUAL(pagepool_in_flight(rxq->pp.pool), div_ceil_test(
			  (rxq->nb_desc / rxq->segs) * rxq->segs,
			  rxq->pp.frags ? 16384 / rxq->pp.frag_size : 1),
			  "a buffer behind every descriptor");
	return TEST_SUCCESS;
}

/*
 * dev_stop then close: reset, every buffer home (in_flight 0, every
 * header mbuf and TX mbuf back in its mempool), queues released.
 */
static int
port_down(void)
{
	TEST_ASSERT_EQUAL(fd.ops.reset(&fd.hw), 0, "reset");
	pp_virtio_queues_stop(dev);
	TEST_ASSERT_EQUAL(pagepool_in_flight(rxq->pp.pool), 0,
			  "pages in flight after stop");
	TEST_ASSERT_EQUAL(rte_mempool_avail_count(hdr_mp), hdr_mp->size,
			  "header mbufs home");
	TEST_ASSERT_EQUAL(rte_mempool_avail_count(pkt_mp), pkt_mp->size,
			  "TX mbufs home");
	pp_virtio_rx_queue_release(dev, 0);
	pp_virtio_tx_queue_release(dev, 0);
	TEST_ASSERT_NULL(dev->data->rx_queues[0], "rx queue released");
	return TEST_SUCCESS;
}

/* The device receives one frame; the driver delivers it byte-exact. */
static int
rx_one(uint32_t len, uint8_t seed, int mrg, uint16_t want_segs)
{
	static uint8_t frame[16384];
	struct rte_mbuf *m[BURST];
	int rc;

	frame_fill(frame, len, seed);
	rc = fake_net_rx(frx, frame, len, NULL, mrg);
	TEST_ASSERT(rc > 0, "fake_net_rx(%u bytes): %d", len, rc);
	TEST_ASSERT_EQUAL(pp_virtio_recv_pkts(rxq, m, BURST), 1,
			  "frame of %u bytes delivered", len);
	TEST_ASSERT(mbuf_check(m[0], len, seed) == TEST_SUCCESS,
		    "frame of %u bytes", len);
	if (want_segs != 0)
		TEST_ASSERT_EQUAL(m[0]->nb_segs, want_segs,
				  "segments of a %u-byte frame", len);
	TEST_ASSERT(pagepool_mbuf_page(m[0]) != NULL, "a pool page, no copy");
	rte_pktmbuf_free(m[0]);
	return TEST_SUCCESS;
}

/* Nothing more arrives, and the ring is whole again. */
static int
rx_quiet(void)
{
	struct rte_mbuf *m[BURST];
	uint16_t n = pp_virtio_recv_pkts(rxq, m, BURST), i;

	for (i = 0; i < n; i++)
		rte_pktmbuf_free(m[i]);
	TEST_ASSERT_EQUAL(n, 0, "no frame");
	return TEST_SUCCESS;
}

static const uint32_t sizes[] = {
	60, 61, 64, 65, 127, 128, 256, 511, 512, 1000, 1023, 1024, 1400,
	1499, 1500, 1514, 1518,
};

/* ---------------------------------------------------------------- RX */

/* Mixed sizes 60..1518, one buffer each, with and without MRG_RXBUF. */
static int
test_rx_sizes(void)
{
	unsigned int mrg, i, rounds;

	for (mrg = 0; mrg < 2; mrg++) {
		TEST_CHECK(port_up(mrg ? F(MRG_RXBUF) : 0, 1500, 0, NB_DESC));
		/* several rings-full: refill and wrap-around */
		for (rounds = 0; rounds < 3 * NB_DESC / RTE_DIM(sizes); rounds++)
			for (i = 0; i < RTE_DIM(sizes); i++)
				TEST_CHECK(rx_one(sizes[i], (uint8_t)(i + rounds),
						  mrg, 1));
		TEST_ASSERT_EQUAL(rxq->packets,
				  rounds * RTE_DIM(sizes), "packets");
		TEST_CHECK(port_down());
	}
	return TEST_SUCCESS;
}

/* A burst of many frames: each one delivered, in order, byte-exact. */
static int
test_rx_burst(void)
{
	static uint8_t frame[2048];
	struct rte_mbuf *m[BURST];
	uint64_t offs = 0;
	unsigned int i;

	TEST_CHECK(port_up(F(MRG_RXBUF), 1500, 0, NB_DESC));
	for (i = 0; i < BURST; i++) {
		frame_fill(frame, sizes[i % RTE_DIM(sizes)], (uint8_t)i);
		TEST_ASSERT(fake_net_rx(frx, frame, sizes[i % RTE_DIM(sizes)],
					NULL, 1) == 1, "frame %u", i);
	}
	TEST_ASSERT_EQUAL(pp_virtio_recv_pkts(rxq, m, BURST), BURST, "frames");
	for (i = 0; i < BURST; i++) {
		const struct pagepool_page *pg = pagepool_mbuf_page(m[i]);

		TEST_CHECK(mbuf_check(m[i], sizes[i % RTE_DIM(sizes)], (uint8_t)i));
		/* whole pages: the data starts one of 16 cache lines further
		 * in, by page number, so that frames do not share an L1 set */
		TEST_ASSERT_NOT_NULL(pg, "frame %u: a page", i);
		TEST_ASSERT_EQUAL(m[i]->data_off, rxq->pp.headroom +
				  (pg->index % 16) * RTE_CACHE_LINE_SIZE,
				  "frame %u: data_off of page %u", i, pg->index);
		offs |= RTE_BIT64((m[i]->data_off - rxq->pp.headroom) /
				  RTE_CACHE_LINE_SIZE);
		rte_pktmbuf_free(m[i]);
	}
	TEST_ASSERT(__builtin_popcountll(offs) >= 8,
		    "frames spread over cache lines (%#" PRIx64 ")", offs);
	TEST_ASSERT(frx->notifies >= 1, "refill notified the device");
	TEST_CHECK(port_down());
	return TEST_SUCCESS;
}

/* Jumbo to 9000 through mergeable buffers: chained mbufs, no copy. */
static int
test_rx_jumbo_mrg(void)
{
	static const uint32_t jumbo[] = {
		60, 1518, 3967, 3968, 3969, 4000, 5000, 7935, 7936, 7937,
		8000, 9000, 9014, 9018,
	};
	unsigned int frags, i;

	for (frags = 0; frags < 2; frags++) {
		TEST_CHECK(port_up(F(MRG_RXBUF), 9000, frags, NB_DESC));
		for (i = 0; i < RTE_DIM(jumbo); i++) {
			uint32_t room = rxq->buf_len;

			TEST_CHECK(rx_one(jumbo[i], (uint8_t)i, 1,
				div_ceil_test(jumbo[i] + PP_VIRTIO_HDR_LEN, room)));
		}
		TEST_CHECK(rx_quiet());
		TEST_CHECK(port_down());
	}
	return TEST_SUCCESS;
}

/* Jumbo to 9000 without MRG_RXBUF: chains of writable descriptors. */
static int
test_rx_jumbo_chain(void)
{
	static const uint32_t jumbo[] = { 60, 1518, 3968, 3969, 8000, 9018 };
	unsigned int i;

	TEST_CHECK(port_up(0, 9000, 0, NB_DESC));
	TEST_ASSERT_EQUAL(rxq->segs, 3, "4 KiB buffers per chain at MTU 9000");
	for (i = 0; i < 2 * NB_DESC / 3; i++) {
		uint32_t len = jumbo[i % RTE_DIM(jumbo)];

		TEST_CHECK(rx_one(len, (uint8_t)i, 0, div_ceil_test(
				  len + PP_VIRTIO_HDR_LEN, rxq->buf_len)));
	}
	TEST_CHECK(port_down());
	/* fragments: 2 KiB buffers, five per chain */
	TEST_CHECK(port_up(0, 9000, 1, NB_DESC));
	TEST_ASSERT_EQUAL(rxq->segs, 5, "2 KiB buffers per chain at MTU 9000");
	for (i = 0; i < RTE_DIM(jumbo); i++)
		TEST_CHECK(rx_one(jumbo[i], (uint8_t)i, 0, 0));
	TEST_CHECK(port_down());
	return TEST_SUCCESS;
}

/*
 * The device by hand (MRG_RXBUF, one buffer per chain): pop n chains,
 * write the header (num_buffers nb) and the frame as one stream over them,
 * and push each with the bytes written, except that push k (if k >= 0)
 * reports klen bytes.
 */
static int
dev_rx_by_hand(const uint8_t *frame, uint32_t len, uint16_t n, uint16_t nb,
	       int k, uint32_t klen)
{
	struct pp_virtio_net_hdr h = { .num_buffers = rte_cpu_to_le_16(nb) };
	struct fake_chain c;
	uint32_t off = 0;
	uint16_t i;

	for (i = 0; i < n; i++) {
		uint32_t w = 0;

		TEST_ASSERT_EQUAL(fake_vq_pop(frx, &c), 1, "chain %u", i);
		while (w < c.seg[0].len && off < PP_VIRTIO_HDR_LEN + len) {
			c.seg[0].ptr[w++] = off < PP_VIRTIO_HDR_LEN ?
				((uint8_t *)&h)[off] :
				frame[off - PP_VIRTIO_HDR_LEN];
			off++;
		}
		fake_vq_push(frx, &c, (int)i == k ? klen : w);
	}
	return TEST_SUCCESS;
}

/* Every frame the RX queue dropped, whatever the reason. */
static uint64_t
rx_drops(void)
{
	return rxq->bad_hdr + rxq->bad_num_buffers + rxq->bad_len +
	       rxq->no_mbuf + rxq->raw_too_long;
}

/*
 * Receive, expecting no frame: the counter moved by one and no other did
 * (the rest of a dropped frame must not be read as frames of its own).
 */
#define RX_DROPPED(counter, before) do {                                    \
	uint64_t __d = rx_drops();                                          \
	TEST_CHECK(rx_quiet());                                             \
	TEST_ASSERT_EQUAL(rxq->counter, (before) + 1, #counter);            \
	TEST_ASSERT_EQUAL(rx_drops(), __d + 1, "one drop, " #counter);      \
} while (0)

/* Lengths the device lies about: counted, dropped, no page lost. */
static int
test_rx_bad_len(void)
{
	static uint8_t frame[9018];
	uint32_t ring;

	TEST_CHECK(port_up(F(MRG_RXBUF), 9000, 0, NB_DESC));
	ring = pagepool_in_flight(rxq->pp.pool);
	frame_fill(frame, sizeof(frame), 3);
	/* the head's length beyond its buffer (the virtqueue catches it) */
	frx->lie = FAKE_LIE_LEN;
	frx->lie_count = 1;
	TEST_ASSERT(fake_net_rx(frx, frame, 100, NULL, 1) == 1, "rx");
	RX_DROPPED(bad_len, 0);
	TEST_ASSERT_EQUAL(rxq->vq->stats.bad_len, 1, "virtqueue bad_len");
	TEST_CHECK(rx_one(1000, 1, 1, 1));
	/* the middle buffer of three: the whole frame goes, the rest skipped */
	TEST_CHECK(dev_rx_by_hand(frame, 9000, 3, 3, 1, 1 << 20));
	RX_DROPPED(bad_len, 1);
	TEST_CHECK(rx_one(1000, 2, 1, 1));
	/* an empty continuation */
	TEST_CHECK(dev_rx_by_hand(frame, 5000, 2, 2, 1, 0));
	RX_DROPPED(bad_len, 2);
	TEST_CHECK(rx_one(5000, 3, 1, 2));
	/* a head shorter than the header */
	TEST_CHECK(dev_rx_by_hand(frame, 100, 1, 1, 0, 5));
	RX_DROPPED(bad_hdr, 0);
	/* a runt: less than an Ethernet header */
	TEST_CHECK(dev_rx_by_hand(frame, 10, 1, 1, -1, 0));
	RX_DROPPED(bad_len, 3);
	TEST_CHECK(rx_one(60, 4, 1, 1));
	TEST_ASSERT_EQUAL(pagepool_in_flight(rxq->pp.pool), ring,
			  "every dropped page home, the ring full");
	TEST_ASSERT_EQUAL(rxq->packets, 4, "good frames");
	TEST_CHECK(port_down());
	return TEST_SUCCESS;
}

/* num_buffers 0, beyond the MTU, beyond what is in flight. */
static int
test_rx_bad_num_buffers(void)
{
	static uint8_t frame[2048];
	uint32_t ring;

	TEST_CHECK(port_up(F(MRG_RXBUF), 1500, 0, NB_DESC));
	ring = pagepool_in_flight(rxq->pp.pool);
	frame_fill(frame, sizeof(frame), 5);
	frx->nb = FAKE_NB_ZERO;
	TEST_ASSERT(fake_net_rx(frx, frame, 100, NULL, 1) == 1, "rx");
	RX_DROPPED(bad_num_buffers, 0);
	frx->nb = FAKE_NB_BEYOND; /* 2 buffers for a 1500 MTU: a lie */
	frx->nb_extra = 1;
	TEST_ASSERT(fake_net_rx(frx, frame, 100, NULL, 1) == 1, "rx");
	RX_DROPPED(bad_num_buffers, 1);
	frx->nb = FAKE_NB_TRUE;
	TEST_CHECK(rx_one(1514, 6, 1, 1));
	TEST_ASSERT_EQUAL(pagepool_in_flight(rxq->pp.pool), ring, "pages");
	TEST_CHECK(port_down());

	/* four descriptors, MTU 9000 over 2 KiB fragments: 5 may be true */
	TEST_CHECK(port_up(F(MRG_RXBUF), 9000, 1, 4));
	TEST_ASSERT_EQUAL(rxq->max_bufs, 5, "buffers a 9000 MTU frame takes");
	frx->nb = FAKE_NB_BEYOND;
	frx->nb_extra = 4; /* 5 claimed, 3 more in flight */
	TEST_ASSERT(fake_net_rx(frx, frame, 100, NULL, 1) == 1, "rx");
	RX_DROPPED(bad_num_buffers, 0);
	frx->nb = FAKE_NB_TRUE;
	TEST_CHECK(rx_one(4000, 7, 1, 2));
	TEST_CHECK(rx_one(60, 8, 1, 1));
	TEST_CHECK(port_down());
	return TEST_SUCCESS;
}

/* Used ids out of range or twice: counted by the virtqueue, survived. */
static int
test_rx_bad_id(void)
{
	static uint8_t frame[256];

	TEST_CHECK(port_up(F(MRG_RXBUF), 1500, 0, NB_DESC));
	frame_fill(frame, sizeof(frame), 9);
	frx->lie = FAKE_LIE_ID;
	frx->lie_id = 9999;
	frx->lie_count = 1;
	TEST_ASSERT(fake_net_rx(frx, frame, 200, NULL, 1) == 1, "rx");
	TEST_CHECK(rx_quiet());
	TEST_ASSERT_EQUAL(rxq->vq->stats.bad_id, 1, "id out of range");
	TEST_CHECK(rx_one(300, 10, 1, 1));
	frx->lie = FAKE_LIE_DUP;
	frx->lie_count = 1;
	TEST_CHECK(rx_one(200, 9, 1, 1));
	TEST_CHECK(rx_quiet());
	TEST_ASSERT_EQUAL(rxq->vq->stats.bad_id, 2, "the same id twice");
	/*
	 * Split: the device goes on. Packed: the duplicate overwrote the
	 * next available descriptor, so this device is stuck until the ring
	 * wraps; enough that nothing is lost (port_down).
	 */
	if (!packed)
		TEST_CHECK(rx_one(300, 11, 1, 1));
	/* the chain the device "lost" is still posted: stop brings it home */
	TEST_CHECK(port_down());
	return TEST_SUCCESS;
}

/* A frame over two bursts; a device that stops with half a frame. */
static int
test_rx_partial(void)
{
	static uint8_t frame[9000];
	struct pp_virtio_net_hdr h = { .num_buffers = rte_cpu_to_le_16(3) };
	struct fake_chain c[3];
	struct rte_mbuf *m[BURST];
	uint32_t off = 0;
	unsigned int i;

	TEST_CHECK(port_up(F(MRG_RXBUF), 9000, 0, NB_DESC));
	frame_fill(frame, sizeof(frame), 11);
	for (i = 0; i < 3; i++) {
		uint32_t w = 0;

		TEST_ASSERT_EQUAL(fake_vq_pop(frx, &c[i]), 1, "chain");
		while (w < c[i].seg[0].len && off < PP_VIRTIO_HDR_LEN + 9000) {
			c[i].seg[0].ptr[w++] = off < PP_VIRTIO_HDR_LEN ?
				((uint8_t *)&h)[off] :
				frame[off - PP_VIRTIO_HDR_LEN];
			off++;
		}
		c[i].wlen = w; /* what push reports below */
	}
	fake_vq_push(frx, &c[0], c[0].wlen);
	fake_vq_push(frx, &c[1], c[1].wlen);
	TEST_ASSERT_EQUAL(pp_virtio_recv_pkts(rxq, m, BURST), 0, "not yet");
	TEST_ASSERT(rxq->pkt_first != NULL && rxq->pkt_left == 1,
		    "two buffers kept, one to come");
	fake_vq_push(frx, &c[2], c[2].wlen);
	TEST_ASSERT_EQUAL(pp_virtio_recv_pkts(rxq, m, BURST), 1, "the frame");
	TEST_CHECK(mbuf_check(m[0], 9000, 11));
	TEST_ASSERT_EQUAL(m[0]->nb_segs, 3, "segments");
	rte_pktmbuf_free(m[0]);

	/* half a frame, then the device stops returning buffers */
	TEST_CHECK(dev_rx_by_hand(frame, 9000, 2, 3, -1, 0));
	TEST_ASSERT_EQUAL(pp_virtio_recv_pkts(rxq, m, BURST), 0, "half");
	frx->stop = 1;
	TEST_ASSERT_EQUAL(fake_net_rx(frx, frame, 100, NULL, 1), 0, "stopped");
	TEST_CHECK(rx_quiet());
	TEST_CHECK(port_down()); /* the half frame's pages and headers too */
	return TEST_SUCCESS;
}

/*
 * No header mbuf (fragments: headers come from rx_queue_setup's mempool):
 * the frame is dropped, its buffers go home.
 */
static int
rx_nombuf_run(struct rte_mbuf **held, unsigned int *n)
{
	static uint8_t frame[9000];
	struct rte_mbuf *m[BURST];
	int nb;

	frame_fill(frame, sizeof(frame), 13);
	while (*n < 64) {
		TEST_ASSERT(fake_net_rx(frx, frame, 100, NULL, 1) == 1, "rx");
		if (pp_virtio_recv_pkts(rxq, &held[*n], 1) != 1)
			break;
		(*n)++;
	}
	TEST_ASSERT_EQUAL(*n, 40, "frames held: every header mbuf");
	TEST_ASSERT_EQUAL(rxq->no_mbuf, 1, "the 41st dropped, counted");
	/* a frame of several buffers with no header at all */
	nb = fake_net_rx(frx, frame, 9000, NULL, 1);
	TEST_ASSERT(nb > 1, "rx: %d buffers", nb);
	TEST_ASSERT_EQUAL(pp_virtio_recv_pkts(rxq, m, BURST), 0, "dropped");
	TEST_ASSERT_EQUAL(rxq->no_mbuf, 2, "counted");
	while (*n > 0)
		rte_pktmbuf_free(held[--*n]);
	TEST_ASSERT_EQUAL(fake_net_rx(frx, frame, 9000, NULL, 1), nb, "rx");
	TEST_ASSERT_EQUAL(pp_virtio_recv_pkts(rxq, m, BURST), 1, "delivered");
	TEST_CHECK(mbuf_check(m[0], 9000, 13));
	rte_pktmbuf_free(m[0]);
	TEST_ASSERT_EQUAL(fd.ops.reset(&fd.hw), 0, "reset");
	pp_virtio_queues_stop(dev);
	TEST_ASSERT_EQUAL(pagepool_in_flight(rxq->pp.pool), 0,
			  "pages home, the dropped frames' too");
	return TEST_SUCCESS;
}

/*
 * Whole pages come with their pinned headers: the header mempool is not
 * used, so frames keep coming where it would have run dry.
 */
static int
rx_pinned_run(struct rte_mbuf **held, unsigned int *n)
{
	static uint8_t frame[100];

	frame_fill(frame, sizeof(frame), 17);
	while (*n < 64) {
		TEST_ASSERT(fake_net_rx(frx, frame, 100, NULL, 1) == 1, "rx");
		if (pp_virtio_recv_pkts(rxq, &held[*n], 1) != 1)
			break;
		TEST_CHECK(mbuf_check(held[*n], 100, 17));
		TEST_ASSERT(held[*n]->pool == pagepool_mbuf_pool(rxq->pp.pool),
			    "frame %u: not the page's pinned header", *n);
		(*n)++;
	}
	TEST_ASSERT_EQUAL(*n, 64, "every frame delivered");
	TEST_ASSERT_EQUAL(rxq->no_mbuf, 0, "no_mbuf");
	while (*n > 0)
		rte_pktmbuf_free(held[--*n]);
	TEST_ASSERT_EQUAL(fd.ops.reset(&fd.hw), 0, "reset");
	pp_virtio_queues_stop(dev);
	TEST_ASSERT_EQUAL(pagepool_in_flight(rxq->pp.pool), 0, "pages home");
	return TEST_SUCCESS;
}

static int
test_rx_nombuf(void)
{
	struct rte_mempool *small, *saved = hdr_mp;
	struct rte_mbuf *held[64];
	/* fragments (headers from the mempool), then whole pages (pinned) */
	static const unsigned int modes[] = { 1, 0 };
	unsigned int n = 0, avail, frags, i;
	int ret = TEST_SUCCESS;

	small = rte_pktmbuf_pool_create("vhdr_small", 40, 0, 0, 0,
					SOCKET_ID_ANY);
	TEST_ASSERT_NOT_NULL(small, "small header pool");
	for (i = 0; i < RTE_DIM(modes) && ret == TEST_SUCCESS; i++) {
		frags = modes[i];
		hdr_mp = small;
		ret = port_up(F(MRG_RXBUF), 9000, frags, NB_DESC);
		hdr_mp = saved;
		if (ret == TEST_SUCCESS)
			ret = frags ? rx_nombuf_run(held, &n) :
				      rx_pinned_run(held, &n);
		while (n > 0)
			rte_pktmbuf_free(held[--n]);
		pp_virtio_rx_queue_release(dev, 0);
		pp_virtio_tx_queue_release(dev, 0);
		avail = rte_mempool_avail_count(small);
		if (ret == TEST_SUCCESS && avail != 40) {
			printf("    FAIL: %u of 40 headers home (rx_frags %u)\n",
			       avail, frags);
			ret = TEST_FAILED;
		}
	}
	rte_mempool_free(small);
	return ret;
}

/*
 * A pool with one page more than the ring: frames held by the application
 * leave descriptors empty (no_mbuf); frames still arrive in those left,
 * and the ring fills again when the pages come home.
 */
static int
test_rx_pool_dry(void)
{
	struct rte_mbuf *held[16];
	unsigned int i;
	int ret;

	pool_bufs = 1;
	ret = port_up(F(MRG_RXBUF), 1500, 0, 64);
	pool_bufs = 0;
	TEST_CHECK(ret);
	TEST_ASSERT_EQUAL(rxq->pp.pool_bufs, 65, "the ring and one page");
	for (i = 0; i < RTE_DIM(held); i++) {
		static uint8_t frame[1514];

		frame_fill(frame, 1514, (uint8_t)i);
		TEST_ASSERT(fake_net_rx(frx, frame, 1514, NULL, 1) == 1,
			    "frame %u finds a buffer", i);
		TEST_ASSERT_EQUAL(pp_virtio_recv_pkts(rxq, &held[i], 1), 1,
				  "frame %u delivered though the pool is dry", i);
		TEST_CHECK(mbuf_check(held[i], 1514, (uint8_t)i));
	}
	TEST_ASSERT_EQUAL(rxq->no_mbuf, RTE_DIM(held) - 1,
			  "each burst after the spare page counted once");
	TEST_ASSERT_EQUAL(pp_vq_free_count(rxq->vq), RTE_DIM(held) - 1,
			  "descriptors left empty");
	for (i = 0; i < RTE_DIM(held); i++)
		rte_pktmbuf_free(held[i]);
	TEST_CHECK(rx_quiet()); /* refills */
	TEST_ASSERT_EQUAL(pp_vq_free_count(rxq->vq), 0, "the ring full again");
	TEST_CHECK(rx_one(1000, 1, 1, 1));
	TEST_CHECK(port_down());
	return TEST_SUCCESS;
}

/* IPv4/UDP frame of len bytes, UDP checksum field: the pseudo-header sum. */
static struct rte_ipv4_hdr *
udp_frame(uint8_t *f, uint32_t len, uint8_t seed)
{
	struct rte_ether_hdr *eth = (struct rte_ether_hdr *)f;
	struct rte_ipv4_hdr *ip = (struct rte_ipv4_hdr *)(eth + 1);
	struct rte_udp_hdr *udp = (struct rte_udp_hdr *)(ip + 1);

	frame_fill(f, len, seed);
	eth->ether_type = rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV4);
	memset(ip, 0, sizeof(*ip));
	ip->version_ihl = RTE_IPV4_VHL_DEF;
	ip->total_length = rte_cpu_to_be_16(len - sizeof(*eth));
	ip->time_to_live = 64;
	ip->next_proto_id = IPPROTO_UDP;
	ip->src_addr = rte_cpu_to_be_32(0x0a000001);
	ip->dst_addr = rte_cpu_to_be_32(0x0a000002);
	ip->hdr_checksum = rte_ipv4_cksum(ip);
	udp->src_port = rte_cpu_to_be_16(1234);
	udp->dst_port = rte_cpu_to_be_16(5678);
	udp->dgram_len = rte_cpu_to_be_16(len - sizeof(*eth) - sizeof(*ip));
	udp->dgram_cksum = rte_ipv4_phdr_cksum(ip, 0);
	return ip;
}

/* GUEST_CSUM: DATA_VALID says good; NEEDS_CSUM is completed here. */
static int
test_rx_csum(void)
{
	static const uint32_t lens[] = { 100, 1514, 6000 };
	static uint8_t f[9000], flat[9000];
	struct pp_virtio_net_hdr h = { 0 };
	struct rte_mbuf *m[BURST];
	unsigned int i;

	TEST_CHECK(port_up(F(MRG_RXBUF) | F(GUEST_CSUM), 9000, 0, NB_DESC));
	for (i = 0; i < RTE_DIM(lens); i++) {
		const struct rte_ipv4_hdr *ip;
		const uint8_t *p;

		udp_frame(f, lens[i], (uint8_t)i);
		h.flags = PP_VIRTIO_NET_HDR_F_NEEDS_CSUM;
		h.csum_start = rte_cpu_to_le_16(34);
		h.csum_offset = rte_cpu_to_le_16(6);
		TEST_ASSERT(fake_net_rx(frx, f, lens[i], &h, 1) > 0, "rx");
		TEST_ASSERT_EQUAL(pp_virtio_recv_pkts(rxq, m, BURST), 1, "frame");
		TEST_ASSERT_EQUAL(m[0]->ol_flags & RTE_MBUF_F_RX_L4_CKSUM_MASK,
				  RTE_MBUF_F_RX_L4_CKSUM_GOOD, "L4 good");
		/* flat copy: the frame may span several buffers */
		p = rte_pktmbuf_read(m[0], 0, lens[i], flat);
		TEST_ASSERT(p != NULL, "read");
		ip = (const struct rte_ipv4_hdr *)(p +
						   sizeof(struct rte_ether_hdr));
		TEST_ASSERT_EQUAL(rte_ipv4_udptcp_cksum_verify(ip, ip + 1), 0,
				  "the %u-byte frame now has a valid UDP "
				  "checksum", lens[i]);
		rte_pktmbuf_free(m[0]);
	}
	TEST_ASSERT_EQUAL(rxq->csum_fixed, RTE_DIM(lens), "completed");
	/* DATA_VALID: reported, nothing touched */
	frame_fill(f, 200, 1);
	h.flags = PP_VIRTIO_NET_HDR_F_DATA_VALID;
	TEST_ASSERT(fake_net_rx(frx, f, 200, &h, 1) > 0, "rx");
	TEST_ASSERT_EQUAL(pp_virtio_recv_pkts(rxq, m, BURST), 1, "frame");
	TEST_ASSERT_EQUAL(m[0]->ol_flags & RTE_MBUF_F_RX_L4_CKSUM_MASK,
			  RTE_MBUF_F_RX_L4_CKSUM_GOOD, "L4 good");
	TEST_CHECK(mbuf_check(m[0], 200, 1));
	rte_pktmbuf_free(m[0]);
	/* no flag: unknown */
	TEST_CHECK(rx_one(200, 2, 1, 1));
	/* a checksum offset outside the frame */
	h.flags = PP_VIRTIO_NET_HDR_F_NEEDS_CSUM;
	h.csum_start = rte_cpu_to_le_16(190);
	h.csum_offset = rte_cpu_to_le_16(16);
	TEST_ASSERT(fake_net_rx(frx, f, 200, &h, 1) > 0, "rx");
	RX_DROPPED(bad_hdr, 0);
	/* a GSO type, never negotiated */
	memset(&h, 0, sizeof(h));
	h.gso_type = 1;
	TEST_ASSERT(fake_net_rx(frx, f, 200, &h, 1) > 0, "rx");
	RX_DROPPED(bad_hdr, 1);
	TEST_CHECK(port_down());

	/* without GUEST_CSUM the flags mean nothing */
	TEST_CHECK(port_up(F(MRG_RXBUF), 1500, 0, NB_DESC));
	frame_fill(f, 200, 1);
	h.gso_type = 0;
	h.flags = PP_VIRTIO_NET_HDR_F_DATA_VALID;
	TEST_ASSERT(fake_net_rx(frx, f, 200, &h, 1) > 0, "rx");
	TEST_ASSERT_EQUAL(pp_virtio_recv_pkts(rxq, m, BURST), 1, "frame");
	TEST_ASSERT_EQUAL(m[0]->ol_flags & RTE_MBUF_F_RX_L4_CKSUM_MASK, 0,
			  "no checksum claim");
	rte_pktmbuf_free(m[0]);
	TEST_CHECK(port_down());
	return TEST_SUCCESS;
}

/* ---------------------------------------------------------------- TX */

/* Send one mbuf; the device reads it byte-exact. */
static int
tx_one(struct rte_mbuf *m, uint32_t len, uint8_t seed)
{
	TEST_ASSERT_NOT_NULL(m, "mbuf");
	TEST_ASSERT_EQUAL(pp_virtio_xmit_pkts(txq, &m, 1), 1, "sent");
	return dev_tx_check(len, seed, NULL);
}

/*
 * The header in the headroom: zeros, num_buffers included (5.1.6.2.1),
 * whatever the headroom held (here: a received header, num_buffers 1).
 * With tx_hdr_keep a header already zero but for num_buffers is left as
 * it is (not written: DPDK's behaviour, a devarg); anything else in it is
 * still cleared.
 */
static int
tx_hdr_case(uint8_t keep, uint8_t flags, uint16_t nbuf, uint16_t want_nbuf)
{
	struct pp_virtio_net_hdr h, *hr;
	struct rte_mbuf *m = tx_mbuf(64, 9, 4096);

	TEST_ASSERT_NOT_NULL(m, "mbuf");
	txq->hdr_keep = keep;
	hr = rte_pktmbuf_mtod_offset(m, struct pp_virtio_net_hdr *,
				     -(int)PP_VIRTIO_HDR_LEN);
	memset(hr, 0, sizeof(*hr));
	hr->flags = flags;
	hr->num_buffers = rte_cpu_to_le_16(nbuf);
	TEST_ASSERT_EQUAL(pp_virtio_xmit_pkts(txq, &m, 1), 1, "sent");
	TEST_CHECK(dev_tx_check(64, 9, &h));
	TEST_ASSERT_EQUAL(h.flags, 0, "flags (keep %u)", keep);
	TEST_ASSERT_EQUAL(rte_le_to_cpu_16(h.num_buffers), want_nbuf,
			  "num_buffers (keep %u, flags %u, found %u)", keep,
			  flags, nbuf);
	return TEST_SUCCESS;
}

static int
test_tx_hdr_keep(void)
{
	TEST_CHECK(port_up(0, 1500, 0, NB_DESC));
	TEST_ASSERT_EQUAL(txq->hdr_keep, 0, "off by default");
	TEST_CHECK(tx_hdr_case(0, 0, 1, 0));	/* spec: num_buffers zero */
	TEST_CHECK(tx_hdr_case(1, 0, 1, 1));	/* kept: not written */
	TEST_CHECK(tx_hdr_case(1, 0xff, 1, 0));	/* garbage: cleared */
	TEST_CHECK(tx_hdr_case(1, 0, 0, 0));
	txq->hdr_keep = 0;
	TEST_CHECK(port_down());
	return TEST_SUCCESS;
}

/* Mixed sizes; the header goes into the headroom; mbufs freed in bulk. */
static int
test_tx_sizes(void)
{
	unsigned int i, rounds;

	TEST_CHECK(port_up(0, 1500, 0, NB_DESC));
	for (rounds = 0; rounds < 2 * NB_DESC / RTE_DIM(sizes); rounds++)
		for (i = 0; i < RTE_DIM(sizes); i++)
			TEST_CHECK(tx_one(tx_mbuf(sizes[i], (uint8_t)(i + rounds),
					  4096), sizes[i], (uint8_t)(i + rounds)));
	TEST_ASSERT_EQUAL(txq->hdr_slot, 0, "every header in the headroom");
	TEST_ASSERT_EQUAL(txq->packets, rounds * RTE_DIM(sizes), "packets");
	/* a burst of 0 still completes what the device is done with */
	TEST_ASSERT_EQUAL(pp_virtio_xmit_pkts(txq, NULL, 0), 0, "empty burst");
	TEST_ASSERT_EQUAL(rte_mempool_avail_count(pkt_mp), pkt_mp->size,
			  "completed mbufs freed");
	TEST_CHECK(port_down());
	return TEST_SUCCESS;
}

/* Chained mbufs, up to the descriptor limit; beyond it: dropped, counted. */
static int
test_tx_chained(void)
{
	struct rte_mbuf *m;

	TEST_CHECK(port_up(0, 9000, 0, NB_DESC));
	TEST_CHECK(tx_one(tx_mbuf(1400, 1, 500), 1400, 1));
	TEST_CHECK(tx_one(tx_mbuf(1700, 2, 100), 1700, 2));
	TEST_CHECK(tx_one(tx_mbuf(9000, 3, 2000), 9000, 3));
	TEST_CHECK(tx_one(tx_mbuf(640, 4, 10), 640, 4)); /* 64 segments */
	m = tx_mbuf(650, 5, 10); /* 65 */
	TEST_ASSERT_NOT_NULL(m, "65 segments");
	TEST_ASSERT_EQUAL(pp_virtio_prep_pkts(txq, &m, 1), 0, "prep refuses");
	TEST_ASSERT_EQUAL(rte_errno, EINVAL, "EINVAL");
	TEST_ASSERT_EQUAL(pp_virtio_xmit_pkts(txq, &m, 1), 1, "consumed");
	TEST_ASSERT_EQUAL(txq->errors, 1, "counted");
	TEST_ASSERT_EQUAL(fake_net_tx(ftx, NULL, NULL, 0, NULL), 0,
			  "and never sent");
	TEST_CHECK(port_down());
	return TEST_SUCCESS;
}

/* No private headroom: the header takes the chain's slot. */
static int
test_tx_hdr_slot(void)
{
	struct rte_mbuf *m, *c, *two[2];
	uint16_t hr[] = { 0, 11, 12 };
	unsigned int i;

	TEST_CHECK(port_up(0, 1500, 0, NB_DESC));
	for (i = 0; i < RTE_DIM(hr); i++) {
		m = rte_pktmbuf_alloc(pkt_mp);
		TEST_ASSERT_NOT_NULL(m, "mbuf");
		m->data_off = hr[i];
		frame_fill((uint8_t *)rte_pktmbuf_append(m, 300), 300, 20 + i);
		TEST_CHECK(tx_one(m, 300, (uint8_t)(20 + i)));
	}
	TEST_ASSERT_EQUAL(txq->hdr_slot, 2, "headroom 0 and 11: slots");
	/* a clone and its parent share one buffer: neither may be written */
	m = tx_mbuf(1000, 30, 4096);
	TEST_ASSERT_NOT_NULL(m, "mbuf");
	c = rte_pktmbuf_clone(m, pkt_mp);
	TEST_ASSERT_NOT_NULL(c, "clone");
	two[0] = c;
	two[1] = m;
	/* in one burst: neither completes before the other is queued */
	TEST_ASSERT_EQUAL(pp_virtio_xmit_pkts(txq, two, 2), 2, "sent");
	TEST_CHECK(dev_tx_check(1000, 30, NULL));
	TEST_CHECK(dev_tx_check(1000, 30, NULL));
	TEST_ASSERT_EQUAL(txq->hdr_slot, 4, "clone and parent: slots");
	TEST_CHECK(port_down());
	return TEST_SUCCESS;
}

static unsigned int ext_freed;

static void
ext_free_cb(void *addr __rte_unused, void *opaque __rte_unused)
{
	ext_freed++;
}

/* External buffers and page mbufs of another pool go home on completion. */
static int
test_tx_external(void)
{
	struct rte_mbuf_ext_shared_info *sh;
	struct pagepool_params pp;
	struct pagepool *pool;
	struct rte_mbuf *m, *m2, *two[2];
	uint16_t buf_len = 4096;
	void *buf;

	TEST_CHECK(port_up(0, 1500, 0, NB_DESC));
	buf = rte_malloc(NULL, buf_len, 64);
	TEST_ASSERT_NOT_NULL(buf, "buffer");
	ext_freed = 0;
	sh = rte_pktmbuf_ext_shinfo_init_helper(buf, &buf_len, ext_free_cb,
						NULL);
	TEST_ASSERT_NOT_NULL(sh, "shinfo");
	m = rte_pktmbuf_alloc(pkt_mp);
	TEST_ASSERT_NOT_NULL(m, "mbuf");
	rte_pktmbuf_attach_extbuf(m, buf, rte_malloc_virt2iova(buf), buf_len,
				  sh);
	m->data_off = 64;
	frame_fill((uint8_t *)rte_pktmbuf_append(m, 500), 500, 40);
	TEST_CHECK(tx_one(m, 500, 40));
	TEST_ASSERT_EQUAL(txq->hdr_slot, 0, "a lone external buffer: headroom");
	/* two mbufs on one external buffer: shared, slots */
	m = rte_pktmbuf_alloc(pkt_mp);
	m2 = rte_pktmbuf_alloc(pkt_mp);
	TEST_ASSERT(m != NULL && m2 != NULL, "mbufs");
	pp_virtio_xmit_pkts(txq, NULL, 0); /* the first one completes */
	TEST_ASSERT_EQUAL(ext_freed, 1, "external buffer freed once");
	rte_mbuf_ext_refcnt_set(sh, 2);
	rte_pktmbuf_attach_extbuf(m, buf, rte_malloc_virt2iova(buf), buf_len,
				  sh);
	rte_pktmbuf_attach_extbuf(m2, buf, rte_malloc_virt2iova(buf), buf_len,
				  sh);
	m->data_off = m2->data_off = 64;
	frame_fill((uint8_t *)rte_pktmbuf_append(m, 500), 500, 41);
	rte_pktmbuf_append(m2, 500);
	two[0] = m;
	two[1] = m2;
	TEST_ASSERT_EQUAL(pp_virtio_xmit_pkts(txq, two, 2), 2, "sent");
	TEST_CHECK(dev_tx_check(500, 41, NULL));
	TEST_CHECK(dev_tx_check(500, 41, NULL));
	TEST_ASSERT_EQUAL(txq->hdr_slot, 2, "a shared external buffer: slots");
	pp_virtio_xmit_pkts(txq, NULL, 0);
	TEST_ASSERT_EQUAL(ext_freed, 2, "freed when both are done");
	rte_free(buf);

	/* page mbufs of another pool (another port's RX, say) */
	pagepool_params_init(&pp);
	pp.name = "vtx_pages";
	pp.nb_pages = 8;
	pool = pagepool_create(&pp);
	TEST_ASSERT_NOT_NULL(pool, "pool");
	m = pagepool_mbuf_alloc(pool, pkt_mp);
	TEST_ASSERT_NOT_NULL(m, "page mbuf");
	frame_fill((uint8_t *)rte_pktmbuf_append(m, 1514), 1514, 42);
	TEST_CHECK(tx_one(m, 1514, 42));
	TEST_ASSERT_EQUAL(pagepool_in_flight(pool), 1, "on the wire");
	pp_virtio_xmit_pkts(txq, NULL, 0);
	TEST_ASSERT_EQUAL(pagepool_in_flight(pool), 0, "home to its own pool");
	TEST_ASSERT_EQUAL(txq->hdr_slot, 2, "a page mbuf: headroom");
	TEST_ASSERT_EQUAL(pagepool_destroy(pool), 0, "pool destroyed");
	TEST_CHECK(port_down());
	return TEST_SUCCESS;
}

/* Checksum offload becomes NEEDS_CSUM with the pseudo-header sum. */
static int
test_tx_csum(void)
{
	static uint8_t f[2048], got[2048];
	struct pp_virtio_net_hdr h;
	struct rte_ipv4_hdr *ip;
	struct rte_mbuf *m;
	uint32_t len = 0;
	uint16_t ph;

	TEST_CHECK(port_up(F(CSUM), 1500, 0, NB_DESC));
	ip = udp_frame(f, 600, 50);
	ph = ((struct rte_udp_hdr *)(ip + 1))->dgram_cksum;
	((struct rte_udp_hdr *)(ip + 1))->dgram_cksum = 0; /* prep sets it */
	m = rte_pktmbuf_alloc(pkt_mp);
	TEST_ASSERT_NOT_NULL(m, "mbuf");
	memcpy(rte_pktmbuf_append(m, 600), f, 600);
	m->ol_flags = RTE_MBUF_F_TX_IPV4 | RTE_MBUF_F_TX_UDP_CKSUM;
	m->l2_len = sizeof(struct rte_ether_hdr);
	m->l3_len = sizeof(struct rte_ipv4_hdr);
	TEST_ASSERT_EQUAL(pp_virtio_prep_pkts(txq, &m, 1), 1, "prep");
	TEST_ASSERT_EQUAL(pp_virtio_xmit_pkts(txq, &m, 1), 1, "sent");
	TEST_ASSERT_EQUAL(fake_net_tx(ftx, &h, got, sizeof(got), &len), 1, "tx");
	TEST_ASSERT_EQUAL(len, 600, "length");
	TEST_ASSERT_EQUAL(h.flags, PP_VIRTIO_NET_HDR_F_NEEDS_CSUM, "flags");
	TEST_ASSERT_EQUAL(rte_le_to_cpu_16(h.csum_start), 34, "csum_start");
	TEST_ASSERT_EQUAL(rte_le_to_cpu_16(h.csum_offset), 6, "csum_offset");
	TEST_ASSERT_EQUAL(((struct rte_udp_hdr *)(got + 34))->dgram_cksum, ph,
			  "pseudo-header sum in the UDP header");
	/* an offload virtio cannot do is refused by prep */
	m = tx_mbuf(100, 1, 4096);
	TEST_ASSERT_NOT_NULL(m, "mbuf");
	m->ol_flags = RTE_MBUF_F_TX_IPV4 | RTE_MBUF_F_TX_IP_CKSUM;
	TEST_ASSERT_EQUAL(pp_virtio_prep_pkts(txq, &m, 1), 0, "IP checksum");
	TEST_ASSERT_EQUAL(rte_errno, ENOTSUP, "ENOTSUP");
	m->ol_flags = RTE_MBUF_F_TX_TCP_CKSUM; /* and no L3 type */
	TEST_ASSERT_EQUAL(pp_virtio_prep_pkts(txq, &m, 1), 0, "no L3");
	TEST_ASSERT_EQUAL(rte_errno, EINVAL, "EINVAL");
	rte_pktmbuf_free(m);
	TEST_CHECK(port_down());

	/*
	 * Without CSUM (the TX checksum offloads not enabled) the device may
	 * not be asked: prep refuses the request, and a packet sent with it
	 * anyway goes out as it is, behind a header of zeros.
	 */
	TEST_CHECK(port_up(0, 1500, 0, NB_DESC));
	TEST_ASSERT_EQUAL(txq->host_csum, 0, "no CSUM negotiated");
	m = tx_mbuf(100, 5, 4096);
	TEST_ASSERT_NOT_NULL(m, "mbuf");
	m->ol_flags = RTE_MBUF_F_TX_IPV4 | RTE_MBUF_F_TX_UDP_CKSUM;
	m->l2_len = sizeof(struct rte_ether_hdr);
	m->l3_len = sizeof(struct rte_ipv4_hdr);
	rte_errno = 0;
	TEST_ASSERT_EQUAL(pp_virtio_prep_pkts(txq, &m, 1), 0,
			  "checksum without CSUM");
	TEST_ASSERT_EQUAL(rte_errno, ENOTSUP, "ENOTSUP");
	TEST_ASSERT_EQUAL(pp_virtio_xmit_pkts(txq, &m, 1), 1, "sent anyway");
	TEST_CHECK(dev_tx_check(100, 5, NULL)); /* NULL: header all zeros */
	TEST_CHECK(port_down());
	return TEST_SUCCESS;
}

/* A full ring: fewer accepted and counted; order kept once there is room. */
static int
test_tx_ring_full(void)
{
	struct rte_mbuf *m[96];
	uint16_t sent = 0, n;
	unsigned int i;

	TEST_CHECK(port_up(0, 1500, 0, 64));
	for (i = 0; i < RTE_DIM(m); i++) {
		m[i] = tx_mbuf(100 + i, (uint8_t)i, 4096);
		TEST_ASSERT_NOT_NULL(m[i], "mbuf %u", i);
	}
	sent += pp_virtio_xmit_pkts(txq, m, 48);
	sent += pp_virtio_xmit_pkts(txq, m + sent, 48);
	TEST_ASSERT_EQUAL(sent, 64, "a ring-full");
	TEST_ASSERT_EQUAL(txq->ring_full, 32, "the rest refused, counted");
	for (i = 0; i < 10; i++)
		TEST_CHECK(dev_tx_check(100 + i, (uint8_t)i, NULL));
	n = pp_virtio_xmit_pkts(txq, m + sent, RTE_DIM(m) - sent);
	TEST_ASSERT_EQUAL(n, 10, "room for ten after completion");
	sent += n;
	for (; i < sent; i++)
		TEST_CHECK(dev_tx_check(100 + i, (uint8_t)i, NULL));
	TEST_ASSERT_EQUAL(pp_virtio_xmit_pkts(txq, m + sent, RTE_DIM(m) - sent),
			  RTE_DIM(m) - sent, "the rest");
	for (; i < RTE_DIM(m); i++)
		TEST_CHECK(dev_tx_check(100 + i, (uint8_t)i, NULL));
	TEST_CHECK(port_down());
	return TEST_SUCCESS;
}

/* A TX device that lies: counted, every mbuf freed once (at stop at last). */
static int
test_tx_device_lies(void)
{
	struct rte_mbuf *m;

	TEST_CHECK(port_up(F(CSUM), 1500, 0, NB_DESC));
	ftx->lie = FAKE_LIE_LEN; /* "wrote" into a read-only chain */
	ftx->lie_count = 1;
	TEST_CHECK(tx_one(tx_mbuf(300, 1, 4096), 300, 1));
	TEST_ASSERT_EQUAL(pp_virtio_xmit_pkts(txq, NULL, 0), 0, "complete");
	TEST_ASSERT_EQUAL(txq->bad_len, 1, "counted");
	TEST_ASSERT_EQUAL(rte_mempool_avail_count(pkt_mp), pkt_mp->size,
			  "and freed all the same");
	ftx->lie = FAKE_LIE_ID; /* the packet is never reported done */
	ftx->lie_id = 7777;
	ftx->lie_count = 1;
	TEST_CHECK(tx_one(tx_mbuf(300, 2, 4096), 300, 2));
	ftx->lie = FAKE_LIE_DUP; /* this one is reported twice */
	ftx->lie_count = 1;
	TEST_CHECK(tx_one(tx_mbuf(300, 3, 4096), 300, 3));
	TEST_ASSERT_EQUAL(pp_virtio_xmit_pkts(txq, NULL, 0), 0, "complete");
	/* packed: a duplicate past what is posted reads as stale, not a lie */
	TEST_ASSERT_EQUAL(txq->vq->stats.bad_id, packed ? 1 : 2,
			  "the lies counted");
	TEST_ASSERT_EQUAL(rte_mempool_avail_count(pkt_mp), pkt_mp->size - 1,
			  "the lost one held, the doubled one freed once");
	m = tx_mbuf(64, 4, 4096);
	m->ol_flags = RTE_MBUF_F_TX_IPV4 | RTE_MBUF_F_TX_TCP_CKSUM;
	m->l2_len = 14;
	m->l3_len = 20;
	if (!packed) { /* packed: the duplicate stalled this device */
		struct pp_virtio_net_hdr h;

		TEST_ASSERT_EQUAL(pp_virtio_xmit_pkts(txq, &m, 1), 1, "sent");
		TEST_CHECK(dev_tx_check(64, 4, &h));
		TEST_ASSERT_EQUAL(rte_le_to_cpu_16(h.csum_offset), 16,
				  "TCP checksum offset");
	} else {
		rte_pktmbuf_free(m);
	}
	TEST_CHECK(port_down()); /* the lost packet freed by the stop */
	return TEST_SUCCESS;
}

struct rx_on_worker {
	uint16_t n;
	struct rte_mbuf *m[BURST];
};

static int
rx_burst_worker(void *arg)
{
	struct rx_on_worker *w = arg;

	w->n = pp_virtio_recv_pkts(rxq, w->m, BURST);
	return 0;
}

/*
 * RX polled by the worker lcore (it owns the pool), TX and its completion
 * on the main lcore: every page goes home through the pool's return ring,
 * none lost, for several rings-full.
 */
static int
test_rx_tx_two_lcores(void)
{
	static uint8_t frame[1514];
	struct rx_on_worker w;
	unsigned int round, i, got = 0;

	TEST_CHECK(port_up(F(MRG_RXBUF), 1500, 0, 64));
	for (round = 0; round < 40; round++) {
		for (i = 0; i < 8; i++) {
			frame_fill(frame, 1514, (uint8_t)(round + i));
			TEST_ASSERT(fake_net_rx(frx, frame, 1514, NULL, 1) == 1,
				    "round %u frame %u", round, i);
		}
		TEST_ASSERT_EQUAL(test_on_worker(rx_burst_worker, &w), 0,
				  "worker");
		TEST_ASSERT_EQUAL(w.n, 8, "received on the worker");
		TEST_ASSERT_EQUAL(pp_virtio_xmit_pkts(txq, w.m, w.n), w.n,
				  "sent from main");
		for (i = 0; i < w.n; i++)
			TEST_CHECK(dev_tx_check(1514, (uint8_t)(round + i),
						NULL));
		got += w.n;
		pp_virtio_xmit_pkts(txq, NULL, 0); /* completion on main */
	}
	TEST_ASSERT_EQUAL(got, 320, "five rings-full forwarded");
	/* the last pages came home remotely: one more poll on the worker */
	TEST_ASSERT_EQUAL(test_on_worker(rx_burst_worker, &w), 0, "worker");
	TEST_ASSERT_EQUAL(w.n, 0, "nothing more");
	TEST_ASSERT_EQUAL(pagepool_in_flight(rxq->pp.pool), 64,
			  "only the ring holds pages");
	TEST_CHECK(port_down());
	return TEST_SUCCESS;
}

/* ------------------------------------------------------------- raw */

/* pagepool_rx_burst_raw / tx_burst_raw on the port: no mbuf at all. */
static int
test_raw(void)
{
	static uint8_t frame[9000];
	struct pagepool_buf b[BURST], own;
	struct pagepool_params pp;
	struct pagepool *pool;
	uint16_t port = dev->data->port_id;
	uint32_t ring;
	unsigned int i, j;

	TEST_CHECK(port_up(F(MRG_RXBUF) | F(GUEST_CSUM), 9000, 0, NB_DESC));
	ring = pagepool_in_flight(rxq->pp.pool);
	TEST_ASSERT_EQUAL(pagepool_raw_register(port, &pp_virtio_raw_ops), 0,
			  "register");
	/* what the device layer's dev_start does (ppdrv_raw_queues_publish) */
	pagepool_raw_rxq_set(port, 0, rxq);
	pagepool_raw_txq_set(port, 0, txq);
	TEST_ASSERT(pagepool_raw_rxq_pool(port, 0) == rxq->pp.pool, "pool");
	for (i = 0; i < RTE_DIM(sizes); i++) {
		frame_fill(frame, sizes[i], (uint8_t)i);
		TEST_ASSERT(fake_net_rx(frx, frame, sizes[i], NULL, 1) == 1, "rx");
	}
	frame_fill(frame, 9000, 99); /* over one buffer: not for raw */
	TEST_ASSERT(fake_net_rx(frx, frame, 9000, NULL, 1) == 3, "rx jumbo");
	frame_fill(frame, 60, 98);
	TEST_ASSERT(fake_net_rx(frx, frame, 60, NULL, 1) == 1, "rx");
	TEST_ASSERT_EQUAL(pagepool_rx_burst_raw(port, 0, b, BURST),
			  RTE_DIM(sizes) + 1, "frames");
	TEST_ASSERT_EQUAL(rxq->raw_too_long, 1, "the jumbo counted");
	for (i = 0; i <= RTE_DIM(sizes); i++) {
		uint32_t len = i < RTE_DIM(sizes) ? sizes[i] : 60;
		uint8_t seed = i < RTE_DIM(sizes) ? (uint8_t)i : 98;
		const uint8_t *p = pagepool_buf_data(&b[i]);

		TEST_ASSERT_EQUAL(b[i].len, len, "length");
		TEST_ASSERT_EQUAL(b[i].data_off, rxq->pp.headroom, "data_off");
		for (j = 0; j < len; j++)
			TEST_ASSERT_EQUAL(p[j], pat(j, seed), "byte %u", j);
	}
	/* GUEST_CSUM on the raw path: completed in place, flagged good */
	if (pp_virtio_has(&fd.hw, PP_VIRTIO_NET_F_GUEST_CSUM)) {
		struct pp_virtio_net_hdr h = {
			.flags = PP_VIRTIO_NET_HDR_F_NEEDS_CSUM,
			.csum_start = rte_cpu_to_le_16(34),
			.csum_offset = rte_cpu_to_le_16(6),
		};
		struct pagepool_buf u;
		const struct rte_ipv4_hdr *ip;

		udp_frame(frame, 1000, 96);
		TEST_ASSERT(fake_net_rx(frx, frame, 1000, &h, 1) == 1, "rx");
		TEST_ASSERT_EQUAL(pagepool_rx_burst_raw(port, 0, &u, 1), 1,
				  "frame");
		TEST_ASSERT_EQUAL(u.flags, PAGEPOOL_BUF_F_L4_CSUM_GOOD, "flags");
		ip = (const struct rte_ipv4_hdr *)((uint8_t *)
			pagepool_buf_data(&u) + sizeof(struct rte_ether_hdr));
		TEST_ASSERT_EQUAL(rte_ipv4_udptcp_cksum_verify(ip, ip + 1), 0,
				  "a valid UDP checksum");
		pagepool_put_page(u.page);
	}
	/* send them back out, header in their headroom */
	TEST_ASSERT_EQUAL(pagepool_tx_burst_raw(port, 0, b, RTE_DIM(sizes) + 1),
			  RTE_DIM(sizes) + 1, "raw TX");
	for (i = 0; i < RTE_DIM(sizes); i++)
		TEST_CHECK(dev_tx_check(sizes[i], (uint8_t)i, NULL));
	TEST_CHECK(dev_tx_check(60, 98, NULL));
	TEST_ASSERT_EQUAL(txq->hdr_slot, 0, "headroom");
	/* a page of another pool with no headroom: a slot */
	pagepool_params_init(&pp);
	pp.name = "vraw_pages";
	pp.nb_pages = 4;
	pool = pagepool_create(&pp);
	TEST_ASSERT_NOT_NULL(pool, "pool");
	memset(&own, 0, sizeof(own));
	own.page = pagepool_alloc(pool);
	TEST_ASSERT_NOT_NULL(own.page, "page");
	own.size = 4096;
	own.len = 700;
	frame_fill(pagepool_buf_data(&own), 700, 97);
	TEST_ASSERT_EQUAL(pp_virtio_xmit_raw(txq, &own, 1), 1, "raw TX");
	TEST_CHECK(dev_tx_check(700, 97, NULL));
	TEST_ASSERT_EQUAL(txq->hdr_slot, 1, "a slot");
	pp_virtio_xmit_raw(txq, NULL, 0);
	TEST_ASSERT_EQUAL(pagepool_in_flight(pool), 0, "home to its pool");
	TEST_ASSERT_EQUAL(pagepool_in_flight(rxq->pp.pool), ring,
			  "the RX pages home, the ring full");
	TEST_ASSERT_EQUAL(pagepool_destroy(pool), 0, "pool destroyed");
	pagepool_raw_rxq_set(port, 0, NULL);
	pagepool_raw_txq_set(port, 0, NULL);
	TEST_ASSERT_EQUAL(pagepool_rx_burst_raw(port, 0, b, BURST), 0,
			  "withdrawn");
	TEST_CHECK(port_down());

	/* without MRG_RXBUF at MTU 9000: a chain of 3 pages per frame */
	TEST_CHECK(port_up(0, 9000, 0, NB_DESC));
	ring = pagepool_in_flight(rxq->pp.pool);
	pagepool_raw_rxq_set(port, 0, rxq);
	frame_fill(frame, 5000, 95);
	TEST_ASSERT(fake_net_rx(frx, frame, 5000, NULL, 0) == 1, "rx 5000");
	frame_fill(frame, 1000, 94);
	TEST_ASSERT(fake_net_rx(frx, frame, 1000, NULL, 0) == 1, "rx 1000");
	TEST_ASSERT_EQUAL(pagepool_rx_burst_raw(port, 0, b, BURST), 1, "one");
	TEST_ASSERT_EQUAL(rxq->raw_too_long, 1, "the 5000 bytes counted");
	TEST_ASSERT_EQUAL(b[0].len, 1000, "length");
	TEST_ASSERT(memcmp(pagepool_buf_data(&b[0]), frame, 1000) == 0,
		    "bytes");
	pagepool_put_page(b[0].page);
	TEST_ASSERT_EQUAL(pagepool_in_flight(rxq->pp.pool), ring,
			  "the chains' unused pages home too");
	pagepool_raw_rxq_set(port, 0, NULL);
	pagepool_raw_register(port, NULL);
	TEST_CHECK(port_down());
	return TEST_SUCCESS;
}

/* ------------------------------------------------------- lifecycle */

static int
refuse_release(struct pp_virtio_hw *hw __rte_unused,
	       struct pp_vq *vq __rte_unused)
{
	return -ETIMEDOUT;
}

/* Queue stop and start on a live device; the port stopped and started. */
static int
test_queue_restart(void)
{
	struct rte_mbuf *m;
	unsigned int round;

	TEST_CHECK(port_up(F(MRG_RXBUF), 1500, 0, NB_DESC));
	for (round = 0; round < 3; round++) {
		TEST_CHECK(rx_one(1000, (uint8_t)round, 1, 1));
		/* a packet the device never takes */
		m = tx_mbuf(500, 1, 4096);
		TEST_ASSERT_EQUAL(pp_virtio_xmit_pkts(txq, &m, 1), 1, "sent");
		TEST_ASSERT_EQUAL(pp_virtio_tx_queue_stop(dev, 0), 0, "tx stop");
		TEST_ASSERT_EQUAL(rte_mempool_avail_count(pkt_mp), pkt_mp->size,
				  "the unsent packet freed");
		TEST_ASSERT_EQUAL(pp_virtio_rx_queue_stop(dev, 0), 0, "rx stop");
		TEST_ASSERT_EQUAL(pagepool_in_flight(rxq->pp.pool), 0,
				  "every page home");
		TEST_ASSERT_EQUAL(dev->data->rx_queue_state[0],
				  RTE_ETH_QUEUE_STATE_STOPPED, "state");
		/* bursts on stopped queues post nothing */
		TEST_CHECK(rx_quiet());
		m = tx_mbuf(500, 1, 4096);
		TEST_ASSERT_EQUAL(pp_virtio_xmit_pkts(txq, &m, 1), 0, "stopped");
		rte_pktmbuf_free(m);
		TEST_ASSERT_EQUAL(pagepool_in_flight(rxq->pp.pool), 0, "still");
		TEST_ASSERT_EQUAL(pp_virtio_rx_queue_start(dev, 0), 0, "rx start");
		TEST_ASSERT_EQUAL(pp_virtio_tx_queue_start(dev, 0), 0, "tx start");
		frx = fake_vdev_vq(&fd, PP_VIRTIO_RXQ_IDX(0));
		ftx = fake_vdev_vq(&fd, PP_VIRTIO_TXQ_IDX(0));
		TEST_ASSERT(frx != NULL && ftx != NULL, "given back");
		TEST_CHECK(rx_one(1514, 3, 1, 1));
		TEST_CHECK(tx_one(tx_mbuf(1514, 4, 4096), 1514, 4));
	}
	/* the whole port: reset, stop, start again */
	for (round = 0; round < 3; round++) {
		TEST_ASSERT_EQUAL(fd.ops.reset(&fd.hw), 0, "reset");
		pp_virtio_queues_stop(dev);
		TEST_ASSERT_EQUAL(pagepool_in_flight(rxq->pp.pool), 0, "home");
		TEST_ASSERT_EQUAL(pp_virtio_queues_start(dev), 0, "start");
		pp_virtio_queues_kick(dev);
		frx = fake_vdev_vq(&fd, PP_VIRTIO_RXQ_IDX(0));
		ftx = fake_vdev_vq(&fd, PP_VIRTIO_TXQ_IDX(0));
		TEST_CHECK(rx_one(700, 5, 1, 1));
		TEST_CHECK(tx_one(tx_mbuf(700, 6, 4096), 700, 6));
	}
	/* a transport that cannot take the queue back: the buffers stay */
	fd.ops.queue_release = refuse_release;
	TEST_ASSERT_EQUAL(pp_virtio_rx_queue_stop(dev, 0), -ETIMEDOUT, "refused");
	TEST_ASSERT_EQUAL(pagepool_in_flight(rxq->pp.pool), rxq->nb_desc,
			  "still posted: the device may write them");
	TEST_CHECK(port_down()); /* the reset does it */
	return TEST_SUCCESS;
}

/* Setup: ring sizes, queues the device lacks, an MTU over 9000. */
static int
test_setup(void)
{
	struct rte_eth_rxconf rc = { 0 };
	struct rte_eth_txconf tc = { 0 };

	TEST_CHECK(port_up(0, 1500, 0, 0));
	TEST_ASSERT_EQUAL(rxq->nb_desc, PP_VIRTIO_RING_DEFAULT, "default");
	TEST_CHECK(port_down());
	TEST_CHECK(port_up(0, 1500, 0, 1000));
	TEST_ASSERT_EQUAL(rxq->nb_desc, 256, "the device's maximum");
	TEST_CHECK(port_down());
	TEST_CHECK(port_up(0, 1500, 0, 100));
	TEST_ASSERT_EQUAL(rxq->nb_desc, packed ? 100 : 64,
			  "split rings are powers of two");
	TEST_CHECK(port_down());
	TEST_ASSERT_EQUAL(pp_virtio_rx_queue_setup(dev, 2, 64, SOCKET_ID_ANY,
			  &rc, hdr_mp, NULL), -EINVAL, "no receiveq 2");
	TEST_ASSERT_EQUAL(pp_virtio_tx_queue_setup(dev, 2, 64, SOCKET_ID_ANY,
			  &tc), -EINVAL, "no transmitq 2");
	TEST_ASSERT_EQUAL(pp_virtio_rx_queue_setup(dev, 0, 64, SOCKET_ID_ANY,
			  &rc, hdr_mp, NULL), 0, "rx setup");
	TEST_ASSERT_EQUAL(pp_virtio_tx_queue_setup(dev, 0, 64, SOCKET_ID_ANY,
			  &tc), 0, "tx setup");
	dev->data->mtu = 9001;
	TEST_ASSERT_EQUAL(pp_virtio_queues_start(dev), -EINVAL, "MTU 9001");
	pp_virtio_queues_stop(dev);
	pp_virtio_rx_queue_release(dev, 0);
	pp_virtio_tx_queue_release(dev, 0);
	return TEST_SUCCESS;
}

/* Stats and xstats read the counters the cases above check. */
static int
test_stats(void)
{
	static uint8_t frame[256];
	struct rte_eth_xstat_name *names;
	struct rte_eth_xstat *xs;
	struct rte_eth_stats st;
	int n, i, found = 0;

	TEST_CHECK(port_up(F(MRG_RXBUF), 1500, 0, NB_DESC));
	TEST_CHECK(rx_one(100, 1, 1, 1));
	frx->nb = FAKE_NB_ZERO;
	frame_fill(frame, 100, 2);
	TEST_ASSERT(fake_net_rx(frx, frame, 100, NULL, 1) == 1, "rx");
	RX_DROPPED(bad_num_buffers, 0);
	TEST_CHECK(tx_one(tx_mbuf(200, 3, 4096), 200, 3));
	memset(&st, 0, sizeof(st));
	pp_virtio_queue_stats_get(dev, &st);
	TEST_ASSERT_EQUAL(st.ipackets, 1, "ipackets");
	TEST_ASSERT_EQUAL(st.ibytes, 100, "ibytes");
	TEST_ASSERT_EQUAL(st.ierrors, 1, "ierrors");
	TEST_ASSERT_EQUAL(st.opackets, 1, "opackets");
	TEST_ASSERT_EQUAL(st.obytes, 200, "obytes");

	n = pp_virtio_xstats_get_names(dev, NULL, 0);
	TEST_ASSERT(n > 0, "xstats");
	TEST_ASSERT_EQUAL(pp_virtio_xstats_get(dev, NULL, 0), n, "count");
	names = calloc(n, sizeof(*names));
	xs = calloc(n, sizeof(*xs));
	TEST_ASSERT(names != NULL && xs != NULL, "memory");
	TEST_ASSERT_EQUAL(pp_virtio_xstats_get_names(dev, names, n), n, "names");
	TEST_ASSERT_EQUAL(pp_virtio_xstats_get(dev, xs, n), n, "values");
	for (i = 0; i < n; i++) {
		if (strcmp(names[i].name, "rxq0_bad_num_buffers") == 0) {
			found++;
			TEST_ASSERT_EQUAL(xs[i].value, 1, "%s", names[i].name);
		} else if (strcmp(names[i].name, "rxq0_pool_in_flight") == 0) {
			found++;
			TEST_ASSERT_EQUAL(xs[i].value, NB_DESC, "%s", names[i].name);
		} else if (strcmp(names[i].name, "txq0_vq_kicks") == 0) {
			found++;
			TEST_ASSERT(xs[i].value >= 1, "%s", names[i].name);
		}
	}
	TEST_ASSERT_EQUAL(found, 3, "the names looked for");
	TEST_ASSERT_EQUAL(pp_virtio_xstats_reset(dev), 0, "reset");
	TEST_ASSERT_EQUAL(rxq->bad_num_buffers + rxq->packets + txq->packets +
			  txq->vq->stats.kicks, 0, "counters zeroed");
	free(names);
	free(xs);
	TEST_CHECK(port_down());
	return TEST_SUCCESS;
}

/* ------------------------------------------------------------ suite */

static int
suite_setup(void)
{
	dev = rte_eth_dev_allocate("virtio_fake");
	if (dev == NULL)
		return -1;
	dev->data->dev_private = rte_zmalloc(NULL, sizeof(void *), 0);
	dev->data->rx_queues = rte_zmalloc(NULL, 4 * sizeof(void *), 0);
	dev->data->tx_queues = rte_zmalloc(NULL, 4 * sizeof(void *), 0);
	if (dev->data->dev_private == NULL || dev->data->rx_queues == NULL ||
	    dev->data->tx_queues == NULL)
		return -1;
	dev->data->nb_rx_queues = 1;
	dev->data->nb_tx_queues = 1;
	rte_eth_dev_probing_finish(dev); /* a valid port for the raw path */
	hdr_mp = rte_pktmbuf_pool_create("vhdr", 2047, 32, 0, 0,
					 SOCKET_ID_ANY);
	pkt_mp = rte_pktmbuf_pool_create("vpkt", 511, 0, 0,
					 RTE_MBUF_DEFAULT_BUF_SIZE,
					 SOCKET_ID_ANY);
	return hdr_mp != NULL && pkt_mp != NULL ? 0 : -1;
}

static void
suite_teardown(void)
{
	pp_virtio_rx_queue_release(dev, 0);
	pp_virtio_tx_queue_release(dev, 0);
	rte_free(dev->data->rx_queues);
	rte_free(dev->data->tx_queues);
	dev->data->rx_queues = NULL;
	dev->data->tx_queues = NULL;
	rte_eth_dev_release_port(dev);
	rte_mempool_free(hdr_mp);
	rte_mempool_free(pkt_mp);
}

static const struct test_case cases[] = {
	TEST_CASE(test_rx_sizes),
	TEST_CASE(test_rx_burst),
	TEST_CASE(test_rx_jumbo_mrg),
	TEST_CASE(test_rx_jumbo_chain),
	TEST_CASE(test_rx_bad_len),
	TEST_CASE(test_rx_bad_num_buffers),
	TEST_CASE(test_rx_bad_id),
	TEST_CASE(test_rx_partial),
	TEST_CASE(test_rx_nombuf),
	TEST_CASE(test_rx_pool_dry),
	TEST_CASE(test_rx_csum),
	TEST_CASE(test_tx_sizes),
	TEST_CASE(test_tx_chained),
	TEST_CASE(test_tx_hdr_slot),
	TEST_CASE(test_tx_external),
	TEST_CASE(test_tx_csum),
	TEST_CASE(test_tx_hdr_keep),
	TEST_CASE(test_tx_ring_full),
	TEST_CASE(test_tx_device_lies),
	TEST_CASE(test_rx_tx_two_lcores),
	TEST_CASE(test_raw),
	TEST_CASE(test_queue_restart),
	TEST_CASE(test_setup),
	TEST_CASE(test_stats),
};

int
main(void)
{
	static const char *const extra[] = { "--iova-mode=va", NULL };
	struct test_suite suite = {
		.setup = suite_setup,
		.teardown = suite_teardown,
		.cases = cases,
		.nb_cases = RTE_DIM(cases),
	};
	struct test_tally t = { 0 };
	int ret;

	if (test_eal_init("virtio_rxtx", extra) != 0)
		return TEST_EXIT_SKIP;
	suite.name = "virtio_rxtx split";
	test_run_suite(&suite, &t);
	packed = 1;
	suite.name = "virtio_rxtx packed";
	test_run_suite(&suite, &t);
	ret = test_tally_exit(&t);
	test_eal_cleanup();
	return ret;
}
