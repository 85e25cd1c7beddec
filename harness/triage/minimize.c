// SPDX-License-Identifier: GPL-2.0
/*
 * Structural minimization of a failing scenario (DESIGN §8, STYLE §7
 * lesson 12).  The order is syzkaller's prog.Minimize (fuzzing-notes §4):
 * cut every operation after the one during which the oracle fires, drop
 * operations one at a time from the last, replace the pauses by the
 * first failing schedule of a bounded search (docs/explore.md) when that
 * is simpler, drop pauses and faults (the
 * default policy is the simplest schedule), shrink arguments and geometry
 * toward small, aligned values, and finish with a byte-level pass over
 * the binary form.  Every step must keep the SAME class at the SAME site,
 * so the minimizer cannot drift to another bug.
 *
 * All state is static: a scenario is a fixed struct, and the predicate
 * cache is a fixed open-addressing table keyed by a hash of the canonical
 * text.  Nothing here depends on time except the bound, so without a
 * timeout the output is a function of the input alone.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "minimize.h"
#include "scenario.h"

#define CACHE_SLOTS	(1u << 15)
#define TEXT_MAX	(64u * 1024)
#define BIN_MAX		(SCN_HEADER_BYTES + CF_MAX_OPS * SCN_RECORD_BYTES)
#define MAX_ROUNDS	64

struct min_ctx {
	const struct cf_profile_info	*prof;
	const struct cf_profile_info	*pass_on;
	int				klass;
	char				site[64];
	int				keep_binary;	/* input had a binary form */
	double				deadline;
	FILE				*log;
	struct min_stats		*st;
	struct cf_scenario		cur;		/* best so far */
	uint64_t			cur_hash;
	struct cf_scenario		cand;
	struct cf_result		res;
	uint64_t			keys[CACHE_SLOTS];
	uint8_t				vals[CACHE_SLOTS];	/* 0 empty, 1 no, 2 yes */
};

static struct min_ctx ctx;
static char textbuf[TEXT_MAX];

static double now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

uint64_t minimize_hash(const struct cf_scenario *scn)
{
	uint64_t h = 0xcbf29ce484222325ull;
	size_t n = scn_format_text(scn, textbuf, sizeof(textbuf));

	if (n >= sizeof(textbuf))
		n = sizeof(textbuf) - 1;
	for (size_t i = 0; i < n; i++) {
		h ^= (uint8_t)textbuf[i];
		h *= 0x100000001b3ull;
	}
	return h;
}

/* Source lines and padding are not part of a scenario's meaning. */
static void canonicalize(struct cf_scenario *scn)
{
	scn->profile[0] = 0;
	for (uint32_t i = 0; i < scn->nops; i++) {
		scn->ops[i].line = 0;
	}
}

static int cache_get(uint64_t key, int *val)
{
	for (uint32_t i = 0, s = (uint32_t)key; i < CACHE_SLOTS; i++, s++) {
		s &= CACHE_SLOTS - 1;
		if (!ctx.vals[s])
			return 0;
		if (ctx.keys[s] == key) {
			*val = ctx.vals[s] == 2;
			return 1;
		}
	}
	return 0;
}

/* A full table only stops caching; the answer is still right. */
static void cache_put(uint64_t key, int val)
{
	for (uint32_t i = 0, s = (uint32_t)key; i < CACHE_SLOTS; i++, s++) {
		s &= CACHE_SLOTS - 1;
		if (!ctx.vals[s]) {
			ctx.keys[s] = key;
			ctx.vals[s] = val ? 2 : 1;
			return;
		}
	}
}

static int out_of_time(void)
{
	if (!ctx.st->timed_out && now_seconds() > ctx.deadline)
		ctx.st->timed_out = 1;
	return ctx.st->timed_out;
}

