/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The pagepool authors
 */
#ifndef PP_VHOST_USER_H
#define PP_VHOST_USER_H

/**
 * @file
 * The front-end side of the vhost-user protocol (QEMU docs/interop/
 * vhost-user.rst) over a UNIX stream socket: what net_pp_virtio_user
 * sends, and nothing else. No EAL state is used here (only logging), so
 * the host tests drive it against a fake back-end without an EAL.
 *
 * The back-end is not trusted: every reply is awaited with a bounded poll
 * (-ETIMEDOUT), and its header checked (version 1, the reply bit, the
 * request we sent, the exact payload size: -EPROTO otherwise). A peer that
 * closes mid-message gives -ECONNRESET. After any such error the stream
 * may be out of step: the caller closes the connection.
 */

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Requests (front-end to back-end) */
#define PP_VHU_GET_FEATURES		1
#define PP_VHU_SET_FEATURES		2
#define PP_VHU_SET_OWNER		3
#define PP_VHU_SET_MEM_TABLE		5
#define PP_VHU_SET_VRING_NUM		8
#define PP_VHU_SET_VRING_ADDR		9
#define PP_VHU_SET_VRING_BASE		10
#define PP_VHU_GET_VRING_BASE		11
#define PP_VHU_SET_VRING_KICK		12
#define PP_VHU_SET_VRING_CALL		13
#define PP_VHU_GET_PROTOCOL_FEATURES	15
#define PP_VHU_SET_PROTOCOL_FEATURES	16
#define PP_VHU_GET_QUEUE_NUM		17
#define PP_VHU_SET_VRING_ENABLE		18
#define PP_VHU_SET_STATUS		39

/* Header flags */
#define PP_VHU_VERSION			1	/**< bits 0-1 */
#define PP_VHU_VERSION_MASK		3
#define PP_VHU_FLAG_REPLY		(1u << 2)
#define PP_VHU_FLAG_NEED_REPLY		(1u << 3)

/** Virtio feature bit 30: the back-end speaks protocol features. */
#define PP_VHU_F_PROTOCOL_FEATURES	30
/** Virtio feature bit 26: dirty logging (never taken). */
#define PP_VHU_F_LOG_ALL		26

/* Protocol feature bits we take; the others are never acked. */
#define PP_VHU_PROTOCOL_F_MQ		0
#define PP_VHU_PROTOCOL_F_REPLY_ACK	3
#define PP_VHU_PROTOCOL_F_STATUS	16

/** Regions a SET_MEM_TABLE may carry. */
#define PP_VHU_MAX_REGIONS		8
/** SET_VRING_KICK/CALL payload: no fd attached (polling). */
#define PP_VHU_VRING_NOFD		(1u << 8)

/** One region of SET_MEM_TABLE, with the fd it is mapped from. */
struct pp_vhu_region {
	uint64_t gpa;		/**< guest_phys_addr: our VA (we are no guest) */
	uint64_t size;
	uint64_t uva;		/**< userspace_addr: our VA */
	uint64_t offset;	/**< mmap_offset in fd */
	int fd;
};

/** A connection to a back-end. */
struct pp_vhu_conn {
	int fd;			/**< stream socket, -1 when closed */
	uint32_t timeout_ms;	/**< bound on each reply */
	uint64_t protocol_features; /**< acked with SET_PROTOCOL_FEATURES */
};

/**
 * Connect to a back-end listening at path (client mode), the connect
 * bounded by timeout_ms. @return the socket, or -errno.
 */
int pp_vhu_connect(const char *path, uint32_t timeout_ms);

/**
 * Listen at path (server mode: the back-end connects). A stale socket
 * file is replaced. @return the listening socket, or -errno.
 */
int pp_vhu_listen(const char *path);

/**
 * Accept one back-end on listening socket lfd, waiting at most
 * timeout_ms (0: only if one is already waiting). @return the socket,
 * -ETIMEDOUT, or -errno.
 */
int pp_vhu_accept(int lfd, uint32_t timeout_ms);

/** Close c->fd (if open) and forget what was negotiated on it. */
void pp_vhu_close(struct pp_vhu_conn *c);

/** GET_FEATURES, GET_PROTOCOL_FEATURES, GET_QUEUE_NUM: a u64 reply. */
int pp_vhu_get_u64(struct pp_vhu_conn *c, uint32_t req, uint64_t *val);

/**
 * SET_FEATURES, SET_PROTOCOL_FEATURES, SET_STATUS: a u64 payload. With
 * REPLY_ACK negotiated the back-end's verdict is awaited.
 */
int pp_vhu_set_u64(struct pp_vhu_conn *c, uint32_t req, uint64_t val);

/** SET_OWNER (no payload). */
int pp_vhu_set_owner(struct pp_vhu_conn *c);

/** SET_MEM_TABLE: n regions (at most PP_VHU_MAX_REGIONS), their fds passed. */
int pp_vhu_set_mem_table(struct pp_vhu_conn *c,
			 const struct pp_vhu_region *r, unsigned int n);

/** SET_VRING_NUM, SET_VRING_BASE, SET_VRING_ENABLE: {index, num}. */
int pp_vhu_set_vring(struct pp_vhu_conn *c, uint32_t req, uint32_t idx,
		     uint32_t num);

/** SET_VRING_ADDR: the three areas as our VAs. */
int pp_vhu_set_vring_addr(struct pp_vhu_conn *c, uint32_t idx,
			  uint64_t desc, uint64_t used, uint64_t avail);

/** SET_VRING_KICK, SET_VRING_CALL: fd, or -1 for none (polling). */
int pp_vhu_set_vring_fd(struct pp_vhu_conn *c, uint32_t req, uint32_t idx,
			int fd);

/**
 * GET_VRING_BASE: stop ring idx and learn where the back-end stopped.
 * Waits for the reply even without REPLY_ACK (bounded).
 */
int pp_vhu_get_vring_base(struct pp_vhu_conn *c, uint32_t idx,
			  uint32_t *num);

/** Name of request req for logs. */
const char *pp_vhu_req_name(uint32_t req);

#ifdef __cplusplus
}
#endif

#endif /* PP_VHOST_USER_H */
