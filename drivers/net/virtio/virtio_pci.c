/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The pagepool authors
 */

/*
 * net_pp_virtio's modern PCI transport (virtio 1.2 section 4.1) and the PCI
 * probe of the PMD.
 *
 * The device is found by its vendor-specific PCI capabilities (4.1.4): each
 * names a BAR, an offset and a length, and the structure lives there in
 * memory space; EAL mapped the BARs for vfio-pci (RTE_PCI_DRV_NEED_MAPPING),
 * so every register is a plain load or store into pci->mem_resource[].
 * Registers are accessed at their natural width (4.1.3.1), little-endian.
 *
 * The device is not trusted more than needed: a capability that points
 * outside its BAR is skipped, queue_notify_off is checked against the
 * notification area, a status byte of all ones means the device is gone
 * (-ENODEV), and every wait is bounded (-ETIMEDOUT).
 *
 * Interrupts: none for the queues (queue_msix_vector = NO_VECTOR, the data
 * path polls); the configuration change interrupt (link status) arrives on
 * MSI-X vector 0, which EAL's vfio code wires to the interrupt handle's
 * eventfd, and EAL's interrupt thread calls the device layer back.
 */

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <bus_pci_driver.h>
#include <ethdev_driver.h>
#include <ethdev_pci.h>
#include <rte_byteorder.h>
#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_interrupts.h>
#include <rte_io.h>
#include <rte_log.h>

#include "../common/ppdrv.h"
#include "virtio_hw.h"
#include "virtio_logs.h"
#include "virtio_pci.h"
#include "virtqueue.h"

#define VPCI_LOG(level, fmt, ...) PP_VIRTIO_LOG(level, fmt, ##__VA_ARGS__)

static inline struct pp_virtio_pci *
vpci(const struct pp_virtio_hw *hw)
{
	return hw->tp;
}

/* ------------------------------------------------------ register access */

static inline uint8_t
cc_read8(const struct pp_virtio_pci *p, uint32_t off)
{
	return rte_read8(p->common + off);
}

static inline uint16_t
cc_read16(const struct pp_virtio_pci *p, uint32_t off)
{
	return rte_le_to_cpu_16(rte_read16(p->common + off));
}

static inline uint32_t
cc_read32(const struct pp_virtio_pci *p, uint32_t off)
{
	return rte_le_to_cpu_32(rte_read32(p->common + off));
}

static inline void
cc_write8(struct pp_virtio_pci *p, uint32_t off, uint8_t v)
{
	rte_write8(v, p->common + off);
}

static inline void
cc_write16(struct pp_virtio_pci *p, uint32_t off, uint16_t v)
{
	rte_write16(rte_cpu_to_le_16(v), p->common + off);
}

static inline void
cc_write32(struct pp_virtio_pci *p, uint32_t off, uint32_t v)
{
	rte_write32(rte_cpu_to_le_32(v), p->common + off);
}

/* 64-bit fields as two 32-bit halves, low first (4.1.3.1 allows it) */
static inline void
cc_write64(struct pp_virtio_pci *p, uint32_t off, uint64_t v)
{
	cc_write32(p, off, (uint32_t)v);
	cc_write32(p, off + 4, (uint32_t)(v >> 32));
}

/*
 * A removed device (surprise unplug, a vfio reset gone wrong) reads
 * all-ones everywhere. No valid device_status has the reserved bits 4 and
 * 5 set, and device_feature_select reads back what the driver wrote, so
 * both at all-ones mean the device is gone.
 */
static int
vpci_gone(const struct pp_virtio_pci *p)
{
	return cc_read8(p, PP_VPCI_STATUS) == UINT8_MAX &&
	       cc_read32(p, PP_VPCI_DFSELECT) == UINT32_MAX;
}

/* --------------------------------------------------- capability walk */

static int
cfg_read(const struct rte_pci_device *pci, void *buf, size_t len, off_t off)
{
	return rte_pci_read_config(pci, buf, len, off) == (int)len ? 0 : -EIO;
}

/*
 * Map one virtio capability at config offset pos onto its BAR: the
 * structure's address, or NULL (logged) if it is unusable.
 */
