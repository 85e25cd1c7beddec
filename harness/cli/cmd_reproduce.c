// SPDX-License-Identifier: GPL-2.0
/*
 * cowfuzz reproduce: build a scenario's real-kernel program, run it N times
 * on the host's kernel or in a user-mode Linux, say whether it reproduced.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "commands.h"
#include "uml.h"
#include "kcheck/kcheck.h"
#include "kcheck/reproduce/reproduce.h"
#include "scenario.h"


static void usage(FILE *f)
{
	fprintf(f,
		"usage: cowfuzz reproduce SCENARIO|FINDING-DIR [--kernel host|uml[:KERNEL]]\n"
		"                         [--tries N] [--hold-ms N] [--keep] [-v]\n"
		"       cowfuzz reproduce SCENARIO|FINDING-DIR -o FILE.c\n"
		"\n"
		"Writes the scenario as a C program (one thread per task, async direct\n"
		"writes through io_submit, writeback through sync_file_range), runs it N\n"
		"times (default 100) on a fresh loop-mounted reflink XFS and ends with\n"
		"one line:\n"
		"  reproduced K/N on RELEASE       exit 0\n"
		"  not reproduced 0/N on RELEASE   exit 1\n"
		"Exit 2: bad usage or input; 3: the set-up or the kernel failed (a hung\n"
		"line, a shut-down file system); 77: that kernel cannot be used here.\n"
		"\n"
		"  --kernel host        the running kernel (default)\n"
		"  --kernel uml         Debian's user-mode Linux (/usr/bin/linux.uml)\n"
		"  --kernel uml:PATH    a UML kernel binary, or the NAME of one that\n"
		"                       scripts/uml-kernel built (build/uml/NAME/linux)\n"
		"  --hold-ms N          hold every I/O N ms with a device-mapper delay\n"
		"                       target (default 20 under UML, 0 on the host)\n"
		"  --keep               keep the program (repro.c, repro) and say where\n"
		"  --window POINT=TAG   the kernel is patched to delay at yield point\n"
		"                       POINT with error tag TAG: hold such pauses with it\n"
		"  -v                   every line and its result, per try\n"
		"  -o FILE.c            only write the program (it takes the mounted\n"
		"                       directory and --tries; see its header)\n"
		"A FINDING-DIR runs its minimized scenario (finding.txt's `minimized:`).\n"
		"A try reproduces when a block reads back a value the reference model\n"
		"does not allow on the fixed profile, a size differs, or the kernel log\n"
		"shows an XFS assertion, internal error or WARNING (docs/reproduce.md).\n");
}

/* A finding folder's minimized scenario; 0, or -1 with msg. */
static int finding_scenario(const char *dir, char *out, size_t len, char *msg, size_t mlen)
{
	char path[PATH_MAX], line[512];
	FILE *f;
	int found = 0;

	snprintf(path, sizeof(path), "%s/finding.txt", dir);
	f = fopen(path, "r");
	if (!f) {
		snprintf(msg, mlen, "%s: a directory without finding.txt (%s)", dir,
			 strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		char *v;

		if (strncmp(line, "minimized:", 10))
			continue;
		v = line + 10;
		v += strspn(v, " \t");
		v[strcspn(v, " \t#\r\n")] = 0;
		snprintf(out, len, "%s/%s", dir, v);
		found = 1;
		break;
	}
	fclose(f);
	if (!found) {
		snprintf(msg, mlen, "%s: no 'minimized:' line", path);
		return -1;
	}
	return 0;
}

static int parse_uint(const char *opt, const char *s, unsigned min, unsigned max,
		      unsigned *out)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (!*s || *end || errno || v < min || v > max || s[0] == '-' || s[0] == '+') {
		fprintf(stderr, "reproduce: %s takes a whole number from %u to %u, got '%s'\n",
			opt, min, max, s);
		return -1;
	}
	*out = (unsigned)v;
	return 0;
}

