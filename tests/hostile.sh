#!/usr/bin/env bash
# hostile.sh GROUP SOURCE_DIR COWFUZZ - bad input to every command and
# script: each case gives the documented exit code and, for an error, one
# line on stderr naming what and where; no case changes the source tree.
# GROUP: run | tools | import | kcheck | scripts (tests/hostile.cmake).
#
# A case: expect RC 'TEXT' [--stdout] -- COMMAND ARGS...
#   RC 2 (an error): exactly one stderr line, and it contains TEXT;
#   any other RC: TEXT is in the first line of stdout (--stdout) or, by
#   default, anywhere in stdout+stderr.
set -uo pipefail
group=${1:?usage: hostile.sh GROUP SOURCE_DIR COWFUZZ}
src=$(cd "${2:?}" && pwd)
cf=${3:?}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/cowfuzz-hostile.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
export LC_ALL=C
fail=0 n=0

# The tree, outside build/ and .git: every file's size and mtime.
tree_state() {
	find "$src" \( -path "$src/build" -o -path "$src/.git" -o -name '__pycache__' \) -prune \
		-o -type f -printf '%P %s %T@\n' | sort
}
tree_state > "$tmp/tree.before"

expect() {	# expect RC TEXT [--stdout] -- CMD...
	local want=$1 text=$2 where=all rc lines got
	shift 2
	[ "$1" = --stdout ] && { where=stdout; shift; }
	[ "$1" = -- ] && shift
	n=$((n + 1))
	timeout 120 "$@" > "$tmp/out" 2> "$tmp/err" < /dev/null
	rc=$?
	lines=$(wc -l < "$tmp/err")
	if [ "$want" = 2 ]; then
		got=$(cat "$tmp/err")
		if [ "$rc" != 2 ] || [ "$lines" != 1 ] || ! grep -qF -- "$text" "$tmp/err"; then
			echo "FAIL [$*]: exit $rc (want 2), $lines stderr line(s), want one containing '$text':"
			head -c 2000 "$tmp/err"
			fail=1
			return
		fi
	else
		if [ "$where" = stdout ]; then
			got=$(head -1 "$tmp/out")
		else
			got=$(cat "$tmp/out" "$tmp/err")
		fi
		# a here-string, not a pipe: grep -q exiting early would make
		# printf fail with SIGPIPE under pipefail
		if [ "$rc" != "$want" ] || ! grep -qF -- "$text" <<< "$got"; then
			echo "FAIL [$*]: exit $rc (want $want), want '$text' in:"
			printf '%s\n' "$got" | head -c 2000
			fail=1
			return
		fi
	fi
	tree_state > "$tmp/tree.after"
	if ! cmp -s "$tmp/tree.before" "$tmp/tree.after"; then
		echo "FAIL [$*]: changed the source tree:"
		diff "$tmp/tree.before" "$tmp/tree.after" | head -20
		fail=1
		cp "$tmp/tree.after" "$tmp/tree.before"
		return
	fi
	echo "ok   [$*] -> $rc: $(printf '%s' "$got" | head -1 | cut -c1-160)"
}

scn=$src/tests/scenarios/trace-a.scn
crash=$src/tests/fixtures/triage/seed-crash.bin
v55=7588cbeec6df-v5.5
fixed=c2f09217a430
mkdir -p "$tmp/dir"
: > "$tmp/empty"
printf 'hello world\n' > "$tmp/garbage.txt"
# 3000 fixed pseudo-random bytes with control bytes: binary for sure
python3 -c "import random, sys; r = random.Random(16); sys.stdout.buffer.write(bytes(r.randrange(256) for _ in range(3000)) + b'\x01')" > "$tmp/random"
printf 't0: write ino=1 off=0 len=4096\0\n' > "$tmp/nul.scn"
printf '# caf\xe9 \xff\xfe\nt0: write ino=1 off=0 len=4096\n' > "$tmp/latin1.scn"
head -c 2000000 /dev/zero | tr '\0' '#' > "$tmp/huge.scn"
python3 -c "print('t0: ' + 'x' * 300000)" > "$tmp/longline.scn"
printf 't0: dwrite ino=1 off=0 len=4096 atomic atomic\n' > "$tmp/atomic2.scn"
printf 't0: write ino=1 off=0 len=4096 atomic\n' > "$tmp/atomicw.scn"
num_scn() {	# num_scn NAME OFF LEN: a one-write scenario with these numbers
	printf 't0: write ino=1 off=%s len=%s\n' "$2" "$3" > "$tmp/$1.scn"
	echo "$tmp/$1.scn"
}

