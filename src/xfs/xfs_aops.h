/* SPDX-License-Identifier: GPL-2.0 */
/* xfs_aops.h: writeback entry points of the port. */
#ifndef __XFS_AOPS_H__
#define __XFS_AOPS_H__

#include "xfs_inode.h"
#include "iomap/iomap.h"

/* The XFS writeback context: the iomap one plus the fork sequence samples. */
struct xfs_writepage_ctx {
	struct iomap_writepage_ctx	ctx;
	unsigned int			data_seq;
	unsigned int			cow_seq;
};

int xfs_vm_writepages(struct xfs_inode *ip, struct writeback_control *wbc);
void xfs_end_io(struct xfs_inode *ip);

#endif
