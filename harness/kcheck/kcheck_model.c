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

uint16_t kc_model_at(const struct kc_model *m, unsigned ino, uint32_t blk, uint32_t x)
{
	const struct kc_mix *mx = &m->mix[ino - 1][blk];

	if (m->tag[ino - 1][blk] != KC_TAG_MIXED)
		return m->tag[ino - 1][blk];
	for (int i = 0; i < mx->n; i++)
		if (x < mx->r[i].end)
			return mx->r[i].tag;
	return mx->r[mx->n - 1].tag;
}

static int push_run(struct cf_content_run *r, int n, uint32_t end, uint16_t tag)
{
	if (n && r[n - 1].tag == tag) {
		r[n - 1].end = (uint16_t)end;
		return n;
	}
	if (n == CF_MIX_RUNS)	/* more pieces than a mix keeps: the last grows */
		return n;
	r[n].end = (uint16_t)end;
	r[n].tag = tag;
	return n + 1;
}

/* Bytes [lo, hi) of block blk take tag. */
static void set_bytes(struct kc_model *m, unsigned ino, uint32_t blk, uint32_t lo,
		      uint32_t hi, uint16_t tag)
{
	struct cf_content_run old[CF_MIX_RUNS], r[CF_MIX_RUNS];
	struct kc_mix *mx = &m->mix[ino - 1][blk];
	uint32_t start = 0;
	int no = 0, n = 0;

	if (m->tag[ino - 1][blk] == KC_TAG_MIXED) {
		no = mx->n;
		memcpy(old, mx->r, sizeof(old));
	} else {
		old[no++] = (struct cf_content_run){ .end = (uint16_t)m->bs,
						     .tag = m->tag[ino - 1][blk] };
	}
	for (int i = 0; i < no; i++) {
		uint32_t end = old[i].end;

		if (start < lo)
			n = push_run(r, n, end < lo ? end : lo, old[i].tag);
		if (start <= lo && lo < end)
			n = push_run(r, n, hi, tag);
		if (end > hi)
			n = push_run(r, n, end, old[i].tag);
		start = end;
	}
	if (n == 1) {
		m->tag[ino - 1][blk] = r[0].tag;
		return;
	}
	m->tag[ino - 1][blk] = KC_TAG_MIXED;
	mx->n = (uint8_t)n;
	memcpy(mx->r, r, n * sizeof(r[0]));
}

/* Bytes [off, off + len) of a file take tag. */
static void fill_bytes(struct kc_model *m, unsigned ino, uint64_t off, uint64_t len,
		       uint16_t tag)
{
	uint64_t end = off + len, max = (uint64_t)CF_MAX_FILE_BLOCKS * m->bs;

	if (end > max)
		end = max;
	for (uint64_t x = off; x < end; ) {
		uint32_t blk = (uint32_t)(x / m->bs);
		uint64_t bend = (uint64_t)(blk + 1) * m->bs;
		uint64_t hi = end < bend ? end : bend;

		set_bytes(m, ino, blk, (uint32_t)(x % m->bs),
			  (uint32_t)(hi - (uint64_t)blk * m->bs), tag);
		x = hi;
	}
}

static void set_size(struct kc_model *m, unsigned ino, uint64_t size)
{
	m->size_bytes[ino - 1] = size;
	m->size_blocks[ino - 1] = (uint32_t)((size + m->bs - 1) / m->bs);
}

