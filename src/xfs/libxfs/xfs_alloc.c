// SPDX-License-Identifier: GPL-2.0
/*
 * The free-space allocator of the model (the kernel's libxfs/xfs_alloc.c,
 * much reduced; the free-block counter is in xfs_mount.c).
 *
 * There is one allocation group and a per-block bitmap (m_blk_use).  The
 * search is a first fit from the target, wrapping to block 0, which keeps
 * the result a pure function of the bitmap: a fragmented device hands out
 * extents shorter than asked for, which is what makes the kernel's
 * delalloc conversion loop (kernel-facts §2, step 7).
 */
#include "xfs_linux.h"
#include "xfs_mount.h"
#include "xfs_alloc.h"

/* cowfuzz's own: the device blocks the bitmap covers */
static xfs_fsblock_t
xfs_alloc_dblocks(
	struct xfs_mount	*mp)
{
	ASSERT(mp->m_sb_dblocks <= CF_MAX_DEV_BLOCKS);
	return min_t(xfs_fsblock_t, mp->m_sb_dblocks, CF_MAX_DEV_BLOCKS);
}

/* cowfuzz's own: the free run starting at bno, capped at maxlen. */
static xfs_extlen_t
xfs_alloc_free_run(
	struct xfs_mount	*mp,
	xfs_fsblock_t		bno,
	xfs_extlen_t		maxlen)
{
	xfs_fsblock_t		dblocks = xfs_alloc_dblocks(mp);
	xfs_extlen_t		len = 0;

	while (len < maxlen && bno + len < dblocks &&
	       mp->m_blk_use[bno + len] == XFS_BLK_FREE)
		len++;
	return len;
}

/*
 * cowfuzz's own: search [start, stop) for the first free run holding at
 * least minlen blocks from a start that is a multiple of alignment (the
 * kernel's xfs_alloc_compute_aligned trims a free extent the same way);
 * returns that start or NULLFSBLOCK, and the length from it (<= maxlen).
 */
static xfs_fsblock_t
xfs_alloc_first_fit(
	struct xfs_mount	*mp,
	xfs_fsblock_t		start,
	xfs_fsblock_t		stop,
	xfs_extlen_t		minlen,
	xfs_extlen_t		maxlen,
	xfs_extlen_t		alignment,
	xfs_extlen_t		*lenp)
{
	xfs_fsblock_t		bno = start;

	while (bno < stop) {
		xfs_fsblock_t	abno;
		xfs_extlen_t	len;

		if (mp->m_blk_use[bno] != XFS_BLK_FREE) {
			bno++;
			continue;
		}
		len = xfs_alloc_free_run(mp, bno, maxlen + alignment - 1);
		ASSERT(len >= 1);
		abno = roundup(bno, alignment);
		if (abno < stop && abno + minlen <= bno + len) {
			*lenp = min_t(xfs_extlen_t, bno + len - abno, maxlen);
			return abno;
		}
		bno += len;	/* too short: skip the whole run */
	}
	return NULLFSBLOCK;
}

/*
 * cowfuzz's own: the longest free run on the device, as the kernel's
 * xfs_alloc_space_available reads it from the AG (one AG here).
 */
static xfs_extlen_t
xfs_alloc_longest_free_extent(
	struct xfs_mount	*mp)
{
	xfs_fsblock_t		dblocks = xfs_alloc_dblocks(mp);
	xfs_extlen_t		longest = 0;
	xfs_fsblock_t		bno = 0;

	while (bno < dblocks) {
		xfs_extlen_t	len;

		if (mp->m_blk_use[bno] != XFS_BLK_FREE) {
			bno++;
			continue;
		}
		len = xfs_alloc_free_run(mp, bno, (xfs_extlen_t)(dblocks - bno));
		longest = max_t(xfs_extlen_t, longest, len);
		bno += len;
	}
	return longest;
}

/*
 * models xfs_alloc_vextent, fs/xfs/libxfs/xfs_alloc.c @ v5.10, with the
 * alignment of 6.16's XFS_BMAPI_EXTSZALIGN: the start is a multiple of
 * alignment, and no allocation is tried unless the longest free extent
 * could hold minlen blocks from any start (xfs_alloc_space_available's
 * minlen + alignment - 1).  alignment 1 is the unaligned allocator.
 */
