// SPDX-License-Identifier: GPL-2.0
/*
 * cowfuzz triage [--profile P] [--findings DIR] [--explore K] FILE...
 *
 * Runs each input and says, one line per file, which known bug it is:
 *	FILE: CLASS SITE PROFILE known=findings/<dir>
 *	FILE: CLASS SITE PROFILE new
 *	FILE: ok
 * and, after a known line, when a schedule of the crash's operations
 * with at most K preemptions still fails on the finding's fixed profile:
 *	FILE: fails under schedule on fixed-by P: CLASS at SITE, N preemptions ...
 * Crashes are grouped by (class, site, profile), the identity the
 * minimizer keeps; new groups are summed up on stderr.  Exit status: 0 if
 * every crash is known (or there is none), 1 if any is new or fails under
 * a schedule on its fixed profile, 2 on bad
 * arguments or an unreadable input or finding.
 */
#include <stdio.h>
#include <string.h>
#include "commands.h"
#include "scenario.h"
#include "triage/report.h"
#include "scenario/num.h"
#include "triage/triage.h"

#define TRIAGE_MAX_GROUPS	64
#define TRIAGE_EXPLORE_K	2	/* preemptions tried on the fixed profile */
#define TRIAGE_EXPLORE_SCHEDULES 20000

struct new_group {
	int		klass;
	char		site[64];
	const char	*profile;
	const char	*first;
	int		count;
};

static struct triage_finding findings[TRIAGE_MAX_FINDINGS];
static struct new_group groups[TRIAGE_MAX_GROUPS];
static int ngroups;

static void usage(FILE *f)
{
	fprintf(f, "usage: cowfuzz triage [--profile P] [--findings DIR] [--explore K] FILE...\n"
		   "  prints 'FILE: CLASS SITE PROFILE known=DIR/NAME', '... new' or 'FILE: ok'\n"
		   "  a known crash's operations are also explored on its fixed-by profile with\n"
		   "  up to K preemptions (default %d, 0 off): 'FILE: fails under schedule ...'\n"
		   "  exit 0: every crash known; 1: a new crash, or a fix that fails under a\n"
		   "  schedule; 2: bad arguments\n", TRIAGE_EXPLORE_K);
}

static void add_new(int klass, const char *site, const char *profile, const char *path)
{
	for (int i = 0; i < ngroups; i++) {
		if (groups[i].klass == klass && !strcmp(groups[i].site, site) &&
		    groups[i].profile == profile) {
			groups[i].count++;
			return;
		}
	}
	if (ngroups == TRIAGE_MAX_GROUPS)
		return;		/* the per-file lines still say "new" */
	groups[ngroups].klass = klass;
	snprintf(groups[ngroups].site, sizeof(groups[ngroups].site), "%s", site);
	groups[ngroups].profile = profile;
	groups[ngroups].first = path;
	groups[ngroups].count = 1;
	ngroups++;
}

/*
 * A known crash's operations on the finding's fixed profile, under every
 * schedule with at most k preemptions (docs/explore.md): a fix that some
 * schedule of the same operations still breaks is not a fix there.
 * Returns 3 (something new to look at: exit 1) when one fails.
 */
static int explore_fixed(const struct cf_scenario *scn, const struct triage_finding *f,
			 const char *path, unsigned k)
{
	static struct cf_scenario ops;
	static struct cf_explore_result ex;
	struct cf_explore_opts eo = { .max_preemptions = k,
				      .max_schedules = TRIAGE_EXPLORE_SCHEDULES };
	const struct cf_profile_info *fixed = cf_profile_find(f->fixed_by);

	if (!k || !fixed)
		return 0;
	ops = *scn;
	scn_strip_schedule(&ops);
	if (!cf_explore(&ops, fixed, &eo, &ex))
		return 0;
	printf("%s: fails under schedule on fixed-by %s: %s at %s, %u preemption%s "
	       "(cowfuzz explore --unpaused --profile %s -k %u %s)\n", path, fixed->name,
	       cf_class_name(ex.klass), ex.res.site, ex.preemptions,
	       ex.preemptions == 1 ? "" : "s", fixed->name, k, path);
	return 3;
}

/* One file: 0 ok or known, 1 new, 2 unreadable, 3 known but its fix fails
 * under a schedule. */
