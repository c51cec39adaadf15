#!/usr/bin/env python3
"""traffic.py - host traffic for the vmlab: send sequence-numbered, checksummed
frames into one tap (a guest NIC), receive what the guest forwards out of another,
and report received, lost, reordered, duplicated, corrupted, rates and latency.

Run it where the taps are (vmlab runs it in the run's namespace):
  ip netns exec ppvm-1234 traffic.py --tx pp0 --rx pp1 --rates 1000:5000,10000 --json out.json

--rates is a comma list of steps, run in order:
  PPS[:COUNT[:SIZE]]   send COUNT frames (default --count) of SIZE bytes (default --size,
                       60..9000, without FCS) at PPS frames/s (0 = as fast as possible)
  link:NAME:on|off     set the link of QEMU NIC NAME (nic0, nic1, ...) over --qmp
  sleep:SECONDS        pause
Measurement steps run while a link is off are marked link_down and left out of
zero_loss_pps.

First a probe frame is sent every --probe-interval s until one comes back (the
guest is forwarding), or --probe-timeout, or --watch-pid is gone.

Frame (offsets): 0 dst 02:00:00:00:00:02, 6 src 02:00:00:00:00:01, 12 ethertype
0x88b5, 14 "PPVL", 18 step id u32, 22 seq u64, 30 tx CLOCK_MONOTONIC ns u64,
38 frame size u16, 40 CRC32 of bytes 14..39 and 44..end, 44 payload: 256 bytes of a
fixed pseudo-random pattern, starting at offset seq % 256. A frame counts as
received only if it is byte-exact from offset 12 on (MACs may be rewritten, as by
testpmd's mac forwarding); otherwise it counts as corrupted (and lost).

--flows N (N > 0): the frames are IPv4/UDP instead (ethertype 0x0800), the fields
above 28 bytes further on, after a 20-byte IPv4 header (10.0.0.1 -> 10.0.0.2, DF,
TTL 64) and an 8-byte UDP header (source port 10000 + seq % N, destination port
9000, no checksum): a multi-queue tap (and a device's RSS) spreads them over its
queues by flow. The smallest frame is then 72 bytes; the IP and UDP headers are
part of what must arrive byte-exact.
"""
import argparse
import json
import multiprocessing as mp
import os
import random
import signal
import socket
import struct
import sys
import time
import zlib

ETH_P = 0x88B5
ETH_P_IP = 0x0800
MAGIC = b"PPVL"
ETH = struct.Struct("!6s6sH")
FIELDS = struct.Struct("!4sIQQHI")       # at offset F (14, or 42 with --flows)
L3 = 0                                   # bytes of IPv4 + UDP before the fields
F = 14 + L3
PAYLOAD = F + FIELDS.size                # 44, or 72 with --flows
MIN_SIZE, MAX_SIZE = 60, 9000
FLOWS = 0
UDP_SPORT, UDP_DPORT = 10000, 9000


def set_flows(n):
    """IPv4/UDP frames over n source ports (n > 0), or the plain 0x88b5 frames."""
    global ETH_P, L3, F, PAYLOAD, MIN_SIZE, FLOWS
    FLOWS = n
    if n > 0:
        ETH_P, L3 = ETH_P_IP, 28
    F = 14 + L3
    PAYLOAD = F + FIELDS.size
    MIN_SIZE = max(60, PAYLOAD)


def ip_udp(size, seq):
    """The IPv4 + UDP headers of frame seq of this size (--flows), 28 bytes."""
    tot = size - 14
    h = bytearray(struct.pack("!BBHHHBBH4s4s", 0x45, 0, tot, 0, 0x4000, 64, 17, 0,
                              bytes([10, 0, 0, 1]), bytes([10, 0, 0, 2])))
    c = sum(struct.unpack("!10H", h))
    c = (c & 0xFFFF) + (c >> 16)
    c = (c & 0xFFFF) + (c >> 16)
    struct.pack_into("!H", h, 10, ~c & 0xFFFF)
    return bytes(h) + struct.pack("!HHHH", UDP_SPORT + seq % FLOWS, UDP_DPORT, tot - 20, 0)


