// SPDX-License-Identifier: GPL-2.0
/*
 * The text scenario form (.scn): a strict parser for hand-written files,
 * with errors that point at FILE:LINE:COL, and the canonical printer.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "scenario.h"
#include "scenario/num.h"

struct parser {
	const char	*fname;
	const char	*line;		/* start of the current line */
	unsigned	lineno;
	const char	*p;		/* cursor */
	const char	*end;		/* end of the current line (comment cut) */
	char		*err;
	size_t		errlen;
	int		failed;
	int		seen_op;
	unsigned	seen_header;	/* bit per header keyword */
	struct cf_scenario *scn;
	uint64_t	boff, blen;	/* a byte op's off/size= and len= */
};

/* A quoted word longer than QUOTE_MAX in a message becomes its first
 * characters and "...", so a line of garbage gives a short error. */
#define QUOTE_MAX	40
static void clip_quotes(char *msg)
{
	char *q = strchr(msg, '\'');

	while (q) {
		char *e = strchr(q + 1, '\'');
		size_t len = e ? (size_t)(e - q - 1) : strlen(q + 1);

		if (len > QUOTE_MAX) {
			memcpy(q + 1 + QUOTE_MAX - 3, "...", 3);
			memmove(q + 1 + QUOTE_MAX, e ? e : "'", strlen(e ? e : "'") + 1);
			e = q + 1 + QUOTE_MAX;
		}
		q = e ? strchr(e + 1, '\'') : NULL;
	}
}

static int perr(struct parser *ps, const char *at, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (ps->failed)
		return -1;
	ps->failed = 1;
	n = snprintf(ps->err, ps->errlen, "%s:%u:%d: ", ps->fname, ps->lineno,
		     (int)(at - ps->line) + 1);
	if (n < 0 || (size_t)n >= ps->errlen)
		return -1;
	va_start(ap, fmt);
	vsnprintf(ps->err + n, ps->errlen - n, fmt, ap);
	va_end(ap);
	clip_quotes(ps->err + n);
	return -1;
}

static void skip_ws(struct parser *ps)
{
	while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\r'))
		ps->p++;
}

/* A word: letters, digits, '_', '.', '-', '#'; stops at '=', ',', '(', ')', ':' */
static size_t word(struct parser *ps, const char **start)
{
	skip_ws(ps);
	*start = ps->p;
	while (ps->p < ps->end && (isalnum((unsigned char)*ps->p) ||
	       strchr("_.-#", *ps->p)))
		ps->p++;
	return (size_t)(ps->p - *start);
}

static int word_is(const char *w, size_t n, const char *lit)
{
	return strlen(lit) == n && !strncmp(w, lit, n);
}

static int parse_uint(struct parser *ps, const char *w, size_t n, uint64_t max,
		      uint64_t *out)
{
	const char *why;

	if (n == 0 || !isdigit((unsigned char)w[0]))
		return perr(ps, w, "expected a number");
	if (num_parse_u64(w, n, UINT64_MAX, out, &why))
		return perr(ps, w, "'%.*s': %s", (int)(n > 40 ? 40 : n), w, why);
	if (*out > max)
		return perr(ps, w, "%.*s is out of range (at most %llu)",
			    (int)(n > 40 ? 40 : n), w, (unsigned long long)max);
	return 0;
}

/* key=value where value is a number; returns the key word in *k. */
static int keyval(struct parser *ps, const char **k, size_t *kn,
		  const char **v, size_t *vn)
{
	*kn = word(ps, k);
	if (*kn == 0)
		return perr(ps, ps->p, "expected key=value");
	if (ps->p >= ps->end || *ps->p != '=')
		return perr(ps, ps->p, "expected '=' after '%.*s'", (int)*kn, *k);
	ps->p++;
	*vn = word(ps, v);
	if (*vn == 0)
		return perr(ps, ps->p, "expected a value after '%.*s='", (int)*kn, *k);
	return 0;
}

static int at_eol(struct parser *ps)
{
	skip_ws(ps);
	return ps->p >= ps->end;
}

