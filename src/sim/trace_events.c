// SPDX-License-Identifier: GPL-2.0
/*
 * The bodies of the port's tracepoints (shim/xfs_trace.h): the readable
 * trace line of each (the kernel's TP_printk), and for the few events the
 * scheduler or the oracle consume, what they do with it.
 */
#include <stdio.h>
#include "xfs_aops.h"
#include "libxfs/xfs_bmap.h"
#include "xfs_reflink.h"
#include "driver.h"
#include "observe.h"
#include "sched.h"
#include "trace.h"

#define ULL(x)	((unsigned long long)(x))
#define LL(x)	((long long)(x))

static const char *fork_name(int whichfork)
{
	return whichfork == XFS_COW_FORK ? "CoW" : "data";
}

static void map_cached(struct iomap_writepage_ctx *wpc, struct xfs_inode *ip,
		       loff_t offset, const char *verdict)
{
	struct xfs_writepage_ctx *xwpc = (struct xfs_writepage_ctx *)wpc;

	if (!wpc->iomap.length)
		return;		/* nothing cached yet */
	sim_trace("xfs_map_blocks: ino %llu offset %lld cached map [%lld,+%llu)%s %s "
		  "(data_seq %u/%u, cow_seq %u/%u)", ULL(ip->i_ino),
		  LL(offset), LL(wpc->iomap.offset), ULL(wpc->iomap.length),
		  wpc->iomap.flags & IOMAP_F_SHARED ? " SHARED" : "", verdict,
		  xwpc->data_seq, ip->i_df.if_seq, xwpc->cow_seq,
		  ip->i_cowfp ? ip->i_cowfp->if_seq : 0);
}

void cf_tp_xfs_wb_iomap_valid(struct iomap_writepage_ctx *wpc, struct xfs_inode *ip,
			      loff_t offset, bool locked)
{
	map_cached(wpc, ip, offset, locked ? "valid, reused (under ILOCK)" :
		   "valid, reused (no lock)");
}

void cf_tp_xfs_wb_iomap_invalid(struct iomap_writepage_ctx *wpc, struct xfs_inode *ip,
				loff_t offset)
{
	map_cached(wpc, ip, offset, "invalid");
}

void cf_tp_xfs_map_blocks_cow_lookup(struct xfs_inode *ip, xfs_fileoff_t offset_fsb,
				     struct xfs_bmbt_irec *imap, xfs_fileoff_t cow_fsb,
				     int retries)
{
	if (imap) {
		cow_fsb = imap->br_startoff;
		sim_trace("xfs_map_blocks: ino %llu CoW fork extent [%llu,+%llu) %s",
			  ULL(ip->i_ino), ULL(imap->br_startoff), ULL(imap->br_blockcount),
			  isnullstartblock(imap->br_startblock) ? "delalloc" :
			  imap->br_state == XFS_EXT_UNWRITTEN ? "unwritten" : "written");
		sim_obs->map_cow_lookup(ip, offset_fsb, true, imap->br_startoff);
	} else {
		sim_obs->map_cow_lookup(ip, offset_fsb, false, NULLFILEOFF);
	}
	sim_feature(0x10000u | (xfs_inode_has_cow_data(ip) << 1) |
		    (cow_fsb != NULLFILEOFF && cow_fsb <= offset_fsb) | (retries << 2));
}

void cf_tp_xfs_map_blocks_cow_fork_line(struct xfs_inode *ip, xfs_fileoff_t offset_fsb,
					xfs_fileoff_t cow_fsb, unsigned int cow_seq)
{
	sim_trace("xfs_map_blocks: ino %llu offset_fsb %llu cow_fsb %llu -> CoW fork, cow_seq %u",
		  ULL(ip->i_ino), ULL(offset_fsb), ULL(cow_fsb), cow_seq);
}

