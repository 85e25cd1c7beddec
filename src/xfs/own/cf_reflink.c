// SPDX-License-Identifier: GPL-2.0
/*
 * cowfuzz's own CoW functions, not the kernel's: the claims of the proposed
 * fix dio_end_cow_claimed (an I/O completion touches only the CoW blocks
 * its I/O was built for) and the failed-ioend unconvert of the proposed fix
 * for cow-eio-shared-overwrite.  They sit beside the port (src/xfs) and use
 * its functions; the profiles choose when they run.
 */
#include "xfs_reflink.h"
#include "libxfs/xfs_bmap.h"

/* cowfuzz's own (dio_end_cow_claimed): does the CoW mapping irec, of a
 * claim whose file block offset_fsb was written to claim_blk, still map to
 * the claimant's blocks?  No claim (NULLFSBLOCK) takes any mapping. */
bool cf_cow_claim_holds(const struct xfs_bmbt_irec *irec, xfs_fileoff_t offset_fsb,
			xfs_fsblock_t claim_blk)
{
	return claim_blk == NULLFSBLOCK ||
	       irec->br_startblock == claim_blk + (irec->br_startoff - offset_fsb);
}

/* cowfuzz's own (dio_end_cow_claimed): how many blocks of irec, from its
 * end (tail) or its start, were allocated no later than the claim (seq):
 * a block freed and allocated again since is another I/O's, even at the
 * claimant's offset and block number. */
xfs_filblks_t cf_cow_claim_run(const struct xfs_mount *mp, const struct xfs_bmbt_irec *irec,
			       uint32_t seq, bool tail)
{
	xfs_filblks_t keep = 0;

	while (keep < irec->br_blockcount &&
	       mp->m_blk_alloc_seq[tail ? irec->br_startblock + irec->br_blockcount - 1 - keep :
				   irec->br_startblock + keep] <= seq)
		keep++;
	return keep;
}

/*
 * Not a kernel function: the proposed fix for the failed-CoW-ioend race
 * (profile cow-eio-shared-overwrite).  The written CoW blocks of a failed
 * ioend turn back to unwritten instead of being freed: a buffered write that
 * found them while the I/O was in flight has redirtied its page with no
 * other CoW reservation, and that page's writeback must go through them
 * again.  Unwritten, they are never remapped by another I/O's completion
 * and cowblocks reclaim may free them.  (Waiting here for direct writes
 * that may share the blocks deadlocks: their completion invalidates the
 * page this ioend still holds under writeback.)
 */
int cf_reflink_unconvert_cow(struct xfs_inode *ip, xfs_off_t offset, xfs_off_t count,
			     xfs_fsblock_t claim_blk)
{
	struct xfs_mount *mp = ip->i_mount;
	xfs_fileoff_t offset_fsb = XFS_B_TO_FSBT(mp, offset);
	xfs_filblks_t count_fsb = XFS_B_TO_FSB(mp, offset + count) - offset_fsb;
	struct xfs_iext_cursor icur;
	struct xfs_bmbt_irec got;
	int error = 0, guard = 0;

	xfs_ilock(ip, XFS_ILOCK_EXCL);
	if (!ip->i_cowfp || !xfs_iext_lookup_extent(ip, ip->i_cowfp, offset_fsb, &icur, &got))
		goto out_unlock;
	do {
		if (got.br_startoff >= offset_fsb + count_fsb)
			break;
		if (got.br_state != XFS_EXT_NORM || isnullstartblock(got.br_startblock))
			continue;
		xfs_trim_extent(&got, offset_fsb, count_fsb);
		if (!got.br_blockcount)
			continue;
		/* with a claim, only the blocks the failed ioend wrote: others in
		 * the range belong to an I/O that is still to complete */
		if (!cf_cow_claim_holds(&got, offset_fsb, claim_blk))
			continue;
		got.br_state = XFS_EXT_UNWRITTEN;
		error = xfs_bmap_add_extent_unwritten_real(ip, XFS_COW_FORK, &icur, &got);
		if (error)
			break;
	} while (++guard < XFS_IEXT_MAX && xfs_iext_next_extent(ip->i_cowfp, &icur, &got));
out_unlock:
	xfs_iunlock(ip, XFS_ILOCK_EXCL);
	trace_cf_reflink_unconvert_cow(ip, offset_fsb, count_fsb, error);
	return error;
}

/*
 * Not a kernel function: xfs_reflink_end_cow for the proposed fix
 * dio_end_cow_claimed.  Remaps [offset_fsb, +count_fsb) only where the CoW
 * fork still maps it to the blocks starting at blk, the ones the direct
 * write wrote, and only blocks not allocated again since seq (a block the
 * write wrote can be remapped by a flush, freed by a later overwrite and
 * allocated to another write at the same offset before this completion).
 */
int cf_reflink_end_cow_claimed(struct xfs_inode *ip, xfs_fileoff_t offset_fsb,
			       xfs_filblks_t count_fsb, xfs_fsblock_t blk, uint32_t seq)
{
	xfs_fileoff_t end_fsb = offset_fsb + count_fsb;
	int error = 0, guard = 0;

	trace_cf_reflink_end_cow_claimed(ip, offset_fsb, end_fsb, blk);
	while (end_fsb > offset_fsb && !error) {
		error = xfs_reflink_end_cow_extent(ip, offset_fsb, &end_fsb, blk, seq);
		if (++guard > 2 * CF_MAX_FILE_BLOCKS) {
			cf_liveness("xfs_reflink_end_cow does not make progress");
			return -EIO;
		}
	}
	return error;
}
