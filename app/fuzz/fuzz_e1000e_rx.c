/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The pagepool authors
 */

/*
 * Fuzz net_pp_e1000e's RX write-back processing through a fake 82574L.
 *
 * As in app/test/e1000e/test_e1000e_rxtx.c, BAR0 is plain memory and the
 * harness plays the NIC. The NIC keeps to the ring protocol (it writes only
 * descriptors it owns, from its head up to RDT, and at most RCTL.BSIZE bytes
 * into a buffer): a device that writes anywhere it likes can also rewrite
 * the shadow ring, which no check in the driver could survive (doc/fuzz.md).
 * Everything else a device reports is the fuzzer's to choose: lengths
 * (0 and over the buffer too), status and error bits, EOP or none,
 * write-backs without DD. The application side is chosen too: burst sizes,
 * the mbuf or the raw path, how long frames are held, an exhausted page
 * pool or header mempool, queue restarts. Received frames may also be
 * forwarded to a TX queue, whose completions (DD) the NIC reports when the
 * input says, so that pages go home through TX too.
 *
 * Checked after every burst: each segment lies inside its page and inside
 * the buffer the NIC filled, says exactly the length the NIC wrote, the
 * segments of a frame are the consecutive descriptors the NIC wrote, and
 * no more of them than the MTU needs.
 * Every TX descriptor the NIC reads points into a page of the pool, and
 * within it. Checked after every input: once what was received is freed
 * and the queues are stopped, no page is in flight, the pool is freed on
 * release, and every header mbuf is back in its mempool.
 *
 * Input: three bytes of queue configuration, then operations (see
 * fuzz_one()) until the input ends.
 */

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <ethdev_driver.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>

#include "e1000e.h"
#include "fuzz_common.h"

#define HELD_MAX	256	/* frames the application holds at most */
#define BURST_MAX	64
#define HDR_MBUFS	191	/* small enough that frames held exhaust it */
#define DRAIN_MAX	512	/* pages the harness takes from the pool */
#define REC_MAX		4096	/* buffers a pool can hold, at most */

static struct rte_eth_dev *dev;
static struct e1000e_adapter *ad;
static struct rte_mempool *hdr_mp;
static unsigned int hdr_total;

/*
 * What the fake NIC wrote into each buffer, by buffer (page index and
 * fragment): a buffer consumed by the driver may still wait in a chain
 * while the NIC writes its descriptor again, with a new buffer.
 */
struct nic_rec {
	uint8_t *addr;		/* buffer it filled */
	uint32_t seq;		/* write-back number, counting from 1 */
	uint16_t len;		/* length it reported */
	uint8_t valid;		/* written back with DD, not yet checked */
};

/* The application side: frames held, pages taken away. */
struct held {
	struct rte_mbuf *m;		/* mbuf path, or NULL */
	struct pagepool_buf b;		/* raw path */
};

static struct {
	struct e1000e_rx_queue *q;
	struct e1000e_tx_queue *tq;
	uint16_t tx_head;		/* next TX descriptor the NIC reads */
	uint32_t page_size;
	uint16_t head;			/* next descriptor the NIC writes */
	uint8_t partial;		/* head written back without DD */
	uint8_t stopped;		/* queue start failed: nobody polls */
	uint32_t seq;
	struct nic_rec rec[REC_MAX];
	uint32_t frags_per_page;
	struct held held[HELD_MAX];
	unsigned int nb_held, held_first, held_pages;
	struct pagepool_page *drained[DRAIN_MAX];
	unsigned int nb_drained;
} s;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	RTE_SET_USED(argc);
	RTE_SET_USED(argv);
	fuzz_eal_init("fuzz_e1000e_rx");
	dev = rte_eth_dev_allocate("e1000e_fuzz");
	FUZZ_CHECK(dev != NULL, "rte_eth_dev_allocate");
	dev->data->dev_private = rte_zmalloc(NULL, sizeof(*ad), 0);
	dev->data->rx_queues = rte_zmalloc(NULL, sizeof(void *), 0);
	dev->data->tx_queues = rte_zmalloc(NULL, sizeof(void *), 0);
	FUZZ_CHECK(dev->data->dev_private != NULL &&
		   dev->data->rx_queues != NULL && dev->data->tx_queues != NULL,
		   "adapter");
	dev->data->nb_rx_queues = 1;
	dev->data->nb_tx_queues = 1;
	ad = dev->data->dev_private;
	ad->hw = rte_zmalloc(NULL, 128 * 1024, 4096); /* BAR0 */
	hdr_mp = rte_pktmbuf_pool_create("fuzz_hdr", HDR_MBUFS, 0, 0, 0,
					 SOCKET_ID_ANY);
	FUZZ_CHECK(ad->hw != NULL && hdr_mp != NULL, "BAR0, header mempool");
	hdr_total = rte_mempool_avail_count(hdr_mp);
	return 0;
}

