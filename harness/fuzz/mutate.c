// SPDX-License-Identifier: GPL-2.0
/*
 * Structure-aware mutations of the binary scenario form (mutate.h).
 *
 * Byte-level mutators rarely produce the shape a race needs: an op paused at
 * a window, another op that changes the fork, then a resume of the first
 * task, all on the same inode and block.  These mutations work on whole
 * 8-byte records and know which bytes are the schedule (r5/r6 and resume
 * records) and which are the target (r2/r3), so one step can make that shape.
 * Only libc here: the AFL++ .so is built from this file alone.
 */
#include <string.h>
#include "mutate.h"
#include "cowfuzz_prng.h"

enum {	/* opcodes, r0 % 16, then the extended ones (r0 = 0xc0 + i),
	 * docs/scenario.md */
	OP_WRITE, OP_DWRITE, OP_FSYNC, OP_SYNC_RANGE, OP_WRITEBACK, OP_REFLINK,
	OP_TRUNCATE, OP_PUNCH, OP_ALWAYS_COW, OP_DROP_CACHES, OP_WAIT, OP_READ,
	OP_ENDIO, OP_DIOEND, OP_RECLAIM, OP_RESUME, OP_NR_BASIC,
	OP_UNSHARE = OP_NR_BASIC, OP_NR
};
#define OP_EXT		0xc0	/* r0 high nibble of an extended opcode */
#define OP_NEXT		(OP_NR - OP_NR_BASIC)
enum { TASK_WB = 4, TASK_ENDIO, TASK_DIOEND, TASK_GC, NTASKS };

#define R6_FLAG		0x40
#define R6_LONG		0x80
/* dwrite r7 0xa0..0xaf: atomic; r5 200..: the yield points after the
 * first 20 (docs/scenario.md "Binary form") */
#define R7_ATOMIC	0xa0
/* r6 fault bits 3 (nomem) with r7 0xd0..0xdf: fault edquot */
#define R6_FAULT_NOMEM	(3 << 2)
#define R7_EDQUOT	0xd0
#define R5_LEGACY_POINTS	20
#define R5_EXT		200

struct mut_state {
	uint64_t	rng;
	uint8_t		hdr[MUT_HEADER_BYTES];
	uint8_t		rec[MUT_MAX_RECORDS][MUT_RECORD_BYTES];
	unsigned	nrec;
	unsigned	cap;	/* records that fit in max */
};

static int mut_npoints = MUT_NPOINTS_DEFAULT;
static int mut_last = -1;

static const char *const kind_names[MUT_NKINDS] = {
	"insert", "delete", "duplicate", "swap", "schedule", "pause_resume",
	"retarget", "field", "opcode", "header", "truncate", "splice",
};

/*
 * Relative weights.  Schedule-shaped moves get the most: they are what no
 * byte mutator finds on its own.
 */
static const uint8_t kind_weight[MUT_NKINDS] = {
	[MUT_INSERT] = 14, [MUT_DELETE] = 8, [MUT_DUPLICATE] = 6, [MUT_SWAP] = 6,
	[MUT_SCHEDULE] = 14, [MUT_PAUSE_RESUME] = 14, [MUT_RETARGET] = 12,
	[MUT_FIELD] = 10, [MUT_OPCODE] = 6, [MUT_HEADER] = 4, [MUT_TRUNCATE] = 2,
	[MUT_SPLICE] = 4,
};

/* Opcode weights for new records: writes and writeback drive the bug class. */
static const uint8_t op_weight[OP_NR] = {
	[OP_WRITE] = 6, [OP_DWRITE] = 5, [OP_FSYNC] = 3, [OP_SYNC_RANGE] = 2,
	[OP_WRITEBACK] = 3, [OP_REFLINK] = 3, [OP_TRUNCATE] = 1, [OP_PUNCH] = 1,
	[OP_ALWAYS_COW] = 1, [OP_DROP_CACHES] = 1, [OP_WAIT] = 1, [OP_READ] = 1,
	[OP_ENDIO] = 3, [OP_DIOEND] = 4, [OP_RECLAIM] = 1, [OP_RESUME] = 4,
	[OP_UNSHARE] = 1,
};

