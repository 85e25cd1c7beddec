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

/* models page_folio, include/linux/page-flags.h @ v6.18: the folio is
 * its head page here (there is no struct folio of its own) */
struct page *page_folio(struct page *page)
{
	return page - page->head_off;
}

/* models folio_nr_pages, include/linux/mm.h @ v6.18 */
unsigned long folio_nr_pages(struct page *folio)
{
	return 1ul << folio->order;
}

/* models folio_size, include/linux/mm.h @ v6.18 */
loff_t folio_size(struct page *folio)
{
	return (loff_t)CF_PAGE_SIZE << folio->order;
}

/* models folio_pos, include/linux/pagemap.h @ v6.18 */
loff_t folio_pos(struct xfs_inode *ip, struct page *folio)
{
	return page_offset(ip, folio);
}

/* models folio_lock, include/linux/pagemap.h @ v6.18: the caller looks
 * again once it holds the lock (the folio may have been split or removed
 * while it slept) */
void folio_lock(struct page *folio)
{
	folio->lock.cls = SIM_LC_PAGE;
	down_write(&folio->lock);
}

/* models folio_unlock, mm/filemap.c @ v6.18 */
void folio_unlock(struct page *folio)
{
	up_write(&folio->lock);
}

/* models folio_trylock, include/linux/pagemap.h @ v6.18 */
static bool folio_trylock(struct page *folio)
{
	folio->lock.cls = SIM_LC_PAGE;
	return down_write_trylock(&folio->lock);
}

/* models lock_page, include/linux/pagemap.h @ v5.10 (v6.18: the lock of
 * the page's folio) */
void lock_page(struct page *page)
{
	folio_lock(page_folio(page));
}

/* models unlock_page, mm/filemap.c @ v5.10 (v6.18: the page's folio) */
void unlock_page(struct page *page)
{
	folio_unlock(page_folio(page));
}

/* cowfuzz's own: a page entering the page cache, empty, clean, not
 * uptodate, and a new struct page for whoever remembered the old one */
static void page_cache_new(struct page *page)
{
	page->present = true;
	page->uptodate = false;
	page->dirty = page->writeback = page->error = false;
	page->tag_dirty = page->tag_towrite = false;
	page->blk_uptodate = page->blk_dirty = 0;
	page->gen++;
	memset(page->tag, 0, sizeof(page->tag));
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
		page_cache_new(page);
		trace_add_to_page_cache(ip, index, 1);
	}
	return page;
}

/* models fgf_set_order, include/linux/pagemap.h @ v6.18: the folio order
 * a write of size bytes asks for (__filemap_get_folio caps it) */
unsigned int fgf_set_order(loff_t size)
{
	unsigned int shift = 0;

	while (size >> (shift + 1))
		shift++;		/* ilog2(size) */
	if (shift <= 12)		/* PAGE_SHIFT */
		return 0;
	return shift - 12;
}

/* cowfuzz's own: no page of [index, index + nr) is cached, so that
 * filemap_add_folio can store a folio there without -EEXIST */
static bool filemap_range_free(struct xfs_inode *ip, unsigned long index,
			       unsigned long nr)
{
	if (index + nr > CF_MAX_PAGES)
		return false;
	for (unsigned long i = index; i < index + nr; i++)
		if (ip->i_mapping.pages[i].present)
			return false;
	return true;
}

/* models filemap_add_folio, mm/filemap.c @ v6.18: a new folio, empty and
 * not uptodate, locked by the caller, enters the page cache */
static void filemap_add_folio(struct xfs_inode *ip, struct page *folio,
			      unsigned int order)
{
	unsigned long index = page_index(ip, folio);
	unsigned long nr = 1ul << order;

	for (unsigned long i = 0; i < nr; i++) {
		struct page *page = folio + i;

		page_cache_new(page);
		page->order = 0;
		page->head_off = (uint8_t)i;
		page->lock.id = (uint16_t)(ip->i_ino * 1000 + index + i);
	}
	folio->order = (uint8_t)order;
	if (index + nr > ip->i_mapping.hwm)
		ip->i_mapping.hwm = (uint16_t)(index + nr);
	trace_add_to_page_cache(ip, index, nr);
}

/*
 * models __filemap_get_folio, mm/filemap.c @ v6.18 (FGP_WRITEBEGIN): the
 * locked folio that holds index, or a new one of the given order, capped
 * at CF_MAX_FOLIO_ORDER (mapping_max_folio_order), lowered to the
 * alignment of index and then until no cached page is in the way
 */
