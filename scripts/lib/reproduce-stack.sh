#!/usr/bin/env bash
# The device stack a `cowfuzz reproduce` program runs on, on the kernel
# this runs on (the host's, or a user-mode Linux booted by scripts/uml-run):
#
#   XFS (reflink, -o discard)
#    -> dm delay target, every I/O held HOLD ms   (where device-mapper exists)
#    -> loop device
#    -> a sparse image on a tmpfs that the program can fill (fault: eio)
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
for t in mkfs.xfs losetup mount; do
	command -v $t >/dev/null || die "$t not found" 77
done

work=$(mktemp -d /tmp/cowfuzz-stack.XXXXXX) || die "mktemp failed"
loop= dm= acow_set=
cleanup() {
	umount "$work/mnt" 2>/dev/null
	[ -n "$dm" ] && dmsetup remove "$dm" 2>/dev/null
	[ -n "$loop" ] && losetup -d "$loop" 2>/dev/null
	[ -n "$acow_set" ] && echo 0 > /sys/fs/xfs/debug/always_cow 2>/dev/null
	umount "$work/store" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

mkdir "$work/store" "$work/mnt"
# the store: big enough for mkfs, shrunk to fit once the image is made
mount -t tmpfs -o size=1g tmpfs "$work/store" || die "cannot mount a tmpfs"
truncate -s 512M "$work/store/img"
mkfs.xfs -q -f -m reflink=1 -b size="$bs" "$work/store/img" >/dev/null 2>&1 ||
	die "mkfs.xfs -m reflink=1 -b size=$bs failed"
loop=$(losetup -f --show "$work/store/img" 2>/dev/null) || die "no loop device (losetup -f)" 77
dev=$loop
if [ "$hold" -gt 0 ]; then
	if command -v dmsetup >/dev/null &&
	   dmsetup create "cfrepro$$" --table "0 $(blockdev --getsz "$loop") delay $loop 0 $hold" \
		>/dev/null 2>&1; then
		dm=cfrepro$$
		dmsetup mknodes "$dm" >/dev/null 2>&1
		dev=/dev/mapper/$dm
	else
		echo "reproduce-stack: no device-mapper delay target here: completions are not held"
		hold=0
	fi
fi
if [ "$always_cow" = 1 ]; then
	[ -w /sys/fs/xfs/debug/always_cow ] ||
		die "always_cow needs a kernel with CONFIG_XFS_DEBUG (/sys/fs/xfs/debug/always_cow)" 77
	echo 1 > /sys/fs/xfs/debug/always_cow
	acow_set=1
fi
mount -o discard "$dev" "$work/mnt" || die "cannot mount $dev"
# with asserts that warn instead of BUG, a failed one is reported, not fatal
[ -w /sys/fs/xfs/debug/bug_on_assert ] && echo 0 > /sys/fs/xfs/debug/bug_on_assert
args=("$work/mnt" --tries "$tries" --hold-ms "$hold")
if [ "$faults" = 1 ]; then
	# what the image holds now plus room for the tries; the program fills
	# the rest when a fault line runs, so that blocks never written fail
	used=$(( $(stat -c %b "$work/store/img") * $(stat -c %B "$work/store/img") / 1024 ))
	mount -o remount,size=$(( used + 65536 ))k "$work/store" ||
		die "cannot shrink the store"
	args+=(--fill "$work/store/fill")
fi
name=$(basename "$(readlink -f "$dev")")
[ -d "/sys/fs/xfs/$name/errortag" ] && args+=(--errortag "/sys/fs/xfs/$name/errortag")
[ -n "$verbose" ] && args+=(-v)
"$prog" "${args[@]}"
