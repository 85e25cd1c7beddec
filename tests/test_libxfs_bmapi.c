// SPDX-License-Identifier: GPL-2.0
/*
 * The bmapi layer of xfs_bmap.c: xfs_bmapi_reserve_delalloc (CoW extent
 * size alignment and its clipping, ENOSPC with undo), xfs_bmapi_allocate
 * and xfs_bmapi_write (short allocations on a fragmented device, whole
 * delalloc extents converted from their start, unwritten conversion),
 * xfs_bmapi_read, xfs_bmapi_remap and __xfs_bunmapi.  cf_check_space
 * after every step.
 *
 * Fork diagrams: one column per file block, '.' hole, 'd' delalloc,
 * 'W' written, 'u' unwritten.  Device diagrams: '.' free, 'X' pre-filled,
 * '#' in use.
 */
#define LIBXFS_SHIM_DECLS_ONLY
#include "libxfs_shim.c"

static struct xfs_mount *mp = &t_mount;
static struct xfs_inode *ip1 = &t_inodes[0];
static struct xfs_inode *ip2 = &t_inodes[1];

static const char *
dev(int n)
{
	static char	layout[CF_MAX_DEV_BLOCKS + 1];

	memset(layout, '.', n);
	layout[n] = '\0';
	return layout;
}

/* Reserve like xfs_buffered_write_iomap_begin: look up the next extent
 * first, eof when there is none. */
static int
reserve(int whichfork, xfs_fileoff_t off, xfs_filblks_t len,
	xfs_filblks_t prealloc, struct xfs_bmbt_irec *got)
{
	struct xfs_iext_cursor	icur;
	int			eof;

	if (whichfork == XFS_COW_FORK)
		xfs_ifork_init_cow(ip1);
	eof = !xfs_iext_lookup_extent(ip1, XFS_IFORK_PTR(ip1, whichfork), off,
				      &icur, got);
	return xfs_bmapi_reserve_delalloc(ip1, whichfork, off, len, prealloc,
					  got, &icur, eof);
}

#define ASSERT_MAP(m, off, blk, len, st)				\
	do {								\
		ASSERT_EQ((off), (m).br_startoff);			\
		ASSERT_EQ((blk), (m).br_startblock);			\
		ASSERT_EQ((len), (m).br_blockcount);			\
		ASSERT_EQ((st), (m).br_state);				\
	} while (0)

/* ---- xfs_bmapi_reserve_delalloc -------------------------------------- */

/*
 *   dddd..........     [0+4]
 *   dddddd........     [4+2] merges; got comes back as the merged record
 */
static void
test_reserve_data_fork_merges(void)
{
	struct xfs_bmbt_irec	got;
	int64_t			fd;
	unsigned int		seq;

	t_setup(dev(64), 8);
	ASSERT_EQ(0, reserve(XFS_DATA_FORK, 0, 4, 0, &got));
	ASSERT_FORK(&ip1->i_df, D(0, 4, 1));
	ASSERT_EQ(64 - 5, mp->m_fdblocks);
	ASSERT_SPACE();

	fd = mp->m_fdblocks;
	seq = ip1->i_df.if_seq;
	ASSERT_EQ(0, reserve(XFS_DATA_FORK, 4, 2, 0, &got));
	ASSERT_FORK(&ip1->i_df, D(0, 6, 1));
	ASSERT_MAP(got, 0, nullstartblock(1), 6, XFS_EXT_NORM);
	ASSERT_EQ(fd - 3 + 1, mp->m_fdblocks);	/* indlen 1 + 1 -> 1 */
	ASSERT_EQ(seq + 1, ip1->i_df.if_seq);
	ASSERT_EQ(6, ip1->i_delayed_blks);
	ASSERT_FALSE(ip1->i_flags & XFS_ICOWBLOCKS);
	ASSERT_SPACE();
}

