/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The pagepool authors
 */

/*
 * net_pp_virtio's device layer: what a virtio-net device is, whatever
 * reaches it. Initialization in the order of the spec's driver
 * requirements (virtio 1.2, 3.1.1), feature negotiation, the control
 * virtqueue (5.1.6.5), link and its change events, dev ops, statistics.
 * Everything device-side goes through hw->ops (virtio_hw.h): the PCI and
 * vhost-user transports call pp_virtio_net_init() from their probes.
 *
 * Life of the device, as this file drives it:
 *   probe (pp_virtio_net_init)   reset, ACKNOWLEDGE, DRIVER, features,
 *                                FEATURES_OK; configuration read; the
 *                                device waits there, it sees no queue
 *   dev_start                    reset and negotiate again (the offloads
 *                                asked for decide GUEST_CSUM), every queue
 *                                to the device, DRIVER_OK, RX rings filled,
 *                                control state (MAC, queue pairs, RX mode)
 *   dev_stop                     reset (bounded): from then on the device
 *                                touches no buffer, and every buffer posted
 *                                goes home
 * Every wait on the device is bounded; -ETIMEDOUT is returned, -ENODEV if
 * the device is gone (its reads are all-ones).
 */

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ethdev_driver.h>
#include <rte_cycles.h>
#include <rte_errno.h>
#include <rte_malloc.h>
#include <rte_memzone.h>
#include <rte_spinlock.h>

#include "ppdrv.h"
#include "virtio_hw.h"
#include "virtio_logs.h"
#include "virtio_rxtx.h"
#include "virtqueue.h"

#ifndef PP_VIRTIO_F_RING_RESET
/* 6: per-queue reset (queue_reset, 4.1.4.3.2); virtio_pci.h has it too */
#define PP_VIRTIO_F_RING_RESET	40
#endif

RTE_LOG_REGISTER(pp_virtio_logtype, pmd.net.pp_virtio, NOTICE);

/*
 * The features this driver runs (spec 6 and 5.1.3), each one because the
 * data path or the control path below uses it. Anything else a device
 * offers is left alone.
 */
#define PP_VIRTIO_FEATURES ( \
	PP_VIRTIO_BIT(PP_VIRTIO_F_VERSION_1) | \
	PP_VIRTIO_BIT(PP_VIRTIO_F_ACCESS_PLATFORM) | \
	PP_VIRTIO_BIT(PP_VIRTIO_F_RING_PACKED) | \
	PP_VIRTIO_BIT(PP_VIRTIO_F_EVENT_IDX) | \
	PP_VIRTIO_BIT(PP_VIRTIO_F_RING_RESET) | \
	PP_VIRTIO_BIT(PP_VIRTIO_NET_F_MAC) | \
	PP_VIRTIO_BIT(PP_VIRTIO_NET_F_STATUS) | \
	PP_VIRTIO_BIT(PP_VIRTIO_NET_F_MRG_RXBUF) | \
	PP_VIRTIO_BIT(PP_VIRTIO_NET_F_CSUM) | \
	PP_VIRTIO_BIT(PP_VIRTIO_NET_F_GUEST_CSUM) | \
	PP_VIRTIO_BIT(PP_VIRTIO_NET_F_CTRL_VQ) | \
	PP_VIRTIO_BIT(PP_VIRTIO_NET_F_CTRL_RX) | \
	PP_VIRTIO_BIT(PP_VIRTIO_NET_F_CTRL_MAC_ADDR) | \
	PP_VIRTIO_BIT(PP_VIRTIO_NET_F_MQ) | \
	PP_VIRTIO_BIT(PP_VIRTIO_NET_F_RSS) | \
	PP_VIRTIO_BIT(PP_VIRTIO_NET_F_MTU))

/* Features that need the control virtqueue (5.1.3.1). */
#define PP_VIRTIO_NEEDS_CVQ ( \
	PP_VIRTIO_BIT(PP_VIRTIO_NET_F_CTRL_RX) | \
	PP_VIRTIO_BIT(PP_VIRTIO_NET_F_CTRL_MAC_ADDR) | \
	PP_VIRTIO_BIT(PP_VIRTIO_NET_F_MQ) | \
	PP_VIRTIO_BIT(PP_VIRTIO_NET_F_RSS))

/*
 * What the queues were built for at probe: a start whose negotiation
 * comes out different on these (a vhost-user backend that came back with
 * other features) cannot run the queues it has.
 */
#define PP_VIRTIO_STRUCTURAL ( \
	PP_VIRTIO_BIT(PP_VIRTIO_F_RING_PACKED) | \
	PP_VIRTIO_BIT(PP_VIRTIO_F_EVENT_IDX) | \
	PP_VIRTIO_BIT(PP_VIRTIO_NET_F_CTRL_VQ) | \
	PP_VIRTIO_BIT(PP_VIRTIO_NET_F_MQ) | \
	PP_VIRTIO_BIT(PP_VIRTIO_NET_F_RSS))

/* 5.1.6.4.3.1 supported/enabled hash types (RSS) */
#define PP_VIRTIO_RSS_IPV4	(1u << 0)
#define PP_VIRTIO_RSS_TCPV4	(1u << 1)
#define PP_VIRTIO_RSS_UDPV4	(1u << 2)
#define PP_VIRTIO_RSS_IPV6	(1u << 3)
#define PP_VIRTIO_RSS_TCPV6	(1u << 4)
#define PP_VIRTIO_RSS_UDPV6	(1u << 5)
#define PP_VIRTIO_RSS_IP_EX	(1u << 6)
#define PP_VIRTIO_RSS_TCP_EX	(1u << 7)
#define PP_VIRTIO_RSS_UDP_EX	(1u << 8)
/* Our RSS key and table sizes: at most these (QEMU 7.2: 40 and 128). */
#define PP_VIRTIO_RSS_KEY_MAX	40
#define PP_VIRTIO_RETA_MAX	128

/* Largest MTU: mergeable buffers chain 4 KiB pages up to a 9000-byte MTU. */
#define PP_VIRTIO_MAX_MTU	9000
/* Frame overhead beyond the MTU: Ethernet header and two VLAN tags. */
#define PP_VIRTIO_L2_OVERHEAD	(RTE_ETHER_HDR_LEN + 2 * RTE_VLAN_HLEN)

/* Control virtqueue: descriptors, and one command slot per descriptor id. */
#define PP_VIRTIO_CVQ_SIZE	64
#define PP_VIRTIO_CVQ_SLOT	512	/* header, data (RSS: 307), ack */
#define PP_VIRTIO_CVQ_DATA_MAX	(PP_VIRTIO_CVQ_SLOT - 8)
/* A command's answer: every 10 us, at most 1 s (QEMU answers at once). */
#define PP_VIRTIO_CVQ_POLL_US	10
#define PP_VIRTIO_CVQ_TIMEOUT_US 1000000

/* Link speed reported (virtio-net has no speed without SPEED_DUPLEX). */
#define PP_VIRTIO_DEVARG_SPEED	"speed"
#define PP_VIRTIO_SPEED_DEFAULT	RTE_ETH_SPEED_NUM_10G

/* Device-level counters (xstats "dev" section). */
struct pp_virtio_net_stats {
	uint64_t ctrl_cmds;	/**< control commands sent */
	uint64_t ctrl_timeouts;	/**< ... not answered in time */
	uint64_t ctrl_errors;	/**< ... answered with an ack other than OK */
	uint64_t ctrl_stale;	/**< late answers to timed-out commands */
	uint64_t cvq_bad_id;	/**< control queue: bad used ids */
	uint64_t cvq_bad_len;	/**< control queue: bad used lengths */
	uint64_t config_changes; /**< configuration change events */
	uint64_t needs_reset;	/**< the device set DEVICE_NEEDS_RESET */
	uint64_t reset_timeouts; /**< resets not completed in time */
};

/** One command slot in the control memzone (device-visible). */
struct pp_virtio_cvq_slot {
	struct pp_virtio_net_ctrl_hdr hdr;
	uint8_t data[PP_VIRTIO_CVQ_DATA_MAX];
	uint8_t ack;
} __rte_aligned(PP_VIRTIO_CVQ_SLOT);

/* The device layer's state of a port, in process memory. */
struct pp_virtio_net {
	struct pp_virtio_hw *hw;
	struct pp_virtio_net_conf conf;	/* as probed; devargs our copy */
	struct ppdrv_devargs devargs;
	uint32_t speed;			/* link speed reported (devarg) */
	uint64_t offered;		/* device features, as read at init */
	uint64_t features;		/* negotiated at init: most a start takes */
	uint16_t cfg_mtu;		/* device's MTU (F_MTU), else 0 */
	uint8_t running;		/* DRIVER_OK set, queues with the device */
	uint8_t gone;			/* reads all-ones: removed */
	uint8_t dirty;			/* a reset timed out: buffers not ours */
	uint8_t lsc_on;			/* config_intr armed */
	/* control virtqueue (CTRL_VQ), NULL without */
	struct pp_vq *cvq;
	const struct rte_memzone *cmz;	/* command slots, one per descriptor */
	rte_spinlock_t ctrl_lock;
	/* RSS (F_RSS): what RSS_CONFIG carries, set by configure and ops */
	uint32_t rss_types_dev;		/* the device's supported_hash_types */
	uint64_t rss_hf;		/* RTE_ETH_RSS_* in use */
	uint16_t reta_size;		/* table entries, a power of two */
	uint8_t rss_key_len;
	uint8_t rss_key[PP_VIRTIO_RSS_KEY_MAX];
	uint16_t reta[PP_VIRTIO_RETA_MAX];
	struct pp_virtio_net_stats stats;
};

/* dev_private holds the hw pointer (virtio_hw.h); the rest is here. */
static struct pp_virtio_net *pp_virtio_nets[RTE_MAX_ETHPORTS];

static struct pp_virtio_net *
net_of(const struct rte_eth_dev *dev)
{
	return pp_virtio_nets[dev->data->port_id];
}

