// SPDX-License-Identifier: GPL-2.0
/*
 * The allocator (xfs_alloc.c) and the ownership model (xfs_refcount.c):
 * first fit from the target with wrap-around, the free-block counter, the
 * rmap/refcount stand-ins, xfs_refcount_find_shared in both modes, and
 * cf_check_space noticing each kind of broken bookkeeping.
 *
 * Device diagrams: one column per device block, '.' free, 'X' pre-filled,
 * '#' in use.
 */
#define LIBXFS_SHIM_DECLS_ONLY
#include "libxfs_shim.c"

static struct xfs_mount *mp = &t_mount;
static struct xfs_inode *ip1 = &t_inodes[0];
static struct xfs_inode *ip2 = &t_inodes[1];

static void
test_alloc_first_fit_from_target(void)
{
	xfs_fsblock_t	bno;
	xfs_extlen_t	len;

	/*
	 *   0123456789abcdef
	 *   ..XX.XXX....XXXX
	 */
	t_setup("..XX.XXX....XXXX", 4);
	ASSERT_EQ(7, mp->m_fdblocks);
	ASSERT_EQ(7, xfs_alloc_count_free(mp));

	/* from 0: the run [0,2), truncated to nothing more than it has */
	ASSERT_EQ(0, xfs_alloc_vextent(mp, 0, 1, 8, 1, &bno, &len));
	ASSERT_EQ(0, bno);
	ASSERT_EQ(2, len);
	/* the allocator does not touch the counter: callers reserved */
	ASSERT_EQ(7, mp->m_fdblocks);
	ASSERT_EQ(XFS_BLK_INUSE, mp->m_blk_use[0]);

	/* target 5 is pre-filled: the next free run is [8,12), cut to 3 */
	ASSERT_EQ(0, xfs_alloc_vextent(mp, 5, 1, 3, 1, &bno, &len));
	ASSERT_EQ(8, bno);
	ASSERT_EQ(3, len);

	/* minlen 2 skips the single free block 4 and [11]; wraps to none */
	ASSERT_EQ(0, xfs_alloc_vextent(mp, 0, 2, 4, 1, &bno, &len));
	ASSERT_EQ(NULLFSBLOCK, bno);
	ASSERT_EQ(0, len);

	/* from 13, wrapping around to block 4 */
	ASSERT_EQ(0, xfs_alloc_vextent(mp, 13, 1, 4, 1, &bno, &len));
	ASSERT_EQ(4, bno);
	ASSERT_EQ(1, len);
}

/*
 * 6.16's XFS_BMAPI_EXTSZALIGN: the start is a multiple of the alignment,
 * and nothing is tried unless the longest free extent holds minlen +
 * alignment - 1 blocks (xfs_alloc_space_available).
 */
static void
test_alloc_aligned(void)
{
	xfs_fsblock_t	bno;
	xfs_extlen_t	len;

	/*
	 *   0123456789abcdef
	 *   X.XX.X.X.XX....X
	 */
	t_setup("X.XX.X.X.XX....X", 4);
	/* 1 and 4 have no multiple of 3 in their runs; 6 has */
	ASSERT_EQ(0, xfs_alloc_vextent(mp, 0, 1, 4, 3, &bno, &len));
	ASSERT_EQ(6, bno);
	ASSERT_EQ(1, len);
	/* from 9: the run [11,15) from its aligned block 12 */
	ASSERT_EQ(0, xfs_alloc_vextent(mp, 9, 1, 4, 3, &bno, &len));
	ASSERT_EQ(12, bno);
	ASSERT_EQ(3, len);

	/*
	 *   0123456789abcdef
	 *   X.X.X.X.X.X.X.X.
	 */
	t_setup("X.X.X.X.X.X.X.X.", 4);
	/* 3, 9 and 15 are free and aligned, but the longest free extent (1)
	 * is short of 1 + 3 - 1: the kernel does not try */
	ASSERT_EQ(0, xfs_alloc_vextent(mp, 0, 1, 1, 3, &bno, &len));
	ASSERT_EQ(NULLFSBLOCK, bno);
	ASSERT_EQ(0, len);
	/* unaligned, block 1 is fine */
	ASSERT_EQ(0, xfs_alloc_vextent(mp, 0, 1, 1, 1, &bno, &len));
	ASSERT_EQ(1, bno);
	ASSERT_EQ(1, len);
}

