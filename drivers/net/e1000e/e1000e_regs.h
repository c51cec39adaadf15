/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The pagepool authors
 */
#ifndef E1000E_REGS_H
#define E1000E_REGS_H

/*
 * Intel 82574 GbE Controller: the registers, bits and descriptor layouts
 * this driver uses, and nothing else. Hand-written from the "Intel 82574
 * GbE Controller Family Datasheet" (rev. 3.4). [DS 7.1 Title] cites the
 * subsection called Title in section 7.1 (titles outlive renumbering
 * across revisions); register descriptions are in chapter 10 and are
 * cited by register name, e.g. [DS 10 RCTL].
 *
 * Register access: 32-bit little-endian MMIO in BAR0 (128 KiB). Accessors
 * over rte_read32/rte_write32 are at the end of this file.
 */

#include <stdint.h>

#include <rte_bitops.h>
#include <rte_io.h>

/* ---- general [DS 10 General registers] ---- */
#define E1000E_CTRL		0x00000	/* Device Control */
#define   E1000E_CTRL_GIO_MASTER_DIS	RTE_BIT32(2)	/* block new master requests */
#define   E1000E_CTRL_SLU		RTE_BIT32(6)	/* set link up */
#define   E1000E_CTRL_FRCSPD		RTE_BIT32(11)	/* force speed */
#define   E1000E_CTRL_FRCDPX		RTE_BIT32(12)	/* force duplex */
#define   E1000E_CTRL_RST		RTE_BIT32(26)	/* software reset, self-clearing */
#define   E1000E_CTRL_VME		RTE_BIT32(30)	/* VLAN mode: strip on RX, VLE on TX */
#define E1000E_STATUS		0x00008	/* Device Status */
#define   E1000E_STATUS_FD		RTE_BIT32(0)
#define   E1000E_STATUS_LU		RTE_BIT32(1)	/* link up */
#define   E1000E_STATUS_SPEED_SHIFT	6		/* 00 10, 01 100, 1x 1000 Mb/s */
#define   E1000E_STATUS_SPEED_MASK	(3u << E1000E_STATUS_SPEED_SHIFT)
#define   E1000E_STATUS_GIO_MASTER_EN	RTE_BIT32(19)	/* master requests pending */
#define E1000E_EECD		0x00010	/* EEPROM/Flash Control */
#define   E1000E_EECD_AUTO_RD		RTE_BIT32(9)	/* NVM auto-read done */
#define E1000E_EERD		0x00014	/* EEPROM Read [DS 10 EERD] */
#define   E1000E_EERD_START		RTE_BIT32(0)
#define   E1000E_EERD_DONE		RTE_BIT32(1)
#define   E1000E_EERD_ADDR_SHIFT	2
#define   E1000E_EERD_DATA_SHIFT	16
#define E1000E_CTRL_EXT		0x00018	/* Extended Device Control */
#define   E1000E_CTRL_EXT_DRV_LOAD	RTE_BIT32(28)	/* driver loaded (to firmware) */
#define E1000E_VET		0x00038	/* VLAN Ether Type */

/* ---- interrupts [DS 7 Interrupts; DS 10 ICR, IMS, IMC, IVAR] ---- */
#define E1000E_ICR		0x000C0	/* Interrupt Cause Read */
#define   E1000E_ICR_LSC		RTE_BIT32(2)	/* link status change */
#define   E1000E_ICR_OTHER		RTE_BIT32(24)	/* MSI-X: an "other" cause */
#define E1000E_ITR		0x000C4	/* Interrupt Throttling */
#define E1000E_IMS		0x000D0	/* Interrupt Mask Set */
#define E1000E_IMC		0x000D8	/* Interrupt Mask Clear */
#define E1000E_IVAR		0x000E4	/* MSI-X vector allocation */
#define   E1000E_IVAR_VALID		0x8u		/* per 4-bit entry */
#define   E1000E_IVAR_OTHER_SHIFT	16

