# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The pagepool authors
"""Drive dpdk-testpmd in interactive mode from Python (mempool_bench.py and
app/test/mempool): start it in its own process group, send commands on its
stdin, wait for the prompt, parse port statistics, and always kill the whole
group at the end, pass or fail.

Also stages a plugin when it lies under a world-writable directory (a CI
clone in /tmp): EAL refuses to dlopen a plugin there, so it is copied with
the libraries it finds outside the system (libpagepool of a build tree)
into a private directory, where its RUNPATH $ORIGIN finds them.
"""

import os
import pty
import re
import shutil
import signal
import stat
import subprocess
import tempfile
import termios
import threading
import time

PROMPT = "testpmd> "
FREED_RE = re.compile(
    r"mempool_pagepool: (\S+): freed: (\d+) pages of (\d+) B, (\d+) in flight, "
    r"(\d+) bad puts \(double frees\), (\d+) bad objects; alloc fast (\d+) slow (\d+), "
    r"recycle cached (\d+) ring (\d+) released (\d+), mempool cache (\d+) \(asked (\d+)\)")


class TestPmdError(Exception):
    pass


def under_world_writable(path):
    d = os.path.dirname(os.path.realpath(path))
    while True:
        try:
            if os.stat(d).st_mode & stat.S_IWOTH:
                return True
        except OSError:
            return True
        if d == "/":
            return False
        d = os.path.dirname(d)


def stage_plugin(plugin):
    """Return (path to load, staging dir to remove or None)."""
    plugin = os.path.realpath(plugin)
    if not under_world_writable(plugin):
        return plugin, None
    roots = [os.path.join(os.path.expanduser("~"), ".cache", "pagepool"),
             "/var/cache/pagepool/stage", "/run/pagepool"]
    for root in roots:
        try:
            os.makedirs(root, mode=0o755, exist_ok=True)
        except OSError:
            continue
        if under_world_writable(os.path.join(root, "x")):
            continue
        d = tempfile.mkdtemp(prefix="plugin-", dir=root)
        os.chmod(d, 0o755)
        files = [plugin]
        ldd = subprocess.run(["ldd", plugin], capture_output=True, text=True).stdout
        for ln in ldd.splitlines():
            f = ln.split()
            if len(f) >= 3 and f[1] == "=>" and f[2].startswith("/") \
                    and not re.match(r"^/(usr|lib)", f[2]):
                files.append(f[2])
        for f in files:
            dst = os.path.join(d, os.path.basename(f))
            shutil.copy2(os.path.realpath(f), dst)
            os.chmod(dst, 0o755)
        return os.path.join(d, os.path.basename(plugin)), d
    raise TestPmdError("no directory to stage %s in (all under world-writable ones)" % plugin)


