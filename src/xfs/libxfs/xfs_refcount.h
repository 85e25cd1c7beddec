/* SPDX-License-Identifier: GPL-2.0 */
/*
 * libxfs/xfs_refcount.h: sharing queries over the ownership model.  A data
 * block is shared when two or more data-fork mappings own it; CoW staging
 * blocks are owned by exactly one CoW fork and no data fork.
 */
#ifndef __XFS_REFCOUNT_H__
#define __XFS_REFCOUNT_H__

#include "xfs_mount.h"
#include "xfs_rmap.h"

/* Like the kernel: find the first shared block in [agbno, agbno+aglen);
 * *fbno = NULLFSBLOCK... (here: agbno + aglen) if none; with
 * find_end_of_shared, *flen is the length of that shared run. */
int xfs_refcount_find_shared(struct xfs_mount *mp, xfs_fsblock_t agbno,
			     xfs_extlen_t aglen, xfs_fsblock_t *fbno,
			     xfs_extlen_t *flen, bool find_end_of_shared);

/* Ownership bookkeeping used by the fork edits. */
void xfs_refcount_alloc_cow_extent(struct xfs_mount *mp, xfs_fsblock_t bno, xfs_filblks_t len);
void xfs_refcount_free_cow_extent(struct xfs_mount *mp, xfs_fsblock_t bno, xfs_filblks_t len);

#endif
