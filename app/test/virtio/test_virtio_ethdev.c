/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The pagepool authors
 */

/*
 * net_pp_virtio's device layer (virtio_ethdev.c) against fake_vdev, a
 * virtio-net device in memory behind its own struct pp_virtio_ops: the
 * test is the transport. Each case builds a port as a transport's probe
 * would (rte_eth_dev_allocate(), dev_private pointing at the hw,
 * pp_virtio_net_init()), drives it through the public ethdev calls, and
 * checks what the device saw: the status sequence, the features written,
 * the control commands byte by byte, and that every page went home.
 */

#include <dlfcn.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <ethdev_driver.h>
#include <rte_ethdev.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>

#include <pagepool.h>

#include "fake_vdev.h"
#include "ppdrv.h"
#include "test_common.h"
#include "virtio_hw.h"
#include "virtio_rxtx.h"
#include "virtio_spec.h"

/* In virtio_ethdev.c, out of line for this test (and a fuzz harness). */
int pp_virtio_devargs_parse(const char *args, struct ppdrv_devargs *da,
			    uint32_t *speed);

#define NB_DESC		64
#define BIT(b)		PP_VIRTIO_BIT(b)

/* What net_pp_virtio runs (virtio_ethdev.c), for the negotiation checks. */
#define RING_RESET	40	/* VIRTIO_F_RING_RESET */
#define OURS (BIT(PP_VIRTIO_F_VERSION_1) | BIT(PP_VIRTIO_F_ACCESS_PLATFORM) | \
	      BIT(RING_RESET) | BIT(PP_VIRTIO_NET_F_RSS) | \
	      BIT(PP_VIRTIO_F_RING_PACKED) | BIT(PP_VIRTIO_F_EVENT_IDX) | \
	      BIT(PP_VIRTIO_NET_F_MAC) | BIT(PP_VIRTIO_NET_F_STATUS) | \
	      BIT(PP_VIRTIO_NET_F_MRG_RXBUF) | BIT(PP_VIRTIO_NET_F_CSUM) | \
	      BIT(PP_VIRTIO_NET_F_GUEST_CSUM) | BIT(PP_VIRTIO_NET_F_CTRL_VQ) | \
	      BIT(PP_VIRTIO_NET_F_CTRL_RX) | BIT(PP_VIRTIO_NET_F_CTRL_MAC_ADDR) | \
	      BIT(PP_VIRTIO_NET_F_MQ) | BIT(PP_VIRTIO_NET_F_MTU))

/* What the fake device offers unless a case says otherwise: all of ours
 * but RSS (whose configuration fields a case fills when it offers it). */
#define DEV (OURS & ~BIT(PP_VIRTIO_NET_F_RSS))

/* A full-featured device: the control queue, two queue pairs. */
#define CTRL_FEATURES (BIT(PP_VIRTIO_NET_F_CTRL_VQ) | \
		       BIT(PP_VIRTIO_NET_F_CTRL_RX) | \
		       BIT(PP_VIRTIO_NET_F_CTRL_MAC_ADDR) | \
		       BIT(PP_VIRTIO_NET_F_MQ))

static struct rte_mempool *mp;

/* ---- the test's transport: fake_vdev plus a log and some knobs ---- */

#define MAX_CMDS	32
#define MAX_STATUS	64

struct ctl_cmd {
	uint8_t class, cmd;
	uint8_t data[512];
	uint32_t len;
};

struct fake_port {
	struct fake_vdev d;
	struct rte_eth_dev *dev;
	uint16_t port;
	/* control queue device */
	uint16_t ctrl_idx;
	int answer;		/* serve the control queue on notify */
	int one_per_notify;	/* ... one command per notification, the
				 * rest while the driver sleeps */
	uint8_t ack;		/* what to answer */
	uint8_t first_ack;	/* ... the next command, if first_ack_set */
	int first_ack_set;
	unsigned int nb_cmds;
	struct ctl_cmd cmds[MAX_CMDS];
	/* status writes, in order (0 for each reset) */
	unsigned int nb_status;
	uint8_t status[MAX_STATUS];
	/* knobs */
	int refuse_features_ok;	/* FEATURES_OK never sticks */
	int gone;		/* reads are all-ones */
	int reset_enodev;	/* the next reset says -ENODEV (a vhost-user
				 * backend that went away mid-stop) */
	/* LSC events seen */
	unsigned int lsc;
};

static struct fake_port fp;

static struct fake_port *
fp_of(struct pp_virtio_hw *hw)
{
	return container_of((struct fake_vdev *)hw->tp, struct fake_port, d);
}

static int (*fv_reset)(struct pp_virtio_hw *hw);
static void (*fv_set_status)(struct pp_virtio_hw *hw, uint8_t st);
static uint8_t (*fv_get_status)(struct pp_virtio_hw *hw);
static int (*fv_read_cfg)(struct pp_virtio_hw *hw, uint32_t off, void *dst,
			  uint32_t len);

/*
 * QEMU 7.2's virtio-net has the queues beyond the first pair only while
 * MQ is negotiated: a reset device answers queue size 0 for them.
 */
static uint16_t (*fv_queue_max)(struct pp_virtio_hw *hw, uint16_t idx);

static uint16_t
t_queue_max(struct pp_virtio_hw *hw, uint16_t idx)
{
	struct fake_port *p = fp_of(hw);

	if (idx >= 3 && !(p->d.accepted & BIT(PP_VIRTIO_NET_F_MQ)))
		return 0;
	return fv_queue_max(hw, idx);
}

static int
t_reset(struct pp_virtio_hw *hw)
{
	struct fake_port *p = fp_of(hw);

	if (p->gone)
		return -ENODEV;
	if (p->reset_enodev) {
		p->reset_enodev = 0;
		fv_reset(hw); /* the device side is gone: it holds nothing */
		return -ENODEV;
	}
	if (p->nb_status < MAX_STATUS && !p->d.reset_timeout)
		p->status[p->nb_status++] = 0;
	return fv_reset(hw);
}

static void
t_set_status(struct pp_virtio_hw *hw, uint8_t st)
{
	struct fake_port *p = fp_of(hw);

	if (p->nb_status < MAX_STATUS)
		p->status[p->nb_status++] = st;
	if (p->refuse_features_ok)
		st &= ~PP_VIRTIO_S_FEATURES_OK;
	fv_set_status(hw, st);
}

static uint8_t
t_get_status(struct pp_virtio_hw *hw)
{
	return fp_of(hw)->gone ? 0xFF : fv_get_status(hw);
}

static int
t_read_cfg(struct pp_virtio_hw *hw, uint32_t off, void *dst, uint32_t len)
{
	if (fp_of(hw)->gone) {
		memset(dst, 0xFF, len);
		return 0; /* what a removed PCI device reads */
	}
	return fv_read_cfg(hw, off, dst, len);
}

/* The device serves its control queue when notified (QEMU does). */
static void
t_on_notify(struct fake_vdev *d, struct fake_vq *f)
{
	struct fake_port *p = container_of(d, struct fake_port, d);
	struct pp_virtio_net_ctrl_hdr h;
	struct ctl_cmd c;

	if (f == NULL || f != fake_vdev_vq(d, p->ctrl_idx) || !p->answer)
		return;
	while (fake_net_ctrl(f, &h, c.data, sizeof(c.data), &c.len,
			     p->first_ack_set ? p->first_ack : p->ack) == 1) {
		p->first_ack_set = 0;
		c.class = h.class;
		c.cmd = h.cmd;
		if (p->nb_cmds < MAX_CMDS)
			p->cmds[p->nb_cmds++] = c;
		if (p->one_per_notify)
			break;
	}
	/*
	 * A split ring with EVENT_IDX: ask to be notified of the next
	 * command, as QEMU does once it has caught up (avail_event = its
	 * avail index); fake_vdev leaves avail_event where it was.
	 */
	if (!f->vq->packed && f->vq->event_idx)
		fake_vq_notify_mode(f, FAKE_NOTIFY_EVENT, f->last_avail, 0);
}

