// SPDX-License-Identifier: GPL-2.0
/*
 * cowfuzz minimize CRASH [-o OUT.scn] [--profile P] [--pass-on P2] [--time S] [-q]
 *
 * Shrinks a failing input (binary crash file or .scn) while the same
 * oracle class fires at the same site, and writes a readable .scn with a
 * comment header.  Exit status: 0 written; 1 the input does not fail on
 * the profile; 2 bad arguments or an unreadable/invalid file.  A timeout
 * still writes the best result so far (and says so) and exits 0.
 * --pass-on P2 makes it differential: every step must also pass on P2
 * (the fixing profile), so a finding stays a test of its fix.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "commands.h"
#include "scenario.h"
#include "triage/minimize.h"
#include "triage/report.h"

#define OUT_MAX		(96u * 1024)
#define CMDLINE_MAX	1024

static void usage(FILE *f)
{
	fprintf(f, "usage: cowfuzz minimize CRASH [-o OUT.scn] [--profile P] [--pass-on P2] [--time S] [-q]\n"
		   "  CRASH   a binary crash input or a .scn\n"
		   "  --pass-on  keep the result passing on profile P2 (e.g. the fixing commit)\n"
		   "  -o      where to write the minimized .scn (default: stdout)\n"
		   "  --time  wall-time bound in seconds (default %.0f)\n"
		   "  -q      no progress lines on stderr\n", MIN_DEFAULT_SECONDS);
}

static int parse_seconds(const char *s, double *out)
{
	char *end;
	double v = strtod(s, &end);

	if (end == s || *end || !(v > 0) || v > 86400)
		return -1;
	*out = v;
	return 0;
}

static int write_out(const char *path, const char *text, size_t n)
{
	FILE *f = path ? fopen(path, "w") : stdout;

	if (!f) {
		fprintf(stderr, "cowfuzz minimize: %s: cannot write: %s\n", path, strerror(errno));
		return -1;
	}
	if (fwrite(text, 1, n, f) != n || (path ? fclose(f) : fflush(f))) {
		fprintf(stderr, "cowfuzz minimize: %s: write failed\n", path ? path : "stdout");
		return -1;
	}
	return 0;
}

/* What the command line asked for. */
struct min_args {
	const char	*in;
	const char	*outpath;
	const char	*profile;
	const char	*time_arg;
	const char	*pass_on;
};

/* Parse argv into a and opts; 0, 1 for --help (done), or CLI_EXIT_USAGE. */
static int parse_args(int argc, char **argv, struct min_args *a, struct min_opts *opts)
{
	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i];

		if (!strcmp(arg, "-h") || !strcmp(arg, "--help")) {
			usage(stdout);
			return 1;
		} else if (!strcmp(arg, "-q")) {
			opts->log = NULL;
		} else if (!strcmp(arg, "-o") || !strcmp(arg, "--profile") ||
			   !strcmp(arg, "-p") || !strcmp(arg, "--time") ||
			   !strcmp(arg, "--pass-on")) {
			if (++i == argc) {
				fprintf(stderr, "cowfuzz minimize: %s needs a value\n", arg);
				return CLI_EXIT_USAGE;
			}
			if (!strcmp(arg, "-o"))
				a->outpath = argv[i];
			else if (!strcmp(arg, "--time"))
				a->time_arg = argv[i];
			else if (!strcmp(arg, "--pass-on"))
				a->pass_on = argv[i];
			else
				a->profile = argv[i];
		} else if (arg[0] == '-' && arg[1]) {
			fprintf(stderr, "cowfuzz minimize: unknown option '%s'\n", arg);
			return CLI_EXIT_USAGE;
		} else if (a->in) {
			fprintf(stderr, "cowfuzz minimize: one CRASH at a time ('%s' and '%s')\n",
				a->in, arg);
			return CLI_EXIT_USAGE;
		} else {
			a->in = arg;
		}
	}
	if (!a->in) {
		fprintf(stderr, "usage: cowfuzz minimize CRASH [-o OUT.scn] [--profile P] "
			"[--pass-on P2] [--time S] [-q] (try --help)\n");
		return CLI_EXIT_USAGE;
	}
	if (a->time_arg && parse_seconds(a->time_arg, &opts->seconds)) {
		fprintf(stderr, "cowfuzz minimize: --time '%s' is not a number of seconds in (0, 86400]\n",
			a->time_arg);
		return CLI_EXIT_USAGE;
	}
	return 0;
}

