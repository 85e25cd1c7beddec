/* SPDX-License-Identifier: GPL-2.0 */
/*
 * world.h: everything one run owns, in one static object that cf_run()
 * resets on entry, so no state survives from one input to the next.
 */
#ifndef CF_SIM_WORLD_H
#define CF_SIM_WORLD_H

#include "xfs_inode.h"
#include "iomap/iomap.h"
#include "oracle/model.h"
#include "sim/coro.h"
#include "sim/mount.h"
#include "sim/sched.h"
#include "sim/trace.h"

struct cf_world {
	const struct cf_scenario	*scn;
	const struct cf_profile		*prof;
	const struct cf_run_opts	*opts;
	struct cf_result		*res;

	int			faults_injected;
	int			errors_seen;	/* op results that were errors */

	uint8_t			ack_deferred[CF_MAX_OPS];	/* async dio: ack at completion */
	uint16_t		op_short[CF_MAX_OPS];	/* short write: 1 + blocks done */
	int64_t			op_fdmin[CF_MAX_OPS];	/* lowest m_fdblocks while it ran */
	uint8_t			fault_unreported[CF_NINODES];
	struct cf_op		internal_ops[CF_NTASKS];	/* setup, drain work */

	/* last: world_reset clears everything before it */
	struct cf_model		model;		/* model_init resets what it reads */
};

extern struct cf_world cf_w;

/* internal op kinds run on tasks but never in a scenario */
#define CF_OP_SETUP		(CF_OP_NR + 1)	/* build the init state */
#define CF_OP_RECLAIM_ALL	(CF_OP_NR + 2)	/* the final reclaim pass */

/* explore.c: told of every yield a scenario line's pause could stop at */
extern void (*sim_yield_observer)(int line, int task, int point);

/* exec.c: the scenario executor and the simulated workers */
int cf_exec_op(int task, const struct cf_op *op, int opidx);
bool cf_work_pending(int task);

/* run.c */
uint16_t cf_read_block(struct xfs_inode *ip, uint32_t blk, bool locked);
void cf_dio_completed(int opidx, int ret);
void cf_clone_resolved(uint32_t blocks);

#endif
