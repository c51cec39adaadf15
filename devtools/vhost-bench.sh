#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The pagepool authors
#
# devtools/vhost-bench.sh - our virtio data path at real rates, over vhost-user
# (issue 11, section 2). No VM: testpmd with DPDK's net_vhost in io
# forwarding is the back-end on one core; on the other core, alternating
# round by round:
#   (a) testpmd io forwarding on net_pp_virtio_user (-d our plugin)
#   (b) testpmd io forwarding on DPDK's net_virtio_user
# with traffic started by the front-end's `start tx_first 32`, at 64 and
# 1518 bytes and 9000 through mergeable buffers (MTU 9000); then our raw
# page path (pagepool-l2fwd --path raw, no mbufs, frames sent back out of
# the port) against (b), traffic started by the back-end's tx_first.
#
# The rate is counted by the back-end (the same program for both), over
# --seconds after a warm-up: frames it received (our TX) and sent (our RX);
# a row's Mpps is their mean. Both front-ends get the same EAL memory
# options (--single-file-segments: DPDK's virtio_user needs it, ours not).
# Our pools' recycles to the owner's cache vs the ring are read from xstats
# over the same window.
#
#   devtools/vhost-bench.sh [--rounds N] [--seconds S] [--json]
#                           [--build DIR] [--rows io_64,io_1518,io_9000,raw_64]
#                           [--base DIR] [--ours-devargs K=V,...]
#                           [--dpdk-devargs K=V,...] [--packed]
#   devtools/vhost-bench.sh --callgrind-backend [--rounds N] [--seconds S]
#                           [--json] [--out DIR] [--base DIR]
#   devtools/vhost-bench.sh --callgrind [--rounds N] [--seconds S] [--json]
#                           [--out DIR] [--rows io_64,raw_64] [--base DIR]
#
# --callgrind: instead of rates, the instructions per forwarded frame of
# each front-end at 64 bytes (all threads), ours beside DPDK's, from
# callgrind (valgrind) dumps over a window; the back-end runs natively and
# counts the frames. io_64 (the default): testpmd io forwarding on both;
# raw_64: pagepool-l2fwd's raw path against DPDK's io forwarding. Also
# given: the cost of one empty poll (a window without traffic) and the
# per-frame figure with the traffic window's empty polls taken out, which
# the host's load does not move (see run_callgrind). The traffic window's
# dump is kept, DIR/cg.<row>.<ours|base|dpdk>.<tag>.4 (--out DIR, default
# a new temporary directory, printed at the end): `callgrind_annotate
# FILE` gives its per-function instructions; divide by the frames printed
# beside it.
#
# --callgrind-backend: the same window, io_64 only, but callgrind counts
# the back-end (DPDK's net_vhost in testpmd io forwarding) while each
# front-end runs natively: the instructions the peer spends per frame it
# forwards, facing ours and facing DPDK's virtio_user. What we negotiate
# (CSUM makes vhost copy and parse every header) and how we lay out rings
# and buffers costs the peer, and on a loopback of two cores the slower
# side sets the rate of both.
#
# --ours-devargs K=V[,K=V]: added to our vdev's devargs (ours only, not
# the --base side), e.g. tx_hdr_keep=1 against the same build as --base.
# --dpdk-devargs K=V[,K=V]: added to DPDK's net_virtio_user, e.g.
# mrg_rxbuf=0 to give it the features ours negotiates.
# --packed: every front-end on packed rings (packed_vq=1 on both; the
# default is split on both, as each driver's own default). The JSON
# says which ("ring").
#
# --base DIR: a third side in every round, our plugin (and pagepool-l2fwd)
# from another build directory, e.g. a copy of the build before a change:
# its Mpps, and ours/base, beside the rest. A change to the data path is
# judged by ours/base within the same rounds, which the host's load moves
# far less than the rates themselves.
#
# --json prints one object: {"rows": [{name, ours_mpps, dpdk_mpps, ratio,
# ours_all, dpdk_all, cached_pct}...]}, medians over the rounds; with
# --base also base_mpps, base_all and ours_base (the median of the rounds'
# ours/base). Every
# process it starts is killed at the end, pass or fail. Numbers from a
# shared machine are noisy: this is a measurement, never a test.
set -euo pipefail
cd "$(dirname "$0")/.."
exec python3 - "$@" <<'PYEOF'
import argparse, json, os, re, select, signal, statistics, subprocess, sys
import tempfile, time

