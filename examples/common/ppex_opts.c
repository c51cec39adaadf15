/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The pagepool authors
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ppex.h"

int
ppex_parse_uint(const char *s, unsigned long min, unsigned long max,
		unsigned long *v)
{
	char *end = NULL;

	errno = 0;
	*v = strtoul(s, &end, 0);
	if (errno != 0 || end == s || *end != '\0' || *v < min || *v > max)
		return -EINVAL;
	return 0;
}

static int
ppex_parse_seconds(const char *s, double *v)
{
	char *end;

	*v = strtod(s, &end);
	if (*end != '\0' || *v < 0)
		return -EINVAL;
	return 0;
}

int
ppex_opts_parse(struct ppex_opts *o, int opt, const char *arg)
{
	unsigned long v;

	switch (opt) {
	case 'p':
		o->portmask = ppex_parse_portmask(arg);
		return o->portmask == 0 ? -EINVAL : 0;
	case 'q':
		if (ppex_parse_uint(arg, 1, PPEX_MAX_QUEUES, &v) != 0)
			return -EINVAL;
		o->nb_rxq = (uint16_t)v;
		return 0;
	case 'T':
		return ppex_parse_seconds(arg, &o->period);
	case PPEX_OPT_PATH:
		if (strcmp(arg, "auto") == 0)
			o->path = PPEX_PATH_AUTO;
		else if (strcmp(arg, "raw") == 0)
			o->path = PPEX_PATH_RAW;
		else if (strcmp(arg, "mbuf") == 0)
			o->path = PPEX_PATH_MBUF;
		else
			return -EINVAL;
		return 0;
	case PPEX_OPT_PAGES:
		if (ppex_parse_uint(arg, 64, 1u << 24, &v) != 0)
			return -EINVAL;
		o->pages = (uint32_t)v;
		return 0;
	case PPEX_OPT_PAGE_SIZE:
		if (ppex_parse_uint(arg, PAGEPOOL_PAGE_SIZE_MIN,
				    PAGEPOOL_PAGE_SIZE_MAX, &v) != 0)
			return -EINVAL;
		o->page_size = (uint32_t)v;
		return 0;
	case PPEX_OPT_RXD:
	case PPEX_OPT_TXD:
		if (ppex_parse_uint(arg, 32, 32768, &v) != 0)
			return -EINVAL;
		if (opt == PPEX_OPT_RXD)
			o->nb_rxd = (uint16_t)v;
		else
			o->nb_txd = (uint16_t)v;
		return 0;
	case PPEX_OPT_BURST:
		if (ppex_parse_uint(arg, 1, PPEX_BURST_MAX, &v) != 0)
			return -EINVAL;
		o->burst = (uint16_t)v;
		return 0;
	case PPEX_OPT_DURATION:
		return ppex_parse_seconds(arg, &o->duration);
	case PPEX_OPT_RAW_EMU:
		o->raw_emu = true;
		return 0;
	default:
		return -ENOENT;
	}
}

void
ppex_opts_usage(FILE *f)
{
	fprintf(f, "  --rxd N --txd N      descriptors per queue (default 1024)\n"
		"  --burst N            RX burst (default 32, max %d)\n"
		"  --duration SECONDS   stop after that long, as on SIGINT\n"
		"  --raw-emu            give vdevs a copying software raw path (tests)\n",
		PPEX_BURST_MAX);
}

void
ppex_opts_bad(const char *app, int argc, char **argv)
{
	if (optind > 0 && optind <= argc)
		fprintf(stderr, "%s: bad option or value near '%s'\n", app,
			argv[optind - 1]);
}

int
ppex_cli_parse(const struct ppex_cli *cli, struct ppex_opts *o, int argc,
	       char **argv)
{
	int opt, ret;

	while ((opt = getopt_long(argc, argv, cli->shortopts, cli->longopts,
				  NULL)) != -1) {
		if (opt == 'h') {
			cli->usage(argv[0]);
			return 1;
		}
		ret = cli->parse(opt, optarg);
		if (ret == -ENOENT)
			ret = ppex_opts_parse(o, opt, optarg);
		if (ret != 0)
			goto bad;
	}
	if (optind != argc)
		goto bad;
	return 0;
bad:
	ppex_opts_bad(cli->app, argc, argv);
	cli->usage(argv[0]);
	return -EINVAL;
}
