#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The pagepool authors
"""dpdk-testpmd on the mempool driver "pagepool" (meson suite 'mempool').

    test_mempool_testpmd.py --testpmd BIN --plugin SO --case NAME

Cases, each on vdevs only (--no-pci):
  null_io         io forwarding between two net_null ports for a few
                  seconds; telemetry shows the forwarding lcore owning the
                  pool and the mempool cache off; after stop/quit: 0 pages
                  in flight, no bad put, owner-cache recycling (>= 99 % of
                  recycles into the cache)
  two_lcores      two forwarding lcores (on one CPU) share testpmd's pool:
                  one owns it, the other takes the shared path; no
                  RX-nombuf, 0 in flight at quit
  ring_io         io forwarding between two net_ring ports after
                  `start tx_first`: telemetry counts the frames parked in
                  the rings as in flight; rxonly drains them; 0 at quit
  vhost_loopback  testpmd on net_vhost, another on net_virtio_user, both
                  on the plugin (--single-file-segments, own file prefixes),
                  io forwarding, `start tx_first 32`: byte counts agree,
                  both exit cleanly with 0 pages in flight
Every DPDK process is killed (its process group) at the end, pass or fail.
Exit status: 0 pass, 1 fail, 77 skip.
"""

import argparse
import json
import os
import re
import shutil
import socket
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.realpath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "perf"))
from testpmd_session import TestPmd, TestPmdError, freed_lines, stage_plugin  # noqa: E402

SKIP = 77


class Fail(Exception):
    pass


def check(cond, msg):
    if not cond:
        raise Fail(msg)


def telemetry(prefix, cmd):
    """One dpdk-telemetry v2 query of the process with this file prefix."""
    path = "/var/run/dpdk/%s/dpdk_telemetry.v2" % prefix
    s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    try:
        s.settimeout(10)
        s.connect(path)
        s.recv(16384)           # the greeting
        s.send(cmd.encode())
        reply = json.loads(s.recv(65536).decode())
    finally:
        s.close()
    return reply.get(cmd.split(",")[0])


def eal(a, prefix, ops="pagepool"):
    return ["-n", "1", "--no-pci", "--file-prefix", prefix, "-d", a.plugin_path,
            "--mbuf-pool-ops-name", ops, "--log-level", "lib.eal:warning"]


def check_freed(tp, pools=1):
    fl = freed_lines(tp.output())
    check(len(fl) == pools, "%s: %d 'freed' lines from the plugin, want %d" % (
        tp.name, len(fl), pools))
    for f in fl:
        check(f["in_flight"] == 0, "%s: %s: %d pages in flight at free" % (
            tp.name, f["pool"], f["in_flight"]))
        check(f["bad_put"] == 0 and f["bad_objs"] == 0, "%s: %s: %d bad puts, %d bad objects" % (
            tp.name, f["pool"], f["bad_put"], f["bad_objs"]))
        check(f["mempool_cache"] == 0, "%s: the mempool cache was left on" % tp.name)
    return fl


def quit_clean(tp):
    rc = tp.quit(60)
    check(rc == 0, "%s exited with %s" % (tp.name, rc))
    check("Bye..." in tp.output(), "%s: no clean quit" % tp.name)


