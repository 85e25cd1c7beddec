// SPDX-License-Identifier: GPL-2.0
/* cowfuzz: the command-line front end.  Dispatches to cmd_<name>(). */
#include <stdio.h>
#include <string.h>
#include "commands.h"

struct cli_entry {
	const char	*name;
	cli_cmd_fn	fn;
	const char	*help;
};

static void usage(FILE *f, const struct cli_entry *cmds, int n)
{
	fprintf(f, "usage: cowfuzz COMMAND [ARGS]\n\ncommands:\n");
	for (int i = 0; i < n; i++)
		fprintf(f, "  %-13s %s\n", cmds[i].name, cmds[i].help);
	fprintf(f, "\n'cowfuzz COMMAND --help' describes one command.\n");
}

int main(int argc, char **argv)
{
	const struct cli_entry cmds[] = {
		{ "run", cmd_run, "replay .scn or binary inputs (-v: trace)" },
		{ "encode", cmd_encode, "text scenario -> binary input" },
		{ "decode", cmd_decode, "binary input -> text scenario" },
		{ "profiles", cmd_profiles, "list kernel behaviour profiles" },
		{ "minimize", cmd_minimize, "shrink a crash while class and site hold" },
		{ "triage", cmd_triage, "group crashes by class/site/profile against findings/" },
		{ "import", cmd_import, "strace/fsx/ftrace traces -> scenarios" },
		{ "kernel-check", cmd_kernel_check, "run scenarios on the host's XFS and compare" },
		{ "export", cmd_export, "scenario -> fsx / xfs_io / fstests reproducer" },
		{ "reproduce", cmd_reproduce, "try a scenario or finding on a real kernel, N times" },
		{ "explore", cmd_explore, "search a scenario's schedules, at most K preemptions" },
	};
	int n = (int)(sizeof(cmds) / sizeof(cmds[0]));

	if (argc < 2) {
		fprintf(stderr, "cowfuzz: no command given (try 'cowfuzz --help')\n");
		return CLI_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") ||
	    !strcmp(argv[1], "help")) {
		usage(stdout, cmds, n);
		return 0;
	}
	for (int i = 0; i < n; i++) {
		if (strcmp(argv[1], cmds[i].name))
			continue;
		if (!cmds[i].fn) {
			fprintf(stderr, "cowfuzz: '%s' is not built into this binary\n",
				argv[1]);
			return CLI_EXIT_USAGE;
		}
		return cmds[i].fn(argc - 1, argv + 1);
	}
	fprintf(stderr, "cowfuzz: unknown command '%s' (try 'cowfuzz --help')\n",
		argv[1]);
	return CLI_EXIT_USAGE;
}
