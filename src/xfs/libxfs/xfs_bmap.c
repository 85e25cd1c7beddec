// SPDX-License-Identifier: GPL-2.0
/*
 * Block mapping: the extent edits of fs/xfs/libxfs/xfs_bmap.c that the CoW
 * writeback path reaches, with the kernel's case analysis kept (and the
 * small inline helpers of xfs_bmap.h they use).
 *
 * What the model leaves out: transactions, the bmap btree (forks are always
 * in extents format, so every btree-cursor branch disappears), log flags,
 * quota, realtime, and the AG machinery of the allocator.  What it adds:
 * each edit that maps or unmaps real blocks updates the ownership model
 * (xfs_refcount.c) itself, where the kernel queues rmap and refcount
 * intents, so a fork and its block bookkeeping cannot disagree.
 *
 * Every change to a fork goes through xfs_iext_insert/remove/update, so the
 * fork's if_seq moves exactly where the kernel's does (kernel-facts §3.8).
 */
#include "xfs_linux.h"
#include "xfs_mount.h"
#include "xfs_inode.h"
#include "xfs_inode_fork.h"
#include "xfs_bmap.h"
#include "xfs_alloc.h"
#include "xfs_refcount.h"
#include "xfs_quota.h"

#define MAXEXTLEN		XFS_MAX_BMBT_EXTLEN
#define XFS_FILBLKS_MIN(a, b)	min_t(xfs_filblks_t, (a), (b))

/* models xfs_bmap_fork_to_state, fs/xfs/libxfs/xfs_bmap.h @ v5.10 */
static inline int
xfs_bmap_fork_to_state(
	int			whichfork)
{
	return whichfork == XFS_COW_FORK ? BMAP_COWFORK : 0;
}

/* models xfs_bmapi_whichfork, fs/xfs/libxfs/xfs_bmap.h @ v5.10 */
static inline int
xfs_bmapi_whichfork(
	int			bmapi_flags)
{
	return (bmapi_flags & XFS_BMAPI_COWFORK) ? XFS_COW_FORK :
						   XFS_DATA_FORK;
}

/*
 * cowfuzz's own: the switch for the bug fixed by 9230a0b65b47 (kernel-facts §5): before
 * it, delay_real's LEFT_FILLING | RIGHT_FILLING | RIGHT_CONTIG merge kept
 * the delalloc record's (always NORM) state.
 */
static bool
xfs_bmap_bug_right_contig_state(
	struct xfs_mount	*mp)
{
	const struct cf_profile	*prof = xfs_profile(mp);

	return prof && prof->bug_delay_real_right_contig_state;
}

/*
 * cowfuzz's own: the ownership update after a fork gains real blocks (the
 * kernel's xfs_rmap_map_extent and xfs_refcount_alloc_cow_extent calls):
 * data fork mappings own their blocks, CoW fork extents make their blocks
 * CoW staging.
 */
static void
xfs_bmap_map_owner(
	struct xfs_mount	*mp,
	int			whichfork,
	struct xfs_bmbt_irec	*irec)
{
	if (whichfork == XFS_COW_FORK)
		xfs_refcount_alloc_cow_extent(mp, irec->br_startblock, irec->br_blockcount);
	else
		xfs_rmap_map_extent(mp, irec->br_startblock, irec->br_blockcount);
}

/*
 * The kernel sums, level by level, the bmbt blocks a worst-case split of
 * len records could need.  The model's shrunk worst case is one indirect
 * block per started 32 blocks: small, never zero for len > 0, and not
 * additive (two halves may need one more than the whole), which is the
 * property the split and merge code has to cope with.
 */
/* models xfs_bmap_worst_indlen, fs/xfs/libxfs/xfs_bmap.c @ v5.10 */
xfs_filblks_t
xfs_bmap_worst_indlen(
	struct xfs_inode	*ip,
	xfs_filblks_t		len)
{
	if (len == 0)
		return 0;
	return 1 + (len - 1) / 32;
}

/* models xfs_bmap_add_free, fs/xfs/libxfs/xfs_bmap.c @ v5.10 */
void
xfs_bmap_add_free(
	struct xfs_mount	*mp,
	xfs_fsblock_t		bno,
	xfs_filblks_t		len)
{
	/* No deferred ops: the free happens now. */
	ASSERT(len > 0 && len <= MAXEXTLEN);
	xfs_free_extent(mp, bno, (xfs_extlen_t)len);
}

/*
 * Convert the front, back, middle or all of the delalloc extent at
 * bma->icur into the real extent bma->got.  Two model additions: the
 * converted blocks leave i_delayed_blks here (the kernel does it in
 * xfs_bmap_btalloc_accounting just before), and the new blocks get their
 * owner (data fork mapping or CoW staging).
 */
