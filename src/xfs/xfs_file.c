// SPDX-License-Identifier: GPL-2.0
/*
 * The system-call layer of the model (fs/xfs/xfs_file.c, xfs_iops.c and the
 * VFS around them): each scenario operation enters the port here, takes the
 * locks the kernel takes, and calls the kernel-shaped paths.  Workers
 * (completion, reclaim) also start here.
 */
#include "xfs_aops.h"
#include "xfs_iomap.h"
#include "xfs_reflink.h"
#include "xfs_bmap_util.h"
#include "xfs_icache.h"
#include "libxfs/xfs_alloc.h"
#include "libxfs/xfs_bmap.h"
#include "sim/world.h"
#include "oracle/oracle.h"

static loff_t B(struct xfs_inode *ip, uint32_t blocks)
{
	return (loff_t)blocks * ip->i_mount->m_sb_blocksize;
}

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
	return iomap_zero_range(ip, ip->i_size, pos - ip->i_size,
				xfs_buffered_write_iomap_begin);
}

/* models xfs_file_buffered_aio_write, fs/xfs/xfs_file.c @ v5.10 */
static loff_t xfs_file_buffered_write(struct xfs_inode *ip, loff_t pos, loff_t len,
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

/* write(2)'s return: bytes, maybe short; the model is told how far it got. */
static int write_result(struct xfs_inode *ip, int opidx, loff_t len, loff_t ret)
{
	if (ret < 0)
		return (int)ret;
	if (ret < len && opidx >= 0) {
		cf_w.op_short[opidx] = 1 + (uint16_t)(ret / ip->i_mount->m_sb_blocksize);
		/* a short count is how write(2) reports the error */
		oracle_op_short(opidx);
	}
	return 0;
}

/* models xfs_dio_write_end_io, fs/xfs/xfs_file.c @ v5.10 */
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
	sim_trace("xfs_end_io_direct_write: ino %llu off %lld size %lld%s%s",
		  (unsigned long long)ip->i_ino, (long long)offset, (long long)size,
		  flags & IOMAP_DIO_COW ? " COW" : "",
		  flags & IOMAP_DIO_UNWRITTEN ? " UNWRITTEN" : "");
	/* dio_end_cow_claimed: remap only the CoW blocks this write wrote
	 * (the iocb's private data would carry them), not whatever another
	 * I/O has in flight in the CoW fork over its range */
	bool claimed = xfs_profile(ip->i_mount)->dio_end_cow_claimed && dio;

	if ((flags & IOMAP_DIO_COW) && claimed) {
		for (const struct dio_piece *c = dio_piece(dio->cow_last); c && !error;
		     c = dio_piece(c->next))
			error = xfs_reflink_end_cow_claimed(ip, c->off, c->len, c->blk,
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
		for (const struct dio_piece *u = dio_piece(dio->uw_first); u && !error;
		     u = dio_piece(u->next))
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

/* models xfs_file_dio_aio_write, fs/xfs/xfs_file.c @ v5.10 (aligned) */
static loff_t xfs_file_dio_write(struct xfs_inode *ip, loff_t pos, loff_t len,
				 uint16_t tag, bool async, int opidx)
{
	loff_t ret;

	/* a write past EOF zeroes the gap under the exclusive IOLOCK first */
	if (pos > ip->i_size) {
		xfs_ilock(ip, XFS_IOLOCK_EXCL);
		ret = xfs_file_aio_write_checks(ip, pos);
		xfs_iunlock(ip, XFS_IOLOCK_EXCL);
		if (ret)
			return ret;
	}
	xfs_ilock(ip, XFS_IOLOCK_SHARED);
	ret = iomap_dio_rw(ip, pos, len, tag, xfs_direct_write_iomap_begin, async, opidx);
	/* AIO drops the IOLOCK with the I/O still in flight */
	xfs_iunlock(ip, XFS_IOLOCK_SHARED);
	return ret;
}

/* The errseq check of fsync and sync_file_range (file_check_and_advance_wb_err). */
static int file_check_and_advance_wb_err(struct xfs_inode *ip)
{
	if (ip->i_mapping.wb_err_seq != cf_w.wb_err_seen[ip->i_ino - 1]) {
		cf_w.wb_err_seen[ip->i_ino - 1] = ip->i_mapping.wb_err_seq;
		return ip->i_mapping.wb_err;
	}
	return 0;
}

/* models xfs_file_fsync, fs/xfs/xfs_file.c @ v5.10 */
static int xfs_file_fsync(struct xfs_inode *ip, loff_t start, loff_t end)
{
	int error, err2;

	error = filemap_write_and_wait_range(ip, start, end);
	err2 = file_check_and_advance_wb_err(ip);
	if (cf_w.sabotage & CF_SABOTAGE_FSYNC_EIO)
		return -EIO;
	return error ? error : err2;
}

/* models ksys_sync_file_range (WAIT_BEFORE | WRITE | WAIT_AFTER), mm/ @ v5.10 */
static int xfs_sync_file_range(struct xfs_inode *ip, loff_t off, loff_t len)
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

/* A buffered read, checked block by block against the model. */
static int xfs_file_buffered_read(struct xfs_inode *ip, uint32_t off, uint32_t len,
				  int opidx)
{
	for (uint32_t b = off; b < off + len; b++) {
		uint16_t got;

		if (B(ip, b) >= ip->i_size)
			break;
		got = cf_read_block(ip, b, true);
		oracle_read_result(ip, b, got, opidx);
	}
	return 0;
}

static int xfs_file_truncate(struct xfs_inode *ip, loff_t size)
{
	int error;

	xfs_ilock(ip, XFS_IOLOCK_EXCL | XFS_MMAPLOCK_EXCL);
	error = xfs_setattr_size(ip, size);
	xfs_iunlock(ip, XFS_IOLOCK_EXCL | XFS_MMAPLOCK_EXCL);
	return error;
}

static int xfs_file_punch(struct xfs_inode *ip, loff_t off, loff_t len)
{
	int error;

	xfs_ilock(ip, XFS_IOLOCK_EXCL | XFS_MMAPLOCK_EXCL);
	error = xfs_free_file_space(ip, off, len);
	xfs_iunlock(ip, XFS_IOLOCK_EXCL | XFS_MMAPLOCK_EXCL);
	return error;
}

/* The ioend completion worker: one xfs_end_io per inode with work. */
static int run_end_io(uint32_t count)
{
	uint32_t done = 0;

	for (int i = 0; i < CF_NINODES && (!count || done < count); i++) {
		struct xfs_inode *ip = &cf_w.inodes[i];

		if (ip->i_ioend_head < 0)
			continue;
		xfs_end_io(ip);
		done++;
	}
	return 0;
}

/* The direct I/O completion work, oldest first. */
static int run_dio_end(uint32_t count)
{
	for (uint32_t done = 0; !count || done < count; done++) {
		struct dio_work *dio = NULL;
		int ret;

		for (int i = 0; i < SIM_MAX_DIO; i++)
			if (cf_w.dios[i].queued &&
			    (!dio || cf_w.dio_order[i] < cf_w.dio_order[dio - cf_w.dios]))
				dio = &cf_w.dios[i];
		if (!dio)
			break;
		dio->queued = false;	/* taken off the queue */
		ret = iomap_dio_complete(dio);
		dio->used = false;
		cf_dio_completed(dio->op, ret);
	}
	return 0;
}

bool cf_work_pending(int task)
{
	if (task == CF_TASK_ENDIO) {
		for (int i = 0; i < CF_NINODES; i++)
			if (cf_w.inodes[i].i_ioend_head >= 0)
				return true;
		return false;
	}
	if (task == CF_TASK_DIOEND) {
		for (int i = 0; i < SIM_MAX_DIO; i++)
			if (cf_w.dios[i].queued)
				return true;
	}
	return false;
}

/* The scenario's starting state: ino 1 written (and cloned to ino 2). */
static int cf_setup_init(void)
{
	const struct cf_geometry *geo = &cf_w.scn->geo;
	struct xfs_inode *ip = cf_inode(1);
	struct xfs_mount *mp = ip->i_mount;
	xfs_fileoff_t off = 0;
	int error = 0, guard = 0;

	xfs_ilock(ip, XFS_ILOCK_EXCL);
	while (off < geo->init_blocks && !error && guard++ < CF_MAX_FILE_BLOCKS) {
		xfs_fsblock_t bno;
		xfs_extlen_t len;

		xfs_alloc_vextent(mp, 0, 1, geo->init_blocks - off, &bno, &len);
		if (bno == NULLFSBLOCK || xfs_mod_fdblocks(mp, -(int64_t)len, false)) {
			error = -ENOSPC;
			break;
		}
		for (xfs_extlen_t i = 0; i < len; i++)
			mp->m_disk[bno + i] = CF_TAG_INIT;
		error = xfs_bmapi_remap(ip, off, len, bno, XFS_EXT_NORM);
		off += len;
	}
	ip->i_size = ip->i_disk_size = B(ip, off);
	xfs_iunlock(ip, XFS_ILOCK_EXCL);
	if (error) {
		oracle_invariant("setup", "the device is too small for the init blocks");
		return error;
	}
	if (geo->init == CF_INIT_CLONE)
		error = xfs_reflink_remap_range(ip, 0, cf_inode(2), 0, 0);
	return error;
}

int cf_exec_op(int task, const struct cf_op *op, int opidx)
{
	struct xfs_inode *ip = op->ino ? cf_inode(op->ino) : NULL;
	uint16_t tag = opidx >= 0 ? cf_op_tag(opidx) : 0;

	switch (op->kind) {
	case CF_OP_WRITE:
		return write_result(ip, opidx, B(ip, op->len),
			xfs_file_buffered_write(ip, B(ip, op->off), B(ip, op->len), tag));
	case CF_OP_DWRITE:
		return write_result(ip, opidx, B(ip, op->len),
			xfs_file_dio_write(ip, B(ip, op->off), B(ip, op->len), tag,
					   op->flag, opidx));
	case CF_OP_FSYNC:
		return xfs_file_fsync(ip, 0, B(ip, CF_MAX_FILE_BLOCKS) - 1);
	case CF_OP_SYNC_RANGE:
		return xfs_sync_file_range(ip, B(ip, op->off), B(ip, op->len));
	case CF_OP_WRITEBACK: {
		struct writeback_control wbc = {
			.sync_all = false,
			.range_start = op->flag ? B(ip, op->off) : 0,
			.range_end = op->flag ? B(ip, op->off + op->len) - 1 :
				     B(ip, CF_MAX_FILE_BLOCKS) - 1,
		};
		/* background writeback has no caller to report to */
		xfs_vm_writepages(ip, &wbc);
		return 0;
	}
	case CF_OP_REFLINK:
		return xfs_reflink_remap_range(ip, B(ip, op->off), cf_inode(op->ino2),
					       B(ip, op->off2), B(ip, op->len));
	case CF_OP_TRUNCATE:
		return xfs_file_truncate(ip, B(ip, op->off));
	case CF_OP_PUNCH:
		return xfs_file_punch(ip, B(ip, op->off), B(ip, op->len));
	case CF_OP_ALWAYS_COW:
		cf_w.mount.m_always_cow = op->flag;
		sim_trace("always_cow %s", op->flag ? "on" : "off");
		return 0;
	case CF_OP_DROP_CACHES:
		for (int i = 0; i < CF_NINODES; i++)
			drop_pagecache_inode(&cf_w.inodes[i]);
		return 0;
	case CF_OP_WAIT:
		inode_dio_wait(ip);
		filemap_fdatawait_range(ip, 0, B(ip, CF_MAX_FILE_BLOCKS) - 1);
		return 0;
	case CF_OP_READ:
		return xfs_file_buffered_read(ip, op->off, op->len, opidx);
	case CF_OP_ENDIO:
		return run_end_io(op->len);
	case CF_OP_DIOEND:
		return run_dio_end(op->len);
	case CF_OP_RECLAIM:
		return xfs_icache_free_cowblocks(op->flag ? op->ino : 0);
	case CF_OP_SETUP:
		return cf_setup_init();
	case CF_OP_RECLAIM_ALL:
		return xfs_icache_free_cowblocks(0);
	default:
		return 0;
	}
}
