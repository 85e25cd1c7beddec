#!/usr/bin/env bash
# The program `cowfuzz reproduce` writes for every finding and every shipped
# test scenario compiles with -Wall -Wextra -Werror, and its argument
# checks answer with one line and exit 2.  No kernel is touched.
set -uo pipefail
cowfuzz=$1 root=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cc=${CC_FOR_REPRO:-cc}
n=0 fail=0
for in in "$root"/findings/20*/ "$root"/tests/scenarios/*.scn "$root"/tests/reproduce/*.scn; do
	in=${in%/}
	if ! "$cowfuzz" reproduce "$in" -o "$tmp/r.c" 2>"$tmp/err"; then
		echo "FAIL: $in: $(cat "$tmp/err")"; fail=1; continue
	fi
	grep -q '^	/\* line [0-9]*: ' "$tmp/r.c" ||
		{ echo "FAIL: $in: no per-step comment naming its scenario line"; fail=1; }
	if ! $cc -O2 -Wall -Wextra -Wno-unused-parameter -Werror -pthread \
		-o "$tmp/r" "$tmp/r.c" 2>"$tmp/cc"; then
		echo "FAIL: $in does not compile:"; head -20 "$tmp/cc"; fail=1; continue
	fi
	"$tmp/r" --help | grep -q '^usage:' || { echo "FAIL: $in: --help"; fail=1; }
	n=$((n + 1))
done
# bad input: exit 2, one line naming the problem
check_bad() {	# WANT-SUBSTRING ARGS...
	local want=$1; shift
	local out rc
	out=$("$cowfuzz" reproduce "$@" 2>&1 >/dev/null); rc=$?
	if [ $rc != 2 ] || [ "$(printf '%s\n' "$out" | wc -l)" != 1 ] ||
	   [[ $out != *"$want"* ]]; then
		echo "FAIL: reproduce $*: exit $rc, '$out' (wanted exit 2 and '$want')"; fail=1
	fi
}
check_bad "No such file" /nonexistent.scn
check_bad "without finding.txt" "$root/tests"
check_bad "--kernel takes host, uml or uml:KERNEL" "$root/tests/reproduce/sequential.scn" --kernel kvm
check_bad "no UML kernel at" "$root/tests/reproduce/sequential.scn" --kernel uml:nosuch
check_bad "--tries takes a whole number" "$root/tests/reproduce/sequential.scn" --tries 0
check_bad "--tries takes a whole number" "$root/tests/reproduce/sequential.scn" --tries -3
check_bad "--tries takes a whole number" "$root/tests/reproduce/sequential.scn" --tries 99999999999999999999
check_bad "one scenario at a time" "$root/tests/reproduce/sequential.scn" "$root/tests/reproduce/sequential.scn"
check_bad "unknown option" "$root/tests/reproduce/sequential.scn" --frobnicate
echo "reproduce_compile: $n programs compiled"
exit $fail