static uint8_t *
vpci_cap_addr(const struct rte_pci_device *pci, const uint8_t *cap,
	      uint32_t *len_out)
{
	uint8_t bar = cap[PP_VIRTIO_PCI_CAP_BAR];
	uint32_t off, len;
	const struct rte_mem_resource *res;

	memcpy(&off, cap + PP_VIRTIO_PCI_CAP_OFFSET, 4);
	memcpy(&len, cap + PP_VIRTIO_PCI_CAP_LENGTH, 4);
	off = rte_le_to_cpu_32(off);
	len = rte_le_to_cpu_32(len);
	if (bar > 5) {
		/* 4.1.4: BAR values 0x6..0xff are reserved, ignore the cap */
		VPCI_LOG(DEBUG, "%s: cap type %u names BAR %u: skipped",
			 pci->device.name, cap[PP_VIRTIO_PCI_CAP_CFG_TYPE], bar);
		return NULL;
	}
	res = &pci->mem_resource[bar];
	if (res->addr == NULL) {
		VPCI_LOG(WARNING, "%s: cap type %u is in BAR %u, which EAL did "
			 "not map (an I/O BAR?): skipped", pci->device.name,
			 cap[PP_VIRTIO_PCI_CAP_CFG_TYPE], bar);
		return NULL;
	}
	if ((uint64_t)off + len > res->len) {
		VPCI_LOG(WARNING, "%s: cap type %u: offset 0x%x + length 0x%x "
			 "beyond BAR %u (0x%" PRIx64 " bytes): skipped",
			 pci->device.name, cap[PP_VIRTIO_PCI_CAP_CFG_TYPE], off,
			 len, bar, res->len);
		return NULL;
	}
	*len_out = len;
	return (uint8_t *)res->addr + off;
}

/* PCI config space: status register bit 4 says a capability list exists */
#define PCI_STATUS_REG		0x06
#define PCI_STATUS_CAP_LIST	0x10
#define PCI_CAP_PTR		0x34
#define PCI_CAP_WALK_MAX	48	/* (256 - 64) / 4: a loop otherwise */

int
pp_virtio_pci_map(struct pp_virtio_pci *p, struct rte_pci_device *pci)
{
	uint8_t cap[PP_VIRTIO_PCI_CAP_NOTIFY_SIZE];
	uint16_t status;
	uint8_t pos;
	uint32_t len, mult;
	uint8_t *addr;
	int n;

	memset(p, 0, sizeof(*p));
	p->pci = pci;
	if (cfg_read(pci, &status, 2, PCI_STATUS_REG) != 0 ||
	    !(rte_le_to_cpu_16(status) & PCI_STATUS_CAP_LIST) ||
	    cfg_read(pci, &pos, 1, PCI_CAP_PTR) != 0) {
		VPCI_LOG(ERR, "%s: no PCI capability list", pci->device.name);
		return -ENODEV;
	}
	for (n = 0; (pos &= 0xfc) != 0 && n < PCI_CAP_WALK_MAX; n++) {
		if (pos < 0x40 || cfg_read(pci, cap, 2, pos) != 0)
			break;
		if (cap[0] != PP_VIRTIO_PCI_CAP_VNDR)
			goto next;
		if (cfg_read(pci, cap, PP_VIRTIO_PCI_CAP_SIZE, pos) != 0 ||
		    cap[PP_VIRTIO_PCI_CAP_LEN] < PP_VIRTIO_PCI_CAP_SIZE)
			goto next;
		switch (cap[PP_VIRTIO_PCI_CAP_CFG_TYPE]) {
		case PP_VIRTIO_PCI_CAP_COMMON_CFG:
			if (p->common != NULL)
				break;
			addr = vpci_cap_addr(pci, cap, &len);
			if (addr == NULL)
				break;
			if (len < PP_VPCI_COMMON_MIN) {
				VPCI_LOG(WARNING, "%s: common cfg of %u bytes, "
					 "want >= %u: skipped", pci->device.name,
					 len, PP_VPCI_COMMON_MIN);
				break;
			}
			p->common = addr;
			p->common_len = len;
			break;
		case PP_VIRTIO_PCI_CAP_NOTIFY_CFG:
			if (p->notify != NULL ||
			    cap[PP_VIRTIO_PCI_CAP_LEN] < PP_VIRTIO_PCI_CAP_NOTIFY_SIZE ||
			    cfg_read(pci, &mult, 4, pos + PP_VIRTIO_PCI_CAP_NOTIFY_MULT) != 0)
				break;
			addr = vpci_cap_addr(pci, cap, &len);
			if (addr == NULL || len < 2)
				break;
			p->notify = addr;
			p->notify_len = len;
			p->notify_mult = rte_le_to_cpu_32(mult);
			break;
		case PP_VIRTIO_PCI_CAP_ISR_CFG:
			if (p->isr != NULL)
				break;
			addr = vpci_cap_addr(pci, cap, &len);
			if (addr != NULL && len >= 1)
				p->isr = addr;
			break;
		case PP_VIRTIO_PCI_CAP_DEVICE_CFG:
			if (p->dev_cfg != NULL)
				break;
			addr = vpci_cap_addr(pci, cap, &len);
			if (addr != NULL) {
				p->dev_cfg = addr;
				p->dev_cfg_len = len;
			}
			break;
		default:	/* PCI cfg access (5), shared memory (8), ... */
			break;
		}
next:
		if (cfg_read(pci, &pos, 1, pos + PP_VIRTIO_PCI_CAP_NEXT) != 0)
			break;
	}
	if (p->common == NULL || p->notify == NULL || p->isr == NULL) {
		VPCI_LOG(ERR, "%s: not a modern virtio device: common cfg %s, "
			 "notify %s, ISR %s (spec 4.1.4 capabilities in a "
			 "memory BAR)", pci->device.name,
			 p->common ? "found" : "missing",
			 p->notify ? "found" : "missing",
			 p->isr ? "found" : "missing");
		return -ENODEV;
	}
	VPCI_LOG(DEBUG, "%s: common cfg %u B, notify %u B x%u, device cfg %u B",
		 pci->device.name, p->common_len, p->notify_len,
		 p->notify_mult, p->dev_cfg_len);
	return 0;
}

