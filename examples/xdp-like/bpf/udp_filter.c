/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The pagepool authors
 *
 * UDP destination-port filter: drop UDP datagrams to the port given as the
 * program's argument (IPv4 or IPv6, at most one VLAN tag), pass everything
 * else. A frame too short for the headers it announces is dropped; a
 * non-first IPv4 fragment passes.
 *   pagepool-xdp-like ... -- -P bpf:udp_filter.o:9
 */
#include "xdp_like.h"

#define ETH_P_IPV4 0x0800
#define ETH_P_IPV6 0x86DD
#define ETH_P_8021Q 0x8100
#define IPPROTO_UDP 17
#define IP_OFFSET_MASK 0x1FFF

struct eth_hdr {
	uint8_t dst[6];
	uint8_t src[6];
	uint16_t type;
};

struct vlan_hdr {
	uint16_t tci;
	uint16_t type;
};

struct ipv4_hdr {
	uint8_t version_ihl;
	uint8_t tos;
	uint16_t total_length;
	uint16_t id;
	uint16_t frag;
	uint8_t ttl;
	uint8_t proto;
	uint16_t csum;
	uint32_t src;
	uint32_t dst;
};

struct ipv6_hdr {
	uint32_t vtc_flow;
	uint16_t payload_len;
	uint8_t proto;
	uint8_t hop_limit;
	uint8_t src[16];
	uint8_t dst[16];
};

struct udp_hdr {
	uint16_t sport;
	uint16_t dport;
	uint16_t len;
	uint16_t csum;
};

XDP_LIKE_SEC("xdp") uint64_t
xdp_udp_filter(struct xdp_like_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct eth_hdr *eth = data;
	struct udp_hdr *udp;
	uint16_t type;
	void *l3;

	if ((void *)(eth + 1) > data_end)
		return XDP_DROP;
	type = eth->type;
	l3 = eth + 1;
	if (type == XDP_LIKE_HTONS(ETH_P_8021Q)) {
		struct vlan_hdr *vh = l3;

		if ((void *)(vh + 1) > data_end)
			return XDP_DROP;
		type = vh->type;
		l3 = vh + 1;
	}
	if (type == XDP_LIKE_HTONS(ETH_P_IPV4)) {
		struct ipv4_hdr *ip = l3;
		uint32_t hl;

		if ((void *)(ip + 1) > data_end)
			return XDP_DROP;
		if (ip->proto != IPPROTO_UDP)
			return XDP_PASS;
		if ((ip->frag & XDP_LIKE_HTONS(IP_OFFSET_MASK)) != 0)
			return XDP_PASS;
		hl = (ip->version_ihl & 0x0f) * 4u;
		if (hl < sizeof(*ip))
			return XDP_DROP;
		udp = (void *)((uint8_t *)l3 + hl);
	} else if (type == XDP_LIKE_HTONS(ETH_P_IPV6)) {
		struct ipv6_hdr *ip6 = l3;

		if ((void *)(ip6 + 1) > data_end)
			return XDP_DROP;
		if (ip6->proto != IPPROTO_UDP)
			return XDP_PASS;
		udp = (void *)(ip6 + 1);
	} else {
		return XDP_PASS;
	}
	if ((void *)(udp + 1) > data_end)
		return XDP_DROP;
	return udp->dport == XDP_LIKE_HTONS(xdp_like_arg) ? XDP_DROP : XDP_PASS;
}
