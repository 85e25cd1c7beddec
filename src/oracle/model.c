// SPDX-License-Identifier: GPL-2.0
/*
 * The reference model of file contents (see model.h for the rule).  Every
 * write-like operation adds an entry to each block it covers when it
 * starts; its acknowledgement retires the entries it makes obsolete.
 */
#include <stdio.h>
#include <stddef.h>
#include <string.h>
#include "model.h"
#include "cf_content.h"

static void model_op_entries(struct cf_model *m, const struct cf_scenario *scn, int opidx);

/* A set of tags, one bit each: a file's (written) or a block's (hist). */
static void tags_add(uint64_t *set, uint16_t tag)
{
	set[tag / 64] |= 1ull << (tag % 64);
}

static bool tags_has(const uint64_t *set, uint16_t tag)
{
	return tag / 64 < MODEL_TAG_WORDS && (set[tag / 64] & (1ull << (tag % 64)));
}

/* ---- byte ranges: entries cover [lo, hi) of their block ------------- */

static uint32_t ent_hi(const struct cf_model *m, const struct model_entry *e)
{
	return e->hi ? e->hi : m->bs;
}

static bool ent_covers(const struct cf_model *m, const struct model_entry *e, uint32_t x)
{
	return e->lo <= x && x < ent_hi(m, e);
}

/* Is entry i still a candidate at byte x: it covers x and no acknowledged
 * entry covering x started after i was acknowledged? */
static bool candidate_at(const struct cf_model *m, const struct model_block *b, int i,
			 uint32_t x)
{
	if (!ent_covers(m, &b->e[i], x))
		return false;
	for (int j = 0; j < b->n; j++)
		if (ent_covers(m, &b->e[j], x) && b->e[j].ack != MODEL_NOT_ACKED &&
		    !b->e[j].weak && b->e[j].start > b->e[i].ack)
			return false;
	return true;
}

/* Does every entry cover the whole block?  (Block-aligned runs: the cheap
 * path, where a block is one piece.) */
static bool block_whole(const struct model_block *b)
{
	return !b->partial;
}

/* Sorted distinct cut points of the block: 0, every entry edge, the edges
 * of the runs of tag (if any), lim.  Between two cuts every entry either
 * covers all bytes or none.  Returns how many. */
static int block_cuts(const struct cf_model *m, const struct model_block *b, uint16_t tag,
		      uint32_t lim, uint32_t *cut)
{
	struct cf_content_run r[CF_MIX_RUNS];
	int n = 0, nr;

	if (tag < CF_TAG_MIX && block_whole(b)) {
		cut[0] = 0;
		cut[1] = lim;
		return lim ? 2 : 1;
	}
	nr = cf_content_runs(tag, m->bs, r);
	cut[n++] = 0;
	cut[n++] = lim;
	for (int i = 0; i < b->n; i++) {
		cut[n++] = b->e[i].lo;
		cut[n++] = ent_hi(m, &b->e[i]);
	}
	for (int i = 0; i < nr; i++)
		cut[n++] = r[i].end;
	/* insertion sort, dropping duplicates and cuts past lim */
	int w = 0;

	for (int i = 0; i < n; i++) {
		uint32_t x = cut[i];
		int k;

		if (x > lim)
			continue;
		for (k = 0; k < w && cut[k] < x; k++)
			;
		if (k < w && cut[k] == x)
			continue;
		memmove(&cut[k + 1], &cut[k], (w - k) * sizeof(cut[0]));
		cut[k] = x;
		w++;
	}
	return w;
}

#define MODEL_MAX_CUTS	(2 * MODEL_MAX_ENTRIES + CF_MIX_RUNS + 2)

/* The newest acknowledged entry at byte x: latest start, then latest ack,
 * then the later entry; -1 if none.  A weak entry is never the newest. */
static int newest_at(const struct cf_model *m, const struct model_block *b, uint32_t x)
{
	int best = -1;

	for (int i = 0; i < b->n; i++) {
		const struct model_entry *e = &b->e[i], *y;

		if (e->ack == MODEL_NOT_ACKED || e->weak || !ent_covers(m, e, x))
			continue;
		if (best < 0) {
			best = i;
			continue;
		}
		y = &b->e[best];
		/* ties: the later entry (a clone adds the source's newest last) */
		if (e->start > y->start || (e->start == y->start && e->ack >= y->ack))
			best = i;
	}
	return best;
}

