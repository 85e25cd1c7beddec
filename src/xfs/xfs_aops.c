// SPDX-License-Identifier: GPL-2.0
/*
 * Writeback mapping and completion (fs/xfs/xfs_aops.c).  xfs_map_blocks is
 * the function of commit c2f09217a430: its buggy forms are profile switches
 * (map_retry, map_reset_per_pass, map_fork_reset_on_data_path).
 */
#include "xfs_aops.h"
#include "libxfs/xfs_bmap.h"
#include "xfs_reflink.h"
#include "xfs_iomap.h"
#include "xfs_bmap_util.h"
#include "iomap/ioend.h"

/* models XFS_WPC, fs/xfs/xfs_aops.c @ v5.10 */
static inline struct xfs_writepage_ctx *XFS_WPC(struct iomap_writepage_ctx *ctx)
{
	return (struct xfs_writepage_ctx *)ctx;
}

/* models xfs_imap_valid, fs/xfs/xfs_aops.c @ v5.10 */
static bool xfs_imap_valid(struct iomap_writepage_ctx *wpc, struct xfs_inode *ip,
			   loff_t offset)
{
	if (offset < wpc->iomap.offset ||
	    offset >= wpc->iomap.offset + (loff_t)wpc->iomap.length)
		return false;
	/* 5.10 trusts a CoW mapping on the range alone (the page lock argument);
	 * imap_valid_cow_seq also checks the CoW fork's sequence number */
	if (wpc->iomap.flags & IOMAP_F_SHARED) {
		if (xfs_profile(ip->i_mount)->imap_valid_cow_seq && ip->i_cowfp &&
		    XFS_WPC(wpc)->cow_seq != READ_ONCE(ip->i_cowfp->if_seq))
			return false;
		return true;
	}
	/* d9252d526ba6: before it a data-fork change went unnoticed */
	if (!xfs_profile(ip->i_mount)->bug_imap_no_data_seq &&
	    XFS_WPC(wpc)->data_seq != READ_ONCE(ip->i_df.if_seq))
		return false;
	if (xfs_inode_has_cow_data(ip) &&
	    XFS_WPC(wpc)->cow_seq != READ_ONCE(ip->i_cowfp->if_seq))
		return false;
	return true;
}

/* Not a kernel function: before d9252d526ba6 xfs_map_blocks trimmed the
 * mapping it cached to EOF (xfs_trim_extent_eof, v5.0); this is that trim
 * on the iomap, in bytes. */
static void cf_trim_iomap_eof(struct iomap *iomap, struct xfs_inode *ip)
{
	loff_t eof = XFS_FSB_TO_B(ip->i_mount, XFS_B_TO_FSB(ip->i_mount, ip->i_size));

	if (iomap->offset >= eof)
		iomap->length = 0;
	else if (iomap->offset + (loff_t)iomap->length > eof)
		iomap->length = eof - iomap->offset;
}

/* models xfs_convert_blocks, fs/xfs/xfs_aops.c @ v5.10 */
static int xfs_convert_blocks(struct iomap_writepage_ctx *wpc, struct xfs_inode *ip,
			      int whichfork, loff_t offset)
{
	unsigned int *seq;
	int error, loops = 0;

	if (whichfork == XFS_COW_FORK)
		seq = &XFS_WPC(wpc)->cow_seq;
	else
		seq = &XFS_WPC(wpc)->data_seq;

	/* each call converts from the start of the delalloc extent and may
	 * come back short on a fragmented device: loop until offset is in */
	do {
		if (loops++)
			cf_window(YP_CONVERT_BLOCKS_W4);
		error = xfs_bmapi_convert_delalloc(ip, whichfork, offset,
						   &wpc->iomap, seq);
		if (error)
			return error;
		if (loops > CF_MAX_FILE_BLOCKS + 1) {
			cf_liveness("xfs_convert_blocks does not make progress");
			return -EIO;
		}
	} while (wpc->iomap.offset + (loff_t)wpc->iomap.length <= offset);

	return 0;
}

