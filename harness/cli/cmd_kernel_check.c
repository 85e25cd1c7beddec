// SPDX-License-Identifier: GPL-2.0
/*
 * cowfuzz kernel-check: run scenarios sequentially on the host's XFS (a
 * loop-mounted reflink image) and compare size, content and sharing with the
 * port's reference model.  DESIGN §10.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include "commands.h"
#include "uml.h"
#include "kcheck/kcheck.h"
#include "scenario.h"
#include "scenario/num.h"

static volatile int kc_stop;
static struct kc_host *kc_crash_host;	/* for the fatal-signal handler */

struct kc_args {
	int		keep;
	int		verbose;
	const char	*image;
	const char	*verify_dir;
	const char	*save_dir;
	const char	*dump_dir;
	const struct cf_profile_info *profile;	/* the port's side */
	uint32_t	generate;
	uint64_t	seed;
	char		**files;
	int		nfiles;
};

struct kc_tally {
	uint32_t	passed, failed, skipped;
};

static void usage(FILE *f)
{
	fprintf(f,
		"usage: cowfuzz kernel-check [--kernel host|uml[:KERNEL]] [--profile P] [--keep] [--image PATH] [-v] SCENARIO...\n"
		"       cowfuzz kernel-check --generate N [--seed S] [--profile P] [--save DIR] [--keep] [-v]\n"
		"       cowfuzz kernel-check --verify-dir DIR [--profile P] SCENARIO\n"
		"\n"
		"Runs each scenario's lines one after the other with real syscalls on a\n"
		"loop-mounted reflink XFS (a sparse 512 MiB image in a temp dir, one per\n"
		"block size) and compares each file's size, block contents and FIEMAP\n"
		"sharing with the port's reference model (profile P, sequential).\n"
		"  --profile P   the port's profile to compare with (default: the newest,\n"
		"                %s; see cowfuzz profiles)\n"
		"  --keep        leave the image(s), unmounted, with every scenario's files\n"
		"  --image PATH  make the image at PATH (PATH.<bs> for further block sizes);\n"
		"                PATH must not exist\n"
		"  --generate N  check N random sequential scenarios (seeded by --seed)\n"
		"  --save DIR    write each failing generated scenario to DIR as .scn\n"
		"  --dump DIR    only write the generated scenarios to DIR (no run)\n"
		"  --verify-dir  compare DIR/ino1..3, made by other means (an exported\n"
		"                xfs_io script), with the port; no mount, no root\n"
		"  -v            print every syscall and its result\n"
		"  --kernel uml[:KERNEL]  run this same check inside a user-mode Linux:\n"
		"                Debian's 6.1, or a kernel from scripts/uml-kernel (a\n"
		"                debug one has always_cow); paths must not be under /tmp\n"
		"Exit: 0 all agree, 1 a mismatch, 2 bad usage or input, 77 skipped (no\n"
		"root, no loop devices, no mkfs.xfs, or the mount failed).\n",
		cf_profile_at(cf_profile_count() - 1)->name);
}

static int parse_u64(const char *s, uint64_t *out)
{
	return num_parse(s, UINT64_MAX, out, NULL);
}

