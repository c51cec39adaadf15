/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The pagepool authors
 */

/*
 * The pagepool driver layer: the control-path half of ppdrv.h (the fast
 * path is inline there). Nothing here knows a NIC.
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_errno.h>
#include <rte_io.h>
#include <rte_kvargs.h>
#include <rte_lcore.h>
#include <rte_log.h>
#include <rte_net.h>

#include "ppdrv.h"

RTE_LOG_REGISTER(ppdrv_logtype, pmd.net.pp_common, NOTICE);

#define PPDRV_LOG(level, fmt, ...) \
	rte_log(RTE_LOG_ ## level, ppdrv_logtype, "%s(): " fmt "\n", \
		__func__, ##__VA_ARGS__)

/* Page sizes of the two buffer modes (see ppdrv_rxq_setup()). */
#define PPDRV_PAGE_SIZE		4096u
#define PPDRV_FRAG_PAGE_SIZE	16384u

/* ------------------------------------------------------------ devargs */

struct devarg_u32 {
	uint32_t *out;
	uint32_t max;
};

/* Decimal, or 0x and hex digits; no sign, no blank, no octal; <= max. */
static int
parse_u32(const char *key __rte_unused, const char *val, void *opaque)
{
	const struct devarg_u32 *a = opaque;
	uint64_t v = 0;
	unsigned int base = 10, digits = 0;

	if (val == NULL)
		return -EINVAL; /* "key" without "=value" */
	if (val[0] == '0' && (val[1] == 'x' || val[1] == 'X')) {
		base = 16;
		val += 2;
	}
	for (; *val != '\0'; val++, digits++) {
		unsigned int d;

		if (*val >= '0' && *val <= '9')
			d = (unsigned int)(*val - '0');
		else if (base == 16 && *val >= 'a' && *val <= 'f')
			d = (unsigned int)(*val - 'a' + 10);
		else if (base == 16 && *val >= 'A' && *val <= 'F')
			d = (unsigned int)(*val - 'A' + 10);
		else
			return -EINVAL;
		v = v * base + d;
		if (v > a->max)
			return -EINVAL;
	}
	if (digits == 0)
		return -EINVAL;
	*a->out = (uint32_t)v;
	return 0;
}

int
ppdrv_devargs_parse(struct ppdrv_devargs *da, const char *args)
{
	static const char * const keys[] = {
		PPDRV_DEVARG_POOL_BUFS, PPDRV_DEVARG_RX_FRAGS, NULL
	};
	struct ppdrv_devargs v = *da;
	struct devarg_u32 pool_bufs = { &v.pool_bufs, PPDRV_POOL_BUFS_MAX };
	struct devarg_u32 rx_frags = { &v.rx_frags, 1 };
	struct rte_kvargs *kv;
	int ret;

	if (args == NULL || args[0] == '\0')
		return 0;
	kv = rte_kvargs_parse(args, keys);
	if (kv == NULL)
		return -EINVAL;
	ret = rte_kvargs_process(kv, PPDRV_DEVARG_POOL_BUFS, parse_u32,
				 &pool_bufs);
	if (ret == 0)
		ret = rte_kvargs_process(kv, PPDRV_DEVARG_RX_FRAGS, parse_u32,
					 &rx_frags);
	rte_kvargs_free(kv);
	if (ret != 0)
		return -EINVAL; /* kvargs says -1 whatever the handler said */
	*da = v;
	return 0;
}

/* --------------------------------------------------------- RX queue pool */

