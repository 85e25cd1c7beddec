// SPDX-License-Identifier: GPL-2.0
/*
 * target_cowfuzz - the one fuzz entry point, built per profile
 * (-DCOWFUZZ_PROFILE="name") for libFuzzer, for AFL++ (libAFLDriver:
 * persistent mode, shared-memory input) and with a plain replay driver.
 *
 * Every byte string decodes to a scenario (scn_decode_binary), so there is
 * nothing to reject: the empty input and AFL++'s 4-byte "##SI" probe are
 * scenarios without operations, which only drain and check.
 *
 * Crash identity: each oracle class ends in its own non-inlined function
 * that prints the report's first line and traps.  With
 * ASAN_OPTIONS=handle_sigill=1:dedup_token_length=3 the dedup token starts at
 * that function, so -minimize_crash and crash grouping stay on one class
 * (docs/fuzzing.md, fuzzing-notes §1.5).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "scenario.h"
#include "mutate.h"
#include "target.h"

#ifndef COWFUZZ_PROFILE
#define COWFUZZ_PROFILE "c2f09217a430"
#endif
#ifndef COWFUZZ_FEATURES_DEFAULT
#define COWFUZZ_FEATURES_DEFAULT 1
#endif

/*
 * Interleaving coverage: the scheduler bumps a counter per (task, yield
 * point) switch and per fork state seen at xfs_map_blocks.  libFuzzer reads
 * this section after every run as extra features (and clears it); code
 * coverage alone does not see that t2 paused at W2 while dioend remapped.
 */
__attribute__((section("__libfuzzer_extra_counters"), used, aligned(64)))
static uint8_t cowfuzz_features[COWFUZZ_NFEATURES];

/* Per-input state lives here and is overwritten on every input:
 * scn by scn_decode_binary (memset first), res by cf_run. */
static struct cf_scenario target_scn;
static struct cf_result target_res;

static const struct cf_profile_info *target_prof;
static int target_features = -1;	/* -1: not decided yet */
static int target_ignore_parsed;
static uint32_t target_ignore;		/* bit (class - 10): do not trap */
/* COWFUZZ_SKIP_SITES: "class@site" pairs that do not trap (known findings) */
#define TARGET_MAX_SKIP	32
static int target_nskip;
unsigned long long cowfuzz_target_passed_over;	/* failures ignored or skipped */
static struct { int klass; char site[64]; } target_skip[TARGET_MAX_SKIP];

const struct cf_profile_info *cowfuzz_target_profile(void)
{
	if (!target_prof) {
		target_prof = cf_profile_find(COWFUZZ_PROFILE);
		if (!target_prof) {
			fprintf(stderr, "cowfuzz target: unknown profile '%s' built in\n",
				COWFUZZ_PROFILE);
			abort();
		}
	}
	return target_prof;
}

int cowfuzz_target_set_profile(const char *name)
{
	const struct cf_profile_info *p = cf_profile_find(name);

	if (!p)
		return -1;
	target_prof = p;
	return 0;
}

void cowfuzz_target_set_features(int on)
{
	target_features = !!on;
}

static int features_on(void)
{
	if (target_features < 0) {
		const char *e = getenv("COWFUZZ_FEATURES");

		target_features = e ? strcmp(e, "0") != 0 : COWFUZZ_FEATURES_DEFAULT;
	}
	return target_features;
}

/*
 * COWFUZZ_EXPLORE=K[,N]: an input of at most N operations (default 3)
 * with no pause of its own that passes is also explored with up to K
 * preemptions (1..4), at most COWFUZZ_EXPLORE_MAX schedules (default
 * 200) per input; a failing schedule fails the input.  Such a crash
 * replays with `cowfuzz explore -k K` (docs/explore.md).  Off by default.
 */
static struct {
	int		parsed;
	uint32_t	k, max_ops;
	uint64_t	max_schedules;
} target_explore;

static void explore_parse(void)
{
	const char *e = getenv("COWFUZZ_EXPLORE");
	const char *m = getenv("COWFUZZ_EXPLORE_MAX");
	unsigned k = 0, n = 3;
	unsigned long long max = 200;

	target_explore.parsed = 1;
	if (e && *e && (sscanf(e, "%u,%u", &k, &n) < 1 ||
			k > CF_EXPLORE_MAX_PREEMPTIONS || n < 1 || n > CF_MAX_OPS)) {
		fprintf(stderr, "cowfuzz target: COWFUZZ_EXPLORE='%s': want K[,N], K 0..%d\n",
			e, CF_EXPLORE_MAX_PREEMPTIONS);
		abort();
	}
	if (m && *m && (sscanf(m, "%llu", &max) != 1 || max < 1)) {
		fprintf(stderr, "cowfuzz target: COWFUZZ_EXPLORE_MAX='%s': want a count\n", m);
		abort();
	}
	target_explore.k = k;
	target_explore.max_ops = n;
	target_explore.max_schedules = max;
}

