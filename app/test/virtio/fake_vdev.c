/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The pagepool authors
 */

/*
 * The device side of virtio rings, for host tests: see fake_vdev.h. Written
 * from the virtio 1.2 spec, independently of drivers/net/virtio/
 * virtqueue.c, so that a misreading of the spec in one shows up as a
 * failure against the other. It also checks what a device may check: a
 * malformed chain from the driver is reported (-EIO), not followed.
 */

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <rte_common.h>
#include <rte_memory.h>

#include "fake_vdev.h"

#define VNET_HDR_LEN	((uint32_t)sizeof(struct pp_virtio_net_hdr))

/* ------------------------------------------------------------ one queue */

static uint8_t *
dev_ptr(const struct fake_vq *f, uint64_t addr)
{
	if (f->vq->hw == NULL || f->vq->hw->use_va)
		return (uint8_t *)(uintptr_t)addr;
	return rte_mem_iova2virt(addr);
}

void
fake_vq_reset(struct fake_vq *f)
{
	f->last_avail = 0;
	f->used_idx = 0;
	f->avail_pos = 0;
	f->avail_wrap = 1;
	f->used_pos = 0;
	f->used_wrap = 1;
	f->kicked = 0;
}

void
fake_vq_attach(struct fake_vq *f, struct pp_vq *vq)
{
	memset(f, 0, sizeof(*f));
	f->vq = vq;
	fake_vq_reset(f);
}

/* Add one descriptor to c; -EIO if it breaks the chain rules. */
static int
chain_add(const struct fake_vq *f, struct fake_chain *c, uint64_t addr,
	  uint32_t len, int write)
{
	if (c->nseg == FAKE_MAX_SEGS)
		return -EIO;
	/* 2.7 and 2.8: device-readable descriptors come first */
	if (!write && c->wlen > 0)
		return -EIO;
	c->seg[c->nseg].ptr = dev_ptr(f, addr);
	c->seg[c->nseg].len = len;
	c->seg[c->nseg].write = !!write;
	c->nseg++;
	c->ndesc++;
	if (write)
		c->wlen += len;
	else
		c->rlen += len;
	return 0;
}

static int
split_pop(struct fake_vq *f, struct fake_chain *c)
{
	const struct pp_vq *vq = f->vq;
	uint16_t avail_idx, head, i, k;
	int rc;

	avail_idx = __atomic_load_n(&vq->avail->idx, __ATOMIC_ACQUIRE);
	if (avail_idx == f->last_avail)
		return 0;
	if ((uint16_t)(avail_idx - f->last_avail) > vq->num)
		return -EIO;	/* more available than the ring holds */
	head = vq->avail->ring[f->last_avail % vq->num];
	i = head;
	for (k = 0;; k++) {
		const struct pp_vring_desc *d;

		if (i >= vq->num || k == vq->num)
			return -EIO;	/* out of range, or a loop */
		d = &vq->desc[i];
		if (d->flags & PP_VRING_DESC_F_INDIRECT)
			return -EIO;	/* not offered by this device */
		rc = chain_add(f, c, d->addr, d->len,
			       d->flags & PP_VRING_DESC_F_WRITE);
		if (rc < 0)
			return rc;
		if (!(d->flags & PP_VRING_DESC_F_NEXT))
			break;
		i = d->next;
	}
	c->id = head;
	f->last_avail++;
	return 1;
}

/* Packed: is the descriptor with these flags available in lap wrap? */
static int
packed_avail(uint16_t flags, uint8_t wrap)
{
	return !!(flags & PP_VRING_PACKED_DESC_F_AVAIL) == wrap &&
	       !!(flags & PP_VRING_PACKED_DESC_F_USED) != wrap;
}