/* The predicate: does scn fire the same class at the same site? */
static int same_failure(const struct cf_scenario *scn, uint64_t key)
{
	struct cf_run_opts opts = { 0 };
	int val;

	if (cache_get(key, &val)) {
		ctx.st->cache_hits++;
		return val;
	}
	if (out_of_time())
		return 0;
	ctx.st->runs++;
	val = cf_run(scn, ctx.prof, &opts, &ctx.res) == ctx.klass &&
	      !strcmp(ctx.res.site, ctx.site);
	if (val && ctx.pass_on) {
		ctx.st->runs++;
		val = cf_run(scn, ctx.pass_on, &opts, &ctx.res) == CF_OK;
	}
	cache_put(key, val);
	return val;
}

/*
 * Adopt ctx.cand if it is a different, valid scenario that keeps the
 * failure.  A scenario that had a binary form keeps one, so the byte pass
 * and `cowfuzz encode` still work on the result.
 */
static int try_cand(void)
{
	char err[SCN_ERR_MAX];
	uint64_t key;

	canonicalize(&ctx.cand);
	if (scn_validate(&ctx.cand, err, sizeof(err)))
		return 0;
	if (ctx.keep_binary && scn_binary_check(&ctx.cand, err, sizeof(err)))
		return 0;
	key = minimize_hash(&ctx.cand);
	if (key == ctx.cur_hash || !same_failure(&ctx.cand, key))
		return 0;
	ctx.cur = ctx.cand;
	ctx.cur_hash = key;
	return 1;
}

static void cand_drop(uint32_t i)
{
	ctx.cand = ctx.cur;
	memmove(&ctx.cand.ops[i], &ctx.cand.ops[i + 1],
		(ctx.cand.nops - i - 1) * sizeof(ctx.cand.ops[0]));
	ctx.cand.nops--;
}

static void note(const char *what, int changed)
{
	if (ctx.log && changed)
		fprintf(ctx.log, "minimize: %-22s -> %u ops\n", what, ctx.cur.nops);
}

/* ---- pass 1: everything after the failing operation ---- */

struct trail_scan {
	uint32_t	last_op;	/* 1-based "== op N" seen last */
	int		drained;	/* the failure came in the drain */
};

static void trail_line(void *p, const char *line)
{
	struct trail_scan *t = p;
	const char *s = strstr(line, "driver == op ");

	if (s)
		t->last_op = (uint32_t)strtoul(s + 13, NULL, 10);
	else if (strstr(line, "driver: drain"))
		t->drained = 1;
}

/* Smallest prefix that still fails, by bisection: used when the trace
 * does not name the operation (it always should; this is the fallback). */
static uint32_t bisect_prefix(void)
{
	uint32_t lo = 1, hi = ctx.cur.nops;

	while (lo < hi && !out_of_time()) {
		uint32_t mid = lo + (hi - lo) / 2;

		ctx.cand = ctx.cur;
		ctx.cand.nops = mid;
		canonicalize(&ctx.cand);
		if (same_failure(&ctx.cand, minimize_hash(&ctx.cand)))
			hi = mid;
		else
			lo = mid + 1;
	}
	return hi;
}

static int pass_trailing(void)
{
	struct trail_scan t = { 0, 0 };
	struct cf_run_opts opts = { .trace = trail_line, .trace_ctx = &t };
	uint32_t keep;

	cf_run(&ctx.cur, ctx.prof, &opts, &ctx.res);
	ctx.st->runs++;
	if (t.drained || !t.last_op)
		return 0;	/* fired in the drain: every op may matter */
	keep = t.last_op;
	if (keep >= ctx.cur.nops)
		return 0;
	ctx.cand = ctx.cur;
	ctx.cand.nops = keep;
	if (try_cand())
		return 1;
	keep = bisect_prefix();
	if (keep >= ctx.cur.nops)
		return 0;
	ctx.cand = ctx.cur;
	ctx.cand.nops = keep;
	return try_cand();
}