/* ------------------------------------------------------ device status */

/*
 * A device that is gone reads all-ones everywhere (PCI surprise removal);
 * its status would then claim every bit. Logged once. A transport may
 * also have said -ENODEV (a vhost-user backend that went away); if the
 * status reads sanely again the device is back (the backend returned).
 */
static int
net_check_gone(struct pp_virtio_net *net)
{
	if (net->hw->ops->get_status(net->hw) != 0xFF) {
		if (net->gone)
			PP_VIRTIO_LOG(NOTICE, "%s: the device answers again",
				      net->hw->name);
		net->gone = 0;
		return 0;
	}
	if (!net->gone)
		PP_VIRTIO_LOG(ERR, "%s: the device reads all-ones (removed?): "
			      "link down, no further commands", net->hw->name);
	net->gone = 1;
	return 1;
}

/* Reset, bounded: 0, -ETIMEDOUT or -ENODEV. */
static int
net_reset(struct pp_virtio_net *net)
{
	struct pp_virtio_hw *hw = net->hw;
	int ret;

	net->running = 0;
	if (net_check_gone(net))
		return -ENODEV;
	ret = hw->ops->reset(hw);
	if (ret == -ENODEV || (ret != 0 && net_check_gone(net))) {
		net->gone = 1;
		return -ENODEV;
	}
	if (ret != 0) {
		net->stats.reset_timeouts++;
		PP_VIRTIO_LOG(ERR, "%s: the device did not reset (%s): it may "
			      "still use the buffers it was given",
			      hw->name, strerror(-ret));
		return ret;
	}
	return 0;
}

/*
 * Reset, then status ACKNOWLEDGE, DRIVER, the features of want the device
 * offers, FEATURES_OK read back (3.1.1 steps 1-6). hw->features is set
 * when the device accepted them.
 */
static int
net_negotiate(struct pp_virtio_net *net, uint64_t want)
{
	struct pp_virtio_hw *hw = net->hw;
	const struct pp_virtio_ops *ops = hw->ops;
	uint64_t offered, feat;
	uint8_t st;
	int ret;

	ret = net_reset(net);
	if (ret != 0)
		return ret;
	ops->set_status(hw, PP_VIRTIO_S_ACKNOWLEDGE);
	ops->set_status(hw, PP_VIRTIO_S_ACKNOWLEDGE | PP_VIRTIO_S_DRIVER);
	offered = ops->get_features(hw);
	if (net_check_gone(net))
		return -ENODEV;
	net->offered = offered;
	if (!(offered & PP_VIRTIO_BIT(PP_VIRTIO_F_VERSION_1))) {
		PP_VIRTIO_LOG(ERR, "%s: the device does not offer VERSION_1 "
			      "(features %#" PRIx64 "): a legacy device, which "
			      "net_pp_virtio does not drive (virtio 1.x only)",
			      hw->name, offered);
		ops->set_status(hw, PP_VIRTIO_S_FAILED);
		return -ENOTSUP;
	}
	/*
	 * Without ACCESS_PLATFORM the device bypasses the IOMMU and reads
	 * guest-physical addresses; we hand it IOVAs, which are physical
	 * addresses only in IOVA-as-PA mode.
	 */
	if (!hw->use_va && rte_eal_iova_mode() != RTE_IOVA_PA &&
	    !(offered & PP_VIRTIO_BIT(PP_VIRTIO_F_ACCESS_PLATFORM))) {
		PP_VIRTIO_LOG(ERR, "%s: the device does not offer "
			      "ACCESS_PLATFORM, so it would bypass the IOMMU, "
			      "but our buffer addresses are IOVAs, not physical "
			      "(IOVA mode VA): give the device "
			      "iommu_platform=on, or run EAL with --iova-mode=pa",
			      hw->name);
		ops->set_status(hw, PP_VIRTIO_S_FAILED);
		return -ENOTSUP;
	}
	feat = offered & want;
	if (!(feat & PP_VIRTIO_BIT(PP_VIRTIO_NET_F_CTRL_VQ)))
		feat &= ~PP_VIRTIO_NEEDS_CVQ;
	ret = ops->set_features(hw, feat);
	if (ret != 0) {
		PP_VIRTIO_LOG(ERR, "%s: features %#" PRIx64 " not written: %s",
			      hw->name, feat, strerror(-ret));
		ops->set_status(hw, PP_VIRTIO_S_FAILED);
		return ret;
	}
	ops->set_status(hw, PP_VIRTIO_S_ACKNOWLEDGE | PP_VIRTIO_S_DRIVER |
			PP_VIRTIO_S_FEATURES_OK);
	st = ops->get_status(hw);
	if (net_check_gone(net))
		return -ENODEV;
	if (!(st & PP_VIRTIO_S_FEATURES_OK)) {
		PP_VIRTIO_LOG(ERR, "%s: the device refused features %#" PRIx64
			      " (offered %#" PRIx64 "): FEATURES_OK not set",
			      hw->name, feat, offered);
		ops->set_status(hw, PP_VIRTIO_S_FAILED);
		return -ENOTSUP;
	}
	hw->features = feat;
	return 0;
}

/* Read a configuration field; -ENODEV if the device is gone. */
static int
net_read_cfg(struct pp_virtio_net *net, uint32_t off, void *dst,
	     uint32_t len)
{
	int ret;

	if (net->gone)
		return -ENODEV;
	ret = net->hw->ops->read_cfg(net->hw, off, dst, len);
	if (ret == -ENODEV)
		net->gone = 1;
	return ret;
}

/* ------------------------------------------------- control virtqueue */

static void
cvq_forget(void *ctx __rte_unused, void *cookie __rte_unused)
{
	/* command slots are memzone memory: nothing to free */
}

/* The control queue's ring and command slots (CTRL_VQ negotiated). */
static int
cvq_create(struct pp_virtio_net *net, int socket_id)
{
	struct pp_virtio_hw *hw = net->hw;
	uint16_t idx = PP_VIRTIO_CTRLQ_IDX(hw->max_queue_pairs);
	uint16_t num = hw->ops->queue_max(hw, idx);
	char name[RTE_MEMZONE_NAMESIZE];

	if (num == 0) {
		PP_VIRTIO_LOG(ERR, "%s: CTRL_VQ negotiated but virtqueue %u "
			      "does not exist", hw->name, idx);
		return -ENODEV;
	}
	num = RTE_MIN(num, PP_VIRTIO_CVQ_SIZE);
	if (!pp_virtio_has(hw, PP_VIRTIO_F_RING_PACKED))
		num = (uint16_t)rte_align32prevpow2(num);
	net->cvq = pp_vq_create(hw, idx, num,
				pp_virtio_has(hw, PP_VIRTIO_F_RING_PACKED),
				pp_virtio_has(hw, PP_VIRTIO_F_EVENT_IDX),
				socket_id);
	if (net->cvq == NULL) {
		PP_VIRTIO_LOG(ERR, "%s: control queue: %s", hw->name,
			      rte_strerror(rte_errno));
		return -rte_errno;
	}
	snprintf(name, sizeof(name), "ppvio%u_ctl",
		 hw->eth_dev->data->port_id);
	net->cmz = rte_memzone_reserve_aligned(name,
			(size_t)num * sizeof(struct pp_virtio_cvq_slot),
			socket_id, RTE_MEMZONE_IOVA_CONTIG, 4096);
	if (net->cmz == NULL) {
		PP_VIRTIO_LOG(ERR, "%s: control slots: %s", hw->name,
			      rte_strerror(rte_errno));
		pp_vq_free(net->cvq);
		net->cvq = NULL;
		return -ENOMEM;
	}
	memset(net->cmz->addr, 0, net->cmz->len);
	hw->vqs[idx] = net->cvq;
	return 0;
}

static void
cvq_free(struct pp_virtio_net *net)
{
	if (net->cvq != NULL) {
		net->hw->vqs[net->cvq->index] = NULL;
		pp_vq_drain(net->cvq, cvq_forget, NULL);
		pp_vq_free(net->cvq);
		net->cvq = NULL;
	}
	rte_memzone_free(net->cmz);
	net->cmz = NULL;
}

/*
 * Send one control command (5.1.6.5) and wait for its answer, bounded.
 * Each command uses the slot of its descriptor chain's id, so a device
 * that answers a timed-out command late writes into that command's slot,
 * never into a later one's; such late answers are counted and dropped.
 *
 * @return 0, -EIO if the device answered with an ack other than OK,
 *   -ETIMEDOUT if it did not answer, -ENODEV if it is gone, -EBUSY if the
 *   queue is full of unanswered commands, -ENOTSUP without CTRL_VQ.
 */
