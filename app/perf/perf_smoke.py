#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The pagepool authors
"""perf_smoke.py PAGEPOOL-PERF - the benchmark runs, briefly, and says what it
should: every row the README and issue 2 name, both sides measured where
there is a DPDK side, the ratio equal to ours/dpdk, and no page in flight at
the end (the binary exits 1 otherwise). No timing is judged: this is a test
that the benchmark works, not a performance claim (see doc/perf.md)."""
import json
import os
import subprocess
import sys

ROWS = ["owner_single", "owner_bulk32", "remote_ring", "frag_2k", "mbuf",
        "owner_put_page", "mbuf_ppfree", "remote_mbuf", "remote_mbuf_rtefree",
        "mbuf_rtealloc", "mbuf_attach", "remote_mbuf_attach", "floor_mbuf",
        "mempool_ops"]


def main():
    exe = sys.argv[1]
    eal = ["-l", "0,1", "--no-pci", "--file-prefix", f"pp-perf-smoke-{os.getpid()}",
           "--log-level", "lib.eal:error"]
    with open("/proc/meminfo") as f:
        free = [int(l.split()[1]) for l in f if l.startswith("HugePages_Free")]
    if not free or free[0] < 64:
        eal += ["--no-huge", "-m", "1024"]
    cmd = [exe] + eal + ["--", "--iters", "20000", "--reps", "1", "--json"]
    print("+ " + " ".join(cmd), flush=True)
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=240)
    sys.stderr.write(r.stderr)
    if r.returncode != 0:
        print(f"FAIL: exit status {r.returncode}")
        return 1
    doc = json.loads(r.stdout[r.stdout.index("{"):])
    rows = {row["name"]: row for row in doc["rows"]}
    bad = []
    for name in ROWS:
        row = rows.get(name)
        if row is None:
            bad.append(f"row {name} missing")
            continue
        if not row["ours_ns"] or row["ours_ns"] <= 0:
            bad.append(f"{name}: ours_ns {row['ours_ns']}")
        if name == "frag_2k":
            if row["dpdk_ns"] is not None or row["ratio"] is not None:
                bad.append("frag_2k has a DPDK side")
            continue
        if not row["dpdk_ns"] or row["dpdk_ns"] <= 0:
            bad.append(f"{name}: dpdk_ns {row['dpdk_ns']}")
        elif abs(row["ratio"] - row["ours_ns"] / row["dpdk_ns"]) > 0.01 * row["ratio"] + 0.002:
            bad.append(f"{name}: ratio {row['ratio']} is not ours/dpdk")
    for b in bad:
        print("FAIL: " + b)
    print(f"perf smoke: {len(rows)} rows, {'FAILED' if bad else 'ok'}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
