/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The pagepool authors
 */

/*
 * test_vhost_user_io: one port (normally net_pp_virtio_user, loaded with
 * -d) facing a back-end that sends every frame back unchanged (testpmd's
 * io forwarding on net_vhost). It sends frames whose every byte follows
 * from a sequence number, and checks each frame that comes back byte for
 * byte (chained mbufs included): a round trip is both directions of the
 * port. Driven line by line on stdin by test_vhost_user.py; each command
 * answers one JSON line on stdout:
 *
 *   echo N MIN MAX   send N frames of MIN..MAX bytes (mixed), wait for
 *                    them: {"sent","back","bad","dup","missing","chained"}
 *   link             {"up": 0|1, "lsc": events seen, "fds": open fds}
 *   waitlink up|down SECONDS
 *   xstats           the port's pool counters {"in_flight", ...}
 *   stop | start | mtu N
 *   mempool          {"avail", "size"}: mbufs home
 *   newpool N        a new mempool of N mbufs (EAL memory allocated now,
 *                    after start) that echo sends from from then on
 *   close            stop and close the port: {"closed": 1}
 *   quit
 *
 * Usage: test_vhost_user_io [EAL args] -- [--jumbo] [--queues N]
 * Exit: 0, 1 on a setup failure, 77 when no port exists (probe refused).
 */

#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_ethdev.h>
#include <rte_mbuf.h>

#define BURST		32
#define WINDOW		192	/* frames out at once: below every ring size */
#define MAX_FRAME	9018
#define ETYPE		0x88B5	/* IEEE local experimental */

static uint16_t port;
static struct rte_mempool *mp;		/* RX headers; TX unless txmp */
static struct rte_mempool *txmp;	/* newpool */
static volatile unsigned int lsc_events;
static unsigned int nb_mbufs = 8192;
static uint16_t nb_q = 1;		/* --queues N: TX round robin, RX all */

static inline uint8_t
pat(uint32_t seq, uint32_t i)
{
	return (uint8_t)(seq * 31u + i * 7u + (i >> 8));
}

static int
lsc_cb(uint16_t p, enum rte_eth_event_type t, void *a, void *r)
{
	RTE_SET_USED(p);
	RTE_SET_USED(t);
	RTE_SET_USED(a);
	RTE_SET_USED(r);
	lsc_events++;
	return 0;
}

/*
 * Open fds, less the driver's process-wide shadow memory files (memfd
 * "pp_virtio_user", one per EAL memory list, kept while EAL memory lives).
 */
static int
count_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	char path[300], target[256];
	struct dirent *e;
	ssize_t len;
	int n = 0;

	if (d == NULL)
		return -1;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/proc/self/fd/%s", e->d_name);
		len = readlink(path, target, sizeof(target) - 1);
		target[len > 0 ? len : 0] = '\0';
		n += strstr(target, "memfd:pp_virtio_user") == NULL;
	}
	closedir(d);
	return n - 1;	/* the DIR's own */
}

/* Build frame seq of len bytes, chained in segments of at most seg bytes. */
static struct rte_mbuf *
frame_build(uint32_t seq, uint32_t len)
{
	struct rte_mbuf *head = NULL, *m, *last = NULL;
	uint32_t off = 0, n, i, seg = 2048;
	uint8_t *d;

	while (off < len) {
		m = rte_pktmbuf_alloc(txmp != NULL ? txmp : mp);
		if (m == NULL) {
			rte_pktmbuf_free(head);
			return NULL;
		}
		n = RTE_MIN(seg, len - off);
		d = (uint8_t *)rte_pktmbuf_append(m, (uint16_t)n);
		for (i = 0; i < n; i++)
			d[i] = pat(seq, off + i);
		if (off == 0) {
			/* dst 02:00:00:00:00:01, src ours-ish, type, seq, len */
			static const uint8_t mac[12] = { 2, 0, 0, 0, 0, 1,
							 2, 0, 0, 0, 0, 2 };
			memcpy(d, mac, 12);
			d[12] = ETYPE >> 8;
			d[13] = ETYPE & 0xff;
			memcpy(d + 14, &seq, 4);
			memcpy(d + 18, &len, 4);
		}
		if (head == NULL) {
			head = m;
		} else {
			last->next = m;
			head->nb_segs++;
			head->pkt_len += n;
		}
		last = m;
		off += n;
	}
	return head;
}

