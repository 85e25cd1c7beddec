#!/bin/bash
# runs the outcome matrix; each line a fresh fs via run.sh
cd "$(dirname "$0")"
run() { local name=$1; shift; echo "### $name: $*"; date -u +%T; env "$@" 2>&1 | grep -E 'SUMMARY|A errno|statx|from|^ +1 |^ +[0-9]+ +[0-9]+ ' ; }
run A-ext3-B2      ./run.sh 3000 3 2 delay200000
run B-ext16-B2     ./run.sh 3000 16 2 delay200000
run C-ext3-B12     ./run.sh 3000 3 12 delay200000
run D-ext3-B012    ./run.sh 3000 3 012 delay200000
run E-ext16-B012   ./run.sh 2000 16 012 delay200000
run F-nofrag-noflush-ext3-B2 FRAG=0 ./run.sh 3000 3 2 delay200000 noflush
run G-nofrag-flush-ext3-B2   FRAG=0 ./run.sh 3000 3 2 delay200000
run H-frag-noB-ext3          ./run.sh 1000 3 none delay0
date -u +%T; echo MATRIX DONE