/* A block's state and history: its own below hi, else the shared tail. */
static const struct model_block *cblk_of(const struct model_file *f, uint32_t blk)
{
	return blk < f->hi ? &f->b[blk] : &f->tail;
}

static const uint64_t *chist_of(const struct model_file *f, uint32_t blk)
{
	return blk < f->hi ? f->hist[blk] : f->tail_hist;
}

/* Blocks [hi, end) get their own copy of the tail before an op names them. */
static void materialize(struct model_file *f, uint32_t end)
{
	if (end > CF_MAX_FILE_BLOCKS)
		end = CF_MAX_FILE_BLOCKS;
	for (uint32_t blk = f->hi; blk < end; blk++) {
		f->b[blk] = f->tail;
		memcpy(f->hist[blk], f->tail_hist, sizeof(f->tail_hist));
	}
	if (end > f->hi)
		f->hi = end;
}

/*
 * The blocks of [first, end) an op edits one by one: materialized up to
 * end, except a truncate's span to the last block, whose part from hi on
 * is the tail (*tail set): the same edit for every block there.
 */
static uint32_t span_prepare(struct model_file *f, const struct cf_op *op, uint32_t first,
			     uint32_t end, bool *tail)
{
	*tail = false;
	if (op->kind == CF_OP_TRUNCATE && end >= CF_MAX_FILE_BLOCKS) {
		/* an unaligned size's last block has an entry of its own */
		materialize(f, first + (op->tail ? 1 : 0));
		*tail = f->hi < CF_MAX_FILE_BLOCKS;
		return f->hi;
	}
	materialize(f, end);
	return end;
}

/* The entry a full block forgets: the oldest weak rest, or acknowledged
 * entry that is the newest value at none of its bytes (a candidate only
 * while a write is in flight), so the sequential view (model_expect) stays
 * exact; else the oldest. */
static int entry_victim(const struct cf_model *m, const struct model_block *b)
{
	uint32_t cut[MODEL_MAX_CUTS];
	int ncut = block_cuts(m, b, CF_TAG_ZERO, m->bs, cut);
	bool newest[MODEL_MAX_ENTRIES] = { false };

	for (int c = 0; c + 1 < ncut; c++) {
		int best = newest_at(m, b, cut[c]);

		if (best >= 0)
			newest[best] = true;
	}
	for (int i = 0; i < b->n; i++)
		if (b->e[i].weak || (!newest[i] && b->e[i].ack != MODEL_NOT_ACKED))
			return i;
	return 0;
}

static void entry_add(const struct cf_model *m, struct model_file *f, struct model_block *b,
		      uint64_t *hist, uint16_t tag, int16_t op, uint32_t start, uint16_t lo,
		      uint16_t hi)
{
	/* a clone copies a candidate set: one entry per value is enough */
	for (int i = 0; i < b->n; i++)
		if (b->e[i].tag == tag && b->e[i].op == op && b->e[i].lo == lo &&
		    b->e[i].hi == hi)
			return;
	if (b->n == MODEL_MAX_ENTRIES) {
		/* full: forget one entry, and from now on accept any value of the
		 * block's history here (bounded memory, never a false alarm) */
		int v = entry_victim(m, b);

		memmove(&b->e[v], &b->e[v + 1], (MODEL_MAX_ENTRIES - 1 - v) * sizeof(b->e[0]));
		b->n--;
		b->saturated = 1;
	}
	b->e[b->n++] = (struct model_entry){ .tag = tag, .op = op, .start = start,
					     .ack = MODEL_NOT_ACKED, .lo = lo, .hi = hi };
	if (lo || hi)
		b->partial = 1;
	tags_add(f->written, tag);
	tags_add(hist, tag);
}