/* ---- pass 2: operations one at a time, last to first ---- */

static int pass_drop_ops(void)
{
	int changed = 0;

	for (uint32_t i = ctx.cur.nops; i-- > 0 && !out_of_time(); ) {
		if (ctx.cur.nops <= 1)
			break;
		cand_drop(i);
		changed |= try_cand();
	}
	return changed;
}

/*
 * A pause and the `resume` that continues it are one idea: dropping only
 * one of them changes the schedule, dropping both may not matter at all.
 */
static int pass_drop_pause_pairs(void)
{
	int changed = 0;

	for (uint32_t j = ctx.cur.nops; j-- > 1 && !out_of_time(); ) {
		const struct cf_op *r = &ctx.cur.ops[j];
		uint32_t i = j;

		if (j >= ctx.cur.nops || r->kind != CF_OP_RESUME)
			continue;
		while (i-- > 0)
			if (ctx.cur.ops[i].task == r->task && ctx.cur.ops[i].pause_point)
				break;
		if (i == UINT32_MAX || ctx.cur.nops <= 2)
			continue;
		cand_drop(j);
		memmove(&ctx.cand.ops[i], &ctx.cand.ops[i + 1],
			(ctx.cand.nops - i - 1) * sizeof(ctx.cand.ops[0]));
		ctx.cand.nops--;
		changed |= try_cand();
	}
	return changed;
}

/*
 * The schedule search instead of the input's pauses (docs/explore.md):
 * strip every pause and resume line and let cf_explore find the first
 * schedule, in its fixed order, that fires the same class at the same
 * site.  It is adopted when it has fewer pauses (or as many and fewer
 * lines): the search's earliest schedule is the simplest one it knows.
 */
#define MIN_EXPLORE_K		2
#define MIN_EXPLORE_SCHEDULES	5000

static uint32_t count_pauses(const struct cf_scenario *scn)
{
	uint32_t n = 0;

	for (uint32_t i = 0; i < scn->nops; i++)
		n += scn->ops[i].pause_point != 0;
	return n;
}

static int pass_explore(void)
{
	static struct cf_explore_result ex;
	struct cf_explore_opts eo = { .max_preemptions = MIN_EXPLORE_K,
				      .max_schedules = MIN_EXPLORE_SCHEDULES };
	uint32_t pauses = count_pauses(&ctx.cur);

	if (!pauses || out_of_time())
		return 0;
	ctx.cand = ctx.cur;
	scn_strip_schedule(&ctx.cand);
	ctx.st->runs++;
	if (cf_explore(&ctx.cand, ctx.prof, &eo, &ex) != ctx.klass ||
	    strcmp(ex.res.site, ctx.site))
		return 0;
	ctx.st->runs += (uint32_t)ex.schedules;
	if (count_pauses(&ex.schedule) > pauses ||
	    (count_pauses(&ex.schedule) == pauses && ex.schedule.nops >= ctx.cur.nops))
		return 0;
	ctx.cand = ex.schedule;
	ctx.cand.pct_seed = 0;
	ctx.cand.pct_depth = 0;
	return try_cand();
}

/* ---- passes 3 and 4: pauses and faults ---- */

static int pass_props(int faults)
{
	int changed = 0;

	for (uint32_t i = ctx.cur.nops; i-- > 0 && !out_of_time(); ) {
		struct cf_op *op;
		uint8_t nth;

		if (i >= ctx.cur.nops)
			continue;
		op = &ctx.cur.ops[i];
		if (!(faults ? op->fault : op->pause_point))
			continue;
		nth = faults ? op->fault_nth : op->pause_nth;
		ctx.cand = ctx.cur;
		if (faults) {
			ctx.cand.ops[i].fault = CF_FAULT_NONE;
			ctx.cand.ops[i].fault_nth = 1;
		} else {
			ctx.cand.ops[i].pause_point = 0;
			ctx.cand.ops[i].pause_nth = 1;
		}
		if (try_cand()) {
			changed = 1;
			continue;
		}
		/* keep the property, but at its first occurrence if that will do */
		for (uint8_t n = 1; n < nth; n++) {
			ctx.cand = ctx.cur;
			if (faults)
				ctx.cand.ops[i].fault_nth = n;
			else
				ctx.cand.ops[i].pause_nth = n;
			if (try_cand()) {
				changed = 1;
				break;
			}
		}
	}
	return changed;
}

