// SPDX-License-Identifier: GPL-2.0
/*
 * The profiles: one port, many kernels.  A bug profile is the default
 * (fixed) behaviour with that one fix reverted, plus the shape of the
 * kernels it names where the shape matters to the bug, so a crash on it
 * points at that bug and no other.  Each row is a kernel behaviour
 * named by the commit that ends it (the behaviour before the fix) or, for
 * the fixed kernel, the fixing commit.  Append-only: names are part of
 * findings/ and scripts.
 */
#include <string.h>
#include "profile.h"

#define FIXED_5_10							\
	.map_retry = true, .map_reset_per_pass = true,			\
	.data_delalloc_unwritten = true, .discard_from_offset = true,	\
	.write_unwritten_force_quota = true
/* The default profile also carries every later modelled fix, so that it
 * stands for "a kernel with none of the modelled bugs".  A later bug profile
 * is FIXED_5_10, LATER_FIXES and then its own fix switched off again (the
 * overriding initializer is the point: the difference is the profile). */
#define LATER_FIXES	.dio_cow_convert_to_offset = true,			\
			.setattr_size_after_dio_wait = true,			\
			.dio_cow_refresh_imap = true,				\
			.end_ioend_punch_data_on_cow_error = true,		\
			.setattr_trans_first = true,				\
			.cow_error_keep_staging = true,				\
			.writeback_dirty_blocks = true,				\
			.cow_dio_cmap_norm = true,				\
			.dio_end_cow_claimed = true,				\
			.write_unwritten_skip_holes = true,			\
			.imap_valid_cow_seq = true,				\
			.unshare_flush_range = true,				\
			.unshare_keep_reflink_flag = true,			\
			.cow_shared_needs_srcmap = true,			\
			.end_cow_trim_to_io = true,				\
			.unshare_hole_no_alloc = true,				\
			.cow_hole_rmw_zeroes = true

#if defined(__clang__)
#pragma clang diagnostic ignored "-Winitializer-overrides"
#elif defined(__GNUC__)
#pragma GCC diagnostic ignored "-Woverride-init"
#endif

