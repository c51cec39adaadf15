/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The pagepool authors
 */

/*
 * The driver's half of a virtqueue, split (virtio 1.2 section 2.7) or
 * packed (2.8). Layout of the ring memory, one IOVA-contiguous memzone:
 *
 *   split:  desc[num] (16 B each) | avail: flags idx ring[num] used_event
 *           | pad to 4 | used: flags idx ring[num] (8 B each) avail_event
 *   packed: desc[num] (16 B each) | driver event (4 B) | device event (4 B)
 *
 * Descriptor ids are handed out from a free list threaded through
 * slots[].next, in both layouts, so that pp_vq_next_id() knows the id the
 * next pp_vq_add() returns. Split: a chain of n descriptors takes n ids
 * (its head is the chain's id); slots[] links the chain, so freeing it
 * never follows the desc[].next the device could have overwritten.
 * Packed: a chain takes n consecutive ring positions and one buffer id.
 *
 * The device is untrusted (issue 9). Everything it writes is checked
 * against slots[], which it cannot reach, and every loop is bounded by num:
 * a device that lies or stops only makes the queue run dry; pp_vq_drain()
 * then gives every chain back after the device was reset.
 *
 * Ordering. The device is a vfio-pci device or another process's CPU
 * (vhost-user). What the driver publishes (avail->idx, a packed head's
 * flags) is a release store after the descriptors; what the device
 * publishes (used->idx, a used packed descriptor's flags) is read with
 * acquire before its entries. Before deciding whether to notify, a full
 * fence orders the publication before the read of the device's
 * suppression fields, or both sides could miss each other. On x86 (the
 * only target: -march=corei7) coherent DMA sees stores in program order,
 * so the same code serves both kinds of device.
 */

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <rte_atomic.h>
#include <rte_branch_prediction.h>
#include <rte_common.h>
#include <rte_errno.h>
#include <rte_memzone.h>

#include "ppdrv.h"
#include "virtqueue.h"

#define VQ_NUM_MAX	32768	/* spec 2.6: Queue Size at most 32768 */
#define VQ_RING_ALIGN	4096	/* more than any layout needs; one page */

/*
 * Past this many posted since the last kick, vring_need_event() cannot
 * tell (split: indexes are modulo 2^16; packed: positions modulo num).
 */
#define VQ_PENDING_MAX(vq)	((vq)->packed ? (vq)->num - 1 : 0x7fff)

static uint32_t vq_gen;	/* memzone names: unique per process */

/* ------------------------------------------------------------ helpers */

/* Split: avail_event sits right after the used ring (used_event, after
 * the avail ring, stays 0: see vq_reset()). */
static inline uint16_t *
split_avail_event(const struct pp_vq *vq)
{
	return (uint16_t *)&vq->used->ring[vq->num];
}

/*
 * Spec 2.7 (available buffer notification suppression): notify if new_idx
 * passed event since old_idx, all three modulo 2^16 (the arithmetic of
 * Linux's vring_need_event()).
 */
static inline int
need_event(uint16_t event, uint16_t new_idx, uint16_t old_idx)
{
	return (uint16_t)(new_idx - event - 1) < (uint16_t)(new_idx - old_idx);
}

/* Packed: AVAIL and USED flag bits for a descriptor made available. */
static inline uint16_t
packed_avail_flags(uint8_t wrap)
{
	return wrap ? PP_VRING_PACKED_DESC_F_AVAIL :
		      PP_VRING_PACKED_DESC_F_USED;
}

/* Packed: a descriptor is used when AVAIL == USED == the used wrap. */
static inline int
packed_is_used(uint16_t flags, uint8_t wrap)
{
	int avail = !!(flags & PP_VRING_PACKED_DESC_F_AVAIL);
	int used = !!(flags & PP_VRING_PACKED_DESC_F_USED);

	return avail == used && used == wrap;
}

