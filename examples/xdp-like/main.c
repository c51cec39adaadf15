/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The pagepool authors
 */

/*
 * pagepool-xdp-like: the XDP programming model on user-space pages.
 *
 * Each RX queue runs a program on every frame before any mbuf exists (raw
 * page path) and acts on its verdict:
 *   DROP      the page goes back into its pool's alloc cache at once;
 *   PASS      the frame becomes an mbuf (attached to its page, no copy)
 *             and goes to xl_pass(), the application's callback;
 *   TX        out of the ingress port;
 *   REDIRECT  out of the port the program named; the page comes home to
 *             the pool that owns it when that NIC has sent it.
 * A port without a raw page path (any non-pagepool PMD) runs the same
 * program on the mbuf's data in place ("generic" mode, as the kernel runs
 * XDP on an skb), so the example runs on vdevs too.
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
#include <rte_malloc.h>
#include <rte_mbuf.h>

#include <pagepool.h>

#include "ppex.h"
#include "xl_prog.h"

#define XL_BURST_MAX PPEX_BURST_MAX
#define XL_MAX_RXQ_PER_LCORE 64
#define XL_MAX_PROGS 64
#define XL_NO_PORT UINT32_MAX

struct xl_port {
	bool enabled;
	bool raw;		/* RX and TX on the raw page path */
	bool raw_emu;		/* that path is ppex's software one */
	struct rte_mempool *rx_mp[PPEX_MAX_QUEUES];
	const struct xl_prog *prog[PPEX_MAX_QUEUES];
};

struct xl_rxq {
	uint16_t port;
	uint16_t queue;
	bool raw;
	struct pagepool *pp;	/* pool this lcore owns (mbuf path), or NULL */
	const struct xl_prog *prog;
};

/* Per lcore and port, written by that lcore only. */
struct xl_counters {
	uint64_t rx;
	uint64_t verdict[XDP_REDIRECT + 1];
	uint64_t bad_verdict;	/* unknown verdict (in verdict[XDP_ABORTED]) */
	uint64_t bad_port;	/* REDIRECT to a port not in use (same) */
	uint64_t bad_ctx;	/* data_end moved out of the buffer (same) */
	uint64_t passed;	/* handed to xl_pass() */
	uint64_t out;		/* frames sent out of this port */
	uint64_t out_drop;	/* frames for this port not sent: TX full, no mbuf */
};

/* Frames waiting for one egress port during one RX burst. */
struct xl_txbuf {
	/*
	 * nb_raw + nb_mbuf, its own word: testing the two 16-bit counts
	 * together compiles to one 32-bit load of what two 16-bit stores just
	 * wrote, which cannot be store-forwarded (a stall per frame).
	 */
	uint32_t nb;
	uint16_t nb_raw;
	uint16_t nb_mbuf;
	struct pagepool_buf raw[XL_BURST_MAX];
	struct rte_mbuf *mbuf[XL_BURST_MAX];
};

struct xl_lcore {
	unsigned int lcore_id;
	bool watch;		/* also keeps the time (only lcore) */
	uint16_t txq;		/* this lcore's TX queue on every port */
	uint16_t nb_rxq;
	struct xl_rxq rxq[XL_MAX_RXQ_PER_LCORE];
	uint16_t nb_dirty;	/* ports with frames in txb[] */
	uint16_t dirty[RTE_MAX_ETHPORTS];
	struct xl_ctx ctx[XL_BURST_MAX];
	struct xl_ctx *ctxp[XL_BURST_MAX];
	uint64_t rc[XL_BURST_MAX];
	struct xl_counters ctr[RTE_MAX_ETHPORTS] __rte_cache_aligned;
	struct xl_txbuf txb[RTE_MAX_ETHPORTS];
};

static struct ppex_opts opts = PPEX_OPTS_DEFAULT;
static struct {
	bool jit;
	int pass_to;		/* port PASSed frames are sent to, or -1 */
	const char *section;
	unsigned int nb_specs;
	struct {
		int port;	/* -1: all */
		int queue;	/* -1: all */
		const char *spec;
	} specs[XL_MAX_PROGS];
} cfg = {
	.jit = true,
	.pass_to = -1,
	.section = "xdp",
};

