#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Instructions per page of each pagepool-perf row, ours and DPDK's.

Runs build/app/pagepool-perf under valgrind --tool=callgrind, one row at a
time (--reps 1: one warm-up call and one measured call of each side), and
divides the inclusive instruction count of each side's function by the
pages it handled. Unlike the timings, these counts repeat exactly, so they
are what to compare between two trees.

  python3 app/perf/callgrind.py [--build build] [--iters 100000] [--json]
      [--only owner_bulk32,remote_ring]

Each figure is the whole benchmark function (loop and timing included)
per page. The two-lcore rows are left out: valgrind runs one thread at a
time, so each side's count is mostly its polls of an empty ring. The figures of doc/perf.md before the fourth session divided by
the pages of one call, not of the two: they are twice these.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

# row: (functions of ours, functions of DPDK's)
ROWS = {
    "owner_single": (["run_owner_single_ours"], ["run_owner_single_dpdk"]),
    "owner_put_page": (["run_owner_put_page_ours"], ["run_owner_single_dpdk"]),
    "owner_bulk32": (["run_owner_bulk_ours"], ["run_owner_bulk_dpdk"]),
    "frag_2k": (["run_frag_ours"], []),
    "mbuf": (["run_mbuf_ours"], ["run_mbuf_dpdk"]),
    "mbuf_ppfree": (["run_mbuf_ppfree_ours"], ["run_mbuf_dpdk"]),
    "mbuf_rtealloc": (["run_mbuf_rtealloc_ours"], ["run_mbuf_dpdk"]),
    "mbuf_attach": (["run_mbuf_attach_ours"], ["run_mbuf_dpdk"]),
    "floor_mbuf": (["run_floor_mbuf"], ["run_mbuf_dpdk"]),
    "mempool_ops": (["run_mempool_ops_ours"], ["run_mempool_ops_dpdk"]),
}


def inclusive(out):
    """function name -> inclusive Ir, from callgrind_annotate."""
    txt = subprocess.run(["callgrind_annotate", "--inclusive=yes",
                          "--threshold=100", out],
                         capture_output=True, text=True, check=True).stdout
    res = {}
    for line in txt.splitlines():
        m = re.match(r"\s*([\d,]+)\s+\([^)]*\)\s+\S*:(\w+)\s", line + " ")
        if m:
            res.setdefault(m.group(2), int(m.group(1).replace(",", "")))
    return res


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default="build")
    ap.add_argument("--iters", type=int, default=100000)
    ap.add_argument("--only", default=",".join(ROWS))
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    exe = os.path.join(a.build, "app", "pagepool-perf")
    rows = []
    with tempfile.TemporaryDirectory() as d:
        for row in a.only.split(","):
            ours, dpdk = ROWS[row]
            out = os.path.join(d, row + ".cg")
            cmd = ["valgrind", "--tool=callgrind", "--callgrind-out-file=" + out,
                   exe, "-l", "0,1", "--no-pci", "--no-huge", "-m", "512",
                   "--file-prefix", "pp-cg-%d" % os.getpid(),
                   "--log-level", "lib.eal:error", "--",
                   "--only", row, "--iters", str(a.iters), "--reps", "1"]
            r = subprocess.run(cmd, capture_output=True, text=True, timeout=900)
            if r.returncode != 0:
                sys.exit("%s failed:\n%s" % (row, r.stderr[-2000:]))
            inc = inclusive(out)
            pages = 2 * a.iters     # warm-up + one rep
            o = sum(inc.get(f, 0) for f in ours) / pages
            p = sum(inc.get(f, 0) for f in dpdk) / pages if dpdk else None
            rows.append({"name": row, "ours_ir": round(o, 2),
                         "dpdk_ir": None if p is None else round(p, 2),
                         "ratio": None if not p else round(o / p, 3)})
    if a.json:
        print(json.dumps({"iters": a.iters, "rows": rows}, indent=1))
        return
    print("%-16s %10s %10s %7s" % ("row", "ours Ir", "DPDK Ir", "ratio"))
    for r in rows:
        print("%-16s %10.2f %10s %7s" % (
            r["name"], r["ours_ir"],
            "-" if r["dpdk_ir"] is None else "%.2f" % r["dpdk_ir"],
            "-" if r["ratio"] is None else "%.3f" % r["ratio"]))
    print("instructions per page (alloc + put), callgrind, %d pages per call"
          % a.iters)


if __name__ == "__main__":
    main()
