// SPDX-License-Identifier: GPL-2.0
/*
 * The fstests form: a test script in the shape of tests/xfs/NNN, with
 * _require_scratch_reflink and, where a pause sits in a window that XFS can
 * hold open with an error-injection delay (wb_delay_ms at the top of
 * xfs_map_blocks, write_delay_ms after a buffered write's iomap_begin), the
 * paused line run in the background with the delay set, so the lines after
 * it run while its window is open.  Its `resume` line waits for it.  Other
 * pauses, faults and worker lines are comments.
 *
 * The expected result at the end is the port's reference model for the
 * scenario as written (pauses included) on the fixed profile, when a window
 * is held open; else the sequential model, which is the same thing.  The
 * files are read back after _scratch_cycle_mount, from disk.  A scenario
 * with a window the test cannot hold is _notrun: passing would say nothing
 * (cowfuzz reproduce tries such windows by timing and repetition).
 */
#include <stdio.h>
#include <string.h>
#include "export.h"

#define FST_DELAY_MS	2000	/* long enough for the next lines to run */

struct fst {
	struct export_ctx	*x;
	int			held[CF_NTASKS];	/* a background job */
	const char		*knob[CF_NTASKS];
	int			any_held;
};

static int needs_knob(const struct cf_scenario *scn, const char *knob)
{
	for (uint32_t i = 0; i < scn->nops; i++) {
		const char *k = export_pause_knob(&scn->ops[i]);

		if (k && !strcmp(k, knob))
			return 1;
	}
	return 0;
}

static void fst_header(struct export_ctx *x)
{
	const struct cf_scenario *scn = x->scn;
	int wb = needs_knob(scn, "wb_delay_ms");
	int wr = needs_knob(scn, "write_delay_ms");
	char lines[256];

	fprintf(x->out,
		"#! /bin/bash\n"
		"# SPDX-License-Identifier: GPL-2.0\n"
		"#\n"
		"# FS QA Test No. XXX\n"
		"#\n"
		"# cowfuzz scenario %s, exported by `cowfuzz export --format fstests`:\n"
		"# CoW writeback on reflinked files, the lines run in order, with the\n"
		"# windows the scenario pauses in held open by XFS error-injection\n"
		"# delays where XFS has one.  The golden output (XXX.out) is:\n"
		"#   QA output created by XXX\n"
		"#   Silence is golden\n"
		"#\n"
		". ./common/preamble\n"
		"_begin_fstest auto quick clone\n\n"
		". ./common/filter\n"
		". ./common/reflink\n", x->name);
	if (wb || wr)
		fprintf(x->out, ". ./common/inject\n");
	fprintf(x->out, "\n_require_scratch_reflink\n"
		"_require_xfs_io_command \"fpunch\"\n"
		"_require_xfs_io_command \"sync_range\"\n");
	for (uint32_t i = 0; i < scn->nops; i++)
		if (scn->ops[i].kind == CF_OP_UNSHARE) {
			fprintf(x->out, "_require_xfs_io_command \"funshare\"\n");
			break;
		}
	if (wb)
		fprintf(x->out, "_require_xfs_io_error_tag \"wb_delay_ms\"\n");
	if (wr)
		fprintf(x->out, "_require_xfs_io_error_tag \"write_delay_ms\"\n");
	if (scn->geo.always_cow)
		fprintf(x->out, "_require_xfs_debug\n"
			"test -w /sys/fs/xfs/debug/always_cow || _notrun \"no always_cow knob\"\n");
	if (export_unheld_windows(scn, 1, lines, sizeof(lines)))
		fprintf(x->out, "_notrun \"the race windows of lines %s cannot be held open "
			"here; a pass would prove nothing (try: cowfuzz reproduce)\"\n", lines);
	fprintf(x->out, "\n_scratch_mkfs_blocksized %u >> $seqres.full 2>&1\n",
		scn->geo.block_size);
	if (scn->geo.always_cow)
		fprintf(x->out, "echo 1 > /sys/fs/xfs/debug/always_cow\n"
			"_cleanup() { echo 0 > /sys/fs/xfs/debug/always_cow; cd /; }\n");
	fprintf(x->out, "_scratch_mount\n"
		"cd $SCRATCH_MNT || _fail \"no scratch mount\"\n\n");
}

