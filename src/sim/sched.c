// SPDX-License-Identifier: GPL-2.0
/*
 * The deterministic scheduler: tasks are coroutines that leave the CPU only
 * at named yield points or when they block.  Which task runs next is the
 * driver's decision (driver.c), made from the scenario alone.
 */
#include <stdio.h>
#include <string.h>
#include "coro.h"
#include "driver.h"
#include "observe.h"
#include "sched.h"
#include "trace.h"

#define SIM_STACK_SIZE	(256 * 1024)

static char sim_stacks[CF_NTASKS][SIM_STACK_SIZE] __attribute__((aligned(64)));

void (*sim_yield_observer)(int line, int task, int point);

#define SIM_MAX_HELD	8

struct sim_task {
	uint8_t		id;
	uint8_t		state;
	int16_t		op;		/* scenario op index, -1 if none or internal */
	const struct cf_op *opp;	/* the operation being run */
	struct coro	co;
	uint8_t		pause_point;	/* 0 = none, else yield point + 1 */
	uint8_t		pause_nth;
	uint16_t	pause_hits;
	uint8_t		fault;
	uint8_t		fault_nth;
	uint16_t	fault_hits;
	uint8_t		last_yp;	/* last yield point + 1 (features) */
	int		result;		/* the op's return value */
	int		nheld;
	struct sim_lock	*held[SIM_MAX_HELD];
	const char	*blocked_on;	/* for liveness reports */
	uint16_t	blocked_id;
	int16_t		seg_line;	/* scenario line whose start or resume it
					 * runs with pauses honoured, else -1 */
};

/* The scheduler's state, reset by sim_sched_reset at every run's start. */
static struct sched {
	const struct cf_run_opts	*opts;
	struct cf_result		*res;
	struct sim_task		tasks[CF_NTASKS];
	int			cur;		/* running task, -1 = driver */
	uint64_t		steps;
	uint64_t		budget;
	uint64_t		clock;
	int			prev_switch;	/* last (task, yp) for features */
	int			failed;
	uint32_t		sabotage;	/* oracle canaries (tests) */
} sch;

#define CF_DEFAULT_STEP_BUDGET	200000

void sim_sched_reset(const struct cf_run_opts *opts, struct cf_result *res)
{
	memset(&sch, 0, sizeof(sch));
	sim_window_armed = 0;
	sch.opts = opts;
	sch.res = res;
	sch.cur = -1;
	sch.sabotage = opts ? opts->sabotage : 0;
	sch.budget = opts && opts->step_budget ? opts->step_budget : CF_DEFAULT_STEP_BUDGET;
	for (int t = 0; t < CF_NTASKS; t++) {
		sch.tasks[t].id = t;
		sch.tasks[t].op = -1;
		sch.tasks[t].seg_line = -1;
	}
}

static struct sim_task *sim_cur(void)
{
	return sch.cur >= 0 ? &sch.tasks[sch.cur] : NULL;
}

static void switch_out(struct sim_task *t, int finished)
{
	coro_exit_to_driver(&t->co, finished);
}

static void step(void)
{
	if (++sch.steps > sch.budget && !sch.failed) {
		sim_obs->liveness("step budget exhausted");
	}
}

/* Interleaving coverage: which task moved from which point to which. */
void sim_feature(uint32_t x)
{
	const struct cf_run_opts *o = sch.opts;

	if (!o || !o->features || !o->nfeatures)
		return;
	x ^= x >> 16;
	x *= 0x7feb352dU;
	x ^= x >> 15;
	x *= 0x846ca68bU;
	x ^= x >> 16;
	if (o->features[x % o->nfeatures] < 255)
		o->features[x % o->nfeatures]++;
}

void sim_lock_init(struct sim_lock *l, int cls, uint16_t id)
{
	memset(l, 0, sizeof(*l));
	l->cls = cls;
	l->id = id;
}

