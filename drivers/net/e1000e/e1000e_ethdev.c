/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The pagepool authors
 */

/*
 * net_pp_e1000e control path: PCI probe, reset and initialization in the
 * order of the datasheet's software initialization sequence, dev ops,
 * link, statistics.
 *
 * Every wait on the hardware is bounded and returns -ETIMEDOUT.
 */

#include <stdio.h>
#include <string.h>

#include <bus_pci_driver.h>
#include <ethdev_driver.h>
#include <ethdev_pci.h>
#include <rte_cycles.h>
#include <rte_errno.h>
#include <rte_interrupts.h>
#include <rte_malloc.h>

#include "e1000e.h"
#include "e1000e_logs.h"

RTE_LOG_REGISTER(e1000e_logtype, pmd.net.pp_e1000e, NOTICE);

static const struct rte_pci_id e1000e_pci_ids[] = {
	{ RTE_PCI_DEVICE(0x8086, 0x10D3) },	/* 82574L */
	{ .vendor_id = 0 },
};

/* ------------------------------------------------------ hardware steps */

/** Poll reg until (value & mask) == want: bounded, -ETIMEDOUT or -ENODEV. */
static int
e1000e_wait_reg(volatile uint8_t *hw, uint32_t reg, uint32_t mask,
		uint32_t want, uint32_t timeout_us)
{
	return ppdrv_wait_reg32(hw, reg, mask, want, timeout_us, e1000e_gone);
}

/** Mask every interrupt cause and clear the pending ones [DS 4 Interrupts During Initialization]. */
static void
e1000e_irq_off(volatile uint8_t *hw)
{
	e1000e_write(hw, E1000E_IMC, UINT32_MAX);
	e1000e_write(hw, E1000E_ICR, e1000e_read(hw, E1000E_ICR));
	e1000e_flush(hw);
}

/**
 * Global reset [DS 4 Global Reset and General Configuration]: stop DMA,
 * wait for outstanding master requests, set CTRL.RST, wait until it
 * self-clears and the NVM auto-read is done. The caller reprograms every
 * register it depends on afterwards (QEMU 7.2's e1000e resets only the MAC
 * address on CTRL.RST, so nothing may rely on reset defaults).
 */
static int
e1000e_hw_reset(volatile uint8_t *hw)
{
	int ret;

	e1000e_irq_off(hw);
	e1000e_write(hw, E1000E_RCTL, 0);
	e1000e_write(hw, E1000E_TCTL, E1000E_TCTL_PSP);
	e1000e_flush(hw);
	rte_delay_ms(10); /* let in-flight frames finish */

	e1000e_write(hw, E1000E_CTRL,
		     e1000e_read(hw, E1000E_CTRL) | E1000E_CTRL_GIO_MASTER_DIS);
	ret = e1000e_wait_reg(hw, E1000E_STATUS, E1000E_STATUS_GIO_MASTER_EN,
			      0, 80000);
	if (ret != 0)
		E1000E_LOG(WARNING, "master requests still pending, resetting anyway");

	e1000e_write(hw, E1000E_CTRL,
		     e1000e_read(hw, E1000E_CTRL) | E1000E_CTRL_RST);
	rte_delay_ms(1); /* no register access within 1 ms of RST */
	ret = e1000e_wait_reg(hw, E1000E_CTRL, E1000E_CTRL_RST, 0, 100000);
	if (ret != 0) {
		E1000E_LOG(ERR, "CTRL.RST did not clear");
		return ret;
	}
	ret = e1000e_wait_reg(hw, E1000E_EECD, E1000E_EECD_AUTO_RD,
			      E1000E_EECD_AUTO_RD, 10000);
	if (ret != 0) {
		E1000E_LOG(ERR, "NVM auto-read not done");
		return ret;
	}
	e1000e_irq_off(hw);
	return 0;
}

/** Read one NVM word through EERD [DS 10 EERD]. */
static int
e1000e_nvm_read(volatile uint8_t *hw, uint16_t word, uint16_t *val)
{
	int ret;

	e1000e_write(hw, E1000E_EERD,
		     (uint32_t)word << E1000E_EERD_ADDR_SHIFT | E1000E_EERD_START);
	ret = e1000e_wait_reg(hw, E1000E_EERD, E1000E_EERD_DONE,
			      E1000E_EERD_DONE, 10000);
	if (ret == 0)
		*val = e1000e_read(hw, E1000E_EERD) >> E1000E_EERD_DATA_SHIFT;
	return ret;
}

/**
 * The station address: RAL0/RAH0, which the NIC loads from the NVM on
 * reset; if RAH0 is not valid, NVM words 0-2.
 */
static int
e1000e_read_mac(volatile uint8_t *hw, struct rte_ether_addr *mac)
{
	uint32_t ral = e1000e_read(hw, E1000E_RAL(0));
	uint32_t rah = e1000e_read(hw, E1000E_RAH(0));
	uint16_t w;
	int i, ret;

	if (rah & E1000E_RAH_AV) {
		for (i = 0; i < 4; i++)
			mac->addr_bytes[i] = (uint8_t)(ral >> (8 * i));
		mac->addr_bytes[4] = (uint8_t)rah;
		mac->addr_bytes[5] = (uint8_t)(rah >> 8);
	} else {
		for (i = 0; i < 3; i++) {
			ret = e1000e_nvm_read(hw, i, &w);
			if (ret != 0)
				return ret;
			mac->addr_bytes[2 * i] = (uint8_t)w;
			mac->addr_bytes[2 * i + 1] = (uint8_t)(w >> 8);
		}
	}
	if (!rte_is_valid_assigned_ether_addr(mac)) {
		rte_eth_random_addr(mac->addr_bytes);
		E1000E_LOG(WARNING, "no valid MAC address, using a random one");
	}
	return 0;
}

static void
e1000e_write_mac(volatile uint8_t *hw, const struct rte_ether_addr *mac)
{
	const uint8_t *a = mac->addr_bytes;

	/* low before high: AV goes valid with the whole address in place */
	e1000e_write(hw, E1000E_RAL(0), a[0] | a[1] << 8 | a[2] << 16 |
		     (uint32_t)a[3] << 24);
	e1000e_write(hw, E1000E_RAH(0), a[4] | a[5] << 8 | E1000E_RAH_AV);
}

/**
 * True, and logged once, if the device reads all-ones: it is gone, and
 * nothing it reads can be believed (link, counters, wait conditions).
 */
static int
e1000e_check_gone(struct e1000e_adapter *ad, uint16_t port_id)
{
	if (!e1000e_gone(ad->hw)) {
		ad->gone = 0;
		return 0;
	}
	if (!ad->gone)
		E1000E_LOG(ERR, "port %u: the device reads all-ones (removed?): "
			   "link down, counters frozen", port_id);
	ad->gone = 1;
	return 1;
}

