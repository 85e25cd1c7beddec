/* SPDX-License-Identifier: GPL-2.0 */
/*
 * scenario.h - the text (.scn) and binary forms of a scenario.
 * docs/scenario.md is the grammar; this is its one implementation.
 */
#ifndef COWFUZZ_SCENARIO_H
#define COWFUZZ_SCENARIO_H

#include <stddef.h>
#include <stdint.h>
#include "cowfuzz.h"

#define SCN_HEADER_BYTES	5
#define SCN_RECORD_BYTES	8
#define SCN_ERR_MAX		512

/*
 * Strict parser for hand-written files.  On error returns -1 and writes
 * "FILE:LINE:COL: message" into err.  Header lines (geometry, init,
 * always_cow, profile, schedule) may appear only before the first operation.
 */
int scn_parse_text(const char *text, size_t len, const char *fname,
		   struct cf_scenario *out, char *err, size_t errlen);

/* Canonical text; returns the length written (always NUL-terminated), or
 * the length needed if cap is too small. */
size_t scn_format_text(const struct cf_scenario *scn, char *buf, size_t cap);

/* One operation line (no newline) into buf, canonical form. */
size_t scn_format_op(const struct cf_scenario *scn, const struct cf_op *op,
		     char *buf, size_t cap);

/* Binary form: every byte string decodes (never fails). */
void scn_decode_binary(const uint8_t *data, size_t size, struct cf_scenario *out);
/* Canonical bytes; returns bytes written or needed, 0 if the scenario has
 * no binary form (scn_binary_check says why). */
size_t scn_encode_binary(const struct cf_scenario *scn, uint8_t *buf, size_t cap);
int scn_binary_check(const struct cf_scenario *scn, char *err, size_t errlen);

/*
 * The fuzz_pct_* input (docs/explore.md): 3 prefix bytes (seed low, seed
 * high, depth = 2 + byte % 4), then the binary form.  Decoding never
 * fails; encoding needs a seed below 65536 and a depth of 2..5 (else 0).
 */
#define SCN_PCT_PREFIX_BYTES	3
void scn_decode_pct(const uint8_t *data, size_t size, struct cf_scenario *out);
size_t scn_encode_pct(const struct cf_scenario *scn, uint8_t *buf, size_t cap);

/* Drop every pause, every resume line and a `schedule` line: the
 * operations alone, for the schedule search (completion lines stay). */
void scn_strip_schedule(struct cf_scenario *scn);

/*
 * Load a file.  SCN_FORM_AUTO decides by content: a ".scn" name or a file
 * that is all text (scn_looks_like_text: no control byte but tab, CR, LF) is parsed strictly as text, with a
 * hint to pass --binary when a text file that is not named .scn fails to
 * parse; anything else is decoded as binary; an empty file is refused.  A
 * binary input takes its profile from "PATH.profile" beside it when that
 * exists (docs/scenario.md).  Returns 0, or -1 with a one-line message in
 * err.  scn_load_input also says which form it read (used may be NULL).
 */
enum scn_form { SCN_FORM_AUTO, SCN_FORM_TEXT, SCN_FORM_BINARY,
		SCN_FORM_PCT };	/* PCT: binary with the fuzz_pct_* prefix */
int scn_load_file(const char *path, enum scn_form form, struct cf_scenario *out,
		  char *err, size_t errlen);
int scn_load_input(const char *path, enum scn_form form, struct cf_scenario *out,
		   enum scn_form *used, char *err, size_t errlen);
int scn_looks_like_text(const uint8_t *b, size_t n);

/* Check that ops are within the scenario's geometry (used by encoders,
 * importers and the minimizer before handing a scenario on). */
int scn_validate(const struct cf_scenario *scn, char *err, size_t errlen);

#endif /* COWFUZZ_SCENARIO_H */
