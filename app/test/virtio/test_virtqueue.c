/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The pagepool authors
 */

/*
 * net_pp_virtio's virtqueue (drivers/net/virtio/virtqueue.c) against the
 * fake device (fake_vdev.c), on the host: every case runs over split and
 * packed rings, with and without EVENT_IDX. Each chain posted carries a
 * token as its cookie; a token must come back exactly once, through
 * pp_vq_get_used() or pp_vq_drain(), whatever the device does.
 */

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <rte_common.h>
#include <rte_memzone.h>

#include "fake_vdev.h"
#include "test_common.h"
#include "virtqueue.h"

struct cfg {
	const char *name;
	int packed;
	int event_idx;
	uint16_t num;	/* packed: not a power of two, on purpose */
};

static const struct cfg cfgs[] = {
	{ "split", 0, 0, 64 },
	{ "split+event_idx", 0, 1, 64 },
	{ "packed", 1, 0, 50 },
	{ "packed+event_idx", 1, 1, 50 },
};

/* One posted chain, by the id pp_vq_add() returned. */
struct tok {
	uint32_t wlen;		/* device-writable bytes posted */
	uint16_t ndesc;
	uint8_t in_flight;
	uint64_t seq;		/* which post it was, for messages */
};

struct ctx {
	const struct cfg *c;
	struct fake_vdev d;
	struct pp_vq *vq;
	struct fake_vq *f;
	struct tok *tok;
	uint64_t posted, returned, ok, bad_len_ret, drained;
	uint64_t seed;
	uint16_t burst;		/* collect(): 0 one at a time, else bursts */
};

/* A buffer the segments point at; only the net cases write into it. */
static uint8_t mem[64 * 1024];

static uint64_t
rnd(struct ctx *x)
{
	x->seed ^= x->seed << 13;
	x->seed ^= x->seed >> 7;
	x->seed ^= x->seed << 17;
	return x->seed;
}

static int
ctx_open(struct ctx *x, const struct cfg *c)
{
	memset(x, 0, sizeof(*x));
	x->c = c;
	x->seed = 0x9e3779b97f4a7c15ull;
	fake_vdev_init(&x->d);
	x->d.nb_queues = 1;
	x->d.queue_max = 32768;
	x->vq = pp_vq_create(&x->d.hw, 0, c->num, c->packed, c->event_idx,
			     SOCKET_ID_ANY);
	TEST_ASSERT_NOT_NULL(x->vq, "%s: pp_vq_create", c->name);
	TEST_ASSERT_EQUAL(x->d.ops.queue_setup(&x->d.hw, x->vq), 0,
			  "fake queue_setup");
	x->f = fake_vdev_vq(&x->d, 0);
	TEST_ASSERT_NOT_NULL(x->f, "fake queue 0");
	x->tok = calloc(c->num, sizeof(*x->tok));
	TEST_ASSERT_NOT_NULL(x->tok, "tokens");
	return TEST_SUCCESS;
}

static void
ctx_close(struct ctx *x)
{
	pp_vq_free(x->vq);
	free(x->tok);
	x->vq = NULL;
	x->tok = NULL;
}

/*
 * Post a chain of n segments, the last nw of them device-writable, and
 * check the id is the one pp_vq_next_id() predicted.
 */
static int
post(struct ctx *x, uint16_t n, uint16_t nw, int *id_out)
{
	struct pp_vq_seg segs[8];
	uint16_t predicted = pp_vq_next_id(x->vq), free0, i;
	uint32_t wlen = 0;
	int id;

	for (i = 0; i < n; i++) {
		segs[i].addr = (uintptr_t)&mem[(i * 4096) % sizeof(mem)];
		segs[i].len = 64 + 100 * i;
		segs[i].write = i >= n - nw;
		if (segs[i].write)
			wlen += segs[i].len;
	}
	free0 = pp_vq_free_count(x->vq);
	/* any distinct non-NULL cookie: the token, found back by address */
	id = pp_vq_add(x->vq, segs, n, &x->tok[predicted]);
	if (id == -ENOSPC) {
		TEST_ASSERT(free0 < n, "ENOSPC with %u free for %u", free0, n);
		TEST_ASSERT_EQUAL(pp_vq_free_count(x->vq), free0,
				  "ENOSPC must post nothing");
		TEST_ASSERT_EQUAL(pp_vq_next_id(x->vq), predicted,
				  "ENOSPC must take no id");
		*id_out = id;
		return TEST_SUCCESS;
	}
	TEST_ASSERT(id >= 0, "pp_vq_add: %d", id);
	TEST_ASSERT_EQUAL(id, predicted, "pp_vq_next_id() predicts the id");
	TEST_ASSERT(id < x->c->num, "id %d in range", id);
	TEST_ASSERT(!x->tok[id].in_flight, "id %d handed out twice", id);
	TEST_ASSERT_EQUAL(pp_vq_free_count(x->vq), free0 - n, "free count");
	x->tok[id].in_flight = 1;
	x->tok[id].wlen = wlen;
	x->tok[id].ndesc = n;
	x->tok[id].seq = x->posted++;
	*id_out = id;
	return TEST_SUCCESS;
}

/* A token comes back: it must be in flight; then it is not. */
static int
token_back(struct ctx *x, void *cookie)
{
	struct tok *t = cookie;

	TEST_ASSERT(t >= x->tok && t < x->tok + x->c->num,
		    "cookie %p is not one of ours", cookie);
	TEST_ASSERT(t->in_flight, "token %td (post %" PRIu64 ") back twice",
		    t - x->tok, t->seq);
	t->in_flight = 0;
	x->returned++;
	return TEST_SUCCESS;
}

/*
 * Take every used chain. A chain's expected length: what the device says
 * it wrote, which the tests make wlen - (id % 3) (see dev_complete()).
 */
static int
collect_one(struct ctx *x, void *cookie, uint32_t len, int r)
{
	TEST_CHECK(token_back(x, cookie));
	if (r == PP_VQ_OK) {
		struct tok *t = cookie;
		uint32_t id = t - x->tok;
		uint32_t want = t->wlen >= id % 3 ? t->wlen - id % 3 : 0;

		TEST_ASSERT_EQUAL(len, want, "used len of id %u", id);
		x->ok++;
	} else {
		TEST_ASSERT_EQUAL(r, PP_VQ_BAD_LEN, "get_used result");
		TEST_ASSERT_EQUAL(len, 0, "BAD_LEN reports len 0");
		x->bad_len_ret++;
	}
	return TEST_SUCCESS;
}

/*
 * With x->burst, through pp_vq_get_used_burst() in bursts of that many:
 * whatever the device did, the same chains and lengths must come back as
 * one at a time (PP_VQ_LEN_BAD where pp_vq_get_used() says BAD_LEN).
 */
static int
collect(struct ctx *x)
{
	void *cookie, *cookies[32];
	uint32_t len, lens[32];
	uint16_t got, i;
	int r, guard;

	for (guard = 0; guard <= 4 * x->c->num; guard++) {
		if (x->burst == 0) {
			r = pp_vq_get_used(x->vq, &cookie, &len);
			if (r == PP_VQ_EMPTY)
				return TEST_SUCCESS;
			TEST_CHECK(collect_one(x, cookie, len, r));
			continue;
		}
		got = pp_vq_get_used_burst(x->vq, cookies, lens, x->burst);
		if (got == 0)
			return TEST_SUCCESS;
		for (i = 0; i < got; i++) {
			int bad = lens[i] == PP_VQ_LEN_BAD;

			TEST_CHECK(collect_one(x, cookies[i], bad ? 0 : lens[i],
					       bad ? PP_VQ_BAD_LEN : PP_VQ_OK));
		}
	}
	TEST_ASSERT(0, "pp_vq_get_used() did not run dry");
}

