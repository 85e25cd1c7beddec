# sourced by run.sh: image/loop/mount helpers with guaranteed cleanup
# D: this directory (the sources); W: scratch (image, mount, programs)
D=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
W=$(mktemp -d "${SCRATCH:-/var/tmp}/cowfuzz-eagain.XXXXXX") || exit 1
IMG=$W/img.xfs
MNT=$W/mnt
LOOP=
for p in race frag; do
  cc -O2 -pthread -o "$W/$p" "$D/$p.c" || exit 1
done
cleanup() {
  set +e
  cd /
  if mountpoint -q $MNT; then umount $MNT || { sleep 1; umount -l $MNT; }; fi
  [ -n "$LOOP" ] && losetup -d $LOOP 2>/dev/null
  rm -rf $W
  echo "cleanup done: losetup: $(losetup -a | grep -c cowfuzz-eagain) loops, mounts: $(mount | grep -c cowfuzz-eagain)"
}
setup_fs() {
  mkdir -p $MNT
  rm -f $IMG; truncate -s ${SIZE:-320M} $IMG
  mkfs.xfs -q -f -m reflink=1,finobt=0,rmapbt=0 -b size=4096 ${MKFSOPT} $IMG || return 1
  LOOP=$(losetup -f --show $IMG) || return 1
  mount -o ikeep $LOOP $MNT || return 1
  echo "loop=$LOOP"; cat /sys/block/$(basename $LOOP)/queue/atomic_write_unit_max_bytes 2>/dev/null | sed 's/^/loop atomic_write_unit_max_bytes=/'
}
fragment_fs() {
  xfs_io -x -c 'resblks 0' $MNT >/dev/null
  mkdir -p $MNT/pool $MNT/t
  for i in $(seq 1 ${POOL:-3000}); do echo -n > $MNT/pool/p$i; done; rm -rf $MNT/pool/*; sync
  $W/frag $MNT/fill0 || return 1
  for r in 1 2 3 4 5; do
    big=$(xfs_spaceman -c freesp $MNT | awk 'NR>1 && $1>=2 {s+=$4} END{print s+0}')
    [ "$big" = 0 ] && break
    $W/frag $MNT/fill$r $big || return 1
  done
  xfs_spaceman -c freesp $MNT
}
