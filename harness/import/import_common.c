// SPDX-License-Identifier: GPL-2.0
/*
 * import_common.c - what the three trace importers share: the item list,
 * block rounding and clipping, key maps, and cutting the items into windows
 * rendered as .scn text.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "import.h"
#include "scenario.h"
#include "scenario/num.h"

static const char *const format_names[IMP_NFORMATS] = { "strace", "fsx", "ftrace" };

const char *imp_format_name(enum imp_format fmt)
{
	return fmt < IMP_NFORMATS ? format_names[fmt] : "?";
}

int imp_format_find(const char *name)
{
	for (int i = 0; i < IMP_NFORMATS; i++)
		if (!strcmp(name, format_names[i]))
			return i;
	return -1;
}

void imp_init(struct imp_ctx *c, const char *fname, uint32_t block_size)
{
	memset(c, 0, sizeof(*c));
	c->fname = fname;
	c->bs = block_size ? block_size : 4096;
}

void imp_keymap_free(struct imp_keymap *m)
{
	for (int i = 0; i < m->n; i++)
		free(m->keys[i]);
	m->n = 0;
}

void imp_free(struct imp_ctx *c)
{
	for (size_t i = 0; i < c->nitems; i++)
		free(c->items[i].text);
	free(c->items);
	imp_keymap_free(&c->tasks);
	c->items = NULL;
	c->nitems = c->cap = 0;
}

int imp_run(struct imp_ctx *c, enum imp_format fmt, const char *data, size_t len)
{
	switch (fmt) {
	case IMP_STRACE: imp_strace(c, data, len); return 0;
	case IMP_FSX: imp_fsx(c, data, len); return 0;
	case IMP_FTRACE: imp_ftrace(c, data, len); return 0;
	default: return -1;
	}
}

static struct imp_item *new_item(struct imp_ctx *c)
{
	if (c->nitems == c->cap) {
		size_t ncap = c->cap ? c->cap * 2 : 256;
		struct imp_item *n = realloc(c->items, ncap * sizeof(*n));

		if (!n) {
			c->oom = 1;
			return NULL;
		}
		c->items = n;
		c->cap = ncap;
	}
	memset(&c->items[c->nitems], 0, sizeof(c->items[0]));
	return &c->items[c->nitems++];
}

/* Comments must stay one printable-ASCII line: the .scn parser is strict. */
static void add_comment(struct imp_ctx *c, const char *fmt, va_list ap)
{
	char buf[IMP_COMMENT_MAX + 64];
	struct imp_item *it;

	vsnprintf(buf, sizeof(buf), fmt, ap);
	for (char *p = buf; *p; p++)
		if (!isprint((unsigned char)*p) || (unsigned char)*p >= 0x80)
			*p = '?';
	it = new_item(c);
	if (!it)
		return;
	it->text = strdup(buf);
	if (!it->text) {
		c->oom = 1;
		c->nitems--;
	}
}

void imp_note(struct imp_ctx *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	add_comment(c, fmt, ap);
	va_end(ap);
}

void imp_skip(struct imp_ctx *c, const char *fmt, ...)
{
	va_list ap;

	c->ncommented++;
	va_start(ap, fmt);
	add_comment(c, fmt, ap);
	va_end(ap);
}

void imp_reject(struct imp_ctx *c, const char *line, size_t len)
{
	char buf[IMP_COMMENT_MAX + 1];

	c->nrejected++;
	imp_abbrev(buf, sizeof(buf), line, len);
	imp_note(c, "rejected line %lu: %s", c->lineno, buf);
}

struct cf_op imp_new_op(int kind, int task, int ino)
{
	struct cf_op op;

	memset(&op, 0, sizeof(op));
	op.kind = kind;
	op.task = task;
	op.ino = ino;
	op.pause_nth = 1;
	op.fault_nth = 1;
	return op;
}

