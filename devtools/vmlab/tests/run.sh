#!/bin/bash
# run.sh VMLAB - "vmlab run": the guest command's output and exit status come back;
# a build directory under world-writable /tmp is visible in the guest; a plugin
# from there is staged and loaded by dpdk-testpmd with -d (net_null, which the
# trimmed PMD directory of --pmds base does not hold).
set -u
. "$(dirname "$0")/lib.sh"
[ "$(id -u)" = 0 ] || { echo "the VM lab needs root: skipped"; exit 77; }
VMLAB=$1
D=$(mktemp -d /tmp/vmlab-run-test.XXXXXX)
OUT=$D.out
trap 'rm -rf "$D" "$OUT"' EXIT
chmod 755 "$D"
echo "marker-$$" > "$D/marker"
cp /usr/lib/x86_64-linux-gnu/dpdk/pmds-23.0/librte_net_null.so.23 "$D/"
fail=0

echo "== 1. output and exit status"
"$VMLAB" run --nics 0 -- 'echo "answer $((6 * 7))"; exit 7' >"$OUT" &
pid=$!; wait $pid; rc=$?
cat "$OUT"
[ $rc = 7 ] || { echo "FAIL: rc $rc, expected 7"; fail=1; }
grep -qx "answer 42" "$OUT" || { echo "FAIL: guest output missing"; fail=1; }
check_left $pid || fail=1

echo "== 2. build directory under /tmp, staged plugin"
"$VMLAB" run --build "$D" --pmds base --plugin "$D/librte_net_null.so.23" -- \
    "cat $D/marker; dpdk-testpmd -l 0,1 -n 1 --no-pci --log-level=lib.eal:debug \$VMLAB_EAL \
     --vdev net_null0 --vdev net_null1 -- --total-num-mbufs=2048 2>&1 |
     grep -E 'open shared lib .*net_null|Port [01]: |No probed'" >"$OUT" &
pid=$!; wait $pid; rc=$?
cat "$OUT"
[ $rc = 0 ] || { echo "FAIL: rc $rc"; fail=1; }
grep -qx "marker-$$" "$OUT" || { echo "FAIL: the build directory was not visible"; fail=1; }
grep -q "open shared lib .*/stage/librte_net_null.so.23" "$OUT" || { echo "FAIL: plugin not loaded from the stage"; fail=1; }
grep -q "^Port 1: " "$OUT" || { echo "FAIL: testpmd did not set up the plugin's ports"; fail=1; }
check_left $pid || fail=1

[ $fail = 0 ] && echo "run: PASSED" || echo "run: FAILED"
exit $fail