static int
packed_pop(struct fake_vq *f, struct fake_chain *c)
{
	const struct pp_vq *vq = f->vq;
	uint16_t pos = f->avail_pos, k, flags = 0, id = 0;
	uint8_t wrap = f->avail_wrap;
	int rc;

	flags = __atomic_load_n(&vq->pdesc[pos].flags, __ATOMIC_ACQUIRE);
	if (!packed_avail(flags, wrap))
		return 0;
	for (k = 0;; k++) {
		const struct pp_vring_packed_desc *d = &vq->pdesc[pos];

		if (k == vq->num)
			return -EIO;	/* a chain longer than the ring */
		if (k > 0) {
			flags = d->flags;
			/* every descriptor of the chain: available, this lap */
			if (!packed_avail(flags, wrap))
				return -EIO;
		}
		rc = chain_add(f, c, d->addr, d->len,
			       flags & PP_VRING_DESC_F_WRITE);
		if (rc < 0)
			return rc;
		id = d->id;	/* 2.8: the id is in the last descriptor */
		if (++pos == vq->num) {
			pos = 0;
			wrap ^= 1;
		}
		if (!(flags & PP_VRING_DESC_F_NEXT))
			break;
	}
	c->id = id;
	f->avail_pos = pos;
	f->avail_wrap = wrap;
	return 1;
}

int
fake_vq_pop(struct fake_vq *f, struct fake_chain *c)
{
	int rc;

	if (f->stop)
		return 0;
	memset(c, 0, offsetof(struct fake_chain, seg));
	rc = f->vq->packed ? packed_pop(f, c) : split_pop(f, c);
	if (rc > 0)
		f->popped++;
	return rc;
}

/* Write one used entry; packed: then move skip positions on. */
static void
put_used(struct fake_vq *f, uint32_t id, uint32_t len, int32_t skip)
{
	const struct pp_vq *vq = f->vq;

	if (vq->packed) {
		struct pp_vring_packed_desc *d = &vq->pdesc[f->used_pos];
		uint16_t flags = f->used_wrap ? (PP_VRING_PACKED_DESC_F_AVAIL |
					PP_VRING_PACKED_DESC_F_USED) : 0;

		/* 2.8: WRITE says the length means something */
		if (len > 0)
			flags |= PP_VRING_DESC_F_WRITE;
		d->id = (uint16_t)id;
		d->len = len;
		if (f->batching && f->held_desc == NULL) {
			f->held_desc = d;	/* the first: marked last */
			f->held_flags = flags;
		} else {
			__atomic_store_n(&d->flags, flags, __ATOMIC_RELEASE);
		}
		f->used_pos += RTE_MAX(skip, 0);
		while (f->used_pos >= vq->num) {
			f->used_pos -= vq->num;
			f->used_wrap ^= 1;
		}
	} else {
		struct pp_vring_used_elem *e =
			&vq->used->ring[f->used_idx % vq->num];

		e->id = id;
		e->len = len;
		f->used_idx++;
		if (!f->batching)
			__atomic_store_n(&vq->used->idx, f->used_idx,
					 __ATOMIC_RELEASE);
	}
	f->pushed++;
}

/* End of a batch: make what put_used() held back visible. */
static void
publish(struct fake_vq *f)
{
	if (f->held_desc != NULL)
		__atomic_store_n(&f->held_desc->flags, f->held_flags,
				 __ATOMIC_RELEASE);
	if (!f->vq->packed)
		__atomic_store_n(&f->vq->used->idx, f->used_idx,
				 __ATOMIC_RELEASE);
	f->held_desc = NULL;
	f->batching = 0;
}

void
fake_vq_push(struct fake_vq *f, const struct fake_chain *c, uint32_t len)
{
	enum fake_lie lie = FAKE_LIE_NONE;
	uint32_t id = c->id;
	int32_t skip = c->ndesc;

	if (f->stop)
		return;
	if (f->lie != FAKE_LIE_NONE && f->lie_count > 0) {
		lie = f->lie;
		f->lie_count--;
	}
	switch (lie) {
	case FAKE_LIE_ID:
		id = f->lie_id;
		break;
	case FAKE_LIE_LEN:
		len = c->wlen + RTE_MAX(f->lie_extra, 1u);
		break;
	case FAKE_LIE_SKIP:
		skip += f->lie_skip;
		break;
	default:
		break;
	}
	put_used(f, id, len, skip);
	if (lie == FAKE_LIE_DUP)
		put_used(f, id, len, skip);
}

