/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cowfuzz.h - the one API the harness may use to reach the simulated kernel.
 *
 * A scenario (struct cf_scenario) is run against a profile (a kernel
 * behaviour named by commit) by cf_run(); the result says whether the oracle
 * fired, which class, at which site, and carries the reference model's view
 * of the files for tools that compare with a real kernel.  Nothing here
 * exposes the port's internals (forks, pages, tasks); see DESIGN.md §2.
 */
#ifndef COWFUZZ_H
#define COWFUZZ_H

#include <stddef.h>
#include <stdint.h>

#define CF_NINODES		3	/* ino 1..3 */
#define CF_MAX_FILE_BLOCKS	256	/* a file is at most this many blocks */
#define CF_MAX_DEV_BLOCKS	1024
#define CF_MAX_OPS		256
#define CF_PAGE_SIZE		4096

/* Operations, in the binary opcode order of docs/scenario.md. */
enum cf_op_kind {
	CF_OP_WRITE,
	CF_OP_DWRITE,
	CF_OP_FSYNC,
	CF_OP_SYNC_RANGE,
	CF_OP_WRITEBACK,
	CF_OP_REFLINK,
	CF_OP_TRUNCATE,
	CF_OP_PUNCH,
	CF_OP_ALWAYS_COW,
	CF_OP_DROP_CACHES,
	CF_OP_WAIT,
	CF_OP_READ,
	CF_OP_ENDIO,		/* endio: complete */
	CF_OP_DIOEND,		/* dioend: complete */
	CF_OP_RECLAIM,		/* gc: reclaim */
	CF_OP_RESUME,
	CF_OP_NR_BASIC,		/* 16: the opcodes of r0 % 16; extended ones follow */
	/* extended opcodes (binary: r0 = 0xc0 + index, docs/scenario.md) */
	CF_OP_UNSHARE = CF_OP_NR_BASIC,	/* fallocate(UNSHARE_RANGE) */
	CF_OP_NR
};

/* Simulated tasks, in the binary order of `resume`. */
enum cf_task_id {
	CF_T0, CF_T1, CF_T2, CF_T3,
	CF_TASK_WB,		/* flusher: background writeback */
	CF_TASK_ENDIO,		/* xfs_end_io worker */
	CF_TASK_DIOEND,		/* direct I/O completion work */
	CF_TASK_GC,		/* cowblocks reclaim */
	CF_NTASKS
};

enum cf_fault_kind {
	CF_FAULT_NONE,
	CF_FAULT_EIO,		/* a bio fails */
	CF_FAULT_ENOSPC,	/* a block allocation fails */
	CF_FAULT_NOMEM,		/* a transaction allocation fails */
	CF_FAULT_EDQUOT,	/* a quota reservation hits the limit */
	CF_FAULT_NR
};

enum cf_init_kind {
	CF_INIT_NONE,
	CF_INIT_WRITTEN,	/* ino 1 holds written blocks */
	CF_INIT_CLONE,		/* ... and ino 2 is a reflink clone of it */
	CF_INIT_NR
};

struct cf_geometry {
	uint32_t	block_size;	/* bytes: 1024, 2048 or 4096 */
	uint32_t	dev_blocks;
	uint8_t		frag;		/* 0 = contiguous free space */
	uint8_t		cowextsize;	/* blocks */
	uint8_t		always_cow;	/* starting value */
	uint8_t		init;		/* enum cf_init_kind */
	uint16_t	init_blocks;
};

/*
 * One operation.  Offsets and lengths are in blocks; a buffered write, read
 * or punch that is not block aligned keeps the blocks it touches in off/len
 * and the bytes it leaves out of its first and last block in head/tail
 * (truncate: the new size is off blocks less tail bytes).  Aligned ops have
 * head = tail = 0, so every tool that thinks in blocks sees the span.
 */
struct cf_op {
	uint8_t		kind;		/* enum cf_op_kind */
	uint8_t		task;		/* enum cf_task_id */
	uint8_t		ino;		/* 1..CF_NINODES; reflink: source */
	uint8_t		ino2;		/* reflink: destination */
	uint16_t	off;		/* reflink: source offset; truncate: new size */
	uint16_t	len;		/* reflink: 0 means to EOF; complete: count (0 = all) */
	uint16_t	off2;		/* reflink: destination offset */
	uint8_t		flag;		/* dwrite: async; always_cow: on; read/writeback/reclaim: has range */
	uint8_t		pause_point;	/* 0 = none, else yield point + 1 */
	uint8_t		pause_nth;	/* 1-based */
	uint8_t		fault;		/* enum cf_fault_kind */
	uint8_t		fault_nth;	/* 1-based */
	uint8_t		atomic;		/* dwrite: RWF_ATOMIC; otherwise always 0 */
	uint32_t	line;		/* source line in a .scn, 0 if none */
	uint16_t	head;		/* bytes of the first block before the range */
	uint16_t	tail;		/* bytes of the last block after it */
};

