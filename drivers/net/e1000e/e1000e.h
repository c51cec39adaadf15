/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The pagepool authors
 */
#ifndef E1000E_H
#define E1000E_H

/*
 * net_pp_e1000e private state: the adapter and its queues, shared by
 * e1000e_ethdev.c (control path) and e1000e_rxtx.c (data path).
 */

#include <stdint.h>

#include <ethdev_driver.h>
#include <rte_ether.h>
#include <rte_mbuf.h>

#include <pagepool.h>

#include "ppdrv.h"
#include "e1000e_regs.h"

/** Buffer behind one RX descriptor: a page-pool fragment. */
struct e1000e_rx_buf {
	struct pagepool_page *page;
	uint32_t offset;	/**< fragment start in the page */
};

/** One RX queue. Only the lcore that polls it touches the hot part. */
struct e1000e_rx_queue {
	/* hot: every burst */
	volatile union e1000e_rx_desc *ring;
	struct e1000e_rx_buf *bufs;	/**< shadow of the ring */
	volatile void *rdt;		/**< tail doorbell */
	struct rte_mbuf *pkt_first;	/**< frame being chained across bursts */
	struct rte_mbuf *pkt_last;
	uint16_t nb_desc;
	uint16_t next;			/**< next descriptor to examine */
	uint16_t nb_hold;		/**< re-armed, not yet given to the NIC */
	uint16_t refill;		/**< first consumed, not re-armed descriptor */
	uint16_t nb_empty;		/**< consumed, waiting for a page to re-arm */
	uint16_t free_thresh;		/**< RDT write batching */
	uint16_t max_segs;		/**< buffers a frame may span (MTU) */
	uint16_t port_id;
	uint16_t queue_id;
	uint8_t drop;			/**< discard up to the next EOP */
	uint8_t csum;			/**< report checksum flags */
	uint8_t rss;			/**< report the RSS hash */
	/* counters, written by the polling lcore only */
	uint64_t packets;
	uint64_t bytes;
	uint64_t desc_errors;		/**< frames with CE/SE/SEQ/CXE/RXE */
	uint64_t nombuf;		/**< descriptors left empty (no page), frames
					 *   dropped (no header mbuf) */
	uint64_t raw_too_long;		/**< raw path: frames over one buffer */
	uint64_t bad_length;		/**< frames with a write-back length
					 *   over the buffer (device fault) */
	uint64_t too_many_segs;		/**< frames over max_segs buffers */
	/** the queue's page pool, buffers and header mbufs (driver layer) */
	struct ppdrv_rxq pp;
	/* cold */
	const struct rte_memzone *mz;
	rte_iova_t ring_iova;
	uint8_t started;
	uint8_t deferred;		/**< rx_deferred_start */
} __rte_cache_aligned;

/** What a TX descriptor holds until the NIC is done with it. */
struct e1000e_tx_entry {
	struct rte_mbuf *mbuf;		/**< one segment, or NULL */
	struct pagepool_page *page;	/**< raw path fragment, or NULL */
};

/** One TX queue. */
struct e1000e_tx_queue {
	volatile struct e1000e_tx_desc *ring;
	struct e1000e_tx_entry *sw;
	uint16_t *rs_fifo;		/**< descriptors carrying RS, oldest first */
	volatile void *tdt;		/**< tail doorbell */
	uint64_t ctx_key;		/**< offload context last written, 0 none */
	uint16_t nb_desc;
	uint16_t tail;			/**< next free descriptor */
	uint16_t clean;			/**< oldest descriptor not reclaimed */
	uint16_t nb_free;
	uint16_t rs_thresh;		/**< descriptors between RS bits */
	uint16_t since_rs;
	uint16_t rs_head;
	uint16_t rs_count;
	uint16_t free_thresh;
	uint16_t port_id;
	uint16_t queue_id;
	uint64_t packets;
	uint64_t bytes;
	uint64_t dropped;		/**< packets refused: too many segments */
	const struct rte_memzone *mz;
	rte_iova_t ring_iova;
	uint8_t started;
	uint8_t deferred;		/**< tx_deferred_start */
} __rte_cache_aligned;

