#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Install pagepool into a scratch prefix, then build a program against that
# tree with nothing but `cc app.c $(pkg-config --cflags --libs libpagepool)`
# and run it. usage: test-install.sh SOURCE_DIR
set -euo pipefail
src=$(cd "$1" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
meson setup "$tmp/build" "$src" --prefix "$tmp/inst" -Dtests=false >/dev/null
ninja -C "$tmp/build" install >/dev/null
pc=$(dirname "$(find "$tmp/inst" -name libpagepool.pc | head -1)")
export PKG_CONFIG_PATH=$pc
echo "+ cc hello_pagepool.c \$(pkg-config --cflags --libs libpagepool)"
cc "$src/app/install-test/hello_pagepool.c" -o "$tmp/hello" \
    $(pkg-config --cflags --libs libpagepool)
libdir=$(pkg-config --variable=libdir libpagepool)
eal=(-l 0 --no-pci --file-prefix "pp-install-$$" --log-level lib.eal:error)
if [ "$(awk '/HugePages_Free/ {print $2}' /proc/meminfo)" -lt 16 ]; then
    eal+=(--no-huge -m 256)
fi
LD_LIBRARY_PATH=$libdir timeout 60 "$tmp/hello" "${eal[@]}"
