// SPDX-License-Identifier: GPL-2.0
/*
 * cowfuzz explore [--profile P] [--preemptions K] [--max-schedules N]
 *                 [--unpaused] [-o OUT.scn] [-q] [--text|--binary|--pct] SCENARIO
 *
 * Bounded schedule search (docs/explore.md): every schedule of the
 * scenario's operations with at most K preemptions added, in a fixed
 * order, until the oracle fires.  The failing schedule is printed as a
 * .scn with its pauses written in; before printing it is parsed back and
 * run again, so what is printed is known to replay.
 * Exit: the class of the failure found (10..17); 0 none within K
 * preemptions; 3 none before --max-schedules stopped the search; 2 bad
 * arguments or input; 1 the printed schedule did not replay (a bug).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "commands.h"
#include "scenario.h"
#include "scenario/num.h"
#include "triage/report.h"

#define EXPLORE_DEFAULT_K		2
#define EXPLORE_DEFAULT_MAX		100000
#define EXPLORE_EXIT_BOUNDED		3
#define EXPLORE_OUT_MAX			(96u * 1024)

static void usage(FILE *f)
{
	fprintf(f, "usage: cowfuzz explore [--profile P] [--preemptions K] [--max-schedules N] "
		   "[--unpaused] [-o OUT.scn] [-q] [--text|--binary|--pct] SCENARIO\n");
}

static void help(void)
{
	usage(stdout);
	printf("  SCENARIO         a .scn or binary input; its own pauses are kept\n"
	       "  --profile        the kernel behaviour (default: the scenario's, else the\n"
	       "                   fixed kernel; a binary input needs it or FILE.profile)\n"
	       "  --preemptions K  add at most K preemptions, 0..%d (default %d)\n"
	       "  --max-schedules  stop after N schedules, 1..10^9 (default %d)\n"
	       "  -o               write the failing schedule there (default: stdout)\n"
	       "  --unpaused       drop the scenario's pauses and resume lines first\n"
	       "  -q               only the verdict line (and -o's file)\n"
	       "  --pct            SCENARIO is a fuzz_pct_* input: explore from its schedule\n"
	       "Schedules go by preemptions (0, 1, ... K); a preemption pauses a line at\n"
	       "a yield point, may run a completion worker, and resumes the task later.\n"
	       "Exit: 10..17 the class found; 0 no failure within K preemptions; 3 the\n"
	       "search stopped at --max-schedules; 2 bad arguments or input.\n",
	       CF_EXPLORE_MAX_PREEMPTIONS, EXPLORE_DEFAULT_K, EXPLORE_DEFAULT_MAX);
}

static double now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int opt_num(const char *opt, const char *v, uint64_t min, uint64_t max, uint64_t *out)
{
	const char *why = NULL;

	if (!v) {
		fprintf(stderr, "cowfuzz explore: %s needs a number\n", opt);
		return -1;
	}
	if (num_parse(v, max, out, &why) || *out < min) {
		fprintf(stderr, "cowfuzz explore: %s '%s': %s (%llu..%llu)\n", opt, v,
			why ? why : "out of range", (unsigned long long)min,
			(unsigned long long)max);
		return -1;
	}
	return 0;
}

/* The schedule as text, parsed back and run: it must fail the same way. */
static int check_replay(const char *text, size_t n, const struct cf_explore_result *r,
			const struct cf_profile_info *prof)
{
	static struct cf_scenario back;
	static struct cf_result res;
	char err[SCN_ERR_MAX];

	if (scn_parse_text(text, n, "schedule", &back, err, sizeof(err))) {
		fprintf(stderr, "cowfuzz explore: the schedule does not parse: %s\n", err);
		return -1;
	}
	cf_run(&back, prof, NULL, &res);
	if (res.klass != r->klass || strcmp(res.site, r->res.site)) {
		fprintf(stderr, "cowfuzz explore: the printed schedule gives %s at %s, "
			"not %s at %s\n", cf_class_name(res.klass), res.site,
			cf_class_name(r->klass), r->res.site);
		return -1;
	}
	return 0;
}

static int write_schedule(const char *path, const char *text, size_t n)
{
	FILE *f = path ? fopen(path, "w") : stdout;

	if (!f) {
		fprintf(stderr, "cowfuzz explore: %s: cannot write: %s\n", path, strerror(errno));
		return -1;
	}
	if (fwrite(text, 1, n, f) != n || (path ? fclose(f) : fflush(f))) {
		fprintf(stderr, "cowfuzz explore: %s: write failed\n", path ? path : "stdout");
		return -1;
	}
	return 0;
}

