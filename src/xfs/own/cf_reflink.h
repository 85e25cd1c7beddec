/* SPDX-License-Identifier: GPL-2.0 */
/* cf_reflink.h: cowfuzz's own CoW functions (own/cf_reflink.c). */
#ifndef CF_XFS_OWN_REFLINK_H
#define CF_XFS_OWN_REFLINK_H

#include "xfs_inode.h"

bool cf_cow_claim_holds(const struct xfs_bmbt_irec *irec, xfs_fileoff_t offset_fsb,
			xfs_fsblock_t claim_blk);
xfs_filblks_t cf_cow_claim_run(const struct xfs_mount *mp, const struct xfs_bmbt_irec *irec,
			       uint32_t seq, bool tail);
int cf_reflink_unconvert_cow(struct xfs_inode *ip, xfs_off_t offset, xfs_off_t count,
			     xfs_fsblock_t claim_blk);
int cf_reflink_end_cow_claimed(struct xfs_inode *ip, xfs_fileoff_t offset_fsb,
			       xfs_filblks_t count_fsb, xfs_fsblock_t blk, uint32_t seq);

#endif
