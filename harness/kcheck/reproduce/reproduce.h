/* SPDX-License-Identifier: GPL-2.0 */
/*
 * reproduce.h - a scenario as a C program that tries it on a real kernel
 * (`cowfuzz reproduce`, docs/reproduce.md).
 *
 * The program is runtime/repro_runtime.c with the scenario's tables put in:
 * one thread per task, the lines in order, the race windows held where the
 * kernel offers a way (error tags, a delay target, a full backing store),
 * and at the end every block checked against the values the reference
 * model allows on the fixed profile.
 */
#ifndef COWFUZZ_REPRODUCE_H
#define COWFUZZ_REPRODUCE_H

#include <stdio.h>
#include "cowfuzz.h"

/* What the device stack under XFS must offer for this scenario. */
struct repro_needs {
	uint32_t	block_size;
	int		always_cow;	/* mounted with the debug knob on */
	int		faults;		/* an eio fault: a store that can fill */
	int		held_pauses;	/* pauses an error tag can hold */
};

/*
 * "POINT=ERRORTAG": on a kernel patched to delay at that window with that
 * error tag (an instrumentation patch, findings/…/window-*.diff), a pause
 * at POINT is held with it.  0, or -1 with msg.
 */
int repro_window_add(const char *spec, char *msg, size_t len);

void repro_needs(const struct cf_scenario *scn, struct repro_needs *needs);

/*
 * Write the program for scn (called name in its output) to out, with the
 * runtime read from runtime_path.  Returns 0, or -1 with one line in msg
 * (the fixed profile itself fails the scenario, the runtime is missing).
 */
int repro_generate(const struct cf_scenario *scn, const char *name,
		   const char *runtime_path, FILE *out, char *msg, size_t len);

/* The runtime's exit codes, and the command's. */
enum {
	REPRO_EXIT_REPRODUCED	= 0,
	REPRO_EXIT_NOT		= 1,
	REPRO_EXIT_USAGE	= 2,
	REPRO_EXIT_ENV		= 3,	/* the set-up or the kernel failed us */
	REPRO_EXIT_SKIP		= 77,	/* that kernel cannot be used here */
};

#endif /* COWFUZZ_REPRODUCE_H */
