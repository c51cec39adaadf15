#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The pagepool authors
"""Host tests of pagepool-l2fwd and pagepool-xdp-like (meson suite 'examples').

Each case runs an example on DPDK vdevs (net_null, net_ring, net_pcap, and
net_tap in a network namespace it creates), never on a PCI device, and
asserts on what the example prints and, with net_pcap, on the frames it
sent: counts, verdict counters, MAC rewrites, eBPF programs against the
built-in ones frame for frame, a clean exit on SIGINT/SIGTERM with every
page back (in flight = 0).

    test_examples.py --l2fwd BIN --xdp-like BIN --bpf-dir DIR \
        --test-bpf-dir DIR --case NAME
    test_examples.py --list

Every process is stopped and reaped before a case returns (SIGINT, then
SIGKILL of its process group after a bounded wait); namespaces are
deleted. Exit status: 0 pass, 1 fail, 77 skip.
"""

import argparse
import json
import os
import random
import re
import select
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time

SKIP = 77
BROADCAST = b"\xff" * 6


class Fail(Exception):
    pass


class Skip(Exception):
    pass


def check(cond, msg):
    if not cond:
        raise Fail(msg)


# ---------------------------------------------------------------- pcap

def pcap_write(path, frames):
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
        for i, fr in enumerate(frames):
            f.write(struct.pack("<IIII", 1, i, len(fr), len(fr)))
            f.write(fr)


def pcap_read(path):
    frames = []
    if not os.path.exists(path):
        return frames
    with open(path, "rb") as f:
        hdr = f.read(24)
        if len(hdr) < 24:
            return frames
        magic = struct.unpack("<I", hdr[:4])[0]
        end = "<" if magic in (0xA1B2C3D4, 0xA1B23C4D) else ">"
        while True:
            rec = f.read(16)
            if len(rec) < 16:
                break
            _, _, caplen, _ = struct.unpack(end + "IIII", rec)
            frames.append(f.read(caplen))
    return frames


# ---------------------------------------------------------------- frames

def mac(s):
    return bytes(int(x, 16) for x in s.split(":"))


def eth(dst, src, etype, payload):
    return dst + src + struct.pack("!H", etype) + payload


def ipv4(proto, payload, ihl=5, frag=0):
    opts = b"\x01" * ((ihl - 5) * 4) if ihl > 5 else b""
    total = 20 + len(opts) + len(payload)
    return struct.pack("!BBHHHBBH4s4s", 0x40 | ihl, 0, total, 1, frag, 64,
                       proto, 0, bytes([10, 0, 0, 1]), bytes([10, 0, 0, 2])) \
        + opts + payload


def ipv6(nh, payload):
    return struct.pack("!IHBB16s16s", 0x60000000, len(payload), nh, 64,
                       b"\xfd" + b"\x00" * 14 + b"\x01",
                       b"\xfd" + b"\x00" * 14 + b"\x02") + payload


def udp(sport, dport, payload):
    return struct.pack("!HHHH", sport, dport, 8 + len(payload), 0) + payload


def tcp(sport, dport, payload):
    return struct.pack("!HHIIBBHHH", sport, dport, 1, 0, 0x50, 0x10, 1024,
                       0, 0) + payload


def pad(frame, size):
    return frame + bytes((i * 7) & 0xFF for i in range(max(0, size - len(frame))))


def make_frames(seed, n, tag=b"PPEX"):
    """A deterministic mix that exercises every branch of the programs."""
    rnd = random.Random(seed)
    src, dst = mac("52:54:00:12:34:56"), mac("52:54:00:65:43:21")
    frames = []
    for i in range(n):
        body = tag + struct.pack("!I", i)
        kind = i % 14
        size = rnd.choice([60, 64, 128, 512, 1000, 1514])
        if kind == 0:
            f = eth(dst, src, 0x0800, ipv4(17, udp(1000 + i, 9, body)))
        elif kind == 1:
            f = eth(dst, src, 0x0800, ipv4(17, udp(1000 + i, 53, body)))
        elif kind == 2:
            f = eth(dst, src, 0x0800, ipv4(6, tcp(1000 + i, 9, body)))
        elif kind == 3:
            f = eth(dst, src, 0x86DD, ipv6(17, udp(1000 + i, 9, body)))
        elif kind == 4:
            f = eth(dst, src, 0x86DD, ipv6(17, udp(1000 + i, 4000, body)))
        elif kind == 5:
            f = eth(dst, src, 0x8100, struct.pack("!HH", 100, 0x0800) +
                    ipv4(17, udp(1000 + i, 9, body)))
        elif kind == 6:
            f = eth(dst, src, 0x8100, struct.pack("!HH", 100, 0x0800) +
                    ipv4(6, tcp(1000 + i, 80, body)))
        elif kind == 7:
            f = eth(BROADCAST, src, 0x0806, bytes(28) + body)
        elif kind == 8:
            f = (dst + src)[:10]          # runt: no Ethernet header
            size = 0
        elif kind == 9:
            f = eth(dst, src, 0x0800, b"\x45\x00\x00")   # truncated IPv4
            size = 0
        elif kind == 10:
            f = eth(dst, src, 0x0800, ipv4(17, udp(1000 + i, 9, body), ihl=6))
        elif kind == 11:
            f = eth(dst, src, 0x0800, ipv4(17, udp(1000 + i, 9, body), frag=0x10))
        elif kind == 12:
            f = eth(dst, src, 0x0800, ipv4(17, udp(1000 + i, 9, body), ihl=3))
        else:
            f = eth(dst, src, 0x0800, ipv4(17, b"\x00\x01"))  # UDP header cut
            size = 0
        frames.append(pad(f, size) if size else f)
    return frames


