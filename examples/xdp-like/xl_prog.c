/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The pagepool authors
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_bpf.h>
#include <rte_byteorder.h>
#include <rte_errno.h>
#include <rte_ether.h>
#include <rte_ip.h>
#include <rte_mbuf_core.h>
#include <rte_udp.h>

#include "xl_prog.h"

/* The context is handed to rte_bpf as an mbuf: keep the offsets it uses. */
static_assert(offsetof(struct xdp_like_md, data) ==
	      offsetof(struct rte_mbuf, buf_addr), "data must be at buf_addr");
static_assert(offsetof(struct xdp_like_md, reserved) ==
	      offsetof(struct rte_mbuf, data_off), "reserved must cover data_off");
static_assert(offsetof(struct xl_ctx, ldabs_guard) ==
	      offsetof(struct rte_mbuf, pkt_len), "guard must cover pkt_len");
static_assert(offsetof(struct xl_ctx, ldabs_guard) + sizeof(uint32_t) ==
	      offsetof(struct rte_mbuf, data_len), "guard must cover data_len");
static_assert(offsetof(struct xl_ctx, md) == 0, "md first");

/* ------------------------------------------------------------------ */
/* helpers: called by eBPF programs (through rte_bpf's xsym table) and by
 * the built-in ones */

long
xdp_like_adjust_head(struct xdp_like_md *md, int32_t delta)
{
	struct xl_ctx *c = (struct xl_ctx *)md;
	uint8_t *data = (uint8_t *)(uintptr_t)md->data + delta;

	if (data < c->hard_start ||
	    data + RTE_ETHER_HDR_LEN > (uint8_t *)(uintptr_t)md->data_end)
		return -EINVAL;
	md->data = (uintptr_t)data;
	return 0;
}

long
xdp_like_adjust_tail(struct xdp_like_md *md, int32_t delta)
{
	struct xl_ctx *c = (struct xl_ctx *)md;
	uint8_t *end = (uint8_t *)(uintptr_t)md->data_end + delta;

	if (end > c->hard_end ||
	    end < (uint8_t *)(uintptr_t)md->data + RTE_ETHER_HDR_LEN)
		return -EINVAL;
	md->data_end = (uintptr_t)end;
	return 0;
}

long
xdp_like_redirect(struct xdp_like_md *md, uint32_t port)
{
	((struct xl_ctx *)md)->redirect_port = port;
	return XDP_REDIRECT;
}

/* ------------------------------------------------------------------ */
/* built-in programs: the same logic as the samples in bpf/ */

static uint64_t
xl_builtin_drop(struct xdp_like_md *ctx, uint64_t arg)
{
	RTE_SET_USED(ctx);
	RTE_SET_USED(arg);
	return XDP_DROP;
}

static uint64_t
xl_builtin_pass(struct xdp_like_md *ctx, uint64_t arg)
{
	RTE_SET_USED(ctx);
	RTE_SET_USED(arg);
	return XDP_PASS;
}

/* Swap the MAC addresses and send the frame back where it came from. */
static uint64_t
xl_builtin_reflect(struct xdp_like_md *ctx, uint64_t arg)
{
	struct rte_ether_hdr *eth = (void *)(uintptr_t)ctx->data;
	struct rte_ether_addr tmp;

	RTE_SET_USED(arg);
	if (ctx->data + sizeof(*eth) > ctx->data_end)
		return XDP_DROP;
	tmp = eth->dst_addr;
	eth->dst_addr = eth->src_addr;
	eth->src_addr = tmp;
	return XDP_TX;
}

static uint64_t
xl_builtin_redirect(struct xdp_like_md *ctx, uint64_t arg)
{
	return (uint64_t)xdp_like_redirect(ctx, (uint32_t)arg);
}

/*
 * Drop UDP datagrams to destination port arg (IPv4 or IPv6, one VLAN tag
 * at most); pass everything else. A frame too short for the headers it
 * announces is dropped; a non-first IPv4 fragment passes.
 */
