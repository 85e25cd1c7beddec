// SPDX-License-Identifier: GPL-2.0
/*
 * import_test - checks of the trace importers (tests/import.cmake).
 *
 *   import_test summary FORMAT TRACE "N ops imported, M ops commented, K lines rejected"
 *   import_test fixture FORMAT TRACE EXPECTED
 *   import_test corpus DIR
 *   import_test unit
 *
 * summary and fixture also render every window twice (the bytes must be the
 * same) and parse each back with the strict .scn parser.  Exit 0 pass,
 * 1 fail, 77 skip (the trace or the corpus is absent).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "import/import.h"
#include "scenario.h"

#define SKIP 77

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0) {
		buf = malloc((size_t)n + 1);
		if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
			free(buf);
			buf = NULL;
		}
		if (buf) {
			buf[n] = 0;
			*len = (size_t)n;
		}
	}
	fclose(f);
	return buf;
}

/* Import, render every window, check determinism and parse-back; the
 * summary and every non-comment line go into out (caller frees). */
static int import_render(int fmt, const char *trace, char **out)
{
	struct cf_scenario *scn = malloc(sizeof(*scn)), *back = malloc(sizeof(*back));
	struct imp_ctx c, c2;
	char err[SCN_ERR_MAX], *data, *acc;
	size_t len, alen = 0, acap = 1 << 16;
	int rc = 0;

	data = slurp(trace, &len);
	if (!data || !scn || !back) {
		free(data);
		free(scn);
		free(back);
		return SKIP;
	}
	acc = malloc(acap);
	imp_init(&c, trace, 4096);
	imp_init(&c2, trace, 4096);
	imp_run(&c, fmt, data, len);
	imp_run(&c2, fmt, data, len);
	alen = snprintf(acc, acap, "SUMMARY: %lu ops imported, %lu ops commented, %lu lines rejected\n",
			c.nops, c.ncommented, c.nrejected);
	for (size_t k = 0; k < imp_window_count(&c); k++) {
		char *t1 = imp_render_window(&c, k, fmt, trace, scn);
		char *t2 = imp_render_window(&c2, k, fmt, trace, scn);

		if (!t1 || !t2 || strcmp(t1, t2)) {
			fprintf(stderr, "FAIL: %s window %zu: rendering differs between runs\n", trace, k);
			rc = 1;
		} else if (scn_parse_text(t1, strlen(t1), trace, back, err, sizeof(err)) ||
			   back->nops != scn->nops || back->nops > IMP_WINDOW_OPS ||
			   scn_validate(back, err, sizeof(err))) {
			fprintf(stderr, "FAIL: %s window %zu does not parse back: %s\n", trace, k, err);
			rc = 1;
		}
		for (char *l = t1; l && *l;) {
			char *nl = strchr(l, '\n');
			size_t n = nl ? (size_t)(nl - l) : strlen(l);

			if (l[0] != '#') {
				while (alen + n + 2 > acap)
					acc = realloc(acc, acap *= 2);
				memcpy(acc + alen, l, n);
				alen += n;
				acc[alen++] = '\n';
				acc[alen] = 0;
			}
			l = nl ? nl + 1 : l + n;
		}
		free(t1);
		free(t2);
	}
	imp_free(&c);
	imp_free(&c2);
	free(data);
	free(scn);
	free(back);
	*out = acc;
	return rc;
}

static int cmd_summary(int fmt, const char *trace, const char *expect)
{
	char *got = NULL, want[256];
	int rc = import_render(fmt, trace, &got);

	if (rc == SKIP) {
		printf("SKIP: %s is absent\n", trace);
		return SKIP;
	}
	snprintf(want, sizeof(want), "SUMMARY: %s\n", expect);
	if (strncmp(got, want, strlen(want))) {
		fprintf(stderr, "FAIL: %s\n  want %s  got  %.*s", trace, want,
			(int)(strchr(got, '\n') - got + 1), got);
		rc = 1;
	}
	free(got);
	return rc;
}

