// SPDX-License-Identifier: GPL-2.0
/*
 * The scenario driver: cf_run (src/run) hands it the scenario's lines in
 * order; it lets the woken tasks run lowest id first, resumes paused ones
 * when asked, runs the completion workers only when nothing else can make
 * progress, and drains.  What the caller of each op saw goes to the
 * listener (observe.h).  Everything here is a pure function of the
 * scenario: no clocks, no addresses, no randomness.
 */
#include <stdio.h>
#include <stddef.h>
#include <string.h>
#include "driver.h"
#include "mount.h"
#include "observe.h"
#include "sched.h"
#include "trace.h"
#include "cf_content.h"
#include "libxfs/xfs_alloc.h"
#include "libxfs/xfs_bmap.h"
#include "libxfs/xfs_refcount.h"
#include "xfs_reflink.h"
#include "xfs_icache.h"

const struct sim_observer *sim_obs;

/* The scenario being run and the driver's own ops, reset by sim_run_reset. */
static struct {
	const struct cf_scenario	*scn;
	const struct cf_run_opts	*opts;
	struct cf_op			internal_ops[CF_NTASKS];	/* setup, drain work */
} drv;

void sim_run_reset(const struct cf_scenario *scn, const struct cf_profile *prof,
		   const struct cf_run_opts *opts, struct cf_result *res)
{
	memset(&drv, 0, sizeof(drv));
	drv.scn = scn;
	drv.opts = opts;
	sim_sched_reset(opts, res);
	sim_mount_reset(&scn->geo, prof);
	cf_content_reset();
}

const struct cf_scenario *sim_scenario(void)
{
	return drv.scn;
}

/* ---- reading a block, as a buffered read would see it ---------------- */

uint16_t cf_read_block(struct xfs_inode *ip, uint32_t blk, bool locked)
{
	struct xfs_mount *mp = ip->i_mount;
	uint32_t bpp = mp->m_blocks_per_page;
	struct page *page = &ip->i_mapping.pages[blk / bpp];
	struct xfs_iext_cursor icur;
	struct xfs_bmbt_irec got;
	uint16_t tag = CF_TAG_ZERO;

	if (page->present && (page->blk_uptodate & (1u << (blk % bpp))))
		return page->tag[blk % bpp];
	if (locked)
		xfs_ilock(ip, XFS_ILOCK_SHARED);
	if (xfs_iext_lookup_extent(ip, &ip->i_df, blk, &icur, &got) &&
	    got.br_startoff <= blk && !isnullstartblock(got.br_startblock) &&
	    got.br_state == XFS_EXT_NORM) {
		xfs_fsblock_t bno = got.br_startblock + (blk - got.br_startoff);

		if (bno < mp->m_sb_dblocks)
			tag = mp->m_disk[bno];
	}
	if (locked)
		xfs_iunlock(ip, XFS_ILOCK_SHARED);
	return tag;
}

/* ---- the task lifecycle ---------------------------------------------- */

static bool snap_blk_shared(xfs_fsblock_t bno)
{
	return bno < CF_MAX_DEV_BLOCKS && cf_mount()->m_blk_owners[bno] >= 2;
}

/*
 * Like xfs_getbmap, which reports "each distinct shared / unshared part of
 * a single bmbt record" (xfs_getbmap_next_rec after
 * xfs_reflink_trim_around_shared), a real extent is cut where sharing
 * changes, so a partly shared record is not reported as unshared.
 */
static void snap_fork(struct xfs_inode *ip, struct xfs_ifork *ifp, struct cf_snap_fork *out)
{
	out->n = 0;
	for (int i = 0; ifp && i < ifp->if_nextents && out->n < CF_SNAP_MAX_EXTENTS; i++) {
		const struct xfs_bmbt_irec *r = &ifp->if_ext[i];
		struct cf_snap_extent *e = &out->ext[out->n++];
		xfs_filblks_t b = 0;

		e->off = r->br_startoff;
		e->len = r->br_blockcount;
		if (isnullstartblock(r->br_startblock)) {
			e->state = CF_SNAP_DELALLOC;
			continue;
		}
		for (;;) {
			xfs_filblks_t start = b;

			e->state = r->br_state == XFS_EXT_UNWRITTEN ?
				   CF_SNAP_UNWRITTEN : CF_SNAP_WRITTEN;
			e->shared = snap_blk_shared(r->br_startblock + b);
			while (b < r->br_blockcount &&
			       snap_blk_shared(r->br_startblock + b) == e->shared)
				b++;
			e->off = r->br_startoff + start;
			e->len = b - start;
			if (b >= r->br_blockcount || out->n >= CF_SNAP_MAX_EXTENTS)
				break;
			e = &out->ext[out->n++];
		}
	}
}

/* Tools that compare with a real kernel see the forks after every op. */
static void snapshot(int opidx)
{
	static struct cf_snapshot snap;
	const struct cf_run_opts *o = drv.opts;

	if (!o || !o->snapshot)
		return;
	memset(&snap, 0, sizeof(snap));
	for (int i = 0; i < CF_NINODES; i++) {
		struct xfs_inode *ip = cf_inode(i + 1);

		snap.size_bytes[i] = ip->i_size;
		snap_fork(ip, &ip->i_df, &snap.data[i]);
		snap_fork(ip, ip->i_cowfp, &snap.cow[i]);
		for (uint32_t b = 0; b < CF_MAX_FILE_BLOCKS; b++)
			snap.content[i][b] = cf_read_block(ip, b, false);
	}
	o->snapshot(o->snapshot_ctx, opidx, &snap);
}

