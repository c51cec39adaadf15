/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The pagepool authors
 */
#ifndef PPDRV_H
#define PPDRV_H

/**
 * @file
 * ppdrv: the pagepool driver layer, what every net_pp_* PMD needs and no
 * NIC defines. A static library linked into each plugin (drivers/net/
 * meson.build); doc/design.md, "The driver layer", says why it exists.
 *
 * - an RX queue's page pool (struct ppdrv_rxq, embedded in the driver's
 *   RX queue): sizing, naming, creation, ring fill, buffer and header
 *   allocation on the fast path, reclaim and destruction;
 * - the ownership rule, in one place: ppdrv_rxq_poll() at the top of every
 *   RX burst (mbuf and raw), pagepool_owner_reset() only from the control
 *   path (ppdrv_rxq_fill(), ppdrv_rxq_stop()). Nothing else moves a pool;
 * - TX completion: pagepool_free_batch (lib/pagepool/pagepool_mbuf.h);
 * - the devargs every pagepool PMD takes (pool_bufs, rx_frags);
 * - xstats from tables of {name, offset}, pool counters included;
 * - a bounded register wait (-ETIMEDOUT);
 * - the raw page path: publishing the queues to libpagepool_eth.
 */

#include <stddef.h>
#include <stdint.h>

#include <ethdev_driver.h>
#include <rte_mbuf.h>

#include <pagepool.h>
#include <pagepool_raw.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------ devargs */

/** Devarg: RX buffers each queue's pool holds. */
#define PPDRV_DEVARG_POOL_BUFS	"pool_bufs"
/** Devarg: 1 for fragment buffers, 0 for whole pages. */
#define PPDRV_DEVARG_RX_FRAGS	"rx_frags"
/** For RTE_PMD_REGISTER_PARAM_STRING(): the common devargs. */
#define PPDRV_DEVARGS_HELP	PPDRV_DEVARG_POOL_BUFS "=<int> " \
				PPDRV_DEVARG_RX_FRAGS "=0|1"
/** Largest pool_bufs: a pool holds at most 2^24 pages. */
#define PPDRV_POOL_BUFS_MAX	(UINT32_C(1) << 24)

/** The common devargs of a port; zero means the default. */
struct ppdrv_devargs {
	uint32_t pool_bufs;	/**< RX buffers per queue's pool; 0 = 4 ring-fulls */
	uint32_t rx_frags;	/**< 1: buffers are fragments of 16 KiB pages */
};

/**
 * Parse "key=value,..." (the device's devargs string, may be NULL or "").
 * Values are decimal, or hex with 0x: pool_bufs up to PPDRV_POOL_BUFS_MAX,
 * rx_frags 0 or 1. Unknown keys, keys without a value and bad values are
 * refused.
 *
 * @return 0, or -EINVAL with *da unchanged (all or nothing).
 */
int ppdrv_devargs_parse(struct ppdrv_devargs *da, const char *args);

/* --------------------------------------------------------- RX queue pool */

/** Header mbufs an RX queue takes from its mempool at once. */
#define PPDRV_HDR_STASH		32

/**
 * The page-pool half of an RX queue. Embed it in the driver's RX queue,
 * in the hot part: only the lcore polling the queue touches it on the fast
 * path; the control path while the queue is stopped.
 */
struct ppdrv_rxq {
	/* hot: every burst */
	struct pagepool *pool;		/**< owns every RX buffer of the queue */
	struct rte_mempool *hdr_mp;	/**< header mbufs (rx_queue_setup's pool) */
	uint32_t frag_size;		/**< bytes of a buffer, headroom included */
	uint16_t headroom;		/**< where the device writes, in a buffer */
	uint8_t frags;			/**< buffers are fragments of a page */
	uint8_t pinned;			/**< whole pages with pinned headers */
	uint16_t nb_stash;		/**< header mbufs in stash[] */
	struct rte_mbuf *stash[PPDRV_HDR_STASH]; /**< header mbufs ready */
	/* cold */
	uint32_t pool_bufs;		/**< buffers the pool was sized for */
	uint16_t port_id;		/**< for raw buffers and logs */
	uint16_t queue_id;		/**< for raw buffers and logs */
};

