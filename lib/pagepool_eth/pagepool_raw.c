/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The pagepool authors
 */
#include <errno.h>

#include <rte_errno.h>

#include "pagepool_raw.h"

const struct pagepool_raw_ops *__pagepool_raw_ops[RTE_MAX_ETHPORTS];

int
pagepool_raw_register(uint16_t port_id, const struct pagepool_raw_ops *ops)
{
	if (port_id >= RTE_MAX_ETHPORTS ||
	    (ops != NULL && (ops->rx_burst == NULL || ops->tx_burst == NULL)))
		return -EINVAL;
	__atomic_store_n(&__pagepool_raw_ops[port_id], ops, __ATOMIC_RELEASE);
	return 0;
}

int
pagepool_raw_supported(uint16_t port_id)
{
	if (!rte_eth_dev_is_valid_port(port_id))
		return -EINVAL;
	return __pagepool_raw_ops[port_id] != NULL ? 0 : -ENOTSUP;
}

struct pagepool *
pagepool_raw_rxq_pool(uint16_t port_id, uint16_t queue_id)
{
	const struct pagepool_raw_ops *ops;

	if (!rte_eth_dev_is_valid_port(port_id)) {
		rte_errno = EINVAL;
		return NULL;
	}
	ops = __pagepool_raw_ops[port_id];
	if (ops == NULL || ops->rxq_pool == NULL) {
		rte_errno = ENOTSUP;
		return NULL;
	}
	return ops->rxq_pool(port_id, queue_id);
}
