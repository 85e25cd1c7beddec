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
		materialize(f, first);
		*tail = f->hi < CF_MAX_FILE_BLOCKS;
		return f->hi;
	}
	materialize(f, end);
	return end;
}

static void entry_add(struct model_file *f, struct model_block *b, uint64_t *hist,
		      uint16_t tag, int16_t op, uint32_t start)
{
	/* a clone copies a candidate set: one entry per value is enough */
	for (int i = 0; i < b->n; i++)
		if (b->e[i].tag == tag && b->e[i].op == op)
			return;
	if (b->n == MODEL_MAX_ENTRIES) {
		/* full: forget the oldest entry, and from now on accept any value
		 * of the file here (bounded memory, never a false alarm) */
		memmove(&b->e[0], &b->e[1], (MODEL_MAX_ENTRIES - 1) * sizeof(b->e[0]));
		b->n--;
		b->saturated = 1;
	}
	b->e[b->n++] = (struct model_entry){ .tag = tag, .op = op, .start = start,
					     .ack = MODEL_NOT_ACKED };
	tags_add(f->written, tag);
	tags_add(hist, tag);
}

void model_init(struct cf_model *m, const struct cf_geometry *geo)
{
	/* f[].b and f[].hist are not cleared: nothing reads a block below hi
	 * before materialize wrote it */
	memset(m, 0, offsetof(struct cf_model, f));
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
		*first = op->off;
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
		if (op->kind == CF_OP_WRITE || op->kind == CF_OP_DWRITE) {
			entry_add(f, &f->b[blk], f->hist[blk], cf_op_tag(opidx), opidx, t);
		} else if (op->kind == CF_OP_REFLINK) {
			/* the clone takes whatever the source block may hold now,
			 * and after a fault whatever it may ever have held */
			const struct model_file *sf = &m->f[op->ino - 1];
			uint32_t sblk = op->off + blk - first;
			const struct model_block *sb = cblk_of(sf, sblk);
			const uint64_t *shist = chist_of(sf, sblk);
			struct model_entry src[MODEL_MAX_ENTRIES];
			int n = sb->n;
			uint16_t newest = model_expect(m, op->ino, sblk);

			memcpy(src, sb->e, sizeof(src));
			for (int k = 0; k < n; k++)
				if (src[k].tag != newest)
					entry_add(f, &f->b[blk], f->hist[blk], src[k].tag, opidx, t);
			entry_add(f, &f->b[blk], f->hist[blk], newest, opidx, t);
			for (int w = 0; w < MODEL_TAG_WORDS; w++)
				f->hist[blk][w] |= shist[w];
		} else {
			entry_add(f, &f->b[blk], f->hist[blk], CF_TAG_ZERO, opidx, t);
		}
	}
	if (tail)
		entry_add(f, &f->tail, f->tail_hist, CF_TAG_ZERO, opidx, t);
	if (op->kind == CF_OP_TRUNCATE)
		f->size_blocks = op->off;
	else if (op->kind != CF_OP_PUNCH && end > f->size_blocks)
		f->size_blocks = end;
}

/* Drop entries acknowledged before an acknowledged entry started. */
static void prune(struct model_block *b)
{
	uint16_t latest = 0;	/* latest start of an acknowledged entry */
	int w = 0;

	for (int i = 0; i < b->n; i++)
		if (b->e[i].ack != MODEL_NOT_ACKED && b->e[i].start > latest)
			latest = b->e[i].start;
	for (int i = 0; i < b->n; i++)
		if (b->e[i].ack == MODEL_NOT_ACKED || latest <= b->e[i].ack) {
			if (w != i) {	/* field by field: the just-stored ack forwards */
				b->e[w].tag = b->e[i].tag;
				b->e[w].op = b->e[i].op;
				b->e[w].start = b->e[i].start;
				b->e[w].ack = b->e[i].ack;
			}
			w++;
		}
	b->n = w;
}

static void ack_block(struct model_block *b, int opidx, uint32_t t)
{
	bool acked = false;

	for (int i = 0; i < b->n; i++)
		if (b->e[i].op == opidx) {
			b->e[i].ack = t;
			acked = true;
		}
	/* only a new acknowledgement can make an entry obsolete */
	if (acked)
		prune(b);
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
	if (nblocks < end - first)
		end = first + nblocks;
	f = &m->f[ino - 1];
	for_end = span_prepare(f, op, first, end, &tail);
	for (uint32_t blk = first; blk < for_end; blk++)
		ack_block(&f->b[blk], opidx, t);
	if (tail)
		ack_block(&f->tail, opidx, t);
}

int model_check(const struct cf_model *m, int ino, uint32_t blk, uint16_t got,
		bool relaxed)
{
	const struct model_file *f = &m->f[ino - 1];
	const struct model_block *b = cblk_of(f, blk);

	for (int i = 0; i < b->n; i++)
		if (b->e[i].tag == got)
			return 0;
	/*
	 * After an injected fault (or a failed op) a block may hold any value
	 * it ever held: a failed write leaves the old data on disk, and a clone
	 * carries that into another file.  A value of another block, of this
	 * file or another, is still lost or stale data.  (A saturated block
	 * forgot entries: its history stands in for them.)
	 */
	if ((relaxed || b->saturated) && tags_has(chist_of(f, blk), got))
		return 0;
	return tags_has(f->written, got) ? CF_DATA_LOSS : CF_STALE_DATA;
}

void model_allowed(const struct cf_model *m, int ino, uint32_t blk, bool relaxed,
		   uint64_t *set)
{
	const struct model_file *f = &m->f[ino - 1];
	const struct model_block *b = cblk_of(f, blk);

	for (int i = 0; i < b->n; i++)
		tags_add(set, b->e[i].tag);
	/* the same widening as model_check's */
	if (relaxed || b->saturated)
		for (int w = 0; w < MODEL_TAG_WORDS; w++)
			set[w] |= chist_of(f, blk)[w];
}

/* The newest acknowledged value: latest start, then latest ack, then the
 * later entry. */
uint16_t model_expect(const struct cf_model *m, int ino, uint32_t blk)
{
	const struct model_block *b = cblk_of(&m->f[ino - 1], blk);
	int best = -1;

	for (int i = 0; i < b->n; i++) {
		const struct model_entry *e = &b->e[i], *x;

		if (e->ack == MODEL_NOT_ACKED)
			continue;
		if (best < 0) {
			best = i;
			continue;
		}
		x = &b->e[best];
		/* ties: the later entry (a clone adds the source's newest last) */
		if (e->start > x->start || (e->start == x->start && e->ack >= x->ack))
			best = i;
	}
	return best < 0 ? CF_TAG_ZERO : b->e[best].tag;
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
			k = snprintf(buf + n, cap - n, "%stag %u (op %d%s)", i ? ", " : "",
				     e->tag, e->op + 1,
				     e->ack == MODEL_NOT_ACKED ? ", not acknowledged" : "");
		else
			k = snprintf(buf + n, cap - n, "%stag %u (%s)", i ? ", " : "",
				     e->tag, e->tag ? "initial data" : "zeroes");
		if (k < 0)
			break;
		n += k;
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
	const struct model_block *b = &f->b[blk];

	/* an entry pruned since was superseded: older still */
	for (int i = 0; i < b->n; i++)
		if (b->e[i].tag == got &&
		    (b->e[i].ack == MODEL_NOT_ACKED || b->e[i].ack >= t))
			return false;
	return tags_has(f->hist[blk], got);
}