static struct xl_port ports[RTE_MAX_ETHPORTS];
static struct xl_prog progs[XL_MAX_PROGS];
static unsigned int nb_progs;
static struct xl_lcore *lcores[RTE_MAX_LCORE];
static unsigned int nb_fwd_lcores;
static struct rte_mempool *hdr_mp;	/* mbufs for raw frames that leave raw */

static const char *const xl_verdict_name[] = {
	"aborted", "drop", "pass", "tx", "redirect",
};

/* ------------------------------------------------------------------ */
/* fast path */

static inline void
xl_stage_mbuf(struct xl_lcore *lc, uint16_t port, struct rte_mbuf *m)
{
	struct xl_txbuf *tb = &lc->txb[port];

	if (tb->nb++ == 0)
		lc->dirty[lc->nb_dirty++] = port;
	tb->mbuf[tb->nb_mbuf++] = m;
}

static inline void
xl_stage_raw(struct xl_lcore *lc, uint16_t port, const struct pagepool_buf *b)
{
	struct xl_txbuf *tb = &lc->txb[port];

	if (tb->nb++ == 0)
		lc->dirty[lc->nb_dirty++] = port;
	tb->raw[tb->nb_raw++] = *b;
}

/*
 * The application's PASS callback: where a stack would take the frames.
 * This one counts them and frees them, or with --pass-to sends them out of
 * a port (to a tap, say, for the kernel to see).
 */
static void
xl_pass(struct xl_lcore *lc, uint16_t port, struct rte_mbuf **pkts, uint16_t n)
{
	uint16_t i;

	lc->ctr[port].passed += n;
	if (cfg.pass_to < 0) {
		rte_pktmbuf_free_bulk(pkts, n);
		return;
	}
	for (i = 0; i < n; i++)
		xl_stage_mbuf(lc, (uint16_t)cfg.pass_to, pkts[i]);
}

/* Send what the burst staged; what a TX queue refuses is freed, counted. */
static inline void
xl_flush(struct xl_lcore *lc)
{
	uint16_t d, i, sent;

	for (d = 0; d < lc->nb_dirty; d++) {
		uint16_t port = lc->dirty[d];
		struct xl_txbuf *tb = &lc->txb[port];
		struct xl_counters *c = &lc->ctr[port];

		if (tb->nb_raw != 0) {
			sent = pagepool_tx_burst_raw(port, lc->txq, tb->raw,
						     tb->nb_raw);
			for (i = sent; i < tb->nb_raw; i++)
				pagepool_put_frag(tb->raw[i].page, tb->raw[i].offset);
			c->out += sent;
			c->out_drop += tb->nb_raw - sent;
			tb->nb_raw = 0;
		}
		if (tb->nb_mbuf != 0) {
			sent = rte_eth_tx_burst(port, lc->txq, tb->mbuf,
						tb->nb_mbuf);
			if (sent < tb->nb_mbuf)
				rte_pktmbuf_free_bulk(&tb->mbuf[sent],
						      tb->nb_mbuf - sent);
			c->out += sent;
			c->out_drop += tb->nb_mbuf - sent;
			tb->nb_mbuf = 0;
		}
		tb->nb = 0;
	}
	lc->nb_dirty = 0;
}

static inline void
xl_ctx_init(struct xl_ctx *c, uint8_t *hard_start, uint8_t *data,
	    uint32_t len, uint8_t *hard_end, uint16_t port, uint16_t queue)
{
	c->md.data = (uintptr_t)data;
	c->md.data_end = (uintptr_t)(data + len);
	c->md.ingress_port = port;
	c->md.rx_queue = queue;
	c->redirect_port = XL_NO_PORT;
	c->hard_start = hard_start;
	c->hard_end = hard_end;
}

/*
 * Turn a verdict into the index of what to do, counting it. Returns
 * XDP_ABORTED for anything that cannot be carried out.
 */
static inline uint64_t
xl_verdict(struct xl_counters *c, const struct xl_ctx *x, uint64_t rc)
{
	if (unlikely(x->md.data_end < x->md.data ||
		     (uint8_t *)(uintptr_t)x->md.data_end > x->hard_end)) {
		c->bad_ctx++;
		rc = XDP_ABORTED;
	} else if (unlikely(rc > XDP_REDIRECT)) {
		c->bad_verdict++;
		rc = XDP_ABORTED;
	} else if (rc == XDP_REDIRECT &&
		   unlikely(x->redirect_port >= RTE_MAX_ETHPORTS ||
			    !ports[x->redirect_port].enabled)) {
		c->bad_port++;
		rc = XDP_ABORTED;
	}
	c->verdict[rc]++;
	return rc;
}

