// SPDX-License-Identifier: GPL-2.0
/*
 * import_ftrace.c - XFS tracepoint text -> scenario items.
 *
 * Reads the tracefs `trace` / `trace_pipe` format ("TASK-PID [CPU] FLAGS
 * TS: event: fields"), `trace-cmd report` ("TASK-PID [CPU] TS: event:",
 * markers as "print: tracing_mark_write: ..."), and bare "event: fields"
 * excerpts.  Only the events that mark the start of a user operation become
 * items: the write, fsync, remap and truncate entry points are imported; the
 * other entry points (reads, ioctls, zero/collapse/insert/preallocate,
 * unshare, setattr) are counted comments; every event below them (iomap,
 * map_blocks, bmap, refcount...) is a consequence of an operation and is
 * skipped without a trace.  Fields are found by name, with the old names
 * (size/offset/count, before 5.x) accepted for the new (disize/pos/bytecount).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "import.h"

#define FT_MAXTOK	48
#define FT_MAXTHREADS	32

struct ftok {
	const char	*s;
	size_t		n;
};

struct ft_field {
	struct ftok	key, val;
	int		side;		/* 0, or 1 after "->" (remap destination) */
};

enum ft_kind {
	FT_NONE,		/* internal event: skipped */
	FT_WRITE, FT_DWRITE, FT_FSYNC, FT_REMAP, FT_TRUNCATE, FT_FREE,
	FT_BUNMAP,
	FT_COMPOUND,		/* zero/collapse/insert/unshare: own free/alloc */
	FT_OTHER,		/* other entry points: counted comment */
	FT_MARK,
};

struct ft_thread {
	char		name[64];
	int		sub_free;	/* free/alloc events still owed to the */
	int		sub_alloc;	/* thread's last zero/collapse/unshare */
};

struct ft_state {
	struct imp_ctx	*c;
	struct imp_keymap inos;		/* "dev/ino" -> 0..2 */
	struct ft_thread threads[FT_MAXTHREADS];
	int		nthreads;
	/* xfs_free_file_space has no range: the next xfs_bunmap gives it */
	int		punch_pending;
	char		punch_thread[64];
	char		punch_key[64];
	int		punch_task;
	char		punch_text[IMP_COMMENT_MAX + 1];
	char		text[IMP_COMMENT_MAX + 1];
};