static void
drain_cb(void *ctx, void *cookie)
{
	struct ctx *x = ctx;

	if (token_back(x, cookie) == TEST_SUCCESS)
		x->drained++;
}

/* Stop: drain, check every token is home, restart the fake device. */
static int
drain_all(struct ctx *x)
{
	uint64_t before = x->returned;
	uint16_t n, i;

	n = pp_vq_drain(x->vq, drain_cb, x);
	TEST_ASSERT_EQUAL(x->returned - before, n, "drain's count");
	for (i = 0; i < x->c->num; i++)
		TEST_ASSERT(!x->tok[i].in_flight, "token %u lost", i);
	TEST_ASSERT_EQUAL(x->posted, x->returned, "posted == returned");
	TEST_ASSERT_EQUAL(pp_vq_free_count(x->vq), x->c->num, "all free");
	TEST_ASSERT_EQUAL(pp_vq_next_id(x->vq), 0, "free list restarted");
	if (x->c->packed) {
		TEST_ASSERT_EQUAL(x->vq->avail_wrap, 1, "avail wrap reset");
		TEST_ASSERT_EQUAL(x->vq->used_wrap, 1, "used wrap reset");
		TEST_ASSERT_EQUAL(x->vq->next_avail, 0, "next_avail reset");
		for (i = 0; i < x->c->num; i++)
			TEST_ASSERT_EQUAL(x->vq->pdesc[i].flags, 0,
					  "ring zeroed");
	} else {
		TEST_ASSERT_EQUAL(x->vq->avail->idx, 0, "avail idx reset");
		TEST_ASSERT_EQUAL(x->vq->used->idx, 0, "used idx reset");
	}
	fake_vq_reset(x->f);
	return TEST_SUCCESS;
}

/* The device completes up to max chains, reporting wlen - (id % 3). */
static unsigned int
dev_complete(struct ctx *x, unsigned int max, int reverse)
{
	struct fake_chain *c = malloc(sizeof(*c) * 8);
	unsigned int n = 0, i;

	if (c == NULL)
		return 0;
	while (n < max) {
		unsigned int k = 0;

		while (k < 8 && n + k < max && fake_vq_pop(x->f, &c[k]) > 0)
			k++;
		if (k == 0)
			break;
		for (i = 0; i < k; i++) {
			const struct fake_chain *p = &c[reverse ? k - 1 - i : i];

			fake_vq_push(x->f, p, p->wlen >= p->id % 3u ?
				     p->wlen - p->id % 3u : 0);
		}
		n += k;
	}
	free(c);
	return n;
}

/* ------------------------------------------------------------- cases */

static int
do_create(const struct cfg *c)
{
	struct fake_vdev d;
	struct pp_vq *vq;
	uintptr_t base;

	fake_vdev_init(&d);
	TEST_ASSERT_NULL(pp_vq_create(&d.hw, 0, 0, c->packed, 0, SOCKET_ID_ANY),
			 "num 0");
	TEST_ASSERT_EQUAL(rte_errno, EINVAL, "num 0: EINVAL");
	vq = pp_vq_create(&d.hw, 0, 48, c->packed, 0, SOCKET_ID_ANY);
	if (c->packed) {
		TEST_ASSERT_NOT_NULL(vq, "packed: any size");
		pp_vq_free(vq);
	} else {
		TEST_ASSERT_NULL(vq, "split: a power of two only");
		TEST_ASSERT_EQUAL(rte_errno, EINVAL, "48: EINVAL");
	}
	TEST_ASSERT_NULL(pp_vq_create(NULL, 0, 64, c->packed, 0, SOCKET_ID_ANY),
			 "no hw");

	/* largest queue; VAs (vhost-user) */
	vq = pp_vq_create(&d.hw, 3, 32768, c->packed, c->event_idx,
			  SOCKET_ID_ANY);
	TEST_ASSERT_NOT_NULL(vq, "32768 descriptors");
	base = (uintptr_t)vq->mz->addr;
	TEST_ASSERT_EQUAL(vq->desc_addr, base, "VA of the descriptors");
	TEST_ASSERT_EQUAL(vq->index, 3, "index");
	TEST_ASSERT_EQUAL(vq->kick_fd, -1, "kick_fd");
	TEST_ASSERT_EQUAL(vq->call_fd, -1, "call_fd");
	if (c->packed) {
		TEST_ASSERT_EQUAL(vq->driver_addr, base + 32768 * 16,
				  "driver event area after the ring");
		TEST_ASSERT_EQUAL(vq->device_addr, base + 32768 * 16 + 4,
				  "device event area after it");
		TEST_ASSERT_EQUAL(vq->drv_event->flags,
				  PP_VRING_EVENT_F_DISABLE, "no interrupts");
	} else {
		TEST_ASSERT_EQUAL(vq->driver_addr, base + 32768 * 16, "avail");
		TEST_ASSERT_EQUAL(vq->device_addr % PP_VRING_USED_ALIGN, 0,
				  "used ring aligned");
		TEST_ASSERT(vq->device_addr >= vq->driver_addr + 4 +
			    2 * 32768 + 2, "used after avail and used_event");
		TEST_ASSERT_EQUAL(vq->avail->flags,
				  PP_VRING_AVAIL_F_NO_INTERRUPT, "no interrupts");
	}
	TEST_ASSERT_EQUAL(pp_vq_free_count(vq), 32768, "all free");
	pp_vq_free(vq);

	/* IOVAs (PCI): the memzone's */
	d.hw.use_va = 0;
	vq = pp_vq_create(&d.hw, 1, 256, c->packed, 0, SOCKET_ID_ANY);
	TEST_ASSERT_NOT_NULL(vq, "256 descriptors, IOVA");
	TEST_ASSERT_EQUAL(vq->desc_addr, vq->mz->iova, "IOVA of the ring");
	TEST_ASSERT_EQUAL(vq->driver_addr - vq->desc_addr, 256 * 16,
			  "driver area IOVA");
	TEST_ASSERT_EQUAL(vq->device_addr - vq->desc_addr,
			  (uintptr_t)(c->packed ? (void *)vq->dev_event :
				      (void *)vq->used) -
			  (uintptr_t)vq->mz->addr, "device area IOVA");
	pp_vq_free(vq);
	pp_vq_free(NULL);
	return TEST_SUCCESS;
}

/*
 * Round trips across many laps (split: past the 16-bit index wrap), chains
 * of 1..4 segments, random batch sizes, completions in and out of order.
 */
