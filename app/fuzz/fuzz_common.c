/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The pagepool authors
 */

#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <rte_eal.h>
#include <rte_errno.h>

#include "fuzz_common.h"

void
fuzz_fail(const char *file, int line, const char *cond, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "FUZZ INVARIANT %s:%d: %s: ", file, line, cond);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

static void
fuzz_eal_cleanup(void)
{
	rte_eal_cleanup();
}

void
fuzz_eal_init(const char *name)
{
	static int done;
	char prefix[64];
	const char *argv[16];
	cpu_set_t cpus;
	int argc = 0, have_cpus;

	if (done)
		return;
	done = 1;
	snprintf(prefix, sizeof(prefix), "--file-prefix=pp_fuzz_%s_%d", name,
		 (int)getpid());
	argv[argc++] = name;
	argv[argc++] = "--no-pci";
	argv[argc++] = "-l";
	argv[argc++] = "0";
	argv[argc++] = "--no-huge";
	argv[argc++] = "-m";
	argv[argc++] = "256";
	argv[argc++] = "--iova-mode=va";
	argv[argc++] = "--no-shconf";
	argv[argc++] = prefix;
	argv[argc++] = "--log-level=*:crit";
	argv[argc] = NULL;
	/*
	 * The EAL pins the main thread to lcore 0's CPU. A fuzzer is not a
	 * data path: give it back the CPUs it had, so that several fuzzers
	 * (and the machine's other work) can spread.
	 */
	have_cpus = sched_getaffinity(0, sizeof(cpus), &cpus) == 0;
	if (rte_eal_init(argc, (char **)(uintptr_t)argv) < 0) {
		fprintf(stderr, "%s: rte_eal_init: %s\n", name,
			rte_strerror(rte_errno));
		abort();
	}
	if (have_cpus)
		pthread_setaffinity_np(pthread_self(), sizeof(cpus), &cpus);
	atexit(fuzz_eal_cleanup);
}
