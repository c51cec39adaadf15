#!/usr/bin/env python3
"""traffic-selftest.py - proves traffic.py's accounting without a VM: frames go
through a python "mangler" between two veth pairs that drops, duplicates, corrupts,
lengthens and reorders chosen sequence numbers; the counts must come out exact.
Runs in its own network namespace (ppst-PID), removed on every exit."""
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
TRAFFIC = os.path.join(HERE, "..", "traffic.py")
NS = f"ppst-{os.getpid()}"
COUNT = 1000                    # per step; every 50 frames: one of each fault below
STEPS = "2000:%d:100,2000:%d:1514" % (COUNT, COUNT)


def mangler(flows):
    """fA -> fB: seq%50 == 1 drop, 2 duplicate, 3 flip a payload byte (with --flows:
    a byte of the UDP source port), 4 hold until after seq%50 == 5 (reorder),
    6 append a byte (length mismatch)."""
    eth_p, o = (0x0800, 28) if flows else (0x88B5, 0)
    rx = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(eth_p))
    rx.bind(("fA", eth_p))
    tx = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(eth_p))
    tx.bind(("fB", eth_p))
    held = None
    while True:
        f = bytearray(rx.recv(65536))
        sid, seq = int.from_bytes(f[18 + o:22 + o], "big"), int.from_bytes(f[22 + o:30 + o], "big")
        k = seq % 50 if sid else -1        # leave probes (step id 0) alone
        if k == 1:
            continue
        if k == 3:
            f[35 if flows else 50] ^= 0x40
        if k == 6:
            f.append(0)
        if k == 4:
            held = f
            continue
        tx.send(f)
        if k == 2:
            tx.send(f)
        if k == 5 and held is not None:
            tx.send(held)
            held = None


def sh(*cmd):
    subprocess.run(cmd, check=True)


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--mangler":
        mangler(len(sys.argv) > 2)
        return 0
    if os.geteuid() != 0:
        print("the VM lab needs root: skipped")
        return 77
    ok = True
    mp = None
    try:
        sh("ip", "netns", "add", NS)
        ex = ["ip", "netns", "exec", NS]
        sh(*ex, "sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1")
        sh("ip", "-n", NS, "link", "add", "tA", "type", "veth", "peer", "name", "fA")
        sh("ip", "-n", NS, "link", "add", "fB", "type", "veth", "peer", "name", "tB")
        for i in ("tA", "fA", "fB", "tB"):
            sh("ip", "-n", NS, "link", "set", i, "mtu", "9000", "up")
        # the plain frames, then IPv4/UDP ones over 4 flows (vmlab --flows)
        for flows in (0, 4):
            mp = subprocess.Popen(ex + [sys.executable, __file__, "--mangler"] +
                                  (["flows"] if flows else []))
            with tempfile.TemporaryDirectory() as td:
                out = os.path.join(td, "t.json")
                r = subprocess.run(ex + [sys.executable, TRAFFIC, "--tx", "tA", "--rx", "tB",
                                         "--no-probe", "--rates", STEPS, "--flows", str(flows),
                                         "--json", out], timeout=120)
                res = json.load(open(out))
            mp.send_signal(signal.SIGKILL)
            mp.wait(5)
            mp = None
            want = dict(sent=COUNT, received=COUNT - 60, lost=60, duplicates=20, corrupted=40,
                        reordered=20)
            for s in res["steps"]:
                got = {k: s[k] for k in want}
                good = got == want
                ok &= good
                print(f"flows {flows} size {s['size']}: {'ok' if good else 'WRONG'} got {got}"
                      + ("" if good else f" want {want}"))
            ok &= r.returncode == 0 and len(res["steps"]) == 2
    finally:
        if mp:
            mp.send_signal(signal.SIGKILL)
            mp.wait(5)
        subprocess.run(["ip", "netns", "del", NS], stderr=subprocess.DEVNULL)
    print("traffic self-test", "PASSED" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
