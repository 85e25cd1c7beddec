// SPDX-License-Identifier: GPL-2.0
/*
 * The direct write path (fs/iomap/direct-io.c, v5.9): flush and invalidate
 * the page cache range, map and write each piece, then complete either in
 * the caller (sync) or later in the completion work (async AIO, with the
 * IOLOCK already dropped: the window of kernel-facts §3.6).  inode_dio_end,
 * an inline of include/linux/fs.h, sits here with its only caller.
 */
#include "xfs_inode.h"
#include "iomap/iomap.h"

int xfs_dio_write_end_io(struct xfs_inode *ip, loff_t offset, loff_t size,
			 int error, unsigned int flags, const struct dio_work *dio);

/* models inode_dio_end, include/linux/fs.h @ v5.10 (fs/inode.c since 6.x) */
static void inode_dio_end(struct xfs_inode *ip)
{
	ASSERT(ip->i_dio_count > 0);
	if (--ip->i_dio_count == 0)
		wake_up_all(&ip->i_dio_wq);
}

/* models iomap_dio_complete, fs/iomap/direct-io.c @ v5.9 */
int iomap_dio_complete(struct dio_work *dio)
{
	struct xfs_inode *ip = dio->ip;
	int ret;

	ret = xfs_dio_write_end_io(ip, dio->offset, dio->size, dio->error, dio->flags, dio);
	/* clean pages cached meanwhile go; failing to drop dirty ones is fine */
	if (!dio->error)
		invalidate_inode_pages2_range(ip, dio->offset / CF_PAGE_SIZE,
					      (dio->offset + dio->size - 1) / CF_PAGE_SIZE);
	inode_dio_end(ip);
	return ret;
}

/* cowfuzz's own: the bio of one mapped piece (named after the kernel's
 * iomap_dio_bio_actor, which builds it); the data reaches the blocks. */
static int iomap_dio_bio_actor(struct xfs_inode *ip, struct iomap *iomap, loff_t pos,
			       loff_t length, uint16_t tag)
{
	struct xfs_mount *mp = ip->i_mount;
	uint32_t bs = mp->m_sb_blocksize;

	if (iomap->type == IOMAP_HOLE || iomap->type == IOMAP_DELALLOC ||
	    iomap->addr == IOMAP_NULL_ADDR) {
		cf_invariant("iomap_dio_bio_actor", "direct write got a hole or delalloc mapping");
		return -EIO;
	}
	if (cf_should_fail(CF_FAULT_EIO))
		return -EIO;
	for (loff_t off = pos; off < pos + length; off += bs) {
		uint64_t bno = iomap->addr + (off - iomap->offset) / bs;

		ASSERT(bno < mp->m_sb_dblocks);
		if (bno < mp->m_sb_dblocks)
			mp->m_disk[bno] = tag;
	}
	trace_iomap_dio_bio(ip, pos, length, iomap);
	return 0;
}

/* cowfuzz's own: a piece of the mount's pool by index */
struct dio_piece *dio_piece(struct xfs_mount *mp, int32_t i)
{
	return i == DIO_NO_PIECE ? NULL : &mp->m_dio_pieces[i];
}

/* cowfuzz's own: a cleared piece from the pool, by index (the lists link
 * indices) */
static int32_t dio_piece_new(struct xfs_mount *mp)
{
	struct dio_piece *p;

	if (*mp->m_ndio_pieces >= SIM_DIO_PIECES) {
		cf_invariant("iomap_dio_rw", "direct-write piece pool exhausted");
		return DIO_NO_PIECE;
	}
	p = &mp->m_dio_pieces[*mp->m_ndio_pieces];
	memset(p, 0, sizeof(*p));
	p->next = DIO_NO_PIECE;
	return (int32_t)(*mp->m_ndio_pieces)++;
}

/* cowfuzz's own: a free direct I/O request of the mount's pool */
static struct dio_work *dio_alloc(struct xfs_mount *mp)
{
	struct dio_work *dios = mp->m_dios;

	for (int i = 0; i < SIM_MAX_DIO; i++) {
		if (!dios[i].used) {
			memset(&dios[i], 0, sizeof(dios[i]));
			dios[i].used = true;
			dios[i].cow_last = DIO_NO_PIECE;
			dios[i].uw_first = dios[i].uw_last = DIO_NO_PIECE;
			mp->m_dio_order[i] = ++*mp->m_dio_seq;
			return &dios[i];
		}
	}
	cf_liveness("out of direct I/O slots (too many in flight)");
	return NULL;
}