case $group in
run)
	expect 2 "usage: cowfuzz run" -- "$cf" run
	expect 2 "unknown command 'bogus'" -- "$cf" bogus
	expect 2 "cowfuzz: no command given (try 'cowfuzz --help')" -- "$cf"
	expect 2 "unknown option '--bogus'" -- "$cf" run --bogus "$scn"
	expect 2 "--profile needs a name" -- "$cf" run "$scn" --profile
	expect 2 "unknown profile 'nope'" -- "$cf" run --profile nope "$scn"
	expect 2 "--text and --binary contradict" -- "$cf" run --text --binary "$scn"
	expect 2 "$tmp/missing.scn: cannot open: No such file" -- "$cf" run "$tmp/missing.scn"
	expect 2 "$tmp/dir: cannot read: Is a directory" -- "$cf" run "$tmp/dir"
	expect 2 "$tmp/empty: empty file" -- "$cf" run "$tmp/empty"
	expect 2 "$tmp/huge.scn: larger than 1048576 bytes" -- "$cf" run "$tmp/huge.scn"
	expect 2 "unknown operation 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...'" -- "$cf" run "$tmp/longline.scn"
	expect 2 "$tmp/nul.scn:1:31: not a text scenario (byte 0x00)" -- "$cf" run "$tmp/nul.scn"
	expect 2 "$tmp/atomic2.scn:1:40: 'atomic' given twice" -- "$cf" run "$tmp/atomic2.scn"
	expect 2 "$tmp/atomicw.scn:1:38: expected '=' after 'atomic'" -- "$cf" run "$tmp/atomicw.scn"
	expect 0 "ok (profile $fixed" --stdout -- "$cf" run "$tmp/latin1.scn"
	# text decided by content, whatever the name: a right answer...
	for name in t.txt t t.bin; do
		cp "$scn" "$tmp/$name"
		expect 10 "cowfuzz: stale-whichfork at xfs_map_blocks:allocate_blocks (profile $v55)" \
			--stdout -- "$cf" run --profile $v55 "$tmp/$name"
	done
	expect 10 "replay: $cf run --profile $v55 -v $tmp/t.txt" -- "$cf" run --profile $v55 "$tmp/t.txt"
	# ...or a clear refusal
	expect 2 "$tmp/garbage.txt:1:1: unknown keyword 'hello'" -- "$cf" run --profile $fixed "$tmp/garbage.txt"
	expect 2 "--binary decodes it as binary" -- "$cf" run --profile $fixed "$tmp/garbage.txt"
	expect 0 "ok (profile $fixed" --stdout -- "$cf" run --binary --profile $fixed "$tmp/garbage.txt"
	# numbers: decimal or 0x, range-checked
	expect 2 "'040000': leading zero" -- "$cf" run "$(num_scn octal 040000 4096)"
	expect 2 "'08192': leading zero" -- "$cf" run "$(num_scn octal8 08192 4096)"
	expect 0 ": ok (profile" --stdout -- "$cf" run "$(num_scn hex 0x4000 0x1000)"
	expect 0 ": ok (profile" --stdout -- "$cf" run "$(num_scn dec 16384 4096)"
	expect 2 ":1:21: expected a number" -- "$cf" run "$(num_scn neg -4096 4096)"
	expect 2 ":1:21: 18446744073709551615 is out of range (at most 1048576)" -- "$cf" run "$(num_scn max 18446744073709551615 4096)"
	expect 2 "'99999999999999999999999': out of range" -- "$cf" run "$(num_scn over 0 99999999999999999999999)"
	expect 2 "'0x': not a number" -- "$cf" run "$(num_scn hexempty 0x 4096)"
	expect 2 "'0x1g': not a number" -- "$cf" run "$(num_scn hexbad 0x1g 4096)"
	# unshare, the first extended opcode: the ranged op's checks
	printf 't0: unshare ino=1 off=0 len=0\n' > "$tmp/unshare0.scn"
	expect 2 "unshare0.scn:1:5: len must be at least one block" -- "$cf" run "$tmp/unshare0.scn"
	printf 't0: unshare ino=1 off=0\n' > "$tmp/unshare-nolen.scn"
	expect 2 "unshare-nolen.scn:1:24: 'unshare' needs len=" -- "$cf" run "$tmp/unshare-nolen.scn"
	printf 'wb: unshare ino=1 off=0 len=4096\n' > "$tmp/unshare-wb.scn"
	expect 2 "unshare-wb.scn:1:5: task wb cannot issue 'unshare'" -- "$cf" run "$tmp/unshare-wb.scn"
	printf 't0: unshare ino=1 off=1048576 len=4096\n' > "$tmp/unshare-far.scn"
	expect 2 "unshare-far.scn:1:5: range ends past block 256" -- "$cf" run "$tmp/unshare-far.scn"
	printf 't0: unshare ino=1 off=100 len=4096\n' > "$tmp/unshare-odd.scn"
	expect 2 "unshare-odd.scn:1:23: 100 is not a multiple of the block size" -- "$cf" run "$tmp/unshare-odd.scn"
	printf 't0: write ino=1 off=0 len=4096\nt0: unshare ino=1 off=0 len=8192\n' > "$tmp/unshare-ok.scn"
	expect 0 ": ok (profile" --stdout -- "$cf" run "$tmp/unshare-ok.scn"
	# byte offsets: buffered ops take any byte; direct, ranged flushes and
	# clones stay block aligned (O_DIRECT: the kernel's -EINVAL)
	expect 0 ": ok (profile" --stdout -- "$cf" run "$(num_scn bytes 4097 3)"
	expect 2 ":1:21: 1048577 is out of range (at most 1048576)" -- "$cf" run "$(num_scn bytepast 1048577 1)"
	expect 2 "len must be at least 1 byte" -- "$cf" run "$(num_scn bytezero 100 0)"
	expect 2 "range ends past byte 1048576, the largest file" -- "$cf" run "$(num_scn byteend 1048570 7)"
	printf 't0: dwrite ino=1 off=512 len=4096\n' > "$tmp/dio512.scn"
	expect 2 "dio512.scn:1:22: 512 is not a multiple of the block size 4096 (O_DIRECT: the kernel returns -EINVAL)" -- "$cf" run "$tmp/dio512.scn"
	printf 't0: sync_range ino=1 off=0 len=100\n' > "$tmp/sr100.scn"
	expect 2 "sr100.scn:1:32: 100 is not a multiple of the block size 4096" -- "$cf" run "$tmp/sr100.scn"
	printf 't0: truncate ino=1 size=0x1001\nt0: read ino=1 off=1 len=4096\n' > "$tmp/tr.scn"
	expect 0 ": ok (profile" --stdout -- "$cf" run "$tmp/tr.scn"
	# a binary crash runs on its own profile, or is refused
	cp "$crash" "$tmp/crash"
	expect 2 "$tmp/crash: a binary input does not record its profile: pass --profile P" -- "$cf" run "$tmp/crash"
	expect 2 "a binary input does not record its profile" -- "$cf" run --binary "$tmp/crash"
	expect 2 "a binary input does not record its profile" -- "$cf" run "$tmp/random"
	echo $v55 > "$tmp/crash.profile"
	expect 10 "cowfuzz: stale-whichfork at xfs_map_blocks:allocate_blocks (profile $v55)" \
		--stdout -- "$cf" run "$tmp/crash"
	expect 0 "ok (profile $fixed" --stdout -- "$cf" run --profile $fixed "$tmp/crash"
	echo nope > "$tmp/crash.profile"
	expect 2 "$tmp/crash.profile: not a profile name" -- "$cf" run "$tmp/crash"
	printf '\0\0\0' > "$tmp/crash.profile"
	expect 2 "$tmp/crash.profile: not a profile name" -- "$cf" run "$tmp/crash"
	# an awkward path is quoted in the replay line
	cp "$scn" "$tmp/a b's.scn"
	expect 10 "-v '$tmp/a b'\\''s.scn'" -- "$cf" run --profile $v55 "$tmp/a b's.scn"
	;;
