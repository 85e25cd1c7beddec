// SPDX-License-Identifier: GPL-2.0
/*
 * The binary scenario form that fuzzers mutate (docs/scenario.md).
 * Decoding never fails: every byte is mapped into range.  Encoding writes
 * the canonical bytes, so decode(encode(s)) == s for every representable s.
 */
#include <stdio.h>
#include <string.h>
#include "scenario.h"

#define BIN_FLAG	0x40	/* r6 bit 6: async / on / has range / has ino */
#define BIN_LONG	0x80	/* r6 bit 7: long length, or reflink to EOF */
/* dwrite: r7 0xa0..0xaf is RWF_ATOMIC (its residue mod 15 still gives a
 * long length's high part).  No dwrite record shipped before atomic writes
 * has r7 in that range, so their decoding is unchanged. */
#define BIN_ATOMIC_HI	0xa
/* fault edquot: the nomem fault bits with r7 0xd0..0xdf (the residue mod 15
 * still gives a long length's high part).  Not for reflink, whose r7 is an
 * offset; no shipped record with a nomem fault has r7 in that range, so
 * their decoding is unchanged. */
#define BIN_FAULT_NOMEM	3
#define BIN_EDQUOT_HI	0xd
/* r5: the first 20 yield points are 1 + (r5 - 1) % 20 as before any was
 * added; r5 200..218, a range no shipped input uses, names the later ones */
#define BIN_LEGACY_POINTS	20
#define BIN_EXT_R5		200
#define BIN_EXT_SPAN		19
/*
 * Extended opcodes: r0 = 0xc0..0xcf names CF_OP_NR_BASIC + (r0 & 15) % the
 * number of extended ops.  0xc_ is the one high nibble no input shipped
 * before the extension used (the others alias the basic ops, r0 % 16, and
 * keep doing so), so every old input decodes as before.
 */
#define BIN_EXT		0xc0
#define BIN_EXT_MASK	0xf0
#define BIN_NEXT	(CF_OP_NR - CF_OP_NR_BASIC)
/* h3 bits 4-7 == 1: the byte form, where a write, read, punch or truncate
 * record is followed by an extension record with its sub-block bytes */
#define BIN_BYTES_MASK	0xf0
#define BIN_BYTES	0x10

static const uint8_t bpp_table[3] = { 1, 2, 4 };

static int op_is_user(int kind)
{
	switch (kind) {
	case CF_OP_WRITEBACK: case CF_OP_ENDIO: case CF_OP_DIOEND:
	case CF_OP_RECLAIM: case CF_OP_RESUME:
		return 0;
	default:
		return 1;
	}
}

/* Which task runs an op that is not a user op. */
static int op_fixed_task(int kind)
{
	switch (kind) {
	case CF_OP_WRITEBACK: return CF_TASK_WB;
	case CF_OP_ENDIO: return CF_TASK_ENDIO;
	case CF_OP_DIOEND: return CF_TASK_DIOEND;
	case CF_OP_RECLAIM: return CF_TASK_GC;
	default: return -1;
	}
}

static int op_has_range(int kind)
{
	switch (kind) {
	case CF_OP_WRITE: case CF_OP_DWRITE: case CF_OP_SYNC_RANGE:
	case CF_OP_PUNCH: case CF_OP_READ: case CF_OP_WRITEBACK:
	case CF_OP_UNSHARE:
		return 1;
	default:
		return 0;
	}
}

/* The ops whose byte form carries an extension record (head and tail). */
static int op_has_bytes(int kind)
{
	return kind == CF_OP_WRITE || kind == CF_OP_READ || kind == CF_OP_PUNCH ||
	       kind == CF_OP_TRUNCATE;
}

/* x0-x1: head, x2-x3: tail (little endian), each modulo the block size and
 * kept inside the span: the range holds at least one byte. */
static void decode_bytes(const uint8_t x[SCN_RECORD_BYTES], uint32_t bs, struct cf_op *op)
{
	uint32_t head = (x[0] | x[1] << 8) % bs, tail = (x[2] | x[3] << 8) % bs;

	if (op->kind == CF_OP_TRUNCATE) {
		op->tail = op->off ? (uint16_t)tail : 0;
		return;
	}
	if (head + tail >= (uint32_t)op->len * bs)
		tail %= (uint32_t)op->len * bs - head;
	op->head = (uint16_t)head;
	op->tail = (uint16_t)tail;
}

