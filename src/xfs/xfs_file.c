// SPDX-License-Identifier: GPL-2.0
/*
 * The system-call layer of the model (fs/xfs/xfs_file.c, xfs_iops.c and the
 * VFS around them): each scenario operation enters the port here, takes the
 * locks the kernel takes, and calls the kernel-shaped paths.  The scenario
 * executor that calls these is the simulator's (sim/exec.c).
 */
#include "xfs_aops.h"
#include "xfs_iomap.h"
#include "xfs_reflink.h"
#include "xfs_bmap_util.h"
#include "xfs_icache.h"
#include "xfs_file.h"

/* models xfs_file_aio_write_checks, fs/xfs/xfs_file.c @ v5.10: a write
 * past EOF first zeroes what lies between EOF and it (xfs_zero_eof) */
static int xfs_file_aio_write_checks(struct xfs_inode *ip, loff_t pos)
{
	if (pos <= ip->i_size)
		return 0;
	/* AIO completions move EOF: drain them, then look at EOF again */
	inode_dio_wait(ip);
	if (pos <= ip->i_size)
		return 0;
	return iomap_zero_range(ip, ip->i_size, pos - ip->i_size, NULL,
				xfs_buffered_write_iomap_begin);
}

/* models xfs_file_buffered_aio_write, fs/xfs/xfs_file.c @ v5.10 */
loff_t xfs_file_buffered_aio_write(struct xfs_inode *ip, loff_t pos, loff_t len,
				   uint16_t tag)
{
	loff_t ret;

	xfs_ilock(ip, XFS_IOLOCK_EXCL);
	ret = xfs_file_aio_write_checks(ip, pos);
	if (!ret)
		ret = iomap_file_buffered_write(ip, pos, len, tag,
						xfs_buffered_write_iomap_begin);
	xfs_iunlock(ip, XFS_IOLOCK_EXCL);
	return ret;
}

/* models xfs_dio_write_end_io, fs/xfs/xfs_file.c @ v5.10 (the atomic
 * write's one-transaction remap of v6.18) */
int xfs_dio_write_end_io(struct xfs_inode *ip, loff_t offset, loff_t size,
			 int error, unsigned int flags, const struct dio_work *dio)
{
	if (XFS_FORCED_SHUTDOWN(ip->i_mount))
		return -EIO;
	/* no cancel of converted CoW blocks on error in 5.10 */
	if (error)
		return error;
	if (!size)
		return 0;
	trace_xfs_end_io_direct_write(ip, offset, size, flags);
	/* dio_end_cow_claimed: remap only the CoW blocks this write wrote
	 * (the iocb's private data would carry them), not whatever another
	 * I/O has in flight in the CoW fork over its range */
	bool claimed = xfs_profile(ip->i_mount)->dio_end_cow_claimed && dio;

	if ((flags & IOMAP_DIO_COW) && dio && dio->atomic) {
		/* one set per dio, as its iocb would carry them: this
		 * completion sleeps in its transaction allocation while other
		 * completions run (and it is too big for the stack) */
		static struct cf_cow_claims dio_claims[SIM_MAX_DIO];
		struct cf_cow_claims *claims = &dio_claims[dio - ip->i_mount->m_dios];

		/* the runs come newest first: the transaction takes them in
		 * file order */
		claims->n = 0;
		for (const struct dio_piece *c = claimed ? dio_piece(ip->i_mount, dio->cow_last) : NULL;
		     c && claims->n < CF_MAX_FILE_BLOCKS; c = dio_piece(ip->i_mount, c->next)) {
			int k = claims->n++;

			while (k > 0 && claims->off[k - 1] > c->off) {
				claims->off[k] = claims->off[k - 1];
				claims->len[k] = claims->len[k - 1];
				claims->blk[k] = claims->blk[k - 1];
				claims->seq[k] = claims->seq[k - 1];
				k--;
			}
			claims->off[k] = c->off;
			claims->len[k] = c->len;
			claims->blk[k] = c->blk;
			claims->seq[k] = c->seq;
		}
		error = xfs_reflink_end_atomic_cow(ip, offset, size, claimed ? claims : NULL);
		if (error)
			return error;
	} else if ((flags & IOMAP_DIO_COW) && claimed) {
		for (const struct dio_piece *c = dio_piece(ip->i_mount, dio->cow_last); c && !error;
		     c = dio_piece(ip->i_mount, c->next))
			error = cf_reflink_end_cow_claimed(ip, c->off, c->len, c->blk,
							    c->seq);
		if (error)
			return error;
	} else if (flags & IOMAP_DIO_COW) {
		error = xfs_reflink_end_cow(ip, offset, size);
		if (error)
			return error;
	}
	/* write_unwritten_skip_holes: convert only the pieces it wrote as
	 * unwritten, not the data-fork extent (or hole) under a CoW piece */
	if ((flags & IOMAP_DIO_UNWRITTEN) && dio &&
	    xfs_profile(ip->i_mount)->write_unwritten_skip_holes) {
		for (const struct dio_piece *u = dio_piece(ip->i_mount, dio->uw_first); u && !error;
		     u = dio_piece(ip->i_mount, u->next))
			error = xfs_iomap_write_unwritten(ip, u->off, u->len, true);
		if (error)
			return error;
	} else if (flags & IOMAP_DIO_UNWRITTEN) {
		return xfs_iomap_write_unwritten(ip, offset, size, true);
	}
	if (offset + size > ip->i_size) {
		ip->i_size = offset + size;
		ip->i_disk_size = ip->i_size;
	}
	return 0;
}