static const char *lock_class_name(int cls)
{
	switch (cls) {
	case SIM_LC_IOLOCK: return "IOLOCK";
	case SIM_LC_MMAPLOCK: return "MMAPLOCK";
	case SIM_LC_PAGE: return "page lock";
	default: return "ILOCK";
	}
}

static bool lock_available(const struct sim_lock *l, bool excl)
{
	if (l->excl)
		return false;
	return excl ? l->shared == 0 : true;
}

static void lock_take(struct sim_task *t, struct sim_lock *l, bool excl)
{
	if (excl)
		l->excl = t->id + 1;
	else {
		l->shared++;
		l->shared_mask |= 1u << t->id;
	}
	if (t->nheld >= SIM_MAX_HELD) {
		sim_obs->invariant("lock", "a task holds more locks than the model allows");
		return;
	}
	t->held[t->nheld++] = l;
}

/* Lock order: IOLOCK < MMAPLOCK < page lock < ILOCK. */
static void check_order(struct sim_task *t, struct sim_lock *l)
{
	for (int i = 0; i < t->nheld; i++) {
		if (t->held[i] == l) {
			sim_obs->invariant("lock", "recursive acquisition of a lock");
			return;
		}
		if (t->held[i]->cls > l->cls) {
			char why[128];

			snprintf(why, sizeof(why), "%s %u taken while holding %s %u",
				 lock_class_name(l->cls), l->id,
				 lock_class_name(t->held[i]->cls), t->held[i]->id);
			sim_obs->invariant("lock order", why);
			return;
		}
	}
}

void sim_lock_acquire(struct sim_lock *l, bool excl)
{
	struct sim_task *t = sim_cur();

	ASSERT(t != NULL);
	check_order(t, l);
	step();
	while (!lock_available(l, excl)) {
		l->waiters |= 1u << t->id;
		t->state = TASK_BLOCKED;
		t->blocked_on = lock_class_name(l->cls);
		t->blocked_id = l->id;
		if (l->cls == SIM_LC_PAGE)
			sim_trace("blocks on the lock of page %u of ino %u", l->id % 1000, l->id / 1000);
		else
			sim_trace("blocks on %s of ino %u", t->blocked_on, l->id);
		switch_out(t, 0);
		step();
	}
	lock_take(t, l, excl);
}

bool sim_lock_try(struct sim_lock *l, bool excl)
{
	struct sim_task *t = sim_cur();

	if (!lock_available(l, excl))
		return false;
	check_order(t, l);
	lock_take(t, l, excl);
	return true;
}

static void wake_mask(uint8_t mask)
{
	for (int i = 0; i < CF_NTASKS; i++) {
		if (!(mask & (1u << i)))
			continue;
		if (sch.tasks[i].state == TASK_BLOCKED) {
			sch.tasks[i].state = TASK_READY;
			sch.tasks[i].blocked_on = NULL;
		}
	}
}

void sim_lock_release(struct sim_lock *l, bool excl)
{
	struct sim_task *t = sim_cur();
	int i;

	ASSERT(t != NULL);
	if (excl) {
		ASSERT(l->excl == t->id + 1);
		l->excl = 0;
	} else {
		ASSERT(l->shared_mask & (1u << t->id));
		l->shared--;
		l->shared_mask &= ~(1u << t->id);
	}
	for (i = t->nheld - 1; i >= 0; i--)
		if (t->held[i] == l)
			break;
	if (i >= 0) {
		memmove(&t->held[i], &t->held[i + 1], (t->nheld - i - 1) * sizeof(t->held[0]));
		t->nheld--;
	}
	if (l->waiters) {
		uint8_t w = l->waiters;

		l->waiters = 0;
		wake_mask(w);
	}
}

bool sim_lock_held(const struct sim_lock *l, bool excl)
{
	struct sim_task *t = sim_cur();

	if (!t)
		return false;
	if (excl)
		return l->excl == t->id + 1;
	return l->excl == t->id + 1 || (l->shared_mask & (1u << t->id));
}

