// SPDX-License-Identifier: GPL-2.0
/*
 * The sequential model kernel-check and export share: what each block of
 * each file holds when the lines run one after the other on a correct
 * kernel.  Only data-changing ops matter here; flushes, waits and the
 * worker lines change nothing a read can see.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "kcheck.h"

static uint32_t *msize(struct kc_model *m, unsigned ino)
{
	return &m->size_blocks[ino - 1];
}

static void fill(struct kc_model *m, unsigned ino, uint32_t off, uint32_t len,
		 uint16_t tag)
{
	uint32_t end = off + len;

	if (end > CF_MAX_FILE_BLOCKS)
		end = CF_MAX_FILE_BLOCKS;
	for (uint32_t b = off; b < end; b++)
		m->tag[ino - 1][b] = tag;
}

void kc_model_init(struct kc_model *m, const struct cf_scenario *scn)
{
	const struct cf_geometry *g = &scn->geo;

	memset(m, 0, sizeof(*m));
	m->block_size = g->block_size;
	if (g->init == CF_INIT_NONE)
		return;
	fill(m, 1, 0, g->init_blocks, CF_TAG_INIT);
	*msize(m, 1) = g->init_blocks;
	if (g->init == CF_INIT_CLONE) {
		fill(m, 2, 0, g->init_blocks, CF_TAG_INIT);
		*msize(m, 2) = g->init_blocks;
	}
}

uint32_t kc_reflink_len(const struct kc_model *m, const struct cf_op *op)
{
	uint32_t src_size = m->size_blocks[op->ino - 1];

	if (op->len)
		return op->len;
	return op->off < src_size ? src_size - op->off : 0;
}

/*
 * FICLONERANGE as generic_remap_file_range_prep() / generic_remap_checks()
 * judge it, without REMAP_FILE_CAN_SHORTEN: a source range that starts at or
 * past EOF, or runs past it, is refused; len 0 at exactly EOF is a no-op;
 * overlapping ranges in one file are refused.
 */
static int predict_reflink(const struct kc_model *m, const struct cf_op *op)
{
	uint32_t src_size = m->size_blocks[op->ino - 1];
	uint32_t len;

	if (op->len == 0) {
		if (op->off == src_size)
			return 0;
		if (op->off > src_size)
			return -EINVAL;
	}
	if (op->off >= src_size)
		return -EINVAL;
	len = kc_reflink_len(m, op);
	if (op->off + len > src_size)
		return -EINVAL;
	if (op->ino == op->ino2 && op->off2 + len > op->off &&
	    op->off2 < op->off + len)
		return -EINVAL;
	return 0;
}

uint32_t kc_atomic_max_blocks(uint32_t block_size)
{
	/* statx STATX_WRITE_ATOMIC on the host's mkfs.xfs -m reflink=1 512 MiB
	 * image (6.18): 1 MiB at 4 KiB blocks, 512 KiB at 2 KiB, 128 KiB at
	 * 1 KiB; its allocation groups are far larger than that */
	return block_size == 1024 ? 128 : 256;
}

/* RWF_ATOMIC on an O_DIRECT fd (the host has atomic writes): EINVAL unless
 * the length is a power of two of 1 block to the unit maximum and the
 * offset a multiple of it (xfs_file_write_iter, generic_atomic_write_valid) */
static int predict_atomic(const struct kc_model *m, const struct cf_op *op)
{
	if (!op->len || (op->len & (op->len - 1)) || op->off % op->len ||
	    op->len > kc_atomic_max_blocks(m->block_size))
		return -EINVAL;
	return 0;
}

int kc_model_predict(const struct kc_model *m, const struct cf_op *op)
{
	if (op->kind == CF_OP_REFLINK)
		return predict_reflink(m, op);
	if (op->kind == CF_OP_DWRITE && op->atomic)
		return predict_atomic(m, op);
	return 0;
}

static void apply_reflink(struct kc_model *m, const struct cf_op *op)
{
	uint16_t tmp[CF_MAX_FILE_BLOCKS];
	uint32_t len = kc_reflink_len(m, op);
	uint32_t *dsize = msize(m, op->ino2);

	/* The kernel links past the port's largest file; keep what fits. */
	if (op->off2 + len > CF_MAX_FILE_BLOCKS)
		len = op->off2 < CF_MAX_FILE_BLOCKS ? CF_MAX_FILE_BLOCKS - op->off2 : 0;
	if (!len)
		return;
	/* A copy first: src and dst may be one file (ranges apart). */
	memcpy(tmp, &m->tag[op->ino - 1][op->off], len * sizeof(tmp[0]));
	memcpy(&m->tag[op->ino2 - 1][op->off2], tmp, len * sizeof(tmp[0]));
	if (op->off2 + len > *dsize)
		*dsize = op->off2 + len;
}