static int
do_roundtrip(const struct cfg *c)
{
	struct ctx x;
	uint64_t target = c->packed ? 20000 : 70000, done = 0;
	unsigned int in_flight = 0, k;
	uint64_t iter;
	int id;

	TEST_CHECK(ctx_open(&x, c));
	fake_vq_notify_mode(x.f, FAKE_NOTIFY_ON, 0, 1);
	for (iter = 0; x.posted < target; iter++) {
		unsigned int batch = 1 + rnd(&x) % 12, n = rnd(&x) % 13;

		/* a device that never completes must fail, not hang */
		TEST_ASSERT(iter < target, "no progress: %" PRIu64 " posted",
			    x.posted);

		for (k = 0; k < batch; k++) {
			uint16_t nseg = 1 + (x.posted % 4);

			TEST_CHECK(post(&x, nseg, nseg - nseg / 2, &id));
			if (id == -ENOSPC)
				break;
			in_flight++;
		}
		pp_vq_kick(x.vq);
		k = dev_complete(&x, n, rnd(&x) & 1);
		TEST_ASSERT(k <= in_flight, "device completed %u of %u", k,
			    in_flight);
		in_flight -= k;
		done += k;
		TEST_CHECK(collect(&x));
		TEST_ASSERT_EQUAL(x.returned, done, "every completion seen");
	}
	/* the rest, then the ring must be whole again */
	pp_vq_kick(x.vq);
	done += dev_complete(&x, x.c->num, 0);
	TEST_CHECK(collect(&x));
	TEST_ASSERT_EQUAL(x.returned, x.posted, "all back");
	TEST_ASSERT_EQUAL(pp_vq_free_count(x.vq), c->num, "ring whole");
	TEST_ASSERT_EQUAL(x.vq->stats.bad_id, 0, "no bad id");
	TEST_ASSERT_EQUAL(x.vq->stats.bad_len, 0, "no bad len");
	TEST_ASSERT_EQUAL(x.bad_len_ret, 0, "no BAD_LEN");
	if (!c->packed)
		TEST_ASSERT(x.posted > 65536, "past the 16-bit index wrap");
	else
		TEST_ASSERT(x.posted * 2 > 10 * c->num, "many laps");
	TEST_ASSERT_EQUAL(x.f->popped, x.posted, "device saw every chain");
	TEST_ASSERT_EQUAL(pp_vq_drain(x.vq, drain_cb, &x), 0, "nothing left");
	ctx_close(&x);
	return TEST_SUCCESS;
}

/*
 * pp_vq_add_burst(): bursts of one-descriptor chains (all writable, or all
 * read-only), interleaved with chains of pp_vq_add(), taken back with
 * pp_vq_get_used_burst(), across many laps, completions in and out of
 * order. The device must see each burst chain's own buffer (segment
 * address and length) and the driver must hand back its own cookie with
 * every byte the device reported.
 */
static int
do_burst(const struct cfg *c)
{
	struct ctx x;
	uint64_t target = c->packed ? 20000 : 70000, iter;
	unsigned int k;
	int id;

	TEST_CHECK(ctx_open(&x, c));
	fake_vq_notify_mode(x.f, FAKE_NOTIFY_ON, 0, 1);
	for (iter = 0; x.posted < target; iter++) {
		struct pp_vq_seg segs[16];
		void *cookies[16], *back[16];
		uint32_t lens[16];
		uint16_t n = 1 + rnd(&x) % 16, free0, got, i, j;
		uint8_t w = rnd(&x) & 1;
		unsigned int pops, reverse = rnd(&x) & 1;
		struct fake_chain *done;

		TEST_ASSERT(iter < target, "no progress");
		free0 = pp_vq_free_count(x.vq);
		n = RTE_MIN(n, free0);
		/*
		 * The burst's ids are the free list's next n: a token's index
		 * is its chain's id only as far as the test knows; it is a
		 * cookie like any other here, taken from the ids still free.
		 */
		for (i = 0, j = 0; i < n && j < x.c->num; j++) {
			if (x.tok[j].in_flight)
				continue;
			segs[i].addr = (uintptr_t)&mem[j * 256];
			segs[i].len = 64 + j;
			segs[i].write = w;
			cookies[i] = &x.tok[j];
			x.tok[j].in_flight = 1;
			x.tok[j].wlen = w ? segs[i].len : 0;
			x.tok[j].ndesc = 1;
			x.tok[j].seq = x.posted++;
			i++;
		}
		TEST_ASSERT_EQUAL(i, n, "tokens for the burst");
		pp_vq_add_burst(x.vq, segs, cookies, n);
		TEST_ASSERT_EQUAL(pp_vq_free_count(x.vq), free0 - n, "free count");
		/* and a chained post now and then, through the old call */
		if (rnd(&x) % 3 == 0 && pp_vq_free_count(x.vq) >= 3 &&
		    !x.tok[pp_vq_next_id(x.vq)].in_flight) {
			TEST_CHECK(post(&x, 3, 2, &id));
			TEST_ASSERT(id >= 0, "post");
		}
		pp_vq_kick(x.vq);
		/* the device: each chain back with all its writable bytes */
		done = malloc(sizeof(*done) * x.c->num);
		TEST_ASSERT_NOT_NULL(done, "malloc");
		for (pops = 0; fake_vq_pop(x.f, &done[pops]) > 0; pops++) {
			const struct fake_chain *p = &done[pops];

			TEST_ASSERT(pops < x.c->num, "more chains than the ring");
			if (p->ndesc == 1) {
				/* a burst chain: its own buffer, as posted */
				uint32_t t = (uint32_t)(p->seg[0].ptr - mem) / 256;

				TEST_ASSERT(t < x.c->num && x.tok[t].in_flight,
					    "buffer of a chain in flight");
				TEST_ASSERT_EQUAL(p->seg[0].len, 64 + t, "length");
				TEST_ASSERT_EQUAL(p->seg[0].write,
						  x.tok[t].wlen != 0, "direction");
			}
		}
		for (k = 0; k < pops; k++) {
			const struct fake_chain *p =
				&done[reverse ? pops - 1 - k : k];

			fake_vq_push(x.f, p, p->wlen);
		}
		free(done);
		/* back in bursts: cookies and full lengths */
		do {
			got = pp_vq_get_used_burst(x.vq, back, lens, 16);
			for (i = 0; i < got; i++) {
				struct tok *t = back[i];

				TEST_ASSERT(t >= x.tok && t < x.tok + x.c->num,
					    "cookie %p is not one of ours",
					    back[i]);
				TEST_ASSERT_EQUAL(lens[i], t->wlen,
						  "used len of token %td",
						  t - x.tok);
				TEST_CHECK(token_back(&x, back[i]));
			}
		} while (got != 0);
		TEST_ASSERT_EQUAL(x.returned, x.posted, "every chain back");
		TEST_ASSERT_EQUAL(pp_vq_free_count(x.vq), x.c->num, "ring whole");
	}
	TEST_ASSERT_EQUAL(x.vq->stats.bad_id, 0, "no bad id");
	TEST_ASSERT_EQUAL(x.vq->stats.bad_len, 0, "no bad len");
	if (!c->packed)
		TEST_ASSERT(x.posted > 65536, "past the 16-bit index wrap");
	else
		TEST_ASSERT(x.posted > 10u * c->num, "many laps");
	TEST_ASSERT_EQUAL(x.f->popped, x.posted, "device saw every chain");
	TEST_ASSERT_EQUAL(pp_vq_drain(x.vq, drain_cb, &x), 0, "nothing left");
	ctx_close(&x);
	return TEST_SUCCESS;
}

