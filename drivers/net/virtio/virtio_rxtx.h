/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The pagepool authors
 */
#ifndef PP_VIRTIO_RXTX_H
#define PP_VIRTIO_RXTX_H

/**
 * @file
 * net_pp_virtio's queues and data path (virtio_rxtx.c), as the device layer
 * (virtio_ethdev.c) sees them. Transport-independent: the device is a
 * struct pp_virtio_hw, the rings are pp_vq_* (virtqueue.h), every address
 * the device gets goes through pp_virtio_addr().
 *
 * RX buffer layout (one pool buffer: a whole 4 KiB page, or with rx_frags
 * a fragment of a 16 KiB page), offsets from the buffer start:
 *
 *   0          headroom-12   headroom                       frag_size
 *   |  free    | virtio hdr  | frame ...                    |
 *              ^ the descriptor points here, len frag_size - headroom + 12
 *
 * so the 12-byte header (VERSION_1) lands right before the frame and the
 * mbuf's data starts at the pool's headroom, as for e1000e. A continuation
 * buffer (MRG_RXBUF, or the 2nd.. descriptor of a chain) holds frame bytes
 * from its posted address on, i.e. from headroom - 12.
 *
 * Lifecycle, as the device layer drives it:
 *   dev_configure                 nothing here
 *   rx/tx_queue_setup             queue, pool, virtqueue memory (no device)
 *   dev_start                     pp_virtio_queues_start() (rings filled and
 *                                 given to the transport), DRIVER_OK, then
 *                                 pp_virtio_queues_kick()
 *   rx/tx_queue_start/stop        one queue on a live device (the transport
 *                                 may refuse: PCI without RING_RESET)
 *   dev_stop                      transport reset, then pp_virtio_queues_stop()
 *                                 (every buffer home)
 *   rx/tx_queue_release, close    0 pages in flight
 */

#include <stdint.h>

#include <ethdev_driver.h>
#include <rte_mbuf.h>

#include <pagepool.h>
#include <pagepool_raw.h>

#include "ppdrv.h"
#include "virtio_hw.h"
#include "virtqueue.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The virtio-net header size with VERSION_1 (spec 5.1.6). */
#define PP_VIRTIO_HDR_LEN	((uint16_t)sizeof(struct pp_virtio_net_hdr))

/** Frame bytes a buffer takes with rx_frags (fragment = headroom + this). */
#define PP_VIRTIO_RX_FRAG_BUF	2048
/** Largest MTU the data path is built for (jumbo through MRG_RXBUF). */
#define PP_VIRTIO_MTU_MAX	9000
/** Descriptors one TX packet may take (header slot included); no INDIRECT. */
#define PP_VIRTIO_TX_MAX_SEGS	64
/** Default queue size when nb_desc is 0 (clamped to the device's maximum). */
#define PP_VIRTIO_RING_DEFAULT	256

/** One RX buffer posted to the device: a page and the fragment's offset. */
struct pp_virtio_rx_buf {
	struct pagepool_page *pg;
	uint32_t off;
};

/**
 * One RX queue (receiveq qid = virtqueue 2 * qid). Only the polling lcore
 * touches the hot part; the control path only while the queue is stopped.
 */
