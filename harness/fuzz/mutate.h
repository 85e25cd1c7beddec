/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mutate.h - structure-aware mutations of the binary scenario form
 * (docs/scenario.md: a 5-byte header, then 8-byte records).
 *
 * One C core for both engines: libFuzzer calls it from
 * LLVMFuzzerCustomMutator, AFL++ from the afl_custom_fuzz() of
 * harness/fuzz/afl_mutator.c.  It depends on nothing but libc, so the AFL++
 * .so can be built from this file alone.  Every result is deterministic for
 * a given (input, other input, seed).
 */
#ifndef COWFUZZ_MUTATE_H
#define COWFUZZ_MUTATE_H

#include <stddef.h>
#include <stdint.h>

#define MUT_HEADER_BYTES	5
#define MUT_RECORD_BYTES	8
#define MUT_MAX_RECORDS		256
#define MUT_MAX_BYTES		(MUT_HEADER_BYTES + MUT_MAX_RECORDS * MUT_RECORD_BYTES)
/* Yield points in docs/scenario.md; the decoder maps any r5 into range, so
 * a stale count only skews the distribution. */
#define MUT_NPOINTS_DEFAULT	20

/* The mutation kinds, also the names mut_last_name() reports. */
enum mut_kind {
	MUT_INSERT,		/* a new random record */
	MUT_DELETE,		/* drop a record */
	MUT_DUPLICATE,		/* copy a record to another place */
	MUT_SWAP,		/* exchange two records */
	MUT_SCHEDULE,		/* change a pause point (r5/r6) or move a resume */
	MUT_PAUSE_RESUME,	/* pause an op and resume its task later */
	MUT_RETARGET,		/* aim an op at a block an earlier op writes */
	MUT_FIELD,		/* one argument byte of a record */
	MUT_OPCODE,		/* the opcode of a record */
	MUT_HEADER,		/* one header byte */
	MUT_TRUNCATE,		/* drop trailing records */
	MUT_SPLICE,		/* records from the other input */
	MUT_NKINDS
};

/* Number of yield points to aim r5 at (cf_yield_count() when linked). */
void mut_set_npoints(int n);

/*
 * Mutate data in place: size bytes now, room for max.  Stacks one to four
 * structural mutations; other (may be NULL) is a second input for splicing.
 * Returns the new size, at least MUT_HEADER_BYTES when max allows, never
 * more than max.
 */
size_t mut_mutate(uint8_t *data, size_t size, size_t max, uint32_t seed,
		  const uint8_t *other, size_t other_size);

/* Cross-over: a's header and records, with a run of b's records spliced in,
 * written to out (room for max).  Returns the size. */
size_t mut_crossover(const uint8_t *a, size_t asz, const uint8_t *b, size_t bsz,
		     uint8_t *out, size_t max, uint32_t seed);

/* Name of the last mutation applied by this thread's last call (for AFL++'s
 * describe hook and for debugging). */
const char *mut_last_name(void);

#endif /* COWFUZZ_MUTATE_H */
