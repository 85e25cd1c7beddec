// SPDX-License-Identifier: GPL-2.0
/*
 * The extent edits of xfs_bmap.c, one kernel case at a time: every
 * LEFT/RIGHT FILLING/CONTIG combination of xfs_bmap_add_extent_delay_real
 * and _unwritten_real, the hole_delay and hole_real merges (and the
 * MAXEXTLEN cap), del_extent_delay with the indlen split, del_extent_cow,
 * and the 9230a0b65b47 switch.  After every step: the fork, the number of
 * if_seq bumps (one per xfs_iext insert/remove/update the kernel does),
 * the free-block counter, and cf_check_space.
 *
 * Fork diagrams: one column per file block, '.' hole, 'd' delalloc,
 * 'W' written, 'u' unwritten; the device block of a real extent's first
 * block is given as @blk.
 */
#define LIBXFS_SHIM_DECLS_ONLY
#include "libxfs_shim.c"

static struct xfs_mount *mp = &t_mount;
static struct xfs_inode *ip1 = &t_inodes[0];

/* A free device of n blocks. */
static const char *
dev(int n)
{
	static char	layout[CF_MAX_DEV_BLOCKS + 1];

	memset(layout, '.', n);
	layout[n] = '\0';
	return layout;
}

/* The record the cursor names must contain off (the kernel's callers
 * re-read the merged extent from it). */
static bool
cursor_covers(struct xfs_ifork *ifp, struct xfs_iext_cursor *icur,
	      xfs_fileoff_t off)
{
	struct xfs_bmbt_irec	got;

	return xfs_iext_get_extent(ifp, icur, &got) &&
	       got.br_startoff <= off &&
	       off < got.br_startoff + got.br_blockcount;
}

/* ---- xfs_bmap_add_extent_delay_real --------------------------------- */

/*
 * Every row starts from
 *
 *   0   4       12  16
 *   LLLLddddddddRRRR      LEFT [0+4] @lblk, PREV delalloc [4+8] indlen
 *                         pind, RIGHT [12+4] @rblk (0: no neighbour)
 *
 * and turns [off+len] of PREV into a written extent at @blk.
 */
struct delay_real_case {
	const char		*name;
	xfs_fsblock_t		lblk, rblk;
	xfs_filblks_t		pind;
	xfs_fileoff_t		off;
	xfs_fsblock_t		blk;
	xfs_filblks_t		len;
	int			nexp;
	struct xfs_bmbt_irec	exp[5];
	unsigned int		bumps;
	int64_t			fd_delta;	/* indlen given back (+) / taken */
};

static const struct delay_real_case delay_real_cases[] = {
	/* WWWWWWWWWWWWWWWW  all of PREV, both neighbours merge */
	{ "LEFT_FILLING|LEFT_CONTIG|RIGHT_FILLING|RIGHT_CONTIG",
	  10, 22, 1, 4, 14, 8, 1, { W(0, 10, 16) }, 3, 1 },
	/* WWWWWWWWWWWW|WWWW  RIGHT @40 does not line up */
	{ "LEFT_FILLING|RIGHT_FILLING|LEFT_CONTIG",
	  10, 40, 1, 4, 14, 8, 2, { W(0, 10, 12), W(12, 40, 4) }, 2, 1 },
	/* WWWW|WWWWWWWWWWWW  LEFT @2 does not line up */
	{ "LEFT_FILLING|RIGHT_FILLING|RIGHT_CONTIG",
	  2, 22, 1, 4, 14, 8, 2, { W(0, 2, 4), W(4, 14, 12) }, 2, 1 },
	/* WWWW|WWWWWWWW|WWWW */
	{ "LEFT_FILLING|RIGHT_FILLING",
	  2, 40, 1, 4, 14, 8, 3, { W(0, 2, 4), W(4, 14, 8), W(12, 40, 4) },
	  1, 1 },
	/* WWWWWWWddddd|WWWW  the rest keeps min(worst(5), 2) = 1 */
	{ "LEFT_FILLING|LEFT_CONTIG",
	  10, 40, 2, 4, 14, 3, 3, { W(0, 10, 7), D(7, 5, 1), W(12, 40, 4) },
	  2, 1 },
	/* WWWW|WWW|ddddd|WWWW */
	{ "LEFT_FILLING",
	  2, 40, 2, 4, 14, 3, 4,
	  { W(0, 2, 4), W(4, 14, 3), D(7, 5, 1), W(12, 40, 4) }, 2, 1 },
	/* WWWW|dddddWWWWWWW  new @19 runs into RIGHT @22 */
	{ "RIGHT_FILLING|RIGHT_CONTIG",
	  10, 22, 2, 9, 19, 3, 3, { W(0, 10, 4), D(4, 5, 1), W(9, 19, 7) },
	  2, 1 },
	/* WWWW|ddddd|WWW|WWWW */
	{ "RIGHT_FILLING",
	  10, 40, 2, 9, 19, 3, 4,
	  { W(0, 10, 4), D(4, 5, 1), W(9, 19, 3), W(12, 40, 4) }, 2, 1 },
	/* WWWW|dd|WW|dddd|WWWW  1 + 1 = the old 2: nothing moves */
	{ "middle (0), neighbours, indlen kept",
	  10, 22, 2, 6, 16, 2, 5,
	  { W(0, 10, 4), D(4, 2, 1), W(6, 16, 2), D(8, 4, 1), W(12, 22, 4) },
	  3, 0 },
	/* dd|WW|dddd  1 + 1 > the old 1: one more block is reserved */
	{ "middle (0), alone, indlen grows",
	  0, 0, 1, 6, 16, 2, 3, { D(4, 2, 1), W(6, 16, 2), D(8, 4, 1) },
	  3, -1 },
};

