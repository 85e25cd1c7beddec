/* SPDX-License-Identifier: GPL-2.0 */
/*
 * linux/bug.h and XFS's ASSERT: live in every build.  A failed ASSERT or a
 * WARN is reported to the oracle (class `invariant`, site = the expression),
 * which ends the run; it never aborts the process by itself, so the CLI can
 * print a report and the fuzzer sees one crash function per class.
 */
#ifndef _SHIM_LINUX_BUG_H
#define _SHIM_LINUX_BUG_H

void oracle_assfail(const char *expr, const char *func, int line);
void oracle_warn(const char *expr, const char *func, int line);

#define ASSERT(expr)							\
	do {								\
		if (__builtin_expect(!(expr), 0))			\
			oracle_assfail(#expr, __func__, __LINE__);	\
	} while (0)

/* WARN_ON_ONCE: a kernel warning is a finding in the model. */
#define WARN_ON_ONCE(cond)						\
	({								\
		int __c = !!(cond);					\
		if (__builtin_expect(__c, 0))				\
			oracle_warn(#cond, __func__, __LINE__);		\
		__c;							\
	})

#endif