static int
cvq_send(struct pp_virtio_net *net, uint8_t class, uint8_t cmd,
	 const void *data, uint32_t len)
{
	struct pp_virtio_hw *hw = net->hw;
	struct pp_vq *vq = net->cvq;
	struct pp_virtio_cvq_slot *slot, *slots;
	struct pp_vq_seg seg[3];
	uint64_t hz = rte_get_timer_hz(), now, deadline, next_check;
	uint32_t used_len;
	void *cookie;
	uint16_t id;
	int ret, r;

	if (vq == NULL)
		return -ENOTSUP;
	if (len > PP_VIRTIO_CVQ_DATA_MAX)
		return -EINVAL;
	if (net->gone)
		return -ENODEV;
	rte_spinlock_lock(&net->ctrl_lock);
	if (pp_vq_free_count(vq) < RTE_DIM(seg)) {
		PP_VIRTIO_LOG(ERR, "%s: control queue full of unanswered "
			      "commands", hw->name);
		rte_spinlock_unlock(&net->ctrl_lock);
		return -EBUSY;
	}
	slots = net->cmz->addr;
	id = pp_vq_next_id(vq);
	slot = &slots[id];
	slot->hdr.class = class;
	slot->hdr.cmd = cmd;
	if (len != 0)
		memcpy(slot->data, data, len);
	slot->ack = 0xFF; /* neither OK nor ERR until the device writes it */
	seg[0].addr = pp_virtio_addr(hw, &slot->hdr,
				     rte_mem_virt2iova(&slot->hdr));
	seg[0].len = sizeof(slot->hdr);
	seg[0].write = 0;
	seg[1].addr = pp_virtio_addr(hw, slot->data,
				     rte_mem_virt2iova(slot->data));
	seg[1].len = len;
	seg[1].write = 0;
	seg[2].addr = pp_virtio_addr(hw, &slot->ack,
				     rte_mem_virt2iova(&slot->ack));
	seg[2].len = sizeof(slot->ack);
	seg[2].write = 1;
	/* a command without data (none here today) skips that segment */
	if (len == 0)
		seg[1] = seg[2];
	ret = pp_vq_add(vq, seg, len != 0 ? 3 : 2, slot);
	if (ret < 0) {
		rte_spinlock_unlock(&net->ctrl_lock);
		return ret;
	}
	net->stats.ctrl_cmds++;
	pp_vq_kick(vq);
	ret = -ETIMEDOUT;
	/* bounded in time, not in polls: a sleep may take longer than asked */
	now = rte_get_timer_cycles();
	deadline = now + hz * PP_VIRTIO_CVQ_TIMEOUT_US / 1000000;
	next_check = now + hz / 10;
	for (;;) {
		r = pp_vq_get_used(vq, &cookie, &used_len);
		if (r == PP_VQ_EMPTY) {
			now = rte_get_timer_cycles();
			if (now >= deadline)
				break;
			if (now >= next_check) {
				/* a device that is gone answers nothing */
				if (net_check_gone(net)) {
					ret = -ENODEV;
					break;
				}
				next_check = now + hz / 10;
			}
			rte_delay_us_sleep(PP_VIRTIO_CVQ_POLL_US);
			continue;
		}
		if (cookie != slot) {
			net->stats.ctrl_stale++;
			continue;
		}
		rte_rmb();
		if (r == PP_VQ_OK && used_len >= sizeof(slot->ack) &&
		    slot->ack == PP_VIRTIO_NET_OK) {
			ret = 0;
		} else {
			net->stats.ctrl_errors++;
			PP_VIRTIO_LOG(ERR, "%s: control command %u.%u refused "
				      "(ack %u, length %u)", hw->name, class,
				      cmd, slot->ack, used_len);
			ret = -EIO;
		}
		break;
	}
	net->stats.cvq_bad_id = vq->stats.bad_id;
	net->stats.cvq_bad_len = vq->stats.bad_len;
	if (ret == -ETIMEDOUT) {
		net->stats.ctrl_timeouts++;
		PP_VIRTIO_LOG(ERR, "%s: control command %u.%u not answered in "
			      "%u ms", hw->name, class, cmd,
			      PP_VIRTIO_CVQ_TIMEOUT_US / 1000);
		if (net_check_gone(net))
			ret = -ENODEV;
	}
	rte_spinlock_unlock(&net->ctrl_lock);
	return ret;
}

/* CTRL_RX class: promiscuous or all-multicast on (1) or off (0). */
static int
cvq_rx_mode(struct pp_virtio_net *net, uint8_t cmd, uint8_t on)
{
	if (!pp_virtio_has(net->hw, PP_VIRTIO_NET_F_CTRL_RX))
		return -ENOTSUP;
	return cvq_send(net, PP_VIRTIO_NET_CTRL_RX, cmd, &on, sizeof(on));
}

static int
cvq_mac_set(struct pp_virtio_net *net, const struct rte_ether_addr *mac)
{
	if (!pp_virtio_has(net->hw, PP_VIRTIO_NET_F_CTRL_MAC_ADDR))
		return -ENOTSUP;
	return cvq_send(net, PP_VIRTIO_NET_CTRL_MAC,
			PP_VIRTIO_NET_CTRL_MAC_ADDR_SET, mac->addr_bytes,
			RTE_ETHER_ADDR_LEN);
}

static int
cvq_mq_pairs(struct pp_virtio_net *net, uint16_t pairs)
{
	uint16_t le = rte_cpu_to_le_16(pairs);

	if (!pp_virtio_has(net->hw, PP_VIRTIO_NET_F_MQ))
		return pairs == 1 ? 0 : -ENOTSUP;
	return cvq_send(net, PP_VIRTIO_NET_CTRL_MQ,
			PP_VIRTIO_NET_CTRL_MQ_VQ_PAIRS_SET, &le, sizeof(le));
}

/* ---------------------------------------------------------------- RSS */

/* The queue pairs a port uses: virtio pairs RX queue i with TX queue i. */
static uint16_t
net_pairs(const struct rte_eth_dev *dev)
{
	return RTE_MAX(RTE_MAX(dev->data->nb_rx_queues,
			       dev->data->nb_tx_queues), 1);
}


/* ethdev's RSS fields and virtio's hash types (5.1.6.4.3.1), pairwise. */
static const struct {
	uint64_t hf;
	uint32_t type;
} pp_virtio_rss_map[] = {
	{ RTE_ETH_RSS_IPV4 | RTE_ETH_RSS_FRAG_IPV4 |
	  RTE_ETH_RSS_NONFRAG_IPV4_OTHER, PP_VIRTIO_RSS_IPV4 },
	{ RTE_ETH_RSS_NONFRAG_IPV4_TCP, PP_VIRTIO_RSS_TCPV4 },
	{ RTE_ETH_RSS_NONFRAG_IPV4_UDP, PP_VIRTIO_RSS_UDPV4 },
	{ RTE_ETH_RSS_IPV6 | RTE_ETH_RSS_FRAG_IPV6 |
	  RTE_ETH_RSS_NONFRAG_IPV6_OTHER, PP_VIRTIO_RSS_IPV6 },
	{ RTE_ETH_RSS_NONFRAG_IPV6_TCP, PP_VIRTIO_RSS_TCPV6 },
	{ RTE_ETH_RSS_NONFRAG_IPV6_UDP, PP_VIRTIO_RSS_UDPV6 },
	{ RTE_ETH_RSS_IPV6_EX, PP_VIRTIO_RSS_IP_EX },
	{ RTE_ETH_RSS_IPV6_TCP_EX, PP_VIRTIO_RSS_TCP_EX },
	{ RTE_ETH_RSS_IPV6_UDP_EX, PP_VIRTIO_RSS_UDP_EX },
};

/* Microsoft's RSS verification key: the common default. */
static const uint8_t pp_virtio_rss_key_default[PP_VIRTIO_RSS_KEY_MAX] = {
	0x6d, 0x5a, 0x56, 0xda, 0x25, 0x5b, 0x0e, 0xc2,
	0x41, 0x67, 0x25, 0x3d, 0x43, 0xa3, 0x8f, 0xb0,
	0xd0, 0xca, 0x2b, 0xcb, 0xae, 0x7b, 0x30, 0xb4,
	0x77, 0xcb, 0x2d, 0xa3, 0x80, 0x30, 0xf2, 0x0c,
	0x6a, 0x42, 0xb7, 0x3b, 0xbe, 0xac, 0x01, 0xfa,
};

/* The RTE_ETH_RSS_* fields the device hashes on. */
static uint64_t
rss_hf_supported(const struct pp_virtio_net *net)
{
	uint64_t hf = 0;
	unsigned int i;

	for (i = 0; i < RTE_DIM(pp_virtio_rss_map); i++)
		if (net->rss_types_dev & pp_virtio_rss_map[i].type)
			hf |= pp_virtio_rss_map[i].hf;
	return hf;
}

static uint32_t
rss_types_of(const struct pp_virtio_net *net, uint64_t hf)
{
	uint32_t t = 0;
	unsigned int i;

	for (i = 0; i < RTE_DIM(pp_virtio_rss_map); i++)
		if (hf & pp_virtio_rss_map[i].hf)
			t |= pp_virtio_rss_map[i].type;
	return t & net->rss_types_dev;
}

/* Is RSS steering in use: negotiated, and asked for by the configuration. */
static int
rss_on(const struct rte_eth_dev *dev)
{
	const struct pp_virtio_net *net = net_of(dev);

	return pp_virtio_has(net->hw, PP_VIRTIO_NET_F_RSS) &&
	       (dev->data->dev_conf.rxmode.mq_mode & RTE_ETH_MQ_RX_RSS_FLAG);
}

/*
 * VIRTIO_NET_CTRL_MQ_RSS_CONFIG (5.1.6.5.7.1): hash types, table mask,
 * unclassified queue, the table, max_tx_vq, the key; little-endian.
 * Without RSS asked for, no type is hashed: everything goes to the
 * unclassified queue 0 (used only when RSS was negotiated without MQ).
 */
static int
cvq_rss_config(struct rte_eth_dev *dev, uint16_t pairs)
{
	struct pp_virtio_net *net = net_of(dev);
	uint8_t buf[12 + 2 * PP_VIRTIO_RETA_MAX + PP_VIRTIO_RSS_KEY_MAX];
	uint32_t types = rss_on(dev) ? rss_types_of(net, net->rss_hf) : 0;
	uint32_t n = 0;
	uint16_t i, v;

	types = rte_cpu_to_le_32(types);
	memcpy(&buf[n], &types, 4);
	n += 4;
	v = rte_cpu_to_le_16(net->reta_size - 1);
	memcpy(&buf[n], &v, 2);
	n += 2;
	v = 0; /* unclassified_queue: receiveq1 */
	memcpy(&buf[n], &v, 2);
	n += 2;
	for (i = 0; i < net->reta_size; i++, n += 2) {
		v = rte_cpu_to_le_16(net->reta[i]);
		memcpy(&buf[n], &v, 2);
	}
	v = rte_cpu_to_le_16(pairs);
	memcpy(&buf[n], &v, 2);
	n += 2;
	buf[n++] = net->rss_key_len;
	memcpy(&buf[n], net->rss_key, net->rss_key_len);
	n += net->rss_key_len;
	return cvq_send(net, PP_VIRTIO_NET_CTRL_MQ,
			PP_VIRTIO_NET_CTRL_MQ_RSS_CONFIG, buf, n);
}

