/* SPDX-License-Identifier: GPL-2.0 */
/* report.h: the oracle's end-of-run checks and the trace bookkeeping. */
#ifndef CF_ORACLE_REPORT_H
#define CF_ORACLE_REPORT_H

#include "cowfuzz.h"

struct cf_profile;
void oracle_check_op_range(const struct cf_op *op, int opidx);
void oracle_final_check(void);
void oracle_fill_final(struct cf_result *res);
void oracle_fill_allowed(struct cf_allowed *allowed);
void oracle_fault_injected(int kind);
void oracle_reset(void);

void sim_trace_begin(const struct cf_run_opts *opts, const struct cf_scenario *scn,
		     const struct cf_profile *prof);
void sim_trace_line_op(int opidx);
void sim_trace_end(struct cf_result *res);

#endif
