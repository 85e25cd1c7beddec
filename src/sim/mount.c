// SPDX-License-Identifier: GPL-2.0
/*
 * The simulated mount: one run's struct xfs_mount, its inodes and the
 * storage its I/O pools point at.
 */
#include <stddef.h>
#include <string.h>
#include "mount.h"
#include "sched.h"

static struct sim_mount {
	struct xfs_mount	mount;
	struct xfs_inode	inodes[CF_NINODES];
	struct iomap_ioend	ioends[IOMAP_MAX_IOENDS];
	struct sim_waitq	ioend_wq;	/* waiters for a free ioend */
	struct dio_work		dios[SIM_MAX_DIO];
	uint32_t		dio_seq;	/* FIFO order of dios */
	uint32_t		dio_order[SIM_MAX_DIO];

	/* last: sim_mount_reset clears everything before dio_pieces */
	uint32_t		ndio_pieces;
	struct dio_piece	dio_pieces[SIM_DIO_PIECES];
} sm;

static void mount_init(const struct cf_geometry *geo, const struct cf_profile *prof)
{
	struct xfs_mount *mp = &sm.mount;

	mp->m_sb_blocksize = geo->block_size;
	mp->m_blocks_per_page = CF_PAGE_SIZE / geo->block_size;
	mp->m_sb_dblocks = geo->dev_blocks;
	mp->m_always_cow = geo->always_cow;
	mp->m_cowextsize_default = geo->cowextsize;
	mp->m_profile = prof;
	mp->m_ioends = sm.ioends;
	mp->m_ioend_wq = &sm.ioend_wq;
	mp->m_dios = sm.dios;
	mp->m_dio_order = sm.dio_order;
	mp->m_dio_seq = &sm.dio_seq;
	mp->m_dio_pieces = sm.dio_pieces;
	mp->m_ndio_pieces = &sm.ndio_pieces;
	/* free space fragmentation: every (frag+1)th block belongs to others */
	for (uint32_t b = 0; b < geo->dev_blocks; b++) {
		if (geo->frag && b % (geo->frag + 1u) == geo->frag)
			mp->m_blk_use[b] = XFS_BLK_OTHER;
		else
			mp->m_fdblocks++;
	}
}

static void inode_init(struct xfs_inode *ip, int ino)
{
	ip->i_ino = ino;
	ip->i_mount = &sm.mount;
	ip->i_ioend_head = -1;
	sim_lock_init(&ip->i_iolock, SIM_LC_IOLOCK, ino);
	sim_lock_init(&ip->i_mmaplock, SIM_LC_MMAPLOCK, ino);
	sim_lock_init(&ip->i_ilock, SIM_LC_ILOCK, ino);
}

void sim_mount_reset(const struct cf_geometry *geo, const struct cf_profile *prof)
{
	/* the pieces are not cleared: see SIM_DIO_PIECES */
	memset(&sm, 0, offsetof(struct sim_mount, dio_pieces));
	mount_init(geo, prof);
	for (int i = 0; i < CF_NINODES; i++)
		inode_init(&sm.inodes[i], i + 1);
}

struct xfs_mount *cf_mount(void)
{
	return &sm.mount;
}

struct xfs_inode *cf_inode(int ino)
{
	return &sm.inodes[ino - 1];
}