class TestPmd:
    """One dpdk-testpmd -i process."""

    def __init__(self, args, name="testpmd", env=None, log=None):
        self.name = name
        self.args = args
        self.log = log
        self.buf = ""
        self.lock = threading.Lock()
        # A pseudo-terminal: testpmd's stdout to a pipe is block-buffered,
        # so a command's output would only appear at exit.
        self.master, slave = pty.openpty()
        attr = termios.tcgetattr(slave)
        attr[3] &= ~termios.ECHO
        termios.tcsetattr(slave, termios.TCSANOW, attr)
        try:
            self.proc = subprocess.Popen(args, stdin=slave, stdout=slave, stderr=slave,
                                         start_new_session=True, env=env)
        finally:
            os.close(slave)
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        while True:
            try:
                chunk = os.read(self.master, 65536)
            except OSError:     # EIO: every slave end is closed
                break
            if not chunk:
                break
            with self.lock:
                self.buf += chunk.decode(errors="replace").replace("\r\n", "\n")

    def output(self, since=0):
        with self.lock:
            return self.buf[since:]

    def mark(self):
        with self.lock:
            return len(self.buf)

    def wait_for(self, pattern, timeout, since=0):
        rx = re.compile(pattern) if isinstance(pattern, str) else pattern
        end = time.monotonic() + timeout
        while True:
            out = self.output(since)
            m = rx.search(out)
            if m:
                return m
            if self.proc.poll() is not None:
                time.sleep(0.1)
                m = rx.search(self.output(since))
                if m:
                    return m
                raise TestPmdError("%s exited (%s) before /%s/:\n%s" % (
                    self.name, self.proc.returncode, rx.pattern, self.output()[-3000:]))
            if time.monotonic() > end:
                raise TestPmdError("%s: no /%s/ within %.0f s:\n%s" % (
                    self.name, rx.pattern, timeout, self.output()[-3000:]))
            time.sleep(0.02)

    def ready(self, timeout=60):
        self.wait_for(re.escape(PROMPT), timeout)

    def cmd(self, line, timeout=30):
        """Send one command, return its output up to the next prompt."""
        since = self.mark()
        try:
            os.write(self.master, (line + "\n").encode())
        except OSError as e:
            raise TestPmdError("%s: cannot send %r: %s\n%s" % (self.name, line, e,
                                                              self.output()[-3000:]))
        m = self.wait_for(re.escape(PROMPT), timeout, since)
        return self.output(since)[:m.start()]

    def port_stats(self):
        """{port: (rx_packets, tx_packets, rx_bytes, tx_bytes)} and the time."""
        out = self.cmd("show port stats all")
        t = time.monotonic()
        res = {}
        for blk in re.split(r"#+ NIC statistics for port ", out)[1:]:
            port = int(re.match(r"(\d+)", blk).group(1))
            rx = re.search(r"RX-packets:\s*(\d+).*?RX-bytes:\s*(\d+)", blk, re.S)
            tx = re.search(r"TX-packets:\s*(\d+).*?TX-bytes:\s*(\d+)", blk, re.S)
            res[port] = (int(rx.group(1)), int(tx.group(1)), int(rx.group(2)),
                         int(tx.group(2)))
        if not res:
            raise TestPmdError("%s: no port statistics in:\n%s" % (self.name, out))
        return res, t

    def worker_cpu(self):
        """Seconds of CPU the forwarding lcores (threads rte-worker-N) have
        had so far (/proc/.../schedstat). On a shared machine a polling
        lcore's rate follows the CPU it gets: rate per CPU-second is the
        figure that load does not shift."""
        total = 0
        base = "/proc/%d/task" % self.proc.pid
        for tid in os.listdir(base):
            try:
                with open("%s/%s/comm" % (base, tid)) as f:
                    if not f.read().startswith("rte-worker"):
                        continue
                with open("%s/%s/schedstat" % (base, tid)) as f:
                    total += int(f.read().split()[0])
            except OSError:
                continue
        return total / 1e9

    def quit(self, timeout=30):
        """quit, wait for exit; returns the exit code (None if killed)."""
        if self.proc.poll() is None:
            try:
                os.write(self.master, b"quit\n")
            except OSError:
                pass
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.kill()
                return None
        self.reader.join(5)
        return self.proc.returncode

    def kill(self):
        """SIGKILL the whole process group (idempotent)."""
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.kill()
        self.reader.join(5)
        try:
            os.close(self.master)
        except OSError:
            pass
        # the EAL's run-time directory (sockets, config) outlives the process
        if "--file-prefix" in self.args:
            prefix = self.args[self.args.index("--file-prefix") + 1]
            shutil.rmtree(os.path.join("/var/run/dpdk", prefix), ignore_errors=True)
        if self.log:
            with open(self.log, "a") as f:
                f.write("==== %s: %s\n%s\n" % (self.name, " ".join(self.args), self.output()))
        return False


def freed_lines(out):
    """Parse the plugin's per-pool line at rte_mempool_free()."""
    res = []
    for m in FREED_RE.finditer(out):
        g = m.groups()
        res.append(dict(pool=g[0], pages=int(g[1]), page_size=int(g[2]),
                        in_flight=int(g[3]), bad_put=int(g[4]), bad_objs=int(g[5]),
                        alloc_fast=int(g[6]), alloc_slow=int(g[7]),
                        recycle_cached=int(g[8]), recycle_ring=int(g[9]),
                        recycle_released=int(g[10]), mempool_cache=int(g[11]),
                        mempool_cache_asked=int(g[12])))
    return res
