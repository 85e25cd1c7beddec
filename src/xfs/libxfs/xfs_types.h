/* SPDX-License-Identifier: GPL-2.0 */
/* libxfs/xfs_types.h + xfs_format.h subset: extent records and start blocks. */
#ifndef __XFS_TYPES_H__
#define __XFS_TYPES_H__

#include "xfs_linux.h"

typedef enum {
	XFS_EXT_NORM,
	XFS_EXT_UNWRITTEN,
} xfs_exntst_t;

/* The in-core extent record (struct xfs_bmbt_irec). */
struct xfs_bmbt_irec {
	xfs_fileoff_t	br_startoff;
	xfs_fsblock_t	br_startblock;
	xfs_filblks_t	br_blockcount;
	xfs_exntst_t	br_state;
};

/*
 * Delalloc extents have no device block: their start block holds the
 * worst-case indirect block reservation, tagged as a "null" start block.
 */
#define STARTBLOCKVALBITS	17
#define STARTBLOCKMASKBITS	(15 + 20)
#define STARTBLOCKMASK		\
	(((((xfs_fsblock_t)1) << STARTBLOCKMASKBITS) - 1) << STARTBLOCKVALBITS)

/* models isnullstartblock, fs/xfs/libxfs/xfs_format.h @ v5.10 */
static inline bool isnullstartblock(xfs_fsblock_t x)
{
	return (x & STARTBLOCKMASK) == STARTBLOCKMASK;
}

/* models nullstartblock, fs/xfs/libxfs/xfs_format.h @ v5.10 */
static inline xfs_fsblock_t nullstartblock(int k)
{
	return STARTBLOCKMASK | (xfs_fsblock_t)k;
}

/* models startblockval, fs/xfs/libxfs/xfs_format.h @ v5.10 */
static inline xfs_filblks_t startblockval(xfs_fsblock_t x)
{
	return (xfs_filblks_t)(x & ~STARTBLOCKMASK);
}

#define HOLESTARTBLOCK		((xfs_fsblock_t)-2)
#define DELAYSTARTBLOCK		((xfs_fsblock_t)-1)

/* Largest extent length the model merges to (MAXEXTLEN, shrunk). */
#define XFS_MAX_BMBT_EXTLEN	((xfs_filblks_t)256)

#define XFS_DATA_FORK		0
#define XFS_COW_FORK		2

#endif
