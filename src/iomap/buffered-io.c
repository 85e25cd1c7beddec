// SPDX-License-Identifier: GPL-2.0
/*
 * The iomap buffered writeback subset (fs/iomap/buffered-io.c, v5.9/v5.10
 * shape): write_cache_pages over the dirty pages, one ->map_blocks call per
 * uptodate block, ioends built from contiguous blocks, the error path that
 * discards a page, and ioend completion.  The 6.17 loop over a page's
 * dirty ranges (->writeback_range, ->writeback_submit) is the
 * writeback_range profile switch; its ioend helpers are in ioend.c.
 */
#include "xfs_inode.h"
#include "iomap/iomap.h"
#include "iomap/internal.h"
#include "cf_content.h"
#include <stdio.h>

/* cowfuzz's own: the block size */
static uint32_t blksz(struct xfs_inode *ip)
{
	return ip->i_mount->m_sb_blocksize;
}

static struct iomap_ioend *iomap_ioend_try_alloc(struct xfs_inode *ip,
		struct iomap_writepage_ctx *wpc, loff_t offset, uint64_t bno);

/* cowfuzz's own: an ioend goes back to the mount's pool (the kernel's
 * bio_put); a waiter for one is woken */
void iomap_ioend_free(struct iomap_ioend *ioend)
{
	struct xfs_mount *mp = ioend->io_inode->i_mount;

	memset(ioend, 0, sizeof(*ioend));
	wake_up_all(mp->m_ioend_wq);
}

/* models iomap_alloc_ioend, fs/iomap/buffered-io.c @ v5.9 */
struct iomap_ioend *iomap_alloc_ioend(struct xfs_inode *ip,
		struct iomap_writepage_ctx *wpc, loff_t offset, uint64_t bno)
{
	/* the bioset mempool: wait for a completion to give one back */
	for (int tries = 0; tries < 64; tries++) {
		struct iomap_ioend *ioend = iomap_ioend_try_alloc(ip, wpc, offset, bno);

		if (ioend)
			return ioend;
		sleep_on(ip->i_mount->m_ioend_wq);
	}
	cf_liveness("out of ioends (too many I/Os in flight)");
	return NULL;
}

/* cowfuzz's own: a free ioend of the mount's pool, set up for this I/O,
 * or NULL (the kernel's bio_alloc_bioset from the mempool) */
static struct iomap_ioend *iomap_ioend_try_alloc(struct xfs_inode *ip,
		struct iomap_writepage_ctx *wpc, loff_t offset, uint64_t bno)
{
	for (int i = 0; i < IOMAP_MAX_IOENDS; i++) {
		struct iomap_ioend *ioend = &ip->i_mount->m_ioends[i];

		if (ioend->used)
			continue;
		memset(ioend, 0, sizeof(*ioend));
		ioend->used = true;
		ioend->next = -1;
		ioend->ino = (uint8_t)ip->i_ino;
		ioend->io_inode = ip;
		ioend->io_type = wpc->iomap.type;
		ioend->io_flags = wpc->iomap.flags;
		ioend->io_offset = offset;
		ioend->io_bno = bno;
		ioend->op = (int16_t)cf_current_op();
		return ioend;
	}
	return NULL;
}

/* models iomap_can_add_to_ioend, fs/iomap/buffered-io.c @ v5.9; 6.17's
 * (fs/iomap/ioend.c) makes the same checks, less the bio size,
 * IOMAP_IOEND_BOUNDARY and IOEND_BATCH_SIZE limits the port's small files
 * never reach, so ioend.c calls this one */
bool iomap_can_add_to_ioend(struct iomap_writepage_ctx *wpc, loff_t offset, uint64_t bno)
{
	struct iomap_ioend *ioend = wpc->ioend;
	uint32_t bs = blksz(ioend->io_inode);

	if ((wpc->iomap.flags & IOMAP_F_SHARED) != (ioend->io_flags & IOMAP_F_SHARED))
		return false;
	if ((wpc->iomap.type == IOMAP_UNWRITTEN) != (ioend->io_type == IOMAP_UNWRITTEN))
		return false;
	if (offset != ioend->io_offset + (loff_t)ioend->io_size)
		return false;
	if (bno != ioend->io_bno + ioend->io_size / bs)
		return false;
	return true;
}