/*
 * The driver's bounded waits sleep through rte_delay_us_sleep(): with
 * one_per_notify the device answers what is left of the control queue
 * there, i.e. after the driver looked once and found only older answers.
 * This forces the interleaving a slow device produces by timing. The
 * executable's definition takes precedence for every caller, the driver
 * included; otherwise the real function sleeps.
 */
void
rte_delay_us_sleep(unsigned int us)
{
	static void (*real)(unsigned int);

	if (fp.one_per_notify && fp.dev != NULL) {
		t_on_notify(&fp.d, fake_vdev_vq(&fp.d, fp.ctrl_idx));
		return;
	}
	if (real == NULL)
		real = (void (*)(unsigned int))dlsym(RTLD_NEXT,
						     "rte_delay_us_sleep");
	if (real != NULL)
		real(us);
}

static void fp_close(void);

/* A fake device offering `offered`, with `pairs` queue pairs. */
static void
fp_init(uint64_t offered, uint16_t pairs)
{
	fp_close(); /* what a failed case left */
	memset(&fp, 0, sizeof(fp));
	fake_vdev_init(&fp.d);
	fv_reset = fp.d.ops.reset;
	fv_set_status = fp.d.ops.set_status;
	fv_get_status = fp.d.ops.get_status;
	fv_read_cfg = fp.d.ops.read_cfg;
	fv_queue_max = fp.d.ops.queue_max;
	fp.d.ops.queue_max = t_queue_max;
	fp.d.ops.reset = t_reset;
	fp.d.ops.set_status = t_set_status;
	fp.d.ops.get_status = t_get_status;
	fp.d.ops.read_cfg = t_read_cfg;
	fp.d.on_notify = t_on_notify;
	fp.d.offered = offered;
	fp.d.cfg.max_virtqueue_pairs = pairs;
	fp.d.nb_queues = 2 * pairs + 1;
	fp.ctrl_idx = (offered & BIT(PP_VIRTIO_NET_F_MQ)) ? 2 * pairs : 2;
	fp.answer = 1;
	fp.ack = PP_VIRTIO_NET_OK;
}

/* What a bus would have made (ethdev reads the driver's name). */
static const struct rte_driver fake_drv = { .name = "net_pp_virtio_fake" };
static struct rte_device fake_rte_dev = {
	.name = "pp_virtio_fake",
	.driver = &fake_drv,
	.numa_node = SOCKET_ID_ANY,
};

/* A port over fp.d, as a transport's probe makes it. */
static int
fp_probe(const struct pp_virtio_net_conf *conf)
{
	struct rte_eth_dev *dev;
	int ret;

	dev = rte_eth_dev_allocate("pp_virtio_fake");
	if (dev == NULL)
		return -ENOMEM;
	dev->device = &fake_rte_dev;
	dev->data->dev_private = rte_zmalloc(NULL, sizeof(void *), 0);
	if (dev->data->dev_private == NULL) {
		rte_eth_dev_release_port(dev);
		return -ENOMEM;
	}
	*(struct pp_virtio_hw **)dev->data->dev_private = &fp.d.hw;
	ret = pp_virtio_net_init(dev, &fp.d.hw, conf);
	if (ret != 0) {
		rte_eth_dev_release_port(dev);
		return ret;
	}
	rte_eth_dev_probing_finish(dev);
	fp.dev = dev;
	fp.port = dev->data->port_id;
	return 0;
}

/*
 * rte_eth_dev_close(), then the transport's part (ops->close). Knobs off
 * first: a case that failed half-way may have left the device stuck.
 */
static void
fp_close(void)
{
	if (fp.dev == NULL)
		return;
	fp.d.reset_timeout = 0;
	fp.answer = 1;
	fp.one_per_notify = 0;
	fp.ack = PP_VIRTIO_NET_OK;
	rte_eth_dev_stop(fp.port);
	rte_eth_dev_close(fp.port);
	fp.d.ops.close(&fp.d.hw);
	fp.dev = NULL;
}

/* Configure nb queue pairs and set them up; lsc: LSC interrupts on. */
static int
fp_setup(uint16_t nb, int lsc)
{
	struct rte_eth_conf conf;
	uint16_t q;

	memset(&conf, 0, sizeof(conf));
	conf.intr_conf.lsc = lsc;
	TEST_ASSERT_EQUAL(rte_eth_dev_configure(fp.port, nb, nb, &conf), 0,
			  "configure");
	for (q = 0; q < nb; q++) {
		TEST_ASSERT_EQUAL(rte_eth_rx_queue_setup(fp.port, q, NB_DESC,
				SOCKET_ID_ANY, NULL, mp), 0, "rxq %u", q);
		TEST_ASSERT_EQUAL(rte_eth_tx_queue_setup(fp.port, q, NB_DESC,
				SOCKET_ID_ANY, NULL), 0, "txq %u", q);
	}
	return TEST_SUCCESS;
}

/* Configure one queue pair (set up already) with conf, start: case i. */
static int
fp_conf_start(const struct rte_eth_conf *conf, unsigned int i)
{
	TEST_ASSERT_EQUAL(rte_eth_dev_configure(fp.port, 1, 1, conf), 0,
			  "configure %u", i);
	TEST_ASSERT_EQUAL(rte_eth_dev_start(fp.port), 0, "start %u", i);
	return TEST_SUCCESS;
}

/* Pages of RX queue q's pool not at home. */
static uint64_t
rxq_in_flight(uint16_t q)
{
	const struct pp_virtio_rxq *rxq = fp.dev->data->rx_queues[q];

	return pagepool_in_flight(rxq->pp.pool);
}

static int
check_cmd(unsigned int i, uint8_t class, uint8_t cmd, const void *data,
	  uint32_t len)
{
	const struct ctl_cmd *c = &fp.cmds[i];

	TEST_ASSERT(i < fp.nb_cmds, "command %u was not sent (%u sent)", i,
		    fp.nb_cmds);
	TEST_ASSERT_EQUAL(c->class, class, "command %u class", i);
	TEST_ASSERT_EQUAL(c->cmd, cmd, "command %u cmd", i);
	TEST_ASSERT_EQUAL(c->len, len, "command %u data length", i);
	TEST_ASSERT(memcmp(c->data, data, len) == 0, "command %u data", i);
	return TEST_SUCCESS;
}

/* ---- negotiation ---- */

/*
 * 3.1.1: reset, ACKNOWLEDGE, DRIVER, features, FEATURES_OK; the device
 * sees what it offered and we run, no more; DRIVER_OK waits for start.
 */
static int
test_negotiate(void)
{
	uint64_t extra = BIT(7) | BIT(PP_VIRTIO_F_INDIRECT_DESC) | BIT(41);
	static const uint8_t want[] = {
		0, PP_VIRTIO_S_ACKNOWLEDGE,
		PP_VIRTIO_S_ACKNOWLEDGE | PP_VIRTIO_S_DRIVER,
		PP_VIRTIO_S_ACKNOWLEDGE | PP_VIRTIO_S_DRIVER |
		PP_VIRTIO_S_FEATURES_OK,
	};
	struct rte_ether_addr mac;
	unsigned int i;

	fp_init(DEV | extra, 2);
	fp.d.offered &= ~BIT(PP_VIRTIO_F_ACCESS_PLATFORM);
	TEST_ASSERT_EQUAL(fp_probe(NULL), 0, "probe");
	TEST_ASSERT_EQUAL(fp.d.accepted, fp.d.offered & OURS,
			  "features written");
	TEST_ASSERT_EQUAL(fp.d.hw.features, fp.d.accepted, "hw->features");
	TEST_ASSERT_EQUAL(fp.nb_status, RTE_DIM(want), "status writes");
	for (i = 0; i < RTE_DIM(want); i++)
		TEST_ASSERT_EQUAL(fp.status[i], want[i], "status write %u", i);
	TEST_ASSERT_EQUAL(fp.d.hw.max_queue_pairs, 2, "queue pairs");
	TEST_ASSERT_EQUAL(rte_eth_macaddr_get(fp.port, &mac), 0, "mac");
	TEST_ASSERT(memcmp(mac.addr_bytes, fp.d.cfg.mac, 6) == 0,
		    "the device's MAC");
	fp_close();
	return TEST_SUCCESS;
}