/* RSS state from dev_configure: key, fields, table spread over the queues. */
static int
rss_configure(struct rte_eth_dev *dev)
{
	struct pp_virtio_net *net = net_of(dev);
	const struct rte_eth_rss_conf *rss =
		&dev->data->dev_conf.rx_adv_conf.rss_conf;
	uint16_t nb = RTE_MAX(dev->data->nb_rx_queues, 1), i;

	if (!pp_virtio_has(net->hw, PP_VIRTIO_NET_F_RSS))
		return 0;
	if (rss->rss_key != NULL && rss->rss_key_len != 0) {
		if (rss->rss_key_len != net->rss_key_len) {
			PP_VIRTIO_LOG(ERR, "port %u: RSS key of %u bytes, the "
				      "device takes %u", dev->data->port_id,
				      rss->rss_key_len, net->rss_key_len);
			return -EINVAL;
		}
		memcpy(net->rss_key, rss->rss_key, net->rss_key_len);
	} else {
		memcpy(net->rss_key, pp_virtio_rss_key_default,
		       net->rss_key_len);
	}
	net->rss_hf = rss->rss_hf & rss_hf_supported(net);
	for (i = 0; i < net->reta_size; i++)
		net->reta[i] = i % nb;
	return 0;
}

/* Send the RSS state now if the device runs with it. */
static int
rss_apply(struct rte_eth_dev *dev)
{
	struct pp_virtio_net *net = net_of(dev);

	if (!net->running || !rss_on(dev))
		return 0;
	return cvq_rss_config(dev, net_pairs(dev));
}

static int
pp_virtio_rss_hash_update(struct rte_eth_dev *dev,
			  struct rte_eth_rss_conf *rss)
{
	struct pp_virtio_net *net = net_of(dev);
	uint8_t key[PP_VIRTIO_RSS_KEY_MAX];
	uint64_t hf = net->rss_hf;
	int ret;

	if (!pp_virtio_has(net->hw, PP_VIRTIO_NET_F_RSS))
		return -ENOTSUP;
	if (rss->rss_key != NULL && rss->rss_key_len != net->rss_key_len)
		return -EINVAL;
	if (rss->rss_hf & ~rss_hf_supported(net))
		return -EINVAL;
	memcpy(key, net->rss_key, sizeof(key));
	if (rss->rss_key != NULL)
		memcpy(net->rss_key, rss->rss_key, net->rss_key_len);
	net->rss_hf = rss->rss_hf;
	ret = rss_apply(dev);
	if (ret != 0) { /* the device keeps the old state: so do we */
		memcpy(net->rss_key, key, sizeof(key));
		net->rss_hf = hf;
	}
	return ret;
}

static int
pp_virtio_rss_hash_conf_get(struct rte_eth_dev *dev,
			    struct rte_eth_rss_conf *rss)
{
	struct pp_virtio_net *net = net_of(dev);

	if (!pp_virtio_has(net->hw, PP_VIRTIO_NET_F_RSS))
		return -ENOTSUP;
	if (rss->rss_key != NULL) {
		if (rss->rss_key_len < net->rss_key_len)
			return -EINVAL;
		memcpy(rss->rss_key, net->rss_key, net->rss_key_len);
	}
	rss->rss_key_len = net->rss_key_len;
	rss->rss_hf = net->rss_hf;
	return 0;
}

static int
pp_virtio_reta_update(struct rte_eth_dev *dev,
		      struct rte_eth_rss_reta_entry64 *conf, uint16_t size)
{
	struct pp_virtio_net *net = net_of(dev);
	uint16_t old[PP_VIRTIO_RETA_MAX];
	int ret;

	if (!pp_virtio_has(net->hw, PP_VIRTIO_NET_F_RSS))
		return -ENOTSUP;
	memcpy(old, net->reta, sizeof(old));
	ret = ppdrv_reta_update(net->reta, net->reta_size, conf, size,
				dev->data->nb_rx_queues);
	if (ret != 0)
		return ret;
	/* the device refused it: keep the table it still uses */
	ret = rss_apply(dev);
	if (ret != 0)
		memcpy(net->reta, old, sizeof(old));
	return ret;
}

static int
pp_virtio_reta_query(struct rte_eth_dev *dev,
		     struct rte_eth_rss_reta_entry64 *conf, uint16_t size)
{
	struct pp_virtio_net *net = net_of(dev);

	if (!pp_virtio_has(net->hw, PP_VIRTIO_NET_F_RSS))
		return -ENOTSUP;
	return ppdrv_reta_query(net->reta, net->reta_size, conf, size);
}

/* ------------------------------------------------------------- link */

static int
pp_virtio_link_update(struct rte_eth_dev *dev,
		      int wait_to_complete __rte_unused)
{
	struct pp_virtio_net *net = net_of(dev);
	struct rte_eth_link link;
	uint16_t status = PP_VIRTIO_NET_S_LINK_UP;

	memset(&link, 0, sizeof(link));
	link.link_duplex = RTE_ETH_LINK_FULL_DUPLEX;
	link.link_autoneg = RTE_ETH_LINK_FIXED;
	if (net_check_gone(net) || !dev->data->dev_started) {
		status = 0;
	} else if (pp_virtio_has(net->hw, PP_VIRTIO_NET_F_STATUS)) {
		/* no STATUS: the link is always up (5.1.4) */
		if (net_read_cfg(net, offsetof(struct pp_virtio_net_config,
					       status),
				 &status, sizeof(status)) != 0)
			status = 0;
		status = rte_le_to_cpu_16(status);
	}
	if (status & PP_VIRTIO_NET_S_LINK_UP) {
		link.link_status = RTE_ETH_LINK_UP;
		link.link_speed = net->speed;
	} else {
		link.link_status = RTE_ETH_LINK_DOWN;
		link.link_speed = RTE_ETH_SPEED_NUM_NONE;
	}
	return rte_eth_linkstatus_set(dev, &link);
}

/*
 * The device's configuration may have changed (EAL interrupt thread): the
 * link, or the device asks to be reset. LSC when the link changed.
 */
static void
pp_virtio_config_changed(struct pp_virtio_hw *hw)
{
	struct rte_eth_dev *dev = hw->eth_dev;
	struct pp_virtio_net *net = net_of(dev);
	uint8_t st;

	if (net == NULL)
		return;
	net->stats.config_changes++;
	st = hw->ops->get_status(hw);
	if (st != 0xFF && (st & PP_VIRTIO_S_NEEDS_RESET)) {
		net->stats.needs_reset++;
		PP_VIRTIO_LOG(ERR, "%s: the device needs a reset "
			      "(DEVICE_NEEDS_RESET): stop and start the port",
			      hw->name);
	}
	if (pp_virtio_link_update(dev, 0) == 0)
		rte_eth_dev_callback_process(dev, RTE_ETH_EVENT_INTR_LSC, NULL);
}

static void
net_lsc_enable(struct rte_eth_dev *dev)
{
	struct pp_virtio_net *net = net_of(dev);
	struct pp_virtio_hw *hw = net->hw;
	int ret;

	if (!dev->data->dev_conf.intr_conf.lsc || hw->ops->config_intr == NULL)
		return;
	ret = hw->ops->config_intr(hw, pp_virtio_config_changed);
	if (ret != 0) {
		PP_VIRTIO_LOG(WARNING, "%s: no configuration change events "
			      "(%s): link status read on demand only",
			      hw->name, strerror(-ret));
		return;
	}
	net->lsc_on = 1;
}

static void
net_lsc_disable(struct pp_virtio_net *net)
{
	if (net->lsc_on)
		net->hw->ops->config_intr(net->hw, NULL);
	net->lsc_on = 0;
}

/* ---------------------------------------------------- configuration */

static int
pp_virtio_dev_configure(struct rte_eth_dev *dev)
{
	struct pp_virtio_net *net = net_of(dev);
	struct pp_virtio_hw *hw = net->hw;
	const struct rte_eth_conf *conf = &dev->data->dev_conf;

	if (ppdrv_check_primary(dev, "dev_configure") != 0)
		return -ENOTSUP;
	if (dev->data->nb_rx_queues > hw->max_queue_pairs ||
	    dev->data->nb_tx_queues > hw->max_queue_pairs) {
		PP_VIRTIO_LOG(ERR, "port %u: %u RX / %u TX queues, the device "
			      "has %u queue pairs%s", dev->data->port_id,
			      dev->data->nb_rx_queues, dev->data->nb_tx_queues,
			      hw->max_queue_pairs,
			      pp_virtio_has(hw, PP_VIRTIO_NET_F_MQ) ? "" :
			      " (no MQ: give QEMU's device mq=on)");
		return -EINVAL;
	}
	if ((conf->rxmode.mq_mode & RTE_ETH_MQ_RX_RSS_FLAG) &&
	    dev->data->nb_rx_queues > 1 &&
	    !pp_virtio_has(hw, PP_VIRTIO_NET_F_RSS))
		PP_VIRTIO_LOG(NOTICE, "port %u: the device has no RSS (QEMU: "
			      "rss=on): it spreads flows over the queues itself "
			      "(MQ), no key or table applies",
			      dev->data->port_id);
	return rss_configure(dev);
}

/* Does every RX queue take a frame of the MTU in one buffer? */
static int
net_rx_fits_one(const struct rte_eth_dev *dev)
{
	uint16_t i;

	for (i = 0; i < dev->data->nb_rx_queues; i++) {
		const struct pp_virtio_rxq *q = dev->data->rx_queues[i];

		if (q != NULL && !pp_virtio_rxq_fits_one(q, dev->data->mtu))
			return 0;
	}
	return 1;
}

/*
 * Features a start asks for: the checksum ones only if the offloads are,
 * MRG_RXBUF only if a frame may need it.
 */