void model_init(struct cf_model *m, const struct cf_geometry *geo)
{
	/* f[].b and f[].hist are not cleared: nothing reads a block below hi
	 * before materialize wrote it */
	memset(m, 0, offsetof(struct cf_model, f));
	m->bs = geo->block_size;
	for (int i = 0; i < CF_NINODES; i++) {
		struct model_file *f = &m->f[i];

		memset(f, 0, offsetof(struct model_file, b));
		/* zeroes, acknowledged at time 0, written by no op */
		f->tail.n = 1;
		f->tail.e[0].op = -1;
		tags_add(f->tail_hist, CF_TAG_ZERO);
		tags_add(f->written, CF_TAG_ZERO);
	}
}

void model_init_done(struct cf_model *m, const struct cf_geometry *geo)
{
	int nfiles = geo->init == CF_INIT_CLONE ? 2 : 1;

	for (int i = 0; i < nfiles; i++) {
		struct model_file *f = &m->f[i];

		materialize(f, geo->init_blocks);
		for (uint32_t blk = 0; blk < geo->init_blocks; blk++) {
			f->b[blk].n = 1;
			f->b[blk].e[0] = (struct model_entry){ .tag = CF_TAG_INIT, .op = -1 };
			tags_add(f->hist[blk], CF_TAG_INIT);
		}
		tags_add(f->written, CF_TAG_INIT);
		f->size_blocks = geo->init_blocks;
		f->eof_lo = geo->init_blocks;
	}
}

bool model_op_has_entries(const struct cf_op *op)
{
	switch (op->kind) {
	case CF_OP_WRITE: case CF_OP_DWRITE: case CF_OP_PUNCH:
	case CF_OP_TRUNCATE: case CF_OP_REFLINK:
		return true;
	default:
		return false;
	}
}

/* Blocks an op touches in file ino (the range of its entries). */
static void op_span(const struct cf_model *m, const struct cf_op *op, int opidx,
		    int *ino, uint32_t *first, uint32_t *end)
{
	*ino = op->ino;
	*first = op->off;
	*end = op->off + op->len;
	switch (op->kind) {
	case CF_OP_TRUNCATE:
		/* an unaligned size zeroes the tail of its last block too */
		*first = op->off - (op->tail ? 1 : 0);
		*end = CF_MAX_FILE_BLOCKS;
		break;
	case CF_OP_REFLINK: {
		/* "to EOF" is resolved by the port when the clone runs */
		uint32_t len = m->clone_len[opidx];

		*ino = op->ino2;
		*first = op->off2;
		*end = op->off2 + len;
		if (*end > CF_MAX_FILE_BLOCKS)
			*end = CF_MAX_FILE_BLOCKS;
		break;
	}
	default:
		break;
	}
}

void model_op_start(struct cf_model *m, const struct cf_scenario *scn, int opidx)
{
	m->op_start[opidx] = ++m->clock;
	/* a clone copies what the source holds once it has the source locked:
	 * its entries come then (model_clone_resolved) */
	if (scn->ops[opidx].kind == CF_OP_REFLINK)
		return;
	model_op_entries(m, scn, opidx);
}

void model_clone_resolved(struct cf_model *m, const struct cf_scenario *scn, int opidx,
			  uint32_t len)
{
	m->clone_len[opidx] = len;
	model_op_entries(m, scn, opidx);
}

/* The bytes of block blk an op's entry covers (hi 0: to the block's end). */
static void entry_range(const struct cf_model *m, const struct cf_op *op, uint32_t blk,
			uint32_t first, uint32_t end, uint16_t *lo, uint16_t *hi)
{
	*lo = *hi = 0;
	switch (op->kind) {
	case CF_OP_WRITE: case CF_OP_DWRITE: case CF_OP_PUNCH:
		if (blk == first)
			*lo = op->head;
		if (blk + 1 == end && op->tail)
			*hi = (uint16_t)(m->bs - op->tail);
		break;
	case CF_OP_TRUNCATE:
		if (blk == first && op->tail)
			*lo = (uint16_t)(m->bs - op->tail);
		break;
	default:
		break;
	}
}

/*
 * A clone's entries in block blk: at each piece of the source block, the
 * values still candidates there, the newest last (ties in the clone's
 * entries go to the later one).  A whole-block source gives one piece.
 */
