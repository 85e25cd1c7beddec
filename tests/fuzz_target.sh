#!/bin/bash
# fuzz_target.sh BUILD_DIR - checks on the built fuzz targets (any engine):
#  - every profile of 'cowfuzz profiles' has a fuzz_<profile> target;
#  - each target runs the empty input and AFL++'s "##SI" probe without a crash;
#  - trace-a (binary form) traps in fuzz_7588cbeec6df-v5_5 with the report's
#    first line from the class's own crash function, and passes on the fixed
#    profile;
#  - COWFUZZ_SKIP_SITES: trace-a passes when its class@site is listed (the
#    one scripts/fuzz --skip-known takes from findings/), still traps for
#    another site, and a malformed entry stops the target with its message.
set -euo pipefail
build=${1:?usage: fuzz_target.sh BUILD_DIR}
root=$(cd "$(dirname "$0")/.." && pwd)
fuzz=$build/harness/fuzz
cli=$build/harness/cowfuzz
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

tname() { printf 'fuzz_%s' "$(printf '%s' "$1" | tr -c 'A-Za-z0-9_-' '_')"; }

: > "$tmp/empty"
printf '##SI' > "$tmp/probe"
while read -r p; do
	t=$fuzz/$(tname "$p")
	if [ ! -x "$t" ]; then
		echo "FAIL: profile $p has no fuzz target $t"
		fail=1
		continue
	fi
	if ! (cd "$tmp" && "$t" "$tmp/empty" "$tmp/probe") > "$tmp/out" 2>&1; then
		echo "FAIL: $t crashes on the empty input or the ##SI probe:"
		sed 's/^/  /' "$tmp/out" | head -20
		fail=1
	fi
done < <("$cli" profiles | awk 'NR > 1 && $1 !~ /^ / && NF > 1 && /^[^ ]/ {print $1}')

"$cli" encode "$root/tests/scenarios/trace-a.scn" -o "$tmp/trace-a.bin"
set +e
(cd "$tmp" && "$fuzz/fuzz_7588cbeec6df-v5_5" "$tmp/trace-a.bin") > "$tmp/out" 2>&1
rc=$?
set -e
if [ "$rc" = 0 ] || ! grep -q '^cowfuzz: stale-whichfork at xfs_map_blocks' "$tmp/out"; then
	echo "FAIL: trace-a on fuzz_7588cbeec6df-v5_5: exit $rc, expected a stale-whichfork trap:"
	sed 's/^/  /' "$tmp/out" | head -20
	fail=1
fi
if ! (cd "$tmp" && "$fuzz/fuzz_c2f09217a430" "$tmp/trace-a.bin") > "$tmp/out" 2>&1; then
	echo "FAIL: trace-a crashes fuzz_c2f09217a430 (the fixed profile):"
	sed 's/^/  /' "$tmp/out" | head -20
	fail=1
fi
# --skip-known's list for the seed bug's profile names trace-a's site
COWFUZZ_ROOT=$root COWFUZZ_CLI=$cli
# shellcheck source=scripts/fuzz-common.sh
. "$root/scripts/fuzz-common.sh"
sites=$(known_sites_for 7588cbeec6df-v5.5)
case ",$sites," in
*,stale-whichfork@xfs_map_blocks:allocate_blocks,*) ;;
*) echo "FAIL: known_sites_for 7588cbeec6df-v5.5 lacks the seed bug's site: '$sites'"; fail=1 ;;
esac
skip() {	# skip SITES -> exit code of trace-a on the seed bug's target
	(cd "$tmp" && COWFUZZ_SKIP_SITES=$1 "$fuzz/fuzz_7588cbeec6df-v5_5" "$tmp/trace-a.bin") \
		> "$tmp/out" 2>&1
}
set +e
skip "$sites"; rc_known=$?
skip "stale-whichfork@xfs_map_blocks:elsewhere"; rc_other=$?
skip "nope@x"; rc_bad=$?
set -e
[ "$rc_known" = 0 ] || { echo "FAIL: trace-a traps with its site in COWFUZZ_SKIP_SITES ($rc_known)"; fail=1; }
[ "$rc_other" != 0 ] || { echo "FAIL: trace-a passes with only another site skipped"; fail=1; }
if [ "$rc_bad" = 0 ] || ! grep -q "COWFUZZ_SKIP_SITES: bad entry 'nope@x'" "$tmp/out"; then
	echo "FAIL: a malformed COWFUZZ_SKIP_SITES entry did not stop the target ($rc_bad)"
	fail=1
fi
[ "$fail" = 0 ] && echo "fuzz targets: ok"
exit "$fail"