void imp_op(struct imp_ctx *c, const struct cf_op *op)
{
	struct imp_item *it = new_item(c);

	if (!it)
		return;
	it->is_op = 1;
	it->op = *op;
	it->size_hint = c->size_hint;
	c->nops++;
}

int imp_blocks(struct imp_ctx *c, const char *what, uint64_t off, uint64_t len,
	       uint16_t *boff, uint16_t *blen)
{
	uint64_t bs = c->bs, max = (uint64_t)CF_MAX_FILE_BLOCKS;
	uint64_t end = off + len < off ? UINT64_MAX : off + len;
	uint64_t b0 = off / bs, b1 = end / bs + (end % bs != 0);

	if (len == 0 || b0 >= max)
		return 0;
	if (off % bs || end % bs)
		imp_note(c, "%s: bytes [0x%llx, 0x%llx) rounded out to blocks [%llu, %llu)",
			 what, (unsigned long long)off, (unsigned long long)end,
			 (unsigned long long)b0, (unsigned long long)b1);
	if (b1 > max) {
		imp_note(c, "%s: clipped at block %llu (the largest file)", what,
			 (unsigned long long)max);
		b1 = max;
	}
	*boff = (uint16_t)b0;
	*blen = (uint16_t)(b1 - b0);
	return 1;
}

int imp_bytes(struct imp_ctx *c, const char *what, uint64_t off, uint64_t len,
	      struct cf_op *op)
{
	uint64_t bs = c->bs, max = (uint64_t)CF_MAX_FILE_BLOCKS * bs;
	uint64_t end = off + len < off ? UINT64_MAX : off + len;

	if (len == 0 || off >= max)
		return 0;
	if (end > max) {
		imp_note(c, "%s: clipped at byte 0x%llx (the largest file)", what,
			 (unsigned long long)max);
		end = max;
	}
	cf_op_set_bytes(op, (uint32_t)bs, off, end - off);
	return 1;
}

int imp_size(struct imp_ctx *c, uint64_t size, struct cf_op *op)
{
	if (size > (uint64_t)CF_MAX_FILE_BLOCKS * c->bs)
		return 0;
	cf_op_set_size(op, c->bs, size);
	return 1;
}

int imp_size_blocks(struct imp_ctx *c, uint64_t size, uint16_t *blocks)
{
	uint64_t b = size / c->bs + (size % c->bs != 0);

	if (b > CF_MAX_FILE_BLOCKS)
		return 0;
	if (size % c->bs)
		imp_note(c, "size 0x%llx rounded up to %llu blocks",
			 (unsigned long long)size, (unsigned long long)b);
	*blocks = (uint16_t)b;
	return 1;
}

int imp_key_find(const struct imp_keymap *m, const char *key)
{
	for (int i = 0; i < m->n; i++)
		if (!strcmp(m->keys[i], key))
			return i;
	return -1;
}

int imp_key(struct imp_ctx *c, struct imp_keymap *m, const char *key, int max)
{
	int i = imp_key_find(m, key);

	if (i >= 0)
		return i;
	if (m->n >= max || m->n >= (int)(sizeof(m->keys) / sizeof(m->keys[0])))
		return -1;
	m->keys[m->n] = strdup(key);
	if (!m->keys[m->n]) {
		c->oom = 1;
		return -1;
	}
	return m->n++;
}

int imp_task(struct imp_ctx *c, const char *thread)
{
	int i = imp_key_find(&c->tasks, thread);

	if (i >= 0)
		return i % 4;
	i = imp_key(c, &c->tasks, thread, 8);
	if (i < 0)	/* beyond the map: fold onto the last user task */
		return CF_T3;
	if (i >= 4)
		imp_note(c, "thread %s shares task t%d (only four user tasks)", thread, i % 4);
	return i % 4;
}

