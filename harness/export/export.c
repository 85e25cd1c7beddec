// SPDX-License-Identifier: GPL-2.0
/*
 * cowfuzz export: the xfs_io shell form, and what the three forms share.
 *
 * The xfs_io script runs the lines one after the other on ino1..ino3 in the
 * directory given as $1, checks every `read` line and, at the end, every
 * block, against the sequential model (the value of the last line that
 * wrote it), and exits 1 on a difference.  Each data line writes the byte
 * cf_tag_byte(its tag), as the port's reference model names it, so a block
 * that holds the wrong byte names the line whose data it holds.
 */
#include <stdio.h>
#include <string.h>
#include "export.h"
#include "scenario.h"

int export_format_from_name(const char *name)
{
	if (!strcmp(name, "xfs_io"))
		return EXPORT_XFS_IO;
	if (!strcmp(name, "fsx"))
		return EXPORT_FSX;
	if (!strcmp(name, "fstests"))
		return EXPORT_FSTESTS;
	return -1;
}

void export_origin(struct export_ctx *x, const struct cf_op *op)
{
	char line[256];

	scn_format_op(x->scn, op, line, sizeof(line));
	fprintf(x->out, "%s# line %u: %s\n", x->indent, op->line, line);
}

static const char *pause_knob(int point)
{
	const char *name = cf_yield_name(point);

	/* XFS_ERRTAG_WB_DELAY_MS sits at the top of xfs_map_blocks, before
	 * anything else it does: it holds map_blocks.delay and no later window
	 * (W1-W3 come after the cached-mapping check or the ILOCK cycle);
	 * XFS_ERRTAG_WRITE_DELAY_MS in xfs_iomap_valid, once a buffered
	 * write's mapping is checked, before the folio copy. */
	if (!strcmp(name, "map_blocks.delay"))
		return "wb_delay_ms";
	if (!strcmp(name, "write_iomap.begin_done"))
		return "write_delay_ms";
	return NULL;
}

int export_unheld_windows(const struct cf_scenario *scn, int knobs, char *buf,
			  size_t len)
{
	size_t used = 0;
	int n = 0;

	buf[0] = 0;
	for (uint32_t i = 0; i < scn->nops; i++) {
		const struct cf_op *op = &scn->ops[i];
		int unheld = op->fault || (op->kind == CF_OP_DWRITE && op->flag) ||
			     op->kind == CF_OP_ENDIO || op->kind == CF_OP_DIOEND ||
			     op->kind == CF_OP_RECLAIM ||
			     (op->pause_point && !(knobs && export_pause_knob(op)));

		if (!unheld)
			continue;
		if (used < len)
			used += (size_t)snprintf(buf + used, len - used, "%s%u", n ? ", " : "",
						 op->line ? op->line : i + 1);
		n++;
	}
	return n;
}

/* The knob that holds a pause's window open, or NULL. */
const char *export_pause_knob(const struct cf_op *op)
{
	return op->pause_point ? pause_knob(op->pause_point - 1) : NULL;
}

void export_limits(struct export_ctx *x, const struct cf_op *op, int fsx)
{
	const char *in = x->indent;

	if (op->pause_point) {
		const char *knob = export_pause_knob(op);

		fprintf(x->out, "%s# NOT REPRODUCED: the pause at %s#%u; a real kernel cannot be\n"
			"%s#   stopped at a chosen yield point, so the line runs to its end here%s%s%s\n",
			in, cf_yield_name(op->pause_point - 1), op->pause_nth, in,
			knob && !fsx ? " (the fstests form holds the window open with " : "",
			knob && !fsx ? knob : "", knob && !fsx ? ")" : "");
	}
	if (op->fault)
		fprintf(x->out, "%s# NOT REPRODUCED: fault %s#%u; a real kernel cannot be made to fail\n"
			"%s#   this one bio or allocation, so the line runs without the fault\n",
			in, cf_fault_name(op->fault), op->fault_nth, in);
	if (op->kind == CF_OP_DWRITE && op->flag)
		fprintf(x->out, "%s# async: completed before the next line (no control over the\n"
			"%s#   direct-I/O completion work on a real kernel)\n", in, in);
	if (op->kind == CF_OP_DWRITE && op->atomic)
		fprintf(x->out, "%s# atomic: RWF_ATOMIC; %s\n", in, fsx ?
			"fsx replays it as a plain write (its write_atomic op needs -a)" :
			"xfs_io 6.1 has no pwrite -A (a newer xfs_io: pwrite -A -D -V 1),\n"
			"#   so a plain O_DIRECT pwrite of the same range, which leaves the same data");
	switch (op->kind) {
	case CF_OP_ENDIO: case CF_OP_DIOEND: case CF_OP_RECLAIM:
		fprintf(x->out, "%s# NOT REPRODUCED: a worker line; the kernel runs its own %s\n"
			"%s#   worker when it likes, nothing to issue here\n", in,
			op->kind == CF_OP_RECLAIM ? "cowblocks reclaim" : "completion",
			in);
		break;
	case CF_OP_RESUME:
		fprintf(x->out, "%s# resume: nothing was held, nothing to resume\n", in);
		break;
	case CF_OP_ALWAYS_COW:
		fprintf(x->out, "%s# NOT REPRODUCED: always_cow %s mid-run; XFS reads\n"
			"%s#   /sys/fs/xfs/debug/always_cow at mount time only (debug kernels)\n",
			in, op->flag ? "on" : "off", in);
		break;
	default:
		break;
	}
}

