/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cf_report.h: what the port tells the oracle besides ASSERT and WARN
 * (linux/bug.h): a broken model invariant, a bounded loop that ran out, a
 * dirty write thrown away, a writeback error, the free-block count a
 * reservation met.  Each is one line in the port; the oracle decides.
 */
#ifndef _SHIM_CF_REPORT_H
#define _SHIM_CF_REPORT_H

#include <stdint.h>
#include <sys/types.h>

struct xfs_inode;
struct page;

/* the oracle's side (oracle/oracle.c) */
void oracle_invariant(const char *site, const char *why);
void oracle_liveness(const char *why);
void oracle_write_tossed(struct xfs_inode *ip, loff_t offset, int error,
			 const char *site);
void oracle_mapping_error(struct xfs_inode *ip, int error);
void oracle_fdblocks_seen(int64_t fdblocks);
/* an oracle canary of the tests is on (enum cf_sabotage, sim/sched.c) */
_Bool cf_sabotaged(uint32_t what);
/* the scenario op the current task runs, -1 if none (sim/sched.c) */
int sim_current_op(void);

static inline void cf_invariant(const char *site, const char *why)
{
	oracle_invariant(site, why);
}

/* a loop the kernel does not bound ran out of its bound */
static inline void cf_liveness(const char *why)
{
	oracle_liveness(why);
}

/* writeback dropped dirty data (discard, error) */
static inline void cf_write_tossed(struct xfs_inode *ip, loff_t offset, int error,
				   const char *site)
{
	oracle_write_tossed(ip, offset, error, site);
}

/* mapping_set_error was called */
static inline void cf_mapping_error(struct xfs_inode *ip, int error)
{
	oracle_mapping_error(ip, error);
}

/* a reservation met this free-block count */
static inline void cf_fdblocks_seen(int64_t fdblocks)
{
	oracle_fdblocks_seen(fdblocks);
}

static inline int cf_current_op(void)
{
	return sim_current_op();
}

#endif