/* A legacy device (no VERSION_1) is refused, and told so (FAILED). */
static int
test_no_version_1(void)
{
	fp_init(BIT(PP_VIRTIO_NET_F_MAC) | BIT(PP_VIRTIO_NET_F_STATUS), 1);
	TEST_ASSERT_EQUAL(fp_probe(NULL), -ENOTSUP, "probe");
	TEST_ASSERT(fp.d.status & PP_VIRTIO_S_FAILED, "status FAILED");
	TEST_ASSERT(!(fp.d.status & PP_VIRTIO_S_FEATURES_OK),
		    "no FEATURES_OK");
	return TEST_SUCCESS;
}

/* features_off (devargs such as mrg_rxbuf=0) are never written. */
static int
test_features_off(void)
{
	struct pp_virtio_net_conf conf = {
		.features_off = BIT(PP_VIRTIO_NET_F_MRG_RXBUF) |
				BIT(PP_VIRTIO_F_RING_PACKED) |
				BIT(PP_VIRTIO_NET_F_CTRL_VQ),
	};

	fp_init(DEV, 1);
	TEST_ASSERT_EQUAL(fp_probe(&conf), 0, "probe");
	TEST_ASSERT_EQUAL(fp.d.accepted & conf.features_off, 0,
			  "features turned off were written");
	/* without the control queue, what needs it goes too (5.1.3.1) */
	TEST_ASSERT_EQUAL(fp.d.accepted & CTRL_FEATURES, 0,
			  "CTRL_RX/MAC_ADDR/MQ without CTRL_VQ");
	TEST_ASSERT(fp.d.accepted & BIT(PP_VIRTIO_NET_F_STATUS), "STATUS kept");
	fp_close();
	return TEST_SUCCESS;
}

/*
 * A device that comes back with other ring features (a vhost-user backend
 * restarted with packed_vq off) cannot run the queues built at probe: the
 * start is refused, and with the old features back it starts again.
 */
static int
test_features_changed(void)
{
	fp_init(DEV, 1);
	TEST_ASSERT_EQUAL(fp_probe(NULL), 0, "probe");
	TEST_CHECK(fp_setup(1, 0));
	fp.d.offered &= ~BIT(PP_VIRTIO_F_RING_PACKED);
	TEST_ASSERT_EQUAL(rte_eth_dev_start(fp.port), -EPROTO, "start");
	TEST_ASSERT(!(fp.d.status & PP_VIRTIO_S_DRIVER_OK), "no DRIVER_OK");
	TEST_ASSERT_EQUAL(rxq_in_flight(0), 0, "nothing posted");
	fp.d.offered |= BIT(PP_VIRTIO_F_RING_PACKED);
	TEST_ASSERT_EQUAL(rte_eth_dev_start(fp.port), 0, "start");
	TEST_ASSERT_EQUAL(rte_eth_dev_stop(fp.port), 0, "stop");
	fp_close();
	return TEST_SUCCESS;
}

/*
 * The checksum features follow the offloads at each start, as DPDK's
 * virtio does: without them the device neither leaves a partial checksum
 * in what we receive (GUEST_CSUM) nor parses the header of each packet we
 * send (CSUM).
 */
static int
test_csum_features_follow_offloads(void)
{
	const uint64_t csum = BIT(PP_VIRTIO_NET_F_CSUM) |
			      BIT(PP_VIRTIO_NET_F_GUEST_CSUM);
	static const struct {
		uint64_t tx, rx;	/* offloads configured */
		uint64_t want;		/* checksum features at start */
	} t[] = {
		{ 0, 0, 0 },
		{ RTE_ETH_TX_OFFLOAD_UDP_CKSUM, 0, BIT(PP_VIRTIO_NET_F_CSUM) },
		{ 0, RTE_ETH_RX_OFFLOAD_TCP_CKSUM,
		  BIT(PP_VIRTIO_NET_F_GUEST_CSUM) },
		{ RTE_ETH_TX_OFFLOAD_TCP_CKSUM, RTE_ETH_RX_OFFLOAD_UDP_CKSUM,
		  BIT(PP_VIRTIO_NET_F_CSUM) | BIT(PP_VIRTIO_NET_F_GUEST_CSUM) },
	};
	struct rte_eth_conf conf;
	const struct pp_virtio_txq *txq;
	unsigned int i;

	fp_init(DEV, 1);
	TEST_ASSERT_EQUAL(fp_probe(NULL), 0, "probe");
	TEST_ASSERT_EQUAL(fp.d.accepted & csum, csum, "both at probe");
	TEST_CHECK(fp_setup(1, 0));
	txq = fp.dev->data->tx_queues[0];
	for (i = 0; i < RTE_DIM(t); i++) {
		memset(&conf, 0, sizeof(conf));
		conf.txmode.offloads = t[i].tx;
		conf.rxmode.offloads = t[i].rx;
		TEST_CHECK(fp_conf_start(&conf, i));
		TEST_ASSERT_EQUAL(fp.d.accepted & csum, t[i].want,
				  "case %u: checksum features", i);
		TEST_ASSERT_EQUAL(txq->host_csum,
				  !!(t[i].want & BIT(PP_VIRTIO_NET_F_CSUM)),
				  "case %u: the TX queue's CSUM", i);
		TEST_ASSERT_EQUAL(rte_eth_dev_stop(fp.port), 0, "stop %u", i);
	}
	fp_close();
	return TEST_SUCCESS;
}

/*
 * MRG_RXBUF is asked for at start only where a frame of the MTU may need
 * more than one RX buffer, or the application asked for RX scatter.
 * Without it a larger MTU needs the port stopped (the chains posted were
 * sized for the old one); with scatter it is taken while running.
 */
static int
test_mrg_follows_mtu(void)
{
	const uint64_t mrg = BIT(PP_VIRTIO_NET_F_MRG_RXBUF);
	static const struct {
		uint16_t mtu;
		uint64_t rx;		/* RX offloads configured */
		uint64_t want;		/* MRG_RXBUF at start */
		int mtu_live;		/* set_mtu(9000) while started */
	} t[] = {
		{ 1500, 0, 0, -EBUSY },
		{ 9000, 0, BIT(PP_VIRTIO_NET_F_MRG_RXBUF), 0 },
		{ 1500, RTE_ETH_RX_OFFLOAD_SCATTER,
		  BIT(PP_VIRTIO_NET_F_MRG_RXBUF), 0 },
		/* a whole 4 KiB page: 4096 - 128 of headroom + the 12-byte
		 * header, less 15 colour lines: 3020 for header, L2 with two
		 * VLAN tags (34) and the MTU */
		{ 2986, 0, 0, -EBUSY },
		{ 2987, 0, BIT(PP_VIRTIO_NET_F_MRG_RXBUF), 0 },
	};
	struct rte_eth_conf conf;
	const struct pp_virtio_rxq *rxq;
	unsigned int i;
	uint16_t mtu;

	fp_init(DEV, 1);
	TEST_ASSERT_EQUAL(fp_probe(NULL), 0, "probe");
	TEST_ASSERT_EQUAL(fp.d.accepted & mrg, mrg, "offered at probe");
	TEST_CHECK(fp_setup(1, 0));
	for (i = 0; i < RTE_DIM(t); i++) {
		memset(&conf, 0, sizeof(conf));
		conf.rxmode.mtu = t[i].mtu;
		conf.rxmode.offloads = t[i].rx;
		TEST_CHECK(fp_conf_start(&conf, i));
		rxq = fp.dev->data->rx_queues[0];
		TEST_ASSERT_EQUAL(fp.d.accepted & mrg, t[i].want,
				  "case %u (MTU %u): MRG_RXBUF", i, t[i].mtu);
		TEST_ASSERT_EQUAL(rxq->mrg, !!t[i].want,
				  "case %u: the RX queue's MRG_RXBUF", i);
		TEST_ASSERT_EQUAL(rxq->segs, 1, "case %u: one buffer a chain",
				  i);
		TEST_ASSERT_EQUAL(rte_eth_dev_set_mtu(fp.port, 9000),
				  t[i].mtu_live, "case %u: MTU 9000 running", i);
		TEST_ASSERT_EQUAL(rte_eth_dev_get_mtu(fp.port, &mtu), 0, "mtu");
		TEST_ASSERT_EQUAL(mtu, t[i].mtu_live == 0 ? 9000 : t[i].mtu,
				  "case %u: MTU kept or raised", i);
		TEST_ASSERT_EQUAL(rte_eth_dev_stop(fp.port), 0, "stop %u", i);
		TEST_ASSERT_EQUAL(rxq_in_flight(0), 0, "case %u: pages home",
				  i);
	}
	fp_close();
	/* a device without it: never asked for, whatever the MTU */
	fp_init(DEV & ~mrg, 1);
	TEST_ASSERT_EQUAL(fp_probe(NULL), 0, "probe without MRG_RXBUF");
	TEST_CHECK(fp_setup(1, 0));
	TEST_ASSERT_EQUAL(rte_eth_dev_set_mtu(fp.port, 9000), 0, "MTU 9000");
	TEST_ASSERT_EQUAL(rte_eth_dev_start(fp.port), 0, "start");
	TEST_ASSERT_EQUAL(fp.d.accepted & mrg, 0, "not negotiated");
	rxq = fp.dev->data->rx_queues[0];
	TEST_ASSERT(rxq->segs > 1, "jumbo in chained descriptors");
	TEST_ASSERT_EQUAL(rte_eth_dev_stop(fp.port), 0, "stop");
	fp_close();
	return TEST_SUCCESS;
}