# ---------------------------------------------------------------- models

ABORTED, DROP, PASS, TX, REDIRECT = range(5)
VERDICTS = ["aborted", "drop", "pass", "tx", "redirect"]


def model_udp_filter(f, port):
    if len(f) < 14:
        return DROP
    etype = struct.unpack("!H", f[12:14])[0]
    l3 = 14
    if etype == 0x8100:
        if len(f) < 18:
            return DROP
        etype = struct.unpack("!H", f[16:18])[0]
        l3 = 18
    if etype == 0x0800:
        if len(f) < l3 + 20:
            return DROP
        if f[l3 + 9] != 17:
            return PASS
        if struct.unpack("!H", f[l3 + 6:l3 + 8])[0] & 0x1FFF:
            return PASS
        hl = (f[l3] & 0x0F) * 4
        if hl < 20:
            return DROP
        l4 = l3 + hl
    elif etype == 0x86DD:
        if len(f) < l3 + 40:
            return DROP
        if f[l3 + 6] != 17:
            return PASS
        l4 = l3 + 40
    else:
        return PASS
    if len(f) < l4 + 8:
        return DROP
    return DROP if struct.unpack("!H", f[l4 + 2:l4 + 4])[0] == port else PASS


def model(prog, f):
    """(verdict, frame sent or None, egress: 'tx' or port number)."""
    name, _, arg = prog.partition(":")
    if name == "drop":
        return DROP, None, None
    if name == "pass":
        return PASS, f, "pass"
    if name == "reflect":
        if len(f) < 14:
            return DROP, None, None
        return TX, f[6:12] + f[0:6] + f[12:], "tx"
    if name == "redirect":
        return REDIRECT, f, int(arg)
    if name == "udp-filter":
        v = model_udp_filter(f, int(arg))
        return v, (f if v == PASS else None), ("pass" if v == PASS else None)
    if name == "vlan_push":
        if len(f) < 14:
            return DROP, None, None
        return TX, f[0:12] + b"\x81\x00\x00\x64" + f[12:-4], "tx"
    raise ValueError(prog)


# ---------------------------------------------------------------- running

class Result:
    def __init__(self, rc, out, err):
        self.rc, self.out, self.err = rc, out, err

    def tail(self, n=30):
        return ("--- stdout (tail) ---\n" + "\n".join(self.out.splitlines()[-n:]) +
                "\n--- stderr (tail) ---\n" + "\n".join(self.err.splitlines()[-n:]))


def parse_tables(text):
    """Every '== title ==' table: (title, {port|'total': {col: value}})."""
    tables = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        m = re.match(r"^== (.*) ==$", lines[i])
        if not m or i + 1 >= len(lines):
            i += 1
            continue
        cols = lines[i + 1].split()
        rows = {}
        j = i + 2
        while j < len(lines):
            parts = lines[j].split()
            if not parts or not (parts[0].isdigit() or parts[0] == "total"):
                break
            key = "total" if parts[0] == "total" else int(parts[0])
            row = {}
            for c, v in zip(cols[1:], parts[1:]):
                try:
                    row[c] = float(v) if "." in v else int(v)
                except ValueError:
                    row[c] = v
            rows[key] = row
            j += 1
        if "total" in rows:
            tables.append((m.group(1), rows))
        i = j
    return tables


def final_table(res):
    tabs = [t for t in parse_tables(res.out) if t[0].endswith("final")]
    check(tabs, "no final stats table\n" + res.tail())
    return tabs[-1][1]


