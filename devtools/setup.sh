#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# devtools/setup.sh - make a Debian 12 machine ready to build and test
# pagepool. Idempotent: installs only missing packages, reserves 2 MiB
# hugepages and mounts hugetlbfs only if needed, and prints what it changed.
#
#   env: PAGEPOOL_HUGEPAGES  2 MiB pages to have in total (default 1024)
#        PAGEPOOL_NO_LAB=1   skip the VM lab's packages
#        PAGEPOOL_NO_OVS=1   skip OVS-DPDK (the vhost-user-ovs test skips)
set -euo pipefail
cd "$(dirname "$0")/.."

say() { echo "setup: $*"; }
changed=0

if [ "$(id -u)" != 0 ]; then
    echo "setup: must run as root (apt-get, hugepages, mounts)" >&2
    exit 1
fi

# Build: meson/ninja/gcc; DPDK 22.11 from Debian; libnuma. Tests: python3
# (telemetry client), valgrind (instruction counts). Examples: clang/llvm
# build the eBPF samples; libclang-rt-14-dev holds clang's sanitizer and
# libFuzzer runtimes (app/fuzz). Lab: QEMU, busybox, cpio, iproute2, pciutils.
pkgs=(build-essential pkg-config meson ninja-build python3 libnuma-dev
      dpdk dpdk-dev libdpdk-dev valgrind clang llvm xz-utils
      libclang-rt-14-dev)
if [ "${PAGEPOOL_NO_LAB:-0}" != 1 ]; then
    pkgs+=(qemu-system-x86 busybox-static cpio iproute2 pciutils kmod)
fi
missing=()
for p in "${pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
        missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    say "installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q >/dev/null
    apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
    changed=1
fi

# vhost-user interop (test vhost-user-ovs): OVS-DPDK. The test runs its own
# ovsdb-server and ovs-vswitchd-dpdk in a private directory; the package's
# own openvswitch-switch service is kept from starting (policy-rc.d for the
# length of the install), so nothing runs behind the user's back.
# PAGEPOOL_NO_OVS=1 leaves it out (the test then skips).
if [ "${PAGEPOOL_NO_OVS:-0}" != 1 ] &&
   ! dpkg-query -W -f='${Status}' openvswitch-switch-dpdk 2>/dev/null |
        grep -q "ok installed"; then
    say "installing openvswitch-switch-dpdk (its service not started)"
    policy=/usr/sbin/policy-rc.d
    own_policy=0
    if [ ! -e "$policy" ]; then
        printf '#!/bin/sh\nexit 101\n' > "$policy"
        chmod 755 "$policy"
        own_policy=1
    fi
    export DEBIAN_FRONTEND=noninteractive
    rc=0
    apt-get update -q >/dev/null
    apt-get install -y -q --no-install-recommends openvswitch-switch-dpdk \
        >/dev/null || rc=$?
    [ "$own_policy" = 1 ] && rm -f "$policy"
    [ "$rc" = 0 ] || exit "$rc"
    changed=1
fi

# Hugepages: 2 MiB pages, mounted at /dev/hugepages.
want=${PAGEPOOL_HUGEPAGES:-1024}
have=$(cat /proc/sys/vm/nr_hugepages)
if [ "$have" -lt "$want" ]; then
    echo "$want" > /proc/sys/vm/nr_hugepages
    say "hugepages: $have -> $(cat /proc/sys/vm/nr_hugepages) x 2 MiB"
    changed=1
fi
if ! grep -q "^[^ ]* /dev/hugepages hugetlbfs" /proc/mounts; then
    mkdir -p /dev/hugepages
    mount -t hugetlbfs nodev /dev/hugepages
    say "mounted hugetlbfs on /dev/hugepages"
    changed=1
fi

# Driver SDK headers (Debian ships none): from Debian's DPDK source package.
if [ -x devtools/get-dpdk-src.sh ]; then
    devtools/get-dpdk-src.sh >/dev/null
fi

[ $changed = 1 ] || say "nothing to change"
