// SPDX-License-Identifier: GPL-2.0
/*
 * Schedule search over a scenario (docs/explore.md).
 *
 * A schedule is the scenario itself with preemptions written in: a
 * preemption pauses one line's operation at the Nth time it reaches a
 * yield point (`pause: P#N`), optionally lets a completion worker run
 * right then (`endio: complete` / `dioend: complete`), and continues the
 * paused task with a `resume` line before a later line, or leaves it to
 * the driver (the next line on that task, else the drain).  So every
 * schedule is a scenario that `cowfuzz run` replays as it is, and the
 * search needs nothing from the scheduler but a list of the yields a
 * pause could stop at (sim_yield_observer).
 *
 * cf_explore enumerates schedules with 0, 1, ... K preemptions
 * (iterative deepening, CHESS-style preemption bounding); within a
 * depth, preemptions are added in line order, each chosen from a replay
 * of the schedule with the earlier ones, in a fixed order: yield in the
 * order reached, then no worker / endio / dioend, then the driver's
 * resume before explicit resume positions, earliest first.
 *
 * cf_pct_schedule draws one schedule of that space PCT-style
 * (Burckhardt et al., ASPLOS'10): d-1 change points at uniformly random
 * yields, where the running task drops below every other, so it waits
 * until nothing else can run; a completion worker with queued work runs
 * first if its random priority beats the next line's task.
 */
#include <stddef.h>
#include <string.h>
#include "sim/driver.h"

#define EX_MAX_HITS	4096
#define EX_MAX_DEPTH	CF_EXPLORE_MAX_PREEMPTIONS

struct ex_hit {
	int16_t		line;
	uint8_t		point;		/* 0-based yield point */
	uint8_t		pending;	/* bit 0: endio work queued, bit 1: dio */
	uint16_t	nth;		/* 1-based, within the line's segment */
};

static struct {
	struct ex_hit	hits[EX_MAX_HITS];
	uint32_t	nhits;
	uint16_t	count[CF_MAX_OPS][YP_NR];	/* per line and point */
} obs;

static struct {
	const struct cf_profile_info	*prof;
	const struct cf_explore_opts	*opts;
	struct cf_explore_result	*out;
	struct cf_run_opts		run_opts;
	struct cf_scenario		scn[EX_MAX_DEPTH + 1];
	struct cf_result		res;
	int				stop;	/* found, or the bound was hit */
} ex;

static void observe(int line, int task, int point)
{
	struct ex_hit *h;

	(void)task;
	if (line < 0 || line >= CF_MAX_OPS || point < 0 || point >= YP_NR)
		return;
	if (obs.count[line][point] < UINT16_MAX)
		obs.count[line][point]++;
	if (obs.nhits >= EX_MAX_HITS)
		return;
	h = &obs.hits[obs.nhits++];
	h->line = (int16_t)line;
	h->point = (uint8_t)point;
	h->nth = obs.count[line][point];
	h->pending = (cf_work_pending(CF_TASK_ENDIO) ? 1 : 0) |
		     (cf_work_pending(CF_TASK_DIOEND) ? 2 : 0);
}

/* One run that lists the yields each unpaused line could pause at. */
static void collect_hits(const struct cf_scenario *scn, const struct cf_profile_info *prof,
			 const struct cf_run_opts *opts, struct cf_result *res)
{
	memset(&obs.count, 0, sizeof(obs.count));
	obs.nhits = 0;
	sim_yield_observer = observe;
	cf_run(scn, prof, opts, res);
	sim_yield_observer = NULL;
}

static void op_init(struct cf_op *op, int kind, int task)
{
	memset(op, 0, sizeof(*op));
	op->kind = (uint8_t)kind;
	op->task = (uint8_t)task;
	op->pause_nth = op->fault_nth = 1;
}

static int insert_op(struct cf_scenario *s, uint32_t at, const struct cf_op *op)
{
	if (s->nops >= CF_MAX_OPS || at > s->nops)
		return -1;
	memmove(&s->ops[at + 1], &s->ops[at], (s->nops - at) * sizeof(s->ops[0]));
	s->ops[at] = *op;
	s->nops++;
	return 0;
}

