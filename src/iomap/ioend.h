/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ioend.h: the 6.17 ioend helpers a file system's ->writeback_range and
 * ->writeback_submit call (include/linux/iomap.h declares them in the
 * kernel).  buffered-io.c does not include it: its v5.9 static
 * iomap_add_to_ioend is the same function before it moved to ioend.c.
 */
#ifndef __CF_IOMAP_IOEND_H__
#define __CF_IOMAP_IOEND_H__

#include "iomap/iomap.h"

ssize_t iomap_add_to_ioend(struct iomap_writepage_ctx *wpc, struct xfs_inode *ip,
			   struct page *page, loff_t pos, loff_t end_pos,
			   unsigned int dirty_len);
int iomap_ioend_writeback_submit(struct iomap_writepage_ctx *wpc, int error);

#endif
