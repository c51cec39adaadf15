/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The pagepool authors
 */
#ifndef PP_VIRTIO_SPEC_H
#define PP_VIRTIO_SPEC_H

/**
 * @file
 * The parts of the virtio 1.2 specification (OASIS, virtio-v1.2-cs01) that
 * net_pp_virtio uses, and nothing else. Every layout here is what the device
 * reads or writes: little-endian (VERSION_1 devices only), naturally aligned.
 * Section numbers are the spec's.
 */

#include <stdint.h>

/* 2.1 Device status field */
#define PP_VIRTIO_S_ACKNOWLEDGE		1
#define PP_VIRTIO_S_DRIVER		2
#define PP_VIRTIO_S_DRIVER_OK		4
#define PP_VIRTIO_S_FEATURES_OK		8
#define PP_VIRTIO_S_NEEDS_RESET		64
#define PP_VIRTIO_S_FAILED		128

/* 6 Reserved feature bits (bit numbers) */
#define PP_VIRTIO_F_INDIRECT_DESC	28
#define PP_VIRTIO_F_EVENT_IDX		29
#define PP_VIRTIO_F_VERSION_1		32
#define PP_VIRTIO_F_ACCESS_PLATFORM	33
#define PP_VIRTIO_F_RING_PACKED		34
#define PP_VIRTIO_F_IN_ORDER		35

/* 5.1.3 virtio-net feature bits (bit numbers) */
#define PP_VIRTIO_NET_F_CSUM		0
#define PP_VIRTIO_NET_F_GUEST_CSUM	1
#define PP_VIRTIO_NET_F_MTU		3
#define PP_VIRTIO_NET_F_MAC		5
#define PP_VIRTIO_NET_F_MRG_RXBUF	15
#define PP_VIRTIO_NET_F_STATUS		16
#define PP_VIRTIO_NET_F_CTRL_VQ		17
#define PP_VIRTIO_NET_F_CTRL_RX		18
#define PP_VIRTIO_NET_F_MQ		22
#define PP_VIRTIO_NET_F_CTRL_MAC_ADDR	23
#define PP_VIRTIO_NET_F_RSS		60

/** Feature bit number b as a mask. */
#define PP_VIRTIO_BIT(b)		(UINT64_C(1) << (b))

/* 2.7.5 split virtqueue descriptor table */
#define PP_VRING_DESC_F_NEXT		1
#define PP_VRING_DESC_F_WRITE		2
#define PP_VRING_DESC_F_INDIRECT	4

struct pp_vring_desc {
	uint64_t addr;	/**< buffer address (IOVA, or VA for vhost-user) */
	uint32_t len;
	uint16_t flags;	/**< PP_VRING_DESC_F_* */
	uint16_t next;
};

/* 2.7.6 the driver area (available ring) */
#define PP_VRING_AVAIL_F_NO_INTERRUPT	1

struct pp_vring_avail {
	uint16_t flags;
	uint16_t idx;
	uint16_t ring[];	/* then uint16_t used_event (EVENT_IDX) */
};

/* 2.7.8 the device area (used ring) */
#define PP_VRING_USED_F_NO_NOTIFY	1

struct pp_vring_used_elem {
	uint32_t id;	/**< head of the descriptor chain */
	uint32_t len;	/**< bytes the device wrote */
};

struct pp_vring_used {
	uint16_t flags;
	uint16_t idx;
	struct pp_vring_used_elem ring[]; /* then uint16_t avail_event */
};

/* 2.7.10 split ring alignment: descriptors 16, avail 2, used 4 */
#define PP_VRING_USED_ALIGN		4

/* 2.8.13 packed virtqueue descriptor */
#define PP_VRING_PACKED_DESC_F_AVAIL	(1 << 7)
#define PP_VRING_PACKED_DESC_F_USED	(1 << 15)

struct pp_vring_packed_desc {
	uint64_t addr;
	uint32_t len;
	uint16_t id;
	uint16_t flags;	/**< PP_VRING_DESC_F_* and the two wrap bits above */
};

/* 2.8.14 event suppression structure (driver and device areas) */
#define PP_VRING_EVENT_F_ENABLE		0
#define PP_VRING_EVENT_F_DISABLE	1
#define PP_VRING_EVENT_F_DESC		2

struct pp_vring_packed_event {
	uint16_t off_wrap;	/**< descriptor offset, bit 15 the wrap counter */
	uint16_t flags;		/**< PP_VRING_EVENT_F_* */
};

/* 5.1.4 device configuration layout */
#define PP_VIRTIO_NET_S_LINK_UP		1
#define PP_VIRTIO_NET_S_ANNOUNCE	2

struct pp_virtio_net_config {
	uint8_t mac[6];
	uint16_t status;		/**< STATUS: PP_VIRTIO_NET_S_* */
	uint16_t max_virtqueue_pairs;	/**< MQ (or RSS) */
	uint16_t mtu;			/**< MTU */
	uint32_t speed;
	uint8_t duplex;
	uint8_t rss_max_key_size;
	uint16_t rss_max_indirection_table_length;
	uint32_t supported_hash_types;
} __attribute__((packed));

/* 5.1.6 device operation: the header before every frame */
#define PP_VIRTIO_NET_HDR_F_NEEDS_CSUM	1
#define PP_VIRTIO_NET_HDR_F_DATA_VALID	2
#define PP_VIRTIO_NET_HDR_GSO_NONE	0

/** With VERSION_1 the header is always 12 bytes, num_buffers included. */
struct pp_virtio_net_hdr {
	uint8_t flags;
	uint8_t gso_type;
	uint16_t hdr_len;
	uint16_t gso_size;
	uint16_t csum_start;
	uint16_t csum_offset;
	uint16_t num_buffers;	/**< RX with MRG_RXBUF: buffers of the frame */
};

/* 5.1.6.5 control virtqueue */
#define PP_VIRTIO_NET_OK		0
#define PP_VIRTIO_NET_ERR		1

#define PP_VIRTIO_NET_CTRL_RX		0
#define PP_VIRTIO_NET_CTRL_RX_PROMISC	0
#define PP_VIRTIO_NET_CTRL_RX_ALLMULTI	1

#define PP_VIRTIO_NET_CTRL_MAC		1
#define PP_VIRTIO_NET_CTRL_MAC_TABLE_SET 0
#define PP_VIRTIO_NET_CTRL_MAC_ADDR_SET	1

#define PP_VIRTIO_NET_CTRL_MQ		4
#define PP_VIRTIO_NET_CTRL_MQ_VQ_PAIRS_SET 0
#define PP_VIRTIO_NET_CTRL_MQ_RSS_CONFIG 1

struct pp_virtio_net_ctrl_hdr {
	uint8_t class;
	uint8_t cmd;
};

/* 5.1.2 virtqueues: receiveq i = 2i, transmitq i = 2i + 1, then controlq */
#define PP_VIRTIO_RXQ_IDX(i)		((uint16_t)(2 * (i)))
#define PP_VIRTIO_TXQ_IDX(i)		((uint16_t)(2 * (i) + 1))
#define PP_VIRTIO_CTRLQ_IDX(pairs)	((uint16_t)(2 * (pairs)))

#endif /* PP_VIRTIO_SPEC_H */
