/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The pagepool authors
 */

/* /pagepool/list and /pagepool/stats,<name> for dpdk-telemetry.py. */

#include <errno.h>

#include <rte_telemetry.h>

#include "pagepool_priv.h"

static void
pp_tel_add_name(struct pagepool *pp, void *arg)
{
	rte_tel_data_add_array_string(arg, pp->name);
}

int
pp_tel_list(const char *cmd, const char *params, struct rte_tel_data *d)
{
	RTE_SET_USED(cmd);
	RTE_SET_USED(params);
	rte_tel_data_start_array(d, RTE_TEL_STRING_VAL);
	pp_foreach(pp_tel_add_name, d);
	return 0;
}

int
pp_tel_stats(const char *cmd, const char *params, struct rte_tel_data *d)
{
	struct pagepool_info info;
	const struct pagepool_info *in = &info;

	RTE_SET_USED(cmd);
	if (params == NULL || params[0] == '\0')
		return -EINVAL;
	/* read under the pool list lock: the pool cannot be freed meanwhile */
	if (pagepool_info_lookup(params, &info) != 0)
		return -EINVAL;
	rte_tel_data_start_dict(d);
	rte_tel_data_add_dict_string(d, "name", params);
	rte_tel_data_add_dict_u64(d, "nb_pages", in->nb_pages);
	rte_tel_data_add_dict_u64(d, "page_size", in->page_size);
	rte_tel_data_add_dict_int(d, "owner", in->owner == PAGEPOOL_OWNER_NONE ?
				  -1 : (int)in->owner);
	rte_tel_data_add_dict_u64(d, "in_flight", in->in_flight);
	rte_tel_data_add_dict_u64(d, "cached", in->cached);
	rte_tel_data_add_dict_u64(d, "ring", in->ring);
	rte_tel_data_add_dict_u64(d, "backing", in->backing);
	rte_tel_data_add_dict_u64(d, "alloc_fast", in->stats.alloc_fast);
	rte_tel_data_add_dict_u64(d, "alloc_slow", in->stats.alloc_slow);
	rte_tel_data_add_dict_u64(d, "alloc_refill", in->stats.alloc_refill);
	rte_tel_data_add_dict_u64(d, "alloc_empty", in->stats.alloc_empty);
	rte_tel_data_add_dict_u64(d, "recycle_cached", in->stats.recycle_cached);
	rte_tel_data_add_dict_u64(d, "recycle_ring", in->stats.recycle_ring);
	rte_tel_data_add_dict_u64(d, "recycle_ring_full", in->stats.recycle_ring_full);
	rte_tel_data_add_dict_u64(d, "recycle_released", in->stats.recycle_released);
	rte_tel_data_add_dict_u64(d, "bad_put", in->bad_put);
	rte_tel_data_add_dict_u64(d, "home_excess", in->home_excess);
	rte_tel_data_add_dict_int(d, "destroying", in->destroying);
	return 0;
}

RTE_INIT(pagepool_telemetry_init)
{
	rte_telemetry_register_cmd("/pagepool/list", pp_tel_list,
		"Returns the names of the page pools. Takes no parameters");
	rte_telemetry_register_cmd("/pagepool/stats", pp_tel_stats,
		"Returns a page pool's counters and state. Parameters: pool name");
}