static int parse_args(int argc, char **argv, struct kc_args *a)
{
	struct stat st;
	uint64_t v;
	int i;

	memset(a, 0, sizeof(*a));
	a->seed = 1;
	a->profile = cf_profile_at(cf_profile_count() - 1);
	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		const char *o = argv[i];
		int has = i + 1 < argc;

		if (!strcmp(o, "--")) {
			i++;
			break;
		} else if (!strcmp(o, "-h") || !strcmp(o, "--help")) {
			usage(stdout);
			exit(0);
		} else if (!strcmp(o, "--keep")) {
			a->keep = 1;
		} else if (!strcmp(o, "-v")) {
			a->verbose = 1;
		} else if (!strcmp(o, "--image") && has) {
			a->image = argv[++i];
		} else if (!strcmp(o, "--verify-dir") && has) {
			a->verify_dir = argv[++i];
		} else if (!strcmp(o, "--profile") && has) {
			a->profile = cf_profile_find(argv[++i]);
			if (!a->profile) {
				fprintf(stderr, "kernel-check: --profile: unknown profile '%s' (see 'cowfuzz profiles')\n",
					argv[i]);
				return -1;
			}
		} else if (!strcmp(o, "--save") && has) {
			a->save_dir = argv[++i];
		} else if (!strcmp(o, "--dump") && has) {
			a->dump_dir = argv[++i];
		} else if (!strcmp(o, "--generate") && has) {
			if (parse_u64(argv[++i], &v) || !v || v > 10000000) {
				fprintf(stderr, "kernel-check: --generate wants 1..10000000, not '%s'\n",
					argv[i]);
				return -1;
			}
			a->generate = (uint32_t)v;
		} else if (!strcmp(o, "--seed") && has) {
			if (parse_u64(argv[++i], &a->seed)) {
				fprintf(stderr, "kernel-check: --seed wants a number, not '%s'\n",
					argv[i]);
				return -1;
			}
		} else {
			fprintf(stderr, "kernel-check: unknown option or missing value '%s' (try --help)\n",
				o);
			return -1;
		}
	}
	a->files = argv + i;
	a->nfiles = argc - i;
	if (a->verify_dir && (stat(a->verify_dir, &st) || !S_ISDIR(st.st_mode))) {
		fprintf(stderr, "kernel-check: --verify-dir %s: %s\n", a->verify_dir,
			errno == ENOENT ? "no such directory" : "not a directory");
		return -1;
	}
	/* the image is created with O_TRUNC and mkfs -f: never over a file */
	if (a->image && (!a->image[0] || !lstat(a->image, &st))) {
		fprintf(stderr, "kernel-check: --image %s: %s; give a path that does not exist "
			"(kernel-check makes the image there)\n", a->image,
			!a->image[0] ? "empty" : S_ISDIR(st.st_mode) ? "is a directory" :
			"already exists");
		return -1;
	}
	if (a->verify_dir && a->nfiles != 1) {
		fprintf(stderr, "kernel-check: --verify-dir takes exactly one SCENARIO\n");
		return -1;
	}
	if (a->dump_dir && (!a->generate || a->nfiles)) {
		fprintf(stderr, "kernel-check: --dump goes with --generate N and no SCENARIO\n");
		return -1;
	}
	if (!a->nfiles && !a->generate) {
		fprintf(stderr, "kernel-check: no SCENARIO given (try --help)\n");
		return -1;
	}
	return 0;
}

/* Load every file before touching the system: bad input stops us early. */
static struct cf_scenario *load_all(const struct kc_args *a)
{
	struct cf_scenario *scns = calloc(a->nfiles ? a->nfiles : 1, sizeof(*scns));
	char err[SCN_ERR_MAX];

	if (!scns) {
		fprintf(stderr, "kernel-check: out of memory\n");
		return NULL;
	}
	for (int i = 0; i < a->nfiles; i++) {
		if (scn_load_file(a->files[i], SCN_FORM_AUTO, &scns[i], err,
				  sizeof(err)) ||
		    scn_validate(&scns[i], err, sizeof(err))) {
			fprintf(stderr, "kernel-check: %s\n", err);
			free(scns);
			return NULL;
		}
	}
	return scns;
}

static void on_signal(int sig)
{
	kc_stop = sig;
}

/* A crash of ours: unmount with syscalls only, then die of the signal. */
static void on_fatal(int sig)
{
	if (kc_crash_host)
		kc_host_emergency(kc_crash_host);
	signal(sig, SIG_DFL);
	raise(sig);
}

static void catch_signals(struct kc_host *h)
{
	static const int fatal[] = { SIGSEGV, SIGBUS, SIGABRT, SIGFPE, SIGILL };
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;	/* no SA_RESTART: waits return EINTR */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	kc_crash_host = h;
	sa.sa_handler = on_fatal;
	sa.sa_flags = SA_RESETHAND;
	for (size_t i = 0; i < sizeof(fatal) / sizeof(fatal[0]); i++)
		sigaction(fatal[i], &sa, NULL);
}