struct pp_virtio_rxq {
	/* hot: every burst */
	struct pp_vq *vq;
	/**
	 * Buffers of each posted chain: segs entries from
	 * bufs[id * max_segs], where id is the chain's pp_vq id; the
	 * chain's cookie points there. Not used with page_cookie.
	 */
	struct pp_virtio_rx_buf *bufs;
	struct rte_mbuf *pkt_first;	/**< MRG_RXBUF frame across bursts */
	struct rte_mbuf *pkt_last;
	struct pp_virtio_net_hdr pkt_hdr; /**< pkt_first's header, as read once */
	uint16_t pkt_left;	/**< buffers pkt_first still waits for */
	uint16_t skip;		/**< buffers of a dropped frame still to come */
	uint16_t segs;		/**< buffers per chain: 1, or (no MRG_RXBUF) the
				 *   MTU's frame over chained descriptors */
	uint16_t max_bufs;	/**< MRG_RXBUF: num_buffers a frame of the MTU
				 *   may need; more is a lie */
	uint16_t free_thresh;	/**< refill when this many chains are free */
	uint16_t refill_min;	/**< descriptors: free_thresh * segs */
	uint32_t buf_full;	/**< buf_len without colours */
	uint8_t colors;		/**< page_cookie buffers start at rx_color() */
	uint8_t page_cookie;	/**< a chain's cookie is its page (whole pages,
				 *   segs 1: no bufs[] entry), else &bufs[] */
	uint32_t buf_len;	/**< bytes posted per buffer (header included) */
	uint8_t mrg;		/**< MRG_RXBUF negotiated */
	uint8_t guest_csum;	/**< GUEST_CSUM negotiated */
	uint8_t started;
	uint16_t port_id;
	uint16_t queue_id;
	/* counters, written by the polling lcore only */
	uint64_t packets;
	uint64_t bytes;
	uint64_t no_mbuf;	/**< frames dropped: no header mbuf; refills
				 *   cut short: the pool was dry */
	uint64_t bad_hdr;	/**< used length shorter than the header, a GSO
				 *   type, a checksum offset outside the frame */
	uint64_t bad_num_buffers; /**< MRG_RXBUF num_buffers 0, beyond the MTU
				   *   or beyond the buffers in flight */
	uint64_t bad_len;	/**< used length beyond the posted buffer
				 *   (PP_VQ_BAD_LEN) or an empty continuation */
	uint64_t raw_too_long;	/**< raw path: frames over one buffer */
	uint64_t csum_fixed;	/**< NEEDS_CSUM frames checksummed here */
	struct pp_vq_stats vq_stats; /**< the virtqueue's, copied for xstats */
	/** the queue's page pool, buffers and header mbufs (driver layer) */
	struct ppdrv_rxq pp;
	/* cold */
	struct pp_virtio_hw *hw;
	uint16_t nb_desc;
	uint16_t max_segs;	/**< segs entries allocated per chain id */
	uint8_t deferred;	/**< rx_deferred_start */
} __rte_cache_aligned;

/**
 * Whole-page RX buffers (page_cookie) start one of this many cache lines
 * into their page, by page number, so that the frames of a burst do not
 * all sit at one offset of a 4 KiB page, which is one set of the L1 data
 * cache (the back-end copies into them; we and the application read them).
 */
#define PP_VIRTIO_RX_COLORS 16

/** Offset in its page of a whole-page RX buffer of q (0 without colours). */
static inline uint32_t
pp_virtio_rx_color(const struct pp_virtio_rxq *q, const struct pagepool_page *pg)
{
	return q->colors ? (pg->index & (PP_VIRTIO_RX_COLORS - 1)) *
			   (uint32_t)RTE_CACHE_LINE_SIZE : 0;
}

/**
 * The buffers of an RX chain from its cookie: with page_cookie the cookie
 * is the page (one whole-page buffer, described in *tmp), else it points
 * into q->bufs[].
 */
static inline const struct pp_virtio_rx_buf *
pp_virtio_rx_chain_bufs(const struct pp_virtio_rxq *q, void *cookie,
			struct pp_virtio_rx_buf *tmp)
{
	if (q->page_cookie) {
		tmp->pg = cookie;
		tmp->off = pp_virtio_rx_color(q, tmp->pg);
		return tmp;
	}
	return cookie;
}

