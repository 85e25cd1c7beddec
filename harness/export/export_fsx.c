// SPDX-License-Identifier: GPL-2.0
/*
 * The fsx --replay-ops form.  fsx works on one file, writes its own data
 * and checks it against its own copy, and replays lines of
 *
 *   [skip] OP ARG ARG ARG [ARG] [keep_size|close_open|unshare|*]...
 *
 * with numbers in C notation (0x...), four arguments for the range-copy
 * ops (clone_range, dedupe_range, copy_range, exchange_range) and three for
 * the others; the last argument is the file size when it was logged and is
 * informational.  A first token starting with '#' makes a comment line.
 * fsx reads lines with a 256-byte buffer, so every line here stays shorter.
 *
 * Only ino 1's lines become fsx ops; the others are comments.  A file-size
 * model of what fsx itself replayed (not of the scenario's ino 1, which
 * other inodes' reflinks may change) gives the size column and tells which
 * lines fsx would trim or wrap, which are written as `skip` lines.
 */
#include <stdio.h>
#include <string.h>
#include "export.h"

struct fsx_out {
	struct export_ctx	x;
	struct kc_model		m;	/* only the ops fsx really replays */
	uint32_t		bs;
};

static unsigned long long sz(struct fsx_out *f)
{
	return (unsigned long long)f->m.size_bytes[0];
}

static void line3(struct fsx_out *f, const char *skip, const char *op,
		  unsigned long long a, unsigned long long b)
{
	fprintf(f->x.out, "%s%s 0x%llx 0x%llx 0x%llx\n", skip, op, a, b, sz(f));
}

static void not_here(struct fsx_out *f, const char *why)
{
	fprintf(f->x.out, "# NOT REPRODUCED: %s\n", why);
}

static int only_ino1(struct fsx_out *f, const struct cf_op *op)
{
	if (op->kind == CF_OP_REFLINK && (op->ino != 1 || op->ino2 != 1)) {
		not_here(f, "fsx drives one file; a reflink between files is not replayed");
		return 0;
	}
	if (op->ino != 1) {
		fprintf(f->x.out, "# NOT REPRODUCED: fsx drives one file (ino 1); ino %u is not replayed\n",
			op->ino);
		return 0;
	}
	return 1;
}

/* clone_range SRC LEN DST SIZE, within ino 1 */
static void fsx_reflink(struct fsx_out *f, const struct cf_op *op)
{
	uint32_t len = kc_reflink_len(&f->m, op);
	int bad = kc_model_predict(&f->m, op) != 0 || !len;

	if (bad)
		fprintf(f->x.out, "# a correct kernel refuses or ignores this one; kept as a skip line\n");
	fprintf(f->x.out, "%sclone_range 0x%llx 0x%llx 0x%llx 0x%llx\n",
		bad ? "skip " : "", (unsigned long long)op->off * f->bs,
		(unsigned long long)len * f->bs,
		(unsigned long long)op->off2 * f->bs, sz(f));
}

/* fsx trims read and punch_hole to its file size and wraps an offset past
 * it (offset %= size): such a line is logged as a skip line instead. */
static int past_eof(struct fsx_out *f, const struct cf_op *op)
{
	if (op->off < f->m.size_blocks[0])
		return 0;
	fprintf(f->x.out, "# starts at or past EOF: fsx would wrap the offset; kept as a skip line\n");
	return 1;
}

