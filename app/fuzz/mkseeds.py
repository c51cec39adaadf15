#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Write the seed corpora of app/fuzz/corpus/ (run from anywhere).

Each seed is a small, readable case in the harness's input format (see the
comment at the top of each fuzz_*.c); the fuzzer grows its own corpus from
them. Crash inputs found later are added to the corpus as they are, as
files this script does not write (e1000e_rx/chain_across_wrap,
virtio_tx/lie_reposted).
"""
import os
import struct

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus")


def put(harness, name, data):
    d = os.path.join(HERE, harness)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


# ---- devargs: the string itself
for name, s in {
    "empty": "",
    "pool_bufs": "pool_bufs=4096",
    "rx_frags": "rx_frags=1",
    "both": "pool_bufs=560,rx_frags=0",
    "hex": "pool_bufs=0x200",
    "repeat": "pool_bufs=1,pool_bufs=2",
    "unknown_key": "pool_buf=1",
    "list": "pool_bufs=[1,2]",
    # what the first runs found in the old parser (fixed since)
    "crash_key_only": "pool_bufs",
    "crash_frags256": "rx_frags=256",
    "crash_half_good": "pool_bufs=5,rx_frags=7",
    "crash_negative": "pool_bufs=-18446744073709551615",
    "crash_bad_value": "pool_bufs=$097",
}.items():
    put("devargs", name, s.encode())

# ---- e1000e_rx: config, rx_free_thresh and MTU bytes, then operations
OP_NIC, OP_BURST, OP_FREE, OP_DRAIN, OP_RESTART, OP_FWD, OP_NIC_TX = \
    0, 4, 6, 7, 8, 9, 10
EOP, RAWLEN, ERR, STATUS, VLAN, RSS, NODD = 1, 2, 4, 8, 16, 32, 64
RAW = 0x80


def nic(ctl, length, err=None, status=None, mrq=None, rss=None, vlan=None):
    """One write-back; length 1..2048 unless RAWLEN (then as is)."""
    b = bytes([OP_NIC, ctl]) + struct.pack("<H", length if ctl & RAWLEN
                                            else length - 1)
    if ctl & ERR:
        b += bytes([err])
    if ctl & STATUS:
        b += struct.pack("<I", status)
    if ctl & RSS:
        b += struct.pack("<II", mrq, rss)
    if ctl & VLAN:
        b += struct.pack("<H", vlan)
    return b


def burst(n, raw=False):
    return bytes([OP_BURST, n | (RAW if raw else 0)])


def free(n=255):
    return bytes([OP_FREE, n])


def cfg(frags=0, csum=0, rss=0, ring=0, pool=0, thresh=0, mtu=1, rs=0,
        txfree=0):
    """mtu: 0 1500, 1 9000, 2 4000, 3 68; rs: tx_rs_thresh 0-7 (0 the
    driver's); txfree: tx_free_thresh / 8, 0-7"""
    return bytes([frags | csum << 1 | rss << 2 | ring << 3 | pool << 5, thresh,
                  mtu | rs << 2 | txfree << 5])


put("e1000e_rx", "one_frame", cfg(mtu=0) + nic(EOP, 60) + burst(4) + free())
put("e1000e_rx", "bad_length", cfg() + nic(EOP | RAWLEN, 0xFFFF) + burst(4) +
    nic(EOP | RAWLEN, 2049) + nic(EOP | RAWLEN, 0) + burst(4, raw=True) + free())
put("e1000e_rx", "no_eop", cfg() + b"".join(nic(0, 2048) for _ in range(40)) +
    burst(4) + nic(EOP, 60) + burst(4) + free())
put("e1000e_rx", "chain", cfg() + nic(0, 2048) + nic(0, 2048) +
    nic(EOP, 904) + burst(4) + free())
put("e1000e_rx", "raw", cfg() + nic(EOP, 70) + nic(0, 2048) + nic(EOP, 100) +
    nic(EOP, 64) + burst(8, raw=True) + free())
put("e1000e_rx", "errors", cfg() + nic(EOP | ERR, 100, err=0x01) +
    nic(0, 2048) + nic(EOP | ERR, 10, err=0x80) + nic(EOP | ERR, 64, err=0x60) +
    burst(8) + free())
put("e1000e_rx", "offloads", cfg(frags=1, csum=1, rss=1, ring=1) +
    nic(EOP | STATUS | VLAN | RSS, 128, status=0x20068, mrq=1,
        rss=0x12345678, vlan=42) + burst(4) + free())
put("e1000e_rx", "nombuf", cfg(pool=4) + bytes([OP_DRAIN, 0x7F]) +
    b"".join(nic(EOP, 60) for _ in range(4)) + burst(2) + burst(2) +
    free() + bytes([OP_DRAIN, 0xFF]) + burst(4) + free())
put("e1000e_rx", "restart", cfg(ring=2) + nic(0, 2048) + burst(4) +
    bytes([OP_RESTART]) + nic(EOP, 60) + burst(4) + free())
put("e1000e_rx", "no_dd", cfg() + nic(NODD | EOP, 60) + burst(4) +
    nic(EOP, 60) + burst(4) + free())
put("e1000e_rx", "hold", cfg(frags=1) +
    b"".join(nic(EOP, 60) + burst(1) for _ in range(40)) + free(20) +
    b"".join(nic(EOP, 1514) + burst(1, raw=True) for _ in range(40)))

put("e1000e_rx", "forward", cfg(rs=1) + nic(0, 2048) + nic(EOP, 100) +
    nic(EOP, 60) + burst(4) + bytes([OP_FWD, 2, OP_NIC_TX, 8]) +
    bytes([OP_FWD, 1]) + free())
put("e1000e_rx", "forward_raw", cfg(frags=1, rs=2, txfree=1) +
    b"".join(nic(EOP, 60) for _ in range(8)) + burst(8, raw=True) +
    bytes([OP_FWD, 8, OP_NIC_TX, 3, OP_RESTART, OP_NIC_TX, 255, OP_FWD, 0]) +
    free())

# ---- telemetry: operations; a string is a length byte and its bytes
T_CREATE, T_DESTROY, T_LIST, T_STATS, T_STATS_LIVE = 0, 1, 2, 3, 5


def tstr(s):
    return bytes([len(s)]) + s


put("telemetry", "list_stats", bytes([T_CREATE]) + tstr(b"fz0") +
    bytes([T_LIST]) + tstr(b"") + bytes([T_STATS]) + tstr(b"fz0") +
    bytes([T_STATS]) + tstr(b"fz") + bytes([T_STATS]) + tstr(b"fz00"))
put("telemetry", "null_params", bytes([T_STATS, 255, T_LIST, 255]))
put("telemetry", "long_names", bytes([T_CREATE]) + tstr(b"n" * 31) +
    bytes([T_CREATE]) + tstr(b"m" * 32) + bytes([T_STATS]) + tstr(b"n" * 31) +
    bytes([T_STATS]) + tstr(b"n" * 200) + bytes([T_STATS_LIVE, 0, 0x85]))
put("telemetry", "destroy", bytes([T_CREATE]) + tstr(b"a") + bytes([T_CREATE]) +
    tstr(b"b") + bytes([T_CREATE]) + tstr(b"a") + bytes([T_DESTROY, 0]) +
    bytes([T_STATS]) + tstr(b"a") + bytes([T_STATS_LIVE, 0, 0x80]))

# ---- virtio_devargs: the string itself
for name, s in {
    "empty": "",
    "speed": "speed=10000",
    "all": "speed=1000,pool_bufs=4096,rx_frags=1",
    "last_speed": "speed=25000,pool_bufs=1,speed=100",
    "empty_tokens": ",,speed=100,,rx_frags=0,",
    "key_only": "speed",
    "no_value": "speed=",
    "not_a_speed": "speed=999",
    "overflow": "speed=99999999999",
    "sign": "speed=+1000",
    "prefix": "speedy=1000",
    "unknown": "speed=100,unknown=1",
    "frags2": "speed=100,rx_frags=2",
    "list": "pool_bufs=[1,speed=100]",
}.items():
    put("virtio_devargs", name, s.encode())

# ---- virtio_rx: two configuration bytes, then operations
V_DEV, V_PUBLISH, V_EVENT, V_BURST, V_FREE, V_DRAIN, V_RESTART = \
    0, 5, 6, 7, 9, 10, 11
V_ANYID, V_ANYLEN, V_HDR, V_CONT, V_HOLD_XOR, V_SKIP = 1, 2, 4, 8, 16, 32
NEEDS_CSUM, DATA_VALID = 1, 2


def vcfg(packed=0, mrg=0, csum=0, frags=0, ring=0, mtu=0, pool=0, evidx=0,
         thresh=0):
    """ring: 64 128 256 100 (split: 64); mtu: 1500 9000 4000 68;
    pool: 0 default, 1 ring + 1, 2 ring + 24"""
    return bytes([packed | mrg << 1 | csum << 2 | frags << 3 | ring << 4 |
                  mtu << 6, pool | evidx << 2 | thresh << 4])


def vrx(length, ctl=0, id_=0, hdr=None, nbuf=1, xor=None, skip=None,
        packed=False):
    """The device reports a chain used. Without V_ANYID id_ picks the
    first chain in flight from id_; without V_ANYLEN the length is taken
    modulo the chain's posted bytes + 1. hdr: (flags, gso, csum_start,
    csum_offset, num_buffers)."""
    ctl |= ((nbuf - 1) & 3) << 6
    if hdr is not None:
        ctl |= V_HDR
    if xor is not None:
        ctl |= V_HOLD_XOR
    if skip is not None:
        ctl |= V_SKIP
    b = bytes([V_DEV, ctl])
    b += struct.pack("<I", id_) if ctl & V_ANYID else bytes([id_])
    b += struct.pack("<I", length) if ctl & V_ANYLEN else \
        struct.pack("<H", length)
    if hdr is not None:
        b += struct.pack("<BBHHH", *hdr)
    if packed and xor is not None:
        b += struct.pack("<H", xor)
    if packed and skip is not None:
        b += bytes([skip])
    return b


def vburst(n, raw=False):
    return bytes([V_BURST, n | (RAW if raw else 0)])


def vfree(n=255):
    return bytes([V_FREE, n])


H = 12  # the virtio-net header
for packed in (0, 1):
    lay = "packed" if packed else "split"
    P = dict(packed=bool(packed))
    put("virtio_rx", f"{lay}_one_frame", vcfg(packed=packed) +
        vrx(H + 60, **P) + vburst(4) + vfree())
    put("virtio_rx", f"{lay}_frames", vcfg(packed=packed, ring=1) +
        b"".join(vrx(H + 60 + 100 * i, id_=i, **P) for i in range(12)) +
        vburst(4) + vburst(32) + vfree())
    put("virtio_rx", f"{lay}_mrg", vcfg(packed=packed, mrg=1, mtu=1) +
        vrx(3900, nbuf=3, **P) + vrx(3900, ctl=V_CONT, id_=1, **P) +
        vburst(4) + vrx(1200, ctl=V_CONT, id_=2, **P) + vburst(4) + vfree())
    put("virtio_rx", f"{lay}_jumbo_chain", vcfg(packed=packed, mtu=1) +
        vrx(H + 9014, **P) + vrx(H + 4000, id_=3, **P) + vburst(4) + vfree())
    put("virtio_rx", f"{lay}_lies", vcfg(packed=packed, mrg=1) +
        vrx(H + 60, ctl=V_ANYID, id_=0xFFFFFFFF, **P) +
        vrx(0xFFFFFFFF, ctl=V_ANYLEN, **P) +
        vrx(0, ctl=V_ANYLEN, id_=1, **P) + vrx(5, ctl=V_ANYLEN, id_=2, **P) +
        vrx(H + 60, id_=3, hdr=(0, 0, 0, 0, 0), **P) +
        vrx(H + 60, id_=4, hdr=(0, 0, 0, 0, 0xFFFF), **P) +
        vrx(H + 60, id_=5, hdr=(0, 4, 0, 0, 2), **P) +
        vrx(H + 60, ctl=V_CONT, id_=6, **P) + vburst(16) +
        vrx(H + 60, id_=7, **P) + vburst(16) + vfree())
    # lengths beyond the chain with no id lie before: checked to the byte
    put("virtio_rx", f"{lay}_len_over", vcfg(packed=packed) +
        vrx(0xFFFFFFFF, ctl=V_ANYLEN, **P) +
        vrx(5000, ctl=V_ANYLEN, id_=1, **P) + vrx(H + 60, id_=2, **P) +
        vburst(8) + vburst(8, raw=True) + vfree())
    put("virtio_rx", f"{lay}_csum", vcfg(packed=packed, csum=1) +
        vrx(H + 60, hdr=(NEEDS_CSUM, 0, 34, 16, 1), **P) +
        vrx(H + 60, id_=1, hdr=(NEEDS_CSUM, 0, 50, 16, 1), **P) +
        vrx(H + 60, id_=2, hdr=(DATA_VALID, 0, 0, 0, 1), **P) +
        vrx(H + 60, id_=3, hdr=(NEEDS_CSUM, 0, 34, 16, 1), **P) +
        vburst(2) + vburst(2, raw=True) + vfree())
    put("virtio_rx", f"{lay}_no_csum", vcfg(packed=packed) +
        vrx(H + 60, hdr=(NEEDS_CSUM | DATA_VALID, 0, 34, 16, 1), **P) +
        vrx(H + 60, id_=1, hdr=(NEEDS_CSUM, 0, 34, 16, 1), **P) +
        vburst(1) + vburst(1, raw=True) + vfree())
    put("virtio_rx", f"{lay}_raw", vcfg(packed=packed, frags=1, mrg=1, mtu=1) +
        vrx(H + 60, **P) + vrx(H + 3000, id_=1, nbuf=2, **P) +
        vrx(H + 100, id_=2, ctl=V_CONT, **P) + vrx(H + 1500, id_=3, **P) +
        vburst(8, raw=True) + vfree())
    put("virtio_rx", f"{lay}_restart", vcfg(packed=packed, mrg=1, mtu=1) +
        vrx(3900, nbuf=3, **P) + vburst(4) + bytes([V_RESTART, 0]) +
        vrx(H + 60, **P) + vburst(4) + bytes([V_RESTART, 2]) + vburst(4) +
        bytes([V_RESTART, 0]) + vrx(H + 60, **P) + vburst(4) +
        bytes([V_RESTART, 1]) + vrx(H + 60, **P) + vburst(4) + vfree())
    put("virtio_rx", f"{lay}_dry", vcfg(packed=packed, pool=1) +
        bytes([V_DRAIN, 0x7F]) + b"".join(vrx(H + 60, id_=i, **P)
                                          for i in range(4)) +
        vburst(2) + vburst(2) + vfree() + bytes([V_DRAIN, 0xFF]) +
        vburst(4) + vfree())
    put("virtio_rx", f"{lay}_hold", vcfg(packed=packed, ring=2, frags=1) +
        b"".join(vrx(H + 60, id_=i, **P) + vburst(1) for i in range(200)) +
        vfree(20) + b"".join(vrx(H + 60, id_=i, **P) + vburst(1)
                             for i in range(20)))
    put("virtio_rx", f"{lay}_events", vcfg(packed=packed, evidx=1) +
        bytes([V_EVENT, 2, 0, 3, 0x80]) + vrx(H + 60, **P) + vburst(1) +
        bytes([V_EVENT, 1, 0, 0, 0]) + vrx(H + 60, id_=1, **P) + vburst(1) +
        vfree())
put("virtio_rx", "split_publish", vcfg(ring=1) +
    vrx(H + 60, ctl=V_HOLD_XOR) + vrx(H + 60, id_=1, ctl=V_HOLD_XOR) +
    vburst(4) + bytes([V_PUBLISH, 0]) + vburst(4) +
    bytes([V_PUBLISH, 1, 0, 0x80]) + vburst(64) + vburst(64) +
    bytes([V_PUBLISH, 0x80 | 6]) + vrx(H + 60, id_=5) + vburst(8) + vfree())
put("virtio_rx", "packed_flags", vcfg(packed=1, ring=3) +
    b"".join(vrx(H + 60, id_=i, packed=True) + vburst(2)
             for i in range(110)) +
    vrx(H + 60, id_=2, skip=0, packed=True) +
    vrx(H + 60, id_=3, skip=3, packed=True) + vburst(8) +
    vrx(H + 60, id_=1, xor=0x0080, packed=True) +
    vrx(H + 60, xor=0x8080, packed=True) + vburst(8) + vfree())

# ---- vhost_user: configuration, one byte per call, the back-end's stream
VHU_ACK, VHU_FD = 1, 2
(GET_FEATURES, SET_FEATURES, SET_OWNER, SET_MEM_TABLE, SET_VRING_NUM,
 SET_VRING_ADDR, GET_VRING_BASE, SET_VRING_KICK, GET_PROTOCOL_FEATURES,
 GET_QUEUE_NUM, SET_STATUS) = 1, 2, 3, 5, 8, 9, 11, 12, 15, 17, 39
# calls: kind in bits 0-2, variant in 3-4, ring index in 5-6
C_GET_FEATURES, C_GET_PF, C_GET_QN = 0x00, 0x08, 0x10
C_VRING_BASE1 = 0x01 | 1 << 5
C_SET_FEATURES, C_SET_STATUS, C_OWNER = 0x02, 0x12, 0x03
C_VRING_NUM, C_VRING_ADDR, C_KICK_FD, C_MEM2 = 0x04, 0x05, 0x1E, 0x0F


def vhu(flags, calls, stream):
    return bytes([flags | len(calls) << 4]) + bytes(calls) + stream


def reply(req, payload, flags=1 | 4, size=None):
    return struct.pack("<III", req, flags,
                       len(payload) if size is None else size) + payload


def u64(v):
    return struct.pack("<Q", v)


HELLO = [C_GET_FEATURES, C_GET_PF, C_GET_QN, C_VRING_BASE1]
HELLO_OK = reply(GET_FEATURES, u64(1 << 32 | 1 << 30)) + \
    reply(GET_PROTOCOL_FEATURES, u64(0x10009)) + \
    reply(GET_QUEUE_NUM, u64(1)) + \
    reply(GET_VRING_BASE, struct.pack("<II", 1, 7))
put("vhost_user", "hello", vhu(0, HELLO, HELLO_OK))
put("vhost_user", "hello_fd", vhu(VHU_FD, HELLO, HELLO_OK))
SETS = [C_OWNER, C_MEM2, C_VRING_NUM, C_VRING_ADDR, C_KICK_FD, C_SET_STATUS,
        C_SET_FEATURES]
SET_REQS = [SET_OWNER, SET_MEM_TABLE, SET_VRING_NUM, SET_VRING_ADDR,
            SET_VRING_KICK, SET_STATUS, SET_FEATURES]
put("vhost_user", "ack", vhu(VHU_ACK, SETS,
                             b"".join(reply(r, u64(0)) for r in SET_REQS)))
put("vhost_user", "nack", vhu(VHU_ACK, SETS,
                              b"".join(reply(r, u64(1)) for r in SET_REQS)))
put("vhost_user", "no_ack", vhu(0, SETS, b""))
put("vhost_user", "short", vhu(0, [C_GET_FEATURES, C_GET_FEATURES],
                               reply(GET_FEATURES, u64(1 << 32)[:4]) +
                               reply(GET_FEATURES, u64(1 << 32))))
put("vhost_user", "long", vhu(0, [C_GET_FEATURES, C_GET_FEATURES],
                              reply(GET_FEATURES, u64(1) * 2) +
                              reply(GET_FEATURES, u64(1 << 32))))
put("vhost_user", "size_lies", vhu(0, [C_GET_FEATURES] * 2,
                                   reply(GET_FEATURES, u64(1), size=0xFFFFFFFF) +
                                   reply(GET_FEATURES, u64(1), size=16)))
put("vhost_user", "truncated", vhu(0, [C_GET_FEATURES, C_GET_PF],
                                   reply(GET_FEATURES, u64(1))[:6]))
put("vhost_user", "cut_payload", vhu(0, [C_GET_FEATURES, C_GET_PF],
                                     reply(GET_FEATURES, u64(1))[:16]))
put("vhost_user", "wrong_req", vhu(0, [C_GET_FEATURES, C_GET_PF],
                                   reply(GET_PROTOCOL_FEATURES, u64(1)) +
                                   reply(GET_PROTOCOL_FEATURES, u64(1))))
put("vhost_user", "bad_flags", vhu(0, [C_GET_FEATURES] * 3,
                                   reply(GET_FEATURES, u64(1), flags=1) +
                                   reply(GET_FEATURES, u64(1), flags=2 | 4) +
                                   reply(GET_FEATURES, u64(1), flags=0xFFFFFFFD)))
put("vhost_user", "chatty", vhu(VHU_ACK, [C_SET_FEATURES, C_GET_FEATURES],
                                reply(SET_FEATURES, u64(0), flags=1) +
                                reply(SET_FEATURES, u64(0)) +
                                reply(GET_FEATURES, u64(1 << 32))))
put("vhost_user", "bad_index", vhu(0, [C_VRING_BASE1, C_VRING_BASE1],
                                   reply(GET_VRING_BASE,
                                         struct.pack("<II", 2, 7)) +
                                   reply(GET_VRING_BASE,
                                         struct.pack("<II", 1, 0))))
put("vhost_user", "silent", vhu(VHU_ACK | VHU_FD, HELLO + SETS, b""))

# ---- virtio_tx: one configuration byte, then operations
T_SEND, T_RAW, T_POP, T_USED, T_PUBLISH, T_FREE, T_RESTART, T_RECLAIM = \
    0, 3, 4, 6, 8, 9, 10, 11
T_ANYID, T_ANYLEN, T_HOLD_XOR, T_SKIP = 1, 2, 4, 8
P_SEGS2, P_SEGS4, P_SEGS33, P_NOROOM, P_SHARED = 1, 2, 3, 4, 8


def tcfg(packed=0, evidx=0, ring=0):
    """ring: 64 128 256 100 (split: 64)"""
    return bytes([packed | evidx << 1 | ring << 2])


def tpkt(ctl, lens, extra=None):
    """One packet: ctl (segments, no room, shared), segment lengths in
    units of 8 bytes; extra: segments beyond 33 for P_SEGS33."""
    b = bytes([ctl])
    if ctl & 3 == P_SEGS33:
        b += bytes([extra])
    return b + bytes(lens)


def tsend(*pkts):
    return bytes([T_SEND, len(pkts) - 1]) + b"".join(pkts)


def tused(n=1, id_=None, length=None, xor=None, skip=None, packed=False):
    ctl = (n - 1) << 4
    b = b""
    if id_ is not None:
        ctl |= T_ANYID
        b += struct.pack("<H", id_)
    if length is not None:
        ctl |= T_ANYLEN
        b += struct.pack("<I", length)
    if xor is not None:
        ctl |= T_HOLD_XOR
        b += struct.pack("<H", xor) if packed else b""
    if skip is not None:
        ctl |= T_SKIP
        b += bytes([skip]) if packed else b""
    return bytes([T_USED, ctl]) + b


def top(op, arg):
    return bytes([op, arg])


for packed in (0, 1):
    lay = "packed" if packed else "split"
    put("virtio_tx", f"{lay}_one", tcfg(packed) + tsend(tpkt(0, [8])) +
        top(T_POP, 8) + tused() + bytes([T_RECLAIM]) + top(T_FREE, 255))
    put("virtio_tx", f"{lay}_chained", tcfg(packed, ring=1) +
        tsend(tpkt(P_SEGS2, [100, 50]), tpkt(P_SEGS4, [10, 0, 200, 1]),
              tpkt(P_SEGS33, [1] * 33, extra=0)) +
        top(T_POP, 8) + tused(n=3) + bytes([T_RECLAIM]) + top(T_FREE, 255))
    put("virtio_tx", f"{lay}_hdr_slot", tcfg(packed) +
        tsend(tpkt(P_NOROOM, [8]), tpkt(P_SHARED, [100]),
              tpkt(P_SHARED | P_SEGS2, [20, 20]), tpkt(P_NOROOM, [5])) +
        top(T_POP, 2) + tused(n=2) + bytes([T_RECLAIM]) + top(T_FREE, 1) +
        top(T_POP, 8) + tused(n=2) + bytes([T_RECLAIM]) + top(T_FREE, 255))
    put("virtio_tx", f"{lay}_too_many_segs", tcfg(packed) +
        tsend(tpkt(P_SEGS33, [1] * 66, extra=33),
              tpkt(P_SEGS33 | P_SHARED, [2] * 65, extra=32),
              tpkt(P_SEGS33, [1] * 64, extra=31), tpkt(0, [8])) +
        top(T_POP, 8) + tused(n=4) + bytes([T_RECLAIM]) + top(T_FREE, 255))
    put("virtio_tx", f"{lay}_ring_full", tcfg(packed) +
        b"".join(tsend(*[tpkt(0, [8])] * 8) for _ in range(9)) +
        top(T_POP, 40) + tused(n=16) + tused(n=16) +
        tsend(*[tpkt(0, [8])] * 8) + top(T_POP, 255) + tused(n=16) +
        bytes([T_RECLAIM]) + top(T_FREE, 255))
    put("virtio_tx", f"{lay}_lies", tcfg(packed) +
        tsend(*[tpkt(0, [8])] * 6) + top(T_POP, 2) +
        tused(id_=0xFFFF, packed=bool(packed)) +
        tused(id_=4, packed=bool(packed)) +
        tused(length=100, packed=bool(packed)) +
        tused(id_=0, packed=bool(packed)) + bytes([T_RECLAIM]) +
        tsend(*[tpkt(0, [8])] * 4) + top(T_POP, 8) + tused(n=8) +
        bytes([T_RECLAIM]) + top(T_FREE, 255))
    put("virtio_tx", f"{lay}_raw", tcfg(packed) + top(T_RAW, 0x0F) +
        top(T_RAW, 0x1F | 0xE0) + top(T_POP, 32) + tused(n=16) +
        bytes([T_RECLAIM]) + top(T_RAW, 0x0F) + top(T_POP, 32) +
        tused(n=16) + tused(n=16) + bytes([T_RECLAIM]) + top(T_FREE, 255))
    put("virtio_tx", f"{lay}_restart", tcfg(packed, evidx=1) +
        tsend(tpkt(0, [8]), tpkt(P_SHARED, [9])) + top(T_POP, 1) +
        top(T_RESTART, 0) + tsend(tpkt(0, [8])) + top(T_POP, 1) + tused() +
        top(T_RESTART, 1) + tsend(tpkt(0, [8])) + top(T_RAW, 1) +
        top(T_RESTART, 0) + top(T_FREE, 255))
put("virtio_tx", "split_publish", tcfg(0) + tsend(*[tpkt(0, [8])] * 4) +
    top(T_POP, 4) + bytes([T_USED, 0x10 | T_HOLD_XOR]) + top(T_PUBLISH, 0) +
    bytes([T_RECLAIM]) + tsend(*[tpkt(0, [8])] * 4) + top(T_POP, 4) +
    top(T_PUBLISH, 0x85) + bytes([T_RECLAIM]) + tused(n=4) +
    bytes([T_RECLAIM]) + top(T_FREE, 255))
put("virtio_tx", "packed_flags", tcfg(1, ring=3) +
    b"".join(tsend(*[tpkt(P_SEGS2, [8, 8])] * 8) + top(T_POP, 8) +
             tused(n=8) + bytes([T_RECLAIM]) for _ in range(8)) +
    tsend(*[tpkt(0, [8])] * 4) + top(T_POP, 4) +
    tused(xor=0x8080, packed=True) + tused(skip=3, packed=True) +
    bytes([T_RECLAIM]) + top(T_FREE, 255))
