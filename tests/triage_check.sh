#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Checks for `cowfuzz minimize` and `cowfuzz triage` (tests/triage.cmake).
#
#   triage_check.sh fires COWFUZZ FINDINGS DIR FILE PROFILE CLASS CODE
#       FILE fires CLASS (exit CODE) on PROFILE, and triage files it under
#       FINDINGS/DIR (so the site matches too)
#   triage_check.sh passes COWFUZZ FILE PROFILE
#       FILE passes (exit 0) on PROFILE
#   triage_check.sh minimize COWFUZZ INPUT PROFILE MAXOPS [PASS_ON]
#       the minimized INPUT has at most MAXOPS operations and fires the
#       same class at the same site as INPUT (and passes on PASS_ON)
#   triage_check.sh two-bugs COWFUZZ INPUT OTHER PROFILE
#       INPUT fires bug A; OTHER (INPUT with an op removed) fires a
#       different bug B; the minimized INPUT still fires A, never B
#   triage_check.sh determinism COWFUZZ INPUT PROFILE
#       two minimizations give identical bytes
#   triage_check.sh trace COWFUZZ FINDING_DIR PROFILE
#       FINDING_DIR/trace.txt is what replaying its minimized.scn on PROFILE
#       prints today (a port change that alters it must refresh it)
#   triage_check.sh complete FINDING_DIR
#       the folder has what docs/triage.md promises
#   triage_check.sh cli COWFUZZ FIXTURES
#       triage output lines and exit codes: known, new, ok, bad input
set -u
mode=$1
shift
tmp=$(mktemp -d "${TMPDIR:-/tmp}/triage.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

# "cowfuzz: CLASS at SITE (profile P)" -> "CLASS SITE", or "ok"
identity() {
	out=$("$1" run --profile "$3" "$2" 2>&1)
	line=$(printf '%s\n' "$out" | sed -n 's/^cowfuzz: \([a-z-]*\) at \([^ ]*\) (profile .*/\1 \2/p' | head -n 1)
	[ -n "$line" ] && echo "$line" || echo ok
}

ops_of() {
	grep -Ec '^(t[0-3]|wb|endio|dioend|gc): ' "$1"
}

case $mode in
trace)
	bin=$1 dir=$2 prof=$3
	# run as "cowfuzz": the report's replay line names the program as invoked
	bindir=$(cd "$(dirname "$bin")" && pwd)
	(cd "$dir" && PATH="$bindir:$PATH" cowfuzz run --profile "$prof" -v minimized.scn) >"$tmp/trace" 2>&1
	diff -u "$dir/trace.txt" "$tmp/trace" | head -40
	cmp -s "$dir/trace.txt" "$tmp/trace" ||
		fail "$dir/trace.txt is stale: refresh it with (cd $dir && cowfuzz run --profile $prof -v minimized.scn > trace.txt 2>&1)"
	;;
fires)
	bin=$1 findings=$2 dir=$3 file=$4 prof=$5 class=$6 code=$7
	"$bin" run --profile "$prof" "$file" >"$tmp/out" 2>&1
	rc=$?
	[ "$rc" = "$code" ] || fail "$file on $prof: exit $rc, want $code ($class)"
	grep -q "^cowfuzz: $class at " "$tmp/out" || fail "$file on $prof: report is not $class"
	out=$("$bin" triage --profile "$prof" --findings "$findings" "$file")
	rc=$?
	[ "$rc" = 0 ] || fail "triage of $file on $prof: exit $rc: $out"
	case $out in
	*" known=$findings/$dir") ;;
	*) fail "triage of $file on $prof: '$out', want known=$findings/$dir" ;;
	esac
	echo "$out"
	;;
passes)
	bin=$1 file=$2 prof=$3
	out=$("$bin" run --profile "$prof" "$file" 2>&1)
	rc=$?
	[ "$rc" = 0 ] || fail "$file on fixing profile $prof: exit $rc: $(echo "$out" | head -n 1)"
	echo "$out"
	;;