/* models xfs_map_blocks, fs/xfs/xfs_aops.c @ c2f09217a430 (7588cbeec6df forms by profile) */
static int xfs_map_blocks(struct iomap_writepage_ctx *wpc, struct xfs_inode *ip,
			  loff_t offset)
{
	struct xfs_mount *mp = ip->i_mount;
	const struct cf_profile *prof = xfs_profile(mp);
	ssize_t count = mp->m_sb_blocksize;
	xfs_fileoff_t offset_fsb = XFS_B_TO_FSBT(mp, offset);
	xfs_fileoff_t end_fsb = XFS_B_TO_FSB(mp, offset + count);
	xfs_fileoff_t cow_fsb = NULLFILEOFF;
	int whichfork = XFS_DATA_FORK;
	struct xfs_bmbt_irec imap, cmap = { .br_startblock = HOLESTARTBLOCK };
	struct xfs_iext_cursor icur, cicur;
	xfs_fileoff_t next_cow = NULLFILEOFF;
	int retries = 0;
	int error = 0;

	if (XFS_FORCED_SHUTDOWN(mp))
		return -EIO;

	XFS_ERRORTAG_DELAY(mp, XFS_ERRTAG_WB_DELAY_MS);

	if (xfs_imap_valid(wpc, ip, offset)) {
		trace_xfs_wb_iomap_valid(wpc, ip, offset, false);
		return 0;
	}
	trace_xfs_wb_iomap_invalid(wpc, ip, offset);	/* the ILOCK take is W1 */
retry:
	if (prof->map_reset_per_pass) {
		cow_fsb = NULLFILEOFF;
		whichfork = XFS_DATA_FORK;
	}
	xfs_ilock(ip, XFS_ILOCK_SHARED);
	if (xfs_inode_has_cow_data(ip) &&
	    xfs_iext_lookup_extent(ip, ip->i_cowfp, offset_fsb, &icur, &imap)) {
		cow_fsb = imap.br_startoff;
		trace_xfs_map_blocks_cow_found(ip, offset_fsb, &imap, retries);
	} else {
		trace_xfs_map_blocks_cow_none(ip, offset_fsb, cow_fsb, retries);
	}
	if (cow_fsb != NULLFILEOFF && cow_fsb <= offset_fsb) {
		cmap = imap;
		XFS_WPC(wpc)->cow_seq = READ_ONCE(ip->i_cowfp->if_seq);
		trace_xfs_map_blocks_cow_fork(ip, offset_fsb, cow_fsb, XFS_WPC(wpc)->cow_seq);
		xfs_iunlock(ip, XFS_ILOCK_SHARED);			/* W2 */
		whichfork = XFS_COW_FORK;
		goto allocate_blocks;
	}

	/* before 5c665e5b5af6: xfs_map_cow ran under its own ILOCK and
	 * xfs_map_blocks took it again for the data fork */
	if (prof->bug_map_cow_separate_ilock) {
		xfs_iunlock(ip, XFS_ILOCK_SHARED);
		cf_window_arm(YP_MAP_BLOCKS_W1);
		xfs_ilock(ip, XFS_ILOCK_SHARED);
	}

	/* the CoW lookup may have changed nothing: the cached map may do */
	if (xfs_imap_valid(wpc, ip, offset)) {
		trace_xfs_wb_iomap_valid(wpc, ip, offset, true);
		xfs_iunlock(ip, XFS_ILOCK_SHARED);
		return 0;
	}

	if (!xfs_iext_lookup_extent(ip, &ip->i_df, offset_fsb, &icur, &imap))
		imap.br_startoff = end_fsb;	/* nothing there: a hole past EOF */
	XFS_WPC(wpc)->data_seq = READ_ONCE(ip->i_df.if_seq);
	/* before 5c665e5b5af6: xfs_reflink_trim_irec_to_next_cow (v4.18) looks
	 * the CoW fork up again under this ILOCK for the next extent, for an
	 * overwrite (a written extent) only */
	if (prof->bug_map_cow_separate_ilock && imap.br_startoff <= offset_fsb &&
	    !isnullstartblock(imap.br_startblock) && imap.br_state == XFS_EXT_NORM &&
	    xfs_inode_has_cow_data(ip) &&
	    xfs_iext_lookup_extent(ip, ip->i_cowfp, offset_fsb, &cicur, &cmap) &&
	    (cmap.br_startoff >= offset_fsb || xfs_iext_next_extent(ip->i_cowfp, &cicur, &cmap)))
		next_cow = cmap.br_startoff;
	if (prof->map_fork_reset_on_data_path)
		whichfork = XFS_DATA_FORK;	/* 5.1-5.4: wpc->fork = XFS_DATA_FORK */
	trace_xfs_map_blocks_data(ip, offset_fsb, &imap, XFS_WPC(wpc)->data_seq, whichfork,
				  cow_fsb);
	xfs_iunlock(ip, XFS_ILOCK_SHARED);			/* W3 */

	/* a hole, or beyond the last extent: map a hole up to the next one */
	if (imap.br_startoff > offset_fsb) {
		imap.br_blockcount = imap.br_startoff - offset_fsb;
		imap.br_startoff = offset_fsb;
		imap.br_startblock = HOLESTARTBLOCK;
		imap.br_state = XFS_EXT_NORM;
	}

	/* before 5c665e5b5af6 the trim used the CoW fork as it is now; an
	 * extent that appeared at offset_fsb since xfs_map_cow looked left a
	 * zero-block mapping, which xfs_imap_valid refused: the block was
	 * skipped, as a hole is */
	if (next_cow != NULLFILEOFF &&
	    next_cow < imap.br_startoff + imap.br_blockcount) {
		imap.br_blockcount = next_cow - imap.br_startoff;
		if (!imap.br_blockcount) {
			imap.br_startblock = HOLESTARTBLOCK;
			xfs_bmbt_to_iomap(ip, &wpc->iomap, &imap, 0);
			trace_xfs_map_blocks_found(ip, offset, &imap);
			return 0;
		}
	}

	/* stop at the next CoW extent: later blocks may not look it up again */
	if (cow_fsb != NULLFILEOFF &&
	    cow_fsb < imap.br_startoff + imap.br_blockcount) {
		trace_xfs_map_blocks_trim_cow(ip, cow_fsb);
		imap.br_blockcount = cow_fsb - imap.br_startoff;
	}

	if (imap.br_startblock != HOLESTARTBLOCK &&
	    isnullstartblock(imap.br_startblock))
		goto allocate_blocks;

	xfs_bmbt_to_iomap(ip, &wpc->iomap, &imap, 0);
	if (prof->bug_imap_no_data_seq)
		cf_trim_iomap_eof(&wpc->iomap, ip);
	trace_xfs_map_blocks_found(ip, offset, &imap);
	return 0;

allocate_blocks:
	/* before d2b3964a0780 (v4.10 xfs_iomap_write_allocate): xfs_bmapi_write
	 * over the whole CoW delalloc extent found before the ILOCK cycle, with
	 * no XFS_BMAPI_DELALLOC: a hole a racing completion's remap left there
	 * is allocated through xfs_bmap_add_extent_hole_real, whose 4.10
	 * ASSERT(whichfork != XFS_COW_FORK) this stands for */
	if (prof->bug_cow_convert_allocates_hole && whichfork == XFS_COW_FORK &&
	    isnullstartblock(cmap.br_startblock)) {
		xfs_fileoff_t bno = cmap.br_startoff;
		bool hole = false;

		xfs_ilock(ip, XFS_ILOCK_EXCL);
		while (bno < cmap.br_startoff + cmap.br_blockcount && !hole) {
			if (!xfs_iext_lookup_extent(ip, ip->i_cowfp, bno, &icur, &imap) ||
			    imap.br_startoff > bno)
				hole = true;
			else
				bno = imap.br_startoff + imap.br_blockcount;
		}
		xfs_iunlock(ip, XFS_ILOCK_EXCL);
		if (hole)
			ASSERT(whichfork != XFS_COW_FORK);
	}
	trace_xfs_map_blocks_convert(ip, whichfork, offset_fsb, cow_fsb);
	if (prof->convert_delalloc_loop)	/* 2e08371a83f1: the loop moved */
		error = xfs_bmapi_convert_delalloc(ip, whichfork, offset, &wpc->iomap,
				whichfork == XFS_COW_FORK ? &XFS_WPC(wpc)->cow_seq :
				&XFS_WPC(wpc)->data_seq);
	else
		error = xfs_convert_blocks(wpc, ip, whichfork, offset);
	if (error) {
		trace_xfs_map_blocks_convert_error(ip, whichfork, offset_fsb, error, retries);
		/* the CoW extent may have moved to the data fork: look again once */
		if (prof->map_retry && error == -EAGAIN &&
		    whichfork == XFS_COW_FORK && !retries++)
			goto retry;
		if (prof->map_retry)
			ASSERT(error != -EAGAIN);
		return error;
	}

	/* conversion may have merged past the next CoW extent: trim again */
	if (whichfork != XFS_COW_FORK && cow_fsb != NULLFILEOFF) {
		loff_t cow_offset = XFS_FSB_TO_B(mp, cow_fsb);

		if (cow_offset < wpc->iomap.offset + (loff_t)wpc->iomap.length)
			wpc->iomap.length = cow_offset - wpc->iomap.offset;
	}

	ASSERT(wpc->iomap.offset <= offset);
	ASSERT(wpc->iomap.offset + (loff_t)wpc->iomap.length > offset);
	if (prof->bug_imap_no_data_seq)
		cf_trim_iomap_eof(&wpc->iomap, ip);
	trace_xfs_map_blocks_alloc(ip, offset, whichfork, &wpc->iomap);
	return 0;
}

