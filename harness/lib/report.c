// SPDX-License-Identifier: GPL-2.0
/* Running scenarios for the tools and printing the oracle's report. */
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
	fprintf(f, "  replay: cowfuzz run --profile %s -v %s\n", prof->name, path);
}
