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
};


const struct cf_profile *cf_profile_get(const struct cf_profile_info *info);

#endif