/* ------------------------------------------------------------- the ops */

static uint8_t
vpci_get_status(struct pp_virtio_hw *hw)
{
	return cc_read8(vpci(hw), PP_VPCI_STATUS);
}

static void
vpci_set_status(struct pp_virtio_hw *hw, uint8_t status)
{
	cc_write8(vpci(hw), PP_VPCI_STATUS, status);
}

/* 4.1.4.3.2: write 0, then wait until device_status reads back 0 */
static int
vpci_reset(struct pp_virtio_hw *hw)
{
	struct pp_virtio_pci *p = vpci(hw);
	uint32_t waited = 0;
	uint8_t s;

	cc_write8(p, PP_VPCI_STATUS, 0);
	for (;;) {
		s = cc_read8(p, PP_VPCI_STATUS);
		if (s == 0)
			return 0;
		if (s == UINT8_MAX && vpci_gone(p)) {
			VPCI_LOG(ERR, "%s: reset: the device reads all-ones "
				 "(removed?)", hw->name);
			return -ENODEV;
		}
		if (waited >= PP_VPCI_RESET_US) {
			VPCI_LOG(ERR, "%s: reset: device_status still 0x%02x "
				 "after %u ms", hw->name, s,
				 PP_VPCI_RESET_US / 1000);
			return -ETIMEDOUT;
		}
		rte_delay_us_sleep(100);
		waited += 100;
	}
}

static uint64_t
vpci_get_features(struct pp_virtio_hw *hw)
{
	struct pp_virtio_pci *p = vpci(hw);
	uint32_t lo, hi;

	cc_write32(p, PP_VPCI_DFSELECT, 0);
	lo = cc_read32(p, PP_VPCI_DF);
	cc_write32(p, PP_VPCI_DFSELECT, 1);
	hi = cc_read32(p, PP_VPCI_DF);
	return ((uint64_t)hi << 32) | lo;
}