/* Check a frame: 1 good (*seq set), 0 bad, -1 not ours. */
static int
frame_check(struct rte_mbuf *m, uint32_t *seq)
{
	static uint8_t buf[MAX_FRAME + 64];
	const uint8_t *d;
	uint32_t len, i;

	if (m->pkt_len < 22 || m->pkt_len > sizeof(buf))
		return 0;
	d = rte_pktmbuf_read(m, 0, m->pkt_len, buf);
	if (d == NULL)
		return 0;
	if (d[12] != (ETYPE >> 8) || d[13] != (ETYPE & 0xff))
		return -1;
	memcpy(seq, d + 14, 4);
	memcpy(&len, d + 18, 4);
	if (len != m->pkt_len)
		return 0;
	for (i = 22; i < len; i++)
		if (d[i] != pat(*seq, i))
			return 0;
	return 1;
}

static void
cmd_echo(uint32_t count, uint32_t min, uint32_t max)
{
	static uint32_t next_seq = 1;
	struct rte_mbuf *tx[BURST], *rx[BURST];
	uint32_t base = next_seq, sent = 0, back = 0, bad = 0, dup = 0;
	uint32_t chained = 0, other = 0, out, seq, len, i, rxq[8] = { 0 };
	uint16_t n, k, q, txq = 0;
	uint8_t *seen = calloc(count, 1);
	uint64_t deadline, idle_until;
	int r;

	if (seen == NULL) {
		printf("{\"error\": \"no memory\"}\n");
		return;
	}
	deadline = rte_get_timer_cycles() + 60 * rte_get_timer_hz();
	idle_until = 0;
	while (rte_get_timer_cycles() < deadline) {
		out = sent - back;
		n = 0;
		while (sent + n < count && out + n < WINDOW && n < BURST) {
			seq = base + sent + n;
			/* mixed sizes: a stride through [min, max] */
			len = min + (uint32_t)(((uint64_t)(sent + n) * 977) %
					       (max - min + 1));
			tx[n] = frame_build(seq, len);
			if (tx[n] == NULL)
				break;
			n++;
		}
		k = n ? rte_eth_tx_burst(port, txq, tx, n) : 0;
		for (i = k; i < n; i++)
			rte_pktmbuf_free(tx[i]);
		sent += k;
		txq = (uint16_t)((txq + 1) % nb_q);
		for (q = 0; q < nb_q; q++) {
		n = rte_eth_rx_burst(port, q, rx, BURST);
		rxq[q] += n;
		for (i = 0; i < n; i++) {
			chained += rx[i]->nb_segs > 1;
			r = frame_check(rx[i], &seq);
			if (r < 0)
				other++;
			else if (r == 0)
				bad++;
			else if (seq < base || seq >= base + count)
				other++;
			else if (seen[seq - base]++)
				dup++;
			else
				back++;
			rte_pktmbuf_free(rx[i]);
		}
		}
		if (sent == count && back + bad >= count)
			break;
		/* after everything was sent, give stragglers 2 s */
		if (sent == count && idle_until == 0)
			idle_until = rte_get_timer_cycles() + 2 * rte_get_timer_hz();
		if (idle_until && rte_get_timer_cycles() > idle_until)
			break;
	}
	next_seq = base + count;
	printf("{\"sent\": %u, \"back\": %u, \"bad\": %u, \"dup\": %u, "
	       "\"missing\": %u, \"chained\": %u, \"other\": %u, \"rxq\": [",
	       sent, back, bad, dup, count - back, chained, other);
	for (q = 0; q < nb_q; q++)
		printf("%s%u", q ? ", " : "", rxq[q]);
	printf("]}\n");
	free(seen);
}