struct page *__filemap_get_folio(struct xfs_inode *ip, unsigned long index,
				 unsigned int order)
{
	struct page *folio;
	int guard = 0;

repeat:
	ASSERT(index < CF_MAX_PAGES);
	if (guard++ > 64) {
		/* the run fails here; the caller still gets a locked page */
		cf_liveness("__filemap_get_folio makes no progress");
		return grab_cache_page(ip, index);
	}
	folio = find_get_page(ip, index);
	if (folio) {
		folio = page_folio(folio);
		folio_lock(folio);
		/* removed or split while we slept on the lock */
		if (!ip->i_mapping.pages[index].present ||
		    page_folio(&ip->i_mapping.pages[index]) != folio) {
			folio_unlock(folio);
			goto repeat;
		}
		return folio;
	}
	if (order > CF_MAX_FOLIO_ORDER)
		order = CF_MAX_FOLIO_ORDER;
	/* If we're not aligned, allocate a smaller folio */
	if (index & ((1ul << order) - 1))
		order = __builtin_ctzl(index);	/* __ffs */
	/* filemap_add_folio fails with -EEXIST on a cached page: lower the
	 * order (order 0 fits: the page at index is not cached) */
	while (order > 0 && !filemap_range_free(ip, index, 1ul << order))
		order--;
	folio = &ip->i_mapping.pages[index];
	folio->lock.id = (uint16_t)(ip->i_ino * 1000 + index);
	folio_lock(folio);
	if (!filemap_range_free(ip, index, 1ul << order)) {
		folio_unlock(folio);	/* someone added it meanwhile */
		goto repeat;
	}
	filemap_add_folio(ip, folio, order);
	return folio;
}

/* models set_page_dirty, mm/page-writeback.c @ v5.10 (v6.18: the folio) */
void set_page_dirty(struct page *page)
{
	struct page *folio = page_folio(page);

	folio->dirty = true;
	folio->tag_dirty = true;
}

/* models clear_page_dirty_for_io, mm/page-writeback.c @ v5.10 (v6.18:
 * folio_clear_dirty_for_io) */
bool clear_page_dirty_for_io(struct page *page)
{
	struct page *folio = page_folio(page);
	bool was = folio->dirty;

	folio->dirty = false;
	return was;
}

/* models set_page_writeback, include/linux/page-flags.h @ v5.10 (v6.18:
 * folio_start_writeback) */
void set_page_writeback(struct page *page)
{
	struct page *folio = page_folio(page);

	ASSERT(!folio->writeback);
	folio->writeback = true;
	folio->tag_towrite = false;
	if (!folio->dirty)
		folio->tag_dirty = false;
}

/* models end_page_writeback, mm/filemap.c @ v5.10 (v6.18: folio_end_writeback) */
void end_page_writeback(struct xfs_inode *ip, struct page *page)
{
	struct page *folio = page_folio(page);

	ASSERT(folio->writeback);
	folio->writeback = false;
	wake_up_all(&ip->i_mapping.writeback_wq);
}

/* models wait_on_page_writeback, mm/page-writeback.c @ v5.10 (v6.18:
 * folio_wait_writeback) */