bool sim_lock_busy(const struct sim_lock *l)
{
	return l->excl || l->shared;
}

void sim_wait(struct sim_waitq *wq)
{
	struct sim_task *t = sim_cur();

	ASSERT(t != NULL);
	step();
	if (t->nheld) {
		/* Sleeping with a spinning-free lock held is legal (page lock,
		 * IOLOCK), but the model never sleeps holding the ILOCK. */
		for (int i = 0; i < t->nheld; i++)
			if (t->held[i]->cls == SIM_LC_ILOCK)
				sim_obs->invariant("sleep", "task waits with the ILOCK held");
	}
	wq->waiters |= 1u << t->id;
	t->state = TASK_BLOCKED;
	t->blocked_on = "a wait queue";
	t->blocked_id = 0;
	switch_out(t, 0);
}

void sim_wake_all(struct sim_waitq *wq)
{
	uint8_t w = wq->waiters;

	wq->waiters = 0;
	wake_mask(w);
}

/*
 * The window of a transaction allocation, by the function allocating it
 * (shim/xfs_trans.h).  A function with none (xfs_reflink_remap_extent,
 * xfs_setattr_size) allocates without a window.
 */
void sim_trans_window(const char *caller)
{
	static const struct {
		const char		*func;
		enum cf_yield_point	yp;
	} windows[] = {
		{ "xfs_bmapi_convert_delalloc",	YP_CONVERT_DELALLOC_TRANS },
		/* its one pass since 2e08371a83f1 (v6.10), for every profile */
		{ "xfs_bmapi_convert_one_delalloc", YP_CONVERT_DELALLOC_TRANS },
		{ "xfs_reflink_end_cow_extent",	YP_END_COW_TRANS },
		{ "xfs_reflink_cancel_cow_range", YP_CANCEL_COW_TRANS },
		{ "xfs_reflink_allocate_cow",	YP_ALLOCATE_COW_TRANS },
		{ "xfs_iomap_write_unwritten",	YP_WRITE_UNWRITTEN_TRANS },
		{ "xfs_atomic_write_cow_iomap_begin", YP_ATOMIC_COW_TRANS },
		{ "xfs_reflink_end_atomic_cow",	YP_END_ATOMIC_COW_TRANS },
	};

	for (size_t i = 0; i < sizeof(windows) / sizeof(windows[0]); i++) {
		if (!strcmp(caller, windows[i].func)) {
			sim_yield(windows[i].yp);
			return;
		}
	}
}

/* The window a trace event announced opens at the next lock call. */
unsigned char sim_window_armed;

void sim_window_open(void)
{
	enum cf_yield_point yp = (enum cf_yield_point)(sim_window_armed - 1);

	sim_window_armed = 0;
	sim_yield(yp);
}

void sim_yield(enum cf_yield_point yp)
{
	struct sim_task *t = sim_cur();

	ASSERT(t != NULL);
	step();
	/*
	 * Interleaving coverage: a feature only when another task ran since
	 * this one's last yield (a real switch, keyed on where both were),
	 * so a task running alone adds nothing for the engine to chase.
	 */
	if ((sch.prev_switch >> 8) != t->id)
		sim_feature(((uint32_t)sch.prev_switch << 16) | ((uint32_t)t->id << 8) | yp);
	sch.prev_switch = (t->id << 8) | yp;
	t->last_yp = yp + 1;
	if (sim_yield_observer && t->seg_line >= 0 && !t->pause_point)
		sim_yield_observer(t->seg_line, t->id, yp);
	if (t->pause_point != yp + 1)
		return;
	if (++t->pause_hits < t->pause_nth)
		return;
	t->pause_point = 0;
	t->state = TASK_PAUSED;
	sim_trace("pauses at %s", cf_yield_name(yp));
	switch_out(t, 0);
	sim_trace("resumes at %s", cf_yield_name(yp));
}

