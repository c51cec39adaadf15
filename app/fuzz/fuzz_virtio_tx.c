/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The pagepool authors
 */

/*
 * Fuzz net_pp_virtio's TX completion (virtio_rxtx.c over virtqueue.c)
 * with an untrusted virtio-net device: the input plays the device and the
 * application.
 *
 * The transport is the same few lines as fuzz_virtio_rx.c's. The device
 * reads the chains the driver made available, in order (split: the avail
 * ring and the descriptor table; packed: the descriptors and their wrap
 * bits), and checks each against what was sent: the header first (12
 * bytes of zeros: no offload is asked for), device-readable descriptors
 * only, 12 + pkt_len bytes in all. Then it reports chains used, and lies
 * as the input says: any id (a chain not read yet, one already returned,
 * out of range), any length (TX writes none), split used->idx moved on
 * by any amount, packed used descriptors with any flags and any skip.
 * The application sends packets of one to 66 segments, with room for the
 * header in front or not, shared (a second reference kept: the header
 * goes into the queue's slot) or not; raw page buffers with data_off
 * under 12 or not; and stops and starts the queue.
 *
 * Checked after every operation: every mbuf and every page is exactly
 * once somewhere: with the application, on the TX ring (a used chain's
 * cookie not yet handed back), or back in its mempool / pool; counted
 * with the mempool's count (cache 0), so that a packet freed twice or
 * never shows (at the end, when the count would be capped at the
 * mempool's size, by taking every mbuf out: none may come twice). Every counter only grows. After every input, once the
 * queue is stopped: every mbuf home, no page in flight, no bad put.
 *
 * Input: one byte of configuration (see fuzz_one()), then operations.
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

#define NB_MBUFS	2047
#define NB_PAGES	512
#define PKTS_MAX	512	/* packets the harness tracks */
#define RAW_MAX		256	/* raw pages the application holds */
#define POP_MAX		512	/* chains the device read, not yet used */
#define TX_COOKIE_RAW	((uintptr_t)1)	/* virtio_rxtx.c's */

static struct rte_eth_dev *dev;
static struct rte_mempool *mp;
static struct pagepool *pool;

/* a packet the application made: alive while it holds it or it is sent */
struct pkt {
	struct rte_mbuf *m;
	uint16_t nb_segs;
	uint8_t app_ref;	/* the application holds a reference */
};

struct chain {
	uint16_t id;
	uint16_t ndesc;
};

struct tx_counters {
	uint64_t packets, bytes, errors, ring_full, hdr_slot, bad_len,
		 vq_bad_id, vq_bad_len, vq_kicks;
};

static struct {
	struct fuzz_vport port;		/* port.vq: the queue the device runs */
	/* the device */
	uint16_t last_avail;		/* split: avail entries read */
	uint16_t avail_pos;		/* packed: next position to read */
	uint8_t avail_wrap;
	uint16_t used_idx;		/* split */
	uint16_t used_pos;		/* packed */
	uint8_t used_wrap;
	struct chain popped[POP_MAX];	/* read, in order */
	unsigned int pop_first, nb_popped;
	int lied;			/* it reported a chain it had not read,
					 * or skipped or flipped positions */
	int broken;			/* since, it read a chain it could not
					 * follow: it reads no more */
	/* the application */
	struct pp_virtio_txq *q;
	struct pkt pkts[PKTS_MAX];
	unsigned int nb_pkts;
	struct pagepool_page *raw[RAW_MAX];
	unsigned int nb_raw;
	uint8_t stopped;
} s;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* ---- the transport (fuzz_virtio_dev.c): our side of a queue setup ---- */

static int
dev_setup(struct pp_vq *vq __rte_unused)
{
	s.last_avail = s.used_idx = 0;
	s.avail_pos = s.used_pos = 0;
	s.avail_wrap = s.used_wrap = 1;
	s.pop_first = s.nb_popped = 0;
	s.lied = s.broken = 0;
	return 0;
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct pagepool_params pp;

	RTE_SET_USED(argc);
	RTE_SET_USED(argv);
	fuzz_eal_init("fuzz_virtio_tx");
	fuzz_vport_init(&s.port, "virtio_fuzz_tx", 0, 1, dev_setup);
	dev = s.port.dev;
	/* cache 0: the mempool's count is exact */
	mp = rte_pktmbuf_pool_create("fuzz_vtx", NB_MBUFS, 0, 0,
				     RTE_MBUF_DEFAULT_BUF_SIZE, SOCKET_ID_ANY);
	pagepool_params_init(&pp);
	pp.name = "fuzz_vtx_raw";
	pp.nb_pages = NB_PAGES;
	pp.headroom = RTE_PKTMBUF_HEADROOM;
	pool = pagepool_create(&pp);
	FUZZ_CHECK(mp != NULL && pool != NULL, "mempool, page pool");
	return 0;
}