/* Generic mode: the program runs on the mbuf's data, in place. */
static inline void
xl_rx_mbuf(struct xl_lcore *lc, const struct xl_rxq *r)
{
	struct rte_mbuf *pkts[XL_BURST_MAX], *drop[XL_BURST_MAX];
	struct rte_mbuf *pass[XL_BURST_MAX];
	struct xl_counters *c = &lc->ctr[r->port];
	uint16_t i, n, k = 0, nd = 0, np = 0;

	if (r->pp != NULL)
		pagepool_poll(r->pp);
	n = rte_eth_rx_burst(r->port, r->queue, pkts, opts.burst);
	if (n == 0)
		return;
	c->rx += n;
	for (i = 0; i < n; i++) {
		struct rte_mbuf *m = pkts[i];
		uint8_t *buf;

		/* A program sees one contiguous frame, as with XDP. */
		if (unlikely(m->nb_segs > 1) && rte_pktmbuf_linearize(m) != 0) {
			c->verdict[XDP_ABORTED]++;
			rte_pktmbuf_free(m);
			continue;
		}
		buf = m->buf_addr;
		xl_ctx_init(&lc->ctx[k], buf, rte_pktmbuf_mtod(m, uint8_t *),
			    m->data_len, buf + m->buf_len, r->port, r->queue);
		pkts[k++] = m;
	}
	xl_prog_run(r->prog, lc->ctxp, lc->rc, k);
	for (i = 0; i < k; i++) {
		const struct xl_ctx *x = &lc->ctx[i];
		struct rte_mbuf *m = pkts[i];
		uint64_t v = xl_verdict(c, x, lc->rc[i]);

		if (v == XDP_DROP || v == XDP_ABORTED) {
			drop[nd++] = m;
			continue;
		}
		m->data_off = (uint16_t)((uint8_t *)(uintptr_t)x->md.data -
					 (uint8_t *)m->buf_addr);
		m->data_len = (uint16_t)(x->md.data_end - x->md.data);
		m->pkt_len = m->data_len;
		if (v == XDP_PASS)
			pass[np++] = m;
		else if (v == XDP_TX)
			xl_stage_mbuf(lc, r->port, m);
		else
			xl_stage_mbuf(lc, (uint16_t)x->redirect_port, m);
	}
	if (nd != 0)
		rte_pktmbuf_free_bulk(drop, nd);
	if (np != 0)
		xl_pass(lc, r->port, pass, np);
	xl_flush(lc);
}

/* A raw frame leaves the raw path: attach its page to a header mbuf. */
static inline struct rte_mbuf *
xl_raw_to_mbuf(const struct pagepool_buf *b)
{
	struct rte_mbuf *m = rte_pktmbuf_alloc(hdr_mp);

	if (unlikely(m == NULL))
		return NULL;
	pagepool_mbuf_attach(m, b->page, b->offset, b->size);
	m->data_off = b->data_off;
	m->data_len = b->len;
	m->pkt_len = b->len;
	m->port = b->port;
	return m;
}

