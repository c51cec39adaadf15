/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The pagepool authors
 */

/*
 * net_pp_virtio data path: RX and TX bursts (mbuf and raw page), then
 * queue setup, start, stop and release, then stats. The layout of an RX
 * buffer and the lifecycle are drawn in virtio_rxtx.h.
 *
 * RX: every posted chain holds `segs` pool buffers (1 with MRG_RXBUF; a
 * jumbo MTU without it chains writable descriptors). A used chain's
 * buffers are attached to header mbufs without a copy and the ring is
 * refilled in bulk afterwards, one notification per burst, so a frame is
 * delivered even when the pool has no page to replace it. With MRG_RXBUF a
 * frame spans num_buffers chains and becomes a chained mbuf, possibly
 * across bursts (pkt_first).
 *
 * The device is not trusted (issue 9): the header is read once, lengths
 * are checked by the virtqueue (PP_VQ_BAD_LEN) and here (shorter than the
 * header, an empty continuation), num_buffers against the MTU and the
 * buffers in flight. A bad frame is counted and dropped; each of its pages
 * goes home exactly once, and when num_buffers was believable the rest of
 * the frame is skipped (skip) rather than read as new frames.
 *
 * TX: one chain per packet, the header first: in the first segment's
 * headroom when that buffer is the packet's alone (the chain then starts
 * 12 bytes early), else in the queue's header slot for the chain id. A
 * used chain's cookie is the packet (or a raw page, tagged in bit 0), and
 * completions go home in bulk through struct pagepool_free_batch.
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

#include <pagepool_mbuf.h>

#include "virtio_logs.h"
#include "virtio_rxtx.h"

/** Most buffers one RX chain may take (jumbo without MRG_RXBUF, frags). */
#define RX_MAX_SEGS	8
/** A TX cookie with bit 0 set is a raw page, not an mbuf. */
#define TX_COOKIE_RAW	((uintptr_t)1)
#define TX_RECLAIM_BURST 32	/* used TX chains taken per read of the ring */
#define RX_USED_BURST	32	/* used RX chains taken per read of the ring */
/** The frame of an MTU plus two VLAN tags and the virtio-net header. */
#define RX_FRAME(mtu)	((uint32_t)(mtu) + RTE_ETHER_HDR_LEN + \
			 2 * RTE_VLAN_HLEN + PP_VIRTIO_HDR_LEN)

static inline uint16_t
div_ceil(uint32_t a, uint32_t b)
{
	return (uint16_t)((a + b - 1) / b);
}

/* ---------------------------------------------------------------- RX */

/* Where the device writes buffer b: the header, right before the frame. */
static inline uint8_t *
rx_buf_va(const struct pp_virtio_rxq *q, const struct pp_virtio_rx_buf *b)
{
	return (uint8_t *)b->pg->addr + b->off + q->pp.headroom -
	       PP_VIRTIO_HDR_LEN;
}

/* The device address of buffer (pg, off): its header, before the frame. */
static inline uint64_t
rx_buf_addr(const struct pp_virtio_rxq *q, const struct pagepool_page *pg,
	    uint32_t off)
{
	return pp_virtio_addr(q->hw, (uint8_t *)pg->addr + off +
			      q->pp.headroom - PP_VIRTIO_HDR_LEN,
			      ppdrv_rx_buf_iova(&q->pp, pg, off) -
			      PP_VIRTIO_HDR_LEN);
}

#define RX_COLOR_ROOM	((PP_VIRTIO_RX_COLORS - 1) * RTE_CACHE_LINE_SIZE)
#define rx_color pp_virtio_rx_color

#define rx_chain_bufs pp_virtio_rx_chain_bufs

/* Post one chain of q->segs buffers (in[]); the ring has room for it. */
static inline void
rx_post(struct pp_virtio_rxq *q, const struct pp_virtio_rx_buf *in)
{
	struct pp_virtio_rx_buf *b = &q->bufs[pp_vq_next_id(q->vq) * q->max_segs];
	struct pp_vq_seg segs[RX_MAX_SEGS];
	uint16_t i;

	for (i = 0; i < q->segs; i++) {
		b[i] = in[i];
		segs[i].addr = rx_buf_addr(q, b[i].pg, b[i].off);
		segs[i].len = q->buf_len;
		segs[i].write = 1;
	}
	pp_vq_add(q->vq, segs, q->segs, q->page_cookie ? (void *)in[0].pg : b);
}

/* Give every buffer of a used chain back (polling lcore: the owner). */
static inline void
rx_put_chain(struct pp_virtio_rxq *q, const struct pp_virtio_rx_buf *b)
{
	uint16_t i;

	for (i = 0; i < q->segs; i++)
		pagepool_recycle_direct(q->pp.pool, b[i].pg);
}

#define RX_REFILL_BURST	32	/* pages taken from the pool at once */

/*
 * rx_refill() of whole pages, one per chain (page_cookie): the pages in
 * bulk from the pool, posted in bulk, each page its chain's cookie.
 * @return chains posted.
 */
static __rte_noinline uint16_t
rx_refill_pages(struct pp_virtio_rxq *q, uint16_t room)
{
	struct pagepool_page *pgs[RX_REFILL_BURST];
	struct pp_vq_seg segs[RX_REFILL_BURST];
	uint32_t len = q->buf_len, hr = q->pp.headroom - PP_VIRTIO_HDR_LEN;
	int use_va = q->hw->use_va;
	uint16_t posted = 0;

	while (room > 0) {
		unsigned int n = RTE_MIN(room, RX_REFILL_BURST), got, i;

		got = pagepool_alloc_bulk(q->pp.pool, pgs, n);
		for (i = 0; i < got; i++) {
			segs[i].addr = (use_va ? (uint64_t)(uintptr_t)pgs[i]->addr :
					(uint64_t)pgs[i]->iova) + hr + rx_color(q, pgs[i]);
			segs[i].len = len;
			segs[i].write = 1;
		}
		pp_vq_add_burst(q->vq, segs, (void *const *)pgs, (uint16_t)got);
		posted += got;
		room -= got;
		if (unlikely(got < n)) {
			q->no_mbuf++;
			break;
		}
	}
	return posted;
}

/*
 * Top the ring up once free_thresh chains are free (default 1: every
 * burst), and notify once. A dry pool leaves the rest empty until a later
 * burst (no_mbuf). Out of line: rx_refill()'s test runs in every poll,
 * this only when there is room.
 */
static __rte_noinline void
rx_refill_do(struct pp_virtio_rxq *q)
{
	struct pp_virtio_rx_buf in[RX_MAX_SEGS];
	uint16_t posted = 0, i;

	if (q->page_cookie) {
		posted = rx_refill_pages(q, pp_vq_free_count(q->vq));
		goto kick;
	}
	while (pp_vq_free_count(q->vq) >= q->segs) {
		for (i = 0; i < q->segs; i++) {
			in[i].pg = ppdrv_rx_buf_alloc(&q->pp, &in[i].off);
			if (unlikely(in[i].pg == NULL))
				break;
		}
		if (unlikely(i < q->segs)) {
			while (i-- > 0)
				pagepool_recycle_direct(q->pp.pool, in[i].pg);
			q->no_mbuf++;
			break;
		}
		rx_post(q, in);
		posted++;
	}
kick:
	if (posted != 0)
		pp_vq_kick(q->vq);
}

static inline void
rx_refill(struct pp_virtio_rxq *q)
{
	if (pp_vq_free_count(q->vq) >= q->refill_min)
		rx_refill_do(q);
}

/*
 * First chain of a frame, used with len bytes: copy and check its header.
 * @return buffers (chains) the frame takes, or 0: dropped, counted, its
 *   pages home, and with a believable num_buffers the rest set to skip.
 */
