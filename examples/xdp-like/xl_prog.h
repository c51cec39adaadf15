/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The pagepool authors
 */
#ifndef XL_PROG_H
#define XL_PROG_H

/*
 * xdp-like programs: the built-in ones (C functions) and eBPF ones (ELF
 * objects run by DPDK's rte_bpf, JIT-compiled on x86_64), behind one call.
 */

#include <stdbool.h>
#include <stdint.h>

#include <rte_bpf.h>
#include <rte_common.h>

#include "xdp_like.h"

/*
 * A program's context as the application keeps it: the public part first
 * (the program's pointer), then what the helpers need.
 */
struct xl_ctx {
	struct xdp_like_md md;
	uint32_t redirect_port;	/* set by xdp_like_redirect() */
	/*
	 * Where rte_mbuf has pkt_len and data_len: always 0, so that an
	 * LD_ABS/LD_IND instruction (which treats the context as an mbuf)
	 * finds no data and ends the program with 0, XDP_ABORTED.
	 */
	uint32_t ldabs_guard[2];
	uint32_t pad;
	uint8_t *hard_start;	/* data may move down to here */
	uint8_t *hard_end;	/* data_end may move up to here */
};

typedef uint64_t (*xl_builtin_t)(struct xdp_like_md *ctx, uint64_t arg);

struct xl_prog {
	char name[128];		/* as given, for messages */
	uint64_t arg;		/* built-in argument, or eBPF's xdp_like_arg */
	xl_builtin_t fn;	/* built-in, or NULL */
	struct rte_bpf *bpf;	/* eBPF, or NULL */
	uint64_t (*jit)(void *ctx); /* eBPF JIT code, or NULL: interpreter */
};

/*
 * Load a program from its spec:
 *   drop | pass | reflect | redirect:PORT | udp-filter:UDPPORT
 *   bpf:FILE[:ARG]       eBPF ELF object, code in section `section`
 * 0, or -errno with the reason printed on stderr.
 */
int xl_prog_load(struct xl_prog *p, const char *spec, const char *section,
		 bool jit);

/* Free what xl_prog_load() took. */
void xl_prog_unload(struct xl_prog *p);

/* One line about the program: "reflect (built-in)", "... (eBPF, JIT)". */
const char *xl_prog_describe(const struct xl_prog *p, char *buf, size_t len);

/* Run a program on n contexts; verdicts into rc[]. */
static inline void
xl_prog_run(const struct xl_prog *p, struct xl_ctx **ctx, uint64_t *rc,
	    uint16_t n)
{
	uint16_t i;

	if (p->fn != NULL) {
		for (i = 0; i < n; i++)
			rc[i] = p->fn(&ctx[i]->md, p->arg);
	} else if (p->jit != NULL) {
		for (i = 0; i < n; i++)
			rc[i] = p->jit(ctx[i]);
	} else {
		rte_bpf_exec_burst(p->bpf, (void **)ctx, rc, n);
	}
}

#endif /* XL_PROG_H */