static int parse_geometry(struct parser *ps)
{
	struct cf_geometry *g = &ps->scn->geo;
	uint64_t page = CF_PAGE_SIZE;

	while (!at_eol(ps)) {
		const char *k, *v;
		size_t kn, vn;
		uint64_t x;

		if (keyval(ps, &k, &kn, &v, &vn))
			return -1;
		if (word_is(k, kn, "block")) {
			if (parse_uint(ps, v, vn, 4096, &x))
				return -1;
			if (x != 1024 && x != 2048 && x != 4096)
				return perr(ps, v, "block must be 1024, 2048 or 4096");
			g->block_size = x;
		} else if (word_is(k, kn, "page")) {
			if (parse_uint(ps, v, vn, 65536, &page))
				return -1;
			if (page != CF_PAGE_SIZE)
				return perr(ps, v, "page must be 4096");
		} else if (word_is(k, kn, "dev")) {
			if (parse_uint(ps, v, vn, CF_MAX_DEV_BLOCKS, &x))
				return -1;
			if (x < 16)
				return perr(ps, v, "dev must be 16..%d blocks", CF_MAX_DEV_BLOCKS);
			g->dev_blocks = x;
		} else if (word_is(k, kn, "frag")) {
			if (parse_uint(ps, v, vn, 7, &x))
				return -1;
			g->frag = x;
		} else if (word_is(k, kn, "cowextsize")) {
			if (parse_uint(ps, v, vn, 32, &x))
				return -1;
			if (x < 1)
				return perr(ps, v, "cowextsize must be 1..32 blocks");
			g->cowextsize = x;
		} else {
			return perr(ps, k, "unknown geometry key '%.*s' (block, page, dev, frag, cowextsize)",
				    (int)kn, k);
		}
	}
	return 0;
}

static int parse_init(struct parser *ps)
{
	struct cf_geometry *g = &ps->scn->geo;
	const char *w, *k, *v;
	size_t n, kn, vn;
	uint64_t x;

	n = word(ps, &w);
	if (word_is(w, n, "none")) {
		g->init = CF_INIT_NONE;
		g->init_blocks = 0;
		return at_eol(ps) ? 0 : perr(ps, ps->p, "unexpected text after 'init none'");
	}
	if (word_is(w, n, "written"))
		g->init = CF_INIT_WRITTEN;
	else if (word_is(w, n, "clone"))
		g->init = CF_INIT_CLONE;
	else
		return perr(ps, w, "init must be none, written or clone");
	if (keyval(ps, &k, &kn, &v, &vn))
		return -1;
	if (!word_is(k, kn, "blocks"))
		return perr(ps, k, "expected blocks=N");
	if (parse_uint(ps, v, vn, 64, &x))
		return -1;
	if (x < 1)
		return perr(ps, v, "init blocks must be 1..64");
	g->init_blocks = x;
	return at_eol(ps) ? 0 : perr(ps, ps->p, "unexpected text after init");
}

static int parse_onoff(struct parser *ps, uint8_t *out)
{
	const char *w;
	size_t n = word(ps, &w);

	if (word_is(w, n, "on"))
		*out = 1;
	else if (word_is(w, n, "off"))
		*out = 0;
	else
		return perr(ps, w, "expected on or off");
	return 0;
}

/* schedule pct seed=S depth=D (docs/explore.md) */
static int parse_schedule(struct parser *ps)
{
	const char *w, *k, *v;
	size_t n, kn, vn;
	uint64_t x, seed = 0, depth = 0;
	unsigned seen = 0;

	n = word(ps, &w);
	if (!word_is(w, n, "pct"))
		return perr(ps, w, "expected 'pct' after schedule (the only kind)");
	while (!at_eol(ps)) {
		int bit;

		if (keyval(ps, &k, &kn, &v, &vn))
			return -1;
		bit = word_is(k, kn, "seed") ? 1 : word_is(k, kn, "depth") ? 2 : 0;
		if (!bit)
			return perr(ps, k, "schedule pct takes seed= and depth=, not '%.*s='",
				    (int)kn, k);
		if (seen & bit)
			return perr(ps, k, "'%.*s' given twice", (int)kn, k);
		seen |= bit;
		if (parse_uint(ps, v, vn, bit == 1 ? UINT32_MAX : CF_PCT_MAX_DEPTH, &x))
			return -1;
		if (bit == 2 && x < 1)
			return perr(ps, v, "depth must be 1..%d", CF_PCT_MAX_DEPTH);
		if (bit == 1)
			seed = x;
		else
			depth = x;
	}
	if (seen != 3)
		return perr(ps, ps->p, "schedule pct needs %s=", seen & 1 ? "depth" : "seed");
	ps->scn->pct_seed = (uint32_t)seed;
	ps->scn->pct_depth = (uint8_t)depth;
	return 0;
}