static inline uint16_t
rx_head(struct pp_virtio_rxq *q, const struct pp_virtio_rx_buf *b,
	uint32_t len, struct pp_virtio_net_hdr *h, uint16_t ahead)
{
	uint16_t nbuf = 1;

	if (unlikely(len < PP_VIRTIO_HDR_LEN)) {
		q->bad_hdr++;
		goto drop;
	}
	/* one read of device-written memory: what is checked is what is used */
	memcpy(h, rx_buf_va(q, b), sizeof(*h));
	if (q->mrg) {
		nbuf = rte_le_to_cpu_16(h->num_buffers);
		/*
		 * the rest must be in flight: num - num_free chains (segs 1),
		 * plus the ahead ones taken from the ring with this one
		 */
		if (unlikely(nbuf == 0 || nbuf > q->max_bufs ||
			     nbuf - 1 > q->vq->num - pp_vq_free_count(q->vq) +
					ahead)) {
			q->bad_num_buffers++;
			goto drop;
		}
	}
	if (unlikely(h->gso_type != PP_VIRTIO_NET_HDR_GSO_NONE)) {
		q->bad_hdr++; /* GSO is never negotiated */
		q->skip = nbuf - 1;
		goto drop;
	}
	if (!q->guest_csum)
		h->flags = 0;
	return nbuf;
drop:
	rx_put_chain(q, b);
	return 0;
}

/*
 * NEEDS_CSUM (spec 5.1.6.4): the device left the L4 checksum partial (the
 * pseudo-header sum) at csum_start + csum_offset. Complete it over the
 * frame, which is ours, so that it leaves this host correct; the frame is
 * then known good. DPDK's net_virtio does the same when it cannot tell the
 * L4 type (else it reports RTE_MBUF_F_RX_L4_CKSUM_NONE, leaving a partial
 * checksum in a frame an application may forward). 0, or -1: the offsets
 * lie outside the frame.
 */
static int
rx_csum_complete(struct rte_mbuf *m, const struct pp_virtio_net_hdr *h)
{
	uint32_t start = rte_le_to_cpu_16(h->csum_start);
	uint32_t at = start + rte_le_to_cpu_16(h->csum_offset);
	uint16_t sum = 0;
	uint8_t *p[2];
	unsigned int i;

	if (at + 2 > m->pkt_len ||
	    rte_raw_cksum_mbuf(m, start, m->pkt_len - start, &sum) != 0)
		return -1;
	sum = (uint16_t)~sum;
	if (sum == 0)
		sum = 0xffff; /* UDP: 0 means none; the same for TCP */
	for (i = 0; i < 2; i++) {
		struct rte_mbuf *s = m;
		uint32_t off = at + i;

		while (off >= s->data_len) {
			off -= s->data_len;
			s = s->next;
		}
		p[i] = rte_pktmbuf_mtod_offset(s, uint8_t *, off);
	}
	*p[0] = ((uint8_t *)&sum)[0];
	*p[1] = ((uint8_t *)&sum)[1];
	return 0;
}

static inline uint16_t
rx_hdr_flags_raw(struct pp_virtio_rxq *q, const struct pp_virtio_net_hdr *h,
		 uint8_t *data, uint16_t len)
{
	uint32_t start = rte_le_to_cpu_16(h->csum_start);
	uint32_t at = start + rte_le_to_cpu_16(h->csum_offset);
	uint16_t sum;

	if (h->flags & PP_VIRTIO_NET_HDR_F_NEEDS_CSUM) {
		if (at + 2 > len)
			return UINT16_MAX;
		sum = (uint16_t)~rte_raw_cksum(data + start, len - start);
		if (sum == 0)
			sum = 0xffff;
		memcpy(data + at, &sum, sizeof(sum));
		q->csum_fixed++;
		return PAGEPOOL_BUF_F_L4_CSUM_GOOD;
	}
	if (h->flags & PP_VIRTIO_NET_HDR_F_DATA_VALID)
		return PAGEPOOL_BUF_F_L4_CSUM_GOOD;
	return 0;
}

/* Drop the frame being assembled (its pages home), and skip its rest. */
static __rte_noinline void
rx_drop_frame(struct pp_virtio_rxq *q, struct rte_mbuf **first,
	      uint16_t *left)
{
	if (*first != NULL) {
		pagepool_mbuf_free(*first);
		*first = NULL;
	}
	q->skip = *left;
	*left = 0;
}

/*
 * Attach the buffers of a used chain to header mbufs: data bytes in all,
 * the first buffer's from the headroom (after the header) when head, the
 * others' from their posted start. Buffers the data does not reach go
 * home. Appends to *first / *last. -1: no header mbuf (the chain's
 * remaining buffers home, the caller drops the frame).
 */
static inline int
rx_attach_chain(struct pp_virtio_rxq *q, const struct pp_virtio_rx_buf *b,
		uint32_t data, int head, struct rte_mbuf **first,
		struct rte_mbuf **last)
{
	uint16_t i;

	for (i = 0; i < q->segs; i++) {
		uint32_t room = q->buf_len - (head && i == 0 ?
					      PP_VIRTIO_HDR_LEN : 0);
		uint16_t n = (uint16_t)RTE_MIN(data, room);
		struct rte_mbuf *m;

		if (n == 0 && (i != 0 || !head)) {
			pagepool_recycle_direct(q->pp.pool, b[i].pg);
			continue;
		}
		m = ppdrv_rx_mbuf(&q->pp, b[i].pg, b[i].off, n);
		if (unlikely(m == NULL)) {
			for (; i < q->segs; i++)
				pagepool_recycle_direct(q->pp.pool, b[i].pg);
			q->no_mbuf++;
			return -1;
		}
		if (!(head && i == 0))
			m->data_off -= PP_VIRTIO_HDR_LEN;
		if (*first == NULL) {
			*first = m;
		} else {
			(*last)->next = m;
			(*first)->nb_segs++;
			(*first)->pkt_len += n;
		}
		*last = m;
		data -= n;
	}
	return 0;
}

/* A frame is complete: checksum flags, or a drop. 0 or -1 (dropped). */
static inline int
rx_finish(struct pp_virtio_rxq *q, struct rte_mbuf *m,
	  const struct pp_virtio_net_hdr *h)
{
	if (unlikely(m->pkt_len < RTE_ETHER_HDR_LEN)) {
		q->bad_len++;
		goto drop;
	}
	m->port = q->port_id;
	m->packet_type = 0;
	if (h->flags & PP_VIRTIO_NET_HDR_F_NEEDS_CSUM) {
		if (unlikely(rx_csum_complete(m, h) != 0)) {
			q->bad_hdr++;
			goto drop;
		}
		q->csum_fixed++;
		m->ol_flags |= RTE_MBUF_F_RX_L4_CKSUM_GOOD;
	} else if (h->flags & PP_VIRTIO_NET_HDR_F_DATA_VALID) {
		m->ol_flags |= RTE_MBUF_F_RX_L4_CKSUM_GOOD;
	}
	q->bytes += m->pkt_len;
	return 0;
drop:
	pagepool_mbuf_free(m);
	return -1;
}

/*
 * Whether a one-buffer frame is the common one both fast paths take: at
 * least an Ethernet header, and a header that says one buffer, no GSO and
 * no checksum flag we would act on. The header is read once from
 * device-written memory: what is checked is what is used.
 */
static inline int
rx_one_ok(const struct pp_virtio_rxq *q, const struct pagepool_page *pg,
	  uint32_t off, uint32_t len)
{
	const uint8_t *dh = (const uint8_t *)pg->addr + off + q->pp.headroom -
			    PP_VIRTIO_HDR_LEN;
	struct pp_virtio_net_hdr h;

	if (unlikely(len < PP_VIRTIO_HDR_LEN + RTE_ETHER_HDR_LEN))
		return 0;
	memcpy(&h, dh, sizeof(h));
	return likely(h.gso_type == PP_VIRTIO_NET_HDR_GSO_NONE) &&
	       (!q->mrg || likely(rte_le_to_cpu_16(h.num_buffers) == 1)) &&
	       (!q->guest_csum || h.flags == 0);
}

/*
 * The common frame (segs 1, nothing pending, not skipping): one buffer
 * whose header says one buffer, no GSO, no checksum flag we would act on,
 * and at least an Ethernet header. Made an mbuf (ppdrv_rx_mbuf()) and returned;
 * NULL: anything else, left to the generic path (which reads and checks
 * the header again on its own, and drops or assembles the frame).
 */
