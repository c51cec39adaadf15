/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The pagepool authors
 *
 * Drop every frame: its page goes straight back to its pool.
 *   clang -O2 -target bpf -mcpu=v2 -I.. -c drop.c -o drop.o
 *   pagepool-xdp-like ... -- -P bpf:drop.o
 */
#include "xdp_like.h"

XDP_LIKE_SEC("xdp") uint64_t
xdp_drop(struct xdp_like_md *ctx)
{
	(void)ctx;
	return XDP_DROP;
}