def frame_head(size, step_id):
    """A frame of this size with Ethernet (+ IPv4/UDP) headers and the fields, seq 0."""
    buf = bytearray(size)
    ETH.pack_into(buf, 0, b"\x02\0\0\0\0\x02", b"\x02\0\0\0\0\x01", ETH_P)
    if L3:
        buf[14:F] = ip_udp(size, 0)
    FIELDS.pack_into(buf, F, MAGIC, step_id, 0, 0, size, 0)
    return buf
SOL_PACKET, PACKET_STATISTICS = 263, 6
SO_RCVBUFFORCE = 33


def patterns(size):
    """256 payloads for frames of this size: payload(seq) = patterns[seq % 256]."""
    rnd = random.Random(0x5050564C)
    base = bytes(rnd.getrandbits(8) for _ in range(256 + size))
    return [base[o:o + size - PAYLOAD] for o in range(256)]


def mk_sock(ifname, rcvbuf=None):
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P))
    if rcvbuf:
        try:
            s.setsockopt(socket.SOL_SOCKET, SO_RCVBUFFORCE, rcvbuf)
        except OSError:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
    s.bind((ifname, ETH_P))
    return s


def sock_drops(s):
    """Frames this AF_PACKET socket dropped (buffer full) since the last call."""
    return struct.unpack("II", s.getsockopt(SOL_PACKET, PACKET_STATISTICS, 8))[1]


def ifstat(ifname, name):
    try:
        with open(f"/sys/class/net/{ifname}/statistics/{name}") as f:
            return int(f.read())
    except OSError:
        return -1


def pct(sorted_vals, p):
    if not sorted_vals:
        return None
    return round(sorted_vals[min(len(sorted_vals) - 1, int(p * len(sorted_vals)))] / 1e6, 3)


def die_with_parent():
    """The receiver must not outlive the sender, however the sender ends."""
    try:
        import ctypes
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)   # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def receiver(a, step_id, count, size, ready, tx_done, q):
    die_with_parent()
    parent = os.getppid()
    s = mk_sock(a.rx, rcvbuf=64 << 20)
    s.settimeout(0.1)
    sock_drops(s)
    pats = patterns(size)
    hdrs = [ip_udp(size, i) for i in range(FLOWS)] if L3 else None
    ready.set()
    seen = bytearray(count)
    good = dup = reord = corrupt = foreign = 0
    examples = []
    maxseq = -1
    first = last = None
    lats = []
    tx_end = None
    buf = bytearray(MAX_SIZE + 256)
    mv = memoryview(buf)
    crc32 = zlib.crc32
    while True:
        try:
            n = s.recv_into(buf)
        except socket.timeout:
            if os.getppid() != parent:
                return
            if tx_done.is_set():
                tx_end = tx_end or time.monotonic()
                if time.monotonic() - max(tx_end, last or 0) > a.idle:
                    break
            continue
        now = time.monotonic_ns()
        if n < PAYLOAD:
            foreign += 1
            continue
        magic, sid, seq, txns, fsize, crc = FIELDS.unpack_from(buf, F)
        if magic != MAGIC or sid != step_id:
            foreign += 1            # probes, late frames of an earlier step, others
            continue
        if (n != size or fsize != size or seq >= count
                or crc32(mv[PAYLOAD:n], crc32(mv[F:F + 26])) != crc
                or mv[PAYLOAD:n] != pats[seq & 255]
                or (L3 and mv[14:F] != hdrs[seq % FLOWS])):
            corrupt += 1
            if len(examples) < 5:
                examples.append(dict(seq=seq, len=n, size_field=fsize,
                                     head=bytes(mv[12:min(n, 64)]).hex()))
            continue
        if first is None:
            first = now
        last_ns = now
        last = now / 1e9
        if seen[seq]:
            dup += 1
            continue
        seen[seq] = 1
        good += 1
        if seq < maxseq:
            reord += 1
        else:
            maxseq = seq
        lats.append(now - txns)
        if good == count:
            break
    drops = sock_drops(s)
    lats.sort()
    span = (last_ns - first) / 1e9 if good > 1 else 0
    q.put(dict(received=good, duplicates=dup, reordered=reord, corrupted=corrupt,
               corrupt_examples=examples, foreign=foreign, rx_sock_drops=drops,
               rx_pps=round(good / span) if span > 0 else None,
               lat_ms_p50=pct(lats, 0.5), lat_ms_p99=pct(lats, 0.99), lat_ms_max=pct(lats, 1.0)))