/* Load and check the input, and resolve both profiles into opts. */
static int load_input(const struct min_args *a, struct cf_scenario *scn,
		      struct min_opts *opts)
{
	enum scn_form used;
	char err[SCN_ERR_MAX];

	if (scn_load_input(a->in, SCN_FORM_AUTO, scn, &used, err, sizeof(err))) {
		fprintf(stderr, "cowfuzz minimize: %s\n", err);
		return CLI_EXIT_USAGE;
	}
	if (scn_validate(scn, err, sizeof(err))) {
		fprintf(stderr, "cowfuzz minimize: %s: %s\n", a->in, err);
		return CLI_EXIT_USAGE;
	}
	opts->prof = report_input_profile(a->profile, scn, used, a->in, err, sizeof(err));
	if (!opts->prof) {
		fprintf(stderr, "cowfuzz minimize: %s: %s\n", a->in, err);
		return CLI_EXIT_USAGE;
	}
	if (a->pass_on && !(opts->pass_on = cf_profile_find(a->pass_on))) {
		fprintf(stderr, "cowfuzz minimize: unknown profile '%s' (see 'cowfuzz profiles')\n",
			a->pass_on);
		return CLI_EXIT_USAGE;
	}
	return 0;
}

/* Format the result with its header and write it where -o says. */
static int write_result(const struct min_args *a, const struct cf_scenario *scn,
			const struct min_opts *opts, const struct min_stats *st)
{
	static char out[OUT_MAX];
	char cmdline[CMDLINE_MAX];
	size_t n;

	/* The command goes into the file: only what changes the result. */
	snprintf(cmdline, sizeof(cmdline), "cowfuzz minimize --profile %s%s%s%s%s %s",
		 opts->prof->name, a->pass_on ? " --pass-on " : "", a->pass_on ? a->pass_on : "",
		 a->time_arg ? " --time " : "", a->time_arg ? a->time_arg : "", a->in);
	n = minimize_format(scn, st, opts->prof->name, a->pass_on, cmdline, out, sizeof(out));
	if (n >= sizeof(out)) {
		fprintf(stderr, "cowfuzz minimize: result larger than %u bytes\n", OUT_MAX);
		return CLI_EXIT_USAGE;
	}
	if (write_out(a->outpath, out, n))
		return CLI_EXIT_USAGE;
	return 0;
}

int cmd_minimize(int argc, char **argv)
{
	static struct cf_scenario scn;
	struct min_opts opts = { .seconds = MIN_DEFAULT_SECONDS, .log = stderr };
	struct min_args a = { 0 };
	struct min_stats st;
	int ret;

	ret = parse_args(argc, argv, &a, &opts);
	if (ret)
		return ret == 1 ? 0 : ret;
	ret = load_input(&a, &scn, &opts);
	if (ret)
		return ret;
	switch (minimize_scenario(&scn, &opts, &st)) {
	case 0:
		break;
	case -1:
		fprintf(stderr, "cowfuzz minimize: %s: does not fail on profile %s; nothing to minimize\n",
			a.in, opts.prof->name);
		return 1;
	default:
		fprintf(stderr, "cowfuzz minimize: %s: fails on --pass-on profile %s too; nothing to minimize\n",
			a.in, a.pass_on);
		return 1;
	}
	ret = write_result(&a, &scn, &opts, &st);
	if (ret)
		return ret;
	fprintf(stderr, "cowfuzz minimize: %s at %s (profile %s): %u -> %u ops, %zu -> %zu bytes text, "
		"%u runs (%u cached), %.1f s%s\n",
		cf_class_name(st.klass), st.site, opts.prof->name, st.orig_ops, st.min_ops,
		st.orig_text, st.min_text, st.runs, st.cache_hits, st.seconds,
		st.timed_out ? ", TIMED OUT: best so far written" : "");
	return 0;
}
