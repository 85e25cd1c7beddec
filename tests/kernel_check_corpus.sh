#!/bin/sh
# kernel-check on every shipped scenario (corpus/, tests/scenarios/); the
# sequential model must also predict every result the kernel gives (a
# `note` line says it did not).
# usage: kernel_check_corpus.sh COWFUZZ ROOT
COWFUZZ=$1 ROOT=$2
. "$(dirname "$0")/kernel_lib.sh"
list=$(kt_scenarios "$ROOT")
[ -n "$list" ] || kt_skip "no shipped .scn scenarios under $ROOT"
err=$(mktemp "${TMPDIR:-/tmp}/cowfuzz-kcc.XXXXXX") || exit 1
# shellcheck disable=SC2086 # one word per file, no spaces in our names
"$COWFUZZ" kernel-check $list 2>"$err"
rc=$?
cat "$err" >&2
if [ "$rc" = 0 ] && grep -q 'note' "$err"; then
	echo "kernel_check_corpus: the sequential model mispredicted a result (note lines above)"
	rc=1
fi
rm -f "$err"
exit $rc