static void encode_bytes(const struct cf_op *op, uint8_t x[SCN_RECORD_BYTES])
{
	memset(x, 0, SCN_RECORD_BYTES);
	x[0] = op->head & 0xff;
	x[1] = op->head >> 8;
	x[2] = op->tail & 0xff;
	x[3] = op->tail >> 8;
}

static void decode_header(const uint8_t h[SCN_HEADER_BYTES], struct cf_geometry *geo)
{
	cf_geometry_default(geo);
	geo->block_size = CF_PAGE_SIZE / bpp_table[h[0] % 3];
	geo->dev_blocks = 64 + (h[1] % 8) * 64;
	geo->frag = h[2] % 8;
	geo->cowextsize = 1 + h[3] % 16;
	geo->always_cow = h[4] & 1;
	switch ((h[4] >> 1) & 3) {
	case 0: geo->init = CF_INIT_NONE; break;
	case 1: geo->init = CF_INIT_WRITTEN; break;
	default: geo->init = CF_INIT_CLONE; break;
	}
	geo->init_blocks = geo->init == CF_INIT_NONE ? 0 : 1 + (h[4] >> 3) % 16;
}

static uint16_t clip_len(uint16_t off, uint16_t len)
{
	if (off + len > CF_MAX_FILE_BLOCKS)
		len = CF_MAX_FILE_BLOCKS - off;
	return len;
}

/* A pause point (1-based) from r5 (not 0). */
static uint8_t decode_point(uint8_t r5)
{
	int extra = cf_yield_count() - BIN_LEGACY_POINTS;

	if (extra > 0 && r5 >= BIN_EXT_R5 && r5 < BIN_EXT_R5 + BIN_EXT_SPAN)
		return (uint8_t)(1 + BIN_LEGACY_POINTS + (r5 - BIN_EXT_R5) % extra);
	return (uint8_t)(1 + (r5 - 1) % BIN_LEGACY_POINTS);
}

static uint8_t encode_point(uint8_t point)
{
	if (point > BIN_LEGACY_POINTS)
		return (uint8_t)(BIN_EXT_R5 + point - 1 - BIN_LEGACY_POINTS);
	return point;
}

static void decode_record(const uint8_t r[SCN_RECORD_BYTES], struct cf_op *op)
{
	int kind = (r[0] & BIN_EXT_MASK) == BIN_EXT ?
		   CF_OP_NR_BASIC + (r[0] & 15) % BIN_NEXT : r[0] % CF_OP_NR_BASIC;

	memset(op, 0, sizeof(*op));
	op->kind = kind;
	op->task = op_is_user(kind) ? r[1] % 4 : op_fixed_task(kind);
	op->pause_nth = 1;
	op->fault_nth = 1;
	if (r[5]) {
		op->pause_point = decode_point(r[5]);
		op->pause_nth = 1 + (r[6] & 3);
	}
	op->fault = (r[6] >> 2) & 3;
	if (op->fault == BIN_FAULT_NOMEM && kind != CF_OP_REFLINK && r[7] >> 4 == BIN_EDQUOT_HI)
		op->fault = CF_FAULT_EDQUOT;
	if (op->fault)
		op->fault_nth = 1 + ((r[6] >> 4) & 3);

	switch (kind) {
	case CF_OP_RESUME:
		op->task = r[1] % CF_NTASKS;
		break;
	case CF_OP_ENDIO: case CF_OP_DIOEND:
		op->len = r[4] % 16;
		break;
	case CF_OP_RECLAIM:
		op->flag = !!(r[6] & BIN_FLAG);
		if (op->flag)
			op->ino = 1 + r[2] % CF_NINODES;
		break;
	case CF_OP_ALWAYS_COW:
		op->flag = !!(r[6] & BIN_FLAG);
		break;
	case CF_OP_DROP_CACHES:
		break;
	case CF_OP_FSYNC: case CF_OP_WAIT:
		op->ino = 1 + r[2] % CF_NINODES;
		break;
	case CF_OP_TRUNCATE:
		op->ino = 1 + r[2] % CF_NINODES;
		op->off = r[3];
		break;
	case CF_OP_REFLINK:
		op->ino = 1 + r[2] % CF_NINODES;
		op->ino2 = 1 + (r[2] / CF_NINODES) % CF_NINODES;
		op->off = r[3];
		op->off2 = r[7];
		if (!(r[6] & BIN_LONG)) {
			op->len = clip_len(op->off, 1 + r[4] % 16);
			op->len = clip_len(op->off2, op->len);
		}
		break;
	default:	/* ranged ops */
		op->ino = 1 + r[2] % CF_NINODES;
		op->off = r[3];
		op->len = 1 + r[4] % 16;
		if (r[6] & BIN_LONG)
			op->len += 16 * (1 + r[7] % 15);
		op->len = clip_len(op->off, op->len);
		if (kind == CF_OP_WRITEBACK)
			op->flag = !!(r[6] & BIN_FLAG);
		else if (kind == CF_OP_DWRITE) {
			op->flag = !!(r[6] & BIN_FLAG);
			op->atomic = r[7] >> 4 == BIN_ATOMIC_HI;
		}
		if (kind == CF_OP_WRITEBACK && !op->flag)
			op->off = op->len = 0;
		break;
	}
}

