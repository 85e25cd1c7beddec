# Shared by the kernel_*.sh tests: skip (77) where no loop XFS can be made,
# one mount per block size, always unmounted and removed (trap).
# Sourced; needs $COWFUZZ (the binary).

kt_skip() { echo "SKIP: $*"; exit 77; }

kt_need_host() {
	[ "$(id -u)" = 0 ] || kt_skip "needs root (loop mount)"
	[ -e /dev/loop-control ] || kt_skip "no loop device support"
	PATH=$PATH:/usr/sbin:/sbin
	command -v mkfs.xfs >/dev/null || kt_skip "mkfs.xfs not found"
	command -v xfs_io >/dev/null || kt_skip "xfs_io not found"
}

KT_TMP=
kt_cleanup() {
	[ -n "$KT_TMP" ] || return 0
	for m in "$KT_TMP"/mnt-*; do
		[ -d "$m" ] || continue
		umount "$m" 2>/dev/null || umount -l "$m" ||
			echo "kernel test: cannot unmount $m" >&2
		rmdir "$m" 2>/dev/null
	done
	rm -rf --one-file-system "$KT_TMP"
	KT_TMP=
}

# kt_sweep: a kernel test killed outright (ctest's timeout sends SIGKILL,
# which no trap sees) leaves its mounts behind; the next run removes the
# directories whose owner is gone.  Loop devices go with the unmount
# (mount -o loop sets autoclear).
kt_sweep() {
	for d in "${TMPDIR:-/tmp}"/cowfuzz-ktest.*; do
		[ -f "$d/owner" ] || continue
		kill -0 "$(cat "$d/owner")" 2>/dev/null && continue
		echo "kernel test: removing $d, left by a test that was killed" >&2
		KT_TMP=$d kt_cleanup
	done
}

kt_init() {
	kt_sweep
	KT_TMP=$(mktemp -d "${TMPDIR:-/tmp}/cowfuzz-ktest.XXXXXX") || exit 1
	echo $$ >"$KT_TMP/owner"
	trap kt_cleanup EXIT
	trap 'kt_cleanup; exit 130' INT TERM HUP
}

# kt_mount BS: set KT_MNT to a reflink XFS with that block size (no
# subshell: a failure here must reach the caller's exit)
kt_mount() {
	KT_MNT=$KT_TMP/mnt-$1
	[ -d "$KT_MNT" ] && return 0
	truncate -s 512M "$KT_TMP/img-$1" &&
	mkfs.xfs -q -f -m reflink=1 -b size="$1" "$KT_TMP/img-$1" &&
	mkdir "$KT_MNT" && mount -o loop "$KT_TMP/img-$1" "$KT_MNT" ||
		kt_skip "cannot mount a loop XFS (block size $1)"
}

# kt_block_size SCN: the block size of a text scenario (default 4096)
kt_block_size() {
	bs=$(sed -n 's/^[[:space:]]*geometry.*block=\([0-9]*\).*/\1/p' "$1" | head -n1)
	echo "${bs:-4096}"
}

# kt_scenarios ROOT: the shipped text scenarios, whatever exists
kt_scenarios() {
	for d in "$1/corpus" "$1/tests/scenarios"; do
		[ -d "$d" ] && find "$d" -name '*.scn' -type f
	done | sort
}
