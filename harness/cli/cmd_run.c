// SPDX-License-Identifier: GPL-2.0
/*
 * cowfuzz run [--profile P] [-v] [--text|--binary|--pct] FILE...
 * Replays inputs; -v prints the trace.  Exit status: 0 when every input
 * passes, else the class code of the first failure (DESIGN §7); 2 on bad
 * arguments or an unreadable/invalid file.
 */
#include <stdio.h>
#include <string.h>
#include "commands.h"
#include "scenario.h"
#include "triage/report.h"

static void print_line(void *ctx, const char *line)
{
	fprintf((FILE *)ctx, "%s\n", line);
}

static void usage(FILE *f)
{
	fprintf(f, "usage: cowfuzz run [--profile P] [-v] [--text|--binary|--pct] FILE...\n");
}

static void help(void)
{
	usage(stdout);
	printf("  FILE       a scenario: text if it is text (a .scn), else binary;\n"
	       "             --text/--binary force the form; --pct reads a fuzz_pct_*\n"
	       "             input (3 schedule bytes, then binary; docs/explore.md).\n"
	       "             A binary input runs on the profile in FILE.profile, else\n"
	       "             --profile is required\n"
	       "  --profile  the kernel behaviour (default: the scenario's 'profile' line,\n"
	       "             else the fixed kernel; 'cowfuzz profiles' lists them)\n"
	       "  -v         print the trace\n"
	       "Exit: 0 every FILE passes; 10..17 the class of the first failure\n"
	       "(10 stale-whichfork, 11 write-tossed, 12 data-loss, 13 stale-data,\n"
	       "14 invariant, 15 error-not-reported, 16 error-invented, 17 liveness);\n"
	       "2 bad arguments or an unreadable or invalid FILE.\n"
	       "Trace legend (docs/triage.md): STEP TASK EVENT per line; TASK is t0..t3,\n"
	       "wb, endio, dioend, gc, or -- (the driver); '== op N' starts scenario line N;\n"
	       "[S,+N) is N blocks from block S; pos/off/size/len are bytes; errors are\n"
	       "named as in the kernel (-EAGAIN, -EIO, -ENOSPC; 0 is success); 'tag T' is\n"
	       "the data of op T-1 (tag 1: the init data, tag 0: never written).\n");
}

int cmd_run(int argc, char **argv)
{
	static struct cf_scenario scn;
	static struct cf_result res;
	const char *profile = NULL;
	enum scn_form form = SCN_FORM_AUTO;
	int verbose = 0, first_fail = 0, nfiles = 0;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--profile") || !strcmp(argv[i], "-p")) {
			if (++i == argc) {
				fprintf(stderr, "cowfuzz run: --profile needs a name\n");
				return CLI_EXIT_USAGE;
			}
			profile = argv[i];
		} else if (!strcmp(argv[i], "-v") || !strcmp(argv[i], "--verbose")) {
			verbose = 1;
		} else if (!strcmp(argv[i], "--text") || !strcmp(argv[i], "--binary") ||
			   !strcmp(argv[i], "--pct")) {
			enum scn_form f = argv[i][2] == 't' ? SCN_FORM_TEXT :
					  argv[i][2] == 'b' ? SCN_FORM_BINARY : SCN_FORM_PCT;

			if (form != SCN_FORM_AUTO && form != f) {
				fprintf(stderr, "cowfuzz run: %s\n", f == SCN_FORM_PCT || form == SCN_FORM_PCT ?
					"--pct contradicts --text and --binary" :
					"--text and --binary contradict each other");
				return CLI_EXIT_USAGE;
			}
			form = f;
		} else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			help();
			return 0;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			fprintf(stderr, "cowfuzz run: unknown option '%s'\n", argv[i]);
			return CLI_EXIT_USAGE;
		} else {
			argv[nfiles++ + 1] = argv[i];
		}
	}
	if (!nfiles) {
		usage(stderr);
		return CLI_EXIT_USAGE;
	}
	if (profile && !cf_profile_find(profile)) {
		fprintf(stderr, "cowfuzz run: unknown profile '%s' (see 'cowfuzz profiles')\n",
			profile);
		return CLI_EXIT_USAGE;
	}
	for (int i = 0; i < nfiles; i++) {
		const char *path = argv[i + 1];
		const struct cf_profile_info *prof;
		enum scn_form used;
		char err[SCN_ERR_MAX];
		int klass;

		if (scn_load_input(path, form, &scn, &used, err, sizeof(err))) {
			fprintf(stderr, "cowfuzz run: %s\n", err);
			return CLI_EXIT_USAGE;
		}
		prof = report_input_profile(profile, &scn, used, path, err, sizeof(err));
		if (!prof) {
			fprintf(stderr, "cowfuzz run: %s: %s\n", path, err);
			return CLI_EXIT_USAGE;
		}
		klass = report_run(&scn, prof, &res, verbose ? print_line : NULL, stdout);
		if (klass) {
			report_print_form(stdout, &res, prof, path, used);
			if (!first_fail)
				first_fail = klass;
		} else {
			printf("%s: ok (profile %s, %llu steps)\n", path, prof->name,
			       (unsigned long long)res.steps);
		}
	}
	return first_fail;
}
