#!/bin/sh
# The exported xfs_io form of every shipped scenario (and NGEN generated
# ones) runs on a loop-mounted XFS; its own checks (the sequential model)
# must hold, and the files it leaves must match the port's reference model
# (kernel-check --verify-dir).  Last, a corrupted file must be caught, so
# this test can fail.
# usage: kernel_export.sh COWFUZZ ROOT [NGEN]
COWFUZZ=$1 ROOT=$2 NGEN=${3:-20}
. "$(dirname "$0")/kernel_lib.sh"
kt_need_host
kt_init
mkdir "$KT_TMP/gen" || exit 1
if [ "$NGEN" -gt 0 ]; then
	"$COWFUZZ" kernel-check --generate "$NGEN" --seed 5 --dump "$KT_TMP/gen" || exit 1
fi
list="$(kt_scenarios "$ROOT") $(ls "$KT_TMP"/gen/*.scn 2>/dev/null)"
pass=0 fail=0 skip=0 n=0
for s in $list; do
	n=$((n + 1))
	kt_mount "$(kt_block_size "$s")"
	w=$KT_MNT/s$n
	mkdir "$w" || exit 1
	if ! "$COWFUZZ" export --format xfs_io "$s" -o "$KT_TMP/x.sh"; then
		echo "FAIL $s: export failed"; fail=$((fail + 1)); continue
	fi
	if ! sh "$KT_TMP/x.sh" "$w" >"$KT_TMP/log" 2>&1; then
		echo "FAIL $s: the exported script's own checks:"
		grep MISMATCH "$KT_TMP/log" | head -n 3
		fail=$((fail + 1)); rm -rf "$w"; continue
	fi
	"$COWFUZZ" kernel-check --verify-dir "$w" "$s"
	case $? in
	0) pass=$((pass + 1)) ;;
	77) skip=$((skip + 1)) ;;
	*) fail=$((fail + 1)) ;;
	esac
	last=$s lastdir=$w
	[ "$s" = "$(echo $list | awk '{print $NF}')" ] || rm -rf "$w"
done
echo "export xfs_io: $pass passed, $fail failed, $skip skipped"

# The comparison must be able to fail: corrupt the last one's ino1.
printf '\377' | dd of="$lastdir/ino1" bs=1 seek=0 conv=notrunc 2>/dev/null
"$COWFUZZ" kernel-check --verify-dir "$lastdir" "$last" >/dev/null
if [ $? -ne 1 ]; then
	echo "FAIL: a corrupted ino1 was not reported by --verify-dir"
	fail=$((fail + 1))
fi
[ $fail = 0 ]
