// SPDX-License-Identifier: GPL-2.0
/*
 * The page cache (mm/filemap.c, mm/page-writeback.c, mm/truncate.c subset):
 * page lookup and creation, PG_ flags, waiting for writeback, the mapping's
 * error state, truncation and invalidation.  The kernel's inline helpers
 * for these (include/linux/pagemap.h, mm.h, page-flags.h) are here too.
 */
#include "xfs_inode.h"
#include "iomap/iomap.h"
#include "xfs_aops.h"
#include "cf_content.h"

/* cowfuzz's own: blocks per page of this mount */
static unsigned int bpp(struct xfs_inode *ip)
{
	return ip->i_mount->m_blocks_per_page;
}

/* models page_index, include/linux/mm.h @ v5.10 */
unsigned long page_index(struct xfs_inode *ip, struct page *page)
{
	return (unsigned long)(page - ip->i_mapping.pages);
}

/* models page_offset, include/linux/pagemap.h @ v5.10 */
loff_t page_offset(struct xfs_inode *ip, struct page *page)
{
	return (loff_t)page_index(ip, page) * CF_PAGE_SIZE;
}

/* cowfuzz's own: page scans stop at the high-water mark */
unsigned long pagecache_end(struct xfs_inode *ip)
{
	return ip->i_mapping.hwm;
}

/* models find_get_page, include/linux/pagemap.h @ v5.10 */
struct page *find_get_page(struct xfs_inode *ip, unsigned long index)
{
	if (index >= CF_MAX_PAGES || !ip->i_mapping.pages[index].present)
		return NULL;
	return &ip->i_mapping.pages[index];
}

/* models lock_page, include/linux/pagemap.h @ v5.10 */
void lock_page(struct page *page)
{
	page->lock.cls = SIM_LC_PAGE;
	down_write(&page->lock);
}

/* models unlock_page, mm/filemap.c @ v5.10 */
void unlock_page(struct page *page)
{
	up_write(&page->lock);
}

/* models grab_cache_page, include/linux/pagemap.h @ v5.10: a locked page
 * (find_or_create_page), new pages empty and not uptodate. */
struct page *grab_cache_page(struct xfs_inode *ip, unsigned long index)
{
	struct page *page;

	ASSERT(index < CF_MAX_PAGES);
	page = &ip->i_mapping.pages[index];
	if (index + 1 > ip->i_mapping.hwm)
		ip->i_mapping.hwm = index + 1;
	page->lock.id = (uint16_t)(ip->i_ino * 1000 + index);
	lock_page(page);
	if (!page->present) {
		page->present = true;
		page->uptodate = false;
		page->dirty = page->writeback = page->error = false;
		page->tag_dirty = page->tag_towrite = false;
		page->blk_uptodate = page->blk_dirty = 0;
		page->gen++;
		memset(page->tag, 0, sizeof(page->tag));
		trace_add_to_page_cache(ip, index);
	}
	return page;
}

/* models set_page_dirty, mm/page-writeback.c @ v5.10 */
void set_page_dirty(struct page *page)
{
	page->dirty = true;
	page->tag_dirty = true;
}

/* models clear_page_dirty_for_io, mm/page-writeback.c @ v5.10 */
bool clear_page_dirty_for_io(struct page *page)
{
	bool was = page->dirty;

	page->dirty = false;
	return was;
}

/* models set_page_writeback, include/linux/page-flags.h @ v5.10 */
void set_page_writeback(struct page *page)
{
	ASSERT(!page->writeback);
	page->writeback = true;
	page->tag_towrite = false;
	if (!page->dirty)
		page->tag_dirty = false;
}

/* models end_page_writeback, mm/filemap.c @ v5.10 */
void end_page_writeback(struct xfs_inode *ip, struct page *page)
{
	ASSERT(page->writeback);
	page->writeback = false;
	wake_up_all(&ip->i_mapping.writeback_wq);
}

/* models wait_on_page_writeback, mm/page-writeback.c @ v5.10 */
void wait_on_page_writeback(struct xfs_inode *ip, struct page *page)
{
	int guard = 0;

	while (page->writeback && guard++ < 1000)
		sleep_on(&ip->i_mapping.writeback_wq);
}

/* models mapping_set_error, include/linux/pagemap.h @ v5.10: AS_EIO/AS_ENOSPC
 * and the errseq counter fsync reads. */
void mapping_set_error(struct xfs_inode *ip, int error)
{
	if (!error || cf_sabotaged(CF_SABOTAGE_SWALLOW_ERRORS))
		return;
	cf_mapping_error(ip, error);
	ip->i_mapping.wb_err = error;
	ip->i_mapping.wb_err_seq++;
	if (error == -ENOSPC)
		ip->i_mapping.flags |= AS_ENOSPC;
	else
		ip->i_mapping.flags |= AS_EIO;
	trace_mapping_set_error(ip, error);
}

/* models filemap_check_errors, mm/filemap.c @ v5.10 */
int filemap_check_errors(struct xfs_inode *ip)
{
	int ret = 0;

	if (ip->i_mapping.flags & AS_ENOSPC)
		ret = -ENOSPC;
	if (ip->i_mapping.flags & AS_EIO)
		ret = -EIO;
	ip->i_mapping.flags &= ~(AS_EIO | AS_ENOSPC);
	return ret;
}