static void clone_entries(struct cf_model *m, struct model_file *f, uint32_t blk,
			  int sino, uint32_t sblk, int opidx, uint32_t t)
{
	const struct model_file *sf = &m->f[sino - 1];
	struct model_block sb = *cblk_of(sf, sblk);	/* a copy: f may be sf */
	const uint64_t *shist = chist_of(sf, sblk);
	uint32_t cut[MODEL_MAX_CUTS];
	int ncut = block_cuts(m, &sb, CF_TAG_ZERO, m->bs, cut);

	for (int c = 0; c + 1 < ncut; c++) {
		uint32_t x = cut[c];
		uint16_t lo = (uint16_t)x, hi = cut[c + 1] == m->bs ? 0 : (uint16_t)cut[c + 1];
		int best = newest_at(m, &sb, x);
		uint16_t newest = best < 0 ? CF_TAG_ZERO : sb.e[best].tag;

		for (int k = 0; k < sb.n; k++)
			if (sb.e[k].tag != newest && candidate_at(m, &sb, k, x))
				entry_add(m, f, &f->b[blk], f->hist[blk], sb.e[k].tag, opidx,
					  t, lo, hi);
		entry_add(m, f, &f->b[blk], f->hist[blk], newest, opidx, t, lo, hi);
	}
	for (int w = 0; w < MODEL_TAG_WORDS; w++)
		f->hist[blk][w] |= shist[w];
	/* a source that forgot entries gave an incomplete set: the copy's
	 * history (the source's too) must stand in for it as well */
	if (sb.saturated)
		f->b[blk].saturated = 1;
}

/* Is op i (not skip) started, not acknowledged, and setting file ino's size
 * (truncate only if trunc_only)?  A failed op stays in flight: it may have. */
static bool sizer_in_flight(const struct cf_model *m, const struct cf_scenario *scn,
			    uint32_t i, int skip, int ino, bool trunc_only)
{
	const struct cf_op *op = &scn->ops[i];
	uint32_t first, end;
	int oino;

	if ((int)i == skip || !m->op_start[i] || m->op_ack[i])
		return false;
	switch (op->kind) {
	case CF_OP_TRUNCATE:
		break;
	case CF_OP_WRITE: case CF_OP_DWRITE: case CF_OP_REFLINK:
		if (trunc_only)
			return false;
		break;
	default:
		return false;
	}
	op_span(m, op, (int)i, &oino, &first, &end);
	return oino == ino;
}

/* The smallest size (blocks, rounded up) file ino can have while op opidx
 * runs, or less: the acknowledged bound, cut by any truncate in flight. */
static uint32_t eof_min(const struct cf_model *m, const struct cf_scenario *scn, int opidx,
			int ino)
{
	uint32_t lo = m->f[ino - 1].eof_lo;

	for (uint32_t i = 0; i < scn->nops; i++)
		if (sizer_in_flight(m, scn, i, opidx, ino, true) && scn->ops[i].off < lo)
			lo = scn->ops[i].off;
	return lo;
}

struct rest_val { uint16_t tag, lo, hi; };

/* Add value tag at bytes [x, y) to a write's rest, extending a piece of
 * the same tag that ends at x: one entry per run, not per cut, so three
 * overlapping writes do not fill a block's entries.  Returns the count. */
static int rest_add(struct rest_val *add, int na, uint16_t tag, uint32_t x, uint32_t y,
		    uint32_t bs)
{
	uint16_t hi = (uint16_t)(y == bs ? 0 : y);

	for (int a = 0; a < na; a++)
		if (add[a].tag == tag && add[a].hi && add[a].hi == x) {
			add[a].hi = hi;
			return na;
		}
	add[na] = (struct rest_val){ tag, (uint16_t)x, hi };
	return na + 1;
}

