#!/bin/bash
# Candidate A on the host kernel with faultdisk: see README.md here.
# usage: run.sh ITERS MODE   MODE: fault | nofault | inflight | control | crash | crashctl
#   TRACE=FILE  save a tracefs capture (xfs reflink/iomap events + markers)
#   REMOUNT=1   (default) unmount, mount again and read every file back
set -u
H=$(cd "$(dirname "$0")" && pwd)
. "$H/../../../harness/kcheck/faultdisk/fdenv.sh"
trap fd_cleanup EXIT
trap 'exit 130' INT TERM
[ $# -ge 2 ] || { echo "usage: run.sh ITERS fault|nofault|inflight|control|crash|crashctl"; exit 2; }
export FD_QUIET=${FD_QUIET-1}
fd_setup || exit 1
echo 2 > /sys/block/$(basename $FD_LOOP)/queue/nomerges   # one bio, one request
cc -O2 -Wall -pthread -I"$H/../../../harness/kcheck/faultdisk" -o $FD_W/torn "$H/torn.c" || exit 1
mkdir -p $FD_MNT/t
if [ -n "${TRACE:-}" ]; then
  fd_trace fd_torn xfs_iomap_atomic_write_cow xfs_iomap_found xfs_iomap_alloc xfs_reflink_convert_cow \
            xfs_reflink_end_cow xfs_reflink_cow_remap_from xfs_reflink_cow_remap_to \
            xfs_reflink_bounce_dio_write xfs_end_io_direct_write xfs_reflink_cancel_cow_range \
            xfs_reflink_end_cow_error || exit 1
fi
if [ "$2" = crash ] || [ "$2" = crashctl ]; then
  export TORN_SNAP="sh -c 'cp --sparse=always $FD_W/img $FD_W/snap\$0'"
fi
nice -n 10 $FD_W/torn $FD_MNT/t $FD_CTL "$1" "$2" ${TRACE:+trace}
[ -n "${TRACE:-}" ] && fd_trace_save "$TRACE"
if [ "${REMOUNT:-1}" = 1 ]; then
  umount $FD_MNT && mount $FD_LOOP $FD_MNT || exit 1
  echo "after remount (a<i>: blocks 0 1):"
  for f in $(ls $FD_MNT/t | grep '^a' | sort -V); do
    echo "  $f $(xfs_io -d -c 'pread -v 0 8k' $FD_MNT/t/$f | awk '$1 ~ /^0000(0000|1000):/ {printf "%s ", $2}')"
  done | sort -k2 | uniq -c -f1 | sed 's/^/  /'
fi
if [ "$2" = crash ] || [ "$2" = crashctl ]; then
  # each snapshot: the disk as it was, t1 in flight; mount it (log
  # recovery) on a plain loop device and read the file back
  echo "after the crash (snapshot taken while t1 was in flight, mounted with log recovery; a<i>: blocks 0 1):"
  mkdir -p $FD_W/smnt
  for s in $(ls $FD_W | grep '^snap' | sort -V); do
    i=${s#snap}
    sl=$(losetup -f --show $FD_W/$s) || continue
    if mount -o nouuid $sl $FD_W/smnt; then
      echo "  a$i $(xfs_io -d -c 'pread -v 0 8k' $FD_W/smnt/t/a$i | awk '$1 ~ /^0000(0000|1000):/ {printf "%s ", $2}')"
      umount $FD_W/smnt
    else echo "  a$i: snapshot did not mount"; fi
    losetup -d $sl; rm -f $FD_W/$s
  done | sort -k2 | uniq -c -f1 | sed 's/^/  /'
fi
[ -n "${KEEPLOG:-}" ] && cp $FD_LOG "$KEEPLOG"
grep -E 'FAIL|HOLD|reply' $FD_LOG | tail -${LOGTAIL:-6}
