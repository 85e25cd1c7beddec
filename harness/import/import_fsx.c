// SPDX-License-Identifier: GPL-2.0
/*
 * import_fsx.c - fsx operation logs -> scenario items.
 *
 * Two inputs: the --replay-ops file (`.fsxops`: "[skip ]OP 0xA 0xB 0xC
 * [0xD] [keep_size] [unshare]", the last number being the file size before
 * the op) and the "LOG DUMP" section of fsx's log (`.fsxlog`, or a failing
 * run's console output: "N( M mod 256): WRITE 0x0 thru 0xfff (0x1000 bytes)").
 * fsx works on one file, so everything is ino 1 issued by t0.  What the
 * port has no operation for (reads, zero/collapse/insert range,
 * preallocation, copy, dedupe, exchange) is kept as a counted comment.
 */
#define _GNU_SOURCE	/* memmem */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "import.h"

#define FSX_MAXTOK	16

struct fsx_state {
	struct imp_ctx	*c;
	uint64_t	size;		/* file size in bytes, as far as known */
	char		text[IMP_COMMENT_MAX + 1];	/* the line, for comments */
	int		has_dump;	/* the input is a log dump (fsx's .fsxlog) */
	int		in_dump;	/* past its "LOG DUMP (" line */
};

struct tok {
	const char	*s;
	size_t		n;
};

static int tok_is(const struct tok *t, const char *lit)
{
	return strlen(lit) == t->n && !memcmp(t->s, lit, t->n);
}

/* Split on blanks; "(" and ")" around numbers are dropped ("(0x10" "bytes)"). */
static int tokenize(const char *s, size_t n, struct tok *t, int max)
{
	int nt = 0;
	size_t i = 0;

	while (i < n) {
		size_t b;

		while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' ||
				 s[i] == '(' || s[i] == ')' || s[i] == ','))
			i++;
		if (i >= n)
			break;
		b = i;
		while (i < n && s[i] != ' ' && s[i] != '\t' && s[i] != '\r' &&
		       s[i] != '(' && s[i] != ')' && s[i] != ',')
			i++;
		if (nt == max)
			return -1;
		t[nt].s = s + b;
		t[nt].n = i - b;
		nt++;
	}
	return nt;
}

static int tok_num(const struct tok *t, uint64_t *v)
{
	return imp_parse_u64(t->s, t->n, v);
}

/* ---- operations shared by both inputs ---- */

static void fsx_write(struct fsx_state *st, uint64_t off, uint64_t len, int direct,
		      int mapped)
{
	struct imp_ctx *c = st->c;
	struct cf_op op = imp_new_op(direct ? CF_OP_DWRITE : CF_OP_WRITE, CF_T0, 1);
	int ok = direct ? imp_blocks(c, st->text, off, len, &op.off, &op.len) :
			  imp_bytes(c, st->text, off, len, &op);	/* buffered: exact */

	if (!ok) {
		imp_skip(c, "%s: outside the model's file", st->text);
		return;
	}
	imp_op(c, &op);
	if (off + len > st->size)
		st->size = off + len;
	if (mapped) {
		/* fsx follows every mapwrite with msync(MS_SYNC), whole blocks */
		op.kind = CF_OP_SYNC_RANGE;
		op.head = op.tail = 0;
		imp_note(c, "mapwrite: msync(MS_SYNC) of the mapped range");
		imp_op(c, &op);
	}
}

static void fsx_punch(struct fsx_state *st, uint64_t off, uint64_t len)
{
	struct cf_op op = imp_new_op(CF_OP_PUNCH, CF_T0, 1);

	if (!imp_bytes(st->c, st->text, off, len, &op)) {
		imp_skip(st->c, "%s: empty or outside the model's file", st->text);
		return;
	}
	imp_op(st->c, &op);
}

static void fsx_truncate(struct fsx_state *st, uint64_t size)
{
	struct cf_op op = imp_new_op(CF_OP_TRUNCATE, CF_T0, 1);

	st->size = size;
	if (!imp_size(st->c, size, &op)) {
		imp_skip(st->c, "%s: size past the model's largest file", st->text);
		return;
	}
	imp_op(st->c, &op);
}

