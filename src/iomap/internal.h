/* SPDX-License-Identifier: GPL-2.0 */
/*
 * internal.h: what the iomap files share and nothing else sees (the
 * kernel's fs/iomap/internal.h).  Here: the ioend pool, the merge check
 * and the bio submission of buffered-io.c that the 6.17 ioend.c goes
 * through.
 */
#ifndef __CF_IOMAP_INTERNAL_H__
#define __CF_IOMAP_INTERNAL_H__

#include "iomap/iomap.h"

struct iomap_ioend *iomap_alloc_ioend(struct xfs_inode *ip,
		struct iomap_writepage_ctx *wpc, loff_t offset, uint64_t bno);
bool iomap_can_add_to_ioend(struct iomap_writepage_ctx *wpc, loff_t offset, uint64_t bno);
int cf_ioend_submit_bio(struct iomap_ioend *ioend, int error);
int cf_ioend_submitted_again(struct iomap_writepage_ctx *wpc);

#endif