void scn_decode_binary(const uint8_t *data, size_t size, struct cf_scenario *out)
{
	uint8_t h[SCN_HEADER_BYTES] = { 0 };
	size_t pos;
	int bytes;

	memset(out, 0, sizeof(*out));
	memcpy(h, data, size < SCN_HEADER_BYTES ? size : SCN_HEADER_BYTES);
	decode_header(h, &out->geo);
	bytes = (h[3] & BIN_BYTES_MASK) == BIN_BYTES;
	for (pos = SCN_HEADER_BYTES; pos + SCN_RECORD_BYTES <= size &&
	     out->nops < CF_MAX_OPS; pos += SCN_RECORD_BYTES) {
		struct cf_op *op = &out->ops[out->nops];

		decode_record(data + pos, op);
		if (bytes && op_has_bytes(op->kind)) {
			/* an op whose extension is cut short is dropped */
			if (pos + 2 * SCN_RECORD_BYTES > size)
				break;
			pos += SCN_RECORD_BYTES;
			decode_bytes(data + pos, out->geo.block_size, op);
		}
		out->nops++;
	}
}

/* Does the scenario need the byte form (a range that is not block aligned)? */
static int needs_bytes(const struct cf_scenario *scn)
{
	for (uint32_t i = 0; i < scn->nops; i++)
		if (scn->ops[i].head || scn->ops[i].tail)
			return 1;
	return 0;
}

/* Why a scenario has no binary form, or NULL if it has one. */
static const char *unrepresentable(const struct cf_scenario *scn, uint32_t *opidx)
{
	const struct cf_geometry *g = &scn->geo;

	*opidx = UINT32_MAX;
	if (scn->pct_depth)
		return "a 'schedule' line (fuzz_pct_* inputs carry it as a prefix, docs/explore.md)";
	if (g->block_size != 1024 && g->block_size != 2048 && g->block_size != 4096)
		return "block size must be 1024, 2048 or 4096";
	if (g->dev_blocks < 64 || g->dev_blocks > 512 || g->dev_blocks % 64)
		return "dev must be 64..512 blocks in steps of 64";
	if (g->frag > 7)
		return "frag must be 0..7";
	if (g->cowextsize < 1 || g->cowextsize > 16)
		return "cowextsize must be 1..16 blocks";
	if (g->init != CF_INIT_NONE && (g->init_blocks < 1 || g->init_blocks > 16))
		return "init blocks must be 1..16";
	for (uint32_t i = 0; i < scn->nops; i++) {
		const struct cf_op *op = &scn->ops[i];

		*opidx = i;
		if (op->pause_point && op->pause_nth > 4)
			return "pause occurrence must be 1..4";
		if (op->fault && op->fault_nth > 4)
			return "fault occurrence must be 1..4";
		if ((op->kind == CF_OP_ENDIO || op->kind == CF_OP_DIOEND) && op->len > 15)
			return "complete count must be 0..15";
		if (op->kind == CF_OP_REFLINK && op->len > 16)
			return "reflink length must be 0 (to EOF) or 1..16 blocks";
		if (op_has_range(op->kind) && op->len > 0 && (op->len - 1) / 16 > 15)
			return "length must be 1..256 blocks";
		if (op->off > 255 || op->off2 > 255)
			return "offsets must be below block 256";
		if (op->atomic && op->kind != CF_OP_DWRITE)
			return "only dwrite can be atomic";
		if (op->fault == CF_FAULT_EDQUOT && (op->kind == CF_OP_REFLINK || op->atomic))
			return "fault edquot on a reflink or an atomic dwrite";
		if (op->pause_point > BIN_LEGACY_POINTS + BIN_EXT_SPAN)
			return "pause point past the binary form's range";
		if ((op->head || op->tail) && !op_has_bytes(op->kind))
			return "only write, read, punch and truncate take byte offsets";
	}
	return NULL;
}