def case_null_io(a):
    prefix = "ppmpt_null_%d" % os.getpid()
    cmd = [a.testpmd, "-l", "0,1"] + eal(a, prefix) + \
        ["--vdev", "net_null0", "--vdev", "net_null1", "--",
         "-i", "--forward-mode=io", "--total-num-mbufs=8192", "--mbcache=250"]
    with TestPmd(cmd, "null_io", log=a.log) as tp:
        tp.ready(60)
        tp.cmd("start", 60)
        time.sleep(a.seconds)
        t = telemetry(prefix, "/mempool_pagepool/info,mb_pool_0")
        print("telemetry while forwarding: %s" % t)
        check(t is not None and t.get("mempool") == "mb_pool_0", "telemetry: %s" % t)
        check(t["owner"] == 1, "the forwarding lcore 1 does not own the pool: %s" % t["owner"])
        check(t["mempool_cache_size"] == 0 and t["mempool_cache_asked"] == 250,
              "mempool cache %s (asked %s)" % (t["mempool_cache_size"], t["mempool_cache_asked"]))
        check(t["alloc_fast"] > 0 and t["recycle_cached"] > 0, "no fast-path traffic: %s" % t)
        lst = telemetry(prefix, "/mempool_pagepool/list")
        check(lst == ["mb_pool_0"], "/mempool_pagepool/list: %s" % lst)
        out = tp.cmd("stop", 60)
        fwd = [int(x) for x in re.findall(r"RX-packets:\s*(\d+)", out)]
        check(fwd and max(fwd) > 0, "nothing forwarded:\n%s" % out)
        t = telemetry(prefix, "/mempool_pagepool/info,mb_pool_0")
        check(t["in_flight"] == 0, "%d mbufs in flight after stop" % t["in_flight"])
        quit_clean(tp)
        f = check_freed(tp)[0]
        print("freed: %s" % f)
        check(f["recycle_cached"] > 0, "no recycling into the owner's cache")
        check(f["recycle_ring"] * 100 <= f["recycle_cached"],
              "single-lcore forwarding: %d ring recycles against %d cached" % (
                  f["recycle_ring"], f["recycle_cached"]))


def case_two_lcores(a):
    """Two forwarding lcores on testpmd's one pool: one owns it, the other
    takes the shared path; nothing is lost, no mbuf runs out."""
    prefix = "ppmpt_two_%d" % os.getpid()
    cmd = [a.testpmd, "--lcores", "0@0,1@1,2@1"] + eal(a, prefix) + \
        ["--vdev", "net_null0", "--vdev", "net_null1", "--",
         "-i", "--forward-mode=io", "--nb-cores=2", "--total-num-mbufs=8192"]
    with TestPmd(cmd, "two_lcores", log=a.log) as tp:
        tp.ready(60)
        tp.cmd("start", 60)
        time.sleep(a.seconds)
        t = telemetry(prefix, "/mempool_pagepool/info,mb_pool_0")
        print("telemetry while forwarding: %s" % t)
        check(t["owner"] in (1, 2), "owner %s is not a forwarding lcore" % t["owner"])
        tp.cmd("stop", 60)
        st, _ = tp.port_stats()
        check(st[0][0] > 0 and st[1][0] > 0, "a port received nothing: %s" % st)
        out = tp.cmd("show port stats all")
        nombuf = [int(x) for x in re.findall(r"RX-nombuf:\s*(\d+)", out)]
        check(nombuf and max(nombuf) == 0, "RX-nombuf %s" % nombuf)
        quit_clean(tp)
        f = check_freed(tp)[0]
        print("freed: %s" % f)
        check(f["recycle_cached"] > 0, "the owner never recycled into its cache")
        check(f["alloc_slow"] > 0, "the other lcore never took the shared path")


def case_ring_io(a):
    prefix = "ppmpt_ring_%d" % os.getpid()
    cmd = [a.testpmd, "-l", "0,1"] + eal(a, prefix) + \
        ["--vdev", "net_ring0", "--vdev", "net_ring1", "--",
         "-i", "--forward-mode=io", "--total-num-mbufs=8192"]
    with TestPmd(cmd, "ring_io", log=a.log) as tp:
        tp.ready(60)
        tp.cmd("start tx_first 4", 60)
        time.sleep(a.seconds)
        out = tp.cmd("stop", 60)
        check("RX-packets" in out, "no forwarding summary:\n%s" % out)
        t = telemetry(prefix, "/mempool_pagepool/info,mb_pool_0")
        print("after stop: %s" % t)
        # 2 ports x 4 bursts x 32 frames circulate; at stop they sit in the rings
        check(0 < t["in_flight"] <= 256, "in flight after stop: %d" % t["in_flight"])
        tp.cmd("set fwd rxonly", 30)
        tp.cmd("start", 60)
        time.sleep(1)
        tp.cmd("stop", 60)
        t = telemetry(prefix, "/mempool_pagepool/info,mb_pool_0")
        check(t["in_flight"] == 0, "rxonly left %d in flight" % t["in_flight"])
        quit_clean(tp)
        print("freed: %s" % check_freed(tp)[0])