/* Packed: ring positions posted and not yet consumed by the driver. */
static inline uint16_t
packed_in_ring(const struct pp_vq *vq)
{
	if (vq->avail_wrap == vq->used_wrap)
		return vq->next_avail - vq->next_used;
	return vq->num - vq->next_used + vq->next_avail;
}

static size_t
split_used_off(uint16_t num)
{
	size_t avail_end = (size_t)num * sizeof(struct pp_vring_desc) +
		sizeof(struct pp_vring_avail) + (num + 1) * sizeof(uint16_t);

	return RTE_ALIGN_CEIL(avail_end, PP_VRING_USED_ALIGN);
}

static size_t
ring_size(uint16_t num, int packed)
{
	if (packed)
		return (size_t)num * sizeof(struct pp_vring_packed_desc) +
			2 * sizeof(struct pp_vring_packed_event);
	return split_used_off(num) + sizeof(struct pp_vring_used) +
		(size_t)num * sizeof(struct pp_vring_used_elem) +
		sizeof(uint16_t);
}

/* Empty rings, every id free, wrap counters 1, device interrupts off. */
static void
vq_reset(struct pp_vq *vq)
{
	uint16_t i;

	memset(vq->mz->addr, 0, ring_size(vq->num, vq->packed));
	for (i = 0; i < vq->num; i++)
		vq->slots[i] = (struct pp_vq_slot){ .next = i + 1 };
	vq->num_free = vq->num;
	vq->free_head = 0;
	vq->pending = 0;
	vq->avail_idx = 0;
	vq->last_used = 0;
	vq->next_avail = 0;
	vq->next_used = 0;
	vq->avail_wrap = 1;
	vq->used_wrap = 1;
	/*
	 * We poll: ask for no interrupts. With EVENT_IDX a split device
	 * reads used_event instead of the flag; it is left at 0, so at worst
	 * one interrupt per 2^16 chains, and none is wired up anyway.
	 */
	if (vq->packed)
		vq->drv_event->flags = PP_VRING_EVENT_F_DISABLE;
	else
		vq->avail->flags = PP_VRING_AVAIL_F_NO_INTERRUPT;
}

/* ------------------------------------------------------- create, free */

struct pp_vq *
pp_vq_create(struct pp_virtio_hw *hw, uint16_t index, uint16_t num,
	     int packed, int event_idx, int socket_id)
{
	char name[RTE_MEMZONE_NAMESIZE];
	const struct rte_memzone *mz;
	struct pp_vq *vq;
	size_t size, off;
	uint8_t *base;

	if (hw == NULL || num == 0 || num > VQ_NUM_MAX ||
	    (!packed && !rte_is_power_of_2(num))) {
		rte_errno = EINVAL;
		return NULL;
	}
	vq = ppdrv_zalloc(sizeof(*vq));
	if (vq != NULL)
		vq->slots = ppdrv_zalloc((size_t)num * sizeof(*vq->slots));
	if (vq == NULL || vq->slots == NULL) {
		free(vq);
		rte_errno = ENOMEM;
		return NULL;
	}
	size = ring_size(num, packed);
	snprintf(name, sizeof(name), "ppvq%u_%u", index,
		 __atomic_fetch_add(&vq_gen, 1, __ATOMIC_RELAXED));
	mz = rte_memzone_reserve_aligned(name, size, socket_id,
					 RTE_MEMZONE_IOVA_CONTIG,
					 VQ_RING_ALIGN);
	if (mz == NULL) {
		free(vq->slots);
		free(vq);
		/* rte_errno set by the memzone */
		return NULL;
	}
	base = mz->addr;
	vq->mz = mz;
	vq->hw = hw;
	vq->num = num;
	vq->packed = !!packed;
	vq->event_idx = !!event_idx;
	vq->index = index;
	vq->kick_fd = -1;
	vq->call_fd = -1;
	if (packed) {
		off = (size_t)num * sizeof(struct pp_vring_packed_desc);
		vq->pdesc = (void *)base;
		vq->drv_event = (void *)(base + off);
		vq->dev_event = (void *)(base + off +
					 sizeof(struct pp_vring_packed_event));
		vq->driver_addr = pp_virtio_addr(hw, vq->drv_event,
						 mz->iova + off);
		vq->device_addr = pp_virtio_addr(hw, vq->dev_event, mz->iova +
				off + sizeof(struct pp_vring_packed_event));
	} else {
		off = (size_t)num * sizeof(struct pp_vring_desc);
		vq->desc = (void *)base;
		vq->avail = (void *)(base + off);
		vq->used = (void *)(base + split_used_off(num));
		vq->driver_addr = pp_virtio_addr(hw, vq->avail,
						 mz->iova + off);
		vq->device_addr = pp_virtio_addr(hw, vq->used,
				mz->iova + split_used_off(num));
	}
	vq->desc_addr = pp_virtio_addr(hw, base, mz->iova);
	vq_reset(vq);
	return vq;
}