/* models xfs_bmap_add_extent_delay_real, fs/xfs/libxfs/xfs_bmap.c @ v5.10 */
int
xfs_bmap_add_extent_delay_real(
	struct xfs_bmalloca	*bma,
	int			whichfork)
{
	struct xfs_bmbt_irec	*new = &bma->got;
	struct xfs_mount	*mp = bma->ip->i_mount;
	struct xfs_ifork	*ifp = XFS_IFORK_PTR(bma->ip, whichfork);
	int			error = 0;
	xfs_fileoff_t		new_endoff;
	struct xfs_bmbt_irec	r[3];	/* left, right, prev */
	int			state = xfs_bmap_fork_to_state(whichfork);
	xfs_filblks_t		da_new;
	xfs_filblks_t		da_old;
	xfs_filblks_t		temp = 0;

#define	LEFT		r[0]
#define	RIGHT		r[1]
#define	PREV		r[2]

	ASSERT(ifp != NULL);
	ASSERT(!isnullstartblock(new->br_startblock));
	ASSERT(xfs_isilocked(bma->ip, XFS_ILOCK_EXCL));

	memset(r, 0, sizeof(r));
	if (!xfs_iext_get_extent(ifp, &bma->icur, &PREV)) {
		ASSERT(0);
		return -EFSCORRUPTED;
	}
	new_endoff = new->br_startoff + new->br_blockcount;
	ASSERT(isnullstartblock(PREV.br_startblock));
	ASSERT(PREV.br_startoff <= new->br_startoff);
	ASSERT(PREV.br_startoff + PREV.br_blockcount >= new_endoff);

	da_old = startblockval(PREV.br_startblock);
	da_new = 0;

	/* Which part of the delalloc extent does the real one replace? */
	if (PREV.br_startoff == new->br_startoff)
		state |= BMAP_LEFT_FILLING;
	if (PREV.br_startoff + PREV.br_blockcount == new_endoff)
		state |= BMAP_RIGHT_FILLING;

	/* A neighbour is contiguous when offset, block and state all line
	 * up, and the merged extent would not exceed MAXEXTLEN. */
	if (xfs_iext_peek_prev_extent(ifp, &bma->icur, &LEFT)) {
		state |= BMAP_LEFT_VALID;
		if (isnullstartblock(LEFT.br_startblock))
			state |= BMAP_LEFT_DELAY;
	}

	if ((state & BMAP_LEFT_VALID) && !(state & BMAP_LEFT_DELAY) &&
	    LEFT.br_startoff + LEFT.br_blockcount == new->br_startoff &&
	    LEFT.br_startblock + LEFT.br_blockcount == new->br_startblock &&
	    LEFT.br_state == new->br_state &&
	    LEFT.br_blockcount + new->br_blockcount <= MAXEXTLEN)
		state |= BMAP_LEFT_CONTIG;

	if (xfs_iext_peek_next_extent(ifp, &bma->icur, &RIGHT)) {
		state |= BMAP_RIGHT_VALID;
		if (isnullstartblock(RIGHT.br_startblock))
			state |= BMAP_RIGHT_DELAY;
	}

	if ((state & BMAP_RIGHT_VALID) && !(state & BMAP_RIGHT_DELAY) &&
	    new_endoff == RIGHT.br_startoff &&
	    new->br_startblock + new->br_blockcount == RIGHT.br_startblock &&
	    new->br_state == RIGHT.br_state &&
	    new->br_blockcount + RIGHT.br_blockcount <= MAXEXTLEN &&
	    ((state & (BMAP_LEFT_CONTIG | BMAP_LEFT_FILLING |
		       BMAP_RIGHT_FILLING)) !=
		      (BMAP_LEFT_CONTIG | BMAP_LEFT_FILLING |
		       BMAP_RIGHT_FILLING) ||
	     LEFT.br_blockcount + new->br_blockcount + RIGHT.br_blockcount
			<= MAXEXTLEN))
		state |= BMAP_RIGHT_CONTIG;

	switch (state & (BMAP_LEFT_FILLING | BMAP_LEFT_CONTIG |
			 BMAP_RIGHT_FILLING | BMAP_RIGHT_CONTIG)) {
	case BMAP_LEFT_FILLING | BMAP_LEFT_CONTIG |
	     BMAP_RIGHT_FILLING | BMAP_RIGHT_CONTIG:
		/* All of PREV; both neighbours absorb it: one record left. */
		LEFT.br_blockcount += PREV.br_blockcount + RIGHT.br_blockcount;

		xfs_iext_remove(bma->ip, &bma->icur, state);
		xfs_iext_remove(bma->ip, &bma->icur, state);
		xfs_iext_prev(ifp, &bma->icur);
		xfs_iext_update_extent(bma->ip, state, &bma->icur, &LEFT);
		break;

	case BMAP_LEFT_FILLING | BMAP_RIGHT_FILLING | BMAP_LEFT_CONTIG:
		/* All of PREV; the left neighbour grows over it. */
		LEFT.br_blockcount += PREV.br_blockcount;

		xfs_iext_remove(bma->ip, &bma->icur, state);
		xfs_iext_prev(ifp, &bma->icur);
		xfs_iext_update_extent(bma->ip, state, &bma->icur, &LEFT);
		break;

	case BMAP_LEFT_FILLING | BMAP_RIGHT_FILLING | BMAP_RIGHT_CONTIG:
		/*
		 * All of PREV; PREV takes over the right neighbour.  PREV is a
		 * delalloc record, always NORM, so it must take new's state:
		 * a delalloc -> unwritten CoW allocation merging with an
		 * unwritten right neighbour stays unwritten (9230a0b65b47).
		 */
		PREV.br_startblock = new->br_startblock;
		PREV.br_blockcount += RIGHT.br_blockcount;
		if (!xfs_bmap_bug_right_contig_state(mp))
			PREV.br_state = new->br_state;

		xfs_iext_next(ifp, &bma->icur);
		xfs_iext_remove(bma->ip, &bma->icur, state);
		xfs_iext_prev(ifp, &bma->icur);
		xfs_iext_update_extent(bma->ip, state, &bma->icur, &PREV);
		break;

	case BMAP_LEFT_FILLING | BMAP_RIGHT_FILLING:
		/* All of PREV, no merge: PREV becomes the real extent. */
		PREV.br_startblock = new->br_startblock;
		PREV.br_state = new->br_state;
		xfs_iext_update_extent(bma->ip, state, &bma->icur, &PREV);
		break;

	case BMAP_LEFT_FILLING | BMAP_LEFT_CONTIG:
		/* The front of PREV; the left neighbour grows over it. */
		temp = PREV.br_blockcount - new->br_blockcount;
		da_new = XFS_FILBLKS_MIN(xfs_bmap_worst_indlen(bma->ip, temp),
				startblockval(PREV.br_startblock));

		LEFT.br_blockcount += new->br_blockcount;

		PREV.br_blockcount = temp;
		PREV.br_startoff += new->br_blockcount;
		PREV.br_startblock = nullstartblock((int)da_new);

		xfs_iext_update_extent(bma->ip, state, &bma->icur, &PREV);
		xfs_iext_prev(ifp, &bma->icur);
		xfs_iext_update_extent(bma->ip, state, &bma->icur, &LEFT);
		break;

	case BMAP_LEFT_FILLING:
		/* The front of PREV, no merge: new record, PREV shrinks. */
		xfs_iext_update_extent(bma->ip, state, &bma->icur, new);

		temp = PREV.br_blockcount - new->br_blockcount;
		da_new = XFS_FILBLKS_MIN(xfs_bmap_worst_indlen(bma->ip, temp),
				startblockval(PREV.br_startblock));

		PREV.br_startoff = new_endoff;
		PREV.br_blockcount = temp;
		PREV.br_startblock = nullstartblock((int)da_new);
		xfs_iext_next(ifp, &bma->icur);
		xfs_iext_insert(bma->ip, &bma->icur, &PREV, state);
		xfs_iext_prev(ifp, &bma->icur);
		break;

	case BMAP_RIGHT_FILLING | BMAP_RIGHT_CONTIG:
		/* The back of PREV; the right neighbour grows over it. */
		RIGHT.br_startoff = new->br_startoff;
		RIGHT.br_startblock = new->br_startblock;
		RIGHT.br_blockcount += new->br_blockcount;

		temp = PREV.br_blockcount - new->br_blockcount;
		da_new = XFS_FILBLKS_MIN(xfs_bmap_worst_indlen(bma->ip, temp),
				startblockval(PREV.br_startblock));

		PREV.br_blockcount = temp;
		PREV.br_startblock = nullstartblock((int)da_new);

		xfs_iext_update_extent(bma->ip, state, &bma->icur, &PREV);
		xfs_iext_next(ifp, &bma->icur);
		xfs_iext_update_extent(bma->ip, state, &bma->icur, &RIGHT);
		break;

	case BMAP_RIGHT_FILLING:
		/* The back of PREV, no merge: new record, PREV shrinks. */
		xfs_iext_update_extent(bma->ip, state, &bma->icur, new);

		temp = PREV.br_blockcount - new->br_blockcount;
		da_new = XFS_FILBLKS_MIN(xfs_bmap_worst_indlen(bma->ip, temp),
				startblockval(PREV.br_startblock));

		PREV.br_startblock = nullstartblock((int)da_new);
		PREV.br_blockcount = temp;
		xfs_iext_insert(bma->ip, &bma->icur, &PREV, state);
		xfs_iext_next(ifp, &bma->icur);
		break;

	case 0:
		/*
		 * The middle of PREV: one delalloc record becomes delalloc,
		 * real, delalloc.  Neither merge is possible.  Each delalloc
		 * piece gets its own worst case, which together may exceed
		 * PREV's reservation: the difference comes from m_fdblocks
		 * below (the one case allowed to take more).
		 *
		 *   PREV @ icur:  +dddddddddddddddddddddddddddddddddd+
		 *   new:                  +rrrrrrrrrrrr+
		 *   result:       +ddddddd+rrrrrrrrrrrr+ddddddddddddd+
		 *                  PREV    LEFT (new)   RIGHT
		 */
		LEFT = *new;

		RIGHT.br_state = PREV.br_state;
		RIGHT.br_startoff = new_endoff;
		RIGHT.br_blockcount =
			PREV.br_startoff + PREV.br_blockcount - new_endoff;
		RIGHT.br_startblock =
			nullstartblock((int)xfs_bmap_worst_indlen(bma->ip,
					RIGHT.br_blockcount));

		PREV.br_blockcount = new->br_startoff - PREV.br_startoff;
		PREV.br_startblock =
			nullstartblock((int)xfs_bmap_worst_indlen(bma->ip,
					PREV.br_blockcount));
		xfs_iext_update_extent(bma->ip, state, &bma->icur, &PREV);

		xfs_iext_next(ifp, &bma->icur);
		xfs_iext_insert(bma->ip, &bma->icur, &RIGHT, state);
		xfs_iext_insert(bma->ip, &bma->icur, &LEFT, state);

		da_new = startblockval(PREV.br_startblock) +
			 startblockval(RIGHT.br_startblock);
		break;

	case BMAP_LEFT_FILLING | BMAP_LEFT_CONTIG | BMAP_RIGHT_CONTIG:
	case BMAP_RIGHT_FILLING | BMAP_LEFT_CONTIG | BMAP_RIGHT_CONTIG:
	case BMAP_LEFT_FILLING | BMAP_RIGHT_CONTIG:
	case BMAP_RIGHT_FILLING | BMAP_LEFT_CONTIG:
	case BMAP_LEFT_CONTIG | BMAP_RIGHT_CONTIG:
	case BMAP_LEFT_CONTIG:
	case BMAP_RIGHT_CONTIG:
		/* A neighbour can only touch new where new touches PREV's end. */
		ASSERT(0);
	}

	/* the converted blocks are no longer delalloc (model: see above) */
	ASSERT(bma->ip->i_delayed_blks >= new->br_blockcount);
	bma->ip->i_delayed_blks -= new->br_blockcount;

	xfs_bmap_map_owner(mp, whichfork, new);

	/* give back (or, splitting the middle, take) indirect reservation */
	if (da_new != da_old) {
		ASSERT(state == 0 || da_new < da_old);
		error = xfs_mod_fdblocks(mp, (int64_t)(da_old - da_new), false);
	}
	return error;
#undef	LEFT
#undef	RIGHT
#undef	PREV
}

/*
 * Flip [new] inside the real extent at icur to new->br_state, merging with
 * neighbours that line up.  The blocks keep their owners (the kernel's
 * rmap convert changes only the rmap record's unwritten flag).
 */
/* models xfs_bmap_add_extent_unwritten_real, fs/xfs/libxfs/xfs_bmap.c @ v5.10 */
int
xfs_bmap_add_extent_unwritten_real(
	struct xfs_inode	*ip,
	int			whichfork,
	struct xfs_iext_cursor	*icur,
	struct xfs_bmbt_irec	*new)
{
	struct xfs_ifork	*ifp = XFS_IFORK_PTR(ip, whichfork);
	xfs_fileoff_t		new_endoff;
	struct xfs_bmbt_irec	r[3];	/* left, right, prev */
	int			state = xfs_bmap_fork_to_state(whichfork);

#define	LEFT		r[0]
#define	RIGHT		r[1]
#define	PREV		r[2]

	ASSERT(ifp != NULL);
	ASSERT(!isnullstartblock(new->br_startblock));
	ASSERT(xfs_isilocked(ip, XFS_ILOCK_EXCL));

	memset(r, 0, sizeof(r));
	if (!xfs_iext_get_extent(ifp, icur, &PREV)) {
		ASSERT(0);
		return -EFSCORRUPTED;
	}
	ASSERT(!isnullstartblock(PREV.br_startblock));
	ASSERT(new->br_state != PREV.br_state);
	new_endoff = new->br_startoff + new->br_blockcount;
	ASSERT(PREV.br_startoff <= new->br_startoff);
	ASSERT(PREV.br_startoff + PREV.br_blockcount >= new_endoff);
	/* new names the same blocks as the part of PREV it covers */
	ASSERT(new->br_startblock ==
	       PREV.br_startblock + (new->br_startoff - PREV.br_startoff));

	if (PREV.br_startoff == new->br_startoff)
		state |= BMAP_LEFT_FILLING;
	if (PREV.br_startoff + PREV.br_blockcount == new_endoff)
		state |= BMAP_RIGHT_FILLING;

	if (xfs_iext_peek_prev_extent(ifp, icur, &LEFT)) {
		state |= BMAP_LEFT_VALID;
		if (isnullstartblock(LEFT.br_startblock))
			state |= BMAP_LEFT_DELAY;
	}

	if ((state & BMAP_LEFT_VALID) && !(state & BMAP_LEFT_DELAY) &&
	    LEFT.br_startoff + LEFT.br_blockcount == new->br_startoff &&
	    LEFT.br_startblock + LEFT.br_blockcount == new->br_startblock &&
	    LEFT.br_state == new->br_state &&
	    LEFT.br_blockcount + new->br_blockcount <= MAXEXTLEN)
		state |= BMAP_LEFT_CONTIG;

	if (xfs_iext_peek_next_extent(ifp, icur, &RIGHT)) {
		state |= BMAP_RIGHT_VALID;
		if (isnullstartblock(RIGHT.br_startblock))
			state |= BMAP_RIGHT_DELAY;
	}

	if ((state & BMAP_RIGHT_VALID) && !(state & BMAP_RIGHT_DELAY) &&
	    new_endoff == RIGHT.br_startoff &&
	    new->br_startblock + new->br_blockcount == RIGHT.br_startblock &&
	    new->br_state == RIGHT.br_state &&
	    new->br_blockcount + RIGHT.br_blockcount <= MAXEXTLEN &&
	    ((state & (BMAP_LEFT_CONTIG | BMAP_LEFT_FILLING |
		       BMAP_RIGHT_FILLING)) !=
		      (BMAP_LEFT_CONTIG | BMAP_LEFT_FILLING |
		       BMAP_RIGHT_FILLING) ||
	     LEFT.br_blockcount + new->br_blockcount + RIGHT.br_blockcount
			<= MAXEXTLEN))
		state |= BMAP_RIGHT_CONTIG;