/* models xfs_prepare_ioend, fs/xfs/xfs_aops.c @ v5.10 */
static int xfs_prepare_ioend(struct iomap_ioend *ioend, int status)
{
	struct xfs_inode *ip = ioend->io_inode;

	/* CoW blocks go unwritten -> written before the data is on disk */
	if (!status && (ioend->io_flags & IOMAP_F_SHARED)) {
		cf_window(YP_PREPARE_IOEND_CONVERT);
		status = xfs_reflink_convert_cow_claimed(ip, ioend->io_offset, ioend->io_size,
				xfs_profile(ip->i_mount)->dio_end_cow_claimed ?
				ioend->io_bno : NULLFSBLOCK);
	}
	return status;
}

/* models xfs_discard_page, fs/xfs/xfs_aops.c @ v5.10 (v5.9 by profile) */
static void xfs_discard_page(struct page *page, struct xfs_inode *ip, loff_t fileoff)
{
	struct xfs_mount *mp = ip->i_mount;
	unsigned int pageoff = fileoff % CF_PAGE_SIZE;
	xfs_fileoff_t start_fsb = XFS_B_TO_FSBT(mp, fileoff);
	int error;

	if (XFS_FORCED_SHUTDOWN(mp))
		goto out_invalidate;

	trace_xfs_discard_page(ip, page, fileoff);
	error = xfs_bmap_punch_delalloc_range(ip, start_fsb,
			(CF_PAGE_SIZE - pageoff) / mp->m_sb_blocksize);
	if (error && !XFS_FORCED_SHUTDOWN(mp))
		mp->m_shutdown = true;
out_invalidate:
	iomap_invalidatepage(ip, page, pageoff, CF_PAGE_SIZE - pageoff);
}