void
pp_vq_free(struct pp_vq *vq)
{
	if (vq == NULL)
		return;
	rte_memzone_free(vq->mz);
	free(vq->slots);
	free(vq);
}

/* ------------------------------------------------------------ posting */

static int
split_add(struct pp_vq *vq, const struct pp_vq_seg *segs, uint16_t n,
	  void *cookie)
{
	uint16_t head = vq->free_head, id = head, i;
	uint32_t posted = 0;

	for (i = 0; i < n; i++) {
		struct pp_vring_desc *d = &vq->desc[id];

		d->addr = segs[i].addr;
		d->len = segs[i].len;
		d->flags = segs[i].write ? PP_VRING_DESC_F_WRITE : 0;
		if (segs[i].write)
			posted += segs[i].len;
		id = vq->slots[id].next;
		if (i + 1 < n) {
			d->flags |= PP_VRING_DESC_F_NEXT;
			d->next = id;
		} else {
			d->next = 0;
		}
	}
	vq->free_head = id;	/* what followed the chain's last id */
	vq->slots[head].cookie = cookie;
	vq->slots[head].posted = posted;
	vq->slots[head].ndesc = n;
	/* the device sees it once pp_vq_kick() publishes avail->idx */
	vq->avail->ring[vq->avail_idx & (vq->num - 1)] = head;
	vq->avail_idx++;
	vq->pending++;
	vq->num_free -= n;
	return head;
}

static int
packed_add(struct pp_vq *vq, const struct pp_vq_seg *segs, uint16_t n,
	   void *cookie)
{
	uint16_t id = vq->free_head, head = vq->next_avail, head_flags = 0, i;
	uint32_t posted = 0;

	for (i = 0; i < n; i++) {
		struct pp_vring_packed_desc *d = &vq->pdesc[vq->next_avail];
		uint16_t flags = packed_avail_flags(vq->avail_wrap);

		if (segs[i].write) {
			flags |= PP_VRING_DESC_F_WRITE;
			posted += segs[i].len;
		}
		if (i + 1 < n)
			flags |= PP_VRING_DESC_F_NEXT;
		d->addr = segs[i].addr;
		d->len = segs[i].len;
		d->id = id;
		if (i == 0)
			head_flags = flags;	/* written last, below */
		else
			d->flags = flags;
		if (++vq->next_avail == vq->num) {
			vq->next_avail = 0;
			vq->avail_wrap ^= 1;
		}
	}
	vq->free_head = vq->slots[id].next;
	vq->slots[id].cookie = cookie;
	vq->slots[id].posted = posted;
	vq->slots[id].ndesc = n;
	/*
	 * pending counts descriptors here, as the event offsets are ring
	 * positions; the device may consume without a kick, so saturate.
	 */
	vq->pending = RTE_MIN((uint32_t)vq->pending + n, (uint32_t)UINT16_MAX);
	vq->num_free -= n;
	/* the head's flags make the whole chain available: last, release */
	__atomic_store_n(&vq->pdesc[head].flags, head_flags, __ATOMIC_RELEASE);
	return id;
}

