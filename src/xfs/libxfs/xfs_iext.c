// SPDX-License-Identifier: GPL-2.0
/*
 * The in-core extent list.  The kernel keeps a fork's extents in a b+tree of
 * leaves (libxfs/xfs_iext_tree.c); the model keeps them in one sorted array,
 * which is enough for a file of CF_MAX_FILE_BLOCKS blocks.  What the rest of
 * the port may observe is kept as in the kernel:
 *  - cursor positions: past the end after a failed lookup, on the record
 *    that followed after a remove, "before the first" after a prev from the
 *    first record (and a prev from there wraps to the last, as an invalid
 *    kernel cursor does);
 *  - if_seq is bumped first by insert, remove and update
 *    (xfs_iext_inc_seq), and by nothing else;
 *  - if_bytes is the number of records times the record size.
 * The fork helpers around the tree (xfs_inode_fork.c, and the cursor
 * inlines of xfs_inode_fork.h) live here too: they act on the same list.
 */
#include "xfs_linux.h"
#include "xfs_inode.h"
#include "xfs_inode_fork.h"

/* The cursor value for "before the first record" (kernel: cur->leaf NULL). */
#define XFS_IEXT_POS_BEFORE	(-1)

/* models xfs_ifork_init_cow, fs/xfs/libxfs/xfs_inode_fork.c @ v5.10 */
void
xfs_ifork_init_cow(
	struct xfs_inode	*ip)
{
	if (ip->i_cowfp)
		return;

	/* No allocation in the model: the storage lives in the inode. */
	memset(&ip->i_cow, 0, sizeof(ip->i_cow));
	ip->i_cowfp = &ip->i_cow;
}

/* The state flags pick the fork. */
/* models xfs_iext_state_to_fork, fs/xfs/libxfs/xfs_inode_fork.c @ v5.10 */
static struct xfs_ifork *
xfs_iext_state_to_fork(
	struct xfs_inode	*ip,
	int			state)
{
	if (state & BMAP_COWFORK) {
		ASSERT(ip->i_cowfp != NULL);
		return ip->i_cowfp;
	}
	return &ip->i_df;
}

/* models xfs_iext_inc_seq, fs/xfs/libxfs/xfs_iext_tree.c @ v5.10 */
static inline void
xfs_iext_inc_seq(
	struct xfs_ifork	*ifp)
{
	WRITE_ONCE(ifp->if_seq, READ_ONCE(ifp->if_seq) + 1);
}

/* models xfs_iext_valid, fs/xfs/libxfs/xfs_iext_tree.c @ v5.10 (one array) */
static inline bool
xfs_iext_valid(
	struct xfs_ifork	*ifp,
	struct xfs_iext_cursor	*cur)
{
	return cur->pos >= 0 && cur->pos < ifp->if_nextents;
}

/* models xfs_iext_count, fs/xfs/libxfs/xfs_iext_tree.c @ v5.10 */
int
xfs_iext_count(
	struct xfs_ifork	*ifp)
{
	ASSERT(ifp->if_bytes == ifp->if_nextents * XFS_IEXT_REC_SIZE);
	return ifp->if_bytes / XFS_IEXT_REC_SIZE;
}

/* models xfs_iext_first, fs/xfs/libxfs/xfs_iext_tree.c @ v5.10 */
void
xfs_iext_first(
	struct xfs_ifork	*ifp,
	struct xfs_iext_cursor	*cur)
{
	cur->pos = 0;
}

/* models xfs_iext_last, fs/xfs/libxfs/xfs_iext_tree.c @ v5.10 */
void
xfs_iext_last(
	struct xfs_ifork	*ifp,
	struct xfs_iext_cursor	*cur)
{
	/* An empty fork leaves the cursor invalid ("before the first"). */
	cur->pos = ifp->if_nextents - 1;
}

/* models xfs_iext_next, fs/xfs/libxfs/xfs_iext_tree.c @ v5.10 */
void
xfs_iext_next(
	struct xfs_ifork	*ifp,
	struct xfs_iext_cursor	*cur)
{
	ASSERT(cur->pos >= XFS_IEXT_POS_BEFORE && cur->pos <= ifp->if_nextents);
	if (cur->pos == XFS_IEXT_POS_BEFORE) {
		xfs_iext_first(ifp, cur);
		return;
	}
	/* Past the end stays past the end: still invalid. */
	if (cur->pos < ifp->if_nextents)
		cur->pos++;
}