ap = argparse.ArgumentParser(prog='vhost-bench.sh')
ap.add_argument('--rounds', type=int, default=3)
ap.add_argument('--seconds', type=float, default=5.0)
ap.add_argument('--warmup', type=float, default=2.0)
ap.add_argument('--json', action='store_true')
ap.add_argument('--build', default='build')
ap.add_argument('--rows', default=None,
                help='default io_64,io_1518,io_9000,raw_64; with --callgrind io_64 (or raw_64)')
ap.add_argument('--base', default=None,
                help='also run this build directory\'s plugin and l2fwd as a third side')
ap.add_argument('--out', default=None,
                help='keep logs and callgrind dumps here (default: a new temporary directory)')
ap.add_argument('--ours-devargs', default=None,
                help='more devargs for our vdev (not --base), e.g. tx_hdr_keep=1')
ap.add_argument('--packed', action='store_true',
                help='both front-ends (and --base) on packed rings: packed_vq=1')
ap.add_argument('--dpdk-devargs', default=None,
                help='more devargs for DPDK\'s net_virtio_user, e.g. mrg_rxbuf=0')
ap.add_argument('--callgrind-backend', action='store_true',
                help='instructions per frame of the back-end (io_64)')
ap.add_argument('--callgrind', action='store_true',
                help='instead: instructions per frame of each front-end (io_64) '
                     'under callgrind, the back-end native')
args = ap.parse_args()
# EAL refuses a plugin below a world-writable directory (a clone in /tmp):
# load a staged copy, removed at exit
import atexit, shutil
sys.path.insert(0, os.path.abspath('app/perf'))
from testpmd_session import stage_plugin
plugins, l2fwds = {}, {}
for kind, d in (('ours', args.build), ('base', args.base)):
    if d is None:
        continue
    f = os.path.abspath(os.path.join(d, 'drivers/net/librte_net_pp_virtio.so'))
    if not os.path.exists(f):
        sys.exit('vhost-bench: %s missing: build first (devtools/build.sh)' % f)
    plugins[kind], staged = stage_plugin(f)
    if staged:
        atexit.register(shutil.rmtree, staged, True)
    l2fwds[kind] = os.path.abspath(os.path.join(d, 'examples/l2fwd/pagepool-l2fwd'))
OURS = tuple(plugins)	# our sides: 'ours', and 'base' with --base
if args.out:
    os.makedirs(args.out, exist_ok=True)
    out = os.path.abspath(args.out)
else:
    out = tempfile.mkdtemp(prefix='vhost_bench_')
sock = os.path.join(out, 'vb.sock')
procs = []
log = (lambda *a: print(*a, file=sys.stderr, flush=True))


def killall():
    for p in procs:
        if p.poll() is None:
            try:
                os.killpg(p.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            p.wait()
    procs.clear()


signal.signal(signal.SIGTERM, lambda s, f: (killall(), sys.exit(1)))
signal.signal(signal.SIGINT, lambda s, f: (killall(), sys.exit(1)))


class P:
    def __init__(self, argv, name):
        self.f = open(os.path.join(out, name + '.log'), 'a')
        self.f.write('$ ' + ' '.join(argv) + '\n')
        self.p = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT, start_new_session=True)
        procs.append(self.p)
        self.buf = ''

    def read(self, t):
        r, _, _ = select.select([self.p.stdout], [], [], t)
        if r:
            d = os.read(self.p.stdout.fileno(), 65536)
            if not d:
                raise RuntimeError('exited: ' + self.buf[-1500:])
            s = d.decode(errors='replace')
            self.f.write(s)
            self.f.flush()
            self.buf += s

    def until(self, pat, t=60):
        end = time.time() + t
        while True:
            # another thread's log line may land inside a prompt: take it out
            self.buf = re.sub(r'(?:VHOST_CONFIG|VHOST_DATA): [^\n]*\n', '', self.buf)
            m = re.search(pat, self.buf)
            if m:
                o = self.buf[:m.end()]
                self.buf = self.buf[m.end():]
                return o
            if time.time() > end:
                raise RuntimeError('timeout on %r: %s' % (pat, self.buf[-1500:]))
            self.read(0.2)

    def cmd(self, c, t=30):
        self.p.stdin.write((c + '\n').encode())
        self.p.stdin.flush()
        return self.until(r'testpmd> ', t)

    def stop(self):
        try:
            self.p.stdin.write(b'quit\n')
            self.p.stdin.flush()
            end = time.time() + 20
            while self.p.poll() is None and time.time() < end:
                try:
                    self.read(0.2)
                except RuntimeError:
                    break
        except OSError:
            pass
        if self.p.poll() is None:
            os.killpg(self.p.pid, signal.SIGKILL)
        self.p.wait()