/* --verify-dir: the files are already there; compare them only. */
static int verify_dir(const struct kc_args *a, const struct cf_scenario *scn)
{
	static struct cf_result res;
	struct kc_file_obs obs[CF_NINODES];
	char msg[KC_MSG_MAX];
	const char *why = kc_unsupported(scn, 0);
	int rc;

	if (why) {
		printf("SKIP %s: %s\n", a->files[0], why);
		return KC_EXIT_SKIP;
	}
	rc = kc_port_final_on(scn, a->profile, &res, msg, sizeof(msg));
	if (!rc && kc_observe(a->verify_dir, scn->geo.block_size, obs, msg,
			      sizeof(msg))) {
		fprintf(stderr, "kernel-check: %s\n", msg);
		return 2;
	}
	if (!rc)
		rc = kc_compare(&res, obs, msg, sizeof(msg));
	if (rc) {
		printf("FAIL %s: %s\n", a->files[0], msg);
		return 1;
	}
	printf("PASS %s\n", a->files[0]);
	return 0;
}

static int save_scenario(const char *dir, const char *name,
			 const struct cf_scenario *scn)
{
	static char text[64 * 1024];
	char path[512];
	FILE *f;

	if (!dir)
		return 0;
	snprintf(path, sizeof(path), "%s/%s.scn", dir, name);
	scn_format_text(scn, text, sizeof(text));
	f = fopen(path, "w");
	if (f) {
		int bad = fputs(text, f) == EOF;

		if (!fclose(f) && !bad)
			return 0;
	}
	fprintf(stderr, "kernel-check: cannot save %s: %s\n", path, strerror(errno));
	return -1;
}

/* --dump: the generated scenarios as files, for export and the tests. */
static int dump_generated(const struct kc_args *a)
{
	static struct cf_scenario gen;
	char name[64];

	for (uint32_t i = 0; i < a->generate; i++) {
		kc_generate(a->seed, i, &gen);
		snprintf(name, sizeof(name), "gen-%llu-%u",
			 (unsigned long long)a->seed, i);
		if (save_scenario(a->dump_dir, name, &gen))
			return 1;
	}
	return 0;
}

/*
 * One scenario on the host.  Returns 0 pass, 1 fail, 2 skip, -1 when the
 * host failed (msg), -2 when nothing could be mounted at all (msg).
 */
static int check_one(struct kc_host *h, const struct kc_args *a,
		     const struct cf_scenario *scn, uint32_t n, char *msg,
		     size_t len)
{
	static struct cf_result res;
	struct kc_file_obs obs[CF_NINODES];
	struct kc_exec_opts eo = { a->verbose, &kc_stop, NULL };
	char note[KC_MSG_MAX] = "", dir[400];
	const char *why = kc_unsupported(scn, kc_have_always_cow());
	const char *mnt;
	int rc;

	if (why) {
		snprintf(msg, len, "%s", why);
		return 2;
	}
	mnt = kc_host_mount(h, scn->geo.block_size, msg, len);
	if (!mnt)
		return h->fs[0].mounted ? -1 : -2;
	if (scn->geo.always_cow &&
	    kc_host_set_always_cow(h, scn->geo.block_size, 1, msg, len))
		return -1;
	snprintf(dir, sizeof(dir), "%s/s%06u", mnt, n);
	eo.note = note;
	rc = kc_exec(scn, dir, &eo, msg, len);
	if (rc == 0 && kc_observe(dir, scn->geo.block_size, obs, msg, len))
		rc = -1;
	if (rc == 0)
		rc = kc_port_final_on(scn, a->profile, &res, msg, len);
	if (rc == 0)
		rc = kc_compare(&res, obs, msg, len);
	if (!a->keep)
		kc_remove_dir(dir);
	if (scn->geo.always_cow)
		kc_host_set_always_cow(h, scn->geo.block_size, 0, note, 0);
	if (note[0])
		fprintf(stderr, "  note s%06u: %s\n", n, note);
	return rc;
}