static int is_ident(const char *s, size_t n)
{
	if (n == 0 || !((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z') ||
			s[0] == '_'))
		return 0;
	for (size_t i = 1; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
		      (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			return 0;
	return 1;
}

static int ftok_is(const struct ftok *t, const char *lit)
{
	return strlen(lit) == t->n && !memcmp(t->s, lit, t->n);
}

static int split(const char *s, size_t n, struct ftok *t, int max)
{
	int nt = 0;
	size_t i = 0;

	while (i < n && nt < max) {
		size_t b;

		while (i < n && (s[i] == ' ' || s[i] == '\t'))
			i++;
		if (i >= n)
			break;
		b = i;
		while (i < n && s[i] != ' ' && s[i] != '\t')
			i++;
		t[nt].s = s + b;
		t[nt].n = i - b;
		nt++;
	}
	return nt;
}

static enum ft_kind classify(const struct ftok *ev)
{
	static const struct { const char *name; enum ft_kind kind; } tab[] = {
		{ "xfs_file_buffered_write", FT_WRITE },
		{ "xfs_file_direct_write", FT_DWRITE },
		{ "xfs_file_fsync", FT_FSYNC },
		{ "xfs_reflink_remap_range", FT_REMAP },
		{ "xfs_itruncate_extents_start", FT_TRUNCATE },
		{ "xfs_free_file_space", FT_FREE },
		{ "xfs_bunmap", FT_BUNMAP },
		{ "xfs_zero_file_space", FT_COMPOUND },
		{ "xfs_collapse_file_space", FT_COMPOUND },
		{ "xfs_insert_file_space", FT_COMPOUND },
		{ "xfs_reflink_unshare", FT_COMPOUND },
		{ "xfs_alloc_file_space", FT_OTHER },
		{ "xfs_setattr", FT_OTHER },
		{ "tracing_mark_write", FT_MARK },
	};

	for (size_t i = 0; i < sizeof(tab) / sizeof(tab[0]); i++)
		if (ftok_is(ev, tab[i].name))
			return tab[i].kind;
	/* every other xfs_file_* event is a syscall entry point */
	if (ev->n > 9 && !memcmp(ev->s, "xfs_file_", 9))
		return FT_OTHER;
	return FT_NONE;
}

static struct ft_thread *thread_of(struct ft_state *st, const char *name)
{
	for (int i = 0; i < st->nthreads; i++)
		if (!strcmp(st->threads[i].name, name))
			return &st->threads[i];
	if (st->nthreads == FT_MAXTHREADS) {
		/* forget the oldest: only recent history matters */
		memmove(st->threads, st->threads + 1,
			(FT_MAXTHREADS - 1) * sizeof(st->threads[0]));
		st->nthreads--;
	}
	snprintf(st->threads[st->nthreads].name, sizeof(st->threads[0].name), "%s", name);
	st->threads[st->nthreads].sub_free = 0;
	st->threads[st->nthreads].sub_alloc = 0;
	return &st->threads[st->nthreads++];
}

static const struct ftok *field(const struct ft_field *f, int nf, int side,
				const char *k1, const char *k2)
{
	for (int i = 0; i < nf; i++)
		if (f[i].side == side &&
		    (ftok_is(&f[i].key, k1) || (k2 && ftok_is(&f[i].key, k2))))
			return &f[i].val;
	return NULL;
}

static int num(const struct ftok *t, uint64_t *v)
{
	return !t || imp_parse_u64(t->s, t->n, v);
}

/* "dev/ino" -> 1..3, assigned on first use when create is set; 0 if not. */
static int ino_of(struct ft_state *st, const struct ft_field *f, int nf, int side,
		  int create, char *key, size_t cap)
{
	const struct ftok *dev = field(f, nf, 0, "dev", NULL);
	const struct ftok *ino = field(f, nf, side, "ino", NULL);
	int i;

	if (!ino)
		return -1;
	snprintf(key, cap, "%.*s/%.*s", dev ? (int)dev->n : 0, dev ? dev->s : "",
		 (int)ino->n, ino->s);
	i = create ? imp_key(st->c, &st->inos, key, CF_NINODES) : imp_key_find(&st->inos, key);
	return i < 0 ? 0 : i + 1;
}

static void flush_punch(struct ft_state *st)
{
	if (!st->punch_pending)
		return;
	st->punch_pending = 0;
	imp_skip(st->c, "%s: punch/free range not in the trace", st->punch_text);
}

static void do_rw(struct ft_state *st, int kind, int task, const struct ft_field *f,
		  int nf, const char *s, size_t n)
{
	struct imp_ctx *c = st->c;
	uint64_t off, len;
	char key[64];
	struct cf_op op;
	int ino;

	if (num(field(f, nf, 0, "pos", "offset"), &off) ||
	    num(field(f, nf, 0, "bytecount", "count"), &len) ||
	    (ino = ino_of(st, f, nf, 0, 1, key, sizeof(key))) < 0) {
		imp_reject(c, s, n);
		return;
	}
	if (ino == 0) {
		imp_skip(c, "%s: a fourth file", st->text);
		return;
	}
	op = imp_new_op(kind, task, ino);
	if (!imp_blocks(c, st->text, off, len, &op.off, &op.len)) {
		imp_skip(c, "%s: empty or outside the model's file", st->text);
		return;
	}
	imp_op(c, &op);
}

static void do_fsync(struct ft_state *st, int task, const struct ft_field *f, int nf,
		     const char *s, size_t n)
{
	char key[64];
	int ino = ino_of(st, f, nf, 0, 0, key, sizeof(key));
	struct cf_op op;

	if (ino < 0) {
		imp_reject(st->c, s, n);
		return;
	}
	if (ino == 0) {
		imp_skip(st->c, "%s: a file with no imported operation", st->text);
		return;
	}
	op = imp_new_op(CF_OP_FSYNC, task, ino);
	imp_op(st->c, &op);
}

static void do_remap(struct ft_state *st, int task, const struct ft_field *f, int nf,
		     const char *s, size_t n)
{
	struct imp_ctx *c = st->c;
	uint64_t soff, doff, len;
	uint16_t b0, l0, b1, l1;
	char key[64];
	int src, dst;
	struct cf_op op;

	if (num(field(f, nf, 0, "bytecount", "count"), &len) ||
	    num(field(f, nf, 0, "pos", "offset"), &soff) ||
	    num(field(f, nf, 1, "pos", "offset"), &doff) ||
	    (src = ino_of(st, f, nf, 0, 1, key, sizeof(key))) < 0 ||
	    (dst = ino_of(st, f, nf, 1, 1, key, sizeof(key))) < 0) {
		imp_reject(c, s, n);
		return;
	}
	if (!src || !dst) {
		imp_skip(c, "%s: a fourth file", st->text);
		return;
	}
	if (!imp_blocks(c, "remap source", soff, len, &b0, &l0) ||
	    !imp_blocks(c, "remap destination", doff, len, &b1, &l1)) {
		imp_skip(c, "%s: empty or outside the model's file", st->text);
		return;
	}
	op = imp_new_op(CF_OP_REFLINK, task, src);
	op.ino2 = dst;
	op.off = b0;
	op.off2 = b1;
	op.len = l0 < l1 ? l0 : l1;
	imp_op(c, &op);
}

static void do_truncate(struct ft_state *st, int task, const struct ft_field *f, int nf,
			const char *s, size_t n)
{
	uint64_t size;
	char key[64];
	int ino;
	struct cf_op op;

	if (num(field(f, nf, 0, "new_size", NULL), &size) ||
	    (ino = ino_of(st, f, nf, 0, 1, key, sizeof(key))) < 0) {
		imp_reject(st->c, s, n);
		return;
	}
	if (!ino) {
		imp_skip(st->c, "%s: a fourth file", st->text);
		return;
	}
	op = imp_new_op(CF_OP_TRUNCATE, task, ino);
	if (!imp_size_blocks(st->c, size, &op.off)) {
		imp_skip(st->c, "%s: size past the model's largest file", st->text);
		return;
	}
	imp_op(st->c, &op);
}

static void do_bunmap(struct ft_state *st, const char *thread, const struct ft_field *f,
		      int nf)
{
	uint64_t fileoff, cnt;
	char key[64];
	int ino;
	struct cf_op op;

	if (!st->punch_pending || strcmp(thread, st->punch_thread))
		return;
	ino = ino_of(st, f, nf, 0, 0, key, sizeof(key));
	if (ino < 0 || strcmp(key, st->punch_key) ||
	    num(field(f, nf, 0, "fileoff", NULL), &fileoff) ||
	    num(field(f, nf, 0, "fsbcount", "len"), &cnt))
		return;
	st->punch_pending = 0;
	ino = ino_of(st, f, nf, 0, 1, key, sizeof(key));
	if (!ino) {
		imp_skip(st->c, "%s: a fourth file", st->punch_text);
		return;
	}
	op = imp_new_op(CF_OP_PUNCH, st->punch_task, ino);
	imp_note(st->c, "%s", st->punch_text);
	/* fileoff/fsbcount are in filesystem blocks, taken as the model's */
	if (fileoff >= CF_MAX_FILE_BLOCKS || cnt == 0) {
		imp_skip(st->c, "punch at block %llu: outside the model's file",
			 (unsigned long long)fileoff);
		return;
	}
	if (fileoff + cnt > CF_MAX_FILE_BLOCKS)
		cnt = CF_MAX_FILE_BLOCKS - fileoff;
	op.off = (uint16_t)fileoff;
	op.len = (uint16_t)cnt;
	imp_op(st->c, &op);
}

static void do_free(struct ft_state *st, struct ft_thread *th, int task,
		    const struct ft_field *f, int nf, const char *s, size_t n)
{
	char key[64];

	if (ino_of(st, f, nf, 0, 0, key, sizeof(key)) < 0) {
		imp_reject(st->c, s, n);
		return;
	}
	st->punch_pending = 1;
	st->punch_task = task;
	snprintf(st->punch_thread, sizeof(st->punch_thread), "%s", th->name);
	snprintf(st->punch_key, sizeof(st->punch_key), "%s", key);
	memcpy(st->punch_text, st->text, sizeof(st->text));
}

/* Find the event token: the first "name:" after the optional task, CPU,
 * flags and timestamp columns; trace-cmd wraps markers in "print:". */
static int find_event(const struct ftok *t, int nt)
{
	for (int i = 0; i < nt; i++) {
		if (t[i].n < 2 || t[i].s[t[i].n - 1] != ':' || !is_ident(t[i].s, t[i].n - 1))
			continue;
		if (i + 1 < nt && t[i].n == 6 && !memcmp(t[i].s, "print:", 6) &&
		    t[i + 1].n > 1 && t[i + 1].s[t[i + 1].n - 1] == ':' &&
		    is_ident(t[i + 1].s, t[i + 1].n - 1))
			return i + 1;
		return i;
	}
	return -1;
}

static void ft_line(struct ft_state *st, const char *s, size_t n)
{
	struct imp_ctx *c = st->c;
	struct ftok t[FT_MAXTOK], ev;
	struct ft_field f[FT_MAXTOK / 2];
	struct ft_thread *th;
	char thread[64];
	int nt = split(s, n, t, FT_MAXTOK), e, nf = 0, side = 0, task;
	enum ft_kind kind;

	if (nt == 0 || t[0].s[0] == '#' || (t[0].n > 5 && !memcmp(t[0].s, "cpus=", 5)))
		return;
	e = find_event(t, nt);
	if (e < 0) {
		imp_reject(c, s, n);
		return;
	}
	ev.s = t[e].s;
	ev.n = t[e].n - 1;
	kind = classify(&ev);
	if (kind == FT_NONE)
		return;
	if (kind == FT_MARK) {
		const char *rest = t[e].s + t[e].n;

		imp_abbrev(thread, sizeof(thread), "", 0);
		while (rest < s + n && (*rest == ' ' || *rest == '\t'))
			rest++;
		imp_abbrev(st->text, sizeof(st->text), rest, (size_t)(s + n - rest));
		imp_note(c, "mark: %s", st->text);
		return;
	}
	snprintf(thread, sizeof(thread), "%.*s", e > 0 ? (int)t[0].n : 1, e > 0 ? t[0].s : "?");
	for (int i = e + 1; i < nt && nf < FT_MAXTOK / 2; i++) {
		if (ftok_is(&t[i], "->")) {
			side = 1;
			continue;
		}
		if (i + 1 >= nt)
			break;
		f[nf].key = t[i];
		f[nf].val = t[i + 1];
		f[nf].side = side;
		nf++;
		i++;
	}
	th = thread_of(st, thread);
	if (kind == FT_BUNMAP) {
		do_bunmap(st, thread, f, nf);
		return;
	}
	/* the one free and one alloc inside zero, collapse, insert or unshare
	 * belong to them */
	if (kind == FT_FREE && th->sub_free) {
		th->sub_free = 0;
		return;
	}
	if (kind == FT_OTHER && ftok_is(&ev, "xfs_alloc_file_space") && th->sub_alloc) {
		th->sub_alloc = 0;
		return;
	}
	flush_punch(st);
	imp_abbrev(st->text, sizeof(st->text), ev.s, (size_t)(s + n - ev.s));
	th->sub_free = th->sub_alloc = kind == FT_COMPOUND;
	task = imp_task(c, thread);
	switch (kind) {
	case FT_WRITE:
		do_rw(st, CF_OP_WRITE, task, f, nf, s, n);
		break;
	case FT_DWRITE:
		do_rw(st, CF_OP_DWRITE, task, f, nf, s, n);
		break;
	case FT_FSYNC:
		do_fsync(st, task, f, nf, s, n);
		break;
	case FT_REMAP:
		do_remap(st, task, f, nf, s, n);
		break;
	case FT_TRUNCATE:
		do_truncate(st, task, f, nf, s, n);
		break;
	case FT_FREE:
		do_free(st, th, task, f, nf, s, n);
		break;
	default:
		imp_skip(c, "%s: not modelled", st->text);
		break;
	}
}

static void ft_line_cb(void *st, const char *line, size_t n)
{
	ft_line(st, line, n);
}

void imp_ftrace(struct imp_ctx *c, const char *data, size_t len)
{
	struct ft_state *st = calloc(1, sizeof(*st));

	if (!st) {
		c->oom = 1;
		return;
	}
	st->c = c;
	imp_each_line(c, data, len, ft_line_cb, st);
	flush_punch(st);
	imp_keymap_free(&st->inos);
	free(st);
}
