// SPDX-License-Identifier: GPL-2.0
/*
 * cowfuzz encode IN.scn [-o OUT]   text -> canonical binary
 * cowfuzz decode IN [-o OUT.scn]   binary -> canonical text
 * cowfuzz profiles                 the kernel behaviours
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "commands.h"
#include "scenario.h"

static int parse_io(int argc, char **argv, const char *cmd, const char **in,
		    const char **out)
{
	*in = *out = NULL;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			printf("usage: cowfuzz %s IN [-o OUT]\n"
			       "  %s\n  without -o the result goes to standard output\n", cmd,
			       !strcmp(cmd, "encode") ?
			       "text scenario (.scn) -> canonical binary fuzz input" :
			       "binary fuzz input -> canonical text scenario (.scn)");
			return 1;
		}
		if (!strcmp(argv[i], "-o")) {
			if (++i == argc) {
				fprintf(stderr, "cowfuzz %s: -o needs a file\n", cmd);
				return -1;
			}
			*out = argv[i];
		} else if (argv[i][0] == '-' && argv[i][1]) {
			fprintf(stderr, "cowfuzz %s: unknown option '%s'\n", cmd, argv[i]);
			return -1;
		} else if (*in) {
			fprintf(stderr, "cowfuzz %s: one input file only ('%s')\n", cmd, argv[i]);
			return -1;
		} else {
			*in = argv[i];
		}
	}
	if (!*in) {
		fprintf(stderr, "usage: cowfuzz %s IN [-o OUT]\n", cmd);
		return -1;
	}
	return 0;
}

static int write_out(const char *cmd, const char *out, const void *buf, size_t n)
{
	FILE *f = out ? fopen(out, "wb") : stdout;

	if (!f) {
		fprintf(stderr, "cowfuzz %s: %s: cannot create: %s\n", cmd, out, strerror(errno));
		return CLI_EXIT_USAGE;
	}
	if (fwrite(buf, 1, n, f) != n || (out && fclose(f))) {
		fprintf(stderr, "cowfuzz %s: %s: write error\n", cmd, out ? out : "stdout");
		return CLI_EXIT_USAGE;
	}
	if (!out)
		fflush(stdout);
	return 0;
}

int cmd_encode(int argc, char **argv)
{
	static struct cf_scenario scn;
	static uint8_t buf[SCN_HEADER_BYTES + CF_MAX_OPS * SCN_RECORD_BYTES];
	const char *in, *out;
	char err[SCN_ERR_MAX];
	size_t n;
	int rc;

	rc = parse_io(argc, argv, "encode", &in, &out);
	if (rc)
		return rc > 0 ? 0 : CLI_EXIT_USAGE;	/* --help, or bad usage */
	if (scn_load_file(in, SCN_FORM_TEXT, &scn, err, sizeof(err))) {
		fprintf(stderr, "cowfuzz encode: %s\n", err);
		return CLI_EXIT_USAGE;
	}
	if (scn_binary_check(&scn, err, sizeof(err))) {
		fprintf(stderr, "cowfuzz encode: %s: %s\n", in, err);
		return CLI_EXIT_USAGE;
	}
	n = scn_encode_binary(&scn, buf, sizeof(buf));
	return write_out("encode", out, buf, n);
}

int cmd_decode(int argc, char **argv)
{
	static struct cf_scenario scn;
	static char text[CF_MAX_OPS * 160 + 512];
	enum scn_form used = SCN_FORM_BINARY;
	const char *in, *out;
	char err[SCN_ERR_MAX];
	size_t n;
	int rc;

	rc = parse_io(argc, argv, "decode", &in, &out);
	if (rc)
		return rc > 0 ? 0 : CLI_EXIT_USAGE;	/* --help, or bad usage */
	if (scn_load_input(in, SCN_FORM_AUTO, &scn, &used, err, sizeof(err)) &&
	    !strstr(err, "--binary")) {
		fprintf(stderr, "cowfuzz decode: %s\n", err);
		return CLI_EXIT_USAGE;
	}
	if (used == SCN_FORM_TEXT) {
		/* decoding text as bytes would print a scenario nobody wrote */
		fprintf(stderr, "cowfuzz decode: %s: is text, not a binary input "
			"('cowfuzz encode' makes one from a .scn)\n", in);
		return CLI_EXIT_USAGE;
	}
	n = scn_format_text(&scn, text, sizeof(text));
	if (n >= sizeof(text)) {
		fprintf(stderr, "cowfuzz decode: %s: text form too long\n", in);
		return CLI_EXIT_USAGE;
	}
	return write_out("decode", out, text, n);
}

int cmd_profiles(int argc, char **argv)
{
	int wn = 7;	/* "PROFILE" */

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			printf("usage: cowfuzz profiles\n"
			       "  one line per profile: PROFILE EXPECTED, then, indented, the kernel\n"
			       "  commit and versions it models and a summary.  EXPECTED names the\n"
			       "  classes the fuzzer should find on it (scripts/fuzz stops on those)\n");
			return 0;
		}
		fprintf(stderr, "cowfuzz profiles: unexpected argument '%s' (it takes none)\n",
			argv[i]);
		return CLI_EXIT_USAGE;
	}
	for (int i = 0; i < cf_profile_count(); i++) {
		int n = (int)strlen(cf_profile_at(i)->name);

		wn = n > wn ? n : wn;
	}
	/* two columns that stay aligned; the rest on indented lines, so a
	 * long field never pushes the next out of line */
	printf("%-*s  %s\n", wn, "PROFILE", "EXPECTED");
	for (int i = 0; i < cf_profile_count(); i++) {
		const struct cf_profile_info *p = cf_profile_at(i);

		printf("%-*s  %s%s\n", wn, p->name, p->expected,
		       !strcmp(p->name, cf_profile_default()) ? " (default)" : "");
		printf("    commit %s; kernels %s\n", p->commit, p->versions);
		printf("    %s\n", p->summary);
	}
	return 0;
}
