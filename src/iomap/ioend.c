// SPDX-License-Identifier: GPL-2.0
/*
 * The 6.17 ioend helpers (fs/iomap/ioend.c) a file system's
 * ->writeback_range and ->writeback_submit call: add a page's dirty range
 * to the current ioend, submitting that ioend at once when the range cannot
 * join it, and submit (or end with an error) the current ioend.  The v5.9
 * iomap_add_to_ioend stays in buffered-io.c, where it was before it moved
 * here.  The ioend pool, the merge check (iomap_can_add_to_ioend, the same
 * checks in both kernels as far as the port goes) and the bio submission
 * are buffered-io.c's (internal.h).
 */
#include "xfs_inode.h"
#include "iomap/iomap.h"
#include "iomap/internal.h"
#include "iomap/ioend.h"
#include <stdio.h>

/* cowfuzz's own: 6.17 keeps wb_ctx on an ioend whose submission from
 * iomap_add_to_ioend failed (its bio was ended with the error), and the
 * next range or the end of iomap_writepages submits that bio again: a use
 * after free in the kernel.  The port reports it instead. */
int cf_ioend_submitted_again(struct iomap_writepage_ctx *wpc)
{
	cf_invariant("iomap_add_to_ioend:ended_ioend_kept",
		     "an ioend whose submission failed stays the current ioend (wb_ctx) "
		     "and is used again: its bio was already ended");
	return -EIO;
}

/*
 * models iomap_ioend_writeback_submit, fs/iomap/ioend.c @ v6.17: the
 * submission tail is the v5.9 iomap_submit_ioend's (cf_ioend_submit_bio:
 * the submit_bio window, the injected EIO, the bio stand-in)
 */
int iomap_ioend_writeback_submit(struct iomap_writepage_ctx *wpc, int error)
{
	if (error)
		wpc->ioend_ended = true;	/* its bio is ended with the error */
	return cf_ioend_submit_bio(wpc->ioend, error);
}

/*
 * models iomap_add_to_ioend, fs/iomap/ioend.c @ v6.17: the ioend keeps
 * whole blocks (the port's bio writes and completes io_size / blocksize
 * blocks), so io_size is not clamped to end_pos; xfs_end_ioend's
 * i_disk_size update is bounded by i_size instead
 */
ssize_t iomap_add_to_ioend(struct iomap_writepage_ctx *wpc, struct xfs_inode *ip,
			   struct page *page, loff_t pos, loff_t end_pos,
			   unsigned int dirty_len)
{
	struct iomap_ioend *ioend = wpc->ioend;
	uint32_t bs = ip->i_mount->m_sb_blocksize;
	unsigned int map_len = min_t(uint64_t, dirty_len,
				     wpc->iomap.offset + wpc->iomap.length - pos);
	uint64_t bno;
	int error;

	trace_iomap_add_to_ioend(ip, pos, dirty_len, &wpc->iomap);

	if (wpc->iomap.type == IOMAP_HOLE) {
		/* the dirty data over a hole is not written */
		trace_iomap_add_to_ioend_hole(ip, page, pos, map_len);
		return map_len;
	}

	if (ioend && wpc->ioend_ended)
		return cf_ioend_submitted_again(wpc);
	bno = wpc->iomap.addr + (pos - wpc->iomap.offset) / bs;
	if (!ioend || !iomap_can_add_to_ioend(wpc, pos, bno)) {
		if (ioend) {
			error = wpc->ops->writeback_submit(wpc, 0);
			if (error)
				return error;
		}
		wpc->ioend = ioend = iomap_alloc_ioend(ip, wpc, pos, bno);
		if (!ioend)
			return -EIO;	/* the pool's liveness failure */
	}

	/* iomap_start_folio_write: wb_pending counts blocks */
	page->wb_pending += map_len / bs;
	ioend->io_size += map_len;
	return map_len;
}