static uint32_t
reg(uint32_t off)
{
	return *(volatile uint32_t *)(ad->hw + off);
}

/* ---- the fake NIC ---- */

static unsigned int
rec_slot(const struct pagepool_page *pg, uint32_t offset)
{
	unsigned int slot = pg->index * s.frags_per_page + offset / s.q->pp.frag_size;

	FUZZ_CHECK(slot < REC_MAX, "buffer %u of page %u", slot, pg->index);
	return slot;
}

/*
 * Write back one descriptor at the NIC's head, if it owns one. ctl bits:
 * 0 EOP; 1 length as given (else 1..BSIZE); 2 frame error bits from a
 * byte; 3 any other status/error bits from a word; 4 VLAN; 5 RSS fields;
 * 6 a write-back without DD (the NIC stays on the descriptor).
 */
static void
nic_write(struct fuzz_in *in)
{
	struct e1000e_rx_queue *q = s.q;
	uint8_t ctl = fuzz_u8(in);
	uint16_t len = fuzz_u16(in);
	uint32_t se = E1000E_RXD_STAT_DD, n, seq, mrq, rss;
	volatile union e1000e_rx_desc *d;
	struct e1000e_rx_buf *b;
	uint16_t vlan;
	uint8_t *buf;

	if (!(ctl & 2))
		len = (uint16_t)(len % E1000E_RX_BUF_SIZE + 1);
	if (ctl & 1)
		se |= E1000E_RXD_STAT_EOP;
	if (ctl & 4) {
		uint8_t e = fuzz_u8(in);

		se |= (uint32_t)e << 24; /* CE, SE, SEQ, CXE, TCPE, IPE, RXE */
	}
	if (ctl & 8)
		se |= fuzz_u32(in);
	mrq = (ctl & 32) ? fuzz_u32(in) : 0;
	rss = (ctl & 32) ? fuzz_u32(in) : 0;
	vlan = (ctl & 16) ? fuzz_u16(in) : 0;
	/* RDT is the first descriptor the NIC does not own */
	if (s.stopped || s.head == reg(E1000E_RDT(0)) % q->nb_desc)
		return;
	d = &q->ring[s.head];
	b = &q->bufs[s.head];
	/* what the NIC was given: the shadow's buffer, in flight */
	FUZZ_CHECK(b->page != NULL, "descriptor %u owned by the NIC is empty",
		   s.head);
	if (!s.partial) {
		/* (a partial write-back has overwritten what the NIC fetched) */
		FUZZ_CHECK(d->read.buffer_addr ==
			   b->page->iova + b->offset + q->pp.headroom,
			   "descriptor %u: address does not match its shadow",
			   s.head);
		FUZZ_CHECK(d->read.reserved == 0, "descriptor %u: DD left set",
			   s.head);
	}
	buf = (uint8_t *)b->page->addr + b->offset + q->pp.headroom;
	FUZZ_CHECK(b->offset + q->pp.headroom + E1000E_RX_BUF_SIZE <=
		   s.page_size, "buffer %u over its page", s.head);
	/* the NIC never writes more than RCTL.BSIZE into a buffer */
	n = RTE_MIN((uint32_t)len, (uint32_t)E1000E_RX_BUF_SIZE);
	seq = s.seq + 1;
	memset(buf, (uint8_t)seq, n);
	if (n >= sizeof(seq))
		memcpy(buf, &seq, sizeof(seq));
	d->wb.mrq = mrq;
	d->wb.rss = rss;
	d->wb.length = len;
	d->wb.vlan = vlan;
	if (ctl & 64) {
		/* not done: the driver must not look at it */
		d->wb.status_error = se & ~E1000E_RXD_STAT_DD;
		s.partial = 1;
		return;
	}
	s.partial = 0;
	s.seq = seq;
	/* (a buffer of a dropped frame comes back and is written again) */
	s.rec[rec_slot(b->page, b->offset)] = (struct nic_rec){
		.addr = buf, .seq = seq, .len = len, .valid = 1,
	};
	rte_wmb();
	d->wb.status_error = se;
	s.head = (uint16_t)((s.head + 1) % q->nb_desc);
}

