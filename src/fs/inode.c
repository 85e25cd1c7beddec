// SPDX-License-Identifier: GPL-2.0
/*
 * fs/inode.c: the VFS inode helpers the port calls.  The port's inode is
 * struct xfs_inode (there is no struct inode), so these take it.
 */
#include "fs/fs.h"
#include "xfs_inode.h"

/* models inode_dio_wait, fs/inode.c @ v5.10 */
void inode_dio_wait(struct xfs_inode *ip)
{
	int guard = 0;

	while (ip->i_dio_count && guard++ < 1000)
		sleep_on(&ip->i_dio_wq);
}