/** Accumulate the clear-on-read counters [DS 10 Statistics registers]. */
static void
e1000e_hw_stats_update(struct e1000e_adapter *ad)
{
	volatile uint8_t *hw = ad->hw;
	struct e1000e_hw_stats *s = &ad->hw_stats;
	uint64_t lo;

	/* all-ones would add 2^32 - 1 to every counter at each read */
	if (e1000e_gone(hw))
		return;
	s->crcerrs += e1000e_read(hw, E1000E_CRCERRS);
	s->algnerrc += e1000e_read(hw, E1000E_ALGNERRC);
	s->symerrs += e1000e_read(hw, E1000E_SYMERRS);
	s->rxerrc += e1000e_read(hw, E1000E_RXERRC);
	s->mpc += e1000e_read(hw, E1000E_MPC);
	s->rlec += e1000e_read(hw, E1000E_RLEC);
	s->gprc += e1000e_read(hw, E1000E_GPRC);
	s->bprc += e1000e_read(hw, E1000E_BPRC);
	s->mprc += e1000e_read(hw, E1000E_MPRC);
	s->gptc += e1000e_read(hw, E1000E_GPTC);
	lo = e1000e_read(hw, E1000E_GORCL); /* low first: high clears both */
	s->gorc += lo | (uint64_t)e1000e_read(hw, E1000E_GORCH) << 32;
	lo = e1000e_read(hw, E1000E_GOTCL);
	s->gotc += lo | (uint64_t)e1000e_read(hw, E1000E_GOTCH) << 32;
	s->rnbc += e1000e_read(hw, E1000E_RNBC);
	s->ruc += e1000e_read(hw, E1000E_RUC);
	s->rfc += e1000e_read(hw, E1000E_RFC);
	s->roc += e1000e_read(hw, E1000E_ROC);
	s->rjc += e1000e_read(hw, E1000E_RJC);
	s->tpr += e1000e_read(hw, E1000E_TPR);
	s->tpt += e1000e_read(hw, E1000E_TPT);
	s->mptc += e1000e_read(hw, E1000E_MPTC);
	s->bptc += e1000e_read(hw, E1000E_BPTC);
}

/**
 * General configuration after reset: link up through the PHY's
 * auto-negotiation, driver-loaded flag, empty address filters, counters
 * cleared [DS 4 Global Reset and General Configuration, Link Setup,
 * Initialization of Statistics].
 */
static void
e1000e_hw_init(struct e1000e_adapter *ad)
{
	volatile uint8_t *hw = ad->hw;
	uint32_t ctrl;
	int i;

	ctrl = e1000e_read(hw, E1000E_CTRL);
	ctrl &= ~(E1000E_CTRL_GIO_MASTER_DIS | E1000E_CTRL_FRCSPD |
		  E1000E_CTRL_FRCDPX | E1000E_CTRL_VME | E1000E_CTRL_RST);
	ctrl |= E1000E_CTRL_SLU;
	e1000e_write(hw, E1000E_CTRL, ctrl);
	e1000e_write(hw, E1000E_CTRL_EXT, e1000e_read(hw, E1000E_CTRL_EXT) |
		     E1000E_CTRL_EXT_DRV_LOAD);
	for (i = 1; i < E1000E_RAR_NUM; i++) {
		e1000e_write(hw, E1000E_RAH(i), 0); /* high first: AV off */
		e1000e_write(hw, E1000E_RAL(i), 0);
	}
	for (i = 0; i < E1000E_MTA_NUM; i++) {
		e1000e_write(hw, E1000E_MTA(i), 0);
		e1000e_write(hw, E1000E_VFTA(i), 0);
	}
	e1000e_write(hw, E1000E_VET, RTE_ETHER_TYPE_VLAN);
	e1000e_write(hw, E1000E_MRQC, 0);
	e1000e_flush(hw);
	e1000e_hw_stats_update(ad);
	memset(&ad->hw_stats, 0, sizeof(ad->hw_stats));
}

/* ------------------------------------------------------------ link */

static int
e1000e_link_update(struct rte_eth_dev *dev, int wait_to_complete)
{
	volatile uint8_t *hw = E1000E_DEV_PRIVATE(dev)->hw;
	struct rte_eth_link link;
	uint32_t status;
	int tries = wait_to_complete ? 10 : 1;

	memset(&link, 0, sizeof(link));
	for (;;) {
		if (e1000e_check_gone(E1000E_DEV_PRIVATE(dev),
				      dev->data->port_id)) {
			status = 0; /* all-ones says LU; the link is down */
			break;
		}
		status = e1000e_read(hw, E1000E_STATUS);
		if ((status & E1000E_STATUS_LU) || --tries == 0)
			break;
		rte_delay_ms(100); /* bounded: 1 s in all */
	}
	if (status & E1000E_STATUS_LU) {
		switch ((status & E1000E_STATUS_SPEED_MASK) >>
			E1000E_STATUS_SPEED_SHIFT) {
		case 0:
			link.link_speed = RTE_ETH_SPEED_NUM_10M;
			break;
		case 1:
			link.link_speed = RTE_ETH_SPEED_NUM_100M;
			break;
		default:
			link.link_speed = RTE_ETH_SPEED_NUM_1G;
			break;
		}
		link.link_duplex = (status & E1000E_STATUS_FD) ?
			RTE_ETH_LINK_FULL_DUPLEX : RTE_ETH_LINK_HALF_DUPLEX;
		link.link_status = RTE_ETH_LINK_UP;
	} else {
		link.link_speed = RTE_ETH_SPEED_NUM_NONE;
		link.link_duplex = RTE_ETH_LINK_HALF_DUPLEX;
		link.link_status = RTE_ETH_LINK_DOWN;
	}
	link.link_autoneg = RTE_ETH_LINK_AUTONEG;
	return rte_eth_linkstatus_set(dev, &link);
}

/** Link status change: the only interrupt cause this driver enables. */
static void
e1000e_intr_handler(void *arg)
{
	struct rte_eth_dev *dev = arg;
	struct rte_pci_device *pci = RTE_ETH_DEV_TO_PCI(dev);
	volatile uint8_t *hw = E1000E_DEV_PRIVATE(dev)->hw;
	uint32_t icr = e1000e_read(hw, E1000E_ICR);

	/* write-1-to-clear as well: under MSI-X reading ICR does not clear */
	e1000e_write(hw, E1000E_ICR, icr);
	if ((icr & E1000E_ICR_LSC) && e1000e_link_update(dev, 0) == 0)
		rte_eth_dev_callback_process(dev, RTE_ETH_EVENT_INTR_LSC, NULL);
	rte_intr_ack(pci->intr_handle);
}

static void
e1000e_lsc_enable(struct rte_eth_dev *dev)
{
	struct e1000e_adapter *ad = E1000E_DEV_PRIVATE(dev);
	struct rte_pci_device *pci = RTE_ETH_DEV_TO_PCI(dev);

	if (!dev->data->dev_conf.intr_conf.lsc)
		return;
	if (rte_intr_enable(pci->intr_handle) != 0) {
		E1000E_LOG(WARNING, "port %u: no interrupt, LSC not reported",
			   dev->data->port_id);
		return;
	}
	/* MSI-X: "other" causes (LSC) to vector 0, the one EAL listens on */
	e1000e_write(ad->hw, E1000E_IVAR,
		     (E1000E_IVAR_VALID | 0) << E1000E_IVAR_OTHER_SHIFT);
	e1000e_write(ad->hw, E1000E_IMS, E1000E_ICR_LSC | E1000E_ICR_OTHER);
	ad->intr_enabled = 1;
}

