#!/bin/bash
# A failed direct CoW write's block read back by a sub-block buffered write
# over a data-fork hole (findings/2026-12-07-data-loss-stale-cow-block-read-under-hole).
# Run: scripts/uml-run [--kernel K] -- $PWD/uml-stale-rmw.sh (from a
# directory outside /tmp; NOFAULT=1 for the control).  Inside a UML
# (device-mapper flakey fails the write).  Free space is poisoned with 0xee
# first (no discard), so a stale read shows 0xee.
set -u
w=/run/stale; mkdir -p $w/mnt
loop= logloop= dm=
cleanup() {
	umount $w/mnt 2>/dev/null
	[ -n "$dm" ] && dmsetup remove $dm 2>/dev/null
	[ -n "$loop" ] && losetup -d $loop
	[ -n "$logloop" ] && losetup -d $logloop
	rm -rf $w
}
trap cleanup EXIT
truncate -s 512M $w/img; truncate -s 80M $w/log
loop=$(losetup -f --show $w/img); logloop=$(losetup -f --show $w/log)
mkfs.xfs -q -f -m reflink=1 -b size=4096 -l logdev=$logloop,size=64m $loop || exit 3
sectors=$(blockdev --getsz $loop)
dm=cfstale; dmsetup create $dm --table "0 $sectors linear $loop 0" || exit 3
dmsetup mknodes $dm >/dev/null 2>&1
mount -o logdev=$logloop /dev/mapper/$dm $w/mnt || exit 3
m=$w/mnt
echo "== uname: $(uname -r)${NOFAULT:+ (control: no write error)}"
xfs_io -f -c "pwrite -q -S 0xee -b 1m 0 400m" -c fsync $m/poison
rm $m/poison; sync; sleep 1; sync
xfs_io -f -c "pwrite -q -S 0x02 0 24k" -c fsync $m/f3
xfs_io -f -c "truncate 24k" $m/hole
xfs_io -f -c "reflink $m/f3" $m/f1 >/dev/null
echo "== f3 before:"; xfs_io -c "bmap -v" $m/f3 | sed -n '3,$p'
swap() { dmsetup suspend --nolockfs $dm && dmsetup load $dm --table "$1" && dmsetup resume $dm; }
[ -z "${NOFAULT:-}" ] && swap "0 $sectors flakey $loop 0 0 1 1 error_writes"
echo "== failing direct write of block 5:"; xfs_io -d -c "pwrite -q -S 0x07 20k 4k" $m/f3
[ -z "${NOFAULT:-}" ] && swap "0 $sectors linear $loop 0"
echo "== f3 CoW fork after the failed write:"; xfs_io -c "bmap -cv" $m/f3 | sed -n '3,$p'
echo "== clone a hole over block 5:"; xfs_io -c "reflink $m/hole 20k 20k 4k" $m/f3
xfs_io -c "bmap -v" $m/f3 | sed -n '3,$p'; xfs_io -c "bmap -cv" $m/f3 | sed -n '3,$p'
echo "== partial buffered write of block 5 (bytes 0..3839):"
xfs_io -c "pwrite -q -S 0x09 20k 3840" -c fsync $m/f3
echo 3 > /proc/sys/vm/drop_caches
echo "== bytes 3840..4095 of block 5 (a hole's zeroes expected):"
xfs_io -c "pread -q -v 24320 256" $m/f3 | head -3
if xfs_io -c "pread -q -v 24320 256" $m/f3 | grep -q " ee"; then echo "RESULT: stale 0xee (the bug)"; else echo "RESULT: no stale bytes"; fi
