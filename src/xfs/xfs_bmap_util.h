/* SPDX-License-Identifier: GPL-2.0 */
/* xfs_bmap_util.h: punch, free file space, truncate. */
#ifndef __XFS_BMAP_UTIL_H__
#define __XFS_BMAP_UTIL_H__

#include "xfs_inode.h"
#include "fs/fs.h"	/* inode_dio_wait, for its callers */

int xfs_bmap_punch_delalloc_range(struct xfs_inode *ip, xfs_fileoff_t start_fsb,
				  xfs_fileoff_t length);
int xfs_free_file_space(struct xfs_inode *ip, xfs_off_t offset, xfs_off_t len);
int xfs_setattr_size(struct xfs_inode *ip, xfs_off_t newsize);
int xfs_alloc_file_space(struct xfs_inode *ip, xfs_off_t offset, xfs_off_t len);

#endif