static void
e1000e_lsc_disable(struct rte_eth_dev *dev)
{
	struct e1000e_adapter *ad = E1000E_DEV_PRIVATE(dev);

	e1000e_irq_off(ad->hw);
	if (ad->intr_enabled)
		rte_intr_disable(RTE_ETH_DEV_TO_PCI(dev)->intr_handle);
	ad->intr_enabled = 0;
}

/* ---------------------------------------------------- configuration */

/* Microsoft's RSS verification key: the common default */
static const uint8_t e1000e_rss_key_default[E1000E_RSS_KEY_LEN] = {
	0x6d, 0x5a, 0x56, 0xda, 0x25, 0x5b, 0x0e, 0xc2,
	0x41, 0x67, 0x25, 0x3d, 0x43, 0xa3, 0x8f, 0xb0,
	0xd0, 0xca, 0x2b, 0xcb, 0xae, 0x7b, 0x30, 0xb4,
	0x77, 0xcb, 0x2d, 0xa3, 0x80, 0x30, 0xf2, 0x0c,
	0x6a, 0x42, 0xb7, 0x3b, 0xbe, 0xac, 0x01, 0xfa,
};

#define E1000E_RSS_HF (RTE_ETH_RSS_IPV4 | RTE_ETH_RSS_FRAG_IPV4 | \
		       RTE_ETH_RSS_NONFRAG_IPV4_OTHER | \
		       RTE_ETH_RSS_NONFRAG_IPV4_TCP | RTE_ETH_RSS_IPV6 | \
		       RTE_ETH_RSS_FRAG_IPV6 | RTE_ETH_RSS_NONFRAG_IPV6_OTHER | \
		       RTE_ETH_RSS_NONFRAG_IPV6_TCP | RTE_ETH_RSS_IPV6_EX)

static int
e1000e_rss_enabled(const struct rte_eth_dev *dev)
{
	return dev->data->nb_rx_queues > 1 &&
	       (dev->data->dev_conf.rxmode.mq_mode & RTE_ETH_MQ_RX_RSS_FLAG);
}

/** RSS key, table and hashed fields [DS 7.1 Receive-Side Scaling]. */
static void
e1000e_rss_write(struct rte_eth_dev *dev)
{
	struct e1000e_adapter *ad = E1000E_DEV_PRIVATE(dev);
	volatile uint8_t *hw = ad->hw;
	uint32_t mrqc = E1000E_MRQC_RSS, v;
	int i, j;

	if (!e1000e_rss_enabled(dev) || ad->rss_hf == 0) {
		e1000e_write(hw, E1000E_MRQC, 0);
		return;
	}
	for (i = 0; i < E1000E_RSS_KEY_LEN / 4; i++) {
		for (v = 0, j = 0; j < 4; j++)
			v |= (uint32_t)ad->rss_key[4 * i + j] << (8 * j);
		e1000e_write(hw, E1000E_RSSRK(i), v);
	}
	for (i = 0; i < E1000E_RETA_ENTRIES / 4; i++) {
		for (v = 0, j = 0; j < 4; j++)
			if (ad->reta[4 * i + j] != 0)
				v |= E1000E_RETA_QUEUE_BIT << (8 * j);
		e1000e_write(hw, E1000E_RETA(i), v);
	}
	if (ad->rss_hf & (RTE_ETH_RSS_IPV4 | RTE_ETH_RSS_FRAG_IPV4 |
			  RTE_ETH_RSS_NONFRAG_IPV4_OTHER))
		mrqc |= E1000E_MRQC_IPV4;
	if (ad->rss_hf & RTE_ETH_RSS_NONFRAG_IPV4_TCP)
		mrqc |= E1000E_MRQC_TCPIPV4;
	if (ad->rss_hf & (RTE_ETH_RSS_IPV6 | RTE_ETH_RSS_FRAG_IPV6 |
			  RTE_ETH_RSS_NONFRAG_IPV6_OTHER))
		mrqc |= E1000E_MRQC_IPV6;
	if (ad->rss_hf & RTE_ETH_RSS_NONFRAG_IPV6_TCP)
		mrqc |= E1000E_MRQC_TCPIPV6;
	if (ad->rss_hf & RTE_ETH_RSS_IPV6_EX)
		mrqc |= E1000E_MRQC_IPV6EX;
	e1000e_write(hw, E1000E_MRQC, mrqc);
}

static int
e1000e_dev_configure(struct rte_eth_dev *dev)
{
	struct e1000e_adapter *ad = E1000E_DEV_PRIVATE(dev);
	struct rte_eth_conf *conf = &dev->data->dev_conf;
	const struct rte_eth_rss_conf *rss = &conf->rx_adv_conf.rss_conf;
	int i, ret;

	ret = ppdrv_check_primary(dev, "dev_configure");
	if (ret != 0)
		return ret;
	if (conf->rxmode.mq_mode & RTE_ETH_MQ_RX_RSS_FLAG)
		conf->rxmode.offloads |= RTE_ETH_RX_OFFLOAD_RSS_HASH;
	if (rss->rss_key != NULL && rss->rss_key_len != 0) {
		if (rss->rss_key_len != E1000E_RSS_KEY_LEN)
			return -EINVAL;
		memcpy(ad->rss_key, rss->rss_key, E1000E_RSS_KEY_LEN);
	} else {
		memcpy(ad->rss_key, e1000e_rss_key_default, E1000E_RSS_KEY_LEN);
	}
	ad->rss_hf = rss->rss_hf & E1000E_RSS_HF;
	for (i = 0; i < E1000E_RETA_ENTRIES; i++)
		ad->reta[i] = dev->data->nb_rx_queues > 1 ? i & 1 : 0;
	return 0;
}

/** RCTL from the port's state [DS 10 RCTL]; EN when started. */
static uint32_t
e1000e_rctl(struct rte_eth_dev *dev, int enable)
{
	uint32_t rctl = E1000E_RCTL_BAM | E1000E_RCTL_SECRC |
			E1000E_RCTL_BSIZE_2048 | E1000E_RCTL_RDMTS_HALF;

	if (enable)
		rctl |= E1000E_RCTL_EN;
	if (dev->data->promiscuous)
		rctl |= E1000E_RCTL_UPE | E1000E_RCTL_MPE;
	if (dev->data->all_multicast)
		rctl |= E1000E_RCTL_MPE;
	if (dev->data->mtu + RTE_ETHER_HDR_LEN + RTE_ETHER_CRC_LEN >
	    RTE_ETHER_MAX_LEN)
		rctl |= E1000E_RCTL_LPE;
	return rctl;
}

static void
e1000e_rctl_update(struct rte_eth_dev *dev)
{
	volatile uint8_t *hw = E1000E_DEV_PRIVATE(dev)->hw;

	e1000e_write(hw, E1000E_RCTL, e1000e_rctl(dev,
		     !!(e1000e_read(hw, E1000E_RCTL) & E1000E_RCTL_EN)));
}

static void
e1000e_ctrl_vme(struct rte_eth_dev *dev)
{
	volatile uint8_t *hw = E1000E_DEV_PRIVATE(dev)->hw;
	uint64_t rxo = dev->data->dev_conf.rxmode.offloads;
	uint64_t txo = dev->data->dev_conf.txmode.offloads;
	uint32_t ctrl = e1000e_read(hw, E1000E_CTRL);

	/* one bit for both directions: TX insertion needs RX stripping */
	if ((rxo & RTE_ETH_RX_OFFLOAD_VLAN_STRIP) ||
	    (txo & RTE_ETH_TX_OFFLOAD_VLAN_INSERT))
		ctrl |= E1000E_CTRL_VME;
	else
		ctrl &= ~E1000E_CTRL_VME;
	e1000e_write(hw, E1000E_CTRL, ctrl);
}