static inline struct rte_mbuf *
rx_one(struct pp_virtio_rxq *q, struct pagepool_page *pg, uint32_t off,
       uint32_t len)
{
	struct rte_mbuf *m;

	if (unlikely(!rx_one_ok(q, pg, off, len)))
		return NULL;
	m = ppdrv_rx_mbuf(&q->pp, pg, off, len - PP_VIRTIO_HDR_LEN);
	if (unlikely(m == NULL))
		return NULL;
	m->port = q->port_id;
	m->packet_type = 0;
	return m;
}

/*
 * The RX burst proper, out of line so that an empty poll (most polls when
 * the device is slower than us) pays neither its register saves nor its
 * stack arrays.
 */
static __rte_noinline uint16_t
rx_burst(struct pp_virtio_rxq *q, struct rte_mbuf **pkts, uint16_t nb)
{
	struct rte_mbuf *first = q->pkt_first, *last = q->pkt_last;
	uint16_t left = q->pkt_left, nb_rx = 0;
	void *used[RX_USED_BURST];
	uint32_t lens[RX_USED_BURST];
	uint16_t got = 0, k = 0;
	uint64_t bytes = 0;

	while (nb_rx < nb) {
		const struct pp_virtio_rx_buf *b;
		struct pp_virtio_rx_buf tmp;
		uint32_t len;
		int r;

		if (k == got) {
			/* one read of the used ring for up to what fits */
			got = pp_vq_get_used_burst(q->vq, used, lens,
					RTE_MIN(nb - nb_rx, RX_USED_BURST));
			k = 0;
			if (got == 0)
				break;
		}
		len = lens[k];
		if (likely(left == 0 && q->skip == 0 && q->segs == 1 &&
			   len != PP_VQ_LEN_BAD)) {
			struct rte_mbuf *m;

			if (q->page_cookie)
				m = rx_one(q, used[k], rx_color(q, used[k]), len);
			else
				m = rx_one(q, ((struct pp_virtio_rx_buf *)
					       used[k])->pg,
					   ((struct pp_virtio_rx_buf *)
					    used[k])->off, len);
			if (likely(m != NULL)) {
				k++;
				bytes += len - PP_VIRTIO_HDR_LEN;
				pkts[nb_rx++] = m;
				continue;
			}
		}
		b = rx_chain_bufs(q, used[k++], &tmp);
		r = PP_VQ_OK;
		if (unlikely(len == PP_VQ_LEN_BAD)) {
			r = PP_VQ_BAD_LEN;
			len = 0;
		}
		if (unlikely(r == PP_VQ_BAD_LEN))
			q->bad_len++;
		if (unlikely(q->skip != 0)) {
			/* the rest of a frame already dropped */
			q->skip--;
			rx_put_chain(q, b);
			continue;
		}
		if (unlikely(r == PP_VQ_BAD_LEN)) {
			rx_put_chain(q, b);
			if (left != 0)
				left--; /* this was one of the frame's */
			rx_drop_frame(q, &first, &left);
			continue;
		}
		if (left == 0) {
			left = rx_head(q, b, len, &q->pkt_hdr, got - k);
			if (unlikely(left == 0))
				continue;
			len -= PP_VIRTIO_HDR_LEN;
			if (unlikely(rx_attach_chain(q, b, len, 1, &first,
						     &last) != 0)) {
				left--;
				rx_drop_frame(q, &first, &left);
				continue;
			}
		} else {
			/* a continuation holds data from its start, never 0 */
			if (unlikely(len == 0)) {
				q->bad_len++;
				rx_put_chain(q, b);
				left--;
				rx_drop_frame(q, &first, &left);
				continue;
			}
			if (unlikely(rx_attach_chain(q, b, len, 0, &first,
						     &last) != 0)) {
				left--;
				rx_drop_frame(q, &first, &left);
				continue;
			}
		}
		if (--left != 0)
			continue; /* more buffers to come */
		if (likely(rx_finish(q, first, &q->pkt_hdr) == 0))
			pkts[nb_rx++] = first;
		first = NULL;
	}
	q->pkt_first = first;
	q->pkt_last = last;
	q->pkt_left = left;
	q->packets += nb_rx;
	q->bytes += bytes;
	rx_refill(q);
	return nb_rx;
}

uint16_t
pp_virtio_recv_pkts(void *rxq, struct rte_mbuf **pkts, uint16_t nb)
{
	struct pp_virtio_rxq *q = rxq;

	if (unlikely(!q->started))
		return 0;
	ppdrv_rxq_poll(&q->pp); /* the one ownership call */
	if (likely(pp_vq_used_pending(q->vq)) && likely(nb != 0))
		return rx_burst(q, pkts, nb);
	/* nothing came: only a ring the pool could not fill needs work */
	rx_refill(q);
	return 0;
}

/*
 * rx_one() for the raw path: the common frame (segs 1, not skipping), one
 * buffer whose header says one buffer, no GSO, no checksum flag we would
 * act on, an Ethernet header at least; its length within the buffer was
 * checked by the virtqueue (len is not PP_VQ_LEN_BAD, posted is buf_len).
 * Described in *o (flags 0) and 1 returned; 0: anything else, left to the
 * generic path, which reads and checks the header again on its own.
 */
static inline int
rx_one_raw(struct pp_virtio_rxq *q, struct pagepool_page *pg, uint32_t off,
	   uint32_t len, struct pagepool_buf *o)
{
	if (unlikely(!rx_one_ok(q, pg, off, len)))
		return 0;
	ppdrv_rx_raw_buf(&q->pp, o, pg, off, (uint16_t)(len - PP_VIRTIO_HDR_LEN));
	o->flags = 0;
	o->vlan_tci = 0;
	return 1;
}

/*
 * One raw frame the fast path left: every check of rx_head(), then the
 * raw path's own (one buffer, an Ethernet header, checksum offsets).
 * 1: described in *o; 0: dropped and counted, its pages home.
 */
static __rte_noinline int
rx_raw_slow(struct pp_virtio_rxq *q, void *cookie, uint32_t len,
	    uint16_t ahead, struct pagepool_buf *o)
{
	struct pp_virtio_net_hdr h;
	struct pp_virtio_rx_buf tmp;
	const struct pp_virtio_rx_buf *b = rx_chain_bufs(q, cookie, &tmp);
	uint16_t nbuf, flags, i;

	if (unlikely(len == PP_VQ_LEN_BAD)) {
		q->bad_len++;
		if (q->skip != 0)
			q->skip--;
		rx_put_chain(q, b);
		return 0;
	}
	if (unlikely(q->skip != 0)) {
		q->skip--;
		rx_put_chain(q, b);
		return 0;
	}
	nbuf = rx_head(q, b, len, &h, ahead);
	if (unlikely(nbuf == 0))
		return 0;
	len -= PP_VIRTIO_HDR_LEN;
	if (unlikely(nbuf > 1 || len > q->buf_len - PP_VIRTIO_HDR_LEN)) {
		q->raw_too_long++;
		q->skip = nbuf - 1;
		rx_put_chain(q, b);
		return 0;
	}
	if (unlikely(len < RTE_ETHER_HDR_LEN)) {
		q->bad_len++;
		rx_put_chain(q, b);
		return 0;
	}
	flags = rx_hdr_flags_raw(q, &h, rx_buf_va(q, b) + PP_VIRTIO_HDR_LEN,
				 (uint16_t)len);
	if (unlikely(flags == UINT16_MAX)) {
		q->bad_hdr++;
		rx_put_chain(q, b);
		return 0;
	}
	for (i = 1; i < q->segs; i++) /* the chain's unused rest */
		pagepool_recycle_direct(q->pp.pool, b[i].pg);
	ppdrv_rx_raw_buf(&q->pp, o, b[0].pg, b[0].off, (uint16_t)len);
	o->flags = flags;
	o->vlan_tci = 0;
	return 1;
}