static int explore_worth_it(const struct cf_scenario *scn)
{
	if (!target_explore.parsed)
		explore_parse();
	if (!target_explore.k || !scn->nops || scn->nops > target_explore.max_ops)
		return 0;
	for (uint32_t i = 0; i < scn->nops; i++)
		if (scn->ops[i].pause_point || scn->ops[i].kind == CF_OP_RESUME)
			return 0;
	return 1;
}

int cowfuzz_target_run(const uint8_t *data, size_t size, struct cf_result *res)
{
	static struct cf_explore_result ex;
	struct cf_run_opts opts = { 0 };
	struct cf_explore_opts eo = { 0 };
	int klass;

	if (!res)
		res = &target_res;
	if (features_on()) {
		/* libFuzzer clears the section itself; AFL++ and replay do not */
		memset(cowfuzz_features, 0, sizeof(cowfuzz_features));
		opts.features = cowfuzz_features;
		opts.nfeatures = COWFUZZ_NFEATURES;
	}
#ifdef COWFUZZ_PCT
	scn_decode_pct(data, size, &target_scn);
#else
	scn_decode_binary(data, size, &target_scn);
#endif
	klass = cf_run(&target_scn, cowfuzz_target_profile(), &opts, res);
	if (klass || !explore_worth_it(&target_scn))
		return klass;
	eo.max_preemptions = target_explore.k;
	eo.max_schedules = target_explore.max_schedules;
	if (cf_explore(&target_scn, cowfuzz_target_profile(), &eo, &ex))
		*res = ex.res;
	return ex.klass;
}

/*
 * One function per class.  The class name is a literal in each body so no
 * pass can fold two of them into one symbol.
 */
#define CRASH_FN(fn, cls)						\
__attribute__((noinline, noreturn, used)) void fn(const struct cf_result *r);	\
__attribute__((noinline, noreturn, used)) void fn(const struct cf_result *r)	\
{									\
	fprintf(stderr, "cowfuzz: " cls " at %s (profile %s)\n", r->site,	\
		cowfuzz_target_profile()->name);			\
	fflush(stderr);							\
	__builtin_trap();						\
}
CRASH_FN(cowfuzz_crash_stale_whichfork, "stale-whichfork")
CRASH_FN(cowfuzz_crash_write_tossed, "write-tossed")
CRASH_FN(cowfuzz_crash_data_loss, "data-loss")
CRASH_FN(cowfuzz_crash_stale_data, "stale-data")
CRASH_FN(cowfuzz_crash_invariant, "invariant")
CRASH_FN(cowfuzz_crash_error_not_reported, "error-not-reported")
CRASH_FN(cowfuzz_crash_error_invented, "error-invented")
CRASH_FN(cowfuzz_crash_liveness, "liveness")
CRASH_FN(cowfuzz_crash_unknown_class, "unknown-class")

static void crash(const struct cf_result *r)
{
	switch (r->klass) {
	case CF_STALE_WHICHFORK: cowfuzz_crash_stale_whichfork(r);
	case CF_WRITE_TOSSED: cowfuzz_crash_write_tossed(r);
	case CF_DATA_LOSS: cowfuzz_crash_data_loss(r);
	case CF_STALE_DATA: cowfuzz_crash_stale_data(r);
	case CF_INVARIANT: cowfuzz_crash_invariant(r);
	case CF_ERROR_NOT_REPORTED: cowfuzz_crash_error_not_reported(r);
	case CF_ERROR_INVENTED: cowfuzz_crash_error_invented(r);
	case CF_LIVENESS: cowfuzz_crash_liveness(r);
	default: cowfuzz_crash_unknown_class(r);
	}
}

#ifdef __AFL_COMPILER
/*
 * AFL++ does not read __libfuzzer_extra_counters.  Turn each nonzero
 * counter into instrumented code instead: one switch case (one basic block,
 * so one coverage guard) per feature id, entered as many times as the
 * counter says so AFL++'s hit-count buckets see the count too.  The empty
 * asm keeps the compiler from folding the cases into a lookup table.
 */
#define FC1(k)	case (k): __asm__ volatile("" : : "i"(k)); break;
#define FC4(k)	FC1(k) FC1((k) + 1) FC1((k) + 2) FC1((k) + 3)
#define FC16(k)	FC4(k) FC4((k) + 4) FC4((k) + 8) FC4((k) + 12)
#define FC64(k)	FC16(k) FC16((k) + 16) FC16((k) + 32) FC16((k) + 48)
#define FC256(k) FC64(k) FC64((k) + 64) FC64((k) + 128) FC64((k) + 192)
#define FC1024(k) FC256(k) FC256((k) + 256) FC256((k) + 512) FC256((k) + 768)

__attribute__((noinline)) static void afl_feature_edge(unsigned id)
{
	switch (id) {
	FC1024(0) FC1024(1024) FC1024(2048) FC1024(3072)
	default: break;
	}
}

static void afl_features_to_edges(void)
{
	for (unsigned i = 0; i < COWFUZZ_NFEATURES; i++)
		for (unsigned n = cowfuzz_features[i]; n; n--)
			afl_feature_edge(i);
}
#endif

/*
 * COWFUZZ_IGNORE=class,class...: classes that do not stop the fuzzer (the
 * run counts as passing).  For fuzzing past a known false positive or a
 * known bug to reach others; empty by default, so every class traps.
 */
