/* SPDX-License-Identifier: GPL-2.0 */
/*
 * oracle.h: where the port and the scheduler report what must not happen.
 * Each call ends the run with a class (DESIGN §7) unless it is explained
 * by an injected fault; the report is built by cf_run().
 */
#ifndef CF_ORACLE_H
#define CF_ORACLE_H

#include "xfs_inode.h"

void oracle_invariant(const char *site, const char *why);
void oracle_liveness(const char *why);

/* xfs_map_blocks watching (through shim/xfs_trace.h): what this pass's CoW
 * lookup selected, and the fork it is about to convert (stale-whichfork).
 * Every pass looks up the CoW fork before it converts or trims, so the
 * lookup's record is this pass's. */
void oracle_map_cow_lookup(struct xfs_inode *ip, xfs_fileoff_t offset_fsb,
			   bool found, xfs_fileoff_t startoff);
void oracle_map_convert(struct xfs_inode *ip, int whichfork,
			xfs_fileoff_t offset_fsb, xfs_fileoff_t cow_fsb);
void oracle_map_trim(struct xfs_inode *ip, xfs_fileoff_t cow_fsb);

/* Writeback dropped dirty data (discard, hole skip, error). */
void oracle_write_tossed(struct xfs_inode *ip, loff_t offset, int error,
			 const char *site);
/* mapping_set_error was called. */
void oracle_mapping_error(struct xfs_inode *ip, int error);

/* A user-visible error from an op (error-invented / error-not-reported). */
void oracle_op_result(int opidx, int error);
void oracle_fdblocks_seen(int64_t fdblocks);
/* A write came back short: the application saw its error. */
void oracle_op_short(int opidx);
/* A read returned this tag for the block. */
void oracle_read_result(struct xfs_inode *ip, uint32_t blk, uint16_t got, int opidx);
/* A kernel WARN or ASSERT fired (in bug.h). */

#endif
