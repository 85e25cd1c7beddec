/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xfs_linux.h - the kernel-facing seam of the port (the role fs/xfs/xfs_linux.h
 * plays in the kernel and libxfs_priv.h in xfsprogs).  Port files include
 * this first.  Unlike xfsprogs, locks, error tags and tracepoints are hooks
 * into the simulator, not no-ops: locks block and are yield points, ASSERT
 * reports to the oracle in every build, trace events feed the oracle.
 */
#ifndef __XFS_LINUX__
#define __XFS_LINUX__

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/types.h>

#include "linux/errno.h"
#include "linux/bug.h"
#include "linux/kernel.h"

typedef uint64_t	xfs_fileoff_t;	/* block number in a file */
typedef uint64_t	xfs_fsblock_t;	/* block number on the device */
typedef uint64_t	xfs_filblks_t;	/* number of blocks */
typedef int64_t		xfs_off_t;	/* byte offset */
typedef int64_t		loff_t;
typedef uint64_t	xfs_ino_t;
typedef int64_t		xfs_fsize_t;
typedef uint32_t	xfs_extlen_t;

#define NULLFILEOFF	((xfs_fileoff_t)-1)
#define NULLFSBLOCK	((xfs_fsblock_t)-1)

#include "linux/rwsem.h"
#include "linux/wait.h"
#include "cf_windows.h"
#include "cf_report.h"
#include "xfs_errortag.h"
#include "xfs_trace.h"
#include "profiles/profile.h"

#endif /* __XFS_LINUX__ */