static int
link_up(void)
{
	struct rte_eth_link l;

	memset(&l, 0, sizeof(l));
	rte_eth_link_get_nowait(port, &l);
	return l.link_status == RTE_ETH_LINK_UP;
}

static void
cmd_waitlink(const char *want, double secs)
{
	uint64_t end = rte_get_timer_cycles() +
		       (uint64_t)(secs * (double)rte_get_timer_hz());
	int up = strcmp(want, "up") == 0;
	struct rte_mbuf *rx[BURST];
	uint16_t n, q;

	while (link_up() != up && rte_get_timer_cycles() < end) {
		/* keep the RX queue drained meanwhile */
		for (q = 0; q < nb_q; q++) {
			n = rte_eth_rx_burst(port, q, rx, BURST);
			rte_pktmbuf_free_bulk(rx, n);
		}
		rte_delay_ms(10);
	}
	printf("{\"up\": %d, \"lsc\": %u}\n", link_up(), lsc_events);
}

static void
cmd_xstats(void)
{
	struct rte_eth_xstat_name *names;
	struct rte_eth_xstat *xs;
	int n, i, first = 1;

	n = rte_eth_xstats_get_names(port, NULL, 0);
	if (n <= 0) {
		printf("{}\n");
		return;
	}
	names = calloc(n, sizeof(*names));
	xs = calloc(n, sizeof(*xs));
	rte_eth_xstats_get_names(port, names, n);
	n = rte_eth_xstats_get(port, xs, n);
	printf("{");
	for (i = 0; i < n; i++) {
		printf("%s\"%s\": %" PRIu64, first ? "" : ", ",
		       names[xs[i].id].name, xs[i].value);
		first = 0;
	}
	printf("}\n");
	free(names);
	free(xs);
}

static int
port_setup(int jumbo)
{
	struct rte_eth_conf conf;
	struct rte_eth_dev_info info;
	uint16_t q;
	int ret;

	memset(&conf, 0, sizeof(conf));
	conf.intr_conf.lsc = 1;
	if (rte_eth_dev_info_get(port, &info) != 0)
		return -1;
	/*
	 * Scatter for jumbo only, as testpmd's default: with it our port
	 * would keep MRG_RXBUF at any MTU, and the other cases should run
	 * what a plain configuration gets (no MRG_RXBUF at MTU 1500).
	 */
	if (jumbo && (info.rx_offload_capa & RTE_ETH_RX_OFFLOAD_SCATTER))
		conf.rxmode.offloads |= RTE_ETH_RX_OFFLOAD_SCATTER;
	if (info.tx_offload_capa & RTE_ETH_TX_OFFLOAD_MULTI_SEGS)
		conf.txmode.offloads |= RTE_ETH_TX_OFFLOAD_MULTI_SEGS;
	if (!(*info.dev_flags & RTE_ETH_DEV_INTR_LSC))
		conf.intr_conf.lsc = 0;
	ret = rte_eth_dev_configure(port, nb_q, nb_q, &conf);
	if (ret == 0 && jumbo)
		ret = rte_eth_dev_set_mtu(port, 9000);
	for (q = 0; ret == 0 && q < nb_q; q++)
		ret = rte_eth_rx_queue_setup(port, q, 256, rte_socket_id(), NULL, mp);
	for (q = 0; ret == 0 && q < nb_q; q++)
		ret = rte_eth_tx_queue_setup(port, q, 256, rte_socket_id(), NULL);
	if (ret == 0)
		rte_eth_dev_callback_register(port, RTE_ETH_EVENT_INTR_LSC,
					      lsc_cb, NULL);
	if (ret == 0)
		ret = rte_eth_dev_start(port);
	if (ret != 0)
		printf("{\"error\": \"port setup: %s\"}\n", rte_strerror(-ret));
	return ret;
}

