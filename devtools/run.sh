#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# devtools/run.sh - the main job: set the machine up, build, and run the
# page-pool benchmark (ours beside DPDK's mempool, one run).
set -euo pipefail
cd "$(dirname "$0")/.."
devtools/setup.sh
devtools/build.sh build
devtools/perf.sh "$@"