/* models filemap_fdatawait_range, mm/filemap.c @ v5.10 */
int filemap_fdatawait_range(struct xfs_inode *ip, loff_t start, loff_t end)
{
	unsigned long first = start / CF_PAGE_SIZE;
	unsigned long last = end / CF_PAGE_SIZE;

	for (unsigned long i = first; i <= last && i < pagecache_end(ip); i++) {
		struct page *page = find_get_page(ip, i);

		if (page && page->writeback)
			wait_on_page_writeback(ip, page);
	}
	return filemap_check_errors(ip);
}

/* models filemap_write_and_wait_range, mm/filemap.c @ v5.10: ->writepages
 * is xfs_vm_writepages, the only address space here. */
int filemap_write_and_wait_range(struct xfs_inode *ip, loff_t start, loff_t end)
{
	struct writeback_control wbc = {
		.sync_all = true, .range_start = start, .range_end = end,
	};
	int err = xfs_vm_writepages(ip, &wbc);
	int err2 = filemap_fdatawait_range(ip, start, end);

	return err ? err : err2;
}

/* models delete_from_page_cache, mm/filemap.c @ v5.10: the page is locked
 * and not under writeback. */
static void delete_from_page_cache(struct xfs_inode *ip, struct page *page)
{
	ASSERT(!page->writeback);
	page->present = false;
	page->uptodate = page->dirty = page->error = false;
	page->tag_dirty = page->tag_towrite = false;
	page->blk_uptodate = page->blk_dirty = 0;
	memset(page->tag, 0, sizeof(page->tag));
	trace_delete_from_page_cache(ip, page_index(ip, page));
}

/*
 * models truncate_pagecache_range, mm/truncate.c @ v5.10 (with
 * truncate_inode_pages_range): pages wholly inside go (after writeback);
 * blocks of partial pages inside the range are zeroed in place.
 */
void truncate_pagecache_range(struct xfs_inode *ip, loff_t lstart, loff_t lend)
{
	uint32_t bs = ip->i_mount->m_sb_blocksize;
	unsigned long first = lstart / CF_PAGE_SIZE;
	unsigned long last = lend / CF_PAGE_SIZE;

	for (unsigned long i = first; i <= last && i < pagecache_end(ip); i++) {
		struct page *page = find_get_page(ip, i);
		loff_t pstart = (loff_t)i * CF_PAGE_SIZE;
		loff_t pend = pstart + CF_PAGE_SIZE - 1;

		if (!page)
			continue;
		lock_page(page);
		if (!page->present) {
			unlock_page(page);
			continue;
		}
		wait_on_page_writeback(ip, page);
		if (pstart >= lstart && pend <= lend) {
			delete_from_page_cache(ip, page);
		} else {
			for (unsigned int b = 0; b < bpp(ip); b++) {
				loff_t bstart = pstart + (loff_t)b * bs;

				if (bstart >= lstart && bstart + bs - 1 <= lend)
					page->tag[b] = CF_TAG_ZERO;
				/* the block the range starts in: zero_user from there */
				else if (bstart < lstart && lstart < bstart + bs &&
					 (page->blk_uptodate & (1u << b)))
					page->tag[b] = cf_content_overlay(page->tag[b],
						(uint32_t)(lstart - bstart),
						(uint32_t)min_t(loff_t, bs, lend + 1 - bstart),
						CF_TAG_ZERO, bs);
			}
		}
		unlock_page(page);
	}
}

/* models invalidate_inode_pages2_range, mm/truncate.c @ v5.10: -EBUSY if a
 * page cannot go (dirty). */
int invalidate_inode_pages2_range(struct xfs_inode *ip, unsigned long start,
				  unsigned long end)
{
	int ret = 0;

	for (unsigned long i = start; i <= end && i < pagecache_end(ip); i++) {
		struct page *page = find_get_page(ip, i);

		if (!page)
			continue;
		lock_page(page);
		if (page->present) {
			wait_on_page_writeback(ip, page);
			if (page->dirty)
				ret = -EBUSY;
			else
				delete_from_page_cache(ip, page);
		}
		unlock_page(page);
	}
	return ret;
}

/* models kiocb_invalidate_pages, mm/filemap.c @ v6.6 (no IOCB_NOWAIT): a
 * failed flush or a page that cannot go is the caller's error. */
int kiocb_invalidate_pages(struct xfs_inode *ip, loff_t pos, loff_t count)
{
	loff_t end = pos + count - 1;
	int ret;

	ret = filemap_write_and_wait_range(ip, pos, end);
	if (ret)
		return ret;
	return invalidate_inode_pages2_range(ip, pos / CF_PAGE_SIZE, end / CF_PAGE_SIZE);
}

/* cowfuzz's own: drop_caches for one inode (drop_pagecache_sb's loop):
 * clean, unlocked pages not under writeback. */
void drop_pagecache_inode(struct xfs_inode *ip)
{
	for (unsigned long i = 0; i < pagecache_end(ip); i++) {
		struct page *page = find_get_page(ip, i);

		if (!page || page->dirty || page->writeback ||
		    rwsem_is_locked(&page->lock))
			continue;
		delete_from_page_cache(ip, page);
	}
}

/* models iomap_invalidatepage, fs/iomap/buffered-io.c @ v5.9: only a full
 * page invalidation cancels the dirty state. */
void iomap_invalidatepage(struct xfs_inode *ip, struct page *page,
			  unsigned int offset, unsigned int len)
{
	if (offset == 0 && len == CF_PAGE_SIZE) {
		page->dirty = false;
		page->blk_dirty = 0;
	}
}