/* One `expect` line: the blocks [first, end) as runs of COUNTxBYTE. */
static void emit_expect_runs(struct export_ctx *x, unsigned ino,
			     const uint16_t *tag, uint32_t first, uint32_t end)
{
	const char *sep = "";

	/* a block of several values (a sub-block write): the expect helper
	 * compares whole blocks, so such a range is left to kernel-check */
	for (uint32_t b = first; b < end; b++)
		if (tag[b] == KC_TAG_MIXED || tag[b] >= CF_TAG_MIX) {
			fprintf(x->out, "%s# ino%u blocks %u..%u hold sub-block writes: checked by "
				"kernel-check, not here\n", x->indent, ino, first, end - 1);
			return;
		}
	fprintf(x->out, "%sexpect ino%u %u %u \"", x->indent, ino, first,
		end - first);
	for (uint32_t b = first; b < end;) {
		uint32_t e = b + 1;

		while (e < end && cf_tag_byte(tag[e]) == cf_tag_byte(tag[b]))
			e++;
		fprintf(x->out, "%s%ux%02x", sep, e - b, cf_tag_byte(tag[b]));
		sep = " ";
		b = e;
	}
	fprintf(x->out, "\"\n");
}

/*
 * The bare xfs_io command of op and the file-table slot it runs on (0-2:
 * ino1-3 buffered, 3-5: ino1-3 O_DIRECT).  Returns 1, 2 for a shell line
 * (drop_caches, in buf), 0 when the op issues nothing.
 */
static int io_cmd(struct export_ctx *x, const struct cf_op *op, uint32_t idx,
		  char *buf, size_t len, int *slot)
{
	unsigned long long bs = x->scn->geo.block_size;
	unsigned long long off = op->off * bs, n = op->len * bs;
	unsigned byte = cf_tag_byte(cf_op_tag(idx));

	/* buffered write, punch, truncate (and read): their exact bytes */
	if (op->kind == CF_OP_WRITE || op->kind == CF_OP_PUNCH || op->kind == CF_OP_TRUNCATE) {
		off = cf_op_byte_off(op, (uint32_t)bs);
		n = cf_op_byte_len(op, (uint32_t)bs);
	}

	*slot = op->ino >= 1 ? op->ino - 1 : 0;
	switch (op->kind) {
	case CF_OP_WRITE:
	case CF_OP_DWRITE:
		/* -b: one pwrite(2) for the whole range, as the scenario line */
		snprintf(buf, len, "pwrite -q -S 0x%02x -b %llu %llu %llu", byte, n, off, n);
		if (op->kind == CF_OP_DWRITE)
			*slot += 3;
		return 1;
	case CF_OP_FSYNC:
		snprintf(buf, len, "fsync");
		return 1;
	case CF_OP_SYNC_RANGE:
		snprintf(buf, len, "sync_range -b -w -a %llu %llu", off, n);
		return 1;
	case CF_OP_WRITEBACK:
		/* WRITE only: start writeback, do not wait (0 0 = whole file) */
		snprintf(buf, len, "sync_range -w %llu %llu", off, n);
		return 1;
	case CF_OP_WAIT:
		snprintf(buf, len, "sync_range -b 0 0");
		return 1;
	case CF_OP_REFLINK:
		/* len 0 is FICLONERANGE's own "to the source's EOF" */
		snprintf(buf, len, "reflink ino%u %llu %llu %llu", op->ino, off,
			 op->off2 * bs, n);
		*slot = op->ino2 - 1;
		return 1;
	case CF_OP_TRUNCATE:
		snprintf(buf, len, "truncate %llu", off);
		return 1;
	case CF_OP_PUNCH:
		snprintf(buf, len, "fpunch %llu %llu", off, n);
		return 1;
	case CF_OP_UNSHARE:
		snprintf(buf, len, "funshare %llu %llu", off, n);
		return 1;
	case CF_OP_DROP_CACHES:
		/* clean pages only, no sync first */
		snprintf(buf, len, "echo 1 > /proc/sys/vm/drop_caches");
		return 2;
	default:
		return 0;
	}
}

