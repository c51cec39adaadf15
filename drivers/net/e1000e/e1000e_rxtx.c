/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The pagepool authors
 */

/*
 * net_pp_e1000e data path: RX and TX bursts (mbuf and raw page), then
 * queue setup, start and release.
 *
 * RX: every descriptor always holds one page-pool fragment; the shadow
 * array bufs[] remembers which. A completed descriptor is re-armed at once
 * with a fresh fragment, and its old fragment is attached to a header mbuf
 * without copying. If no fragment or header is available the frame is
 * dropped (nombuf) and the old fragment is re-armed, so the ring never
 * runs dry and the queue resumes by itself when pages come back.
 *
 * TX: extended data descriptors, one per segment, and a context
 * descriptor when the checksum offload layout changes. RS is set on the
 * last descriptor of a packet every rs_thresh descriptors; its index goes
 * into rs_fifo, and when the NIC writes DD there every entry up to it is
 * freed (mbuf segments to their pools, raw pages to their owning pools).
 */

#include <stdlib.h>
#include <string.h>

#include <rte_errno.h>
#include <rte_ether.h>
#include <rte_ip.h>
#include <rte_memzone.h>
#include <rte_net.h>
#include <rte_tcp.h>
#include <rte_udp.h>

#include "e1000e.h"
#include "e1000e_logs.h"

#define E1000E_TX_OFFLOAD_MASK (RTE_MBUF_F_TX_IP_CKSUM | \
				RTE_MBUF_F_TX_L4_MASK |  \
				RTE_MBUF_F_TX_IPV4 |     \
				RTE_MBUF_F_TX_IPV6 |     \
				RTE_MBUF_F_TX_VLAN)
#define E1000E_TX_CSUM_MASK (RTE_MBUF_F_TX_IP_CKSUM | RTE_MBUF_F_TX_L4_MASK)

static inline uint16_t
ring_next(uint16_t i, uint16_t n)
{
	return ++i == n ? 0 : i;
}

/* ---------------------------------------------------------------- RX */

static inline void
rx_arm(struct e1000e_rx_queue *q, uint16_t idx, struct pagepool_page *pg,
       uint32_t off)
{
	volatile union e1000e_rx_desc *d = &q->ring[idx];

	q->bufs[idx].page = pg;
	q->bufs[idx].offset = off;
	d->read.buffer_addr = rte_cpu_to_le_64(ppdrv_rx_buf_iova(&q->pp, pg, off));
	d->read.reserved = 0;
}

/*
 * Re-arm the descriptors consumed since the last refill, oldest first, and
 * give them back to the NIC in batches (one RDT write per free_thresh).
 *
 * Consuming and re-arming are separate so that a frame is delivered even
 * when the pool has no page to replace its buffer: the descriptor waits
 * empty, behind RDT, until pages come back. Dropping the frame instead
 * would deadlock a forwarding loop whose pages sit in a peer's TX ring,
 * because that ring is only reclaimed when it transmits again.
 *
 * @param consumed
 *   descriptors this burst consumed; those that could not be re-armed at
 *   once are counted in nombuf (each one once).
 */
static inline void
rx_refill(struct e1000e_rx_queue *q, uint16_t consumed)
{
	uint16_t i = q->refill, armed = 0;

	q->nb_empty += consumed;
	while (q->nb_empty != 0) {
		struct pagepool_page *pg;
		uint32_t off;

		pg = ppdrv_rx_buf_alloc(&q->pp, &off);
		if (unlikely(pg == NULL))
			break;
		rx_arm(q, i, pg, off);
		i = ring_next(i, q->nb_desc);
		q->nb_empty--;
		armed++;
	}
	q->refill = i;
	if (unlikely(q->nb_empty != 0))
		q->nombuf += RTE_MIN(consumed, q->nb_empty);
	if (armed == 0)
		return;
	q->nb_hold += armed;
	/* short of pages, every re-armed descriptor counts: no batching */
	if (q->nb_hold > q->free_thresh || q->nb_empty != 0 ||
	    consumed == 0) {
		uint16_t rdt = i == 0 ? q->nb_desc - 1 : i - 1;

		/* rte_write32 orders the descriptor stores before it */
		rte_write32(rdt, q->rdt);
		q->nb_hold = 0;
	}
}

