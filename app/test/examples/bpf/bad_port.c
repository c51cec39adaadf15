/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The pagepool authors
 *
 * Test program: redirects to the port given as its argument (one the
 * application does not use). Every frame is counted as aborted.
 */
#include "xdp_like.h"

XDP_LIKE_SEC("xdp") uint64_t
xdp_bad_port(struct xdp_like_md *ctx)
{
	return xdp_like_redirect(ctx, (uint32_t)xdp_like_arg);
}