static void
test_alloc_enospc_fault_and_free(void)
{
	xfs_fsblock_t	bno;
	xfs_extlen_t	len;

	t_setup("........", 4);
	t_fault_at(CF_FAULT_ENOSPC, 2);
	ASSERT_EQ(0, xfs_alloc_vextent(mp, 0, 1, 2, 1, &bno, &len));
	ASSERT_EQ(0, bno);
	ASSERT_EQ(0, xfs_alloc_vextent(mp, 0, 1, 2, 1, &bno, &len));
	ASSERT_EQ(NULLFSBLOCK, bno);
	ASSERT_EQ(0, len);
	/* the fault fired once */
	ASSERT_EQ(0, xfs_alloc_vextent(mp, 0, 1, 2, 1, &bno, &len));
	ASSERT_EQ(2, bno);

	/* the two extents are in use by nobody: make the counter agree */
	ASSERT_EQ(0, xfs_mod_fdblocks(mp, -4, false));
	xfs_free_extent(mp, 0, 2);
	xfs_free_extent(mp, 2, 2);
	ASSERT_EQ(8, mp->m_fdblocks);
	ASSERT_EQ(8, xfs_alloc_count_free(mp));
	ASSERT_SPACE();
}

static void
test_mod_fdblocks_enospc_leaves_counter(void)
{
	t_setup("....", 4);
	ASSERT_EQ(-ENOSPC, xfs_mod_fdblocks(mp, -5, false));
	ASSERT_EQ(4, mp->m_fdblocks);
	ASSERT_EQ(0, xfs_mod_fdblocks(mp, -4, false));
	ASSERT_EQ(0, mp->m_fdblocks);
	ASSERT_EQ(0, xfs_mod_fdblocks(mp, 3, false));
	ASSERT_EQ(3, mp->m_fdblocks);
}

/*
 * ino 1 data [0+4] -> blocks 2..5; ino 2 is a clone of [1+2] -> blocks 3..4
 *
 *   device  ..####..
 *   owners  00122100
 */
static void
setup_clone(void)
{
	t_setup("........", 4);
	t_put_real(ip1, XFS_DATA_FORK, 0, 2, 4, XFS_EXT_NORM);
	t_put_real(ip2, XFS_DATA_FORK, 1, 3, 2, XFS_EXT_NORM);
}

static void
test_rmap_unmap_data_frees_last_owner(void)
{
	setup_clone();
	ASSERT_SPACE();
	ASSERT_EQ(4, mp->m_fdblocks);

	/* ino 1 drops blocks 2..5 (as __xfs_bunmapi would, fork first) */
	ip1->i_df.if_nextents = 0;
	ip1->i_df.if_bytes = 0;
	xfs_rmap_unmap_extent(mp, 2, 4, true);
	/* 2 and 5 go free, 3..4 still belong to ino 2 */
	ASSERT_EQ(XFS_BLK_FREE, mp->m_blk_use[2]);
	ASSERT_EQ(XFS_BLK_INUSE, mp->m_blk_use[3]);
	ASSERT_EQ(1, mp->m_blk_owners[3]);
	ASSERT_EQ(6, mp->m_fdblocks);
	ASSERT_SPACE();
}

static void
test_rmap_unmap_data_remap_keeps_blocks(void)
{
	setup_clone();
	ip2->i_df.if_nextents = 0;
	ip2->i_df.if_bytes = 0;
	xfs_rmap_unmap_extent(mp, 3, 2, false);
	ASSERT_EQ(1, mp->m_blk_owners[3]);
	ASSERT_SPACE();

	/* with REMAP the caller owns blocks that lose their last mapping */
	ip1->i_df.if_nextents = 0;
	ip1->i_df.if_bytes = 0;
	xfs_rmap_unmap_extent(mp, 2, 4, false);
	ASSERT_EQ(XFS_BLK_INUSE, mp->m_blk_use[2]);
	ASSERT_FALSE(t_space_ok(__FILE__, __LINE__));	/* leaked, on purpose */
	xfs_free_extent(mp, 2, 4);
	ASSERT_SPACE();
}

static void
test_rmap_cow_staging(void)
{
	t_setup("........", 4);
	t_put_real(ip1, XFS_COW_FORK, 0, 4, 2, XFS_EXT_UNWRITTEN);
	ASSERT_EQ(1, mp->m_blk_cow[4]);
	ASSERT_SPACE();

	/* unmap_cow does not free: the caller does */
	ip1->i_cowfp->if_nextents = 0;
	ip1->i_cowfp->if_bytes = 0;
	xfs_refcount_free_cow_extent(mp, 4, 2);
	ASSERT_EQ(XFS_BLK_INUSE, mp->m_blk_use[4]);
	xfs_free_extent(mp, 4, 2);
	ASSERT_SPACE();
}

