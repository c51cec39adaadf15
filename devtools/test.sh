#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# devtools/test.sh - every test: set the machine up, build, run all meson
# test suites, then the unit tests again under AddressSanitizer+UBSan, the
# multi-lcore ones (suite tsan) under ThreadSanitizer, and the fuzz
# harnesses (clang, ASan+UBSan) over their seeds and a fixed number of
# new inputs.
#   env: PAGEPOOL_SUITES="pagepool lab fuzz ..." to run only some suites
set -euo pipefail
cd "$(dirname "$0")/.."
devtools/setup.sh
devtools/build.sh build
devtools/build.sh build-asan -Dbuildtype=debug \
    -Db_sanitize=address,undefined -Db_lundef=false
devtools/build.sh build-tsan -Dbuildtype=debug \
    -Db_sanitize=thread -Db_lundef=false
# (the fuzz build needs only the harnesses: no app/test)
CC=clang devtools/build.sh build-fuzz -Dfuzz=true -Dtests=false \
    -Dbuildtype=debug -Db_sanitize=address,undefined -Db_lundef=false

suites=()
fuzz=${PAGEPOOL_SUITES:-fuzz}
for s in ${PAGEPOOL_SUITES:-}; do
    [ "$s" = fuzz ] || suites+=(--suite "$s")
done
rc=0
# Every meson run below writes its own log (--logbase), so the closing
# line counts them all; none of an earlier run's logs is left to count.
rm -f build*/meson-logs/testlog*.json
# Suite virtio-bench (net_pp_virtio beside net_virtio, 5 rounds in the lab)
# is a measurement, not a test: run it by name (doc/nics/virtio.md).
[ ${#suites[@]} -gt 0 ] || suites=(--no-suite virtio-bench)
if [ -z "${PAGEPOOL_SUITES:-}" ] || [ "${suites[0]}" = --suite ]; then
    meson test -C build --print-errorlogs --num-processes 1 \
        --logbase testlog-main "${suites[@]}" || rc=1
fi
# Under ASan the unit suite only: it is the one that runs our code in-process.
meson test -C build-asan --print-errorlogs --num-processes 1 \
    --logbase testlog-pagepool --suite pagepool || rc=1
# And the mempool driver's in-process cases (its testpmd cases would load
# the instrumented plugin into an uninstrumented dpdk-testpmd).
meson test -C build-asan --print-errorlogs --num-processes 1 \
    --logbase testlog-mempool mempool-unit || rc=1
# And net_pp_virtio's in-process tests against its fake device.
meson test -C build-asan --print-errorlogs --num-processes 1 \
    --logbase testlog-virtio --suite virtio-unit || rc=1
# Under TSan the tests where several threads share a pool. setarch -R: GCC
# 12's TSan aborts ("unexpected memory mapping") on kernels that randomise
# mmap with more than 28 bits (vm.mmap_rnd_bits, google/sanitizers#1716);
# with ASLR off for the test processes it runs on any of them.
setarch "$(uname -m)" -R meson test -C build-tsan --print-errorlogs \
    --num-processes 1 --logbase testlog-tsan --suite tsan || rc=1

# Each harness over its seeds, then a fixed count of inputs (seed 1).
if [[ " $fuzz " == *" fuzz "* ]]; then
    meson test -C build-fuzz --print-errorlogs --num-processes 1 \
        --logbase testlog-fuzz --suite fuzz || rc=1
fi

# One closing line for all runs, from meson's own logs.
python3 - build*/meson-logs/testlog-*.json <<'PY'
import json, sys
n = {"OK": 0, "FAIL": 0, "SKIP": 0}
for f in sys.argv[1:]:
    try:
        for line in open(f):
            r = json.loads(line).get("result", "")
            if r in ("OK", "EXPECTEDFAIL"): n["OK"] += 1
            elif r == "SKIP": n["SKIP"] += 1
            else: n["FAIL"] += 1
    except OSError:
        pass
print(f"{n['OK']} passed, {n['FAIL']} failed, {n['SKIP']} skipped")
PY
[ $rc -eq 0 ] || echo "test.sh: a meson run failed (see 'Summary of Failures' above)"
exit $rc
