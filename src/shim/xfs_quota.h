/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xfs_quota.h (stubs): quota is not modelled (no dquots, no limits).  What
 * is kept is that reserving blocks against a quota can fail: an injected
 * `edquot` fault is a user or project quota at its hard limit.  A forced
 * reservation (XFS_QMOPT_FORCE_RES) never checks the limit, so it is no
 * opportunity for the fault.
 */
#ifndef __XFS_QUOTA_H__
#define __XFS_QUOTA_H__

#include "xfs_errortag.h"

struct xfs_trans;
struct xfs_inode;

#define XFS_QMOPT_RES_REGBLKS	(1u << 0)
#define XFS_QMOPT_FORCE_RES	(1u << 1)

static inline int xfs_trans_reserve_quota_nblks(struct xfs_trans *tp, struct xfs_inode *ip,
						long nblks, long ninos, unsigned int flags)
{
	(void)tp; (void)ip; (void)nblks; (void)ninos;
	if (!(flags & XFS_QMOPT_FORCE_RES) && cf_should_fail(CF_FAULT_EDQUOT))
		return -EDQUOT;
	return 0;
}

#endif