/* ---- what the driver hands over ---- */

/* The NIC record of the buffer at addr in pg, consumed once. */
static struct nic_rec *
rec_find(const struct pagepool_page *pg, const uint8_t *addr)
{
	struct nic_rec *r;
	uint32_t off = (uint32_t)(addr - (const uint8_t *)pg->addr);

	if (off < s.q->pp.headroom)
		return NULL;
	r = &s.rec[rec_slot(pg, off - s.q->pp.headroom)];
	if (!r->valid || r->addr != addr)
		return NULL;
	r->valid = 0;
	return r;
}

/* One buffer handed over: in its page, in the NIC's buffer, NIC's length. */
static uint32_t
check_buf(struct pagepool_page *pg, const uint8_t *data, uint32_t len,
	  uint32_t prev_seq)
{
	const uint8_t *page = pg->addr;
	struct nic_rec *r;

	FUZZ_CHECK(pg->magic == PAGEPOOL_PAGE_MAGIC && pg->pool == s.q->pp.pool,
		   "a page of the queue's pool");
	FUZZ_CHECK(rte_mbuf_ext_refcnt_read(&pg->shinfo) >= 1, "page in flight");
	FUZZ_CHECK(data >= page && data + len <= page + s.page_size,
		   "data [%td, %td) outside its %u-byte page", data - page,
		   data - page + len, s.page_size);
	r = rec_find(pg, data);
	FUZZ_CHECK(r != NULL, "data at page offset %td is no buffer the NIC "
		   "wrote back", data - page);
	FUZZ_CHECK(len <= E1000E_RX_BUF_SIZE,
		   "length %u over the %u bytes the NIC may have written", len,
		   E1000E_RX_BUF_SIZE);
	FUZZ_CHECK(len == r->len, "length %u, the NIC wrote back %u", len,
		   r->len);
	FUZZ_CHECK(prev_seq == 0 || r->seq == prev_seq + 1,
		   "segment from write-back %u after %u", r->seq, prev_seq);
	return r->seq;
}

static void
check_mbuf(const struct rte_mbuf *m)
{
	const struct rte_mbuf *seg;
	uint32_t pkt_len = 0, nb_segs = 0, seq = 0;

	FUZZ_CHECK(m->port == s.q->port_id, "port");
	for (seg = m; seg != NULL; seg = seg->next) {
		struct pagepool_page *pg = pagepool_mbuf_page(seg);
		const uint8_t *data = rte_pktmbuf_mtod(seg, const uint8_t *);

		FUZZ_CHECK(pg != NULL, "segment %u is not a pool page", nb_segs);
		FUZZ_CHECK((uint32_t)seg->data_off + seg->data_len <=
			   seg->buf_len, "segment %u: data_off %u + data_len "
			   "%u over buf_len %u", nb_segs, seg->data_off,
			   seg->data_len, seg->buf_len);
		FUZZ_CHECK((const uint8_t *)seg->buf_addr >=
			   (const uint8_t *)pg->addr &&
			   (const uint8_t *)seg->buf_addr + seg->buf_len <=
			   (const uint8_t *)pg->addr + s.page_size,
			   "segment %u: buffer outside its page", nb_segs);
		seq = check_buf(pg, data, seg->data_len, seq);
		pkt_len += seg->data_len;
		nb_segs++;
		FUZZ_CHECK(nb_segs <= RTE_MBUF_MAX_NB_SEGS, "chain too long");
	}
	FUZZ_CHECK(m->pkt_len == pkt_len, "pkt_len %u, segments add up to %u",
		   m->pkt_len, pkt_len);
	FUZZ_CHECK(m->nb_segs == nb_segs, "nb_segs %u, chain has %u",
		   m->nb_segs, nb_segs);
	FUZZ_CHECK(nb_segs <= s.q->max_segs, "%u segments, MTU %u allows %u",
		   nb_segs, dev->data->mtu, s.q->max_segs);
}

