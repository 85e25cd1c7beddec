/* SPDX-License-Identifier: GPL-2.0 */
/*
 * iomap.h: the iomap subset the XFS port plugs into (v5.9/v5.10 shape):
 * mappings, ioends, the writeback context and the writeback ops.
 * Addresses are device blocks, not bytes.
 */
#ifndef __CF_IOMAP_H__
#define __CF_IOMAP_H__

#include "xfs_linux.h"

struct xfs_inode;
struct xfs_mount;
struct page;

#define IOMAP_HOLE		0
#define IOMAP_DELALLOC		1
#define IOMAP_MAPPED		2
#define IOMAP_UNWRITTEN		3

#define IOMAP_F_NEW		(1u << 0)
#define IOMAP_F_DIRTY		(1u << 1)
#define IOMAP_F_SHARED		(1u << 2)
#define IOMAP_F_STALE		(1u << 3)	/* 6.2: the cookie went stale */

#define IOMAP_NULL_ADDR		((uint64_t)-1)

struct iomap_folio_ops;

struct iomap {
	uint64_t	addr;		/* device block of offset, or IOMAP_NULL_ADDR */
	loff_t		offset;		/* file offset of the mapping, bytes */
	uint64_t	length;		/* bytes */
	uint16_t	type;
	uint16_t	flags;
	/* 6.2 (d7b64041164c): the file system's sequence when it mapped,
	 * checked through folio_ops->iomap_valid under the page lock */
	uint64_t	validity_cookie;
	const struct iomap_folio_ops *folio_ops;
};

/* models struct iomap_folio_ops, include/linux/iomap.h @ v6.18 (iomap_valid only) */
struct iomap_folio_ops {
	bool (*iomap_valid)(struct xfs_inode *ip, const struct iomap *iomap);
};

#define IOMAP_MAX_IOENDS	128

struct iomap_ioend {
	bool		used;
	bool		queued;		/* on its inode's completion list */
	int16_t		next;		/* completion list link, -1 = end */
	uint8_t		ino;
	uint16_t	io_type;
	uint16_t	io_flags;	/* IOMAP_F_SHARED marks a CoW ioend */
	loff_t		io_offset;
	uint64_t	io_size;
	uint64_t	io_bno;		/* first device block */
	int		io_status;	/* bio status, 0 or -errno */
	int16_t		op;		/* the op that submitted it */
	struct xfs_inode *io_inode;
};

struct iomap_writepage_ctx;

struct iomap_writeback_ops {
	int (*map_blocks)(struct iomap_writepage_ctx *wpc, struct xfs_inode *ip,
			  loff_t offset);
	int (*prepare_ioend)(struct iomap_ioend *ioend, int status);
	void (*discard_page)(struct page *page, struct xfs_inode *ip, loff_t fileoff);
	/* 6.17 replaced map_blocks, prepare_ioend and discard_page with these
	 * two (the writeback_range profile switch calls them): map and add one
	 * dirty range of a page to the ioend, returning the bytes handled; and
	 * submit (or, with an error, end) the current ioend, wpc->ioend */
	ssize_t (*writeback_range)(struct iomap_writepage_ctx *wpc, struct xfs_inode *ip,
				   struct page *page, loff_t offset, unsigned int len,
				   loff_t end_pos);
	int (*writeback_submit)(struct iomap_writepage_ctx *wpc, int error);
};

struct iomap_writepage_ctx {
	struct iomap			iomap;
	struct iomap_ioend		*ioend;		/* 6.17: wb_ctx */
	const struct iomap_writeback_ops *ops;
	/* cowfuzz's own: 6.17 ended wb_ctx's bio on a failed submission and
	 * keeps it (cf_ioend_submitted_again) */
	bool				ioend_ended;
};

struct writeback_control {
	bool		sync_all;	/* WB_SYNC_ALL */
	loff_t		range_start;
	loff_t		range_end;	/* inclusive */
};

