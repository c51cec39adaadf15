#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# devtools/fuzz.sh [--time SECONDS] [--jobs N] [--build DIR] [HARNESS...]
#
# Run the libFuzzer harnesses of app/fuzz for as long as asked (default
# 600 s each), one after the other; no HARNESS (or "all") means every one.
# Each keeps a working corpus outside the repository, in
# $PAGEPOOL_FUZZ_DIR/<harness>/corpus (default ~/.cache/pagepool-fuzz),
# grown from the committed seeds in app/fuzz/corpus/<harness>; crash inputs
# go to $PAGEPOOL_FUZZ_DIR/<harness>/crashes/ and the log to
# $PAGEPOOL_FUZZ_DIR/<harness>/fuzz.log. --jobs N runs N fuzzing processes
# per harness (libFuzzer -fork). The build directory (default build-fuzz)
# is configured as devtools/test.sh does (clang, ASan+UBSan, -Dfuzz=true)
# if it does not exist. Exit status: 0 if no harness crashed.
set -euo pipefail
cd "$(dirname "$0")/.."

secs=600 jobs=1 build=build-fuzz
harnesses=()
while [ $# -gt 0 ]; do
    case $1 in
    --time) secs=$2; shift 2 ;;
    --jobs) jobs=$2; shift 2 ;;
    --build) build=$2; shift 2 ;;
    -h|--help) sed -n '3,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    all) shift ;;
    -*) echo "fuzz.sh: unknown option $1" >&2; exit 2 ;;
    *) harnesses+=("$1"); shift ;;
    esac
done
if [ ${#harnesses[@]} -eq 0 ]; then
    for d in app/fuzz/corpus/*/; do harnesses+=("$(basename "$d")"); done
fi

if [ ! -f "$build/build.ninja" ]; then
    CC=clang devtools/build.sh "$build" -Dfuzz=true -Dtests=false \
        -Dbuildtype=debug -Db_sanitize=address,undefined -Db_lundef=false
else
    ninja -C "$build" >/dev/null
fi

top=${PAGEPOOL_FUZZ_DIR:-$HOME/.cache/pagepool-fuzz}
export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
rc=0
for h in "${harnesses[@]}"; do
    exe=$build/app/fuzz/fuzz_$h
    if [ ! -x "$exe" ]; then
        echo "fuzz.sh: no harness $exe" >&2
        rc=1
        continue
    fi
    dir=$top/$h
    mkdir -p "$dir/corpus" "$dir/crashes"
    fork=()
    [ "$jobs" -gt 1 ] && fork=(-fork="$jobs" -ignore_crashes=1)
    echo "fuzz: $h for ${secs}s, corpus $dir/corpus"
    set +e
    "$exe" -max_total_time="$secs" -print_final_stats=1 -error_exitcode=1 \
        -timeout=30 -timeout_exitcode=1 "${fork[@]}" \
        -artifact_prefix="$dir/crashes/" "$dir/corpus" "app/fuzz/corpus/$h" \
        > "$dir/fuzz.log" 2>&1
    r=$?
    set -e
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$dir/fuzz.log" | tail -1)
    [ -n "$runs" ] || runs=$(grep -o '^#[0-9]*' "$dir/fuzz.log" | tail -1 | tr -d '#')
    crashes=$(find "$dir/crashes" -type f | wc -l)
    echo "fuzz: $h: exit $r, ${runs:-?} inputs, corpus $(ls "$dir/corpus" | wc -l) files, $crashes crash files in $dir/crashes"
    [ $r = 0 ] || rc=1
done
exit $rc