static int report(struct kc_tally *t, const char *name, int rc, const char *msg)
{
	switch (rc) {
	case 0:
		t->passed++;
		printf("PASS %s\n", name);
		break;
	case 1:
		t->failed++;
		printf("FAIL %s: %s\n", name, msg);
		break;
	case 2:
		t->skipped++;
		printf("SKIP %s: %s\n", name, msg);
		break;
	default:
		return -1;
	}
	fflush(stdout);
	return 0;
}

static int run_all(struct kc_host *h, const struct kc_args *a,
		   const struct cf_scenario *scns, struct kc_tally *t)
{
	static struct cf_scenario gen;
	uint32_t total = (uint32_t)a->nfiles + a->generate;
	char msg[KC_MSG_MAX], name[64];

	for (uint32_t i = 0; i < total && !kc_stop; i++) {
		const struct cf_scenario *scn = &scns[i];
		const char *shown;
		int rc;

		if (i < (uint32_t)a->nfiles) {
			shown = a->files[i];
		} else {
			kc_generate(a->seed, i - a->nfiles, &gen);
			snprintf(name, sizeof(name), "gen-%llu-%u",
				 (unsigned long long)a->seed, i - a->nfiles);
			scn = &gen;
			shown = name;
		}
		msg[0] = 0;
		rc = check_one(h, a, scn, i, msg, sizeof(msg));
		if (rc == -2) {
			printf("kernel-check: cannot mount a loop XFS image here (%s); skipped\n",
			       msg);
			return KC_EXIT_SKIP;
		}
		if (rc < 0) {
			if (kc_stop)
				break;
			fprintf(stderr, "kernel-check: %s: %s\n", shown, msg);
			return 2;
		}
		if (rc == 1 && scn == &gen)
			save_scenario(a->save_dir, name, scn);
		report(t, shown, rc, msg);
	}
	if (kc_stop) {
		fprintf(stderr, "kernel-check: interrupted by signal %d, cleaned up\n",
			kc_stop);
		return 128 + kc_stop;
	}
	printf("kernel-check: %u passed, %u failed, %u skipped\n", t->passed,
	       t->failed, t->skipped);
	return t->failed ? 1 : 0;
}

int cmd_kernel_check(int argc, char **argv)
{
	const char *kernel;
	char uml[4096];
	struct kc_host host;
	struct kc_tally tally = { 0 };
	struct kc_args a;
	struct cf_scenario *scns;
	const char *why;
	char msg[KC_MSG_MAX];
	int rc;

	switch (cli_take_kernel_opt("kernel-check", &argc, argv, &kernel)) {
	case -1:
		return CLI_EXIT_USAGE;
	case 1:
		if (cli_kernel_spec("kernel-check", kernel, uml, sizeof(uml)))
			return CLI_EXIT_USAGE;
		if (uml[0])	/* the same command, inside that kernel */
			return cli_reexec_in_uml("kernel-check", uml, 1800, argc, argv);
	}
	if (parse_args(argc, argv, &a))
		return CLI_EXIT_USAGE;
	if (a.dump_dir)
		return dump_generated(&a);
	scns = load_all(&a);
	if (!scns)
		return CLI_EXIT_USAGE;
	if (a.verify_dir) {
		rc = verify_dir(&a, &scns[0]);
		free(scns);
		return rc;
	}
	why = kc_host_unusable();
	if (why) {
		printf("%s\n", why);
		free(scns);
		return KC_EXIT_SKIP;
	}
	if (kc_host_init(&host, a.image, a.keep, msg, sizeof(msg))) {
		fprintf(stderr, "kernel-check: %s\n", msg);
		free(scns);
		return 2;
	}
	catch_signals(&host);
	rc = run_all(&host, &a, scns, &tally);
	kc_host_cleanup(&host);
	free(scns);
	return rc;
}
