// SPDX-License-Identifier: GPL-2.0
/*
 * Data-fork ownership per device block (the model's stand-in for the rmap
 * btree; the counts are described in xfs_refcount.c).
 */
#include "xfs_linux.h"
#include "xfs_mount.h"
#include "xfs_alloc.h"
#include "xfs_rmap.h"

/* models xfs_rmap_map_extent, fs/xfs/libxfs/xfs_rmap.c @ v5.10 */
void
xfs_rmap_map_extent(
	struct xfs_mount	*mp,
	xfs_fsblock_t		bno,
	xfs_filblks_t		len)
{
	xfs_filblks_t		i;

	if (!xfs_rmap_range_ok(mp, bno, len))
		return;
	for (i = 0; i < len; i++) {
		ASSERT(mp->m_blk_use[bno + i] == XFS_BLK_INUSE);
		/* A staging block must leave the CoW fork before it is mapped. */
		ASSERT(mp->m_blk_cow[bno + i] == 0);
		ASSERT(mp->m_blk_owners[bno + i] < UINT16_MAX);
		mp->m_blk_owners[bno + i]++;
	}
}

/*
 * With free_unowned, a block whose last data-fork mapping goes is freed, as
 * the deferred refcount decrease (or the plain extent free on a non-reflink
 * inode) would do.  Without it the caller owns the blocks (bunmapi REMAP).
 */
/* models xfs_rmap_unmap_extent, fs/xfs/libxfs/xfs_rmap.c @ v5.10 */
void
xfs_rmap_unmap_extent(
	struct xfs_mount	*mp,
	xfs_fsblock_t		bno,
	xfs_filblks_t		len,
	bool			free_unowned)
{
	xfs_filblks_t		i;

	if (!xfs_rmap_range_ok(mp, bno, len))
		return;
	for (i = 0; i < len; i++) {
		ASSERT(mp->m_blk_owners[bno + i] > 0);
		if (mp->m_blk_owners[bno + i] == 0)
			continue;
		mp->m_blk_owners[bno + i]--;
		if (free_unowned && mp->m_blk_owners[bno + i] == 0 &&
		    mp->m_blk_cow[bno + i] == 0)
			xfs_free_extent(mp, bno + i, 1);
	}
}