static int
vpci_set_features(struct pp_virtio_hw *hw, uint64_t features)
{
	struct pp_virtio_pci *p = vpci(hw);
	uint64_t offered = vpci_get_features(hw);

	if (features & ~offered) {
		VPCI_LOG(ERR, "%s: features 0x%" PRIx64 " not offered by the "
			 "device", hw->name, features & ~offered);
		return -EINVAL;
	}
	/*
	 * The addresses this transport hands out are IOVAs of the vfio
	 * container: only a device that goes through the IOMMU for its DMA
	 * (ACCESS_PLATFORM) resolves them. Without it the device would read
	 * and write guest-physical memory at those numbers.
	 */
	if (!(features & PP_VIRTIO_BIT(PP_VIRTIO_F_ACCESS_PLATFORM))) {
		VPCI_LOG(ERR, "%s: VIRTIO_F_ACCESS_PLATFORM (bit 33) must be "
			 "negotiated over vfio-pci: the device would bypass the "
			 "IOMMU and DMA to IOVAs as if they were physical "
			 "addresses", hw->name);
		return -EINVAL;
	}
	/* it would need the ring state at every notify: not through this seam */
	if (features & PP_VIRTIO_BIT(PP_VIRTIO_F_NOTIFICATION_DATA)) {
		VPCI_LOG(ERR, "%s: VIRTIO_F_NOTIFICATION_DATA is not supported",
			 hw->name);
		return -EINVAL;
	}
	cc_write32(p, PP_VPCI_GFSELECT, 0);
	cc_write32(p, PP_VPCI_GF, (uint32_t)features);
	cc_write32(p, PP_VPCI_GFSELECT, 1);
	cc_write32(p, PP_VPCI_GF, (uint32_t)(features >> 32));
	return 0;
}

/*
 * Read [off, off + len) of the device configuration, each field at its
 * natural width where alignment allows (4.1.3.1), bytes otherwise; the
 * bytes land in dst as the device lays them out (little-endian). Torn reads
 * are caught by config_generation (4.1.4.3.1): read it before and after,
 * and again while it moved.
 */
static int
vpci_read_cfg(struct pp_virtio_hw *hw, uint32_t off, void *dst, uint32_t len)
{
	struct pp_virtio_pci *p = vpci(hw);
	uint8_t *d = dst;
	uint8_t gen, gen2;
	uint32_t i, v32;
	uint16_t v16;
	int tries;

	if (p->dev_cfg == NULL || (uint64_t)off + len > p->dev_cfg_len)
		return -ENOTSUP;
	for (tries = 0; tries < PP_VPCI_CFG_RETRIES; tries++) {
		gen = cc_read8(p, PP_VPCI_CFG_GEN);
		for (i = 0; i < len;) {
			uint32_t o = off + i;

			if (len - i >= 4 && (o & 3) == 0) {
				v32 = rte_read32(p->dev_cfg + o);
				memcpy(d + i, &v32, 4);
				i += 4;
			} else if (len - i >= 2 && (o & 1) == 0) {
				v16 = rte_read16(p->dev_cfg + o);
				memcpy(d + i, &v16, 2);
				i += 2;
			} else {
				d[i] = rte_read8(p->dev_cfg + o);
				i++;
			}
		}
		gen2 = cc_read8(p, PP_VPCI_CFG_GEN);
		if (gen == gen2)
			return 0;
		if (gen2 == UINT8_MAX && vpci_gone(p))
			return -ENODEV;
	}
	VPCI_LOG(ERR, "%s: config_generation kept changing over %d reads",
		 hw->name, PP_VPCI_CFG_RETRIES);
	return -EAGAIN;
}

static uint16_t
vpci_queue_max(struct pp_virtio_hw *hw, uint16_t idx)
{
	struct pp_virtio_pci *p = vpci(hw);

	if (idx >= cc_read16(p, PP_VPCI_NUM_QUEUES))
		return 0;
	cc_write16(p, PP_VPCI_Q_SELECT, idx);
	return cc_read16(p, PP_VPCI_Q_SIZE);
}

