// SPDX-License-Identifier: GPL-2.0
/*
 * fs/xfs/xfs_iomap.c: where buffered and direct writes get their mappings.
 * Buffered writes to shared blocks (or any block under always_cow) reserve
 * delalloc in the CoW fork, aligned to the CoW extent size hint; direct
 * writes allocate CoW blocks and convert them at once.
 */
#include "xfs_iomap.h"
#include "xfs_aops.h"
#include "xfs_reflink.h"
#include "xfs_trans.h"
#include "xfs_quota.h"
#include "libxfs/xfs_bmap.h"

/* models xfs_iomap_end_fsb, fs/xfs/xfs_iomap.c @ v5.10 */
static xfs_fileoff_t xfs_iomap_end_fsb(struct xfs_mount *mp, loff_t offset, loff_t count)
{
	xfs_fileoff_t end = XFS_B_TO_FSB(mp, offset + count);

	return min_t(xfs_fileoff_t, end, CF_MAX_FILE_BLOCKS);
}

/* models xfs_aligned_fsb_count, fs/xfs/xfs_iomap.c @ v5.10 */
xfs_filblks_t xfs_aligned_fsb_count(xfs_fileoff_t offset_fsb,
				    xfs_filblks_t count_fsb, xfs_extlen_t extsz)
{
	if (extsz) {
		xfs_extlen_t align = offset_fsb % extsz;

		if (align)
			count_fsb += align;
		align = count_fsb % extsz;
		if (align)
			count_fsb += extsz - align;
	}
	return count_fsb;
}

/* models xfs_bmbt_to_iomap, fs/xfs/xfs_iomap.c @ v5.10 */
void xfs_bmbt_to_iomap(struct xfs_inode *ip, struct iomap *iomap,
		       struct xfs_bmbt_irec *imap, uint16_t flags)
{
	struct xfs_mount *mp = ip->i_mount;

	if (imap->br_startblock == HOLESTARTBLOCK) {
		iomap->addr = IOMAP_NULL_ADDR;
		iomap->type = IOMAP_HOLE;
	} else if (imap->br_startblock == DELAYSTARTBLOCK ||
		   isnullstartblock(imap->br_startblock)) {
		iomap->addr = IOMAP_NULL_ADDR;
		iomap->type = IOMAP_DELALLOC;
	} else {
		iomap->addr = imap->br_startblock;
		iomap->type = imap->br_state == XFS_EXT_UNWRITTEN ?
			IOMAP_UNWRITTEN : IOMAP_MAPPED;
	}
	iomap->offset = XFS_FSB_TO_B(mp, imap->br_startoff);
	iomap->length = XFS_FSB_TO_B(mp, imap->br_blockcount);
	iomap->flags = flags;
}

/* models xfs_hole_to_iomap, fs/xfs/xfs_iomap.c @ v5.10 */
static void xfs_hole_to_iomap(struct xfs_inode *ip, struct iomap *iomap,
			      xfs_fileoff_t offset_fsb, xfs_fileoff_t end_fsb)
{
	struct xfs_mount *mp = ip->i_mount;

	iomap->addr = IOMAP_NULL_ADDR;
	iomap->type = IOMAP_HOLE;
	iomap->offset = XFS_FSB_TO_B(mp, offset_fsb);
	iomap->length = XFS_FSB_TO_B(mp, end_fsb - offset_fsb);
	iomap->flags = 0;
}

/* models xfs_iomap_inode_sequence, fs/xfs/xfs_iomap.c @ v6.18 (no attr fork) */
static uint64_t xfs_iomap_inode_sequence(struct xfs_inode *ip, uint16_t iomap_flags)
{
	uint64_t cookie = 0;

	if ((iomap_flags & IOMAP_F_SHARED) && ip->i_cowfp)
		cookie = (uint64_t)READ_ONCE(ip->i_cowfp->if_seq) << 32;
	return cookie | READ_ONCE(ip->i_df.if_seq);
}