static void
run_delay_real_case(const struct delay_real_case *c, int whichfork)
{
	struct xfs_bmalloca	bma;
	struct xfs_ifork	*ifp;
	int64_t			fd;
	unsigned int		seq;
	xfs_filblks_t		i;

	t_setup(dev(64), 4);
	if (c->lblk)
		t_put_real(ip1, whichfork, 0, c->lblk, 4, XFS_EXT_NORM);
	t_put_delay(ip1, whichfork, 4, 8, c->pind);
	if (c->rblk)
		t_put_real(ip1, whichfork, 12, c->rblk, 4, XFS_EXT_NORM);
	ifp = XFS_IFORK_PTR(ip1, whichfork);
	ASSERT_SPACE();

	memset(&bma, 0, sizeof(bma));
	bma.ip = ip1;
	bma.whichfork = whichfork;
	bma.flags = whichfork == XFS_COW_FORK ? XFS_BMAPI_COWFORK : 0;
	ASSERT_TRUE(xfs_iext_lookup_extent(ip1, ifp, 4, &bma.icur, &bma.prev));
	t_take_blocks(c->blk, c->len);
	bma.got = (struct xfs_bmbt_irec)W(c->off, c->blk, c->len);

	fd = mp->m_fdblocks;
	seq = ifp->if_seq;
	ASSERT_EQ(0, xfs_bmap_add_extent_delay_real(&bma, whichfork));

	if (!t_fork_matches(__FILE__, __LINE__, c->name, ifp, c->exp,
			    c->nexp)) {
		t_failed++;
		return;
	}
	ASSERT_EQ(c->bumps, ifp->if_seq - seq);
	ASSERT_EQ(fd + c->fd_delta, mp->m_fdblocks);
	ASSERT_EQ(8 - c->len, ip1->i_delayed_blks);
	ASSERT_TRUE(cursor_covers(ifp, &bma.icur, c->off));
	for (i = 0; i < c->len; i++) {
		if (whichfork == XFS_COW_FORK)
			ASSERT_EQ(1, mp->m_blk_cow[c->blk + i]);
		else
			ASSERT_EQ(1, mp->m_blk_owners[c->blk + i]);
	}
	ASSERT_SPACE();
}

static void
test_delay_real_all_cases(void)
{
	size_t	i;
	int	f;

	/* the same case analysis serves both forks */
	for (f = 0; f < 2; f++) {
		for (i = 0; i < ARRAY_SIZE(delay_real_cases); i++) {
			int before = t_failed;

			/* a growing indlen is only allowed with no other
			 * state bit set, and BMAP_COWFORK is one */
			if (f && delay_real_cases[i].fd_delta < 0)
				continue;

			run_delay_real_case(&delay_real_cases[i],
					    f ? XFS_COW_FORK : XFS_DATA_FORK);
			if (t_failed != before) {
				fprintf(stderr, "  in case \"%s\", %s fork\n",
					delay_real_cases[i].name,
					f ? "cow" : "data");
				return;
			}
		}
	}
}

