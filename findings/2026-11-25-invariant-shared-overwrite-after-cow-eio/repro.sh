#!/usr/bin/env bash
# Real-kernel check of the failed-CoW-ioend race (root; cleans up always).
#
# XFS lives on a loop device whose backing file sits on a small tmpfs.  Once
# a filler file has taken the tmpfs's last page, writes into holes of the
# backing file fail (ENOSPC, as on a full thin-provisioned device) while
# writes to parts already allocated succeed: CoW blocks, freshly allocated
# and never written, fail; shared blocks written at set-up do not.
#
# Per try, on a block that a and b share (cowextsize 1 block):
#   pwrite(a, X); sync_file_range(WRITE)   CoW block allocated, bio fails
#   pwrite(a, Y)                           right away: finds the CoW block
# then the filler goes, a is fsynced, caches are dropped, and b is read.
# b must still hold its own data (0x41) everywhere.
#
# usage: repro.sh [TRIES] [--control]   (--control: no filler, no errors)
set -uo pipefail
tries=${1:-64}
control=${2:-}
case $tries in ''|*[!0-9]*) echo "repro.sh: TRIES must be a number, got '$tries'" >&2; exit 2;; esac
[ "$(id -u)" = 0 ] || { echo "repro.sh: needs root (mount, losetup)" >&2; exit 2; }
for t in mkfs.xfs xfs_io losetup od; do
	command -v $t >/dev/null || { echo "repro.sh: $t not found (apt-get install xfsprogs)" >&2; exit 2; }
done
tmp=$(mktemp -d)
loop=
cleanup() {
	umount "$tmp/mnt" 2>/dev/null
	[ -n "$loop" ] && losetup -d "$loop" 2>/dev/null
	umount "$tmp/fs" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
mkdir "$tmp/fs" "$tmp/mnt"
bs=4096
# the shared file plus mkfs metadata must fit in the tmpfs, with room left
mount -t tmpfs -o size=$(( 64 + tries * 2 * bs / 1048576 + 1 ))m tmpfs "$tmp/fs" || exit 2
truncate -s 512M "$tmp/fs/img"
mkfs.xfs -q -f -m reflink=1 -b size=$bs "$tmp/fs/img" || exit 2
loop=$(losetup -f --show "$tmp/fs/img") || exit 2
mount "$loop" "$tmp/mnt" || exit 2
a=$tmp/mnt/a b=$tmp/mnt/b
xfs_io -f -c "pwrite -q -S 0x41 0 $((tries * 2 * bs))" -c fsync "$a" || exit 2
xfs_io -c "cowextsize $bs" "$a"
cp --reflink=always "$a" "$b" || exit 2
sync
[ "$control" = --control ] || dd if=/dev/zero of="$tmp/fs/fill" bs=64k 2>/dev/null
for ((i = 0; i < tries; i++)); do
	off=$((i * 2 * bs))
	xfs_io -c "pwrite -q -S 0x58 $off $bs" -c "sync_range -w $off $bs" \
	       -c "pwrite -q -S 0x59 $off $bs" "$a"
done
sleep 1
rm -f "$tmp/fs/fill"
xfs_io -c fsync "$a" 2>/dev/null	# reports the error once
xfs_io -c fsync "$a" || echo "repro.sh: second fsync of a failed"
sync
echo 3 > /proc/sys/vm/drop_caches
bad=0
for ((i = 0; i < tries; i++)); do
	off=$((i * 2 * bs))
	v=$(od -v -An -tx1 -j $off -N $bs "$b" | tr -s ' \n' '\n' | sort -u | grep -v '^$' | tr '\n' ' ')
	[ "$v" = "41 " ] || { bad=$((bad + 1)); echo "b block $((off / bs)) holds: $v(a's data, never written to b)"; }
done
echo "$(uname -r): $tries tries${control:+ ($control)}, b (never written) changed in $bad blocks"
[ $bad = 0 ]