/* models xfs_iomap_valid, fs/xfs/xfs_iomap.c @ v6.18 (no error-tag delay) */
static bool xfs_iomap_valid(struct xfs_inode *ip, const struct iomap *iomap)
{
	bool valid = iomap->validity_cookie ==
		     xfs_iomap_inode_sequence(ip, iomap->flags);

	trace_xfs_iomap_valid(ip, iomap, valid);
	return valid;
}

/* models xfs_iomap_folio_ops, fs/xfs/xfs_iomap.c @ v6.18 */
static const struct iomap_folio_ops xfs_iomap_folio_ops = {
	.iomap_valid	= xfs_iomap_valid,
};

/* Not a kernel function: the 6.2 cookie of a mapping handed out under the
 * ILOCK (the kernel passes it to xfs_bmbt_to_iomap), when the profile has
 * the validity cookie; 5.10 mappings carry none. */
static void cf_iomap_set_cookie(struct xfs_inode *ip, struct iomap *iomap, uint64_t seq)
{
	if (!xfs_profile(ip->i_mount)->iomap_validity_cookie)
		return;
	iomap->validity_cookie = seq;
	iomap->folio_ops = &xfs_iomap_folio_ops;
}

/* models xfs_buffered_write_iomap_begin, fs/xfs/xfs_iomap.c @ v5.10 (no
 * extent size hints, no speculative EOF preallocation; v5.15's 72a048c1056a,
 * v6.4's 1f1397b7218d and the 6.2 validity cookie by profile) */
