/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xfs_trace.h: the port's tracepoints, named after the kernel's
 * (fs/xfs/xfs_trace.h, fs/iomap/trace.h) where one exists.  As in the
 * kernel, a trace_*() call is an inline that costs one predicted branch
 * when tracing is off; the body (the kernel's TP_printk) lives with the
 * consumer, sim/trace_events.c, which writes the readable trace line.
 *
 * A few events are also read by the scheduler or the oracle and so run
 * with tracing off too (marked "always"): they announce a window that the
 * next lock call opens (cf_windows.h), or tell the oracle what this pass
 * of xfs_map_blocks looked up.  Events with no kernel counterpart say so.
 */
#ifndef __XFS_TRACE_H__
#define __XFS_TRACE_H__

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include "cf_windows.h"

struct xfs_inode;
struct xfs_mount;
struct xfs_bmbt_irec;
struct iomap;
struct iomap_ioend;
struct iomap_writepage_ctx;
struct page;

extern bool sim_trace_on;	/* sim/trace.c: -v */

#define CF_TRACE_EVENT(name, proto, args)				\
	void cf_tp_##name proto;					\
	static inline void trace_##name proto				\
	{								\
		if (__builtin_expect(sim_trace_on, 0))			\
			cf_tp_##name args;				\
	}

/* ---- xfs_aops.c: xfs_map_blocks and writeback completion ---------------- */

/* the cached mapping was valid (under the ILOCK or without it) */
CF_TRACE_EVENT(xfs_wb_iomap_valid,
	(struct iomap_writepage_ctx *wpc, struct xfs_inode *ip, loff_t offset, bool locked),
	(wpc, ip, offset, locked))

/* always: the cached mapping is stale; the ILOCK take is window W1
 * (v6.2 names xfs_wb_data_iomap_invalid / xfs_wb_cow_iomap_invalid) */
void cf_tp_xfs_wb_iomap_invalid(struct iomap_writepage_ctx *wpc, struct xfs_inode *ip,
				loff_t offset);
static inline void trace_xfs_wb_iomap_invalid(struct iomap_writepage_ctx *wpc,
					      struct xfs_inode *ip, loff_t offset)
{
	if (__builtin_expect(sim_trace_on, 0))
		cf_tp_xfs_wb_iomap_invalid(wpc, ip, offset);
	cf_window_arm(YP_MAP_BLOCKS_W1);
}

/* always (not the kernel's): this pass's CoW fork lookup, for the
 * stale-whichfork oracle and the interleaving coverage */
void cf_tp_xfs_map_blocks_cow_lookup(struct xfs_inode *ip, xfs_fileoff_t offset_fsb,
				     struct xfs_bmbt_irec *imap, xfs_fileoff_t cow_fsb,
				     int retries);
static inline void trace_xfs_map_blocks_cow_found(struct xfs_inode *ip,
						  xfs_fileoff_t offset_fsb,
						  struct xfs_bmbt_irec *imap, int retries)
{
	cf_tp_xfs_map_blocks_cow_lookup(ip, offset_fsb, imap, 0, retries);
}

static inline void trace_xfs_map_blocks_cow_none(struct xfs_inode *ip,
						 xfs_fileoff_t offset_fsb,
						 xfs_fileoff_t cow_fsb, int retries)
{
	cf_tp_xfs_map_blocks_cow_lookup(ip, offset_fsb, NULL, cow_fsb, retries);
}

/* always (not the kernel's): the CoW branch; the ILOCK drop is window W2 */
CF_TRACE_EVENT(xfs_map_blocks_cow_fork_line,
	(struct xfs_inode *ip, xfs_fileoff_t offset_fsb, xfs_fileoff_t cow_fsb,
	 unsigned int cow_seq),
	(ip, offset_fsb, cow_fsb, cow_seq))
static inline void trace_xfs_map_blocks_cow_fork(struct xfs_inode *ip,
						 xfs_fileoff_t offset_fsb,
						 xfs_fileoff_t cow_fsb, unsigned int cow_seq)
{
	trace_xfs_map_blocks_cow_fork_line(ip, offset_fsb, cow_fsb, cow_seq);
	cf_window_arm(YP_MAP_BLOCKS_W2);
}

/* always (not the kernel's): the data fork lookup; the ILOCK drop is W3 */
CF_TRACE_EVENT(xfs_map_blocks_data_line,
	(struct xfs_inode *ip, xfs_fileoff_t offset_fsb, struct xfs_bmbt_irec *imap,
	 unsigned int data_seq, int whichfork, xfs_fileoff_t cow_fsb),
	(ip, offset_fsb, imap, data_seq, whichfork, cow_fsb))
static inline void trace_xfs_map_blocks_data(struct xfs_inode *ip, xfs_fileoff_t offset_fsb,
					     struct xfs_bmbt_irec *imap, unsigned int data_seq,
					     int whichfork, xfs_fileoff_t cow_fsb)
{
	trace_xfs_map_blocks_data_line(ip, offset_fsb, imap, data_seq, whichfork, cow_fsb);
	cf_window_arm(YP_MAP_BLOCKS_W3);
}

/* always (not the kernel's): the oracle checks cow_fsb and whichfork */
void cf_tp_xfs_map_blocks_trim_cow(struct xfs_inode *ip, xfs_fileoff_t cow_fsb);
static inline void trace_xfs_map_blocks_trim_cow(struct xfs_inode *ip, xfs_fileoff_t cow_fsb)
{
	cf_tp_xfs_map_blocks_trim_cow(ip, cow_fsb);
}

void cf_tp_xfs_map_blocks_convert(struct xfs_inode *ip, int whichfork,
				  xfs_fileoff_t offset_fsb, xfs_fileoff_t cow_fsb);
static inline void trace_xfs_map_blocks_convert(struct xfs_inode *ip, int whichfork,
						xfs_fileoff_t offset_fsb, xfs_fileoff_t cow_fsb)
{
	cf_tp_xfs_map_blocks_convert(ip, whichfork, offset_fsb, cow_fsb);
}

CF_TRACE_EVENT(xfs_map_blocks_convert_error,
	(struct xfs_inode *ip, int whichfork, xfs_fileoff_t offset_fsb, int error, int retries),
	(ip, whichfork, offset_fsb, error, retries))
CF_TRACE_EVENT(xfs_map_blocks_found,
	(struct xfs_inode *ip, loff_t offset, struct xfs_bmbt_irec *imap),
	(ip, offset, imap))
CF_TRACE_EVENT(xfs_map_blocks_alloc,
	(struct xfs_inode *ip, loff_t offset, int whichfork, struct iomap *iomap),
	(ip, offset, whichfork, iomap))
CF_TRACE_EVENT(xfs_discard_page,
	(struct xfs_inode *ip, struct page *page, loff_t fileoff),
	(ip, page, fileoff))
CF_TRACE_EVENT(xfs_end_ioend,
	(struct xfs_inode *ip, loff_t offset, size_t size, unsigned int io_flags, int error),
	(ip, offset, size, io_flags, error))

/* ---- libxfs ------------------------------------------------------------ */

CF_TRACE_EVENT(xfs_bmapi_convert_delalloc_eagain,
	(struct xfs_inode *ip, int whichfork, xfs_fileoff_t offset_fsb),
	(ip, whichfork, offset_fsb))
CF_TRACE_EVENT(xfs_bmapi_convert_delalloc_real,
	(struct xfs_inode *ip, int whichfork, struct xfs_bmbt_irec *got),
	(ip, whichfork, got))
CF_TRACE_EVENT(xfs_bmapi_convert_delalloc,
	(struct xfs_inode *ip, int whichfork, struct xfs_bmbt_irec *got, unsigned int seq),
	(ip, whichfork, got, seq))
CF_TRACE_EVENT(xfs_bmapi_reserve_delalloc,
	(struct xfs_inode *ip, int whichfork, xfs_fileoff_t aoff, xfs_extlen_t alen,
	 xfs_extlen_t indlen),
	(ip, whichfork, aoff, alen, indlen))
CF_TRACE_EVENT(xfs_iext_insert,
	(struct xfs_inode *ip, int state, int pos, struct xfs_bmbt_irec *irec),
	(ip, state, pos, irec))
CF_TRACE_EVENT(xfs_iext_remove,
	(struct xfs_inode *ip, int state, int pos),
	(ip, state, pos))
CF_TRACE_EVENT(xfs_iext_update,
	(struct xfs_inode *ip, int state, int pos, struct xfs_bmbt_irec *irec),
	(ip, state, pos, irec))
/* fbno NULLFSBLOCK: nothing found */
CF_TRACE_EVENT(xfs_alloc_vextent,
	(xfs_fsblock_t target, xfs_extlen_t minlen, xfs_extlen_t maxlen,
	 xfs_fsblock_t fbno, xfs_extlen_t flen),
	(target, minlen, maxlen, fbno, flen))
CF_TRACE_EVENT(xfs_free_extent,
	(xfs_fsblock_t bno, xfs_extlen_t len),
	(bno, len))

/* ---- xfs_inode.c, xfs_iomap.c, xfs_bmap_util.c, xfs_file.c -------------- */

CF_TRACE_EVENT(xfs_ilock,
	(struct xfs_inode *ip, unsigned int lock_flags),
	(ip, lock_flags))
CF_TRACE_EVENT(xfs_reflink_cow_found,
	(struct xfs_inode *ip, struct xfs_bmbt_irec *irec),
	(ip, irec))
CF_TRACE_EVENT(xfs_iomap_alloc,
	(struct xfs_inode *ip, int whichfork, struct xfs_bmbt_irec *irec),
	(ip, whichfork, irec))
CF_TRACE_EVENT(xfs_bmap_punch_delalloc,
	(struct xfs_inode *ip, struct xfs_bmbt_irec *del),
	(ip, del))
CF_TRACE_EVENT(xfs_free_file_space,
	(struct xfs_inode *ip, xfs_fileoff_t startoffset_fsb, xfs_fileoff_t endoffset_fsb,
	 int error),
	(ip, startoffset_fsb, endoffset_fsb, error))
CF_TRACE_EVENT(xfs_setattr_size,
	(struct xfs_inode *ip, loff_t oldsize, loff_t newsize, int error),
	(ip, oldsize, newsize, error))
CF_TRACE_EVENT(xfs_iomap_atomic_write_cow,
	(struct xfs_inode *ip, loff_t offset, loff_t length),
	(ip, offset, length))
CF_TRACE_EVENT(xfs_end_io_direct_write,
	(struct xfs_inode *ip, loff_t offset, loff_t size, unsigned int flags),
	(ip, offset, size, flags))

/* ---- xfs_reflink.c ----------------------------------------------------- */

CF_TRACE_EVENT(xfs_reflink_convert_cow,
	(struct xfs_inode *ip, xfs_fileoff_t offset_fsb, xfs_filblks_t count_fsb, int error),
	(ip, offset_fsb, count_fsb, error))
CF_TRACE_EVENT(xfs_reflink_convert_cow_dio,
	(struct xfs_inode *ip, xfs_fileoff_t offset_fsb, xfs_filblks_t count_fsb),
	(ip, offset_fsb, count_fsb))
CF_TRACE_EVENT(xfs_reflink_cow_remap,
	(struct xfs_inode *ip, struct xfs_bmbt_irec *del),
	(ip, del))
CF_TRACE_EVENT(xfs_reflink_end_cow,
	(struct xfs_inode *ip, xfs_fileoff_t offset_fsb, xfs_fileoff_t end_fsb),
	(ip, offset_fsb, end_fsb))
CF_TRACE_EVENT(xfs_reflink_cancel_cow_range,
	(struct xfs_inode *ip, xfs_fileoff_t offset_fsb, xfs_fileoff_t end_fsb,
	 bool cancel_real, int error),
	(ip, offset_fsb, end_fsb, cancel_real, error))
CF_TRACE_EVENT(xfs_reflink_remap_extent,
	(struct xfs_inode *ip, struct xfs_bmbt_irec *dmap, int error),
	(ip, dmap, error))
/* fallocate(UNSHARE_RANGE): start, failure, and the reflink flag dropped */
CF_TRACE_EVENT(xfs_reflink_unshare,
	(struct xfs_inode *ip, loff_t offset, loff_t len), (ip, offset, len))
CF_TRACE_EVENT(xfs_reflink_unshare_error,
	(struct xfs_inode *ip, int error), (ip, error))
CF_TRACE_EVENT(xfs_reflink_unset_inode_flag,
	(struct xfs_inode *ip), (ip))

CF_TRACE_EVENT(xfs_reflink_remap_range_end,
	(struct xfs_inode *src, loff_t pos_in, struct xfs_inode *dest, loff_t pos_out,
	 loff_t len, int error),
	(src, pos_in, dest, pos_out, len, error))

/* always: the clone's source is locked, drained and flushed; the model
 * takes its values now (a clone that failed before copies nothing) */
void cf_tp_xfs_reflink_remap_range(struct xfs_inode *src, loff_t pos_in, loff_t len,
				   struct xfs_inode *dest, loff_t pos_out);
static inline void trace_xfs_reflink_remap_range(struct xfs_inode *src, loff_t pos_in,
						 loff_t len, struct xfs_inode *dest,
						 loff_t pos_out)
{
	cf_tp_xfs_reflink_remap_range(src, pos_in, len, dest, pos_out);
}

/* the project's own proposed fixes (xfs/cf_own) */
CF_TRACE_EVENT(cf_reflink_unconvert_cow,
	(struct xfs_inode *ip, xfs_fileoff_t offset_fsb, xfs_filblks_t count_fsb, int error),
	(ip, offset_fsb, count_fsb, error))
CF_TRACE_EVENT(cf_reflink_end_cow_claimed,
	(struct xfs_inode *ip, xfs_fileoff_t offset_fsb, xfs_fileoff_t end_fsb,
	 xfs_fsblock_t blk),
	(ip, offset_fsb, end_fsb, blk))
CF_TRACE_EVENT(cf_reflink_end_cow_claim_realloc,
	(struct xfs_inode *ip, struct xfs_bmbt_irec *del),
	(ip, del))

/* ---- iomap and the page cache ------------------------------------------ */

CF_TRACE_EVENT(iomap_apply,
	(struct xfs_inode *ip, loff_t pos, loff_t length, struct iomap *iomap),
	(ip, pos, length, iomap))
CF_TRACE_EVENT(xfs_iomap_valid,
	(struct xfs_inode *ip, const struct iomap *iomap, bool valid),
	(ip, iomap, valid))
CF_TRACE_EVENT(iomap_write_stale,
	(struct xfs_inode *ip, loff_t pos),
	(ip, pos))
CF_TRACE_EVENT(iomap_zero_range,
	(struct xfs_inode *ip, loff_t block),
	(ip, block))
/* not the kernel's: a partial-block write reads (or zeroes) the rest of
 * the block first (__iomap_write_begin); bno is the disk block read, or
 * -1 when the block is zeroed */
CF_TRACE_EVENT(iomap_write_begin_rmw,
	(struct xfs_inode *ip, loff_t block_start, int64_t bno, uint16_t tag),
	(ip, block_start, bno, tag))
CF_TRACE_EVENT(iomap_writepages_page,
	(struct xfs_inode *ip, unsigned long index, bool sync_all),
	(ip, index, sync_all))
CF_TRACE_EVENT(submit_bio,
	(struct iomap_ioend *ioend),
	(ioend))
CF_TRACE_EVENT(iomap_dio_bio,
	(struct xfs_inode *ip, loff_t pos, loff_t length, struct iomap *iomap),
	(ip, pos, length, iomap))
CF_TRACE_EVENT(add_to_page_cache,
	(struct xfs_inode *ip, unsigned long index, unsigned long nr),
	(ip, index, nr))
CF_TRACE_EVENT(delete_from_page_cache,
	(struct xfs_inode *ip, unsigned long index, unsigned long nr),
	(ip, index, nr))
/* not the kernel's: a large folio is split (truncate_inode_partial_folio) */
CF_TRACE_EVENT(folio_split,
	(struct xfs_inode *ip, unsigned long index, unsigned long nr, unsigned long split_at),
	(ip, index, nr, split_at))
CF_TRACE_EVENT(mapping_set_error,
	(struct xfs_inode *ip, int error),
	(ip, error))

/* always (not the kernel's): a dirty block of block index i writeback maps
 * to a hole; the oracle decides whether data was lost */
void cf_tp_iomap_writepage_map_hole(struct xfs_inode *ip, struct page *page,
				    unsigned int i, loff_t file_offset);
static inline void trace_iomap_writepage_map_hole(struct xfs_inode *ip, struct page *page,
						  unsigned int i, loff_t file_offset)
{
	cf_tp_iomap_writepage_map_hole(ip, page, i, file_offset);
}

/* 6.17: iomap_add_to_ioend gets a dirty range of a page and the mapping
 * the file system found for its start */
CF_TRACE_EVENT(iomap_add_to_ioend,
	(struct xfs_inode *ip, loff_t pos, unsigned int dirty_len, struct iomap *iomap),
	(ip, pos, dirty_len, iomap))

/* always (not the kernel's): 6.17's iomap_add_to_ioend skips the dirty
 * bytes [pos, pos+len) of a page over a hole; the oracle decides whether
 * data was lost (as for iomap_writepage_map_hole) */
void cf_tp_iomap_add_to_ioend_hole(struct xfs_inode *ip, struct page *page,
				   loff_t pos, unsigned int len);
static inline void trace_iomap_add_to_ioend_hole(struct xfs_inode *ip, struct page *page,
						 loff_t pos, unsigned int len)
{
	cf_tp_iomap_add_to_ioend_hole(ip, page, pos, len);
}

/* always: the flush or invalidation before a direct write failed (6.6);
 * the oracle tells an atomic write's -EAGAIN from it apart */
void cf_tp_iomap_dio_invalidate_fail(struct xfs_inode *ip, int opidx, loff_t pos,
				     loff_t len, int error);
static inline void trace_iomap_dio_invalidate_fail(struct xfs_inode *ip, int opidx,
						   loff_t pos, loff_t len, int error)
{
	cf_tp_iomap_dio_invalidate_fail(ip, opidx, pos, len, error);
}

/* always: an async direct write is queued (-EIOCBQUEUED): its op is
 * acknowledged by its completion, not by its return */
void cf_tp_iomap_dio_queued(struct xfs_inode *ip, int opidx, loff_t offset, loff_t size);
static inline void trace_iomap_dio_queued(struct xfs_inode *ip, int opidx, loff_t offset,
					  loff_t size)
{
	cf_tp_iomap_dio_queued(ip, opidx, offset, size);
}

#endif
