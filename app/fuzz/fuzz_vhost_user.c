/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The pagepool authors
 */

/*
 * Fuzz the vhost-user front-end's reply parsing (drivers/net/virtio/
 * vhost_user.c): the input is what the back-end says. As in
 * app/test/virtio/test_vhost_user.c the client talks to a fake back-end
 * over a socket pair, but here the back-end has no thread: its whole byte
 * stream (any headers, sizes, request types, flags, payloads; short,
 * oversized, out of step; optionally with file descriptors attached) is
 * written before the client runs, and its write side is shut, so that a
 * client wanting more bytes than were sent sees the end of the stream at
 * once instead of waiting for its timeout.
 *
 * The client then makes a sequence of calls chosen by the input (every
 * request that awaits a reply: GET_FEATURES, GET_PROTOCOL_FEATURES,
 * GET_QUEUE_NUM, GET_VRING_BASE, and the SET_* ones, which await a verdict
 * with REPLY_ACK negotiated). Each answer is compared with a reference
 * reading of the same stream, written here from vhost_user.h's contract
 * (version 1 and the reply bit, the request sent, the exact payload size:
 * -EPROTO after the 12-byte header; the stream ending: -ECONNRESET; a
 * verdict not 0: -EIO; GET_VRING_BASE for another ring: -EPROTO): the
 * same result, the same value on success, and exactly as many bytes
 * consumed (the bytes left unread in the socket are counted), so that the
 * client never reads beyond the message it parses. After every input no
 * file descriptor is left open that was not open before (received ones
 * included), counted in /proc/self/fd.
 *
 * Input: one byte of configuration (bit 0 REPLY_ACK negotiated, bit 1 a
 * file descriptor attached to the stream, bits 4-7 how many calls), one
 * byte per call, then the back-end's stream.
 */

#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#include <rte_common.h>

#include "fuzz_common.h"
#include "vhost_user.h"

#define STREAM_MAX	8192
#define TIMEOUT_MS	1000	/* never reached: the stream ends first */

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int memfd = -1;	/* the region and vring fd the client passes */

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	RTE_SET_USED(argc);
	RTE_SET_USED(argv);
	fuzz_eal_init("fuzz_vhost_user");
	memfd = memfd_create("fuzz_vhu", MFD_CLOEXEC);
	FUZZ_CHECK(memfd >= 0 && ftruncate(memfd, 4096) == 0, "memfd");
	return 0;
}

static int
count_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	int n = 0;

	FUZZ_CHECK(d != NULL, "/proc/self/fd");
	while ((e = readdir(d)) != NULL)
		n += e->d_name[0] != '.';
	closedir(d);
	return n - 1;	/* the DIR's own */
}

/* ---- the reference reading of the back-end's stream ---- */

struct ref {
	const uint8_t *p;
	size_t len, off;
};

static size_t
ref_left(const struct ref *r)
{
	return r->len - r->off;
}

/*
 * The reply to req with a payload of size bytes (copied to payload):
 * 0, -EPROTO (the header consumed), -ECONNRESET (the rest consumed).
 */
static int
ref_reply(struct ref *r, uint32_t req, void *payload, uint32_t size)
{
	uint32_t h[3];

	if (ref_left(r) < sizeof(h)) {
		r->off = r->len;
		return -ECONNRESET;
	}
	memcpy(h, r->p + r->off, sizeof(h));
	r->off += sizeof(h);
	if ((h[1] & PP_VHU_VERSION_MASK) != PP_VHU_VERSION ||
	    !(h[1] & PP_VHU_FLAG_REPLY) || h[0] != req || h[2] != size)
		return -EPROTO;
	if (ref_left(r) < size) {
		r->off = r->len;
		return -ECONNRESET;
	}
	memcpy(payload, r->p + r->off, size);
	r->off += size;
	return 0;
}