/* The first line after `from` that the task issues, else nops. */
static uint32_t next_on_task(const struct cf_scenario *s, uint32_t from, int task)
{
	for (uint32_t i = from + 1; i < s->nops; i++)
		if (s->ops[i].task == task)
			return i;
	return s->nops;
}

/* A hit the scenario can take: a line without a pause, an occurrence the
 * text form can name. */
static bool hit_usable(const struct cf_scenario *s, const struct ex_hit *h, uint32_t from)
{
	return (uint32_t)h->line >= from && (uint32_t)h->line < s->nops &&
	       !s->ops[h->line].pause_point && h->nth <= UINT8_MAX;
}

/*
 * Write preemption (h, worker, resume) into dst: pause line h->line there;
 * worker 0 none, 1 endio, 2 dioend runs next; resume_at 0 leaves the
 * task to the driver, else a resume line goes before that line of the
 * scenario with the pause and the worker in it.
 */
static int apply(struct cf_scenario *dst, const struct cf_scenario *src,
		 const struct ex_hit *h, int worker, uint32_t resume_at)
{
	struct cf_op *op, extra;
	int task;

	*dst = *src;
	op = &dst->ops[h->line];
	task = op->task;
	op->pause_point = (uint8_t)(h->point + 1);
	op->pause_nth = (uint8_t)h->nth;
	if (worker) {
		op_init(&extra, worker == 1 ? CF_OP_ENDIO : CF_OP_DIOEND,
			worker == 1 ? CF_TASK_ENDIO : CF_TASK_DIOEND);
		if (insert_op(dst, h->line + 1, &extra))
			return -1;
	}
	if (resume_at) {
		op_init(&extra, CF_OP_RESUME, task);
		if (insert_op(dst, resume_at, &extra))
			return -1;
	}
	return 0;
}

/* A leaf: one schedule run; the first failure ends the search. */
static void leaf(const struct cf_scenario *s, int depth)
{
	struct cf_explore_result *out = ex.out;

	if (ex.opts->max_schedules && out->schedules >= ex.opts->max_schedules) {
		out->bounded = 1;
		ex.stop = 1;
		return;
	}
	out->schedules++;
	if (!cf_run(s, ex.prof, &ex.run_opts, &ex.res))
		return;
	out->klass = ex.res.klass;
	out->preemptions = (uint32_t)depth;
	out->res = ex.res;
	out->schedule = *s;
	ex.stop = 1;
}

/*
 * Every schedule of scn[level] plus `left` more preemptions at lines
 * from `from` on.  The hits are copied before recursing, as the deeper
 * levels collect their own.
 */
static void search(int level, int left, uint32_t from)
{
	static struct ex_hit hits[EX_MAX_DEPTH][EX_MAX_HITS];
	const struct cf_scenario *cur = &ex.scn[level];
	struct cf_scenario *next = &ex.scn[level + 1];
	uint32_t nhits;

	if (!left) {
		leaf(cur, level);
		return;
	}
	collect_hits(cur, ex.prof, &ex.run_opts, &ex.res);
	nhits = obs.nhits;
	memcpy(hits[level], obs.hits, nhits * sizeof(hits[0][0]));
	for (uint32_t i = 0; i < nhits && !ex.stop; i++) {
		const struct ex_hit *h = &hits[level][i];

		if (!hit_usable(cur, h, from))
			continue;
		for (int worker = 0; worker <= 2 && !ex.stop; worker++) {
			uint32_t first, last, after;

			if (worker && (!(h->pending & (1u << (worker - 1))) ||
				       cur->ops[h->line].task ==
				       (worker == 1 ? CF_TASK_ENDIO : CF_TASK_DIOEND)))
				continue;
			after = h->line + (worker ? 2u : 1u);	/* first line after it all */
			/* the driver resumes it: before its task's next line, or in the drain */
			last = next_on_task(cur, h->line, cur->ops[h->line].task);
			if (last == cur->nops) {
				if (!apply(next, cur, h, worker, 0))
					search(level + 1, left - 1, h->line + 1);
			}
			/* a resume line before a later line (right after the pause
			 * with nothing between is no preemption), or at the end */
			last += worker ? 1 : 0;
			first = after + (worker ? 0 : 1);
			for (uint32_t at = first; at <= last && !ex.stop; at++)
				if (!apply(next, cur, h, worker, at))
					search(level + 1, left - 1, h->line + 1);
		}
	}
}

