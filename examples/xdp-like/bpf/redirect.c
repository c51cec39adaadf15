/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The pagepool authors
 *
 * Send every frame out of the port given as the program's argument:
 *   pagepool-xdp-like ... -- -P 0=bpf:redirect.o:1
 * After that port's NIC sent it, the page returns to the pool that owns it.
 */
#include "xdp_like.h"

XDP_LIKE_SEC("xdp") uint64_t
xdp_redirect(struct xdp_like_md *ctx)
{
	return xdp_like_redirect(ctx, (uint32_t)xdp_like_arg);
}
