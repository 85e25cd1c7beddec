/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xfs_mount.h: the simulated file system: a small device whose free space
 * the input fragments, the free-block counter with delalloc reservations
 * (m_fdblocks), per-block ownership standing in for the rmap and refcount
 * btrees, and the mount options the port reads (m_always_cow).
 */
#ifndef __XFS_MOUNT_H__
#define __XFS_MOUNT_H__

#include "libxfs/xfs_types.h"

/* What a device block is used for (the allocator's view). */
enum xfs_blk_use {
	XFS_BLK_FREE = 0,
	XFS_BLK_OTHER,		/* pre-filled by the fragmentation pattern */
	XFS_BLK_INUSE,		/* owned by a data fork or a CoW fork */
};

struct xfs_inode;
struct iomap_ioend;
struct dio_work;
struct dio_piece;

struct xfs_mount {
	uint32_t	m_sb_blocksize;		/* bytes */
	uint8_t		m_blkbb_log;		/* unused, kept for the kernel's shape */
	uint32_t	m_blocks_per_page;
	xfs_fsblock_t	m_sb_dblocks;		/* device size in blocks */
	int64_t		m_fdblocks;		/* free blocks minus reservations */
	bool		m_always_cow;		/* xfs_globals.always_cow at mount */
	bool		m_shutdown;
	xfs_extlen_t	m_cowextsize_default;	/* XFS_DEFAULT_COWEXTSZ_HINT, shrunk */
	const struct cf_profile *m_profile;	/* kernel behaviour switches */

	/* the allocator's bitmap and the ownership model, per device block */
	uint8_t		m_blk_use[CF_MAX_DEV_BLOCKS];
	uint16_t	m_blk_owners[CF_MAX_DEV_BLOCKS];  /* data fork mappings (rmap) */
	uint8_t		m_blk_cow[CF_MAX_DEV_BLOCKS];	  /* CoW staging (refcount CoW record) */
	uint16_t	m_disk[CF_MAX_DEV_BLOCKS];	  /* content tag of each block */
	/* not the kernel's: when each block was last allocated, so a claim
	 * (dio_end_cow_claimed) can tell its block from a reallocation of it */
	uint32_t	m_alloc_seq;
	uint32_t	m_blk_alloc_seq[CF_MAX_DEV_BLOCKS];

	/* not the kernel's: the simulated I/O pools of this mount (the bioset
	 * mempool behind ioends, the direct I/O requests and the pieces they
	 * wrote) and its inodes; the simulator provides the storage */
	struct iomap_ioend	*m_ioends;	/* IOMAP_MAX_IOENDS */
	struct sim_waitq	*m_ioend_wq;	/* waiters for a free ioend */
	struct dio_work		*m_dios;	/* SIM_MAX_DIO */
	uint32_t		*m_dio_order;	/* FIFO order of the dios */
	uint32_t		*m_dio_seq;
	struct dio_piece	*m_dio_pieces;	/* SIM_DIO_PIECES */
	uint32_t		*m_ndio_pieces;
};

/* models XFS_FORCED_SHUTDOWN, fs/xfs/xfs_mount.h @ v5.10 (a macro there) */
static inline bool XFS_FORCED_SHUTDOWN(struct xfs_mount *mp) { return mp->m_shutdown; }

#define XFS_B_TO_FSBT(mp, b)	((xfs_fileoff_t)((uint64_t)(b) / (mp)->m_sb_blocksize))
#define XFS_B_TO_FSB(mp, b)	((xfs_fileoff_t)(((uint64_t)(b) + (mp)->m_sb_blocksize - 1) / (mp)->m_sb_blocksize))
#define XFS_FSB_TO_B(mp, fsb)	((xfs_off_t)(fsb) * (mp)->m_sb_blocksize)

/* xfs_mod_fdblocks: delta < 0 reserves, > 0 gives back; -ENOSPC if short. */
int xfs_mod_fdblocks(struct xfs_mount *mp, int64_t delta, bool rsvd);

/* cowfuzz's own: the kernel behaviour this mount models (src/profiles) */
static inline const struct cf_profile *xfs_profile(struct xfs_mount *mp)
{
	return mp->m_profile;
}

/* xfs_mount.c: the largest atomic (CoW) write, in blocks */
xfs_extlen_t xfs_calc_atomic_write_unit_max(struct xfs_mount *mp);

#endif