/*
 * How long RDH must hold still, with receive off, before the ring's
 * buffers are taken back: longer than the longest frame the port takes
 * (9018 bytes) needs on the wire at the slowest speed, 10 Mb/s (7.2 ms).
 */
#define E1000E_RX_QUIET_US	10000
#define E1000E_RX_QUIET_MAX	10	/* windows: 100 ms in all */

/**
 * With RCTL.EN clear, wait until the receive side is done with the rings.
 *
 * The 82574 has no per-queue enable whose read-back says a queue stopped
 * (RXDCTL has thresholds and GRAN only [DS 10 RXDCTL]). What the datasheet
 * gives: clearing RCTL.EN stops reception after the frame in progress
 * [DS 10 RCTL], and a used descriptor is written back before the head
 * moves past it [DS 7.1 Receive Descriptor Queue Structure]. So: flush the
 * write-backs the NIC may still hold in a partial block (RDTR.FPD), then
 * wait until every queue's RDH holds still over a window longer than the
 * longest frame takes to arrive. Bounded; doc/nics/e1000e.md says what
 * this does not cover.
 *
 * @return 0, -ETIMEDOUT if a head kept moving, -ENODEV if the device is
 *   gone (it can no longer DMA).
 */
static int
e1000e_rx_wait_idle(volatile uint8_t *hw)
{
	uint32_t head[E1000E_NB_QUEUES], h;
	int i, n, moved;

	e1000e_write(hw, E1000E_RDTR, E1000E_RDTR_FPD);
	e1000e_flush(hw);
	for (i = 0; i < E1000E_NB_QUEUES; i++)
		head[i] = e1000e_read(hw, E1000E_RDH(i));
	for (n = 0; n < E1000E_RX_QUIET_MAX; n++) {
		if (e1000e_gone(hw))
			return -ENODEV;
		rte_delay_us_sleep(E1000E_RX_QUIET_US);
		moved = 0;
		for (i = 0; i < E1000E_NB_QUEUES; i++) {
			h = e1000e_read(hw, E1000E_RDH(i));
			moved |= h != head[i];
			head[i] = h;
		}
		if (!moved)
			return 0;
	}
	return -ETIMEDOUT;
}

/** Stop RX and TX DMA and give every buffer back. */
static void
e1000e_stop_dma(struct rte_eth_dev *dev)
{
	volatile uint8_t *hw = E1000E_DEV_PRIVATE(dev)->hw;
	uint16_t i;

	e1000e_write(hw, E1000E_RCTL, e1000e_rctl(dev, 0));
	e1000e_write(hw, E1000E_TCTL, E1000E_TCTL_PSP);
	e1000e_flush(hw);
	if (e1000e_rx_wait_idle(hw) == -ETIMEDOUT)
		E1000E_LOG(ERR, "port %u: RX head still moving %u ms after "
			   "receive was disabled; taking the buffers back anyway",
			   dev->data->port_id,
			   E1000E_RX_QUIET_US * E1000E_RX_QUIET_MAX / 1000);
	for (i = 0; i < dev->data->nb_rx_queues; i++) {
		struct e1000e_rx_queue *q = dev->data->rx_queues[i];

		if (q != NULL)
			e1000e_rx_queue_reclaim(q);
		e1000e_write(hw, E1000E_RDT(i), 0);
		e1000e_write(hw, E1000E_RDH(i), 0);
		dev->data->rx_queue_state[i] = RTE_ETH_QUEUE_STATE_STOPPED;
	}
	for (i = 0; i < dev->data->nb_tx_queues; i++) {
		struct e1000e_tx_queue *q = dev->data->tx_queues[i];

		if (q != NULL)
			e1000e_tx_queue_reclaim(q);
		e1000e_write(hw, E1000E_TDT(i), 0);
		e1000e_write(hw, E1000E_TDH(i), 0);
		dev->data->tx_queue_state[i] = RTE_ETH_QUEUE_STATE_STOPPED;
	}
}

/**
 * Start: transmit then receive initialization [DS 4 Transmit
 * Initialization, Receive Initialization], then enable.
 */
static int
e1000e_dev_start(struct rte_eth_dev *dev)
{
	struct e1000e_adapter *ad = E1000E_DEV_PRIVATE(dev);
	volatile uint8_t *hw = ad->hw;
	uint64_t rxo = dev->data->dev_conf.rxmode.offloads;
	uint32_t rxcsum = 0;
	uint16_t i;
	int ret;

	if (e1000e_check_gone(ad, dev->data->port_id))
		return -ENODEV;
	e1000e_stop_dma(dev);
	e1000e_write_mac(hw, &dev->data->mac_addrs[0]);
	e1000e_ctrl_vme(dev);
	/* polling only: no interrupt moderation timers */
	e1000e_write(hw, E1000E_ITR, 0);
	e1000e_write(hw, E1000E_RDTR, 0);
	e1000e_write(hw, E1000E_RADV, 0);
	e1000e_write(hw, E1000E_TIDV, 0);
	e1000e_write(hw, E1000E_TADV, 0);

	for (i = 0; i < E1000E_NB_QUEUES; i++) {
		/* rings not in use have no descriptors */
		e1000e_write(hw, E1000E_RDLEN(i), 0);
		e1000e_write(hw, E1000E_TDLEN(i), 0);
	}
	for (i = 0; i < dev->data->nb_tx_queues; i++) {
		struct e1000e_tx_queue *q = dev->data->tx_queues[i];

		if (q == NULL)
			return -EINVAL;
		e1000e_tx_queue_reclaim(q);
		if (q->deferred)
			continue;
		e1000e_tx_queue_hw_start(dev, q);
		dev->data->tx_queue_state[i] = RTE_ETH_QUEUE_STATE_STARTED;
	}
	e1000e_write(hw, E1000E_TIPG, E1000E_TIPG_DEFAULT);
	e1000e_write(hw, E1000E_TCTL, E1000E_TCTL_EN | E1000E_TCTL_PSP |
		     E1000E_TCTL_CT(0x0F) | E1000E_TCTL_COLD(0x3F) |
		     E1000E_TCTL_RTLC);

	e1000e_write(hw, E1000E_RFCTL, e1000e_read(hw, E1000E_RFCTL) |
		     E1000E_RFCTL_EXTEN);
	if (rxo & (RTE_ETH_RX_OFFLOAD_IPV4_CKSUM | RTE_ETH_RX_OFFLOAD_UDP_CKSUM |
		   RTE_ETH_RX_OFFLOAD_TCP_CKSUM))
		rxcsum |= E1000E_RXCSUM_IPOFLD | E1000E_RXCSUM_TUOFLD;
	if (e1000e_rss_enabled(dev))
		rxcsum |= E1000E_RXCSUM_PCSD; /* hash in place of packet csum */
	e1000e_write(hw, E1000E_RXCSUM, rxcsum);
	e1000e_rss_write(dev);
	for (i = 0; i < dev->data->nb_rx_queues; i++) {
		struct e1000e_rx_queue *q = dev->data->rx_queues[i];

		if (q == NULL) {
			e1000e_stop_dma(dev);
			return -EINVAL;
		}
		if (q->deferred)
			continue;
		ret = e1000e_rx_queue_hw_start(dev, q);
		if (ret != 0) {
			e1000e_stop_dma(dev);
			return ret;
		}
		dev->data->rx_queue_state[i] = RTE_ETH_QUEUE_STATE_STARTED;
	}
	e1000e_write(hw, E1000E_RCTL, e1000e_rctl(dev, 1));
	e1000e_flush(hw);
	ppdrv_raw_queues_publish(dev);

	e1000e_lsc_enable(dev);
	e1000e_link_update(dev, 0);
	return 0;
}

