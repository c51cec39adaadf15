# shellcheck shell=bash
# helpers for the lab tests: what a vmlab process (PID) may have left behind

# processes naming the run directory of vmlab PID (QEMU, traffic.py, ...)
run_procs() {
    local p
    for p in /proc/[0-9]*; do
        tr '\0' ' ' 2>/dev/null < "$p/cmdline" |
            grep -qE "pagepool-vmlab/runs/[0-9]{8}-[0-9]{6}-$1([/ ,]|$)" && echo "${p#/proc/}"
    done
}

# fail (print, return 1) if anything of vmlab PID is still there
check_left() {
    local pid=$1 procs bad=0
    procs=$(run_procs "$pid" | tr '\n' ' ')
    if [ -n "$procs" ]; then
        echo "FAIL: processes of vmlab $pid still running:"
        for p in $procs; do echo "  $p: $(tr '\0' ' ' < /proc/$p/cmdline 2>/dev/null | cut -c1-160)"; done
        bad=1
    fi
    if ip netns list | awk '{print $1}' | grep -qx "ppvm-$pid"; then
        echo "FAIL: namespace ppvm-$pid still exists"
        bad=1
    fi
    [ $bad = 0 ] && echo "ok: vmlab $pid left no process and no namespace"
    return $bad
}
