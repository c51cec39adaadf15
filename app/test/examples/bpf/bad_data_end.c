/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The pagepool authors
 *
 * Test program: moves data_end far past the buffer by writing the context
 * instead of calling xdp_like_adjust_tail(). The application refuses the
 * frame (aborted) rather than send what lies beyond it.
 */
#include "xdp_like.h"

XDP_LIKE_SEC("xdp") uint64_t
xdp_bad_data_end(struct xdp_like_md *ctx)
{
	ctx->data_end += 100000;
	return XDP_TX;
}