/* The raw RX burst proper, out of line as rx_burst() is. */
static __rte_noinline uint16_t
rx_burst_raw(struct pp_virtio_rxq *q, struct pagepool_buf *bufs, uint16_t nb)
{
	void *used[RX_USED_BURST];
	uint32_t lens[RX_USED_BURST];
	uint16_t got = 0, k = 0, nb_rx = 0;
	uint64_t bytes = 0;

	if (unlikely(q->pkt_first != NULL || q->pkt_left != 0)) {
		/* a frame left by the mbuf path: drop it and its rest */
		rx_drop_frame(q, &q->pkt_first, &q->pkt_left);
	}
	while (nb_rx < nb) {
		struct pagepool_buf *o = &bufs[nb_rx];
		uint32_t len;

		if (k == got) {
			/* one read of the used ring for up to what fits */
			got = pp_vq_get_used_burst(q->vq, used, lens,
					RTE_MIN(nb - nb_rx, RX_USED_BURST));
			k = 0;
			if (got == 0)
				break;
		}
		len = lens[k];
		if (likely(q->skip == 0 && q->segs == 1 &&
			   len != PP_VQ_LEN_BAD)) {
			struct pp_virtio_rx_buf tmp;
			const struct pp_virtio_rx_buf *b =
				rx_chain_bufs(q, used[k], &tmp);

			if (likely(rx_one_raw(q, b->pg, b->off, len, o))) {
				k++;
				bytes += o->len;
				nb_rx++;
				continue;
			}
		}
		k++;
		if (!rx_raw_slow(q, used[k - 1], len, got - k, o))
			continue;
		bytes += o->len;
		nb_rx++;
	}
	q->packets += nb_rx;
	q->bytes += bytes;
	rx_refill(q);
	return nb_rx;
}

uint16_t
pp_virtio_recv_raw(void *rxq, struct pagepool_buf *bufs, uint16_t nb)
{
	struct pp_virtio_rxq *q = rxq;

	if (unlikely(!q->started))
		return 0;
	ppdrv_rxq_poll(&q->pp); /* the one ownership call */
	if (likely(pp_vq_used_pending(q->vq)) && likely(nb != 0))
		return rx_burst_raw(q, bufs, nb);
	/* nothing came: only a ring the pool could not fill needs work */
	rx_refill(q);
	return 0;
}

/* ---------------------------------------------------------------- TX */

/* Free what a used TX chain carried into the batch. */
static inline void
tx_free_cookie(struct pagepool_free_batch *fb, void *cookie)
{
	struct rte_mbuf *m = cookie;

	if ((uintptr_t)cookie & TX_COOKIE_RAW) {
		pagepool_free_batch_page(fb, (struct pagepool_page *)
					 ((uintptr_t)cookie & ~TX_COOKIE_RAW));
		return;
	}
	while (m != NULL) {
		struct rte_mbuf *next = m->next;

		pagepool_free_batch_seg(fb, m);
		m = next;
	}
}

/* Every chain the device is done with goes home, in bulk. */
static inline void
tx_reclaim(struct pp_virtio_txq *q)
{
	struct pagepool_free_batch fb;
	uint32_t lens[TX_RECLAIM_BURST];
	void *c[TX_RECLAIM_BURST];
	uint16_t n, i;

	if (pp_vq_free_count(q->vq) == q->vq->num)
		return; /* nothing in flight: leave the device's line alone */
	n = pp_vq_get_used_burst(q->vq, c, lens, TX_RECLAIM_BURST);
	if (n == 0)
		return;
	pagepool_free_batch_init(&fb);
	do {
		for (i = 0; i < n; i++) {
			if (unlikely(lens[i] == PP_VQ_LEN_BAD))
				q->bad_len++; /* it wrote into a read-only chain */
			tx_free_cookie(&fb, c[i]);
		}
	} while (n == TX_RECLAIM_BURST &&
		 (n = pp_vq_get_used_burst(q->vq, c, lens,
					   TX_RECLAIM_BURST)) != 0);
	pagepool_free_batch_flush(&fb);
}

/*
 * May the header go into m's headroom? Only if those bytes are m's alone:
 * one reference to the header, and a buffer that is its own (direct), or
 * an external one (a page mbuf, say) with one reference too. An indirect
 * mbuf or a shared buffer may be read by another packet at the same time.
 */
static inline int
tx_can_push(const struct rte_mbuf *m)
{
	return rte_mbuf_refcnt_read(m) == 1 &&
	       rte_pktmbuf_headroom(m) >= PP_VIRTIO_HDR_LEN &&
	       (RTE_MBUF_DIRECT(m) ||
		(!(m->ol_flags & RTE_MBUF_F_INDIRECT) &&
		 rte_mbuf_ext_refcnt_read(m->shinfo) == 1));
}

/*
 * Does a frame of this MTU fit one of q's buffers, with the colours
 * rx_queue_arm() gives whole-page buffers? Then q needs no MRG_RXBUF.
 */
int
pp_virtio_rxq_fits_one(const struct pp_virtio_rxq *q, uint16_t mtu)
{
	uint32_t room = q->buf_full;

	if (!q->pp.frags) {
		if (room <= RX_COLOR_ROOM)
			return 0;
		room -= RX_COLOR_ROOM;
	}
	return RX_FRAME(mtu) <= room;
}

/*
 * The header of a packet on the fast paths (no offload asked): zeros,
 * written only where a byte is not zero already. A frame forwarded from
 * our RX carries the header the device wrote there, in the same line as
 * the frame's first bytes; not writing it keeps that line clean in the
 * back-end's cache, which would otherwise fetch it back from ours with
 * every frame (doc/nics/virtio.md, "The header line"). Without
 * MRG_RXBUF a device has no num_buffers to report (DPDK's vhost leaves
 * it alone), the whole header is zeros and nothing is written, the
 * spec's num_buffers zero (5.1.6.2.1) kept. With MRG_RXBUF it is 1 and
 * gets written, unless hdr_keep: then num_buffers is not looked at, left
 * as found, as DPDK's virtio does.
 */
static inline void
tx_hdr_zero(void *p, uint8_t keep)
{
	uint64_t a;
	uint16_t b, nb;

	memcpy(&a, p, sizeof(a));
	memcpy(&b, (char *)p + 8, sizeof(b));
	memcpy(&nb, (char *)p + 10, sizeof(nb));
	if (keep)
		nb = 0;
	if ((a | b | nb) != 0)
		memset(p, 0, PP_VIRTIO_HDR_LEN);
}

/*
 * The header of m (spec 5.1.6.2): zeros, or a checksum for the device.
 * Without CSUM the device may not be asked (5.1.6.2.1): a packet that
 * asks anyway (tx_prepare refuses it) goes out as it is, as DPDK's
 * virtio does.
 */
static inline void
tx_hdr_fill(struct pp_virtio_net_hdr *h, const struct rte_mbuf *m,
	    uint8_t host_csum)
{
	uint64_t l4 = m->ol_flags & RTE_MBUF_F_TX_L4_MASK;

	memset(h, 0, sizeof(*h));
	if (!host_csum)
		return;
	if (l4 == RTE_MBUF_F_TX_TCP_CKSUM || l4 == RTE_MBUF_F_TX_UDP_CKSUM) {
		h->flags = PP_VIRTIO_NET_HDR_F_NEEDS_CSUM;
		h->csum_start = rte_cpu_to_le_16(m->l2_len + m->l3_len);
		h->csum_offset = rte_cpu_to_le_16(l4 == RTE_MBUF_F_TX_TCP_CKSUM ?
				offsetof(struct rte_tcp_hdr, cksum) :
				offsetof(struct rte_udp_hdr, dgram_cksum));
	}
}

#define TX_FAST_BURST	32	/* one-descriptor packets posted at once */

/*
 * The common packet: one segment, no offload, its headroom its own: the
 * header (all zeros) goes there and the packet takes one descriptor.
 */
static inline int
tx_fast(const struct rte_mbuf *m)
{
	return m->nb_segs == 1 && !(m->ol_flags & RTE_MBUF_F_TX_L4_MASK) &&
	       tx_can_push(m);
}

