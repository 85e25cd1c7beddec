// SPDX-License-Identifier: GPL-2.0
/*
 * The buffered write path (fs/iomap/buffered-io.c + iomap_apply, v5.9):
 * ask the file system for a mapping, then copy into the page cache page by
 * page.  Writes are block aligned, so blocks not written are never read in:
 * they simply stay !uptodate (iomap's per-block state), as in the kernel.
 */
#include "xfs_inode.h"
#include "iomap/iomap.h"
#include "libxfs/xfs_inode_fork.h"

/* cowfuzz's own: one page of iomap_write_actor, the kernel's
 * iomap_write_begin, copy and iomap_write_end (fs/iomap/buffered-io.c, v5.9) */
static void iomap_write_page(struct xfs_inode *ip, loff_t pos, loff_t len, uint16_t tag)
{
	uint32_t bs = ip->i_mount->m_sb_blocksize;
	unsigned long index = pos / CF_PAGE_SIZE;
	struct page *page = grab_cache_page(ip, index);
	unsigned int first = (pos % CF_PAGE_SIZE) / bs;
	unsigned int nblocks = len / bs;
	unsigned int all = (1u << (CF_PAGE_SIZE / bs)) - 1;

	for (unsigned int b = first; b < first + nblocks; b++) {
		page->tag[b] = tag;
		page->blk_uptodate |= 1u << b;
		page->blk_dirty |= 1u << b;
	}
	if (page->blk_uptodate == all)
		page->uptodate = true;
	set_page_dirty(page);
	/* i_size moves under the page lock, at write_end */
	if (pos + len > ip->i_size)
		ip->i_size = pos + len;
	unlock_page(page);
}

/* models iomap_write_actor, fs/iomap/buffered-io.c @ v5.9 */
static void iomap_write_actor(struct xfs_inode *ip, loff_t pos, loff_t length,
			      uint16_t tag)
{
	while (length > 0) {
		loff_t offset = pos % CF_PAGE_SIZE;
		loff_t bytes = min_t(loff_t, CF_PAGE_SIZE - offset, length);

		iomap_write_page(ip, pos, bytes, tag);
		pos += bytes;
		length -= bytes;
		if (length > 0)
			cf_window(YP_WRITE_IOMAP_NEXT_PAGE);
	}
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
		ret = begin(ip, pos, len, &iomap, &srcmap);
		if (ret)
			return written ? written : ret;
		if (iomap.offset > pos || iomap.offset + (loff_t)iomap.length <= pos) {
			cf_invariant("iomap_apply", "iomap_begin returned a mapping that does not cover pos");
			return -EIO;
		}
		length = min_t(loff_t, len, iomap.offset + (loff_t)iomap.length - pos);
		trace_iomap_apply(ip, pos, length, &iomap);
		cf_window(YP_WRITE_IOMAP_BEGIN_DONE);
		iomap_write_actor(ip, pos, length, tag);
		pos += length;
		len -= length;
		written += length;
		if (++guard > CF_MAX_FILE_BLOCKS) {
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
int iomap_zero_range(struct xfs_inode *ip, loff_t pos, loff_t len, iomap_begin_fn begin)
{
	uint32_t bs = ip->i_mount->m_sb_blocksize;

	for (loff_t off = roundup(pos, bs); off + bs <= pos + len; off += bs) {
		loff_t ret;

		if (!block_needs_zeroing(ip, off / bs))
			continue;
		trace_iomap_zero_range(ip, off / bs);
		ret = iomap_file_buffered_write(ip, off, bs, CF_TAG_ZERO, begin);
		if (ret < 0)
			return (int)ret;
	}
	return 0;
}