/*
 *   ........WWWW       [8+4] @40
 *   ....dddd WWWW      [4+2] with prealloc 10: clipped at the next extent
 *   d(256)             [0+200] + 100: capped at MAXEXTLEN (256)
 */
static void
test_reserve_clip_next_and_maxextlen(void)
{
	struct xfs_bmbt_irec	got;

	t_setup(dev(64), 8);
	t_put_real(ip1, XFS_DATA_FORK, 8, 40, 4, XFS_EXT_NORM);
	ASSERT_EQ(0, reserve(XFS_DATA_FORK, 4, 2, 10, &got));
	ASSERT_FORK(&ip1->i_df, D(4, 4, 1), W(8, 40, 4));
	ASSERT_SPACE();

	t_setup(dev(300), 8);
	ASSERT_EQ(0, reserve(XFS_DATA_FORK, 0, 200, 100, &got));
	ASSERT_FORK(&ip1->i_df, D(0, 256, 8));
	ASSERT_SPACE();
}

/*
 * CoW fork, hint 8:
 *   .....dd.        the write [5+2]
 *   dddddddd        reserved [0+8]: start down, end up to the hint; the
 *                   reservation grew, so the inode is tagged
 * With XFS_DIFLAG2_COWEXTSIZE and i_cowextsize 4: [4+4].
 */
static void
test_reserve_cow_aligned_to_hint(void)
{
	struct xfs_bmbt_irec	got;

	t_setup(dev(64), 8);
	ASSERT_EQ(8, xfs_get_cowextsz_hint(ip1));
	ASSERT_EQ(0, reserve(XFS_COW_FORK, 5, 2, 0, &got));
	ASSERT_FORK(ip1->i_cowfp, D(0, 8, 1));
	ASSERT_MAP(got, 0, nullstartblock(1), 8, XFS_EXT_NORM);
	ASSERT_TRUE(ip1->i_flags & XFS_ICOWBLOCKS);
	ASSERT_EQ(8, ip1->i_delayed_blks);
	ASSERT_EQ(0, ip1->i_df.if_seq);
	ASSERT_SPACE();

	t_setup(dev(64), 8);
	ip1->i_diflags2 |= XFS_DIFLAG2_COWEXTSIZE;
	ip1->i_cowextsize = 4;
	ASSERT_EQ(4, xfs_get_cowextsz_hint(ip1));
	ASSERT_EQ(0, reserve(XFS_COW_FORK, 5, 2, 0, &got));
	ASSERT_FORK(ip1->i_cowfp, D(4, 4, 1));
	ASSERT_SPACE();

	/* an aligned request grows nothing: no tag */
	t_setup(dev(64), 8);
	ASSERT_EQ(0, reserve(XFS_COW_FORK, 8, 8, 0, &got));
	ASSERT_FORK(ip1->i_cowfp, D(8, 8, 1));
	ASSERT_FALSE(ip1->i_flags & XFS_ICOWBLOCKS);

	/* a zero hint still aligns to something */
	t_setup(dev(64), 0);
	ASSERT_EQ(1, xfs_get_cowextsz_hint(ip1));
}

/*
 * CoW fork, hint 8, neighbours on both sides of the write [5+2]:
 *
 *   0  3     10  14
 *   uuu..dd...uuuu     U [0+3] @20, U [10+4] @30
 *   uuuddddddduuuu     aligned [0+8] would overlap both: moved to start
 *                      after the previous, clipped before the next:
 *                      [3+7]
 */
static void
test_reserve_cow_alignment_clipped_to_neighbours(void)
{
	struct xfs_bmbt_irec	got;

	t_setup(dev(64), 8);
	t_put_real(ip1, XFS_COW_FORK, 0, 20, 3, XFS_EXT_UNWRITTEN);
	t_put_real(ip1, XFS_COW_FORK, 10, 30, 4, XFS_EXT_UNWRITTEN);
	ASSERT_EQ(0, reserve(XFS_COW_FORK, 5, 2, 0, &got));
	ASSERT_FORK(ip1->i_cowfp, U(0, 20, 3), D(3, 7, 1), U(10, 30, 4));
	ASSERT_TRUE(ip1->i_flags & XFS_ICOWBLOCKS);
	ASSERT_SPACE();
}