class Env:
    def __init__(self, args):
        self.l2fwd = args.l2fwd
        self.xdp = args.xdp_like
        self.bpf_dir = args.bpf_dir
        self.test_bpf_dir = args.test_bpf_dir
        self.tmp = tempfile.mkdtemp(prefix="ppex-test-")
        self.n = 0
        self.huge = os.environ.get("PPEX_TEST_HUGE") == "1"

    def path(self, name):
        return os.path.join(self.tmp, name)

    def bpf(self, name, test=False):
        d = self.test_bpf_dir if test else self.bpf_dir
        p = os.path.join(d or "", name + ".o")
        if not d or not os.path.exists(p):
            raise Skip("eBPF object %s not built (clang not found?)" % p)
        return p

    def eal(self, lcores="0,1"):
        self.n += 1
        a = ["--file-prefix", "ppex%d_%d" % (os.getpid(), self.n), "--no-pci",
             "--log-level", "lib.eal:warning"]
        a += ["--lcores", lcores] if "@" in lcores else ["-l", lcores]
        if not self.huge:
            a += ["--no-huge", "-m", "256"]
        return a

    def run(self, binary, vdevs, app_args, stop=None, timeout=30.0,
            sig=signal.SIGINT, netns=None, lcores="0,1", on_start=None):
        """Run an example; stop it with sig once stop(tables) is true (or
        when it exits by itself); always reap it."""
        cmd = [binary] + self.eal(lcores)
        for v in vdevs:
            cmd += ["--vdev", v]
        cmd += ["--"] + app_args
        if netns:
            cmd = ["ip", "netns", "exec", netns] + cmd
        errf = tempfile.TemporaryFile(dir=self.tmp)
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=errf,
                                start_new_session=True)
        out = b""
        started = False
        signalled = False
        deadline = time.monotonic() + timeout
        try:
            while True:
                now = time.monotonic()
                if now > deadline:
                    if not signalled:
                        proc.send_signal(sig)
                        signalled = True
                        deadline = now + 15
                        continue
                    raise Fail("example did not exit within 15 s of signal %d: %s"
                               % (sig, " ".join(cmd)))
                r, _, _ = select.select([proc.stdout], [], [], 0.1)
                if r:
                    chunk = os.read(proc.stdout.fileno(), 65536)
                    if not chunk:
                        break
                    out += chunk
                    text = out.decode(errors="replace")
                    if not started and ("forwarding on" in text or "running on" in text):
                        started = True
                        if on_start:
                            on_start()
                    if not signalled and stop and started and stop(parse_tables(text)):
                        proc.send_signal(sig)
                        signalled = True
                        deadline = time.monotonic() + 15
            rc = proc.wait(timeout=max(1.0, deadline - time.monotonic()))
        finally:
            if proc.poll() is None:
                try:
                    os.killpg(proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                proc.wait()
        errf.seek(0)
        err = errf.read().decode(errors="replace")
        errf.close()
        return Result(rc, out.decode(errors="replace"), err)


def stop_when_rx(total, stable=2):
    """Stop once the total rx reached `total` and the table stayed the same
    for `stable` periods (everything received was also acted on)."""
    seen = []

    def stop(tables):
        if not tables:
            return False
        rows = tables[-1][1]
        # rates change while counts do not: compare counts only
        counts = {k: v for k, v in rows["total"].items()
                  if not k.endswith("Mpps")}
        if rows["total"].get("rx", rows["total"].get("rx-frames")) < total:
            seen.clear()
            return False
        seen.append(json.dumps(counts, sort_keys=True))
        return len(seen) >= stable and len(set(seen[-stable:])) == 1
    return stop


def stop_after_tables(n):
    return lambda tables: len(tables) >= n


def assert_clean_exit(res, what):
    check(res.rc == 0, "%s: exit status %s\n%s" % (what, res.rc, res.tail()))
    check("every page is back: in flight = 0" in res.out,
          "%s: not every page came back\n%s" % (what, res.tail()))
    for line in res.out.splitlines():
        if line.startswith("pool ") and "in flight =" in line:
            check(line.rstrip().endswith("in flight = 0"),
                  "%s: %s" % (what, line))


def pool_lines(res):
    """Last pool line of each pool: {label: {counter: value}}."""
    pools = {}
    for line in res.out.splitlines():
        m = re.match(r"^pool (\S+)\s+(\S+)\s+pages\s+(\d+) in-flight\s+(\d+) \| "
                     r"alloc fast\s+(\d+) slow\s+(\d+) empty\s+(\d+) \| recycle "
                     r"cached\s+(\d+) ring\s+(\d+) released\s+(\d+)", line)
        if m:
            pools[m.group(1)] = dict(zip(
                ["name", "pages", "in_flight", "alloc_fast", "alloc_slow",
                 "alloc_empty", "recycle_cached", "recycle_ring",
                 "recycle_released"],
                [m.group(2)] + [int(x) for x in m.groups()[2:]]))
    return pools


def pcap_ports(env, tag, inputs):
    """net_pcap vdevs, one per input list; returns (vdevs, output paths)."""
    vdevs, outs = [], []
    for i, frames in enumerate(inputs):
        pin, pout = env.path("%s-in%d.pcap" % (tag, i)), env.path("%s-out%d.pcap" % (tag, i))
        pcap_write(pin, frames)
        if os.path.exists(pout):
            os.unlink(pout)
        vdevs.append("net_pcap%d,rx_pcap=%s,tx_pcap=%s" % (i, pin, pout))
        outs.append(pout)
    return vdevs, outs


# ---------------------------------------------------------------- l2fwd cases

def case_l2fwd_null(env):
    """net_null pair: forwards both ways, drops nothing, pools recycle in
    the owner's cache, exits clean on --duration."""
    res = env.run(env.l2fwd, ["net_null0", "net_null1"],
                  ["-T", "0.5", "--duration", "2"], timeout=30)
    assert_clean_exit(res, "l2fwd net_null")
    fin = final_table(res)
    for p in (0, 1):
        check(fin[p]["rx-frames"] > 1000, "port %d received only %s" % (p, fin[p]["rx-frames"]))
        check(fin[p]["dropped"] == 0, "port %d dropped %s" % (p, fin[p]["dropped"]))
        check(fin[p]["path"] == "mbuf", "port %d path %s" % (p, fin[p]["path"]))
    check(fin[0]["rx-frames"] == fin[1]["tx-frames"] and
          fin[1]["rx-frames"] == fin[0]["tx-frames"], "rx of one port != tx of its pair")
    check(len(parse_tables(res.out)) >= 3, "fewer than 2 periodic tables in 2 s")
    pools = pool_lines(res)
    check(set(pools) == {"port0/rxq0", "port1/rxq0"}, "pools: %s" % pools)
    for label, p in pools.items():
        check(p["recycle_cached"] > 0 and p["alloc_fast"] > 0,
              "%s: pages did not recycle through the alloc cache: %s" % (label, p))
    print("l2fwd net_null: %d + %d frames forwarded" % (fin[0]["rx-frames"], fin[1]["rx-frames"]))


def case_l2fwd_signals(env):
    """SIGINT and SIGTERM each stop l2fwd cleanly, pages all back."""
    for sig in (signal.SIGINT, signal.SIGTERM):
        t = time.monotonic()
        res = env.run(env.l2fwd, ["net_null0", "net_null1"], ["-T", "0.3"],
                      stop=stop_after_tables(2), sig=sig, timeout=30)
        assert_clean_exit(res, "l2fwd on %s" % signal.Signals(sig).name)
        check("l2fwd: stopping" in res.out, "no stop message")
        print("%s: clean exit after %.1f s" % (signal.Signals(sig).name, time.monotonic() - t))


def l2fwd_pcap(env, extra, path_name):
    in0 = make_frames(1, 280, b"P0->")
    in1 = make_frames(2, 70, b"P1->")
    vdevs, outs = pcap_ports(env, "l2fwd" + path_name, [in0, in1])
    res = env.run(env.l2fwd, vdevs, ["-T", "0.2", "--pages", "1024"] + extra,
                  stop=stop_when_rx(len(in0) + len(in1)), timeout=40)
    assert_clean_exit(res, "l2fwd pcap " + path_name)
    rewrite = {}
    for m in re.finditer(r"^l2fwd: port (\d+) \(\S+\) -> port (\d+), (.*?) path.*MAC rewrite "
                         r"src (\S+) dst (\S+)$", res.out, re.M):
        rewrite[int(m.group(2))] = (mac(m.group(4)), mac(m.group(5)))
        check(path_name in m.group(3), "port %s path: %s" % (m.group(1), m.group(3)))
    check(set(rewrite) == {0, 1}, "no MAC rewrite lines\n" + res.tail())
    fin = final_table(res)
    for src, dst, frames in ((0, 1, in0), (1, 0, in1)):
        good = [f for f in frames if len(f) >= 14]
        smac, dmac = rewrite[dst]
        want = [dmac + smac + f[12:] for f in good]
        got = pcap_read(outs[dst])
        check(fin[src]["rx-frames"] == len(frames),
              "port %d rx %s, sent %d" % (src, fin[src]["rx-frames"], len(frames)))
        check(fin[src]["dropped"] == len(frames) - len(good),
              "port %d dropped %s, expected %d runts" % (src, fin[src]["dropped"],
                                                         len(frames) - len(good)))
        check(fin[dst]["tx-frames"] == len(good), "port %d tx %s" % (dst, fin[dst]["tx-frames"]))
        check(len(got) == len(want), "port %d sent %d frames, expected %d" % (dst, len(got), len(want)))
        for i, (g, w) in enumerate(zip(got, want)):
            check(g == w, "port %d frame %d differs:\n got %s\nwant %s" % (dst, i, g[:32].hex(), w[:32].hex()))
    print("l2fwd pcap (%s): %d + %d frames, MACs rewritten, runts dropped" %
          (path_name, len(in0), len(in1)))
    return res


def case_l2fwd_pcap(env):
    """net_pcap in and out: every frame forwarded to the pair port, MACs
    rewritten, payload untouched, runts dropped and counted."""
    l2fwd_pcap(env, [], "mbuf")


def case_l2fwd_pcap_mempool(env):
    """Same with RX into an ordinary rte_mempool (--pool mempool)."""
    res = l2fwd_pcap(env, ["--pool", "mempool"], "mbuf")
    check("RX into an rte_mempool" in res.out, "pool choice not reported")
    check(not pool_lines(res), "no pagepool expected with --pool mempool")


def case_l2fwd_raw_emu(env):
    """The raw page path (software raw path on vdevs): same frames out,
    pages back in the RX queues' pools."""
    res = l2fwd_pcap(env, ["--raw-emu"], "raw page (software emulation)")
    pools = pool_lines(res)
    check(set(pools) == {"port0/rxq0", "port1/rxq0"}, "pools: %s" % pools)
    check("destroyed at close, in flight = 0" in res.out, "raw pools not destroyed at close")


def case_l2fwd_cross_lcore(env):
    """Pages freed on another lcore come home through the owner's return
    ring: net_null0 (RX on lcore 1) -> net_ring1 loopback (RX on lcore 2)
    -> net_null0 TX frees on lcore 2."""
    res = env.run(env.l2fwd, ["net_null0", "net_ring1"],
                  ["-T", "0.5", "--duration", "2.5"], lcores="0@0,1@0,2@1",
                  timeout=40)
    assert_clean_exit(res, "l2fwd cross-lcore")
    check(re.search(r"lcore 1: txq 0, polls port0/rxq0", res.out) and
          re.search(r"lcore 2: txq 1, polls port1/rxq0", res.out),
          "unexpected queue assignment\n" + res.tail())
    p0 = pool_lines(res)["port0/rxq0"]
    check(p0["recycle_ring"] > 0,
          "no page came home through the return ring: %s" % p0)
    print("pool port0/rxq0: recycle cached %d, ring %d" % (p0["recycle_cached"], p0["recycle_ring"]))


class Netns:
    """A network namespace with IPv6 off (no kernel chatter on the taps)."""

    def __init__(self):
        if os.geteuid() != 0 or not shutil.which("ip") or not os.path.exists("/dev/net/tun"):
            raise Skip("net_tap test needs root, iproute2 and /dev/net/tun")
        self.name = "ppex-%d" % os.getpid()

    def __enter__(self):
        subprocess.run(["ip", "netns", "add", self.name], check=True)
        for k in ("all", "default"):
            subprocess.run(["ip", "netns", "exec", self.name, "sysctl", "-qw",
                            "net.ipv6.conf.%s.disable_ipv6=1" % k], check=False)
        return self

    def __exit__(self, *exc):
        subprocess.run(["ip", "netns", "del", self.name], check=False)

    def tap_io(self, send_if, recv_if, frames, timeout=8.0):
        """Send frames into send_if, return frames seen arriving on recv_if."""
        spec = env_tmp_file(json.dumps({"send": send_if, "recv": recv_if,
                                        "frames": [f.hex() for f in frames],
                                        "timeout": timeout}))
        out = subprocess.run(["ip", "netns", "exec", self.name, sys.executable,
                              os.path.abspath(__file__), "--tap-io", spec],
                             capture_output=True, timeout=timeout + 20)
        if out.returncode != 0:
            raise Fail("tap I/O failed: %s" % out.stderr.decode(errors="replace"))
        return [bytes.fromhex(x) for x in json.loads(out.stdout)]


_TMP = [None]


def env_tmp_file(text):
    fd, p = tempfile.mkstemp(dir=_TMP[0], suffix=".json")
    with os.fdopen(fd, "w") as f:
        f.write(text)
    return p


def tap_io_main(spec_path):
    """Runs inside the namespace: inject on one tap, capture on another."""
    spec = json.load(open(spec_path))
    deadline = time.monotonic() + spec["timeout"]
    for ifname in (spec["send"], spec["recv"]):
        flags = "/sys/class/net/%s/flags" % ifname
        while not (os.path.exists(flags) and int(open(flags).read(), 16) & 1):
            if time.monotonic() > deadline:
                sys.exit("interface %s not up" % ifname)
            time.sleep(0.05)
    rx = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x0003))
    rx.bind((spec["recv"], 0))
    rx.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
    tx = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    tx.bind((spec["send"], 0))
    frames = [bytes.fromhex(x) for x in spec["frames"]]
    for f in frames:
        tx.send(f)
    got = []
    rx.settimeout(0.2)
    while time.monotonic() < deadline and len(got) < len(frames):
        try:
            data, addr = rx.recvfrom(65535)
        except socket.timeout:
            continue
        if addr[2] != socket.PACKET_OUTGOING and b"PPEX" in data:
            got.append(data)
    print(json.dumps([g.hex() for g in got]))


