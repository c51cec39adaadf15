/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The pagepool authors
 */
#ifndef PAGEPOOL_FUZZ_VIRTIO_DEV_H
#define PAGEPOOL_FUZZ_VIRTIO_DEV_H

/*
 * The port both virtio data-path harnesses drive: an ethdev whose private
 * data is a struct pp_virtio_hw with a transport of a few lines. The
 * harness plays the device of one queue: the transport only records which
 * virtqueue the driver handed over (vq), asks the harness to reset its
 * side of the device when a queue is set up, and checks that notifications
 * name that queue. Config space, interrupts and status are not modelled.
 */

#include <stdint.h>

#include <ethdev_driver.h>

#include "virtio_hw.h"

/** The largest queue the fake device offers. */
#define FUZZ_VPORT_QUEUE_MAX 256

struct fuzz_vport {
	struct pp_virtio_hw hw;		/**< dev_private points here */
	struct pp_virtio_ops ops;
	struct rte_eth_dev *dev;
	/** The queue the device runs: set by queue_setup, NULL once released. */
	struct pp_vq *vq;
	/**
	 * The harness's side of a queue_setup: reset what its device keeps
	 * for the ring. A nonzero return refuses the setup with it.
	 */
	int (*on_setup)(struct pp_vq *vq);
};

/**
 * Allocate the ethdev `name` with nb_rxq RX and nb_txq TX queue slots and
 * wire p into it: features are p->hw.features as the harness sets them,
 * virtual addresses (use_va), one queue pair. Stops the run on failure.
 */
void fuzz_vport_init(struct fuzz_vport *p, const char *name,
		     uint16_t nb_rxq, uint16_t nb_txq,
		     int (*on_setup)(struct pp_vq *vq));

#endif /* PAGEPOOL_FUZZ_VIRTIO_DEV_H */