def testpmd(eal, app, name, pre=None):
    # line-buffered: its tables are printf()s, behind a pipe otherwise held back
    p = P(['stdbuf', '-oL'] + (pre or []) + ['dpdk-testpmd'] + eal + ['--'] +
          app + ['-i'], name)
    p.until(r'testpmd> ', 600 if pre else 60)
    return p


def frame_len(size):
    # Bytes of frame in the mbuf. 64: testpmd's default, as in the issue's
    # reference run. 1518: the largest standard frame on the wire counts
    # its 4-byte FCS, which no virtio buffer carries: 1514 bytes (MTU 1500).
    # 9000: 9000 bytes (MTU 9000).
    return {1518: 1514}.get(size, size)


def jumbo_app(size):
    # before --txpkts: testpmd checks segment lengths against the mbuf size
    # as it parses
    if size <= 1518:
        return []
    return ['--mbuf-size', '10240', '--max-pkt-len', '9018']


def be_start(size, tag, pre=None):
    if os.path.exists(sock):
        os.unlink(sock)
    # forwarding on core 0, its main lcore (idle at the prompt) on 1
    return testpmd(['-l', '0,1', '--main-lcore', '1', '--no-pci',
                    '--file-prefix', 'vb_be_%s' % tag, '--single-file-segments',
                    '--log-level=lib.vhost.*:notice',
                    '--vdev', 'net_vhost0,iface=%s' % sock],
                   ['--forward-mode', 'io', '--total-num-mbufs', '16384'] +
                   jumbo_app(size) + ['--txpkts', str(frame_len(size))], 'backend',
                   pre)


def our_vdev(kind):
    # --ours-devargs: the side under test only, not --base
    extra = ',' + args.ours_devargs if args.ours_devargs and kind == 'ours' else ''
    if args.packed:
        extra += ',packed_vq=1'
    return 'net_pp_virtio_user0,path=%s%s' % (sock, extra)


def fe_eal(kind, tag):
    # forwarding on core 1, main lcore on 0
    eal = ['-l', '0,1', '--main-lcore', '0', '--no-pci', '--file-prefix',
           'vb_fe_%s' % tag, '--single-file-segments']
    if kind in OURS:
        return eal + ['-d', plugins[kind], '--vdev', our_vdev(kind)]
    extra = ',' + args.dpdk_devargs if args.dpdk_devargs else ''
    if args.packed:
        extra += ',packed_vq=1'
    return eal + ['--vdev', 'net_virtio_user0,path=%s,queue_size=256%s' % (sock, extra)]


def port_counts(p):
    # async messages may print their own prompt: wait for the table itself
    p.buf = ''
    p.p.stdin.write(b'show port stats 0\n')
    p.p.stdin.flush()
    o = p.until(r'Tx-pps:.*\n', 30)
    rx = int(re.search(r'RX-packets:\s+(\d+)', o).group(1))
    tx = int(re.search(r'TX-packets:\s+(\d+)', o).group(1))
    return rx, tx, time.time()


def pool_counts(fe):
    fe.buf = ''
    fe.p.stdin.write(b'show port xstats 0\n')
    fe.p.stdin.flush()
    o = fe.until(r'txq0_vq_kicks:\s+\d+', 30)
    c = re.search(r'rxq0_pool_recycle_cached:\s+(\d+)', o)
    r = re.search(r'rxq0_pool_recycle_ring:\s+(\d+)', o)
    return (int(c.group(1)), int(r.group(1))) if c and r else (0, 0)


def measure(be, fe=None):
    time.sleep(args.warmup)
    pc0 = pool_counts(fe) if fe else (0, 0)
    r0, t0, s0 = port_counts(be)
    time.sleep(args.seconds)
    r1, t1, s1 = port_counts(be)
    pc1 = pool_counts(fe) if fe else (0, 0)
    dt = s1 - s0
    ours_tx, ours_rx = (r1 - r0) / dt / 1e6, (t1 - t0) / dt / 1e6
    return ours_tx, ours_rx, (pc1[0] - pc0[0], pc1[1] - pc0[1])