uint16_t
pp_virtio_xmit_pkts(void *txq, struct rte_mbuf **pkts, uint16_t nb)
{
	struct pp_virtio_txq *q = txq;
	struct pp_vq_seg segs[PP_VIRTIO_TX_MAX_SEGS];
	struct pp_vq_seg fast[TX_FAST_BURST];
	void *fast_m[TX_FAST_BURST];
	uint16_t i, sent = 0, nf = 0, room;
	uint64_t bytes = 0;
	int use_va;

	if (unlikely(!q->started))
		return 0;
	tx_reclaim(q);
	use_va = q->hw->use_va;
	room = pp_vq_free_count(q->vq);
	for (i = 0; i < nb; i++) {
		struct rte_mbuf *m = pkts[i], *s;
		struct pp_virtio_net_hdr *h;
		int push;
		uint32_t need;
		uint16_t n = 1;

		if (likely(tx_fast(m))) {
			if (unlikely(room == 0)) {
				q->ring_full += nb - i;
				break;
			}
			h = rte_pktmbuf_mtod_offset(m, struct pp_virtio_net_hdr *,
						    -(int)PP_VIRTIO_HDR_LEN);
			tx_hdr_zero(h, q->hdr_keep);
			fast[nf].addr = use_va ? (uint64_t)(uintptr_t)h :
				rte_mbuf_data_iova(m) - PP_VIRTIO_HDR_LEN;
			fast[nf].len = PP_VIRTIO_HDR_LEN + m->data_len;
			fast[nf].write = 0;
			fast_m[nf++] = m;
			room--;
			bytes += m->pkt_len;
			if (unlikely(nf == TX_FAST_BURST)) {
				pp_vq_add_burst(q->vq, fast, fast_m, nf);
				sent += nf;
				nf = 0;
			}
			continue;
		}
		/* the packets before this one first: the ring keeps the order */
		pp_vq_add_burst(q->vq, fast, fast_m, nf);
		sent += nf;
		nf = 0;
		push = tx_can_push(m);
		need = (uint32_t)m->nb_segs + !push;
		if (unlikely(need > PP_VIRTIO_TX_MAX_SEGS || need > q->nb_desc)) {
			/* can never be sent: consume it, count it */
			pagepool_mbuf_free(m);
			q->errors++;
			continue;
		}
		if (pp_vq_free_count(q->vq) < need) {
			q->ring_full += nb - i;
			break;
		}
		if (push) {
			h = rte_pktmbuf_mtod_offset(m, struct pp_virtio_net_hdr *,
						    -(int)PP_VIRTIO_HDR_LEN);
			segs[0].addr = pp_virtio_addr(q->hw, h,
				rte_mbuf_data_iova(m) - PP_VIRTIO_HDR_LEN);
			segs[0].len = PP_VIRTIO_HDR_LEN + m->data_len;
			s = m->next;
		} else {
			uint16_t id = pp_vq_next_id(q->vq);

			h = &q->hdrs[id];
			segs[0].addr = q->hdrs_addr + (uint64_t)id * sizeof(*h);
			segs[0].len = PP_VIRTIO_HDR_LEN;
			s = m;
			q->hdr_slot++;
		}
		segs[0].write = 0;
		tx_hdr_fill(h, m, q->host_csum);
		for (; s != NULL; s = s->next, n++) {
			segs[n].addr = pp_virtio_addr(q->hw,
				rte_pktmbuf_mtod(s, void *), rte_mbuf_data_iova(s));
			segs[n].len = s->data_len;
			segs[n].write = 0;
		}
		pp_vq_add(q->vq, segs, n, m);
		bytes += m->pkt_len;
		sent++;
		room = pp_vq_free_count(q->vq);
	}
	pp_vq_add_burst(q->vq, fast, fast_m, nf);
	sent += nf;
	if (sent != 0) {
		q->packets += sent;
		q->bytes += bytes;
		pp_vq_kick(q->vq);
	}
	return i;
}

uint16_t
pp_virtio_prep_pkts(void *txq, struct rte_mbuf **pkts, uint16_t nb)
{
	const struct pp_virtio_txq *q = txq;

	/* one descriptor goes to the header; NEEDS_CSUM wants the
	 * pseudo-header sum in the L4 field, so the L3 type must be known;
	 * the header has no way to ask for SCTP; without CSUM (the TX
	 * checksum offloads not enabled) no checksum can be asked at all */
	return ppdrv_tx_prepare(pkts, nb, PP_VIRTIO_TX_MAX_SEGS - 1,
				(q->host_csum ? RTE_MBUF_F_TX_L4_MASK : 0) |
				RTE_MBUF_F_TX_IPV4 | RTE_MBUF_F_TX_IPV6,
				PPDRV_TXP_L4_NEEDS_L3 | PPDRV_TXP_NO_SCTP);
}

uint16_t
pp_virtio_xmit_raw(void *txq, struct pagepool_buf *bufs, uint16_t nb)
{
	struct pp_virtio_txq *q = txq;
	struct pp_vq_seg fast[TX_FAST_BURST];
	void *fast_c[TX_FAST_BURST];
	uint16_t i, nf = 0, room;
	uint64_t bytes = 0;
	int use_va;

	if (unlikely(!q->started))
		return 0;
	tx_reclaim(q);
	use_va = q->hw->use_va;
	room = pp_vq_free_count(q->vq);
	for (i = 0; i < nb; i++) {
		struct pagepool_buf *b = &bufs[i];
		uint8_t *data = pagepool_buf_data(b);
		rte_iova_t iova = pagepool_buf_iova(b);
		struct pp_vq_seg segs[2];
		uint16_t id;

		if (likely(b->data_off >= PP_VIRTIO_HDR_LEN)) {
			/* the headroom is the buffer's (pagepool_raw.h):
			 * one descriptor, posted with the others at once */
			if (unlikely(room == 0))
				break;
			tx_hdr_zero(data - PP_VIRTIO_HDR_LEN, q->hdr_keep);
			fast[nf].addr = use_va ?
				(uint64_t)(uintptr_t)(data - PP_VIRTIO_HDR_LEN) :
				iova - PP_VIRTIO_HDR_LEN;
			fast[nf].len = PP_VIRTIO_HDR_LEN + b->len;
			fast[nf].write = 0;
			fast_c[nf++] = (void *)((uintptr_t)b->page | TX_COOKIE_RAW);
			room--;
			bytes += b->len;
			if (unlikely(nf == TX_FAST_BURST)) {
				pp_vq_add_burst(q->vq, fast, fast_c, nf);
				nf = 0;
			}
			continue;
		}
		/* the buffers before this one first: the ring keeps the order */
		pp_vq_add_burst(q->vq, fast, fast_c, nf);
		nf = 0;
		if (pp_vq_free_count(q->vq) < 2)
			break;
		id = pp_vq_next_id(q->vq);
		memset(&q->hdrs[id], 0, sizeof(q->hdrs[id]));
		segs[0].addr = q->hdrs_addr + (uint64_t)id * sizeof(q->hdrs[0]);
		segs[0].len = PP_VIRTIO_HDR_LEN;
		segs[0].write = 0;
		segs[1].addr = pp_virtio_addr(q->hw, data, iova);
		segs[1].len = b->len;
		segs[1].write = 0;
		q->hdr_slot++;
		pp_vq_add(q->vq, segs, 2,
			  (void *)((uintptr_t)b->page | TX_COOKIE_RAW));
		bytes += b->len;
		room = pp_vq_free_count(q->vq);
	}
	pp_vq_add_burst(q->vq, fast, fast_c, nf);
	if (i < nb)
		q->ring_full += nb - i;
	if (i != 0) {
		q->packets += i;
		q->bytes += bytes;
		pp_vq_kick(q->vq);
	}
	return i;
}

static struct pagepool *
raw_rxq_pool(uint16_t port_id, uint16_t qid)
{
	return ppdrv_rxq_pool_of(port_id, qid,
				 offsetof(struct pp_virtio_rxq, pp));
}

const struct pagepool_raw_ops pp_virtio_raw_ops = {
	.rx_burst = pp_virtio_recv_raw,
	.tx_burst = pp_virtio_xmit_raw,
	.rxq_pool = raw_rxq_pool,
};

/* ------------------------------------------------------- queue control */

/*
 * Ring size for virtqueue vqi: nb_desc (0: the default), at most what the
 * device offers, a power of two for a split ring. 0 if there is no queue.
 */
static uint16_t
ring_size(struct pp_virtio_hw *hw, uint16_t vqi, uint16_t nb_desc)
{
	uint16_t max = hw->ops->queue_max(hw, vqi);
	uint32_t n = nb_desc != 0 ? nb_desc : PP_VIRTIO_RING_DEFAULT;

	if (max == 0)
		return 0;
	n = RTE_MIN(n, max);
	if (!pp_virtio_has(hw, PP_VIRTIO_F_RING_PACKED))
		n = rte_align32prevpow2(n);
	return (uint16_t)n;
}

