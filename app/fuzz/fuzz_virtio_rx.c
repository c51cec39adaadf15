/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The pagepool authors
 */

/*
 * Fuzz net_pp_virtio's RX data path (virtio_rxtx.c over virtqueue.c) with
 * an untrusted virtio-net device: the input plays the device.
 *
 * The transport is a few lines here (as app/test/virtio/fake_vdev.c's,
 * which the fuzz build does not have: -Dtests=false): the device's
 * memory is process memory (use_va), its queue is whatever rx_queue_start
 * hands to queue_setup. The device keeps to one rule only: it writes
 * header and frame bytes only into buffers the driver has posted and not
 * taken back (a device writing anywhere could as well rewrite the pool's
 * pages under the application, which no driver check survives; see
 * doc/fuzz.md). Everything else is the input's: which chain it reports
 * used (an id in flight, or any number), the length (the true one, or any
 * 32-bit value), the 12-byte header (num_buffers, flags, csum_start and
 * csum_offset, gso_type), a continuation buffer with no header, split
 * used->idx moved on by any amount, packed used descriptors with any
 * flags (wrap bits included) and any skip, the notification suppression
 * fields. The application side is chosen too: the mbuf or the raw burst,
 * burst sizes, frames held (exhausting the header mempool), pages taken
 * from the pool (a dry refill), queue stop and start, a transport that
 * refuses the queue on start.
 *
 * Checked after every burst: each mbuf's segments are pool pages of the
 * queue, inside their buffer (the device-writable part: from 12 bytes
 * before the headroom to the buffer's end; the first segment from the
 * headroom), pkt_len is the sum of data_len and nb_segs the chain's
 * length, at least an Ethernet header and at most what the chains of one
 * frame can hold; no buffer is handed out while it is still posted to the
 * device or already held by the application (a page given out twice);
 * without GUEST_CSUM no checksum is reported good; raw buffers likewise.
 * Every counter only grows, packets by what the burst returned and bytes
 * by their lengths. After every input, once what was received is freed
 * and the queue stopped: no page in flight, no bad put in the pool, every
 * header mbuf back in its mempool, and the pool freed on release.
 *
 * Input: two bytes of configuration (see fuzz_one()), then operations
 * until the input ends.
 */

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <ethdev_driver.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>

#include <pagepool_mbuf.h>

#include "fuzz_common.h"
#include "fuzz_virtio_dev.h"
#include "virtio_rxtx.h"

#define HELD_MAX	256	/* frames the application holds at most */
#define BURST_MAX	64
#define HDR_MBUFS	191	/* small enough that held frames exhaust it */
#define DRAIN_MAX	512	/* pages the harness takes from the pool */

static struct rte_eth_dev *dev;
static int verbose;	/* FUZZ_VERBOSE set: the counters of each input */
static struct rte_mempool *hdr_mp;
static unsigned int hdr_total;

/*
 * What the device reported for a buffer: the chain's used length and the
 * buffer's place in the chain, until the driver hands the buffer out.
 */
struct dev_rec {
	uint32_t len;
	uint16_t pos;
	uint8_t valid;
};

/* the application's frames */
struct held {
	struct rte_mbuf *m;		/* mbuf path, or NULL */
	struct pagepool_buf b;		/* raw path */
};

/* the counters that may only grow */
struct rx_counters {
	uint64_t packets, bytes, no_mbuf, bad_hdr, bad_num_buffers, bad_len,
		 raw_too_long, csum_fixed, vq_bad_id, vq_bad_len, vq_kicks;
};

static struct {
	/* the transport and device */
	struct fuzz_vport port;		/* port.vq: what queue_setup was given */
	int refuse_setup;		/* queue_setup says -EIO once */
	uint16_t used_idx;		/* split: next used entry to write */
	uint16_t used_pos;		/* packed: next position to write */
	uint8_t used_wrap;		/* packed: the device's wrap counter */
	uint32_t seq;			/* frames written, for the bytes */
	/*
	 * The device lied about which chain (an id not chosen from those in
	 * flight, a chain reported twice before the driver took it, split
	 * used->idx moved, packed flags or skips): what the driver takes
	 * for a buffer is then no longer known, so the lengths are not
	 * checked against rec[] until the queue restarts.
	 */
	int lied;
	struct dev_rec *rec;		/* by buffer */
	/* the queue */
	struct pp_virtio_rxq *q;
	uint32_t page_size, fpp;	/* fragments per page */
	uint32_t stride;		/* bytes from a buffer to the next in a page */
	uint8_t *held_map;		/* by buffer: held by the application */
	uint8_t *posted_map;		/* by buffer: posted (scratch) */
	uint32_t nb_bufs;		/* entries of both maps */
	uint8_t stopped;
	/* the application */
	struct held held[HELD_MAX];
	unsigned int nb_held, held_first, held_segs;
	struct pagepool_page *drained[DRAIN_MAX];
	unsigned int nb_drained;
} s;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* ---- the transport (fuzz_virtio_dev.c): our side of a queue setup ---- */