/* ---- accounting ---- */

/* Is cookie c on the ring (a chain posted and not handed back)? */
static unsigned int
ring_count(const void *c)
{
	unsigned int i, n = 0;

	for (i = 0; i < s.q->vq->num; i++)
		n += s.q->vq->slots[i].cookie == c;
	return n;
}

/*
 * Every mbuf is with the application, on the ring or in the mempool;
 * every page with the application, on the ring or in the pool. Packets
 * neither held nor on the ring are gone (their mbufs may be reused).
 */
static void
check_accounts(const char *when)
{
	unsigned int i, alive = 0, raw_ring = 0, k = 0;

	for (i = 0; i < s.q->vq->num; i++) {
		uintptr_t c = (uintptr_t)s.q->vq->slots[i].cookie;

		if (c != 0 && (c & TX_COOKIE_RAW))
			raw_ring++;
	}
	for (i = 0; i < s.nb_pkts; i++) {
		struct pkt *p = &s.pkts[i];

		if (!p->app_ref && ring_count(p->m) == 0)
			continue;	/* sent and completed: gone */
		alive += p->nb_segs;
		s.pkts[k++] = *p;
	}
	s.nb_pkts = k;
	FUZZ_CHECK(rte_mempool_avail_count(mp) + alive == NB_MBUFS,
		   "%s: %u mbufs in the mempool, %u alive, of %u", when,
		   rte_mempool_avail_count(mp), alive, NB_MBUFS);
	FUZZ_CHECK(pagepool_in_flight(pool) == s.nb_raw + raw_ring,
		   "%s: %u pages in flight, %u held, %u on the ring", when,
		   pagepool_in_flight(pool), s.nb_raw, raw_ring);
}

static void
counters(struct tx_counters *c)
{
	const struct pp_virtio_txq *q = s.q;

	*c = (struct tx_counters){
		.packets = q->packets, .bytes = q->bytes, .errors = q->errors,
		.ring_full = q->ring_full, .hdr_slot = q->hdr_slot,
		.bad_len = q->bad_len, .vq_bad_id = q->vq->stats.bad_id,
		.vq_bad_len = q->vq->stats.bad_len,
		.vq_kicks = q->vq->stats.kicks,
	};
}

static void
check_counters(const struct tx_counters *a, const struct tx_counters *b)
{
	FUZZ_CHECK(b->packets >= a->packets && b->bytes >= a->bytes &&
		   b->errors >= a->errors && b->ring_full >= a->ring_full &&
		   b->hdr_slot >= a->hdr_slot && b->bad_len >= a->bad_len &&
		   b->vq_bad_id >= a->vq_bad_id &&
		   b->vq_bad_len >= a->vq_bad_len &&
		   b->vq_kicks >= a->vq_kicks, "a counter went down");
}