/* 4.1.5.1.3 virtqueue configuration, in the spec's order */
static int
vpci_queue_setup(struct pp_virtio_hw *hw, struct pp_vq *vq)
{
	struct pp_virtio_pci *p = vpci(hw);
	uint16_t max, noff;
	uint64_t at;

	if (vq->index >= cc_read16(p, PP_VPCI_NUM_QUEUES)) {
		VPCI_LOG(ERR, "%s: queue %u: the device has %u queues", hw->name,
			 vq->index, cc_read16(p, PP_VPCI_NUM_QUEUES));
		return -EINVAL;
	}
	cc_write16(p, PP_VPCI_Q_SELECT, vq->index);
	max = cc_read16(p, PP_VPCI_Q_SIZE);
	if (max == 0 || vq->num == 0 || vq->num > max) {
		VPCI_LOG(ERR, "%s: queue %u: %u descriptors, the device takes "
			 "1..%u", hw->name, vq->index, vq->num, max);
		return -EINVAL;
	}
	if (cc_read16(p, PP_VPCI_Q_ENABLE) != 0) {
		/* 4.1.4.3.2: an enabled queue's fields may not be changed */
		VPCI_LOG(ERR, "%s: queue %u is still enabled (reset the device%s "
			 "first)", hw->name, vq->index,
			 pp_virtio_has(hw, PP_VIRTIO_F_RING_RESET) ?
			 " or the queue" : "");
		return -EBUSY;
	}
	noff = cc_read16(p, PP_VPCI_Q_NOFF);
	at = (uint64_t)noff * p->notify_mult;
	if (at + 2 > p->notify_len) {
		VPCI_LOG(ERR, "%s: queue %u: queue_notify_off %u x %u is beyond "
			 "the notification area (%u bytes)", hw->name, vq->index,
			 noff, p->notify_mult, p->notify_len);
		return -EIO;
	}
	cc_write16(p, PP_VPCI_Q_SIZE, vq->num);
	/* we poll: no interrupt for used buffers */
	cc_write16(p, PP_VPCI_Q_MSIX, PP_VIRTIO_MSI_NO_VECTOR);
	cc_write64(p, PP_VPCI_Q_DESC, vq->desc_addr);
	cc_write64(p, PP_VPCI_Q_DRIVER, vq->driver_addr);
	cc_write64(p, PP_VPCI_Q_DEVICE, vq->device_addr);
	vq->notify_addr = p->notify + at;
	vq->notify_data = vq->index;
	if (pp_virtio_has(hw, PP_VIRTIO_F_NOTIF_CONFIG_DATA) &&
	    p->common_len >= PP_VPCI_Q_NOTIFY_DATA + 2)
		vq->notify_data = cc_read16(p, PP_VPCI_Q_NOTIFY_DATA);
	cc_write16(p, PP_VPCI_Q_ENABLE, 1);
	VPCI_LOG(DEBUG, "%s: queue %u: %u descriptors, desc 0x%" PRIx64
		 " driver 0x%" PRIx64 " device 0x%" PRIx64 ", notify +0x%"
		 PRIx64, hw->name, vq->index, vq->num, vq->desc_addr,
		 vq->driver_addr, vq->device_addr, at);
	return 0;
}

/* One queue can be taken back from a running device: RING_RESET. */
static int
vpci_queue_stoppable(struct pp_virtio_hw *hw)
{
	return pp_virtio_has(hw, PP_VIRTIO_F_RING_RESET) &&
	       vpci(hw)->common_len >= PP_VPCI_Q_RESET + 2;
}

/*
 * Without VIRTIO_F_RING_RESET only a device reset stops a queue: forget
 * the doorbell. With it (negotiated by the device layer), reset the queue
 * alone, so that queue_setup() can enable it again: 4.1.4.3.2, write 1 to
 * queue_reset; the reset is complete when queue_reset reads 0 again (QEMU
 * 7.2 completes it within the write), and queue_enable then reads 0.
 */
static int
vpci_queue_release(struct pp_virtio_hw *hw, struct pp_vq *vq)
{
	struct pp_virtio_pci *p = vpci(hw);
	uint32_t waited = 0;
	uint16_t v;

	vq->notify_addr = NULL;
	if (!pp_virtio_has(hw, PP_VIRTIO_F_RING_RESET) ||
	    p->common_len < PP_VPCI_Q_RESET + 2)
		return 0;
	cc_write16(p, PP_VPCI_Q_SELECT, vq->index);
	if (cc_read16(p, PP_VPCI_Q_ENABLE) == 0)
		return 0;
	cc_write16(p, PP_VPCI_Q_RESET, 1);
	for (;;) {
		v = cc_read16(p, PP_VPCI_Q_RESET);
		if (v == 0 && cc_read16(p, PP_VPCI_Q_ENABLE) == 0)
			return 0;
		if (v == UINT16_MAX && vpci_gone(p))
			return -ENODEV;
		if (waited >= PP_VPCI_Q_RESET_US) {
			VPCI_LOG(ERR, "%s: queue %u: queue_reset not done after "
				 "%u ms", hw->name, vq->index,
				 PP_VPCI_Q_RESET_US / 1000);
			return -ETIMEDOUT;
		}
		rte_delay_us_sleep(100);
		waited += 100;
	}
}

