#!/usr/bin/env bash
# explore_triage.sh COWFUZZ FIXTURES TRACE_A.scn - `cowfuzz triage` explores a
# known crash's operations on the finding's fixed-by profile: a "fix" that
# some schedule still breaks (findings-broken: fixed-by the v5.1 retry) is
# reported and exits 1; the real fix (findings-fixed: c2f09217a430) is not;
# --explore 0 turns the check off.
set -uo pipefail
cf=${1:?usage: explore_triage.sh COWFUZZ FIXTURES TRACE_A.scn}
fx=${2:?}
scn=${3:?}
fail=0
out=$("$cf" triage --profile 7588cbeec6df-v5.5 --findings "$fx/findings-broken" "$scn" 2>/dev/null)
rc=$?
echo "$out"
[ $rc = 1 ] || { echo "FAIL: a fix broken under a schedule exits $rc, want 1"; fail=1; }
grep -q "fails under schedule on fixed-by 7588cbeec6df-v5.1: stale-whichfork at xfs_map_blocks:allocate_blocks, 1 preemption" <<< "$out" ||
	{ echo "FAIL: no 'fails under schedule' line"; fail=1; }
out=$("$cf" triage --profile 7588cbeec6df-v5.5 --findings "$fx/findings-fixed" "$scn" 2>/dev/null)
rc=$?
echo "$out"
[ $rc = 0 ] || { echo "FAIL: the real fix exits $rc, want 0"; fail=1; }
grep -q "fails under" <<< "$out" && { echo "FAIL: the real fix is said to fail"; fail=1; }
"$cf" triage --explore 0 --profile 7588cbeec6df-v5.5 --findings "$fx/findings-broken" "$scn" > /dev/null 2>&1
rc=$?
[ $rc = 0 ] || { echo "FAIL: --explore 0 exits $rc, want 0"; fail=1; }
exit $fail