/* A paused line whose window a knob holds open: run it in the background. */
static int fst_hold(struct fst *s, const struct cf_op *op, uint32_t idx)
{
	struct export_ctx *x = s->x;
	const char *knob = export_pause_knob(op);
	char cmd[512];

	if (!knob || !export_xfs_io_cmd(x, op, idx, cmd, sizeof(cmd)))
		return 0;
	fprintf(x->out, "# the pause at %s: hold the window open with %s\n"
		"_scratch_inject_error %s %d\n"
		"%s &\n"
		"held_%s=$!\n"
		"sleep 0.2\t# let it reach the delay\n",
		cf_yield_name(op->pause_point - 1), knob, knob, FST_DELAY_MS, cmd,
		cf_task_name(op->task));
	s->held[op->task] = 1;
	s->knob[op->task] = knob;
	s->any_held = 1;
	return 1;
}

static void fst_release(struct fst *s, int task)
{
	if (!s->held[task])
		return;
	fprintf(s->x->out, "wait $held_%s\n_scratch_inject_error %s 0\n",
		cf_task_name(task), s->knob[task]);
	s->held[task] = 0;
}

static void fst_op(struct fst *s, const struct cf_op *op, uint32_t idx,
		   const struct kc_model *m)
{
	struct export_ctx *x = s->x;
	char cmd[512];

	/* A task's next line first finishes what it holds, as in the port. */
	if (op->kind == CF_OP_RESUME) {
		export_origin(x, op);
		if (s->held[op->task])
			fst_release(s, op->task);
		else
			export_limits(x, op, 0);
		return;
	}
	fst_release(s, op->task);
	if (export_pause_knob(op) && op->kind != CF_OP_READ &&
	    export_xfs_io_cmd(x, op, idx, cmd, sizeof(cmd))) {
		struct cf_op rest = *op;

		/* the pause is reproduced; say what else is not */
		rest.pause_point = 0;
		export_origin(x, op);
		export_limits(x, &rest, 0);
		fst_hold(s, op, idx);
		return;
	}
	export_xfs_io_op(x, op, idx, m);
}

static int fst_expected(struct export_ctx *x, const struct kc_model *seq)
{
	static struct cf_result res;
	static uint16_t tag[CF_NINODES][CF_MAX_FILE_BLOCKS];
	uint64_t size[CF_NINODES];
	struct cf_run_opts opts = { .want_final = 1 };
	const struct cf_profile_info *prof = cf_profile_find(cf_profile_default());

	if (!prof || cf_run(x->scn, prof, &opts, &res) != CF_OK) {
		fprintf(x->out, "# no end check: the port's fixed profile does not run this\n"
			"# scenario cleanly, so there is no reference result to check against\n");
		return -1;
	}
	for (unsigned i = 0; i < CF_NINODES; i++) {
		size[i] = res.files[i].size_bytes;
		memcpy(tag[i], res.files[i].expect, sizeof(tag[i]));
	}
	(void)seq;
	fprintf(x->out, "# expected: the port's reference model for this interleaving\n");
	export_final_checks(x, (const uint16_t (*)[CF_MAX_FILE_BLOCKS])tag, size);
	return 0;
}

int export_fstests(struct export_ctx *x, char *msg, size_t len)
{
	struct fst s;
	struct kc_model m;

	memset(&s, 0, sizeof(s));
	s.x = x;
	fst_header(x);
	export_shell_helpers(x);
	export_shell_init(x);
	kc_model_init(&m, x->scn);
	for (uint32_t i = 0; i < x->scn->nops; i++) {
		const struct cf_op *op = &x->scn->ops[i];

		fputc('\n', x->out);
		fst_op(&s, op, i, &m);
		if (kc_model_predict(&m, op) == 0)
			kc_model_apply(&m, op, i);
	}
	fprintf(x->out, "\n# the drain: every held line finishes\n");
	for (int t = 0; t < CF_NTASKS; t++)
		fst_release(&s, t);
	fprintf(x->out, "\n# read back from disk\n"
		"cd /\n_scratch_cycle_mount\ncd $SCRATCH_MNT || _fail \"no scratch mount\"\n\n");
	if (!s.any_held)
		export_final_checks(x, (const uint16_t (*)[CF_MAX_FILE_BLOCKS])m.tag,
				    m.size_bytes);
	else
		fst_expected(x, &m);
	fprintf(x->out, "\n[ $bad = 0 ] || _fail \"content differs, see above\"\n"
		"echo \"Silence is golden\"\n"
		"status=0\n"
		"exit\n");
	(void)msg;
	(void)len;
	return 0;
}