static struct pp_vq *
vq_create(struct pp_virtio_hw *hw, uint16_t vqi, uint16_t num, int socket)
{
	return pp_vq_create(hw, vqi, num,
			    pp_virtio_has(hw, PP_VIRTIO_F_RING_PACKED),
			    pp_virtio_has(hw, PP_VIRTIO_F_EVENT_IDX), socket);
}

static void
rx_drain_cb(void *ctx, void *cookie)
{
	const struct pp_virtio_rxq *q = ctx;
	struct pp_virtio_rx_buf tmp;
	const struct pp_virtio_rx_buf *b = rx_chain_bufs(q, cookie, &tmp);
	uint16_t i;

	for (i = 0; i < q->segs; i++)
		pagepool_put_page(b[i].pg);
}

/* The device no longer touches the queue: every buffer goes home. */
static void
rx_reclaim(struct pp_virtio_rxq *q)
{
	if (q->pkt_first != NULL)
		pagepool_mbuf_free(q->pkt_first);
	q->pkt_first = NULL;
	q->pkt_last = NULL;
	q->pkt_left = 0;
	q->skip = 0;
	if (q->vq != NULL)
		pp_vq_drain(q->vq, rx_drain_cb, q);
	ppdrv_rxq_stop(&q->pp);
	q->started = 0;
}

static void
rx_queue_free(struct pp_virtio_rxq *q)
{
	if (q == NULL)
		return;
	rx_reclaim(q);
	if (q->vq != NULL)
		pp_vq_free(q->vq);
	ppdrv_rxq_release(&q->pp);
	if (q->hw->ops->mem_update != NULL)
		q->hw->ops->mem_update(q->hw); /* a pool is gone */
	free(q->bufs);
	free(q);
}

void
pp_virtio_rx_queue_release(struct rte_eth_dev *dev, uint16_t qid)
{
	rx_queue_free(dev->data->rx_queues[qid]);
	dev->data->rx_queues[qid] = NULL;
}

int
pp_virtio_rx_queue_setup(struct rte_eth_dev *dev, uint16_t qid,
			 uint16_t nb_desc, unsigned int socket,
			 const struct rte_eth_rxconf *conf,
			 struct rte_mempool *mp, const struct ppdrv_devargs *da)
{
	struct pp_virtio_hw *hw = pp_virtio_hw_of(dev);
	uint16_t vqi = PP_VIRTIO_RXQ_IDX(qid);
	struct ppdrv_rxq_conf pc = {
		.drv = "virtio",
		.port_id = dev->data->port_id,
		.queue_id = qid,
		.buf_size = PP_VIRTIO_RX_FRAG_BUF,
		.socket_id = (int)socket,
		.hdr_mp = mp,
		.devargs = da,
	};
	static uint32_t gen;
	struct pp_virtio_rxq *q;
	uint16_t num;
	int ret;

	ret = ppdrv_check_primary(dev, "rx_queue_setup");
	if (ret != 0)
		return ret;
	num = ring_size(hw, vqi, nb_desc);
	if (num == 0) {
		PP_VIRTIO_LOG(ERR, "%s: rxq %u: the device has no virtqueue %u",
			      hw->name, qid, vqi);
		return -EINVAL;
	}
	if (dev->data->rx_queues[qid] != NULL)
		pp_virtio_rx_queue_release(dev, qid);

	q = ppdrv_zalloc(sizeof(*q));
	if (q == NULL)
		return -ENOMEM;
	q->hw = hw;
	q->nb_desc = num;
	q->port_id = dev->data->port_id;
	q->queue_id = qid;
	q->deferred = conf->rx_deferred_start;
	q->free_thresh = conf->rx_free_thresh;
	pc.nb_desc = num;
	pc.gen = __atomic_fetch_add(&gen, 1, __ATOMIC_RELAXED);
	ret = ppdrv_rxq_setup(&q->pp, &pc);
	if (ret != 0) {
		free(q);
		return ret;
	}
	if (q->pp.headroom < PP_VIRTIO_HDR_LEN) {
		ret = -EINVAL; /* nowhere to put the header */
		goto fail;
	}
	q->buf_full = q->pp.frag_size - q->pp.headroom + PP_VIRTIO_HDR_LEN;
	q->buf_len = q->buf_full;
	q->max_segs = div_ceil(RX_FRAME(PP_VIRTIO_MTU_MAX), q->buf_len);
	RTE_VERIFY(q->max_segs <= RX_MAX_SEGS);
	q->bufs = ppdrv_zalloc(sizeof(q->bufs[0]) * num * q->max_segs);
	q->vq = vq_create(hw, vqi, num, (int)socket);
	if (q->bufs == NULL || q->vq == NULL) {
		ret = q->vq == NULL ? -rte_errno : -ENOMEM;
		goto fail;
	}
	if (hw->ops->mem_update != NULL) {
		ret = hw->ops->mem_update(hw); /* a new pool to describe */
		if (ret != 0)
			goto fail;
	}
	dev->data->rx_queues[qid] = q;
	return 0;
fail:
	PP_VIRTIO_LOG(ERR, "%s: rxq %u: %s", hw->name, qid, rte_strerror(-ret));
	rx_queue_free(q);
	return ret;
}

struct rx_fill {
	struct pp_virtio_rxq *q;
	uint16_t n;
	struct pp_virtio_rx_buf pend[RX_MAX_SEGS];
};

static void
rx_fill_arm(void *ctx, uint16_t idx __rte_unused, struct pagepool_page *pg,
	    uint32_t off)
{
	struct rx_fill *f = ctx;

	f->pend[f->n].pg = pg;
	f->pend[f->n].off = f->q->page_cookie ? rx_color(f->q, pg) : off;
	if (++f->n == f->q->segs) {
		rx_post(f->q, f->pend);
		f->n = 0;
	}
}

/*
 * Size the chains for the MTU and features, fill the whole ring. The
 * queue is drained (as set up, or stopped). 0, -EINVAL or -ENOMEM.
 */
static int
rx_queue_arm(struct rte_eth_dev *dev, struct pp_virtio_rxq *q)
{
	uint16_t mtu = dev->data->mtu, need, chains;
	struct rx_fill f = { .q = q };

	if (mtu > PP_VIRTIO_MTU_MAX) {
		PP_VIRTIO_LOG(ERR, "%s: rxq %u: MTU %u over %u", q->hw->name,
			      q->queue_id, mtu, PP_VIRTIO_MTU_MAX);
		return -EINVAL;
	}
	q->mrg = pp_virtio_has(q->hw, PP_VIRTIO_NET_F_MRG_RXBUF);
	q->guest_csum = pp_virtio_has(q->hw, PP_VIRTIO_NET_F_GUEST_CSUM);
	q->buf_len = q->buf_full;	/* less the colours, below */
	need = div_ceil(RX_FRAME(mtu), q->buf_len);
	q->max_bufs = need;
	/* without MRG_RXBUF a frame takes one chain: chain enough buffers */
	q->segs = q->mrg ? 1 : need;
	chains = q->nb_desc / q->segs;
	if (chains == 0)
		return -EINVAL;
	/* by default every burst tops the ring up: the device never waits */
	if (q->free_thresh == 0 || q->free_thresh > chains / 2)
		q->free_thresh = 1;
	q->refill_min = q->free_thresh * q->segs;
	/* whole pages one per chain: the page is the cookie, no bufs[] */
	q->page_cookie = !q->pp.frags && q->segs == 1;
	/* colours take room from every buffer: only where a frame still fits
	 * one buffer, or spans several anyway (MRG_RXBUF) */
	q->colors = q->page_cookie &&
		    (q->mrg || RX_FRAME(mtu) <= q->buf_len - RX_COLOR_ROOM);
	if (q->colors) {
		q->buf_len -= RX_COLOR_ROOM;
		q->max_bufs = div_ceil(RX_FRAME(mtu), q->buf_len);
	}
	q->pkt_first = NULL;
	q->pkt_left = 0;
	q->skip = 0;
	if (ppdrv_rxq_fill(&q->pp, chains * q->segs, rx_fill_arm, &f) != 0) {
		while (f.n-- > 0)
			pagepool_put_page(f.pend[f.n].pg);
		rx_reclaim(q);
		return -ENOMEM;
	}
	return 0;
}