void cf_tp_xfs_map_blocks_data_line(struct xfs_inode *ip, xfs_fileoff_t offset_fsb,
				    struct xfs_bmbt_irec *imap, unsigned int data_seq,
				    int whichfork, xfs_fileoff_t cow_fsb)
{
	char ext[48];

	/* past the last extent the kernel leaves imap's length unset: a
	 * hole is shown by where it ends only */
	if (imap->br_startoff > offset_fsb)
		snprintf(ext, sizeof(ext), "hole up to %llu", ULL(imap->br_startoff));
	else
		snprintf(ext, sizeof(ext), "%s [%llu,+%llu)",
			 isnullstartblock(imap->br_startblock) ? "delalloc" :
			 imap->br_state == XFS_EXT_UNWRITTEN ? "unwritten" : "written",
			 ULL(imap->br_startoff), ULL(imap->br_blockcount));
	sim_trace("xfs_map_blocks: ino %llu offset_fsb %llu data lookup: %s, "
		  "data_seq %u, whichfork %s, cow_fsb %s",
		  ULL(ip->i_ino), ULL(offset_fsb), ext,
		  data_seq, whichfork == XFS_COW_FORK ? "COW (stale)" : "DATA",
		  cow_fsb == NULLFILEOFF ? "NULLFILEOFF" : "set");
}

void cf_tp_xfs_map_blocks_trim_cow(struct xfs_inode *ip, xfs_fileoff_t cow_fsb)
{
	sim_obs->map_trim(ip, cow_fsb);
}

void cf_tp_xfs_map_blocks_convert(struct xfs_inode *ip, int whichfork,
				  xfs_fileoff_t offset_fsb, xfs_fileoff_t cow_fsb)
{
	sim_obs->map_convert(ip, whichfork, offset_fsb, cow_fsb);
}

void cf_tp_xfs_map_blocks_convert_error(struct xfs_inode *ip, int whichfork,
					xfs_fileoff_t offset_fsb, int error, int retries)
{
	sim_trace("xfs_map_blocks: convert %s fork at %llu returned %s (retries %d)",
		  fork_name(whichfork), ULL(offset_fsb), sim_errname(error), retries);
}

void cf_tp_xfs_map_blocks_found(struct xfs_inode *ip, loff_t offset,
				struct xfs_bmbt_irec *imap)
{
	sim_trace("xfs_map_blocks_found: ino %llu offset %lld %s [%llu,+%llu)",
		  ULL(ip->i_ino), LL(offset),
		  imap->br_startblock == HOLESTARTBLOCK ? "hole" :
		  imap->br_state == XFS_EXT_UNWRITTEN ? "unwritten" : "written",
		  ULL(imap->br_startoff), ULL(imap->br_blockcount));
}

void cf_tp_xfs_map_blocks_alloc(struct xfs_inode *ip, loff_t offset, int whichfork,
				struct iomap *iomap)
{
	sim_trace("xfs_map_blocks_alloc: ino %llu offset %lld %s fork -> block %llu len %llu",
		  ULL(ip->i_ino), LL(offset), fork_name(whichfork),
		  ULL(iomap->addr), ULL(iomap->length));
}

void cf_tp_xfs_discard_page(struct xfs_inode *ip, struct page *page, loff_t fileoff)
{
	sim_trace("page discard on page %lu, inode %llu, offset %lld",
		  page_index(ip, page), ULL(ip->i_ino), LL(fileoff));
}

void cf_tp_xfs_end_ioend(struct xfs_inode *ip, loff_t offset, size_t size,
			 unsigned int io_flags, int error)
{
	sim_trace("xfs_end_ioend: ino %llu off %lld size %zu%s error %s",
		  ULL(ip->i_ino), LL(offset), size,
		  io_flags & IOMAP_F_SHARED ? " SHARED" : "", sim_errname(error));
}

void cf_tp_xfs_bmapi_convert_delalloc_eagain(struct xfs_inode *ip, int whichfork,
					     xfs_fileoff_t offset_fsb)
{
	sim_trace("xfs_bmapi_convert_delalloc: ino %llu %s fork has nothing at %llu: -EAGAIN",
		  ULL(ip->i_ino), fork_name(whichfork), ULL(offset_fsb));
}

void cf_tp_xfs_bmapi_convert_delalloc_real(struct xfs_inode *ip, int whichfork,
					   struct xfs_bmbt_irec *got)
{
	sim_trace("xfs_bmapi_convert_delalloc: ino %llu %s fork [%llu,+%llu) already real",
		  ULL(ip->i_ino), fork_name(whichfork),
		  ULL(got->br_startoff), ULL(got->br_blockcount));
}

