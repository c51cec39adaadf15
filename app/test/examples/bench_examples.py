#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The pagepool authors
"""Benchmark: xdp-like's DROP and reflector paths against l2fwd's mbuf path.

All configurations run in one invocation, on the same two net_null vdevs
and the same lcores (-l 0,1: one forwarding lcore), one after the other
within each round, rounds repeated; each run reports its received frames
per second over the run. Ratios are taken within a round (side by side)
and their median is reported, so that load from other processes on the
machine, which shifts whole rounds, cancels out.

    bench_examples.py --l2fwd BIN --xdp-like BIN [--bpf-dir DIR]
                      [--rounds 3] [--seconds 3] [--json]
"""

import argparse
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import time


def run(cmd, seconds):
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)
    try:
        out, err = proc.communicate(timeout=seconds + 60)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise SystemExit("timed out: %s" % " ".join(cmd))
    out = out.decode(errors="replace")
    if proc.returncode != 0 or "in flight = 0" not in out:
        raise SystemExit("failed (%s): %s\n%s\n%s" % (proc.returncode, " ".join(cmd),
                                                      out[-2000:], err.decode()[-2000:]))
    # the final table's total row: "total <rx> ... <rx-Mpps> [tx-Mpps]"
    fin = out[out.rindex(" final =="):]
    m = re.search(r"^\s*total\s+(\d+)\s.*$", fin, re.M)
    secs = float(re.search(r"(?:forwarded|ran) for ([\d.]+) s", out).group(1))
    return int(m.group(1)) / secs / 1e6


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--l2fwd", required=True)
    ap.add_argument("--xdp-like", required=True)
    ap.add_argument("--bpf-dir")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--seconds", type=float, default=3.0)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    eal = ["-l", "0,1", "--no-pci", "--vdev", "net_null0", "--vdev", "net_null1",
           "--log-level", "lib.eal:warning"]
    if os.environ.get("PPEX_TEST_HUGE") != "1":
        eal += ["--no-huge", "-m", "256"]
    common = ["-T", "0", "--duration", str(args.seconds)]
    configs = [
        ("l2fwd mbuf path (pagepool RX pool)", args.l2fwd, []),
        ("l2fwd mbuf path (rte_mempool RX pool)", args.l2fwd, ["--pool", "mempool"]),
        ("xdp-like DROP (built-in)", args.xdp_like, ["-P", "drop"]),
        ("xdp-like reflector (built-in)", args.xdp_like, ["-P", "reflect"]),
    ]
    if args.bpf_dir and os.path.exists(os.path.join(args.bpf_dir, "drop.o")):
        for name, prog in (("DROP", "drop"), ("reflector", "reflect")):
            configs.append(("xdp-like %s (eBPF, JIT)" % name, args.xdp_like,
                            ["-P", "bpf:" + os.path.join(args.bpf_dir, prog + ".o")]))
    base = configs[0][0]

    mpps = {c[0]: [] for c in configs}
    for r in range(args.rounds):
        for i, (name, binary, extra) in enumerate(configs):
            cmd = [binary, "--file-prefix", "ppexb%d_%d_%d" % (os.getpid(), r, i)] + \
                eal + ["--"] + common + extra
            mpps[name].append(run(cmd, args.seconds))
            if not args.json:
                print("round %d  %-42s %7.3f Mpps" % (r + 1, name, mpps[name][-1]),
                      flush=True)

    rows = []
    for name, _, _ in configs:
        ratios = [a / b for a, b in zip(mpps[name], mpps[base])]
        rows.append({"name": name, "mpps": mpps[name],
                     "median_mpps": statistics.median(mpps[name]),
                     "ratio_vs_l2fwd": statistics.median(ratios),
                     "ratios": ratios})
    if args.json:
        print(json.dumps({"seconds": args.seconds, "rounds": args.rounds,
                          "baseline": base, "rows": rows}, indent=1))
        return 0
    print("\n%d rounds of %.1f s, 64 B frames from net_null, one forwarding lcore;"
          " ratio = median over rounds of (row / %s) in the same round"
          % (args.rounds, args.seconds, base))
    print("%-42s %12s %22s %8s" % ("path", "median Mpps", "min..max Mpps", "ratio"))
    for row in rows:
        print("%-42s %12.3f %10.3f..%-10.3f %8.2f" %
              (row["name"], row["median_mpps"], min(row["mpps"]), max(row["mpps"]),
               row["ratio_vs_l2fwd"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
