// SPDX-License-Identifier: GPL-2.0
/*
 * The buffered write path (fs/iomap/buffered-io.c + iomap_apply, v5.9):
 * ask the file system for a mapping, then copy into the page cache page by
 * page.  A block the write covers whole is not read in (it stays !uptodate
 * until written, iomap's per-block state); a block it covers in part is
 * read from the source mapping first, or zeroed, as __iomap_write_begin does.
 */
#include "xfs_inode.h"
#include "iomap/iomap.h"
#include "libxfs/xfs_inode_fork.h"
#include "cf_content.h"

/* models iomap_block_needs_zeroing, fs/iomap/buffered-io.c @ v5.10 */
static bool iomap_block_needs_zeroing(struct xfs_inode *ip, const struct iomap *srcmap,
				      loff_t pos)
{
	return srcmap->type != IOMAP_MAPPED || (srcmap->flags & IOMAP_F_NEW) ||
	       pos >= ip->i_size;
}

/* models iomap_read_page_sync, fs/iomap/buffered-io.c @ v5.10: the block's
 * data comes from the source mapping (the data fork under a CoW write) */
static uint16_t iomap_read_page_sync(struct xfs_inode *ip, loff_t block_start,
				     const struct iomap *srcmap)
{
	struct xfs_mount *mp = ip->i_mount;
	uint64_t bno = srcmap->addr + (block_start - srcmap->offset) / mp->m_sb_blocksize;

	ASSERT(bno < mp->m_sb_dblocks);
	return bno < mp->m_sb_dblocks ? mp->m_disk[bno] : CF_TAG_ZERO;
}

#define IOMAP_WRITE_F_UNSHARE	(1u << 0)

/*
 * models __iomap_write_begin, fs/iomap/buffered-io.c @ v5.10: of the blocks
 * [pos, pos + len) touches, those not uptodate get their old data (read
 * from srcmap, or zeroes) so the copy can go over it; a write skips the
 * blocks its copy covers whole, an unshare reads them all.  An unshare
 * must never zero: a srcmap that is not a written extent is a bug (the
 * WARN that 72a048c1056a is about).  Unshare ranges are whole blocks and
 * trace nothing here, as before byte writes.
 */
static int __iomap_write_begin(struct xfs_inode *ip, loff_t pos, loff_t len,
			       unsigned int flags, struct page *page,
			       const struct iomap *srcmap)
{
	uint32_t bs = ip->i_mount->m_sb_blocksize;
	loff_t block_start = rounddown(pos, bs);
	loff_t block_end = roundup(pos + len, bs);

	for (; block_start < block_end; block_start += bs) {
		unsigned int b = (block_start % CF_PAGE_SIZE) / bs;

		if (page->blk_uptodate & (1u << b))
			continue;
		if (!(flags & IOMAP_WRITE_F_UNSHARE) &&
		    pos <= block_start && pos + len >= block_start + bs)
			continue;	/* the copy covers it whole */
		if (iomap_block_needs_zeroing(ip, srcmap, block_start)) {
			if (WARN_ON_ONCE(flags & IOMAP_WRITE_F_UNSHARE))
				return -EIO;
			page->tag[b] = CF_TAG_ZERO;
			trace_iomap_write_begin_rmw(ip, block_start, -1, CF_TAG_ZERO);
		} else {
			page->tag[b] = iomap_read_page_sync(ip, block_start, srcmap);
			if (!(flags & IOMAP_WRITE_F_UNSHARE))
				trace_iomap_write_begin_rmw(ip, block_start,
					(int64_t)(srcmap->addr + (block_start - srcmap->offset) / bs),
					page->tag[b]);
		}
		page->blk_uptodate |= 1u << b;
	}
	/* PG_uptodate is the folio's: the caller sets it */
	return 0;
}

/* cowfuzz's own: the v6.2 check of iomap_write_begin once the page is
 * locked (the mapping may have changed before the lock was ours): stale
 * marks the iomap and drops the page, and the caller asks for a new one */
static bool iomap_page_mapping_valid(struct xfs_inode *ip, struct iomap *iomap,
				     struct page *page)
{
	const struct iomap_folio_ops *folio_ops = iomap->folio_ops;

	if (!folio_ops || !folio_ops->iomap_valid || folio_ops->iomap_valid(ip, iomap))
		return true;
	iomap->flags |= IOMAP_F_STALE;
	unlock_page(page);
	return false;
}

/* models iomap_get_folio, fs/iomap/buffered-io.c @ v6.18: the locked
 * folio at pos; with large folios a new one is sized to len (v6.6,
 * fgf_set_order), before them it is one page (grab_cache_page) */