void mut_set_npoints(int n)
{
	mut_npoints = n > 0 && n < 255 ? n : MUT_NPOINTS_DEFAULT;
}

const char *mut_last_name(void)
{
	return mut_last >= 0 ? kind_names[mut_last] : "none";
}

static uint64_t rnd(struct mut_state *s)
{
	return cf_splitmix64(&s->rng);
}

static unsigned below(struct mut_state *s, unsigned n)
{
	return n ? (unsigned)(rnd(s) % n) : 0;
}

static int pick_weighted(struct mut_state *s, const uint8_t *w, int n)
{
	unsigned total = 0, x;

	for (int i = 0; i < n; i++)
		total += w[i];
	x = below(s, total);
	for (int i = 0; i < n; i++) {
		if (x < w[i])
			return i;
		x -= w[i];
	}
	return 0;
}

/* The opcode a record decodes to (scn_binary.c's rule). */
static int rec_op(const uint8_t *r)
{
	if ((r[0] & 0xf0) == OP_EXT)
		return OP_NR_BASIC + (r[0] & 15) % OP_NEXT;
	return r[0] % OP_NR_BASIC;
}

/* The r0 byte that encodes an opcode. */
static uint8_t op_byte(int op)
{
	return op < OP_NR_BASIC ? op : OP_EXT | (op - OP_NR_BASIC);
}

/* The task that runs a record, as a resume record's r1 names it. */
static int rec_task(const uint8_t *r)
{
	switch (rec_op(r)) {
	case OP_WRITEBACK: return TASK_WB;
	case OP_ENDIO: return TASK_ENDIO;
	case OP_DIOEND: return TASK_DIOEND;
	case OP_RECLAIM: return TASK_GC;
	case OP_RESUME: return r[1] % NTASKS;
	default: return r[1] % 4;
	}
}

/* A pause point's r5, any of the mut_npoints points. */
static uint8_t draw_point(struct mut_state *s)
{
	unsigned k = below(s, mut_npoints);

	return (uint8_t)(k < R5_LEGACY_POINTS ? 1 + k : R5_EXT + k - R5_LEGACY_POINTS);
}

/* An atomic dwrite the kernel accepts most of the time: a power-of-two
 * length of 1..8 blocks at an offset aligned to it. */
static void make_atomic(struct mut_state *s, uint8_t *r)
{
	uint8_t len = (uint8_t)(1u << below(s, 4));

	r[7] = R7_ATOMIC + below(s, 15);
	if (below(s, 4)) {
		r[6] &= ~R6_LONG;
		r[4] = len - 1;
		r[3] &= (uint8_t)~(len - 1);
	}
}

/* Small offsets most of the time: ops only race when they share blocks. */
static uint8_t draw_offset(struct mut_state *s)
{
	return below(s, 5) ? below(s, 16) : below(s, 256);
}

static void random_record(struct mut_state *s, uint8_t *r)
{
	memset(r, 0, MUT_RECORD_BYTES);
	r[0] = op_byte(pick_weighted(s, op_weight, OP_NR));
	r[1] = below(s, r[0] == OP_RESUME ? NTASKS : 4);
	r[2] = below(s, 9);
	r[3] = draw_offset(s);
	r[4] = below(s, 4) ? below(s, 4) : below(s, 16);
	if (below(s, 3) == 0) {
		r[5] = draw_point(s);
		r[6] = below(s, 4) ? 0 : below(s, 4);
	}
	if (below(s, 2))
		r[6] |= R6_FLAG;	/* async dwrite, ranged writeback ... */
	if (below(s, 16) == 0) {
		r[6] |= (1 + below(s, 3)) << 2;	/* an injected fault */
		/* half the nomem draws are a quota limit instead */
		if ((r[6] & R6_FAULT_NOMEM) == R6_FAULT_NOMEM && below(s, 2))
			r[7] = R7_EDQUOT + below(s, 15);
	}
	if (r[0] == OP_REFLINK)
		r[7] = draw_offset(s);
	if (r[0] == OP_DWRITE && below(s, 3) == 0)
		make_atomic(s, r);
}

