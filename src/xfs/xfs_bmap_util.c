// SPDX-License-Identifier: GPL-2.0
/*
 * fs/xfs/xfs_bmap_util.c (and the truncate half of xfs_iops.c/xfs_inode.c):
 * punching delalloc after a failed writeback, hole punch, truncate.  Note
 * which fork each touches: punch and discard only the data fork; truncate
 * also cancels every CoW extent past the new EOF (kernel-facts §3.10).
 */
#include "xfs_bmap_util.h"
#include "xfs_reflink.h"
#include "xfs_trans.h"
#include "xfs_aops.h"
#include "xfs_iomap.h"
#include "libxfs/xfs_bmap.h"

/* models xfs_bmap_punch_delalloc_range, fs/xfs/xfs_bmap_util.c @ v5.10 */
int xfs_bmap_punch_delalloc_range(struct xfs_inode *ip, xfs_fileoff_t start_fsb,
				  xfs_fileoff_t length)
{
	struct xfs_ifork *ifp = &ip->i_df;
	xfs_fileoff_t end_fsb = start_fsb + length;
	struct xfs_bmbt_irec got, del;
	struct xfs_iext_cursor icur;
	int error = 0, guard = 0;

	xfs_ilock(ip, XFS_ILOCK_EXCL);
	if (!xfs_iext_lookup_extent_before(ip, ifp, &end_fsb, &icur, &got))
		goto out_unlock;

	while (got.br_startoff + got.br_blockcount > start_fsb) {
		if (++guard > 4 * XFS_IEXT_MAX)
			break;
		del = got;
		xfs_trim_extent(&del, start_fsb, end_fsb - start_fsb);
		/* a delete can push the cursor forward */
		if (!del.br_blockcount || !isnullstartblock(del.br_startblock)) {
			xfs_iext_prev(ifp, &icur);
			goto next;
		}
		trace_xfs_bmap_punch_delalloc(ip, &del);
		xfs_bmap_del_extent_delay(ip, XFS_DATA_FORK, &icur, &got, &del);
next:
		if (!xfs_iext_get_extent(ifp, &icur, &got))
			break;
	}
out_unlock:
	xfs_iunlock(ip, XFS_ILOCK_EXCL);
	return error;
}

/* models xfs_unmap_extent, fs/xfs/xfs_bmap_util.c @ v5.10 */
static int xfs_unmap_extent(struct xfs_inode *ip, xfs_fileoff_t startoffset_fsb,
			    xfs_filblks_t len_fsb, int *done)
{
	xfs_filblks_t rlen = len_fsb;
	int error;

	error = xfs_trans_alloc(ip->i_mount);
	if (error)
		return error;
	xfs_ilock(ip, XFS_ILOCK_EXCL);
	error = __xfs_bunmapi(ip, startoffset_fsb, &rlen, 0, 2);
	xfs_iunlock(ip, XFS_ILOCK_EXCL);
	*done = rlen == 0;
	return error;
}