void cf_tp_xfs_bmapi_convert_delalloc(struct xfs_inode *ip, int whichfork,
				      struct xfs_bmbt_irec *got, unsigned int seq)
{
	sim_trace("xfs_bmapi_convert_delalloc: ino %llu %s fork [%llu,+%llu) -> block %llu %s, seq %u",
		  ULL(ip->i_ino), fork_name(whichfork),
		  ULL(got->br_startoff), ULL(got->br_blockcount), ULL(got->br_startblock),
		  got->br_state == XFS_EXT_UNWRITTEN ? "unwritten" : "written", seq);
}





void cf_tp_xfs_ilock(struct xfs_inode *ip, unsigned int lock_flags)
{
	if (lock_flags & (XFS_ILOCK_EXCL | XFS_ILOCK_SHARED))
		sim_trace("xfs_ilock ino %llu %s", ULL(ip->i_ino),
			  lock_flags & XFS_ILOCK_EXCL ? "ILOCK_EXCL" : "ILOCK_SHARED");
}

void cf_tp_xfs_reflink_cow_found(struct xfs_inode *ip, struct xfs_bmbt_irec *irec)
{
	sim_trace("xfs_reflink_cow_found: ino %llu [%llu,+%llu)",
		  ULL(ip->i_ino), ULL(irec->br_startoff), ULL(irec->br_blockcount));
}

void cf_tp_xfs_iomap_alloc(struct xfs_inode *ip, int whichfork, struct xfs_bmbt_irec *irec)
{
	sim_trace("xfs_iomap_alloc: ino %llu %s fork delalloc [%llu,+%llu)",
		  ULL(ip->i_ino), fork_name(whichfork),
		  ULL(irec->br_startoff), ULL(irec->br_blockcount));
}

void cf_tp_xfs_bmap_punch_delalloc(struct xfs_inode *ip, struct xfs_bmbt_irec *del)
{
	sim_trace("xfs_bmap_punch_delalloc_range: ino %llu data fork [%llu,+%llu)",
		  ULL(ip->i_ino), ULL(del->br_startoff), ULL(del->br_blockcount));
}

void cf_tp_xfs_free_file_space(struct xfs_inode *ip, xfs_fileoff_t startoffset_fsb,
			       xfs_fileoff_t endoffset_fsb, int error)
{
	sim_trace("xfs_free_file_space: ino %llu [%llu,+%llu) error %s",
		  ULL(ip->i_ino), ULL(startoffset_fsb),
		  ULL(endoffset_fsb > startoffset_fsb ? endoffset_fsb - startoffset_fsb : 0),
		  sim_errname(error));
}

void cf_tp_xfs_setattr_size(struct xfs_inode *ip, loff_t oldsize, loff_t newsize, int error)
{
	sim_trace("xfs_setattr_size: ino %llu %lld -> %lld error %s",
		  ULL(ip->i_ino), LL(oldsize), LL(newsize), sim_errname(error));
}

void cf_tp_xfs_iomap_atomic_write_cow(struct xfs_inode *ip, loff_t offset, loff_t length)
{
	sim_trace("xfs_iomap_atomic_write_cow: ino %llu off %lld len %lld",
		  ULL(ip->i_ino), LL(offset), LL(length));
}

void cf_tp_xfs_end_io_direct_write(struct xfs_inode *ip, loff_t offset, loff_t size,
				   unsigned int flags)
{
	sim_trace("xfs_end_io_direct_write: ino %llu off %lld size %lld%s%s",
		  ULL(ip->i_ino), LL(offset), LL(size),
		  flags & IOMAP_DIO_COW ? " COW" : "",
		  flags & IOMAP_DIO_UNWRITTEN ? " UNWRITTEN" : "");
}

void cf_tp_xfs_reflink_convert_cow(struct xfs_inode *ip, xfs_fileoff_t offset_fsb,
				   xfs_filblks_t count_fsb, int error)
{
	sim_trace("xfs_reflink_convert_cow: ino %llu [%llu,+%llu) error %s",
		  ULL(ip->i_ino), ULL(offset_fsb), ULL(count_fsb), sim_errname(error));
}

void cf_tp_xfs_reflink_convert_cow_dio(struct xfs_inode *ip, xfs_fileoff_t offset_fsb,
				       xfs_filblks_t count_fsb)
{
	sim_trace("xfs_reflink_convert_cow (dio): ino %llu [%llu,+%llu)",
		  ULL(ip->i_ino), ULL(offset_fsb), ULL(count_fsb));
}