static void apply_truncate(struct kc_model *m, const struct cf_op *op)
{
	uint32_t *size = msize(m, op->ino);

	/* Blocks past EOF always read as zeroes when the file grows again. */
	if (op->off < *size)
		fill(m, op->ino, op->off, *size - op->off, CF_TAG_ZERO);
	*size = op->off;
}

void kc_model_apply(struct kc_model *m, const struct cf_op *op, uint32_t opidx)
{
	uint32_t *size;

	switch (op->kind) {
	case CF_OP_WRITE:
	case CF_OP_DWRITE:
		fill(m, op->ino, op->off, op->len, cf_op_tag(opidx));
		size = msize(m, op->ino);
		if (op->off + op->len > *size)
			*size = op->off + op->len;
		break;
	case CF_OP_REFLINK:
		apply_reflink(m, op);
		break;
	case CF_OP_TRUNCATE:
		apply_truncate(m, op);
		break;
	case CF_OP_PUNCH:
		/* KEEP_SIZE: past EOF there is nothing but zeroes already. */
		fill(m, op->ino, op->off, op->len, CF_TAG_ZERO);
		break;
	case CF_OP_UNSHARE:
		/* contents unchanged; without KEEP_SIZE the file grows */
		size = msize(m, op->ino);
		if (op->off + op->len > *size)
			*size = op->off + op->len;
		break;
	default:
		break;
	}
}

const char *kc_unsupported(const struct cf_scenario *scn, int have_always_cow)
{
	static char why[160];

	for (uint32_t i = 0; i < scn->nops; i++) {
		const struct cf_op *op = &scn->ops[i];

		if (op->fault != CF_FAULT_NONE) {
			snprintf(why, sizeof(why),
				 "line %u: fault %s cannot be injected into a real kernel",
				 op->line, cf_fault_name(op->fault));
			return why;
		}
		if (op->kind == CF_OP_ALWAYS_COW) {
			/* The kernel reads the knob at mount time only: a flip
			 * needs a remount, and the remount cancels CoW
			 * reservations, which the port's flip does not. */
			snprintf(why, sizeof(why),
				 "line %u: always_cow flip mid-run needs a remount the port does not do",
				 op->line);
			return why;
		}
	}
	if (scn->geo.always_cow && !have_always_cow)
		return "always_cow needs /sys/fs/xfs/debug/always_cow (an XFS debug kernel)";
	return NULL;
}

static int is_worker_op(const struct cf_op *op)
{
	return op->kind == CF_OP_ENDIO || op->kind == CF_OP_DIOEND ||
	       op->kind == CF_OP_RECLAIM || op->kind == CF_OP_RESUME;
}

/*
 * The port runs a completion worker only on its `complete` lines, so an op
 * that waits for I/O to complete (a truncate or reflink behind writeback)
 * blocks there while the next line runs.  The kernel's workers run on
 * their own, so in the sequential reading every other line is followed by
 * `endio: complete` and `dioend: complete`, room permitting.  map[j] is the
 * original index of op j of out (KC_INSERTED for those added).
 */
void kc_sequentialize(const struct cf_scenario *in, struct cf_scenario *out,
		      uint16_t *map)
{
	static const uint8_t workers[2][2] = {
		{ CF_OP_ENDIO, CF_TASK_ENDIO }, { CF_OP_DIOEND, CF_TASK_DIOEND },
	};

	*out = *in;
	out->nops = 0;
	for (uint32_t i = 0; i < in->nops; i++) {
		struct cf_op *op = &out->ops[out->nops];

		*op = in->ops[i];
		op->pause_point = 0;
		op->pause_nth = 1;
		if (op->kind == CF_OP_DWRITE)
			op->flag = 0;
		map[out->nops++] = (uint16_t)i;
		if (is_worker_op(op) ||
		    out->nops + 2 + (in->nops - i - 1) > CF_MAX_OPS)
			continue;
		for (int w = 0; w < 2; w++) {
			struct cf_op *c = &out->ops[out->nops];

			memset(c, 0, sizeof(*c));
			c->kind = workers[w][0];
			c->task = workers[w][1];
			c->pause_nth = c->fault_nth = 1;
			c->line = in->ops[i].line;
			map[out->nops++] = KC_INSERTED;
		}
	}
}
