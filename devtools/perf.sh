#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# devtools/perf.sh [pagepool-perf options] - run the side-by-side benchmark
# with EAL arguments that suit this machine (2 lcores, no PCI devices,
# hugepages when mounted).
set -euo pipefail
cd "$(dirname "$0")/.."
eal=(-l 0,1 --no-pci --file-prefix "pp-perf-$$" --log-level lib.eal:error)
if [ "$(awk '/HugePages_Free/ {print $2}' /proc/meminfo)" -lt 64 ]; then
    eal+=(--no-huge -m 1024)
fi
exec timeout 600 build/app/pagepool-perf "${eal[@]}" -- "$@"
