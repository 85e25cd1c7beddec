/* SPDX-License-Identifier: GPL-2.0 */
/*
 * coro.h: coroutines for simulated tasks.  A tiny stack switch (callee-saved
 * registers only) on x86-64, ucontext elsewhere; ASan is told about every
 * stack switch so its reports stay right.
 */
#ifndef CF_SIM_CORO_H
#define CF_SIM_CORO_H

#include <stddef.h>

struct coro {
	void	*sp;		/* saved stack pointer while switched out */
	void	*stack;		/* stack bottom */
	size_t	stack_size;
	void	*asan_fake;	/* ASan fake-stack handle while switched out */
	void	*uctx;		/* ucontext_t when not on x86-64 */
};

/* Prepare c to run fn() on its stack at the next coro_enter(). */
void coro_init(struct coro *c, void (*fn)(void));
/* Driver -> task; returns when the task calls coro_exit_to_driver(). */
void coro_enter(struct coro *c);
/* Task -> driver.  finished: the task will never be entered again. */
void coro_exit_to_driver(struct coro *c, int finished);

#endif
