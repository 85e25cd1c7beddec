#!/bin/bash
# Candidate B on the host kernel with faultdisk: see README.md here.
# usage: run.sh ITERS BS FLUSH MODE [clone]
#   BS 2048|4096; FLUSH dwrite|fsync|range; MODE fault|nofault|noatomic
#   TRACE=FILE  save a tracefs capture (xfs reflink/iomap/writeback events + markers)
#   REMOUNT=1   (default) unmount, mount again and read every file back
set -u
H=$(cd "$(dirname "$0")" && pwd)
. "$H/../../../harness/kcheck/faultdisk/fdenv.sh"
TI=/sys/kernel/tracing/instances/fd_stage
finish() {
  [ -d $TI ] && { echo 0 > $TI/tracing_on; echo 0 > $TI/events/enable; rmdir $TI; }
  fd_cleanup
}
trap finish EXIT
trap 'exit 130' INT TERM
[ $# -ge 4 ] || { echo "usage: run.sh ITERS 2048|4096 dwrite|fsync|range fault|nofault|noatomic [clone]"; exit 2; }
export FD_QUIET=${FD_QUIET-1} FD_BS=$2
fd_setup || exit 1
echo 2 > /sys/block/$(basename $FD_LOOP)/queue/nomerges   # one bio, one request
cc -O2 -Wall -I"$H/../../../harness/kcheck/faultdisk" -o $FD_W/stage "$H/stage.c" || exit 1
mkdir -p $FD_MNT/t
if [ -n "${TRACE:-}" ]; then
  mkdir -p $TI; echo 16384 > $TI/buffer_size_kb
  devno=$(( $(stat -c %t $FD_LOOP | sed 's/^/0x/') << 20 | $(stat -c %T $FD_LOOP | sed 's/^/0x/') ))
  for ev in xfs_iomap_atomic_write_cow xfs_iomap_found xfs_iomap_alloc xfs_reflink_convert_cow \
            xfs_reflink_end_cow xfs_reflink_cow_remap_from xfs_reflink_cow_remap_to xfs_reflink_cow_remap_skip \
            xfs_end_io_direct_write xfs_reflink_cancel_cow_range xfs_reflink_cancel_cow \
            xfs_map_blocks_found xfs_map_blocks_alloc xfs_reflink_cow_found xfs_reflink_end_cow_error; do
    [ -d $TI/events/xfs/$ev ] || { echo "no event $ev"; continue; }
    echo "dev == $devno" > $TI/events/xfs/$ev/filter; echo 1 > $TI/events/xfs/$ev/enable
  done
  echo 1 > $TI/tracing_on
  export TRACE_MARKER=$TI/trace_marker
fi
nice -n 10 $FD_W/stage $FD_MNT/t $FD_CTL "$1" "$2" "$3" "$4" ${5:-} ${TRACE:+trace}
if [ -n "${TRACE:-}" ]; then echo 0 > $TI/tracing_on; cat $TI/trace > "$TRACE"; echo "trace saved to $TRACE ($(wc -l < "$TRACE") lines)"; fi
if [ "${REMOUNT:-1}" = 1 ]; then
  umount $FD_MNT && mount $FD_LOOP $FD_MNT || exit 1
  echo "after remount (c<i>: first byte of blocks 0 1):"
  for f in $(ls $FD_MNT/t | grep '^c' | sort -V); do
    echo "  $f $(od -An -tx1 -N1 $FD_MNT/t/$f) $(od -An -tx1 -j$2 -N1 $FD_MNT/t/$f)"
  done | sort -k2 | uniq -c -f1 | sed 's/^/  /'
fi
grep -E 'FAIL|HOLD|reply' $FD_LOG | tail -${LOGTAIL:-6}