/* ---- pass 5: arguments ---- */

/*
 * Values to try instead of v, smallest first: the minimum, then halves
 * and v aligned down to 8, 4 and 2, then v - 1.  The first that keeps the
 * failure wins; the caller repeats until nothing smaller works.
 */
static int shrink_candidates(unsigned v, unsigned min, unsigned out[8])
{
	unsigned c[7] = { min, v / 2, v & ~15u, v & ~7u, v & ~3u, v & ~1u, v - 1 };
	int n = 0;

	if (v <= min)
		return 0;
	for (int i = 0; i < 7; i++) {
		int dup = 0;

		if (c[i] < min || c[i] >= v)
			continue;
		for (int k = 0; k < n; k++)
			dup |= out[k] == c[i];
		if (!dup)
			out[n++] = c[i];
	}
	/* ascending, so the smallest that works is found first */
	for (int i = 1; i < n; i++)
		for (int k = i; k > 0 && out[k] < out[k - 1]; k--) {
			unsigned t = out[k];

			out[k] = out[k - 1];
			out[k - 1] = t;
		}
	return n;
}

enum op_field { F_OFF, F_LEN, F_OFF2, F_INO, F_INO2, F_FLAG, F_NR };

static int field_get(const struct cf_op *op, int f, unsigned *v, unsigned *min)
{
	int ranged = op->kind == CF_OP_WRITE || op->kind == CF_OP_DWRITE ||
		     op->kind == CF_OP_SYNC_RANGE || op->kind == CF_OP_PUNCH ||
		     op->kind == CF_OP_READ || op->kind == CF_OP_UNSHARE ||
		     (op->kind == CF_OP_WRITEBACK && op->flag);

	*min = 0;
	switch (f) {
	case F_OFF:
		if (!ranged && op->kind != CF_OP_REFLINK && op->kind != CF_OP_TRUNCATE)
			return 0;
		*v = op->off;
		return 1;
	case F_LEN:
		if (op->kind == CF_OP_ENDIO || op->kind == CF_OP_DIOEND) {
			*v = op->len;	/* 0 = all: the default */
			return 1;
		}
		if (!ranged && !(op->kind == CF_OP_REFLINK && op->len))
			return 0;
		*v = op->len;
		*min = 1;	/* a reflink's 0 means "to EOF", not shorter */
		return 1;
	case F_OFF2:
		if (op->kind != CF_OP_REFLINK)
			return 0;
		*v = op->off2;
		return 1;
	case F_INO:
		if (!op->ino)
			return 0;
		*v = op->ino;
		*min = 1;
		return 1;
	case F_INO2:
		if (op->kind != CF_OP_REFLINK)
			return 0;
		*v = op->ino2;
		*min = 1;
		return 1;
	case F_FLAG:
		/* synchronous DIO and whole-file writeback are the plain forms */
		if (op->kind != CF_OP_DWRITE && op->kind != CF_OP_WRITEBACK)
			return 0;
		*v = op->flag;
		return 1;
	}
	return 0;
}

static void field_set(struct cf_op *op, int f, unsigned v)
{
	switch (f) {
	case F_OFF: op->off = (uint16_t)v; break;
	case F_LEN: op->len = (uint16_t)v; break;
	case F_OFF2: op->off2 = (uint16_t)v; break;
	case F_INO: op->ino = (uint8_t)v; break;
	case F_INO2: op->ino2 = (uint8_t)v; break;
	case F_FLAG:
		op->flag = (uint8_t)v;
		if (op->kind == CF_OP_WRITEBACK && !v)
			op->off = op->len = 0;
		break;
	}
}