static void
check_raw(const struct pagepool_buf *b)
{
	FUZZ_CHECK(b->size == s.q->pp.frag_size, "raw size %u", b->size);
	FUZZ_CHECK((uint32_t)b->data_off + b->len <= b->size,
		   "raw data_off %u + len %u over the fragment's %u", b->data_off,
		   b->len, b->size);
	FUZZ_CHECK(b->offset + b->size <= s.page_size, "fragment over its page");
	check_buf(b->page, pagepool_buf_data(b), b->len, 0);
}

/* ---- the application ---- */

static void
held_free(unsigned int n)
{
	while (n-- != 0 && s.nb_held != 0) {
		struct held *h = &s.held[s.held_first];

		if (h->m != NULL) {
			s.held_pages -= h->m->nb_segs;
			rte_pktmbuf_free(h->m);
		} else {
			s.held_pages--;
			pagepool_put_page(h->b.page);
		}
		s.held_first = (s.held_first + 1) % HELD_MAX;
		s.nb_held--;
	}
}

static void
held_add(struct rte_mbuf *m, const struct pagepool_buf *b)
{
	if (s.nb_held == HELD_MAX)
		held_free(1);
	s.held[(s.held_first + s.nb_held) % HELD_MAX] = m != NULL ?
		(struct held){ .m = m } : (struct held){ .b = *b };
	s.nb_held++;
	s.held_pages += m != NULL ? m->nb_segs : 1;
}

/* Burst: bit 7 the raw path, bits 6:0 the burst size (0..64). */
static void
app_burst(uint8_t arg)
{
	uint16_t nb = (uint16_t)((arg & 0x7F) % (BURST_MAX + 1)), n, i;
	uint64_t packets = s.q->packets;

	if (s.stopped)
		return; /* the application polls started queues only */

	if (arg & 0x80) {
		struct pagepool_buf b[BURST_MAX];

		n = e1000e_recv_raw(s.q, b, nb);
		FUZZ_CHECK(n <= nb, "raw burst %u of %u", n, nb);
		for (i = 0; i < n; i++) {
			check_raw(&b[i]);
			held_add(NULL, &b[i]);
		}
	} else {
		struct rte_mbuf *m[BURST_MAX];

		n = e1000e_recv_pkts(s.q, m, nb);
		FUZZ_CHECK(n <= nb, "burst %u of %u", n, nb);
		for (i = 0; i < n; i++) {
			check_mbuf(m[i]);
			held_add(m[i], NULL);
		}
	}
	FUZZ_CHECK(s.q->packets == packets + n, "packets counter");
}

/* Take pages away (a peer's TX ring holding them), or give them back. */
static void
app_drain(uint8_t arg)
{
	unsigned int n = arg & 0x7F;

	if (arg & 0x80) {
		while (n-- != 0 && s.nb_drained != 0)
			pagepool_put_page(s.drained[--s.nb_drained]);
		return;
	}
	while (n-- != 0 && s.nb_drained < DRAIN_MAX) {
		struct pagepool_page *pg = pagepool_alloc(s.q->pp.pool);

		if (pg == NULL)
			break;
		s.drained[s.nb_drained++] = pg;
	}
}

/* Pages on the TX ring: one per segment or raw buffer not reclaimed. */
static unsigned int
tx_pages(void)
{
	unsigned int i, n = 0;

	for (i = 0; i < s.tq->nb_desc; i++)
		n += s.tq->sw[i].mbuf != NULL || s.tq->sw[i].page != NULL;
	return n;
}

/*
 * Forward up to arg & 0x3F of the oldest held frames, all of the kind of
 * the oldest (mbuf or raw), to the TX queue. What is accepted is the
 * driver's; the rest stays held.
 */
