/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The pagepool authors
 */

/*
 * net_pp_virtio_user: the vhost-user transport of net_pp_virtio. The
 * virtio-net device is the back-end process (DPDK's net_vhost, OVS-DPDK,
 * VPP) at the other end of a UNIX socket; it maps our memory and reads and
 * writes the same split or packed rings a PCI device would.
 *
 * What a PCI device keeps in registers is emulated here: the status byte,
 * the device configuration (MAC from the devarg or random, STATUS link
 * up while a back-end is attached, max_virtqueue_pairs). Descriptors carry
 * our virtual addresses (hw->use_va): every memory region is announced with
 * guest_phys_addr = userspace_addr = VA.
 *
 * Memory (doc/nics/virtio.md, "vhost-user"): SET_MEM_TABLE lists every
 * allocated EAL memory segment, runs of one file merged into one region,
 * again whenever EAL memory grows (a memory event callback), so that pool
 * pages, rings and any mbuf the application transmits are inside it.
 *
 * Threads: the control path (ethdev ops) and EAL's interrupt thread (back-
 * end gone, back-end connecting in server mode, client reconnect alarm)
 * share the connection under vu->lock. Lock order: EAL's memory hotplug
 * lock, then vu->lock. changed() is called without vu->lock held.
 */

/* rte_intr_instance_*, rte_intr_callback_unregister_sync: experimental in 22.11 */
#ifndef ALLOW_EXPERIMENTAL_API
#define ALLOW_EXPERIMENTAL_API
#endif
#ifndef _GNU_SOURCE
#define _GNU_SOURCE	/* memfd_create(), fallocate() */
#endif

#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <linux/falloc.h>
#include <linux/memfd.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#include <bus_vdev_driver.h>
#include <ethdev_driver.h>
#include <ethdev_vdev.h>
#include <rte_alarm.h>
#include <rte_cycles.h>
#include <rte_dev.h>
#include <rte_eal_memconfig.h>
#include <rte_errno.h>
#include <rte_ether.h>
#include <rte_interrupts.h>
#include <rte_kvargs.h>
#include <rte_launch.h>
#include <rte_lcore.h>
#include <rte_memory.h>

#include "ppdrv.h"
#include "vhost_user.h"
#include "virtio_hw.h"
#include "virtio_logs.h"
#include "virtqueue.h"

#define VU_ARG_PATH		"path"
#define VU_ARG_QUEUES		"queues"
#define VU_ARG_QUEUE_SIZE	"queue_size"
#define VU_ARG_SERVER		"server"
#define VU_ARG_MRG_RXBUF	"mrg_rxbuf"
#define VU_ARG_PACKED_VQ	"packed_vq"
#define VU_ARG_MAC		"mac"
#define VU_ARG_TX_HDR_KEEP	"tx_hdr_keep"

#define VU_MAX_PAIRS		8
#define VU_MAX_VQS		(2 * VU_MAX_PAIRS)
#define VU_DEF_QUEUE_SIZE	256
/** Bound on every reply of the back-end (a SET_MEM_TABLE maps memory). */
#define VU_TIMEOUT_MS		5000
/** Client mode: retry a lost back-end this often. */
#define VU_RECONNECT_US		(1000 * 1000)

/** Feature bits the back-end offers that this transport never passes on. */
#define VU_FEATURES_HIDDEN ( \
	PP_VIRTIO_BIT(PP_VHU_F_PROTOCOL_FEATURES) | \
	PP_VIRTIO_BIT(PP_VHU_F_LOG_ALL) | \
	/* the back-end maps our VAs itself: no IOTLB */ \
	PP_VIRTIO_BIT(PP_VIRTIO_F_ACCESS_PLATFORM) | \
	/* no control queue emulated: its commands go nowhere */ \
	PP_VIRTIO_BIT(PP_VIRTIO_NET_F_CTRL_VQ) | \
	PP_VIRTIO_BIT(PP_VIRTIO_NET_F_CTRL_RX) | \
	PP_VIRTIO_BIT(19) /* CTRL_VLAN */ | \
	PP_VIRTIO_BIT(21) /* GUEST_ANNOUNCE */ | \
	PP_VIRTIO_BIT(PP_VIRTIO_NET_F_CTRL_MAC_ADDR) | \
	PP_VIRTIO_BIT(PP_VIRTIO_NET_F_MQ) | \
	PP_VIRTIO_BIT(PP_VIRTIO_NET_F_RSS) | \
	PP_VIRTIO_BIT(PP_VIRTIO_NET_F_MTU))

/** Emulated here, whatever the back-end offers. */
#define VU_FEATURES_OWN ( \
	PP_VIRTIO_BIT(PP_VIRTIO_NET_F_MAC) | \
	PP_VIRTIO_BIT(PP_VIRTIO_NET_F_STATUS))

/**
 * Server mode before any back-end connected: what a vhost-user net
 * back-end (DPDK's, QEMU's) offers and we use; checked when one connects.
 */
#define VU_FEATURES_ASSUMED ( \
	PP_VIRTIO_BIT(PP_VIRTIO_F_VERSION_1) | \
	PP_VIRTIO_BIT(PP_VIRTIO_NET_F_MRG_RXBUF) | \
	PP_VIRTIO_BIT(PP_VIRTIO_F_EVENT_IDX) | \
	PP_VIRTIO_BIT(PP_VIRTIO_F_RING_PACKED))

/** One connection's EOF watch; it owns the fd once the connection drops. */
struct vu_watch {
	struct vu *vu;
	struct rte_intr_handle *ih;
	int fd;
};

struct vu {
	pthread_mutex_t lock;
	struct pp_virtio_hw *hw;
	struct pp_vhu_conn c;		/**< c.fd -1: no back-end */
	struct vu_watch *w;		/**< watches c.fd (EOF: back-end gone) */
	unsigned int dying;		/**< dropped connections not yet closed */
	int lfd;			/**< server mode: listening socket */
	struct rte_intr_handle *lih;
	uint8_t server;
	uint8_t ready;			/**< handshake done: link up */
	uint8_t closing;
	uint8_t status;			/**< emulated device status */
	uint16_t pairs;
	uint16_t qsize;
	uint64_t be_features;		/**< the back-end's offer (0: none yet) */
	uint64_t acked;			/**< set_features() */
	struct pp_virtio_net_config cfg;
	void (*changed)(struct pp_virtio_hw *hw);
	struct pp_vq *vq[VU_MAX_VQS];	/**< given to the device (queue_setup) */
	struct pp_vq *cvq;		/**< the control queue, emulated here */
	uint16_t cvq_avail;		/**< its next available entry to serve */
	uint16_t active;		/**< queue pairs enabled (VQ_PAIRS_SET) */
	int kick[VU_MAX_VQS];		/**< eventfds, per ring, for the port's life */
	int call[VU_MAX_VQS];
	struct pp_vhu_region sent[PP_VHU_MAX_REGIONS]; /**< last mem table */
	unsigned int nsent;
	uint8_t in_g;			/**< in vu_g.ports (memory watch) */
	char path[108];
	char name[RTE_ETH_NAME_MAX_LEN];
};

static inline struct vu *
vu_of(struct pp_virtio_hw *hw)
{
	return hw->tp;
}

/* ---------------------------------------------------------- memory table */

/*
 * vhost-user takes at most 8 memory regions, each one file at one offset.
 * With --single-file-segments (or --no-huge) each EAL memory list is one
 * file and merges into one region. Without it EAL gives every 2 MiB page
 * its own file: 16 MiB of memory exhausts the table. Then new EAL memory is
 * moved, as it is allocated, into one hugetlbfs memfd per memory list (the
 * "shadow", at the page's offset in the list): still inside the allocation
 * (EAL's memory lock held, nobody uses the pages yet), same VA, same
 * content, EAL's own page punched out of its file. Only in IOVA-as-VA mode
 * (the IOVA stays the VA) and without PCI devices (VFIO would keep mapping
 * the old page). Pages allocated before the first port keep their files.
 * doc/nics/virtio.md, "vhost-user", says more.
 */