/* Ring full: -ENOSPC and nothing taken; visibility of a post. */
static int
do_full(const struct cfg *c)
{
	struct ctx x;
	struct pp_vq_seg seg = { (uintptr_t)mem, 64, 1 };
	unsigned int n3 = 0, n1 = 0;
	int id;

	TEST_CHECK(ctx_open(&x, c));
	TEST_ASSERT_EQUAL(pp_vq_add(x.vq, &seg, 0, x.tok), -EINVAL, "n 0");
	TEST_ASSERT_EQUAL(pp_vq_add(x.vq, &seg, 1, NULL), -EINVAL, "no cookie");
	for (;;) {
		TEST_CHECK(post(&x, 3, 1, &id));
		if (id == -ENOSPC)
			break;
		TEST_ASSERT(++n3 <= c->num / 3, "more chains than the ring");
	}
	TEST_ASSERT_EQUAL(n3, c->num / 3, "3-descriptor chains that fit");
	TEST_ASSERT_EQUAL(pp_vq_free_count(x.vq), c->num % 3, "left over");
	for (;;) {
		TEST_CHECK(post(&x, 1, 1, &id));
		if (id == -ENOSPC)
			break;
		TEST_ASSERT(++n1 <= c->num, "more chains than the ring");
	}
	TEST_ASSERT_EQUAL(n1, c->num % 3, "1-descriptor chains in the rest");
	TEST_ASSERT_EQUAL(pp_vq_free_count(x.vq), 0, "full");
	/* split: invisible until the kick; packed: at once */
	TEST_ASSERT_EQUAL(dev_complete(&x, 1, 0), c->packed ? 1 : 0,
			  "visible before the kick");
	if (!c->packed) {
		pp_vq_kick(x.vq);
		TEST_ASSERT_EQUAL(dev_complete(&x, 1, 0), 1,
				  "visible after the kick");
	}
	TEST_CHECK(collect(&x));
	TEST_ASSERT_EQUAL(x.returned, 1, "one back");
	TEST_ASSERT_EQUAL(pp_vq_free_count(x.vq), 3, "its 3 descriptors");
	TEST_CHECK(post(&x, 3, 1, &id));
	TEST_ASSERT(id >= 0, "room again");
	TEST_CHECK(post(&x, 1, 1, &id));
	TEST_ASSERT_EQUAL(id, -ENOSPC, "full again");
	TEST_CHECK(drain_all(&x));
	TEST_ASSERT_EQUAL(x.drained, n3 + n1, "drained the rest");
	ctx_close(&x);
	return TEST_SUCCESS;
}

/* Post n single-descriptor chains and kick; return the kick result. */
static int
post_kick(struct ctx *x, unsigned int n, int *kicked)
{
	unsigned int i;
	int id;

	for (i = 0; i < n; i++) {
		TEST_CHECK(post(x, 1, 1, &id));
		TEST_ASSERT(id >= 0, "post %u of %u", i, n);
	}
	*kicked = pp_vq_kick(x->vq);
	/* keep the ring from filling: complete and take all */
	dev_complete(x, x->c->num, 0);
	TEST_CHECK(collect(x));
	return TEST_SUCCESS;
}

static int
do_notify(const struct cfg *c)
{
	struct ctx x;
	uint64_t kicks, notifies;
	int k, i;

	TEST_CHECK(ctx_open(&x, c));
	TEST_ASSERT_EQUAL(pp_vq_kick(x.vq), 0, "nothing posted: no kick");

	if (!c->event_idx) {
		fake_vq_notify_mode(x.f, FAKE_NOTIFY_ON, 0, 1);
		for (i = 0; i < 3; i++) {
			TEST_CHECK(post_kick(&x, 1 + i, &k));
			TEST_ASSERT_EQUAL(k, 1, "device wants notifications");
		}
		TEST_ASSERT_EQUAL(x.f->notifies, 3, "device notified");
		TEST_ASSERT_EQUAL(x.vq->stats.kicks, 3, "kicks counted");
		TEST_ASSERT_EQUAL(pp_vq_kick(x.vq), 0, "nothing pending");
		fake_vq_notify_mode(x.f, FAKE_NOTIFY_OFF, 0, 1);
		for (i = 0; i < 5; i++) {
			TEST_CHECK(post_kick(&x, 1, &k));
			TEST_ASSERT_EQUAL(k, 0, "suppressed");
		}
		TEST_ASSERT_EQUAL(x.f->notifies, 3, "no notification");
		if (c->packed) {
			/* DESC without EVENT_IDX: not valid, so notify */
			fake_vq_notify_mode(x.f, FAKE_NOTIFY_EVENT, 40, 0);
			TEST_CHECK(post_kick(&x, 1, &k));
			TEST_ASSERT_EQUAL(k, 1, "DESC without EVENT_IDX");
		}
		fake_vq_notify_mode(x.f, FAKE_NOTIFY_ON, 0, 1);
	} else if (!c->packed) {
		/* avail_event 5: one chain a kick, only 5 -> 6 notifies */
		fake_vq_notify_mode(x.f, FAKE_NOTIFY_EVENT, 5, 0);
		for (i = 0; i < 10; i++) {
			TEST_CHECK(post_kick(&x, 1, &k));
			TEST_ASSERT_EQUAL(k, i == 5, "avail idx %d -> %d", i,
					  i + 1);
		}
		/* idx 10 now: a batch of 3 passes event 11, not event 13 */
		fake_vq_notify_mode(x.f, FAKE_NOTIFY_EVENT, 11, 0);
		TEST_CHECK(post_kick(&x, 3, &k));
		TEST_ASSERT_EQUAL(k, 1, "10 -> 13 passes 11");
		fake_vq_notify_mode(x.f, FAKE_NOTIFY_EVENT, 16, 0);
		TEST_CHECK(post_kick(&x, 3, &k));
		TEST_ASSERT_EQUAL(k, 0, "13 -> 16 does not pass 16");
		TEST_CHECK(post_kick(&x, 1, &k));
		TEST_ASSERT_EQUAL(k, 1, "16 -> 17 does");
		/* with EVENT_IDX the NO_NOTIFY flag means nothing (2.7) */
		fake_vq_notify_mode(x.f, FAKE_NOTIFY_OFF, 17, 0);
		TEST_CHECK(post_kick(&x, 1, &k));
		TEST_ASSERT_EQUAL(k, 1, "flag ignored, 17 -> 18 passes 17");
		TEST_ASSERT_EQUAL(x.f->notifies, 4, "device notified");
		fake_vq_notify_mode(x.f, FAKE_NOTIFY_EVENT, 18, 0);
	} else {
		/* one descriptor a kick over two laps of 50: position 2
		 * of the second lap (wrap 0) notifies, once */
		fake_vq_notify_mode(x.f, FAKE_NOTIFY_EVENT, 2, 0);
		for (i = 0; i < 2 * c->num; i++) {
			TEST_CHECK(post_kick(&x, 1, &k));
			TEST_ASSERT_EQUAL(k, i == c->num + 2,
					  "post %d (position %d)", i,
					  i % c->num);
		}
		/* at position 0, lap wrap 1 again: batches across the end */
		for (i = 0; i < c->num - 2; i++)
			TEST_CHECK(post_kick(&x, 1, &k));
		TEST_ASSERT_EQUAL(x.vq->next_avail, c->num - 2, "position");
		/* 48..1: covers 49 of this lap (wrap 1) */
		fake_vq_notify_mode(x.f, FAKE_NOTIFY_EVENT, 49, 1);
		TEST_CHECK(post_kick(&x, 4, &k));
		TEST_ASSERT_EQUAL(k, 1, "48..1 covers 49 (old lap)");
		/* on to 48 of lap wrap 0, then 48..1 again: covers 0 of
		 * lap wrap 1, the new one */
		TEST_CHECK(post_kick(&x, c->num - 4, &k));
		fake_vq_notify_mode(x.f, FAKE_NOTIFY_EVENT, 0, 1);
		TEST_CHECK(post_kick(&x, 4, &k));
		TEST_ASSERT_EQUAL(k, 1, "48..1 covers 0 (new lap)");
		/* 2 of lap wrap 0 is behind: 2..5 of lap wrap 1 is not it */
		fake_vq_notify_mode(x.f, FAKE_NOTIFY_EVENT, 2, 0);
		TEST_CHECK(post_kick(&x, 4, &k));
		TEST_ASSERT_EQUAL(k, 0, "event in the past lap");
		fake_vq_notify_mode(x.f, FAKE_NOTIFY_EVENT, 7, 1);
		TEST_CHECK(post_kick(&x, 1, &k));
		TEST_ASSERT_EQUAL(k, 0, "6 is not 7");
		TEST_CHECK(post_kick(&x, 1, &k));
		TEST_ASSERT_EQUAL(k, 1, "7 is");
		fake_vq_notify_mode(x.f, FAKE_NOTIFY_OFF, 0, 0);
		TEST_CHECK(post_kick(&x, 1, &k));
		TEST_ASSERT_EQUAL(k, 0, "DISABLE");
		fake_vq_notify_mode(x.f, FAKE_NOTIFY_ON, 0, 0);
		TEST_CHECK(post_kick(&x, 1, &k));
		TEST_ASSERT_EQUAL(k, 1, "ENABLE");
		TEST_ASSERT_EQUAL(x.f->notifies, 5, "device notified");
	}
	/* a lost notification: sent and counted by the driver only */
	kicks = x.vq->stats.kicks;
	notifies = x.f->notifies;
	x.f->drop_notify = 1;
	TEST_CHECK(post_kick(&x, 1, &k));
	TEST_ASSERT_EQUAL(k, 1, "kick sent");
	TEST_ASSERT_EQUAL(x.vq->stats.kicks, kicks + 1, "driver counted it");
	TEST_ASSERT_EQUAL(x.f->notifies, notifies, "device did not see it");
	TEST_ASSERT_EQUAL(x.f->notify_lost, 1, "lost");
	TEST_CHECK(drain_all(&x));
	ctx_close(&x);
	return TEST_SUCCESS;
}