static int
e1000e_dev_stop(struct rte_eth_dev *dev)
{
	struct rte_eth_link link;

	e1000e_lsc_disable(dev);
	ppdrv_raw_queues_withdraw(dev);
	e1000e_stop_dma(dev);
	memset(&link, 0, sizeof(link));
	rte_eth_linkstatus_set(dev, &link);
	dev->data->dev_started = 0;
	return 0;
}

static int
e1000e_dev_close(struct rte_eth_dev *dev)
{
	struct e1000e_adapter *ad = E1000E_DEV_PRIVATE(dev);
	struct rte_pci_device *pci = RTE_ETH_DEV_TO_PCI(dev);
	int tries;
	uint16_t i;

	if (rte_eal_process_type() != RTE_PROC_PRIMARY)
		return 0;
	if (dev->data->dev_started)
		e1000e_dev_stop(dev);
	for (i = 0; i < dev->data->nb_rx_queues; i++)
		e1000e_rx_queue_release(dev, i);
	for (i = 0; i < dev->data->nb_tx_queues; i++)
		e1000e_tx_queue_release(dev, i);
	pagepool_raw_register(dev->data->port_id, NULL);
	for (tries = 0; tries < 100; tries++) {
		/* -EAGAIN while the callback runs: bounded retry */
		if (rte_intr_callback_unregister(pci->intr_handle,
				e1000e_intr_handler, dev) != -EAGAIN)
			break;
		rte_delay_ms(10);
	}
	e1000e_hw_reset(ad->hw);
	e1000e_write(ad->hw, E1000E_CTRL_EXT, e1000e_read(ad->hw,
		     E1000E_CTRL_EXT) & ~E1000E_CTRL_EXT_DRV_LOAD);
	return 0;
}

static int
e1000e_dev_infos_get(struct rte_eth_dev *dev __rte_unused,
		     struct rte_eth_dev_info *info)
{
	info->max_rx_queues = E1000E_NB_QUEUES;
	info->max_tx_queues = E1000E_NB_QUEUES;
	info->min_rx_bufsize = 0; /* buffers come from the page pool */
	info->max_rx_pktlen = E1000E_MAX_FRAME;
	info->min_mtu = RTE_ETHER_MIN_MTU;
	info->max_mtu = E1000E_MAX_FRAME - RTE_ETHER_HDR_LEN -
			RTE_ETHER_CRC_LEN;
	info->max_mac_addrs = 1;
	info->rx_offload_capa = RTE_ETH_RX_OFFLOAD_IPV4_CKSUM |
				RTE_ETH_RX_OFFLOAD_UDP_CKSUM |
				RTE_ETH_RX_OFFLOAD_TCP_CKSUM |
				RTE_ETH_RX_OFFLOAD_VLAN_STRIP |
				RTE_ETH_RX_OFFLOAD_SCATTER |
				RTE_ETH_RX_OFFLOAD_RSS_HASH;
	info->tx_offload_capa = RTE_ETH_TX_OFFLOAD_IPV4_CKSUM |
				RTE_ETH_TX_OFFLOAD_UDP_CKSUM |
				RTE_ETH_TX_OFFLOAD_TCP_CKSUM |
				RTE_ETH_TX_OFFLOAD_VLAN_INSERT |
				RTE_ETH_TX_OFFLOAD_MULTI_SEGS;
	info->rx_desc_lim.nb_max = E1000E_RING_MAX;
	info->rx_desc_lim.nb_min = E1000E_RING_MIN;
	info->rx_desc_lim.nb_align = E1000E_RING_ALIGN;
	info->tx_desc_lim = info->rx_desc_lim;
	info->tx_desc_lim.nb_seg_max = E1000E_TX_MAX_SEG;
	info->tx_desc_lim.nb_mtu_seg_max = E1000E_TX_MAX_SEG;
	info->default_rxconf.rx_free_thresh = 32;
	info->default_txconf.tx_rs_thresh = 32;
	info->default_txconf.tx_free_thresh = 64;
	info->reta_size = E1000E_RETA_ENTRIES;
	info->hash_key_size = E1000E_RSS_KEY_LEN;
	info->flow_type_rss_offloads = E1000E_RSS_HF;
	info->speed_capa = RTE_ETH_LINK_SPEED_10M_HD | RTE_ETH_LINK_SPEED_10M |
			   RTE_ETH_LINK_SPEED_100M_HD | RTE_ETH_LINK_SPEED_100M |
			   RTE_ETH_LINK_SPEED_1G;
	return 0;
}

static const uint32_t *
e1000e_supported_ptypes(struct rte_eth_dev *dev __rte_unused)
{
	static const uint32_t ptypes[] = {
		RTE_PTYPE_L2_ETHER,
		RTE_PTYPE_L3_IPV4_EXT_UNKNOWN,
		RTE_PTYPE_L3_IPV6_EXT_UNKNOWN,
		RTE_PTYPE_L4_TCP,
		RTE_PTYPE_L4_UDP,
		RTE_PTYPE_UNKNOWN,
	};

	return ptypes;
}

/* ethdev updates data->promiscuous/all_multicast after these return */
static void
e1000e_rctl_bits(struct rte_eth_dev *dev, uint32_t set, uint32_t clear)
{
	volatile uint8_t *hw = E1000E_DEV_PRIVATE(dev)->hw;

	e1000e_write(hw, E1000E_RCTL,
		     (e1000e_read(hw, E1000E_RCTL) & ~clear) | set);
}

static int
e1000e_promisc_enable(struct rte_eth_dev *dev)
{
	e1000e_rctl_bits(dev, E1000E_RCTL_UPE | E1000E_RCTL_MPE, 0);
	return 0;
}

static int
e1000e_promisc_disable(struct rte_eth_dev *dev)
{
	e1000e_rctl_bits(dev, 0, E1000E_RCTL_UPE |
			 (dev->data->all_multicast ? 0 : E1000E_RCTL_MPE));
	return 0;
}

static int
e1000e_allmulti_enable(struct rte_eth_dev *dev)
{
	e1000e_rctl_bits(dev, E1000E_RCTL_MPE, 0);
	return 0;
}

static int
e1000e_allmulti_disable(struct rte_eth_dev *dev)
{
	if (!dev->data->promiscuous)
		e1000e_rctl_bits(dev, 0, E1000E_RCTL_MPE);
	return 0;
}

