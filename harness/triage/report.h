/* SPDX-License-Identifier: GPL-2.0 */
/* report.h: running a scenario for a tool and printing the oracle's report. */
#ifndef COWFUZZ_REPORT_H
#define COWFUZZ_REPORT_H

#include <stdio.h>
#include "cowfuzz.h"
#include "scenario.h"

/* The profile to use: the override, else the scenario's, else the default.
 * NULL (with a message in err) if a name is unknown. */
const struct cf_profile_info *report_pick_profile(const char *override,
						  const struct cf_scenario *scn,
						  char *err, size_t errlen);

/* The same for a loaded file: a binary input (form SCN_FORM_BINARY) names
 * no profile unless "PATH.profile" is beside it, and running it on the
 * default would answer a question nobody asked, so without an override it
 * is refused with a message that says what to pass. */
const struct cf_profile_info *report_input_profile(const char *override,
						   const struct cf_scenario *scn,
						   enum scn_form used, const char *path,
						   char *err, size_t errlen);

/* Run; on a failure without a trace, run again with the trace on so the
 * result carries its tail (the run is deterministic, so it is the same). */
int report_run(const struct cf_scenario *scn, const struct cf_profile_info *prof,
	       struct cf_result *res, cf_trace_fn trace, void *ctx);

/* The report: first line "cowfuzz: CLASS at SITE (profile P)", the
 * explanation, the trace tail and the exact replay command. */
void report_print(FILE *f, const struct cf_result *res,
		  const struct cf_profile_info *prof, const char *path);

/* The same; a fuzz_pct_* input (SCN_FORM_PCT) replays with --pct. */
void report_print_form(FILE *f, const struct cf_result *res,
		       const struct cf_profile_info *prof, const char *path,
		       enum scn_form form);

/* The program as it was invoked ("cowfuzz", "scripts/cowfuzz", a path). */
const char *report_program(void);

/* w as one shell word: as is when it needs no quoting, else in '...'. */
void report_print_word(FILE *f, const char *w);

#endif
