/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sched.h: the deterministic scheduler's face to the port.
 *
 * Simulated tasks are coroutines.  A task gives up the CPU only at a named
 * yield point (sim_yield) or when it blocks on a lock or a wait queue; the
 * scenario decides at which yield point a task pauses.  Locks record their
 * holders and assert the lock order; waiting is blocking, never spinning.
 */
#ifndef CF_SIM_SCHED_H
#define CF_SIM_SCHED_H

#include <stdbool.h>
#include <stdint.h>
#include "cowfuzz.h"
#include "cf_windows.h"

#include "linux/rwsem.h"	/* struct sim_lock, the port's face of it */
#include "linux/wait.h"		/* struct sim_waitq */
#include "xfs_errortag.h"	/* sim_fault */

void sim_lock_init(struct sim_lock *l, int cls, uint16_t id);
void sim_lock_acquire(struct sim_lock *l, bool excl);
bool sim_lock_try(struct sim_lock *l, bool excl);
void sim_lock_release(struct sim_lock *l, bool excl);
bool sim_lock_held(const struct sim_lock *l, bool excl);	/* by the current task */
bool sim_lock_busy(const struct sim_lock *l);		/* held by anyone */

/* Block the current task on wq until woken; callers re-check in a loop. */
void sim_wait(struct sim_waitq *wq);
void sim_wake_all(struct sim_waitq *wq);

/* A named yield point: may pause the task if the scenario says so. */
void sim_yield(enum cf_yield_point yp);

/* Fault injection: true if the current operation's fault of this kind
 * fires at this opportunity (counted per operation). */
bool sim_fault(enum cf_fault_kind kind);

int sim_current_task(void);		/* -1 in the driver */
int sim_current_op(void);		/* op index the current task runs, -1 if none */

/* A monotonically increasing logical clock (operation start/ack ordering). */
uint64_t sim_now(void);

/* An oracle canary of the tests is on (enum cf_sabotage). */
bool cf_sabotaged(uint32_t what);

/* The run ends now with this failure (called by the oracle). */
void sim_fail(int klass, const char *site);
int sim_failed(void);			/* the run's failure class, 0 none */
uint64_t sim_steps(void);		/* scheduler steps so far */

/*
 * The driver's side (sim/driver.c).  The tasks themselves are private to
 * sched.c; the driver decides which runs next through these, and the
 * oracle reads a task's state and op.
 */
enum sim_task_state {
	TASK_IDLE,		/* no operation */
	TASK_READY,		/* runnable */
	TASK_BLOCKED,		/* waiting on a lock or a wait queue */
	TASK_PAUSED,		/* stopped at its pause point */
	TASK_DONE,		/* operation finished, result not yet collected */
	TASK_DEAD,		/* the run failed inside it */
};

/* A new run: every task idle, the step budget and the clock reset. */
void sim_sched_reset(const struct cf_run_opts *opts, struct cf_result *res);
void sim_task_start(int task, int op, const struct cf_op *opp);
void sim_run_task(int task);
void sim_feature(uint32_t x);
int sim_task_state(int task);
int sim_task_lowest(int state);		/* lowest task id in state, -1 none */
int sim_task_op(int task);		/* op index it runs, -1 none or internal */
int sim_task_result(int task);
/* The scenario line the task runs with its pauses honoured (-1: none). */
void sim_task_set_line(int task, int line);
/* No pause point, no line: the task runs on to its end. */
void sim_task_disarm(int task);
/* The driver resumes a paused task with no new pause point. */
void sim_task_wake(int task);
/* A resume line: runnable again, up to the line's pause point. */
void sim_task_resume(int task, const struct cf_op *op, int line);
/* A finished task's op goes idle: returns its op index, its op and result. */
int sim_task_collect(int task, const struct cf_op **opp, int *result);
/* What a blocked task waits on (NULL if it does not). */
const char *sim_task_blocked_on(int task, uint16_t *id);

#endif