int
ppdrv_rxq_setup(struct ppdrv_rxq *r, const struct ppdrv_rxq_conf *c)
{
	static const struct ppdrv_devargs defaults;
	const struct ppdrv_devargs *da = c->devargs != NULL ? c->devargs : &defaults;
	struct pagepool_params pp;
	char name[PAGEPOOL_NAMESIZE];
	uint32_t per_page, bufs;
	int err;

	memset(r, 0, sizeof(*r));
	r->port_id = c->port_id;
	r->queue_id = c->queue_id;
	r->hdr_mp = c->hdr_mp;
	pagepool_params_init(&pp);
	r->frags = da->rx_frags != 0;
	r->headroom = (uint16_t)pp.headroom;
	if (r->frags) {
		pp.page_size = PPDRV_FRAG_PAGE_SIZE;
		r->frag_size = RTE_ALIGN_CEIL(pp.headroom + c->buf_size,
					      PAGEPOOL_FRAG_ALIGN);
	} else {
		/*
		 * Whole pages: each with its own pinned mbuf header, so that a
		 * received page becomes an mbuf with no header allocation and
		 * no attach, and any rte_pktmbuf_free() sends it home.
		 */
		pp.page_size = PPDRV_PAGE_SIZE;
		pp.flags |= PAGEPOOL_F_PINNED_MBUF;
		r->frag_size = pp.page_size;
		r->pinned = 1;
	}
	if (pp.headroom + c->buf_size > r->frag_size ||
	    r->frag_size > pp.page_size) {
		PPDRV_LOG(ERR, "port %u rxq %u: a %u-byte buffer and %u of "
			  "headroom do not fit a %u-byte page", c->port_id,
			  c->queue_id, c->buf_size, pp.headroom, pp.page_size);
		return -EINVAL;
	}
	/*
	 * Four ring-fulls by default: room for the ring, a peer's TX ring and
	 * the bursts in between. Never fewer than the ring needs to fill.
	 */
	per_page = pp.page_size / r->frag_size;
	bufs = da->pool_bufs != 0 ? da->pool_bufs : 4u * c->nb_desc;
	if (bufs < (uint32_t)c->nb_desc + per_page)
		bufs = c->nb_desc + per_page;
	r->pool_bufs = bufs;
	snprintf(name, sizeof(name), "%s%u_rxq%u_%u", c->drv, c->port_id,
		 c->queue_id, c->gen);
	pp.name = name;
	pp.nb_pages = (bufs + per_page - 1) / per_page;
	pp.socket_id = c->socket_id;
	pp.owner_lcore = PAGEPOOL_OWNER_NONE;
	r->pool = pagepool_create(&pp);
	if (r->pool == NULL) {
		err = rte_errno;
		PPDRV_LOG(ERR, "pagepool_create(%s, %u pages): %s", name,
			  pp.nb_pages, rte_strerror(err));
		return -err;
	}
	if (!pagepool_has_iova(r->pool)) {
		PPDRV_LOG(ERR, "port %u rxq %u: page pool has no IOVA (EAL "
			  "memory without hugepages in IOVA-as-PA mode?): use "
			  "hugepages or --iova-mode=va", c->port_id, c->queue_id);
		pagepool_destroy(r->pool);
		r->pool = NULL;
		return -ENOTSUP;
	}
	return 0;
}

int
ppdrv_rxq_fill(struct ppdrv_rxq *r, uint16_t n,
	       void (*arm)(void *ctx, uint16_t idx, struct pagepool_page *pg,
			   uint32_t offset),
	       void *ctx)
{
	uint16_t i;
	int ret = 0;

	/*
	 * Carve on this (control) lcore as the pool's owner: a non-owner gets
	 * a whole page per fragment. The polling lcore binds afterwards.
	 */
	pagepool_owner_reset(r->pool);
	pagepool_poll(r->pool);
	if (!pagepool_is_owner(r->pool))
		PPDRV_LOG(WARNING, "port %u rxq %u: not started from an EAL "
			  "lcore, the ring takes one page per buffer",
			  r->port_id, r->queue_id);
	for (i = 0; i < n; i++) {
		struct pagepool_page *pg;
		uint32_t off;

		pg = ppdrv_rx_buf_alloc(r, &off);
		if (pg == NULL) {
			PPDRV_LOG(ERR, "port %u rxq %u: pool empty at %u/%u",
				  r->port_id, r->queue_id, i, n);
			ret = -ENOMEM;
			break;
		}
		arm(ctx, i, pg, off);
	}
	pagepool_owner_reset(r->pool);
	return ret;
}

void
ppdrv_rxq_stop(struct ppdrv_rxq *r)
{
	if (r->nb_stash != 0) {
		rte_mempool_put_bulk(r->hdr_mp, (void **)r->stash, r->nb_stash);
		r->nb_stash = 0;
	}
	if (r->pool != NULL)
		pagepool_owner_reset(r->pool);
}

void
ppdrv_rxq_release(struct ppdrv_rxq *r)
{
	int left;

	ppdrv_rxq_stop(r);
	if (r->pool == NULL)
		return;
	left = pagepool_destroy(r->pool);
	if (left > 0)
		PPDRV_LOG(INFO, "port %u rxq %u: %d pages still in flight, "
			  "pool freed when they return",
			  r->port_id, r->queue_id, left);
	r->pool = NULL;
}

