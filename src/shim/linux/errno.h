/* SPDX-License-Identifier: GPL-2.0 */
/* linux/errno.h: the error numbers the port returns (negative, kernel style). */
#ifndef _SHIM_LINUX_ERRNO_H
#define _SHIM_LINUX_ERRNO_H

#include <errno.h>	/* EIO, EAGAIN, ENOSPC, ENOMEM, EINVAL, ... */

#ifndef EFSCORRUPTED
#define EFSCORRUPTED	EUCLEAN	/* what XFS uses for on-disk corruption */
#endif

#endif