/* One shell command line for op, or 0 if the op issues none. */
int export_xfs_io_cmd(struct export_ctx *x, const struct cf_op *op,
		      uint32_t idx, char *buf, size_t len)
{
	char cmd[256];
	int slot, rc = io_cmd(x, op, idx, cmd, sizeof(cmd), &slot);

	if (rc == 2)
		snprintf(buf, len, "%s", cmd);
	else if (rc == 1)
		snprintf(buf, len, "%s%s -c \"%s\" ino%d", x->xfs_io,
			 slot >= 3 ? " -d" : "", cmd, slot % 3 + 1);
	return rc != 0;
}

void export_xfs_io_op(struct export_ctx *x, const struct cf_op *op,
		      uint32_t idx, const struct kc_model *m)
{
	char cmd[512];
	int pred = kc_model_predict(m, op);

	export_origin(x, op);
	export_limits(x, op, 0);
	if (pred)
		fprintf(x->out, "%s# a correct kernel refuses this one (%s); it changes nothing\n",
			x->indent, pred == -22 ? "EINVAL" : "an error");
	/* a plain pwrite standing in for a refused atomic one would not fail */
	if (pred && op->kind == CF_OP_DWRITE && op->atomic) {
		fprintf(x->out, "%s# (not issued: without RWF_ATOMIC it would succeed)\n", x->indent);
		return;
	}
	if (op->kind == CF_OP_READ) {
		uint32_t size = m->size_blocks[op->ino - 1];
		uint32_t end = op->off + op->len < size ? op->off + op->len : size;

		if (end <= op->off) {
			fprintf(x->out, "%s# read wholly past EOF: returns nothing\n", x->indent);
			return;
		}
		if (x->batch)
			fprintf(x->out, "%sflush\n", x->indent);
		emit_expect_runs(x, op->ino, m->tag[op->ino - 1], op->off, end);
		return;
	}
	if (x->batch) {
		int slot, rc = io_cmd(x, op, idx, cmd, sizeof(cmd), &slot);

		if (rc == 2)
			fprintf(x->out, "%sflush\n%s%s\n", x->indent, x->indent, cmd);
		else if (rc == 1)
			fprintf(x->out, "%sio %d \"%s\"\n", x->indent, slot, cmd);
		return;
	}
	if (export_xfs_io_cmd(x, op, idx, cmd, sizeof(cmd)))
		fprintf(x->out, "%s%s\n", x->indent, cmd);
}

