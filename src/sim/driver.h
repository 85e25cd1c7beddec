/* SPDX-License-Identifier: GPL-2.0 */
/*
 * driver.h: the simulator's face to the run driver above it (src/run) and
 * its own files: issue a scenario's lines on the tasks, drain, and the
 * executor that runs each op.  Nothing here survives from one run to the
 * next: sim_run_reset clears the scheduler, the mount and the driver.
 */
#ifndef CF_SIM_DRIVER_H
#define CF_SIM_DRIVER_H

#include <stdbool.h>
#include <stdint.h>
#include "cowfuzz.h"
#include "xfs_inode.h"

struct cf_profile;

/* internal op kinds run on tasks but never in a scenario */
#define CF_OP_SETUP		(CF_OP_NR + 1)	/* build the init state */
#define CF_OP_RECLAIM_ALL	(CF_OP_NR + 2)	/* the final reclaim pass */

/* driver.c: one run, line by line (its listener is sim_obs, observe.h) */
void sim_run_reset(const struct cf_scenario *scn, const struct cf_profile *prof,
		   const struct cf_run_opts *opts, struct cf_result *res);
const struct cf_scenario *sim_scenario(void);
void sim_setup(void);		/* the scenario's initial files */
void sim_issue(int line);	/* one scenario line */
void sim_drain(void);		/* everything to completion, fsync, reclaim */
uint16_t cf_read_block(struct xfs_inode *ip, uint32_t blk, bool locked);
void cf_dio_completed(int opidx, int ret);
void cf_clone_resolved(uint32_t blocks);

/* exec.c: the scenario executor and the simulated workers */
int cf_exec_op(int task, const struct cf_op *op, int opidx);
bool cf_work_pending(int task);

/* sched.c: told of every yield a scenario line's pause could stop at
 * (run/explore.c listens) */
extern void (*sim_yield_observer)(int line, int task, int point);

#endif