static void insert_at(struct mut_state *s, unsigned pos, const uint8_t *r)
{
	if (s->nrec >= s->cap)
		return;
	memmove(s->rec[pos + 1], s->rec[pos], (s->nrec - pos) * MUT_RECORD_BYTES);
	memcpy(s->rec[pos], r, MUT_RECORD_BYTES);
	s->nrec++;
}

static void delete_at(struct mut_state *s, unsigned pos)
{
	memmove(s->rec[pos], s->rec[pos + 1], (s->nrec - pos - 1) * MUT_RECORD_BYTES);
	s->nrec--;
}

static void resume_record(uint8_t *r, int task)
{
	memset(r, 0, MUT_RECORD_BYTES);
	r[0] = OP_RESUME;
	r[1] = task;
}

/*
 * Aim record j at a block that an earlier record (or the header's initial
 * state) writes, so the two touch the same extent.
 */
static void retarget(struct mut_state *s, unsigned j)
{
	uint8_t ino[MUT_MAX_RECORDS + 2], off[MUT_MAX_RECORDS + 2];
	unsigned n = 0, k;
	uint8_t *r = s->rec[j];

	if (((s->hdr[4] >> 1) & 3) != 0) {	/* init written/clone: ino 1 (and 2) */
		unsigned blocks = 1 + (s->hdr[4] >> 3) % 16;

		ino[n] = 0; off[n++] = below(s, blocks);
		if (((s->hdr[4] >> 1) & 3) >= 2) {
			ino[n] = 1; off[n++] = below(s, blocks);
		}
	}
	for (unsigned i = 0; i < j; i++) {
		const uint8_t *e = s->rec[i];

		switch (rec_op(e)) {
		case OP_WRITE: case OP_DWRITE:
			ino[n] = e[2] % 3;
			off[n++] = e[3] + below(s, 1 + e[4] % 16);
			break;
		case OP_REFLINK:
			ino[n] = (e[2] / 3) % 3;
			off[n++] = e[7] + below(s, 1 + e[4] % 16);
			break;
		default:
			break;
		}
	}
	if (!n) {
		r[3] = below(s, 4);
		return;
	}
	k = below(s, n);
	if (rec_op(r) == OP_REFLINK && below(s, 2)) {
		/* aim the destination: r2 / 3 is the destination inode */
		r[2] = (r[2] % 3) + 3 * ino[k];
		r[7] = off[k];
	} else if (rec_op(r) == OP_REFLINK) {
		r[2] = ino[k] + 3 * ((r[2] / 3) % 3);
		r[3] = off[k];
	} else {
		r[2] = ino[k];
		r[3] = off[k];
	}
}

static void schedule(struct mut_state *s)
{
	unsigned i = below(s, s->nrec), j;
	uint8_t *r = s->rec[i];

	switch (below(s, 4)) {
	case 0:	/* a different pause point, or none */
		r[5] = below(s, 4) ? draw_point(s) : 0;
		r[6] = (r[6] & ~3) | (below(s, 3) ? 0 : below(s, 4));
		break;
	case 1:	/* another occurrence of the same point */
		r[6] = (r[6] & ~3) | below(s, 4);
		if (!r[5])
			r[5] = draw_point(s);
		break;
	case 2:	/* move a resume record (or turn this one into a resume) */
		for (j = 0; j < s->nrec; j++)
			if (rec_op(s->rec[(i + j) % s->nrec]) == OP_RESUME)
				break;
		if (j < s->nrec) {
			uint8_t tmp[MUT_RECORD_BYTES];

			i = (i + j) % s->nrec;
			memcpy(tmp, s->rec[i], sizeof(tmp));
			delete_at(s, i);
			insert_at(s, below(s, s->nrec + 1), tmp);
		} else {
			resume_record(r, below(s, NTASKS));
		}
		break;
	default:	/* resume another task */
		for (j = 0; j < s->nrec; j++)
			if (rec_op(s->rec[(i + j) % s->nrec]) == OP_RESUME) {
				s->rec[(i + j) % s->nrec][1] = below(s, NTASKS);
				break;
			}
		break;
	}
}

