#!/bin/bash
# Candidate B on the host kernel with faultdisk: see README.md here.
# usage: run.sh ITERS BS FLUSH MODE [clone]
#   BS 2048|4096; FLUSH dwrite|fsync|range; MODE fault|nofault|noatomic
#   TRACE=FILE  save a tracefs capture (xfs reflink/iomap/writeback events + markers)
#   REMOUNT=1   (default) unmount, mount again and read every file back
set -u
H=$(cd "$(dirname "$0")" && pwd)
. "$H/../../../harness/kcheck/faultdisk/fdenv.sh"
trap fd_cleanup EXIT
trap 'exit 130' INT TERM
[ $# -ge 4 ] || { echo "usage: run.sh ITERS 2048|4096 dwrite|fsync|range fault|nofault|noatomic [clone]"; exit 2; }
export FD_QUIET=${FD_QUIET-1} FD_BS=$2
fd_setup || exit 1
echo 2 > /sys/block/$(basename $FD_LOOP)/queue/nomerges   # one bio, one request
cc -O2 -Wall -I"$H/../../../harness/kcheck/faultdisk" -o $FD_W/stage "$H/stage.c" || exit 1
mkdir -p $FD_MNT/t
if [ -n "${TRACE:-}" ]; then
  fd_trace fd_stage xfs_iomap_atomic_write_cow xfs_iomap_found xfs_iomap_alloc xfs_reflink_convert_cow \
            xfs_reflink_end_cow xfs_reflink_cow_remap_from xfs_reflink_cow_remap_to xfs_reflink_cow_remap_skip \
            xfs_end_io_direct_write xfs_reflink_cancel_cow_range xfs_reflink_cancel_cow \
            xfs_map_blocks_found xfs_map_blocks_alloc xfs_reflink_cow_found xfs_reflink_end_cow_error || exit 1
fi
nice -n 10 $FD_W/stage $FD_MNT/t $FD_CTL "$1" "$2" "$3" "$4" ${5:-} ${TRACE:+trace}
[ -n "${TRACE:-}" ] && fd_trace_save "$TRACE"
if [ "${REMOUNT:-1}" = 1 ]; then
  umount $FD_MNT && mount $FD_LOOP $FD_MNT || exit 1
  echo "after remount (c<i>: first byte of blocks 0 1):"
  for f in $(ls $FD_MNT/t | grep '^c' | sort -V); do
    echo "  $f $(od -An -tx1 -N1 $FD_MNT/t/$f) $(od -An -tx1 -j$2 -N1 $FD_MNT/t/$f)"
  done | sort -k2 | uniq -c -f1 | sed 's/^/  /'
fi
grep -E 'FAIL|HOLD|reply' $FD_LOG | tail -${LOGTAIL:-6}
