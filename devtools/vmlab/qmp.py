#!/usr/bin/env python3
"""qmp.py - a minimal QMP client for the lab's QEMU monitor socket ($RUN/qmp.sock).

CLI:
  qmp.py SOCK set_link NAME on|off    NAME: a NIC id (nic0, nic1, ...) or netdev id (n0, ...)
  qmp.py SOCK hmp 'info network'      any human monitor command
  qmp.py SOCK COMMAND ['{"arg": 1}']  any QMP command, JSON arguments
As a module: QMP(path).cmd("set_link", name="nic1", up=False), set_link(path, name, up).
"""
import json
import socket
import sys


class QMPError(Exception):
    pass


class QMP:
    def __init__(self, path, timeout=10.0):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(timeout)
        self.sock.connect(path)
        self.rd = self.sock.makefile("r")
        greeting = self._read()
        if "QMP" not in greeting:
            raise QMPError(f"not a QMP socket: {greeting}")
        self.cmd("qmp_capabilities")

    def _read(self):
        line = self.rd.readline()
        if not line:
            raise QMPError("QMP socket closed")
        return json.loads(line)

    def cmd(self, _execute, **args):
        name = _execute
        msg = {"execute": name}
        if args:
            msg["arguments"] = args
        self.sock.sendall(json.dumps(msg).encode() + b"\n")
        while True:
            r = self._read()
            if "return" in r:
                return r["return"]
            if "error" in r:
                raise QMPError(f"{name}: {r['error'].get('desc', r['error'])}")
            # asynchronous events ({"event": ...}) are skipped

    def close(self):
        self.sock.close()


def set_link(path, name, up):
    q = QMP(path)
    try:
        q.cmd("set_link", name=name, up=bool(up))
    finally:
        q.close()


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    path, what = argv[1], argv[2]
    try:
        if what == "set_link" and len(argv) == 5 and argv[4] in ("on", "off"):
            set_link(path, argv[3], argv[4] == "on")
            print(f"{argv[3]}: link {argv[4]}")
            return 0
        q = QMP(path)
        if what == "hmp":
            print(q.cmd("human-monitor-command", **{"command-line": " ".join(argv[3:])}), end="")
        else:
            print(json.dumps(q.cmd(what, **(json.loads(argv[3]) if len(argv) > 3 else {})), indent=1))
        q.close()
        return 0
    except (OSError, QMPError, ValueError) as e:
        print(f"qmp: {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