static int
dev_setup(struct pp_vq *vq __rte_unused)
{
	if (s.refuse_setup) {
		s.refuse_setup = 0;
		return -EIO;
	}
	s.lied = 0;
	if (s.rec != NULL)
		memset(s.rec, 0, s.nb_bufs * sizeof(s.rec[0]));
	s.used_idx = 0;
	s.used_pos = 0;
	s.used_wrap = 1;
	return 0;
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	RTE_SET_USED(argc);
	RTE_SET_USED(argv);
	fuzz_eal_init("fuzz_virtio_rx");
	verbose = getenv("FUZZ_VERBOSE") != NULL;
	fuzz_vport_init(&s.port, "virtio_fuzz_rx", 1, 0, dev_setup);
	dev = s.port.dev;
	hdr_mp = rte_pktmbuf_pool_create("fuzz_vhdr", HDR_MBUFS, 0, 0, 0,
					 SOCKET_ID_ANY);
	FUZZ_CHECK(hdr_mp != NULL, "header mempool");
	hdr_total = rte_mempool_avail_count(hdr_mp);
	return 0;
}

/* ---- the device ---- */

static uint32_t buf_index(const struct pagepool_page *pg, const uint8_t *addr);

/* Is a used entry naming id written and not yet taken by the driver? */
static int
used_pending(uint32_t id)
{
	const struct pp_vq *vq = s.port.vq;
	uint16_t k, pos;

	if (!vq->packed) {
		for (k = vq->last_used; k != s.used_idx; k++)
			if (vq->used->ring[k & (vq->num - 1)].id == id)
				return 1;
		return 0;
	}
	/*
	 * (no skip lie so far: entries lie between the two cursors; a whole
	 * lap of them, and every chain is reported already)
	 */
	if (vq->next_used == s.used_pos && vq->used_wrap != s.used_wrap)
		return 1;
	for (pos = vq->next_used, k = 0; pos != s.used_pos && k < vq->num;
	     k++) {
		if (vq->pdesc[pos].id == id)
			return 1;
		if (++pos == vq->num)
			pos = 0;
	}
	return 0;
}

/* The device reports chain id (in flight) used with len: remember. */
static void
dev_record(uint16_t id, uint32_t len)
{
	struct pp_virtio_rx_buf tmp;
	const struct pp_virtio_rx_buf *b =
		pp_virtio_rx_chain_bufs(s.q, s.port.vq->slots[id].cookie, &tmp);
	uint16_t i;

	for (i = 0; i < s.q->segs; i++)
		s.rec[buf_index(b[i].pg, (uint8_t *)b[i].pg->addr +
				b[i].off)] = (struct dev_rec){
			.len = len, .pos = i, .valid = 1,
		};
}

/* Where the device writes buffer i of the chain with cookie b. */
static uint8_t *
buf_va(const struct pp_virtio_rx_buf *b)
{
	return (uint8_t *)b->pg->addr + b->off + s.q->pp.headroom -
	       PP_VIRTIO_HDR_LEN;
}

/*
 * The id-th descriptor id in flight, counting from id k (an id of a chain
 * the driver posted and has not taken back), or -1 if none is.
 */
static int
inflight_id(uint16_t k)
{
	const struct pp_vq *vq = s.port.vq;
	uint16_t i;

	for (i = 0; i < vq->num; i++) {
		uint16_t id = (uint16_t)((k + i) % vq->num);

		if (vq->slots[id].cookie != NULL)
			return id;
	}
	return -1;
}

/*
 * Write what the device received into the chain id (in flight): the
 * header (unless a continuation) and then frame bytes, at most len bytes
 * in all and never beyond a buffer's posted length.
 */
