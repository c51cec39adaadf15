#!/bin/busybox sh
# vmlab guest side: runs INSIDE the guest (host root over 9p, chroot), under the
# host's busybox ash, as "guest.sh RUN_DIR". Binds the NICs to vfio-pci, trims the
# PMD directory, runs the command from $RUN/env.sh (VMLAB_CMD) with all output in
# $RUN/guest.out, writes its status to $RUN/guest.rc and the kernel log to
# $RUN/dmesg.txt. VMLAB_CMD may call the vmlab_* functions below.
RUN=$1
. "$RUN/env.sh"
exec >>"$RUN/guest.out" 2>&1 </dev/null

up() { cut -d' ' -f1 /proc/uptime; }
log() { echo "VMLAB: $* t=$(up)"; }

# unbind (virtio_pci claims virtio NICs), driver_override=vfio-pci, probe; check it took
vmlab_bind() {
    local b d drv rc=0
    for b in $VMLAB_NICS; do
        d=/sys/bus/pci/devices/$b
        [ -e "$d/driver" ] && echo "$b" > "$d/driver/unbind"
        echo vfio-pci > "$d/driver_override"
        echo "$b" > /sys/bus/pci/drivers_probe
        drv=$(basename "$(readlink "$d/driver" 2>/dev/null)" 2>/dev/null)
        log "NIC $b $(cat $d/vendor):$(cat $d/device) iommu_group=$(basename "$(readlink $d/iommu_group)") driver=$drv"
        [ "$drv" = vfio-pci ] || { log "NIC $b: binding to vfio-pci FAILED"; rc=1; }
    done
    return $rc
}

# EAL dlopen()s every PMD in its plugin directory (128 libraries, slow over 9p + TCG):
# hide it behind a tmpfs that links only the libraries listed in VMLAB_PMD_NEED.
# EAL's scan only takes names ending in .so or .so.23.0, so link both forms.
vmlab_pmds() {
    local n
    [ -n "$VMLAB_PMD_NEED" ] || return 0
    mkdir -p /run/pmds-all
    mount -o bind "$VMLAB_PMDDIR" /run/pmds-all && mount -t tmpfs tmpfs "$VMLAB_PMDDIR" || return 1
    for n in $VMLAB_PMD_NEED; do
        ln -sf /run/pmds-all/$n "$VMLAB_PMDDIR/$n"
        ln -sf /run/pmds-all/$n.0 "$VMLAB_PMDDIR/$n.0"
    done
    log "PMD dir: $VMLAB_PMD_NEED"
}

# dpdk-testpmd over all lab NICs until $RUN/stop appears (or VMLAB_MAXTIME s);
# then SIGINT (testpmd prints its final stats), SIGKILL after 15 s.
# Arguments are extra testpmd application arguments; VMLAB_EAL holds extra EAL ones.
vmlab_testpmd() {
    local al="" b pid i=0 rc
    # VMLAB_DEVARGS: device arguments for every NIC (e.g. pool_bufs=600)
    for b in $VMLAB_NICS; do al="$al -a $b${VMLAB_DEVARGS:+,$VMLAB_DEVARGS}"; done
    rm -f "$RUN/stop"
    log "starting dpdk-testpmd"
    set -x
    # stdbuf: the output goes to a file and testpmd ends by re-raising SIGINT,
    # which would drop a fully buffered stdout
    stdbuf -oL -eL dpdk-testpmd -l 0,1 -n 1 --log-level=lib.eal:info $VMLAB_EAL $al -- \
        --auto-start --stats-period 3600 --nb-cores=1 --rxq=1 --txq=1 --rxd=512 --txd=512 \
        --total-num-mbufs=8192 --record-core-cycles "$@" &
    pid=$!
    set +x
    while [ ! -e "$RUN/stop" ] && [ $i -lt $((VMLAB_MAXTIME * 5)) ] && kill -0 $pid 2>/dev/null; do
        sleep 0.2; i=$((i + 1))
    done
    if kill -0 $pid 2>/dev/null; then
        log "stopping testpmd (stop file: $([ -e "$RUN/stop" ] && echo yes || echo no))"
        kill -INT $pid
        i=0
        while kill -0 $pid 2>/dev/null && [ $i -lt 75 ]; do sleep 0.2; i=$((i + 1)); done
        kill -0 $pid 2>/dev/null && { log "testpmd ignored SIGINT for 15 s: SIGKILL"; kill -KILL $pid; }
        wait $pid; rc=$?
        # 130: testpmd re-raises SIGINT after printing its stats: the expected ending
        [ $rc = 130 ] && rc=0
    else
        wait $pid; rc=$?
        log "testpmd ended by itself"
        [ $rc = 0 ] && rc=1
    fi
    log "testpmd exited rc=$rc"
    return $rc
}

# Negative test: make the first NIC (an e1000e, no driver, so in the kernel's DMA
# domain) fetch a TX descriptor from IOVA 0xdead0000, which is not mapped. The
# vIOMMU must block it: QEMU says "translation failure", the guest logs a DMAR fault.
vmlab_dmar_test() {
    local b=${VMLAB_NICS%% *} d bar0
    d=/sys/bus/pci/devices/$b
    [ -e "$d/driver" ] && echo "$b" > "$d/driver/unbind"
    bar0=$(awk 'NR==1 {print $1}' "$d/resource")
    log "dmar-test: $b $(cat $d/vendor):$(cat $d/device) bar0=$bar0 group=$(basename "$(readlink $d/iommu_group)") domain=$(cat $d/iommu_group/type 2>/dev/null)"
    setpci -s "${b#0000:}" COMMAND=0x0006      # memory space + bus master
    w() { devmem "$(printf '0x%x' $((bar0 + $1)))" 32 "$2"; }
    w 0x3800 0xdead0000   # TDBAL: TX descriptor ring at an unmapped IOVA
    w 0x3804 0x0          # TDBAH
    w 0x3808 0x1000       # TDLEN (256 descriptors)
    w 0x3810 0x0          # TDH
    w 0x0400 0x2          # TCTL.EN
    w 0x3818 0x1          # TDT = 1: the NIC fetches descriptor 0 from 0xdead0000
    sleep 1
    log "dmar-test: TDH after the kick = $(devmem "$(printf '0x%x' $((bar0 + 0x3810)))" 32)"
}

log "guest.sh start"
rc=0
if [ "$VMLAB_BIND" = 1 ] && [ -n "$VMLAB_NICS" ]; then
    vmlab_bind || rc=$?
fi
[ $rc = 0 ] && { vmlab_pmds || rc=$?; }
[ -n "$VMLAB_STAGE" ] && export LD_LIBRARY_PATH="$VMLAB_STAGE${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
export VMLAB_BUILD VMLAB_STAGE VMLAB_NICS VMLAB_EAL RUN
if [ $rc = 0 ]; then
    cd "$VMLAB_CWD" 2>/dev/null || cd /
    log "command: $VMLAB_CMD"
    (eval "$VMLAB_CMD")
    rc=$?
    log "command rc=$rc"
else
    log "setup failed, command not run"
fi
echo $rc > "$RUN/guest.rc"
dmesg > "$RUN/dmesg.txt"
