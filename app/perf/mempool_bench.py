#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The pagepool authors
"""Benchmark of the mempool driver "pagepool" against DPDK's ring_mp_mc,
both under dpdk-testpmd with the same --mbcache (doc/mempool.md, doc/perf.md).

Cases (--cases, default both):
  null   testpmd io on two net_null vdevs, one forwarding lcore (-l 0,1);
         the rate is the frames received on both ports per second.
  vhost  testpmd io over DPDK's net_virtio_user facing DPDK's net_vhost,
         both processes on the same ops, one forwarding lcore each: vhost
         -l 0,1 forwards on CPU 1, virtio --main-lcore 1 -l 0,1 on CPU 0
         (testpmd needs a forwarding lcore besides its main one, so the
         vhost side cannot be -l 0 alone), `start` on the vhost
         side, `start tx_first 32` on the virtio side; the rate is the mean
         of the two directions (frames received by each side per second).

Each rate is also given per CPU-second of the forwarding lcores (their
threads' run time from /proc, *_mpps_cpu, ratio_cpu): a polling lcore's
rate follows the CPU it gets, so on a shared machine that figure is the one
load does not shift.

Within each round ours and DPDK's run one after the other (the order swaps
every round); the ratio is taken within a round and its median reported,
so that load that shifts whole rounds cancels out. Each run reads
`show port stats all` after --warmup seconds and again --seconds later.
Every run of ours must end with 0 pages in flight and 0 bad puts (the
plugin's line at rte_mempool_free()), or the benchmark fails.

    mempool_bench.py --plugin librte_mempool_pagepool.so [--rounds 5]
        [--seconds 5] [--warmup 1] [--mbcache 250] [--mbufs 16384]
        [--cases null,vhost] [--with-mpcache] [--floor LIFO.so] [--json]
        [--log FILE]

--with-mpcache adds a third run per round: the ops "pagepool_mpcache", ours
with the mempool's own per-lcore cache left in front (the alternative the
default ops reject).

--floor build/app/librte_mempool_perf_lifo.so adds a run per round of the
ops "perf_lifo" (app/perf/floor_mempool.c), a stack of pointers that checks
nothing, with --mbcache=0 as ours effectively runs: the most any driver
that sees every free can reach. Its ratio to ring_mp_mc (floor_ratio) is
the ceiling of ours.
"""

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.realpath(__file__)))
from testpmd_session import TestPmd, TestPmdError, freed_lines, stage_plugin  # noqa: E402

TESTPMD = os.environ.get("TESTPMD", "dpdk-testpmd")


def eal_common(a, prefix, plugin, ops):
    return ["-n", "1", "--no-pci", "--file-prefix", prefix, "-d", plugin,
            "--mbuf-pool-ops-name", ops, "--log-level", "lib.eal:warning"]


def tp_common(a):
    return ["-i", "--forward-mode=io", "--mbcache=%d" % a.mbcache,
            "--total-num-mbufs=%d" % a.mbufs]


def check_freed(tp, ops):
    """Ours must give every page back and see no double free."""
    if not ops.startswith("pagepool"):
        return None
    fl = freed_lines(tp.output())
    if not fl:
        raise TestPmdError("%s: no 'freed' line from the plugin:\n%s" % (
            tp.name, tp.output()[-2000:]))
    for f in fl:
        if f["in_flight"] != 0 or f["bad_put"] != 0 or f["bad_objs"] != 0:
            raise TestPmdError("%s: pool %s ended with %d in flight, %d bad puts, %d bad objects" % (
                tp.name, f["pool"], f["in_flight"], f["bad_put"], f["bad_objs"]))
    return fl


def frames(s0, s1, ports):
    return sum(s1[p][0] - s0[p][0] for p in ports)


def run_null(a, plugin, ops, tag):
    cmd = [TESTPMD, "-l", "0,1"] + eal_common(a, "ppmb_%d_%s" % (os.getpid(), tag), plugin, ops) + \
        ["--vdev", "net_null0", "--vdev", "net_null1", "--"] + tp_common(a) + ["--nb-cores=1"]
    with TestPmd(cmd, "null/" + tag, log=a.log) as tp:
        tp.ready(60)
        tp.cmd("start", 60)
        time.sleep(a.warmup)
        s0, t0 = tp.port_stats()
        c0 = tp.worker_cpu()
        time.sleep(a.seconds)
        s1, t1 = tp.port_stats()
        c1 = tp.worker_cpu()
        tp.cmd("stop", 60)
        rc = tp.quit(60)
        if rc != 0:
            raise TestPmdError("%s exited with %s:\n%s" % (tp.name, rc, tp.output()[-2000:]))
        check_freed(tp, ops)
        n = frames(s0, s1, (0, 1))
        return n / (t1 - t0) / 1e6, n / max(c1 - c0, 1e-3) / 1e6