/** Hardware counters, accumulated (the registers clear on read). */
struct e1000e_hw_stats {
	uint64_t crcerrs, algnerrc, symerrs, rxerrc, mpc, rlec;
	uint64_t gprc, bprc, mprc, gptc, gorc, gotc;
	uint64_t rnbc, ruc, rfc, roc, rjc, tpr, tpt, mptc, bptc;
};

/** Per-port private data (dev->data->dev_private). */
struct e1000e_adapter {
	volatile uint8_t *hw;		/**< BAR0 */
	struct e1000e_hw_stats hw_stats;
	uint64_t rss_hf;
	struct ppdrv_devargs devargs;	/**< pool_bufs, rx_frags */
	uint32_t pool_gen;		/**< makes pool names unique */
	uint8_t rss_key[E1000E_RSS_KEY_LEN];
	uint16_t reta[E1000E_RETA_ENTRIES]; /**< queue of each entry */
	uint8_t intr_enabled;
	uint8_t gone;			/**< reads all-ones: logged once */
};

/**
 * RX buffers a frame of the port's MTU can fill: the cap on a chain. Counts
 * two VLAN tags and the CRC (stripped, but never mind) so that no frame the
 * port accepts is cut. With RCTL.LPE off (MTU 1500) that is one buffer.
 */
static inline uint16_t
e1000e_rx_max_segs(uint16_t mtu)
{
	uint32_t frame = (uint32_t)mtu + RTE_ETHER_HDR_LEN + RTE_ETHER_CRC_LEN +
			 2 * RTE_VLAN_HLEN;

	return (uint16_t)((frame + E1000E_RX_BUF_SIZE - 1) / E1000E_RX_BUF_SIZE);
}

#define E1000E_DEV_PRIVATE(dev) \
	((struct e1000e_adapter *)(dev)->data->dev_private)

/** Largest devarg pool_bufs: a pool holds at most 2^24 pages. */
#define E1000E_POOL_BUFS_MAX	PPDRV_POOL_BUFS_MAX

/* e1000e_ethdev.c: devargs, 0 or -EINVAL */
int e1000e_devargs_parse(struct e1000e_adapter *ad, const char *args);

/* e1000e_rxtx.c: data path */
uint16_t e1000e_recv_pkts(void *rxq, struct rte_mbuf **pkts, uint16_t nb);
uint16_t e1000e_xmit_pkts(void *txq, struct rte_mbuf **pkts, uint16_t nb);
uint16_t e1000e_prep_pkts(void *txq, struct rte_mbuf **pkts, uint16_t nb);
uint16_t e1000e_recv_raw(void *rxq, struct pagepool_buf *bufs, uint16_t nb);
uint16_t e1000e_xmit_raw(void *txq, struct pagepool_buf *bufs, uint16_t nb);

/* e1000e_ethdev.c */
extern const struct eth_dev_ops e1000e_eth_ops;

/* e1000e_rxtx.c: queue control */
int e1000e_rx_queue_setup(struct rte_eth_dev *dev, uint16_t qid,
		uint16_t nb_desc, unsigned int socket,
		const struct rte_eth_rxconf *conf, struct rte_mempool *mp);
int e1000e_tx_queue_setup(struct rte_eth_dev *dev, uint16_t qid,
		uint16_t nb_desc, unsigned int socket,
		const struct rte_eth_txconf *conf);
void e1000e_rx_queue_release(struct rte_eth_dev *dev, uint16_t qid);
void e1000e_tx_queue_release(struct rte_eth_dev *dev, uint16_t qid);
int e1000e_rx_queue_hw_start(struct rte_eth_dev *dev, struct e1000e_rx_queue *q);
void e1000e_rx_queue_reclaim(struct e1000e_rx_queue *q);
void e1000e_tx_queue_hw_start(struct rte_eth_dev *dev, struct e1000e_tx_queue *q);
void e1000e_tx_queue_reclaim(struct e1000e_tx_queue *q);
void e1000e_rxq_info_get(struct rte_eth_dev *dev, uint16_t qid,
		struct rte_eth_rxq_info *qinfo);
void e1000e_txq_info_get(struct rte_eth_dev *dev, uint16_t qid,
		struct rte_eth_txq_info *qinfo);

#endif /* E1000E_H */