int xfs_buffered_write_iomap_begin(struct xfs_inode *ip, loff_t offset, loff_t count,
				   unsigned int flags, struct iomap *iomap, struct iomap *srcmap)
{
	struct xfs_mount *mp = ip->i_mount;
	xfs_fileoff_t offset_fsb = XFS_B_TO_FSBT(mp, offset);
	xfs_fileoff_t end_fsb = xfs_iomap_end_fsb(mp, offset, count);
	struct xfs_bmbt_irec imap, cmap;
	struct xfs_iext_cursor icur, ccur;
	xfs_filblks_t prealloc_blocks = 0;
	bool eof = false, cow_eof = false, shared = false;
	int allocfork = XFS_DATA_FORK;
	uint16_t iomap_flags = 0;
	uint64_t seq;
	int error = 0;

	memset(&cmap, 0, sizeof(cmap));
	xfs_ilock(ip, XFS_ILOCK_EXCL);

	eof = !xfs_iext_lookup_extent(ip, &ip->i_df, offset_fsb, &icur, &imap);
	if (eof)
		imap.br_startoff = end_fsb;	/* fake a hole until the end */

	/* 1f1397b7218d (v6.4): unsharing a hole needs no blocks */
	if ((flags & IOMAP_UNSHARE) && xfs_profile(mp)->unshare_hole_no_alloc &&
	    imap.br_startoff > offset_fsb) {
		xfs_hole_to_iomap(ip, iomap, offset_fsb, imap.br_startoff);
		goto out_unlock;
	}

	/*
	 * Look at the CoW fork even without a data extent: an existing CoW
	 * reservation takes the write whatever the data fork holds (this is
	 * how cowextsize preallocation "promotes" neighbours to CoW).
	 */
	if (xfs_is_cow_inode(ip)) {
		if (!ip->i_cowfp) {
			ASSERT(!xfs_is_reflink_inode(ip));
			xfs_ifork_init_cow(ip);
		}
		cow_eof = !xfs_iext_lookup_extent(ip, ip->i_cowfp, offset_fsb, &ccur, &cmap);
		if (!cow_eof && cmap.br_startoff <= offset_fsb) {
			trace_xfs_reflink_cow_found(ip, &cmap);
			goto found_cow;
		}
	}

	if (imap.br_startoff <= offset_fsb) {
		if (!xfs_is_cow_inode(ip))
			goto found_imap;
		xfs_trim_extent(&imap, offset_fsb, end_fsb - offset_fsb);
		error = xfs_bmap_trim_cow(ip, &imap, &shared);
		if (error)
			goto out_unlock;
		if (!shared)
			goto found_imap;
		/* fork the shared blocks from here to the end of the extent */
		allocfork = XFS_COW_FORK;
		end_fsb = imap.br_startoff + imap.br_blockcount;
	} else {
		count = min_t(loff_t, count, 1024 * (loff_t)CF_PAGE_SIZE);
		end_fsb = xfs_iomap_end_fsb(mp, offset, count);
		if (xfs_is_always_cow_inode(ip))
			allocfork = XFS_COW_FORK;
	}

retry:
	error = xfs_bmapi_reserve_delalloc(ip, allocfork, offset_fsb,
			end_fsb - offset_fsb, prealloc_blocks,
			allocfork == XFS_DATA_FORK ? &imap : &cmap,
			allocfork == XFS_DATA_FORK ? &icur : &ccur,
			allocfork == XFS_DATA_FORK ? eof : cow_eof);
	switch (error) {
	case 0:
		break;
	case -ENOSPC:
		if (prealloc_blocks) {
			prealloc_blocks = 0;
			goto retry;
		}
		/* fallthrough */
	default:
		goto out_unlock;
	}

	if (allocfork == XFS_COW_FORK) {
		trace_xfs_iomap_alloc(ip, XFS_COW_FORK, &cmap);
		goto found_cow;
	}

	seq = xfs_iomap_inode_sequence(ip, IOMAP_F_NEW);
	xfs_iunlock(ip, XFS_ILOCK_EXCL);
	trace_xfs_iomap_alloc(ip, XFS_DATA_FORK, &imap);
	xfs_bmbt_to_iomap(ip, iomap, &imap, IOMAP_F_NEW);
	cf_iomap_set_cookie(ip, iomap, seq);
	return 0;

found_imap:
	seq = xfs_iomap_inode_sequence(ip, 0);
	xfs_iunlock(ip, XFS_ILOCK_EXCL);
	xfs_bmbt_to_iomap(ip, iomap, &imap, 0);
	cf_iomap_set_cookie(ip, iomap, seq);
	return 0;

found_cow:
	/* 72a048c1056a (v5.15): shared only with a source to copy; undone by
	 * 7d6fe5c586e6 (v6.12) */
	if (imap.br_startoff <= offset_fsb || !xfs_profile(mp)->cow_shared_needs_srcmap ||
	    xfs_profile(mp)->cow_mapping_always_shared)
		iomap_flags = IOMAP_F_SHARED;
	/* the cookie samples the forks the mapping says it came from */
	seq = xfs_iomap_inode_sequence(ip, iomap_flags);
	xfs_iunlock(ip, XFS_ILOCK_EXCL);
	if (imap.br_startoff <= offset_fsb) {
		xfs_bmbt_to_iomap(ip, srcmap, &imap, 0);
	} else {
		xfs_trim_extent(&cmap, offset_fsb, imap.br_startoff - offset_fsb);
		/* cow_hole_rmw_zeroes: over a hole the CoW block's contents are
		 * not the file's; a partial block's rest must read zeroes */
		if (xfs_profile(mp)->cow_hole_rmw_zeroes && !isnullstartblock(cmap.br_startblock))
			iomap_flags |= IOMAP_F_NEW;
	}
	xfs_bmbt_to_iomap(ip, iomap, &cmap, iomap_flags);
	cf_iomap_set_cookie(ip, iomap, seq);
	return 0;

out_unlock:
	xfs_iunlock(ip, XFS_ILOCK_EXCL);
	return error;
}

/* models xfs_iomap_write_direct, fs/xfs/xfs_iomap.c @ v5.10 */
static int xfs_iomap_write_direct(struct xfs_inode *ip, xfs_fileoff_t offset_fsb,
				  xfs_fileoff_t count_fsb, struct xfs_bmbt_irec *imap)
{
	int nimaps = 1, error;

	error = xfs_trans_alloc(ip->i_mount);
	if (error)
		return error;
	xfs_ilock(ip, XFS_ILOCK_EXCL);
	error = xfs_trans_reserve_quota_nblks(NULL, ip, (long)count_fsb, 0,
					      XFS_QMOPT_RES_REGBLKS);
	if (error) {
		xfs_iunlock(ip, XFS_ILOCK_EXCL);
		return error;
	}
	/* direct I/O allocates unwritten and converts at completion */
	error = xfs_bmapi_write(ip, offset_fsb, count_fsb, XFS_BMAPI_PREALLOC, imap, &nimaps);
	xfs_iunlock(ip, XFS_ILOCK_EXCL);
	if (error)
		return error;
	if (nimaps == 0)
		return -ENOSPC;
	return 0;
}