int
pp_vq_add(struct pp_vq *vq, const struct pp_vq_seg *segs, uint16_t n,
	  void *cookie)
{
	if (n == 0 || segs == NULL || cookie == NULL)
		return -EINVAL;
	if (n > vq->num_free)
		return -ENOSPC;
	return vq->packed ? packed_add(vq, segs, n, cookie) :
			    split_add(vq, segs, n, cookie);
}

/*
 * pp_vq_add_burst(): n chains of one descriptor. The queue's fields are
 * held in locals for the burst: stores through slots[] and the ring could
 * alias them as far as the compiler knows, and would reload each of them
 * per chain.
 */
void
pp_vq_add_burst(struct pp_vq *vq, const struct pp_vq_seg *segs,
		void *const *cookies, uint16_t n)
{
	struct pp_vq_slot *slots = vq->slots;
	unsigned int id = vq->free_head, i;

	if (unlikely(n == 0))
		return;
	if (!vq->packed) {
		struct pp_vring_desc *desc = vq->desc;
		uint16_t *ring = vq->avail->ring;
		/* 32-bit index arithmetic: only the mask's bits are used */
		unsigned int mask = vq->num - 1u, aidx = vq->avail_idx;

		for (i = 0; i < n; i++) {
			struct pp_vring_desc *d = &desc[id];
			struct pp_vq_slot *s = &slots[id];
			uint16_t wflag = segs[i].write ? PP_VRING_DESC_F_WRITE : 0;
			uint32_t len = segs[i].len;

			d->addr = segs[i].addr;
			d->len = len;
			d->flags = wflag;
			d->next = 0;
			s->cookie = cookies[i];
			s->posted = wflag ? len : 0;
			s->ndesc = 1;
			ring[aidx++ & mask] = (uint16_t)id;
			id = s->next;
		}
		vq->avail_idx = (uint16_t)aidx;
		vq->pending += n;	/* published by pp_vq_kick() */
		vq->free_head = id;
		vq->num_free -= n;
	} else {
		struct pp_vring_packed_desc *pd = vq->pdesc;
		uint16_t pos = vq->next_avail, head = pos, num = vq->num;
		uint16_t head_flags = 0;
		uint8_t wrap = vq->avail_wrap;

		for (i = 0; i < n; i++) {
			struct pp_vring_packed_desc *d = &pd[pos];
			struct pp_vq_slot *s = &slots[id];
			uint16_t flags = packed_avail_flags(wrap) |
				(segs[i].write ? PP_VRING_DESC_F_WRITE : 0);

			d->addr = segs[i].addr;
			d->len = segs[i].len;
			d->id = id;
			s->cookie = cookies[i];
			s->posted = segs[i].write ? segs[i].len : 0;
			s->ndesc = 1;
			id = s->next;
			/*
			 * Each chain is whole before its flags (release); the
			 * device takes them in ring order, so the first one's
			 * flags, written last, hand over the whole burst.
			 */
			if (i == 0)
				head_flags = flags;
			else
				__atomic_store_n(&d->flags, flags,
						 __ATOMIC_RELEASE);
			if (++pos == num) {
				pos = 0;
				wrap ^= 1;
			}
		}
		vq->next_avail = pos;
		vq->avail_wrap = wrap;
		vq->pending = RTE_MIN((uint32_t)vq->pending + n,
				      (uint32_t)UINT16_MAX);
		vq->free_head = id;
		vq->num_free -= n;
		__atomic_store_n(&pd[head].flags, head_flags, __ATOMIC_RELEASE);
	}
}