def run_vhost(a, plugin, ops, tag):
    d = tempfile.mkdtemp(prefix="ppmb-")
    sock = os.path.join(d, "vhost.sock")
    vcmd = [TESTPMD, "-l", "0,1"] + eal_common(a, "ppmbh_%d_%s" % (os.getpid(), tag), plugin, ops) + \
        ["--vdev", "net_vhost0,iface=%s" % sock, "--single-file-segments", "--"] + tp_common(a)
    ucmd = [TESTPMD, "--main-lcore", "1", "-l", "0,1"] + \
        eal_common(a, "ppmbv_%d_%s" % (os.getpid(), tag), plugin, ops) + \
        ["--vdev", "net_virtio_user0,path=%s" % sock, "--single-file-segments", "--"] + tp_common(a)
    try:
        with TestPmd(vcmd, "vhost/" + tag, log=a.log) as vh:
            vh.ready(60)
            with TestPmd(ucmd, "virtio/" + tag, log=a.log) as vu:
                vu.ready(60)
                vh.cmd("start", 60)
                vu.cmd("start tx_first 32", 60)
                time.sleep(a.warmup)
                h0, th0 = vh.port_stats()
                u0, tu0 = vu.port_stats()
                c0 = vh.worker_cpu() + vu.worker_cpu()
                time.sleep(a.seconds)
                h1, th1 = vh.port_stats()
                u1, tu1 = vu.port_stats()
                c1 = vh.worker_cpu() + vu.worker_cpu()
                vu.cmd("stop", 60)
                vh.cmd("stop", 60)
                rc_u = vu.quit(60)
                check_freed(vu, ops)
            rc_h = vh.quit(60)
            check_freed(vh, ops)
            if rc_u != 0 or rc_h != 0:
                raise TestPmdError("vhost/virtio exit codes %s/%s:\n%s\n%s" % (
                    rc_h, rc_u, vh.output()[-1500:], vu.output()[-1500:]))
        # per direction: the mean of what each side received; per CPU: the
        # two forwarding lcores' CPU time, one per direction's worth
        n = (frames(h0, h1, (0,)) + frames(u0, u1, (0,))) / 2
        dt = ((th1 - th0) + (tu1 - tu0)) / 2
        return n / dt / 1e6, n / max((c1 - c0) / 2, 1e-3) / 1e6
    finally:
        shutil.rmtree(d, ignore_errors=True)


CASES = {
    "null": ("testpmd io, 2 x net_null, 1 fwd lcore", run_null),
    "vhost": ("testpmd io, virtio_user <-> vhost, 1 lcore each (Mpps per direction)", run_vhost),
}


