/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xfs_trans.h (stubs): transactions are not modelled (the CoW fork is in
 * memory only and the model has no log).  What is kept is that allocating
 * one can fail (an injected -ENOMEM) and is where the kernel may sleep for
 * log space: the caller's window (cf_windows.h) opens here.
 */
#ifndef __XFS_TRANS_H__
#define __XFS_TRANS_H__

#include "xfs_errortag.h"

struct xfs_mount;

/* the scheduler's side (sim/sched.c): the window of a transaction
 * allocated by this function, if it has one */
void sim_trans_window(const char *caller);

static inline int __xfs_trans_alloc(struct xfs_mount *mp, const char *caller)
{
	(void)mp;
	sim_trans_window(caller);
	if (cf_should_fail(CF_FAULT_NOMEM))
		return -ENOMEM;
	return 0;
}
#define xfs_trans_alloc(mp)	__xfs_trans_alloc((mp), __func__)

/*
 * A transaction the kernel allocates with XFS_TRANS_RESERVE from I/O
 * completion (xfs_reflink_end_cow_extent): the structure comes from a
 * __GFP_NOFAIL cache and the blocks from the reserve pool, so it does not
 * fail for memory; no -ENOMEM is injected here.
 */
static inline int __xfs_trans_alloc_rsvd(struct xfs_mount *mp, const char *caller)
{
	(void)mp;
	sim_trans_window(caller);
	return 0;
}
#define xfs_trans_alloc_rsvd(mp)	__xfs_trans_alloc_rsvd((mp), __func__)

#endif
