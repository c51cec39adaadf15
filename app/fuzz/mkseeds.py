#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Write the seed corpora of app/fuzz/corpus/ (run from anywhere).

Each seed is a small, readable case in the harness's input format (see the
comment at the top of each fuzz_*.c); the fuzzer grows its own corpus from
them. Crash inputs found later are added to the corpus as they are, as
files this script does not write (e1000e_rx/chain_across_wrap).
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