static int shrink_field(uint32_t i, int f)
{
	int changed = 0, again = 1;

	while (again && !out_of_time()) {
		unsigned v, min, c[8];
		int n;

		again = 0;
		if (!field_get(&ctx.cur.ops[i], f, &v, &min))
			break;
		n = shrink_candidates(v, min, c);
		for (int k = 0; k < n; k++) {
			ctx.cand = ctx.cur;
			field_set(&ctx.cand.ops[i], f, c[k]);
			if (try_cand()) {
				changed = again = 1;
				break;
			}
		}
	}
	return changed;
}

static int pass_args(void)
{
	int changed = 0;

	for (uint32_t i = ctx.cur.nops; i-- > 0 && !out_of_time(); )
		for (int f = 0; f < F_NR; f++)
			changed |= shrink_field(i, f);
	return changed;
}

/* User tasks renamed t0, t1, ... in order of first use: reads better. */
static int pass_tasks(void)
{
	int map[CF_NTASKS], next = CF_T0;

	for (int t = 0; t < CF_NTASKS; t++)
		map[t] = t <= CF_T3 ? -1 : t;
	ctx.cand = ctx.cur;
	for (uint32_t i = 0; i < ctx.cand.nops; i++) {
		struct cf_op *op = &ctx.cand.ops[i];

		if (op->task <= CF_T3 && map[op->task] < 0)
			map[op->task] = next++;
		op->task = (uint8_t)map[op->task];
	}
	return try_cand();
}

/* ---- pass 6: geometry ---- */

enum geo_field { G_INIT, G_INIT_BLOCKS, G_DEV, G_COWEXT, G_FRAG, G_ALWAYS_COW, G_NR };

static int geo_get(const struct cf_geometry *g, int f, unsigned *v, unsigned *min)
{
	*min = 0;
	switch (f) {
	case G_INIT: *v = g->init; return 1;
	case G_INIT_BLOCKS:
		*min = 1;
		*v = g->init_blocks;
		return g->init != CF_INIT_NONE;
	case G_DEV: *min = 16; *v = g->dev_blocks; return 1;
	case G_COWEXT: *min = 1; *v = g->cowextsize; return 1;
	case G_FRAG: *v = g->frag; return 1;
	case G_ALWAYS_COW: *v = g->always_cow; return 1;
	}
	return 0;
}

static void geo_set(struct cf_geometry *g, int f, unsigned v)
{
	switch (f) {
	case G_INIT:
		g->init = (uint8_t)v;
		if (v == CF_INIT_NONE)
			g->init_blocks = 0;
		break;
	case G_INIT_BLOCKS: g->init_blocks = (uint16_t)v; break;
	case G_DEV: g->dev_blocks = v; break;
	case G_COWEXT: g->cowextsize = (uint8_t)v; break;
	case G_FRAG: g->frag = (uint8_t)v; break;
	case G_ALWAYS_COW: g->always_cow = (uint8_t)v; break;
	}
}

static int shrink_geo(int f)
{
	int changed = 0, again = 1;

	while (again && !out_of_time()) {
		unsigned v, min, c[8];
		int n;

		again = 0;
		if (!geo_get(&ctx.cur.geo, f, &v, &min))
			break;
		if (f == G_DEV && ctx.keep_binary)
			min = 64;	/* the binary form's smallest device */
		n = shrink_candidates(v, min, c);
		for (int k = 0; k < n; k++) {
			if (f == G_DEV && ctx.keep_binary)
				c[k] &= ~63u;
			ctx.cand = ctx.cur;
			geo_set(&ctx.cand.geo, f, c[k]);
			if (ctx.cand.geo.init && !ctx.cand.geo.init_blocks)
				ctx.cand.geo.init_blocks = 1;
			if (try_cand()) {
				changed = again = 1;
				break;
			}
		}
	}
	return changed;
}