def run_io(kind, size, tag):
    be = be_start(size, tag)
    try:
        be.cmd('start')
        # --no-flush-rx: testpmd's start otherwise polls RX from the main
        # lcore first, and our pool's owner then has to move (see the doc)
        fe = testpmd(fe_eal(kind, tag), ['--forward-mode', 'io', '--rxd', '256',
                                         '--txd', '256', '--total-num-mbufs', '16384',
                                         '--no-flush-rx'] +
                     jumbo_app(size) + ['--txpkts', str(frame_len(size))], 'frontend')
        try:
            fe.cmd('start tx_first 32')
            tx, rx, pc = measure(be, fe if kind in OURS else None)
            fe.cmd('stop')
        finally:
            fe.stop()
        be.cmd('stop')
    finally:
        be.stop()
        killall()
    return tx, rx, pc


def run_raw(kind, tag):
    """Traffic started by the back-end; ours: pagepool-l2fwd raw, DPDK's: testpmd io."""
    be = be_start(64, tag)
    try:
        if kind in OURS:
            # one lcore: l2fwd forwards on its main lcore
            eal = ['-l', '1', '--no-pci', '--file-prefix', 'vb_fe_%s' % tag,
                   '--single-file-segments', '-d', plugins[kind],
                   '--vdev', our_vdev(kind)]
            fe = P(['stdbuf', '-oL', l2fwds[kind]] + eal + ['--', '--path', 'raw', '-T', '0',
                    '--no-mac-updating', '--rxd', '256', '--txd', '256'], 'frontend')
            fe.until(r'l2fwd: lcore', 60)
            time.sleep(1)
        else:
            fe = testpmd(fe_eal('dpdk', tag), ['--forward-mode', 'io', '--rxd', '256',
                                               '--txd', '256', '--total-num-mbufs', '16384',
                                               '--no-flush-rx'],
                         'frontend')
            fe.cmd('start')
        try:
            be.cmd('start tx_first 32')
            tx, rx, pc = measure(be)
            be.cmd('stop')
        finally:
            if kind in OURS:
                fe.p.send_signal(signal.SIGINT)
                end = time.time() + 20
                while fe.p.poll() is None and time.time() < end:
                    try:
                        fe.read(0.2)
                    except RuntimeError:
                        break
            fe.stop()
    finally:
        be.stop()
        killall()
    return tx, rx, pc


def cg_parse(path, pmd='virtio'):
    """
    Total instructions of a callgrind dump, and the calls made from
    dpdk-testpmd or pagepool-l2fwd into the PMD under test ({callee:
    count}): the most called is the RX burst (every poll), the next the TX
    burst (polls that got frames).
    """
    names = {}

    def name(v):
        m = re.match(r'\((\d+)\)(?: (.*))?$', v.strip())
        if not m:
            return v.strip()
        if m.group(2) is not None:
            names[(m.group(1))] = m.group(2)
        return names.get(m.group(1), v.strip())

    ir, calls = 0, {}
    ob = fn = cob = cfn = None
    with open(path) as f:
        for line in f:
            if line.startswith('summary:'):
                ir = int(line.split()[1])
            elif line.startswith('ob='):
                ob = name(line[3:])
                cob = None
            elif line.startswith('fn='):
                fn = name(line[3:])
                cob = None
            elif line.startswith('cob='):
                cob = name(line[4:])
            elif line.startswith('cfn='):
                cfn = name(line[4:])
            elif line.startswith('calls='):
                callee_ob = cob or ob
                if ob and ('dpdk-testpmd' in ob or 'pagepool-l2fwd' in ob) and \
                        callee_ob and \
                        'librte_net_' in callee_ob and pmd in callee_ob:
                    calls[cfn] = calls.get(cfn, 0) + int(line[6:].split()[0])
                cob = None
    return ir, calls


def cg_dump(fe):
    subprocess.run(['callgrind_control', '-d', str(fe.p.pid)],
                   capture_output=True, timeout=300)


def cg_windows(target, counter, traffic):
    """
    The two windows of a callgrind run, each between two dumps of target
    (callgrind starts the count afresh at each dump): .2 idle (forwarding
    started, nothing sent), then traffic() and a warm-up, .4 traffic
    (--seconds x 2). Returns the frame counts counter's `show port stats`
    gave around the traffic window.
    """
    time.sleep(3)
    cg_dump(target)
    time.sleep(args.seconds)
    cg_dump(target)                   # .2: idle window
    traffic()
    time.sleep(5)
    cg_dump(target)
    r0, _, _ = port_counts(counter)
    time.sleep(args.seconds * 2)
    cg_dump(target)                   # .4: traffic window
    r1, _, _ = port_counts(counter)
    return r0, r1