void imp_each_line(struct imp_ctx *c, const char *data, size_t len,
		   void (*fn)(void *st, const char *line, size_t n), void *st)
{
	const char *p = data, *end = data + len;

	c->lineno = 0;
	while (p < end) {
		const char *nl = memchr(p, '\n', end - p);
		size_t n = (nl ? nl : end) - p;

		c->lineno++;
		while (n && (p[n - 1] == '\r' || p[n - 1] == ' '))
			n--;
		fn(st, p, n);
		p = nl ? nl + 1 : end;
	}
}

void imp_abbrev(char *dst, size_t cap, const char *s, size_t n)
{
	size_t o = 0, i = 0;

	if (cap == 0)
		return;
	while (i < n && o + 1 < cap) {
		if (s[i] == '"') {
			/* keep at most 12 characters of a quoted string */
			size_t j = i + 1, kept = 0;

			dst[o++] = '"';
			while (j < n && s[j] != '"' && o + 1 < cap) {
				if (s[j] == '\\' && j + 1 < n)
					j++;
				if (kept < 12) {
					char ch = s[j];

					dst[o++] = isprint((unsigned char)ch) &&
						   (unsigned char)ch < 0x80 ? ch : '.';
					kept++;
				}
				j++;
			}
			if (kept >= 12 && o + 3 < cap) {
				memcpy(dst + o, "..", 2);
				o += 2;
			}
			if (o + 1 < cap)
				dst[o++] = '"';
			i = j + 1;
			continue;
		}
		dst[o++] = isprint((unsigned char)s[i]) && (unsigned char)s[i] < 0x80 ?
			   s[i] : (s[i] == '\t' ? ' ' : '?');
		i++;
	}
	dst[o] = 0;
}

int imp_parse_u64(const char *s, size_t n, uint64_t *out)
{
	return num_parse_u64(s, n, UINT64_MAX, out, NULL);
}

/* ---- windows ---- */

size_t imp_window_count(const struct imp_ctx *c)
{
	return (c->nops + IMP_WINDOW_OPS - 1) / IMP_WINDOW_OPS;
}

/* Item range [*b, *e) of window k: a comment goes with the next operation,
 * trailing comments with the last window. */
static void window_items(const struct imp_ctx *c, size_t k, size_t *b, size_t *e)
{
	size_t nwin = imp_window_count(c), ops = 0, i;

	*b = *e = c->nitems;
	for (i = 0; i < c->nitems; i++) {
		size_t w = ops / IMP_WINDOW_OPS;

		if (w >= nwin)
			w = nwin - 1;
		if (w == k && *b == c->nitems)
			*b = i;
		if (w > k) {
			*e = i;
			return;
		}
		ops += c->items[i].is_op;
	}
}

struct sbuf {
	char	*p;
	size_t	n, cap;
	int	oom;
};

static void sb_add(struct sbuf *sb, const char *s, size_t n)
{
	if (sb->oom)
		return;
	if (sb->n + n + 1 > sb->cap) {
		size_t ncap = sb->cap ? sb->cap : 4096;
		char *np;

		while (ncap < sb->n + n + 1)
			ncap *= 2;
		np = realloc(sb->p, ncap);
		if (!np) {
			sb->oom = 1;
			return;
		}
		sb->p = np;
		sb->cap = ncap;
	}
	memcpy(sb->p + sb->n, s, n);
	sb->n += n;
	sb->p[sb->n] = 0;
}

static void sb_printf(struct sbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void sb_printf(struct sbuf *sb, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n > 0)
		sb_add(sb, buf, (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf) - 1);
}