minimize)
	bin=$1 input=$2 prof=$3 maxops=$4 pass_on=${5:-}
	before=$(identity "$bin" "$input" "$prof")
	[ "$before" != ok ] || fail "$input does not fail on $prof"
	if [ -n "$pass_on" ]; then
		"$bin" minimize -q --profile "$prof" --pass-on "$pass_on" -o "$tmp/min.scn" "$input" ||
			fail "minimize exited $?"
	else
		"$bin" minimize -q --profile "$prof" -o "$tmp/min.scn" "$input" || fail "minimize exited $?"
	fi
	after=$(identity "$bin" "$tmp/min.scn" "$prof")
	[ "$before" = "$after" ] || fail "minimizing changed the failure: '$before' -> '$after'"
	n=$(ops_of "$tmp/min.scn")
	[ "$n" -le "$maxops" ] || fail "minimized to $n ops, want at most $maxops"
	grep -q "^# minimized: $n ops" "$tmp/min.scn" || fail "header does not say $n ops"
	if [ -n "$pass_on" ]; then
		[ "$(identity "$bin" "$tmp/min.scn" "$pass_on")" = ok ] ||
			fail "minimized input fails on $pass_on"
	fi
	orig=$(sed -n 's/^# original: \([0-9]*\) ops.*/\1/p' "$tmp/min.scn")
	echo "$before: $orig -> $n ops"
	cat "$tmp/min.scn"
	;;
two-bugs)
	bin=$1 input=$2 other=$3 prof=$4
	a=$(identity "$bin" "$input" "$prof")
	b=$(identity "$bin" "$other" "$prof")
	[ "$a" != ok ] || fail "$input does not fail on $prof"
	# the fixture needs its second bug; if the port no longer has it, say so
	if [ "$b" = ok ] || [ "$b" = "$a" ]; then
		echo "SKIP: $other no longer shows a second bug ('$b'); rebuild the fixture"
		exit 77
	fi
	"$bin" minimize -q --profile "$prof" -o "$tmp/min.scn" "$input" || fail "minimize exited $?"
	got=$(identity "$bin" "$tmp/min.scn" "$prof")
	[ "$got" = "$a" ] || fail "minimizer drifted: started with '$a', ended with '$got' (other bug: '$b')"
	grep -q "^# minimized by cowfuzz: ${a% *} at ${a#* }\$" "$tmp/min.scn" ||
		fail "header does not name '$a'"
	echo "kept '$a', not '$b'"
	cat "$tmp/min.scn"
	;;
complete)
	d=$1
	for f in finding.txt minimized.scn trace.txt README.md; do
		[ -s "$d/$f" ] || fail "$d: no $f"
	done
	input=$(sed -n 's/^input:[ \t]*//p' "$d/finding.txt")
	[ -n "$input" ] && [ -s "$d/$input" ] || fail "$d: finding.txt names no input file that exists"
	grep -q '^requires:' "$d/README.md" || fail "$d/README.md: no 'requires:' line"
	grep -q '^1\. ' "$d/README.md" || fail "$d/README.md: no numbered interleaving"
	grep -q 'ORACLE' "$d/trace.txt" || fail "$d/trace.txt: no oracle verdict"
	echo "$d: complete"
	;;
determinism)
	bin=$1 input=$2 prof=$3
	"$bin" minimize -q --profile "$prof" -o "$tmp/a.scn" "$input" || fail "run 1 exited $?"
	"$bin" minimize -q --profile "$prof" -o "$tmp/b.scn" "$input" || fail "run 2 exited $?"
	cmp "$tmp/a.scn" "$tmp/b.scn" || fail "two minimizations differ"
	"$bin" minimize -q --profile "$prof" "$input" >"$tmp/c.scn" || fail "run 3 exited $?"
	cmp "$tmp/a.scn" "$tmp/c.scn" || fail "-o and stdout differ"
	echo "identical: $(wc -c <"$tmp/a.scn") bytes"
	;;