struct vu_shadow {
	const struct rte_memseg_list *msl;
	int fd;			/**< hugetlbfs memfd as long as the list */
	uint8_t *on;		/**< per segment: backed by fd */
};

#define VU_MAX_PORTS	32

static struct {
	pthread_mutex_t lock;	/**< ports, shadows; after EAL's memory lock */
	struct vu *ports[VU_MAX_PORTS];
	unsigned int nports;
	uint8_t cb;		/**< memory event callback registered */
	uint8_t shadow;		/**< new memory goes to the shadow files */
	struct vu_shadow sh[RTE_MAX_MEMSEG_LISTS];
	unsigned int nsh;
} vu_g = { .lock = PTHREAD_MUTEX_INITIALIZER };

static struct vu_shadow *
vu_shadow_of(const struct rte_memseg_list *msl, int create)
{
	struct vu_shadow *sh;
	unsigned int i, nseg;
	int fd;

	for (i = 0; i < vu_g.nsh; i++)
		if (vu_g.sh[i].msl == msl)
			return &vu_g.sh[i];
	if (!create || vu_g.nsh == RTE_DIM(vu_g.sh))
		return NULL;
	nseg = msl->memseg_arr.len;
	fd = memfd_create("pp_virtio_user", MFD_CLOEXEC | MFD_HUGETLB |
			  ((unsigned int)rte_log2_u64(msl->page_sz) << MFD_HUGE_SHIFT));
	if (fd < 0 || ftruncate(fd, (off_t)msl->len) < 0) {
		PP_VIRTIO_LOG(ERR, "no hugetlbfs memfd of %zu bytes (%s): new EAL memory keeps one file per page",
			      msl->len, strerror(errno));
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	sh = &vu_g.sh[vu_g.nsh];
	sh->on = calloc(nseg, 1);
	if (sh->on == NULL) {
		close(fd);
		return NULL;
	}
	sh->msl = msl;
	sh->fd = fd;
	vu_g.nsh++;
	return sh;
}

/** Move freshly allocated segment ms of msl into its shadow file. */
static void
vu_shadow_seg(const struct rte_memseg_list *msl, const struct rte_memseg *ms)
{
	struct vu_shadow *sh = vu_shadow_of(msl, 1);
	size_t seg, off, eoff = 0;
	void *tmp;
	int efd;

	if (sh == NULL)
		return;
	seg = ((uintptr_t)ms->addr - (uintptr_t)msl->base_va) / msl->page_sz;
	off = seg * msl->page_sz;
	tmp = mmap(NULL, ms->len, PROT_READ | PROT_WRITE,
		   MAP_SHARED | MAP_POPULATE, sh->fd, (off_t)off);
	if (tmp == MAP_FAILED) {
		PP_VIRTIO_LOG(WARNING, "no hugepage for the shadow of %p (%s): it keeps its own file",
			      ms->addr, strerror(errno));
		return;
	}
	memcpy(tmp, ms->addr, ms->len);
	if (mmap(ms->addr, ms->len, PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_FIXED | MAP_POPULATE, sh->fd,
		 (off_t)off) == MAP_FAILED) {
		PP_VIRTIO_LOG(ERR, "cannot map the shadow over %p: %s", ms->addr,
			      strerror(errno));
		munmap(tmp, ms->len);
		return;
	}
	munmap(tmp, ms->len);
	sh->on[seg] = 1;
	/* EAL's page is no longer mapped anywhere: give it back. */
	efd = rte_memseg_get_fd_thread_unsafe(ms);
	if (efd >= 0 && rte_memseg_get_fd_offset_thread_unsafe(ms, &eoff) == 0)
		(void)fallocate(efd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
				(off_t)eoff, (off_t)ms->len);
}

struct vu_table {
	struct pp_vhu_region r[PP_VHU_MAX_REGIONS];
	unsigned int n;
	unsigned int need;	/**< regions the memory takes (may exceed 8) */
	unsigned int no_fd;	/**< segments without a file (not shareable) */
};

static int
vu_table_add(const struct rte_memseg_list *msl, const struct rte_memseg *ms,
	     void *arg)
{
	struct vu_table *t = arg;
	struct pp_vhu_region *last = t->n ? &t->r[t->n - 1] : NULL;
	uint64_t va = (uint64_t)(uintptr_t)ms->addr;
	struct vu_shadow *sh;
	size_t off = 0, seg;
	int fd;

	if (msl->external)
		return 0;	/* not EAL's: no file behind it */
	sh = vu_shadow_of(msl, 0);
	seg = (va - (uintptr_t)msl->base_va) / msl->page_sz;
	if (sh != NULL && sh->on[seg]) {
		fd = sh->fd;
		off = seg * msl->page_sz;
	} else {
		fd = rte_memseg_get_fd_thread_unsafe(ms);
		if (fd < 0 || rte_memseg_get_fd_offset_thread_unsafe(ms, &off) < 0) {
			t->no_fd++;
			return 0;
		}
	}
	/* One run of one file, contiguous in VA and in the file: one region. */
	if (last != NULL && last->fd == fd && last->uva + last->size == va &&
	    last->offset + last->size == off) {
		last->size += ms->len;
		return 0;
	}
	t->need++;
	if (t->n == PP_VHU_MAX_REGIONS)
		return 0;	/* keep counting, for the message */
	last = &t->r[t->n++];
	last->gpa = va;
	last->uva = va;
	last->size = ms->len;
	last->offset = off;
	last->fd = fd;
	return 0;
}

/**
 * Announce EAL memory if it changed since the last table. Called with EAL's
 * memory hotplug lock held (read or write) and vu->lock held.
 */
static int
vu_mem_sync(struct vu *vu)
{
	struct vu_table t;
	int ret;

	memset(&t, 0, sizeof(t));
	rte_memseg_walk_thread_unsafe(vu_table_add, &t);
	if (t.need > PP_VHU_MAX_REGIONS) {
		PP_VIRTIO_LOG(ERR, "%s: EAL memory takes %u regions, vhost-user allows %u: "
			      "run with --single-file-segments (one file per memory list) "
			      "or --no-huge", vu->name, t.need, PP_VHU_MAX_REGIONS);
		return -E2BIG;
	}
	if (t.n == 0) {
		PP_VIRTIO_LOG(ERR, "%s: no EAL memory segment has a file descriptor (%u without): "
			      "the back-end cannot map it (--legacy-mem is not supported)",
			      vu->name, t.no_fd);
		return -ENOTSUP;
	}
	if (t.n == vu->nsent && memcmp(t.r, vu->sent, t.n * sizeof(t.r[0])) == 0)
		return 0;
	ret = pp_vhu_set_mem_table(&vu->c, t.r, t.n);
	if (ret < 0) {
		PP_VIRTIO_LOG(ERR, "%s: SET_MEM_TABLE (%u regions) failed: %s",
			      vu->name, t.n, strerror(-ret));
		vu->nsent = 0;
		return ret;
	}
	PP_VIRTIO_LOG(DEBUG, "%s: announced %u memory regions", vu->name, t.n);
	memcpy(vu->sent, t.r, t.n * sizeof(t.r[0]));
	vu->nsent = t.n;
	return 0;
}

static void vu_drop(struct vu *vu, const char *why);
static void vu_changed_later(struct vu *vu);

/**
 * EAL memory grew (a pool, a ring, a mempool) or shrank. EAL's memory lock
 * is held for writing: nothing here may allocate EAL memory, and the
 * device layer hears of a dropped back-end from an alarm.
 */
static void
vu_mem_event(enum rte_mem_event type, const void *addr, size_t len, void *arg)
{
	const struct rte_memseg_list *msl = rte_mem_virt2memseg_list(addr);
	const struct rte_memseg *ms;
	struct vu_shadow *sh;
	unsigned int i;
	size_t done;
	struct vu *vu;

	RTE_SET_USED(arg);
	if (msl == NULL || msl->external)
		return;
	pthread_mutex_lock(&vu_g.lock);
	for (done = 0; done < len; done += msl->page_sz) {
		ms = rte_mem_virt2memseg(RTE_PTR_ADD(addr, done), msl);
		if (ms == NULL)
			continue;
		if (type == RTE_MEM_EVENT_ALLOC && vu_g.shadow) {
			vu_shadow_seg(msl, ms);
		} else if (type == RTE_MEM_EVENT_FREE) {
			/* EAL unmaps it next; a new page there is shadowed anew */
			sh = vu_shadow_of(msl, 0);
			if (sh != NULL)
				sh->on[((uintptr_t)ms->addr - (uintptr_t)msl->base_va) /
				       msl->page_sz] = 0;
		}
	}
	/* Freed memory is no longer posted: only growth is announced. */
	for (i = 0; type == RTE_MEM_EVENT_ALLOC && i < vu_g.nports; i++) {
		vu = vu_g.ports[i];
		pthread_mutex_lock(&vu->lock);
		if (vu->ready && vu_mem_sync(vu) < 0) {
			vu_drop(vu, "cannot announce new memory");
			vu_changed_later(vu);
		}
		pthread_mutex_unlock(&vu->lock);
	}
	pthread_mutex_unlock(&vu_g.lock);
}

/** Count the PCI devices probed: VFIO would map the pages we move. */
static unsigned int
vu_pci_devices(void)
{
	struct rte_dev_iterator it;
	struct rte_device *dev;
	unsigned int n = 0;

	RTE_DEV_FOREACH(dev, "bus=pci", &it)
		n++;
	return n;
}

static int
vu_shadow_walk(const struct rte_memseg_list *msl, const struct rte_memseg *ms,
	       void *arg)
{
	unsigned int *n = arg;
	struct vu_shadow *sh;

	if (msl->external)
		return 0;
	vu_shadow_seg(msl, ms);
	sh = vu_shadow_of(msl, 0);
	*n += sh != NULL &&
	      sh->on[((uintptr_t)ms->addr - (uintptr_t)msl->base_va) / msl->page_sz];
	return 0;
}

/**
 * Pages EAL allocated before the first port (-m, --socket-mem, early
 * memzones) are moved too, but only while nothing else can be writing
 * them: from the main lcore with every worker idle (rte_eal_init() probing
 * the vdev, or an application that launched nothing yet).
 */
static int
vu_quiet(void)
{
	unsigned int lc;

	if (rte_lcore_id() != rte_get_main_lcore())
		return 0;
	RTE_LCORE_FOREACH_WORKER(lc)
		if (rte_eal_get_lcore_state(lc) != WAIT)
			return 0;
	return 1;
}

/** A port joins the memory watch (the first decides on shadowing). */
static int
vu_g_add(struct vu *vu)
{
	unsigned int moved = 0;
	int ret = 0;

	rte_mcfg_mem_write_lock();
	pthread_mutex_lock(&vu_g.lock);
	if (vu_g.nports == VU_MAX_PORTS) {
		ret = -ENOSPC;
		goto out;
	}
	if (!vu_g.cb) {
		if (rte_mcfg_get_single_file_segments()) {
			vu_g.shadow = 0;
		} else if (rte_eal_iova_mode() != RTE_IOVA_VA) {
			PP_VIRTIO_LOG(NOTICE, "IOVA as PA and one file per hugepage: "
				      "vhost-user needs --single-file-segments here");
		} else if (vu_pci_devices() > 0) {
			PP_VIRTIO_LOG(NOTICE, "PCI devices present and one file per hugepage: "
				      "vhost-user needs --single-file-segments here");
		} else {
			vu_g.shadow = 1;
			if (vu_quiet())
				rte_memseg_walk_thread_unsafe(vu_shadow_walk, &moved);
			else
				PP_VIRTIO_LOG(NOTICE, "probed while workers run: "
					      "EAL memory allocated so far keeps one file per page");
			PP_VIRTIO_LOG(INFO, "one file per hugepage: EAL memory is moved "
				      "to one file per memory list (%u pages now)", moved);
		}
		ret = rte_mem_event_callback_register("pp_virtio_user",
						      vu_mem_event, NULL);
		if (ret < 0 && rte_errno == ENOTSUP) {
			vu_g.shadow = 0;	/* legacy memory: it never grows */
			ret = 0;
		} else if (ret < 0) {
			ret = -rte_errno;
			PP_VIRTIO_LOG(ERR, "no memory event callback: %s",
				      rte_strerror(rte_errno));
			goto out;
		} else {
			vu_g.cb = 1;
		}
	}
	vu_g.ports[vu_g.nports++] = vu;
out:
	pthread_mutex_unlock(&vu_g.lock);
	rte_mcfg_mem_write_unlock();
	return ret;
}

/**
 * A port leaves. The callback and the shadow files stay: memory moved
 * there is still in use, and announced to the next port through them.
 */
static void
vu_g_del(struct vu *vu)
{
	unsigned int i;

	pthread_mutex_lock(&vu_g.lock);
	for (i = 0; i < vu_g.nports; i++)
		if (vu_g.ports[i] == vu)
			vu_g.ports[i] = vu_g.ports[--vu_g.nports];
	pthread_mutex_unlock(&vu_g.lock);
}

/* ------------------------------------------------------------ the rings */

/**
 * Where the back-end resumes ring vq: split, the used index in ring memory
 * (a fresh ring: 0; after a back-end died: what it completed, the rest is
 * offered again); packed, the first descriptor it has not marked used,
 * with its wrap counter in bit 15.
 */
static uint32_t
vu_vring_base(const struct pp_vq *vq)
{
	uint16_t i, flags, want;
	uint8_t wrap;
	unsigned int n;

	if (!vq->packed)
		return __atomic_load_n(&vq->used->idx, __ATOMIC_ACQUIRE);
	i = vq->next_used;
	wrap = vq->used_wrap;
	for (n = 0; n < vq->num; n++) {
		flags = __atomic_load_n(&vq->pdesc[i].flags, __ATOMIC_ACQUIRE);
		want = wrap ? (PP_VRING_PACKED_DESC_F_AVAIL |
			       PP_VRING_PACKED_DESC_F_USED) : 0;
		if ((flags & (PP_VRING_PACKED_DESC_F_AVAIL |
			      PP_VRING_PACKED_DESC_F_USED)) != want)
			break;
		if (++i == vq->num) {
			i = 0;
			wrap ^= 1;
		}
	}
	return i | ((uint32_t)wrap << 15);
}

/** Give ring vq to the connected back-end and enable it (vu->lock held). */
static int
vu_vring_start(struct vu *vu, struct pp_vq *vq)
{
	struct pp_vhu_conn *c = &vu->c;
	uint32_t idx = vq->index;
	int ret;

	ret = pp_vhu_set_vring(c, PP_VHU_SET_VRING_NUM, idx, vq->num);
	if (ret == 0)
		ret = pp_vhu_set_vring(c, PP_VHU_SET_VRING_BASE, idx,
				       vu_vring_base(vq));
	if (ret == 0)
		ret = pp_vhu_set_vring_addr(c, idx, vq->desc_addr,
					    vq->device_addr, vq->driver_addr);
	if (ret == 0)
		ret = pp_vhu_set_vring_fd(c, PP_VHU_SET_VRING_KICK, idx,
					  vq->kick_fd);
	if (ret == 0)
		ret = pp_vhu_set_vring_fd(c, PP_VHU_SET_VRING_CALL, idx,
					  vq->call_fd);
	/* With protocol features rings start disabled (vhost-user.rst). */
	if (ret == 0 && (vu->be_features >> PP_VHU_F_PROTOCOL_FEATURES) & 1)
		ret = pp_vhu_set_vring(c, PP_VHU_SET_VRING_ENABLE, idx,
				       idx < 2u * vu->active);
	if (ret < 0)
		PP_VIRTIO_LOG(ERR, "%s: ring %u not started: %s", vu->name, idx,
			      strerror(-ret));
	return ret;
}

/** Take ring vq back: GET_VRING_BASE stops it (vu->lock held). */
static int
vu_vring_stop(struct vu *vu, struct pp_vq *vq)
{
	uint32_t base;
	int ret;

	if (!vu->ready)
		return 0;	/* no back-end: nobody touches the ring */
	ret = pp_vhu_get_vring_base(&vu->c, vq->index, &base);
	if (ret < 0) {
		PP_VIRTIO_LOG(ERR, "%s: ring %u: GET_VRING_BASE failed: %s",
			      vu->name, vq->index, strerror(-ret));
		vu_drop(vu, "did not stop a ring");
		return ret == -ETIMEDOUT ? ret : -ENODEV;
	}
	return 0;
}

/* ------------------------------------------------------------ connection */

/*
 * With queues > 1 the control queue is emulated here (DPDK's back-end
 * serves none): CTRL_VQ is ours, MQ is the back-end's (with its
 * GET_QUEUE_NUM checked at attach).
 */
static uint64_t
vu_own(const struct vu *vu)
{
	return VU_FEATURES_OWN |
	       (vu->pairs > 1 ? PP_VIRTIO_BIT(PP_VIRTIO_NET_F_CTRL_VQ) : 0);
}

static uint64_t
vu_offer(const struct vu *vu)
{
	uint64_t f = vu->be_features ? vu->be_features :
		     VU_FEATURES_ASSUMED | PP_VIRTIO_BIT(PP_VIRTIO_NET_F_MQ);
	uint64_t hidden = VU_FEATURES_HIDDEN;

	if (vu->pairs > 1)
		hidden &= ~PP_VIRTIO_BIT(PP_VIRTIO_NET_F_MQ);
	return (f & ~hidden) | vu_own(vu);
}

/** What SET_FEATURES carries for device features f: the back-end's bits. */
static uint64_t
vu_be_features(const struct vu *vu, uint64_t f)
{
	f &= ~vu_own(vu);
	if ((vu->be_features >> PP_VHU_F_PROTOCOL_FEATURES) & 1)
		f |= PP_VIRTIO_BIT(PP_VHU_F_PROTOCOL_FEATURES);
	return f;
}

static int
vu_has_pf(const struct vu *vu, unsigned int b)
{
	return (vu->c.protocol_features >> b) & 1;
}

/**
 * Negotiate on the fresh connection vu->c.fd and, if the device layer got
 * that far, give the back-end the port's state: features, memory, every
 * ring given to the device, status. EAL's memory lock (read) and vu->lock
 * held. 0 or -errno; the caller closes the connection on error.
 */
static int
vu_handshake(struct vu *vu)
{
	struct pp_vhu_conn *c = &vu->c;
	uint64_t f, pf, qn = 1;
	unsigned int i, nvq = 0;
	int ret;

	c->protocol_features = 0;
	ret = pp_vhu_set_owner(c);
	if (ret == 0)
		ret = pp_vhu_get_u64(c, PP_VHU_GET_FEATURES, &f);
	if (ret < 0)
		return ret;
	if (!((f >> PP_VIRTIO_F_VERSION_1) & 1)) {
		PP_VIRTIO_LOG(ERR, "%s: back-end offers no VERSION_1 (features 0x%" PRIx64 ")",
			      vu->name, f);
		return -ENOTSUP;
	}
	/* A back-end that comes back must offer what the port runs with. */
	if (vu->acked & ~vu_own(vu) & ~f) {
		PP_VIRTIO_LOG(ERR, "%s: back-end lacks features 0x%" PRIx64 " the port negotiated",
			      vu->name, vu->acked & ~vu_own(vu) & ~f);
		return -ENOTSUP;
	}
	vu->be_features = f;
	if ((f >> PP_VHU_F_PROTOCOL_FEATURES) & 1) {
		ret = pp_vhu_get_u64(c, PP_VHU_GET_PROTOCOL_FEATURES, &pf);
		if (ret < 0)
			return ret;
		pf &= PP_VIRTIO_BIT(PP_VHU_PROTOCOL_F_MQ) |
		      PP_VIRTIO_BIT(PP_VHU_PROTOCOL_F_REPLY_ACK) |
		      PP_VIRTIO_BIT(PP_VHU_PROTOCOL_F_STATUS);
		ret = pp_vhu_set_u64(c, PP_VHU_SET_PROTOCOL_FEATURES, pf);
		if (ret < 0)
			return ret;
		c->protocol_features = pf;
	}
	if (vu_has_pf(vu, PP_VHU_PROTOCOL_F_MQ)) {
		ret = pp_vhu_get_u64(c, PP_VHU_GET_QUEUE_NUM, &qn);
		if (ret < 0)
			return ret;
	}
	if (qn < vu->pairs) {
		PP_VIRTIO_LOG(ERR, "%s: back-end has %" PRIu64 " queue pairs, queues=%u asked",
			      vu->name, qn, vu->pairs);
		return -ENOTSUP;
	}
	if (vu->acked == 0)
		return 0;	/* the device layer negotiates next */

	/* A port already configured: replay its state. */
	ret = pp_vhu_set_u64(c, PP_VHU_SET_FEATURES, vu_be_features(vu, vu->acked));
	for (i = 0; i < VU_MAX_VQS; i++)
		nvq += vu->vq[i] != NULL;
	vu->nsent = 0;
	if (ret == 0 && nvq > 0)
		ret = vu_mem_sync(vu);
	for (i = 0; ret == 0 && i < VU_MAX_VQS; i++)
		if (vu->vq[i] != NULL)
			ret = vu_vring_start(vu, vu->vq[i]);
	if (ret == 0 && vu->status != 0 && vu_has_pf(vu, PP_VHU_PROTOCOL_F_STATUS))
		ret = pp_vhu_set_u64(c, PP_VHU_SET_STATUS, vu->status);
	return ret;
}

static void vu_sock_cb(void *arg);
static void vu_reconnect(void *arg);

/** EAL alarm: tell the device layer the link changed (no lock held). */
static void
vu_changed_alarm(void *arg)
{
	struct vu *vu = arg;
	void (*changed)(struct pp_virtio_hw *);

	pthread_mutex_lock(&vu->lock);
	changed = vu->closing ? NULL : vu->changed;
	pthread_mutex_unlock(&vu->lock);
	if (changed != NULL)
		changed(vu->hw);
}

static void
vu_changed_later(struct vu *vu)
{
	rte_eal_alarm_set(1, vu_changed_alarm, vu);
}

/** Watch the connection for EOF, the back-end gone (vu->lock held). */
static int
vu_watch(struct vu *vu)
{
	struct vu_watch *w;
	int ret = -ENOMEM;

	w = calloc(1, sizeof(*w));
	if (w == NULL)
		return -ENOMEM;
	w->vu = vu;
	w->fd = vu->c.fd;
	w->ih = rte_intr_instance_alloc(RTE_INTR_INSTANCE_F_PRIVATE);
	if (w->ih == NULL)
		goto fail;
	ret = -EINVAL;
	if (rte_intr_fd_set(w->ih, w->fd) != 0 ||
	    rte_intr_type_set(w->ih, RTE_INTR_HANDLE_EXT) != 0)
		goto fail;
	ret = rte_intr_callback_register(w->ih, vu_sock_cb, w);
	if (ret < 0)
		goto fail;
	vu->w = w;
	return 0;
fail:
	rte_intr_instance_free(w->ih);
	free(w);
	return ret;
}

/**
 * Forget the back-end (vu->lock held): link down. The socket is shut down
 * at once (a back-end that still runs sees EOF and stops using our memory:
 * it unmaps it); its watch, seeing EOF too, closes it from EAL's interrupt
 * thread. The rings stay given to the device: they resume on the next
 * back-end, where this one stopped.
 */
static void
vu_drop(struct vu *vu, const char *why)
{
	if (vu->c.fd < 0)
		return;
	PP_VIRTIO_LOG(NOTICE, "%s: back-end %s: link down", vu->name, why);
	if (vu->w != NULL) {
		shutdown(vu->c.fd, SHUT_RDWR);
		vu->w = NULL;
		__atomic_fetch_add(&vu->dying, 1, __ATOMIC_RELAXED);
		vu->c.fd = -1;
		vu->c.protocol_features = 0;
	} else {
		pp_vhu_close(&vu->c);
	}
	vu->ready = 0;
	vu->nsent = 0;
	if (!vu->server && !vu->closing)
		rte_eal_alarm_set(VU_RECONNECT_US, vu_reconnect, vu);
}

/** After the watch of a dropped connection is unregistered: close it. */
static void
vu_sock_gone(struct rte_intr_handle *ih, void *arg)
{
	struct vu_watch *w = arg;
	struct vu *vu = w->vu;

	RTE_SET_USED(ih);
	/* EAL holds its interrupt lock here: no vu->lock (vu_watch() takes both) */
	close(w->fd);
	rte_intr_instance_free(w->ih);
	__atomic_fetch_sub(&vu->dying, 1, __ATOMIC_RELEASE);
	free(w);
}

/**
 * EAL interrupt thread: the socket is readable outside a request, so the
 * back-end closed it, or sent what nobody asked for; either way it is done.
 */
static void
vu_sock_cb(void *arg)
{
	struct vu_watch *w = arg;
	struct vu *vu = w->vu;
	void (*changed)(struct pp_virtio_hw *) = NULL;
	char b;
	ssize_t n;

	pthread_mutex_lock(&vu->lock);
	if (vu->w == w) {
		n = recv(w->fd, &b, 1, MSG_PEEK | MSG_DONTWAIT);
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK ||
			      errno == EINTR)) {
			/* a reply the control path has read meanwhile */
			pthread_mutex_unlock(&vu->lock);
			return;
		}
		vu_drop(vu, n > 0 ? "sent a message nobody asked for" :
			"closed the connection");
		changed = vu->changed;
	}
	/* Not (or no longer) the connection: unwatch it, then close it. */
	rte_intr_callback_unregister_pending(w->ih, vu_sock_cb, w, vu_sock_gone);
	pthread_mutex_unlock(&vu->lock);
	if (changed != NULL)
		changed(vu->hw);
}

