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
struct page;

#define IOMAP_HOLE		0
#define IOMAP_DELALLOC		1
#define IOMAP_MAPPED		2
#define IOMAP_UNWRITTEN		3

#define IOMAP_F_NEW		(1u << 0)
#define IOMAP_F_DIRTY		(1u << 1)
#define IOMAP_F_SHARED		(1u << 2)

#define IOMAP_NULL_ADDR		((uint64_t)-1)

struct iomap {
	uint64_t	addr;		/* device block of offset, or IOMAP_NULL_ADDR */
	loff_t		offset;		/* file offset of the mapping, bytes */
	uint64_t	length;		/* bytes */
	uint16_t	type;
	uint16_t	flags;
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
};

struct iomap_writepage_ctx;

struct iomap_writeback_ops {
	int (*map_blocks)(struct iomap_writepage_ctx *wpc, struct xfs_inode *ip,
			  loff_t offset);
	int (*prepare_ioend)(struct iomap_ioend *ioend, int status);
	void (*discard_page)(struct page *page, struct xfs_inode *ip, loff_t fileoff);
};

struct iomap_writepage_ctx {
	struct iomap			iomap;
	struct iomap_ioend		*ioend;
	const struct iomap_writeback_ops *ops;
};

struct writeback_control {
	bool		sync_all;	/* WB_SYNC_ALL */
	loff_t		range_start;
	loff_t		range_end;	/* inclusive */
};

typedef int (*iomap_begin_fn)(struct xfs_inode *ip, loff_t offset, loff_t length,
			      struct iomap *iomap, struct iomap *srcmap);

/* buffered-write.c: write `tag` into [pos, pos+len) through the page cache */
loff_t iomap_file_buffered_write(struct xfs_inode *ip, loff_t pos, loff_t len,
				 uint16_t tag, iomap_begin_fn begin);

int iomap_zero_range(struct xfs_inode *ip, loff_t pos, loff_t len,
		     iomap_begin_fn begin);

/* direct-io.c */
#define IOMAP_DIO_UNWRITTEN	(1u << 0)
#define IOMAP_DIO_COW		(1u << 1)
loff_t iomap_dio_rw(struct xfs_inode *ip, loff_t pos, loff_t len, uint16_t tag,
		    iomap_begin_fn begin, bool async, int opidx);

/* buffered-io.c */
int iomap_writepages(struct xfs_inode *ip, struct writeback_control *wbc,
		     struct iomap_writepage_ctx *wpc,
		     const struct iomap_writeback_ops *ops);
void iomap_finish_ioends(struct iomap_ioend *ioend, int error);
struct iomap_ioend *iomap_ioend_get(int idx);
void iomap_ioend_free(struct iomap_ioend *ioend);

#endif