/* A device that does not keep FEATURES_OK refused our set: refused. */
static int
test_features_ok_refused(void)
{
	fp_init(DEV, 1);
	fp.refuse_features_ok = 1;
	TEST_ASSERT_EQUAL(fp_probe(NULL), -ENOTSUP, "probe");
	TEST_ASSERT(fp.d.status & PP_VIRTIO_S_FAILED, "status FAILED");
	return TEST_SUCCESS;
}

/* A device that does not come out of reset: -ETIMEDOUT, no port. */
static int
test_reset_timeout(void)
{
	fp_init(DEV, 1);
	fp.d.reset_timeout = 1;
	TEST_ASSERT_EQUAL(fp_probe(NULL), -ETIMEDOUT, "probe");
	TEST_ASSERT_EQUAL(fp.d.status, 0, "no status written after it");
	return TEST_SUCCESS;
}

/*
 * Addresses are IOVAs (a PCI transport, IOVA as VA here): a device that
 * would bypass the IOMMU (no ACCESS_PLATFORM) is refused; one that offers
 * it gets it.
 */
static int
test_access_platform(void)
{
	if (rte_eal_iova_mode() == RTE_IOVA_PA)
		TEST_SKIP("IOVA as PA: the device may bypass the IOMMU");
	fp_init(DEV & ~BIT(PP_VIRTIO_F_ACCESS_PLATFORM), 1);
	fp.d.hw.use_va = 0;
	TEST_ASSERT_EQUAL(fp_probe(NULL), -ENOTSUP, "probe without it");
	fp_init(DEV, 1);
	fp.d.hw.use_va = 0;
	TEST_ASSERT_EQUAL(fp_probe(NULL), 0, "probe with it");
	TEST_ASSERT(fp.d.accepted & BIT(PP_VIRTIO_F_ACCESS_PLATFORM),
		    "ACCESS_PLATFORM taken");
	fp_close();
	return TEST_SUCCESS;
}

/* ---- the control queue ---- */

/*
 * Each command byte-exact (5.1.6.5): the queue pairs at start, then the
 * MAC and RX modes ethdev replays, then what the application asks.
 */
static int
test_ctrl_commands(void)
{
	static const struct rte_ether_addr mac2 = {
		{ 0x02, 0x11, 0x22, 0x33, 0x44, 0x55 } };
	const uint8_t pairs[2] = { 2, 0 }, on = 1, off = 0;
	unsigned int n;

	fp_init(DEV, 2);
	TEST_ASSERT_EQUAL(fp_probe(NULL), 0, "probe");
	TEST_CHECK(fp_setup(2, 0));
	TEST_ASSERT_EQUAL(fp.nb_cmds, 0, "nothing sent before start");
	TEST_ASSERT_EQUAL(rte_eth_dev_start(fp.port), 0, "start");
	TEST_ASSERT(fp.d.status & PP_VIRTIO_S_DRIVER_OK, "DRIVER_OK");
	TEST_CHECK(check_cmd(0, PP_VIRTIO_NET_CTRL_MQ,
			     PP_VIRTIO_NET_CTRL_MQ_VQ_PAIRS_SET, pairs, 2));
	TEST_CHECK(check_cmd(1, PP_VIRTIO_NET_CTRL_MAC,
			     PP_VIRTIO_NET_CTRL_MAC_ADDR_SET, fp.d.cfg.mac, 6));
	TEST_CHECK(check_cmd(2, PP_VIRTIO_NET_CTRL_RX,
			     PP_VIRTIO_NET_CTRL_RX_PROMISC, &off, 1));
	TEST_CHECK(check_cmd(3, PP_VIRTIO_NET_CTRL_RX,
			     PP_VIRTIO_NET_CTRL_RX_ALLMULTI, &off, 1));
	n = fp.nb_cmds;
	TEST_ASSERT_EQUAL(n, 4, "commands at start");

	TEST_ASSERT_EQUAL(rte_eth_promiscuous_enable(fp.port), 0, "promisc");
	TEST_CHECK(check_cmd(n++, PP_VIRTIO_NET_CTRL_RX,
			     PP_VIRTIO_NET_CTRL_RX_PROMISC, &on, 1));
	TEST_ASSERT_EQUAL(rte_eth_allmulticast_enable(fp.port), 0, "allmulti");
	TEST_CHECK(check_cmd(n++, PP_VIRTIO_NET_CTRL_RX,
			     PP_VIRTIO_NET_CTRL_RX_ALLMULTI, &on, 1));
	TEST_ASSERT_EQUAL(rte_eth_promiscuous_disable(fp.port), 0, "promisc");
	TEST_CHECK(check_cmd(n++, PP_VIRTIO_NET_CTRL_RX,
			     PP_VIRTIO_NET_CTRL_RX_PROMISC, &off, 1));
	TEST_ASSERT_EQUAL(rte_eth_dev_default_mac_addr_set(fp.port,
			(struct rte_ether_addr *)(uintptr_t)&mac2), 0, "mac");
	TEST_CHECK(check_cmd(n++, PP_VIRTIO_NET_CTRL_MAC,
			     PP_VIRTIO_NET_CTRL_MAC_ADDR_SET, mac2.addr_bytes,
			     6));
	TEST_ASSERT_EQUAL(fp.nb_cmds, n, "one command each");

	/* the device says no: -EIO, and ethdev keeps the old mode */
	fp.ack = PP_VIRTIO_NET_ERR;
	TEST_ASSERT_EQUAL(rte_eth_promiscuous_enable(fp.port), -EIO,
			  "refused command");
	TEST_ASSERT_EQUAL(rte_eth_promiscuous_get(fp.port), 0, "mode kept");
	fp.ack = PP_VIRTIO_NET_OK;

	/* stopped, the device has no control state: nothing is sent */
	TEST_ASSERT_EQUAL(rte_eth_dev_stop(fp.port), 0, "stop");
	n = fp.nb_cmds;
	TEST_ASSERT_EQUAL(rte_eth_allmulticast_disable(fp.port), 0, "allmulti");
	TEST_ASSERT_EQUAL(fp.nb_cmds, n, "nothing sent while stopped");
	/* ... and the start after it replays the new state */
	TEST_ASSERT_EQUAL(rte_eth_dev_start(fp.port), 0, "start");
	TEST_CHECK(check_cmd(n + 1, PP_VIRTIO_NET_CTRL_MAC,
			     PP_VIRTIO_NET_CTRL_MAC_ADDR_SET, mac2.addr_bytes,
			     6));
	TEST_CHECK(check_cmd(n + 3, PP_VIRTIO_NET_CTRL_RX,
			     PP_VIRTIO_NET_CTRL_RX_ALLMULTI, &off, 1));
	TEST_ASSERT_EQUAL(rte_eth_dev_stop(fp.port), 0, "stop");
	fp_close();
	return TEST_SUCCESS;
}