static inline uint64_t
rx_ol_flags(const struct e1000e_rx_queue *q, uint32_t se)
{
	uint64_t f = 0;

	if (q->csum) {
		if (se & E1000E_RXD_STAT_IPCS)
			f |= (se & E1000E_RXD_ERR_IPE) ?
				RTE_MBUF_F_RX_IP_CKSUM_BAD :
				RTE_MBUF_F_RX_IP_CKSUM_GOOD;
		if (se & E1000E_RXD_STAT_TCPCS)
			f |= (se & E1000E_RXD_ERR_TCPE) ?
				RTE_MBUF_F_RX_L4_CKSUM_BAD :
				RTE_MBUF_F_RX_L4_CKSUM_GOOD;
	}
	if (se & E1000E_RXD_STAT_VP)
		f |= RTE_MBUF_F_RX_VLAN | RTE_MBUF_F_RX_VLAN_STRIPPED;
	return f;
}

static inline uint32_t
rx_ptype(uint32_t se)
{
	uint32_t t = (se & E1000E_RXD_PKTTYPE_MASK) >> E1000E_RXD_PKTTYPE_SHIFT;
	uint32_t p = RTE_PTYPE_L2_ETHER;
	uint32_t l4 = 0;

	if (t == E1000E_RXD_PKTTYPE_IP4_L4 || t == E1000E_RXD_PKTTYPE_IP6_L4) {
		if (se & E1000E_RXD_STAT_UDPCS)
			l4 = RTE_PTYPE_L4_UDP;
		else if (se & E1000E_RXD_STAT_TCPCS)
			l4 = RTE_PTYPE_L4_TCP;
	}
	if (t == E1000E_RXD_PKTTYPE_IP4 || t == E1000E_RXD_PKTTYPE_IP4_L4)
		p |= RTE_PTYPE_L3_IPV4_EXT_UNKNOWN | l4;
	else if (t == E1000E_RXD_PKTTYPE_IP6 || t == E1000E_RXD_PKTTYPE_IP6_L4)
		p |= RTE_PTYPE_L3_IPV6_EXT_UNKNOWN | l4;
	return p;
}

/*
 * Drop the frame being received: this buffer goes home, so does the chain
 * so far, and the rest of the frame up to EOP (q->drop). Cold: only a bad
 * frame, a faulty device or a shortage of header mbufs gets here.
 */
static __rte_noinline void
rx_drop_frame(struct e1000e_rx_queue *q, struct rte_mbuf **first,
	      struct pagepool_page *pg, uint32_t se)
{
	pagepool_recycle_direct(q->pp.pool, pg);
	if (*first != NULL) {
		rte_pktmbuf_free(*first);
		*first = NULL;
	}
	q->drop = !(se & E1000E_RXD_STAT_EOP);
}

uint16_t
e1000e_recv_pkts(void *rxq, struct rte_mbuf **pkts, uint16_t nb)
{
	struct e1000e_rx_queue *q = rxq;
	struct rte_mbuf *first = q->pkt_first, *last = q->pkt_last;
	uint16_t idx = q->next, nb_rx = 0, done = 0;

	ppdrv_rxq_poll(&q->pp); /* the one ownership call */
	while (nb_rx < nb) {
		volatile union e1000e_rx_desc *d = &q->ring[idx];
		struct e1000e_rx_buf old = q->bufs[idx];
		struct rte_mbuf *m;
		uint32_t se, rss, mrq;
		uint16_t len, vlan;

		se = rte_le_to_cpu_32(d->wb.status_error);
		if (!(se & E1000E_RXD_STAT_DD))
			break;
		rte_io_rmb(); /* the rest of the write-back after DD */
		len = rte_le_to_cpu_16(d->wb.length);
		vlan = rte_le_to_cpu_16(d->wb.vlan);
		rss = rte_le_to_cpu_32(d->wb.rss);
		mrq = rte_le_to_cpu_32(d->wb.mrq);

		/* the buffer leaves the ring; rx_refill() re-arms the slot */
		q->bufs[idx].page = NULL;
		if (unlikely(q->drop)) {
			/* tail of a dropped frame */
			pagepool_recycle_direct(q->pp.pool, old.page);
			q->drop = !(se & E1000E_RXD_STAT_EOP);
			goto next;
		}
		/*
		 * The device is not trusted: a length over the buffer would
		 * make the mbuf describe the next fragment or page, and a
		 * chain with no EOP would hold buffers until the pool is dry.
		 */
		if (unlikely(len > E1000E_RX_BUF_SIZE)) {
			rx_drop_frame(q, &first, old.page, se);
			q->bad_length++;
			goto next;
		}
		if (unlikely(first != NULL && first->nb_segs >= q->max_segs)) {
			rx_drop_frame(q, &first, old.page, se);
			q->too_many_segs++;
			goto next;
		}
		m = ppdrv_rx_mbuf(&q->pp, old.page, old.offset, len);
		if (unlikely(m == NULL)) {
			/* no header mbuf: the frame is dropped, its pages kept */
			rx_drop_frame(q, &first, old.page, se);
			q->nombuf++;
			goto next;
		}
		if (first == NULL) {
			first = m;
		} else {
			last->next = m;
			first->nb_segs++;
			first->pkt_len += len;
		}
		last = m;
		if (!(se & E1000E_RXD_STAT_EOP))
			goto next;

		if (unlikely(se & E1000E_RXD_ERR_FRAME)) {
			/* bad frame: its pages go straight back to the pool */
			rte_pktmbuf_free(first);
			q->desc_errors++;
			first = NULL;
			goto next;
		}
		first->port = q->port_id;
		first->ol_flags |= rx_ol_flags(q, se);
		first->packet_type = rx_ptype(se);
		first->vlan_tci = vlan;
		first->hash.rss = rss;
		if (q->rss && (mrq & E1000E_RXD_MRQ_RSSTYPE_MASK) != 0)
			first->ol_flags |= RTE_MBUF_F_RX_RSS_HASH;
		q->bytes += first->pkt_len;
		pkts[nb_rx++] = first;
		first = NULL;
next:
		idx = ring_next(idx, q->nb_desc);
		done++;
	}
	q->next = idx;
	q->pkt_first = first;
	q->pkt_last = last;
	q->packets += nb_rx;
	if (done != 0 || unlikely(q->nb_empty != 0))
		rx_refill(q, done);
	return nb_rx;
}

