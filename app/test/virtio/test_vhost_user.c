/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The pagepool authors
 */

/*
 * The vhost-user front-end (drivers/net/virtio/vhost_user.c) against a fake
 * back-end on a thread of this process: what a conforming back-end sees
 * (header, payload, the fds of SET_MEM_TABLE), and each way a back-end can
 * misbehave while a reply is awaited: a short or oversized reply, a wrong
 * request type, bad flags, a close in mid-message or before answering, a
 * refusal, never answering. Each must give its own clear error, within
 * the bound, and leave no file descriptor behind (counted in
 * /proc/self/fd before and after). No EAL: the client uses only logging.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <dirent.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <rte_log.h>

#include "test_common.h"
#include "vhost_user.h"

int pp_virtio_logtype;	/* virtio_logs.h: registered by the driver */

#define TIMEOUT_MS	200

/* What the fake back-end does to the one request it misbehaves on. */
enum fb_mode {
	FB_GOOD,
	FB_SHORT,	/* header says 4 bytes where 8 are due, sends them */
	FB_LONG,	/* 16 bytes where 8 are due */
	FB_TRUNC,	/* 6 bytes of header, then close */
	FB_WRONG_REQ,	/* a reply naming another request */
	FB_NO_REPLY_BIT,
	FB_BAD_VERSION,
	FB_CLOSE,	/* close instead of answering */
	FB_SILENT,	/* never answer, keep the socket open */
	FB_NACK,	/* REPLY_ACK verdict 1 */
	FB_BAD_INDEX,	/* GET_VRING_BASE for another ring */
	FB_CHATTY,	/* an unsolicited message before the reply */
};

struct fb {
	int fd;
	uint32_t target;	/* request to misbehave on */
	enum fb_mode mode;
	uint64_t pf;		/* protocol features offered */
	/* what it saw */
	unsigned int nreq;
	unsigned int fds_seen;
	uint32_t mem_regions;
	uint64_t mem_uva0;
	uint64_t mem_size0;
	uint32_t vring_num;
	uint64_t features_set;
	int silent_until_eof;
};

struct hdr {
	uint32_t request, flags, size;
} __attribute__((packed));

static int
fb_read_full(int fd, void *buf, size_t len)
{
	size_t got = 0;
	ssize_t n;

	while (got < len) {
		n = read(fd, (char *)buf + got, len - got);
		if (n <= 0)
			return -1;
		got += (size_t)n;
	}
	return 0;
}

static void
fb_send(int fd, uint32_t req, uint32_t flags, const void *p, uint32_t size)
{
	char buf[64];
	struct hdr h = { req, flags, size };

	memcpy(buf, &h, sizeof(h));
	memcpy(buf + sizeof(h), p, size);
	if (send(fd, buf, sizeof(h) + size, MSG_NOSIGNAL) < 0)
		return;	/* the front-end gave up already */
}