/*
 * LEFT and new line up on disk, but LEFT + new would exceed MAXEXTLEN:
 *
 *   0 ... 250       258
 *   WWWWWWWWWWdddddddd     LEFT [0+250] @0, PREV [250+8]
 *   WWWWWWWWWW|WWWWWWW     two records, new @250
 */
static void
test_delay_real_maxextlen_cap(void)
{
	struct xfs_bmalloca	bma;

	t_setup(dev(300), 4);
	t_put_real(ip1, XFS_DATA_FORK, 0, 0, 250, XFS_EXT_NORM);
	t_put_delay(ip1, XFS_DATA_FORK, 250, 8, 1);

	memset(&bma, 0, sizeof(bma));
	bma.ip = ip1;
	ASSERT_TRUE(xfs_iext_lookup_extent(ip1, &ip1->i_df, 250, &bma.icur,
					   &bma.prev));
	t_take_blocks(250, 8);
	bma.got = (struct xfs_bmbt_irec)W(250, 250, 8);
	ASSERT_EQ(0, xfs_bmap_add_extent_delay_real(&bma, XFS_DATA_FORK));
	ASSERT_FORK(&ip1->i_df, W(0, 0, 250), W(250, 250, 8));
	ASSERT_SPACE();
}

/*
 * 9230a0b65b47: delalloc -> unwritten CoW allocation next to an unwritten
 * CoW extent.
 *
 *   0   4   8
 *   dddduuuu      CoW fork: PREV delalloc [0+4], RIGHT unwritten [4+4] @24
 *   uuuuuuuu      fixed: one unwritten extent [0+8] @20
 *   WWWWWWWW      buggy: the merge kept PREV's NORM: written CoW blocks
 *                 nobody wrote
 */
static void
run_9230a0b65b47(struct cf_profile *prof, xfs_exntst_t expect)
{
	struct xfs_bmalloca	bma;

	t_setup(dev(64), 4);
	mp->m_profile = prof;
	t_put_delay(ip1, XFS_COW_FORK, 0, 4, 1);
	t_put_real(ip1, XFS_COW_FORK, 4, 24, 4, XFS_EXT_UNWRITTEN);

	memset(&bma, 0, sizeof(bma));
	bma.ip = ip1;
	bma.whichfork = XFS_COW_FORK;
	bma.flags = XFS_BMAPI_COWFORK | XFS_BMAPI_PREALLOC;
	ASSERT_TRUE(xfs_iext_lookup_extent(ip1, ip1->i_cowfp, 0, &bma.icur,
					   &bma.prev));
	t_take_blocks(20, 4);
	bma.got = (struct xfs_bmbt_irec)U(0, 20, 4);
	ASSERT_EQ(0, xfs_bmap_add_extent_delay_real(&bma, XFS_COW_FORK));

	ASSERT_EQ(1, ip1->i_cowfp->if_nextents);
	ASSERT_EQ(0, ip1->i_cowfp->if_ext[0].br_startoff);
	ASSERT_EQ(20, ip1->i_cowfp->if_ext[0].br_startblock);
	ASSERT_EQ(8, ip1->i_cowfp->if_ext[0].br_blockcount);
	ASSERT_EQ(expect, ip1->i_cowfp->if_ext[0].br_state);
	ASSERT_SPACE();
}

static void
test_9230a0b65b47_switch_off_stays_unwritten(void)
{
	run_9230a0b65b47(&t_prof_fixed, XFS_EXT_UNWRITTEN);
}

static void
test_9230a0b65b47_switch_on_turns_written(void)
{
	run_9230a0b65b47(&t_prof_buggy, XFS_EXT_NORM);
}

/* ---- xfs_bmap_add_extent_unwritten_real ----------------------------- */

/*
 * Every row starts from
 *
 *   0   4       12  16
 *   LLLLuuuuuuuuRRRR      LEFT [0+4] @10, PREV unwritten [4+8] @14,
 *                         RIGHT [12+4] @22 (states per row)
 *
 * and writes [off+len] (unwritten -> written).  Contiguous on disk
 * throughout, so only the states decide the merges.
 */
