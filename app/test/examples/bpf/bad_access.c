/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The pagepool authors
 *
 * Test program that must not load: it writes 2000 bytes past data, beyond
 * XDP_LIKE_DATA_MAX, which rte_bpf's validator rejects.
 */
#include "xdp_like.h"

XDP_LIKE_SEC("xdp") uint64_t
xdp_bad_access(struct xdp_like_md *ctx)
{
	uint8_t *data = (uint8_t *)(long)ctx->data;

	data[2000] = 1;
	return XDP_PASS;
}
