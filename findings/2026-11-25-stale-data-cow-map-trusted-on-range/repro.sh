#!/usr/bin/env bash
# Real-kernel version of the race (root; loop-mounted XFS in a temp dir,
# cleaned up always).  Per try: file a (SIZE MiB, shared with a clone c,
# cowextsize SIZE) is rewritten, then repro-cow-map.c runs
# sync_file_range(WRITE) over a in one thread while another clones page
# KPAGE of a to b and rewrites that page.  Prints how many tries left b
# with the rewrite's data (the race) and each try's timing.
# usage: repro.sh [TRIES] [SIZE_MB] [KPAGE] [DELAY_US]
set -uo pipefail
tries=${1:-10} mb=${2:-16} kpage=${3:-4000} delay=${4:-300}
for v in "$tries" "$mb" "$kpage" "$delay"; do
	case $v in ''|*[!0-9]*) echo "repro.sh: arguments must be numbers, got '$v'" >&2; exit 2;; esac
done
[ "$(id -u)" = 0 ] || { echo "repro.sh: needs root (mount, losetup)" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d); loop=
cleanup() { umount "$tmp/mnt" 2>/dev/null; [ -n "$loop" ] && losetup -d "$loop" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
cc -O2 -pthread -o "$tmp/repro" "$here/repro-cow-map.c" || exit 2
truncate -s 2G "$tmp/img"
mkfs.xfs -q -f -m reflink=1 "$tmp/img" || exit 2
mkdir "$tmp/mnt"; loop=$(losetup -f --show "$tmp/img") || exit 2
mount "$loop" "$tmp/mnt" || exit 2
bad=0
for ((t = 0; t < tries; t++)); do
	a=$tmp/mnt/a$t c=$tmp/mnt/c$t b=$tmp/mnt/b$t
	xfs_io -f -c "cowextsize ${mb}m" -c "pwrite -q -S 0x50 0 ${mb}m" -c fsync "$a"
	cp --reflink=always "$a" "$c"
	xfs_io -c "pwrite -q -S 0x58 0 ${mb}m" "$a"
	"$tmp/repro" "$a" "$b" $((mb * 1048576)) $((kpage * 4096)) "$delay"
	r=$?
	[ $r = 1 ] && bad=$((bad + 1))
	[ $r -gt 1 ] && { echo "repro.sh: try $t failed to run" >&2; exit 2; }
	rm -f "$a" "$b" "$c"
done
echo "$(uname -r): $tries tries, ${mb} MiB, page $kpage, delay ${delay}us: b took the rewrite in $bad"