def tap_frames(seed):
    """Frames the kernel passes through a tap unchanged: no runts, and no
    VLAN tags (a packet socket sees those stripped into its metadata)."""
    return [f for f in make_frames(seed, 70)
            if len(f) >= 60 and f[12:14] != b"\x81\x00"]


def case_l2fwd_tap(env):
    """net_tap in a namespace: frames the kernel sends into one tap come
    out of the other with rewritten MACs."""
    frames = tap_frames(3)
    with Netns() as ns:
        got = []
        res = env.run(env.l2fwd, ["net_tap0,iface=ppt0", "net_tap1,iface=ppt1"],
                      ["-T", "0.5"], netns=ns.name, timeout=40,
                      stop=lambda tables: bool(got) or len(tables) > 40,
                      on_start=lambda: got.append(ns.tap_io("ppt0", "ppt1", frames)))
        assert_clean_exit(res, "l2fwd net_tap")
        check(got and len(got[0]) == len(frames),
              "sent %d frames into ppt0, %d came out of ppt1\n%s" %
              (len(frames), len(got[0]) if got else 0, res.tail()))
        m = re.search(r"port 0 \(net_tap\) -> port 1, .*MAC rewrite src (\S+) dst (\S+)", res.out)
        check(m, "no rewrite line\n" + res.tail())
        smac, dmac = mac(m.group(1)), mac(m.group(2))
        want = sorted(dmac + smac + f[12:] for f in frames)
        check(sorted(got[0]) == want, "frames out of ppt1 differ from the rewritten input")
    print("l2fwd net_tap: %d frames through the kernel taps, MACs rewritten" % len(frames))