struct pagepool *
ppdrv_rxq_pool_of(uint16_t port_id, uint16_t queue_id, size_t rxq_off)
{
	const struct rte_eth_dev *dev;
	const void *q;

	if (port_id >= RTE_MAX_ETHPORTS) {
		rte_errno = EINVAL;
		return NULL;
	}
	dev = &rte_eth_devices[port_id];
	if (dev->data == NULL || queue_id >= dev->data->nb_rx_queues ||
	    (q = dev->data->rx_queues[queue_id]) == NULL) {
		rte_errno = EINVAL;
		return NULL;
	}
	return ((const struct ppdrv_rxq *)RTE_PTR_ADD(q, rxq_off))->pool;
}

/* ------------------------------------------------------------- xstats */

/* The pool of each RX queue, named as a queue counter "pool_...". */
#define POOL_XSTAT(n, f) PPDRV_XSTAT("pool_" n, struct pagepool_info, f)
static const struct ppdrv_xstat ppdrv_pool_xstats[] = {
	POOL_XSTAT("alloc_fast", stats.alloc_fast),
	POOL_XSTAT("alloc_slow", stats.alloc_slow),
	POOL_XSTAT("alloc_refill", stats.alloc_refill),
	POOL_XSTAT("alloc_empty", stats.alloc_empty),
	POOL_XSTAT("recycle_cached", stats.recycle_cached),
	POOL_XSTAT("recycle_ring", stats.recycle_ring),
	POOL_XSTAT("recycle_ring_full", stats.recycle_ring_full),
	POOL_XSTAT("recycle_released", stats.recycle_released),
	POOL_XSTAT("pages", nb_pages),
	POOL_XSTAT("in_flight", in_flight),
	POOL_XSTAT("cached", cached),
	POOL_XSTAT("ring", ring),
	POOL_XSTAT("backing", backing),
	POOL_XSTAT("bad_put", bad_put),
	POOL_XSTAT("home_excess", home_excess),
};
#define NB_POOL_XSTATS RTE_DIM(ppdrv_pool_xstats)

static unsigned int
xstats_count(const struct rte_eth_dev *dev, const struct ppdrv_xstats_layout *l)
{
	return l->nb_dev + dev->data->nb_rx_queues * (l->nb_rxq + NB_POOL_XSTATS) +
	       dev->data->nb_tx_queues * l->nb_txq;
}

static uint64_t
xstat_read(const struct ppdrv_xstat *x, const void *base)
{
	const void *p;

	if (base == NULL)
		return 0;
	p = RTE_PTR_ADD(base, x->off);
	return x->size == sizeof(uint64_t) ? *(const uint64_t *)p :
					     *(const uint32_t *)p;
}

/* Values of table t (n entries) over base (zeros if NULL) from xs[k]. */
static unsigned int
xstats_fill(struct rte_eth_xstat *xs, unsigned int k,
	    const struct ppdrv_xstat *t, unsigned int n, const void *base)
{
	unsigned int i;

	for (i = 0; i < n; i++, k++) {
		xs[k].id = k;
		xs[k].value = xstat_read(&t[i], base);
	}
	return k;
}

static unsigned int
xstats_names(struct rte_eth_xstat_name *names, unsigned int k,
	     const char *prefix, unsigned int q, const struct ppdrv_xstat *t,
	     unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++, k++) {
		if (prefix != NULL)
			snprintf(names[k].name, sizeof(names[k].name),
				 "%s%u_%s", prefix, q, t[i].name);
		else
			strlcpy(names[k].name, t[i].name, sizeof(names[k].name));
	}
	return k;
}

int
ppdrv_xstats_get(const struct rte_eth_dev *dev,
		 const struct ppdrv_xstats_layout *l, const void *dev_base,
		 struct rte_eth_xstat *xs, unsigned int n)
{
	unsigned int count = xstats_count(dev, l), k = 0, i;

	if (xs == NULL || n < count)
		return count;
	k = xstats_fill(xs, k, l->dev, l->nb_dev, dev_base);
	for (i = 0; i < dev->data->nb_rx_queues; i++) {
		const void *q = dev->data->rx_queues[i];
		struct pagepool_info pi;
		const void *pib = NULL;

		if (q != NULL && pagepool_info_get(((const struct ppdrv_rxq *)
				RTE_PTR_ADD(q, l->rxq_pp_off))->pool, &pi) == 0)
			pib = &pi;
		k = xstats_fill(xs, k, l->rxq, l->nb_rxq, q);
		k = xstats_fill(xs, k, ppdrv_pool_xstats, NB_POOL_XSTATS, pib);
	}
	for (i = 0; i < dev->data->nb_tx_queues; i++)
		k = xstats_fill(xs, k, l->txq, l->nb_txq,
				dev->data->tx_queues[i]);
	return count;
}

