// SPDX-License-Identifier: GPL-2.0
/*
 * cowfuzz-unguided - the fsx-style baseline for scripts/bench: random
 * operations with a random schedule from a seeded PRNG, no feedback, run
 * through the same target code (cowfuzz_target_run) until the oracle fires.
 *
 *   cowfuzz-unguided --profile P [--seed S] [--max-time SEC] [--max-runs N]
 *                    [--max-ops K] [--no-faults] [-o CRASH_FILE]
 *
 * Prints one line, "unguided: CLASS after RUNS runs in SECONDS s (profile P
 * seed S)" or "unguided: none after ...", and exits with the class code (0
 * when the budget ran out).  Classes in COWFUZZ_IGNORE do not stop it, as in
 * the fuzz target.  The distribution is what fsx does on a small
 * file: uniform opcodes, offsets and lengths within 16 blocks, plus a pause
 * point on a third of the ops (the "random schedule") and resume records as
 * one opcode among sixteen.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "target.h"
#include "cowfuzz_prng.h"
#include "scenario.h"
#include "scenario/num.h"

static uint64_t rng;
static int no_faults;

static uint64_t next(void)
{
	return cf_splitmix64(&rng);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static size_t draw(uint8_t *buf, unsigned max_ops)
{
	unsigned nrec = 1 + next() % max_ops;
	size_t n = SCN_HEADER_BYTES;

	for (int i = 0; i < SCN_HEADER_BYTES; i++)
		buf[i] = next();
	for (unsigned k = 0; k < nrec; k++, n += SCN_RECORD_BYTES) {
		uint8_t *r = buf + n;

		for (int i = 0; i < SCN_RECORD_BYTES; i++)
			r[i] = next();
		r[3] %= 16;			/* a small file, like fsx -l */
		r[7] %= 16;
		r[4] %= 16;
		if (next() % 3)
			r[5] = 0;		/* no pause on two ops in three */
		r[6] &= ~0x80;			/* no long lengths */
		if (no_faults || next() % 16)
			r[6] &= ~0x3c;		/* a fault on one op in sixteen */
	}
	return n;
}

int main(int argc, char **argv)
{
	static uint8_t buf[SCN_HEADER_BYTES + CF_MAX_OPS * SCN_RECORD_BYTES];
	static struct cf_result res;
	const char *profile = NULL, *out = NULL;
	unsigned long long seed = 1, max_runs = 0, runs;
	unsigned max_ops = 16;
	uint64_t num = 0;
	int bad = 0;
	double max_time = 60, t0, dt;
	int klass = 0;
	size_t n = 0;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(a, "--profile") && v)
			profile = v, i++;
		else if (!strcmp(a, "--seed") && v)
			bad |= num_parse(v, UINT64_MAX, &num, NULL), seed = num, i++;
		else if (!strcmp(a, "--max-time") && v)
			bad |= num_parse(v, 10000000, &num, NULL), max_time = (double)num, i++;
		else if (!strcmp(a, "--max-runs") && v)
			bad |= num_parse(v, UINT64_MAX, &num, NULL), max_runs = num, i++;
		else if (!strcmp(a, "--max-ops") && v)
			bad |= num_parse(v, 4096, &num, NULL), max_ops = (unsigned)num, i++;
		else if (!strcmp(a, "--no-faults"))
			no_faults = 1;
		else if (!strcmp(a, "-o") && v)
			out = v, i++;
		else {
			fprintf(stderr, "cowfuzz-unguided: bad argument '%s'\nusage: cowfuzz-unguided "
				"--profile P [--seed S] [--max-time SEC] [--max-runs N] "
				"[--max-ops K] [--no-faults] [-o FILE]\n", a);
			return 2;
		}
	}
	if (bad) {
		fprintf(stderr, "cowfuzz-unguided: --seed, --max-time, --max-runs and --max-ops "
			"take a number (decimal or 0x hex, in range)\n");
		return 2;
	}
	if (profile && cowfuzz_target_set_profile(profile)) {
		fprintf(stderr, "cowfuzz-unguided: unknown profile '%s'\n", profile);
		return 2;
	}
	if (max_ops < 1 || max_ops > CF_MAX_OPS) {
		fprintf(stderr, "cowfuzz-unguided: --max-ops must be 1..%d\n", CF_MAX_OPS);
		return 2;
	}
	/* no feedback consumer: the features would only cost time */
	cowfuzz_target_set_features(0);
	rng = seed;
	t0 = now();
	for (runs = 0; !max_runs || runs < max_runs; ) {
		n = draw(buf, max_ops);
		runs++;
		klass = cowfuzz_target_run(buf, n, &res);
		if (klass && !cowfuzz_target_ignored(klass) && !cowfuzz_target_skipped(&res))
			break;
		klass = 0;
		if ((runs & 255) == 0 && now() - t0 >= max_time)
			break;
	}
	dt = now() - t0;
	if (klass) {
		printf("unguided: %s after %llu runs in %.3f s (profile %s seed %llu) site %s\n",
		       cf_class_name(klass), runs, dt, cowfuzz_target_profile()->name, seed,
		       res.site);
		if (out) {
			FILE *f = fopen(out, "wb");

			if (!f || fwrite(buf, 1, n, f) != n) {
				fprintf(stderr, "cowfuzz-unguided: cannot write %s\n", out);
				return 2;
			}
			fclose(f);
		}
	} else {
		printf("unguided: none after %llu runs in %.3f s (profile %s seed %llu)\n",
		       runs, dt, cowfuzz_target_profile()->name, seed);
	}
	return klass;
}