# ---------------------------------------------------------------- xdp-like

def xdp_run(env, prog_args, frames, extra=(), tag="xdp", expect_rx=None):
    """port 0 receives frames; port 1 only sends (redirect, --pass-to)."""
    vdevs, outs = pcap_ports(env, tag, [frames, []])
    res = env.run(env.xdp, vdevs, ["-T", "0.2", "--pages", "1024"] + list(prog_args) + list(extra),
                  stop=stop_when_rx(len(frames) if expect_rx is None else expect_rx),
                  timeout=40)
    return res, final_table(res), [pcap_read(o) for o in outs]


def expect_xdp(prog, frames, pass_to=None):
    """Verdict counts and frames per output port, from the model."""
    counts = [0] * 5
    out = {0: [], 1: []}
    for f in frames:
        v, fo, egress = model(prog, f)
        counts[v] += 1
        if egress == "tx":
            out[0].append(fo)
        elif egress == "pass":
            if pass_to is not None:
                out[pass_to].append(fo)
        elif isinstance(egress, int):
            out[egress].append(fo)
    return counts, out


def check_xdp(label, res, fin, outs, counts, want_out):
    assert_clean_exit(res, label)
    row = fin[0]
    got = [row[v] for v in VERDICTS]
    check(got == counts, "%s: verdicts %s, expected %s" % (label, dict(zip(VERDICTS, got)),
                                                           dict(zip(VERDICTS, counts))))
    for p in (0, 1):
        check(len(outs[p]) == len(want_out[p]),
              "%s: port %d sent %d frames, expected %d" % (label, p, len(outs[p]), len(want_out[p])))
        for i, (g, w) in enumerate(zip(outs[p], want_out[p])):
            check(g == w, "%s: port %d frame %d differs:\n got %s\nwant %s" %
                  (label, p, i, g[:40].hex(), w[:40].hex()))


