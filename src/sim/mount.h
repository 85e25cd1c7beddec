/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mount.h: the simulated mount, the storage behind struct xfs_mount's pools
 * (inodes, ioends, direct I/O requests and pieces).  The port reaches the
 * pools only through the xfs_mount fields; the executor and the oracle use
 * these accessors.
 */
#ifndef CF_SIM_MOUNT_H
#define CF_SIM_MOUNT_H

#include "xfs_inode.h"
#include "iomap/iomap.h"

/* Clear the mount and its pools and set them up for this geometry (every
 * run starts here: nothing survives from the previous input). */
void sim_mount_reset(const struct cf_geometry *geo, const struct cf_profile *prof);

struct xfs_mount *cf_mount(void);
struct xfs_inode *cf_inode(int ino);	/* 1..CF_NINODES */

#endif
