// SPDX-License-Identifier: GPL-2.0
/*
 * cowfuzz's own, not the kernel's: the space invariants the oracle checks
 * after every step (class `invariant`).  The kernel keeps these facts with
 * its btrees and counters; here they are recounted from the forks and
 * compared with the ownership model (libxfs/xfs_rmap.c, xfs_refcount.c),
 * the allocator's bitmap and m_fdblocks.
 */
#include <stdio.h>

#include "xfs_linux.h"
#include "xfs_mount.h"
#include "xfs_inode.h"
#include "libxfs/xfs_alloc.h"
#include "cf_space_check.h"

/*
 * The space invariants.  Everything below is a fact the kernel keeps with
 * its btrees and counters; a failure names the first broken one.
 */
struct cf_space_count {
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

/* cowfuzz's own: check one fork's records and add them to the recount. */
static int
cf_check_fork(
	struct xfs_mount	*mp,
	struct xfs_inode	*ip,
	struct xfs_ifork	*ifp,
	int			whichfork,
	struct cf_space_count	*cnt,
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
cf_check_block(
	struct xfs_mount	*mp,
	struct cf_space_count	*cnt,
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

/* The oracle's space invariant check; see cf_space_check.h. */
int
cf_check_space(
	struct xfs_mount	*mp,
	struct xfs_inode	*inodes,
	int			ninodes,
	char			*why,
	size_t			whylen)
{
	static struct cf_space_count cnt;	/* 3 KiB: keep it off the stack */
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

		if (cf_check_fork(mp, ip, &ip->i_df, XFS_DATA_FORK, &cnt,
				   &delayed, why, whylen))
			return -1;
		if (ip->i_cowfp &&
		    cf_check_fork(mp, ip, ip->i_cowfp, XFS_COW_FORK, &cnt,
				   &delayed, why, whylen))
			return -1;
		if (ip->i_delayed_blks != delayed)
			space_fail(why, whylen, "ino %llu: i_delayed_blks %llu but its forks hold %llu delalloc blocks",
				   (unsigned long long)ip->i_ino,
				   (unsigned long long)ip->i_delayed_blks,
				   (unsigned long long)delayed);
	}

	for (bno = 0; bno < mp->m_sb_dblocks; bno++)
		if (cf_check_block(mp, &cnt, bno, why, whylen))
			return -1;

	nfree = xfs_alloc_count_free(mp);
	if (mp->m_fdblocks != (int64_t)nfree - cnt.delalloc)
		space_fail(why, whylen, "m_fdblocks %lld but %llu free blocks minus %lld reserved for delalloc (blocks + indlen) is %lld",
			   (long long)mp->m_fdblocks, (unsigned long long)nfree,
			   (long long)cnt.delalloc,
			   (long long)nfree - cnt.delalloc);
	return 0;
}
