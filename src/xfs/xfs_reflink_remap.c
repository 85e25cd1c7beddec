// SPDX-License-Identifier: GPL-2.0
/*
 * Clone (FICLONERANGE): fs/xfs/xfs_reflink.c xfs_reflink_remap_prep,
 * xfs_reflink_remap_blocks and xfs_reflink_remap_extent, plus the VFS
 * checks the model needs.  Both files are flushed and their I/O drained
 * before the data fork of the destination is rewritten extent by extent.
 *
 * A file of its own, not part of xfs_reflink.c, for a historical reason
 * (the oracle's ASSERT report used to print the port's line number, and
 * this file kept that ASSERT's line fixed); it can move back now.
 */
#include "xfs_reflink.h"
#include "xfs_bmap_util.h"
#include "xfs_aops.h"
#include "xfs_iomap.h"
#include "xfs_trans.h"
#include "libxfs/xfs_bmap.h"

/* models xfs_reflink_remap_extent, fs/xfs/xfs_reflink.c @ v5.10 */
static int xfs_reflink_remap_extent(struct xfs_inode *ip, struct xfs_bmbt_irec *dmap)
{
	xfs_filblks_t rlen;
	int error, guard = 0;

	error = xfs_trans_alloc(ip->i_mount);
	if (error)
		return error;
	xfs_ilock(ip, XFS_ILOCK_EXCL);
	/* unmap whatever the destination had there */
	rlen = dmap->br_blockcount;
	while (rlen > 0 && !error && guard++ < 2 * CF_MAX_FILE_BLOCKS)
		error = __xfs_bunmapi(ip, dmap->br_startoff, &rlen, 0, 2);
	if (!error && xfs_bmap_is_real_extent(dmap))
		error = xfs_bmapi_remap(ip, dmap->br_startoff, dmap->br_blockcount,
					dmap->br_startblock, dmap->br_state);
	xfs_iunlock(ip, XFS_ILOCK_EXCL);
	trace_xfs_reflink_remap_extent(ip, dmap, error);
	return error;
}

/* models xfs_reflink_remap_blocks, fs/xfs/xfs_reflink.c @ v5.10 */
static int xfs_reflink_remap_blocks(struct xfs_inode *src, xfs_fileoff_t srcoff,
				    struct xfs_inode *dest, xfs_fileoff_t destoff,
				    xfs_filblks_t len)
{
	int error = 0, guard = 0;

	while (len > 0 && guard++ < 2 * CF_MAX_FILE_BLOCKS) {
		struct xfs_bmbt_irec imap;
		int nimaps = 1;

		xfs_ilock(src, XFS_ILOCK_SHARED);
		error = xfs_bmapi_read(src, srcoff, len, &imap, &nimaps, 0);
		xfs_iunlock(src, XFS_ILOCK_SHARED);
		if (error)
			break;
		if (nimaps == 0 || imap.br_blockcount == 0) {
			cf_invariant("xfs_reflink_remap_blocks", "source mapping is empty");
			return -EFSCORRUPTED;
		}
		/* the source was flushed: delalloc here means lost writeback */
		if (imap.br_startblock == DELAYSTARTBLOCK) {
			ASSERT(imap.br_startblock != DELAYSTARTBLOCK);
			return -EFSCORRUPTED;
		}
		imap.br_startoff = destoff;
		error = xfs_reflink_remap_extent(dest, &imap);
		if (error)
			break;
		srcoff += imap.br_blockcount;
		destoff += imap.br_blockcount;
		len -= imap.br_blockcount;
		if (len)
			cf_window(YP_REMAP_NEXT_EXTENT);
	}
	return error;
}

/* cowfuzz's own: ILOCK two inodes in inode number order */
static void cf_lock_two(struct xfs_inode *a, struct xfs_inode *b, unsigned int flags)
{
	if (a == b) {
		xfs_ilock(a, flags);
	} else if (a->i_ino < b->i_ino) {
		xfs_ilock(a, flags);
		xfs_ilock(b, flags);
	} else {
		xfs_ilock(b, flags);
		xfs_ilock(a, flags);
	}
}

/* cowfuzz's own: the unlock of cf_lock_two */
static void cf_unlock_two(struct xfs_inode *a, struct xfs_inode *b, unsigned int flags)
{
	xfs_iunlock(a, flags);
	if (a != b)
		xfs_iunlock(b, flags);
}

