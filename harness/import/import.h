/* SPDX-License-Identifier: GPL-2.0 */
/*
 * import.h - turning real traces (strace, fsx, ftrace) into scenarios.
 *
 * An importer reads the whole trace from memory and appends "items" to an
 * imp_ctx: operations (struct cf_op, offsets in blocks) and '#' comment
 * lines, in trace order.  Nothing in a trace is fatal: what the port does
 * not model becomes a counted comment, what cannot be parsed is counted as
 * rejected.  imp_render_window() then cuts the items into windows of at most
 * IMP_WINDOW_OPS operations and renders each as .scn text.  No file I/O here;
 * harness/cli/cmd_import.c does that, and the fuzz target calls the same
 * functions in memory.  docs/import.md is the user documentation.
 */
#ifndef COWFUZZ_IMPORT_H
#define COWFUZZ_IMPORT_H

#include <stddef.h>
#include <stdint.h>
#include "cowfuzz.h"

#define IMP_WINDOW_OPS		64	/* operations per output scenario */
#define IMP_COMMENT_MAX		200	/* bytes of trace text kept in a comment */
#define IMP_COWEXTSIZE		32	/* mkfs.xfs default CoW extent size hint */

enum imp_format { IMP_STRACE, IMP_FSX, IMP_FTRACE, IMP_NFORMATS };

struct imp_item {
	struct cf_op	op;		/* valid when is_op */
	char		*text;		/* comment text (no leading "# "), or NULL */
	uint8_t		is_op;
	uint16_t	size_hint;	/* ino 1 size in blocks before this op (0: unknown) */
};

/* A (trace key -> small number) map, for pids -> tasks and files -> inodes. */
struct imp_keymap {
	char		*keys[8];
	int		n;
};

struct imp_ctx {
	const char	*fname;		/* for comments and messages */
	uint32_t	bs;		/* block size of the scenarios */
	int		direct;		/* fsx: the run used O_DIRECT (-Z) */
	struct imp_item	*items;
	size_t		nitems, cap;
	unsigned long	nops;		/* operation lines produced */
	unsigned long	ncommented;	/* trace operations kept only as comments */
	unsigned long	nrejected;	/* lines that could not be parsed */
	unsigned long	lineno;		/* current input line, for messages */
	struct imp_keymap tasks;	/* trace thread -> t0..t3 */
	uint16_t	size_hint;	/* current ino 1 size hint, blocks */
	int		oom;		/* an allocation failed: output incomplete */
};

void imp_init(struct imp_ctx *c, const char *fname, uint32_t block_size);
void imp_free(struct imp_ctx *c);

/* Run one importer over a whole trace held in memory. */
int imp_run(struct imp_ctx *c, enum imp_format fmt, const char *data, size_t len);
void imp_strace(struct imp_ctx *c, const char *data, size_t len);
void imp_fsx(struct imp_ctx *c, const char *data, size_t len);
void imp_ftrace(struct imp_ctx *c, const char *data, size_t len);
const char *imp_format_name(enum imp_format fmt);
int imp_format_find(const char *name);	/* -1 if unknown */

/* Items.  imp_note adds a plain comment (not counted); imp_skip adds one
 * for a trace operation that is not modelled (counted in ncommented). */
void imp_note(struct imp_ctx *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void imp_skip(struct imp_ctx *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void imp_reject(struct imp_ctx *c, const char *line, size_t len);
void imp_op(struct imp_ctx *c, const struct cf_op *op);
struct cf_op imp_new_op(int kind, int task, int ino);

/*
 * Byte range -> blocks: start rounded down, end rounded up, clipped to the
 * largest file; a note says when either happened.  Returns 0 when nothing of
 * the range is left (it starts past the largest file, or is empty): the
 * caller then keeps the operation as a comment.
 */
int imp_blocks(struct imp_ctx *c, const char *what, uint64_t off, uint64_t len,
	       uint16_t *boff, uint16_t *blen);
/* The same for a buffered write, read or punch, which keeps its bytes (the
 * blocks it touches, head and tail: cowfuzz.h); clipped, never rounded. */
int imp_bytes(struct imp_ctx *c, const char *what, uint64_t off, uint64_t len,
	      struct cf_op *op);
/* Truncate's new size, exact; 0 if past the largest file. */
int imp_size(struct imp_ctx *c, uint64_t size, struct cf_op *op);
/* A new file size in bytes -> blocks (rounded up); 0 if past the limit. */
int imp_size_blocks(struct imp_ctx *c, uint64_t size, uint16_t *blocks);

/* Map a trace key to 0..max-1 in order of first use; -1 when full. */
int imp_key(struct imp_ctx *c, struct imp_keymap *m, const char *key, int max);
int imp_key_find(const struct imp_keymap *m, const char *key);
void imp_keymap_free(struct imp_keymap *m);
/* The user task (t0..t3) for a trace thread: the first four get one each,
 * later ones share them round-robin. */
int imp_task(struct imp_ctx *c, const char *thread);

/* Copy a line into a comment-safe string: printable ASCII, long quoted
 * strings shortened, at most IMP_COMMENT_MAX bytes. */
/* Call fn on every line of data (trailing CR and blanks cut), counting
 * c->lineno from 1. */
void imp_each_line(struct imp_ctx *c, const char *data, size_t len,
		   void (*fn)(void *st, const char *line, size_t n), void *st);
void imp_abbrev(char *dst, size_t cap, const char *s, size_t n);

/* Parse an unsigned number (decimal or 0x hex) from s[0..n); 0 on success. */
int imp_parse_u64(const char *s, size_t n, uint64_t *out);

/* Windows. */
size_t imp_window_count(const struct imp_ctx *c);
/*
 * Render window k as .scn text into a malloc'ed, NUL-terminated string and
 * fill *scn with its operations (for the binary seed).  src names the trace
 * in the header comment.  Returns NULL on allocation failure.
 */
char *imp_render_window(const struct imp_ctx *c, size_t k, enum imp_format fmt,
			const char *src, struct cf_scenario *scn);

#endif /* COWFUZZ_IMPORT_H */