/* The fake back-end: answers like DPDK's, except on fb->target. */
static void *
fb_run(void *arg)
{
	struct fb *fb = arg;
	char ctl[CMSG_SPACE(sizeof(int) * 8)];
	uint8_t payload[512];
	struct iovec iov;
	struct msghdr mh;
	struct cmsghdr *cm;
	struct hdr h;
	uint64_t v;
	uint32_t st[2];
	int i, n, nfd, *fds;
	enum fb_mode mode;

	for (;;) {
		memset(&mh, 0, sizeof(mh));
		iov.iov_base = &h;
		iov.iov_len = sizeof(h);
		mh.msg_iov = &iov;
		mh.msg_iovlen = 1;
		mh.msg_control = ctl;
		mh.msg_controllen = sizeof(ctl);
		n = recvmsg(fb->fd, &mh, MSG_WAITALL);
		if (n != (int)sizeof(h))
			break;
		for (cm = CMSG_FIRSTHDR(&mh); cm; cm = CMSG_NXTHDR(&mh, cm)) {
			if (cm->cmsg_type != SCM_RIGHTS)
				continue;
			nfd = (cm->cmsg_len - CMSG_LEN(0)) / sizeof(int);
			fds = (int *)CMSG_DATA(cm);
			for (i = 0; i < nfd; i++)
				close(fds[i]);
			fb->fds_seen += nfd;
		}
		if (h.size > sizeof(payload) ||
		    fb_read_full(fb->fd, payload, h.size) < 0)
			break;
		fb->nreq++;
		if (h.request == PP_VHU_SET_MEM_TABLE) {
			memcpy(&fb->mem_regions, payload, 4);
			memcpy(&fb->mem_size0, payload + 8 + 8, 8);
			memcpy(&fb->mem_uva0, payload + 8 + 16, 8);
		}
		if (h.request == PP_VHU_SET_VRING_NUM)
			memcpy(&fb->vring_num, payload + 4, 4);
		if (h.request == PP_VHU_SET_FEATURES)
			memcpy(&fb->features_set, payload, 8);
		mode = h.request == fb->target ? fb->mode : FB_GOOD;
		if (fb->silent_until_eof)
			continue;

		switch (h.request) {
		case PP_VHU_GET_FEATURES:
			v = (1ULL << 32) | (1ULL << PP_VHU_F_PROTOCOL_FEATURES);
			break;
		case PP_VHU_GET_PROTOCOL_FEATURES:
			v = fb->pf;
			break;
		case PP_VHU_GET_QUEUE_NUM:
			v = 1;
			break;
		case PP_VHU_GET_VRING_BASE:
			memcpy(st, payload, sizeof(st));
			st[1] = 7;
			if (mode == FB_BAD_INDEX)
				st[0]++;
			memcpy(&v, st, sizeof(v));
			break;
		default:
			if (!(h.flags & PP_VHU_FLAG_NEED_REPLY) && mode == FB_GOOD)
				continue;
			v = mode == FB_NACK;
			break;
		}
		switch (mode) {
		case FB_GOOD:
		case FB_NACK:
		case FB_BAD_INDEX:
			fb_send(fb->fd, h.request, 1 | PP_VHU_FLAG_REPLY, &v, 8);
			break;
		case FB_SHORT:
			fb_send(fb->fd, h.request, 1 | PP_VHU_FLAG_REPLY, &v, 4);
			break;
		case FB_LONG: {
			uint64_t two[2] = { v, v };

			fb_send(fb->fd, h.request, 1 | PP_VHU_FLAG_REPLY, two, 16);
			break;
		}
		case FB_TRUNC:
			if (send(fb->fd, &h, 6, MSG_NOSIGNAL) < 0)
				break;
			goto out;
		case FB_WRONG_REQ:
			fb_send(fb->fd, h.request + 1, 1 | PP_VHU_FLAG_REPLY, &v, 8);
			break;
		case FB_NO_REPLY_BIT:
			fb_send(fb->fd, h.request, 1, &v, 8);
			break;
		case FB_BAD_VERSION:
			fb_send(fb->fd, h.request, 2 | PP_VHU_FLAG_REPLY, &v, 8);
			break;
		case FB_CLOSE:
			goto out;
		case FB_SILENT:
			fb->silent_until_eof = 1;
			break;
		case FB_CHATTY:
			fb_send(fb->fd, PP_VHU_SET_FEATURES, 1, &v, 8);
			fb_send(fb->fd, h.request, 1 | PP_VHU_FLAG_REPLY, &v, 8);
			break;
		}
	}
out:
	close(fb->fd);
	return NULL;
}

static int
count_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	int n = 0;

	if (d == NULL)
		return -1;
	while ((e = readdir(d)) != NULL)
		n += e->d_name[0] != '.';
	closedir(d);
	return n - 1;	/* the DIR's own */
}

static uint64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/*
 * One negotiation as virtio_user.c does it, against a back-end that
 * misbehaves on request target in mode: returns the first error.
 */
static int
negotiate(struct pp_vhu_conn *c)
{
	struct pp_vhu_region r[2];
	uint64_t f, pf;
	uint32_t base;
	int mfd, ret;

	ret = pp_vhu_set_owner(c);
	if (ret == 0)
		ret = pp_vhu_get_u64(c, PP_VHU_GET_FEATURES, &f);
	if (ret == 0)
		ret = pp_vhu_get_u64(c, PP_VHU_GET_PROTOCOL_FEATURES, &pf);
	if (ret == 0)
		ret = pp_vhu_set_u64(c, PP_VHU_SET_PROTOCOL_FEATURES, pf);
	if (ret < 0)
		return ret;
	c->protocol_features = pf;
	ret = pp_vhu_set_u64(c, PP_VHU_SET_FEATURES, f);
	if (ret < 0)
		return ret;
	mfd = memfd_create("vhu_test", MFD_CLOEXEC);
	if (mfd < 0)
		return -errno;
	r[0] = (struct pp_vhu_region){ 0x1000000, 0x200000, 0x1000000, 0, mfd };
	r[1] = (struct pp_vhu_region){ 0x3000000, 0x400000, 0x3000000, 0x200000, mfd };
	ret = pp_vhu_set_mem_table(c, r, 2);
	close(mfd);
	if (ret == 0)
		ret = pp_vhu_set_vring(c, PP_VHU_SET_VRING_NUM, 0, 256);
	if (ret == 0)
		ret = pp_vhu_set_vring_addr(c, 0, 0x1000000, 0x1002000, 0x1001000);
	if (ret == 0)
		ret = pp_vhu_set_vring_fd(c, PP_VHU_SET_VRING_KICK, 0, -1);
	if (ret == 0)
		ret = pp_vhu_set_vring(c, PP_VHU_SET_VRING_ENABLE, 0, 1);
	if (ret == 0)
		ret = pp_vhu_get_vring_base(c, 0, &base);
	if (ret == 0 && base != 7)
		ret = -EBADMSG;
	return ret;
}

