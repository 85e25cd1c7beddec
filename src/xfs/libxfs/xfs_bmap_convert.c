// SPDX-License-Identifier: GPL-2.0
/*
 * xfs_bmapi_convert_delalloc (fs/xfs/libxfs/xfs_bmap.c): the writeback-time
 * conversion of the delalloc extent backing an offset.  Kept apart from the
 * extent-edit machinery in xfs_bmap.c because it is a race window itself:
 * a transaction allocation (may sleep) before the ILOCK is taken.
 */
#include "xfs_bmap.h"
#include "xfs_aops.h"
#include "xfs_iomap.h"
#include "xfs_trans.h"

/* models xfs_bmapi_convert_one_delalloc, fs/xfs/libxfs/xfs_bmap.c @ v6.18 (v5.10's xfs_bmapi_convert_delalloc) */
static int xfs_bmapi_convert_one_delalloc(struct xfs_inode *ip, int whichfork,
					  xfs_off_t offset, struct iomap *iomap,
					  unsigned int *seq)
{
	struct xfs_ifork *ifp = XFS_IFORK_PTR(ip, whichfork);
	struct xfs_mount *mp = ip->i_mount;
	xfs_fileoff_t offset_fsb = XFS_B_TO_FSBT(mp, offset);
	struct xfs_bmalloca bma;
	uint16_t flags = 0;
	int error;

	memset(&bma, 0, sizeof(bma));
	if (whichfork == XFS_COW_FORK)
		flags |= IOMAP_F_SHARED;

	/* no block reservation: delalloc already paid for the blocks */
	error = xfs_trans_alloc(mp);
	if (error)
		return error;

	xfs_ilock(ip, XFS_ILOCK_EXCL);

	if (!ifp || !xfs_iext_lookup_extent(ip, ifp, offset_fsb, &bma.icur, &bma.got) ||
	    bma.got.br_startoff > offset_fsb) {
		/* only the CoW fork may lose an extent to a racing remap */
		WARN_ON_ONCE(whichfork != XFS_COW_FORK);
		error = -EAGAIN;
		trace_xfs_bmapi_convert_delalloc_eagain(ip, whichfork, offset_fsb);
		goto out_trans_cancel;
	}

	/* someone else converted it already: map what is there */
	if (!isnullstartblock(bma.got.br_startblock)) {
		xfs_bmbt_to_iomap(ip, iomap, &bma.got, flags);
		if (seq)	/* NULL from an atomic write (fc8d0ba0ff5f, 6.x) */
			*seq = READ_ONCE(ifp->if_seq);
		trace_xfs_bmapi_convert_delalloc_real(ip, whichfork, &bma.got);
		goto out_trans_cancel;
	}

	bma.ip = ip;
	bma.wasdel = true;
	bma.offset = bma.got.br_startoff;	/* the extent's start, not offset */
	bma.length = min_t(xfs_filblks_t, bma.got.br_blockcount, XFS_MAX_BMBT_EXTLEN);
	bma.minleft = 0;
	bma.whichfork = whichfork;
	if (whichfork == XFS_COW_FORK)
		bma.flags = XFS_BMAPI_COWFORK | XFS_BMAPI_PREALLOC;
	else if (xfs_profile(mp)->data_delalloc_unwritten)
		bma.flags = XFS_BMAPI_PREALLOC;
	if (!xfs_iext_peek_prev_extent(ifp, &bma.icur, &bma.prev))
		bma.prev.br_startoff = NULLFILEOFF;

	error = xfs_bmapi_allocate(&bma);
	if (error)
		goto out_finish;

	error = -ENOSPC;
	if (WARN_ON_ONCE(bma.blkno == NULLFSBLOCK))
		goto out_finish;

	xfs_bmbt_to_iomap(ip, iomap, &bma.got, flags);
	/* sampled under the ILOCK so mapping and seq agree */
	if (seq)
		*seq = READ_ONCE(ifp->if_seq);
	trace_xfs_bmapi_convert_delalloc(ip, whichfork, &bma.got, READ_ONCE(ifp->if_seq));
	error = 0;
out_finish:
out_trans_cancel:
	xfs_iunlock(ip, XFS_ILOCK_EXCL);
	return error;
}

/* models xfs_bmapi_convert_delalloc, fs/xfs/libxfs/xfs_bmap.c @ v6.18 (one pass before v6.10) */
int xfs_bmapi_convert_delalloc(struct xfs_inode *ip, int whichfork,
			       xfs_off_t offset, struct iomap *iomap,
			       unsigned int *seq)
{
	int error, loops = 0;

	/* before 2e08371a83f1 the caller looped (xfs_convert_blocks) */
	if (!xfs_profile(ip->i_mount)->convert_delalloc_loop)
		return xfs_bmapi_convert_one_delalloc(ip, whichfork, offset, iomap, seq);

	/* each pass converts from the start of the delalloc extent and may
	 * come back short on fragmented space: repeat until offset is in */
	do {
		if (loops++)
			cf_window(YP_CONVERT_BLOCKS_W4);
		error = xfs_bmapi_convert_one_delalloc(ip, whichfork, offset,
						       iomap, seq);
		if (error)
			return error;
		if (loops > CF_MAX_FILE_BLOCKS + 1) {
			cf_liveness("xfs_bmapi_convert_delalloc does not make progress");
			return -EIO;
		}
	} while (iomap->offset + (loff_t)iomap->length <= offset);

	return 0;
}