def med(xs):
    return statistics.median(xs) if xs else 0.0


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--plugin", required=True)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--seconds", type=float, default=5.0)
    ap.add_argument("--warmup", type=float, default=1.0)
    ap.add_argument("--mbcache", type=int, default=250)
    ap.add_argument("--mbufs", type=int, default=16384)
    ap.add_argument("--cases", default="null,vhost")
    ap.add_argument("--with-mpcache", action="store_true")
    ap.add_argument("--floor", help="the perf_lifo plugin: a floor run per round")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--log", help="append every testpmd's output to this file")
    a = ap.parse_args()

    plugin, staged = stage_plugin(a.plugin)
    floor, floor_staged = stage_plugin(a.floor) if a.floor else (None, None)
    # the floor runs as ours does: no mempool cache, every free a call
    a_floor = argparse.Namespace(**{**vars(a), "mbcache": 0})
    load0 = os.getloadavg()
    rows = []
    try:
        for case in a.cases.split(","):
            title, fn = CASES[case]
            res = {"ours": [], "dpdk": [], "mpcache": [], "floor": []}
            cpu = {"ours": [], "dpdk": [], "mpcache": [], "floor": []}
            for r in range(a.rounds):
                order = [("ours", "pagepool"), ("dpdk", "ring_mp_mc")]
                if r % 2:
                    order.reverse()
                if a.with_mpcache:
                    order.append(("mpcache", "pagepool_mpcache"))
                if floor:
                    order.append(("floor", "perf_lifo"))
                for key, ops in order:
                    if key == "floor":
                        mpps, mpps_cpu = fn(a_floor, floor, ops, "%s%d" % (key, r))
                    else:
                        mpps, mpps_cpu = fn(a, plugin, ops, "%s%d" % (key, r))
                    res[key].append(mpps)
                    cpu[key].append(mpps_cpu)
                    if not a.json:
                        print("%-6s round %d %-8s %7.2f Mpps  %7.2f Mpps per CPU-second" % (
                            case, r, key, mpps, mpps_cpu), flush=True)
            ratios = [o / d for o, d in zip(res["ours"], res["dpdk"]) if d > 0]
            ratios_cpu = [o / d for o, d in zip(cpu["ours"], cpu["dpdk"]) if d > 0]
            row = {
                "name": case,
                "what": title,
                "ours_mpps": round(med(res["ours"]), 3),
                "dpdk_mpps": round(med(res["dpdk"]), 3),
                "ratio": round(med(ratios), 3),
                "rounds": a.rounds,
                "ours_runs": [round(x, 3) for x in res["ours"]],
                "dpdk_runs": [round(x, 3) for x in res["dpdk"]],
                "ratio_runs": [round(x, 3) for x in ratios],
                "ours_mpps_cpu": round(med(cpu["ours"]), 3),
                "dpdk_mpps_cpu": round(med(cpu["dpdk"]), 3),
                "ratio_cpu": round(med(ratios_cpu), 3),
                "ratio_cpu_runs": [round(x, 3) for x in ratios_cpu],
            }
            if a.with_mpcache:
                row["ours_mpcache_mpps"] = round(med(res["mpcache"]), 3)
                row["ours_mpcache_runs"] = [round(x, 3) for x in res["mpcache"]]
                row["ours_mpcache_mpps_cpu"] = round(med(cpu["mpcache"]), 3)
            if floor:
                fr = [f / d for f, d in zip(res["floor"], res["dpdk"]) if d > 0]
                frc = [f / d for f, d in zip(cpu["floor"], cpu["dpdk"]) if d > 0]
                row["floor_mpps"] = round(med(res["floor"]), 3)
                row["floor_runs"] = [round(x, 3) for x in res["floor"]]
                row["floor_mpps_cpu"] = round(med(cpu["floor"]), 3)
                row["floor_ratio"] = round(med(fr), 3)
                row["floor_ratio_runs"] = [round(x, 3) for x in fr]
                row["floor_ratio_cpu"] = round(med(frc), 3)
                row["floor_ratio_cpu_runs"] = [round(x, 3) for x in frc]
            rows.append(row)
    except TestPmdError as e:
        print("mempool_bench: %s" % e, file=sys.stderr)
        return 1
    finally:
        for d in (staged, floor_staged):
            if d:
                shutil.rmtree(d, ignore_errors=True)
    out = {
        "rows": rows,
        "config": {"mbcache": a.mbcache, "mbufs": a.mbufs, "seconds": a.seconds,
                   "warmup": a.warmup, "rounds": a.rounds},
        "loadavg_start": [round(x, 2) for x in load0],
        "loadavg_end": [round(x, 2) for x in os.getloadavg()],
    }
    if a.json:
        print(json.dumps(out, indent=1))
    else:
        print("%-6s %10s %10s %7s %9s  %s" % ("case", "ours Mpps", "dpdk Mpps", "ratio",
                                              "ratio/CPU", "ratio per round"))
        for r in rows:
            print("%-6s %10.2f %10.2f %7.3f %9.3f  %s" % (
                r["name"], r["ours_mpps"], r["dpdk_mpps"], r["ratio"], r["ratio_cpu"],
                r["ratio_runs"]))
            if "floor_ratio" in r:
                print("%-6s floor (perf_lifo, no cache) / ring_mp_mc: %.3f, per CPU %.3f, per round %s" % (
                    r["name"], r["floor_ratio"], r["floor_ratio_cpu"], r["floor_ratio_runs"]))
        print("load average: start %s, end %s" % (out["loadavg_start"], out["loadavg_end"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