/* One block a page is the plain case; try it before smaller blocks. */
static int shrink_block_size(void)
{
	static const uint32_t order[] = { 4096, 2048 };

	for (int k = 0; k < 2; k++) {
		if (ctx.cur.geo.block_size >= order[k])
			return 0;
		ctx.cand = ctx.cur;
		ctx.cand.geo.block_size = order[k];
		if (try_cand())
			return 1;
	}
	return 0;
}

static int pass_geometry(void)
{
	int changed = 0;

	for (int f = 0; f < G_NR && !out_of_time(); f++)
		changed |= shrink_geo(f);
	changed |= shrink_block_size();
	return changed;
}

/* ---- pass 7: bytes of the binary form ---- */

/*
 * Byte changes go through decode, so they land on canonical scenarios; a
 * change is kept only if the canonical bytes get lexicographically
 * smaller, which bounds the pass and keeps it from cycling.
 */
static int pass_bytes(void)
{
	static uint8_t cur[BIN_MAX], b[BIN_MAX], enc[BIN_MAX];
	int changed = 0;
	size_t n;

	if (!ctx.keep_binary)
		return 0;
	n = scn_encode_binary(&ctx.cur, cur, sizeof(cur));
	for (size_t i = 0; i < n && !out_of_time(); i++) {
		uint8_t v = cur[i];
		uint8_t c[3] = { 0, (uint8_t)(v / 2), (uint8_t)(v - 1) };

		for (int k = 0; k < 3 && v; k++) {
			size_t m;

			memcpy(b, cur, n);
			b[i] = c[k];
			scn_decode_binary(b, n, &ctx.cand);
			canonicalize(&ctx.cand);
			m = scn_encode_binary(&ctx.cand, enc, sizeof(enc));
			if (m != n || memcmp(enc, cur, n) >= 0)
				continue;
			if (try_cand()) {
				memcpy(cur, enc, n);
				changed = 1;
				break;
			}
		}
	}
	return changed;
}

/* ---- driver ---- */

static int structural_round(void)
{
	int changed = 0, c;

	c = pass_trailing();
	note("trailing ops dropped", c);
	changed |= c;
	c = pass_drop_ops();
	note("ops dropped", c);
	changed |= c;
	c = pass_explore();
	note("pauses replaced by an explored schedule", c);
	changed |= c;
	c = pass_drop_pause_pairs();
	note("pause+resume dropped", c);
	changed |= c;
	c = pass_props(0);
	note("pauses dropped", c);
	changed |= c;
	c = pass_props(1);
	note("faults dropped", c);
	changed |= c;
	c = pass_args();
	note("arguments shrunk", c);
	changed |= c;
	c = pass_tasks();
	note("tasks renamed", c);
	changed |= c;
	c = pass_geometry();
	note("geometry shrunk", c);
	changed |= c;
	return changed;
}

static void sizes(const struct cf_scenario *scn, uint32_t *ops, size_t *text,
		  size_t *bin)
{
	static uint8_t b[BIN_MAX];

	*ops = scn->nops;
	*text = scn_format_text(scn, textbuf, sizeof(textbuf));
	*bin = scn_encode_binary(scn, b, sizeof(b));
}

int minimize_scenario(struct cf_scenario *scn, const struct min_opts *opts,
		      struct min_stats *st)
{
	char err[SCN_ERR_MAX];
	double start = now_seconds();
	int rounds = 0;