void cf_tp_xfs_reflink_cow_remap(struct xfs_inode *ip, struct xfs_bmbt_irec *del)
{
	sim_trace("xfs_reflink_cow_remap: ino %llu [%llu,+%llu) block %llu -> data fork",
		  ULL(ip->i_ino), ULL(del->br_startoff), ULL(del->br_blockcount),
		  ULL(del->br_startblock));
}

void cf_tp_xfs_reflink_end_cow(struct xfs_inode *ip, xfs_fileoff_t offset_fsb,
			       xfs_fileoff_t end_fsb)
{
	sim_trace("xfs_reflink_end_cow: ino %llu [%llu,+%llu)", ULL(ip->i_ino),
		  ULL(offset_fsb), ULL(end_fsb > offset_fsb ? end_fsb - offset_fsb : 0));
}

void cf_tp_xfs_reflink_cancel_cow_range(struct xfs_inode *ip, xfs_fileoff_t offset_fsb,
					xfs_fileoff_t end_fsb, bool cancel_real, int error)
{
	sim_trace("xfs_reflink_cancel_cow_range: ino %llu [%llu,+%llu) real %d error %s",
		  ULL(ip->i_ino), ULL(offset_fsb),
		  ULL(end_fsb > offset_fsb ? end_fsb - offset_fsb : 0), cancel_real,
		  sim_errname(error));
}

void cf_tp_xfs_reflink_unshare(struct xfs_inode *ip, loff_t offset, loff_t len)
{
	sim_trace("xfs_reflink_unshare: ino %llu off %lld len %lld", ULL(ip->i_ino),
		  (long long)offset, (long long)len);
}

void cf_tp_xfs_reflink_unshare_error(struct xfs_inode *ip, int error)
{
	sim_trace("xfs_reflink_unshare_error: ino %llu error %s", ULL(ip->i_ino),
		  sim_errname(error));
}

void cf_tp_xfs_reflink_unset_inode_flag(struct xfs_inode *ip)
{
	sim_trace("xfs_reflink_unset_inode_flag: ino %llu (its CoW fork is cancelled)",
		  ULL(ip->i_ino));
}

void cf_tp_xfs_reflink_remap_extent(struct xfs_inode *ip, struct xfs_bmbt_irec *dmap,
				    int error)
{
	sim_trace("xfs_reflink_remap_extent: ino %llu [%llu,+%llu) <- %s %llu error %s",
		  ULL(ip->i_ino), ULL(dmap->br_startoff), ULL(dmap->br_blockcount),
		  xfs_bmap_is_real_extent(dmap) ? "block" : "hole",
		  ULL(xfs_bmap_is_real_extent(dmap) ? dmap->br_startblock : 0),
		  sim_errname(error));
}

void cf_tp_xfs_reflink_remap_range_end(struct xfs_inode *src, loff_t pos_in,
				       struct xfs_inode *dest, loff_t pos_out,
				       loff_t len, int error)
{
	sim_trace("xfs_reflink_remap_range: ino %llu %lld -> ino %llu %lld len %lld error %s",
		  ULL(src->i_ino), LL(pos_in), ULL(dest->i_ino), LL(pos_out), LL(len),
		  sim_errname(error));
}

void cf_tp_xfs_reflink_remap_range(struct xfs_inode *src, loff_t pos_in, loff_t len,
				   struct xfs_inode *dest, loff_t pos_out)
{
	cf_clone_resolved(XFS_B_TO_FSB(src->i_mount, len));
}

void cf_tp_cf_reflink_unconvert_cow(struct xfs_inode *ip, xfs_fileoff_t offset_fsb,
				    xfs_filblks_t count_fsb, int error)
{
	sim_trace("xfs_reflink_unconvert_cow: ino %llu [%llu,+%llu) error %s",
		  ULL(ip->i_ino), ULL(offset_fsb), ULL(count_fsb), sim_errname(error));
}

