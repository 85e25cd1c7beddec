/* SPDX-License-Identifier: GPL-2.0 */
/* cf_space_check.h: cowfuzz's own space invariants (own/cf_space_check.c). */
#ifndef CF_XFS_OWN_SPACE_CHECK_H
#define CF_XFS_OWN_SPACE_CHECK_H

#include <stddef.h>
#include "xfs_mount.h"

/* The space invariants (oracle class `invariant`): returns 0, or -1 with
 * the reason in why. */
struct xfs_inode;
int cf_check_space(struct xfs_mount *mp, struct xfs_inode *inodes, int ninodes,
		   char *why, size_t whylen);

#endif
