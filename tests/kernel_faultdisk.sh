#!/bin/bash
# faultdisk (harness/kcheck/faultdisk): bad arguments exit 2 with one line;
# then, with root, /dev/fuse, loop devices and mkfs.xfs: a reflink XFS on a
# faultdisk loop device, one O_DIRECT write failed (EIO, image untouched)
# and one held 1000 ms (the write takes that long, others do not wait).
# usage: kernel_faultdisk.sh FAULTDISK ROOT
FD=$1 ROOT=$2
fail() { echo "FAIL: $*"; exit 1; }
for args in "-r hold\ bogus i m" "-x 12 i m" "i" "-r fail\ ms=3 i m" "-r hold\ nth=0 i m" \
            "-r hold /nonexistent-image /tmp"; do
  out=$(eval "$FD $args" 2>&1); rc=$?
  [ $rc = 2 ] || fail "faultdisk $args: exit $rc, want 2"
  [ "$(printf '%s\n' "$out" | wc -l)" = 1 ] || fail "faultdisk $args: not one line: $out"
  case $out in faultdisk:*) ;; *) fail "faultdisk $args: $out";; esac
done
echo "bad arguments: exit 2, one line"
[ "$(id -u)" = 0 ] && [ -c /dev/fuse ] && command -v mkfs.xfs >/dev/null && command -v xfs_io >/dev/null &&
  command -v fusermount3 >/dev/null && losetup -f >/dev/null 2>&1 || { echo "skipped: needs root, /dev/fuse, fusermount3, loop, xfsprogs"; exit 77; }
FAULTDISK=$FD
. "$ROOT/harness/kcheck/faultdisk/fdenv.sh"
trap fd_cleanup EXIT
trap 'exit 130' INT TERM
fd_setup || exit 77
f=$FD_MNT/f
xfs_io -f -c 'pwrite -S 0x11 0 64k' -c fsync $f >/dev/null || fail "setup write"
fd_ctl "fail write once" || fail "ctl refused a good rule"
echo "fail bogus" > $FD_CTL 2>/dev/null && fail "ctl took a bad rule"
out=$(xfs_io -d -c 'pwrite -S 0x22 0 4k' $f 2>&1)
case $out in *"Input/output error"*) ;; *) fail "failed write did not return EIO: $out";; esac
[ "$(xfs_io -d -c 'pread -v 0 4k' $f | awk 'NR==1 {print $2}')" = 11 ] || fail "failed write touched the data"
fd_ctl "hold write ms=1000 once"
s=$(date +%s%N); xfs_io -d -c 'pwrite -S 0x33 8k 4k' $f >/dev/null || fail "held write"; e=$(date +%s%N)
ms=$(( (e - s) / 1000000 ))
[ $ms -ge 900 ] || fail "held write took $ms ms, want >= 1000"
s=$(date +%s%N); xfs_io -d -c 'pwrite -S 0x44 16k 4k' $f >/dev/null; e=$(date +%s%N)
ms2=$(( (e - s) / 1000000 ))
[ $ms2 -lt 900 ] || fail "plain write took $ms2 ms"
[ "$(xfs_io -d -c 'pread -v 8k 4k' $f | awk 'NR==1 {print $2}')" = 33 ] || fail "held write lost"
grep -q 'FAIL EIO' $FD_LOG && grep -q 'reply 4096 after' $FD_LOG || fail "log lacks the actions"
echo "EIO from a failed O_DIRECT write; a held write took $ms ms, the next one $ms2 ms"
grep -E 'FAIL|HOLD|reply' $FD_LOG
