#!/usr/bin/env bash
# repro-uml.sh - the finding on a user-mode-Linux kernel (scripts/uml-run).
#
#   repro-uml.sh [--kernel PATH] [--log FILE] [--control]
#
#   --kernel PATH   UML kernel (default Debian's linux.uml, 6.1)
#   --log FILE      the UML console (default build/uml/logs/funshare-hole.log)
#   --control       no write error: the funshare succeeds, the clone must too
#
# XFS (reflink, 4 KiB blocks) on a device-mapper linear target over
# /dev/ubda. File a: block 0 shared with b (FICLONERANGE), block 1 a hole,
# block 2 written; CoW extent size hint one block. For the funshare of
# blocks 0-1 the table is swapped so the block that the CoW write of block
# 0 goes to fails writes (an `error` segment; the same block on a fresh
# file system every time), then swapped back. Then FICLONERANGE a[0, 8k)
# -> b[0, 8k), and xfs_repair -n after the unmount.
# Exit: 0 the clone worked and repair is clean, 1 the clone failed or
# repair complained, 2 bad usage or a failed set-up, otherwise
# scripts/uml-run's status (77, 124, 125).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd -P)
root=$(cd "$here/../.." && pwd -P)

inside() {	# inside the UML: CONTROL
	local control=$1 dev=/dev/ubda mnt=/tmp/fh-mnt sect es=104 rc=0 out
	export DM_DISABLE_UDEV=1
	mkdir -p "$mnt"
	mkfs.xfs -q -f -m reflink=1 -b size=4096 "$dev" || return 2
	sect=$(blockdev --getsz "$dev")
	dmsetup create fh --table "0 $sect linear $dev 0" && dmsetup mknodes || return 2
	mount /dev/mapper/fh "$mnt" || { dmsetup remove fh; return 2; }
	xfs_io -f -c "cowextsize 4096" -c "pwrite -S 0x61 0 4096" -c fsync "$mnt/a" > /dev/null
	xfs_io -f -c "reflink $mnt/a 0 0 4096" -c fsync "$mnt/b" > /dev/null
	xfs_io -c "pwrite -S 0x62 8192 4096" -c fsync "$mnt/a" > /dev/null
	if [ "$control" = 0 ]; then	# sectors es..es+7: where the CoW block goes
		dmsetup suspend fh
		printf '0 %d linear %s 0\n%d 8 error\n%d %d linear %s %d\n' \
			"$es" "$dev" "$es" $((es + 8)) $((sect - es - 8)) "$dev" $((es + 8)) |
			dmsetup load fh
		dmsetup resume fh
	fi
	echo "funshare a 0 8192:"; xfs_io -c "funshare 0 8192" "$mnt/a"; echo "  status $?"
	dmsetup suspend fh; dmsetup load fh --table "0 $sect linear $dev 0"; dmsetup resume fh
	echo "reflink a[0,8k) -> b[0,8k):"
	out=$(xfs_io -c "reflink $mnt/a 0 0 8192" "$mnt/b" 2>&1 | head -1); echo "  $out"
	case $out in linked*) ;; *) rc=1 ;; esac
	umount "$mnt"; dmsetup remove fh
	echo "xfs_repair -n:"
	xfs_repair -n "$dev" > /tmp/fh-repair.txt 2>&1 || rc=1
	grep -v '^\s*- \|^Phase\|^No modify' /tmp/fh-repair.txt | sed 's/^/  /'
	return $rc
}

if [ "${1:-}" = --inside ]; then
	[ "${COWFUZZ_IN_UML:-}" = 1 ] || { echo "repro-uml.sh: --inside is for scripts/uml-run" >&2; exit 2; }
	shift; inside "$@"; exit $?
fi
kernel=() log="$root/build/uml/logs/funshare-hole.log" control=0
while [ $# -gt 0 ]; do
	case $1 in
	--kernel) [ $# -ge 2 ] || { echo "repro-uml.sh: --kernel needs a path" >&2; exit 2; }
		kernel=(--kernel "$2"); shift 2 ;;
	--log) [ $# -ge 2 ] || { echo "repro-uml.sh: --log needs a file" >&2; exit 2; }
		log=$2; shift 2 ;;
	--control) control=1; shift ;;
	*) echo "repro-uml.sh: unknown argument '$1'" >&2; exit 2 ;;
	esac
done
mkdir -p "$(dirname "$log")" || exit 2
"$root/scripts/uml-run" "${kernel[@]}" --disk 512 --log "$log" -- \
	"$here/repro-uml.sh" --inside "$control"
rc=$?
grep -E 'XFS|writeback error' "$log" | grep -v "Mounting\|clean mount\|Unmounting\|SGI XFS" | sed 's/^/dmesg: /'
exit $rc
