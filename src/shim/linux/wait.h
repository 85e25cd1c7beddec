/* SPDX-License-Identifier: GPL-2.0 */
/*
 * linux/wait.h: wait queues.  sleep_on() blocks the current task until a
 * wake_up_all() on the queue; callers re-check their condition in a loop,
 * as with wait_event().  The scheduler keeps the waiters (sim/sched.c).
 */
#ifndef _SHIM_LINUX_WAIT_H
#define _SHIM_LINUX_WAIT_H

#include <stdint.h>

struct sim_waitq {
	uint8_t		waiters;	/* tasks blocked on it */
};

void sim_wait(struct sim_waitq *wq);
void sim_wake_all(struct sim_waitq *wq);

static inline void sleep_on(struct sim_waitq *wq)
{
	sim_wait(wq);
}

static inline void wake_up_all(struct sim_waitq *wq)
{
	sim_wake_all(wq);
}

#endif
