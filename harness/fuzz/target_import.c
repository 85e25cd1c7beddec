// SPDX-License-Identifier: GPL-2.0
/*
 * target_import - the trace importers read untrusted text: feed the input to
 * the strace, fsx and ftrace importers in memory, render every window, and
 * insist that each parses back with the strict .scn parser (an importer
 * that writes a scenario it cannot read back is a bug, like a crash).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "import/import.h"
#include "scenario.h"

#define TARGET_MAX_INPUT	(1 << 16)

static struct cf_scenario scn, back;

static void check_windows(const struct imp_ctx *c, enum imp_format fmt)
{
	char err[SCN_ERR_MAX];

	for (size_t k = 0; k < imp_window_count(c); k++) {
		char *text = imp_render_window(c, k, fmt, "fuzz", &scn);

		if (!text)
			continue;	/* out of memory: not a finding */
		if (scn_parse_text(text, strlen(text), "fuzz", &back, err, sizeof(err)) ||
		    back.nops != scn.nops || back.nops > IMP_WINDOW_OPS ||
		    scn_validate(&back, err, sizeof(err))) {
			fprintf(stderr, "import window %zu does not parse back: %s\n%s\n",
				k, err, text);
			abort();
		}
		free(text);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > TARGET_MAX_INPUT)
		return 0;
	for (int fmt = 0; fmt < IMP_NFORMATS; fmt++) {
		struct imp_ctx c;

		imp_init(&c, "fuzz", 4096);
		imp_run(&c, fmt, (const char *)data, size);
		if (!c.oom)
			check_windows(&c, fmt);
		imp_free(&c);
	}
	return 0;
}