static int
split_need_kick(struct pp_vq *vq)
{
	uint16_t new_idx = vq->avail_idx;
	uint16_t old_idx = new_idx - vq->pending;

	__atomic_store_n(&vq->avail->idx, new_idx, __ATOMIC_RELEASE);
	rte_atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (vq->event_idx)
		return need_event(__atomic_load_n(split_avail_event(vq),
						  __ATOMIC_RELAXED),
				  new_idx, old_idx);
	/* spec 2.7: without EVENT_IDX the flag is the only hint */
	return !(__atomic_load_n(&vq->used->flags, __ATOMIC_RELAXED) &
		 PP_VRING_USED_F_NO_NOTIFY);
}

static int
packed_need_kick(struct pp_vq *vq)
{
	uint16_t new_pos = vq->next_avail;
	uint16_t old_pos = new_pos - vq->pending;
	uint16_t flags, off_wrap, event;

	/* the chains are visible already: order them before the read */
	rte_atomic_thread_fence(__ATOMIC_SEQ_CST);
	flags = __atomic_load_n(&vq->dev_event->flags, __ATOMIC_RELAXED);
	if (flags == PP_VRING_EVENT_F_DISABLE)
		return 0;
	if (flags != PP_VRING_EVENT_F_DESC || !vq->event_idx)
		return 1;	/* ENABLE, or a value we cannot read: kick */
	/*
	 * Spec 2.8 (event suppression): notify once the descriptor at off
	 * (in the ring lap of wrap) is made available. An offset in the
	 * previous lap lies num positions back, so that one 16-bit
	 * subtraction compares them all.
	 */
	off_wrap = __atomic_load_n(&vq->dev_event->off_wrap, __ATOMIC_RELAXED);
	event = off_wrap & 0x7fff;
	if ((off_wrap >> 15) != vq->avail_wrap)
		event -= vq->num;
	return need_event(event, new_pos, old_pos);
}

int
pp_vq_kick(struct pp_vq *vq)
{
	int need;

	if (vq->pending == 0)
		return 0;
	need = vq->packed ? packed_need_kick(vq) : split_need_kick(vq);
	/* too much posted since the last kick for the arithmetic: kick */
	if (vq->pending > VQ_PENDING_MAX(vq))
		need = 1;
	vq->pending = 0;
	if (!need)
		return 0;
	vq->hw->ops->notify(vq->hw, vq);
	vq->stats.kicks++;
	return 1;
}

/* ---------------------------------------------------------- completion */

/* Give a chain's ids back to the free list; hand out its cookie. */
static void *
chain_free(struct pp_vq *vq, uint16_t id)
{
	struct pp_vq_slot *s = &vq->slots[id];
	void *cookie = s->cookie;
	uint16_t last = id, i;

	vq->num_free += s->ndesc;
	if (!vq->packed) {
		for (i = 1; i < s->ndesc; i++)	/* bounded by our own count */
			last = vq->slots[last].next;
	}
	vq->slots[last].next = vq->free_head;
	vq->free_head = id;
	s->cookie = NULL;
	s->posted = 0;
	s->ndesc = 0;
	return cookie;
}

/* Common end of a good used entry: the length check. */
static int
used_done(struct pp_vq *vq, uint16_t id, uint32_t ulen, void **cookie,
	  uint32_t *len)
{
	uint32_t posted = vq->slots[id].posted;

	*cookie = chain_free(vq, id);
	if (ulen > posted) {
		vq->stats.bad_len++;
		*len = 0;
		return PP_VQ_BAD_LEN;
	}
	*len = ulen;
	return PP_VQ_OK;
}

