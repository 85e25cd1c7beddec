// SPDX-License-Identifier: GPL-2.0
/* Loading scenario files, and checking a built scenario against its limits. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "scenario.h"

#define SCN_FILE_MAX	(1u << 20)

static int has_suffix(const char *s, const char *suf)
{
	size_t n = strlen(s), m = strlen(suf);

	return n >= m && !strcmp(s + n - m, suf);
}

int scn_load_file(const char *path, enum scn_form form, struct cf_scenario *out,
		  char *err, size_t errlen)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf;
	size_t n;
	int rc = 0;

	if (!f) {
		snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno));
		return -1;
	}
	buf = malloc(SCN_FILE_MAX + 1);
	if (!buf) {
		fclose(f);
		snprintf(err, errlen, "%s: out of memory", path);
		return -1;
	}
	n = fread(buf, 1, SCN_FILE_MAX + 1, f);
	if (ferror(f)) {
		snprintf(err, errlen, "%s: read error: %s", path, strerror(errno));
		rc = -1;
	} else if (n > SCN_FILE_MAX) {
		snprintf(err, errlen, "%s: larger than %u bytes", path, SCN_FILE_MAX);
		rc = -1;
	}
	fclose(f);
	if (!rc) {
		if (form == SCN_FORM_AUTO)
			form = has_suffix(path, ".scn") ? SCN_FORM_TEXT : SCN_FORM_BINARY;
		if (form == SCN_FORM_TEXT)
			rc = scn_parse_text((const char *)buf, n, path, out, err, errlen);
		else
			scn_decode_binary(buf, n, out);
	}
	free(buf);
	return rc;
}

int scn_validate(const struct cf_scenario *scn, char *err, size_t errlen)
{
	const struct cf_geometry *g = &scn->geo;

	if (g->block_size != 1024 && g->block_size != 2048 && g->block_size != 4096) {
		snprintf(err, errlen, "block size %u is not 1024, 2048 or 4096", g->block_size);
		return -1;
	}
	if (g->dev_blocks < 16 || g->dev_blocks > CF_MAX_DEV_BLOCKS || g->frag > 7 ||
	    g->cowextsize < 1 || g->cowextsize > 32 || g->init >= CF_INIT_NR ||
	    (g->init != CF_INIT_NONE && (g->init_blocks < 1 || g->init_blocks > 64))) {
		snprintf(err, errlen, "geometry out of range");
		return -1;
	}
	if (scn->nops > CF_MAX_OPS) {
		snprintf(err, errlen, "more than %d operations", CF_MAX_OPS);
		return -1;
	}
	for (uint32_t i = 0; i < scn->nops; i++) {
		const struct cf_op *op = &scn->ops[i];
		const char *why = NULL;

		if (op->kind >= CF_OP_NR)
			why = "unknown operation";
		else if (op->task >= CF_NTASKS)
			why = "unknown task";
		else if (op->pause_point > (unsigned)cf_yield_count())
			why = "unknown yield point";
		else if (op->fault >= CF_FAULT_NR)
			why = "unknown fault";
		else if (op->off + op->len > CF_MAX_FILE_BLOCKS ||
			 op->off2 + op->len > CF_MAX_FILE_BLOCKS)
			why = "range past the largest file";
		else if ((op->ino > CF_NINODES) || op->ino2 > CF_NINODES)
			why = "inode out of range";
		if (why) {
			snprintf(err, errlen, "op %u: %s", i + 1, why);
			return -1;
		}
	}
	return 0;
}