static void
tx_drain_cb(void *ctx, void *cookie)
{
	tx_free_cookie(ctx, cookie);
}

static void
tx_reclaim_all(struct pp_virtio_txq *q)
{
	struct pagepool_free_batch fb;

	pagepool_free_batch_init(&fb);
	if (q->vq != NULL)
		pp_vq_drain(q->vq, tx_drain_cb, &fb);
	pagepool_free_batch_flush(&fb);
	q->started = 0;
}

static void
tx_queue_free(struct pp_virtio_txq *q)
{
	if (q == NULL)
		return;
	tx_reclaim_all(q);
	if (q->vq != NULL)
		pp_vq_free(q->vq);
	if (q->hdr_mz != NULL)
		rte_memzone_free(q->hdr_mz);
	free(q);
}

void
pp_virtio_tx_queue_release(struct rte_eth_dev *dev, uint16_t qid)
{
	tx_queue_free(dev->data->tx_queues[qid]);
	dev->data->tx_queues[qid] = NULL;
}

int
pp_virtio_tx_queue_setup(struct rte_eth_dev *dev, uint16_t qid,
			 uint16_t nb_desc, unsigned int socket,
			 const struct rte_eth_txconf *conf)
{
	struct pp_virtio_hw *hw = pp_virtio_hw_of(dev);
	uint16_t vqi = PP_VIRTIO_TXQ_IDX(qid);
	struct pp_virtio_txq *q;
	uint16_t num;
	int ret;

	ret = ppdrv_check_primary(dev, "tx_queue_setup");
	if (ret != 0)
		return ret;
	num = ring_size(hw, vqi, nb_desc);
	if (num == 0) {
		PP_VIRTIO_LOG(ERR, "%s: txq %u: the device has no virtqueue %u",
			      hw->name, qid, vqi);
		return -EINVAL;
	}
	if (dev->data->tx_queues[qid] != NULL)
		pp_virtio_tx_queue_release(dev, qid);

	q = ppdrv_zalloc(sizeof(*q));
	if (q == NULL)
		return -ENOMEM;
	q->hw = hw;
	q->nb_desc = num;
	q->port_id = dev->data->port_id;
	q->queue_id = qid;
	q->deferred = conf->tx_deferred_start;
	/* the device reads the header slots: EAL memory with an IOVA */
	q->hdr_mz = rte_eth_dma_zone_reserve(dev, "pp_vtx_hdr", qid,
			sizeof(q->hdrs[0]) * num, RTE_CACHE_LINE_SIZE, socket);
	q->vq = vq_create(hw, vqi, num, (int)socket);
	if (q->hdr_mz == NULL || q->vq == NULL) {
		ret = q->vq == NULL ? -rte_errno : -ENOMEM;
		goto fail;
	}
	if (!hw->use_va && q->hdr_mz->iova == RTE_BAD_IOVA) {
		ret = -ENOTSUP; /* IOVA-as-PA without hugepages */
		goto fail;
	}
	q->hdrs = q->hdr_mz->addr;
	q->hdrs_addr = pp_virtio_addr(hw, q->hdr_mz->addr, q->hdr_mz->iova);
	dev->data->tx_queues[qid] = q;
	return 0;
fail:
	PP_VIRTIO_LOG(ERR, "%s: txq %u: %s", hw->name, qid, rte_strerror(-ret));
	tx_queue_free(q);
	return ret;
}

/* Give a filled (RX) or empty (TX) queue to the device. */
static int
vq_give(struct pp_virtio_hw *hw, struct pp_vq *vq)
{
	int ret = hw->ops->queue_setup(hw, vq);

	if (ret != 0)
		PP_VIRTIO_LOG(ERR, "%s: virtqueue %u: the transport refused "
			      "it: %s", hw->name, vq->index,
			      rte_strerror(-ret));
	return ret;
}

/* What a TX queue takes from the features negotiated at this start. */
static void
tx_queue_arm(struct pp_virtio_txq *q)
{
	q->host_csum = pp_virtio_has(q->hw, PP_VIRTIO_NET_F_CSUM);
	q->hdr_keep = q->hw->tx_hdr_keep;
}

int
pp_virtio_queues_start(struct rte_eth_dev *dev)
{
	struct pp_virtio_hw *hw = pp_virtio_hw_of(dev);
	uint16_t i;
	int ret;

	for (i = 0; i < dev->data->nb_rx_queues; i++) {
		struct pp_virtio_rxq *q = dev->data->rx_queues[i];

		if (q == NULL)
			return -EINVAL;
		if (q->deferred)
			continue;
		ret = rx_queue_arm(dev, q);
		if (ret == 0)
			ret = vq_give(hw, q->vq);
		if (ret != 0)
			return ret;
		q->started = 1;
		dev->data->rx_queue_state[i] = RTE_ETH_QUEUE_STATE_STARTED;
	}
	for (i = 0; i < dev->data->nb_tx_queues; i++) {
		struct pp_virtio_txq *q = dev->data->tx_queues[i];

		if (q == NULL)
			return -EINVAL;
		if (q->deferred)
			continue;
		tx_queue_arm(q);
		ret = vq_give(hw, q->vq);
		if (ret != 0)
			return ret;
		q->started = 1;
		dev->data->tx_queue_state[i] = RTE_ETH_QUEUE_STATE_STARTED;
	}
	return 0;
}

void
pp_virtio_queues_kick(struct rte_eth_dev *dev)
{
	uint16_t i;

	for (i = 0; i < dev->data->nb_rx_queues; i++) {
		struct pp_virtio_rxq *q = dev->data->rx_queues[i];

		if (q != NULL && q->started)
			pp_vq_kick(q->vq);
	}
}

void
pp_virtio_queues_stop(struct rte_eth_dev *dev)
{
	uint16_t i;

	for (i = 0; i < dev->data->nb_rx_queues; i++) {
		if (dev->data->rx_queues[i] != NULL)
			rx_reclaim(dev->data->rx_queues[i]);
		dev->data->rx_queue_state[i] = RTE_ETH_QUEUE_STATE_STOPPED;
	}
	for (i = 0; i < dev->data->nb_tx_queues; i++) {
		if (dev->data->tx_queues[i] != NULL)
			tx_reclaim_all(dev->data->tx_queues[i]);
		dev->data->tx_queue_state[i] = RTE_ETH_QUEUE_STATE_STOPPED;
	}
}

int
pp_virtio_rx_queue_start(struct rte_eth_dev *dev, uint16_t qid)
{
	struct pp_virtio_rxq *q = dev->data->rx_queues[qid];
	int ret;

	if (q == NULL)
		return -EINVAL;
	if (q->started)
		return 0;
	ret = rx_queue_arm(dev, q);
	if (ret != 0)
		return ret;
	ret = vq_give(q->hw, q->vq);
	if (ret != 0) {
		rx_reclaim(q);
		return ret;
	}
	q->started = 1;
	pp_vq_kick(q->vq);
	dev->data->rx_queue_state[qid] = RTE_ETH_QUEUE_STATE_STARTED;
	return 0;
}

/*
 * Queue stop: take a started queue back from the device before its
 * buffers are recycled. If the transport keeps it, the device may still
 * write: the buffers stay posted and the error goes up.
 */
static int
vq_take_back(struct pp_virtio_hw *hw, struct pp_vq *vq, uint8_t started,
	     char dir, uint16_t qid)
{
	int ret;

	if (!started)
		return 0;
	ret = hw->ops->queue_release(hw, vq);
	if (ret != 0)
		PP_VIRTIO_LOG(ERR, "%s: %cxq %u: the transport kept the queue: %s",
			      hw->name, dir, qid, rte_strerror(-ret));
	return ret;
}

int
pp_virtio_rx_queue_stop(struct rte_eth_dev *dev, uint16_t qid)
{
	struct pp_virtio_rxq *q = dev->data->rx_queues[qid];
	int ret;

	if (q == NULL)
		return -EINVAL;
	ret = vq_take_back(q->hw, q->vq, q->started, 'r', qid);
	if (ret != 0)
		return ret;
	rx_reclaim(q);
	dev->data->rx_queue_state[qid] = RTE_ETH_QUEUE_STATE_STOPPED;
	return 0;
}

