// SPDX-License-Identifier: GPL-2.0
/*
 * Random sequential scenarios for `kernel-check --generate`: no pauses, no
 * faults, no always_cow, so the port's run and the kernel's run are the same
 * sequence of operations.  Each scenario depends only on (seed, index), so
 * a failing one can be regenerated alone and saved.
 *
 * The device is the largest the port allows and files stay under 64 blocks,
 * so the port never runs out of space where a 512 MiB image would not.
 */
#include <string.h>
#include "kcheck.h"
#include "cowfuzz_prng.h"

#define GEN_SPAN	48	/* offsets fall in the first GEN_SPAN blocks */

struct gen {
	uint64_t	s;
};

static uint64_t next(struct gen *g)
{
	return cf_splitmix64(&g->s);
}

static uint32_t below(struct gen *g, uint32_t n)
{
	return (uint32_t)(next(g) % n);
}

static void gen_geometry(struct gen *g, struct cf_geometry *geo)
{
	static const uint32_t sizes[4] = { 4096, 4096, 2048, 1024 };

	cf_geometry_default(geo);
	geo->block_size = sizes[below(g, 4)];
	geo->dev_blocks = CF_MAX_DEV_BLOCKS;
	/* the host's image is unfragmented; a fragmented model device
	 * fails atomic writes whose CoW extent size hint is longer than its
	 * free runs (6.16's aligned allocation), which the host never does.
	 * The draw stays, so a seed makes the same scenarios as before. */
	(void)below(g, 4);
	geo->frag = 0;
	geo->cowextsize = (uint8_t)(1 + below(g, 32));
	geo->always_cow = 0;
	geo->init = (uint8_t)below(g, CF_INIT_NR);
	geo->init_blocks = geo->init ? (uint16_t)(1 + below(g, 32)) : 0;
}

/* A reflink that a kernel accepts most of the time, and odd ones too. */
static void gen_reflink(struct gen *g, const struct kc_model *m,
			struct cf_op *op)
{
	uint32_t size;

	op->ino = (uint8_t)(1 + below(g, 3));
	op->ino2 = (uint8_t)(1 + below(g, 3));
	size = m->size_blocks[op->ino - 1];
	op->off2 = (uint16_t)below(g, GEN_SPAN);
	if (size && below(g, 5)) {
		op->off = (uint16_t)below(g, size);
		op->len = (uint16_t)(below(g, 8) ? 1 + below(g, size - op->off) : 0);
	} else {
		op->off = (uint16_t)below(g, 32);
		op->len = (uint16_t)below(g, 17);
	}
	if (op->ino == op->ino2 && below(g, 4)) {
		/* mostly move the target clear of the source */
		uint32_t len = op->len ? op->len : kc_reflink_len(m, op);

		op->off2 = (uint16_t)(op->off + len + below(g, 8));
	}
	if (op->off2 + (op->len ? op->len : 16) > CF_MAX_FILE_BLOCKS)
		op->off2 = 0;
	/* mostly keep a given length off an unaligned source EOF (the kernel
	 * refuses it: it would have to shorten the clone) */
	if (op->len && (uint64_t)(op->off + op->len) * m->bs > m->size_bytes[op->ino - 1] &&
	    m->size_bytes[op->ino - 1] % m->bs && below(g, 4)) {
		uint32_t whole = (uint32_t)(m->size_bytes[op->ino - 1] / m->bs);

		op->len = (uint16_t)(whole > op->off ? whole - op->off : 0);
	}
}

static const struct {
	uint8_t	kind;
	uint8_t	weight;
} gen_ops[] = {
	{ CF_OP_WRITE, 22 }, { CF_OP_DWRITE, 10 }, { CF_OP_FSYNC, 8 },
	{ CF_OP_SYNC_RANGE, 5 }, { CF_OP_WRITEBACK, 8 }, { CF_OP_REFLINK, 10 },
	{ CF_OP_TRUNCATE, 5 }, { CF_OP_PUNCH, 6 }, { CF_OP_DROP_CACHES, 3 },
	{ CF_OP_WAIT, 3 }, { CF_OP_READ, 8 }, { CF_OP_ENDIO, 4 },
	{ CF_OP_DIOEND, 2 }, { CF_OP_RECLAIM, 2 }, { CF_OP_UNSHARE, 3 },
};

static uint8_t pick_kind(struct gen *g)
{
	uint32_t total = 0, r;
	size_t i;

	for (i = 0; i < sizeof(gen_ops) / sizeof(gen_ops[0]); i++)
		total += gen_ops[i].weight;
	r = below(g, total);
	for (i = 0; r >= gen_ops[i].weight; i++)
		r -= gen_ops[i].weight;
	return gen_ops[i].kind;
}