static uint64_t
xl_builtin_udp_filter(struct xdp_like_md *ctx, uint64_t arg)
{
	uint8_t *data = (uint8_t *)(uintptr_t)ctx->data;
	uint8_t *end = (uint8_t *)(uintptr_t)ctx->data_end;
	struct rte_ether_hdr *eth = (struct rte_ether_hdr *)data;
	struct rte_udp_hdr *udp;
	uint16_t type;
	uint8_t *l3;

	if ((uint8_t *)(eth + 1) > end)
		return XDP_DROP;
	type = eth->ether_type;
	l3 = (uint8_t *)(eth + 1);
	if (type == RTE_BE16(RTE_ETHER_TYPE_VLAN)) {
		struct rte_vlan_hdr *vh = (struct rte_vlan_hdr *)l3;

		if ((uint8_t *)(vh + 1) > end)
			return XDP_DROP;
		type = vh->eth_proto;
		l3 = (uint8_t *)(vh + 1);
	}
	if (type == RTE_BE16(RTE_ETHER_TYPE_IPV4)) {
		struct rte_ipv4_hdr *ip = (struct rte_ipv4_hdr *)l3;
		uint32_t hl;

		if ((uint8_t *)(ip + 1) > end)
			return XDP_DROP;
		if (ip->next_proto_id != IPPROTO_UDP)
			return XDP_PASS;
		if ((ip->fragment_offset & RTE_BE16(RTE_IPV4_HDR_OFFSET_MASK)) != 0)
			return XDP_PASS;
		hl = (ip->version_ihl & 0x0f) * 4u;
		if (hl < sizeof(*ip))
			return XDP_DROP;
		udp = (struct rte_udp_hdr *)(l3 + hl);
	} else if (type == RTE_BE16(RTE_ETHER_TYPE_IPV6)) {
		struct rte_ipv6_hdr *ip6 = (struct rte_ipv6_hdr *)l3;

		if ((uint8_t *)(ip6 + 1) > end)
			return XDP_DROP;
		if (ip6->proto != IPPROTO_UDP)
			return XDP_PASS;
		udp = (struct rte_udp_hdr *)(ip6 + 1);
	} else {
		return XDP_PASS;
	}
	if ((uint8_t *)(udp + 1) > end)
		return XDP_DROP;
	return udp->dst_port == rte_cpu_to_be_16((uint16_t)arg) ?
	       XDP_DROP : XDP_PASS;
}

static const struct {
	const char *name;
	xl_builtin_t fn;
	bool needs_arg;
} xl_builtins[] = {
	{ "drop", xl_builtin_drop, false },
	{ "pass", xl_builtin_pass, false },
	{ "reflect", xl_builtin_reflect, false },
	{ "redirect", xl_builtin_redirect, true },
	{ "udp-filter", xl_builtin_udp_filter, true },
};

/* ------------------------------------------------------------------ */
/* loading */

#define XL_CTX_ARG { .type = RTE_BPF_ARG_PTR, .size = sizeof(struct xdp_like_md) }
#define XL_RAW_ARG(sz) { .type = RTE_BPF_ARG_RAW, .size = (sz) }

static int
xl_parse_arg(const char *s, uint64_t *v)
{
	char *end = NULL;

	errno = 0;
	*v = strtoull(s, &end, 0);
	return (errno != 0 || end == s || *end != '\0') ? -EINVAL : 0;
}