/* The byte range of a write, read or punch; truncate's size is the offset. */
static inline uint64_t cf_op_byte_off(const struct cf_op *op, uint32_t bs)
{
	return (uint64_t)op->off * bs + op->head - (op->kind == CF_OP_TRUNCATE ? op->tail : 0);
}

static inline uint64_t cf_op_byte_len(const struct cf_op *op, uint32_t bs)
{
	return (uint64_t)op->len * bs - op->head - op->tail;
}

/* Set a byte range (len >= 1): the blocks it touches, head and tail. */
static inline void cf_op_set_bytes(struct cf_op *op, uint32_t bs, uint64_t off, uint64_t len)
{
	uint64_t end = off + len;

	op->off = (uint16_t)(off / bs);
	op->len = (uint16_t)((end + bs - 1) / bs - off / bs);
	op->head = (uint16_t)(off % bs);
	op->tail = (uint16_t)(end % bs ? bs - end % bs : 0);
}

/* Set truncate's size: the blocks it keeps, less the bytes cut off the last. */
static inline void cf_op_set_size(struct cf_op *op, uint32_t bs, uint64_t size)
{
	op->off = (uint16_t)((size + bs - 1) / bs);
	op->head = 0;
	op->tail = (uint16_t)(size % bs ? bs - size % bs : 0);
}

struct cf_scenario {
	struct cf_geometry	geo;
	char			profile[48];	/* empty: none named */
	uint32_t		nops;
	struct cf_op		ops[CF_MAX_OPS];
	/* `schedule pct seed=S depth=D` (docs/explore.md): cf_run first adds
	 * the pauses of that PCT schedule.  depth 0: none.  Not in the
	 * binary form (the fuzz_pct_* targets take it from an input prefix). */
	uint32_t		pct_seed;
	uint8_t			pct_depth;
};

/* The data a write op leaves is its tag: op index + 2 (init data is 1). */
#define CF_TAG_ZERO	0
#define CF_TAG_INIT	1
static inline uint16_t cf_op_tag(uint32_t opidx) { return (uint16_t)(opidx + 2); }
/* The byte every byte of a block with this tag holds, for real-kernel tools. */
static inline uint8_t cf_tag_byte(uint16_t tag)
{
	return tag == 0 ? 0 : (uint8_t)(1 + (tag - 1) % 255);
}

/*
 * A block whose bytes hold several values (a sub-block write, the zeroed
 * tail of the EOF block) has a mixed tag: CF_TAG_MIX + an index into the
 * run's table of runs.  Plain tags (every byte the same) stay below it.
 * cf_content_runs gives the runs of any tag (one for a plain tag); the
 * table holds until the next cf_run.
 */
#define CF_TAG_MIX	0xc000
#define CF_MIX_RUNS	24
struct cf_content_run {
	uint16_t	end;		/* bytes: this run is [previous end, end) */
	uint16_t	tag;		/* plain */
};
int cf_content_runs(uint16_t tag, uint32_t bs, struct cf_content_run *out);
/* The plain tag at a byte of a block holding tag. */
uint16_t cf_content_at(uint16_t tag, uint32_t bs, uint32_t byte);

/* Oracle classes and their fixed exit codes (DESIGN §7). */
enum cf_class {
	CF_OK			= 0,
	CF_STALE_WHICHFORK	= 10,
	CF_WRITE_TOSSED		= 11,
	CF_DATA_LOSS		= 12,
	CF_STALE_DATA		= 13,
	CF_INVARIANT		= 14,
	CF_ERROR_NOT_REPORTED	= 15,
	CF_ERROR_INVENTED	= 16,
	CF_LIVENESS		= 17,
};
const char *cf_class_name(int klass);
int cf_class_from_name(const char *name);	/* -1 if unknown */

