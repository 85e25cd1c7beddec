// SPDX-License-Identifier: GPL-2.0
/*
 * The bodies of the libxfs tracepoints (shim/xfs_trace.h): kept apart from
 * sim/trace_events.c because they need nothing but the trace itself, so
 * the libxfs unit tests (tests/libxfs.cmake) link them with their own
 * stand-in for the simulator.
 */
#include "libxfs/xfs_bmap.h"
#include "sim/trace.h"

#define ULL(x)	((unsigned long long)(x))

void cf_tp_xfs_bmapi_reserve_delalloc(struct xfs_inode *ip, int whichfork,
				      xfs_fileoff_t aoff, xfs_extlen_t alen, xfs_extlen_t indlen)
{
	sim_trace("xfs_bmapi_reserve_delalloc: ino %llu %s fork [%llu,+%u) indlen %u",
		  ULL(ip->i_ino), whichfork == XFS_COW_FORK ? "cow" : "data",
		  ULL(aoff), alen, indlen);
}

void cf_tp_xfs_iext_insert(struct xfs_inode *ip, int state, int pos,
			   struct xfs_bmbt_irec *irec)
{
	sim_trace("xfs_iext_insert: ino %llu fork %s pos %d [%llu,+%llu)",
		  ULL(ip->i_ino), (state & BMAP_COWFORK) ? "cow" : "data", pos,
		  ULL(irec->br_startoff), ULL(irec->br_blockcount));
}

void cf_tp_xfs_iext_remove(struct xfs_inode *ip, int state, int pos)
{
	sim_trace("xfs_iext_remove: ino %llu fork %s pos %d",
		  ULL(ip->i_ino), (state & BMAP_COWFORK) ? "cow" : "data", pos);
}

void cf_tp_xfs_iext_update(struct xfs_inode *ip, int state, int pos,
			   struct xfs_bmbt_irec *irec)
{
	sim_trace("xfs_iext_update: ino %llu fork %s pos %d [%llu,+%llu)",
		  ULL(ip->i_ino), (state & BMAP_COWFORK) ? "cow" : "data", pos,
		  ULL(irec->br_startoff), ULL(irec->br_blockcount));
}

void cf_tp_xfs_alloc_vextent(xfs_fsblock_t target, xfs_extlen_t minlen,
			     xfs_extlen_t maxlen, xfs_fsblock_t fbno, xfs_extlen_t flen)
{
	if (fbno == NULLFSBLOCK)
		sim_trace("xfs_alloc_vextent: target %llu minlen %u maxlen %u: none",
			  ULL(target), minlen, maxlen);
	else
		sim_trace("xfs_alloc_vextent: target %llu minlen %u maxlen %u: [%llu,+%u)",
			  ULL(target), minlen, maxlen, ULL(fbno), flen);
}

void cf_tp_xfs_free_extent(xfs_fsblock_t bno, xfs_extlen_t len)
{
	sim_trace("xfs_free_extent: [%llu,+%u)", ULL(bno), len);
}