/*
 * A control queue that never answers: -ETIMEDOUT after a bounded wait,
 * and the answer coming late later does not confuse the next command.
 */
static int
test_ctrl_timeout(void)
{
	struct rte_eth_xstat_name *names;
	struct rte_eth_xstat *xs;
	const uint8_t on = 1;
	int n, i, seen = 0;

	fp_init(DEV, 1);
	TEST_ASSERT_EQUAL(fp_probe(NULL), 0, "probe");
	TEST_CHECK(fp_setup(1, 0));
	TEST_ASSERT_EQUAL(rte_eth_dev_start(fp.port), 0, "start");
	fp.answer = 0;
	TEST_ASSERT_EQUAL(rte_eth_promiscuous_enable(fp.port), -ETIMEDOUT,
			  "no answer");
	TEST_ASSERT_EQUAL(rte_eth_promiscuous_get(fp.port), 0, "mode kept");
	/*
	 * The device wakes up: the next notification has it answer the old
	 * command (ERR, into that command's slot), and the new one only while
	 * the driver waits. The old answer is not the new one's.
	 */
	fp.answer = 1;
	fp.one_per_notify = 1;
	fp.nb_cmds = 0;
	fp.first_ack = PP_VIRTIO_NET_ERR;
	fp.first_ack_set = 1;
	TEST_ASSERT_EQUAL(rte_eth_allmulticast_enable(fp.port), 0,
			  "next command: its own answer");
	TEST_ASSERT_EQUAL(rte_eth_allmulticast_get(fp.port), 1, "mode set");
	fp.one_per_notify = 0;
	TEST_ASSERT_EQUAL(fp.nb_cmds, 2, "late one and new one served");
	TEST_CHECK(check_cmd(0, PP_VIRTIO_NET_CTRL_RX,
			     PP_VIRTIO_NET_CTRL_RX_PROMISC, &on, 1));
	TEST_CHECK(check_cmd(1, PP_VIRTIO_NET_CTRL_RX,
			     PP_VIRTIO_NET_CTRL_RX_ALLMULTI, &on, 1));

	n = rte_eth_xstats_get_names(fp.port, NULL, 0);
	TEST_ASSERT(n > 0, "xstats");
	names = calloc(n, sizeof(*names));
	xs = calloc(n, sizeof(*xs));
	TEST_ASSERT(names != NULL && xs != NULL, "memory");
	TEST_ASSERT_EQUAL(rte_eth_xstats_get_names(fp.port, names, n), n,
			  "names");
	TEST_ASSERT_EQUAL(rte_eth_xstats_get(fp.port, xs, n), n, "values");
	for (i = 0; i < n; i++) {
		if (strcmp(names[i].name, "ctrl_timeouts") == 0) {
			TEST_ASSERT_EQUAL(xs[i].value, 1, "ctrl_timeouts");
			seen++;
		} else if (strcmp(names[i].name, "ctrl_late_answers") == 0) {
			TEST_ASSERT_EQUAL(xs[i].value, 1, "late answers");
			seen++;
		}
	}
	free(names);
	free(xs);
	TEST_ASSERT_EQUAL(seen, 2, "both counters in xstats");
	TEST_ASSERT_EQUAL(rte_eth_dev_stop(fp.port), 0, "stop");
	fp_close();
	return TEST_SUCCESS;
}

/* ---- link ---- */

static int
lsc_cb(uint16_t port __rte_unused, enum rte_eth_event_type ev,
       void *arg __rte_unused, void *ret __rte_unused)
{
	if (ev == RTE_ETH_EVENT_INTR_LSC)
		fp.lsc++;
	return 0;
}

/* STATUS: the config change event becomes LSC with the new link. */
static int
test_lsc(void)
{
	struct rte_eth_link link;

	fp_init(DEV, 1);
	TEST_ASSERT_EQUAL(fp_probe(NULL), 0, "probe");
	TEST_ASSERT(fp.dev->data->dev_flags & RTE_ETH_DEV_INTR_LSC,
		    "LSC capability");
	TEST_CHECK(fp_setup(1, 1));
	TEST_ASSERT_EQUAL(rte_eth_dev_callback_register(fp.port,
			RTE_ETH_EVENT_INTR_LSC, lsc_cb, NULL), 0, "callback");
	TEST_ASSERT_EQUAL(rte_eth_dev_start(fp.port), 0, "start");
	TEST_ASSERT(fp.d.changed != NULL, "config_intr armed");
	TEST_ASSERT_EQUAL(rte_eth_link_get_nowait(fp.port, &link), 0, "link");
	TEST_ASSERT_EQUAL(link.link_status, RTE_ETH_LINK_UP, "up at start");

	fp.d.cfg.status = 0;
	fake_vdev_config_changed(&fp.d);
	TEST_ASSERT_EQUAL(fp.lsc, 1, "LSC on link down");
	TEST_ASSERT_EQUAL(rte_eth_link_get_nowait(fp.port, &link), 0, "link");
	TEST_ASSERT_EQUAL(link.link_status, RTE_ETH_LINK_DOWN, "down");

	fake_vdev_config_changed(&fp.d); /* nothing changed: no event */
	TEST_ASSERT_EQUAL(fp.lsc, 1, "no LSC without a change");

	fp.d.cfg.status = PP_VIRTIO_NET_S_LINK_UP;
	fake_vdev_config_changed(&fp.d);
	TEST_ASSERT_EQUAL(fp.lsc, 2, "LSC on link up");
	TEST_ASSERT_EQUAL(rte_eth_link_get_nowait(fp.port, &link), 0, "link");
	TEST_ASSERT_EQUAL(link.link_status, RTE_ETH_LINK_UP, "up");

	TEST_ASSERT_EQUAL(rte_eth_dev_stop(fp.port), 0, "stop");
	TEST_ASSERT(fp.d.changed == NULL, "config_intr disarmed at stop");
	rte_eth_dev_callback_unregister(fp.port, RTE_ETH_EVENT_INTR_LSC,
					lsc_cb, NULL);
	fp_close();
	return TEST_SUCCESS;
}

/* No STATUS feature: the link is up (5.1.4), and no LSC is claimed. */
static int
test_link_no_status(void)
{
	struct rte_eth_link link;

	fp_init(BIT(PP_VIRTIO_F_VERSION_1) | BIT(PP_VIRTIO_NET_F_MAC), 1);
	fp.d.cfg.status = 0; /* not there: must not be read */
	TEST_ASSERT_EQUAL(fp_probe(NULL), 0, "probe");
	TEST_ASSERT(!(fp.dev->data->dev_flags & RTE_ETH_DEV_INTR_LSC),
		    "no LSC capability");
	TEST_CHECK(fp_setup(1, 0));
	TEST_ASSERT_EQUAL(rte_eth_dev_start(fp.port), 0, "start");
	TEST_ASSERT_EQUAL(rte_eth_link_get_nowait(fp.port, &link), 0, "link");
	TEST_ASSERT_EQUAL(link.link_status, RTE_ETH_LINK_UP, "up");
	/* no CTRL_RX: the device is promiscuous, nothing to switch */
	TEST_ASSERT_EQUAL(rte_eth_promiscuous_enable(fp.port), -ENOTSUP,
			  "promisc without CTRL_RX");
	TEST_ASSERT_EQUAL(rte_eth_dev_stop(fp.port), 0, "stop");
	fp_close();
	return TEST_SUCCESS;
}

/* ---- lifecycle ---- */