/* models iomap_add_to_ioend, fs/iomap/buffered-io.c @ v5.9 */
static void iomap_add_to_ioend(struct xfs_inode *ip, loff_t offset, struct page *page,
			       struct iomap_writepage_ctx *wpc,
			       struct iomap_ioend **submit_list, int *nsubmit)
{
	uint32_t bs = blksz(ip);
	uint64_t bno = wpc->iomap.addr + (offset - wpc->iomap.offset) / bs;

	if (!wpc->ioend || !iomap_can_add_to_ioend(wpc, offset, bno)) {
		if (wpc->ioend)
			submit_list[(*nsubmit)++] = wpc->ioend;
		wpc->ioend = iomap_alloc_ioend(ip, wpc, offset, bno);
		if (!wpc->ioend)
			return;
	}
	wpc->ioend->io_size += bs;
	page->blk_dirty &= ~(1u << ((offset % CF_PAGE_SIZE) / bs));
}

/* cowfuzz's own: the bio reaches the disk, the blocks take the page's
 * current data (the block layer and the device). */
static void iomap_bio_write(struct iomap_ioend *ioend)
{
	struct xfs_inode *ip = ioend->io_inode;
	struct xfs_mount *mp = ip->i_mount;
	uint32_t bs = blksz(ip);

	for (uint64_t i = 0; i < ioend->io_size / bs; i++) {
		loff_t off = ioend->io_offset + (loff_t)(i * bs);
		struct page *page = &ip->i_mapping.pages[off / CF_PAGE_SIZE];
		uint64_t bno = ioend->io_bno + i;

		ASSERT(bno < mp->m_sb_dblocks);
		/* an overwrite in place of a shared written block must not
		 * change it (5.10 rewrites clean uptodate blocks of a dirty page
		 * as they are; an unwritten sharer still reads zeroes) */
		if (!(ioend->io_flags & IOMAP_F_SHARED) && ioend->io_type != IOMAP_UNWRITTEN &&
		    bno < mp->m_sb_dblocks &&
		    mp->m_blk_owners[bno] >= 2 &&
		    mp->m_disk[bno] != page->tag[(off % CF_PAGE_SIZE) / bs]) {
			char why[160];

			snprintf(why, sizeof(why), "writeback of ino %u offset %lld overwrites block "
				 "%llu in place, shared by %u data forks: the clone partner is corrupted",
				 ioend->ino, (long long)off, (unsigned long long)bno,
				 mp->m_blk_owners[bno]);
			cf_invariant("iomap_bio_write:shared_overwrite", why);
			return;
		}
		if (cf_sabotaged(CF_SABOTAGE_BIO_DROP))
			continue;
		if (cf_sabotaged(CF_SABOTAGE_BIO_SWAP))	/* pages 2k and 2k+1 swap */
			page = &ip->i_mapping.pages[(off / CF_PAGE_SIZE) ^ 1];
		if (bno < mp->m_sb_dblocks)
			mp->m_disk[bno] = cf_sabotaged(CF_SABOTAGE_BIO_FOREIGN) ? 0xbeef :
					  page->tag[(off % CF_PAGE_SIZE) / bs];
	}
}

/* cowfuzz's own: queue a finished bio's ioend for the completion worker
 * (what xfs_end_bio does with i_ioend_list). */
static void iomap_queue_completion(struct iomap_ioend *ioend)
{
	struct xfs_inode *ip = ioend->io_inode;
	int idx = (int)(ioend - ip->i_mount->m_ioends);
	int16_t *link = &ip->i_ioend_head;

	while (*link >= 0)
		link = &ip->i_mount->m_ioends[*link].next;
	*link = idx;
	ioend->next = -1;
	ioend->queued = true;
}

/* cowfuzz's own: the tail of an ioend's submission in both kernels: its
 * bio goes out (submit_bio), or is ended with the error without I/O */
int cf_ioend_submit_bio(struct iomap_ioend *ioend, int error)
{
	if (error) {
		ioend->io_status = error;
		iomap_queue_completion(ioend);
		return error;
	}
	cf_window(YP_SUBMIT_BIO);
	if (cf_should_fail(CF_FAULT_EIO)) {
		ioend->io_status = -EIO;
	} else {
		iomap_bio_write(ioend);
	}
	trace_submit_bio(ioend);
	iomap_queue_completion(ioend);
	return 0;
}

