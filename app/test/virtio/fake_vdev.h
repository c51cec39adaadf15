/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The pagepool authors
 */
#ifndef FAKE_VDEV_H
#define FAKE_VDEV_H

/*
 * A virtio-net device in memory, for host tests of net_pp_virtio (no VM,
 * no root). It plays the DEVICE side of both ring layouts, written from the
 * spec (2.7, 2.8) and not from virtqueue.c: it reads what the driver made
 * available (avail ring and descriptor table, or packed descriptors) and
 * writes used entries, on the ring memory of a struct pp_vq. Buffer
 * addresses are VAs (hw.use_va = 1), or IOVAs translated by the EAL.
 *
 * Two levels:
 * - struct fake_vq: one queue's device state. fake_vq_pop() takes the next
 *   chain the driver made available, fake_vq_push() returns one; knobs make
 *   the device lie (an id out of range or not in flight, a length beyond
 *   what was posted, a wrong packed skip), stop, or miss notifications.
 *   fake_net_rx()/fake_net_tx()/fake_net_ctrl() are the virtio-net device
 *   on top: frames into RX buffers (header, num_buffers), TX chains into
 *   bytes, control commands acknowledged.
 * - struct fake_vdev: a whole device behind a struct pp_virtio_ops table
 *   (status, features, config space, queues, notify), so that a test can
 *   hand fake.hw to the device layer as a transport would.
 *
 * Nothing here is thread-safe: the test drives driver and device in turn.
 */

#include <stdint.h>

#include "virtio_hw.h"
#include "virtio_spec.h"
#include "virtqueue.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Most segments a chain may have for the fake to read it. */
#define FAKE_MAX_SEGS		64
/** Most buffers one received frame may take (MRG_RXBUF). */
#define FAKE_MAX_RX_BUFS	64
/** Virtqueues of a fake_vdev: 8 queue pairs and the control queue. */
#define FAKE_MAX_VQS		17

/** One chain as the device read it. */
struct fake_chain {
	uint16_t id;		/**< split: head index; packed: buffer id */
	uint16_t ndesc;		/**< descriptors the chain took */
	uint16_t nseg;
	uint32_t rlen;		/**< device-readable bytes */
	uint32_t wlen;		/**< device-writable bytes */
	struct {
		uint8_t *ptr;
		uint32_t len;
		uint8_t write;
	} seg[FAKE_MAX_SEGS];
};

/** What the next push(es) lie about. */
enum fake_lie {
	FAKE_LIE_NONE,
	FAKE_LIE_ID,	/**< report lie_id instead of the chain's id */
	FAKE_LIE_DUP,	/**< report the chain, then the same id again */
	FAKE_LIE_LEN,	/**< report wlen + lie_extra bytes written */
	FAKE_LIE_SKIP,	/**< packed: skip ndesc + lie_skip positions */
};

/** What fake_net_rx() writes into num_buffers. */
enum fake_nb {
	FAKE_NB_TRUE,	/**< the number of buffers used */
	FAKE_NB_ZERO,	/**< 0 */
	FAKE_NB_BEYOND,	/**< buffers used + nb_extra */
};

/** Device-side notification suppression (fake_vq_notify_mode()). */
enum fake_notify {
	FAKE_NOTIFY_ON,		/**< split: flags 0; packed: ENABLE */
	FAKE_NOTIFY_OFF,	/**< split: NO_NOTIFY; packed: DISABLE */
	FAKE_NOTIFY_EVENT,	/**< split: avail_event; packed: DESC */
};

struct fake_vq {
	struct pp_vq *vq;	/**< the ring memory (the driver's queue) */
	/* device cursors */
	uint16_t last_avail;	/**< split: avail entries consumed */
	uint16_t used_idx;	/**< split: used entries written */
	uint16_t avail_pos;	/**< packed: next position to read */
	uint8_t avail_wrap;	/**< packed: wrap counter while reading */
	uint16_t used_pos;	/**< packed: next position to write */
	uint8_t used_wrap;	/**< packed: wrap counter while writing */
	/* knobs: the test sets them */
	int stop;		/**< pop and push nothing */
	int drop_notify;	/**< notifications are lost */
	enum fake_lie lie;	/**< applied to the next lie_count pushes */
	uint32_t lie_count;
	uint32_t lie_id;	/**< FAKE_LIE_ID */
	uint32_t lie_extra;	/**< FAKE_LIE_LEN (0 counts as 1) */
	int16_t lie_skip;	/**< FAKE_LIE_SKIP */
	enum fake_nb nb;	/**< fake_net_rx() num_buffers */
	uint16_t nb_extra;	/**< FAKE_NB_BEYOND (0 counts as 1) */
	/* counters */
	uint64_t notifies;	/**< notifications received */
	uint64_t notify_lost;	/**< ... and dropped (drop_notify) */
	uint64_t popped;	/**< chains read */
	uint64_t pushed;	/**< used entries written (lies included) */
	int kicked;		/**< set by a notification; the test clears it */
	/* internal: fake_net_rx() publishes a frame's buffers at once */
	int batching;
	struct pp_vring_packed_desc *held_desc;
	uint16_t held_flags;
};

