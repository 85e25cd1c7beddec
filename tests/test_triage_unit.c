// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for harness/triage/triage.c and harness/triage/minimize.c: the
 * finding.txt grammar, matching, and the minimizer's contract on trace A
 * (tests/scenarios/trace-a.scn, parsed here from text so it reads like the
 * bug).  Argument order of the checks: expected, seen.
 */
#include <stdio.h>
#include <string.h>
#include "scenario.h"
#include "triage/minimize.h"
#include "triage/triage.h"

static int failures;

#define CHECK(cond) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "%s:%d: %s: CHECK(%s) failed\n",	\
			__FILE__, __LINE__, __func__, #cond);		\
		failures++;						\
	}								\
} while (0)

#define CHECK_STR(want, got) do {					\
	if (strcmp((want), (got))) {					\
		fprintf(stderr, "%s:%d: %s: want '%s', got '%s'\n",	\
			__FILE__, __LINE__, __func__, (want), (got));	\
		failures++;						\
	}								\
} while (0)

static const char good[] =
	"# the seed bug\n"
	"class: stale-whichfork\n"
	"site: xfs_map_blocks:allocate_blocks   # where the oracle fires\n"
	"profiles: 7588cbeec6df-v5.1 7588cbeec6df-v5.5\n"
	"fixed-by: c2f09217a430\n"
	"found-on: 7588cbeec6df-v5.5\n"
	"input: crash.bin\n";

static void test_parse_good(void)
{
	struct triage_finding f;
	char err[256] = "";

	CHECK(triage_parse_finding(good, &f, err, sizeof(err)) == 0);
	CHECK_STR("stale-whichfork", f.klass);
	CHECK_STR("xfs_map_blocks:allocate_blocks", f.site);
	CHECK(f.nprofiles == 2);
	CHECK_STR("7588cbeec6df-v5.5", f.profiles[1]);
	CHECK_STR("c2f09217a430", f.fixed_by);
	CHECK_STR("7588cbeec6df-v5.5", f.found_on);
}

static void expect_bad(const char *text, const char *want_err)
{
	struct triage_finding f;
	char err[256] = "";

	CHECK(triage_parse_finding(text, &f, err, sizeof(err)) == -1);
	if (!strstr(err, want_err)) {
		fprintf(stderr, "%s: want error containing '%s', got '%s'\n", __func__,
			want_err, err);
		failures++;
	}
}

static void test_parse_bad(void)
{
	expect_bad("class: stale-whichfork\nsite x\n", "line 2: expected 'key: value'");
	expect_bad("class: no-such-class\n", "line 1: unknown class");
	expect_bad("class: ok\n", "line 1: unknown class");
	expect_bad("profiles: 7588cbeec6df-v5.5 v9.9\n", "line 1: unknown profile");
	expect_bad("fixed-by: nope\n", "line 1: unknown profile in 'fixed-by:'");
	expect_bad("site:\n", "line 1: site is empty");
	expect_bad("class: stale-whichfork\nsite: s\nprofiles: c2f09217a430\n",
		   "missing one of");
	expect_bad("", "missing one of");
}

static void test_match(void)
{
	struct triage_finding f[2];
	char err[256];

	CHECK(triage_parse_finding(good, &f[0], err, sizeof(err)) == 0);
	CHECK(triage_parse_finding("class: write-tossed\nsite: iomap_writepage_map:map_blocks\n"
				   "profiles: pre-7588cbeec6df\nfixed-by: c2f09217a430\n",
				   &f[1], err, sizeof(err)) == 0);
	CHECK(triage_match(f, 2, "stale-whichfork", "xfs_map_blocks:allocate_blocks",
			   "7588cbeec6df-v5.1") == &f[0]);
	CHECK(triage_match(f, 2, "write-tossed", "iomap_writepage_map:map_blocks",
			   "pre-7588cbeec6df") == &f[1]);
	/* each part of the triple matters */
	CHECK(!triage_match(f, 2, "stale-whichfork", "xfs_map_blocks:allocate_blocks",
			    "c2f09217a430"));
	CHECK(!triage_match(f, 2, "stale-whichfork", "xfs_map_blocks:trim_to_cow",
			    "7588cbeec6df-v5.5"));
	CHECK(!triage_match(f, 2, "write-tossed", "xfs_map_blocks:allocate_blocks",
			    "7588cbeec6df-v5.5"));
}