/*
 * models xfs_reflink_zero_posteof, fs/xfs/xfs_reflink.c @ v5.10: a clone
 * landing past EOF zeroes from EOF up to it first.  The port zeroes only
 * the EOF block's tail: a block wholly past EOF holds no data here (no
 * speculative preallocation), and skipping the hole lookups keeps the
 * traces of block-aligned clones as they were.
 */
static int xfs_reflink_zero_posteof(struct xfs_inode *ip, loff_t pos, bool *did_zero)
{
	loff_t isize = ip->i_size;
	loff_t eof_block_end = roundup(isize, (loff_t)ip->i_mount->m_sb_blocksize);

	if (pos <= isize || isize == eof_block_end)
		return 0;
	return iomap_zero_range(ip, isize, min_t(loff_t, pos, eof_block_end) - isize,
				did_zero, xfs_buffered_write_iomap_begin);
}

/* models xfs_reflink_remap_prep + xfs_file_remap_range, fs/xfs @ v5.10 */
int xfs_reflink_remap_range(struct xfs_inode *src, xfs_off_t pos_in,
			    struct xfs_inode *dest, xfs_off_t pos_out, xfs_off_t len)
{
	struct xfs_mount *mp = src->i_mount;
	bool did_zero;
	int error;

	/* IOLOCK then MMAPLOCK of both, in inode order */
	cf_lock_two(src, dest, XFS_IOLOCK_EXCL);
	cf_lock_two(src, dest, XFS_MMAPLOCK_EXCL);

	if (len == 0)
		len = src->i_size - pos_in;	/* to the source's EOF */
	error = -EINVAL;
	if (len <= 0 || pos_in >= src->i_size || pos_in + len > src->i_size ||
	    pos_out + len > (xfs_off_t)CF_MAX_FILE_BLOCKS * mp->m_sb_blocksize)
		goto out_unlock;
	if (src == dest && pos_in < pos_out + len && pos_out < pos_in + len)
		goto out_unlock;

	inode_dio_wait(src);
	inode_dio_wait(dest);
	error = filemap_write_and_wait_range(src, pos_in, pos_in + len - 1);
	if (!error)
		error = filemap_write_and_wait_range(dest, pos_out, pos_out + len - 1);
	if (error)
		goto out_unlock;
	/* generic_remap_check_len: a clone ending at an unaligned source EOF
	 * may not land inside the destination (the bytes of that block past
	 * EOF would show), and FICLONERANGE cannot shorten it */
	error = -EINVAL;
	if ((len & (mp->m_sb_blocksize - 1)) && pos_out + len < dest->i_size)
		goto out_unlock;
	/* the zeroed EOF block goes to disk before the clone (remap_prep
	 * flushes from EOF when the clone lands past it) */
	did_zero = false;
	error = xfs_reflink_zero_posteof(dest, pos_out, &did_zero);
	if (!error && did_zero)
		error = filemap_write_and_wait_range(dest, dest->i_size, pos_out + len - 1);
	if (error)
		goto out_unlock;
	/* zap the destination's page cache, whole pages (they are clean now) */
	/* the source is locked, drained and flushed: the model copies its
	 * values now (a clone that fails above copies nothing) */
	trace_xfs_reflink_remap_range(src, pos_in, len, dest, pos_out);
	truncate_pagecache_range(dest, rounddown(pos_out, CF_PAGE_SIZE),
				 roundup(pos_out + len, CF_PAGE_SIZE) - 1);

	/* xfs_reflink_set_inode_flag */
	src->i_diflags2 |= XFS_DIFLAG2_REFLINK;
	dest->i_diflags2 |= XFS_DIFLAG2_REFLINK;
	if (!src->i_cowfp)
		xfs_ifork_init_cow(src);
	if (!dest->i_cowfp)
		xfs_ifork_init_cow(dest);

	error = xfs_reflink_remap_blocks(src, XFS_B_TO_FSBT(mp, pos_in), dest,
					 XFS_B_TO_FSBT(mp, pos_out), XFS_B_TO_FSB(mp, len));
	/* xfs_reflink_update_dest */
	if (!error && pos_out + len > dest->i_size) {
		dest->i_size = pos_out + len;
		dest->i_disk_size = dest->i_size;
	}
out_unlock:
	cf_unlock_two(src, dest, XFS_MMAPLOCK_EXCL);
	cf_unlock_two(src, dest, XFS_IOLOCK_EXCL);
	trace_xfs_reflink_remap_range_end(src, pos_in, dest, pos_out, len, error);
	return error;
}