struct unwritten_case {
	const char		*name;
	xfs_exntst_t		lst, rst;
	xfs_fileoff_t		off;
	xfs_filblks_t		len;
	int			nexp;
	struct xfs_bmbt_irec	exp[5];
	unsigned int		bumps;
};

#define N	XFS_EXT_NORM
#define UW	XFS_EXT_UNWRITTEN

static const struct unwritten_case unwritten_cases[] = {
	/* WWWWWWWWWWWWWWWW */
	{ "LEFT_FILLING|LEFT_CONTIG|RIGHT_FILLING|RIGHT_CONTIG", N, N, 4, 8,
	  1, { W(0, 10, 16) }, 3 },
	/* WWWWWWWWWWWWuuuu */
	{ "LEFT_FILLING|RIGHT_FILLING|LEFT_CONTIG", N, UW, 4, 8,
	  2, { W(0, 10, 12), U(12, 22, 4) }, 2 },
	/* uuuuWWWWWWWWWWWW */
	{ "LEFT_FILLING|RIGHT_FILLING|RIGHT_CONTIG", UW, N, 4, 8,
	  2, { U(0, 10, 4), W(4, 14, 12) }, 2 },
	/* uuuuWWWWWWWWuuuu */
	{ "LEFT_FILLING|RIGHT_FILLING", UW, UW, 4, 8,
	  3, { U(0, 10, 4), W(4, 14, 8), U(12, 22, 4) }, 1 },
	/* WWWWWWWuuuuuWWWW */
	{ "LEFT_FILLING|LEFT_CONTIG", N, N, 4, 3,
	  3, { W(0, 10, 7), U(7, 17, 5), W(12, 22, 4) }, 2 },
	/* uuuuWWWuuuuuWWWW */
	{ "LEFT_FILLING", UW, N, 4, 3,
	  4, { U(0, 10, 4), W(4, 14, 3), U(7, 17, 5), W(12, 22, 4) }, 2 },
	/* WWWWuuuuuWWWWWWW */
	{ "RIGHT_FILLING|RIGHT_CONTIG", N, N, 9, 3,
	  3, { W(0, 10, 4), U(4, 14, 5), W(9, 19, 7) }, 2 },
	/* WWWWuuuuuWWWuuuu */
	{ "RIGHT_FILLING", N, UW, 9, 3,
	  4, { W(0, 10, 4), U(4, 14, 5), W(9, 19, 3), U(12, 22, 4) }, 2 },
	/* WWWWuuWWuuuuWWWW */
	{ "middle (0)", N, N, 6, 2,
	  5, { W(0, 10, 4), U(4, 14, 2), W(6, 16, 2), U(8, 18, 4),
	       W(12, 22, 4) }, 3 },
};

static void
run_unwritten_case(const struct unwritten_case *c)
{
	struct xfs_iext_cursor	icur;
	struct xfs_bmbt_irec	got, new;
	struct xfs_ifork	*ifp = &ip1->i_df;
	unsigned int		seq;

	t_setup(dev(64), 4);
	t_put_real(ip1, XFS_DATA_FORK, 0, 10, 4, c->lst);
	t_put_real(ip1, XFS_DATA_FORK, 4, 14, 8, XFS_EXT_UNWRITTEN);
	t_put_real(ip1, XFS_DATA_FORK, 12, 22, 4, c->rst);
	ASSERT_SPACE();

	ASSERT_TRUE(xfs_iext_lookup_extent(ip1, ifp, c->off, &icur, &got));
	new = (struct xfs_bmbt_irec)W(c->off, 14 + (c->off - 4), c->len);
	seq = ifp->if_seq;
	ASSERT_EQ(0, xfs_bmap_add_extent_unwritten_real(ip1, XFS_DATA_FORK,
							&icur, &new));
	if (!t_fork_matches(__FILE__, __LINE__, c->name, ifp, c->exp,
			    c->nexp)) {
		t_failed++;
		return;
	}
	ASSERT_EQ(c->bumps, ifp->if_seq - seq);
	ASSERT_TRUE(cursor_covers(ifp, &icur, c->off));
	/* a state change moves no block between owners */
	ASSERT_EQ(1, mp->m_blk_owners[14 + (c->off - 4)]);
	ASSERT_SPACE();
}