/* ----------------------------------------------------- misbehaviour */

struct lie_case {
	const char *name;
	enum fake_lie lie;
	int free_id;		/* FAKE_LIE_ID: a free id, not num + 7 */
	uint64_t ok, bad_len, bad_id, drained;	/* of 8 chains */
	uint64_t packed_ok, packed_drained;	/* where packed differs */
};

/*
 * Twice: packed, the duplicate takes a ring position, so the last chain's
 * entry lands one past what was posted, where the driver does not read:
 * it comes back by the drain.
 */
static const struct lie_case lies[] = {
	{ "id out of range", FAKE_LIE_ID, 0, 7, 0, 1, 1, 7, 1 },
	{ "id not in flight (free)", FAKE_LIE_ID, 1, 7, 0, 1, 1, 7, 1 },
	{ "id not in flight (twice)", FAKE_LIE_DUP, 0, 8, 0, 1, 0, 7, 1 },
	{ "len beyond posted", FAKE_LIE_LEN, 0, 7, 1, 0, 0, 7, 0 },
};

/* After a misbehaviour: the restarted queue works for a few laps. */
static int
works_again(struct ctx *x)
{
	uint64_t before = x->returned;
	int id, i;

	for (i = 0; i < 3 * x->c->num; i++) {
		TEST_CHECK(post(x, 1 + i % 2, 1, &id));
		TEST_ASSERT(id >= 0, "post after restart");
		pp_vq_kick(x->vq);
		TEST_ASSERT_EQUAL(dev_complete(x, 1, 0), 1, "device after restart");
		TEST_CHECK(collect(x));
	}
	TEST_ASSERT_EQUAL(x->returned - before, 3 * x->c->num, "round trips");
	return TEST_SUCCESS;
}

static int
do_lies(const struct cfg *c)
{
	unsigned int l, i;
	struct ctx x;
	int id;

	/* each lie taken one at a time, then in bursts of 3 and of 32 */
	for (l = 0; l < 3 * RTE_DIM(lies); l++) {
		static const uint16_t bursts[] = { 0, 3, 32 };
		const struct lie_case *lc = &lies[l % RTE_DIM(lies)];

		TEST_CHECK(ctx_open(&x, c));
		x.burst = bursts[l / RTE_DIM(lies)];
		for (i = 0; i < 8; i++) {
			TEST_CHECK(post(&x, 1, 1, &id));
			TEST_ASSERT_EQUAL(id, i, "fresh ring ids");
		}
		pp_vq_kick(x.vq);
		x.f->lie = lc->lie;
		x.f->lie_count = 1;
		x.f->lie_id = lc->free_id ? pp_vq_next_id(x.vq) : c->num + 7u;
		x.f->lie_extra = 1;
		TEST_ASSERT_EQUAL(dev_complete(&x, 8, 0), 8, "%s", lc->name);
		TEST_CHECK(collect(&x));
		TEST_ASSERT_EQUAL(x.ok, c->packed ? lc->packed_ok : lc->ok,
				  "%s: OK", lc->name);
		TEST_ASSERT_EQUAL(x.bad_len_ret, lc->bad_len, "%s: BAD_LEN",
				  lc->name);
		TEST_ASSERT_EQUAL(x.vq->stats.bad_len, lc->bad_len,
				  "%s: stats.bad_len", lc->name);
		TEST_ASSERT_EQUAL(x.vq->stats.bad_id, lc->bad_id,
				  "%s: stats.bad_id", lc->name);
		TEST_CHECK(drain_all(&x));
		TEST_ASSERT_EQUAL(x.drained, c->packed ? lc->packed_drained :
				  lc->drained, "%s: drained", lc->name);
		TEST_CHECK(works_again(&x));
		TEST_CHECK(drain_all(&x));
		ctx_close(&x);
	}
	return TEST_SUCCESS;
}

/* Split: the id of a chain's second descriptor is not a chain. */
static int
do_mid_id(const struct cfg *c)
{
	struct ctx x;
	int a, b;

	if (c->packed)
		return TEST_SUCCESS;	/* packed ids name chains only */
	TEST_CHECK(ctx_open(&x, c));
	TEST_CHECK(post(&x, 3, 2, &a));
	TEST_CHECK(post(&x, 1, 1, &b));
	pp_vq_kick(x.vq);
	x.f->lie = FAKE_LIE_ID;
	x.f->lie_count = 1;
	x.f->lie_id = a + 1;
	TEST_ASSERT_EQUAL(dev_complete(&x, 2, 0), 2, "both");
	TEST_CHECK(collect(&x));
	TEST_ASSERT_EQUAL(x.ok, 1, "b back");
	TEST_ASSERT(!x.tok[b].in_flight, "b is the one back");
	TEST_ASSERT_EQUAL(x.vq->stats.bad_id, 1, "mid id counted");
	TEST_ASSERT_EQUAL(pp_vq_free_count(x.vq), c->num - 3, "a still held");
	TEST_CHECK(drain_all(&x));
	TEST_ASSERT_EQUAL(x.drained, 1, "a drained");
	TEST_CHECK(works_again(&x));
	ctx_close(&x);
	return TEST_SUCCESS;
}

/*
 * Packed: the device's skips and the driver's chain lengths disagree.
 * (1) a bad entry (one position) then chain a of 3 where only 2 of its
 * positions are left: a cannot be there, counted; (2) a device that skips
 * 1 after a 2-descriptor chain: its next entries land where the driver
 * does not look, the queue runs dry, the drain returns the rest.
 */
