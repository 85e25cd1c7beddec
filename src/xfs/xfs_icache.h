/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __XFS_ICACHE_H__
#define __XFS_ICACHE_H__

/* Background cowblocks reclaim over one inode (1..3) or all (0). */
int xfs_icache_free_cowblocks(int ino);

#endif