static struct page *iomap_get_folio(struct xfs_inode *ip, loff_t pos, loff_t len)
{
	if (!xfs_profile(ip->i_mount)->large_folios)
		return grab_cache_page(ip, pos / CF_PAGE_SIZE);
	return __filemap_get_folio(ip, pos / CF_PAGE_SIZE, fgf_set_order(len));
}

/* cowfuzz's own: the folio is uptodate once every block of every page
 * is (iomap_set_range_uptodate) */
static void folio_mark_uptodate_if_full(struct xfs_inode *ip, struct page *folio)
{
	unsigned int all = (1u << (CF_PAGE_SIZE / ip->i_mount->m_sb_blocksize)) - 1;

	for (unsigned long i = 0; i < folio_nr_pages(folio); i++)
		if (folio[i].blk_uptodate != all)
			return;
	folio->uptodate = true;
}

/* cowfuzz's own: __iomap_write_begin and the copy of iomap_write_actor
 * for the part [pos, pos + len) of one page of the folio */
static void iomap_write_to_page(struct xfs_inode *ip, struct page *page, loff_t pos,
				loff_t len, uint16_t tag, const struct iomap *srcmap)
{
	uint32_t bs = ip->i_mount->m_sb_blocksize;
	loff_t block_start;

	/* without IOMAP_WRITE_F_UNSHARE it cannot fail */
	if (pos % bs || len % bs)
		(void)__iomap_write_begin(ip, pos, len, 0, page, srcmap);
	for (block_start = rounddown(pos, bs); block_start < pos + len; block_start += bs) {
		unsigned int b = (block_start % CF_PAGE_SIZE) / bs;
		loff_t from = max_t(loff_t, pos, block_start) - block_start;
		loff_t to = min_t(loff_t, pos + len, block_start + bs) - block_start;

		page->tag[b] = cf_content_overlay(page->tag[b], (uint32_t)from, (uint32_t)to,
						  tag, bs);
		page->blk_uptodate |= 1u << b;
		page->blk_dirty |= 1u << b;
	}
}

/* cowfuzz's own: one folio of iomap_write_actor, the kernel's
 * iomap_write_begin, copy and iomap_write_end (fs/iomap/buffered-io.c, v5.9;
 * the v6.2 iomap_valid check and the v6.6 large folio by profile); returns
 * the bytes copied, 0: stale, nothing copied */
static loff_t iomap_write_page(struct xfs_inode *ip, struct iomap *iomap, loff_t pos,
			       loff_t length, uint16_t tag, const struct iomap *srcmap)
{
	struct page *folio = iomap_get_folio(ip, pos, length);
	loff_t bytes = min_t(loff_t, folio_pos(ip, folio) + folio_size(folio) - pos, length);

	if (!iomap_page_mapping_valid(ip, iomap, folio))
		return 0;

	for (loff_t off = pos; off < pos + bytes; off = rounddown(off, CF_PAGE_SIZE) + CF_PAGE_SIZE)
		iomap_write_to_page(ip, &ip->i_mapping.pages[off / CF_PAGE_SIZE], off,
				    min_t(loff_t, rounddown(off, CF_PAGE_SIZE) + CF_PAGE_SIZE,
					  pos + bytes) - off, tag, srcmap);
	folio_mark_uptodate_if_full(ip, folio);
	set_page_dirty(folio);
	/* i_size moves under the page lock, at write_end; not for zeroing
	 * once 943bc0882ceb is in */
	if (pos + bytes > ip->i_size &&
	    !(tag == CF_TAG_ZERO && xfs_profile(ip->i_mount)->iomap_zero_keeps_isize))
		ip->i_size = pos + bytes;
	folio_unlock(folio);
	return bytes;
}

/* models iomap_write_actor, fs/iomap/buffered-io.c @ v5.9 (stops at a
 * stale mapping as v6.2's iomap_write_iter does); returns bytes copied */
static loff_t iomap_write_actor(struct xfs_inode *ip, struct iomap *iomap, loff_t pos,
				loff_t length, uint16_t tag, const struct iomap *srcmap)
{
	loff_t written = 0;

	while (length > 0) {
		loff_t bytes = iomap_write_page(ip, iomap, pos, length, tag, srcmap);

		if (!bytes)
			break;
		pos += bytes;
		length -= bytes;
		written += bytes;
		if (length > 0)
			cf_window(YP_WRITE_IOMAP_NEXT_PAGE);
	}
	return written;
}

/* models iomap_file_buffered_write, fs/iomap/buffered-io.c @ v5.9 (with
 * the iomap_apply loop of fs/iomap/apply.c): an error after some progress
 * gives a short write, not an error */