uint16_t
e1000e_recv_raw(void *rxq, struct pagepool_buf *bufs, uint16_t nb)
{
	struct e1000e_rx_queue *q = rxq;
	uint16_t idx = q->next, nb_rx = 0, done = 0;

	ppdrv_rxq_poll(&q->pp); /* the one ownership call */
	if (unlikely(q->pkt_first != NULL)) {
		/* a chain left by the mbuf path: drop it and its tail */
		rte_pktmbuf_free(q->pkt_first);
		q->pkt_first = NULL;
		q->drop = 1;
	}
	while (nb_rx < nb) {
		volatile union e1000e_rx_desc *d = &q->ring[idx];
		struct e1000e_rx_buf old = q->bufs[idx];
		struct pagepool_buf *b;
		uint32_t se;
		uint16_t len;
		int eop;

		se = rte_le_to_cpu_32(d->wb.status_error);
		if (!(se & E1000E_RXD_STAT_DD))
			break;
		rte_io_rmb();
		eop = !!(se & E1000E_RXD_STAT_EOP);
		len = rte_le_to_cpu_16(d->wb.length);
		q->bufs[idx].page = NULL; /* rx_refill() re-arms the slot */
		if (unlikely(q->drop || !eop || (se & E1000E_RXD_ERR_FRAME) ||
			     len > E1000E_RX_BUF_SIZE)) {
			/*
			 * Over one buffer, bad, or a length the buffer cannot
			 * hold (device fault): the page goes home, the frame
			 * is counted once.
			 */
			if (!q->drop) {
				if (len > E1000E_RX_BUF_SIZE)
					q->bad_length++;
				else if (!eop)
					q->raw_too_long++;
				else
					q->desc_errors++;
			}
			q->drop = !eop;
			pagepool_recycle_direct(q->pp.pool, old.page);
			goto next;
		}
		b = &bufs[nb_rx];
		ppdrv_rx_raw_buf(&q->pp, b, old.page, old.offset, len);
		b->vlan_tci = rte_le_to_cpu_16(d->wb.vlan);
		b->flags = 0;
		if (q->csum) {
			if ((se & (E1000E_RXD_STAT_IPCS | E1000E_RXD_ERR_IPE)) ==
			    E1000E_RXD_STAT_IPCS)
				b->flags |= PAGEPOOL_BUF_F_L3_CSUM_GOOD;
			if ((se & (E1000E_RXD_STAT_TCPCS | E1000E_RXD_ERR_TCPE)) ==
			    E1000E_RXD_STAT_TCPCS)
				b->flags |= PAGEPOOL_BUF_F_L4_CSUM_GOOD;
			if (se & (E1000E_RXD_ERR_IPE | E1000E_RXD_ERR_TCPE))
				b->flags |= PAGEPOOL_BUF_F_CSUM_BAD;
		}
		q->bytes += b->len;
		nb_rx++;
next:
		idx = ring_next(idx, q->nb_desc);
		done++;
	}
	q->next = idx;
	q->packets += nb_rx;
	if (done != 0 || unlikely(q->nb_empty != 0))
		rx_refill(q, done);
	return nb_rx;
}

/* ---------------------------------------------------------------- TX */