static int
packed_skip(const struct cfg *c, uint16_t burst)
{
	struct fake_chain bad, ca;
	struct ctx x;
	int a, b, d;

	TEST_CHECK(ctx_open(&x, c));
	x.burst = burst;
	TEST_CHECK(post(&x, 3, 3, &a));
	TEST_ASSERT_EQUAL(fake_vq_pop(x.f, &ca), 1, "device takes a");
	TEST_ASSERT_EQUAL(ca.ndesc, 3, "a: 3 descriptors");
	memset(&bad, 0, sizeof(bad));
	bad.id = c->num + 1;
	bad.ndesc = 1;
	fake_vq_push(x.f, &bad, 0);	/* position 0, skips 1 */
	fake_vq_push(x.f, &ca, ca.wlen); /* position 1 */
	TEST_CHECK(collect(&x));
	TEST_ASSERT_EQUAL(x.returned, 0, "nothing valid");
	TEST_ASSERT_EQUAL(x.vq->stats.bad_id, 2, "bad id, then a misplaced");
	TEST_CHECK(drain_all(&x));
	TEST_ASSERT_EQUAL(x.drained, 1, "a drained");
	TEST_CHECK(works_again(&x));
	TEST_CHECK(drain_all(&x));

	x.drained = 0;
	x.vq->stats.bad_id = 0;
	TEST_CHECK(post(&x, 2, 1, &a));
	TEST_CHECK(post(&x, 1, 1, &b));
	TEST_CHECK(post(&x, 1, 1, &d));
	x.f->lie = FAKE_LIE_SKIP;
	x.f->lie_count = 1;
	x.f->lie_skip = -1;
	TEST_ASSERT_EQUAL(dev_complete(&x, 3, 0), 3, "device returns 3");
	TEST_CHECK(collect(&x));
	/* a at 0 (the driver moves to 2); b at 1, unseen; d at 2, seen */
	TEST_ASSERT(!x.tok[a].in_flight && !x.tok[d].in_flight, "a, d back");
	TEST_ASSERT(x.tok[b].in_flight, "b not seen");
	TEST_ASSERT_EQUAL(x.vq->stats.bad_id, 0, "no id was bad");
	for (int i = 0; i < 3; i++)
		TEST_CHECK(collect(&x));	/* dry, every time */
	TEST_CHECK(drain_all(&x));
	TEST_ASSERT_EQUAL(x.drained, 1, "b drained");
	TEST_CHECK(works_again(&x));
	ctx_close(&x);
	return TEST_SUCCESS;
}

/* One at a time, then through the burst, in bursts of 1 and of 32. */
static int
do_packed_skip(const struct cfg *c)
{
	if (!c->packed)
		return TEST_SUCCESS;
	TEST_CHECK(packed_skip(c, 0));
	TEST_CHECK(packed_skip(c, 1));
	TEST_CHECK(packed_skip(c, 32));
	return TEST_SUCCESS;
}

/* A device that stops: the ring fills, get_used stays empty, drain. */
static int
do_stop(const struct cfg *c)
{
	struct ctx x;
	unsigned int n = 0;
	int id, i;

	TEST_CHECK(ctx_open(&x, c));
	TEST_CHECK(post(&x, 2, 1, &id));
	pp_vq_kick(x.vq);
	TEST_ASSERT_EQUAL(dev_complete(&x, 1, 0), 1, "one before it stops");
	TEST_CHECK(collect(&x));
	x.f->stop = 1;
	for (;;) {
		TEST_CHECK(post(&x, 1, 1, &id));
		if (id == -ENOSPC)
			break;
		TEST_ASSERT(++n <= c->num, "more chains than the ring");
		pp_vq_kick(x.vq);
		TEST_ASSERT_EQUAL(dev_complete(&x, 4, 0), 0, "stopped");
	}
	TEST_ASSERT_EQUAL(n, c->num, "filled: the first chain came back");
	for (i = 0; i < 5; i++)
		TEST_CHECK(collect(&x));
	TEST_ASSERT_EQUAL(x.returned, 1, "only the first");
	TEST_CHECK(drain_all(&x));
	TEST_ASSERT_EQUAL(x.drained, c->num, "the full ring drained");
	x.f->stop = 0;
	TEST_CHECK(works_again(&x));
	ctx_close(&x);
	return TEST_SUCCESS;
}

/*
 * A device that scribbles over its whole used area: every entry a bad
 * id, split's used->idx far ahead. Each get_used call stops after num
 * entries (split) or the positions posted (packed).
 */
static int
do_scribble(const struct cfg *c)
{
	struct ctx x;
	void *cookie;
	uint32_t len;
	int id, i;

	TEST_CHECK(ctx_open(&x, c));
	for (i = 0; i < 4; i++)
		TEST_CHECK(post(&x, 1, 1, &id));
	pp_vq_kick(x.vq);
	if (c->packed) {
		for (i = 0; i < c->num; i++) {
			x.vq->pdesc[i].id = 0xffff;
			x.vq->pdesc[i].flags = PP_VRING_PACKED_DESC_F_AVAIL |
					       PP_VRING_PACKED_DESC_F_USED;
		}
	} else {
		for (i = 0; i < c->num; i++)
			x.vq->used->ring[i].id = 0xffffffff;
		x.vq->used->idx = 3 * c->num;
	}
	TEST_ASSERT_EQUAL(pp_vq_get_used(x.vq, &cookie, &len), PP_VQ_EMPTY,
			  "nothing valid");
	TEST_ASSERT_EQUAL(x.vq->stats.bad_id, c->packed ? 4 : c->num,
			  "one call: bounded");
	TEST_ASSERT_EQUAL(pp_vq_get_used(x.vq, &cookie, &len), PP_VQ_EMPTY,
			  "still nothing");
	TEST_ASSERT_EQUAL(x.vq->stats.bad_id, c->packed ? 4 : 2 * c->num,
			  "second call: bounded");
	TEST_CHECK(drain_all(&x));
	TEST_ASSERT_EQUAL(x.drained, 4, "all drained");
	TEST_CHECK(works_again(&x));
	ctx_close(&x);
	return TEST_SUCCESS;
}

/*
 * Packed: the length of a used descriptor counts for a chain we posted
 * with device-writable buffers, whether or not the device set WRITE in it
 * (QEMU 7.2 never does); a read-only chain's length is ignored.
 */
static void
used_by_hand(struct ctx *x, uint16_t pos, int id, uint32_t len)
{
	x->vq->pdesc[pos].id = (uint16_t)id;
	x->vq->pdesc[pos].len = len;
	__atomic_store_n(&x->vq->pdesc[pos].flags, PP_VRING_PACKED_DESC_F_AVAIL |
			 PP_VRING_PACKED_DESC_F_USED, __ATOMIC_RELEASE);
}