/* Run argv, echo its output but the verdict, which goes to verdict. */
static int run_streaming(char *const argv[], char *verdict, size_t vlen)
{
	int fds[2], status;
	pid_t pid;
	FILE *in;
	char line[4096];

	verdict[0] = 0;
	if (pipe(fds))
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		close(fds[0]);
		dup2(fds[1], 1);
		dup2(fds[1], 2);
		close(fds[1]);
		execvp(argv[0], argv);
		fprintf(stderr, "reproduce: %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	close(fds[1]);
	in = fdopen(fds[0], "r");
	while (in && fgets(line, sizeof(line), in)) {
		if (!strncmp(line, "reproduced ", 11) || !strncmp(line, "not reproduced ", 15)) {
			snprintf(verdict, vlen, "%s", line);
			continue;
		}
		fputs(line, stdout);
		fflush(stdout);
	}
	if (in)
		fclose(in);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static void remove_work(const char *dir)
{
	char path[PATH_MAX];
	static const char *const files[] = { "repro.c", "repro", "console.log" };

	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
		unlink(path);
	}
	rmdir(dir);
}

static int emit_only(const struct cf_scenario *scn, const char *name,
		     const char *runtime, const char *file)
{
	char msg[SCN_ERR_MAX];
	FILE *out = fopen(file, "w");
	int rc;

	if (!out) {
		fprintf(stderr, "reproduce: %s: %s\n", file, strerror(errno));
		return REPRO_EXIT_USAGE;
	}
	rc = repro_generate(scn, name, runtime, out, msg, sizeof(msg));
	if (fclose(out) && !rc) {
		snprintf(msg, sizeof(msg), "%s: write error", file);
		rc = -1;
	}
	if (rc) {
		fprintf(stderr, "reproduce: %s\n", msg);
		unlink(file);
		return REPRO_EXIT_USAGE;
	}
	return 0;
}

/* The kernel's last words when a UML run ended without a verdict. */
static void show_tail(const char *path, int lines)
{
	char buf[512], ring[32][512];
	int n = 0;
	FILE *f = fopen(path, "r");

	if (!f)
		return;
	while (fgets(buf, sizeof(buf), f))
		snprintf(ring[n++ % 32], sizeof(ring[0]), "%s", buf);
	fclose(f);
	printf("reproduce: the UML console ended with:\n");
	for (int i = n > lines ? n - lines : 0; i < n; i++)
		printf("  %s", ring[i % 32]);
}

struct repro_args {
	const char	*target;
	const char	*kernel;
	const char	*emit;		/* -o: write the program only */
	unsigned	tries;
	unsigned	hold_ms;
	int		hold_set;
	int		keep;
	int		verbose;
};

static int parse_args(int argc, char **argv, struct repro_args *a)
{
	memset(a, 0, sizeof(*a));
	a->kernel = "host";
	a->tries = 100;
	for (int i = 1; i < argc; i++) {
		const char *s = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(s, "-h") || !strcmp(s, "--help")) {
			usage(stdout);
			exit(0);
		} else if (!strcmp(s, "--keep")) {
			a->keep = 1;
		} else if (!strcmp(s, "-v")) {
			a->verbose = 1;
		} else if (!strcmp(s, "--window")) {
			char msg[256];

			if (!v) {
				fprintf(stderr, "reproduce: --window needs POINT=ERRORTAG\n");
				return -1;
			}
			if (repro_window_add(argv[++i], msg, sizeof(msg))) {
				fprintf(stderr, "reproduce: %s\n", msg);
				return -1;
			}
		} else if (!strcmp(s, "-o")) {
			if (!v) {
				fprintf(stderr, "reproduce: -o needs a file name\n");
				return -1;
			}
			a->emit = argv[++i];
		} else if (!strcmp(s, "--kernel") || !strcmp(s, "--tries") ||
			   !strcmp(s, "--hold-ms")) {
			if (!v) {
				fprintf(stderr, "reproduce: %s needs a value\n", s);
				return -1;
			}
			i++;
			if (!strcmp(s, "--kernel"))
				a->kernel = v;
			else if (!strcmp(s, "--tries") ?
				 parse_uint(s, v, 1, 100000, &a->tries) :
				 parse_uint(s, v, 0, 10000, &a->hold_ms))
				return -1;
			a->hold_set |= !strcmp(s, "--hold-ms");
		} else if (s[0] == '-' && s[1]) {
			fprintf(stderr, "reproduce: unknown option '%s' (try --help)\n", s);
			return -1;
		} else if (a->target) {
			fprintf(stderr, "reproduce: one scenario at a time (got '%s' and '%s')\n",
				a->target, s);
			return -1;
		} else {
			a->target = s;
		}
	}
	if (!a->target) {
		fprintf(stderr, "reproduce: no scenario given (try --help)\n");
		return -1;
	}
	return 0;
}