static uint64_t
net_start_features(const struct rte_eth_dev *dev)
{
	const struct pp_virtio_net *net = net_of(dev);
	uint64_t want = net->features;

	/*
	 * With GUEST_CSUM the device may hand over frames whose L4 checksum
	 * is only partial (NEEDS_CSUM). An application that did not ask for
	 * RX checksum offload would forward them as they are: without it the
	 * device must deliver complete checksums.
	 */
	if (!(dev->data->dev_conf.rxmode.offloads &
	      (RTE_ETH_RX_OFFLOAD_TCP_CKSUM | RTE_ETH_RX_OFFLOAD_UDP_CKSUM)))
		want &= ~PP_VIRTIO_BIT(PP_VIRTIO_NET_F_GUEST_CSUM);
	/*
	 * CSUM the other way round: only if TX checksums are wanted. With
	 * it the device must read and parse every packet's header for an
	 * offload request; without it the header is all zeros and skipped
	 * (a vhost-user back-end copies the header out of every packet it
	 * dequeues only when CSUM or a TSO feature was negotiated).
	 */
	if (!(dev->data->dev_conf.txmode.offloads &
	      (RTE_ETH_TX_OFFLOAD_TCP_CKSUM | RTE_ETH_TX_OFFLOAD_UDP_CKSUM)))
		want &= ~PP_VIRTIO_BIT(PP_VIRTIO_NET_F_CSUM);
	/*
	 * MRG_RXBUF only where a frame may need more than one buffer (or
	 * the application asked for RX scatter, e.g. to raise the MTU while
	 * running). Without it the device leaves num_buffers alone, so the
	 * header of a forwarded frame is all zeros and TX need not write it:
	 * the line stays in the device's cache (doc/nics/virtio.md).
	 */
	if (!(dev->data->dev_conf.rxmode.offloads &
	      RTE_ETH_RX_OFFLOAD_SCATTER) && net_rx_fits_one(dev))
		want &= ~PP_VIRTIO_BIT(PP_VIRTIO_NET_F_MRG_RXBUF);
	return want;
}

/* ------------------------------------------------------ start / stop */

/*
 * After a reset (the device holds nothing any more): every queue's
 * buffers home, rings back to their initial state, queues stopped.
 */
static void
net_queues_drain(struct rte_eth_dev *dev)
{
	struct pp_virtio_net *net = net_of(dev);

	pp_virtio_queues_stop(dev);
	if (net->cvq != NULL)
		pp_vq_drain(net->cvq, cvq_forget, NULL);
}

/*
 * The control state the device lost in its reset that ethdev does not
 * replay: the queue pairs. The MAC address, promiscuous and all-multicast
 * modes ethdev sends itself right after dev_start (eth_dev_config_restore
 * calls mac_addr_set and the RX mode ops, which reach the device now that
 * it runs).
 */
static int
net_ctrl_restore(struct rte_eth_dev *dev)
{
	struct pp_virtio_net *net = net_of(dev);
	int ret;

	/*
	 * RSS steering (F_RSS, asked for) sets the pairs in use with the
	 * table (max_tx_vq); otherwise the device steers by itself (MQ).
	 */
	if (rss_on(dev) || (pp_virtio_has(net->hw, PP_VIRTIO_NET_F_RSS) &&
			    !pp_virtio_has(net->hw, PP_VIRTIO_NET_F_MQ) &&
			    net_pairs(dev) > 1))
		ret = cvq_rss_config(dev, net_pairs(dev));
	else
		ret = cvq_mq_pairs(net, net_pairs(dev));
	if (ret != 0)
		PP_VIRTIO_LOG(ERR, "port %u: %u queue pairs not set: %s",
			      dev->data->port_id, net_pairs(dev),
			      strerror(-ret));
	return ret;
}

static int pp_virtio_dev_stop(struct rte_eth_dev *dev);

/*
 * Start (3.1.1 from step 1 again): reset and negotiate, the control queue
 * and every data queue to the device, DRIVER_OK, then the RX buffers
 * notified and the control state sent.
 */
static int
pp_virtio_dev_start(struct rte_eth_dev *dev)
{
	struct pp_virtio_net *net = net_of(dev);
	struct pp_virtio_hw *hw = net->hw;
	uint16_t i;
	int ret;

	if (net_check_gone(net))
		return -ENODEV;
	for (i = 0; i < dev->data->nb_rx_queues; i++)
		if (dev->data->rx_queues[i] == NULL)
			return -EINVAL;
	for (i = 0; i < dev->data->nb_tx_queues; i++)
		if (dev->data->tx_queues[i] == NULL)
			return -EINVAL;
	ret = net_negotiate(net, net_start_features(dev));
	if (ret != 0)
		return ret;
	if ((hw->features ^ net->features) & PP_VIRTIO_STRUCTURAL) {
		PP_VIRTIO_LOG(ERR, "%s: the device now accepts features %#"
			      PRIx64 ", the queues were built for %#" PRIx64
			      ": close and probe the port again", hw->name,
			      hw->features, net->features);
		ret = -EPROTO;
		goto fail;
	}
	if (net->dirty) {
		/* an earlier reset timed out; this one did not: ours again */
		net->dirty = 0;
		net_queues_drain(dev);
	}
	if (hw->ops->mem_update != NULL) {
		ret = hw->ops->mem_update(hw);
		if (ret != 0) {
			PP_VIRTIO_LOG(ERR, "%s: memory table: %s", hw->name,
				      strerror(-ret));
			goto fail;
		}
	}
	if (net->cvq != NULL) {
		ret = hw->ops->queue_setup(hw, net->cvq);
		if (ret != 0) {
			PP_VIRTIO_LOG(ERR, "%s: control queue not taken by the "
				      "device: %s", hw->name, strerror(-ret));
			goto fail;
		}
	}
	ret = pp_virtio_queues_start(dev);
	if (ret != 0)
		goto fail;
	hw->ops->set_status(hw, PP_VIRTIO_S_ACKNOWLEDGE | PP_VIRTIO_S_DRIVER |
			    PP_VIRTIO_S_FEATURES_OK | PP_VIRTIO_S_DRIVER_OK);
	net->running = 1;
	if (net_check_gone(net)) {
		ret = -ENODEV;
		goto fail;
	}
	/* the device may not be notified before DRIVER_OK */
	pp_virtio_queues_kick(dev);
	ret = net_ctrl_restore(dev);
	if (ret != 0)
		goto fail;
	ppdrv_raw_queues_publish(dev);
	net_lsc_enable(dev);
	dev->data->dev_started = 1; /* for link_update; ethdev sets it too */
	pp_virtio_link_update(dev, 0);
	PP_VIRTIO_LOG(INFO, "port %u: started, features %#" PRIx64 ", MTU %u",
		      dev->data->port_id, hw->features, dev->data->mtu);
	return 0;
fail:
	dev->data->dev_started = 1;
	pp_virtio_dev_stop(dev);
	dev->data->dev_started = 0;
	return ret;
}

/*
 * Reset the device, then take every buffer back. If the reset did not
 * complete the device may still write into the RX buffers it holds: those
 * stay where they are (counted in flight, never recycled under the
 * device) until a later reset succeeds; -ETIMEDOUT.
 */
static int
pp_virtio_dev_stop(struct rte_eth_dev *dev)
{
	struct pp_virtio_net *net = net_of(dev);
	struct rte_eth_link link;
	int ret;

	net_lsc_disable(net);
	ppdrv_raw_queues_withdraw(dev);
	ret = net_reset(net);
	if (ret == -ETIMEDOUT) {
		net->dirty = 1;
	} else {
		ret = 0; /* a device that is gone no longer writes */
		net_queues_drain(dev);
		/*
		 * Back where probe left it: features accepted, no DRIVER_OK.
		 * A reset device shows the queues of its reset state: QEMU
		 * 7.2's virtio-net has one queue pair until MQ is negotiated,
		 * and queue setup (the next configure) asks it their sizes.
		 */
		if (!net->gone && net_negotiate(net, net->features) != 0)
			PP_VIRTIO_LOG(WARNING, "%s: features not accepted "
				      "again after the reset; the next start "
				      "tries again", net->hw->name);
	}
	memset(&link, 0, sizeof(link));
	rte_eth_linkstatus_set(dev, &link);
	if (ret == 0)
		dev->data->dev_started = 0;
	return ret;
}

static int
pp_virtio_dev_close(struct rte_eth_dev *dev)
{
	struct pp_virtio_net *net;
	struct pp_virtio_hw *hw;
	uint16_t i;

	if (rte_eal_process_type() != RTE_PROC_PRIMARY)
		return 0;
	net = net_of(dev);
	if (net == NULL)
		return 0;
	hw = net->hw;
	if (dev->data->dev_started || net->running)
		pp_virtio_dev_stop(dev);
	if (net->dirty && net_reset(net) != -ETIMEDOUT) {
		net->dirty = 0;
		net_queues_drain(dev);
	}
	if (net->dirty) {
		/*
		 * The device may still write into the RX buffers and the rings
		 * it was given: they are left to it (leaked), never handed to
		 * anyone else.
		 */
		PP_VIRTIO_LOG(ERR, "%s: closed with a device that did not "
			      "reset: its rings and RX buffers are left to it",
			      hw->name);
	} else {
		for (i = 0; i < dev->data->nb_rx_queues; i++)
			pp_virtio_rx_queue_release(dev, i);
		for (i = 0; i < dev->data->nb_tx_queues; i++)
			pp_virtio_tx_queue_release(dev, i);
	}
	pagepool_raw_register(dev->data->port_id, NULL);
	net_reset(net);
	if (!net->dirty)
		cvq_free(net);
	free(hw->vqs);
	hw->vqs = NULL;
	hw->nb_vqs = 0;
	free((void *)(uintptr_t)net->conf.devargs);
	pp_virtio_nets[dev->data->port_id] = NULL;
	free(net);
	return 0;
}

/* ------------------------------------------------------------ queues */