bool sim_fault(enum cf_fault_kind kind)
{
	struct sim_task *t = sim_cur();

	if (!t || t->fault != kind)
		return false;
	if (++t->fault_hits != t->fault_nth)
		return false;
	sim_obs->fault_injected(kind);
	sim_trace("fault injected: %s", cf_fault_name(kind));
	return true;
}

bool cf_sabotaged(uint32_t what)
{
	return sch.sabotage & what;
}

int sim_current_task(void)
{
	return sch.cur;
}

int sim_current_op(void)
{
	struct sim_task *t = sim_cur();

	return t ? t->op : -1;
}

uint64_t sim_now(void)
{
	return ++sch.clock;
}

/* The first failure wins; a task that failed never runs again. */
void sim_fail(int klass, const char *site)
{
	struct sim_task *t = sim_cur();

	if (!sch.failed) {
		sch.failed = klass;
		snprintf(sch.res->site, sizeof(sch.res->site), "%s", site);
	}
	if (t) {
		t->state = TASK_DEAD;
		switch_out(t, 1);
	}
}

/* Task body: run the op, report, never return. */
static void task_main(void)
{
	struct sim_task *t = sim_cur();

	t->result = cf_exec_op(t->id, t->opp, t->op);
	t->state = TASK_DONE;
	ASSERT(t->nheld == 0);
	switch_out(t, 1);
}

void sim_task_start(int task, int op, const struct cf_op *o)
{
	struct sim_task *t = &sch.tasks[task];

	t->op = op;
	t->opp = o;
	t->state = TASK_READY;
	t->pause_point = o->pause_point;
	t->pause_nth = o->pause_nth;
	t->pause_hits = 0;
	t->fault = o->fault;
	t->fault_nth = o->fault_nth;
	t->fault_hits = 0;
	t->result = 0;
	t->nheld = 0;
	t->seg_line = -1;
	t->co.stack = sim_stacks[task];
	t->co.stack_size = SIM_STACK_SIZE;
	coro_init(&t->co, task_main);
}

void sim_run_task(int task)
{
	struct sim_task *t = &sch.tasks[task];

	ASSERT(t->state == TASK_READY);
	sch.cur = task;
	sch.res->switches++;
	coro_enter(&t->co);
	sch.cur = -1;
}

int sim_failed(void)
{
	return sch.failed;
}

uint64_t sim_steps(void)
{
	return sch.steps;
}

int sim_task_state(int task)
{
	return sch.tasks[task].state;
}

int sim_task_lowest(int state)
{
	for (int t = 0; t < CF_NTASKS; t++)
		if (sch.tasks[t].state == state)
			return t;
	return -1;
}

int sim_task_op(int task)
{
	return sch.tasks[task].op;
}

int sim_task_result(int task)
{
	return sch.tasks[task].result;
}

void sim_task_set_line(int task, int line)
{
	sch.tasks[task].seg_line = (int16_t)line;
}

void sim_task_disarm(int task)
{
	sch.tasks[task].pause_point = 0;
	sch.tasks[task].seg_line = -1;
}

void sim_task_wake(int task)
{
	sch.tasks[task].state = TASK_READY;
	sch.tasks[task].pause_point = 0;
}

void sim_task_resume(int task, const struct cf_op *op, int line)
{
	struct sim_task *t = &sch.tasks[task];

	t->state = TASK_READY;
	t->pause_point = op->pause_point;
	t->pause_nth = op->pause_nth;
	t->pause_hits = 0;
	t->seg_line = (int16_t)line;
}

int sim_task_collect(int task, const struct cf_op **opp, int *result)
{
	struct sim_task *t = &sch.tasks[task];
	int opidx = t->op;

	*opp = t->opp;
	*result = t->result;
	t->state = TASK_IDLE;
	t->op = -1;
	t->opp = NULL;
	return opidx;
}

const char *sim_task_blocked_on(int task, uint16_t *id)
{
	if (sch.tasks[task].state != TASK_BLOCKED)
		return NULL;
	*id = sch.tasks[task].blocked_id;
	return sch.tasks[task].blocked_on;
}
