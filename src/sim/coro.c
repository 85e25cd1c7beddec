// SPDX-License-Identifier: GPL-2.0
/*
 * Coroutine switch for the scheduler.  On x86-64 a hand-written switch
 * saves only the callee-saved registers (the C ABI says the rest are dead
 * across the call), which keeps a task switch at a few nanoseconds.
 */
#include <stdint.h>
#include <stdlib.h>
#include "coro.h"

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CF_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define CF_ASAN 1
#endif

#ifdef CF_ASAN
#include <sanitizer/asan_interface.h>
#include <sanitizer/common_interface_defs.h>
#endif

static void *driver_sp;
static void *driver_fake;
static const void *driver_stack_bottom;
static size_t driver_stack_size;
static void (*entry_fn)(void);

static void asan_start(void **fake, const void *bottom, size_t size)
{
#ifdef CF_ASAN
	__sanitizer_start_switch_fiber(fake, bottom, size);
#else
	(void)fake; (void)bottom; (void)size;
#endif
}

/*
 * A task that failed, or was still paused when its run ended, never
 * returns from its frames, so ASan's redzones for them stay on its stack;
 * the next coroutine started there must not inherit them.
 */
static void asan_fresh_stack(void *stack, size_t size)
{
#ifdef CF_ASAN
	__asan_unpoison_memory_region(stack, size);
#else
	(void)stack; (void)size;
#endif
}

static void asan_finish(void *fake, const void **bottom, size_t *size)
{
#ifdef CF_ASAN
	__sanitizer_finish_switch_fiber(fake, bottom, size);
#else
	(void)fake; (void)bottom; (void)size;
#endif
}

#if defined(__x86_64__)

void cf_ctx_switch(void **save_sp, void *load_sp);
__asm__(
	".text\n"
	".globl cf_ctx_switch\n"
	".type cf_ctx_switch,@function\n"
	"cf_ctx_switch:\n"
	"	pushq %rbp\n"
	"	pushq %rbx\n"
	"	pushq %r12\n"
	"	pushq %r13\n"
	"	pushq %r14\n"
	"	pushq %r15\n"
	"	movq %rsp, (%rdi)\n"
	"	movq %rsi, %rsp\n"
	"	popq %r15\n"
	"	popq %r14\n"
	"	popq %r13\n"
	"	popq %r12\n"
	"	popq %rbx\n"
	"	popq %rbp\n"
	"	ret\n"
	".size cf_ctx_switch, .-cf_ctx_switch\n");

static void coro_trampoline(void)
{
	asan_finish(NULL, &driver_stack_bottom, &driver_stack_size);
	entry_fn();
	abort();	/* entry functions never return */
}

void coro_init(struct coro *c, void (*fn)(void))
{
	uintptr_t top = ((uintptr_t)c->stack + c->stack_size) & ~(uintptr_t)15;
	void **sp = (void **)top;

	asan_fresh_stack(c->stack, c->stack_size);
	entry_fn = fn;
	*--sp = NULL;			/* the trampoline's own return slot */
	*--sp = (void *)coro_trampoline;
	for (int i = 0; i < 6; i++)	/* rbp rbx r12 r13 r14 r15 */
		*--sp = NULL;
	c->sp = sp;
	c->asan_fake = NULL;
}

void coro_enter(struct coro *c)
{
	asan_start(&driver_fake, c->stack, c->stack_size);
	cf_ctx_switch(&driver_sp, c->sp);
	asan_finish(driver_fake, NULL, NULL);
}

void coro_exit_to_driver(struct coro *c, int finished)
{
	asan_start(finished ? NULL : &c->asan_fake, driver_stack_bottom,
		   driver_stack_size);
	cf_ctx_switch(&c->sp, driver_sp);
	asan_finish(c->asan_fake, &driver_stack_bottom, &driver_stack_size);
}

#else /* portable fallback */

#include <ucontext.h>

static ucontext_t driver_uc;

static void coro_trampoline(void)
{
	asan_finish(NULL, &driver_stack_bottom, &driver_stack_size);
	entry_fn();
	abort();
}

void coro_init(struct coro *c, void (*fn)(void))
{
	static ucontext_t ucs[16];
	static int next;
	ucontext_t *uc;

	if (!c->uctx)
		c->uctx = &ucs[next++ % 16];
	uc = c->uctx;
	asan_fresh_stack(c->stack, c->stack_size);
	entry_fn = fn;
	getcontext(uc);
	uc->uc_stack.ss_sp = c->stack;
	uc->uc_stack.ss_size = c->stack_size;
	uc->uc_link = NULL;
	makecontext(uc, coro_trampoline, 0);
	c->asan_fake = NULL;
}

void coro_enter(struct coro *c)
{
	asan_start(&driver_fake, c->stack, c->stack_size);
	swapcontext(&driver_uc, c->uctx);
	asan_finish(driver_fake, NULL, NULL);
}

void coro_exit_to_driver(struct coro *c, int finished)
{
	asan_start(finished ? NULL : &c->asan_fake, driver_stack_bottom,
		   driver_stack_size);
	swapcontext(c->uctx, &driver_uc);
	asan_finish(c->asan_fake, &driver_stack_bottom, &driver_stack_size);
}

#endif
