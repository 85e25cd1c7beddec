// SPDX-License-Identifier: GPL-2.0
/*
 * The scenario executor: each scenario operation (and the simulated
 * workers: ioend completion, direct I/O completion, cowblocks reclaim, the
 * setup) calls the port's system-call layer (xfs/xfs_file.c) or its work
 * functions, and tells the model and the oracle what the caller saw.
 */
#include "xfs_file.h"
#include "xfs_aops.h"
#include "xfs_reflink.h"
#include "xfs_bmap_util.h"
#include "xfs_icache.h"
#include "libxfs/xfs_alloc.h"
#include "libxfs/xfs_bmap.h"
#include "driver.h"
#include "mount.h"
#include "observe.h"
#include "sched.h"
#include "trace.h"

/* Background cowblocks reclaim over one inode (1..3) or all (0). */
static int exec_free_cowblocks(int ino)
{
	for (int i = 0; i < CF_NINODES; i++) {
		if (ino && ino != i + 1)
			continue;
		xfs_inode_free_cowblocks(cf_inode(i + 1));
	}
	return 0;
}

static loff_t B(struct xfs_inode *ip, uint32_t blocks)
{
	return (loff_t)blocks * ip->i_mount->m_sb_blocksize;
}

static uint32_t BS(struct xfs_inode *ip)
{
	return ip->i_mount->m_sb_blocksize;
}

/* write(2)'s return: bytes, maybe short; the model is told how far it got
 * (the blocks of its span it finished). */
static int write_result(struct xfs_inode *ip, const struct cf_op *op, int opidx,
			loff_t len, loff_t ret)
{
	if (ret < 0)
		return (int)ret;
	if (ret < len && opidx >= 0) {
		/* a short count is how write(2) reports the error */
		sim_obs->op_short(opidx, (uint16_t)((op->head + ret) /
						    ip->i_mount->m_sb_blocksize));
	}
	return 0;
}

/* A buffered read, checked block by block against the model. */
static int exec_buffered_read(struct xfs_inode *ip, uint32_t off, uint32_t len,
				  int opidx)
{
	for (uint32_t b = off; b < off + len; b++) {
		uint16_t got;

		if (B(ip, b) >= ip->i_size)
			break;
		got = cf_read_block(ip, b, true);
		sim_obs->read_result(ip, b, got, opidx);
	}
	return 0;
}

/* The ioend completion worker: one xfs_end_io per inode with work. */
static int run_end_io(uint32_t count)
{
	uint32_t done = 0;

	for (int i = 0; i < CF_NINODES && (!count || done < count); i++) {
		struct xfs_inode *ip = cf_inode(i + 1);

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
		struct xfs_mount *mp = cf_mount();
		struct dio_work *dio = NULL;
		int ret;

		for (int i = 0; i < SIM_MAX_DIO; i++)
			if (mp->m_dios[i].queued &&
			    (!dio || mp->m_dio_order[i] < mp->m_dio_order[dio - mp->m_dios]))
				dio = &mp->m_dios[i];
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
			if (cf_inode(i + 1)->i_ioend_head >= 0)
				return true;
		return false;
	}
	if (task == CF_TASK_DIOEND) {
		for (int i = 0; i < SIM_MAX_DIO; i++)
			if (cf_mount()->m_dios[i].queued)
				return true;
	}
	return false;
}

/* The scenario's starting state: ino 1 written (and cloned to ino 2). */
static int cf_setup_init(void)
{
	const struct cf_geometry *geo = &sim_scenario()->geo;
	struct xfs_inode *ip = cf_inode(1);
	struct xfs_mount *mp = ip->i_mount;
	xfs_fileoff_t off = 0;
	int error = 0, guard = 0;

	xfs_ilock(ip, XFS_ILOCK_EXCL);
	while (off < geo->init_blocks && !error && guard++ < CF_MAX_FILE_BLOCKS) {
		xfs_fsblock_t bno;
		xfs_extlen_t len;

		xfs_alloc_vextent(mp, 0, 1, geo->init_blocks - off, 1, &bno, &len);
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
		sim_obs->invariant("setup", "the device is too small for the init blocks");
		return error;
	}
	if (geo->init == CF_INIT_CLONE)
		error = xfs_file_remap_range(ip, 0, cf_inode(2), 0, 0);
	return error;
}

int cf_exec_op(int task, const struct cf_op *op, int opidx)
{
	struct xfs_inode *ip = op->ino ? cf_inode(op->ino) : NULL;
	uint16_t tag = opidx >= 0 ? cf_op_tag(opidx) : 0;

	switch (op->kind) {
	case CF_OP_WRITE:
		return write_result(ip, op, opidx, cf_op_byte_len(op, BS(ip)),
			xfs_file_buffered_aio_write(ip, cf_op_byte_off(op, BS(ip)),
						    cf_op_byte_len(op, BS(ip)), tag));
	case CF_OP_DWRITE:
		return write_result(ip, op, opidx, B(ip, op->len),
			xfs_file_dio_aio_write(ip, B(ip, op->off), B(ip, op->len), tag,
					       op->flag, op->atomic, opidx));
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
		return xfs_file_remap_range(ip, B(ip, op->off), cf_inode(op->ino2),
					    B(ip, op->off2), B(ip, op->len));
	case CF_OP_TRUNCATE:
		return xfs_file_truncate(ip, cf_op_byte_off(op, BS(ip)));
	case CF_OP_PUNCH:
		return xfs_file_punch(ip, cf_op_byte_off(op, BS(ip)), cf_op_byte_len(op, BS(ip)));
	case CF_OP_UNSHARE:
		return xfs_file_unshare(ip, B(ip, op->off), B(ip, op->len));
	case CF_OP_ALWAYS_COW:
		cf_mount()->m_always_cow = op->flag;
		sim_trace("always_cow %s", op->flag ? "on" : "off");
		return 0;
	case CF_OP_DROP_CACHES:
		for (int i = 0; i < CF_NINODES; i++)
			drop_pagecache_inode(cf_inode(i + 1));
		return 0;
	case CF_OP_WAIT:
		inode_dio_wait(ip);
		filemap_fdatawait_range(ip, 0, B(ip, CF_MAX_FILE_BLOCKS) - 1);
		return 0;
	case CF_OP_READ:
		return exec_buffered_read(ip, op->off, op->len, opidx);
	case CF_OP_ENDIO:
		return run_end_io(op->len);
	case CF_OP_DIOEND:
		return run_dio_end(op->len);
	case CF_OP_RECLAIM:
		return exec_free_cowblocks(op->flag ? op->ino : 0);
	case CF_OP_SETUP:
		return cf_setup_init();
	case CF_OP_RECLAIM_ALL:
		return exec_free_cowblocks(0);
	default:
		return 0;
	}
}
