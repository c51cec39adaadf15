/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The pagepool authors
 */

/*
 * A software raw page path for ports whose PMD has none, for testing only:
 * it copies. RX receives mbufs from the port's own burst function, copies
 * each into a 2 KiB fragment of the queue's pagepool and frees the mbuf; TX
 * copies each fragment into an mbuf, sends it and puts the page at once
 * (the copy is its "TX completion"). An application sees exactly what a
 * pagepool PMD gives it: pagepool_buf's whose pages come home to the pool
 * of the RX queue, from whichever lcore transmits them.
 */

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rte_errno.h>
#include <rte_ethdev.h>
#include <rte_mbuf.h>

#include "ppex.h"

#define EMU_MAX_Q 64
#define EMU_FRAG_SIZE 2048u
#define EMU_HEADROOM 256u	/* XDP_PACKET_HEADROOM */
#define EMU_BURST_MAX 64

struct emu_rxq {
	uint16_t port;
	uint16_t queue;
	struct pagepool *pp;
};

struct emu_txq {
	uint16_t port;
	uint16_t queue;
	struct rte_mempool *mp;
};

static struct emu_rxq emu_rxqs[EMU_MAX_Q];
static struct emu_txq emu_txqs[EMU_MAX_Q];
static unsigned int emu_nb_rxq, emu_nb_txq;

static uint16_t
emu_rx_burst(void *q, struct pagepool_buf *bufs, uint16_t nb)
{
	struct rte_mbuf *pkts[EMU_BURST_MAX];
	struct emu_rxq *e = q; /* what ppex_raw_emu_attach() registered */
	uint16_t i, n, k = 0;

	pagepool_poll(e->pp);
	n = rte_eth_rx_burst(e->port, e->queue, pkts, RTE_MIN(nb, EMU_BURST_MAX));
	for (i = 0; i < n; i++) {
		struct rte_mbuf *m = pkts[i];
		struct pagepool_buf *b = &bufs[k];
		const void *src;
		uint32_t off;
		void *dst;

		/* Too long for a fragment, or no page: dropped, as a PMD would. */
		if (m->pkt_len > EMU_FRAG_SIZE - EMU_HEADROOM) {
			rte_pktmbuf_free(m);
			continue;
		}
		b->page = pagepool_alloc_frag(e->pp, &off, EMU_FRAG_SIZE);
		if (b->page == NULL) {
			rte_pktmbuf_free(m);
			continue;
		}
		b->offset = off;
		b->size = EMU_FRAG_SIZE;
		b->data_off = EMU_HEADROOM;
		b->len = (uint16_t)m->pkt_len;
		b->port = e->port;
		b->queue = e->queue;
		b->vlan_tci = 0;
		b->flags = 0;
		dst = pagepool_buf_data(b);
		src = rte_pktmbuf_read(m, 0, m->pkt_len, dst);
		if (src != dst)
			rte_memcpy(dst, src, m->pkt_len);
		rte_pktmbuf_free(m);
		k++;
	}
	return k;
}

static uint16_t
emu_tx_burst(void *q, struct pagepool_buf *bufs, uint16_t nb)
{
	struct rte_mbuf *pkts[EMU_BURST_MAX];
	struct emu_txq *e = q;
	uint16_t i, sent;

	nb = RTE_MIN(nb, EMU_BURST_MAX);
	if (rte_pktmbuf_alloc_bulk(e->mp, pkts, nb) != 0)
		return 0;
	for (i = 0; i < nb; i++) {
		char *d = rte_pktmbuf_append(pkts[i], bufs[i].len);

		if (d == NULL) {
			rte_pktmbuf_free_bulk(pkts, nb);
			return 0;
		}
		rte_memcpy(d, pagepool_buf_data(&bufs[i]), bufs[i].len);
	}
	sent = rte_eth_tx_burst(e->port, e->queue, pkts, nb);
	if (sent < nb)
		rte_pktmbuf_free_bulk(&pkts[sent], nb - sent);
	for (i = 0; i < sent; i++)
		pagepool_put_frag(bufs[i].page, bufs[i].offset);
	return sent;
}

static struct pagepool *
emu_rxq_pool(uint16_t port, uint16_t queue)
{
	unsigned int i;

	for (i = 0; i < emu_nb_rxq; i++)
		if (emu_rxqs[i].port == port && emu_rxqs[i].queue == queue &&
		    emu_rxqs[i].pp != NULL)
			return emu_rxqs[i].pp;
	rte_errno = ENOENT;
	return NULL;
}

static const struct pagepool_raw_ops emu_ops = {
	.rx_burst = emu_rx_burst,
	.tx_burst = emu_tx_burst,
	.rxq_pool = emu_rxq_pool,
};

int
ppex_raw_emu_attach(uint16_t port, uint16_t nb_rxq, uint16_t nb_txq,
		    uint32_t nb_pages, struct rte_mempool *tx_mp)
{
	struct pagepool_params prm;
	char name[PAGEPOOL_NAMESIZE];
	uint16_t q;
	int ret;

	if (emu_nb_rxq + nb_rxq > EMU_MAX_Q || emu_nb_txq + nb_txq > EMU_MAX_Q)
		return -ENOSPC;
	ret = pagepool_raw_register(port, &emu_ops);
	if (ret != 0)
		return ret;
	for (q = 0; q < nb_rxq; q++) {
		struct emu_rxq *e = &emu_rxqs[emu_nb_rxq];

		snprintf(name, sizeof(name), "emu_p%uq%u", port, q);
		pagepool_params_init(&prm);
		prm.name = name;
		prm.nb_pages = nb_pages;
		prm.headroom = EMU_HEADROOM;
		prm.socket_id = rte_eth_dev_socket_id(port);
		if (prm.socket_id < 0)
			prm.socket_id = SOCKET_ID_ANY;
		e->pp = pagepool_create(&prm);
		if (e->pp == NULL) {
			fprintf(stderr, "raw-emu: port %u: pool %s: %s\n", port,
				name, rte_strerror(rte_errno));
			return -rte_errno;
		}
		e->port = port;
		e->queue = q;
		emu_nb_rxq++;
		/* the registry hands the burst its own queue: no lookup */
		pagepool_raw_rxq_set(port, q, e);
	}
	for (q = 0; q < nb_txq; q++) {
		struct emu_txq *e = &emu_txqs[emu_nb_txq++];

		e->port = port;
		e->queue = q;
		e->mp = tx_mp;
		pagepool_raw_txq_set(port, q, e);
	}
	return 0;
}

void
ppex_raw_emu_detach(uint16_t port)
{
	unsigned int i;

	pagepool_raw_register(port, NULL);
	for (i = 0; i < emu_nb_txq; i++)
		if (emu_txqs[i].port == port)
			emu_txqs[i].mp = NULL;
	for (i = 0; i < emu_nb_rxq; i++) {
		struct emu_rxq *e = &emu_rxqs[i];

		if (e->port != port || e->pp == NULL)
			continue;
		/* Like a PMD at close: freed now, or when the last page is back. */
		pagepool_destroy(e->pp);
		e->pp = NULL;
	}
}