void wait_on_page_writeback(struct xfs_inode *ip, struct page *page)
{
	struct page *folio = page_folio(page);
	int guard = 0;

	while (folio->writeback && guard++ < 1000)
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

/* models filemap_fdatawait_range, mm/filemap.c @ v5.10 (v6.18: the
 * writeback of each page's folio) */
int filemap_fdatawait_range(struct xfs_inode *ip, loff_t start, loff_t end)
{
	unsigned long first = start / CF_PAGE_SIZE;
	unsigned long last = end / CF_PAGE_SIZE;

	for (unsigned long i = first; i <= last && i < pagecache_end(ip); i++) {
		struct page *page = find_get_page(ip, i);

		if (page && page_folio(page)->writeback)
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

/* models delete_from_page_cache, mm/filemap.c @ v5.10 (v6.18: every page
 * of the folio): the folio is locked and not under writeback. */
static void delete_from_page_cache(struct xfs_inode *ip, struct page *folio)
{
	unsigned long nr = folio_nr_pages(folio);

	ASSERT(!folio->writeback && !folio->head_off);
	for (unsigned long i = 0; i < nr; i++) {
		struct page *page = folio + i;

		page->present = false;
		page->uptodate = page->dirty = page->error = false;
		page->tag_dirty = page->tag_towrite = false;
		page->blk_uptodate = page->blk_dirty = 0;
		memset(page->tag, 0, sizeof(page->tag));
		page->order = page->head_off = 0;
	}
	trace_delete_from_page_cache(ip, page_index(ip, folio), nr);
}

/* cowfuzz's own: zero [offset, offset + length) of a folio block by
 * block (folio_zero_range): a whole block's tag, the uptodate part of
 * a partial one */
static void folio_zero_range(struct xfs_inode *ip, struct page *folio,
			     loff_t offset, loff_t length)
{
	uint32_t bs = ip->i_mount->m_sb_blocksize;
	loff_t end = offset + length;

	for (loff_t b = rounddown(offset, bs); b < end; b += bs) {
		struct page *page = folio + b / CF_PAGE_SIZE;
		unsigned int i = (b % CF_PAGE_SIZE) / bs;

		if (b >= offset && b + bs <= end)
			page->tag[i] = CF_TAG_ZERO;
		else if (page->blk_uptodate & (1u << i))
			page->tag[i] = cf_content_overlay(page->tag[i],
				(uint32_t)(max_t(loff_t, offset, b) - b),
				(uint32_t)(min_t(loff_t, end, b + bs) - b), CF_TAG_ZERO, bs);
	}
}

/* cowfuzz's own: pages [first, first + nr) of a split become a folio of
 * their own, with the old folio's flags and tags (the split copies them;
 * not under writeback, not dirty: try_folio_split checked) */
static void folio_split_piece(struct xfs_inode *ip, struct page *old, struct page *first,
			      unsigned int order)
{
	unsigned long nr = 1ul << order;

	for (unsigned long i = 0; i < nr; i++)
		first[i].head_off = (uint8_t)i;
	first->order = (uint8_t)order;
	if (first == old)
		return;
	first->uptodate = old->uptodate;
	first->error = old->error;
	first->tag_dirty = old->tag_dirty;
	first->tag_towrite = old->tag_towrite;
	first->gen++;			/* a new struct folio */
	first->lock.id = (uint16_t)(ip->i_ino * 1000 + page_index(ip, first));
}

/*
 * cowfuzz's own stand-in for try_folio_split (include/linux/huge_mm.h,
 * mm/huge_memory.c @ v6.18), the non-uniform split: split_at ends in a
 * folio of order 0, the rest in naturally aligned folios, the first of
 * which keeps the lock.  It needs filemap_release_folio: iomap_release_folio
 * refuses a dirty folio, and frees the per-block state, so the pieces of a
 * folio not wholly uptodate have no uptodate block.  -EBUSY or 0.
 */
static int try_folio_split(struct xfs_inode *ip, struct page *folio, struct page *split_at)
{
	unsigned int order = folio->order;
	struct page *cur = folio;

	if (folio->dirty || folio->writeback)
		return -EBUSY;
	for (unsigned long i = 0; i < folio_nr_pages(folio); i++) {
		if (!folio->uptodate)
			folio[i].blk_uptodate = 0;	/* ifs_free */
		folio[i].blk_dirty = 0;
	}
	trace_folio_split(ip, page_index(ip, folio), folio_nr_pages(folio),
			  page_index(ip, split_at));
	while (order > 0) {
		struct page *half = cur + (1ul << --order);

		/* the half without split_at is a folio; split the other */
		if (split_at >= half) {
			folio_split_piece(ip, folio, cur, order);
			cur = half;
		} else {
			folio_split_piece(ip, folio, half, order);
		}
	}
	folio_split_piece(ip, folio, cur, 0);
	return 0;
}

/*
 * models truncate_inode_partial_folio, mm/truncate.c @ v6.18: the part of
 * [start, end] in the folio is zeroed; a large folio is split at both ends
 * of it so that the pages inside can go.  false: a dirty large folio,
 * which cannot be split, stays whole.
 */
static bool truncate_inode_partial_folio(struct xfs_inode *ip, struct page *folio,
					 loff_t start, loff_t end)
{
	loff_t pos = folio_pos(ip, folio);
	loff_t size = folio_size(folio);
	loff_t offset, length;
	struct page *split_at, *split_at2;

	if (pos < start)
		offset = start - pos;
	else
		offset = 0;
	if (pos + size <= end)
		length = size - offset;
	else
		length = end + 1 - pos - offset;

	wait_on_page_writeback(ip, folio);
	if (length == size) {
		delete_from_page_cache(ip, folio);	/* truncate_inode_folio */
		return true;
	}

	folio_zero_range(ip, folio, offset, length);
	if (!folio->order)
		return true;

	split_at = folio + offset / CF_PAGE_SIZE;
	if (!try_folio_split(ip, folio, split_at)) {
		struct page *folio2;

		if (offset + length == size)
			goto no_split;

		split_at2 = folio + (offset + length) / CF_PAGE_SIZE;
		folio2 = page_folio(split_at2);

		if (!folio2->order)
			goto out;

		if (!folio_trylock(folio2))
			goto out;

		(void)try_folio_split(ip, folio2, split_at2);
		folio_unlock(folio2);
out:
no_split:
		return true;
	}
	if (folio->dirty)
		return false;
	delete_from_page_cache(ip, folio);	/* truncate_inode_folio */
	return true;
}

/*
 * models truncate_inode_pages_range, mm/truncate.c @ v6.18 (large_folios):
 * in index order, a folio wholly inside [lstart, lend] goes, a folio partly
 * inside goes through truncate_inode_partial_folio; the pieces of a split
 * are walked again (the kernel first does both partial folios, then the
 * folios between them)
 */
static void truncate_inode_pages_range(struct xfs_inode *ip, loff_t lstart, loff_t lend)
{
	unsigned long index = lstart / CF_PAGE_SIZE;
	unsigned long last = lend / CF_PAGE_SIZE;
	int guard = 0;

	while (index <= last && index < pagecache_end(ip) && guard++ < 4 * CF_MAX_PAGES) {
		struct page *page = find_get_page(ip, index);
		struct page *folio;
		unsigned long next;
		loff_t pos;

		if (!page) {
			index++;
			continue;
		}
		folio = page_folio(page);
		folio_lock(folio);
		if (!page->present || page_folio(page) != folio) {
			folio_unlock(folio);
			continue;
		}
		pos = folio_pos(ip, folio);
		next = page_index(ip, folio) + folio_nr_pages(folio);
		if (pos >= lstart && pos + folio_size(folio) - 1 <= lend) {
			wait_on_page_writeback(ip, folio);
			delete_from_page_cache(ip, folio);	/* truncate_inode_folio */
		} else {
			(void)truncate_inode_partial_folio(ip, folio, lstart, lend);
			/* split (at index's page): walk that page again */
			if (folio->present && folio_nr_pages(folio) < next - page_index(ip, folio))
				next = index;
		}
		folio_unlock(folio);
		index = max_t(unsigned long, index, next);
	}
}

/*
 * models truncate_pagecache_range, mm/truncate.c @ v5.10 (with
 * truncate_inode_pages_range): pages wholly inside go (after writeback);
 * blocks of partial pages inside the range are zeroed in place.  v6.18
 * with large folios: truncate_inode_pages_range.
 */
void truncate_pagecache_range(struct xfs_inode *ip, loff_t lstart, loff_t lend)
{
	uint32_t bs = ip->i_mount->m_sb_blocksize;
	unsigned long first = lstart / CF_PAGE_SIZE;
	unsigned long last = lend / CF_PAGE_SIZE;

	if (xfs_profile(ip->i_mount)->large_folios) {
		truncate_inode_pages_range(ip, lstart, lend);
		return;
	}
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
 * page cannot go (dirty).  v6.18: a whole folio goes, also its pages
 * outside the range. */
int invalidate_inode_pages2_range(struct xfs_inode *ip, unsigned long start,
				  unsigned long end)
{
	int ret = 0;

	for (unsigned long i = start; i <= end && i < pagecache_end(ip); i++) {
		struct page *page = find_get_page(ip, i);
		struct page *folio;
		unsigned long next;

		if (!page)
			continue;
		folio = page_folio(page);
		folio_lock(folio);
		next = page_index(ip, folio) + folio_nr_pages(folio);
		/* the folio->mapping check: removed or split while we slept */
		if (page->present && page_folio(page) == folio) {
			wait_on_page_writeback(ip, folio);
			if (folio->dirty)
				ret = -EBUSY;
			else
				delete_from_page_cache(ip, folio);
			i = max_t(unsigned long, i, next - 1);
		}
		folio_unlock(folio);
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
 * clean, unlocked folios not under writeback. */
void drop_pagecache_inode(struct xfs_inode *ip)
{
	for (unsigned long i = 0; i < pagecache_end(ip); i++) {
		struct page *folio = find_get_page(ip, i);

		if (!folio || folio->head_off || folio->dirty || folio->writeback ||
		    rwsem_is_locked(&folio->lock))
			continue;
		i += folio_nr_pages(folio) - 1;
		delete_from_page_cache(ip, folio);
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