/** One TX queue (transmitq qid = virtqueue 2 * qid + 1). */
struct pp_virtio_txq {
	/* hot: every burst */
	struct pp_vq *vq;
	/**
	 * Header slots, one per chain id (pp_vq_next_id()), device-readable
	 * (a memzone): for packets whose first segment has no private
	 * headroom (shared, indirect, fewer than 12 bytes) and raw buffers
	 * with data_off < 12.
	 */
	struct pp_virtio_net_hdr *hdrs;
	uint64_t hdrs_addr;	/**< device address of hdrs[0] */
	uint8_t started;
	uint8_t host_csum;	/**< CSUM negotiated: NEEDS_CSUM may be sent */
	uint8_t hdr_keep;	/**< hw->tx_hdr_keep, copied at start */
	uint16_t port_id;
	uint16_t queue_id;
	/* counters, written by the transmitting lcore only */
	uint64_t packets;
	uint64_t bytes;
	uint64_t errors;	/**< packets dropped: more segments than
				 *   PP_VIRTIO_TX_MAX_SEGS or the ring holds */
	uint64_t ring_full;	/**< packets refused: no free descriptors */
	uint64_t hdr_slot;	/**< packets whose header took a slot */
	uint64_t bad_len;	/**< used entries with a length (TX writes none) */
	struct pp_vq_stats vq_stats; /**< the virtqueue's, copied for xstats */
	/* cold */
	struct pp_virtio_hw *hw;
	const struct rte_memzone *hdr_mz;
	uint16_t nb_desc;
	uint8_t deferred;	/**< tx_deferred_start */
} __rte_cache_aligned;

/* ----------------------------------------------------------- data path */

/** eth_rx_burst_t. Frames over several buffers arrive as chained mbufs. */
uint16_t pp_virtio_recv_pkts(void *rxq, struct rte_mbuf **pkts, uint16_t nb);
/**
 * eth_tx_burst_t: any mbuf (chained, external, page mbufs of any pool).
 * Completed packets are freed in bulk (pagepool_free_batch). A packet that
 * can never fit is dropped and counted (errors); when the ring is full the
 * burst returns fewer and counts them (ring_full).
 */
uint16_t pp_virtio_xmit_pkts(void *txq, struct rte_mbuf **pkts, uint16_t nb);
/**
 * eth_tx_prep_t: refuses (rte_errno) more than PP_VIRTIO_TX_MAX_SEGS - 1
 * segments (EINVAL) and offloads other than TCP/UDP checksum (ENOTSUP);
 * puts the pseudo-header checksum in the L4 header, as NEEDS_CSUM wants.
 */
uint16_t pp_virtio_prep_pkts(void *txq, struct rte_mbuf **pkts, uint16_t nb);
/** Raw page path: frames of one buffer; longer ones dropped (raw_too_long). */
uint16_t pp_virtio_recv_raw(void *rxq, struct pagepool_buf *bufs, uint16_t nb);
/** Raw page path: each accepted buffer's page goes home on completion. */
uint16_t pp_virtio_xmit_raw(void *txq, struct pagepool_buf *bufs, uint16_t nb);

/**
 * For pagepool_raw_register(port, &pp_virtio_raw_ops) at init (and NULL at
 * close); the queues are published with ppdrv_raw_queues_publish() after
 * dev_start and withdrawn with ppdrv_raw_queues_withdraw() before dev_stop.
 */
extern const struct pagepool_raw_ops pp_virtio_raw_ops;

/* ------------------------------------------------------- queue control */

/**
 * 1 if a frame of @p mtu (with the header and two VLAN tags) fits one RX
 * buffer of @p q, leaving room for its colour: the queue needs no
 * MRG_RXBUF.
 */
int pp_virtio_rxq_fits_one(const struct pp_virtio_rxq *q, uint16_t mtu);

/**
 * rx_queue_setup, with the port's common devargs (pool_bufs, rx_frags; may
 * be NULL). nb_desc 0 means PP_VIRTIO_RING_DEFAULT; more than the device's
 * queue_max is clamped to it; split rings round down to a power of two.
 * Creates the queue's pool (and calls hw->ops->mem_update if set) and its
 * virtqueue; the device sees neither until the queue starts. A queue
 * already set up at qid is released first.
 * @return 0 or -errno.
 */
int pp_virtio_rx_queue_setup(struct rte_eth_dev *dev, uint16_t qid,
			     uint16_t nb_desc, unsigned int socket,
			     const struct rte_eth_rxconf *conf,
			     struct rte_mempool *mp,
			     const struct ppdrv_devargs *da);