static int
pp_virtio_rx_queue_setup_op(struct rte_eth_dev *dev, uint16_t qid,
			    uint16_t nb_desc, unsigned int socket_id,
			    const struct rte_eth_rxconf *conf,
			    struct rte_mempool *mp)
{
	return pp_virtio_rx_queue_setup(dev, qid, nb_desc, socket_id, conf, mp,
					&net_of(dev)->devargs);
}

/* Queue start/stop on a live device; stopped, dev_start does it all. */
static int
net_queue_op(struct rte_eth_dev *dev, uint16_t qid, int rx, int start)
{
	struct pp_virtio_net *net = net_of(dev);
	int ret;

	if (net->gone)
		return -ENODEV;
	if (!net->running) {
		PP_VIRTIO_LOG(ERR, "port %u: %cxq %u: the port is not started",
			      dev->data->port_id, rx ? 'r' : 't', qid);
		return -EIO;
	}
	/*
	 * A queue stop recycles the queue's buffers: only safe if the
	 * transport can take that one queue back from the running device
	 * (PCI needs RING_RESET; otherwise the device may still write into
	 * the RX buffers and the used ring of a queue we would recycle).
	 */
	if (!start && net->hw->ops->queue_stoppable != NULL &&
	    !net->hw->ops->queue_stoppable(net->hw)) {
		PP_VIRTIO_LOG(ERR, "port %u: %cxq %u: the %s transport cannot "
			      "take one queue back from this device (no "
			      "RING_RESET): only a port stop does",
			      dev->data->port_id, rx ? 'r' : 't', qid,
			      net->hw->ops->name);
		return -ENOTSUP;
	}
	if (rx)
		ret = start ? pp_virtio_rx_queue_start(dev, qid) :
			pp_virtio_rx_queue_stop(dev, qid);
	else
		ret = start ? pp_virtio_tx_queue_start(dev, qid) :
			pp_virtio_tx_queue_stop(dev, qid);
	if (ret != 0)
		return ret;
	if (rx)
		dev->data->rx_queue_state[qid] = start ?
			RTE_ETH_QUEUE_STATE_STARTED :
			RTE_ETH_QUEUE_STATE_STOPPED;
	else
		dev->data->tx_queue_state[qid] = start ?
			RTE_ETH_QUEUE_STATE_STARTED :
			RTE_ETH_QUEUE_STATE_STOPPED;
	return 0;
}

static int
pp_virtio_rx_queue_start_op(struct rte_eth_dev *dev, uint16_t qid)
{
	return net_queue_op(dev, qid, 1, 1);
}

static int
pp_virtio_rx_queue_stop_op(struct rte_eth_dev *dev, uint16_t qid)
{
	return net_queue_op(dev, qid, 1, 0);
}

static int
pp_virtio_tx_queue_start_op(struct rte_eth_dev *dev, uint16_t qid)
{
	return net_queue_op(dev, qid, 0, 1);
}

static int
pp_virtio_tx_queue_stop_op(struct rte_eth_dev *dev, uint16_t qid)
{
	return net_queue_op(dev, qid, 0, 0);
}

/* ------------------------------------------------------ dev info, mtu */

/*
 * Largest MTU this port takes with what was negotiated: 9000 (the data
 * path chains buffers: MRG_RXBUF, else chained descriptors), bounded by
 * the device's own MTU when it has one (5.1.4.2: we must not send more).
 */
static uint16_t
net_max_mtu(const struct pp_virtio_net *net)
{
	uint32_t mtu = PP_VIRTIO_MTU_MAX;

	if (net->cfg_mtu != 0)
		mtu = RTE_MIN(mtu, (uint32_t)net->cfg_mtu);
	return (uint16_t)mtu;
}

static int
pp_virtio_dev_infos_get(struct rte_eth_dev *dev, struct rte_eth_dev_info *info)
{
	struct pp_virtio_net *net = net_of(dev);
	struct pp_virtio_hw *hw = net->hw;
	uint64_t f = net->features; /* what a start may take */

	info->max_rx_queues = RTE_MIN(hw->max_queue_pairs,
				      (uint16_t)RTE_MAX_QUEUES_PER_PORT);
	info->max_tx_queues = info->max_rx_queues;
	info->min_rx_bufsize = 0; /* buffers come from the page pool */
	info->max_mtu = net_max_mtu(net);
	info->min_mtu = RTE_ETHER_MIN_MTU;
	info->max_rx_pktlen = info->max_mtu + PP_VIRTIO_L2_OVERHEAD;
	info->max_mac_addrs = 1;
	info->rx_offload_capa = RTE_ETH_RX_OFFLOAD_SCATTER;
	if (f & PP_VIRTIO_BIT(PP_VIRTIO_NET_F_GUEST_CSUM))
		info->rx_offload_capa |= RTE_ETH_RX_OFFLOAD_TCP_CKSUM |
					 RTE_ETH_RX_OFFLOAD_UDP_CKSUM;
	info->tx_offload_capa = RTE_ETH_TX_OFFLOAD_MULTI_SEGS;
	if (f & PP_VIRTIO_BIT(PP_VIRTIO_NET_F_CSUM))
		info->tx_offload_capa |= RTE_ETH_TX_OFFLOAD_TCP_CKSUM |
					 RTE_ETH_TX_OFFLOAD_UDP_CKSUM;
	info->rx_desc_lim.nb_max = 32768; /* 2.7 and 2.8: queue size */
	info->rx_desc_lim.nb_min = 8;
	info->rx_desc_lim.nb_align = 1;
	info->tx_desc_lim = info->rx_desc_lim;
	info->tx_desc_lim.nb_seg_max = PP_VIRTIO_TX_MAX_SEGS - 1;
	info->tx_desc_lim.nb_mtu_seg_max = PP_VIRTIO_TX_MAX_SEGS - 1;
	info->default_rxportconf.ring_size = PP_VIRTIO_RING_DEFAULT;
	info->default_txportconf.ring_size = PP_VIRTIO_RING_DEFAULT;
	info->default_rxportconf.nb_queues = 1;
	info->default_txportconf.nb_queues = 1;
	info->speed_capa = RTE_ETH_LINK_SPEED_FIXED;
	if (f & PP_VIRTIO_BIT(PP_VIRTIO_NET_F_RSS)) {
		/* steering only: the hash itself needs HASH_REPORT */
		info->reta_size = net->reta_size;
		info->hash_key_size = net->rss_key_len;
		info->flow_type_rss_offloads = rss_hf_supported(net);
	}
	return 0;
}

/*
 * Stopped, the RX chains are sized for the MTU at the next start
 * (virtio_rxtx.c). Started: with mergeable buffers only the sanity bound
 * on num_buffers follows the MTU (one aligned store per queue; the poller
 * may read it); without them the chains posted were sized for the old MTU,
 * so a larger one needs the port stopped.
 */
static int
pp_virtio_mtu_set(struct rte_eth_dev *dev, uint16_t mtu)
{
	struct pp_virtio_net *net = net_of(dev);
	/* what one frame takes in buffers: header, L2 with two VLAN tags */
	uint32_t frame = (uint32_t)mtu + RTE_ETHER_HDR_LEN +
			 2 * RTE_VLAN_HLEN + PP_VIRTIO_HDR_LEN;
	uint16_t i;

	if (mtu < RTE_ETHER_MIN_MTU || mtu > net_max_mtu(net)) {
		PP_VIRTIO_LOG(ERR, "port %u: MTU %u outside %u..%u",
			      dev->data->port_id, mtu, RTE_ETHER_MIN_MTU,
			      net_max_mtu(net));
		return -EINVAL;
	}
	for (i = 0; i < dev->data->nb_rx_queues; i++) {
		struct pp_virtio_rxq *q = dev->data->rx_queues[i];

		if (q != NULL && q->started && !q->mrg &&
		    (uint32_t)q->segs * q->buf_len < frame) {
			PP_VIRTIO_LOG(ERR, "port %u: rxq %u posts chains for a "
				      "smaller MTU (no MRG_RXBUF): stop the "
				      "port to raise it", dev->data->port_id, i);
			return -EBUSY;
		}
	}
	for (i = 0; i < dev->data->nb_rx_queues; i++) {
		struct pp_virtio_rxq *q = dev->data->rx_queues[i];

		if (q != NULL && q->started && q->mrg && q->buf_len != 0)
			q->max_bufs = (uint16_t)((frame + q->buf_len - 1) /
						 q->buf_len);
	}
	dev->data->mtu = mtu;
	return 0;
}

/* ------------------------------------------------- RX mode and MAC */

/*
 * Stopped, the device holds no control state: ethdev records the mode and
 * dev_start sends it. A device without CTRL_RX is always promiscuous.
 */
static int
net_rx_mode(struct rte_eth_dev *dev, uint8_t cmd, uint8_t on)
{
	struct pp_virtio_net *net = net_of(dev);

	if (!pp_virtio_has(net->hw, PP_VIRTIO_NET_F_CTRL_RX))
		return -ENOTSUP;
	if (net->gone)
		return -ENODEV;
	if (!net->running)
		return 0;
	return cvq_rx_mode(net, cmd, on);
}

static int
pp_virtio_promisc_enable(struct rte_eth_dev *dev)
{
	return net_rx_mode(dev, PP_VIRTIO_NET_CTRL_RX_PROMISC, 1);
}

static int
pp_virtio_promisc_disable(struct rte_eth_dev *dev)
{
	return net_rx_mode(dev, PP_VIRTIO_NET_CTRL_RX_PROMISC, 0);
}

static int
pp_virtio_allmulti_enable(struct rte_eth_dev *dev)
{
	return net_rx_mode(dev, PP_VIRTIO_NET_CTRL_RX_ALLMULTI, 1);
}

static int
pp_virtio_allmulti_disable(struct rte_eth_dev *dev)
{
	return net_rx_mode(dev, PP_VIRTIO_NET_CTRL_RX_ALLMULTI, 0);
}