/* After an op returns: its result to the listener, the snapshot. */
static void collect(int task)
{
	const struct cf_op *op;
	int result;
	int opidx = sim_task_collect(task, &op, &result);

	if (opidx < 0)
		return;
	sim_trace("%s: %s returns %s", cf_task_name(task), cf_op_name(op->kind),
		  sim_errname(result));
	sim_obs->op_returned(opidx, op, result);
	if (sim_failed())
		return;
	snapshot(opidx);
}

/* The running clone resolved its "to EOF" length. */
void cf_clone_resolved(uint32_t blocks)
{
	int opidx = sim_current_op();

	if (opidx >= 0)
		sim_obs->clone_resolved(opidx, blocks);
}

void cf_dio_completed(int opidx, int ret)
{
	if (opidx >= 0)
		sim_obs->op_completed(opidx, ret);
}

/* Run everything runnable until nothing is, lowest task id first. */
static void run_ready(void)
{
	int t;

	while (!sim_failed() && (t = sim_task_lowest(TASK_READY)) >= 0) {
		sim_run_task(t);
		if (sim_task_state(t) == TASK_DONE)
			collect(t);
	}
}

static void start_internal(int task, int kind, int ino)
{
	struct cf_op *op = &drv.internal_ops[task];

	memset(op, 0, sizeof(*op));
	op->kind = kind;
	op->task = task;
	op->ino = ino;
	op->pause_nth = op->fault_nth = 1;
	sim_task_start(task, -1, op);
}

static void report_deadlock(void)
{
	char why[256];
	size_t n = 0;

	n += snprintf(why + n, sizeof(why) - n, "deadlock:");
	for (int t = 0; t < CF_NTASKS && n < sizeof(why); t++) {
		uint16_t id;
		const char *on = sim_task_blocked_on(t, &id);

		if (on)
			n += snprintf(why + n, sizeof(why) - n, " %s waits on %s %u;",
				      cf_task_name(t), on, id);
	}
	sim_obs->liveness(why);
}

/*
 * One unit of progress when nothing is runnable: let a completion worker
 * with queued work run, else resume the lowest paused task, else report a
 * deadlock if some task still waits.  Returns false when everything is
 * idle.  Completions go first: I/O that is in flight finishes while a
 * paused task sleeps (as in the kernel), which is also the order the
 * races of kernel-facts §1.6 need.
 */
static bool make_progress(void)
{
	int t;

	for (int w = CF_TASK_ENDIO; w <= CF_TASK_DIOEND; w++) {
		if (sim_task_state(w) == TASK_IDLE && cf_work_pending(w)) {
			sim_trace("driver: runs %s", cf_task_name(w));
			start_internal(w, w == CF_TASK_ENDIO ? CF_OP_ENDIO : CF_OP_DIOEND, 0);
			return true;
		}
	}
	t = sim_task_lowest(TASK_PAUSED);
	if (t >= 0) {
		sim_task_wake(t);
		sim_trace("driver: resumes %s", cf_task_name(t));
		return true;
	}
	if (sim_task_lowest(TASK_BLOCKED) >= 0) {
		report_deadlock();
		return false;
	}
	return false;
}

/* Drive until task t is idle (an op must not start on a busy task). */
static void finish_task(int t)
{
	int guard = 0;

	sim_task_disarm(t);
	if (sim_task_state(t) == TASK_PAUSED)
		sim_task_wake(t);
	while (!sim_failed() && sim_task_state(t) != TASK_IDLE && guard++ < 10000) {
		run_ready();
		if (sim_task_state(t) == TASK_IDLE || sim_failed())
			break;
		if (!make_progress())
			break;
	}
}

void sim_issue(int i)
{
	const struct cf_op *op = &drv.scn->ops[i];
	sim_trace_line_op(i);
	if (op->kind == CF_OP_RESUME) {
		if (sim_task_state(op->task) != TASK_PAUSED) {
			sim_trace("driver: %s is not paused, nothing to resume",
				  cf_task_name(op->task));
			return;
		}
		sim_task_resume(op->task, op, i);
		run_ready();
		return;
	}
	if (sim_task_state(op->task) != TASK_IDLE)
		finish_task(op->task);
	if (sim_failed())
		return;
	sim_obs->op_start(i);
	sim_task_start(op->task, i, op);
	sim_task_set_line(op->task, i);
	run_ready();
}

/* Run, resume and complete until every task is idle (or the run failed). */
static void run_until_quiet(void)
{
	int guard = 0;

	do {
		run_ready();
	} while (!sim_failed() && make_progress() && guard++ < 10000);
}

/* Everything to completion, then an fsync per inode, then the workers. */
void sim_drain(void)
{
	sim_trace("driver: drain");
	for (int t = 0; t < CF_NTASKS; t++)
		sim_task_disarm(t);
	run_until_quiet();
	for (int ino = 1; ino <= CF_NINODES && !sim_failed(); ino++) {
		start_internal(CF_T0, CF_OP_FSYNC, ino);
		finish_task(CF_T0);
		/* the drain's fsync is where a lost error must show up */
		if (sim_task_result(CF_T0)) {
			sim_trace("driver: the drain's fsync of ino %d reports %s", ino,
				  sim_errname(sim_task_result(CF_T0)));
			sim_obs->drain_fsync_error(ino, sim_task_result(CF_T0));
		}
	}
	run_until_quiet();
	if (!sim_failed()) {
		start_internal(CF_TASK_GC, CF_OP_RECLAIM_ALL, 0);
		finish_task(CF_TASK_GC);
	}
}

void sim_setup(void)
{
	if (drv.scn->geo.init == CF_INIT_NONE)
		return;
	start_internal(CF_T0, CF_OP_SETUP, 0);
	finish_task(CF_T0);
	sim_obs->setup_done();
}