/* models xfs_free_file_space, fs/xfs/xfs_bmap_util.c @ v5.10 */
int xfs_free_file_space(struct xfs_inode *ip, xfs_off_t offset, xfs_off_t len)
{
	struct xfs_mount *mp = ip->i_mount;
	xfs_fileoff_t startoffset_fsb, endoffset_fsb;
	xfs_off_t rounding, start, end;
	int done = 0, error, guard = 0;

	inode_dio_wait(ip);
	/* xfs_flush_unmap_range: whole pages, written back then dropped */
	rounding = max_t(xfs_off_t, mp->m_sb_blocksize, CF_PAGE_SIZE);
	start = rounddown(offset, rounding);
	end = roundup(offset + len, rounding) - 1;
	error = filemap_write_and_wait_range(ip, start, end);
	if (error)
		return error;
	truncate_pagecache_range(ip, start, end);

	startoffset_fsb = XFS_B_TO_FSB(mp, offset);
	endoffset_fsb = XFS_B_TO_FSBT(mp, offset + len);
	if (endoffset_fsb > startoffset_fsb) {
		while (!done && !error && guard++ < 2 * CF_MAX_FILE_BLOCKS)
			error = xfs_unmap_extent(ip, startoffset_fsb,
						 endoffset_fsb - startoffset_fsb, &done);
		trace_xfs_free_file_space(ip, startoffset_fsb, endoffset_fsb, error);
		if (error)
			return error;
	}
	/* a block-aligned range is all holes now: nothing left to zero */
	if (!(offset % mp->m_sb_blocksize) && !((offset + len) % mp->m_sb_blocksize))
		return 0;

	/* the partial blocks at either end are zeroed, not freed; never past
	 * EOF, which zeroing must not move */
	if (offset >= ip->i_size)
		return 0;
	if (offset + len > ip->i_size)
		len = ip->i_size - offset;
	error = iomap_zero_range(ip, offset, len, NULL, xfs_buffered_write_iomap_begin);
	if (error)
		return error;
	/* zeroed up to an EOF inside a page: writeback zeroes the rest of it */
	if (offset + len >= ip->i_size && (offset + len) % CF_PAGE_SIZE)
		error = filemap_write_and_wait_range(ip, rounddown(offset + len, CF_PAGE_SIZE),
						     (loff_t)CF_MAX_FILE_BLOCKS * mp->m_sb_blocksize);
	return error;
}

/* models xfs_itruncate_extents + xfs_itruncate_extents_flags, fs/xfs/xfs_inode.c @ v5.10 */
static int xfs_itruncate_extents(struct xfs_inode *ip, xfs_fsize_t new_size)
{
	struct xfs_mount *mp = ip->i_mount;
	xfs_fileoff_t first_unmap_block = XFS_B_TO_FSB(mp, new_size);
	xfs_filblks_t unmap_len;
	int error = 0, guard = 0;

	ASSERT(xfs_isilocked(ip, XFS_ILOCK_EXCL));
	if (first_unmap_block >= CF_MAX_FILE_BLOCKS)
		goto cancel;
	unmap_len = CF_MAX_FILE_BLOCKS - first_unmap_block;
	while (unmap_len > 0 && !error && guard++ < 2 * CF_MAX_FILE_BLOCKS)
		error = __xfs_bunmapi(ip, first_unmap_block, &unmap_len, 0, 2);
	if (error)
		return error;
cancel:
	/* every CoW reservation past the new EOF goes, real ones included */
	error = xfs_reflink_cancel_cow_blocks(ip, first_unmap_block, NULLFILEOFF, true);
	if (error)
		return error;
	/* xfs_itruncate_clear_reflink_flags */
	if (xfs_is_reflink_inode(ip) && ip->i_cowfp) {
		if (ip->i_df.if_bytes == 0 && ip->i_cowfp->if_bytes == 0)
			ip->i_diflags2 &= ~XFS_DIFLAG2_REFLINK;
		if (ip->i_cowfp->if_bytes == 0)
			ip->i_flags &= ~XFS_ICOWBLOCKS;
	}
	return 0;
}