loff_t iomap_file_buffered_write(struct xfs_inode *ip, loff_t pos, loff_t len,
				 uint16_t tag, iomap_begin_fn begin)
{
	loff_t written = 0;
	int guard = 0;

	while (len > 0) {
		struct iomap iomap, srcmap;
		loff_t length;
		int ret;

		memset(&iomap, 0, sizeof(iomap));
		memset(&srcmap, 0, sizeof(srcmap));
		srcmap.type = IOMAP_HOLE;
		/* zeroing skipped holes already (block_needs_zeroing) */
		ret = begin(ip, pos, len, IOMAP_WRITE, &iomap, &srcmap);
		if (ret)
			return written ? written : ret;
		if (iomap.offset > pos || iomap.offset + (loff_t)iomap.length <= pos) {
			cf_invariant("iomap_apply", "iomap_begin returned a mapping that does not cover pos");
			return -EIO;
		}
		length = min_t(loff_t, len, iomap.offset + (loff_t)iomap.length - pos);
		/* iomap_apply cuts the length to the source mapping too; only a
		 * write with a partial block reads it, and an aligned one keeps
		 * its old iteration (and every stored trace) */
		if (srcmap.type != IOMAP_HOLE && (pos % ip->i_mount->m_sb_blocksize ||
						  len % ip->i_mount->m_sb_blocksize))
			length = min_t(loff_t, length,
				       srcmap.offset + (loff_t)srcmap.length - pos);
		trace_iomap_apply(ip, pos, length, &iomap);
		cf_window(YP_WRITE_IOMAP_BEGIN_DONE);
		length = iomap_write_actor(ip, &iomap, pos, length, tag,
					   srcmap.type != IOMAP_HOLE ? &srcmap : &iomap);
		/* v6.2 iomap_iter: a stale mapping is asked for again at pos */
		if (iomap.flags & IOMAP_F_STALE)
			trace_iomap_write_stale(ip, pos + length);
		pos += length;
		len -= length;
		written += length;
		if (!(iomap.flags & IOMAP_F_STALE) && ++guard > CF_MAX_FILE_BLOCKS) {
			cf_liveness("buffered write makes no progress");
			return -EIO;
		}
	}
	return written;
}

/* cowfuzz's own: would a read of this block return data other than zeroes?  A data fork
 * hole or unwritten extent reads as zeroes: xfs_buffered_write_iomap_begin
 * answers IOMAP_ZERO with a hole before it looks at the CoW fork, and
 * iomap_zero_range skips unwritten mappings. */
static bool block_needs_zeroing(struct xfs_inode *ip, xfs_fileoff_t bno)
{
	struct xfs_iext_cursor icur;
	struct xfs_bmbt_irec got;
	bool ret = false;

	xfs_ilock(ip, XFS_ILOCK_SHARED);
	if (xfs_iext_lookup_extent(ip, &ip->i_df, bno, &icur, &got) &&
	    got.br_startoff <= bno &&
	    (isnullstartblock(got.br_startblock) || got.br_state == XFS_EXT_NORM))
		ret = true;
	xfs_iunlock(ip, XFS_ILOCK_SHARED);
	return ret;
}

/*
 * models iomap_zero_range, fs/iomap/buffered-io.c @ v5.9: EOF zeroing when
 * a file grows (truncate up, a write past EOF) over blocks that still hold
 * data past the old EOF; zeroes go through the page cache like a write.
 */
int iomap_zero_range(struct xfs_inode *ip, loff_t pos, loff_t len, bool *did_zero,
		     iomap_begin_fn begin)
{
	uint32_t bs = ip->i_mount->m_sb_blocksize;

	for (loff_t off = rounddown(pos, bs); off < pos + len; off += bs) {
		loff_t from = max_t(loff_t, pos, off);
		loff_t to = min_t(loff_t, pos + len, off + bs);
		loff_t ret;

		if (!block_needs_zeroing(ip, off / bs))
			continue;
		trace_iomap_zero_range(ip, off / bs);
		ret = iomap_file_buffered_write(ip, from, to - from, CF_TAG_ZERO, begin);
		if (ret < 0)
			return (int)ret;
		if (did_zero)
			*did_zero = true;
	}
	return 0;
}

/* cowfuzz's own: __iomap_write_begin of an unshare and iomap_write_end's
 * dirty bits, page by page of the folio */
static int iomap_unshare_folio(struct xfs_inode *ip, struct page *folio, loff_t pos,
			       loff_t bytes, const struct iomap *srcmap)
{
	uint32_t bs = ip->i_mount->m_sb_blocksize;

	for (loff_t off = pos; off < pos + bytes; off = rounddown(off, CF_PAGE_SIZE) + CF_PAGE_SIZE) {
		struct page *page = &ip->i_mapping.pages[off / CF_PAGE_SIZE];
		loff_t offset = off % CF_PAGE_SIZE;
		loff_t len = min_t(loff_t, CF_PAGE_SIZE - offset, pos + bytes - off);
		int status = __iomap_write_begin(ip, off, len, IOMAP_WRITE_F_UNSHARE, page, srcmap);

		if (status)
			return status;
	}
	folio_mark_uptodate_if_full(ip, folio);
	/* iomap_write_end: the copied range is dirty */
	for (loff_t off = pos; off < pos + bytes; off += bs) {
		struct page *page = &ip->i_mapping.pages[off / CF_PAGE_SIZE];

		page->blk_dirty |= 1u << ((off % CF_PAGE_SIZE) / bs);
	}
	return 0;
}

