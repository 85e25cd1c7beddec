#!/bin/sh
# kernel-check on every shipped scenario (corpus/, tests/scenarios/).
# usage: kernel_check_corpus.sh COWFUZZ ROOT
COWFUZZ=$1 ROOT=$2
. "$(dirname "$0")/kernel_lib.sh"
list=$(kt_scenarios "$ROOT")
[ -n "$list" ] || kt_skip "no shipped .scn scenarios under $ROOT"
# shellcheck disable=SC2086 # one word per file, no spaces in our names
exec "$COWFUZZ" kernel-check $list
