/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pagemap.h: the page cache model (mm/filemap.c and linux/pagemap.h subset).
 * A page holds 1, 2 or 4 blocks; each block has its own uptodate and dirty
 * bit and content tag (iomap's per-block state), the page has the PG_ flags.
 * The page lock is a simulator lock: holders block others and are recorded.
 *
 * Large folios (profile switch large_folios): a folio is a naturally
 * aligned run of 1 << order pages whose first page, the head, carries the
 * folio's lock, PG_ flags, page cache tags, generation and pending
 * writeback count; every page keeps its own blocks' bits and tags (the
 * folio's iomap_folio_state, split by page).  Without the switch every
 * page is a folio of order 0, its own head.
 */
#ifndef __CF_PAGEMAP_H__
#define __CF_PAGEMAP_H__

#include "xfs_linux.h"

#define CF_MAX_BLOCKS_PER_PAGE	4
#define CF_MAX_PAGES		CF_MAX_FILE_BLOCKS
/* The largest folio: 4 pages, 16 KiB (the kernel's limit is the PMD size).
 * Enough for a folio to span pages that other tasks write, truncate or
 * write back separately, which is where large folios change the races;
 * a small file of the port (at most 256 blocks) holds several of them. */
#define CF_MAX_FOLIO_ORDER	2

struct page {
	bool		present;	/* in the page cache */
	bool		uptodate;	/* PG_uptodate */
	bool		dirty;		/* PG_dirty */
	bool		tag_dirty;	/* PAGECACHE_TAG_DIRTY: cleared only by
					 * set_page_writeback or removal, so it
					 * outlives PG_dirty while writeback maps */
	bool		tag_towrite;	/* PAGECACHE_TAG_TOWRITE (sync writeback) */
	bool		writeback;	/* PG_writeback */
	bool		error;		/* PG_error */
	uint8_t		blk_uptodate;	/* per-block bits (iomap_page) */
	uint8_t		blk_dirty;	/* per-block bits (iomap 6.6+; kept for the oracle) */
	uint8_t		wb_pending;	/* blocks in ioends not yet completed */
	uint32_t	gen;		/* which struct page: new on every add */
	uint8_t		order;		/* on a head: the folio's order */
	uint8_t		head_off;	/* pages back to the folio's head (0: a head) */
	struct sim_lock	lock;		/* PG_locked */
	uint16_t	tag[CF_MAX_BLOCKS_PER_PAGE];
	uint16_t	wb_tag[CF_MAX_BLOCKS_PER_PAGE];	/* tags at writeback start */
};

/* AS_EIO / AS_ENOSPC plus an errseq-style counter for fsync reporting. */
#define AS_EIO		(1u << 0)
#define AS_ENOSPC	(1u << 1)

struct address_space {
	struct page	pages[CF_MAX_PAGES];
	unsigned int	flags;		/* AS_EIO, AS_ENOSPC */
	int		wb_err;		/* last error recorded (negative errno) */
	unsigned int	wb_err_seq;	/* bumped by each mapping_set_error */
	struct sim_waitq writeback_wq;	/* waiters for PG_writeback to clear */
	uint16_t	hwm;		/* no page at or above this index was ever present */
};

struct xfs_inode;

/* mm/filemap.c and mm/page-writeback.c subset (mm/filemap.c) */
struct page *find_get_page(struct xfs_inode *ip, unsigned long index);
struct page *grab_cache_page(struct xfs_inode *ip, unsigned long index);
unsigned long page_index(struct xfs_inode *ip, struct page *page);
unsigned long pagecache_end(struct xfs_inode *ip);	/* page scans stop here */
loff_t page_offset(struct xfs_inode *ip, struct page *page);
struct page *page_folio(struct page *page);
unsigned long folio_nr_pages(struct page *folio);
loff_t folio_size(struct page *folio);
loff_t folio_pos(struct xfs_inode *ip, struct page *folio);
unsigned int fgf_set_order(loff_t size);
struct page *__filemap_get_folio(struct xfs_inode *ip, unsigned long index,
				 unsigned int order);
void folio_lock(struct page *folio);
void folio_unlock(struct page *folio);
void lock_page(struct page *page);
void unlock_page(struct page *page);
void set_page_dirty(struct page *page);
bool clear_page_dirty_for_io(struct page *page);
void set_page_writeback(struct page *page);
void end_page_writeback(struct xfs_inode *ip, struct page *page);
void wait_on_page_writeback(struct xfs_inode *ip, struct page *page);
void mapping_set_error(struct xfs_inode *ip, int error);
int filemap_check_errors(struct xfs_inode *ip);
int filemap_fdatawait_range(struct xfs_inode *ip, loff_t start, loff_t end);
int filemap_write_and_wait_range(struct xfs_inode *ip, loff_t start, loff_t end);
void truncate_pagecache_range(struct xfs_inode *ip, loff_t lstart, loff_t lend);
int invalidate_inode_pages2_range(struct xfs_inode *ip, unsigned long start,
				  unsigned long end);
int kiocb_invalidate_pages(struct xfs_inode *ip, loff_t pos, loff_t count);
void drop_pagecache_inode(struct xfs_inode *ip);
void iomap_invalidatepage(struct xfs_inode *ip, struct page *page,
			  unsigned int offset, unsigned int len);

#endif