cli)
	bin=$1 fx=$2
	v55=7588cbeec6df-v5.5
	expect() {	# WANT_RC WANT_REGEX ARGS...
		want=$1 re=$2
		shift 2
		out=$("$bin" "$@" 2>"$tmp/err")
		rc=$?
		[ "$rc" = "$want" ] || fail "cowfuzz $*: exit $rc, want $want: $out $(cat "$tmp/err")"
		printf '%s\n%s\n' "$out" "$(cat "$tmp/err")" | grep -Eq -e "$re" ||
			fail "cowfuzz $*: output '$out' / '$(cat "$tmp/err")' does not match '$re'"
	}
	a=$fx/seed-min.scn
	# known: the fixture folder lists this class/site/profile
	expect 0 "^$a: stale-whichfork xfs_map_blocks:allocate_blocks $v55 known=$fx/findings/seed-bug\$" \
		triage --profile $v55 --findings "$fx/findings" "$a"
	# same crash, profile not listed by the finding: new
	expect 1 "^$a: stale-whichfork xfs_map_blocks:allocate_blocks 7588cbeec6df-v5.1 new\$" \
		triage --profile 7588cbeec6df-v5.1 --findings "$fx/findings" "$a"
	# passes on the fixed profile: ok, exit 0
	expect 0 "^$a: ok\$" triage --profile c2f09217a430 --findings "$fx/findings" "$a"
	# known + new in one call: 1, and the new group is summed up on stderr
	expect 1 "new: write-tossed at iomap_writepage_map:map_blocks \\(profile pre-7588cbeec6df\\): 1 file" \
		triage --profile pre-7588cbeec6df --findings "$fx/findings" "$a"
	# empty findings folder: everything is new
	mkdir "$tmp/none"
	expect 1 " new\$" triage --profile $v55 --findings "$tmp/none" "$a"
	# bad arguments and bad files: 2, one line naming what is wrong
	expect 2 "needs a value" triage --findings
	expect 2 "unknown profile 'nope'" triage --profile nope "$a"
	expect 2 "usage: cowfuzz triage" triage
	expect 2 "unknown option '--bogus'" triage --bogus "$a"
	expect 2 "missing.scn: cannot open" triage --findings "$fx/findings" "$tmp/missing.scn"
	expect 2 "bad-finding/finding.txt: line 2: unknown class" \
		triage --findings "$fx/bad-findings" "$a"
	expect 2 "$tmp/nowhere: cannot open" triage --findings "$tmp/nowhere" "$a"
	printf 'geometry block=4096\nt0: wrte ino=1 off=0 len=4096\n' >"$tmp/bad.scn"
	expect 2 "bad.scn:2:" triage --findings "$fx/findings" "$tmp/bad.scn"
	# minimize: bad input and a passing input
	expect 2 "--time 'x' is not a number" minimize --time x "$a"
	expect 2 "one CRASH at a time" minimize "$a" "$a"
	expect 1 "does not fail on profile c2f09217a430" minimize --profile c2f09217a430 "$a"
	expect 1 "fails on --pass-on profile 7588cbeec6df-v5.1 too" \
		minimize --profile $v55 --pass-on 7588cbeec6df-v5.1 "$a"
	expect 2 "bad.scn:2:" minimize "$tmp/bad.scn"
	# a time bound too short for any pass: the input itself, marked
	expect 0 "TIMED OUT: best so far written" minimize -o "$tmp/t.scn" --time 0.000001 "$a"
	grep -q '^# TIMED OUT' "$tmp/t.scn" || fail "timeout not marked in the output file"
	[ "$(identity "$bin" "$tmp/t.scn" $v55)" = "stale-whichfork xfs_map_blocks:allocate_blocks" ] ||
		fail "timed-out output does not fire the same bug"
	echo "triage and minimize CLI: ok"
	;;
*)
	fail "unknown mode '$mode'"
	;;
esac
exit 0