/** What ppdrv_rxq_setup() needs to know about the queue. */
struct ppdrv_rxq_conf {
	const char *drv;	/**< pool name prefix, e.g. "e1000e" (short) */
	uint32_t gen;		/**< makes the pool name unique per port */
	uint16_t port_id;	/**< ethdev port */
	uint16_t queue_id;	/**< RX queue */
	uint16_t nb_desc;	/**< ring size: the pool must fill it */
	uint32_t buf_size;	/**< bytes the device may write into a buffer */
	int socket_id;		/**< NUMA socket of the pages, or SOCKET_ID_ANY */
	struct rte_mempool *hdr_mp; /**< header mbufs, may be NULL (raw only) */
	const struct ppdrv_devargs *devargs; /**< may be NULL: defaults */
};

/**
 * Create the queue's pool: sized to four ring-fulls of buffers by default
 * (devarg pool_bufs; never less than the ring plus one page), named
 * "<drv><port>_rxq<queue>_<gen>", owned by no lcore until the first
 * ppdrv_rxq_poll(). A buffer is a whole 4 KiB page (its refcount stays 1,
 * freeing it takes no atomic), or with rx_frags a headroom + buf_size
 * fragment of a 16 KiB page (less memory, one atomic per free). A pool
 * whose pages have no IOVA is refused: the device would be given
 * RTE_BAD_IOVA + offset.
 *
 * @return 0, or -errno (logged): -ENOMEM, -EINVAL, -EEXIST from
 *   pagepool_create(), -ENOTSUP for a pool without IOVAs. On error nothing
 *   is held and r->pool is NULL.
 */
int ppdrv_rxq_setup(struct ppdrv_rxq *r, const struct ppdrv_rxq_conf *conf);

/**
 * Fill a ring of n descriptors, calling arm(ctx, i, page, offset) for
 * i = 0..n-1 with a fresh buffer each. Control path (queue start): the
 * calling lcore carves as the pool's owner, then the ownership is reset so
 * that the lcore which polls first binds. Warns once if the caller is not
 * an EAL lcore (each buffer then takes a whole page).
 *
 * @return 0, or -ENOMEM if the pool ran dry (the buffers armed so far stay
 *   in the ring: the driver reclaims them).
 */
int ppdrv_rxq_fill(struct ppdrv_rxq *r, uint16_t n,
		   void (*arm)(void *ctx, uint16_t idx, struct pagepool_page *pg,
			       uint32_t offset),
		   void *ctx);

/**
 * Queue stopped (control path, the device no longer writes): give the
 * header stash back to its mempool and forget the pool's owner. The driver
 * puts the buffers its ring still holds before or after.
 */
void ppdrv_rxq_stop(struct ppdrv_rxq *r);

/**
 * Queue released: ppdrv_rxq_stop(), then destroy the pool. With every page
 * home it is freed at once; otherwise when the last one comes back (logged).
 */
void ppdrv_rxq_release(struct ppdrv_rxq *r);

/**
 * Pool of RX queue queue_id of a port whose driver queues embed their
 * struct ppdrv_rxq at byte offset rxq_off (offsetof()); for
 * pagepool_raw_ops.rxq_pool. NULL with rte_errno EINVAL if there is none.
 */
struct pagepool *ppdrv_rxq_pool_of(uint16_t port_id, uint16_t queue_id,
				   size_t rxq_off);

/* fast path */

/**
 * Top of every RX burst, mbuf and raw: bind the polling lcore to the pool.
 * This is the only ownership call a driver makes on the data path: when
 * the queue moved to another lcore, pagepool_poll() asks the old one, which
 * gives the pool up between two of its bursts, or takes the pool at once
 * when the old one provably is not inside it (doc/design.md).
 */
static inline void
ppdrv_rxq_poll(struct ppdrv_rxq *r)
{
	pagepool_poll(r->pool);
}

