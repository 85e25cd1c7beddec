/* SPDX-License-Identifier: GPL-2.0 */
/*
 * observe.h: what the simulator reports while it runs a scenario, declared
 * here and heard by whoever registers (the oracle, connected by the run
 * driver in src/run), as a kernel layer declares its tracepoints.  The
 * simulator never calls the layer above it; the port reports through the
 * shim (shim/cf_report.h, linux/bug.h) instead.
 */
#ifndef CF_SIM_OBSERVE_H
#define CF_SIM_OBSERVE_H

#include <stdbool.h>
#include <stdint.h>
#include "cowfuzz.h"
#include "xfs_inode.h"

struct sim_observer {
	/* the run must end: a broken invariant, a stuck schedule */
	void (*invariant)(const char *site, const char *why);
	void (*liveness)(const char *why);

	/* the setup op built the initial files */
	void (*setup_done)(void);
	/* scenario op opidx starts on its task */
	void (*op_start)(int opidx);
	/* it returned result to its caller */
	void (*op_returned)(int opidx, const struct cf_op *op, int result);
	/* its async completion (a queued direct write) ended with ret */
	void (*op_completed)(int opidx, int ret);
	/* it queued async work: its acknowledgement waits for op_completed */
	void (*op_deferred)(int opidx);
	/* the flush or invalidation before its direct write failed (6.6):
	 * the write goes buffered or, atomic, returns -EAGAIN */
	void (*dio_declined)(int opidx);
	/* a write came back short, blocks of its span done */
	void (*op_short)(int opidx, uint16_t blocks);
	/* a clone resolved its "to EOF" length */
	void (*clone_resolved)(int opidx, uint32_t blocks);
	/* a read returned this tag for the block */
	void (*read_result)(struct xfs_inode *ip, uint32_t blk, uint16_t got, int opidx);
	/* a fault of this kind was injected (enum cf_fault_kind) */
	void (*fault_injected)(int kind);
	/* the drain's fsync reported an error to its caller */
	void (*drain_fsync_error)(int ino, int error);

	/* xfs_map_blocks, as its trace events show it */
	void (*map_cow_lookup)(struct xfs_inode *ip, xfs_fileoff_t offset_fsb, bool found,
			       xfs_fileoff_t startoff);
	void (*map_convert)(struct xfs_inode *ip, int whichfork, xfs_fileoff_t offset_fsb,
			    xfs_fileoff_t cow_fsb);
	void (*map_trim)(struct xfs_inode *ip, xfs_fileoff_t cow_fsb);
	/* writeback skipped a dirty block mapped to a hole */
	void (*write_tossed)(struct xfs_inode *ip, loff_t offset, int error, const char *site);
};

/* The listener; every member must be set.  One at a time. */
extern const struct sim_observer *sim_obs;

#endif