static int
e1000e_mtu_set(struct rte_eth_dev *dev, uint16_t mtu)
{
	uint16_t i;

	if (mtu + RTE_ETHER_HDR_LEN + RTE_ETHER_CRC_LEN > E1000E_MAX_FRAME)
		return -EINVAL;
	dev->data->mtu = mtu;
	e1000e_rctl_update(dev); /* LPE */
	/* the chain cap follows (one aligned store; the poller may read it) */
	for (i = 0; i < dev->data->nb_rx_queues; i++) {
		struct e1000e_rx_queue *q = dev->data->rx_queues[i];

		if (q != NULL)
			q->max_segs = e1000e_rx_max_segs(mtu);
	}
	return 0;
}

static int
e1000e_mac_addr_set(struct rte_eth_dev *dev, struct rte_ether_addr *mac)
{
	e1000e_write_mac(E1000E_DEV_PRIVATE(dev)->hw, mac);
	return 0;
}

static int
e1000e_set_mc_addr_list(struct rte_eth_dev *dev, struct rte_ether_addr *list,
			uint32_t nb)
{
	volatile uint8_t *hw = E1000E_DEV_PRIVATE(dev)->hw;
	uint32_t mta[E1000E_MTA_NUM] = { 0 };
	uint32_t i;

	/* RCTL.MO = 00b: the hash is address bits 47:36 [DS 10 MTA] */
	for (i = 0; i < nb; i++) {
		const uint8_t *a = list[i].addr_bytes;
		uint32_t h = ((a[4] >> 4) | (uint32_t)a[5] << 4) & 0xFFF;

		mta[h >> 5] |= RTE_BIT32(h & 31);
	}
	for (i = 0; i < E1000E_MTA_NUM; i++)
		e1000e_write(hw, E1000E_MTA(i), mta[i]);
	return 0;
}

static int
e1000e_vlan_offload_set(struct rte_eth_dev *dev, int mask)
{
	if (mask & RTE_ETH_VLAN_STRIP_MASK)
		e1000e_ctrl_vme(dev);
	return 0;
}

static int
e1000e_rss_hash_update(struct rte_eth_dev *dev, struct rte_eth_rss_conf *rss)
{
	struct e1000e_adapter *ad = E1000E_DEV_PRIVATE(dev);

	if (rss->rss_key != NULL) {
		if (rss->rss_key_len != E1000E_RSS_KEY_LEN)
			return -EINVAL;
		memcpy(ad->rss_key, rss->rss_key, E1000E_RSS_KEY_LEN);
	}
	ad->rss_hf = rss->rss_hf & E1000E_RSS_HF;
	e1000e_rss_write(dev);
	return 0;
}

static int
e1000e_rss_hash_conf_get(struct rte_eth_dev *dev, struct rte_eth_rss_conf *rss)
{
	struct e1000e_adapter *ad = E1000E_DEV_PRIVATE(dev);

	if (rss->rss_key != NULL) {
		memcpy(rss->rss_key, ad->rss_key, E1000E_RSS_KEY_LEN);
		rss->rss_key_len = E1000E_RSS_KEY_LEN;
	}
	rss->rss_hf = ad->rss_hf;
	return 0;
}

static int
e1000e_reta_update(struct rte_eth_dev *dev,
		   struct rte_eth_rss_reta_entry64 *conf, uint16_t size)
{
	struct e1000e_adapter *ad = E1000E_DEV_PRIVATE(dev);
	int ret = ppdrv_reta_update(ad->reta, E1000E_RETA_ENTRIES, conf, size,
				    dev->data->nb_rx_queues);

	if (ret == 0)
		e1000e_rss_write(dev);
	return ret;
}

static int
e1000e_reta_query(struct rte_eth_dev *dev,
		  struct rte_eth_rss_reta_entry64 *conf, uint16_t size)
{
	return ppdrv_reta_query(E1000E_DEV_PRIVATE(dev)->reta,
				E1000E_RETA_ENTRIES, conf, size);
}

/* ------------------------------------------------- queue start / stop */

/*
 * The 82574 has no per-queue RX enable: receive is paused for the whole
 * port (RCTL.EN) while this queue's ring registers are written, as the
 * datasheet's receive initialization has them written with receive off.
 */
static int
e1000e_rx_queue_start(struct rte_eth_dev *dev, uint16_t qid)
{
	volatile uint8_t *hw = E1000E_DEV_PRIVATE(dev)->hw;
	struct e1000e_rx_queue *q = dev->data->rx_queues[qid];
	uint32_t rctl;
	int ret;

	if (q->started)
		return 0;
	if (e1000e_gone(hw))
		return -ENODEV;
	rctl = e1000e_read(hw, E1000E_RCTL);
	if (rctl & E1000E_RCTL_EN) {
		e1000e_write(hw, E1000E_RCTL, rctl & ~E1000E_RCTL_EN);
		e1000e_flush(hw);
	}
	ret = e1000e_rx_queue_hw_start(dev, q);
	if (ret == 0)
		dev->data->rx_queue_state[qid] = RTE_ETH_QUEUE_STATE_STARTED;
	if (rctl & E1000E_RCTL_EN)
		e1000e_write(hw, E1000E_RCTL, rctl);
	return ret;
}

/*
 * Receive is paused for the whole port (RCTL.EN) until the NIC is done
 * with the rings (e1000e_rx_wait_idle()); then this queue's buffers are
 * taken back. If a head keeps moving the NIC is still writing: the queue
 * is left as it was and -ETIMEDOUT returned, no buffer taken back under
 * the NIC's feet.
 */
static int
e1000e_rx_queue_stop(struct rte_eth_dev *dev, uint16_t qid)
{
	volatile uint8_t *hw = E1000E_DEV_PRIVATE(dev)->hw;
	struct e1000e_rx_queue *q = dev->data->rx_queues[qid];
	uint32_t rctl = e1000e_read(hw, E1000E_RCTL);
	int ret, gone;

	e1000e_write(hw, E1000E_RCTL, rctl & ~E1000E_RCTL_EN);
	e1000e_flush(hw);
	ret = e1000e_rx_wait_idle(hw);
	gone = ret == -ENODEV;
	if (ret == -ETIMEDOUT) {
		E1000E_LOG(ERR, "port %u rxq %u: RX head still moving %u ms "
			   "after receive was disabled; queue not stopped",
			   dev->data->port_id, qid,
			   E1000E_RX_QUIET_US * E1000E_RX_QUIET_MAX / 1000);
		e1000e_write(hw, E1000E_RCTL, rctl);
		return ret;
	}
	e1000e_write(hw, E1000E_RDT(qid), 0);
	e1000e_write(hw, E1000E_RDH(qid), 0);
	e1000e_rx_queue_reclaim(q);
	dev->data->rx_queue_state[qid] = RTE_ETH_QUEUE_STATE_STOPPED;
	if (!gone)
		e1000e_write(hw, E1000E_RCTL, rctl);
	return 0;
}

static int
e1000e_tx_queue_start(struct rte_eth_dev *dev, uint16_t qid)
{
	struct e1000e_tx_queue *q = dev->data->tx_queues[qid];

	e1000e_tx_queue_reclaim(q);
	e1000e_tx_queue_hw_start(dev, q);
	dev->data->tx_queue_state[qid] = RTE_ETH_QUEUE_STATE_STARTED;
	return 0;
}