static void
dev_fill(uint16_t id, uint32_t len, const struct pp_virtio_net_hdr *h)
{
	struct pp_virtio_rx_buf tmp;
	const struct pp_virtio_rx_buf *b =
		pp_virtio_rx_chain_bufs(s.q, s.port.vq->slots[id].cookie, &tmp);
	uint32_t left = len, i;

	s.seq++;
	for (i = 0; i < s.q->segs && left != 0; i++) {
		uint8_t *p = buf_va(&b[i]);
		uint32_t n = RTE_MIN(left, s.q->buf_len), off = 0;

		if (i == 0 && h != NULL) {
			memcpy(p, h, RTE_MIN(n, (uint32_t)sizeof(*h)));
			off = RTE_MIN(n, (uint32_t)sizeof(*h));
		}
		memset(p + off, (uint8_t)s.seq, n - off);
		left -= n;
	}
}

/* Split: one used entry, published unless told not to. */
static void
dev_used_split(uint32_t id, uint32_t len, int publish)
{
	struct pp_vring_used_elem *e =
		&s.port.vq->used->ring[s.used_idx & (s.port.vq->num - 1)];

	e->id = id;
	e->len = len;
	s.used_idx++;
	if (publish)
		__atomic_store_n(&s.port.vq->used->idx, s.used_idx,
				 __ATOMIC_RELEASE);
}

/* Packed: one used descriptor at the device's position, then skip on. */
static void
dev_used_packed(uint16_t id, uint32_t len, uint16_t flags_xor, uint16_t skip)
{
	struct pp_vring_packed_desc *d = &s.port.vq->pdesc[s.used_pos];
	uint16_t flags = s.used_wrap ? (PP_VRING_PACKED_DESC_F_AVAIL |
					PP_VRING_PACKED_DESC_F_USED) : 0;

	if (len != 0)
		flags |= PP_VRING_DESC_F_WRITE;
	d->id = id;
	d->len = len;
	__atomic_store_n(&d->flags, (uint16_t)(flags ^ flags_xor),
			 __ATOMIC_RELEASE);
	s.used_pos = (uint16_t)(s.used_pos + skip);
	while (s.used_pos >= s.port.vq->num) {
		s.used_pos -= s.port.vq->num;
		s.used_wrap ^= 1;
	}
}

/*
 * The device reports one chain used. ctl bits:
 *   0     id: any number from the input (else a chain in flight)
 *   1     length: any 32-bit value (else header + frame, within the chain)
 *   2     header fields from the input (else zeros, num_buffers below)
 *   3     a continuation: no header written
 *   4     split: do not publish used->idx yet; packed: flags XOR a word
 *   5     packed: skip a number of positions from the input
 *   6-7   num_buffers - 1 when the header is not from the input
 */
static void
dev_rx(struct fuzz_in *in)
{
	uint8_t ctl = fuzz_u8(in);
	uint32_t raw_id = (ctl & 1) ? fuzz_u32(in) : fuzz_u8(in);
	uint32_t len = (ctl & 2) ? fuzz_u32(in) : fuzz_u16(in);
	struct pp_virtio_net_hdr h = {
		.num_buffers = (uint16_t)((ctl >> 6) + 1),
	};
	uint16_t flags_xor = 0, skip = 1;
	uint32_t id, posted = 0;
	int in_flight;

	if (ctl & 4) {
		h.flags = fuzz_u8(in);
		h.gso_type = fuzz_u8(in);
		h.csum_start = fuzz_u16(in);
		h.csum_offset = fuzz_u16(in);
		h.num_buffers = fuzz_u16(in);
	}
	/* (the input is read the same way whether the queue runs or not) */
	if (s.q->vq->packed && (ctl & 16))
		flags_xor = fuzz_u16(in);
	if (s.q->vq->packed && (ctl & 32))
		skip = fuzz_u8(in) % 4;
	if (s.stopped || s.port.vq == NULL)
		return;
	if (ctl & 1) {
		id = raw_id;
	} else {
		int k = inflight_id((uint16_t)raw_id);

		if (k < 0)
			return;	/* the device holds no buffer */
		id = (uint32_t)k;
	}
	in_flight = id < s.port.vq->num && s.port.vq->slots[id].cookie != NULL;
	if (in_flight) {
		posted = s.port.vq->slots[id].posted;
		if (!(ctl & 32) && s.port.vq->packed)
			skip = s.port.vq->slots[id].ndesc;
	}
	if (!(ctl & 2))
		len = posted != 0 ? len % (posted + 1) : len;
	if (!s.lied && ((ctl & 1) || (s.port.vq->packed && (ctl & (16 | 32))) ||
			used_pending(id)))
		s.lied = 1;
	if (in_flight) {
		dev_fill((uint16_t)id, RTE_MIN(len, posted),
			 (ctl & 8) ? NULL : &h);
		dev_record((uint16_t)id, len);
	}
	if (s.port.vq->packed)
		dev_used_packed((uint16_t)id, len, flags_xor, skip);
	else
		dev_used_split(id, len, !(ctl & 16));
}

