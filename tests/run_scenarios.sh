#!/usr/bin/env bash
# Replays one hand-written scenario on every profile its "# expect:" line
# names and checks each exit code (0 = clean, 10..17 = oracle class).
set -euo pipefail
cowfuzz=$1 scn=$2
expect=$(sed -n 's/^# expect: //p' "$scn")
[ -n "$expect" ] || { echo "$scn: no '# expect:' line"; exit 1; }
fail=0
for pair in $expect; do
	prof=${pair%%=*} want=${pair#*=}
	set +e
	"$cowfuzz" run --profile "$prof" "$scn" > /tmp/cowfuzz-scn.$$ 2>&1
	got=$?
	set -e
	if [ "$got" != "$want" ]; then
		echo "FAIL $scn on $prof: exit $got, expected $want"
		cat /tmp/cowfuzz-scn.$$
		fail=1
	else
		echo "ok   $scn on $prof: exit $got"
	fi
done
# "# trace: PROFILE has TEXT": the -v trace on PROFILE holds TEXT (a fixed
# string), so a scenario can tell a kernel shape from another one
while IFS= read -r line; do
	prof=${line%% *} rest=${line#* }
	verb=${rest%% *} text=${rest#* }
	"$cowfuzz" run -v --profile "$prof" "$scn" > /tmp/cowfuzz-scn.$$ 2>&1 || true
	if grep -qF -- "$text" /tmp/cowfuzz-scn.$$; then has=has; else has=lacks; fi
	if [ "$verb" != has ] && [ "$verb" != lacks ]; then
		echo "FAIL $scn: '# trace:' wants PROFILE has|lacks TEXT, not '$line'"
		fail=1
	elif [ "$has" != "$verb" ]; then
		echo "FAIL $scn on $prof: trace $has '$text'"
		fail=1
	else
		echo "ok   $scn on $prof: trace $has '$text'"
	fi
done < <(sed -n 's/^# trace: //p' "$scn")
rm -f /tmp/cowfuzz-scn.$$
exit $fail