static void
test_unwritten_real_all_cases(void)
{
	size_t	i;

	for (i = 0; i < ARRAY_SIZE(unwritten_cases); i++) {
		int before = t_failed;

		run_unwritten_case(&unwritten_cases[i]);
		if (t_failed != before) {
			fprintf(stderr, "  in case \"%s\"\n",
				unwritten_cases[i].name);
			return;
		}
	}
}

/*
 * The CoW fork direction used by xfs_reflink_convert_cow: unwritten ->
 * written in the middle of a CoW extent.
 *
 *   uuuuuuuu   ->   uuWWWuuu
 */
static void
test_unwritten_real_cow_fork(void)
{
	struct xfs_iext_cursor	icur;
	struct xfs_bmbt_irec	got, new = W(2, 22, 3);
	unsigned int		dseq;

	t_setup(dev(64), 4);
	t_put_real(ip1, XFS_COW_FORK, 0, 20, 8, XFS_EXT_UNWRITTEN);
	dseq = ip1->i_df.if_seq;
	ASSERT_TRUE(xfs_iext_lookup_extent(ip1, ip1->i_cowfp, 2, &icur, &got));
	ASSERT_EQ(0, xfs_bmap_add_extent_unwritten_real(ip1, XFS_COW_FORK,
							&icur, &new));
	ASSERT_FORK(ip1->i_cowfp, U(0, 20, 2), W(2, 22, 3), U(5, 25, 3));
	ASSERT_EQ(dseq, ip1->i_df.if_seq);
	ASSERT_EQ(1, mp->m_blk_cow[22]);
	ASSERT_SPACE();
}

/* ---- xfs_bmap_add_extent_hole_delay ---------------------------------- */

/* Reserve as xfs_bmapi_reserve_delalloc does before calling hole_delay. */
static void
hole_delay(int whichfork, xfs_fileoff_t off, xfs_filblks_t len,
	   xfs_filblks_t indlen)
{
	struct xfs_bmbt_irec	new = D(off, len, indlen);
	struct xfs_bmbt_irec	got;
	struct xfs_iext_cursor	icur;

	mp->m_fdblocks -= (int64_t)(len + indlen);
	ip1->i_delayed_blks += len;
	xfs_iext_lookup_extent(ip1, XFS_IFORK_PTR(ip1, whichfork), off, &icur,
			       &got);
	xfs_bmap_add_extent_hole_delay(ip1, whichfork, &icur, &new);
}

/*
 *   dddd....dddd      [0+4] and [8+4], indlen 1 each
 *   dddddddddddd      [4+4] joins both: indlen min(3, worst(12) = 1) = 1,
 *                     2 blocks back to m_fdblocks
 */
static void
test_hole_delay_merges_both(void)
{
	unsigned int	seq;
	int64_t		fd;

	t_setup(dev(64), 4);
	t_put_delay(ip1, XFS_DATA_FORK, 0, 4, 1);
	t_put_delay(ip1, XFS_DATA_FORK, 8, 4, 1);
	seq = ip1->i_df.if_seq;
	fd = mp->m_fdblocks;
	hole_delay(XFS_DATA_FORK, 4, 4, 1);
	ASSERT_FORK(&ip1->i_df, D(0, 12, 1));
	ASSERT_EQ(2, ip1->i_df.if_seq - seq);		/* remove + update */
	ASSERT_EQ(fd - 5 + 2, mp->m_fdblocks);
	ASSERT_SPACE();
}

/*
 *   dddd........      [0+4]
 *   dddddddd....      [4+4] joins the left one
 *   dddddddd..dd      [10+2] touches nothing: a record of its own
 *   dddddddd.ddd      [9+1] joins the right one (sum 2 > worst(3) = 1)
 */
static void
test_hole_delay_left_right_none(void)
{
	int64_t		fd;

	t_setup(dev(64), 4);
	t_put_delay(ip1, XFS_COW_FORK, 0, 4, 1);
	fd = mp->m_fdblocks;
	hole_delay(XFS_COW_FORK, 4, 4, 1);
	ASSERT_FORK(ip1->i_cowfp, D(0, 8, 1));
	ASSERT_EQ(fd - 4, mp->m_fdblocks);
	ASSERT_SPACE();

	hole_delay(XFS_COW_FORK, 10, 2, 1);
	ASSERT_FORK(ip1->i_cowfp, D(0, 8, 1), D(10, 2, 1));
	ASSERT_SPACE();

	hole_delay(XFS_COW_FORK, 9, 1, 1);
	ASSERT_FORK(ip1->i_cowfp, D(0, 8, 1), D(9, 3, 1));
	ASSERT_SPACE();
}

