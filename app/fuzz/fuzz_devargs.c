/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The pagepool authors
 */

/*
 * Fuzz net_pp_e1000e's devargs parser, e1000e_devargs_parse(), with any
 * string (the input up to its first NUL), as `-a <bdf>,<string>` would
 * give it.
 *
 * Checked: a refused string leaves the adapter as it was; an accepted one
 * sets only documented values (pool_bufs up to E1000E_POOL_BUFS_MAX,
 * rx_frags 0 or 1), every value written as an unsigned number, and the
 * values written back out parse to themselves.
 */

#include <stdlib.h>
#include <string.h>

#include "e1000e.h"
#include "fuzz_common.h"

#define SENTINEL 0xA5A5A5A5u

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	RTE_SET_USED(argc);
	RTE_SET_USED(argv);
	/* the parser only needs rte_kvargs, but logs through the EAL */
	fuzz_eal_init("fuzz_devargs");
	return 0;
}

/* True if every value in a "k=v,k=v" string is an unsigned number. */
static int
values_are_numbers(const char *s)
{
	const char *p = s;

	if (strchr(s, '[') != NULL)
		return 1; /* kvargs lists: commas inside values, not checked */
	while (*p != '\0') {
		const char *v = strchr(p, '='), *end = strchr(p, ',');

		if (end == NULL)
			end = p + strlen(p);
		if (v == NULL || v > end)
			return 0; /* a key without a value */
		for (v++; v < end; v++)
			if (!((*v >= '0' && *v <= '9') ||
			      (*v >= 'a' && *v <= 'f') ||
			      (*v >= 'A' && *v <= 'F') || *v == 'x' || *v == 'X'))
				return 0;
		p = *end == ',' ? end + 1 : end;
	}
	return 1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct e1000e_adapter ad, again;
	char *s, back[64];
	int ret;

	s = malloc(size + 1);
	if (s == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';

	memset(&ad, 0, sizeof(ad));
	ad.pool_bufs = SENTINEL;
	ad.rx_frags = SENTINEL;
	ret = e1000e_devargs_parse(&ad, s);
	FUZZ_CHECK(ret == 0 || ret == -EINVAL, "\"%s\": returned %d", s, ret);
	if (ret != 0) {
		FUZZ_CHECK(ad.pool_bufs == SENTINEL && ad.rx_frags == SENTINEL,
			   "\"%s\" refused, but the adapter changed", s);
		free(s);
		return 0;
	}
	if (ad.pool_bufs != SENTINEL)
		FUZZ_CHECK(ad.pool_bufs <= E1000E_POOL_BUFS_MAX,
			   "\"%s\": pool_bufs %u accepted", s, ad.pool_bufs);
	if (ad.rx_frags != SENTINEL)
		FUZZ_CHECK(ad.rx_frags <= 1, "\"%s\": rx_frags %u accepted", s,
			   ad.rx_frags);
	FUZZ_CHECK(values_are_numbers(s), "\"%s\" accepted", s);

	/* what was accepted, written out, reads back the same */
	snprintf(back, sizeof(back), "pool_bufs=%u,rx_frags=%u",
		 ad.pool_bufs == SENTINEL ? 0 : ad.pool_bufs,
		 ad.rx_frags == SENTINEL ? 0 : ad.rx_frags);
	memset(&again, 0, sizeof(again));
	FUZZ_CHECK(e1000e_devargs_parse(&again, back) == 0, "\"%s\" refused",
		   back);
	FUZZ_CHECK(again.pool_bufs == (ad.pool_bufs == SENTINEL ? 0 : ad.pool_bufs) &&
		   again.rx_frags == (ad.rx_frags == SENTINEL ? 0 : ad.rx_frags),
		   "\"%s\" read back differently", back);
	free(s);
	return 0;
}
