/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The pagepool authors
 */
#ifndef PAGEPOOL_PRIV_H
#define PAGEPOOL_PRIV_H

#include <rte_log.h>

#include "pagepool.h"

extern int pagepool_logtype;

#define PP_LOG(level, fmt, ...) \
	rte_log(RTE_LOG_ ## level, pagepool_logtype, "pagepool: " fmt "\n", \
		##__VA_ARGS__)

/** Owner field of an own_word. */
static inline uint32_t
pp_owner_of(uint64_t w)
{
	return (uint32_t)w;
}

/** Pending request field of an own_word. */
static inline uint32_t
pp_req_of(uint64_t w)
{
	return (uint32_t)(w >> 32);
}

/* Visitors used by telemetry: call fn for each live pool, under the lock. */
void pp_foreach(void (*fn)(struct pagepool *pp, void *arg), void *arg);

struct rte_tel_data;
/* Telemetry handlers (pagepool_telemetry.c), out of line for app/fuzz. */
int pp_tel_list(const char *cmd, const char *params, struct rte_tel_data *d);
int pp_tel_stats(const char *cmd, const char *params, struct rte_tel_data *d);

#endif /* PAGEPOOL_PRIV_H */
