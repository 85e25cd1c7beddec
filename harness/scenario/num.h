/* SPDX-License-Identifier: GPL-2.0 */
/*
 * num.h - the one way cowfuzz reads a number: decimal ("4096") or hex with
 * a 0x prefix ("0x1000").  A leading zero ("040000") is refused rather than
 * read as octal or decimal, and so are signs, spaces, empty strings,
 * trailing text and anything above the caller's maximum (overflow included).
 */
#ifndef COWFUZZ_NUM_H
#define COWFUZZ_NUM_H

#include <stddef.h>
#include <stdint.h>

/* Parses the n bytes at s.  Returns 0, or -1 with a short reason in *why
 * ("not a number", "leading zero: ...", "out of range"). */
int num_parse_u64(const char *s, size_t n, uint64_t max, uint64_t *out,
		  const char **why);

/* The same for a NUL-terminated string. */
int num_parse(const char *s, uint64_t max, uint64_t *out, const char **why);

#endif
