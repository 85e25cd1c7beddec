// SPDX-License-Identifier: GPL-2.0
/*
 * fs/xfs/xfs_reflink.c: how CoW fork extents are allocated (direct I/O and
 * extent-size-hint writes), converted to written at I/O submission, remapped
 * into the data fork at completion, and cancelled; and the clone itself.
 */
#include "xfs_reflink.h"
#include "libxfs/xfs_bmap.h"
#include "libxfs/xfs_refcount.h"
#include "libxfs/xfs_alloc.h"
#include "xfs_trans.h"
#include "xfs_aops.h"
#include "xfs_iomap.h"
#include "xfs_bmap_util.h"

/* models xfs_reflink_trim_around_shared, fs/xfs/xfs_reflink.c @ v5.10 */
int xfs_reflink_trim_around_shared(struct xfs_inode *ip, struct xfs_bmbt_irec *irec,
				   bool *shared)
{
	xfs_fsblock_t agbno, fbno;
	xfs_extlen_t aglen, flen;
	int error;

	if (!xfs_is_reflink_inode(ip) || !xfs_bmap_is_real_extent(irec)) {
		*shared = false;
		return 0;
	}
	agbno = irec->br_startblock;
	aglen = irec->br_blockcount;
	error = xfs_refcount_find_shared(ip->i_mount, agbno, aglen, &fbno, &flen, true);
	if (error)
		return error;
	*shared = false;
	if (fbno == agbno + aglen) {
		/* no shared blocks at all */
		return 0;
	} else if (fbno == agbno) {
		/* shared from the start: trim to the shared run */
		irec->br_blockcount = flen;
		*shared = true;
		return 0;
	}
	/* unshared at the start: trim before the shared part */
	irec->br_blockcount = fbno - agbno;
	return 0;
}

/* models xfs_bmap_trim_cow, fs/xfs/xfs_reflink.c @ v5.10 */
int xfs_bmap_trim_cow(struct xfs_inode *ip, struct xfs_bmbt_irec *imap, bool *shared)
{
	/* always_cow: every real extent is rewritten out of place */
	if (xfs_is_always_cow_inode(ip) && !isnullstartblock(imap->br_startblock)) {
		*shared = true;
		return 0;
	}
	return xfs_reflink_trim_around_shared(ip, imap, shared);
}

/* models xfs_find_trim_cow_extent, fs/xfs/xfs_reflink.c @ v5.10 */
static int xfs_find_trim_cow_extent(struct xfs_inode *ip, struct xfs_bmbt_irec *imap,
				    struct xfs_bmbt_irec *cmap, bool *shared, bool *found)
{
	xfs_fileoff_t offset_fsb = imap->br_startoff;
	xfs_filblks_t count_fsb = imap->br_blockcount;
	struct xfs_iext_cursor icur;

	*found = false;
	if (!xfs_iext_lookup_extent(ip, ip->i_cowfp, offset_fsb, &icur, cmap))
		cmap->br_startoff = offset_fsb + count_fsb;
	if (cmap->br_startoff > offset_fsb) {
		xfs_trim_extent(imap, imap->br_startoff,
				cmap->br_startoff - imap->br_startoff);
		return xfs_bmap_trim_cow(ip, imap, shared);
	}

	*shared = true;
	if (isnullstartblock(cmap->br_startblock)) {
		xfs_trim_extent(imap, cmap->br_startoff, cmap->br_blockcount);
		return 0;
	}
	/* a real CoW extent is there: nothing to allocate */
	xfs_trim_extent(cmap, offset_fsb, count_fsb);
	*found = true;
	return 0;
}

