/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xfs_inode.h: the in-core inode: data fork, CoW fork (created on demand),
 * sizes, delalloc count, the three inode locks, the page cache and the
 * per-inode lists the completion work consumes.
 */
#ifndef __XFS_INODE_H__
#define __XFS_INODE_H__

#include "xfs_mount.h"
#include "libxfs/xfs_inode_fork.h"
#include "mm/pagemap.h"

#define XFS_DIFLAG2_REFLINK	(1u << 0)
#define XFS_DIFLAG2_COWEXTSIZE	(1u << 1)
#define XFS_ICOWBLOCKS		(1u << 0)	/* i_flags: cowblocks tag set */
#define XFS_ITRUNCATED		(1u << 1)

/* Lock modes, with the kernel's names. */
#define XFS_IOLOCK_EXCL		(1u << 0)
#define XFS_IOLOCK_SHARED	(1u << 1)
#define XFS_ILOCK_EXCL		(1u << 2)
#define XFS_ILOCK_SHARED	(1u << 3)
#define XFS_MMAPLOCK_EXCL	(1u << 4)
#define XFS_MMAPLOCK_SHARED	(1u << 5)

struct iomap_ioend;

struct xfs_inode {
	xfs_ino_t		i_ino;
	struct xfs_mount	*i_mount;
	struct xfs_ifork	i_df;
	struct xfs_ifork	i_cow;		/* storage behind i_cowfp */
	struct xfs_ifork	*i_cowfp;	/* NULL until xfs_ifork_init_cow */
	xfs_fsize_t		i_disk_size;	/* di_size: on-disk size */
	xfs_fsize_t		i_size;		/* the VFS inode size */
	xfs_filblks_t		i_delayed_blks;
	unsigned int		i_diflags2;
	xfs_extlen_t		i_cowextsize;
	unsigned int		i_flags;
	int			i_dio_count;	/* direct I/Os in flight */
	struct sim_waitq	i_dio_wq;
	struct sim_lock		i_iolock;
	struct sim_lock		i_mmaplock;
	struct sim_lock		i_ilock;
	struct address_space	i_mapping;
	int16_t			i_ioend_head;	/* queued ioends (index list), -1 = none */
	/* not the kernel's: the one open file's errseq cursor (f_wb_err) */
	unsigned int		i_wb_err_seen;
};

/* models xfs_is_reflink_inode, fs/xfs/xfs_inode.h @ v5.10 */
static inline bool xfs_is_reflink_inode(struct xfs_inode *ip)
{
	return ip->i_diflags2 & XFS_DIFLAG2_REFLINK;
}

/* models xfs_is_always_cow_inode, fs/xfs/xfs_inode.h @ 66ae56a53f0e */
static inline bool xfs_is_always_cow_inode(struct xfs_inode *ip)
{
	return ip->i_mount->m_always_cow;
}

/* models xfs_is_cow_inode, fs/xfs/xfs_inode.h @ 66ae56a53f0e */
static inline bool xfs_is_cow_inode(struct xfs_inode *ip)
{
	return xfs_is_reflink_inode(ip) || xfs_is_always_cow_inode(ip);
}

/* models xfs_inode_has_cow_data, fs/xfs/xfs_inode.h @ v5.10 */
static inline bool xfs_inode_has_cow_data(struct xfs_inode *ip)
{
	return ip->i_cowfp && ip->i_cowfp->if_bytes;
}

/* models XFS_ISIZE, fs/xfs/xfs_inode.h @ v5.10 */
static inline xfs_fsize_t XFS_ISIZE(struct xfs_inode *ip)
{
	return ip->i_size;
}

void xfs_ilock(struct xfs_inode *ip, unsigned int lock_flags);
bool xfs_ilock_nowait(struct xfs_inode *ip, unsigned int lock_flags);
void xfs_iunlock(struct xfs_inode *ip, unsigned int lock_flags);
void cf_lock_two(struct xfs_inode *a, struct xfs_inode *b, unsigned int flags);
void cf_unlock_two(struct xfs_inode *a, struct xfs_inode *b, unsigned int flags);
bool xfs_isilocked(struct xfs_inode *ip, unsigned int lock_flags);
/* The CoW extent size hint in blocks. */
xfs_extlen_t xfs_get_cowextsz_hint(struct xfs_inode *ip);

#endif