static void
test_refcount_find_shared(void)
{
	xfs_fsblock_t	fbno;
	xfs_extlen_t	flen;

	/*
	 * ino 1 [0+6] -> 0..5, ino 2 [0+2] -> 1..2, ino 3 [0+2] -> 2..3
	 *   owners  123210..
	 */
	t_setup("........", 4);
	t_put_real(ip1, XFS_DATA_FORK, 0, 0, 6, XFS_EXT_NORM);
	t_put_real(ip2, XFS_DATA_FORK, 0, 1, 2, XFS_EXT_NORM);
	t_put_real(&t_inodes[2], XFS_DATA_FORK, 0, 2, 2, XFS_EXT_NORM);
	ASSERT_SPACE();

	/* first record only: refcount 2 at block 1 */
	ASSERT_EQ(0, xfs_refcount_find_shared(mp, 0, 8, &fbno, &flen, false));
	ASSERT_EQ(1, fbno);
	ASSERT_EQ(1, flen);
	/* to the end of the shared run: 1..3 */
	ASSERT_EQ(0, xfs_refcount_find_shared(mp, 0, 8, &fbno, &flen, true));
	ASSERT_EQ(1, fbno);
	ASSERT_EQ(3, flen);
	/* clipped to the range */
	ASSERT_EQ(0, xfs_refcount_find_shared(mp, 2, 1, &fbno, &flen, true));
	ASSERT_EQ(2, fbno);
	ASSERT_EQ(1, flen);
	/* nothing shared: end of the range, length 0 */
	ASSERT_EQ(0, xfs_refcount_find_shared(mp, 4, 4, &fbno, &flen, true));
	ASSERT_EQ(8, fbno);
	ASSERT_EQ(0, flen);
}

/* Each kind of damage is named by cf_check_space. */
static void
test_check_space_catches_damage(void)
{
	char	why[256];

	setup_clone();
	ASSERT_SPACE();

	mp->m_blk_owners[3] = 1;
	ASSERT_EQ(-1, cf_check_space(mp, t_inodes, T_NINODES, why, sizeof(why)));
	ASSERT_TRUE(strstr(why, "block 3: owned by 2 data forks but refcount model says 1") != NULL);
	mp->m_blk_owners[3] = 2;

	mp->m_fdblocks++;
	ASSERT_EQ(-1, cf_check_space(mp, t_inodes, T_NINODES, why, sizeof(why)));
	ASSERT_TRUE(strstr(why, "m_fdblocks 5") != NULL);
	mp->m_fdblocks--;

	ip1->i_delayed_blks = 1;
	ASSERT_EQ(-1, cf_check_space(mp, t_inodes, T_NINODES, why, sizeof(why)));
	ASSERT_TRUE(strstr(why, "i_delayed_blks") != NULL);
	ip1->i_delayed_blks = 0;

	mp->m_blk_use[0] = XFS_BLK_INUSE;
	ASSERT_EQ(-1, cf_check_space(mp, t_inodes, T_NINODES, why, sizeof(why)));
	ASSERT_TRUE(strstr(why, "block 0: allocated but owned by nobody") != NULL);
	mp->m_blk_use[0] = XFS_BLK_FREE;

	ip2->i_df.if_ext[0].br_startoff = 0;	/* [0+2] overlaps nothing */
	ip2->i_df.if_ext[0].br_blockcount = 0;
	ASSERT_EQ(-1, cf_check_space(mp, t_inodes, T_NINODES, why, sizeof(why)));
	ASSERT_TRUE(strstr(why, "length 0") != NULL);
}

/* Delalloc reservations count against m_fdblocks with their indlen. */
static void
test_check_space_delalloc_accounting(void)
{
	t_setup("................", 4);
	t_put_delay(ip1, XFS_DATA_FORK, 0, 4, 1);
	t_put_delay(ip1, XFS_COW_FORK, 8, 2, 1);
	ASSERT_EQ(16 - 5 - 3, mp->m_fdblocks);
	ASSERT_EQ(6, ip1->i_delayed_blks);
	ASSERT_SPACE();
}

int
main(void)
{
	RUN(test_alloc_first_fit_from_target);
	RUN(test_alloc_aligned);
	RUN(test_alloc_enospc_fault_and_free);
	RUN(test_mod_fdblocks_enospc_leaves_counter);
	RUN(test_rmap_unmap_data_frees_last_owner);
	RUN(test_rmap_unmap_data_remap_keeps_blocks);
	RUN(test_rmap_cow_staging);
	RUN(test_refcount_find_shared);
	RUN(test_check_space_catches_damage);
	RUN(test_check_space_delalloc_accounting);
	return t_failed ? 1 : 0;
}
