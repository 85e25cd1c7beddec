#!/usr/bin/env bash
# repro-uml.sh - repro-aio-truncate.c inside a user-mode-Linux kernel
# (scripts/uml-run), on XFS over a device-mapper delay target over the UML's
# scratch disk: every write is held DELAY ms, so the extending AIO is still
# in flight whenever ftruncate runs (on the host that is a race).
#
#   repro-uml.sh [--kernel PATH] [--delay MS] [--log FILE] [--bug-on-assert] [TRIES]
#
#   --kernel PATH     UML kernel (default Debian's linux.uml, 6.1; a debug or
#                     patched one comes from scripts/uml-kernel)
#   --delay MS        write delay of the dm-delay target (default 20; 0 = no
#                     delay target at all, XFS straight on /dev/ubda)
#   --log FILE        the UML console (default build/uml/logs/<name>.log)
#   --bug-on-assert   keep a debug kernel's failed XFS ASSERT fatal (by
#                     default it is set to warn, so that the run goes on and
#                     the console shows every assertion)
#   TRIES             default 100
#
# Root on the host; builds the reproducer into build/uml/bin/. Prints the
# reproducer's summary line, then what the console holds of XFS assertions,
# kernel warnings and oopses. Exit: 0 no data lost, 1 data lost, 2 bad usage
# or a failed set-up, otherwise scripts/uml-run's status (77, 124, 125).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd -P)
root=$(cd "$here/../.." && pwd -P)
name=repro-aio-truncate

inside() {	# inside the UML: TRIES DELAY BIN BUG_ON_ASSERT
	local tries=$1 delay=$2 bin=$3 boa=$4 dev=/dev/ubda out
	mnt=/tmp/mnt
	export DM_DISABLE_UDEV=1
	cleanup() {
		umount "$mnt" 2> /dev/null
		dmsetup remove cfdelay 2> /dev/null
	}
	trap cleanup EXIT
	[ -w /sys/fs/xfs/debug/bug_on_assert ] && echo "$boa" > /sys/fs/xfs/debug/bug_on_assert
	mkfs.xfs -q -f -m reflink=1 "$dev" || return 2
	if [ "$delay" != 0 ]; then
		dmsetup create cfdelay --table "0 $(blockdev --getsz $dev) delay $dev 0 0 $dev 0 $delay" ||
			return 2
		dmsetup mknodes
		dev=/dev/mapper/cfdelay
	fi
	mkdir -p "$mnt" && mount "$dev" "$mnt" || return 2
	out=$("$bin" "$mnt" "$tries") || return 2
	printf '%s\n' "$out" | sed '$d'
	out=$(printf '%s\n' "$out" | tail -1)
	echo "$(uname -r): $out (delay ${delay} ms)"
	case $out in *", 0 lost the AIO data") return 0 ;; *) return 1 ;; esac
}
if [ "${1:-}" = --inside ]; then
	[ "${COWFUZZ_IN_UML:-}" = 1 ] || { echo "repro-uml.sh: --inside is for scripts/uml-run" >&2; exit 2; }
	shift
	inside "$@"
	exit
fi

kernel=() delay=20 log="" boa=0 tries=100
while [ $# -gt 0 ]; do
	case $1 in
	--kernel) [ $# -ge 2 ] || { echo "repro-uml.sh: --kernel needs a path" >&2; exit 2; }; kernel=(--kernel "$(readlink -f -- "$2")"); shift 2 ;;
	--delay) [ $# -ge 2 ] && [[ $2 =~ ^[0-9]+$ ]] || { echo "repro-uml.sh: --delay needs milliseconds" >&2; exit 2; }; delay=$2; shift 2 ;;
	--log) [ $# -ge 2 ] || { echo "repro-uml.sh: --log needs a file" >&2; exit 2; }; log=$(readlink -f -- "$2"); shift 2 ;;
	--bug-on-assert) boa=1; shift ;;
	-h | --help) sed -n '2,/^set -uo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
	*) [[ $1 =~ ^[1-9][0-9]*$ ]] || { echo "repro-uml.sh: unknown argument '$1'" >&2; exit 2; }; tries=$1; shift ;;
	esac
done
mkdir -p "$root/build/uml/bin" "$root/build/uml/logs"
bin=$root/build/uml/bin/$name
cc -O2 -o "$bin" "$here/$name.c" || exit 2
[ -n "$log" ] || log=$root/build/uml/logs/truncate-aio-$(date +%Y%m%d-%H%M%S).log
cd "$here" || exit 2
"$root/scripts/uml-run" "${kernel[@]}" --disk 512 --log "$log" -- \
	"$here/repro-uml.sh" --inside "$tries" "$delay" "$bin" "$boa"
rc=$?
[ -s "$log" ] || exit $rc
pat='XFS.*(Assertion failed|Internal error|Corruption)|WARNING:|BUG:|Oops|Kernel panic'
echo "console: $log: $(grep -cE "$pat" "$log") XFS assertion / WARN / BUG lines"
grep -E "$pat" "$log" | head -5
exit $rc
