/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The pagepool authors
 */

/*
 * Fuzz net_pp_virtio's device-layer devargs parser,
 * pp_virtio_devargs_parse() (virtio_ethdev.c: speed=<Mb/s> there, the
 * common pool_bufs and rx_frags through ppdrv_devargs_parse()), with any
 * string (the input up to its first NUL), as the PCI probe gives it what
 * follows `-a <bdf>,` and the vhost-user probe what is left of its own.
 * (The vhost-user probe's parser, vu_parse() in virtio_user.c, is static:
 * not reachable from here without changing the driver.)
 *
 * Checked: the answer is 0 or -EINVAL; a refused string leaves both
 * outputs as they were; an accepted one sets only documented values
 * (pool_bufs up to 2^24, rx_frags 0 or 1, a speed from the list), the
 * speed is that of the string's last speed= (or unchanged without one),
 * and the values written back out parse to themselves.
 */

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <rte_ethdev.h>

#include "fuzz_common.h"
#include "ppdrv.h"

#define SENTINEL 0xA5A5A5A5u
#define ARGS_MAX 4096

/* virtio_ethdev.c's, not in a header (the host test declares it too) */
int pp_virtio_devargs_parse(const char *args, struct ppdrv_devargs *da,
			    uint32_t *speed);

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	RTE_SET_USED(argc);
	RTE_SET_USED(argv);
	fuzz_eal_init("fuzz_virtio_devargs");
	return 0;
}

static int
speed_ok(uint32_t v)
{
	static const uint32_t ok[] = {
		RTE_ETH_SPEED_NUM_10M, RTE_ETH_SPEED_NUM_100M,
		RTE_ETH_SPEED_NUM_1G, RTE_ETH_SPEED_NUM_2_5G,
		RTE_ETH_SPEED_NUM_5G, RTE_ETH_SPEED_NUM_10G,
		RTE_ETH_SPEED_NUM_20G, RTE_ETH_SPEED_NUM_25G,
		RTE_ETH_SPEED_NUM_40G, RTE_ETH_SPEED_NUM_50G,
		RTE_ETH_SPEED_NUM_56G, RTE_ETH_SPEED_NUM_100G,
		RTE_ETH_SPEED_NUM_200G,
	};
	unsigned int i;

	for (i = 0; i < RTE_DIM(ok); i++)
		if (v == ok[i])
			return 1;
	return 0;
}

/*
 * The value of the last "speed=" token (comma-separated), read as plain
 * decimal, or -1 if there is none; -2 if it is no plain decimal number.
 */
static int64_t
ref_last_speed(const char *args)
{
	const char *p = args;
	int64_t last = -1;

	while (*p != '\0') {
		const char *end = strchr(p, ',');
		size_t n = end != NULL ? (size_t)(end - p) : strlen(p);

		if (n >= 6 && strncmp(p, "speed=", 6) == 0) {
			uint64_t v = 0;
			size_t i;

			last = n > 6 ? 0 : -2;
			for (i = 6; i < n && last != -2; i++) {
				if (p[i] < '0' || p[i] > '9' ||
				    (v = v * 10 + (uint64_t)(p[i] - '0')) >
				    UINT32_MAX)
					last = -2;
			}
			if (last != -2)
				last = (int64_t)v;
		}
		p += n;
		if (*p == ',')
			p++;
	}
	return last;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ppdrv_devargs da = { .pool_bufs = SENTINEL,
				    .rx_frags = SENTINEL };
	struct ppdrv_devargs da2;
	uint32_t speed = SENTINEL, speed2;
	char args[ARGS_MAX + 1], out[128];
	size_t n = strnlen((const char *)data, RTE_MIN(size, (size_t)ARGS_MAX));
	int64_t want_speed;
	int ret;

	memcpy(args, data, n);
	args[n] = '\0';
	ret = pp_virtio_devargs_parse(args, &da, &speed);
	FUZZ_CHECK(ret == 0 || ret == -EINVAL, "\"%s\": %d", args, ret);
	if (ret != 0) {
		FUZZ_CHECK(da.pool_bufs == SENTINEL && da.rx_frags == SENTINEL &&
			   speed == SENTINEL,
			   "\"%s\" refused, outputs changed", args);
		return 0;
	}
	FUZZ_CHECK(da.pool_bufs == SENTINEL ||
		   da.pool_bufs <= PPDRV_POOL_BUFS_MAX,
		   "\"%s\": pool_bufs %u", args, da.pool_bufs);
	FUZZ_CHECK(da.rx_frags == SENTINEL || da.rx_frags <= 1,
		   "\"%s\": rx_frags %u", args, da.rx_frags);
	want_speed = ref_last_speed(args);
	FUZZ_CHECK(want_speed != -2, "\"%s\" accepted, its speed is no number",
		   args);
	if (want_speed == -1)
		FUZZ_CHECK(speed == SENTINEL, "\"%s\" has no speed=, speed %u",
			   args, speed);
	else
		FUZZ_CHECK(speed == want_speed && speed_ok(speed),
			   "\"%s\": speed %u, the string says %" PRId64, args,
			   speed, want_speed);

	/* what was read, written back out, reads the same */
	snprintf(out, sizeof(out), "speed=%u,pool_bufs=%u,rx_frags=%u",
		 speed == SENTINEL ? 1000 : speed,
		 da.pool_bufs == SENTINEL ? 0 : da.pool_bufs,
		 da.rx_frags == SENTINEL ? 0 : da.rx_frags);
	da2 = (struct ppdrv_devargs){ .pool_bufs = SENTINEL,
				      .rx_frags = SENTINEL };
	speed2 = SENTINEL;
	FUZZ_CHECK(pp_virtio_devargs_parse(out, &da2, &speed2) == 0,
		   "\"%s\" (from \"%s\") refused", out, args);
	FUZZ_CHECK(speed2 == (speed == SENTINEL ? 1000 : speed) &&
		   da2.pool_bufs == (da.pool_bufs == SENTINEL ? 0 : da.pool_bufs) &&
		   da2.rx_frags == (da.rx_frags == SENTINEL ? 0 : da.rx_frags),
		   "\"%s\" read back differently", out);
	return 0;
}