/* models xfs_reflink_convert_cow_locked, fs/xfs/xfs_reflink.c @ v5.10 */
int xfs_reflink_convert_cow_locked(struct xfs_inode *ip,
					  xfs_fileoff_t offset_fsb,
					  xfs_filblks_t count_fsb,
					  xfs_fsblock_t claim_blk)
{
	struct xfs_iext_cursor icur;
	struct xfs_bmbt_irec got;
	int error = 0, guard = 0;

	if (!ip->i_cowfp || !xfs_iext_lookup_extent(ip, ip->i_cowfp, offset_fsb, &icur, &got))
		return 0;
	do {
		if (got.br_startoff >= offset_fsb + count_fsb)
			break;
		if (got.br_state == XFS_EXT_NORM)
			continue;
		if (WARN_ON_ONCE(isnullstartblock(got.br_startblock)))
			return -EIO;
		xfs_trim_extent(&got, offset_fsb, count_fsb);
		if (!got.br_blockcount)
			continue;
		/* a claimed conversion leaves another I/O's blocks alone */
		if (!cf_cow_claim_holds(&got, offset_fsb, claim_blk))
			continue;
		got.br_state = XFS_EXT_NORM;
		error = xfs_bmap_add_extent_unwritten_real(ip, XFS_COW_FORK, &icur, &got);
		if (error)
			return error;
	} while (++guard < XFS_IEXT_MAX && xfs_iext_next_extent(ip->i_cowfp, &icur, &got));
	return error;
}

/* models xfs_reflink_convert_cow, fs/xfs/xfs_reflink.c @ v5.10 (v5.0 by profile); with a
 * claim (dio_end_cow_claimed, not the kernel's) only where the CoW fork
 * still maps to the blocks from blk, the ones the ioend was built for */
int xfs_reflink_convert_cow_claimed(struct xfs_inode *ip, xfs_off_t offset, xfs_off_t count,
				    xfs_fsblock_t blk)
{
	struct xfs_mount *mp = ip->i_mount;
	xfs_fileoff_t offset_fsb = XFS_B_TO_FSBT(mp, offset);
	xfs_fileoff_t end_fsb = XFS_B_TO_FSB(mp, offset + count);
	xfs_filblks_t count_fsb = end_fsb - offset_fsb;
	struct xfs_bmbt_irec imap;
	int nimaps = 1;
	int error;

	ASSERT(count != 0);
	xfs_ilock(ip, XFS_ILOCK_EXCL);
	/* before 26b91c728b2d (v5.0 form): one xfs_bmapi_write over the range,
	 * which ASSERTs on a CoW fork hole a racing remap left */
	if (xfs_profile(mp)->bug_convert_cow_bmapi_write)
		error = xfs_bmapi_write(ip, offset_fsb, count_fsb,
					XFS_BMAPI_COWFORK | XFS_BMAPI_CONVERT, &imap, &nimaps);
	else
		error = xfs_reflink_convert_cow_locked(ip, offset_fsb, count_fsb, blk);
	xfs_iunlock(ip, XFS_ILOCK_EXCL);
	trace_xfs_reflink_convert_cow(ip, offset_fsb, count_fsb, error);
	return error;
}

/* models xfs_reflink_convert_cow, fs/xfs/xfs_reflink.c @ v5.10: the
 * claimed form with no claim */
int xfs_reflink_convert_cow(struct xfs_inode *ip, xfs_off_t offset, xfs_off_t count)
{
	return xfs_reflink_convert_cow_claimed(ip, offset, count, NULLFSBLOCK);
}

/* cowfuzz's own: is the CoW fork still delalloc at bno, with free space
 * left to convert it? */
static bool cf_cow_delalloc_at(struct xfs_inode *ip, xfs_fileoff_t bno)
{
	struct xfs_iext_cursor icur;
	struct xfs_bmbt_irec got;

	return xfs_iext_lookup_extent(ip, ip->i_cowfp, bno, &icur, &got) &&
	       got.br_startoff <= bno && isnullstartblock(got.br_startblock) &&
	       xfs_alloc_count_free(ip->i_mount) > 0;
}