/*
 * CoW fork, hint 24, write [250+4] at the end of the model's file:
 * aligned [240+24) would pass block 256; clipped to [240+16].
 */
static void
test_reserve_cow_clipped_to_max_file_blocks(void)
{
	struct xfs_bmbt_irec	got;

	t_setup(dev(64), 24);
	ASSERT_EQ(0, reserve(XFS_COW_FORK, 250, 4, 0, &got));
	ASSERT_FORK(ip1->i_cowfp, D(240, 16, 1));
	ASSERT_SPACE();
}

static void
test_reserve_enospc_undo(void)
{
	struct xfs_bmbt_irec	got;

	/* injected: nothing changes */
	t_setup(dev(16), 8);
	t_fault_at(CF_FAULT_ENOSPC, 1);
	ASSERT_EQ(-ENOSPC, reserve(XFS_COW_FORK, 0, 4, 0, &got));
	ASSERT_EQ(16, mp->m_fdblocks);
	ASSERT_EQ(0, ip1->i_delayed_blks);
	ASSERT_EQ(0, ip1->i_cowfp->if_seq);
	ASSERT_FORK_EMPTY(ip1->i_cowfp);
	ASSERT_SPACE();

	/* the blocks fit, their indlen does not: the blocks are given back */
	t_setup(dev(8), 8);
	ASSERT_EQ(-ENOSPC, reserve(XFS_DATA_FORK, 0, 8, 0, &got));
	ASSERT_EQ(8, mp->m_fdblocks);
	ASSERT_FORK_EMPTY(&ip1->i_df);
	ASSERT_EQ(0, ip1->i_df.if_seq);
	ASSERT_SPACE();

	/* the blocks alone do not fit */
	ASSERT_EQ(-ENOSPC, reserve(XFS_DATA_FORK, 0, 9, 0, &got));
	ASSERT_EQ(8, mp->m_fdblocks);
	ASSERT_SPACE();

	/* one less fits with its indlen */
	ASSERT_EQ(0, reserve(XFS_DATA_FORK, 0, 7, 0, &got));
	ASSERT_EQ(0, mp->m_fdblocks);
	ASSERT_SPACE();
}

/* ---- xfs_bmapi_write -------------------------------------------------- */

/*
 * A hole on a fragmented device:
 *   device  ..X...X...
 *   fork    WW|WWW|W        [0+2] @0, [2+3] @3, [5+1] @7: three short
 *                           allocations for one request of 6
 */
static void
test_write_hole_short_allocations(void)
{
	struct xfs_bmbt_irec	mval[4];
	int			nmap = 4;

	t_setup("..X...X...", 8);
	ASSERT_EQ(0, xfs_bmapi_write(ip1, 0, 6, 0, mval, &nmap));
	ASSERT_EQ(3, nmap);
	ASSERT_MAP(mval[0], 0, 0, 2, XFS_EXT_NORM);
	ASSERT_MAP(mval[1], 2, 3, 3, XFS_EXT_NORM);
	ASSERT_MAP(mval[2], 5, 7, 1, XFS_EXT_NORM);
	ASSERT_FORK(&ip1->i_df, W(0, 0, 2), W(2, 3, 3), W(5, 7, 1));
	ASSERT_EQ(8 - 6, mp->m_fdblocks);
	ASSERT_SPACE();

	/* one map at a time: the caller loops */
	t_setup("..X...X...", 8);
	nmap = 1;
	ASSERT_EQ(0, xfs_bmapi_write(ip1, 0, 6, XFS_BMAPI_PREALLOC, mval,
				     &nmap));
	ASSERT_EQ(1, nmap);
	ASSERT_MAP(mval[0], 0, 0, 2, XFS_EXT_UNWRITTEN);
	ASSERT_SPACE();
}

