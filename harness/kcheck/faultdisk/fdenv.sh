# Sourced by host tests: an XFS on a loop device on a faultdisk file, with
# guaranteed cleanup.  Needs root, /dev/fuse, losetup, mkfs.xfs.
#   FAULTDISK  the faultdisk binary (default: build/dev/harness/kcheck/faultdisk/faultdisk)
#   FD_SIZE    image size (default 320M; mkfs.xfs wants > 300 MB)   FD_MKFS  extra mkfs.xfs options
#   FD_BS      block size (default 4096)
# After fd_setup: $FD_W (scratch), $FD_MNT (XFS), $FD_CTL (control file),
# $FD_LOG (request log), $FD_LOOP, $FD_LOGOFF/$FD_LOGLEN (internal log,
# bytes; already excluded from every rule).  fd_ctl CMD... writes commands.
# fd_trace NAME EVENT... captures xfs events of $FD_LOOP in a tracefs
# instance (exports TRACE_MARKER for the test program), fd_trace_save FILE
# writes the capture; fd_cleanup removes the instance.
: "${FAULTDISK:=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)/build/dev/harness/kcheck/faultdisk/faultdisk}"
FD_W= FD_LOOP= FD_PID= FD_TI=
fd_cleanup() {
  set +eu   # runs from traps, also after a failure half-way through fd_setup
  cd /
  if [ -n "$FD_TI" ] && [ -d "$FD_TI" ]; then
    echo 0 > "$FD_TI/tracing_on"; echo 0 > "$FD_TI/events/enable"; rmdir "$FD_TI"
  fi
  FD_TI=
  if [ -n "$FD_W" ]; then
    if mountpoint -q "$FD_MNT" 2>/dev/null; then
      [ -e "$FD_CTL" ] && echo "release all" > "$FD_CTL" 2>/dev/null
      echo clear > "$FD_CTL" 2>/dev/null
      umount "$FD_MNT" || { sleep 1; umount -l "$FD_MNT"; }
    fi
    [ -n "$FD_LOOP" ] && losetup -d "$FD_LOOP" 2>/dev/null
    if mountpoint -q "$FD_W/fuse" 2>/dev/null; then
      fusermount3 -u "$FD_W/fuse" 2>/dev/null || umount -l "$FD_W/fuse"
    fi
    [ -n "$FD_PID" ] && { kill "$FD_PID" 2>/dev/null; wait "$FD_PID" 2>/dev/null; }
    [ -n "${FD_KEEPLOG:-}" ] && cp "$FD_LOG" "$FD_KEEPLOG" 2>/dev/null
    rm -rf "$FD_W"
  fi
  FD_W=
  echo "cleanup done: loops $(losetup -a | grep -c /var/tmp/fd-), fuse/xfs mounts $(mount | grep -c /var/tmp/fd-)"
}
fd_ctl() { local c; for c in "$@"; do echo "$c" > "$FD_CTL" || { echo "fd_ctl: '$c' refused" >&2; return 1; }; done; }
fd_setup() {
  [ -x "$FAULTDISK" ] || { echo "no faultdisk binary at $FAULTDISK (build with libfuse3-dev)"; return 1; }
  FD_W=$(mktemp -d /var/tmp/fd-XXXXXX) || return 1
  FD_MNT=$FD_W/mnt FD_CTL=$FD_W/fuse/ctl FD_LOG=$FD_W/requests.log
  mkdir -p "$FD_W/fuse" "$FD_MNT"
  truncate -s "${FD_SIZE:-320M}" "$FD_W/img" || return 1
  mkfs.xfs -q -f -m reflink=1 -b size=${FD_BS:-4096} ${FD_MKFS:-} "$FD_W/img" || return 1
  # the internal log: logstart is an fsblock (agno << agblklog | agbno)
  eval "$(xfs_db -r -c 'sb 0' -c 'p logstart logblocks agblocks agblklog blocksize' "$FD_W/img" | sed 's/ = /=/')"
  local agno=$((logstart >> agblklog)) agbno=$((logstart & ((1 << agblklog) - 1)))
  FD_LOGOFF=$(( (agno * agblocks + agbno) * blocksize )) FD_LOGLEN=$((logblocks * blocksize))
  "$FAULTDISK" ${FD_QUIET:+-q} -l "$FD_LOG" -x "$FD_LOGOFF+$FD_LOGLEN" "$FD_W/img" "$FD_W/fuse" 2>>"$FD_W/faultdisk.err" &
  FD_PID=$!
  local i; for i in $(seq 50); do [ -e "$FD_CTL" ] && break; sleep 0.1; done
  [ -e "$FD_CTL" ] || { echo "faultdisk did not come up:"; cat "$FD_W/faultdisk.err"; return 1; }
  FD_LOOP=$(losetup --direct-io=on -f --show "$FD_W/fuse/disk") || return 1
  local dio; dio=$(cat /sys/block/$(basename $FD_LOOP)/loop/dio)
  [ "$dio" = 1 ] || { echo "loop $FD_LOOP has dio=$dio: direct I/O was refused"; return 1; }
  mount ${FD_MOUNTOPT:+-o $FD_MOUNTOPT} "$FD_LOOP" "$FD_MNT" || return 1
  echo "faultdisk: loop=$FD_LOOP dio=$dio log=[$FD_LOGOFF,+$FD_LOGLEN) bs=${FD_BS:-4096}"
}
fd_trace() {
  FD_TI=/sys/kernel/tracing/instances/$1; shift
  mkdir -p "$FD_TI" && echo 16384 > "$FD_TI/buffer_size_kb" || return 1
  local ev devno=$(( $(stat -c %t $FD_LOOP | sed 's/^/0x/') << 20 | $(stat -c %T $FD_LOOP | sed 's/^/0x/') ))
  for ev in "$@"; do
    [ -d "$FD_TI/events/xfs/$ev" ] || { echo "no event $ev"; continue; }
    echo "dev == $devno" > "$FD_TI/events/xfs/$ev/filter"; echo 1 > "$FD_TI/events/xfs/$ev/enable"
  done
  echo 1 > "$FD_TI/tracing_on"
  export TRACE_MARKER=$FD_TI/trace_marker
}
fd_trace_save() {
  echo 0 > "$FD_TI/tracing_on"; cat "$FD_TI/trace" > "$1"
  echo "trace saved to $1 ($(wc -l < "$1") lines)"
}