/**
 * Take back-end fd: negotiate, replay the port's state, watch it. EAL's
 * memory lock (read) and vu->lock held. On error fd is closed and the link
 * stays down.
 */
static int
vu_attach(struct vu *vu, int fd)
{
	int ret;

	vu->c.fd = fd;
	ret = vu_handshake(vu);
	if (ret == 0)
		ret = vu_watch(vu);
	if (ret < 0) {
		PP_VIRTIO_LOG(ERR, "%s: back-end at %s not usable (%s): link stays down",
			      vu->name, vu->path, strerror(-ret));
		pp_vhu_close(&vu->c);
		vu->ready = 0;
		vu->nsent = 0;
		return ret;
	}
	vu->ready = 1;
	PP_VIRTIO_LOG(NOTICE, "%s: back-end at %s attached (features 0x%" PRIx64
		      ", protocol features 0x%" PRIx64 "): link up", vu->name,
		      vu->path, vu->be_features, vu->c.protocol_features);
	return 0;
}

/** Server mode, EAL interrupt thread: a back-end connects. */
static void
vu_listen_cb(void *arg)
{
	struct vu *vu = arg;
	void (*changed)(struct pp_virtio_hw *) = NULL;
	int fd;

	fd = pp_vhu_accept(vu->lfd, 0);
	if (fd < 0)
		return;
	rte_mcfg_mem_read_lock();
	pthread_mutex_lock(&vu->lock);
	if (vu->closing || vu->c.fd >= 0) {
		PP_VIRTIO_LOG(WARNING, "%s: a second back-end connected to %s: refused",
			      vu->name, vu->path);
		close(fd);
	} else if (vu_attach(vu, fd) == 0) {
		changed = vu->changed;
	}
	pthread_mutex_unlock(&vu->lock);
	rte_mcfg_mem_read_unlock();
	if (changed != NULL)
		changed(vu->hw);
}