int cf_explore(const struct cf_scenario *scn, const struct cf_profile_info *prof,
	       const struct cf_explore_opts *opts, struct cf_explore_result *out)
{
	uint32_t k = opts->max_preemptions;

	memset(out, 0, offsetof(struct cf_explore_result, res));
	memset(&ex.run_opts, 0, sizeof(ex.run_opts));
	ex.run_opts.step_budget = opts->step_budget;
	ex.prof = prof;
	ex.opts = opts;
	ex.out = out;
	ex.stop = 0;
	if (k > EX_MAX_DEPTH)
		k = EX_MAX_DEPTH;
	/* a `schedule pct` scenario: the search starts from its schedule */
	if (scn->pct_depth)
		cf_pct_schedule(scn, prof, scn->pct_seed, scn->pct_depth, &ex.run_opts, &ex.scn[0]);
	else
		ex.scn[0] = *scn;
	for (uint32_t d = 0; d <= k && !ex.stop; d++) {
		search(0, (int)d, 0);
		if (!ex.stop)
			out->depth_done = d;
	}
	return out->klass;
}

/* ---- PCT ---------------------------------------------------------------- */

static uint64_t pct_next(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

int cf_pct_schedule(const struct cf_scenario *scn, const struct cf_profile_info *prof,
		    uint32_t seed, uint32_t depth, const struct cf_run_opts *opts,
		    struct cf_scenario *out)
{
	static struct cf_scenario cur;
	static struct cf_result res;
	struct cf_run_opts ro;
	uint64_t rng = seed;
	uint32_t prio[CF_NTASKS], change[EX_MAX_DEPTH], nchange, k, added = 0;
	uint32_t from = 0;

	memset(&ro, 0, sizeof(ro));
	ro.step_budget = opts ? opts->step_budget : 0;
	*out = *scn;
	out->pct_seed = 0;
	out->pct_depth = 0;	/* its own runs are plain */
	if (depth < 2)
		return 0;
	nchange = depth - 1 > EX_MAX_DEPTH ? EX_MAX_DEPTH : depth - 1;
	for (int t = 0; t < CF_NTASKS; t++)
		prio[t] = (uint32_t)pct_next(&rng);
	collect_hits(out, prof, &ro, &res);
	k = obs.nhits;
	if (!k)
		return 0;
	/* change points: steps drawn in [0, k), taken in order */
	for (uint32_t i = 0; i < nchange; i++)
		change[i] = (uint32_t)(pct_next(&rng) % k);
	for (uint32_t i = 1; i < nchange; i++)
		for (uint32_t j = i; j > 0 && change[j - 1] > change[j]; j--) {
			uint32_t x = change[j];

			change[j] = change[j - 1];
			change[j - 1] = x;
		}
	for (uint32_t i = 0; i < nchange; i++) {
		const struct ex_hit *h;
		int worker = 0, task, next_task;
		uint32_t nl;

		if (i) {
			collect_hits(out, prof, &ro, &res);
			if (change[i] >= obs.nhits)
				break;
		}
		h = &obs.hits[change[i]];
		if (!hit_usable(out, h, from))
			continue;
		cur = *out;
		task = cur.ops[h->line].task;
		nl = h->line + 1u;
		next_task = nl < cur.nops ? cur.ops[nl].task : -1;
		/* the highest-priority worker with work, if it beats the next line */
		for (int w = 1; w <= 2; w++) {
			int wt = w == 1 ? CF_TASK_ENDIO : CF_TASK_DIOEND;

			if (!(h->pending & (1u << (w - 1))) || wt == task)
				continue;
			if (next_task >= 0 && prio[wt] < prio[next_task])
				continue;
			if (!worker || prio[wt] > prio[worker == 1 ? CF_TASK_ENDIO : CF_TASK_DIOEND])
				worker = w;
		}
		if (apply(out, &cur, h, worker, 0)) {
			*out = cur;
			break;
		}
		prio[task] = 0;		/* below every other task */
		from = h->line + 1u;
		added++;
	}
	return (int)added;
}