/* models xfs_iext_prev, fs/xfs/libxfs/xfs_iext_tree.c @ v5.10 */
void
xfs_iext_prev(
	struct xfs_ifork	*ifp,
	struct xfs_iext_cursor	*cur)
{
	ASSERT(cur->pos >= XFS_IEXT_POS_BEFORE && cur->pos <= ifp->if_nextents);
	/* The kernel's prev on a NULL-leaf cursor restarts at the last. */
	if (cur->pos == XFS_IEXT_POS_BEFORE) {
		xfs_iext_last(ifp, cur);
		return;
	}
	cur->pos--;
}

/* models xfs_iext_get_extent, fs/xfs/libxfs/xfs_iext_tree.c @ v5.10 */
bool
xfs_iext_get_extent(
	struct xfs_ifork	*ifp,
	struct xfs_iext_cursor	*cur,
	struct xfs_bmbt_irec	*gotp)
{
	if (!xfs_iext_valid(ifp, cur))
		return false;
	*gotp = ifp->if_ext[cur->pos];
	return true;
}

/* models xfs_iext_lookup_extent, fs/xfs/libxfs/xfs_iext_tree.c @ v5.10 */
bool
xfs_iext_lookup_extent(
	struct xfs_inode	*ip,
	struct xfs_ifork	*ifp,
	xfs_fileoff_t		offset,
	struct xfs_iext_cursor	*cur,
	struct xfs_bmbt_irec	*gotp)
{
	int			nr = xfs_iext_count(ifp);

	ASSERT(nr <= XFS_IEXT_MAX);
	/* The first record that ends after offset: it contains offset or
	 * is the next one after it. */
	for (cur->pos = 0; cur->pos < nr; cur->pos++) {
		struct xfs_bmbt_irec	*rec = &ifp->if_ext[cur->pos];

		if (rec->br_startoff + rec->br_blockcount > offset) {
			*gotp = *rec;
			return true;
		}
	}
	return false;
}

/* models xfs_iext_lookup_extent_before, fs/xfs/libxfs/xfs_iext_tree.c @ v5.10 */
bool
xfs_iext_lookup_extent_before(
	struct xfs_inode	*ip,
	struct xfs_ifork	*ifp,
	xfs_fileoff_t		*end,
	struct xfs_iext_cursor	*cur,
	struct xfs_bmbt_irec	*gotp)
{
	ASSERT(*end > 0);
	if (xfs_iext_lookup_extent(ip, ifp, *end - 1, cur, gotp) &&
	    gotp->br_startoff <= *end - 1)
		return true;
	if (!xfs_iext_prev_extent(ifp, cur, gotp))
		return false;
	*end = gotp->br_startoff + gotp->br_blockcount;
	return true;
}

/* models xfs_iext_next_extent, fs/xfs/libxfs/xfs_inode_fork.h @ v5.10 */
bool
xfs_iext_next_extent(
	struct xfs_ifork	*ifp,
	struct xfs_iext_cursor	*cur,
	struct xfs_bmbt_irec	*gotp)
{
	xfs_iext_next(ifp, cur);
	return xfs_iext_get_extent(ifp, cur, gotp);
}

/* models xfs_iext_prev_extent, fs/xfs/libxfs/xfs_inode_fork.h @ v5.10 */
bool
xfs_iext_prev_extent(
	struct xfs_ifork	*ifp,
	struct xfs_iext_cursor	*cur,
	struct xfs_bmbt_irec	*gotp)
{
	xfs_iext_prev(ifp, cur);
	return xfs_iext_get_extent(ifp, cur, gotp);
}

/* models xfs_iext_peek_next_extent, fs/xfs/libxfs/xfs_inode_fork.h @ v5.10 */
bool
xfs_iext_peek_next_extent(
	struct xfs_ifork	*ifp,
	struct xfs_iext_cursor	*cur,
	struct xfs_bmbt_irec	*gotp)
{
	struct xfs_iext_cursor	ncur = *cur;

	xfs_iext_next(ifp, &ncur);
	return xfs_iext_get_extent(ifp, &ncur, gotp);
}

/* models xfs_iext_peek_prev_extent, fs/xfs/libxfs/xfs_inode_fork.h @ v5.10 */
bool
xfs_iext_peek_prev_extent(
	struct xfs_ifork	*ifp,
	struct xfs_iext_cursor	*cur,
	struct xfs_bmbt_irec	*gotp)
{
	struct xfs_iext_cursor	ncur = *cur;

