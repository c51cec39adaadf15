/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The pagepool authors
 */
#ifndef XDP_LIKE_H
#define XDP_LIKE_H

/**
 * @file
 * What an xdp-like program sees: its context, its verdicts, its helpers.
 *
 * One header for both sides: eBPF programs built with
 * `clang -O2 -target bpf -mcpu=v2 -c prog.c` and the application that
 * runs them (and its built-in programs). A program is a function
 *
 *     XDP_LIKE_SEC("xdp") uint64_t prog(struct xdp_like_md *ctx)
 *
 * that may read and write the frame in [data, data_end), move data and
 * data_end with the adjust helpers, and returns an xdp_like_action.
 * doc/examples.md has the rules and the samples in examples/xdp-like/bpf/.
 */

#if defined(__bpf__)
/* No libc headers for the BPF target; the compiler knows the types. */
typedef __UINT8_TYPE__ uint8_t;
typedef __UINT16_TYPE__ uint16_t;
typedef __UINT32_TYPE__ uint32_t;
typedef __UINT64_TYPE__ uint64_t;
typedef __INT32_TYPE__ int32_t;
#else
#include <stdint.h>
#endif

#ifdef __cplusplus
extern "C" {
#endif

/** Verdicts, with the values of the kernel's enum xdp_action. */
enum xdp_like_action {
	XDP_ABORTED = 0,  /**< Program error: counted, frame dropped. */
	XDP_DROP = 1,     /**< Drop: the page goes straight back to its pool. */
	XDP_PASS = 2,     /**< Becomes an mbuf, handed to the application. */
	XDP_TX = 3,       /**< Sent back out of the ingress port. */
	XDP_REDIRECT = 4, /**< Sent out of the port xdp_like_redirect() named. */
};

/**
 * Bytes past data that the loader lets a program address with a constant
 * offset. The loader cannot prove accesses against data_end as the kernel
 * does: compare with data_end before every access, as in the kernel.
 */
#define XDP_LIKE_DATA_MAX 1518

/**
 * The context. Layout is ABI: DPDK's rte_bpf validator is told it is an
 * mbuf-like argument, so that a load of data (offset 0, where rte_mbuf
 * has buf_addr) yields a pointer a program may dereference.
 */
struct xdp_like_md {
	uint64_t data;         /**< First byte of the frame (cast to a pointer). */
	uint64_t data_end;     /**< One past the frame's last byte. */
	uint64_t reserved;     /**< Keep unused: rte_bpf reads offset 16 as data_off. */
	uint32_t ingress_port; /**< DPDK port the frame arrived on. */
	uint32_t rx_queue;     /**< RX queue it arrived on. */
};

/**
 * Move the start of the frame by delta bytes (negative: grow into the
 * headroom, e.g. to push a header). Like bpf_xdp_adjust_head().
 * Re-read data and data_end from ctx afterwards.
 * @return 0, or -22 (-EINVAL) if out of headroom or shorter than 14 bytes.
 */
long xdp_like_adjust_head(struct xdp_like_md *ctx, int32_t delta);

/**
 * Move the end of the frame by delta bytes (negative: trim). Like
 * bpf_xdp_adjust_tail(). @return 0, or -22 (-EINVAL) if out of tailroom
 * or shorter than 14 bytes.
 */
long xdp_like_adjust_tail(struct xdp_like_md *ctx, int32_t delta);

/**
 * Send the frame out of DPDK port `port`: return what this returns
 * (XDP_REDIRECT). A port the application does not use makes the verdict
 * count as aborted and the frame dropped.
 */
long xdp_like_redirect(struct xdp_like_md *ctx, uint32_t port);

#if defined(__bpf__)
/** The program's argument: the ARG of `--prog bpf:FILE:ARG`, else 0. */
extern const uint64_t xdp_like_arg;

/** Place a program in an ELF section (the loader's default is "xdp"). */
#define XDP_LIKE_SEC(name) __attribute__((section(name), used))

/** Network byte order of a 16-bit constant (BPF runs little-endian here). */
#define XDP_LIKE_HTONS(x) ((uint16_t)__builtin_bswap16((uint16_t)(x)))
#endif

#ifdef __cplusplus
}
#endif

#endif /* XDP_LIKE_H */