static int parse_header(struct parser *ps, const char *w, size_t n, int *handled)
{
	static const char *const kw[] = { "geometry", "init", "always_cow", "profile",
					   "schedule" };
	int i;

	*handled = 0;
	for (i = 0; i < 5; i++)
		if (word_is(w, n, kw[i]))
			break;
	if (i == 5)
		return 0;
	*handled = 1;
	if (ps->seen_op)
		return perr(ps, w, "'%s' must come before the first operation", kw[i]);
	if (ps->seen_header & (1u << i))
		return perr(ps, w, "'%s' given twice", kw[i]);
	ps->seen_header |= 1u << i;
	switch (i) {
	case 0:
		return parse_geometry(ps);
	case 1:
		return parse_init(ps);
	case 2:
		if (parse_onoff(ps, &ps->scn->geo.always_cow))
			return -1;
		return at_eol(ps) ? 0 : perr(ps, ps->p, "unexpected text after always_cow");
	case 4:
		return parse_schedule(ps);
	default: {
		const char *name;
		size_t nn = word(ps, &name);
		char buf[48];

		if (nn == 0 || nn >= sizeof(buf))
			return perr(ps, name, "expected a profile name");
		memcpy(buf, name, nn);
		buf[nn] = 0;
		if (!cf_profile_find(buf))
			return perr(ps, name, "unknown profile '%s' (see 'cowfuzz profiles')", buf);
		memcpy(ps->scn->profile, buf, nn + 1);
		return at_eol(ps) ? 0 : perr(ps, ps->p, "unexpected text after profile");
	}
	}
}

/* Which op names a task may issue (the tables of docs/scenario.md). */
static int task_may_issue(int task, int kind)
{
	if (kind == CF_OP_RESUME)
		return 1;
	switch (task) {
	case CF_TASK_WB: return kind == CF_OP_WRITEBACK;
	case CF_TASK_ENDIO: return kind == CF_OP_ENDIO;
	case CF_TASK_DIOEND: return kind == CF_OP_DIOEND;
	case CF_TASK_GC: return kind == CF_OP_RECLAIM;
	default:
		return kind != CF_OP_WRITEBACK && kind != CF_OP_ENDIO &&
		       kind != CF_OP_DIOEND && kind != CF_OP_RECLAIM;
	}
}

static int lookup_op(int task, const char *w, size_t n)
{
	if (word_is(w, n, "complete"))
		return task == CF_TASK_DIOEND ? CF_OP_DIOEND : CF_OP_ENDIO;
	for (int k = 0; k < CF_OP_NR; k++)
		if (word_is(w, n, cf_op_name(k)))
			return k;
	return -1;
}

/* The keys each op takes; value is bytes (converted to blocks) or a count. */
enum { K_INO = 1, K_OFF = 2, K_LEN = 4, K_SRC = 8, K_DST = 16, K_SOFF = 32,
       K_DOFF = 64, K_SIZE = 128, K_COUNT = 256 };

static unsigned op_keys(int kind, unsigned *required)
{
	switch (kind) {
	case CF_OP_WRITE: case CF_OP_DWRITE: case CF_OP_SYNC_RANGE:
	case CF_OP_PUNCH: case CF_OP_READ: case CF_OP_UNSHARE:
		*required = K_INO | K_OFF | K_LEN;
		return *required;
	case CF_OP_WRITEBACK:
		*required = K_INO;
		return K_INO | K_OFF | K_LEN;
	case CF_OP_FSYNC: case CF_OP_WAIT:
		*required = K_INO;
		return K_INO;
	case CF_OP_REFLINK:
		*required = K_SRC | K_DST | K_SOFF | K_DOFF | K_LEN;
		return *required;
	case CF_OP_TRUNCATE:
		*required = K_INO | K_SIZE;
		return *required;
	case CF_OP_ENDIO: case CF_OP_DIOEND:
		*required = 0;
		return K_COUNT;
	case CF_OP_RECLAIM:
		*required = 0;
		return K_INO;
	default:
		*required = 0;
		return 0;
	}
}

static const char *const key_names[] = {
	"ino", "off", "len", "src", "dst", "soff", "doff", "size", "count",
};

static int key_bit(const char *k, size_t kn)
{
	for (int i = 0; i < 9; i++)
		if (word_is(k, kn, key_names[i]))
			return 1 << i;
	return 0;
}

/* Buffered write, read, punch and truncate take any byte offset and length
 * (the page cache does the read-modify-write); the rest are block aligned. */
