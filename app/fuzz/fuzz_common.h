/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The pagepool authors
 */
#ifndef PAGEPOOL_FUZZ_COMMON_H
#define PAGEPOOL_FUZZ_COMMON_H

/*
 * What every libFuzzer harness shares: one EAL per process, started from
 * LLVMFuzzerInitialize(), a reader that turns the fuzz input into small
 * numbers, and an invariant check that stops the run with a message (the
 * fuzzer then saves the input as a crash artifact).
 */

#include <stddef.h>
#include <stdint.h>

/**
 * Start the EAL once: --no-pci, lcore 0 (not pinned: the fuzzer may share
 * the machine), --no-huge with IOVA as VA, no shared files, no telemetry
 * socket (handlers are called directly), a file prefix unique to the
 * process whose runtime directory is removed at once, quiet logs. Aborts if the EAL does not start: a harness without
 * an EAL would report nothing useful.
 */
void fuzz_eal_init(const char *name);

/** The fuzz input, read front to back; past its end every read is 0. */
struct fuzz_in {
	const uint8_t *p;
	size_t len;
	size_t off;
};

static inline uint8_t
fuzz_u8(struct fuzz_in *in)
{
	return in->off < in->len ? in->p[in->off++] : 0;
}

static inline uint16_t
fuzz_u16(struct fuzz_in *in)
{
	uint16_t lo = fuzz_u8(in);

	return (uint16_t)(lo | fuzz_u8(in) << 8);
}

static inline uint32_t
fuzz_u32(struct fuzz_in *in)
{
	uint32_t lo = fuzz_u16(in);

	return lo | (uint32_t)fuzz_u16(in) << 16;
}

static inline int
fuzz_done(const struct fuzz_in *in)
{
	return in->off >= in->len;
}

/** An invariant broke: print why and abort, so that the input is kept. */
#define FUZZ_CHECK(cond, fmt, ...) do {                                     \
	if (!(cond))                                                        \
		fuzz_fail(__FILE__, __LINE__, #cond, fmt, ##__VA_ARGS__);   \
} while (0)

__attribute__((noreturn, format(printf, 4, 5)))
void fuzz_fail(const char *file, int line, const char *cond,
	       const char *fmt, ...);

#endif /* PAGEPOOL_FUZZ_COMMON_H */
