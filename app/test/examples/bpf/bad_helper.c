/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The pagepool authors
 *
 * Test program that must not load: it calls a helper the application
 * does not offer.
 */
#include "xdp_like.h"

extern long xdp_like_no_such_helper(struct xdp_like_md *ctx);

XDP_LIKE_SEC("xdp") uint64_t
xdp_bad_helper(struct xdp_like_md *ctx)
{
	return (uint64_t)xdp_like_no_such_helper(ctx);
}