/* A device big enough for every inode's extent plus CoW staging room. */
static uint32_t pick_dev_blocks(const struct cf_scenario *scn)
{
	uint32_t top[CF_NINODES + 1] = { 0 }, sum = 0, dev;

	top[1] = scn->geo.init_blocks;
	for (uint32_t i = 0; i < scn->nops; i++) {
		const struct cf_op *op = &scn->ops[i];
		uint32_t end = op->off + op->len;

		if (op->ino > CF_NINODES || op->ino2 > CF_NINODES)
			continue;
		if (op->kind == CF_OP_REFLINK) {
			end = op->len ? op->off2 + op->len : CF_MAX_FILE_BLOCKS;
			if (end > top[op->ino2])
				top[op->ino2] = end;
			continue;
		}
		if (end > top[op->ino])
			top[op->ino] = end;
	}
	for (int i = 1; i <= CF_NINODES; i++)
		sum += top[i] > CF_MAX_FILE_BLOCKS ? CF_MAX_FILE_BLOCKS : top[i];
	dev = 2 * sum + 64;
	if (dev < 256)
		dev = 256;
	dev = (dev + 63) / 64 * 64;
	return dev > CF_MAX_DEV_BLOCKS ? CF_MAX_DEV_BLOCKS : dev;
}

static void window_header(const struct imp_ctx *c, size_t k, size_t b,
			  enum imp_format fmt, const char *src,
			  struct cf_scenario *scn, struct sbuf *sb)
{
	size_t nwin = imp_window_count(c);
	unsigned long first = k * IMP_WINDOW_OPS + 1;
	unsigned long last = first + scn->nops - 1;
	uint16_t hint = 0;

	for (size_t i = b; i < c->nitems; i++)
		if (c->items[i].is_op) {
			hint = c->items[i].size_hint;
			break;
		}
	sb_printf(sb, "# imported by 'cowfuzz import --format %s' from %s\n",
		  imp_format_name(fmt), src);
	sb_printf(sb, "# window %zu of %zu: imported operations %lu..%lu of %lu\n",
		  k + 1, nwin, first, last, c->nops);
	if (k == 0)
		return;
	if (hint) {
		scn->geo.init = CF_INIT_WRITTEN;
		scn->geo.init_blocks = hint > 64 ? 64 : hint;
		sb_printf(sb, "# starts from ino 1 holding %u written blocks (the traced file was %u blocks);\n",
			  scn->geo.init_blocks, hint);
		sb_printf(sb, "# the holes, shared extents and other files left by the earlier windows are lost\n");
	} else {
		sb_printf(sb, "# starts from empty files: the state left by the earlier windows is lost\n");
	}
}

char *imp_render_window(const struct imp_ctx *c, size_t k, enum imp_format fmt,
			const char *src, struct cf_scenario *scn)
{
	struct sbuf sb = { 0 };
	char line[256];
	size_t b, e, n;

	if (k >= imp_window_count(c))
		return NULL;
	window_items(c, k, &b, &e);
	memset(scn, 0, sizeof(*scn));
	cf_geometry_default(&scn->geo);
	scn->geo.block_size = c->bs;
	scn->geo.cowextsize = IMP_COWEXTSIZE;
	for (size_t i = b; i < e; i++)
		if (c->items[i].is_op && scn->nops < CF_MAX_OPS)
			scn->ops[scn->nops++] = c->items[i].op;
	window_header(c, k, b, fmt, src, scn, &sb);
	scn->geo.dev_blocks = pick_dev_blocks(scn);
	{
		struct cf_scenario head = *scn;
		char hbuf[512];

		head.nops = 0;
		n = scn_format_text(&head, hbuf, sizeof(hbuf));
		sb_add(&sb, hbuf, n < sizeof(hbuf) ? n : sizeof(hbuf) - 1);
	}
	for (size_t i = b; i < e; i++) {
		const struct imp_item *it = &c->items[i];

		if (!it->is_op) {
			sb_printf(&sb, "# %s\n", it->text);
			continue;
		}
		n = scn_format_op(scn, &it->op, line, sizeof(line));
		sb_add(&sb, line, n < sizeof(line) ? n : sizeof(line) - 1);
		sb_add(&sb, "\n", 1);
	}
	if (sb.oom) {
		free(sb.p);
		return NULL;
	}
	return sb.p;
}
