#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The pagepool authors
"""net_pp_virtio_user against DPDK's vhost-user back-end (meson suite 'virtio').

The back-end is dpdk-testpmd with net_vhost in io forwarding: every frame
our port sends comes back unchanged. test_vhost_user_io (C) runs our port
(-d plugin, no --single-file-segments: the plain command line) and checks
each returning frame byte for byte. Cases:

  io         mixed sizes 60..1514, split ring; stop: every page home; close
  packed     the same on a packed ring (packed_vq=1), with tx_hdr_keep=1
  jumbo      MTU 9000, 1515..9000 bytes through mergeable buffers
  restart    server=1, the back-end (client=1) killed: link down; started
             again: link up, traffic resumes, zero pages lost
  restart-packed  the same on a packed ring
  reconnect  client mode: the back-end (server) killed and started again,
             we reconnect (every second)
  ovs        OVS-DPDK (ovs-vswitchd-dpdk, a bridge of datapath netdev) as
             the back-end: a dpdkvhostuserclient port on our server=1
             socket, a flow sending every frame back out of its port;
             byte-exact mixed sizes, then ovs-vswitchd killed and started
             again: link down, up, traffic resumes, zero pages lost
  misbehave  a fake back-end (here, in Python) that answers short, with a
             wrong request type, closes mid-negotiation or never answers:
             the probe fails with a clear error, bounded, no fd left; in
             server mode the link stays down, then a real back-end works

Every process started is killed before the case returns (its own process
group, SIGKILL), pass or fail. Exit: 0 pass, 1 fail, 77 skip.

    test_vhost_user.py --io BIN --plugin SO --case NAME
"""

import argparse
import json
import os
import re
import select
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "perf"))
from testpmd_session import stage_plugin  # noqa: E402

SKIP = 77
PROCS = []


class Fail(Exception):
    pass


def check(cond, what):
    if not cond:
        raise Fail(what)
    print('  ok: ' + what, flush=True)


