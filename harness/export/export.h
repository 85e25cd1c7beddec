/* SPDX-License-Identifier: GPL-2.0 */
/*
 * export.h - a scenario as something to run on a real kernel (DESIGN §11):
 * an xfs_io shell script, an fsx --replay-ops file, or an fstests-style
 * test.  What a real kernel cannot be forced into (a pause at a yield
 * point, worker scheduling, an injected fault, fsx's other files) is said
 * in a comment in the output, never dropped silently.
 */
#ifndef COWFUZZ_EXPORT_H
#define COWFUZZ_EXPORT_H

#include <stdio.h>
#include "cowfuzz.h"
#include "kcheck/kcheck.h"

enum export_format {
	EXPORT_XFS_IO,
	EXPORT_FSX,
	EXPORT_FSTESTS,
};

/* -1 if the name is none of xfs_io, fsx, fstests. */
int export_format_from_name(const char *name);

/*
 * Write scn (named name in the comments) to out.  Returns 0, or -1 with a
 * one-line reason in msg.
 */
int export_scenario(const struct cf_scenario *scn, const char *name,
		    enum export_format fmt, FILE *out, char *msg, size_t len);

/* The pieces the three forms share (export.c). */
struct export_ctx {
	const struct cf_scenario *scn;
	const char	*name;
	FILE		*out;
	const char	*xfs_io;	/* "xfs_io" or "$XFS_IO_PROG" */
	const char	*indent;
	int		batch;		/* xfs_io form: one xfs_io per batch of
					 * lines, fed on stdin (io/flush) */
};

/* "# line N: <the scenario line>" */
void export_origin(struct export_ctx *x, const struct cf_op *op);
/* Comments for what the kernel cannot be made to do on this line. */
void export_limits(struct export_ctx *x, const struct cf_op *op, int fsx);
/* The fault-injection knob that holds a pause's window open, or NULL. */
const char *export_pause_knob(const struct cf_op *op);
/* How many lines have a race window a script cannot hold (a pause with
 * no error tag, or any pause unless knobs; a fault; an async write; a
 * worker line); their line numbers, comma-separated, into buf. */
int export_unheld_windows(const struct cf_scenario *scn, int knobs, char *buf,
			  size_t len);
/* One xfs_io command line for op into buf; 0 if the op issues none. */
int export_xfs_io_cmd(struct export_ctx *x, const struct cf_op *op,
		      uint32_t idx, char *buf, size_t len);
/* The shell lines of one op with xfs_io; `read` becomes checks. */
void export_xfs_io_op(struct export_ctx *x, const struct cf_op *op,
		      uint32_t idx, const struct kc_model *m);
/* Shell checks that every block of each file holds its tag's byte. */
void export_final_checks(struct export_ctx *x, const uint16_t tag[][CF_MAX_FILE_BLOCKS],
			 const uint64_t *size_bytes);
/* The shell helpers export_xfs_io_op and export_final_checks call. */
void export_shell_helpers(struct export_ctx *x);
/* Create ino1..3 with the cowextsize hint and the init state. */
void export_shell_init(struct export_ctx *x);

int export_fsx(const struct cf_scenario *scn, const char *name, FILE *out,
	       char *msg, size_t len);
int export_fstests(struct export_ctx *x, char *msg, size_t len);

#endif /* COWFUZZ_EXPORT_H */