/* Every page home at stop, and the port closes with none in flight. */
static int
test_close_in_flight(void)
{
	struct fake_vq *f;
	struct rte_mbuf *m[4];
	uint8_t frame[60];
	uint16_t n;

	fp_init(DEV, 1);
	TEST_ASSERT_EQUAL(fp_probe(NULL), 0, "probe");
	TEST_CHECK(fp_setup(1, 0));
	TEST_ASSERT_EQUAL(rte_eth_dev_start(fp.port), 0, "start");
	TEST_ASSERT(rxq_in_flight(0) > 0, "RX buffers posted");
	f = fake_vdev_vq(&fp.d, PP_VIRTIO_RXQ_IDX(0));
	TEST_ASSERT_NOT_NULL(f, "rx virtqueue given to the device");
	memset(frame, 0xA5, sizeof(frame));
	TEST_ASSERT(fake_net_rx(f, frame, sizeof(frame), NULL,
			pp_virtio_has(&fp.d.hw, PP_VIRTIO_NET_F_MRG_RXBUF)) > 0,
		    "device receives");
	n = rte_eth_rx_burst(fp.port, 0, m, RTE_DIM(m));
	TEST_ASSERT_EQUAL(n, 1, "frame");
	TEST_ASSERT_EQUAL(m[0]->pkt_len, sizeof(frame), "length");
	rte_pktmbuf_free(m[0]);
	TEST_ASSERT_EQUAL(rte_eth_dev_stop(fp.port), 0, "stop");
	TEST_ASSERT_EQUAL(rxq_in_flight(0), 0, "every page home at stop");
	/* and again: start, stop */
	TEST_ASSERT_EQUAL(rte_eth_dev_start(fp.port), 0, "restart");
	TEST_ASSERT(rxq_in_flight(0) > 0, "RX buffers posted again");
	TEST_ASSERT_EQUAL(rte_eth_dev_stop(fp.port), 0, "stop");
	TEST_ASSERT_EQUAL(rxq_in_flight(0), 0, "every page home");
	fp_close();
	return TEST_SUCCESS;
}

/*
 * A reset that does not complete at stop: -ETIMEDOUT, and the buffers the
 * device holds are not recycled under it; once a reset succeeds they go
 * home.
 */
static int
test_stop_reset_timeout(void)
{
	uint64_t posted;

	fp_init(DEV, 1);
	TEST_ASSERT_EQUAL(fp_probe(NULL), 0, "probe");
	TEST_CHECK(fp_setup(1, 0));
	TEST_ASSERT_EQUAL(rte_eth_dev_start(fp.port), 0, "start");
	posted = rxq_in_flight(0);
	fp.d.reset_timeout = 1;
	TEST_ASSERT_EQUAL(rte_eth_dev_stop(fp.port), -ETIMEDOUT, "stop");
	TEST_ASSERT_EQUAL(rxq_in_flight(0), posted,
			  "buffers left with the device");
	fp.d.reset_timeout = 0;
	TEST_ASSERT_EQUAL(rte_eth_dev_stop(fp.port), 0, "stop again");
	TEST_ASSERT_EQUAL(rxq_in_flight(0), 0, "every page home");
	fp_close();
	return TEST_SUCCESS;
}

/* A device that goes away: link down, -ENODEV, nothing lost. */
static int
test_device_gone(void)
{
	struct rte_eth_link link;

	fp_init(DEV, 1);
	TEST_ASSERT_EQUAL(fp_probe(NULL), 0, "probe");
	TEST_CHECK(fp_setup(1, 0));
	TEST_ASSERT_EQUAL(rte_eth_dev_start(fp.port), 0, "start");
	fp.gone = 1;
	TEST_ASSERT_EQUAL(rte_eth_link_get_nowait(fp.port, &link), 0, "link");
	TEST_ASSERT_EQUAL(link.link_status, RTE_ETH_LINK_DOWN, "down");
	TEST_ASSERT_EQUAL(rte_eth_promiscuous_enable(fp.port), -ENODEV,
			  "command to a device that is gone");
	TEST_ASSERT_EQUAL(rte_eth_dev_stop(fp.port), 0, "stop");
	TEST_ASSERT_EQUAL(rxq_in_flight(0), 0, "every page home");
	TEST_ASSERT_EQUAL(rte_eth_dev_start(fp.port), -ENODEV, "start");
	/* it answers again (re-plugged; a vhost-user backend came back) */
	fp.gone = 0;
	TEST_ASSERT_EQUAL(rte_eth_dev_start(fp.port), 0, "start when back");
	TEST_ASSERT_EQUAL(rte_eth_link_get_nowait(fp.port, &link), 0, "link");
	TEST_ASSERT_EQUAL(link.link_status, RTE_ETH_LINK_UP, "up again");
	/* the transport says -ENODEV at stop, the status still reads */
	fp.reset_enodev = 1;
	TEST_ASSERT_EQUAL(rte_eth_dev_stop(fp.port), 0, "stop");
	TEST_ASSERT_EQUAL(rxq_in_flight(0), 0, "every page home");
	TEST_ASSERT_EQUAL(rte_eth_dev_start(fp.port), 0, "start again");
	TEST_ASSERT_EQUAL(rte_eth_dev_stop(fp.port), 0, "stop");
	fp_close();
	return TEST_SUCCESS;
}

/* What the PCI transport answers: one queue comes back only by RING_RESET. */
static int
t_stoppable_pci(struct pp_virtio_hw *hw)
{
	return pp_virtio_has(hw, RING_RESET);
}

/*
 * A queue stopped on a running port: over PCI only RING_RESET takes it
 * back from the device, so without it the stop is refused and the buffers
 * stay posted; with it the queue's pages come home, and it starts again.
 */
static int
test_queue_stop_live(void)
{
	uint64_t posted;

	fp_init(DEV & ~BIT(RING_RESET), 1);
	fp.d.ops.queue_stoppable = t_stoppable_pci;
	TEST_ASSERT_EQUAL(fp_probe(NULL), 0, "probe");
	TEST_CHECK(fp_setup(1, 0));
	TEST_ASSERT_EQUAL(rte_eth_dev_start(fp.port), 0, "start");
	posted = rxq_in_flight(0);
	TEST_ASSERT_EQUAL(rte_eth_dev_rx_queue_stop(fp.port, 0), -ENOTSUP,
			  "rx stop without RING_RESET");
	TEST_ASSERT_EQUAL(rxq_in_flight(0), posted, "buffers left posted");
	TEST_ASSERT_EQUAL(rte_eth_dev_tx_queue_stop(fp.port, 0), -ENOTSUP,
			  "tx stop without RING_RESET");
	TEST_ASSERT_EQUAL(rte_eth_dev_stop(fp.port), 0, "stop");
	TEST_ASSERT_EQUAL(rxq_in_flight(0), 0, "home at port stop");

	fp_init(DEV, 1);
	fp.d.ops.queue_stoppable = t_stoppable_pci;
	TEST_ASSERT_EQUAL(fp_probe(NULL), 0, "probe");
	TEST_ASSERT(fp.d.accepted & BIT(RING_RESET), "RING_RESET taken");
	TEST_CHECK(fp_setup(1, 0));
	TEST_ASSERT_EQUAL(rte_eth_dev_start(fp.port), 0, "start");
	TEST_ASSERT_EQUAL(rte_eth_dev_rx_queue_stop(fp.port, 0), 0, "rx stop");
	TEST_ASSERT_EQUAL(rxq_in_flight(0), 0, "the queue's pages home");
	TEST_ASSERT_EQUAL(rte_eth_dev_rx_queue_start(fp.port, 0), 0,
			  "rx start");
	TEST_ASSERT(rxq_in_flight(0) > 0, "posted again");
	TEST_ASSERT_EQUAL(rte_eth_dev_stop(fp.port), 0, "stop");
	fp_close();
	return TEST_SUCCESS;
}

/*
 * Reconfigure after a stop (the lab's lifecycle: port stop, 2 queues,
 * port start): the stopped device must show the queues of the features
 * negotiated, not those of a reset device (QEMU 7.2: one pair until MQ).
 */
static int
test_reconfigure_after_stop(void)
{
	fp_init(DEV, 2);
	TEST_ASSERT_EQUAL(fp_probe(NULL), 0, "probe");
	TEST_CHECK(fp_setup(1, 0));
	TEST_ASSERT_EQUAL(rte_eth_dev_start(fp.port), 0, "start");
	TEST_ASSERT_EQUAL(rte_eth_dev_stop(fp.port), 0, "stop");
	TEST_ASSERT(fp.d.status & PP_VIRTIO_S_FEATURES_OK,
		    "stopped at FEATURES_OK, as after probe");
	TEST_ASSERT(!(fp.d.status & PP_VIRTIO_S_DRIVER_OK), "no DRIVER_OK");
	TEST_CHECK(fp_setup(2, 0));
	TEST_ASSERT_EQUAL(rte_eth_dev_start(fp.port), 0, "start 2 pairs");
	TEST_ASSERT_NOT_NULL(fake_vdev_vq(&fp.d, PP_VIRTIO_TXQ_IDX(1)),
			     "txq 1 given to the device");
	TEST_ASSERT_EQUAL(rte_eth_dev_stop(fp.port), 0, "stop");
	fp_close();
	return TEST_SUCCESS;
}

