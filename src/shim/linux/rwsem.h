/* SPDX-License-Identifier: GPL-2.0 */
/*
 * linux/rwsem.h (and the bits of lockdep the port asks): the inode locks
 * and the page lock.  The real ones sleep; ours are the scheduler's lock
 * objects (sim/sched.c): they record holders, assert the lock order, block
 * the task and switch to another.  A window the port announced with a
 * trace event (xfs_trace.h) opens at the next lock call: after a drop, or
 * before a take, the task may be switched out there (cf_windows.h).
 */
#ifndef _SHIM_LINUX_RWSEM_H
#define _SHIM_LINUX_RWSEM_H

#include <stdbool.h>
#include <stdint.h>

/* Lock classes, in the order they must be taken (kernel lock ordering). */
enum sim_lock_class {
	SIM_LC_IOLOCK = 1,
	SIM_LC_MMAPLOCK,
	SIM_LC_PAGE,
	SIM_LC_ILOCK,
};

/* All-zero is a valid unlocked lock (pages are created zeroed). */
struct sim_lock {
	uint8_t		cls;		/* enum sim_lock_class */
	uint8_t		excl;		/* exclusive holder's task + 1, 0 = none */
	uint8_t		shared;		/* number of shared holders */
	uint8_t		shared_mask;	/* which tasks hold it shared */
	uint8_t		waiters;	/* tasks blocked on it */
	uint16_t	id;		/* for traces: inode * 1000 + page or lock */
};

/* the scheduler's side (sim/sched.c) */
void sim_lock_acquire(struct sim_lock *l, bool excl);
bool sim_lock_try(struct sim_lock *l, bool excl);
void sim_lock_release(struct sim_lock *l, bool excl);
bool sim_lock_held(const struct sim_lock *l, bool excl);	/* by the current task */
bool sim_lock_busy(const struct sim_lock *l);		/* held by anyone */
void sim_window_open(void);		/* the announced window, if any */
extern unsigned char sim_window_armed;

static inline void cf_lock_window(void)
{
	if (__builtin_expect(sim_window_armed, 0))
		sim_window_open();
}

static inline void down_read(struct sim_lock *sem)
{
	cf_lock_window();
	sim_lock_acquire(sem, false);
}

static inline void down_write(struct sim_lock *sem)
{
	cf_lock_window();
	sim_lock_acquire(sem, true);
}

static inline void up_read(struct sim_lock *sem)
{
	sim_lock_release(sem, false);
	cf_lock_window();
}

static inline void up_write(struct sim_lock *sem)
{
	sim_lock_release(sem, true);
	cf_lock_window();
}

static inline bool down_write_trylock(struct sim_lock *sem)
{
	return sim_lock_try(sem, true);
}

/* rwsem_is_locked: held by anyone */
static inline bool rwsem_is_locked(const struct sim_lock *sem)
{
	return sim_lock_busy(sem);
}

/* lockdep_is_held_type: held by the current task (excl, or any mode) */
static inline bool lockdep_is_held_type(const struct sim_lock *sem, bool excl)
{
	return sim_lock_held(sem, excl);
}

#endif
