// SPDX-License-Identifier: GPL-2.0
/*
 * The in-core extent list (src/xfs/libxfs/xfs_iext.c): cursor semantics of
 * the kernel's xfs_iext_tree.c, and if_seq moving on every insert, remove
 * and update and on nothing else (kernel-facts §3.8).
 *
 * Fork diagrams use one column per file block: '.' hole, 'd' delalloc,
 * 'W' written, 'u' unwritten.
 */
#define LIBXFS_SHIM_DECLS_ONLY
#include "libxfs_shim.c"

static struct xfs_inode *ip1 = &t_inodes[0];

static void
rec_set(struct xfs_bmbt_irec *r, xfs_fileoff_t off, xfs_fsblock_t blk,
	xfs_filblks_t len)
{
	r->br_startoff = off;
	r->br_startblock = blk;
	r->br_blockcount = len;
	r->br_state = XFS_EXT_NORM;
}

/*
 *   0         1
 *   0123456789012345
 *   ..WWW..WW....WWW     data fork of ino 1: [2+3] [7+2] [13+3]
 */
static void
setup_three(void)
{
	t_setup("................................", 4);
	t_put_real(ip1, XFS_DATA_FORK, 2, 10, 3, XFS_EXT_NORM);
	t_put_real(ip1, XFS_DATA_FORK, 7, 20, 2, XFS_EXT_NORM);
	t_put_real(ip1, XFS_DATA_FORK, 13, 25, 3, XFS_EXT_NORM);
}

static void
test_iext_insert_into_empty_bumps_seq(void)
{
	struct xfs_ifork	*ifp = &ip1->i_df;
	struct xfs_iext_cursor	icur;
	struct xfs_bmbt_irec	r, got;
	unsigned int		seq;

	t_setup("........", 4);
	seq = ifp->if_seq;
	ASSERT_FALSE(xfs_iext_lookup_extent(ip1, ifp, 0, &icur, &got));
	ASSERT_EQ(seq, ifp->if_seq);

	rec_set(&r, 3, 5, 2);
	xfs_iext_insert(ip1, &icur, &r, 0);
	ASSERT_EQ(seq + 1, ifp->if_seq);
	ASSERT_EQ(1, xfs_iext_count(ifp));
	ASSERT_EQ(XFS_IEXT_REC_SIZE, ifp->if_bytes);
	/* the cursor is left on the new record */
	ASSERT_TRUE(xfs_iext_get_extent(ifp, &icur, &got));
	ASSERT_EQ(3, got.br_startoff);
	ASSERT_EQ(5, got.br_startblock);
	ASSERT_EQ(2, got.br_blockcount);
}

static void
test_iext_lookup_semantics_and_no_seq_bump(void)
{
	struct xfs_ifork	*ifp = &ip1->i_df;
	struct xfs_iext_cursor	icur;
	struct xfs_bmbt_irec	got;
	unsigned int		seq;

	setup_three();
	seq = ifp->if_seq;

	/* inside an extent: that extent */
	ASSERT_TRUE(xfs_iext_lookup_extent(ip1, ifp, 8, &icur, &got));
	ASSERT_EQ(7, got.br_startoff);
	ASSERT_EQ(1, icur.pos);
	/* in a hole: the next extent after it */
	ASSERT_TRUE(xfs_iext_lookup_extent(ip1, ifp, 10, &icur, &got));
	ASSERT_EQ(13, got.br_startoff);
	/* before the first: the first */
	ASSERT_TRUE(xfs_iext_lookup_extent(ip1, ifp, 0, &icur, &got));
	ASSERT_EQ(2, got.br_startoff);
	/* past the last: false, cursor past the end, prev is the last */
	ASSERT_FALSE(xfs_iext_lookup_extent(ip1, ifp, 16, &icur, &got));
	ASSERT_FALSE(xfs_iext_get_extent(ifp, &icur, &got));
	ASSERT_TRUE(xfs_iext_peek_prev_extent(ifp, &icur, &got));
	ASSERT_EQ(13, got.br_startoff);
	ASSERT_FALSE(xfs_iext_peek_next_extent(ifp, &icur, &got));

	/* walks and peeks are lookups too */
	xfs_iext_first(ifp, &icur);
	ASSERT_TRUE(xfs_iext_next_extent(ifp, &icur, &got));
	ASSERT_EQ(7, got.br_startoff);
	ASSERT_TRUE(xfs_iext_next_extent(ifp, &icur, &got));
	ASSERT_FALSE(xfs_iext_next_extent(ifp, &icur, &got));
	xfs_iext_last(ifp, &icur);
	ASSERT_TRUE(xfs_iext_prev_extent(ifp, &icur, &got));
	ASSERT_EQ(7, got.br_startoff);

	ASSERT_EQ(seq, ifp->if_seq);
}