static int
e1000e_tx_queue_stop(struct rte_eth_dev *dev, uint16_t qid)
{
	volatile uint8_t *hw = E1000E_DEV_PRIVATE(dev)->hw;
	struct e1000e_tx_queue *q = dev->data->tx_queues[qid];
	uint32_t tdt = e1000e_read(hw, E1000E_TDT(qid));

	/*
	 * Let the NIC drain what it was given (bounded), then disable. A NIC
	 * that stopped fetching, or is gone, leaves the ring as it is: its
	 * buffers are reclaimed all the same (TX DMA only reads them).
	 */
	if (e1000e_wait_reg(hw, E1000E_TDH(qid), 0xFFFF, tdt & 0xFFFF,
			    100000) != 0)
		E1000E_LOG(WARNING, "port %u txq %u: ring not drained",
			   dev->data->port_id, qid);
	e1000e_write(hw, E1000E_TARC(qid),
		     e1000e_read(hw, E1000E_TARC(qid)) & ~E1000E_TARC_ENABLE);
	e1000e_write(hw, E1000E_TDT(qid), 0);
	e1000e_write(hw, E1000E_TDH(qid), 0);
	e1000e_tx_queue_reclaim(q);
	dev->data->tx_queue_state[qid] = RTE_ETH_QUEUE_STATE_STOPPED;
	return 0;
}

/* ------------------------------------------------------------ stats */

/* Frames an RX queue dropped as bad (ierrors, q_errors); what a TX
 * queue refused (oerrors). */
static const uint32_t e1000e_rxq_err_offs[] = {
	offsetof(struct e1000e_rx_queue, desc_errors),
	offsetof(struct e1000e_rx_queue, raw_too_long),
	offsetof(struct e1000e_rx_queue, bad_length),
	offsetof(struct e1000e_rx_queue, too_many_segs),
};
static const uint32_t e1000e_txq_err_offs[] = {
	offsetof(struct e1000e_tx_queue, dropped),
};
static const struct ppdrv_qstats_layout e1000e_qstats = {
	.rx_packets = offsetof(struct e1000e_rx_queue, packets),
	.rx_bytes = offsetof(struct e1000e_rx_queue, bytes),
	.rx_nombuf = offsetof(struct e1000e_rx_queue, nombuf),
	.rx_errors = e1000e_rxq_err_offs,
	.nb_rx_errors = RTE_DIM(e1000e_rxq_err_offs),
	.tx_packets = offsetof(struct e1000e_tx_queue, packets),
	.tx_bytes = offsetof(struct e1000e_tx_queue, bytes),
	.tx_errors = e1000e_txq_err_offs,
	.nb_tx_errors = RTE_DIM(e1000e_txq_err_offs),
};

static int
e1000e_stats_get(struct rte_eth_dev *dev, struct rte_eth_stats *st)
{
	struct e1000e_adapter *ad = E1000E_DEV_PRIVATE(dev);
	const struct e1000e_hw_stats *hs = &ad->hw_stats;

	e1000e_hw_stats_update(ad);
	ppdrv_stats_sum(dev, &e1000e_qstats, st);
	st->imissed = hs->mpc;
	st->ierrors += hs->crcerrs + hs->algnerrc + hs->rxerrc + hs->rlec +
		       hs->ruc + hs->roc;
	return 0;
}

static int
e1000e_stats_reset(struct rte_eth_dev *dev)
{
	struct e1000e_adapter *ad = E1000E_DEV_PRIVATE(dev);
	uint16_t i;

	e1000e_hw_stats_update(ad);
	memset(&ad->hw_stats, 0, sizeof(ad->hw_stats));
	for (i = 0; i < dev->data->nb_rx_queues; i++) {
		struct e1000e_rx_queue *q = dev->data->rx_queues[i];

		if (q == NULL)
			continue;
		q->packets = q->bytes = q->desc_errors = 0;
		q->nombuf = q->raw_too_long = 0;
		q->bad_length = q->too_many_segs = 0;
	}
	for (i = 0; i < dev->data->nb_tx_queues; i++) {
		struct e1000e_tx_queue *q = dev->data->tx_queues[i];

		if (q != NULL)
			q->packets = q->bytes = q->dropped = 0;
	}
	return 0;
}

#define HW_XSTAT(n, f) PPDRV_XSTAT(n, struct e1000e_hw_stats, f)
static const struct ppdrv_xstat e1000e_hw_xstats[] = {
	HW_XSTAT("rx_crc_errors", crcerrs),
	HW_XSTAT("rx_alignment_errors", algnerrc),
	HW_XSTAT("rx_symbol_errors", symerrs),
	HW_XSTAT("rx_phy_errors", rxerrc),
	HW_XSTAT("rx_fifo_missed", mpc),
	HW_XSTAT("rx_length_errors", rlec),
	HW_XSTAT("rx_hw_good_packets", gprc),
	HW_XSTAT("rx_broadcast_packets", bprc),
	HW_XSTAT("rx_multicast_packets", mprc),
	HW_XSTAT("tx_hw_good_packets", gptc),
	HW_XSTAT("rx_hw_good_bytes", gorc),
	HW_XSTAT("tx_hw_good_bytes", gotc),
	HW_XSTAT("rx_no_descriptor", rnbc),
	HW_XSTAT("rx_undersize_errors", ruc),
	HW_XSTAT("rx_fragment_errors", rfc),
	HW_XSTAT("rx_oversize_errors", roc),
	HW_XSTAT("rx_jabber_errors", rjc),
	HW_XSTAT("rx_hw_total_packets", tpr),
	HW_XSTAT("tx_hw_total_packets", tpt),
	HW_XSTAT("tx_multicast_packets", mptc),
	HW_XSTAT("tx_broadcast_packets", bptc),
};

/* per RX queue: these, then the queue's page pool (the driver layer's) */
#define RXQ_XSTAT(n, f) PPDRV_XSTAT(n, struct e1000e_rx_queue, f)
static const struct ppdrv_xstat e1000e_rxq_xstats[] = {
	RXQ_XSTAT("desc_errors", desc_errors),
	RXQ_XSTAT("nombuf", nombuf),
	RXQ_XSTAT("raw_too_long", raw_too_long),
	RXQ_XSTAT("bad_length", bad_length),
	RXQ_XSTAT("too_many_segs", too_many_segs),
};

static const struct ppdrv_xstat e1000e_txq_xstats[] = {
	PPDRV_XSTAT("dropped", struct e1000e_tx_queue, dropped),
};

static const struct ppdrv_xstats_layout e1000e_xstats = {
	.dev = e1000e_hw_xstats,
	.nb_dev = RTE_DIM(e1000e_hw_xstats),
	.rxq = e1000e_rxq_xstats,
	.nb_rxq = RTE_DIM(e1000e_rxq_xstats),
	.txq = e1000e_txq_xstats,
	.nb_txq = RTE_DIM(e1000e_txq_xstats),
	.rxq_pp_off = offsetof(struct e1000e_rx_queue, pp),
};

static int
e1000e_xstats_get(struct rte_eth_dev *dev, struct rte_eth_xstat *xs,
		  unsigned int n)
{
	struct e1000e_adapter *ad = E1000E_DEV_PRIVATE(dev);

	if (xs != NULL)
		e1000e_hw_stats_update(ad);
	return ppdrv_xstats_get(dev, &e1000e_xstats, &ad->hw_stats, xs, n);
}

