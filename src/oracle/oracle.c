// SPDX-License-Identifier: GPL-2.0
/*
 * The oracle: turns what the port reports into a failure class with a
 * site and an explanation an XFS developer can act on (DESIGN §7).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "oracle.h"
#include "report.h"
#include "model.h"
#include "sim/driver.h"
#include "sim/mount.h"
#include "sim/observe.h"
#include "sim/sched.h"
#include "sim/trace.h"
#include "libxfs/xfs_refcount.h"
#include "own/cf_space_check.h"
#include "libxfs/xfs_bmap.h"
#include "xfs_file.h"

/* What the current xfs_map_blocks pass has seen (one writeback at a time
 * per task; the scheduler may interleave passes of different tasks). */
struct map_pass {
	bool		cow_found;
	xfs_fileoff_t	cow_start;
};
static struct map_pass map_pass[CF_NTASKS];
/* ops that returned (or completed with) an error: an atomic write among
 * them must have left all of its range old */
static uint8_t op_failed[CF_MAX_OPS];
/* injected edquot faults: a quota limit explains a write refused at its
 * reservation, never a writeback error */
static int quota_faults;

/* One run's bookkeeping, cleared by oracle_reset. */
static struct oracle_run {
	const struct cf_scenario	*scn;
	const struct cf_profile		*prof;
	struct cf_result		*res;
	int			faults_injected;
	int			errors_seen;	/* op results that were errors */
	uint8_t			ack_deferred[CF_MAX_OPS];	/* async dio: ack at completion */
	uint16_t		op_short[CF_MAX_OPS];	/* short write: 1 + blocks done */
	int64_t			op_fdmin[CF_MAX_OPS];	/* lowest m_fdblocks while it ran */
	uint8_t			dio_declined[CF_MAX_OPS];	/* flush/invalidation failed */
	bool			fault_unreported;	/* an injected EIO nobody heard of */

	/* last: oracle_reset clears everything before it */
	struct cf_model		model;		/* model_init resets what it reads */
} orc;

void oracle_reset(const struct cf_scenario *scn, const struct cf_profile *prof,
		  struct cf_result *res)
{
	memset(&orc, 0, offsetof(struct oracle_run, model));
	orc.scn = scn;
	orc.prof = prof;
	orc.res = res;
	model_init(&orc.model, &scn->geo);
	memset(map_pass, 0, sizeof(map_pass));
	memset(op_failed, 0, sizeof(op_failed));
	quota_faults = 0;
}

static struct map_pass *cur_pass(void)
{
	int t = sim_current_task();

	return &map_pass[t < 0 ? 0 : t];
}

