// SPDX-License-Identifier: GPL-2.0
/* cowfuzz export: a scenario as an xfs_io script, fsx ops or fstests test. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include "commands.h"
#include "export/export.h"
#include "scenario.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: cowfuzz export --format fsx|xfs_io|fstests SCENARIO [-o FILE]\n"
		"\n"
		"Writes the scenario as something to run on a real kernel (stdout\n"
		"without -o):\n"
		"  xfs_io   a shell script: `sh FILE DIR` runs the lines in order on\n"
		"           DIR/ino1..3 (a reflink XFS) and checks the content\n"
		"  fsx      an fsx --replay-ops file (ino 1 only)\n"
		"  fstests  an fstests-style test holding pause windows open with the\n"
		"           wb_delay_ms / write_delay_ms error tags; with -o FILE also\n"
		"           its golden output FILE.out\n"
		"What a real kernel cannot be made to do is a comment in the output.\n");
}

/* "dir/name.scn" -> "name", for the comments. */
static const char *base_name(const char *path, char *buf, size_t len)
{
	const char *b = strrchr(path, '/');
	char *dot;

	snprintf(buf, len, "%s", b ? b + 1 : path);
	dot = strrchr(buf, '.');
	if (dot && dot != buf)
		*dot = 0;
	return buf;
}

/* fstests' golden output beside the test: FILE.out. */
static int write_golden(const char *test, char *err, size_t len)
{
	char path[4096];
	const char *seq = strrchr(test, '/');
	FILE *f;

	snprintf(path, sizeof(path), "%s.out", test);
	f = fopen(path, "w");
	if (!f) {
		snprintf(err, len, "%s: %s", path, strerror(errno));
		return -1;
	}
	fprintf(f, "QA output created by %s\nSilence is golden\n", seq ? seq + 1 : test);
	if (fclose(f)) {
		snprintf(err, len, "%s: write error", path);
		return -1;
	}
	return 0;
}

int cmd_export(int argc, char **argv)
{
	static struct cf_scenario scn;
	const char *fmt_name = NULL, *in = NULL, *outpath = NULL;
	char err[SCN_ERR_MAX], name[128];
	FILE *out = stdout;
	int fmt, rc;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			usage(stdout);
			return 0;
		} else if (!strcmp(a, "--format") && i + 1 < argc) {
			fmt_name = argv[++i];
		} else if (!strncmp(a, "--format=", 9)) {
			fmt_name = a + 9;
		} else if (!strcmp(a, "-o") && i + 1 < argc) {
			outpath = argv[++i];
		} else if (a[0] == '-' && a[1]) {
			fprintf(stderr, "export: unknown option or missing value '%s' (try --help)\n", a);
			return CLI_EXIT_USAGE;
		} else if (in) {
			fprintf(stderr, "export: one SCENARIO only ('%s' and '%s')\n", in, a);
			return CLI_EXIT_USAGE;
		} else {
			in = a;
		}
	}
	if (!fmt_name || !in) {
		fprintf(stderr, "export: needs --format fsx|xfs_io|fstests and a SCENARIO\n");
		return CLI_EXIT_USAGE;
	}
	fmt = export_format_from_name(fmt_name);
	if (fmt < 0) {
		fprintf(stderr, "export: unknown format '%s' (fsx, xfs_io, fstests)\n", fmt_name);
		return CLI_EXIT_USAGE;
	}
	if (scn_load_file(in, SCN_FORM_AUTO, &scn, err, sizeof(err)) ||
	    scn_validate(&scn, err, sizeof(err))) {
		fprintf(stderr, "export: %s\n", err);
		return CLI_EXIT_USAGE;
	}
	if (outpath) {
		out = fopen(outpath, "w");
		if (!out) {
			fprintf(stderr, "export: %s: %s\n", outpath, strerror(errno));
			return 1;
		}
	}
	rc = export_scenario(&scn, base_name(in, name, sizeof(name)), fmt, out,
			     err, sizeof(err));
	if (outpath) {
		if (fclose(out) && !rc) {
			snprintf(err, sizeof(err), "write error");
			rc = -1;
		}
		if (!rc && fmt != EXPORT_FSX)
			chmod(outpath, 0755);
		if (!rc && fmt == EXPORT_FSTESTS)
			rc = write_golden(outpath, err, sizeof(err));
	}
	if (rc) {
		fprintf(stderr, "export: %s: %s\n", outpath ? outpath : "stdout", err);
		return 1;
	}
	return 0;
}