struct scenario {
	const char *name;
	uint32_t target;
	enum fb_mode mode;
	uint64_t pf;
	int want;
};

#define ACK (1ULL << PP_VHU_PROTOCOL_F_REPLY_ACK)

static const struct scenario scenarios[] = {
	{ "conforming back-end", 0, FB_GOOD, 0, 0 },
	{ "conforming back-end, REPLY_ACK", 0, FB_GOOD, ACK, 0 },
	{ "short reply", PP_VHU_GET_FEATURES, FB_SHORT, 0, -EPROTO },
	{ "oversized reply", PP_VHU_GET_PROTOCOL_FEATURES, FB_LONG, 0, -EPROTO },
	{ "reply cut in the header", PP_VHU_GET_FEATURES, FB_TRUNC, 0, -ECONNRESET },
	{ "wrong request type", PP_VHU_GET_FEATURES, FB_WRONG_REQ, 0, -EPROTO },
	{ "no reply bit", PP_VHU_GET_PROTOCOL_FEATURES, FB_NO_REPLY_BIT, 0, -EPROTO },
	{ "protocol version 2", PP_VHU_GET_FEATURES, FB_BAD_VERSION, 0, -EPROTO },
	{ "close in mid-negotiation", PP_VHU_GET_PROTOCOL_FEATURES, FB_CLOSE, 0, -ECONNRESET },
	{ "close before the mem table ack", PP_VHU_SET_MEM_TABLE, FB_CLOSE, ACK, -ECONNRESET },
	{ "never answers", PP_VHU_GET_FEATURES, FB_SILENT, 0, -ETIMEDOUT },
	{ "never acks", PP_VHU_SET_MEM_TABLE, FB_SILENT, ACK, -ETIMEDOUT },
	{ "refuses the mem table", PP_VHU_SET_MEM_TABLE, FB_NACK, ACK, -EIO },
	{ "vring base of another ring", PP_VHU_GET_VRING_BASE, FB_BAD_INDEX, 0, -EPROTO },
	{ "unsolicited message first", PP_VHU_GET_FEATURES, FB_CHATTY, 0, -EPROTO },
};

static int
run_scenario(const struct scenario *s)
{
	struct pp_vhu_conn c = { .fd = -1, .timeout_ms = TIMEOUT_MS };
	struct fb fb = { .target = s->target, .mode = s->mode, .pf = s->pf };
	int sv[2], before, after, ret;
	uint64_t t0, dt;
	pthread_t th;

	before = count_fds();
	TEST_ASSERT(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) == 0,
		    "socketpair: %s", strerror(errno));
	c.fd = sv[0];
	fb.fd = sv[1];
	TEST_ASSERT(pthread_create(&th, NULL, fb_run, &fb) == 0, "thread");
	t0 = now_ms();
	ret = negotiate(&c);
	dt = now_ms() - t0;
	pp_vhu_close(&c);	/* the back-end thread sees EOF and ends */
	pthread_join(th, NULL);
	after = count_fds();
	printf("    %-34s -> %d (%s) after %3u ms, %u requests seen\n", s->name,
	       ret, ret ? strerror(-ret) : "ok", (unsigned int)dt, fb.nreq);
	TEST_ASSERT_EQUAL(ret, s->want, "%s", s->name);
	TEST_ASSERT_EQUAL(after, before, "%s: file descriptors leaked", s->name);
	TEST_ASSERT_EQUAL(c.fd, -1, "closed");
	if (s->mode == FB_SILENT)
		TEST_ASSERT(dt >= TIMEOUT_MS, "gave up after %u ms, before the %u ms bound",
			    (unsigned int)dt, TIMEOUT_MS);
	if (s->want == 0) {
		TEST_ASSERT_EQUAL(fb.mem_regions, 2, "regions in SET_MEM_TABLE");
		TEST_ASSERT_EQUAL(fb.fds_seen, 2, "fds passed with SET_MEM_TABLE");
		TEST_ASSERT_EQUAL(fb.mem_uva0, 0x1000000, "region 0 userspace_addr");
		TEST_ASSERT_EQUAL(fb.mem_size0, 0x200000, "region 0 size");
		TEST_ASSERT_EQUAL(fb.vring_num, 256, "SET_VRING_NUM");
		TEST_ASSERT_EQUAL(fb.features_set,
				  (1ULL << 32) | (1ULL << PP_VHU_F_PROTOCOL_FEATURES),
				  "SET_FEATURES payload");
	}
	return TEST_SUCCESS;
}

