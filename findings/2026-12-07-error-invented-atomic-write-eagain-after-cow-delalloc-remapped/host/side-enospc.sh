#!/bin/bash
# side check: single-threaded RWF_ATOMIC write into a CoW-fork hole on fully fragmented free space
. "$(dirname "$0")/fsenv.sh"
trap cleanup EXIT; trap 'exit 130' INT TERM
setup_fs || exit 1; fragment_fs || exit 1
for ext in 1 3 16; do nice -n 10 $W/race $MNT/t 20 $ext none delay0 nobuf | grep -E 'SUMMARY|errno' | tail -3; done