/*
 * A buffered write covering its first or last block only in part makes the
 * rest of that block uptodate in __iomap_write_begin: it reads it, or
 * zeroes it when the block starts at or past i_size
 * (iomap_block_needs_zeroing; v5.10 and v6.18 alike).  A direct write to
 * the block in flight meanwhile (it holds the iolock shared only while it
 * submits) fails its post-completion invalidation on the dirty folio
 * (invalidate_inode_pages2_range; dio_warn_stale_pagecache: "collision
 * with buffered I/O"), and writeback later puts that rest, the values read
 * or the zeroes, over the direct write's bytes.  So the rest may read what
 * the block held when the buffered write started, or zero if EOF can be at
 * or below the block then: weak entries, superseding nothing, dropped at
 * the write's acknowledgement unless a direct write overlapped it
 * (dio_overlapped).  No zeroes when an acknowledged write or truncate had
 * put EOF past the block before the buffered write started: the kernel
 * reads the block then.
 */
static void write_partial_rest(struct cf_model *m, const struct cf_scenario *scn,
			       int opidx, struct model_file *f, uint32_t blk,
			       uint32_t first, uint32_t end, uint32_t t)
{
	const struct cf_op *op = &scn->ops[opidx];
	struct model_block *b = &f->b[blk];
	struct rest_val add[2 * MODEL_MAX_CUTS * (MODEL_MAX_ENTRIES + 1)];
	uint32_t lo[2], hi[2], cut[MODEL_MAX_CUTS];
	int n = 0, na = 0, ncut;
	bool zero;

	if (blk == first && op->head) {
		lo[n] = 0;
		hi[n++] = op->head;
	}
	if (blk + 1 == end && op->tail) {
		lo[n] = m->bs - op->tail;
		hi[n++] = m->bs;
	}
	if (!n)
		return;
	zero = blk >= eof_min(m, scn, opidx, op->ino);
	ncut = block_cuts(m, b, CF_TAG_ZERO, m->bs, cut);
	for (int r = 0; r < n; r++) {
		for (int c = 0; c + 1 < ncut; c++) {
			uint32_t x = cut[c], y = cut[c + 1];

			if (x < lo[r] || y > hi[r])
				continue;
			for (int k = 0; k < b->n; k++)
				if (b->e[k].op != opidx && candidate_at(m, b, k, x))
					na = rest_add(add, na, b->e[k].tag, x, y, m->bs);
		}
		if (zero)
			add[na++] = (struct rest_val){ CF_TAG_ZERO, (uint16_t)lo[r],
				(uint16_t)(hi[r] == m->bs ? 0 : hi[r]) };
	}
	for (int a = 0; a < na; a++) {
		/* its own history: a dropped weak entry widens nothing later */
		uint64_t hist[MODEL_TAG_WORDS] = { 0 };

		entry_add(m, f, b, hist, add[a].tag, opidx, t, add[a].lo, add[a].hi);
		for (int i = 0; i < b->n; i++)
			if (b->e[i].op == opidx && b->e[i].tag == add[a].tag &&
			    b->e[i].lo == add[a].lo && b->e[i].hi == add[a].hi)
				b->e[i].weak = 1;
	}
}

/* Did a direct write to bytes of weak entry w run while its buffered write
 * (started at s, acknowledged at t) did? */
static bool dio_overlapped(const struct cf_model *m, const struct cf_scenario *scn,
			   const struct model_block *b, const struct model_entry *w,
			   uint16_t s, uint32_t t)
{
	for (int j = 0; j < b->n; j++) {
		const struct model_entry *e = &b->e[j];

		if (e->op < 0 || e->op == w->op || scn->ops[e->op].kind != CF_OP_DWRITE)
			continue;
		if (e->lo < ent_hi(m, w) && w->lo < ent_hi(m, e) && e->start < t &&
		    (e->ack == MODEL_NOT_ACKED || e->ack > s))
			return true;
	}
	return false;
}

/*
 * An op is acknowledged at time t: the bound on the file's size moves.  A
 * write raises it unless a truncate may have run after it (in flight, or
 * acknowledged since the write started); a truncate sets it unless another
 * size-setting op overlapped it, then only lowers it.
 */
