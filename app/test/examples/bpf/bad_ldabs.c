/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The pagepool authors
 *
 * Test program: a classic-BPF style packet load (LD_ABS), which treats
 * the context as an mbuf. The context's guard makes it find no data, so the
 * program ends with 0, XDP_ABORTED: counted, page recycled.
 */
#include "xdp_like.h"

unsigned long long load_byte(void *ctx, unsigned long long off)
	asm("llvm.bpf.load.byte");

XDP_LIKE_SEC("xdp") uint64_t
xdp_bad_ldabs(struct xdp_like_md *ctx)
{
	if (load_byte(ctx, 12) == 0x08)
		return XDP_PASS;
	return XDP_TX;
}