/* models xfs_get_atomic_write_min, fs/xfs/xfs_iops.c @ v6.18: one block
 * when out-of-place (CoW) atomic writes exist; a loop device has no
 * hardware unit (bt_awu_max is 0), so nothing without them */
unsigned int xfs_get_atomic_write_min(struct xfs_inode *ip)
{
	if (!xfs_profile(ip->i_mount)->atomic_write_cow)
		return 0;
	return ip->i_mount->m_sb_blocksize;
}

/* models xfs_get_atomic_write_max, fs/xfs/xfs_iops.c @ v6.18 */
unsigned int xfs_get_atomic_write_max(struct xfs_inode *ip)
{
	struct xfs_mount *mp = ip->i_mount;

	if (!xfs_profile(mp)->atomic_write_cow)
		return 0;
	return XFS_FSB_TO_B(mp, xfs_calc_atomic_write_unit_max(mp));
}

/*
 * models xfs_file_dio_write_atomic, fs/xfs/xfs_file.c @ v6.18.  The
 * hardware path (REQ_ATOMIC through xfs_direct_write_iomap_begin, with
 * the -ENOPROTOOPT fallback) needs a device atomic unit; a loop device
 * has none (bt_awu_max 0), so every write takes the CoW path.
 */
static loff_t xfs_file_dio_write_atomic(struct xfs_inode *ip, loff_t pos, loff_t len,
					uint16_t tag, bool async, int opidx)
{
	const xfs_off_t bt_awu_max = 0;
	iomap_begin_fn dops;
	loff_t ret;

	if (len > bt_awu_max)
		dops = xfs_atomic_write_cow_iomap_begin;
	else
		dops = xfs_direct_write_iomap_begin;

	/* a write past EOF zeroes the gap under the exclusive IOLOCK first */
	if (pos > ip->i_size) {
		xfs_ilock(ip, XFS_IOLOCK_EXCL);
		ret = xfs_file_aio_write_checks(ip, pos);
		xfs_iunlock(ip, XFS_IOLOCK_EXCL);
		if (ret)
			return ret;
	}
	xfs_ilock(ip, XFS_IOLOCK_SHARED);
	ret = iomap_dio_rw(ip, pos, len, tag, dops, async, true, opidx);
	xfs_iunlock(ip, XFS_IOLOCK_SHARED);
	return ret;
}

/* models xfs_file_dio_aio_write, fs/xfs/xfs_file.c @ v5.10 (aligned); the
 * RWF_ATOMIC checks of kiocb_set_rw_flags and xfs_file_write_iter @ v6.18,
 * with generic_atomic_write_valid's (one iovec, so the iter is a ubuf) */
loff_t xfs_file_dio_aio_write(struct xfs_inode *ip, loff_t pos, loff_t len,
			      uint16_t tag, bool async, bool atomic, int opidx)
{
	loff_t ret;

	if (atomic) {
		/* no FMODE_CAN_ATOMIC_WRITE (or, before 6.11, an unknown flag) */
		if (!xfs_get_atomic_write_min(ip))
			return -EOPNOTSUPP;
		if (len < xfs_get_atomic_write_min(ip) || len > xfs_get_atomic_write_max(ip))
			return -EINVAL;
		/* generic_atomic_write_valid: a power of two, naturally aligned */
		if ((len & (len - 1)) || (pos & (len - 1)))
			return -EINVAL;
		return xfs_file_dio_write_atomic(ip, pos, len, tag, async, opidx);
	}

	/* a write past EOF zeroes the gap under the exclusive IOLOCK first */
	if (pos > ip->i_size) {
		xfs_ilock(ip, XFS_IOLOCK_EXCL);
		ret = xfs_file_aio_write_checks(ip, pos);
		xfs_iunlock(ip, XFS_IOLOCK_EXCL);
		if (ret)
			return ret;
	}
	xfs_ilock(ip, XFS_IOLOCK_SHARED);
	ret = iomap_dio_rw(ip, pos, len, tag, xfs_direct_write_iomap_begin, async, false, opidx);
	/* AIO drops the IOLOCK with the I/O still in flight */
	xfs_iunlock(ip, XFS_IOLOCK_SHARED);
	/* xfs_file_write_iter @ v6.6+: what the direct path declined (a
	 * failed flush or invalidation) is written through the page cache */
	if (ret == -ENOTBLK)
		ret = xfs_file_buffered_aio_write(ip, pos, len, tag);
	return ret;
}