static const struct cf_profile profiles[] = {
	{
		.info = { "c2f09217a430", "c2f09217a430", "v5.10 and later (5.9.9, 5.4.232 backports)",
			  "fixed: cow_fsb and whichfork reset at every retry (and every later modelled fix)",
			  "no crash" },
		FIXED_5_10, LATER_FIXES,
	},
	{
		.info = { "pre-7588cbeec6df", "7588cbeec6df", "v5.0 and earlier shapes",
			  "no retry: -EAGAIN from the CoW conversion fails the page at once",
			  "write-tossed when a CoW extent leaves the fork in W2" },
		.map_retry = false, .map_fork_reset_on_data_path = true, LATER_FIXES,
	},
	{
		.info = { "7588cbeec6df-v5.1", "c2f09217a430", "v5.1 - v5.4",
			  "retry with a stale cow_fsb; wpc->fork reset on the data path",
			  "stale-whichfork (stale cow_fsb) or write-tossed" },
		.map_retry = true, .map_fork_reset_on_data_path = true, LATER_FIXES,
	},
	{
		.info = { "7588cbeec6df-v5.5", "c2f09217a430", "v5.5 - v5.9",
			  "retry with a stale cow_fsb and a stale whichfork",
			  "stale-whichfork or write-tossed" },
		.map_retry = true, .data_delalloc_unwritten = true,
		.write_unwritten_force_quota = true, LATER_FIXES,
	},
	{
		.info = { "9230a0b65b47", "9230a0b65b47", "v4.11 - v4.19",
			  "delay_real RIGHT_CONTIG merge keeps NORM: a written CoW extent appears",
			  "invariant or stale-data" },
		FIXED_5_10, LATER_FIXES, .bug_delay_real_right_contig_state = true,
	},
	{
		.info = { "d62113303d69", "d62113303d69", "v5.1 - v5.19",
			  "direct write over CoW delalloc starting before it: false ENOSPC on fragmented space",
			  "error-invented (-ENOSPC from a direct write with free space left)" },
		FIXED_5_10, LATER_FIXES, .dio_cow_convert_to_offset = false,
		.setattr_trans_first = false,
	},
	{
		.info = { "setattr-aio-eof-zeroing", "unfixed",
			  "v5.10 - v6.18 at least (reproduced on the host's v6.18)",
			  "truncate up while an extending AIO direct write is in flight zeroes the AIO's data",
			  "data-loss (acknowledged AIO data reads back as zeroes)" },
		FIXED_5_10, LATER_FIXES, .setattr_size_after_dio_wait = false,
		.setattr_trans_first = false,
	},
	{
		.info = { "dio-cow-stale-imap", "unfixed (candidate)",
			  "v5.10 code (not confirmed on a real kernel)",
			  "a direct CoW write trusts a data-fork mapping read before xfs_reflink_allocate_cow "
			  "dropped the ILOCK; a racing direct write remapped it",
			  "stale-data (one file's write lands in another file's block)" },
		FIXED_5_10, LATER_FIXES, .dio_cow_refresh_imap = false,
		.setattr_trans_first = false,
	},
	{
		.info = { "5ca5916b6bc9", "5ca5916b6bc9", "v5.1 - v5.15",
			  "a failed CoW ioend leaves data-fork delalloc under its range behind clean pages",
			  "invariant (a stranded delalloc extent: reflink ASSERT or accounting)" },
		FIXED_5_10, LATER_FIXES, .end_ioend_punch_data_on_cow_error = false,
		.setattr_trans_first = false,
	},
	{
		.info = { "cow-eio-shared-overwrite", "unfixed",
			  "v5.10 - v6.18 at least (reproduced on the host's v6.18)",
			  "a failed CoW ioend frees CoW blocks a racing buffered write found: "
			  "the redirtied page is written in place over the shared block",
			  "invariant (in-place overwrite of a shared block: the clone partner's data changes)" },
		FIXED_5_10, LATER_FIXES, .cow_error_keep_staging = false,
	},
	{
		.info = { "4ce02c679722", "4ce02c679722", "v5.10 - v6.5, block size < page size",
			  "writeback writes every uptodate block of a dirty page: a block whose write "
			  "failed keeps its data in the page cache and, once cloned, is rewritten in place",
			  "invariant (in-place overwrite of a shared block: the clone partner's data changes)" },
		FIXED_5_10, LATER_FIXES, .writeback_dirty_blocks = false,
	},
	{
		.info = { "1a39ae415c1b", "1a39ae415c1b", "before 1a39ae415c1b (v5.18 mainline; 5.15.y stable)",
			  "a direct CoW write's mapping stays unwritten: its completion converts the "
			  "data fork, stale blocks once a failed buffered CoW ioend took its blocks",
			  "stale-data (another file's old data appears; always_cow)" },
		FIXED_5_10, LATER_FIXES, .cow_dio_cmap_norm = false,
	},
	{
		.info = { "cow-map-range-only", "none (a proposed fix: imap_valid_cow_seq)",
			  "v5.10 - 6.12.118 (reproduced there, window held); same code in v6.18",
			  "a cached CoW writeback mapping is trusted on its range: a flush by reflink "
			  "or punch remaps part of it, the pass writes a redirtied page through it",
			  "stale-data or invariant (a write lands in a block now shared or freed)" },
		FIXED_5_10, LATER_FIXES, .imap_valid_cow_seq = false,
	},
	{
		.info = { "cow-eio-stale-rmw", "unfixed",
			  "v5.10 - v6.18 code (reproduced on UML 6.1.176 and 6.12.118)",
			  "a failed direct write's written CoW block stays; over a data-fork hole "
			  "a sub-block buffered write reads the rest of the block from it",
			  "data-loss or stale-data (the CoW block's old contents appear)" },
		FIXED_5_10, LATER_FIXES, .cow_hole_rmw_zeroes = false,
	},
	{
		.info = { "dio-end-cow-foreign", "unfixed (candidate)",
			  "v5.10 code (not confirmed on a real kernel)",
			  "a direct write's completion remaps a buffered writeback's in-flight CoW "
			  "block over its range; that bio fails and its stale block stays mapped",
			  "stale-data (another file's old data appears)" },
		FIXED_5_10, LATER_FIXES, .dio_end_cow_claimed = false,
	},
	{
		.info = { "unwritten-convert-allocates", "unfixed (candidate)",
			  "v5.10 code, always_cow (not confirmed on a real kernel)",
			  "a direct write's completion converts its unwritten range; under a CoW piece "
			  "whose block a failed buffered ioend took, that allocates a stale block",
			  "stale-data (another file's old data appears)" },
		FIXED_5_10, LATER_FIXES, .write_unwritten_skip_holes = false,
	},
	{
		.info = { "d9252d526ba6", "d9252d526ba6", "v4.9 - v5.0 (before d9252d526ba6, v5.1)",
			  "writeback reuses a cached data-fork mapping on its range alone: a punch "
			  "frees its blocks, a rewrite of the page goes to the freed block",
			  "data-loss or stale-data (the rewrite lands in a freed block, maybe another file's)" },
		FIXED_5_10, LATER_FIXES, .bug_imap_no_data_seq = true,
	},
	{
		.info = { "26b91c728b2d", "26b91c728b2d", "v4.11 - v5.0 (before 26b91c728b2d, v5.1)",
			  "submission converts the ioend's CoW range with xfs_bmapi_write, which "
			  "asserts on the hole a racing direct write's completion left",
			  "invariant (ASSERT in xfs_bmapi_write: a CoW conversion over a hole)" },
		FIXED_5_10, LATER_FIXES, .bug_convert_cow_bmapi_write = true,
	},
	{
		.info = { "5c665e5b5af6", "5c665e5b5af6", "v4.9 - v4.18 (before 5c665e5b5af6, v4.19)",
			  "the ILOCK is dropped between the CoW and the data fork lookups: a CoW "
			  "reservation made at the block in between leaves a zero-block mapping",
			  "write-tossed (the dirty block is skipped silently)" },
		FIXED_5_10, LATER_FIXES, .bug_map_cow_separate_ilock = true,
	},
	{
		.info = { "d2b3964a0780", "d2b3964a0780", "v4.9 - v4.10 (before d2b3964a0780, v4.11)",
			  "writeback's CoW conversion allocates over the hole a racing completion's "
			  "remap left in the CoW fork",
			  "invariant (ASSERT: a CoW fork hole allocated by the conversion)" },
		FIXED_5_10, LATER_FIXES, .bug_cow_convert_allocates_hole = true,
	},
	{
		.info = { "4390f019ad78", "4390f019ad78",
			  "v6.x with the ranged unshare flush, before v6.12-rc3 (modelled)",
			  "funshare drops the reflink flag and cancels the CoW fork while its "
			  "delalloc still backs dirty pages outside the flushed range",
			  "write-tossed (writeback skips the dirty pages as holes: their data is dropped silently)" },
		FIXED_5_10, LATER_FIXES, .unshare_keep_reflink_flag = false,
	},
	{
		.info = { "72a048c1056a", "72a048c1056a", "v5.10 - v5.14 (modelled; older kernels not checked)",
			  "a CoW fork mapping over a data fork hole is IOMAP_F_SHARED with no "
			  "source: funshare tries to copy it",
			  "invariant (WARN in __iomap_write_begin; funshare fails with EIO)" },
		FIXED_5_10, LATER_FIXES, .cow_shared_needs_srcmap = false,
		.unshare_hole_no_alloc = false,
	},
	{
		.info = { "55f669f34184", "55f669f34184", "v5.19 - v6.6 (modelled)",
			  "end_cow remaps a whole written CoW extent, also blocks of another "
			  "ioend still in flight; if that I/O then fails, its stale block stays",
			  "stale-data (never-written blocks in the file; the commit's symptom is "
			  "after a power failure, which the model has not: a failed I/O shows it)" },
		FIXED_5_10, LATER_FIXES, .end_cow_trim_to_io = false,
	},
	{
		.info = { "1f1397b7218d", "1f1397b7218d",
			  "v5.10 - v6.3 by the code; 6.1.y to 6.1.176 at least (reproduced on UML)",
			  "funshare reserves data-fork delalloc over a hole and leaves it when "
			  "its flush fails: no page behind it, a later clone of the range trips on it",
			  "invariant (ASSERT in xfs_reflink_remap_blocks; EUCLEAN from FICLONERANGE "
			  "on a non-debug kernel)" },
		FIXED_5_10, LATER_FIXES, .unshare_hole_no_alloc = false,
	},
	{
		.info = { "a5949d3faedf", "a5949d3faedf", "before v5.8 (before a5949d3faedf)",
			  "writeback converts data-fork delalloc straight to written extents: a "
			  "failed write leaves them over another file's freed blocks",
			  "stale-data (another file's old data appears after a failed write)" },
		FIXED_5_10, LATER_FIXES, .data_delalloc_unwritten = false,
	},
	{
		.info = { "763e4cdc0f6d", "763e4cdc0f6d", "before v5.10 (before 763e4cdc0f6d)",
			  "a mapping error discards the page only when none of its blocks was "
			  "mapped: the failing block's delalloc stays behind a clean page",
			  "invariant (a stranded delalloc extent: reflink ASSERT or accounting)" },
		FIXED_5_10, LATER_FIXES, .discard_from_offset = false,
	},
	{
		.info = { "1edd2c055dff", "1edd2c055dff", "before v5.8 (before 1edd2c055dff)",
			  "a quota at its limit fails the completion's unwritten conversion: "
			  "fsync reports EIO for data already on disk",
			  "error-invented (a writeback error from a quota limit)" },
		FIXED_5_10, LATER_FIXES, .write_unwritten_force_quota = false,
	},
	{
		/* the fixed profile's switches (the later kernel behaviours
		 * the port has among them) plus the 6.x shapes modelled */
		.info = { "v6.18", "8d7bba1e8314", "v6.16 - v6.18 (atomic writes; the host's kernel)",
			  "partial: atomic CoW writes, 6.10 convert loop, 6.2 write validity cookie, "
			  "6.12 SHARED CoW mappings, zeroing keeps i_size, 6.10 unaligned CoW retry, "
			  "6.0 past-EOF pages left clean, 6.17 writeback loop, "
			  "6.6 direct writes fall back to buffered on a failed flush, "
			  "large folios (up to 16 KiB)",
			  "no crash" },
		FIXED_5_10, LATER_FIXES, .atomic_write_cow = true,
		.convert_delalloc_loop = true, .iomap_validity_cookie = true,
		.iomap_zero_keeps_isize = true, .cow_mapping_always_shared = true,
		.cow_extsz_hint_retry = true, .writeback_skip_past_eof = true,
		.writeback_range = true, .dio_invalidate_fallback = true,
		.large_folios = true,
	},
};

int cf_profile_count(void)
{
	return (int)(sizeof(profiles) / sizeof(profiles[0]));
}

const struct cf_profile_info *cf_profile_at(int i)
{
	return i >= 0 && i < cf_profile_count() ? &profiles[i].info : NULL;
}

const struct cf_profile_info *cf_profile_find(const char *name)
{
	for (int i = 0; i < cf_profile_count(); i++)
		if (!strcmp(profiles[i].info.name, name))
			return &profiles[i].info;
	return NULL;
}

const char *cf_profile_default(void)
{
	return profiles[0].info.name;
}

/* The switch table behind a public profile description. */
const struct cf_profile *cf_profile_get(const struct cf_profile_info *info)
{
	for (int i = 0; i < cf_profile_count(); i++)
		if (&profiles[i].info == info)
			return &profiles[i];
	return &profiles[0];
}