/* ---- receive [DS 7.1 Receive; DS 10 RCTL, RXCSUM, RFCTL, ...] ---- */
#define E1000E_RCTL		0x00100	/* Receive Control */
#define   E1000E_RCTL_EN		RTE_BIT32(1)
#define   E1000E_RCTL_UPE		RTE_BIT32(3)	/* unicast promiscuous */
#define   E1000E_RCTL_MPE		RTE_BIT32(4)	/* multicast promiscuous */
#define   E1000E_RCTL_LPE		RTE_BIT32(5)	/* long packets (> 1522) */
#define   E1000E_RCTL_RDMTS_HALF	(0u << 8)	/* min. threshold 1/2 ring */
#define   E1000E_RCTL_BAM		RTE_BIT32(15)	/* accept broadcast */
#define   E1000E_RCTL_BSIZE_2048	(0u << 16)	/* with BSEX = 0 */
#define   E1000E_RCTL_SECRC		RTE_BIT32(26)	/* strip Ethernet CRC */
#define E1000E_RXCSUM		0x05000	/* Receive Checksum Control */
#define   E1000E_RXCSUM_IPOFLD		RTE_BIT32(8)	/* IPv4 checksum */
#define   E1000E_RXCSUM_TUOFLD		RTE_BIT32(9)	/* TCP/UDP checksum */
#define   E1000E_RXCSUM_PCSD		RTE_BIT32(13)	/* RSS hash in place of csum */
#define E1000E_RFCTL		0x05008	/* Receive Filter Control */
#define   E1000E_RFCTL_EXTEN		RTE_BIT32(15)	/* extended RX descriptors */
#define E1000E_MTA(i)		(0x05200 + 4 * (i))	/* multicast table, 128 */
#define E1000E_MTA_NUM		128
#define E1000E_RAL(i)		(0x05400 + 8 * (i))	/* receive address low, 16 */
#define E1000E_RAH(i)		(0x05404 + 8 * (i))
#define   E1000E_RAH_AV			RTE_BIT32(31)	/* address valid */
#define E1000E_RAR_NUM		16
#define E1000E_VFTA(i)		(0x05600 + 4 * (i))	/* VLAN filter table, 128 */
#define E1000E_MRQC		0x05818	/* Multiple Receive Queues Command [DS 7.1 Receive-Side Scaling] */
#define   E1000E_MRQC_RSS		0x1u		/* bits 1:0 = 01b: RSS */
#define   E1000E_MRQC_TCPIPV4		RTE_BIT32(16)
#define   E1000E_MRQC_IPV4		RTE_BIT32(17)
#define   E1000E_MRQC_TCPIPV6		RTE_BIT32(18)
#define   E1000E_MRQC_IPV6EX		RTE_BIT32(19)
#define   E1000E_MRQC_IPV6		RTE_BIT32(20)
#define E1000E_RETA(i)		(0x05C00 + 4 * (i))	/* 32 regs, 128 one-byte entries */
#define   E1000E_RETA_ENTRIES		128
#define   E1000E_RETA_QUEUE_BIT		0x80u		/* bit 7 of an entry: queue 1 */
#define E1000E_RSSRK(i)		(0x05C80 + 4 * (i))	/* 40-byte hash key */
#define   E1000E_RSS_KEY_LEN		40

/* per RX queue q (0..1), 0x100 apart [DS 10 RDBAL, RDLEN, RDH, RDT, RXDCTL] */
#define E1000E_RDBAL(q)		(0x02800 + 0x100 * (q))
#define E1000E_RDBAH(q)		(0x02804 + 0x100 * (q))
#define E1000E_RDLEN(q)		(0x02808 + 0x100 * (q))	/* bytes, 128-aligned */
#define E1000E_RDH(q)		(0x02810 + 0x100 * (q))
#define E1000E_RDT(q)		(0x02818 + 0x100 * (q))
#define E1000E_RXDCTL(q)	(0x02828 + 0x100 * (q))
#define   E1000E_RXDCTL_GRAN		RTE_BIT32(24)	/* thresholds in descriptors */
#define E1000E_RDTR		0x02820	/* RX interrupt delay */
#define   E1000E_RDTR_FPD		RTE_BIT32(31)	/* flush partial descriptor
							 * block, self-clearing */
#define E1000E_RADV		0x0282C	/* RX absolute interrupt delay */

/* ---- transmit [DS 7.2 Transmit; DS 10 TCTL, TIPG, TARC, ...] ---- */
#define E1000E_TCTL		0x00400	/* Transmit Control */
#define   E1000E_TCTL_EN		RTE_BIT32(1)
#define   E1000E_TCTL_PSP		RTE_BIT32(3)	/* pad short packets */
#define   E1000E_TCTL_CT(x)		((uint32_t)(x) << 4)	/* collision threshold */
#define   E1000E_TCTL_COLD(x)		((uint32_t)(x) << 12)	/* collision distance */
#define   E1000E_TCTL_RTLC		RTE_BIT32(24)	/* retransmit on late collision */
#define E1000E_TIPG		0x00410	/* Transmit IPG */
#define   E1000E_TIPG_DEFAULT		0x00602008u	/* IPGT 8, IPGR1 8, IPGR2 6 */
/* per TX queue q (0..1), 0x100 apart */
#define E1000E_TDBAL(q)		(0x03800 + 0x100 * (q))
#define E1000E_TDBAH(q)		(0x03804 + 0x100 * (q))
#define E1000E_TDLEN(q)		(0x03808 + 0x100 * (q))
#define E1000E_TDH(q)		(0x03810 + 0x100 * (q))
#define E1000E_TDT(q)		(0x03818 + 0x100 * (q))
#define E1000E_TXDCTL(q)	(0x03828 + 0x100 * (q))
#define   E1000E_TXDCTL_GRAN		RTE_BIT32(24)
#define E1000E_TARC(q)		(0x03840 + 0x100 * (q))	/* TX arbitration count */
#define   E1000E_TARC_ENABLE		RTE_BIT32(10)	/* queue enable */
#define E1000E_TIDV		0x03820	/* TX interrupt delay */
#define E1000E_TADV		0x0382C	/* TX absolute interrupt delay */

