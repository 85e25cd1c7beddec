#!/usr/bin/env bash
# The device stack a `cowfuzz reproduce` program runs on, on the kernel
# this runs on (the host's, or a user-mode Linux booted by scripts/uml-run).
#
# With device-mapper (UML):            Without (the host):
#   XFS (reflink, -o discard,           XFS (reflink, -o discard)
#        log on its own loop device)     -> loop device
#    -> dm delay: every I/O held N ms    -> a sparse image on a small tmpfs
#    -> dm "err": linear, or flakey
#       error_writes in a fault window
#    -> loop device -> sparse image
#
# A fault window (`fault: eio`) makes writes fail: under device-mapper the
# "err" device's table becomes flakey with error_writes (the log, on its
# own device, keeps working, so XFS does not shut down); on the host a
# filler takes the tmpfs's last page, so writes into blocks never written
# fail (fresh CoW blocks) while blocks written before still take writes.
#
# usage: reproduce-stack.sh PROG BLOCK_SIZE TRIES [--faults] [--always-cow]
#                           [--hold-ms N] [-v]
# Prints PROG's output; exits with PROG's status (0 reproduced, 1 not,
# 3 environment), 77 when this kernel cannot host the scenario (no loop
# device, no mkfs.xfs, always_cow without a debug kernel), 2 bad usage.
# Everything it sets up is removed on every exit.
set -uo pipefail

die() { echo "reproduce-stack: $1" >&2; exit "${2:-3}"; }

[ $# -ge 3 ] || die "usage: reproduce-stack.sh PROG BLOCK_SIZE TRIES [--faults] [--always-cow] [--hold-ms N] [-v]" 2
prog=$1 bs=$2 tries=$3
shift 3
faults=0 always_cow=0 hold=0 verbose=
while [ $# -gt 0 ]; do
	case $1 in
	--faults) faults=1 ;;
	--always-cow) always_cow=1 ;;
	--hold-ms) hold=${2:-}; shift ;;
	-v) verbose=-v ;;
	*) die "unknown argument '$1'" 2 ;;
	esac
	shift
done
[ -x "$prog" ] || die "$prog: not an executable" 2
case $hold in ''|*[!0-9]*) die "--hold-ms takes a number, got '$hold'" 2 ;; esac

[ "$(id -u)" = 0 ] || die "needs root (mount, losetup)" 77
for t in mkfs.xfs losetup mount blockdev; do
	command -v $t >/dev/null || die "$t not found" 77
done

work=$(mktemp -d /tmp/cowfuzz-stack.XXXXXX) || die "mktemp failed"
loop= logloop= dms=() acow_set=
cleanup() {
	umount "$work/mnt" 2>/dev/null
	for d in "${dms[@]}"; do dmsetup remove "$d" 2>/dev/null; done
	[ -n "$loop" ] && losetup -d "$loop" 2>/dev/null
	[ -n "$logloop" ] && losetup -d "$logloop" 2>/dev/null
	[ -n "$acow_set" ] && echo 0 > /sys/fs/xfs/debug/always_cow 2>/dev/null
	umount "$work/store" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

dm_ok=0
if command -v dmsetup >/dev/null && dmsetup targets 2>/dev/null | grep -q '^flakey'; then
	dm_ok=1
fi

mkdir "$work/store" "$work/mnt"
# the store: big enough for mkfs; on the host shrunk to fit once it is made
mount -t tmpfs -o size=1g tmpfs "$work/store" || die "cannot mount a tmpfs"
truncate -s 512M "$work/store/img"
loop=$(losetup -f --show "$work/store/img" 2>/dev/null) || die "no loop device (losetup -f)" 77
mkfs_log=() mount_log=
if [ "$dm_ok" = 1 ]; then
	truncate -s 80M "$work/store/log"
	logloop=$(losetup -f --show "$work/store/log" 2>/dev/null) || die "no second loop device" 77
	mkfs_log=(-l "logdev=$logloop,size=64m")
	mount_log=,logdev=$logloop
fi
mkfs.xfs -q -f -m reflink=1 -b size="$bs" "${mkfs_log[@]}" "$loop" >/dev/null 2>&1 ||
	die "mkfs.xfs -m reflink=1 -b size=$bs failed"
dev=$loop
args=()
if [ "$dm_ok" = 1 ]; then
	sectors=$(blockdev --getsz "$loop")
	err=cferr$$
	dmsetup create "$err" --table "0 $sectors linear $loop 0" >/dev/null || die "dmsetup create $err failed"
	dms=("$err")
	dmsetup mknodes "$err" >/dev/null 2>&1
	dev=/dev/mapper/$err
	if [ "$faults" = 1 ]; then
		swap="dmsetup suspend --nolockfs $err && dmsetup load $err --table"
		args+=(--fault-on "$swap '0 $sectors flakey $loop 0 0 1 1 error_writes' && dmsetup resume $err"
		       --fault-off "$swap '0 $sectors linear $loop 0' && dmsetup resume $err")
	fi
	if [ "$hold" -gt 0 ]; then
		dmsetup create "cfdelay$$" --table "0 $sectors delay $dev 0 $hold" >/dev/null ||
			die "dmsetup create cfdelay$$ (delay target) failed"
		dms=("cfdelay$$" "${dms[@]}")
		dmsetup mknodes "cfdelay$$" >/dev/null 2>&1
		dev=/dev/mapper/cfdelay$$
	fi
else
	[ "$hold" -gt 0 ] && echo "reproduce-stack: no device-mapper here: completions are not held"
	hold=0
	if [ "$faults" = 1 ]; then
		# what the image holds now plus room for the tries; the filler
		# takes the rest while a fault window is open
		used=$(( $(stat -c %b "$work/store/img") * $(stat -c %B "$work/store/img") / 1024 ))
		mount -o remount,size=$(( used + 65536 ))k "$work/store" ||
			die "cannot shrink the store"
		args+=(--fault-on "dd if=/dev/zero of=$work/store/fill bs=64k 2>/dev/null; true"
		       --fault-off "rm -f $work/store/fill")
	fi
fi
if [ "$always_cow" = 1 ]; then
	[ -w /sys/fs/xfs/debug/always_cow ] ||
		die "always_cow needs a kernel with CONFIG_XFS_DEBUG (/sys/fs/xfs/debug/always_cow)" 77
	echo 1 > /sys/fs/xfs/debug/always_cow
	acow_set=1
fi
mount -o "discard$mount_log" "$dev" "$work/mnt" || die "cannot mount $dev"
# with asserts that warn instead of BUG, a failed one is reported, not fatal
[ -w /sys/fs/xfs/debug/bug_on_assert ] && echo 0 > /sys/fs/xfs/debug/bug_on_assert
# XFS names its sysfs directory after the block device (loop0, dm-3):
# without udev, /dev/mapper/NAME is a node of its own, not a link to dm-N
name=$(basename "$(readlink -f "$dev")")
[ "${dev#/dev/mapper/}" != "$dev" ] &&
	name=dm-$(dmsetup info -c --noheadings -o minor "${dev#/dev/mapper/}" | tr -d ' ')
[ -d "/sys/fs/xfs/$name/errortag" ] && args+=(--errortag "/sys/fs/xfs/$name/errortag")
[ -n "$verbose" ] && args+=(-v)
"$prog" "$work/mnt" --tries "$tries" --hold-ms "$hold" "${args[@]}"