/* models file_check_and_advance_wb_err, mm/filemap.c @ v5.10: the errseq
 * check of fsync and sync_file_range. */
static int file_check_and_advance_wb_err(struct xfs_inode *ip)
{
	if (ip->i_mapping.wb_err_seq != ip->i_wb_err_seen) {
		ip->i_wb_err_seen = ip->i_mapping.wb_err_seq;
		return ip->i_mapping.wb_err;
	}
	return 0;
}

/* models xfs_file_fsync, fs/xfs/xfs_file.c @ v5.10 */
int xfs_file_fsync(struct xfs_inode *ip, loff_t start, loff_t end)
{
	int error, err2;

	error = filemap_write_and_wait_range(ip, start, end);
	err2 = file_check_and_advance_wb_err(ip);
	if (cf_sabotaged(CF_SABOTAGE_FSYNC_EIO))
		return -EIO;
	return error ? error : err2;
}

/* cowfuzz's own: sync_file_range(2) with WAIT_BEFORE | WRITE | WAIT_AFTER
 * (the kernel's ksys_sync_file_range, fs/sync.c, v5.10) on XFS writeback */
int xfs_sync_file_range(struct xfs_inode *ip, loff_t off, loff_t len)
{
	struct writeback_control wbc = {
		.sync_all = false, .range_start = off, .range_end = off + len - 1,
	};
	int ret, err2;

	filemap_fdatawait_range(ip, off, off + len - 1);
	ret = xfs_vm_writepages(ip, &wbc);
	filemap_fdatawait_range(ip, off, off + len - 1);
	err2 = file_check_and_advance_wb_err(ip);
	return ret ? ret : err2;
}

/* cowfuzz's own: truncate(2) as the VFS runs it (do_truncate with the
 * IOLOCK and MMAPLOCK that xfs_vn_setattr takes) */
int xfs_file_truncate(struct xfs_inode *ip, loff_t size)
{
	int error;

	xfs_ilock(ip, XFS_IOLOCK_EXCL | XFS_MMAPLOCK_EXCL);
	error = xfs_setattr_size(ip, size);
	xfs_iunlock(ip, XFS_IOLOCK_EXCL | XFS_MMAPLOCK_EXCL);
	return error;
}

/* cowfuzz's own: the FALLOC_FL_PUNCH_HOLE case of xfs_file_fallocate */
int xfs_file_punch(struct xfs_inode *ip, loff_t off, loff_t len)
{
	int error;

	xfs_ilock(ip, XFS_IOLOCK_EXCL | XFS_MMAPLOCK_EXCL);
	error = xfs_free_file_space(ip, off, len);
	xfs_iunlock(ip, XFS_IOLOCK_EXCL | XFS_MMAPLOCK_EXCL);
	return error;
}


/* cowfuzz's own syscall entry: the FALLOC_FL_UNSHARE_RANGE branch of
 * xfs_file_fallocate (fs/xfs/xfs_file.c @ v5.10, block aligned): unshare,
 * preallocate the range unless always_cow, then grow the file over it */
int xfs_file_unshare(struct xfs_inode *ip, loff_t offset, loff_t len)
{
	loff_t new_size = 0;
	int error;

	xfs_ilock(ip, XFS_IOLOCK_EXCL | XFS_MMAPLOCK_EXCL);
	/* AIO completions move EOF without our locks: drain them first */
	inode_dio_wait(ip);
	if (offset + len > ip->i_size)
		new_size = offset + len;
	error = xfs_reflink_unshare(ip, offset, len);
	if (error)
		goto out_unlock;
	if (!xfs_is_always_cow_inode(ip)) {
		error = xfs_alloc_file_space(ip, offset, len);
		if (error)
			goto out_unlock;
	}
	if (new_size)
		error = xfs_setattr_size(ip, new_size);
out_unlock:
	xfs_iunlock(ip, XFS_IOLOCK_EXCL | XFS_MMAPLOCK_EXCL);
	return error;
}

/* models xfs_file_remap_range, fs/xfs/xfs_file.c @ v5.10 (FICLONERANGE:
 * no dedupe, no cowextsize hint carried to the destination) */
int xfs_file_remap_range(struct xfs_inode *src, xfs_off_t pos_in,
			 struct xfs_inode *dest, xfs_off_t pos_out, xfs_off_t len)
{
	struct xfs_mount *mp = src->i_mount;
	int error;

	error = xfs_reflink_remap_prep(src, pos_in, dest, pos_out, &len);
	if (error)
		goto out;

	error = xfs_reflink_remap_blocks(src, XFS_B_TO_FSBT(mp, pos_in), dest,
					 XFS_B_TO_FSBT(mp, pos_out), XFS_B_TO_FSB(mp, len));
	if (!error)
		xfs_reflink_update_dest(dest, pos_out + len);

	cf_unlock_two(src, dest, XFS_MMAPLOCK_EXCL);
	cf_unlock_two(src, dest, XFS_IOLOCK_EXCL);
out:
	trace_xfs_reflink_remap_range_end(src, pos_in, dest, pos_out, len, error);
	return error;
}