static int
pp_virtio_mac_addr_set(struct rte_eth_dev *dev, struct rte_ether_addr *mac)
{
	struct pp_virtio_net *net = net_of(dev);

	if (!pp_virtio_has(net->hw, PP_VIRTIO_NET_F_CTRL_MAC_ADDR))
		return rte_is_same_ether_addr(mac, &dev->data->mac_addrs[0]) ?
			0 : -ENOTSUP;
	if (net->gone)
		return -ENODEV;
	if (!net->running)
		return 0; /* dev_start sends data->mac_addrs[0] */
	return cvq_mac_set(net, mac);
}

/* ------------------------------------------------------------ stats */

static int
pp_virtio_stats_get(struct rte_eth_dev *dev, struct rte_eth_stats *st)
{
	pp_virtio_queue_stats_get(dev, st);
	return 0;
}

static int
pp_virtio_stats_reset(struct rte_eth_dev *dev)
{
	pp_virtio_queue_stats_reset(dev);
	return 0;
}

#define DEV_XSTAT(n, f) PPDRV_XSTAT(n, struct pp_virtio_net_stats, f)
static const struct ppdrv_xstat pp_virtio_dev_xstats[] = {
	DEV_XSTAT("ctrl_commands", ctrl_cmds),
	DEV_XSTAT("ctrl_timeouts", ctrl_timeouts),
	DEV_XSTAT("ctrl_errors", ctrl_errors),
	DEV_XSTAT("ctrl_late_answers", ctrl_stale),
	DEV_XSTAT("ctrl_vq_bad_id", cvq_bad_id),
	DEV_XSTAT("ctrl_vq_bad_len", cvq_bad_len),
	DEV_XSTAT("config_changes", config_changes),
	DEV_XSTAT("device_needs_reset", needs_reset),
	DEV_XSTAT("reset_timeouts", reset_timeouts),
};

/*
 * The port's xstats: the device layer's counters, then the queues' (with
 * their virtqueue misbehaviour counters and their pools') as vrxtx lays
 * them out.
 */
static const struct ppdrv_xstats_layout *
net_xstats_layout(void)
{
	static struct ppdrv_xstats_layout l;

	if (l.dev == NULL) {
		l = pp_virtio_xstats_layout;
		l.dev = pp_virtio_dev_xstats;
		l.nb_dev = RTE_DIM(pp_virtio_dev_xstats);
	}
	return &l;
}

/* Copy the virtqueues' counters where the tables find them. */
static void
net_vq_stats_update(struct rte_eth_dev *dev)
{
	struct pp_virtio_net *net = net_of(dev);
	uint16_t i;

	for (i = 0; i < dev->data->nb_rx_queues; i++) {
		struct pp_virtio_rxq *q = dev->data->rx_queues[i];

		if (q != NULL && q->vq != NULL)
			q->vq_stats = q->vq->stats;
	}
	for (i = 0; i < dev->data->nb_tx_queues; i++) {
		struct pp_virtio_txq *q = dev->data->tx_queues[i];

		if (q != NULL && q->vq != NULL)
			q->vq_stats = q->vq->stats;
	}
	if (net->cvq != NULL) {
		net->stats.cvq_bad_id = net->cvq->stats.bad_id;
		net->stats.cvq_bad_len = net->cvq->stats.bad_len;
	}
}

static int
pp_virtio_xstats_get_op(struct rte_eth_dev *dev, struct rte_eth_xstat *xs,
			unsigned int n)
{
	if (xs != NULL)
		net_vq_stats_update(dev);
	return ppdrv_xstats_get(dev, net_xstats_layout(), &net_of(dev)->stats,
				xs, n);
}

static int
pp_virtio_xstats_get_names_op(struct rte_eth_dev *dev,
			      struct rte_eth_xstat_name *names,
			      unsigned int size)
{
	return ppdrv_xstats_get_names(dev, net_xstats_layout(), names, size);
}

static int
pp_virtio_xstats_reset_op(struct rte_eth_dev *dev)
{
	struct pp_virtio_net *net = net_of(dev);

	if (net->cvq != NULL)
		memset(&net->cvq->stats, 0, sizeof(net->cvq->stats));
	memset(&net->stats, 0, sizeof(net->stats));
	return pp_virtio_xstats_reset(dev);
}

/* ------------------------------------------------------------ reset */

static int net_init(struct rte_eth_dev *dev, struct pp_virtio_hw *hw,
		    const struct pp_virtio_net_conf *conf);

/*
 * rte_eth_dev_reset() (the port is stopped): queues released, the device
 * reset and negotiated again as at probe. The application configures the
 * port again afterwards.
 */
static int
pp_virtio_dev_reset(struct rte_eth_dev *dev)
{
	struct pp_virtio_net *net = net_of(dev);
	struct pp_virtio_hw *hw = net->hw;
	struct pp_virtio_net_conf conf;
	char *args = NULL;
	int ret;

	conf.features_off = net->conf.features_off;
	conf.devargs = NULL;
	if (net->conf.devargs != NULL) {
		args = strdup(net->conf.devargs);
		if (args == NULL)
			return -ENOMEM;
		conf.devargs = args;
	}
	pp_virtio_dev_close(dev);
	ret = net_init(dev, hw, &conf);
	free(args);
	return ret;
}

const struct eth_dev_ops pp_virtio_eth_ops = {
	.dev_configure = pp_virtio_dev_configure,
	.dev_start = pp_virtio_dev_start,
	.dev_stop = pp_virtio_dev_stop,
	.dev_close = pp_virtio_dev_close,
	.dev_reset = pp_virtio_dev_reset,
	.promiscuous_enable = pp_virtio_promisc_enable,
	.promiscuous_disable = pp_virtio_promisc_disable,
	.allmulticast_enable = pp_virtio_allmulti_enable,
	.allmulticast_disable = pp_virtio_allmulti_disable,
	.link_update = pp_virtio_link_update,
	.stats_get = pp_virtio_stats_get,
	.stats_reset = pp_virtio_stats_reset,
	.xstats_get = pp_virtio_xstats_get_op,
	.xstats_get_names = pp_virtio_xstats_get_names_op,
	.xstats_reset = pp_virtio_xstats_reset_op,
	.dev_infos_get = pp_virtio_dev_infos_get,
	.mtu_set = pp_virtio_mtu_set,
	.mac_addr_set = pp_virtio_mac_addr_set,
	.rx_queue_start = pp_virtio_rx_queue_start_op,
	.rx_queue_stop = pp_virtio_rx_queue_stop_op,
	.tx_queue_start = pp_virtio_tx_queue_start_op,
	.tx_queue_stop = pp_virtio_tx_queue_stop_op,
	.rx_queue_setup = pp_virtio_rx_queue_setup_op,
	.rx_queue_release = pp_virtio_rx_queue_release,
	.tx_queue_setup = pp_virtio_tx_queue_setup,
	.tx_queue_release = pp_virtio_tx_queue_release,
	.rxq_info_get = pp_virtio_rxq_info_get,
	.txq_info_get = pp_virtio_txq_info_get,
	.reta_update = pp_virtio_reta_update,
	.reta_query = pp_virtio_reta_query,
	.rss_hash_update = pp_virtio_rss_hash_update,
	.rss_hash_conf_get = pp_virtio_rss_hash_conf_get,
};

/* ------------------------------------------------------------ probe */

/* speed=N: the link speed reported in Mb/s (virtio has none of its own). */
static int
parse_speed(const char *val, uint32_t *speed)
{
	static const uint32_t ok[] = {
		RTE_ETH_SPEED_NUM_10M, RTE_ETH_SPEED_NUM_100M,
		RTE_ETH_SPEED_NUM_1G, RTE_ETH_SPEED_NUM_2_5G,
		RTE_ETH_SPEED_NUM_5G, RTE_ETH_SPEED_NUM_10G,
		RTE_ETH_SPEED_NUM_20G, RTE_ETH_SPEED_NUM_25G,
		RTE_ETH_SPEED_NUM_40G, RTE_ETH_SPEED_NUM_50G,
		RTE_ETH_SPEED_NUM_56G, RTE_ETH_SPEED_NUM_100G,
		RTE_ETH_SPEED_NUM_200G,
	};
	uint64_t v = 0;
	unsigned int i;

	if (val == NULL || *val == '\0')
		return -EINVAL;
	for (; *val != '\0'; val++) {
		if (*val < '0' || *val > '9')
			return -EINVAL;
		v = v * 10 + (uint64_t)(*val - '0');
		if (v > UINT32_MAX)
			return -EINVAL;
	}
	for (i = 0; i < RTE_DIM(ok); i++) {
		if (v == ok[i]) {
			*speed = (uint32_t)v;
			return 0;
		}
	}
	return -EINVAL;
}

/*
 * The device layer's devargs: virtio-net's own (speed) here, the rest to
 * the driver layer's parser. All or nothing: on -EINVAL neither output
 * changed.
 */
int
pp_virtio_devargs_parse(const char *args, struct ppdrv_devargs *da,
			uint32_t *speed)
{
	struct ppdrv_devargs d = *da;
	uint32_t sp = *speed;
	char *copy, *rest, *tok, *save = NULL;
	size_t n;
	int ret = 0;

	if (args == NULL || args[0] == '\0')
		return 0;
	n = strlen(args) + 1;
	copy = malloc(n);
	rest = malloc(n);
	if (copy == NULL || rest == NULL) {
		free(copy);
		free(rest);
		return -ENOMEM;
	}
	memcpy(copy, args, n);
	rest[0] = '\0';
	for (tok = strtok_r(copy, ",", &save); tok != NULL && ret == 0;
	     tok = strtok_r(NULL, ",", &save)) {
		size_t kl = strlen(PP_VIRTIO_DEVARG_SPEED);

		if (strncmp(tok, PP_VIRTIO_DEVARG_SPEED, kl) == 0 &&
		    (tok[kl] == '=' || tok[kl] == '\0')) {
			ret = parse_speed(tok[kl] == '=' ? tok + kl + 1 : NULL,
					  &sp);
			continue;
		}
		if (rest[0] != '\0')
			strcat(rest, ",");
		strcat(rest, tok);
	}
	if (ret == 0)
		ret = ppdrv_devargs_parse(&d, rest);
	free(copy);
	free(rest);
	if (ret != 0)
		return -EINVAL;
	*da = d;
	*speed = sp;
	return 0;
}

