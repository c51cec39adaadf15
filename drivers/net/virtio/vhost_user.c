/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The pagepool authors
 */

/*
 * vhost-user front-end messages (QEMU docs/interop/vhost-user.rst). Every
 * message is a 12-byte header {request, flags, size} and size bytes of
 * payload, little-endian (x86 and arm64 only: host order). File descriptors
 * travel as SCM_RIGHTS ancillary data of the same sendmsg().
 */

#ifndef _GNU_SOURCE
#define _GNU_SOURCE	/* accept4() */
#endif
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <rte_common.h>

#include "vhost_user.h"
#include "virtio_logs.h"

struct vhu_hdr {
	uint32_t request;
	uint32_t flags;
	uint32_t size;
} __attribute__((packed));

struct vhu_state {
	uint32_t index;
	uint32_t num;
};

struct vhu_addr {
	uint32_t index;
	uint32_t flags;
	uint64_t desc;
	uint64_t used;
	uint64_t avail;
	uint64_t log;
};

struct vhu_mem_region {
	uint64_t gpa;
	uint64_t size;
	uint64_t uva;
	uint64_t offset;
};

struct vhu_mem {
	uint32_t nregions;
	uint32_t padding;
	struct vhu_mem_region r[PP_VHU_MAX_REGIONS];
};

struct vhu_msg {
	struct vhu_hdr h;
	union {
		uint64_t u64;
		struct vhu_state state;
		struct vhu_addr addr;
		struct vhu_mem mem;
	} p;
} __attribute__((packed));

const char *
pp_vhu_req_name(uint32_t req)
{
	switch (req) {
	case PP_VHU_GET_FEATURES: return "GET_FEATURES";
	case PP_VHU_SET_FEATURES: return "SET_FEATURES";
	case PP_VHU_SET_OWNER: return "SET_OWNER";
	case PP_VHU_SET_MEM_TABLE: return "SET_MEM_TABLE";
	case PP_VHU_SET_VRING_NUM: return "SET_VRING_NUM";
	case PP_VHU_SET_VRING_ADDR: return "SET_VRING_ADDR";
	case PP_VHU_SET_VRING_BASE: return "SET_VRING_BASE";
	case PP_VHU_GET_VRING_BASE: return "GET_VRING_BASE";
	case PP_VHU_SET_VRING_KICK: return "SET_VRING_KICK";
	case PP_VHU_SET_VRING_CALL: return "SET_VRING_CALL";
	case PP_VHU_GET_PROTOCOL_FEATURES: return "GET_PROTOCOL_FEATURES";
	case PP_VHU_SET_PROTOCOL_FEATURES: return "SET_PROTOCOL_FEATURES";
	case PP_VHU_GET_QUEUE_NUM: return "GET_QUEUE_NUM";
	case PP_VHU_SET_VRING_ENABLE: return "SET_VRING_ENABLE";
	case PP_VHU_SET_STATUS: return "SET_STATUS";
	default: return "?";
	}
}

/* ------------------------------------------------------------ sockets */

static int
vhu_sockaddr(const char *path, struct sockaddr_un *sa)
{
	memset(sa, 0, sizeof(*sa));
	sa->sun_family = AF_UNIX;
	if (path == NULL || path[0] == '\0' ||
	    strlen(path) >= sizeof(sa->sun_path)) {
		PP_VIRTIO_LOG(ERR, "socket path \"%s\" empty or longer than %zu bytes",
			      path ? path : "", sizeof(sa->sun_path) - 1);
		return -EINVAL;
	}
	strcpy(sa->sun_path, path);
	return 0;
}

static uint64_t
vhu_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/** Wait for events on fd until deadline (ms, monotonic). 0, -ETIMEDOUT. */
static int
vhu_wait(int fd, short events, uint64_t deadline)
{
	struct pollfd p = { .fd = fd, .events = events };
	uint64_t now;
	int n;

	for (;;) {
		now = vhu_now_ms();
		if (now >= deadline)
			return -ETIMEDOUT;
		n = poll(&p, 1, (int)RTE_MIN(deadline - now, (uint64_t)INT32_MAX));
		if (n > 0)
			return 0;	/* readable, or HUP/ERR: read() says which */
		if (n == 0)
			return -ETIMEDOUT;
		if (errno != EINTR)
			return -errno;
	}
}