/*
 * The whole delalloc extent is converted from its start, whatever part
 * was asked for (pre-6.10):
 *
 *   device  ...X....X...
 *   fork    dddddddd            D [0+8]; write [5+2]
 *   1st     uuuddddd            [0+3] @0 (short: block 3 is taken)
 *   2nd     uuu|uuuud           [3+4] @4, not contiguous on disk
 * nmap 4: the map returned is [5+2] @6.
 */
static void
test_write_converts_whole_delalloc_from_start(void)
{
	struct xfs_bmbt_irec	mval[4];
	unsigned int		seq;
	int			nmap = 4;

	t_setup("...X....X...", 8);
	t_put_delay(ip1, XFS_DATA_FORK, 0, 8, 1);
	seq = ip1->i_df.if_seq;
	ASSERT_EQ(0, xfs_bmapi_write(ip1, 5, 2, XFS_BMAPI_PREALLOC, mval,
				     &nmap));
	ASSERT_EQ(1, nmap);
	ASSERT_MAP(mval[0], 5, 6, 2, XFS_EXT_UNWRITTEN);
	ASSERT_FORK(&ip1->i_df, U(0, 0, 3), U(3, 4, 4), D(7, 1, 1));
	ASSERT_EQ(4, ip1->i_df.if_seq - seq);	/* two LEFT_FILLING splits */
	ASSERT_EQ(1, ip1->i_delayed_blks);
	ASSERT_SPACE();
}

/*
 * The same with one map allowed: the loop stops after one allocation,
 * which ended before the request.  No map: -ENOSPC with free space left
 * (the false ENOSPC d62113303d69 fixed in 6.0).  The converted front
 * stays converted.
 */
static void
test_write_whole_delalloc_false_enospc(void)
{
	struct xfs_bmbt_irec	mval[1];
	int			nmap = 1;

	t_setup("...X....X...", 8);
	t_put_delay(ip1, XFS_DATA_FORK, 0, 8, 1);
	ASSERT_EQ(-ENOSPC, xfs_bmapi_write(ip1, 5, 2, XFS_BMAPI_PREALLOC, mval,
					   &nmap));
	ASSERT_EQ(0, nmap);
	ASSERT_FORK(&ip1->i_df, U(0, 0, 3), D(3, 5, 1));
	ASSERT_TRUE(xfs_alloc_count_free(mp) > 0);
	ASSERT_SPACE();
}

/*
 *   uuuuuuuu  @10     write [2+3] with XFS_BMAPI_CONVERT
 *   uuWWWuuu
 */
static void
test_write_convert_unwritten(void)
{
	struct xfs_bmbt_irec	mval[2];
	int			nmap = 2;

	t_setup(dev(32), 8);
	t_put_real(ip1, XFS_DATA_FORK, 0, 10, 8, XFS_EXT_UNWRITTEN);
	ASSERT_EQ(0, xfs_bmapi_write(ip1, 2, 3, XFS_BMAPI_CONVERT, mval,
				     &nmap));
	ASSERT_EQ(1, nmap);
	ASSERT_MAP(mval[0], 2, 12, 3, XFS_EXT_NORM);
	ASSERT_FORK(&ip1->i_df, U(0, 10, 2), W(2, 12, 3), U(5, 15, 3));
	ASSERT_SPACE();
}

/* The CoW fork hole path of xfs_reflink_allocate_cow: unwritten staging. */
static void
test_write_cow_fork_hole(void)
{
	struct xfs_bmbt_irec	mval[1];
	int			nmap = 1;

	t_setup("XX......", 8);
	xfs_ifork_init_cow(ip1);
	ASSERT_EQ(0, xfs_bmapi_write(ip1, 4, 3,
				     XFS_BMAPI_COWFORK | XFS_BMAPI_PREALLOC,
				     mval, &nmap));
	ASSERT_MAP(mval[0], 4, 2, 3, XFS_EXT_UNWRITTEN);
	ASSERT_EQ(1, mp->m_blk_cow[2]);
	ASSERT_EQ(0, mp->m_blk_owners[2]);
	ASSERT_EQ(0, ip1->i_df.if_seq);
	ASSERT_SPACE();
}