/* models imap_needs_alloc, fs/xfs/xfs_iomap.c @ v5.10 */
static bool imap_needs_alloc(struct xfs_bmbt_irec *imap, int nimaps)
{
	return !nimaps || imap->br_startblock == HOLESTARTBLOCK ||
	       imap->br_startblock == DELAYSTARTBLOCK;
}

/* models imap_needs_cow, fs/xfs/xfs_iomap.c @ v5.10 (the flags and the
 * mapping are the caller's here) */
static bool imap_needs_cow(struct xfs_inode *ip)
{
	return xfs_is_cow_inode(ip);
}

/* models xfs_direct_write_iomap_begin, fs/xfs/xfs_iomap.c @ v5.10 */
int xfs_direct_write_iomap_begin(struct xfs_inode *ip, loff_t offset, loff_t length,
				 unsigned int flags, struct iomap *iomap, struct iomap *srcmap)
{
	struct xfs_mount *mp = ip->i_mount;
	struct xfs_bmbt_irec imap, cmap;
	xfs_fileoff_t offset_fsb = XFS_B_TO_FSBT(mp, offset);
	xfs_fileoff_t end_fsb = xfs_iomap_end_fsb(mp, offset, length);
	int nimaps = 1, error = 0;
	bool shared = false;
	uint16_t iomap_flags = 0;
	unsigned int lockmode;

	memset(&cmap, 0, sizeof(cmap));
	if (offset + length > XFS_ISIZE(ip))
		iomap_flags |= IOMAP_F_DIRTY;
	lockmode = xfs_is_cow_inode(ip) ? XFS_ILOCK_EXCL : XFS_ILOCK_SHARED;
	xfs_ilock(ip, lockmode);

	error = xfs_bmapi_read(ip, offset_fsb, end_fsb - offset_fsb, &imap, &nimaps, 0);
	if (error)
		goto out_unlock;

	if (imap_needs_cow(ip)) {
		/* may drop and retake the ILOCK */
		error = xfs_reflink_allocate_cow(ip, &imap, &cmap, &shared, &lockmode, true);
		if (error)
			goto out_unlock;
		if (shared)
			goto out_found_cow;
		end_fsb = imap.br_startoff + imap.br_blockcount;
		length = XFS_FSB_TO_B(mp, end_fsb) - offset;
	}

	if (imap_needs_alloc(&imap, nimaps))
		goto allocate_blocks;

	xfs_iunlock(ip, lockmode);
	xfs_bmbt_to_iomap(ip, iomap, &imap, iomap_flags);
	return 0;

allocate_blocks:
	xfs_iunlock(ip, lockmode);
	error = xfs_iomap_write_direct(ip, offset_fsb, end_fsb - offset_fsb, &imap);
	if (error)
		return error;
	xfs_bmbt_to_iomap(ip, iomap, &imap, iomap_flags | IOMAP_F_NEW);
	return 0;

out_found_cow:
	xfs_iunlock(ip, lockmode);
	if (imap.br_startblock != HOLESTARTBLOCK)
		xfs_bmbt_to_iomap(ip, srcmap, &imap, 0);
	xfs_bmbt_to_iomap(ip, iomap, &cmap, iomap_flags | IOMAP_F_SHARED);
	return 0;

out_unlock:
	xfs_iunlock(ip, lockmode);
	return error;
}

/*
 * models xfs_atomic_write_cow_iomap_begin, fs/xfs/xfs_iomap.c @ v6.18 (with
 * the 6.18-rc5 fixes): an atomic write always goes out of place, through
 * the CoW fork, shared blocks or not.  The ILOCK is dropped to allocate the
 * transaction (window atomic_cow.trans_alloc) and only the CoW fork is
 * looked at again after it; CoW delalloc (a buffered write's reservation)
 * is converted first and the lookup retried.  No transaction reservation
 * is modelled, so the cowextsize-aligned resaligned count is not computed.
 */