tools)
	for c in run encode decode profiles minimize triage import kernel-check export reproduce explore; do
		expect 0 "usage" --stdout -- "$cf" "$c" --help
	done
	expect 0 "usage: cowfuzz COMMAND" --stdout -- "$cf" --help
	expect 2 "unexpected argument '--bogus'" -- "$cf" profiles --bogus
	expect 0 "PROFILE" --stdout -- "$cf" profiles
	# encode / decode
	expect 2 "usage: cowfuzz encode" -- "$cf" encode
	expect 2 "one input file only" -- "$cf" encode "$scn" "$scn"
	expect 2 "-o needs a file" -- "$cf" encode "$scn" -o
	expect 2 "$tmp/missing.scn: cannot open" -- "$cf" encode "$tmp/missing.scn"
	expect 2 "not a text scenario (byte 0x00)" -- "$cf" encode "$tmp/nul.scn"
	expect 2 "$tmp/random:1:" -- "$cf" encode "$tmp/random"
	expect 2 "$tmp/no/such/dir/x.bin: cannot create" -- "$cf" encode "$scn" -o "$tmp/no/such/dir/x.bin"
	expect 2 "$scn: is text, not a binary input" -- "$cf" decode "$scn"
	expect 2 "$tmp/empty: empty file" -- "$cf" decode "$tmp/empty"
	expect 2 "$tmp/dir: cannot read: Is a directory" -- "$cf" decode "$tmp/dir"
	expect 0 "geometry block=" -- "$cf" decode "$tmp/random"
	cp "$crash" "$tmp/crash"
	echo $v55 > "$tmp/crash.profile"
	expect 0 "profile $v55" -- "$cf" decode "$tmp/crash"
	# minimize
	expect 2 "usage: cowfuzz minimize" -- "$cf" minimize
	expect 2 "--time '1e999' is not a number of seconds" -- "$cf" minimize --time 1e999 "$scn"
	expect 2 "--time '-1' is not a number of seconds" -- "$cf" minimize --time -1 "$scn"
	expect 2 "a binary input does not record its profile" -- "$cf" minimize "$crash"
	expect 2 "unknown profile 'nope'" -- "$cf" minimize --profile nope "$scn"
	expect 2 "$tmp/empty: empty file" -- "$cf" minimize "$tmp/empty"
	expect 1 "does not fail" -- "$cf" minimize --profile $fixed -q "$scn" -o "$tmp/min.scn"
	# triage
	expect 2 "usage: cowfuzz triage" -- "$cf" triage
	expect 2 "usage: cowfuzz triage" -- "$cf" triage --profile $fixed
	expect 2 "a binary input does not record its profile" -- "$cf" triage --findings "$src/findings" "$crash"
	expect 0 "known=" --stdout -- "$cf" triage --findings "$src/findings" "$tmp/crash"
	expect 2 "/nonexistent: cannot open" -- "$cf" triage --findings /nonexistent "$scn"
	expect 2 "$tmp/dir: cannot read" -- "$cf" triage --findings "$src/findings" "$tmp/dir"
	expect 2 "--explore '3': out of range (0..2)" -- "$cf" triage --explore 3 "$scn"
	expect 2 "--explore 'x': not a number" -- "$cf" triage --explore x "$scn"
	expect 2 "--explore needs a number" -- "$cf" triage "$scn" --explore
	# reproduce (argument checks only: a run needs a kernel)
	expect 2 "no scenario given" -- "$cf" reproduce
	expect 2 "unknown option '--bogus'" -- "$cf" reproduce --bogus
	expect 2 "/nonexistent.scn: No such file" -- "$cf" reproduce /nonexistent.scn
	expect 2 "--tries takes a whole number from 1 to 100000, got '99999999999999999999'" -- \
		"$cf" reproduce --tries 99999999999999999999 "$scn"
	# export
	expect 2 "needs --format" -- "$cf" export
	expect 2 "unknown format 'bogus'" -- "$cf" export --format bogus "$scn"
	expect 2 "$tmp/missing.scn: cannot open" -- "$cf" export --format fsx "$tmp/missing.scn"
	expect 2 "$tmp/empty: empty file" -- "$cf" export --format xfs_io "$tmp/empty"
	# explore (docs/explore.md)
	expect 2 "usage: cowfuzz explore" -- "$cf" explore
	expect 2 "unknown option '--bogus'" -- "$cf" explore --bogus "$scn"
	expect 2 "--preemptions needs a number" -- "$cf" explore "$scn" --preemptions
	expect 2 "--preemptions '-1': not a number" -- "$cf" explore --preemptions -1 "$scn"
	expect 2 "--preemptions '5': out of range (0..4)" -- "$cf" explore --preemptions 5 "$scn"
	expect 2 "--preemptions '99999999999999999999': out of range" -- "$cf" explore --preemptions 99999999999999999999 "$scn"
	expect 2 "--preemptions '02': leading zero" -- "$cf" explore --preemptions 02 "$scn"
	expect 2 "--max-schedules '0': out of range (1..1000000000)" -- "$cf" explore --max-schedules 0 "$scn"
	expect 2 "--max-schedules 'x': not a number" -- "$cf" explore --max-schedules x "$scn"
	expect 2 "one SCENARIO at a time" -- "$cf" explore "$scn" "$scn"
	expect 2 "unknown profile 'nope'" -- "$cf" explore --profile nope "$scn"
	expect 2 "$tmp/missing.scn: cannot open" -- "$cf" explore "$tmp/missing.scn"
	expect 2 "$tmp/empty: empty file" -- "$cf" explore "$tmp/empty"
	expect 2 "$tmp/dir: cannot read: Is a directory" -- "$cf" explore "$tmp/dir"
	expect 2 "a binary input does not record its profile" -- "$cf" explore "$crash"
	expect 2 "-o needs a file name" -- "$cf" explore "$scn" -o
	expect 2 "$tmp/no/such/x.scn: cannot write" -- "$cf" explore --profile $v55 "$scn" -o "$tmp/no/such/x.scn"
	expect 3 "--max-schedules stopped the search" --stdout -- "$cf" explore --profile $fixed --max-schedules 1 "$scn"
	expect 0 "no failure within 0 preemptions (1 schedules" --stdout -- "$cf" explore --profile $fixed -k 0 "$scn"
	# the schedule header line
	printf 'schedule fifo\nt0: fsync ino=1\n' > "$tmp/sch1.scn"
	expect 2 "$tmp/sch1.scn:1:10: expected 'pct' after schedule" -- "$cf" run "$tmp/sch1.scn"
	printf 'schedule pct seed=1\nt0: fsync ino=1\n' > "$tmp/sch2.scn"
	expect 2 "$tmp/sch2.scn:1:20: schedule pct needs depth=" -- "$cf" run "$tmp/sch2.scn"
	printf 'schedule pct seed=1 depth=9\nt0: fsync ino=1\n' > "$tmp/sch3.scn"
	expect 2 "$tmp/sch3.scn:1:27: 9 is out of range (at most 5)" -- "$cf" run "$tmp/sch3.scn"
	printf 'schedule pct seed=4294967296 depth=2\n' > "$tmp/sch4.scn"
	expect 2 "4294967296 is out of range (at most 4294967295)" -- "$cf" run "$tmp/sch4.scn"
	printf 'schedule pct seed=1 depth=2 prio=3\n' > "$tmp/sch5.scn"
	expect 2 "schedule pct takes seed= and depth=, not 'prio='" -- "$cf" run "$tmp/sch5.scn"
	printf 'schedule pct seed=1 depth=2\nschedule pct seed=1 depth=2\n' > "$tmp/sch6.scn"
	expect 2 "$tmp/sch6.scn:2:1: 'schedule' given twice" -- "$cf" run "$tmp/sch6.scn"
	printf 'schedule pct seed=1 depth=2\nt0: fsync ino=1\n' > "$tmp/sch7.scn"
	expect 2 "no binary form: a 'schedule' line" -- "$cf" encode "$tmp/sch7.scn"
	# fault edquot: the text name, and what the binary form cannot carry
	printf 't0: write ino=1 off=0 len=4096 (fault: quota)\n' > "$tmp/fq1.scn"
	expect 2 "$tmp/fq1.scn:1:40: unknown fault 'quota' (eio, enospc, nomem, edquot)" -- "$cf" run "$tmp/fq1.scn"
	printf 't0: reflink src=1 dst=2 soff=0 doff=0 len=4096 (fault: edquot)\n' > "$tmp/fq2.scn"
	expect 2 "op 1 (line 1): fault edquot on a reflink or an atomic dwrite" -- "$cf" encode "$tmp/fq2.scn"
	printf 't0: dwrite ino=1 off=0 len=4096 atomic (fault: edquot#2)\n' > "$tmp/fq3.scn"
	expect 2 "op 1 (line 1): fault edquot on a reflink or an atomic dwrite" -- "$cf" encode "$tmp/fq3.scn"
	printf 't0: write ino=1 off=0 len=4096 (fault: edquot#5)\n' > "$tmp/fq4.scn"
	expect 2 "no binary form: op 1 (line 1): fault occurrence must be 1..4" -- "$cf" encode "$tmp/fq4.scn"
	# fuzz_pct_* inputs: --pct, with a profile
	expect 2 "--pct contradicts --text and --binary" -- "$cf" run --pct --text "$scn"
	expect 2 "--pct contradicts --text and --binary" -- "$cf" explore --binary --pct "$scn"
	expect 2 "a binary input does not record its profile" -- "$cf" run --pct "$crash"
	expect 2 "a binary input does not record its profile" -- "$cf" explore --pct "$crash"
	expect 0 "ok (profile $fixed" --stdout -- "$cf" run --pct --profile $fixed "$tmp/random"
	;;
