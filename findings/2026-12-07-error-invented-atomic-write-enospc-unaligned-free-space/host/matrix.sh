#!/bin/bash
# For each free-extent length RUN and CoW extent size hint HINT (0: none
# set, the default of 32 blocks), on a fresh 4 KiB-block reflink XFS on a
# loop device whose free space is all RUN-block extents: one 4 KiB
# RWF_ATOMIC write over a shared block of a clone.  Prints one line per
# case.  usage: matrix.sh [RUNS] [HINTS]   (root; cleans up on exit)
set -u
D=$(cd "$(dirname "$0")" && pwd)
W=$(mktemp -d /var/tmp/cowfuzz-extszalign.XXXXXX) || exit 1
LOOP=
cleanup() {
	set +e
	cd /
	mountpoint -q $W/mnt && umount $W/mnt
	[ -n "$LOOP" ] && losetup -d $LOOP
	rm -rf $W
}
trap cleanup EXIT
trap 'exit 130' INT TERM
for p in fragrun atomic1; do cc -O2 -o $W/$p $D/$p.c || exit 1; done
mkdir -p $W/mnt
echo "kernel $(uname -r)"
for run in ${1:-1 4 15 16 31 32 64}; do
	for hint in ${2:-0 1 4 16 32}; do
		truncate -s 320M $W/img
		mkfs.xfs -q -f -m reflink=1 -b size=4096 $W/img || exit 1
		LOOP=$(losetup -f --show $W/img) || exit 1
		mount $LOOP $W/mnt || exit 1
		xfs_io -f -c 'pwrite -q 0 8k' -c fsync $W/mnt/src
		[ "$hint" = 0 ] || xfs_io -f -c "cowextsize $((hint * 4096))" $W/mnt/dst
		cp --reflink=always $W/mnt/src $W/mnt/dst
		xfs_io -x -c 'resblks 0' $W/mnt > /dev/null
		$W/fragrun $W/mnt/fill $run > /dev/null || exit 1
		# free extents longer than RUN are left where the fill's extents
		# met: fill and punch those again, a few rounds
		for r in 1 2 3 4 5 6; do
			big=$(xfs_spaceman -c freesp $W/mnt | awk -v r=$run 'NR>1 && $2>r {s+=$4} END{print s+0}')
			[ "$big" = 0 ] && break
			$W/fragrun $W/mnt/fill$r $run $big > /dev/null || exit 1
		done
		longest=$(xfs_spaceman -c 'freesp' $W/mnt | awk 'NR>1 && $3>0 {l=$2} END {print l}')
		free=$(df --output=avail -B4096 $W/mnt | tail -1)
		res=$($W/atomic1 $W/mnt/dst 0 4096)
		echo "run $run hint $hint: free ${free// /} blocks, longest free extent <= $longest: atomic 4k write: $res"
		umount $W/mnt
		losetup -d $LOOP
		LOOP=
	done
done