static int
test_misbehaving_backends(void)
{
	unsigned int i;

	for (i = 0; i < RTE_DIM(scenarios); i++)
		TEST_CHECK(run_scenario(&scenarios[i]));
	return TEST_SUCCESS;
}

/* A peer that stopped reading: the send side is bounded too. */
static int
test_send_bounded(void)
{
	struct pp_vhu_conn c = { .fd = -1, .timeout_ms = TIMEOUT_MS };
	int sv[2], before = count_fds(), ret = 0, i;

	TEST_ASSERT(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
			       0, sv) == 0, "socketpair");
	c.fd = sv[0];
	for (i = 0; i < 100000 && ret == 0; i++)
		ret = pp_vhu_set_vring(&c, PP_VHU_SET_VRING_NUM, 0, 256);
	TEST_ASSERT_EQUAL(ret, -ETIMEDOUT, "after %d messages nobody read", i);
	pp_vhu_close(&c);
	close(sv[1]);
	TEST_ASSERT_EQUAL(count_fds(), before, "fds leaked");
	return TEST_SUCCESS;
}

/* listen / connect / accept over a path, and their errors. */
static int
test_sockets(void)
{
	char path[64];
	int before = count_fds(), lfd, cfd, afd;

	snprintf(path, sizeof(path), "/tmp/pp_vhu_test_%d.sock", (int)getpid());
	unlink(path);
	TEST_ASSERT(pp_vhu_connect(path, TIMEOUT_MS) < 0, "connect to nothing");
	TEST_ASSERT_EQUAL(pp_vhu_accept(-1, 0) < 0, 1, "accept on no socket");
	lfd = pp_vhu_listen(path);
	TEST_ASSERT(lfd >= 0, "listen: %s", strerror(-lfd));
	TEST_ASSERT_EQUAL(pp_vhu_accept(lfd, 50), -ETIMEDOUT, "nobody connects");
	cfd = pp_vhu_connect(path, TIMEOUT_MS);
	TEST_ASSERT(cfd >= 0, "connect: %s", strerror(-cfd));
	afd = pp_vhu_accept(lfd, TIMEOUT_MS);
	TEST_ASSERT(afd >= 0, "accept: %s", strerror(-afd));
	close(afd);
	close(cfd);
	close(lfd);
	/* A stale socket file is replaced, not an error. */
	lfd = pp_vhu_listen(path);
	TEST_ASSERT(lfd >= 0, "listen over a stale file: %s", strerror(-lfd));
	close(lfd);
	unlink(path);
	TEST_ASSERT(pp_vhu_listen("") < 0, "empty path");
	TEST_ASSERT_EQUAL(count_fds(), before, "fds leaked");
	return TEST_SUCCESS;
}

static const struct test_case cases[] = {
	TEST_CASE(test_misbehaving_backends),
	TEST_CASE(test_send_bounded),
	TEST_CASE(test_sockets),
};

int
main(void)
{
	struct test_suite s = { "vhost_user", NULL, NULL, cases, RTE_DIM(cases) };
	struct test_tally t = { 0 };

	setvbuf(stdout, NULL, _IOLBF, 0);
	pp_virtio_logtype = RTE_LOGTYPE_USER1;
	rte_log_set_level(RTE_LOGTYPE_USER1, RTE_LOG_DEBUG);
	test_run_suite(&s, &t);
	return test_tally_exit(&t);
}
