#!/bin/bash
# fuzz_smoke.sh SOURCE_DIR BUILD_DIR ENGINE - the libFuzzer smoke test.
# From an empty corpus with a fixed -seed and the same budget on both
# (-runs, so the result does not depend on the machine's speed, with a
# wall-clock cap):
#  - fuzz_7588cbeec6df-v5_5 must find a crash, and replaying it with
#    'cowfuzz run' must give stale-whichfork (10) or write-tossed (11);
#  - fuzz_c2f09217a430 (the fixed kernel) must find no crash.
# On the buggy profile only the seed bug's classes stop the run (COWFUZZ_IGNORE
# lists the others: that profile has the later bugs' fixes, but a crash of
# another class is not what this test is about); on the fixed profile every
# class counts.  COWFUZZ_SMOKE_STRICT=1 makes every class count on both.
# Exit 77 (skipped) only when clang's libFuzzer runtime is missing.
set -euo pipefail
src=${1:?usage: fuzz_smoke.sh SOURCE_DIR BUILD_DIR ENGINE}
build=${2:?usage: fuzz_smoke.sh SOURCE_DIR BUILD_DIR ENGINE}
engine=${3:-none}
budget=${COWFUZZ_SMOKE_TIME:-360}
runs=${COWFUZZ_SMOKE_RUNS:-300000}
seed=${COWFUZZ_SMOKE_SEED:-3}
tmp=$(mktemp -d)
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	rm -rf "$tmp"
}
trap cleanup EXIT

cc=${CC:-clang}
if ! printf 'int LLVMFuzzerTestOneInput(const char *d, long n) { return 0; }\n' |
	"$cc" -x c -fsanitize=fuzzer -o "$tmp/probe" - 2>/dev/null; then
	echo "SKIP: $cc cannot link -fsanitize=fuzzer (libclang-rt-14-dev missing?)"
	exit 77
fi

if [ "$engine" = libfuzzer ]; then
	fuzz=$build/harness/fuzz
else
	lf=$build/fuzz-smoke-lf
	cmake -S "$src" -B "$lf" -DCMAKE_C_COMPILER="$cc" -DCMAKE_CXX_COMPILER="${CXX:-clang++}" \
		-DCOWFUZZ_ENGINE=libfuzzer -DCMAKE_BUILD_TYPE=RelWithDebInfo > "$tmp/cmake.log" 2>&1 ||
		{ cat "$tmp/cmake.log"; echo "FAIL: cannot configure the libFuzzer build"; exit 1; }
	cmake --build "$lf" -j2 --target fuzz_7588cbeec6df-v5_5 fuzz_c2f09217a430 \
		> "$tmp/build.log" 2>&1 ||
		{ tail -30 "$tmp/build.log"; echo "FAIL: cannot build the libFuzzer targets"; exit 1; }
	fuzz=$lf/harness/fuzz
fi
cli=$build/harness/cowfuzz

ignore=data-loss,stale-data,invariant,error-not-reported,error-invented,liveness
[ "${COWFUZZ_SMOKE_STRICT:-0}" = 1 ] && ignore=

run() {	# name target ignore
	mkdir -p "$tmp/$1/corpus"
	(cd "$tmp/$1" && COWFUZZ_IGNORE=$3 ASAN_OPTIONS=handle_sigill=1:dedup_token_length=3 \
		"$fuzz/$2" -seed="$seed" -runs="$runs" -max_total_time="$budget" -dict="$fuzz/$2.dict" \
		-max_len=2053 -print_funcs=0 -artifact_prefix="$tmp/$1/" -print_final_stats=1 corpus \
		> "$tmp/$1/log" 2>&1; echo $? > "$tmp/$1/rc") &
	pids+=($!)
}
run bug fuzz_7588cbeec6df-v5_5 "$ignore"
run fixed fuzz_c2f09217a430 ""
wait
pids=()

fail=0
bugcrash=$(ls "$tmp"/bug/crash-* 2>/dev/null | head -1 || true)
if [ -z "$bugcrash" ]; then
	echo "FAIL: no crash on 7588cbeec6df-v5.5 in $runs runs or ${budget}s (seed $seed, exit $(cat "$tmp/bug/rc"))"
	tail -5 "$tmp/bug/log"
	fail=1
else
	set +e
	"$cli" run --profile 7588cbeec6df-v5.5 "$bugcrash" > "$tmp/bug/replay" 2>&1
	rc=$?
	set -e
	if [ "$rc" != 10 ] && [ "$rc" != 11 ]; then
		echo "FAIL: the crash found on 7588cbeec6df-v5.5 replays with exit $rc, expected 10 or 11:"
		head -3 "$tmp/bug/replay"
		fail=1
	else
		echo "ok: 7588cbeec6df-v5.5: $(head -1 "$tmp/bug/replay") after" \
			"$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$tmp/bug/log" | awk '{print $2}') runs"
	fi
fi
fixedcrash=$(ls "$tmp"/fixed/crash-* 2>/dev/null | head -1 || true)
if [ -n "$fixedcrash" ] || [ "$(cat "$tmp/fixed/rc")" != 0 ]; then
	echo "FAIL: c2f09217a430 (fixed) crashed within $runs runs or ${budget}s (exit $(cat "$tmp/fixed/rc")):"
	grep -m1 '^cowfuzz:' "$tmp/fixed/log" || tail -5 "$tmp/fixed/log"
	if [ -n "$fixedcrash" ]; then
		mkdir -p "$build/fuzz-smoke-crashes"
		cp "$fixedcrash" "$build/fuzz-smoke-crashes/"
		echo "  kept: $build/fuzz-smoke-crashes/$(basename "$fixedcrash")"
		echo "  replay: $cli run --profile c2f09217a430 -v $build/fuzz-smoke-crashes/$(basename "$fixedcrash")"
	fi
	fail=1
else
	echo "ok: c2f09217a430: no crash of any class within $runs runs or ${budget}s:" \
		"$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$tmp/fixed/log" | awk '{print $2}') runs"
fi
exit "$fail"
