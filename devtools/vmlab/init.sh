#!/bin/busybox sh
# vmlab initramfs /init. Loads the 9p/virtio/vfio modules, mounts the host root (9p,
# read-only) as the guest userland with writable tmpfs/hugetlbfs on top, mounts the
# run directory (9p tag "run", read-write) and the build directory (tag "build", read-
# only) at their host paths, runs $RUN/guest.sh with the host's busybox, powers off.
# Kernel command line: vmlab.run=DIR vmlab.hp=N [vmlab.build=DIR]
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
up() { cut -d' ' -f1 /proc/uptime; }
echo "VMLAB: init start t=$(up)"
for m in $(cat /lib/modules/load-order); do
    insmod /lib/modules/$m.ko || echo "VMLAB: insmod $m FAILED"
done
RUN="" NRHP=256 BUILD=""
for a in $(cat /proc/cmdline); do
    case "$a" in
    vmlab.run=*) RUN="${a#vmlab.run=}";;
    vmlab.hp=*) NRHP="${a#vmlab.hp=}";;
    vmlab.build=*) BUILD="${a#vmlab.build=}";;
    esac
done
fail() { echo "VMLAB: $* FAILED"; sync; poweroff -f; }
R=/newroot
mount -t 9p -o trans=virtio,version=9p2000.L,ro,msize=512000,cache=loose hostroot $R ||
    fail "9p mount of the host root"
mount -t proc proc $R/proc
mount -t sysfs sys $R/sys
mount -t devtmpfs dev $R/dev
mount -t tmpfs -o mode=755 tmpfs $R/run         # /var/run is /run: DPDK's runtime dir
mount -t tmpfs -o mode=1777 tmpfs $R/tmp
mkdir -p $R/dev/hugepages $R/dev/shm $R/dev/pts
mount -t hugetlbfs -o pagesize=2M nodev $R/dev/hugepages
mount -t tmpfs tmpfs $R/dev/shm
# the run directory exists on the host, so its mount point exists in the 9p view;
# cache=none: the guest sees the host's stop file, the host sees guest output at once
[ -n "$RUN" ] || fail "no vmlab.run= on the command line"
mount -t 9p -o trans=virtio,version=9p2000.L,msize=512000,cache=none run $R$RUN ||
    fail "9p mount of the run directory"
if [ -n "$BUILD" ]; then
    mkdir -p $R$BUILD 2>/dev/null      # a build dir under /tmp: create it in the guest tmpfs
    mount -t 9p -o trans=virtio,version=9p2000.L,ro,msize=512000,cache=loose build $R$BUILD ||
        echo "VMLAB: 9p mount of the build directory $BUILD FAILED"
fi
echo $NRHP > /proc/sys/vm/nr_hugepages
echo "VMLAB: userland ready hugepages=$(cat /proc/sys/vm/nr_hugepages)x2M t=$(up)"
# the host's busybox-static ash prefers its applets to the host's dynamically linked
# coreutils, which are slow to exec under TCG + 9p
chroot $R /bin/busybox sh $RUN/guest.sh $RUN
echo "VMLAB: guest.sh rc=$? t=$(up)"
sync
poweroff -f
