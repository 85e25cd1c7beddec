// SPDX-License-Identifier: GPL-2.0
/*
 * Block ownership: the model's stand-in for the rmap and refcount btrees.
 *
 * Per device block the mount keeps
 *  - m_blk_owners: how many data-fork mappings (of any inode) point at it,
 *    which is the refcount of a shared extent and the rmap count;
 *  - m_blk_cow: 1 while it is CoW staging in some CoW fork (the refcount
 *    btree's CoW records); a staging block belongs to no data fork;
 *  - m_blk_use: the allocator's view (free, in use, or pre-filled).
 * The fork edits in xfs_bmap.c call the map/unmap helpers here, so the
 * counts move with the forks; xfs_check_space() recounts them from the
 * forks and checks the free-space accounting.
 */
#include <stdio.h>

#include "xfs_linux.h"
#include "xfs_mount.h"
#include "xfs_inode.h"
#include "xfs_alloc.h"
#include "xfs_refcount.h"

/* models xfs_refcount_alloc_cow_extent, fs/xfs/libxfs/xfs_refcount.c @ v5.10 */
void
xfs_rmap_map_cow(
	struct xfs_mount	*mp,
	xfs_fsblock_t		bno,
	xfs_filblks_t		len)
{
	xfs_filblks_t		i;

	if (!xfs_rmap_range_ok(mp, bno, len))
		return;
	for (i = 0; i < len; i++) {
		ASSERT(mp->m_blk_use[bno + i] == XFS_BLK_INUSE);
		ASSERT(mp->m_blk_cow[bno + i] == 0);
		ASSERT(mp->m_blk_owners[bno + i] == 0);
		mp->m_blk_cow[bno + i] = 1;
	}
}

/*
 * Only the staging record goes; the blocks stay allocated.  Cancel frees
 * them explicitly (xfs_bmap_add_free); end_cow maps them into the data fork.
 */
/* models xfs_refcount_free_cow_extent, fs/xfs/libxfs/xfs_refcount.c @ v5.10 */
void
xfs_rmap_unmap_cow(
	struct xfs_mount	*mp,
	xfs_fsblock_t		bno,
	xfs_filblks_t		len)
{
	xfs_filblks_t		i;

	if (!xfs_rmap_range_ok(mp, bno, len))
		return;
	for (i = 0; i < len; i++) {
		ASSERT(mp->m_blk_cow[bno + i] == 1);
		mp->m_blk_cow[bno + i] = 0;
	}
}

/*
 * A refcount record is modelled as a maximal run of blocks with the same
 * owner count.  Without find_end_of_shared, *flen covers only the record
 * holding the first shared block; with it, the run extends over following
 * records while they stay shared.  With no shared block, *fbno is the end of
 * the range and *flen 0 (the kernel's NULLAGBLOCK case).
 */
/* models xfs_refcount_find_shared, fs/xfs/libxfs/xfs_refcount.c @ v5.10 */
int
xfs_refcount_find_shared(
	struct xfs_mount	*mp,
	xfs_fsblock_t		agbno,
	xfs_extlen_t		aglen,
	xfs_fsblock_t		*fbno,
	xfs_extlen_t		*flen,
	bool			find_end_of_shared)
{
	xfs_fsblock_t		end = agbno + aglen;
	xfs_fsblock_t		bno;
	xfs_fsblock_t		rend;

	*fbno = end;
	*flen = 0;
	ASSERT(end <= mp->m_sb_dblocks && mp->m_sb_dblocks <= CF_MAX_DEV_BLOCKS);
	if (end > mp->m_sb_dblocks || mp->m_sb_dblocks > CF_MAX_DEV_BLOCKS)
		return -EFSCORRUPTED;

	for (bno = agbno; bno < end; bno++)
		if (mp->m_blk_owners[bno] >= 2)
			break;
	if (bno == end)
		return 0;

	for (rend = bno + 1; rend < end; rend++) {
		uint16_t	refs = mp->m_blk_owners[rend];

		if (find_end_of_shared ? refs < 2 :
					 refs != mp->m_blk_owners[bno])
			break;
	}
	*fbno = bno;
	*flen = rend - bno;
	return 0;
}

