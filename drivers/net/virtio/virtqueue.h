/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The pagepool authors
 */
#ifndef PP_VIRTQUEUE_H
#define PP_VIRTQUEUE_H

/**
 * @file
 * A virtqueue, split (spec 2.7) or packed (2.8), seen from the driver. It
 * knows nothing of the transport (notify goes through hw->ops) nor of
 * virtio-net: it posts chains of segments with a cookie, and hands back
 * the cookie and the length the device reports.
 *
 * The device is not trusted (issue 9): every used entry is checked against
 * the driver's own shadow (struct pp_vq_slot, in process memory, which
 * the device cannot reach). An id out of range, or not in flight, is
 * counted and skipped; a length beyond what was posted is counted and the
 * cookie handed back with PP_VQ_BAD_LEN so the caller recycles the buffer
 * and drops the frame. The ring memory itself is an EAL memzone.
 */

#include <stdint.h>

#include <rte_memzone.h>

#include "virtio_hw.h"
#include "virtio_spec.h"

#ifdef __cplusplus
extern "C" {
#endif

/** One buffer of a chain. */
struct pp_vq_seg {
	uint64_t addr;		/**< device address (pp_virtio_addr()) */
	uint32_t len;
	uint8_t write;		/**< 1: the device writes it (RX) */
};

/** The driver's shadow of one descriptor id (never device-visible). */
struct pp_vq_slot {
	void *cookie;		/**< the caller's; NULL while free */
	uint32_t posted;	/**< device-writable bytes in the chain */
	uint16_t ndesc;		/**< descriptors the chain takes */
	uint16_t next;		/**< split: next free id / chain end */
};

/** Counters of device misbehaviour, per queue (xstats). */
struct pp_vq_stats {
	uint64_t bad_id;	/**< used id out of range or not in flight */
	uint64_t bad_len;	/**< used length beyond what was posted */
	uint64_t kicks;		/**< notifications sent */
};

struct pp_vq {
	/* hot: every burst */
	struct pp_virtio_hw *hw;
	uint16_t num;		/**< descriptors */
	uint16_t num_free;	/**< descriptors the driver may post */
	uint8_t packed;		/**< RING_PACKED negotiated */
	uint8_t event_idx;	/**< EVENT_IDX negotiated */
	uint16_t pending;	/**< chains posted since the last kick */
	/* split */
	struct pp_vring_desc *desc;
	struct pp_vring_avail *avail;
	struct pp_vring_used *used;
	uint16_t free_head;	/**< first free id (both: a list through slots[].next) */
	uint16_t avail_idx;	/**< driver's next avail->idx */
	uint16_t last_used;	/**< used entries consumed */
	/* packed */
	struct pp_vring_packed_desc *pdesc;
	struct pp_vring_packed_event *drv_event; /**< driver area */
	struct pp_vring_packed_event *dev_event; /**< device area */
	uint16_t next_avail;	/**< next descriptor to post */
	uint16_t next_used;	/**< next descriptor to look at */
	uint8_t avail_wrap;	/**< driver ring wrap counter */
	uint8_t used_wrap;	/**< device ring wrap counter */
	struct pp_vq_slot *slots; /**< by descriptor id, num entries */
	struct pp_vq_stats stats;
	/* cold: set up and the transport */
	uint16_t index;		/**< virtqueue number */
	uint64_t desc_addr;	/**< device address of the descriptor area */
	uint64_t driver_addr;	/**< ... of the driver area */
	uint64_t device_addr;	/**< ... of the device area */
	void *notify_addr;	/**< the transport's (PCI doorbell) */
	uint32_t notify_data;	/**< the transport's */
	int kick_fd;		/**< the transport's (vhost-user), -1 */
	int call_fd;		/**< the transport's (vhost-user), -1 */
	const struct rte_memzone *mz; /**< the ring memory */
};

/**
 * Allocate virtqueue index with num descriptors (a power of two for split;
 * any size up to 32768 for packed) for hw, split or packed, with or
 * without EVENT_IDX, rings zeroed in a memzone on socket, shadow in process
 * memory, interrupts from the device turned off (we poll). Sets the three
 * area addresses per hw->use_va.
 * @return the queue, or NULL with rte_errno set.
 */
struct pp_vq *pp_vq_create(struct pp_virtio_hw *hw, uint16_t index,
			   uint16_t num, int packed, int event_idx,
			   int socket_id);

/** Free a queue made by pp_vq_create() (its chains drained first). */
void pp_vq_free(struct pp_vq *vq);

/**
 * Post one chain of n segments (device-readable ones first, then
 * device-writable ones, spec 2.7.4.2) with cookie (not NULL). Split: the
 * chain is visible to the device at the next pp_vq_kick(); packed: at
 * once.
 * @return the chain's id (0..num-1: TX uses it to index per-chain header
 *   slots), or -ENOSPC if fewer than n descriptors are free (nothing
 *   posted).
 */
int pp_vq_add(struct pp_vq *vq, const struct pp_vq_seg *segs, uint16_t n,
	      void *cookie);

/**
 * Post n chains of one descriptor each (the common case: an RX buffer with
 * MRG_RXBUF, a TX packet of one segment with its header in the headroom):
 * segs[i] with cookies[i] (none NULL). The caller checked that n
 * descriptors are free (pp_vq_free_count()). The same as n pp_vq_add() of
 * one segment, but the queue's state is read and written once per burst.
 * Split: visible at the next pp_vq_kick(); packed: at once, the first
 * chain's flags written last.
 */
void pp_vq_add_burst(struct pp_vq *vq, const struct pp_vq_seg *segs,
		     void *const *cookies, uint16_t n);

/**
 * Publish what pp_vq_add() posted and notify the device through
 * hw->ops->notify unless it asked not to be (flags or EVENT_IDX).
 * @return 1 if notified, 0 if not.
 */
int pp_vq_kick(struct pp_vq *vq);

/** pp_vq_get_used() results. */
#define PP_VQ_EMPTY	0	/**< nothing used */
#define PP_VQ_OK	1	/**< *cookie, *len valid */
#define PP_VQ_BAD_LEN	2	/**< *cookie valid, the device lied about len */

/**
 * Take the next used chain: its cookie and the bytes the device wrote.
 * Entries naming an id that is out of range or not in flight are counted
 * (stats.bad_id) and skipped. A length beyond the chain's posted bytes is
 * counted (stats.bad_len) and returned as PP_VQ_BAD_LEN with *len 0: the
 * caller drops the frame and recycles its buffers.
 */
int pp_vq_get_used(struct pp_vq *vq, void **cookie, uint32_t *len);

/** pp_vq_get_used_burst(): the length of an entry that lied (see above). */
#define PP_VQ_LEN_BAD	UINT32_MAX

/**
 * Take up to n used chains at once (split: one read of used->idx): their
 * cookies in cookies[], the bytes written in lens[]. The checks of
 * pp_vq_get_used() apply to each; a length beyond the chain's posted bytes
 * is counted (stats.bad_len) and given as PP_VQ_LEN_BAD (the caller drops
 * the frame and recycles its buffers).
 * @return chains taken (0: nothing used).
 */
uint16_t pp_vq_get_used_burst(struct pp_vq *vq, void **cookies,
			      uint32_t *lens, uint16_t n);

/**
 * The id the next pp_vq_add() will return (valid while a descriptor is
 * free): TX puts the chain's virtio-net header into header slot [id]
 * before it posts the chain that points at it.
 */
static inline uint16_t
pp_vq_next_id(const struct pp_vq *vq)
{
	return vq->free_head;	/* split and packed both keep a free list */
}

/**
 * A hint, for a poll that finds nothing: 0 if the device has certainly
 * not marked anything used since the last pp_vq_get_used*() (one load of
 * device memory, no write); 1 if it may have, and pp_vq_get_used_burst()
 * then does every check.
 */
static inline int
pp_vq_used_pending(const struct pp_vq *vq)
{
	uint16_t flags;

	if (!vq->packed)
		return __atomic_load_n(&vq->used->idx, __ATOMIC_ACQUIRE) !=
		       vq->last_used;
	flags = __atomic_load_n(&vq->pdesc[vq->next_used].flags,
				__ATOMIC_ACQUIRE);
	/* used: AVAIL == USED == the used wrap counter (spec 2.8.1) */
	return !!(flags & PP_VRING_PACKED_DESC_F_AVAIL) ==
		       !!(flags & PP_VRING_PACKED_DESC_F_USED) &&
	       !!(flags & PP_VRING_PACKED_DESC_F_USED) == vq->used_wrap;
}

/** Descriptors the driver may post now. */
static inline uint16_t
pp_vq_free_count(const struct pp_vq *vq)
{
	return vq->num_free;
}

/**
 * Queue stopped (the device reset or the transport released the queue):
 * hand every chain still in flight to fn(ctx, cookie), then reset the ring
 * to its initial state (empty, wrap counters 1) for the next start.
 * @return chains handed back.
 */
uint16_t pp_vq_drain(struct pp_vq *vq, void (*fn)(void *ctx, void *cookie),
		     void *ctx);

#ifdef __cplusplus
}
#endif

#endif /* PP_VIRTQUEUE_H */
