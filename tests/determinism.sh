#!/usr/bin/env bash
# Same input, same profile: the same trace, byte for byte, every time.
set -euo pipefail
cowfuzz=$1; shift
n=0
for scn in "$@"; do
	for prof in c2f09217a430 7588cbeec6df-v5.5; do
		a=$("$cowfuzz" run -v --profile "$prof" "$scn" | sha256sum) || true
		b=$("$cowfuzz" run -v --profile "$prof" "$scn" | sha256sum) || true
		if [ "$a" != "$b" ]; then
			echo "FAIL: $scn on $prof gives two different traces"
			exit 1
		fi
		n=$((n + 1))
	done
done
[ "$n" -gt 0 ] || { echo "FAIL: no scenario given"; exit 1; }
echo "ok: $n runs, each trace identical on replay"
