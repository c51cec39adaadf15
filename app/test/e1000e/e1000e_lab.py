#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The pagepool authors
"""e1000e_lab.py - net_pp_e1000e in the VM lab (devtools/vmlab, doc/vmlab.md).

usage: e1000e_lab.py --vmlab VMLAB --plugin PLUGIN.so --build BUILDDIR [--out DIR] CASE

CASE is one of:
  forward     testpmd io forwarding between two 82574L ports on our driver: the rate
              ladder at 60 B, then 1514 B; byte-exact, no DMAR fault, no loss up to
              --zero-loss pps, every RX pool freed at close with nothing in flight
  jumbo       MTU 9000: 60, 1514, 4000 and 9000 B frames (chained RX buffers)
  cross       our e1000e + DPDK's virtio: frames received on ours and sent by virtio
              (and back); the pool's pages come home (pool stats), freed at close
  link        set_link nic1 off/on over QMP mid-traffic: testpmd reports both link
              changes (LSC interrupt) and forwarding resumes with no loss
  lifecycle   testpmd commands, no traffic: 2 queues with RSS, queue stop/start,
              MTU 9000, promisc/allmulti, re-configure to 1 queue, close: no command
              fails and every RX pool ever created is freed with nothing in flight
  nombuf      RX pools of 560 pages for 512-descriptor rings (devarg pool_bufs), so
              pages wait in the peer's TX ring: the pools run dry (rxq0_nombuf > 0),
              yet 99 % of every step up to 40k pps arrives and the last step, at
              1k pps after the fast ones, loses nothing (the queue kept working)
  sidebyside  one boot, testpmd twice per driver, alternating ours / DPDK's em, the
              same ladder each time: zero-loss rate and cycles/packet, with ratios

Each case prints a summary, writes OUT/CASE.json and exits 0 (pass), 1 (fail) or
77 (skipped: not root, or the lab cannot run here). A case checks afterwards that
its vmlab run left no process and no network namespace behind.
"""
import argparse
import json
import os
import re
import signal
import subprocess
import sys

sys.dont_write_bytecode = True  # lablib: no __pycache__ in the tree
sys.path.insert(0, os.path.join(os.path.dirname(os.path.realpath(__file__)), ".."))
from lablib import LabCase, lab_unavailable, log, run_case  # noqa: E402

LADDER = "1000:5000,10000:20000,20000:20000,40000:40000,60000:60000,80000:80000,100000:100000"
CYC_RE = re.compile(r"CPU cycles/packet=([\d.]+) \((?:total|busy) cycles=(\d+) / "
                    r"total \w+ packets=(\d+)\) at (\d+) MHz")
PROBE_RE = re.compile(r"Probe PCI driver: (\S+) \((\w+:\w+)\) device: (\S+)")
XSTAT_RE = re.compile(r"^\s+(rxq\d+_\w+)\s+(\d+)\s+(\d+)\s*$")
FREED_RE = re.compile(r"pagepool: (e1000e\d+_rxq\d+_\d+): freed")
CREATED_RE = re.compile(r"pagepool: (e1000e\d+_rxq\d+_\d+): \d+ pages")
RXPKT_RE = re.compile(r"^\s+RX-packets:\s+(\d+)\s+RX-missed")
LSC_RE = re.compile(r"Port (\d+): link state change event")
POOL_XSTATS = ("rxq0_nombuf", "rxq0_desc_errors", "rxq0_pool_alloc_fast", "rxq0_pool_alloc_slow",
               "rxq0_pool_in_flight", "rxq0_pool_recycle_cached", "rxq0_pool_recycle_ring",
               "rxq0_pool_pages")