/* models xfs_setattr_size, fs/xfs/xfs_iops.c @ v5.10 */
int xfs_setattr_size(struct xfs_inode *ip, xfs_off_t newsize)
{
	xfs_off_t oldsize = ip->i_size;
	bool did_zeroing = false;
	int error;

	ASSERT(xfs_isilocked(ip, XFS_IOLOCK_EXCL));
	inode_dio_wait(ip);
	/* an AIO completion may have moved EOF while we waited */
	if (xfs_profile(ip->i_mount)->setattr_size_after_dio_wait)
		oldsize = ip->i_size;

	/* data between the on-disk size and the new size must be on disk first */
	if (newsize > ip->i_disk_size && oldsize != ip->i_disk_size) {
		error = filemap_write_and_wait_range(ip, ip->i_disk_size, newsize - 1);
		if (error)
			return error;
	}

	/* growing: zero what still holds data between the old EOF and the new */
	if (newsize > oldsize) {
		error = iomap_zero_range(ip, oldsize, newsize - oldsize, NULL,
					 xfs_buffered_write_iomap_begin);
		if (error)
			return error;
	} else if (newsize < oldsize) {
		/* an unaligned new EOF: zero the rest of its block */
		error = iomap_truncate_page(ip, newsize, &did_zeroing,
					    xfs_buffered_write_iomap_begin);
		if (error)
			return error;
	}

	if (xfs_profile(ip->i_mount)->setattr_trans_first) {
		error = xfs_trans_alloc(ip->i_mount);
		if (error)
			return error;
	}

	/* truncate_setsize: i_size first, then the page cache */
	ip->i_size = newsize;
	if (newsize < oldsize)
		truncate_pagecache_range(ip, newsize, (loff_t)CF_MAX_FILE_BLOCKS *
					 ip->i_mount->m_sb_blocksize);
	cf_window(YP_TRUNCATE_PAGECACHE);

	/* the zeroed EOF block goes to disk before the size is logged */
	if (did_zeroing && newsize > ip->i_disk_size) {
		error = filemap_write_and_wait_range(ip, ip->i_disk_size, newsize - 1);
		if (error)
			return error;
	}

	if (!xfs_profile(ip->i_mount)->setattr_trans_first) {
		error = xfs_trans_alloc(ip->i_mount);
		if (error)
			return error;
	}
	xfs_ilock(ip, XFS_ILOCK_EXCL);
	ip->i_disk_size = newsize;
	if (newsize <= oldsize)
		error = xfs_itruncate_extents(ip, newsize);
	xfs_iunlock(ip, XFS_ILOCK_EXCL);
	trace_xfs_setattr_size(ip, oldsize, newsize, error);
	return error;
}

/* models xfs_alloc_file_space, fs/xfs/xfs_bmap_util.c @ v5.10 (no extent
 * size hint, no quota): preallocate unwritten blocks over the range's holes
 * (and convert its delalloc), one transaction per mapping */
int xfs_alloc_file_space(struct xfs_inode *ip, xfs_off_t offset, xfs_off_t len)
{
	struct xfs_mount *mp = ip->i_mount;
	xfs_fileoff_t startoffset_fsb = XFS_B_TO_FSBT(mp, offset);
	xfs_fileoff_t endoffset_fsb = XFS_B_TO_FSB(mp, offset + len);
	xfs_filblks_t allocatesize_fsb = endoffset_fsb - startoffset_fsb;
	struct xfs_bmbt_irec imap;
	int error = 0, nimaps, guard = 0;
	uint32_t seq;

	if (XFS_FORCED_SHUTDOWN(mp))
		return -EIO;
	if (len <= 0)
		return -EINVAL;
	while (allocatesize_fsb && !error && ++guard < 4 * CF_MAX_FILE_BLOCKS) {
		error = xfs_trans_alloc(mp);
		if (error)
			break;
		xfs_ilock(ip, XFS_ILOCK_EXCL);
		nimaps = 1;
		seq = ip->i_df.if_seq;
		error = xfs_bmapi_write(ip, startoffset_fsb, allocatesize_fsb,
					XFS_BMAPI_PREALLOC, &imap, &nimaps);
		/*
		 * A delalloc extent that starts before the range converts from
		 * its start; on fragmented space that may not reach the range
		 * in one call (d62113303d69's false ENOSPC).  Go on while the
		 * fork changes, as v6.10's xfs_bmapi_write (21255afdd729) no
		 * longer needs to: the model does not claim 5.10's fallocate
		 * fails here.
		 */
		if (error == -ENOSPC && ip->i_df.if_seq != seq) {
			xfs_iunlock(ip, XFS_ILOCK_EXCL);
			error = 0;
			continue;
		}
		xfs_iunlock(ip, XFS_ILOCK_EXCL);
		if (error)
			break;
		if (nimaps == 0) {
			error = -ENOSPC;
			break;
		}
		startoffset_fsb += imap.br_blockcount;
		allocatesize_fsb -= min_t(xfs_filblks_t, allocatesize_fsb, imap.br_blockcount);
	}
	return error;
}