int cowfuzz_target_ignored(int klass)
{
	if (!target_ignore_parsed) {
		const char *e = getenv("COWFUZZ_IGNORE");
		char name[64];

		target_ignore_parsed = 1;
		while (e && *e) {
			size_t n = strcspn(e, ",");
			int k;

			snprintf(name, sizeof(name), "%.*s", (int)n, e);
			k = cf_class_from_name(name);
			if (k >= CF_STALE_WHICHFORK && k <= CF_LIVENESS)
				target_ignore |= 1u << (k - CF_STALE_WHICHFORK);
			else if (n) {
				fprintf(stderr, "cowfuzz target: COWFUZZ_IGNORE: unknown class '%s'\n",
					name);
				abort();
			}
			e += n + (e[n] == ',');
		}
	}
	return klass >= CF_STALE_WHICHFORK && klass <= CF_LIVENESS &&
	       (target_ignore >> (klass - CF_STALE_WHICHFORK)) & 1;
}

/*
 * COWFUZZ_SKIP_SITES=class@site,...: failures of that class at exactly that
 * site do not stop the fuzzer (scripts/fuzz --skip-known fills it from the
 * findings/ of the fuzzed profile), so a long hunt is not ended again and
 * again by what is already known.  A new bug at a known class and site is
 * hidden too: that is the price, and why it is not the default.
 */
static void target_parse_skip(void)
{
	const char *e = getenv("COWFUZZ_SKIP_SITES");

	while (e && *e) {
		size_t n = strcspn(e, ",");
		const char *at = memchr(e, '@', n);
		char name[64];
		int k;

		if (!n) {
			e++;
			continue;
		}
		snprintf(name, sizeof(name), "%.*s", at ? (int)(at - e) : (int)n, e);
		k = cf_class_from_name(name);
		if (!at || k < CF_STALE_WHICHFORK || k > CF_LIVENESS ||
		    (size_t)(e + n - at - 1) >= sizeof(target_skip[0].site) ||
		    target_nskip == TARGET_MAX_SKIP) {
			fprintf(stderr, "cowfuzz target: COWFUZZ_SKIP_SITES: bad entry '%.*s' "
				"(want class@site, at most %d)\n", (int)n, e, TARGET_MAX_SKIP);
			abort();
		}
		target_skip[target_nskip].klass = k;
		snprintf(target_skip[target_nskip].site, sizeof(target_skip[0].site), "%.*s",
			 (int)(e + n - at - 1), at + 1);
		target_nskip++;
		e += n + (e[n] == ',');
	}
}

int cowfuzz_target_skipped(const struct cf_result *res)
{
	static int parsed;

	if (!parsed) {
		parsed = 1;
		target_parse_skip();
	}
	for (int i = 0; i < target_nskip; i++)
		if (target_skip[i].klass == res->klass && !strcmp(target_skip[i].site, res->site))
			return 1;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int klass = cowfuzz_target_run(data, size, &target_res);

	if (klass && !cowfuzz_target_ignored(klass) && !cowfuzz_target_skipped(&target_res))
		crash(&target_res);
	if (klass)
		cowfuzz_target_passed_over++;
#ifdef __AFL_COMPILER
	if (features_on())
		afl_features_to_edges();
#endif
	return 0;
}

#ifdef COWFUZZ_WITH_MUTATOR
/*
 * Structure-aware mutations (harness/fuzz/mutate.c) for libFuzzer.  A quarter
 * of the time libFuzzer's own byte mutations run instead, so the dictionary
 * and its compare tracing still contribute.  COWFUZZ_MUTATOR=0 leaves only
 * the byte mutations (scripts/bench measures both).
 */
size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max_size);

static int custom_mutator_on(void)
{
	static int on = -1;

	if (on < 0) {
		const char *e = getenv("COWFUZZ_MUTATOR");

		on = e ? strcmp(e, "0") != 0 : 1;
		mut_set_npoints(cf_yield_count());
	}
	return on;
}

size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size,
			       unsigned int seed)
{
	if (!custom_mutator_on() || seed % 4 == 0)
		return LLVMFuzzerMutate(data, size, max_size);
	return mut_mutate(data, size, max_size, seed, NULL, 0);
}

size_t LLVMFuzzerCustomCrossOver(const uint8_t *d1, size_t s1, const uint8_t *d2,
				 size_t s2, uint8_t *out, size_t max_out,
				 unsigned int seed)
{
	size_t n1, n2;

	if (custom_mutator_on())
		return mut_crossover(d1, s1, d2, s2, out, max_out, seed);
	/* plain byte cross-over: a prefix of one, a suffix of the other */
	n1 = s1 ? seed % (s1 + 1) : 0;
	n1 = n1 < max_out ? n1 : max_out;
	n2 = s2 ? (seed / 7) % (s2 + 1) : 0;
	n2 = n2 < max_out - n1 ? n2 : max_out - n1;
	memcpy(out, d1, n1);
	memcpy(out + n1, d2 + s2 - n2, n2);
	return n1 + n2;
}
#endif
