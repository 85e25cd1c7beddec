// SPDX-License-Identifier: GPL-2.0
/*
 * cowfuzz import: real traces -> .scn scenarios (and binary seeds).
 *
 *   cowfuzz import --format strace|fsx|ftrace [options] TRACE... -o DIR
 *
 * Per trace: one summary line "FILE: N ops imported, M ops commented,
 * K lines rejected", then "wrote PATH" per file written.  Bad arguments,
 * an unreadable trace or one with nothing imported: one line on stderr,
 * exit 2.  docs/import.md.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "commands.h"
#include "import/import.h"
#include "scenario.h"
#include "scenario/num.h"

#define IMPORT_MAX_BYTES	(256u << 20)

struct import_opts {
	int		fmt;
	const char	*outdir;
	const char	*stem;
	int		binary;
	int		direct;
	uint32_t	block;
	unsigned long	max_windows;	/* 0: all */
};

static void import_usage(FILE *f)
{
	fprintf(f,
		"usage: cowfuzz import --format strace|fsx|ftrace [--direct] [--binary]\n"
		"                      [--block 1024|2048|4096] [--stem NAME] [--max-windows N]\n"
		"                      TRACE... -o DIR\n"
		"  --direct        fsx: the run used O_DIRECT (-Z); detected when it can be\n"
		"  --binary        also write each window's binary seed (.bin)\n"
		"  --stem NAME     output names NAME-NNN.scn (one TRACE only)\n"
		"  --max-windows N keep N evenly spaced windows of a long trace\n"
		"Per TRACE: \"TRACE: N ops imported, M ops commented, K lines rejected\".\n"
		"Exit: 0 every TRACE imported something; 2 bad arguments, an unreadable\n"
		"TRACE or DIR, or a TRACE with nothing imported (one line on stderr\n"
		"each); 1 a written scenario does not parse back (an importer bug).\n");
}

static int read_all(const char *path, char **out, size_t *len)
{
	FILE *f = fopen(path, "rb");
	size_t cap = 1 << 16, n = 0;
	char *buf;

	if (!f)
		return -1;
	buf = malloc(cap);
	while (buf) {
		size_t got = fread(buf + n, 1, cap - n, f);

		n += got;
		if (got == 0)
			break;
		if (n == cap) {
			char *nb = cap >= IMPORT_MAX_BYTES ? NULL : realloc(buf, cap * 2);

			if (!nb) {
				free(buf);
				buf = NULL;
				errno = EFBIG;
				break;
			}
			buf = nb;
			cap *= 2;
		}
	}
	if (buf && ferror(f)) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	if (!buf)
		return -1;
	*out = buf;
	*len = n;
	return 0;
}

/*
 * A seed for the fuzzers even when the scenario is outside the binary
 * form's ranges: geometry that only sizes things (cowextsize, dev, init
 * blocks) is clamped into range, and stderr says so; anything else gets
 * no seed.  Returns the bytes encoded, 0 if none.
 */
static size_t encode_clamped(struct cf_scenario *scn, uint8_t *bin, size_t cap,
			     const char *path)
{
	struct cf_geometry g = scn->geo;
	char why[SCN_ERR_MAX];
	size_t n;

	if (scn->geo.cowextsize > 16)
		scn->geo.cowextsize = 16;
	if (scn->geo.dev_blocks > 512)
		scn->geo.dev_blocks = 512;
	scn->geo.dev_blocks -= scn->geo.dev_blocks % 64;
	if (scn->geo.dev_blocks < 64)
		scn->geo.dev_blocks = 64;
	if (scn->geo.init != CF_INIT_NONE && scn->geo.init_blocks > 16)
		scn->geo.init_blocks = 16;
	n = scn_encode_binary(scn, bin, cap);
	if (n)
		fprintf(stderr, "cowfuzz import: note: %s: geometry clamped for the binary form "
			"(cowextsize %u -> %u, dev %u -> %u)\n", path, g.cowextsize,
			scn->geo.cowextsize, g.dev_blocks, scn->geo.dev_blocks);
	else if (scn_binary_check(scn, why, sizeof(why)))
		fprintf(stderr, "cowfuzz import: note: no binary seed for %s: %s\n", path, why);
	scn->geo = g;
	return n;
}

static int write_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	int rc = 0;

	if (!f)
		return -1;
	if (fwrite(data, 1, len, f) != len)
		rc = -1;
	if (fclose(f))
		rc = -1;
	return rc;
}

/* Output stem: the file name with dots made underscores, so x.fsxops and
 * x.fsxlog do not collide; a name seen before gets its directory prepended. */