import)
	out=$tmp/imp
	fx=$src/tests/fixtures/import
	expect 2 "--format is required" -- "$cf" import "$fx/fd_dup.strace" -o "$out"
	expect 2 "unknown format" -- "$cf" import --format tcpdump "$fx/fd_dup.strace" -o "$out"
	expect 2 "--block must be 1024, 2048 or 4096: 040000" -- "$cf" import --format strace --block 040000 "$fx/fd_dup.strace" -o "$out"
	expect 2 "--max-windows needs a number 1..1000000" -- "$cf" import --format fsx --max-windows 99999999999999999999 "$fx/skip.fsxops" -o "$out"
	expect 2 "--stem takes one TRACE" -- "$cf" import --format strace --stem x "$fx/fd_dup.strace" "$fx/unfinished.strace" -o "$out"
	expect 2 "$tmp/missing: cannot read" -- "$cf" import --format strace "$tmp/missing" -o "$out"
	expect 2 "$tmp/dir: cannot read" -- "$cf" import --format strace "$tmp/dir" -o "$out"
	expect 2 "$tmp/empty: nothing imported" -- "$cf" import --format fsx "$tmp/empty" -o "$out"
	expect 2 "cannot create" -- "$cf" import --format strace "$fx/fd_dup.strace" -o "$tmp/empty/sub"
	# the wrong format: every line rejected, said so, exit 2
	expect 2 "nothing imported: all 20 lines were rejected as fsx; check --format" -- \
		"$cf" import --format fsx "$fx/fd_dup.strace" -o "$out"
	expect 2 "rejected as ftrace; check --format" -- "$cf" import --format ftrace "$fx/skip.fsxops" -o "$out"
	expect 2 "rejected as strace; check --format" -- "$cf" import --format strace "$tmp/random" -o "$out"
	expect 0 "7 ops imported" -- "$cf" import --format strace "$fx/fd_dup.strace" -o "$out"
	# strace offsets: a negative or out-of-range pwrite offset is not a write at the file position
	for off in -4096 18446744073709551615 9223372036854775808; do
		cat > "$tmp/pw.strace" << EOF