/* models iomap_submit_ioend, fs/iomap/buffered-io.c @ v5.9 */
static int iomap_submit_ioend(struct iomap_writepage_ctx *wpc,
			      struct iomap_ioend *ioend, int error)
{
	if (wpc->ops->prepare_ioend)
		error = wpc->ops->prepare_ioend(ioend, error);
	return cf_ioend_submit_bio(ioend, error);
}

/* models iomap_finish_ioend, fs/iomap/buffered-io.c @ v5.9 */
static void iomap_finish_ioend(struct iomap_ioend *ioend, int error)
{
	struct xfs_inode *ip = ioend->io_inode;
	uint32_t bs = blksz(ip);

	for (uint64_t i = 0; i < ioend->io_size / bs; i++) {
		loff_t off = ioend->io_offset + (loff_t)(i * bs);
		/* v6.18: the folio's (iomap_finish_folio_write) */
		struct page *page = page_folio(&ip->i_mapping.pages[off / CF_PAGE_SIZE]);

		ASSERT(page->writeback && page->wb_pending > 0);
		if (error) {
			page->error = true;
			mapping_set_error(ip, -EIO);
		}
		if (page->wb_pending && --page->wb_pending == 0 && page->writeback)
			end_page_writeback(ip, page);
	}
}

/* models iomap_finish_ioends, fs/iomap/buffered-io.c @ v5.9: xfs_end_io
 * hands over the merged ioends as one range, so there is no list to walk */
void iomap_finish_ioends(struct iomap_ioend *ioend, int error)
{
	iomap_finish_ioend(ioend, error);
}

/* models iomap_ioend_can_merge, fs/iomap/buffered-io.c @ v5.9 */
bool iomap_ioend_can_merge(struct iomap_ioend *ioend, struct iomap_ioend *next)
{
	if (!!ioend->io_status != !!next->io_status)
		return false;
	if ((ioend->io_flags & IOMAP_F_SHARED) ^ (next->io_flags & IOMAP_F_SHARED))
		return false;
	if ((ioend->io_type == IOMAP_UNWRITTEN) ^ (next->io_type == IOMAP_UNWRITTEN))
		return false;
	/* later kernels do not merge physically discontiguous ioends; a
	 * claimed end_cow (dio_end_cow_claimed) needs one block run */
	if (xfs_profile(ioend->io_inode->i_mount)->dio_end_cow_claimed &&
	    ioend->io_bno + ioend->io_size / ioend->io_inode->i_mount->m_sb_blocksize !=
	    next->io_bno)
		return false;
	return ioend->io_offset + (loff_t)ioend->io_size == next->io_offset;
}

/*
 * models iomap_writepage_map, fs/iomap/buffered-io.c @ v5.9 (and the
 * 763e4cdc0f6d / 50e7d6c7a521 error path of v5.10 and the per-block dirty
 * state of 4ce02c679722 by profile)
 */
