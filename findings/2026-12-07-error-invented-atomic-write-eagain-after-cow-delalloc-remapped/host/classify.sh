#!/bin/bash
# classify the last (EAGAIN) iteration of a trace: print A's and B's events from the last "go" marker on
t=$1
start=$(grep -n 'iter [0-9]* go' $t | tail -1 | cut -d: -f1)
tail -n +$start $t | sed 's/^ *//' | grep -v 'STOP' | cut -c1-210
