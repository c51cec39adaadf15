/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The pagepool authors
 *
 * Test program: returns a verdict XDP does not have (7). Every frame is
 * counted as aborted and its page recycled.
 */
#include "xdp_like.h"

XDP_LIKE_SEC("xdp") uint64_t
xdp_bad_verdict(struct xdp_like_md *ctx)
{
	(void)ctx;
	return 7;
}