	switch (state & (BMAP_LEFT_FILLING | BMAP_LEFT_CONTIG |
			 BMAP_RIGHT_FILLING | BMAP_RIGHT_CONTIG)) {
	case BMAP_LEFT_FILLING | BMAP_LEFT_CONTIG |
	     BMAP_RIGHT_FILLING | BMAP_RIGHT_CONTIG:
		/* All of PREV; LEFT absorbs PREV and RIGHT. */
		LEFT.br_blockcount += PREV.br_blockcount + RIGHT.br_blockcount;

		xfs_iext_remove(ip, icur, state);
		xfs_iext_remove(ip, icur, state);
		xfs_iext_prev(ifp, icur);
		xfs_iext_update_extent(ip, state, icur, &LEFT);
		break;

	case BMAP_LEFT_FILLING | BMAP_RIGHT_FILLING | BMAP_LEFT_CONTIG:
		/* All of PREV; LEFT absorbs it. */
		LEFT.br_blockcount += PREV.br_blockcount;

		xfs_iext_remove(ip, icur, state);
		xfs_iext_prev(ifp, icur);
		xfs_iext_update_extent(ip, state, icur, &LEFT);
		break;

	case BMAP_LEFT_FILLING | BMAP_RIGHT_FILLING | BMAP_RIGHT_CONTIG:
		/* All of PREV; PREV absorbs RIGHT and takes the new state. */
		PREV.br_blockcount += RIGHT.br_blockcount;
		PREV.br_state = new->br_state;

		xfs_iext_next(ifp, icur);
		xfs_iext_remove(ip, icur, state);
		xfs_iext_prev(ifp, icur);
		xfs_iext_update_extent(ip, state, icur, &PREV);
		break;

	case BMAP_LEFT_FILLING | BMAP_RIGHT_FILLING:
		/* All of PREV, no merge: just the state. */
		PREV.br_state = new->br_state;
		xfs_iext_update_extent(ip, state, icur, &PREV);
		break;

	case BMAP_LEFT_FILLING | BMAP_LEFT_CONTIG:
		/* The front of PREV moves into LEFT. */
		LEFT.br_blockcount += new->br_blockcount;

		PREV.br_startoff += new->br_blockcount;
		PREV.br_startblock += new->br_blockcount;
		PREV.br_blockcount -= new->br_blockcount;

		xfs_iext_update_extent(ip, state, icur, &PREV);
		xfs_iext_prev(ifp, icur);
		xfs_iext_update_extent(ip, state, icur, &LEFT);
		break;

	case BMAP_LEFT_FILLING:
		/* The front of PREV becomes its own record. */
		PREV.br_startoff += new->br_blockcount;
		PREV.br_startblock += new->br_blockcount;
		PREV.br_blockcount -= new->br_blockcount;

		xfs_iext_update_extent(ip, state, icur, &PREV);
		xfs_iext_insert(ip, icur, new, state);
		break;

	case BMAP_RIGHT_FILLING | BMAP_RIGHT_CONTIG:
		/* The back of PREV moves into RIGHT. */
		PREV.br_blockcount -= new->br_blockcount;

		RIGHT.br_startoff = new->br_startoff;
		RIGHT.br_startblock = new->br_startblock;
		RIGHT.br_blockcount += new->br_blockcount;

		xfs_iext_update_extent(ip, state, icur, &PREV);
		xfs_iext_next(ifp, icur);
		xfs_iext_update_extent(ip, state, icur, &RIGHT);
		break;

	case BMAP_RIGHT_FILLING:
		/* The back of PREV becomes its own record. */
		PREV.br_blockcount -= new->br_blockcount;

		xfs_iext_update_extent(ip, state, icur, &PREV);
		xfs_iext_next(ifp, icur);
		xfs_iext_insert(ip, icur, new, state);
		break;

	case 0:
		/*
		 * The middle of PREV: one record becomes three,
		 *   +oooooooo+nnnnnnnnnnn+oooooooo+
		 *    PREV     new (r[0])  r[1]
		 */
		r[1].br_startoff = new_endoff;
		r[1].br_blockcount =
			PREV.br_startoff + PREV.br_blockcount - new_endoff;
		r[1].br_startblock = new->br_startblock + new->br_blockcount;
		r[1].br_state = PREV.br_state;
		PREV.br_blockcount = new->br_startoff - PREV.br_startoff;
		r[0] = *new;

		xfs_iext_update_extent(ip, state, icur, &PREV);
		xfs_iext_next(ifp, icur);
		xfs_iext_insert(ip, icur, &r[1], state);
		xfs_iext_insert(ip, icur, &r[0], state);
		break;

	case BMAP_LEFT_FILLING | BMAP_LEFT_CONTIG | BMAP_RIGHT_CONTIG:
	case BMAP_RIGHT_FILLING | BMAP_LEFT_CONTIG | BMAP_RIGHT_CONTIG:
	case BMAP_LEFT_FILLING | BMAP_RIGHT_CONTIG:
	case BMAP_RIGHT_FILLING | BMAP_LEFT_CONTIG:
	case BMAP_LEFT_CONTIG | BMAP_RIGHT_CONTIG:
	case BMAP_LEFT_CONTIG:
	case BMAP_RIGHT_CONTIG:
		/* impossible, as in delay_real */
		ASSERT(0);
	}
	return 0;
#undef	LEFT
#undef	RIGHT
#undef	PREV
}

/*
 * Insert the delalloc extent new into the hole before icur, merging with
 * delalloc neighbours that touch it in file offset.  A merged extent keeps
 * the smaller of the summed reservations and its own worst case; the
 * excess goes back to m_fdblocks.
 */
/* models xfs_bmap_add_extent_hole_delay, fs/xfs/libxfs/xfs_bmap.c @ v5.10 */
void
xfs_bmap_add_extent_hole_delay(
	struct xfs_inode	*ip,
	int			whichfork,
	struct xfs_iext_cursor	*icur,
	struct xfs_bmbt_irec	*new)
{
	struct xfs_ifork	*ifp = XFS_IFORK_PTR(ip, whichfork);
	struct xfs_bmbt_irec	left;
	xfs_filblks_t		newlen = 0;
	xfs_filblks_t		oldlen = 0;
	struct xfs_bmbt_irec	right;
	int			state = xfs_bmap_fork_to_state(whichfork);
	xfs_filblks_t		temp;

	ASSERT(ifp != NULL);
	ASSERT(isnullstartblock(new->br_startblock));
	ASSERT(new->br_blockcount > 0 && new->br_blockcount <= MAXEXTLEN);

	memset(&left, 0, sizeof(left));
	memset(&right, 0, sizeof(right));
	if (xfs_iext_peek_prev_extent(ifp, icur, &left)) {
		state |= BMAP_LEFT_VALID;
		if (isnullstartblock(left.br_startblock))
			state |= BMAP_LEFT_DELAY;
	}

	/* No record at icur: the hole is past the last extent. */
	if (xfs_iext_get_extent(ifp, icur, &right)) {
		state |= BMAP_RIGHT_VALID;
		if (isnullstartblock(right.br_startblock))
			state |= BMAP_RIGHT_DELAY;
	}

	if ((state & BMAP_LEFT_VALID) && (state & BMAP_LEFT_DELAY) &&
	    left.br_startoff + left.br_blockcount == new->br_startoff &&
	    left.br_blockcount + new->br_blockcount <= MAXEXTLEN)
		state |= BMAP_LEFT_CONTIG;

	if ((state & BMAP_RIGHT_VALID) && (state & BMAP_RIGHT_DELAY) &&
	    new->br_startoff + new->br_blockcount == right.br_startoff &&
	    new->br_blockcount + right.br_blockcount <= MAXEXTLEN &&
	    (!(state & BMAP_LEFT_CONTIG) ||
	     (left.br_blockcount + new->br_blockcount +
	      right.br_blockcount <= MAXEXTLEN)))
		state |= BMAP_RIGHT_CONTIG;

	switch (state & (BMAP_LEFT_CONTIG | BMAP_RIGHT_CONTIG)) {
	case BMAP_LEFT_CONTIG | BMAP_RIGHT_CONTIG:
		/* Both neighbours: three records become one. */
		temp = left.br_blockcount + new->br_blockcount +
			right.br_blockcount;

		oldlen = startblockval(left.br_startblock) +
			startblockval(new->br_startblock) +
			startblockval(right.br_startblock);
		newlen = XFS_FILBLKS_MIN(xfs_bmap_worst_indlen(ip, temp),
					 oldlen);
		left.br_startblock = nullstartblock((int)newlen);
		left.br_blockcount = temp;

		xfs_iext_remove(ip, icur, state);
		xfs_iext_prev(ifp, icur);
		xfs_iext_update_extent(ip, state, icur, &left);
		break;

	case BMAP_LEFT_CONTIG:
		/* The left neighbour grows over new. */
		temp = left.br_blockcount + new->br_blockcount;

		oldlen = startblockval(left.br_startblock) +
			startblockval(new->br_startblock);
		newlen = XFS_FILBLKS_MIN(xfs_bmap_worst_indlen(ip, temp),
					 oldlen);
		left.br_blockcount = temp;
		left.br_startblock = nullstartblock((int)newlen);

		xfs_iext_prev(ifp, icur);
		xfs_iext_update_extent(ip, state, icur, &left);
		break;

	case BMAP_RIGHT_CONTIG:
		/* The right neighbour grows back over new. */
		temp = new->br_blockcount + right.br_blockcount;
		oldlen = startblockval(new->br_startblock) +
			startblockval(right.br_startblock);
		newlen = XFS_FILBLKS_MIN(xfs_bmap_worst_indlen(ip, temp),
					 oldlen);
		right.br_startoff = new->br_startoff;
		right.br_startblock = nullstartblock((int)newlen);
		right.br_blockcount = temp;
		xfs_iext_update_extent(ip, state, icur, &right);
		break;

	case 0:
		/* No delalloc neighbour touches new: a record of its own. */
		oldlen = newlen = 0;
		xfs_iext_insert(ip, icur, new, state);
		break;
	}
	if (oldlen != newlen) {
		ASSERT(oldlen > newlen);
		xfs_mod_fdblocks(ip->i_mount, (int64_t)(oldlen - newlen),
				 false);
	}
}