static void gen_range(struct gen *g, struct cf_op *op)
{
	op->ino = (uint8_t)(1 + below(g, 3));
	op->off = (uint16_t)below(g, GEN_SPAN);
	op->len = (uint16_t)(1 + below(g, 16));
}

/*
 * A quarter of the direct writes are RWF_ATOMIC: a power of two of 1..16
 * blocks at an aligned offset, one in eight of them not (the kernel's
 * EINVAL).  Drawn from a copy of the stream, so the scenarios generated
 * before atomic writes existed keep every other op and argument.
 */
static void gen_atomic(const struct gen *g, struct cf_op *op)
{
	struct gen side = { g->s ^ 0xa70a1c0ffee5ull };
	uint16_t len;

	if (below(&side, 4))
		return;
	op->atomic = 1;
	if (below(&side, 8) == 0)
		return;		/* as drawn: often an invalid atomic request */
	len = (uint16_t)(1u << below(&side, 5));
	op->len = len;
	op->off = (uint16_t)(op->off - op->off % len);
}

/* Buffered write, read, punch: half of them at byte offsets and lengths
 * (sub-block, crossing blocks, a few bytes or many blocks). */
static void gen_bytes(struct gen *g, uint32_t bs, struct cf_op *op)
{
	uint64_t off, len;

	gen_range(g, op);
	if (below(g, 2))
		return;
	off = (uint64_t)op->off * bs + below(g, bs);
	len = below(g, 3) ? 1 + below(g, 2 * bs) : 1 + below(g, 16 * bs);
	cf_op_set_bytes(op, bs, off, len);
}

static void gen_op(struct gen *g, const struct kc_model *m, struct cf_op *op)
{
	memset(op, 0, sizeof(*op));
	op->kind = pick_kind(g);
	op->task = (uint8_t)below(g, 4);
	op->pause_nth = op->fault_nth = 1;
	switch (op->kind) {
	case CF_OP_WRITE: case CF_OP_PUNCH: case CF_OP_READ:
		gen_bytes(g, m->bs, op);
		break;
	case CF_OP_SYNC_RANGE: case CF_OP_UNSHARE:
		gen_range(g, op);
		break;
	case CF_OP_DWRITE:
		gen_range(g, op);
		op->flag = below(g, 3) == 0;	/* async: run synchronously */
		gen_atomic(g, op);
		break;
	case CF_OP_FSYNC: case CF_OP_WAIT:
		op->ino = (uint8_t)(1 + below(g, 3));
		break;
	case CF_OP_WRITEBACK:
		op->task = CF_TASK_WB;
		op->ino = (uint8_t)(1 + below(g, 3));
		if (below(g, 2)) {
			gen_range(g, op);
			op->flag = 1;
		}
		break;
	case CF_OP_REFLINK:
		gen_reflink(g, m, op);
		break;
	case CF_OP_TRUNCATE:
		op->ino = (uint8_t)(1 + below(g, 3));
		op->off = (uint16_t)below(g, GEN_SPAN + 16);
		if (below(g, 2))	/* an unaligned size */
			cf_op_set_size(op, m->bs, (uint64_t)op->off * m->bs + below(g, m->bs));
		break;
	case CF_OP_ENDIO:
		op->task = CF_TASK_ENDIO;
		break;
	case CF_OP_DIOEND:
		op->task = CF_TASK_DIOEND;
		break;
	case CF_OP_RECLAIM:
		op->task = CF_TASK_GC;
		if (below(g, 2)) {
			op->ino = (uint8_t)(1 + below(g, 3));
			op->flag = 1;
		}
		break;
	default:
		break;
	}
}

void kc_generate(uint64_t seed, uint32_t index, struct cf_scenario *out)
{
	struct gen g = { seed * 0x100000001b3ull ^ ((uint64_t)index << 32 | index) };
	struct kc_model m;
	uint32_t hdr;

	next(&g);
	memset(out, 0, sizeof(*out));
	gen_geometry(&g, &out->geo);
	out->nops = 4 + below(&g, 21);
	hdr = 1 + (out->geo.init != CF_INIT_NONE);
	kc_model_init(&m, out);
	for (uint32_t i = 0; i < out->nops; i++) {
		struct cf_op *op = &out->ops[i];

		gen_op(&g, &m, op);
		op->line = hdr + i + 1;	/* as scn_format_text lays it out */
		/* the model only steers later reflinks toward valid ranges */
		if (kc_model_predict(&m, op) == 0)
			kc_model_apply(&m, op, i);
	}
}