/* Pause record i at a window and resume its task a few records later,
 * possibly with a fresh op in between: the basic race shape. */
static void pause_resume(struct mut_state *s)
{
	unsigned i = below(s, s->nrec), at;
	uint8_t *r = s->rec[i], res[MUT_RECORD_BYTES], mid[MUT_RECORD_BYTES];

	if (rec_op(r) == OP_RESUME)
		random_record(s, r);
	r[5] = draw_point(s);
	r[6] &= ~3;
	resume_record(res, rec_task(r));
	at = i + 1 + below(s, s->nrec - i);
	if (below(s, 2)) {
		random_record(s, mid);
		mid[5] = 0;
		if (below(s, 2)) {	/* same inode and block as the paused op */
			mid[2] = r[2] % 3;
			mid[3] = r[3];
		}
		insert_at(s, i + 1, mid);
		at++;
	}
	if (at > s->nrec)
		at = s->nrec;
	insert_at(s, at, res);
}

static void field(struct mut_state *s)
{
	uint8_t *r = s->rec[below(s, s->nrec)];
	unsigned b = 1 + below(s, 7);

	/* a direct write turns atomic, or plain again */
	if ((r[0] % OP_NR) == OP_DWRITE && below(s, 4) == 0) {
		if ((r[7] >> 4) == (R7_ATOMIC >> 4))
			r[7] = 0;
		else
			make_atomic(s, r);
		return;
	}
	switch (below(s, 3)) {
	case 0: r[b] = rnd(s); break;
	case 1: r[b] += below(s, 2) ? 1 : -1; break;
	default: r[b] ^= 1u << below(s, 8); break;
	}
}

static void splice(struct mut_state *s, const uint8_t *o, size_t osz)
{
	unsigned on, start, len, at;

	if (!o || osz < MUT_HEADER_BYTES + MUT_RECORD_BYTES)
		return;
	on = (osz - MUT_HEADER_BYTES) / MUT_RECORD_BYTES;
	start = below(s, on);
	len = 1 + below(s, on - start < 8 ? on - start : 8);
	at = below(s, s->nrec + 1);
	for (unsigned k = 0; k < len; k++)
		insert_at(s, at + k > s->nrec ? s->nrec : at + k,
			  o + MUT_HEADER_BYTES + (start + k) * MUT_RECORD_BYTES);
}