/*
 * Insert the real extent new into the hole before icur, merging with real
 * neighbours that line up in offset, block and state; new's blocks get
 * their owner.
 */
/* models xfs_bmap_add_extent_hole_real, fs/xfs/libxfs/xfs_bmap.c @ v5.10 */
int
xfs_bmap_add_extent_hole_real(
	struct xfs_inode	*ip,
	int			whichfork,
	struct xfs_iext_cursor	*icur,
	struct xfs_bmbt_irec	*new)
{
	struct xfs_ifork	*ifp = XFS_IFORK_PTR(ip, whichfork);
	struct xfs_bmbt_irec	left;
	struct xfs_bmbt_irec	right;
	int			state = xfs_bmap_fork_to_state(whichfork);

	ASSERT(ifp != NULL);
	ASSERT(!isnullstartblock(new->br_startblock));
	ASSERT(new->br_blockcount > 0 && new->br_blockcount <= MAXEXTLEN);
	ASSERT(xfs_isilocked(ip, XFS_ILOCK_EXCL));

	memset(&left, 0, sizeof(left));
	memset(&right, 0, sizeof(right));
	if (xfs_iext_peek_prev_extent(ifp, icur, &left)) {
		state |= BMAP_LEFT_VALID;
		if (isnullstartblock(left.br_startblock))
			state |= BMAP_LEFT_DELAY;
	}

	if (xfs_iext_get_extent(ifp, icur, &right)) {
		state |= BMAP_RIGHT_VALID;
		if (isnullstartblock(right.br_startblock))
			state |= BMAP_RIGHT_DELAY;
	}

	if ((state & BMAP_LEFT_VALID) && !(state & BMAP_LEFT_DELAY) &&
	    left.br_startoff + left.br_blockcount == new->br_startoff &&
	    left.br_startblock + left.br_blockcount == new->br_startblock &&
	    left.br_state == new->br_state &&
	    left.br_blockcount + new->br_blockcount <= MAXEXTLEN)
		state |= BMAP_LEFT_CONTIG;

	if ((state & BMAP_RIGHT_VALID) && !(state & BMAP_RIGHT_DELAY) &&
	    new->br_startoff + new->br_blockcount == right.br_startoff &&
	    new->br_startblock + new->br_blockcount == right.br_startblock &&
	    new->br_state == right.br_state &&
	    new->br_blockcount + right.br_blockcount <= MAXEXTLEN &&
	    (!(state & BMAP_LEFT_CONTIG) ||
	     left.br_blockcount + new->br_blockcount +
	     right.br_blockcount <= MAXEXTLEN))
		state |= BMAP_RIGHT_CONTIG;

	switch (state & (BMAP_LEFT_CONTIG | BMAP_RIGHT_CONTIG)) {
	case BMAP_LEFT_CONTIG | BMAP_RIGHT_CONTIG:
		/* Both neighbours: left absorbs new and right. */
		left.br_blockcount += new->br_blockcount + right.br_blockcount;

		xfs_iext_remove(ip, icur, state);
		xfs_iext_prev(ifp, icur);
		xfs_iext_update_extent(ip, state, icur, &left);
		break;

	case BMAP_LEFT_CONTIG:
		/* The left neighbour grows over new. */
		left.br_blockcount += new->br_blockcount;

		xfs_iext_prev(ifp, icur);
		xfs_iext_update_extent(ip, state, icur, &left);
		break;

	case BMAP_RIGHT_CONTIG:
		/* The right neighbour grows back over new. */
		right.br_startoff = new->br_startoff;
		right.br_startblock = new->br_startblock;
		right.br_blockcount += new->br_blockcount;
		xfs_iext_update_extent(ip, state, icur, &right);
		break;

	case 0:
		/* A record of its own. */
		xfs_iext_insert(ip, icur, new, state);
		break;
	}

	xfs_bmap_map_owner(ip->i_mount, whichfork, new);
	return 0;
}

/*
 * Grow [*offp, *offp + *lenp) to extsz boundaries (start down, end up),
 * but never over the previous or the next extent: there the range is
 * moved or clipped instead.  No realtime in the model.
 */
/* models xfs_bmap_extsize_align, fs/xfs/libxfs/xfs_bmap.c @ v5.10 */
static int
xfs_bmap_extsize_align(
	struct xfs_mount	*mp,
	struct xfs_bmbt_irec	*gotp,
	struct xfs_bmbt_irec	*prevp,
	xfs_extlen_t		extsz,
	int			rt,
	int			eof,
	int			delay,
	int			convert,
	xfs_fileoff_t		*offp,
	xfs_extlen_t		*lenp)
{
	xfs_fileoff_t		orig_off;
	xfs_extlen_t		orig_alen;
	xfs_fileoff_t		orig_end;
	xfs_fileoff_t		nexto;
	xfs_fileoff_t		prevo;
	xfs_fileoff_t		align_off;
	xfs_extlen_t		align_alen;
	xfs_extlen_t		temp;

	ASSERT(!rt);
	ASSERT(extsz > 0);
	if (convert)
		return 0;

	orig_off = align_off = *offp;
	orig_alen = align_alen = *lenp;
	orig_end = orig_off + orig_alen;

	/* Inside an existing extent there is nothing to align. */
	if (!delay && !eof &&
	    (orig_off >= gotp->br_startoff) &&
	    (orig_end <= gotp->br_startoff + gotp->br_blockcount))
		return 0;

	/* Round the start down and the end up to extsz. */
	temp = (xfs_extlen_t)(orig_off % extsz);
	if (temp) {
		align_alen += temp;
		align_off -= temp;
	}
	temp = align_alen % extsz;
	if (temp)
		align_alen += extsz - temp;

	/* Too long for one extent: drop whole extsz units; the callers'
	 * loops cope with a short result. */
	while (align_alen > MAXEXTLEN)
		align_alen -= extsz;
	ASSERT(align_alen <= MAXEXTLEN);

	/* A start moved down over the previous extent moves up to its end. */
	if (prevp->br_startoff != NULLFILEOFF) {
		if (prevp->br_startblock == HOLESTARTBLOCK)
			prevo = prevp->br_startoff;
		else
			prevo = prevp->br_startoff + prevp->br_blockcount;
	} else
		prevo = 0;
	if (align_off != orig_off && align_off < prevo)
		align_off = prevo;

	/* An end pushed over the next extent pulls the start back, keeping
	 * the length, but not below 0. */
	if (!eof && gotp->br_startoff != NULLFILEOFF) {
		if ((delay && gotp->br_startblock == HOLESTARTBLOCK) ||
		    (!delay && gotp->br_startblock == DELAYSTARTBLOCK))
			nexto = gotp->br_startoff + gotp->br_blockcount;
		else
			nexto = gotp->br_startoff;
	} else
		nexto = NULLFILEOFF;
	if (!eof &&
	    align_off + align_alen != orig_end &&
	    align_off + align_alen > nexto)
		align_off = nexto > align_alen ? nexto - align_alen : 0;

	/* Still overlapping: fit what the hole allows, clipped at both ends. */
	if (align_off != orig_off && align_off < prevo)
		align_off = prevo;
	if (align_off + align_alen != orig_end &&
	    align_off + align_alen > nexto &&
	    nexto != NULLFILEOFF) {
		ASSERT(nexto > prevo);
		align_alen = (xfs_extlen_t)(nexto - align_off);
	}

	ASSERT(orig_off >= align_off);
	ASSERT(orig_end <= align_off + align_alen ||
	       align_alen + extsz > MAXEXTLEN);
	if (!eof && gotp->br_startoff != NULLFILEOFF)
		ASSERT(align_off + align_alen <= gotp->br_startoff);
	if (prevp->br_startoff != NULLFILEOFF)
		ASSERT(align_off >= prevp->br_startoff + prevp->br_blockcount);

	*lenp = align_alen;
	*offp = align_off;
	return 0;
}

/*
 * Reserve [off, off + len) plus prealloc as delalloc.  got/icur name the
 * next extent (unused when eof); on return got is the record that now
 * holds the reservation, re-read after merging (the kernel leaves got as
 * inserted; callers here want the merged record, see xfs_bmap.h).
 */
/* models xfs_bmapi_reserve_delalloc, fs/xfs/libxfs/xfs_bmap.c @ v5.10 (the
 * v6.10 retry without the CoW extent size hint by profile) */
