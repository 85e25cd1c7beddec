/* SPDX-License-Identifier: GPL-2.0 */
/* xfs_iomap.h: the iomap_begin methods of the port and unwritten conversion. */
#ifndef __XFS_IOMAP_H__
#define __XFS_IOMAP_H__

#include "xfs_inode.h"
#include "iomap/iomap.h"

void xfs_bmbt_to_iomap(struct xfs_inode *ip, struct iomap *iomap,
		       struct xfs_bmbt_irec *imap, uint16_t flags);
xfs_filblks_t xfs_aligned_fsb_count(xfs_fileoff_t offset_fsb,
				    xfs_filblks_t count_fsb, xfs_extlen_t extsz);
int xfs_buffered_write_iomap_begin(struct xfs_inode *ip, loff_t offset, loff_t count,
				   unsigned int flags, struct iomap *iomap, struct iomap *srcmap);
int xfs_direct_write_iomap_begin(struct xfs_inode *ip, loff_t offset, loff_t length,
				 unsigned int flags, struct iomap *iomap, struct iomap *srcmap);
int xfs_atomic_write_cow_iomap_begin(struct xfs_inode *ip, loff_t offset, loff_t length,
				     unsigned int flags, struct iomap *iomap, struct iomap *srcmap);
int xfs_iomap_write_unwritten(struct xfs_inode *ip, xfs_off_t offset,
			      xfs_off_t count, bool update_isize);

#endif