/* What the reference model and the port say about one file after the run. */
struct cf_file_final {
	uint32_t	size_blocks;	/* i_size rounded up to blocks */
	uint64_t	size_bytes;
	uint16_t	expect[CF_MAX_FILE_BLOCKS];	/* reference model, latest value */
	uint16_t	got[CF_MAX_FILE_BLOCKS];	/* what a read returns */
	uint8_t		shared[CF_MAX_FILE_BLOCKS];	/* written and shared (FIEMAP) */
};

struct cf_result {
	int		klass;		/* enum cf_class */
	char		site[64];	/* e.g. "xfs_map_blocks:retry" */
	char		detail[1024];	/* one-paragraph explanation */
	char		tail[8192];	/* the last trace lines, formatted */
	uint64_t	steps;		/* scheduler steps taken */
	uint32_t	switches;	/* task switches */
	uint64_t	trace_hash;	/* FNV-1a over every trace line */
	struct cf_file_final files[CF_NINODES];
	/* want_final: a mixed tag in files[] is CF_TAG_MIX + an index into
	 * this pool (not the run's table), so the result stands alone */
	uint16_t	nmixes;
	struct cf_final_mix {
		uint8_t			n;
		struct cf_content_run	r[CF_MIX_RUNS];
	} mixes[2 * CF_NINODES * CF_MAX_FILE_BLOCKS];
};

/* The runs of a tag of res->files[] (one run for a plain tag). */
static inline int cf_final_runs(const struct cf_result *res, uint16_t tag, uint32_t bs,
				struct cf_content_run *out)
{
	const struct cf_final_mix *m;

	if (tag < CF_TAG_MIX || tag - CF_TAG_MIX >= res->nmixes) {
		out[0].end = (uint16_t)bs;
		out[0].tag = tag;
		return 1;
	}
	m = &res->mixes[tag - CF_TAG_MIX];
	for (int i = 0; i < m->n; i++)
		out[i] = m->r[i];
	return m->n;
}

/*
 * Every value the reference model accepts for each block once the run has
 * drained (what the oracle's final check allows), a bit per tag: tools
 * that judge a real kernel's result against the fixed profile use it.
 */
#define CF_TAG_WORDS	((CF_MAX_OPS + 2 + 63) / 64)
struct cf_allowed {
	uint64_t	tags[CF_NINODES][CF_MAX_FILE_BLOCKS][CF_TAG_WORDS];
	uint8_t		relaxed;	/* a fault fired or an op failed: a block
					 * may hold any value it ever held */
};

typedef void (*cf_trace_fn)(void *ctx, const char *line);

/* The forks of one inode as `xfs_io bmap -elpv` / `-celpv` would show them. */
#define CF_SNAP_MAX_EXTENTS	64
enum cf_snap_state { CF_SNAP_DELALLOC, CF_SNAP_UNWRITTEN, CF_SNAP_WRITTEN };
struct cf_snap_extent {
	uint32_t	off;		/* blocks */
	uint32_t	len;
	uint8_t		state;		/* enum cf_snap_state */
	uint8_t		shared;		/* every block owned by 2+ data forks */
};
struct cf_snap_fork {
	uint32_t		n;
	struct cf_snap_extent	ext[CF_SNAP_MAX_EXTENTS];
};
struct cf_snapshot {
	uint64_t		size_bytes[CF_NINODES];
	struct cf_snap_fork	data[CF_NINODES];
	struct cf_snap_fork	cow[CF_NINODES];
	uint16_t		content[CF_NINODES][CF_MAX_FILE_BLOCKS];	/* what a read returns */
};
/* Called after each scenario operation returns (opidx is 0-based). */
typedef void (*cf_snapshot_fn)(void *ctx, int opidx, const struct cf_snapshot *snap);

/*
 * Canaries for the oracle's own tests: each breaks the port in one way a
 * class must notice.  Never set by the tools or the fuzz targets.
 */
enum cf_sabotage {
	CF_SABOTAGE_NONE		= 0,
	CF_SABOTAGE_BIO_DROP		= 1 << 0,	/* writeback bios write nothing */
	CF_SABOTAGE_BIO_FOREIGN		= 1 << 1,	/* they write data never written */
	CF_SABOTAGE_LEAK_FREE		= 1 << 2,	/* freed blocks are not freed */
	CF_SABOTAGE_SWALLOW_ERRORS	= 1 << 3,	/* mapping_set_error does nothing */
	CF_SABOTAGE_FSYNC_EIO		= 1 << 4,	/* fsync fails with -EIO */
	CF_SABOTAGE_BIO_SWAP		= 1 << 5,	/* they write the paired page's data (2k, 2k+1) */
	CF_SABOTAGE_ATOMIC_TEAR		= 1 << 6,	/* an atomic write's completion remaps one block */
};

