/* SPDX-License-Identifier: GPL-2.0 */
/*
 * libxfs/xfs_bmap.h: block mapping.  Extent edits keep the kernel's merge
 * rules; ownership of device blocks (rmap/refcount stand-ins in xfs_mount)
 * is updated by the same edits that change a fork, so a fork edit and its
 * block bookkeeping can never disagree.
 */
#ifndef __XFS_BMAP_H__
#define __XFS_BMAP_H__

#include "xfs_inode.h"

struct iomap;

/* xfs_bmapi_write / _read flags */
#define XFS_BMAPI_PREALLOC	(1u << 0)	/* allocate unwritten extents */
#define XFS_BMAPI_CONVERT	(1u << 1)	/* unwritten -> written */
#define XFS_BMAPI_COWFORK	(1u << 2)	/* work on the CoW fork */
#define XFS_BMAPI_REMAP		(1u << 3)	/* bunmapi: do not free the blocks */
#define XFS_BMAPI_DELALLOC	(1u << 4)	/* only convert delalloc extents */
#define XFS_BMAPI_EXTSZALIGN	(1u << 11)	/* start at a multiple of the hint (6.16) */

/* The allocation arguments (struct xfs_bmalloca, the fields the model uses). */
struct xfs_bmalloca {
	struct xfs_inode	*ip;
	struct xfs_bmbt_irec	prev;
	struct xfs_bmbt_irec	got;
	struct xfs_iext_cursor	icur;
	xfs_fileoff_t		offset;
	xfs_extlen_t		length;
	xfs_fsblock_t		blkno;
	xfs_extlen_t		minlen;
	int			minleft;
	bool			wasdel;
	int			flags;		/* XFS_BMAPI_* */
	int			whichfork;	/* must agree with XFS_BMAPI_COWFORK */
	bool			eof;		/* hole allocation past the last extent */
	int			nallocs;	/* allocations made by this bmapi call */
};

/* models xfs_bmap_is_real_extent, fs/xfs/libxfs/xfs_bmap.h @ v5.10 */
static inline bool xfs_bmap_is_real_extent(const struct xfs_bmbt_irec *irec)
{
	return irec->br_startblock != HOLESTARTBLOCK &&
	       irec->br_startblock != DELAYSTARTBLOCK &&
	       !isnullstartblock(irec->br_startblock);
}

/* models xfs_bmap_is_written_extent, fs/xfs/libxfs/xfs_bmap.h @ v5.10 */
static inline bool xfs_bmap_is_written_extent(const struct xfs_bmbt_irec *irec)
{
	return xfs_bmap_is_real_extent(irec) && irec->br_state != XFS_EXT_UNWRITTEN;
}

/* Worst-case indirect blocks a delalloc extent of len blocks reserves. */
xfs_filblks_t xfs_bmap_worst_indlen(struct xfs_inode *ip, xfs_filblks_t len);

/* Reserve delalloc blocks [off, off+len) (+prealloc) in a fork; CoW
 * reservations are aligned to the CoW extent size hint.  got/icur: the next
 * extent (or eof), updated to the reservation after merging. */
int xfs_bmapi_reserve_delalloc(struct xfs_inode *ip, int whichfork,
			       xfs_fileoff_t off, xfs_filblks_t len,
			       xfs_filblks_t prealloc, struct xfs_bmbt_irec *got,
			       struct xfs_iext_cursor *icur, int eof);

/* Allocate real blocks for bma (from a delalloc extent when wasdel). */
int xfs_bmapi_allocate(struct xfs_bmalloca *bma);

/* Map [bno, bno+len) allocating holes and converting delalloc (a whole
 * delalloc extent from its start, the pre-6.10 behaviour); with
 * XFS_BMAPI_CONVERT also turns unwritten into written. */
int xfs_bmapi_write(struct xfs_inode *ip, xfs_fileoff_t bno, xfs_filblks_t len,
		    uint32_t flags, struct xfs_bmbt_irec *mval, int *nmap);

/* Mappings over [bno, bno+len) including holes (HOLESTARTBLOCK) and
 * delalloc (DELAYSTARTBLOCK). */
int xfs_bmapi_read(struct xfs_inode *ip, xfs_fileoff_t bno, xfs_filblks_t len,
		   struct xfs_bmbt_irec *mval, int *nmap, uint32_t flags);

/* Map real blocks [startblock, +len) at bno in the data fork (a hole). */
int xfs_bmapi_remap(struct xfs_inode *ip, xfs_fileoff_t bno, xfs_filblks_t len,
		    xfs_fsblock_t startblock, xfs_exntst_t state);

/* Unmap up to nexts extents of [start, start+*rlen) from the end; *rlen
 * is what is left.  Data fork only.  Blocks whose last owner goes are
 * freed unless XFS_BMAPI_REMAP. */
int __xfs_bunmapi(struct xfs_inode *ip, xfs_fileoff_t start, xfs_filblks_t *rlen,
		  uint32_t flags, int nexts);

void xfs_bmap_del_extent_delay(struct xfs_inode *ip, int whichfork,
			       struct xfs_iext_cursor *icur,
			       struct xfs_bmbt_irec *got, struct xfs_bmbt_irec *del);
void xfs_bmap_del_extent_cow(struct xfs_inode *ip, struct xfs_iext_cursor *icur,
			     struct xfs_bmbt_irec *got, struct xfs_bmbt_irec *del);
int xfs_bmap_add_extent_delay_real(struct xfs_bmalloca *bma, int whichfork);
int xfs_bmap_add_extent_unwritten_real(struct xfs_inode *ip, int whichfork,
				       struct xfs_iext_cursor *icur,
				       struct xfs_bmbt_irec *new);
int xfs_bmap_add_extent_hole_real(struct xfs_inode *ip, int whichfork,
				  struct xfs_iext_cursor *icur,
				  struct xfs_bmbt_irec *new);
void xfs_bmap_add_extent_hole_delay(struct xfs_inode *ip, int whichfork,
				    struct xfs_iext_cursor *icur,
				    struct xfs_bmbt_irec *new);

void xfs_trim_extent(struct xfs_bmbt_irec *irec, xfs_fileoff_t bno, xfs_filblks_t len);

/* Free device blocks once nothing owns them (xfs_bmap_add_free). */
void xfs_bmap_add_free(struct xfs_mount *mp, xfs_fsblock_t bno, xfs_filblks_t len);

/* xfs_bmapi_convert_delalloc (lives in xfs_bmap_convert.c). */
int xfs_bmapi_convert_delalloc(struct xfs_inode *ip, int whichfork,
			       xfs_off_t offset, struct iomap *iomap,
			       unsigned int *seq);

#endif
