/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The pagepool authors
 *
 * Mac-swap reflector: swap the Ethernet addresses and send the frame back
 * out of the port it came in on. Frames shorter than an Ethernet header
 * are dropped.
 */
#include "xdp_like.h"

struct eth_hdr {
	uint8_t dst[6];
	uint8_t src[6];
	uint16_t type;
};

XDP_LIKE_SEC("xdp") uint64_t
xdp_reflect(struct xdp_like_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct eth_hdr *eth = data;
	uint8_t tmp[6];

	if ((void *)(eth + 1) > data_end)
		return XDP_DROP;
	__builtin_memcpy(tmp, eth->dst, 6);
	__builtin_memcpy(eth->dst, eth->src, 6);
	__builtin_memcpy(eth->src, tmp, 6);
	return XDP_TX;
}