/* ---- statistics, all clear-on-read [DS 10 Statistics registers] ---- */
#define E1000E_CRCERRS		0x04000
#define E1000E_ALGNERRC		0x04004
#define E1000E_SYMERRS		0x04008
#define E1000E_RXERRC		0x0400C
#define E1000E_MPC		0x04010	/* missed: RX FIFO full */
#define E1000E_RLEC		0x04040	/* length errors */
#define E1000E_GPRC		0x04074	/* good packets received */
#define E1000E_BPRC		0x04078
#define E1000E_MPRC		0x0407C
#define E1000E_GPTC		0x04080	/* good packets sent */
#define E1000E_GORCL		0x04088	/* good octets received, read L then H */
#define E1000E_GORCH		0x0408C
#define E1000E_GOTCL		0x04090
#define E1000E_GOTCH		0x04094
#define E1000E_RNBC		0x040A0	/* no RX descriptor free */
#define E1000E_RUC		0x040A4
#define E1000E_RFC		0x040A8
#define E1000E_ROC		0x040AC
#define E1000E_RJC		0x040B0
#define E1000E_TPR		0x040D0
#define E1000E_TPT		0x040D4
#define E1000E_MPTC		0x040F0
#define E1000E_BPTC		0x040F4

/*
 * Extended RX descriptor [DS 7.1 Extended Rx Descriptor], 16 bytes.
 * Read: buffer address, then a qword the driver zeroes (DD lives there).
 * Write-back: MRQ/RSS info, RSS hash or IP id + checksum, then extended
 * status/errors, length and VLAN tag.
 */
union e1000e_rx_desc {
	struct {
		uint64_t buffer_addr;
		uint64_t reserved;
	} read;
	struct {
		uint32_t mrq;		/* RSS type 3:0, queue 12:8 */
		uint32_t rss;		/* RSS hash, or ip_id | csum << 16 */
		uint32_t status_error;	/* status 19:0, errors 31:20 */
		uint16_t length;
		uint16_t vlan;
	} wb;
};

/* wb.mrq: RSS type 3:0 (0: not hashed) */
#define E1000E_RXD_MRQ_RSSTYPE_MASK	0xFu

/* extended status (low) and error (high) bits of wb.status_error */
#define E1000E_RXD_STAT_DD		RTE_BIT32(0)	/* descriptor done */
#define E1000E_RXD_STAT_EOP		RTE_BIT32(1)	/* end of packet */
#define E1000E_RXD_STAT_VP		RTE_BIT32(3)	/* VLAN tag stripped */
#define E1000E_RXD_STAT_UDPCS		RTE_BIT32(4)	/* UDP csum checked */
#define E1000E_RXD_STAT_TCPCS		RTE_BIT32(5)	/* TCP/UDP csum checked */
#define E1000E_RXD_STAT_IPCS		RTE_BIT32(6)	/* IPv4 csum checked */
#define E1000E_RXD_PKTTYPE_SHIFT	16		/* bits 19:16 */
#define E1000E_RXD_PKTTYPE_MASK		(0xFu << E1000E_RXD_PKTTYPE_SHIFT)
#define   E1000E_RXD_PKTTYPE_IP4	1u
#define   E1000E_RXD_PKTTYPE_IP4_L4	2u	/* IPv4 + TCP or UDP */
#define   E1000E_RXD_PKTTYPE_IP6	5u
#define   E1000E_RXD_PKTTYPE_IP6_L4	6u
#define E1000E_RXD_ERR_CE		RTE_BIT32(24)	/* CRC/alignment error */
#define E1000E_RXD_ERR_SE		RTE_BIT32(25)	/* symbol error */
#define E1000E_RXD_ERR_SEQ		RTE_BIT32(26)	/* sequence error */
#define E1000E_RXD_ERR_CXE		RTE_BIT32(28)	/* carrier extension error */
#define E1000E_RXD_ERR_TCPE		RTE_BIT32(29)	/* TCP/UDP checksum bad */
#define E1000E_RXD_ERR_IPE		RTE_BIT32(30)	/* IPv4 checksum bad */
#define E1000E_RXD_ERR_RXE		RTE_BIT32(31)	/* RX data error */
/* errors that make the frame itself bad: drop it */
#define E1000E_RXD_ERR_FRAME (E1000E_RXD_ERR_CE | E1000E_RXD_ERR_SE | \
			      E1000E_RXD_ERR_SEQ | E1000E_RXD_ERR_CXE | \
			      E1000E_RXD_ERR_RXE)

