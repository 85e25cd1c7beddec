/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xfs_errortag.h: error injection.  The kernel's error tags make a
 * function fail or sleep on request (XFS_TEST_ERROR, XFS_ERRORTAG_DELAY);
 * ours are the scenario's: a fault (enum cf_fault_kind) fires at the Nth
 * opportunity of its operation, and a delay is a window the scenario may
 * stop the task in.
 */
#ifndef __XFS_ERRORTAG_H__
#define __XFS_ERRORTAG_H__

#include <stdbool.h>
#include "cowfuzz.h"
#include "cf_windows.h"

/* the scheduler's side (sim/sched.c) */
bool sim_fault(enum cf_fault_kind kind);

/* Does the current operation's injected fault of this kind fire here? */
static inline bool cf_should_fail(enum cf_fault_kind kind)
{
	return sim_fault(kind);
}

/* XFS_ERRTAG_WB_DELAY_MS (v6.2): "slow down writeback for fun" */
#define XFS_ERRTAG_WB_DELAY_MS	YP_MAP_BLOCKS_DELAY
#define XFS_ERRORTAG_DELAY(mp, tag)	((void)(mp), cf_window(tag))

#endif