/* Native mode: the program runs on the page fragment; no mbuf unless PASS. */
static inline void
xl_rx_raw(struct xl_lcore *lc, const struct xl_rxq *r)
{
	struct pagepool_buf bufs[XL_BURST_MAX];
	struct pagepool_page *drop[XL_BURST_MAX];
	struct rte_mbuf *pass[XL_BURST_MAX];
	struct xl_counters *c = &lc->ctr[r->port];
	uint16_t i, n, nd = 0, np = 0;

	n = pagepool_rx_burst_raw(r->port, r->queue, bufs, opts.burst);
	if (n == 0)
		return;
	c->rx += n;
	for (i = 0; i < n; i++) {
		const struct pagepool_buf *b = &bufs[i];
		uint8_t *hs = RTE_PTR_ADD(b->page->addr, b->offset);

		xl_ctx_init(&lc->ctx[i], hs, hs + b->data_off, b->len,
			    hs + b->size, r->port, r->queue);
	}
	xl_prog_run(r->prog, lc->ctxp, lc->rc, n);
	for (i = 0; i < n; i++) {
		const struct xl_ctx *x = &lc->ctx[i];
		struct pagepool_buf *b = &bufs[i];
		uint64_t v = xl_verdict(c, x, lc->rc[i]);
		struct rte_mbuf *m;
		uint16_t dst;

		if (v == XDP_DROP || v == XDP_ABORTED) {
			drop[nd++] = b->page;
			continue;
		}
		b->data_off = (uint16_t)((uint8_t *)(uintptr_t)x->md.data -
					 x->hard_start);
		b->len = (uint16_t)(x->md.data_end - x->md.data);
		dst = v == XDP_REDIRECT ? (uint16_t)x->redirect_port : r->port;
		if (v != XDP_PASS && ports[dst].raw) {
			xl_stage_raw(lc, dst, b);
			continue;
		}
		/* PASS, or REDIRECT to a port without a raw path. */
		m = xl_raw_to_mbuf(b);
		if (unlikely(m == NULL)) {
			lc->ctr[v == XDP_PASS ? r->port : dst].out_drop++;
			drop[nd++] = b->page;
		} else if (v == XDP_PASS) {
			pass[np++] = m;
		} else {
			xl_stage_mbuf(lc, dst, m);
		}
	}
	/* DROP: straight back into the pool's alloc cache (we own it). */
	if (nd != 0)
		pagepool_put_bulk(drop, nd);
	if (np != 0)
		xl_pass(lc, r->port, pass, np);
	xl_flush(lc);
}

static void xl_watch_step(void);

