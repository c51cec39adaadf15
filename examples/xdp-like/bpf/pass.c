/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The pagepool authors
 *
 * Pass every frame to the application (it becomes an mbuf).
 */
#include "xdp_like.h"

XDP_LIKE_SEC("xdp") uint64_t
xdp_pass(struct xdp_like_md *ctx)
{
	(void)ctx;
	return XDP_PASS;
}
