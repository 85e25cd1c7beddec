#!/usr/bin/env bash
# repro-uml.sh - repro.sh's check, adapted to a user-mode-Linux kernel
# (scripts/uml-run). Timing alone does not carry over to UML (repro.sh run
# unchanged there changes 0 blocks), so the window is held: XFS sits on a
# device-mapper delay target over the loop device over the file on the full
# tmpfs (XFS -> dm-delay -> loop -> file), and every write bio waits DELAY ms
# before it reaches the loop device and fails, so the second write to a
# finds the CoW block while the failing bio is still in flight. (The first
# few tries' CoW blocks land where the set-up already wrote the backing file
# and do not fail: 58 of 64 changed blocks is what an unfixed kernel shows.)
#
#   repro-uml.sh [--kernel PATH] [--delay MS] [--log FILE] [--bug-on-assert]
#                [TRIES] [--control]
#
#   --kernel PATH     UML kernel (default Debian's linux.uml, 6.1; a debug or
#                     patched one comes from scripts/uml-kernel)
#   --delay MS        write delay of the dm-delay target (default 100)
#   --log FILE        the UML console (default build/uml/logs/<name>.log)
#   --bug-on-assert   keep a debug kernel's failed XFS ASSERT fatal (by
#                     default it is set to warn, so that the run goes on)
#   TRIES             default 64
#   --control         no filler file, so no write errors: must change 0 blocks
#
# Per try, as in repro.sh, on a block that a and b share (cowextsize 1
# block): pwrite(a, X); sync_file_range(WRITE); pwrite(a, Y). Then the filler
# goes, a is fsynced, caches are dropped and b (never written) is read; it
# also counts the blocks of a that lack Y, and runs xfs_repair -n after
# the umount.
# Root on the host. Exit: 0 b unchanged, 1 b changed, 2 bad usage or a
# failed set-up, otherwise scripts/uml-run's status (77, 124, 125).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd -P)
root=$(cd "$here/../.." && pwd -P)