/** A fresh RX buffer: a whole page (*off = 0) or a fragment. NULL if dry. */
static inline struct pagepool_page *
ppdrv_rx_buf_alloc(struct ppdrv_rxq *r, uint32_t *off)
{
	if (r->frags)
		return pagepool_alloc_frag(r->pool, off, r->frag_size);
	*off = 0;
	return pagepool_alloc(r->pool);
}

/** The address the device writes a buffer at: after the headroom. */
static inline rte_iova_t
ppdrv_rx_buf_iova(const struct ppdrv_rxq *r, const struct pagepool_page *pg,
		  uint32_t off)
{
	return pg->iova + off + r->headroom;
}

/** A header mbuf from the queue's stash, refilled in bulk; NULL if none. */
static inline struct rte_mbuf *
ppdrv_rx_hdr_alloc(struct ppdrv_rxq *r)
{
	if (unlikely(r->nb_stash == 0)) {
		if (rte_mempool_get_bulk(r->hdr_mp, (void **)r->stash,
					 PPDRV_HDR_STASH) == 0)
			r->nb_stash = PPDRV_HDR_STASH;
		else
			return rte_mbuf_raw_alloc(r->hdr_mp);
	}
	return r->stash[--r->nb_stash];
}

/**
 * Attach a received buffer to header mbuf m (from ppdrv_rx_hdr_alloc()):
 * data at the headroom, len bytes, no copy. The mbuf takes the buffer's
 * page reference. ol_flags is set to RTE_MBUF_F_EXTERNAL alone.
 */
static inline void
ppdrv_rx_attach(const struct ppdrv_rxq *r, struct rte_mbuf *m,
		struct pagepool_page *pg, uint32_t off, uint16_t len)
{
	pagepool_mbuf_attach(m, pg, off, r->frag_size);
	m->ol_flags = RTE_MBUF_F_EXTERNAL;
	m->data_len = len;
	m->pkt_len = len;
}

/**
 * The mbuf of a received buffer, data at the headroom (of a buffer that
 * starts off bytes into its page), len bytes, no copy; it takes the
 * buffer's page reference. Whole pages come with their pinned
 * header (one store burst, no header mempool, no attach); fragments get a
 * header from the stash and are attached. ol_flags is RTE_MBUF_F_EXTERNAL
 * alone.
 *
 * @return the mbuf, or NULL if no header mbuf was left (fragments only):
 *   the caller still holds the buffer.
 */
static inline struct rte_mbuf *
ppdrv_rx_mbuf(struct ppdrv_rxq *r, struct pagepool_page *pg, uint32_t off,
	      uint16_t len)
{
	struct rte_mbuf *m;

	if (likely(r->pinned)) {
		m = pagepool_page_pktmbuf(r->pool, pg);
		m->data_off = (uint16_t)(m->data_off + off);
		m->data_len = len;
		m->pkt_len = len;
		return m;
	}
	m = ppdrv_rx_hdr_alloc(r);
	if (likely(m != NULL))
		ppdrv_rx_attach(r, m, pg, off, len);
	return m;
}

/**
 * The mempool an RX queue's mbufs come from, for rx_queue_info: the pool's
 * pinned headers for whole pages (every mbuf the queue returns is one of
 * them, m->pool), else the header mempool rx_queue_setup was given.
 */
static inline struct rte_mempool *
ppdrv_rxq_mbuf_pool(const struct ppdrv_rxq *r)
{
	return r->pinned ? pagepool_mbuf_pool(r->pool) : r->hdr_mp;
}

/**
 * Describe a received buffer as a raw-path frame (flags and vlan_tci are
 * the caller's). The caller's page reference goes with it.
 */
static inline void
ppdrv_rx_raw_buf(const struct ppdrv_rxq *r, struct pagepool_buf *b,
		 struct pagepool_page *pg, uint32_t off, uint16_t len)
{
	b->page = pg;
	b->offset = off;
	/* a whole-page buffer may start off into its page (virtio's colours):
	 * it ends with the page */
	b->size = (uint16_t)(r->frags ? r->frag_size : r->frag_size - off);
	b->data_off = r->headroom;
	b->len = len;
	b->port = r->port_id;
	b->queue = r->queue_id;
}

/* ------------------------------------------------------------- xstats */