static int triage_one(const char *path, const char *override, const char *label,
		      int nfind, unsigned explore_k)
{
	static struct cf_scenario scn;
	static struct cf_result res;
	const struct cf_profile_info *prof;
	enum scn_form used;
	const struct triage_finding *f;
	char err[SCN_ERR_MAX];

	if (scn_load_input(path, SCN_FORM_AUTO, &scn, &used, err, sizeof(err))) {
		fprintf(stderr, "cowfuzz triage: %s\n", err);
		return 2;
	}
	prof = report_input_profile(override, &scn, used, path, err, sizeof(err));
	if (!prof) {
		fprintf(stderr, "cowfuzz triage: %s: %s\n", path, err);
		return 2;
	}
	if (cf_run(&scn, prof, &(struct cf_run_opts){ 0 }, &res) == CF_OK) {
		printf("%s: ok\n", path);
		return 0;
	}
	f = triage_match(findings, nfind, cf_class_name(res.klass), res.site, prof->name);
	if (f) {
		printf("%s: %s %s %s known=%s/%s\n", path, cf_class_name(res.klass),
		       res.site, prof->name, label, f->dir);
		return explore_fixed(&scn, f, path, explore_k);
	}
	printf("%s: %s %s %s new\n", path, cf_class_name(res.klass), res.site, prof->name);
	add_new(res.klass, res.site, prof->name, path);
	return 1;
}

static int load(const char *dir, int *nfind)
{
	char err[SCN_ERR_MAX + 256];

	*nfind = triage_load_findings(dir, findings, TRIAGE_MAX_FINDINGS, err, sizeof(err));
	if (*nfind < 0) {
		fprintf(stderr, "cowfuzz triage: %s\n", err);
		return -1;
	}
	return 0;
}

int cmd_triage(int argc, char **argv)
{
	static char defdir[4096];
	const char *profile = NULL, *dir = NULL, *label;
	int nfiles = 0, nfind = 0, worst = 0, nnew = 0;
	unsigned explore_k = TRIAGE_EXPLORE_K;
	int nsched = 0;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			usage(stdout);
			return 0;
		} else if (!strcmp(a, "--profile") || !strcmp(a, "-p") ||
			   !strcmp(a, "--findings")) {
			if (++i == argc) {
				fprintf(stderr, "cowfuzz triage: %s needs a value\n", a);
				return CLI_EXIT_USAGE;
			}
			if (!strcmp(a, "--findings"))
				dir = argv[i];
			else
				profile = argv[i];
		} else if (!strcmp(a, "--explore")) {
			uint64_t v;
			const char *why = NULL;

			if (++i == argc) {
				fprintf(stderr, "cowfuzz triage: --explore needs a number\n");
				return CLI_EXIT_USAGE;
			}
			if (num_parse(argv[i], 2, &v, &why)) {
				fprintf(stderr, "cowfuzz triage: --explore '%s': %s (0..2)\n",
					argv[i], why);
				return CLI_EXIT_USAGE;
			}
			explore_k = (unsigned)v;
		} else if (a[0] == '-' && a[1]) {
			fprintf(stderr, "cowfuzz triage: unknown option '%s'\n", a);
			return CLI_EXIT_USAGE;
		} else {
			argv[nfiles++ + 1] = argv[i];
		}
	}
	if (!nfiles) {
		fprintf(stderr, "usage: cowfuzz triage [--profile P] [--findings DIR] FILE... "
			"(try --help)\n");
		return CLI_EXIT_USAGE;
	}
	if (profile && !cf_profile_find(profile)) {
		fprintf(stderr, "cowfuzz triage: unknown profile '%s' (see 'cowfuzz profiles')\n",
			profile);
		return CLI_EXIT_USAGE;
	}
	if (dir) {
		label = dir;
		if (load(dir, &nfind))
			return CLI_EXIT_USAGE;
	} else if (!triage_default_dir(defdir, sizeof(defdir))) {
		label = "findings";
		if (load(defdir, &nfind))
			return CLI_EXIT_USAGE;
	} else {
		label = "findings";
		fprintf(stderr, "cowfuzz triage: no findings/ folder found from the cwd or the executable; every crash is new (use --findings DIR)\n");
	}
	for (int i = 0; i < nfiles; i++) {
		int rc = triage_one(argv[i + 1], profile, label, nfind, explore_k);

		if (rc == 2)
			return CLI_EXIT_USAGE;
		if (rc == 3) {
			nsched++;
			rc = 1;
		} else {
			nnew += rc;
		}
		worst = rc > worst ? rc : worst;
	}
	for (int i = 0; i < ngroups; i++)
		fprintf(stderr, "cowfuzz triage: new: %s at %s (profile %s): %d file%s, first %s\n",
			cf_class_name(groups[i].klass), groups[i].site, groups[i].profile,
			groups[i].count, groups[i].count == 1 ? "" : "s", groups[i].first);
	if (nnew)
		fprintf(stderr, "cowfuzz triage: %d of %d files are new crashes\n", nnew, nfiles);
	if (nsched)
		fprintf(stderr, "cowfuzz triage: %d of %d known crashes fail on their fixed-by "
			"profile under a schedule of their operations\n", nsched, nfiles);
	return worst;
}