/* Returns 1 when fsx replays the line (the model then follows it). */
static int fsx_op(struct fsx_out *f, const struct cf_op *op)
{
	unsigned long long off = (unsigned long long)op->off * f->bs;
	unsigned long long n = (unsigned long long)op->len * f->bs;
	int skip;

	/* buffered write, punch, truncate, read: their exact bytes */
	if (op->kind == CF_OP_WRITE || op->kind == CF_OP_PUNCH ||
	    op->kind == CF_OP_TRUNCATE || op->kind == CF_OP_READ) {
		off = cf_op_byte_off(op, f->bs);
		n = cf_op_byte_len(op, f->bs);
	}

	switch (op->kind) {
	case CF_OP_WRITE:
	case CF_OP_DWRITE:
		if (!only_ino1(f, op))
			return 0;
		if (op->kind == CF_OP_DWRITE)
			fprintf(f->x.out, "# O_DIRECT: fsx uses it for every op (-Z) or none; a buffered write here\n");
		line3(f, "", "write", off, n);
		return 1;
	case CF_OP_FSYNC:
		if (!only_ino1(f, op))
			return 0;
		fprintf(f->x.out, "fsync 0x0 0x0 0x%llx\n", sz(f));
		return 1;
	case CF_OP_TRUNCATE:
		if (!only_ino1(f, op))
			return 0;
		fprintf(f->x.out, "truncate 0x0 0x%llx 0x%llx\n", off, sz(f));
		return 1;
	case CF_OP_PUNCH:
		if (!only_ino1(f, op))
			return 0;
		skip = past_eof(f, op);
		line3(f, skip ? "skip " : "", "punch_hole", off, n);
		return !skip;
	case CF_OP_READ:
		if (!only_ino1(f, op))
			return 0;
		skip = past_eof(f, op);
		line3(f, skip ? "skip " : "", "read", off, n);
		return 0;
	case CF_OP_REFLINK:
		if (!only_ino1(f, op))
			return 0;
		fsx_reflink(f, op);
		return 1;
	case CF_OP_SYNC_RANGE:
	case CF_OP_WRITEBACK:
	case CF_OP_WAIT:
		if (!only_ino1(f, op))
			return 0;
		not_here(f, "fsx has no sync_file_range or wait op");
		return 0;
	case CF_OP_DROP_CACHES:
		not_here(f, "fsx drops caches only after every op (-f), not at one point");
		return 0;
	case CF_OP_UNSHARE:
		if (!only_ino1(f, op))
			return 0;
		not_here(f, "no fsx op log form for funshare here (fsx unshares only as a random fallocate mode)");
		return 0;
	default:
		return 0;
	}
}

static void fsx_header(struct fsx_out *f)
{
	const struct cf_scenario *scn = f->x.scn;
	uint32_t maxop = scn->geo.init_blocks ? scn->geo.init_blocks : 1, maxsize;

	for (uint32_t i = 0; i < scn->nops; i++)
		if (scn->ops[i].len > maxop)
			maxop = scn->ops[i].len;
	maxsize = CF_MAX_FILE_BLOCKS * f->bs;
	fprintf(f->x.out,
		"# %s: exported by cowfuzz export --format fsx\n"
		"# replay: fsx -N 10000 -l %u -o %u -i LOGDEV --replay-ops THIS TESTFILE\n"
		"# on an XFS made with mkfs.xfs -m reflink=1 -b size=%u.\n"
		"# -i: fsx runs 'dmsetup message LOGDEV 0 mark' at every fsync line\n"
		"# (a dm-log-writes device, or a dmsetup stub that exits 0).\n"
		"# fsx writes its own data and checks it; the scenario's byte tags and\n"
		"# its files ino 2 and ino 3 are not reproduced.\n",
		f->x.name, maxsize, maxop * f->bs, f->bs);
}

int export_fsx(const struct cf_scenario *scn, const char *name, FILE *out,
	       char *msg, size_t len)
{
	struct fsx_out f;

	memset(&f, 0, sizeof(f));
	f.x.scn = scn;
	f.x.name = name;
	f.x.out = out;
	f.x.indent = "";
	f.bs = scn->geo.block_size;
	f.m.bs = f.bs;
	fsx_header(&f);
	if (scn->geo.always_cow)
		not_here(&f, "always_cow on (an XFS debug knob read at mount)");
	if (scn->geo.init != CF_INIT_NONE) {
		struct cf_op w = { .kind = CF_OP_WRITE, .ino = 1,
				   .len = scn->geo.init_blocks };

		fprintf(out, "# init: %u written blocks in ino 1, then on disk\n",
			scn->geo.init_blocks);
		line3(&f, "", "write", 0, (unsigned long long)w.len * f.bs);
		kc_model_apply(&f.m, &w, 0);
		fprintf(out, "fsync 0x0 0x0 0x%llx\n", sz(&f));
		if (scn->geo.init == CF_INIT_CLONE)
			not_here(&f, "init clone: ino 2, the reflink copy, is another file");
	}
	for (uint32_t i = 0; i < scn->nops; i++) {
		const struct cf_op *op = &scn->ops[i];

		export_origin(&f.x, op);
		export_limits(&f.x, op, 1);
		if (fsx_op(&f, op) && kc_model_predict(&f.m, op) == 0)
			kc_model_apply(&f.m, op, i);
	}
	return 0;
}