int
pp_vhu_connect(const char *path, uint32_t timeout_ms)
{
	struct sockaddr_un sa;
	socklen_t len = sizeof(int);
	int fd, ret, err = 0;

	ret = vhu_sockaddr(path, &sa);
	if (ret < 0)
		return ret;
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		if (errno != EINPROGRESS && errno != EAGAIN) {
			ret = -errno;
			goto fail;
		}
		ret = vhu_wait(fd, POLLOUT, vhu_now_ms() + timeout_ms);
		if (ret < 0)
			goto fail;
		if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0 ||
		    err != 0) {
			ret = err ? -err : -errno;
			goto fail;
		}
	}
	return fd;
fail:
	close(fd);
	return ret;
}

int
pp_vhu_listen(const char *path)
{
	struct sockaddr_un sa;
	struct stat st;
	int fd, ret;

	ret = vhu_sockaddr(path, &sa);
	if (ret < 0)
		return ret;
	/* A socket file left by an earlier run would make bind() fail. */
	if (stat(path, &st) == 0 && S_ISSOCK(st.st_mode))
		unlink(path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    listen(fd, 1) < 0) {
		ret = -errno;
		PP_VIRTIO_LOG(ERR, "cannot listen at %s: %s", path, strerror(-ret));
		close(fd);
		return ret;
	}
	return fd;
}

int
pp_vhu_accept(int lfd, uint32_t timeout_ms)
{
	int fd, ret;

	ret = vhu_wait(lfd, POLLIN, vhu_now_ms() + timeout_ms + 1);
	if (ret < 0)
		return ret;
	fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (fd < 0)
		return (errno == EAGAIN || errno == EWOULDBLOCK) ? -ETIMEDOUT : -errno;
	return fd;
}

void
pp_vhu_close(struct pp_vhu_conn *c)
{
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
	c->protocol_features = 0;
}

/* ----------------------------------------------------------- messages */

static int
vhu_send(struct pp_vhu_conn *c, const struct vhu_msg *m, const int *fds,
	 unsigned int nfds)
{
	char ctl[CMSG_SPACE(sizeof(int) * PP_VHU_MAX_REGIONS)];
	size_t len = sizeof(m->h) + m->h.size;
	struct iovec iov = { .iov_base = (void *)(uintptr_t)m, .iov_len = len };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };
	uint64_t deadline = vhu_now_ms() + c->timeout_ms;
	struct cmsghdr *cm;
	ssize_t n;
	int ret;

	if (c->fd < 0)
		return -ENOTCONN;
	if (nfds > 0) {
		memset(ctl, 0, sizeof(ctl));
		mh.msg_control = ctl;
		mh.msg_controllen = CMSG_SPACE(sizeof(int) * nfds);
		cm = CMSG_FIRSTHDR(&mh);
		cm->cmsg_level = SOL_SOCKET;
		cm->cmsg_type = SCM_RIGHTS;
		cm->cmsg_len = CMSG_LEN(sizeof(int) * nfds);
		memcpy(CMSG_DATA(cm), fds, sizeof(int) * nfds);
	}
	/*
	 * Messages are small (under 200 bytes): the socket buffer takes one
	 * whole or not at all, unless the peer stopped reading it for long.
	 */
	for (;;) {
		n = sendmsg(c->fd, &mh, MSG_NOSIGNAL);
		if (n == (ssize_t)len)
			return 0;
		if (n >= 0) {
			PP_VIRTIO_LOG(ERR, "%s: short send (%zd of %zu bytes)",
				      pp_vhu_req_name(m->h.request), n, len);
			return -EIO;
		}
		if (errno == EINTR)
			continue;
		/* a back-end that closed the connection: whether the send
		 * sees EPIPE, a reset, or succeeds and the reply read then
		 * sees the end, is timing; the user gets one message */
		if (errno == EPIPE || errno == ECONNRESET) {
			PP_VIRTIO_LOG(ERR, "%s: back-end closed the connection",
				      pp_vhu_req_name(m->h.request));
			return -ECONNRESET;
		}
		if (errno != EAGAIN && errno != EWOULDBLOCK) {
			ret = -errno;
			PP_VIRTIO_LOG(ERR, "%s: send failed: %s",
				      pp_vhu_req_name(m->h.request), strerror(-ret));
			return ret;
		}
		ret = vhu_wait(c->fd, POLLOUT, deadline);
		if (ret < 0) {
			PP_VIRTIO_LOG(ERR, "%s: back-end does not read (%u ms)",
				      pp_vhu_req_name(m->h.request), c->timeout_ms);
			return ret;
		}
	}
}