/* The scenario named on the command line (a finding folder's minimized
 * one) into *scn and its path into path; 0, or the exit code. */
static int load_target(const char *target, char *path, size_t plen,
		       struct cf_scenario *scn)
{
	char msg[SCN_ERR_MAX];
	struct stat st;

	snprintf(path, plen, "%s", target);
	if (stat(target, &st)) {
		fprintf(stderr, "reproduce: %s: %s\n", target, strerror(errno));
		return REPRO_EXIT_USAGE;
	}
	if (S_ISDIR(st.st_mode) && finding_scenario(target, path, plen, msg, sizeof(msg))) {
		fprintf(stderr, "reproduce: %s\n", msg);
		return REPRO_EXIT_USAGE;
	}
	if (scn_load_file(path, SCN_FORM_AUTO, scn, msg, sizeof(msg))) {
		fprintf(stderr, "reproduce: %s\n", msg);
		return REPRO_EXIT_USAGE;
	}
	return 0;
}

/* One run's files: the work directory and the program in it. */
struct repro_work {
	char	dir[PATH_MAX];
	char	src[PATH_MAX + 16];	/* repro.c */
	char	prog[PATH_MAX + 16];	/* repro */
	char	console[PATH_MAX + 16];	/* the UML console log */
};

/* Make the work directory and compile the scenario's program in it; 0, or
 * the exit code (a program that does not compile is kept for a look). */
static int build_program(const struct cf_scenario *scn, const char *path,
			 const char *runtime, struct repro_work *w)
{
	int rc;

	/* under the source tree, not /tmp: a UML's own tmpfs hides the host's */
	snprintf(w->dir, sizeof(w->dir), "%s/build/reproduce", cli_source_dir());
	mkdir(w->dir, 0755);
	snprintf(w->dir, sizeof(w->dir), "%s/build/reproduce/run-XXXXXX", cli_source_dir());
	if (!mkdtemp(w->dir)) {
		fprintf(stderr, "reproduce: cannot make a work directory %s: %s\n", w->dir,
			strerror(errno));
		return REPRO_EXIT_ENV;
	}
	snprintf(w->src, sizeof(w->src), "%s/repro.c", w->dir);
	snprintf(w->prog, sizeof(w->prog), "%s/repro", w->dir);
	snprintf(w->console, sizeof(w->console), "%s/console.log", w->dir);
	rc = emit_only(scn, path, runtime, w->src);
	if (rc) {
		remove_work(w->dir);
		return rc;
	}
	char *cc[] = { "cc", "-O2", "-Wall", "-pthread", "-o", w->prog, w->src, NULL };

	if (kc_spawn(cc, 0) != 0) {
		fprintf(stderr, "reproduce: the generated program did not compile (%s); "
			"kept for a look\n", w->src);
		return REPRO_EXIT_ENV;
	}
	return 0;
}

/* The numbers reproduce-stack.sh takes, as strings (argv points at them). */
struct repro_nums {
	char	bs[16], tries[16], hold[16], timeout[16];
};

/* The command line that runs the program: scripts/lib/reproduce-stack.sh,
 * under scripts/uml-run when uml names a kernel.  Returns argc. */