void cf_tp_cf_reflink_end_cow_claimed(struct xfs_inode *ip, xfs_fileoff_t offset_fsb,
				      xfs_fileoff_t end_fsb, xfs_fsblock_t blk)
{
	sim_trace("xfs_reflink_end_cow (claimed): ino %llu [%llu,+%llu) blocks from %llu",
		  ULL(ip->i_ino), ULL(offset_fsb),
		  ULL(end_fsb > offset_fsb ? end_fsb - offset_fsb : 0), ULL(blk));
}

void cf_tp_cf_reflink_end_cow_claim_realloc(struct xfs_inode *ip, struct xfs_bmbt_irec *del)
{
	sim_trace("xfs_reflink_end_cow (claimed): ino %llu [%llu,+1) block %llu "
		  "was allocated again since the claim: skipped",
		  ULL(ip->i_ino),
		  ULL(del->br_startoff + del->br_blockcount - 1),
		  ULL(del->br_startblock + del->br_blockcount - 1));
}

void cf_tp_iomap_apply(struct xfs_inode *ip, loff_t pos, loff_t length, struct iomap *iomap)
{
	sim_trace("iomap_apply: ino %llu pos %lld len %lld %s%s",
		  ULL(ip->i_ino), LL(pos), LL(length),
		  iomap->type == IOMAP_DELALLOC ? "delalloc" :
		  iomap->type == IOMAP_UNWRITTEN ? "unwritten" :
		  iomap->type == IOMAP_MAPPED ? "mapped" : "hole",
		  iomap->flags & IOMAP_F_SHARED ? " SHARED" : "");
}

/* the kernel traces only a stale cookie (xfs_iomap_invalid) */
void cf_tp_xfs_iomap_valid(struct xfs_inode *ip, const struct iomap *iomap, bool valid)
{
	sim_trace("xfs_iomap_%svalid: ino %llu mapping [%lld,+%llu) cookie %llx%s",
		  valid ? "" : "in", ULL(ip->i_ino), LL(iomap->offset),
		  ULL(iomap->length), ULL(iomap->validity_cookie),
		  iomap->flags & IOMAP_F_SHARED ? " SHARED" : "");
}

/* no kernel event: the write loop maps again from pos */
void cf_tp_iomap_write_stale(struct xfs_inode *ip, loff_t pos)
{
	sim_trace("iomap_write_iter: ino %llu pos %lld: stale mapping, map again",
		  ULL(ip->i_ino), LL(pos));
}

void cf_tp_iomap_zero_range(struct xfs_inode *ip, loff_t block)
{
	sim_trace("iomap_zero_range: ino %llu block %lld", ULL(ip->i_ino), LL(block));
}

void cf_tp_iomap_write_begin_rmw(struct xfs_inode *ip, loff_t block_start, int64_t bno,
				 uint16_t tag)
{
	if (bno < 0)
		sim_trace("iomap_write_begin: ino %llu offset %lld: partial block not uptodate, "
			  "zeroed", ULL(ip->i_ino), LL(block_start));
	else
		sim_trace("iomap_write_begin: ino %llu offset %lld: partial block not uptodate, "
			  "read from disk block %lld (tag %u)", ULL(ip->i_ino), LL(block_start),
			  LL(bno), tag);
}

void cf_tp_iomap_writepages_page(struct xfs_inode *ip, unsigned long index, bool sync_all)
{
	sim_trace("writepages: ino %llu page %lu locked, PG_dirty cleared (DIRTY tag kept), "
		  "sync_all %d", ULL(ip->i_ino), index, sync_all);
}

void cf_tp_submit_bio(struct iomap_ioend *ioend)
{
	sim_trace("submit_bio ino %u off %lld size %llu block %llu%s status %s",
		  ioend->ino, LL(ioend->io_offset), ULL(ioend->io_size), ULL(ioend->io_bno),
		  ioend->io_flags & IOMAP_F_SHARED ? " SHARED" : "", sim_errname(ioend->io_status));
}

void cf_tp_iomap_dio_bio(struct xfs_inode *ip, loff_t pos, loff_t length, struct iomap *iomap)
{
	uint32_t bs = ip->i_mount->m_sb_blocksize;

	sim_trace("dio bio: ino %llu pos %lld len %lld -> block %llu%s%s",
		  ULL(ip->i_ino), LL(pos), LL(length),
		  ULL(iomap->addr + (pos - iomap->offset) / bs),
		  iomap->flags & IOMAP_F_SHARED ? " COW" : "",
		  iomap->type == IOMAP_UNWRITTEN ? " UNWRITTEN" : "");
}

