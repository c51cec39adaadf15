#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The pagepool authors
#
# Fetch the DPDK driver SDK headers (ethdev_driver.h, ethdev_pci.h,
# bus_pci_driver.h, dev_driver.h, bus_driver.h, ...) that Debian's libdpdk-dev
# does not ship, from the Debian source package of exactly the installed
# DPDK version, and unpack the directories that hold them into a root-owned
# cache outside the repository. Idempotent: a second run only prints the path.
#
#   usage: devtools/get-dpdk-src.sh [DESTDIR]     (default /var/cache/pagepool/dpdk-src)
#
# The deb-src entry is derived at run time from this machine's own apt
# sources (same URIs, suites, components and keys), so no mirror is named
# here. Prints the source tree path on stdout; progress goes to stderr.
set -eu

DEST=${1:-/var/cache/pagepool/dpdk-src}
SRCLIST=/etc/apt/sources.list.d/pagepool-src.sources
# Directories of the 22.11 tree that the out-of-tree PMD build reads.
SUBDIRS="lib/ethdev lib/eal/include lib/eal/linux/include lib/eal/x86/include
lib/kvargs lib/net lib/mbuf lib/mempool lib/ring lib/meter lib/telemetry
drivers/bus/pci drivers/bus/vdev"

log() { echo "get-dpdk-src: $*" >&2; }
die() { log "error: $*"; exit 1; }

ver=$(dpkg-query -W -f '${Version}' libdpdk-dev 2>/dev/null) ||
	die "libdpdk-dev is not installed (apt-get install dpdk-dev libdpdk-dev)"
[ -n "$ver" ] || die "libdpdk-dev is not installed"
upver=${ver%-*}            # 22.11.11-0+deb12u1 -> 22.11.11
upver=${upver#*:}

if [ -f "$DEST/.pagepool-version" ] &&
   [ "$(cat "$DEST/.pagepool-version")" = "$ver" ] &&
   [ -f "$DEST/lib/ethdev/ethdev_driver.h" ] &&
   [ -f "$DEST/drivers/bus/pci/bus_pci_driver.h" ] &&
   [ -f "$DEST/drivers/bus/vdev/bus_vdev_driver.h" ]; then
	echo "$DEST"
	exit 0
fi

[ "$(id -u)" = 0 ] || die "run as root (writes $SRCLIST and $DEST)"
command -v apt-get >/dev/null || die "apt-get not found"

# 1. deb-src entries copied from the enabled deb entries of this machine.
if ! apt-get indextargets --format '$(CREATED_BY)' 2>/dev/null |
		grep -qx Sources; then
	tmp=$(mktemp)
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] && [ "$f" != "$SRCLIST" ] || continue
		# deb822: keep stanzas whose Types has "deb", rewrite Types.
		awk '
		function flush() {
			if (n && isdeb && enabled) {
				print "Types: deb-src"
				for (i = 1; i <= n; i++) print buf[i]
				print ""
			}
			n = 0; isdeb = 0; enabled = 1
		}
		BEGIN { enabled = 1 }
		/^[ \t]*#/ { next }
		/^[ \t]*$/ { flush(); next }
		/^Types:/ { for (i = 2; i <= NF; i++) if ($i == "deb") isdeb = 1; next }
		/^Enabled:[ \t]*no/ { enabled = 0; next }
		{ buf[++n] = $0 }
		END { flush() }' "$f" >>"$tmp"
	done
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ -f "$f" ] || continue
		# one-line format: "deb [opts] uri suite comp..." -> deb822 stanza.
		awk '$1 == "deb" {
			opts = ""; i = 2
			if ($2 ~ /^\[/) {
				while (i <= NF) { opts = opts " " $i; if ($i ~ /\]$/) break; i++ }
				i++
			}
			uri = $i; suite = $(i + 1); comps = ""
			for (j = i + 2; j <= NF; j++) comps = comps " " $j
			print "Types: deb-src"; print "URIs: " uri
			print "Suites: " suite; print "Components:" comps
			if (match(opts, /signed-by=[^] ]+/))
				print "Signed-By: " substr(opts, RSTART + 10, RLENGTH - 10)
			print ""
		}' "$f" >>"$tmp"
	done
	[ -s "$tmp" ] || { rm -f "$tmp"; die "no deb entries found in /etc/apt"; }
	install -m 0644 "$tmp" "$SRCLIST"
	rm -f "$tmp"
	log "wrote $SRCLIST; apt-get update"
	apt-get update -qq >&2 || die "apt-get update failed"
fi

# 2. The source package of the installed version.
work=$(mktemp -d /var/tmp/pagepool-dpdk-src.XXXXXX)
chmod 0755 "$work"    # apt drops root to _apt for the download
trap 'rm -rf "$work"' EXIT
log "downloading dpdk $ver source"
(cd "$work" && apt-get source -qq --download-only "dpdk=$ver" >&2) ||
	die "apt-get source dpdk=$ver failed"
orig=$(ls "$work"/dpdk_"$upver".orig.tar.* 2>/dev/null | head -n1)
[ -n "$orig" ] || die "no dpdk_$upver.orig.tar.* downloaded"

# 3. Unpack only the header directories, then Debian's patches to them.
top=$(tar -tf "$orig" | head -n1 | cut -d/ -f1)
pats=""
for d in $SUBDIRS; do pats="$pats $top/$d"; done
mkdir -p "$work/src"
# shellcheck disable=SC2086
tar -xf "$orig" -C "$work/src" --strip-components=1 $pats ||
	die "unpacking $orig failed"
deb=$(ls "$work"/dpdk_"$ver".debian.tar.* 2>/dev/null | head -n1 || true)
if [ -n "$deb" ] && command -v patch >/dev/null; then
	tar -xf "$deb" -C "$work"
	if [ -f "$work/debian/patches/series" ]; then
		grep -v '^#' "$work/debian/patches/series" | while read -r p _; do
			[ -n "$p" ] || continue
			# Patches that touch files we did not unpack are skipped.
			patch -d "$work/src" -p1 -s -N -f --dry-run \
				<"$work/debian/patches/$p" >/dev/null 2>&1 &&
			patch -d "$work/src" -p1 -s -N -f \
				<"$work/debian/patches/$p" >/dev/null 2>&1 || true
		done
	fi
fi
[ -f "$work/src/lib/ethdev/ethdev_driver.h" ] ||
	die "ethdev_driver.h missing from $orig"
echo "$ver" >"$work/src/.pagepool-version"

mkdir -p "$(dirname "$DEST")"
rm -rf "$DEST.new"
mv "$work/src" "$DEST.new"
chown -R 0:0 "$DEST.new"
chmod -R go-w "$DEST.new"
rm -rf "$DEST"
mv "$DEST.new" "$DEST"
log "SDK headers of dpdk $ver in $DEST"
echo "$DEST"