/*
 * Free what the NIC has finished with, up to each RS descriptor done.
 * Pages (of mbufs, or of the raw path) go home in bulk, sorted by pool:
 * one cache copy when this lcore owns their pool, one return-ring enqueue
 * per pool otherwise. Header mbufs go back to their mempools in bulk.
 */
static void
tx_reclaim(struct e1000e_tx_queue *q)
{
	struct pagepool_free_batch fb;

	pagepool_free_batch_init(&fb);
	while (q->rs_count != 0) {
		uint16_t last = q->rs_fifo[q->rs_head];
		uint16_t i = q->clean;

		if (!(rte_le_to_cpu_32(q->ring[last].upper) & E1000E_TXD_STAT_DD))
			break;
		for (;;) {
			struct e1000e_tx_entry *e = &q->sw[i];

			if (e->mbuf != NULL) {
				pagepool_free_batch_seg(&fb, e->mbuf);
				e->mbuf = NULL;
			} else if (e->page != NULL) {
				pagepool_free_batch_page(&fb, e->page);
				e->page = NULL;
			}
			q->nb_free++;
			if (i == last)
				break;
			i = ring_next(i, q->nb_desc);
		}
		q->clean = ring_next(last, q->nb_desc);
		q->rs_head = ring_next(q->rs_head, q->nb_desc);
		q->rs_count--;
	}
	pagepool_free_batch_flush(&fb);
}

/*
 * Reclaim as soon as the oldest RS group is done, not only when the ring
 * runs low: the pages in it belong to an RX pool, often another port's,
 * and that pool is short of whatever waits here (up to a ring-full with
 * lazy reclaim). One descriptor read per burst.
 */
static inline int
tx_group_done(const struct e1000e_tx_queue *q)
{
	return q->rs_count != 0 &&
	       (rte_le_to_cpu_32(q->ring[q->rs_fifo[q->rs_head]].upper) &
		E1000E_TXD_STAT_DD);
}

/** After placing a packet ending at desc last: maybe ask for a DD write-back. */
static inline void
tx_mark_rs(struct e1000e_tx_queue *q, uint16_t last, uint16_t used)
{
	q->since_rs += used;
	if (q->since_rs >= q->rs_thresh) {
		uint16_t slot = q->rs_head + q->rs_count;

		if (slot >= q->nb_desc)
			slot -= q->nb_desc;
		q->ring[last].lower |= rte_cpu_to_le_32(E1000E_TXD_CMD_RS);
		q->rs_fifo[slot] = last;
		q->rs_count++;
		q->since_rs = 0;
	}
}

/** Context descriptor for the checksum layout of m [DS 7.2]. */
static inline void
tx_write_ctx(struct e1000e_tx_queue *q, const struct rte_mbuf *m)
{
	volatile struct e1000e_tx_ctx_desc *c =
		(volatile struct e1000e_tx_ctx_desc *)&q->ring[q->tail];
	uint32_t l2 = m->l2_len, l3 = m->l3_len, tucss = l2 + l3, cmd;
	uint32_t tucso = tucss;

	cmd = E1000E_TXD_CMD_DEXT; /* DTYP 0000b: context */
	if (m->ol_flags & RTE_MBUF_F_TX_IPV4)
		cmd |= E1000E_TXC_TUCMD_IP;
	switch (m->ol_flags & RTE_MBUF_F_TX_L4_MASK) {
	case RTE_MBUF_F_TX_TCP_CKSUM:
		cmd |= E1000E_TXC_TUCMD_TCP;
		tucso += offsetof(struct rte_tcp_hdr, cksum);
		break;
	case RTE_MBUF_F_TX_UDP_CKSUM:
		tucso += offsetof(struct rte_udp_hdr, dgram_cksum);
		break;
	default:
		break;
	}
	c->ip_setup = rte_cpu_to_le_32(l2 |
		(l2 + offsetof(struct rte_ipv4_hdr, hdr_checksum)) << 8 |
		(l2 + l3 - 1) << 16);
	c->tu_setup = rte_cpu_to_le_32(tucss | tucso << 8); /* TUCSE 0: to end */
	c->cmd_and_length = rte_cpu_to_le_32(cmd);
	c->tcp_seg_setup = 0;
	q->sw[q->tail].mbuf = NULL;
	q->sw[q->tail].page = NULL;
	q->tail = ring_next(q->tail, q->nb_desc);
}