/* models xfs_reflink_allocate_cow, fs/xfs/xfs_reflink.c @ v5.10 */
int xfs_reflink_allocate_cow(struct xfs_inode *ip, struct xfs_bmbt_irec *imap,
			     struct xfs_bmbt_irec *cmap, bool *shared,
			     unsigned int *lockmode, bool convert_now)
{
	xfs_fileoff_t offset_fsb = imap->br_startoff;
	xfs_filblks_t count_fsb = imap->br_blockcount;
	xfs_filblks_t resaligned;
	int nimaps, error = 0, loops = 0;
	bool found;

	ASSERT(xfs_isilocked(ip, XFS_ILOCK_EXCL));
	if (!ip->i_cowfp) {
		ASSERT(!xfs_is_reflink_inode(ip));
		xfs_ifork_init_cow(ip);
	}

	error = xfs_find_trim_cow_extent(ip, imap, cmap, shared, &found);
	if (error || !*shared)
		return error;
	if (found)
		goto convert;

	resaligned = xfs_aligned_fsb_count(imap->br_startoff, imap->br_blockcount,
					   xfs_get_cowextsz_hint(ip));
	(void)resaligned;
	xfs_iunlock(ip, *lockmode);
	error = xfs_trans_alloc(ip->i_mount);
	*lockmode = XFS_ILOCK_EXCL;
	xfs_ilock(ip, *lockmode);
	if (error)
		return error;

	/*
	 * The forks may have changed while the ILOCK was dropped.  The kernel
	 * re-checks only the CoW fork; a remap by a racing direct write's
	 * completion can also have changed the data-fork mapping in imap.
	 */
	if (xfs_profile(ip->i_mount)->dio_cow_refresh_imap) {
		int n = 1;

		error = xfs_bmapi_read(ip, offset_fsb, count_fsb, imap, &n, 0);
		if (error)
			return error;
	}
	error = xfs_find_trim_cow_extent(ip, imap, cmap, shared, &found);
	if (error || !*shared)
		return error;
	if (found)
		goto convert;

	/* allocate the whole reservation as unwritten blocks */
	nimaps = 1;
	error = xfs_bmapi_write(ip, imap->br_startoff, imap->br_blockcount,
				XFS_BMAPI_COWFORK | XFS_BMAPI_PREALLOC, cmap, &nimaps);
	/*
	 * Converting a delalloc extent starts at its start: on fragmented
	 * space one pass may stop short of offset_fsb (d62113303d69 keeps
	 * going, older kernels return -ENOSPC below).
	 */
	while ((error == -ENOSPC || (!error && nimaps == 0)) &&
	       xfs_profile(ip->i_mount)->dio_cow_convert_to_offset &&
	       cf_cow_delalloc_at(ip, offset_fsb) && ++loops < CF_MAX_FILE_BLOCKS) {
		nimaps = 1;
		error = xfs_bmapi_write(ip, imap->br_startoff, imap->br_blockcount,
					XFS_BMAPI_COWFORK | XFS_BMAPI_PREALLOC, cmap, &nimaps);
	}
	if (error)
		return error;
	ip->i_flags |= XFS_ICOWBLOCKS;
	if (nimaps == 0)
		return -ENOSPC;
convert:
	xfs_trim_extent(cmap, offset_fsb, count_fsb);
	/* CoW extents stay unwritten until the disk write starts; direct I/O
	 * writes right away, so it converts now */
	if (!convert_now || cmap->br_state == XFS_EXT_NORM)
		return 0;
	trace_xfs_reflink_convert_cow_dio(ip, offset_fsb, count_fsb);
	error = xfs_reflink_convert_cow_locked(ip, offset_fsb, count_fsb, NULLFSBLOCK);
	/* 1a39ae415c1b: the mapping handed back says what the fork now holds,
	 * so a direct write's completion does not convert the data fork too */
	if (!error && xfs_profile(ip->i_mount)->cow_dio_cmap_norm)
		cmap->br_state = XFS_EXT_NORM;
	return error;
}

/* models xfs_reflink_end_cow_extent, fs/xfs/xfs_reflink.c @ v5.10 (the
 * v5.19 - v6.6 untrimmed remap by profile) */