static int cmd_fixture(int fmt, const char *trace, const char *expected)
{
	size_t n;
	char *want = slurp(expected, &n), *got = NULL;
	int rc;

	if (!want) {
		fprintf(stderr, "FAIL: cannot read %s\n", expected);
		return 1;
	}
	rc = import_render(fmt, trace, &got);
	if (rc == SKIP) {
		fprintf(stderr, "FAIL: cannot read %s\n", trace);
		return 1;
	}
	if (strcmp(want, got)) {
		fprintf(stderr, "FAIL: %s\n--- want\n%s--- got\n%s", trace, want, got);
		rc = 1;
	}
	free(want);
	free(got);
	return rc;
}

static int walk(const char *dir, int *nfiles)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int rc = 0;

	if (!d)
		return -1;
	while ((e = readdir(d))) {
		char path[4096], err[SCN_ERR_MAX];
		struct cf_scenario *scn;
		struct stat sb;
		size_t n = strlen(e->d_name);

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (stat(path, &sb))
			continue;
		if (S_ISDIR(sb.st_mode)) {
			if (walk(path, nfiles) > 0)
				rc = 1;
			continue;
		}
		if (n < 4 || strcmp(e->d_name + n - 4, ".scn"))
			continue;
		scn = malloc(sizeof(*scn));
		if (scn_load_file(path, SCN_FORM_TEXT, scn, err, sizeof(err)) ||
		    scn->nops == 0 || scn->nops > IMP_WINDOW_OPS) {
			fprintf(stderr, "FAIL: %s: %s\n", path, scn->nops ? err : "no operations");
			rc = 1;
		}
		free(scn);
		(*nfiles)++;
	}
	closedir(d);
	return rc;
}

static int cmd_corpus(const char *dir)
{
	int n = 0, rc = walk(dir, &n);

	if (rc < 0) {
		printf("SKIP: %s is absent\n", dir);
		return SKIP;
	}
	if (n == 0) {
		fprintf(stderr, "FAIL: no .scn under %s\n", dir);
		return 1;
	}
	printf("%d scenarios parse\n", n);
	return rc;
}

/* ---- unit checks ---- */

static int failures;

#define CHECK(cond) do { \
	if (!(cond)) { \
		fprintf(stderr, "FAIL: %s:%d: %s\n", __FILE__, __LINE__, #cond); \
		failures++; \
	} \
} while (0)

static void unit_blocks(void)
{
	struct imp_ctx c;
	uint16_t off, len;

	imp_init(&c, "unit", 4096);
	CHECK(imp_blocks(&c, "w", 0x1001, 0x10, &off, &len) && off == 1 && len == 1);
	CHECK(imp_blocks(&c, "w", 0xfff, 0x2, &off, &len) && off == 0 && len == 2);
	CHECK(imp_blocks(&c, "w", 255 * 4096, 8192, &off, &len) && off == 255 && len == 1);
	CHECK(!imp_blocks(&c, "w", 256 * 4096, 4096, &off, &len));
	CHECK(!imp_blocks(&c, "w", 4096, 0, &off, &len));
	CHECK(!imp_blocks(&c, "w", UINT64_MAX - 5, 100, &off, &len));
	CHECK(imp_size_blocks(&c, 1, &off) && off == 1);
	CHECK(!imp_size_blocks(&c, 256 * 4096 + 1, &off));
	CHECK(c.nops == 0 && c.nitems == 4);	/* rounding and clipping notes */
	imp_free(&c);
}

