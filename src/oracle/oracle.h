/* SPDX-License-Identifier: GPL-2.0 */
/*
 * oracle.h: where the port and the scheduler report what must not happen.
 * Each call ends the run with a class (DESIGN §7) unless it is explained
 * by an injected fault; the report is built by cf_run().  The simulator's
 * own events reach the oracle through its listener (report.h).
 */
#ifndef CF_ORACLE_H
#define CF_ORACLE_H

#include "xfs_inode.h"

void oracle_invariant(const char *site, const char *why);
void oracle_liveness(const char *why);

/* Writeback dropped dirty data (discard, hole skip, error). */
void oracle_write_tossed(struct xfs_inode *ip, loff_t offset, int error,
			 const char *site);
/* mapping_set_error was called. */
void oracle_mapping_error(struct xfs_inode *ip, int error);

void oracle_fdblocks_seen(int64_t fdblocks);

#endif