/** Client mode, EAL alarm: try the lost back-end again. */
static void
vu_reconnect(void *arg)
{
	struct vu *vu = arg;
	void (*changed)(struct pp_virtio_hw *) = NULL;
	int fd;

	rte_mcfg_mem_read_lock();
	pthread_mutex_lock(&vu->lock);
	if (vu->closing || vu->c.fd >= 0)
		goto out;
	fd = pp_vhu_connect(vu->path, 100);
	if (fd >= 0 && vu_attach(vu, fd) == 0)
		changed = vu->changed;
	else
		rte_eal_alarm_set(VU_RECONNECT_US, vu_reconnect, vu);
out:
	pthread_mutex_unlock(&vu->lock);
	rte_mcfg_mem_read_unlock();
	if (changed != NULL)
		changed(vu->hw);
}

/* ------------------------------------------- the emulated control queue */

static int vu_lost(int ret);

/**
 * One control command (5.1.6.5). Only VQ_PAIRS_SET means something to a
 * vhost-user back-end: it becomes SET_VRING_ENABLE of each ring. The rest
 * (RX mode, MAC table) is not offered, so answered ERR. vu->lock held.
 */
static uint8_t
vu_cvq_cmd(struct vu *vu, const uint8_t *cmd, uint32_t len)
{
	uint16_t pairs;
	unsigned int i;
	int ret = 0;

	if (len != 4 || cmd[0] != PP_VIRTIO_NET_CTRL_MQ ||
	    cmd[1] != PP_VIRTIO_NET_CTRL_MQ_VQ_PAIRS_SET)
		return PP_VIRTIO_NET_ERR;
	memcpy(&pairs, cmd + 2, sizeof(pairs));
	pairs = rte_le_to_cpu_16(pairs);
	if (pairs < 1 || pairs > vu->pairs)
		return PP_VIRTIO_NET_ERR;
	vu->active = pairs;
	if (!vu->ready || !((vu->be_features >> PP_VHU_F_PROTOCOL_FEATURES) & 1))
		return PP_VIRTIO_NET_OK;	/* replayed at attach */
	for (i = 0; ret == 0 && i < 2u * vu->pairs; i++)
		if (vu->vq[i] != NULL)
			ret = pp_vhu_set_vring(&vu->c, PP_VHU_SET_VRING_ENABLE,
					       i, i < 2u * pairs);
	if (ret < 0) {
		vu_drop(vu, "did not take a ring enable");
		vu_changed_later(vu);
		if (!vu_lost(ret))
			return PP_VIRTIO_NET_ERR;
	}
	return PP_VIRTIO_NET_OK;
}