def measure(a, step_id, rate, count, size):
    ctx = mp.get_context("fork")
    ready, tx_done, q = ctx.Event(), ctx.Event(), ctx.Queue()
    p = ctx.Process(target=receiver, args=(a, step_id, count, size, ready, tx_done, q))
    p.start()
    ready.wait(10)
    tx = mk_sock(a.tx)
    tap_drop0 = ifstat(a.tx, "tx_dropped")
    pats = patterns(size)
    buf = frame_head(size, step_id)
    mv = memoryview(buf)
    hdrs = [ip_udp(size, i) for i in range(FLOWS)] if L3 else None
    pack_st = struct.Struct("!QQ").pack_into
    pack_crc = struct.Struct("!I").pack_into
    crc32, now_ns, send = zlib.crc32, time.monotonic_ns, tx.send
    sent = errs = 0
    t0 = time.monotonic()
    while sent < count:
        due = count if rate <= 0 else min(count, int((time.monotonic() - t0) * rate) + 1)
        if due <= sent:
            time.sleep(0.0002)
            continue
        while sent < due:
            if L3:
                buf[14:F] = hdrs[sent % FLOWS]
            pack_st(buf, F + 8, sent, now_ns())
            buf[PAYLOAD:] = pats[sent & 255]
            pack_crc(buf, F + 26, crc32(mv[PAYLOAD:], crc32(mv[F:F + 26])))
            try:
                send(buf)
            except OSError:
                errs += 1
            sent += 1
    t1 = time.monotonic()
    tx_done.set()
    try:
        r = q.get(timeout=a.idle + 60 + count / 1000)
    except Exception:
        r = dict(received=0, error="receiver did not report")
    p.join(5)
    if p.is_alive():
        p.kill()
    lost = sent - r["received"]
    res = dict(kind="measure", step_id=step_id, target_pps=rate, size=size, sent=sent,
               send_errors=errs, tx_seconds=round(t1 - t0, 3), tx_pps=round(sent / (t1 - t0)),
               lost=lost, loss_pct=round(100.0 * lost / sent, 3) if sent else 0.0,
               host_tap_tx_dropped=ifstat(a.tx, "tx_dropped") - tap_drop0)
    res.update(r)
    return res


def alive(pid):
    if not pid:
        return True
    try:
        os.kill(pid, 0)
        return True
    except ProcessLookupError:
        return False
    except PermissionError:
        return True


def probe(a):
    """Send a probe every probe_interval until one returns; (seconds since t0 or None, n)."""
    tx, rx = mk_sock(a.tx), mk_sock(a.rx)
    rx.settimeout(a.probe_interval)
    frame = frame_head(MIN_SIZE, 0)
    end = time.monotonic() + a.probe_timeout
    buf = bytearray(MAX_SIZE + 256)
    n = 0
    while time.monotonic() < end and alive(a.watch_pid):
        try:
            tx.send(frame)
        except OSError:             # a tap has no carrier until QEMU opens it
            pass
        n += 1
        t_end = time.monotonic() + a.probe_interval
        while time.monotonic() < t_end:
            try:
                k = rx.recv_into(buf)
            except socket.timeout:
                break
            if k >= PAYLOAD and buf[F:F + 4] == MAGIC and FIELDS.unpack_from(buf, F)[1] == 0:
                return time.time(), n
    return None, n


