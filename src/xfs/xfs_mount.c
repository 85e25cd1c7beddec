// SPDX-License-Identifier: GPL-2.0
/*
 * fs/xfs/xfs_mount.c: the mount-time geometry the port needs beyond
 * struct xfs_mount itself (atomic write limits) and the free-block counter
 * (xfs_mod_fdblocks).
 */
#include "xfs_linux.h"
#include "xfs_mount.h"

/*
 * models xfs_calc_atomic_write_unit_max, fs/xfs/xfs_mount.c @ v6.18: the
 * largest atomic write in blocks, the smaller of what one transaction can
 * remap (from the log reservation, which the port has none of: the values
 * statx reports on the host's 512 MiB reflink XFS, 1 MiB at 4 KiB blocks,
 * 512 KiB at 2 KiB, 128 KiB at 1 KiB) and an allocation group (one AG
 * here: the device), each rounded down to a power of two.
 */
xfs_extlen_t xfs_calc_atomic_write_unit_max(struct xfs_mount *mp)
{
	xfs_extlen_t max_write = mp->m_sb_blocksize == 1024 ? 128 : 256;
	xfs_extlen_t max_agsize = 1;

	while (max_agsize * 2 <= mp->m_sb_dblocks)
		max_agsize *= 2;
	return min_t(xfs_extlen_t, max_write, max_agsize);
}

/*
 * The model has no reserve pool and no set-aside blocks, so rsvd changes
 * nothing: a reservation fails when the counter would go negative, and then
 * the counter is left as it was.
 */
/* models xfs_mod_fdblocks, fs/xfs/xfs_mount.c @ v5.10 */
int
xfs_mod_fdblocks(
	struct xfs_mount	*mp,
	int64_t			delta,
	bool			rsvd)
{
	if (delta > 0) {
		mp->m_fdblocks += delta;
		return 0;
	}
	cf_fdblocks_seen(mp->m_fdblocks + delta);
	if (mp->m_fdblocks + delta < 0)
		return -ENOSPC;
	mp->m_fdblocks += delta;
	return 0;
}
