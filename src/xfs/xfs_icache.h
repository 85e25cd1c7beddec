/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __XFS_ICACHE_H__
#define __XFS_ICACHE_H__

struct xfs_inode;

/* Background cowblocks reclaim of one inode (the scan is the simulator's). */
int xfs_inode_free_cowblocks(struct xfs_inode *ip);

#endif