static void fsx_clone(struct fsx_state *st, uint64_t src, uint64_t len, uint64_t dst)
{
	struct imp_ctx *c = st->c;
	struct cf_op op = imp_new_op(CF_OP_REFLINK, CF_T0, 1);
	uint16_t soff, slen, doff, dlen;

	op.ino2 = 1;
	if (!imp_blocks(c, "clone source", src, len, &soff, &slen) ||
	    !imp_blocks(c, "clone destination", dst, len, &doff, &dlen)) {
		imp_skip(c, "%s: outside the model's file", st->text);
		return;
	}
	op.off = soff;
	op.off2 = doff;
	op.len = slen < dlen ? slen : dlen;
	if (op.off + op.len > CF_MAX_FILE_BLOCKS || op.off2 + op.len > CF_MAX_FILE_BLOCKS) {
		imp_skip(c, "%s: outside the model's file", st->text);
		return;
	}
	imp_op(c, &op);
	if (dst + len > st->size)
		st->size = dst + len;
}

static void fsx_fsync(struct fsx_state *st)
{
	struct cf_op op = imp_new_op(CF_OP_FSYNC, CF_T0, 1);

	imp_op(st->c, &op);
}

static void set_hint(struct fsx_state *st)
{
	uint64_t b = (st->size + st->c->bs - 1) / st->c->bs;

	st->c->size_hint = b > CF_MAX_FILE_BLOCKS ? CF_MAX_FILE_BLOCKS : (uint16_t)b;
}

/* ---- .fsxops ---- */

struct opsdef {
	const char	*name;
	int		nargs;		/* numbers on a line that is not skipped */
};

static const struct opsdef ops_table[] = {
	{ "write", 3 }, { "write_atomic", 3 }, { "mapwrite", 3 }, { "read", 3 },
	{ "mapread", 3 }, { "punch_hole", 3 }, { "zero_range", 3 },
	{ "truncate", 3 }, { "fallocate", 3 }, { "collapse_range", 3 },
	{ "insert_range", 3 }, { "clone_range", 4 }, { "dedupe_range", 4 },
	{ "copy_range", 4 }, { "exchange_range", 4 }, { "fsync", 3 },
};

static const struct opsdef *ops_find(const struct tok *t)
{
	for (size_t i = 0; i < sizeof(ops_table) / sizeof(ops_table[0]); i++)
		if (tok_is(t, ops_table[i].name))
			return &ops_table[i];
	return NULL;
}

static void ops_apply(struct fsx_state *st, const char *name, const uint64_t *a)
{
	if (!strcmp(name, "write"))
		fsx_write(st, a[0], a[1], st->c->direct, 0);
	else if (!strcmp(name, "write_atomic"))
		fsx_write(st, a[0], a[1], 1, 0);	/* RWF_ATOMIC needs O_DIRECT */
	else if (!strcmp(name, "mapwrite"))
		fsx_write(st, a[0], a[1], 0, 1);
	else if (!strcmp(name, "punch_hole"))
		fsx_punch(st, a[0], a[1]);
	else if (!strcmp(name, "truncate"))
		fsx_truncate(st, a[1]);
	else if (!strcmp(name, "clone_range"))
		fsx_clone(st, a[0], a[1], a[2]);
	else if (!strcmp(name, "fsync"))
		fsx_fsync(st);
	else
		imp_skip(st->c, "%s: not modelled", st->text);
}

static void ops_line(struct fsx_state *st, const char *s, size_t n)
{
	struct imp_ctx *c = st->c;
	struct tok t[FSX_MAXTOK];
	const struct opsdef *d;
	uint64_t a[4] = { 0 };
	int nt = tokenize(s, n, t, FSX_MAXTOK), i = 0, skip = 0, na = 0;

	if (nt == 0)
		return;
	if (nt > 0 && t[0].s[0] == '#') {
		imp_note(c, "fsx: %s", st->text);
		return;
	}
	if (nt > 0 && tok_is(&t[0], "skip")) {
		skip = 1;
		i = 1;
	}
	if (nt < 0 || i >= nt || !(d = ops_find(&t[i]))) {
		imp_reject(c, s, n);
		return;
	}
	for (i++; i < nt && na < 4 && !tok_num(&t[i], &a[na]); i++)
		na++;
	for (; i < nt; i++)
		if (!tok_is(&t[i], "keep_size") && !tok_is(&t[i], "unshare"))
			break;
	/* the recorder drops a skipped range op's last number: be lenient there */
	/* fsync's numbers are unused; a hand-written bare "fsync" is fine */
	if (i < nt || (!skip && na != d->nargs && !(na == 0 && !strcmp(d->name, "fsync"))) ||
	    na > d->nargs) {
		imp_reject(c, s, n);
		return;
	}
	if (na == d->nargs && na >= 3) {
		st->size = a[na - 1];	/* the size before the op, as fsx saw it */
		set_hint(st);
	}
	if (skip) {
		imp_skip(c, "%s: skipped by fsx", st->text);
		return;
	}
	ops_apply(st, d->name, a);
}

