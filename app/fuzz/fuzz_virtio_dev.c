/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The pagepool authors
 */

#include <errno.h>
#include <stdio.h>

#include <rte_malloc.h>

#include "fuzz_common.h"
#include "fuzz_virtio_dev.h"
#include "virtio_spec.h"

static struct fuzz_vport *
port_of(struct pp_virtio_hw *hw)
{
	return container_of(hw, struct fuzz_vport, hw);
}

static int
t_reset(struct pp_virtio_hw *hw __rte_unused)
{
	return 0;
}

static uint8_t
t_get_status(struct pp_virtio_hw *hw __rte_unused)
{
	return PP_VIRTIO_S_DRIVER_OK;
}

static void
t_set_status(struct pp_virtio_hw *hw __rte_unused, uint8_t st __rte_unused)
{
}

static uint64_t
t_get_features(struct pp_virtio_hw *hw)
{
	return hw->features;
}

static int
t_set_features(struct pp_virtio_hw *hw __rte_unused, uint64_t f __rte_unused)
{
	return 0;
}

static int
t_read_cfg(struct pp_virtio_hw *hw __rte_unused, uint32_t off __rte_unused,
	   void *dst __rte_unused, uint32_t len __rte_unused)
{
	return -ENOTSUP;
}

static uint16_t
t_queue_max(struct pp_virtio_hw *hw __rte_unused, uint16_t idx)
{
	return idx < 2 ? FUZZ_VPORT_QUEUE_MAX : 0;
}

static int
t_queue_setup(struct pp_virtio_hw *hw, struct pp_vq *vq)
{
	struct fuzz_vport *p = port_of(hw);
	int rc = p->on_setup(vq);

	if (rc == 0)
		p->vq = vq;
	return rc;
}

static int
t_queue_release(struct pp_virtio_hw *hw, struct pp_vq *vq)
{
	struct fuzz_vport *p = port_of(hw);

	if (p->vq == vq)
		p->vq = NULL;	/* the device no longer touches it */
	return 0;
}

static void
t_notify(struct pp_virtio_hw *hw, struct pp_vq *vq)
{
	FUZZ_CHECK(vq == port_of(hw)->vq,
		   "notify for a queue the device does not run");
}

static int
t_config_intr(struct pp_virtio_hw *hw __rte_unused,
	      void (*changed)(struct pp_virtio_hw *hw) __rte_unused)
{
	return -ENOTSUP;
}

static void
t_close(struct pp_virtio_hw *hw __rte_unused)
{
}

void
fuzz_vport_init(struct fuzz_vport *p, const char *name,
		uint16_t nb_rxq, uint16_t nb_txq,
		int (*on_setup)(struct pp_vq *vq))
{
	struct rte_eth_dev *dev = rte_eth_dev_allocate(name);

	FUZZ_CHECK(dev != NULL, "rte_eth_dev_allocate");
	dev->data->dev_private = rte_zmalloc(NULL, sizeof(void *), 0);
	dev->data->rx_queues = rte_zmalloc(NULL, sizeof(void *), 0);
	dev->data->tx_queues = rte_zmalloc(NULL, sizeof(void *), 0);
	FUZZ_CHECK(dev->data->dev_private != NULL &&
		   dev->data->rx_queues != NULL && dev->data->tx_queues != NULL,
		   "port");
	dev->data->nb_rx_queues = nb_rxq;
	dev->data->nb_tx_queues = nb_txq;
	p->ops = (struct pp_virtio_ops){
		.name = "fuzz",
		.reset = t_reset,
		.get_status = t_get_status,
		.set_status = t_set_status,
		.get_features = t_get_features,
		.set_features = t_set_features,
		.read_cfg = t_read_cfg,
		.queue_max = t_queue_max,
		.queue_setup = t_queue_setup,
		.queue_release = t_queue_release,
		.notify = t_notify,
		.config_intr = t_config_intr,
		.close = t_close,
	};
	p->hw.ops = &p->ops;
	p->hw.use_va = 1;
	p->hw.max_queue_pairs = 1;
	p->hw.eth_dev = dev;
	snprintf(p->hw.name, sizeof(p->hw.name), "%s", name);
	p->dev = dev;
	p->vq = NULL;
	p->on_setup = on_setup;
	*(struct pp_virtio_hw **)dev->data->dev_private = &p->hw;
}
