# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The pagepool authors
#
# Guest side of lab_examples.py, sourced by the VM lab's guest.sh (so that
# vmlab_testpmd is defined): runs the jobs of $RUN/stage/jobs one after the
# other, each until $RUN/stop appears (the host touches it when its traffic
# is done), then SIGINT, SIGKILL after 15 s. A job line is
#     NAME<TAB>COMMAND
# with $NIC0, $NIC1 (the lab's NICs), $B (the build directory) and
# $VMLAB_EAL (the lab's EAL arguments: -d PLUGIN) usable in COMMAND.
# Markers for the host: "LABJOB <n> <name> START", "LABJOB <n> END rc=<rc>".

set -- $VMLAB_NICS
NIC0=$1
NIC1=$2
B=$VMLAB_BUILD
export NIC0 NIC1 B VMLAB_EAL
n=0
tab=$(printf '\t')
while IFS="$tab" read -r name cmd; do
    [ -n "$name" ] || continue
    n=$((n + 1))
    rm -f "$RUN/stop"
    echo "LABJOB $n $name START"
    case "$cmd" in
    vmlab_testpmd*)
        # the lab's own function: it waits for $RUN/stop itself
        eval "$cmd"
        rc=$?
        ;;
    *)
        # exec: $! must be the application itself, which gets the SIGINT
        sh -c "exec stdbuf -oL -eL $cmd" &
        pid=$!
        i=0
        while [ ! -e "$RUN/stop" ] && kill -0 $pid 2>/dev/null && [ $i -lt 1500 ]; do
            sleep 0.2
            i=$((i + 1))
        done
        if kill -0 $pid 2>/dev/null; then
            kill -INT $pid
            i=0
            while kill -0 $pid 2>/dev/null && [ $i -lt 75 ]; do sleep 0.2; i=$((i + 1)); done
            kill -0 $pid 2>/dev/null && { echo "LABJOB $n: SIGKILL"; kill -KILL $pid; }
        fi
        wait $pid
        rc=$?
        ;;
    esac
    echo "LABJOB $n END rc=$rc"
done < "$RUN/stage/jobs"
echo "LABJOBS DONE $n"