/* models iomap_unshare_actor, fs/iomap/buffered-io.c @ v5.9 (the v6.2
 * validity check of iomap_write_begin by profile) */
static loff_t iomap_unshare_actor(struct xfs_inode *ip, loff_t pos, loff_t length,
				  struct iomap *iomap, struct iomap *srcmap)
{
	loff_t written = 0;
	int status;

	/* only shared blocks, and only those with data to copy */
	if (!(iomap->flags & IOMAP_F_SHARED))
		return length;
	if (srcmap->type == IOMAP_HOLE || srcmap->type == IOMAP_UNWRITTEN)
		return length;
	/* v6.12 iomap_want_unshare_iter: a written srcmap of its own, since
	 * SHARED now marks every CoW fork mapping (srcmap == iomap: none) */
	if (xfs_profile(ip->i_mount)->cow_mapping_always_shared &&
	    (srcmap == iomap || srcmap->type != IOMAP_MAPPED))
		return length;

	do {
		struct page *folio = iomap_get_folio(ip, pos, length);
		loff_t bytes = min_t(loff_t, folio_pos(ip, folio) + folio_size(folio) - pos,
				     length);

		/* the source may have moved while the page was unlocked (a
		 * CoW completion remapped it) */
		if (!iomap_page_mapping_valid(ip, iomap, folio))
			return written;
		status = iomap_unshare_folio(ip, folio, pos, bytes, srcmap);
		if (status) {
			folio_unlock(folio);
			return status;
		}
		set_page_dirty(folio);
		folio_unlock(folio);
		pos += bytes;
		written += bytes;
		length -= bytes;
		if (length > 0)
			cf_window(YP_WRITE_IOMAP_NEXT_PAGE);
	} while (length);
	return written;
}

/* models iomap_file_unshare + iomap_apply, fs/iomap/buffered-io.c @ v5.9 */
int iomap_file_unshare(struct xfs_inode *ip, loff_t pos, loff_t len, iomap_begin_fn begin)
{
	int guard = 0;

	while (len > 0) {
		struct iomap iomap, srcmap;
		loff_t length, ret;

		memset(&iomap, 0, sizeof(iomap));
		memset(&srcmap, 0, sizeof(srcmap));
		srcmap.type = IOMAP_HOLE;
		ret = begin(ip, pos, len, IOMAP_WRITE | IOMAP_UNSHARE, &iomap, &srcmap);
		if (ret)
			return (int)ret;
		if (iomap.offset > pos || iomap.offset + (loff_t)iomap.length <= pos) {
			cf_invariant("iomap_apply", "iomap_begin returned a mapping that does not cover pos");
			return -EIO;
		}
		length = min_t(loff_t, len, iomap.offset + (loff_t)iomap.length - pos);
		/* a distinct source mapping trims the range too */
		if (srcmap.type != IOMAP_HOLE)
			length = min_t(loff_t, length,
				       srcmap.offset + (loff_t)srcmap.length - pos);
		trace_iomap_apply(ip, pos, length, &iomap);
		/* the actor gets the iomap itself when there is no source map */
		ret = iomap_unshare_actor(ip, pos, length, &iomap,
					  srcmap.type != IOMAP_HOLE ? &srcmap : &iomap);
		if (ret < 0 || (ret == 0 && !(iomap.flags & IOMAP_F_STALE)))
			return (int)ret;
		/* v6.2 iomap_iter: a stale mapping is asked for again at pos */
		if (iomap.flags & IOMAP_F_STALE)
			trace_iomap_write_stale(ip, pos + ret);
		pos += ret;
		len -= ret;
		if (++guard > CF_MAX_FILE_BLOCKS) {
			cf_liveness("unshare makes no progress");
			return -EIO;
		}
	}
	return 0;
}

/* models iomap_truncate_page, fs/iomap/buffered-io.c @ v5.10: the tail of
 * the block the new EOF falls in */
int iomap_truncate_page(struct xfs_inode *ip, loff_t pos, bool *did_zero,
			iomap_begin_fn begin)
{
	uint32_t blocksize = ip->i_mount->m_sb_blocksize;
	uint32_t off = pos & (blocksize - 1);

	if (!off)
		return 0;
	return iomap_zero_range(ip, pos, blocksize - off, did_zero, begin);
}