/* 4.1.4.4.1: the 16-bit queue index (or queue_notify_data) at the doorbell */
static void
vpci_notify(struct pp_virtio_hw *hw __rte_unused, struct pp_vq *vq)
{
	rte_write16(rte_cpu_to_le_16((uint16_t)vq->notify_data),
		    vq->notify_addr);
}

/* ------------------------------------------------------------ interrupt */

/* EAL's interrupt thread: it already read the eventfd */
static void
vpci_intr(void *arg)
{
	struct pp_virtio_hw *hw = arg;
	struct pp_virtio_pci *p = vpci(hw);
	void (*changed)(struct pp_virtio_hw *) = p->changed;

	if (!p->msix) {
		/* INTx: reading the ISR acknowledges it and says why */
		uint8_t isr = rte_read8(p->isr);

		rte_intr_ack(p->pci->intr_handle);
		if (!(isr & PP_VIRTIO_ISR_CONFIG))
			return;
	}
	if (changed != NULL)
		changed(hw);
}

static int
vpci_intr_unregister(struct pp_virtio_hw *hw)
{
	struct pp_virtio_pci *p = vpci(hw);
	int ret, i;

	if (!p->cb_registered)
		return 0;
	/* -EAGAIN while the callback runs: it ends, bounded by its own work */
	for (i = 0; i < 1000; i++) {
		ret = rte_intr_callback_unregister(p->pci->intr_handle,
						   vpci_intr, hw);
		if (ret != -EAGAIN)
			break;
		rte_delay_us_sleep(1000);
	}
	if (ret < 0) {
		VPCI_LOG(ERR, "%s: interrupt callback not unregistered: %d",
			 hw->name, ret);
		return ret;
	}
	p->cb_registered = 0;
	return 0;
}

static int
vpci_config_intr(struct pp_virtio_hw *hw,
		 void (*changed)(struct pp_virtio_hw *hw))
{
	struct pp_virtio_pci *p = vpci(hw);
	struct rte_intr_handle *ih = p->pci->intr_handle;
	uint16_t vec;
	int ret;

	if (changed == NULL) {
		p->changed = NULL;
		if (p->msix)
			cc_write16(p, PP_VPCI_MSIX_CONFIG, PP_VIRTIO_MSI_NO_VECTOR);
		if (p->cb_registered)
			rte_intr_disable(ih);
		return vpci_intr_unregister(hw);
	}
	if (ih == NULL || rte_intr_fd_get(ih) < 0)
		return -ENOTSUP;
	switch (rte_intr_type_get(ih)) {
	case RTE_INTR_HANDLE_VFIO_MSIX:
		p->msix = 1;
		break;
	case RTE_INTR_HANDLE_VFIO_LEGACY:
	case RTE_INTR_HANDLE_UIO:
	case RTE_INTR_HANDLE_UIO_INTX:
		p->msix = 0;
		break;
	default:	/* virtio has no MSI (4.1.5.3): nothing would come */
		return -ENOTSUP;
	}
	p->changed = changed;
	if (!p->cb_registered) {
		ret = rte_intr_callback_register(ih, vpci_intr, hw);
		if (ret != 0) {
			p->changed = NULL;
			return ret;
		}
		p->cb_registered = 1;
	}
	/* MSI-X on first (EAL: vector 0 is the handle's eventfd), then route */
	ret = rte_intr_enable(ih);
	if (ret != 0) {
		VPCI_LOG(ERR, "%s: cannot enable the interrupt: %d", hw->name,
			 ret);
		goto fail;
	}
	if (p->msix) {
		cc_write16(p, PP_VPCI_MSIX_CONFIG, 0);
		vec = cc_read16(p, PP_VPCI_MSIX_CONFIG);
		if (vec != 0) {
			/* 4.1.4.3.2: the device could not map the vector */
			VPCI_LOG(ERR, "%s: config_msix_vector reads 0x%x, not "
				 "0: no link events", hw->name, vec);
			ret = -ENOTSUP;
			rte_intr_disable(ih);
			goto fail;
		}
	}
	return 0;
fail:
	p->changed = NULL;
	vpci_intr_unregister(hw);
	return ret;
}