/* Split: publish used->idx moved on by delta (0: what was written). */
static void
dev_publish(struct fuzz_in *in)
{
	uint8_t ctl = fuzz_u8(in);
	uint16_t delta = (ctl & 1) ? fuzz_u16(in) : (uint16_t)(ctl >> 1);

	if (s.stopped || s.port.vq == NULL || s.port.vq->packed)
		return;
	if (delta != 0)
		s.lied = 1;
	if (ctl & 0x80)
		s.used_idx = (uint16_t)(s.used_idx + delta); /* its own too */
	__atomic_store_n(&s.port.vq->used->idx, (uint16_t)(s.used_idx + delta),
			 __ATOMIC_RELEASE);
}

/* The notification suppression fields the driver reads before a kick. */
static void
dev_event(struct fuzz_in *in)
{
	uint16_t a = fuzz_u16(in), b = fuzz_u16(in);

	if (s.stopped || s.port.vq == NULL)
		return;
	if (s.port.vq->packed) {
		s.port.vq->dev_event->flags = a;
		s.port.vq->dev_event->off_wrap = b;
	} else {
		s.port.vq->used->flags = a;
		*(uint16_t *)&s.port.vq->used->ring[s.port.vq->num] = b;
	}
}

/* ---- what the driver hands over ---- */

/* Buffer number of the buffer at addr in page pg (map index). */
static uint32_t
buf_index(const struct pagepool_page *pg, const uint8_t *addr)
{
	uint32_t off = (uint32_t)(addr - (const uint8_t *)pg->addr);
	uint32_t i = pg->index * s.fpp + off / s.stride;

	FUZZ_CHECK(i < s.nb_bufs, "buffer %u of page %u", i, pg->index);
	return i;
}

/* Mark what the ring holds now (posted_map). */
static void
posted_scan(void)
{
	uint16_t id, i;

	memset(s.posted_map, 0, s.nb_bufs);
	for (id = 0; id < s.q->vq->num; id++) {
		struct pp_virtio_rx_buf tmp;
		const struct pp_virtio_rx_buf *b;

		if (s.q->vq->slots[id].cookie == NULL)
			continue;
		b = pp_virtio_rx_chain_bufs(s.q, s.q->vq->slots[id].cookie, &tmp);
		for (i = 0; i < s.q->segs; i++)
			s.posted_map[buf_index(b[i].pg, (uint8_t *)b[i].pg->addr +
					       b[i].off)] = 1;
	}
}

/*
 * A buffer handed to the application: its own, not in the ring; unless
 * the device lied, one it reported used, at position pos of its chain
 * (-1: any), with the bytes the reported length puts there: the chain's
 * data (the length less the header if the chain starts a frame) laid
 * over its buffers, buf_len each, the first 12 bytes less after a header.
 */
