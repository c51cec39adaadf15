/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The pagepool authors
 */
#ifndef PP_VIRTIO_HW_H
#define PP_VIRTIO_HW_H

/**
 * @file
 * net_pp_virtio's seam between the virtio-net device (virtio_ethdev.c,
 * virtio_rxtx.c, virtqueue.c: they know nothing of how the device is
 * reached) and its transports:
 * - modern PCI over vfio-pci (virtio_pci.c, PMD net_pp_virtio, spec 4.1);
 * - vhost-user over a UNIX socket (virtio_user.c, vdev net_pp_virtio_user).
 * A transport fills struct pp_virtio_ops and calls pp_virtio_net_init() from
 * its probe; nothing else crosses the seam.
 *
 * Memory: struct pp_virtio_hw, the queues and every shadow array live in
 * process memory (ppdrv_zalloc()), which the device cannot reach. Only the
 * rings (virtqueue.c, in an EAL memzone), the TX header slots and the
 * frames themselves are device-visible.
 */

#include <stdint.h>

#include <ethdev_driver.h>

#include "virtio_spec.h"

#ifdef __cplusplus
extern "C" {
#endif

struct pp_virtio_hw;
struct pp_vq;

/** How the device is reached. Every wait inside is bounded. */
struct pp_virtio_ops {
	const char *name;	/**< "pci", "vhost-user": for logs */

	/**
	 * Reset the device (status 0) and wait, bounded, until it reads back
	 * 0: from then on it touches no ring and no buffer.
	 * @return 0, -ETIMEDOUT, or -ENODEV if the device is gone.
	 */
	int (*reset)(struct pp_virtio_hw *hw);
	uint8_t (*get_status)(struct pp_virtio_hw *hw);
	void (*set_status)(struct pp_virtio_hw *hw, uint8_t status);
	/** Features the device offers (all 64 bits). */
	uint64_t (*get_features)(struct pp_virtio_hw *hw);
	/** Features the driver accepts (before FEATURES_OK). 0 or -errno. */
	int (*set_features)(struct pp_virtio_hw *hw, uint64_t features);

	/**
	 * Read len bytes of the device configuration (struct
	 * pp_virtio_net_config) at offset off, consistently (PCI: the config
	 * generation is re-read until it is stable). A transport without a
	 * config space (vhost-user) answers from what it emulates.
	 * @return 0 or -errno (-ENOTSUP if the field does not exist).
	 */
	int (*read_cfg)(struct pp_virtio_hw *hw, uint32_t off, void *dst,
			uint32_t len);

	/** Largest size of virtqueue idx; 0 if there is no such queue. */
	uint16_t (*queue_max)(struct pp_virtio_hw *hw, uint16_t idx);
	/**
	 * Give the device virtqueue vq (vq->index, vq->num, the three area
	 * addresses vq->desc_addr, vq->driver_addr, vq->device_addr, which
	 * are VAs when hw->use_va, else IOVAs) and enable it. Called with the
	 * device not yet DRIVER_OK, or (queue start) with the queue disabled.
	 * @return 0 or -errno.
	 */
	int (*queue_setup)(struct pp_virtio_hw *hw, struct pp_vq *vq);
	/**
	 * Take vq back from the device: afterwards it neither reads nor
	 * writes the rings or the buffers posted in them (PCI: only a device
	 * reset does that, so this only forgets the notify address;
	 * vhost-user: GET_VRING_BASE). Bounded; 0, -ETIMEDOUT or -ENODEV.
	 */
	int (*queue_release)(struct pp_virtio_hw *hw, struct pp_vq *vq);
	/**
	 * May be NULL (then: yes). Can queue_release() take one queue back
	 * from a running device (DRIVER_OK), so that its buffers may be
	 * recycled while the other queues run? vhost-user: yes
	 * (GET_VRING_BASE); PCI: only with RING_RESET negotiated and the
	 * queue_reset register present, otherwise only a device reset stops
	 * a queue and a queue stop is refused.
	 */
	int (*queue_stoppable)(struct pp_virtio_hw *hw);
	/** Tell the device vq has new buffers (fast path). */
	void (*notify)(struct pp_virtio_hw *hw, struct pp_vq *vq);

	/**
	 * Arrange that changed(hw) is called, from EAL's interrupt thread,
	 * whenever the device configuration may have changed (PCI: the
	 * configuration change interrupt; vhost-user: the backend went away
	 * or came back). NULL to stop. 0 or -errno (-ENOTSUP: no events, the
	 * link is then read on demand).
	 */
	int (*config_intr)(struct pp_virtio_hw *hw,
			   void (*changed)(struct pp_virtio_hw *hw));

	/**
	 * May be NULL. Called after a pool was created or destroyed and
	 * before the device may see its pages (rx_queue_setup, before
	 * DRIVER_OK or a queue start): a transport that must describe the
	 * device-visible memory (vhost-user's SET_MEM_TABLE) does so again.
	 * @return 0 or -errno.
	 */
	int (*mem_update)(struct pp_virtio_hw *hw);

	/** Close the transport (socket, mappings). The device is reset. */
	void (*close)(struct pp_virtio_hw *hw);
};

/** One virtio-net device, transport-independent (in process memory). */
struct pp_virtio_hw {
	const struct pp_virtio_ops *ops;
	void *tp;		/**< the transport's own state */
	struct rte_eth_dev *eth_dev;
	uint64_t features;	/**< negotiated (FEATURES_OK accepted) */
	/**
	 * Descriptors, ring addresses and memory regions carry process
	 * virtual addresses (vhost-user: the backend maps our memory), not
	 * IOVAs (PCI through vfio-pci).
	 */
	uint8_t use_va;
	/**
	 * TX: a packet's header left as it is when its first 10 bytes (flags,
	 * GSO and checksum fields) are already zero, whatever num_buffers
	 * holds, as DPDK's virtio does (a devarg, off by default: virtio 1.x
	 * 5.1.6.2.1 wants num_buffers zero; doc/nics/virtio.md "tx_hdr_keep").
	 */
	uint8_t tx_hdr_keep;
	uint16_t max_queue_pairs; /**< from config (MQ) or 1 */
	uint16_t nb_vqs;	/**< queues the transport set up, ctrl included */
	struct pp_vq **vqs;	/**< by virtqueue index; NULL where not set up */
	char name[RTE_ETH_NAME_MAX_LEN];
};

/** Has the device accepted feature bit b? */
static inline int
pp_virtio_has(const struct pp_virtio_hw *hw, unsigned int b)
{
	return (hw->features >> b) & 1;
}

/** The address the device uses for memory at va / iova. */
static inline uint64_t
pp_virtio_addr(const struct pp_virtio_hw *hw, const void *va,
	       rte_iova_t iova)
{
	return hw->use_va ? (uint64_t)(uintptr_t)va : (uint64_t)iova;
}

/** What the transport's probe hands to the device layer. */
struct pp_virtio_net_conf {
	/**
	 * Feature bits the user turned off (devargs such as mrg_rxbuf=0,
	 * packed_vq=0); never negotiated even if offered.
	 */
	uint64_t features_off;
	/**
	 * The remaining devargs, "k=v,...", for the device layer: the common
	 * ones (pool_bufs, rx_frags) and virtio-net's own. May be NULL.
	 */
	const char *devargs;
};

/**
 * Bring up the ethdev dev (allocated by the transport's probe, data->
 * dev_private a struct pp_virtio_hw * pointing at hw): reset, feature
 * negotiation (refusing with a clear error what it cannot run: no
 * VERSION_1, or ACCESS_PLATFORM missing where the transport needs it),
 * MAC, link, dev_ops and bursts. On error hw is untouched and the
 * transport frees it.
 * @return 0 or -errno.
 */
int pp_virtio_net_init(struct rte_eth_dev *dev, struct pp_virtio_hw *hw,
		       const struct pp_virtio_net_conf *conf);

/**
 * Undo pp_virtio_net_init(): stop, release the queues (every page home),
 * reset the device. The transport then calls ops->close and frees hw.
 */
int pp_virtio_net_uninit(struct rte_eth_dev *dev);

/** The hw of a port (dev_private holds the pointer). */
static inline struct pp_virtio_hw *
pp_virtio_hw_of(const struct rte_eth_dev *dev)
{
	return *(struct pp_virtio_hw **)dev->data->dev_private;
}

#ifdef __cplusplus
}
#endif

#endif /* PP_VIRTIO_HW_H */