static int
split_get_used(struct pp_vq *vq, void **cookie, uint32_t *len)
{
	uint16_t used_idx, tries;

	used_idx = __atomic_load_n(&vq->used->idx, __ATOMIC_ACQUIRE);
	/* skip at most num bad entries per call: the index is the device's */
	for (tries = 0; tries < vq->num && vq->last_used != used_idx;
	     tries++) {
		const struct pp_vring_used_elem *e =
			&vq->used->ring[vq->last_used & (vq->num - 1)];
		uint32_t id = e->id, ulen = e->len;

		vq->last_used++;
		/* a chain's middle descriptor has no cookie: not in flight */
		if (id >= vq->num || vq->slots[id].cookie == NULL) {
			vq->stats.bad_id++;
			continue;
		}
		return used_done(vq, id, ulen, cookie, len);
	}
	return PP_VQ_EMPTY;
}

/*
 * Burst form of split_get_used(): the used entries up to n, their lengths
 * in lens[] (PP_VQ_LEN_BAD for a length beyond what was posted, counted).
 * Split reads used->idx once, with one acquire, for the whole batch; the
 * same checks as split_get_used() apply to every entry, and at most num
 * entries (good or bad) are looked at per call.
 */
static __rte_noinline uint16_t
split_get_used_burst(struct pp_vq *vq, void **cookies, uint32_t *lens,
		     uint16_t n)
{
	const struct pp_vring_used_elem *ring = vq->used->ring;
	struct pp_vq_slot *slots = vq->slots;
	/*
	 * 32-bit arithmetic and few live values (the loop runs per frame):
	 * the ring index keeps the mask's bits only; descriptors freed are
	 * the chains taken plus the extra ones of longer chains.
	 */
	unsigned int last = vq->last_used, num = vq->num, mask = num - 1;
	unsigned int free_head = vq->free_head, extra = 0, got = 0, end;
	uint16_t used_idx;

	used_idx = __atomic_load_n(&vq->used->idx, __ATOMIC_ACQUIRE);
	/* at most num entries (good or bad) per call: the index is the
	 * device's */
	end = last + RTE_MIN((uint16_t)(used_idx - vq->last_used), num);
	while (last != end && got < n) {
		const struct pp_vring_used_elem *e = &ring[last & mask];
		uint32_t id = e->id, ulen = e->len;
		struct pp_vq_slot *s;
		unsigned int tail;

		last++;
		/* a chain's middle descriptor has no cookie: not in flight */
		if (unlikely(id >= num || slots[id].cookie == NULL)) {
			vq->stats.bad_id++;
			continue;
		}
		s = &slots[id];
		cookies[got] = s->cookie;
		s->cookie = NULL;
		tail = id;
		if (unlikely(s->ndesc > 1)) {
			unsigned int i;

			for (i = 1; i < s->ndesc; i++) /* bounded: our count */
				tail = slots[tail].next;
			extra += s->ndesc - 1u;
		}
		slots[tail].next = free_head;
		free_head = id;
		if (unlikely(ulen > s->posted)) {
			vq->stats.bad_len++;
			ulen = PP_VQ_LEN_BAD;
		}
		lens[got++] = ulen;
	}
	vq->last_used = (uint16_t)last;
	vq->free_head = (uint16_t)free_head;
	vq->num_free += got + extra;
	return got;
}

/*
 * Packed: the used entries up to n, as split_get_used_burst(), its state
 * in locals. packed_get_used() is this with n = 1: every check of a packed
 * used entry is here. Every step takes at least one posted position (a
 * bad entry one, a chain its length, never more than are posted), so the
 * loop ends within the positions posted, whatever the device wrote.
 */
