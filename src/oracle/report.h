/* SPDX-License-Identifier: GPL-2.0 */
/* report.h: the oracle's face to the run driver (src/run): its listener,
 * the reset and the end-of-run checks. */
#ifndef CF_ORACLE_REPORT_H
#define CF_ORACLE_REPORT_H

#include "cowfuzz.h"

struct cf_profile;
struct sim_observer;

/* what the oracle does with the simulator's events (sim/observe.h) */
extern const struct sim_observer oracle_observer;

/* A new run: the model and every bookkeeping cleared. */
void oracle_reset(const struct cf_scenario *scn, const struct cf_profile *prof,
		  struct cf_result *res);
void oracle_final_check(void);
void oracle_fill_final(struct cf_result *res);
void oracle_fill_allowed(struct cf_allowed *allowed);

#endif
