#!/usr/bin/env bash
# explore_minimize.sh COWFUZZ TWO_PAUSES.scn - `cowfuzz minimize` replaces
# pauses that only work together by the first failing schedule of the
# bounded search when it has fewer: the fixture needs two pauses as
# written, and minimizes to one pause and at most three operations.
set -uo pipefail
cf=${1:?usage: explore_minimize.sh COWFUZZ TWO_PAUSES.scn}
in=${2:?}
prof=7588cbeec6df-v5.5
out=$(mktemp "${TMPDIR:-/tmp}/cowfuzz-explore-min.XXXXXX")
trap 'rm -f "$out"' EXIT
"$cf" minimize -q --profile $prof "$in" -o "$out" || { echo "FAIL: minimize exits $?"; exit 1; }
cat "$out"
pauses=$(grep -v '^#' "$out" | grep -c '(pause:')
ops=$(grep -c '^[a-z0-9]*:' "$out")
fail=0
[ "$pauses" = 1 ] || { echo "FAIL: $pauses pauses after minimizing, want 1"; fail=1; }
[ "$ops" -le 3 ] || { echo "FAIL: $ops operations after minimizing, want at most 3"; fail=1; }
"$cf" run "$out" > /dev/null
rc=$?
[ $rc = 10 ] || { echo "FAIL: the minimized scenario exits $rc, want 10"; fail=1; }
exit $fail
