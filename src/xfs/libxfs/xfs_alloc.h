/* SPDX-License-Identifier: GPL-2.0 */
/*
 * libxfs/xfs_alloc.h: the free-space allocator of the model.  First fit
 * from a target block, minlen 1, so a fragmented device returns extents
 * shorter than asked for (what makes xfs_convert_blocks loop).
 */
#ifndef __XFS_ALLOC_H__
#define __XFS_ALLOC_H__

#include "xfs_mount.h"

/* Allocate between minlen and maxlen contiguous blocks starting at a
 * multiple of alignment (1: anywhere); *bno = NULLFSBLOCK and 0 returned
 * when none is free.  Does not touch m_fdblocks: callers
 * reserved the space (delalloc) or reserve it with xfs_mod_fdblocks. */
int xfs_alloc_vextent(struct xfs_mount *mp, xfs_fsblock_t target,
		      xfs_extlen_t minlen, xfs_extlen_t maxlen,
		      xfs_extlen_t alignment, xfs_fsblock_t *bno, xfs_extlen_t *len);

/* Return blocks to free space and add them to m_fdblocks. */
void xfs_free_extent(struct xfs_mount *mp, xfs_fsblock_t bno, xfs_extlen_t len);

/* Count free blocks (for the accounting invariant). */
xfs_filblks_t xfs_alloc_count_free(struct xfs_mount *mp);

#endif
