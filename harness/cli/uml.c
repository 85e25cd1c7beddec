// SPDX-License-Identifier: GPL-2.0
/* Running a cowfuzz command under a user-mode Linux kernel. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "uml.h"

#ifndef COWFUZZ_SOURCE_DIR
#define COWFUZZ_SOURCE_DIR "."
#endif

const char *cli_source_dir(void)
{
	const char *env = getenv("COWFUZZ_ROOT");

	return env && *env ? env : COWFUZZ_SOURCE_DIR;
}

int cli_kernel_spec(const char *cmd, const char *spec, char *uml, size_t len)
{
	struct stat st;

	uml[0] = 0;
	if (!strcmp(spec, "host"))
		return 0;
	if (!strcmp(spec, "uml")) {
		snprintf(uml, len, "debian");
		return 0;
	}
	if (strncmp(spec, "uml:", 4) || !spec[4]) {
		fprintf(stderr, "%s: --kernel takes host, uml or uml:KERNEL, got '%s'\n", cmd,
			spec);
		return -1;
	}
	if (!strchr(spec + 4, '/'))
		snprintf(uml, len, "%s/build/uml/%s/linux", cli_source_dir(), spec + 4);
	else
		snprintf(uml, len, "%s", spec + 4);
	if (stat(uml, &st) || !S_ISREG(st.st_mode) || access(uml, X_OK)) {
		fprintf(stderr, "%s: --kernel %s: no UML kernel at %s (build one with "
			"scripts/uml-kernel)\n", cmd, spec, uml);
		return -1;
	}
	return 0;
}

int cli_take_kernel_opt(const char *cmd, int *argc, char **argv, const char **spec)
{
	for (int i = 1; i < *argc; i++) {
		if (strcmp(argv[i], "--kernel"))
			continue;
		if (i + 1 >= *argc) {
			fprintf(stderr, "%s: --kernel needs a value (host, uml or uml:KERNEL)\n", cmd);
			return -1;
		}
		*spec = argv[i + 1];
		memmove(&argv[i], &argv[i + 2], (size_t)(*argc - i - 2) * sizeof(argv[0]));
		*argc -= 2;
		argv[*argc] = NULL;
		return 1;
	}
	return 0;
}

int cli_uml_prefix(char **v, char *runner, char *uml, char *timeout, char *log)
{
	int n = 0;

	v[n++] = runner;
	if (strcmp(uml, "debian")) {
		v[n++] = "--kernel";
		v[n++] = uml;
	}
	/* the kernel's console to a file: the command's output stays readable */
	v[n++] = "--log";
	v[n++] = log;
	v[n++] = "--timeout";
	v[n++] = timeout;
	v[n++] = "--";
	return n;
}

int cli_reexec_in_uml(const char *cmd, const char *uml, unsigned timeout_s,
		      int argc, char **argv)
{
	static char self[PATH_MAX], runner[PATH_MAX], timeout[16], log[PATH_MAX];
	char **v = calloc((size_t)argc + 12, sizeof(char *));
	int n = 0, status;
	ssize_t len;
	pid_t pid;

	if (!v)
		return 3;
	len = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (len <= 0) {
		fprintf(stderr, "%s: cannot find this binary (/proc/self/exe)\n", cmd);
		free(v);
		return 3;
	}
	self[len] = 0;
	snprintf(runner, sizeof(runner), "%s/scripts/uml-run", cli_source_dir());
	if (access(runner, X_OK)) {
		printf("%s: skipped: %s is missing\n", cmd, runner);
		free(v);
		return 77;
	}
	snprintf(timeout, sizeof(timeout), "%u", timeout_s);
	snprintf(log, sizeof(log), "%s/build/%s-uml-console.log", cli_source_dir(), cmd);
	n = cli_uml_prefix(v, runner, (char *)uml, timeout, log);
	v[n++] = self;
	for (int i = 0; i < argc; i++)
		v[n++] = argv[i];
	v[n] = NULL;
	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		free(v);
		return 3;
	}
	if (pid == 0) {
		execv(runner, v);
		fprintf(stderr, "%s: %s: %s\n", cmd, runner, strerror(errno));
		_exit(127);
	}
	free(v);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return 3;
	status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	if (status != 0 && status != 1)
		fprintf(stderr, "%s: exit %d under UML; the kernel's console is in %s\n",
			cmd, status, log);
	return status;
}
