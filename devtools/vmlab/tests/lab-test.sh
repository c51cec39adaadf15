#!/bin/bash
# lab-test.sh VMLAB ARGS... - run one vmlab command as a test, then check from the
# outside that it left nothing behind (no process of its run, no namespace).
. "$(dirname "$0")/lib.sh"
"$@" &
pid=$!
trap 'kill -TERM $pid 2>/dev/null; wait $pid' TERM
wait $pid
rc=$?
check_left $pid || rc=1
exit $rc
