// SPDX-License-Identifier: GPL-2.0
/*
 * import_strace.c - `strace -f -tt [-y]` output -> scenario items.
 *
 * Every line is "[PID] [TIME] name(args) = ret"; a call interrupted by
 * another thread's line is split into "name(args <unfinished ...>" and
 * "<... name resumed>rest", joined back here per pid.  File descriptors are
 * followed per pid through open/dup/fcntl/close, each pointing at an open
 * file description (path, position, O_DIRECT/O_APPEND/O_DSYNC) shared by its
 * dups, so write() lands at the position lseek/read/write left.  Each
 * regular file that an imported operation touches becomes ino 1, 2, 3 in
 * that order.  Everything else is kept as a counted comment.
 */
#define _GNU_SOURCE	/* memmem, strndup */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "import.h"

#define ST_MAXFD	1024
#define ST_MAXPIDS	64
#define ST_MAXARGS	8
#define ST_AT_FDCWD	(-100)

struct desc {			/* an open file description */
	char		*path;	/* NULL: not known */
	uint64_t	pos;
	uint8_t		direct, append, dsync, isdir;
};

struct pidtab {
	char		pid[24];
	int		fd[ST_MAXFD];	/* desc index + 1; 0: not open */
	char		*pending;	/* text of an <unfinished ...> call */
};

struct arg {
	const char	*s;
	size_t		n;
};

struct st_state {
	struct imp_ctx	*c;
	struct desc	*descs;
	size_t		ndesc, cap;
	struct pidtab	*pids;
	int		npids;
	int		last_bound[ST_MAXFD];	/* any pid's latest desc for an fd */
	struct imp_keymap files;		/* path -> ino - 1 */
	uint64_t	isize[CF_NINODES + 1];	/* bytes, as far as the trace shows */
	unsigned	outstanding;		/* async dwrites not yet reaped */
	char		text[IMP_COMMENT_MAX + 1];
	/* the call being handled */
	struct pidtab	*pt;
	const char	*name;
	size_t		namelen;
	struct arg	a[ST_MAXARGS];
	int		na;
	int64_t		ret;
	int		failed;
	char		retpath[512];	/* -y annotation of the return value */
};

/* ---- small parsers ---- */

static int name_is(const struct st_state *st, const char *lit)
{
	return strlen(lit) == st->namelen && !memcmp(st->name, lit, st->namelen);
}

/* Skip a quoted string starting at s[i] == '"'; returns the index after it. */
static size_t skip_quoted(const char *s, size_t n, size_t i)
{
	for (i++; i < n; i++) {
		if (s[i] == '\\')
			i++;
		else if (s[i] == '"')
			return i + 1;
	}
	return n;
}

/* Index of the ')' closing the call, or n. */
static size_t close_paren(const char *s, size_t n, size_t i)
{
	int depth = 0;

	while (i < n) {
		char ch = s[i];

		if (ch == '"') {
			i = skip_quoted(s, n, i);
			continue;
		}
		if (ch == '(' || ch == '[' || ch == '{')
			depth++;
		else if ((ch == ']' || ch == '}') && depth > 0)
			depth--;
		else if (ch == ')') {
			if (depth == 0)
				return i;
			depth--;
		}
		i++;
	}
	return n;
}

static struct arg trim(const char *s, size_t n)
{
	struct arg a;

	while (n && (*s == ' ' || *s == '\t'))
		s++, n--;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	a.s = s;
	a.n = n;
	return a;
}

static int split_args(const char *s, size_t n, struct arg *a, int max)
{
	size_t i = 0, b = 0;
	int depth = 0, na = 0;

	if (trim(s, n).n == 0)
		return 0;
	while (i <= n) {
		if (i == n || (s[i] == ',' && depth == 0)) {
			if (na < max)
				a[na++] = trim(s + b, i - b);
			b = i + 1;
			i++;
			continue;
		}
		if (s[i] == '"') {
			i = skip_quoted(s, n, i);
			continue;
		}
		if (s[i] == '(' || s[i] == '[' || s[i] == '{')
			depth++;
		else if ((s[i] == ')' || s[i] == ']' || s[i] == '}') && depth > 0)
			depth--;
		i++;
	}
	return na;
}

