/* SPDX-License-Identifier: GPL-2.0 */
/* Running a command under a user-mode Linux kernel (scripts/uml-run). */
#ifndef COWFUZZ_CLI_UML_H
#define COWFUZZ_CLI_UML_H

#include <stddef.h>

/* The repository (runtime, scripts/): $COWFUZZ_ROOT, else the build's. */
const char *cli_source_dir(void);

/*
 * --kernel's value: "host" gives uml = "" ; "uml" gives "debian" (Debian's
 * /usr/bin/linux.uml); "uml:PATH" or "uml:NAME" (build/uml/NAME/linux)
 * the binary.  0, or -1 after one line on stderr naming cmd.
 */
int cli_kernel_spec(const char *cmd, const char *spec, char *uml, size_t len);

/*
 * Take "--kernel SPEC" out of argv (in place; *argc shrinks).  Returns 1
 * and the spec in *spec when it was there, 0 when not, -1 (message
 * printed) when it had no value.
 */
int cli_take_kernel_opt(const char *cmd, int *argc, char **argv, const char **spec);

/*
 * The start of a scripts/uml-run command line into v (at least 9 slots):
 * runner, the kernel unless it is "debian", --log, --timeout, "--".
 * Returns how many it wrote.
 */
int cli_uml_prefix(char **v, char *runner, char *uml, char *timeout, char *log);

/*
 * Run this very binary's command line (argv, argv[0] the command name)
 * under uml-run on kernel uml (from cli_kernel_spec); returns its exit
 * status (77 where UML cannot be used here).  The kernel's console goes to
 * build/CMD-uml-console.log.
 */
int cli_reexec_in_uml(const char *cmd, const char *uml, unsigned timeout_s,
		      int argc, char **argv);

#endif
