/* SPDX-License-Identifier: GPL-2.0 */
/*
 * model.h: the reference model of file contents.  Each block keeps the
 * writes that may still be what it reads back: a write stops being a
 * candidate once another write to the block *started after it was
 * acknowledged* and was itself acknowledged (a linearizability-style
 * rule, so racing writes are all allowed and nothing else is).  A weak
 * entry is a value allowed without superseding anything: what a buffered
 * write racing a direct write may put back in the rest of its partial
 * block (model.c write_partial_rest).
 */
#ifndef CF_ORACLE_MODEL_H
#define CF_ORACLE_MODEL_H

#include <stdint.h>
#include <stdbool.h>
#include <stddef.h>
#include "cowfuzz.h"

#define MODEL_MAX_ENTRIES	10
#define MODEL_NOT_ACKED		UINT16_MAX
#define MODEL_TAG_WORDS		CF_TAG_WORDS

/* times are the model's logical clock: two ticks an op, so 16 bits do */
struct model_entry {
	uint16_t	tag;
	int16_t		op;		/* op that wrote it, -1 for init */
	uint16_t	start;
	uint16_t	ack;
	uint16_t	lo, hi;		/* the bytes of the block it covers, [lo, hi);
					 * hi 0 is the block's end (a whole block) */
	uint8_t		weak;		/* a value it may hold that retires no other
					 * (a buffered write's partial block rest) */
};

struct model_block {
	uint8_t			n;
	uint8_t			saturated;	/* more racing writes than entries */
	uint8_t			partial;	/* some entry covers part of it */
	struct model_entry	e[MODEL_MAX_ENTRIES];
};

/*
 * Blocks below hi have their own state.  Every block at or after hi has
 * had the same history, since only a truncate reaches past the blocks ops
 * name: that state is kept once (tail, tail_hist) and copied into a block
 * when an op first names it (model.c materialize), so a run pays for the
 * blocks it touches, not for CF_MAX_FILE_BLOCKS of them.
 */
struct model_file {
	uint32_t		hi;
	uint64_t		written[MODEL_TAG_WORDS];	/* tags ever in this file */
	uint32_t		size_blocks;			/* sequential view */
	/* the smallest size (in blocks, rounded up) the file can have now,
	 * or less: what acknowledged ops guarantee */
	uint32_t		eof_lo;
	uint16_t		trunc_ack;	/* latest acknowledged truncate */
	uint16_t		size_ack;	/* latest acknowledged size-setting op */
	struct model_block	tail;
	uint64_t		tail_hist[MODEL_TAG_WORDS];
	/* last (not reset per run; valid below hi) */
	struct model_block	b[CF_MAX_FILE_BLOCKS];
	/* per block, every tag that was ever a candidate there (a clone
	 * brings its source block's): what a block may hold after a fault */
	uint64_t		hist[CF_MAX_FILE_BLOCKS][MODEL_TAG_WORDS];
};

struct cf_model {
	uint32_t		bs;		/* block size: entries cover bytes of it */
	uint16_t		clock;
	uint16_t		op_start[CF_MAX_OPS];
	uint16_t		op_ack[CF_MAX_OPS];	/* 0: not (yet) acknowledged */
	uint16_t		clone_len[CF_MAX_OPS];	/* resolved "to EOF" clones */
	struct model_file	f[CF_NINODES];
};

struct cf_scenario;
void model_init(struct cf_model *m, const struct cf_geometry *geo);
/* The init layout is in place: ino 1 (and 2 for a clone) hold tag 1. */
void model_init_done(struct cf_model *m, const struct cf_geometry *geo);
struct cf_op;
/* Does the op change file contents (write, dwrite, punch, truncate, clone)?
 * Only those get entries and acknowledgements. */
bool model_op_has_entries(const struct cf_op *op);
/* An operation starts: writes, zeroing and clones get their entries. */
void model_op_start(struct cf_model *m, const struct cf_scenario *scn, int opidx);
/* A clone has its source locked and knows its length: its entries take
 * the source's values now, dated at the op's start. */
void model_clone_resolved(struct cf_model *m, const struct cf_scenario *scn, int opidx,
			  uint32_t len);
/* It is acknowledged (returned, or its async completion succeeded). */
void model_op_ack(struct cf_model *m, const struct cf_scenario *scn, int opidx);
/* A short write: only the first nblocks blocks of its span are acknowledged. */
void model_op_ack_partial(struct cf_model *m, const struct cf_scenario *scn, int opidx,
			  uint32_t nblocks);
/* Is this value allowed for the block's first lim bytes (those inside EOF)
 * now?  0 yes, else CF_DATA_LOSS or CF_STALE_DATA.  got may be a mix
 * (cowfuzz.h): each of its bytes is checked against the entries there. */
int model_check(const struct cf_model *m, int ino, uint32_t blk, uint16_t got,
		uint32_t lim, bool relaxed);
/* Every tag model_check accepts for the block, as a bit set (OR'ed in). */
void model_allowed(const struct cf_model *m, int ino, uint32_t blk, bool relaxed,
		   uint64_t *set);
/* got is a value the block held that no op still running at time t (an
 * op's start) or started since gave it: what an op that started at t
 * overwrote (an entry pruned since was superseded, so it counts too). */
/* Did an op that started after time t give block blk of ino a value (a
 * later write, truncate, punch or clone)?  Its value then is no longer
 * the atomic write's "before", even where the entry was pruned since. */
bool model_edited_since(const struct cf_model *m, const struct cf_scenario *scn, int ino,
			uint32_t blk, uint32_t t);
bool model_value_before(const struct cf_model *m, int ino, uint32_t blk, uint16_t got,
			uint16_t t);
/* The newest candidate (what a sequential run must read), byte by byte: a
 * mix when the block's bytes differ. */
uint16_t model_expect(const struct cf_model *m, int ino, uint32_t blk);
/* A readable list of the candidates, for reports. */
void model_describe(const struct cf_model *m, int ino, uint32_t blk,
		    char *buf, size_t cap);

#endif
