#!/usr/bin/env bash
# import_bytes.sh COWFUZZ TRACE: a buffered fsx trace imports without
# rounding (some write keeps an offset or length that is not a block
# multiple) and every window it gives runs clean on the default profile.
# Exit 77 (skipped) when the trace is not there.
set -uo pipefail
cf=$1 trace=$2
[ -f "$trace" ] || { echo "skip: $trace not found"; exit 77; }
out=$(mktemp -d "${TMPDIR:-/tmp}/cowfuzz-import-bytes.XXXXXX")
trap 'rm -rf "$out"' EXIT
"$cf" import --format fsx "$trace" -o "$out" > /dev/null || { echo "FAIL: import"; exit 1; }
bs=$(sed -n 's/^geometry block=\([0-9]*\).*/\1/p' "$out"/*-000.scn)
unaligned=$(grep -h '^t0: write ' "$out"/*.scn |
	awk -v bs="$bs" '{ split($4, o, "="); split($5, l, "="); if (o[2] % bs || l[2] % bs) n++ }
			 END { print n + 0 }')
[ "$unaligned" -gt 0 ] || { echo "FAIL: every write was rounded to $bs-byte blocks"; exit 1; }
fail=0 n=0
for f in "$out"/*.scn; do
	n=$((n + 1))
	"$cf" run "$f" > "$out/run.txt" 2>&1 || { echo "FAIL: $f:"; head -5 "$out/run.txt"; fail=1; }
done
echo "$unaligned unaligned writes kept; $n windows run$([ $fail = 0 ] && echo ' clean')"
exit $fail