/**
 * Serve the control queue as its device would: every chain made available
 * since the last call, the device-readable bytes as the command, the ack
 * into the device-writable byte, the chain used. The chains are the device
 * layer's own (split ring, direct descriptors, our VAs): nothing here comes
 * from the back-end.
 */
static void
vu_cvq_serve(struct vu *vu, struct pp_vq *vq)
{
	struct pp_vring_desc *d;
	uint16_t avail, head, id, used, n;
	uint8_t cmd[64], *ack, st;
	uint32_t len, k;

	pthread_mutex_lock(&vu->lock);
	if (vq != vu->cvq || vq->packed) {
		pthread_mutex_unlock(&vu->lock);
		return;
	}
	avail = __atomic_load_n(&vq->avail->idx, __ATOMIC_ACQUIRE);
	while (vu->cvq_avail != avail) {
		head = vq->avail->ring[vu->cvq_avail & (vq->num - 1)];
		len = 0;
		ack = NULL;
		for (id = head, n = 0; id < vq->num && n < vq->num; n++) {
			d = &vq->desc[id];
			if (d->flags & PP_VRING_DESC_F_WRITE) {
				if (d->len >= 1)
					ack = (uint8_t *)(uintptr_t)d->addr;
			} else {
				k = RTE_MIN(d->len, (uint32_t)sizeof(cmd) - len);
				memcpy(cmd + len, (const void *)(uintptr_t)d->addr, k);
				len += k;
			}
			if (!(d->flags & PP_VRING_DESC_F_NEXT))
				break;
			id = d->next;
		}
		st = vu_cvq_cmd(vu, cmd, len);
		if (ack != NULL)
			*ack = st;
		used = vq->used->idx;
		vq->used->ring[used & (vq->num - 1)].id = head;
		vq->used->ring[used & (vq->num - 1)].len = ack != NULL;
		__atomic_store_n(&vq->used->idx, (uint16_t)(used + 1),
				 __ATOMIC_RELEASE);
		vu->cvq_avail++;
	}
	/* EVENT_IDX: notify us again at the next entry (avail_event) */
	if (vq->event_idx)
		__atomic_store_n((uint16_t *)&vq->used->ring[vq->num],
				 vu->cvq_avail, __ATOMIC_RELEASE);
	pthread_mutex_unlock(&vu->lock);
}