inside() {	# inside the UML: TRIES DELAY CONTROL BUG_ON_ASSERT
	local tries=$1 delay=$2 control=$3 boa=$4 bs=4096 a b i off v bad=0 alost=0 loop size rc
	tmp=/tmp/cow-eio
	export DM_DISABLE_UDEV=1
	cleanup() {
		umount "$tmp/mnt" 2> /dev/null
		dmsetup remove cfdelay 2> /dev/null
		[ -z "${loopdev:-}" ] || losetup -d "$loopdev" 2> /dev/null
		umount "$tmp/fs" 2> /dev/null
	}
	trap cleanup EXIT
	[ -w /sys/fs/xfs/debug/bug_on_assert ] && echo "$boa" > /sys/fs/xfs/debug/bug_on_assert
	mkdir -p "$tmp/fs" "$tmp/mnt"
	# the shared file plus mkfs metadata must fit in the tmpfs, with room left:
	# in UML, the 64 MiB of repro.sh ran out before the filler came
	size=$((192 + tries * 2 * bs / 1048576))
	mount -t tmpfs -o size=${size}m tmpfs "$tmp/fs" || return 2
	truncate -s 512M "$tmp/fs/img"
	mkfs.xfs -q -f -m reflink=1 -b size=$bs "$tmp/fs/img" || return 2
	loopdev=$(losetup -f --show "$tmp/fs/img") || return 2
	loop=$loopdev
	dmsetup create cfdelay --table "0 $(blockdev --getsz "$loop") delay $loop 0 0 $loop 0 $delay" ||
		return 2
	dmsetup mknodes
	mount /dev/mapper/cfdelay "$tmp/mnt" || return 2
	a=$tmp/mnt/a b=$tmp/mnt/b
	xfs_io -f -c "pwrite -q -S 0x41 0 $((tries * 2 * bs))" -c fsync "$a" || return 2
	xfs_io -c "cowextsize $bs" "$a"
	cp --reflink=always "$a" "$b" || return 2
	sync
	echo "backing tmpfs: $(df -k --output=used "$tmp/fs" | tail -1 | tr -d ' ') KiB used of $size MiB before the filler"
	[ "$control" = 1 ] || dd if=/dev/zero of="$tmp/fs/fill" bs=64k 2> /dev/null
	for ((i = 0; i < tries; i++)); do
		off=$((i * 2 * bs))
		xfs_io -c "pwrite -q -S 0x58 $off $bs" -c "sync_range -w $off $bs" \
			-c "pwrite -q -S 0x59 $off $bs" "$a"
	done
	sleep $((1 + delay / 1000))
	rm -f "$tmp/fs/fill"
	xfs_io -c fsync "$a" 2> /dev/null # reports the error once
	xfs_io -c fsync "$a" || echo "repro-uml.sh: second fsync of a failed"
	sync
	echo 3 > /proc/sys/vm/drop_caches
	for ((i = 0; i < tries; i++)); do
		off=$((i * 2 * bs))
		v=$(od -v -An -tx1 -j $off -N $bs "$b" | tr -s ' \n' '\n' | sort -u | grep -v '^$' | tr '\n' ' ')
		[ "$v" = "41 " ] || {
			bad=$((bad + 1))
			[ $bad -gt 3 ] || echo "b block $((off / bs)) holds: $v(a's data, never written to b)"
		}
	done
	# a must hold its second write (0x59) where it was written: the fix must
	# not keep b intact by dropping a's data
	for ((i = 0; i < tries; i++)); do
		off=$((i * 2 * bs))
		v=$(od -v -An -tx1 -j $off -N $bs "$a" | tr -s ' \n' '\n' | sort -u | grep -v '^$' | tr '\n' ' ')
		[ "$v" = "59 " ] || alost=$((alost + 1))
	done
	umount "$tmp/mnt"
	xfs_repair -n /dev/mapper/cfdelay > "$tmp/repair.out" 2>&1
	rc=$?
	echo "xfs_repair -n after umount: exit $rc"
	[ $rc = 0 ] || head -5 "$tmp/repair.out"
	echo "$(uname -r): $tries tries$([ "$control" = 1 ] && echo ' (--control)'), b (never written) changed in $bad blocks, a lacks its second write in $alost (delay $delay ms)"
	[ $bad = 0 ]
}
if [ "${1:-}" = --inside ]; then
	[ "${COWFUZZ_IN_UML:-}" = 1 ] || { echo "repro-uml.sh: --inside is for scripts/uml-run" >&2; exit 2; }
	shift
	inside "$@"
	exit
fi

kernel=() delay=100 log="" boa=0 tries=64 control=0
while [ $# -gt 0 ]; do
	case $1 in
	--kernel) [ $# -ge 2 ] || { echo "repro-uml.sh: --kernel needs a path" >&2; exit 2; }; kernel=(--kernel "$(readlink -f -- "$2")"); shift 2 ;;
	--delay) [ $# -ge 2 ] && [[ $2 =~ ^[1-9][0-9]*$ ]] || { echo "repro-uml.sh: --delay needs milliseconds (> 0)" >&2; exit 2; }; delay=$2; shift 2 ;;
	--log) [ $# -ge 2 ] || { echo "repro-uml.sh: --log needs a file" >&2; exit 2; }; log=$(readlink -f -- "$2"); shift 2 ;;
	--bug-on-assert) boa=1; shift ;;
	--control) control=1; shift ;;
	-h | --help) sed -n '2,/^set -uo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
	*) [[ $1 =~ ^[1-9][0-9]*$ ]] || { echo "repro-uml.sh: unknown argument '$1'" >&2; exit 2; }; tries=$1; shift ;;
	esac
done
mkdir -p "$root/build/uml/logs"
[ -n "$log" ] || log=$root/build/uml/logs/cow-eio-$(date +%Y%m%d-%H%M%S).log
cd "$here" || exit 2
"$root/scripts/uml-run" "${kernel[@]}" --log "$log" -- \
	"$here/repro-uml.sh" --inside "$tries" "$delay" "$control" "$boa"
rc=$?
[ -s "$log" ] || exit $rc
pat='XFS.*(Assertion failed|Internal error|Corruption)|WARNING:|BUG:|Oops|Kernel panic'
echo "console: $log: $(grep -cE "$pat" "$log") XFS assertion / WARN / BUG lines"
grep -E "$pat" "$log" | head -5
exit $rc