int
xfs_bmapi_reserve_delalloc(
	struct xfs_inode	*ip,
	int			whichfork,
	xfs_fileoff_t		off,
	xfs_filblks_t		len,
	xfs_filblks_t		prealloc,
	struct xfs_bmbt_irec	*got,
	struct xfs_iext_cursor	*icur,
	int			eof)
{
	struct xfs_mount	*mp = ip->i_mount;
	struct xfs_ifork	*ifp = XFS_IFORK_PTR(ip, whichfork);
	xfs_extlen_t		alen;
	xfs_extlen_t		indlen;
	int			error;
	xfs_fileoff_t		aoff;
	/* 288e1f693f04 (v6.10): the hint is dropped on ENOSPC (and never
	 * applies beside speculative preallocation) */
	bool			hint_retry = xfs_profile(mp)->cow_extsz_hint_retry;
	bool			use_cowextszhint = whichfork == XFS_COW_FORK &&
						   (!prealloc || !hint_retry);

	ASSERT(ifp != NULL);
	ASSERT(len > 0);
	ASSERT(xfs_isilocked(ip, XFS_ILOCK_EXCL));
	ASSERT(eof || got->br_startoff > off);

retry:
	/* Cap the length; remember whether prealloc survived, for the tag. */
	aoff = off;
	alen = (xfs_extlen_t)XFS_FILBLKS_MIN(len + prealloc, MAXEXTLEN);
	if (!eof)
		alen = (xfs_extlen_t)XFS_FILBLKS_MIN(alen,
				got->br_startoff - aoff);
	if (prealloc && alen >= len)
		prealloc = alen - len;

	/* CoW fork reservations are aligned to the CoW extent size hint. */
	if (use_cowextszhint) {
		struct xfs_bmbt_irec	prev;
		xfs_extlen_t		extsz = xfs_get_cowextsz_hint(ip);

		if (!xfs_iext_peek_prev_extent(ifp, icur, &prev))
			prev.br_startoff = NULLFILEOFF;

		error = xfs_bmap_extsize_align(mp, got, &prev, extsz, 0, eof,
					       1, 0, &aoff, &alen);
		ASSERT(!error);
	}

	/* The model's files end at CF_MAX_FILE_BLOCKS. */
	ASSERT(aoff < CF_MAX_FILE_BLOCKS);
	if (aoff + alen > CF_MAX_FILE_BLOCKS)
		alen = (xfs_extlen_t)(CF_MAX_FILE_BLOCKS - aoff);

	error = xfs_trans_reserve_quota_nblks(NULL, ip, (long)alen, 0,
					      XFS_QMOPT_RES_REGBLKS);
	if (error)
		goto out;

	/* The injected reservation failure (the kernel's counter). */
	error = -ENOSPC;
	if (cf_should_fail(CF_FAULT_ENOSPC))
		goto out;

	/* Blocks and indirect blocks are reserved separately, as they
	 * could come from different places. */
	indlen = (xfs_extlen_t)xfs_bmap_worst_indlen(ip, alen);
	ASSERT(indlen > 0);

	error = xfs_mod_fdblocks(mp, -((int64_t)alen), false);
	if (error)
		goto out_unreserve_quota;

	error = xfs_mod_fdblocks(mp, -((int64_t)indlen), false);
	if (error)
		goto out_unreserve_blocks;

	ip->i_delayed_blks += alen;

	got->br_startoff = aoff;
	got->br_startblock = nullstartblock((int)indlen);
	got->br_blockcount = alen;
	got->br_state = XFS_EXT_NORM;

	xfs_bmap_add_extent_hole_delay(ip, whichfork, icur, got);
	xfs_iext_get_extent(ifp, icur, got);

	/* CoW preallocation can sit before or after the write even with
	 * prealloc == 0: tag for the cowblocks scanner then too. */
	if (whichfork == XFS_COW_FORK && (prealloc || aoff < off || alen > len))
		ip->i_flags |= XFS_ICOWBLOCKS;

	trace_xfs_bmapi_reserve_delalloc(ip, whichfork, aoff, alen, indlen);
	return 0;

out_unreserve_blocks:
	xfs_mod_fdblocks(mp, alen, false);
out_unreserve_quota:
out:
	if ((error == -ENOSPC || error == -EDQUOT) && hint_retry &&
	    (prealloc || use_cowextszhint)) {
		use_cowextszhint = false;
		prealloc = 0;
		goto retry;
	}
	return error;
}

/*
 * Allocate real blocks for a hole or, with wasdel, for the whole delalloc
 * extent bma->got from its start.  The allocator may return fewer blocks
 * (minlen 1).  No block: bma->blkno = NULLFSBLOCK and 0, the caller turns
 * it into -ENOSPC.  A hole allocation takes its blocks from m_fdblocks
 * first (the kernel's transaction reservation), giving back what was not
 * allocated.
 */
/* models xfs_bmapi_allocate, fs/xfs/libxfs/xfs_bmap.c @ v5.10 */
int
xfs_bmapi_allocate(
	struct xfs_bmalloca	*bma)
{
	struct xfs_mount	*mp = bma->ip->i_mount;
	int			whichfork = xfs_bmapi_whichfork(bma->flags);
	struct xfs_ifork	*ifp = XFS_IFORK_PTR(bma->ip, whichfork);
	xfs_extlen_t		reserved = 0;
	xfs_extlen_t		alignment = 1;
	xfs_extlen_t		alen;
	xfs_fileoff_t		orig_offset;
	xfs_extlen_t		orig_length;
	int			error;

	ASSERT(bma->length > 0);
	ASSERT(ifp != NULL);
	ASSERT(bma->whichfork == whichfork);
	ASSERT(xfs_isilocked(bma->ip, XFS_ILOCK_EXCL));

	/* Converting delalloc: all of it, from its start, whatever the
	 * caller asked for (the pre-6.10 behaviour). */
	if (bma->wasdel) {
		bma->length = (xfs_extlen_t)bma->got.br_blockcount;
		bma->offset = bma->got.br_startoff;
		if (!xfs_iext_peek_prev_extent(ifp, &bma->icur, &bma->prev))
			bma->prev.br_startoff = NULLFILEOFF;
	} else {
		bma->length = (xfs_extlen_t)XFS_FILBLKS_MIN(bma->length,
				MAXEXTLEN);
		if (!bma->eof)
			bma->length = (xfs_extlen_t)XFS_FILBLKS_MIN(bma->length,
					bma->got.br_startoff - bma->offset);
		/*
		 * xfs_bmap_btalloc: a CoW fork allocation (the direct write's
		 * xfs_reflink_allocate_cow) grows to the CoW extent size hint,
		 * between the neighbouring CoW extents; the caller's map is
		 * trimmed back to the request, the rest stays as unwritten
		 * CoW preallocation.  Converting delalloc needs no alignment
		 * (the range is inside the extent), and the data fork has no
		 * extent size hint in the model.
		 */
		orig_offset = bma->offset;
		orig_length = bma->length;
		if (whichfork == XFS_COW_FORK) {
			xfs_fileoff_t	aoff = bma->offset;
			xfs_extlen_t	alen = bma->length;

			error = xfs_bmap_extsize_align(mp, &bma->got, &bma->prev,
					xfs_get_cowextsz_hint(bma->ip), 0, bma->eof, 0,
					!!(bma->flags & XFS_BMAPI_CONVERT), &aoff, &alen);
			ASSERT(!error);
			/* The model's files end at CF_MAX_FILE_BLOCKS. */
			if (aoff + alen > CF_MAX_FILE_BLOCKS)
				alen = (xfs_extlen_t)(CF_MAX_FILE_BLOCKS - aoff);
			/*
			 * The kernel reserves the aligned length in the
			 * transaction (resaligned); the port reserves here.
			 * When the aligned range does not fit, allocate the
			 * request unaligned as before rather than invent a
			 * new -ENOSPC path on nearly full devices.
			 */
			if (alen != bma->length && mp->m_fdblocks >= (int64_t)alen) {
				bma->offset = aoff;
				bma->length = alen;
			}
		}
		error = xfs_mod_fdblocks(mp, -((int64_t)bma->length), false);
		if (error)
			return error;
		reserved = bma->length;
	}
	bma->minlen = 1;

	/* xfs_bmap_compute_alignments @ v6.16: an atomic write's CoW
	 * allocation starts its blocks at a multiple of the hint, or fails */
	if ((bma->flags & XFS_BMAPI_EXTSZALIGN) && whichfork == XFS_COW_FORK)
		alignment = max_t(xfs_extlen_t, xfs_get_cowextsz_hint(bma->ip), 1);

	error = xfs_alloc_vextent(mp, 0, bma->minlen, bma->length, alignment,
				  &bma->blkno, &alen);
	if (reserved)
		xfs_mod_fdblocks(mp, (int64_t)reserved - alen, false);
	if (error)
		return error;
	if (bma->blkno == NULLFSBLOCK)
		return 0;

	bma->length = alen;
	bma->nallocs++;

	/*
	 * xfs_bmap_btalloc: an aligned request that came back short keeps
	 * the caller's range covered rather than its rounded-down start.
	 */
	if (!bma->wasdel && whichfork == XFS_COW_FORK) {
		if (bma->length <= orig_length)
			bma->offset = orig_offset;
		else if (bma->offset + bma->length < orig_offset + orig_length)
			bma->offset = orig_offset + orig_length - bma->length;
	}

	bma->got.br_startoff = bma->offset;
	bma->got.br_startblock = bma->blkno;
	bma->got.br_blockcount = bma->length;
	bma->got.br_state = XFS_EXT_NORM;
	if (bma->flags & XFS_BMAPI_PREALLOC)
		bma->got.br_state = XFS_EXT_UNWRITTEN;

	if (bma->wasdel)
		error = xfs_bmap_add_extent_delay_real(bma, whichfork);
	else
		error = xfs_bmap_add_extent_hole_real(bma->ip, whichfork,
				&bma->icur, &bma->got);
	if (error)
		return error;

	/* The edit may have merged new into a neighbour: re-read it. */
	xfs_iext_get_extent(ifp, &bma->icur, &bma->got);

	ASSERT(bma->got.br_startoff <= bma->offset);
	ASSERT(bma->got.br_startoff + bma->got.br_blockcount >=
	       bma->offset + bma->length);
	ASSERT(bma->got.br_state == XFS_EXT_NORM ||
	       bma->got.br_state == XFS_EXT_UNWRITTEN);
	return 0;
}

/* models xfs_trim_extent, fs/xfs/libxfs/xfs_bmap.c @ v5.10 */
void xfs_trim_extent(struct xfs_bmbt_irec *irec, xfs_fileoff_t bno, xfs_filblks_t len)
{
	xfs_fileoff_t distance;
	xfs_fileoff_t end = bno + len;

	if (irec->br_startoff + irec->br_blockcount <= bno ||
	    irec->br_startoff >= end) {
		irec->br_blockcount = 0;
		return;
	}
	if (irec->br_startoff < bno) {
		distance = bno - irec->br_startoff;
		if (isnullstartblock(irec->br_startblock))
			irec->br_startblock = DELAYSTARTBLOCK;
		if (irec->br_startblock != DELAYSTARTBLOCK &&
		    irec->br_startblock != HOLESTARTBLOCK)
			irec->br_startblock += distance;
		irec->br_startoff += distance;
		irec->br_blockcount -= distance;
	}
	if (end < irec->br_startoff + irec->br_blockcount)
		irec->br_blockcount -= irec->br_startoff + irec->br_blockcount - end;
}

