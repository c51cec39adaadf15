/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The pagepool authors
 */

/* A user's first program: built against the installed tree only. */

#include <stdio.h>

#include <rte_eal.h>
#include <rte_errno.h>

#include <pagepool.h>

int
main(int argc, char **argv)
{
	struct pagepool_params p;
	struct pagepool_page *pg;
	struct pagepool *pp;

	if (rte_eal_init(argc, argv) < 0) {
		fprintf(stderr, "EAL: %s\n", rte_strerror(rte_errno));
		return 1;
	}
	pagepool_params_init(&p);
	p.name = "hello";
	p.nb_pages = 64;
	p.owner_lcore = rte_lcore_id();
	pp = pagepool_create(&p);
	if (pp == NULL) {
		fprintf(stderr, "pagepool_create: %s\n", rte_strerror(rte_errno));
		return 1;
	}
	pg = pagepool_alloc(pp);
	if (pg == NULL || pagepool_in_flight(pp) != 1)
		return 1;
	pagepool_put_page(pg);
	if (pagepool_in_flight(pp) != 0 || pagepool_destroy(pp) != 0)
		return 1;
	printf("hello pagepool: ok\n");
	rte_eal_cleanup();
	return 0;
}
