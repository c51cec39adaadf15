#!/usr/bin/env python3
"""report.py - the result of one vmlab run: reads the run directory (QEMU and guest
logs, traffic.json), scans for IOMMU (DMAR) faults, parses testpmd's final stats,
checks the expectations, writes result.json (and --json), prints a summary and
exits 0 if the run passed."""
import argparse
import json
import os
import re
import sys

# IOMMU faults as QEMU's emulated VT-d and the guest kernel's intel-iommu driver report them
DMAR_RE = re.compile(
    r"vtd_\w+: detected|translation failure|DMAR: \[(DMA|INTR)|DMAR:.*fault|"
    r"fault addr|fault reason|INTR-REMAP:.*fault", re.I)
PORT_RE = re.compile(r"Forward statistics for port (\d+)")
ACC_RE = re.compile(r"Accumulated forward statistics")
PAIR_RE = re.compile(r"([A-Z]{2}-[a-z]+):\s*(\d+)")
CYC_RE = re.compile(r"CPU cycles/packet=([\d.]+) \((?:total|busy) cycles=(\d+) / total \w+ packets=(\d+)\) at (\d+) MHz")
PROBE_RE = re.compile(r"Probe PCI driver: (\S+) \((\w+:\w+)\) device: (\S+)")


def read(path, default=""):
    try:
        with open(path, errors="replace") as f:
            return f.read()
    except OSError:
        return default


def read_int(path):
    s = read(path).strip()
    return int(s) if s.lstrip("-").isdigit() else None


def dmar_scan(run):
    faults = []
    for name in ("qemu.err", "serial.log", "dmesg.txt"):
        for line in read(os.path.join(run, name)).splitlines():
            if DMAR_RE.search(line):
                faults.append(f"{name}: {line.strip()}")
    return faults


