# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The pagepool authors
"""lablib.py - what the drivers' VM-lab case scripts share (e1000e_lab.py,
virtio_lab.py): running devtools/vmlab and checking it left nothing behind,
reading a run's files, waiting, and the lab's retry policy in main().

A driver's script subclasses LabCase with one method per case and calls
run_case() from its main().
"""

import glob
import json
import os
import re
import signal
import subprocess
import time

CACHE = "/var/cache/pagepool-vmlab"


def log(*a):
    print(*a, flush=True)


def lab_unavailable():
    """Why the lab cannot run here (the case is then skipped), or None."""
    if os.geteuid() != 0:
        return "the VM lab needs root"
    if subprocess.run(["sh", "-c", "command -v qemu-system-x86_64"],
                      capture_output=True).returncode != 0:
        return "no QEMU"
    return None


class LabCase:
    """One case's run: a.case names the method, failures collect in self.fail."""

    def __init__(self, a):
        self.a = a
        self.fail = []
        self.res = dict(case=a.case, ok=False, failures=self.fail)
        self.run_dir = None

    def check(self, cond, msg):
        if not cond:
            self.fail.append(msg)
        return cond

    def vmlab(self, sub, args, tag):
        """Run `vmlab SUB --json OUT/TAG.vmlab.json ARGS` to its end (bounded by
        --timeout); return (rc, its result dict or {})."""
        js = os.path.join(self.a.out, f"{tag}.vmlab.json")
        cmd = [self.a.vmlab, sub, "--json", js] + args
        log("+ " + " ".join(cmd))
        p = subprocess.Popen(cmd, start_new_session=True)
        try:
            rc = p.wait(timeout=self.a.timeout)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGTERM)
            rc = p.wait(timeout=60)
            self.fail.append(f"vmlab {sub} did not finish in {self.a.timeout} s")
        self.left_behind(p.pid)
        try:
            with open(js) as f:
                res = json.load(f)
        except (OSError, ValueError):
            res = {}
        return rc, res

    def left_behind(self, pid):
        """Fail if vmlab `pid` left a process or its network namespace."""
        pat = re.compile(rf"pagepool-vmlab/runs/\d{{8}}-\d{{6}}-{pid}([/ ,]|$)")
        procs = []
        for d in glob.glob("/proc/[0-9]*"):
            try:
                with open(d + "/cmdline", "rb") as f:
                    cl = f.read().replace(b"\0", b" ").decode(errors="replace")
            except OSError:
                continue
            if pat.search(cl):
                procs.append(f"{d[6:]}: {cl[:120]}")
        ns = subprocess.run(["ip", "netns", "list"], capture_output=True, text=True).stdout
        self.check(not procs, f"processes of vmlab {pid} left: {procs}")
        self.check(f"ppvm-{pid}" not in ns.split(), f"namespace ppvm-{pid} left")

    @staticmethod
    def read(run, name):
        """A file of a run directory, or "" (no run, no file)."""
        try:
            with open(os.path.join(run, name), errors="replace") as f:
                return f.read()
        except (OSError, TypeError):
            return ""

    def guest_out(self, res):
        return self.read(res.get("run_dir"), "guest.out")

    @staticmethod
    def wait_for(cond, timeout, what):
        t = time.time() + timeout
        while not cond():
            if time.time() > t:
                raise RuntimeError(f"timed out waiting for {what}")
            time.sleep(0.2)

    def wait_run_dir(self, pid, vm=None):
        """The run directory of vmlab `pid` once its guest started (vm: its
        Popen, to stop waiting if it ends first)."""
        def find():
            if vm is not None and vm.poll() is not None:
                raise RuntimeError(f"vmlab ended (rc {vm.returncode}) before its guest started")
            for d in glob.glob(f"{CACHE}/runs/*-{pid}"):
                if os.path.exists(os.path.join(d, "qemu.pgid")):
                    self.run_dir = d
                    return True
            return False
        # the lab runs one guest at a time: another run may hold it a while
        self.wait_for(find, min(660, self.a.timeout), "the lab run to start")
        return self.run_dir


def run_case(case_cls, a, label, loss_only_re):
    """Run case a.case, write OUT/CASE.json, print the verdict; return the exit
    code (0 pass, 1 fail).

    The lab's policy (devtools/vmlab/tests/lab-test.sh): a run whose only
    failures match loss_only_re (lost frames) is retried once, because a
    2-core host shared by QEMU's vCPUs and the traffic generator drops the
    odd frame under load; corruption, DMAR faults, probe or leak failures
    never are.
    """
    os.makedirs(a.out, exist_ok=True)
    c = case_cls(a)
    getattr(c, a.case)()
    if c.fail and all(loss_only_re.search(f) for f in c.fail):
        for fl in c.fail:
            log(f"loss only, retrying once: {fl}")
        first = c.fail
        c = case_cls(a)
        getattr(c, a.case)()
        c.res["retried_after"] = first
    c.res["ok"] = not c.fail
    path = os.path.join(a.out, f"{a.case}.json")
    with open(path, "w") as f:
        json.dump(c.res, f, indent=1)
    for fl in c.fail:
        log(f"FAIL: {fl}")
    log(f"{label} {a.case}: {'PASSED' if c.res['ok'] else 'FAILED'} ({path})")
    return 0 if c.res["ok"] else 1