/* ---- LOG DUMP of .fsxlog ---- */

static int flag_word(const struct tok *t)
{
	for (size_t i = 0; i < t->n; i++)
		if (!(t->s[i] >= 'A' && t->s[i] <= 'Z') && t->s[i] != '_')
			return 0;
	return t->n > 0;
}

/* "X thru Y (Z bytes)" at t[i]; returns the index after it or -1. */
static int dump_range(const struct tok *t, int nt, int i, uint64_t *off, uint64_t *len)
{
	uint64_t last;

	if (i + 5 > nt || tok_num(&t[i], off) || !tok_is(&t[i + 1], "thru") ||
	    tok_num(&t[i + 2], &last) || tok_num(&t[i + 3], len) ||
	    !tok_is(&t[i + 4], "bytes"))
		return -1;
	return i + 5;
}

static void dump_entry(struct fsx_state *st, const struct tok *t, int nt,
		       const char *s, size_t n)
{
	struct imp_ctx *c = st->c;
	uint64_t off = 0, len = 0, to = 0, x;
	int i = 1;
	const struct tok *op = &t[0];

	if (tok_is(op, "SKIPPED")) {
		imp_skip(c, "%s", st->text);
		return;
	}
	if (tok_is(op, "FSYNC")) {
		if (nt != 1)
			goto bad;
		fsx_fsync(st);
		return;
	}
	if (tok_is(op, "TRUNCATE")) {
		if (nt != 6 || !(tok_is(&t[1], "UP") || tok_is(&t[1], "DOWN")) ||
		    !tok_is(&t[2], "from") || tok_num(&t[3], &x) ||
		    !tok_is(&t[4], "to") || tok_num(&t[5], &to))
			goto bad;
		fsx_truncate(st, to);
		return;
	}
	i = dump_range(t, nt, 1, &off, &len);
	if (i < 0)
		goto bad;
	if (tok_is(op, "CLONE") || tok_is(op, "COPY") || tok_is(op, "DEDUPE") ||
	    tok_is(op, "EXCHANGE")) {
		if (i + 4 > nt || !tok_is(&t[i], "to") || tok_num(&t[i + 1], &to) ||
		    !tok_is(&t[i + 2], "thru") || tok_num(&t[i + 3], &x))
			goto bad;
		i += 4;
	}
	for (; i < nt; i++)
		if (!flag_word(&t[i]))
			goto bad;
	if (tok_is(op, "WRITE"))
		fsx_write(st, off, len, c->direct, 0);
	else if (tok_is(op, "MAPWRITE"))
		fsx_write(st, off, len, 0, 1);
	else if (tok_is(op, "PUNCH"))
		fsx_punch(st, off, len);
	else if (tok_is(op, "CLONE"))
		fsx_clone(st, off, len, to);
	else if (tok_is(op, "READ") || tok_is(op, "MAPREAD") || tok_is(op, "ZERO") ||
		 tok_is(op, "COLLAPSE") || tok_is(op, "INSERT") || tok_is(op, "FALLOC") ||
		 tok_is(op, "COPY") || tok_is(op, "DEDUPE") || tok_is(op, "EXCHANGE"))
		imp_skip(c, "%s: not modelled", st->text);
	else
		goto bad;
	/* keep the size hint roughly right for ops that move EOF */
	if (tok_is(op, "COLLAPSE") && st->size >= len)
		st->size -= len;
	else if (tok_is(op, "INSERT"))
		st->size += len;
	else if ((tok_is(op, "COPY") && to + len > st->size))
		st->size = to + len;
	else if (tok_is(op, "FALLOC") && nt > 0 && tok_is(&t[nt - 1], "EXTENDING"))
		st->size = off + len;
	set_hint(st);
	return;
bad:
	imp_reject(c, s, n);
}

