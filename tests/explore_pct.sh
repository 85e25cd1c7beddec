#!/usr/bin/env bash
# explore_pct.sh COWFUZZ FUZZ_DIR TRACE_A.scn - PCT schedules (docs/explore.md):
#  - a `schedule pct seed=S depth=2` line over trace A's three bare
#    operations finds the seed bug on 7588cbeec6df-v5.5 for some of the
#    seeds 1..40, and for none on c2f09217a430;
#  - the same seed gives the same trace, byte for byte, and the line
#    survives text -> text;
#  - the fuzz_pct_* input form (3 prefix bytes, then binary) of a failing
#    seed fails under `cowfuzz run --pct` and traps fuzz_pct_7588cbeec6df-v5_5
#    (when the fuzz targets are built).
set -uo pipefail
cf=${1:?usage: explore_pct.sh COWFUZZ FUZZ_DIR TRACE_A.scn}
fuzz=${2:?}
trace_a=${3:?}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/cowfuzz-pct.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }

sed -e 's/#.*//' -e 's/ *(pause:[^)]*)//' "$trace_a" |
	grep -Ev '^(dioend|endio|wb|gc):|: *resume|^[[:space:]]*$' > "$tmp/ops.scn"
with_seed() { sed "1a schedule pct seed=$1 depth=$2" "$tmp/ops.scn" > "$tmp/s$1.scn"; echo "$tmp/s$1.scn"; }

found="" nfixed=0
for s in $(seq 1 40); do
	f=$(with_seed "$s" 2)
	"$cf" run --profile 7588cbeec6df-v5.5 "$f" > "$tmp/out"
	rc=$?
	if [ $rc = 10 ] && [ -z "$found" ]; then found=$s; fi
	"$cf" run --profile c2f09217a430 "$f" > /dev/null || nfixed=$((nfixed + 1))
done
echo "first failing seed on v5.5: ${found:-none}; failing seeds on c2f09217a430: $nfixed/40"
[ -n "$found" ] || bad "no seed in 1..40 finds the seed bug with depth 2"
[ "$nfixed" = 0 ] || bad "$nfixed seeds fail on the fixed profile"
[ -n "$found" ] || exit 1

f=$(with_seed "$found" 2)
"$cf" run -v --profile 7588cbeec6df-v5.5 "$f" > "$tmp/t1"
"$cf" run -v --profile 7588cbeec6df-v5.5 "$f" > "$tmp/t2"
cmp -s "$tmp/t1" "$tmp/t2" || bad "the same seed gave two traces"
grep -q "schedule pct seed=$found depth=2: 1 preemptions added" "$tmp/t1" ||
	bad "the trace does not say which schedule ran"
"$cf" minimize -q --profile 7588cbeec6df-v5.5 --time 20 "$f" -o "$tmp/min.scn" ||
	bad "minimize fails on a PCT scenario"
"$cf" encode "$f" -o "$tmp/x.bin" 2> "$tmp/err" && bad "encode accepted a schedule line"

# the fuzz_pct_* form: seed low, seed high, depth - 2, then the binary form
"$cf" encode "$tmp/ops.scn" -o "$tmp/ops.bin" || bad "encode of the bare ops failed"
printf "\\x$(printf %02x $((found & 255)))\\x$(printf %02x $((found >> 8)))\\x00" > "$tmp/pct.in"
cat "$tmp/ops.bin" >> "$tmp/pct.in"
"$cf" run --pct --profile 7588cbeec6df-v5.5 "$tmp/pct.in" > "$tmp/out"
[ $? = 10 ] || bad "run --pct of the prefixed input does not fail: $(head -1 "$tmp/out")"
grep -qF -- "--pct" "$tmp/out" || bad "the replay line lacks --pct"
if [ -x "$fuzz/fuzz_pct_7588cbeec6df-v5_5" ]; then
	(cd "$tmp" && "$fuzz/fuzz_pct_7588cbeec6df-v5_5" "$tmp/pct.in") > "$tmp/fz" 2>&1 &&
		bad "fuzz_pct_7588cbeec6df-v5_5 did not trap"
	grep -q '^cowfuzz: stale-whichfork at xfs_map_blocks' "$tmp/fz" ||
		bad "fuzz_pct_7588cbeec6df-v5_5: $(head -3 "$tmp/fz")"
	(cd "$tmp" && "$fuzz/fuzz_7588cbeec6df-v5_5" "$tmp/ops.bin") > "$tmp/fz" 2>&1 ||
		bad "the plain target traps on the bare ops"
fi
exit $fail
