#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The pagepool authors
"""virtio_lab.py - net_pp_virtio in the VM lab (devtools/vmlab, doc/vmlab.md).

usage: virtio_lab.py --vmlab VMLAB --plugin librte_net_pp_virtio.so --build BUILDDIR
                     [--e1000e-plugin librte_net_pp_e1000e.so] [--out DIR] CASE

Every case runs QEMU's virtio-net-pci (1af4:1041, disable-legacy=on,
iommu_platform=on) behind the emulated VT-d, loads our plugin into the guest's
application with EAL -d while DPDK's own net_virtio is in the PMD directory too
(so ours must win the probe), checks that ours drove each virtio port, that no
DMAR fault was reported and, at close, that every RX pool was freed with nothing
in flight. CASE is one of:

  transport   the modern PCI transport alone (virtio_pci.c linked with vpci_check.c,
              --check-plugin): reset, features, ACCESS_PLATFORM enforced, MAC and
              link through the config space, queue sizes, a TX queue set up whose
              frames the device returns, per-queue reset, the config change
              interrupt on set_link off/on from the host; with 2 queue pairs and
              packed rings offered. A third, transitional virtio-net (1af4:1000,
              disable-legacy=off) is refused by ours with a message and taken by
              DPDK's net_virtio
  forward     testpmd io forwarding between two virtio ports: the rate ladder at
              60 B, then 1514 B; byte-exact, no loss up to --zero-loss pps
  jumbo       tap MTU 9000, 500 frames of each of 60..9000 B: byte-exact, the
              bigger ones through mergeable RX buffers (MRG_RXBUF negotiated)
  cross       our e1000e (port 0) and our virtio (port 1), one testpmd: frames
              host -> e1000e -> virtio -> host, then the other way; each RX pool's
              pages come home after the other driver sent them (pool xstats)
  link        set_link nic1 off/on over QMP mid-traffic: testpmd reports both
              changes (the config change interrupt, LSC) and forwarding resumes
  lifecycle   interactive testpmd driven step by step with traffic between the
              steps: promiscuous off drops foreign unicast, on forwards it again;
              2 queue pairs, queue stop/start, MTU 9000, back to 1 queue, close
  multiqueue  2 queue pairs (mq=on, multi-queue taps) and IPv4/UDP traffic over
              16 flows: each RX queue of port 0 receives frames
  packed      the forward ladder on packed virtqueues (packed=on, RING_PACKED)
  l2fwd       pagepool-l2fwd on the raw page path, then on the mbuf path, then
              testpmd, one boot: byte-exact, every page back at exit
  xdp         pagepool-xdp-like on the raw path: drop, reflect, redirect 0 -> 1:
              the frames out match the model of the program
  sidebyside  one boot, testpmd alternating ours / DPDK's net_virtio, the same
              ladder each time: zero-loss rate and cycles/packet, with ratios

Each case prints a summary, writes OUT/CASE.json and exits 0 (pass), 1 (fail) or
77 (skipped: not root, no QEMU). A case checks afterwards that its vmlab run left
no process and no network namespace behind.
"""
import argparse
import json
import os
import re
import signal
import subprocess
import sys
import time

sys.dont_write_bytecode = True  # it imports app/test/examples: no __pycache__ in the tree
HERE = os.path.dirname(os.path.realpath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))
from lablib import LabCase, lab_unavailable, log, run_case  # noqa: E402

LADDER = "1000:5000,10000:20000,20000:20000,40000:40000,60000:60000,80000:80000,100000:100000"
CYC_RE = re.compile(r"CPU cycles/packet=([\d.]+) \((?:total|busy) cycles=(\d+) / "
                    r"total \w+ packets=(\d+)\) at (\d+) MHz")
PROBE_RE = re.compile(r"Probe PCI driver: (\S+) \((\w+:\w+)\) device: (\S+)")
FREED_RE = re.compile(r"pagepool: (\w+?\d+_rxq\d+_\d+): (?:freed|all pages back)")
CREATED_RE = re.compile(r"pagepool: (\w+?\d+_rxq\d+_\d+): \d+ pages")
NEGOTIATED_RE = re.compile(r"(\S+): modern virtio-net, features offered "
                           r"0x([0-9a-f]+), negotiated 0x([0-9a-f]+)")
LSC_RE = re.compile(r"Port (\d+): link state change event")
STREAM_RE = re.compile(r"Forward Stats for RX Port= *(\d+)/Queue= *(\d+) -> TX Port= *(\d+)/"
                       r"Queue= *(\d+) -+\s+RX-packets: (\d+)")
XSTATS_HDR_RE = re.compile(r"NIC extended statistics for port (\d+)")
XSTAT_LINE_RE = re.compile(r"^\s*(\w+): (\d+)\s*$")
NICS = ("0000:00:04.0", "0000:00:05.0")
OURS = "net_pp_virtio"
# feature bits (virtio 1.2, drivers/net/virtio/virtio_spec.h)
F_MRG_RXBUF, F_ACCESS_PLATFORM, F_RING_PACKED, F_MQ = 15, 33, 34, 22