static void
test_write_enospc(void)
{
	struct xfs_bmbt_irec	mval[1];
	int			nmap = 1;

	/* the allocator fails (injected) */
	t_setup(dev(8), 8);
	t_fault_at(CF_FAULT_ENOSPC, 1);
	ASSERT_EQ(-ENOSPC, xfs_bmapi_write(ip1, 0, 2, 0, mval, &nmap));
	ASSERT_EQ(0, nmap);
	ASSERT_EQ(8, mp->m_fdblocks);
	ASSERT_FORK_EMPTY(&ip1->i_df);
	ASSERT_SPACE();

	/* free blocks exist but delalloc has reserved them all */
	t_setup(dev(8), 8);
	t_put_delay(ip2, XFS_DATA_FORK, 0, 7, 1);
	ASSERT_EQ(0, mp->m_fdblocks);
	nmap = 1;
	ASSERT_EQ(-ENOSPC, xfs_bmapi_write(ip1, 0, 2, 0, mval, &nmap));
	ASSERT_EQ(8, xfs_alloc_count_free(mp));
	ASSERT_SPACE();
}

/* ---- xfs_bmapi_allocate (the xfs_bmapi_convert_delalloc way) --------- */

/*
 * CoW fork, device  XXXXXXXXXX##........  (blocks 10-11: the left extent)
 *   uudddd     U [0+2] @10, D [2+4]
 *   uuuuuu     converted at @12: merges with the left extent; bma.got is
 *              re-read as the merged [0+6] @10
 */
static void
test_allocate_wasdel_merge_rereads_got(void)
{
	struct xfs_bmalloca	bma;

	t_setup("XXXXXXXXXX..........", 8);
	t_put_real(ip1, XFS_COW_FORK, 0, 10, 2, XFS_EXT_UNWRITTEN);
	t_put_delay(ip1, XFS_COW_FORK, 2, 4, 1);

	memset(&bma, 0, sizeof(bma));
	bma.ip = ip1;
	bma.whichfork = XFS_COW_FORK;
	bma.flags = XFS_BMAPI_COWFORK | XFS_BMAPI_PREALLOC;
	bma.wasdel = true;
	ASSERT_TRUE(xfs_iext_lookup_extent(ip1, ip1->i_cowfp, 3, &bma.icur,
					   &bma.got));
	bma.offset = bma.got.br_startoff;
	bma.length = (xfs_extlen_t)bma.got.br_blockcount;
	ASSERT_EQ(0, xfs_bmapi_allocate(&bma));
	ASSERT_EQ(12, bma.blkno);
	ASSERT_EQ(4, bma.length);
	ASSERT_MAP(bma.got, 0, 10, 6, XFS_EXT_UNWRITTEN);
	ASSERT_FORK(ip1->i_cowfp, U(0, 10, 6));
	ASSERT_SPACE();
}

/* ---- xfs_bmapi_read --------------------------------------------------- */

/*
 *   ..WWW.dd..     W [2+3] @10, D [6+2]
 */