/* models xfs_bmapi_trim_map, fs/xfs/libxfs/xfs_bmap.c @ v5.10 */
static void
xfs_bmapi_trim_map(
	struct xfs_bmbt_irec	*mval,
	struct xfs_bmbt_irec	*got,
	xfs_fileoff_t		*bno,
	xfs_filblks_t		len,
	xfs_fileoff_t		obno,
	xfs_fileoff_t		end,
	int			n,
	int			flags)
{
	/* An extent wholly before the request is returned untrimmed. */
	if (got->br_startoff + got->br_blockcount <= obno) {
		*mval = *got;
		if (isnullstartblock(got->br_startblock))
			mval->br_startblock = DELAYSTARTBLOCK;
		return;
	}

	if (obno > *bno)
		*bno = obno;
	ASSERT((*bno >= obno) || (n == 0));
	ASSERT(*bno < end);
	mval->br_startoff = *bno;
	if (isnullstartblock(got->br_startblock))
		mval->br_startblock = DELAYSTARTBLOCK;
	else
		mval->br_startblock = got->br_startblock +
					(*bno - got->br_startoff);
	/* len may already have moved on: use end for the request's bound */
	mval->br_blockcount = XFS_FILBLKS_MIN(end - *bno,
			got->br_blockcount - (*bno - got->br_startoff));
	mval->br_state = got->br_state;
	ASSERT(mval->br_blockcount <= len);
}

/* models xfs_bmapi_update_map, fs/xfs/libxfs/xfs_bmap.c @ v5.10 */
static void
xfs_bmapi_update_map(
	struct xfs_bmbt_irec	**map,
	xfs_fileoff_t		*bno,
	xfs_filblks_t		*len,
	xfs_fileoff_t		obno,
	xfs_fileoff_t		end,
	int			*n,
	int			flags)
{
	struct xfs_bmbt_irec	*mval = *map;

	ASSERT((mval->br_startoff + mval->br_blockcount) <= end);
	ASSERT((mval->br_blockcount <= *len) || (mval->br_startoff < obno));

	*bno = mval->br_startoff + mval->br_blockcount;
	*len = end - *bno;
	if (*n > 0 && mval->br_startoff == mval[-1].br_startoff) {
		/* the same extent again, grown: update the previous map */
		ASSERT(mval->br_startblock == mval[-1].br_startblock);
		ASSERT(mval->br_blockcount > mval[-1].br_blockcount);
		ASSERT(mval->br_state == mval[-1].br_state);
		mval[-1].br_blockcount = mval->br_blockcount;
		mval[-1].br_state = mval->br_state;
	} else if (*n > 0 && mval->br_startblock != DELAYSTARTBLOCK &&
		   mval[-1].br_startblock != DELAYSTARTBLOCK &&
		   mval[-1].br_startblock != HOLESTARTBLOCK &&
		   mval->br_startblock == mval[-1].br_startblock +
					  mval[-1].br_blockcount &&
		   mval[-1].br_state == mval->br_state) {
		/* physically contiguous with the previous map: extend it */
		ASSERT(mval->br_startoff ==
		       mval[-1].br_startoff + mval[-1].br_blockcount);
		mval[-1].br_blockcount += mval->br_blockcount;
	} else if (*n > 0 &&
		   mval->br_startblock == DELAYSTARTBLOCK &&
		   mval[-1].br_startblock == DELAYSTARTBLOCK &&
		   mval->br_startoff ==
		   mval[-1].br_startoff + mval[-1].br_blockcount) {
		mval[-1].br_blockcount += mval->br_blockcount;
		mval[-1].br_state = mval->br_state;
	} else if (!((*n == 0) &&
		     ((mval->br_startoff + mval->br_blockcount) <=
		      obno))) {
		/* a new map, unless it lies wholly before the request */
		mval++;
		(*n)++;
	}
	*map = mval;
}

/* models xfs_bmapi_convert_unwritten, fs/xfs/libxfs/xfs_bmap.c @ v5.10 */
static int
xfs_bmapi_convert_unwritten(
	struct xfs_bmalloca	*bma,
	struct xfs_bmbt_irec	*mval,
	xfs_filblks_t		len,
	int			flags)
{
	int			whichfork = xfs_bmapi_whichfork(flags);
	struct xfs_ifork	*ifp = XFS_IFORK_PTR(bma->ip, whichfork);
	int			error;

	/* unwritten stays unwritten when preallocating */
	if (mval->br_state == XFS_EXT_UNWRITTEN &&
	    (flags & XFS_BMAPI_PREALLOC))
		return 0;

	/* written turns unwritten only with PREALLOC | CONVERT */
	if (mval->br_state == XFS_EXT_NORM &&
	    (flags & (XFS_BMAPI_PREALLOC | XFS_BMAPI_CONVERT)) !=
			(XFS_BMAPI_PREALLOC | XFS_BMAPI_CONVERT))
		return 0;

	ASSERT(mval->br_blockcount <= len);
	mval->br_state = (mval->br_state == XFS_EXT_UNWRITTEN)
				? XFS_EXT_NORM : XFS_EXT_UNWRITTEN;

	error = xfs_bmap_add_extent_unwritten_real(bma->ip, whichfork,
			&bma->icur, mval);
	if (error)
		return error;

	/* A merge may have made got bigger: re-read it. */
	xfs_iext_get_extent(ifp, &bma->icur, &bma->got);

	/* Merged with a neighbour of the other state?  Map again. */
	if (mval->br_blockcount < len)
		return -EAGAIN;
	return 0;
}

/*
 * Map [bno, bno + len): holes are allocated, delalloc extents converted
 * whole from their start, and with XFS_BMAPI_CONVERT unwritten extents
 * written.  Up to *nmap maps are returned, trimmed to the request.  As in
 * the kernel, the loop stops after *nmap allocations, so converting a
 * delalloc extent that starts well before bno on a fragmented device can
 * end with no map at all (the false ENOSPC fixed by d62113303d69 in 6.0).
 * The kernel returns 0 with *nmap == 0 and its callers report -ENOSPC;
 * the model returns -ENOSPC itself then.
 */
/* models xfs_bmapi_write, fs/xfs/libxfs/xfs_bmap.c @ v5.10 */
int
xfs_bmapi_write(
	struct xfs_inode	*ip,
	xfs_fileoff_t		bno,
	xfs_filblks_t		len,
	uint32_t		flags,
	struct xfs_bmbt_irec	*mval,
	int			*nmap)
{
	struct xfs_mount	*mp = ip->i_mount;
	int			whichfork = xfs_bmapi_whichfork(flags);
	struct xfs_ifork	*ifp = XFS_IFORK_PTR(ip, whichfork);
	struct xfs_bmalloca	bma;
	xfs_fileoff_t		end;
	bool			eof = false;
	int			error = 0;
	int			n;
	xfs_fileoff_t		obno;
	unsigned int		loops = 0;

	ASSERT(*nmap >= 1);
	ASSERT(len > 0);
	ASSERT(ifp != NULL);
	ASSERT(xfs_isilocked(ip, XFS_ILOCK_EXCL));
	ASSERT(!(flags & XFS_BMAPI_REMAP));
	if (!ifp)
		return -EFSCORRUPTED;

	if (XFS_FORCED_SHUTDOWN(mp))
		return -EIO;

	memset(&bma, 0, sizeof(bma));
	n = 0;
	end = bno + len;
	obno = bno;

	if (!xfs_iext_lookup_extent(ip, ifp, bno, &bma.icur, &bma.got))
		eof = true;
	if (!xfs_iext_peek_prev_extent(ifp, &bma.icur, &bma.prev))
		bma.prev.br_startoff = NULLFILEOFF;
	bma.ip = ip;
	bma.whichfork = whichfork;

	while (bno < end && n < *nmap) {
		bool	need_alloc = false, wasdelay = false;

		/* Each pass maps, converts or allocates at least one block
		 * or leaves; 4 passes per block of the file is generous. */
		loops++;
		ASSERT(loops <= 4 * CF_MAX_FILE_BLOCKS + 8);
		if (loops > 4 * CF_MAX_FILE_BLOCKS + 8)
			return -EFSCORRUPTED;

		/* in a hole or past the last extent? */
		if (eof || bma.got.br_startoff > bno) {
			/* CoW conversions always have an extent to work on */
			/* one line: __LINE__ of a multi-line ASSERT differs
			 * between gcc and clang, and the trace prints it */
			ASSERT(!((flags & XFS_BMAPI_CONVERT) && (flags & XFS_BMAPI_COWFORK)));

			if (flags & XFS_BMAPI_DELALLOC) {
				/* a racing remap may have taken the CoW
				 * extent: nothing to convert */
				ASSERT(flags & XFS_BMAPI_COWFORK);
				if (!(flags & XFS_BMAPI_COWFORK))
					return -EIO;
				if (eof || bno >= end)
					break;
			} else {
				need_alloc = true;
			}
		} else if (isnullstartblock(bma.got.br_startblock)) {
			wasdelay = true;
		}

		if (need_alloc || wasdelay) {
			bma.eof = eof;
			bma.wasdel = wasdelay;
			bma.offset = bno;
			bma.flags = flags;
			bma.length = (xfs_extlen_t)XFS_FILBLKS_MIN(len,
					MAXEXTLEN);

			error = xfs_bmapi_allocate(&bma);
			if (error)
				return error;
			if (bma.blkno == NULLFSBLOCK)
				break;
			/* CoW staging is recorded by the fork edit itself
			 * (xfs_refcount_alloc_cow_extent in the kernel). */
		}

		xfs_bmapi_trim_map(mval, &bma.got, &bno, len, obno, end, n,
				   flags);

		error = xfs_bmapi_convert_unwritten(&bma, mval, len, flags);
		if (error == -EAGAIN)
			continue;
		if (error)
			return error;

		xfs_bmapi_update_map(&mval, &bno, &len, obno, end, &n, flags);

		/* Stop after *nmap allocations too: the kernel's transaction
		 * would grow too big otherwise. */
		if (bno >= end || n >= *nmap || bma.nallocs >= *nmap)
			break;

		bma.prev = bma.got;
		if (!xfs_iext_next_extent(ifp, &bma.icur, &bma.got))
			eof = true;
	}
	*nmap = n;
	if (n == 0 && !(flags & XFS_BMAPI_DELALLOC))
		return -ENOSPC;
	return 0;
}