uint16_t
e1000e_xmit_pkts(void *txq, struct rte_mbuf **pkts, uint16_t nb)
{
	struct e1000e_tx_queue *q = txq;
	uint16_t nb_tx;

	if (q->nb_free < q->free_thresh || tx_group_done(q))
		tx_reclaim(q);
	for (nb_tx = 0; nb_tx < nb; nb_tx++) {
		struct rte_mbuf *m = pkts[nb_tx], *seg;
		uint64_t ol = m->ol_flags, key = 0;
		uint32_t cmd, upper = 0;
		uint16_t need = m->nb_segs, last = q->tail;

		if (unlikely(need > E1000E_TX_MAX_SEG)) {
			/* cannot be sent: consume it, count it */
			rte_pktmbuf_free(m);
			q->dropped++;
			continue;
		}
		if (ol & E1000E_TX_CSUM_MASK) {
			key = (ol & (E1000E_TX_CSUM_MASK | RTE_MBUF_F_TX_IPV4)) |
			      (m->tx_offload & 0xFFFF); /* l2_len, l3_len */
			if (ol & RTE_MBUF_F_TX_IP_CKSUM)
				upper |= E1000E_TXD_POPTS_IXSM;
			if ((ol & RTE_MBUF_F_TX_L4_MASK) == RTE_MBUF_F_TX_TCP_CKSUM ||
			    (ol & RTE_MBUF_F_TX_L4_MASK) == RTE_MBUF_F_TX_UDP_CKSUM)
				upper |= E1000E_TXD_POPTS_TXSM;
			if (key != q->ctx_key)
				need++;
		}
		if (need > q->nb_free) {
			tx_reclaim(q);
			if (need > q->nb_free)
				break;
		}
		if (key != 0 && key != q->ctx_key) {
			tx_write_ctx(q, m);
			q->ctx_key = key;
		}
		cmd = E1000E_TXD_CMD_DEXT | E1000E_TXD_DTYP_D | E1000E_TXD_CMD_IFCS;
		if (ol & RTE_MBUF_F_TX_VLAN) {
			cmd |= E1000E_TXD_CMD_VLE;
			upper |= (uint32_t)m->vlan_tci << E1000E_TXD_VLAN_SHIFT;
		}
		for (seg = m; seg != NULL; seg = seg->next) {
			volatile struct e1000e_tx_desc *d = &q->ring[q->tail];
			uint32_t c = cmd | seg->data_len;

			if (seg->next == NULL)
				c |= E1000E_TXD_CMD_EOP;
			d->buffer_addr = rte_cpu_to_le_64(rte_mbuf_data_iova(seg));
			d->lower = rte_cpu_to_le_32(c);
			d->upper = rte_cpu_to_le_32(upper);
			q->sw[q->tail].mbuf = seg;
			last = q->tail;
			q->tail = ring_next(q->tail, q->nb_desc);
		}
		q->nb_free -= need;
		q->packets++;
		q->bytes += m->pkt_len;
		tx_mark_rs(q, last, need);
	}
	if (likely(nb_tx != 0))
		rte_write32(q->tail, q->tdt); /* orders the descriptors first */
	return nb_tx;
}

uint16_t
e1000e_prep_pkts(void *txq __rte_unused, struct rte_mbuf **pkts, uint16_t nb)
{
	/* pseudo-header checksum in the L4 header, as the NIC expects */
	return ppdrv_tx_prepare(pkts, nb, E1000E_TX_MAX_SEG,
				E1000E_TX_OFFLOAD_MASK, 0);
}

uint16_t
e1000e_xmit_raw(void *txq, struct pagepool_buf *bufs, uint16_t nb)
{
	struct e1000e_tx_queue *q = txq;
	const uint32_t cmd = E1000E_TXD_CMD_DEXT | E1000E_TXD_DTYP_D |
			     E1000E_TXD_CMD_IFCS | E1000E_TXD_CMD_EOP;
	uint16_t i;

	if (q->nb_free < q->free_thresh || q->nb_free < nb || tx_group_done(q))
		tx_reclaim(q);
	if (nb > q->nb_free)
		nb = q->nb_free;
	for (i = 0; i < nb; i++) {
		volatile struct e1000e_tx_desc *d = &q->ring[q->tail];
		struct pagepool_buf *b = &bufs[i];

		d->buffer_addr = rte_cpu_to_le_64(pagepool_buf_iova(b));
		d->lower = rte_cpu_to_le_32(cmd | b->len);
		d->upper = 0;
		q->sw[q->tail].page = b->page;
		q->sw[q->tail].mbuf = NULL;
		q->bytes += b->len;
		q->nb_free--;
		tx_mark_rs(q, q->tail, 1);
		q->tail = ring_next(q->tail, q->nb_desc);
	}
	if (likely(i != 0)) {
		q->packets += i;
		rte_write32(q->tail, q->tdt);
	}
	return i;
}

