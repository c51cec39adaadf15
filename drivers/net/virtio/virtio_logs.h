/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The pagepool authors
 */
#ifndef PP_VIRTIO_LOGS_H
#define PP_VIRTIO_LOGS_H

#include <rte_log.h>

/*
 * One log type for the whole driver, every transport included:
 * pmd.net.pp_virtio (registered in virtio_ethdev.c).
 */
extern int pp_virtio_logtype;

#define PP_VIRTIO_LOG(level, fmt, ...) \
	rte_log(RTE_LOG_ ## level, pp_virtio_logtype, "%s(): " fmt "\n", \
		__func__, ##__VA_ARGS__)

/* Data-path logs compile away unless built with -DPP_VIRTIO_DEBUG_DP. */
#ifdef PP_VIRTIO_DEBUG_DP
#define PP_VIRTIO_DP_LOG(level, fmt, ...) \
	PP_VIRTIO_LOG(level, fmt, ##__VA_ARGS__)
#else
#define PP_VIRTIO_DP_LOG(level, fmt, ...) do { } while (0)
#endif

#endif /* PP_VIRTIO_LOGS_H */