static int
e1000e_xstats_get_names(struct rte_eth_dev *dev,
			struct rte_eth_xstat_name *names, unsigned int size)
{
	return ppdrv_xstats_get_names(dev, &e1000e_xstats, names, size);
}

static int
e1000e_xstats_reset(struct rte_eth_dev *dev)
{
	ppdrv_xstats_reset_pools(dev, &e1000e_xstats);
	return e1000e_stats_reset(dev);
}

const struct eth_dev_ops e1000e_eth_ops = {
	.dev_configure = e1000e_dev_configure,
	.dev_start = e1000e_dev_start,
	.dev_stop = e1000e_dev_stop,
	.dev_close = e1000e_dev_close,
	.promiscuous_enable = e1000e_promisc_enable,
	.promiscuous_disable = e1000e_promisc_disable,
	.allmulticast_enable = e1000e_allmulti_enable,
	.allmulticast_disable = e1000e_allmulti_disable,
	.link_update = e1000e_link_update,
	.stats_get = e1000e_stats_get,
	.stats_reset = e1000e_stats_reset,
	.xstats_get = e1000e_xstats_get,
	.xstats_get_names = e1000e_xstats_get_names,
	.xstats_reset = e1000e_xstats_reset,
	.dev_infos_get = e1000e_dev_infos_get,
	.dev_supported_ptypes_get = e1000e_supported_ptypes,
	.mtu_set = e1000e_mtu_set,
	.mac_addr_set = e1000e_mac_addr_set,
	.set_mc_addr_list = e1000e_set_mc_addr_list,
	.vlan_offload_set = e1000e_vlan_offload_set,
	.rx_queue_start = e1000e_rx_queue_start,
	.rx_queue_stop = e1000e_rx_queue_stop,
	.tx_queue_start = e1000e_tx_queue_start,
	.tx_queue_stop = e1000e_tx_queue_stop,
	.rx_queue_setup = e1000e_rx_queue_setup,
	.rx_queue_release = e1000e_rx_queue_release,
	.tx_queue_setup = e1000e_tx_queue_setup,
	.tx_queue_release = e1000e_tx_queue_release,
	.rxq_info_get = e1000e_rxq_info_get,
	.txq_info_get = e1000e_txq_info_get,
	.reta_update = e1000e_reta_update,
	.reta_query = e1000e_reta_query,
	.rss_hash_update = e1000e_rss_hash_update,
	.rss_hash_conf_get = e1000e_rss_hash_conf_get,
};

/* ------------------------------------------------------ raw page path */

static struct pagepool *
e1000e_raw_rxq_pool(uint16_t port_id, uint16_t qid)
{
	return ppdrv_rxq_pool_of(port_id, qid,
				 offsetof(struct e1000e_rx_queue, pp));
}

static const struct pagepool_raw_ops e1000e_raw_ops = {
	.rx_burst = e1000e_recv_raw,
	.tx_burst = e1000e_xmit_raw,
	.rxq_pool = e1000e_raw_rxq_pool,
};

/* ------------------------------------------------------------ probe */

/*
 * Devargs of a port, e.g. "pool_bufs=4096,rx_frags=1": the driver layer's
 * parser (all or nothing). Out of line so that the fuzz harness (app/fuzz)
 * can call it with any string.
 */
int
e1000e_devargs_parse(struct e1000e_adapter *ad, const char *args)
{
	return ppdrv_devargs_parse(&ad->devargs, args);
}

static int
e1000e_dev_init(struct rte_eth_dev *dev)
{
	struct rte_pci_device *pci = RTE_ETH_DEV_TO_PCI(dev);
	struct e1000e_adapter *ad = E1000E_DEV_PRIVATE(dev);
	int ret;

	/*
	 * A secondary would get the burst functions and the queues' pointers,
	 * but the queues and their page pools are in the primary's private
	 * memory: the first burst would fault. No port here.
	 */
	if (rte_eal_process_type() != RTE_PROC_PRIMARY) {
		E1000E_LOG(ERR, "%s: net_pp_e1000e does not support secondary "
			   "processes (the RX page pools live in the primary's "
			   "private memory)", pci->device.name);
		return -ENOTSUP;
	}
	dev->dev_ops = &e1000e_eth_ops;
	dev->rx_pkt_burst = e1000e_recv_pkts;
	dev->tx_pkt_burst = e1000e_xmit_pkts;
	dev->tx_pkt_prepare = e1000e_prep_pkts;

	ad->hw = pci->mem_resource[0].addr;
	if (ad->hw == NULL) {
		E1000E_LOG(ERR, "%s: BAR0 not mapped", pci->device.name);
		return -ENODEV;
	}
	ret = e1000e_devargs_parse(ad, pci->device.devargs != NULL ?
				   pci->device.devargs->args : NULL);
	if (ret != 0) {
		E1000E_LOG(ERR, "%s: bad devargs", pci->device.name);
		return ret;
	}
	ret = e1000e_hw_reset(ad->hw);
	if (ret != 0)
		return ret;
	e1000e_hw_init(ad);

	dev->data->mac_addrs = rte_zmalloc("e1000e_mac", RTE_ETHER_ADDR_LEN, 0);
	if (dev->data->mac_addrs == NULL)
		return -ENOMEM;
	ret = e1000e_read_mac(ad->hw, &dev->data->mac_addrs[0]);
	if (ret != 0)
		return ret;
	e1000e_write_mac(ad->hw, &dev->data->mac_addrs[0]);

	dev->data->dev_flags |= RTE_ETH_DEV_INTR_LSC |
				RTE_ETH_DEV_AUTOFILL_QUEUE_XSTATS;
	rte_intr_callback_register(pci->intr_handle, e1000e_intr_handler, dev);
	pagepool_raw_register(dev->data->port_id, &e1000e_raw_ops);
	E1000E_LOG(INFO, "port %u: 82574L %s, MAC " RTE_ETHER_ADDR_PRT_FMT,
		   dev->data->port_id, pci->device.name,
		   RTE_ETHER_ADDR_BYTES(&dev->data->mac_addrs[0]));
	return 0;
}

static int
e1000e_dev_uninit(struct rte_eth_dev *dev)
{
	return e1000e_dev_close(dev);
}

static int
e1000e_pci_probe(struct rte_pci_driver *drv __rte_unused,
		 struct rte_pci_device *pci)
{
	return rte_eth_dev_pci_generic_probe(pci, sizeof(struct e1000e_adapter),
					     e1000e_dev_init);
}

static int
e1000e_pci_remove(struct rte_pci_device *pci)
{
	return rte_eth_dev_pci_generic_remove(pci, e1000e_dev_uninit);
}

static struct rte_pci_driver e1000e_pmd = {
	.id_table = e1000e_pci_ids,
	.drv_flags = RTE_PCI_DRV_NEED_MAPPING | RTE_PCI_DRV_INTR_LSC,
	.probe = e1000e_pci_probe,
	.remove = e1000e_pci_remove,
};

RTE_PMD_REGISTER_PCI(net_pp_e1000e, e1000e_pmd);
RTE_PMD_REGISTER_PCI_TABLE(net_pp_e1000e, e1000e_pci_ids);
RTE_PMD_REGISTER_KMOD_DEP(net_pp_e1000e, "* vfio-pci");
RTE_PMD_REGISTER_PARAM_STRING(net_pp_e1000e, PPDRV_DEVARGS_HELP);