/* A SET_* request: a verdict with REPLY_ACK, else nothing to read. */
static int
ref_set(struct ref *r, int ack, uint32_t req)
{
	uint64_t v;
	int ret;

	if (!ack)
		return 0;
	ret = ref_reply(r, req, &v, sizeof(v));
	if (ret == 0 && v != 0)
		ret = -EIO;
	return ret;
}

/* ---- the harness ---- */

/* Bytes the client has not read yet. */
static size_t
unread(int fd)
{
	int n = 0;

	FUZZ_CHECK(ioctl(fd, FIONREAD, &n) == 0 && n >= 0, "FIONREAD");
	return (size_t)n;
}

/* Throw away what the client sent (fds attached are dropped by recv). */
static void
drain(int fd)
{
	char buf[4096];

	while (recv(fd, buf, sizeof(buf), MSG_DONTWAIT) > 0)
		;
}

/* The back-end's stream, a file descriptor attached to its first byte. */
static void
backend_write(int fd, const uint8_t *p, size_t len, int with_fd)
{
	size_t off = 0;

	if (len == 0)
		return;
	if (with_fd) {
		char ctl[CMSG_SPACE(sizeof(int))];
		struct iovec iov = { .iov_base = (void *)(uintptr_t)p,
				     .iov_len = 1 };
		struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1,
				     .msg_control = ctl,
				     .msg_controllen = sizeof(ctl) };
		struct cmsghdr *cm;

		memset(ctl, 0, sizeof(ctl));
		cm = CMSG_FIRSTHDR(&mh);
		cm->cmsg_level = SOL_SOCKET;
		cm->cmsg_type = SCM_RIGHTS;
		cm->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(cm), &memfd, sizeof(int));
		FUZZ_CHECK(sendmsg(fd, &mh, MSG_NOSIGNAL) == 1, "sendmsg");
		off = 1;
	}
	while (off < len) {
		ssize_t n = send(fd, p + off, len - off, MSG_NOSIGNAL);

		FUZZ_CHECK(n > 0, "back-end stream of %zu bytes", len);
		off += (size_t)n;
	}
}