BUILTINS = ["drop", "pass", "reflect", "redirect:1", "udp-filter:9"]
SAMPLES = {"drop": "drop", "pass": "pass", "reflect": "reflect",
           "redirect:1": "redirect", "udp-filter:9": "udp_filter"}


def bpf_spec(env, builtin):
    name, _, arg = builtin.partition(":")
    spec = "bpf:" + env.bpf(SAMPLES[builtin])
    return spec + (":" + arg if arg else "")


def case_xdp_builtins(env):
    """Each built-in program on net_pcap: verdict counters and the frames
    sent out of each port match a model of the program, frame for frame;
    PASSed frames go to the application (--pass-to 1 sends them on)."""
    frames = make_frames(10, 420)
    for prog in BUILTINS:
        counts, want = expect_xdp(prog, frames, pass_to=1)
        res, fin, outs = xdp_run(env, ["-P", prog, "--pass-to", "1"], frames, tag="b")
        check_xdp(prog, res, fin, outs, counts, want)
        check("mbuf path" in res.out, "path not reported")
        print("%-14s %s" % (prog, dict(zip(VERDICTS, counts))))


def case_xdp_ebpf_match(env):
    """Each sample eBPF program (JIT and interpreter) does what its built-in
    twin does, frame for frame, with the same counters."""
    frames = make_frames(11, 420)
    for prog in BUILTINS:
        counts, want = expect_xdp(prog, frames, pass_to=1)
        ref, ref_fin, ref_outs = xdp_run(env, ["-P", prog, "--pass-to", "1"], frames, tag="m")
        check_xdp(prog, ref, ref_fin, ref_outs, counts, want)
        for extra, how in (([], "JIT"), (["--no-jit"], "interpreter")):
            spec = bpf_spec(env, prog)
            res, fin, outs = xdp_run(env, ["-P", spec, "--pass-to", "1"] + extra, frames, tag="m")
            check("(eBPF, %s)" % how in res.out, "%s: not run by the %s\n%s" % (spec, how, res.tail()))
            check_xdp("%s (%s)" % (spec, how), res, fin, outs, counts, want)
            check(outs == ref_outs, "%s (%s): output differs from built-in %s" % (spec, how, prog))
            check([fin[0][v] for v in VERDICTS] == [ref_fin[0][v] for v in VERDICTS],
                  "%s (%s): counters differ from built-in %s" % (spec, how, prog))
        print("%-14s eBPF JIT and interpreter == built-in: %d frames, %s" %
              (prog, len(frames), dict(zip(VERDICTS, counts))))


