/* SPDX-License-Identifier: GPL-2.0 */
/* The cowfuzz subcommands; each lives in its own cmd_<name>.c. */
#ifndef COWFUZZ_COMMANDS_H
#define COWFUZZ_COMMANDS_H

/* Every command returns the process exit status.  Usage errors exit 2 with
 * one line on stderr naming what was wrong. */
typedef int (*cli_cmd_fn)(int argc, char **argv);

int cmd_run(int argc, char **argv);
int cmd_encode(int argc, char **argv);
int cmd_decode(int argc, char **argv);
int cmd_profiles(int argc, char **argv);
/* Weak: built only when their source is present. */
int cmd_minimize(int argc, char **argv) __attribute__((weak));
int cmd_import(int argc, char **argv) __attribute__((weak));
int cmd_kernel_check(int argc, char **argv) __attribute__((weak));
int cmd_export(int argc, char **argv) __attribute__((weak));
int cmd_triage(int argc, char **argv) __attribute__((weak));
int cmd_reproduce(int argc, char **argv) __attribute__((weak));
int cmd_explore(int argc, char **argv) __attribute__((weak));

#define CLI_EXIT_USAGE 2

#endif
