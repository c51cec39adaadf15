/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The pagepool authors
 */

/*
 * Fuzz lib/pagepool's telemetry handlers, /pagepool/list and
 * /pagepool/stats,<name>, called as the telemetry thread calls them, with
 * any parameter string, while pools with fuzzed names come and go.
 *
 * Checked: a pool is created exactly when its name is 1..31 bytes and not
 * taken; /pagepool/list always answers; /pagepool/stats answers 0 for the
 * name of a live pool and -EINVAL for anything else (no name, a prefix, a
 * longer string, a destroyed pool).
 *
 * Input: operations until the input ends; a string is a length byte and
 * that many bytes (cut at a NUL).
 */

#include <stdlib.h>
#include <string.h>

#include <rte_telemetry.h>

#include "pagepool.h"
#include "pagepool_priv.h"
#include "fuzz_common.h"

#define LIVE_MAX 8
#define STR_MAX 300

static struct {
	struct pagepool *pp;
	char name[PAGEPOOL_NAMESIZE];
} live[LIVE_MAX];
static unsigned int nb_live;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	RTE_SET_USED(argc);
	RTE_SET_USED(argv);
	fuzz_eal_init("fuzz_telemetry");
	return 0;
}

/* A string from the input: length byte (255: NULL), bytes, cut at NUL. */
static const char *
fuzz_str(struct fuzz_in *in, char *buf)
{
	uint8_t n = fuzz_u8(in), i;

	if (n == 255)
		return NULL;
	for (i = 0; i < n; i++)
		buf[i] = (char)fuzz_u8(in);
	buf[n] = '\0';
	return buf;
}

static int
live_find(const char *name)
{
	unsigned int i;

	for (i = 0; name != NULL && i < nb_live; i++)
		if (strcmp(live[i].name, name) == 0)
			return (int)i;
	return -1;
}

static void
pool_create(const char *name)
{
	struct pagepool_params p;
	struct pagepool *pp;
	int want;

	if (nb_live == LIVE_MAX)
		return;
	want = name != NULL && name[0] != '\0' &&
	       strlen(name) < PAGEPOOL_NAMESIZE && live_find(name) < 0;
	pagepool_params_init(&p);
	p.name = name;
	p.nb_pages = 4;
	p.cache_size = 4;
	pp = pagepool_create(&p);
	FUZZ_CHECK((pp != NULL) == want, "pagepool_create(\"%s\"): %s, expected %s",
		   name != NULL ? name : "(null)", pp != NULL ? "created" : "refused",
		   want ? "created" : "refused");
	if (pp == NULL)
		return;
	FUZZ_CHECK(pagepool_lookup(name) == pp, "lookup of a new pool");
	live[nb_live].pp = pp;
	snprintf(live[nb_live].name, sizeof(live[0].name), "%s", name);
	nb_live++;
}

static void
pool_destroy(unsigned int i)
{
	if (nb_live == 0)
		return;
	i %= nb_live;
	FUZZ_CHECK(pagepool_destroy(live[i].pp) == 0, "destroy with none out");
	FUZZ_CHECK(pagepool_lookup(live[i].name) == NULL, "\"%s\" not freed",
		   live[i].name);
	live[i] = live[--nb_live];
}

static void
tel_call(int stats, const char *params)
{
	struct rte_tel_data *d = rte_tel_data_alloc();
	int ret, want;

	FUZZ_CHECK(d != NULL, "rte_tel_data_alloc");
	if (!stats) {
		ret = pp_tel_list("/pagepool/list", params, d);
		FUZZ_CHECK(ret == 0, "/pagepool/list: %d", ret);
	} else {
		want = live_find(params) >= 0 ? 0 : -EINVAL;
		ret = pp_tel_stats("/pagepool/stats", params, d);
		FUZZ_CHECK(ret == want, "/pagepool/stats,%s: %d, expected %d",
			   params != NULL ? params : "(null)", ret, want);
	}
	rte_tel_data_free(d);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { .p = data, .len = size };
	char buf[STR_MAX];
	unsigned int ops = 0;

	/* ops: 0 create, 1 destroy, 2 list, 3-4 stats, 5 stats of a live name */
	while (!fuzz_done(&in) && ops++ < 256) {
		uint8_t op = fuzz_u8(&in);

		switch (op % 6) {
		case 0:
			pool_create(fuzz_str(&in, buf));
			break;
		case 1:
			pool_destroy(fuzz_u8(&in));
			break;
		case 2:
			tel_call(0, fuzz_str(&in, buf));
			break;
		case 3: case 4:
			tel_call(1, fuzz_str(&in, buf));
			break;
		case 5:
			/* a live name, maybe cut short or extended */
			if (nb_live != 0) {
				uint8_t i = fuzz_u8(&in), cut = fuzz_u8(&in);

				snprintf(buf, sizeof(buf), "%s%s",
					 live[i % nb_live].name,
					 (cut & 0x80) ? "x" : "");
				if ((cut & 0x7F) < strlen(buf) && !(cut & 0x80))
					buf[cut & 0x7F] = '\0';
				tel_call(1, buf);
			}
			break;
		}
	}
	while (nb_live != 0)
		pool_destroy(0);
	return 0;
}