	memset(&ctx, 0, sizeof(ctx));
	memset(st, 0, sizeof(*st));
	ctx.prof = opts->prof;
	ctx.pass_on = opts->pass_on;
	ctx.log = opts->log;
	ctx.st = st;
	ctx.deadline = start + (opts->seconds > 0 ? opts->seconds : MIN_DEFAULT_SECONDS);
	ctx.cur = *scn;
	canonicalize(&ctx.cur);
	ctx.keep_binary = !scn_binary_check(&ctx.cur, err, sizeof(err));
	sizes(&ctx.cur, &st->orig_ops, &st->orig_text, &st->orig_bin);

	st->runs++;
	st->klass = cf_run(&ctx.cur, ctx.prof, &(struct cf_run_opts){ 0 }, &ctx.res);
	if (st->klass == CF_OK) {
		st->seconds = now_seconds() - start;
		return -1;
	}
	ctx.klass = st->klass;
	memcpy(ctx.site, ctx.res.site, sizeof(ctx.site));
	ctx.site[sizeof(ctx.site) - 1] = 0;
	memcpy(st->site, ctx.site, sizeof(st->site));
	if (ctx.pass_on) {
		st->runs++;
		if (cf_run(&ctx.cur, ctx.pass_on, &(struct cf_run_opts){ 0 }, &ctx.res)) {
			st->seconds = now_seconds() - start;
			return -2;
		}
	}
	ctx.cur_hash = minimize_hash(&ctx.cur);
	cache_put(ctx.cur_hash, 1);

	while (rounds++ < MAX_ROUNDS && !out_of_time()) {
		int changed = structural_round();
		int bytes = pass_bytes();

		note("bytes lowered", bytes);
		if (!changed && !bytes)
			break;
	}
	*scn = ctx.cur;
	sizes(scn, &st->min_ops, &st->min_text, &st->min_bin);
	st->seconds = now_seconds() - start;
	return 0;
}

static size_t emit_size(char *buf, size_t cap, size_t pos, const char *what,
			uint32_t ops, size_t text, size_t bin)
{
	int n;

	if (bin)
		n = snprintf(pos < cap ? buf + pos : NULL, pos < cap ? cap - pos : 0,
			     "# %s: %u ops, %zu bytes binary, %zu bytes text\n",
			     what, ops, bin, text);
	else
		n = snprintf(pos < cap ? buf + pos : NULL, pos < cap ? cap - pos : 0,
			     "# %s: %u ops, no binary form, %zu bytes text\n",
			     what, ops, text);
	return pos + (n > 0 ? (size_t)n : 0);
}

size_t minimize_format(const struct cf_scenario *scn, const struct min_stats *st,
		       const char *profile, const char *pass_on, const char *command,
		       char *buf, size_t cap)
{
	static struct cf_scenario out;
	size_t pos = 0;
	int n;

	if (cap)
		buf[0] = 0;
	n = snprintf(buf, cap,
		     "# minimized by cowfuzz: %s at %s\n"
		     "# profile: %s\n",
		     cf_class_name(st->klass), st->site, profile);
	pos = n > 0 ? (size_t)n : 0;
	if (pass_on) {
		n = snprintf(pos < cap ? buf + pos : NULL, pos < cap ? cap - pos : 0,
			     "# passes on: %s (kept so while minimizing)\n", pass_on);
		pos += n > 0 ? (size_t)n : 0;
	}
	pos = emit_size(buf, cap, pos, "original", st->orig_ops, st->orig_text,
			st->orig_bin);
	pos = emit_size(buf, cap, pos, "minimized", st->min_ops, st->min_text,
			st->min_bin);
	n = snprintf(pos < cap ? buf + pos : NULL, pos < cap ? cap - pos : 0,
		     "# made by: %s\n%s\n", command,
		     st->timed_out ? "# TIMED OUT: this is the best result found in the time bound\n" : "");
	pos += n > 0 ? (size_t)n : 0;
	out = *scn;
	snprintf(out.profile, sizeof(out.profile), "%s", profile);
	pos += scn_format_text(&out, pos < cap ? buf + pos : NULL, pos < cap ? cap - pos : 0);
	return pos;
}