static void
check_take(const struct pagepool_page *pg, const uint8_t *buf, int pos,
	   int head, uint32_t data_len)
{
	uint32_t i;

	FUZZ_CHECK(pg->magic == PAGEPOOL_PAGE_MAGIC && pg->pool == s.q->pp.pool,
		   "a page of the queue's pool");
	FUZZ_CHECK(rte_mbuf_ext_refcnt_read(&pg->shinfo) >= 1, "page in flight");
	i = buf_index(pg, buf);
	FUZZ_CHECK(!s.posted_map[i], "buffer %u handed out while posted", i);
	FUZZ_CHECK(!s.held_map[i], "buffer %u handed out twice", i);
	s.held_map[i] = 1;
	if (!s.lied) {
		const struct dev_rec *r = &s.rec[i];
		int64_t d;
		uint32_t room, want;

		FUZZ_CHECK(r->valid, "buffer %u handed out, the device never "
			   "reported it", i);
		FUZZ_CHECK(r->len <= (uint32_t)s.q->segs * s.q->buf_len,
			   "buffer %u handed out, its chain reported %u bytes "
			   "of %u posted", i, r->len, s.q->segs * s.q->buf_len);
		FUZZ_CHECK(pos < 0 || r->pos == pos, "buffer %u: segment %d "
			   "of the frame, buffer %u of its chain", i, pos, r->pos);
		d = (int64_t)r->len - (head ? PP_VIRTIO_HDR_LEN : 0);
		if (r->pos > 0)
			d -= (int64_t)r->pos * s.q->buf_len -
			     (head ? PP_VIRTIO_HDR_LEN : 0);
		room = s.q->buf_len - (head && r->pos == 0 ?
				       PP_VIRTIO_HDR_LEN : 0);
		want = d < 0 ? 0 : (uint32_t)RTE_MIN(d, (int64_t)room);
		FUZZ_CHECK(data_len == want, "buffer %u (%u of its chain): %u "
			   "bytes, the device reported %u for the chain: %u",
			   i, r->pos, data_len, r->len, want);
	}
	s.rec[i].valid = 0;
}

static void
check_mbuf(const struct rte_mbuf *m)
{
	const struct rte_mbuf *seg;
	uint32_t pkt_len = 0, nb_segs = 0;
	uint32_t max_len = (uint32_t)s.q->max_bufs * s.q->buf_len -
			   PP_VIRTIO_HDR_LEN;

	FUZZ_CHECK(m->port == s.q->port_id, "port");
	for (seg = m; seg != NULL; seg = seg->next) {
		struct pagepool_page *pg = pagepool_mbuf_page(seg);
		const uint8_t *buf = seg->buf_addr, *page;
		uint16_t lo = (uint16_t)(s.q->pp.headroom -
					 (seg == m ? 0 : PP_VIRTIO_HDR_LEN));

		FUZZ_CHECK(pg != NULL, "segment %u is not a pool page", nb_segs);
		page = pg->addr;
		FUZZ_CHECK(buf >= page && buf + seg->buf_len <= page +
			   s.page_size && seg->buf_len == s.q->pp.frag_size &&
			   (uint32_t)(buf - page) % s.stride == 0,
			   "segment %u: buffer [%td, +%u) is no buffer of its "
			   "page", nb_segs, buf - page, seg->buf_len);
		/* the device-writable part: [headroom - 12, frag_size) */
		FUZZ_CHECK(seg->data_off >= lo &&
			   (uint32_t)seg->data_off + seg->data_len <= seg->buf_len,
			   "segment %u: data [%u, +%u) outside [%u, %u)", nb_segs,
			   seg->data_off, seg->data_len, lo, seg->buf_len);
		/* a whole page's buffer starts at its colour */
		if (seg == m)
			FUZZ_CHECK(seg->data_off == s.q->pp.headroom +
				   (s.q->page_cookie ?
				    pp_virtio_rx_color(s.q, pg) : 0),
				   "frame starts at %u, not after the header",
				   seg->data_off);
		/* without MRG_RXBUF a frame is one chain, its buffers in
		 * order; with it, chains of one buffer, the first one after
		 * the header */
		check_take(pg, buf, s.q->mrg ? 0 : (int)nb_segs,
			   s.q->mrg ? seg == m : 1, seg->data_len);
		pkt_len += seg->data_len;
		nb_segs++;
		FUZZ_CHECK(nb_segs <= (uint32_t)s.q->max_bufs * s.q->segs,
			   "chain of more than %u segments",
			   s.q->max_bufs * s.q->segs);
	}
	FUZZ_CHECK(m->pkt_len == pkt_len, "pkt_len %u, segments add up to %u",
		   m->pkt_len, pkt_len);
	FUZZ_CHECK(m->nb_segs == nb_segs, "nb_segs %u, chain has %u",
		   m->nb_segs, nb_segs);
	FUZZ_CHECK(pkt_len >= RTE_ETHER_HDR_LEN && pkt_len <= max_len,
		   "pkt_len %u outside [%u, %u]", pkt_len, RTE_ETHER_HDR_LEN,
		   max_len);
	if (!s.q->guest_csum)
		FUZZ_CHECK((m->ol_flags & RTE_MBUF_F_RX_L4_CKSUM_MASK) == 0,
			   "checksum reported without GUEST_CSUM");
}