/* models xfs_discard_folio, fs/xfs/xfs_aops.c @ v6.18: punch the data
 * fork's delalloc from pos to the end of the folio; the folio stays
 * uptodate and is not invalidated (the port's punch takes blocks, not bytes) */
static void xfs_discard_folio(struct page *page, struct xfs_inode *ip, loff_t pos)
{
	struct xfs_mount *mp = ip->i_mount;
	loff_t next_pos = folio_pos(ip, page) + folio_size(page);	/* folio_next_pos */

	if (XFS_FORCED_SHUTDOWN(mp))
		return;

	trace_xfs_discard_page(ip, page, pos);	/* the kernel's xfs_alert */
	(void)xfs_bmap_punch_delalloc_range(ip, XFS_B_TO_FSBT(mp, pos),
			XFS_B_TO_FSB(mp, next_pos) - XFS_B_TO_FSBT(mp, pos));
}

/* models xfs_writeback_range, fs/xfs/xfs_aops.c @ v6.17: the port's
 * xfs_map_blocks has no len argument and maps from offset on (a hole past
 * the last extent is one block long), so iomap_writeback_range may call
 * again for the rest of the range */
static ssize_t xfs_writeback_range(struct iomap_writepage_ctx *wpc, struct xfs_inode *ip,
				   struct page *page, loff_t offset, unsigned int len,
				   loff_t end_pos)
{
	ssize_t ret;

	ret = xfs_map_blocks(wpc, ip, offset);
	if (!ret)
		ret = iomap_add_to_ioend(wpc, ip, page, offset, end_pos, len);
	if (ret < 0)
		xfs_discard_folio(page, ip, offset);
	return ret;
}

/* models xfs_writeback_submit, fs/xfs/xfs_aops.c @ v6.17: the CoW
 * conversion of xfs_prepare_ioend, now run from iomap_add_to_ioend while
 * the next page is locked and under writeback (and at the end of
 * iomap_writepages); the port has one completion path, so the choice of
 * xfs_end_bio (xfs_ioend_needs_wq_completion) has nothing to pick */
static int xfs_writeback_submit(struct iomap_writepage_ctx *wpc, int error)
{
	return iomap_ioend_writeback_submit(wpc, xfs_prepare_ioend(wpc->ioend, error));
}

/* 6.17 has only the last two; the profile picks the loop that calls them */
static const struct iomap_writeback_ops xfs_writeback_ops = {
	.map_blocks		= xfs_map_blocks,
	.prepare_ioend		= xfs_prepare_ioend,
	.discard_page		= xfs_discard_page,
	.writeback_range	= xfs_writeback_range,
	.writeback_submit	= xfs_writeback_submit,
};

