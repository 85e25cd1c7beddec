// SPDX-License-Identifier: GPL-2.0
/* A scenario's operations without their schedule (docs/explore.md). */
#include "scenario.h"

void scn_strip_schedule(struct cf_scenario *scn)
{
	uint32_t n = 0;

	for (uint32_t i = 0; i < scn->nops; i++) {
		struct cf_op op = scn->ops[i];

		if (op.kind == CF_OP_RESUME)
			continue;
		op.pause_point = 0;
		op.pause_nth = 1;
		scn->ops[n++] = op;
	}
	scn->nops = n;
	scn->pct_seed = 0;
	scn->pct_depth = 0;
}