/* rte_eth_dev_reset(): probed again, configured again, it runs. */
static int
test_dev_reset(void)
{
	struct pp_virtio_net_conf conf = {
		.features_off = BIT(PP_VIRTIO_F_RING_PACKED),
		.devargs = "speed=1000",
	};
	struct rte_eth_link link;

	fp_init(DEV, 1);
	TEST_ASSERT_EQUAL(fp_probe(&conf), 0, "probe");
	TEST_CHECK(fp_setup(1, 0));
	TEST_ASSERT_EQUAL(rte_eth_dev_start(fp.port), 0, "start");
	TEST_ASSERT_EQUAL(rte_eth_dev_reset(fp.port), 0, "reset");
	TEST_ASSERT_EQUAL(fp.d.accepted & BIT(PP_VIRTIO_F_RING_PACKED), 0,
			  "features_off kept across the reset");
	TEST_CHECK(fp_setup(1, 0));
	TEST_ASSERT_EQUAL(rte_eth_dev_start(fp.port), 0, "start after reset");
	TEST_ASSERT_EQUAL(rte_eth_link_get_nowait(fp.port, &link), 0, "link");
	TEST_ASSERT_EQUAL(link.link_speed, 1000, "devargs kept");
	TEST_ASSERT_EQUAL(rte_eth_dev_stop(fp.port), 0, "stop");
	TEST_ASSERT_EQUAL(rxq_in_flight(0), 0, "every page home");
	fp_close();
	return TEST_SUCCESS;
}

/* Queue pairs beyond the device's are refused at configure. */
static int
test_configure_pairs(void)
{
	struct rte_eth_conf conf;
	struct rte_eth_dev_info info;

	memset(&conf, 0, sizeof(conf));
	fp_init(DEV, 2);
	TEST_ASSERT_EQUAL(fp_probe(NULL), 0, "probe");
	TEST_ASSERT_EQUAL(rte_eth_dev_info_get(fp.port, &info), 0, "info");
	TEST_ASSERT_EQUAL(info.max_rx_queues, 2, "max RX queues");
	TEST_ASSERT_EQUAL(info.max_tx_queues, 2, "max TX queues");
	TEST_ASSERT_EQUAL(info.max_mtu, 9000, "max MTU");
	TEST_ASSERT(info.tx_offload_capa & RTE_ETH_TX_OFFLOAD_TCP_CKSUM,
		    "TX checksum (CSUM)");
	TEST_ASSERT(info.rx_offload_capa & RTE_ETH_RX_OFFLOAD_TCP_CKSUM,
		    "RX checksum (GUEST_CSUM)");
	TEST_ASSERT(rte_eth_dev_configure(fp.port, 3, 1, &conf) != 0,
		    "3 RX queues on 2 pairs");
	TEST_ASSERT_EQUAL(rte_eth_dev_configure(fp.port, 2, 2, &conf), 0,
			  "2 pairs");
	TEST_ASSERT_EQUAL(rte_eth_dev_set_mtu(fp.port, 9000), 0, "MTU 9000");
	TEST_ASSERT(rte_eth_dev_set_mtu(fp.port, 9001) != 0, "MTU 9001");
	fp_close();
	return TEST_SUCCESS;
}

/* Build the RSS_CONFIG data the spec lays out (5.1.6.5.7.1). */
static uint32_t
rss_cmd(uint8_t *b, uint32_t types, const uint16_t *reta, uint16_t n,
	uint16_t max_tx_vq, const uint8_t *key, uint8_t key_len)
{
	uint32_t k = 0;
	uint16_t i;

	b[k++] = types; b[k++] = types >> 8; b[k++] = types >> 16;
	b[k++] = types >> 24;
	b[k++] = (n - 1) & 0xFF; b[k++] = (n - 1) >> 8;
	b[k++] = 0; b[k++] = 0;		/* unclassified_queue */
	for (i = 0; i < n; i++) {
		b[k++] = reta[i] & 0xFF;
		b[k++] = reta[i] >> 8;
	}
	b[k++] = max_tx_vq & 0xFF; b[k++] = max_tx_vq >> 8;
	b[k++] = key_len;
	memcpy(&b[k], key, key_len);
	return k + key_len;
}

/*
 * RSS (QEMU: rss=on): RSS_CONFIG byte-exact at start in place of
 * VQ_PAIRS_SET, again on a table or hash update; VQ_PAIRS_SET when the
 * application does not ask for RSS.
 */