static void
test_iext_prev_from_first_is_invalid_then_wraps(void)
{
	struct xfs_ifork	*ifp = &ip1->i_df;
	struct xfs_iext_cursor	icur;
	struct xfs_bmbt_irec	got;

	setup_three();
	xfs_iext_first(ifp, &icur);
	ASSERT_FALSE(xfs_iext_prev_extent(ifp, &icur, &got));
	/* kernel: prev on a NULL-leaf cursor restarts at the last record */
	ASSERT_TRUE(xfs_iext_prev_extent(ifp, &icur, &got));
	ASSERT_EQ(13, got.br_startoff);
	/* and next from "before the first" is the first */
	xfs_iext_first(ifp, &icur);
	xfs_iext_prev(ifp, &icur);
	ASSERT_TRUE(xfs_iext_next_extent(ifp, &icur, &got));
	ASSERT_EQ(2, got.br_startoff);
}

static void
test_iext_lookup_extent_before(void)
{
	struct xfs_ifork	*ifp = &ip1->i_df;
	struct xfs_iext_cursor	icur;
	struct xfs_bmbt_irec	got;
	xfs_fileoff_t		end;

	setup_three();
	/* end inside [7+2): that extent, end unchanged */
	end = 9;
	ASSERT_TRUE(xfs_iext_lookup_extent_before(ip1, ifp, &end, &icur, &got));
	ASSERT_EQ(7, got.br_startoff);
	ASSERT_EQ(9, end);
	/* end in the hole after it: that extent, end pulled back to 9 */
	end = 12;
	ASSERT_TRUE(xfs_iext_lookup_extent_before(ip1, ifp, &end, &icur, &got));
	ASSERT_EQ(7, got.br_startoff);
	ASSERT_EQ(9, end);
	/* end past everything */
	end = 40;
	ASSERT_TRUE(xfs_iext_lookup_extent_before(ip1, ifp, &end, &icur, &got));
	ASSERT_EQ(13, got.br_startoff);
	ASSERT_EQ(16, end);
	/* end before the first extent */
	end = 2;
	ASSERT_FALSE(xfs_iext_lookup_extent_before(ip1, ifp, &end, &icur, &got));
}

static void
test_iext_remove_and_update_bump_seq(void)
{
	struct xfs_ifork	*ifp = &ip1->i_df;
	struct xfs_iext_cursor	icur;
	struct xfs_bmbt_irec	got;
	unsigned int		seq;

	setup_three();
	seq = ifp->if_seq;

	/*
	 *   ..WWW..WW....WWW   remove [7+2]
	 *   ..WWW........WWW   cursor on [13+3]
	 */
	ASSERT_TRUE(xfs_iext_lookup_extent(ip1, ifp, 7, &icur, &got));
	xfs_iext_remove(ip1, &icur, 0);
	ASSERT_EQ(seq + 1, ifp->if_seq);
	ASSERT_EQ(2 * XFS_IEXT_REC_SIZE, ifp->if_bytes);
	ASSERT_TRUE(xfs_iext_get_extent(ifp, &icur, &got));
	ASSERT_EQ(13, got.br_startoff);

	/* update [13+3] -> [13+1]: one bump */
	got.br_blockcount = 1;
	xfs_iext_update_extent(ip1, 0, &icur, &got);
	ASSERT_EQ(seq + 2, ifp->if_seq);

	/* removing the last leaves the cursor past the end */
	xfs_iext_remove(ip1, &icur, 0);
	ASSERT_EQ(seq + 3, ifp->if_seq);
	ASSERT_FALSE(xfs_iext_get_extent(ifp, &icur, &got));
	xfs_iext_prev(ifp, &icur);
	ASSERT_TRUE(xfs_iext_get_extent(ifp, &icur, &got));
	ASSERT_EQ(2, got.br_startoff);

	/* the data fork edits did not touch a CoW fork */
	ASSERT_TRUE(ip1->i_cowfp == NULL);
}

