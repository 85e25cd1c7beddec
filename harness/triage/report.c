// SPDX-License-Identifier: GPL-2.0
/* Running scenarios for the tools and printing the oracle's report. */
#define _GNU_SOURCE	/* program_invocation_name */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "report.h"

const struct cf_profile_info *report_pick_profile(const char *override,
						  const struct cf_scenario *scn,
						  char *err, size_t errlen)
{
	const char *name = override ? override :
			   scn->profile[0] ? scn->profile : cf_profile_default();
	const struct cf_profile_info *p = cf_profile_find(name);

	if (!p)
		snprintf(err, errlen, "unknown profile '%s' (see 'cowfuzz profiles')", name);
	return p;
}

const struct cf_profile_info *report_input_profile(const char *override,
						   const struct cf_scenario *scn,
						   enum scn_form used, const char *path,
						   char *err, size_t errlen)
{
	if (!override && (used == SCN_FORM_BINARY || used == SCN_FORM_PCT) &&
	    !scn->profile[0]) {
		snprintf(err, errlen, "a binary input does not record its profile: pass "
			 "--profile P (the one it was found on; see 'cowfuzz profiles') "
			 "or write P into %s.profile", path);
		return NULL;
	}
	return report_pick_profile(override, scn, err, errlen);
}

static void trace_discard(void *ctx, const char *line)
{
	(void)ctx;
	(void)line;
}

int report_run(const struct cf_scenario *scn, const struct cf_profile_info *prof,
	       struct cf_result *res, cf_trace_fn trace, void *ctx)
{
	struct cf_run_opts opts = { .trace = trace, .trace_ctx = ctx };
	int klass = cf_run(scn, prof, &opts, res);

	if (klass && !trace) {
		opts.trace = trace_discard;
		klass = cf_run(scn, prof, &opts, res);
	}
	return klass;
}

void report_print(FILE *f, const struct cf_result *res,
		  const struct cf_profile_info *prof, const char *path)
{
	report_print_form(f, res, prof, path, SCN_FORM_AUTO);
}

void report_print_form(FILE *f, const struct cf_result *res,
		       const struct cf_profile_info *prof, const char *path,
		       enum scn_form form)
{
	fprintf(f, "cowfuzz: %s at %s (profile %s)\n", cf_class_name(res->klass),
		res->site, prof->name);
	fprintf(f, "  what: %s\n", res->detail);
	fprintf(f, "  kernel: %s; expected on this profile: %s\n", prof->summary,
		prof->expected);
	fprintf(f, "  last trace events:\n");
	for (const char *p = res->tail; *p; ) {
		const char *nl = strchr(p, '\n');
		int n = nl ? (int)(nl - p) : (int)strlen(p);

		fprintf(f, "    %.*s\n", n, p);
		p += n + (nl ? 1 : 0);
	}
	fprintf(f, "  replay: ");
	report_print_word(f, report_program());
	fprintf(f, " run --profile %s -v %s", prof->name, form == SCN_FORM_PCT ? "--pct " : "");
	report_print_word(f, path);
	fprintf(f, "\n");
}

const char *report_program(void)
{
	const char *p = program_invocation_name;

	/* as typed: "cowfuzz" from PATH, or the path it was run by (the
	 * scripts/cowfuzz wrapper passes its own name), so it pastes */
	return p && *p ? p : "cowfuzz";
}

void report_print_word(FILE *f, const char *w)
{
	int plain = *w != 0;

	for (const char *c = w; *c; c++)
		if (!strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
			    "0123456789_-+=.,/:@%", *c))
			plain = 0;
	if (plain) {
		fputs(w, f);
		return;
	}
	fputc('\'', f);
	for (const char *c = w; *c; c++) {
		if (*c == '\'')
			fputs("'\\''", f);
		else
			fputc(*c, f);
	}
	fputc('\'', f);
}