int scn_binary_check(const struct cf_scenario *scn, char *err, size_t errlen)
{
	uint32_t idx;
	const char *why = unrepresentable(scn, &idx);

	if (!why)
		return 0;
	if (idx == UINT32_MAX)
		snprintf(err, errlen, "no binary form: %s", why);
	else
		snprintf(err, errlen, "no binary form: op %u (line %u): %s",
			 idx + 1, scn->ops[idx].line, why);
	return -1;
}

static void encode_record(const struct cf_op *op, uint8_t r[SCN_RECORD_BYTES])
{
	memset(r, 0, SCN_RECORD_BYTES);
	r[0] = op->kind < CF_OP_NR_BASIC ? op->kind : BIN_EXT | (op->kind - CF_OP_NR_BASIC);
	if (op_is_user(op->kind) || op->kind == CF_OP_RESUME)
		r[1] = op->task;
	if (op->pause_point) {
		r[5] = encode_point(op->pause_point);
		r[6] |= (op->pause_nth - 1) & 3;
	}
	if (op->fault)
		r[6] |= ((op->fault == CF_FAULT_EDQUOT ? BIN_FAULT_NOMEM : op->fault) << 2) |
			(((op->fault_nth - 1) & 3) << 4);
	if (op->flag)
		r[6] |= BIN_FLAG;
	switch (op->kind) {
	case CF_OP_RESUME: case CF_OP_DROP_CACHES: case CF_OP_ALWAYS_COW:
		break;
	case CF_OP_ENDIO: case CF_OP_DIOEND:
		r[4] = op->len;
		break;
	case CF_OP_RECLAIM:
		if (op->flag)
			r[2] = op->ino - 1;
		break;
	case CF_OP_FSYNC: case CF_OP_WAIT:
		r[2] = op->ino - 1;
		break;
	case CF_OP_TRUNCATE:
		r[2] = op->ino - 1;
		r[3] = op->off;
		break;
	case CF_OP_REFLINK:
		r[2] = (op->ino - 1) + CF_NINODES * (op->ino2 - 1);
		r[3] = op->off;
		r[7] = op->off2;
		if (op->len == 0)
			r[6] |= BIN_LONG;
		else
			r[4] = op->len - 1;
		break;
	default:
		r[2] = op->ino - 1;
		if (op->kind == CF_OP_WRITEBACK && !op->flag)
			break;
		r[3] = op->off;
		r[4] = (op->len - 1) % 16;
		if (op->len > 16) {
			r[6] |= BIN_LONG;
			r[7] = (op->len - 1) / 16 - 1;
		}
		/* 0xa0 + k has residue k + 10 mod 15: shift k to keep it */
		if (op->kind == CF_OP_DWRITE && op->atomic)
			r[7] = (BIN_ATOMIC_HI << 4) + (r[7] + 5) % 15;
		break;
	}
	/* 0xd0 + k has residue k + 13 mod 15: shift k to keep it */
	if (op->fault == CF_FAULT_EDQUOT)
		r[7] = (BIN_EDQUOT_HI << 4) + (r[7] + 2) % 15;
}

size_t scn_encode_binary(const struct cf_scenario *scn, uint8_t *buf, size_t cap)
{
	const struct cf_geometry *g = &scn->geo;
	size_t need = SCN_HEADER_BYTES + (size_t)scn->nops * SCN_RECORD_BYTES, pos;
	uint8_t h[SCN_HEADER_BYTES];
	int bytes = needs_bytes(scn);
	uint32_t idx;

	if (unrepresentable(scn, &idx))
		return 0;
	for (uint32_t i = 0; bytes && i < scn->nops; i++)
		if (op_has_bytes(scn->ops[i].kind))
			need += SCN_RECORD_BYTES;
	if (cap < need)
		return need;
	h[0] = g->block_size == 4096 ? 0 : g->block_size == 2048 ? 1 : 2;
	h[1] = (g->dev_blocks - 64) / 64;
	h[2] = g->frag;
	h[3] = (g->cowextsize - 1) | (bytes ? BIN_BYTES : 0);
	h[4] = g->always_cow & 1;
	if (g->init != CF_INIT_NONE)
		h[4] |= (g->init << 1) | ((g->init_blocks - 1) << 3);
	memcpy(buf, h, sizeof(h));
	pos = SCN_HEADER_BYTES;
	for (uint32_t i = 0; i < scn->nops; i++) {
		encode_record(&scn->ops[i], buf + pos);
		pos += SCN_RECORD_BYTES;
		if (bytes && op_has_bytes(scn->ops[i].kind)) {
			encode_bytes(&scn->ops[i], buf + pos);
			pos += SCN_RECORD_BYTES;
		}
	}
	return need;
}
