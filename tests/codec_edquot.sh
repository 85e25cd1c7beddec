#!/usr/bin/env bash
# codec_edquot.sh COWFUZZ - the binary form's edquot escape (docs/scenario.md):
# the nomem fault bits with r7 0xd0..0xdf are edquot (not on a reflink);
# any other r7 keeps nomem, as every input shipped before it decodes.
set -euo pipefail
cf=$1
tmp=$(mktemp -d "${TMPDIR:-/tmp}/cowfuzz-edquot.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fail=0
# header (5 bytes) + one record: r0 r1 r2 r3 r4 r5 r6 r7
check() {	# check R0 R7 WANT
	printf "\\x00\\x07\\x00\\x07\\x00\\x$1\\x00\\x00\\x00\\x00\\x00\\x0c\\x$2" > "$tmp/in.bin"
	got=$("$cf" decode "$tmp/in.bin" | grep -o 'fault: [a-z]*' || true)
	if [ "$got" != "fault: $3" ]; then
		echo "FAIL r0=0x$1 r7=0x$2: '$got', want 'fault: $3'"
		fail=1
	else
		echo "ok   r0=0x$1 r7=0x$2: $got"
	fi
}
check 00 d0 edquot	# write
check 00 df edquot
check 00 ec nomem	# a shipped crash has this record (dio-end-cow-foreign variant)
check 00 cf nomem
check 00 00 nomem
check 0c d3 edquot	# endio complete
check 02 d1 edquot	# fsync
check 05 d5 nomem	# reflink: r7 is the destination offset
exit $fail
