/* SPDX-License-Identifier: GPL-2.0 */
/*
 * profile.h: a kernel behaviour is a small table of switches over the one
 * port (DESIGN §4).  Each switch names the commit that flipped it; the
 * port reads them where the kernels differ, nowhere else.
 */
#ifndef CF_PROFILE_H
#define CF_PROFILE_H

#include <stdbool.h>
#include "cowfuzz.h"

struct xfs_mount;

struct cf_profile {
	struct cf_profile_info info;

	/* 7588cbeec6df (v5.1): retry the CoW conversion once on -EAGAIN. */
	bool map_retry;
	/* c2f09217a430 (v5.10): reset cow_fsb and whichfork at retry:. */
	bool map_reset_per_pass;
	/* v5.1-v5.4 kept the fork in wpc->fork and set it to the data fork
	 * after the data fork lookup; 5.5 made whichfork a local set once. */
	bool map_fork_reset_on_data_path;
	/* a5949d3faedf (v5.8): data fork delalloc converts to unwritten. */
	bool data_delalloc_unwritten;
	/* 763e4cdc0f6d (v5.10): discard on every map error, from the failing
	 * offset; before it only when no block of the page was mapped. */
	bool discard_from_offset;
	/* 5ca5916b6bc9 (v5.16): a failed CoW ioend also punches data fork
	 * delalloc over its range. */
	bool end_ioend_punch_data_on_cow_error;
	/* Before 9230a0b65b47 (v4.20): delay_real's RIGHT_CONTIG merge kept
	 * the old extent's state (a written CoW extent). */
	bool bug_delay_real_right_contig_state;
	/* d62113303d69 (v6.0): a direct write over CoW delalloc that starts
	 * before it keeps converting until the write's start is reached,
	 * instead of failing with a false -ENOSPC on a fragmented device. */
	bool dio_cow_convert_to_offset;
	/* Not a kernel commit: the proposed fix for the truncate-up versus
	 * extending-AIO race cowfuzz found (findings/...-truncate-up-aio):
	 * xfs_setattr_size reads the old size after inode_dio_wait, so the
	 * EOF zeroing starts where the completed AIO left EOF.  Kernels up
	 * to the host's v6.18 read it before and zero acknowledged data. */
	bool setattr_size_after_dio_wait;
	/* Not a kernel commit: a proposed fix for a candidate race cowfuzz
	 * found in the v5.10 code (not confirmed on a real kernel):
	 * xfs_reflink_allocate_cow drops the ILOCK to allocate a transaction
	 * and then trusts the data-fork mapping read before; if a racing
	 * direct write's completion remapped that block meanwhile, the write
	 * goes through the stale mapping into a block another file now owns
	 * alone.  The fix re-reads the data fork after the relock. */
	bool dio_cow_refresh_imap;
	/* Not a kernel commit: xfs_setattr_size truncates the page cache and
	 * then allocates its transaction; an -ENOMEM there leaves delalloc
	 * past EOF with no page behind it (a later clone ASSERTs on it).  The
	 * default allocates first, so a failure changes nothing. */
	bool setattr_trans_first;
	/* 4ce02c679722 (v6.6): writeback writes only the dirty blocks of a
	 * page.  Before it every uptodate block of a dirty page was written;
	 * a block whose write failed keeps its new data in the page cache,
	 * and once cloned it was rewritten in place over the shared block. */
	bool writeback_dirty_blocks;
	/* Later than v5.10, commit not identified (the host's v6.18 has it: its
	 * xfs_wb_cow_iomap_invalid events fire for IOMAP_F_SHARED mappings):
	 * xfs_imap_valid checks a cached CoW mapping against the CoW fork's
	 * sequence number too.  5.10 trusts the range alone, so a writeback
	 * pass keeps using a CoW mapping after another writeback of part of
	 * it (a reflink's or punch's flush) remapped those blocks, and writes
	 * a redirtied page into a block that is now in the data fork, shared
	 * or freed. */
	bool imap_valid_cow_seq;
	/* Not a kernel commit: a proposed fix for a candidate race cowfuzz
	 * found in the v5.10 code (not confirmed on a real kernel): a direct
	 * write's completion remaps every written CoW extent over its range,
	 * also blocks a buffered writeback still has in flight there; if that
	 * bio then fails, its stale block is in the data fork; a buffered
	 * ioend likewise converts and remaps fresh CoW blocks reserved over
	 * its range after its own were remapped.  The fix: each I/O converts
	 * and remaps only the blocks it wrote (ioends merge only when
	 * physically contiguous).  On v6.18 it covers the atomic write's
	 * one-transaction completion too (atomic-end-claims-own-blocks.scn). */
	bool dio_end_cow_claimed;
	/* Not a kernel commit: a proposed fix for a candidate cowfuzz found in
	 * the v5.10 code (always_cow; not confirmed on a real kernel): when a
	 * direct write's CoW blocks left the CoW fork before it completed (a
	 * failed buffered CoW ioend over the same blocks), end_cow remaps
	 * nothing there and xfs_iomap_write_unwritten, run for the unwritten
	 * pieces of the same write, converts the data-fork hole under the CoW
	 * piece by allocating a written block of stale data (or converts an
	 * unwritten extent another failed write left there).  The fix: a
	 * direct write converts only the pieces it wrote as unwritten, and the
	 * conversion never allocates over a hole. */
	bool write_unwritten_skip_holes;
	/* Not a kernel commit: the proposed fix for the failed-CoW-ioend race
	 * cowfuzz found and reproduced on the host's v6.18
	 * (findings/...-shared-overwrite-after-cow-eio).  xfs_end_ioend frees
	 * the CoW blocks of a failed shared ioend; a buffered write that looked
	 * them up while the I/O was in flight has redirtied the page with no
	 * CoW reservation left, and the next writeback overwrites the shared
	 * data-fork block in place, changing the clone partner's data.  The fix
	 * turns the failed range's CoW blocks back to unwritten and keeps them
	 * (cf_reflink_unconvert_cow): the redirtied page's writeback converts
	 * them again, cowblocks reclaim frees them if nothing does.  Buffered
	 * ioends only: a failed direct write leaves its CoW piece alone, as the
	 * kernel does, because another in-flight direct write may have written
	 * the same blocks and its completion must still remap them. */
	bool cow_error_keep_staging;
	/* 1a39ae415c1b (2022; 5.15.140 stable): xfs_reflink_allocate_cow marks
	 * the CoW mapping it converted for a direct write as written.  Before
	 * it the direct write was IOMAP_DIO_UNWRITTEN and its completion also
	 * ran xfs_iomap_write_unwritten over the data fork.  Harmless while
	 * end_cow remaps the range; when a failed buffered CoW ioend took the
	 * staging blocks first (always_cow), the conversion turns a data-fork
	 * hole or unwritten extent into written blocks of stale data. */
	bool cow_dio_cmap_norm;
	/* bd1d2c21d5d2, b1e09178b73a and 9baeac3ab1f8 (v6.16), with the v6.18-rc5 fixes
	 * 8d54eacd82a0 and 8d7bba1e8314: RWF_ATOMIC direct writes.  Without
	 * hardware atomic units (a loop device) every one goes through the CoW
	 * fork (xfs_atomic_write_cow_iomap_begin, even over unshared blocks)
	 * and its completion remaps the whole range in one transaction
	 * (xfs_reflink_end_atomic_cow).  Before 6.11 RWF_ATOMIC is an unknown
	 * flag and 6.11 - 6.15 accept it only with a hardware unit, so older
	 * kernels fail such a write with -EOPNOTSUPP. */
	bool atomic_write_cow;
	/* Before d9252d526ba6 (v5.1): xfs_imap_valid reuses a cached data-fork
	 * writeback mapping on its range alone (only a CoW fork change made it
	 * look again); instead every mapping was trimmed to EOF
	 * (xfs_trim_extent_eof, the band-aid the fix dropped).  A punch or an
	 * EOF trim that frees blocks under a pass's cached mapping, then a
	 * write that dirties the page again, sends the page to the freed block
	 * and leaves the new delalloc behind a clean page.  The 5.0 code had no
	 * iomap writeback and its fork in wpc->io_type; neither changes which
	 * mapping is reused. */
	bool bug_imap_no_data_seq;
	/* Before 26b91c728b2d (v5.1): xfs_reflink_convert_cow converted an
	 * ioend's CoW range at submission with one xfs_bmapi_write(COWFORK |
	 * CONVERT), which ASSERTs on a CoW fork hole (crashes without DEBUG);
	 * a racing direct write's completion may have remapped the extent to
	 * the data fork by then.  The helper since ignores missing extents.
	 * (5.0 also passed CONVERT_ONLY so that a non-DEBUG kernel would not
	 * allocate there; the ASSERT comes first.) */
	bool bug_convert_cow_bmapi_write;
	/* Before 5c665e5b5af6 (v4.19; from v4.9): xfs_map_cow looked up the CoW
	 * fork under its own ILOCK, and xfs_map_blocks took the ILOCK again for
	 * the data fork and trimmed an overwrite mapping to the CoW extent it
	 * found then (xfs_reflink_trim_irec_to_next_cow).  A CoW reservation
	 * made at the block in between (a write to a shared neighbour, widened
	 * by the cowextsize hint) trimmed the mapping to zero blocks, and
	 * writeback skipped the block: its write was lost silently.  The 4.x
	 * buffer-head writeback and io_type differ from the port but pass a
	 * skipped block over the same way the port passes a hole. */
	bool bug_map_cow_separate_ilock;
	/* Before d2b3964a0780 (v4.11; from v4.9): xfs_iomap_write_allocate
	 * converted the CoW extent found before the ILOCK was cycled with
	 * xfs_bmapi_write over its whole range and no XFS_BMAPI_DELALLOC, so
	 * a hole a racing completion's remap left there was allocated, which
	 * trips 4.10's ASSERT(whichfork != XFS_COW_FORK) in
	 * xfs_bmap_add_extent_hole_real (corruption without DEBUG).  The range
	 * is checked for holes under ILOCK_EXCL after window W2, then the 5.10
	 * conversion runs as it does (4.10 converted the pieces the same way
	 * when there was no hole).  4.10 did not convert a CoW extent found
	 * real; neither does the check. */
	bool bug_cow_convert_allocates_hole;
	/* v6.x (the v6.18 code; v5.10 flushes the whole file): unshare
	 * writes back and waits on the unshared range only.  A later shape,
	 * not a fix, that the default carries (it is the kernel 4390f019ad78
	 * fixed): dirty pages outside the range may still sit on CoW fork
	 * delalloc when unshare looks at the fork. */
	bool unshare_flush_range;
	/* 4390f019ad78 (v6.12-rc3): unshare no longer clears the reflink flag
	 * and cancels the CoW fork when no shared block is left; before it
	 * CoW delalloc backing dirty pages outside a ranged flush was freed
	 * and writeback skipped those pages as holes. */
	bool unshare_keep_reflink_flag;
	/* 72a048c1056a (v5.15): a buffered write mapping from the CoW fork is
	 * IOMAP_F_SHARED only when a data fork srcmap comes with it.  Before
	 * it CoW delalloc over a data fork hole was "shared" with no source,
	 * and funshare tried to copy it: WARN in __iomap_write_begin, -EIO.
	 * (7d6fe5c586e6 reverted it in v6.12 once iomap's unshare itself
	 * skipped sources that are not written extents.) */
	bool cow_shared_needs_srcmap;
	/* 55f669f34184 (v6.7): end_cow remaps only the I/O's range of the
	 * written CoW extent it finds.  v5.10 trimmed too; df2fd88f8ac7
	 * (v5.19) dropped the trim, so from v5.19 to v6.6 a completion also
	 * remapped written CoW blocks of another ioend still in flight: stale
	 * data in the file after a power failure, or after that I/O fails. */
	bool end_cow_trim_to_io;
	/* 1f1397b7218d (v6.4): xfs_buffered_write_iomap_begin answers an
	 * unshare over a data fork hole with a hole.  Before it the unshare
	 * reserved data-fork delalloc there, which iomap skips (not shared)
	 * and nothing punches; fallocate's xfs_alloc_file_space turns it into
	 * unwritten blocks, unless the unshare's flush failed first: then the
	 * reservation stays behind no page, and a later clone of the range
	 * fails with EFSCORRUPTED (seen on 6.1.176: EUCLEAN, and xfs_repair's
	 * sb_fdblocks mismatch after unmount). */
	bool unshare_hole_no_alloc;
	/* 1edd2c055dff (v5.8): xfs_iomap_write_unwritten reserves its quota
	 * with XFS_QMOPT_FORCE_RES.  Before it a user at the quota hard limit
	 * made the completion's unwritten conversion fail with -EDQUOT for
	 * data already on disk: the extent stayed unwritten (reads zeroes)
	 * and fsync reported EIO.  Only the `edquot` fault reaches it. */
	bool write_unwritten_force_quota;
	/* 2e08371a83f1 (v6.10): xfs_bmapi_convert_delalloc loops itself
	 * (xfs_bmapi_convert_one_delalloc per pass) until the mapping covers
	 * the offset; xfs_convert_blocks is gone.  The same passes for
	 * writeback; an atomic write's conversion of CoW delalloc (5.10 made
	 * one pass and looked again) now also converts up to its offset. */
	bool convert_delalloc_loop;
	/* d7b64041164c + 304a68b9c63b (v6.2): xfs_buffered_write_iomap_begin
	 * gives its mapping a validity cookie (xfs_iomap_inode_sequence, the
	 * data fork's if_seq and, for a CoW mapping, the CoW fork's); the
	 * write checks it (xfs_iomap_valid) once the page is locked and on a
	 * change maps again from there instead of copying through a mapping
	 * writeback or a completion changed meanwhile. */
	bool iomap_validity_cookie;
	/* 943bc0882ceb (v6.10-rc1, reverted in -rc4 by 0841ea4a3b41, in
	 * again by v6.18): zeroing no longer moves i_size, only a write
	 * does.  On 5.10 iomap_write_end grew i_size to the end of a zeroed
	 * EOF block, so the flush remap_prep starts at XFS_ISIZE missed the
	 * page holding the old EOF; the host's 6.18 flushes it (xfs:
	 * tracepoints show isize unchanged at xfs_reflink_remap_range). */
	bool iomap_zero_keeps_isize;
	/* 7d6fe5c586e6 (v6.12-rc4) with iomap_want_unshare_iter (v6.12):
	 * every CoW fork mapping of a buffered write is IOMAP_F_SHARED again
	 * (72a048c1056a undone), so the validity cookie also samples the CoW
	 * fork's seq; funshare copies only when the data fork gave a written
	 * srcmap (not a hole, delalloc or unwritten extent).  The CoW-fork
	 * punch of a short write (f6f91d290c8b) has no counterpart here:
	 * the port's buffered writes do not fail after reserving. */
	bool cow_mapping_always_shared;
	/* 288e1f693f04 (v6.10): xfs_bmapi_reserve_delalloc retries an ENOSPC
	 * or EDQUOT without the CoW extent size alignment (and without
	 * speculative preallocation, which the port does not make).  Before
	 * it a one-block CoW write failed with ENOSPC when the aligned
	 * reservation did not fit (xfs/205 in always_cow mode). */
	bool cow_extsz_hint_retry;
	/* d58562ca6c99 (v6.0): writeback leaves a page wholly past EOF clean
	 * (its PG_dirty was cleared for the pass) instead of redirtying it,
	 * so a later invalidation (after a direct write) can drop it.  Such a
	 * page exists when a write's EOF zeroing dirtied it and the write
	 * then failed before moving i_size. */
	bool writeback_skip_past_eof;
	/* Not a kernel commit: the proposed fix for a stale read cowfuzz
	 * found (findings/...-stale-cow-block-read-under-hole).  A direct write
	 * that fails leaves its CoW block, converted to written before the
	 * I/O, in the CoW fork.  Once the data fork has a hole there (a clone
	 * of a hole, a punch), a buffered write of part of the block finds
	 * the CoW extent (found_cow) with a hole for srcmap, and iomap reads
	 * the rest of the block from the CoW block: whatever the device held
	 * there (freed data of any file).  The fix marks such a mapping
	 * IOMAP_F_NEW, so the rest is zeroed: what the hole reads. */
	bool cow_hole_rmw_zeroes;
	/* 6.17 (->writeback_range and ->writeback_submit replaced
	 * ->map_blocks, ->submit_ioend and ->discard_folio): iomap_writepages
	 * sets PG_writeback before mapping a page (6.8), maps and adds each
	 * run of dirty blocks in one go (xfs_writeback_range), and when a
	 * range cannot join the current ioend submits that ioend at once from
	 * iomap_add_to_ioend: its CoW conversion (xfs_writeback_submit) runs
	 * while the next page is locked and under writeback, where 5.10 ran it
	 * after unlocking the page.  A mapping error punches the data fork's
	 * delalloc to the end of the page (xfs_discard_folio) and leaves the
	 * page uptodate, not invalidated; the page's dirty bits are cleared. */
	bool writeback_range;
	/* v6.6 (iomap's direct writes call kiocb_invalidate_pages; commit not
	 * identified): a flush or page invalidation that fails before a
	 * direct write sends the write back to xfs_file_write_iter with
	 * -ENOTBLK, which does it buffered; an atomic write gets -EAGAIN
	 * instead (6.16).  The v5.9 shape returns the flush's error and
	 * leaves a page it cannot invalidate stale.  Seen on the host with
	 * faultdisk: a direct write after a failed writeback returns the full
	 * count and the error comes from the next fsync. */
	bool dio_invalidate_fallback;
	/* 6795801366da (v5.17, "xfs: Support large folios") and d6bb59a9444d
	 * (v6.6, "iomap: Create large folios in the buffered write path"): a
	 * buffered write gets a folio sized to what is left of its mapping
	 * (fgf_set_order in iomap_get_folio), naturally aligned and clear of
	 * cached pages; at most 4 pages here.  The folio is the unit of the
	 * lock, PG_dirty, PG_writeback, writeback (all its dirty blocks under
	 * one lock), direct-I/O invalidation and truncation, which zeroes a
	 * folio partly in range and splits it around the range unless it is
	 * dirty.  Before, every page cache page was its own 4 KiB unit. */
	bool large_folios;
};


const struct cf_profile *cf_profile_get(const struct cf_profile_info *info);

#endif