/* ------------------------------------------------------- transport ops */

/*
 * An operation failed because the back-end went away (closed, or stopped
 * answering): the port keeps what it set and the next back-end gets it
 * replayed, as when one goes away between operations; the link is down
 * meanwhile. A back-end that answered wrongly or refused (-EPROTO, -EIO)
 * and memory it cannot be given (-E2BIG, -ENOTSUP) stay errors.
 */
static int
vu_lost(int ret)
{
	return ret == -ECONNRESET || ret == -EPIPE || ret == -ENOTCONN ||
	       ret == -ETIMEDOUT;
}

static int
vu_reset(struct pp_virtio_hw *hw)
{
	struct vu *vu = vu_of(hw);
	unsigned int i;
	int ret = 0, r;

	pthread_mutex_lock(&vu->lock);
	for (i = 0; i < VU_MAX_VQS; i++) {
		if (vu->vq[i] == NULL)
			continue;
		r = vu_vring_stop(vu, vu->vq[i]);
		if (r < 0 && ret == 0)
			ret = r;
		vu->vq[i] = NULL;
	}
	if (vu->ready && vu->status != 0 && vu_has_pf(vu, PP_VHU_PROTOCOL_F_STATUS) &&
	    pp_vhu_set_u64(&vu->c, PP_VHU_SET_STATUS, 0) < 0)
		vu_drop(vu, "did not take status 0");
	vu->status = 0;
	vu->acked = 0;
	vu->cvq = NULL;
	vu->active = 1;	/* after a reset only the first pair runs (5.1.6.5.5) */
	pthread_mutex_unlock(&vu->lock);
	return ret;
}

static uint8_t
vu_get_status(struct pp_virtio_hw *hw)
{
	struct vu *vu = vu_of(hw);
	uint8_t s;

	pthread_mutex_lock(&vu->lock);
	s = vu->status;
	pthread_mutex_unlock(&vu->lock);
	return s;
}

static void
vu_set_status(struct pp_virtio_hw *hw, uint8_t status)
{
	struct vu *vu = vu_of(hw);

	pthread_mutex_lock(&vu->lock);
	vu->status = status;
	if (vu->ready && vu_has_pf(vu, PP_VHU_PROTOCOL_F_STATUS) &&
	    pp_vhu_set_u64(&vu->c, PP_VHU_SET_STATUS, status) < 0)
		vu_drop(vu, "did not take the status");
	pthread_mutex_unlock(&vu->lock);
}

static uint64_t
vu_get_features(struct pp_virtio_hw *hw)
{
	struct vu *vu = vu_of(hw);
	uint64_t f;

	pthread_mutex_lock(&vu->lock);
	f = vu_offer(vu);
	pthread_mutex_unlock(&vu->lock);
	return f;
}

static int
vu_set_features(struct pp_virtio_hw *hw, uint64_t features)
{
	struct vu *vu = vu_of(hw);
	int ret = 0;

	pthread_mutex_lock(&vu->lock);
	if (features & ~vu_offer(vu)) {
		PP_VIRTIO_LOG(ERR, "%s: features 0x%" PRIx64 " not offered",
			      vu->name, features & ~vu_offer(vu));
		ret = -EINVAL;
		goto out;
	}
	vu->acked = features;
	if (vu->ready) {
		ret = pp_vhu_set_u64(&vu->c, PP_VHU_SET_FEATURES,
				     vu_be_features(vu, features));
		if (ret < 0)
			vu_drop(vu, "did not take the features");
		if (vu_lost(ret))
			ret = 0;	/* replayed to the next back-end */
	}
out:
	pthread_mutex_unlock(&vu->lock);
	return ret;
}

static int
vu_read_cfg(struct pp_virtio_hw *hw, uint32_t off, void *dst, uint32_t len)
{
	struct vu *vu = vu_of(hw);
	struct pp_virtio_net_config cfg;

	/* Emulated: mac, status, max_virtqueue_pairs. */
	if ((uint64_t)off + len > offsetof(struct pp_virtio_net_config, mtu))
		return -ENOTSUP;
	pthread_mutex_lock(&vu->lock);
	cfg = vu->cfg;
	cfg.status = vu->ready ? PP_VIRTIO_NET_S_LINK_UP : 0;
	pthread_mutex_unlock(&vu->lock);
	memcpy(dst, (const uint8_t *)&cfg + off, len);
	return 0;
}

static uint16_t
vu_queue_max(struct pp_virtio_hw *hw, uint16_t idx)
{
	struct vu *vu = vu_of(hw);

	if (vu->pairs > 1 && idx == PP_VIRTIO_CTRLQ_IDX(vu->pairs))
		return 64;	/* the emulated control queue */
	return idx < 2 * vu->pairs ? vu->qsize : 0;
}

static int
vu_queue_setup(struct pp_virtio_hw *hw, struct pp_vq *vq)
{
	struct vu *vu = vu_of(hw);
	uint16_t i = vq->index;
	int ret = 0;

	if (vu->pairs > 1 && i == PP_VIRTIO_CTRLQ_IDX(vu->pairs)) {
		pthread_mutex_lock(&vu->lock);
		vu->cvq = vq;
		vu->cvq_avail = 0;	/* a fresh (or drained) ring */
		vq->kick_fd = vq->call_fd = -1;
		pthread_mutex_unlock(&vu->lock);
		return 0;
	}
	if (i >= 2 * vu->pairs)
		return -EINVAL;
	rte_mcfg_mem_read_lock();
	pthread_mutex_lock(&vu->lock);
	if (vu->kick[i] < 0)
		vu->kick[i] = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (vu->call[i] < 0)
		vu->call[i] = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (vu->kick[i] < 0 || vu->call[i] < 0) {
		ret = -errno;
		goto out;
	}
	vq->kick_fd = vu->kick[i];
	vq->call_fd = vu->call[i];
	vu->vq[i] = vq;
	if (!vu->ready)
		goto out;	/* given to the next back-end that attaches */
	ret = vu_mem_sync(vu);
	if (ret == 0)
		ret = vu_vring_start(vu, vq);
	if (ret < 0 && ret != -E2BIG && ret != -ENOTSUP)
		vu_drop(vu, "failed while a ring was set up");
	if (vu_lost(ret))
		ret = 0;	/* kept: the next back-end gets it */
	else if (ret < 0)
		vu->vq[i] = NULL;
out:
	pthread_mutex_unlock(&vu->lock);
	rte_mcfg_mem_read_unlock();
	return ret;
}

static int
vu_queue_release(struct pp_virtio_hw *hw, struct pp_vq *vq)
{
	struct vu *vu = vu_of(hw);
	uint16_t i = vq->index;
	int ret = 0;

	if (vq == vu->cvq) {
		pthread_mutex_lock(&vu->lock);
		vu->cvq = NULL;
		pthread_mutex_unlock(&vu->lock);
		return 0;
	}
	if (i >= VU_MAX_VQS)
		return 0;
	pthread_mutex_lock(&vu->lock);
	if (vu->vq[i] == vq) {
		ret = vu_vring_stop(vu, vq);
		vu->vq[i] = NULL;
	}
	pthread_mutex_unlock(&vu->lock);
	return ret;
}

