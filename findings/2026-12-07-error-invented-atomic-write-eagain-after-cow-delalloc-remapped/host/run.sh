#!/bin/bash
# driver: build fragmented reflink XFS on a loop device, run race with args, always clean up.
# usage: run.sh RACE-ARGS...   e.g. ./run.sh 5000 3 2 poll pin
. "$(dirname "$0")/fsenv.sh"
trap '[ -d /sys/kernel/tracing/instances/repro_eagain ] && { echo 0 > /sys/kernel/tracing/instances/repro_eagain/events/enable; rmdir /sys/kernel/tracing/instances/repro_eagain; }; cleanup' EXIT
trap 'exit 130' INT TERM
setup_fs || exit 1
if [ "${FRAG:-1}" = 1 ]; then fragment_fs || exit 1; else mkdir -p $MNT/t; xfs_spaceman -c freesp $MNT; fi
if [ -n "$XFSIO_CHECK" ]; then
  # sanity check of the precondition with xfs_io
  f=$MNT/t/chk; xfs_io -f -c "cowextsize $((XFSIO_CHECK*4096))" -c "pwrite -S 0x49 0 12k" -c fsync $f >/dev/null
  cp --reflink=always $f $MNT/t/chk2
  xfs_io -c "pwrite -S 0x5a 0 4k" -c "sync_range -a -w -b 0 4k" -c "bmap -c -v" -c "bmap -v" $f
  rm -f $f $MNT/t/chk2
fi
if [ -n "$TRACE" ]; then
  TI=/sys/kernel/tracing/instances/repro_eagain; mkdir -p $TI
  devno=$(( $(stat -c %t $LOOP | sed 's/^/0x/') << 20 | $(stat -c %T $LOOP | sed 's/^/0x/') ))
  echo 8192 > $TI/buffer_size_kb
  for ev in xfs_iomap_alloc xfs_map_blocks_alloc xfs_iomap_atomic_write_cow xfs_alloc_vextent_finish xfs_ilock xfs_iomap_found xfs_reflink_end_cow xfs_reflink_cow_remap_from xfs_reflink_convert_cow xfs_reflink_cow_found; do
    echo "dev == $devno" > $TI/events/xfs/$ev/filter; echo 1 > $TI/events/xfs/$ev/enable
  done
  echo 'dev == '$devno' && lock_flags == 4' > $TI/events/xfs/xfs_ilock/filter
  echo 1 > $TI/tracing_on
fi
TRACE_MARKER=/sys/kernel/tracing/instances/repro_eagain/trace_marker nice -n 10 $W/${RACE_BIN:-race} $MNT/t "$@"
if [ -n "$TRACE" ]; then echo 0 > $TI/tracing_on; cat $TI/trace > $TRACE; echo 0 > $TI/events/enable; rmdir $TI; echo "trace saved to $TRACE ($(wc -l < $TRACE) lines)"; fi
xfs_spaceman -c freesp $MNT