/*
 * TX descriptors, 16 bytes [DS 7.2 TCP/IP Context Descriptor,
 * TCP/IP Data Descriptor]. The driver uses extended data descriptors for every
 * buffer and a context descriptor ahead of a packet whose checksum
 * offload settings differ from the last ones written.
 */
struct e1000e_tx_desc {
	uint64_t buffer_addr;
	uint32_t lower;		/* data: length 19:0, DTYP 23:20, DCMD 31:24 */
	uint32_t upper;		/* data: STA 3:0, POPTS 15:8, VLAN 31:16 */
};

struct e1000e_tx_ctx_desc {
	uint32_t ip_setup;	/* IPCSS 7:0, IPCSO 15:8, IPCSE 31:16 */
	uint32_t tu_setup;	/* TUCSS 7:0, TUCSO 15:8, TUCSE 31:16 */
	uint32_t cmd_and_length; /* PAYLEN 19:0, DTYP 23:20 = 0, TUCMD 31:24 */
	uint32_t tcp_seg_setup;	/* STA 3:0, HDRLEN 15:8, MSS 31:16 */
};

#define E1000E_TXD_DTYP_D		RTE_BIT32(20)	/* data descriptor */
#define E1000E_TXD_CMD_EOP		RTE_BIT32(24)	/* end of packet */
#define E1000E_TXD_CMD_IFCS		RTE_BIT32(25)	/* insert FCS */
#define E1000E_TXD_CMD_RS		RTE_BIT32(27)	/* report status (DD) */
#define E1000E_TXD_CMD_DEXT		RTE_BIT32(29)	/* extended descriptor */
#define E1000E_TXD_CMD_VLE		RTE_BIT32(30)	/* insert VLAN tag */
#define E1000E_TXD_STAT_DD		RTE_BIT32(0)	/* in .upper */
#define E1000E_TXD_POPTS_IXSM		RTE_BIT32(8)	/* insert IP checksum */
#define E1000E_TXD_POPTS_TXSM		RTE_BIT32(9)	/* insert TCP/UDP checksum */
#define E1000E_TXD_VLAN_SHIFT		16
#define E1000E_TXC_TUCMD_TCP		RTE_BIT32(24)	/* context: L4 is TCP */
#define E1000E_TXC_TUCMD_IP		RTE_BIT32(25)	/* context: L3 is IPv4 */

/* ---- limits ---- */
#define E1000E_NB_QUEUES	2	/* RX and TX queues [DS 7.1 Receive-Side Scaling] */
#define E1000E_RING_ALIGN	8	/* descriptors: RDLEN/TDLEN 128-byte units */
#define E1000E_RING_MIN		32
#define E1000E_RING_MAX		4096
#define E1000E_MAX_FRAME	9018	/* 9 KB jumbo [DS 1 Features] */
#define E1000E_RX_BUF_SIZE	2048	/* RCTL.BSIZE used by this driver */
#define E1000E_TX_MAX_SEG	32	/* buffers per packet accepted */

/* ---- register access ---- */
static inline uint32_t
e1000e_read(const volatile void *hw, uint32_t reg)
{
	return rte_read32((const volatile uint8_t *)hw + reg);
}

static inline void
e1000e_write(volatile void *hw, uint32_t reg, uint32_t val)
{
	rte_write32(val, (volatile uint8_t *)hw + reg);
}

/**
 * A device that is gone (surprise removal, or dead on the bus) completes
 * every read with all-ones. STATUS has reserved bits that read 0, so
 * all-ones there is never a real value.
 */
static inline int
e1000e_gone(const volatile void *hw)
{
	return e1000e_read(hw, E1000E_STATUS) == UINT32_MAX;
}

/** Posted writes reach the device before the next step: read STATUS. */
static inline void
e1000e_flush(volatile void *hw)
{
	(void)e1000e_read(hw, E1000E_STATUS);
}

#endif /* E1000E_REGS_H */