static int
test_rss(void)
{
	static const uint8_t key[40] = {
		1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18,
		19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34,
		35, 36, 37, 38, 39, 40 };
	const uint8_t pairs[2] = { 2, 0 };
	struct rte_eth_rss_reta_entry64 re[2];
	struct rte_eth_dev_info info;
	struct rte_eth_conf conf;
	uint8_t want[512], got_key[40];
	struct rte_eth_rss_conf rc;
	uint16_t reta[128], q, i;
	uint32_t n;

	fp_init(DEV | BIT(PP_VIRTIO_NET_F_RSS), 2);
	fp.d.cfg.rss_max_key_size = 40;
	fp.d.cfg.rss_max_indirection_table_length = 128;
	fp.d.cfg.supported_hash_types = 0x3F; /* IPv4/6, TCP, UDP; no _EX */
	TEST_ASSERT_EQUAL(fp_probe(NULL), 0, "probe");
	TEST_ASSERT(fp.d.accepted & BIT(PP_VIRTIO_NET_F_RSS), "RSS taken");
	TEST_ASSERT_EQUAL(rte_eth_dev_info_get(fp.port, &info), 0, "info");
	TEST_ASSERT_EQUAL(info.reta_size, 128, "RETA size");
	TEST_ASSERT_EQUAL(info.hash_key_size, 40, "key size");
	TEST_ASSERT((info.flow_type_rss_offloads & RTE_ETH_RSS_NONFRAG_IPV4_TCP)
		    && !(info.flow_type_rss_offloads & RTE_ETH_RSS_IPV6_EX),
		    "hash fields from supported_hash_types");

	memset(&conf, 0, sizeof(conf));
	conf.rxmode.mq_mode = RTE_ETH_MQ_RX_RSS;
	conf.rx_adv_conf.rss_conf.rss_key = (uint8_t *)(uintptr_t)key;
	conf.rx_adv_conf.rss_conf.rss_key_len = sizeof(key);
	conf.rx_adv_conf.rss_conf.rss_hf = RTE_ETH_RSS_IPV4 |
					   RTE_ETH_RSS_NONFRAG_IPV4_TCP;
	TEST_ASSERT_EQUAL(rte_eth_dev_configure(fp.port, 2, 2, &conf), 0,
			  "configure");
	for (q = 0; q < 2; q++) {
		TEST_ASSERT_EQUAL(rte_eth_rx_queue_setup(fp.port, q, NB_DESC,
				SOCKET_ID_ANY, NULL, mp), 0, "rxq %u", q);
		TEST_ASSERT_EQUAL(rte_eth_tx_queue_setup(fp.port, q, NB_DESC,
				SOCKET_ID_ANY, NULL), 0, "txq %u", q);
	}
	TEST_ASSERT_EQUAL(rte_eth_dev_start(fp.port), 0, "start");
	for (i = 0; i < 128; i++)
		reta[i] = i % 2;
	n = rss_cmd(want, 0x3, reta, 128, 2, key, 40);
	TEST_ASSERT_EQUAL(n, 307, "RSS_CONFIG length");
	TEST_CHECK(check_cmd(0, PP_VIRTIO_NET_CTRL_MQ,
			     PP_VIRTIO_NET_CTRL_MQ_RSS_CONFIG, want, n));

	/* a table update: every entry to queue 1 */
	memset(re, 0, sizeof(re));
	for (i = 0; i < 2; i++) {
		re[i].mask = UINT64_MAX;
		for (q = 0; q < RTE_ETH_RETA_GROUP_SIZE; q++)
			re[i].reta[q] = 1;
	}
	fp.nb_cmds = 0;
	TEST_ASSERT_EQUAL(rte_eth_dev_rss_reta_update(fp.port, re, 128), 0,
			  "reta update");
	for (i = 0; i < 128; i++)
		reta[i] = 1;
	n = rss_cmd(want, 0x3, reta, 128, 2, key, 40);
	TEST_CHECK(check_cmd(0, PP_VIRTIO_NET_CTRL_MQ,
			     PP_VIRTIO_NET_CTRL_MQ_RSS_CONFIG, want, n));
	/* hash fields: UDP over IPv4 only */
	memset(&rc, 0, sizeof(rc));
	rc.rss_hf = RTE_ETH_RSS_NONFRAG_IPV4_UDP;
	TEST_ASSERT_EQUAL(rte_eth_dev_rss_hash_update(fp.port, &rc), 0,
			  "hash update");
	n = rss_cmd(want, 0x4, reta, 128, 2, key, 40);
	TEST_CHECK(check_cmd(1, PP_VIRTIO_NET_CTRL_MQ,
			     PP_VIRTIO_NET_CTRL_MQ_RSS_CONFIG, want, n));
	memset(&rc, 0, sizeof(rc));
	rc.rss_key = got_key;
	rc.rss_key_len = sizeof(got_key);
	TEST_ASSERT_EQUAL(rte_eth_dev_rss_hash_conf_get(fp.port, &rc), 0,
			  "hash conf");
	TEST_ASSERT(memcmp(got_key, key, 40) == 0, "key read back");
	TEST_ASSERT_EQUAL(rc.rss_hf, RTE_ETH_RSS_NONFRAG_IPV4_UDP, "fields");
	/* the device refuses: -EIO, and the state stays as it was */
	fp.ack = PP_VIRTIO_NET_ERR;
	rc.rss_key = NULL;
	rc.rss_hf = RTE_ETH_RSS_IPV4;
	TEST_ASSERT_EQUAL(rte_eth_dev_rss_hash_update(fp.port, &rc), -EIO,
			  "refused update");
	fp.ack = PP_VIRTIO_NET_OK;
	TEST_ASSERT_EQUAL(rte_eth_dev_rss_hash_conf_get(fp.port, &rc), 0,
			  "hash conf");
	TEST_ASSERT_EQUAL(rc.rss_hf, RTE_ETH_RSS_NONFRAG_IPV4_UDP,
			  "fields kept");
	TEST_ASSERT_EQUAL(rte_eth_dev_stop(fp.port), 0, "stop");

	/* no RSS asked for: the device steers by itself (VQ_PAIRS_SET) */
	memset(&conf, 0, sizeof(conf));
	TEST_ASSERT_EQUAL(rte_eth_dev_configure(fp.port, 2, 2, &conf), 0,
			  "configure");
	for (q = 0; q < 2; q++) {
		TEST_ASSERT_EQUAL(rte_eth_rx_queue_setup(fp.port, q, NB_DESC,
				SOCKET_ID_ANY, NULL, mp), 0, "rxq %u", q);
		TEST_ASSERT_EQUAL(rte_eth_tx_queue_setup(fp.port, q, NB_DESC,
				SOCKET_ID_ANY, NULL), 0, "txq %u", q);
	}
	fp.nb_cmds = 0;
	TEST_ASSERT_EQUAL(rte_eth_dev_start(fp.port), 0, "start");
	TEST_CHECK(check_cmd(0, PP_VIRTIO_NET_CTRL_MQ,
			     PP_VIRTIO_NET_CTRL_MQ_VQ_PAIRS_SET, pairs, 2));
	TEST_ASSERT_EQUAL(rte_eth_dev_stop(fp.port), 0, "stop");
	fp_close();
	return TEST_SUCCESS;
}

/* Devargs: virtio-net's own (speed), the rest to the driver layer. */
static int
test_devargs(void)
{
	static const struct {
		const char *args;
		int ret;
		uint32_t pool_bufs, rx_frags, speed;
	} t[] = {
		{ "", 0, 7, 9, 5 },
		{ "speed=25000", 0, 7, 9, 25000 },
		{ "pool_bufs=4096,speed=1000,rx_frags=1", 0, 4096, 1, 1000 },
		{ "rx_frags=0", 0, 7, 0, 5 },
		{ "speed=12345", -EINVAL, 0, 0, 0 },
		{ "speed", -EINVAL, 0, 0, 0 },
		{ "speed=", -EINVAL, 0, 0, 0 },
		{ "speed=10000,pool_bufs=x", -EINVAL, 0, 0, 0 },
		{ "speeds=10000", -EINVAL, 0, 0, 0 },
		{ "mrg_rxbuf=0", -EINVAL, 0, 0, 0 },
	};
	unsigned int i;

	for (i = 0; i < RTE_DIM(t); i++) {
		struct ppdrv_devargs da = { .pool_bufs = 7, .rx_frags = 9 };
		uint32_t speed = 5;
		int ret = pp_virtio_devargs_parse(t[i].args, &da, &speed);

		TEST_ASSERT_EQUAL(ret, t[i].ret, "\"%s\"", t[i].args);
		if (ret != 0) {
			TEST_ASSERT(da.pool_bufs == 7 && da.rx_frags == 9 &&
				    speed == 5, "\"%s\" refused but changed",
				    t[i].args);
			continue;
		}
		TEST_ASSERT_EQUAL(da.pool_bufs, t[i].pool_bufs, "\"%s\"",
				  t[i].args);
		TEST_ASSERT_EQUAL(da.rx_frags, t[i].rx_frags, "\"%s\"",
				  t[i].args);
		TEST_ASSERT_EQUAL(speed, t[i].speed, "\"%s\"", t[i].args);
	}
	/* and at probe: refused devargs, no port */
	{
		struct pp_virtio_net_conf conf = { .devargs = "speed=7" };

		fp_init(DEV, 1);
		TEST_ASSERT_EQUAL(fp_probe(&conf), -EINVAL, "probe");
	}
	return TEST_SUCCESS;
}

static int
suite_setup(void)
{
	mp = rte_pktmbuf_pool_create("vdev_hdr", 1023, 32, 0,
				     RTE_MBUF_DEFAULT_BUF_SIZE, SOCKET_ID_ANY);
	return mp != NULL ? 0 : -1;
}

static void
suite_teardown(void)
{
	fp_close();
	rte_mempool_free(mp);
}

static const struct test_case cases[] = {
	TEST_CASE(test_negotiate),
	TEST_CASE(test_no_version_1),
	TEST_CASE(test_features_off),
	TEST_CASE(test_csum_features_follow_offloads),
	TEST_CASE(test_mrg_follows_mtu),
	TEST_CASE(test_features_changed),
	TEST_CASE(test_features_ok_refused),
	TEST_CASE(test_reset_timeout),
	TEST_CASE(test_access_platform),
	TEST_CASE(test_ctrl_commands),
	TEST_CASE(test_ctrl_timeout),
	TEST_CASE(test_lsc),
	TEST_CASE(test_link_no_status),
	TEST_CASE(test_close_in_flight),
	TEST_CASE(test_stop_reset_timeout),
	TEST_CASE(test_device_gone),
	TEST_CASE(test_queue_stop_live),
	TEST_CASE(test_reconfigure_after_stop),
	TEST_CASE(test_dev_reset),
	TEST_CASE(test_configure_pairs),
	TEST_CASE(test_rss),
	TEST_CASE(test_devargs),
};

int
main(void)
{
	static const char *const extra[] = { "--iova-mode=va", NULL };
	const struct test_suite suite = {
		.name = "virtio_ethdev",
		.setup = suite_setup,
		.teardown = suite_teardown,
		.cases = cases,
		.nb_cases = RTE_DIM(cases),
	};
	struct test_tally t = { 0 };
	int ret;

	if (test_eal_init("virtio_ethdev", extra) != 0)
		return TEST_EXIT_SKIP;
	test_run_suite(&suite, &t);
	ret = test_tally_exit(&t);
	test_eal_cleanup();
	return ret;
}
