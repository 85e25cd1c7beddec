/* SPDX-License-Identifier: GPL-2.0 */
/*
 * trace.h: the readable trace, one line per event, named after the kernel's
 * tracepoints where one exists.  Off while fuzzing (a failing input is
 * replayed with the trace on to explain it), so events cost one branch.
 */
#ifndef CF_SIM_TRACE_H
#define CF_SIM_TRACE_H

#include <stdbool.h>

extern bool sim_trace_on;
void sim_trace_emit(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#define sim_trace(...)						\
	do {							\
		if (__builtin_expect(sim_trace_on, 0))		\
			sim_trace_emit(__VA_ARGS__);		\
	} while (0)

#endif