/* models xfs_bmapi_read, fs/xfs/libxfs/xfs_bmap.c @ v5.10 */
int
xfs_bmapi_read(
	struct xfs_inode	*ip,
	xfs_fileoff_t		bno,
	xfs_filblks_t		len,
	struct xfs_bmbt_irec	*mval,
	int			*nmap,
	uint32_t		flags)
{
	struct xfs_mount	*mp = ip->i_mount;
	int			whichfork = xfs_bmapi_whichfork(flags);
	struct xfs_ifork	*ifp = XFS_IFORK_PTR(ip, whichfork);
	struct xfs_bmbt_irec	got;
	xfs_fileoff_t		obno;
	xfs_fileoff_t		end;
	struct xfs_iext_cursor	icur;
	bool			eof = false;
	int			n = 0;
	unsigned int		loops = 0;

	ASSERT(*nmap >= 1);
	ASSERT(!(flags & ~XFS_BMAPI_COWFORK));
	ASSERT(xfs_isilocked(ip, XFS_ILOCK_SHARED | XFS_ILOCK_EXCL));

	if (XFS_FORCED_SHUTDOWN(mp))
		return -EIO;

	if (!ifp) {
		/* No CoW fork: all hole. */
		ASSERT(whichfork == XFS_COW_FORK);
		mval->br_startoff = bno;
		mval->br_startblock = HOLESTARTBLOCK;
		mval->br_blockcount = len;
		mval->br_state = XFS_EXT_NORM;
		*nmap = 1;
		return 0;
	}

	memset(&got, 0, sizeof(got));
	if (!xfs_iext_lookup_extent(ip, ifp, bno, &icur, &got))
		eof = true;
	end = bno + len;
	obno = bno;

	while (bno < end && n < *nmap) {
		/* bounded: each pass maps at least one block of the range */
		loops++;
		ASSERT(loops <= 2 * CF_MAX_FILE_BLOCKS + 8);
		if (loops > 2 * CF_MAX_FILE_BLOCKS + 8)
			return -EFSCORRUPTED;

		/* Past the last extent: a hole up to end. */
		if (eof)
			got.br_startoff = end;
		if (got.br_startoff > bno) {
			mval->br_startoff = bno;
			mval->br_startblock = HOLESTARTBLOCK;
			mval->br_blockcount =
				XFS_FILBLKS_MIN(len, got.br_startoff - bno);
			mval->br_state = XFS_EXT_NORM;
			bno += mval->br_blockcount;
			len -= mval->br_blockcount;
			mval++;
			n++;
			continue;
		}

		xfs_bmapi_trim_map(mval, &got, &bno, len, obno, end, n, flags);
		xfs_bmapi_update_map(&mval, &bno, &len, obno, end, &n, flags);

		if (bno >= end || n >= *nmap)
			break;

		if (!xfs_iext_next_extent(ifp, &icur, &got))
			eof = true;
	}
	*nmap = n;
	return 0;
}

/* models xfs_bmapi_remap, fs/xfs/libxfs/xfs_bmap.c @ v5.10 */
int
xfs_bmapi_remap(
	struct xfs_inode	*ip,
	xfs_fileoff_t		bno,
	xfs_filblks_t		len,
	xfs_fsblock_t		startblock,
	xfs_exntst_t		state)
{
	struct xfs_mount	*mp = ip->i_mount;
	struct xfs_ifork	*ifp = XFS_IFORK_PTR(ip, XFS_DATA_FORK);
	struct xfs_bmbt_irec	got;
	struct xfs_iext_cursor	icur;

	ASSERT(len > 0);
	ASSERT(len <= (xfs_filblks_t)MAXEXTLEN);
	ASSERT(xfs_isilocked(ip, XFS_ILOCK_EXCL));
	ASSERT(!isnullstartblock(startblock));

	if (XFS_FORCED_SHUTDOWN(mp))
		return -EIO;

	if (xfs_iext_lookup_extent(ip, ifp, bno, &icur, &got)) {
		/* make sure we only reflink into a hole */
		ASSERT(got.br_startoff > bno);
		ASSERT(got.br_startoff - bno >= len);
	}

	got.br_startoff = bno;
	got.br_startblock = startblock;
	got.br_blockcount = len;
	got.br_state = state;

	return xfs_bmap_add_extent_hole_real(ip, XFS_DATA_FORK, &icur, &got);
}

/*
 * Share the original reservation ores between two delalloc extents whose
 * worst cases are *indlen1 and *indlen2, stealing up to avail blocks from
 * the deleted range when short; returns the number stolen.  If still
 * short, both get the same percentage of their worst case and the rest
 * is dealt out one block at a time, the second extent first if it got
 * nothing.
 */
/* models xfs_bmap_split_indlen, fs/xfs/libxfs/xfs_bmap.c @ v5.10 */
static xfs_filblks_t
xfs_bmap_split_indlen(
	xfs_filblks_t		ores,
	xfs_filblks_t		*indlen1,
	xfs_filblks_t		*indlen2,
	xfs_filblks_t		avail)
{
	xfs_filblks_t		len1 = *indlen1;
	xfs_filblks_t		len2 = *indlen2;
	xfs_filblks_t		nres = len1 + len2;
	xfs_filblks_t		stolen = 0;
	xfs_filblks_t		resfactor;

	if (ores < nres && avail)
		stolen = XFS_FILBLKS_MIN(nres - ores, avail);
	ores += stolen;

	if (ores >= nres)
		return stolen;

	resfactor = (ores * 100) / nres;
	len1 = (len1 * resfactor) / 100;
	len2 = (len2 * resfactor) / 100;
	ASSERT(len1 + len2 <= ores);
	ASSERT(len1 < *indlen1 && len2 < *indlen2);

	ores -= (len1 + len2);
	ASSERT((*indlen1 - len1) + (*indlen2 - len2) >= ores);
	if (ores && !len2 && *indlen2) {
		len2++;
		ores--;
	}
	/* bounded: each pass hands out at least one block while ores <=
	 * the total shortfall (asserted above) */
	while (ores) {
		xfs_filblks_t	before = ores;

		if (len1 < *indlen1) {
			len1++;
			ores--;
		}
		if (!ores)
			break;
		if (len2 < *indlen2) {
			len2++;
			ores--;
		}
		ASSERT(ores < before);
		if (ores == before)
			break;
	}

	*indlen1 = len1;
	*indlen2 = len2;
	return stolen;
}

/*
 * Remove del from the delalloc extent got (at icur): all, front, back or
 * middle.  The deleted blocks and any indirect reservation no longer
 * needed go back to m_fdblocks; splitting the middle may steal from the
 * deleted blocks to fund the second extent's indlen (del shrinks then).
 */
/* models xfs_bmap_del_extent_delay, fs/xfs/libxfs/xfs_bmap.c @ v5.10 */
void
xfs_bmap_del_extent_delay(
	struct xfs_inode	*ip,
	int			whichfork,
	struct xfs_iext_cursor	*icur,
	struct xfs_bmbt_irec	*got,
	struct xfs_bmbt_irec	*del)
{
	struct xfs_mount	*mp = ip->i_mount;
	struct xfs_ifork	*ifp = XFS_IFORK_PTR(ip, whichfork);
	struct xfs_bmbt_irec	new;
	int64_t			da_old, da_new, da_diff = 0;
	xfs_fileoff_t		del_endoff, got_endoff;
	xfs_filblks_t		got_indlen, new_indlen, stolen;
	int			state = xfs_bmap_fork_to_state(whichfork);

	del_endoff = del->br_startoff + del->br_blockcount;
	got_endoff = got->br_startoff + got->br_blockcount;
	da_old = startblockval(got->br_startblock);
	da_new = 0;

	ASSERT(ifp != NULL);
	ASSERT(xfs_isilocked(ip, XFS_ILOCK_EXCL));
	ASSERT(isnullstartblock(got->br_startblock));
	ASSERT(del->br_blockcount > 0);
	ASSERT(got->br_startoff <= del->br_startoff);
	ASSERT(got_endoff >= del_endoff);

	/* the inode counter now; the fs counter below, after any stealing */
	ASSERT(ip->i_delayed_blks >= del->br_blockcount);
	ip->i_delayed_blks -= del->br_blockcount;

	if (got->br_startoff == del->br_startoff)
		state |= BMAP_LEFT_FILLING;
	if (got_endoff == del_endoff)
		state |= BMAP_RIGHT_FILLING;

	switch (state & (BMAP_LEFT_FILLING | BMAP_RIGHT_FILLING)) {
	case BMAP_LEFT_FILLING | BMAP_RIGHT_FILLING:
		/* The whole extent. */
		xfs_iext_remove(ip, icur, state);
		xfs_iext_prev(ifp, icur);
		break;
	case BMAP_LEFT_FILLING:
		/* The front. */
		got->br_startoff = del_endoff;
		got->br_blockcount -= del->br_blockcount;
		da_new = XFS_FILBLKS_MIN(xfs_bmap_worst_indlen(ip,
				got->br_blockcount), da_old);
		got->br_startblock = nullstartblock((int)da_new);
		xfs_iext_update_extent(ip, state, icur, got);
		break;
	case BMAP_RIGHT_FILLING:
		/* The back. */
		got->br_blockcount = got->br_blockcount - del->br_blockcount;
		da_new = XFS_FILBLKS_MIN(xfs_bmap_worst_indlen(ip,
				got->br_blockcount), da_old);
		got->br_startblock = nullstartblock((int)da_new);
		xfs_iext_update_extent(ip, state, icur, got);
		break;
	case 0:
		/*
		 * The middle: share the old reservation between the two
		 * pieces, stealing from del if needed.  A zero indlen on
		 * either piece is a kernel warning.
		 */
		got->br_blockcount = del->br_startoff - got->br_startoff;
		got_indlen = xfs_bmap_worst_indlen(ip, got->br_blockcount);

		new.br_blockcount = got_endoff - del_endoff;
		new_indlen = xfs_bmap_worst_indlen(ip, new.br_blockcount);

		WARN_ON_ONCE(!got_indlen || !new_indlen);
		stolen = xfs_bmap_split_indlen(da_old, &got_indlen, &new_indlen,
					       del->br_blockcount);

		got->br_startblock = nullstartblock((int)got_indlen);

		new.br_startoff = del_endoff;
		new.br_state = got->br_state;
		new.br_startblock = nullstartblock((int)new_indlen);

		xfs_iext_update_extent(ip, state, icur, got);
		xfs_iext_next(ifp, icur);
		xfs_iext_insert(ip, icur, &new, state);

		da_new = got_indlen + new_indlen - stolen;
		del->br_blockcount -= stolen;
		break;
	}

	ASSERT(da_old >= da_new);
	da_diff = da_old - da_new;
	da_diff += del->br_blockcount;
	if (da_diff)
		xfs_mod_fdblocks(mp, da_diff, false);
}