static int iomap_writepage_map(struct iomap_writepage_ctx *wpc,
			       struct xfs_inode *ip, struct page *page,
			       loff_t end_offset)
{
	const struct cf_profile *prof = xfs_profile(ip->i_mount);
	struct iomap_ioend *submit_list[CF_MAX_BLOCKS_PER_PAGE + 1];
	int nsubmit = 0, error = 0, count = 0;
	uint32_t bs = blksz(ip);
	unsigned int nblocks = CF_PAGE_SIZE / bs;
	loff_t file_offset = page_offset(ip, page);

	/* the iomap_page's write_count (an iop exists for nblocks > 1) */
	WARN_ON_ONCE(nblocks > 1 && page->wb_pending != 0);

	for (unsigned int i = 0; i < nblocks && file_offset < end_offset;
	     i++, file_offset += bs) {
		if (!(page->blk_uptodate & (1u << i)))
			continue;
		/* 4ce02c679722 (v6.6): only the dirty blocks of the page */
		if (prof->writeback_dirty_blocks && !(page->blk_dirty & (1u << i)))
			continue;
		error = wpc->ops->map_blocks(wpc, ip, file_offset);
		if (error)
			break;
		if (wpc->iomap.type == IOMAP_HOLE) {
			trace_iomap_writepage_map_hole(ip, page, i, file_offset);
			continue;
		}
		iomap_add_to_ioend(ip, file_offset, page, wpc, submit_list, &nsubmit);
		page->wb_pending++;
		count++;
	}

	WARN_ON_ONCE(!wpc->ioend && nsubmit);
	WARN_ON_ONCE(!lockdep_is_held_type(&page->lock, true));	/* !PageLocked */
	WARN_ON_ONCE(page->writeback);
	WARN_ON_ONCE(page->dirty);

	/* 4ce02c679722: every dirty bit of the page goes with this pass, also
	 * those of blocks past EOF or after a mapping error */
	if (prof->writeback_dirty_blocks)
		page->blk_dirty = 0;

	if (error) {
		cf_write_tossed(ip, file_offset, error, "iomap_writepage_map:map_blocks");
		if (prof->discard_from_offset) {
			if (wpc->ops->discard_page)
				wpc->ops->discard_page(page, ip, file_offset);
		} else if (!count && wpc->ops->discard_page) {
			wpc->ops->discard_page(page, ip, page_offset(ip, page));
		}
		if (!count) {
			page->uptodate = false;
			page->blk_uptodate = 0;
			unlock_page(page);
			goto done;
		}
	}

	set_page_writeback(page);
	unlock_page(page);
	for (int i = 0; i < nsubmit; i++) {
		int error2 = iomap_submit_ioend(wpc, submit_list[i], error);

		if (error2 && !error)
			error = error2;
	}
	if (!count)
		end_page_writeback(ip, page);
done:
	mapping_set_error(ip, error);
	return error;
}

/* cowfuzz's own: is block blk of the folio dirty (ifs_block_is_dirty;
 * the port keeps the folio's bits page by page) */
static bool ifs_block_is_dirty(struct xfs_inode *ip, struct page *folio, unsigned int blk)
{
	unsigned int bpp = CF_PAGE_SIZE / blksz(ip);

	return folio[blk / bpp].blk_dirty & (1u << (blk % bpp));
}

/* models iomap_clear_range_dirty, fs/iomap/buffered-io.c @ v6.18, for
 * the whole folio */
static void iomap_clear_range_dirty(struct page *folio)
{
	for (unsigned long i = 0; i < folio_nr_pages(folio); i++)
		folio[i].blk_dirty = 0;
}

/* models iomap_find_dirty_range, fs/iomap/buffered-io.c @ v6.17 (with
 * ifs_find_dirty_range: a folio of more than one block has per-block state) */
static unsigned int iomap_find_dirty_range(struct xfs_inode *ip, struct page *folio,
					   loff_t *range_start, loff_t range_end)
{
	uint32_t bs = blksz(ip);
	unsigned int nblocks = folio_size(folio) / bs;	/* i_blocks_per_folio */
	unsigned int start_blk, end_blk, nblks = 1;

	if (*range_start >= range_end)
		return 0;
	if (nblocks == 1)
		return range_end - *range_start;

	start_blk = (*range_start % folio_size(folio)) / bs;
	end_blk = (range_end % folio_size(folio)) / bs;
	if (!end_blk)
		end_blk = nblocks;	/* min_not_zero */
	while (!ifs_block_is_dirty(ip, folio, start_blk))
		if (++start_blk == end_blk)
			return 0;
	while (start_blk + nblks < end_blk) {
		if (!ifs_block_is_dirty(ip, folio, start_blk + nblks))
			break;
		nblks++;
	}
	*range_start = folio_pos(ip, folio) + (loff_t)start_blk * bs;
	return nblks * bs;
}

/* models iomap_writeback_range, fs/iomap/buffered-io.c @ v6.17 */
static int iomap_writeback_range(struct iomap_writepage_ctx *wpc, struct xfs_inode *ip,
				 struct page *page, loff_t pos, unsigned int rlen,
				 loff_t end_pos, size_t *bytes_submitted)
{
	do {
		ssize_t ret;

		ret = wpc->ops->writeback_range(wpc, ip, page, pos, rlen, end_pos);
		if (WARN_ON_ONCE(ret == 0 || ret > rlen))
			return -EIO;
		if (ret < 0)
			return ret;
		rlen -= ret;
		pos += ret;
		if (wpc->iomap.type != IOMAP_HOLE)
			*bytes_submitted += ret;
	} while (rlen);

	return 0;
}