static int
xl_lcore_main(void *arg)
{
	struct xl_lcore *lc = arg;
	unsigned int iter = 0;
	uint16_t i;

	while (!ppex_quit) {
		if (unlikely(lc->watch) && (++iter & 1023) == 0)
			xl_watch_step();
		for (i = 0; i < lc->nb_rxq; i++) {
			if (lc->rxq[i].raw)
				xl_rx_raw(lc, &lc->rxq[i]);
			else
				xl_rx_mbuf(lc, &lc->rxq[i]);
		}
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* stats */

static struct {
	struct ppex_watch clock;
	struct xl_counters prev[RTE_MAX_ETHPORTS];
} watch;

static void
xl_sum(struct xl_counters *sum)
{
	unsigned int w, v;
	uint16_t p;

	memset(sum, 0, sizeof(*sum) * RTE_MAX_ETHPORTS);
	for (w = 0; w < nb_fwd_lcores; w++) {
		const struct xl_lcore *lc = lcores[w];

		for (p = 0; p < RTE_MAX_ETHPORTS; p++) {
			const struct xl_counters *c = &lc->ctr[p];
			struct xl_counters *s = &sum[p];

			s->rx += __atomic_load_n(&c->rx, __ATOMIC_RELAXED);
			for (v = 0; v <= XDP_REDIRECT; v++)
				s->verdict[v] += __atomic_load_n(&c->verdict[v],
								 __ATOMIC_RELAXED);
			s->bad_verdict += __atomic_load_n(&c->bad_verdict, __ATOMIC_RELAXED);
			s->bad_port += __atomic_load_n(&c->bad_port, __ATOMIC_RELAXED);
			s->bad_ctx += __atomic_load_n(&c->bad_ctx, __ATOMIC_RELAXED);
			s->passed += __atomic_load_n(&c->passed, __ATOMIC_RELAXED);
			s->out += __atomic_load_n(&c->out, __ATOMIC_RELAXED);
			s->out_drop += __atomic_load_n(&c->out_drop, __ATOMIC_RELAXED);
		}
	}
}

static void
xl_print(const char *title, const struct xl_counters *now,
	 const struct xl_counters *prev, double dt)
{
	struct xl_counters tot;
	uint64_t prx, tprx = 0;
	unsigned int v;
	uint16_t p;

	memset(&tot, 0, sizeof(tot));
	printf("== %s ==\n", title);
	printf("%6s %14s", "port", "rx");
	for (v = 0; v <= XDP_REDIRECT; v++)
		printf(" %12s", xl_verdict_name[v]);
	printf(" %14s %10s %9s  %s\n", "out", "out-drop", "rx-Mpps", "path");
	RTE_ETH_FOREACH_DEV(p) {
		const struct xl_counters *c = &now[p];

		if (!ports[p].enabled)
			continue;
		prx = prev != NULL ? prev[p].rx : 0;
		printf("%6u %14" PRIu64, p, c->rx);
		for (v = 0; v <= XDP_REDIRECT; v++) {
			printf(" %12" PRIu64, c->verdict[v]);
			tot.verdict[v] += c->verdict[v];
		}
		printf(" %14" PRIu64 " %10" PRIu64 " %9.3f  %s\n", c->out,
		       c->out_drop, ppex_mpps(c->rx, prx, dt),
		       ppex_path_name(ports[p].raw, ports[p].raw_emu));
		tot.rx += c->rx;
		tot.out += c->out;
		tot.out_drop += c->out_drop;
		tprx += prx;
	}
	printf("%6s %14" PRIu64, "total", tot.rx);
	for (v = 0; v <= XDP_REDIRECT; v++)
		printf(" %12" PRIu64, tot.verdict[v]);
	printf(" %14" PRIu64 " %10" PRIu64 " %9.3f\n", tot.out, tot.out_drop,
	       ppex_mpps(tot.rx, tprx, dt));
	ppex_pools_print(stdout);
	fflush(stdout);
}

static void
xl_watch_step(void)
{
	struct xl_counters now[RTE_MAX_ETHPORTS];
	char title[64];
	double t, dt;

	if (!ppex_watch_due(&watch.clock, &opts, &t, &dt))
		return;
	xl_sum(now);
	snprintf(title, sizeof(title), "xdp-like stats at %.1f s",
		 t - watch.clock.t0);
	xl_print(title, now, watch.prev, dt);
	memcpy(watch.prev, now, sizeof(now));
}

/* ------------------------------------------------------------------ */
/* set-up */

static void
xl_usage(const char *prog)
{
	printf("usage: %s [EAL options] -- [options]\n"
	       "  -P, --prog [PORT[/QUEUE]=]PROG  program for all RX queues, or a port's,\n"
	       "                       or one queue's (default: pass); PROG is one of\n"
	       "                       drop | pass | reflect | redirect:PORT |\n"
	       "                       udp-filter:UDPPORT | bpf:FILE.o[:ARG]\n"
	       "  --prog-section NAME  ELF section of eBPF programs (default xdp)\n"
	       "  --no-jit             interpret eBPF programs\n"
	       "  --pass-to PORT       send PASSed frames out of PORT (default: free them)\n"
	       "  -p PORTMASK          hexadecimal mask of ports to use (default: all)\n"
	       "  -q NQ                RX queues per port (default 1)\n"
	       "  -T SECONDS           stats period, 0 = none (default 1)\n"
	       "  --path auto|raw|mbuf raw page path where a port has one (auto), or not\n"
	       "  --pages N            pages per RX queue pool of mbuf-path ports (default 4096)\n"
	       "  --page-size BYTES    their page size (default 2048)\n",
	       prog);
	ppex_opts_usage(stdout);
}

/* [PORT[/QUEUE]=]SPEC */
static int
xl_parse_prog(const char *s)
{
	const char *eq = strchr(s, '=');
	unsigned int port, queue;
	int n = 0;

	if (cfg.nb_specs == XL_MAX_PROGS - 1)	/* one left for the default */
		return -ENOSPC;
	cfg.specs[cfg.nb_specs].port = -1;
	cfg.specs[cfg.nb_specs].queue = -1;
	if (eq != NULL && strncmp(s, "bpf:", 4) != 0) {
		if (sscanf(s, "%u/%u=%n", &port, &queue, &n) == 2 && n > 0) {
			cfg.specs[cfg.nb_specs].queue = (int)queue;
		} else if (sscanf(s, "%u=%n", &port, &n) == 1 && n > 0) {
			;
		} else {
			return -EINVAL;
		}
		if (port >= RTE_MAX_ETHPORTS)
			return -EINVAL;
		cfg.specs[cfg.nb_specs].port = (int)port;
		s += n;
	}
	cfg.specs[cfg.nb_specs++].spec = s;
	return 0;
}

/* xdp-like's own options; ppex_opts_parse() takes the rest. */
enum { OPT_SECTION = 256, OPT_NO_JIT, OPT_PASS_TO };

static int
xl_parse_opt(int opt, const char *arg)
{
	unsigned long v;

	switch (opt) {
	case 'P':
		return xl_parse_prog(arg) != 0 ? -EINVAL : 0;
	case OPT_SECTION:
		cfg.section = arg;
		return 0;
	case OPT_NO_JIT:
		cfg.jit = false;
		return 0;
	case OPT_PASS_TO:
		if (ppex_parse_uint(arg, 0, RTE_MAX_ETHPORTS - 1, &v) != 0)
			return -EINVAL;
		cfg.pass_to = (int)v;
		return 0;
	default:
		return -ENOENT;
	}
}

static int
xl_parse_args(int argc, char **argv)
{
	static const struct option lopts[] = {
		{ "prog", required_argument, NULL, 'P' },
		{ "prog-section", required_argument, NULL, OPT_SECTION },
		{ "no-jit", no_argument, NULL, OPT_NO_JIT },
		{ "pass-to", required_argument, NULL, OPT_PASS_TO },
		PPEX_LONG_OPT_PATH,
		PPEX_LONG_OPTS,
	};
	static const struct ppex_cli cli = {
		.app = "xdp-like",
		.shortopts = "P:" PPEX_SHORT_OPTS,
		.longopts = lopts,
		.parse = xl_parse_opt,
		.usage = xl_usage,
	};

	return ppex_cli_parse(&cli, &opts, argc, argv);
}

/*
 * Load each distinct program once and give every RX queue its own; a queue
 * no -P names runs "pass", like a kernel interface without a program.
 */
static int
xl_load_programs(void)
{
	unsigned int s, i;
	uint16_t p, q;
	int ret;

	memmove(&cfg.specs[1], &cfg.specs[0], cfg.nb_specs * sizeof(cfg.specs[0]));
	cfg.specs[0].port = -1;
	cfg.specs[0].queue = -1;
	cfg.specs[0].spec = "pass";
	cfg.nb_specs++;
	for (s = 0; s < cfg.nb_specs; s++) {
		const char *spec = cfg.specs[s].spec;
		const struct xl_prog *prog = NULL;

		for (i = 0; i < nb_progs; i++)
			if (strcmp(progs[i].name, spec) == 0)
				prog = &progs[i];
		if (prog == NULL) {
			ret = xl_prog_load(&progs[nb_progs], spec, cfg.section,
					   cfg.jit);
			if (ret != 0)
				return ret;
			prog = &progs[nb_progs++];
		}
		if (cfg.specs[s].port >= 0 && !ports[cfg.specs[s].port].enabled) {
			fprintf(stderr, "xdp-like: -P %s: port %d is not in use\n",
				spec, cfg.specs[s].port);
			return -EINVAL;
		}
		/* Later -P options override earlier ones. */
		RTE_ETH_FOREACH_DEV(p) {
			if (!ports[p].enabled ||
			    (cfg.specs[s].port >= 0 && cfg.specs[s].port != p))
				continue;
			for (q = 0; q < opts.nb_rxq; q++)
				if (cfg.specs[s].queue < 0 || cfg.specs[s].queue == q)
					ports[p].prog[q] = prog;
		}
	}
	return 0;
}

static void
xl_choose_paths(void)
{
	uint16_t p;

	RTE_ETH_FOREACH_DEV(p) {
		struct xl_port *pt = &ports[p];
		bool has_raw;

		if (!pt->enabled)
			continue;
		if (opts.raw_emu && opts.path != PPEX_PATH_MBUF &&
		    pagepool_raw_supported(p) != 0)
			pt->raw_emu = true;
		has_raw = pagepool_raw_supported(p) == 0 || pt->raw_emu;
		if (opts.path == PPEX_PATH_RAW && !has_raw)
			rte_exit(EXIT_FAILURE,
				 "xdp-like: --path raw: port %u has no raw page path (a pagepool PMD registers one)\n",
				 p);
		pt->raw = opts.path != PPEX_PATH_MBUF && has_raw;
	}
}

static int
xl_setup_lcores(void)
{
	unsigned int lcore, w, i;
	uint16_t p, q;

	RTE_LCORE_FOREACH_WORKER(lcore) {
		lcores[nb_fwd_lcores] = rte_zmalloc_socket("xl_lcore",
				sizeof(struct xl_lcore), RTE_CACHE_LINE_SIZE,
				(int)rte_lcore_to_socket_id(lcore));
		if (lcores[nb_fwd_lcores] == NULL)
			return -ENOMEM;
		lcores[nb_fwd_lcores++]->lcore_id = lcore;
	}
	if (nb_fwd_lcores == 0) {
		lcores[0] = rte_zmalloc("xl_lcore", sizeof(struct xl_lcore),
					RTE_CACHE_LINE_SIZE);
		if (lcores[0] == NULL)
			return -ENOMEM;
		lcores[0]->lcore_id = rte_get_main_lcore();
		lcores[0]->watch = true;
		nb_fwd_lcores = 1;
	}
	for (w = 0; w < nb_fwd_lcores; w++) {
		lcores[w]->txq = (uint16_t)w;
		for (i = 0; i < XL_BURST_MAX; i++)
			lcores[w]->ctxp[i] = &lcores[w]->ctx[i];
	}
	w = 0;
	for (q = 0; q < opts.nb_rxq; q++) {
		RTE_ETH_FOREACH_DEV(p) {
			struct xl_lcore *lc = lcores[w];
			struct xl_rxq *r;

			if (!ports[p].enabled)
				continue;
			if (lc->nb_rxq == XL_MAX_RXQ_PER_LCORE)
				return -ENOSPC;
			r = &lc->rxq[lc->nb_rxq++];
			r->port = p;
			r->queue = q;
			r->raw = ports[p].raw;
			w = (w + 1) % nb_fwd_lcores;
		}
	}
	return 0;
}

static int
xl_setup_port(uint16_t p)
{
	struct xl_port *pt = &ports[p];

	return ppex_port_configure("xdp-like", "xl", p, &opts,
				   (uint16_t)nb_fwd_lcores,
				   !pt->raw && pagepool_raw_supported(p) != 0,
				   pt->raw_emu, pt->rx_mp);
}

/* After start: find every RX queue's pool and its program. */
static void
xl_bind_queues(void)
{
	char label[32], desc[160];
	unsigned int w;
	uint16_t i;

	for (w = 0; w < nb_fwd_lcores; w++) {
		struct xl_lcore *lc = lcores[w];

		printf("xdp-like: lcore %u (txq %u):", lc->lcore_id, lc->txq);
		for (i = 0; i < lc->nb_rxq; i++) {
			struct xl_rxq *r = &lc->rxq[i];
			struct pagepool *pp;

			r->prog = ports[r->port].prog[r->queue];
			if (pagepool_raw_supported(r->port) == 0) {
				/* the PMD's pool: the PMD binds its owner */
				pp = pagepool_raw_rxq_pool(r->port, r->queue);
			} else {
				pp = ppex_mbuf_pool_pagepool(ports[r->port].rx_mp[r->queue]);
				r->pp = pp;
			}
			snprintf(label, sizeof(label), "port%u/rxq%u", r->port,
				 r->queue);
			ppex_pools_add(pp, label);
			printf(" %s", label);
		}
		printf("\n");
		for (i = 0; i < lc->nb_rxq; i++) {
			const struct xl_rxq *r = &lc->rxq[i];

			printf("xdp-like: port %u rxq %u: %s, %s\n", r->port,
			       r->queue, xl_prog_describe(r->prog, desc, sizeof(desc)),
			       r->raw ? (ports[r->port].raw_emu ?
				"raw page path (software emulation: copies)" :
				"raw page path: the program runs on the page fragment, no mbuf") :
			       "mbuf path: the program runs on the mbuf's data in place (generic mode)");
		}
	}
}

static void
xl_print_aborted(const struct xl_counters *sum)
{
	uint16_t p;

	RTE_ETH_FOREACH_DEV(p) {
		const struct xl_counters *c = &sum[p];

		if (!ports[p].enabled || c->verdict[XDP_ABORTED] == 0)
			continue;
		printf("port %u aborted %" PRIu64 ": program %" PRIu64
		       ", unknown verdict %" PRIu64 ", bad redirect port %" PRIu64
		       ", bad data_end %" PRIu64 "\n", p, c->verdict[XDP_ABORTED],
		       c->verdict[XDP_ABORTED] - c->bad_verdict - c->bad_port -
		       c->bad_ctx, c->bad_verdict, c->bad_port, c->bad_ctx);
	}
	RTE_ETH_FOREACH_DEV(p)
		if (ports[p].enabled && sum[p].passed != 0)
			printf("port %u passed to the application: %" PRIu64 "\n",
			       p, sum[p].passed);
}

int
main(int argc, char **argv)
{
	struct xl_counters sum[RTE_MAX_ETHPORTS];
	uint64_t missing, used, raw_emu = 0;
	unsigned int w;
	double t0, t1;
	uint16_t p, q;
	int ret;

	if (ppex_eal_init(&argc, &argv) < 0)
		rte_exit(EXIT_FAILURE, "xdp-like: EAL init failed: %s\n",
			 rte_strerror(rte_errno));
	ret = xl_parse_args(argc, argv);
	if (ret > 0)
		exit(EXIT_SUCCESS);	/* -h */
	if (ret != 0)
		rte_exit(EXIT_FAILURE, "xdp-like: invalid arguments\n");

	used = ppex_ports_in_mask(opts.portmask);
	RTE_ETH_FOREACH_DEV(p)
		ports[p].enabled = p < 64 && (used & (UINT64_C(1) << p));
	if (used == 0)
		rte_exit(EXIT_FAILURE, "xdp-like: no port to use (give a port mask, or vdevs such as --vdev net_null0)\n");
	if (cfg.pass_to >= 0 && !ports[cfg.pass_to].enabled)
		rte_exit(EXIT_FAILURE, "xdp-like: --pass-to %d: port not in use\n",
			 cfg.pass_to);
	if (xl_load_programs() != 0)
		rte_exit(EXIT_FAILURE, "xdp-like: no program, no start\n");
	xl_choose_paths();
	if (xl_setup_lcores() != 0)
		rte_exit(EXIT_FAILURE, "xdp-like: cannot set up lcores\n");
	RTE_ETH_FOREACH_DEV(p) {
		if (ports[p].raw && hdr_mp == NULL) {
			/* Raw frames that become mbufs (PASS, REDIRECT to an mbuf
			 * port) only need headers: no data room. */
			hdr_mp = rte_pktmbuf_pool_create("xl_hdr", 8191, 256, 0, 0,
							 (int)rte_socket_id());
			if (hdr_mp == NULL)
				rte_exit(EXIT_FAILURE, "xdp-like: header mbuf pool: %s\n",
					 rte_strerror(rte_errno));
		}
	}
	RTE_ETH_FOREACH_DEV(p) {
		if (ports[p].enabled && xl_setup_port(p) != 0)
			rte_exit(EXIT_FAILURE, "xdp-like: cannot set up port %u\n", p);
	}
	RTE_ETH_FOREACH_DEV(p) {
		if (!ports[p].enabled)
			continue;
		ret = rte_eth_dev_start(p);
		if (ret != 0)
			rte_exit(EXIT_FAILURE, "xdp-like: port %u start: %s\n", p,
				 rte_strerror(-ret));
	}
	xl_bind_queues();

	printf("xdp-like: running on %u lcore(s); SIGINT or SIGTERM stops\n",
	       nb_fwd_lcores);
	fflush(stdout);
	memset(&watch, 0, sizeof(watch));
	ppex_watch_start(&watch.clock, opts.period);
	t0 = watch.clock.t0;
	if (lcores[0]->watch) {
		xl_lcore_main(lcores[0]);
	} else {
		for (w = 0; w < nb_fwd_lcores; w++)
			rte_eal_remote_launch(xl_lcore_main, lcores[w],
					      lcores[w]->lcore_id);
		ppex_watch_until_quit(xl_watch_step);
	}
	t1 = ppex_now();

	printf("xdp-like: stopping\n");
	xl_sum(sum);
	xl_print("xdp-like final", sum, NULL, t1 - t0);
	xl_print_aborted(sum);
	printf("xdp-like: ran for %.3f s\n", t1 - t0);

	RTE_ETH_FOREACH_DEV(p)
		if (ports[p].raw_emu)
			raw_emu |= UINT64_C(1) << p;
	missing = ppex_ports_close("xdp-like", used, raw_emu, opts.nb_rxq);
	if (missing == 0) {
		RTE_ETH_FOREACH_DEV(p)
			for (q = 0; q < opts.nb_rxq; q++)
				if (ports[p].rx_mp[q] != NULL)
					ppex_mbuf_pool_free(ports[p].rx_mp[q]);
		rte_mempool_free(hdr_mp);
	}
	ppex_report_missing("xdp-like", missing);
	for (w = 0; w < nb_progs; w++)
		xl_prog_unload(&progs[w]);
	fflush(stdout);
	rte_eal_cleanup();
	return missing == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