/* ------------------------------------------------------- queue control */

static const struct rte_memzone *
ring_alloc(struct rte_eth_dev *dev, const char *name, uint16_t qid,
	   size_t len, unsigned int socket)
{
	/* 4 KiB alignment: RDBAL/TDBAL need 16 bytes, pages are friendlier */
	return rte_eth_dma_zone_reserve(dev, name, qid, len, 4096, socket);
}

static void
rx_queue_free(struct e1000e_rx_queue *q)
{
	if (q == NULL)
		return;
	e1000e_rx_queue_reclaim(q);
	ppdrv_rxq_release(&q->pp);
	rte_memzone_free(q->mz);
	free(q->bufs);
	free(q);
}

void
e1000e_rx_queue_release(struct rte_eth_dev *dev, uint16_t qid)
{
	rx_queue_free(dev->data->rx_queues[qid]);
	dev->data->rx_queues[qid] = NULL;
}

int
e1000e_rx_queue_setup(struct rte_eth_dev *dev, uint16_t qid, uint16_t nb_desc,
		      unsigned int socket, const struct rte_eth_rxconf *conf,
		      struct rte_mempool *mp)
{
	struct e1000e_adapter *ad = E1000E_DEV_PRIVATE(dev);
	struct ppdrv_rxq_conf pc = {
		.drv = "e1000e",
		.port_id = dev->data->port_id,
		.queue_id = qid,
		.nb_desc = nb_desc,
		.buf_size = E1000E_RX_BUF_SIZE,
		.socket_id = (int)socket,
		.hdr_mp = mp,
		.devargs = &ad->devargs,
	};
	struct e1000e_rx_queue *q;
	uint64_t offloads;
	int ret;

	ret = ppdrv_check_primary(dev, "rx_queue_setup");
	if (ret != 0)
		return ret;
	if (nb_desc % E1000E_RING_ALIGN != 0 || nb_desc < E1000E_RING_MIN ||
	    nb_desc > E1000E_RING_MAX) {
		E1000E_LOG(ERR, "nb_desc %u: need a multiple of %u in [%u, %u]",
			   nb_desc, E1000E_RING_ALIGN, E1000E_RING_MIN,
			   E1000E_RING_MAX);
		return -EINVAL;
	}
	if (dev->data->rx_queues[qid] != NULL)
		e1000e_rx_queue_release(dev, qid);

	q = ppdrv_zalloc(sizeof(*q));
	if (q == NULL)
		return -ENOMEM;
	q->nb_desc = nb_desc;
	q->port_id = dev->data->port_id;
	q->queue_id = qid;
	q->free_thresh = conf->rx_free_thresh != 0 ?
			 RTE_MIN(conf->rx_free_thresh, nb_desc / 2) : 32;
	q->rdt = ad->hw + E1000E_RDT(qid);
	offloads = conf->offloads | dev->data->dev_conf.rxmode.offloads;
	q->csum = !!(offloads & (RTE_ETH_RX_OFFLOAD_IPV4_CKSUM |
				 RTE_ETH_RX_OFFLOAD_UDP_CKSUM |
				 RTE_ETH_RX_OFFLOAD_TCP_CKSUM));
	q->rss = !!(offloads & RTE_ETH_RX_OFFLOAD_RSS_HASH);
	q->deferred = conf->rx_deferred_start;

	q->bufs = ppdrv_zalloc(sizeof(q->bufs[0]) * nb_desc);
	q->mz = ring_alloc(dev, "rx_ring", qid,
			   sizeof(union e1000e_rx_desc) * E1000E_RING_MAX,
			   socket);
	if (q->bufs == NULL || q->mz == NULL)
		goto nomem;
	q->ring = q->mz->addr;
	q->ring_iova = q->mz->iova;
	/* descriptors get IOVAs: a ring without one would be DMA'd at random */
	if (q->ring_iova == RTE_BAD_IOVA) {
		E1000E_LOG(ERR, "port %u rxq %u: the ring has no IOVA (EAL memory "
			   "without hugepages in IOVA-as-PA mode?): use "
			   "hugepages or --iova-mode=va", q->port_id, qid);
		rx_queue_free(q);
		return -ENOTSUP;
	}
	pc.gen = ad->pool_gen++;
	ret = ppdrv_rxq_setup(&q->pp, &pc);
	if (ret != 0) {
		rx_queue_free(q);
		return ret;
	}
	dev->data->rx_queues[qid] = q;
	return 0;
nomem:
	rx_queue_free(q);
	return -ENOMEM;
}

