/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xfs_trans.h: transactions are not modelled (the CoW fork is in memory
 * only and the model has no log); what is kept is that allocating one can
 * fail (an injected -ENOMEM) and is where the kernel may sleep, so callers
 * put a yield point right before it.
 */
#ifndef __XFS_TRANS_H__
#define __XFS_TRANS_H__

#include "xfs_mount.h"

static inline int xfs_trans_alloc(struct xfs_mount *mp)
{
	(void)mp;
	if (sim_fault(CF_FAULT_NOMEM))
		return -ENOMEM;
	return 0;
}

/*
 * A transaction the kernel allocates with XFS_TRANS_RESERVE from I/O
 * completion (xfs_reflink_end_cow_extent): the structure comes from a
 * __GFP_NOFAIL cache and the blocks from the reserve pool, so it does not
 * fail for memory; no -ENOMEM is injected here.
 */
static inline int xfs_trans_alloc_rsvd(struct xfs_mount *mp)
{
	(void)mp;
	return 0;
}

#endif