static void
test_read_holes_and_delalloc(void)
{
	struct xfs_bmbt_irec	mval[8];
	unsigned int		seq;
	int			nmap = 8;

	t_setup(dev(32), 8);
	t_put_real(ip1, XFS_DATA_FORK, 2, 10, 3, XFS_EXT_NORM);
	t_put_delay(ip1, XFS_DATA_FORK, 6, 2, 1);
	seq = ip1->i_df.if_seq;

	ASSERT_EQ(0, xfs_bmapi_read(ip1, 0, 10, mval, &nmap, 0));
	ASSERT_EQ(5, nmap);
	ASSERT_MAP(mval[0], 0, HOLESTARTBLOCK, 2, XFS_EXT_NORM);
	ASSERT_MAP(mval[1], 2, 10, 3, XFS_EXT_NORM);
	ASSERT_MAP(mval[2], 5, HOLESTARTBLOCK, 1, XFS_EXT_NORM);
	ASSERT_MAP(mval[3], 6, DELAYSTARTBLOCK, 2, XFS_EXT_NORM);
	ASSERT_MAP(mval[4], 8, HOLESTARTBLOCK, 2, XFS_EXT_NORM);

	/* trimmed to the range */
	nmap = 8;
	ASSERT_EQ(0, xfs_bmapi_read(ip1, 3, 4, mval, &nmap, 0));
	ASSERT_EQ(3, nmap);
	ASSERT_MAP(mval[0], 3, 11, 2, XFS_EXT_NORM);
	ASSERT_MAP(mval[1], 5, HOLESTARTBLOCK, 1, XFS_EXT_NORM);
	ASSERT_MAP(mval[2], 6, DELAYSTARTBLOCK, 1, XFS_EXT_NORM);

	/* no CoW fork: all hole */
	nmap = 8;
	ASSERT_EQ(0, xfs_bmapi_read(ip1, 0, 10, mval, &nmap,
				    XFS_BMAPI_COWFORK));
	ASSERT_EQ(1, nmap);
	ASSERT_MAP(mval[0], 0, HOLESTARTBLOCK, 10, XFS_EXT_NORM);

	ASSERT_EQ(seq, ip1->i_df.if_seq);	/* reads never bump */
	ASSERT_SPACE();
}

/* ---- xfs_bmapi_remap --------------------------------------------------- */

/*
 *   ino 1  WWWW      @10
 *   ino 2  ....WW    @14 (its own)  then remap [0+4] @10: a clone of
 *   ino 2  WWWWWW    ino 1's blocks, merged with [4+2] @14
 */
static void
test_remap_clone_shares_and_merges(void)
{
	xfs_fsblock_t	fbno;
	xfs_extlen_t	flen;

	t_setup(dev(32), 8);
	t_put_real(ip1, XFS_DATA_FORK, 0, 10, 4, XFS_EXT_NORM);
	t_put_real(ip2, XFS_DATA_FORK, 4, 14, 2, XFS_EXT_NORM);
	ASSERT_EQ(0, xfs_bmapi_remap(ip2, 0, 4, 10, XFS_EXT_NORM));
	ASSERT_FORK(&ip2->i_df, W(0, 10, 6));
	ASSERT_EQ(2, mp->m_blk_owners[10]);
	ASSERT_EQ(1, mp->m_blk_owners[14]);
	ASSERT_EQ(0, xfs_refcount_find_shared(mp, 10, 6, &fbno, &flen, true));
	ASSERT_EQ(10, fbno);
	ASSERT_EQ(4, flen);
	ASSERT_SPACE();
}

/* ---- __xfs_bunmapi ----------------------------------------------------- */

/*
 *   WWWWWWWW  @10     unmap [2+4]
 *   WW....WW          the middle goes; blocks 12-15 are freed
 */
static void
test_bunmapi_middle(void)
{
	xfs_filblks_t	rlen = 4;
	unsigned int	seq;

	t_setup(dev(32), 8);
	t_put_real(ip1, XFS_DATA_FORK, 0, 10, 8, XFS_EXT_NORM);
	seq = ip1->i_df.if_seq;
	ASSERT_EQ(0, __xfs_bunmapi(ip1, 2, &rlen, 0, 0));
	ASSERT_EQ(0, rlen);
	ASSERT_FORK(&ip1->i_df, W(0, 10, 2), W(6, 16, 2));
	ASSERT_EQ(2, ip1->i_df.if_seq - seq);
	ASSERT_EQ(XFS_BLK_FREE, mp->m_blk_use[12]);
	ASSERT_EQ(32 - 4, mp->m_fdblocks);
	ASSERT_SPACE();
}