class Case(LabCase):
    def base_args(self, model="e1000e"):
        return ["--model", model, "--plugin", self.a.plugin, "--build", self.a.build,
                "--eal", "--log-level=pagepool:debug"]

    # ---- common checks on a testpmd run of our driver

    def check_run(self, rc, res, label, ports=("0000:00:04.0", "0000:00:05.0")):
        self.check(res.get("ok") and rc == 0,
                   f"{label}: vmlab failed: {res.get('failures') or 'rc %d' % rc}")
        out = self.guest_out(res)
        probed = {dev: drv for drv, _, dev in PROBE_RE.findall(out)}
        for dev in ports:
            self.check(probed.get(dev) == "net_pp_e1000e",
                       f"{label}: {dev} probed by {probed.get(dev)}, not net_pp_e1000e")
        created = set(CREATED_RE.findall(out))
        freed = set(FREED_RE.findall(out))
        self.check(created and created <= freed,
                   f"{label}: RX pools not freed with zero in flight at close: "
                   f"created {sorted(created)}, freed {sorted(freed)}")
        self.check("still in flight" not in out, f"{label}: pages still in flight at close")
        return out

    @staticmethod
    def last_xstats(out):
        """The last values testpmd printed for --display-xstats (and RX-packets of
        the same display), per port."""
        blocks, cur = [], None
        for line in out.splitlines():
            if "NIC statistics for port" in line:
                cur = {}
                blocks.append((int(re.search(r"port (\d+)", line).group(1)), cur))
                continue
            m = XSTAT_RE.match(line)
            if m and cur is not None:
                cur[m.group(1)] = int(m.group(2))
            m = RXPKT_RE.match(line)
            if m and cur is not None:
                cur["rx_packets"] = int(m.group(1))
        last = {}
        for port, d in blocks:
            if d:
                last[port] = d
        return last

    def xstat_args(self, period=2):
        return ["--tp", f"--stats-period {period} --display-xstats " + ",".join(POOL_XSTATS)]

    # ---- cases

    def forward(self):
        rates = LADDER + ",1000:5000:1514,10000:20000:1514"
        rc, res = self.vmlab("testpmd", self.base_args() + self.xstat_args(5) +
                                ["--rates", rates, "--expect-zero-loss", str(self.a.zero_loss)],
                                "forward")
        self.check_run(rc, res, "forward")
        tr = res.get("traffic", {})
        self.res.update(zero_loss_pps=tr.get("zero_loss_pps"), steps=[
            {k: s.get(k) for k in ("target_pps", "size", "sent", "received", "lost",
                                   "corrupted", "rx_pps", "lat_ms_p50", "lat_ms_p99")}
            for s in tr.get("steps", []) if s.get("kind") == "measure"],
            cycles_per_packet=res.get("testpmd", {}).get("cycles_per_packet"))
        for s in tr.get("steps", []):
            if s.get("kind") == "measure":
                self.check(s.get("received", 0) > 0, f"nothing came back at {s['target_pps']} pps")
        # Issue 10 section 4: one forwarding lcore polls port 0 and completes
        # port 1's TX, so the pages it frees go straight into its own
        # pool's cache; the return ring is for other lcores only.
        split = {}
        for port, xs in self.last_xstats(self.guest_out(res)).items():
            cached = xs.get("rxq0_pool_recycle_cached", 0)
            ring = xs.get("rxq0_pool_recycle_ring", 0)
            split[port] = {"recycle_cached": cached, "recycle_ring": ring}
            if cached + ring == 0 and port != 0:
                continue        # port 1 receives nothing in this case
            self.check(cached > 0 and ring * 100 <= cached,
                       f"forward: port {port}: {ring} ring recycles against {cached} cached "
                       f"on a single forwarding lcore (want >= 99 % cached)")
        self.check(0 in split, "forward: no pool xstats of port 0")
        self.res.update(recycle_split=split)

    def nombuf(self):
        rates = "1000:3000,10000:20000,40000:40000,1000:3000"
        rc, res = self.vmlab("testpmd", self.base_args() + self.xstat_args(2) +
                                ["--devargs", "pool_bufs=560", "--rates", rates,
                                 "--expect-zero-loss", "1000"], "nombuf")
        out = self.check_run(rc, res, "nombuf")
        # The queue must keep working: nearly every frame of every step
        # arrives (a ring short of pages may drop the odd frame of a burst,
        # as a short mempool would) and the last, slow step loses nothing.
        steps = [st for st in res.get("traffic", {}).get("steps", [])
                 if st.get("kind") == "measure"]
        self.check(len(steps) == 4, f"nombuf: {len(steps)} steps measured, not 4")
        for st in steps:
            self.check(st.get("received", 0) >= 0.99 * st.get("sent", 1),
                       f"nombuf: {st.get('received')} of {st.get('sent')} frames at "
                       f"{st.get('target_pps')} pps")
        if steps:
            self.check(steps[-1].get("lost", 1) == 0,
                       f"nombuf: {steps[-1].get('lost')} frames lost in the last step")
        xs = self.last_xstats(out)
        nombuf = {p: d.get("rxq0_nombuf", 0) for p, d in xs.items()}
        pages = {p: d.get("rxq0_pool_pages") for p, d in xs.items()}
        self.res.update(nombuf=nombuf, pool_pages=pages,
                        zero_loss_pps=res.get("traffic", {}).get("zero_loss_pps"))
        self.check(pages.get(0) == 560, f"port 0 pool has {pages.get(0)} pages, not 560")
        self.check(nombuf.get(0, 0) > 0, "port 0's pool never ran dry: the case tests nothing")

    def jumbo(self):
        rates = ",".join(f"1000:500:{n}" for n in (60, 1514, 4000, 9000))
        rc, res = self.vmlab("testpmd", self.base_args() + ["--jumbo", "--rates", rates,
                                "--expect-zero-loss", "1000"] + self.xstat_args(5), "jumbo")
        out = self.check_run(rc, res, "jumbo")
        got = {s["size"]: s["received"] for s in res.get("traffic", {}).get("steps", [])
               if s.get("kind") == "measure"}
        self.res.update(received_by_size=got)
        self.check(got.get(9000) == 500, f"9000 B frames: {got.get(9000)} of 500 came back")
        xs = self.last_xstats(out)
        self.res.update(xstats=xs)

    def cross(self):
        # nic0 (port 0) is an 82574L on our driver, nic1 (port 1) virtio on DPDK's
        # (loss on the virtio/tap side at 10k pps depends on host load: not asserted)
        rates = "1000:5000,10000:20000,1000:2000:1514"
        rc, res = self.vmlab("testpmd", self.base_args("mix") + self.xstat_args(2) +
                                ["--rates", rates, "--expect-zero-loss", "1000"], "cross")
        out = self.check_run(rc, res, "cross", ports=("0000:00:04.0",))
        probed = {dev: drv for drv, _, dev in PROBE_RE.findall(out)}
        self.check(probed.get("0000:00:05.0") == "net_virtio",
                   f"cross: 00:05.0 probed by {probed.get('0000:00:05.0')}, not net_virtio")
        xs = self.last_xstats(out).get(0, {})
        rx0 = xs.get("rx_packets", 0)  # at the time of the pool counters below
        self.res.update(xstats_port0=xs, port0_rx_packets=rx0)
        recycled = xs.get("rxq0_pool_recycle_cached", 0) + xs.get("rxq0_pool_recycle_ring", 0)
        in_flight = xs.get("rxq0_pool_in_flight", 1 << 30)
        ring = 512  # a page behind each RX descriptor (--rxd=512)
        # every page that left with a frame sent by virtio is back, except those
        # virtio's TX ring still holds (it frees lazily, at most its 512 entries)
        held = in_flight - ring
        self.res.update(pages_recycled=recycled, pages_held_by_peer=held)
        self.check(0 <= held <= 512 + 32, f"cross: {in_flight} pages in flight at the end")
        self.check(recycled + held + 64 >= rx0,
                   f"cross: {rx0} frames received, {recycled} pages recycled, {held} held")
        self.check(xs.get("rxq0_nombuf", 1) == 0, f"cross: rx_nombuf {xs.get('rxq0_nombuf')}")

    def link(self):
        rates = "1000:2000,link:nic1:off,1000:1000,link:nic1:on,sleep:2,1000:2000"
        rc, res = self.vmlab("testpmd", self.base_args() + ["--rates", rates,
                                "--expect-zero-loss", "1000"], "link")
        out = self.check_run(rc, res, "link")
        events = LSC_RE.findall(out)
        self.res.update(lsc_events=len(events))
        self.check(events.count("1") >= 2,
                   f"link: {events.count('1')} link state change event(s) on port 1, want >= 2")
        steps = [s for s in res.get("traffic", {}).get("steps", []) if s.get("kind") == "measure"]
        self.check(len(steps) == 3 and steps[-1].get("lost") == 0 and steps[-1]["received"] > 0,
                   "link: forwarding did not resume after link up")

    def staged_plugin(self):
        """vmlab --stage arguments for the plugin and the non-system libraries
        it links (libpagepool in a build tree), and the plugin's path in the
        guest. EAL refuses a plugin under a world-writable directory (a CI
        clone in /tmp), so these cases always load a staged copy."""
        args = ["--stage", self.a.plugin]
        ldd = subprocess.run(["ldd", self.a.plugin], capture_output=True, text=True).stdout
        for ln in ldd.splitlines():
            f = ln.split()
            if len(f) >= 3 and f[1] == "=>" and f[2].startswith("/") \
                    and not re.match(r"^/(usr|lib)", f[2]):
                args += ["--stage", f[2]]
        return args, "$RUN/stage/" + os.path.basename(self.a.plugin)

    def lifecycle(self):
        cmds = os.path.join(os.path.dirname(os.path.realpath(__file__)), "lifecycle.cmds")
        nics = "-a 0000:00:04.0 -a 0000:00:05.0"
        stage, plugin = self.staged_plugin()
        # the guest has its own /tmp: a source tree there (a CI clone) is not
        # visible, so the command file travels in the stage directory too
        stage += ["--stage", cmds]
        gcmd = (f"dpdk-testpmd -l 0,1 -n 1 -d {plugin} "
                f"--log-level=pagepool:debug {nics} -- -i --rxq=1 --txq=1 --rxd=512 "
                f"--txd=512 --total-num-mbufs=8192 "
                f"--cmdline-file=$RUN/stage/{os.path.basename(cmds)}")
        rc, res = self.vmlab("run", ["--model", "e1000e", "--build", self.a.build,
                                        "--timeout", "200"] + stage + ["--", gcmd],
                                "lifecycle")
        out = self.check_run(rc, res, "lifecycle")
        bad = [ln.strip() for ln in out.splitlines()
               if re.search(r"fail|error|invalid|cannot", ln, re.I)
               and not re.match(r"^\s*\w+: \d+$", ln)]  # xstats such as rx_errors: 0
        self.res.update(suspicious_lines=bad[:20])
        self.check(not bad, f"lifecycle: {len(bad)} failing command line(s): {bad[:5]}")
        self.check(len(set(CREATED_RE.findall(out))) >= 6,
                   "lifecycle: fewer RX pools than the re-configurations should make")
        self.check(re.search(r"rxq1_pool_pages:\s*\d+", out) is not None,
                   "lifecycle: no xstats for the second RX queue")
        self.check("Bye..." in out, "lifecycle: testpmd did not quit cleanly")
        # the redirection table set through reta_update reads back
        reta = {int(i): int(q) for i, q in
                re.findall(r"RSS RETA configuration: hash index=(\d+), queue=(\d+)", out)}
        self.res.update(reta=reta)
        self.check(reta == {0: 1, 1: 0, 2: 1, 3: 0},
                   f"lifecycle: RETA entries 0-3 read back as {reta}, want 1, 0, 1, 0")

    def sidebyside(self):
        """One boot: ours, em, ours, em, each testpmd fed the same ladder."""
        rounds = self.a.rounds
        stage, plugin = self.staged_plugin()
        eal = f"-d {plugin}"
        tp = "--forward-mode=io"
        # in the guest: the vmlab_* functions of guest.sh; VMLAB_EAL holds extra EAL args
        # alternate which driver goes first, so that order effects cancel
        order = [("ours", "em") if i % 2 == 0 else ("em", "ours") for i in range(rounds)]
        steps = []
        for i, pair in enumerate(order):
            for drv in pair:
                e = eal if drv == "ours" else ""
                steps.append(f'VMLAB_EAL="{e}"; vmlab_testpmd {tp}; echo SBS-END-{drv}-{i}')
        gcmd = "; ".join(steps)
        js = os.path.join(self.a.out, "sidebyside.vmlab.json")
        cmd = [self.a.vmlab, "run", "--model", "e1000e", "--build", self.a.build,
               "--timeout", str(self.a.timeout - 60), "--json", js] + stage + ["--", gcmd]
        log("+ " + " ".join(cmd))
        vm = subprocess.Popen(cmd, start_new_session=True, stdout=subprocess.DEVNULL)
        results = []
        try:
            run = self.wait_run_dir(vm.pid)
            for i, pair in enumerate(order):
                for drv in pair:
                    tj = os.path.join(run, f"traffic-{drv}-{i}.json")
                    self.traffic(vm.pid, run, tj)
                    open(os.path.join(run, "stop"), "w").close()
                    # the next testpmd removes the stop file when it starts
                    self.wait_for(lambda: f"SBS-END-{drv}-{i}" in self.read(run, "guest.out"),
                                  90, f"testpmd ({drv}, round {i}) to stop")
                    if not (i == rounds - 1 and drv == pair[1]):
                        self.wait_for(lambda: not os.path.exists(os.path.join(run, "stop")),
                                      90, "the next testpmd to start")
                    with open(tj) as f:
                        results.append((drv, i, json.load(f)))
            vm.wait(timeout=120)
        except Exception as e:  # noqa: BLE001 - any failure ends the run, reported
            self.fail.append(f"sidebyside: {e}")
            os.killpg(vm.pid, signal.SIGTERM)
            vm.wait(timeout=60)
        self.left_behind(vm.pid)
        out = self.read(self.run_dir or "", "guest.out")
        cyc = [float(m.group(1)) for m in CYC_RE.finditer(out)]
        drvs = PROBE_RE.findall(out)
        table = []
        for k, (drv, i, tr) in enumerate(results):
            zl = tr.get("zero_loss_pps") or 0
            row = dict(driver=drv, round=i, zero_loss_pps=zl,
                       cycles_per_packet=cyc[k] if k < len(cyc) else None,
                       probed=sorted({d for d, _, _ in drvs[2 * k:2 * k + 2]}),
                       steps=[(s["target_pps"], s["received"], s["lost"], s.get("rx_pps"))
                              for s in tr.get("steps", []) if s.get("kind") == "measure"])
            table.append(row)
            self.check(tr.get("corrupted", 0) == 0, f"{drv} round {i}: corrupted frames")
        for row in table:
            want = "net_pp_e1000e" if row["driver"] == "ours" else "net_e1000_em"
            self.check(row["probed"] == [want], f"{row['driver']} round {row['round']}: "
                       f"probed by {row['probed']}")
        self.res.update(table=table)
        # TCG on a shared 2-core host is noisy (the same driver varies by 20 %
        # between runs): compare medians of the rounds.
        med = {}
        for drv in ("ours", "em"):
            rows = [r for r in table if r["driver"] == drv]
            cp = sorted(r["cycles_per_packet"] for r in rows if r["cycles_per_packet"])
            zl = sorted(r["zero_loss_pps"] for r in rows)
            if rows and cp:
                med[drv] = dict(zero_loss_pps=zl[(len(zl) - 1) // 2],
                                cycles_per_packet=cp[(len(cp) - 1) // 2],
                                zero_loss_all=zl, cycles_all=cp)
        self.res.update(median=med)
        # and round by round (the two drivers of a round ran back to back)
        paired = []
        for i in range(rounds):
            o = [r for r in table if r["driver"] == "ours" and r["round"] == i]
            e = [r for r in table if r["driver"] == "em" and r["round"] == i]
            if o and e and o[0]["cycles_per_packet"] and e[0]["cycles_per_packet"]:
                paired.append(round(o[0]["cycles_per_packet"] / e[0]["cycles_per_packet"], 3))
        self.res.update(paired_cycles_ratios=paired)
        if "ours" in med and "em" in med:
            o, e = med["ours"], med["em"]
            zr = o["zero_loss_pps"] / e["zero_loss_pps"] if e["zero_loss_pps"] else None
            cr = o["cycles_per_packet"] / e["cycles_per_packet"]
            met = zr is not None and zr >= 1.0 and cr <= 1.0
            self.res.update(zero_loss_ratio=zr, cycles_ratio=cr, issue_criteria_met=met)
            log(f"side by side (median of {rounds}): zero-loss ours {o['zero_loss_pps']} / em "
                f"{e['zero_loss_pps']} = {zr}; cycles/packet ours {o['cycles_per_packet']} / em "
                f"{e['cycles_per_packet']} = {cr:.3f}; ratio >= 1.0 and <= 1.0: "
                f"{'met' if met else 'NOT met'}")
            if not self.a.no_ratio_check:
                self.check(zr is not None and zr >= self.a.min_zero_loss_ratio,
                           f"zero-loss rate ratio {zr} < {self.a.min_zero_loss_ratio}")
                self.check(cr <= self.a.max_cycles_ratio,
                           f"cycles/packet ratio {cr:.3f} > {self.a.max_cycles_ratio}")
        else:
            self.fail.append("sidebyside: missing results")

    # ---- helpers for sidebyside

    def traffic(self, pid, run, json_path):
        qpg = int(self.read(run, "qemu.pgid").strip() or 0)
        t0 = float(self.read(run, "t0").strip() or 0)
        cmd = ["ip", "netns", "exec", f"ppvm-{pid}", "python3",
               os.path.join(os.path.dirname(self.a.vmlab), "traffic.py"),
               "--tx", "pp0", "--rx", "pp1", "--rates", self.a.rates, "--count", "20000",
               "--probe-timeout", "120", "--watch-pid", str(qpg), "--t0", str(t0),
               "--json", json_path]
        log("+ " + " ".join(cmd))
        r = subprocess.run(cmd, timeout=600, stdout=subprocess.DEVNULL)
        if r.returncode not in (0, 1):
            raise RuntimeError(f"traffic.py rc {r.returncode}")


# failure texts that are about lost frames and nothing else
LOSS_ONLY_RE = re.compile(
    r"^(\w+: vmlab failed: \[('\d+ of \d+ frames lost[^']*',? ?)+\]"
    r"|link: forwarding did not resume after link up"
    r"|\d+ B frames: \d+ of \d+ came back)$")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--vmlab", required=True)
    ap.add_argument("--plugin", required=True)
    ap.add_argument("--build", required=True)
    ap.add_argument("--out", default=".")
    ap.add_argument("--timeout", type=int, default=600, help="seconds for one vmlab run")
    ap.add_argument("--zero-loss", type=int, default=10000,
                    help="forward: no loss expected up to this rate")
    ap.add_argument("--rounds", type=int, default=3, help="sidebyside: runs per driver")
    ap.add_argument("--min-zero-loss-ratio", type=float, default=1.0,
                    help="sidebyside: fail below this ours/em zero-loss rate ratio")
    ap.add_argument("--max-cycles-ratio", type=float, default=1.10,
                    help="sidebyside: fail above this ours/em cycles/packet ratio (the "
                    "issue asks 1.0; run-to-run noise under TCG is ~20 %%)")
    ap.add_argument("--rates", default=LADDER, help="sidebyside: the ladder")
    ap.add_argument("--no-ratio-check", action="store_true",
                    help="sidebyside: report the ratios without asserting them")
    ap.add_argument("case", choices=("forward", "jumbo", "cross", "link", "lifecycle",
                                     "nombuf", "sidebyside"))
    a = ap.parse_args()
    why = lab_unavailable()
    if why:
        log(f"{why}: skipped")
        return 77
    return run_case(Case, a, "e1000e", LOSS_ONLY_RE)

if __name__ == "__main__":
    sys.exit(main())