/*
 *   [0+250] d...d then [250+8]: 258 > MAXEXTLEN, no merge
 */
static void
test_hole_delay_maxextlen_cap(void)
{
	t_setup(dev(300), 4);
	t_put_delay(ip1, XFS_DATA_FORK, 0, 250, 8);
	hole_delay(XFS_DATA_FORK, 250, 8, 1);
	ASSERT_FORK(&ip1->i_df, D(0, 250, 8), D(250, 8, 1));
	ASSERT_SPACE();

	/* six fits exactly: 250 + 6 = 256 merges on the right too */
	t_setup(dev(300), 4);
	t_put_delay(ip1, XFS_DATA_FORK, 6, 250, 8);
	hole_delay(XFS_DATA_FORK, 0, 6, 1);
	ASSERT_FORK(&ip1->i_df, D(0, 256, 8));
	ASSERT_SPACE();
}

/* ---- xfs_bmap_add_extent_hole_real ----------------------------------- */

static void
hole_real(int whichfork, xfs_fileoff_t off, xfs_fsblock_t blk,
	  xfs_filblks_t len, xfs_exntst_t state)
{
	struct xfs_bmbt_irec	new = { off, blk, len, state };
	struct xfs_bmbt_irec	got;
	struct xfs_iext_cursor	icur;

	/* the caller allocated and reserved the blocks */
	t_take_blocks(blk, len);
	mp->m_fdblocks -= (int64_t)len;
	xfs_iext_lookup_extent(ip1, XFS_IFORK_PTR(ip1, whichfork), off, &icur,
			       &got);
	xfs_bmap_add_extent_hole_real(ip1, whichfork, &icur, &new);
}

/*
 *   WWWW....WWWW      [0+4] @10, [8+4] @18
 *   WWWWWWWWWWWW      [4+4] @14 lines up with both
 */
static void
test_hole_real_merges(void)
{
	unsigned int	seq;

	t_setup(dev(64), 4);
	t_put_real(ip1, XFS_DATA_FORK, 0, 10, 4, XFS_EXT_NORM);
	t_put_real(ip1, XFS_DATA_FORK, 8, 18, 4, XFS_EXT_NORM);
	seq = ip1->i_df.if_seq;
	hole_real(XFS_DATA_FORK, 4, 14, 4, XFS_EXT_NORM);
	ASSERT_FORK(&ip1->i_df, W(0, 10, 12));
	ASSERT_EQ(2, ip1->i_df.if_seq - seq);
	ASSERT_EQ(1, mp->m_blk_owners[15]);
	ASSERT_SPACE();

	/*
	 *   WWWW........      [0+4] @10
	 *   WWWWWW......      [4+2] @14 left
	 *   WWWWWW..WWWW      [8+4] @40: alone
	 *   WWWWWW.WWWWW      [7+1] @39: right
	 *   WWWWWWuWWWWW      [6+1] @16 unwritten: states differ, alone
	 */
	t_setup(dev(64), 4);
	t_put_real(ip1, XFS_DATA_FORK, 0, 10, 4, XFS_EXT_NORM);
	hole_real(XFS_DATA_FORK, 4, 14, 2, XFS_EXT_NORM);
	ASSERT_FORK(&ip1->i_df, W(0, 10, 6));
	hole_real(XFS_DATA_FORK, 8, 40, 4, XFS_EXT_NORM);
	hole_real(XFS_DATA_FORK, 7, 39, 1, XFS_EXT_NORM);
	ASSERT_FORK(&ip1->i_df, W(0, 10, 6), W(7, 39, 5));
	hole_real(XFS_DATA_FORK, 6, 16, 1, XFS_EXT_UNWRITTEN);
	ASSERT_FORK(&ip1->i_df, W(0, 10, 6), U(6, 16, 1), W(7, 39, 5));
	ASSERT_SPACE();
}

/* A CoW fork hole_real makes its blocks CoW staging, not data owners. */
static void
test_hole_real_cow_fork_stages(void)
{
	t_setup(dev(64), 4);
	xfs_ifork_init_cow(ip1);
	hole_real(XFS_COW_FORK, 3, 30, 2, XFS_EXT_UNWRITTEN);
	ASSERT_FORK(ip1->i_cowfp, U(3, 30, 2));
	ASSERT_EQ(1, mp->m_blk_cow[30]);
	ASSERT_EQ(0, mp->m_blk_owners[30]);
	ASSERT_SPACE();
}