/* Idempotent: the device layer's close and the PCI remove may both call it */
static void
vpci_close(struct pp_virtio_hw *hw)
{
	struct pp_virtio_pci *p = vpci(hw);

	if (p == NULL || p->closed)
		return;
	vpci_config_intr(hw, NULL);
	vpci_reset(hw);
	p->closed = 1;
}

const struct pp_virtio_ops pp_virtio_pci_ops = {
	.name = "pci",
	.reset = vpci_reset,
	.get_status = vpci_get_status,
	.set_status = vpci_set_status,
	.get_features = vpci_get_features,
	.set_features = vpci_set_features,
	.read_cfg = vpci_read_cfg,
	.queue_max = vpci_queue_max,
	.queue_setup = vpci_queue_setup,
	.queue_release = vpci_queue_release,
	.queue_stoppable = vpci_queue_stoppable,
	.notify = vpci_notify,
	.config_intr = vpci_config_intr,
	.mem_update = NULL,	/* the IOMMU mappings are EAL's, not ours */
	.close = vpci_close,
};

/* ---------------------------------------------------------------- probe */

/*
 * The hw of each probed PCI device. dev_private holds the pointer too, but
 * ethdev frees dev_private when a port is closed (rte_eth_dev_close()),
 * long before EAL calls remove: this list lets remove find what to free.
 * Probe and remove run on the main lcore only.
 */
struct vpci_dev {
	struct vpci_dev *next;
	struct rte_pci_device *pci;
	struct pp_virtio_hw *hw;
};
static struct vpci_dev *vpci_devs;

static struct vpci_dev **
vpci_dev_find(const struct rte_pci_device *pci)
{
	struct vpci_dev **d;

	for (d = &vpci_devs; *d != NULL; d = &(*d)->next)
		if ((*d)->pci == pci)
			return d;
	return NULL;
}

static void
vpci_hw_free(struct pp_virtio_hw *hw)
{
	if (hw == NULL)
		return;
	free(hw->tp);
	free(hw);
}

static int
vpci_dev_init(struct rte_eth_dev *dev)
{
	struct rte_pci_device *pci = RTE_ETH_DEV_TO_PCI(dev);
	struct pp_virtio_net_conf conf = { 0 };
	struct pp_virtio_hw *hw;
	struct pp_virtio_pci *p;
	struct vpci_dev *d;
	uint64_t offered;
	int ret;

	ret = ppdrv_check_primary(dev, "probe");
	if (ret != 0)
		return ret;
	hw = ppdrv_zalloc(sizeof(*hw));
	p = ppdrv_zalloc(sizeof(*p));
	d = ppdrv_zalloc(sizeof(*d));
	if (hw == NULL || p == NULL || d == NULL) {
		ret = -ENOMEM;
		goto err;
	}
	hw->tp = p;
	hw->ops = &pp_virtio_pci_ops;
	hw->eth_dev = dev;
	hw->use_va = 0;		/* IOVAs of the vfio container */
	strlcpy(hw->name, pci->device.name, sizeof(hw->name));
	ret = pp_virtio_pci_map(p, pci);
	if (ret != 0)
		goto err;
	ret = vpci_reset(hw);
	if (ret != 0)
		goto err;
	offered = vpci_get_features(hw);
	p->offered = offered;
	if (!(offered & PP_VIRTIO_BIT(PP_VIRTIO_F_VERSION_1))) {
		VPCI_LOG(ERR, "%s: the device does not offer VIRTIO_F_VERSION_1 "
			 "(features 0x%" PRIx64 ")", hw->name, offered);
		ret = -ENOTSUP;
		goto err;
	}
	if (!(offered & PP_VIRTIO_BIT(PP_VIRTIO_F_ACCESS_PLATFORM))) {
		VPCI_LOG(ERR, "%s: the device does not offer "
			 "VIRTIO_F_ACCESS_PLATFORM, so its DMA bypasses the "
			 "IOMMU and cannot reach vfio IOVAs (QEMU: "
			 "virtio-net-pci,iommu_platform=on)", hw->name);
		ret = -ENOTSUP;
		goto err;
	}
	*(struct pp_virtio_hw **)dev->data->dev_private = hw;
	conf.devargs = pci->device.devargs != NULL ?
		       pci->device.devargs->args : NULL;
	ret = pp_virtio_net_init(dev, hw, &conf);
	if (ret != 0) {
		VPCI_LOG(ERR, "%s: device initialization failed: %s", hw->name,
			 strerror(-ret));
		vpci_close(hw);
		goto err;
	}
	d->pci = pci;
	d->hw = hw;
	d->next = vpci_devs;
	vpci_devs = d;
	VPCI_LOG(INFO, "%s: modern virtio-net, features offered 0x%" PRIx64
		 ", negotiated 0x%" PRIx64, hw->name, offered, hw->features);
	return 0;
err:
	if (dev->data->dev_private != NULL)
		*(struct pp_virtio_hw **)dev->data->dev_private = NULL;
	vpci_hw_free(hw);
	free(d);
	return ret;
}