100 10:00:00.000000 openat(AT_FDCWD, "/mnt/f", O_RDWR|O_CREAT, 0644) = 3
100 10:00:00.000001 write(3, "a"..., 4096) = 4096
100 10:00:00.000002 pwrite64(3, "b"..., 4096, $off) = 4096
100 10:00:00.000003 fsync(3) = 0
EOF
		rm -rf "$tmp/pw"
		expect 0 "2 ops imported, 2 ops commented, 0 lines rejected" -- \
			"$cf" import --format strace --stem pw "$tmp/pw.strace" -o "$tmp/pw"
		if ! grep -q "^# .*pwrite64.*offset negative or out of range" "$tmp/pw/pw-000.scn"; then
			echo "FAIL: pwrite64 at $off is not a comment saying why:"
			cat "$tmp/pw/pw-000.scn"
			fail=1
		fi
		if [ "$(grep -c ': write ' "$tmp/pw/pw-000.scn")" != 1 ]; then
			echo "FAIL: pwrite64 at $off was imported as a write"
			fail=1
		fi
	done
	;;
kcheck)
	printf 'not an image\n' > "$tmp/file.img"
	expect 2 "--verify-dir /nonexistent: no such directory" -- "$cf" kernel-check --verify-dir /nonexistent "$scn"
	expect 2 "--verify-dir $tmp/empty: not a directory" -- "$cf" kernel-check --verify-dir "$tmp/empty" "$scn"
	expect 2 "--image $tmp/dir: is a directory" -- "$cf" kernel-check --image "$tmp/dir" "$scn"
	expect 2 "--image $tmp/file.img: already exists" -- "$cf" kernel-check --image "$tmp/file.img" "$scn"
	[ "$(cat "$tmp/file.img")" = "not an image" ] || { echo "FAIL: --image overwrote a file"; fail=1; }
	expect 2 "--generate wants 1..10000000, not '0'" -- "$cf" kernel-check --generate 0
	expect 2 "--generate wants 1..10000000, not '99999999999999999999'" -- "$cf" kernel-check --generate 99999999999999999999
	expect 2 "--seed wants a number, not '040'" -- "$cf" kernel-check --generate 1 --seed 040 --dump "$tmp/kd"
	expect 2 "--seed wants a number, not '-1'" -- "$cf" kernel-check --generate 1 --seed -1 --dump "$tmp/kd"
	expect 2 "--dump goes with --generate N and no SCENARIO" -- "$cf" kernel-check --dump "$tmp/kd" "$scn"
	expect 2 "--verify-dir takes exactly one SCENARIO" -- "$cf" kernel-check --verify-dir "$tmp/dir"
	expect 2 "no SCENARIO given" -- "$cf" kernel-check
	expect 2 "unknown option or missing value '--bogus'" -- "$cf" kernel-check --bogus
	expect 2 "kernel-check: --profile: unknown profile 'nope'" -- "$cf" kernel-check --profile nope "$scn"
	expect 2 "unknown option or missing value '--profile'" -- "$cf" kernel-check --profile
	expect 2 "$tmp/missing.scn: cannot open" -- "$cf" kernel-check "$tmp/missing.scn"
	expect 2 "$tmp/empty: empty file" -- "$cf" kernel-check "$tmp/empty"
	;;