/** One extended statistic: a counter at an offset in some structure. */
struct ppdrv_xstat {
	const char *name; /**< as shown, after any "rxq<n>_" prefix */
	uint32_t off;	/**< offsetof() the counter */
	uint32_t size;	/**< 4 or 8 bytes */
};

/** Table entry for counter field of struct type, named name. */
#define PPDRV_XSTAT(name, type, field) \
	{ name, offsetof(type, field), sizeof(((type *)0)->field) }

/**
 * How a driver lays out its xstats: device counters (over dev_base, e.g.
 * the hardware counters), then per RX queue its own counters (over the
 * driver's RX queue) and the pool's (ppdrv_pool_xstats, over struct
 * pagepool_info, each named "pool_..."), then per TX queue its counters.
 * Queue names get the prefix "rxq<n>_" / "txq<n>_".
 */
struct ppdrv_xstats_layout {
	const struct ppdrv_xstat *dev;	/**< device counters, may be NULL */
	uint16_t nb_dev;		/**< entries in dev */
	uint16_t nb_rxq;		/**< entries in rxq */
	uint16_t nb_txq;		/**< entries in txq */
	const struct ppdrv_xstat *rxq;	/**< over the driver's RX queue */
	const struct ppdrv_xstat *txq;	/**< over the driver's TX queue */
	size_t rxq_pp_off;	/**< offsetof(driver RX queue, struct ppdrv_rxq) */
};

/** xstats_get: values (after the driver updated dev_base), or the count. */
int ppdrv_xstats_get(const struct rte_eth_dev *dev,
		     const struct ppdrv_xstats_layout *l, const void *dev_base,
		     struct rte_eth_xstat *xs, unsigned int n);

/** xstats_get_names: names, or the count. */
int ppdrv_xstats_get_names(const struct rte_eth_dev *dev,
			   const struct ppdrv_xstats_layout *l,
			   struct rte_eth_xstat_name *names, unsigned int size);

/** xstats_reset's part for the pools: zero every RX queue's pool counters. */
void ppdrv_xstats_reset_pools(const struct rte_eth_dev *dev,
			      const struct ppdrv_xstats_layout *l);

/* ---------------------------------------------------------- TX prepare */

/** ppdrv_tx_prepare_one() flag: an L4 checksum without IPV4/IPV6 is -EINVAL. */
#define PPDRV_TXP_L4_NEEDS_L3	RTE_BIT32(0)
/** ppdrv_tx_prepare_one() flag: an SCTP checksum request is -ENOTSUP. */
#define PPDRV_TXP_NO_SCTP	RTE_BIT32(1)

/**
 * The checks of eth_tx_prep_t for one mbuf, in this order:
 * more than max_segs segments (-EINVAL); an offload flag
 * (RTE_MBUF_F_TX_OFFLOAD_MASK) outside offload_mask, or with
 * PPDRV_TXP_NO_SCTP an SCTP checksum (-ENOTSUP); with PPDRV_TXP_L4_NEEDS_L3
 * an L4 checksum without RTE_MBUF_F_TX_IPV4 or RTE_MBUF_F_TX_IPV6
 * (-EINVAL: no pseudo-header can be computed). Then the pseudo-header sum
 * is written into the L4 checksum field (rte_net_intel_cksum_prepare()),
 * which is what a device that completes the L4 sum expects.
 *
 * @return 0, or -errno (the mbuf may have been written only on success
 *   of the checks, by rte_net_intel_cksum_prepare()).
 */
int ppdrv_tx_prepare_one(struct rte_mbuf *m, uint16_t max_segs,
			 uint64_t offload_mask, uint32_t flags);

/**
 * eth_tx_prep_t over a burst: ppdrv_tx_prepare_one() on each mbuf, stopping
 * at the first refused one with rte_errno set to its errno.
 *
 * @return the number of mbufs prepared (== nb when all are).
 */
uint16_t ppdrv_tx_prepare(struct rte_mbuf **pkts, uint16_t nb,
			  uint16_t max_segs, uint64_t offload_mask,
			  uint32_t flags);