/*
 * The space invariants.  Everything below is a fact the kernel keeps with
 * its btrees and counters; a failure names the first broken one.
 */
struct xfs_space_count {
	uint16_t	owners[CF_MAX_DEV_BLOCKS];
	uint8_t		cow[CF_MAX_DEV_BLOCKS];
	int64_t		delalloc;	/* blocks + indlen, all inodes */
};

#define space_fail(why, whylen, ...)				\
	do {							\
		if ((why) && (whylen))				\
			snprintf((why), (whylen), __VA_ARGS__);	\
		return -1;					\
	} while (0)

/* Check one fork's records and add them to the recount. */
static int
xfs_check_fork(
	struct xfs_mount	*mp,
	struct xfs_inode	*ip,
	struct xfs_ifork	*ifp,
	int			whichfork,
	struct xfs_space_count	*cnt,
	xfs_filblks_t		*delayed,
	char			*why,
	size_t			whylen)
{
	const char		*fname = whichfork == XFS_COW_FORK ? "cow" : "data";
	xfs_fileoff_t		prev_end = 0;
	int			i;

	if (ifp->if_nextents < 0 || ifp->if_nextents > XFS_IEXT_MAX ||
	    ifp->if_bytes != ifp->if_nextents * XFS_IEXT_REC_SIZE)
		space_fail(why, whylen, "ino %llu %s fork: %d extents but if_bytes %d",
			   (unsigned long long)ip->i_ino, fname,
			   ifp->if_nextents, ifp->if_bytes);

	for (i = 0; i < ifp->if_nextents; i++) {
		struct xfs_bmbt_irec	*rec = &ifp->if_ext[i];
		xfs_filblks_t		b;

		if (rec->br_blockcount == 0)
			space_fail(why, whylen, "ino %llu %s fork: extent %d at %llu has length 0",
				   (unsigned long long)ip->i_ino, fname, i,
				   (unsigned long long)rec->br_startoff);
		if (rec->br_startoff < prev_end)
			space_fail(why, whylen, "ino %llu %s fork: extent %d at %llu overlaps or precedes the one ending at %llu",
				   (unsigned long long)ip->i_ino, fname, i,
				   (unsigned long long)rec->br_startoff,
				   (unsigned long long)prev_end);
		prev_end = rec->br_startoff + rec->br_blockcount;

		if (isnullstartblock(rec->br_startblock)) {
			cnt->delalloc += rec->br_blockcount +
					 startblockval(rec->br_startblock);
			*delayed += rec->br_blockcount;
			continue;
		}
		if (rec->br_startblock >= mp->m_sb_dblocks ||
		    rec->br_blockcount > mp->m_sb_dblocks - rec->br_startblock)
			space_fail(why, whylen, "ino %llu %s fork: extent %d [%llu,+%llu) maps blocks [%llu,+%llu) beyond the device (%llu blocks)",
				   (unsigned long long)ip->i_ino, fname, i,
				   (unsigned long long)rec->br_startoff,
				   (unsigned long long)rec->br_blockcount,
				   (unsigned long long)rec->br_startblock,
				   (unsigned long long)rec->br_blockcount,
				   (unsigned long long)mp->m_sb_dblocks);
		for (b = 0; b < rec->br_blockcount; b++) {
			if (whichfork == XFS_COW_FORK)
				cnt->cow[rec->br_startblock + b]++;
			else
				cnt->owners[rec->br_startblock + b]++;
		}
	}
	return 0;
}