static void fail(int klass, const char *site, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void fail(int klass, const char *site, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (sim_failed())
		return;
	va_start(ap, fmt);
	n = vsnprintf(orc.res->detail, sizeof(orc.res->detail), fmt, ap);
	va_end(ap);
	if (n >= (int)sizeof(orc.res->detail))
		sim_ellipsis(orc.res->detail, sizeof(orc.res->detail));
	sim_trace("ORACLE %s at %s: %s", cf_class_name(klass), site, orc.res->detail);
	sim_fail(klass, site);
}

void oracle_invariant(const char *site, const char *why)
{
	fail(CF_INVARIANT, site, "%s", why);
}

void oracle_liveness(const char *why)
{
	fail(CF_LIVENESS, "scheduler", "%s", why);
}

void oracle_assfail(const char *expr, const char *func, int line)
{
	char site[64];


	/* the port's line is not printed: a stored trace must not change
	 * when an edit moves the ASSERT */
	(void)line;
	snprintf(site, sizeof(site), "%s:ASSERT", func);
	fail(CF_INVARIANT, site, "kernel ASSERT(%s) failed in %s", expr, func);
}

void oracle_warn(const char *expr, const char *func, int line)
{
	char site[64];

	/* an injected fault may legitimately reach a WARN (e.g. ENOSPC) */
	if (orc.faults_injected) {
		sim_trace("WARN_ON_ONCE(%s) in %s after an injected fault", expr, func);
		return;
	}
	snprintf(site, sizeof(site), "%s:WARN", func);
	(void)line;	/* not printed, as for ASSERT */
	fail(CF_INVARIANT, site, "kernel WARN_ON_ONCE(%s) fired in %s", expr, func);
}

/*
 * An I/O error loses data unless someone hears of it; an injected ENOSPC or
 * ENOMEM may be absorbed by a retry (a smaller allocation, a later
 * attempt), and then the data checks, not this one, judge the outcome.
 */
static void fault_injected(int kind)
{
	orc.faults_injected++;
	if (kind == CF_FAULT_EIO && sim_current_task() != CF_TASK_GC)
		orc.fault_unreported = 1;
	if (kind == CF_FAULT_EDQUOT)
		quota_faults++;
}

static void map_cow_lookup(struct xfs_inode *ip, xfs_fileoff_t offset_fsb,
			   bool found, xfs_fileoff_t startoff)
{
	struct map_pass *p = cur_pass();

	p->cow_found = found;
	p->cow_start = startoff;
	sim_trace("xfs_map_blocks: ino %llu offset_fsb %llu CoW lookup: %s",
		  (unsigned long long)ip->i_ino, (unsigned long long)offset_fsb,
		  found ? "found" : "nothing at or after offset (cow_fsb keeps its value)");
}

static const char *profile_name(void)
{
	return orc.prof->info.name;
}

static void describe_lost(struct xfs_inode *ip, loff_t offset, char *buf, size_t cap);

static void map_convert(struct xfs_inode *ip, int whichfork, xfs_fileoff_t offset_fsb,
			xfs_fileoff_t cow_fsb)
{
	struct map_pass *p = cur_pass();
	char at_risk[96];

	if (whichfork != XFS_COW_FORK)
		return;
	if (p->cow_found && p->cow_start <= offset_fsb)
		return;
	describe_lost(ip, XFS_FSB_TO_B(ip->i_mount, offset_fsb), at_risk, sizeof(at_risk));
	if (p->cow_found)
		fail(CF_STALE_WHICHFORK, "xfs_map_blocks:allocate_blocks",
		     "xfs_map_blocks converts the CoW fork for ino %llu block %llu, but this "
		     "pass's CoW lookup found only a later extent at %llu: whichfork = XFS_COW_FORK "
		     "is left over from the previous pass (profile %s does not reset it at retry:); "
		     "the conversion fails again and the page is discarded: %s",
		     (unsigned long long)ip->i_ino, (unsigned long long)offset_fsb,
		     (unsigned long long)p->cow_start, profile_name(), at_risk);
	else
		fail(CF_STALE_WHICHFORK, "xfs_map_blocks:allocate_blocks",
		     "xfs_map_blocks converts the CoW fork for ino %llu block %llu, but this "
		     "pass's CoW lookup found no CoW extent at or after it: cow_fsb = %llu is left "
		     "over from the previous pass, whose extent has left the CoW fork "
		     "(profile %s does not reset cow_fsb/whichfork at retry:); the conversion "
		     "returns -EAGAIN again and the page is discarded: %s, which the reference "
		     "model expects to read back after sync",
		     (unsigned long long)ip->i_ino, (unsigned long long)offset_fsb,
		     (unsigned long long)cow_fsb, profile_name(), at_risk);
}

static void map_trim(struct xfs_inode *ip, xfs_fileoff_t cow_fsb)
{
	struct map_pass *p = cur_pass();

	if (p->cow_found && p->cow_start == cow_fsb)
		return;
	fail(CF_STALE_WHICHFORK, "xfs_map_blocks:trim_to_cow",
	     "xfs_map_blocks trims the data mapping of ino %llu at cow_fsb %llu, which this "
	     "pass's CoW lookup did not find (stale cow_fsb, profile %s)",
	     (unsigned long long)ip->i_ino, (unsigned long long)cow_fsb, profile_name());
}

/* Which scenario op wrote the data that sits in this page block. */
static void describe_lost(struct xfs_inode *ip, loff_t offset, char *buf, size_t cap)
{
	uint32_t bs = ip->i_mount->m_sb_blocksize;
	uint32_t blk = offset / bs;
	struct page *page = &ip->i_mapping.pages[offset / CF_PAGE_SIZE];
	uint16_t tag = page->tag[(offset % CF_PAGE_SIZE) / bs];

	if (tag >= 2)
		snprintf(buf, cap, "block %u holds the data of op %u (tag %u)", blk, tag - 1, tag);
	else
		snprintf(buf, cap, "block %u (tag %u)", blk, tag);
}

void oracle_write_tossed(struct xfs_inode *ip, loff_t offset, int error, const char *site)
{
	char lost[96];

	if (orc.faults_injected)
		return;		/* an injected fault explains a discard */
	describe_lost(ip, offset, lost, sizeof(lost));
	if (error)
		fail(CF_WRITE_TOSSED, site,
		     "writeback of ino %llu at offset %lld: xfs_map_blocks returned %s with no fault "
		     "injected; the page is discarded (delalloc punched, page invalidated, "
		     "mapping_set_error) and the dirty data is thrown away: %s",
		     (unsigned long long)ip->i_ino, (long long)offset, sim_errname(error), lost);
	else
		fail(CF_WRITE_TOSSED, site,
		     "writeback of ino %llu at offset %lld maps a dirty block to a hole and skips "
		     "it: the dirty data is dropped silently: %s",
		     (unsigned long long)ip->i_ino, (long long)offset, lost);
}

void oracle_mapping_error(struct xfs_inode *ip, int error)
{
	if (orc.faults_injected > quota_faults)
		return;
	/* every block writeback writes was reserved when it was written, and
	 * the reservations writeback and completion make are forced */
	if (quota_faults) {
		fail(CF_ERROR_INVENTED, "mapping_set_error:edquot",
		     "mapping_set_error(%s) on ino %llu when the only fault injected was a quota "
		     "limit (edquot): writeback failed on quota for data already on disk, and "
		     "fsync reports the error (%s)", sim_errname(error), (unsigned long long)ip->i_ino,
		     sim_current_task() == CF_TASK_ENDIO || sim_current_task() == CF_TASK_DIOEND ?
		     "the completion's unwritten conversion reserved quota without "
		     "XFS_QMOPT_FORCE_RES" : "writeback reserved quota");
		return;
	}
	fail(CF_WRITE_TOSSED, "mapping_set_error",
	     "mapping_set_error(%d) on ino %llu with no fault injected: a writeback error "
	     "reached the page cache", error, (unsigned long long)ip->i_ino);
}

/*
 * The free-block count as a reservation meets it: every running op's low
 * water mark, so that an ENOSPC met before a racing truncate freed space
 * still counts as real when the op reports it.
 */
void oracle_fdblocks_seen(int64_t fdblocks)
{
	for (int i = 0; i < CF_NTASKS; i++) {
		int op = sim_task_op(i);

		if (sim_task_state(i) != TASK_IDLE && op >= 0 && op < CF_MAX_OPS &&
		    fdblocks < orc.op_fdmin[op])
			orc.op_fdmin[op] = fdblocks;
	}
}

/* ENOSPC is real when the free-block count could not cover the request at
 * some point while the op ran. */
static bool enospc_is_real(int opidx, const struct cf_op *op)
{
	int64_t need = 2 * ((int64_t)op->len + orc.scn->geo.cowextsize) + 16;

	return cf_mount()->m_fdblocks < need || orc.op_fdmin[opidx] < need;
}

/*
 * What the kernel answers an RWF_ATOMIC direct write before doing anything
 * (kiocb_set_rw_flags, xfs_file_write_iter, generic_atomic_write_valid):
 * -EOPNOTSUPP without atomic writes, -EINVAL for a length that is not a
 * power of two within the file system's unit limits or an offset not
 * aligned to it; 0 for a write that goes ahead.
 */
static int atomic_write_errno(const struct cf_op *op)
{
	struct xfs_inode *ip = cf_inode(op->ino);
	uint64_t len = (uint64_t)op->len * ip->i_mount->m_sb_blocksize;
	uint64_t pos = (uint64_t)op->off * ip->i_mount->m_sb_blocksize;

	if (!xfs_get_atomic_write_min(ip))
		return -EOPNOTSUPP;
	if (len < xfs_get_atomic_write_min(ip) || len > xfs_get_atomic_write_max(ip) ||
	    (len & (len - 1)) || pos % len)
		return -EINVAL;
	return 0;
}

/* An atomic write's invented errors by cause, so that a hunt can pass over
 * one known finding without passing over the others: ENOSPC with free
 * space to spare (the 6.16 aligned CoW allocation), -EAGAIN because the
 * page cache could not be flushed or invalidated first (6.16's answer for
 * atomic writes), and the rest. */
static const char *op_result_site(int opidx, const struct cf_op *op, int error)
{
	if (op->kind != CF_OP_DWRITE || !op->atomic)
		return "op_result";
	if (error == -ENOSPC)
		return "atomic_write:enospc";
	if (error == -EAGAIN && orc.dio_declined[opidx])
		return "atomic_write:invalidate";
	return "atomic_write:errno";
}

static void op_result(int opidx, int error)
{
	const struct cf_op *op = &orc.scn->ops[opidx];

	if (!error)
		return;
	op_failed[opidx] = 1;
	/* a refused atomic write changes nothing: no relaxation */
	if (op->kind == CF_OP_DWRITE && op->atomic) {
		int want = atomic_write_errno(op);

		if (want && error == want)
			return;
		if (want) {
			fail(CF_ERROR_INVENTED, "atomic_write:errno",
			     "op %d (%s dwrite atomic) returned %s where the kernel returns %s",
			     opidx + 1, cf_task_name(op->task), sim_errname(error),
			     sim_errname(want));
			return;
		}
	}
	orc.errors_seen++;
	if (orc.faults_injected) {
		orc.fault_unreported = 0;
		return;
	}
	if (error == -ENOSPC && enospc_is_real(opidx, op))
		return;
	if (error == -EINVAL && op->kind == CF_OP_REFLINK)
		return;		/* a clone of a range the source does not have */
	/* an atomic write's errors have sites of their own, so a hunt can
	 * pass over a known one without passing over every op's */
	fail(CF_ERROR_INVENTED, op_result_site(opidx, op, error),
	     "op %d (%s %s) returned %s with no fault injected", opidx + 1,
	     cf_task_name(op->task), cf_op_name(op->kind), sim_errname(error));
}

/*
 * Once an injected fault fired or an operation failed (a real ENOSPC on the
 * small device), writes may have been partly lost with the error reported:
 * a block may then hold any value written in the run, but never one that
 * was not.
 */
static bool data_relaxed(void)
{
	return orc.faults_injected || orc.errors_seen;
}

static void op_short(int opidx, uint16_t blocks)
{
	orc.op_short[opidx] = 1 + blocks;
	orc.errors_seen++;
	orc.fault_unreported = 0;
	sim_trace("op %d: short write", opidx + 1);
}

/* The bytes of block blk inside EOF (a block past EOF has none). */
static uint32_t eof_lim(struct xfs_inode *ip, uint32_t blk)
{
	uint32_t bs = ip->i_mount->m_sb_blocksize;
	loff_t start = (loff_t)blk * bs;

	if (ip->i_size <= start)
		return 0;
	return ip->i_size - start < bs ? (uint32_t)(ip->i_size - start) : bs;
}

/* "tag 5 bytes 0..99, tag 0 bytes 100..1023" for a mixed block */
static void describe_mix(uint16_t got, uint32_t bs, char *buf, size_t cap)
{
	struct cf_content_run r[CF_MIX_RUNS];
	int nr = cf_content_runs(got, bs, r);
	size_t n = 0;
	uint32_t start = 0;

	buf[0] = 0;
	for (int i = 0; i < nr && n < cap; i++) {
		int k = snprintf(buf + n, cap - n, "%stag %u bytes %u..%u", i ? ", " : "",
				 r[i].tag, start, r[i].end - 1u);

		if (k < 0)
			break;
		n += k;
		start = r[i].end;
	}
}

static void data_failure(int klass, struct xfs_inode *ip, uint32_t blk, uint16_t got,
			 const char *when)
{
	char cands[256], mix[192];

	model_describe(&orc.model, ip->i_ino, blk, cands, sizeof(cands));
	if (got >= CF_TAG_MIX) {
		describe_mix(got, ip->i_mount->m_sb_blocksize, mix, sizeof(mix));
		fail(klass, klass == CF_DATA_LOSS ? "data:lost_write" : "data:never_written",
		     "%s: ino %llu block %u reads %s, but the reference model allows only: %s",
		     when, (unsigned long long)ip->i_ino, blk, mix, cands);
		return;
	}
	fail(klass, klass == CF_DATA_LOSS ? "data:lost_write" : "data:never_written",
	     "%s: ino %llu block %u reads tag %u (%s), but the reference model allows only: %s",
	     when, (unsigned long long)ip->i_ino, blk, got,
	     got == 0 ? "zeroes" : got == 1 ? "initial data" : "data of an older write", cands);
}

static void read_result(struct xfs_inode *ip, uint32_t blk, uint16_t got, int opidx)
{
	int klass = model_check(&orc.model, ip->i_ino, blk, got, eof_lim(ip, blk),
				data_relaxed());

	if (klass)
		data_failure(klass, ip, blk, got, "read");
}

/*
 * The atomicity rule of RWF_ATOMIC: after any interleaving and any fault,
 * an atomic write's range reads back all new (its data) or all old (values
 * acknowledged before it started), never a mix.  A block holding a value
 * that another op gave it since (a later write, a clone, a punch) counts
 * as neither.
 */
static void check_atomic_op(uint32_t i, const char *when)
{
	const struct cf_op *op = &orc.scn->ops[i];
	struct xfs_inode *ip = cf_inode(op->ino);
	uint32_t nblocks = XFS_B_TO_FSB(ip->i_mount, ip->i_size);
	uint32_t first_new = 0, first_old = 0, n_new = 0, n_old = 0;
	uint16_t tag = cf_op_tag(i), old = 0;

	for (uint32_t blk = op->off; blk < op->off + op->len && blk < nblocks; blk++) {
		uint16_t got = cf_read_block(ip, blk, false);

		if (got == tag) {
			if (!n_new++)
				first_new = blk;
		} else if (!model_edited_since(&orc.model, orc.scn, op->ino, blk,
					       orc.model.op_start[i]) &&
			   model_value_before(&orc.model, op->ino, blk, got,
					      orc.model.op_start[i])) {
			if (!n_old++) {
				first_old = blk;
				old = got;
			}
		}
	}
	if (n_new && n_old)
		fail(op_failed[i] ? CF_STALE_DATA : CF_DATA_LOSS, "atomic_write:torn",
		     "%s: the atomic write of op %d (ino %d blocks %u-%u, tag %u, %s) is torn: "
		     "%u block(s) hold its data (first: block %u) and %u hold what was "
		     "there before it (first: block %u, tag %u)",
		     when, i + 1, op->ino, op->off, op->off + op->len - 1, tag,
		     op_failed[i] ? "failed" : "acknowledged", n_new, first_new,
		     n_old, first_old, old);
}

static void check_atomic_writes(const char *when)
{
	for (uint32_t i = 0; i < orc.scn->nops && !sim_failed(); i++)
		if (orc.scn->ops[i].kind == CF_OP_DWRITE && orc.scn->ops[i].atomic)
			check_atomic_op(i, when);
}

static void check_op_range(const struct cf_op *op, int opidx)
{
	int ino = op->kind == CF_OP_REFLINK ? op->ino2 : op->ino;
	uint32_t first = op->kind == CF_OP_REFLINK ? op->off2 : op->off;
	uint32_t end = first + op->len;
	struct xfs_inode *ip = cf_inode(ino);

	if (orc.op_short[opidx])
		end = first + orc.op_short[opidx] - 1;

	if (op->kind == CF_OP_TRUNCATE || (op->kind == CF_OP_REFLINK && !op->len))
		return;
	/* only look at a quiescent inode: no fork edit in progress */
	if (sim_lock_busy(&ip->i_ilock))
		return;
	if (op->kind == CF_OP_DWRITE && op->atomic)
		check_atomic_op(opidx, "after the operation returned");
	for (uint32_t blk = first; blk < end && !sim_failed(); blk++) {
		uint16_t got;
		int klass;

		if ((loff_t)blk * ip->i_mount->m_sb_blocksize >= ip->i_size)
			break;
		got = cf_read_block(ip, blk, false);
		klass = model_check(&orc.model, ino, blk, got, eof_lim(ip, blk),
				    data_relaxed());
		if (klass)
			data_failure(klass, ip, blk, got, "after the operation returned");
	}
}

static void check_files(const char *when)
{
	for (int i = 0; i < CF_NINODES && !sim_failed(); i++) {
		struct xfs_inode *ip = cf_inode(i + 1);
		uint32_t nblocks = XFS_B_TO_FSB(ip->i_mount, ip->i_size);

		for (uint32_t blk = 0; blk < nblocks && blk < CF_MAX_FILE_BLOCKS; blk++) {
			uint16_t got = cf_read_block(ip, blk, false);
			int klass = model_check(&orc.model, i + 1, blk, got,
						eof_lim(ip, blk), data_relaxed());

			if (klass) {
				data_failure(klass, ip, blk, got, when);
				return;
			}
		}
	}
}

static void check_quiescent(void)
{
	for (int t = 0; t < CF_NTASKS; t++) {
		if (sim_task_state(t) != TASK_IDLE) {
			fail(CF_LIVENESS, "drain", "%s never finished its operation",
			     cf_task_name(t));
			return;
		}
	}
	for (int i = 0; i < CF_NINODES; i++) {
		struct xfs_inode *ip = cf_inode(i + 1);

		for (int p = 0; p < (int)pagecache_end(ip); p++) {
			struct page *page = &ip->i_mapping.pages[p];

			if (page->present && (page->dirty || page->writeback) &&
			    (loff_t)p * CF_PAGE_SIZE < ip->i_size) {
				fail(CF_LIVENESS, "drain",
				     "ino %d page %d is still %s after sync", i + 1, p,
				     page->dirty ? "dirty" : "under writeback");
				return;
			}
		}
	}
}

static void check_cow_empty(void)
{
	/* a failed direct write leaves its converted CoW blocks behind (5.10
	 * has no cancel on that path): a leak until inactivation, not a bug */
	if (data_relaxed())
		return;
	for (int i = 0; i < CF_NINODES; i++) {
		struct xfs_inode *ip = cf_inode(i + 1);

		if (ip->i_cowfp && ip->i_cowfp->if_nextents) {
			struct xfs_bmbt_irec *r = &ip->i_cowfp->if_ext[0];

			fail(CF_INVARIANT, "cow_fork_after_drain",
			     "ino %d: the CoW fork still holds %d extent(s) after sync and reclaim, "
			     "first [%llu,+%llu) %s: CoW blocks that were never remapped",
			     i + 1, ip->i_cowfp->if_nextents,
			     (unsigned long long)r->br_startoff,
			     (unsigned long long)r->br_blockcount,
			     isnullstartblock(r->br_startblock) ? "delalloc" :
			     r->br_state == XFS_EXT_UNWRITTEN ? "unwritten" : "written");
			return;
		}
	}
}

void oracle_final_check(void)
{
	char why[256];

	check_quiescent();
	if (sim_failed())
		return;
	if (cf_check_space(cf_mount(), cf_inode(1), CF_NINODES, why, sizeof(why))) {
		fail(CF_INVARIANT, "space_accounting", "%s", why);
		return;
	}
	check_atomic_writes("after sync, through the page cache");
	if (sim_failed())
		return;
	check_cow_empty();
	check_files("after sync, through the page cache");
	for (int i = 0; i < CF_NINODES; i++)
		drop_pagecache_inode(cf_inode(i + 1));
	check_atomic_writes("after sync and drop_caches, from disk");
	check_files("after sync and drop_caches, from disk");
	if (!sim_failed() && orc.fault_unreported)
		fail(CF_ERROR_NOT_REPORTED, "fault_report",
		     "an injected fault never reached any caller as an error");
}

/* A mixed tag of the run's table as an index into the result's pool. */
static uint16_t final_tag(struct cf_result *res, uint16_t tag, uint32_t bs)
{
	struct cf_content_run r[CF_MIX_RUNS];
	int n;

	if (tag < CF_TAG_MIX)
		return tag;
	n = cf_content_runs(tag, bs, r);
	for (uint16_t i = 0; i < res->nmixes; i++)
		if (res->mixes[i].n == n && !memcmp(res->mixes[i].r, r, n * sizeof(r[0])))
			return (uint16_t)(CF_TAG_MIX + i);
	if (res->nmixes >= sizeof(res->mixes) / sizeof(res->mixes[0]))
		return tag;	/* cannot happen: one entry per block looked at */
	res->mixes[res->nmixes].n = (uint8_t)n;
	memcpy(res->mixes[res->nmixes].r, r, n * sizeof(r[0]));
	return (uint16_t)(CF_TAG_MIX + res->nmixes++);
}

void oracle_fill_final(struct cf_result *res)
{
	res->nmixes = 0;
	for (int i = 0; i < CF_NINODES; i++) {
		struct xfs_inode *ip = cf_inode(i + 1);
		struct cf_file_final *f = &res->files[i];
		struct xfs_iext_cursor icur;
		struct xfs_bmbt_irec got;

		memset(f, 0, sizeof(*f));
		f->size_bytes = ip->i_size;
		f->size_blocks = XFS_B_TO_FSB(ip->i_mount, ip->i_size);
		for (uint32_t blk = 0; blk < CF_MAX_FILE_BLOCKS; blk++) {
			f->expect[blk] = final_tag(res, model_expect(&orc.model, i + 1, blk),
						   ip->i_mount->m_sb_blocksize);
			f->got[blk] = final_tag(res, cf_read_block(ip, blk, false),
						ip->i_mount->m_sb_blocksize);
			/* FIEMAP's SHARED: written extents only, as
			 * xfs_reflink_trim_around_shared reports them */
			if (xfs_iext_lookup_extent(ip, &ip->i_df, blk, &icur, &got) &&
			    got.br_startoff <= blk && !isnullstartblock(got.br_startblock) &&
			    got.br_state == XFS_EXT_NORM) {
				xfs_fsblock_t bno = got.br_startblock + blk - got.br_startoff;

				f->shared[blk] = bno < CF_MAX_DEV_BLOCKS &&
						 cf_mount()->m_blk_owners[bno] >= 2;
			}
		}
	}
}

void oracle_fill_allowed(struct cf_allowed *allowed)
{
	memset(allowed, 0, sizeof(*allowed));
	allowed->relaxed = data_relaxed();
	for (int i = 0; i < CF_NINODES; i++)
		for (uint32_t blk = 0; blk < CF_MAX_FILE_BLOCKS; blk++)
			model_allowed(&orc.model, i + 1, blk, allowed->relaxed,
				      allowed->tags[i][blk]);
}

/* ---- the simulator's events (sim/observe.h) ------------------------- */

static void setup_done(void)
{
	model_init_done(&orc.model, &orc.scn->geo);
}

static void op_start(int opidx)
{
	model_op_start(&orc.model, orc.scn, opidx);
	orc.op_fdmin[opidx] = cf_mount()->m_fdblocks;
}

static void dio_declined(int opidx)
{
	if (opidx < CF_MAX_OPS)
		orc.dio_declined[opidx] = 1;
}

static void model_ack(int opidx)
{
	if (orc.op_short[opidx])
		model_op_ack_partial(&orc.model, orc.scn, opidx, orc.op_short[opidx] - 1);
	else
		model_op_ack(&orc.model, orc.scn, opidx);
}

/* After an op returns: its result, the model's ack, a check of its range. */
static void op_returned(int opidx, const struct cf_op *op, int result)
{
	op_result(opidx, result);
	if (sim_failed())
		return;
	if (model_op_has_entries(op) && !result && !orc.ack_deferred[opidx])
		model_ack(opidx);
	if (model_op_has_entries(op) && !result)
		check_op_range(op, opidx);
}

static void op_completed(int opidx, int ret)
{
	if (ret)
		op_result(opidx, ret);	/* io_getevents reports it */
	else
		model_ack(opidx);
}

static void op_deferred(int opidx)
{
	orc.ack_deferred[opidx] = 1;
}

static void clone_resolved(int opidx, uint32_t blocks)
{
	model_clone_resolved(&orc.model, orc.scn, opidx, blocks);
}

static void drain_fsync_error(int ino, int error)
{
	/* the drain's fsync is where a lost error must show up */
	orc.fault_unreported = 0;
}

const struct sim_observer oracle_observer = {
	.invariant		= oracle_invariant,
	.liveness		= oracle_liveness,
	.setup_done		= setup_done,
	.op_start		= op_start,
	.op_returned		= op_returned,
	.op_completed		= op_completed,
	.op_deferred		= op_deferred,
	.dio_declined		= dio_declined,
	.op_short		= op_short,
	.clone_resolved		= clone_resolved,
	.read_result		= read_result,
	.fault_injected		= fault_injected,
	.drain_fsync_error	= drain_fsync_error,
	.map_cow_lookup		= map_cow_lookup,
	.map_convert		= map_convert,
	.map_trim		= map_trim,
	.write_tossed		= oracle_write_tossed,
};