/* "123( 123 mod 256): REST" -> REST; NULL if the line is not an entry. */
static const char *dump_prefix(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (i >= n || s[i] < '0' || s[i] > '9')
		return NULL;
	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++;
	if (i >= n || s[i] != '(')
		return NULL;
	while (i < n && s[i] != ':')
		i++;
	return i < n ? s + i + 1 : NULL;
}

static int starts_with(const char *s, size_t n, const char *lit)
{
	size_t m = strlen(lit);

	return n >= m && !memcmp(s, lit, m);
}

static void dump_line(struct fsx_state *st, const char *s, size_t n)
{
	struct tok t[FSX_MAXTOK];
	const char *rest = dump_prefix(s, n);
	int nt;

	if (!rest) {
		/* the lines fsx prints after the dump are not operations */
		if (n == 0 || starts_with(s, n, "Log of operations") ||
		    starts_with(s, n, "Correct content") || starts_with(s, n, "(maybe"))
			return;
		imp_reject(st->c, s, n);
		return;
	}
	nt = tokenize(rest, n - (size_t)(rest - s), t, FSX_MAXTOK);
	if (nt <= 0) {
		imp_reject(st->c, s, n);
		return;
	}
	dump_entry(st, t, nt, s, n);
}

/* ---- O_DIRECT detection ---- */

static int aligned_writes(const char *data, size_t len, int dump)
{
	const char *p = data, *end = data + len;
	int nw = 0, bad = 0;

	while (p < end) {
		const char *nl = memchr(p, '\n', end - p);
		size_t n = (nl ? nl : end) - p;
		char buf[160];
		unsigned long long off, cnt, last;

		if (n < sizeof(buf)) {
			memcpy(buf, p, n);
			buf[n] = 0;
			if (dump) {
				const char *w = strstr(buf, "): WRITE ");

				if (w && sscanf(w, "): WRITE %llx thru %llx (%llx", &off, &last, &cnt) == 3) {
					nw++;
					bad += (off % 4096) || (cnt % 4096);
				}
			} else if (sscanf(buf, "write %llx %llx", &off, &cnt) == 2) {
				nw++;
				bad += (off % 4096) || (cnt % 4096);
			}
		}
		p = nl ? nl + 1 : end;
	}
	return nw >= 3 && !bad;
}

/* fsx -Z leaves no header line; atomic writes need it and -w 4096 aligns
 * every write, so either gives it away. */
static int detect_direct(const char *data, size_t len, int dump)
{
	const char *p = data, *end = data + len;

	while (p < end) {
		const char *nl = memchr(p, '\n', end - p);
		size_t n = (nl ? nl : end) - p;

		if (!dump && starts_with(p, n, "write_atomic "))
			return 1;
		if (dump && n >= 11 && memmem(p, n, "atomic_wr=1", 11))
			return 1;
		p = nl ? nl + 1 : end;
	}
	return aligned_writes(data, len, dump);
}

static void fsx_line(void *arg, const char *p, size_t n)
{
	struct fsx_state *st = arg;

	imp_abbrev(st->text, sizeof(st->text), p, n);
	if (!st->has_dump) {
		ops_line(st, p, n);
	} else if (st->in_dump) {
		dump_line(st, p, n);
	} else if (starts_with(p, n, "LOG DUMP (")) {
		st->in_dump = 1;
		imp_note(st->c, "fsx: %s", st->text);
	}
}

void imp_fsx(struct imp_ctx *c, const char *data, size_t len)
{
	struct fsx_state st = { .c = c };

	st.has_dump = memmem(data, len, "LOG DUMP (", 10) != NULL;
	if (!c->direct && detect_direct(data, len, st.has_dump)) {
		c->direct = 1;
		imp_note(c, "fsx ran with O_DIRECT (-Z): writes become dwrite");
	}
	imp_each_line(c, data, len, fsx_line, &st);
}