/* models xfs_vm_writepages, fs/xfs/xfs_aops.c @ v5.10 */
int xfs_vm_writepages(struct xfs_inode *ip, struct writeback_control *wbc)
{
	struct xfs_writepage_ctx wpc;

	memset(&wpc, 0, sizeof(wpc));
	wpc.ctx.iomap.length = 0;
	ip->i_flags &= ~XFS_ITRUNCATED;
	return iomap_writepages(ip, wbc, &wpc.ctx, &xfs_writeback_ops);
}

/* models xfs_end_ioend, fs/xfs/xfs_aops.c @ v5.10 */
static void xfs_end_ioend(struct iomap_ioend *ioend)
{
	struct xfs_inode *ip = ioend->io_inode;
	const struct cf_profile *prof = xfs_profile(ip->i_mount);
	xfs_off_t offset = ioend->io_offset;
	size_t size = ioend->io_size;
	int error;

	error = ioend->io_status;
	if (XFS_FORCED_SHUTDOWN(ip->i_mount))
		error = -EIO;
	if (error) {
		/* cow_error_keep_staging: keep the blocks, unwritten, for a page
		 * redirtied through them while the I/O was in flight */
		if ((ioend->io_flags & IOMAP_F_SHARED) && prof->cow_error_keep_staging)
			cf_reflink_unconvert_cow(ip, offset, size,
						  prof->dio_end_cow_claimed ?
						  ioend->io_bno : NULLFSBLOCK);
		else if (ioend->io_flags & IOMAP_F_SHARED)
			xfs_reflink_cancel_cow_range(ip, offset, size, true);
		/* 5ca5916b6bc9: data fork delalloc under the failed CoW range
		 * would stay behind clean pages forever */
		if ((ioend->io_flags & IOMAP_F_SHARED) && prof->end_ioend_punch_data_on_cow_error)
			xfs_bmap_punch_delalloc_range(ip, XFS_B_TO_FSBT(ip->i_mount, offset),
						      XFS_B_TO_FSB(ip->i_mount, size));
		goto done;
	}
	if (ioend->io_flags & IOMAP_F_SHARED)
		error = prof->dio_end_cow_claimed ?
			/* only the blocks this ioend wrote (dio_end_cow_claimed) */
			cf_reflink_end_cow_claimed(ip, XFS_B_TO_FSBT(ip->i_mount, offset),
						    XFS_B_TO_FSB(ip->i_mount, size), ioend->io_bno,
						    XFS_CLAIM_ANY_SEQ) :
			xfs_reflink_end_cow(ip, offset, size);
	else if (ioend->io_type == IOMAP_UNWRITTEN)
		error = xfs_iomap_write_unwritten(ip, offset, size, false);
	if (!error && offset + (xfs_off_t)size > ip->i_disk_size)
		ip->i_disk_size = min(offset + (xfs_off_t)size, ip->i_size);
done:
	trace_xfs_end_ioend(ip, offset, size, ioend->io_flags, error);
	iomap_finish_ioends(ioend, error);
}

/* cowfuzz's own: take the inode's queued ioends, oldest first, sorted by
 * offset (xfs_end_io's list_replace_init and iomap_sort_ioends). */
static int cf_take_ioends(struct xfs_inode *ip, int *list, int max)
{
	struct iomap_ioend *ioends = ip->i_mount->m_ioends;
	int n = 0;

	for (int i = ip->i_ioend_head; i >= 0 && n < max; i = ioends[i].next)
		list[n++] = i;
	ip->i_ioend_head = -1;
	/* iomap_sort_ioends: insertion sort by offset (n is small) */
	for (int i = 1; i < n; i++) {
		int v = list[i], j = i - 1;

		while (j >= 0 && ioends[list[j]].io_offset > ioends[v].io_offset) {
			list[j + 1] = list[j];
			j--;
		}
		list[j + 1] = v;
	}
	return n;
}

/* models xfs_end_io, fs/xfs/xfs_aops.c @ v5.10: merged ioends complete as
 * one range; each still finishes its own pages. */
void xfs_end_io(struct xfs_inode *ip)
{
	struct iomap_ioend *ioends = ip->i_mount->m_ioends;
	int list[IOMAP_MAX_IOENDS];
	int n = cf_take_ioends(ip, list, IOMAP_MAX_IOENDS);

	for (int i = 0; i < n; ) {
		struct iomap_ioend merged = ioends[list[i]];
		int j = i + 1;

		while (j < n && iomap_ioend_can_merge(&merged, &ioends[list[j]])) {
			merged.io_size += ioends[list[j]].io_size;
			j++;
		}
		if (i)
			cf_window(YP_END_IO_NEXT_IOEND);
		xfs_end_ioend(&merged);
		for (int k = i; k < j; k++)
			iomap_ioend_free(&ioends[list[k]]);
		i = j;
	}
}