static void vu_cvq_serve(struct vu *vu, struct pp_vq *vq);

static void
vu_notify(struct pp_virtio_hw *hw, struct pp_vq *vq)
{
	uint64_t one = 1;

	if (unlikely(vq->kick_fd < 0)) {
		vu_cvq_serve(vu_of(hw), vq);	/* the emulated control queue */
		return;
	}
	/* EAGAIN: the counter is saturated, the back-end is woken anyway */
	if (write(vq->kick_fd, &one, sizeof(one)) < 0)
		return;
}

static int
vu_config_intr(struct pp_virtio_hw *hw,
	       void (*changed)(struct pp_virtio_hw *hw))
{
	struct vu *vu = vu_of(hw);

	pthread_mutex_lock(&vu->lock);
	vu->changed = changed;
	pthread_mutex_unlock(&vu->lock);
	return 0;
}

static int
vu_mem_update(struct pp_virtio_hw *hw)
{
	struct vu *vu = vu_of(hw);
	int ret = 0;

	rte_mcfg_mem_read_lock();
	pthread_mutex_lock(&vu->lock);
	if (vu->ready) {
		ret = vu_mem_sync(vu);
		if (ret < 0 && ret != -E2BIG && ret != -ENOTSUP)
			vu_drop(vu, "did not take the memory table");
		if (vu_lost(ret))
			ret = 0;	/* sent to the next back-end */
	}
	pthread_mutex_unlock(&vu->lock);
	rte_mcfg_mem_read_unlock();
	return ret;
}

/** Free everything of vu; safe on a half-built one. Not from the interrupt thread. */
static void
vu_destroy(struct vu *vu)
{
	unsigned int i, waited = 0;

	pthread_mutex_lock(&vu->lock);
	vu->closing = 1;
	pthread_mutex_unlock(&vu->lock);
	rte_eal_alarm_cancel(vu_reconnect, vu);
	if (vu->lih != NULL) {
		rte_intr_callback_unregister_sync(vu->lih, vu_listen_cb, vu);
		rte_intr_instance_free(vu->lih);
	}
	if (vu->lfd >= 0) {
		close(vu->lfd);
		unlink(vu->path);
	}
	if (vu->in_g)
		vu_g_del(vu);
	rte_eal_alarm_cancel(vu_changed_alarm, vu);
	pthread_mutex_lock(&vu->lock);
	vu_drop(vu, "closed by the port");
	/* The watches close their sockets from the interrupt thread. */
	pthread_mutex_unlock(&vu->lock);
	while (__atomic_load_n(&vu->dying, __ATOMIC_ACQUIRE) > 0 && waited++ < 2000)
		rte_delay_us_sleep(1000);
	for (i = 0; i < VU_MAX_VQS; i++) {
		if (vu->kick[i] >= 0)
			close(vu->kick[i]);
		if (vu->call[i] >= 0)
			close(vu->call[i]);
	}
	if (__atomic_load_n(&vu->dying, __ATOMIC_ACQUIRE) > 0) {
		/* called from the interrupt thread, or it is stuck */
		PP_VIRTIO_LOG(ERR, "%s: back-end socket still watched after 2 s: left open",
			      vu->name);
		return;	/* a late watch still reads vu: leak it */
	}
	pthread_mutex_destroy(&vu->lock);
	free(vu);
}

static void
vu_close(struct pp_virtio_hw *hw)
{
	struct vu *vu = vu_of(hw);

	if (vu == NULL)
		return;
	vu_reset(hw);
	vu_destroy(vu);
	hw->tp = NULL;
}

static const struct pp_virtio_ops vu_ops = {
	.name = "vhost-user",
	.reset = vu_reset,
	.get_status = vu_get_status,
	.set_status = vu_set_status,
	.get_features = vu_get_features,
	.set_features = vu_set_features,
	.read_cfg = vu_read_cfg,
	.queue_max = vu_queue_max,
	.queue_setup = vu_queue_setup,
	.queue_release = vu_queue_release,
	.notify = vu_notify,
	.config_intr = vu_config_intr,
	.mem_update = vu_mem_update,
	.close = vu_close,
};

/* ----------------------------------------------------------------- vdev */

static const char * const vu_own_args[] = {
	VU_ARG_PATH, VU_ARG_QUEUES, VU_ARG_QUEUE_SIZE, VU_ARG_SERVER,
	VU_ARG_MRG_RXBUF, VU_ARG_PACKED_VQ, VU_ARG_MAC, VU_ARG_TX_HDR_KEEP,
	NULL,
};

static int
vu_arg_uint(const char *name, const char *key, const char *val,
	    unsigned long min, unsigned long max, unsigned long *out)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(val, &end, 0);
	if (errno != 0 || end == val || *end != '\0' || v < min || v > max) {
		PP_VIRTIO_LOG(ERR, "%s: %s=%s: want an integer in [%lu, %lu]",
			      name, key, val, min, max);
		return -EINVAL;
	}
	*out = v;
	return 0;
}

/** Our devargs into vu and conf; the others, "k=v,...", into rest. */
static int
vu_parse(struct vu *vu, const char *name, const char *args,
	 struct pp_virtio_net_conf *conf, char *rest, size_t rest_len)
{
	struct rte_kvargs *kv = NULL;
	unsigned long v = 0, mrg = 1, packed = 0;
	const char *key, *val;
	unsigned int i, j;
	size_t used = 0;
	int ret = 0, own;

	vu->pairs = 1;
	vu->active = 1;
	vu->qsize = VU_DEF_QUEUE_SIZE;
	rest[0] = '\0';
	if (args != NULL && args[0] != '\0') {
		kv = rte_kvargs_parse(args, NULL);
		if (kv == NULL) {
			PP_VIRTIO_LOG(ERR, "%s: cannot parse devargs \"%s\"", name, args);
			return -EINVAL;
		}
	}
	for (i = 0; kv != NULL && i < kv->count && ret == 0; i++) {
		key = kv->pairs[i].key;
		val = kv->pairs[i].value;
		for (own = 0, j = 0; vu_own_args[j] != NULL; j++)
			own |= strcmp(key, vu_own_args[j]) == 0;
		if (own && val == NULL) {
			PP_VIRTIO_LOG(ERR, "%s: devarg %s without a value", name, key);
			ret = -EINVAL;
		} else if (!own) {
			j = snprintf(rest + used, rest_len - used, "%s%s%s%s",
				     used ? "," : "", key, val ? "=" : "", val ? val : "");
			if (j >= rest_len - used)
				ret = -E2BIG;
			else
				used += j;
		} else if (strcmp(key, VU_ARG_PATH) == 0) {
			if (strlen(val) >= sizeof(vu->path)) {
				PP_VIRTIO_LOG(ERR, "%s: path longer than %zu bytes",
					      name, sizeof(vu->path) - 1);
				ret = -ENAMETOOLONG;
			} else {
				strcpy(vu->path, val);
			}
		} else if (strcmp(key, VU_ARG_QUEUES) == 0) {
			ret = vu_arg_uint(name, key, val, 1, VU_MAX_PAIRS, &v);
			vu->pairs = (uint16_t)v;
		} else if (strcmp(key, VU_ARG_QUEUE_SIZE) == 0) {
			ret = vu_arg_uint(name, key, val, 2, 32768, &v);
			vu->qsize = (uint16_t)v;
		} else if (strcmp(key, VU_ARG_SERVER) == 0) {
			ret = vu_arg_uint(name, key, val, 0, 1, &v);
			vu->server = (uint8_t)v;
		} else if (strcmp(key, VU_ARG_MRG_RXBUF) == 0) {
			ret = vu_arg_uint(name, key, val, 0, 1, &mrg);
		} else if (strcmp(key, VU_ARG_PACKED_VQ) == 0) {
			ret = vu_arg_uint(name, key, val, 0, 1, &packed);
		} else if (strcmp(key, VU_ARG_TX_HDR_KEEP) == 0) {
			ret = vu_arg_uint(name, key, val, 0, 1, &v);
			vu->hw->tx_hdr_keep = (uint8_t)v;
		} else if (strcmp(key, VU_ARG_MAC) == 0) {
			if (rte_ether_unformat_addr(val,
				(struct rte_ether_addr *)vu->cfg.mac) != 0 ||
			    !rte_is_unicast_ether_addr((struct rte_ether_addr *)vu->cfg.mac)) {
				PP_VIRTIO_LOG(ERR, "%s: mac=%s is no unicast MAC address",
					      name, val);
				ret = -EINVAL;
			}
		}
	}
	rte_kvargs_free(kv);
	if (ret == -E2BIG)
		PP_VIRTIO_LOG(ERR, "%s: devargs too long", name);
	if (ret == 0 && vu->path[0] == '\0') {
		PP_VIRTIO_LOG(ERR, "%s: devarg path=<socket> is required", name);
		ret = -EINVAL;
	}
	if (ret == 0 && !packed && (vu->qsize & (vu->qsize - 1))) {
		PP_VIRTIO_LOG(ERR, "%s: queue_size=%u: a split ring takes a power of 2",
			      name, vu->qsize);
		ret = -EINVAL;
	}
	if (ret == 0 && packed && vu->pairs > 1) {
		PP_VIRTIO_LOG(ERR, "%s: queues=%u needs the control queue, emulated on a split ring only: drop packed_vq=1",
			      name, vu->pairs);
		ret = -ENOTSUP;
	}
	if (!mrg)
		conf->features_off |= PP_VIRTIO_BIT(PP_VIRTIO_NET_F_MRG_RXBUF);
	if (!packed)
		conf->features_off |= PP_VIRTIO_BIT(PP_VIRTIO_F_RING_PACKED);
	return ret;
}

