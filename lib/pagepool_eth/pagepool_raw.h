/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The pagepool authors
 */
#ifndef PAGEPOOL_RAW_H
#define PAGEPOOL_RAW_H

/**
 * @file
 * Raw page path: receive and transmit page fragments without mbufs.
 *
 * A pagepool PMD (net_pp_*) registers its raw burst functions for a port
 * with pagepool_raw_register(), and the queues those bursts take with
 * pagepool_raw_rxq_set() / pagepool_raw_txq_set() while the port is
 * started; an application (the XDP-like example) then calls
 * pagepool_rx_burst_raw() / pagepool_tx_burst_raw() on that port, exactly
 * like rte_eth_rx_burst() / rte_eth_tx_burst(). Ports of other PMDs return
 * -ENOTSUP from pagepool_raw_supported().
 *
 * This registry is its own table, in libpagepool_eth, where drivers and
 * applications meet: it does not read ethdev's private fast-path table,
 * and the allocator (libpagepool) knows nothing of ports.
 *
 * Ownership: a received buffer holds one page reference, which the
 * application either puts (pagepool_put_page()) or passes to
 * pagepool_tx_burst_raw() on any raw-capable port; the PMD puts it when
 * the NIC has sent the frame, returning the page to the pool that owns it.
 */

#include <stdint.h>

#include <rte_config.h>

#include "pagepool_helpers.h"

#ifdef __cplusplus
extern "C" {
#endif

/** pagepool_buf.flags: the NIC checked the L3 checksum and found it good. */
#define PAGEPOOL_BUF_F_L3_CSUM_GOOD RTE_BIT32(0)
/** pagepool_buf.flags: the NIC checked the L4 checksum and found it good. */
#define PAGEPOOL_BUF_F_L4_CSUM_GOOD RTE_BIT32(1)
/** pagepool_buf.flags: the NIC found a bad L3 or L4 checksum. */
#define PAGEPOOL_BUF_F_CSUM_BAD RTE_BIT32(2)

/**
 * One frame in one page fragment, like the kernel's xdp_buff: packet data
 * is [data_off, data_off + len) of the fragment [offset, offset + size)
 * of page. Headroom is data_off, tailroom size - data_off - len.
 */
struct pagepool_buf {
	struct pagepool_page *page; /**< Page holding the frame (one reference). */
	uint32_t offset;    /**< Fragment start within the page. */
	uint16_t size;      /**< Fragment size. */
	uint16_t data_off;  /**< Packet start within the fragment. */
	uint16_t len;       /**< Packet length. */
	uint16_t port;      /**< Ingress port. */
	uint16_t queue;     /**< Ingress queue. */
	uint16_t vlan_tci;  /**< Stripped VLAN tag, if flags say so. */
	uint32_t flags;     /**< PAGEPOOL_BUF_F_* */
};

/** Packet data of a raw buffer. */
static inline void *
pagepool_buf_data(const struct pagepool_buf *b)
{
	return RTE_PTR_ADD(b->page->addr, b->offset + b->data_off);
}

/** IOVA of a raw buffer's packet data. */
static inline rte_iova_t
pagepool_buf_iova(const struct pagepool_buf *b)
{
	return b->page->iova + b->offset + b->data_off;
}

/** Raw RX burst of a PMD: like eth_rx_burst_t, on struct pagepool_buf. */
typedef uint16_t (*pagepool_rx_raw_t)(void *rxq, struct pagepool_buf *bufs,
				      uint16_t nb);
/** Raw TX burst of a PMD: takes over the page reference of each sent buf. */
typedef uint16_t (*pagepool_tx_raw_t)(void *txq, struct pagepool_buf *bufs,
				      uint16_t nb);

/** What a PMD registers for a port. */
struct pagepool_raw_ops {
	pagepool_rx_raw_t rx_burst; /**< Raw receive. */
	pagepool_tx_raw_t tx_burst; /**< Raw transmit. */
	/** Pool of an RX queue (for stats and for apps that allocate from it). */
	struct pagepool *(*rxq_pool)(uint16_t port_id, uint16_t queue_id);
};

/** @internal A port's raw path: its bursts and its queues (NULL: none). */
struct __pagepool_raw_port {
	pagepool_rx_raw_t rx_burst;
	pagepool_tx_raw_t tx_burst;
	const struct pagepool_raw_ops *ops;
	void *rxq[RTE_MAX_QUEUES_PER_PORT];
	void *txq[RTE_MAX_QUEUES_PER_PORT];
};

/** @internal The registry, indexed by port. */
extern struct __pagepool_raw_port __pagepool_raw_ports[RTE_MAX_ETHPORTS];

/**
 * Register (ops != NULL) or unregister (NULL) a port's raw path.
 * Called by a pagepool PMD on probe and close. Unregistering also forgets
 * the port's queues. @return 0 or -EINVAL.
 */
int pagepool_raw_register(uint16_t port_id, const struct pagepool_raw_ops *ops);

/**
 * Give the queue that pagepool_rx_burst_raw(port_id, queue_id) passes to the
 * port's rx_burst, or NULL to withdraw it (the burst then returns 0). A PMD
 * sets its queues when the port starts and withdraws them before it stops,
 * as ethdev does for rte_eth_rx_burst(). Control path only.
 * @return 0, or -EINVAL (port or queue out of range, or a queue on a port
 *   without a registered raw path).
 */
int pagepool_raw_rxq_set(uint16_t port_id, uint16_t queue_id, void *rxq);

/** pagepool_raw_rxq_set() for the queue pagepool_tx_burst_raw() passes. */
int pagepool_raw_txq_set(uint16_t port_id, uint16_t queue_id, void *txq);

/** @return 0 if the port has a raw path, -ENOTSUP if not, -EINVAL if no port. */
int pagepool_raw_supported(uint16_t port_id);

/** Pool of a port's RX queue, or NULL (rte_errno ENOTSUP / EINVAL). */
struct pagepool *pagepool_raw_rxq_pool(uint16_t port_id, uint16_t queue_id);

/**
 * Receive up to nb frames of a raw-capable port's RX queue.
 * Frames longer than one buffer are dropped and counted by the PMD.
 * @return frames received; 0 also for a port without a raw path, or one
 *   that is stopped.
 */
static inline uint16_t
pagepool_rx_burst_raw(uint16_t port_id, uint16_t queue_id,
		      struct pagepool_buf *bufs, uint16_t nb)
{
	const struct __pagepool_raw_port *p = &__pagepool_raw_ports[port_id];
	void *q = p->rxq[queue_id];

	if (unlikely(q == NULL))
		return 0;
	return p->rx_burst(q, bufs, nb);
}

/**
 * Send up to nb raw buffers on a raw-capable port's TX queue. The PMD owns
 * each accepted buffer's page reference; unsent ones stay the caller's.
 * @return buffers accepted.
 */
static inline uint16_t
pagepool_tx_burst_raw(uint16_t port_id, uint16_t queue_id,
		      struct pagepool_buf *bufs, uint16_t nb)
{
	const struct __pagepool_raw_port *p = &__pagepool_raw_ports[port_id];
	void *q = p->txq[queue_id];

	if (unlikely(q == NULL))
		return 0;
	return p->tx_burst(q, bufs, nb);
}

#ifdef __cplusplus
}
#endif

#endif /* PAGEPOOL_RAW_H */