unsigned int
fake_vq_complete(struct fake_vq *f, unsigned int max)
{
	struct fake_chain c;
	unsigned int n;

	for (n = 0; n < max; n++) {
		if (fake_vq_pop(f, &c) <= 0)
			break;
		fake_vq_push(f, &c, c.wlen);
	}
	return n;
}

void
fake_vq_notify(struct fake_vq *f)
{
	if (f->drop_notify) {
		f->notify_lost++;
		return;
	}
	f->notifies++;
	f->kicked = 1;
}

void
fake_vq_notify_mode(struct fake_vq *f, enum fake_notify mode,
		    uint16_t event, int wrap)
{
	struct pp_vq *vq = f->vq;

	if (vq->packed) {
		static const uint16_t fl[] = {
			[FAKE_NOTIFY_ON] = PP_VRING_EVENT_F_ENABLE,
			[FAKE_NOTIFY_OFF] = PP_VRING_EVENT_F_DISABLE,
			[FAKE_NOTIFY_EVENT] = PP_VRING_EVENT_F_DESC,
		};

		vq->dev_event->off_wrap = (uint16_t)((event & 0x7fff) |
						     (wrap ? 0x8000 : 0));
		__atomic_store_n(&vq->dev_event->flags, fl[mode],
				 __ATOMIC_SEQ_CST);
		return;
	}
	/* split: avail_event sits after the used ring (2.7) */
	__atomic_store_n((uint16_t *)&vq->used->ring[vq->num], event,
			 __ATOMIC_SEQ_CST);
	__atomic_store_n(&vq->used->flags, mode == FAKE_NOTIFY_OFF ?
			 PP_VRING_USED_F_NO_NOTIFY : 0, __ATOMIC_SEQ_CST);
}

/* ---------------------------------------------------------- virtio-net */

/* Copy len bytes into (write) or out of (!write) a chain's segments of
 * that direction, starting off bytes into them. Returns bytes copied. */
static uint32_t
chain_copy(const struct fake_chain *c, int write, uint32_t off, void *buf,
	   uint32_t len)
{
	uint8_t *p = buf;
	uint32_t done = 0;
	uint16_t s;

	for (s = 0; s < c->nseg && done < len; s++) {
		uint32_t n;

		if (c->seg[s].write != !!write)
			continue;
		if (off >= c->seg[s].len) {
			off -= c->seg[s].len;
			continue;
		}
		n = RTE_MIN(c->seg[s].len - off, len - done);
		if (write)
			memcpy(c->seg[s].ptr + off, p + done, n);
		else
			memcpy(p + done, c->seg[s].ptr + off, n);
		done += n;
		off = 0;
	}
	return done;
}

int
fake_net_rx(struct fake_vq *f, const void *frame, uint32_t len,
	    const struct pp_virtio_net_hdr *hdr, int mrg)
{
	struct fake_vq saved = *f;
	struct pp_virtio_net_hdr h;
	struct fake_chain *c;
	uint32_t need = VNET_HDR_LEN + len, room = 0, off = 0, frame_off;
	uint16_t n = 0, i;
	int rc = 0;

	if (f->stop)
		return 0;
	c = malloc(sizeof(*c) * FAKE_MAX_RX_BUFS);
	if (c == NULL)
		return -ENOMEM;
	while (room < need) {
		if (n == (mrg ? FAKE_MAX_RX_BUFS : 1)) {
			rc = mrg ? -ENOBUFS : -EMSGSIZE;
			break;
		}
		rc = fake_vq_pop(f, &c[n]);
		if (rc <= 0) {
			rc = rc < 0 ? rc : -ENOBUFS;
			break;
		}
		room += c[n++].wlen;
		rc = 0;
	}
	if (rc < 0) {
		/* nothing was written: the chains stay available */
		f->last_avail = saved.last_avail;
		f->avail_pos = saved.avail_pos;
		f->avail_wrap = saved.avail_wrap;
		f->popped = saved.popped;
		free(c);
		return rc;
	}
	if (hdr != NULL)
		h = *hdr;
	else
		memset(&h, 0, sizeof(h));
	h.num_buffers = f->nb == FAKE_NB_ZERO ? 0 :
			f->nb == FAKE_NB_BEYOND ?
			n + RTE_MAX(f->nb_extra, (uint16_t)1) : n;
	/* header then frame, as one stream over the chains */
	f->batching = 1;
	for (i = 0; i < n; i++) {
		uint32_t w = 0, part;

		if (off < VNET_HDR_LEN) {
			w = chain_copy(&c[i], 1, 0, (uint8_t *)&h + off,
				       VNET_HDR_LEN - off);
			off += w;
		}
		if (off >= VNET_HDR_LEN) {
			frame_off = off - VNET_HDR_LEN;
			part = chain_copy(&c[i], 1, w,
					  (uint8_t *)(uintptr_t)frame + frame_off,
					  len - frame_off);
			w += part;
			off += part;
		}
		fake_vq_push(f, &c[i], w);
	}
	publish(f);
	free(c);
	return n;
}