void export_shell_helpers(struct export_ctx *x)
{
	fprintf(x->out,
		"BS=%u\n"
		"bad=0\n"
		"# expect FILE FIRST_BLOCK NBLOCKS \"COUNTxBYTE ...\": a buffered read of\n"
		"# those blocks gives, block by block, these bytes and only these\n"
		"expect() {\n"
		"\tod -An -v -tx1 -w$BS -j $(($2 * BS)) -N $(($3 * BS)) \"$1\" |\n"
		"\tawk -v runs=\"$4\" -v f=\"$1\" -v first=\"$2\" '\n"
		"\tBEGIN { n = split(runs, r, \" \"); k = 0\n"
		"\t\tfor (i = 1; i <= n; i++) { split(r[i], p, \"x\"); for (j = 0; j < p[1]; j++) want[k++] = p[2] } }\n"
		"\t{ b = $1; for (i = 2; i <= NF; i++) if ($i != b) { b = \"mixed\"; break }\n"
		"\t  if (b != want[NR - 1]) { printf \"MISMATCH %%s block %%d: expected %%s, read %%s\\n\", f, first + NR - 1, want[NR - 1], b; bad = 1 } }\n"
		"\tEND { if (NR != k) { printf \"MISMATCH %%s: read %%d blocks from block %%d, expected %%d\\n\", f, NR, first, k; bad = 1 }\n"
		"\t\texit bad }' || bad=1\n"
		"}\n"
		"expect_size() {\n"
		"\tgot=$(stat -c %%s \"$1\")\n"
		"\tif [ \"$got\" != \"$2\" ]; then\n"
		"\t\techo \"MISMATCH $1 size: expected $2, got $got\"\n"
		"\t\tbad=1\n"
		"\tfi\n"
		"}\n", x->scn->geo.block_size);
	if (x->batch)
		fprintf(x->out,
			"# io SLOT CMD: queue an xfs_io command for file slot 0-2 (ino1-3)\n"
			"# or 3-5 (ino1-3 opened O_DIRECT); flush runs the queue in one\n"
			"# xfs_io, in order (one process per batch, not per line)\n"
			"cmds=$(mktemp \"${TMPDIR:-/tmp}/cowfuzz-xfsio.XXXXXX\") || exit 2\n"
			"trap 'rm -f \"$cmds\"' EXIT\n"
			"io() { printf 'file %%s\\n%%s\\n' \"$1\" \"$2\" >> \"$cmds\"; }\n"
			"flush() {\n"
			"\t[ -s \"$cmds\" ] || return 0\n"
			"\t{ printf 'open ino2\\nopen ino3\\nopen -d ino1\\nopen -d ino2\\nopen -d ino3\\n'\n"
			"\t  cat \"$cmds\"; } | xfs_io ino1 >/dev/null\n"
			"\t: > \"$cmds\"\n"
			"}\n");
	fputc('\n', x->out);
}

void export_shell_init(struct export_ctx *x)
{
	const struct cf_geometry *g = &x->scn->geo;
	unsigned long long n = (unsigned long long)g->init_blocks * g->block_size;

	fprintf(x->out, "rm -f ino1 ino2 ino3\n");
	for (unsigned i = 1; i <= CF_NINODES; i++)
		fprintf(x->out, "%s -f -c \"cowextsize %u\" ino%u >/dev/null\n",
			x->xfs_io, g->cowextsize * g->block_size, i);
	if (g->always_cow)
		fprintf(x->out,
			"# NOT REPRODUCED here: 'always_cow on' needs an XFS debug kernel with\n"
			"#   echo 1 > /sys/fs/xfs/debug/always_cow set before the mount\n"
			"[ \"$(cat /sys/fs/xfs/debug/always_cow 2>/dev/null)\" = 1 ] ||\n"
			"\techo \"warning: always_cow is not on; the scenario wants it\" >&2\n");
	if (g->init == CF_INIT_NONE)
		return;
	fprintf(x->out, "# init: %u written blocks in ino1, on disk, clean, not cached\n",
		g->init_blocks);
	fprintf(x->out, "%s -c \"pwrite -q -S 0x%02x -b %llu 0 %llu\" -c fsync -c \"fadvise -d 0 %llu\" ino1\n",
		x->xfs_io, cf_tag_byte(CF_TAG_INIT), n, n, n);
	if (g->init == CF_INIT_CLONE)
		fprintf(x->out, "# init clone: ino2 is a reflink copy of all of ino1\n"
			"%s -c \"reflink ino1\" ino2 >/dev/null\n", x->xfs_io);
}

void export_final_checks(struct export_ctx *x,
			 const uint16_t tag[][CF_MAX_FILE_BLOCKS],
			 const uint64_t *size_bytes)
{
	uint32_t bs = x->scn->geo.block_size;

	fprintf(x->out, "%s# the end: everything on disk, then every block checked\n",
		x->indent);
	for (unsigned i = 1; i <= CF_NINODES; i++) {
		if (x->batch)
			fprintf(x->out, "%sio %u fsync\n", x->indent, i - 1);
		else
			fprintf(x->out, "%s%s -c fsync ino%u\n", x->indent, x->xfs_io, i);
	}
	if (x->batch)
		fprintf(x->out, "%sflush\n", x->indent);
	for (unsigned i = 1; i <= CF_NINODES; i++) {
		uint32_t nblocks = (uint32_t)((size_bytes[i - 1] + bs - 1) / bs);

		fprintf(x->out, "%sexpect_size ino%u %llu\n", x->indent, i,
			(unsigned long long)size_bytes[i - 1]);
		if (size_bytes[i - 1] % bs) {
			fprintf(x->out, "%s# ino%u ends inside a block: its contents are checked "
				"by kernel-check, not here\n", x->indent, i);
			continue;
		}
		if (nblocks)
			emit_expect_runs(x, i, tag[i - 1], 0, nblocks);
	}
}