/** Return every buffer of the ring and any partial frame to the pool. */
void
e1000e_rx_queue_reclaim(struct e1000e_rx_queue *q)
{
	uint16_t i;

	if (q->pkt_first != NULL) {
		rte_pktmbuf_free(q->pkt_first);
		q->pkt_first = NULL;
		q->pkt_last = NULL;
	}
	for (i = 0; q->bufs != NULL && i < q->nb_desc; i++) {
		if (q->bufs[i].page != NULL) {
			pagepool_put_page(q->bufs[i].page);
			q->bufs[i].page = NULL;
		}
	}
	ppdrv_rxq_stop(&q->pp);
	q->drop = 0;
	q->next = 0;
	q->nb_hold = 0;
	q->refill = 0;
	q->nb_empty = 0;
	q->started = 0;
}

static void
rx_arm_cb(void *ctx, uint16_t idx, struct pagepool_page *pg, uint32_t off)
{
	rx_arm(ctx, idx, pg, off);
}

/**
 * Fill the ring and program the queue registers [DS 4 Receive
 * Initialization], which are written with receive off: the caller clears
 * RCTL.EN first and sets it afterwards (-EBUSY if it is on).
 */
int
e1000e_rx_queue_hw_start(struct rte_eth_dev *dev, struct e1000e_rx_queue *q)
{
	volatile uint8_t *hw = E1000E_DEV_PRIVATE(dev)->hw;
	uint16_t qid = q->queue_id;

	if (e1000e_read(hw, E1000E_RCTL) & E1000E_RCTL_EN) {
		E1000E_LOG(ERR, "port %u rxq %u: receive is on, ring registers "
			   "not written", q->port_id, qid);
		return -EBUSY;
	}

	if (ppdrv_rxq_fill(&q->pp, q->nb_desc, rx_arm_cb, q) != 0) {
		e1000e_rx_queue_reclaim(q);
		return -ENOMEM;
	}
	q->next = 0;
	q->nb_hold = 0;
	q->refill = 0;
	q->nb_empty = 0;
	q->drop = 0;
	q->max_segs = e1000e_rx_max_segs(dev->data->mtu);
	e1000e_write(hw, E1000E_RDBAL(qid), (uint32_t)q->ring_iova);
	e1000e_write(hw, E1000E_RDBAH(qid), (uint32_t)(q->ring_iova >> 32));
	e1000e_write(hw, E1000E_RDLEN(qid),
		     q->nb_desc * sizeof(union e1000e_rx_desc));
	e1000e_write(hw, E1000E_RXDCTL(qid), E1000E_RXDCTL_GRAN);
	e1000e_write(hw, E1000E_RDH(qid), 0);
	e1000e_write(hw, E1000E_RDT(qid), q->nb_desc - 1);
	q->started = 1;
	return 0;
}

static void
tx_queue_free(struct e1000e_tx_queue *q)
{
	if (q == NULL)
		return;
	e1000e_tx_queue_reclaim(q);
	rte_memzone_free(q->mz);
	free(q->sw);
	free(q->rs_fifo);
	free(q);
}

void
e1000e_tx_queue_release(struct rte_eth_dev *dev, uint16_t qid)
{
	tx_queue_free(dev->data->tx_queues[qid]);
	dev->data->tx_queues[qid] = NULL;
}

int
e1000e_tx_queue_setup(struct rte_eth_dev *dev, uint16_t qid, uint16_t nb_desc,
		      unsigned int socket, const struct rte_eth_txconf *conf)
{
	struct e1000e_adapter *ad = E1000E_DEV_PRIVATE(dev);
	struct e1000e_tx_queue *q;
	int ret;

	ret = ppdrv_check_primary(dev, "tx_queue_setup");
	if (ret != 0)
		return ret;
	if (nb_desc % E1000E_RING_ALIGN != 0 || nb_desc < E1000E_RING_MIN ||
	    nb_desc > E1000E_RING_MAX)
		return -EINVAL;
	if (dev->data->tx_queues[qid] != NULL)
		e1000e_tx_queue_release(dev, qid);

	q = ppdrv_zalloc(sizeof(*q));
	if (q == NULL)
		return -ENOMEM;
	q->nb_desc = nb_desc;
	q->port_id = dev->data->port_id;
	q->queue_id = qid;
	q->tdt = ad->hw + E1000E_TDT(qid);
	q->deferred = conf->tx_deferred_start;
	q->rs_thresh = conf->tx_rs_thresh != 0 ?
		       RTE_MIN(conf->tx_rs_thresh, nb_desc / 4) : 32;
	q->free_thresh = conf->tx_free_thresh != 0 ?
			 RTE_MIN(conf->tx_free_thresh, nb_desc / 2) : 64;
	q->sw = ppdrv_zalloc(sizeof(q->sw[0]) * nb_desc);
	q->rs_fifo = ppdrv_zalloc(sizeof(q->rs_fifo[0]) * nb_desc);
	q->mz = ring_alloc(dev, "tx_ring", qid,
			   sizeof(struct e1000e_tx_desc) * E1000E_RING_MAX,
			   socket);
	if (q->sw == NULL || q->rs_fifo == NULL || q->mz == NULL) {
		tx_queue_free(q);
		return -ENOMEM;
	}
	q->ring = q->mz->addr;
	q->ring_iova = q->mz->iova;
	if (q->ring_iova == RTE_BAD_IOVA) {
		E1000E_LOG(ERR, "port %u txq %u: the ring has no IOVA (EAL memory "
			   "without hugepages in IOVA-as-PA mode?): use "
			   "hugepages or --iova-mode=va", q->port_id, qid);
		tx_queue_free(q);
		return -ENOTSUP;
	}
	e1000e_tx_queue_reclaim(q);
	dev->data->tx_queues[qid] = q;
	return 0;
}