/* iomap_begin flags, as the kernel's: what the caller is mapping for */
#define IOMAP_WRITE		(1u << 0)
#define IOMAP_ZERO		(1u << 1)
#define IOMAP_DIRECT		(1u << 4)
#define IOMAP_UNSHARE		(1u << 8)

typedef int (*iomap_begin_fn)(struct xfs_inode *ip, loff_t offset, loff_t length,
			      unsigned int flags, struct iomap *iomap, struct iomap *srcmap);

/* buffered-write.c: write `tag` into [pos, pos+len) through the page cache */
loff_t iomap_file_buffered_write(struct xfs_inode *ip, loff_t pos, loff_t len,
				 uint16_t tag, iomap_begin_fn begin);

int iomap_zero_range(struct xfs_inode *ip, loff_t pos, loff_t len, bool *did_zero,
		     iomap_begin_fn begin);
int iomap_file_unshare(struct xfs_inode *ip, loff_t pos, loff_t len,
		       iomap_begin_fn begin);
int iomap_truncate_page(struct xfs_inode *ip, loff_t pos, bool *did_zero,
			iomap_begin_fn begin);

/* One per op: a dwrite has at most one direct I/O in flight, so the slots
 * never run out (a full table would be the harness's limit, not a bug). */
#define SIM_MAX_DIO	CF_MAX_OPS

/*
 * The pieces a direct write wrote, for dio_end_cow_claimed and
 * write_unwritten_skip_holes.  A dwrite covers at most CF_MAX_FILE_BLOCKS
 * blocks and a piece at least one, so this pool cannot run out and a claim
 * is never cut short.  It is not cleared per input: only the first
 * ndio_pieces entries are ever read, and each is written first.
 */
#define SIM_DIO_PIECES	(CF_MAX_OPS * CF_MAX_FILE_BLOCKS)
#define DIO_NO_PIECE	(-1)

struct dio_piece {
	uint64_t	off, len;	/* CoW: file blocks; unwritten: bytes */
	uint64_t	blk;		/* CoW: the device block at off */
	uint32_t	seq;		/* CoW: m_alloc_seq when written (see claims) */
	int32_t		next;		/* CoW: the older piece; unwritten: the later */
};

/* A direct write whose completion (xfs_dio_write_end_io) is pending. */
struct dio_work {
	bool		used;
	bool		queued;		/* waiting for the completion work */
	uint8_t		ino;
	struct xfs_inode *ip;
	int16_t		op;		/* the dwrite op, for the model's ack */
	xfs_off_t	offset;
	xfs_off_t	size;
	unsigned int	flags;		/* IOMAP_DIO_COW | IOMAP_DIO_UNWRITTEN */
	bool		atomic;		/* the iocb's IOCB_ATOMIC (RWF_ATOMIC) */
	int32_t		cow_last;	/* newest CoW piece (a list to the oldest) */
	int32_t		uw_first, uw_last;	/* unwritten pieces, in order */
	int		error;
};

/* direct-io.c */
int iomap_dio_complete(struct dio_work *dio);
struct dio_piece *dio_piece(struct xfs_mount *mp, int32_t i);	/* NULL for DIO_NO_PIECE */
#define IOMAP_DIO_UNWRITTEN	(1u << 0)
#define IOMAP_DIO_COW		(1u << 1)
loff_t iomap_dio_rw(struct xfs_inode *ip, loff_t pos, loff_t len, uint16_t tag,
		    iomap_begin_fn begin, bool async, bool atomic, int opidx);

/* buffered-io.c */
int iomap_writepages(struct xfs_inode *ip, struct writeback_control *wbc,
		     struct iomap_writepage_ctx *wpc,
		     const struct iomap_writeback_ops *ops);
void iomap_finish_ioends(struct iomap_ioend *ioend, int error);
void iomap_ioend_free(struct iomap_ioend *ioend);
bool iomap_ioend_can_merge(struct iomap_ioend *ioend, struct iomap_ioend *next);

#endif