int
fake_net_tx(struct fake_vq *f, struct pp_virtio_net_hdr *hdr, void *buf,
	    uint32_t cap, uint32_t *len)
{
	struct pp_virtio_net_hdr h = { 0 };
	struct fake_chain c;
	int rc;

	rc = fake_vq_pop(f, &c);
	if (rc <= 0)
		return rc;
	rc = 1;
	if (c.rlen < VNET_HDR_LEN) {
		rc = -EIO;
	} else {
		chain_copy(&c, 0, 0, &h, VNET_HDR_LEN);
		if (hdr != NULL)
			*hdr = h;
		*len = c.rlen - VNET_HDR_LEN;
		chain_copy(&c, 0, VNET_HDR_LEN, buf, RTE_MIN(*len, cap));
	}
	fake_vq_push(f, &c, 0);
	return rc;
}

int
fake_net_ctrl(struct fake_vq *f, struct pp_virtio_net_ctrl_hdr *cmd,
	      void *data, uint32_t cap, uint32_t *data_len, uint8_t ack)
{
	struct fake_chain c;
	int rc;

	rc = fake_vq_pop(f, &c);
	if (rc <= 0)
		return rc;
	if (c.rlen < sizeof(*cmd) || c.wlen < 1) {
		fake_vq_push(f, &c, 0);
		return -EIO;
	}
	chain_copy(&c, 0, 0, cmd, sizeof(*cmd));
	*data_len = c.rlen - sizeof(*cmd);
	chain_copy(&c, 0, sizeof(*cmd), data, RTE_MIN(*data_len, cap));
	chain_copy(&c, 1, 0, &ack, 1);
	fake_vq_push(f, &c, 1);
	return 1;
}

/* ------------------------------------------------------- whole device */

static struct fake_vdev *
vdev_of(struct pp_virtio_hw *hw)
{
	return hw->tp;
}

static int
fv_reset(struct pp_virtio_hw *hw)
{
	struct fake_vdev *d = vdev_of(hw);
	uint16_t i;

	d->resets++;
	if (d->reset_timeout)
		return -ETIMEDOUT;
	d->status = 0;
	d->accepted = 0;
	for (i = 0; i < FAKE_MAX_VQS; i++)
		if (d->vq_live[i])
			fake_vq_reset(&d->vqs[i]);
	return 0;
}

static uint8_t
fv_get_status(struct pp_virtio_hw *hw)
{
	return vdev_of(hw)->status;
}

static void
fv_set_status(struct pp_virtio_hw *hw, uint8_t status)
{
	struct fake_vdev *d = vdev_of(hw);

	/* 3.1.1: FEATURES_OK only sticks for a subset of what was offered */
	if ((status & PP_VIRTIO_S_FEATURES_OK) &&
	    (d->accepted & ~d->offered) != 0)
		status &= ~PP_VIRTIO_S_FEATURES_OK;
	d->status = status;
}

static uint64_t
fv_get_features(struct pp_virtio_hw *hw)
{
	return vdev_of(hw)->offered;
}