/** rx_queue_release: the queue must be stopped; every page goes home. */
void pp_virtio_rx_queue_release(struct rte_eth_dev *dev, uint16_t qid);
/** tx_queue_setup (nb_desc as for RX). Header slots in a memzone. */
int pp_virtio_tx_queue_setup(struct rte_eth_dev *dev, uint16_t qid,
			     uint16_t nb_desc, unsigned int socket,
			     const struct rte_eth_txconf *conf);
/** tx_queue_release: the queue must be stopped. */
void pp_virtio_tx_queue_release(struct rte_eth_dev *dev, uint16_t qid);

/**
 * dev_start, before DRIVER_OK: every queue set up and not deferred gets its
 * ring filled (RX) and is given to the device (hw->ops->queue_setup).
 * Nothing is notified yet. On error the caller resets the device and calls
 * pp_virtio_queues_stop().
 * @return 0 or -errno.
 */
int pp_virtio_queues_start(struct rte_eth_dev *dev);
/** dev_start, after DRIVER_OK: publish and notify the RX buffers. */
void pp_virtio_queues_kick(struct rte_eth_dev *dev);
/**
 * dev_stop, after the device was reset (hw->ops->reset): it touches no ring
 * any more, so every buffer of every queue goes home (pp_vq_drain), and
 * every queue is stopped, ready for the next start.
 */
void pp_virtio_queues_stop(struct rte_eth_dev *dev);

/**
 * rx_queue_start on a live (DRIVER_OK) device: fill the ring, give the
 * queue to the device (hw->ops->queue_setup, which may refuse: its error
 * is returned and the buffers go home), notify.
 */
int pp_virtio_rx_queue_start(struct rte_eth_dev *dev, uint16_t qid);
/**
 * rx_queue_stop on a live device: hw->ops->queue_release, then every buffer
 * goes home. If the transport cannot take the queue back (its error is
 * returned) the buffers stay posted until pp_virtio_queues_stop().
 */
int pp_virtio_rx_queue_stop(struct rte_eth_dev *dev, uint16_t qid);
/** tx_queue_start on a live device (see pp_virtio_rx_queue_start()). */
int pp_virtio_tx_queue_start(struct rte_eth_dev *dev, uint16_t qid);
/** tx_queue_stop on a live device (see pp_virtio_rx_queue_stop()). */
int pp_virtio_tx_queue_stop(struct rte_eth_dev *dev, uint16_t qid);

/** rxq_info_get. */
void pp_virtio_rxq_info_get(struct rte_eth_dev *dev, uint16_t qid,
			    struct rte_eth_rxq_info *qinfo);
/** txq_info_get. */
void pp_virtio_txq_info_get(struct rte_eth_dev *dev, uint16_t qid,
			    struct rte_eth_txq_info *qinfo);

/* ------------------------------------------------------------- stats */

/** stats_get's queue part: packets, bytes, errors, rx_nombuf, per queue. */
void pp_virtio_queue_stats_get(const struct rte_eth_dev *dev,
			       struct rte_eth_stats *st);
/** stats_reset's queue part (the virtqueues' counters too). */
void pp_virtio_queue_stats_reset(struct rte_eth_dev *dev);

/**
 * xstats: per RX queue its counters (rxq<n>_...) and its pool's
 * (rxq<n>_pool_...), per TX queue its counters (txq<n>_...). No device
 * counters: virtio-net has none. Ready for dev_ops.
 */
int pp_virtio_xstats_get(struct rte_eth_dev *dev, struct rte_eth_xstat *xs,
			 unsigned int n);
/** xstats_get_names, see pp_virtio_xstats_get(). */
int pp_virtio_xstats_get_names(struct rte_eth_dev *dev,
			       struct rte_eth_xstat_name *names,
			       unsigned int size);
/** xstats_reset: queue counters and pool counters. */
int pp_virtio_xstats_reset(struct rte_eth_dev *dev);

/** The table layout behind pp_virtio_xstats_get() (for tests and docs). */
extern const struct ppdrv_xstats_layout pp_virtio_xstats_layout;

#ifdef __cplusplus
}
#endif

#endif /* PP_VIRTIO_RXTX_H */
