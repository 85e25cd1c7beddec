// SPDX-License-Identifier: GPL-2.0
/*
 * The PCT input of the fuzz_pct_* targets (docs/explore.md, docs/fuzzing.md):
 * a 3-byte prefix, then a binary scenario exactly as the plain targets read
 * it.  The prefix is the `schedule pct` line, so the records keep their
 * layout and mutations of the schedule stay in three bytes.
 */
#include <string.h>
#include "scenario.h"

void scn_decode_pct(const uint8_t *data, size_t size, struct cf_scenario *out)
{
	uint8_t p[SCN_PCT_PREFIX_BYTES] = { 0 };
	size_t n = size < SCN_PCT_PREFIX_BYTES ? size : SCN_PCT_PREFIX_BYTES;

	memcpy(p, data, n);
	scn_decode_binary(data + n, size - n, out);
	out->pct_seed = (uint32_t)p[0] | (uint32_t)p[1] << 8;
	out->pct_depth = (uint8_t)(2 + p[2] % (CF_PCT_MAX_DEPTH - 1));
}

size_t scn_encode_pct(const struct cf_scenario *scn, uint8_t *buf, size_t cap)
{
	size_t n;

	if (!scn->pct_depth || scn->pct_depth < 2 || scn->pct_seed > 0xffff ||
	    cap < SCN_PCT_PREFIX_BYTES)
		return 0;
	{
		static struct cf_scenario plain;

		plain = *scn;
		plain.pct_seed = 0;
		plain.pct_depth = 0;
		n = scn_encode_binary(&plain, buf + SCN_PCT_PREFIX_BYTES,
				      cap - SCN_PCT_PREFIX_BYTES);
	}
	if (!n)
		return 0;
	buf[0] = (uint8_t)scn->pct_seed;
	buf[1] = (uint8_t)(scn->pct_seed >> 8);
	buf[2] = (uint8_t)(scn->pct_depth - 2);
	return n + SCN_PCT_PREFIX_BYTES;
}