static void
test_iext_cow_fork_state_picks_fork(void)
{
	struct xfs_iext_cursor	icur;
	struct xfs_bmbt_irec	r, got;
	unsigned int		dseq;

	t_setup("........", 4);
	ASSERT_TRUE(XFS_IFORK_PTR(ip1, XFS_COW_FORK) == NULL);
	xfs_ifork_init_cow(ip1);
	ASSERT_TRUE(XFS_IFORK_PTR(ip1, XFS_COW_FORK) == &ip1->i_cow);
	ASSERT_TRUE(XFS_IFORK_PTR(ip1, XFS_DATA_FORK) == &ip1->i_df);
	ASSERT_EQ(0, ip1->i_cowfp->if_seq);

	dseq = ip1->i_df.if_seq;
	icur.pos = 0;
	rec_set(&r, 0, 1, 1);
	xfs_iext_insert(ip1, &icur, &r, BMAP_COWFORK);
	ASSERT_EQ(1, ip1->i_cowfp->if_seq);
	ASSERT_EQ(dseq, ip1->i_df.if_seq);
	ASSERT_TRUE(xfs_inode_has_cow_data(ip1));
	ASSERT_TRUE(xfs_iext_lookup_extent(ip1, ip1->i_cowfp, 0, &icur, &got));

	/* a second init keeps the fork */
	xfs_ifork_init_cow(ip1);
	ASSERT_EQ(1, xfs_iext_count(ip1->i_cowfp));
}

static void
test_iext_overflow_and_overlap_assert(void)
{
	struct xfs_ifork	*ifp = &ip1->i_df;
	struct xfs_iext_cursor	icur;
	struct xfs_bmbt_irec	r;
	int			i;

	t_setup("........", 4);
	for (i = 0; i < XFS_IEXT_MAX; i++) {
		icur.pos = i;
		rec_set(&r, 2 * i, 1, 1);
		xfs_iext_insert(ip1, &icur, &r, 0);
	}
	ASSERT_EQ(XFS_IEXT_MAX, xfs_iext_count(ifp));

	t_catch_asserts = true;
	icur.pos = XFS_IEXT_MAX;
	rec_set(&r, 2 * XFS_IEXT_MAX, 1, 1);
	xfs_iext_insert(ip1, &icur, &r, 0);
	ASSERT_TRUE(t_asserts >= 1);
	ASSERT_EQ(XFS_IEXT_MAX, xfs_iext_count(ifp));

	/* an update that runs into the next record is caught */
	t_asserts = 0;
	icur.pos = 0;
	rec_set(&r, 0, 1, 3);
	xfs_iext_update_extent(ip1, 0, &icur, &r);
	ASSERT_EQ(1, t_asserts);
	t_catch_asserts = false;
}

int
main(void)
{
	RUN(test_iext_insert_into_empty_bumps_seq);
	RUN(test_iext_lookup_semantics_and_no_seq_bump);
	RUN(test_iext_prev_from_first_is_invalid_then_wraps);
	RUN(test_iext_lookup_extent_before);
	RUN(test_iext_remove_and_update_bump_seq);
	RUN(test_iext_cow_fork_state_picks_fork);
	RUN(test_iext_overflow_and_overlap_assert);
	return t_failed ? 1 : 0;
}