static int
fv_set_features(struct pp_virtio_hw *hw, uint64_t features)
{
	vdev_of(hw)->accepted = features;
	return 0;
}

static int
fv_read_cfg(struct pp_virtio_hw *hw, uint32_t off, void *dst, uint32_t len)
{
	struct fake_vdev *d = vdev_of(hw);

	if ((uint64_t)off + len > d->cfg_size)
		return -ENOTSUP;
	memcpy(dst, (uint8_t *)&d->cfg + off, len);
	return 0;
}

static uint16_t
fv_queue_max(struct pp_virtio_hw *hw, uint16_t idx)
{
	struct fake_vdev *d = vdev_of(hw);

	return idx < d->nb_queues && idx < FAKE_MAX_VQS ? d->queue_max : 0;
}

static int
fv_queue_setup(struct pp_virtio_hw *hw, struct pp_vq *vq)
{
	struct fake_vdev *d = vdev_of(hw);

	if (vq->index >= d->nb_queues || vq->index >= FAKE_MAX_VQS ||
	    vq->num > d->queue_max)
		return -EINVAL;
	fake_vq_attach(&d->vqs[vq->index], vq);
	d->vq_live[vq->index] = 1;
	return 0;
}

static int
fv_queue_release(struct pp_virtio_hw *hw, struct pp_vq *vq)
{
	struct fake_vdev *d = vdev_of(hw);

	if (vq->index < FAKE_MAX_VQS)
		d->vq_live[vq->index] = 0;
	return 0;
}

static void
fv_notify(struct pp_virtio_hw *hw, struct pp_vq *vq)
{
	struct fake_vdev *d = vdev_of(hw);
	struct fake_vq *f = fake_vdev_vq(d, vq->index);

	if (f == NULL)
		return;
	fake_vq_notify(f);
	if (!f->drop_notify && d->on_notify != NULL)
		d->on_notify(d, f);
}

static int
fv_config_intr(struct pp_virtio_hw *hw,
	       void (*changed)(struct pp_virtio_hw *hw))
{
	vdev_of(hw)->changed = changed;
	return 0;
}

static void
fv_close(struct pp_virtio_hw *hw)
{
	fv_reset(hw);
}

void
fake_vdev_init(struct fake_vdev *d)
{
	static const uint8_t mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };

	memset(d, 0, sizeof(*d));
	d->ops = (struct pp_virtio_ops){
		.name = "fake",
		.reset = fv_reset,
		.get_status = fv_get_status,
		.set_status = fv_set_status,
		.get_features = fv_get_features,
		.set_features = fv_set_features,
		.read_cfg = fv_read_cfg,
		.queue_max = fv_queue_max,
		.queue_setup = fv_queue_setup,
		.queue_release = fv_queue_release,
		.notify = fv_notify,
		.config_intr = fv_config_intr,
		.close = fv_close,
	};
	d->hw.ops = &d->ops;
	d->hw.tp = d;
	d->hw.use_va = 1;
	d->hw.max_queue_pairs = 1;
	snprintf(d->hw.name, sizeof(d->hw.name), "fake_vdev");
	d->offered = PP_VIRTIO_BIT(PP_VIRTIO_F_VERSION_1) |
		     PP_VIRTIO_BIT(PP_VIRTIO_NET_F_MAC) |
		     PP_VIRTIO_BIT(PP_VIRTIO_NET_F_STATUS);
	memcpy(d->cfg.mac, mac, sizeof(mac));
	d->cfg.status = PP_VIRTIO_NET_S_LINK_UP;
	d->cfg.max_virtqueue_pairs = 1;
	d->cfg_size = sizeof(d->cfg);
	d->nb_queues = 3;
	d->queue_max = 256;
}

struct fake_vq *
fake_vdev_vq(struct fake_vdev *d, uint16_t idx)
{
	return idx < FAKE_MAX_VQS && d->vq_live[idx] ? &d->vqs[idx] : NULL;
}

void
fake_vdev_config_changed(struct fake_vdev *d)
{
	if (d->changed != NULL)
		d->changed(&d->hw);
}
