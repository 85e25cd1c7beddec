/* SPDX-License-Identifier: GPL-2.0 */
/*
 * libxfs/xfs_inode_fork.h: an inode fork as a sorted array of in-core
 * extents (the kernel uses a b+tree; order and merge rules are what matter
 * here) with the sequence counter if_seq, bumped on every insert, remove
 * and update (kernel-facts §3.8).
 */
#ifndef __XFS_INODE_FORK_H__
#define __XFS_INODE_FORK_H__

#include "xfs_types.h"

#define XFS_IEXT_MAX	(CF_MAX_FILE_BLOCKS + 2)

struct xfs_ifork {
	int			if_bytes;	/* nextents * record size, as in-kernel */
	unsigned int		if_seq;
	int			if_nextents;
	struct xfs_bmbt_irec	if_ext[XFS_IEXT_MAX];
};

#define XFS_IEXT_REC_SIZE	16	/* what one record adds to if_bytes */

/* A cursor is a position in the array; pos == nextents is past the end. */
struct xfs_iext_cursor {
	int	pos;
};

struct xfs_inode;

/* Which fork an extent operation works on (the kernel's BMAP_COWFORK). */
#define BMAP_COWFORK		(1u << 0)
#define BMAP_LEFT_CONTIG	(1u << 1)
#define BMAP_RIGHT_CONTIG	(1u << 2)
#define BMAP_LEFT_FILLING	(1u << 3)
#define BMAP_RIGHT_FILLING	(1u << 4)
#define BMAP_LEFT_DELAY		(1u << 5)
#define BMAP_RIGHT_DELAY	(1u << 6)
#define BMAP_LEFT_VALID		(1u << 7)
#define BMAP_RIGHT_VALID	(1u << 8)

/* XFS_IFORK_PTR, libxfs/xfs_inode_fork.h @ v5.10 (no attribute fork here) */
#define XFS_IFORK_PTR(ip, w)	\
	((w) == XFS_DATA_FORK ? &(ip)->i_df : (ip)->i_cowfp)
void xfs_ifork_init_cow(struct xfs_inode *ip);

/*
 * The in-core extent list (libxfs/xfs_iext_tree.c).  Semantics follow the
 * kernel: lookup_extent returns the extent containing bno or else the next
 * one after it; a cursor past either end is invalid (get_extent fails);
 * insert puts the record at the cursor and leaves the cursor on it; remove
 * deletes the record at the cursor and leaves the cursor on the record that
 * followed (invalid if there was none).  insert, remove and update bump
 * if_seq first.  `state & BMAP_COWFORK` picks the CoW fork.
 */
int xfs_iext_count(struct xfs_ifork *ifp);
void xfs_iext_first(struct xfs_ifork *ifp, struct xfs_iext_cursor *cur);
void xfs_iext_last(struct xfs_ifork *ifp, struct xfs_iext_cursor *cur);
void xfs_iext_next(struct xfs_ifork *ifp, struct xfs_iext_cursor *cur);
void xfs_iext_prev(struct xfs_ifork *ifp, struct xfs_iext_cursor *cur);
bool xfs_iext_get_extent(struct xfs_ifork *ifp, struct xfs_iext_cursor *cur,
			 struct xfs_bmbt_irec *gotp);
bool xfs_iext_lookup_extent(struct xfs_inode *ip, struct xfs_ifork *ifp,
			    xfs_fileoff_t bno, struct xfs_iext_cursor *cur,
			    struct xfs_bmbt_irec *gotp);
bool xfs_iext_lookup_extent_before(struct xfs_inode *ip, struct xfs_ifork *ifp,
				   xfs_fileoff_t *end, struct xfs_iext_cursor *cur,
				   struct xfs_bmbt_irec *gotp);
bool xfs_iext_next_extent(struct xfs_ifork *ifp, struct xfs_iext_cursor *cur,
			  struct xfs_bmbt_irec *gotp);
bool xfs_iext_prev_extent(struct xfs_ifork *ifp, struct xfs_iext_cursor *cur,
			  struct xfs_bmbt_irec *gotp);
bool xfs_iext_peek_next_extent(struct xfs_ifork *ifp, struct xfs_iext_cursor *cur,
			       struct xfs_bmbt_irec *gotp);
bool xfs_iext_peek_prev_extent(struct xfs_ifork *ifp, struct xfs_iext_cursor *cur,
			       struct xfs_bmbt_irec *gotp);
void xfs_iext_insert(struct xfs_inode *ip, struct xfs_iext_cursor *cur,
		     struct xfs_bmbt_irec *irec, int state);
void xfs_iext_remove(struct xfs_inode *ip, struct xfs_iext_cursor *cur, int state);
void xfs_iext_update_extent(struct xfs_inode *ip, int state,
			    struct xfs_iext_cursor *cur, struct xfs_bmbt_irec *gotp);

#endif
