#!/bin/sh
# kernel-check --profile: the default is the newest profile (v6.18, which
# has RWF_ATOMIC and agrees with the host on an atomic write); naming the
# fixed v5.10-era profile, which refuses RWF_ATOMIC, must make the same
# scenario FAIL.  usage: kernel_check_profile.sh COWFUZZ
COWFUZZ=$1
. "$(dirname "$0")/kernel_lib.sh"
kt_need_host
kt_init
scn=$KT_TMP/atomic.scn
cat > "$scn" << 'SCN'
geometry block=4096 page=4096 dev=256 frag=0 cowextsize=8
init clone blocks=8
t0: dwrite ino=1 off=0 len=16384 atomic
t0: read ino=1 off=0 len=16384
SCN
out=$("$COWFUZZ" kernel-check "$scn" 2>&1); rc=$?
[ $rc = 77 ] && kt_skip "kernel-check skipped: $out"
[ $rc = 0 ] || { echo "FAIL: default profile: exit $rc"; echo "$out"; exit 1; }
out=$("$COWFUZZ" kernel-check --profile c2f09217a430 "$scn" 2>&1); rc=$?
case $rc:$out in
1:*"FAIL $scn: ino 1 block 0"*) ;;
*) echo "FAIL: --profile c2f09217a430: exit $rc, want 1 and a block 0 mismatch"; echo "$out"; exit 1 ;;
esac
echo "ok: the default (newest) profile agrees, c2f09217a430 does not"
