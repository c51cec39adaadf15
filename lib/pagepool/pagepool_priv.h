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

/* Pinned mbuf headers (pagepool_pinned.c), PAGEPOOL_F_PINNED_MBUF only. */
size_t pp_pinned_mem_size(uint32_t nb_pages);
/* Set up pp's header mempool over mem (pp_pinned_mem_size() bytes, 64 B
 * aligned); 0 or -errno, nothing left behind on failure. */
int pp_pinned_create(struct pagepool *pp, void *mem, uint32_t id);
/* Free the header mempool, if any: no header may be in use. */
void pp_pinned_free(struct pagepool *pp);

/* Visitors used by telemetry: call fn for each live pool, under the lock. */
void pp_foreach(void (*fn)(struct pagepool *pp, void *arg), void *arg);

#ifdef PAGEPOOL_TEST_HOOKS
/*
 * Test-only: app/test builds a static copy of the library with
 * -DPAGEPOOL_TEST_HOOKS, whose hook a test sets to park a thread at one of
 * these points and so force an interleaving. The installed library has none.
 */
enum pp_test_point {
	PP_TEST_PUT_CHECKED,  /* a put saw the pool not destroying, enqueued nothing yet */
	PP_TEST_PUT_ENQUEUED, /* a put enqueued pages into the ring or backing store */
	PP_TEST_RING_FULL,    /* a remote put found the return ring full, decided nothing yet */
	PP_TEST_LIST_WALK,    /* a lookup is at an entry of the pool list */
	PP_TEST_LIST_WAIT,    /* a thread waits for the pool list lock */
	PP_TEST_FREED,        /* pp was unmapped: its value only, never to read */
};
extern void (*pp_test_hook)(enum pp_test_point point, const void *pp);
#define PP_TEST_HOOK(point, pp) do {                                        \
	if (pp_test_hook != NULL)                                           \
		pp_test_hook(point, pp);                                    \
} while (0)
#else
#define PP_TEST_HOOK(point, pp) do { } while (0)
#endif

struct rte_tel_data;
/* Telemetry handlers (pagepool_telemetry.c), out of line for app/fuzz. */
int pp_tel_list(const char *cmd, const char *params, struct rte_tel_data *d);
int pp_tel_stats(const char *cmd, const char *params, struct rte_tel_data *d);

#endif /* PAGEPOOL_PRIV_H */