static void xfs_io_header(struct export_ctx *x)
{
	const struct cf_geometry *g = &x->scn->geo;

	fprintf(x->out,
		"#!/bin/sh\n"
		"# SPDX-License-Identifier: GPL-2.0\n"
		"# %s: exported by `cowfuzz export --format xfs_io`.\n"
		"#\n"
		"# Runs the scenario's lines one after the other with xfs_io on ino1, ino2\n"
		"# and ino3 in DIR, which must be on an XFS made with\n"
		"#   mkfs.xfs -m reflink=1 -b size=%u\n"
		"# (the scenario's geometry: %u-byte blocks, cowextsize %u blocks; its\n"
		"# dev=%u frag=%u shape only block placement and are not reproduced).\n"
		"# A write of line N fills its blocks with one byte; each `read` line\n"
		"# and, at the end, every block is checked against what a correct kernel\n"
		"# gives when the lines run in order.  Exit 0: all as expected; 1: a\n"
		"# MISMATCH line says where; 2: bad usage.  drop_caches needs root.\n"
		"set -u\n"
		"dir=${1:?usage: $0 DIR (a directory on a reflink XFS, block size %u)}\n"
		"cd \"$dir\" || exit 2\n"
		"command -v xfs_io >/dev/null || { echo 'xfs_io not found' >&2; exit 2; }\n\n",
		x->name, g->block_size, g->block_size, g->cowextsize, g->dev_blocks,
		g->frag, g->block_size);
}

static int export_xfs_io(struct export_ctx *x)
{
	struct kc_model m;
	char lines[256];

	xfs_io_header(x);
	export_shell_helpers(x);
	export_shell_init(x);
	kc_model_init(&m, x->scn);
	for (uint32_t i = 0; i < x->scn->nops; i++) {
		const struct cf_op *op = &x->scn->ops[i];

		fputc('\n', x->out);
		export_xfs_io_op(x, op, i, &m);
		if (kc_model_predict(&m, op) == 0)
			kc_model_apply(&m, op, i);
	}
	fputc('\n', x->out);
	export_final_checks(x, (const uint16_t (*)[CF_MAX_FILE_BLOCKS])m.tag,
			    m.size_bytes);
	if (export_unheld_windows(x->scn, 0, lines, sizeof(lines)))
		/* a clean sequential run says nothing about a race */
		fprintf(x->out, "\n[ $bad = 0 ] && echo \"%s: no difference from a sequential run; "
			"NOT A REPRODUCER: the race windows of lines %s were not held (the "
			"lines ran in order); cowfuzz reproduce tries them on a real "
			"kernel\"\nexit $bad\n", x->name, lines);
	else
		fprintf(x->out, "\n[ $bad = 0 ] && echo \"%s: as expected\"\nexit $bad\n",
			x->name);
	return 0;
}

int export_scenario(const struct cf_scenario *scn, const char *name,
		    enum export_format fmt, FILE *out, char *msg, size_t len)
{
	struct export_ctx x = { scn, name, out, "xfs_io", "", 1 };
	int rc;

	switch (fmt) {
	case EXPORT_XFS_IO:
		rc = export_xfs_io(&x);
		break;
	case EXPORT_FSX:
		rc = export_fsx(scn, name, out, msg, len);
		break;
	case EXPORT_FSTESTS:
		x.xfs_io = "$XFS_IO_PROG";
		x.batch = 0;
		rc = export_fstests(&x, msg, len);
		break;
	default:
		snprintf(msg, len, "unknown export format %d", (int)fmt);
		return -1;
	}
	if (!rc && (fflush(out) || ferror(out))) {
		snprintf(msg, len, "write error");
		return -1;
	}
	return rc;
}