void cf_tp_add_to_page_cache(struct xfs_inode *ip, unsigned long index, unsigned long nr)
{
	if (nr == 1)
		sim_trace("page cache: add page %lu of ino %llu", index, ULL(ip->i_ino));
	else
		sim_trace("page cache: add folio of pages %lu-%lu of ino %llu", index,
			  index + nr - 1, ULL(ip->i_ino));
}

void cf_tp_delete_from_page_cache(struct xfs_inode *ip, unsigned long index, unsigned long nr)
{
	if (nr == 1)
		sim_trace("page cache: drop page %lu of ino %llu", index, ULL(ip->i_ino));
	else
		sim_trace("page cache: drop folio of pages %lu-%lu of ino %llu", index,
			  index + nr - 1, ULL(ip->i_ino));
}

void cf_tp_folio_split(struct xfs_inode *ip, unsigned long index, unsigned long nr,
		       unsigned long split_at)
{
	sim_trace("page cache: split folio of pages %lu-%lu of ino %llu at page %lu", index,
		  index + nr - 1, ULL(ip->i_ino), split_at);
}

void cf_tp_mapping_set_error(struct xfs_inode *ip, int error)
{
	sim_trace("mapping_set_error ino %llu error %s", ULL(ip->i_ino), sim_errname(error));
}

/* Block i of page, at file_offset, is skipped over a hole: its dirty data
 * is lost, but a dirty block of zeroes (EOF zeroing) loses nothing. */
static void hole_block_skipped(struct xfs_inode *ip, struct page *page, unsigned int i,
			       loff_t file_offset, const char *site)
{
	if ((page->blk_dirty & (1u << i)) && page->tag[i] != CF_TAG_ZERO)
		sim_obs->write_tossed(ip, file_offset, 0, site);
}

void cf_tp_iomap_writepage_map_hole(struct xfs_inode *ip, struct page *page,
				    unsigned int i, loff_t file_offset)
{
	hole_block_skipped(ip, page, i, file_offset, "iomap_writepage_map:hole");
}

void cf_tp_iomap_add_to_ioend(struct xfs_inode *ip, loff_t pos, unsigned int dirty_len,
			      struct iomap *iomap)
{
	sim_trace("iomap_add_to_ioend: ino %llu pos %lld dirty_len %u, mapping [%lld,+%llu) %s%s",
		  ULL(ip->i_ino), LL(pos), dirty_len, LL(iomap->offset), ULL(iomap->length),
		  iomap->type == IOMAP_DELALLOC ? "delalloc" :
		  iomap->type == IOMAP_UNWRITTEN ? "unwritten" :
		  iomap->type == IOMAP_MAPPED ? "mapped" : "hole",
		  iomap->flags & IOMAP_F_SHARED ? " SHARED" : "");
}

void cf_tp_iomap_add_to_ioend_hole(struct xfs_inode *ip, struct page *page,
				   loff_t pos, unsigned int len)
{
	uint32_t bs = ip->i_mount->m_sb_blocksize;

	/* page is the folio's head: each block's bits are its own page's */
	(void)page;
	for (loff_t off = pos; off < pos + (loff_t)len; off += bs)
		hole_block_skipped(ip, &ip->i_mapping.pages[off / CF_PAGE_SIZE],
				   (off % CF_PAGE_SIZE) / bs, off, "iomap_add_to_ioend:hole");
}

void cf_tp_iomap_dio_invalidate_fail(struct xfs_inode *ip, int opidx, loff_t pos,
				     loff_t len, int error)
{
	if (opidx >= 0)
		sim_obs->dio_declined(opidx);
	sim_trace("iomap_dio_invalidate_fail: ino %llu pos %lld len %lld: %s",
		  ULL(ip->i_ino), LL(pos), LL(len), sim_errname(error));
}

void cf_tp_iomap_dio_queued(struct xfs_inode *ip, int opidx, loff_t offset, loff_t size)
{
	if (opidx >= 0)
		sim_obs->op_deferred(opidx);
	sim_trace("dio queued: ino %llu off %lld size %lld", ULL(ip->i_ino),
		  LL(offset), LL(size));
}