/* ---- xfs_bmap_del_extent_delay --------------------------------------- */

static void
del_delay(int whichfork, xfs_fileoff_t off, xfs_filblks_t len,
	  xfs_filblks_t *dellen)
{
	struct xfs_ifork	*ifp = XFS_IFORK_PTR(ip1, whichfork);
	struct xfs_iext_cursor	icur;
	struct xfs_bmbt_irec	got, del;

	xfs_iext_lookup_extent(ip1, ifp, off, &icur, &got);
	del = got;
	del.br_startoff = off;
	del.br_blockcount = len;
	xfs_bmap_del_extent_delay(ip1, whichfork, &icur, &got, &del);
	if (dellen)
		*dellen = del.br_blockcount;
}

/*
 *   dddddddddddddddd  [0+16] indlen 1
 *   ....dddddddddddd  front 4: +4 blocks, indlen stays 1
 *   ....dddddddd....  back 4: +4
 *   ................  the rest: +8 and the indlen
 */
static void
test_del_delay_front_back_whole(void)
{
	int64_t		fd;
	unsigned int	seq;

	t_setup(dev(64), 4);
	t_put_delay(ip1, XFS_DATA_FORK, 0, 16, 1);
	fd = mp->m_fdblocks;
	seq = ip1->i_df.if_seq;

	del_delay(XFS_DATA_FORK, 0, 4, NULL);
	ASSERT_FORK(&ip1->i_df, D(4, 12, 1));
	ASSERT_EQ(fd + 4, mp->m_fdblocks);
	ASSERT_EQ(seq + 1, ip1->i_df.if_seq);
	ASSERT_SPACE();

	del_delay(XFS_DATA_FORK, 12, 4, NULL);
	ASSERT_FORK(&ip1->i_df, D(4, 8, 1));
	ASSERT_EQ(fd + 8, mp->m_fdblocks);
	ASSERT_SPACE();

	del_delay(XFS_DATA_FORK, 4, 8, NULL);
	ASSERT_FORK_EMPTY(&ip1->i_df);
	ASSERT_EQ(fd + 17, mp->m_fdblocks);
	ASSERT_EQ(0, ip1->i_delayed_blks);
	ASSERT_EQ(seq + 3, ip1->i_df.if_seq);
	ASSERT_SPACE();
}

/*
 *   dddd...(64)...dddd    [0+64] indlen 2
 *   d(20)....d(40)        delete [20+4]: worst cases 1 + 2 = 3 > 2, so
 *                         one deleted block is stolen for the indlen;
 *                         3 blocks go back
 */
static void
test_del_delay_middle_steals(void)
{
	xfs_filblks_t	dellen;
	int64_t		fd;

	t_setup(dev(128), 4);
	t_put_delay(ip1, XFS_DATA_FORK, 0, 64, 2);
	fd = mp->m_fdblocks;
	del_delay(XFS_DATA_FORK, 20, 4, &dellen);
	ASSERT_FORK(&ip1->i_df, D(0, 20, 1), D(24, 40, 2));
	ASSERT_EQ(3, dellen);
	ASSERT_EQ(fd + 3, mp->m_fdblocks);
	ASSERT_EQ(60, ip1->i_delayed_blks);
	ASSERT_SPACE();
}

/*
 *   [0+64] indlen 1 (after merges gave some back); delete [20+1]: the
 *   one deleted block is stolen and still 1 + 2 > 2: split_indlen shares
 *   the shortage, the pieces get 1 and 1; nothing goes back
 */
static void
test_del_delay_middle_short_reservation(void)
{
	xfs_filblks_t	dellen;
	int64_t		fd;

	t_setup(dev(128), 4);
	t_put_delay(ip1, XFS_DATA_FORK, 0, 64, 1);
	fd = mp->m_fdblocks;
	del_delay(XFS_DATA_FORK, 20, 1, &dellen);
	ASSERT_FORK(&ip1->i_df, D(0, 20, 1), D(21, 43, 1));
	ASSERT_EQ(0, dellen);
	ASSERT_EQ(fd, mp->m_fdblocks);
	ASSERT_SPACE();
}