static int
vpci_dev_uninit(struct rte_eth_dev *dev)
{
	return pp_virtio_net_uninit(dev);
}

static int
vpci_pci_probe(struct rte_pci_driver *drv __rte_unused,
	       struct rte_pci_device *pci)
{
	if (pci->id.device_id != PP_VIRTIO_PCI_DEV_NET_MODERN) {
		/* > 0: "not mine", EAL offers the device to the next driver */
		VPCI_LOG(NOTICE, "%s: %04x:%04x is a legacy or transitional "
			 "virtio-net: net_pp_virtio drives modern devices only "
			 "(1af4:1041; QEMU: virtio-net-pci,disable-legacy=on,"
			 "iommu_platform=on); leaving it to another driver",
			 pci->device.name, pci->id.vendor_id,
			 pci->id.device_id);
		return 1;
	}
	return rte_eth_dev_pci_generic_probe(pci, sizeof(struct pp_virtio_hw *),
					     vpci_dev_init);
}

static int
vpci_pci_remove(struct rte_pci_device *pci)
{
	struct vpci_dev **dp = vpci_dev_find(pci), *d;
	int ret;

	/* the port may be gone already (closed): then only hw is left */
	ret = rte_eth_dev_pci_generic_remove(pci, vpci_dev_uninit);
	if (ret != 0)
		return ret;
	if (dp == NULL)
		return 0;
	d = *dp;
	*dp = d->next;
	vpci_close(d->hw);
	vpci_hw_free(d->hw);
	free(d);
	return 0;
}

/*
 * 1af4:1000 is listed so that a transitional device gets a clear "not
 * mine" from the probe above instead of silence; it then goes to the next
 * driver (DPDK's net_virtio), as it would without us.
 */
static const struct rte_pci_id vpci_pci_ids[] = {
	{ RTE_PCI_DEVICE(PP_VIRTIO_PCI_VENDOR, PP_VIRTIO_PCI_DEV_NET_MODERN) },
	{ RTE_PCI_DEVICE(PP_VIRTIO_PCI_VENDOR, PP_VIRTIO_PCI_DEV_NET_LEGACY) },
	{ .vendor_id = 0 },
};

static struct rte_pci_driver vpci_pmd = {
	.id_table = vpci_pci_ids,
	.drv_flags = RTE_PCI_DRV_NEED_MAPPING | RTE_PCI_DRV_INTR_LSC,
	.probe = vpci_pci_probe,
	.remove = vpci_pci_remove,
};

RTE_PMD_REGISTER_PCI(net_pp_virtio, vpci_pmd);
RTE_PMD_REGISTER_PCI_TABLE(net_pp_virtio, vpci_pci_ids);
RTE_PMD_REGISTER_KMOD_DEP(net_pp_virtio, "* vfio-pci");
RTE_PMD_REGISTER_PARAM_STRING(net_pp_virtio, PPDRV_DEVARGS_HELP);
