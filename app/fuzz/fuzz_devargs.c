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
 * rx_frags 0 or 1), and the values written back out parse to themselves.
 * The same input is also given as a pool_bufs value and must be read as a
 * plain reference reader reads it: decimal or 0x-hex digits, no sign, no
 * blank, in range.
 */

#include <inttypes.h>
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

/*
 * Reference reading of a pool_bufs value: decimal digits, or 0x and hex
 * digits, at most E1000E_POOL_BUFS_MAX. -1 if not a value.
 */
static int64_t
ref_value(const char *v)
{
	uint64_t x = 0;
	int base = 10, digits = 0;

	if (v[0] == '0' && (v[1] == 'x' || v[1] == 'X')) {
		base = 16;
		v += 2;
	}
	for (; *v != '\0'; v++, digits++) {
		int d;

		if (*v >= '0' && *v <= '9')
			d = *v - '0';
		else if (base == 16 && *v >= 'a' && *v <= 'f')
			d = *v - 'a' + 10;
		else if (base == 16 && *v >= 'A' && *v <= 'F')
			d = *v - 'A' + 10;
		else
			return -1;
		x = x * base + d;
		if (x > E1000E_POOL_BUFS_MAX)
			return -1;
	}
	return digits != 0 ? (int64_t)x : -1;
}

/* The input as one pool_bufs value, against the reference reading. */
static void
check_value(const char *v)
{
	struct e1000e_adapter ad;
	char args[128];
	int64_t want;
	int ret;

	/* '=' and '[' ']' ',' are kvargs syntax, not part of a value */
	if (strpbrk(v, "=[],") != NULL || strlen(v) > 100)
		return;
	snprintf(args, sizeof(args), "pool_bufs=%s", v);
	memset(&ad, 0, sizeof(ad));
	ret = e1000e_devargs_parse(&ad, args);
	want = ref_value(v);
	FUZZ_CHECK((ret == 0) == (want >= 0), "\"%s\": %s", args,
		   ret == 0 ? "accepted" : "refused");
	FUZZ_CHECK(ret != 0 || ad.devargs.pool_bufs == want, "\"%s\": %u, expected %jd",
		   args, ad.devargs.pool_bufs, (intmax_t)want);
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
	ad.devargs.pool_bufs = SENTINEL;
	ad.devargs.rx_frags = SENTINEL;
	ret = e1000e_devargs_parse(&ad, s);
	FUZZ_CHECK(ret == 0 || ret == -EINVAL, "\"%s\": returned %d", s, ret);
	check_value(s);
	if (ret != 0) {
		FUZZ_CHECK(ad.devargs.pool_bufs == SENTINEL && ad.devargs.rx_frags == SENTINEL,
			   "\"%s\" refused, but the adapter changed", s);
		free(s);
		return 0;
	}
	if (ad.devargs.pool_bufs != SENTINEL)
		FUZZ_CHECK(ad.devargs.pool_bufs <= E1000E_POOL_BUFS_MAX,
			   "\"%s\": pool_bufs %u accepted", s, ad.devargs.pool_bufs);
	if (ad.devargs.rx_frags != SENTINEL)
		FUZZ_CHECK(ad.devargs.rx_frags <= 1, "\"%s\": rx_frags %u accepted", s,
			   ad.devargs.rx_frags);

	/* what was accepted, written out, reads back the same */
	snprintf(back, sizeof(back), "pool_bufs=%u,rx_frags=%u",
		 ad.devargs.pool_bufs == SENTINEL ? 0 : ad.devargs.pool_bufs,
		 ad.devargs.rx_frags == SENTINEL ? 0 : ad.devargs.rx_frags);
	memset(&again, 0, sizeof(again));
	FUZZ_CHECK(e1000e_devargs_parse(&again, back) == 0, "\"%s\" refused",
		   back);
	FUZZ_CHECK(again.devargs.pool_bufs == (ad.devargs.pool_bufs == SENTINEL ? 0 : ad.devargs.pool_bufs) &&
		   again.devargs.rx_frags == (ad.devargs.rx_frags == SENTINEL ? 0 : ad.devargs.rx_frags),
		   "\"%s\" read back differently", back);
	free(s);
	return 0;
}