int
pp_virtio_tx_queue_start(struct rte_eth_dev *dev, uint16_t qid)
{
	struct pp_virtio_txq *q = dev->data->tx_queues[qid];
	int ret;

	if (q == NULL)
		return -EINVAL;
	if (q->started)
		return 0;
	tx_queue_arm(q);
	ret = vq_give(q->hw, q->vq);
	if (ret != 0)
		return ret;
	q->started = 1;
	dev->data->tx_queue_state[qid] = RTE_ETH_QUEUE_STATE_STARTED;
	return 0;
}

int
pp_virtio_tx_queue_stop(struct rte_eth_dev *dev, uint16_t qid)
{
	struct pp_virtio_txq *q = dev->data->tx_queues[qid];
	int ret;

	if (q == NULL)
		return -EINVAL;
	ret = vq_take_back(q->hw, q->vq, q->started, 't', qid);
	if (ret != 0)
		return ret;
	tx_reclaim_all(q);
	dev->data->tx_queue_state[qid] = RTE_ETH_QUEUE_STATE_STOPPED;
	return 0;
}

void
pp_virtio_rxq_info_get(struct rte_eth_dev *dev, uint16_t qid,
		       struct rte_eth_rxq_info *qinfo)
{
	struct pp_virtio_rxq *q = dev->data->rx_queues[qid];

	qinfo->mp = ppdrv_rxq_mbuf_pool(&q->pp);
	qinfo->nb_desc = q->nb_desc;
	qinfo->scattered_rx = 1;
	qinfo->rx_buf_size = (uint16_t)(q->buf_len - PP_VIRTIO_HDR_LEN);
	qinfo->conf.rx_free_thresh = q->free_thresh;
	qinfo->conf.rx_deferred_start = q->deferred;
	qinfo->queue_state = q->started ? RTE_ETH_QUEUE_STATE_STARTED :
					  RTE_ETH_QUEUE_STATE_STOPPED;
}

void
pp_virtio_txq_info_get(struct rte_eth_dev *dev, uint16_t qid,
		       struct rte_eth_txq_info *qinfo)
{
	struct pp_virtio_txq *q = dev->data->tx_queues[qid];

	qinfo->nb_desc = q->nb_desc;
	qinfo->conf.tx_deferred_start = q->deferred;
	qinfo->queue_state = q->started ? RTE_ETH_QUEUE_STATE_STARTED :
					  RTE_ETH_QUEUE_STATE_STOPPED;
}

/* ------------------------------------------------------------- stats */

/* Frames an RX queue dropped as bad (ierrors, q_errors); what a TX queue
 * refused (oerrors). */
static const uint32_t rxq_err_offs[] = {
	offsetof(struct pp_virtio_rxq, bad_hdr),
	offsetof(struct pp_virtio_rxq, bad_num_buffers),
	offsetof(struct pp_virtio_rxq, bad_len),
	offsetof(struct pp_virtio_rxq, raw_too_long),
};
static const uint32_t txq_err_offs[] = {
	offsetof(struct pp_virtio_txq, errors),
};
static const struct ppdrv_qstats_layout qstats_layout = {
	.rx_packets = offsetof(struct pp_virtio_rxq, packets),
	.rx_bytes = offsetof(struct pp_virtio_rxq, bytes),
	.rx_nombuf = offsetof(struct pp_virtio_rxq, no_mbuf),
	.rx_errors = rxq_err_offs,
	.nb_rx_errors = RTE_DIM(rxq_err_offs),
	.tx_packets = offsetof(struct pp_virtio_txq, packets),
	.tx_bytes = offsetof(struct pp_virtio_txq, bytes),
	.tx_errors = txq_err_offs,
	.nb_tx_errors = RTE_DIM(txq_err_offs),
};

void
pp_virtio_queue_stats_get(const struct rte_eth_dev *dev,
			  struct rte_eth_stats *st)
{
	ppdrv_stats_sum(dev, &qstats_layout, st);
}

void
pp_virtio_queue_stats_reset(struct rte_eth_dev *dev)
{
	uint16_t i;

	for (i = 0; i < dev->data->nb_rx_queues; i++) {
		struct pp_virtio_rxq *q = dev->data->rx_queues[i];

		if (q == NULL)
			continue;
		q->packets = q->bytes = q->no_mbuf = 0;
		q->bad_hdr = q->bad_num_buffers = q->bad_len = 0;
		q->raw_too_long = q->csum_fixed = 0;
		memset(&q->vq->stats, 0, sizeof(q->vq->stats));
	}
	for (i = 0; i < dev->data->nb_tx_queues; i++) {
		struct pp_virtio_txq *q = dev->data->tx_queues[i];

		if (q == NULL)
			continue;
		q->packets = q->bytes = q->errors = 0;
		q->ring_full = q->hdr_slot = q->bad_len = 0;
		memset(&q->vq->stats, 0, sizeof(q->vq->stats));
	}
}

#define RXQ_XSTAT(n, f) PPDRV_XSTAT(n, struct pp_virtio_rxq, f)
static const struct ppdrv_xstat rxq_xstats[] = {
	RXQ_XSTAT("no_mbuf", no_mbuf),
	RXQ_XSTAT("bad_hdr", bad_hdr),
	RXQ_XSTAT("bad_num_buffers", bad_num_buffers),
	RXQ_XSTAT("bad_len", bad_len),
	RXQ_XSTAT("raw_too_long", raw_too_long),
	RXQ_XSTAT("csum_fixed", csum_fixed),
	RXQ_XSTAT("vq_bad_id", vq_stats.bad_id),
	RXQ_XSTAT("vq_bad_len", vq_stats.bad_len),
	RXQ_XSTAT("vq_kicks", vq_stats.kicks),
};

#define TXQ_XSTAT(n, f) PPDRV_XSTAT(n, struct pp_virtio_txq, f)
static const struct ppdrv_xstat txq_xstats[] = {
	TXQ_XSTAT("errors", errors),
	TXQ_XSTAT("ring_full", ring_full),
	TXQ_XSTAT("hdr_slot", hdr_slot),
	TXQ_XSTAT("bad_len", bad_len),
	TXQ_XSTAT("vq_bad_id", vq_stats.bad_id),
	TXQ_XSTAT("vq_bad_len", vq_stats.bad_len),
	TXQ_XSTAT("vq_kicks", vq_stats.kicks),
};

const struct ppdrv_xstats_layout pp_virtio_xstats_layout = {
	.rxq = rxq_xstats,
	.nb_rxq = RTE_DIM(rxq_xstats),
	.txq = txq_xstats,
	.nb_txq = RTE_DIM(txq_xstats),
	.rxq_pp_off = offsetof(struct pp_virtio_rxq, pp),
};

int
pp_virtio_xstats_get(struct rte_eth_dev *dev, struct rte_eth_xstat *xs,
		     unsigned int n)
{
	uint16_t i;

	/* the virtqueues' counters, copied where the tables can read them */
	for (i = 0; i < dev->data->nb_rx_queues; i++) {
		struct pp_virtio_rxq *q = dev->data->rx_queues[i];

		if (q != NULL)
			q->vq_stats = q->vq->stats;
	}
	for (i = 0; i < dev->data->nb_tx_queues; i++) {
		struct pp_virtio_txq *q = dev->data->tx_queues[i];

		if (q != NULL)
			q->vq_stats = q->vq->stats;
	}
	return ppdrv_xstats_get(dev, &pp_virtio_xstats_layout, NULL, xs, n);
}

int
pp_virtio_xstats_get_names(struct rte_eth_dev *dev,
			   struct rte_eth_xstat_name *names, unsigned int size)
{
	return ppdrv_xstats_get_names(dev, &pp_virtio_xstats_layout, names,
				      size);
}

int
pp_virtio_xstats_reset(struct rte_eth_dev *dev)
{
	ppdrv_xstats_reset_pools(dev, &pp_virtio_xstats_layout);
	pp_virtio_queue_stats_reset(dev);
	return 0;
}
