#!/bin/bash
# The stale CoW-block read (findings/2026-12-07-data-loss-stale-cow-block-read-under-hole)
# on the host's kernel, with a faultdisk (harness/kcheck/faultdisk) failing
# the direct write instead of UML's dm-flakey; the recipe of ../uml-stale-rmw.sh.
# usage: stale-rmw.sh [ITERS]   NOFAULT=1: the control (no write error)
# Free space is poisoned with 0xee first, so a stale read shows 0xee.
set -u
H=$(cd "$(dirname "$0")" && pwd)
. "$H/../../../harness/kcheck/faultdisk/fdenv.sh"
trap fd_cleanup EXIT
trap 'exit 130' INT TERM
export FD_SIZE=512M FD_QUIET=1
fd_setup || exit 1
m=$FD_MNT
echo "== uname: $(uname -r)${NOFAULT:+ (control: no write error)}"
xfs_io -f -c "pwrite -q -S 0xee -b 1m 0 400m" -c fsync $m/poison
rm $m/poison; sync; sleep 1; sync
stale=0 n=${1:-1}
for i in $(seq 1 $n); do
  xfs_io -f -c "pwrite -q -S 0x02 0 24k" -c fsync $m/f3.$i
  xfs_io -f -c "truncate 24k" $m/hole.$i
  xfs_io -f -c "reflink $m/f3.$i" $m/f1.$i >/dev/null
  [ $i = 1 ] && { echo "== f3 before:"; xfs_io -c "bmap -v" $m/f3.$i | sed -n '3,$p'; }
  sync
  [ -z "${NOFAULT:-}" ] && fd_ctl "mark iter $i" "fail write once"
  out=$(xfs_io -d -c "pwrite -q -S 0x07 20k 4k" $m/f3.$i 2>&1)
  fd_ctl clear
  [ $i = 1 ] && { echo "== failing direct write of block 5:"; echo "$out"; }
  xfs_io -c "reflink $m/hole.$i 20k 20k 4k" $m/f3.$i >/dev/null
  [ $i = 1 ] && { echo "== clone a hole over block 5:"; xfs_io -c "bmap -v" $m/f3.$i | sed -n '3,$p'; }
  xfs_io -c "pwrite -q -S 0x09 20k 3840" -c fsync $m/f3.$i
  echo 3 > /proc/sys/vm/drop_caches
  if [ $i = 1 ]; then
    echo "== partial buffered write of block 5 (bytes 0..3839), then bytes 3840..4095 (a hole's zeroes expected):"
    xfs_io -c "pread -q -v 24320 256" $m/f3.$i | head -3
  fi
  if xfs_io -c "pread -q -v 24320 256" $m/f3.$i | grep -q " ee"; then stale=$((stale+1)); r="stale 0xee"; else r="no stale bytes"; fi
  echo "iter $i: direct write: ${out:-ok}; RESULT: $r"
done
echo "== disk log (failed requests):"; grep -E 'FAIL' $FD_LOG | head -5
echo "SUMMARY: stale $stale of $n${NOFAULT:+ (control)}"
