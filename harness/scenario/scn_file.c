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

/* Text: no control byte but tab, LF and CR, and no DEL (bytes above 0x7f,
 * UTF-8 or not, can be in a comment).  Every binary input the fuzzers
 * write has a control byte in practice (header and record bytes are small
 * numbers); one that has none is parsed as text, and refused with a hint
 * to pass --binary when it does not parse, rather than guessed at. */
int scn_looks_like_text(const uint8_t *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		uint8_t c = b[i];

		if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f)
			return 0;
	}
	return 1;
}

/* "PATH.profile" beside a binary input: the profile it was found on. */
static int read_profile_file(const char *path, struct cf_scenario *out,
			     char *err, size_t errlen)
{
	char side[4096], name[sizeof(out->profile) + 2];
	size_t n;
	FILE *f;

	if (snprintf(side, sizeof(side), "%s.profile", path) >= (int)sizeof(side))
		return 0;
	f = fopen(side, "r");
	if (!f)
		return 0;
	n = fread(name, 1, sizeof(name) - 1, f);
	fclose(f);
	name[n] = 0;
	while (n && (name[n - 1] == '\n' || name[n - 1] == '\r' || name[n - 1] == ' '))
		name[--n] = 0;
	if (!n || n >= sizeof(out->profile) || strchr(name, '\n') ||
	    !cf_profile_find(name)) {
		snprintf(err, errlen, "%s: not a profile name (one line from 'cowfuzz profiles')",
			 side);
		return -1;
	}
	memcpy(out->profile, name, n + 1);
	return 0;
}

int scn_load_input(const char *path, enum scn_form form, struct cf_scenario *out,
		   enum scn_form *used, char *err, size_t errlen)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf;
	size_t n;
	int rc = 0, guessed = 0;

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
		/* a directory opens but does not read (EISDIR) */
		snprintf(err, errlen, "%s: cannot read: %s", path, strerror(errno));
		rc = -1;
	} else if (n > SCN_FILE_MAX) {
		snprintf(err, errlen, "%s: larger than %u bytes", path, SCN_FILE_MAX);
		rc = -1;
	} else if (n == 0 && form == SCN_FORM_AUTO) {
		snprintf(err, errlen, "%s: empty file (no scenario in it)", path);
		rc = -1;
	}
	fclose(f);
	if (!rc && form == SCN_FORM_AUTO) {
		/* the content decides; ".scn" is always text */
		if (has_suffix(path, ".scn") || scn_looks_like_text(buf, n)) {
			guessed = !has_suffix(path, ".scn");
			form = SCN_FORM_TEXT;
		} else {
			form = SCN_FORM_BINARY;
		}
	}
	if (!rc && form == SCN_FORM_TEXT) {
		rc = scn_parse_text((const char *)buf, n, path, out, err, errlen);
		if (rc && guessed) {
			size_t m = strlen(err);

			snprintf(err + m, errlen > m ? errlen - m : 0,
				 " (the file is text, so it was read as a scenario; --binary decodes it as binary)");
		}
	} else if (!rc) {
		if (form == SCN_FORM_PCT)
			scn_decode_pct(buf, n, out);
		else
			scn_decode_binary(buf, n, out);
		rc = read_profile_file(path, out, err, errlen);
	}
	if (used)
		*used = form;
	free(buf);
	return rc;
}

int scn_load_file(const char *path, enum scn_form form, struct cf_scenario *out,
		  char *err, size_t errlen)
{
	return scn_load_input(path, form, out, NULL, err, errlen);
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