struct cf_run_opts {
	cf_trace_fn	trace;		/* NULL: no per-step output (fast) */
	void		*trace_ctx;
	uint8_t		*features;	/* optional interleaving coverage counters */
	uint32_t	nfeatures;
	uint64_t	step_budget;	/* 0: default */
	int		want_final;	/* fill result->files */
	uint32_t	sabotage;	/* enum cf_sabotage, tests only */
	cf_snapshot_fn	snapshot;	/* optional: fork shapes after every op */
	void		*snapshot_ctx;
	struct cf_allowed *allowed;	/* optional: filled at the end of the run */
};

struct cf_profile_info {
	const char	*name;		/* e.g. "7588cbeec6df-v5.5" */
	const char	*commit;	/* kernel commit the behaviour is named by */
	const char	*versions;	/* kernel versions that behave so */
	const char	*summary;
	const char	*expected;	/* what the fuzzer should find on it */
};
int cf_profile_count(void);
const struct cf_profile_info *cf_profile_at(int i);
const struct cf_profile_info *cf_profile_find(const char *name);
const char *cf_profile_default(void);

/* Yield points and op/task names shared with the text form. */
int cf_yield_count(void);
const char *cf_yield_name(int point);		/* 0-based */
int cf_yield_find(const char *name);		/* -1 if unknown */
const char *cf_op_name(int kind);
const char *cf_task_name(int task);
const char *cf_fault_name(int fault);
/* One operation as the canonical text form writes it ("t0: write ino=1
 * off=0 len=4096 (pause: ...)"), without a newline.  Returns the length
 * it needs; buf may be NULL when cap is 0.  (harness/scenario/scn_text.c's
 * scn_format_op calls this.) */
size_t cf_format_op(const struct cf_scenario *scn, const struct cf_op *op,
		    char *buf, size_t cap);

/* Run a scenario on a profile.  Never allocates beyond the run's own static
 * state; every global is reset on entry.  Returns result->klass. */
int cf_run(const struct cf_scenario *scn, const struct cf_profile_info *prof,
	   const struct cf_run_opts *opts, struct cf_result *result);

void cf_geometry_default(struct cf_geometry *geo);

/*
 * Schedule search (docs/explore.md).  A schedule is the scenario with
 * preemptions written in as `pause:`/`resume` lines (and a completion
 * worker's `complete` line where one runs at a preemption), so what it
 * returns replays with cf_run and, as text, with `cowfuzz run`.
 */
#define CF_EXPLORE_MAX_PREEMPTIONS	4
#define CF_PCT_MAX_DEPTH		(CF_EXPLORE_MAX_PREEMPTIONS + 1)
struct cf_explore_opts {
	uint32_t	max_preemptions;	/* K, at most CF_EXPLORE_MAX_PREEMPTIONS */
	uint64_t	max_schedules;		/* stop after this many runs; 0: no bound */
	uint64_t	step_budget;		/* per run; 0: default */
};
struct cf_explore_result {
	int		klass;		/* the first failure's class; 0: none found */
	uint32_t	preemptions;	/* in the failing schedule */
	uint32_t	depth_done;	/* no failure with up to this many (when klass is 0) */
	int		bounded;	/* stopped at max_schedules */
	uint64_t	schedules;	/* M: schedules run */
	struct cf_result	res;	/* the failing run */
	struct cf_scenario	schedule;	/* the failing schedule */
};
/* Every schedule with 0, 1, ... K preemptions added to the scenario's own
 * pauses, in a fixed order; stops at the first failure.  Returns its class. */
int cf_explore(const struct cf_scenario *scn, const struct cf_profile_info *prof,
	       const struct cf_explore_opts *opts, struct cf_explore_result *out);
/* The PCT schedule (seed, depth: depth-1 change points) as a scenario with
 * the pauses written in; out gets scn itself when there is none to add.
 * Returns the number of preemptions added.  opts: step budget only. */
int cf_pct_schedule(const struct cf_scenario *scn, const struct cf_profile_info *prof,
		    uint32_t seed, uint32_t depth, const struct cf_run_opts *opts,
		    struct cf_scenario *out);

#endif /* COWFUZZ_H */
