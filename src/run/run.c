// SPDX-License-Identifier: GPL-2.0
/*
 * cf_run(): one run, the layer above the simulator and the oracle that
 * connects them.  It resets both (nothing survives from the previous
 * input), registers the oracle as the simulator's listener, issues the
 * scenario's lines, and asks the oracle for its verdict and the result.
 */
#include <stddef.h>
#include <string.h>
#include "cowfuzz.h"
#include "profiles/profile.h"
#include "sim/driver.h"
#include "sim/observe.h"
#include "sim/sched.h"
#include "sim/trace.h"
#include "oracle/report.h"

/* preemptions the PCT schedule of the scenario being run added, -1: none */
static int pct_added = -1;

static int run_scenario(const struct cf_scenario *scn, const struct cf_profile_info *info,
			const struct cf_run_opts *opts, struct cf_result *res)
{
	const struct cf_profile *prof = cf_profile_get(info ? info :
					cf_profile_find(cf_profile_default()));

	memset(res, 0, offsetof(struct cf_result, files));
	sim_obs = &oracle_observer;
	sim_run_reset(scn, prof, opts, res);
	oracle_reset(scn, prof, res);
	sim_trace_begin(opts, scn, prof);
	if (pct_added >= 0)
		sim_trace("schedule pct seed=%u depth=%u: %d preemptions added (the op lines show them)",
			  scn->pct_seed, scn->pct_depth, pct_added);
	sim_setup();
	for (uint32_t i = 0; i < scn->nops && !sim_failed(); i++)
		sim_issue(i);
	if (!sim_failed())
		sim_drain();
	if (!sim_failed())
		oracle_final_check();
	res->klass = sim_failed();
	res->steps = sim_steps();
	if (opts && opts->want_final)
		oracle_fill_final(res);
	if (opts && opts->allowed)
		oracle_fill_allowed(opts->allowed);
	sim_trace_end(res);
	return res->klass;
}

/* A `schedule pct` line: run its schedule, the pauses written in. */
int cf_run(const struct cf_scenario *scn, const struct cf_profile_info *info,
	   const struct cf_run_opts *opts, struct cf_result *res)
{
	static struct cf_scenario sched;
	int klass;

	if (!scn->pct_depth)
		return run_scenario(scn, info, opts, res);
	pct_added = cf_pct_schedule(scn, info, scn->pct_seed, scn->pct_depth, opts, &sched);
	sched.pct_seed = scn->pct_seed;
	sched.pct_depth = scn->pct_depth;
	klass = run_scenario(&sched, info, opts, res);
	pct_added = -1;
	return klass;
}
