#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# devtools/run.sh - the main job: set the machine up, build, and forward
# frames through our net_pp_e1000e driver in the VM lab: dpdk-testpmd (io
# forwarding) with the plugin loaded by -d, on two emulated Intel 82574L
# NICs bound to vfio-pci behind an emulated IOMMU, fed by host traffic at a
# rate ladder. Prints the per-step results and the zero-loss rate.
#   devtools/run.sh --perf    the page-pool benchmark instead
#   other options go to `vmlab testpmd` (see devtools/vmlab/vmlab --help)
set -euo pipefail
cd "$(dirname "$0")/.."
devtools/setup.sh
devtools/build.sh build
if [ "${1:-}" = --perf ]; then
    shift
    exec devtools/perf.sh "$@"
fi
plugin=build/drivers/net/librte_net_pp_e1000e.so
[ -f "$plugin" ] || { echo "run: $plugin was not built (driver SDK headers missing?)" >&2; exit 1; }
exec devtools/vmlab/vmlab testpmd --model e1000e --plugin "$PWD/$plugin" \
    --build "$PWD/build" \
    --rates 1000:5000,10000:20000,20000:20000,40000:40000,60000:60000 \
    --expect-zero-loss 10000 "$@"