static int
xl_prog_load_bpf(struct xl_prog *p, const char *spec, const char *section,
		 bool jit)
{
	/* Helpers by name: an object that calls anything else fails to load. */
	struct rte_bpf_xsym xsym[] = {
		{
			.name = "xdp_like_adjust_head",
			.type = RTE_BPF_XTYPE_FUNC,
			.func = {
				.val = (void *)xdp_like_adjust_head,
				.nb_args = 2,
				.args = { XL_CTX_ARG, XL_RAW_ARG(sizeof(int32_t)) },
				.ret = XL_RAW_ARG(sizeof(uint64_t)),
			},
		},
		{
			.name = "xdp_like_adjust_tail",
			.type = RTE_BPF_XTYPE_FUNC,
			.func = {
				.val = (void *)xdp_like_adjust_tail,
				.nb_args = 2,
				.args = { XL_CTX_ARG, XL_RAW_ARG(sizeof(int32_t)) },
				.ret = XL_RAW_ARG(sizeof(uint64_t)),
			},
		},
		{
			.name = "xdp_like_redirect",
			.type = RTE_BPF_XTYPE_FUNC,
			.func = {
				.val = (void *)xdp_like_redirect,
				.nb_args = 2,
				.args = { XL_CTX_ARG, XL_RAW_ARG(sizeof(uint32_t)) },
				.ret = XL_RAW_ARG(sizeof(uint64_t)),
			},
		},
		{
			.name = "xdp_like_arg",
			.type = RTE_BPF_XTYPE_VAR,
			.var = {
				.val = &p->arg,
				.desc = { .type = RTE_BPF_ARG_PTR,
					  .size = sizeof(p->arg) },
			},
		},
	};
	/*
	 * The context is described as an mbuf: the only argument type for
	 * which rte_bpf's validator turns a loaded field (buf_addr, here
	 * data) into a pointer the program may dereference, within buf_size
	 * bytes.
	 */
	struct rte_bpf_prm prm = {
		.xsym = xsym,
		.nb_xsym = RTE_DIM(xsym),
		.prog_arg = {
			.type = RTE_BPF_ARG_PTR_MBUF,
			.size = sizeof(struct xdp_like_md),
			.buf_size = XDP_LIKE_DATA_MAX,
		},
	};
	struct rte_bpf_jit j = { 0 };
	char file[PATH_MAX];
	char *colon;

	snprintf(file, sizeof(file), "%s", spec);
	colon = strrchr(file, ':');
	if (colon != NULL && xl_parse_arg(colon + 1, &p->arg) == 0)
		*colon = '\0';
	if (access(file, R_OK) != 0) {
		int err = errno;

		fprintf(stderr, "xdp-like: cannot load eBPF program %s: %s\n",
			file, strerror(err));
		return -err;
	}
	p->bpf = rte_bpf_elf_load(&prm, file, section);
	if (p->bpf == NULL) {
		int err = rte_errno;

		fprintf(stderr, "xdp-like: cannot load eBPF program %s (section \"%s\"): %s\n",
			file, section,
			err == ENOENT ? "it uses a symbol this application does not provide (helpers: xdp_like_adjust_head, xdp_like_adjust_tail, xdp_like_redirect; variable: xdp_like_arg)" :
			err == EINVAL ? "no such code section, not a BPF ELF object, or rejected by rte_bpf's validator (its log above says which, and where)" :
			rte_strerror(err));
		return -err;
	}
	if (jit) {
		if (rte_bpf_get_jit(p->bpf, &j) == 0)
			p->jit = j.func;
		if (p->jit == NULL)
			fprintf(stderr, "xdp-like: no JIT for %s here: interpreted\n",
				file);
	}
	return 0;
}

int
xl_prog_load(struct xl_prog *p, const char *spec, const char *section,
	     bool jit)
{
	const char *colon;
	size_t len;
	unsigned int i;

	memset(p, 0, sizeof(*p));
	snprintf(p->name, sizeof(p->name), "%s", spec);
	if (strncmp(spec, "bpf:", 4) == 0)
		return xl_prog_load_bpf(p, spec + 4, section, jit);

	colon = strchr(spec, ':');
	len = colon != NULL ? (size_t)(colon - spec) : strlen(spec);
	for (i = 0; i < RTE_DIM(xl_builtins); i++) {
		if (strlen(xl_builtins[i].name) != len ||
		    strncmp(spec, xl_builtins[i].name, len) != 0)
			continue;
		if (xl_builtins[i].needs_arg != (colon != NULL) ||
		    (colon != NULL && xl_parse_arg(colon + 1, &p->arg) != 0)) {
			fprintf(stderr, "xdp-like: program %s: %s\n", spec,
				xl_builtins[i].needs_arg ? "needs a number, as NAME:N" :
				"takes no argument");
			return -EINVAL;
		}
		p->fn = xl_builtins[i].fn;
		return 0;
	}
	fprintf(stderr, "xdp-like: unknown program \"%s\" (built-ins: drop, pass, reflect, redirect:PORT, udp-filter:UDPPORT; eBPF: bpf:FILE[:ARG])\n",
		spec);
	return -EINVAL;
}

void
xl_prog_unload(struct xl_prog *p)
{
	if (p->bpf != NULL)
		rte_bpf_destroy(p->bpf);
	memset(p, 0, sizeof(*p));
}

const char *
xl_prog_describe(const struct xl_prog *p, char *buf, size_t len)
{
	if (p->fn != NULL)
		snprintf(buf, len, "%s (built-in)", p->name);
	else
		snprintf(buf, len, "%s (eBPF, %s)", p->name,
			 p->jit != NULL ? "JIT" : "interpreter");
	return buf;
}