def case_xdp_raw_emu(env):
    """The raw page path (software raw path on vdevs): same verdicts and
    frames as the model; PASS and REDIRECT to an mbuf port attach the page
    to an mbuf; every page back in its RX queue's pool."""
    frames = make_frames(12, 300)
    for prog in BUILTINS + ["bpf-reflect"]:
        spec = bpf_spec(env, "reflect") if prog == "bpf-reflect" else prog
        model_prog = "reflect" if prog == "bpf-reflect" else prog
        counts, want = expect_xdp(model_prog, frames, pass_to=1)
        res, fin, outs = xdp_run(env, ["-P", spec, "--pass-to", "1", "--raw-emu"], frames, tag="r")
        check_xdp(prog + " raw-emu", res, fin, outs, counts, want)
        check("raw page path (software emulation" in res.out, "raw path not used\n" + res.tail())
        print("%-14s raw page path: %s" % (prog, dict(zip(VERDICTS, counts))))


def case_xdp_helpers(env):
    """xdp_like_adjust_head/_tail from eBPF: push a VLAN tag, trim the tail,
    on the mbuf path (128 B headroom) and the raw path (256 B)."""
    frames = make_frames(13, 200)
    counts, want = expect_xdp("vlan_push", frames)
    spec = "bpf:" + env.bpf("vlan_push", test=True)
    for extra in ([], ["--raw-emu"]):
        res, fin, outs = xdp_run(env, ["-P", spec], frames, extra, tag="h")
        check_xdp("vlan_push %s" % extra, res, fin, outs, counts, want)
    print("vlan_push: %d frames tagged and trimmed on both paths" % counts[TX])


def case_xdp_bad_programs(env):
    """Programs that cannot load stop the example at start with a clear
    error; programs that misbehave at run time are counted as aborted,
    their pages recycled, nothing lost."""
    frames = make_frames(14, 140)
    n = len(frames)
    for spec, words in (
            ("bpf:" + env.bpf("bad_access", test=True), "rejected by rte_bpf's validator"),
            ("bpf:" + env.bpf("bad_helper", test=True), "does not provide"),
            ("bpf:" + env.path("no-such-program.o"), "No such file"),
            ("bogus-program", "unknown program"),
            ("redirect", "needs a number")):
        vdevs, _ = pcap_ports(env, "bad", [frames, []])
        res = env.run(env.xdp, vdevs, ["-P", spec], timeout=30)
        check(res.rc != 0, "%s: loaded, or exit status 0\n%s" % (spec, res.tail()))
        check(words in res.err, "%s: error does not say '%s'\n%s" % (spec, words, res.tail()))
        check("running on" not in res.out, "%s: ran anyway" % spec)
        print("%-40s refused: ...%s..." % (os.path.basename(spec), words))
    vdevs, _ = pcap_ports(env, "bad", [frames, []])
    res = env.run(env.xdp, vdevs, ["-P", "bpf:" + env.bpf("drop"), "--prog-section", "nope"],
                  timeout=30)
    check(res.rc != 0 and "no such code section" in res.err, "missing section not refused\n" + res.tail())
    for prog, arg, detail in (("bad_verdict", "", "unknown verdict %d" % n),
                              ("bad_port", ":200", "bad redirect port %d" % n),
                              ("bad_port", ":5", "bad redirect port %d" % n),
                              ("bad_ldabs", "", "program %d" % n),
                              ("bad_data_end", "", "bad data_end %d" % n)):
        for extra in ([], ["--raw-emu"]):
            spec = "bpf:" + env.bpf(prog, test=True) + arg
            res, fin, outs = xdp_run(env, ["-P", spec] + extra, frames, tag="bad")
            label = "%s%s %s" % (prog, arg, extra)
            check_xdp(label, res, fin, outs, [n, 0, 0, 0, 0], {0: [], 1: []})
            check(re.search(r"^port 0 aborted %d: .*%s" % (n, detail), res.out, re.M),
                  "%s: aborted detail is not '%s'\n%s" % (label, detail, res.tail()))
        print("%-14s all %d frames aborted (%s), pages back" % (prog + arg, n, detail))


