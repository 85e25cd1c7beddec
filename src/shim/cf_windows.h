/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The named windows (yield points): the only places a simulated task may be
 * switched out besides lock waits.  Each is a real kernel window
 * (kernel-facts §1.6); the order is the binary encoding's order
 * (docs/scenario.md), so append only.
 *
 * How the port opens one, from the kernel's own text where it can:
 *  - a window that is an ILOCK drop (or the gap before an ILOCK take) is
 *    announced by the trace event just before the lock call and opens
 *    inside that call (linux/rwsem.h), so the kernel's
 *    xfs_iunlock(ip, XFS_ILOCK_SHARED) stays as it is;
 *  - a transaction allocation (where the kernel sleeps for log space) is
 *    the window of its caller, inside xfs_trans_alloc (xfs_trans.h);
 *  - XFS_ERRORTAG_DELAY(mp, XFS_ERRTAG_WB_DELAY_MS) is the kernel's own
 *    window at the top of xfs_map_blocks (v6.2+);
 *  - any other is a cf_window() line, the project's own marker.
 */
#ifndef CF_YIELD_POINTS_H
#define CF_YIELD_POINTS_H

#define CF_YIELD_POINTS(X)						\
	X(YP_MAP_BLOCKS_DELAY,		"map_blocks.delay")		\
	X(YP_MAP_BLOCKS_W1,		"map_blocks.W1")		\
	X(YP_MAP_BLOCKS_W2,		"map_blocks.W2")		\
	X(YP_MAP_BLOCKS_W3,		"map_blocks.W3")		\
	X(YP_CONVERT_BLOCKS_W4,		"convert_blocks.W4")		\
	X(YP_CONVERT_DELALLOC_TRANS,	"convert_delalloc.trans_alloc")	\
	X(YP_WRITEPAGES_NEXT_PAGE,	"writepages.next_page")		\
	X(YP_PREPARE_IOEND_CONVERT,	"prepare_ioend.convert_cow")	\
	X(YP_SUBMIT_BIO,		"submit_bio")			\
	X(YP_END_IO_NEXT_IOEND,		"end_io.next_ioend")		\
	X(YP_END_COW_TRANS,		"end_cow.trans_alloc")		\
	X(YP_CANCEL_COW_TRANS,		"cancel_cow.trans_alloc")	\
	X(YP_ALLOCATE_COW_TRANS,	"allocate_cow.trans_alloc")	\
	X(YP_DIO_SUBMITTED,		"dio.submitted")		\
	X(YP_WRITE_IOMAP_BEGIN_DONE,	"write_iomap.begin_done")	\
	X(YP_WRITE_IOMAP_NEXT_PAGE,	"write_iomap.next_page")	\
	X(YP_WRITE_UNWRITTEN_TRANS,	"write_unwritten.trans_alloc")	\
	X(YP_REMAP_NEXT_EXTENT,		"remap.next_extent")		\
	X(YP_TRUNCATE_PAGECACHE,	"truncate.pagecache")		\
	X(YP_RECLAIM_CHECK,		"reclaim.check")			\
	X(YP_ATOMIC_COW_TRANS,		"atomic_cow.trans_alloc")	\
	X(YP_END_ATOMIC_COW_TRANS,	"end_atomic_cow.trans_alloc")

enum cf_yield_point {
#define X(id, name) id,
	CF_YIELD_POINTS(X)
#undef X
	YP_NR
};

/* the scheduler's side (sim/sched.c) */
void sim_yield(enum cf_yield_point yp);
extern unsigned char sim_window_armed;	/* yield point + 1, 0 = none */

/* The next lock call of this task opens the window (linux/rwsem.h). */
static inline void cf_window_arm(enum cf_yield_point yp)
{
	sim_window_armed = (unsigned char)(yp + 1);
}

/* A window that is not a lock call: the task may be switched out here. */
static inline void cf_window(enum cf_yield_point yp)
{
	sim_yield(yp);
}

#endif
