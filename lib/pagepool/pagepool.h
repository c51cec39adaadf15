/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The pagepool authors
 */
#ifndef PAGEPOOL_H
#define PAGEPOOL_H

/**
 * @file
 * pagepool: the Linux page_pool model for DPDK applications.
 *
 * Include this one header. Types and out-of-line functions are in
 * pagepool_types.h, the inline fast path in pagepool_helpers.h, the mbuf
 * bridge in pagepool_mbuf.h.
 */

#include "pagepool_types.h"
#include "pagepool_helpers.h"
#include "pagepool_mbuf.h"

#endif /* PAGEPOOL_H */