/** Free everything still on the ring (NIC stopped) and reset the ring. */
void
e1000e_tx_queue_reclaim(struct e1000e_tx_queue *q)
{
	uint16_t i;

	for (i = 0; q->sw != NULL && i < q->nb_desc; i++) {
		if (q->sw[i].mbuf != NULL)
			rte_pktmbuf_free_seg(q->sw[i].mbuf);
		else if (q->sw[i].page != NULL)
			pagepool_put_page(q->sw[i].page);
		q->sw[i].mbuf = NULL;
		q->sw[i].page = NULL;
	}
	if (q->ring != NULL)
		memset((void *)(uintptr_t)q->ring, 0,
		       sizeof(q->ring[0]) * q->nb_desc);
	q->tail = 0;
	q->clean = 0;
	q->nb_free = q->nb_desc - 1; /* TDT == TDH means empty */
	q->since_rs = 0;
	q->rs_head = 0;
	q->rs_count = 0;
	q->ctx_key = 0;
	q->started = 0;
}

/** Program the queue registers [DS 4 Transmit Initialization]. */
void
e1000e_tx_queue_hw_start(struct rte_eth_dev *dev, struct e1000e_tx_queue *q)
{
	volatile uint8_t *hw = E1000E_DEV_PRIVATE(dev)->hw;
	uint16_t qid = q->queue_id;

	e1000e_write(hw, E1000E_TDBAL(qid), (uint32_t)q->ring_iova);
	e1000e_write(hw, E1000E_TDBAH(qid), (uint32_t)(q->ring_iova >> 32));
	e1000e_write(hw, E1000E_TDLEN(qid),
		     q->nb_desc * sizeof(struct e1000e_tx_desc));
	e1000e_write(hw, E1000E_TDH(qid), 0);
	e1000e_write(hw, E1000E_TDT(qid), 0);
	e1000e_write(hw, E1000E_TXDCTL(qid),
		     e1000e_read(hw, E1000E_TXDCTL(qid)) | E1000E_TXDCTL_GRAN);
	e1000e_write(hw, E1000E_TARC(qid),
		     e1000e_read(hw, E1000E_TARC(qid)) | E1000E_TARC_ENABLE);
	q->started = 1;
}

void
e1000e_rxq_info_get(struct rte_eth_dev *dev, uint16_t qid,
		    struct rte_eth_rxq_info *qinfo)
{
	struct e1000e_rx_queue *q = dev->data->rx_queues[qid];

	qinfo->mp = ppdrv_rxq_mbuf_pool(&q->pp);
	qinfo->nb_desc = q->nb_desc;
	qinfo->scattered_rx = 1;
	qinfo->rx_buf_size = E1000E_RX_BUF_SIZE;
	qinfo->conf.rx_free_thresh = q->free_thresh;
	qinfo->queue_state = q->started ? RTE_ETH_QUEUE_STATE_STARTED :
					  RTE_ETH_QUEUE_STATE_STOPPED;
}

void
e1000e_txq_info_get(struct rte_eth_dev *dev, uint16_t qid,
		    struct rte_eth_txq_info *qinfo)
{
	struct e1000e_tx_queue *q = dev->data->tx_queues[qid];

	qinfo->nb_desc = q->nb_desc;
	qinfo->conf.tx_rs_thresh = q->rs_thresh;
	qinfo->conf.tx_free_thresh = q->free_thresh;
	qinfo->queue_state = q->started ? RTE_ETH_QUEUE_STATE_STARTED :
					  RTE_ETH_QUEUE_STATE_STOPPED;
}
