#!/usr/bin/env bash
# A malformed scenario must be refused with exit 2 and one line naming
# FILE:LINE:COL and the problem given by its "# error:" line.
set -euo pipefail
cowfuzz=$1 scn=$2
want=$(sed -n 's/^# error: //p' "$scn")
set +e
out=$("$cowfuzz" run "$scn" 2>&1 >/dev/null)
rc=$?
set -e
[ "$rc" = 2 ] || { echo "FAIL: exit $rc, expected 2 ($out)"; exit 1; }
[ "$(printf '%s\n' "$out" | wc -l)" = 1 ] || { echo "FAIL: not one line: $out"; exit 1; }
case "$out" in
*"$scn:$want"*) echo "ok: $out" ;;
*) echo "FAIL: '$out' does not contain '$scn:$want'"; exit 1 ;;
esac