/*
 * Trace A with noise around it: an unrelated write first, a read and a
 * truncate after, a larger fragmented device.  cowextsize stays 1: with a
 * larger hint the DIO's CoW allocation leaves blocks after the remapped
 * one, the retry's lookup finds them and resets cow_fsb (trace B's shape),
 * and on v5.5 nothing fires.
 */
static const char trace_a_noisy[] =
	"geometry block=4096 page=4096 dev=128 frag=2 cowextsize=1\n"
	"init clone blocks=4\n"
	"t3: write ino=3 off=8192 len=8192\n"
	"t0: dwrite ino=2 off=0 len=4096 async\n"
	"t1: write ino=2 off=0 len=4096\n"
	"t2: fsync ino=2 (pause: map_blocks.W2)\n"
	"dioend: complete\n"
	"t2: resume\n"
	"t3: read ino=3 off=0 len=16384\n"
	"t1: truncate ino=1 size=0\n";

static void test_minimize_trace_a(void)
{
	static struct cf_scenario scn, again;
	const struct cf_profile_info *v55 = cf_profile_find("7588cbeec6df-v5.5");
	struct min_opts opts = { .prof = v55, .seconds = 30 };
	struct min_stats st, st2;
	char err[SCN_ERR_MAX];

	CHECK(scn_parse_text(trace_a_noisy, strlen(trace_a_noisy), "noisy", &scn, err,
			     sizeof(err)) == 0);
	again = scn;
	CHECK(minimize_scenario(&scn, &opts, &st) == 0);
	CHECK(st.klass == CF_STALE_WHICHFORK);
	CHECK_STR("xfs_map_blocks:allocate_blocks", st.site);
	CHECK(st.orig_ops == 8);
	CHECK(st.min_ops <= 5);
	CHECK(st.min_ops == scn.nops);
	CHECK(!st.timed_out);
	/* the same input gives the same scenario */
	CHECK(minimize_scenario(&again, &opts, &st2) == 0);
	CHECK(minimize_hash(&scn) == minimize_hash(&again));
	/* the predicate cache did its work */
	CHECK(st.cache_hits > 0);
}

static void test_minimize_passing(void)
{
	static struct cf_scenario scn;
	struct min_opts opts = { .prof = cf_profile_find("c2f09217a430"), .seconds = 5 };
	struct min_stats st;
	char err[SCN_ERR_MAX];

	CHECK(scn_parse_text(trace_a_noisy, strlen(trace_a_noisy), "noisy", &scn, err,
			     sizeof(err)) == 0);
	CHECK(minimize_scenario(&scn, &opts, &st) == -1);
	CHECK(st.klass == CF_OK);
	CHECK(scn.nops == 8);	/* untouched */
}

static void test_minimize_pass_on(void)
{
	static struct cf_scenario scn;
	struct min_opts opts = {
		.prof = cf_profile_find("7588cbeec6df-v5.5"),
		.pass_on = cf_profile_find("7588cbeec6df-v5.1"),	/* fails there too */
		.seconds = 5,
	};
	struct min_stats st;
	char err[SCN_ERR_MAX];

	CHECK(scn_parse_text(trace_a_noisy, strlen(trace_a_noisy), "noisy", &scn, err,
			     sizeof(err)) == 0);
	CHECK(minimize_scenario(&scn, &opts, &st) == -2);
	opts.pass_on = cf_profile_find("c2f09217a430");
	CHECK(minimize_scenario(&scn, &opts, &st) == 0);
	CHECK(st.min_ops <= 5);
}

int main(void)
{
	test_parse_good();
	test_parse_bad();
	test_match();
	test_minimize_trace_a();
	test_minimize_passing();
	test_minimize_pass_on();
	if (failures) {
		fprintf(stderr, "test_triage_unit: %d failure(s)\n", failures);
		return 1;
	}
	printf("test_triage_unit: ok\n");
	return 0;
}