int
main(int argc, char **argv)
{
	char line[256], a[32];
	unsigned int x, y, z;
	int ret, jumbo = 0, closed = 0, i;
	double secs;

	setvbuf(stdout, NULL, _IOLBF, 0);
	ret = rte_eal_init(argc, argv);
	if (ret < 0) {
		printf("{\"error\": \"EAL init failed\"}\n");
		return 1;
	}
	for (i = ret + 1; i < argc; i++)
		if (strcmp(argv[i], "--jumbo") == 0)
			jumbo = 1;
		else if (strcmp(argv[i], "--queues") == 0 && i + 1 < argc)
			nb_q = (uint16_t)RTE_MIN(RTE_MAX(atoi(argv[++i]), 1), 8);
	if (rte_eth_dev_count_avail() == 0) {
		printf("{\"port\": null, \"fds\": %d}\n", count_fds());
		rte_eal_cleanup();
		return 77;
	}
	RTE_ETH_FOREACH_DEV(x) {
		port = (uint16_t)x;
		break;
	}
	mp = rte_pktmbuf_pool_create("io_pool", nb_mbufs, 256, 0,
				     RTE_MBUF_DEFAULT_BUF_SIZE, rte_socket_id());
	if (mp == NULL || port_setup(jumbo) != 0) {
		rte_eal_cleanup();
		return 1;
	}
	printf("{\"port\": %u, \"fds\": %d}\n", port, count_fds());
	while (fgets(line, sizeof(line), stdin) != NULL) {
		if (sscanf(line, "echo %u %u %u", &x, &y, &z) == 3 && x > 0 && z >= y) {
			cmd_echo(x, y, z);
		} else if (strncmp(line, "link", 4) == 0) {
			printf("{\"up\": %d, \"lsc\": %u, \"fds\": %d}\n", link_up(),
			       lsc_events, count_fds());
		} else if (sscanf(line, "waitlink %31s %lf", a, &secs) == 2) {
			cmd_waitlink(a, secs);
		} else if (strncmp(line, "xstats", 6) == 0) {
			cmd_xstats();
		} else if (strncmp(line, "stop", 4) == 0) {
			ret = rte_eth_dev_stop(port);
			printf("{\"stop\": %d}\n", ret);
		} else if (strncmp(line, "start", 5) == 0) {
			ret = rte_eth_dev_start(port);
			printf("{\"start\": %d}\n", ret);
		} else if (strncmp(line, "mempool", 7) == 0) {
			printf("{\"avail\": %u, \"size\": %u}\n",
			       rte_mempool_avail_count(mp), mp->size);
		} else if (strncmp(line, "close", 5) == 0) {
			rte_eth_dev_stop(port);
			ret = rte_eth_dev_close(port);
			closed = 1;
			printf("{\"closed\": %d, \"avail\": %u, \"size\": %u}\n",
			       ret == 0, rte_mempool_avail_count(mp), mp->size);
		} else if (sscanf(line, "newpool %u", &x) == 1 && txmp == NULL) {
			txmp = rte_pktmbuf_pool_create("io_pool2", x, 256, 0,
					RTE_MBUF_DEFAULT_BUF_SIZE, rte_socket_id());
			printf("{\"newpool\": %d, \"fds\": %d}\n", txmp != NULL,
			       count_fds());
		} else if (strncmp(line, "quit", 4) == 0) {
			break;
		} else {
			printf("{\"error\": \"unknown command\"}\n");
		}
	}
	if (!closed) {
		rte_eth_dev_stop(port);
		rte_eth_dev_close(port);
	}
	rte_mempool_free(mp);
	rte_mempool_free(txmp);
	rte_eal_cleanup();
	return 0;
}