static void
check_raw(const struct pagepool_buf *b)
{
	FUZZ_CHECK(b->data_off == s.q->pp.headroom, "raw data_off %u",
		   b->data_off);
	if (s.q->page_cookie)	/* a whole page, from its colour to its end */
		FUZZ_CHECK(b->offset == pp_virtio_rx_color(s.q, b->page) &&
			   b->offset + b->size == s.page_size,
			   "raw page buffer at %u, %u bytes", b->offset, b->size);
	else
		FUZZ_CHECK(b->size == s.q->pp.frag_size &&
			   b->offset % s.stride == 0 &&
			   b->offset + b->size <= s.page_size,
			   "raw fragment at %u, %u bytes", b->offset, b->size);
	FUZZ_CHECK(b->len >= RTE_ETHER_HDR_LEN &&
		   (uint32_t)b->len <= s.q->buf_len - PP_VIRTIO_HDR_LEN,
		   "raw len %u", b->len);
	if (!s.q->guest_csum)
		FUZZ_CHECK(b->flags == 0, "raw flags %#x without GUEST_CSUM",
			   b->flags);
	check_take(b->page, (uint8_t *)b->page->addr + b->offset, 0, 1,
		   b->len);
}

/* ---- the application ---- */

static void
held_unmap(const struct held *h)
{
	const struct rte_mbuf *seg;

	if (h->m == NULL) {
		s.held_map[buf_index(h->b.page, (uint8_t *)h->b.page->addr +
				     h->b.offset)] = 0;
		return;
	}
	for (seg = h->m; seg != NULL; seg = seg->next)
		s.held_map[buf_index(pagepool_mbuf_page(seg),
				     seg->buf_addr)] = 0;
}

