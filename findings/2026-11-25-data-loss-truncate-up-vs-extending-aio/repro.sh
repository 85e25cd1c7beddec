#!/usr/bin/env bash
# Runs repro-aio-truncate.c on a loop-mounted XFS (as root), cleans up always.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
cleanup() { umount "$tmp/mnt" 2>/dev/null || true; rm -rf "$tmp"; }
trap cleanup EXIT
cc -O2 -o "$tmp/repro" "$here/repro-aio-truncate.c"
truncate -s 512M "$tmp/img"
mkfs.xfs -q -f -m reflink=1 "$tmp/img"
mkdir "$tmp/mnt"
mount -o loop "$tmp/img" "$tmp/mnt"
"$tmp/repro" "$tmp/mnt" "${1:-2000}"