/* A leading (possibly negative) decimal or hex number; trailing text allowed. */
static int lead_num(const char *s, size_t n, int64_t *v)
{
	size_t i = 0, b;
	uint64_t u;
	int neg = 0;

	if (i < n && s[i] == '-')
		neg = 1, i++;
	b = i;
	if (i + 1 < n && s[i] == '0' && s[i + 1] == 'x')
		i += 2;
	while (i < n && ((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f') ||
			 (s[i] >= 'A' && s[i] <= 'F')))
		i++;
	if (imp_parse_u64(s + b, i - b, &u))
		return -1;
	/* out of int64_t range: no offset, length or result is that big */
	if (u > (uint64_t)INT64_MAX + (uint64_t)neg)
		return -1;
	*v = neg ? (int64_t)(0 - u) : (int64_t)u;
	return 0;
}

static int arg_num(const struct arg *a, int64_t *v)
{
	return lead_num(a->s, a->n, v);
}

/* "3" or "3</path>" or "AT_FDCWD[</path>]"; the annotation is copied out. */
static int arg_fd(const struct arg *a, int *fd, char *annot, size_t cap)
{
	const char *lt = memchr(a->s, '<', a->n);
	int64_t v;

	if (annot && cap)
		annot[0] = 0;
	if (a->n >= 8 && !memcmp(a->s, "AT_FDCWD", 8))
		v = ST_AT_FDCWD;
	else if (lead_num(a->s, lt ? (size_t)(lt - a->s) : a->n, &v))
		return -1;
	if (lt && annot && a->s[a->n - 1] == '>') {
		size_t m = a->n - (size_t)(lt - a->s) - 2;

		if (m < cap) {
			memcpy(annot, lt + 1, m);
			annot[m] = 0;
		}
	}
	*fd = (int)v;
	return 0;
}

/* A quoted path, unescaped. */
static int arg_str(const struct arg *a, char *out, size_t cap)
{
	size_t o = 0;

	if (a->n < 2 || a->s[0] != '"')
		return -1;
	for (size_t i = 1; i < a->n && a->s[i] != '"'; i++) {
		if (a->s[i] == '\\' && i + 1 < a->n)
			i++;
		if (o + 1 >= cap)
			return -1;
		out[o++] = a->s[i];
	}
	out[o] = 0;
	return 0;
}

/* Is FLAG one of the '|'-separated words of the argument? */
static int has_flag(const struct arg *a, const char *flag)
{
	size_t m = strlen(flag), i = 0;

	while (i < a->n) {
		size_t b = i;

		while (i < a->n && a->s[i] != '|' && a->s[i] != ' ')
			i++;
		if (i - b == m && !memcmp(a->s + b, flag, m))
			return 1;
		i++;
	}
	return 0;
}

/* key=value inside a decoded struct ("{src_fd=4, src_offset=0}"). */
static int struct_field(const char *s, size_t n, const char *key, struct arg *v)
{
	struct arg f[16];
	size_t m = strlen(key);
	int nf;

	while (n && (*s == '{' || *s == '[' || *s == ' '))
		s++, n--;
	while (n && (s[n - 1] == '}' || s[n - 1] == ']' || s[n - 1] == ' '))
		n--;
	nf = split_args(s, n, f, 16);
	for (int i = 0; i < nf; i++)
		if (f[i].n > m && !memcmp(f[i].s, key, m) && f[i].s[m] == '=') {
			v->s = f[i].s + m + 1;
			v->n = f[i].n - m - 1;
			return 0;
		}
	return -1;
}

static int struct_num(const char *s, size_t n, const char *key, int64_t *out)
{
	struct arg v;

	return struct_field(s, n, key, &v) || arg_num(&v, out);
}

/* ---- descriptors ---- */

static struct pidtab *pid_table(struct st_state *st, const char *pid)
{
	for (int i = 0; i < st->npids; i++)
		if (!strcmp(st->pids[i].pid, pid))
			return &st->pids[i];
	if (st->npids == ST_MAXPIDS)
		return NULL;
	memset(&st->pids[st->npids], 0, sizeof(st->pids[0]));
	snprintf(st->pids[st->npids].pid, sizeof(st->pids[0].pid), "%s", pid);
	return &st->pids[st->npids++];
}

static int new_desc(struct st_state *st, const char *path)
{
	if (st->ndesc == st->cap) {
		size_t ncap = st->cap ? st->cap * 2 : 64;
		struct desc *n = realloc(st->descs, ncap * sizeof(*n));

		if (!n) {
			st->c->oom = 1;
			return -1;
		}
		st->descs = n;
		st->cap = ncap;
	}
	memset(&st->descs[st->ndesc], 0, sizeof(st->descs[0]));
	if (path && path[0]) {
		st->descs[st->ndesc].path = strdup(path);
		if (!st->descs[st->ndesc].path)
			st->c->oom = 1;
	}
	return (int)st->ndesc++;
}

static void bind_fd(struct st_state *st, int fd, int d)
{
	if (fd < 0 || fd >= ST_MAXFD || !st->pt)
		return;
	st->pt->fd[fd] = d + 1;
	st->last_bound[fd] = d + 1;
}

/*
 * The description behind an fd: this pid's table, else (a thread sharing
 * its parent's table, or an fd inherited before the trace) the latest one
 * any pid bound to that number, else the -y annotation's path.
 */
static struct desc *fd_desc(struct st_state *st, const struct arg *a, int *fdout)
{
	char annot[512];
	int fd, d = 0;

	if (arg_fd(a, &fd, annot, sizeof(annot)))
		return NULL;
	if (fdout)
		*fdout = fd;
	if (fd >= 0 && fd < ST_MAXFD) {
		d = st->pt ? st->pt->fd[fd] : 0;
		if (!d)
			d = st->last_bound[fd];
	}
	if (d && (!annot[0] || !st->descs[d - 1].path ||
		  !strcmp(annot, st->descs[d - 1].path)))
		return &st->descs[d - 1];
	if (annot[0]) {
		d = new_desc(st, annot);
		if (d < 0)
			return NULL;
		bind_fd(st, fd, d);
		return &st->descs[d];
	}
	return NULL;
}

/* -y shows pipes and sockets as "pipe:[123]", "socket:[45]" */
static int not_regular(const char *path)
{
	return path[0] != '/' && strchr(path, ':') != NULL;
}

/* ino 1..3 of a description's file; 0 with *why set when it has none. */
static int desc_ino(struct st_state *st, const struct desc *d, int create,
		    const char **why)
{
	int i;

	if (!d || !d->path) {
		*why = "fd not opened in the trace";
		return 0;
	}
	if (!strncmp(d->path, "/dev/", 5) || !strncmp(d->path, "/proc/", 6) ||
	    !strncmp(d->path, "/sys/", 5) || d->isdir || not_regular(d->path)) {
		*why = "not a regular file";
		return 0;
	}
	i = imp_key_find(&st->files, d->path);
	if (i < 0 && !create) {
		*why = "a file with no imported write";
		return 0;
	}
	if (i < 0)
		i = imp_key(st->c, &st->files, d->path, CF_NINODES);
	if (i < 0) {
		*why = "a fourth file (only three inodes)";
		return 0;
	}
	return i + 1;
}

/* ---- emitting ---- */

static void skip(struct st_state *st, const char *why)
{
	if (why)
		imp_skip(st->c, "%s  [%s]", st->text, why);
	else
		imp_skip(st->c, "%s", st->text);
}

static int task(struct st_state *st)
{
	return imp_task(st->c, st->pt ? st->pt->pid : "?");
}

/* A write of len bytes at off through d: write or dwrite, plus a
 * sync_range when O_DSYNC/RWF_DSYNC makes a buffered write synchronous;
 * an RWF_ATOMIC direct write is an atomic dwrite. */
static int emit_write(struct st_state *st, struct desc *d, uint64_t off, uint64_t len,
		      int dsync, int async, int atomic)
{
	const char *why = NULL;
	int ino = desc_ino(st, d, 1, &why);
	struct cf_op op;

	if (!ino) {
		skip(st, why);
		return 0;
	}
	op = imp_new_op(d->direct ? CF_OP_DWRITE : CF_OP_WRITE, task(st), ino);
	/* a buffered write keeps its bytes; O_DIRECT is block aligned */
	if (!(d->direct ? imp_blocks(st->c, "write", off, len, &op.off, &op.len) :
			  imp_bytes(st->c, "write", off, len, &op))) {
		skip(st, "empty or outside the model's file");
		return 0;
	}
	op.flag = d->direct && async;
	op.atomic = d->direct && atomic;
	imp_note(st->c, "%s", st->text);
	imp_op(st->c, &op);
	if (op.flag)
		st->outstanding++;
	if (off + len > st->isize[ino])
		st->isize[ino] = off + len;
	if (dsync && !d->direct) {
		op.kind = CF_OP_SYNC_RANGE;
		op.head = op.tail = 0;	/* the blocks it touches */
		imp_note(st->c, "O_DSYNC: the write is synced before it returns");
		imp_op(st->c, &op);
	}
	return 1;
}

static void do_write(struct st_state *st)
{
	int pos_arg = -1, flags_arg = -1, dsync, atomic;
	struct desc *d;
	uint64_t off;
	int64_t v;

	if (name_is(st, "pwrite64") || name_is(st, "pwritev"))
		pos_arg = 3;
	else if (name_is(st, "pwritev2"))
		pos_arg = 3, flags_arg = 4;
	if (st->na < 3 || (pos_arg >= 0 && st->na <= pos_arg)) {
		skip(st, "unexpected arguments");
		return;
	}
	d = fd_desc(st, &st->a[0], NULL);
	if (!d) {
		skip(st, "fd not opened in the trace");
		return;
	}
	dsync = d->dsync || (flags_arg >= 0 && st->na > flags_arg &&
			     (has_flag(&st->a[flags_arg], "RWF_DSYNC") ||
			      has_flag(&st->a[flags_arg], "RWF_SYNC")));
	/* strace 6.1 does not know the flag: it prints 0x40 and a RWF_??? comment */
	atomic = flags_arg >= 0 && st->na > flags_arg &&
		 (has_flag(&st->a[flags_arg], "RWF_ATOMIC") ||
		  has_flag(&st->a[flags_arg], "0x40"));
	if (atomic && !d->direct) {
		skip(st, "RWF_ATOMIC without O_DIRECT (the kernel refuses it)");
		return;
	}
	if (pos_arg >= 0) {
		/* the kernel refuses a negative offset (EINVAL): a trace that
		 * shows one succeeding is not something to import */
		if (arg_num(&st->a[pos_arg], &v) || v < 0) {
			skip(st, "offset negative or out of range");
			return;
		}
		off = (uint64_t)v;
	} else {
		const char *why;
		int ino = desc_ino(st, d, 0, &why);

		/* O_APPEND (or RWF_APPEND) writes at EOF, wherever pos is */
		off = d->append && ino ? st->isize[ino] : d->pos;
		d->pos = off + (uint64_t)st->ret;
	}
	emit_write(st, d, off, (uint64_t)st->ret, dsync, 0, atomic);
}

static void do_open(struct st_state *st)
{
	int path_arg = name_is(st, "openat") ? 1 : 0, flags_arg = path_arg + 1;
	char path[1024], full[2048];
	const char *why;
	struct desc *d;
	int di, ino;

	if (st->na <= path_arg || arg_str(&st->a[path_arg], path, sizeof(path))) {
		skip(st, "unexpected arguments");
		return;
	}
	if (st->retpath[0]) {
		snprintf(full, sizeof(full), "%s", st->retpath);
	} else if (path[0] != '/' && path_arg == 1) {
		struct desc *dir = fd_desc(st, &st->a[0], NULL);
		char annot[512];
		int fd;

		arg_fd(&st->a[0], &fd, annot, sizeof(annot));
		if (dir && dir->path)
			snprintf(full, sizeof(full), "%s/%s", dir->path, path);
		else if (annot[0])
			snprintf(full, sizeof(full), "%s/%s", annot, path);
		else
			snprintf(full, sizeof(full), "%s", path);
	} else {
		snprintf(full, sizeof(full), "%s", path);
	}
	di = new_desc(st, full);
	if (di < 0)
		return;
	bind_fd(st, (int)st->ret, di);
	d = &st->descs[di];
	if (name_is(st, "creat")) {
		skip(st, NULL);
		ino = desc_ino(st, d, 0, &why);
		goto trunc;
	}
	if (st->na > flags_arg) {
		const struct arg *f = &st->a[flags_arg];

		d->direct = has_flag(f, "O_DIRECT");
		d->append = has_flag(f, "O_APPEND");
		d->dsync = has_flag(f, "O_DSYNC") || has_flag(f, "O_SYNC");
		d->isdir = has_flag(f, "O_DIRECTORY");
		skip(st, NULL);
		if (!has_flag(f, "O_TRUNC"))
			return;
		ino = desc_ino(st, d, 0, &why);
		goto trunc;
	}
	skip(st, NULL);
	return;
trunc:
	/* O_TRUNC of a file the scenario already wrote empties it */
	if (ino) {
		struct cf_op op = imp_new_op(CF_OP_TRUNCATE, task(st), ino);

		imp_note(st->c, "O_TRUNC of a file written earlier");
		imp_op(st->c, &op);
		st->isize[ino] = 0;
	}
}

static void do_dup(struct st_state *st)
{
	int fd;
	struct desc *d = st->na ? fd_desc(st, &st->a[0], &fd) : NULL;

	if (d)
		bind_fd(st, (int)st->ret, (int)(d - st->descs));
	skip(st, NULL);
}

static void do_fcntl(struct st_state *st)
{
	struct desc *d;

	if (st->na >= 2 && (has_flag(&st->a[1], "F_DUPFD") ||
			    has_flag(&st->a[1], "F_DUPFD_CLOEXEC"))) {
		do_dup(st);
		return;
	}
	if (st->na >= 3 && has_flag(&st->a[1], "F_SETFL")) {
		d = fd_desc(st, &st->a[0], NULL);
		if (d) {
			d->direct = has_flag(&st->a[2], "O_DIRECT");
			d->append = has_flag(&st->a[2], "O_APPEND");
		}
	}
	skip(st, NULL);
}

static void do_close(struct st_state *st)
{
	int fd;
	char annot[512];

	if (st->na && !arg_fd(&st->a[0], &fd, annot, sizeof(annot)) && fd >= 0 &&
	    fd < ST_MAXFD && st->pt)
		st->pt->fd[fd] = 0;
	skip(st, NULL);
}

static void do_seek_read(struct st_state *st)
{
	struct desc *d = st->na ? fd_desc(st, &st->a[0], NULL) : NULL;

	if (d && name_is(st, "lseek"))
		d->pos = (uint64_t)st->ret;
	else if (d)
		d->pos += (uint64_t)st->ret;
	skip(st, NULL);
}

static void do_fsync(struct st_state *st)
{
	const char *why = "fd not opened in the trace";
	struct desc *d = st->na ? fd_desc(st, &st->a[0], NULL) : NULL;
	int ino = d ? desc_ino(st, d, 0, &why) : 0;
	struct cf_op op;

	if (!ino) {
		skip(st, why);
		return;
	}
	op = imp_new_op(CF_OP_FSYNC, task(st), ino);
	imp_note(st->c, "%s", st->text);
	imp_op(st->c, &op);
}

static void do_sync_range(struct st_state *st)
{
	const char *why = "fd not opened in the trace";
	struct desc *d = st->na == 4 ? fd_desc(st, &st->a[0], NULL) : NULL;
	int ino = d ? desc_ino(st, d, 0, &why) : 0;
	int64_t off, len;
	struct cf_op op;
	int wait;

	if (!ino || arg_num(&st->a[1], &off) || arg_num(&st->a[2], &len) || off < 0 ||
	    len < 0) {
		skip(st, ino ? "unexpected arguments" : why);
		return;
	}
	if (len == 0)	/* nbytes 0: to the end of the file */
		len = (int64_t)st->isize[ino] > off ? (int64_t)st->isize[ino] - off : 0;
	/* WRITE alone starts writeback and does not wait: the flusher's job */
	wait = has_flag(&st->a[3], "SYNC_FILE_RANGE_WAIT_BEFORE") ||
	       has_flag(&st->a[3], "SYNC_FILE_RANGE_WAIT_AFTER");
	op = imp_new_op(wait ? CF_OP_SYNC_RANGE : CF_OP_WRITEBACK,
			wait ? task(st) : CF_TASK_WB, ino);
	if (!imp_blocks(st->c, "sync_file_range", (uint64_t)off, (uint64_t)len,
			&op.off, &op.len)) {
		skip(st, "empty or outside the model's file");
		return;
	}
	op.flag = !wait;
	imp_note(st->c, "%s", st->text);
	imp_op(st->c, &op);
}

static void do_truncate(struct st_state *st)
{
	const char *why = "fd not opened in the trace";
	struct desc *d = NULL;
	int64_t size;
	int ino = 0, di;
	struct cf_op op;

	if (st->na != 2 || arg_num(&st->a[1], &size) || size < 0) {
		skip(st, "unexpected arguments");
		return;
	}
	if (name_is(st, "truncate")) {
		char path[1024];

		if (arg_str(&st->a[0], path, sizeof(path)) || (di = new_desc(st, path)) < 0) {
			skip(st, "unexpected arguments");
			return;
		}
		d = &st->descs[di];
	} else {
		d = fd_desc(st, &st->a[0], NULL);
	}
	if (d)
		ino = desc_ino(st, d, 1, &why);
	if (!ino) {
		skip(st, why);
		return;
	}
	op = imp_new_op(CF_OP_TRUNCATE, task(st), ino);
	imp_note(st->c, "%s", st->text);
	if (!imp_size(st->c, (uint64_t)size, &op)) {
		skip(st, "size past the model's largest file");
		return;
	}
	st->isize[ino] = (uint64_t)size;
	imp_op(st->c, &op);
}

static void do_fallocate(struct st_state *st)
{
	const char *why = "fd not opened in the trace";
	struct desc *d;
	int64_t off, len;
	int ino, unshare;
	struct cf_op op;

	/* PUNCH_HOLE (with KEEP_SIZE) and UNSHARE_RANGE are modelled */
	unshare = st->na == 4 && has_flag(&st->a[1], "FALLOC_FL_UNSHARE_RANGE");
	if (st->na != 4 || (!unshare && !has_flag(&st->a[1], "FALLOC_FL_PUNCH_HOLE"))) {
		skip(st, "fallocate mode not modelled");
		return;
	}
	d = fd_desc(st, &st->a[0], NULL);
	ino = d ? desc_ino(st, d, 1, &why) : 0;
	if (!ino || arg_num(&st->a[2], &off) || arg_num(&st->a[3], &len) || off < 0 ||
	    len < 0) {
		skip(st, ino ? "unexpected arguments" : why);
		return;
	}
	/* the model's unshare grows the file over its range, as without
	 * KEEP_SIZE */
	if (unshare && has_flag(&st->a[1], "FALLOC_FL_KEEP_SIZE") &&
	    (uint64_t)off + (uint64_t)len > st->isize[ino]) {
		skip(st, "unshare past EOF with KEEP_SIZE not modelled");
		return;
	}
	/* unshare works on whole blocks; a punch keeps its bytes */
	op = imp_new_op(unshare ? CF_OP_UNSHARE : CF_OP_PUNCH, task(st), ino);
	if (!(unshare ? imp_blocks(st->c, "unshare", (uint64_t)off, (uint64_t)len,
				   &op.off, &op.len) :
			imp_bytes(st->c, "punch", (uint64_t)off, (uint64_t)len, &op))) {
		skip(st, "empty or outside the model's file");
		return;
	}
	if (unshare && (uint64_t)off + (uint64_t)len > st->isize[ino])
		st->isize[ino] = (uint64_t)off + (uint64_t)len;
	imp_note(st->c, "%s", st->text);
	imp_op(st->c, &op);
}

static void do_ioctl(struct st_state *st)
{
	const char *why = "fd not opened in the trace";
	int64_t soff = 0, len = 0, doff = 0, sfd;
	struct desc *dst, *src = NULL;
	int range, si = 0, di = 0;
	struct cf_op op;
	struct arg fa;

	if (st->na < 3) {
		skip(st, NULL);
		return;
	}
	range = has_flag(&st->a[1], "FICLONERANGE");
	if (!range && !has_flag(&st->a[1], "FICLONE")) {
		skip(st, NULL);
		return;
	}
	if (range) {
		const struct arg *s = &st->a[2];

		if (struct_num(s->s, s->n, "src_fd", &sfd) ||
		    struct_num(s->s, s->n, "src_offset", &soff) ||
		    struct_num(s->s, s->n, "src_length", &len) ||
		    struct_num(s->s, s->n, "dest_offset", &doff) ||
		    soff < 0 || len < 0 || doff < 0) {
			skip(st, "unexpected arguments");
			return;
		}
		struct_field(s->s, s->n, "src_fd", &fa);
	} else {
		fa = st->a[2];
	}
	dst = fd_desc(st, &st->a[0], NULL);
	src = fd_desc(st, &fa, NULL);
	if (src)
		si = desc_ino(st, src, 1, &why);
	if (si && dst)
		di = desc_ino(st, dst, 1, &why);
	if (!si || !di) {
		skip(st, why);
		return;
	}
	op = imp_new_op(CF_OP_REFLINK, task(st), si);
	op.ino2 = di;
	imp_note(st->c, "%s", st->text);
	if (len) {	/* src_length 0 (and FICLONE) clone to the source's EOF */
		uint16_t b0, l0, b1, l1;

		if (!imp_blocks(st->c, "clone source", (uint64_t)soff, (uint64_t)len, &b0, &l0) ||
		    !imp_blocks(st->c, "clone destination", (uint64_t)doff, (uint64_t)len,
				&b1, &l1)) {
			skip(st, "outside the model's file");
			return;
		}
		op.off = b0;
		op.off2 = b1;
		op.len = l0 < l1 ? l0 : l1;
	} else if (soff % st->c->bs || doff % st->c->bs ||
		   (uint64_t)soff / st->c->bs >= CF_MAX_FILE_BLOCKS ||
		   (uint64_t)doff / st->c->bs >= CF_MAX_FILE_BLOCKS) {
		skip(st, "unaligned or outside the model's file");
		return;
	} else {
		op.off = (uint16_t)(soff / st->c->bs);
		op.off2 = (uint16_t)(doff / st->c->bs);
	}
	imp_op(st->c, &op);
}

/* Each iocb of io_submit: "{..., aio_lio_opcode=IOCB_CMD_PWRITE, aio_fildes=7,
 * ..., aio_nbytes=4096, aio_offset=0}". */
static void do_io_submit(struct st_state *st)
{
	const struct arg *list;
	size_t i = 0;
	int done = 0, emitted = 0;

	if (st->na != 3 || st->a[2].n < 2 || st->a[2].s[0] != '[') {
		skip(st, "unexpected arguments");
		return;
	}
	list = &st->a[2];
	while (i < list->n && done < st->ret) {
		size_t b, e;
		int depth = 0;
		struct arg fd, opc;
		int64_t nbytes, off;
		struct desc *d;

		while (i < list->n && list->s[i] != '{')
			i++;
		if (i >= list->n)
			break;
		b = i;
		for (e = i; e < list->n; e++) {
			if (list->s[e] == '"') {
				e = skip_quoted(list->s, list->n, e) - 1;
				continue;
			}
			if (list->s[e] == '{')
				depth++;
			else if (list->s[e] == '}' && --depth == 0)
				break;
		}
		i = e + 1;
		done++;
		if (struct_field(list->s + b, e - b + 1, "aio_lio_opcode", &opc) ||
		    struct_field(list->s + b, e - b + 1, "aio_fildes", &fd))
			continue;
		d = fd_desc(st, &fd, NULL);
		if (!d)
			continue;
		if (has_flag(&opc, "IOCB_CMD_FSYNC") || has_flag(&opc, "IOCB_CMD_FDSYNC")) {
			const char *why;
			int ino = desc_ino(st, d, 0, &why);

			if (ino) {
				struct cf_op op = imp_new_op(CF_OP_FSYNC, task(st), ino);

				imp_op(st->c, &op);
				emitted++;
			}
			continue;
		}
		if (!has_flag(&opc, "IOCB_CMD_PWRITE") ||
		    struct_num(list->s + b, e - b + 1, "aio_nbytes", &nbytes) ||
		    struct_num(list->s + b, e - b + 1, "aio_offset", &off) ||
		    nbytes <= 0 || off < 0)
			continue;
		emitted += emit_write(st, d, (uint64_t)off, (uint64_t)nbytes, 0, 1, 0);
	}
	if (!emitted)
		skip(st, "no modelled iocb");
}

static void do_io_getevents(struct st_state *st)
{
	struct cf_op op;

	if (st->ret <= 0 || st->outstanding == 0) {
		skip(st, "no async direct write outstanding");
		return;
	}
	op = imp_new_op(CF_OP_DIOEND, CF_TASK_DIOEND, 0);
	op.len = st->ret < st->outstanding ? st->ret : st->outstanding;
	if (op.len > 255)
		op.len = 255;
	st->outstanding -= op.len;
	imp_note(st->c, "%s", st->text);
	imp_op(st->c, &op);
}

static void dispatch(struct st_state *st)
{
	static const struct {
		const char *name;
		void (*fn)(struct st_state *st);
	} tab[] = {
		{ "open", do_open }, { "openat", do_open }, { "creat", do_open },
		{ "close", do_close }, { "dup", do_dup }, { "dup2", do_dup },
		{ "dup3", do_dup }, { "fcntl", do_fcntl }, { "fcntl64", do_fcntl },
		{ "lseek", do_seek_read }, { "read", do_seek_read },
		{ "readv", do_seek_read },
		{ "write", do_write }, { "writev", do_write }, { "pwrite64", do_write },
		{ "pwritev", do_write }, { "pwritev2", do_write },
		{ "fsync", do_fsync }, { "fdatasync", do_fsync },
		{ "sync_file_range", do_sync_range }, { "ftruncate", do_truncate },
		{ "truncate", do_truncate }, { "fallocate", do_fallocate },
		{ "ioctl", do_ioctl }, { "io_submit", do_io_submit },
		{ "io_getevents", do_io_getevents },
	};

	if (st->failed) {
		skip(st, "failed");
		return;
	}
	for (size_t i = 0; i < sizeof(tab) / sizeof(tab[0]); i++)
		if (name_is(st, tab[i].name)) {
			tab[i].fn(st);
			return;
		}
	skip(st, name_is(st, "copy_file_range") ? "not modelled" : NULL);
}

/* ---- lines ---- */

/* "name(args) = ret": 0 and the call in st, or -1 if it is not one. */
static int parse_call(struct st_state *st, const char *s, size_t n)
{
	size_t i = 0, cp;
	struct arg r;
	const char *lt;

	while (i < n && ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') ||
			 s[i] == '_'))
		i++;
	if (i == 0 || i >= n || s[i] != '(')
		return -1;
	st->name = s;
	st->namelen = i;
	cp = close_paren(s, n, i + 1);
	if (cp >= n)
		return -1;
	st->na = split_args(s + i + 1, cp - i - 1, st->a, ST_MAXARGS);
	r = trim(s + cp + 1, n - cp - 1);
	if (r.n < 2 || r.s[0] != '=')
		return -1;
	r = trim(r.s + 1, r.n - 1);
	st->retpath[0] = 0;
	st->failed = 0;
	if (r.n && r.s[0] == '?') {
		st->failed = 1;
		return 0;
	}
	if (lead_num(r.s, r.n, &st->ret))
		return -1;
	st->failed = st->ret < 0;
	lt = memchr(r.s, '<', r.n);
	if (lt) {
		const char *gt = memchr(lt, '>', r.n - (size_t)(lt - r.s));
		size_t m = gt ? (size_t)(gt - lt - 1) : 0;

		if (gt && m < sizeof(st->retpath)) {
			memcpy(st->retpath, lt + 1, m);
			st->retpath[m] = 0;
		}
	}
	return 0;
}