/** Read exactly len bytes before deadline: 0, -ETIMEDOUT, -ECONNRESET. */
static int
vhu_read_full(int fd, void *buf, size_t len, uint64_t deadline)
{
	size_t got = 0;
	ssize_t n;
	int ret;

	while (got < len) {
		n = recv(fd, (char *)buf + got, len - got, MSG_DONTWAIT);
		if (n > 0) {
			got += (size_t)n;
			continue;
		}
		if (n == 0)
			return -ECONNRESET;
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN && errno != EWOULDBLOCK)
			return errno == ECONNRESET ? -ECONNRESET : -errno;
		ret = vhu_wait(fd, POLLIN, deadline);
		if (ret < 0)
			return ret;
	}
	return 0;
}

/**
 * Read the reply to request req, with a payload of exactly size bytes
 * into payload. The back-end sends no file descriptor to a net front-end:
 * any that arrive anyway are closed (MSG_CMSG_CLOEXEC, then close).
 */
static int
vhu_recv_reply(struct pp_vhu_conn *c, uint32_t req, void *payload,
	       uint32_t size)
{
	uint64_t deadline = vhu_now_ms() + c->timeout_ms;
	struct vhu_hdr h;
	char junk[64];
	int ret;

	ret = vhu_read_full(c->fd, &h, sizeof(h), deadline);
	if (ret == 0 && ((h.flags & PP_VHU_VERSION_MASK) != PP_VHU_VERSION ||
			 !(h.flags & PP_VHU_FLAG_REPLY))) {
		PP_VIRTIO_LOG(ERR, "%s: reply with bad flags 0x%x (want version 1 and the reply bit)",
			      pp_vhu_req_name(req), h.flags);
		return -EPROTO;
	}
	if (ret == 0 && h.request != req) {
		PP_VIRTIO_LOG(ERR, "%s: reply is for request %u (%s)",
			      pp_vhu_req_name(req), h.request,
			      pp_vhu_req_name(h.request));
		return -EPROTO;
	}
	if (ret == 0 && h.size != size) {
		PP_VIRTIO_LOG(ERR, "%s: reply of %u bytes, want %u",
			      pp_vhu_req_name(req), h.size, size);
		return -EPROTO;
	}
	if (ret == 0)
		ret = vhu_read_full(c->fd, size ? payload : junk, size, deadline);
	if (ret == -ETIMEDOUT)
		PP_VIRTIO_LOG(ERR, "%s: no reply from the back-end within %u ms",
			      pp_vhu_req_name(req), c->timeout_ms);
	else if (ret == -ECONNRESET)
		PP_VIRTIO_LOG(ERR, "%s: back-end closed the connection",
			      pp_vhu_req_name(req));
	else if (ret < 0)
		PP_VIRTIO_LOG(ERR, "%s: %s", pp_vhu_req_name(req), strerror(-ret));
	return ret;
}

static void
vhu_hdr_init(struct vhu_msg *m, uint32_t req, uint32_t size)
{
	memset(&m->h, 0, sizeof(m->h));
	m->h.request = req;
	m->h.flags = PP_VHU_VERSION;
	m->h.size = size;
}

/**
 * Send a message that only has a reply with REPLY_ACK; ask for the reply
 * when it was negotiated, and turn a non-zero verdict into -EIO.
 */
static int
vhu_set(struct pp_vhu_conn *c, struct vhu_msg *m, const int *fds,
	unsigned int nfds)
{
	int ack = (c->protocol_features >> PP_VHU_PROTOCOL_F_REPLY_ACK) & 1;
	uint32_t req = m->h.request;
	uint64_t verdict;
	int ret;

	if (ack)
		m->h.flags |= PP_VHU_FLAG_NEED_REPLY;
	ret = vhu_send(c, m, fds, nfds);
	if (ret < 0 || !ack)
		return ret;
	ret = vhu_recv_reply(c, req, &verdict, sizeof(verdict));
	if (ret < 0)
		return ret;
	if (verdict != 0) {
		PP_VIRTIO_LOG(ERR, "%s: refused by the back-end (%" PRIu64 ")",
			      pp_vhu_req_name(req), verdict);
		return -EIO;
	}
	return 0;
}