/*
 * Remove the real range del from the CoW extent got (at icur).  Its staging
 * record goes; the blocks do not: the caller frees them (cancel) or maps
 * them into the data fork (end_cow).  The kernel also takes del from
 * i_delayed_blks, where it counts real CoW blocks for quota; the model's
 * i_delayed_blks counts delalloc blocks only.
 */
/* models xfs_bmap_del_extent_cow, fs/xfs/libxfs/xfs_bmap.c @ v5.10 */
void
xfs_bmap_del_extent_cow(
	struct xfs_inode	*ip,
	struct xfs_iext_cursor	*icur,
	struct xfs_bmbt_irec	*got,
	struct xfs_bmbt_irec	*del)
{
	struct xfs_ifork	*ifp = XFS_IFORK_PTR(ip, XFS_COW_FORK);
	struct xfs_bmbt_irec	new;
	xfs_fileoff_t		del_endoff, got_endoff;
	int			state = BMAP_COWFORK;

	del_endoff = del->br_startoff + del->br_blockcount;
	got_endoff = got->br_startoff + got->br_blockcount;

	ASSERT(ifp != NULL);
	ASSERT(xfs_isilocked(ip, XFS_ILOCK_EXCL));
	ASSERT(del->br_blockcount > 0);
	ASSERT(got->br_startoff <= del->br_startoff);
	ASSERT(got_endoff >= del_endoff);
	ASSERT(!isnullstartblock(got->br_startblock));
	ASSERT(del->br_startblock ==
	       got->br_startblock + (del->br_startoff - got->br_startoff));

	if (got->br_startoff == del->br_startoff)
		state |= BMAP_LEFT_FILLING;
	if (got_endoff == del_endoff)
		state |= BMAP_RIGHT_FILLING;

	switch (state & (BMAP_LEFT_FILLING | BMAP_RIGHT_FILLING)) {
	case BMAP_LEFT_FILLING | BMAP_RIGHT_FILLING:
		/* The whole extent. */
		xfs_iext_remove(ip, icur, state);
		xfs_iext_prev(ifp, icur);
		break;
	case BMAP_LEFT_FILLING:
		/* The front. */
		got->br_startoff = del_endoff;
		got->br_blockcount -= del->br_blockcount;
		got->br_startblock = del->br_startblock + del->br_blockcount;
		xfs_iext_update_extent(ip, state, icur, got);
		break;
	case BMAP_RIGHT_FILLING:
		/* The back. */
		got->br_blockcount -= del->br_blockcount;
		xfs_iext_update_extent(ip, state, icur, got);
		break;
	case 0:
		/* The middle: one record becomes two. */
		got->br_blockcount = del->br_startoff - got->br_startoff;

		new.br_startoff = del_endoff;
		new.br_blockcount = got_endoff - del_endoff;
		new.br_state = got->br_state;
		new.br_startblock = del->br_startblock + del->br_blockcount;

		xfs_iext_update_extent(ip, state, icur, got);
		xfs_iext_next(ifp, icur);
		xfs_iext_insert(ip, icur, &new, state);
		break;
	}
	xfs_refcount_free_cow_extent(ip->i_mount, del->br_startblock, del->br_blockcount);
}

/*
 * Remove the real range del from the data fork extent at icur, splitting
 * it when del is in the middle; then drop the mappings' ownership, freeing
 * blocks nobody maps any more unless the caller remaps them (REMAP).
 */
/* models xfs_bmap_del_extent_real, fs/xfs/libxfs/xfs_bmap.c @ v5.10 */
static int
xfs_bmap_del_extent_real(
	struct xfs_inode	*ip,
	struct xfs_iext_cursor	*icur,
	struct xfs_bmbt_irec	*del,
	int			whichfork,
	int			bflags)
{
	struct xfs_ifork	*ifp = XFS_IFORK_PTR(ip, whichfork);
	xfs_fsblock_t		del_endblock;
	xfs_fileoff_t		del_endoff;
	struct xfs_bmbt_irec	got;
	xfs_fileoff_t		got_endoff;
	struct xfs_bmbt_irec	new;
	int			state = xfs_bmap_fork_to_state(whichfork);

	ASSERT(whichfork == XFS_DATA_FORK);
	ASSERT(del->br_blockcount > 0);
	if (!xfs_iext_get_extent(ifp, icur, &got)) {
		ASSERT(0);
		return -EFSCORRUPTED;
	}
	ASSERT(got.br_startoff <= del->br_startoff);
	del_endoff = del->br_startoff + del->br_blockcount;
	got_endoff = got.br_startoff + got.br_blockcount;
	ASSERT(got_endoff >= del_endoff);
	ASSERT(!isnullstartblock(got.br_startblock));

	del_endblock = del->br_startblock + del->br_blockcount;

	if (got.br_startoff == del->br_startoff)
		state |= BMAP_LEFT_FILLING;
	if (got_endoff == del_endoff)
		state |= BMAP_RIGHT_FILLING;

	switch (state & (BMAP_LEFT_FILLING | BMAP_RIGHT_FILLING)) {
	case BMAP_LEFT_FILLING | BMAP_RIGHT_FILLING:
		/* The whole extent. */
		xfs_iext_remove(ip, icur, state);
		xfs_iext_prev(ifp, icur);
		break;
	case BMAP_LEFT_FILLING:
		/* The front. */
		got.br_startoff = del_endoff;
		got.br_startblock = del_endblock;
		got.br_blockcount -= del->br_blockcount;
		xfs_iext_update_extent(ip, state, icur, &got);
		break;
	case BMAP_RIGHT_FILLING:
		/* The back. */
		got.br_blockcount -= del->br_blockcount;
		xfs_iext_update_extent(ip, state, icur, &got);
		break;
	case 0:
		/* The middle: one record becomes two. */
		got.br_blockcount = del->br_startoff - got.br_startoff;
		xfs_iext_update_extent(ip, state, icur, &got);

		new.br_startoff = del_endoff;
		new.br_blockcount = got_endoff - del_endoff;
		new.br_state = got.br_state;
		new.br_startblock = del_endblock;

		xfs_iext_next(ifp, icur);
		xfs_iext_insert(ip, icur, &new, state);
		break;
	}

	xfs_rmap_unmap_extent(ip->i_mount, del->br_startblock,
			    del->br_blockcount, !(bflags & XFS_BMAPI_REMAP));
	return 0;
}

/*
 * Unmap [start, start + *rlen) of the data fork from the end backwards,
 * touching at most nexts extents (0: no limit); *rlen is what is left.
 */
/* models __xfs_bunmapi, fs/xfs/libxfs/xfs_bmap.c @ v5.10 */
int
__xfs_bunmapi(
	struct xfs_inode	*ip,
	xfs_fileoff_t		start,
	xfs_filblks_t		*rlen,
	uint32_t		flags,
	int			nexts)
{
	struct xfs_bmbt_irec	del;
	int			error = 0;
	int			extno;
	struct xfs_bmbt_irec	got;
	struct xfs_ifork	*ifp;
	struct xfs_mount	*mp = ip->i_mount;
	int			wasdel;
	int			whichfork;
	xfs_filblks_t		len = *rlen;
	xfs_fileoff_t		max_len;
	xfs_fileoff_t		end;
	struct xfs_iext_cursor	icur;
	bool			done = false;
	unsigned int		loops = 0;

	whichfork = xfs_bmapi_whichfork(flags);
	ASSERT(whichfork != XFS_COW_FORK);
	ifp = XFS_IFORK_PTR(ip, whichfork);
	if (XFS_FORCED_SHUTDOWN(mp))
		return -EIO;

	ASSERT(xfs_isilocked(ip, XFS_ILOCK_EXCL));
	ASSERT(len > 0);
	ASSERT(nexts >= 0);

	/* no transaction log reservation to respect in the model */
	max_len = len;

	if (xfs_iext_count(ifp) == 0) {
		*rlen = 0;
		return 0;
	}
	end = start + len;

	if (!xfs_iext_lookup_extent_before(ip, ifp, &end, &icur, &got)) {
		*rlen = 0;
		return 0;
	}
	end--;

	extno = 0;
	while (end != (xfs_fileoff_t)-1 && end >= start &&
	       (nexts == 0 || extno < nexts) && max_len > 0) {
		/* bounded: each pass removes a range and steps back over
		 * at most one record; there are at most XFS_IEXT_MAX */
		loops++;
		ASSERT(loops <= 2 * XFS_IEXT_MAX + 2);
		if (loops > 2 * XFS_IEXT_MAX + 2)
			return -EFSCORRUPTED;

		/* end in a hole after got: back up to the previous extent */
		if (got.br_startoff > end &&
		    !xfs_iext_prev_extent(ifp, &icur, &got)) {
			done = true;
			break;
		}
		/* got ends before the range: done */
		end = min_t(xfs_fileoff_t, end,
			got.br_startoff + got.br_blockcount - 1);
		if (end < start)
			break;

		del = got;
		wasdel = isnullstartblock(del.br_startblock);

		if (got.br_startoff < start) {
			del.br_startoff = start;
			del.br_blockcount -= start - got.br_startoff;
			if (!wasdel)
				del.br_startblock += start - got.br_startoff;
		}
		if (del.br_startoff + del.br_blockcount > end + 1)
			del.br_blockcount = end + 1 - del.br_startoff;

		/* How much can we safely unmap? */
		if (max_len < del.br_blockcount) {
			del.br_startoff += del.br_blockcount - max_len;
			if (!wasdel)
				del.br_startblock += del.br_blockcount - max_len;
			del.br_blockcount = max_len;
		}

		if (wasdel)
			xfs_bmap_del_extent_delay(ip, whichfork, &icur, &got,
						  &del);
		else
			error = xfs_bmap_del_extent_real(ip, &icur, &del,
							 whichfork, flags);
		if (error)
			return error;

		max_len -= del.br_blockcount;
		end = del.br_startoff - 1;

		/* If not done go on to the next (previous) record. */
		if (end != (xfs_fileoff_t)-1 && end >= start) {
			if (!xfs_iext_get_extent(ifp, &icur, &got) ||
			    (got.br_startoff > end &&
			     !xfs_iext_prev_extent(ifp, &icur, &got))) {
				done = true;
				break;
			}
			extno++;
		}
	}
	if (done || end == (xfs_fileoff_t)-1 || end < start)
		*rlen = 0;
	else
		*rlen = end - start + 1;
	return 0;
}
