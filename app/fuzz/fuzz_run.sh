#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# fuzz_run.sh HARNESS SEEDS RUNS ARTIFACTS - the CI run of one harness:
# every seed, then RUNS new inputs from a fixed random seed. New corpus
# entries go to a scratch directory (the committed seeds stay as they are);
# a crashing input is saved under ARTIFACTS/.
set -u
exe=$1 seeds=$2 runs=$3 artifacts=$4
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$artifacts"
"$exe" -seed=1 -runs="$runs" -print_final_stats=1 \
    -error_exitcode=1 -timeout_exitcode=1 -timeout=60 \
    -artifact_prefix="$artifacts/" "$work" "$seeds"
