/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The pagepool authors
 */
#ifndef PPEX_H
#define PPEX_H

/*
 * What the example applications share: the options they have in common, a
 * pagepool-backed mbuf pool for ports without a raw page path, the pool
 * report (periodic and at exit), the stop flag set by SIGINT/SIGTERM and the
 * stats clock, port set-up, drain and close, and a software raw path for
 * testing the raw code path on vdevs.
 */

#include <getopt.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <rte_ethdev.h>
#include <rte_mempool.h>

#include <pagepool.h>
#include <pagepool_raw.h>

#define PPEX_MAX_QUEUES 16	/* RX queues per port (-q) */
#define PPEX_BURST_MAX 64	/* --burst */

/* ---- options every example takes (ppex_opts.c) ---- */

/* Which data path a port forwards on (--path). */
enum ppex_path { PPEX_PATH_AUTO, PPEX_PATH_RAW, PPEX_PATH_MBUF };

struct ppex_opts {
	uint64_t portmask;	/* -p */
	uint16_t nb_rxq;	/* -q */
	uint16_t nb_rxd;	/* --rxd */
	uint16_t nb_txd;	/* --txd */
	uint16_t burst;		/* --burst */
	uint32_t pages;		/* --pages, per RX queue pool */
	uint32_t page_size;	/* --page-size */
	double period;		/* -T, stats period; 0 = none */
	double duration;	/* --duration; 0 = until SIGINT */
	bool raw_emu;		/* --raw-emu */
	enum ppex_path path;	/* --path */
};

#define PPEX_OPTS_DEFAULT {		\
	.portmask = UINT64_MAX,		\
	.nb_rxq = 1,			\
	.nb_rxd = 1024,			\
	.nb_txd = 1024,			\
	.burst = 32,			\
	.pages = 4096,			\
	.page_size = 2048,		\
	.period = 1.0,			\
	.path = PPEX_PATH_AUTO,		\
}

/* getopt values of the shared long options, above any example's own. */
enum {
	PPEX_OPT_PATH = 0x1000, PPEX_OPT_PAGES, PPEX_OPT_PAGE_SIZE,
	PPEX_OPT_RXD, PPEX_OPT_TXD, PPEX_OPT_BURST, PPEX_OPT_DURATION,
	PPEX_OPT_RAW_EMU,
};

/* Short options ppex_opts_parse() knows, and 'h', which it leaves to the
 * example's usage. */
#define PPEX_SHORT_OPTS "p:q:T:h"

/* Long options: --path, then (after any example's own) the rest, --help
 * and the terminator. Separate so that each example keeps its table order. */
#define PPEX_LONG_OPT_PATH \
	{ "path", required_argument, NULL, PPEX_OPT_PATH }
#define PPEX_LONG_OPTS							\
	{ "pages", required_argument, NULL, PPEX_OPT_PAGES },		\
	{ "page-size", required_argument, NULL, PPEX_OPT_PAGE_SIZE },	\
	{ "rxd", required_argument, NULL, PPEX_OPT_RXD },		\
	{ "txd", required_argument, NULL, PPEX_OPT_TXD },		\
	{ "burst", required_argument, NULL, PPEX_OPT_BURST },		\
	{ "duration", required_argument, NULL, PPEX_OPT_DURATION },	\
	{ "raw-emu", no_argument, NULL, PPEX_OPT_RAW_EMU },		\
	{ "help", no_argument, NULL, 'h' },				\
	{ NULL, 0, NULL, 0 }

/* Parse an unsigned number (any base strtoul takes) in [min, max]. 0 or
 * -EINVAL. */
int ppex_parse_uint(const char *s, unsigned long min, unsigned long max,
		    unsigned long *v);

/* Take option opt (a getopt_long result) with argument arg into o if it is
 * a shared one. 0, -EINVAL for a bad value, or -ENOENT if not shared. */
int ppex_opts_parse(struct ppex_opts *o, int opt, const char *arg);

/* The usage lines of --rxd/--txd, --burst, --duration and --raw-emu. */
void ppex_opts_usage(FILE *f);

/* After getopt_long stopped at a bad option or value: say where. */
void ppex_opts_bad(const char *app, int argc, char **argv);

/* An example's command line: its getopt tables and its own options. */
struct ppex_cli {
	const char *app;			/* prefix of messages */
	const char *shortopts;			/* with PPEX_SHORT_OPTS */
	const struct option *longopts;		/* with PPEX_LONG_OPTS */
	/* The example's own option: 0, -EINVAL, or -ENOENT if not its own. */
	int (*parse)(int opt, const char *arg);
	void (*usage)(const char *prog);
};

/*
 * Parse the arguments left after the EAL's: each option goes to the
 * example's parse(), and to ppex_opts_parse() when not its own. -h prints
 * the usage and returns 1 (the caller exits with success); a bad option,
 * value or stray argument says where, prints the usage and returns -EINVAL.
 * Else 0.
 */
int ppex_cli_parse(const struct ppex_cli *cli, struct ppex_opts *o,
		   int argc, char **argv);

/* Set by SIGINT and SIGTERM; every loop polls it. */
extern volatile bool ppex_quit;

/* Install the SIGINT/SIGTERM handlers that set ppex_quit. */
void ppex_signals_install(void);

/* rte_eal_init(), then leave argc and argv to the example's own arguments
 * (argv[0] kept) and install the signal handlers. The EAL's return. */
int ppex_eal_init(int *argc, char ***argv);

/* Seconds since an arbitrary start, from the TSC. */
double ppex_now(void);