int xfs_reflink_end_cow_extent(struct xfs_inode *ip, xfs_fileoff_t offset_fsb,
			       xfs_fileoff_t *end_fsb, xfs_fsblock_t claim_blk,
			       uint32_t claim_seq)
{
	struct xfs_bmbt_irec got, del;
	struct xfs_iext_cursor icur;
	xfs_filblks_t rlen;
	int error;

	/* the racy unlocked check that 86de848403ab later removed */
	if (!ip->i_cowfp || ip->i_cowfp->if_bytes == 0) {
		*end_fsb = offset_fsb;
		return 0;
	}

	error = xfs_trans_alloc_rsvd(ip->i_mount);
	if (error)
		return error;
	xfs_ilock(ip, XFS_ILOCK_EXCL);

	/* a hole at end_fsb - 1: go to the extent before it */
	if (!xfs_iext_lookup_extent_before(ip, ip->i_cowfp, end_fsb, &icur, &got) ||
	    got.br_startoff + got.br_blockcount <= offset_fsb) {
		*end_fsb = offset_fsb;
		goto out_cancel;
	}

	del = got;
	/* df2fd88f8ac7 (v5.19) dropped this trim, 55f669f34184 (v6.7) put it
	 * back: untrimmed, a written extent is remapped whole, also blocks of
	 * another I/O still in flight */
	if (xfs_profile(ip->i_mount)->end_cow_trim_to_io)
		xfs_trim_extent(&del, offset_fsb, *end_fsb - offset_fsb);

	ASSERT(del.br_blockcount > 0);

	/* only written CoW extents hold data; preallocations are skipped */
	if (!xfs_bmap_is_written_extent(&got)) {
		*end_fsb = del.br_startoff;
		goto out_cancel;
	}

	/* a claimed remap (dio_end_cow_claimed) skips another I/O's blocks:
	 * claim_blk is the block the claim maps at offset_fsb */
	if (!cf_cow_claim_holds(&del, offset_fsb, claim_blk)) {
		*end_fsb = del.br_startoff;
		goto out_cancel;
	}
	/* ... and a block freed and allocated again since the claim (the same
	 * block at the same offset, now another I/O's): remap only the run of
	 * the claimant's blocks at the end of del, skip a reallocated one */
	if (claim_blk != NULLFSBLOCK && claim_seq != XFS_CLAIM_ANY_SEQ) {
		xfs_filblks_t keep = cf_cow_claim_run(ip->i_mount, &del, claim_seq, true);

		if (keep == 0) {
			trace_cf_reflink_end_cow_claim_realloc(ip, &del);
			*end_fsb = del.br_startoff + del.br_blockcount - 1;
			goto out_cancel;
		}
		xfs_trim_extent(&del, del.br_startoff + del.br_blockcount - keep, keep);
	}

	/* unmap the old blocks in the data fork, one extent */
	rlen = del.br_blockcount;
	error = __xfs_bunmapi(ip, del.br_startoff, &rlen, 0, 1);
	if (error)
		goto out_cancel;
	xfs_trim_extent(&del, del.br_startoff + rlen, del.br_blockcount - rlen);
	trace_xfs_reflink_cow_remap(ip, &del);

	/* map the new blocks into the data fork, drop them from the CoW fork */
	xfs_bmap_del_extent_cow(ip, &icur, &got, &del);
	error = xfs_bmapi_remap(ip, del.br_startoff, del.br_blockcount,
				del.br_startblock, XFS_EXT_NORM);
	xfs_iunlock(ip, XFS_ILOCK_EXCL);
	if (error)
		return error;
	*end_fsb = del.br_startoff;
	return 0;

out_cancel:
	xfs_iunlock(ip, XFS_ILOCK_EXCL);
	return error;
}

/* models xfs_reflink_end_cow, fs/xfs/xfs_reflink.c @ v5.10: backwards, one
 * piece per ILOCK cycle */
int xfs_reflink_end_cow(struct xfs_inode *ip, xfs_off_t offset, xfs_off_t count)
{
	struct xfs_mount *mp = ip->i_mount;
	xfs_fileoff_t offset_fsb = XFS_B_TO_FSBT(mp, offset);
	xfs_fileoff_t end_fsb = XFS_B_TO_FSB(mp, offset + count);
	int error = 0, guard = 0;

	trace_xfs_reflink_end_cow(ip, offset_fsb, end_fsb);
	while (end_fsb > offset_fsb && !error) {
		error = xfs_reflink_end_cow_extent(ip, offset_fsb, &end_fsb, NULLFSBLOCK,
						   XFS_CLAIM_ANY_SEQ);
		if (++guard > 2 * CF_MAX_FILE_BLOCKS) {
			cf_liveness("xfs_reflink_end_cow does not make progress");
			return -EIO;
		}
	}
	return error;
}

/*
 * models xfs_reflink_end_cow_extent_locked, fs/xfs/xfs_reflink.c @ v6.18:
 * the forward walk of 6.18 (5.10's end_cow goes backwards), with the
 * transaction and the ILOCK held by the caller.  The port has no
 * deferred intents: the unmap and the map happen here at once.
 */
