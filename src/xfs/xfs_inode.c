// SPDX-License-Identifier: GPL-2.0
/*
 * Inode locks (fs/xfs/xfs_inode.c: xfs_ilock/xfs_iunlock).  The three
 * rwsems are simulator locks, so taking one can block and switch tasks,
 * and the lock order is asserted.
 */
#include "xfs_inode.h"

/* models xfs_ilock, fs/xfs/xfs_inode.c @ v5.10 */
void xfs_ilock(struct xfs_inode *ip, unsigned int lock_flags)
{
	if (lock_flags & (XFS_IOLOCK_EXCL | XFS_IOLOCK_SHARED))
		sim_lock_acquire(&ip->i_iolock, lock_flags & XFS_IOLOCK_EXCL);
	if (lock_flags & (XFS_MMAPLOCK_EXCL | XFS_MMAPLOCK_SHARED))
		sim_lock_acquire(&ip->i_mmaplock, lock_flags & XFS_MMAPLOCK_EXCL);
	if (lock_flags & (XFS_ILOCK_EXCL | XFS_ILOCK_SHARED)) {
		sim_lock_acquire(&ip->i_ilock, lock_flags & XFS_ILOCK_EXCL);
		sim_trace("xfs_ilock ino %llu %s", (unsigned long long)ip->i_ino,
			  lock_flags & XFS_ILOCK_EXCL ? "ILOCK_EXCL" : "ILOCK_SHARED");
	}
}

/* models xfs_iunlock, fs/xfs/xfs_inode.c @ v5.10 */
void xfs_iunlock(struct xfs_inode *ip, unsigned int lock_flags)
{
	if (lock_flags & (XFS_ILOCK_EXCL | XFS_ILOCK_SHARED))
		sim_lock_release(&ip->i_ilock, lock_flags & XFS_ILOCK_EXCL);
	if (lock_flags & (XFS_MMAPLOCK_EXCL | XFS_MMAPLOCK_SHARED))
		sim_lock_release(&ip->i_mmaplock, lock_flags & XFS_MMAPLOCK_EXCL);
	if (lock_flags & (XFS_IOLOCK_EXCL | XFS_IOLOCK_SHARED))
		sim_lock_release(&ip->i_iolock, lock_flags & XFS_IOLOCK_EXCL);
}

/* models xfs_isilocked, fs/xfs/xfs_inode.c @ v5.10 */
bool xfs_isilocked(struct xfs_inode *ip, unsigned int lock_flags)
{
	/* asking for SHARED accepts either mode, as rwsem_is_locked does */
	if (lock_flags & (XFS_ILOCK_EXCL | XFS_ILOCK_SHARED))
		return sim_lock_held(&ip->i_ilock, !(lock_flags & XFS_ILOCK_SHARED));
	if (lock_flags & (XFS_MMAPLOCK_EXCL | XFS_MMAPLOCK_SHARED))
		return sim_lock_held(&ip->i_mmaplock, !(lock_flags & XFS_MMAPLOCK_SHARED));
	if (lock_flags & (XFS_IOLOCK_EXCL | XFS_IOLOCK_SHARED))
		return sim_lock_held(&ip->i_iolock, !(lock_flags & XFS_IOLOCK_SHARED));
	return false;
}