static int
ptr_cmp(const void *a, const void *b)
{
	uintptr_t x = *(const uintptr_t *)a, y = *(const uintptr_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * Everything is home: take every mbuf out of the mempool (one more than
 * it holds, if it can), none twice, and put them back.
 */
static void
check_all_home(void)
{
	static void *objs[NB_MBUFS + 1];
	unsigned int n = 0, i;

	while (n < NB_MBUFS + 1 && rte_mempool_get(mp, &objs[n]) == 0)
		n++;
	qsort(objs, n, sizeof(objs[0]), ptr_cmp);
	for (i = 1; i < n; i++)
		FUZZ_CHECK(objs[i] != objs[i - 1], "mbuf %p freed twice",
			   objs[i]);
	rte_mempool_put_bulk(mp, objs, n);
	FUZZ_CHECK(n == NB_MBUFS, "%u mbufs home of %u", n, NB_MBUFS);
}

/* ---- the device ---- */

/*
 * What the device reads must be consistent, unless it lied before: the
 * driver may then have reposted what the device had not read yet (the
 * packed ring overwritten ahead of it, split ids reused). It stops.
 */
#define DEV_CHECK(cond, ...) do {					\
	if (!(cond)) {							\
		FUZZ_CHECK(s.lied, __VA_ARGS__);			\
		s.broken = 1;						\
		return;							\
	}								\
} while (0)

/*
 * Check one chain read against the cookie the driver keeps (after a lie,
 * the descriptors may be a reposted id's stale ones: s.broken).
 */
static void
check_chain(uint16_t id, const uint64_t *addr, const uint32_t *len,
	    const uint16_t *flags, uint16_t n)
{
	uintptr_t c = (uintptr_t)s.port.vq->slots[id].cookie;
	uint32_t total = 0, want;
	uint8_t zero[PP_VIRTIO_HDR_LEN] = { 0 };
	uint16_t i;

	for (i = 0; i < n; i++) {
		DEV_CHECK(!(flags[i] & PP_VRING_DESC_F_WRITE),
			  "chain %u: a device-writable TX descriptor", id);
		total += len[i];
	}
	DEV_CHECK(len[0] >= PP_VIRTIO_HDR_LEN, "chain %u: first descriptor "
		  "of %u bytes, no header", id, len[0]);
	DEV_CHECK(memcmp((const void *)(uintptr_t)addr[0], zero,
			  sizeof(zero)) == 0, "chain %u: header not zeros", id);
	if (c & TX_COOKIE_RAW) {
		/* the raw buffer's length is the one the driver counted */
		want = 0;
		DEV_CHECK(total >= PP_VIRTIO_HDR_LEN, "raw chain %u", id);
	} else {
		want = ((const struct rte_mbuf *)c)->pkt_len + PP_VIRTIO_HDR_LEN;
		DEV_CHECK(total == want, "chain %u: %u bytes, the packet "
			  "and its header %u", id, total, want);
	}
}

/* Read up to n chains the driver made available. */
static void
dev_pop(uint8_t n)
{
	uint64_t addr[PP_VIRTIO_TX_MAX_SEGS + 1];
	uint32_t len[PP_VIRTIO_TX_MAX_SEGS + 1];
	uint16_t flags[PP_VIRTIO_TX_MAX_SEGS + 1];
	struct pp_vq *vq = s.port.vq;

	while (n-- != 0 && vq != NULL && !s.broken &&
	       s.nb_popped < POP_MAX) {
		uint16_t id, k = 0, pos, f;
		uint8_t wrap;

		if (!vq->packed) {
			uint16_t avail = __atomic_load_n(&vq->avail->idx,
							 __ATOMIC_ACQUIRE);

			if (avail == s.last_avail)
				return;
			id = vq->avail->ring[s.last_avail & (vq->num - 1)];
			FUZZ_CHECK(id < vq->num, "avail entry %u", id);
			pos = id;
			do {
				const struct pp_vring_desc *d = &vq->desc[pos];

				DEV_CHECK(k <= PP_VIRTIO_TX_MAX_SEGS,
					  "chain %u too long", id);
				addr[k] = d->addr;
				len[k] = d->len;
				flags[k] = d->flags;
				k++;
				pos = d->next;
				DEV_CHECK(!(d->flags & PP_VRING_DESC_F_NEXT) ||
					  pos < vq->num, "next %u", pos);
			} while (flags[k - 1] & PP_VRING_DESC_F_NEXT);
			s.last_avail++;
		} else {
			pos = s.avail_pos;
			wrap = s.avail_wrap;
			f = __atomic_load_n(&vq->pdesc[pos].flags,
					    __ATOMIC_ACQUIRE);
			if (!!(f & PP_VRING_PACKED_DESC_F_AVAIL) != wrap ||
			    !!(f & PP_VRING_PACKED_DESC_F_USED) == wrap)
				return;
			do {
				const struct pp_vring_packed_desc *d =
					&vq->pdesc[pos];

				DEV_CHECK(k <= PP_VIRTIO_TX_MAX_SEGS,
					  "chain too long");
				addr[k] = d->addr;
				len[k] = d->len;
				flags[k] = d->flags;
				id = d->id;
				k++;
				if (++pos == vq->num) {
					pos = 0;
					wrap ^= 1;
				}
			} while (flags[k - 1] & PP_VRING_DESC_F_NEXT);
			s.avail_pos = pos;
			s.avail_wrap = wrap;
			DEV_CHECK(id < vq->num, "packed id %u", id);
		}
		DEV_CHECK(vq->slots[id].cookie != NULL &&
			  vq->slots[id].ndesc == k, "chain %u: not posted, or "
			  "%u descriptors for %u posted", id,
			  vq->slots[id].ndesc, k);
		check_chain(id, addr, len, flags, k);
		if (s.broken)
			return;
		s.popped[(s.pop_first + s.nb_popped) % POP_MAX] =
			(struct chain){ .id = id, .ndesc = k };
		s.nb_popped++;
	}
}

/*
 * Report chains used. ctl bits: 0 an id from the input (else the oldest
 * chain read), 1 a length from the input (else 0), 2 split: do not
 * publish; packed: flags XOR a word, 3 packed: a skip from the input,
 * 4-7 how many (each with the same lies).
 */
static void
dev_used(struct fuzz_in *in)
{
	uint8_t ctl = fuzz_u8(in);
	uint16_t lie_id = (ctl & 1) ? fuzz_u16(in) : 0;
	uint32_t lie_len = (ctl & 2) ? fuzz_u32(in) : 0;
	uint16_t xor = (ctl & 4) ? fuzz_u16(in) : 0;
	uint16_t lie_skip = (ctl & 8) ? fuzz_u8(in) % 4 : 0;
	unsigned int n = (ctl >> 4) + 1;
	struct pp_vq *vq = s.port.vq;

	if (vq != NULL && (ctl & (vq->packed ? 1 | 4 | 8 : 1)))
		s.lied = 1;

	while (n-- != 0 && vq != NULL) {
		struct chain c = { .id = lie_id, .ndesc = 1 };

		if (!(ctl & 1)) {
			if (s.nb_popped == 0)
				return;
			c = s.popped[s.pop_first];
			s.pop_first = (s.pop_first + 1) % POP_MAX;
			s.nb_popped--;
		}
		if (!vq->packed) {
			struct pp_vring_used_elem *e =
				&vq->used->ring[s.used_idx & (vq->num - 1)];

			e->id = c.id;
			e->len = lie_len;
			s.used_idx++;
			if (!(ctl & 4))
				__atomic_store_n(&vq->used->idx, s.used_idx,
						 __ATOMIC_RELEASE);
		} else {
			struct pp_vring_packed_desc *d = &vq->pdesc[s.used_pos];
			uint16_t f = s.used_wrap ?
				(PP_VRING_PACKED_DESC_F_AVAIL |
				 PP_VRING_PACKED_DESC_F_USED) : 0;

			if (lie_len != 0)
				f |= PP_VRING_DESC_F_WRITE;
			d->id = c.id;
			d->len = lie_len;
			__atomic_store_n(&d->flags, (uint16_t)(f ^ xor),
					 __ATOMIC_RELEASE);
			s.used_pos += (ctl & 8) ? lie_skip : c.ndesc;
			while (s.used_pos >= vq->num) {
				s.used_pos -= vq->num;
				s.used_wrap ^= 1;
			}
		}
	}
}

/* Split: publish used->idx moved on by a delta. */
static void
dev_publish(uint8_t arg)
{
	if (s.port.vq == NULL || s.port.vq->packed)
		return;
	if (arg != 0)
		s.lied = 1;
	__atomic_store_n(&s.port.vq->used->idx, (uint16_t)(s.used_idx + arg),
			 __ATOMIC_RELEASE);
	if (arg & 0x80)
		s.used_idx = (uint16_t)(s.used_idx + (arg & 0x7F));
}

/* ---- the application ---- */

/*
 * One packet: ctl bits 0-1 segments (1, 2, 4, or 33 to 66), 2 no room
 * for the header in front, 3 shared (a second reference kept), then
 * one byte of length per segment (x 8, 0 .. 2040).
 */
static struct rte_mbuf *
app_pkt(struct fuzz_in *in, uint8_t ctl)
{
	static const uint8_t segs[] = { 1, 2, 4, 33 };
	struct rte_mbuf *head = NULL;
	unsigned int nseg = segs[ctl & 3], i;

	if (nseg == 33)
		nseg += fuzz_u8(in) % 34;
	for (i = 0; i < nseg; i++) {
		uint16_t len = (uint16_t)(fuzz_u8(in) * 8);
		struct rte_mbuf *m = rte_pktmbuf_alloc(mp);

		if (m == NULL)
			break;
		if (i == 0 && (ctl & 4))
			m->data_off = (uint16_t)(len % PP_VIRTIO_HDR_LEN);
		FUZZ_CHECK(rte_pktmbuf_append(m, len) != NULL || len == 0,
			   "append");
		memset(rte_pktmbuf_mtod(m, void *), 0x5A, m->data_len);
		if (head == NULL) {
			head = m;
		} else if (rte_pktmbuf_chain(head, m) != 0) {
			rte_pktmbuf_free(m);
			break;
		}
	}
	return head;
}

/* Send n (1..8) packets, arg bits 0-2; bits 3-7: each packet's ctl. */
static void
app_send(struct fuzz_in *in)
{
	uint8_t arg = fuzz_u8(in);
	unsigned int n = (arg & 7) + 1, i, made = 0;
	struct rte_mbuf *m[8];
	uint8_t shared[8];
	struct tx_counters before, after;
	uint16_t sent;

	for (i = 0; i < n && s.nb_pkts < PKTS_MAX - 8; i++) {
		uint8_t ctl = fuzz_u8(in);

		m[made] = app_pkt(in, ctl);
		if (m[made] == NULL)
			break;
		shared[made] = !!(ctl & 8);
		if (shared[made])
			rte_pktmbuf_refcnt_update(m[made], 1);
		s.pkts[s.nb_pkts++] = (struct pkt){ .m = m[made],
			.nb_segs = m[made]->nb_segs, .app_ref = 1 };
		made++;
	}
	if (made == 0)
		return;
	counters(&before);
	sent = pp_virtio_xmit_pkts(s.q, m, (uint16_t)made);
	counters(&after);
	check_counters(&before, &after);
	FUZZ_CHECK(sent <= made, "%u of %u", sent, made);
	FUZZ_CHECK(s.stopped ? sent == 0 : 1, "sent on a stopped queue");
	/* the first sent are the driver's (queued or dropped) */
	for (i = 0; i < made; i++) {
		unsigned int k;

		for (k = 0; k < s.nb_pkts; k++)
			if (s.pkts[k].m == m[i] && s.pkts[k].app_ref)
				break;
		FUZZ_CHECK(k < s.nb_pkts, "packet %u not tracked", i);
		if (i < sent) {
			if (!shared[i])
				s.pkts[k].app_ref = 0;
		} else {
			/* not taken: the application frees it */
			rte_pktmbuf_free(m[i]);
			if (shared[i])
				rte_pktmbuf_free(m[i]);
			s.pkts[k].app_ref = 0;
		}
	}
	check_accounts("send");
}

/* Drop the application's references of shared packets (up to arg). */
static void
app_free(uint8_t arg)
{
	unsigned int i;

	for (i = 0; i < s.nb_pkts && arg != 0; i++) {
		if (!s.pkts[i].app_ref)
			continue;
		s.pkts[i].app_ref = 0;
		rte_pktmbuf_free(s.pkts[i].m);
		arg--;
	}
	while (arg-- != 0 && s.nb_raw != 0)
		pagepool_put_page(s.raw[--s.nb_raw]);
	check_accounts("free");
}

/* Send n raw pages: arg bits 0-3 n, bit 4 data_off under 12, 5-7 length. */
static void
app_send_raw(uint8_t arg)
{
	struct pagepool_buf b[16];
	unsigned int n = (arg & 15) + 1, i, made = 0;
	struct tx_counters before, after;
	uint16_t sent;

	for (i = 0; i < n; i++) {
		struct pagepool_page *pg = pagepool_alloc(pool);

		if (pg == NULL)
			break;
		b[made] = (struct pagepool_buf){
			.page = pg, .offset = 0, .size = 4096,
			.data_off = (arg & 16) ? (uint16_t)(i % 12) : 128,
			.len = (uint16_t)(60 + (arg >> 5) * 500),
		};
		made++;
	}
	if (made == 0)
		return;
	counters(&before);
	sent = pp_virtio_xmit_raw(s.q, b, (uint16_t)made);
	counters(&after);
	check_counters(&before, &after);
	FUZZ_CHECK(sent <= made, "raw %u of %u", sent, made);
	for (i = sent; i < made; i++) {
		if (s.nb_raw < RAW_MAX)
			s.raw[s.nb_raw++] = b[i].page;
		else
			pagepool_put_page(b[i].page);
	}
	check_accounts("send raw");
}

/* tx_queue_stop, then (unless arg bit 0) tx_queue_start. */
static void
queue_restart(uint8_t arg)
{
	FUZZ_CHECK(pp_virtio_tx_queue_stop(dev, 0) == 0, "tx_queue_stop");
	FUZZ_CHECK(s.port.vq == NULL, "the device still runs the queue");
	check_accounts("stop");
	s.stopped = 1;
	if (arg & 1)
		return;
	FUZZ_CHECK(pp_virtio_tx_queue_start(dev, 0) == 0, "tx_queue_start");
	s.stopped = 0;
}

static void
fuzz_one(struct fuzz_in *in)
{
	static const uint16_t rings[] = { 64, 128, 256, 100 };
	uint8_t cfg = fuzz_u8(in);
	struct rte_eth_txconf conf = { 0 };
	uint16_t nb_desc = rings[(cfg >> 2) & 3];
	unsigned int ops = 0;
	uint64_t f = PP_VIRTIO_BIT(PP_VIRTIO_F_VERSION_1);
	struct tx_counters c;

	if (cfg & 1)
		f |= PP_VIRTIO_BIT(PP_VIRTIO_F_RING_PACKED);
	if (cfg & 2)
		f |= PP_VIRTIO_BIT(PP_VIRTIO_F_EVENT_IDX);
	s.port.hw.features = f;
	FUZZ_CHECK(pp_virtio_tx_queue_setup(dev, 0, nb_desc, SOCKET_ID_ANY,
					    &conf) == 0, "tx_queue_setup");
	s.q = dev->data->tx_queues[0];
	s.port.vq = NULL;
	FUZZ_CHECK(pp_virtio_tx_queue_start(dev, 0) == 0, "tx_queue_start");
	FUZZ_CHECK(s.port.vq == s.q->vq, "the device runs the queue");
	s.stopped = 0;
	s.nb_pkts = s.nb_raw = 0;

	/* ops: 0-2 send, 3 send raw, 4-5 device reads, 6-7 device reports
	 * used, 8 publish, 9 free, 10 restart, 11 a burst of 0 (reclaim) */
	while (!fuzz_done(in) && ops++ < 2048) {
		uint8_t op = fuzz_u8(in);

		switch (op % 12) {
		case 0: case 1: case 2:
			app_send(in);
			break;
		case 3:
			app_send_raw(fuzz_u8(in));
			break;
		case 4: case 5:
			dev_pop(fuzz_u8(in));
			break;
		case 6: case 7:
			dev_used(in);
			break;
		case 8:
			dev_publish(fuzz_u8(in));
			break;
		case 9:
			app_free(fuzz_u8(in));
			break;
		case 10:
			queue_restart(fuzz_u8(in));
			break;
		case 11: {
			struct tx_counters a, b;

			counters(&a);
			FUZZ_CHECK(pp_virtio_xmit_pkts(s.q, NULL, 0) == 0,
				   "empty burst");
			counters(&b);
			check_counters(&a, &b);
			check_accounts("reclaim");
			break;
		}
		}
	}
	if (getenv("FUZZ_VERBOSE") != NULL) {
		counters(&c);
		fprintf(stderr, "virtio_tx: %s ring %u: packets %" PRIu64
			" errors %" PRIu64 " ring_full %" PRIu64 " hdr_slot %"
			PRIu64 " bad_len %" PRIu64 " vq_bad_id %" PRIu64
			" popped %u broken %d\n",
			s.q->vq->packed ? "packed" : "split", s.q->vq->num,
			c.packets, c.errors, c.ring_full, c.hdr_slot, c.bad_len,
			c.vq_bad_id, s.nb_popped, s.broken);
	}

	/* everything goes home */
	app_free(255);
	app_free(255);
	FUZZ_CHECK(pp_virtio_tx_queue_stop(dev, 0) == 0, "tx_queue_stop");
	check_accounts("end");
	FUZZ_CHECK(s.nb_pkts == 0 && rte_mempool_avail_count(mp) == NB_MBUFS,
		   "%u packets alive, %u mbufs home of %u", s.nb_pkts,
		   rte_mempool_avail_count(mp), NB_MBUFS);
	check_all_home();
	FUZZ_CHECK(pagepool_in_flight(pool) == 0, "%u pages in flight",
		   pagepool_in_flight(pool));
	{
		struct pagepool_info info;

		FUZZ_CHECK(pagepool_info_get(pool, &info) == 0 &&
			   info.bad_put == 0, "%" PRIu64 " bad puts",
			   info.bad_put);
	}
	pp_virtio_tx_queue_release(dev, 0);
	s.q = NULL;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { .p = data, .len = size };

	fuzz_one(&in);
	return 0;
}
