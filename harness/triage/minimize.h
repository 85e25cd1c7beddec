/* SPDX-License-Identifier: GPL-2.0 */
/*
 * minimize.h - structural minimization of a failing scenario.
 *
 * The predicate is "the same oracle class AND the same site fire on the
 * same profile" (STYLE §7 lesson 12; fuzzing-notes §4, syzkaller's
 * prog.Minimize order): a byte-level minimizer that only asks "does it
 * still crash" drifts to another bug, so every step here compares both.
 */
#ifndef COWFUZZ_MINIMIZE_H
#define COWFUZZ_MINIMIZE_H

#include <stdio.h>
#include "cowfuzz.h"

#define MIN_DEFAULT_SECONDS	60.0

struct min_opts {
	const struct cf_profile_info	*prof;
	const struct cf_profile_info	*pass_on;	/* also require OK here, or NULL */
	double				seconds;	/* wall-time bound; <= 0: default */
	FILE				*log;		/* progress lines, or NULL */
};

struct min_stats {
	int		klass;		/* the class being kept */
	char		site[64];	/* the site being kept */
	uint32_t	orig_ops, min_ops;
	size_t		orig_text, min_text;	/* canonical .scn bytes */
	size_t		orig_bin, min_bin;	/* binary bytes, 0 if none */
	uint32_t	runs;		/* cf_run calls made */
	uint32_t	cache_hits;
	int		timed_out;	/* the bound stopped it: best so far */
	double		seconds;
};

/*
 * Minimize scn in place.  Returns 0 on success (scn now the smallest
 * scenario found that fires stats->klass at stats->site), -1 if scn does
 * not fail on opts->prof at all (stats->klass is then CF_OK), or -2 if it
 * also fails on opts->pass_on (a differential minimization, used to keep
 * a finding a regression test of its fixing commit, needs it to pass there).
 * Deterministic: the same input and profile give the same result unless
 * the time bound is hit (stats->timed_out says so).
 */
int minimize_scenario(struct cf_scenario *scn, const struct min_opts *opts,
		      struct min_stats *stats);

/* The minimized .scn: a comment header (class, site, profile, sizes and
 * the command) followed by the canonical text.  Returns bytes written or
 * needed, like snprintf. */
size_t minimize_format(const struct cf_scenario *scn, const struct min_stats *st,
		       const char *profile, const char *pass_on, const char *command,
		       char *buf, size_t cap);

/* FNV-1a 64 over the canonical text: the predicate cache key. */
uint64_t minimize_hash(const struct cf_scenario *scn);

#endif
