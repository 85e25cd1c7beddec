// SPDX-License-Identifier: GPL-2.0
/* Numbers: decimal or 0x hex, range-checked (num.h). */
#include <string.h>
#include "num.h"

int num_parse_u64(const char *s, size_t n, uint64_t max, uint64_t *out,
		  const char **why)
{
	uint64_t v = 0;
	size_t i = 0;
	unsigned base = 10;
	const char *dummy;

	if (!why)
		why = &dummy;
	if (n >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		i = 2;
	} else if (n >= 2 && s[0] == '0' && s[1] >= '0' && s[1] <= '9') {
		*why = "leading zero (write decimal without it, or 0x for hex)";
		return -1;
	}
	if (i >= n) {
		*why = "not a number (decimal or 0x hex)";
		return -1;
	}
	for (; i < n; i++) {
		unsigned d;
		char c = s[i];

		if (c >= '0' && c <= '9')
			d = (unsigned)(c - '0');
		else if (base == 16 && c >= 'a' && c <= 'f')
			d = (unsigned)(c - 'a' + 10);
		else if (base == 16 && c >= 'A' && c <= 'F')
			d = (unsigned)(c - 'A' + 10);
		else {
			*why = "not a number (decimal or 0x hex)";
			return -1;
		}
		if (v > (UINT64_MAX - d) / base) {
			*why = "out of range";
			return -1;
		}
		v = v * base + d;
	}
	if (v > max) {
		*why = "out of range";
		return -1;
	}
	*out = v;
	return 0;
}

int num_parse(const char *s, uint64_t max, uint64_t *out, const char **why)
{
	return num_parse_u64(s, strlen(s), max, out, why);
}
