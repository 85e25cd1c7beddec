#!/bin/bash
# ClusterFuzzLite / OSS-Fuzz build: honours $CC $CXX $CFLAGS $CXXFLAGS
# $LIB_FUZZING_ENGINE and $OUT, and leaves in $OUT for every fuzz target
# (fuzz_<profile>, fuzz_import): the binary, <target>_seed_corpus.zip,
# <target>.dict and <target>.options.  Run locally with e.g.
#   CC=clang CXX=clang++ CFLAGS=-fsanitize=fuzzer-no-link \
#   LIB_FUZZING_ENGINE=-fsanitize=fuzzer OUT=/tmp/out .clusterfuzzlite/build.sh
set -euo pipefail
: "${CC:?CC is not set}" "${CXX:?CXX is not set}" "${OUT:?OUT is not set}"
: "${LIB_FUZZING_ENGINE:?LIB_FUZZING_ENGINE is not set}"
CFLAGS=${CFLAGS:-}
CXXFLAGS=${CXXFLAGS:-}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
if [ -n "${SRC:-}" ] && [ -f "$SRC/cowfuzz/CMakeLists.txt" ]; then
	root=$SRC/cowfuzz
fi
build=${COWFUZZ_CFLITE_BUILD:-${WORK:-$root/build}/cflite}
mkdir -p "$OUT"

# The libFuzzer engine setting adds the coverage flags (already in $CFLAGS on
# OSS-Fuzz; harmless twice); the targets link with $LIB_FUZZING_ENGINE.
engine=none
case "$CFLAGS $LIB_FUZZING_ENGINE" in
*fuzzer*) engine=libfuzzer ;;
esac
cmake -S "$root" -B "$build" -DCMAKE_C_COMPILER="$CC" -DCMAKE_CXX_COMPILER="$CXX" \
	-DCMAKE_C_FLAGS="$CFLAGS" -DCMAKE_CXX_FLAGS="$CXXFLAGS" \
	-DCMAKE_BUILD_TYPE=RelWithDebInfo -DCOWFUZZ_ENGINE="$engine" \
	-DCOWFUZZ_LIB_FUZZING_ENGINE="$LIB_FUZZING_ENGINE"
targets=$(cmake --build "$build" --target help | sed -n 's/^\.\.\. \(fuzz_[A-Za-z0-9_-]*\).*/\1/p')
[ -n "$targets" ] || { echo "build.sh: no fuzz targets found in $build" >&2; exit 1; }
# shellcheck disable=SC2086
cmake --build "$build" -j"$(nproc)" --target $targets cowfuzz

# Seeds: the binary seeds scripts/fuzz starts from (make_seeds: every
# shipped .scn with a binary form, cowextsize clamped, plus the shipped .bin
# files); the importer target gets the shipped scenarios as text.
# shellcheck source=../scripts/fuzz-common.sh
. "$root/scripts/fuzz-common.sh"
COWFUZZ_CLI=$build/harness/cowfuzz
seeds=$(mktemp -d)
trap 'rm -rf "$seeds"' EXIT
make_seeds "$seeds/bin" clamp
mkdir -p "$seeds/text"
n=0
while IFS= read -r -d '' f; do
	n=$((n + 1))
	cp "$f" "$seeds/text/scn-$n.txt"
done < <(find "$root/corpus" -name "*.scn" -print0 | sort -z)

for t in $targets; do
	cp "$build/harness/fuzz/$t" "$OUT/"
	cp "$build/harness/fuzz/$t.dict" "$build/harness/fuzz/$t.options" "$OUT/"
	dir=$seeds/bin
	[ "$t" = fuzz_import ] && dir=$seeds/text
	rm -f "$OUT/${t}_seed_corpus.zip"
	(cd "$dir" && zip -q -r "$OUT/${t}_seed_corpus.zip" .)
done
echo "build.sh: $(echo "$targets" | wc -w) targets in $OUT"
