/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The pagepool authors
 */
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_ethdev.h>
#include <rte_launch.h>
#include <rte_mbuf.h>

#include "ppex.h"

#define PPEX_POOLS_MAX 256
#define PPEX_DRAIN_BURSTS 64

volatile bool ppex_quit;

struct ppex_pool_ref {
	struct pagepool *pp;
	char name[PAGEPOOL_NAMESIZE];
	char label[32];
};

static struct ppex_pool_ref ppex_pools[PPEX_POOLS_MAX];
static unsigned int ppex_nb_pools;

static void
ppex_signal(int sig)
{
	RTE_SET_USED(sig);
	ppex_quit = true;
}

void
ppex_signals_install(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = ppex_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

int
ppex_eal_init(int *argc, char ***argv)
{
	int ret = rte_eal_init(*argc, *argv);

	if (ret < 0)
		return ret;
	*argc -= ret;
	*argv += ret;
	(*argv)[0] = (*argv)[-ret];
	ppex_signals_install();
	return ret;
}

double
ppex_now(void)
{
	return (double)rte_get_tsc_cycles() / (double)rte_get_tsc_hz();
}

void
ppex_watch_start(struct ppex_watch *w, double period)
{
	w->t0 = ppex_now();
	w->last = w->t0;
	w->next = w->t0 + period;
}

bool
ppex_watch_due(struct ppex_watch *w, const struct ppex_opts *o, double *t,
	       double *dt)
{
	*t = ppex_now();
	if (o->duration > 0 && *t - w->t0 >= o->duration)
		ppex_quit = true;
	if (o->period <= 0 || *t < w->next)
		return false;
	*dt = *t - w->last;
	w->last = *t;
	w->next = *t + o->period;
	return true;
}

void
ppex_watch_until_quit(void (*step)(void))
{
	while (!ppex_quit) {
		rte_delay_us_sleep(10000);
		step();
	}
	rte_eal_mp_wait_lcore();
}

const char *
ppex_path_name(bool raw, bool raw_emu)
{
	return raw ? (raw_emu ? "raw-emu" : "raw") : "mbuf";
}

double
ppex_mpps(uint64_t now, uint64_t prev, double dt)
{
	return dt > 0 ? (now - prev) / dt / 1e6 : 0.0;
}

void
ppex_pools_add(struct pagepool *pp, const char *label)
{
	struct ppex_pool_ref *r;
	unsigned int i;

	if (pp == NULL || ppex_nb_pools == PPEX_POOLS_MAX)
		return;
	for (i = 0; i < ppex_nb_pools; i++)
		if (ppex_pools[i].pp == pp)
			return;
	r = &ppex_pools[ppex_nb_pools++];
	r->pp = pp;
	/* The name is what finds the pool again once a PMD destroyed it. */
	snprintf(r->name, sizeof(r->name), "%s", pagepool_name(pp));
	snprintf(r->label, sizeof(r->label), "%s", label);
}

void
ppex_pools_print(FILE *f)
{
	struct pagepool_info in;
	unsigned int i;

	for (i = 0; i < ppex_nb_pools; i++) {
		const struct ppex_pool_ref *r = &ppex_pools[i];

		if (pagepool_info_get(r->pp, &in) != 0)
			continue;
		fprintf(f, "pool %-12s %-18s pages %6u in-flight %6u | alloc fast %12" PRIu64
			" slow %8" PRIu64 " empty %8" PRIu64 " | recycle cached %12" PRIu64
			" ring %10" PRIu64 " released %8" PRIu64 "\n",
			r->label, r->name, in.nb_pages, in.in_flight,
			in.stats.alloc_fast, in.stats.alloc_slow, in.stats.alloc_empty,
			in.stats.recycle_cached, in.stats.recycle_ring,
			in.stats.recycle_released);
	}
}

uint64_t
ppex_pools_check(FILE *f)
{
	uint64_t missing = 0;
	unsigned int i;

	for (i = 0; i < ppex_nb_pools; i++) {
		const struct ppex_pool_ref *r = &ppex_pools[i];
		struct pagepool_info info;
		uint32_t n;

		/* by name, under the list lock: a pool destroyed at close
		 * is freed by the EAL alarm when its last page comes back,
		 * so a pointer from pagepool_lookup() may dangle here */
		if (pagepool_info_lookup(r->name, &info) != 0) {
			fprintf(f, "pool %s (%s): destroyed at close, in flight = 0\n",
				r->label, r->name);
			continue;
		}
		n = info.in_flight;
		fprintf(f, "pool %s (%s): in flight = %u%s\n", r->label, r->name,
			n, n == 0 ? "" : "  <-- pages not back");
		missing += n;
	}
	return missing;
}

uint64_t
ppex_parse_portmask(const char *s)
{
	char *end = NULL;
	unsigned long long pm;

	errno = 0;
	pm = strtoull(s, &end, 16);
	if (errno != 0 || end == s || *end != '\0')
		return 0;
	return pm;
}

uint64_t
ppex_ports_in_mask(uint64_t portmask)
{
	uint64_t ports = 0;
	uint16_t p;

	RTE_ETH_FOREACH_DEV(p) {
		if (p < 64 && (portmask & (UINT64_C(1) << p)))
			ports |= UINT64_C(1) << p;
	}
	return ports;
}

int
ppex_port_setup(uint16_t port, uint16_t nb_rxq, uint16_t nb_txq,
		uint16_t nb_rxd, uint16_t nb_txd, struct rte_mempool *const *rx_mp)
{
	struct rte_eth_conf conf;
	struct rte_eth_dev_info info;
	int socket = rte_eth_dev_socket_id(port);
	uint16_t q;
	int ret;

	memset(&conf, 0, sizeof(conf));
	ret = rte_eth_dev_info_get(port, &info);
	if (ret != 0)
		return ret;
	if (nb_rxq > info.max_rx_queues || nb_txq > info.max_tx_queues) {
		fprintf(stderr, "port %u: %u RX / %u TX queues asked, %u / %u possible\n",
			port, nb_rxq, nb_txq, info.max_rx_queues,
			info.max_tx_queues);
		return -EINVAL;
	}
	if (nb_rxq > 1) {
		conf.rxmode.mq_mode = RTE_ETH_MQ_RX_RSS;
		conf.rx_adv_conf.rss_conf.rss_hf =
			RTE_ETH_RSS_IP & info.flow_type_rss_offloads;
	}
	ret = rte_eth_dev_configure(port, nb_rxq, nb_txq, &conf);
	if (ret != 0)
		return ret;
	ret = rte_eth_dev_adjust_nb_rx_tx_desc(port, &nb_rxd, &nb_txd);
	if (ret != 0)
		return ret;
	if (socket < 0)
		socket = (int)rte_socket_id();
	for (q = 0; q < nb_rxq; q++) {
		ret = rte_eth_rx_queue_setup(port, q, nb_rxd, socket, NULL,
					     rx_mp[q]);
		if (ret != 0)
			return ret;
	}
	for (q = 0; q < nb_txq; q++) {
		ret = rte_eth_tx_queue_setup(port, q, nb_txd, socket, NULL);
		if (ret != 0)
			return ret;
	}
	/* vdevs may not have it; forwarding works either way */
	rte_eth_promiscuous_enable(port);
	return 0;
}

uint64_t
ppex_port_drain(uint16_t port, uint16_t nb_rxq)
{
	struct rte_mbuf *pkts[32];
	uint64_t freed = 0;
	uint16_t q, n;
	int i;

	for (q = 0; q < nb_rxq; q++) {
		for (i = 0; i < PPEX_DRAIN_BURSTS; i++) {
			n = rte_eth_rx_burst(port, q, pkts, RTE_DIM(pkts));
			if (n == 0)
				break;
			rte_pktmbuf_free_bulk(pkts, n);
			freed += n;
		}
	}
	return freed;
}

int
ppex_port_configure(const char *app, const char *pool_prefix, uint16_t port,
		    const struct ppex_opts *o, uint16_t nb_txq, bool pagepool_rx,
		    bool raw_emu, struct rte_mempool **rx_mp)
{
	char name[RTE_MEMPOOL_NAMESIZE];
	int socket = rte_eth_dev_socket_id(port);
	uint16_t q;
	int ret;

	if (socket < 0)
		socket = (int)rte_socket_id();
	for (q = 0; q < o->nb_rxq; q++) {
		snprintf(name, sizeof(name), "%s_p%uq%u", pool_prefix, port, q);
		if (pagepool_rx)
			rx_mp[q] = ppex_mbuf_pool_create(name, o->pages,
							 o->page_size, socket);
		else
			/* A pagepool PMD receives into its own pages: these are
			 * only the header mbufs it attaches them to. */
			rx_mp[q] = rte_pktmbuf_pool_create(name,
					o->nb_rxd + o->nb_txd + 2 * o->burst + 512,
					256, 0, RTE_MBUF_DEFAULT_BUF_SIZE, socket);
		if (rx_mp[q] == NULL) {
			fprintf(stderr, "%s: port %u: RX pool %s: %s\n", app,
				port, name, rte_strerror(rte_errno));
			return -rte_errno;
		}
	}
	ret = ppex_port_setup(port, o->nb_rxq, nb_txq, o->nb_rxd, o->nb_txd,
			      rx_mp);
	if (ret != 0) {
		fprintf(stderr, "%s: port %u: set-up failed: %s\n", app, port,
			rte_strerror(-ret));
		return ret;
	}
	if (raw_emu)
		return ppex_raw_emu_attach(port, o->nb_rxq, nb_txq, o->pages,
					   rx_mp[0]);
	return 0;
}

uint64_t
ppex_ports_close(const char *app, uint64_t ports, uint64_t raw_emu,
		 uint16_t nb_rxq)
{
	uint64_t drained = 0;
	uint16_t p;

	RTE_ETH_FOREACH_DEV(p) {
		if (p < 64 && (ports & (UINT64_C(1) << p)))
			drained += ppex_port_drain(p, nb_rxq);
	}
	RTE_ETH_FOREACH_DEV(p) {
		if (p >= 64 || !(ports & (UINT64_C(1) << p)))
			continue;
		rte_eth_dev_stop(p);
		rte_eth_dev_close(p);
		if (raw_emu & (UINT64_C(1) << p))
			ppex_raw_emu_detach(p);
	}
	printf("%s: ports closed (%" PRIu64 " frames drained first)\n", app,
	       drained);
	return ppex_pools_check(stdout);
}

void
ppex_report_missing(const char *app, uint64_t missing)
{
	if (missing == 0)
		printf("%s: every page is back: in flight = 0\n", app);
	else
		printf("%s: %" PRIu64 " pages NOT back: in flight = %" PRIu64 "\n",
		       app, missing, missing);
}