/* ---- xfs_bmap_del_extent_cow ----------------------------------------- */

static void
del_cow(xfs_fileoff_t off, xfs_filblks_t len)
{
	struct xfs_iext_cursor	icur;
	struct xfs_bmbt_irec	got, del;

	xfs_iext_lookup_extent(ip1, ip1->i_cowfp, off, &icur, &got);
	del = got;
	del.br_startoff = off;
	del.br_startblock = got.br_startblock + (off - got.br_startoff);
	del.br_blockcount = len;
	xfs_bmap_del_extent_cow(ip1, &icur, &got, &del);
}

/*
 *   uuuuuuuuuuuuuuuu   CoW [0+16] @20
 *   uuuuuu..uuuuuuuu   middle [6+2]: split
 *   ..uuuu..uuuuuuuu   front
 *   ..uuuu..uuuuuu..   back
 *   ..uuuu..........   whole [8+6]
 * The staging goes; the blocks stay allocated until the caller frees them.
 */
static void
test_del_cow_splits(void)
{
	unsigned int	seq;
	unsigned int	dseq;

	t_setup(dev(64), 4);
	t_put_real(ip1, XFS_COW_FORK, 0, 20, 16, XFS_EXT_UNWRITTEN);
	seq = ip1->i_cowfp->if_seq;
	dseq = ip1->i_df.if_seq;

	del_cow(6, 2);
	ASSERT_FORK(ip1->i_cowfp, U(0, 20, 6), U(8, 28, 8));
	ASSERT_EQ(seq + 2, ip1->i_cowfp->if_seq);
	ASSERT_EQ(0, mp->m_blk_cow[26]);
	ASSERT_EQ(XFS_BLK_INUSE, mp->m_blk_use[26]);
	ASSERT_FALSE(t_space_ok(__FILE__, __LINE__));	/* not freed yet */
	xfs_free_extent(mp, 26, 2);
	ASSERT_SPACE();

	del_cow(0, 2);
	xfs_free_extent(mp, 20, 2);
	ASSERT_FORK(ip1->i_cowfp, U(2, 22, 4), U(8, 28, 8));
	ASSERT_SPACE();

	del_cow(14, 2);
	xfs_free_extent(mp, 34, 2);
	ASSERT_FORK(ip1->i_cowfp, U(2, 22, 4), U(8, 28, 6));
	ASSERT_SPACE();

	del_cow(8, 6);
	xfs_free_extent(mp, 28, 6);
	ASSERT_FORK(ip1->i_cowfp, U(2, 22, 4));
	ASSERT_EQ(seq + 5, ip1->i_cowfp->if_seq);
	ASSERT_EQ(dseq, ip1->i_df.if_seq);
	ASSERT_SPACE();
}

/* ---- xfs_bmap_worst_indlen ------------------------------------------- */

static void
test_worst_indlen_model(void)
{
	t_setup(dev(8), 4);
	ASSERT_EQ(0, xfs_bmap_worst_indlen(ip1, 0));
	ASSERT_EQ(1, xfs_bmap_worst_indlen(ip1, 1));
	ASSERT_EQ(1, xfs_bmap_worst_indlen(ip1, 32));
	ASSERT_EQ(2, xfs_bmap_worst_indlen(ip1, 33));
	ASSERT_EQ(8, xfs_bmap_worst_indlen(ip1, 256));
}

int
main(void)
{
	RUN(test_worst_indlen_model);
	RUN(test_delay_real_all_cases);
	RUN(test_delay_real_maxextlen_cap);
	RUN(test_9230a0b65b47_switch_off_stays_unwritten);
	RUN(test_9230a0b65b47_switch_on_turns_written);
	RUN(test_unwritten_real_all_cases);
	RUN(test_unwritten_real_cow_fork);
	RUN(test_hole_delay_merges_both);
	RUN(test_hole_delay_left_right_none);
	RUN(test_hole_delay_maxextlen_cap);
	RUN(test_hole_real_merges);
	RUN(test_hole_real_cow_fork_stages);
	RUN(test_del_delay_front_back_whole);
	RUN(test_del_delay_middle_steals);
	RUN(test_del_delay_middle_short_reservation);
	RUN(test_del_cow_splits);
	return t_failed ? 1 : 0;
}