static int
do_nowrite(const struct cfg *c)
{
	struct fake_chain ch;
	struct ctx x;
	void *cookie;
	uint32_t len;
	int id;

	if (!c->packed)
		return TEST_SUCCESS;
	TEST_CHECK(ctx_open(&x, c));
	/* read-only chain (TX): whatever is left in len means nothing */
	TEST_CHECK(post(&x, 1, 0, &id));
	TEST_ASSERT_EQUAL(fake_vq_pop(x.f, &ch), 1, "device takes it");
	used_by_hand(&x, 0, id, 500);
	TEST_ASSERT_EQUAL(pp_vq_get_used(x.vq, &cookie, &len), PP_VQ_OK,
			  "read-only chain: fine");
	TEST_ASSERT_EQUAL(len, 0, "read-only chain: nothing written");
	TEST_CHECK(token_back(&x, cookie));
	/* writable chain (64 bytes), no WRITE flag, as QEMU writes it */
	TEST_CHECK(post(&x, 1, 1, &id));
	TEST_ASSERT_EQUAL(fake_vq_pop(x.f, &ch), 1, "device takes it");
	used_by_hand(&x, 1, id, 60);
	TEST_ASSERT_EQUAL(pp_vq_get_used(x.vq, &cookie, &len), PP_VQ_OK,
			  "writable chain without the WRITE flag");
	TEST_ASSERT_EQUAL(len, 60, "its length counts");
	TEST_CHECK(token_back(&x, cookie));
	/* writable chain, a length beyond it, no WRITE flag: still a lie */
	TEST_CHECK(post(&x, 1, 1, &id));
	TEST_ASSERT_EQUAL(fake_vq_pop(x.f, &ch), 1, "device takes it");
	used_by_hand(&x, 2, id, 500);
	TEST_ASSERT_EQUAL(pp_vq_get_used(x.vq, &cookie, &len), PP_VQ_BAD_LEN,
			  "a length beyond posted, WRITE flag or not");
	TEST_CHECK(token_back(&x, cookie));
	TEST_ASSERT_EQUAL(x.vq->stats.bad_len, 1, "counted");
	TEST_CHECK(drain_all(&x));
	TEST_ASSERT_EQUAL(x.drained, 0, "nothing left");
	ctx_close(&x);
	return TEST_SUCCESS;
}

/*
 * Whatever a device writes into what it may write (split: the used ring;
 * packed: descriptors and the device event area), the driver stays within
 * bounds (ASan), every get_used call returns, a chain comes back at most
 * once, free descriptors add up, and drain brings the rest home. Random
 * scribbles mixed with honest completions and every lie knob.
 */
static int
chaos_collect(struct ctx *x)
{
	uint32_t len, ndesc = 0, i;
	void *cookie;
	int r, guard;

	for (guard = 0; guard <= 4 * x->c->num; guard++) {
		r = pp_vq_get_used(x->vq, &cookie, &len);
		if (r == PP_VQ_EMPTY)
			break;
		TEST_CHECK(token_back(x, cookie));
		if (r == PP_VQ_OK)
			TEST_ASSERT(len <= ((struct tok *)cookie)->wlen,
				    "OK with len %u beyond posted", len);
		else
			TEST_ASSERT(r == PP_VQ_BAD_LEN && len == 0, "BAD_LEN");
	}
	TEST_ASSERT(guard <= 4 * x->c->num, "get_used did not run dry");
	for (i = 0; i < x->c->num; i++)
		if (x->tok[i].in_flight)
			ndesc += x->tok[i].ndesc;
	TEST_ASSERT_EQUAL(pp_vq_free_count(x->vq), x->c->num - ndesc,
			  "free + in flight = num");
	return TEST_SUCCESS;
}

static void
chaos_scribble(struct ctx *x)
{
	struct pp_vq *vq = x->vq;
	unsigned int n = 1 + rnd(x) % 8, i;

	for (i = 0; i < n; i++) {
		uint16_t pos = rnd(x) % vq->num;
		uint64_t v = rnd(x);

		if (vq->packed) {
			struct pp_vring_packed_desc *d = &vq->pdesc[pos];

			/* ids near the range, lengths near posted sizes */
			d->id = (v & 1) ? (v >> 8) % (vq->num + 2) : v >> 16;
			d->len = (v >> 24) % 1024;
			__atomic_store_n(&d->flags, (uint16_t)(v >> 40),
					 __ATOMIC_RELEASE);
			if ((v & 6) == 0) {
				vq->dev_event->off_wrap = v >> 48;
				vq->dev_event->flags = (v >> 32) & 3;
			}
		} else {
			vq->used->ring[pos].id = (v & 1) ?
				(v >> 8) % (vq->num + 2) : (uint32_t)(v >> 16);
			vq->used->ring[pos].len = (v >> 24) % 1024;
			if ((v & 6) == 0)
				__atomic_store_n(&vq->used->idx,
						 (uint16_t)(v >> 32),
						 __ATOMIC_RELEASE);
			if ((v & 24) == 0)
				vq->used->flags = v >> 48;
		}
	}
}

static int
do_chaos(const struct cfg *c)
{
	static const enum fake_lie lie_of[] = {
		FAKE_LIE_NONE, FAKE_LIE_ID, FAKE_LIE_DUP, FAKE_LIE_LEN,
		FAKE_LIE_SKIP,
	};
	unsigned int round, k;
	struct ctx x;
	int id;

	TEST_CHECK(ctx_open(&x, c));
	for (round = 0; round < 3000; round++) {
		unsigned int batch = rnd(&x) % 8;
		uint64_t v = rnd(&x);

		for (k = 0; k < batch; k++) {
			uint16_t nseg = 1 + rnd(&x) % 4;

			TEST_CHECK(post(&x, nseg, rnd(&x) % (nseg + 1), &id));
			if (id == -ENOSPC)
				break;
		}
		pp_vq_kick(x.vq);
		x.f->lie = lie_of[v % RTE_DIM(lie_of)];
		x.f->lie_count = (v >> 8) % 3;
		x.f->lie_id = (v >> 16) % (c->num + 4);
		x.f->lie_extra = 1 + (v >> 24) % 100;
		x.f->lie_skip = (int16_t)((v >> 32) % 5) - 2;
		x.f->stop = (v >> 40) % 16 == 0;
		dev_complete(&x, (v >> 44) % 10, (v >> 48) & 1);
		if ((v >> 52) % 4 == 0)
			chaos_scribble(&x);
		TEST_CHECK(chaos_collect(&x));
		if ((v >> 56) % 32 == 0) {	/* device reset, queue restart */
			TEST_CHECK(drain_all(&x));
			x.f->stop = 0;
			x.f->lie_count = 0;
		}
	}
	TEST_CHECK(drain_all(&x));
	/* packed desynchronises more often: dry until the next restart */
	TEST_ASSERT(x.posted > 1000, "%" PRIu64 " chains posted", x.posted);
	TEST_NOTE("%s: %" PRIu64 " posted, %" PRIu64 " drained, bad_id %"
		  PRIu64 ", bad_len %" PRIu64, c->name, x.posted, x.drained,
		  x.vq->stats.bad_id, x.vq->stats.bad_len);
	ctx_close(&x);
	return TEST_SUCCESS;
}

/*
 * The fake's virtio-net helpers, which the rxtx and ethdev tests rely
 * on: a frame into mergeable buffers, a TX chain out, a control command.
 */
