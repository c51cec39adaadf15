/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The pagepool authors
 */
#ifndef PP_VIRTIO_PCI_H
#define PP_VIRTIO_PCI_H

/**
 * @file
 * net_pp_virtio's modern PCI transport (virtio 1.2, section 4.1): the
 * device found through its vendor-specific capabilities, every register in
 * a memory BAR that EAL mapped for vfio-pci. Fills struct pp_virtio_ops
 * (virtio_hw.h); the device layer knows nothing of what is here.
 *
 * Only 1af4:1041 (a virtio-net device without the legacy interface,
 * QEMU's disable-legacy=on) is driven. The device must offer
 * VIRTIO_F_ACCESS_PLATFORM (QEMU's iommu_platform=on): the addresses this
 * driver gives it are IOVAs of the vfio container, which only mean
 * something to a device that translates through the (v)IOMMU.
 */

#include <stdint.h>

#include <bus_pci_driver.h>

#include "virtio_hw.h"

#ifdef __cplusplus
extern "C" {
#endif

/* 4.1.2 PCI device discovery */
#define PP_VIRTIO_PCI_VENDOR		0x1af4
#define PP_VIRTIO_PCI_DEV_NET_MODERN	0x1041	/**< 0x1040 + device id 1 */
#define PP_VIRTIO_PCI_DEV_NET_LEGACY	0x1000	/**< transitional / legacy */

/* 4.1.4 virtio structure PCI capabilities: struct virtio_pci_cap */
#define PP_VIRTIO_PCI_CAP_VNDR		0x09	/**< PCI_CAP_ID_VNDR */
#define PP_VIRTIO_PCI_CAP_NEXT		1	/**< byte offsets in the cap */
#define PP_VIRTIO_PCI_CAP_LEN		2
#define PP_VIRTIO_PCI_CAP_CFG_TYPE	3
#define PP_VIRTIO_PCI_CAP_BAR		4
#define PP_VIRTIO_PCI_CAP_OFFSET	8	/**< le32 */
#define PP_VIRTIO_PCI_CAP_LENGTH	12	/**< le32 */
#define PP_VIRTIO_PCI_CAP_SIZE		16
/** 4.1.4.4 struct virtio_pci_notify_cap: the multiplier after the cap */
#define PP_VIRTIO_PCI_CAP_NOTIFY_MULT	16	/**< le32 */
#define PP_VIRTIO_PCI_CAP_NOTIFY_SIZE	20

/* cfg_type */
#define PP_VIRTIO_PCI_CAP_COMMON_CFG	1
#define PP_VIRTIO_PCI_CAP_NOTIFY_CFG	2
#define PP_VIRTIO_PCI_CAP_ISR_CFG	3
#define PP_VIRTIO_PCI_CAP_DEVICE_CFG	4

/* 4.1.4.3 struct virtio_pci_common_cfg: register offsets and widths */
#define PP_VPCI_DFSELECT	0x00	/**< le32 device_feature_select */
#define PP_VPCI_DF		0x04	/**< le32 device_feature (RO) */
#define PP_VPCI_GFSELECT	0x08	/**< le32 driver_feature_select */
#define PP_VPCI_GF		0x0c	/**< le32 driver_feature */
#define PP_VPCI_MSIX_CONFIG	0x10	/**< le16 config_msix_vector */
#define PP_VPCI_NUM_QUEUES	0x12	/**< le16 num_queues (RO) */
#define PP_VPCI_STATUS		0x14	/**< u8 device_status */
#define PP_VPCI_CFG_GEN		0x15	/**< u8 config_generation (RO) */
#define PP_VPCI_Q_SELECT	0x16	/**< le16 queue_select */
#define PP_VPCI_Q_SIZE		0x18	/**< le16 queue_size */
#define PP_VPCI_Q_MSIX		0x1a	/**< le16 queue_msix_vector */
#define PP_VPCI_Q_ENABLE	0x1c	/**< le16 queue_enable */
#define PP_VPCI_Q_NOFF		0x1e	/**< le16 queue_notify_off (RO) */
#define PP_VPCI_Q_DESC		0x20	/**< le64 queue_desc */
#define PP_VPCI_Q_DRIVER	0x28	/**< le64 queue_driver */
#define PP_VPCI_Q_DEVICE	0x30	/**< le64 queue_device */
#define PP_VPCI_Q_NOTIFY_DATA	0x38	/**< le16 queue_notify_data (RO), 1.2 */
#define PP_VPCI_Q_RESET		0x3a	/**< le16 queue_reset, 1.2 */
/** A common cfg shorter than this lacks registers virtio 1.0 has. */
#define PP_VPCI_COMMON_MIN	0x38

/** 4.1.4.3: "no MSI-X vector" for config_msix_vector / queue_msix_vector */
#define PP_VIRTIO_MSI_NO_VECTOR	0xffff

/** 4.1.4.5 ISR status bits (INTx only: with MSI-X the vector says it) */
#define PP_VIRTIO_ISR_QUEUE	0x1
#define PP_VIRTIO_ISR_CONFIG	0x2

/* feature bits only this transport acts on (6 Reserved Feature Bits) */
#define PP_VIRTIO_F_NOTIFICATION_DATA	38	/**< never accepted here */
#define PP_VIRTIO_F_NOTIF_CONFIG_DATA	39	/**< notify with queue_notify_data */
#define PP_VIRTIO_F_RING_RESET		40	/**< per-queue reset (queue_reset) */

/** Bounded waits of the transport (microseconds). */
#define PP_VPCI_RESET_US	1000000	/**< device_status reads back 0 */
#define PP_VPCI_Q_RESET_US	1000000	/**< queue_reset reads 0 again */
/** config_generation changes tolerated during one read_cfg (-EAGAIN after). */
#define PP_VPCI_CFG_RETRIES	64

/** The transport's own state (hw->tp), in process memory. */
struct pp_virtio_pci {
	struct rte_pci_device *pci;
	uint8_t *common;	/**< common cfg (cap type 1) */
	uint8_t *notify;	/**< notification area (cap type 2) */
	uint8_t *isr;		/**< ISR status byte (cap type 3) */
	uint8_t *dev_cfg;	/**< device configuration (cap type 4), may be NULL */
	uint32_t common_len;
	uint32_t notify_len;
	uint32_t notify_mult;	/**< notify_off_multiplier */
	uint32_t dev_cfg_len;
	uint64_t offered;	/**< device features, read at probe */
	/** config_intr()'s callback; NULL when off */
	void (*changed)(struct pp_virtio_hw *hw);
	uint8_t cb_registered;	/**< our callback is on pci->intr_handle */
	uint8_t msix;		/**< the handle is MSI-X (else INTx/MSI: ISR) */
	uint8_t closed;		/**< ops->close ran */
};

/** The modern PCI transport's ops (virtio_pci.c). */
extern const struct pp_virtio_ops pp_virtio_pci_ops;

/**
 * Walk pci's capability list for the virtio structures (spec 4.1.4) and
 * point p at them inside the BARs EAL mapped (pci->mem_resource[]). Common
 * cfg, notify and ISR are required, device cfg optional (virtio-net always
 * has one). The first usable capability of each type wins; one pointing
 * outside its BAR, or at a BAR EAL did not map, is skipped (logged).
 * @return 0, or -ENODEV (logged) if a required structure is missing.
 */
int pp_virtio_pci_map(struct pp_virtio_pci *p, struct rte_pci_device *pci);

#ifdef __cplusplus
}
#endif

#endif /* PP_VIRTIO_PCI_H */