int
pp_vhu_get_u64(struct pp_vhu_conn *c, uint32_t req, uint64_t *val)
{
	struct vhu_msg m;
	int ret;

	vhu_hdr_init(&m, req, 0);
	ret = vhu_send(c, &m, NULL, 0);
	if (ret < 0)
		return ret;
	return vhu_recv_reply(c, req, val, sizeof(*val));
}

int
pp_vhu_set_u64(struct pp_vhu_conn *c, uint32_t req, uint64_t val)
{
	struct vhu_msg m;

	vhu_hdr_init(&m, req, sizeof(m.p.u64));
	m.p.u64 = val;
	return vhu_set(c, &m, NULL, 0);
}

int
pp_vhu_set_owner(struct pp_vhu_conn *c)
{
	struct vhu_msg m;

	vhu_hdr_init(&m, PP_VHU_SET_OWNER, 0);
	return vhu_set(c, &m, NULL, 0);
}

int
pp_vhu_set_mem_table(struct pp_vhu_conn *c, const struct pp_vhu_region *r,
		     unsigned int n)
{
	int fds[PP_VHU_MAX_REGIONS];
	struct vhu_msg m;
	unsigned int i;

	if (n == 0 || n > PP_VHU_MAX_REGIONS)
		return -E2BIG;
	/* The payload is always the full 8-region table (spec layout). */
	vhu_hdr_init(&m, PP_VHU_SET_MEM_TABLE, sizeof(m.p.mem));
	memset(&m.p.mem, 0, sizeof(m.p.mem));
	m.p.mem.nregions = n;
	for (i = 0; i < n; i++) {
		m.p.mem.r[i].gpa = r[i].gpa;
		m.p.mem.r[i].size = r[i].size;
		m.p.mem.r[i].uva = r[i].uva;
		m.p.mem.r[i].offset = r[i].offset;
		fds[i] = r[i].fd;
	}
	return vhu_set(c, &m, fds, n);
}

int
pp_vhu_set_vring(struct pp_vhu_conn *c, uint32_t req, uint32_t idx,
		 uint32_t num)
{
	struct vhu_msg m;

	vhu_hdr_init(&m, req, sizeof(m.p.state));
	m.p.state.index = idx;
	m.p.state.num = num;
	return vhu_set(c, &m, NULL, 0);
}

int
pp_vhu_set_vring_addr(struct pp_vhu_conn *c, uint32_t idx, uint64_t desc,
		      uint64_t used, uint64_t avail)
{
	struct vhu_msg m;

	vhu_hdr_init(&m, PP_VHU_SET_VRING_ADDR, sizeof(m.p.addr));
	memset(&m.p.addr, 0, sizeof(m.p.addr));
	m.p.addr.index = idx;
	m.p.addr.desc = desc;
	m.p.addr.used = used;
	m.p.addr.avail = avail;
	return vhu_set(c, &m, NULL, 0);
}

int
pp_vhu_set_vring_fd(struct pp_vhu_conn *c, uint32_t req, uint32_t idx,
		    int fd)
{
	struct vhu_msg m;

	vhu_hdr_init(&m, req, sizeof(m.p.u64));
	m.p.u64 = (idx & 0xff) | (fd < 0 ? PP_VHU_VRING_NOFD : 0);
	return vhu_set(c, &m, fd < 0 ? NULL : &fd, fd < 0 ? 0 : 1);
}

int
pp_vhu_get_vring_base(struct pp_vhu_conn *c, uint32_t idx, uint32_t *num)
{
	struct vhu_state st;
	struct vhu_msg m;
	int ret;

	vhu_hdr_init(&m, PP_VHU_GET_VRING_BASE, sizeof(m.p.state));
	m.p.state.index = idx;
	m.p.state.num = 0;
	ret = vhu_send(c, &m, NULL, 0);
	if (ret < 0)
		return ret;
	ret = vhu_recv_reply(c, PP_VHU_GET_VRING_BASE, &st, sizeof(st));
	if (ret < 0)
		return ret;
	if (st.index != idx) {
		PP_VIRTIO_LOG(ERR, "GET_VRING_BASE: reply for ring %u, asked %u",
			      st.index, idx);
		return -EPROTO;
	}
	*num = st.num;
	return 0;
}
