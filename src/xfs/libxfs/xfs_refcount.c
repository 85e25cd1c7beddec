// SPDX-License-Identifier: GPL-2.0
/*
 * Block ownership: the model's stand-in for the rmap and refcount btrees.
 *
 * Per device block the mount keeps
 *  - m_blk_owners: how many data-fork mappings (of any inode) point at it,
 *    which is the refcount of a shared extent and the rmap count;
 *  - m_blk_cow: 1 while it is CoW staging in some CoW fork (the refcount
 *    btree's CoW records); a staging block belongs to no data fork;
 *  - m_blk_use: the allocator's view (free, in use, or pre-filled).
 * The fork edits in xfs_bmap.c call the map/unmap helpers here, so the
 * counts move with the forks; own/cf_space_check.c recounts them from the
 * forks and checks the free-space accounting.
 */
#include <stdio.h>

#include "xfs_linux.h"
#include "xfs_mount.h"
#include "xfs_inode.h"
#include "xfs_alloc.h"
#include "xfs_refcount.h"

/* models xfs_refcount_alloc_cow_extent, fs/xfs/libxfs/xfs_refcount.c @ v5.10 */
void
xfs_refcount_alloc_cow_extent(
	struct xfs_mount	*mp,
	xfs_fsblock_t		bno,
	xfs_filblks_t		len)
{
	xfs_filblks_t		i;

	if (!xfs_rmap_range_ok(mp, bno, len))
		return;
	for (i = 0; i < len; i++) {
		ASSERT(mp->m_blk_use[bno + i] == XFS_BLK_INUSE);
		ASSERT(mp->m_blk_cow[bno + i] == 0);
		ASSERT(mp->m_blk_owners[bno + i] == 0);
		mp->m_blk_cow[bno + i] = 1;
	}
}

/*
 * Only the staging record goes; the blocks stay allocated.  Cancel frees
 * them explicitly (xfs_bmap_add_free); end_cow maps them into the data fork.
 */
/* models xfs_refcount_free_cow_extent, fs/xfs/libxfs/xfs_refcount.c @ v5.10 */
void
xfs_refcount_free_cow_extent(
	struct xfs_mount	*mp,
	xfs_fsblock_t		bno,
	xfs_filblks_t		len)
{
	xfs_filblks_t		i;

	if (!xfs_rmap_range_ok(mp, bno, len))
		return;
	for (i = 0; i < len; i++) {
		ASSERT(mp->m_blk_cow[bno + i] == 1);
		mp->m_blk_cow[bno + i] = 0;
	}
}

/*
 * A refcount record is modelled as a maximal run of blocks with the same
 * owner count.  Without find_end_of_shared, *flen covers only the record
 * holding the first shared block; with it, the run extends over following
 * records while they stay shared.  With no shared block, *fbno is the end of
 * the range and *flen 0 (the kernel's NULLAGBLOCK case).
 */
/* models xfs_refcount_find_shared, fs/xfs/libxfs/xfs_refcount.c @ v5.10 */
int
xfs_refcount_find_shared(
	struct xfs_mount	*mp,
	xfs_fsblock_t		agbno,
	xfs_extlen_t		aglen,
	xfs_fsblock_t		*fbno,
	xfs_extlen_t		*flen,
	bool			find_end_of_shared)
{
	xfs_fsblock_t		end = agbno + aglen;
	xfs_fsblock_t		bno;
	xfs_fsblock_t		rend;

	*fbno = end;
	*flen = 0;
	ASSERT(end <= mp->m_sb_dblocks && mp->m_sb_dblocks <= CF_MAX_DEV_BLOCKS);
	if (end > mp->m_sb_dblocks || mp->m_sb_dblocks > CF_MAX_DEV_BLOCKS)
		return -EFSCORRUPTED;

	for (bno = agbno; bno < end; bno++)
		if (mp->m_blk_owners[bno] >= 2)
			break;
	if (bno == end)
		return 0;

	for (rend = bno + 1; rend < end; rend++) {
		uint16_t	refs = mp->m_blk_owners[rend];

		if (find_end_of_shared ? refs < 2 :
					 refs != mp->m_blk_owners[bno])
			break;
	}
	*fbno = bno;
	*flen = rend - bno;
	return 0;
}
