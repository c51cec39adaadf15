/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The pagepool authors
 */

#define _GNU_SOURCE
#include <dirent.h>
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

/*
 * The EAL's runtime directory (/var/run/dpdk/<prefix>) is of no use to a
 * harness (no secondary process, no telemetry socket) and would outlive a
 * crash: remove it as soon as the EAL is up.
 */
static void
fuzz_rm_runtime_dir(void)
{
	const char *dir = rte_eal_get_runtime_dir();
	struct dirent *e;
	DIR *d;

	d = opendir(dir);
	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		char path[PATH_MAX];

		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		unlink(path);
	}
	closedir(d);
	rmdir(dir);
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
	argv[argc++] = "--no-telemetry";
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
	fuzz_rm_runtime_dir();
	atexit(fuzz_eal_cleanup);
}