int
xfs_alloc_vextent(
	struct xfs_mount	*mp,
	xfs_fsblock_t		target,
	xfs_extlen_t		minlen,
	xfs_extlen_t		maxlen,
	xfs_extlen_t		alignment,
	xfs_fsblock_t		*bno,
	xfs_extlen_t		*len)
{
	xfs_fsblock_t		dblocks = xfs_alloc_dblocks(mp);
	xfs_fsblock_t		fbno;
	xfs_extlen_t		flen = 0;
	xfs_extlen_t		i;

	*bno = NULLFSBLOCK;
	*len = 0;
	if (cf_should_fail(CF_FAULT_ENOSPC))
		return 0;

	ASSERT(minlen > 0);
	ASSERT(minlen <= maxlen);
	ASSERT(alignment > 0);
	if (target >= dblocks)
		target = 0;

	fbno = NULLFSBLOCK;
	if (alignment == 1 ||
	    xfs_alloc_longest_free_extent(mp) >= minlen + alignment - 1) {
		fbno = xfs_alloc_first_fit(mp, target, dblocks, minlen, maxlen,
					   alignment, &flen);
		if (fbno == NULLFSBLOCK && target > 0)
			fbno = xfs_alloc_first_fit(mp, 0, target, minlen,
						   maxlen, alignment, &flen);
	}
	if (fbno == NULLFSBLOCK) {
		trace_xfs_alloc_vextent(target, minlen, maxlen, NULLFSBLOCK, 0);
		return 0;
	}

	ASSERT(flen >= minlen && flen <= maxlen);
	ASSERT(fbno + flen <= dblocks);
	mp->m_alloc_seq++;
	for (i = 0; i < flen; i++) {
		ASSERT(mp->m_blk_use[fbno + i] == XFS_BLK_FREE);
		ASSERT(mp->m_blk_owners[fbno + i] == 0);
		ASSERT(mp->m_blk_cow[fbno + i] == 0);
		mp->m_blk_use[fbno + i] = XFS_BLK_INUSE;
		mp->m_blk_alloc_seq[fbno + i] = mp->m_alloc_seq;
	}
	*bno = fbno;
	*len = flen;
	trace_xfs_alloc_vextent(target, minlen, maxlen, fbno, flen);
	return 0;
}

/* models xfs_free_extent, fs/xfs/libxfs/xfs_alloc.c @ v5.10 */
void
xfs_free_extent(
	struct xfs_mount	*mp,
	xfs_fsblock_t		bno,
	xfs_extlen_t		len)
{
	xfs_fsblock_t		dblocks = xfs_alloc_dblocks(mp);
	xfs_extlen_t		i;

	ASSERT(len > 0);
	ASSERT(bno < dblocks && bno + len <= dblocks);
	if (bno >= dblocks || bno + len > dblocks)
		return;
	/* the oracle's test canary: a leak the space checks must see */
	if (cf_sabotaged(CF_SABOTAGE_LEAK_FREE))
		return;

	for (i = 0; i < len; i++) {
		/* Freeing a block somebody still maps is a double free. */
		ASSERT(mp->m_blk_use[bno + i] == XFS_BLK_INUSE);
		ASSERT(mp->m_blk_owners[bno + i] == 0);
		ASSERT(mp->m_blk_cow[bno + i] == 0);
		mp->m_blk_use[bno + i] = XFS_BLK_FREE;
	}
	/* The kernel returns freed space to the counter at commit. */
	mp->m_fdblocks += len;
	trace_xfs_free_extent(bno, len);
}

/* cowfuzz's own: count the free blocks of the device. */
xfs_filblks_t
xfs_alloc_count_free(
	struct xfs_mount	*mp)
{
	xfs_fsblock_t		dblocks = xfs_alloc_dblocks(mp);
	xfs_filblks_t		nfree = 0;
	xfs_fsblock_t		bno;

	for (bno = 0; bno < dblocks; bno++)
		if (mp->m_blk_use[bno] == XFS_BLK_FREE)
			nfree++;
	return nfree;
}