static void eof_ack(struct cf_model *m, const struct cf_scenario *scn, int opidx,
		    int ino, uint32_t first, uint32_t end, bool whole, uint16_t t)
{
	const struct cf_op *op = &scn->ops[opidx];
	struct model_file *f = &m->f[ino - 1];
	uint16_t s = m->op_start[opidx];
	bool overlap = false;

	m->op_ack[opidx] = t;
	switch (op->kind) {
	case CF_OP_WRITE: case CF_OP_DWRITE: case CF_OP_REFLINK:
		for (uint32_t i = 0; i < scn->nops && !overlap; i++)
			overlap = sizer_in_flight(m, scn, i, opidx, ino, true);
		/* a short write: whatever it extended to, no more than its span */
		if (!overlap && f->trunc_ack <= s && whole && end > first && end > f->eof_lo)
			f->eof_lo = end;
		break;
	case CF_OP_TRUNCATE:
		for (uint32_t i = 0; i < scn->nops && !overlap; i++)
			overlap = sizer_in_flight(m, scn, i, opidx, ino, false);
		if (!overlap && f->size_ack <= s)
			f->eof_lo = op->off;
		else if (op->off < f->eof_lo)
			f->eof_lo = op->off;
		f->trunc_ack = t;
		break;
	default:
		return;
	}
	f->size_ack = t;
}

static void model_op_entries(struct cf_model *m, const struct cf_scenario *scn, int opidx)
{
	const struct cf_op *op = &scn->ops[opidx];
	uint32_t t = m->op_start[opidx], first, end, for_end;
	struct model_file *f;
	bool tail;
	int ino;

	if (!model_op_has_entries(op))
		return;
	op_span(m, op, opidx, &ino, &first, &end);
	f = &m->f[ino - 1];
	for_end = span_prepare(f, op, first, end, &tail);
	for (uint32_t blk = first; blk < for_end; blk++) {
		uint16_t lo, hi;

		entry_range(m, op, blk, first, end, &lo, &hi);
		if (op->kind == CF_OP_WRITE || op->kind == CF_OP_DWRITE) {
			entry_add(m, f, &f->b[blk], f->hist[blk], cf_op_tag(opidx), opidx, t,
				  lo, hi);
			if (op->kind == CF_OP_WRITE)
				write_partial_rest(m, scn, opidx, f, blk, first, end, t);
		} else if (op->kind == CF_OP_REFLINK) {
			/* the clone takes whatever the source block may hold now,
			 * and after a fault whatever it may ever have held */
			clone_entries(m, f, blk, op->ino, op->off + blk - first, opidx, t);
		} else {
			entry_add(m, f, &f->b[blk], f->hist[blk], CF_TAG_ZERO, opidx, t, lo, hi);
		}
	}
	if (tail)
		entry_add(m, f, &f->tail, f->tail_hist, CF_TAG_ZERO, opidx, t, 0, 0);
	if (op->kind == CF_OP_TRUNCATE)
		f->size_blocks = op->off;
	else if (op->kind != CF_OP_PUNCH && end > f->size_blocks)
		f->size_blocks = end;
}

/* Drop the entries that are no candidate at any byte they cover. */
static void prune(const struct cf_model *m, struct model_block *b)
{
	bool keep[MODEL_MAX_ENTRIES] = { false };
	uint8_t partial = 0;
	int w = 0;

	if (block_whole(b)) {
		/* one piece: an entry stays unless acknowledged before the
		 * latest start of an acknowledged one */
		uint16_t latest = 0;

		for (int i = 0; i < b->n; i++)
			if (b->e[i].ack != MODEL_NOT_ACKED && !b->e[i].weak &&
			    b->e[i].start > latest)
				latest = b->e[i].start;
		for (int i = 0; i < b->n; i++)
			keep[i] = b->e[i].ack == MODEL_NOT_ACKED || latest <= b->e[i].ack;
	} else {
		uint32_t cut[MODEL_MAX_CUTS];
		int ncut = block_cuts(m, b, CF_TAG_ZERO, m->bs, cut);

		for (int c = 0; c + 1 < ncut; c++)
			for (int i = 0; i < b->n; i++)
				if (!keep[i] && candidate_at(m, b, i, cut[c]))
					keep[i] = true;
	}
	for (int i = 0; i < b->n; i++)
		if (keep[i]) {
			if (w != i) {	/* field by field: the just-stored ack forwards */
				b->e[w].tag = b->e[i].tag;
				b->e[w].op = b->e[i].op;
				b->e[w].start = b->e[i].start;
				b->e[w].ack = b->e[i].ack;
				b->e[w].lo = b->e[i].lo;
				b->e[w].hi = b->e[i].hi;
				b->e[w].weak = b->e[i].weak;
			}
			if (b->e[w].lo || b->e[w].hi)
				partial = 1;
			w++;
		}
	b->n = w;
	b->partial = partial;
}