static int xfs_reflink_end_cow_extent_locked(struct xfs_inode *ip,
					     xfs_fileoff_t *offset_fsb,
					     xfs_fileoff_t end_fsb, xfs_fileoff_t claim_off,
					     xfs_fsblock_t claim_blk, uint32_t claim_seq)
{
	struct xfs_iext_cursor icur;
	struct xfs_bmbt_irec got, del, data;
	xfs_filblks_t rlen;
	int nmaps, error;

	/* the loser of racing overlapping AIO writes finds nothing left */
	if (!ip->i_cowfp ||
	    !xfs_iext_lookup_extent(ip, ip->i_cowfp, *offset_fsb, &icur, &got) ||
	    got.br_startoff >= end_fsb) {
		*offset_fsb = end_fsb;
		return 0;
	}

	/* only written extents hold data; step over preallocations */
	while (!xfs_bmap_is_written_extent(&got)) {
		if (!xfs_iext_next_extent(ip->i_cowfp, &icur, &got) ||
		    got.br_startoff >= end_fsb) {
			*offset_fsb = end_fsb;
			return 0;
		}
	}
	del = got;
	xfs_trim_extent(&del, *offset_fsb, end_fsb - *offset_fsb);

	/* a claimed remap (dio_end_cow_claimed) skips another I/O's blocks
	 * (claim_blk is the block the claim maps at claim_off) and
	 * blocks allocated again since the claim: the claimant's leading run */
	if (claim_blk != NULLFSBLOCK) {
		xfs_filblks_t keep;

		if (!cf_cow_claim_holds(&del, claim_off, claim_blk)) {
			*offset_fsb = del.br_startoff + del.br_blockcount;
			return 0;
		}
		keep = cf_cow_claim_run(ip->i_mount, &del, claim_seq, false);
		if (keep == 0) {
			trace_cf_reflink_end_cow_claim_realloc(ip, &del);
			*offset_fsb = del.br_startoff + 1;
			return 0;
		}
		del.br_blockcount = keep;
	}

	/* the data fork mapping under it; remap the shorter of the two */
	nmaps = 1;
	error = xfs_bmapi_read(ip, del.br_startoff, del.br_blockcount, &data, &nmaps, 0);
	if (error)
		return error;
	data.br_blockcount = min_t(xfs_filblks_t, data.br_blockcount, del.br_blockcount);
	del.br_blockcount = data.br_blockcount;
	trace_xfs_reflink_cow_remap(ip, &del);

	/* a real or delalloc data extent goes first (bunmapi drops the
	 * refcount or the reservation) */
	if (xfs_bmap_is_real_extent(&data) || data.br_startblock == DELAYSTARTBLOCK) {
		rlen = data.br_blockcount;
		error = __xfs_bunmapi(ip, data.br_startoff, &rlen, 0, 1);
		if (error)
			return error;
		ASSERT(rlen == 0);
	}

	/* map the new blocks into the data fork, drop them from the CoW fork */
	xfs_bmap_del_extent_cow(ip, &icur, &got, &del);
	error = xfs_bmapi_remap(ip, del.br_startoff, del.br_blockcount,
				del.br_startblock, XFS_EXT_NORM);
	if (error)
		return error;
	*offset_fsb = del.br_startoff + del.br_blockcount;
	return 0;
}

/*
 * models xfs_reflink_end_atomic_cow, fs/xfs/xfs_reflink.c @ v6.18: the
 * whole range in one transaction under one ILOCK hold, so no reader or
 * writer can see part of an atomic write remapped.  With claims (the
 * proposed dio_end_cow_claimed, not the kernel's) it remaps, of each CoW
 * block run the write wrote, only what the CoW fork still maps to the
 * write's own blocks, not another I/O's.
 */