static void handle(struct st_state *st, const char *pid, const char *s, size_t n,
		   const char *line, size_t linelen)
{
	char buf[IMP_COMMENT_MAX + 1];

	st->pt = pid_table(st, pid);
	if (parse_call(st, s, n)) {
		imp_reject(st->c, line, linelen);
		return;
	}
	imp_abbrev(buf, sizeof(buf), s, n);
	snprintf(st->text, sizeof(st->text), "%s %s", pid, buf);
	dispatch(st);
}

static int is_time(const char *s, size_t n)
{
	int digits = 0;

	for (size_t i = 0; i < n; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			digits++;
		else if (s[i] != ':' && s[i] != '.')
			return 0;
	}
	return digits > 0;
}

static void st_line(struct st_state *st, const char *s, size_t n)
{
	char pid[24] = "0";
	size_t i = 0, b;
	struct pidtab *pt;

	while (i < n && s[i] == ' ')
		i++;
	if (i == n)
		return;
	/* "PID " (strace -f) then "HH:MM:SS.usec " (-tt); both optional */
	for (int field = 0; field < 2; field++) {
		b = i;
		while (i < n && s[i] != ' ')
			i++;
		if (field == 0 && i - b < sizeof(pid) && i < n && is_time(s + b, i - b) &&
		    !memchr(s + b, ':', i - b) && !memchr(s + b, '.', i - b)) {
			snprintf(pid, sizeof(pid), "%.*s", (int)(i - b), s + b);
		} else if (!(i < n && is_time(s + b, i - b))) {
			i = b;
			break;
		}
		while (i < n && s[i] == ' ')
			i++;
	}
	s += i;
	n -= i;
	if (n >= 3 && (!memcmp(s, "+++", 3) || !memcmp(s, "---", 3)))
		return;		/* exits and signals */
	pt = pid_table(st, pid);
	if (!pt) {
		imp_reject(st->c, s - i, n + i);
		return;
	}
	if (n > 5 && !memcmp(s, "<... ", 5)) {
		const char *r = memmem(s, n, " resumed>", 9);
		char *joined;
		size_t pn;

		if (!r || !pt->pending) {
			imp_reject(st->c, s - i, n + i);
			return;
		}
		r += 9;
		pn = strlen(pt->pending);
		joined = malloc(pn + (size_t)(s + n - r) + 1);
		if (!joined) {
			st->c->oom = 1;
			return;
		}
		memcpy(joined, pt->pending, pn);
		memcpy(joined + pn, r, (size_t)(s + n - r));
		joined[pn + (s + n - r)] = 0;
		free(pt->pending);
		pt->pending = NULL;
		handle(st, pid, joined, strlen(joined), s - i, n + i);
		free(joined);
		return;
	}
	if (n >= 16 && !memcmp(s + n - 16, "<unfinished ...>", 16)) {
		size_t m = n - 16;

		while (m && s[m - 1] == ' ')
			m--;
		if (pt->pending)
			imp_skip(st->c, "pid %s: a call never resumed", pid);
		free(pt->pending);
		pt->pending = strndup(s, m);
		if (!pt->pending)
			st->c->oom = 1;
		return;
	}
	handle(st, pid, s, n, s - i, n + i);
}

static void st_line_cb(void *st, const char *line, size_t n)
{
	st_line(st, line, n);
}

void imp_strace(struct imp_ctx *c, const char *data, size_t len)
{
	struct st_state *st = calloc(1, sizeof(*st));

	if (!st || !(st->pids = calloc(ST_MAXPIDS, sizeof(*st->pids)))) {
		free(st);
		c->oom = 1;
		return;
	}
	st->c = c;
	imp_each_line(c, data, len, st_line_cb, st);
	for (int i = 0; i < st->npids; i++) {
		if (st->pids[i].pending) {
			imp_skip(c, "pid %s: a call never resumed", st->pids[i].pid);
			free(st->pids[i].pending);
		}
	}
	for (size_t i = 0; i < st->ndesc; i++)
		free(st->descs[i].path);
	free(st->descs);
	free(st->pids);
	imp_keymap_free(&st->files);
	free(st);
}