/* -------------------------------------------------------- basic stats */

/**
 * Where a driver's queues keep the counters of struct rte_eth_stats: byte
 * offsets (offsetof()) into its RX and TX queue structures, each counter a
 * uint64_t. A queue's errors are the sum of several counters.
 */
struct ppdrv_qstats_layout {
	uint32_t rx_packets;		/**< ipackets, q_ipackets */
	uint32_t rx_bytes;		/**< ibytes, q_ibytes */
	uint32_t rx_nombuf;		/**< rx_nombuf */
	uint16_t nb_rx_errors;		/**< entries in rx_errors */
	uint16_t nb_tx_errors;		/**< entries in tx_errors */
	const uint32_t *rx_errors;	/**< summed: ierrors, q_errors */
	uint32_t tx_packets;		/**< opackets, q_opackets */
	uint32_t tx_bytes;		/**< obytes, q_obytes */
	const uint32_t *tx_errors;	/**< summed: oerrors */
};

/**
 * stats_get's part for the queues: add every RX and TX queue's counters
 * (queues not set up are skipped) into st's totals, and set st's q_*
 * entries of the queues below RTE_ETHDEV_QUEUE_STAT_CNTRS. The device's
 * own counters (imissed, hardware errors) are the driver's to add.
 */
void ppdrv_stats_sum(const struct rte_eth_dev *dev,
		     const struct ppdrv_qstats_layout *l,
		     struct rte_eth_stats *st);

/* ------------------------------------------------------------- RSS */

/**
 * reta_update's part that every driver shares: check every entry conf
 * selects (mask bit set) against nb_rxq (at least 1), and only if all are
 * valid copy them into reta, the driver's table of reta_size entries.
 * @return 0, or -EINVAL (size is not reta_size, or an entry names a queue
 *   that does not exist) with reta unchanged: a bad request loses nothing.
 */
int ppdrv_reta_update(uint16_t *reta, uint16_t reta_size,
		      const struct rte_eth_rss_reta_entry64 *conf,
		      uint16_t size, uint16_t nb_rxq);

/**
 * reta_query's part: the entries of reta that conf selects.
 * @return 0, or -EINVAL if size is not reta_size.
 */
int ppdrv_reta_query(const uint16_t *reta, uint16_t reta_size,
		     struct rte_eth_rss_reta_entry64 *conf, uint16_t size);

/* ------------------------------------------------------ control helpers */

/**
 * Poll the 32-bit register at base + reg until (value & mask) == want, every
 * 100 us (rte_delay_us_sleep()), for at most timeout_us.
 *
 * @param gone
 *   May be NULL. Asked when the register reads all-ones: a device that is
 *   gone (surprise removal) reads all-ones everywhere; then -ENODEV at once.
 * @return 0, -ETIMEDOUT, or -ENODEV.
 */
int ppdrv_wait_reg32(const volatile void *base, uint32_t reg, uint32_t mask,
		     uint32_t want, uint32_t timeout_us,
		     int (*gone)(const volatile void *base));

/**
 * The queues and their pools live in this process's private memory: a
 * secondary process could see the pointers but not what they point to.
 * @return 0 in the primary; -ENOTSUP, logged with op, elsewhere.
 */
int ppdrv_check_primary(const struct rte_eth_dev *dev, const char *op);

/**
 * Zeroed, cache-line aligned memory for driver state the device must not
 * reach (queues, shadow rings): plain process memory, which VFIO does not
 * map, unlike EAL memory. Free with free(). NULL if none.
 */
void *ppdrv_zalloc(size_t len);

/**
 * Raw page path: publish the port's queues to pagepool_rx_burst_raw() and
 * pagepool_tx_burst_raw() (after dev_start), or withdraw them (before the
 * buffers are taken back in dev_stop), as ethdev does for its bursts.
 */
void ppdrv_raw_queues_publish(const struct rte_eth_dev *dev);
/** See ppdrv_raw_queues_publish(). */
void ppdrv_raw_queues_withdraw(const struct rte_eth_dev *dev);

#ifdef __cplusplus
}
#endif

#endif /* PPDRV_H */