def killall():
    for p in PROCS:
        if p.poll() is None:
            try:
                os.killpg(p.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            try:
                p.wait(10)
            except subprocess.TimeoutExpired:
                pass
    PROCS.clear()


def on_signal(signum, frame):
    killall()
    sys.exit(1)


class Proc:
    """A child in its own session whose output is read line by line."""

    def __init__(self, argv, log):
        self.log = open(log, 'a')
        self.log.write('$ ' + ' '.join(argv) + '\n')
        self.log.flush()
        self.p = subprocess.Popen(argv, stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT,
                                  start_new_session=True)
        PROCS.append(self.p)
        self.buf = b''
        self.text = ''

    def _read(self, timeout):
        r, _, _ = select.select([self.p.stdout], [], [], timeout)
        if not r:
            return False
        d = os.read(self.p.stdout.fileno(), 65536)
        if not d:
            raise EOFError('exited (%s): %s' % (self.p.poll(), self.text[-3000:]))
        s = d.decode(errors='replace')
        self.log.write(s)
        self.log.flush()
        self.text += s
        self.buf += d
        return True

    def wait_for(self, pat, timeout):
        end = time.time() + timeout
        while True:
            # another thread's log line may land inside a prompt
            # ("t" + "VHOST_CONFIG: ...\n" + "estpmd> "): take it out
            self.buf = re.sub(rb'(?:VHOST_CONFIG|VHOST_DATA): [^\n]*\n', b'',
                              self.buf)
            m = re.search(pat, self.buf)
            if m:
                out = self.buf[:m.end()]
                self.buf = self.buf[m.end():]
                return out.decode(errors='replace'), m
            if time.time() > end:
                raise Fail('timeout waiting for %r; last output: %s' %
                           (pat, self.text[-2000:]))
            self._read(min(0.2, max(0.01, end - time.time())))

    def send(self, line):
        self.p.stdin.write((line + '\n').encode())
        self.p.stdin.flush()

    def kill(self):
        if self.p.poll() is None:
            try:
                os.killpg(self.p.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.p.wait(10)

    def finish(self, timeout=20):
        """Wait for a clean exit, reading the rest; SIGKILL after timeout."""
        end = time.time() + timeout
        try:
            while self.p.poll() is None and time.time() < end:
                self._read(0.2)
            while self._read(0):
                pass
        except (EOFError, OSError):
            pass
        if self.p.poll() is None:
            self.kill()
        return self.p.wait(10)


class Testpmd(Proc):
    def __init__(self, eal, app, log):
        super().__init__(['dpdk-testpmd'] + eal + ['--'] + app + ['-i'], log)
        self.wait_for(rb'testpmd> ', 60)

    def cmd(self, c, timeout=30):
        self.send(c)
        return self.wait_for(rb'testpmd> ', timeout)[0]

    def quit(self):
        try:
            self.send('quit')
        except (BrokenPipeError, OSError):
            pass
        return self.finish(30)


class Io(Proc):
    """test_vhost_user_io: one JSON line per command."""

    def __init__(self, args, eal, extra, log):
        super().__init__([args.io] + eal + ['--'] + extra, log)

    def line(self, timeout=90):
        try:
            _, m = self.wait_for(rb'\{[^\n]*\}\n', timeout)
        except Fail:
            self.backtrace()
            raise
        return json.loads(m.group(0))

    def backtrace(self):
        """A harness that stopped answering: where is each thread?"""
        if shutil.which('gdb') is None or self.p.poll() is not None:
            return
        try:
            bt = subprocess.run(['gdb', '-p', str(self.p.pid), '-batch', '-ex',
                                 'thread apply all bt'], capture_output=True,
                                text=True, timeout=60).stdout
            print('--- threads of the harness (%d):\n%s' % (self.p.pid, bt))
        except (OSError, subprocess.TimeoutExpired):
            pass

    def cmd(self, c, timeout=90):
        self.send(c)
        return self.line(timeout)


def backend(args, sock, client=False, tag='be', queues=1):
    if not client and os.path.exists(sock):
        os.unlink(sock)  # a killed server leaves its socket; it cannot bind
    vdev = 'net_vhost0,iface=%s%s%s' % (sock, ',client=1' if client else '',
                                       ',queues=%d' % queues if queues > 1 else '')
    be = Testpmd(['-l', '0,1', '--main-lcore', '0', '--no-pci',
                  '--file-prefix', 'vuser_%s_%d' % (tag, os.getpid()),
                  '-m', '256', '--log-level=lib.vhost.*:notice', '--vdev', vdev],
                 ['--total-num-mbufs', '8192', '--max-pkt-len', '9600',
                  '--forward-mode', 'io', '--rxq', str(queues), '--txq', str(queues)],
                 os.path.join(args.out, 'backend.log'))
    be.cmd('start')
    return be


def ours(args, sock, devargs='', extra=(), tag='io'):
    vdev = 'net_pp_virtio_user0,path=%s%s' % (sock, devargs)
    # the plain command line: no --single-file-segments, no -m
    io = Io(args, ['-l', '1', '--no-pci', '--file-prefix',
                   'vuser_%s_%d' % (tag, os.getpid()), '-d', args.plugin,
                   '--log-level=pmd.net.pp_virtio:debug', '--vdev', vdev],
            list(extra),
            os.path.join(args.out, 'ours.log'))
    first = io.line(120)
    return io, first


def echo_ok(io, n, lo, hi, what):
    r = io.cmd('echo %d %d %d' % (n, lo, hi))
    print('    echo %d %d..%d: %s' % (n, lo, hi, r), flush=True)
    check(r['sent'] == n and r['back'] == n and r['bad'] == 0 and
          r['dup'] == 0, '%s: %d frames of %d..%d bytes back byte-exact' %
          (what, n, lo, hi))
    return r


def pages_home(io, what):
    x = io.cmd('xstats')
    keys = sorted(k for k in x if k.startswith('rxq') and '_pool_' in k)
    print('    ' + ', '.join('%s=%d' % (k, x[k]) for k in keys), flush=True)
    check(x.get('rxq0_pool_in_flight', -1) == 0,
          '%s: 0 pages in flight after stop' % what)
    check(x.get('rxq0_pool_home_excess', -1) == 0,
          '%s: no page home twice (home_excess 0)' % what)
    total = sum(x.get('rxq0_pool_' + k, 0)
                for k in ('in_flight', 'cached', 'ring', 'backing'))
    check(total == x['rxq0_pool_pages'],
          '%s: in flight + cached + ring + backing = %d pages' %
          (what, x['rxq0_pool_pages']))
    return x


def close_clean(io, what):
    r = io.cmd('close')
    check(r['closed'] == 1 and r['avail'] == r['size'],
          '%s: closed, every mbuf home (%d of %d)' % (what, r['avail'], r['size']))
    io.send('quit')
    check(io.finish(30) == 0, '%s: harness exits 0' % what)


def started_mrg(io):
    """Did the port's last start negotiate MRG_RXBUF (bit 15)?"""
    m = re.findall(r'started, features (0x[0-9a-f]+)', io.text)
    check(len(m) > 0, 'the start logged its features')
    return bool((int(m[-1], 16) >> 15) & 1)


def case_io(args, packed=False):
    sock = os.path.join(args.out, 'vu.sock')
    be = backend(args, sock)
    # the packed case also runs tx_hdr_keep=1 (headers left in place)
    io, first = ours(args, sock, ',packed_vq=1,tx_hdr_keep=1' if packed else '')
    check(first.get('port') == 0, 'port probed on a plain command line')
    check(io.cmd('waitlink up 10')['up'] == 1, 'link up')
    name = 'packed' if packed else 'split'
    m = re.search(r'features (0x[0-9a-f]+) of', io.text)
    check(m is not None and bool((int(m.group(1), 16) >> 34) & 1) == packed,
          '%s ring negotiated (features %s)' % (name, m and m.group(1)))
    check(not started_mrg(io), '%s: no MRG_RXBUF at MTU 1500, so no header '
          'to write on TX' % name)
    echo_ok(io, 4000, 60, 1514, name)
    echo_ok(io, 1000, 60, 60, name + ' minimum size')
    # while forwarding (before stop, whose reclaim is the control path)
    x = io.cmd('xstats')
    c, r = x['rxq0_pool_recycle_cached'], x['rxq0_pool_recycle_ring']
    check(c >= 0.99 * (c + r), 'single lcore: >= 99 %% of recycles to the '
          'owner cache (%d of %d)' % (c, c + r))
    r = io.cmd('stop')
    check(r['stop'] == 0, 'stopped')
    pages_home(io, name)
    check(io.cmd('start')['start'] == 0, 'restarted after stop')
    check(io.cmd('waitlink up 10')['up'] == 1, 'link up again')
    echo_ok(io, 1000, 60, 1514, name + ' after stop/start')
    # EAL memory allocated while the port runs: announced before use
    r = io.cmd('newpool 16384')
    check(r['newpool'] == 1, 'a 16384-mbuf pool created after start')
    echo_ok(io, 2000, 60, 1514, name + ' sent from memory allocated after start')
    m = re.findall(r'announced (\d+) memory regions', io.text)
    check(len(m) >= 2 and all(int(x) <= 8 for x in m),
          'memory table sent again as EAL memory grew, each within 8 regions '
          '(%s)' % ', '.join(m))
    close_clean(io, name)
    check(be.quit() == 0, 'back-end exits cleanly')


def case_jumbo(args):
    sock = os.path.join(args.out, 'vu.sock')
    be = backend(args, sock)
    io, first = ours(args, sock, '', ['--jumbo'])
    check(first.get('port') == 0, 'port probed')
    check(io.cmd('waitlink up 10')['up'] == 1, 'link up')
    check(started_mrg(io), 'jumbo: MRG_RXBUF negotiated for MTU 9000')
    echo_ok(io, 500, 1515, 9000, 'jumbo')
    r = echo_ok(io, 300, 4500, 9000, 'over a page')
    check(r['chained'] == 300, 'frames over a page came back as chains of '
          'pages, no copy (%d of 300)' % r['chained'])
    echo_ok(io, 500, 60, 9000, 'jumbo and small mixed')
    check(io.cmd('stop')['stop'] == 0, 'stopped')
    pages_home(io, 'jumbo')
    close_clean(io, 'jumbo')
    check(be.quit() == 0, 'back-end exits cleanly')


def case_restart(args, packed=False, client=False):
    """server=1 (the back-end reconnects), or client (we reconnect)."""
    sock = os.path.join(args.out, 'vu.sock')
    dv = ('' if client else ',server=1') + (',packed_vq=1' if packed else '')
    mode = ('client' if client else 'server') + (' packed' if packed else '')
    if client:
        be = backend(args, sock)
        io, first = ours(args, sock, dv)
        check(first.get('port') == 0, '%s: port probed' % mode)
    else:
        io, first = ours(args, sock, dv)
        check(first.get('port') == 0, '%s: port probed, no back-end yet' % mode)
        check(io.cmd('link')['up'] == 0, 'link down before a back-end connects')
        be = backend(args, sock, client=True)
    check(io.cmd('waitlink up 20')['up'] == 1, 'back-end attached: link up')
    echo_ok(io, 2000, 60, 1514, 'first back-end')
    lsc0 = io.cmd('link')['lsc']
    be.kill()
    r = io.cmd('waitlink down 20')
    check(r['up'] == 0 and r['lsc'] > lsc0, 'back-end killed: link down, LSC '
          '(events %d, %d before)' % (r['lsc'], lsc0))
    lsc0 = r['lsc']
    be2 = backend(args, sock, client=not client, tag='be2')
    r = io.cmd('waitlink up 30')
    check(r['up'] == 1 and r['lsc'] > lsc0, 'back-end started again: link up, '
          'LSC (events %d)' % r['lsc'])
    echo_ok(io, 2000, 60, 1514, 'second back-end')
    check(io.cmd('stop')['stop'] == 0, 'stopped')
    pages_home(io, 'after a back-end restart')
    close_clean(io, 'after a back-end restart')
    check(be2.quit() == 0, 'back-end exits cleanly')


def case_multiqueue(args):
    """queues=2: VQ_PAIRS_SET through the emulated control queue."""
    sock = os.path.join(args.out, 'vu.sock')
    be = backend(args, sock, queues=2)
    io, first = ours(args, sock, ',queues=2', ['--queues', '2'])
    check(first.get('port') == 0, 'port probed with queues=2')
    check(io.cmd('waitlink up 10')['up'] == 1, 'link up')
    m = re.search(r'features (0x[0-9a-f]+) of', io.text)
    f = int(m.group(1), 16) if m else 0
    check((f >> 17) & 1 and (f >> 22) & 1, 'CTRL_VQ and MQ negotiated (%#x)' % f)
    r = echo_ok(io, 4000, 60, 1514, '2 queue pairs')
    check(len(r['rxq']) == 2 and min(r['rxq']) > 0,
          'frames came back on both RX queues (%s)' % r['rxq'])
    x = io.cmd('xstats')
    check(x.get('ctrl_commands', 0) >= 1 and x.get('ctrl_errors', 1) == 0 and
          x.get('ctrl_timeouts', 1) == 0, 'control commands answered OK '
          '(%d sent)' % x.get('ctrl_commands', 0))
    check(io.cmd('stop')['stop'] == 0, 'stopped')
    x = io.cmd('xstats')
    check(x.get('rxq0_pool_in_flight', -1) == 0 and
          x.get('rxq1_pool_in_flight', -1) == 0, '0 pages in flight on both queues')
    check(io.cmd('start')['start'] == 0, 'started again (VQ_PAIRS_SET again)')
    check(io.cmd('waitlink up 10')['up'] == 1, 'link up again')
    echo_ok(io, 1000, 60, 1514, '2 queue pairs after stop/start')
    close_clean(io, 'multiqueue')
    check(be.quit() == 0, 'back-end exits cleanly')


# ------------------------------------------------------------ OVS-DPDK
OVS_VSWITCHD = '/usr/lib/openvswitch-switch-dpdk/ovs-vswitchd-dpdk'
OVS_SCHEMA = '/usr/share/openvswitch/vswitch.ovsschema'


class Ovs:
    """ovsdb-server and ovs-vswitchd-dpdk of our own, in a private directory
    (OVS_RUNDIR and friends), so that nothing of a system OVS is touched."""

    def __init__(self, args, tag):
        self.d = tempfile.mkdtemp(prefix='ovs_', dir=args.out)
        self.env = dict(os.environ, OVS_RUNDIR=self.d, OVS_LOGDIR=self.d,
                        OVS_DBDIR=self.d, OVS_SYSCONFDIR=self.d)
        self.tag = tag
        self.db = os.path.join(self.d, 'conf.db')
        self.sock = 'unix:' + os.path.join(self.d, 'db.sock')
        subprocess.run(['ovsdb-tool', 'create', self.db, OVS_SCHEMA],
                       check=True, env=self.env)
        self.ovsdb = self._spawn(['ovsdb-server', '--remote=p' + self.sock,
                                  '--log-file=' + os.path.join(self.d, 'ovsdb.log'),
                                  self.db], 'ovsdb.out')
        end = time.time() + 20
        while not os.path.exists(os.path.join(self.d, 'db.sock')):
            if time.time() > end or self.ovsdb.poll() is not None:
                raise Fail('ovsdb-server did not start (%s)' % self.d)
            time.sleep(0.1)
        self.vsctl('--no-wait', 'init')
        # one PMD thread on core 0; our harness polls on core 1
        self.vsctl('--no-wait', 'set', 'Open_vSwitch', '.',
                   'other_config:dpdk-init=true',
                   'other_config:dpdk-socket-mem=256',
                   'other_config:pmd-cpu-mask=0x1',
                   'other_config:dpdk-extra=--no-pci --file-prefix=vuser_ovs_%d'
                   % os.getpid())
        self.vswitchd = None

    def _spawn(self, argv, out):
        with open(os.path.join(self.d, out), 'a') as f:
            p = subprocess.Popen(argv, env=self.env, stdin=subprocess.DEVNULL,
                                 stdout=f, stderr=subprocess.STDOUT,
                                 start_new_session=True)
        PROCS.append(p)
        return p

    def vsctl(self, *a, timeout=30):
        r = subprocess.run(['ovs-vsctl', '--db=' + self.sock,
                            '--timeout=%d' % timeout] + list(a),
                           env=self.env, capture_output=True, text=True)
        if r.returncode != 0:
            raise Fail('ovs-vsctl %s: %s' % (' '.join(a), r.stderr.strip()))
        return r.stdout.strip()

    def start(self):
        self.vswitchd = self._spawn(
            [OVS_VSWITCHD, self.sock,
             '--log-file=' + os.path.join(self.d, 'vswitchd.log')],
            'vswitchd.out')
        end = time.time() + 60
        while self.vsctl('get', 'Open_vSwitch', '.', 'dpdk_initialized') != 'true':
            if time.time() > end or self.vswitchd.poll() is not None:
                raise Fail('ovs-vswitchd-dpdk did not initialise DPDK; log: %s'
                           % self.log_tail())
            time.sleep(0.2)

    def hairpin(self, port, path):
        """A netdev bridge with one vhost-user client port on `path`, and a
        flow that sends every frame back out of the port it came in on."""
        self.vsctl('--may-exist', 'add-br', 'br0', '--', 'set', 'bridge', 'br0',
                   'datapath_type=netdev')
        self.vsctl('--may-exist', 'add-port', 'br0', port, '--', 'set',
                   'Interface', port, 'type=dpdkvhostuserclient',
                   'options:vhost-server-path=' + path)
        for a in (['del-flows', 'br0'],
                  ['add-flow', 'br0', 'in_port=%s,actions=in_port' % port]):
            # the bridge's OpenFlow socket comes up a moment after the bridge
            end = time.time() + 30
            while True:
                r = subprocess.run(['ovs-ofctl'] + a, env=self.env,
                                   capture_output=True, text=True, timeout=30)
                if r.returncode == 0:
                    break
                if time.time() > end:
                    raise Fail('ovs-ofctl %s: %s' % (' '.join(a), r.stderr.strip()))
                time.sleep(0.2)

    def kill_vswitchd(self):
        os.killpg(self.vswitchd.pid, signal.SIGKILL)
        self.vswitchd.wait(10)

    def stop(self):
        """Stop both daemons; 0 if ovs-vswitchd exited cleanly."""
        rc = 0
        if self.vswitchd is not None and self.vswitchd.poll() is None:
            # its control socket is named after the program: ovs-vswitchd-dpdk
            ctl = os.path.join(self.d, '%s.%d.ctl' % (
                os.path.basename(OVS_VSWITCHD), self.vswitchd.pid))
            subprocess.run(['ovs-appctl', '-t', ctl, 'exit'], env=self.env,
                           capture_output=True, timeout=30)
            try:
                rc = self.vswitchd.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.vswitchd.pid, signal.SIGKILL)
                rc = self.vswitchd.wait(10)
        if self.ovsdb.poll() is None:
            os.killpg(self.ovsdb.pid, signal.SIGTERM)
            self.ovsdb.wait(10)
        return rc

    def log_tail(self):
        try:
            with open(os.path.join(self.d, 'vswitchd.log'), errors='replace') as f:
                return f.read()[-3000:]
        except OSError:
            return ''


def case_ovs(args):
    """OVS-DPDK's dpdkvhostuserclient port: we are the vhost-user server."""
    sock = os.path.join(args.out, 'vu.sock')
    ovs = Ovs(args, 'ovs')
    ovs.start()
    io, first = ours(args, sock, ',server=1', tag='ovs')
    check(first.get('port') == 0, 'server mode: port probed, no back-end yet')
    ovs.hairpin('vhu0', sock)
    r = io.cmd('waitlink up 30')
    check(r['up'] == 1, 'OVS connected to our socket: link up')
    m = re.search(r'attached \(features (0x[0-9a-f]+), protocol features '
                  r'(0x[0-9a-f]+)\)', io.text)
    print('    OVS offers features %s, protocol features %s' %
          (m and m.group(1), m and m.group(2)), flush=True)
    echo_ok(io, 4000, 60, 1514, 'through OVS')
    echo_ok(io, 1000, 60, 60, 'through OVS, minimum size')
    lsc0 = io.cmd('link')['lsc']
    ovs.kill_vswitchd()
    r = io.cmd('waitlink down 20')
    check(r['up'] == 0 and r['lsc'] > lsc0, 'ovs-vswitchd killed: link down')
    ovs.start()     # the database still has the port: it reconnects
    r = io.cmd('waitlink up 60')
    check(r['up'] == 1, 'ovs-vswitchd started again: link up')
    ovs.hairpin('vhu0', sock)   # flows live in ovs-vswitchd, not the database
    echo_ok(io, 2000, 60, 1514, 'through the restarted OVS')
    check(io.cmd('stop')['stop'] == 0, 'stopped')
    pages_home(io, 'after an OVS restart')
    close_clean(io, 'OVS')
    rc = ovs.stop()
    check(rc == 0, 'ovs-vswitchd exits cleanly (rc %d)' % rc)


# ------------------------------------------------------ fake back-end

HDR = struct.Struct('<III')
GET_FEATURES, SET_FEATURES, SET_OWNER = 1, 2, 3
GET_PROTOCOL_FEATURES = 15


class FakeBackend(threading.Thread):
    """Answers like a vhost-user net back-end, except on `target`."""

    def __init__(self, sock_path, mode, target, connect=False):
        super().__init__(daemon=True)
        self.path, self.mode, self.target = sock_path, mode, target
        self.connect_mode = connect
        self.requests = []
        self.closed_by_peer = False
        self.stop = False
        if not connect:
            if os.path.exists(sock_path):
                os.unlink(sock_path)
            self.ls = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            self.ls.bind(sock_path)
            self.ls.listen(1)
            self.ls.settimeout(30)

    def reply(self, c, req, payload, flags=0x5, size=None):
        c.sendall(HDR.pack(req, flags, len(payload) if size is None else size)
                  + payload)

    def run(self):
        try:
            if self.connect_mode:
                c = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                c.connect(self.path)
            else:
                c, _ = self.ls.accept()
            c.settimeout(30)
            self.serve(c)
        except ConnectionResetError:
            self.closed_by_peer = True  # closed with our reply unread
        except OSError:
            pass

    def serve(self, c):
        while True:
            h = b''
            while len(h) < 12:
                d = c.recv(12 - len(h))
                if not d:
                    self.closed_by_peer = True
                    c.close()
                    return
                h += d
            req, flags, size = HDR.unpack(h)
            body = b''
            while len(body) < size:
                d = c.recv(size - len(body))
                if not d:
                    self.closed_by_peer = True
                    c.close()
                    return
                body += d
            self.requests.append(req)
            mode = self.mode if req == self.target else 'good'
            if mode == 'close':
                c.close()
                return
            if mode == 'silent':
                continue
            if req == GET_FEATURES:
                v = struct.pack('<Q', (1 << 32) | (1 << 15) | (1 << 30))
            elif req == GET_PROTOCOL_FEATURES:
                v = struct.pack('<Q', 1 << 3)   # REPLY_ACK
            elif flags & 0x8:
                v = struct.pack('<Q', 0)
            else:
                continue
            if mode == 'short':
                self.reply(c, req, v[:4])
            elif mode == 'wrongreq':
                self.reply(c, req + 1, v)
            else:
                self.reply(c, req, v)


def fd_count_without_port(args):
    """fds of the harness when no vdev exists at all: the baseline."""
    io = Io(args, ['-l', '1', '--no-pci', '--file-prefix',
                   'vuser_base_%d' % os.getpid(), '-d', args.plugin], [],
            os.path.join(args.out, 'ours.log'))
    r = io.line(120)
    io.finish(30)
    return r['fds']


def case_misbehave(args):
    sock = os.path.join(args.out, 'fake.sock')
    base = fd_count_without_port(args)
    print('    harness fds without a port: %d' % base, flush=True)
    cases = [
        ('close', GET_FEATURES, 'back-end closed the connection'),
        ('short', GET_FEATURES, 'reply of 4 bytes, want 8'),
        ('wrongreq', GET_PROTOCOL_FEATURES, 'reply is for request 16'),
        ('silent', GET_FEATURES, 'no reply from the back-end within'),
        ('close', SET_OWNER, 'back-end closed the connection'),
    ]
    for mode, target, msg in cases:
        fb = FakeBackend(sock, mode, target)
        fb.start()
        t0 = time.time()
        io, first = ours(args, sock, '', tag='mis')
        rc = io.finish(60)
        dt = time.time() - t0
        fb.join(10)
        what = '%s on request %d' % (mode, target)
        check(first.get('port', 1) is None and rc == SKIP,
              '%s: probe refused, no port (%.1f s)' % (what, dt))
        check(msg in io.text, '%s: clear error "%s"' % (what, msg))
        check(first['fds'] == base, '%s: no fd left (%d, %d without a port)' %
              (what, first['fds'], base))
        check(fb.closed_by_peer or mode == 'close',
              '%s: our side closed the socket' % what)
        fb.ls.close()
    # server mode: the link stays down, a good back-end then works
    io, first = ours(args, sock, ',server=1', tag='mis_srv')
    check(first.get('port') == 0, 'server mode: port probed')
    fds0 = io.cmd('link')['fds']
    for mode, target in (('short', GET_FEATURES), ('close', GET_PROTOCOL_FEATURES)):
        fb = FakeBackend(sock, mode, target, connect=True)
        fb.start()
        fb.join(20)
        time.sleep(0.5)
        r = io.cmd('link')
        check(r['up'] == 0, 'server mode, back-end %s on %d: link stays down' %
              (mode, target))
        check(r['fds'] == fds0, 'server mode: its socket closed (%d fds, %d before)'
              % (r['fds'], fds0))
    be = backend(args, sock, client=True)
    check(io.cmd('waitlink up 30')['up'] == 1, 'then a real back-end: link up')
    echo_ok(io, 500, 60, 1514, 'after two bad back-ends')
    check(io.cmd('stop')['stop'] == 0, 'stopped')
    close_clean(io, 'server mode')
    check(be.quit() == 0, 'back-end exits cleanly')


def hugepages_free():
    try:
        with open('/proc/meminfo') as f:
            for l in f:
                if l.startswith('HugePages_Free:'):
                    return int(l.split()[1])
    except OSError:
        pass
    return 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--io', required=True)
    ap.add_argument('--plugin', required=True)
    ap.add_argument('--case', required=True,
                    choices=['io', 'packed', 'jumbo', 'restart',
                             'restart-packed', 'reconnect', 'multiqueue',
                             'misbehave', 'ovs'])
    ap.add_argument('--out', default=None)
    args = ap.parse_args()
    if shutil.which('dpdk-testpmd') is None:
        print('SKIP: no dpdk-testpmd')
        return SKIP
    if hugepages_free() < 400:
        print('SKIP: fewer than 400 free 2 MiB hugepages')
        return SKIP
    if args.case == 'ovs' and not (os.path.exists(OVS_VSWITCHD) and
                                   shutil.which('ovsdb-server')):
        print('SKIP: no OVS-DPDK (openvswitch-switch-dpdk; devtools/setup.sh '
              'installs it)')
        return SKIP
    # EAL refuses a plugin below a world-writable directory (a clone in
    # /tmp): load a staged copy, removed at the end
    args.plugin, staged = stage_plugin(args.plugin)
    tmp = tempfile.mkdtemp(prefix='vuser_')
    args.out = args.out or tmp
    os.makedirs(args.out, exist_ok=True)
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    try:
        print('case %s (logs in %s)' % (args.case, args.out), flush=True)
        {'io': lambda: case_io(args),
         'packed': lambda: case_io(args, packed=True),
         'jumbo': lambda: case_jumbo(args),
         'restart': lambda: case_restart(args),
         'restart-packed': lambda: case_restart(args, packed=True),
         'reconnect': lambda: case_restart(args, client=True),
         'multiqueue': lambda: case_multiqueue(args),
         'misbehave': lambda: case_misbehave(args),
         'ovs': lambda: case_ovs(args)}[args.case]()
        print('PASS %s' % args.case)
        return 0
    except (Fail, EOFError, json.JSONDecodeError) as e:
        print('FAIL %s: %s' % (args.case, e))
        for f in ['ours.log', 'backend.log'] + [
                os.path.join(d, 'vswitchd.log') for d in os.listdir(args.out)
                if d.startswith('ovs_')]:
            p = os.path.join(args.out, f)
            if os.path.exists(p):
                print('--- tail of %s' % p)
                print(open(p, errors='replace').read()[-4000:])
        return 1
    finally:
        killall()
        if staged:
            shutil.rmtree(staged, ignore_errors=True)


if __name__ == '__main__':
    sys.exit(main())