static int byte_op(int kind)
{
	return kind == CF_OP_WRITE || kind == CF_OP_READ || kind == CF_OP_PUNCH ||
	       kind == CF_OP_TRUNCATE;
}

static int set_key(struct parser *ps, struct cf_op *op, int bit, const char *v,
		   size_t vn)
{
	uint32_t bs = ps->scn->geo.block_size;
	uint64_t x;

	if (bit == K_INO || bit == K_SRC || bit == K_DST) {
		if (parse_uint(ps, v, vn, CF_NINODES, &x))
			return -1;
		if (x < 1)
			return perr(ps, v, "inodes are 1..%d", CF_NINODES);
		if (bit == K_DST)
			op->ino2 = x;
		else
			op->ino = x;
		return 0;
	}
	if (bit == K_COUNT) {
		if (parse_uint(ps, v, vn, 255, &x))
			return -1;
		op->len = x;
		return 0;
	}
	if (parse_uint(ps, v, vn, (uint64_t)CF_MAX_FILE_BLOCKS * bs, &x))
		return -1;
	if (byte_op(op->kind)) {
		if (bit == K_LEN)
			ps->blen = x;
		else
			ps->boff = x;
		return 0;
	}
	if (x % bs && op->kind == CF_OP_DWRITE)
		return perr(ps, v, "%llu is not a multiple of the block size %u "
			    "(O_DIRECT: the kernel returns -EINVAL)", (unsigned long long)x, bs);
	if (x % bs)
		return perr(ps, v, "%llu is not a multiple of the block size %u",
			    (unsigned long long)x, bs);
	x /= bs;
	switch (bit) {
	case K_OFF: case K_SOFF: op->off = x; break;
	case K_DOFF: op->off2 = x; break;
	default: op->len = x; break;	/* K_LEN, K_SIZE */
	}
	if (bit == K_SIZE)
		op->off = x, op->len = 0;
	return 0;
}

static int parse_nth(struct parser *ps, const char *w, size_t n, char *name,
		     size_t namecap, uint8_t *nth)
{
	const char *hash = memchr(w, '#', n);
	size_t nl = hash ? (size_t)(hash - w) : n;
	uint64_t x = 1;

	if (nl == 0 || nl >= namecap)
		return perr(ps, w, "expected a name");
	memcpy(name, w, nl);
	name[nl] = 0;
	if (hash) {
		if (parse_uint(ps, hash + 1, n - nl - 1, 255, &x))
			return -1;
		if (x < 1)
			return perr(ps, hash + 1, "occurrences count from 1");
	}
	*nth = x;
	return 0;
}

static int parse_props(struct parser *ps, struct cf_op *op)
{
	ps->p++;	/* '(' */
	for (;;) {
		const char *k, *v;
		size_t kn, vn;
		char name[64];

		kn = word(ps, &k);
		if (kn == 0)
			return perr(ps, ps->p, "expected 'pause:' or 'fault:'");
		skip_ws(ps);
		if (ps->p >= ps->end || *ps->p != ':')
			return perr(ps, ps->p, "expected ':' after '%.*s'", (int)kn, k);
		ps->p++;
		vn = word(ps, &v);
		if (word_is(k, kn, "pause")) {
			int yp;

			if (op->pause_point)
				return perr(ps, k, "pause given twice");
			if (parse_nth(ps, v, vn, name, sizeof(name), &op->pause_nth))
				return -1;
			yp = cf_yield_find(name);
			if (yp < 0)
				return perr(ps, v, "unknown yield point '%s' (see docs/scenario.md)", name);
			op->pause_point = yp + 1;
		} else if (word_is(k, kn, "fault")) {
			int f;

			if (op->fault)
				return perr(ps, k, "fault given twice");
			if (parse_nth(ps, v, vn, name, sizeof(name), &op->fault_nth))
				return -1;
			for (f = 1; f < CF_FAULT_NR; f++)
				if (!strcmp(name, cf_fault_name(f)))
					break;
			if (f == CF_FAULT_NR)
				return perr(ps, v, "unknown fault '%s' (eio, enospc, nomem, edquot)", name);
			op->fault = f;
		} else {
			return perr(ps, k, "unknown property '%.*s' (pause, fault)", (int)kn, k);
		}
		skip_ws(ps);
		if (ps->p < ps->end && *ps->p == ',') {
			ps->p++;
			continue;
		}
		if (ps->p < ps->end && *ps->p == ')') {
			ps->p++;
			break;
		}
		return perr(ps, ps->p, "expected ',' or ')'");
	}
	return at_eol(ps) ? 0 : perr(ps, ps->p, "unexpected text after ')'");
}