static void ack_block(const struct cf_model *m, const struct cf_scenario *scn,
		      struct model_block *b, int opidx, uint32_t t)
{
	bool acked = false;
	int w = 0;

	/* a buffered write's weak entries stay only if a direct write raced it */
	for (int i = 0; i < b->n; i++) {
		if (b->e[i].op == opidx && b->e[i].weak &&
		    !dio_overlapped(m, scn, b, &b->e[i], m->op_start[opidx], t))
			continue;
		b->e[w++] = b->e[i];
	}
	b->n = w;
	for (int i = 0; i < b->n; i++)
		if (b->e[i].op == opidx) {
			b->e[i].ack = t;
			acked = true;
		}
	/* only a new acknowledgement can make an entry obsolete */
	if (acked)
		prune(m, b);
}

void model_op_ack(struct cf_model *m, const struct cf_scenario *scn, int opidx)
{
	model_op_ack_partial(m, scn, opidx, UINT32_MAX);
}

void model_op_ack_partial(struct cf_model *m, const struct cf_scenario *scn, int opidx,
			  uint32_t nblocks)
{
	const struct cf_op *op = &scn->ops[opidx];
	uint32_t t = ++m->clock, first, end, for_end;
	struct model_file *f;
	bool tail;
	int ino;

	if (!model_op_has_entries(op))
		return;
	op_span(m, op, opidx, &ino, &first, &end);
	eof_ack(m, scn, opidx, ino, first, nblocks < end - first ? first + nblocks : end,
		nblocks >= end - first, t);
	if (nblocks < end - first)
		end = first + nblocks;
	f = &m->f[ino - 1];
	for_end = span_prepare(f, op, first, end, &tail);
	for (uint32_t blk = first; blk < for_end; blk++)
		ack_block(m, scn, &f->b[blk], opidx, t);
	if (tail)
		ack_block(m, scn, &f->tail, opidx, t);
}

int model_check(const struct cf_model *m, int ino, uint32_t blk, uint16_t got,
		uint32_t lim, bool relaxed)
{
	const struct model_file *f = &m->f[ino - 1];
	const struct model_block *b = cblk_of(f, blk);
	uint32_t cut[MODEL_MAX_CUTS];
	int ncut;

	if (got < CF_TAG_MIX && block_whole(b) && lim) {
		/* one piece, one value: the block-aligned check */
		for (int i = 0; i < b->n; i++)
			if (b->e[i].tag == got)
				return 0;
		if ((relaxed || b->saturated) && tags_has(chist_of(f, blk), got))
			return 0;
		return tags_has(f->written, got) ? CF_DATA_LOSS : CF_STALE_DATA;
	}
	ncut = block_cuts(m, b, got, lim < m->bs ? lim : m->bs, cut);
	for (int c = 0; c + 1 < ncut; c++) {
		uint32_t x = cut[c];
		uint16_t tag = cf_content_at(got, m->bs, x);
		bool ok = false;

		for (int i = 0; i < b->n && !ok; i++)
			ok = b->e[i].tag == tag && candidate_at(m, b, i, x);
		if (ok)
			continue;
		/*
		 * After an injected fault (or a failed op) a block may hold any
		 * value it ever held: a failed write leaves the old data on disk,
		 * and a clone carries that into another file.  A value of another
		 * block, of this file or another, is still lost or stale data.
		 * (A saturated block forgot entries: its history stands in.)
		 */
		if ((relaxed || b->saturated) && tags_has(chist_of(f, blk), tag))
			continue;
		return tags_has(f->written, tag) ? CF_DATA_LOSS : CF_STALE_DATA;
	}
	return 0;
}