int xfs_reflink_end_atomic_cow(struct xfs_inode *ip, xfs_off_t offset, xfs_off_t count,
			       const struct cf_cow_claims *claims)
{
	struct xfs_mount *mp = ip->i_mount;
	xfs_fileoff_t offset_fsb = XFS_B_TO_FSBT(mp, offset);
	xfs_fileoff_t end_fsb = XFS_B_TO_FSB(mp, offset + count);
	int nruns = claims ? claims->n : 1;
	int error = 0, guard = 0;

	trace_xfs_reflink_end_cow(ip, offset_fsb, end_fsb);
	error = xfs_trans_alloc_rsvd(mp);
	if (error)
		return error;
	xfs_ilock(ip, XFS_ILOCK_EXCL);
	for (int i = 0; i < nruns && !error; i++) {
		xfs_fileoff_t start = claims ? claims->off[i] : offset_fsb;
		xfs_fileoff_t end = claims ? claims->off[i] + claims->len[i] : end_fsb;

		/* the oracle's canary: commit after the first block, as if
		 * each piece had its own transaction and the rest never came */
		if (cf_sabotaged(CF_SABOTAGE_ATOMIC_TEAR)) {
			if (i > 0)
				break;
			if (end > start + 1)
				end = start + 1;
		}
		while (end > start && !error) {
			error = xfs_reflink_end_cow_extent_locked(ip, &start, end,
					claims ? claims->off[i] : 0,
					claims ? claims->blk[i] : NULLFSBLOCK,
					claims ? claims->seq[i] : XFS_CLAIM_ANY_SEQ);
			if (++guard > 2 * CF_MAX_FILE_BLOCKS) {
				cf_liveness("xfs_reflink_end_atomic_cow does not make progress");
				error = -EIO;
			}
		}
	}
	/* a cancelled transaction would undo the pieces done so far; the
	 * port's edits are immediate, so an error here must not happen */
	if (error)
		cf_invariant("xfs_reflink_end_atomic_cow",
			     "a remap failed part way through the atomic transaction");
	xfs_iunlock(ip, XFS_ILOCK_EXCL);
	return error;
}

/* models xfs_reflink_cancel_cow_blocks, fs/xfs/xfs_reflink.c @ v5.10 */
int xfs_reflink_cancel_cow_blocks(struct xfs_inode *ip, xfs_fileoff_t offset_fsb,
				  xfs_fileoff_t end_fsb, bool cancel_real)
{
	struct xfs_ifork *ifp = ip->i_cowfp;
	struct xfs_bmbt_irec got, del;
	struct xfs_iext_cursor icur;
	int guard = 0;

	if (!xfs_inode_has_cow_data(ip))
		return 0;
	if (!xfs_iext_lookup_extent_before(ip, ifp, &end_fsb, &icur, &got))
		return 0;

	/* walk backwards until out of the range */
	while (got.br_startoff + got.br_blockcount > offset_fsb) {
		if (++guard > 4 * XFS_IEXT_MAX) {
			cf_liveness("xfs_reflink_cancel_cow_blocks does not make progress");
			break;
		}
		del = got;
		xfs_trim_extent(&del, offset_fsb, end_fsb - offset_fsb);
		/* an extent delete may have moved the cursor forward */
		if (!del.br_blockcount) {
			xfs_iext_prev(ifp, &icur);
			goto next_extent;
		}
		if (isnullstartblock(del.br_startblock)) {
			xfs_bmap_del_extent_delay(ip, XFS_COW_FORK, &icur, &got, &del);
		} else if (del.br_state == XFS_EXT_UNWRITTEN || cancel_real) {
			xfs_bmap_del_extent_cow(ip, &icur, &got, &del);
			xfs_bmap_add_free(ip->i_mount, del.br_startblock, del.br_blockcount);
		} else {
			/* written and in flight: leave it for end_cow */
			xfs_iext_prev(ifp, &icur);
		}
next_extent:
		if (!xfs_iext_get_extent(ifp, &icur, &got))
			break;
	}
	if (!ifp->if_bytes)
		ip->i_flags &= ~XFS_ICOWBLOCKS;
	return 0;
}

/* models xfs_reflink_cancel_cow_range, fs/xfs/xfs_reflink.c @ v5.10 */
int xfs_reflink_cancel_cow_range(struct xfs_inode *ip, xfs_off_t offset,
				 xfs_off_t count, bool cancel_real)
{
	struct xfs_mount *mp = ip->i_mount;
	xfs_fileoff_t offset_fsb = XFS_B_TO_FSBT(mp, offset);
	xfs_fileoff_t end_fsb;
	int error;

	ASSERT(ip->i_cowfp);
	if (count == (xfs_off_t)NULLFILEOFF)
		end_fsb = NULLFILEOFF;
	else
		end_fsb = XFS_B_TO_FSB(mp, offset + count);

	error = xfs_trans_alloc(mp);
	if (error)
		return error;
	xfs_ilock(ip, XFS_ILOCK_EXCL);
	error = xfs_reflink_cancel_cow_blocks(ip, offset_fsb, end_fsb, cancel_real);
	xfs_iunlock(ip, XFS_ILOCK_EXCL);
	trace_xfs_reflink_cancel_cow_range(ip, offset_fsb, end_fsb, cancel_real, error);
	return error;
}