/*
 * models iomap_writeback_folio, fs/iomap/buffered-io.c @ v6.17: the EOF
 * part (iomap_writeback_handle_eof) is iomap_do_writepage's, which hands
 * over end_pos.  PG_writeback is set before anything is mapped (6.8), and
 * the previous ioend is submitted from ->writeback_range while this page
 * is locked and under writeback.
 */
static int iomap_writeback_folio(struct iomap_writepage_ctx *wpc, struct xfs_inode *ip,
				 struct page *page, loff_t end_pos)
{
	uint32_t bs = blksz(ip);
	/* i_blocks_per_folio > 1: the folio has an iomap_folio_state */
	bool ifs = folio_size(page) / bs > 1;
	loff_t pos = folio_pos(ip, page);
	loff_t end_aligned = 0;
	size_t bytes_submitted = 0;
	int error = 0;
	unsigned int rlen;

	WARN_ON_ONCE(!lockdep_is_held_type(&page->lock, true));	/* !folio_test_locked */
	WARN_ON_ONCE(page->dirty);
	WARN_ON_ONCE(page->writeback);
	WARN_ON_ONCE(end_pos <= pos);

	if (ifs) {
		/* the bias on write_bytes_pending (wb_pending counts blocks):
		 * a completion cannot end writeback before the last range is
		 * in an ioend */
		WARN_ON_ONCE(page->wb_pending != 0);
		page->wb_pending++;
	}

	set_page_writeback(page);

	end_aligned = roundup(end_pos, bs);
	while ((rlen = iomap_find_dirty_range(ip, page, &pos, end_aligned))) {
		error = iomap_writeback_range(wpc, ip, page, pos, rlen, end_pos,
					      &bytes_submitted);
		if (error)
			break;
		pos += rlen;
	}

	/* iomap_clear_range_dirty over the whole folio: also the blocks past
	 * EOF and those after an error */
	iomap_clear_range_dirty(page);

	if (error)
		cf_write_tossed(ip, pos, error, "iomap_writeback_folio:writeback_range");

	if (ifs) {
		if (--page->wb_pending == 0)
			end_page_writeback(ip, page);
	} else {
		if (!bytes_submitted)
			end_page_writeback(ip, page);
	}
	mapping_set_error(ip, error);
	return error;
}

/* models iomap_do_writepage, fs/iomap/buffered-io.c @ v5.9 (6.17's
 * iomap_writeback_folio after the EOF part by profile; the EOF part of a
 * large folio as 6.18's iomap_writeback_handle_eof) */
static int iomap_do_writepage(struct iomap_writepage_ctx *wpc, struct xfs_inode *ip,
			      struct page *page, struct writeback_control *wbc)
{
	loff_t isize = ip->i_size;
	unsigned long end_index = isize / CF_PAGE_SIZE;
	unsigned long index = page_index(ip, page);
	loff_t end_offset = folio_pos(ip, page) + folio_size(page);

	if (end_offset > isize) {
		unsigned int offset_into_page = isize % CF_PAGE_SIZE;
		unsigned int poff = isize % folio_size(page);	/* offset_in_folio */

		if (index > end_index || (index == end_index && !poff)) {
			/* wholly past EOF: redirtied before d58562ca6c99, left
			 * clean (but uptodate) since */
			if (!xfs_profile(ip->i_mount)->writeback_skip_past_eof)
				set_page_dirty(page);
			folio_unlock(page);
			return 0;
		}
		end_offset = isize;
		/* zero_user_segment past EOF: only the EOF block's tail can be
		 * written (the blocks after it are not mapped) */
		if (isize % blksz(ip)) {
			struct page *eof_page = &ip->i_mapping.pages[end_index];
			unsigned int b = offset_into_page / blksz(ip);

			if (eof_page->blk_uptodate & (1u << b))
				eof_page->tag[b] = cf_content_overlay(eof_page->tag[b],
						isize % blksz(ip), blksz(ip), CF_TAG_ZERO,
						blksz(ip));
		}
	}
	if (xfs_profile(ip->i_mount)->writeback_range) {
		/* 6.17's iomap_writepages unlocks the page once it returns */
		int error = iomap_writeback_folio(wpc, ip, page, end_offset);

		folio_unlock(page);
		return error;
	}
	return iomap_writepage_map(wpc, ip, page, end_offset);
}