def case_vhost_loopback(a):
    d = tempfile.mkdtemp(prefix="ppmpt-")
    sock = os.path.join(d, "vhost.sock")
    hp, up = "ppmpt_vh_%d" % os.getpid(), "ppmpt_vu_%d" % os.getpid()
    tpargs = ["-i", "--forward-mode=io", "--total-num-mbufs=8192"]
    hcmd = [a.testpmd, "-l", "0,1"] + eal(a, hp) + \
        ["--vdev", "net_vhost0,iface=%s" % sock, "--single-file-segments", "--"] + tpargs
    ucmd = [a.testpmd, "--main-lcore", "1", "-l", "0,1"] + eal(a, up) + \
        ["--vdev", "net_virtio_user0,path=%s" % sock, "--single-file-segments", "--"] + tpargs
    try:
        with TestPmd(hcmd, "vhost", log=a.log) as vh:
            vh.ready(60)
            with TestPmd(ucmd, "virtio", log=a.log) as vu:
                vu.ready(60)
                vh.wait_for(r"virtio is now ready for processing", 30)
                vh.cmd("start", 60)
                vu.cmd("start tx_first 32", 60)
                time.sleep(a.seconds)
                vu.cmd("stop", 60)
                time.sleep(0.5)
                vh.cmd("stop", 60)
                hs, _ = vh.port_stats()
                us, _ = vu.port_stats()
                h_rx, h_tx, h_rxb, h_txb = hs[0]
                u_rx, u_tx, u_rxb, u_txb = us[0]
                print("vhost rx %d (%d B) tx %d (%d B); virtio rx %d (%d B) tx %d (%d B)" % (
                    h_rx, h_rxb, h_tx, h_txb, u_rx, u_rxb, u_tx, u_txb))
                check(h_rx > 10000 and u_rx > 10000, "the loopback did not run")
                # tx_first sends 64-byte frames; io forwarding keeps them as is
                for n, b, what in ((h_rx, h_rxb, "vhost rx"), (h_tx, h_txb, "vhost tx"),
                                   (u_rx, u_rxb, "virtio rx"), (u_tx, u_txb, "virtio tx")):
                    check(b == 64 * n, "%s: %d bytes for %d frames" % (what, b, n))
                # what one side sent, the other received, but for what the
                # rings held at stop (a virtqueue holds at most 1024 here)
                check(0 <= u_tx - h_rx <= 1024, "virtio sent %d, vhost got %d" % (u_tx, h_rx))
                check(0 <= h_tx - u_rx <= 1024, "vhost sent %d, virtio got %d" % (h_tx, u_rx))
                for prefix, tp in ((hp, vh), (up, vu)):
                    t = telemetry(prefix, "/mempool_pagepool/info,mb_pool_0")
                    print("%s: %s" % (tp.name, t))
                    check(t["bad_put"] == 0, "%s: bad puts" % tp.name)
                quit_clean(vu)
                print("virtio freed: %s" % check_freed(vu)[0])
            quit_clean(vh)
            print("vhost freed: %s" % check_freed(vh)[0])
    finally:
        shutil.rmtree(d, ignore_errors=True)


CASES = {
    "null_io": case_null_io,
    "two_lcores": case_two_lcores,
    "ring_io": case_ring_io,
    "vhost_loopback": case_vhost_loopback,
}


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--testpmd", default="dpdk-testpmd")
    ap.add_argument("--plugin", required=True)
    ap.add_argument("--case", required=True, choices=sorted(CASES))
    ap.add_argument("--seconds", type=float, default=3.0)
    ap.add_argument("--log", help="append every testpmd's output to this file")
    a = ap.parse_args()
    if os.geteuid() != 0:
        print("SKIP: needs root (hugepages, /var/run/dpdk)")
        return SKIP
    if shutil.which(a.testpmd) is None:
        print("SKIP: no %s" % a.testpmd)
        return SKIP
    staged = None
    try:
        a.plugin_path, staged = stage_plugin(a.plugin)
        CASES[a.case](a)
    except (Fail, TestPmdError) as e:
        print("FAIL: %s" % e)
        return 1
    finally:
        if staged:
            shutil.rmtree(staged, ignore_errors=True)
    print("PASS: %s" % a.case)
    return 0


if __name__ == "__main__":
    sys.exit(main())
