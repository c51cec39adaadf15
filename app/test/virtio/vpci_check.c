/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The pagepool authors
 */

/*
 * vpci_check: the modern PCI transport (drivers/net/virtio/virtio_pci.c)
 * alone, in the VM lab, without the device layer. Linked with
 * virtio_pci.c into a test plugin, this file stands in for
 * pp_virtio_net_init(): it drives every transport op on the real QEMU
 * device behind the vIOMMU and prints one "VPCI-CHECK" line per step, with
 * "VPCI-CHECK FAIL" for anything unexpected, then refuses the port
 * (-ECANCELED) so that the probe unwinds the way a failing device layer
 * would (hw freed, interrupts off, device reset).
 *
 * Steps: reset (bounded), status sequence, features (64 bits), a feature
 * set without ACCESS_PLATFORM refused, FEATURES_OK accepted, MAC and link
 * status read through read_cfg, queue sizes (and 0 past the last queue),
 * a split TX queue set up in an EAL memzone (IOVAs), DRIVER_OK, one
 * 60-byte frame posted and notified: the device must return it in the used
 * ring, which proves the addresses, the doorbell and the IOMMU mapping
 * (a wrong IOVA would be a DMAR fault, which fails the lab run), the
 * config interrupt on and off, reset again.
 */

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ethdev_driver.h>
#include <rte_cycles.h>
#include <rte_log.h>
#include <rte_memzone.h>

#include "virtio_hw.h"
#include "virtio_pci.h"
#include "virtqueue.h"

/* virtio_ethdev.c registers it in the real PMD */
RTE_LOG_REGISTER(pp_virtio_logtype, pmd.net.pp_virtio, NOTICE);

static int fails;

#define SAY(fmt, ...) printf("VPCI-CHECK %s: " fmt "\n", hw->name, ##__VA_ARGS__)
#define CHECK(cond, fmt, ...) do { \
	if (!(cond)) { \
		fails++; \
		printf("VPCI-CHECK FAIL %s: " fmt "\n", hw->name, ##__VA_ARGS__); \
	} \
} while (0)

static volatile int nchanged;

/* EAL's interrupt thread */
static void
changed(struct pp_virtio_hw *hw)
{
	uint16_t st = 0;

	hw->ops->read_cfg(hw, offsetof(struct pp_virtio_net_config, status),
			  &st, 2);
	nchanged++;
	SAY("config change interrupt %d: link status 0x%x", nchanged,
	    rte_le_to_cpu_16(st));
}

/* post one 60-byte frame on the TX queue, wait for it in the used ring */
static int
tx_one(struct pp_virtio_hw *hw, struct pp_vq *vq, const struct rte_memzone *mz,
       const uint8_t *mac, uint16_t n)
{
	struct pp_vring_desc *desc = mz->addr;
	struct pp_vring_avail *avail = (void *)((uint8_t *)mz->addr + 16 * vq->num);
	volatile struct pp_vring_used *used = (void *)((uint8_t *)mz->addr + 8192);
	uint8_t *hdr = (uint8_t *)mz->addr + 12288;
	uint64_t t;

	memset(hdr, 0, 12 + 60);
	memset(hdr + 12, 0xff, 6);
	memcpy(hdr + 18, mac, 6);
	hdr[24] = 0x88;
	hdr[25] = 0xb5;
	desc[0].addr = mz->iova + 12288;
	desc[0].len = 12 + 60;
	desc[0].flags = 0;
	avail->ring[n % vq->num] = 0;
	rte_io_wmb();
	avail->idx = n + 1;
	rte_mb();
	hw->ops->notify(hw, vq);
	t = rte_get_timer_cycles() + rte_get_timer_hz();
	while (used->idx != n + 1 && rte_get_timer_cycles() < t)
		rte_pause();
	SAY("TX used idx %u id %u", used->idx, used->ring[n % vq->num].id);
	return used->idx == n + 1 && used->ring[n % vq->num].id == 0 ? 0 : -1;
}

#define QN 256

