/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The pagepool authors
 *
 * Test program for the adjust helpers: push an 802.1Q tag (VLAN 100) in
 * front of the EtherType with xdp_like_adjust_head(-4), trim 4 bytes off
 * the end with xdp_like_adjust_tail(-4), and send the frame back. Frames
 * shorter than an Ethernet header are dropped; a refused adjust aborts.
 */
#include "xdp_like.h"

XDP_LIKE_SEC("xdp") uint64_t
xdp_vlan_push(struct xdp_like_md *ctx)
{
	uint8_t *data = (uint8_t *)(long)ctx->data;
	uint8_t *data_end = (uint8_t *)(long)ctx->data_end;

	if (data + 14 > data_end)
		return XDP_DROP;
	if (xdp_like_adjust_head(ctx, -4) != 0)
		return XDP_ABORTED;
	data = (uint8_t *)(long)ctx->data;
	data_end = (uint8_t *)(long)ctx->data_end;
	if (data + 18 > data_end)
		return XDP_ABORTED;
	/* move the addresses to the new start, then write the tag */
	__builtin_memmove(data, data + 4, 12);
	data[12] = 0x81;
	data[13] = 0x00;
	data[14] = 0x00;
	data[15] = 100;
	if (xdp_like_adjust_tail(ctx, -4) != 0)
		return XDP_ABORTED;
	return XDP_TX;
}
