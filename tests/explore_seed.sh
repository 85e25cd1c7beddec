#!/usr/bin/env bash
# explore_seed.sh COWFUZZ TRACE_A.scn - the done-when of issue 14 (schedule
# search): `cowfuzz explore` finds the seed bug from trace A's three
# operations with every pause, resume and completion line stripped, on
# 7588cbeec6df-v5.5, and the .scn it prints replays with the same class
# and site under `cowfuzz run`; on the fixed c2f09217a430 no schedule with
# up to two preemptions fails; the search is deterministic.
set -uo pipefail
cf=${1:?usage: explore_seed.sh COWFUZZ TRACE_A.scn}
trace_a=${2:?}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/cowfuzz-explore.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }

# the user tasks' lines, their pause properties removed; no resume
grep -v '^[[:space:]]*#' "$trace_a" |
	sed -e 's/#.*//' -e 's/ *(pause:[^)]*)//' |
	grep -Ev '^(dioend|endio|wb|gc):|: *resume' > "$tmp/ops.scn"
nops=$(grep -c '^t[0-3]:' "$tmp/ops.scn")
[ "$nops" = 3 ] || bad "expected trace A's 3 operations, got $nops"
grep -q 'pause\|resume\|complete' "$tmp/ops.scn" && bad "a pause, resume or complete is left"

# unpaused, the three operations pass everywhere: the schedule is the bug
"$cf" run --profile 7588cbeec6df-v5.5 "$tmp/ops.scn" > "$tmp/plain.out"
[ $? = 0 ] || bad "the unpaused operations already fail on v5.5: $(head -1 "$tmp/plain.out")"

"$cf" explore --profile 7588cbeec6df-v5.5 --preemptions 2 "$tmp/ops.scn" -o "$tmp/found.scn" > "$tmp/v55.out"
rc=$?
cat "$tmp/v55.out"
[ $rc = 10 ] || bad "explore on v5.5 exits $rc, want 10 (stale-whichfork)"
grep -q 'stale-whichfork at xfs_map_blocks:allocate_blocks under 1 preemption (' "$tmp/v55.out" ||
	bad "explore on v5.5 does not report the seed bug under one preemption"
grep -q '(pause: ' "$tmp/found.scn" || bad "the printed schedule has no explicit pause"
cat "$tmp/found.scn"
"$cf" run "$tmp/found.scn" > "$tmp/replay.out"
rc=$?
[ $rc = 10 ] || bad "the printed schedule replays with exit $rc, want 10"
head -1 "$tmp/replay.out" | grep -qF 'cowfuzz: stale-whichfork at xfs_map_blocks:allocate_blocks (profile 7588cbeec6df-v5.5)' ||
	bad "the replay names another class or site: $(head -1 "$tmp/replay.out")"

"$cf" explore --profile c2f09217a430 --preemptions 2 "$tmp/ops.scn" > "$tmp/fixed.out"
rc=$?
cat "$tmp/fixed.out"
[ $rc = 0 ] || bad "explore on c2f09217a430 exits $rc, want 0"
grep -Eq 'no failure within 2 preemptions \([1-9][0-9]* schedules' "$tmp/fixed.out" ||
	bad "explore on c2f09217a430 does not say 'no failure within 2 preemptions (M schedules'"

# same input, same search: the schedule and M do not change
"$cf" explore --profile 7588cbeec6df-v5.5 --preemptions 2 "$tmp/ops.scn" -o "$tmp/again.scn" > "$tmp/again.out"
cmp -s "$tmp/found.scn" "$tmp/again.scn" || bad "a second search printed another schedule"
[ "$(sed 's/, [0-9.]* s)$//' "$tmp/v55.out")" = "$(sed 's/, [0-9.]* s)$//' "$tmp/again.out")" ] ||
	bad "a second search reports differently"
exit $fail
