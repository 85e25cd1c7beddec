/* SPDX-License-Identifier: GPL-2.0 */
/*
 * libxfs/xfs_rmap.h: the reverse-mapping side of the ownership model (see
 * xfs_refcount.c): data-fork mappings counted per device block.
 */
#ifndef __XFS_RMAP_H__
#define __XFS_RMAP_H__

#include "xfs_linux.h"
#include "xfs_mount.h"

/* cowfuzz's own: the range lies on the device (the kernel's btree code
 * checks its records instead); shared with the CoW staging records */
static inline bool
xfs_rmap_range_ok(
	struct xfs_mount	*mp,
	xfs_fsblock_t		bno,
	xfs_filblks_t		len)
{
	ASSERT(len > 0);
	ASSERT(bno < mp->m_sb_dblocks && len <= mp->m_sb_dblocks - bno);
	ASSERT(mp->m_sb_dblocks <= CF_MAX_DEV_BLOCKS);
	return len > 0 && bno < mp->m_sb_dblocks &&
	       len <= mp->m_sb_dblocks - bno &&
	       mp->m_sb_dblocks <= CF_MAX_DEV_BLOCKS;
}

/* Ownership bookkeeping used by the fork edits. */
void xfs_rmap_map_extent(struct xfs_mount *mp, xfs_fsblock_t bno, xfs_filblks_t len);
void xfs_rmap_unmap_extent(struct xfs_mount *mp, xfs_fsblock_t bno, xfs_filblks_t len,
			   bool free_unowned);

#endif
