#!/bin/bash
# fuzz_cflite.sh SOURCE_DIR BUILD_DIR - runs .clusterfuzzlite/build.sh the
# way ClusterFuzzLite does (libFuzzer flavour, local $OUT) and checks that
# every fuzz target left its binary, <target>_seed_corpus.zip, <target>.dict
# and <target>.options there, and that a target survives its first runs
# without seeds (CFLite's bad-build check).  Skip (77) without clang's
# libFuzzer runtime or without zip.
set -euo pipefail
src=${1:?usage: fuzz_cflite.sh SOURCE_DIR BUILD_DIR}
build=${2:?usage: fuzz_cflite.sh SOURCE_DIR BUILD_DIR}
out=$build/cflite-out
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

command -v zip > /dev/null || { echo "SKIP: zip is not installed"; exit 77; }
printf 'int LLVMFuzzerTestOneInput(const char *d, long n) { return 0; }\n' |
	clang -x c -fsanitize=fuzzer -o "$tmp/probe" - 2>/dev/null ||
	{ echo "SKIP: clang cannot link -fsanitize=fuzzer"; exit 77; }

rm -rf "$out"
if ! CC=clang CXX=clang++ CFLAGS="-O1 -fno-omit-frame-pointer -gline-tables-only -fsanitize=fuzzer-no-link" \
	CXXFLAGS="-O1" LIB_FUZZING_ENGINE=-fsanitize=fuzzer OUT=$out \
	COWFUZZ_CFLITE_BUILD=$build/cflite-build "$src/.clusterfuzzlite/build.sh" > "$tmp/log" 2>&1; then
	tail -30 "$tmp/log"
	echo "FAIL: .clusterfuzzlite/build.sh failed"
	exit 1
fi
fail=0
n=0
for f in "$out"/fuzz_*; do
	case $f in *.zip|*.dict|*.options) continue ;; esac
	t=$(basename "$f")
	n=$((n + 1))
	[ -x "$f" ] || { echo "FAIL: $t is not executable"; fail=1; }
	for x in "${t}_seed_corpus.zip" "$t.dict" "$t.options"; do
		[ -s "$out/$x" ] || { echo "FAIL: $out/$x missing or empty"; fail=1; }
	done
	grep -q '^\[libfuzzer\]' "$out/$t.options" || { echo "FAIL: $t.options has no [libfuzzer]"; fail=1; }
done
for p in $(awk '/\.info = \{ "/ { sub(/.*\.info = \{ "/, ""); sub(/".*/, ""); print }' \
	"$src/src/profiles/profiles.c"); do
	t=fuzz_$(printf '%s' "$p" | tr -c 'A-Za-z0-9_-' '_')
	[ -x "$out/$t" ] || { echo "FAIL: no $t in \$OUT for profile $p"; fail=1; }
done
# Count, not grep -q: under pipefail an early-exiting grep makes unzip die of
# SIGPIPE and the check fail at random.
nseeds=0
[ -x "$out/fuzz_7588cbeec6df-v5_5" ] &&
	nseeds=$(unzip -Z1 "$out/fuzz_7588cbeec6df-v5_5_seed_corpus.zip" | grep -c '\.bin$' || true)
[ "$nseeds" -gt 0 ] || { echo "FAIL: the seed corpus of fuzz_7588cbeec6df-v5_5 holds no inputs"; fail=1; }
if [ -x "$out/fuzz_c2f09217a430" ] &&
	! (cd "$tmp" && "$out/fuzz_c2f09217a430" -runs=4 -seed=1) > "$tmp/run" 2>&1; then
	echo "FAIL: fuzz_c2f09217a430 crashes in its first 4 runs without seeds"
	tail -5 "$tmp/run"
	fail=1
fi
[ "$fail" = 0 ] && echo "cflite: $n targets with seed corpus ($nseeds binary seeds), dict and options in $out"
exit "$fail"
