/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The pagepool authors
 */

/*
 * pagepool-l2fwd: forward every frame received on a port to its pair,
 * rewriting the MAC addresses, like DPDK's l2fwd, on the page pool.
 *
 * A pair of ports that both have a raw page path (a pagepool PMD) forwards
 * page fragments with no mbuf at all; any other port receives mbufs whose
 * memory is a pagepool page (examples/common/ppex_mempool.c), so DPDK's
 * net_null, net_ring, net_tap and NIC drivers forward from a page pool too.
 * doc/examples.md explains the choices.
 */

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_ethdev.h>
#include <rte_ether.h>
#include <rte_launch.h>
#include <rte_lcore.h>
#include <rte_mbuf.h>

#include <pagepool.h>

#include "ppex.h"

#define L2FWD_MAX_RXQ_PER_LCORE 64

struct l2fwd_port {
	bool enabled;
	bool raw;			/* forwards page fragments, no mbufs */
	bool raw_emu;			/* raw path is ppex's software one */
	bool pmd_pool;			/* a pagepool PMD: RX pages are its own */
	uint16_t dst;			/* its pair */
	struct rte_ether_addr mac;	/* source MAC of frames sent here */
	struct rte_ether_addr eth_dest;	/* destination MAC of frames sent here */
	struct rte_mempool *rx_mp[PPEX_MAX_QUEUES];
};

struct l2fwd_rxq {
	uint16_t port;
	uint16_t queue;
	uint16_t dst;
	bool raw;
	struct pagepool *pp;		/* pool the app owns (mbuf path), or NULL */
};

/* Written only by the lcore that owns it. */
struct l2fwd_counters {
	uint64_t rx;
	uint64_t tx;
	uint64_t dropped;
};

struct l2fwd_lcore {
	bool watch;			/* also runs l2fwd_watch_step() */
	uint16_t nb_rxq;
	uint16_t txq;			/* this lcore's TX queue on every port */
	struct l2fwd_rxq rxq[L2FWD_MAX_RXQ_PER_LCORE];
	struct l2fwd_counters ctr[RTE_MAX_ETHPORTS];
} __rte_cache_aligned;

static struct ppex_opts opts = PPEX_OPTS_DEFAULT;
static struct {
	bool mac_updating;
	bool use_pagepool;
	int portmap[RTE_MAX_ETHPORTS];
	bool eth_dest_set[RTE_MAX_ETHPORTS];
	struct rte_ether_addr eth_dest[RTE_MAX_ETHPORTS];
} cfg = {
	.mac_updating = true,
	.use_pagepool = true,
};

static struct l2fwd_port ports[RTE_MAX_ETHPORTS];
static struct {
	struct ppex_watch clock;
	struct l2fwd_counters prev[RTE_MAX_ETHPORTS];
} watch;
static struct l2fwd_lcore lcores[RTE_MAX_LCORE];
static unsigned int fwd_lcores[RTE_MAX_LCORE];
static unsigned int nb_fwd_lcores;

/* ------------------------------------------------------------------ */
/* fast path */

static inline void
l2fwd_rewrite(struct rte_ether_hdr *eth, const struct l2fwd_port *dst)
{
	eth->dst_addr = dst->eth_dest;
	eth->src_addr = dst->mac;
}

static inline void
l2fwd_fwd_mbuf(struct l2fwd_lcore *lc, const struct l2fwd_rxq *r)
{
	struct rte_mbuf *pkts[PPEX_BURST_MAX];
	struct l2fwd_counters *c = &lc->ctr[r->port];
	const struct l2fwd_port *dst = &ports[r->dst];
	uint16_t i, n, k, sent;

	if (r->pp != NULL)
		pagepool_poll(r->pp);
	n = rte_eth_rx_burst(r->port, r->queue, pkts, opts.burst);
	if (n == 0)
		return;
	c->rx += n;
	k = 0;
	for (i = 0; i < n; i++) {
		struct rte_mbuf *m = pkts[i];

		if (unlikely(rte_pktmbuf_data_len(m) < RTE_ETHER_HDR_LEN)) {
			rte_pktmbuf_free(m);
			continue;
		}
		if (cfg.mac_updating)
			l2fwd_rewrite(rte_pktmbuf_mtod(m, struct rte_ether_hdr *), dst);
		pkts[k++] = m;
	}
	sent = rte_eth_tx_burst(r->dst, lc->txq, pkts, k);
	if (unlikely(sent < k))
		rte_pktmbuf_free_bulk(&pkts[sent], k - sent);
	lc->ctr[r->dst].tx += sent;
	c->dropped += n - sent;
}