/* models iomap_dio_rw, fs/iomap/direct-io.c @ v5.9 (writes only) */
loff_t iomap_dio_rw(struct xfs_inode *ip, loff_t pos, loff_t len, uint16_t tag,
		    iomap_begin_fn begin, bool async, bool atomic, int opidx)
{
	loff_t end = pos + len - 1;
	struct dio_work *dio;
	int ret, guard = 0;

	if (xfs_profile(ip->i_mount)->dio_invalidate_fallback) {
		/* 6.6 __iomap_dio_rw: the caller falls back to buffered I/O,
		 * an atomic write cannot and is told to try again */
		ret = kiocb_invalidate_pages(ip, pos, len);
		if (ret) {
			trace_iomap_dio_invalidate_fail(ip, opidx, pos, len, ret);
			return atomic ? -EAGAIN : -ENOTBLK;
		}
	} else {
		ret = filemap_write_and_wait_range(ip, pos, end);
		if (ret)
			return ret;
		/* a dirty page left here stays stale: the kernel warns and
		 * goes on */
		invalidate_inode_pages2_range(ip, pos / CF_PAGE_SIZE, end / CF_PAGE_SIZE);
	}

	dio = dio_alloc(ip->i_mount);
	if (!dio)
		return -EIO;
	dio->ino = (uint8_t)ip->i_ino;
	dio->ip = ip;
	dio->op = (int16_t)opidx;
	dio->offset = pos;
	dio->atomic = atomic;
	ip->i_dio_count++;

	while (len > 0) {
		struct iomap iomap, srcmap;
		loff_t length;

		memset(&iomap, 0, sizeof(iomap));
		memset(&srcmap, 0, sizeof(srcmap));
		ret = begin(ip, pos, len, IOMAP_WRITE | IOMAP_DIRECT, &iomap, &srcmap);
		if (ret)
			break;
		length = min_t(loff_t, len, iomap.offset + (loff_t)iomap.length - pos);
		if (length <= 0 || ++guard > CF_MAX_FILE_BLOCKS) {
			cf_invariant("iomap_dio_rw", "direct write mapping makes no progress");
			ret = -EIO;
			break;
		}
		if (iomap.flags & IOMAP_F_SHARED)
			dio->flags |= IOMAP_DIO_COW;
		if (iomap.type == IOMAP_UNWRITTEN)
			dio->flags |= IOMAP_DIO_UNWRITTEN;
		ret = iomap_dio_bio_actor(ip, &iomap, pos, length, tag);
		if (ret)
			break;
		/* the unwritten pieces and CoW block runs this write wrote, for
		 * its completion (dio_end_cow_claimed, write_unwritten_skip_holes) */
		if (iomap.type == IOMAP_UNWRITTEN) {
			struct dio_piece *l = dio_piece(ip->i_mount, dio->uw_last);
			int32_t i;

			if (l && l->off + l->len == (uint64_t)pos) {
				l->len += length;	/* extends the last piece */
			} else if ((i = dio_piece_new(ip->i_mount)) != DIO_NO_PIECE) {
				ip->i_mount->m_dio_pieces[i].off = pos;
				ip->i_mount->m_dio_pieces[i].len = length;
				if (l)
					l->next = i;
				else
					dio->uw_first = i;
				dio->uw_last = i;
			}
		}
		if (iomap.flags & IOMAP_F_SHARED) {
			uint32_t bs = ip->i_mount->m_sb_blocksize;
			uint64_t off = (uint64_t)pos / bs, len = (uint64_t)length / bs;
			uint64_t blk = iomap.addr + (uint64_t)(pos - iomap.offset) / bs;
			struct dio_piece *l = dio_piece(ip->i_mount, dio->cow_last);
			int32_t i;

			if (l && l->off + l->len == off && l->blk + l->len == blk) {
				l->len += len;		/* one block run: extends the last piece */
				l->seq = ip->i_mount->m_alloc_seq;
			} else if ((i = dio_piece_new(ip->i_mount)) != DIO_NO_PIECE) {
				l = &ip->i_mount->m_dio_pieces[i];
				l->off = off;
				l->len = len;
				l->blk = blk;
				l->seq = ip->i_mount->m_alloc_seq;
				l->next = dio->cow_last;
				dio->cow_last = i;
			}
		}
		dio->size += length;
		pos += length;
		len -= length;
	}
	/* an error after some progress is a short write; an atomic write
	 * has no short form: any error is the whole write's (the kernel's
	 * iomap_dio_set_error), so its completion remaps nothing */
	dio->error = dio->size && !atomic ? 0 : ret;
	cf_window(YP_DIO_SUBMITTED);
	if (async && dio->size) {
		/* -EIOCBQUEUED: completion runs later in the dio work */
		dio->queued = true;
		trace_iomap_dio_queued(ip, opidx, dio->offset, dio->size);
		return dio->size;
	}
	ret = iomap_dio_complete(dio);
	dio->used = false;
	return ret ? ret : dio->size;
}
