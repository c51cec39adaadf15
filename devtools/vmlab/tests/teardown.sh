#!/bin/bash
# teardown.sh VMLAB - vmlab must leave nothing behind however a run ends:
#  1. Ctrl-C (SIGINT to the whole process group) while traffic flows,
#  2. SIGTERM to vmlab alone while the guest boots (what meson and CI send on timeout),
#  3. the VM's own time limit (--timeout) with a guest command that never ends.
set -u
. "$(dirname "$0")/lib.sh"
[ "$(id -u)" = 0 ] || { echo "the VM lab needs root: skipped"; exit 77; }
VMLAB=$1
LOG=$(mktemp)
fail=0
trap 'rm -f "$LOG"' EXIT

wait_exit() {   # PID SECONDS: wait (bounded) for a child; echo its status
    local n=0
    while kill -0 "$1" 2>/dev/null && [ $n -lt $(($2 * 10)) ]; do sleep 0.1; n=$((n + 1)); done
    kill -0 "$1" 2>/dev/null && { echo "FAIL: vmlab $1 still running after $2 s"; kill -KILL "$1"; fail=1; }
    wait "$1"
}

echo "== 1. SIGINT to the process group while traffic flows"
set -m                       # own process group, SIGINT not ignored, as in a terminal
"$VMLAB" testpmd --rates 1000:200000 >"$LOG" 2>&1 &
pid=$!
set +m
n=0
# (up to 12 min: vmlab may first wait for another lab guest to finish)
until grep -q "forwarding up" "$LOG" || [ $n -ge 7200 ] || ! kill -0 $pid 2>/dev/null; do sleep 0.1; n=$((n + 1)); done
grep -q "forwarding up" "$LOG" || { echo "FAIL: forwarding did not come up"; cat "$LOG"; fail=1; }
sleep 2
kill -INT -- -$pid
wait_exit $pid 30; rc=$?
grep -q "interrupted" "$LOG" || { echo "FAIL: vmlab did not handle SIGINT (rc $rc)"; tail "$LOG"; fail=1; }
echo "vmlab rc=$rc"
check_left $pid || fail=1

echo "== 2. SIGTERM to vmlab while the guest boots"
"$VMLAB" testpmd >"$LOG" 2>&1 &
pid=$!
n=0
until [ -n "$(run_procs $pid)" ] || [ $n -ge 7200 ] || ! kill -0 $pid 2>/dev/null; do
    sleep 0.1; n=$((n + 1))
done
sleep 3
[ -n "$(run_procs $pid)" ] || { echo "FAIL: QEMU did not start"; cat "$LOG"; fail=1; }
kill -TERM $pid
wait_exit $pid 30; rc=$?
echo "vmlab rc=$rc"
[ $rc = 143 ] || { echo "FAIL: expected rc 143"; tail "$LOG"; fail=1; }
check_left $pid || fail=1

echo "== 3. the VM time limit"
"$VMLAB" run --timeout 15 -- 'sleep 600' >"$LOG" 2>&1 &
pid=$!
wait_exit $pid 700; rc=$?
echo "vmlab rc=$rc"
grep -q "time limit" "$LOG" || { echo "FAIL: the time limit was not reported"; cat "$LOG"; fail=1; }
[ $rc != 0 ] || { echo "FAIL: a timed-out run passed"; fail=1; }
check_left $pid || fail=1

[ $fail = 0 ] && echo "teardown: PASSED" || echo "teardown: FAILED"
exit $fail