static int
do_fake_net(const struct cfg *c)
{
	static uint8_t frame[5000], out[6000];
	struct pp_virtio_net_hdr h = { .flags = PP_VIRTIO_NET_HDR_F_DATA_VALID };
	struct pp_virtio_net_ctrl_hdr cmd;
	struct pp_vq_seg segs[3];
	struct pp_virtio_net_hdr *rh;
	struct ctx x;
	void *cookie;
	uint32_t len, i, got = 0;
	int r, ids[4];

	TEST_CHECK(ctx_open(&x, c));
	for (i = 0; i < sizeof(frame); i++)
		frame[i] = (uint8_t)(i * 7 + 1);
	/* four 2048-byte buffers; 12 + 5000 bytes take three */
	for (i = 0; i < 4; i++) {
		segs[0] = (struct pp_vq_seg){ (uintptr_t)&mem[i * 2048], 2048,
					      1 };
		ids[i] = pp_vq_add(x.vq, segs, 1, &x.tok[i]);
		TEST_ASSERT_EQUAL(ids[i], i, "RX buffer %u", i);
	}
	pp_vq_kick(x.vq);
	TEST_ASSERT_EQUAL(fake_net_rx(x.f, frame, sizeof(frame), &h, 0),
			  -EMSGSIZE, "without MRG_RXBUF: too big");
	TEST_ASSERT_EQUAL(fake_net_rx(x.f, frame, 9000, &h, 1), -ENOBUFS,
			  "9000: not enough posted, nothing taken");
	TEST_ASSERT_EQUAL(fake_net_rx(x.f, frame, sizeof(frame), &h, 1), 3,
			  "three buffers");
	rh = (void *)mem;
	TEST_ASSERT_EQUAL(rh->num_buffers, 3, "num_buffers");
	TEST_ASSERT_EQUAL(rh->flags, PP_VIRTIO_NET_HDR_F_DATA_VALID, "flags");
	for (i = 0; i < 3; i++) {
		r = pp_vq_get_used(x.vq, &cookie, &len);
		TEST_ASSERT_EQUAL(r, PP_VQ_OK, "buffer %u used", i);
		TEST_ASSERT(cookie == &x.tok[i], "in order");
		TEST_ASSERT_EQUAL(len, i < 2 ? 2048 : 12 + 5000 - 2 * 2048,
				  "len of buffer %u", i);
		got += len;
	}
	TEST_ASSERT_EQUAL(got, 12 + sizeof(frame), "all bytes");
	TEST_ASSERT(memcmp(mem + 12, frame, sizeof(frame)) == 0,
		    "frame bytes across the buffers");
	/* a lying num_buffers, one buffer */
	x.f->nb = FAKE_NB_BEYOND;
	x.f->nb_extra = 5;
	TEST_ASSERT_EQUAL(fake_net_rx(x.f, frame, 60, NULL, 1), 1, "small");
	TEST_ASSERT_EQUAL(((struct pp_virtio_net_hdr *)&mem[3 * 2048])
			  ->num_buffers, 6, "num_buffers beyond");
	TEST_ASSERT_EQUAL(pp_vq_get_used(x.vq, &cookie, &len), PP_VQ_OK, "4th");
	TEST_ASSERT_EQUAL(len, 72, "header + 60");

	/* TX: header, then the frame in two segments */
	memset(mem, 0, 12);
	((struct pp_virtio_net_hdr *)mem)->csum_start = 34;
	memcpy(mem + 4096, frame, 1000);
	memcpy(mem + 8192, frame + 1000, 500);
	segs[0] = (struct pp_vq_seg){ (uintptr_t)mem, 12, 0 };
	segs[1] = (struct pp_vq_seg){ (uintptr_t)(mem + 4096), 1000, 0 };
	segs[2] = (struct pp_vq_seg){ (uintptr_t)(mem + 8192), 500, 0 };
	TEST_ASSERT(pp_vq_add(x.vq, segs, 3, &x.tok[0]) >= 0, "TX chain");
	pp_vq_kick(x.vq);
	TEST_ASSERT_EQUAL(fake_net_tx(x.f, &h, out, sizeof(out), &len), 1, "tx");
	TEST_ASSERT_EQUAL(len, 1500, "frame length");
	TEST_ASSERT_EQUAL(h.csum_start, 34, "header");
	TEST_ASSERT(memcmp(out, frame, 1500) == 0, "frame bytes");
	TEST_ASSERT_EQUAL(pp_vq_get_used(x.vq, &cookie, &len), PP_VQ_OK, "done");
	TEST_ASSERT_EQUAL(len, 0, "TX: nothing written");

	/* control: class/cmd, 6 bytes of MAC, one ack byte */
	mem[0] = PP_VIRTIO_NET_CTRL_MAC;
	mem[1] = PP_VIRTIO_NET_CTRL_MAC_ADDR_SET;
	memcpy(mem + 64, frame, 6);
	mem[128] = 0xee;
	segs[0] = (struct pp_vq_seg){ (uintptr_t)mem, 2, 0 };
	segs[1] = (struct pp_vq_seg){ (uintptr_t)(mem + 64), 6, 0 };
	segs[2] = (struct pp_vq_seg){ (uintptr_t)(mem + 128), 1, 1 };
	TEST_ASSERT(pp_vq_add(x.vq, segs, 3, &x.tok[0]) >= 0, "ctrl chain");
	pp_vq_kick(x.vq);
	TEST_ASSERT_EQUAL(fake_net_ctrl(x.f, &cmd, out, sizeof(out), &len,
					PP_VIRTIO_NET_OK), 1, "ctrl");
	TEST_ASSERT_EQUAL(cmd.class, PP_VIRTIO_NET_CTRL_MAC, "class");
	TEST_ASSERT_EQUAL(cmd.cmd, PP_VIRTIO_NET_CTRL_MAC_ADDR_SET, "cmd");
	TEST_ASSERT_EQUAL(len, 6, "data length");
	TEST_ASSERT(memcmp(out, frame, 6) == 0, "data");
	TEST_ASSERT_EQUAL(mem[128], PP_VIRTIO_NET_OK, "ack written");
	TEST_ASSERT_EQUAL(pp_vq_get_used(x.vq, &cookie, &len), PP_VQ_OK, "done");
	TEST_ASSERT_EQUAL(len, 1, "ack length");
	ctx_close(&x);
	return TEST_SUCCESS;
}

/* ------------------------------------------------------- the table */

static int
over_cfgs(int (*fn)(const struct cfg *))
{
	unsigned int i;
	int r;

	for (i = 0; i < RTE_DIM(cfgs); i++) {
		r = fn(&cfgs[i]);
		if (r != TEST_SUCCESS) {
			printf("    ... in configuration %s\n", cfgs[i].name);
			return r;
		}
	}
	return TEST_SUCCESS;
}

#define OVER_CFGS(f) \
	static int test_##f(void) { return over_cfgs(do_##f); }

OVER_CFGS(create)
OVER_CFGS(roundtrip)
OVER_CFGS(burst)
OVER_CFGS(full)
OVER_CFGS(notify)
OVER_CFGS(lies)
OVER_CFGS(mid_id)
OVER_CFGS(packed_skip)
OVER_CFGS(stop)
OVER_CFGS(scribble)
OVER_CFGS(nowrite)
OVER_CFGS(chaos)
OVER_CFGS(fake_net)

static const struct test_case cases[] = {
	TEST_CASE(test_create),
	TEST_CASE(test_roundtrip),
	TEST_CASE(test_burst),
	TEST_CASE(test_full),
	TEST_CASE(test_notify),
	TEST_CASE(test_lies),
	TEST_CASE(test_mid_id),
	TEST_CASE(test_packed_skip),
	TEST_CASE(test_stop),
	TEST_CASE(test_scribble),
	TEST_CASE(test_nowrite),
	TEST_CASE(test_chaos),
	TEST_CASE(test_fake_net),
};

int
main(void)
{
	static const char *const extra[] = { "--iova-mode=va", NULL };
	struct test_suite s = { "virtqueue", NULL, NULL, cases,
				RTE_DIM(cases) };

	return test_main("virtqueue", extra, &s);
}