static void unit_windows(void)
{
	char buf[8192];
	struct cf_scenario *scn = malloc(sizeof(*scn)), *back = malloc(sizeof(*back));
	struct imp_ctx c;
	char err[SCN_ERR_MAX], *t;
	size_t n = 0;

	/* 130 writes -> windows of 64, 64, 2; later windows start from the
	 * file size fsx recorded */
	for (int i = 0; i < 130; i++)
		n += snprintf(buf + n, sizeof(buf) - n, "write 0x%x 0x1000 0x%x\n",
			      (i % 100) * 4096, 0x20000);
	imp_init(&c, "unit", 4096);
	imp_fsx(&c, buf, n);
	CHECK(c.nops == 130 && imp_window_count(&c) == 3);
	t = imp_render_window(&c, 1, IMP_FSX, "unit", scn);
	CHECK(t && scn->nops == 64 && scn->geo.init == CF_INIT_WRITTEN &&
	      scn->geo.init_blocks == 32);
	CHECK(t && !scn_parse_text(t, strlen(t), "w1", back, err, sizeof(err)) &&
	      back->geo.init_blocks == 32);
	free(t);
	t = imp_render_window(&c, 2, IMP_FSX, "unit", scn);
	CHECK(t && scn->nops == 2);
	free(t);
	CHECK(imp_render_window(&c, 3, IMP_FSX, "unit", scn) == NULL);
	t = imp_render_window(&c, 0, IMP_FSX, "unit", scn);
	CHECK(t && scn->geo.init == CF_INIT_NONE && scn->ops[0].kind == CF_OP_DWRITE);
	free(t);
	imp_free(&c);
	free(scn);
	free(back);
}

/* Nothing is fatal: garbage of every kind is counted, never crashes. */
static void unit_garbage(void)
{
	static const char *const inputs[] = {
		"", "\n\n\n", "(((((", "1 2 3 4 5", "<... write resumed>) = 1",
		"5 write(\"unterminated, 1) = 1", "5 write(3, \"a\", 1) = ",
		"5 openat(AT_FDCWD, \"/x\", O_RDWR) = 3\n5 write(3, [{\"a\"}], 99999999999999999999) = 5",
		"write 0x1 0x2", "skip", "1( 1 mod 256): WRITE 0x0 thru", "LOG DUMP (1 total operations):\n1( 1 mod 256):",
		"x-1 [000] 1.0: xfs_file_buffered_write: ino", "xfs_reflink_remap_range: ino 1 -> ino",
	};

	for (size_t i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++) {
		for (int fmt = 0; fmt < IMP_NFORMATS; fmt++) {
			struct imp_ctx c;

			imp_init(&c, "unit", 4096);
			imp_run(&c, fmt, inputs[i], strlen(inputs[i]));
			CHECK(!c.oom);
			imp_free(&c);
		}
	}
	{
		struct imp_ctx c;
		const char *s = "garbage\nmore garbage\n";

		imp_init(&c, "unit", 4096);
		imp_strace(&c, s, strlen(s));
		CHECK(c.nrejected == 2 && c.nops == 0);
		imp_free(&c);
	}
}

static void unit_abbrev(void)
{
	char out[64];

	imp_abbrev(out, sizeof(out), "write(1, \"0123456789abcdefXYZ\", 3)", 34);
	CHECK(!strcmp(out, "write(1, \"0123456789ab..\", 3)"));
	imp_abbrev(out, sizeof(out), "a\tb\x01\xff", 5);
	CHECK(!strcmp(out, "a b??"));
}

static int cmd_unit(void)
{
	unit_blocks();
	unit_windows();
	unit_garbage();
	unit_abbrev();
	if (!failures)
		printf("import unit checks pass\n");
	return failures ? 1 : 0;
}

int main(int argc, char **argv)
{
	int fmt = argc > 2 ? imp_format_find(argv[2]) : -1;

	if (argc == 2 && !strcmp(argv[1], "unit"))
		return cmd_unit();
	if (argc == 3 && !strcmp(argv[1], "corpus"))
		return cmd_corpus(argv[2]);
	if (argc == 5 && fmt >= 0 && !strcmp(argv[1], "summary"))
		return cmd_summary(fmt, argv[3], argv[4]);
	if (argc == 5 && fmt >= 0 && !strcmp(argv[1], "fixture"))
		return cmd_fixture(fmt, argv[3], argv[4]);
	fprintf(stderr, "usage: import_test unit | corpus DIR | summary|fixture FORMAT TRACE EXPECT\n");
	return 2;
}