int xfs_atomic_write_cow_iomap_begin(struct xfs_inode *ip, loff_t offset, loff_t length,
				     unsigned int flags, struct iomap *iomap, struct iomap *srcmap)
{
	struct xfs_mount *mp = ip->i_mount;
	const xfs_fileoff_t offset_fsb = XFS_B_TO_FSBT(mp, offset);
	const xfs_fileoff_t end_fsb = xfs_iomap_end_fsb(mp, offset, length);
	const xfs_filblks_t count_fsb = end_fsb - offset_fsb;
	xfs_filblks_t hole_count_fsb;
	int nmaps = 1, error, retries = 0;
	struct xfs_bmbt_irec cmap;
	struct xfs_iext_cursor icur;

	(void)srcmap;
	if (XFS_FORCED_SHUTDOWN(mp))
		return -EIO;

	trace_xfs_iomap_atomic_write_cow(ip, offset, length);
retry:
	if (++retries > CF_MAX_FILE_BLOCKS) {
		cf_liveness("xfs_atomic_write_cow_iomap_begin retries forever");
		return -EIO;
	}
	xfs_ilock(ip, XFS_ILOCK_EXCL);

	if (!ip->i_cowfp) {
		ASSERT(!xfs_is_reflink_inode(ip));
		xfs_ifork_init_cow(ip);
	}

	if (!xfs_iext_lookup_extent(ip, ip->i_cowfp, offset_fsb, &icur, &cmap))
		cmap.br_startoff = end_fsb;
	if (cmap.br_startoff <= offset_fsb) {
		if (isnullstartblock(cmap.br_startblock))
			goto convert_delay;
		/* a written CoW extent means "write in progress": never
		 * convert past this write's range */
		xfs_trim_extent(&cmap, offset_fsb, count_fsb);
		goto found;
	}

	hole_count_fsb = cmap.br_startoff - offset_fsb;
	xfs_iunlock(ip, XFS_ILOCK_EXCL);

	/* xfs_trans_alloc_inode: the transaction, then the ILOCK again */
	error = xfs_trans_alloc(mp);
	if (error)
		return error;
	xfs_ilock(ip, XFS_ILOCK_EXCL);

	/* the CoW fork may have changed while unlocked: look again */
	if (!xfs_iext_lookup_extent(ip, ip->i_cowfp, offset_fsb, &icur, &cmap))
		cmap.br_startoff = end_fsb;
	if (cmap.br_startoff <= offset_fsb) {
		if (isnullstartblock(cmap.br_startblock))
			goto convert_delay;
		xfs_trim_extent(&cmap, offset_fsb, count_fsb);
		goto found;
	}

	/* the hole in the CoW fork, all of it, as unwritten blocks aligned
	 * to the CoW extent size hint (a later write may then go to hardware
	 * atomically); no aligned free extent is -ENOSPC, not a fallback */
	error = xfs_bmapi_write(ip, offset_fsb, hole_count_fsb,
				XFS_BMAPI_COWFORK | XFS_BMAPI_PREALLOC |
				XFS_BMAPI_EXTSZALIGN, &cmap, &nmaps);
	if (error)
		goto out_unlock;
	if (nmaps == 0) {
		error = -ENOSPC;
		goto out_unlock;
	}
	ip->i_flags |= XFS_ICOWBLOCKS;

	/* a merge with a neighbour may map more: convert only this write */
	xfs_trim_extent(&cmap, offset_fsb, count_fsb);

found:
	if (cmap.br_state != XFS_EXT_NORM) {
		trace_xfs_reflink_convert_cow_dio(ip, cmap.br_startoff, cmap.br_blockcount);
		error = xfs_reflink_convert_cow_locked(ip, cmap.br_startoff,
						       cmap.br_blockcount, NULLFSBLOCK);
		if (error)
			goto out_unlock;
		cmap.br_state = XFS_EXT_NORM;
	}

	trace_xfs_reflink_cow_found(ip, &cmap);
	xfs_iunlock(ip, XFS_ILOCK_EXCL);
	xfs_bmbt_to_iomap(ip, iomap, &cmap, IOMAP_F_SHARED);
	return 0;

convert_delay:
	xfs_iunlock(ip, XFS_ILOCK_EXCL);
	error = xfs_bmapi_convert_delalloc(ip, XFS_COW_FORK, offset, iomap, NULL);
	if (error)
		return error;
	/* the conversion left it unwritten; it must be written: look again */
	goto retry;

out_unlock:
	xfs_iunlock(ip, XFS_ILOCK_EXCL);
	return error;
}