def cg_figures(cg, frames, pmd):
    """
    Instructions per frame of the dumps cg.2 (idle) and cg.4 (traffic):
    as counted, and with the traffic window's empty polls taken out (RX
    bursts minus TX bursts into pmd, each at the idle window's cost).
    """
    idle_ir, idle_calls = cg_parse(cg + '.2', pmd)
    ir, calls = cg_parse(cg + '.4', pmd)
    idle_polls = max(idle_calls.values()) if idle_calls else 0
    e = idle_ir / idle_polls if idle_polls else 0.0
    per = sorted(calls.values(), reverse=True) + [0, 0]
    empty = max(0, per[0] - per[1])
    n = max(1, frames)
    return {'ipf': ir / n, 'frames': frames, 'empty_poll': e,
            'empty_polls': empty, 'rx_polls': per[0],
            'ipf_busy': (ir - empty * e) / n, 'dump': cg + '.4',
            'fpb': n / per[1] if per[1] else 0.0}


def run_callgrind(kind, tag, row):
    """
    The front-end under callgrind, two windows, each between two dumps
    (callgrind starts the count afresh at each dump):
    - idle: forwarding started, no traffic: every poll is empty; its
      instructions per poll are the cost E of an empty poll (the
      application's loop and the PMD's RX burst);
    - traffic: after `start tx_first 32` and a warm-up, --seconds x 2; the
      instructions of that window (every thread), divided by the frames the
      back-end saw the front-end forward in it (each one RX and TX there).
    How many of that window's polls came back empty depends on how often the
    host let the back-end run (load), and moved this figure by 2x between
    runs; so it is also given with the empty polls taken out: (instructions
    - empty polls x E) / frames, the empty polls being the RX bursts minus
    the TX bursts the application made (testpmd and pagepool-l2fwd call TX
    only with frames).
    io_64: testpmd io forwarding, traffic from the front-end's tx_first.
    raw_64 (as the rates' row): ours is pagepool-l2fwd's raw path, DPDK's
    testpmd io forwarding, traffic from the back-end's tx_first.
    """
    raw = row == 'raw_64'
    be = be_start(64, tag)
    cg = os.path.join(out, 'cg.%s.%s.%s' % (row, kind, tag))
    vg = ['valgrind', '--tool=callgrind', '--callgrind-out-file=' + cg]
    try:
        be.cmd('start')
        if raw and kind in OURS:
            fe = P(vg + [l2fwds[kind], '-l', '1', '--no-pci', '--file-prefix',
                         'vb_fe_%s' % tag, '--single-file-segments', '-d',
                         plugins[kind], '--vdev',
                         our_vdev(kind), '--', '--path',
                         'raw', '-T', '0', '--no-mac-updating', '--rxd', '256',
                         '--txd', '256'], 'frontend')
            fe.until(r'l2fwd: lcore', 600)
        else:
            fe = P(vg + ['dpdk-testpmd'] + fe_eal(kind, tag) +
                   ['--', '--forward-mode', 'io', '--rxd', '256', '--txd', '256',
                    '--total-num-mbufs', '16384', '--no-flush-rx', '--txpkts', '64',
                    '-i'], 'frontend')
            fe.until(r'testpmd> ', 600)
            fe.cmd('start', 120)
        def traffic():
            if raw:
                be.cmd('stop')
                be.cmd('start tx_first 32')
            else:
                fe.cmd('stop', 120)
                fe.cmd('start tx_first 32', 120)

        try:
            r0, r1 = cg_windows(fe, be, traffic)
        finally:
            if raw and kind in OURS:
                fe.p.send_signal(signal.SIGINT)
                end = time.time() + 60
                while fe.p.poll() is None and time.time() < end:
                    try:
                        fe.read(0.2)
                    except RuntimeError:
                        break
            fe.stop()
        be.cmd('stop')
    finally:
        be.stop()
        killall()
    return cg_figures(cg, r1 - r0, 'virtio')