static int stack_argv(char **argvv, const struct repro_args *a,
		      const struct repro_needs *needs, char *uml, char *uml_run,
		      char *stack, struct repro_work *w, struct repro_nums *nums)
{
	int n = 0;

	snprintf(nums->bs, sizeof(nums->bs), "%u", needs->block_size);
	snprintf(nums->tries, sizeof(nums->tries), "%u", a->tries);
	snprintf(nums->hold, sizeof(nums->hold), "%u",
		 a->hold_set ? a->hold_ms : uml[0] ? 20 : 0);
	snprintf(nums->timeout, sizeof(nums->timeout), "%u", 120 + a->tries * 20);
	if (uml[0])
		n = cli_uml_prefix(argvv, uml_run, uml, nums->timeout, w->console);
	argvv[n++] = "bash";
	argvv[n++] = stack;
	argvv[n++] = w->prog;
	argvv[n++] = nums->bs;
	argvv[n++] = nums->tries;
	argvv[n++] = "--hold-ms";
	argvv[n++] = nums->hold;
	if (needs->faults)
		argvv[n++] = "--faults";
	if (needs->always_cow)
		argvv[n++] = "--always-cow";
	if (a->verbose)
		argvv[n++] = "-v";
	argvv[n] = NULL;
	return n;
}

/* The last line and the exit code from the stack's status and verdict. */
static int report_verdict(int rc, const char *verdict)
{
	if (rc == REPRO_EXIT_SKIP) {
		printf("reproduce: skipped: this kernel cannot host the scenario (see above)\n");
		return REPRO_EXIT_SKIP;
	}
	if (verdict[0] && (rc == REPRO_EXIT_REPRODUCED || rc == REPRO_EXIT_NOT)) {
		fputs(verdict, stdout);
		return rc;
	}
	printf("reproduce: no verdict (the run ended with status %d)\n", rc);
	return rc == REPRO_EXIT_USAGE ? REPRO_EXIT_USAGE : REPRO_EXIT_ENV;
}

int cmd_reproduce(int argc, char **argv)
{
	static struct cf_scenario scn;
	static struct repro_work w;
	static char uml_run[PATH_MAX];
	struct repro_args a;
	struct repro_needs needs;
	struct repro_nums nums;
	char path[PATH_MAX], uml[PATH_MAX], runtime[PATH_MAX], stack[PATH_MAX];
	char verdict[256];
	char *argvv[32];
	int rc;

	if (parse_args(argc, argv, &a))
		return REPRO_EXIT_USAGE;
	if (cli_kernel_spec("reproduce", a.kernel, uml, sizeof(uml)))
		return REPRO_EXIT_USAGE;
	rc = load_target(a.target, path, sizeof(path), &scn);
	if (rc)
		return rc;
	repro_needs(&scn, &needs);
	snprintf(runtime, sizeof(runtime), "%s/harness/kcheck/reproduce/runtime/repro_runtime.c",
		 cli_source_dir());
	if (a.emit)
		return emit_only(&scn, path, runtime, a.emit);
	rc = build_program(&scn, path, runtime, &w);
	if (rc)
		return rc;

	snprintf(stack, sizeof(stack), "%s/scripts/lib/reproduce-stack.sh", cli_source_dir());
	snprintf(uml_run, sizeof(uml_run), "%s/scripts/uml-run", cli_source_dir());
	if (uml[0] && access(uml_run, X_OK)) {
		printf("reproduce: skipped: %s is missing\n", uml_run);
		if (!a.keep)
			remove_work(w.dir);
		return REPRO_EXIT_SKIP;
	}
	stack_argv(argvv, &a, &needs, uml, uml_run, stack, &w, &nums);
	printf("reproduce: %s on %s, %u tries\n", path, uml[0] ? (strcmp(uml, "debian") ?
	       uml : "Debian's user-mode Linux") : "the host's kernel", a.tries);
	fflush(stdout);
	rc = run_streaming(argvv, verdict, sizeof(verdict));
	if (uml[0] && rc != REPRO_EXIT_REPRODUCED && rc != REPRO_EXIT_NOT)
		show_tail(w.console, 15);
	if (a.keep)
		printf("reproduce: kept %s (the program), %s%s%s\n", w.src, w.prog,
		       uml[0] ? " and the UML console " : "", uml[0] ? w.console : "");
	else
		remove_work(w.dir);
	return report_verdict(rc, verdict);
}
