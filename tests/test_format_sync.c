// SPDX-License-Identifier: GPL-2.0
/*
 * The trace prints operations with the port's own formatter (the library
 * cannot call the harness); it must print exactly the canonical text of
 * harness/scenario/scn_text.c, checked here on every scenario given.
 */
#include <stdio.h>
#include <string.h>
#include "scenario.h"
#include "oracle/report.h"

int main(int argc, char **argv)
{
	static struct cf_scenario scn;
	int failures = 0, checked = 0;

	for (int i = 1; i < argc; i++) {
		char err[SCN_ERR_MAX];

		if (scn_load_file(argv[i], SCN_FORM_TEXT, &scn, err, sizeof(err))) {
			printf("FAIL %s\n", err);
			failures++;
			continue;
		}
		for (uint32_t k = 0; k < scn.nops; k++) {
			char a[256], b[256];

			scn_format_op(&scn, &scn.ops[k], a, sizeof(a));
			cf_format_op(&scn, &scn.ops[k], b, sizeof(b));
			checked++;
			if (strcmp(a, b)) {
				printf("FAIL %s op %u:\n  text:  %s\n  trace: %s\n", argv[i], k + 1, a, b);
				failures++;
			}
		}
	}
	printf("%d passed, %d failed\n", checked - failures, failures);
	return failures || !checked;
}
