/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cowfuzz_prng.h: the one PRNG of the project (splitmix64), for every
 * user of pseudo-random numbers: the scenario generator, the mutator, the
 * unguided baseline and the tests.  Fixed and self-contained (never
 * rand()), so a seed gives the same numbers on every host.  Header-only:
 * the AFL++ mutator .so is built from harness/fuzz/mutate.c alone.
 */
#ifndef COWFUZZ_PRNG_H
#define COWFUZZ_PRNG_H

#include <stdint.h>

/* The next number of the sequence whose state is *state (any value). */
static inline uint64_t cf_splitmix64(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

#endif