static int check_op(struct parser *ps, const char *at, struct cf_op *op)
{
	uint64_t bs = ps->scn->geo.block_size;

	if (op->kind == CF_OP_TRUNCATE)
		cf_op_set_size(op, bs, ps->boff);
	if (byte_op(op->kind) && op->kind != CF_OP_TRUNCATE) {
		if (ps->blen == 0)
			return perr(ps, at, "len must be at least 1 byte");
		if (ps->boff + ps->blen > CF_MAX_FILE_BLOCKS * bs)
			return perr(ps, at, "range ends past byte %llu, the largest file",
				    (unsigned long long)(CF_MAX_FILE_BLOCKS * bs));
		cf_op_set_bytes(op, bs, ps->boff, ps->blen);
	}
	if ((op->kind == CF_OP_WRITE || op->kind == CF_OP_DWRITE ||
	     op->kind == CF_OP_SYNC_RANGE || op->kind == CF_OP_PUNCH ||
	     op->kind == CF_OP_READ || op->kind == CF_OP_UNSHARE) && op->len == 0)
		return perr(ps, at, "len must be at least one block");
	if (op->off + op->len > CF_MAX_FILE_BLOCKS ||
	    op->off2 + op->len > CF_MAX_FILE_BLOCKS)
		return perr(ps, at, "range ends past block %d, the largest file", CF_MAX_FILE_BLOCKS);
	if (op->kind == CF_OP_WRITEBACK && (op->off || op->len))
		op->flag = 1;
	if (op->kind == CF_OP_WRITEBACK && op->flag && op->len == 0)
		return perr(ps, at, "writeback with off= needs len= too");
	if (op->kind == CF_OP_RECLAIM && op->ino)
		op->flag = 1;
	return 0;
}

static int parse_op(struct parser *ps, const char *tw, size_t tn)
{
	struct cf_scenario *scn = ps->scn;
	struct cf_op *op;
	unsigned required, allowed, seen = 0;
	const char *w, *opat;
	size_t n;
	int task = -1, kind;

	for (int t = 0; t < CF_NTASKS; t++)
		if (word_is(tw, tn, cf_task_name(t)))
			task = t;
	if (task < 0)
		return perr(ps, tw, "unknown task or keyword '%.*s'", (int)tn, tw);
	ps->p++;	/* ':' */
	if (scn->nops >= CF_MAX_OPS)
		return perr(ps, tw, "more than %d operations", CF_MAX_OPS);
	op = &scn->ops[scn->nops];
	memset(op, 0, sizeof(*op));
	op->task = task;
	op->pause_nth = op->fault_nth = 1;
	op->line = ps->lineno;
	n = word(ps, &opat);
	kind = lookup_op(task, opat, n);
	if (kind < 0)
		return perr(ps, opat, "unknown operation '%.*s'", (int)n, opat);
	if (!task_may_issue(task, kind))
		return perr(ps, opat, "task %s cannot issue '%.*s'", cf_task_name(task), (int)n, opat);
	op->kind = kind;
	ps->boff = ps->blen = 0;
	allowed = op_keys(kind, &required);
	while (!at_eol(ps) && *ps->p != '(') {
		const char *k, *v;
		size_t kn, vn;
		int bit;

		w = ps->p;
		n = word(ps, &w);
		if (kind == CF_OP_DWRITE && word_is(w, n, "async")) {
			op->flag = 1;
			continue;
		}
		if (kind == CF_OP_DWRITE && word_is(w, n, "atomic")) {
			if (op->atomic)
				return perr(ps, w, "'atomic' given twice");
			op->atomic = 1;
			continue;
		}
		if (kind == CF_OP_ALWAYS_COW && !(seen & 0x8000)) {
			ps->p = w;
			if (parse_onoff(ps, &op->flag))
				return -1;
			seen |= 0x8000;
			continue;
		}
		ps->p = w;
		if (keyval(ps, &k, &kn, &v, &vn))
			return -1;
		bit = key_bit(k, kn);
		if (!bit || !(allowed & bit))
			return perr(ps, k, "'%s' takes no '%.*s='", cf_op_name(kind), (int)kn, k);
		if (seen & bit)
			return perr(ps, k, "'%.*s' given twice", (int)kn, k);
		seen |= bit;
		if (set_key(ps, op, bit, v, vn))
			return -1;
	}
	if (kind == CF_OP_ALWAYS_COW && !(seen & 0x8000))
		return perr(ps, ps->p, "always_cow needs on or off");
	if ((seen & required) != required) {
		for (int i = 0; i < 9; i++)
			if ((required & (1 << i)) && !(seen & (1 << i)))
				return perr(ps, ps->p, "'%s' needs %s=", cf_op_name(kind), key_names[i]);
	}
	if (!at_eol(ps) && parse_props(ps, op))
		return -1;
	if (check_op(ps, opat, op))
		return -1;
	scn->nops++;
	return 0;
}