/*
 * Clone (FICLONERANGE): both files are flushed and their I/O drained
 * before the destination's data fork is rewritten extent by extent.
 */

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
int xfs_reflink_remap_blocks(struct xfs_inode *src, xfs_fileoff_t srcoff,
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

/*
 * models xfs_reflink_remap_prep, fs/xfs/xfs_reflink.c @ v5.10, with the
 * checks, dio wait and flushes of generic_remap_file_range_prep: on success
 * both inodes stay locked (IOLOCK and MMAPLOCK) for xfs_file_remap_range,
 * and *len is the clone's length (0 asks for the source's EOF).
 */
int xfs_reflink_remap_prep(struct xfs_inode *src, xfs_off_t pos_in,
			   struct xfs_inode *dest, xfs_off_t pos_out, xfs_off_t *len)
{
	struct xfs_mount *mp = src->i_mount;
	bool did_zero;
	int error;

	/* IOLOCK then MMAPLOCK of both, in inode order */
	cf_lock_two(src, dest, XFS_IOLOCK_EXCL);
	cf_lock_two(src, dest, XFS_MMAPLOCK_EXCL);

	if (*len == 0)
		*len = src->i_size - pos_in;	/* to the source's EOF */
	error = -EINVAL;
	if (*len <= 0 || pos_in >= src->i_size || pos_in + *len > src->i_size ||
	    pos_out + *len > (xfs_off_t)CF_MAX_FILE_BLOCKS * mp->m_sb_blocksize)
		goto out_unlock;
	if (src == dest && pos_in < pos_out + *len && pos_out < pos_in + *len)
		goto out_unlock;

	inode_dio_wait(src);
	inode_dio_wait(dest);
	error = filemap_write_and_wait_range(src, pos_in, pos_in + *len - 1);
	if (!error)
		error = filemap_write_and_wait_range(dest, pos_out, pos_out + *len - 1);
	if (error)
		goto out_unlock;
	/* generic_remap_check_len: a clone ending at an unaligned source EOF
	 * may not land inside the destination (the bytes of that block past
	 * EOF would show), and FICLONERANGE cannot shorten it */
	error = -EINVAL;
	if ((*len & (mp->m_sb_blocksize - 1)) && pos_out + *len < dest->i_size)
		goto out_unlock;
	/* the zeroed EOF block goes to disk before the clone: the flush runs
	 * from XFS_ISIZE after the zeroing, which on 5.10 had moved it to the
	 * end of the EOF block, past the page holding the old EOF
	 * (iomap_zero_keeps_isize) */
	did_zero = false;
	error = xfs_reflink_zero_posteof(dest, pos_out, &did_zero);
	if (!error && did_zero)
		error = filemap_write_and_wait_range(dest, dest->i_size, pos_out + *len - 1);
	if (error)
		goto out_unlock;
	/* the source is locked, drained and flushed: the model copies its
	 * values now (a clone that fails above copies nothing).  The kernel
	 * traces this in xfs_file_remap_range, after the zap below; the port
	 * keeps the order its stored traces have. */
	trace_xfs_reflink_remap_range(src, pos_in, *len, dest, pos_out);
	/* zap the destination's page cache, whole pages (they are clean now) */
	truncate_pagecache_range(dest, rounddown(pos_out, CF_PAGE_SIZE),
				 roundup(pos_out + *len, CF_PAGE_SIZE) - 1);

	/* xfs_reflink_set_inode_flag */
	src->i_diflags2 |= XFS_DIFLAG2_REFLINK;
	dest->i_diflags2 |= XFS_DIFLAG2_REFLINK;
	if (!src->i_cowfp)
		xfs_ifork_init_cow(src);
	if (!dest->i_cowfp)
		xfs_ifork_init_cow(dest);
	return 0;

out_unlock:
	cf_unlock_two(src, dest, XFS_MMAPLOCK_EXCL);
	cf_unlock_two(src, dest, XFS_IOLOCK_EXCL);
	return error;
}

/* models xfs_reflink_update_dest, fs/xfs/xfs_reflink.c @ v5.10 */
void xfs_reflink_update_dest(struct xfs_inode *dest, xfs_off_t newlen)
{
	if (newlen > dest->i_size) {
		dest->i_size = newlen;
		dest->i_disk_size = dest->i_size;
	}
}

/* models xfs_reflink_inode_has_shared_extents, fs/xfs/xfs_reflink.c @ v5.10 */
static int xfs_reflink_inode_has_shared_extents(struct xfs_inode *ip, bool *has_shared)
{
	struct xfs_ifork *ifp = &ip->i_df;
	struct xfs_bmbt_irec got;
	struct xfs_iext_cursor icur;
	bool found;
	int error;

	*has_shared = false;
	found = xfs_iext_lookup_extent(ip, ifp, 0, &icur, &got);
	while (found) {
		xfs_fsblock_t rbno;
		xfs_extlen_t rlen;

		if (isnullstartblock(got.br_startblock) ||
		    got.br_state != XFS_EXT_NORM)
			goto next;
		error = xfs_refcount_find_shared(ip->i_mount, got.br_startblock,
						 got.br_blockcount, &rbno, &rlen, false);
		if (error)
			return error;
		/* is there a shared block here? */
		if (rbno != got.br_startblock + got.br_blockcount) {
			*has_shared = true;
			return 0;
		}
next:
		found = xfs_iext_next_extent(ifp, &icur, &got);
	}
	return 0;
}

/* models xfs_reflink_try_clear_inode_flag, fs/xfs/xfs_reflink.c @ v5.10
 * (with xfs_reflink_clear_inode_flag): no shared block left, so drop every
 * CoW extent, real ones included, and the reflink flag */
static int xfs_reflink_try_clear_inode_flag(struct xfs_inode *ip)
{
	bool needs_flag;
	int error;

	error = xfs_trans_alloc(ip->i_mount);
	if (error)
		return error;
	xfs_ilock(ip, XFS_ILOCK_EXCL);
	ASSERT(xfs_is_reflink_inode(ip));
	error = xfs_reflink_inode_has_shared_extents(ip, &needs_flag);
	if (error || needs_flag)
		goto out;
	error = xfs_reflink_cancel_cow_blocks(ip, 0, NULLFILEOFF, true);
	if (error)
		goto out;
	trace_xfs_reflink_unset_inode_flag(ip);
	ip->i_diflags2 &= ~XFS_DIFLAG2_REFLINK;
	ip->i_flags &= ~XFS_ICOWBLOCKS;	/* xfs_inode_clear_cowblocks_tag */
out:
	xfs_iunlock(ip, XFS_ILOCK_EXCL);
	return error;
}

/* models xfs_reflink_unshare, fs/xfs/xfs_reflink.c @ v5.10 (6.x forms by
 * profile): dirty the shared blocks of the range through the page cache so
 * that writeback copies them, flush, and drop the reflink flag if no block
 * is shared any more */
int xfs_reflink_unshare(struct xfs_inode *ip, xfs_off_t offset, xfs_off_t len)
{
	const struct cf_profile *prof = xfs_profile(ip->i_mount);
	int error;

	if (!xfs_is_reflink_inode(ip))
		return 0;
	trace_xfs_reflink_unshare(ip, offset, len);
	inode_dio_wait(ip);
	error = iomap_file_unshare(ip, offset, len, xfs_buffered_write_iomap_begin);
	if (error)
		goto out;
	/* v6.x flushes only the unshared range; v5.10 the whole file */
	if (prof->unshare_flush_range)
		error = filemap_write_and_wait_range(ip, offset, offset + len - 1);
	else
		error = filemap_write_and_wait_range(ip, 0,
				XFS_FSB_TO_B(ip->i_mount, CF_MAX_FILE_BLOCKS) - 1);
	if (error)
		goto out;
	/* 4390f019ad78 (v6.12): the flag stays; cowblocks reclaim, which
	 * checks for dirty pages, frees what the CoW fork still holds */
	if (prof->unshare_keep_reflink_flag)
		return 0;
	error = xfs_reflink_try_clear_inode_flag(ip);
	if (error)
		goto out;
	return 0;
out:
	trace_xfs_reflink_unshare_error(ip, error);
	return error;
}
