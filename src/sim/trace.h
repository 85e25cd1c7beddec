/* SPDX-License-Identifier: GPL-2.0 */
/*
 * trace.h: the readable trace, one line per event, named after the kernel's
 * tracepoints where one exists.  Off while fuzzing (a failing input is
 * replayed with the trace on to explain it), so events cost one branch.
 */
#ifndef CF_SIM_TRACE_H
#define CF_SIM_TRACE_H

#include <stdbool.h>
#include <stddef.h>

extern bool sim_trace_on;
void sim_trace_emit(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* An error as the kernel names it: "0", "-EAGAIN", "-EIO"; other numbers
 * as they are.  The result stays valid for the next 7 calls. */
const char *sim_errname(int err);

/* A string cut at cap - 1 bytes: end it at a word boundary with " ..."
 * instead of mid-word. */
void sim_ellipsis(char *s, size_t cap);

struct cf_run_opts;
struct cf_scenario;
struct cf_profile;
struct cf_result;
/* A run's trace: begin (its header line), each scenario line, end (the
 * hash and the tail go into the result). */
void sim_trace_begin(const struct cf_run_opts *opts, const struct cf_scenario *scn,
		     const struct cf_profile *prof);
void sim_trace_line_op(int opidx);
void sim_trace_end(struct cf_result *res);

#define sim_trace(...)						\
	do {							\
		if (__builtin_expect(sim_trace_on, 0))		\
			sim_trace_emit(__VA_ARGS__);		\
	} while (0)

#endif