static int
xfs_check_block(
	struct xfs_mount	*mp,
	struct xfs_space_count	*cnt,
	xfs_fsblock_t		bno,
	char			*why,
	size_t			whylen)
{
	unsigned int		owners = mp->m_blk_owners[bno];
	unsigned int		cow = mp->m_blk_cow[bno];
	unsigned int		use = mp->m_blk_use[bno];

	if (cnt->owners[bno] != owners)
		space_fail(why, whylen, "block %llu: owned by %u data forks but refcount model says %u",
			   (unsigned long long)bno, cnt->owners[bno], owners);
	if (cnt->cow[bno] != cow)
		space_fail(why, whylen, "block %llu: staged in %u CoW forks but refcount model says %u",
			   (unsigned long long)bno, cnt->cow[bno], cow);
	if (cow > 1)
		space_fail(why, whylen, "block %llu: CoW staging count %u (at most 1)",
			   (unsigned long long)bno, cow);
	if (cow && owners)
		space_fail(why, whylen, "block %llu: CoW staging but also mapped by %u data forks",
			   (unsigned long long)bno, owners);
	if (use != XFS_BLK_FREE && use != XFS_BLK_OTHER && use != XFS_BLK_INUSE)
		space_fail(why, whylen, "block %llu: bad allocator state %u",
			   (unsigned long long)bno, use);
	if (use == XFS_BLK_INUSE && owners + cow == 0)
		space_fail(why, whylen, "block %llu: allocated but owned by nobody (leaked)",
			   (unsigned long long)bno);
	if (use != XFS_BLK_INUSE && owners + cow != 0)
		space_fail(why, whylen, "block %llu: %s but owned by %u data forks and %u CoW forks",
			   (unsigned long long)bno,
			   use == XFS_BLK_FREE ? "free" : "pre-filled",
			   owners, cow);
	return 0;
}

/* The oracle's space invariant check; see xfs_refcount.h. */
int
xfs_check_space(
	struct xfs_mount	*mp,
	struct xfs_inode	*inodes,
	int			ninodes,
	char			*why,
	size_t			whylen)
{
	static struct xfs_space_count cnt;	/* 3 KiB: keep it off the stack */
	xfs_filblks_t		nfree;
	xfs_fsblock_t		bno;
	int			i;

	memset(&cnt, 0, sizeof(cnt));
	if (mp->m_sb_dblocks > CF_MAX_DEV_BLOCKS)
		space_fail(why, whylen, "device of %llu blocks exceeds the model's %d",
			   (unsigned long long)mp->m_sb_dblocks,
			   CF_MAX_DEV_BLOCKS);

	for (i = 0; i < ninodes; i++) {
		struct xfs_inode	*ip = &inodes[i];
		xfs_filblks_t		delayed = 0;

		if (xfs_check_fork(mp, ip, &ip->i_df, XFS_DATA_FORK, &cnt,
				   &delayed, why, whylen))
			return -1;
		if (ip->i_cowfp &&
		    xfs_check_fork(mp, ip, ip->i_cowfp, XFS_COW_FORK, &cnt,
				   &delayed, why, whylen))
			return -1;
		if (ip->i_delayed_blks != delayed)
			space_fail(why, whylen, "ino %llu: i_delayed_blks %llu but its forks hold %llu delalloc blocks",
				   (unsigned long long)ip->i_ino,
				   (unsigned long long)ip->i_delayed_blks,
				   (unsigned long long)delayed);
	}

	for (bno = 0; bno < mp->m_sb_dblocks; bno++)
		if (xfs_check_block(mp, &cnt, bno, why, whylen))
			return -1;

	nfree = xfs_alloc_count_free(mp);
	if (mp->m_fdblocks != (int64_t)nfree - cnt.delalloc)
		space_fail(why, whylen, "m_fdblocks %lld but %llu free blocks minus %lld reserved for delalloc (blocks + indlen) is %lld",
			   (long long)mp->m_fdblocks, (unsigned long long)nfree,
			   (long long)cnt.delalloc,
			   (long long)nfree - cnt.delalloc);
	return 0;
}