int
pp_virtio_net_init(struct rte_eth_dev *dev, struct pp_virtio_hw *hw,
		   const struct pp_virtio_net_conf *conf)
{
	const struct pp_virtio_ops *o = hw->ops;
	struct pp_vq vq;
	const struct rte_memzone *mz;
	struct pp_vring_avail *avail;
	uint64_t f, want;
	uint8_t mac[6], s;
	uint16_t st, q0, q1, qc, npairs = 0;
	uint64_t t;
	int ret;

	RTE_SET_USED(dev);
	RTE_SET_USED(conf);
	fails = 0;
	SAY("transport %s, use_va %u", o->name, hw->use_va);
	CHECK(hw->use_va == 0, "use_va %u", hw->use_va);
	ret = o->reset(hw);
	CHECK(ret == 0 && o->get_status(hw) == 0, "reset %d status 0x%x", ret,
	      o->get_status(hw));
	o->set_status(hw, PP_VIRTIO_S_ACKNOWLEDGE);
	o->set_status(hw, PP_VIRTIO_S_ACKNOWLEDGE | PP_VIRTIO_S_DRIVER);
	s = o->get_status(hw);
	CHECK(s == (PP_VIRTIO_S_ACKNOWLEDGE | PP_VIRTIO_S_DRIVER), "status 0x%x", s);
	f = o->get_features(hw);
	SAY("features offered 0x%016" PRIx64, f);
	SAY("before negotiation: queue sizes rx0 %u tx0 %u rx1 %u tx1 %u q4 %u",
	    o->queue_max(hw, 0), o->queue_max(hw, 1), o->queue_max(hw, 2),
	    o->queue_max(hw, 3), o->queue_max(hw, 4));
	CHECK(f & PP_VIRTIO_BIT(PP_VIRTIO_F_VERSION_1), "no VERSION_1");
	CHECK(f & PP_VIRTIO_BIT(PP_VIRTIO_F_ACCESS_PLATFORM), "no ACCESS_PLATFORM");
	SAY("offered: MAC %d STATUS %d MRG_RXBUF %d CTRL_VQ %d MQ %d RSS %d "
	    "PACKED %d EVENT_IDX %d RING_RESET %d",
	    !!(f & PP_VIRTIO_BIT(PP_VIRTIO_NET_F_MAC)),
	    !!(f & PP_VIRTIO_BIT(PP_VIRTIO_NET_F_STATUS)),
	    !!(f & PP_VIRTIO_BIT(PP_VIRTIO_NET_F_MRG_RXBUF)),
	    !!(f & PP_VIRTIO_BIT(PP_VIRTIO_NET_F_CTRL_VQ)),
	    !!(f & PP_VIRTIO_BIT(PP_VIRTIO_NET_F_MQ)),
	    !!(f & PP_VIRTIO_BIT(PP_VIRTIO_NET_F_RSS)),
	    !!(f & PP_VIRTIO_BIT(PP_VIRTIO_F_RING_PACKED)),
	    !!(f & PP_VIRTIO_BIT(PP_VIRTIO_F_EVENT_IDX)),
	    !!(f & PP_VIRTIO_BIT(PP_VIRTIO_F_RING_RESET)));
	want = f & (PP_VIRTIO_BIT(PP_VIRTIO_F_VERSION_1) |
		    PP_VIRTIO_BIT(PP_VIRTIO_NET_F_MAC) |
		    PP_VIRTIO_BIT(PP_VIRTIO_NET_F_STATUS) |
		    PP_VIRTIO_BIT(PP_VIRTIO_NET_F_MQ) |
		    PP_VIRTIO_BIT(PP_VIRTIO_F_RING_RESET));
	ret = o->set_features(hw, want);
	CHECK(ret == -EINVAL, "features without ACCESS_PLATFORM: %d, want -EINVAL", ret);
	want |= PP_VIRTIO_BIT(PP_VIRTIO_F_ACCESS_PLATFORM);
	ret = o->set_features(hw, want | PP_VIRTIO_BIT(63));
	CHECK(f & PP_VIRTIO_BIT(63) || ret == -EINVAL,
	      "a feature not offered accepted: %d", ret);
	ret = o->set_features(hw, want);
	CHECK(ret == 0, "set_features %d", ret);
	hw->features = want;
	o->set_status(hw, o->get_status(hw) | PP_VIRTIO_S_FEATURES_OK);
	s = o->get_status(hw);
	CHECK(s & PP_VIRTIO_S_FEATURES_OK, "FEATURES_OK not kept: status 0x%x", s);

	ret = o->read_cfg(hw, offsetof(struct pp_virtio_net_config, mac), mac, 6);
	CHECK(ret == 0, "read_cfg mac %d", ret);
	SAY("mac %02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1], mac[2],
	    mac[3], mac[4], mac[5]);
	CHECK(mac[0] == 0x52 && mac[1] == 0x54 && mac[4] == 0, "unexpected MAC");
	ret = o->read_cfg(hw, offsetof(struct pp_virtio_net_config, status), &st, 2);
	CHECK(ret == 0, "read_cfg status %d", ret);
	SAY("link status 0x%x", rte_le_to_cpu_16(st));
	CHECK(rte_le_to_cpu_16(st) & PP_VIRTIO_NET_S_LINK_UP, "link down");
	if (want & PP_VIRTIO_BIT(PP_VIRTIO_NET_F_MQ)) {
		ret = o->read_cfg(hw, offsetof(struct pp_virtio_net_config,
					       max_virtqueue_pairs), &npairs, 2);
		CHECK(ret == 0, "read_cfg max_virtqueue_pairs %d", ret);
		npairs = rte_le_to_cpu_16(npairs);
		SAY("max_virtqueue_pairs %u", npairs);
	}
	ret = o->read_cfg(hw, 4096, mac, 1);
	CHECK(ret == -ENOTSUP, "read_cfg beyond the config: %d", ret);

	q0 = o->queue_max(hw, 0);
	q1 = o->queue_max(hw, 1);
	qc = o->queue_max(hw, 2 * (npairs ? npairs : 1));
	SAY("queue sizes rx0 %u tx0 %u next %u, past the end %u", q0, q1, qc,
	    o->queue_max(hw, 1000));
	CHECK(q0 >= QN && q1 >= QN, "queues smaller than %u", QN);
	CHECK(o->queue_max(hw, 1000) == 0, "queue 1000 exists");

	/* a split TX queue (index 1) in a memzone: desc, avail, used */
	mz = rte_memzone_reserve_aligned("vpci_check", 4 * 4096, SOCKET_ID_ANY,
					 RTE_MEMZONE_IOVA_CONTIG, 4096);
	CHECK(mz != NULL, "memzone");
	if (mz == NULL)
		goto out;
	memset(mz->addr, 0, mz->len);
	memset(&vq, 0, sizeof(vq));
	vq.hw = hw;
	vq.index = 1;
	vq.num = QN;
	avail = (void *)((uint8_t *)mz->addr + 16 * QN);
	vq.desc_addr = mz->iova;
	vq.driver_addr = mz->iova + 16 * QN;
	vq.device_addr = mz->iova + 8192;
	vq.kick_fd = vq.call_fd = -1;
	avail->flags = PP_VRING_AVAIL_F_NO_INTERRUPT;
	ret = o->queue_setup(hw, &vq);
	CHECK(ret == 0 && vq.notify_addr != NULL, "queue_setup %d", ret);
	ret = o->queue_setup(hw, &vq);
	CHECK(ret == -EBUSY, "second queue_setup of an enabled queue: %d", ret);
	o->set_status(hw, o->get_status(hw) | PP_VIRTIO_S_DRIVER_OK);
	SAY("status after DRIVER_OK 0x%x", o->get_status(hw));

	CHECK(tx_one(hw, &vq, mz, mac, 0) == 0, "TX frame not returned in 1 s");
	CHECK(tx_one(hw, &vq, mz, mac, 1) == 0, "second TX frame not returned");
	if (want & PP_VIRTIO_BIT(PP_VIRTIO_F_RING_RESET)) {
		/* per-queue reset, then the queue set up again from scratch */
		ret = o->queue_release(hw, &vq);
		CHECK(ret == 0, "queue_release (queue_reset) %d", ret);
		memset(mz->addr, 0, 12288);
		avail->flags = PP_VRING_AVAIL_F_NO_INTERRUPT;
		ret = o->queue_setup(hw, &vq);
		CHECK(ret == 0, "queue_setup after queue_reset: %d", ret);
		CHECK(tx_one(hw, &vq, mz, mac, 0) == 0,
		      "TX after queue_reset not returned");
	}
	ret = o->config_intr(hw, changed);
	CHECK(ret == 0, "config_intr on: %d", ret);
	if (getenv("VPCI_CHECK_LINK") != NULL && strstr(getenv("VPCI_CHECK_LINK"), hw->name)) {
		/* the host toggles this NIC's link over QMP when it sees this */
		SAY("waiting for link changes");
		fflush(stdout);
		t = rte_get_timer_cycles() + 60 * rte_get_timer_hz();
		while (nchanged < 2 && rte_get_timer_cycles() < t)
			rte_delay_us_sleep(10000);
		CHECK(nchanged >= 2, "%d config change interrupts, want 2",
		      nchanged);
	}
	ret = o->config_intr(hw, NULL);
	CHECK(ret == 0, "config_intr off: %d", ret);
	ret = o->queue_release(hw, &vq);
	CHECK(ret == 0 && vq.notify_addr == NULL, "queue_release %d", ret);
	ret = o->reset(hw);
	CHECK(ret == 0 && o->get_status(hw) == 0, "final reset %d", ret);
	/* what a device layer sees if it sizes queues while the device is reset */
	SAY("after reset: queue sizes rx0 %u tx0 %u rx1 %u tx1 %u q4 %u",
	    o->queue_max(hw, 0), o->queue_max(hw, 1), o->queue_max(hw, 2),
	    o->queue_max(hw, 3), o->queue_max(hw, 4));
	rte_memzone_free(mz);
out:
	SAY("%s (%d failure(s))", fails ? "FAILED" : "PASSED", fails);
	hw->features = 0;
	return -ECANCELED;
}

int
pp_virtio_net_uninit(struct rte_eth_dev *dev)
{
	RTE_SET_USED(dev);
	return 0;
}