static void apply(struct mut_state *s, int kind, const uint8_t *o, size_t osz)
{
	uint8_t r[MUT_RECORD_BYTES];
	unsigned i, j;

	/* moves that need records fall back to inserting one */
	if (s->nrec == 0 && kind != MUT_HEADER && kind != MUT_SPLICE)
		kind = MUT_INSERT;
	if (s->nrec >= s->cap && (kind == MUT_INSERT || kind == MUT_DUPLICATE ||
				  kind == MUT_PAUSE_RESUME || kind == MUT_SPLICE))
		kind = MUT_DELETE;
	if (s->nrec == 0 && kind == MUT_DELETE)
		return;
	mut_last = kind;
	switch (kind) {
	case MUT_INSERT:
		random_record(s, r);
		i = below(s, s->nrec + 1);
		insert_at(s, i, r);
		if (below(s, 2))
			retarget(s, i);
		break;
	case MUT_DELETE:
		delete_at(s, below(s, s->nrec));
		break;
	case MUT_DUPLICATE:
		memcpy(r, s->rec[below(s, s->nrec)], sizeof(r));
		insert_at(s, below(s, s->nrec + 1), r);
		break;
	case MUT_SWAP:
		i = below(s, s->nrec);
		j = below(s, s->nrec);
		memcpy(r, s->rec[i], sizeof(r));
		memcpy(s->rec[i], s->rec[j], sizeof(r));
		memcpy(s->rec[j], r, sizeof(r));
		break;
	case MUT_SCHEDULE:
		schedule(s);
		break;
	case MUT_PAUSE_RESUME:
		pause_resume(s);
		break;
	case MUT_RETARGET:
		retarget(s, below(s, s->nrec));
		break;
	case MUT_FIELD:
		field(s);
		break;
	case MUT_OPCODE:
		s->rec[below(s, s->nrec)][0] = op_byte(pick_weighted(s, op_weight, OP_NR));
		break;
	case MUT_HEADER:
		i = below(s, MUT_HEADER_BYTES);
		s->hdr[i] = below(s, 2) ? (uint8_t)rnd(s) : s->hdr[i] + 1;
		break;
	case MUT_TRUNCATE:
		s->nrec = below(s, s->nrec);
		break;
	case MUT_SPLICE:
		splice(s, o, osz);
		break;
	}
}

static void load(struct mut_state *s, const uint8_t *data, size_t size, size_t max)
{
	size_t n = size > MUT_HEADER_BYTES ? (size - MUT_HEADER_BYTES) / MUT_RECORD_BYTES : 0;

	memset(s->hdr, 0, sizeof(s->hdr));
	memcpy(s->hdr, data, size < MUT_HEADER_BYTES ? size : MUT_HEADER_BYTES);
	s->cap = max > MUT_HEADER_BYTES ? (max - MUT_HEADER_BYTES) / MUT_RECORD_BYTES : 0;
	if (s->cap > MUT_MAX_RECORDS)
		s->cap = MUT_MAX_RECORDS;
	if (n > s->cap)
		n = s->cap;
	s->nrec = n;
	memcpy(s->rec, data + MUT_HEADER_BYTES, n * MUT_RECORD_BYTES);
}

static size_t store(const struct mut_state *s, uint8_t *out, size_t max)
{
	size_t n = s->nrec < s->cap ? s->nrec : s->cap;

	if (max < MUT_HEADER_BYTES) {
		memcpy(out, s->hdr, max);
		return max;
	}
	memcpy(out, s->hdr, MUT_HEADER_BYTES);
	memcpy(out + MUT_HEADER_BYTES, s->rec, n * MUT_RECORD_BYTES);
	return MUT_HEADER_BYTES + n * MUT_RECORD_BYTES;
}

/* Large (about 16 KiB), so not on the stack of a fuzz target; the engines
 * call mutators from one thread. */
static struct mut_state mut_st;

size_t mut_mutate(uint8_t *data, size_t size, size_t max, uint32_t seed,
		  const uint8_t *other, size_t other_size)
{
	struct mut_state *s = &mut_st;
	unsigned rounds;

	s->rng = seed * 0x2545f4914f6cdd1dULL + 1;
	load(s, data, size, max);
	rounds = 1 + below(s, 4);
	for (unsigned k = 0; k < rounds; k++)
		apply(s, pick_weighted(s, kind_weight, MUT_NKINDS), other, other_size);
	return store(s, data, max);
}

size_t mut_crossover(const uint8_t *a, size_t asz, const uint8_t *b, size_t bsz,
		     uint8_t *out, size_t max, uint32_t seed)
{
	struct mut_state *s = &mut_st;

	s->rng = seed * 0x2545f4914f6cdd1dULL + 7;
	load(s, a, asz, max);
	mut_last = MUT_SPLICE;
	if (s->nrec && below(s, 2))	/* splice replaces a tail half the time */
		s->nrec = below(s, s->nrec + 1);
	splice(s, b, bsz);
	return store(s, out, max);
}