int
ppdrv_xstats_get_names(const struct rte_eth_dev *dev,
		       const struct ppdrv_xstats_layout *l,
		       struct rte_eth_xstat_name *names, unsigned int size)
{
	unsigned int count = xstats_count(dev, l), k = 0, i;

	if (names == NULL || size < count)
		return count;
	k = xstats_names(names, k, NULL, 0, l->dev, l->nb_dev);
	for (i = 0; i < dev->data->nb_rx_queues; i++) {
		k = xstats_names(names, k, "rxq", i, l->rxq, l->nb_rxq);
		k = xstats_names(names, k, "rxq", i, ppdrv_pool_xstats,
				 NB_POOL_XSTATS);
	}
	for (i = 0; i < dev->data->nb_tx_queues; i++)
		k = xstats_names(names, k, "txq", i, l->txq, l->nb_txq);
	return count;
}

void
ppdrv_xstats_reset_pools(const struct rte_eth_dev *dev,
			 const struct ppdrv_xstats_layout *l)
{
	uint16_t i;

	for (i = 0; i < dev->data->nb_rx_queues; i++) {
		void *q = dev->data->rx_queues[i];

		if (q != NULL)
			pagepool_stats_reset(((struct ppdrv_rxq *)
					RTE_PTR_ADD(q, l->rxq_pp_off))->pool);
	}
}

/* ------------------------------------------------------ control helpers */

#define PPDRV_WAIT_STEP_US	100

int
ppdrv_wait_reg32(const volatile void *base, uint32_t reg, uint32_t mask,
		 uint32_t want, uint32_t timeout_us,
		 int (*gone)(const volatile void *base))
{
	const volatile void *addr = (const volatile uint8_t *)base + reg;
	uint32_t waited = 0, v;

	for (;;) {
		v = rte_read32(addr);
		if ((v & mask) == want)
			return 0;
		if (v == UINT32_MAX && gone != NULL && gone(base))
			return -ENODEV;
		if (waited >= timeout_us)
			return -ETIMEDOUT;
		rte_delay_us_sleep(PPDRV_WAIT_STEP_US);
		waited += PPDRV_WAIT_STEP_US;
	}
}

int
ppdrv_check_primary(const struct rte_eth_dev *dev, const char *op)
{
	if (rte_eal_process_type() == RTE_PROC_PRIMARY)
		return 0;
	PPDRV_LOG(ERR, "port %u: %s refused in a secondary process: the RX "
		  "page pools live in the primary's private memory",
		  dev->data->port_id, op);
	return -ENOTSUP;
}

void *
ppdrv_zalloc(size_t len)
{
	void *p;

	if (posix_memalign(&p, RTE_CACHE_LINE_SIZE,
			   RTE_ALIGN_CEIL(len, RTE_CACHE_LINE_SIZE)) != 0)
		return NULL;
	memset(p, 0, len);
	return p;
}

void
ppdrv_raw_queues_publish(const struct rte_eth_dev *dev)
{
	uint16_t port = dev->data->port_id, i;

	for (i = 0; i < dev->data->nb_rx_queues; i++)
		pagepool_raw_rxq_set(port, i, dev->data->rx_queues[i]);
	for (i = 0; i < dev->data->nb_tx_queues; i++)
		pagepool_raw_txq_set(port, i, dev->data->tx_queues[i]);
}

void
ppdrv_raw_queues_withdraw(const struct rte_eth_dev *dev)
{
	uint16_t port = dev->data->port_id, i;

	for (i = 0; i < dev->data->nb_rx_queues; i++)
		pagepool_raw_rxq_set(port, i, NULL);
	for (i = 0; i < dev->data->nb_tx_queues; i++)
		pagepool_raw_txq_set(port, i, NULL);
}

/* ------------------------------------------------------------ TX prepare */

int
ppdrv_tx_prepare_one(struct rte_mbuf *m, uint16_t max_segs,
		     uint64_t offload_mask, uint32_t flags)
{
	uint64_t l4 = m->ol_flags & RTE_MBUF_F_TX_L4_MASK;

	if (m->nb_segs > max_segs)
		return -EINVAL;
	if ((m->ol_flags & RTE_MBUF_F_TX_OFFLOAD_MASK & ~offload_mask) != 0 ||
	    ((flags & PPDRV_TXP_NO_SCTP) && l4 == RTE_MBUF_F_TX_SCTP_CKSUM))
		return -ENOTSUP;
	if ((flags & PPDRV_TXP_L4_NEEDS_L3) && l4 != 0 &&
	    !(m->ol_flags & (RTE_MBUF_F_TX_IPV4 | RTE_MBUF_F_TX_IPV6)))
		return -EINVAL;
	return rte_net_intel_cksum_prepare(m);
}