static void
one_call(struct pp_vhu_conn *c, struct ref *r, uint8_t op, int bfd)
{
	static const uint32_t gets[] = {
		PP_VHU_GET_FEATURES, PP_VHU_GET_PROTOCOL_FEATURES,
		PP_VHU_GET_QUEUE_NUM, PP_VHU_GET_FEATURES,
	};
	static const uint32_t set_u64s[] = {
		PP_VHU_SET_FEATURES, PP_VHU_SET_PROTOCOL_FEATURES,
		PP_VHU_SET_STATUS, PP_VHU_SET_FEATURES,
	};
	static const uint32_t set_vrings[] = {
		PP_VHU_SET_VRING_NUM, PP_VHU_SET_VRING_BASE,
		PP_VHU_SET_VRING_ENABLE, PP_VHU_SET_VRING_NUM,
	};
	int ack = (c->protocol_features >> PP_VHU_PROTOCOL_F_REPLY_ACK) & 1;
	uint32_t idx = (op >> 5) & 3;
	uint64_t val = UINT64_MAX, want_val = UINT64_MAX;
	uint32_t num = UINT32_MAX, st[2];
	int ret, want;

	switch (op & 7) {
	case 0: {
		uint32_t req = gets[(op >> 3) & 3];

		ret = pp_vhu_get_u64(c, req, &val);
		want = ref_reply(r, req, &want_val, sizeof(want_val));
		if (ret == 0 && want == 0)
			FUZZ_CHECK(val == want_val, "%s: 0x%" PRIx64 ", the "
				   "stream says 0x%" PRIx64,
				   pp_vhu_req_name(req), val, want_val);
		break;
	}
	case 1:
		ret = pp_vhu_get_vring_base(c, idx, &num);
		want = ref_reply(r, PP_VHU_GET_VRING_BASE, st, sizeof(st));
		if (want == 0 && st[0] != idx)
			want = -EPROTO;
		if (ret == 0 && want == 0)
			FUZZ_CHECK(num == st[1], "GET_VRING_BASE: %u, the stream "
				   "says %u", num, st[1]);
		break;
	case 2: {
		uint32_t req = set_u64s[(op >> 3) & 3];

		ret = pp_vhu_set_u64(c, req, op);
		want = ref_set(r, ack, req);
		break;
	}
	case 3:
		ret = pp_vhu_set_owner(c);
		want = ref_set(r, ack, PP_VHU_SET_OWNER);
		break;
	case 4: {
		uint32_t req = set_vrings[(op >> 3) & 3];

		ret = pp_vhu_set_vring(c, req, idx, 256);
		want = ref_set(r, ack, req);
		break;
	}
	case 5:
		ret = pp_vhu_set_vring_addr(c, idx, 0x1000, 0x2000, 0x3000);
		want = ref_set(r, ack, PP_VHU_SET_VRING_ADDR);
		break;
	case 6:
		ret = pp_vhu_set_vring_fd(c, (op & 8) ? PP_VHU_SET_VRING_KICK :
					  PP_VHU_SET_VRING_CALL, idx,
					  (op & 16) ? memfd : -1);
		want = ref_set(r, ack, (op & 8) ? PP_VHU_SET_VRING_KICK :
			       PP_VHU_SET_VRING_CALL);
		break;
	default: {
		struct pp_vhu_region reg[2] = {
			{ .gpa = 0x10000, .size = 4096, .uva = 0x10000,
			  .fd = memfd },
			{ .gpa = 0x20000, .size = 4096, .uva = 0x20000,
			  .fd = memfd },
		};

		ret = pp_vhu_set_mem_table(c, reg, 1 + ((op >> 3) & 1));
		want = ref_set(r, ack, PP_VHU_SET_MEM_TABLE);
		break;
	}
	}
	FUZZ_CHECK(ret == want, "call %#x: %d, the stream says %d", op, ret,
		   want);
	FUZZ_CHECK(unread(c->fd) == ref_left(r), "call %#x (%d): %zu bytes "
		   "left unread, the reply ends with %zu left", op, ret,
		   unread(c->fd), ref_left(r));
	drain(bfd);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { .p = data, .len = size };
	uint8_t cfg = fuzz_u8(&in), ops[16];
	unsigned int nops = cfg >> 4, i;
	struct pp_vhu_conn c = { .timeout_ms = TIMEOUT_MS };
	struct ref r;
	int sv[2], fds_before;

	for (i = 0; i < nops; i++)
		ops[i] = fuzz_u8(&in);
	r.p = data + in.off;
	r.len = RTE_MIN(size - RTE_MIN(in.off, size), (size_t)STREAM_MAX);
	r.off = 0;

	fds_before = count_fds();
	FUZZ_CHECK(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) == 0,
		   "socketpair");
	/* the client's socket is non-blocking, as pp_vhu_connect() makes it */
	FUZZ_CHECK(fcntl(sv[0], F_SETFL, O_NONBLOCK) == 0, "O_NONBLOCK");
	backend_write(sv[1], r.p, r.len, cfg & 2);
	FUZZ_CHECK(shutdown(sv[1], SHUT_WR) == 0, "shutdown");
	c.fd = sv[0];
	if (cfg & 1)
		c.protocol_features =
			UINT64_C(1) << PP_VHU_PROTOCOL_F_REPLY_ACK;
	FUZZ_CHECK(unread(c.fd) == r.len, "%zu bytes sent, %zu readable",
		   r.len, unread(c.fd));
	for (i = 0; i < nops; i++)
		one_call(&c, &r, ops[i], sv[1]);
	pp_vhu_close(&c);
	FUZZ_CHECK(c.fd == -1 && c.protocol_features == 0, "pp_vhu_close");
	close(sv[1]);
	FUZZ_CHECK(count_fds() == fds_before, "%d fds open, %d before",
		   count_fds(), fds_before);
	return 0;
}