def testpmd_stats(out):
    ports, acc, cur = {}, None, None
    for line in out.splitlines():
        m = PORT_RE.search(line)
        if m:
            cur = ports.setdefault(int(m.group(1)), {})
            continue
        if ACC_RE.search(line):
            cur = acc = {}
            continue
        if cur is not None and ("RX-" in line or "TX-" in line):
            for k, v in PAIR_RE.findall(line):
                cur[k.lower().replace("-", "_")] = int(v)
        elif line.strip().startswith("---") or line.strip().startswith("+++"):
            continue
        elif cur is not None and not line.strip():
            cur = None
    res = dict(ports={str(k): v for k, v in sorted(ports.items())}, total=acc)
    m = CYC_RE.search(out)
    if m:
        res.update(cycles_per_packet=float(m.group(1)), cycles=int(m.group(2)),
                   cycles_packets=int(m.group(3)), tsc_mhz=int(m.group(4)))
    res["drivers"] = sorted({f"{d} ({i}) {b}" for d, i, b in PROBE_RE.findall(out)})
    m = re.search(r"Selected IOVA mode '(\w+)'", out)
    res["iova_mode"] = m.group(1) if m else None
    res["iommu_type1"] = "Using IOMMU type 1" in out
    return res


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--run", required=True)
    ap.add_argument("--mode", choices=("run", "testpmd", "dmar-test"), required=True)
    ap.add_argument("--model")
    ap.add_argument("--nics", type=int)
    ap.add_argument("--json")
    ap.add_argument("--expect-dmar-fault", action="store_true")
    ap.add_argument("--expect-zero-loss", type=int, help="no loss in any step up to this many pps")
    ap.add_argument("--quiet-output", action="store_true", help="do not print the guest output")
    a = ap.parse_args()
    run = a.run
    fail = []
    t0 = float(read(os.path.join(run, "t0")) or 0)
    t_end = float(read(os.path.join(run, "t_end")) or 0)
    qrc = read_int(os.path.join(run, "qemu.rc"))
    grc = read_int(os.path.join(run, "guest.rc"))
    out = read(os.path.join(run, "guest.out"))
    qemu_started = os.path.exists(os.path.join(run, "t0"))
    res = dict(mode=a.mode, ok=False, failures=fail, run_dir=run, model=a.model, nics=a.nics,
               qemu=dict(rc=qrc, seconds=round(t_end - t0, 1) if t_end and t0 else None),
               guest=dict(rc=grc), host_load=read(os.path.join(run, "load")).split())
    if qrc in (124, 137):
        fail.append(f"the VM hit its time limit (QEMU rc {qrc})")
    if not qemu_started:
        fail.append("QEMU was not started")
    if grc is None:
        fail.append("the guest command did not finish (no guest.rc)")
    elif grc != 0 and a.mode != "dmar-test":
        fail.append(f"the guest command failed (rc {grc})")

    # guest uptime (s) at each stage, from the VMLAB: lines of /init and guest.sh
    serial = read(os.path.join(run, "serial.log"))
    tl = {}
    for key, text, pat in (("init_start", serial, r"VMLAB: init start t=([\d.]+)"),
                           ("userland_ready", serial, r"VMLAB: userland ready.* t=([\d.]+)"),
                           ("nics_bound", out, r"VMLAB: NIC .*driver=vfio-pci t=([\d.]+)"),
                           ("testpmd_start", out, r"VMLAB: starting dpdk-testpmd t=([\d.]+)"),
                           ("command_end", out, r"VMLAB: command rc=\d+ t=([\d.]+)")):
        m = re.findall(pat, text)
        if m:
            tl[key] = float(m[-1])
    res["guest"]["uptime_at"] = tl

    faults = dmar_scan(run)
    res["dmar_faults"] = faults
    if a.expect_dmar_fault:
        if not faults:
            fail.append("expected an IOMMU (DMAR) fault, none was seen")
        if a.mode == "dmar-test":
            # the planted fault must be seen by both: QEMU's VT-d and the guest's driver
            bad = [f for f in faults if "dead0000" in f]
            if not any(f.startswith("qemu.err") for f in bad):
                fail.append("QEMU did not report the DMA to 0xdead0000")
            if not any(f.startswith(("dmesg.txt", "serial.log")) for f in bad):
                fail.append("the guest kernel did not log a DMAR fault at 0xdead0000")
    elif faults:
        fail.append(f"{len(faults)} IOMMU (DMAR) fault line(s)")

    if a.mode == "testpmd":
        tp = testpmd_stats(out)
        res["testpmd"] = tp
        tj = os.path.join(run, "traffic.json")
        tr = json.loads(read(tj) or "{}")
        res["traffic"] = tr
        if not tr:
            fail.append("no traffic result")
        elif not tr.get("probe_ok"):
            fail.append("no frame was forwarded (probe timed out)")
        for s in tr.get("steps", []):
            if s["kind"] == "link" and not s.get("ok"):
                fail.append(f"set_link {s['name']} failed: {s.get('error')}")
        for s in tr.get("steps", []):
            if s["kind"] == "measure" and s.get("link_down") and s["received"]:
                fail.append(f"{s['received']} frames crossed while {s['link_down']} was set down")
        if tr.get("corrupted"):
            fail.append(f"{tr['corrupted']} corrupted frame(s)")
        if tr.get("duplicates"):
            fail.append(f"{tr['duplicates']} duplicated frame(s)")
        if a.expect_zero_loss is not None:
            for s in tr.get("steps", []):
                if (s["kind"] == "measure" and not s.get("link_down")
                        and 0 < s["target_pps"] <= a.expect_zero_loss and s["lost"]):
                    fail.append(f"{s['lost']} of {s['sent']} frames lost at {s['target_pps']} pps "
                                f"({s['size']} B); expected none up to {a.expect_zero_loss} pps")
        if tp.get("total") is None:
            fail.append("testpmd printed no final statistics")

    left = read(os.path.join(run, "leftovers")).strip()
    res["leftovers"] = left
    if left:
        fail.append(f"left behind: {left}")
    res["ok"] = not fail
    text = json.dumps(res, indent=1)
    with open(os.path.join(run, "result.json"), "w") as f:
        f.write(text + "\n")
    if a.json:
        os.makedirs(os.path.dirname(os.path.abspath(a.json)), exist_ok=True)
        with open(a.json, "w") as f:
            f.write(text + "\n")

    # ---- human summary
    p = lambda *x: print(*x, file=sys.stderr)  # noqa: E731
    if a.mode == "run" and not a.quiet_output:
        sys.stdout.write("".join(l + "\n" for l in out.splitlines() if not l.startswith("VMLAB: ")))
    if a.mode == "testpmd":
        tr, tp = res["traffic"], res["testpmd"]
        p(f"{'step':>14} {'size':>5} {'sent':>7} {'recv':>7} {'lost':>6} {'loss%':>7} "
          f"{'rx pps':>7} {'p50 ms':>7} {'p99 ms':>7} {'reord':>5} {'dup':>4} {'corr':>4} {'tapdrop':>7}")
        for s in tr.get("steps", []):
            if s["kind"] == "measure":
                p(f"{s['target_pps']:>10} pps {s['size']:>5} {s['sent']:>7} {s['received']:>7} {s['lost']:>6} "
                  f"{s['loss_pct']:>7} {s.get('rx_pps') or 0:>7} {s.get('lat_ms_p50') or 0:>7} "
                  f"{s.get('lat_ms_p99') or 0:>7} {s['reordered']:>5} {s['duplicates']:>4} {s['corrupted']:>4} "
                  f"{s['host_tap_tx_dropped']:>7}" + ("  (link down)" if s.get("link_down") else ""))
            elif s["kind"] == "link":
                p(f"{'link ' + s['name'] + (' on' if s['up'] else ' off'):>14}")
        p(f"zero-loss rate: {tr.get('zero_loss_pps')} pps; forwarding up {tr.get('ready_s')} s after QEMU start")
        if tp.get("cycles_per_packet") is not None:
            p(f"testpmd: {tp['cycles_per_packet']} cycles/packet ({tp['cycles']} cycles / "
              f"{tp['cycles_packets']} packets at {tp['tsc_mhz']} MHz); {', '.join(tp['drivers'])}")
        if tp.get("total"):
            p(f"testpmd totals: {tp['total']}")
    for fl in faults[:20]:
        p(f"DMAR: {fl}")
    p(f"vmlab: {a.mode} {'PASSED' if res['ok'] else 'FAILED'} in {res['qemu']['seconds']} s "
      f"(run dir {run})")
    for fl in fail:
        p(f"  - {fl}")
    if a.mode == "run" and grc:
        return grc
    return 0 if res["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