void model_allowed(const struct cf_model *m, int ino, uint32_t blk, bool relaxed,
		   uint64_t *set)
{
	const struct model_file *f = &m->f[ino - 1];
	const struct model_block *b = cblk_of(f, blk);
	uint32_t cut[MODEL_MAX_CUTS];
	int ncut = block_cuts(m, b, CF_TAG_ZERO, m->bs, cut);

	/* per block: any value a byte of it may hold */
	for (int c = 0; c + 1 < ncut; c++)
		for (int i = 0; i < b->n; i++)
			if (candidate_at(m, b, i, cut[c]))
				tags_add(set, b->e[i].tag);
	/* the same widening as model_check's */
	if (relaxed || b->saturated)
		for (int w = 0; w < MODEL_TAG_WORDS; w++)
			set[w] |= chist_of(f, blk)[w];
}

uint16_t model_expect(const struct cf_model *m, int ino, uint32_t blk)
{
	const struct model_block *b = cblk_of(&m->f[ino - 1], blk);
	struct cf_content_run r[MODEL_MAX_CUTS];
	uint32_t cut[MODEL_MAX_CUTS];
	int ncut = block_cuts(m, b, CF_TAG_ZERO, m->bs, cut), n = 0;

	for (int c = 0; c + 1 < ncut; c++) {
		int best = newest_at(m, b, cut[c]);
		uint16_t tag = best < 0 ? CF_TAG_ZERO : b->e[best].tag;

		if (n && r[n - 1].tag == tag)
			r[n - 1].end = (uint16_t)cut[c + 1];
		else
			r[n++] = (struct cf_content_run){ .end = (uint16_t)cut[c + 1], .tag = tag };
	}
	return cf_content_build(r, n, m->bs);
}

void model_describe(const struct cf_model *m, int ino, uint32_t blk, char *buf, size_t cap)
{
	const struct model_block *b = cblk_of(&m->f[ino - 1], blk);
	size_t n = 0;

	buf[0] = 0;
	for (int i = 0; i < b->n && n < cap; i++) {
		const struct model_entry *e = &b->e[i];
		int k;

		if (e->op >= 0)
			k = snprintf(buf + n, cap - n, "%stag %u (op %d%s%s)", i ? ", " : "",
				     e->tag, e->op + 1,
				     e->ack == MODEL_NOT_ACKED ? ", not acknowledged" : "",
				     e->weak ? ", its partial block's rest" : "");
		else
			k = snprintf(buf + n, cap - n, "%stag %u (%s)", i ? ", " : "",
				     e->tag, e->tag ? "initial data" : "zeroes");
		if (k < 0 || (size_t)k >= cap - n)
			break;
		n += k;
		if (e->lo || e->hi) {	/* part of the block */
			k = snprintf(buf + n, cap - n, " bytes %u..%u", e->lo,
				     ent_hi(m, e) - 1);
			if (k < 0 || (size_t)k >= cap - n)
				break;
			n += k;
		}
	}
}

bool model_edited_since(const struct cf_model *m, const struct cf_scenario *scn, int ino,
			uint32_t blk, uint32_t t)
{
	for (uint32_t j = 0; j < scn->nops; j++) {
		const struct cf_op *op = &scn->ops[j];
		uint32_t first, end;
		int oino;

		if (m->op_start[j] <= t || !model_op_has_entries(op))
			continue;
		op_span(m, op, (int)j, &oino, &first, &end);
		if (oino == ino && blk >= first && blk < end)
			return true;
	}
	return false;
}

bool model_value_before(const struct cf_model *m, int ino, uint32_t blk, uint16_t got,
			uint16_t t)
{
	const struct model_file *f = &m->f[ino - 1];
	const struct model_block *b = cblk_of(f, blk);

	/* an entry pruned since was superseded: older still */
	for (int i = 0; i < b->n; i++)
		if (b->e[i].tag == got &&
		    (b->e[i].ack == MODEL_NOT_ACKED || b->e[i].ack >= t))
			return false;
	return tags_has(chist_of(f, blk), got);
}
