#!/bin/bash
# fuzz_script_args.sh SOURCE_DIR - scripts/fuzz rejects bad arguments, and a
# work dir that already holds a run, with exit 2 and one line naming what
# was wrong, before it builds or fuzzes anything.
set -uo pipefail
src=${1:?usage: fuzz_script_args.sh SOURCE_DIR}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/old"
: > "$tmp/old/crash-0123"
fail=0
check() {	# check WANTED-TEXT ARGS...
	local want=$1; shift
	timeout 60 "$src/scripts/fuzz" "$@" > "$tmp/out" 2> "$tmp/err"
	local rc=$? lines
	lines=$(wc -l < "$tmp/err")
	if [ "$rc" != 2 ] || [ "$lines" != 1 ] || ! grep -qF -- "$want" "$tmp/err"; then
		echo "FAIL scripts/fuzz $*: exit $rc, $lines stderr line(s), wanted '$want':"
		cat "$tmp/err"
		fail=1
	else
		echo "ok   scripts/fuzz $*: $(cat "$tmp/err")"
	fi
}
check "--time must be a positive number" --time 0
check "--time must be a positive number" --time 5s
check "--jobs must be a positive number" --jobs x
check "--engine must be libfuzzer or afl" --engine honggfuzz
check "--seed must be a number" --seed -1
check "unknown argument '--bogus'" --bogus
check "--profile needs a name" --profile
check "already holds a run (crash-0123)" --workdir "$tmp/old"
exit $fail