/*
 *   WW..WW..dd   W [0+2] @10, W [4+2] @20, D [8+2]
 * one extent per call, from the end: rlen shrinks 10 -> 8 -> 4 -> 0
 */
static void
test_bunmapi_partial_from_end(void)
{
	xfs_filblks_t	rlen;

	t_setup(dev(32), 8);
	t_put_real(ip1, XFS_DATA_FORK, 0, 10, 2, XFS_EXT_NORM);
	t_put_real(ip1, XFS_DATA_FORK, 4, 20, 2, XFS_EXT_NORM);
	t_put_delay(ip1, XFS_DATA_FORK, 8, 2, 1);

	rlen = 10;
	ASSERT_EQ(0, __xfs_bunmapi(ip1, 0, &rlen, 0, 1));
	ASSERT_EQ(8, rlen);
	ASSERT_FORK(&ip1->i_df, W(0, 10, 2), W(4, 20, 2));
	ASSERT_EQ(0, ip1->i_delayed_blks);
	ASSERT_SPACE();

	ASSERT_EQ(0, __xfs_bunmapi(ip1, 0, &rlen, 0, 1));
	ASSERT_EQ(4, rlen);
	ASSERT_FORK(&ip1->i_df, W(0, 10, 2));
	ASSERT_SPACE();

	ASSERT_EQ(0, __xfs_bunmapi(ip1, 0, &rlen, 0, 1));
	ASSERT_EQ(0, rlen);
	ASSERT_FORK_EMPTY(&ip1->i_df);
	ASSERT_EQ(32, mp->m_fdblocks);
	ASSERT_SPACE();
}

/* Shared blocks survive their first unmap; REMAP leaves blocks to the
 * caller. */
static void
test_bunmapi_shared_and_remap(void)
{
	xfs_filblks_t	rlen;

	t_setup(dev(32), 8);
	t_put_real(ip1, XFS_DATA_FORK, 0, 10, 4, XFS_EXT_NORM);
	t_put_real(ip2, XFS_DATA_FORK, 0, 10, 4, XFS_EXT_NORM);

	rlen = 4;
	ASSERT_EQ(0, __xfs_bunmapi(ip1, 0, &rlen, 0, 0));
	ASSERT_EQ(XFS_BLK_INUSE, mp->m_blk_use[10]);
	ASSERT_EQ(1, mp->m_blk_owners[10]);
	ASSERT_SPACE();

	rlen = 4;
	ASSERT_EQ(0, __xfs_bunmapi(ip2, 0, &rlen, XFS_BMAPI_REMAP, 0));
	ASSERT_EQ(XFS_BLK_INUSE, mp->m_blk_use[10]);
	ASSERT_EQ(0, mp->m_blk_owners[10]);
	xfs_bmap_add_free(mp, 10, 4);
	ASSERT_SPACE();
}

int
main(void)
{
	RUN(test_reserve_data_fork_merges);
	RUN(test_reserve_clip_next_and_maxextlen);
	RUN(test_reserve_cow_aligned_to_hint);
	RUN(test_reserve_cow_alignment_clipped_to_neighbours);
	RUN(test_reserve_cow_clipped_to_max_file_blocks);
	RUN(test_reserve_enospc_undo);
	RUN(test_write_hole_short_allocations);
	RUN(test_write_converts_whole_delalloc_from_start);
	RUN(test_write_whole_delalloc_false_enospc);
	RUN(test_write_convert_unwritten);
	RUN(test_write_cow_fork_hole);
	RUN(test_write_enospc);
	RUN(test_allocate_wasdel_merge_rereads_got);
	RUN(test_read_holes_and_delalloc);
	RUN(test_remap_clone_shares_and_merges);
	RUN(test_bunmapi_middle);
	RUN(test_bunmapi_partial_from_end);
	RUN(test_bunmapi_shared_and_remap);
	return t_failed ? 1 : 0;
}