static void
app_forward(uint8_t arg)
{
	unsigned int n = 0, i, pages = 0;
	uint16_t sent;

	while (n < (arg & 0x3Fu) && n < s.nb_held && n < BURST_MAX &&
	       (s.held[(s.held_first + n) % HELD_MAX].m == NULL) ==
	       (s.held[s.held_first].m == NULL))
		n++;
	if (n == 0)
		return;
	if (s.held[s.held_first].m != NULL) {
		struct rte_mbuf *m[BURST_MAX];
		uint16_t segs[BURST_MAX];

		for (i = 0; i < n; i++) {
			m[i] = s.held[(s.held_first + i) % HELD_MAX].m;
			segs[i] = m[i]->nb_segs; /* the driver's once sent */
		}
		sent = e1000e_xmit_pkts(s.tq, m, (uint16_t)n);
		for (i = 0; i < sent && i < n; i++)
			pages += segs[i];
	} else {
		struct pagepool_buf b[BURST_MAX];

		for (i = 0; i < n; i++)
			b[i] = s.held[(s.held_first + i) % HELD_MAX].b;
		sent = e1000e_xmit_raw(s.tq, b, (uint16_t)n);
		pages = sent;
	}
	FUZZ_CHECK(sent <= n, "sent %u of %u", sent, n);
	s.held_first = (s.held_first + sent) % HELD_MAX;
	s.nb_held -= sent;
	s.held_pages -= pages;
}

/*
 * The NIC transmits up to arg descriptors from its TX head up to TDT: it
 * reads each one (which must point into a page of the pool) and writes DD
 * back where RS asks for it, in order, as the 82574L does.
 */
static void
nic_tx(uint8_t arg)
{
	struct e1000e_tx_queue *q = s.tq;
	uint32_t tdt = reg(E1000E_TDT(0)) % q->nb_desc;

	while (arg-- != 0 && s.tx_head != tdt) {
		volatile struct e1000e_tx_desc *d = &q->ring[s.tx_head];
		uint32_t lower = d->lower, len = lower & 0xFFFFF;

		if (lower & E1000E_TXD_DTYP_D) {
			rte_iova_t iova = d->buffer_addr;
			struct pagepool_page *pg =
				pagepool_page_from_iova(s.q->pp.pool, iova);

			FUZZ_CHECK(pg != NULL, "TX descriptor %u: IOVA %#" PRIx64
				   " is no page of the pool", s.tx_head, iova);
			FUZZ_CHECK(iova - pg->iova + len <= s.page_size,
				   "TX descriptor %u: [%" PRIu64 ", +%u) over the "
				   "page", s.tx_head, iova - pg->iova, len);
			FUZZ_CHECK(rte_mbuf_ext_refcnt_read(&pg->shinfo) >= 1,
				   "TX descriptor %u: page not in flight",
				   s.tx_head);
		}
		if (lower & E1000E_TXD_CMD_RS)
			d->upper |= E1000E_TXD_STAT_DD;
		s.tx_head = (uint16_t)((s.tx_head + 1) % q->nb_desc);
	}
}

/* Queue stop and start, as rx_queue_stop/start do it. */
static void
queue_restart(void)
{
	e1000e_rx_queue_reclaim(s.q);
	if (!s.q->pp.frags)
		FUZZ_CHECK(pagepool_in_flight(s.q->pp.pool) ==
			   s.held_pages + s.nb_drained + tx_pages(),
			   "after stop: %u pages in flight, %u held, %u on TX",
			   pagepool_in_flight(s.q->pp.pool),
			   s.held_pages + s.nb_drained, tx_pages());
	memset(s.rec, 0, sizeof(s.rec));
	s.head = 0;
	s.partial = 0;
	/* fails when the pool is drained: the queue then stays stopped */
	s.stopped = e1000e_rx_queue_hw_start(dev, s.q) != 0;
}