/** Attach the device side to vq's rings (cursors at 0, wrap 1). */
void fake_vq_attach(struct fake_vq *f, struct pp_vq *vq);

/** The device was reset: cursors back to 0 (knobs and counters kept). */
void fake_vq_reset(struct fake_vq *f);

/**
 * Take the next chain the driver made available.
 * @return 1 (c filled), 0 (nothing available, or stop), -EIO (malformed:
 *   id or next out of range, a loop, a readable segment after a writable
 *   one, more than FAKE_MAX_SEGS; the cursor is not moved).
 */
int fake_vq_pop(struct fake_vq *f, struct fake_chain *c);

/**
 * Return chain c as used with len bytes written, through the lie knobs
 * (a lie replaces or doubles the entry). Nothing is written with stop.
 */
void fake_vq_push(struct fake_vq *f, const struct fake_chain *c,
		  uint32_t len);

/**
 * Pop and push up to max chains, in order, each reported with all its
 * writable bytes written (which are not touched).
 * @return chains completed.
 */
unsigned int fake_vq_complete(struct fake_vq *f, unsigned int max);

/** A notification from the driver (a transport's notify calls this). */
void fake_vq_notify(struct fake_vq *f);

/**
 * Set the device's notification suppression: on, off, or (EVENT) notify
 * when the driver makes available split avail index / packed position
 * event in the packed lap of wrap (ignored for split).
 */
void fake_vq_notify_mode(struct fake_vq *f, enum fake_notify mode,
			 uint16_t event, int wrap);

/* ------------------------------------------------------ virtio-net */

/**
 * Receive a frame: write the 12-byte header (hdr, NULL for zeros, with
 * num_buffers set per f->nb) and the frame into the next available RX
 * chain, or with mrg into as many chains as it takes. The driver sees
 * the frame's buffers all at once: split publishes used->idx once; packed
 * marks the first buffer used last (2.8, "Multi-buffer requests").
 * @return chains used, 0 with stop, -ENOBUFS (not enough posted, nothing
 *   consumed), -EMSGSIZE (without mrg, one chain too small), -EIO.
 */
int fake_net_rx(struct fake_vq *f, const void *frame, uint32_t len,
		const struct pp_virtio_net_hdr *hdr, int mrg);

/**
 * Transmit: take the next TX chain, copy its header to *hdr (may be NULL)
 * and the frame after it to buf (up to cap bytes; *len the frame's full
 * length), and return the chain used with len 0.
 * @return 1, 0 (nothing available), -EIO (malformed, or shorter than the
 *   header: the chain is still returned).
 */
int fake_net_tx(struct fake_vq *f, struct pp_virtio_net_hdr *hdr,
		void *buf, uint32_t cap, uint32_t *len);

/**
 * Control queue: take the next command (class/cmd header, then data, then
 * one writable ack byte), copy it out, write ack and return it.
 * @return 1, 0 (nothing available), -EIO (malformed: returned unanswered).
 */
int fake_net_ctrl(struct fake_vq *f, struct pp_virtio_net_ctrl_hdr *cmd,
		  void *data, uint32_t cap, uint32_t *data_len, uint8_t ack);

/* --------------------------------------------------- whole device */

struct fake_vdev {
	struct pp_virtio_hw hw;		/**< ops = &ops, tp = this, use_va 1 */
	struct pp_virtio_ops ops;	/**< the fake transport (may be edited) */
	uint8_t status;
	uint64_t offered;		/**< features the device offers */
	uint64_t accepted;		/**< what set_features() wrote */
	struct pp_virtio_net_config cfg;
	uint32_t cfg_size;		/**< bytes of cfg that exist */
	uint16_t nb_queues;		/**< virtqueues the device has */
	uint16_t queue_max;		/**< their largest size */
	int reset_timeout;		/**< knob: reset() says -ETIMEDOUT */
	uint32_t resets;
	struct fake_vq vqs[FAKE_MAX_VQS]; /**< by index, set up by queue_setup */
	uint8_t vq_live[FAKE_MAX_VQS];
	void (*changed)(struct pp_virtio_hw *hw); /**< config_intr's */
	/** Called on every notification not lost (e.g. serve the ctrl vq). */
	void (*on_notify)(struct fake_vdev *d, struct fake_vq *f);
	void *ctx;			/**< the test's */
};

/**
 * A device offering VERSION_1 | MAC | STATUS, link up, MAC
 * 52:54:00:12:34:56, nb_queues 3 (one pair and ctrl) of 256 descriptors.
 * The test edits the fields before handing &d->hw over.
 */
void fake_vdev_init(struct fake_vdev *d);

/** The queue the device runs for virtqueue idx, NULL if not set up. */
struct fake_vq *fake_vdev_vq(struct fake_vdev *d, uint16_t idx);

/** The configuration changed: call what config_intr() registered. */
void fake_vdev_config_changed(struct fake_vdev *d);

#ifdef __cplusplus
}
#endif

#endif /* FAKE_VDEV_H */