def run_callgrind_be(kind, tag):
    """
    The back-end under callgrind, the front-end native, io_64: after `start
    tx_first 32` on the front-end and a warm-up, one window of --seconds x
    2 between two dumps; the back-end's instructions in it (every thread)
    per frame the front-end received in it (each frame is one dequeue from
    the front-end's TX ring and one enqueue into its RX ring). Empty polls
    are few: the back-end, slowed some 50x, is the side that waits least.
    Also given: the back-end's TX bursts in the window (calls into
    net_vhost's TX, made only with frames), so frames per burst.
    """
    cg = os.path.join(out, 'cg.be.%s.%s' % (kind, tag))
    be = be_start(64, tag, ['valgrind', '--tool=callgrind',
                            '--callgrind-out-file=' + cg])
    try:
        # the front-end attaches before the back-end forwards: a forwarding
        # lcore under valgrind starves the thread that answers vhost-user
        # messages beyond our 5 s bound on a reply
        fe = testpmd(fe_eal(kind, tag), ['--forward-mode', 'io', '--rxd', '256',
                                         '--txd', '256', '--total-num-mbufs', '16384',
                                         '--no-flush-rx', '--txpkts', '64'], 'frontend')
        try:
            be.cmd('start', 120)
            # counted by the native front-end (frames it received, each one
            # the back-end's enqueue): the back-end itself answers late
            r0, r1 = cg_windows(be, fe, lambda: fe.cmd('start tx_first 32'))
            fe.cmd('stop')
        finally:
            fe.stop()
        be.cmd('stop', 120)
    finally:
        be.stop()
        killall()
    return cg_figures(cg, r1 - r0, 'librte_net_vhost')


if args.callgrind_backend:
    kinds = list(OURS) + ['dpdk']
    res = {k: [] for k in kinds}
    busy = {k: [] for k in kinds}
    try:
        for rnd in range(args.rounds):
            for kind in kinds[rnd % len(kinds):] + kinds[:rnd % len(kinds)]:
                r = run_callgrind_be(kind, '%d_cgbe%d' % (os.getpid(), rnd))
                res[kind].append(r['ipf'])
                busy[kind].append(r['ipf_busy'])
                log('round %d callgrind back-end facing %-5s: %.0f instructions '
                    'per frame (%d frames, %.1f per TX burst, %d empty polls at '
                    '%.0f each: %.0f per frame without them) %s' % (
                        rnd, kind, r['ipf'], r['frames'], r['fpb'],
                        r['empty_polls'], r['empty_poll'], r['ipf_busy'],
                        r['dump']))
    finally:
        killall()
    obj = {'callgrind_backend_io_64': dict(
        [(k + '_ipf', round(statistics.median(v))) for k, v in res.items()] +
        [(k + '_all', [round(x) for x in v]) for k, v in res.items()] +
        [(k + '_ipf_busy', round(statistics.median(v))) for k, v in busy.items()] +
        [(k + '_busy_all', [round(x) for x in v]) for k, v in busy.items()])}
    if args.json:
        print(json.dumps(obj))
    else:
        o = obj['callgrind_backend_io_64']
        print('back-end instructions per frame, io_64 (median): %s' % ', '.join(
            'facing %s %d %s' % (k, o[k + '_ipf'], o[k + '_all']) for k in kinds))
        print('  without empty polls: %s' % ', '.join(
            'facing %s %d %s' % (k, o[k + '_ipf_busy'], o[k + '_busy_all'])
            for k in kinds))
        print('logs and callgrind dumps: %s' % out)
    sys.exit(0)

