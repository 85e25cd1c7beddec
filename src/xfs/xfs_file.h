/* SPDX-License-Identifier: GPL-2.0 */
/* xfs_file.h: the system calls of the port, called by the scenario executor. */
#ifndef __XFS_FILE_H__
#define __XFS_FILE_H__

#include "xfs_inode.h"
#include "iomap/iomap.h"

loff_t xfs_file_buffered_aio_write(struct xfs_inode *ip, loff_t pos, loff_t len, uint16_t tag);
loff_t xfs_file_dio_aio_write(struct xfs_inode *ip, loff_t pos, loff_t len,
			      uint16_t tag, bool async, bool atomic, int opidx);
unsigned int xfs_get_atomic_write_min(struct xfs_inode *ip);
unsigned int xfs_get_atomic_write_max(struct xfs_inode *ip);
int xfs_file_fsync(struct xfs_inode *ip, loff_t start, loff_t end);
int xfs_sync_file_range(struct xfs_inode *ip, loff_t off, loff_t len);
int xfs_file_truncate(struct xfs_inode *ip, loff_t size);
int xfs_file_punch(struct xfs_inode *ip, loff_t off, loff_t len);
int xfs_file_unshare(struct xfs_inode *ip, loff_t offset, loff_t len);
int xfs_file_remap_range(struct xfs_inode *src, xfs_off_t pos_in,
			 struct xfs_inode *dest, xfs_off_t pos_out, xfs_off_t len);
int xfs_dio_write_end_io(struct xfs_inode *ip, loff_t offset, loff_t size,
			 int error, unsigned int flags, const struct dio_work *dio);

#endif