/* The stats clock: when the run started, and when the last and next
 * periodic report are due. */
struct ppex_watch {
	double t0, last, next;
};

/* Start the clock now; the first report is due in period seconds. */
void ppex_watch_start(struct ppex_watch *w, double period);

/*
 * Set ppex_quit once o->duration is over. True when a periodic report is
 * due: *t is now and *dt the seconds since the last report; the clock then
 * moves to the next period.
 */
bool ppex_watch_due(struct ppex_watch *w, const struct ppex_opts *o,
		    double *t, double *dt);

/* On the main lcore while the workers run: call step() every 10 ms until
 * ppex_quit, then wait for the workers. */
void ppex_watch_until_quit(void (*step)(void));

/* "raw-emu", "raw" or "mbuf": a port's path in the stats tables. */
const char *ppex_path_name(bool raw, bool raw_emu);

/* Frames per second in millions: (now - prev) over dt, 0 if dt is not. */
double ppex_mpps(uint64_t now, uint64_t prev, double dt);

/* ---- pagepool-backed mbuf pool (ppex_mempool.c, on the mempool driver
 * "pagepool" of drivers/mempool/pagepool) ---- */

/* Data room of an mbuf that shares a page of page_size bytes with its
 * header, or 0 if the page is too small. */
uint16_t ppex_page_data_room(uint32_t page_size);

/*
 * Create an mbuf pool named name on the mempool ops "pagepool": a pagepool
 * of the same name, nb_pages pages of page_size bytes, each mbuf in a page
 * (no mempool cache: the pagepool's owner alloc cache plays that role).
 * NULL with rte_errno on failure.
 */
struct rte_mempool *ppex_mbuf_pool_create(const char *name, uint32_t nb_pages,
					  uint32_t page_size, int socket_id);

/* The pagepool behind such an mbuf pool, or NULL for any other pool. */
struct pagepool *ppex_mbuf_pool_pagepool(const struct rte_mempool *mp);

/*
 * Free an mbuf pool (and its pagepool). Returns 0 once freed, or the number
 * of mbufs still out, in which case nothing is freed.
 */
int ppex_mbuf_pool_free(struct rte_mempool *mp);

/* ---- pool report (ppex.c) ---- */

/* Remember a pool for the periodic report and the exit check. */
void ppex_pools_add(struct pagepool *pp, const char *label);

/* One line per pool: pages, in flight, alloc and recycle counters. */
void ppex_pools_print(FILE *f);

/*
 * After every port is closed: report each pool's pages in flight. A pool
 * that a PMD owned and destroyed at close is looked up by name; gone means
 * all its pages came back. Returns the total of pages not back.
 */
uint64_t ppex_pools_check(FILE *f);

/* ---- ports (ppex.c) ---- */

/* Parse a hexadecimal port mask; 0 on error. */
uint64_t ppex_parse_portmask(const char *s);

/* The ports that exist and that portmask names (ports 0-63), as a mask. */
uint64_t ppex_ports_in_mask(uint64_t portmask);

/*
 * Create port's RX pools (one per queue, named POOL_PREFIX_pPqQ): pagepool
 * backed when pagepool_rx, else plain mbufs (a pagepool PMD or the raw path
 * brings its own pages, and only needs header mbufs). Then ppex_port_setup()
 * and, when raw_emu, ppex_raw_emu_attach(). Errors are printed prefixed by
 * app. 0 or -errno.
 */
int ppex_port_configure(const char *app, const char *pool_prefix,
			uint16_t port, const struct ppex_opts *o,
			uint16_t nb_txq, bool pagepool_rx, bool raw_emu,
			struct rte_mempool **rx_mp);

/*
 * After the lcores stopped: drain every port in ports (a mask), then stop
 * and close them and detach the software raw path of those in raw_emu;
 * print "APP: ports closed" and the pool check (ppex_pools_check()).
 * Returns the pages not back.
 */
uint64_t ppex_ports_close(const char *app, uint64_t ports, uint64_t raw_emu,
			  uint16_t nb_rxq);

/* The last line: every page back, or how many are not. */
void ppex_report_missing(const char *app, uint64_t missing);

/* Configure port with nb_rxq/nb_txq queues (RSS when nb_rxq > 1), one RX
 * mempool per queue, promiscuous; does not start it. 0 or -errno. */
int ppex_port_setup(uint16_t port, uint16_t nb_rxq, uint16_t nb_txq,
		    uint16_t nb_rxd, uint16_t nb_txd,
		    struct rte_mempool *const *rx_mp);

/*
 * After the forwarding lcores stopped: receive and free what is still
 * queued on the port (a net_ring holds frames "on the wire"), bounded.
 * Returns frames freed.
 */
uint64_t ppex_port_drain(uint16_t port, uint16_t nb_rxq);

/* ---- software raw path (ppex_raw_emu.c) ---- */

/*
 * Register a copying raw page path on a port that has none (a vdev), so
 * that the raw code path of an application can be tested without a pagepool
 * PMD: RX copies each received mbuf into a fragment of the queue's pagepool,
 * TX copies each fragment into an mbuf and puts the page. Call after the
 * port is configured; nb_pages per RX queue. 0 or -errno.
 */
int ppex_raw_emu_attach(uint16_t port, uint16_t nb_rxq, uint16_t nb_txq,
			uint32_t nb_pages, struct rte_mempool *tx_mp);

/* Unregister and free the emulation's pools (after the port is closed). */
void ppex_raw_emu_detach(uint16_t port);

#endif /* PPEX_H */