/* The MAC address: the device's (F_MAC), else a random local one. */
static void
net_read_mac(struct pp_virtio_net *net, struct rte_ether_addr *mac)
{
	if (!pp_virtio_has(net->hw, PP_VIRTIO_NET_F_MAC) ||
	    net_read_cfg(net, offsetof(struct pp_virtio_net_config, mac),
			 mac->addr_bytes, RTE_ETHER_ADDR_LEN) != 0 ||
	    !rte_is_valid_assigned_ether_addr(mac)) {
		rte_eth_random_addr(mac->addr_bytes);
		PP_VIRTIO_LOG(NOTICE, "%s: no MAC address from the device, "
			      "using a random one", net->hw->name);
	}
}

/* RSS limits of the device (5.1.4): key and table sizes, hash types. */
static int
net_read_rss_config(struct pp_virtio_net *net)
{
	struct pp_virtio_net_config c;
	int ret;

	ret = net_read_cfg(net, offsetof(struct pp_virtio_net_config,
					 rss_max_key_size),
			   &c.rss_max_key_size, sizeof(c.rss_max_key_size));
	if (ret == 0)
		ret = net_read_cfg(net, offsetof(struct pp_virtio_net_config,
				   rss_max_indirection_table_length),
				   &c.rss_max_indirection_table_length,
				   sizeof(c.rss_max_indirection_table_length));
	if (ret == 0)
		ret = net_read_cfg(net, offsetof(struct pp_virtio_net_config,
				   supported_hash_types),
				   &c.supported_hash_types,
				   sizeof(c.supported_hash_types));
	if (ret != 0)
		return ret;
	c.rss_max_indirection_table_length =
		rte_le_to_cpu_16(c.rss_max_indirection_table_length);
	net->rss_types_dev = rte_le_to_cpu_32(c.supported_hash_types);
	net->rss_key_len = RTE_MIN(c.rss_max_key_size,
				   (uint8_t)PP_VIRTIO_RSS_KEY_MAX);
	net->reta_size = (uint16_t)rte_align32prevpow2(RTE_MIN(
		c.rss_max_indirection_table_length,
		(uint16_t)PP_VIRTIO_RETA_MAX));
	if (net->rss_key_len == 0 || net->reta_size == 0) {
		PP_VIRTIO_LOG(ERR, "%s: RSS with a %u-byte key and a %u-entry "
			      "table", net->hw->name, c.rss_max_key_size,
			      c.rss_max_indirection_table_length);
		return -EINVAL;
	}
	memcpy(net->rss_key, pp_virtio_rss_key_default, net->rss_key_len);
	return 0;
}

/* The configuration fields probe needs (5.1.4). */
static int
net_read_config(struct pp_virtio_net *net)
{
	struct pp_virtio_hw *hw = net->hw;
	uint16_t v;
	int ret;

	hw->max_queue_pairs = 1;
	if (pp_virtio_has(hw, PP_VIRTIO_NET_F_MQ) ||
	    pp_virtio_has(hw, PP_VIRTIO_NET_F_RSS)) {
		ret = net_read_cfg(net, offsetof(struct pp_virtio_net_config,
						 max_virtqueue_pairs),
				   &v, sizeof(v));
		if (ret != 0)
			return ret;
		v = rte_le_to_cpu_16(v);
		/*
		 * 5.1.4 allows 1..0x8000; with 0x8000 the control queue would
		 * be virtqueue 0x10000, past a 16-bit queue index
		 */
		if (v < 1 || v > 0x7FFF) {
			PP_VIRTIO_LOG(ERR, "%s: max_virtqueue_pairs %u out of "
				      "range", hw->name, v);
			return -EINVAL;
		}
		/* the device's own: the control queue comes after them all */
		hw->max_queue_pairs = v;
	}
	if (pp_virtio_has(hw, PP_VIRTIO_NET_F_RSS)) {
		ret = net_read_rss_config(net);
		if (ret != 0)
			return ret;
	}
	net->cfg_mtu = 0;
	if (pp_virtio_has(hw, PP_VIRTIO_NET_F_MTU)) {
		ret = net_read_cfg(net, offsetof(struct pp_virtio_net_config,
						 mtu), &v, sizeof(v));
		if (ret != 0)
			return ret;
		net->cfg_mtu = rte_le_to_cpu_16(v);
		if (net->cfg_mtu < RTE_ETHER_MIN_MTU)
			net->cfg_mtu = 0; /* nonsense: ignored */
	}
	return 0;
}

static int
net_init(struct rte_eth_dev *dev, struct pp_virtio_hw *hw,
	 const struct pp_virtio_net_conf *conf)
{
	struct pp_virtio_net *net;
	uint32_t max_pairs_vq;
	int ret;

	if (rte_eal_process_type() != RTE_PROC_PRIMARY) {
		PP_VIRTIO_LOG(ERR, "%s: net_pp_virtio does not support "
			      "secondary processes (the RX page pools live in "
			      "the primary's private memory)", hw->name);
		return -ENOTSUP;
	}
	net = ppdrv_zalloc(sizeof(*net));
	if (net == NULL)
		return -ENOMEM;
	net->hw = hw;
	net->speed = PP_VIRTIO_SPEED_DEFAULT;
	rte_spinlock_init(&net->ctrl_lock);
	if (conf != NULL) {
		net->conf.features_off = conf->features_off;
		if (conf->devargs != NULL) {
			net->conf.devargs = strdup(conf->devargs);
			if (net->conf.devargs == NULL) {
				ret = -ENOMEM;
				goto err;
			}
		}
	}
	ret = pp_virtio_devargs_parse(net->conf.devargs, &net->devargs,
				      &net->speed);
	if (ret != 0) {
		PP_VIRTIO_LOG(ERR, "%s: bad devargs \"%s\" (%s=<Mb/s> %s)",
			      hw->name, net->conf.devargs,
			      PP_VIRTIO_DEVARG_SPEED, PPDRV_DEVARGS_HELP);
		goto err;
	}
	hw->eth_dev = dev;
	ret = net_negotiate(net, PP_VIRTIO_FEATURES & ~net->conf.features_off);
	if (ret != 0)
		goto err;
	net->features = hw->features;
	ret = net_read_config(net);
	if (ret != 0)
		goto err;
	/* RX/TX pairs, then the control queue (5.1.2) */
	max_pairs_vq = 2 * hw->max_queue_pairs + 1;
	hw->vqs = ppdrv_zalloc(max_pairs_vq * sizeof(*hw->vqs));
	if (hw->vqs == NULL) {
		ret = -ENOMEM;
		goto err;
	}
	hw->nb_vqs = max_pairs_vq;
	pp_virtio_nets[dev->data->port_id] = net;
	if (pp_virtio_has(hw, PP_VIRTIO_NET_F_CTRL_VQ)) {
		ret = cvq_create(net, dev->device != NULL &&
				 dev->device->numa_node >= 0 ?
				 dev->device->numa_node : SOCKET_ID_ANY);
		if (ret != 0)
			goto err;
	}

	dev->dev_ops = &pp_virtio_eth_ops;
	dev->rx_pkt_burst = pp_virtio_recv_pkts;
	dev->tx_pkt_burst = pp_virtio_xmit_pkts;
	dev->tx_pkt_prepare = pp_virtio_prep_pkts;
	if (dev->data->mac_addrs == NULL) {
		dev->data->mac_addrs = rte_zmalloc("pp_virtio_mac",
						   RTE_ETHER_ADDR_LEN, 0);
		if (dev->data->mac_addrs == NULL) {
			ret = -ENOMEM;
			goto err;
		}
	}
	net_read_mac(net, &dev->data->mac_addrs[0]);
	dev->data->mtu = RTE_MIN((uint16_t)RTE_ETHER_MTU, net_max_mtu(net));
	dev->data->dev_flags |= RTE_ETH_DEV_AUTOFILL_QUEUE_XSTATS;
	if (pp_virtio_has(hw, PP_VIRTIO_NET_F_STATUS) &&
	    hw->ops->config_intr != NULL)
		dev->data->dev_flags |= RTE_ETH_DEV_INTR_LSC;
	pagepool_raw_register(dev->data->port_id, &pp_virtio_raw_ops);
	PP_VIRTIO_LOG(INFO, "port %u: virtio-net over %s (%s), MAC "
		      RTE_ETHER_ADDR_PRT_FMT ", features %#" PRIx64
		      " of %#" PRIx64 ", %u queue pairs",
		      dev->data->port_id, hw->ops->name, hw->name,
		      RTE_ETHER_ADDR_BYTES(&dev->data->mac_addrs[0]),
		      hw->features, net->offered, hw->max_queue_pairs);
	return 0;
err:
	if (net->cvq != NULL || net->cmz != NULL)
		cvq_free(net);
	if (pp_virtio_nets[dev->data->port_id] == net)
		pp_virtio_nets[dev->data->port_id] = NULL;
	free(hw->vqs);
	hw->vqs = NULL;
	hw->nb_vqs = 0;
	free((void *)(uintptr_t)net->conf.devargs);
	free(net);
	return ret;
}

int
pp_virtio_net_init(struct rte_eth_dev *dev, struct pp_virtio_hw *hw,
		   const struct pp_virtio_net_conf *conf)
{
	if (dev == NULL || hw == NULL || hw->ops == NULL)
		return -EINVAL;
	if (pp_virtio_hw_of(dev) != hw) {
		PP_VIRTIO_LOG(ERR, "%s: dev_private does not point at hw",
			      hw->name);
		return -EINVAL;
	}
	return net_init(dev, hw, conf);
}

int
pp_virtio_net_uninit(struct rte_eth_dev *dev)
{
	return pp_virtio_dev_close(dev);
}