static void
held_free(unsigned int n)
{
	while (n-- != 0 && s.nb_held != 0) {
		struct held *h = &s.held[s.held_first];

		held_unmap(h);
		if (h->m != NULL) {
			s.held_segs -= h->m->nb_segs;
			rte_pktmbuf_free(h->m);
		} else {
			s.held_segs--;
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
	s.held_segs += m != NULL ? m->nb_segs : 1;
}

static void
counters(struct rx_counters *c)
{
	const struct pp_virtio_rxq *q = s.q;

	*c = (struct rx_counters){
		.packets = q->packets, .bytes = q->bytes,
		.no_mbuf = q->no_mbuf, .bad_hdr = q->bad_hdr,
		.bad_num_buffers = q->bad_num_buffers, .bad_len = q->bad_len,
		.raw_too_long = q->raw_too_long, .csum_fixed = q->csum_fixed,
		.vq_bad_id = q->vq->stats.bad_id,
		.vq_bad_len = q->vq->stats.bad_len,
		.vq_kicks = q->vq->stats.kicks,
	};
}

static void
check_counters(const struct rx_counters *a, const struct rx_counters *b,
	       uint16_t n, uint64_t bytes)
{
	FUZZ_CHECK(b->packets == a->packets + n, "packets %" PRIu64 " -> %"
		   PRIu64 " for %u frames", a->packets, b->packets, n);
	FUZZ_CHECK(b->bytes == a->bytes + bytes, "bytes %" PRIu64 " -> %"
		   PRIu64 " for %" PRIu64, a->bytes, b->bytes, bytes);
	FUZZ_CHECK(b->no_mbuf >= a->no_mbuf && b->bad_hdr >= a->bad_hdr &&
		   b->bad_num_buffers >= a->bad_num_buffers &&
		   b->bad_len >= a->bad_len &&
		   b->raw_too_long >= a->raw_too_long &&
		   b->csum_fixed >= a->csum_fixed &&
		   b->vq_bad_id >= a->vq_bad_id &&
		   b->vq_bad_len >= a->vq_bad_len &&
		   b->vq_kicks >= a->vq_kicks, "a counter went down");
}

/* Burst: bit 7 the raw path, bits 6:0 the burst size (0..64). */
static void
app_burst(uint8_t arg)
{
	uint16_t nb = (uint16_t)((arg & 0x7F) % (BURST_MAX + 1)), n, i;
	struct rx_counters before, after;
	uint64_t bytes = 0;

	if (s.stopped)
		return; /* the application polls started queues only */
	counters(&before);
	if (arg & 0x80) {
		struct pagepool_buf b[BURST_MAX];

		n = pp_virtio_recv_raw(s.q, b, nb);
		FUZZ_CHECK(n <= nb, "raw burst %u of %u", n, nb);
		posted_scan();
		for (i = 0; i < n; i++) {
			check_raw(&b[i]);
			bytes += b[i].len;
			held_add(NULL, &b[i]);
		}
	} else {
		struct rte_mbuf *m[BURST_MAX];

		n = pp_virtio_recv_pkts(s.q, m, nb);
		FUZZ_CHECK(n <= nb, "burst %u of %u", n, nb);
		posted_scan();
		for (i = 0; i < n; i++) {
			check_mbuf(m[i]);
			bytes += m[i]->pkt_len;
			held_add(m[i], NULL);
		}
	}
	counters(&after);
	check_counters(&before, &after, n, bytes);
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

/*
 * rx_queue_stop (the transport takes the queue back) then, unless arg
 * bit 0, rx_queue_start; bit 1: the transport refuses the queue.
 */
static void
queue_restart(uint8_t arg)
{
	struct rx_counters before, after;

	counters(&before);
	FUZZ_CHECK(pp_virtio_rx_queue_stop(dev, 0) == 0, "rx_queue_stop");
	FUZZ_CHECK(s.port.vq == NULL, "the device still runs the queue");
	if (!s.q->pp.frags)
		FUZZ_CHECK(pagepool_in_flight(s.q->pp.pool) ==
			   s.held_segs + s.nb_drained,
			   "after stop: %u pages in flight, %u held",
			   pagepool_in_flight(s.q->pp.pool),
			   s.held_segs + s.nb_drained);
	counters(&after);
	check_counters(&before, &after, 0, 0);
	s.stopped = 1;
	if (arg & 1)
		return;
	s.refuse_setup = !!(arg & 2);
	/* fails when the pool is dry or the transport refuses */
	s.stopped = pp_virtio_rx_queue_start(dev, 0) != 0;
	s.refuse_setup = 0;
	FUZZ_CHECK(s.stopped == (s.port.vq == NULL), "started %d, device runs %d",
		   !s.stopped, s.port.vq != NULL);
	if (s.stopped && !s.q->pp.frags)
		FUZZ_CHECK(pagepool_in_flight(s.q->pp.pool) ==
			   s.held_segs + s.nb_drained,
			   "start failed: %u pages in flight, %u held",
			   pagepool_in_flight(s.q->pp.pool),
			   s.held_segs + s.nb_drained);
}

static void
fuzz_one(struct fuzz_in *in)
{
	static const uint16_t rings[] = { 64, 128, 256, 100 };
	static const uint16_t mtus[] = { 1500, 9000, 4000, 68 };
	uint8_t cfg = fuzz_u8(in), cfg2 = fuzz_u8(in);
	struct ppdrv_devargs da = { .rx_frags = (cfg >> 3) & 1 };
	struct rte_eth_rxconf conf = { .rx_free_thresh = cfg2 >> 4 };
	uint16_t nb_desc = rings[(cfg >> 4) & 3];
	struct pagepool_info info;
	char name[PAGEPOOL_NAMESIZE];
	unsigned int ops = 0;
	uint64_t f = PP_VIRTIO_BIT(PP_VIRTIO_F_VERSION_1);

	if (cfg & 1)
		f |= PP_VIRTIO_BIT(PP_VIRTIO_F_RING_PACKED);
	if (cfg & 2)
		f |= PP_VIRTIO_BIT(PP_VIRTIO_NET_F_MRG_RXBUF);
	if (cfg & 4)
		f |= PP_VIRTIO_BIT(PP_VIRTIO_NET_F_GUEST_CSUM);
	if (cfg2 & 4)
		f |= PP_VIRTIO_BIT(PP_VIRTIO_F_EVENT_IDX);
	s.port.hw.features = f;
	dev->data->mtu = mtus[cfg >> 6];
	switch (cfg2 & 3) {
	case 1: da.pool_bufs = nb_desc + 1; break;	/* raised to what fits */
	case 2: da.pool_bufs = nb_desc + 24; break;
	default: da.pool_bufs = 0; break;		/* 4 x the ring */
	}
	FUZZ_CHECK(pp_virtio_rx_queue_setup(dev, 0, nb_desc, SOCKET_ID_ANY,
					    &conf, hdr_mp, &da) == 0,
		   "rx_queue_setup");
	s.q = dev->data->rx_queues[0];
	s.port.vq = NULL;
	FUZZ_CHECK(pp_virtio_rx_queue_start(dev, 0) == 0, "rx_queue_start");
	FUZZ_CHECK(s.port.vq == s.q->vq, "the device runs the queue");
	FUZZ_CHECK(pagepool_info_get(s.q->pp.pool, &info) == 0, "pool info");
	s.page_size = info.page_size;
	/* fragments are carved in whole slots of the pool (doc/design.md) */
	s.stride = s.q->pp.frags ?
		   RTE_ALIGN_CEIL(s.q->pp.frag_size,
				  UINT32_C(1) << s.q->pp.pool->frag_shift) :
		   info.page_size;
	s.fpp = info.page_size / s.stride;
	s.nb_bufs = info.nb_pages * s.fpp;
	s.held_map = calloc(s.nb_bufs, 1);
	s.posted_map = calloc(s.nb_bufs, 1);
	s.rec = calloc(s.nb_bufs, sizeof(s.rec[0]));
	s.lied = 0;
	FUZZ_CHECK(s.held_map != NULL && s.posted_map != NULL &&
		   s.rec != NULL, "maps");
	snprintf(name, sizeof(name), "%s", pagepool_name(s.q->pp.pool));
	s.stopped = 0;
	s.nb_held = s.held_first = s.held_segs = s.nb_drained = 0;

	/*
	 * ops: 0-4 the device reports a chain used, 5 split: publish
	 * used->idx, 6 suppression fields, 7-8 burst, 9 free held, 10 drain,
	 * 11 stop (and start)
	 */
	while (!fuzz_done(in) && ops++ < 4096) {
		uint8_t op = fuzz_u8(in);

		switch (op % 12) {
		case 0: case 1: case 2: case 3: case 4:
			dev_rx(in);
			break;
		case 5:
			dev_publish(in);
			break;
		case 6:
			dev_event(in);
			break;
		case 7: case 8:
			app_burst(fuzz_u8(in));
			break;
		case 9:
			held_free(fuzz_u8(in));
			break;
		case 10:
			app_drain(fuzz_u8(in));
			break;
		case 11:
			queue_restart(fuzz_u8(in));
			break;
		}
	}

	if (verbose) {
		struct rx_counters c;

		counters(&c);
		fprintf(stderr, "virtio_rx: %s%s%s ring %u segs %u: packets %"
			PRIu64 " bytes %" PRIu64 " no_mbuf %" PRIu64 " bad_hdr %"
			PRIu64 " bad_num_buffers %" PRIu64 " bad_len %" PRIu64
			" raw_too_long %" PRIu64 " csum_fixed %" PRIu64
			" vq_bad_id %" PRIu64 " vq_bad_len %" PRIu64 "\n",
			s.q->vq->packed ? "packed" : "split",
			s.q->mrg ? " mrg" : "", s.q->guest_csum ? " csum" : "",
			s.q->vq->num, s.q->segs, c.packets, c.bytes, c.no_mbuf,
			c.bad_hdr, c.bad_num_buffers, c.bad_len, c.raw_too_long,
			c.csum_fixed, c.vq_bad_id, c.vq_bad_len);
	}

	/* everything goes home */
	held_free(HELD_MAX);
	while (s.nb_drained != 0)
		pagepool_put_page(s.drained[--s.nb_drained]);
	FUZZ_CHECK(pp_virtio_rx_queue_stop(dev, 0) == 0, "rx_queue_stop");
	FUZZ_CHECK(pagepool_in_flight(s.q->pp.pool) == 0,
		   "%u pages in flight after stop with nothing held",
		   pagepool_in_flight(s.q->pp.pool));
	FUZZ_CHECK(pagepool_info_get(s.q->pp.pool, &info) == 0 &&
		   info.bad_put == 0, "%" PRIu64 " bad puts", info.bad_put);
	FUZZ_CHECK(rte_mempool_avail_count(hdr_mp) == hdr_total,
		   "header mbufs: %u of %u back", rte_mempool_avail_count(hdr_mp),
		   hdr_total);
	pp_virtio_rx_queue_release(dev, 0);
	s.q = NULL;
	FUZZ_CHECK(pagepool_lookup(name) == NULL, "pool %s not freed", name);
	free(s.held_map);
	free(s.posted_map);
	free(s.rec);
	s.held_map = s.posted_map = NULL;
	s.rec = NULL;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { .p = data, .len = size };

	fuzz_one(&in);
	return 0;
}