if args.callgrind:
    cg_rows = [r for r in (args.rows or 'io_64').split(',') if r in ('io_64', 'raw_64')]
    kinds = list(OURS) + ['dpdk']
    cgres = {}
    try:
        for rnd in range(args.rounds):
            for row in cg_rows:
                d = cgres.setdefault(row, {k: {'ipf': [], 'busy': [], 'epoll': []}
                                           for k in kinds})
                for kind in kinds[rnd % len(kinds):] + kinds[:rnd % len(kinds)]:
                    r = run_callgrind(kind, '%d_cg%d' % (os.getpid(), rnd), row)
                    d[kind]['ipf'].append(r['ipf'])
                    d[kind]['busy'].append(r['ipf_busy'])
                    d[kind]['epoll'].append(r['empty_poll'])
                    log('round %d callgrind %s %-5s: %.0f instructions per frame (%d '
                        'frames, %d RX polls of which %d empty at %.0f each: %.0f per '
                        'frame without them) %s' % (
                            rnd, row, kind, r['ipf'], r['frames'], r['rx_polls'],
                            r['empty_polls'], r['empty_poll'], r['ipf_busy'], r['dump']))
    finally:
        killall()
    med = lambda v: round(statistics.median(v))
    allr = lambda v: [round(x) for x in v]
    obj = {}
    for row, d in cgres.items():
        o = {}
        for k in kinds:
            o.update({k + '_ipf': med(d[k]['ipf']), k + '_all': allr(d[k]['ipf']),
                      k + '_ipf_busy': med(d[k]['busy']),
                      k + '_busy_all': allr(d[k]['busy']),
                      k + '_empty_poll': med(d[k]['epoll'])})
        obj['callgrind_' + row] = o
    if args.json:
        print(json.dumps(obj))
    else:
        for row, o in obj.items():
            print('%s instructions per frame (median): %s' % (row, ', '.join(
                '%s %d %s' % (k, o[k + '_ipf'], o[k + '_all']) for k in kinds)))
            print('  without empty polls: %s' % ', '.join(
                '%s %d %s' % (k, o[k + '_ipf_busy'], o[k + '_busy_all']) for k in kinds))
            print('  one empty poll (application loop + RX burst): %s' % ', '.join(
                '%s %d' % (k, o[k + '_empty_poll']) for k in kinds))
        print('logs and callgrind dumps: %s' % out)
    sys.exit(0)

rows = (args.rows or 'io_64,io_1518,io_9000,raw_64').split(',')
kinds = list(OURS) + ['dpdk']
res = {r: dict({k: [] for k in kinds}, cached=[]) for r in rows}
try:
    for rnd in range(args.rounds):
        for row in rows:
            # each side first in turn: the rounds' order rotates
            order = kinds[rnd % len(kinds):] + kinds[:rnd % len(kinds)]
            for kind in order:
                tag = '%d_%d' % (os.getpid(), rnd)
                if row.startswith('io_'):
                    tx, rx, pc = run_io(kind, int(row[3:]), tag)
                else:
                    tx, rx, pc = run_raw(kind, tag)
                mpps = (tx + rx) / 2
                res[row][kind].append(mpps)
                if kind == 'ours' and pc[0] + pc[1] > 0:
                    res[row]['cached'].append(100.0 * pc[0] / (pc[0] + pc[1]))
                log('round %d %-8s %-5s: tx %.3f rx %.3f Mpps (mean %.3f)%s' % (
                    rnd, row, kind, tx, rx, mpps,
                    '  recycles cached %d ring %d' % pc if kind in OURS and
                    row.startswith('io_') else ''))
finally:
    killall()

table = []
for row in rows:
    o, d = res[row]['ours'], res[row]['dpdk']
    mo, md = statistics.median(o), statistics.median(d)
    t = {'name': row, 'ours_mpps': round(mo, 3), 'dpdk_mpps': round(md, 3),
         'ratio': round(mo / md, 3) if md > 0 else None,
         'ours_all': [round(x, 3) for x in o],
         'dpdk_all': [round(x, 3) for x in d],
         'cached_pct': round(min(res[row]['cached']), 2)
         if res[row]['cached'] else None}
    if 'base' in OURS:
        bs = res[row]['base']
        t['base_mpps'] = round(statistics.median(bs), 3)
        t['base_all'] = [round(x, 3) for x in bs]
        # per round, the same load: the median of ours/base
        t['ours_base'] = round(statistics.median(
            [x / y for x, y in zip(o, bs) if y > 0] or [0]), 3)
    table.append(t)
if args.json:
    print(json.dumps({'rounds': args.rounds, 'seconds': args.seconds,
                      'ring': 'packed' if args.packed else 'split', 'rows': table}))
else:
    print('%-8s %10s %10s %7s  %s' % ('row', 'ours Mpps', 'DPDK Mpps', 'ratio',
                                      'ours / DPDK per round; min cached recycles %'))
    for t in table:
        print('%-8s %10.3f %10.3f %7s  %s / %s; %s' % (
            t['name'], t['ours_mpps'], t['dpdk_mpps'], t['ratio'], t['ours_all'],
            t['dpdk_all'], t['cached_pct']))
        if 'base' in t:
            print('%-8s base %.3f Mpps %s; ours/base per round, median %.3f' % (
                '', t['base_mpps'], t['base_all'], t['ours_base']))
    print('logs: %s' % out)
PYEOF
