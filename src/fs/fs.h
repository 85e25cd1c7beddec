/* SPDX-License-Identifier: GPL-2.0 */
/* fs.h: what include/linux/fs.h declares for fs/inode.c (src/fs/inode.c). */
#ifndef CF_FS_FS_H
#define CF_FS_FS_H

struct xfs_inode;

void inode_dio_wait(struct xfs_inode *ip);

#endif