static __rte_noinline uint16_t
packed_get_used_burst(struct pp_vq *vq, void **cookies, uint32_t *lens,
		      uint16_t n)
{
	const struct pp_vring_packed_desc *ring = vq->pdesc;
	struct pp_vq_slot *slots = vq->slots;
	unsigned int pos = vq->next_used, num = vq->num;
	unsigned int in_ring = packed_in_ring(vq);
	unsigned int free_head = vq->free_head, freed = 0, got = 0;
	uint8_t wrap = vq->used_wrap;

	while (got < n && in_ring > 0) {
		const struct pp_vring_packed_desc *d = &ring[pos];
		uint16_t flags = __atomic_load_n(&d->flags, __ATOMIC_ACQUIRE);
		unsigned int id, skip = 1;
		struct pp_vq_slot *s;
		uint32_t ulen;

		if (!packed_is_used(flags, wrap))
			break;
		id = d->id;
		/*
		 * 2.8: len means something only for a chain the device may
		 * write. Decide that by what we posted, not by the WRITE flag
		 * of the used descriptor: QEMU 7.2 never sets it there (its
		 * control queue replies and RX frames would read as empty),
		 * DPDK's vhost does. A read-only chain's len is ignored
		 * unless the device flagged it written (a lie, counted).
		 */
		ulen = d->len;
		/*
		 * The device skips the chain's descriptors (2.8); a chain
		 * longer than what is left posted cannot be at this position:
		 * the device lied about an id or a length earlier.
		 */
		if (likely(id < num && slots[id].cookie != NULL &&
			   slots[id].ndesc <= in_ring))
			skip = slots[id].ndesc;
		else
			id = num;	/* bad: step one position on */
		pos += skip;
		in_ring -= skip;
		if (pos >= num) {
			pos -= num;
			wrap ^= 1;
		}
		if (unlikely(id == num)) {
			vq->stats.bad_id++;
			continue;
		}
		s = &slots[id];
		/* read-only chain: a length only if the device says it wrote */
		if (s->posted == 0 && !(flags & PP_VRING_DESC_F_WRITE))
			ulen = 0;
		if (unlikely(ulen > s->posted)) {
			vq->stats.bad_len++;
			ulen = PP_VQ_LEN_BAD;
		}
		cookies[got] = s->cookie;
		lens[got++] = ulen;
		freed += s->ndesc;
		s->cookie = NULL;
		s->posted = 0;
		s->ndesc = 0;
		s->next = (uint16_t)free_head;
		free_head = id;
	}
	vq->next_used = (uint16_t)pos;
	vq->used_wrap = wrap;
	vq->free_head = (uint16_t)free_head;
	vq->num_free += freed;
	return got;
}

static int
packed_get_used(struct pp_vq *vq, void **cookie, uint32_t *len)
{
	uint64_t bad_len = vq->stats.bad_len;
	uint32_t ulen;

	if (packed_get_used_burst(vq, cookie, &ulen, 1) == 0)
		return PP_VQ_EMPTY;
	/* by the count: a chain may post PP_VQ_LEN_BAD bytes and get them */
	if (vq->stats.bad_len != bad_len) {
		*len = 0;
		return PP_VQ_BAD_LEN;
	}
	*len = ulen;
	return PP_VQ_OK;
}

int
pp_vq_get_used(struct pp_vq *vq, void **cookie, uint32_t *len)
{
	return vq->packed ? packed_get_used(vq, cookie, len) :
			    split_get_used(vq, cookie, len);
}

uint16_t
pp_vq_get_used_burst(struct pp_vq *vq, void **cookies, uint32_t *lens,
		     uint16_t n)
{
	/* two functions: the split one needs few registers, so its caller
	 * pays no spill of the packed loop's */
	if (!vq->packed)
		return split_get_used_burst(vq, cookies, lens, n);
	return packed_get_used_burst(vq, cookies, lens, n);
}

uint16_t
pp_vq_drain(struct pp_vq *vq, void (*fn)(void *ctx, void *cookie),
	    void *ctx)
{
	uint16_t i, n = 0;

	/* only chain heads (split) and buffer ids (packed) hold a cookie */
	for (i = 0; i < vq->num; i++) {
		if (vq->slots[i].cookie == NULL)
			continue;
		if (fn != NULL)
			fn(ctx, vq->slots[i].cookie);
		n++;
	}
	vq_reset(vq);
	return n;
}