static void make_stem(const char *path, char *stem, size_t cap, char used[][128], int nused)
{
	const char *base = strrchr(path, '/');
	char tmp[128];
	int dup = 0;

	base = base ? base + 1 : path;
	snprintf(tmp, sizeof(tmp), "%s", base);
	for (char *p = tmp; *p; p++)
		if (*p == '.' || *p == ' ')
			*p = '_';
	for (int i = 0; i < nused; i++)
		dup |= !strcmp(used[i], tmp);
	if (dup && base > path) {
		const char *d = base - 1;

		while (d > path && d[-1] != '/')
			d--;
		snprintf(stem, cap, "%.*s_%s", (int)(base - 1 - d), d, tmp);
	} else {
		snprintf(stem, cap, "%s", tmp);
	}
}

/* mkdir -p: the corpus script asks for nested directories. */
static int make_dirs(const char *dir)
{
	char path[4096];
	size_t n = strlen(dir);

	if (n == 0 || n >= sizeof(path))
		return -1;
	memcpy(path, dir, n + 1);
	for (size_t i = 1; i <= n; i++) {
		if (path[i] != '/' && path[i] != 0)
			continue;
		path[i] = 0;
		if (mkdir(path, 0777) && errno != EEXIST)
			return -1;
		path[i] = i < n ? '/' : 0;
	}
	return 0;
}

static int window_selected(size_t k, size_t nwin, unsigned long max)
{
	if (!max || nwin <= max)
		return 1;
	for (unsigned long j = 0; j < max; j++)
		if ((size_t)((unsigned long long)j * nwin / max) == k)
			return 1;
	return 0;
}

static int write_window(const struct import_opts *o, const struct imp_ctx *c,
			const char *trace, const char *stem, size_t k)
{
	struct cf_scenario *scn = malloc(sizeof(*scn)), *back = malloc(sizeof(*back));
	char path[4096], err[SCN_ERR_MAX];
	char *text = NULL;
	int rc = 0;

	if (!scn || !back)
		goto oom;
	text = imp_render_window(c, k, o->fmt, trace, scn);
	if (!text)
		goto oom;
	snprintf(path, sizeof(path), "%s/%s-%03zu.scn", o->outdir, stem, k);
	/* every window must parse back: anything else is an importer bug */
	if (scn_parse_text(text, strlen(text), path, back, err, sizeof(err)) ||
	    back->nops != scn->nops) {
		fprintf(stderr, "cowfuzz import: internal error: %s does not parse back: %s\n",
			path, err);
		rc = 1;
	}
	if (write_file(path, text, strlen(text))) {
		fprintf(stderr, "cowfuzz import: %s: cannot write: %s\n", path, strerror(errno));
		rc = 2;
		goto out;
	}
	printf("wrote %s\n", path);
	if (o->binary) {
		uint8_t bin[SCN_HEADER_BYTES + SCN_RECORD_BYTES * CF_MAX_OPS];
		size_t n = scn_encode_binary(back, bin, sizeof(bin));

		snprintf(path, sizeof(path), "%s/%s-%03zu.bin", o->outdir, stem, k);
		if (n == 0)
			n = encode_clamped(back, bin, sizeof(bin), path);
		if (n == 0) {
			/* nothing to seed with: say why, write no empty file */
			goto out;
		}
		if (n > sizeof(bin) || write_file(path, bin, n)) {
			fprintf(stderr, "cowfuzz import: %s: cannot write\n", path);
			rc = 2;
			goto out;
		}
		printf("wrote %s\n", path);
	}
	goto out;
oom:
	fprintf(stderr, "cowfuzz import: out of memory\n");
	rc = 2;
out:
	free(text);
	free(scn);
	free(back);
	return rc;
}

static int import_one(const struct import_opts *o, const char *trace, const char *stem)
{
	struct imp_ctx c;
	char *data;
	size_t len, nwin;
	int rc = 0;

	if (read_all(trace, &data, &len)) {
		fprintf(stderr, "cowfuzz import: %s: cannot read: %s\n", trace, strerror(errno));
		return 2;
	}
	imp_init(&c, trace, o->block);
	c.direct = o->direct;
	imp_run(&c, o->fmt, data, len);
	free(data);
	if (c.oom) {
		fprintf(stderr, "cowfuzz import: %s: out of memory\n", trace);
		imp_free(&c);
		return 2;
	}
	printf("%s: %lu ops imported, %lu ops commented, %lu lines rejected\n",
	       trace, c.nops, c.ncommented, c.nrejected);
	if (!c.nops) {
		/* nothing to write: say so, and hint at the usual cause */
		if (!c.ncommented && c.nrejected)
			fprintf(stderr, "cowfuzz import: %s: nothing imported: all %lu lines were "
				"rejected as %s; check --format (strace, fsx or ftrace)\n", trace,
				c.nrejected, imp_format_name((enum imp_format)o->fmt));
		else
			fprintf(stderr, "cowfuzz import: %s: nothing imported (no operation "
				"the port models)\n", trace);
		imp_free(&c);
		return 3;
	}
	nwin = imp_window_count(&c);
	for (size_t k = 0; k < nwin && rc != 2; k++) {
		int r;

		if (!window_selected(k, nwin, o->max_windows))
			continue;
		r = write_window(o, &c, trace, stem, k);
		if (r > rc)
			rc = r;
	}
	imp_free(&c);
	return rc;
}

