/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The pagepool authors
 */
#ifndef E1000E_LOGS_H
#define E1000E_LOGS_H

#include <rte_log.h>

/* One log type for the driver: pmd.net.pp_e1000e */
extern int e1000e_logtype;

#define E1000E_LOG(level, fmt, ...) \
	rte_log(RTE_LOG_ ## level, e1000e_logtype, "%s(): " fmt "\n", \
		__func__, ##__VA_ARGS__)

/* Data-path logs compile away unless built with -DE1000E_DEBUG_DP. */
#ifdef E1000E_DEBUG_DP
#define E1000E_DP_LOG(level, fmt, ...) E1000E_LOG(level, fmt, ##__VA_ARGS__)
#else
#define E1000E_DP_LOG(level, fmt, ...) do { } while (0)
#endif

#endif /* E1000E_LOGS_H */