uint16_t
ppdrv_tx_prepare(struct rte_mbuf **pkts, uint16_t nb, uint16_t max_segs,
		 uint64_t offload_mask, uint32_t flags)
{
	uint16_t i;

	for (i = 0; i < nb; i++) {
		int ret = ppdrv_tx_prepare_one(pkts[i], max_segs, offload_mask,
					       flags);

		if (ret != 0) {
			rte_errno = -ret;
			break;
		}
	}
	return i;
}

/* ----------------------------------------------------------- basic stats */

static inline uint64_t
qctr(const void *q, uint32_t off)
{
	return *(const uint64_t *)((const char *)q + off);
}

static uint64_t
qctr_sum(const void *q, const uint32_t *offs, uint16_t n)
{
	uint64_t v = 0;
	uint16_t k;

	for (k = 0; k < n; k++)
		v += qctr(q, offs[k]);
	return v;
}

/* Entry i of a RETA in ethdev's groups of 64, and whether conf selects it. */
static inline int
reta_sel(const struct rte_eth_rss_reta_entry64 *conf, uint16_t i)
{
	return (conf[i / RTE_ETH_RETA_GROUP_SIZE].mask >>
		(i % RTE_ETH_RETA_GROUP_SIZE)) & 1;
}

int
ppdrv_reta_update(uint16_t *reta, uint16_t reta_size,
		  const struct rte_eth_rss_reta_entry64 *conf, uint16_t size,
		  uint16_t nb_rxq)
{
	uint16_t i;

	if (size != reta_size || conf == NULL)
		return -EINVAL;
	nb_rxq = RTE_MAX(nb_rxq, 1);
	/* all or nothing: check every selected entry before writing one */
	for (i = 0; i < size; i++)
		if (reta_sel(conf, i) &&
		    conf[i / RTE_ETH_RETA_GROUP_SIZE].reta[i % RTE_ETH_RETA_GROUP_SIZE] >=
		    nb_rxq)
			return -EINVAL;
	for (i = 0; i < size; i++)
		if (reta_sel(conf, i))
			reta[i] = conf[i / RTE_ETH_RETA_GROUP_SIZE]
					.reta[i % RTE_ETH_RETA_GROUP_SIZE];
	return 0;
}

int
ppdrv_reta_query(const uint16_t *reta, uint16_t reta_size,
		 struct rte_eth_rss_reta_entry64 *conf, uint16_t size)
{
	uint16_t i;

	if (size != reta_size || conf == NULL)
		return -EINVAL;
	for (i = 0; i < size; i++)
		if (reta_sel(conf, i))
			conf[i / RTE_ETH_RETA_GROUP_SIZE]
				.reta[i % RTE_ETH_RETA_GROUP_SIZE] = reta[i];
	return 0;
}

void
ppdrv_stats_sum(const struct rte_eth_dev *dev,
		const struct ppdrv_qstats_layout *l, struct rte_eth_stats *st)
{
	uint16_t i;

	for (i = 0; i < dev->data->nb_rx_queues; i++) {
		const void *q = dev->data->rx_queues[i];
		uint64_t pk, by, er;

		if (q == NULL)
			continue;
		pk = qctr(q, l->rx_packets);
		by = qctr(q, l->rx_bytes);
		er = qctr_sum(q, l->rx_errors, l->nb_rx_errors);
		st->ipackets += pk;
		st->ibytes += by;
		st->ierrors += er;
		st->rx_nombuf += qctr(q, l->rx_nombuf);
		if (i < RTE_ETHDEV_QUEUE_STAT_CNTRS) {
			st->q_ipackets[i] = pk;
			st->q_ibytes[i] = by;
			st->q_errors[i] = er;
		}
	}
	for (i = 0; i < dev->data->nb_tx_queues; i++) {
		const void *q = dev->data->tx_queues[i];
		uint64_t pk, by;

		if (q == NULL)
			continue;
		pk = qctr(q, l->tx_packets);
		by = qctr(q, l->tx_bytes);
		st->opackets += pk;
		st->obytes += by;
		st->oerrors += qctr_sum(q, l->tx_errors, l->nb_tx_errors);
		if (i < RTE_ETHDEV_QUEUE_STAT_CNTRS) {
			st->q_opackets[i] = pk;
			st->q_obytes[i] = by;
		}
	}
}