def parse_steps(a):
    steps = []
    for item in a.rates.split(","):
        f = item.strip().split(":")
        if f[0] == "link" and len(f) == 3 and f[2] in ("on", "off"):
            steps.append(("link", f[1], f[2] == "on"))
        elif f[0] == "sleep" and len(f) == 2:
            steps.append(("sleep", float(f[1])))
        else:
            rate = int(f[0])
            count = int(f[1]) if len(f) > 1 and f[1] else a.count
            size = int(f[2]) if len(f) > 2 else a.size
            if not MIN_SIZE <= size <= MAX_SIZE:
                raise SystemExit(f"frame size {size} not in {MIN_SIZE}..{MAX_SIZE}")
            steps.append(("measure", rate, count, size))
    return steps


def summarize(out):
    ms = [s for s in out["steps"] if s["kind"] == "measure"]
    clean = sorted((s for s in ms if not s.get("link_down") and s["target_pps"] > 0),
                   key=lambda s: s["target_pps"])
    zl = 0
    for s in clean:
        if s["lost"] != 0:
            break
        zl = s["target_pps"]
    out["zero_loss_pps"] = zl
    for k in ("sent", "received", "lost", "corrupted", "duplicates", "reordered"):
        out[k] = sum(s.get(k, 0) for s in ms)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tx", default="pp0", help="tap to send into (guest NIC 0)")
    ap.add_argument("--rx", default="pp1", help="tap to receive from (guest NIC 1)")
    ap.add_argument("--size", type=int, default=60, help="default frame size, without FCS")
    ap.add_argument("--count", type=int, default=20000, help="default frames per step")
    ap.add_argument("--rates", default="1000,10000", help="steps, see above")
    ap.add_argument("--idle", type=float, default=1.0, help="s without frames after the last send = step done")
    ap.add_argument("--probe-interval", type=float, default=0.2)
    ap.add_argument("--probe-timeout", type=float, default=90)
    ap.add_argument("--no-probe", action="store_true")
    ap.add_argument("--watch-pid", type=int, help="stop probing when this process is gone (QEMU)")
    ap.add_argument("--t0", type=float, help="epoch of QEMU start, to report time to forwarding")
    ap.add_argument("--qmp", help="QEMU QMP socket, for link steps")
    ap.add_argument("--json", help="write the result here")
    ap.add_argument("--flows", type=int, default=0,
                    help="IPv4/UDP frames over this many source ports (0: plain 0x88b5 frames)")
    a = ap.parse_args()
    set_flows(a.flows)
    steps = parse_steps(a)
    out = dict(tx=a.tx, rx=a.rx, rates=a.rates, flows=a.flows, steps=[], probe_ok=None)

    def emit():
        summarize(out)
        if a.json:
            with open(a.json + ".tmp", "w") as f:
                json.dump(out, f, indent=1)
            os.replace(a.json + ".tmp", a.json)

    if not a.no_probe:
        t_ready, n = probe(a)
        out["probe_ok"] = t_ready is not None
        out["probes"] = n
        if t_ready is None:
            print(f"traffic: no frame came back ({n} probes)", flush=True)
            emit()
            return 1
        if a.t0:
            out["ready_s"] = round(t_ready - a.t0, 2)
        print(f"traffic: forwarding up after {n} probes"
              + (f", {out['ready_s']} s after QEMU start" if a.t0 else ""), flush=True)
        time.sleep(0.3)             # let late probe copies drain
    down = set()
    for i, st in enumerate(steps):
        if st[0] == "link":
            import qmp
            res = dict(kind="link", name=st[1], up=st[2])
            try:
                qmp.set_link(a.qmp, st[1], st[2])
                res["ok"] = True
                (down.discard if st[2] else down.add)(st[1])
            except Exception as e:      # noqa: BLE001 - reported in the result
                res.update(ok=False, error=str(e))
            print(f"traffic: link {st[1]} {'on' if st[2] else 'off'}: {res}", flush=True)
        elif st[0] == "sleep":
            time.sleep(st[1])
            res = dict(kind="sleep", seconds=st[1])
        else:
            res = measure(a, 100 + i, st[1], st[2], st[3])
            if down:
                res["link_down"] = sorted(down)
            print("traffic: " + " ".join(f"{k}={v}" for k, v in res.items()
                                         if k not in ("kind", "corrupt_examples")), flush=True)
        out["steps"].append(res)
        emit()
    emit()
    return 0


if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    sys.exit(main())