int cmd_explore(int argc, char **argv)
{
	static struct cf_scenario scn;
	static struct cf_explore_result r;
	static char text[EXPLORE_OUT_MAX];
	struct cf_explore_opts o = { .max_preemptions = EXPLORE_DEFAULT_K,
				     .max_schedules = EXPLORE_DEFAULT_MAX };
	const struct cf_profile_info *prof;
	const char *in = NULL, *outpath = NULL, *profile = NULL;
	enum scn_form form = SCN_FORM_AUTO, used;
	char err[SCN_ERR_MAX];
	int quiet = 0, unpaused = 0;
	uint64_t v;
	double t0, secs;
	size_t n, hn;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			help();
			return 0;
		} else if (!strcmp(a, "--preemptions") || !strcmp(a, "-k")) {
			if (opt_num(a, i + 1 < argc ? argv[++i] : NULL, 0,
				    CF_EXPLORE_MAX_PREEMPTIONS, &v))
				return CLI_EXIT_USAGE;
			o.max_preemptions = (uint32_t)v;
		} else if (!strcmp(a, "--max-schedules")) {
			if (opt_num(a, i + 1 < argc ? argv[++i] : NULL, 1, 1000000000, &v))
				return CLI_EXIT_USAGE;
			o.max_schedules = v;
		} else if (!strcmp(a, "--profile") || !strcmp(a, "-p")) {
			if (++i == argc) {
				fprintf(stderr, "cowfuzz explore: --profile needs a name\n");
				return CLI_EXIT_USAGE;
			}
			profile = argv[i];
		} else if (!strcmp(a, "-o")) {
			if (++i == argc) {
				fprintf(stderr, "cowfuzz explore: -o needs a file name\n");
				return CLI_EXIT_USAGE;
			}
			outpath = argv[i];
		} else if (!strcmp(a, "-q")) {
			quiet = 1;
		} else if (!strcmp(a, "--unpaused")) {
			unpaused = 1;
		} else if (!strcmp(a, "--text") || !strcmp(a, "--binary") || !strcmp(a, "--pct")) {
			enum scn_form f = a[2] == 't' ? SCN_FORM_TEXT :
					  a[2] == 'b' ? SCN_FORM_BINARY : SCN_FORM_PCT;

			if (form != SCN_FORM_AUTO && form != f) {
				fprintf(stderr, "cowfuzz explore: %s\n", f == SCN_FORM_PCT || form == SCN_FORM_PCT ?
					"--pct contradicts --text and --binary" :
					"--text and --binary contradict each other");
				return CLI_EXIT_USAGE;
			}
			form = f;
		} else if (a[0] == '-' && a[1]) {
			fprintf(stderr, "cowfuzz explore: unknown option '%s'\n", a);
			return CLI_EXIT_USAGE;
		} else if (in) {
			fprintf(stderr, "cowfuzz explore: one SCENARIO at a time ('%s' and '%s')\n",
				in, a);
			return CLI_EXIT_USAGE;
		} else {
			in = a;
		}
	}
	if (!in) {
		usage(stderr);
		return CLI_EXIT_USAGE;
	}
	if (profile && !cf_profile_find(profile)) {
		fprintf(stderr, "cowfuzz explore: unknown profile '%s' (see 'cowfuzz profiles')\n",
			profile);
		return CLI_EXIT_USAGE;
	}
	if (scn_load_input(in, form, &scn, &used, err, sizeof(err))) {
		fprintf(stderr, "cowfuzz explore: %s\n", err);
		return CLI_EXIT_USAGE;
	}
	prof = report_input_profile(profile, &scn, used, in, err, sizeof(err));
	if (!prof) {
		fprintf(stderr, "cowfuzz explore: %s: %s\n", in, err);
		return CLI_EXIT_USAGE;
	}

	if (unpaused)
		scn_strip_schedule(&scn);
	t0 = now_seconds();
	cf_explore(&scn, prof, &o, &r);
	secs = now_seconds() - t0;

	if (!r.klass) {
		if (r.bounded)
			printf("%s: no failure in the first %llu schedules: --max-schedules stopped "
			       "the search at %u preemptions (%s, %.2f s)\n", in,
			       (unsigned long long)r.schedules, r.depth_done + 1, prof->name, secs);
		else
			printf("%s: no failure within %u preemptions (%llu schedules, %s, %.2f s)\n",
			       in, o.max_preemptions, (unsigned long long)r.schedules,
			       prof->name, secs);
		return r.bounded ? EXPLORE_EXIT_BOUNDED : 0;
	}

	snprintf(r.schedule.profile, sizeof(r.schedule.profile), "%s", prof->name);
	r.schedule.pct_depth = 0;	/* its pauses are written in */
	r.schedule.pct_seed = 0;
	hn = (size_t)snprintf(text, sizeof(text),
			      "# cowfuzz explore %s: %s at %s under %u preemption%s\n"
			      "# (schedule %llu in the search order)\n", in,
			      cf_class_name(r.klass), r.res.site, r.preemptions,
			      r.preemptions == 1 ? "" : "s", (unsigned long long)r.schedules);
	if (hn >= sizeof(text))
		hn = 0;
	n = hn + scn_format_text(&r.schedule, text + hn, sizeof(text) - hn);
	if (n >= sizeof(text)) {
		fprintf(stderr, "cowfuzz explore: the schedule is longer than %u bytes\n",
			EXPLORE_OUT_MAX);
		return 1;
	}
	if (check_replay(text, n, &r, prof))
		return 1;
	printf("%s: %s at %s under %u preemption%s (%llu schedules, %s, %.2f s)\n", in,
	       cf_class_name(r.klass), r.res.site, r.preemptions,
	       r.preemptions == 1 ? "" : "s", (unsigned long long)r.schedules, prof->name, secs);
	if (outpath || !quiet) {
		if (!outpath)
			fflush(stdout);
		if (write_schedule(outpath, text, n))
			return CLI_EXIT_USAGE;
	}
	return r.klass;
}