def case_xdp_null_queues(env):
    """Two RX queues per port on net_null, reflect on port 0 and redirect
    on port 1: runs, counts, every pool back at exit."""
    res = env.run(env.xdp, ["net_null0", "net_null1"],
                  ["-q", "2", "-P", "0=reflect", "-P", "1=redirect:0", "-T", "0.5",
                   "--duration", "2", "--pages", "1024"], timeout=30)
    assert_clean_exit(res, "xdp-like -q 2")
    fin = final_table(res)
    check(fin[0]["tx"] == fin[0]["rx"] > 0, "port 0: %s" % fin[0])
    check(fin[1]["redirect"] == fin[1]["rx"] > 0, "port 1: %s" % fin[1])
    check(fin[0]["out"] == fin[0]["tx"] + fin[1]["redirect"] - fin[0]["out-drop"],
          "port 0 out %s != tx + redirects in" % fin[0]["out"])
    check(len(pool_lines(res)) == 4, "expected 4 pools: %s" % pool_lines(res))


def case_xdp_cross_lcore(env):
    """REDIRECT across lcores: frames from net_null0 (lcore 1) go out of a
    net_ring loopback port whose RX runs on lcore 2, which passes and
    frees them there: their pages come home through port 0's return ring."""
    res = env.run(env.xdp, ["net_null0", "net_ring1"],
                  ["-P", "0=redirect:1", "-P", "1=drop", "-T", "0.5", "--duration", "2.5"],
                  lcores="0@0,1@0,2@1", timeout=40)
    assert_clean_exit(res, "xdp-like cross-lcore")
    fin = final_table(res)
    check(fin[0]["redirect"] > 0 and fin[1]["drop"] > 0, "counters: %s" % fin)
    p0 = pool_lines(res)["port0/rxq0"]
    check(p0["recycle_ring"] > 0, "no page came home through the return ring: %s" % p0)
    print("redirected %d, dropped on the other lcore %d; pool port0/rxq0 recycle cached %d ring %d"
          % (fin[0]["redirect"], fin[1]["drop"], p0["recycle_cached"], p0["recycle_ring"]))


def case_xdp_tap(env):
    """net_tap in a namespace: the reflector sends the kernel's frames back
    with the MAC addresses swapped."""
    frames = tap_frames(4)
    with Netns() as ns:
        got = []
        res = env.run(env.xdp, ["net_tap0,iface=ppx0"], ["-P", "reflect", "-T", "0.5"],
                      netns=ns.name, timeout=40,
                      stop=lambda tables: bool(got) or len(tables) > 40,
                      on_start=lambda: got.append(ns.tap_io("ppx0", "ppx0", frames)))
        assert_clean_exit(res, "xdp-like net_tap")
        want = sorted(f[6:12] + f[0:6] + f[12:] for f in frames)
        check(got and sorted(got[0]) == want,
              "reflected frames differ: got %d, want %d\n%s" %
              (len(got[0]) if got else 0, len(want), res.tail()))
    print("xdp-like net_tap: %d frames reflected with swapped MACs" % len(frames))


CASES = {name[5:]: fn for name, fn in sorted(globals().items())
         if name.startswith("case_")}


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--l2fwd")
    ap.add_argument("--xdp-like")
    ap.add_argument("--bpf-dir")
    ap.add_argument("--test-bpf-dir")
    ap.add_argument("--case", action="append")
    ap.add_argument("--list", action="store_true")
    ap.add_argument("--tap-io", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.tap_io:
        tap_io_main(args.tap_io)
        return 0
    if args.list:
        for n, fn in CASES.items():
            print("%-20s %s" % (n, (fn.__doc__ or "").split("\n")[0]))
        return 0
    env = Env(args)
    _TMP[0] = env.tmp
    status = 0
    try:
        for name in args.case or list(CASES):
            t = time.monotonic()
            try:
                CASES[name](env)
                print("PASS %s (%.1f s)" % (name, time.monotonic() - t))
            except Skip as e:
                print("SKIP %s: %s" % (name, e))
                status = status or SKIP
            except Fail as e:
                print("FAIL %s: %s" % (name, e))
                status = 1
    finally:
        shutil.rmtree(env.tmp, ignore_errors=True)
    return status


if __name__ == "__main__":
    sys.exit(main())