static void
fuzz_one(struct fuzz_in *in)
{
	static const uint16_t rings[] = { 32, 64, 128, 32 };
	static const uint16_t mtus[] = { 1500, 9000, 4000, 68 };
	uint8_t cfg = fuzz_u8(in), thresh = fuzz_u8(in), mtu = fuzz_u8(in);
	struct rte_eth_rxconf conf = { .rx_free_thresh = thresh };
	/* the MTU byte's upper bits: TX thresholds (0: the driver's) */
	struct rte_eth_txconf txconf = {
		.tx_rs_thresh = (uint16_t)((mtu >> 2) & 7),
		.tx_free_thresh = (uint16_t)((mtu >> 5) * 8),
	};
	uint16_t nb_desc = rings[(cfg >> 3) & 3];
	struct pagepool_info info;
	char name[PAGEPOOL_NAMESIZE];
	unsigned int ops = 0;

	dev->data->mtu = mtus[mtu & 3];
	ad->devargs.rx_frags = cfg & 1;
	if (cfg & 2)
		conf.offloads |= RTE_ETH_RX_OFFLOAD_IPV4_CKSUM |
				 RTE_ETH_RX_OFFLOAD_TCP_CKSUM;
	if (cfg & 4)
		conf.offloads |= RTE_ETH_RX_OFFLOAD_RSS_HASH;
	switch (cfg >> 5) {
	case 4: ad->devargs.pool_bufs = nb_desc + 1; break;	/* raised to what fits */
	case 5: ad->devargs.pool_bufs = nb_desc + 8; break;
	case 6: ad->devargs.pool_bufs = nb_desc + 40; break;
	default: ad->devargs.pool_bufs = 0; break;		/* 4 x the ring */
	}
	FUZZ_CHECK(e1000e_rx_queue_setup(dev, 0, nb_desc, SOCKET_ID_ANY, &conf,
					 hdr_mp) == 0, "rx_queue_setup");
	s.q = dev->data->rx_queues[0];
	FUZZ_CHECK(e1000e_rx_queue_hw_start(dev, s.q) == 0, "rx_queue_start");
	FUZZ_CHECK(e1000e_tx_queue_setup(dev, 0, nb_desc, SOCKET_ID_ANY,
					 &txconf) == 0, "tx_queue_setup");
	s.tq = dev->data->tx_queues[0];
	e1000e_tx_queue_hw_start(dev, s.tq);
	s.tx_head = 0;
	FUZZ_CHECK(pagepool_info_get(s.q->pp.pool, &info) == 0, "pool info");
	s.page_size = info.page_size;
	s.frags_per_page = info.page_size / s.q->pp.frag_size;
	FUZZ_CHECK(info.nb_pages * s.frags_per_page <= REC_MAX, "%u pages",
		   info.nb_pages);
	snprintf(name, sizeof(name), "%s", pagepool_name(s.q->pp.pool));
	s.head = 0;
	s.partial = s.stopped = 0;
	s.nb_held = s.held_first = s.held_pages = s.nb_drained = 0;
	memset(s.rec, 0, sizeof(s.rec));

	/*
	 * ops: 0-3 NIC write-back, 4-5 burst, 6 free held, 7 drain,
	 * 8 restart, 9 forward to TX, 10 NIC transmits
	 */
	while (!fuzz_done(in) && ops++ < 4096) {
		uint8_t op = fuzz_u8(in);

		switch (op % 11) {
		case 0: case 1: case 2: case 3:
			nic_write(in);
			break;
		case 4: case 5:
			app_burst(fuzz_u8(in));
			break;
		case 6:
			held_free(fuzz_u8(in));
			break;
		case 7:
			app_drain(fuzz_u8(in));
			break;
		case 8:
			queue_restart();
			break;
		case 9:
			app_forward(fuzz_u8(in));
			break;
		case 10:
			nic_tx(fuzz_u8(in));
			break;
		}
	}

	/* everything goes home */
	held_free(HELD_MAX);
	while (s.nb_drained != 0)
		pagepool_put_page(s.drained[--s.nb_drained]);
	e1000e_tx_queue_release(dev, 0); /* what is on the ring goes home */
	s.tq = NULL;
	e1000e_rx_queue_reclaim(s.q);
	FUZZ_CHECK(pagepool_in_flight(s.q->pp.pool) == 0,
		   "%u pages in flight after stop with nothing held",
		   pagepool_in_flight(s.q->pp.pool));
	e1000e_rx_queue_release(dev, 0);
	s.q = NULL;
	FUZZ_CHECK(pagepool_lookup(name) == NULL, "pool %s not freed", name);
	FUZZ_CHECK(rte_mempool_avail_count(hdr_mp) == hdr_total,
		   "header mbufs: %u of %u back", rte_mempool_avail_count(hdr_mp),
		   hdr_total);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { .p = data, .len = size };

	fuzz_one(&in);
	return 0;
}