#define PAGEVEC_SIZE	15

/* cowfuzz's own stand-in for pagevec_lookup_range_tag (mm/swap.c): up to
 * PAGEVEC_SIZE folios holding a page from *index on that carry the tag,
 * each remembered by its head with its identity (page->gen); a folio that
 * starts before *index counts too, as in the kernel's xarray walk. */
static int pagevec_lookup_range_tag(struct xfs_inode *ip, unsigned long *index,
				    unsigned long end, bool towrite,
				    unsigned long *pv, uint32_t *pvgen)
{
	int n = 0;

	for (; *index <= end && n < PAGEVEC_SIZE; (*index)++) {
		struct page *page = find_get_page(ip, *index);

		if (!page)
			continue;
		page = page_folio(page);
		if (towrite ? page->tag_towrite : page->tag_dirty) {
			pv[n] = page_index(ip, page);
			pvgen[n++] = page->gen;
		}
		*index = page_index(ip, page) + folio_nr_pages(page) - 1;
	}
	return n;
}

/*
 * models iomap_writepages + write_cache_pages, fs/iomap/buffered-io.c and
 * mm/page-writeback.c @ v5.9 (6.17's final ->writeback_submit by profile)
 */
int iomap_writepages(struct xfs_inode *ip, struct writeback_control *wbc,
		     struct iomap_writepage_ctx *wpc,
		     const struct iomap_writeback_ops *ops)
{
	unsigned long index = wbc->range_start / CF_PAGE_SIZE;
	unsigned long end = wbc->range_end / CF_PAGE_SIZE;
	unsigned long pv[PAGEVEC_SIZE];
	uint32_t pvgen[PAGEVEC_SIZE];
	bool done = false;
	int ret = 0, nr_pages;

	wpc->ops = ops;
	if (end >= pagecache_end(ip))
		end = pagecache_end(ip) - 1;
	if (!pagecache_end(ip))
		goto submit;
	/*
	 * tag_pages_for_writeback: a sync pass writes the pages tagged DIRTY
	 * now (TOWRITE), not pages dirtied later.  The tag, not PG_dirty: a
	 * page another writeback is mapping has PG_dirty clear but keeps the
	 * tag until set_page_writeback, and we must wait for it.
	 */
	if (wbc->sync_all) {
		for (unsigned long i = index; i <= end; i++) {
			struct page *page = find_get_page(ip, i);

			if (page && page_folio(page)->tag_dirty)
				page_folio(page)->tag_towrite = true;
		}
	}
	while (!done && index <= end &&
	       (nr_pages = pagevec_lookup_range_tag(ip, &index, end, wbc->sync_all,
						    pv, pvgen))) {
		for (int k = 0; k < nr_pages; k++) {
			unsigned long i = pv[k];
			struct page *page = &ip->i_mapping.pages[i];
			int error;

			/* the folio's head: its lock, flags and identity (a
			 * new folio over it, even a larger one, has a new gen) */
			folio_lock(page);
			/* truncated (and maybe re-created) since the lookup:
			 * the page->mapping != mapping check */
			if (!page->present || page->gen != pvgen[k] || !page->dirty) {
				folio_unlock(page);
				continue;
			}
			if (page->writeback) {
				if (!wbc->sync_all) {
					folio_unlock(page);
					continue;
				}
				wait_on_page_writeback(ip, page);
			}
			if (!clear_page_dirty_for_io(page)) {
				folio_unlock(page);
				continue;
			}
			trace_iomap_writepages_page(ip, i, wbc->sync_all);
			error = iomap_do_writepage(wpc, ip, page, wbc);
			if (error) {
				if (!wbc->sync_all) {
					ret = error;
					done = true;
					break;
				}
				if (!ret)
					ret = error;
			}
			cf_window(YP_WRITEPAGES_NEXT_PAGE);
		}
	}
submit:
	if (!wpc->ioend)
		return ret;
	if (xfs_profile(ip->i_mount)->writeback_range) {
		if (wpc->ioend_ended)
			return cf_ioend_submitted_again(wpc);
		return wpc->ops->writeback_submit(wpc, ret);
	}
	return iomap_submit_ioend(wpc, wpc->ioend, ret);
}