void kc_model_init(struct kc_model *m, const struct cf_scenario *scn)
{
	const struct cf_geometry *g = &scn->geo;

	memset(m, 0, sizeof(*m));
	m->bs = g->block_size;
	if (g->init == CF_INIT_NONE)
		return;
	fill(m, 1, 0, g->init_blocks, CF_TAG_INIT);
	set_size(m, 1, (uint64_t)g->init_blocks * m->bs);
	if (g->init == CF_INIT_CLONE) {
		fill(m, 2, 0, g->init_blocks, CF_TAG_INIT);
		set_size(m, 2, (uint64_t)g->init_blocks * m->bs);
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

	/* in bytes: an unaligned EOF inside block off is not "at EOF" */
	if (op->len == 0) {
		uint64_t pos_in = (uint64_t)op->off * m->bs;

		if (pos_in == m->size_bytes[op->ino - 1])
			return 0;
		if (pos_in > m->size_bytes[op->ino - 1])
			return -EINVAL;
	}
	if (op->off >= src_size)
		return -EINVAL;
	len = kc_reflink_len(m, op);
	if (op->off + len > src_size)
		return -EINVAL;
	/* to an unaligned source EOF, landing inside the destination */
	if (!op->len && m->size_bytes[op->ino - 1] % m->bs &&
	    (uint64_t)op->off2 * m->bs + m->size_bytes[op->ino - 1] - (uint64_t)op->off * m->bs <
	    m->size_bytes[op->ino2 - 1])
		return -EINVAL;
	/* a length given runs past an unaligned EOF: not shortened, refused */
	if (op->len && (uint64_t)(op->off + len) * m->bs > m->size_bytes[op->ino - 1])
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
	    op->len > kc_atomic_max_blocks(m->bs))
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
	static struct kc_mix mtmp[CF_MAX_FILE_BLOCKS];
	uint64_t send = (uint64_t)(op->off + len) * m->bs, dend;

	memcpy(tmp, &m->tag[op->ino - 1][op->off], len * sizeof(tmp[0]));
	memcpy(mtmp, &m->mix[op->ino - 1][op->off], len * sizeof(mtmp[0]));
	memcpy(&m->tag[op->ino2 - 1][op->off2], tmp, len * sizeof(tmp[0]));
	memcpy(&m->mix[op->ino2 - 1][op->off2], mtmp, len * sizeof(mtmp[0]));
	/* to an unaligned source EOF: the destination ends where it does */
	if (send > m->size_bytes[op->ino - 1])
		send = m->size_bytes[op->ino - 1];
	dend = send - (uint64_t)op->off * m->bs + (uint64_t)op->off2 * m->bs;
	if (dend > m->size_bytes[op->ino2 - 1])
		set_size(m, op->ino2, dend);
	(void)dsize;
}

static void apply_truncate(struct kc_model *m, const struct cf_op *op)
{
	uint64_t size = cf_op_byte_off(op, m->bs), old = m->size_bytes[op->ino - 1];

	/* Bytes past EOF always read as zeroes when the file grows again. */
	if (size < old)
		fill_bytes(m, op->ino, size, old - size, CF_TAG_ZERO);
	set_size(m, op->ino, size);
}

void kc_model_apply(struct kc_model *m, const struct cf_op *op, uint32_t opidx)
{
	uint32_t *size;

	switch (op->kind) {
	case CF_OP_WRITE:
	case CF_OP_DWRITE:
		fill_bytes(m, op->ino, cf_op_byte_off(op, m->bs), cf_op_byte_len(op, m->bs),
			   cf_op_tag(opidx));
		if (cf_op_byte_off(op, m->bs) + cf_op_byte_len(op, m->bs) >
		    m->size_bytes[op->ino - 1])
			set_size(m, op->ino, cf_op_byte_off(op, m->bs) +
				 cf_op_byte_len(op, m->bs));
		(void)size;
		break;
	case CF_OP_REFLINK:
		apply_reflink(m, op);
		break;
	case CF_OP_TRUNCATE:
		apply_truncate(m, op);
		break;
	case CF_OP_PUNCH:
		/* KEEP_SIZE: past EOF there is nothing but zeroes already. */
		fill_bytes(m, op->ino, cf_op_byte_off(op, m->bs), cf_op_byte_len(op, m->bs),
			   CF_TAG_ZERO);
		break;
	case CF_OP_UNSHARE:
		/* contents unchanged; without KEEP_SIZE the file grows (to a
		 * whole block: unshare ranges are block aligned) */
		if ((uint64_t)(op->off + op->len) * m->bs > m->size_bytes[op->ino - 1])
			set_size(m, op->ino, (uint64_t)(op->off + op->len) * m->bs);
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
