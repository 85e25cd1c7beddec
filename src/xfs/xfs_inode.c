// SPDX-License-Identifier: GPL-2.0
/*
 * Inode locks (fs/xfs/xfs_inode.c: xfs_ilock/xfs_iunlock).  The three
 * rwsems are the shim's (linux/rwsem.h), so taking one can block and
 * switch tasks, and the lock order is asserted.
 */
#include "xfs_inode.h"

/* cowfuzz's own: down_read or down_write */
static inline void cf_rwsem_down(struct sim_lock *sem, bool excl)
{
	if (excl)
		down_write(sem);
	else
		down_read(sem);
}

/* cowfuzz's own: up_read or up_write */
static inline void cf_rwsem_up(struct sim_lock *sem, bool excl)
{
	if (excl)
		up_write(sem);
	else
		up_read(sem);
}

/* models xfs_ilock, fs/xfs/xfs_inode.c @ v5.10 */
void xfs_ilock(struct xfs_inode *ip, unsigned int lock_flags)
{
	if (lock_flags & (XFS_IOLOCK_EXCL | XFS_IOLOCK_SHARED))
		cf_rwsem_down(&ip->i_iolock, lock_flags & XFS_IOLOCK_EXCL);
	if (lock_flags & (XFS_MMAPLOCK_EXCL | XFS_MMAPLOCK_SHARED))
		cf_rwsem_down(&ip->i_mmaplock, lock_flags & XFS_MMAPLOCK_EXCL);
	if (lock_flags & (XFS_ILOCK_EXCL | XFS_ILOCK_SHARED))
		cf_rwsem_down(&ip->i_ilock, lock_flags & XFS_ILOCK_EXCL);
	/* after the take, not before as in the kernel: the line says it is held */
	trace_xfs_ilock(ip, lock_flags);
}

/* models xfs_ilock_nowait, fs/xfs/xfs_inode.c @ v5.10 (exclusive modes) */
bool xfs_ilock_nowait(struct xfs_inode *ip, unsigned int lock_flags)
{
	if (lock_flags & XFS_IOLOCK_EXCL) {
		if (!down_write_trylock(&ip->i_iolock))
			goto out;
	}
	if (lock_flags & XFS_MMAPLOCK_EXCL) {
		if (!down_write_trylock(&ip->i_mmaplock))
			goto out_undo_iolock;
	}
	return true;

out_undo_iolock:
	if (lock_flags & XFS_IOLOCK_EXCL)
		up_write(&ip->i_iolock);
out:
	return false;
}

/* models xfs_iunlock, fs/xfs/xfs_inode.c @ v5.10 */
void xfs_iunlock(struct xfs_inode *ip, unsigned int lock_flags)
{
	if (lock_flags & (XFS_ILOCK_EXCL | XFS_ILOCK_SHARED))
		cf_rwsem_up(&ip->i_ilock, lock_flags & XFS_ILOCK_EXCL);
	if (lock_flags & (XFS_MMAPLOCK_EXCL | XFS_MMAPLOCK_SHARED))
		cf_rwsem_up(&ip->i_mmaplock, lock_flags & XFS_MMAPLOCK_EXCL);
	if (lock_flags & (XFS_IOLOCK_EXCL | XFS_IOLOCK_SHARED))
		cf_rwsem_up(&ip->i_iolock, lock_flags & XFS_IOLOCK_EXCL);
}

/* models xfs_isilocked, fs/xfs/xfs_inode.c @ v5.10 */
bool xfs_isilocked(struct xfs_inode *ip, unsigned int lock_flags)
{
	/* asking for SHARED accepts either mode, as rwsem_is_locked does */
	if (lock_flags & (XFS_ILOCK_EXCL | XFS_ILOCK_SHARED))
		return lockdep_is_held_type(&ip->i_ilock, !(lock_flags & XFS_ILOCK_SHARED));
	if (lock_flags & (XFS_MMAPLOCK_EXCL | XFS_MMAPLOCK_SHARED))
		return lockdep_is_held_type(&ip->i_mmaplock, !(lock_flags & XFS_MMAPLOCK_SHARED));
	if (lock_flags & (XFS_IOLOCK_EXCL | XFS_IOLOCK_SHARED))
		return lockdep_is_held_type(&ip->i_iolock, !(lock_flags & XFS_IOLOCK_SHARED));
	return false;
}

/* models xfs_get_cowextsz_hint, fs/xfs/xfs_inode.c @ v5.10 */
xfs_extlen_t
xfs_get_cowextsz_hint(
	struct xfs_inode	*ip)
{
	xfs_extlen_t		a;

	/* no extent size hint in the model: only the CoW one and the default */
	if (ip->i_diflags2 & XFS_DIFLAG2_COWEXTSIZE)
		a = ip->i_cowextsize;
	else
		a = ip->i_mount->m_cowextsize_default;
	return a ? a : 1;
}

/* cowfuzz's own: lock two inodes in inode number order (the order of
 * xfs_ilock2_io_mmap; its unlock, ip2 first, is not modelled) */
void cf_lock_two(struct xfs_inode *a, struct xfs_inode *b, unsigned int flags)
{
	if (a == b) {
		xfs_ilock(a, flags);
	} else if (a->i_ino < b->i_ino) {
		xfs_ilock(a, flags);
		xfs_ilock(b, flags);
	} else {
		xfs_ilock(b, flags);
		xfs_ilock(a, flags);
	}
}

/* cowfuzz's own: the unlock of cf_lock_two */
void cf_unlock_two(struct xfs_inode *a, struct xfs_inode *b, unsigned int flags)
{
	xfs_iunlock(a, flags);
	if (a != b)
		xfs_iunlock(b, flags);
}