class Case(LabCase):
    def plugins(self, e1000e=False):
        args = ["--plugin", self.a.plugin]
        if e1000e:
            args += ["--plugin", self.a.e1000e_plugin]
        return args

    def base_args(self, model="virtio", e1000e=False):
        return ["--model", model, "--build", self.a.build,
                "--eal", "--log-level=pagepool:debug --log-level=pmd.net.pp_virtio*:info"
                ] + self.plugins(e1000e)

    # ---- common checks on a run of our driver

    def check_run(self, rc, res, label, ports=None):
        """vmlab passed, no DMAR fault, ours probed the virtio ports (ports: BDF ->
        expected driver), every RX pool created was freed with nothing in flight."""
        ports = ports or {b: OURS for b in NICS}
        self.check(res.get("ok") and rc == 0,
                   f"{label}: vmlab failed: {res.get('failures') or 'rc %d' % rc}")
        self.check(not res.get("dmar_faults"), f"{label}: DMAR faults {res.get('dmar_faults')}")
        out = self.guest_out(res)
        self.check_out(out, label, ports)
        return out

    def check_out(self, out, label, ports):
        probed = {}
        for drv, _, dev in PROBE_RE.findall(out):
            probed.setdefault(dev, drv)     # the first driver EAL offered it to
        for dev, want in ports.items():
            self.check(probed.get(dev) == want,
                       f"{label}: {dev} probed by {probed.get(dev)}, not {want}")
        created = set(CREATED_RE.findall(out))
        freed = set(FREED_RE.findall(out))
        self.check(created and created <= freed,
                   f"{label}: RX pools not freed with zero in flight at close: "
                   f"created {sorted(created)}, freed {sorted(freed)}")
        self.check("still in flight" not in out, f"{label}: pages still in flight at close")
        neg = {dev: (int(o, 16), int(n, 16)) for dev, o, n in NEGOTIATED_RE.findall(out)}
        for dev, want in ports.items():
            if want == OURS:
                self.check(dev in neg, f"{label}: {dev}: no negotiated features logged")
                if dev in neg:
                    self.check(neg[dev][1] >> F_ACCESS_PLATFORM & 1,
                               f"{label}: {dev}: ACCESS_PLATFORM not negotiated")
        self.res.setdefault("features", {}).update(
            {dev: dict(offered=hex(o), negotiated=hex(n)) for dev, (o, n) in neg.items()})
        return neg

    def steps(self, res):
        return [s for s in res.get("traffic", {}).get("steps", []) if s.get("kind") == "measure"]

    def record_steps(self, res):
        tr = res.get("traffic", {})
        self.res.update(zero_loss_pps=tr.get("zero_loss_pps"), steps=[
            {k: s.get(k) for k in ("target_pps", "size", "sent", "received", "lost",
                                   "corrupted", "rx_pps", "lat_ms_p50", "lat_ms_p99")}
            for s in self.steps(res)],
            cycles_per_packet=res.get("testpmd", {}).get("cycles_per_packet"))

    # ---- cases

    def transport(self):
        """vpci_check.c in place of the device layer (see its header)."""
        stage, plugin = self.staged(self.a.check_plugin)
        legacy = "0000:00:06.0"
        d = f"/sys/bus/pci/devices/{legacy}"
        gcmd = (f"[ -e {d}/driver ] && echo {legacy} > {d}/driver/unbind; "
                f"echo vfio-pci > {d}/driver_override; echo {legacy} > /sys/bus/pci/drivers_probe; "
                f"echo LEGACY-DRIVER $(basename $(readlink {d}/driver)); "
                f"stdbuf -oL -eL dpdk-testpmd -l 0,1 -n 1 --log-level=lib.eal:info -d {plugin} "
                f"-a {NICS[0]} -a {NICS[1]} -- -i --total-num-mbufs=2048 </dev/null; "
                # the transitional NIC in a process of its own, IOVA as PA: it
                # bypasses the vIOMMU (no iommu_platform), so only physical
                # addresses reach its memory, and net_virtio, which takes it,
                # waits for its control queue without a bound
                f"stdbuf -oL -eL dpdk-testpmd -l 0,1 -n 1 --log-level=lib.eal:info --iova-mode=pa "
                f"-d {plugin} -a {legacy} -- -i --total-num-mbufs=2048 </dev/null")
        js = os.path.join(self.a.out, "transport.vmlab.json")
        cmd = [self.a.vmlab, "run", "--model", "virtio", "--queues", "2",
               "--nic-opts", "packed=on", "--build", self.a.build, "--env",
               f"VPCI_CHECK_LINK={NICS[1]}", "--timeout", str(self.a.timeout - 60),
               # QEMU refuses iommu_platform on a transitional device (no netdev:
               # it sees no frame)
               "--qemu-args", "-device virtio-net-pci,disable-legacy=off,"
               "addr=0x6,romfile=,mac=52:54:00:00:00:19",
               "--json", js] + stage + ["--", gcmd]
        log("+ " + " ".join(cmd))
        vm = subprocess.Popen(cmd, start_new_session=True, stdout=subprocess.DEVNULL)
        try:
            run = self.wait_run_dir(vm.pid, vm)
            self.wait_for(lambda: "waiting for link changes" in self.read(run, "guest.out")
                          or vm.poll() is not None, 300, "the check to wait for link changes")
            if vm.poll() is not None:
                raise RuntimeError("the guest ended before the link test")
            for state in ("off", "on"):
                r = subprocess.run([self.a.vmlab, "link", "--run", run, "nic1", state],
                                   capture_output=True, text=True, timeout=30)
                self.check(r.returncode == 0, f"transport: vmlab link nic1 {state}: {r.stderr}")
                time.sleep(2)
            vm.wait(timeout=180)
        except Exception as e:  # noqa: BLE001 - reported
            self.fail.append(f"transport: {e}")
            os.killpg(vm.pid, signal.SIGTERM)
            vm.wait(timeout=60)
        self.left_behind(vm.pid)
        try:
            with open(js) as f:
                res = json.load(f)
        except (OSError, ValueError):
            res = {}
        out = self.read(self.run_dir, "guest.out")
        self.check(res.get("ok"), f"transport: vmlab failed: {res.get('failures')}")
        self.check(not res.get("dmar_faults"), f"transport: DMAR faults {res.get('dmar_faults')}")
        lines = [ln for ln in out.splitlines() if "VPCI-CHECK" in ln]
        self.res.update(check_lines=lines)
        for ln in lines:
            log(ln)
        self.check(not [ln for ln in lines if "VPCI-CHECK FAIL" in ln],
                   "transport: a check failed")
        for dev in NICS:
            self.check(f"VPCI-CHECK {dev}: PASSED" in out, f"transport: {dev} not checked")
            probed = [d for d, _, b in PROBE_RE.findall(out) if b == dev]
            self.check(probed[:1] == [OURS], f"transport: {dev} offered first to {probed}")
        self.check(len(re.findall(r"config change interrupt \d+: link status 0x0", out)) >= 1 and
                   len(re.findall(r"config change interrupt \d+: link status 0x1", out)) >= 1,
                   "transport: no config change interrupt for link down and up")
        probed = [d for d, _, b in PROBE_RE.findall(out) if b == legacy]
        self.res.update(legacy_probed=probed)
        self.check("LEGACY-DRIVER vfio-pci" in out, "transport: the transitional NIC is not "
                   "bound to vfio-pci")
        self.check(probed == [OURS, "net_virtio"],
                   f"transport: {legacy} (1af4:1000) offered to {probed}, want ours then net_virtio")
        self.check(re.search(r"%s: 1af4:1000 is a legacy or transitional virtio-net" % legacy,
                             out) is not None, "transport: no message refusing the legacy device")
        self.check(re.search(r"offered: .* MQ 1 .* PACKED 1", out) is not None,
                   "transport: MQ or RING_PACKED not offered with --queues 2 --nic-opts packed=on")

    def forward(self, extra=(), tag="forward"):
        rates = LADDER + ",1000:5000:1514,10000:20000:1514"
        rc, res = self.vmlab("testpmd", self.base_args() + list(extra) +
                             ["--rates", rates, "--expect-zero-loss", str(self.a.zero_loss)], tag)
        self.check_run(rc, res, tag)
        self.record_steps(res)
        for s in self.steps(res):
            self.check(s.get("received", 0) > 0, f"{tag}: nothing came back at "
                       f"{s['target_pps']} pps, {s['size']} B")
        return res

    def packed(self):
        self.forward(["--nic-opts", "packed=on"], "packed")
        for dev, f in self.res.get("features", {}).items():
            self.check(int(f["negotiated"], 16) >> F_RING_PACKED & 1,
                       f"packed: {dev}: RING_PACKED not negotiated ({f})")

    def jumbo(self):
        sizes = (60, 64, 128, 256, 512, 1024, 1514, 4000, 9000)
        rates = ",".join(f"1000:500:{n}" for n in sizes)
        rc, res = self.vmlab("testpmd", self.base_args() + ["--jumbo", "--rates", rates,
                             "--expect-zero-loss", "1000"], "jumbo")
        self.check_run(rc, res, "jumbo")
        got = {s["size"]: s["received"] for s in self.steps(res)}
        self.res.update(received_by_size=got)
        for n in sizes:
            self.check(got.get(n) == 500, f"jumbo: {n} B frames: {got.get(n)} of 500 came back")
        for dev, f in self.res.get("features", {}).items():
            self.check(int(f["negotiated"], 16) >> F_MRG_RXBUF & 1,
                       f"jumbo: {dev}: MRG_RXBUF not negotiated ({f})")

    def link(self):
        rates = "1000:2000,link:nic1:off,1000:1000,link:nic1:on,sleep:2,1000:2000"
        rc, res = self.vmlab("testpmd", self.base_args() + ["--rates", rates,
                             "--expect-zero-loss", "1000"], "link")
        out = self.check_run(rc, res, "link")
        events = LSC_RE.findall(out)
        self.res.update(lsc_events=len(events))
        self.check(events.count("1") >= 2,
                   f"link: {events.count('1')} link state change event(s) on port 1, want >= 2")
        steps = self.steps(res)
        self.check(len(steps) == 3 and steps[1].get("received") == 0,
                   "link: frames crossed while the link was down")
        self.check(len(steps) == 3 and steps[-1].get("lost") == 0 and steps[-1]["received"] > 0,
                   "link: forwarding did not resume after link up")

    def multiqueue(self):
        rates = "1000:4000:128,10000:20000:128"
        rc, res = self.vmlab("testpmd", self.base_args() + [
            "--queues", "2", "--flows", "16", "--tp", "--rxq=2 --txq=2",
            "--rates", rates, "--expect-zero-loss", "1000"], "multiqueue")
        out = self.check_run(rc, res, "multiqueue")
        per_q = {}
        for rxp, rxq, _, _, n in STREAM_RE.findall(out):
            if rxp == "0":
                per_q[int(rxq)] = per_q.get(int(rxq), 0) + int(n)
        total = sum(per_q.values())
        self.res.update(port0_rx_per_queue=per_q)
        log(f"multiqueue: port 0 RX per queue {per_q}")
        busy = [q for q, n in per_q.items() if total and n >= 0.05 * total]
        self.check(len(busy) >= 2, f"multiqueue: frames on queues {per_q} of port 0, want "
                   ">= 2 queues with >= 5 % each")
        for dev, f in self.res.get("features", {}).items():
            self.check(int(f["negotiated"], 16) >> F_MQ & 1,
                       f"multiqueue: {dev}: MQ not negotiated ({f})")

    # ---- scripted sessions: interactive testpmd fed step by step by the host

    def staged(self, plugin):
        """--stage args for plugin and the non-system libraries it links; its
        path in the guest. EAL refuses a plugin under a world-writable
        directory (a CI clone in /tmp): these cases always load staged copies."""
        args = ["--stage", plugin]
        ldd = subprocess.run(["ldd", plugin], capture_output=True, text=True).stdout
        for ln in ldd.splitlines():
            f = ln.split()
            if len(f) >= 3 and f[1] == "=>" and f[2].startswith("/") \
                    and not re.match(r"^/(usr|lib)", f[2]):
                args += ["--stage", f[2]]
        return args, "$RUN/stage/" + os.path.basename(plugin)

    def session(self, label, model, plugins, tp_args, phases, vm_args=()):
        """One boot: interactive testpmd reading its commands from a FIFO that a
        guest loop fills from $RUN/cmd.<i> files the host writes. phases is a
        list of ("cmds", [testpmd commands], wait_pattern or None) and
        ("traffic", traffic.py args, tag, tx, rx). Returns (res, traffic
        results by tag, guest output)."""
        stage, eal = [], []
        for pl in plugins:
            s, path = self.staged(pl)
            stage += s
            eal.append(f"-d {path}")
        al = " ".join(f"-a {b}" for b in NICS)
        gcmd = (
            "mkfifo /tmp/tpin; "
            "( i=0; n=0; while [ $n -lt 6000 ]; do "
            "if [ -e $RUN/cmd.$i ]; then cat $RUN/cmd.$i; echo; touch $RUN/ack.$i; i=$((i+1)); "
            "elif [ -e $RUN/cmd.end ]; then break; else sleep 0.1; n=$((n+1)); fi; done; "
            "echo quit ) > /tmp/tpin & "
            f"stdbuf -oL -eL dpdk-testpmd -l 0,1 -n 1 --log-level=lib.eal:info "
            f"--log-level=pagepool:debug --log-level=pmd.net.pp_virtio*:info "
            f"{' '.join(eal)} {al} -- -i --rxd=512 --txd=512 --total-num-mbufs=16384 "
            f"--record-core-cycles {tp_args} < /tmp/tpin; echo TESTPMD-EXIT rc=$?")
        js = os.path.join(self.a.out, f"{label}.vmlab.json")
        cmd = [self.a.vmlab, "run", "--model", model, "--build", self.a.build,
               "--timeout", str(self.a.timeout - 60), "--json", js] + list(vm_args) + stage + \
            ["--", gcmd]
        log("+ " + " ".join(cmd))
        vm = subprocess.Popen(cmd, start_new_session=True, stdout=subprocess.DEVNULL)
        traffic = {}
        try:
            run = self.wait_run_dir(vm.pid, vm)
            ncmd = 0
            for ph in phases:
                if ph[0] == "cmds":
                    _, cmds, pattern = ph
                    before = len(re.findall(pattern, self.read(run, "guest.out"))) if pattern else 0
                    tmp = os.path.join(run, f".cmd.{ncmd}")
                    with open(tmp, "w") as f:
                        f.write("\n".join(cmds) + "\n")
                    os.rename(tmp, os.path.join(run, f"cmd.{ncmd}"))
                    self.wait_for(lambda n=ncmd: os.path.exists(os.path.join(run, f"ack.{n}")),
                                  120, f"commands {cmds[:2]}... to be read")
                    if pattern:
                        self.wait_for(lambda p=pattern, b=before:
                                      len(re.findall(p, self.read(run, "guest.out"))) > b,
                                      120, f"'{pattern}' after {cmds}")
                    else:
                        time.sleep(2)
                    ncmd += 1
                else:
                    _, targs, tag, txi, rxi = ph
                    traffic[tag] = self.traffic(vm.pid, run, tag, txi, rxi, targs)
            open(os.path.join(run, "cmd.end"), "w").close()
            vm.wait(timeout=180)
        except Exception as e:  # noqa: BLE001 - any failure ends the run, reported
            self.fail.append(f"{label}: {e}")
            os.killpg(vm.pid, signal.SIGTERM)
            vm.wait(timeout=60)
        self.left_behind(vm.pid)
        try:
            with open(js) as f:
                res = json.load(f)
        except (OSError, ValueError):
            res = {}
        out = self.read(self.run_dir, "guest.out")
        self.check(res.get("ok"), f"{label}: vmlab failed: {res.get('failures')}")
        self.check(not res.get("dmar_faults"), f"{label}: DMAR faults {res.get('dmar_faults')}")
        self.check("TESTPMD-EXIT rc=0" in out, f"{label}: testpmd did not quit cleanly")
        return res, traffic, out

    def traffic(self, pid, run, tag, txi, rxi, targs):
        qpg = int(self.read(run, "qemu.pgid").strip() or 0)
        js = os.path.join(run, f"traffic-{tag}.json")
        cmd = ["ip", "netns", "exec", f"ppvm-{pid}", "python3",
               os.path.join(os.path.dirname(self.a.vmlab), "traffic.py"),
               "--tx", txi, "--rx", rxi, "--watch-pid", str(qpg), "--json", js] + targs
        log("+ " + " ".join(cmd))
        r = subprocess.run(cmd, timeout=600, stdout=subprocess.PIPE, text=True)
        log(r.stdout.strip())
        if r.returncode not in (0, 1):
            raise RuntimeError(f"traffic.py rc {r.returncode}")
        with open(js) as f:
            return json.load(f)

    @staticmethod
    def xstats(out):
        """The last `show port xstats` values printed, per port."""
        last, cur = {}, None
        for line in out.splitlines():
            m = XSTATS_HDR_RE.search(line)
            if m:
                cur = last[int(m.group(1))] = {}
                continue
            m = XSTAT_LINE_RE.match(line)
            if m and cur is not None:
                cur[m.group(1)] = int(m.group(2))
            elif cur is not None and line.strip() and not line.startswith("#"):
                cur = None
        return last

    def cross(self):
        """host -> e1000e (port 0) -> virtio (port 1) -> host, then back."""
        fwd = ["--probe-timeout", "90", "--rates", "1000:5000,10000:20000,1000:2000:1514"]
        phases = [
            ("cmds", ["start"], r"[Ss]tart.*packet forwarding|io packet forwarding"),
            ("traffic", fwd, "e1000e-to-virtio", "pp0", "pp1"),
            ("traffic", fwd, "virtio-to-e1000e", "pp1", "pp0"),
            ("cmds", ["stop", "show port xstats all"], r"NIC extended statistics for port 1"),
            ("cmds", ["port stop all", "port close all"], r"Done|Closing ports"),
        ]
        res, tr, out = self.session("cross", "mix", [self.a.plugin, self.a.e1000e_plugin],
                                    "--rxq=1 --txq=1", phases)
        self.check_out(out, "cross", {NICS[0]: "net_pp_e1000e", NICS[1]: OURS})
        for tag, t in tr.items():
            lost = [(s["target_pps"], s["size"], s["lost"]) for s in t.get("steps", [])
                    if s.get("kind") == "measure" and s["lost"]]
            self.check(t.get("corrupted", 0) == 0 and t.get("duplicates", 0) == 0,
                       f"cross {tag}: corrupted/duplicated frames")
            self.check(all(pps > 1000 for pps, _, _ in lost), f"cross {tag}: loss at 1k pps {lost}")
            self.check(t.get("received", 0) > 0, f"cross {tag}: nothing came back")
        xs = self.xstats(out)
        rec = {}
        for port, d in xs.items():
            rec[port] = dict(received=d.get("rx_good_packets"),
                             recycled=d.get("rxq0_pool_recycle_cached", 0) +
                             d.get("rxq0_pool_recycle_ring", 0),
                             in_flight=d.get("rxq0_pool_in_flight"))
        self.res.update(traffic={k: dict(zero_loss_pps=v.get("zero_loss_pps"),
                                         received=v.get("received"), lost=v.get("lost"))
                                 for k, v in tr.items()}, pools=rec)
        log(f"cross: pools {rec}")
        for port in (0, 1):
            r = rec.get(port, {})
            # a page of port P's pool left through the other driver's TX and came
            # home: recycled while the other port transmitted (each page the
            # other port still holds in its TX ring comes home at close)
            self.check(r.get("recycled", 0) > 0,
                       f"cross: port {port}'s pool: no page came home ({r})")

    def lifecycle(self):
        probe = ["--probe-timeout", "60"]
        show0 = ["show port info 0"]
        phases = [
            ("cmds", ["start"], r"io packet forwarding"),
            ("traffic", probe + ["--rates", "1000:2000"], "promisc-on", "pp0", "pp1"),
            ("cmds", ["set promisc 0 off"] + show0, r"Promiscuous mode: disabled"),
            # frames to 02:00:00:00:00:02, not port 0's MAC: foreign unicast
            ("traffic", ["--no-probe", "--rates", "1000:1000"], "promisc-off", "pp0", "pp1"),
            ("cmds", ["set promisc 0 on"] + show0, r"Promiscuous mode: enabled"),
            ("traffic", probe + ["--rates", "1000:2000"], "promisc-on-again", "pp0", "pp1"),
            ("cmds", ["stop", "port stop all", "port config all rxq 2", "port config all txq 2",
                      "port start all", "port 0 rxq 1 stop", "port 0 rxq 1 start",
                      "port 0 txq 1 stop", "port 0 txq 1 start", "port stop 0",
                      "port config mtu 0 9000", "port start 0", "set allmulti 0 on",
                      "start"] + show0, r"MTU: 9000"),
            ("traffic", probe + ["--rates", "1000:2000,1000:1000:1514"], "2-queues-mtu-9000",
             "pp0", "pp1"),
            ("cmds", ["stop", "show port xstats 0", "port stop all", "port config all rxq 1",
                      "port config all txq 1", "port start all", "start"],
             r"io packet forwarding"),
            ("traffic", probe + ["--rates", "1000:2000"], "1-queue", "pp0", "pp1"),
            ("cmds", ["stop", "port stop all", "port close all"], None),
        ]
        res, tr, out = self.session("lifecycle", "virtio", [self.a.plugin],
                                    "--rxq=1 --txq=1", phases, vm_args=["--queues", "2"])
        self.check_out(out, "lifecycle", {b: OURS for b in NICS})
        got = {tag: (t.get("sent"), t.get("received"), t.get("corrupted")) for tag, t in tr.items()}
        self.res.update(traffic=got)
        log(f"lifecycle: sent/received/corrupted per phase {got}")
        for tag, (sent, recv, corr) in got.items():
            self.check(corr == 0, f"lifecycle {tag}: {corr} corrupted")
            if tag == "promisc-off":
                self.check(recv == 0, f"lifecycle: promiscuous off, {recv} of {sent} foreign "
                           "unicast frames forwarded")
            else:
                self.check(sent and recv == sent, f"lifecycle {tag}: {recv} of {sent} came back")
        bad = [ln.strip() for ln in out.splitlines()
               if re.search(r"fail|error|invalid|cannot", ln, re.I)
               and not re.match(r"^\s*\w+: \d+$", ln)
               and "Error disabling MSI-X" not in ln
               and not ln.startswith("Device error handling mode")]  # show port info
        self.res.update(suspicious_lines=bad[:20])
        self.check(not bad, f"lifecycle: {len(bad)} failing line(s): {bad[:5]}")
        self.check(len(set(CREATED_RE.findall(out))) >= 6,
                   "lifecycle: fewer RX pools than the re-configurations should make")
        self.check(re.search(r"rxq1_pool_pages:\s*\d+", out) is not None,
                   "lifecycle: no xstats for the second RX queue")

    # ---- the examples on our virtio (app/test/examples machinery)

    def examples(self):
        sys.path.insert(0, os.path.join(HERE, "..", "examples"))
        import lab_examples as lx  # noqa: E402
        return lx, lx.tx

    def l2fwd(self):
        lx, tx = self.examples()
        a = self.a
        a.vm_timeout, a.vmlab_dir = a.timeout - 60, os.path.dirname(a.vmlab)
        eal = "-l 0,1 -n 1 $VMLAB_EAL -a $NIC0 -a $NIC1"
        jobs = [
            ("l2fwd-raw", "$B/examples/l2fwd/pagepool-l2fwd %s -- -T 10" % eal, "forwarding on"),
            ("l2fwd-mbuf", "$B/examples/l2fwd/pagepool-l2fwd %s -- -T 10 --path mbuf" % eal,
             "forwarding on"),
            ("testpmd-io", "vmlab_testpmd --forward-mode=io", "[Ss]tart.*packet forwarding"),
        ]
        lab = lx.Lab(a, "virtio", jobs)
        results = {}
        try:
            for n, (name, _, _) in enumerate(jobs, 1):
                lab.job_ready(n)
                tj = os.path.join(lab.tmp, "traffic-%d.json" % n)
                r = lab.netns(["python3", os.path.join(a.vmlab_dir, "traffic.py"), "--tx", "pp0",
                               "--rx", "pp1", "--rates", a.short_rates, "--probe-timeout", "60",
                               "--json", tj], timeout=600)
                rc, out = lab.job_stop(n)
                with open(tj) as f:
                    results[name] = {"traffic": json.load(f), "rc": rc, "out": out}
            res = lab.finish()[1]
        except BaseException as e:  # noqa: BLE001
            lab.kill()
            self.fail.append(f"l2fwd: {e}")
            return
        self.check(res.get("ok"), f"l2fwd: vmlab failed: {res.get('failures')}")
        self.check(not res.get("dmar_faults"), f"l2fwd: DMAR faults {res.get('dmar_faults')}")
        rows = {}
        for name, r in results.items():
            t = r["traffic"]
            out = r["out"]
            for s in t["steps"]:
                self.check(s["corrupted"] == 0 and s["duplicates"] == 0,
                           f"{name}: {s['corrupted']} corrupted, {s['duplicates']} duplicates")
                self.check(s["target_pps"] > 1000 or s["lost"] == 0,
                           f"{name}: {s['lost']} of {s['sent']} lost at {s['target_pps']} pps")
            if name.startswith("l2fwd"):
                self.check(r["rc"] == 0, f"{name}: rc {r['rc']}\n{out[-2000:]}")
                self.check("every page is back: in flight = 0" in out, f"{name}: pages not back")
                path = "raw page" if name.endswith("raw") else "mbuf path"
                self.check(re.search(r"port 0 \(%s\) -> port 1, %s" % (OURS, path), out),
                           f"{name}: not {OURS} on the {path} path\n{out[:2000]}")
            else:
                # (this job runs without our log levels: only who drove the ports)
                self.check(r["rc"] == 0, f"testpmd rc {r['rc']}")
                probed = {}
                for drv, _, dev in PROBE_RE.findall(out):
                    probed.setdefault(dev, drv)
                self.check(all(probed.get(b) == OURS for b in NICS),
                           f"{name}: ports probed by {probed}")
            rows[name] = dict(zero_loss_pps=t.get("zero_loss_pps"),
                              lost_sent=["%d/%d" % (s["lost"], s["sent"]) for s in t["steps"]])
            log(f"{name}: {rows[name]}")
        self.res.update(l2fwd=rows)

    XDP = [
        # name, -P arguments, frames into, captured on, model program
        ("drop", "-P 0=drop", "pp0", ["pp0", "pp1"], "drop"),
        ("reflect", "-P 0=reflect", "pp0", ["pp0"], "reflect"),
        ("redirect", "-P 0=redirect:1", "pp0", ["pp1"], "redirect:1"),
        ("redirect-back", "-P 1=redirect:0", "pp1", ["pp0"], "redirect:0"),
    ]

    def xdp(self):
        lx, tx = self.examples()
        a = self.a
        a.vm_timeout = a.timeout - 60
        eal = "-l 0,1 -n 1 $VMLAB_EAL -a $NIC0 -a $NIC1"
        jobs = [(name, "$B/examples/xdp-like/pagepool-xdp-like %s -- -T 10 %s" % (eal, args),
                 "running on") for name, args, _, _, _ in self.XDP]
        frames = lx.lab_frames(21, a.frames)
        lab = lx.Lab(a, "virtio", jobs)
        got = {}
        try:
            for n, (name, _, send, capture, _) in enumerate(self.XDP, 1):
                lab.job_ready(n)
                got[name] = lx.lab_io(lab, send, frames, capture, pps=1000)
                got[name]["rc"], got[name]["out"] = lab.job_stop(n)
            res = lab.finish()[1]
        except BaseException as e:  # noqa: BLE001
            lab.kill()
            self.fail.append(f"xdp: {e}")
            return
        self.check(res.get("ok"), f"xdp: vmlab failed: {res.get('failures')}")
        self.check(not res.get("dmar_faults"), f"xdp: DMAR faults {res.get('dmar_faults')}")
        rows = {}
        for name, args, send, capture, prog in self.XDP:
            g = got[name]
            out = g["out"]
            self.check(g["rc"] == 0, f"xdp {name}: rc {g['rc']}\n{out[-2000:]}")
            self.check("every page is back: in flight = 0" in out, f"xdp {name}: pages not back")
            inport = 0 if send == "pp0" else 1
            self.check(re.search(r"port %d rxq 0: .*raw page path" % inport, out),
                       f"xdp {name}: port {inport} not on the raw page path\n{out[:2000]}")
            counts, want = tx.expect_xdp(prog, frames)
            fin = lx.final_of(out)
            verdicts = [fin[inport][v] for v in tx.VERDICTS]
            self.check(verdicts == counts, f"xdp {name}: verdicts {verdicts}, expected {counts}")
            for ifname in capture:
                port = int(ifname[2:])
                w = want[0] if prog == "reflect" else want.get(port, [])
                self.check(g[ifname] == w, f"xdp {name}: {len(g[ifname])} frames out of "
                           f"{ifname}, expected {len(w)}")
            rows[name] = dict(verdicts=dict(zip(tx.VERDICTS, verdicts)),
                              out={i: len(g[i]) for i in capture})
            log(f"xdp {name}: {rows[name]}")
        self.res.update(xdp=rows)

    # ---- side by side with DPDK's net_virtio

    def sidebyside(self):
        """One boot: ours, net_virtio, net_virtio, ours, ... each testpmd fed the
        same ladder."""
        rounds = self.a.rounds
        order = [("ours", "dpdk") if i % 2 == 0 else ("dpdk", "ours") for i in range(rounds)]
        if self.a.reanalyze:
            # the figures of a finished run, from its directory
            self.run_dir = self.a.reanalyze
            results = []
            for i, pair in enumerate(order):
                for drv in pair:
                    with open(os.path.join(self.run_dir, f"traffic-{drv}-{i}.json")) as f:
                        results.append((drv, i, json.load(f)))
            with open(os.path.join(self.run_dir, "result.json")) as f:
                res = json.load(f)
            return self.sidebyside_figures(order, results, res)
        stage, plugin = self.staged(self.a.plugin)
        steps = []
        for i, pair in enumerate(order):
            for drv in pair:
                e = f"-d {plugin}" if drv == "ours" else ""
                steps.append(f'VMLAB_EAL="{e}"; vmlab_testpmd --forward-mode=io; '
                             f'echo SBS-END-{drv}-{i}')
        gcmd = "; ".join(steps)
        js = os.path.join(self.a.out, "sidebyside.vmlab.json")
        cmd = [self.a.vmlab, "run", "--model", "virtio", "--build", self.a.build,
               "--timeout", str(self.a.timeout - 60), "--json", js] + stage + ["--", gcmd]
        log("+ " + " ".join(cmd))
        vm = subprocess.Popen(cmd, start_new_session=True, stdout=subprocess.DEVNULL)
        results = []
        try:
            run = self.wait_run_dir(vm.pid, vm)
            for i, pair in enumerate(order):
                for drv in pair:
                    tr = self.traffic(vm.pid, run, f"{drv}-{i}", "pp0", "pp1",
                                      ["--rates", self.a.rates, "--count", "20000",
                                       "--probe-timeout", "120"])
                    open(os.path.join(run, "stop"), "w").close()
                    self.wait_for(lambda d=drv, k=i: f"SBS-END-{d}-{k}" in self.read(run, "guest.out"),
                                  90, f"testpmd ({drv}, round {i}) to stop")
                    if not (i == rounds - 1 and drv == pair[1]):
                        self.wait_for(lambda: not os.path.exists(os.path.join(run, "stop")),
                                      90, "the next testpmd to start")
                    results.append((drv, i, tr))
            vm.wait(timeout=120)
        except Exception as e:  # noqa: BLE001 - any failure ends the run, reported
            self.fail.append(f"sidebyside: {e}")
            os.killpg(vm.pid, signal.SIGTERM)
            vm.wait(timeout=60)
        self.left_behind(vm.pid)
        try:
            with open(js) as f:
                res = json.load(f)
        except (OSError, ValueError):
            res = {}
        self.sidebyside_figures(order, results, res)

    def sidebyside_figures(self, order, results, res):
        rounds = len(order)
        self.res.update(run_dir=self.run_dir)
        self.check(res.get("ok"), f"sidebyside: vmlab failed: {res.get('failures')}")
        self.check(not res.get("dmar_faults"), f"sidebyside: DMAR faults {res.get('dmar_faults')}")
        out = self.read(self.run_dir, "guest.out")
        # one block of the output per testpmd run, in order (the markers on
        # lines of their own: the echoed command line names them all too)
        blocks = re.split(r"^SBS-END-\w+-\d+$", out, flags=re.M)
        table = []
        for k, (drv, i, tr) in enumerate(results):
            blk = blocks[k] if k < len(blocks) else ""
            cyc = CYC_RE.findall(blk)
            probed = sorted({d for d, _, dev in PROBE_RE.findall(blk) if dev in NICS})
            row = dict(driver=drv, round=i, zero_loss_pps=tr.get("zero_loss_pps") or 0,
                       cycles_per_packet=float(cyc[-1][0]) if cyc else None, probed=probed,
                       steps=[(s["target_pps"], s["received"], s["lost"], s.get("rx_pps"))
                              for s in tr.get("steps", []) if s.get("kind") == "measure"])
            table.append(row)
            self.check(tr.get("corrupted", 0) == 0 and tr.get("duplicates", 0) == 0,
                       f"{drv} round {i}: corrupted or duplicated frames")
            want = [OURS] if drv == "ours" else ["net_virtio"]
            # ours: EAL offers the device to ours first and ours takes it
            self.check(probed[:1] == want if drv == "dpdk" else OURS in probed and
                       "net_virtio" not in probed,
                       f"{drv} round {i}: probed by {probed}")
        self.res.update(table=table)
        med = {}
        for drv in ("ours", "dpdk"):
            rows = [r for r in table if r["driver"] == drv]
            cp = sorted(r["cycles_per_packet"] for r in rows if r["cycles_per_packet"])
            zl = sorted(r["zero_loss_pps"] for r in rows)
            if rows and cp:
                med[drv] = dict(zero_loss_pps=zl[(len(zl) - 1) // 2],
                                cycles_per_packet=cp[(len(cp) - 1) // 2],
                                zero_loss_all=zl, cycles_all=cp)
        self.res.update(median=med)
        paired = []
        for i in range(rounds):
            o = [r for r in table if r["driver"] == "ours" and r["round"] == i]
            d = [r for r in table if r["driver"] == "dpdk" and r["round"] == i]
            if o and d and o[0]["cycles_per_packet"] and d[0]["cycles_per_packet"]:
                paired.append(round(o[0]["cycles_per_packet"] / d[0]["cycles_per_packet"], 3))
        self.res.update(paired_cycles_ratios=paired)
        for r in table:
            log(f"{r['driver']:5} round {r['round']}: zero-loss {r['zero_loss_pps']} pps, "
                f"cycles/packet {r['cycles_per_packet']}, steps {r['steps']}")
        if "ours" in med and "dpdk" in med:
            o, d = med["ours"], med["dpdk"]
            zr = o["zero_loss_pps"] / d["zero_loss_pps"] if d["zero_loss_pps"] else None
            cr = o["cycles_per_packet"] / d["cycles_per_packet"]
            met = zr is not None and zr >= 1.0 and cr <= 1.0
            self.res.update(zero_loss_ratio=zr, cycles_ratio=cr, issue_criteria_met=met)
            log(f"side by side (median of {rounds}): zero-loss ours {o['zero_loss_pps']} / "
                f"net_virtio {d['zero_loss_pps']} = {zr}; cycles/packet ours "
                f"{o['cycles_per_packet']} / net_virtio {d['cycles_per_packet']} = {cr:.3f}; "
                f"ratio >= 1.0 and <= 1.0: {'met' if met else 'NOT met'}")
            if not self.a.no_ratio_check:
                self.check(zr is not None and zr >= self.a.min_zero_loss_ratio,
                           f"zero-loss rate ratio {zr} < {self.a.min_zero_loss_ratio}")
                self.check(cr <= self.a.max_cycles_ratio,
                           f"cycles/packet ratio {cr:.3f} > {self.a.max_cycles_ratio}")
        else:
            self.fail.append("sidebyside: missing results")

    # ---- helpers



# failure texts that are about lost frames and nothing else
LOSS_ONLY_RE = re.compile(
    r"^(\w+: vmlab failed: \[('\d+ of \d+ frames lost[^']*',? ?)+\]"
    r"|link: forwarding did not resume after link up"
    r"|\S+: \d+ of \d+ lost at \d+ pps"
    r"|lifecycle [\w-]+: \d+ of \d+ came back"
    r"|jumbo: \d+ B frames: \d+ of \d+ came back)$")

CASES = ("transport", "forward", "jumbo", "cross", "link", "lifecycle", "multiqueue", "packed", "l2fwd",
         "xdp", "sidebyside")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--vmlab", required=True)
    ap.add_argument("--plugin", required=True, help="librte_net_pp_virtio.so")
    ap.add_argument("--e1000e-plugin", help="librte_net_pp_e1000e.so (cross)")
    ap.add_argument("--check-plugin", help="the vpci_check test plugin (transport)")
    ap.add_argument("--build", required=True)
    ap.add_argument("--out", default=".")
    ap.add_argument("--timeout", type=int, default=600, help="seconds for one vmlab run")
    ap.add_argument("--zero-loss", type=int, default=10000,
                    help="forward, packed: no loss expected up to this rate")
    ap.add_argument("--rounds", type=int, default=5, help="sidebyside: runs per driver")
    ap.add_argument("--min-zero-loss-ratio", type=float, default=1.0,
                    help="sidebyside: fail below this ours/net_virtio zero-loss rate ratio")
    ap.add_argument("--max-cycles-ratio", type=float, default=1.10,
                    help="sidebyside: fail above this ours/net_virtio cycles/packet ratio "
                    "(the issue asks 1.0; run-to-run noise under TCG is ~20 %%)")
    ap.add_argument("--rates", default=LADDER, help="sidebyside: the ladder")
    ap.add_argument("--short-rates", default="1000:5000,10000:20000,1000:2000:1514",
                    help="l2fwd: the steps of each job")
    ap.add_argument("--frames", type=int, default=280, help="xdp: frames per job")
    ap.add_argument("--reanalyze", metavar="RUN_DIR",
                    help="sidebyside: the figures of a finished run's directory, no new run")
    ap.add_argument("--no-ratio-check", action="store_true",
                    help="sidebyside: report the ratios without asserting them")
    ap.add_argument("case", choices=CASES)
    a = ap.parse_args()
    why = lab_unavailable()
    if why:
        log(f"{why}: skipped")
        return 77
    if a.case == "cross" and not a.e1000e_plugin:
        log("cross needs --e1000e-plugin: skipped")
        return 77
    if a.case == "transport" and not a.check_plugin:
        log("transport needs --check-plugin: skipped")
        return 77
    return run_case(Case, a, "virtio", LOSS_ONLY_RE)

if __name__ == "__main__":
    sys.exit(main())
