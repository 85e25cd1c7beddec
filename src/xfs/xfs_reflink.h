/* SPDX-License-Identifier: GPL-2.0 */
/* xfs_reflink.h: CoW fork allocation, conversion, remap and cancel; clone. */
#ifndef __XFS_REFLINK_H__
#define __XFS_REFLINK_H__

#include "xfs_inode.h"

int xfs_reflink_trim_around_shared(struct xfs_inode *ip, struct xfs_bmbt_irec *irec,
				   bool *shared);
int xfs_bmap_trim_cow(struct xfs_inode *ip, struct xfs_bmbt_irec *imap, bool *shared);
int xfs_reflink_allocate_cow(struct xfs_inode *ip, struct xfs_bmbt_irec *imap,
			     struct xfs_bmbt_irec *cmap, bool *shared,
			     unsigned int *lockmode, bool convert_now);
int xfs_reflink_convert_cow(struct xfs_inode *ip, xfs_off_t offset, xfs_off_t count);
int xfs_reflink_convert_cow_locked(struct xfs_inode *ip, xfs_fileoff_t offset_fsb,
				   xfs_filblks_t count_fsb, xfs_fsblock_t claim_blk);
/* the CoW block runs a direct write wrote, in file order (claims) */
struct cf_cow_claims {
	int		n;
	uint64_t	off[CF_MAX_FILE_BLOCKS], len[CF_MAX_FILE_BLOCKS];
	uint64_t	blk[CF_MAX_FILE_BLOCKS];
	uint32_t	seq[CF_MAX_FILE_BLOCKS];
};
int xfs_reflink_end_atomic_cow(struct xfs_inode *ip, xfs_off_t offset, xfs_off_t count,
			       const struct cf_cow_claims *claims);
int xfs_reflink_convert_cow_claimed(struct xfs_inode *ip, xfs_off_t offset, xfs_off_t count,
				    xfs_fsblock_t blk);
int xfs_reflink_end_cow(struct xfs_inode *ip, xfs_off_t offset, xfs_off_t count);
/* a claim's seq: blocks allocated after it are not the claimant's */
#define XFS_CLAIM_ANY_SEQ	UINT32_MAX
int xfs_reflink_end_cow_extent(struct xfs_inode *ip, xfs_fileoff_t offset_fsb,
			       xfs_fileoff_t *end_fsb, xfs_fsblock_t claim_blk, uint32_t seq);
int xfs_reflink_cancel_cow_blocks(struct xfs_inode *ip, xfs_fileoff_t offset_fsb,
				  xfs_fileoff_t end_fsb, bool cancel_real);
int xfs_reflink_cancel_cow_range(struct xfs_inode *ip, xfs_off_t offset,
				 xfs_off_t count, bool cancel_real);
int xfs_reflink_unshare(struct xfs_inode *ip, xfs_off_t offset, xfs_off_t len);
int xfs_reflink_remap_prep(struct xfs_inode *src, xfs_off_t pos_in,
			   struct xfs_inode *dest, xfs_off_t pos_out, xfs_off_t *len);
int xfs_reflink_remap_blocks(struct xfs_inode *src, xfs_fileoff_t srcoff,
			     struct xfs_inode *dest, xfs_fileoff_t destoff,
			     xfs_filblks_t len);
void xfs_reflink_update_dest(struct xfs_inode *dest, xfs_off_t newlen);

/* the project's own CoW functions (claims, the failed-ioend unconvert) */
#include "own/cf_reflink.h"

#endif