/* models xfs_iomap_write_unwritten, fs/xfs/xfs_iomap.c @ v5.10 */
int xfs_iomap_write_unwritten(struct xfs_inode *ip, xfs_off_t offset,
			      xfs_off_t count, bool update_isize)
{
	struct xfs_mount *mp = ip->i_mount;
	xfs_fileoff_t offset_fsb = XFS_B_TO_FSBT(mp, offset);
	xfs_filblks_t count_fsb = XFS_B_TO_FSB(mp, offset + count) - offset_fsb;
	struct xfs_bmbt_irec imap;
	int nimaps, error, guard = 0;
	xfs_fsize_t i_size;
	/* XFS_DIOSTRAT_SPACE_RES << 1: bmbt splits, which the model has none
	 * of; only whether quota can fail it matters */
	unsigned int resblks = 1;
	/* 1edd2c055dff: the data is on disk; quota must not fail it now */
	unsigned int qflags = XFS_QMOPT_RES_REGBLKS |
		(xfs_profile(mp)->write_unwritten_force_quota ? XFS_QMOPT_FORCE_RES : 0);

	do {
		error = xfs_trans_alloc(mp);
		if (error)
			return error;
		xfs_ilock(ip, XFS_ILOCK_EXCL);
		error = xfs_trans_reserve_quota_nblks(NULL, ip, resblks, 0, qflags);
		if (error) {
			xfs_iunlock(ip, XFS_ILOCK_EXCL);
			return error;
		}
		/* write_unwritten_skip_holes: a hole here means the I/O's blocks
		 * went away meanwhile; converting it would allocate a written
		 * block of whatever the disk held */
		if (xfs_profile(mp)->write_unwritten_skip_holes) {
			struct xfs_iext_cursor icur;
			struct xfs_bmbt_irec got;

			if (!xfs_iext_lookup_extent(ip, &ip->i_df, offset_fsb, &icur, &got) ||
			    got.br_startoff >= offset_fsb + count_fsb) {
				xfs_iunlock(ip, XFS_ILOCK_EXCL);
				break;
			}
			if (got.br_startoff > offset_fsb) {
				count_fsb -= got.br_startoff - offset_fsb;
				offset_fsb = got.br_startoff;
			}
		}
		nimaps = 1;
		error = xfs_bmapi_write(ip, offset_fsb, count_fsb, XFS_BMAPI_CONVERT,
					&imap, &nimaps);
		if (error) {
			xfs_iunlock(ip, XFS_ILOCK_EXCL);
			return error;
		}
		/* log the new size as we go */
		i_size = XFS_FSB_TO_B(mp, offset_fsb + count_fsb);
		if (i_size > offset + count)
			i_size = offset + count;
		if (update_isize && i_size > ip->i_size)
			ip->i_size = i_size;
		if (i_size > ip->i_disk_size && i_size <= ip->i_size)
			ip->i_disk_size = i_size;
		xfs_iunlock(ip, XFS_ILOCK_EXCL);
		if (nimaps == 0 || imap.br_blockcount == 0) {
			ASSERT(nimaps != 0 && imap.br_blockcount != 0);
			break;
		}
		offset_fsb += imap.br_blockcount;
		count_fsb -= min_t(xfs_filblks_t, count_fsb, imap.br_blockcount);
	} while (count_fsb > 0 && ++guard < CF_MAX_FILE_BLOCKS);
	return 0;
}
