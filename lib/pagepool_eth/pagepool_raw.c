/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The pagepool authors
 */
#include <errno.h>

#include <rte_errno.h>
#include <rte_ethdev.h>

#include "pagepool_raw.h"

/*
 * One table per process: the PMD plugins and the applications link this
 * library shared, so both see this copy. A queue pointer is stored after
 * the port's bursts and cleared before them (release/acquire on the queue
 * pointer), so a burst that sees a queue sees its port's functions.
 */
struct __pagepool_raw_port __pagepool_raw_ports[RTE_MAX_ETHPORTS];

int
pagepool_raw_register(uint16_t port_id, const struct pagepool_raw_ops *ops)
{
	struct __pagepool_raw_port *p;

	if (port_id >= RTE_MAX_ETHPORTS ||
	    (ops != NULL && (ops->rx_burst == NULL || ops->tx_burst == NULL)))
		return -EINVAL;
	p = &__pagepool_raw_ports[port_id];
	if (ops == NULL) {
		unsigned int i;

		for (i = 0; i < RTE_MAX_QUEUES_PER_PORT; i++) {
			__atomic_store_n(&p->rxq[i], NULL, __ATOMIC_RELAXED);
			__atomic_store_n(&p->txq[i], NULL, __ATOMIC_RELAXED);
		}
		__atomic_store_n(&p->ops, NULL, __ATOMIC_RELEASE);
		return 0;
	}
	p->rx_burst = ops->rx_burst;
	p->tx_burst = ops->tx_burst;
	__atomic_store_n(&p->ops, ops, __ATOMIC_RELEASE);
	return 0;
}

static int
raw_queue_set(uint16_t port_id, uint16_t queue_id, int rx, void *q)
{
	struct __pagepool_raw_port *p;

	if (port_id >= RTE_MAX_ETHPORTS || queue_id >= RTE_MAX_QUEUES_PER_PORT)
		return -EINVAL;
	p = &__pagepool_raw_ports[port_id];
	if (q != NULL && __atomic_load_n(&p->ops, __ATOMIC_ACQUIRE) == NULL)
		return -EINVAL;
	__atomic_store_n(rx ? &p->rxq[queue_id] : &p->txq[queue_id], q,
			 __ATOMIC_RELEASE);
	return 0;
}

int
pagepool_raw_rxq_set(uint16_t port_id, uint16_t queue_id, void *rxq)
{
	return raw_queue_set(port_id, queue_id, 1, rxq);
}

int
pagepool_raw_txq_set(uint16_t port_id, uint16_t queue_id, void *txq)
{
	return raw_queue_set(port_id, queue_id, 0, txq);
}

int
pagepool_raw_supported(uint16_t port_id)
{
	if (!rte_eth_dev_is_valid_port(port_id))
		return -EINVAL;
	return __atomic_load_n(&__pagepool_raw_ports[port_id].ops,
			       __ATOMIC_ACQUIRE) != NULL ? 0 : -ENOTSUP;
}

struct pagepool *
pagepool_raw_rxq_pool(uint16_t port_id, uint16_t queue_id)
{
	const struct pagepool_raw_ops *ops;

	if (!rte_eth_dev_is_valid_port(port_id)) {
		rte_errno = EINVAL;
		return NULL;
	}
	ops = __atomic_load_n(&__pagepool_raw_ports[port_id].ops,
			      __ATOMIC_ACQUIRE);
	if (ops == NULL || ops->rxq_pool == NULL) {
		rte_errno = ENOTSUP;
		return NULL;
	}
	return ops->rxq_pool(port_id, queue_id);
}