static int bad_usage(const char *what, const char *arg)
{
	fprintf(stderr, "cowfuzz import: %s%s%s (try 'cowfuzz import --help')\n", what,
		arg ? ": " : "", arg ? arg : "");
	return CLI_EXIT_USAGE;
}

/* One option with its value at argv[*i] (advanced past the value); 0, or
 * the usage exit code. */
static int import_option(struct import_opts *o, char **argv, int *i)
{
	const char *a = argv[*i];
	uint64_t v = 0;

	if (!strcmp(a, "--format")) {
		o->fmt = imp_format_find(argv[++*i]);
		if (o->fmt < 0)
			return bad_usage("unknown format (strace, fsx or ftrace)", argv[*i]);
	} else if (!strcmp(a, "-o")) {
		o->outdir = argv[++*i];
	} else if (!strcmp(a, "--stem")) {
		o->stem = argv[++*i];
	} else if (!strcmp(a, "--block")) {
		if (num_parse(argv[++*i], 4096, &v, NULL))
			v = 0;
		o->block = (uint32_t)v;
		if (o->block != 1024 && o->block != 2048 && o->block != 4096)
			return bad_usage("--block must be 1024, 2048 or 4096", argv[*i]);
	} else {	/* --max-windows */
		if (num_parse(argv[++*i], 1000000, &v, NULL))
			v = 0;
		o->max_windows = (unsigned long)v;
		if (!o->max_windows)
			return bad_usage("--max-windows needs a number 1..1000000", argv[*i]);
	}
	return 0;
}

/* The command line into *o and traces[]; 0, -1 after --help, or the usage
 * exit code. */
static int import_args(int argc, char **argv, struct import_opts *o,
		       const char **traces, int *ntr)
{
	static const char *const with_value[] = {
		"--format", "-o", "--stem", "--block", "--max-windows", NULL
	};

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		int more = i + 1 < argc, rc, valued = 0;

		for (int k = 0; with_value[k]; k++)
			valued |= !strcmp(a, with_value[k]);
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			import_usage(stdout);
			return -1;
		} else if (valued && more) {
			rc = import_option(o, argv, &i);
			if (rc)
				return rc;
		} else if (!strcmp(a, "--binary")) {
			o->binary = 1;
		} else if (!strcmp(a, "--direct")) {
			o->direct = 1;
		} else if (a[0] == '-' && a[1]) {
			return bad_usage("unknown option or missing value", a);
		} else {
			traces[(*ntr)++] = a;
		}
	}
	if (o->fmt < 0 || !o->outdir || !*ntr)
		return bad_usage(o->fmt < 0 ? "--format is required" :
				 !o->outdir ? "-o DIR is required" : "no TRACE given", NULL);
	if (o->stem && *ntr > 1)
		return bad_usage("--stem takes one TRACE", NULL);
	return 0;
}

/* Import every trace under its stem; the worst exit code. */
static int import_all(const struct import_opts *o, const char **traces, int ntr,
		      char (*used)[128])
{
	int rc = 0;

	for (int i = 0; i < ntr; i++) {
		int r;

		if (o->stem)
			snprintf(used[i], sizeof(used[i]), "%s", o->stem);
		else
			make_stem(traces[i], used[i], sizeof(used[i]), used, i);
		r = import_one(o, traces[i], used[i]);
		if (r == 2)
			return 2;
		if (r == 3) {	/* nothing imported: bad input, go on with the rest */
			rc = 2;
			continue;
		}
		if (r > rc)
			rc = r;
	}
	return rc;
}

int cmd_import(int argc, char **argv)
{
	struct import_opts o = { .fmt = -1, .block = 4096 };
	const char **traces = calloc(argc > 0 ? argc : 1, sizeof(char *));
	char (*used)[128] = NULL;
	int ntr = 0, rc;

	if (!traces)
		return CLI_EXIT_USAGE;
	rc = import_args(argc, argv, &o, traces, &ntr);
	if (rc < 0) {		/* --help */
		rc = 0;
		goto out;
	}
	if (rc)
		goto out;
	if (make_dirs(o.outdir)) {
		fprintf(stderr, "cowfuzz import: %s: cannot create: %s\n", o.outdir, strerror(errno));
		rc = CLI_EXIT_USAGE;
		goto out;
	}
	used = calloc(ntr, sizeof(*used));
	rc = used ? import_all(&o, traces, ntr, used) : CLI_EXIT_USAGE;
out:
	free(used);
	free(traces);
	fflush(stdout);
	return rc;
}