scripts)
	s=$src/scripts
	expect 0 "usage: scripts/fuzz" --stdout -- "$s/fuzz" --help
	expect 2 "--jobs must be a positive number (1 to 1024), not '99999999999999999999'" -- "$s/fuzz" --jobs 99999999999999999999
	expect 2 "--jobs must be a positive number" -- "$s/fuzz" --jobs 0
	expect 2 "--time must be a positive number" -- "$s/fuzz" --time -5
	expect 2 "--time must be a positive number" -- "$s/fuzz" --time 040
	expect 2 "--seed must be a number" -- "$s/fuzz" --seed 99999999999999999999
	expect 2 "--workdir /etc/passwd exists and is not a directory" -- "$s/fuzz" --workdir /etc/passwd
	expect 2 "--workdir $tmp/empty/x cannot be created" -- "$s/fuzz" --workdir "$tmp/empty/x"
	expect 2 "--engine must be libfuzzer or afl" -- "$s/fuzz" --engine x
	expect 2 "unknown argument '--bogus'" -- "$s/fuzz" --bogus
	expect 0 "usage: scripts/ci-fuzz" --stdout -- "$s/ci-fuzz" --help
	expect 2 "--time must be a positive number" -- "$s/ci-fuzz" --time 99999999999999999999
	expect 2 "--workdir /etc/passwd exists and is not a directory" -- "$s/ci-fuzz" --workdir /etc/passwd
	expect 2 "--engines: unknown engine 'x'" -- "$s/ci-fuzz" --engines x
	expect 0 "usage: scripts/bench" --stdout -- "$s/bench" --help
	expect 2 "--trials must be a positive number" -- "$s/bench" --trials x
	expect 2 "--cap must be a positive number" -- "$s/bench" --cap 99999999999999999999
	expect 2 "unknown argument '--bogus'" -- "$s/bench" --bogus
	expect 2 "--profiles wants names separated by commas, not 'a b'" -- "$s/bench" --zoo --profiles 'a b'
	expect 2 "--profiles wants names separated by commas, not 'x,'" -- "$s/bench" --profiles x,
	expect 2 "--out /etc/passwd/x: /etc/passwd is not a directory" -- "$s/bench" --zoo --out /etc/passwd/x
	expect 2 "--trials must be a positive number (1 to 1000), not '0'" -- "$s/bench" --zoo --trials 0
	expect 0 "usage: scripts/bench-schedules" --stdout -- "$s/bench-schedules" --help
	expect 2 "--trials must be a positive number" -- "$s/bench-schedules" --trials x
	expect 2 "--runs must be" -- "$s/bench-schedules" --runs 99999999999999999999
	expect 2 "--modes: unknown mode 'fast' (plain, pct, explore)" -- "$s/bench-schedules" --modes plain,fast
	expect 2 "unknown argument '--bogus'" -- "$s/bench-schedules" --bogus
	expect 0 "Regenerate corpus/imported" --stdout -- "$s/import-corpus" --help
	expect 0 "Regenerate corpus/imported" --stdout -- "$s/import-corpus" -h
	expect 2 "unknown argument '--bogus'" -- "$s/import-corpus" --bogus
	expect 0 "record a real trace" -- "$s/record-trace" --help
	expect 2 "no command given" -- "$s/record-trace"
	expect 2 "-b must be 1024, 2048 or 4096" -- "$s/record-trace" -b 040 true
	expect 0 "kernel-check-many [N] [SEED]" -- "$s/kernel-check-many" --help
	expect 2 "N must be a number from 1, not 'x'" -- "$s/kernel-check-many" x
	expect 2 "N must be a number from 1, not '-5'" -- "$s/kernel-check-many" -5
	expect 2 "too large" -- "$s/kernel-check-many" 99999999999999999999
	expect 2 "SEED must be a decimal number" -- "$s/kernel-check-many" 5 0x10
	expect 2 "at most two arguments" -- "$s/kernel-check-many" 1 2 3
	expect 0 "usage: scripts/reproduce-findings" -- "$s/reproduce-findings" --help
	expect 2 "--tries takes a number from 1, got 'x'" -- "$s/reproduce-findings" --tries x
	expect 2 "unknown option '--bogus'" -- "$s/reproduce-findings" --bogus
	expect 0 "usage: scripts/uml-run" -- "$s/uml-run" --help
	expect 2 "unknown option '--bogus'" -- "$s/uml-run" --bogus
	expect 2 "--mem must look like 512M or 1G, not 'x'" -- "$s/uml-run" --mem x true
	expect 0 "uml-kernel" -- "$s/uml-kernel" --help
	expect 2 "unknown argument '--bogus'" -- "$s/uml-kernel" --bogus
	expect 0 "usage: scripts/port-audit" --stdout -- "$s/port-audit" --help
	expect 2 "unknown option '--bogus'" -- "$s/port-audit" --bogus
	expect 2 "/nonexistent: no src/xfs there" -- "$s/port-audit" /nonexistent
	expect 2 "--known needs a file" -- "$s/port-audit" --known
	expect 0 "usage: scripts/fn-lines" --stdout -- "$s/fn-lines" --help
	expect 2 "fn-lines: needs FILE and NAME" -- "$s/fn-lines" src/xfs/xfs_aops.c
	expect 2 "fn-lines: /nonexistent: No such file" -- "$s/fn-lines" /nonexistent x
	expect 1 "no function no_such_fn" -- "$s/fn-lines" "$s/../src/xfs/xfs_aops.c" no_such_fn
	expect 0 "scripts/test: the project's tests" -- "$s/test" --help
	expect 2 "unknown argument '--bogus'" -- "$s/test" --bogus
	;;
*)
	echo "hostile.sh: unknown group '$group'" >&2
	exit 2 ;;
esac
echo "$group: $n cases, $([ $fail = 0 ] && echo 'all passed' || echo 'FAILURES above')"
exit $fail