static inline void
l2fwd_fwd_raw(struct l2fwd_lcore *lc, const struct l2fwd_rxq *r)
{
	struct pagepool_buf bufs[PPEX_BURST_MAX];
	struct l2fwd_counters *c = &lc->ctr[r->port];
	const struct l2fwd_port *dst = &ports[r->dst];
	uint16_t i, n, k, sent;

	n = pagepool_rx_burst_raw(r->port, r->queue, bufs, opts.burst);
	if (n == 0)
		return;
	c->rx += n;
	k = 0;
	for (i = 0; i < n; i++) {
		if (unlikely(bufs[i].len < RTE_ETHER_HDR_LEN)) {
			pagepool_put_frag(bufs[i].page, bufs[i].offset);
			continue;
		}
		if (cfg.mac_updating)
			l2fwd_rewrite(pagepool_buf_data(&bufs[i]), dst);
		bufs[k++] = bufs[i];
	}
	sent = pagepool_tx_burst_raw(r->dst, lc->txq, bufs, k);
	for (i = sent; i < k; i++)
		pagepool_put_frag(bufs[i].page, bufs[i].offset);
	lc->ctr[r->dst].tx += sent;
	c->dropped += n - sent;
}

static void l2fwd_watch_step(void);

static int
l2fwd_lcore_main(void *arg)
{
	struct l2fwd_lcore *lc = arg;
	unsigned int iter = 0;
	uint16_t i;

	while (!ppex_quit) {
		if (unlikely(lc->watch) && (++iter & 1023) == 0)
			l2fwd_watch_step();
		for (i = 0; i < lc->nb_rxq; i++) {
			if (lc->rxq[i].raw)
				l2fwd_fwd_raw(lc, &lc->rxq[i]);
			else
				l2fwd_fwd_mbuf(lc, &lc->rxq[i]);
		}
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* stats */

static void
l2fwd_sum(struct l2fwd_counters *sum)
{
	unsigned int w;
	uint16_t p;

	memset(sum, 0, sizeof(*sum) * RTE_MAX_ETHPORTS);
	for (w = 0; w < nb_fwd_lcores; w++) {
		const struct l2fwd_lcore *lc = &lcores[fwd_lcores[w]];

		for (p = 0; p < RTE_MAX_ETHPORTS; p++) {
			sum[p].rx += __atomic_load_n(&lc->ctr[p].rx, __ATOMIC_RELAXED);
			sum[p].tx += __atomic_load_n(&lc->ctr[p].tx, __ATOMIC_RELAXED);
			sum[p].dropped += __atomic_load_n(&lc->ctr[p].dropped,
							  __ATOMIC_RELAXED);
		}
	}
}

/* Table of counters; rates over dt seconds from prev (or from 0). */
static void
l2fwd_print(const char *title, const struct l2fwd_counters *now,
	    const struct l2fwd_counters *prev, double dt)
{
	struct l2fwd_counters tot = { 0 }, tprev = { 0 };
	uint16_t p;

	printf("== %s ==\n", title);
	printf("%6s %16s %16s %12s %9s %9s  %s\n", "port", "rx-frames",
	       "tx-frames", "dropped", "rx-Mpps", "tx-Mpps", "path");
	RTE_ETH_FOREACH_DEV(p) {
		uint64_t prx = prev != NULL ? prev[p].rx : 0;
		uint64_t ptx = prev != NULL ? prev[p].tx : 0;

		if (!ports[p].enabled)
			continue;
		printf("%6u %16" PRIu64 " %16" PRIu64 " %12" PRIu64 " %9.3f %9.3f  %s\n",
		       p, now[p].rx, now[p].tx, now[p].dropped,
		       ppex_mpps(now[p].rx, prx, dt), ppex_mpps(now[p].tx, ptx, dt),
		       ppex_path_name(ports[p].raw, ports[p].raw_emu));
		tot.rx += now[p].rx;
		tot.tx += now[p].tx;
		tot.dropped += now[p].dropped;
		tprev.rx += prx;
		tprev.tx += ptx;
	}
	printf("%6s %16" PRIu64 " %16" PRIu64 " %12" PRIu64 " %9.3f %9.3f\n",
	       "total", tot.rx, tot.tx, tot.dropped,
	       ppex_mpps(tot.rx, tprev.rx, dt), ppex_mpps(tot.tx, tprev.tx, dt));
	ppex_pools_print(stdout);
	fflush(stdout);
}

/* ------------------------------------------------------------------ */
/* set-up */

static void
l2fwd_usage(const char *prog)
{
	printf("usage: %s [EAL options] -- [options]\n"
	       "  -p PORTMASK          hexadecimal mask of ports to use (default: all)\n"
	       "  -q NQ                RX queues per port (default 1)\n"
	       "  -T SECONDS           stats period, 0 = none (default 1, fractions allowed)\n"
	       "  --portmap '(a,b)(c,d)'  port pairs (default: consecutive enabled ports)\n"
	       "  --no-mac-updating    forward frames unchanged\n"
	       "  --eth-dest PORT,MAC  destination MAC of frames sent on PORT\n"
	       "                       (default 02:00:00:00:00:PORT)\n"
	       "  --path auto|raw|mbuf raw page path where a pair has it (auto), or not\n"
	       "  --pool pagepool|mempool  RX memory of mbuf-path ports (default pagepool)\n"
	       "  --pages N            pages per RX queue pool (default 4096)\n"
	       "  --page-size BYTES    page size of those pools (default 2048)\n",
	       prog);
	ppex_opts_usage(stdout);
}

static int
l2fwd_parse_portmap(const char *s)
{
	unsigned int a, b;
	int n;

	while (*s != '\0') {
		if (sscanf(s, " ( %u , %u )%n", &a, &b, &n) != 2 ||
		    a >= RTE_MAX_ETHPORTS || b >= RTE_MAX_ETHPORTS || a == b)
			return -EINVAL;
		if (cfg.portmap[a] >= 0 || cfg.portmap[b] >= 0)
			return -EINVAL;
		cfg.portmap[a] = (int)b;
		cfg.portmap[b] = (int)a;
		s += n;
		while (*s == ' ' || *s == ',')
			s++;
	}
	return 0;
}

/* l2fwd's own options; ppex_opts_parse() takes the rest. */
enum { OPT_PORTMAP = 256, OPT_NO_MAC, OPT_ETH_DEST, OPT_POOL };

static int
l2fwd_parse_opt(int opt, const char *arg)
{
	unsigned int p;

	switch (opt) {
	case OPT_PORTMAP:
		return l2fwd_parse_portmap(arg);
	case OPT_NO_MAC:
		cfg.mac_updating = false;
		return 0;
	case OPT_ETH_DEST:
		if (sscanf(arg, "%u,", &p) != 1 || p >= RTE_MAX_ETHPORTS ||
		    strchr(arg, ',') == NULL ||
		    rte_ether_unformat_addr(strchr(arg, ',') + 1,
					    &cfg.eth_dest[p]) != 0)
			return -EINVAL;
		cfg.eth_dest_set[p] = true;
		return 0;
	case OPT_POOL:
		if (strcmp(arg, "pagepool") == 0)
			cfg.use_pagepool = true;
		else if (strcmp(arg, "mempool") == 0)
			cfg.use_pagepool = false;
		else
			return -EINVAL;
		return 0;
	default:
		return -ENOENT;
	}
}

static int
l2fwd_parse_args(int argc, char **argv)
{
	static const struct option lopts[] = {
		{ "portmap", required_argument, NULL, OPT_PORTMAP },
		{ "no-mac-updating", no_argument, NULL, OPT_NO_MAC },
		{ "eth-dest", required_argument, NULL, OPT_ETH_DEST },
		PPEX_LONG_OPT_PATH,
		{ "pool", required_argument, NULL, OPT_POOL },
		PPEX_LONG_OPTS,
	};
	static const struct ppex_cli cli = {
		.app = "l2fwd",
		.shortopts = PPEX_SHORT_OPTS,
		.longopts = lopts,
		.parse = l2fwd_parse_opt,
		.usage = l2fwd_usage,
	};
	unsigned int p;

	for (p = 0; p < RTE_MAX_ETHPORTS; p++)
		cfg.portmap[p] = -1;
	return ppex_cli_parse(&cli, &opts, argc, argv);
}

/* Pair ports: --portmap, else each enabled port with the next one. */
static int
l2fwd_pair_ports(void)
{
	uint64_t used = ppex_ports_in_mask(opts.portmask);
	int last = -1;
	uint16_t p;

	RTE_ETH_FOREACH_DEV(p)
		ports[p].enabled = p < 64 && (used & (UINT64_C(1) << p));
	for (p = 0; p < RTE_MAX_ETHPORTS; p++) {
		if (cfg.portmap[p] < 0)
			continue;
		if (!ports[p].enabled || !ports[cfg.portmap[p]].enabled) {
			fprintf(stderr, "l2fwd: --portmap names port %u or %d, which is not in use\n",
				p, cfg.portmap[p]);
			return -EINVAL;
		}
		ports[p].dst = (uint16_t)cfg.portmap[p];
	}
	RTE_ETH_FOREACH_DEV(p) {
		if (!ports[p].enabled || cfg.portmap[p] >= 0)
			continue;
		if (last < 0) {
			last = p;
			continue;
		}
		ports[p].dst = (uint16_t)last;
		ports[last].dst = p;
		last = -1;
	}
	if (last >= 0) {
		/* An odd port out forwards to itself, as a reflector. */
		ports[last].dst = (uint16_t)last;
		printf("l2fwd: port %d has no pair: it sends frames back out of itself\n",
		       last);
	}
	return 0;
}

static int
l2fwd_setup_port(uint16_t p, uint16_t nb_txq)
{
	struct l2fwd_port *pt = &ports[p];
	int ret;

	ret = ppex_port_configure("l2fwd", "l2fwd", p, &opts, nb_txq,
				  !pt->raw && !pt->pmd_pool && cfg.use_pagepool,
				  pt->raw_emu, pt->rx_mp);
	if (ret != 0)
		return ret;
	rte_eth_macaddr_get(p, &pt->mac);
	if (cfg.eth_dest_set[p])
		pt->eth_dest = cfg.eth_dest[p];
	else
		pt->eth_dest = (struct rte_ether_addr){
			.addr_bytes = { 0x02, 0, 0, 0, 0, (uint8_t)p } };
	return 0;
}

/*
 * After the port started: note the pools that back its RX queues, and give
 * the lcores that poll them the ones they own (pagepool_poll() binds the
 * owner: the lcore that allocates, and so recycles, without atomics).
 */
static void
l2fwd_note_pools(uint16_t p)
{
	char label[32];
	unsigned int w;
	uint16_t q, i;

	for (w = 0; w < nb_fwd_lcores; w++) {
		struct l2fwd_lcore *lc = &lcores[fwd_lcores[w]];

		for (i = 0; i < lc->nb_rxq; i++)
			if (lc->rxq[i].port == p && !lc->rxq[i].raw)
				lc->rxq[i].pp = ppex_mbuf_pool_pagepool(
					ports[p].rx_mp[lc->rxq[i].queue]);
	}

	for (q = 0; q < opts.nb_rxq; q++) {
		struct pagepool *pp = pagepool_raw_supported(p) == 0 ?
			pagepool_raw_rxq_pool(p, q) :
			ppex_mbuf_pool_pagepool(ports[p].rx_mp[q]);

		snprintf(label, sizeof(label), "port%u/rxq%u", p, q);
		ppex_pools_add(pp, label);
	}
}

static void
l2fwd_assign_queues(void)
{
	unsigned int lcore, w = 0;
	uint16_t p, q;

	RTE_LCORE_FOREACH_WORKER(lcore)
		fwd_lcores[nb_fwd_lcores++] = lcore;
	if (nb_fwd_lcores == 0)
		fwd_lcores[nb_fwd_lcores++] = rte_get_main_lcore();
	for (w = 0; w < nb_fwd_lcores; w++)
		lcores[fwd_lcores[w]].txq = (uint16_t)w;
	w = 0;
	for (q = 0; q < opts.nb_rxq; q++) {
		RTE_ETH_FOREACH_DEV(p) {
			struct l2fwd_lcore *lc;
			struct l2fwd_rxq *r;

			if (!ports[p].enabled)
				continue;
			lc = &lcores[fwd_lcores[w]];
			if (lc->nb_rxq == L2FWD_MAX_RXQ_PER_LCORE)
				rte_exit(EXIT_FAILURE, "l2fwd: too many RX queues per lcore\n");
			r = &lc->rxq[lc->nb_rxq++];
			r->port = p;
			r->queue = q;
			r->dst = ports[p].dst;
			r->raw = ports[p].raw;
			w = (w + 1) % nb_fwd_lcores;
		}
	}
	for (w = 0; w < nb_fwd_lcores; w++) {
		const struct l2fwd_lcore *lc = &lcores[fwd_lcores[w]];
		uint16_t i;

		printf("l2fwd: lcore %u: txq %u, polls", fwd_lcores[w], lc->txq);
		for (i = 0; i < lc->nb_rxq; i++)
			printf(" port%u/rxq%u", lc->rxq[i].port, lc->rxq[i].queue);
		printf("\n");
	}
}

static void
l2fwd_choose_paths(void)
{
	uint16_t p;

	RTE_ETH_FOREACH_DEV(p) {
		if (!ports[p].enabled)
			continue;
		ports[p].pmd_pool = pagepool_raw_supported(p) == 0;
		if (opts.raw_emu && !ports[p].pmd_pool)
			ports[p].raw_emu = true;
	}
	RTE_ETH_FOREACH_DEV(p) {
		uint16_t d = ports[p].dst;
		bool both = (pagepool_raw_supported(p) == 0 || ports[p].raw_emu) &&
			    (pagepool_raw_supported(d) == 0 || ports[d].raw_emu);

		if (!ports[p].enabled)
			continue;
		if (opts.path == PPEX_PATH_RAW && !both)
			rte_exit(EXIT_FAILURE,
				 "l2fwd: --path raw: port %u or its pair %u has no raw page path (a pagepool PMD registers one)\n",
				 p, d);
		/* Raw is the faster path: no mbuf is built or freed. */
		ports[p].raw = opts.path != PPEX_PATH_MBUF && both;
		if (!ports[p].raw)
			ports[p].raw_emu = false;
	}
}

static void
l2fwd_describe_ports(void)
{
	struct rte_eth_dev_info info;
	char mac[RTE_ETHER_ADDR_FMT_SIZE], dmac[RTE_ETHER_ADDR_FMT_SIZE];
	uint16_t p;

	RTE_ETH_FOREACH_DEV(p) {
		const struct l2fwd_port *pt = &ports[p];

		if (!pt->enabled)
			continue;
		rte_eth_dev_info_get(p, &info);
		rte_ether_format_addr(mac, sizeof(mac), &ports[pt->dst].mac);
		rte_ether_format_addr(dmac, sizeof(dmac), &ports[pt->dst].eth_dest);
		printf("l2fwd: port %u (%s) -> port %u, %s path", p, info.driver_name,
		       pt->dst,
		       pt->raw ? (pt->raw_emu ? "raw page (software emulation)" :
				  "raw page") : "mbuf");
		if (pt->raw)
			printf(" (pagepool_rx_burst_raw/pagepool_tx_burst_raw)");
		else if (pt->pmd_pool)
			printf(", RX into the PMD's page pool, mbufs attached to its pages");
		else if (cfg.use_pagepool)
			printf(", RX into pagepool pages (%u x %u B, mbuf data room %u)",
			       opts.pages, opts.page_size,
			       ppex_page_data_room(opts.page_size));
		else
			printf(", RX into an rte_mempool");
		if (cfg.mac_updating)
			printf(", MAC rewrite src %s dst %s", mac, dmac);
		printf("\n");
	}
}

/*
 * Print the stats when a period is over and stop at --duration. Called by
 * the main lcore, between sleeps, or from its forwarding loop when it is the
 * only lcore.
 */
static void
l2fwd_watch_step(void)
{
	struct l2fwd_counters now[RTE_MAX_ETHPORTS];
	char title[64];
	double t, dt;

	if (!ppex_watch_due(&watch.clock, &opts, &t, &dt))
		return;
	l2fwd_sum(now);
	snprintf(title, sizeof(title), "l2fwd stats at %.1f s",
		 t - watch.clock.t0);
	l2fwd_print(title, now, watch.prev, dt);
	memcpy(watch.prev, now, sizeof(now));
}

int
main(int argc, char **argv)
{
	struct l2fwd_counters sum[RTE_MAX_ETHPORTS];
	uint64_t missing, used = 0, raw_emu = 0;
	unsigned int w, nb_ports = 0;
	double t0, t1;
	uint16_t p;
	int ret;

	if (ppex_eal_init(&argc, &argv) < 0)
		rte_exit(EXIT_FAILURE, "l2fwd: EAL init failed: %s\n",
			 rte_strerror(rte_errno));
	ret = l2fwd_parse_args(argc, argv);
	if (ret > 0)
		exit(EXIT_SUCCESS);	/* -h */
	if (ret != 0)
		rte_exit(EXIT_FAILURE, "l2fwd: invalid arguments\n");

	if (l2fwd_pair_ports() != 0)
		rte_exit(EXIT_FAILURE, "l2fwd: bad port pairs\n");
	RTE_ETH_FOREACH_DEV(p)
		nb_ports += ports[p].enabled;
	if (nb_ports == 0)
		rte_exit(EXIT_FAILURE, "l2fwd: no port to use (give a port mask, or vdevs such as --vdev net_null0)\n");
	l2fwd_choose_paths();
	l2fwd_assign_queues();

	RTE_ETH_FOREACH_DEV(p) {
		if (!ports[p].enabled)
			continue;
		if (l2fwd_setup_port(p, (uint16_t)nb_fwd_lcores) != 0)
			rte_exit(EXIT_FAILURE, "l2fwd: cannot set up port %u\n", p);
	}
	l2fwd_describe_ports();
	RTE_ETH_FOREACH_DEV(p) {
		if (!ports[p].enabled)
			continue;
		ret = rte_eth_dev_start(p);
		if (ret != 0)
			rte_exit(EXIT_FAILURE, "l2fwd: port %u start: %s\n", p,
				 rte_strerror(-ret));
		l2fwd_note_pools(p);
	}

	printf("l2fwd: forwarding on %u lcore(s); SIGINT or SIGTERM stops\n",
	       nb_fwd_lcores);
	fflush(stdout);
	memset(&watch, 0, sizeof(watch));
	ppex_watch_start(&watch.clock, opts.period);
	t0 = watch.clock.t0;
	if (fwd_lcores[0] == rte_get_main_lcore()) {
		/* The only lcore: it forwards and keeps the time too. */
		lcores[fwd_lcores[0]].watch = true;
		l2fwd_lcore_main(&lcores[fwd_lcores[0]]);
	} else {
		for (w = 0; w < nb_fwd_lcores; w++)
			rte_eal_remote_launch(l2fwd_lcore_main, &lcores[fwd_lcores[w]],
					      fwd_lcores[w]);
		ppex_watch_until_quit(l2fwd_watch_step);
	}
	t1 = ppex_now();

	printf("l2fwd: stopping\n");
	l2fwd_sum(sum);
	l2fwd_print("l2fwd final", sum, NULL, t1 - t0);
	printf("l2fwd: forwarded for %.3f s\n", t1 - t0);

	RTE_ETH_FOREACH_DEV(p) {
		if (ports[p].enabled)
			used |= UINT64_C(1) << p;
		if (ports[p].raw_emu)
			raw_emu |= UINT64_C(1) << p;
	}
	missing = ppex_ports_close("l2fwd", used, raw_emu, opts.nb_rxq);
	RTE_ETH_FOREACH_DEV(p) {
		uint16_t q;

		for (q = 0; q < opts.nb_rxq; q++)
			if (ports[p].rx_mp[q] != NULL && missing == 0)
				ppex_mbuf_pool_free(ports[p].rx_mp[q]);
	}
	ppex_report_missing("l2fwd", missing);
	fflush(stdout);
	rte_eal_cleanup();
	return missing == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
