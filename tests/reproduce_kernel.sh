#!/usr/bin/env bash
# cowfuzz reproduce on a real kernel (label kernel; 77 where that kernel
# cannot be used here).
#   reproduce_kernel.sh COWFUZZ ROOT KERNEL bugs TRIES
#       both findings real on v6.18 must reproduce (K >= 1 of TRIES)
#   reproduce_kernel.sh COWFUZZ ROOT KERNEL none TRIES
#       race-free scenarios must be "not reproduced 0/TRIES": the
#       reproducer can say no
set -uo pipefail
cowfuzz=$1 root=$2 kernel=$3 mode=$4 tries=$5
case $mode in
bugs)
	inputs=("$root/findings/2026-11-25-data-loss-truncate-up-vs-extending-aio"
		"$root/findings/2026-11-25-invariant-shared-overwrite-after-cow-eio")
	want=0 ;;
none)
	inputs=("$root/tests/reproduce/sequential.scn"
		"$root/tests/reproduce/cow-eio-no-fault.scn")
	want=1 ;;
*) echo "reproduce_kernel.sh: unknown mode '$mode'" >&2; exit 2 ;;
esac
fail=0
for in in "${inputs[@]}"; do
	out=$("$cowfuzz" reproduce "$in" --kernel "$kernel" --tries "$tries" 2>&1)
	rc=$?
	# The cow-eio finding's injected EIO can land on a log or metadata
	# write: XFS shuts down and the run ends with no verdict (exit 3).
	# That is the kernel's answer to the fault, not a verdict: try once more.
	if [ $rc = 3 ] && [ $mode = bugs ]; then
		printf '%s
' "$out" | tail -2
		echo "retry: $(basename "$in") ended with no verdict; running it once more"
		out=$("$cowfuzz" reproduce "$in" --kernel "$kernel" --tries "$tries" 2>&1)
		rc=$?
	fi
	last=$(printf '%s\n' "$out" | tail -1)
	if [ $rc = 77 ]; then
		printf '%s\n' "$out" | tail -3
		echo "SKIP: $kernel cannot be used here"
		exit 77
	fi
	if [ $rc != $want ]; then
		printf '%s\n' "$out" | tail -15
		echo "FAIL: $in on $kernel: exit $rc, expected $want ($last)"
		fail=1
		continue
	fi
	case $last in
	"reproduced "*" on "*|"not reproduced 0/$tries on "*) echo "ok: $(basename "$in"): $last" ;;
	*) echo "FAIL: $in: last line is not a verdict: $last"; fail=1 ;;
	esac
done
exit $fail
