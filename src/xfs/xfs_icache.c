// SPDX-License-Identifier: GPL-2.0
/*
 * Background CoW reservation reclaim (fs/xfs/xfs_icache.c): cancel the
 * unwritten and delalloc CoW extents of inodes that have no dirty or
 * writeback pages and no direct I/O, leaving written (in-flight) ones.
 */
#include "xfs_inode.h"
#include "xfs_icache.h"
#include "xfs_reflink.h"

/* models xfs_prep_free_cowblocks, fs/xfs/xfs_icache.c @ v5.10 */
static bool xfs_prep_free_cowblocks(struct xfs_inode *ip)
{
	if (!xfs_inode_has_cow_data(ip)) {
		ip->i_flags &= ~XFS_ICOWBLOCKS;
		return false;
	}
	/* mapping_tagged(DIRTY / WRITEBACK) and i_dio_count */
	for (unsigned long i = 0; i < pagecache_end(ip); i++) {
		struct page *page = &ip->i_mapping.pages[i];

		/* mapping_tagged(DIRTY): the tag, not PG_dirty, which
		 * writeback clears before it maps the page */
		if (page->present && (page->tag_dirty || page->dirty || page->writeback))
			return false;
	}
	if (ip->i_dio_count)
		return false;
	return true;
}

/* models xfs_inode_free_cowblocks, fs/xfs/xfs_icache.c @ v5.10 */
int xfs_inode_free_cowblocks(struct xfs_inode *ip)
{
	int ret = 0;

	if (!xfs_prep_free_cowblocks(ip))
		return 0;
	cf_window(YP_RECLAIM_CHECK);
	/* the scanner only trylocks; a busy inode is skipped */
	if (!xfs_ilock_nowait(ip, XFS_IOLOCK_EXCL | XFS_MMAPLOCK_EXCL))
		return 0;
	/* check again with the locks held */
	if (xfs_prep_free_cowblocks(ip))
		ret = xfs_reflink_cancel_cow_range(ip, 0, (xfs_off_t)NULLFILEOFF, false);
	xfs_iunlock(ip, XFS_MMAPLOCK_EXCL | XFS_IOLOCK_EXCL);
	return ret;
}