static int
vu_probe(struct rte_vdev_device *vdev)
{
	const char *name = rte_vdev_device_name(vdev);
	struct pp_virtio_net_conf conf = { 0 };
	struct rte_eth_dev *eth = NULL;
	struct pp_virtio_hw *hw = NULL;
	char rest[512];
	struct vu *vu;
	unsigned int i;
	int ret, fd;

	if (rte_eal_process_type() != RTE_PROC_PRIMARY) {
		PP_VIRTIO_LOG(ERR, "%s: vhost-user ports exist in the primary process only",
			      name);
		return -ENOTSUP;
	}
	vu = calloc(1, sizeof(*vu));
	hw = ppdrv_zalloc(sizeof(*hw));
	if (vu == NULL || hw == NULL) {
		free(vu);
		free(hw);
		return -ENOMEM;
	}
	pthread_mutex_init(&vu->lock, NULL);
	vu->c.fd = -1;
	vu->c.timeout_ms = VU_TIMEOUT_MS;
	vu->lfd = -1;
	for (i = 0; i < VU_MAX_VQS; i++)
		vu->kick[i] = vu->call[i] = -1;
	snprintf(vu->name, sizeof(vu->name), "%s", name);
	vu->hw = hw;
	hw->ops = &vu_ops;
	hw->tp = vu;
	hw->use_va = 1;
	snprintf(hw->name, sizeof(hw->name), "%s", name);

	ret = vu_parse(vu, name, rte_vdev_device_args(vdev), &conf, rest,
		       sizeof(rest));
	if (ret < 0)
		goto fail;
	if (rte_is_zero_ether_addr((struct rte_ether_addr *)vu->cfg.mac))
		rte_eth_random_addr(vu->cfg.mac);
	vu->cfg.max_virtqueue_pairs = vu->pairs;
	conf.devargs = rest;

	/* Before any back-end: it must see every allocation from then on. */
	ret = vu_g_add(vu);
	if (ret < 0)
		goto fail;
	vu->in_g = 1;

	if (vu->server) {
		vu->lfd = pp_vhu_listen(vu->path);
		if (vu->lfd < 0) {
			ret = vu->lfd;
			goto fail;
		}
		vu->lih = rte_intr_instance_alloc(RTE_INTR_INSTANCE_F_PRIVATE);
		ret = -ENOMEM;
		if (vu->lih == NULL || rte_intr_fd_set(vu->lih, vu->lfd) != 0 ||
		    rte_intr_type_set(vu->lih, RTE_INTR_HANDLE_EXT) != 0)
			goto fail;
		ret = rte_intr_callback_register(vu->lih, vu_listen_cb, vu);
		if (ret < 0)
			goto fail;
		PP_VIRTIO_LOG(INFO, "%s: listening at %s for a back-end", name,
			      vu->path);
	} else {
		fd = pp_vhu_connect(vu->path, VU_TIMEOUT_MS);
		if (fd < 0) {
			ret = fd;
			PP_VIRTIO_LOG(ERR, "%s: cannot connect to a back-end at %s: %s",
				      name, vu->path, strerror(-ret));
			goto fail;
		}
		rte_mcfg_mem_read_lock();
		pthread_mutex_lock(&vu->lock);
		ret = vu_attach(vu, fd);
		pthread_mutex_unlock(&vu->lock);
		rte_mcfg_mem_read_unlock();
		if (ret < 0)
			goto fail;
	}

	eth = rte_eth_vdev_allocate(vdev, sizeof(struct pp_virtio_hw *));
	if (eth == NULL) {
		ret = -ENOMEM;
		goto fail;
	}
	*(struct pp_virtio_hw **)eth->data->dev_private = hw;
	hw->eth_dev = eth;
	ret = pp_virtio_net_init(eth, hw, &conf);
	if (ret < 0) {
		PP_VIRTIO_LOG(ERR, "%s: device init failed: %s", name,
			      strerror(-ret));
		goto fail;
	}
	rte_eth_dev_probing_finish(eth);
	return 0;
fail:
	if (eth != NULL)
		rte_eth_dev_release_port(eth);
	vu_destroy(vu);
	free(hw);
	return ret;
}

/*
 * rte_eth_dev_close() (dev_close) releases the port but knows nothing of
 * the transport: the socket and hw live until the vdev goes (rte_dev_remove
 * or EAL cleanup), found by name among the ports of the memory watch.
 */
static int
vu_remove(struct rte_vdev_device *vdev)
{
	const char *name = rte_vdev_device_name(vdev);
	struct pp_virtio_hw *hw = NULL;
	struct rte_eth_dev *eth;
	unsigned int i;
	int ret = 0;

	eth = rte_eth_dev_allocated(name);
	if (eth != NULL) {
		hw = pp_virtio_hw_of(eth);
		pp_virtio_net_uninit(eth);
		ret = rte_eth_dev_release_port(eth);
	}
	pthread_mutex_lock(&vu_g.lock);
	for (i = 0; hw == NULL && i < vu_g.nports; i++)
		if (strcmp(vu_g.ports[i]->name, name) == 0)
			hw = vu_g.ports[i]->hw;
	pthread_mutex_unlock(&vu_g.lock);
	if (hw != NULL) {
		vu_close(hw);
		free(hw);
	}
	return ret;
}

static struct rte_vdev_driver vu_driver = {
	.probe = vu_probe,
	.remove = vu_remove,
	.drv_flags = RTE_VDEV_DRV_NEED_IOVA_AS_VA,
};

RTE_PMD_REGISTER_VDEV(net_pp_virtio_user, vu_driver);
RTE_PMD_REGISTER_PARAM_STRING(net_pp_virtio_user,
	VU_ARG_PATH "=<socket> "
	VU_ARG_QUEUES "=1..8 "
	VU_ARG_QUEUE_SIZE "=<int> "
	VU_ARG_SERVER "=0|1 "
	VU_ARG_MRG_RXBUF "=0|1 "
	VU_ARG_PACKED_VQ "=0|1 "
	VU_ARG_MAC "=<mac> "
	PPDRV_DEVARGS_HELP);