	xfs_iext_prev(ifp, &ncur);
	return xfs_iext_get_extent(ifp, &ncur, gotp);
}

/*
 * cowfuzz's own: the b+tree cannot hold overlapping or unordered records;
 * the array could,
 * so check the neighbours of every record written (kernel: the ordering is
 * what xfs_iext_find_level relies on).  The kernel's edit sequences always
 * shrink a record before they grow its neighbour, so this holds after each
 * single edit, not just at the end of a case.
 */
static void
xfs_iext_check_neighbours(
	struct xfs_ifork	*ifp,
	int			pos)
{
	struct xfs_bmbt_irec	*rec = &ifp->if_ext[pos];

	ASSERT(rec->br_blockcount > 0);
	ASSERT(rec->br_startoff + rec->br_blockcount > rec->br_startoff);
	if (pos > 0) {
		struct xfs_bmbt_irec	*prev = &ifp->if_ext[pos - 1];

		ASSERT(prev->br_startoff + prev->br_blockcount <=
		       rec->br_startoff);
	}
	if (pos + 1 < ifp->if_nextents) {
		struct xfs_bmbt_irec	*next = &ifp->if_ext[pos + 1];

		ASSERT(rec->br_startoff + rec->br_blockcount <=
		       next->br_startoff);
	}
}

/* models xfs_iext_insert, fs/xfs/libxfs/xfs_iext_tree.c @ v5.10 */
void
xfs_iext_insert(
	struct xfs_inode	*ip,
	struct xfs_iext_cursor	*cur,
	struct xfs_bmbt_irec	*irec,
	int			state)
{
	struct xfs_ifork	*ifp = xfs_iext_state_to_fork(ip, state);
	int			nr_entries = xfs_iext_count(ifp);
	int			i;

	xfs_iext_inc_seq(ifp);

	ASSERT(nr_entries < XFS_IEXT_MAX);
	ASSERT(cur->pos >= 0 && cur->pos <= nr_entries);
	if (nr_entries >= XFS_IEXT_MAX || cur->pos < 0 ||
	    cur->pos > nr_entries)
		return;		/* reported above; never write out of bounds */

	for (i = nr_entries; i > cur->pos; i--)
		ifp->if_ext[i] = ifp->if_ext[i - 1];
	ifp->if_ext[cur->pos] = *irec;
	ifp->if_nextents = nr_entries + 1;
	ifp->if_bytes = ifp->if_nextents * XFS_IEXT_REC_SIZE;

	xfs_iext_check_neighbours(ifp, cur->pos);
	trace_xfs_iext_insert(ip, state, cur->pos, irec);
}

/* models xfs_iext_remove, fs/xfs/libxfs/xfs_iext_tree.c @ v5.10 */
void
xfs_iext_remove(
	struct xfs_inode	*ip,
	struct xfs_iext_cursor	*cur,
	int			state)
{
	struct xfs_ifork	*ifp = xfs_iext_state_to_fork(ip, state);
	int			nr_entries = xfs_iext_count(ifp);
	int			i;

	xfs_iext_inc_seq(ifp);

	ASSERT(xfs_iext_valid(ifp, cur));
	if (!xfs_iext_valid(ifp, cur))
		return;

	for (i = cur->pos; i < nr_entries - 1; i++)
		ifp->if_ext[i] = ifp->if_ext[i + 1];
	memset(&ifp->if_ext[nr_entries - 1], 0, sizeof(ifp->if_ext[0]));
	ifp->if_nextents = nr_entries - 1;
	ifp->if_bytes = ifp->if_nextents * XFS_IEXT_REC_SIZE;
	/* The cursor now names the record that followed (or the end). */
	trace_xfs_iext_remove(ip, state, cur->pos);
}

/* models xfs_iext_update_extent, fs/xfs/libxfs/xfs_iext_tree.c @ v5.10 */
void
xfs_iext_update_extent(
	struct xfs_inode	*ip,
	int			state,
	struct xfs_iext_cursor	*cur,
	struct xfs_bmbt_irec	*new)
{
	struct xfs_ifork	*ifp = xfs_iext_state_to_fork(ip, state);

	xfs_iext_inc_seq(ifp);

	ASSERT(xfs_iext_valid(ifp, cur));
	if (!xfs_iext_valid(ifp, cur))
		return;

	ifp->if_ext[cur->pos] = *new;
	xfs_iext_check_neighbours(ifp, cur->pos);
	trace_xfs_iext_update(ip, state, cur->pos, new);
}