static int parse_line(struct parser *ps)
{
	const char *w;
	size_t n;
	int handled;

	if (at_eol(ps))
		return 0;
	n = word(ps, &w);
	if (n == 0)
		return perr(ps, ps->p, "expected a keyword or TASK:");
	if (parse_header(ps, w, n, &handled) || handled)
		return ps->failed ? -1 : 0;
	skip_ws(ps);
	if (ps->p < ps->end && *ps->p == ':') {
		ps->seen_op = 1;
		return parse_op(ps, w, n);
	}
	return perr(ps, w, "unknown keyword '%.*s' (geometry, init, always_cow, profile, schedule, or TASK: op)",
		    (int)n, w);
}

int scn_parse_text(const char *text, size_t len, const char *fname,
		   struct cf_scenario *out, char *err, size_t errlen)
{
	struct parser ps = { .fname = fname, .err = err, .errlen = errlen, .scn = out };
	const char *s = text, *end = text + len;

	memset(out, 0, sizeof(*out));
	cf_geometry_default(&out->geo);
	while (s < end) {
		const char *nl = memchr(s, '\n', end - s);
		const char *le = nl ? nl : end;
		const char *hash = memchr(s, '#', le - s);

		ps.lineno++;
		ps.line = ps.p = s;
		ps.end = le;
		/* '#' starts a comment unless it follows a name (pause: X#2). */
		while (hash && hash > s && (isalnum((unsigned char)hash[-1]) ||
		       hash[-1] == '_' || hash[-1] == '.'))
			hash = memchr(hash + 1, '#', le - hash - 1);
		if (hash)
			ps.end = hash;
		for (const char *c = s; c < ps.end; c++)
			if (*c == 0 || (unsigned char)*c >= 0x80)
				return perr(&ps, c, "not a text scenario (byte 0x%02x)",
					    (unsigned char)*c);
		if (parse_line(&ps))
			return -1;
		s = nl ? nl + 1 : end;
	}
	return 0;
}

/* Append printf output at *pos, tracking the needed length past cap. */
static void emit(char *buf, size_t cap, size_t *pos, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(*pos < cap ? buf + *pos : NULL, *pos < cap ? cap - *pos : 0, fmt, ap);
	va_end(ap);
	if (n > 0)
		*pos += n;
}

/* The port's formatter is the one definition of an op's text. */
size_t scn_format_op(const struct cf_scenario *scn, const struct cf_op *op,
		     char *buf, size_t cap)
{
	return cf_format_op(scn, op, buf, cap);
}

size_t scn_format_text(const struct cf_scenario *scn, char *buf, size_t cap)
{
	const struct cf_geometry *g = &scn->geo;
	size_t pos = 0;

	if (cap)
		buf[0] = 0;
	emit(buf, cap, &pos, "geometry block=%u page=%u dev=%u frag=%u cowextsize=%u\n",
	     g->block_size, CF_PAGE_SIZE, g->dev_blocks, g->frag, g->cowextsize);
	if (g->init == CF_INIT_WRITTEN)
		emit(buf, cap, &pos, "init written blocks=%u\n", g->init_blocks);
	else if (g->init == CF_INIT_CLONE)
		emit(buf, cap, &pos, "init clone blocks=%u\n", g->init_blocks);
	if (g->always_cow)
		emit(buf, cap, &pos, "always_cow on\n");
	if (scn->profile[0])
		emit(buf, cap, &pos, "profile %s\n", scn->profile);
	if (scn->pct_depth)
		emit(buf, cap, &pos, "schedule pct seed=%u depth=%u\n", scn->pct_seed,
		     scn->pct_depth);
	for (uint32_t i = 0; i < scn->nops; i++) {
		size_t n = scn_format_op(scn, &scn->ops[i], pos < cap ? buf + pos : NULL,
					 pos < cap ? cap - pos : 0);
		pos += n;
		emit(buf, cap, &pos, "\n");
	}
	return pos;
}
